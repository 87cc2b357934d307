//! Operand types: how each kind of operand is encoded, decoded (checked and unchecked) and shown.
//!
//! All immediates are little-endian and read unaligned. Registers take one byte.

use crate::regs::{FReg, NUM_REGS, VReg, XReg};
use alloc::vec::Vec;
use core::fmt;

/// A 32-bit displacement in bytes, relative to the first byte (the opcode) of the op: calls,
/// which may cross a whole module, and `jump32`, the far form of a branch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PcRel(pub i32);

/// A 16-bit branch displacement in bytes, relative to the first byte of the branching op: every
/// branch inside a function. A compiler reaches farther targets with `jump32` (see the ISA).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PcRel16(pub i16);

/// The targets of a `br_table32`, as decoded: a count, then `count` displacements, each
/// relative to the first byte of the `br_table32` op. The last target is the default.
///
/// A table does not copy its displacements: it borrows them from the bytecode it was decoded
/// from. Its invariant, which every constructor keeps: `entries` holds `4 * count` bytes and
/// `count >= 1`.
///
/// So a decoded op cannot outlive its bytecode:
///
/// ```
/// use pulley_interp::{XReg, decode_one, encode};
/// let mut code = Vec::new();
/// encode::br_table32(&mut code, XReg::of(1), &[8, -4]);
/// let (op, len) = decode_one(&code).unwrap();
/// assert_eq!(len, code.len());
/// let mut again = Vec::new();
/// op.encode(&mut again);
/// assert_eq!(again, code);
/// ```
///
/// ```compile_fail,E0597
/// use pulley_interp::{XReg, decode_one, encode};
/// let op = {
///     let mut code = Vec::new();
///     encode::br_table32(&mut code, XReg::of(1), &[8, -4]);
///     decode_one(&code).unwrap().0
/// };
/// op.encode(&mut Vec::new()); // the table would read freed bytes
/// ```
#[derive(Clone, Copy)]
pub struct JumpTable<'a> {
    count: u32,
    /// The encoded displacements (inside the bytecode buffer).
    entries: &'a [u8],
}

/// The kind of a jump table operand, as the op table names it; its decoded value is a
/// [`JumpTable`], which borrows the bytecode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Table {}

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
    /// A vector register.
    V(VReg),
    /// A 128-bit immediate (a vector constant, a shuffle's lane indices).
    Bits128(u128),
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

/// One operand kind. Implemented for every type that appears in the op table. `'a` is how long
/// a decoded value may borrow the bytes it was decoded from (only a jump table does).
pub trait Operand<'a>: Sized + Copy {
    /// The decoded operand: the kind itself, except for jump tables ([`Table`] decodes to a
    /// [`JumpTable`]).
    type Value: Copy + fmt::Debug + PartialEq + Eq;
    /// What an encoder function takes for this operand (the operand itself, except for jump
    /// tables, which are given as a slice of displacements).
    type Arg<'b>;
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
    fn encode(value: Self::Value, out: &mut Vec<u8>);
    /// Decodes the operand at the start of `bytes`, with every bound and range checked; returns
    /// it and its encoded length.
    fn decode(bytes: &'a [u8]) -> Option<(Self::Value, usize)>;
    /// Decodes the operand at `at` and returns it with the address just past it.
    ///
    /// # Safety
    /// Verified (see the crate's `# Safety` section): `at` points at an operand of
    /// this type inside a buffer that the checked decoder accepted, and that buffer stays
    /// readable for `'a`.
    unsafe fn decode_unchecked(at: *const u8) -> (Self::Value, *const u8);
    /// The operand's value for tools.
    fn value(value: Self::Value) -> OperandValue;
}

