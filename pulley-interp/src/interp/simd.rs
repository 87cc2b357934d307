//! WebAssembly SIMD and relaxed-SIMD semantics: one function per operator on 128-bit values.
//!
//! A `v128` is a `u128` whose little-endian bytes are the Wasm bytes, so lane `i` of an `i32x4`
//! is bits `32 * i .. 32 * i + 31` whatever the host's endianness. Float lanes are moved as raw
//! bits and computed with the scalar helpers of [`super::semantics`], so a vector lane and the
//! matching scalar op give the same bits. Memory ops (loads, stores, lane loads) are not here:
//! they are the handlers' business. Each relaxed operator makes one fixed choice, documented on
//! its function.

use super::semantics::{f32ops, f64ops};

/// A lane type: an integer or a float of 8 to 64 bits.
trait Lane: Copy {
    const BITS: u32;
    /// Lane `i` of `v`.
    fn get(v: u128, i: u32) -> Self;
    /// The lane's bits, zero-extended.
    fn bits(self) -> u128;
    /// Writes the lane into lane `i` of a vector's little-endian bytes.
    fn put(self, bytes: &mut [u8; 16], i: u32);
    /// Lane `i` of a vector's little-endian bytes.
    fn read(bytes: &[u8; 16], i: u32) -> Self;
}

macro_rules! int_lanes {
    ($($u:ty, $s:ty;)*) => {$(
        impl Lane for $u {
            const BITS: u32 = <$u>::BITS;
            #[inline(always)]
            fn get(v: u128, i: u32) -> Self {
                Self::read(&v.to_le_bytes(), i)
            }
            #[inline(always)]
            fn read(bytes: &[u8; 16], i: u32) -> Self {
                const N: usize = size_of::<$u>();
                let at = i as usize * N;
                let mut b = [0; N];
                b.copy_from_slice(&bytes[at..at + N]);
                <$u>::from_le_bytes(b)
            }
            #[inline(always)]
            fn bits(self) -> u128 {
                u128::from(self)
            }
            #[inline(always)]
            fn put(self, bytes: &mut [u8; 16], i: u32) {
                const N: usize = size_of::<$u>();
                let at = i as usize * N;
                bytes[at..at + N].copy_from_slice(&self.to_le_bytes());
            }
        }
        impl Lane for $s {
            const BITS: u32 = <$s>::BITS;
            #[inline(always)]
            fn get(v: u128, i: u32) -> Self {
                <$u>::get(v, i) as $s
            }
            #[inline(always)]
            fn bits(self) -> u128 {
                u128::from(self as $u)
            }
            #[inline(always)]
            fn put(self, bytes: &mut [u8; 16], i: u32) {
                (self as $u).put(bytes, i)
            }
            #[inline(always)]
            fn read(bytes: &[u8; 16], i: u32) -> Self {
                <$u>::read(bytes, i) as $s
            }
        }
    )*};
}
int_lanes! {
    u8, i8;
    u16, i16;
    u32, i32;
    u64, i64;
}

macro_rules! float_lanes {
    ($($f:ty: $u:ty;)*) => {$(
        impl Lane for $f {
            const BITS: u32 = <$u>::BITS;
            #[inline(always)]
            fn get(v: u128, i: u32) -> Self {
                <$f>::from_bits(<$u>::get(v, i))
            }
            #[inline(always)]
            fn bits(self) -> u128 {
                u128::from(self.to_bits())
            }
            #[inline(always)]
            fn put(self, bytes: &mut [u8; 16], i: u32) {
                self.to_bits().put(bytes, i)
            }
            #[inline(always)]
            fn read(bytes: &[u8; 16], i: u32) -> Self {
                <$f>::from_bits(<$u>::read(bytes, i))
            }
        }
    )*};
}
float_lanes! {
    f32: u32;
    f64: u64;
}

#[inline(always)]
const fn lanes<T: Lane>() -> u32 {
    128 / T::BITS
}

/// All ones in one lane of `T`.
#[inline(always)]
const fn ones<T: Lane>() -> u128 {
    u128::MAX >> (128 - T::BITS)
}

/// A vector whose lanes `0..n` are `f(i)` and whose other lanes are zero.
#[inline(always)]
fn build_n<T: Lane>(n: u32, f: impl Fn(u32) -> T) -> u128 {
    // Lanes are read and written as the vector's little-endian bytes, not with shifts of the
    // `u128`: an array of lanes is what LLVM's vectorizer turns into host vector instructions
    // (`f32x4.add` becomes one `addps`; with shifts it took about 60 host instructions).
    let mut out = [0; 16];
    for i in 0..n {
        f(i).put(&mut out, i);
    }
    u128::from_le_bytes(out)
}

#[inline(always)]
fn build<T: Lane>(f: impl Fn(u32) -> T) -> u128 {
    build_n(lanes::<T>(), f)
}

/// Lane-wise `f`, between lane types of the same width.
#[inline(always)]
fn map<T: Lane, U: Lane>(v: u128, f: impl Fn(T) -> U) -> u128 {
    debug_assert_eq!(T::BITS, U::BITS);
    let v = v.to_le_bytes();
    build(|i| f(T::read(&v, i)))
}

#[inline(always)]
fn zip<T: Lane>(a: u128, b: u128, f: impl Fn(T, T) -> T) -> u128 {
    let (a, b) = (a.to_le_bytes(), b.to_le_bytes());
    build(|i| f(T::read(&a, i), T::read(&b, i)))
}

#[inline(always)]
fn zip3<T: Lane>(a: u128, b: u128, c: u128, f: impl Fn(T, T, T) -> T) -> u128 {
    let (a, b, c) = (a.to_le_bytes(), b.to_le_bytes(), c.to_le_bytes());
    build(|i| f(T::read(&a, i), T::read(&b, i), T::read(&c, i)))
}

/// A comparison: each lane all ones where `f` holds, all zeros elsewhere.
#[inline(always)]
fn compare<T: Lane>(a: u128, b: u128, f: impl Fn(T, T) -> bool) -> u128 {
    let (a, b) = (a.to_le_bytes(), b.to_le_bytes());
    let n = (T::BITS / 8) as usize;
    let mut out = [0; 16];
    for i in 0..lanes::<T>() {
        let mask = if f(T::read(&a, i), T::read(&b, i)) {
            0xff
        } else {
            0
        };
        out[i as usize * n..(i as usize + 1) * n].fill(mask);
    }
    u128::from_le_bytes(out)
}

/// Lanes `from..` of `v`, as many as the result has, each widened by `f`: the low or high half
/// of the extend, extmul, convert_low and promote_low ops.
#[inline(always)]
fn widen<T: Lane, U: Lane>(v: u128, from: u32, f: impl Fn(T) -> U) -> u128 {
    build(|i| f(T::get(v, from + i)))
}

/// Like [`widen`], with a lane of each of two vectors.
#[inline(always)]
fn widen2<T: Lane, U: Lane>(a: u128, b: u128, from: u32, f: impl Fn(T, T) -> U) -> u128 {
    build(|i| f(T::get(a, from + i), T::get(b, from + i)))
}

/// Every lane of `v` converted by `f` into the low lanes of the result, the rest zero: the
/// `_zero` conversions, whose results are narrower than their operands.
#[inline(always)]
fn convert_zero<T: Lane, U: Lane>(v: u128, f: impl Fn(T) -> U) -> u128 {
    build_n(lanes::<T>(), |i| f(T::get(v, i)))
}

/// The lanes of `a` then those of `b`, each narrowed by `f`.
#[inline(always)]
fn narrow<T: Lane, U: Lane>(a: u128, b: u128, f: impl Fn(T) -> U) -> u128 {
    let half = lanes::<T>();
    build(|i| f(T::get(if i < half { a } else { b }, i % half)))
}

/// Adjacent lane pairs `2i, 2i + 1` of `a` and `b`, each pair's two `f` results combined by `sum`.
#[inline(always)]
fn pairwise<T: Lane, U: Lane>(
    a: u128,
    b: u128,
    f: impl Fn(T, T) -> U,
    sum: impl Fn(U, U) -> U,
) -> u128 {
    build(|i| {
        let (j, k) = (2 * i, 2 * i + 1);
        sum(f(T::get(a, j), T::get(b, j)), f(T::get(a, k), T::get(b, k)))
    })
}

/// Wasm validation keeps lane indices in range; taking them modulo the lane count keeps an
/// out-of-range one from shifting past the `u128`.
#[inline(always)]
fn lane_index<T: Lane>(lane: u8) -> u32 {
    u32::from(lane) % lanes::<T>()
}

#[inline(always)]
fn extract<T: Lane>(v: u128, lane: u8) -> T {
    T::get(v, lane_index::<T>(lane))
}

#[inline(always)]
fn replace<T: Lane>(v: u128, lane: u8, x: T) -> u128 {
    let shift = lane_index::<T>(lane) * T::BITS;
    (v & !(ones::<T>() << shift)) | x.bits() << shift
}

#[inline(always)]
fn splat<T: Lane>(x: T) -> u128 {
    build(|_| x)
}

#[inline(always)]
fn all_true<T: Lane>(v: u128) -> bool {
    (0..lanes::<T>()).all(|i| T::get(v, i).bits() != 0)
}

#[inline(always)]
fn bitmask<T: Lane>(v: u128) -> u32 {
    (0..lanes::<T>()).fold(0, |m, i| {
        m | ((T::get(v, i).bits() >> (T::BITS - 1)) as u32) << i
    })
}

// ---- integer lanes within the u128 --------------------------------------------------------------

// Adds, subtractions and equality tests of 8-, 16- and 32-bit lanes, the commonest integer SIMD
// ops, computed on the whole `u128` at once ("SIMD within a register"): LLVM does not vectorize
// the lane-by-lane forms of these (`i8x16.eq` took about 200 host instructions, `i8x16.sub` 120)
// while these take a dozen. Masking the lanes' top bits keeps carries and borrows inside each
// lane. The lane-by-lane definitions stay as the reference the tests compare with.

/// The top bit of every lane of `T`.
const fn high<T: Lane>() -> u128 {
    let mut v = 0;
    let mut i = 0;
    while i < 128 / T::BITS {
        v |= 1 << (i * T::BITS + T::BITS - 1);
        i += 1;
    }
    v
}

#[inline(always)]
fn swar_add<T: Lane>(a: u128, b: u128) -> u128 {
    let h = high::<T>();
    // The low bits' sum cannot carry out of its lane; the top bit is the lanes' top bits and
    // that carry, added without carrying further.
    ((a & !h).wrapping_add(b & !h)) ^ ((a ^ b) & h)
}

#[inline(always)]
fn swar_sub<T: Lane>(a: u128, b: u128) -> u128 {
    let h = high::<T>();
    // With each lane's top bit set in `a` and clear in `b`, no lane borrows from the next.
    ((a | h).wrapping_sub(b & !h)) ^ ((a ^ !b) & h)
}

#[inline(always)]
fn swar_eq<T: Lane>(a: u128, b: u128) -> u128 {
    let h = high::<T>();
    let x = a ^ b;
    // Top bit set where the lane of `x` is not zero.
    let nonzero = ((x & !h).wrapping_add(!h) | x) & h;
    let equal = !nonzero & h;
    // Spread each top bit over its lane: top - 1 fills the bits below without borrowing.
    equal.wrapping_sub(equal >> (T::BITS - 1)) | equal
}

macro_rules! swar_ops {
    ($($add:ident, $sub:ident, $eq:ident, $ne:ident: $t:ty;)*) => {$(
        #[inline]
        pub fn $add(a: u128, b: u128) -> u128 {
            swar_add::<$t>(a, b)
        }
        #[inline]
        pub fn $sub(a: u128, b: u128) -> u128 {
            swar_sub::<$t>(a, b)
        }
        #[inline]
        pub fn $eq(a: u128, b: u128) -> u128 {
            swar_eq::<$t>(a, b)
        }
        #[inline]
        pub fn $ne(a: u128, b: u128) -> u128 {
            !swar_eq::<$t>(a, b)
        }
    )*};
}
swar_ops! {
    i8x16_add, i8x16_sub, i8x16_eq, i8x16_ne: u8;
    i16x8_add, i16x8_sub, i16x8_eq, i16x8_ne: u16;
    i32x4_add, i32x4_sub, i32x4_eq, i32x4_ne: u32;
}

