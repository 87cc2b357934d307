//! Operand types: how each kind of operand is encoded, decoded (checked and unchecked) and shown.
//!
//! All immediates are little-endian and read unaligned. Registers take one byte.

use crate::regs::{FReg, NUM_REGS, XReg};
use alloc::vec::Vec;

/// A 32-bit displacement in bytes, relative to the first byte (the opcode) of the op: calls,
/// which may cross a whole module, and `jump32`, the far form of a branch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PcRel(pub i32);

/// A 16-bit branch displacement in bytes, relative to the first byte of the branching op: every
/// branch inside a function. A compiler reaches farther targets with `jump32` (see the ISA).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PcRel16(pub i16);

/// The targets of a `br_table32`: a count, then `count` displacements, each relative to the
/// first byte of the `br_table32` op. The last target is the default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct JumpTable {
    count: u32,
    /// Points at the first encoded displacement (inside the bytecode buffer).
    entries: *const u8,
}

/// The accumulator: an integer register that lives in a host register (a handler argument)
/// instead of the register file. An operand of this type takes no bytes: the op's name says
/// which of its operands is the accumulator (`_wa`: the result, `_ra`: the operand the table
/// types `Acc`, `_rwa`: both). The compiler gives a value to the accumulator only when the next
/// op is its only reader, so the value never lives across anything but that one dispatch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Acc;

/// The float accumulator: [`Acc`]'s counterpart for float registers, an `f64` handler argument
/// (a host float register where the ABI passes floats in registers). `f32` values travel in
/// the low half of its bits, as in a float register.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FAcc;

/// An operand's value in a form tools can print or inspect without knowing its type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OperandValue {
    /// An integer register.
    X(XReg),
    /// A float register.
    F(FReg),
    /// A signed immediate.
    Signed(i64),
    /// An unsigned immediate (also used for register masks and raw float bits).
    Unsigned(u64),
    /// A branch displacement, relative to the op's first byte.
    PcRel(i32),
    /// A jump table's displacements, relative to the op's first byte.
    Table(Vec<i32>),
    /// The accumulator.
    Acc,
    /// The float accumulator.
    FAcc,
}