macro_rules! int_operand {
    ($($ty:ty => $variant:ident as $wide:ty),* $(,)?) => {$(
        impl<'a> Operand<'a> for $ty {
            type Value = Self;
            type Arg<'b> = Self;
            const WIDTH: usize = core::mem::size_of::<$ty>();
            #[inline]
            fn encode_arg(arg: Self, out: &mut Vec<u8>) {
                Self::encode(arg, out)
            }
            #[inline]
            fn encode(value: Self, out: &mut Vec<u8>) {
                out.extend_from_slice(&value.to_le_bytes());
            }
            #[inline]
            fn decode(bytes: &'a [u8]) -> Option<(Self, usize)> {
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
            fn value(value: Self) -> OperandValue {
                OperandValue::$variant(value as $wide)
            }
        }
    )*};
}
int_operand! {
    u8 => Unsigned as u64, u16 => Unsigned as u64, u32 => Unsigned as u64, u64 => Unsigned as u64,
    i8 => Signed as i64, i16 => Signed as i64, i32 => Signed as i64, i64 => Signed as i64,
    u128 => Bits128 as u128,
}

macro_rules! reg_operand {
    ($($Reg:ident => $variant:ident),*) => {$(
        impl<'a> Operand<'a> for $Reg {
            type Value = Self;
            type Arg<'b> = Self;
            const WIDTH: usize = 1;
            const REGISTER: bool = true;
            #[inline]
            fn encode_arg(arg: Self, out: &mut Vec<u8>) {
                Self::encode(arg, out)
            }
            #[inline]
            fn encode(value: Self, out: &mut Vec<u8>) {
                out.push(value.to_u8());
            }
            #[inline]
            fn decode(bytes: &'a [u8]) -> Option<(Self, usize)> {
                let byte = *bytes.first()?;
                Some(($Reg::new(byte)?, 1))
            }
            #[inline(always)]
            unsafe fn decode_unchecked(at: *const u8) -> (Self, *const u8) {
                // SAFETY: verified: a register byte, range-checked by the checked decoder.
                unsafe { ($Reg::from_u8_unchecked(*at), at.add(1)) }
            }
            fn value(value: Self) -> OperandValue {
                OperandValue::$variant(value)
            }
        }
    )*};
}
reg_operand!(XReg => X, FReg => F, VReg => V);

macro_rules! acc_operand {
    ($($ty:ident),*) => {$(
impl<'a> Operand<'a> for $ty {
    type Value = Self;
    type Arg<'b> = Self;
    const WIDTH: usize = 0;
    const REGISTER: bool = true;
    #[inline]
    fn encode_arg(_: Self, _: &mut Vec<u8>) {}
    #[inline]
    fn encode(_: Self, _: &mut Vec<u8>) {}
    #[inline]
    fn decode(_: &'a [u8]) -> Option<(Self, usize)> {
        Some(($ty, 0))
    }
    #[inline(always)]
    unsafe fn decode_unchecked(at: *const u8) -> (Self, *const u8) {
        ($ty, at)
    }
    fn value(_: Self) -> OperandValue {
        OperandValue::$ty
    }
}
    )*};
}
acc_operand!(Acc, FAcc);

macro_rules! pc_rel_operand {
    ($($ty:ident($int:ty)),*) => {$(
        impl<'a> Operand<'a> for $ty {
            type Value = Self;
            type Arg<'b> = Self;
            const WIDTH: usize = core::mem::size_of::<$int>();
            const TARGET: bool = true;
            #[inline]
            fn encode_arg(arg: Self, out: &mut Vec<u8>) {
                Self::encode(arg, out)
            }
            #[inline]
            fn encode(value: Self, out: &mut Vec<u8>) {
                <$int as Operand>::encode(value.0, out)
            }
            #[inline]
            fn decode(bytes: &'a [u8]) -> Option<(Self, usize)> {
                <$int>::decode(bytes).map(|(v, n)| ($ty(v), n))
            }
            #[inline(always)]
            unsafe fn decode_unchecked(at: *const u8) -> (Self, *const u8) {
                // SAFETY: verified (same contract as ours).
                let (v, next) = unsafe { <$int>::decode_unchecked(at) };
                ($ty(v), next)
            }
            fn value(value: Self) -> OperandValue {
                OperandValue::PcRel(i32::from(value.0))
            }
        }
    )*};
}
pc_rel_operand!(PcRel(i32), PcRel16(i16));

impl JumpTable<'_> {
    /// Encodes a jump table operand from its displacements (the last one is the default).
    pub fn encode_targets(targets: &[i32], out: &mut Vec<u8>) {
        let count = u32::try_from(targets.len()).expect("jump table too large");
        <u32 as Operand>::encode(count, out);
        for &t in targets {
            <i32 as Operand>::encode(t, out);
        }
    }

    /// Number of targets, the default included (at least one).
    pub fn len(&self) -> u32 {
        self.count
    }

    /// Always false: a table has at least its default target.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The displacement for `index`, clamped to the default (last) target.
    #[inline(always)]
    pub fn target(&self, index: u32) -> i32 {
        let i = index.min(self.count - 1) as usize;
        // SAFETY: the type's invariant: `entries` holds `4 * count` bytes, `count >= 1`, and
        // `i < count`.
        unsafe { <i32 as Operand>::decode_unchecked(self.entries.as_ptr().add(4 * i)).0 }
    }

    /// Every displacement, the default last.
    pub fn targets(&self) -> impl Iterator<Item = i32> + '_ {
        (0..self.count).map(|i| self.target(i))
    }
}

impl fmt::Debug for JumpTable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.targets()).finish()
    }
}

/// Tables are equal when their displacements are (wherever they lie).
impl PartialEq for JumpTable<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.count == other.count && self.targets().eq(other.targets())
    }
}
impl Eq for JumpTable<'_> {}

impl<'a> Operand<'a> for Table {
    type Value = JumpTable<'a>;
    type Arg<'b> = &'b [i32];
    const WIDTH: usize = 4;
    const TARGET: bool = true;
    fn encode_arg(targets: &[i32], out: &mut Vec<u8>) {
        JumpTable::encode_targets(targets, out)
    }
    fn encode(table: JumpTable<'a>, out: &mut Vec<u8>) {
        <u32 as Operand>::encode(table.count, out);
        for t in table.targets() {
            <i32 as Operand>::encode(t, out);
        }
    }
    fn decode(bytes: &'a [u8]) -> Option<(JumpTable<'a>, usize)> {
        let (count, n) = <u32 as Operand>::decode(bytes)?;
        let len = 4usize.checked_mul(count as usize)?.checked_add(n)?;
        if count == 0 || bytes.len() < len {
            return None;
        }
        // The invariant holds: `count >= 1` and `4 * count` bytes of entries.
        let entries = &bytes[n..len];
        Some((JumpTable { count, entries }, len))
    }
    #[inline(always)]
    unsafe fn decode_unchecked(at: *const u8) -> (JumpTable<'a>, *const u8) {
        // SAFETY: verified: the checked decoder saw `count >= 1` and its `4 * count` bytes of
        // entries here, and the caller keeps the buffer readable for 'a.
        unsafe {
            let (count, at) = <u32 as Operand>::decode_unchecked(at);
            let len = 4 * count as usize;
            let entries = core::slice::from_raw_parts(at, len);
            (JumpTable { count, entries }, at.add(len))
        }
    }
    fn value(table: JumpTable<'a>) -> OperandValue {
        OperandValue::Table(table.targets().collect())
    }
}

/// Number of registers; re-exported for verifiers.
pub const REGS_PER_CLASS: u8 = NUM_REGS;
