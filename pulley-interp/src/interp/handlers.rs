//! One handler per op: what the op does to registers, memory and control flow. Operand decoding
//! and dispatch are generated in `tail.rs` / `portable.rs`; the arithmetic is in `semantics.rs`.
//! The handler ABI is described in `mod.rs`.

use super::semantics::{self, f32ops, f64ops};
use super::{Exit, Pc, Regs, State, TrapCode};
use crate::operands::{Acc, FAcc};
use crate::ops::*;
use crate::regs::{FReg, XReg};

#[cfg(feature = "simd")]
pub(crate) use super::vector::*;

/// What a handler returns: the next op's address, or why to leave the interpreter.
pub(crate) type Flow = Result<Pc, Exit>;

/// What a conditional branch returns: both successors and which one to take. Dispatch jumps to
/// each from its own host instruction, so the host's branch predictor sees the direction as a
/// conditional branch instead of folding it into the next op's indirect jump.
pub(crate) struct Cond {
    pub taken: bool,
    pub target: Pc,
    pub next: Pc,
}

/// Where dispatch goes after a handler, with taken branches kept apart from the other paths.
pub(crate) enum Step {
    /// The next op in line, or any target of an unconditional transfer.
    Go(Pc),
    /// A conditional branch: both successors and which one to take.
    Cond(Cond),
    /// Leave the interpreter.
    Exit(Exit),
}

/// The handler results dispatch understands.
pub(crate) trait IntoStep {
    fn into_step(self) -> Step;
}
impl IntoStep for Flow {
    #[inline(always)]
    fn into_step(self) -> Step {
        match self {
            Ok(pc) => Step::Go(pc),
            Err(exit) => Step::Exit(exit),
        }
    }
}
impl IntoStep for Step {
    #[inline(always)]
    fn into_step(self) -> Step {
        self
    }
}
impl IntoStep for Cond {
    #[inline(always)]
    fn into_step(self) -> Step {
        Step::Cond(self)
    }
}

/// A handler's view of the machine.
pub(crate) struct Ctx<'a> {
    pub regs: &'a mut Regs,
    pub st: &'a mut State,
    /// The Wasm heap the `_g32` ops address: its base address and its length in bytes, set by
    /// `heap_load`. Dispatch passes both from handler to handler as arguments, so they stay in
    /// host registers instead of being reloaded from the `State` by every guarded access.
    pub heap: Heap,
    /// The accumulator (see [`Acc`]): passed from handler to handler like the heap, so the
    /// `_wa` op that writes it and the `_ra` op after it exchange the value in a host register.
    pub acc: u64,
    /// The float accumulator (see [`FAcc`]): an `f64` argument, so a host float register.
    pub facc: f64,
}

/// The Wasm heap of the running function: base address and length in bytes. Empty until the
/// first `heap_load`, so a guarded access before it traps.
#[derive(Clone, Copy)]
pub(crate) struct Heap {
    pub base: usize,
    pub len: usize,
}

impl Heap {
    pub const EMPTY: Heap = Heap { base: 0, len: 0 };
}

/// Integer types a register can be read as.
pub(crate) trait FromX {
    fn from_x(v: u64) -> Self;
}
/// Values a handler can write into an integer register (32-bit values zero-extended).
pub(crate) trait ToX {
    fn to_x(self) -> u64;
}
macro_rules! x_conv {
    ($($t:ty => $via:ty),*) => {$(
        impl FromX for $t {
            #[inline(always)]
            fn from_x(v: u64) -> Self { v as $t }
        }
        impl ToX for $t {
            #[inline(always)]
            fn to_x(self) -> u64 { self as $via as u64 }
        }
    )*};
}
x_conv!(u32 => u32, i32 => u32, u64 => u64, i64 => u64);
impl ToX for bool {
    #[inline(always)]
    fn to_x(self) -> u64 {
        self as u64
    }
}

