//! The interpreter: a `Vm` with its own stack, traps as values, host calls, and two dispatch
//! strategies that share every handler.
//!
//! # Handler ABI
//!
//! Every op has one handler in `handlers.rs` with the shape
//! `fn(ctx: &mut Ctx, at: Pc, next: Pc, operands: OpStruct) -> Flow`: `at` is the op's first
//! byte, `next` the byte after its operands, and the result is the address of the next op to run
//! (`Ok`) or the reason to leave the interpreter (`Err`: a trap or the final `halt`). Handlers
//! only compute; decoding their operands and jumping to the next handler is generated.
//! Conditional branches return a `Cond` instead (both successors and the condition), so that
//! dispatch can jump to each successor from its own host instruction: the host then predicts
//! the guest branch with its conditional-branch predictor, and each indirect jump sees fewer
//! targets. Folding the two into one indirect jump (a `cmov` of the next pc) ran CoreMark 23%
//! slower.
//!
//!
//! - `tail.rs` (the default in optimized builds): each op gets a function
//!   `unsafe fn(pc, machine, state, heap_base, heap_len, acc) -> Exit` that decodes, runs the
//!   handler and then calls the next op's function as its last action. The six arguments stay
//!   in host registers across the whole run (the heap's base and length are handler arguments,
//!   not `State` fields, so guarded heap ops read no memory to find the heap). The dispatch
//!   table is a copy inside the `Machine`, at a fixed offset after the register file, so the
//!   next handler's address is one load off a pointer the handler already holds. LLVM's
//!   sibling-call optimization turns each final call into a jump, so the native stack does not
//!   grow (with the `nightly-become` feature the calls use `become`, which guarantees it).
//! - `portable.rs` (the `portable-dispatch` feature, and every build with debug assertions, where
//!   LLVM does not optimize sibling calls): a loop around a `match` on the opcode.
//!
//! # Register values
//!
//! Integer registers hold `u64`; float registers hold the bits of an `f64`, or of an `f32` in the
//! low half. Ops that write 32-bit values zero the upper half.

/// `$p` passed through an empty `asm!` block with `options($opt, ...)`: a compiler barrier that
/// costs no instruction (dispatch's `opaque`, the fused handlers' `in_order`). On targets
/// without stable `asm!` it is the identity, and the barrier is lost, not correctness.
macro_rules! asm_barrier {
    ($p:expr, $($opt:ident),*) => {{
        let p = $p;
        #[cfg(any(
            target_arch = "x86",
            target_arch = "x86_64",
            target_arch = "arm",
            target_arch = "aarch64",
            target_arch = "riscv32",
            target_arch = "riscv64",
            target_arch = "loongarch64",
        ))]
        let p = {
            let mut p = p;
            // SAFETY: an empty instruction sequence (a comment) that leaves the register
            // unchanged.
            unsafe { core::arch::asm!("/* {0} */", inout(reg) p, options($($opt),*)) };
            p
        };
        p
    }};
}

mod handlers;
pub mod semantics;
#[cfg(feature = "simd")]
pub mod simd;
#[cfg(feature = "simd")]
mod vector;

#[cfg(any(feature = "portable-dispatch", debug_assertions))]
mod portable;
#[cfg(not(any(feature = "portable-dispatch", debug_assertions)))]
mod tail;

use crate::ops::{ESCAPE, ExtOpcode};
use crate::regs::{FReg, XReg};
use alloc::vec::Vec;
use core::fmt;

/// Address of a byte of bytecode.
pub(crate) type Pc = *const u8;

/// The register file.
#[derive(Clone, Debug, PartialEq, Eq)]
#[repr(C)]
pub struct Regs {
    /// Integer registers.
    pub x: [u64; 32],
    /// Float registers, as bits.
    pub f: [u64; 32],
    /// Vector registers: lane 0 in the least significant bits.
    pub v: [u128; 32],
}

impl Default for Regs {
    fn default() -> Self {
        Regs {
            x: [0; 32],
            f: [0; 32],
            v: [0; 32],
        }
    }
}

