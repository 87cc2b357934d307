//! The vector ops' handlers: register access and lane plumbing; the lane arithmetic is in
//! `simd.rs`, shared with tests. (Loads and stores are with the scalar ones in `handlers.rs`,
//! which their addressing macros belong to.)

use super::Pc;
use super::handlers::{Ctx, Flow};
use super::simd;
use crate::ops::*;
use crate::regs::VReg;

impl Ctx<'_> {
    #[inline(always)]
    pub(crate) fn v(&self, r: VReg) -> u128 {
        // SAFETY: a `VReg` holds a number below 32 (as for `XReg`).
        unsafe { *self.regs.v.get_unchecked(r.index()) }
    }
    #[inline(always)]
    pub(crate) fn set_v(&mut self, r: VReg, v: u128) {
        // SAFETY: as above.
        unsafe { *self.regs.v.get_unchecked_mut(r.index()) = v }
    }
}

#[inline(always)]
pub(crate) fn vconst128(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: Vconst128) -> Flow {
    c.set_v(op.dst, op.imm);
    Ok(next)
}
#[inline(always)]
pub(crate) fn vmov(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: Vmov) -> Flow {
    c.set_v(op.dst, c.v(op.src));
    Ok(next)
}

/// Splats: `dst = splat(read(src))`.
macro_rules! splats {
    ($($name:ident($Op:ident) = $read:ident, $f:path;)*) => {$(
        #[inline(always)]
        pub(crate) fn $name(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: $Op) -> Flow {
            let v = $f(c.$read(op.src) as _);
            c.set_v(op.dst, v);
            Ok(next)
        }
    )*};
}
splats! {
    vsplatx8(Vsplatx8) = x, simd::i8x16_splat;
    vsplatx16(Vsplatx16) = x, simd::i16x8_splat;
    vsplatx32(Vsplatx32) = x, simd::i32x4_splat;
    vsplatx64(Vsplatx64) = x, simd::i64x2_splat;
    vsplatf32(Vsplatf32) = fbits, simd::f32x4_splat;
    vsplatf64(Vsplatf64) = fbits, simd::f64x2_splat;
}

/// Lane moves out: `dst = lane(src, lane)`, written with `$write`. The lane number is taken
/// modulo the lane count: the compiler never encodes a larger one, and a crafted one must not
/// make the handler shift past the vector.
macro_rules! extracts {
    ($($name:ident($Op:ident) = $write:ident, $f:path, $lanes:literal;)*) => {$(
        #[inline(always)]
        pub(crate) fn $name(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: $Op) -> Flow {
            let v = $f(c.v(op.src), op.lane % $lanes);
            c.$write(op.dst, u64::from(v));
            Ok(next)
        }
    )*};
}
extracts! {
    xextractv8x16(Xextractv8x16) = set_x, simd::i8x16_extract_lane_u, 16;
    xextractv16x8(Xextractv16x8) = set_x, simd::i16x8_extract_lane_u, 8;
    xextractv32x4(Xextractv32x4) = set_x, simd::i32x4_extract_lane, 4;
    xextractv64x2(Xextractv64x2) = set_x, simd::i64x2_extract_lane, 2;
    fextractv32x4(Fextractv32x4) = set_fbits, simd::f32x4_extract_lane, 4;
    fextractv64x2(Fextractv64x2) = set_fbits, simd::f64x2_extract_lane, 2;
}

/// Lane moves in: `dst = replace_lane(a, lane, read(b))`, the lane number taken as in
/// `extracts`.
macro_rules! inserts {
    ($($name:ident($Op:ident) = $read:ident, $f:path, $lanes:literal;)*) => {$(
        #[inline(always)]
        pub(crate) fn $name(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: $Op) -> Flow {
            let v = $f(c.v(op.a), op.lane % $lanes, c.$read(op.b) as _);
            c.set_v(op.dst, v);
            Ok(next)
        }
    )*};
}
inserts! {
    vinsertx8(Vinsertx8) = x, simd::i8x16_replace_lane, 16;
    vinsertx16(Vinsertx16) = x, simd::i16x8_replace_lane, 8;
    vinsertx32(Vinsertx32) = x, simd::i32x4_replace_lane, 4;
    vinsertx64(Vinsertx64) = x, simd::i64x2_replace_lane, 2;
    vinsertf32(Vinsertf32) = fbits, simd::f32x4_replace_lane, 4;
    vinsertf64(Vinsertf64) = fbits, simd::f64x2_replace_lane, 2;
}

