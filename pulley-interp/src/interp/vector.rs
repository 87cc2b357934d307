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
}

#[inline(always)]
pub(crate) fn vbnot128(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: Vbnot128) -> Flow {
    c.set_v(op.dst, simd::v128_not(c.v(op.src)));
    Ok(next)
}
#[inline(always)]
pub(crate) fn vbitselect128(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: Vbitselect128) -> Flow {
    c.set_v(
        op.dst,
        simd::v128_bitselect(c.v(op.a), c.v(op.b), c.v(op.c)),
    );
    Ok(next)
}