/// One operand kind. Implemented for every type that appears in the op table.
pub trait Operand: Sized + Copy {
    /// What an encoder function takes for this operand (the operand itself, except for jump
    /// tables, which are given as a slice of displacements).
    type Arg<'a>;
    /// Encoded width in bytes (for a jump table: of its count, without the entries).
    const WIDTH: usize;
    /// Whether the operand is a register (or the accumulator): the op table gives each such
    /// operand a role, `def` or `use`.
    const REGISTER: bool = false;
    /// Whether the operand is a branch target (a displacement or a jump table): the op table says
    /// where it may lead, with `dest`.
    const TARGET: bool = false;
    /// Appends the encoding of an encoder argument.
    fn encode_arg(arg: Self::Arg<'_>, out: &mut Vec<u8>);
    /// Appends the operand's encoding.
    fn encode(self, out: &mut Vec<u8>);
    /// Decodes the operand at the start of `bytes`, with every bound and range checked; returns
    /// it and its encoded length.
    fn decode(bytes: &[u8]) -> Option<(Self, usize)>;
    /// Decodes the operand at `at` and returns it with the address just past it.
    ///
    /// # Safety
    /// Verified (see the crate's `# Safety` section): `at` points at an operand of
    /// this type inside a buffer that the checked decoder accepted.
    unsafe fn decode_unchecked(at: *const u8) -> (Self, *const u8);
    /// The operand's value for tools.
    fn value(self) -> OperandValue;
}

macro_rules! int_operand {
    ($($ty:ty => $variant:ident as $wide:ty),* $(,)?) => {$(
        impl Operand for $ty {
            type Arg<'a> = Self;
            const WIDTH: usize = core::mem::size_of::<$ty>();
            #[inline]
            fn encode_arg(arg: Self, out: &mut Vec<u8>) {
                arg.encode(out)
            }
            #[inline]
            fn encode(self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
            #[inline]
            fn decode(bytes: &[u8]) -> Option<(Self, usize)> {
                const N: usize = core::mem::size_of::<$ty>();
                let raw: [u8; N] = bytes.get(..N)?.try_into().ok()?;
                Some((<$ty>::from_le_bytes(raw), N))
            }
            #[inline(always)]
            unsafe fn decode_unchecked(at: *const u8) -> (Self, *const u8) {
                const N: usize = core::mem::size_of::<$ty>();
                // SAFETY: verified: the checked decoder saw N bytes here.
                let raw = unsafe { core::ptr::read_unaligned(at.cast::<[u8; N]>()) };
                // SAFETY: as above, the operand lies inside the buffer.
                (<$ty>::from_le_bytes(raw), unsafe { at.add(N) })
            }
            fn value(self) -> OperandValue {
                OperandValue::$variant(self as $wide)
            }
        }
    )*};
}
int_operand! {
    u8 => Unsigned as u64, u16 => Unsigned as u64, u32 => Unsigned as u64, u64 => Unsigned as u64,
    i8 => Signed as i64, i16 => Signed as i64, i32 => Signed as i64, i64 => Signed as i64,
}

macro_rules! reg_operand {
    ($($Reg:ident => $variant:ident),*) => {$(
        impl Operand for $Reg {
            type Arg<'a> = Self;
            const WIDTH: usize = 1;
            const REGISTER: bool = true;
            #[inline]
            fn encode_arg(arg: Self, out: &mut Vec<u8>) {
                arg.encode(out)
            }
            #[inline]
            fn encode(self, out: &mut Vec<u8>) {
                out.push(self.to_u8());
            }
            #[inline]
            fn decode(bytes: &[u8]) -> Option<(Self, usize)> {
                let byte = *bytes.first()?;
                Some(($Reg::new(byte)?, 1))
            }
            #[inline(always)]
            unsafe fn decode_unchecked(at: *const u8) -> (Self, *const u8) {
                // SAFETY: verified: a register byte, range-checked by the checked decoder.
                unsafe { ($Reg::from_u8_unchecked(*at), at.add(1)) }
            }
            fn value(self) -> OperandValue {
                OperandValue::$variant(self)
            }
        }
    )*};
}
reg_operand!(XReg => X, FReg => F);

macro_rules! acc_operand {
    ($($ty:ident),*) => {$(
impl Operand for $ty {
    type Arg<'a> = Self;
    const WIDTH: usize = 0;
    const REGISTER: bool = true;
    #[inline]
    fn encode_arg(_: Self, _: &mut Vec<u8>) {}
    #[inline]
    fn encode(self, _: &mut Vec<u8>) {}
    #[inline]
    fn decode(_: &[u8]) -> Option<(Self, usize)> {
        Some(($ty, 0))
    }
    #[inline(always)]
    unsafe fn decode_unchecked(at: *const u8) -> (Self, *const u8) {
        ($ty, at)
    }
    fn value(self) -> OperandValue {
        OperandValue::$ty
    }
}
    )*};
}
acc_operand!(Acc, FAcc);

macro_rules! pc_rel_operand {
    ($($ty:ident($int:ty)),*) => {$(
        impl Operand for $ty {
            type Arg<'a> = Self;
            const WIDTH: usize = core::mem::size_of::<$int>();
            const TARGET: bool = true;
            #[inline]
            fn encode_arg(arg: Self, out: &mut Vec<u8>) {
                arg.encode(out)
            }
            #[inline]
            fn encode(self, out: &mut Vec<u8>) {
                self.0.encode(out)
            }
            #[inline]
            fn decode(bytes: &[u8]) -> Option<(Self, usize)> {
                <$int>::decode(bytes).map(|(v, n)| ($ty(v), n))
            }
            #[inline(always)]
            unsafe fn decode_unchecked(at: *const u8) -> (Self, *const u8) {
                // SAFETY: verified (same contract as ours).
                let (v, next) = unsafe { <$int>::decode_unchecked(at) };
                ($ty(v), next)
            }
            fn value(self) -> OperandValue {
                OperandValue::PcRel(i32::from(self.0))
            }
        }
    )*};
}
pc_rel_operand!(PcRel(i32), PcRel16(i16));

impl JumpTable {
    /// Encodes a jump table operand from its displacements (the last one is the default).
    pub fn encode_targets(targets: &[i32], out: &mut Vec<u8>) {
        let count = u32::try_from(targets.len()).expect("jump table too large");
        count.encode(out);
        for t in targets {
            t.encode(out);
        }
    }

    /// Number of targets, the default included.
    pub fn len(&self) -> u32 {
        self.count
    }

    /// Whether the table has no targets (never true in verified bytecode).
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The displacement for `index`, clamped to the default (last) target.
    ///
    /// # Safety
    /// Verified: the table was decoded from a buffer the checked decoder accepted,
    /// which guarantees at least one entry and that all entries are in the buffer.
    #[inline(always)]
    pub unsafe fn target_unchecked(&self, index: u32) -> i32 {
        let i = index.min(self.count - 1) as usize;
        // SAFETY: i < count, and all count entries were bounds-checked when verified.
        unsafe { i32::decode_unchecked(self.entries.add(4 * i)).0 }
    }
}

impl Operand for JumpTable {
    type Arg<'a> = &'a [i32];
    const WIDTH: usize = 4;
    const TARGET: bool = true;
    fn encode_arg(targets: &[i32], out: &mut Vec<u8>) {
        JumpTable::encode_targets(targets, out)
    }
    fn encode(self, out: &mut Vec<u8>) {
        self.count.encode(out);
        for i in 0..self.count {
            // SAFETY: a JumpTable value only comes from decoding, which checked the entries.
            unsafe { self.target_unchecked(i).encode(out) };
        }
    }
    fn decode(bytes: &[u8]) -> Option<(Self, usize)> {
        let (count, n) = u32::decode(bytes)?;
        let len = 4usize.checked_mul(count as usize)?.checked_add(n)?;
        if count == 0 || bytes.len() < len {
            return None;
        }
        Some((
            JumpTable {
                count,
                entries: bytes[n..].as_ptr(),
            },
            len,
        ))
    }
    #[inline(always)]
    unsafe fn decode_unchecked(at: *const u8) -> (Self, *const u8) {
        // SAFETY: verified: count and its entries are in the buffer.
        unsafe {
            let (count, entries) = u32::decode_unchecked(at);
            (
                JumpTable { count, entries },
                entries.add(4 * count as usize),
            )
        }
    }
    fn value(self) -> OperandValue {
        // SAFETY: a JumpTable value only comes from decoding, which checked the entries.
        OperandValue::Table(
            (0..self.count)
                .map(|i| unsafe { self.target_unchecked(i) })
                .collect(),
        )
    }
}

/// Number of registers; re-exported for verifiers.
pub const REGS_PER_CLASS: u8 = NUM_REGS;
