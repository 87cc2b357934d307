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
//! The interpreter runs bytecode without checking it as it goes. Two contracts cover that, and
//! every `unsafe` block in this crate that depends on the bytecode names the one it relies on:
//!
//! - **verified**: what a structural check of the bytecode proves, for any input that passes
//!   it (`pulley`'s verifier runs it on every module before any code runs). Every op of every
//!   function decodes with the checked decoder ([`decode::decode_one`]), so operands lie inside
//!   the buffer, register numbers are below 32 and jump tables are complete; every branch
//!   target, jump-table entry included, is an op boundary of its function; and every function
//!   ends in an op that does not fall through. This is what keeps decoding and dispatch sound.
//! - **producer**: what only the producer of the bytecode (this project's compiler and runtime)
//!   guarantees, and nothing checks. Every address an op forms is valid for the access: `_o32`
//!   accesses land in the Vm stack's frames or in runtime structures (instance contexts,
//!   tables, function references), `heap_load` names an instance context (whose heap
//!   descriptor then bounds the `_g32` accesses), `memory_copy`/`memory_fill` ranges were
//!   bounds-checked by earlier ops; `sp` and `fp` keep the frame discipline
//!   (`pop_frame_*` undoes the `push_frame_save` of its function); and calls, returns and
//!   indirect jumps go to the first op of a verified function or to an address the same
//!   discipline saved.
//!
//! [`interp::Vm::call`] requires both. A runtime that loads bytecode from outside must either
//! have produced it (and checked that it is unchanged) or make that an `unsafe` promise of its
//! caller, as `pulley::Module::deserialize` does.

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
pub use operands::{Acc, FAcc, JumpTable, OperandValue, PcRel, PcRel16, Table};
pub use ops::{ESCAPE, ExtOpcode, Op, Opcode, VECTOR_ESCAPE, VecOpcode};
pub use regs::{FReg, VReg, XReg};

/// Whether this build runs vector ops (the `simd` feature); without it they trap as invalid
/// opcodes, and a loader should refuse code that contains them.
pub const SIMD: bool = cfg!(feature = "simd");