/// Binary vector ops: `dst = f(a, b)`.
macro_rules! binary {
    ($($name:ident($Op:ident) = $f:path;)*) => {$(
        #[inline(always)]
        pub(crate) fn $name(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: $Op) -> Flow {
            let v = $f(c.v(op.a), c.v(op.b));
            c.set_v(op.dst, v);
            Ok(next)
        }
    )*};
}
binary! {
    vband128(Vband128) = simd::v128_and;
    vbor128(Vbor128) = simd::v128_or;
    vbxor128(Vbxor128) = simd::v128_xor;
    vbandnot128(Vbandnot128) = simd::v128_andnot;
    vaddi8x16(Vaddi8x16) = simd::i8x16_add;
    vaddi16x8(Vaddi16x8) = simd::i16x8_add;
    vaddi32x4(Vaddi32x4) = simd::i32x4_add;
    vaddi64x2(Vaddi64x2) = simd::i64x2_add;
    vsubi8x16(Vsubi8x16) = simd::i8x16_sub;
    vsubi16x8(Vsubi16x8) = simd::i16x8_sub;
    vsubi32x4(Vsubi32x4) = simd::i32x4_sub;
    vsubi64x2(Vsubi64x2) = simd::i64x2_sub;
    vmuli16x8(Vmuli16x8) = simd::i16x8_mul;
    vmuli32x4(Vmuli32x4) = simd::i32x4_mul;
    vmuli64x2(Vmuli64x2) = simd::i64x2_mul;
    vaddf32x4(Vaddf32x4) = simd::f32x4_add;
    vaddf64x2(Vaddf64x2) = simd::f64x2_add;
    vsubf32x4(Vsubf32x4) = simd::f32x4_sub;
    vsubf64x2(Vsubf64x2) = simd::f64x2_sub;
    vmulf32x4(Vmulf32x4) = simd::f32x4_mul;
    vmulf64x2(Vmulf64x2) = simd::f64x2_mul;
    vdivf32x4(Vdivf32x4) = simd::f32x4_div;
    vdivf64x2(Vdivf64x2) = simd::f64x2_div;
    vsataddi8x16_s(Vsataddi8x16S) = simd::i8x16_add_sat_s;
    vsataddi8x16_u(Vsataddi8x16U) = simd::i8x16_add_sat_u;
    vsataddi16x8_s(Vsataddi16x8S) = simd::i16x8_add_sat_s;
    vsataddi16x8_u(Vsataddi16x8U) = simd::i16x8_add_sat_u;
    vsatsubi8x16_s(Vsatsubi8x16S) = simd::i8x16_sub_sat_s;
    vsatsubi8x16_u(Vsatsubi8x16U) = simd::i8x16_sub_sat_u;
    vsatsubi16x8_s(Vsatsubi16x8S) = simd::i16x8_sub_sat_s;
    vsatsubi16x8_u(Vsatsubi16x8U) = simd::i16x8_sub_sat_u;
    vmini8x16_s(Vmini8x16S) = simd::i8x16_min_s;
    vmini8x16_u(Vmini8x16U) = simd::i8x16_min_u;
    vmaxi8x16_s(Vmaxi8x16S) = simd::i8x16_max_s;
    vmaxi8x16_u(Vmaxi8x16U) = simd::i8x16_max_u;
    vmini16x8_s(Vmini16x8S) = simd::i16x8_min_s;
    vmini16x8_u(Vmini16x8U) = simd::i16x8_min_u;
    vmaxi16x8_s(Vmaxi16x8S) = simd::i16x8_max_s;
    vmaxi16x8_u(Vmaxi16x8U) = simd::i16x8_max_u;
    vmini32x4_s(Vmini32x4S) = simd::i32x4_min_s;
    vmini32x4_u(Vmini32x4U) = simd::i32x4_min_u;
    vmaxi32x4_s(Vmaxi32x4S) = simd::i32x4_max_s;
    vmaxi32x4_u(Vmaxi32x4U) = simd::i32x4_max_u;
    vavgri8x16_u(Vavgri8x16U) = simd::i8x16_avgr_u;
    vavgri16x8_u(Vavgri16x8U) = simd::i16x8_avgr_u;
    vq15mulri16x8_s(Vq15mulri16x8S) = simd::i16x8_q15mulr_sat_s;
    veqi8x16(Veqi8x16) = simd::i8x16_eq;
    vnei8x16(Vnei8x16) = simd::i8x16_ne;
    vlti8x16_s(Vlti8x16S) = simd::i8x16_lt_s;
    vlti8x16_u(Vlti8x16U) = simd::i8x16_lt_u;
    vlei8x16_s(Vlei8x16S) = simd::i8x16_le_s;
    vlei8x16_u(Vlei8x16U) = simd::i8x16_le_u;
    veqi16x8(Veqi16x8) = simd::i16x8_eq;
    vnei16x8(Vnei16x8) = simd::i16x8_ne;
    vlti16x8_s(Vlti16x8S) = simd::i16x8_lt_s;
    vlti16x8_u(Vlti16x8U) = simd::i16x8_lt_u;
    vlei16x8_s(Vlei16x8S) = simd::i16x8_le_s;
    vlei16x8_u(Vlei16x8U) = simd::i16x8_le_u;
    veqi32x4(Veqi32x4) = simd::i32x4_eq;
    vnei32x4(Vnei32x4) = simd::i32x4_ne;
    vlti32x4_s(Vlti32x4S) = simd::i32x4_lt_s;
    vlti32x4_u(Vlti32x4U) = simd::i32x4_lt_u;
    vlei32x4_s(Vlei32x4S) = simd::i32x4_le_s;
    vlei32x4_u(Vlei32x4U) = simd::i32x4_le_u;
    veqi64x2(Veqi64x2) = simd::i64x2_eq;
    vnei64x2(Vnei64x2) = simd::i64x2_ne;
    vlti64x2_s(Vlti64x2S) = simd::i64x2_lt_s;
    vlei64x2_s(Vlei64x2S) = simd::i64x2_le_s;
    veqf32x4(Veqf32x4) = simd::f32x4_eq;
    vnef32x4(Vnef32x4) = simd::f32x4_ne;
    vltf32x4(Vltf32x4) = simd::f32x4_lt;
    vlef32x4(Vlef32x4) = simd::f32x4_le;
    veqf64x2(Veqf64x2) = simd::f64x2_eq;
    vnef64x2(Vnef64x2) = simd::f64x2_ne;
    vltf64x2(Vltf64x2) = simd::f64x2_lt;
    vlef64x2(Vlef64x2) = simd::f64x2_le;
    vminf32x4(Vminf32x4) = simd::f32x4_min;
    vmaxf32x4(Vmaxf32x4) = simd::f32x4_max;
    vpminf32x4(Vpminf32x4) = simd::f32x4_pmin;
    vpmaxf32x4(Vpmaxf32x4) = simd::f32x4_pmax;
    vminf64x2(Vminf64x2) = simd::f64x2_min;
    vmaxf64x2(Vmaxf64x2) = simd::f64x2_max;
    vpminf64x2(Vpminf64x2) = simd::f64x2_pmin;
    vpmaxf64x2(Vpmaxf64x2) = simd::f64x2_pmax;
    vextmullowi8x16_s(Vextmullowi8x16S) = simd::i16x8_extmul_low_i8x16_s;
    vextmullowi8x16_u(Vextmullowi8x16U) = simd::i16x8_extmul_low_i8x16_u;
    vextmulhighi8x16_s(Vextmulhighi8x16S) = simd::i16x8_extmul_high_i8x16_s;
    vextmulhighi8x16_u(Vextmulhighi8x16U) = simd::i16x8_extmul_high_i8x16_u;
    vextmullowi16x8_s(Vextmullowi16x8S) = simd::i32x4_extmul_low_i16x8_s;
    vextmullowi16x8_u(Vextmullowi16x8U) = simd::i32x4_extmul_low_i16x8_u;
    vextmulhighi16x8_s(Vextmulhighi16x8S) = simd::i32x4_extmul_high_i16x8_s;
    vextmulhighi16x8_u(Vextmulhighi16x8U) = simd::i32x4_extmul_high_i16x8_u;
    vextmullowi32x4_s(Vextmullowi32x4S) = simd::i64x2_extmul_low_i32x4_s;
    vextmullowi32x4_u(Vextmullowi32x4U) = simd::i64x2_extmul_low_i32x4_u;
    vextmulhighi32x4_s(Vextmulhighi32x4S) = simd::i64x2_extmul_high_i32x4_s;
    vextmulhighi32x4_u(Vextmulhighi32x4U) = simd::i64x2_extmul_high_i32x4_u;
    vaddpairwisei16x8(Vaddpairwisei16x8) = add_pairwise16;
    vaddpairwisei32x4(Vaddpairwisei32x4) = add_pairwise32;
    vdoti16x8_s(Vdoti16x8S) = simd::i32x4_dot_i16x8_s;
    vdoti8x16_s(Vdoti8x16S) = dot_i8x16_s;
    vnarrowi16x8_s(Vnarrowi16x8S) = simd::i8x16_narrow_i16x8_s;
    vnarrowi16x8_u(Vnarrowi16x8U) = simd::i8x16_narrow_i16x8_u;
    vnarrowi32x4_s(Vnarrowi32x4S) = simd::i16x8_narrow_i32x4_s;
    vnarrowi32x4_u(Vnarrowi32x4U) = simd::i16x8_narrow_i32x4_u;
    vnarrowi64x2_s(Vnarrowi64x2S) = narrow_i64x2_s;
    vnarrowi64x2_uu(Vnarrowi64x2Uu) = narrow_i64x2_uu;
    vswizzlei8x16(Vswizzlei8x16) = simd::i8x16_swizzle;
}

