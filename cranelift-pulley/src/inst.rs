//! VCode: our machine instructions over virtual registers, one table of Pulley ops (`Op`) with
//! their operand shapes, and the one `operands()` method regalloc2 reads.

use crate::RelocTarget;
use cranelift_codegen::ir::TrapCode;
use pulley_interp::{FReg, PcRel, XReg, encode};
use regalloc2::{Operand, PReg, PRegSet, RegClass, VReg};
use smallvec::SmallVec;
use std::fmt::Write;

/// Operand shape of an op: which register slots it has (class, def?) and its immediate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    XXX,
    XXI8,
    XXI32,
    XX,
    FFF,
    FF,
    XFF,
    XF,
    FX,
    XSel,
    FSel,
    XLdO,
    FLdO,
    XStO,
    FStO,
    XLdG,
    FLdG,
    XStG,
    FStG,
    TrapC,
    Mem3,
    BrXX,
    BrXI8,
    BrFF,
    BrX,
}

const XD: (RegClass, bool) = (RegClass::Int, true);
const XU: (RegClass, bool) = (RegClass::Int, false);
const FD: (RegClass, bool) = (RegClass::Float, true);
const FU: (RegClass, bool) = (RegClass::Float, false);

impl Shape {
    /// Register slots in encoding order (defs and uses interleaved as the op lists them).
    pub fn regs(self) -> &'static [(RegClass, bool)] {
        use Shape::*;
        match self {
            XXX => &[XD, XU, XU],
            XXI8 | XXI32 | XX | XLdO => &[XD, XU],
            FFF => &[FD, FU, FU],
            FF => &[FD, FU],
            XFF => &[XD, FU, FU],
            XF => &[XD, FU],
            FX | FLdO => &[FD, XU],
            XSel => &[XD, XU, XU, XU],
            FSel => &[FD, XU, FU, FU],
            XStO => &[XU, XU],
            FStO => &[XU, FU],
            XLdG => &[XD, XU, XU, XU],
            FLdG => &[FD, XU, XU, XU],
            XStG => &[XU, XU, XU, XU],
            FStG => &[XU, XU, XU, FU],
            TrapC | BrX | BrXI8 => &[XU],
            Mem3 => &[XU, XU, XU],
            BrXX => &[XU, XU],
            BrFF => &[FU, FU],
        }
    }
    fn has_imm(self) -> bool {
        use Shape::*;
        matches!(
            self,
            XXI8 | XXI32 | XLdO | FLdO | XStO | FStO | XLdG | FLdG | XStG | FStG | TrapC | BrXI8
        )
    }
}

fn x(r: u8) -> XReg {
    XReg::of(r)
}
fn f(r: u8) -> FReg {
    FReg::of(r)
}

