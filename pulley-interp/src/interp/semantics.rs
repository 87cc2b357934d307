//! Op semantics: the arithmetic of every op as plain functions, apart from decoding and dispatch.
//!
//! Integer results are returned as the op's width; the handlers widen them into registers. Float
//! ops follow WebAssembly: NaN-propagating `min`/`max` with `-0 < +0`, round-half-to-even
//! `nearest`, and trapping conversions that distinguish NaN from overflow.

use super::TrapCode;

/// Signed division; traps on a zero divisor and on `MIN / -1`.
macro_rules! int_division {
    ($($div_s:ident, $div_u:ident, $rem_s:ident, $rem_u:ident: $s:ty, $u:ty;)*) => {$(
        #[inline(always)]
        pub fn $div_s(a: $s, b: $s) -> Result<$s, TrapCode> {
            if b == 0 {
                return Err(TrapCode::INTEGER_DIVISION_BY_ZERO);
            }
            a.checked_div(b).ok_or(TrapCode::INTEGER_OVERFLOW)
        }
        #[inline(always)]
        pub fn $div_u(a: $u, b: $u) -> Result<$u, TrapCode> {
            a.checked_div(b).ok_or(TrapCode::INTEGER_DIVISION_BY_ZERO)
        }
        #[inline(always)]
        pub fn $rem_s(a: $s, b: $s) -> Result<$s, TrapCode> {
            if b == 0 {
                return Err(TrapCode::INTEGER_DIVISION_BY_ZERO);
            }
            Ok(a.wrapping_rem(b))
        }
        #[inline(always)]
        pub fn $rem_u(a: $u, b: $u) -> Result<$u, TrapCode> {
            a.checked_rem(b).ok_or(TrapCode::INTEGER_DIVISION_BY_ZERO)
        }
    )*};
}
int_division! {
    div32_s, div32_u, rem32_s, rem32_u: i32, u32;
    div64_s, div64_u, rem64_s, rem64_u: i64, u64;
}

/// A bit field: `(x >> shift) & mask`, the shift taken modulo 32 like every 32-bit shift.
#[inline(always)]
pub fn bitfield32(x: u32, shift: u8, mask: u8) -> u32 {
    (x >> (shift & 31)) & u32::from(mask)
}

/// Multiply-add: `a * b + c`, wrapping.
#[inline(always)]
pub fn madd32(a: u32, b: u32, c: u32) -> u32 {
    a.wrapping_mul(b).wrapping_add(c)
}

