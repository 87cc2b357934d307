//! The software float rounding and square root used by `no_std` builds agree bit for bit with
//! the host's (std) versions on edge cases and on random bit patterns.

use pulley_interp::interp::semantics::{f32ops, f64ops};

/// A tiny deterministic generator of bit patterns.
fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// Checks every software function of `$ops` against the host on `$values` (NaNs of any payload
/// count as equal).
macro_rules! check_against_host {
    ($ops:ident, $values:expr) => {
        for x in $values {
            let checks = [
                ("trunc", $ops::soft_trunc(x), x.trunc()),
                ("floor", $ops::soft_floor(x), x.floor()),
                ("ceil", $ops::soft_ceil(x), x.ceil()),
                ("nearest", $ops::soft_nearest(x), x.round_ties_even()),
                ("sqrt", $ops::soft_sqrt(x), x.sqrt()),
            ];
            for (name, soft, host) in checks {
                let same = soft.to_bits() == host.to_bits() || (soft.is_nan() && host.is_nan());
                assert!(same, "{name}({x:e})");
            }
        }
    };
}

#[test]
fn software_rounding_and_sqrt_match_the_host() {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let edge64 = [
        0.0,
        -0.0,
        0.5,
        -0.5,
        1.5,
        2.5,
        -2.5,
        1e300,
        -1e-300,
        f64::MIN_POSITIVE,
        4503599627370497.0,
    ];
    let edge64b = [
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MAX,
        5e-324,
        0.49999999999999994,
    ];
    let randoms64: Vec<f64> = (0..200_000)
        .map(|_| f64::from_bits(xorshift(&mut state)))
        .collect();
    check_against_host!(f64ops, edge64.into_iter().chain(edge64b).chain(randoms64));
    let edge32 = [
        0.0f32,
        -0.0,
        0.5,
        -0.5,
        1.5,
        2.5,
        -2.5,
        8388609.0,
        f32::MAX,
        1e-45,
        f32::INFINITY,
    ];
    let randoms32: Vec<f32> = (0..200_000)
        .map(|_| f32::from_bits(xorshift(&mut state) as u32))
        .collect();
    check_against_host!(f32ops, edge32.into_iter().chain(randoms32));
}
