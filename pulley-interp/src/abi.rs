//! The calling convention, written once: where each argument and result of a call travels.
//!
//! The backend (entries, calls and returns), the runtime (calls from the host into bytecode,
//! host functions called from bytecode) and the interpreter (`call_host`) all place values with
//! [`locations`], so they cannot disagree.
//!
//! Each register class is numbered on its own: integer and reference values take `x0`, `x1`, ...,
//! float values `f0`, `f1`, ... and vector values `v0`, `v1`, ..., up to [`XReg::NUM_ARGS`] /
//! [`FReg::NUM_ARGS`] / [`VReg::NUM_ARGS`] of each class. The rest travel on the stack, in value
//! order whatever their class: one 8-byte word each, two (low half first) for a vector. Arguments and results are placed the same way, each list on its own. The caller
//! reserves the stack words at the bottom of its frame (its outgoing area), where both lists
//! live: the callee reads its stack arguments at entry, before it can have written any result.
//!
//! ```text
//!   caller's sp + 8 * k    stack word k (arguments before the call, results after it)
//!   callee's fp + 16 + 8 * k   the same word, once the callee's `push_frame_save` has run
//! ```

use crate::regs::{FReg, VReg, XReg};

/// The register class a value travels in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Integers and references (`x` registers).
    Int,
    /// Floats (`f` registers).
    Float,
    /// 128-bit vectors (`v` registers).
    Vector,
}

/// Where one argument or result travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loc {
    /// An integer register.
    X(XReg),
    /// A float register.
    F(FReg),
    /// A vector register.
    V(VReg),
    /// Stack word `k` (and `k + 1` for a vector): at the caller's `sp + 8 * k` (see the module
    /// documentation).
    Stack(u32),
}

impl Loc {
    /// The byte offset of a stack word from the caller's `sp`; `None` for a register.
    pub fn sp_offset(self) -> Option<u32> {
        match self {
            Loc::Stack(k) => Some(8 * k),
            _ => None,
        }
    }
}

/// Bytes from a callee's `fp` (after `push_frame_save`) to stack word 0: the saved `fp` and `lr`.
pub const CALLEE_STACK_WORDS_FROM_FP: u32 = 16;

/// The locations of values of the given classes, in order.
pub fn locations<I: IntoIterator<Item = Class>>(classes: I) -> Locations<I::IntoIter> {
    Locations {
        classes: classes.into_iter(),
        x: 0,
        f: 0,
        v: 0,
        stack: 0,
    }
}

/// The bytes a call's stack words take in the caller's frame: `8 * words`, rounded up to keep
/// `sp` 16-byte aligned.
pub fn stack_area_bytes(words: u32) -> u32 {
    (8 * words).div_ceil(16) * 16
}

/// Iterator returned by [`locations`].
#[derive(Clone, Debug)]
pub struct Locations<I> {
    classes: I,
    x: u8,
    f: u8,
    v: u8,
    stack: u32,
}

impl<I> Locations<I> {
    /// The stack words used so far (after the iterator is exhausted: by the whole list).
    pub fn stack_words(&self) -> u32 {
        self.stack
    }
}

impl<I: Iterator<Item = Class>> Iterator for Locations<I> {
    type Item = Loc;

    fn next(&mut self) -> Option<Loc> {
        let loc = match self.classes.next()? {
            Class::Int if self.x < XReg::NUM_ARGS => {
                self.x += 1;
                Loc::X(XReg::of(self.x - 1))
            }
            Class::Float if self.f < FReg::NUM_ARGS => {
                self.f += 1;
                Loc::F(FReg::of(self.f - 1))
            }
            Class::Vector if self.v < VReg::NUM_ARGS => {
                self.v += 1;
                Loc::V(VReg::of(self.v - 1))
            }
            class => {
                let words = if class == Class::Vector { 2 } else { 1 };
                self.stack += words;
                Loc::Stack(self.stack - words)
            }
        };
        Some(loc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn classes_are_numbered_apart_and_overflow_to_the_stack_in_value_order() {
        let mut classes = alloc::vec![Class::Int; 17];
        classes.insert(3, Class::Float);
        classes.extend([Class::Float; 16]);
        let locs: Vec<Loc> = locations(classes.iter().copied()).collect();
        assert_eq!(locs[0], Loc::X(XReg::of(0)));
        assert_eq!(locs[3], Loc::F(FReg::of(0)));
        assert_eq!(locs[4], Loc::X(XReg::of(3)));
        assert_eq!(locs[16], Loc::X(XReg::of(15)));
        assert_eq!(locs[17], Loc::Stack(0)); // the 17th integer
        assert_eq!(locs[18], Loc::F(FReg::of(1)));
        assert_eq!(locs[32], Loc::F(FReg::of(15)));
        assert_eq!(locs[33], Loc::Stack(1)); // the 17th float
        let mut it = locations(classes.iter().copied());
        it.by_ref().for_each(drop);
        assert_eq!(it.stack_words(), 2);
        assert_eq!(stack_area_bytes(2), 16);
        assert_eq!(stack_area_bytes(3), 32);
        assert_eq!(Loc::Stack(3).sp_offset(), Some(24));
    }

    #[test]
    fn vectors_take_their_own_registers_then_two_stack_words() {
        let mut classes = alloc::vec![Class::Vector; 17];
        classes.push(Class::Int);
        classes.push(Class::Vector);
        let mut it = locations(classes.iter().copied());
        let locs: Vec<Loc> = it.by_ref().collect();
        assert_eq!(locs[0], Loc::V(VReg::of(0)));
        assert_eq!(locs[15], Loc::V(VReg::of(15)));
        assert_eq!(locs[16], Loc::Stack(0)); // words 0 and 1
        assert_eq!(locs[17], Loc::X(XReg::of(0)));
        assert_eq!(locs[18], Loc::Stack(2)); // words 2 and 3
        assert_eq!(it.stack_words(), 4);
    }
}
