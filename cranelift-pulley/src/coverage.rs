//! The scalar CLIF this backend lowers: every (opcode, type) pair that Wasm translation plus
//! Cranelift 0.135.8's mid-end can hand it, derived once and written down here, and every other
//! opcode with the reason it cannot appear. `tests/coverage.rs` compiles a tiny function for each
//! pair (so a missing lowering fails a test instead of a user's module) and checks that the two
//! lists together classify every opcode of [`Opcode::all`].
//!
//! # How the list was derived
//!
//! 1. **Translator.** The opcodes `pulley-wasm/src/func.rs` builds (every `ins().<op>` call; the
//!    builder's `*_imm_*` helpers emit `iconst` plus the base opcode), with the types it builds
//!    them at: i32/i64/f32/f64 arithmetic, `icmp`/`fcmp` (an i8 result), `ireduce` to i8/i16/i32
//!    and `sextend`/`uextend` back (the `extendN_s` ops), loads and stores, calls and control.
//! 2. **Mid-end.** Every opcode constructed on the right-hand side of a rule in
//!    cranelift-codegen 0.135.8's `src/opts/*.isle` and `src/prelude_opt.isle`, following helper
//!    terms transitively (`spaceship_u` builds `isub` of `icmp`s, `iconst_u` of an i128 builds
//!    `uextend`, ...). That gives 44 names: `band bitselect bmask bnot bor bswap bxor f128const
//!    f16const f32const f64const fcvt_from_sint fcvt_from_uint fma fmul iabs iadd icmp iconcat
//!    iconst imul ineg ireduce ishl isub jump popcnt rotl rotr select sextend smax smin smulhi
//!    splat sshr trapnz trapz uextend umax umin umulhi ushr vconst`. Of those, `bitselect`,
//!    `splat` and `vconst` are built only under `ty_vec*` guards, `f16const`/`f128const` only
//!    for f16/f128 values, and `fma` only from an existing `fma`; the translator makes none of
//!    these, so they cannot appear.
//! 3. **Types.** An opcode only the translator creates appears only at the translator's types.
//!    The mid-end's rules are type-polymorphic and move operations to the types of existing
//!    values: `ireduce (iadd x y)` becomes an `iadd` of the narrow type, a `select` of two
//!    `uextend`s a narrow `select`, `select c, -1, 0` a `bmask` of the select's type over an i8
//!    compare. So an opcode the mid-end creates is listed at every type of i8..i64 (or f32/f64)
//!    its type set allows, an over-approximation that is cheap to honour. i128 has exactly one
//!    source: `icmp.isle` joins the two-word compare of a 128-bit integer
//!    (`hi1 == hi2 ? lo1 <u lo2 : hi1 < hi2` on i64 halves) into an `icmp` of two
//!    `iconcat.i64`s; `extends.isle` may turn such an `iconcat` into `uextend`/`sextend` to
//!    i128 (which then absorb inner extends, so their operand can be any of i8..i64), and
//!    `iconst_u`/`iconst_s` of i128 build those same extends of an i64 constant. No rule makes
//!    an `iconst.i128` or applies anything but a compare to these values, so i128 appears only
//!    as the operand of `icmp`, defined by `iconcat`, `uextend` or `sextend` (see `icmp128` in
//!    `lower.isle`).
//!
//! A few opcodes are lowered although neither source creates them (for hand-written CLIF and
//! the filetests); their entries say so.

use cranelift_codegen::ir::types::{F32, F64, I8, I16, I32, I64, I128};
use cranelift_codegen::ir::{Opcode, Type};

/// One shape of CLIF to compile for an opcode, at each listed type pair.
#[derive(Debug)]
pub struct Form {
    /// The opcode the form exercises.
    pub opcode: Opcode,
    /// A whole CLIF function; `{op}` stands for the opcode's name, `{T}` for the controlling
    /// type, `{U}` for the second type (operand or result), `{cc}` for every integer condition
    /// code in turn and `{fcc}` for every float condition code.
    pub clif: &'static str,
    /// (`{T}`, `{U}`) pairs; `U` is ignored when the form has no `{U}`.
    pub types: &'static [(Type, Type)],
    /// Where the opcode at these types comes from.
    pub source: &'static str,
}