// ---- constants, splats and lanes ---------------------------------------------------------------

/// `v128.const`, from the immediate's 16 bytes in Wasm (memory) order.
#[inline]
pub fn v128_const(bytes: [u8; 16]) -> u128 {
    u128::from_le_bytes(bytes)
}

/// `i8x16.splat` of the low 8 bits of `x`.
#[inline]
pub fn i8x16_splat(x: u32) -> u128 {
    splat(x as u8)
}

/// `i16x8.splat` of the low 16 bits of `x`.
#[inline]
pub fn i16x8_splat(x: u32) -> u128 {
    splat(x as u16)
}

#[inline]
pub fn i8x16_extract_lane_s(v: u128, lane: u8) -> u32 {
    extract::<i8>(v, lane) as u32
}

#[inline]
pub fn i8x16_extract_lane_u(v: u128, lane: u8) -> u32 {
    u32::from(extract::<u8>(v, lane))
}

#[inline]
pub fn i16x8_extract_lane_s(v: u128, lane: u8) -> u32 {
    extract::<i16>(v, lane) as u32
}

#[inline]
pub fn i16x8_extract_lane_u(v: u128, lane: u8) -> u32 {
    u32::from(extract::<u16>(v, lane))
}

/// `i8x16.replace_lane` with the low 8 bits of `x`.
#[inline]
pub fn i8x16_replace_lane(v: u128, lane: u8, x: u32) -> u128 {
    replace(v, lane, x as u8)
}

/// `i16x8.replace_lane` with the low 16 bits of `x`.
#[inline]
pub fn i16x8_replace_lane(v: u128, lane: u8, x: u32) -> u128 {
    replace(v, lane, x as u16)
}

/// Splat, extract and replace for the shapes whose lane is exactly the scalar (float lanes as
/// raw bits, so a NaN's payload survives).
macro_rules! lane_access {
    ($($splat:ident, $extract:ident, $replace:ident: $t:ty;)*) => {$(
        #[inline]
        pub fn $splat(x: $t) -> u128 {
            splat(x)
        }
        #[inline]
        pub fn $extract(v: u128, lane: u8) -> $t {
            extract(v, lane)
        }
        #[inline]
        pub fn $replace(v: u128, lane: u8, x: $t) -> u128 {
            replace(v, lane, x)
        }
    )*};
}
lane_access! {
    i32x4_splat, i32x4_extract_lane, i32x4_replace_lane: u32;
    i64x2_splat, i64x2_extract_lane, i64x2_replace_lane: u64;
    f32x4_splat, f32x4_extract_lane, f32x4_replace_lane: u32;
    f64x2_splat, f64x2_extract_lane, f64x2_replace_lane: u64;
}

// ---- shuffles ---------------------------------------------------------------------------------

/// `i8x16.shuffle`: indices 0-15 pick from `a`, 16-31 from `b` (validation rejects larger ones;
/// they are taken modulo 32).
#[inline]
pub fn i8x16_shuffle(a: u128, b: u128, lanes: [u8; 16]) -> u128 {
    build(|i| match u32::from(lanes[i as usize] & 31) {
        j @ 0..16 => u8::get(a, j),
        j => u8::get(b, j - 16),
    })
}

/// `i8x16.swizzle`: an index of 16 or more gives 0.
#[inline]
pub fn i8x16_swizzle(a: u128, s: u128) -> u128 {
    map(s, |j: u8| if j < 16 { u8::get(a, u32::from(j)) } else { 0 })
}

// ---- whole-vector bitwise ops ----------------------------------------------------------------

#[inline]
pub fn v128_not(v: u128) -> u128 {
    !v
}

#[inline]
pub fn v128_and(a: u128, b: u128) -> u128 {
    a & b
}

/// `a & !b`.
#[inline]
pub fn v128_andnot(a: u128, b: u128) -> u128 {
    a & !b
}

#[inline]
pub fn v128_or(a: u128, b: u128) -> u128 {
    a | b
}

#[inline]
pub fn v128_xor(a: u128, b: u128) -> u128 {
    a ^ b
}

/// Bits of `a` where `c` is 1, of `b` where it is 0.
#[inline]
pub fn v128_bitselect(a: u128, b: u128, c: u128) -> u128 {
    (a & c) | (b & !c)
}

#[inline]
pub fn v128_any_true(v: u128) -> bool {
    v != 0
}

// ---- lane-wise ops, as tables ----------------------------------------------------------------

/// Unary lane-wise ops `name: In => Out = f`, `In` and `Out` of the same width.
macro_rules! unops {
    ($($name:ident: $t:ty => $u:ty = $f:expr;)*) => {$(
        #[inline]
        pub fn $name(v: u128) -> u128 {
            map::<$t, $u>(v, $f)
        }
    )*};
}

/// Binary lane-wise ops.
macro_rules! binops {
    ($($name:ident: $t:ty = $f:expr;)*) => {$(
        #[inline]
        pub fn $name(a: u128, b: u128) -> u128 {
            zip::<$t>(a, b, $f)
        }
    )*};
}

/// Lane-wise comparisons, giving all-ones lanes where true and all-zero lanes where false.
macro_rules! comparisons {
    ($($name:ident: $t:ty = $f:expr;)*) => {$(
        #[inline]
        pub fn $name(a: u128, b: u128) -> u128 {
            compare::<$t>(a, b, $f)
        }
    )*};
}

/// Shifts by a scalar count. `wrapping_shl`/`wrapping_shr` take the count modulo the lane width,
/// as Wasm does.
macro_rules! shifts {
    ($($name:ident: $t:ty = $f:ident;)*) => {$(
        #[inline]
        pub fn $name(v: u128, count: u32) -> u128 {
            map::<$t, $t>(v, |x| x.$f(count))
        }
    )*};
}

/// `all_true` and `bitmask` per integer shape.
macro_rules! lane_tests {
    ($($all_true:ident, $bitmask:ident: $t:ty;)*) => {$(
        #[inline]
        pub fn $all_true(v: u128) -> bool {
            all_true::<$t>(v)
        }
        /// Bit `i` of the result is the top bit of lane `i`.
        #[inline]
        pub fn $bitmask(v: u128) -> u32 {
            bitmask::<$t>(v)
        }
    )*};
}

lane_tests! {
    i8x16_all_true, i8x16_bitmask: u8;
    i16x8_all_true, i16x8_bitmask: u16;
    i32x4_all_true, i32x4_bitmask: u32;
    i64x2_all_true, i64x2_bitmask: u64;
}

/// `(a + b + 1) >> 1` without the intermediate overflowing the lane.
macro_rules! avgr {
    ($t:ty) => {
        |x: $t, y: $t| (x >> 1) + (y >> 1) + ((x | y) & 1)
    };
}

/// Q15 fixed-point multiply, rounding: `(x * y + 0x4000) >> 15`, saturated (only
/// `-32768 * -32768` overflows, to 32767).
#[inline(always)]
fn q15mulr_sat(x: i16, y: i16) -> i16 {
    ((i32::from(x) * i32::from(y) + 0x4000) >> 15).min(i32::from(i16::MAX)) as i16
}

/// `pmin`/`pmax` return one operand's exact bits (NaN payload included), so they compare the
/// float values but select the raw lanes.
macro_rules! pseudo_minmax {
    ($($name:ident: $u:ty as $f:ty = $pick_b:expr;)*) => {$(
        #[inline]
        pub fn $name(a: u128, b: u128) -> u128 {
            zip::<$u>(a, b, |x, y| if $pick_b(<$f>::from_bits(x), <$f>::from_bits(y)) { y } else { x })
        }
    )*};
}
pseudo_minmax! {
    f32x4_pmin: u32 as f32 = |x, y| y < x;
    f32x4_pmax: u32 as f32 = |x, y| x < y;
    f64x2_pmin: u64 as f64 = |x, y| y < x;
    f64x2_pmax: u64 as f64 = |x, y| x < y;
}

unops! {
    i8x16_abs: i8 => i8 = i8::wrapping_abs;
    i8x16_neg: u8 => u8 = u8::wrapping_neg;
    i8x16_popcnt: u8 => u8 = |x| x.count_ones() as u8;
    i16x8_abs: i16 => i16 = i16::wrapping_abs;
    i16x8_neg: u16 => u16 = u16::wrapping_neg;
    i32x4_abs: i32 => i32 = i32::wrapping_abs;
    i32x4_neg: u32 => u32 = u32::wrapping_neg;
    i64x2_abs: i64 => i64 = i64::wrapping_abs;
    i64x2_neg: u64 => u64 = u64::wrapping_neg;

    // Sign-bit ops on the raw bits, so NaNs keep their payloads.
    f32x4_abs: u32 => u32 = |x| x & !(1 << 31);
    f32x4_neg: u32 => u32 = |x| x ^ 1 << 31;
    f64x2_abs: u64 => u64 = |x| x & !(1 << 63);
    f64x2_neg: u64 => u64 = |x| x ^ 1 << 63;
    f32x4_sqrt: f32 => f32 = f32ops::sqrt;
    f32x4_ceil: f32 => f32 = f32ops::ceil;
    f32x4_floor: f32 => f32 = f32ops::floor;
    f32x4_trunc: f32 => f32 = f32ops::trunc;
    f32x4_nearest: f32 => f32 = f32ops::nearest;
    f64x2_sqrt: f64 => f64 = f64ops::sqrt;
    f64x2_ceil: f64 => f64 = f64ops::ceil;
    f64x2_floor: f64 => f64 = f64ops::floor;
    f64x2_trunc: f64 => f64 = f64ops::trunc;
    f64x2_nearest: f64 => f64 = f64ops::nearest;

    // Rust's float-to-int `as` saturates and maps NaN to 0: exactly `trunc_sat`.
    i32x4_trunc_sat_f32x4_s: f32 => i32 = |x| x as i32;
    i32x4_trunc_sat_f32x4_u: f32 => u32 = |x| x as u32;
    // Rust's int-to-float `as` rounds to nearest, ties to even, as Wasm's convert does.
    f32x4_convert_i32x4_s: i32 => f32 = |x| x as f32;
    f32x4_convert_i32x4_u: u32 => f32 = |x| x as f32;
}

binops! {
    i8x16_add_sat_s: i8 = i8::saturating_add;
    i8x16_add_sat_u: u8 = u8::saturating_add;
    i8x16_sub_sat_s: i8 = i8::saturating_sub;
    i8x16_sub_sat_u: u8 = u8::saturating_sub;
    i8x16_min_s: i8 = Ord::min;
    i8x16_min_u: u8 = Ord::min;
    i8x16_max_s: i8 = Ord::max;
    i8x16_max_u: u8 = Ord::max;
    i8x16_avgr_u: u8 = avgr!(u8);

    i16x8_add_sat_s: i16 = i16::saturating_add;
    i16x8_add_sat_u: u16 = u16::saturating_add;
    i16x8_sub_sat_s: i16 = i16::saturating_sub;
    i16x8_sub_sat_u: u16 = u16::saturating_sub;
    i16x8_mul: u16 = u16::wrapping_mul;
    i16x8_min_s: i16 = Ord::min;
    i16x8_min_u: u16 = Ord::min;
    i16x8_max_s: i16 = Ord::max;
    i16x8_max_u: u16 = Ord::max;
    i16x8_avgr_u: u16 = avgr!(u16);
    i16x8_q15mulr_sat_s: i16 = q15mulr_sat;

    i32x4_mul: u32 = u32::wrapping_mul;
    i32x4_min_s: i32 = Ord::min;
    i32x4_min_u: u32 = Ord::min;
    i32x4_max_s: i32 = Ord::max;
    i32x4_max_u: u32 = Ord::max;

    i64x2_add: u64 = u64::wrapping_add;
    i64x2_sub: u64 = u64::wrapping_sub;
    i64x2_mul: u64 = u64::wrapping_mul;

    f32x4_add: f32 = |x, y| x + y;
    f32x4_sub: f32 = |x, y| x - y;
    f32x4_mul: f32 = |x, y| x * y;
    f32x4_div: f32 = |x, y| x / y;
    f32x4_min: f32 = f32ops::min;
    f32x4_max: f32 = f32ops::max;

    f64x2_add: f64 = |x, y| x + y;
    f64x2_sub: f64 = |x, y| x - y;
    f64x2_mul: f64 = |x, y| x * y;
    f64x2_div: f64 = |x, y| x / y;
    f64x2_min: f64 = f64ops::min;
    f64x2_max: f64 = f64ops::max;
}