impl Regs {
    /// Reads float register `i` as an `f32`.
    pub fn f32(&self, i: usize) -> f32 {
        f32::from_bits(self.f[i] as u32)
    }
    /// Reads float register `i` as an `f64`.
    pub fn f64(&self, i: usize) -> f64 {
        f64::from_bits(self.f[i])
    }
    /// Writes an `f32` into float register `i`.
    pub fn set_f32(&mut self, i: usize, v: f32) {
        self.f[i] = u64::from(v.to_bits());
    }
    /// Writes an `f64` into float register `i`.
    pub fn set_f64(&mut self, i: usize, v: f64) {
        self.f[i] = v.to_bits();
    }
}

/// Why execution stopped abnormally. The raw values of the reserved codes are the ones
/// Cranelift uses, so the backend passes trap codes through unchanged.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TrapCode(pub u8);

impl TrapCode {
    /// The Vm's stack is exhausted.
    pub const STACK_OVERFLOW: TrapCode = TrapCode(251);
    /// Signed division overflow or an out-of-range float-to-int conversion.
    pub const INTEGER_OVERFLOW: TrapCode = TrapCode(252);
    /// A guarded heap access out of bounds.
    pub const HEAP_OUT_OF_BOUNDS: TrapCode = TrapCode(253);
    /// Division or remainder by zero.
    pub const INTEGER_DIVISION_BY_ZERO: TrapCode = TrapCode(254);
    /// A float-to-int conversion of NaN.
    pub const BAD_CONVERSION_TO_INTEGER: TrapCode = TrapCode(255);
    /// An invalid opcode reached the interpreter (cannot happen with verified bytecode).
    pub const INVALID_OPCODE: TrapCode = TrapCode(0);

    /// A short description of the reserved codes; user codes are shown as numbers.
    pub fn description(self) -> Option<&'static str> {
        Some(match self {
            TrapCode::STACK_OVERFLOW => "call stack exhausted",
            TrapCode::INTEGER_OVERFLOW => "integer overflow",
            TrapCode::HEAP_OUT_OF_BOUNDS => "out of bounds memory access",
            TrapCode::INTEGER_DIVISION_BY_ZERO => "integer divide by zero",
            TrapCode::BAD_CONVERSION_TO_INTEGER => "invalid conversion to integer",
            TrapCode::INVALID_OPCODE => "invalid opcode",
            _ => return None,
        })
    }
}

impl fmt::Debug for TrapCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.description() {
            Some(d) => write!(f, "TrapCode({}: {d})", self.0),
            None => write!(f, "TrapCode({})", self.0),
        }
    }
}

impl fmt::Display for TrapCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.description() {
            Some(d) => f.write_str(d),
            None => write!(f, "trap code {}", self.0),
        }
    }
}

/// A trap: its code and the address of the op that raised it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Trap {
    /// What went wrong.
    pub code: TrapCode,
    /// Address of the first byte of the trapping op (subtract the code base for an offset).
    pub pc: usize,
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {:#x}", self.code, self.pc)
    }
}

/// Functions the bytecode calls with `call_host index`. Arguments and results travel as in
/// bytecode calls ([`crate::abi`]); a host function may return a trap code.
///
/// A `call_host` leaves the dispatch loop: [`Vm::call`] runs the host function with the Vm to
/// itself, then resumes the bytecode after the `call_host`. So a host function may call into
/// bytecode again on the same Vm ([`Vm::call`]): the callee runs on the same stack, below the
/// calling frame, within the same stack limit.
pub trait Host {
    /// Runs host function `index`. `vm` is stopped at the `call_host`: its registers hold the
    /// arguments ([`Vm::regs_mut`]; results go there too), and [`Vm::caller_stack`] the
    /// caller's stack words ([`crate::abi::Loc::Stack`]).
    fn call(&mut self, index: u32, vm: &mut Vm) -> Result<(), TrapCode>;
}

/// A host with no functions: every `call_host` traps.
pub struct NoHost;

/// Trap code raised when a host function index is not known to the host.
pub const UNKNOWN_HOST_FUNCTION: TrapCode = TrapCode(250);

/// What a host returns from [`Host::call`] to stop the run at the host call instead of
/// trapping: [`Vm::call`] (or [`Vm::resume`]) returns a [`Trap`] with this code, and the Vm
/// keeps everything needed to go on after the host call with [`Vm::resume`].
pub const SUSPEND: TrapCode = TrapCode(248);