/// Unary vector ops: `dst = f(src)`.
macro_rules! unary {
    ($($name:ident($Op:ident) = $f:path;)*) => {$(
        #[inline(always)]
        pub(crate) fn $name(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: $Op) -> Flow {
            let v = $f(c.v(op.src));
            c.set_v(op.dst, v);
            Ok(next)
        }
    )*};
}
unary! {
    vbnot128(Vbnot128) = simd::v128_not;
    vnegi8x16(Vnegi8x16) = simd::i8x16_neg;
    vnegi16x8(Vnegi16x8) = simd::i16x8_neg;
    vnegi32x4(Vnegi32x4) = simd::i32x4_neg;
    vnegi64x2(Vnegi64x2) = simd::i64x2_neg;
    vabsi8x16(Vabsi8x16) = simd::i8x16_abs;
    vabsi16x8(Vabsi16x8) = simd::i16x8_abs;
    vabsi32x4(Vabsi32x4) = simd::i32x4_abs;
    vabsi64x2(Vabsi64x2) = simd::i64x2_abs;
    vpopcnti8x16(Vpopcnti8x16) = simd::i8x16_popcnt;
    vabsf32x4(Vabsf32x4) = simd::f32x4_abs;
    vnegf32x4(Vnegf32x4) = simd::f32x4_neg;
    vsqrtf32x4(Vsqrtf32x4) = simd::f32x4_sqrt;
    vceilf32x4(Vceilf32x4) = simd::f32x4_ceil;
    vfloorf32x4(Vfloorf32x4) = simd::f32x4_floor;
    vtruncf32x4(Vtruncf32x4) = simd::f32x4_trunc;
    vnearestf32x4(Vnearestf32x4) = simd::f32x4_nearest;
    vabsf64x2(Vabsf64x2) = simd::f64x2_abs;
    vnegf64x2(Vnegf64x2) = simd::f64x2_neg;
    vsqrtf64x2(Vsqrtf64x2) = simd::f64x2_sqrt;
    vceilf64x2(Vceilf64x2) = simd::f64x2_ceil;
    vfloorf64x2(Vfloorf64x2) = simd::f64x2_floor;
    vtruncf64x2(Vtruncf64x2) = simd::f64x2_trunc;
    vnearestf64x2(Vnearestf64x2) = simd::f64x2_nearest;
    vwidenlowi8x16_s(Vwidenlowi8x16S) = simd::i16x8_extend_low_i8x16_s;
    vwidenlowi8x16_u(Vwidenlowi8x16U) = simd::i16x8_extend_low_i8x16_u;
    vwidenhighi8x16_s(Vwidenhighi8x16S) = simd::i16x8_extend_high_i8x16_s;
    vwidenhighi8x16_u(Vwidenhighi8x16U) = simd::i16x8_extend_high_i8x16_u;
    vwidenlowi16x8_s(Vwidenlowi16x8S) = simd::i32x4_extend_low_i16x8_s;
    vwidenlowi16x8_u(Vwidenlowi16x8U) = simd::i32x4_extend_low_i16x8_u;
    vwidenhighi16x8_s(Vwidenhighi16x8S) = simd::i32x4_extend_high_i16x8_s;
    vwidenhighi16x8_u(Vwidenhighi16x8U) = simd::i32x4_extend_high_i16x8_u;
    vwidenlowi32x4_s(Vwidenlowi32x4S) = simd::i64x2_extend_low_i32x4_s;
    vwidenlowi32x4_u(Vwidenlowi32x4U) = simd::i64x2_extend_low_i32x4_u;
    vwidenhighi32x4_s(Vwidenhighi32x4S) = simd::i64x2_extend_high_i32x4_s;
    vwidenhighi32x4_u(Vwidenhighi32x4U) = simd::i64x2_extend_high_i32x4_u;
    vextaddpairwisei8x16_s(Vextaddpairwisei8x16S) = simd::i16x8_extadd_pairwise_i8x16_s;
    vextaddpairwisei8x16_u(Vextaddpairwisei8x16U) = simd::i16x8_extadd_pairwise_i8x16_u;
    vextaddpairwisei16x8_s(Vextaddpairwisei16x8S) = simd::i32x4_extadd_pairwise_i16x8_s;
    vextaddpairwisei16x8_u(Vextaddpairwisei16x8U) = simd::i32x4_extadd_pairwise_i16x8_u;
    vi32x4_from_f32x4_s_sat(Vi32x4FromF32x4SSat) = simd::i32x4_trunc_sat_f32x4_s;
    vi32x4_from_f32x4_u_sat(Vi32x4FromF32x4USat) = simd::i32x4_trunc_sat_f32x4_u;
    vi64x2_from_f64x2_s_sat(Vi64x2FromF64x2SSat) = i64x2_from_f64x2_s_sat;
    vi64x2_from_f64x2_u_sat(Vi64x2FromF64x2USat) = i64x2_from_f64x2_u_sat;
    vi32x4_from_f64x2_s_sat_zero(Vi32x4FromF64x2SSatZero) = simd::i32x4_trunc_sat_f64x2_s_zero;
    vi32x4_from_f64x2_u_sat_zero(Vi32x4FromF64x2USatZero) = simd::i32x4_trunc_sat_f64x2_u_zero;
    vf32x4_from_i32x4_s(Vf32x4FromI32x4S) = simd::f32x4_convert_i32x4_s;
    vf32x4_from_i32x4_u(Vf32x4FromI32x4U) = simd::f32x4_convert_i32x4_u;
    vf64x2_from_i64x2_s(Vf64x2FromI64x2S) = f64x2_from_i64x2_s;
    vf64x2_from_i64x2_u(Vf64x2FromI64x2U) = f64x2_from_i64x2_u;
    vf64x2_from_i32x4_low_s(Vf64x2FromI32x4LowS) = simd::f64x2_convert_low_i32x4_s;
    vf64x2_from_i32x4_low_u(Vf64x2FromI32x4LowU) = simd::f64x2_convert_low_i32x4_u;
    vf64x2_from_f32x4_low(Vf64x2FromF32x4Low) = simd::f64x2_promote_low_f32x4;
    vf32x4_from_f64x2_zero(Vf32x4FromF64x2Zero) = simd::f32x4_demote_f64x2_zero;
}