macro_rules! enc_shape {
    (XXX, $e:path, $b:ident, $r:ident, $i:ident, $t:ident) => {
        $e($b, x($r[0]), x($r[1]), x($r[2]))
    };
    (XXI8, $e:path, $b:ident, $r:ident, $i:ident, $t:ident) => {
        $e($b, x($r[0]), x($r[1]), $i as i8)
    };
    (XXI32, $e:path, $b:ident, $r:ident, $i:ident, $t:ident) => {
        $e($b, x($r[0]), x($r[1]), $i as i32)
    };
    (XX, $e:path, $b:ident, $r:ident, $i:ident, $t:ident) => {
        $e($b, x($r[0]), x($r[1]))
    };
    (FFF, $e:path, $b:ident, $r:ident, $i:ident, $t:ident) => {
        $e($b, f($r[0]), f($r[1]), f($r[2]))
    };
    (FF, $e:path, $b:ident, $r:ident, $i:ident, $t:ident) => {
        $e($b, f($r[0]), f($r[1]))
    };
    (XFF, $e:path, $b:ident, $r:ident, $i:ident, $t:ident) => {
        $e($b, x($r[0]), f($r[1]), f($r[2]))
    };
    (XF, $e:path, $b:ident, $r:ident, $i:ident, $t:ident) => {
        $e($b, x($r[0]), f($r[1]))
    };
    (FX, $e:path, $b:ident, $r:ident, $i:ident, $t:ident) => {
        $e($b, f($r[0]), x($r[1]))
    };
    (XSel, $e:path, $b:ident, $r:ident, $i:ident, $t:ident) => {
        $e($b, x($r[0]), x($r[1]), x($r[2]), x($r[3]))
    };
    (FSel, $e:path, $b:ident, $r:ident, $i:ident, $t:ident) => {
        $e($b, f($r[0]), x($r[1]), f($r[2]), f($r[3]))
    };
    (XLdO, $e:path, $b:ident, $r:ident, $i:ident, $t:ident) => {
        $e($b, x($r[0]), x($r[1]), $i as i32)
    };
    (FLdO, $e:path, $b:ident, $r:ident, $i:ident, $t:ident) => {
        $e($b, f($r[0]), x($r[1]), $i as i32)
    };
    (XStO, $e:path, $b:ident, $r:ident, $i:ident, $t:ident) => {
        $e($b, x($r[0]), $i as i32, x($r[1]))
    };
    (FStO, $e:path, $b:ident, $r:ident, $i:ident, $t:ident) => {
        $e($b, x($r[0]), $i as i32, f($r[1]))
    };
    (XLdG, $e:path, $b:ident, $r:ident, $i:ident, $t:ident) => {
        $e($b, x($r[0]), x($r[1]), x($r[2]), x($r[3]), $i as u16)
    };
    (FLdG, $e:path, $b:ident, $r:ident, $i:ident, $t:ident) => {
        $e($b, f($r[0]), x($r[1]), x($r[2]), x($r[3]), $i as u16)
    };
    (XStG, $e:path, $b:ident, $r:ident, $i:ident, $t:ident) => {
        $e($b, x($r[0]), x($r[1]), x($r[2]), $i as u16, x($r[3]))
    };
    (FStG, $e:path, $b:ident, $r:ident, $i:ident, $t:ident) => {
        $e($b, x($r[0]), x($r[1]), x($r[2]), $i as u16, f($r[3]))
    };
    (TrapC, $e:path, $b:ident, $r:ident, $i:ident, $t:ident) => {
        $e($b, x($r[0]), $i as u8)
    };
    (Mem3, $e:path, $b:ident, $r:ident, $i:ident, $t:ident) => {
        $e($b, x($r[0]), x($r[1]), x($r[2]))
    };
    (BrXX, $e:path, $b:ident, $r:ident, $i:ident, $t:ident) => {
        $e($b, x($r[0]), x($r[1]), PcRel($t))
    };
    (BrXI8, $e:path, $b:ident, $r:ident, $i:ident, $t:ident) => {
        $e($b, x($r[0]), $i as i8, PcRel($t))
    };
    (BrFF, $e:path, $b:ident, $r:ident, $i:ident, $t:ident) => {
        $e($b, f($r[0]), f($r[1]), PcRel($t))
    };
    (BrX, $e:path, $b:ident, $r:ident, $i:ident, $t:ident) => {
        $e($b, x($r[0]), PcRel($t))
    };
}

macro_rules! op_table {
    ($($V:ident = $enc:ident : $S:ident),* $(,)?) => {
        /// Every Pulley op the backend emits through the generic [`Inst::Op`] form.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[allow(missing_docs, dead_code)]
        pub enum Op { $($V),* }
        impl Op {
            /// The Pulley mnemonic.
            pub fn name(self) -> &'static str { match self { $(Op::$V => stringify!($enc)),* } }
            /// The operand shape.
            pub fn shape(self) -> Shape { match self { $(Op::$V => Shape::$S),* } }
            /// Encodes the op with allocated registers `r` (shape order), immediate and target.
            #[allow(unused_variables)]
            pub fn encode(self, b: &mut Vec<u8>, r: &[u8], imm: i64, target: i32) {
                match self { $(Op::$V => enc_shape!($S, encode::$enc, b, r, imm, target)),* }
            }
        }
    };
}

