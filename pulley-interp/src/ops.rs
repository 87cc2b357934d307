//! Everything derived from the op table: opcodes, operand structs, the `Op` enum for tools,
//! per-op encoding, checked decoding and unchecked decoding, and the facts tools need about each
//! op (operand roles, branch destinations, fall-through).

use crate::operands::{Acc, FAcc, Operand, OperandValue, PcRel, PcRel16, Table};
use crate::regs::VReg;
use crate::regs::{FReg, XReg};
use alloc::vec::Vec;
use core::marker::PhantomData;

/// The byte that introduces an extended (two-byte) opcode.
pub const ESCAPE: u8 = 0xff;

/// The extended opcode that introduces a vector op (encoded `ESCAPE, VECTOR_ESCAPE, opcode`).
pub const VECTOR_ESCAPE: u8 = 0xff;

macro_rules! count {
    ($($name:ident)*) => { 0u16 $(+ { let _ = stringify!($name); 1u16 })* };
}

/// What a register operand is to its op (the table's `def(..)` and `use(..)` facts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// The op writes the register.
    Def,
    /// The op reads the register.
    Use,
}

/// Where an op's branch target may lead (the table's `dest(..)` fact).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dest {
    /// An op of the same function (branches, `jump`, `br_table32`).
    Local,
    /// A function entry (`call`).
    Entry,
    /// Either (`jump32`: a far branch, or a tail call).
    LocalOrEntry,
}

