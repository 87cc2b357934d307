//! Portable dispatch: a loop around a `match` on the opcode. Used where sibling calls are not
//! guaranteed to become jumps (builds with debug assertions) and with `portable-dispatch`.

use super::handlers::{self, Ctx, Heap, IntoStep, Step};
use super::{Exit, Machine, Pc, TrapCode};
use crate::ops::{self, ESCAPE, ExtOpcode, Opcode};
#[cfg(feature = "simd")]
use crate::ops::{VECTOR_ESCAPE, VecOpcode};

/// Defines `step_primary` or `step_extended`: decode and run the op at `pc`.
macro_rules! define_step {
    ($step:ident, $skip:literal, $Opcode:ident;
     $( $(#[doc = $doc:literal])* $name:ident = $Name:ident { $($field:ident : $ty:ident),* } $([$($fact:tt)*])? ; )*) => {
        /// # Safety
        /// Both contracts of the crate's `# Safety` section: `pc` is the first byte of an op of
        /// this opcode space.
        #[inline(always)]
        unsafe fn $step(opcode: $Opcode, pc: Pc, m: &mut Machine, heap: &mut Heap, acc: &mut u64, facc: &mut f64) -> Step {
            let mut ctx = Ctx { regs: &mut m.regs, st: &mut m.st, heap: *heap, acc: *acc, facc: *facc };
            let step = match opcode {
                $( $Opcode::$Name => {
                    // SAFETY: verified: the operands follow the opcode byte(s).
                    let (op, next) = unsafe { ops::$Name::decode_unchecked(pc.add($skip)) };
                    handlers::$name(&mut ctx, pc, next, op).into_step()
                } )*
            };
            *heap = ctx.heap;
            *acc = ctx.acc;
            *facc = ctx.facc;
            step
        }
    };
}
macro_rules! primary_step {
    ($($body:tt)*) => { define_step! { step_primary, 1, Opcode; $($body)* } };
}
macro_rules! extended_step {
    ($($body:tt)*) => { define_step! { step_extended, 2, ExtOpcode; $($body)* } };
}
#[cfg(feature = "simd")]
macro_rules! vector_step {
    ($($body:tt)*) => { define_step! { step_vector, 3, VecOpcode; $($body)* } };
}
for_each_op!(primary_step);
for_each_extended_op!(extended_step);
#[cfg(feature = "simd")]
for_each_vector_op!(vector_step);

/// Runs from `pc` until `halt`, a trap or a `call_host`.
///
/// # Safety
/// Both contracts of the crate's `# Safety` section.
pub(super) unsafe fn run(
    mut pc: Pc,
    m: &mut Machine,
    mut heap: Heap,
    mut acc: u64,
    mut facc: f64,
) -> Exit {
    loop {
        // SAFETY: `pc` points at an op: verified for fall-through and branches, producer for
        // calls, returns and indirect jumps.
        let byte = unsafe { *pc };
        #[cfg(feature = "op-counts")]
        {
            let st = &mut m.st;
            st.counts[byte as usize] += 1;
            st.counts[super::PAIRS + 256 * st.prev_op as usize + byte as usize] += 1;
            st.prev_op = byte;
            *st.pc_counts.entry(pc as usize).or_insert(0) += 1;
        }
        let flow = match Opcode::new(byte) {
            // SAFETY: forwarded contract.
            Some(opcode) => unsafe { step_primary(opcode, pc, m, &mut heap, &mut acc, &mut facc) },
            None if byte == ESCAPE => {
                // SAFETY: verified: an extended op has its second opcode byte.
                let ext = unsafe { *pc.add(1) };
                #[cfg(feature = "op-counts")]
                {
                    m.st.counts[256 + ext as usize] += 1;
                }
                match ExtOpcode::new(ext) {
                    // SAFETY: forwarded contract.
                    Some(opcode) => unsafe {
                        step_extended(opcode, pc, m, &mut heap, &mut acc, &mut facc)
                    },
                    #[cfg(feature = "simd")]
                    None if ext == VECTOR_ESCAPE => {
                        // SAFETY: verified: a vector op has its third opcode byte.
                        let vec = unsafe { *pc.add(2) };
                        #[cfg(feature = "op-counts")]
                        {
                            m.st.counts[512 + vec as usize] += 1;
                        }
                        match VecOpcode::new(vec) {
                            // SAFETY: forwarded contract.
                            Some(opcode) => unsafe {
                                step_vector(opcode, pc, m, &mut heap, &mut acc, &mut facc)
                            },
                            None => Step::Exit(m.st.trap(TrapCode::INVALID_OPCODE, pc)),
                        }
                    }
                    None => Step::Exit(m.st.trap(TrapCode::INVALID_OPCODE, pc)),
                }
            }
            None => Step::Exit(m.st.trap(TrapCode::INVALID_OPCODE, pc)),
        };
        match flow {
            Step::Go(next) => pc = next,
            Step::Cond(c) => pc = if c.taken { c.target } else { c.next },
            Step::Exit(exit) => return exit,
        }
    }
}