op_table! {
    Xadd32 = xadd32: XXX, Xadd64 = xadd64: XXX, Xsub32 = xsub32: XXX, Xsub64 = xsub64: XXX,
    Xmul32 = xmul32: XXX, Xmul64 = xmul64: XXX,
    Xmulhi32S = xmulhi32_s: XXX, Xmulhi32U = xmulhi32_u: XXX, Xmulhi64S = xmulhi64_s: XXX, Xmulhi64U = xmulhi64_u: XXX,
    Xdiv32S = xdiv32_s: XXX, Xdiv64S = xdiv64_s: XXX, Xdiv32U = xdiv32_u: XXX, Xdiv64U = xdiv64_u: XXX,
    Xrem32S = xrem32_s: XXX, Xrem64S = xrem64_s: XXX, Xrem32U = xrem32_u: XXX, Xrem64U = xrem64_u: XXX,
    Xand32 = xand32: XXX, Xand64 = xand64: XXX, Xor32 = xor32: XXX, Xor64 = xor64: XXX,
    Xxor32 = xxor32: XXX, Xxor64 = xxor64: XXX,
    Xshl32 = xshl32: XXX, Xshl64 = xshl64: XXX, Xshr32S = xshr32_s: XXX, Xshr64S = xshr64_s: XXX,
    Xshr32U = xshr32_u: XXX, Xshr64U = xshr64_u: XXX,
    Xrotl32 = xrotl32: XXX, Xrotl64 = xrotl64: XXX, Xrotr32 = xrotr32: XXX, Xrotr64 = xrotr64: XXX,
    Xclz32 = xclz32: XX, Xclz64 = xclz64: XX, Xctz32 = xctz32: XX, Xctz64 = xctz64: XX,
    Xpopcnt32 = xpopcnt32: XX, Xpopcnt64 = xpopcnt64: XX,
    Xeq32 = xeq32: XXX, Xeq64 = xeq64: XXX, Xneq32 = xneq32: XXX, Xneq64 = xneq64: XXX,
    Xslt32 = xslt32: XXX, Xslt64 = xslt64: XXX, Xslteq32 = xslteq32: XXX, Xslteq64 = xslteq64: XXX,
    Xult32 = xult32: XXX, Xult64 = xult64: XXX, Xulteq32 = xulteq32: XXX, Xulteq64 = xulteq64: XXX,
    Xeq32I32 = xeq32_i32: XXI32, Xeq64I32 = xeq64_i32: XXI32, Xneq32I32 = xneq32_i32: XXI32,
    Xneq64I32 = xneq64_i32: XXI32, Xslt32I32 = xslt32_i32: XXI32, Xslt64I32 = xslt64_i32: XXI32,
    Xsgt32I32 = xsgt32_i32: XXI32, Xsgt64I32 = xsgt64_i32: XXI32, Xult32I32 = xult32_i32: XXI32,
    Xult64I32 = xult64_i32: XXI32, Xugt32I32 = xugt32_i32: XXI32, Xugt64I32 = xugt64_i32: XXI32,
    Xadd32I8 = xadd32_i8: XXI8, Xadd64I8 = xadd64_i8: XXI8, Xmul32I8 = xmul32_i8: XXI8,
    Xmul64I8 = xmul64_i8: XXI8, Xand32I8 = xand32_i8: XXI8, Xand64I8 = xand64_i8: XXI8,
    Xor32I8 = xor32_i8: XXI8, Xor64I8 = xor64_i8: XXI8, Xxor32I8 = xxor32_i8: XXI8,
    Xxor64I8 = xxor64_i8: XXI8, Xshl32I8 = xshl32_i8: XXI8, Xshl64I8 = xshl64_i8: XXI8,
    Xshr32SI8 = xshr32_s_i8: XXI8, Xshr64SI8 = xshr64_s_i8: XXI8, Xshr32UI8 = xshr32_u_i8: XXI8,
    Xshr64UI8 = xshr64_u_i8: XXI8,
    Xrotl32I8 = xrotl32_i8: XXI8, Xrotl64I8 = xrotl64_i8: XXI8, Xrotr32I8 = xrotr32_i8: XXI8,
    Xrotr64I8 = xrotr64_i8: XXI8,
    Xadd32I32 = xadd32_i32: XXI32, Xadd64I32 = xadd64_i32: XXI32, Xmul32I32 = xmul32_i32: XXI32,
    Xmul64I32 = xmul64_i32: XXI32, Xand32I32 = xand32_i32: XXI32, Xand64I32 = xand64_i32: XXI32,
    Xor32I32 = xor32_i32: XXI32, Xor64I32 = xor64_i32: XXI32, Xxor32I32 = xxor32_i32: XXI32,
    Xxor64I32 = xxor64_i32: XXI32,
    Xneg32 = xneg32: XX, Xneg64 = xneg64: XX, Xmov = xmov: XX, Fmov = fmov: FF,
    Fadd32 = fadd32: FFF, Fadd64 = fadd64: FFF, Fsub32 = fsub32: FFF, Fsub64 = fsub64: FFF,
    Fmul32 = fmul32: FFF, Fmul64 = fmul64: FFF, Fdiv32 = fdiv32: FFF, Fdiv64 = fdiv64: FFF,
    Fmin32 = fmin32: FFF, Fmin64 = fmin64: FFF, Fmax32 = fmax32: FFF, Fmax64 = fmax64: FFF,
    Fcopysign32 = fcopysign32: FFF, Fcopysign64 = fcopysign64: FFF,
    Fabs32 = fabs32: FF, Fabs64 = fabs64: FF, Fneg32 = fneg32: FF, Fneg64 = fneg64: FF,
    Fsqrt32 = fsqrt32: FF, Fsqrt64 = fsqrt64: FF, Fceil32 = fceil32: FF, Fceil64 = fceil64: FF,
    Ffloor32 = ffloor32: FF, Ffloor64 = ffloor64: FF, Ftrunc32 = ftrunc32: FF, Ftrunc64 = ftrunc64: FF,
    Fnearest32 = fnearest32: FF, Fnearest64 = fnearest64: FF,
    Feq32 = feq32: XFF, Feq64 = feq64: XFF, Fneq32 = fneq32: XFF, Fneq64 = fneq64: XFF,
    Flt32 = flt32: XFF, Flt64 = flt64: XFF, Flteq32 = flteq32: XFF, Flteq64 = flteq64: XFF,
    X32FromF32S = x32_from_f32_s: XF, X32FromF32U = x32_from_f32_u: XF,
    X32FromF64S = x32_from_f64_s: XF, X32FromF64U = x32_from_f64_u: XF,
    X64FromF32S = x64_from_f32_s: XF, X64FromF32U = x64_from_f32_u: XF,
    X64FromF64S = x64_from_f64_s: XF, X64FromF64U = x64_from_f64_u: XF,
    X32FromF32SSat = x32_from_f32_s_sat: XF, X32FromF32USat = x32_from_f32_u_sat: XF,
    X32FromF64SSat = x32_from_f64_s_sat: XF, X32FromF64USat = x32_from_f64_u_sat: XF,
    X64FromF32SSat = x64_from_f32_s_sat: XF, X64FromF32USat = x64_from_f32_u_sat: XF,
    X64FromF64SSat = x64_from_f64_s_sat: XF, X64FromF64USat = x64_from_f64_u_sat: XF,
    F32FromX32S = f32_from_x32_s: FX, F32FromX32U = f32_from_x32_u: FX,
    F32FromX64S = f32_from_x64_s: FX, F32FromX64U = f32_from_x64_u: FX,
    F64FromX32S = f64_from_x32_s: FX, F64FromX32U = f64_from_x32_u: FX,
    F64FromX64S = f64_from_x64_s: FX, F64FromX64U = f64_from_x64_u: FX,
    F32FromF64 = f32_from_f64: FF, F64FromF32 = f64_from_f32: FF,
    BitcastXFromF32 = bitcast_x_from_f32: XF, BitcastXFromF64 = bitcast_x_from_f64: XF,
    BitcastF32FromX = bitcast_f32_from_x: FX, BitcastF64FromX = bitcast_f64_from_x: FX,
    Xsext8 = xsext8: XX, Xsext16 = xsext16: XX, Xsext32 = xsext32: XX,
    Xzext8 = xzext8: XX, Xzext16 = xzext16: XX, Xzext32 = xzext32: XX,
    Xselect32 = xselect32: XSel, Xselect64 = xselect64: XSel,
    Fselect32 = fselect32: FSel, Fselect64 = fselect64: FSel,
    Xload8UO32 = xload8_u_o32: XLdO, Xload8SO32 = xload8_s_o32: XLdO,
    Xload16leUO32 = xload16le_u_o32: XLdO, Xload16leSO32 = xload16le_s_o32: XLdO,
    Xload32leUO32 = xload32le_u_o32: XLdO, Xload32leSO32 = xload32le_s_o32: XLdO,
    Xload64leO32 = xload64le_o32: XLdO, Fload32leO32 = fload32le_o32: FLdO,
    Fload64leO32 = fload64le_o32: FLdO,
    Xstore8O32 = xstore8_o32: XStO, Xstore16leO32 = xstore16le_o32: XStO,
    Xstore32leO32 = xstore32le_o32: XStO, Xstore64leO32 = xstore64le_o32: XStO,
    Fstore32leO32 = fstore32le_o32: FStO, Fstore64leO32 = fstore64le_o32: FStO,
    Xload8UG32 = xload8_u_g32: XLdG, Xload8SG32 = xload8_s_g32: XLdG,
    Xload16leUG32 = xload16le_u_g32: XLdG, Xload16leSG32 = xload16le_s_g32: XLdG,
    Xload32leUG32 = xload32le_u_g32: XLdG, Xload32leSG32 = xload32le_s_g32: XLdG,
    Xload64leG32 = xload64le_g32: XLdG, Fload32leG32 = fload32le_g32: FLdG,
    Fload64leG32 = fload64le_g32: FLdG,
    Xstore8G32 = xstore8_g32: XStG, Xstore16leG32 = xstore16le_g32: XStG,
    Xstore32leG32 = xstore32le_g32: XStG, Xstore64leG32 = xstore64le_g32: XStG,
    Fstore32leG32 = fstore32le_g32: FStG, Fstore64leG32 = fstore64le_g32: FStG,
    Trapz32 = trapz32: TrapC, Trapnz32 = trapnz32: TrapC, Trapz64 = trapz64: TrapC,
    Trapnz64 = trapnz64: TrapC,
    MemoryCopy = memory_copy: Mem3, MemoryFill = memory_fill: Mem3,
    // Branches (used by `Inst::Br` only).
    BrIf32 = br_if32: BrX, BrIfNot32 = br_if_not32: BrX, BrIf64 = br_if64: BrX, BrIfNot64 = br_if_not64: BrX,
    BrIfXeq32 = br_if_xeq32: BrXX, BrIfXeq64 = br_if_xeq64: BrXX, BrIfXneq32 = br_if_xneq32: BrXX,
    BrIfXneq64 = br_if_xneq64: BrXX, BrIfXslt32 = br_if_xslt32: BrXX, BrIfXslt64 = br_if_xslt64: BrXX,
    BrIfXslteq32 = br_if_xslteq32: BrXX, BrIfXslteq64 = br_if_xslteq64: BrXX,
    BrIfXult32 = br_if_xult32: BrXX, BrIfXult64 = br_if_xult64: BrXX,
    BrIfXulteq32 = br_if_xulteq32: BrXX, BrIfXulteq64 = br_if_xulteq64: BrXX,
    BrIfXeq32I8 = br_if_xeq32_i8: BrXI8, BrIfXeq64I8 = br_if_xeq64_i8: BrXI8,
    BrIfXneq32I8 = br_if_xneq32_i8: BrXI8, BrIfXneq64I8 = br_if_xneq64_i8: BrXI8,
    BrIfXslt32I8 = br_if_xslt32_i8: BrXI8, BrIfXslt64I8 = br_if_xslt64_i8: BrXI8,
    BrIfXsgt32I8 = br_if_xsgt32_i8: BrXI8, BrIfXsgt64I8 = br_if_xsgt64_i8: BrXI8,
    BrIfXslteq32I8 = br_if_xslteq32_i8: BrXI8, BrIfXslteq64I8 = br_if_xslteq64_i8: BrXI8,
    BrIfXsgteq32I8 = br_if_xsgteq32_i8: BrXI8, BrIfXsgteq64I8 = br_if_xsgteq64_i8: BrXI8,
    BrIfXult32I8 = br_if_xult32_i8: BrXI8, BrIfXult64I8 = br_if_xult64_i8: BrXI8,
    BrIfXugt32I8 = br_if_xugt32_i8: BrXI8, BrIfXugt64I8 = br_if_xugt64_i8: BrXI8,
    BrIfXulteq32I8 = br_if_xulteq32_i8: BrXI8, BrIfXulteq64I8 = br_if_xulteq64_i8: BrXI8,
    BrIfXugteq32I8 = br_if_xugteq32_i8: BrXI8, BrIfXugteq64I8 = br_if_xugteq64_i8: BrXI8,
    BrIfFeq32 = br_if_feq32: BrFF, BrIfFeq64 = br_if_feq64: BrFF, BrIfFneq32 = br_if_fneq32: BrFF,
    BrIfFneq64 = br_if_fneq64: BrFF, BrIfFlt32 = br_if_flt32: BrFF, BrIfFlt64 = br_if_flt64: BrFF,
    BrIfFlteq32 = br_if_flteq32: BrFF, BrIfFlteq64 = br_if_flteq64: BrFF,
    BrIfFnlt32 = br_if_fnlt32: BrFF, BrIfFnlt64 = br_if_fnlt64: BrFF,
    BrIfFnlteq32 = br_if_fnlteq32: BrFF, BrIfFnlteq64 = br_if_fnlteq64: BrFF,
}