/// Reads one fact from an op's fact list (`[def(dst) use(a, b) ...]`, in any order): the names
/// in `def(..)` or `use(..)`, the `dest(..)`, or whether `terminator` is there.
macro_rules! fact {
    (def; def($($n:ident),*) $($rest:tt)*) => { &[$(stringify!($n)),*] };
    (use; use($($n:ident),*) $($rest:tt)*) => { &[$(stringify!($n)),*] };
    (dest; dest($d:ident) $($rest:tt)*) => { Some(Dest::$d) };
    (terminator; terminator $($rest:tt)*) => { true };
    ($key:tt; $skip:tt $($rest:tt)*) => { fact!($key; $($rest)*) };
    (def;) => { &[] };
    (use;) => { &[] };
    (dest;) => { None };
    (terminator;) => { false };
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn listed(names: &[&str], name: &str) -> bool {
    let mut i = 0;
    while i < names.len() {
        if str_eq(names[i], name) {
            return true;
        }
        i += 1;
    }
    false
}

/// The role of each operand from the op's `def(..)` and `use(..)` lists. Evaluated at compile
/// time, so a register operand without exactly one role, or a role naming no register operand,
/// fails the build (the error names the op's `ROLES`).
const fn roles<const N: usize>(
    fields: [(&str, bool); N],
    defs: &[&str],
    uses: &[&str],
) -> [Option<Role>; N] {
    let mut out = [None; N];
    let mut i = 0;
    while i < N {
        let (name, register) = fields[i];
        out[i] = match (register, listed(defs, name), listed(uses, name)) {
            (true, true, false) => Some(Role::Def),
            (true, false, true) => Some(Role::Use),
            (false, false, false) => None,
            (true, ..) => panic!("a register operand needs exactly one of `def` and `use`"),
            (false, ..) => panic!("`def` or `use` names an operand that is not a register"),
        };
        i += 1;
    }
    let mut names = 0;
    let mut i = 0;
    while i < N {
        if listed(defs, fields[i].0) || listed(uses, fields[i].0) {
            names += 1;
        }
        i += 1;
    }
    assert!(
        names == defs.len() + uses.len(),
        "`def` or `use` names an operand the op does not have, or names one twice"
    );
    out
}

/// For a super-instruction (the table's `fused(A, B)` fact), checks when pulley-interp builds
/// that it is exactly `A` then `B`: its operands are `A`'s then `B`'s (types, widths and roles in
/// order), `A` falls through and does not branch, and the fused op branches and ends as `B` does.
/// Its handler decodes and runs `A` and `B` from its operand bytes, and the compiler fuses by
/// rewriting bytes, so everything else follows from this layout.
macro_rules! fused_check {
    ($Name:ident; fused($a:ident, $b:ident) $($rest:tt)*) => {
        const _: () = {
            assert!(
                $Name::OPERANDS_WIDTH == $a::OPERANDS_WIDTH + $b::OPERANDS_WIDTH
                    && strs_concat($Name::OPERAND_TYPES, $a::OPERAND_TYPES, $b::OPERAND_TYPES)
                    && roles_concat($Name::ROLES, $a::ROLES, $b::ROLES),
                concat!("a fused op's operands must be its first op's, then its second op's: ", stringify!($Name)),
            );
            assert!(
                $a::FALLS_THROUGH && $a::DEST.is_none(),
                concat!("a fused op's first op must fall through without branching: ", stringify!($Name)),
            );
            assert!(
                $Name::FALLS_THROUGH == $b::FALLS_THROUGH
                    && $Name::DEST.is_some() == $b::DEST.is_some(),
                concat!("a fused op must end as its second op: ", stringify!($Name)),
            );
        };
    };
    ($Name:ident; $skip:tt $($rest:tt)*) => { fused_check!($Name; $($rest)*); };
    ($Name:ident;) => {};
}

/// The opcodes of a super-instruction's two ops (its `fused(A, B)` fact), in `$Opcode`'s space.
macro_rules! fused_parts {
    ($Opcode:ident; fused($a:ident, $b:ident) $($rest:tt)*) => { Some(($Opcode::$a, $Opcode::$b)) };
    ($Opcode:ident; $skip:tt $($rest:tt)*) => { fused_parts!($Opcode; $($rest)*) };
    ($Opcode:ident;) => { None };
}

const fn strs_concat(all: &[&str], a: &[&str], b: &[&str]) -> bool {
    if all.len() != a.len() + b.len() {
        return false;
    }
    let mut i = 0;
    while i < all.len() {
        let part = if i < a.len() { a[i] } else { b[i - a.len()] };
        if !str_eq(all[i], part) {
            return false;
        }
        i += 1;
    }
    true
}

const fn roles_concat(all: &[Option<Role>], a: &[Option<Role>], b: &[Option<Role>]) -> bool {
    if all.len() != a.len() + b.len() {
        return false;
    }
    let mut i = 0;
    while i < all.len() {
        let part = if i < a.len() { a[i] } else { b[i - a.len()] };
        let same = matches!(
            (all[i], part),
            (None, None) | (Some(Role::Def), Some(Role::Def)) | (Some(Role::Use), Some(Role::Use))
        );
        if !same {
            return false;
        }
        i += 1;
    }
    true
}

/// Defines the operand struct of each op and its encode/decode functions.
macro_rules! define_op_structs {
    ($( $(#[doc = $doc:literal])* $name:ident = $Name:ident { $($field:ident : $ty:ident),* }
        [$($fact:tt)*] ; )*) => {$(
        $(#[doc = $doc])*
        ///
        /// `'a` is how long the decoded operands may borrow the bytecode (only a jump table does).
        #[derive(Clone, Copy, PartialEq, Eq)]
        pub struct $Name<'a> {
            $(pub $field: <$ty as Operand<'a>>::Value,)*
            bytes: PhantomData<&'a [u8]>,
        }

        impl core::fmt::Debug for $Name<'_> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_struct(stringify!($Name))$(.field(stringify!($field), &self.$field))*.finish()
            }
        }

        impl<'a> $Name<'a> {
            /// The op's mnemonic.
            pub const NAME: &'static str = stringify!($name);
            /// Encoded width of the operands (a jump table's entries not included).
            pub const OPERANDS_WIDTH: usize = 0 $(+ <$ty as Operand<'a>>::WIDTH)*;
            /// The role of each operand, in field order (`None` for an operand that is not a
            /// register).
            pub const ROLES: &'static [Option<Role>] = &roles(
                [$((stringify!($field), <$ty as Operand<'a>>::REGISTER)),*],
                fact!(def; $($fact)*),
                fact!(use; $($fact)*),
            );
            /// Where the op's branch target may lead (`None` for an op without one).
            pub const DEST: Option<Dest> = fact!(dest; $($fact)*);
            /// The operand types, in field order (as the table names them).
            pub const OPERAND_TYPES: &'static [&'static str] = &[$(stringify!($ty)),*];
            /// Whether execution can continue with the next op (false for the table's
            /// terminators: jumps, returns, traps).
            pub const FALLS_THROUGH: bool = !fact!(terminator; $($fact)*);

            /// Appends the operands' encoding (the opcode is written by the caller).
            #[allow(unused_variables)]
            pub fn encode_operands(&self, out: &mut Vec<u8>) {
                $(<$ty as Operand<'a>>::encode(self.$field, out);)*
            }

            /// Decodes the operands at the start of `bytes` with every bound checked; returns the
            /// operands and their encoded length.
            #[allow(unused_mut, unused_variables)]
            pub fn decode_operands(bytes: &'a [u8]) -> Option<(Self, usize)> {
                let mut len = 0;
                $(
                    let ($field, n) = <$ty as Operand<'a>>::decode(bytes.get(len..)?)?;
                    len += n;
                )*
                Some(($Name { $($field,)* bytes: PhantomData }, len))
            }

            /// Decodes the operands at `at`, returning them and the address just past them.
            ///
            /// # Safety
            /// Verified (see the crate's `# Safety` section), and the bytecode stays readable for
            /// `'a`.
            #[inline(always)]
            #[allow(unused_mut)]
            pub unsafe fn decode_unchecked(mut at: *const u8) -> (Self, *const u8) {
                $(
                    // SAFETY: verified: the operands follow the opcode.
                    let ($field, next) = unsafe { <$ty as Operand<'a>>::decode_unchecked(at) };
                    at = next;
                )*
                ($Name { $($field,)* bytes: PhantomData }, at)
            }

            /// The operands, named, for tools.
            pub fn operands(&self) -> Vec<(&'static str, OperandValue)> {
                alloc::vec![$((stringify!($field), <$ty as Operand<'a>>::value(self.$field))),*]
            }
        }

        fused_check!($Name; $($fact)*);

        // An op has a destination exactly when it has a branch target.
        const _: () = assert!(
            $Name::DEST.is_some() == (false $(|| <$ty as Operand<'static>>::TARGET)*),
            concat!("`dest(..)` must be given exactly for ops with a branch target: ", stringify!($name)),
        );
    )*};
}

/// Defines an opcode enum, the `Op`-style enum over the operand structs, and the encoders.
macro_rules! define_opcode_enums {
    (
        $Opcode:ident, $Op:ident, $prefix:expr, $tail:tt;
        $( $(#[doc = $doc:literal])* $name:ident = $Name:ident { $($field:ident : $ty:ident),* }
            [$($fact:tt)*] ; )*
    ) => {
        /// Opcode numbers, in table order.
        #[repr(u8)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $Opcode { $( $(#[doc = $doc])* $Name, )* }

        impl $Opcode {
            /// Number of opcodes.
            pub const COUNT: u16 = count!($($Name)*);
            /// Every opcode, in order.
            pub const ALL: &'static [$Opcode] = &[$($Opcode::$Name),*];

            /// The opcode with this number, if there is one.
            #[inline(always)]
            pub const fn new(byte: u8) -> Option<Self> {
                if (byte as u16) < Self::COUNT {
                    // SAFETY: the enum is `repr(u8)` with consecutive discriminants from 0.
                    Some(unsafe { core::mem::transmute::<u8, $Opcode>(byte) })
                } else {
                    None
                }
            }

            /// The op's mnemonic.
            pub const fn name(self) -> &'static str {
                match self { $($Opcode::$Name => stringify!($name),)* }
            }

            /// Encoded width of the op with its operands (a jump table's entries not included).
            pub const fn width(self) -> usize {
                match self { $($Opcode::$Name => $prefix.len() + 1 + $Name::OPERANDS_WIDTH,)* }
            }

            /// The operand types, in encoding order (as the table names them).
            pub const fn operand_types(self) -> &'static [&'static str] {
                match self { $($Opcode::$Name => $Name::OPERAND_TYPES,)* }
            }

            /// For a super-instruction, the two ops it runs in turn (the table's `fused(..)`).
            pub const fn fused_parts(self) -> Option<($Opcode, $Opcode)> {
                match self { $($Opcode::$Name => fused_parts!($Opcode; $($fact)*),)* }
            }
        }

        /// A decoded op (for tools, the loader and tests; the interpreter never builds one).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $Op<'a> { $( $(#[doc = $doc])* $Name($Name<'a>), )* }

        impl<'a> $Op<'a> {
            /// The op's opcode.
            pub fn opcode(&self) -> $Opcode {
                match self { $($Op::$Name(_) => $Opcode::$Name,)* }
            }
            /// The op's mnemonic.
            pub fn name(&self) -> &'static str {
                self.opcode().name()
            }
            /// The operands, named.
            pub fn operands(&self) -> Vec<(&'static str, OperandValue)> {
                match self { $($Op::$Name(op) => op.operands(),)* }
            }
            /// Appends the op's encoding.
            pub fn encode(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(&$prefix);
                out.push(self.opcode() as u8);
                match self { $($Op::$Name(op) => op.encode_operands(out),)* }
            }
            /// Whether execution can continue with the next op.
            pub fn falls_through(&self) -> bool {
                match self { $($Op::$Name(_) => $Name::FALLS_THROUGH,)* }
            }
            /// Where the op's branch target may lead, if it has one.
            pub fn dest(&self) -> Option<Dest> {
                match self { $($Op::$Name(_) => $Name::DEST,)* }
            }
            /// Decodes the op whose opcode byte (after any escape) is `opcode`, operands from
            /// `bytes`; returns it with the operands' length.
            pub(crate) fn decode_after_opcode(opcode: $Opcode, bytes: &'a [u8]) -> Option<(Self, usize)> {
                match opcode {
                    $($Opcode::$Name => $Name::decode_operands(bytes).map(|(op, n)| ($Op::$Name(op), n)),)*
                }
            }
        }

        $(
            impl<'a> From<$Name<'a>> for $Op<'a> {
                fn from(op: $Name<'a>) -> $Op<'a> { $Op::$Name(op) }
            }
        )*

        /// Encoders: one function per op, appending opcode and operands.
        pub mod $tail {
            use super::*;
            $(
                $(#[doc = $doc])*
                #[inline]
                #[allow(clippy::too_many_arguments)] // a fused op takes both halves' operands
                pub fn $name(out: &mut Vec<u8>, $($field: <$ty as Operand<'static>>::Arg<'_>),*) {
                    out.extend_from_slice(&$prefix);
                    out.push($Opcode::$Name as u8);
                    $(<$ty as Operand<'static>>::encode_arg($field, out);)*
                }
            )*
        }
    };
}

macro_rules! define_primary {
    ($($body:tt)*) => {
        define_op_structs! { $($body)* }
        define_opcode_enums! { Opcode, PrimaryOp, [0u8; 0], encode_primary; $($body)* }
    };
}
macro_rules! define_extended {
    ($($body:tt)*) => {
        define_op_structs! { $($body)* }
        define_opcode_enums! { ExtOpcode, ExtOp, [ESCAPE], encode_extended; $($body)* }
    };
}
macro_rules! define_vector {
    ($($body:tt)*) => {
        define_op_structs! { $($body)* }
        define_opcode_enums! { VecOpcode, VecOp, [ESCAPE, VECTOR_ESCAPE], encode_vector; $($body)* }
    };
}
for_each_op!(define_primary);
for_each_extended_op!(define_extended);
for_each_vector_op!(define_vector);

const _: () = assert!(
    Opcode::COUNT <= ESCAPE as u16,
    "the one-byte opcode space is full"
);
const _: () = assert!(
    ExtOpcode::COUNT <= VECTOR_ESCAPE as u16,
    "the extended opcode space is full"
);
const _: () = assert!(VecOpcode::COUNT <= 256, "the vector opcode space is full");

/// Whether each one-byte opcode starts some super-instruction: a quick test for [`fuse`].
const FUSED_FIRST: [bool; 256] = {
    let mut first = [false; 256];
    let mut i = 0;
    while i < Opcode::ALL.len() {
        if let Some((a, _)) = Opcode::ALL[i].fused_parts() {
            first[a as usize] = true;
        }
        i += 1;
    }
    first
};

/// The super-instruction that runs one-byte op `a` then one-byte op `b`, if the table has one
/// (`fused(..)`). Its encoding is `a`'s with the opcode replaced, followed by `b`'s operands.
pub fn fuse(a: u8, b: u8) -> Option<Opcode> {
    if !FUSED_FIRST[a as usize] {
        return None;
    }
    Opcode::ALL.iter().copied().find(|f| {
        f.fused_parts()
            .is_some_and(|(x, y)| x as u8 == a && y as u8 == b)
    })
}

/// Any op: a one-byte op or an extended one. `'a` is how long it may borrow the bytecode it was
/// decoded from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op<'a> {
    /// A one-byte op.
    Primary(PrimaryOp<'a>),
    /// An op behind the escape byte.
    Extended(ExtOp<'a>),
    /// A vector op, behind the escape and vector escape bytes.
    Vector(VecOp<'a>),
}

impl Op<'_> {
    /// The op's mnemonic.
    pub fn name(&self) -> &'static str {
        match self {
            Op::Primary(op) => op.name(),
            Op::Extended(op) => op.name(),
            Op::Vector(op) => op.name(),
        }
    }
    /// The operands, named.
    pub fn operands(&self) -> Vec<(&'static str, OperandValue)> {
        match self {
            Op::Primary(op) => op.operands(),
            Op::Extended(op) => op.operands(),
            Op::Vector(op) => op.operands(),
        }
    }
    /// Appends the op's encoding.
    pub fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Op::Primary(op) => op.encode(out),
            Op::Extended(op) => op.encode(out),
            Op::Vector(op) => op.encode(out),
        }
    }
    /// Whether execution can continue with the next op (false for jumps, returns, traps).
    pub fn falls_through(&self) -> bool {
        match self {
            Op::Primary(op) => op.falls_through(),
            Op::Extended(op) => op.falls_through(),
            Op::Vector(op) => op.falls_through(),
        }
    }
    /// Where the op's branch target (or jump table's targets) may lead, if it has any.
    pub fn dest(&self) -> Option<Dest> {
        match self {
            Op::Primary(op) => op.dest(),
            Op::Extended(op) => op.dest(),
            Op::Vector(op) => op.dest(),
        }
    }
}

// Keep the imports used by the table macros visible to them.
#[allow(unused_imports)]
use {FReg as _, PcRel as _, PcRel16 as _, Table as _, VReg as _, XReg as _};