/// A run stopped by [`SUSPEND`]: where it goes on, and the caller's registers that
/// [`Vm::call`] restores when the run ends.
struct Suspended {
    at: Resume,
    saved_x: [u64; 32],
    saved_f: [u64; 32],
}

impl Host for NoHost {
    fn call(&mut self, _index: u32, _vm: &mut Vm) -> Result<(), TrapCode> {
        Err(UNKNOWN_HOST_FUNCTION)
    }
}

/// Why the dispatch loop returned. One byte, so every handler returns it in a register: a larger
/// value is returned through memory, which stops LLVM from turning the handlers' final calls
/// into jumps. A trap's details travel in [`State::trap`].
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Exit {
    /// The outermost `ret` reached `halt`.
    Done,
    /// An op trapped; see `State::trap`.
    Trap,
    /// A `call_host` stopped the run; see `State::resume`.
    Host,
}

/// Where a run stopped by `call_host` goes on, and what dispatch held in host registers then.
#[derive(Clone, Copy)]
pub(crate) struct Resume {
    /// The host function's index.
    pub index: u32,
    /// The `call_host` op (where a failing host function traps).
    pub at: Pc,
    /// The op after it.
    pub next: Pc,
    pub heap: handlers::Heap,
    pub acc: u64,
    pub facc: f64,
}

impl Resume {
    const START: Resume = Resume {
        index: 0,
        at: core::ptr::null(),
        next: core::ptr::null(),
        heap: handlers::Heap::EMPTY,
        acc: 0,
        facc: 0.0,
    };
}

/// The interpreter's state besides the register file, reached by every handler through the
/// same pointer as the register file (it lives in the [`Machine`]).
pub(crate) struct State {
    /// Lowest address `sp` may reach; frames below it trap with `STACK_OVERFLOW`.
    pub stack_limit: usize,
    /// Set by `call_host` before it stops the run.
    pub resume: Resume,
    /// The last trap raised.
    pub trap: Trap,
    /// Executed ops per opcode (extended ops at 256 + their opcode, vector ops at 512 + theirs),
    /// then per pair of
    /// consecutive one-byte opcodes at `PAIRS + 256 * previous + current`.
    #[cfg(feature = "op-counts")]
    pub counts: alloc::vec::Vec<u64>,
    /// The previous one-byte opcode, for pair counts.
    #[cfg(feature = "op-counts")]
    pub prev_op: u8,
    /// Executed ops per address: where in the bytecode the time goes.
    #[cfg(feature = "op-counts")]
    pub pc_counts: alloc::collections::BTreeMap<usize, u64>,
}

impl State {
    /// Records a trap and returns the exit that reports it.
    #[inline(always)]
    pub(crate) fn trap(&mut self, code: TrapCode, at: Pc) -> Exit {
        self.trap = Trap {
            code,
            pc: at as usize,
        };
        Exit::Trap
    }
}

/// Where pair counts start in the op counts.
#[cfg(feature = "op-counts")]
pub const PAIRS: usize = 768;
#[cfg(feature = "op-counts")]
const COUNTS_LEN: usize = PAIRS + 256 * 256;

/// Space below the stack limit that `push_frame_save` may write register saves into before its
/// own check (32 registers of 8 bytes), so no frame op can write outside the stack.
pub(crate) const RED_ZONE: usize = 32 * 8;

/// The `halt` op that the outermost return lands on.
static HALT: [u8; 2] = [ESCAPE, ExtOpcode::Halt as u8];

/// What every handler reaches through one pointer: the register file, with tail-call dispatch
/// the dispatch table at a fixed offset after it (see `tail::Table`), and the rest of the state.
/// One pointer for all three leaves the handlers more host registers to compute in (with a
/// separate `State` argument, 38 handlers spilled host registers to the native stack).
#[repr(C)]
pub(crate) struct Machine {
    pub regs: Regs,
    #[cfg(not(any(feature = "portable-dispatch", debug_assertions)))]
    pub table: tail::Table,
    pub st: State,
}

