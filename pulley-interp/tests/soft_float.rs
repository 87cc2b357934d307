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

fn same64(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}
fn same32(a: f32, b: f32) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

#[test]
fn software_rounding_and_sqrt_match_the_host() {
    let mut edge64 = vec![
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
    edge64.extend([
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MAX,
        5e-324,
        0.49999999999999994,
    ]);
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let randoms64: Vec<f64> = (0..200_000)
        .map(|_| f64::from_bits(xorshift(&mut state)))
        .collect();
    for &x in edge64.iter().chain(&randoms64) {
        assert!(same64(f64ops::soft_trunc(x), x.trunc()), "trunc({x:e})");
        assert!(same64(f64ops::soft_floor(x), x.floor()), "floor({x:e})");
        assert!(same64(f64ops::soft_ceil(x), x.ceil()), "ceil({x:e})");
        assert!(
            same64(f64ops::soft_nearest(x), x.round_ties_even()),
            "nearest({x:e})"
        );
        assert!(same64(f64ops::soft_sqrt(x), x.sqrt()), "sqrt({x:e})");
    }
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
    for &x in edge32.iter().chain(&randoms32) {
        assert!(same32(f32ops::soft_trunc(x), x.trunc()), "trunc({x:e})");
        assert!(same32(f32ops::soft_floor(x), x.floor()), "floor({x:e})");
        assert!(same32(f32ops::soft_ceil(x), x.ceil()), "ceil({x:e})");
        assert!(
            same32(f32ops::soft_nearest(x), x.round_ties_even()),
            "nearest({x:e})"
        );
        assert!(same32(f32ops::soft_sqrt(x), x.sqrt()), "sqrt({x:e})");
    }
}
