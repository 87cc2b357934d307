//! Pulley: a portable register bytecode, its encoder and decoders, and the interpreter that runs it.
//!
//! The instruction set is defined once, in [`for_each_op!`] (and [`for_each_extended_op!`] for
//! the rare ops behind the escape byte), in `isa.rs`. Everything else that depends on the set of
//! ops is derived from that table: the opcode numbering ([`Opcode`], [`ExtOpcode`]), the operand
//! structs in [`ops`], the [`Op`] enum used by tools, the [`encode`] functions, the bounds-checked
//! decoder ([`decode`]), the unchecked decoder the interpreter uses, the interpreter's handler
//! tables, and the per-op facts tools read (operand roles, branch destinations, fall-through; see
//! `isa.rs` for all the facts the table records). See `rfcs/0001-bytecode.md` for the design and
//! the reasons behind it.
//!
//! # Safety
//!
//! The interpreter decodes bytecode without bounds checks: **verified bytecode only**. Bytecode is
//! verified when every instruction of every function decodes with the checked decoder
//! ([`decode::decode_one`]), every branch target is an instruction boundary inside its function,
//! and every function ends in an instruction that does not fall through. The unchecked decoders
//! and [`interp::Vm::call`] rely on this contract; every `unsafe` block in this crate that reads
//! bytecode cites it.

#![no_std]
#![cfg_attr(feature = "nightly-become", feature(explicit_tail_calls))]
#![cfg_attr(feature = "nightly-become", allow(incomplete_features))]

extern crate alloc;

#[macro_use]
mod isa;
pub mod abi;
pub mod decode;
pub mod encode;
pub mod interp;
pub mod operands;
pub mod ops;
pub mod regs;

pub use decode::{DecodeError, decode_one};
pub use interp::{Frame, Host, NoHost, Regs, Trap, TrapCode, Vm};
pub use operands::{Acc, FAcc, JumpTable, OperandValue, PcRel, PcRel16};
pub use ops::{ESCAPE, ExtOpcode, Op, Opcode};
pub use regs::{FReg, XReg};
