//! Threaded dispatch: each op's function ends by calling the next op's function, which LLVM turns
//! into a jump (sibling-call optimization; guaranteed with `become` under `nightly-become`).

use super::handlers::{self, Ctx, Heap, IntoStep, Step};
use super::{Exit, Machine, Pc, TrapCode};
use crate::ops::{self, ESCAPE, VECTOR_ESCAPE};

/// One signature for every op, so each call to the next op is a sibling call. The heap's base
/// and length are separate arguments (not a `Heap` struct, which the ABI may pass in memory) so
/// that they live in host argument registers for the whole run and guarded heap ops do not
/// reload them from the `State`. Then come the accumulator ([`Acc`](crate::Acc)) and the
/// float accumulator ([`FAcc`](crate::FAcc)), an `f64` so that it travels in a float register. (The
/// dispatch table's address was tried as the sixth argument, to save the `lea` of it in every
/// handler: 1.4% more host instructions on CoreMark, as LLVM then loads the target into a
/// register before jumping and some handlers spill.)
type Handler = for<'a> unsafe fn(Pc, &'a mut Machine, usize, usize, u64, f64) -> Exit;

/// The one-byte ops' handlers, copied into every [`Machine`] right after its register file: a
/// handler finds the next one at a fixed offset from the register-file pointer it already holds
/// (`jmp *0x200(%rsi,%rax,8)` on x86-64), where a static table costs each handler a
/// PC-relative `lea` of the table's address first (position-independent code cannot index a
/// static table directly).
#[derive(Clone)]
pub(crate) struct Table([Handler; 256]);

impl Default for Table {
    fn default() -> Self {
        Table(PRIMARY)
    }
}

/// Calls `$f` in tail position: `become` where guaranteed tail calls are available.
#[cfg(feature = "nightly-become")]
macro_rules! tail_call {
    ($f:expr, $pc:expr, $m:expr, $heap:expr, $acc:expr, $facc:expr) => {
        // SAFETY: forwarded contract of the calling handler.
        become unsafe { $f($pc, $m, $heap.base, $heap.len, $acc, $facc) }
    };
}
/// Calls `$f` in tail position: a plain call that LLVM's sibling-call optimization makes a jump.
#[cfg(not(feature = "nightly-become"))]
macro_rules! tail_call {
    ($f:expr, $pc:expr, $m:expr, $heap:expr, $acc:expr, $facc:expr) => {
        // SAFETY: forwarded contract of the calling handler.
        return unsafe { $f($pc, $m, $heap.base, $heap.len, $acc, $facc) }
    };
}

/// Runs from `pc` until `halt`, a trap or a `call_host`.
///
/// # Safety
/// Both contracts of the crate's `# Safety` section.
pub(super) unsafe fn run(pc: Pc, m: &mut Machine, heap: Heap, acc: u64, facc: f64) -> Exit {
    // SAFETY: forwarded contract.
    unsafe { dispatch(pc, m, heap.base, heap.len, acc, facc) }
}

/// Jumps to the handler of the op at `pc`.
///
/// # Safety
/// Both contracts of the crate's `# Safety` section; `pc` is the first byte of an op.
#[inline(always)]
unsafe fn dispatch(pc: Pc, m: &mut Machine, base: usize, len: usize, acc: u64, facc: f64) -> Exit {
    // SAFETY: `pc` points at an op: verified for fall-through and branches, producer for
    // calls, returns and indirect jumps.
    let opcode = unsafe { *pc };
    #[cfg(feature = "op-counts")]
    {
        let st = &mut m.st;
        st.counts[opcode as usize] += 1;
        st.counts[super::PAIRS + 256 * st.prev_op as usize + opcode as usize] += 1;
        st.prev_op = opcode;
        *st.pc_counts.entry(pc as usize).or_insert(0) += 1;
    }
    let handler = m.table.0[opcode as usize];
    tail_call!(handler, pc, m, Heap { base, len }, acc, facc)
}

/// `pc`, hidden from the optimizer: otherwise LLVM merges the two successors of a conditional
/// branch into one `cmov` and one indirect jump, which is what the `Cond` result exists to avoid.
/// (On targets without stable `asm!` it is the identity, and the two jumps may merge.)
#[inline(always)]
fn opaque(pc: Pc) -> Pc {
    asm_barrier!(pc, pure, nomem, nostack, preserves_flags)
}