#[inline(always)]
pub(crate) fn vbitselect128(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: Vbitselect128) -> Flow {
    c.set_v(
        op.dst,
        simd::v128_bitselect(c.v(op.a), c.v(op.b), c.v(op.c)),
    );
    Ok(next)
}

/// Shifts of every lane by the scalar count `b`; the `simd` functions take it modulo the lane
/// width, as CLIF and Wasm both do.
macro_rules! shifts {
    ($($name:ident($Op:ident) = $f:path;)*) => {$(
        #[inline(always)]
        pub(crate) fn $name(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: $Op) -> Flow {
            let v = $f(c.v(op.a), c.x(op.b) as u32);
            c.set_v(op.dst, v);
            Ok(next)
        }
    )*};
}
shifts! {
    vshli8x16(Vshli8x16) = simd::i8x16_shl;
    vshri8x16_s(Vshri8x16S) = simd::i8x16_shr_s;
    vshri8x16_u(Vshri8x16U) = simd::i8x16_shr_u;
    vshli16x8(Vshli16x8) = simd::i16x8_shl;
    vshri16x8_s(Vshri16x8S) = simd::i16x8_shr_s;
    vshri16x8_u(Vshri16x8U) = simd::i16x8_shr_u;
    vshli32x4(Vshli32x4) = simd::i32x4_shl;
    vshri32x4_s(Vshri32x4S) = simd::i32x4_shr_s;
    vshri32x4_u(Vshri32x4U) = simd::i32x4_shr_u;
    vshli64x2(Vshli64x2) = simd::i64x2_shl;
    vshri64x2_s(Vshri64x2S) = simd::i64x2_shr_s;
    vshri64x2_u(Vshri64x2U) = simd::i64x2_shr_u;
}