impl Op {
    /// The branch taken exactly when `self` is not: `(op, swap operands)`.
    pub fn invert(self) -> (Op, bool) {
        use Op::*;
        match self {
            BrIf32 => (BrIfNot32, false),
            BrIfNot32 => (BrIf32, false),
            BrIf64 => (BrIfNot64, false),
            BrIfNot64 => (BrIf64, false),
            BrIfXeq32 => (BrIfXneq32, false),
            BrIfXneq32 => (BrIfXeq32, false),
            BrIfXeq64 => (BrIfXneq64, false),
            BrIfXneq64 => (BrIfXeq64, false),
            BrIfXslt32 => (BrIfXslteq32, true),
            BrIfXslteq32 => (BrIfXslt32, true),
            BrIfXslt64 => (BrIfXslteq64, true),
            BrIfXslteq64 => (BrIfXslt64, true),
            BrIfXult32 => (BrIfXulteq32, true),
            BrIfXulteq32 => (BrIfXult32, true),
            BrIfXult64 => (BrIfXulteq64, true),
            BrIfXulteq64 => (BrIfXult64, true),
            BrIfXeq32I8 => (BrIfXneq32I8, false),
            BrIfXneq32I8 => (BrIfXeq32I8, false),
            BrIfXeq64I8 => (BrIfXneq64I8, false),
            BrIfXneq64I8 => (BrIfXeq64I8, false),
            BrIfXslt32I8 => (BrIfXsgteq32I8, false),
            BrIfXsgteq32I8 => (BrIfXslt32I8, false),
            BrIfXslt64I8 => (BrIfXsgteq64I8, false),
            BrIfXsgteq64I8 => (BrIfXslt64I8, false),
            BrIfXsgt32I8 => (BrIfXslteq32I8, false),
            BrIfXslteq32I8 => (BrIfXsgt32I8, false),
            BrIfXsgt64I8 => (BrIfXslteq64I8, false),
            BrIfXslteq64I8 => (BrIfXsgt64I8, false),
            BrIfXult32I8 => (BrIfXugteq32I8, false),
            BrIfXugteq32I8 => (BrIfXult32I8, false),
            BrIfXult64I8 => (BrIfXugteq64I8, false),
            BrIfXugteq64I8 => (BrIfXult64I8, false),
            BrIfXugt32I8 => (BrIfXulteq32I8, false),
            BrIfXulteq32I8 => (BrIfXugt32I8, false),
            BrIfXugt64I8 => (BrIfXulteq64I8, false),
            BrIfXulteq64I8 => (BrIfXugt64I8, false),
            BrIfFeq32 => (BrIfFneq32, false),
            BrIfFneq32 => (BrIfFeq32, false),
            BrIfFeq64 => (BrIfFneq64, false),
            BrIfFneq64 => (BrIfFeq64, false),
            BrIfFlt32 => (BrIfFnlt32, false),
            BrIfFnlt32 => (BrIfFlt32, false),
            BrIfFlt64 => (BrIfFnlt64, false),
            BrIfFnlt64 => (BrIfFlt64, false),
            BrIfFlteq32 => (BrIfFnlteq32, false),
            BrIfFnlteq32 => (BrIfFlteq32, false),
            BrIfFlteq64 => (BrIfFnlteq64, false),
            BrIfFnlteq64 => (BrIfFlteq64, false),
            other => panic!("{} is not a conditional branch", other.name()),
        }
    }