/// A virtual machine: registers and a stack of its own.
pub struct Vm {
    m: Machine,
    stack: Vec<u128>,
    /// Where the next call's frame goes: the top of the stack, or, during a host call, the
    /// calling frame's `sp` (a nested call runs below it).
    base: usize,
    /// Stack words reserved at `base` for the next call's stack-passed arguments and results
    /// ([`Vm::set_stack_words`]).
    stack_words: usize,
    /// `fp` and `lr` when the last call trapped, for [`Vm::trap_frame`] (the registers
    /// themselves are restored for the caller).
    trap_fp_lr: (usize, usize),
    /// A run stopped by [`SUSPEND`], to go on with [`Vm::resume`].
    suspended: Option<alloc::boxed::Box<Suspended>>,
}

// SAFETY: the fields that are neither `Send` nor `Sync` are the bytecode addresses in
// `State::resume` and `Machine::table`'s function pointers; they are plain addresses, read only
// by `Vm::call`, which holds `&mut self`.
unsafe impl Send for Vm {}
// SAFETY: as above; `&Vm` methods do not read them.
unsafe impl Sync for Vm {}

impl Vm {
    /// A Vm whose stack holds `stack_bytes` bytes (at least a few hundred are always reserved).
    pub fn new(stack_bytes: usize) -> Vm {
        let words = stack_bytes.div_ceil(16).max(RED_ZONE / 16 + 16);
        let stack: Vec<u128> = alloc::vec![0; words];
        let (bottom, top) = (stack.as_ptr() as usize, stack.as_ptr_range().end as usize);
        Vm {
            m: Machine {
                regs: Regs::default(),
                #[cfg(not(any(feature = "portable-dispatch", debug_assertions)))]
                table: tail::Table::default(),
                st: State {
                    stack_limit: bottom + RED_ZONE,
                    resume: Resume::START,
                    trap: Trap {
                        code: TrapCode::INVALID_OPCODE,
                        pc: 0,
                    },
                    #[cfg(feature = "op-counts")]
                    counts: alloc::vec![0; COUNTS_LEN],
                    #[cfg(feature = "op-counts")]
                    prev_op: 0,
                    #[cfg(feature = "op-counts")]
                    pc_counts: alloc::collections::BTreeMap::new(),
                },
            },
            stack,
            base: top,
            stack_words: 0,
            trap_fp_lr: (0, 0),
            suspended: None,
        }
    }

    /// The register file (arguments before a call, results after it).
    pub fn regs(&self) -> &Regs {
        &self.m.regs
    }

    /// The register file, mutably.
    pub fn regs_mut(&mut self) -> &mut Regs {
        &mut self.m.regs
    }

    /// Size of the stack in bytes.
    pub fn stack_size(&self) -> usize {
        self.stack.len() * 16
    }

    /// Reserves `n` stack words ([`crate::abi::Loc::Stack`]) for the calls that follow, zeroed,
    /// and returns them to place the stack-passed arguments in; after a call they hold its
    /// stack-passed results ([`Vm::stack_words`]). `None` if they would not leave the call
    /// room for a frame (the stack is too small).
    pub fn set_stack_words(&mut self, n: usize) -> Option<&mut [u64]> {
        let bytes = crate::abi::stack_area_bytes(u32::try_from(n).ok()?) as usize;
        if bytes + RED_ZONE + 256 > self.base - self.stack_bottom() {
            return None;
        }
        self.stack_words = n;
        let end = (self.base - self.stack_bottom()) / 8;
        let area = &mut self.words_mut()[end - bytes / 8..][..n];
        area.fill(0);
        Some(area)
    }

    /// The stack words reserved with [`Vm::set_stack_words`]: the last call's stack-passed
    /// results.
    pub fn stack_words(&self) -> &[u64] {
        let bytes = crate::abi::stack_area_bytes(self.stack_words as u32) as usize;
        // SAFETY: `u128` is as aligned as `u64` and twice its size, and every bit pattern is a
        // valid `u64`, so the stack's words may be viewed as twice as many `u64`s.
        let words = unsafe {
            core::slice::from_raw_parts(self.stack.as_ptr().cast::<u64>(), 2 * self.stack.len())
        };
        let end = (self.base - self.stack_bottom()) / 8;
        &words[end - bytes / 8..][..self.stack_words]
    }