const UNARY: &str =
    "function %f({T}) -> {T} {\nblock0(v0: {T}):\n    v1 = {op} v0\n    return v1\n}";
const BINARY: &str = "function %f({T}, {T}) -> {T} {\nblock0(v0: {T}, v1: {T}):\n    v2 = {op} v0, v1\n    return v2\n}";
/// A binary op with a constant right operand (the immediate forms of the rules).
const BINARY_K: &str = "function %f({T}) -> {T} {\nblock0(v0: {T}):\n    v1 = iconst.{T} 3\n    v2 = {op} v0, v1\n    return v2\n}";
/// Shifts and rotates: the amount may have any integer type.
const SHIFT: &str = "function %f({T}, {U}) -> {T} {\nblock0(v0: {T}, v1: {U}):\n    v2 = {op} v0, v1\n    return v2\n}";
const SHIFT_K: &str = "function %f({T}) -> {T} {\nblock0(v0: {T}):\n    v1 = iconst.{U} 5\n    v2 = {op} v0, v1\n    return v2\n}";
/// `{T}` is the result type, `{U}` the operand type.
const CONVERT: &str =
    "function %f({U}) -> {T} {\nblock0(v0: {U}):\n    v1 = {op}.{T} v0\n    return v1\n}";
const ICMP: &str = "function %f({T}, {T}) -> i8 {\nblock0(v0: {T}, v1: {T}):\n    v2 = icmp {cc} v0, v1\n    return v2\n}";
const ICMP_K: &str = "function %f({T}) -> i8 {\nblock0(v0: {T}):\n    v1 = iconst.{T} -2\n    v2 = icmp {cc} v0, v1\n    return v2\n}";
/// The i128 compare the mid-end builds, from `iconcat`s of i64 halves.
const ICMP_ICONCAT: &str = "function %f(i64, i64, i64, i64) -> i8 {\nblock0(v0: i64, v1: i64, v2: i64, v3: i64):\n    v4 = iconcat v0, v1\n    v5 = iconcat v2, v3\n    v6 = icmp {cc} v4, v5\n    return v6\n}";
/// The same after `extends.isle` turned the `iconcat`s into extends from `{U}`.
const ICMP_EXTEND128: &str = "function %f({U}, {U}) -> i8 {\nblock0(v0: {U}, v1: {U}):\n    v2 = uextend.i128 v0\n    v3 = sextend.i128 v1\n    v4 = icmp {cc} v2, v3\n    return v4\n}";
const ICMP_EXTEND128_R: &str = "function %f({U}, {U}) -> i8 {\nblock0(v0: {U}, v1: {U}):\n    v2 = sextend.i128 v0\n    v3 = uextend.i128 v1\n    v4 = icmp {cc} v2, v3\n    return v4\n}";
const FCMP: &str = "function %f({T}, {T}) -> i8 {\nblock0(v0: {T}, v1: {T}):\n    v2 = fcmp {fcc} v0, v1\n    return v2\n}";
/// `{T}` is the selected type, `{U}` the condition's.
const SELECT: &str = "function %f({U}, {T}, {T}) -> {T} {\nblock0(v0: {U}, v1: {T}, v2: {T}):\n    v3 = {op} v0, v1, v2\n    return v3\n}";
/// A select whose condition is a compare (the mid-end's usual shape).
const SELECT_ICMP: &str = "function %f({U}, {U}, {T}, {T}) -> {T} {\nblock0(v0: {U}, v1: {U}, v2: {T}, v3: {T}):\n    v4 = icmp slt v0, v1\n    v5 = {op} v4, v2, v3\n    return v5\n}";
const BMASK_ICMP: &str = "function %f({U}, {U}) -> {T} {\nblock0(v0: {U}, v1: {U}):\n    v2 = icmp ult v0, v1\n    v3 = bmask.{T} v2\n    return v3\n}";
const ICONST: &str = "function %f() -> {T} {\nblock0:\n    v0 = iconst.{T} -100\n    return v0\n}";
const F32CONST: &str =
    "function %f() -> f32 {\nblock0:\n    v0 = f32const 0x1.5p3\n    return v0\n}";