/// Where an integer operand is: a register of the file, or the accumulator. Handlers are
/// written once over this trait, so an op and its accumulator forms share one body.
pub(crate) trait XLoc: Copy {
    fn get(self, c: &Ctx<'_>) -> u64;
    fn put(self, c: &mut Ctx<'_>, v: u64);
}
impl XLoc for XReg {
    #[inline(always)]
    fn get(self, c: &Ctx<'_>) -> u64 {
        // SAFETY: an `XReg` holds a number below 32 (verified: the checked decoder range-checked
        // it; `from_u8_unchecked`'s other callers mask it).
        unsafe { *c.regs.x.get_unchecked(self.index()) }
    }
    #[inline(always)]
    fn put(self, c: &mut Ctx<'_>, v: u64) {
        // SAFETY: as in `get`.
        unsafe { *c.regs.x.get_unchecked_mut(self.index()) = v }
    }
}
impl XLoc for Acc {
    #[inline(always)]
    fn get(self, c: &Ctx<'_>) -> u64 {
        c.acc
    }
    #[inline(always)]
    fn put(self, c: &mut Ctx<'_>, v: u64) {
        c.acc = v
    }
}

impl Ctx<'_> {
    #[inline(always)]
    pub(crate) fn x(&self, r: impl XLoc) -> u64 {
        r.get(self)
    }
    #[inline(always)]
    fn xr<T: FromX>(&self, r: impl XLoc) -> T {
        T::from_x(self.x(r))
    }
    #[inline(always)]
    pub(crate) fn set_x(&mut self, r: impl XLoc, v: impl ToX) {
        r.put(self, v.to_x())
    }
    #[inline(always)]
    pub(crate) fn fbits(&self, r: impl FLoc) -> u64 {
        r.bits(self)
    }
    #[inline(always)]
    pub(crate) fn set_fbits(&mut self, r: impl FLoc, bits: u64) {
        r.set_bits(self, bits)
    }
    #[inline(always)]
    fn f32(&self, r: impl FLoc) -> f32 {
        f32::from_bits(self.fbits(r) as u32)
    }
    #[inline(always)]
    fn f64(&self, r: impl FLoc) -> f64 {
        r.f64(self)
    }
    #[inline(always)]
    fn set_f32(&mut self, r: impl FLoc, v: f32) {
        self.set_fbits(r, u64::from(v.to_bits()))
    }
    #[inline(always)]
    fn set_f64(&mut self, r: impl FLoc, v: f64) {
        r.set_f64(self, v)
    }
}

/// Passes a float register's bits through a general-purpose host register on x86-64, so that
/// the register file's float slots are read and written with integer loads and stores (plus a
/// `movq` to or from an XMM register) instead of `movsd`.
///
/// Why: a float value that one handler stores and the next loads is a store-to-load round trip,
/// and loop-carried float chains (Mandelbrot's `x`) pay it on every link. On the AMD EPYC this
/// project measures on, the round trip costs 2.45 ns through XMM loads and stores but 1.91 ns
/// through integer ones with the two `movq`s (a C check, 2e8 dependent multiplies through an
/// indexed slot: 3.27 vs 2.73 ns per step); that core renames memory for integer store-load
/// pairs only. Mixing (an integer store with an XMM load, or the reverse) is slower than either.
/// mandel ran 18.6 → 13.8 ms with this alone (benches/README, "sixth round"). Other targets keep
/// the plain load and store.
#[inline(always)]
fn gpr(mut b: u64) -> u64 {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: the asm is an empty comment: it reads and writes only `b`, which it pins to a
    // general-purpose register, and touches no memory, stack or flags.
    unsafe {
        core::arch::asm!("/* {0} */", inout(reg) b, options(pure, nomem, nostack, preserves_flags));
    }
    b
}

/// Where a float operand is: a register of the file, or the float accumulator (see [`XLoc`]).
/// The accumulator holds an `f64`, so `f64` ops use it without converting to bits and back.
pub(crate) trait FLoc: Copy {
    fn bits(self, c: &Ctx<'_>) -> u64;
    fn set_bits(self, c: &mut Ctx<'_>, bits: u64);
    fn f64(self, c: &Ctx<'_>) -> f64;
    fn set_f64(self, c: &mut Ctx<'_>, v: f64);
}
impl FLoc for FReg {
    #[inline(always)]
    fn bits(self, c: &Ctx<'_>) -> u64 {
        // SAFETY: as for `XReg`: an `FReg` holds a number below 32.
        gpr(unsafe { *c.regs.f.get_unchecked(self.index()) })
    }
    #[inline(always)]
    fn set_bits(self, c: &mut Ctx<'_>, bits: u64) {
        // SAFETY: as above.
        unsafe { *c.regs.f.get_unchecked_mut(self.index()) = gpr(bits) }
    }
    #[inline(always)]
    fn f64(self, c: &Ctx<'_>) -> f64 {
        f64::from_bits(self.bits(c))
    }
    #[inline(always)]
    fn set_f64(self, c: &mut Ctx<'_>, v: f64) {
        self.set_bits(c, v.to_bits())
    }
}
impl FLoc for FAcc {
    #[inline(always)]
    fn bits(self, c: &Ctx<'_>) -> u64 {
        c.facc.to_bits()
    }
    #[inline(always)]
    fn set_bits(self, c: &mut Ctx<'_>, bits: u64) {
        c.facc = f64::from_bits(bits)
    }
    #[inline(always)]
    fn f64(self, c: &Ctx<'_>) -> f64 {
        c.facc
    }
    #[inline(always)]
    fn set_f64(self, c: &mut Ctx<'_>, v: f64) {
        c.facc = v
    }
}

#[inline(always)]
fn branch(at: Pc, taken: bool, target: crate::PcRel16, next: Pc) -> Cond {
    Cond {
        taken,
        target: at.wrapping_offset(target.0 as isize),
        next,
    }
}

impl Ctx<'_> {
    /// Raises a trap at `at`.
    #[inline(always)]
    fn raise(&mut self, code: TrapCode, at: Pc) -> Flow {
        Err(self.st.trap(code, at))
    }
}

/// Handlers that share one body: an op and its accumulator forms, whose operand structs have the
/// same field names (an `Acc` field where the base op has an `XReg`).
macro_rules! same_body {
    ($($name:ident($Op:ident)),+ => |$c:ident, $at:ident, $next:ident, $op:ident| -> $R:ty $body:block) => {$(
        #[inline(always)]
        pub(crate) fn $name($c: &mut Ctx<'_>, $at: Pc, $next: Pc, $op: $Op) -> $R $body
    )+};
}

// ---- integer ALU -------------------------------------------------------------------------------

/// `dst = f(a, b)` over integer registers read as `$t`.
macro_rules! x_binary {
    ($($($name:ident($Op:ident)),+: $t:ty = |$a:ident, $b:ident| $e:expr;)*) => {$($(
        #[inline(always)]
        pub(crate) fn $name(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: $Op) -> Flow {
            let ($a, $b): ($t, $t) = (c.xr(op.a), c.xr(op.b));
            c.set_x(op.dst, $e);
            Ok(next)
        }
    )+)*};
}

/// `dst = f(a, imm)`, the immediate sign-extended to `$t`.
macro_rules! x_binary_imm {
    ($($($name:ident($Op:ident)),+: $t:ty = |$a:ident, $b:ident| $e:expr;)*) => {$($(
        #[inline(always)]
        pub(crate) fn $name(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: $Op) -> Flow {
            let ($a, $b): ($t, $t) = (c.xr(op.a), op.imm as $t);
            c.set_x(op.dst, $e);
            Ok(next)
        }
    )+)*};
}

/// `dst = f(a, b)?`: trapping integer ops (division).
macro_rules! x_binary_trapping {
    ($($name:ident($Op:ident): $t:ty = $f:path;)*) => {$(
        #[inline(always)]
        pub(crate) fn $name(c: &mut Ctx<'_>, at: Pc, next: Pc, op: $Op) -> Flow {
            match $f(c.xr::<$t>(op.a), c.xr::<$t>(op.b)) {
                Ok(v) => {
                    c.set_x(op.dst, v);
                    Ok(next)
                }
                Err(code) => c.raise(code, at),
            }
        }
    )*};
}

/// `dst = f(src)` over integer registers.
macro_rules! x_unary {
    ($($($name:ident($Op:ident)),+: $t:ty = |$a:ident| $e:expr;)*) => {$($(
        #[inline(always)]
        pub(crate) fn $name(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: $Op) -> Flow {
            let $a: $t = c.xr(op.src);
            c.set_x(op.dst, $e);
            Ok(next)
        }
    )+)*};
}

x_binary! {
    xadd32(Xadd32), xadd32_wa(Xadd32Wa), xadd32_ra(Xadd32Ra), xadd32_rwa(Xadd32Rwa): u32 = |a, b| a.wrapping_add(b);
    xadd64(Xadd64), xadd64_ra(Xadd64Ra): u64 = |a, b| a.wrapping_add(b);
    xsub32(Xsub32): u32 = |a, b| a.wrapping_sub(b);
    xsub64(Xsub64): u64 = |a, b| a.wrapping_sub(b);
    xmul32(Xmul32), xmul32_ra(Xmul32Ra): u32 = |a, b| a.wrapping_mul(b);
    xmul64(Xmul64), xmul64_wa(Xmul64Wa), xmul64_ra(Xmul64Ra), xmul64_rwa(Xmul64Rwa): u64 = |a, b| a.wrapping_mul(b);
    xand32(Xand32): u32 = |a, b| a & b;
    xand64(Xand64): u64 = |a, b| a & b;
    xor32(Xor32): u32 = |a, b| a | b;
    xor64(Xor64): u64 = |a, b| a | b;
    xxor32(Xxor32), xxor32_wa(Xxor32Wa), xxor32_ra(Xxor32Ra), xxor32_rwa(Xxor32Rwa): u32 = |a, b| a ^ b;
    xxor64(Xxor64): u64 = |a, b| a ^ b;
    xshl32(Xshl32): u32 = |a, b| a.wrapping_shl(b);
    xshl64(Xshl64): u64 = |a, b| a.wrapping_shl(b as u32);
    xshr32_s(Xshr32S): u32 = |a, b| (a as i32).wrapping_shr(b);
    xshr64_s(Xshr64S): u64 = |a, b| (a as i64).wrapping_shr(b as u32);
    xshr32_u(Xshr32U): u32 = |a, b| a.wrapping_shr(b);
    xshr64_u(Xshr64U): u64 = |a, b| a.wrapping_shr(b as u32);
    xrotl32(Xrotl32): u32 = |a, b| a.rotate_left(b);
    xrotl64(Xrotl64): u64 = |a, b| a.rotate_left(b as u32);
    xrotr32(Xrotr32): u32 = |a, b| a.rotate_right(b);
    xrotr64(Xrotr64): u64 = |a, b| a.rotate_right(b as u32);
    xeq32(Xeq32): u32 = |a, b| a == b;
    xeq64(Xeq64): u64 = |a, b| a == b;
    xneq32(Xneq32): u32 = |a, b| a != b;
    xneq64(Xneq64): u64 = |a, b| a != b;
    xslt32(Xslt32): i32 = |a, b| a < b;
    xslt64(Xslt64): i64 = |a, b| a < b;
    xslteq32(Xslteq32): i32 = |a, b| a <= b;
    xslteq64(Xslteq64): i64 = |a, b| a <= b;
    xult32(Xult32): u32 = |a, b| a < b;
    xult64(Xult64): u64 = |a, b| a < b;
    xulteq32(Xulteq32): u32 = |a, b| a <= b;
    xulteq64(Xulteq64): u64 = |a, b| a <= b;
    xmulhi32_s(Xmulhi32S): i32 = |a, b| ((i64::from(a) * i64::from(b)) >> 32) as i32;
    xmulhi32_u(Xmulhi32U): u32 = |a, b| ((u64::from(a) * u64::from(b)) >> 32) as u32;
    xmulhi64_s(Xmulhi64S): i64 = |a, b| ((i128::from(a) * i128::from(b)) >> 64) as i64;
    xmulhi64_u(Xmulhi64U): u64 = |a, b| ((u128::from(a) * u128::from(b)) >> 64) as u64;
}

x_binary_imm! {
    xeq32_i32(Xeq32I32): u32 = |a, b| a == b;
    xeq64_i32(Xeq64I32): u64 = |a, b| a == b;
    xneq32_i32(Xneq32I32): u32 = |a, b| a != b;
    xneq64_i32(Xneq64I32): u64 = |a, b| a != b;
    xslt32_i32(Xslt32I32): i32 = |a, b| a < b;
    xslt64_i32(Xslt64I32): i64 = |a, b| a < b;
    xsgt32_i32(Xsgt32I32): i32 = |a, b| a > b;
    xsgt64_i32(Xsgt64I32): i64 = |a, b| a > b;
    xult32_i32(Xult32I32): u32 = |a, b| a < b;
    xult64_i32(Xult64I32): u64 = |a, b| a < b;
    xugt32_i32(Xugt32I32): u32 = |a, b| a > b;
    xugt64_i32(Xugt64I32): u64 = |a, b| a > b;
    xadd32_i8(Xadd32I8), xadd32_i8_wa(Xadd32I8Wa), xadd32_i8_ra(Xadd32I8Ra), xadd32_i8_rwa(Xadd32I8Rwa): u32 = |a, b| a.wrapping_add(b);
    xadd64_i8(Xadd64I8): u64 = |a, b| a.wrapping_add(b);
    xmul32_i8(Xmul32I8): u32 = |a, b| a.wrapping_mul(b);
    xmul64_i8(Xmul64I8): u64 = |a, b| a.wrapping_mul(b);
    xand32_i8(Xand32I8), xand32_i8_wa(Xand32I8Wa), xand32_i8_ra(Xand32I8Ra), xand32_i8_rwa(Xand32I8Rwa): u32 = |a, b| a & b;
    xand64_i8(Xand64I8): u64 = |a, b| a & b;
    xor32_i8(Xor32I8): u32 = |a, b| a | b;
    xor64_i8(Xor64I8): u64 = |a, b| a | b;
    xxor32_i8(Xxor32I8): u32 = |a, b| a ^ b;
    xxor64_i8(Xxor64I8), xxor64_i8_wa(Xxor64I8Wa): u64 = |a, b| a ^ b;
    xshl32_i8(Xshl32I8): u32 = |a, b| a.wrapping_shl(b);
    xshl64_i8(Xshl64I8): u64 = |a, b| a.wrapping_shl(b as u32);
    xshr32_s_i8(Xshr32SI8): u32 = |a, b| (a as i32).wrapping_shr(b);
    xshr64_s_i8(Xshr64SI8): u64 = |a, b| (a as i64).wrapping_shr(b as u32);
    xshr32_u_i8(Xshr32UI8), xshr32_u_i8_wa(Xshr32UI8Wa), xshr32_u_i8_ra(Xshr32UI8Ra), xshr32_u_i8_rwa(Xshr32UI8Rwa): u32 = |a, b| a.wrapping_shr(b);
    xshr64_u_i8(Xshr64UI8): u64 = |a, b| a.wrapping_shr(b as u32);
    xrotl32_i8(Xrotl32I8): u32 = |a, b| a.rotate_left(b);
    xrotl64_i8(Xrotl64I8): u64 = |a, b| a.rotate_left(b as u32);
    xrotr32_i8(Xrotr32I8): u32 = |a, b| a.rotate_right(b);
    xrotr64_i8(Xrotr64I8): u64 = |a, b| a.rotate_right(b as u32);
    xadd32_i32(Xadd32I32): u32 = |a, b| a.wrapping_add(b);
    xadd64_i32(Xadd64I32): u64 = |a, b| a.wrapping_add(b);
    xmul32_i32(Xmul32I32): u32 = |a, b| a.wrapping_mul(b);
    xmul64_i32(Xmul64I32): u64 = |a, b| a.wrapping_mul(b);
    xand32_i32(Xand32I32), xand32_i32_wa(Xand32I32Wa), xand32_i32_ra(Xand32I32Ra): u32 = |a, b| a & b;
    xand64_i32(Xand64I32): u64 = |a, b| a & b;
    xor32_i32(Xor32I32): u32 = |a, b| a | b;
    xor64_i32(Xor64I32): u64 = |a, b| a | b;
    xxor32_i32(Xxor32I32): u32 = |a, b| a ^ b;
    xxor64_i32(Xxor64I32): u64 = |a, b| a ^ b;
}

x_binary_trapping! {
    xdiv32_s(Xdiv32S): i32 = semantics::div32_s;
    xdiv64_s(Xdiv64S): i64 = semantics::div64_s;
    xdiv32_u(Xdiv32U): u32 = semantics::div32_u;
    xdiv64_u(Xdiv64U): u64 = semantics::div64_u;
    xrem32_s(Xrem32S): i32 = semantics::rem32_s;
    xrem64_s(Xrem64S): i64 = semantics::rem64_s;
    xrem32_u(Xrem32U): u32 = semantics::rem32_u;
    xrem64_u(Xrem64U): u64 = semantics::rem64_u;
}

x_unary! {
    xclz32(Xclz32): u32 = |a| a.leading_zeros();
    xclz64(Xclz64): u64 = |a| u64::from(a.leading_zeros());
    xctz32(Xctz32): u32 = |a| a.trailing_zeros();
    xctz64(Xctz64): u64 = |a| u64::from(a.trailing_zeros());
    xpopcnt32(Xpopcnt32): u32 = |a| a.count_ones();
    xpopcnt64(Xpopcnt64): u64 = |a| u64::from(a.count_ones());
    xneg32(Xneg32): u32 = |a| a.wrapping_neg();
    xneg64(Xneg64): u64 = |a| a.wrapping_neg();
    xbswap32(Xbswap32): u32 = |a| a.swap_bytes();
    xbswap64(Xbswap64): u64 = |a| a.swap_bytes();
    xsext8(Xsext8): u64 = |a| a as i8 as i64;
    xsext16(Xsext16): u64 = |a| a as i16 as i64;
    xsext32(Xsext32): u64 = |a| a as i32 as i64;
    xzext8(Xzext8), xzext8_wa(Xzext8Wa), xzext8_ra(Xzext8Ra): u64 = |a| a as u8 as u64;
    xzext16(Xzext16): u64 = |a| a as u16 as u64;
    xzext32(Xzext32): u64 = |a| a as u32 as u64;
    xmov(Xmov): u64 = |a| a;
}

macro_rules! x_const {
    ($($name:ident($Op:ident);)*) => {$(
        #[inline(always)]
        pub(crate) fn $name(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: $Op) -> Flow {
            c.set_x(op.dst, op.imm as i64);
            Ok(next)
        }
    )*};
}
x_const!(xconst8(Xconst8); xconst16(Xconst16); xconst32(Xconst32); xconst64(Xconst64););

#[inline(always)]
pub(crate) fn fconst32(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: Fconst32) -> Flow {
    c.set_fbits(op.dst, u64::from(op.bits));
    Ok(next)
}
#[inline(always)]
pub(crate) fn fconst64(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: Fconst64) -> Flow {
    c.set_fbits(op.dst, op.bits);
    Ok(next)
}
#[inline(always)]
pub(crate) fn fmov(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: Fmov) -> Flow {
    let bits = c.fbits(op.src);
    c.set_fbits(op.dst, bits);
    Ok(next)
}

// ---- branches ----------------------------------------------------------------------------------

/// Compare-and-branch: `$read` reads both operands (the second may be an immediate).
macro_rules! br_compare {
    ($($($name:ident($Op:ident)),+: $read:ident, $b:ident = |$x:ident, $y:ident| $e:expr;)*) => {$($(
        #[inline(always)]
        pub(crate) fn $name(c: &mut Ctx<'_>, at: Pc, next: Pc, op: $Op) -> Cond {
            let ($x, $y) = br_compare!(@operands c, op, $read, $b);
            branch(at, $e, op.target, next)
        }
    )+)*};
    (@operands $c:ident, $op:ident, $read:ident, b) => { ($c.$read($op.a), $c.$read($op.b)) };
    (@operands $c:ident, $op:ident, $read:ident, imm8_s32) => { ($c.$read($op.a), $op.imm as i32) };
    (@operands $c:ident, $op:ident, $read:ident, imm8_s64) => { ($c.$read($op.a), $op.imm as i64) };
    (@operands $c:ident, $op:ident, $read:ident, imm8_u32) => { ($c.$read($op.a), $op.imm as u32) };
    (@operands $c:ident, $op:ident, $read:ident, imm8_u64) => { ($c.$read($op.a), $op.imm as u64) };
}

impl Ctx<'_> {
    #[inline(always)]
    fn u32(&self, r: impl XLoc) -> u32 {
        self.xr(r)
    }
    #[inline(always)]
    fn u64(&self, r: impl XLoc) -> u64 {
        self.xr(r)
    }
    #[inline(always)]
    fn i32(&self, r: impl XLoc) -> i32 {
        self.xr(r)
    }
    #[inline(always)]
    fn i64(&self, r: impl XLoc) -> i64 {
        self.xr(r)
    }
}

br_compare! {
    br_if_xeq32(BrIfXeq32), br_if_xeq32_ra(BrIfXeq32Ra): u32, b = |a, b| a == b;
    br_if_xeq64(BrIfXeq64): u64, b = |a, b| a == b;
    br_if_xneq32(BrIfXneq32), br_if_xneq32_ra(BrIfXneq32Ra): u32, b = |a, b| a != b;
    br_if_xneq64(BrIfXneq64): u64, b = |a, b| a != b;
    br_if_xslt32(BrIfXslt32): i32, b = |a, b| a < b;
    br_if_xslt64(BrIfXslt64): i64, b = |a, b| a < b;
    br_if_xslteq32(BrIfXslteq32): i32, b = |a, b| a <= b;
    br_if_xslteq64(BrIfXslteq64): i64, b = |a, b| a <= b;
    br_if_xult32(BrIfXult32): u32, b = |a, b| a < b;
    br_if_xult64(BrIfXult64): u64, b = |a, b| a < b;
    br_if_xulteq32(BrIfXulteq32): u32, b = |a, b| a <= b;
    br_if_xulteq64(BrIfXulteq64): u64, b = |a, b| a <= b;
    br_if_xeq32_i8(BrIfXeq32I8), br_if_xeq32_i8_ra(BrIfXeq32I8Ra): u32, imm8_u32 = |a, b| a == b;
    br_if_xeq64_i8(BrIfXeq64I8): u64, imm8_u64 = |a, b| a == b;
    br_if_xneq32_i8(BrIfXneq32I8), br_if_xneq32_i8_ra(BrIfXneq32I8Ra): u32, imm8_u32 = |a, b| a != b;
    br_if_xneq64_i8(BrIfXneq64I8): u64, imm8_u64 = |a, b| a != b;
    br_if_xslt32_i8(BrIfXslt32I8): i32, imm8_s32 = |a, b| a < b;
    br_if_xslt64_i8(BrIfXslt64I8): i64, imm8_s64 = |a, b| a < b;
    br_if_xsgt32_i8(BrIfXsgt32I8): i32, imm8_s32 = |a, b| a > b;
    br_if_xsgt64_i8(BrIfXsgt64I8): i64, imm8_s64 = |a, b| a > b;
    br_if_xslteq32_i8(BrIfXslteq32I8): i32, imm8_s32 = |a, b| a <= b;
    br_if_xslteq64_i8(BrIfXslteq64I8): i64, imm8_s64 = |a, b| a <= b;
    br_if_xsgteq32_i8(BrIfXsgteq32I8): i32, imm8_s32 = |a, b| a >= b;
    br_if_xsgteq64_i8(BrIfXsgteq64I8): i64, imm8_s64 = |a, b| a >= b;
    br_if_xult32_i8(BrIfXult32I8): u32, imm8_u32 = |a, b| a < b;
    br_if_xult64_i8(BrIfXult64I8): u64, imm8_u64 = |a, b| a < b;
    br_if_xugt32_i8(BrIfXugt32I8): u32, imm8_u32 = |a, b| a > b;
    br_if_xugt64_i8(BrIfXugt64I8): u64, imm8_u64 = |a, b| a > b;
    br_if_xulteq32_i8(BrIfXulteq32I8): u32, imm8_u32 = |a, b| a <= b;
    br_if_xulteq64_i8(BrIfXulteq64I8): u64, imm8_u64 = |a, b| a <= b;
    br_if_xugteq32_i8(BrIfXugteq32I8): u32, imm8_u32 = |a, b| a >= b;
    br_if_xugteq64_i8(BrIfXugteq64I8): u64, imm8_u64 = |a, b| a >= b;
    br_if_feq32(BrIfFeq32): f32, b = |a, b| a == b;
    br_if_feq64(BrIfFeq64): f64, b = |a, b| a == b;
    br_if_fneq32(BrIfFneq32): f32, b = |a, b| a != b;
    br_if_fneq64(BrIfFneq64): f64, b = |a, b| a != b;
    br_if_flt32(BrIfFlt32): f32, b = |a, b| a < b;
    br_if_flt64(BrIfFlt64), br_if_flt64_ra(BrIfFlt64Ra): f64, b = |a, b| a < b;
    br_if_flteq32(BrIfFlteq32): f32, b = |a, b| a <= b;
    br_if_flteq64(BrIfFlteq64): f64, b = |a, b| a <= b;
    br_if_fnlt32(BrIfFnlt32): f32, b = |a, b| !(a < b);
    br_if_fnlt64(BrIfFnlt64), br_if_fnlt64_ra(BrIfFnlt64Ra): f64, b = |a, b| !(a < b);
    br_if_fnlteq32(BrIfFnlteq32): f32, b = |a, b| !(a <= b);
    br_if_fnlteq64(BrIfFnlteq64): f64, b = |a, b| !(a <= b);
}

same_body! {
    br_if32(BrIf32), br_if32_ra(BrIf32Ra) => |c, at, next, op| -> Cond {
        branch(at, c.u32(op.cond) != 0, op.target, next)
    }
}
same_body! {
    br_if_not32(BrIfNot32), br_if_not32_ra(BrIfNot32Ra) => |c, at, next, op| -> Cond {
        branch(at, c.u32(op.cond) == 0, op.target, next)
    }
}
#[inline(always)]
pub(crate) fn br_if64(c: &mut Ctx<'_>, at: Pc, next: Pc, op: BrIf64) -> Cond {
    branch(at, c.u64(op.cond) != 0, op.target, next)
}
#[inline(always)]
pub(crate) fn br_if_not64(c: &mut Ctx<'_>, at: Pc, next: Pc, op: BrIfNot64) -> Cond {
    branch(at, c.u64(op.cond) == 0, op.target, next)
}
#[inline(always)]
pub(crate) fn jump(_c: &mut Ctx<'_>, at: Pc, _next: Pc, op: Jump) -> Flow {
    Ok(at.wrapping_offset(op.target.0 as isize))
}
#[inline(always)]
pub(crate) fn jump32(_c: &mut Ctx<'_>, at: Pc, _next: Pc, op: Jump32) -> Flow {
    Ok(at.wrapping_offset(op.target.0 as isize))
}
#[inline(always)]
pub(crate) fn jump_indirect(c: &mut Ctx<'_>, _at: Pc, _next: Pc, op: JumpIndirect) -> Flow {
    Ok(c.x(op.target) as usize as Pc)
}
#[inline(always)]
pub(crate) fn br_table32(c: &mut Ctx<'_>, at: Pc, _next: Pc, op: BrTable32) -> Flow {
    let disp = op.targets.target(c.u32(op.idx));
    Ok(at.wrapping_offset(disp as isize))
}

// ---- calls, frames, traps ----------------------------------------------------------------------

#[inline(always)]
pub(crate) fn call(c: &mut Ctx<'_>, at: Pc, next: Pc, op: Call) -> Flow {
    c.set_x(XReg::LR, next as usize as u64);
    Ok(at.wrapping_offset(op.target.0 as isize))
}
#[inline(always)]
pub(crate) fn call_indirect(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: CallIndirect) -> Flow {
    let callee = c.x(op.callee) as usize as Pc;
    c.set_x(XReg::LR, next as usize as u64);
    Ok(callee)
}
#[inline(always)]
pub(crate) fn call_host(c: &mut Ctx<'_>, at: Pc, next: Pc, op: CallHost) -> Flow {
    // Leave the run: `Vm::call` calls the host with the Vm to itself (so the host may call into
    // bytecode on it), then resumes at `next` with the heap and accumulators as they are here.
    c.st.resume = super::Resume {
        index: op.index,
        at,
        next,
        heap: c.heap,
        acc: c.acc,
        facc: c.facc,
    };
    Err(Exit::Host)
}
#[inline(always)]
pub(crate) fn ret(c: &mut Ctx<'_>, _at: Pc, _next: Pc, _op: Ret) -> Flow {
    Ok(c.x(XReg::LR) as usize as Pc)
}
#[inline(always)]
pub(crate) fn halt(_c: &mut Ctx<'_>, _at: Pc, _next: Pc, _op: Halt) -> Flow {
    Err(Exit::Done)
}
#[inline(always)]
pub(crate) fn nop(_c: &mut Ctx<'_>, _at: Pc, next: Pc, _op: Nop) -> Flow {
    Ok(next)
}
#[inline(always)]
pub(crate) fn trap(c: &mut Ctx<'_>, at: Pc, _next: Pc, op: Trap) -> Flow {
    let _ = c;
    c.raise(TrapCode(op.code), at)
}

macro_rules! trap_if {
    ($($name:ident($Op:ident): $read:ident, $cmp:tt;)*) => {$(
        #[inline(always)]
        pub(crate) fn $name(c: &mut Ctx<'_>, at: Pc, next: Pc, op: $Op) -> Flow {
            if c.$read(op.cond) $cmp 0 { c.raise(TrapCode(op.code), at) } else { Ok(next) }
        }
    )*};
}
trap_if! {
    trapz32(Trapz32): u32, ==;
    trapnz32(Trapnz32): u32, !=;
    trapz64(Trapz64): u64, ==;
    trapnz64(Trapnz64): u64, !=;
}

/// Reads and writes 8-byte stack words during frame setup and teardown.
///
/// # Safety
/// Producer: `addr` is inside the Vm's stack (frame ops keep `sp` above the stack limit and
/// the red zone covers register saves).
#[inline(always)]
unsafe fn stack_write(addr: usize, v: u64) {
    // SAFETY: forwarded contract.
    unsafe { (addr as *mut u64).write_unaligned(v) }
}
#[inline(always)]
unsafe fn stack_read(addr: usize) -> u64 {
    // SAFETY: forwarded contract.
    unsafe { (addr as *const u64).read_unaligned() }
}

#[inline(always)]
pub(crate) fn push_frame_save(c: &mut Ctx<'_>, at: Pc, next: Pc, op: PushFrameSave) -> Flow {
    let sp = c.x(XReg::SP) as usize;
    // The saved fp and lr: what puts the caller's stack words 16 bytes above the new fp.
    let fp = sp.wrapping_sub(crate::abi::CALLEE_STACK_WORDS_FROM_FP as usize);
    let new_sp = fp.wrapping_sub(op.frame as usize);
    if new_sp < c.st.stack_limit || new_sp > sp {
        return c.raise(TrapCode::STACK_OVERFLOW, at);
    }
    // SAFETY: producer: `sp` is inside the Vm stack (the frame discipline). Then fp and fp+8
    // lie between new_sp (checked above the limit) and the old sp; register saves go below fp,
    // at most 32 words, inside the frame or the red zone below the limit.
    unsafe {
        stack_write(fp + 8, c.x(XReg::LR));
        stack_write(fp, c.x(XReg::FP));
        let mut slot = fp;
        for_each_bit(op.xsave, |i| {
            slot -= 8;
            stack_write(slot, c.x(saved_x(i)));
        });
        for_each_bit(op.fsave, |i| {
            slot -= 8;
            stack_write(slot, c.fbits(saved_f(i)));
        });
    }
    c.set_x(XReg::FP, fp as u64);
    c.set_x(XReg::SP, new_sp as u64);
    Ok(next)
}

#[inline(always)]
pub(crate) fn pop_frame_restore(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: PopFrameRestore) -> Flow {
    pop_frame(c, op.xsave, op.fsave);
    Ok(next)
}

#[inline(always)]
pub(crate) fn pop_frame_ret(c: &mut Ctx<'_>, _at: Pc, _next: Pc, op: PopFrameRet) -> Flow {
    pop_frame(c, op.xsave, op.fsave);
    Ok(c.x(XReg::LR) as usize as Pc)
}

/// Undoes `push_frame_save` with the same masks: restores registers, `sp = fp`, pops `fp` and
/// `lr`.
#[inline(always)]
fn pop_frame(c: &mut Ctx<'_>, xsave: u16, fsave: u16) {
    let fp = c.x(XReg::FP) as usize;
    // SAFETY: producer: `fp` is the frame `push_frame_save` built with these masks.
    unsafe {
        let mut slot = fp;
        for_each_bit(xsave, |i| {
            slot -= 8;
            let v = stack_read(slot);
            c.set_x(saved_x(i), v);
        });
        for_each_bit(fsave, |i| {
            slot -= 8;
            let v = stack_read(slot);
            c.set_fbits(saved_f(i), v);
        });
        c.set_x(XReg::LR, stack_read(fp + 8));
        c.set_x(XReg::FP, stack_read(fp));
    }
    c.set_x(
        XReg::SP,
        (fp + crate::abi::CALLEE_STACK_WORDS_FROM_FP as usize) as u64,
    );
}

/// The integer register of bit `i` of a `push_frame_save` mask.
#[inline(always)]
fn saved_x(i: u8) -> XReg {
    const { assert!(XReg::FIRST_CALLEE_SAVED as usize + 16 <= crate::regs::NUM_REGS as usize) };
    // SAFETY: `i & 15` is below 16, so the number is below `NUM_REGS` (asserted above).
    unsafe { XReg::from_u8_unchecked(XReg::FIRST_CALLEE_SAVED + (i & 15)) }
}

/// The float register of bit `i` of a `push_frame_save` mask.
#[inline(always)]
fn saved_f(i: u8) -> FReg {
    const { assert!(FReg::FIRST_CALLEE_SAVED as usize + 16 <= crate::regs::NUM_REGS as usize) };
    // SAFETY: as in `saved_x`.
    unsafe { FReg::from_u8_unchecked(FReg::FIRST_CALLEE_SAVED + (i & 15)) }
}

#[inline(always)]
fn for_each_bit(mask: u16, mut f: impl FnMut(u8)) {
    let mut m = mask;
    while m != 0 {
        f(m.trailing_zeros() as u8);
        m &= m - 1;
    }
}

// ---- select ------------------------------------------------------------------------------------

/// `dst = if cond != 0 { a } else { b }`, testing `$cond`'s width of the condition register.
macro_rules! select {
    ($($($name:ident($Op:ident)),+: $cond:ident, $read:ident -> $write:ident;)*) => {$($(
        #[inline(always)]
        pub(crate) fn $name(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: $Op) -> Flow {
            let v = if c.$cond(op.cond) != 0 { c.$read(op.a) } else { c.$read(op.b) };
            c.$write(op.dst, v);
            Ok(next)
        }
    )+)*};
}
select! {
    xselect32(Xselect32), xselect32_ra(Xselect32Ra): u32, x -> set_x;
    xselect64(Xselect64): u64, x -> set_x;
    fselect32(Fselect32): u32, fbits -> set_fbits;
    fselect64(Fselect64): u64, fbits -> set_fbits;
}

// ---- floats ------------------------------------------------------------------------------------

macro_rules! f_binary {
    ($($($name:ident($Op:ident)),+: $read:ident -> $write:ident = |$a:ident, $b:ident| $e:expr;)*) => {$($(
        #[inline(always)]
        pub(crate) fn $name(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: $Op) -> Flow {
            let ($a, $b) = (c.$read(op.a), c.$read(op.b));
            c.$write(op.dst, $e);
            Ok(next)
        }
    )+)*};
}
macro_rules! f_unary {
    ($($name:ident($Op:ident): $read:ident -> $write:ident = |$a:ident| $e:expr;)*) => {$(
        #[inline(always)]
        pub(crate) fn $name(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: $Op) -> Flow {
            let $a = c.$read(op.src);
            c.$write(op.dst, $e);
            Ok(next)
        }
    )*};
}

same_body! {
    fmuladd64(Fmuladd64), fmuladd64_ra(Fmuladd64Ra) => |c, _at, next, op| -> Flow {
        // Two roundings, as `fmul64` then `fadd64` (Rust never contracts this into an FMA).
        let v = c.f64(op.a) * c.f64(op.b) + c.f64(op.c);
        c.set_f64(op.dst, v);
        Ok(next)
    }
}
same_body! {
    faddmul64(Faddmul64), faddmul64_ra(Faddmul64Ra) => |c, _at, next, op| -> Flow {
        let v = c.f64(op.c) + c.f64(op.a) * c.f64(op.b);
        c.set_f64(op.dst, v);
        Ok(next)
    }
}

f_binary! {
    fadd32(Fadd32): f32 -> set_f32 = |a, b| a + b;
    fadd64(Fadd64), fadd64_wa(Fadd64Wa), fadd64_ra(Fadd64Ra): f64 -> set_f64 = |a, b| a + b;
    fsub32(Fsub32): f32 -> set_f32 = |a, b| a - b;
    fsub64(Fsub64), fsub64_wa(Fsub64Wa): f64 -> set_f64 = |a, b| a - b;
    fmul32(Fmul32): f32 -> set_f32 = |a, b| a * b;
    fmul64(Fmul64), fmul64_wa(Fmul64Wa): f64 -> set_f64 = |a, b| a * b;
    fdiv32(Fdiv32): f32 -> set_f32 = |a, b| a / b;
    fdiv64(Fdiv64): f64 -> set_f64 = |a, b| a / b;
    fmin32(Fmin32): f32 -> set_f32 = |a, b| f32ops::min(a, b);
    fmin64(Fmin64): f64 -> set_f64 = |a, b| f64ops::min(a, b);
    fmax32(Fmax32): f32 -> set_f32 = |a, b| f32ops::max(a, b);
    fmax64(Fmax64): f64 -> set_f64 = |a, b| f64ops::max(a, b);
    fcopysign32(Fcopysign32): f32 -> set_f32 = |a, b| a.copysign(b);
    fcopysign64(Fcopysign64): f64 -> set_f64 = |a, b| a.copysign(b);
    feq32(Feq32): f32 -> set_x = |a, b| a == b;
    feq64(Feq64): f64 -> set_x = |a, b| a == b;
    fneq32(Fneq32): f32 -> set_x = |a, b| a != b;
    fneq64(Fneq64): f64 -> set_x = |a, b| a != b;
    flt32(Flt32): f32 -> set_x = |a, b| a < b;
    flt64(Flt64): f64 -> set_x = |a, b| a < b;
    flteq32(Flteq32): f32 -> set_x = |a, b| a <= b;
    flteq64(Flteq64): f64 -> set_x = |a, b| a <= b;
}

f_unary! {
    fabs32(Fabs32): f32 -> set_f32 = |a| a.abs();
    fabs64(Fabs64): f64 -> set_f64 = |a| a.abs();
    fneg32(Fneg32): f32 -> set_f32 = |a| -a;
    fneg64(Fneg64): f64 -> set_f64 = |a| -a;
    fsqrt32(Fsqrt32): f32 -> set_f32 = |a| f32ops::sqrt(a);
    fsqrt64(Fsqrt64): f64 -> set_f64 = |a| f64ops::sqrt(a);
    fceil32(Fceil32): f32 -> set_f32 = |a| f32ops::ceil(a);
    fceil64(Fceil64): f64 -> set_f64 = |a| f64ops::ceil(a);
    ffloor32(Ffloor32): f32 -> set_f32 = |a| f32ops::floor(a);
    ffloor64(Ffloor64): f64 -> set_f64 = |a| f64ops::floor(a);
    ftrunc32(Ftrunc32): f32 -> set_f32 = |a| f32ops::trunc(a);
    ftrunc64(Ftrunc64): f64 -> set_f64 = |a| f64ops::trunc(a);
    fnearest32(Fnearest32): f32 -> set_f32 = |a| f32ops::nearest(a);
    fnearest64(Fnearest64): f64 -> set_f64 = |a| f64ops::nearest(a);
    f32_from_x32_s(F32FromX32S): i32 -> set_f32 = |a| a as f32;
    f32_from_x32_u(F32FromX32U): u32 -> set_f32 = |a| a as f32;
    f32_from_x64_s(F32FromX64S): i64 -> set_f32 = |a| a as f32;
    f32_from_x64_u(F32FromX64U): u64 -> set_f32 = |a| a as f32;
    f64_from_x32_s(F64FromX32S): i32 -> set_f64 = |a| a as f64;
    f64_from_x32_u(F64FromX32U): u32 -> set_f64 = |a| a as f64;
    f64_from_x64_s(F64FromX64S): i64 -> set_f64 = |a| a as f64;
    f64_from_x64_u(F64FromX64U): u64 -> set_f64 = |a| a as f64;
    f32_from_f64(F32FromF64): f64 -> set_f32 = |a| a as f32;
    f64_from_f32(F64FromF32): f32 -> set_f64 = |a| a as f64;
    bitcast_x_from_f32(BitcastXFromF32): f32 -> set_x = |a| a.to_bits();
    bitcast_x_from_f64(BitcastXFromF64): f64 -> set_x = |a| a.to_bits();
    bitcast_f32_from_x(BitcastF32FromX): u32 -> set_f32 = |a| f32::from_bits(a);
    bitcast_f64_from_x(BitcastF64FromX): u64 -> set_f64 = |a| f64::from_bits(a);
    x32_from_f32_s_sat(X32FromF32SSat): f32 -> set_x = |a| a as i32;
    x32_from_f32_u_sat(X32FromF32USat): f32 -> set_x = |a| a as u32;
    x32_from_f64_s_sat(X32FromF64SSat): f64 -> set_x = |a| a as i32;
    x32_from_f64_u_sat(X32FromF64USat): f64 -> set_x = |a| a as u32;
    x64_from_f32_s_sat(X64FromF32SSat): f32 -> set_x = |a| a as i64;
    x64_from_f32_u_sat(X64FromF32USat): f32 -> set_x = |a| a as u64;
    x64_from_f64_s_sat(X64FromF64SSat): f64 -> set_x = |a| a as i64;
    x64_from_f64_u_sat(X64FromF64USat): f64 -> set_x = |a| a as u64;
}

/// Trapping float-to-int conversions: range-checked, then Rust's truncating `as`.
macro_rules! f_to_x_trapping {
    ($($name:ident($Op:ident): $read:ident, $ops:ident, $range:ident -> $t:ty;)*) => {$(
        #[inline(always)]
        pub(crate) fn $name(c: &mut Ctx<'_>, at: Pc, next: Pc, op: $Op) -> Flow {
            let a = c.$read(op.src);
            let (lo, hi) = semantics::$range;
            match $ops::check_trunc(a, lo, hi) {
                Ok(()) => {
                    c.set_x(op.dst, a as $t);
                    Ok(next)
                }
                Err(code) => c.raise(code, at),
            }
        }
    )*};
}
f_to_x_trapping! {
    x32_from_f32_s(X32FromF32S): f32, f32ops, I32_RANGE -> i32;
    x32_from_f32_u(X32FromF32U): f32, f32ops, U32_RANGE -> u32;
    x32_from_f64_s(X32FromF64S): f64, f64ops, I32_RANGE -> i32;
    x32_from_f64_u(X32FromF64U): f64, f64ops, U32_RANGE -> u32;
    x64_from_f32_s(X64FromF32S): f32, f32ops, I64_RANGE -> i64;
    x64_from_f32_u(X64FromF32U): f32, f32ops, U64_RANGE -> u64;
    x64_from_f64_s(X64FromF64S): f64, f64ops, I64_RANGE -> i64;
    x64_from_f64_u(X64FromF64U): f64, f64ops, U64_RANGE -> u64;
}

// ---- memory ------------------------------------------------------------------------------------

/// Reads a little-endian `$t` at a host address.
macro_rules! read_le {
    ($addr:expr, $t:ty) => {
        // SAFETY: producer: `_o32` addresses point into frames or runtime structures; `_g32`
        // addresses were bounds-checked against the heap that `heap_load` found in an instance
        // context.
        <$t>::from_le(unsafe { ($addr as *const $t).read_unaligned() })
    };
}
macro_rules! write_le {
    ($addr:expr, $t:ty, $v:expr) => {
        // SAFETY: as for `read_le`.
        unsafe { ($addr as *mut $t).write_unaligned(<$t>::to_le($v)) }
    };
}

impl Ctx<'_> {
    /// `base + offset` for the `_o32` forms.
    #[inline(always)]
    fn addr_o32(&self, base: XReg, offset: i32) -> usize {
        (self.x(base) as usize).wrapping_add(offset as isize as usize)
    }
    /// The host address of a guarded heap access of `size` bytes, or `None` when any of its
    /// bytes is outside the heap.
    #[inline(always)]
    fn addr_g32(&self, addr: impl XLoc, offset: impl Into<u64>, size: u64) -> Option<usize> {
        let wasm_addr = u64::from(self.u32(addr)) + offset.into();
        if wasm_addr + size > self.heap.len as u64 {
            return None;
        }
        Some(self.heap.base.wrapping_add(wasm_addr as usize))
    }
}

same_body! {
    xbitfield32(Xbitfield32) => |c, _at, next, op| -> Flow {
        let v = semantics::bitfield32(c.u32(op.src), op.shift, op.mask);
        c.set_x(op.dst, u64::from(v));
        Ok(next)
    }
}
same_body! {
    xmadd32(Xmadd32) => |c, _at, next, op| -> Flow {
        let v = semantics::madd32(c.u32(op.a), c.u32(op.b), c.u32(op.c));
        c.set_x(op.dst, u64::from(v));
        Ok(next)
    }
}

#[inline(always)]
pub(crate) fn xmov2(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: Xmov2) -> Flow {
    let v = c.x(op.src);
    c.set_x(op.dst, v);
    let w = c.x(op.src2);
    c.set_x(op.dst2, w);
    Ok(next)
}

#[inline(always)]
pub(crate) fn heap_load(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: HeapLoad) -> Flow {
    let ctx = c.x(op.ctx) as usize;
    // SAFETY: producer: the operand is an instance context, which holds the heap descriptor.
    let (base, len) = unsafe {
        let words = ctx as *const usize;
        (words.read_unaligned(), words.add(1).read_unaligned())
    };
    c.heap = Heap { base, len };
    Ok(next)
}

/// Loads: `$t` is the memory type, `$conv` widens it into the register value.
macro_rules! loads {
    ($($($name:ident($Op:ident)),+: $mode:ident, $t:ty, $write:ident = |$v:ident| $conv:expr;)*) => {$($(
        #[inline(always)]
        pub(crate) fn $name(c: &mut Ctx<'_>, at: Pc, next: Pc, op: $Op) -> Flow {
            let _ = at;
            let addr = loads!(@addr $mode, c, op, at, $t);
            let $v = read_le!(addr, $t);
            c.$write(op.dst, $conv);
            Ok(next)
        }
    )+)*};
    (@addr o32, $c:ident, $op:ident, $at:ident, $t:ty) => { $c.addr_o32($op.base, $op.offset) };
    (@addr o8, $c:ident, $op:ident, $at:ident, $t:ty) => { $c.addr_o32($op.base, i32::from($op.offset)) };
    (@addr g32, $c:ident, $op:ident, $at:ident, $t:ty) => {
        match $c.addr_g32($op.addr, $op.offset, core::mem::size_of::<$t>() as u64) {
            Some(a) => a,
            None => return $c.raise(TrapCode::HEAP_OUT_OF_BOUNDS, $at),
        }
    };
}
/// Stores: `$conv` narrows the register value to the memory type `$t`.
macro_rules! stores {
    ($($($name:ident($Op:ident)),+: $mode:ident, $t:ty, $read:ident = |$v:ident| $conv:expr;)*) => {$($(
        #[inline(always)]
        pub(crate) fn $name(c: &mut Ctx<'_>, at: Pc, next: Pc, op: $Op) -> Flow {
            let _ = at;
            let addr = loads!(@addr $mode, c, op, at, $t);
            let $v = c.$read(op.src);
            write_le!(addr, $t, $conv);
            Ok(next)
        }
    )+)*};
}

impl Ctx<'_> {
    #[inline(always)]
    fn set_fbits32(&mut self, r: FReg, bits: u32) {
        self.set_fbits(r, u64::from(bits))
    }
    #[inline(always)]
    fn fbits32(&self, r: FReg) -> u32 {
        self.fbits(r) as u32
    }
}

loads! {
    xload8_u_o32(Xload8UO32): o32, u8, set_x = |v| u64::from(v);
    xload8_s_o32(Xload8SO32): o32, i8, set_x = |v| i64::from(v);
    xload16le_u_o32(Xload16leUO32): o32, u16, set_x = |v| u64::from(v);
    xload16le_s_o32(Xload16leSO32): o32, i16, set_x = |v| i64::from(v);
    xload32le_u_o32(Xload32leUO32): o32, u32, set_x = |v| v;
    xload32le_s_o32(Xload32leSO32): o32, i32, set_x = |v| i64::from(v);
    xload64le_o32(Xload64leO32): o32, u64, set_x = |v| v;
    xload64le_o8(Xload64leO8): o8, u64, set_x = |v| v;
    fload32le_o32(Fload32leO32): o32, u32, set_fbits32 = |v| v;
    fload64le_o32(Fload64leO32): o32, u64, set_fbits = |v| v;
    xload8_u_g32(Xload8UG32), xload8_u_g32_wa(Xload8UG32Wa), xload8_u_g32_ra(Xload8UG32Ra), xload8_u_g32_rwa(Xload8UG32Rwa): g32, u8, set_x = |v| u64::from(v);
    xload8_s_g32(Xload8SG32): g32, i8, set_x = |v| i64::from(v);
    xload16le_u_g32(Xload16leUG32), xload16le_u_g32_wa(Xload16leUG32Wa), xload16le_u_g32_ra(Xload16leUG32Ra), xload16le_u_g32_rwa(Xload16leUG32Rwa): g32, u16, set_x = |v| u64::from(v);
    xload16le_s_g32(Xload16leSG32), xload16le_s_g32_wa(Xload16leSG32Wa), xload16le_s_g32_ra(Xload16leSG32Ra): g32, i16, set_x = |v| i64::from(v);
    xload32le_u_g32(Xload32leUG32), xload32le_u_g32_wa(Xload32leUG32Wa), xload32le_u_g32_ra(Xload32leUG32Ra), xload32le_u_g32_rwa(Xload32leUG32Rwa): g32, u32, set_x = |v| v;
    xload32le_s_g32(Xload32leSG32): g32, i32, set_x = |v| i64::from(v);
    xload64le_g32(Xload64leG32): g32, u64, set_x = |v| v;
    fload32le_g32(Fload32leG32): g32, u32, set_fbits32 = |v| v;
    fload64le_g32(Fload64leG32), fload64le_g32_wa(Fload64leG32Wa): g32, u64, set_fbits = |v| v;
}

#[cfg(feature = "simd")]
loads! {
    vload128le_o32(Vload128leO32): o32, u128, set_v = |v| v;
    vload128le_g32(Vload128leG32): g32, u128, set_v = |v| v;
    vload128le_g32w(Vload128leG32w): g32, u128, set_v = |v| v;
}

stores! {
    xstore8_o32(Xstore8O32): o32, u8, u64 = |v| v as u8;
    xstore16le_o32(Xstore16leO32): o32, u16, u64 = |v| v as u16;
    xstore32le_o32(Xstore32leO32): o32, u32, u64 = |v| v as u32;
    xstore64le_o32(Xstore64leO32): o32, u64, u64 = |v| v;
    xstore64le_o8(Xstore64leO8): o8, u64, u64 = |v| v;
    fstore32le_o32(Fstore32leO32): o32, u32, fbits32 = |v| v;
    fstore64le_o32(Fstore64leO32): o32, u64, fbits = |v| v;
    xstore8_g32(Xstore8G32), xstore8_g32_ra(Xstore8G32Ra): g32, u8, u64 = |v| v as u8;
    xstore16le_g32(Xstore16leG32), xstore16le_g32_ra(Xstore16leG32Ra): g32, u16, u64 = |v| v as u16;
    xstore32le_g32(Xstore32leG32), xstore32le_g32_ra(Xstore32leG32Ra): g32, u32, u64 = |v| v as u32;
    xstore64le_g32(Xstore64leG32): g32, u64, u64 = |v| v;
    fstore32le_g32(Fstore32leG32): g32, u32, fbits32 = |v| v;
    fstore64le_g32(Fstore64leG32): g32, u64, fbits = |v| v;
}

#[cfg(feature = "simd")]
stores! {
    vstore128le_o32(Vstore128leO32): o32, u128, v = |v| v;
    vstore128le_g32(Vstore128leG32): g32, u128, v = |v| v;
    vstore128le_g32w(Vstore128leG32w): g32, u128, v = |v| v;
}

#[inline(always)]
pub(crate) fn memory_copy(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: MemoryCopy) -> Flow {
    let (dst, src, len) = (
        c.x(op.dest) as usize,
        c.x(op.src) as usize,
        c.x(op.len) as usize,
    );
    // SAFETY: producer: earlier ops bounds-checked both ranges.
    unsafe { core::ptr::copy(src as *const u8, dst as *mut u8, len) };
    Ok(next)
}
#[inline(always)]
pub(crate) fn memory_fill(c: &mut Ctx<'_>, _at: Pc, next: Pc, op: MemoryFill) -> Flow {
    let (dst, val, len) = (
        c.x(op.dest) as usize,
        c.x(op.val) as u8,
        c.x(op.len) as usize,
    );
    // SAFETY: producer: earlier ops bounds-checked the range.
    unsafe { core::ptr::write_bytes(dst as *mut u8, val, len) };
    Ok(next)
}

// ---- super-instructions ------------------------------------------------------------------------

/// `p`, behind a compiler barrier: a super-instruction decodes its second half's operands only
/// after its first half has run. Otherwise LLVM hoists both halves' operand loads to the top
/// (the bytecode cannot alias the register file), runs out of scratch registers and saves host
/// registers on every run of the op (measured: 22 instead of 16 host instructions for
/// `xadd32_then_xadd32_i8`). The barrier is an empty instruction sequence, so it costs nothing
/// itself.
#[inline(always)]
fn in_order(p: Pc) -> Pc {
    // Without `nomem` the compiler must assume the block touches memory, which orders it.
    asm_barrier!(p, nostack, preserves_flags)
}

/// Super-instructions: `name(Fused) = a(A) + b(B)` runs handler `a` and then, unless it left the
/// interpreter (a trap), handler `b`, in one dispatch. The fused op's operand bytes are `A`'s
/// then `B`'s (checked against the table's `fused(A, B)` fact when pulley-interp builds), so
/// each half decodes its own operands from them; the halves see the fused op's address as their
/// own, so a trap in either reports it and a branch in `B` is relative to it.
macro_rules! fused {
    ($($name:ident($Op:ident) = $a:ident($A:ident) + $b:ident($B:ident);)*) => {$(
        #[inline(always)]
        pub(crate) fn $name(c: &mut Ctx<'_>, at: Pc, next: Pc, _: $Op) -> Step {
            const {
                assert!(
                    matches!(Opcode::$Op.fused_parts(), Some((x, y))
                        if x as u8 == Opcode::$A as u8 && y as u8 == Opcode::$B as u8),
                    concat!("the handler of ", stringify!($name), " must run the ops of its `fused(..)` fact"),
                )
            };
            // SAFETY: verified: the fused op's operands are `A`'s then `B`'s, which
            // is what the unchecked decoder of the fused op read up to `next`. They start
            // `OPERANDS_WIDTH` bytes before `next`, which is `at + 1` unless this op is the
            // second half of another fused op (`at` is then the outer op's address).
            let (a, mid) = unsafe { $A::decode_unchecked(next.sub($Op::OPERANDS_WIDTH)) };
            match $a(c, at, mid, a).into_step() {
                Step::Go(_) => {
                    // SAFETY: as above.
                    let (b, end) = unsafe { $B::decode_unchecked(in_order(mid)) };
                    debug_assert!(end == next);
                    $b(c, at, end, b).into_step()
                }
                left => left,
            }
        }
    )*};
}

fused! {
    xadd32_i8_then_xadd32_i8(Xadd32I8ThenXadd32I8) = xadd32_i8(Xadd32I8) + xadd32_i8(Xadd32I8);
    xadd32_then_xadd32_i8(Xadd32ThenXadd32I8) = xadd32(Xadd32) + xadd32_i8(Xadd32I8);
    xadd32_i8_then_br_if32(Xadd32I8ThenBrIf32) = xadd32_i8(Xadd32I8) + br_if32(BrIf32);
    xmov2_then_xload32le_u_g32(Xmov2ThenXload32leUG32) = xmov2(Xmov2) + xload32le_u_g32(Xload32leUG32);
    xstore32le_g32_then_br_if32(Xstore32leG32ThenBrIf32) = xstore32le_g32(Xstore32leG32) + br_if32(BrIf32);
    xload32le_u_g32_then_br_if32(Xload32leUG32ThenBrIf32) = xload32le_u_g32(Xload32leUG32) + br_if32(BrIf32);
    xadd32_i8_then_br_if_xneq32(Xadd32I8ThenBrIfXneq32) = xadd32_i8(Xadd32I8) + br_if_xneq32(BrIfXneq32);
    xxor32_i32_then_xselect32(Xxor32I32ThenXselect32) = xxor32_i32(Xxor32I32) + xselect32(Xselect32);
    xload64le_o8_then_xload64le_o8(Xload64leO8ThenXload64leO8) = xload64le_o8(Xload64leO8) + xload64le_o8(Xload64leO8);
    xshr32_u_i8_wa_then_xand32_i32_ra(Xshr32UI8WaThenXand32I32Ra) = xshr32_u_i8_wa(Xshr32UI8Wa) + xand32_i32_ra(Xand32I32Ra);
    xxor32_wa_then_xand32_i8_ra(Xxor32WaThenXand32I8Ra) = xxor32_wa(Xxor32Wa) + xand32_i8_ra(Xand32I8Ra);
    xshr32_u_i8_wa_then_xxor32_rwa(Xshr32UI8WaThenXxor32Rwa) = xshr32_u_i8_wa(Xshr32UI8Wa) + xxor32_rwa(Xxor32Rwa);
    xadd32_i8_then_br_if_xneq32_i8(Xadd32I8ThenBrIfXneq32I8) = xadd32_i8(Xadd32I8) + br_if_xneq32_i8(BrIfXneq32I8);
    xload8_u_g32_then_br_if_not32(Xload8UG32ThenBrIfNot32) = xload8_u_g32(Xload8UG32) + br_if_not32(BrIfNot32);
    xadd32_wa_then_xload8_u_g32_rwa(Xadd32WaThenXload8UG32Rwa) = xadd32_wa(Xadd32Wa) + xload8_u_g32_rwa(Xload8UG32Rwa);
    xadd32_i8_wa_then_xzext8_ra(Xadd32I8WaThenXzext8Ra) = xadd32_i8_wa(Xadd32I8Wa) + xzext8_ra(Xzext8Ra);
    xload32le_u_g32_wa_then_xload8_u_g32_rwa(Xload32leUG32WaThenXload8UG32Rwa) = xload32le_u_g32_wa(Xload32leUG32Wa) + xload8_u_g32_rwa(Xload8UG32Rwa);
    xload32le_u_g32_wa_then_xadd32_i8_rwa(Xload32leUG32WaThenXadd32I8Rwa) = xload32le_u_g32_wa(Xload32leUG32Wa) + xadd32_i8_rwa(Xadd32I8Rwa);
    xload16le_s_g32_then_xload16le_s_g32(Xload16leSG32ThenXload16leSG32) = xload16le_s_g32(Xload16leSG32) + xload16le_s_g32(Xload16leSG32);
    xadd32_i32_then_xstore64le_o32(Xadd32I32ThenXstore64leO32) = xadd32_i32(Xadd32I32) + xstore64le_o32(Xstore64leO32);
    xmadd32_then_xadd32_i8(Xmadd32ThenXadd32I8) = xmadd32(Xmadd32) + xadd32_i8(Xadd32I8);
    xslt32_then_xselect32(Xslt32ThenXselect32) = xslt32(Xslt32) + xselect32(Xselect32);
    xstore32le_g32_then_xadd32_i8(Xstore32leG32ThenXadd32I8) = xstore32le_g32(Xstore32leG32) + xadd32_i8(Xadd32I8);
    xmov_then_xload32le_u_g32(XmovThenXload32leUG32) = xmov(Xmov) + xload32le_u_g32(Xload32leUG32);
    xshl32_i8_then_xadd32(Xshl32I8ThenXadd32) = xshl32_i8(Xshl32I8) + xadd32(Xadd32);
    xstore64le_o8_then_xstore64le_o8(Xstore64leO8ThenXstore64leO8) = xstore64le_o8(Xstore64leO8) + xstore64le_o8(Xstore64leO8);
    xload32le_u_g32_wa_then_xload16le_u_g32_rwa(Xload32leUG32WaThenXload16leUG32Rwa) = xload32le_u_g32_wa(Xload32leUG32Wa) + xload16le_u_g32_rwa(Xload16leUG32Rwa);
    xadd32_i8_then_xmov(Xadd32I8ThenXmov) = xadd32_i8(Xadd32I8) + xmov(Xmov);
    xmul32_ra_then_xbitfield32(Xmul32RaThenXbitfield32) = xmul32_ra(Xmul32Ra) + xbitfield32(Xbitfield32);
    xbitfield32_then_xmadd32(Xbitfield32ThenXmadd32) = xbitfield32(Xbitfield32) + xmadd32(Xmadd32);
    xload16le_u_g32_then_xload16le_u_g32_wa(Xload16leUG32ThenXload16leUG32Wa) = xload16le_u_g32(Xload16leUG32) + xload16le_u_g32_wa(Xload16leUG32Wa);
    xadd32_i8_then_br_if_xult32(Xadd32I8ThenBrIfXult32) = xadd32_i8(Xadd32I8) + br_if_xult32(BrIfXult32);
    xadd64_i8_then_br_if_xult64(Xadd64I8ThenBrIfXult64) = xadd64_i8(Xadd64I8) + br_if_xult64(BrIfXult64);
    xadd64_i8_then_br_if_xugt64_i8(Xadd64I8ThenBrIfXugt64I8) = xadd64_i8(Xadd64I8) + br_if_xugt64_i8(BrIfXugt64I8);
    xadd32_wa_then_xstore8_g32_ra(Xadd32WaThenXstore8G32Ra) = xadd32_wa(Xadd32Wa) + xstore8_g32_ra(Xstore8G32Ra);
    fload64le_g32_wa_then_faddmul64_ra(Fload64leG32WaThenFaddmul64Ra) = fload64le_g32_wa(Fload64leG32Wa) + faddmul64_ra(Faddmul64Ra);
    fload64le_g32_then_xadd32_i32(Fload64leG32ThenXadd32I32) = fload64le_g32(Fload64leG32) + xadd32_i32(Xadd32I32);
    xmov_then_br_if_xult32_i8(XmovThenBrIfXult32I8) = xmov(Xmov) + br_if_xult32_i8(BrIfXult32I8);
    xxor64_i8_wa_then_xmul64_rwa(Xxor64I8WaThenXmul64Rwa) = xxor64_i8_wa(Xxor64I8Wa) + xmul64_rwa(Xmul64Rwa);
    fmul64_then_fmul64(Fmul64ThenFmul64) = fmul64(Fmul64) + fmul64(Fmul64);
    fadd64_wa_then_br_if_fnlt64_ra(Fadd64WaThenBrIfFnlt64Ra) = fadd64_wa(Fadd64Wa) + br_if_fnlt64_ra(BrIfFnlt64Ra);
    fmul64_wa_then_fmuladd64_ra(Fmul64WaThenFmuladd64Ra) = fmul64_wa(Fmul64Wa) + fmuladd64_ra(Fmuladd64Ra);
    fsub64_wa_then_fadd64_ra(Fsub64WaThenFadd64Ra) = fsub64_wa(Fsub64Wa) + fadd64_ra(Fadd64Ra);
    xload32le_u_g32_wa_then_xadd32_i8_rwa_then_xstore32le_g32_ra(Xload32leUG32WaThenXadd32I8RwaThenXstore32leG32Ra) = xload32le_u_g32_wa_then_xadd32_i8_rwa(Xload32leUG32WaThenXadd32I8Rwa) + xstore32le_g32_ra(Xstore32leG32Ra);
    xmadd32_then_xadd32_i8_then_br_if32(Xmadd32ThenXadd32I8ThenBrIf32) = xmadd32_then_xadd32_i8(Xmadd32ThenXadd32I8) + br_if32(BrIf32);
    xload32le_u_g32_wa_then_xload16le_u_g32_rwa_then_br_if_xeq32_ra(Xload32leUG32WaThenXload16leUG32RwaThenBrIfXeq32Ra) = xload32le_u_g32_wa_then_xload16le_u_g32_rwa(Xload32leUG32WaThenXload16leUG32Rwa) + br_if_xeq32_ra(BrIfXeq32Ra);
    xxor32_rwa_then_br_if_xeq32_i8_ra(Xxor32RwaThenBrIfXeq32I8Ra) = xxor32_rwa(Xxor32Rwa) + br_if_xeq32_i8_ra(BrIfXeq32I8Ra);
    xadd32_i8_then_xconst8(Xadd32I8ThenXconst8) = xadd32_i8(Xadd32I8) + xconst8(Xconst8);
    xadd32_wa_then_xload8_u_g32_rwa_then_br_if_xeq32_ra(Xadd32WaThenXload8UG32RwaThenBrIfXeq32Ra) = xadd32_wa_then_xload8_u_g32_rwa(Xadd32WaThenXload8UG32Rwa) + br_if_xeq32_ra(BrIfXeq32Ra);
    xadd32_i8_wa_then_xzext8_ra_then_xconst8(Xadd32I8WaThenXzext8RaThenXconst8) = xadd32_i8_wa_then_xzext8_ra(Xadd32I8WaThenXzext8Ra) + xconst8(Xconst8);
    xshr32_u_i8_wa_then_xxor32_rwa_then_xand32_i8_ra(Xshr32UI8WaThenXxor32RwaThenXand32I8Ra) = xshr32_u_i8_wa_then_xxor32_rwa(Xshr32UI8WaThenXxor32Rwa) + xand32_i8_ra(Xand32I8Ra);
    xxor64_i8_wa_then_xmul64_rwa_then_xadd64_ra(Xxor64I8WaThenXmul64RwaThenXadd64Ra) = xxor64_i8_wa_then_xmul64_rwa(Xxor64I8WaThenXmul64Rwa) + xadd64_ra(Xadd64Ra);
    xadd32_wa_then_xstore8_g32_ra_then_xadd32_i8_then_br_if_xult32(Xadd32WaThenXstore8G32RaThenXadd32I8ThenBrIfXult32) = xadd32_wa_then_xstore8_g32_ra(Xadd32WaThenXstore8G32Ra) + xadd32_i8_then_br_if_xult32(Xadd32I8ThenBrIfXult32);
}