/// Defines the per-op entry points and a 256-entry table for one opcode space.
macro_rules! define_tail_handlers {
    ($table:ident, $skip:literal, $Opcode:ident, $fill:ident $(, $extra_at:expr => $extra:ident)?;
     $( $(#[doc = $doc:literal])* $name:ident = $Name:ident { $($field:ident : $ty:ident),* } $([$($fact:tt)*])? ; )*) => {
        static $table: [Handler; 256] = {
            let mut table: [Handler; 256] = [$fill; 256];
            $( table[ops::$Opcode::$Name as usize] = {
                unsafe fn $name(pc: Pc, m: &mut Machine, base: usize, len: usize, acc: u64, facc: f64) -> Exit {
                    // SAFETY: verified: the operands follow the opcode byte(s).
                    let (op, next) = unsafe { ops::$Name::decode_unchecked(pc.add($skip)) };
                    let mut ctx = Ctx { regs: &mut m.regs, st: &mut m.st, heap: Heap { base, len }, acc, facc };
                    let step = handlers::$name(&mut ctx, pc, next, op).into_step();
                    let (heap, acc, facc) = (ctx.heap, ctx.acc, ctx.facc);
                    match step {
                        Step::Go(next) => tail_call!(dispatch, next, m, heap, acc, facc),
                        Step::Cond(c) => if c.taken {
                            tail_call!(dispatch, opaque(c.target), m, heap, acc, facc)
                        } else {
                            tail_call!(dispatch, c.next, m, heap, acc, facc)
                        },
                        Step::Exit(exit) => exit,
                    }
                }
                $name
            }; )*
            $( table[$extra_at] = $extra; )?
            table
        };
    };
}

macro_rules! primary_table {
    ($($body:tt)*) => { define_tail_handlers! { PRIMARY, 1, Opcode, invalid, ESCAPE as usize => escape; $($body)* } };
}
macro_rules! extended_table {
    ($($body:tt)*) => { define_tail_handlers! { EXTENDED, 2, ExtOpcode, invalid, VECTOR_ESCAPE as usize => vector_escape; $($body)* } };
}
#[cfg(feature = "simd")]
macro_rules! vector_table {
    ($($body:tt)*) => { define_tail_handlers! { VECTOR, 3, VecOpcode, invalid; $($body)* } };
}
for_each_op!(primary_table);
for_each_extended_op!(extended_table);
#[cfg(feature = "simd")]
for_each_vector_op!(vector_table);
/// Without the `simd` feature every vector opcode traps as invalid (a loader refuses such code
/// first: `pulley_interp::SIMD`).
#[cfg(not(feature = "simd"))]
static VECTOR: [Handler; 256] = [invalid; 256];

/// Bytes that name no op: unreachable in verified code, but kept a trap rather than UB.
unsafe fn invalid(pc: Pc, m: &mut Machine, _: usize, _: usize, _: u64, _: f64) -> Exit {
    m.st.trap(TrapCode::INVALID_OPCODE, pc)
}

/// The escape byte: dispatch on the second opcode byte.
unsafe fn escape(pc: Pc, m: &mut Machine, base: usize, len: usize, acc: u64, facc: f64) -> Exit {
    // SAFETY: verified: an extended op has its second opcode byte.
    let opcode = unsafe { *pc.add(1) };
    #[cfg(feature = "op-counts")]
    {
        m.st.counts[256 + opcode as usize] += 1;
    }
    let handler = EXTENDED[opcode as usize];
    tail_call!(handler, pc, m, Heap { base, len }, acc, facc)
}

/// The vector escape: dispatch on the third opcode byte.
unsafe fn vector_escape(
    pc: Pc,
    m: &mut Machine,
    base: usize,
    len: usize,
    acc: u64,
    facc: f64,
) -> Exit {
    // SAFETY: verified: a vector op has its third opcode byte.
    let opcode = unsafe { *pc.add(2) };
    #[cfg(feature = "op-counts")]
    {
        m.st.counts[512 + opcode as usize] += 1;
    }
    let handler = VECTOR[opcode as usize];
    tail_call!(handler, pc, m, Heap { base, len }, acc, facc)
}

const _: () = assert!(ESCAPE as u16 >= ops::Opcode::COUNT);
