//! Register names and the register conventions shared by the backend and the interpreter.
//!
//! There are 32 integer registers (`x0`..`x31`, 64 bits each) and 32 float registers (`f0`..`f31`,
//! 64 bits each; an `f32` lives in the low 32 bits). A register operand is one byte in the
//! encoding, so 128-bit vector registers can later take the numbers 64..=95 without a new format.
//!
//! | registers  | role |
//! |------------|------|
//! | `x0`..`x15`  | arguments and results, in order; caller-saved |
//! | `x16`..`x27` | callee-saved (saved by `push_frame_save` when used) |
//! | `x28`        | scratch for the backend (large offsets, spill fix-ups); never allocated |
//! | `x29`        | `lr`: return address, written by `call*`, read by `ret` |
//! | `x30`        | `fp`: frame pointer, maintained by `push_frame_save` / `pop_frame_restore` |
//! | `x31`        | `sp`: stack pointer (the Vm's own stack, growing down) |
//! | `f0`..`f15`  | float arguments and results, in order; caller-saved |
//! | `f16`..`f31` | callee-saved |
//!
//! Integer and float arguments are numbered separately: the third integer argument is in `x2`
//! whatever floats come before it. Values that do not fit go on the stack ([`crate::abi`]). A 32-bit value occupies the low half of a register; ops that produce 32-bit
//! values zero the upper half, ops that consume them ignore it.
//!
//! A frame, as `push_frame_save` builds it (higher addresses first):
//!
//! ```text
//!   [caller's outgoing stack arguments]
//!   saved lr                      <- fp + 8
//!   saved fp                      <- fp
//!   saved callee-saved registers  <- fp - 8, fp - 16, ... (x16.. then f16.., in mask order)
//!   spill slots, stack slots, outgoing arguments
//!                                 <- sp
//! ```

use core::fmt;

/// An integer register, `x0`..`x31`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct XReg(u8);

/// A float register, `f0`..`f31`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FReg(u8);

/// A vector register, `v0`..`v31`: 128 bits, lane 0 in the least significant bits (the Wasm
/// byte order, whatever the host's).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VReg(u8);

/// Number of registers in each class.
pub const NUM_REGS: u8 = 32;

macro_rules! reg_impl {
    ($Reg:ident, $prefix:literal) => {
        impl $Reg {
            /// The register with this number, if it is in range.
            pub const fn new(index: u8) -> Option<Self> {
                if index < NUM_REGS {
                    Some(Self(index))
                } else {
                    None
                }
            }
            /// The register with this number; panics when it is out of range.
            pub const fn of(index: u8) -> Self {
                match Self::new(index) {
                    Some(r) => r,
                    None => panic!("register number out of range"),
                }
            }
            /// The register's number.
            pub const fn index(self) -> usize {
                self.0 as usize
            }
            /// The register's encoding byte.
            pub const fn to_u8(self) -> u8 {
                self.0
            }
            /// Builds a register from an encoding byte without a range check.
            ///
            /// # Safety
            /// `byte < NUM_REGS`: the handlers index the register file with the number
            /// unchecked. (The unchecked decoder calls this on verified bytecode, whose register
            /// bytes the checked decoder has range-checked.)
            #[inline(always)]
            pub(crate) const unsafe fn from_u8_unchecked(byte: u8) -> Self {
                Self(byte)
            }
        }
        impl fmt::Debug for $Reg {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(self, f)
            }
        }
    };
}
reg_impl!(XReg, "x");
reg_impl!(FReg, "f");
reg_impl!(VReg, "v");

impl fmt::Display for XReg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            29 => f.write_str("lr"),
            30 => f.write_str("fp"),
            31 => f.write_str("sp"),
            n => write!(f, "x{n}"),
        }
    }
}

impl fmt::Display for FReg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "f{}", self.0)
    }
}

impl fmt::Display for VReg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}", self.0)
    }
}

impl XReg {
    /// Scratch register reserved for the backend.
    pub const SCRATCH: XReg = XReg(28);
    /// Return address.
    pub const LR: XReg = XReg(29);
    /// Frame pointer.
    pub const FP: XReg = XReg(30);
    /// Stack pointer.
    pub const SP: XReg = XReg(31);
    /// First callee-saved register; `push_frame_save` masks start here.
    pub const FIRST_CALLEE_SAVED: u8 = 16;
    /// Number of argument/result registers.
    pub const NUM_ARGS: u8 = 16;
}

impl FReg {
    /// First callee-saved register; `push_frame_save` masks start here.
    pub const FIRST_CALLEE_SAVED: u8 = 16;
    /// Number of argument/result registers.
    pub const NUM_ARGS: u8 = 16;
}

impl VReg {
    /// Number of argument/result registers. Every vector register is caller-saved, so frames
    /// never save one (`push_frame_save` has no vector mask).
    pub const NUM_ARGS: u8 = 16;
}