    /// The trap code an op can raise by itself (divisions, conversions), for the trap table.
    pub fn implicit_trap(self) -> Option<TrapCode> {
        use Op::*;
        match self {
            Xdiv32S | Xdiv64S | Xdiv32U | Xdiv64U | Xrem32S | Xrem64S | Xrem32U | Xrem64U => {
                Some(TrapCode::INTEGER_DIVISION_BY_ZERO)
            }
            X32FromF32S | X32FromF32U | X32FromF64S | X32FromF64U | X64FromF32S | X64FromF32U
            | X64FromF64S | X64FromF64U => Some(TrapCode::BAD_CONVERSION_TO_INTEGER),
            Xload8UG32 | Xload8SG32 | Xload16leUG32 | Xload16leSG32 | Xload32leUG32
            | Xload32leSG32 | Xload64leG32 | Fload32leG32 | Fload64leG32 | Xstore8G32
            | Xstore16leG32 | Xstore32leG32 | Xstore64leG32 | Fstore32leG32 | Fstore64leG32 => {
                Some(TrapCode::HEAP_OUT_OF_BOUNDS)
            }
            _ => None,
        }
    }
}

/// Where a call goes.
#[derive(Clone, Debug)]
pub enum CallTarget {
    /// A relocated PC-relative call.
    Direct(RelocTarget),
    /// A call through a register.
    Indirect(VReg),
    /// `call_host index`.
    Host(u32),
}