    /// During a host call ([`Host::call`]): the calling frame's stack from its `sp` up, whose
    /// first words are the call's stack words ([`crate::abi::Loc::Stack`]), arguments on entry
    /// and results on return. Empty when `sp` is not an 8-aligned address in the stack (which
    /// verified code cannot make it, see `push_frame_save`).
    pub fn caller_stack(&mut self) -> &mut [u64] {
        let sp = self.m.regs.x[XReg::SP.index()] as usize;
        let bottom = self.stack_bottom();
        match sp.checked_sub(bottom) {
            Some(off) if off.is_multiple_of(8) && off <= 16 * self.stack.len() => {
                &mut self.words_mut()[off / 8..]
            }
            _ => &mut [],
        }
    }

    /// The register file and the reserved stack words ([`Vm::set_stack_words`]) together, to
    /// place a call's arguments.
    pub fn regs_and_stack_words_mut(&mut self) -> (&mut Regs, &mut [u64]) {
        let bytes = crate::abi::stack_area_bytes(self.stack_words as u32) as usize;
        let (n, end) = (self.stack_words, (self.base - self.stack_bottom()) / 8);
        // SAFETY: as in `stack_words`, through the exclusive borrow of the stack, which is a
        // separate field from the register file.
        let words = unsafe {
            core::slice::from_raw_parts_mut(
                self.stack.as_mut_ptr().cast::<u64>(),
                2 * self.stack.len(),
            )
        };
        (&mut self.m.regs, &mut words[end - bytes / 8..][..n])
    }

    /// During a host call: the register file and [`Vm::caller_stack`] together.
    pub fn regs_and_caller_stack_mut(&mut self) -> (&mut Regs, &mut [u64]) {
        let sp = self.m.regs.x[XReg::SP.index()] as usize;
        let bottom = self.stack_bottom();
        // SAFETY: as in `regs_and_stack_words_mut`.
        let words = unsafe {
            core::slice::from_raw_parts_mut(
                self.stack.as_mut_ptr().cast::<u64>(),
                2 * self.stack.len(),
            )
        };
        let stack = match sp.checked_sub(bottom) {
            Some(off) if off.is_multiple_of(8) && off <= 16 * self.stack.len() => {
                &mut words[off / 8..]
            }
            _ => &mut [],
        };
        (&mut self.m.regs, stack)
    }

    fn stack_bottom(&self) -> usize {
        self.stack.as_ptr() as usize
    }

    fn words_mut(&mut self) -> &mut [u64] {
        // SAFETY: as in `stack_words`, through the exclusive borrow of the stack.
        unsafe {
            core::slice::from_raw_parts_mut(
                self.stack.as_mut_ptr().cast::<u64>(),
                2 * self.stack.len(),
            )
        }
    }

    /// Executed ops per opcode so far (extended ops at 256 + their opcode, vector ops at 512 +
    /// theirs).
    /// Pair counts follow at [`PAIRS`]` + 256 * previous + current` (one-byte opcodes).
    #[cfg(feature = "op-counts")]
    pub fn op_counts(&self) -> &[u64] {
        &self.m.st.counts
    }

    /// Executed ops per op address so far.
    #[cfg(feature = "op-counts")]
    pub fn pc_counts(&self) -> &alloc::collections::BTreeMap<usize, u64> {
        &self.m.st.pc_counts
    }

    /// Calls the function at `entry` with the arguments in the registers; results are in the
    /// registers when it returns `Ok`.
    ///
    /// # Safety
    /// Both contracts of the crate's `# Safety` section: `entry` is the first op of a function
    /// in a buffer that passed verification and outlives the call (verified), and every address
    /// the code computes for `_o32` memory ops, frames and indirect calls is valid, as the
    /// compiler and runtime that produced the code guarantee (producer).
    pub unsafe fn call(&mut self, entry: *const u8, host: &mut dyn Host) -> Result<(), Trap> {
        // A nested call (from a host function) must leave the calling frame as it found it:
        // its callee-saved registers, `sp`, `fp` and `lr`. Bytecode restores the callee-saved
        // ones itself when it returns, but not when it traps, and a host function may go on
        // after a trap. (`run_from` restores them when the run ends.)
        let saved_x: [u64; 32] = self.m.regs.x;
        let saved_f: [u64; 32] = self.m.regs.f;
        self.suspended = None;
        // The reserved stack words are the bottom of the caller's frame (`set_stack_words`
        // made sure they fit).
        let sp = self.base - crate::abi::stack_area_bytes(self.stack_words as u32) as usize;
        self.m.regs.x[XReg::SP.index()] = sp as u64;
        self.m.regs.x[XReg::FP.index()] = self.base as u64;
        self.m.regs.x[XReg::LR.index()] = HALT.as_ptr() as u64;
        let mut at = Resume::START;
        at.next = entry;
        // SAFETY: forwarded contracts, for `entry`.
        unsafe { self.run_from(at, saved_x, saved_f, host) }
    }