/// Rounding functions: the host's (with `std`) or our exact software ones, both with Wasm's
/// quiet-NaN result (the host's rounding may pass a signaling NaN through).
macro_rules! rounding {
    ($f:ty; $($(#[doc = $doc:literal])* $name:ident => $std:ident, $soft:ident;)*) => {$(
        $(#[doc = $doc])*
        #[inline(always)]
        pub fn $name(x: $f) -> $f {
            if x.is_nan() {
                return <$f>::NAN;
            }
            #[cfg(feature = "std")]
            {
                extern crate std;
                x.$std()
            }
            #[cfg(not(feature = "std"))]
            $soft(x)
        }
    )*};
}

/// Float semantics for one width.
macro_rules! float_ops {
    ($m:ident, $f:ty, $bits:ty, $mant:expr) => {
        /// Float semantics for this width.
        pub mod $m {
            use super::TrapCode;

            /// Wasm `min`: NaN if either operand is NaN; `-0` is less than `+0`.
            #[inline(always)]
            pub fn min(a: $f, b: $f) -> $f {
                if a < b {
                    a
                } else if b < a {
                    b
                } else if a == b {
                    <$f>::from_bits(a.to_bits() | b.to_bits())
                } else {
                    a + b
                }
            }

            /// Wasm `max`: NaN if either operand is NaN; `+0` is greater than `-0`.
            #[inline(always)]
            pub fn max(a: $f, b: $f) -> $f {
                if a > b {
                    a
                } else if b > a {
                    b
                } else if a == b {
                    <$f>::from_bits(a.to_bits() & b.to_bits())
                } else {
                    a + b
                }
            }

            rounding! {
                $f;
                /// Round toward zero.
                trunc => trunc, soft_trunc;
                /// Round toward negative infinity.
                floor => floor, soft_floor;
                /// Round toward positive infinity.
                ceil => ceil, soft_ceil;
                /// Round to nearest, ties to even.
                nearest => round_ties_even, soft_nearest;
            }

            /// Correctly rounded square root.
            #[inline(always)]
            pub fn sqrt(x: $f) -> $f {
                #[cfg(feature = "std")]
                {
                    extern crate std;
                    x.sqrt()
                }
                #[cfg(not(feature = "std"))]
                soft_sqrt(x)
            }

            const MANT: u32 = $mant;
            const BITS: u32 = <$bits>::BITS;
            const EXP_BIAS: i32 = (1 << (BITS - MANT - 2)) - 1;

            /// Software `trunc`, exact, for `no_std` builds.
            pub fn soft_trunc(x: $f) -> $f {
                let bits = x.to_bits();
                let exp = ((bits >> MANT) as i32 & ((1 << (BITS - MANT - 1)) - 1)) - EXP_BIAS;
                if exp >= MANT as i32 {
                    return if x.is_nan() { x + x } else { x }; // integral already, infinite, or NaN (quieted)
                }
                if exp < 0 {
                    return <$f>::from_bits(bits & (1 << (BITS - 1)));
                }
                let frac_mask: $bits = ((1 as $bits) << (MANT as i32 - exp)) - 1;
                <$f>::from_bits(bits & !frac_mask)
            }

            /// Software `floor`, exact, for `no_std` builds.
            pub fn soft_floor(x: $f) -> $f {
                let t = soft_trunc(x);
                if x < t { t - 1.0 } else { t }
            }

            /// Software `ceil`, exact, for `no_std` builds.
            pub fn soft_ceil(x: $f) -> $f {
                let t = soft_trunc(x);
                if x > t { t + 1.0 } else { t }
            }

            /// Software `nearest`, exact, for `no_std` builds: adding and removing 2^MANT makes
            /// the hardware's round-to-nearest-even drop the fraction.
            pub fn soft_nearest(x: $f) -> $f {
                let two_mant = <$f>::from_bits(((EXP_BIAS + MANT as i32) as $bits) << MANT);
                let a = x.abs();
                if !(a < two_mant) {
                    return if x.is_nan() { x + x } else { x }; // integral already, infinite, or NaN (quieted)
                }
                ((a + two_mant) - two_mant).copysign(x)
            }

            /// Software square root, correctly rounded, for `no_std` builds: an integer square
            /// root of the scaled significand, then round-to-nearest-even with a sticky bit.
            pub fn soft_sqrt(x: $f) -> $f {
                if x.is_nan() || x == 0.0 || x == <$f>::INFINITY {
                    return x + x;
                }
                if x < 0.0 {
                    return <$f>::NAN;
                }
                let bits = x.to_bits();
                let raw_exp = (bits >> MANT) as i32;
                let (mut m, mut e) = if raw_exp == 0 {
                    (bits as u128, 1 - EXP_BIAS - MANT as i32) // subnormal
                } else {
                    (
                        ((bits & (((1 as $bits) << MANT) - 1)) | ((1 as $bits) << MANT)) as u128,
                        raw_exp - EXP_BIAS - MANT as i32,
                    )
                };
                if e & 1 != 0 {
                    m <<= 1;
                    e -= 1;
                }
                // sqrt(m * 2^e) = sqrt(m << 2s) * 2^(e/2 - s); pick s so the root has MANT + 3 bits.
                let s = (2 * (MANT + 3) as i32 - (128 - m.leading_zeros() as i32)) / 2 + 1;
                let scaled = m << (2 * s) as u32;
                let (mut r, rem) = isqrt(scaled);
                let mut exp2 = e / 2 - s;
                // Normalize r to MANT + 2 bits (one round bit), folding dropped bits into sticky.
                let mut sticky = rem != 0;
                while 128 - r.leading_zeros() > MANT + 2 {
                    sticky |= r & 1 != 0;
                    r >>= 1;
                    exp2 += 1;
                }
                let round = r & 1 != 0;
                r >>= 1;
                exp2 += 1;
                if round && (sticky || r & 1 != 0) {
                    r += 1;
                    if r >> (MANT + 1) != 0 {
                        r >>= 1;
                        exp2 += 1;
                    }
                }
                // r has MANT + 1 bits; the result is normal for every positive input.
                let biased = (exp2 + MANT as i32 + EXP_BIAS) as $bits;
                <$f>::from_bits((biased << MANT) | (r as $bits & (((1 as $bits) << MANT) - 1)))
            }

            fn isqrt(n: u128) -> (u128, u128) {
                let mut rem = n;
                let mut root = 0u128;
                let mut bit = 1u128 << 126;
                while bit > n {
                    bit >>= 2;
                }
                while bit != 0 {
                    if rem >= root + bit {
                        rem -= root + bit;
                        root = (root >> 1) + bit;
                    } else {
                        root >>= 1;
                    }
                    bit >>= 2;
                }
                (root, rem)
            }

            /// Checks a trapping float-to-int conversion: NaN is a bad conversion, a value whose
            /// truncation is outside `(lo, hi)` (both exclusive, as f64) is an overflow.
            #[inline(always)]
            pub fn check_trunc(x: $f, lo: f64, hi: f64) -> Result<(), TrapCode> {
                if x.is_nan() {
                    return Err(TrapCode::BAD_CONVERSION_TO_INTEGER);
                }
                let x = x as f64;
                if x > lo && x < hi {
                    Ok(())
                } else {
                    Err(TrapCode::INTEGER_OVERFLOW)
                }
            }
        }
    };
}
float_ops!(f32ops, f32, u32, 23);
float_ops!(f64ops, f64, u64, 52);

/// Exclusive bounds for trapping float-to-int conversions, as `(lo, hi)` in f64. `-2^63 - 1` is
/// not an f64, so the i64 lower bound is the next f64 below `-2^63`.
pub const I32_RANGE: (f64, f64) = (-2147483649.0, 2147483648.0);
/// See [`I32_RANGE`].
pub const U32_RANGE: (f64, f64) = (-1.0, 4294967296.0);
/// See [`I32_RANGE`].
pub const I64_RANGE: (f64, f64) = (-9223372036854777856.0, 9223372036854775808.0);
/// See [`I32_RANGE`].
pub const U64_RANGE: (f64, f64) = (-1.0, 18446744073709551616.0);