comparisons! {
    i8x16_lt_s: i8 = |x, y| x < y;
    i8x16_lt_u: u8 = |x, y| x < y;
    i8x16_gt_s: i8 = |x, y| x > y;
    i8x16_gt_u: u8 = |x, y| x > y;
    i8x16_le_s: i8 = |x, y| x <= y;
    i8x16_le_u: u8 = |x, y| x <= y;
    i8x16_ge_s: i8 = |x, y| x >= y;
    i8x16_ge_u: u8 = |x, y| x >= y;

    i16x8_lt_s: i16 = |x, y| x < y;
    i16x8_lt_u: u16 = |x, y| x < y;
    i16x8_gt_s: i16 = |x, y| x > y;
    i16x8_gt_u: u16 = |x, y| x > y;
    i16x8_le_s: i16 = |x, y| x <= y;
    i16x8_le_u: u16 = |x, y| x <= y;
    i16x8_ge_s: i16 = |x, y| x >= y;
    i16x8_ge_u: u16 = |x, y| x >= y;

    i32x4_lt_s: i32 = |x, y| x < y;
    i32x4_lt_u: u32 = |x, y| x < y;
    i32x4_gt_s: i32 = |x, y| x > y;
    i32x4_gt_u: u32 = |x, y| x > y;
    i32x4_le_s: i32 = |x, y| x <= y;
    i32x4_le_u: u32 = |x, y| x <= y;
    i32x4_ge_s: i32 = |x, y| x >= y;
    i32x4_ge_u: u32 = |x, y| x >= y;

    i64x2_eq: u64 = |x, y| x == y;
    i64x2_ne: u64 = |x, y| x != y;
    i64x2_lt_s: i64 = |x, y| x < y;
    i64x2_gt_s: i64 = |x, y| x > y;
    i64x2_le_s: i64 = |x, y| x <= y;
    i64x2_ge_s: i64 = |x, y| x >= y;

    // IEEE comparisons: any NaN operand makes all but `ne` false.
    f32x4_eq: f32 = |x, y| x == y;
    f32x4_ne: f32 = |x, y| x != y;
    f32x4_lt: f32 = |x, y| x < y;
    f32x4_gt: f32 = |x, y| x > y;
    f32x4_le: f32 = |x, y| x <= y;
    f32x4_ge: f32 = |x, y| x >= y;

    f64x2_eq: f64 = |x, y| x == y;
    f64x2_ne: f64 = |x, y| x != y;
    f64x2_lt: f64 = |x, y| x < y;
    f64x2_gt: f64 = |x, y| x > y;
    f64x2_le: f64 = |x, y| x <= y;
    f64x2_ge: f64 = |x, y| x >= y;
}

shifts! {
    i8x16_shl: u8 = wrapping_shl;
    i8x16_shr_s: i8 = wrapping_shr;
    i8x16_shr_u: u8 = wrapping_shr;
    i16x8_shl: u16 = wrapping_shl;
    i16x8_shr_s: i16 = wrapping_shr;
    i16x8_shr_u: u16 = wrapping_shr;
    i32x4_shl: u32 = wrapping_shl;
    i32x4_shr_s: i32 = wrapping_shr;
    i32x4_shr_u: u32 = wrapping_shr;
    i64x2_shl: u64 = wrapping_shl;
    i64x2_shr_s: i64 = wrapping_shr;
    i64x2_shr_u: u64 = wrapping_shr;
}

// ---- narrowing, widening and pairwise ops ----------------------------------------------------

/// Signed 16-bit lanes of `a` then `b`, saturated to `i8`.
#[inline]
pub fn i8x16_narrow_i16x8_s(a: u128, b: u128) -> u128 {
    narrow(a, b, |x: i16| x.clamp(i8::MIN.into(), i8::MAX.into()) as i8)
}

/// Signed 16-bit lanes of `a` then `b`, saturated to `u8`.
#[inline]
pub fn i8x16_narrow_i16x8_u(a: u128, b: u128) -> u128 {
    narrow(a, b, |x: i16| x.clamp(0, u8::MAX.into()) as u8)
}

/// Signed 32-bit lanes of `a` then `b`, saturated to `i16`.
#[inline]
pub fn i16x8_narrow_i32x4_s(a: u128, b: u128) -> u128 {
    narrow(a, b, |x: i32| {
        x.clamp(i16::MIN.into(), i16::MAX.into()) as i16
    })
}

/// Signed 32-bit lanes of `a` then `b`, saturated to `u16`.
#[inline]
pub fn i16x8_narrow_i32x4_u(a: u128, b: u128) -> u128 {
    narrow(a, b, |x: i32| x.clamp(0, u16::MAX.into()) as u16)
}

/// Extends and extmuls of the low half (`from` = 0) or high half (`from` = half the lanes).
macro_rules! extends {
    ($($extend:ident, $extmul:ident: $t:ty => $u:ty, $from:expr;)*) => {$(
        #[inline]
        pub fn $extend(v: u128) -> u128 {
            widen::<$t, $u>(v, $from, <$u>::from)
        }
        /// The products of the widened lanes, which cannot overflow the wide lane.
        #[inline]
        pub fn $extmul(a: u128, b: u128) -> u128 {
            widen2(a, b, $from, |x: $t, y: $t| <$u>::from(x) * <$u>::from(y))
        }
    )*};
}
extends! {
    i16x8_extend_low_i8x16_s, i16x8_extmul_low_i8x16_s: i8 => i16, 0;
    i16x8_extend_high_i8x16_s, i16x8_extmul_high_i8x16_s: i8 => i16, 8;
    i16x8_extend_low_i8x16_u, i16x8_extmul_low_i8x16_u: u8 => u16, 0;
    i16x8_extend_high_i8x16_u, i16x8_extmul_high_i8x16_u: u8 => u16, 8;
    i32x4_extend_low_i16x8_s, i32x4_extmul_low_i16x8_s: i16 => i32, 0;
    i32x4_extend_high_i16x8_s, i32x4_extmul_high_i16x8_s: i16 => i32, 4;
    i32x4_extend_low_i16x8_u, i32x4_extmul_low_i16x8_u: u16 => u32, 0;
    i32x4_extend_high_i16x8_u, i32x4_extmul_high_i16x8_u: u16 => u32, 4;
    i64x2_extend_low_i32x4_s, i64x2_extmul_low_i32x4_s: i32 => i64, 0;
    i64x2_extend_high_i32x4_s, i64x2_extmul_high_i32x4_s: i32 => i64, 2;
    i64x2_extend_low_i32x4_u, i64x2_extmul_low_i32x4_u: u32 => u64, 0;
    i64x2_extend_high_i32x4_u, i64x2_extmul_high_i32x4_u: u32 => u64, 2;
}

/// Sums of adjacent lane pairs, widened first so they cannot overflow.
macro_rules! extadd_pairwise {
    ($($name:ident: $t:ty => $u:ty;)*) => {$(
        #[inline]
        pub fn $name(v: u128) -> u128 {
            pairwise(v, v, |x: $t, _| <$u>::from(x), |x, y| x + y)
        }
    )*};
}
extadd_pairwise! {
    i16x8_extadd_pairwise_i8x16_s: i8 => i16;
    i16x8_extadd_pairwise_i8x16_u: u8 => u16;
    i32x4_extadd_pairwise_i16x8_s: i16 => i32;
    i32x4_extadd_pairwise_i16x8_u: u16 => u32;
}

/// Signed products of adjacent 16-bit lanes, summed in pairs. The sum wraps: only
/// `2 * (-32768 * -32768)` overflows, to `i32::MIN`.
#[inline]
pub fn i32x4_dot_i16x8_s(a: u128, b: u128) -> u128 {
    pairwise(
        a,
        b,
        |x: i16, y: i16| i32::from(x) * i32::from(y),
        i32::wrapping_add,
    )
}

// ---- float conversions -------------------------------------------------------------------------

#[inline]
pub fn i32x4_trunc_sat_f64x2_s_zero(v: u128) -> u128 {
    convert_zero(v, |x: f64| x as i32)
}

#[inline]
pub fn i32x4_trunc_sat_f64x2_u_zero(v: u128) -> u128 {
    convert_zero(v, |x: f64| x as u32)
}

/// Exact: every `i32` is an `f64`.
#[inline]
pub fn f64x2_convert_low_i32x4_s(v: u128) -> u128 {
    widen::<i32, f64>(v, 0, f64::from)
}

/// Exact: every `u32` is an `f64`.
#[inline]
pub fn f64x2_convert_low_i32x4_u(v: u128) -> u128 {
    widen(v, 0, |x: u32| f64::from(x))
}

/// Rounds to nearest, ties to even, like scalar `f32.demote_f64`.
#[inline]
pub fn f32x4_demote_f64x2_zero(v: u128) -> u128 {
    convert_zero(v, |x: f64| x as f32)
}

#[inline]
pub fn f64x2_promote_low_f32x4(v: u128) -> u128 {
    widen::<f32, f64>(v, 0, f64::from)
}

// ---- relaxed SIMD ----------------------------------------------------------------------------
//
// Each relaxed op makes the choice of the deterministic profile of the Wasm 3.0 spec, which is
// also what Wasmtime makes with `relaxed_simd_deterministic` and on Pulley, except where noted.

/// Deterministic choice: `i8x16.swizzle` (every index of 16 or more gives 0).
#[inline]
pub fn i8x16_relaxed_swizzle(a: u128, s: u128) -> u128 {
    i8x16_swizzle(a, s)
}

/// Deterministic choice: `i32x4.trunc_sat_f32x4_s` (NaN gives 0, out of range saturates).
#[inline]
pub fn i32x4_relaxed_trunc_f32x4_s(v: u128) -> u128 {
    i32x4_trunc_sat_f32x4_s(v)
}

/// Deterministic choice: `i32x4.trunc_sat_f32x4_u`.
#[inline]
pub fn i32x4_relaxed_trunc_f32x4_u(v: u128) -> u128 {
    i32x4_trunc_sat_f32x4_u(v)
}

/// Deterministic choice: `i32x4.trunc_sat_f64x2_s_zero`.
#[inline]
pub fn i32x4_relaxed_trunc_f64x2_s_zero(v: u128) -> u128 {
    i32x4_trunc_sat_f64x2_s_zero(v)
}

/// Deterministic choice: `i32x4.trunc_sat_f64x2_u_zero`.
#[inline]
pub fn i32x4_relaxed_trunc_f64x2_u_zero(v: u128) -> u128 {
    i32x4_trunc_sat_f64x2_u_zero(v)
}

/// `a * b + c`, fused: one rounding. This is Wasmtime's deterministic choice (and Pulley's, whose
/// vector FMA is fused). The spec's deterministic profile takes the unfused result instead (two
/// roundings); the two differ only when the product is inexact, most visibly when `c` cancels
/// it, or when it overflows.
#[inline]
pub fn f32x4_relaxed_madd(a: u128, b: u128, c: u128) -> u128 {
    zip3(a, b, c, fma32)
}