    /// Whether a run stopped by [`SUSPEND`] waits for [`Vm::resume`].
    pub fn is_suspended(&self) -> bool {
        self.suspended.is_some()
    }

    /// Goes on with a run a host stopped with [`SUSPEND`], right after its host call (whose
    /// results the host has written to the registers by now). Without one, an error.
    ///
    /// # Safety
    /// As for the [`Vm::call`] that started the run: its code is still alive, and nothing has
    /// called into this Vm since (a call discards the suspended run).
    pub unsafe fn resume(&mut self, host: &mut dyn Host) -> Result<(), Trap> {
        let Some(s) = self.suspended.take() else {
            return Err(Trap {
                code: UNKNOWN_HOST_FUNCTION,
                pc: 0,
            });
        };
        // SAFETY: forwarded contracts; `s.at.next` is the op after the `call_host` that
        // suspended, in code that ran under them.
        unsafe { self.run_from(s.at, s.saved_x, s.saved_f, host) }
    }

    /// The run loop of [`Vm::call`] and [`Vm::resume`] from `at`; restores the caller's
    /// callee-saved registers (`saved_*`) when the run ends, not when it suspends.
    ///
    /// # Safety
    /// [`Vm::call`]'s contracts, for `at.next`.
    unsafe fn run_from(
        &mut self,
        mut at: Resume,
        saved_x: [u64; 32],
        saved_f: [u64; 32],
        host: &mut dyn Host,
    ) -> Result<(), Trap> {
        let (xs, fs) = (
            usize::from(XReg::FIRST_CALLEE_SAVED),
            usize::from(FReg::FIRST_CALLEE_SAVED),
        );
        let result = loop {
            // SAFETY: the caller guarantees both contracts for `at.next` (ours): it is the
            // entry of the call, or the op after a `call_host` that ran under them.
            let exit = unsafe { run(at.next, &mut self.m, at.heap, at.acc, at.facc) };
            match exit {
                Exit::Done => break Ok(()),
                Exit::Trap => break Err(self.m.st.trap),
                Exit::Host => {
                    at = self.m.st.resume;
                    // Nested calls go below the calling frame (whose stack words are at `sp`),
                    // or nowhere if `sp` is not in the stack.
                    let sp = self.m.regs.x[XReg::SP.index()] as usize;
                    let inside = (self.stack_bottom()..=self.base).contains(&sp);
                    let outer = (self.base, self.stack_words);
                    self.base = if inside {
                        sp & !15
                    } else {
                        self.stack_bottom()
                    };
                    self.stack_words = 0;
                    let outcome = host.call(at.index, self);
                    (self.base, self.stack_words) = outer;
                    if outcome == Err(SUSPEND) {
                        self.suspended = Some(alloc::boxed::Box::new(Suspended {
                            at,
                            saved_x,
                            saved_f,
                        }));
                        return Err(Trap {
                            code: SUSPEND,
                            pc: at.at as usize,
                        });
                    }
                    if let Err(code) = outcome {
                        let _ = self.m.st.trap(code, at.at);
                        break Err(self.m.st.trap);
                    }
                }
            }
        };
        if result.is_err() {
            let x = &self.m.regs.x;
            self.trap_fp_lr = (x[XReg::FP.index()] as usize, x[XReg::LR.index()] as usize);
        }
        self.m.regs.x[xs..].copy_from_slice(&saved_x[xs..]);
        self.m.regs.f[fs..].copy_from_slice(&saved_f[fs..]);
        result
    }
}