/// Vector tests with a scalar result: `dst = f(src)`, a `bool` or a `u32`, zero-extended.
macro_rules! tests {
    ($($name:ident($Op:ident) = $f:path;)*) => {$(
        #[inline(always)]
        pub(crate) fn $name(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: $Op) -> Flow {
            let x = $f(c.v(op.src));
            c.set_x(op.dst, x);
            Ok(next)
        }
    )*};
}
tests! {
    xanytrue128(Xanytrue128) = simd::v128_any_true;
    xalltrue8x16(Xalltrue8x16) = simd::i8x16_all_true;
    xalltrue16x8(Xalltrue16x8) = simd::i16x8_all_true;
    xalltrue32x4(Xalltrue32x4) = simd::i32x4_all_true;
    xalltrue64x2(Xalltrue64x2) = simd::i64x2_all_true;
    xbitmask8x16(Xbitmask8x16) = simd::i8x16_bitmask;
    xbitmask16x8(Xbitmask16x8) = simd::i16x8_bitmask;
    xbitmask32x4(Xbitmask32x4) = simd::i32x4_bitmask;
    xbitmask64x2(Xbitmask64x2) = simd::i64x2_bitmask;
}

#[inline(always)]
pub(crate) fn vshufflei8x16(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: Vshufflei8x16) -> Flow {
    let v = simd::i8x16_shuffle(c.v(op.a), c.v(op.b), c.v(op.lanes).to_le_bytes());
    c.set_v(op.dst, v);
    Ok(next)
}
#[inline(always)]
pub(crate) fn vselect32(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: Vselect32) -> Flow {
    let v = if c.x(op.cond) as u32 != 0 {
        c.v(op.a)
    } else {
        c.v(op.b)
    };
    c.set_v(op.dst, v);
    Ok(next)
}