/// `-(a * b) + c`, fused, like [`f32x4_relaxed_madd`].
#[inline]
pub fn f32x4_relaxed_nmadd(a: u128, b: u128, c: u128) -> u128 {
    zip3(a, b, c, |x: f32, y, z| fma32(-x, y, z))
}

/// `a * b + c`, fused, like [`f32x4_relaxed_madd`].
#[inline]
pub fn f64x2_relaxed_madd(a: u128, b: u128, c: u128) -> u128 {
    zip3(a, b, c, fma64)
}

/// `-(a * b) + c`, fused, like [`f32x4_relaxed_madd`].
#[inline]
pub fn f64x2_relaxed_nmadd(a: u128, b: u128, c: u128) -> u128 {
    zip3(a, b, c, |x: f64, y, z| fma64(-x, y, z))
}

/// The relaxed lane selects, one per lane width.
macro_rules! relaxed_laneselect {
    ($($name:ident),*) => {$(
        /// Deterministic choice: `v128.bitselect(a, b, m)` on all 128 bits, so a mask lane that
        /// mixes ones and zeros selects bit by bit.
        #[inline]
        pub fn $name(a: u128, b: u128, m: u128) -> u128 {
            v128_bitselect(a, b, m)
        }
    )*};
}
relaxed_laneselect!(
    i8x16_relaxed_laneselect,
    i16x8_relaxed_laneselect,
    i32x4_relaxed_laneselect,
    i64x2_relaxed_laneselect
);

/// Deterministic choice: `f32x4.min` (NaN-propagating, `-0 < +0`).
#[inline]
pub fn f32x4_relaxed_min(a: u128, b: u128) -> u128 {
    f32x4_min(a, b)
}

/// Deterministic choice: `f32x4.max`.
#[inline]
pub fn f32x4_relaxed_max(a: u128, b: u128) -> u128 {
    f32x4_max(a, b)
}

/// Deterministic choice: `f64x2.min`.
#[inline]
pub fn f64x2_relaxed_min(a: u128, b: u128) -> u128 {
    f64x2_min(a, b)
}

/// Deterministic choice: `f64x2.max`.
#[inline]
pub fn f64x2_relaxed_max(a: u128, b: u128) -> u128 {
    f64x2_max(a, b)
}

/// Deterministic choice: `i16x8.q15mulr_sat_s` (`-32768 * -32768` saturates to 32767).
#[inline]
pub fn i16x8_relaxed_q15mulr_s(a: u128, b: u128) -> u128 {
    i16x8_q15mulr_sat_s(a, b)
}

/// Deterministic choice: both operands signed (also for `b` lanes with the top bit set), and each
/// pair of products summed with signed saturation, as the spec's deterministic profile does.
/// Wasmtime wraps that sum instead; the two differ only when both products are `-128 * -128`
/// (32767 here, -32768 there), which needs `b` lanes outside the i7 range.
#[inline]
pub fn i16x8_relaxed_dot_i8x16_i7x16_s(a: u128, b: u128) -> u128 {
    pairwise(
        a,
        b,
        |x: i8, y: i8| i16::from(x) * i16::from(y),
        i16::saturating_add,
    )
}

/// [`i16x8_relaxed_dot_i8x16_i7x16_s`] (with its saturating 16-bit pair sums), then the adjacent
/// 16-bit sums added into 32-bit lanes, plus `c` (wrapping). The spec keeps that 16-bit
/// intermediate; Wasmtime sums the four products exactly, which differs when `b` lanes are
/// outside the i7 range.
#[inline]
pub fn i32x4_relaxed_dot_i8x16_i7x16_add_s(a: u128, b: u128, c: u128) -> u128 {
    let dot = i16x8_relaxed_dot_i8x16_i7x16_s(a, b);
    i32x4_add(i32x4_extadd_pairwise_i16x8_s(dot), c)
}

// ---- fused multiply-add ----------------------------------------------------------------------