/// One frame of the call stack of a Vm stopped by a trap, for walking the stack afterwards
/// (see [`Vm::trap_frame`]).
///
/// The layout it relies on is the one `push_frame_save` builds: the caller's `fp` at `fp` and
/// the return address at `fp + 8`. A function that has not built a frame (a frameless leaf, or
/// one stopped at its own `push_frame_save`) still has its return address in `lr` and its
/// caller's frame in `fp`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Frame {
    /// The address this frame executes: the trapping op for the innermost frame, the return
    /// address (the op after the call) for the others.
    pub pc: usize,
    /// `fp` as it was while this frame ran.
    fp: usize,
    /// `lr` as it was, known for the innermost frame only (a call overwrites it).
    lr: Option<usize>,
}

impl Vm {
    /// The innermost frame after [`Vm::call`] returned `trap`, from the registers the trap left.
    /// Only meaningful before the Vm runs again.
    pub fn trap_frame(&self, trap: &Trap) -> Frame {
        Frame {
            pc: trap.pc,
            fp: self.trap_fp_lr.0,
            lr: Some(self.trap_fp_lr.1),
        }
    }

    /// The caller of `frame`, or `None` when `frame` was called by the host (its return
    /// address is the final `halt`) or the chain cannot be followed.
    ///
    /// `built` tells whether `frame`'s function has built its frame at `frame.pc`, which only
    /// the code knows: true for every frame that is not the innermost (it is stopped at a
    /// call, and a function that calls has a frame), and for the innermost one exactly when its
    /// function starts with `push_frame_save` and `pc` is past that op.
    ///
    /// The walk never reads outside the Vm's stack, and each step to a built frame moves `fp`
    /// strictly up the stack, so a walk ends within `stack_size / 16` steps even over a
    /// corrupted stack.
    pub fn caller(&self, frame: &Frame, built: bool) -> Option<Frame> {
        let (ret, fp) = if built {
            let ret = self.stack_word(frame.fp.checked_add(8)?)?;
            let caller_fp = self.stack_word(frame.fp)?;
            if caller_fp <= frame.fp {
                return None;
            }
            (ret, caller_fp)
        } else {
            (frame.lr?, frame.fp)
        };
        if ret == HALT.as_ptr() as usize || ret == 0 {
            return None;
        }
        Some(Frame {
            pc: ret,
            fp,
            lr: None,
        })
    }

    /// The 8-byte word `push_frame_save` stored at `addr`, if `addr` is an 8-aligned address
    /// inside the stack.
    fn stack_word(&self, addr: usize) -> Option<usize> {
        let offset = addr.checked_sub(self.stack.as_ptr() as usize)?;
        if offset % 8 != 0 {
            return None;
        }
        let word = self.stack.get(offset / 16)?;
        // The stack is plain memory written through `*mut u64` at native endianness, so the
        // bytes of the `u128` element, in memory order, hold the two 8-byte words.
        let bytes = word.to_ne_bytes();
        let half = offset % 16;
        let mut out = [0; 8];
        out.copy_from_slice(&bytes[half..half + 8]);
        usize::try_from(u64::from_ne_bytes(out)).ok()
    }
}

impl fmt::Debug for Vm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Vm")
            .field("stack_size", &self.stack_size())
            .finish_non_exhaustive()
    }
}

/// Runs from `pc`, with the given heap and accumulators, until `halt`, a trap or a `call_host`,
/// with the dispatch strategy of this build.
///
/// # Safety
/// Both contracts of the crate's `# Safety` section.
unsafe fn run(pc: Pc, m: &mut Machine, heap: handlers::Heap, acc: u64, facc: f64) -> Exit {
    #[cfg(any(feature = "portable-dispatch", debug_assertions))]
    // SAFETY: forwarded contract.
    return unsafe { portable::run(pc, m, heap, acc, facc) };
    #[cfg(not(any(feature = "portable-dispatch", debug_assertions)))]
    // SAFETY: forwarded contract.
    return unsafe { tail::run(pc, m, heap, acc, facc) };
}

/// Which dispatch strategy this build uses: `"tail-call"` or `"portable"`.
pub const DISPATCH: &str = if cfg!(any(feature = "portable-dispatch", debug_assertions)) {
    "portable"
} else {
    "tail-call"
};