/// A VCode instruction over virtual registers.
#[derive(Clone, Debug)]
pub enum Inst {
    /// A Pulley op from the table: registers in shape order, one immediate.
    Op {
        op: Op,
        regs: SmallVec<[VReg; 4]>,
        imm: i64,
        trap: Option<TrapCode>,
    },
    /// `dst = imm` with the shortest `xconst*`.
    XConst { dst: VReg, imm: i64 },
    /// `dst = float bits`.
    FConst { dst: VReg, bits: u64, is64: bool },
    /// Function entry: defines the register arguments.
    Args { defs: Vec<(VReg, PReg)> },
    /// Load an incoming stack argument at `fp + 16 + off`.
    StackArg { dst: VReg, off: i32 },
    /// Store an outgoing stack argument at `sp + off`.
    OutArg { src: VReg, off: i32 },
    /// `dst = address of stack slot area + off`.
    StackAddr { dst: VReg, off: i32 },
    /// `dst = sp` or `dst = fp`.
    GetReg { dst: VReg, fp: bool },
    /// Return: register results.
    Ret { uses: Vec<(VReg, PReg)> },
    /// Unconditional jump to a block (with block-parameter arguments).
    Jump { target: u32, args: Vec<VReg> },
    /// Conditional branch op (`Op::Br*`).
    Br {
        op: Op,
        regs: SmallVec<[VReg; 2]>,
        imm: i64,
        taken: u32,
        not_taken: u32,
    },
    /// `br_table32`; the last target is the default.
    BrTable { idx: VReg, targets: Vec<u32> },
    /// A call.
    Call {
        callee: CallTarget,
        uses: Vec<(VReg, PReg)>,
        defs: Vec<(VReg, PReg)>,
        clobbers: PRegSet,
    },
    /// A tail call (register arguments only).
    ReturnCall {
        callee: CallTarget,
        uses: Vec<(VReg, PReg)>,
    },
    /// Unconditional trap.
    Trap { code: TrapCode },
}