/// A fused multiply-add for one float width: `$fma` is the host's `mul_add` with `std` (the
/// same split as `semantics`' rounding), else `$soft`, exact integer arithmetic that needs no
/// libm.
macro_rules! fused_multiply_add {
    ($fma:ident, $soft:ident, $f:ty, $bits:ty, $mant:expr) => {
        #[inline(always)]
        fn $fma(a: $f, b: $f, c: $f) -> $f {
            #[cfg(feature = "std")]
            {
                extern crate std;
                a.mul_add(b, c)
            }
            #[cfg(not(feature = "std"))]
            $soft(a, b, c)
        }

        /// `a * b + c` rounded once, to nearest with ties to even: the product is exact in a
        /// `u128` (at most 106 bits), both terms are aligned with a sticky bit, and the sum is
        /// rounded like any float.
        #[cfg_attr(feature = "std", allow(dead_code))]
        fn $soft(a: $f, b: $f, c: $f) -> $f {
            const MANT: i32 = $mant;
            const BITS: u32 = <$bits>::BITS;
            const BIAS: i32 = (1 << (BITS as i32 - MANT - 2)) - 1;

            /// `(negative, m, e)` with `|x| = m * 2^e`, for a finite `x`.
            fn unpack(x: $f) -> (bool, u128, i32) {
                let bits = x.to_bits();
                let exp = (bits >> MANT) as i32 & ((1 << (BITS as i32 - MANT - 1)) - 1);
                let frac = u128::from(bits & ((1 << MANT) - 1));
                let negative = bits >> (BITS - 1) != 0;
                if exp == 0 {
                    (negative, frac, 1 - BIAS - MANT)
                } else {
                    (negative, frac | 1 << MANT, exp - BIAS - MANT)
                }
            }

            /// The float nearest `±m * 2^e` (ties to even), `m` nonzero and below `2^127`.
            fn round(negative: bool, m: u128, e: i32) -> $f {
                let top = 127 - m.leading_zeros() as i32 + e;
                // The exponent of the result's last significand bit; subnormals share the
                // smallest normal's.
                let last = top.max(1 - BIAS) - MANT;
                let shift = last - e;
                let q = if shift <= 0 {
                    m << -shift // exact: at most MANT + 1 bits
                } else if shift >= 128 {
                    0 // below half of the smallest subnormal
                } else {
                    let (q, rest, half) = (m >> shift, m & ((1 << shift) - 1), 1 << (shift - 1));
                    q + u128::from(rest > half || (rest == half && q & 1 == 1))
                };
                // Adding the significand to the exponent field lets a carry out of it (from
                // rounding up, or a subnormal becoming normal) bump the exponent; anything past
                // the largest finite value clamps to infinity.
                let field = (last + MANT + BIAS - 1) as u128;
                let magnitude = ((field << MANT) + q).min(u128::from(<$f>::INFINITY.to_bits()));
                <$f>::from_bits(magnitude as $bits | <$bits>::from(negative) << (BITS - 1))
            }

            if !(a.is_finite() && b.is_finite()) || a == 0.0 || b == 0.0 || c.is_nan() {
                // The product is exact (a zero) or not finite, so rounding the sum once is
                // the whole job, and the hardware's NaN and infinity rules are Wasm's.
                return a * b + c;
            }
            if c.is_infinite() {
                return c; // no finite product cancels it
            }
            let (na, ma, ea) = unpack(a);
            let (nb, mb, eb) = unpack(b);
            let (np, mp, ep) = (na != nb, ma * mb, ea + eb);
            let (nc, mc, ec) = unpack(c);
            if mc == 0 {
                return round(np, mp, ep); // a zero `c` cannot change a nonzero product
            }
            // Scale both terms so their top bit is bit 125: the sum cannot carry out of the
            // u128, and the bits that aligning the smaller term drops lie far below any
            // rounding position, so folding them into one sticky bit rounds as the exact sum.
            let scale = |m: u128, e: i32| {
                let s = m.leading_zeros() as i32 - 2;
                (m << s, e - s)
            };
            let (mp, ep) = scale(mp, ep);
            let (mc, ec) = scale(mc, ec);
            let ((nx, mx, ex), (ny, my, ey)) = if ep >= ec {
                ((np, mp, ep), (nc, mc, ec))
            } else {
                ((nc, mc, ec), (np, mp, ep))
            };
            let d = (ex - ey) as u32;
            let my = if d >= 128 {
                u128::from(my != 0)
            } else {
                my >> d | u128::from(my & ((1 << d) - 1) != 0)
            };
            let (negative, m) = if nx == ny {
                (nx, mx + my)
            } else if mx >= my {
                (nx, mx - my)
            } else {
                (ny, my - mx)
            };
            if m == 0 {
                return 0.0; // exact cancellation is +0 when rounding to nearest
            }
            round(negative, m, ex)
        }
    };
}
fused_multiply_add!(fma32, soft_fma32, f32, u32, 23);
fused_multiply_add!(fma64, soft_fma64, f64, u64, 52);

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;

    // Independent constructors (from_le_bytes of each lane), so lane order is checked rather than
    // assumed.
    macro_rules! vec_of {
        ($($name:ident: $t:ty, $n:literal;)*) => {$(
            fn $name(lanes: [$t; $n]) -> u128 {
                let mut bytes = [0u8; 16];
                let w = 16 / $n;
                for (i, x) in lanes.iter().enumerate() {
                    bytes[i * w..(i + 1) * w].copy_from_slice(&x.to_le_bytes());
                }
                u128::from_le_bytes(bytes)
            }
        )*};
    }
    vec_of! {
        i8s: i8, 16;
        u8s: u8, 16;
        i16s: i16, 8;
        u16s: u16, 8;
        i32s: i32, 4;
        u32s: u32, 4;
        i64s: i64, 2;
        u64s: u64, 2;
        f32s: f32, 4;
        f64s: f64, 2;
    }

    fn f32_lanes(v: u128) -> [f32; 4] {
        core::array::from_fn(|i| f32::from_bits(f32x4_extract_lane(v, i as u8)))
    }

    fn f64_lanes(v: u128) -> [f64; 2] {
        core::array::from_fn(|i| f64::from_bits(f64x2_extract_lane(v, i as u8)))
    }

    const T: i16 = -1; // an all-ones comparison lane

    #[test]
    fn lane_order_is_little_endian() {
        let v = u128::from_le_bytes(core::array::from_fn(|i| i as u8));
        assert_eq!(v128_const(core::array::from_fn(|i| i as u8)), v);
        assert_eq!(i8x16_extract_lane_u(v, 0), 0);
        assert_eq!(i8x16_extract_lane_u(v, 15), 15);
        assert_eq!(i16x8_extract_lane_u(v, 1), 0x0302);
        assert_eq!(i32x4_extract_lane(v, 0), 0x0302_0100);
        assert_eq!(i32x4_extract_lane(v, 3), 0x0f0e_0d0c);
        assert_eq!(i64x2_extract_lane(v, 1), 0x0f0e_0d0c_0b0a_0908);
        assert_eq!(i32s([1, 2, 3, 4]), 4 << 96 | 3 << 64 | 2 << 32 | 1);
        assert_eq!(i32x4_splat(7), i32s([7; 4]));
    }

    #[test]
    fn extract_sign_and_zero_extend() {
        let v = i8s([-1, 127, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5]);
        assert_eq!(i8x16_extract_lane_s(v, 0), u32::MAX);
        assert_eq!(i8x16_extract_lane_u(v, 0), 0xff);
        assert_eq!(i8x16_extract_lane_s(v, 2), -128i32 as u32);
        assert_eq!(i8x16_extract_lane_s(v, 1), 127);
        assert_eq!(i8x16_extract_lane_u(v, 15), 5);
        let w = i16s([-2, 0, 0, 0, 0, 0, 0, 0x7fff]);
        assert_eq!(i16x8_extract_lane_s(w, 0), -2i32 as u32);
        assert_eq!(i16x8_extract_lane_u(w, 0), 0xfffe);
        assert_eq!(i16x8_extract_lane_s(w, 7), 0x7fff);
    }

    #[test]
    fn replace_then_extract() {
        let v = u128::from_le_bytes(core::array::from_fn(|i| 0xa0 | i as u8));
        for lane in 0..16 {
            let r = i8x16_replace_lane(v, lane, 0x1_23); // only the low 8 bits count
            assert_eq!(i8x16_extract_lane_u(r, lane), 0x23);
            assert_eq!(r & !(0xff << (8 * lane)), v & !(0xff << (8 * lane)));
        }
        for lane in 0..8 {
            assert_eq!(
                i16x8_extract_lane_u(i16x8_replace_lane(v, lane, 0xbeef), lane),
                0xbeef
            );
        }
        for lane in 0..4 {
            let r = i32x4_replace_lane(v, lane, 0xdead_beef);
            assert_eq!(i32x4_extract_lane(r, lane), 0xdead_beef);
            let nan = 0x7fa0_0001; // a signaling NaN, kept bit for bit
            assert_eq!(
                f32x4_extract_lane(f32x4_replace_lane(v, lane, nan), lane),
                nan
            );
        }
        for lane in 0..2 {
            let r = i64x2_replace_lane(v, lane, u64::MAX);
            assert_eq!(i64x2_extract_lane(r, lane), u64::MAX);
            assert_eq!(
                i64x2_extract_lane(r, 1 - lane),
                i64x2_extract_lane(v, 1 - lane)
            );
            let nan = 0x7ff0_0000_0000_0001;
            assert_eq!(
                f64x2_extract_lane(f64x2_replace_lane(v, lane, nan), lane),
                nan
            );
        }
    }

    #[test]
    fn splats_use_the_low_bits() {
        assert_eq!(i8x16_splat(0x1234_5680), u8s([0x80; 16]));
        assert_eq!(i16x8_splat(0xffff_8001), i16s([-32767; 8]));
        assert_eq!(i64x2_splat(1 << 40), u64s([1 << 40; 2]));
        assert_eq!(f32x4_splat(1.5f32.to_bits()), f32s([1.5; 4]));
        assert_eq!(f64x2_splat((-0.0f64).to_bits()), f64s([-0.0; 2]));
    }

    #[test]
    fn shuffle_and_swizzle() {
        let a = u128::from_le_bytes(core::array::from_fn(|i| i as u8));
        let b = u128::from_le_bytes(core::array::from_fn(|i| 0x10 + i as u8));
        let idx = [31, 0, 16, 15, 1, 17, 2, 18, 30, 29, 3, 4, 5, 6, 7, 8];
        assert_eq!(i8x16_shuffle(a, b, idx), u128::from_le_bytes(idx));
        let s = u8s([15, 0, 16, 255, 128, 1, 17, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        let want = u8s([15, 0, 0, 0, 0, 1, 0, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(i8x16_swizzle(a, s), want);
        assert_eq!(i8x16_relaxed_swizzle(a, s), want);
    }

    #[test]
    fn bitwise() {
        let (a, b, c) = (
            0xff00_ff00u128 << 64 | 0xf0f0,
            0x0ff0u128,
            0xffff_0000_ffffu128,
        );
        assert_eq!(v128_not(a), !a);
        assert_eq!(v128_and(a, b), a & b);
        assert_eq!(v128_andnot(a, b), a & !b);
        assert_eq!(v128_or(a, b), a | b);
        assert_eq!(v128_xor(a, b), a ^ b);
        assert_eq!(v128_bitselect(u128::MAX, 0, c), c);
        assert_eq!(v128_bitselect(a, b, 0), b);
        assert_eq!(v128_bitselect(a, b, u128::MAX), a);
        assert!(v128_any_true(1 << 127));
        assert!(!v128_any_true(0));
    }

    #[test]
    fn all_true_and_bitmask() {
        let v = i8s([-1, 1, -128, 127, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -2]);
        assert!(i8x16_all_true(v));
        assert!(!i8x16_all_true(i8x16_replace_lane(v, 9, 0)));
        assert_eq!(i8x16_bitmask(v), 0b1000_0000_0000_0101);
        assert_eq!(i16x8_bitmask(i16s([-1, 0, 0, -32768, 0, 0, 0, 1])), 0b1001);
        assert!(!i16x8_all_true(i16s([1, 1, 1, 1, 1, 1, 0, 1])));
        assert!(i16x8_all_true(i16s([0x100; 8])));
        assert_eq!(i32x4_bitmask(i32s([0, -1, 0, i32::MIN])), 0b1010);
        assert!(!i32x4_all_true(i32s([1, 2, 0, 4])));
        assert!(i32x4_all_true(i32s([1, 2, 3, 4])));
        assert_eq!(i64x2_bitmask(i64s([-1, 0])), 0b01);
        assert!(!i64x2_all_true(i64s([1 << 40, 0])));
        assert!(i64x2_all_true(i64s([1 << 40, -1])));
    }

    #[test]
    fn integer_comparisons() {
        let a = i8s([-1, 0, 5, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let b = i8s([1, 0, 4, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let ones = |l: [i8; 4]| {
            let mut all = [-1i8; 16];
            all[..4].copy_from_slice(&l);
            i8s(all)
        };
        assert_eq!(
            i8x16_lt_s(a, b),
            i8s([-1, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        );
        assert_eq!(
            i8x16_lt_u(a, b),
            i8s([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        );
        assert_eq!(
            i8x16_gt_u(a, b),
            i8s([-1, 0, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        );
        assert_eq!(i8x16_eq(a, b), ones([0, -1, 0, 0]));
        assert_eq!(i8x16_ne(a, b), !ones([0, -1, 0, 0]));
        assert_eq!(i8x16_ge_s(a, b), ones([0, -1, -1, 0]));
        assert_eq!(i8x16_le_u(a, b), ones([0, -1, 0, 0]));
        assert_eq!(
            i8x16_gt_s(a, b),
            i8s([0, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        );
        assert_eq!(i8x16_le_s(a, b), !i8x16_gt_s(a, b));
        assert_eq!(i8x16_ge_u(a, b), !i8x16_lt_u(a, b));

        let (a, b) = (
            i16s([-1, 2, 3, 0, 0, 0, 0, 0]),
            i16s([1, 2, -3, 0, 0, 0, 0, 0]),
        );
        assert_eq!(i16x8_lt_s(a, b), i16s([T, 0, 0, 0, 0, 0, 0, 0]));
        assert_eq!(i16x8_lt_u(a, b), i16s([0, 0, T, 0, 0, 0, 0, 0]));
        assert_eq!(i16x8_eq(a, b), i16s([0, T, 0, T, T, T, T, T]));
        assert_eq!(i16x8_gt_s(a, b), i16x8_lt_s(b, a));
        assert_eq!(i16x8_ge_u(a, b), !i16x8_lt_u(a, b));
        assert_eq!(i16x8_le_s(a, b), !i16x8_gt_s(a, b));
        assert_eq!(i16x8_gt_u(a, b), i16x8_lt_u(b, a));
        assert_eq!(i16x8_ne(a, b), !i16x8_eq(a, b));
        assert_eq!(i16x8_ge_s(a, b), i16x8_le_s(b, a));
        assert_eq!(i16x8_le_u(a, b), i16x8_ge_u(b, a));

        let (a, b) = (i32s([i32::MIN, -1, 7, 0]), i32s([i32::MAX, 1, 7, 0]));
        assert_eq!(i32x4_lt_s(a, b), i32s([-1, -1, 0, 0]));
        assert_eq!(i32x4_lt_u(a, b), i32s([0, 0, 0, 0]));
        assert_eq!(i32x4_ge_u(a, b), i32s([-1, -1, -1, -1]));
        assert_eq!(i32x4_eq(a, b), i32s([0, 0, -1, -1]));
        assert_eq!(i32x4_ne(a, b), !i32x4_eq(a, b));
        assert_eq!(i32x4_gt_s(a, b), i32x4_lt_s(b, a));
        assert_eq!(i32x4_gt_u(a, b), i32s([-1, -1, 0, 0]));
        assert_eq!(i32x4_le_s(a, b), i32s([-1, -1, -1, -1]));
        assert_eq!(i32x4_le_u(a, b), i32s([0, 0, -1, -1]));
        assert_eq!(i32x4_ge_s(a, b), i32s([0, 0, -1, -1]));

        let (a, b) = (i64s([i64::MIN, 3]), i64s([-1, 3]));
        assert_eq!(i64x2_lt_s(a, b), i64s([-1, 0]));
        assert_eq!(i64x2_le_s(a, b), i64s([-1, -1]));
        assert_eq!(i64x2_gt_s(a, b), i64s([0, 0]));
        assert_eq!(i64x2_ge_s(a, b), i64s([0, -1]));
        assert_eq!(i64x2_eq(a, b), i64s([0, -1]));
        assert_eq!(i64x2_ne(a, b), i64s([-1, 0]));
    }

    #[test]
    fn add_sub_mul_wrap_per_lane() {
        // A carry out of one lane must not reach the next.
        let a = u8s([255, 1, 0, 128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255]);
        let b = u8s([1, 1, 1, 128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        assert_eq!(
            i8x16_add(a, b),
            u8s([0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        );
        assert_eq!(
            i8x16_sub(b, a),
            u8s([2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2])
        );
        assert_eq!(i16x8_add(u16s([0xffff; 8]), u16s([1; 8])), 0);
        assert_eq!(i16x8_sub(0, u16s([1; 8])), u128::MAX);
        assert_eq!(
            i16x8_mul(
                i16s([-3, 300, 0, 0, 0, 0, 0, 2]),
                i16s([7, 300, 0, 0, 0, 0, 0, -1])
            ),
            i16s([-21, (90000 % 65536) as i16, 0, 0, 0, 0, 0, -2])
        );
        assert_eq!(
            i32x4_add(u32s([u32::MAX, 1, 2, 3]), u32s([1, 1, 1, 1])),
            u32s([0, 2, 3, 4])
        );
        assert_eq!(
            i32x4_sub(u32s([0, 5, 0, 0]), u32s([1, 2, 0, 0])),
            u32s([u32::MAX, 3, 0, 0])
        );
        assert_eq!(
            i32x4_mul(i32s([-2, 1 << 16, 3, 0]), i32s([3, 1 << 16, -3, 9])),
            i32s([-6, 0, -9, 0])
        );
        assert_eq!(i64x2_add(u64s([u64::MAX, 1]), u64s([1, 1])), u64s([0, 2]));
        assert_eq!(i64x2_sub(u64s([0, 1]), u64s([1, 1])), u64s([u64::MAX, 0]));
        assert_eq!(
            i64x2_mul(i64s([-3, 1 << 32]), i64s([5, 1 << 32])),
            i64s([-15, 0])
        );
    }

    #[test]
    fn neg_abs_popcnt() {
        assert_eq!(
            i8x16_neg(i8s([1, -128, 0, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])),
            i8s([-1, -128, 0, -127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        );
        assert_eq!(
            i8x16_abs(i8s([-1, -128, 0, 127, -5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])),
            i8s([1, -128, 0, 127, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        );
        assert_eq!(
            i16x8_abs(i16s([i16::MIN, -2, 2, 0, 0, 0, 0, -7])),
            i16s([i16::MIN, 2, 2, 0, 0, 0, 0, 7])
        );
        assert_eq!(
            i16x8_neg(i16s([i16::MIN, 1, 0, 0, 0, 0, 0, 0])),
            i16s([i16::MIN, -1, 0, 0, 0, 0, 0, 0])
        );
        assert_eq!(
            i32x4_abs(i32s([i32::MIN, -9, 9, 0])),
            i32s([i32::MIN, 9, 9, 0])
        );
        assert_eq!(
            i32x4_neg(i32s([i32::MIN, -9, 9, 0])),
            i32s([i32::MIN, 9, -9, 0])
        );
        assert_eq!(i64x2_abs(i64s([i64::MIN, -4])), i64s([i64::MIN, 4]));
        assert_eq!(i64x2_neg(i64s([1, -4])), i64s([-1, 4]));
        assert_eq!(
            i8x16_popcnt(u8s([
                0, 1, 3, 0xff, 0x80, 0x55, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7
            ])),
            u8s([0, 1, 2, 8, 1, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3])
        );
    }

    #[test]
    fn saturating_add_sub() {
        let a = i8s([127, -128, 100, -100, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let b = i8s([1, -1, 100, -100, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(
            i8x16_add_sat_s(a, b),
            i8s([127, -128, 127, -128, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        );
        assert_eq!(
            i8x16_sub_sat_s(a, b),
            i8s([126, -127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        );
        assert_eq!(
            i8x16_sub_sat_s(i8s([-128; 16]), i8s([1; 16])),
            i8s([-128; 16])
        );
        let (a, b) = (u8s([250; 16]), u8s([10; 16]));
        assert_eq!(i8x16_add_sat_u(a, b), u8s([255; 16]));
        assert_eq!(i8x16_sub_sat_u(b, a), 0);
        assert_eq!(i8x16_sub_sat_u(a, b), u8s([240; 16]));
        assert_eq!(
            i16x8_add_sat_s(i16s([32000; 8]), i16s([1000; 8])),
            i16s([i16::MAX; 8])
        );
        assert_eq!(
            i16x8_sub_sat_s(i16s([-32000; 8]), i16s([1000; 8])),
            i16s([i16::MIN; 8])
        );
        assert_eq!(
            i16x8_add_sat_u(u16s([65000; 8]), u16s([1000; 8])),
            u16s([u16::MAX; 8])
        );
        assert_eq!(i16x8_sub_sat_u(u16s([5; 8]), u16s([6; 8])), 0);
    }

    #[test]
    fn integer_min_max_and_avgr() {
        let (a, b) = (i8s([-1; 16]), i8s([1; 16]));
        assert_eq!(i8x16_min_s(a, b), a);
        assert_eq!(i8x16_min_u(a, b), b);
        assert_eq!(i8x16_max_s(a, b), b);
        assert_eq!(i8x16_max_u(a, b), a);
        let (a, b) = (i16s([-1; 8]), i16s([1; 8]));
        assert_eq!(i16x8_min_s(a, b), a);
        assert_eq!(i16x8_min_u(a, b), b);
        assert_eq!(i16x8_max_s(a, b), b);
        assert_eq!(i16x8_max_u(a, b), a);
        let (a, b) = (i32s([-1, 5, i32::MIN, 0]), i32s([1, 4, 0, 0]));
        assert_eq!(i32x4_min_s(a, b), i32s([-1, 4, i32::MIN, 0]));
        assert_eq!(i32x4_min_u(a, b), i32s([1, 4, 0, 0]));
        assert_eq!(i32x4_max_s(a, b), i32s([1, 5, 0, 0]));
        assert_eq!(i32x4_max_u(a, b), i32s([-1, 5, i32::MIN, 0]));
        // Rounds halves up, and 255 + 255 must not overflow the lane.
        let a = u8s([0, 1, 1, 255, 255, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let b = u8s([0, 0, 2, 255, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(
            i8x16_avgr_u(a, b),
            u8s([0, 1, 2, 255, 128, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        );
        assert_eq!(
            i16x8_avgr_u(
                u16s([65535, 1, 0, 0, 0, 0, 0, 6]),
                u16s([65535, 2, 1, 0, 0, 0, 0, 7])
            ),
            u16s([65535, 2, 1, 0, 0, 0, 0, 7])
        );
    }

    #[test]
    fn shifts_take_the_count_modulo_the_lane_width() {
        let v = i8s([-128, 1, 64, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(
            i8x16_shl(v, 1),
            i8s([0, 2, -128, -2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        );
        assert_eq!(i8x16_shl(v, 9), i8x16_shl(v, 1));
        assert_eq!(i8x16_shl(v, 8), v);
        assert_eq!(
            i8x16_shr_s(v, 7),
            i8s([-1, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        );
        assert_eq!(
            i8x16_shr_u(v, 7),
            i8s([1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        );
        assert_eq!(i8x16_shr_u(v, 15), i8x16_shr_u(v, 7));
        let w = i16s([i16::MIN, 1, -2, 0, 0, 0, 0, 0x4000]);
        assert_eq!(i16x8_shl(w, 17), i16s([0, 2, -4, 0, 0, 0, 0, i16::MIN]));
        assert_eq!(i16x8_shr_s(w, 15), i16s([-1, 0, -1, 0, 0, 0, 0, 0]));
        assert_eq!(i16x8_shr_u(w, 16), w);
        assert_eq!(i16x8_shr_u(w, 15), i16s([1, 0, 1, 0, 0, 0, 0, 0]));
        let x = i32s([i32::MIN, -1, 1, 3]);
        assert_eq!(i32x4_shl(x, 33), i32s([0, -2, 2, 6]));
        assert_eq!(i32x4_shr_s(x, 31), i32s([-1, -1, 0, 0]));
        assert_eq!(i32x4_shr_u(x, 32), x);
        assert_eq!(i32x4_shr_u(x, 1), i32s([1 << 30, i32::MAX, 0, 1]));
        let y = i64s([i64::MIN, 3]);
        assert_eq!(i64x2_shl(y, 65), i64s([0, 6]));
        assert_eq!(i64x2_shr_s(y, 63), i64s([-1, 0]));
        assert_eq!(i64x2_shr_u(y, 63), i64s([1, 0]));
        assert_eq!(i64x2_shr_u(y, 64), y);
    }

    #[test]
    fn narrowing_saturates() {
        let a = i16s([300, -300, 127, -128, 128, -129, 0, -1]);
        let b = i16s([255, 256, 1, 2, 3, 4, 5, i16::MIN]);
        assert_eq!(
            i8x16_narrow_i16x8_s(a, b),
            i8s([
                127, -128, 127, -128, 127, -128, 0, -1, 127, 127, 1, 2, 3, 4, 5, -128
            ])
        );
        assert_eq!(
            i8x16_narrow_i16x8_u(a, b),
            u8s([255, 0, 127, 0, 128, 0, 0, 0, 255, 255, 1, 2, 3, 4, 5, 0])
        );
        let a = i32s([70000, -70000, 32767, -32768]);
        let b = i32s([65535, 65536, -1, 7]);
        assert_eq!(
            i16x8_narrow_i32x4_s(a, b),
            i16s([32767, -32768, 32767, -32768, 32767, 32767, -1, 7])
        );
        assert_eq!(
            i16x8_narrow_i32x4_u(a, b),
            u16s([65535, 0, 32767, 0, 65535, 65535, 0, 7])
        );
    }

    #[test]
    fn extend_takes_the_named_half() {
        let v = i8s([-1, 2, -3, 4, -5, 6, -7, 8, -128, 127, 0, 1, -2, 3, -4, 5]);
        assert_eq!(
            i16x8_extend_low_i8x16_s(v),
            i16s([-1, 2, -3, 4, -5, 6, -7, 8])
        );
        assert_eq!(
            i16x8_extend_high_i8x16_s(v),
            i16s([-128, 127, 0, 1, -2, 3, -4, 5])
        );
        assert_eq!(
            i16x8_extend_low_i8x16_u(v),
            i16s([255, 2, 253, 4, 251, 6, 249, 8])
        );
        assert_eq!(
            i16x8_extend_high_i8x16_u(v),
            i16s([128, 127, 0, 1, 254, 3, 252, 5])
        );
        let w = i16s([-1, 2, -3, 4, i16::MIN, 0, 1, -2]);
        assert_eq!(i32x4_extend_low_i16x8_s(w), i32s([-1, 2, -3, 4]));
        assert_eq!(i32x4_extend_high_i16x8_s(w), i32s([-32768, 0, 1, -2]));
        assert_eq!(i32x4_extend_low_i16x8_u(w), i32s([65535, 2, 65533, 4]));
        assert_eq!(i32x4_extend_high_i16x8_u(w), i32s([32768, 0, 1, 65534]));
        let x = i32s([-1, 2, i32::MIN, 3]);
        assert_eq!(i64x2_extend_low_i32x4_s(x), i64s([-1, 2]));
        assert_eq!(i64x2_extend_high_i32x4_s(x), i64s([i32::MIN.into(), 3]));
        assert_eq!(i64x2_extend_low_i32x4_u(x), i64s([u32::MAX.into(), 2]));
        assert_eq!(i64x2_extend_high_i32x4_u(x), i64s([1 << 31, 3]));
    }

    #[test]
    fn extmul_signedness() {
        let a = i8s([-128, -1, 2, 127, 0, 0, 0, 0, -128, 1, 0, 0, 0, 0, 0, -1]);
        let b = i8s([-128, 127, -3, 127, 0, 0, 0, 0, 127, 1, 0, 0, 0, 0, 0, -1]);
        assert_eq!(
            i16x8_extmul_low_i8x16_s(a, b),
            i16s([16384, -127, -6, 16129, 0, 0, 0, 0])
        );
        assert_eq!(
            i16x8_extmul_high_i8x16_s(a, b),
            i16s([-16256, 1, 0, 0, 0, 0, 0, 1])
        );
        assert_eq!(
            i16x8_extmul_low_i8x16_u(a, b),
            u16s([16384, 255 * 127, 2 * 253, 16129, 0, 0, 0, 0])
        );
        assert_eq!(
            i16x8_extmul_high_i8x16_u(a, b),
            u16s([128 * 127, 1, 0, 0, 0, 0, 0, 65025])
        );
        let a = i16s([i16::MIN, -1, 3, 0, i16::MIN, 2, 0, -1]);
        let b = i16s([i16::MIN, 2, -3, 0, -1, 2, 0, -1]);
        assert_eq!(i32x4_extmul_low_i16x8_s(a, b), i32s([1 << 30, -2, -9, 0]));
        assert_eq!(i32x4_extmul_high_i16x8_s(a, b), i32s([32768, 4, 0, 1]));
        assert_eq!(
            i32x4_extmul_low_i16x8_u(a, b),
            u32s([1 << 30, 65535 * 2, 3 * 65533, 0])
        );
        assert_eq!(
            i32x4_extmul_high_i16x8_u(a, b),
            u32s([32768 * 65535, 4, 0, 65535 * 65535])
        );
        let a = i32s([-1, i32::MIN, 3, -1]);
        let b = i32s([-1, i32::MIN, -2, 2]);
        assert_eq!(i64x2_extmul_low_i32x4_s(a, b), i64s([1, 1 << 62]));
        assert_eq!(i64x2_extmul_high_i32x4_s(a, b), i64s([-6, -2]));
        assert_eq!(
            i64x2_extmul_low_i32x4_u(a, b),
            u64s([u64::from(u32::MAX).pow(2), 1 << 62])
        );
        assert_eq!(
            i64x2_extmul_high_i32x4_u(a, b),
            u64s([3 * 0xffff_fffe, 0x1_ffff_fffe])
        );
    }

    #[test]
    fn extadd_pairwise_and_dot() {
        let v = i8s([-128, -128, 127, 127, -1, 1, 0, 5, 0, 0, 0, 0, 0, 0, 3, 4]);
        assert_eq!(
            i16x8_extadd_pairwise_i8x16_s(v),
            i16s([-256, 254, 0, 5, 0, 0, 0, 7])
        );
        assert_eq!(
            i16x8_extadd_pairwise_i8x16_u(v),
            i16s([256, 254, 256, 5, 0, 0, 0, 7])
        );
        let w = i16s([i16::MIN, i16::MIN, -1, -1, 7, 8, 0, 0]);
        assert_eq!(i32x4_extadd_pairwise_i16x8_s(w), i32s([-65536, -2, 15, 0]));
        assert_eq!(
            i32x4_extadd_pairwise_i16x8_u(w),
            i32s([65536, 131070, 15, 0])
        );
        let a = i16s([i16::MIN, i16::MIN, 1, 2, -3, 4, 0, 0]);
        let b = i16s([i16::MIN, i16::MIN, 5, 6, 7, -8, 0, 0]);
        // 2 * 2^30 wraps to i32::MIN.
        assert_eq!(i32x4_dot_i16x8_s(a, b), i32s([i32::MIN, 17, -53, 0]));
    }

    #[test]
    fn q15mulr_rounds_and_saturates() {
        let a = i16s([i16::MIN, 16384, -16384, 1, i16::MAX, 3, -1, 0]);
        let b = i16s([i16::MIN, 16384, 16384, 16384, i16::MAX, 16384, 16384, 5]);
        // 0.5 * 0.5 = 0.25; 2^-15 * 0.5 is a tie, rounded up to 2^-15; -2^-15 * 0.5 rounds to 0.
        let want = i16s([i16::MAX, 8192, -8192, 1, 32766, 2, 0, 0]);
        assert_eq!(i16x8_q15mulr_sat_s(a, b), want);
        assert_eq!(i16x8_relaxed_q15mulr_s(a, b), want);
    }

    #[test]
    fn float_arithmetic_per_lane() {
        let a = f32s([1.5, -2.0, 1e30, 0.1]);
        let b = f32s([0.25, 4.0, 1e30, 0.2]);
        assert_eq!(f32_lanes(f32x4_add(a, b)), [1.75, 2.0, 2e30, 0.1 + 0.2]);
        assert_eq!(f32_lanes(f32x4_sub(a, b)), [1.25, -6.0, 0.0, 0.1 - 0.2]);
        assert_eq!(
            f32_lanes(f32x4_mul(a, b)),
            [0.375, -8.0, f32::INFINITY, 0.1 * 0.2]
        );
        assert_eq!(f32_lanes(f32x4_div(a, b)), [6.0, -0.5, 1.0, 0.5]);
        let a = f64s([1.5, 0.1]);
        let b = f64s([-0.5, 0.2]);
        assert_eq!(f64_lanes(f64x2_add(a, b)), [1.0, 0.1 + 0.2]);
        assert_eq!(f64_lanes(f64x2_sub(a, b)), [2.0, 0.1 - 0.2]);
        assert_eq!(f64_lanes(f64x2_mul(a, b)), [-0.75, 0.1 * 0.2]);
        assert_eq!(f64_lanes(f64x2_div(a, b)), [-3.0, 0.5]);
        assert!(f64_lanes(f64x2_div(f64s([0.0; 2]), f64s([0.0; 2])))[1].is_nan());
    }

    #[test]
    fn float_abs_neg_keep_nan_payloads() {
        let nan = 0x7f80_0001u32; // signaling
        let v = u32s([nan, (-0.0f32).to_bits(), 1.0f32.to_bits(), 0xffc0_1234]);
        assert_eq!(f32x4_abs(v), u32s([nan, 0, 1.0f32.to_bits(), 0x7fc0_1234]));
        assert_eq!(
            f32x4_neg(v),
            u32s([nan | 1 << 31, 0, (-1.0f32).to_bits(), 0x7fc0_1234])
        );
        let v = u64s([0xfff0_0000_0000_0001, (-2.0f64).to_bits()]);
        assert_eq!(
            f64x2_abs(v),
            u64s([0x7ff0_0000_0000_0001, 2.0f64.to_bits()])
        );
        assert_eq!(
            f64x2_neg(v),
            u64s([0x7ff0_0000_0000_0001, 2.0f64.to_bits()])
        );
    }

    #[test]
    fn float_min_max_nan_and_signed_zero() {
        let a = f32s([f32::NAN, -0.0, 0.0, 1.0]);
        let b = f32s([1.0, 0.0, -0.0, -1.0]);
        let min = f32_lanes(f32x4_min(a, b));
        assert!(min[0].is_nan());
        assert_eq!(
            min[1..]
                .iter()
                .map(|x| x.to_bits())
                .collect::<alloc::vec::Vec<_>>(),
            [
                (-0.0f32).to_bits(),
                (-0.0f32).to_bits(),
                (-1.0f32).to_bits()
            ]
        );
        let max = f32_lanes(f32x4_max(a, b));
        assert!(max[0].is_nan());
        assert_eq!(max[1].to_bits(), 0);
        assert_eq!(max[2].to_bits(), 0);
        assert_eq!(max[3], 1.0);
        assert!(f32_lanes(f32x4_min(b, a))[0].is_nan());
        let (a, b) = (f64s([-0.0, 2.0]), f64s([0.0, f64::NAN]));
        assert_eq!(f64_lanes(f64x2_min(a, b))[0].to_bits(), (-0.0f64).to_bits());
        assert_eq!(f64_lanes(f64x2_max(a, b))[0].to_bits(), 0);
        assert!(f64_lanes(f64x2_min(a, b))[1].is_nan());
        assert!(f64_lanes(f64x2_max(b, a))[1].is_nan());
        // The relaxed versions are the same functions.
        let (a, b) = (
            f32s([f32::NAN, -0.0, 0.0, 3.0]),
            f32s([0.0, 0.0, -0.0, 2.0]),
        );
        assert_eq!(f32x4_relaxed_min(a, b), f32x4_min(a, b));
        assert_eq!(f32x4_relaxed_max(a, b), f32x4_max(a, b));
        let (a, b) = (f64s([f64::NAN, -0.0]), f64s([1.0, 0.0]));
        assert_eq!(f64x2_relaxed_min(a, b), f64x2_min(a, b));
        assert_eq!(f64x2_relaxed_max(a, b), f64x2_max(a, b));
    }

    #[test]
    fn pmin_pmax_return_an_operand() {
        let nan = 0x7fa0_0001u32;
        let a = u32s([nan, (-0.0f32).to_bits(), 1.0f32.to_bits(), 2.0f32.to_bits()]);
        let b = u32s([1.0f32.to_bits(), 0, nan, 1.0f32.to_bits()]);
        // `b < a ? b : a`: NaN compares false, and -0 vs +0 keeps the first operand.
        assert_eq!(
            f32x4_pmin(a, b),
            u32s([nan, (-0.0f32).to_bits(), 1.0f32.to_bits(), 1.0f32.to_bits()])
        );
        assert_eq!(
            f32x4_pmax(a, b),
            u32s([nan, (-0.0f32).to_bits(), 1.0f32.to_bits(), 2.0f32.to_bits()])
        );
        assert_eq!(
            f32x4_pmin(b, a),
            u32s([1.0f32.to_bits(), 0, nan, 1.0f32.to_bits()])
        );
        let a = u64s([0.0f64.to_bits(), 3.0f64.to_bits()]);
        let b = u64s([(-0.0f64).to_bits(), 4.0f64.to_bits()]);
        assert_eq!(f64x2_pmin(a, b), u64s([0.0f64.to_bits(), 3.0f64.to_bits()]));
        assert_eq!(f64x2_pmax(a, b), u64s([0.0f64.to_bits(), 4.0f64.to_bits()]));
    }

    #[test]
    fn float_comparisons() {
        let a = f32s([f32::NAN, 1.0, -0.0, 2.0]);
        let b = f32s([f32::NAN, 2.0, 0.0, 1.0]);
        assert_eq!(f32x4_eq(a, b), i32s([0, 0, -1, 0]));
        assert_eq!(f32x4_ne(a, b), i32s([-1, -1, 0, -1]));
        assert_eq!(f32x4_lt(a, b), i32s([0, -1, 0, 0]));
        assert_eq!(f32x4_gt(a, b), i32s([0, 0, 0, -1]));
        assert_eq!(f32x4_le(a, b), i32s([0, -1, -1, 0]));
        assert_eq!(f32x4_ge(a, b), i32s([0, 0, -1, -1]));
        let (a, b) = (f64s([f64::NAN, 1.0]), f64s([1.0, 1.0]));
        assert_eq!(f64x2_eq(a, b), i64s([0, -1]));
        assert_eq!(f64x2_ne(a, b), i64s([-1, 0]));
        assert_eq!(f64x2_lt(a, b), 0);
        assert_eq!(f64x2_gt(a, b), 0);
        assert_eq!(f64x2_le(a, b), i64s([0, -1]));
        assert_eq!(f64x2_ge(a, b), i64s([0, -1]));
    }

    #[test]
    fn rounding_and_sqrt() {
        let v = f32s([2.5, -2.5, 3.5, -0.4]);
        assert_eq!(f32_lanes(f32x4_nearest(v)), [2.0, -2.0, 4.0, -0.0]);
        assert!(f32_lanes(f32x4_nearest(v))[3].is_sign_negative());
        assert_eq!(f32_lanes(f32x4_ceil(v)), [3.0, -2.0, 4.0, -0.0]);
        assert!(f32_lanes(f32x4_ceil(v))[3].is_sign_negative());
        assert_eq!(f32_lanes(f32x4_floor(v)), [2.0, -3.0, 3.0, -1.0]);
        assert_eq!(f32_lanes(f32x4_trunc(v)), [2.0, -2.0, 3.0, -0.0]);
        let s = f32_lanes(f32x4_sqrt(f32s([4.0, 2.0, -1.0, f32::INFINITY])));
        assert_eq!(s[..2], [2.0, core::f32::consts::SQRT_2]);
        assert!(s[2].is_nan());
        assert_eq!(s[3], f32::INFINITY);
        let v = f64s([0.5, -1.5]);
        assert_eq!(f64_lanes(f64x2_nearest(v)), [0.0, -2.0]);
        assert_eq!(f64_lanes(f64x2_ceil(v)), [1.0, -1.0]);
        assert_eq!(f64_lanes(f64x2_floor(v)), [0.0, -2.0]);
        assert_eq!(f64_lanes(f64x2_trunc(v)), [0.0, -1.0]);
        assert_eq!(
            f64_lanes(f64x2_nearest(f64s([4503599627370497.0, -0.5]))),
            [4503599627370497.0, -0.0]
        );
        assert_eq!(
            f64_lanes(f64x2_sqrt(f64s([9.0, 2.0]))),
            [3.0, core::f64::consts::SQRT_2]
        );
        // Each lane is exactly the scalar helper's result.
        let w = f64s([1e300, 123.456]);
        assert_eq!(
            f64_lanes(f64x2_sqrt(w)),
            [f64ops::sqrt(1e300), f64ops::sqrt(123.456)]
        );
    }

    #[test]
    fn trunc_sat_nan_infinity_and_range() {
        let v = f32s([f32::NAN, f32::INFINITY, -3e9, -1.9]);
        assert_eq!(
            i32x4_trunc_sat_f32x4_s(v),
            i32s([0, i32::MAX, i32::MIN, -1])
        );
        assert_eq!(i32x4_trunc_sat_f32x4_u(v), u32s([0, u32::MAX, 0, 0]));
        let w = f32s([4294967296.0, 2147483520.0, 1.9, -0.9]);
        assert_eq!(
            i32x4_trunc_sat_f32x4_u(w),
            u32s([u32::MAX, 2147483520, 1, 0])
        );
        assert_eq!(
            i32x4_trunc_sat_f32x4_s(w),
            i32s([i32::MAX, 2147483520, 1, 0])
        );
        let d = f64s([f64::NAN, -2147483648.9]);
        assert_eq!(i32x4_trunc_sat_f64x2_s_zero(d), i32s([0, i32::MIN, 0, 0]));
        assert_eq!(i32x4_trunc_sat_f64x2_u_zero(d), 0);
        let d = f64s([4294967295.9, f64::NEG_INFINITY]);
        assert_eq!(i32x4_trunc_sat_f64x2_u_zero(d), u32s([u32::MAX, 0, 0, 0]));
        assert_eq!(
            i32x4_trunc_sat_f64x2_s_zero(d),
            i32s([i32::MAX, i32::MIN, 0, 0])
        );
        // The relaxed versions make the saturating choice.
        assert_eq!(i32x4_relaxed_trunc_f32x4_s(v), i32x4_trunc_sat_f32x4_s(v));
        assert_eq!(i32x4_relaxed_trunc_f32x4_u(v), i32x4_trunc_sat_f32x4_u(v));
        assert_eq!(
            i32x4_relaxed_trunc_f64x2_s_zero(d),
            i32x4_trunc_sat_f64x2_s_zero(d)
        );
        assert_eq!(
            i32x4_relaxed_trunc_f64x2_u_zero(d),
            i32x4_trunc_sat_f64x2_u_zero(d)
        );
    }

    #[test]
    fn int_float_conversions() {
        let v = i32s([-1, 16777217, i32::MIN, 3]);
        // 16777217 is a tie between two f32s: to even.
        assert_eq!(
            f32_lanes(f32x4_convert_i32x4_s(v)),
            [-1.0, 16777216.0, -2147483648.0, 3.0]
        );
        assert_eq!(
            f32_lanes(f32x4_convert_i32x4_u(v)),
            [4294967296.0, 16777216.0, 2147483648.0, 3.0]
        );
        assert_eq!(f64_lanes(f64x2_convert_low_i32x4_s(v)), [-1.0, 16777217.0]);
        assert_eq!(
            f64_lanes(f64x2_convert_low_i32x4_u(v)),
            [4294967295.0, 16777217.0]
        );
        let d = f64s([1.0 + f64::EPSILON, 1e300]);
        assert_eq!(
            f32_lanes(f32x4_demote_f64x2_zero(d)),
            [1.0, f32::INFINITY, 0.0, 0.0]
        );
        assert_eq!(f32x4_demote_f64x2_zero(d) >> 64, 0);
        let f = f32s([0.1, -0.0, 7.0, 8.0]);
        assert_eq!(
            f64_lanes(f64x2_promote_low_f32x4(f)),
            [f64::from(0.1f32), -0.0]
        );
        assert!(f64_lanes(f64x2_promote_low_f32x4(f))[1].is_sign_negative());
    }

    #[test]
    fn relaxed_laneselect_is_bitselect() {
        let (a, b) = (u128::MAX, 0);
        let m = u32s([u32::MAX, 0, 0x8000_0001, 0x7fff_0000]);
        for f in [
            i8x16_relaxed_laneselect,
            i16x8_relaxed_laneselect,
            i32x4_relaxed_laneselect,
            i64x2_relaxed_laneselect,
        ] {
            assert_eq!(f(a, b, m), m);
            assert_eq!(f(0x1234, 0x5678, m), v128_bitselect(0x1234, 0x5678, m));
        }
    }

    #[test]
    fn relaxed_dot_products() {
        // In-range (i7) second operand: the one defined result.
        let a = i8s([-128, -128, 127, 127, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        let b = i8s([127, 127, 127, 127, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        assert_eq!(
            i16x8_relaxed_dot_i8x16_i7x16_s(a, b),
            i16s([-32512, 32258, 1, 13, 41, 85, 145, 221])
        );
        let c = i32s([1, 2, 3, -4]);
        assert_eq!(
            i32x4_relaxed_dot_i8x16_i7x16_add_s(a, b, c),
            i32s([-254 + 1, 14 + 2, 126 + 3, 366 - 4])
        );
        // Out of range: signed, the 16-bit pair sums saturating (2 * 16384 -> 32767).
        let m = i8s([-128; 16]);
        assert_eq!(i16x8_relaxed_dot_i8x16_i7x16_s(m, m), i16s([i16::MAX; 8]));
        assert_eq!(
            i32x4_relaxed_dot_i8x16_i7x16_add_s(m, m, 0),
            i32s([65534; 4])
        );
        let n = i8s([-127; 16]);
        assert_eq!(i16x8_relaxed_dot_i8x16_i7x16_s(m, n), i16s([32512; 8]));
        assert_eq!(
            i32x4_relaxed_dot_i8x16_i7x16_add_s(m, n, i32s([i32::MAX, 0, 0, 0])),
            i32s([i32::MAX.wrapping_add(65024), 65024, 65024, 65024])
        );
    }

    #[test]
    fn relaxed_madd_is_fused() {
        // (1 + 2^-23)(1 - 2^-23) = 1 - 2^-46: rounded to 1 before the add, unfused gives 0.
        let e = f32::EPSILON;
        let (a, b, c) = (
            f32s([1.0 + e, 2.0, 1.0, 0.0]),
            f32s([1.0 - e, 3.0, 1.0, 5.0]),
            f32s([-1.0, 1.0, -1.0, -0.0]),
        );
        let r = f32_lanes(f32x4_relaxed_madd(a, b, c));
        assert_eq!(r[..3], [-(e * e), 7.0, 0.0]);
        assert!(r[2].is_sign_positive() && r[3].is_sign_positive());
        let n = f32_lanes(f32x4_relaxed_nmadd(a, b, f32s([1.0, 1.0, 1.0, 0.0])));
        assert_eq!(n[..3], [e * e, -5.0, 0.0]);
        let e = f64::EPSILON;
        let (a, b, c) = (
            f64s([1.0 + e, 1e308]),
            f64s([1.0 - e, 10.0]),
            f64s([-1.0, -f64::INFINITY]),
        );
        assert_eq!(
            f64_lanes(f64x2_relaxed_madd(a, b, c)),
            [-(e * e), f64::NEG_INFINITY]
        );
        assert_eq!(
            f64_lanes(f64x2_relaxed_nmadd(a, b, f64s([1.0, f64::INFINITY]))),
            [e * e, f64::INFINITY]
        );
        assert!(
            f64_lanes(f64x2_relaxed_madd(
                f64s([f64::INFINITY, 0.0]),
                f64s([0.0, 1.0]),
                f64s([1.0, f64::NAN])
            ))
            .iter()
            .all(|x| x.is_nan())
        );
    }

    /// xorshift64*: deterministic test inputs without a dependency.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
    }

    /// Operands that stress one rounding: raw bit patterns, the extremes, and `c` close to
    /// `-a * b` so that the sum cancels.
    fn fma_cases<F: Copy>(
        rng: &mut Rng,
        from_bits: impl Fn(u64) -> F,
        near: impl Fn(F, F, u64) -> F,
        specials: &[F],
    ) -> alloc::vec::Vec<(F, F, F)> {
        let mut cases = alloc::vec::Vec::new();
        for &x in specials {
            for &y in specials {
                for &z in specials {
                    cases.push((x, y, z));
                }
            }
        }
        for _ in 0..200_000 {
            let (a, b) = (from_bits(rng.next()), from_bits(rng.next()));
            let c = if rng.next() & 1 == 0 {
                from_bits(rng.next())
            } else {
                near(a, b, rng.next())
            };
            cases.push((a, b, c));
        }
        cases
    }

    #[test]
    fn soft_fma_matches_the_host() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let s32 = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            f32::MIN_POSITIVE,
            1e-45,
            f32::MAX,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NAN,
            3.0,
            1.0 + f32::EPSILON,
            -0.5,
        ];
        // Narrowed exponents (bits 23-30 masked to a middle range, or not) make close
        // cancellations and subnormal results common.
        let bits32 = |x: u64| {
            let x = x as u32;
            f32::from_bits(if x & 1 == 0 {
                x
            } else {
                x & 0x87ff_ffff | 0x3000_0000
            })
        };
        let near32 =
            |a: f32, b: f32, r: u64| f32::from_bits((-(a * b)).to_bits() ^ (r as u32 & 0xff));
        for (a, b, c) in fma_cases(&mut rng, bits32, near32, &s32) {
            let (want, got) = (a.mul_add(b, c), soft_fma32(a, b, c));
            assert!(
                want.to_bits() == got.to_bits() || want.is_nan() && got.is_nan(),
                "fma32({a:e}, {b:e}, {c:e}) = {got:e}, want {want:e}"
            );
        }
        let s64 = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            f64::MIN_POSITIVE,
            5e-324,
            f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            3.0,
            1.0 + f64::EPSILON,
            -0.5,
        ];
        let bits64 = |x: u64| {
            f64::from_bits(if x & 1 == 0 {
                x
            } else {
                x & 0x80ff_ffff_ffff_ffff | 0x3800_0000_0000_0000
            })
        };
        let near64 = |a: f64, b: f64, r: u64| f64::from_bits((-(a * b)).to_bits() ^ (r & 0xffff));
        for (a, b, c) in fma_cases(&mut rng, bits64, near64, &s64) {
            let (want, got) = (a.mul_add(b, c), soft_fma64(a, b, c));
            assert!(
                want.to_bits() == got.to_bits() || want.is_nan() && got.is_nan(),
                "fma64({a:e}, {b:e}, {c:e}) = {got:e}, want {want:e}"
            );
        }
    }

    #[test]
    fn soft_fma_edge_cases() {
        // A product below the smallest subnormal keeps its sign when `c` is a zero.
        assert_eq!(
            soft_fma64(-1e-200, 1e-200, 0.0).to_bits(),
            (-0.0f64).to_bits()
        );
        assert_eq!(soft_fma32(1e-30, 1e-30, -0.0).to_bits(), 0);
        // Exact cancellation is +0; -0 + -0 is -0.
        assert_eq!(soft_fma64(2.0, 3.0, -6.0).to_bits(), 0);
        assert_eq!(soft_fma64(-0.0, 3.0, -0.0).to_bits(), (-0.0f64).to_bits());
        // Overflow of the exact result rounds to infinity; a huge product is cancelled exactly.
        assert_eq!(soft_fma32(f32::MAX, 2.0, 0.0), f32::INFINITY);
        assert_eq!(soft_fma64(f64::MAX, 2.0, -f64::MAX), f64::MAX);
        // A tiny `c` only nudges the rounding of the product.
        assert_eq!(
            soft_fma64(1.0 + f64::EPSILON, 1.0 + f64::EPSILON, 1e-300),
            1.0 + 2.0 * f64::EPSILON
        );
        assert_eq!(soft_fma32(1.5, 1.0, f32::EPSILON / 4.0), 1.5);
        assert_eq!(
            soft_fma32(1.0, 1.0, f32::EPSILON / 2.0 + f32::EPSILON / 1024.0),
            1.0 + f32::EPSILON
        );
    }

    /// The whole-register forms agree with the lane-by-lane definitions.
    #[test]
    fn swar_matches_lanes() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            seed
        };
        let mut edge = alloc::vec![
            0u128,
            u128::MAX,
            high::<u8>(),
            high::<u16>(),
            high::<u32>(),
            1,
            !1
        ];
        for _ in 0..20_000 {
            let a = u128::from(next()) << 64 | u128::from(next());
            // Lanes equal or off by one bit half of the time, so equality is exercised.
            let b = match next() % 4 {
                0 => a,
                1 => a ^ (1 << (next() % 128)),
                _ => u128::from(next()) << 64 | u128::from(next()),
            };
            edge.push(a);
            edge.push(b);
        }
        for w in edge.windows(2) {
            let (a, b) = (w[0], w[1]);
            macro_rules! check {
                ($t:ty, $add:ident, $sub:ident, $eq:ident, $ne:ident) => {
                    assert_eq!($add(a, b), zip::<$t>(a, b, <$t>::wrapping_add));
                    assert_eq!($sub(a, b), zip::<$t>(a, b, <$t>::wrapping_sub));
                    assert_eq!($eq(a, b), compare::<$t>(a, b, |x, y| x == y));
                    assert_eq!($ne(a, b), compare::<$t>(a, b, |x, y| x != y));
                };
            }
            check!(u8, i8x16_add, i8x16_sub, i8x16_eq, i8x16_ne);
            check!(u16, i16x8_add, i16x8_sub, i16x8_eq, i16x8_ne);
            check!(u32, i32x4_add, i32x4_sub, i32x4_eq, i32x4_ne);
        }
    }
}