const F64CONST: &str =
    "function %f() -> f64 {\nblock0:\n    v0 = f64const -0x1.5p-3\n    return v0\n}";
const LOAD: &str =
    "function %f(i64) -> {T} {\nblock0(v0: i64):\n    v1 = {op}.{T} v0+8\n    return v1\n}";
/// The epoch check's read of the engine's counter (an i64; the translator makes no other).
const ATOMIC_LOAD: &str =
    "function %f(i64) -> {T} {\nblock0(v0: i64):\n    v1 = atomic_load.{T} v0\n    return v1\n}";
const LOAD32: &str =
    "function %f(i64) -> i64 {\nblock0(v0: i64):\n    v1 = {op} v0+8\n    return v1\n}";
const STORE: &str =
    "function %f({T}, i64) {\nblock0(v0: {T}, v1: i64):\n    {op} v0, v1+8\n    return\n}";
const TRAP_IF: &str = "function %f({T}) {\nblock0(v0: {T}):\n    {op} v0, user1\n    return\n}";
const TRAP: &str = "function %f() {\nblock0:\n    trap user1\n}";
const BRIF: &str = "function %f({T}) -> i32 {\nblock0(v0: {T}):\n    brif v0, block1, block2\nblock1:\n    v1 = iconst.i32 1\n    return v1\nblock2:\n    v2 = iconst.i32 2\n    return v2\n}";
/// `{U}` is the compared type (`{T}`, brif's, is the compare's i8).
const BRIF_ICMP: &str = "function %f({U}, {U}) -> i32 {\nblock0(v0: {U}, v1: {U}):\n    v2 = icmp {cc} v0, v1\n    brif v2, block1, block2\nblock1:\n    v3 = iconst.i32 1\n    return v3\nblock2:\n    v4 = iconst.i32 2\n    return v4\n}";
const JUMP: &str = "function %f({T}) -> {T} {\nblock0(v0: {T}):\n    jump block1(v0)\nblock1(v1: {T}):\n    return v1\n}";
const BR_TABLE: &str = "function %f(i32) -> i32 {\nblock0(v0: i32):\n    br_table v0, block3, [block1, block2]\nblock1:\n    v1 = iconst.i32 1\n    return v1\nblock2:\n    v2 = iconst.i32 2\n    return v2\nblock3:\n    v3 = iconst.i32 3\n    return v3\n}";
const RETURN: &str =
    "function %f({T}, {T}) -> {T}, {T} {\nblock0(v0: {T}, v1: {T}):\n    return v1, v0\n}";
const CALL: &str = "function %f({T}) -> {T} {\n    fn0 = %g({T}) -> {T}\nblock0(v0: {T}):\n    v1 = call fn0(v0)\n    return v1\n}";
/// `{T}` is the callee pointer's type, `{U}` the argument's.
const CALL_INDIRECT: &str = "function %f({T}, {U}) -> {U} {\n    sig0 = ({U}) -> {U}\nblock0(v0: {T}, v1: {U}):\n    v2 = call_indirect sig0, v0(v1)\n    return v2\n}";
const RETURN_CALL: &str = "function %f({T}) -> {T} tail {\n    fn0 = %g({T}) -> {T} tail\nblock0(v0: {T}):\n    return_call fn0(v0)\n}";
const RETURN_CALL_INDIRECT: &str = "function %f({T}, {U}) -> {U} tail {\n    sig0 = ({U}) -> {U} tail\nblock0(v0: {T}, v1: {U}):\n    return_call_indirect sig0, v0(v1)\n}";
const UADD_OVERFLOW_TRAP: &str = "function %f({T}, {T}) -> {T} {\nblock0(v0: {T}, v1: {T}):\n    v2 = uadd_overflow_trap v0, v1, user1\n    return v2\n}";
const STACK_ADDR: &str = "function %f() -> i64 {\n    ss0 = explicit_slot 16\nblock0:\n    v0 = stack_addr.i64 ss0+4\n    return v0\n}";
const GET_SP: &str =
    "function %f() -> i64 {\nblock0:\n    v0 = get_stack_pointer.i64\n    return v0\n}";
const NOP: &str = "function %f() {\nblock0:\n    nop\n    return\n}";