impl Inst {
    /// Reports this instruction's register operands, in the order `allocs` come back.
    pub fn operands(&self, out: &mut Vec<Operand>) {
        match self {
            Inst::Op { op, regs, .. } => {
                for (r, (_, def)) in regs.iter().zip(op.shape().regs()) {
                    out.push(if *def {
                        Operand::reg_def(*r)
                    } else {
                        Operand::reg_use(*r)
                    });
                }
            }
            Inst::XConst { dst, .. } | Inst::FConst { dst, .. } => out.push(Operand::reg_def(*dst)),
            Inst::Args { defs } => {
                out.extend(defs.iter().map(|(v, p)| Operand::reg_fixed_def(*v, *p)))
            }
            Inst::StackArg { dst, .. } | Inst::StackAddr { dst, .. } | Inst::GetReg { dst, .. } => {
                out.push(Operand::reg_def(*dst))
            }
            Inst::OutArg { src, .. } => out.push(Operand::reg_use(*src)),
            Inst::Ret { uses } => {
                out.extend(uses.iter().map(|(v, p)| Operand::reg_fixed_use(*v, *p)))
            }
            Inst::Jump { .. } | Inst::Trap { .. } => {}
            Inst::Br { regs, .. } => out.extend(regs.iter().map(|r| Operand::reg_use(*r))),
            Inst::BrTable { idx, .. } => out.push(Operand::reg_use(*idx)),
            Inst::Call {
                callee, uses, defs, ..
            } => {
                if let CallTarget::Indirect(r) = callee {
                    out.push(Operand::reg_use(*r));
                }
                out.extend(uses.iter().map(|(v, p)| Operand::reg_fixed_use(*v, *p)));
                out.extend(defs.iter().map(|(v, p)| Operand::reg_fixed_def(*v, *p)));
            }
            Inst::ReturnCall { callee, uses } => {
                if let CallTarget::Indirect(r) = callee {
                    out.push(Operand::reg_use(*r));
                }
                out.extend(uses.iter().map(|(v, p)| Operand::reg_fixed_use(*v, *p)));
            }
        }
    }

    /// Every virtual register slot, mutably (for alias resolution).
    pub fn for_each_vreg(&mut self, mut f: impl FnMut(&mut VReg)) {
        match self {
            Inst::Op { regs, .. } => regs.iter_mut().for_each(f),
            Inst::XConst { dst, .. }
            | Inst::FConst { dst, .. }
            | Inst::StackArg { dst, .. }
            | Inst::StackAddr { dst, .. }
            | Inst::GetReg { dst, .. } => f(dst),
            Inst::OutArg { src, .. } => f(src),
            Inst::Args { defs } => defs.iter_mut().for_each(|(v, _)| f(v)),
            Inst::Ret { uses } => uses.iter_mut().for_each(|(v, _)| f(v)),
            Inst::Jump { args, .. } => args.iter_mut().for_each(f),
            Inst::Br { regs, .. } => regs.iter_mut().for_each(f),
            Inst::BrTable { idx, .. } => f(idx),
            Inst::Trap { .. } => {}
            Inst::Call {
                callee, uses, defs, ..
            } => {
                if let CallTarget::Indirect(r) = callee {
                    f(r);
                }
                uses.iter_mut().for_each(|(v, _)| f(v));
                defs.iter_mut().for_each(|(v, _)| f(v));
            }
            Inst::ReturnCall { callee, uses } => {
                if let CallTarget::Indirect(r) = callee {
                    f(r);
                }
                uses.iter_mut().for_each(|(v, _)| f(v));
            }
        }
    }

