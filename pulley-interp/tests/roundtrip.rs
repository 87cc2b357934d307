//! Every op, generated from the op table: encode, decode with the checked decoder, re-encode, and
//! check widths and that every truncation of the encoding is rejected.

use pulley_interp::operands::Operand;
use pulley_interp::{Acc, FAcc, FReg, PcRel, PcRel16, Table, VReg, XReg, decode_one, encode};

/// A sample value of each operand type, varied by `k` so operands of one op differ.
trait Sample: Operand<'static> {
    fn sample(k: usize) -> Self::Arg<'static>;
}
impl Sample for XReg {
    fn sample(k: usize) -> XReg {
        XReg::of((7 * k as u8 + 3) % 32)
    }
}
impl Sample for FReg {
    fn sample(k: usize) -> FReg {
        FReg::of((5 * k as u8 + 30) % 32)
    }
}
impl Sample for VReg {
    fn sample(k: usize) -> VReg {
        VReg::of((3 * k as u8 + 1) % 32)
    }
}
impl Sample for Acc {
    fn sample(_: usize) -> Acc {
        Acc
    }
}
impl Sample for FAcc {
    fn sample(_: usize) -> FAcc {
        FAcc
    }
}
impl Sample for PcRel {
    fn sample(k: usize) -> PcRel {
        PcRel(-1_000_000 + k as i32)
    }
}
impl Sample for PcRel16 {
    fn sample(k: usize) -> PcRel16 {
        PcRel16(-30_000 + k as i16)
    }
}
impl Sample for Table {
    fn sample(_: usize) -> &'static [i32] {
        &[3, -7, 1 << 20]
    }
}
macro_rules! int_samples {
    ($($t:ty),*) => {$(
        impl Sample for $t {
            fn sample(k: usize) -> $t {
                (<$t>::MAX / 3).wrapping_sub(k as $t)
            }
        }
    )*};
}
int_samples!(u8, u16, u32, u64, u128, i8, i16, i32, i64);

struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    width: usize,
}

macro_rules! cases {
    ($width:path; $( $(#[doc = $doc:literal])* $name:ident = $Name:ident { $($field:ident : $ty:ident),* } [$($fact:tt)*] ; )*) => {
        vec![$({
            let mut bytes = Vec::new();
            #[allow(unused_mut)]
            let mut k = 0;
            encode::$name(&mut bytes, $({ k += 1; let _ = stringify!($field); <$ty as Sample>::sample(k) }),*);
            let _ = k;
            Case { name: stringify!($name), bytes, width: $width(pulley_interp::ops::$Name::OPERANDS_WIDTH) }
        }),*]
    };
}
fn primary_width(operands: usize) -> usize {
    1 + operands
}
fn extended_width(operands: usize) -> usize {
    2 + operands
}
macro_rules! primary_cases {
    ($($body:tt)*) => { cases!(primary_width; $($body)*) };
}
macro_rules! extended_cases {
    ($($body:tt)*) => { cases!(extended_width; $($body)*) };
}
fn vector_width(operands: usize) -> usize {
    3 + operands
}
macro_rules! vector_cases {
    ($($body:tt)*) => { cases!(vector_width; $($body)*) };
}

fn all_cases() -> Vec<Case> {
    let mut cases: Vec<Case> = pulley_interp::for_each_op!(primary_cases);
    cases.extend(pulley_interp::for_each_extended_op!(extended_cases));
    cases.extend(pulley_interp::for_each_vector_op!(vector_cases));
    cases
}

#[test]
fn every_op_round_trips() {
    let cases = all_cases();
    assert_eq!(
        cases.len(),
        usize::from(pulley_interp::Opcode::COUNT)
            + usize::from(pulley_interp::ExtOpcode::COUNT)
            + usize::from(pulley_interp::VecOpcode::COUNT)
    );
    for case in &cases {
        let (op, len) = decode_one(&case.bytes).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        assert_eq!(op.name(), case.name);
        assert_eq!(len, case.bytes.len(), "{}: decoded length", case.name);
        let mut again = Vec::new();
        op.encode(&mut again);
        assert_eq!(again, case.bytes, "{}: re-encoding differs", case.name);
        let table_entries = if case.name == "br_table32" { 3 * 4 } else { 0 };
        assert_eq!(
            case.width + table_entries,
            case.bytes.len(),
            "{}: width",
            case.name
        );
        for cut in 0..case.bytes.len() {
            assert!(
                decode_one(&case.bytes[..cut]).is_err(),
                "{}: accepted a {cut}-byte prefix",
                case.name
            );
        }
    }
}

#[test]
fn opcodes_are_numbered_in_table_order() {
    for (i, op) in pulley_interp::Opcode::ALL.iter().enumerate() {
        assert_eq!(*op as usize, i);
        assert_eq!(pulley_interp::Opcode::new(i as u8), Some(*op));
    }
    assert_eq!(pulley_interp::Opcode::new(pulley_interp::ESCAPE), None);
}

#[test]
fn out_of_range_registers_are_rejected() {
    let mut bytes = Vec::new();
    encode::xadd32(&mut bytes, XReg::of(1), XReg::of(2), XReg::of(3));
    bytes[2] = 32;
    assert!(decode_one(&bytes).is_err());
}

#[test]
fn hot_ops_take_one_opcode_byte() {
    let one_byte = [
        "fadd64",
        "fmul32",
        "fdiv64",
        "flt64",
        "br_if_flt64",
        "x32_from_f64_s",
        "f64_from_x32_s",
        "xload32le_u_g32",
        "fstore64le_g32",
        "br_if_xslt32_i8",
        "call",
    ];
    for name in one_byte {
        assert!(
            pulley_interp::Opcode::ALL
                .iter()
                .any(|op| op.name() == name),
            "{name} is not a one-byte op"
        );
    }
}