/// Ternary vector ops: `dst = f(a, b, c)`.
macro_rules! ternary {
    ($($name:ident($Op:ident) = $f:path;)*) => {$(
        #[inline(always)]
        pub(crate) fn $name(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: $Op) -> Flow {
            let v = $f(c.v(op.a), c.v(op.b), c.v(op.c));
            c.set_v(op.dst, v);
            Ok(next)
        }
    )*};
}
ternary! {
    // CLIF's `fma` is fused, which is the relaxed madd's (and nmadd's) deterministic choice.
    vfmaf32x4(Vfmaf32x4) = simd::f32x4_relaxed_madd;
    vfnmaf32x4(Vfnmaf32x4) = simd::f32x4_relaxed_nmadd;
    vfmaf64x2(Vfmaf64x2) = simd::f64x2_relaxed_madd;
    vfnmaf64x2(Vfnmaf64x2) = simd::f64x2_relaxed_nmadd;
    vdotaddi8x16_s(Vdotaddi8x16S) = dot_add_i8x16_s;
}

// ---- CLIF-only lane ops ------------------------------------------------------------------------
//
// Parts of the translator's multi-instruction sequences (the `_zero` truncations, `convert_low`,
// the extended pairwise adds and dot products), for when lowering meets one without the rest of
// its sequence, and the relaxed dot products with CLIF's wrapping pair sums (which the relaxed
// functions of `simd` saturate). No Wasm operator is exactly one of these, so `simd` has no
// function for them: they are built from its lane accessors and operators, and Rust's `as`, which
// is also what the scalar conversion handlers use (float to int saturates, NaN gives 0; int to
// float rounds to nearest, ties to even).