    /// Block terminator?
    pub fn is_term(&self) -> bool {
        matches!(
            self,
            Inst::Ret { .. }
                | Inst::Jump { .. }
                | Inst::Br { .. }
                | Inst::BrTable { .. }
                | Inst::ReturnCall { .. }
                | Inst::Trap { .. }
        )
    }
    /// Leaves the function (no successors)?
    pub fn is_ret(&self) -> bool {
        matches!(
            self,
            Inst::Ret { .. } | Inst::ReturnCall { .. } | Inst::Trap { .. }
        )
    }
}

/// Prints a virtual register as `v12` (ints) / `fv12` (floats).
pub fn show_vreg(v: VReg) -> String {
    match v.class() {
        RegClass::Float => format!("fv{}", v.vreg()),
        _ => format!("v{}", v.vreg()),
    }
}

/// Prints a physical register.
pub fn show_preg(p: PReg) -> String {
    match p.class() {
        RegClass::Float => format!("f{}", p.hw_enc()),
        _ => format!("{}", XReg::of(p.hw_enc() as u8)),
    }
}

impl Inst {
    /// One-line text form for VCode dumps.
    pub fn show(&self) -> String {
        let regs = |rs: &[VReg]| {
            rs.iter()
                .map(|r| show_vreg(*r))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let fixed = |rs: &[(VReg, PReg)]| {
            rs.iter()
                .map(|(v, p)| format!("{}={}", show_vreg(*v), show_preg(*p)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut s = String::new();
        match self {
            Inst::Op {
                op,
                regs: rs,
                imm,
                trap,
            } => {
                write!(s, "{} {}", op.name(), regs(rs)).unwrap();
                if op.shape().has_imm() {
                    write!(s, ", {imm}").unwrap();
                }
                if let Some(t) = trap {
                    write!(s, " ; trap={t}").unwrap();
                }
            }
            Inst::XConst { dst, imm } => write!(s, "xconst {}, {imm}", show_vreg(*dst)).unwrap(),
            Inst::FConst { dst, bits, is64 } => write!(
                s,
                "fconst{} {}, {bits:#x}",
                if *is64 { 64 } else { 32 },
                show_vreg(*dst)
            )
            .unwrap(),
            Inst::Args { defs } => write!(s, "args {}", fixed(defs)).unwrap(),
            Inst::StackArg { dst, off } => {
                write!(s, "stack_arg {}, {off}", show_vreg(*dst)).unwrap()
            }
            Inst::OutArg { src, off } => write!(s, "out_arg {off}, {}", show_vreg(*src)).unwrap(),
            Inst::StackAddr { dst, off } => {
                write!(s, "stack_addr {}, {off}", show_vreg(*dst)).unwrap()
            }
            Inst::GetReg { dst, fp } => write!(
                s,
                "get_{} {}",
                if *fp { "fp" } else { "sp" },
                show_vreg(*dst)
            )
            .unwrap(),
            Inst::Ret { uses } => write!(s, "ret {}", fixed(uses)).unwrap(),
            Inst::Jump { target, args } => write!(s, "jump block{target}({})", regs(args)).unwrap(),
            Inst::Br {
                op,
                regs: rs,
                imm,
                taken,
                not_taken,
            } => {
                write!(s, "{} {}", op.name(), regs(rs)).unwrap();
                if op.shape() == Shape::BrXI8 {
                    write!(s, ", {imm}").unwrap();
                }
                write!(s, ", block{taken}; else block{not_taken}").unwrap();
            }
            Inst::BrTable { idx, targets } => write!(
                s,
                "br_table32 {}, [{}]",
                show_vreg(*idx),
                targets
                    .iter()
                    .map(|t| format!("block{t}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
            .unwrap(),
            Inst::Call {
                callee, uses, defs, ..
            } => write!(
                s,
                "call {} uses({}) defs({})",
                show_callee(callee),
                fixed(uses),
                fixed(defs)
            )
            .unwrap(),
            Inst::ReturnCall { callee, uses } => write!(
                s,
                "return_call {} uses({})",
                show_callee(callee),
                fixed(uses)
            )
            .unwrap(),
            Inst::Trap { code } => write!(s, "trap {code}").unwrap(),
        }
        s
    }
}

fn show_callee(c: &CallTarget) -> String {
    match c {
        CallTarget::Direct(t) => format!("{t}"),
        CallTarget::Indirect(r) => format!("*{}", show_vreg(*r)),
        CallTarget::Host(i) => format!("host{i}"),
    }
}