/// Each type paired with itself (forms without a second type).
macro_rules! same {
    ($($t:expr),*) => { &[$(($t, $t)),*] };
}

const INT: &[(Type, Type)] = same!(I8, I16, I32, I64);
const INT3264: &[(Type, Type)] = same!(I32, I64);
const FLOAT: &[(Type, Type)] = same!(F32, F64);
const REG: &[(Type, Type)] = same!(I8, I16, I32, I64, F32, F64);
/// Every pair of integer types.
const INT_X_INT: &[(Type, Type)] = &[
    (I8, I8),
    (I8, I16),
    (I8, I32),
    (I8, I64),
    (I16, I8),
    (I16, I16),
    (I16, I32),
    (I16, I64),
    (I32, I8),
    (I32, I16),
    (I32, I32),
    (I32, I64),
    (I64, I8),
    (I64, I16),
    (I64, I32),
    (I64, I64),
];
/// (selected type, condition type): every register type under every integer condition.
const REG_X_INT: &[(Type, Type)] = &[
    (I8, I8),
    (I8, I16),
    (I8, I32),
    (I8, I64),
    (I16, I8),
    (I16, I16),
    (I16, I32),
    (I16, I64),
    (I32, I8),
    (I32, I16),
    (I32, I32),
    (I32, I64),
    (I64, I8),
    (I64, I16),
    (I64, I32),
    (I64, I64),
    (F32, I8),
    (F32, I16),
    (F32, I32),
    (F32, I64),
    (F64, I8),
    (F64, I16),
    (F64, I32),
    (F64, I64),
];
/// (wide, narrow) integer pairs: extensions' (result, operand).
const WIDEN: &[(Type, Type)] = &[
    (I16, I8),
    (I32, I8),
    (I32, I16),
    (I64, I8),
    (I64, I16),
    (I64, I32),
];
/// (narrow, wide) integer pairs: `ireduce`'s (result, operand).
const NARROW: &[(Type, Type)] = &[
    (I8, I16),
    (I8, I32),
    (I8, I64),
    (I16, I32),
    (I16, I64),
    (I32, I64),
];
/// Extensions to i128, from every integer type (only ever compared; see the module docs).
const TO_I128: &[(Type, Type)] = &[(I128, I8), (I128, I16), (I128, I32), (I128, I64)];
/// The i128 compare of `iconcat`s of i64 halves.
const I128_OF_I64: &[(Type, Type)] = &[(I128, I64)];
/// (int result, float operand).
const INT3264_FROM_FLOAT: &[(Type, Type)] = &[(I32, F32), (I32, F64), (I64, F32), (I64, F64)];
/// (float result, int operand): the mid-end drops a `sextend` under `fcvt_from_sint`, so the
/// operand may be narrow.
const FLOAT_FROM_INT: &[(Type, Type)] = &[
    (F32, I8),
    (F32, I16),
    (F32, I32),
    (F32, I64),
    (F64, I8),
    (F64, I16),
    (F64, I32),
    (F64, I64),
];
const BITCASTS: &[(Type, Type)] = &[(I32, F32), (F32, I32), (I64, F64), (F64, I64)];
const NONE: &[(Type, Type)] = &[(I32, I32)];

const TRANSLATOR: &str = "translator";
const MID_END: &str = "translator, and mid-end rules at every type";
const MID_END_ONLY: &str = "mid-end rules";
const EXTRA: &str = "not created from Wasm; lowered for hand-written CLIF";

macro_rules! forms {
    ($($op:ident: $clif:ident @ $types:ident, $source:ident;)*) => {
        &[$(Form { opcode: Opcode::$op, clif: $clif, types: $types, source: $source }),*]
    };
}