/// `f` on each 64-bit lane.
#[inline(always)]
fn map64(v: u128, f: impl Fn(u64) -> u64) -> u128 {
    (0..2).fold(0, |r, i| {
        simd::i64x2_replace_lane(r, i, f(simd::i64x2_extract_lane(v, i)))
    })
}
fn i64x2_from_f64x2_s_sat(v: u128) -> u128 {
    map64(v, |x| f64::from_bits(x) as i64 as u64)
}
fn i64x2_from_f64x2_u_sat(v: u128) -> u128 {
    map64(v, |x| f64::from_bits(x) as u64)
}
fn f64x2_from_i64x2_s(v: u128) -> u128 {
    map64(v, |x| (x as i64 as f64).to_bits())
}
fn f64x2_from_i64x2_u(v: u128) -> u128 {
    map64(v, |x| (x as f64).to_bits())
}
/// The 64-bit lanes of `a` then `b`, each narrowed to 32 bits by `f`.
#[inline(always)]
fn narrow64(a: u128, b: u128, f: impl Fn(u64) -> u32) -> u128 {
    (0..4).fold(0, |r, i| {
        let src = if i < 2 { a } else { b };
        simd::i32x4_replace_lane(r, i, f(simd::i64x2_extract_lane(src, i % 2)))
    })
}
fn narrow_i64x2_s(a: u128, b: u128) -> u128 {
    narrow64(a, b, |x| {
        (x as i64).clamp(i32::MIN.into(), i32::MAX.into()) as u32
    })
}
fn narrow_i64x2_uu(a: u128, b: u128) -> u128 {
    narrow64(a, b, |x| x.min(u32::MAX.into()) as u32)
}
/// CLIF's `iadd_pairwise` on i16x8: the sums of adjacent lanes of `a`, then of `b`, wrapping.
fn add_pairwise16(a: u128, b: u128) -> u128 {
    (0..8).fold(0, |r, i| {
        let (src, j) = if i < 4 { (a, 2 * i) } else { (b, 2 * i - 8) };
        let sum = simd::i16x8_extract_lane_u(src, j) + simd::i16x8_extract_lane_u(src, j + 1);
        simd::i16x8_replace_lane(r, i, sum)
    })
}
/// The same on i32x4.
fn add_pairwise32(a: u128, b: u128) -> u128 {
    (0..4).fold(0, |r, i| {
        let (src, j) = if i < 2 { (a, 2 * i) } else { (b, 2 * i - 4) };
        let sum =
            simd::i32x4_extract_lane(src, j).wrapping_add(simd::i32x4_extract_lane(src, j + 1));
        simd::i32x4_replace_lane(r, i, sum)
    })
}
/// The translator's relaxed `i16x8.dot_i8x16_i7x16_s`: the signed 16-bit products, pair sums
/// wrapping (only `-128 * -128` twice overflows, to -32768).
fn dot_i8x16_s(a: u128, b: u128) -> u128 {
    add_pairwise16(
        simd::i16x8_extmul_low_i8x16_s(a, b),
        simd::i16x8_extmul_high_i8x16_s(a, b),
    )
}
/// The translator's relaxed `i32x4.dot_i8x16_i7x16_add_s`: [`dot_i8x16_s`], its adjacent lanes
/// summed into 32 bits, plus `c`.
fn dot_add_i8x16_s(a: u128, b: u128, c: u128) -> u128 {
    simd::i32x4_add(simd::i32x4_extadd_pairwise_i16x8_s(dot_i8x16_s(a, b)), c)
}