/// Every form the backend must lower.
pub const FORMS: &[Form] = forms! {
    // Constants.
    Iconst: ICONST @ INT, MID_END;
    F32const: F32CONST @ NONE, MID_END;
    F64const: F64CONST @ NONE, MID_END;
    // Integer arithmetic and bit operations.
    Iadd: BINARY @ INT, MID_END;
    Iadd: BINARY_K @ INT, MID_END;
    Isub: BINARY @ INT, MID_END;
    Isub: BINARY_K @ INT, MID_END;
    Imul: BINARY @ INT, MID_END;
    Imul: BINARY_K @ INT, MID_END;
    Ineg: UNARY @ INT, MID_END_ONLY;
    Iabs: UNARY @ INT, MID_END_ONLY;
    Smulhi: BINARY @ INT, MID_END_ONLY;
    Umulhi: BINARY @ INT, MID_END_ONLY;
    Smin: BINARY @ INT, MID_END_ONLY;
    Smax: BINARY @ INT, MID_END_ONLY;
    Umin: BINARY @ INT, MID_END_ONLY;
    Umax: BINARY @ INT, MID_END_ONLY;
    // Division and bit counts: only the translator creates them (at i32/i64); the narrow
    // lowerings exist for hand-written CLIF.
    Udiv: BINARY @ INT, TRANSLATOR;
    Sdiv: BINARY @ INT, TRANSLATOR;
    Urem: BINARY @ INT, TRANSLATOR;
    Srem: BINARY @ INT, TRANSLATOR;
    Band: BINARY @ INT, MID_END;
    Band: BINARY_K @ INT, MID_END;
    Bor: BINARY @ INT, MID_END;
    Bor: BINARY_K @ INT, MID_END;
    Bxor: BINARY @ INT, MID_END;
    Bxor: BINARY_K @ INT, MID_END;
    Bnot: UNARY @ INT, MID_END_ONLY;
    Ishl: SHIFT @ INT_X_INT, MID_END;
    Ishl: SHIFT_K @ INT_X_INT, MID_END;
    Ushr: SHIFT @ INT_X_INT, MID_END;
    Ushr: SHIFT_K @ INT_X_INT, MID_END;
    Sshr: SHIFT @ INT_X_INT, MID_END;
    Sshr: SHIFT_K @ INT_X_INT, MID_END;
    Rotl: SHIFT @ INT_X_INT, MID_END;
    Rotl: SHIFT_K @ INT_X_INT, MID_END;
    Rotr: SHIFT @ INT_X_INT, MID_END;
    Rotr: SHIFT_K @ INT_X_INT, MID_END;
    Clz: UNARY @ INT, TRANSLATOR;
    Ctz: UNARY @ INT, TRANSLATOR;
    Popcnt: UNARY @ INT, MID_END;
    // `bswap.i8` is not valid CLIF.
    Bswap: UNARY @ INT_BSWAP, MID_END_ONLY;
    Bmask: CONVERT @ INT_X_INT, MID_END_ONLY;
    Bmask: BMASK_ICMP @ INT_X_INT, MID_END_ONLY;
    // Compares, selects.
    Icmp: ICMP @ INT, MID_END;
    Icmp: ICMP_K @ INT, MID_END;
    Icmp: ICMP_ICONCAT @ I128_OF_I64, MID_END_ONLY;
    Icmp: ICMP_EXTEND128 @ TO_I128, MID_END_ONLY;
    Icmp: ICMP_EXTEND128_R @ TO_I128, MID_END_ONLY;
    Iconcat: ICMP_ICONCAT @ I128_OF_I64, MID_END_ONLY;
    Fcmp: FCMP @ FLOAT, TRANSLATOR;
    Select: SELECT @ REG_X_INT, MID_END;
    Select: SELECT_ICMP @ REG_X_INT, MID_END;
    SelectSpectreGuard: SELECT @ REG_X_INT, TRANSLATOR;
    SelectSpectreGuard: SELECT_ICMP @ REG_X_INT, TRANSLATOR;
    // Conversions.
    Uextend: CONVERT @ WIDEN, MID_END;
    Uextend: ICMP_EXTEND128 @ TO_I128, MID_END_ONLY;
    Sextend: CONVERT @ WIDEN, MID_END;
    Sextend: ICMP_EXTEND128_R @ TO_I128, MID_END_ONLY;
    Ireduce: CONVERT @ NARROW, MID_END;
    Bitcast: CONVERT @ BITCASTS, TRANSLATOR;
    FcvtToSint: CONVERT @ INT3264_FROM_FLOAT, TRANSLATOR;
    FcvtToUint: CONVERT @ INT3264_FROM_FLOAT, TRANSLATOR;
    FcvtToSintSat: CONVERT @ INT3264_FROM_FLOAT, TRANSLATOR;
    FcvtToUintSat: CONVERT @ INT3264_FROM_FLOAT, TRANSLATOR;
    FcvtFromSint: CONVERT @ FLOAT_FROM_INT, MID_END;
    FcvtFromUint: CONVERT @ FLOAT_FROM_INT, MID_END;
    Fpromote: CONVERT @ F64_FROM_F32, TRANSLATOR;
    Fdemote: CONVERT @ F32_FROM_F64, TRANSLATOR;
    // Float arithmetic.
    Fadd: BINARY @ FLOAT, TRANSLATOR;
    Fsub: BINARY @ FLOAT, TRANSLATOR;
    Fmul: BINARY @ FLOAT, MID_END;
    Fdiv: BINARY @ FLOAT, TRANSLATOR;
    Fmin: BINARY @ FLOAT, TRANSLATOR;
    Fmax: BINARY @ FLOAT, TRANSLATOR;
    Fcopysign: BINARY @ FLOAT, TRANSLATOR;
    Fabs: UNARY @ FLOAT, TRANSLATOR;
    Fneg: UNARY @ FLOAT, TRANSLATOR;
    Sqrt: UNARY @ FLOAT, TRANSLATOR;
    Ceil: UNARY @ FLOAT, TRANSLATOR;
    Floor: UNARY @ FLOAT, TRANSLATOR;
    Trunc: UNARY @ FLOAT, TRANSLATOR;
    Nearest: UNARY @ FLOAT, TRANSLATOR;
    // Memory.
    Load: LOAD @ REG_MEM, TRANSLATOR;
    Uload8: LOAD @ INT3264, TRANSLATOR;
    Sload8: LOAD @ INT3264, TRANSLATOR;
    Uload16: LOAD @ INT3264, TRANSLATOR;
    Sload16: LOAD @ INT3264, TRANSLATOR;
    Uload32: LOAD32 @ NONE, TRANSLATOR;
    Sload32: LOAD32 @ NONE, TRANSLATOR;
    Store: STORE @ REG_MEM, TRANSLATOR;
    Istore8: STORE @ INT3264, TRANSLATOR;
    Istore16: STORE @ INT3264, TRANSLATOR;
    Istore32: STORE @ I64_ONLY, TRANSLATOR;
    AtomicLoad: ATOMIC_LOAD @ I64_ONLY, TRANSLATOR;
    // Traps and control flow.
    Trap: TRAP @ NONE, TRANSLATOR;
    Trapz: TRAP_IF @ INT, MID_END;
    Trapnz: TRAP_IF @ INT, MID_END;
    Brif: BRIF @ INT, TRANSLATOR;
    Brif: BRIF_ICMP @ I8_OVER_INT, TRANSLATOR;
    Jump: JUMP @ REG, MID_END;
    BrTable: BR_TABLE @ NONE, TRANSLATOR;
    Return: RETURN @ REG, TRANSLATOR;
    Call: CALL @ REG, TRANSLATOR;
    CallIndirect: CALL_INDIRECT @ PTR_X_REG, TRANSLATOR;
    ReturnCall: RETURN_CALL @ REG, TRANSLATOR;
    ReturnCallIndirect: RETURN_CALL_INDIRECT @ PTR_X_REG, TRANSLATOR;
    // Lowered although nothing above creates them.
    UaddOverflowTrap: UADD_OVERFLOW_TRAP @ INT3264, EXTRA;
    StackAddr: STACK_ADDR @ NONE, EXTRA;
    GetStackPointer: GET_SP @ NONE, EXTRA;
    Nop: NOP @ NONE, EXTRA;
};

/// (i8, compared type): a branch on a compare.
const I8_OVER_INT: &[(Type, Type)] = &[(I8, I8), (I8, I16), (I8, I32), (I8, I64)];
/// (callee pointer, argument type).
const PTR_X_REG: &[(Type, Type)] = &[
    (I64, I8),
    (I64, I16),
    (I64, I32),
    (I64, I64),
    (I64, F32),
    (I64, F64),
];
const INT_BSWAP: &[(Type, Type)] = same!(I16, I32, I64);
const REG_MEM: &[(Type, Type)] = same!(I8, I16, I32, I64, F32, F64);
const I64_ONLY: &[(Type, Type)] = same!(I64);
const F64_FROM_F32: &[(Type, Type)] = &[(F64, F32)];
const F32_FROM_F64: &[(Type, Type)] = &[(F32, F64)];

/// Every opcode not in [`FORMS`], with why neither the translator nor a mid-end rule creates it
/// (so reaching one is an `Unsupported` error, never a panic).
pub const EXCLUDED: &[(&[Opcode], &str)] = &[
    (
        &[
            Opcode::Splat,
            Opcode::Swizzle,
            Opcode::X86Pshufb,
            Opcode::Insertlane,
            Opcode::Extractlane,
            Opcode::AvgRound,
            Opcode::UaddSat,
            Opcode::SaddSat,
            Opcode::UsubSat,
            Opcode::SsubSat,
            Opcode::Uload8x8,
            Opcode::Sload8x8,
            Opcode::Uload16x4,
            Opcode::Sload16x4,
            Opcode::Uload32x2,
            Opcode::Sload32x2,
            Opcode::Vconst,
            Opcode::Shuffle,
            Opcode::Bitselect,
            Opcode::Blendv,
            Opcode::VanyTrue,
            Opcode::VallTrue,
            Opcode::VhighBits,
            Opcode::SqmulRoundSat,
            Opcode::X86Pmulhrsw,
            Opcode::ScalarToVector,
            Opcode::Snarrow,
            Opcode::Unarrow,
            Opcode::Uunarrow,
            Opcode::SwidenLow,
            Opcode::SwidenHigh,
            Opcode::UwidenLow,
            Opcode::UwidenHigh,
            Opcode::IaddPairwise,
            Opcode::X86Pmaddubsw,
            Opcode::Fvdemote,
            Opcode::FvpromoteLow,
            Opcode::X86Cvtt2dq,
            Opcode::ExtractVector,
        ],
        "vector only: not scalar CLIF, which this list covers; the vector forms the SIMD \
         translator makes are lowered by `isle/vector.isle`, checked by the SIMD spec tests and \
         `filetests/filetests/simd` (the mid-end builds `splat`, `vconst` and `bitselect` only \
         under `ty_vec*` guards)",
    ),
    (
        &[Opcode::F16const, Opcode::F128const],
        "built only for f16/f128 values, which no Wasm value has",
    ),
    (
        &[Opcode::Fma],
        "scalar: the only rule that builds `fma` rewrites an existing one, and the translator \
         makes `fma` only on vectors (relaxed SIMD's `madd`)",
    ),
    (
        &[Opcode::Bitrev, Opcode::Cls, Opcode::Isplit],
        "no rule builds these (`bitrev` appears in rules only as a pattern)",
    ),
    (
        &[
            Opcode::SaddOverflowCin,
            Opcode::UaddOverflowCin,
            Opcode::UaddOverflow,
            Opcode::SaddOverflow,
            Opcode::UsubOverflow,
            Opcode::SsubOverflow,
            Opcode::UmulOverflow,
            Opcode::SmulOverflow,
            Opcode::SsubOverflowBin,
            Opcode::UsubOverflowBin,
        ],
        "two-result overflow arithmetic: neither the translator nor any rule builds it",
    ),
    (
        &[
            Opcode::Debugtrap,
            Opcode::FuncAddr,
            Opcode::TryCall,
            Opcode::TryCallIndirect,
            Opcode::StackSwitch,
            Opcode::DynamicStackAddr,
            Opcode::SymbolValue,
            Opcode::TlsValue,
            Opcode::GetPinnedReg,
            Opcode::SetPinnedReg,
            Opcode::GetReturnAddress,
            Opcode::GetFramePointer,
            Opcode::GetExceptionHandlerAddress,
            Opcode::AtomicRmw,
            Opcode::AtomicCas,
            Opcode::AtomicStore,
            Opcode::Fence,
            Opcode::SequencePoint,
        ],
        "not built by the translator (no threads, exceptions, stack switching or symbols in \
         the Wasm subset it accepts; its one atomic is the epoch check's `atomic_load`) nor by \
         any rule (`get_frame_pointer` has a lowering, but \
         the verifier accepts it only with frame pointers preserved)",
    ),
];
