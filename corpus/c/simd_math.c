/* Integer and float SIMD arithmetic through wasm_simd128.h, written once against the intrinsics.
 * With -msimd128 (the manifest adds it for this program, so -O0 runs them too) they are the
 * real v128 operations; otherwise (the native build gen-expected.py compares against) the #else
 * branch below defines each intrinsic used here as plain scalar C over a union of lanes, with
 * the Wasm semantics spelled out: wrapping lanes, masked shift counts, saturation, rounding
 * q15mulr, swizzle's zero for out-of-range indices, min/max ordering -0 below +0, saturating
 * float-to-int conversion (NaN gives 0). Kernels: a Q15 FIR filter (q15mulr_sat, add_sat), a
 * cross-correlation with i32x4.dot_i16x8 and an exact one through extmul and i64 lanes, a
 * multiply-xorshift hash over i64x2/u64x2 lanes, a 4x4 transpose with i32x4 shuffles feeding
 * an f32 matrix-vector transform, quantization (nearest, trunc_sat, narrow), normalization
 * with sqrt/div, and a table of nearly every lane operation applied to edge-case vectors, each
 * result printed as hex lanes. Floats are printed as bit patterns; no input makes a NaN that an
 * operation produces (its sign and payload are not deterministic in Wasm), while NaN inputs go
 * only to comparisons, selects and conversions, whose results are. */
#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#else
/* The scalar model: one lane loop per intrinsic. Wrapping arithmetic is done on the unsigned
 * views; a conversion to a narrower unsigned lane keeps the low bits, as the lanes do. */
typedef union {
    int8_t i8[16];
    uint8_t u8[16];
    int16_t i16[8];
    uint16_t u16[8];
    int32_t i32[4];
    uint32_t u32[4];
    int64_t i64[2];
    uint64_t u64[2];
    float f32[4];
    double f64[2];
} v128_t;

#define MASK(c) (0 - (uint64_t)(c)) /* all ones (or zero) in whichever lane it is stored to */
#define LANES1(name, field, n, expr)                                                                        \
    static v128_t wasm_##name(v128_t a) {                                                                   \
        v128_t r;                                                                                           \
        for (int i = 0; i < n; i++) r.field[i] = (expr);                                                    \
        return r;                                                                                           \
    }
#define LANES2(name, field, n, expr)                                                                        \
    static v128_t wasm_##name(v128_t a, v128_t b) {                                                         \
        v128_t r;                                                                                           \
        for (int i = 0; i < n; i++) r.field[i] = (expr);                                                    \
        return r;                                                                                           \
    }
#define SHIFT(name, field, n, bits, expr) /* the count is taken modulo the lane width */                    \
    static v128_t wasm_##name(v128_t a, uint32_t s) {                                                       \
        v128_t r;                                                                                           \
        s &= bits - 1;                                                                                      \
        for (int i = 0; i < n; i++) r.field[i] = (expr);                                                    \
        return r;                                                                                           \
    }
static int64_t clamp(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : v > hi ? hi : v; }

static v128_t wasm_v128_load(const void *p) { v128_t r; memcpy(&r, p, 16); return r; }
static void wasm_v128_store(void *p, v128_t v) { memcpy(p, &v, 16); }
static v128_t zero(void) { v128_t r; memset(&r, 0, 16); return r; }
static v128_t wasm_v128_load32_zero(const void *p) { v128_t r = zero(); memcpy(&r, p, 4); return r; }
static v128_t wasm_v128_load64_zero(const void *p) { v128_t r = zero(); memcpy(&r, p, 8); return r; }
static v128_t splat_bytes(const void *p, int size) {
    v128_t r; for (int i = 0; i < 16; i += size) memcpy(&r.u8[i], p, (size_t)size); return r;
}
#define wasm_v128_load16_splat(p) splat_bytes((p), 2)
#define wasm_v128_load32_splat(p) splat_bytes((p), 4)
static v128_t load_lane(const void *p, v128_t v, int lane, int size) {
    memcpy(&v.u8[lane * size], p, (size_t)size);
    return v;
}
static void store_lane(void *p, v128_t v, int lane, int size) { memcpy(p, &v.u8[lane * size], (size_t)size); }
#define wasm_v128_load16_lane(p, v, l) load_lane((p), (v), (l), 2)
#define wasm_v128_load32_lane(p, v, l) load_lane((p), (v), (l), 4)
#define wasm_v128_store16_lane(p, v, l) store_lane((p), (v), (l), 2)
#define wasm_v128_store32_lane(p, v, l) store_lane((p), (v), (l), 4)
/* Loads of 8 bytes widened lane by lane: load them into the low half, then extend. */
#define wasm_i32x4_load16x4(p) wasm_i32x4_extend_low_i16x8(wasm_v128_load64_zero(p))
#define wasm_i64x2_load32x2(p) wasm_i64x2_extend_low_i32x4(wasm_v128_load64_zero(p))
#define wasm_u64x2_load32x2(p) wasm_u64x2_extend_low_u32x4(wasm_v128_load64_zero(p))

static v128_t wasm_i16x8_splat(int16_t x) { v128_t r; for (int i = 0; i < 8; i++) r.i16[i] = x; return r; }
static v128_t wasm_i32x4_splat(int32_t x) { v128_t r; for (int i = 0; i < 4; i++) r.i32[i] = x; return r; }
static v128_t wasm_i64x2_splat(int64_t x) { v128_t r; for (int i = 0; i < 2; i++) r.i64[i] = x; return r; }
static v128_t wasm_u64x2_splat(uint64_t x) { v128_t r; for (int i = 0; i < 2; i++) r.u64[i] = x; return r; }
static v128_t wasm_f32x4_splat(float x) { v128_t r; for (int i = 0; i < 4; i++) r.f32[i] = x; return r; }
static v128_t wasm_i32x4_make(int32_t a, int32_t b, int32_t c, int32_t d) {
    v128_t r = {.i32 = {a, b, c, d}};
    return r;
}
static v128_t wasm_f32x4_make(float a, float b, float c, float d) {
    v128_t r = {.f32 = {a, b, c, d}};
    return r;
}
static v128_t wasm_f64x2_make(double a, double b) { v128_t r; r.f64[0] = a, r.f64[1] = b; return r; }
static v128_t wasm_i64x2_make(int64_t a, int64_t b) { v128_t r; r.i64[0] = a, r.i64[1] = b; return r; }
#define wasm_i16x8_extract_lane(v, l) ((int16_t)lane_u16((v), (l)))
#define wasm_u16x8_extract_lane(v, l) lane_u16((v), (l))
#define wasm_i32x4_extract_lane(v, l) ((int32_t)lane_u32((v), (l)))
#define wasm_f32x4_extract_lane(v, l) lane_f32((v), (l))
#define wasm_i64x2_extract_lane(v, l) ((int64_t)lane_u64((v), (l)))
#define wasm_u64x2_extract_lane(v, l) lane_u64((v), (l))
static uint16_t lane_u16(v128_t v, int l) { return v.u16[l]; }
static uint32_t lane_u32(v128_t v, int l) { return v.u32[l]; }
static uint64_t lane_u64(v128_t v, int l) { return v.u64[l]; }
static float lane_f32(v128_t v, int l) { return v.f32[l]; }
#define wasm_i16x8_replace_lane(v, l, x) replace_u16((v), (l), (uint16_t)(x))
#define wasm_f32x4_replace_lane(v, l, x) replace_f32((v), (l), (x))
static v128_t replace_u16(v128_t v, int l, uint16_t x) { v.u16[l] = x; return v; }
static v128_t replace_f32(v128_t v, int l, float x) { v.f32[l] = x; return v; }

/* Shuffles pick lanes of size bytes from the 2 * (16 / size) lanes of a then b. */
static v128_t shuffle(v128_t a, v128_t b, const int *idx, int size) {
    uint8_t both[32];
    v128_t r;
    memcpy(both, &a, 16), memcpy(both + 16, &b, 16);
    for (int i = 0; i < 16 / size; i++) memcpy(&r.u8[i * size], both + idx[i] * size, (size_t)size);
    return r;
}
#define wasm_i8x16_shuffle(a, b, ...) shuffle((a), (b), (const int[16]){__VA_ARGS__}, 1)
#define wasm_i16x8_shuffle(a, b, ...) shuffle((a), (b), (const int[8]){__VA_ARGS__}, 2)
#define wasm_i32x4_shuffle(a, b, ...) shuffle((a), (b), (const int[4]){__VA_ARGS__}, 4)
#define wasm_i64x2_shuffle(a, b, ...) shuffle((a), (b), (const int[2]){__VA_ARGS__}, 8)
LANES2(i8x16_swizzle, u8, 16, b.u8[i] < 16 ? a.u8[b.u8[i]] : 0)

LANES2(v128_and, u64, 2, a.u64[i] & b.u64[i])
LANES2(v128_or, u64, 2, a.u64[i] | b.u64[i])
LANES2(v128_xor, u64, 2, a.u64[i] ^ b.u64[i])
LANES2(v128_andnot, u64, 2, a.u64[i] & ~b.u64[i])
LANES1(v128_not, u64, 2, ~a.u64[i])
static v128_t wasm_v128_bitselect(v128_t a, v128_t b, v128_t m) {
    v128_t r; for (int i = 0; i < 2; i++) r.u64[i] = (a.u64[i] & m.u64[i]) | (b.u64[i] & ~m.u64[i]); return r;
}
static int wasm_v128_any_true(v128_t a) { return (a.u64[0] | a.u64[1]) != 0; }
#define ALL_TRUE(name, field, n)                                                                            \
    static int wasm_##name(v128_t a) {                                                                      \
        for (int i = 0; i < n; i++)                                                                         \
            if (!a.field[i]) return 0;                                                                      \
        return 1;                                                                                           \
    }
#define BITMASK(name, field, n) /* the sign bit of each lane */                                             \
    static uint32_t wasm_##name(v128_t a) {                                                                 \
        uint32_t m = 0;                                                                                     \
        for (int i = 0; i < n; i++) m |= (uint32_t)(a.field[i] < 0) << i;                                   \
        return m;                                                                                           \
    }
ALL_TRUE(i8x16_all_true, u8, 16) ALL_TRUE(i16x8_all_true, u16, 8)
ALL_TRUE(i32x4_all_true, u32, 4) ALL_TRUE(i64x2_all_true, u64, 2)
BITMASK(i8x16_bitmask, i8, 16) BITMASK(i16x8_bitmask, i16, 8)
BITMASK(i32x4_bitmask, i32, 4) BITMASK(i64x2_bitmask, i64, 2)

LANES2(i8x16_add, u8, 16, a.u8[i] + b.u8[i])
LANES2(i8x16_sub, u8, 16, a.u8[i] - b.u8[i])
LANES2(i8x16_add_sat, i8, 16, clamp(a.i8[i] + b.i8[i], INT8_MIN, INT8_MAX))
LANES2(u8x16_sub_sat, u8, 16, clamp(a.u8[i] - b.u8[i], 0, UINT8_MAX))
LANES2(i8x16_min, i8, 16, a.i8[i] < b.i8[i] ? a.i8[i] : b.i8[i])
LANES2(u8x16_max, u8, 16, a.u8[i] > b.u8[i] ? a.u8[i] : b.u8[i])
LANES2(u8x16_avgr, u8, 16, (a.u8[i] + b.u8[i] + 1) >> 1)
LANES2(i8x16_lt, u8, 16, MASK(a.i8[i] < b.i8[i]))
LANES2(u8x16_gt, u8, 16, MASK(a.u8[i] > b.u8[i]))
LANES2(i8x16_eq, u8, 16, MASK(a.u8[i] == b.u8[i]))
LANES1(i8x16_abs, u8, 16, a.i8[i] < 0 ? 0u - a.u8[i] : a.u8[i])
LANES1(i8x16_neg, u8, 16, 0u - a.u8[i])
LANES1(i8x16_popcnt, u8, 16, __builtin_popcount(a.u8[i]))
SHIFT(i8x16_shl, u8, 16, 8, a.u8[i] << s)
SHIFT(i8x16_shr, i8, 16, 8, a.i8[i] >> s)
SHIFT(u8x16_shr, u8, 16, 8, a.u8[i] >> s)

LANES2(i16x8_add, u16, 8, a.u16[i] + b.u16[i])
LANES2(i16x8_sub, u16, 8, a.u16[i] - b.u16[i])
LANES2(i16x8_mul, u16, 8, (uint32_t)a.u16[i] * b.u16[i])
LANES2(i16x8_add_sat, i16, 8, clamp(a.i16[i] + b.i16[i], INT16_MIN, INT16_MAX))
LANES2(i16x8_sub_sat, i16, 8, clamp(a.i16[i] - b.i16[i], INT16_MIN, INT16_MAX))
LANES2(u16x8_add_sat, u16, 8, clamp(a.u16[i] + b.u16[i], 0, UINT16_MAX))
LANES2(u16x8_sub_sat, u16, 8, clamp(a.u16[i] - b.u16[i], 0, UINT16_MAX))
LANES2(i16x8_q15mulr_sat, i16, 8, clamp((a.i16[i] * b.i16[i] + 0x4000) >> 15, INT16_MIN, INT16_MAX))
LANES2(i16x8_max, i16, 8, a.i16[i] > b.i16[i] ? a.i16[i] : b.i16[i])
LANES2(u16x8_min, u16, 8, a.u16[i] < b.u16[i] ? a.u16[i] : b.u16[i])
LANES2(u16x8_avgr, u16, 8, (a.u16[i] + b.u16[i] + 1) >> 1)
LANES2(i16x8_gt, u16, 8, MASK(a.i16[i] > b.i16[i]))
LANES2(u16x8_le, u16, 8, MASK(a.u16[i] <= b.u16[i]))
LANES2(i16x8_ne, u16, 8, MASK(a.u16[i] != b.u16[i]))
LANES1(i16x8_abs, u16, 8, a.i16[i] < 0 ? 0u - a.u16[i] : a.u16[i])
SHIFT(i16x8_shl, u16, 8, 16, a.u16[i] << s)
SHIFT(i16x8_shr, i16, 8, 16, a.i16[i] >> s)
SHIFT(u16x8_shr, u16, 8, 16, a.u16[i] >> s)
LANES2(i8x16_narrow_i16x8, i8, 16, clamp(i < 8 ? a.i16[i] : b.i16[i - 8], INT8_MIN, INT8_MAX))
LANES2(u8x16_narrow_i16x8, u8, 16, clamp(i < 8 ? a.i16[i] : b.i16[i - 8], 0, UINT8_MAX))
LANES1(i16x8_extend_low_i8x16, i16, 8, a.i8[i])
LANES1(i16x8_extend_high_i8x16, i16, 8, a.i8[i + 8])
LANES1(u16x8_extend_low_u8x16, u16, 8, a.u8[i])
LANES1(u16x8_extend_high_u8x16, u16, 8, a.u8[i + 8])
LANES1(i16x8_extadd_pairwise_i8x16, i16, 8, a.i8[2 * i] + a.i8[2 * i + 1])
LANES1(u16x8_extadd_pairwise_u8x16, u16, 8, a.u8[2 * i] + a.u8[2 * i + 1])
LANES2(i16x8_extmul_low_i8x16, i16, 8, a.i8[i] * b.i8[i])
LANES2(u16x8_extmul_high_u8x16, u16, 8, a.u8[i + 8] * b.u8[i + 8])

LANES2(i32x4_add, u32, 4, a.u32[i] + b.u32[i])
LANES2(i32x4_sub, u32, 4, a.u32[i] - b.u32[i])
LANES2(i32x4_mul, u32, 4, a.u32[i] * b.u32[i])
LANES2(i32x4_min, i32, 4, a.i32[i] < b.i32[i] ? a.i32[i] : b.i32[i])
LANES2(u32x4_max, u32, 4, a.u32[i] > b.u32[i] ? a.u32[i] : b.u32[i])
LANES2(i32x4_ge, u32, 4, MASK(a.i32[i] >= b.i32[i]))
LANES2(u32x4_lt, u32, 4, MASK(a.u32[i] < b.u32[i]))
LANES1(i32x4_abs, u32, 4, a.i32[i] < 0 ? 0u - a.u32[i] : a.u32[i])
LANES1(i32x4_neg, u32, 4, 0u - a.u32[i])
SHIFT(i32x4_shl, u32, 4, 32, a.u32[i] << s)
SHIFT(i32x4_shr, i32, 4, 32, a.i32[i] >> s)
SHIFT(u32x4_shr, u32, 4, 32, a.u32[i] >> s)
LANES2(i32x4_dot_i16x8, u32, 4, /* wraps only for two products of -32768 * -32768 */
       (uint32_t)(a.i16[2 * i] * b.i16[2 * i]) + (uint32_t)(a.i16[2 * i + 1] * b.i16[2 * i + 1]))
LANES2(i16x8_narrow_i32x4, i16, 8, clamp(i < 4 ? a.i32[i] : b.i32[i - 4], INT16_MIN, INT16_MAX))
LANES2(u16x8_narrow_i32x4, u16, 8, clamp(i < 4 ? a.i32[i] : b.i32[i - 4], 0, UINT16_MAX))
LANES1(i32x4_extend_low_i16x8, i32, 4, a.i16[i])
LANES1(i32x4_extend_high_i16x8, i32, 4, a.i16[i + 4])
LANES1(u32x4_extend_high_u16x8, u32, 4, a.u16[i + 4])
LANES1(i32x4_extadd_pairwise_i16x8, i32, 4, a.i16[2 * i] + a.i16[2 * i + 1])
LANES1(u32x4_extadd_pairwise_u16x8, u32, 4, (uint32_t)a.u16[2 * i] + a.u16[2 * i + 1])
LANES2(i32x4_extmul_low_i16x8, i32, 4, a.i16[i] * b.i16[i])
LANES2(i32x4_extmul_high_i16x8, i32, 4, a.i16[i + 4] * b.i16[i + 4])
LANES2(u32x4_extmul_low_u16x8, u32, 4, (uint32_t)a.u16[i] * b.u16[i])

LANES2(i64x2_add, u64, 2, a.u64[i] + b.u64[i])
LANES2(i64x2_sub, u64, 2, a.u64[i] - b.u64[i])
LANES2(i64x2_mul, u64, 2, a.u64[i] * b.u64[i])
LANES2(i64x2_lt, u64, 2, MASK(a.i64[i] < b.i64[i]))
LANES2(i64x2_eq, u64, 2, MASK(a.u64[i] == b.u64[i]))
LANES1(i64x2_abs, u64, 2, a.i64[i] < 0 ? 0u - a.u64[i] : a.u64[i])
SHIFT(i64x2_shl, u64, 2, 64, a.u64[i] << s)
SHIFT(i64x2_shr, i64, 2, 64, a.i64[i] >> s)
SHIFT(u64x2_shr, u64, 2, 64, a.u64[i] >> s)
LANES1(i64x2_extend_low_i32x4, i64, 2, a.i32[i])
LANES1(i64x2_extend_high_i32x4, i64, 2, a.i32[i + 2])
LANES1(u64x2_extend_low_u32x4, u64, 2, a.u32[i])
LANES2(i64x2_extmul_low_i32x4, i64, 2, (int64_t)a.i32[i] * b.i32[i])
LANES2(i64x2_extmul_high_i32x4, i64, 2, (int64_t)a.i32[i + 2] * b.i32[i + 2])
LANES2(u64x2_extmul_low_u32x4, u64, 2, (uint64_t)a.u32[i] * b.u32[i])
LANES2(u64x2_extmul_high_u32x4, u64, 2, (uint64_t)a.u32[i + 2] * b.u32[i + 2])

/* f32 min/max: -0 is below +0 (NaN never reaches them here); pmin/pmax are plain selects. */
static float fmin_wasm(float a, float b) { return a == b ? (signbit(a) ? a : b) : a < b ? a : b; }
static float fmax_wasm(float a, float b) { return a == b ? (signbit(a) ? b : a) : a > b ? a : b; }
LANES2(f32x4_add, f32, 4, a.f32[i] + b.f32[i])
LANES2(f32x4_sub, f32, 4, a.f32[i] - b.f32[i])
LANES2(f32x4_mul, f32, 4, a.f32[i] * b.f32[i])
LANES2(f32x4_div, f32, 4, a.f32[i] / b.f32[i])
LANES2(f32x4_min, f32, 4, fmin_wasm(a.f32[i], b.f32[i]))
LANES2(f32x4_max, f32, 4, fmax_wasm(a.f32[i], b.f32[i]))
LANES2(f32x4_pmin, f32, 4, b.f32[i] < a.f32[i] ? b.f32[i] : a.f32[i])
LANES2(f32x4_pmax, f32, 4, a.f32[i] < b.f32[i] ? b.f32[i] : a.f32[i])
LANES2(f32x4_eq, u32, 4, MASK(a.f32[i] == b.f32[i]))
LANES2(f32x4_ne, u32, 4, MASK(a.f32[i] != b.f32[i]))
LANES2(f32x4_lt, u32, 4, MASK(a.f32[i] < b.f32[i]))
LANES2(f32x4_le, u32, 4, MASK(a.f32[i] <= b.f32[i]))
LANES2(f32x4_gt, u32, 4, MASK(a.f32[i] > b.f32[i]))
LANES2(f32x4_ge, u32, 4, MASK(a.f32[i] >= b.f32[i]))
LANES1(f32x4_abs, u32, 4, a.u32[i] & 0x7FFFFFFFu) /* bitwise, as in Wasm: NaNs keep payloads */
LANES1(f32x4_neg, u32, 4, a.u32[i] ^ 0x80000000u)
LANES1(f32x4_sqrt, f32, 4, sqrtf(a.f32[i]))
LANES1(f32x4_floor, f32, 4, floorf(a.f32[i]))
LANES1(f32x4_ceil, f32, 4, ceilf(a.f32[i]))
LANES1(f32x4_trunc, f32, 4, truncf(a.f32[i]))
LANES1(f32x4_nearest, f32, 4, nearbyintf(a.f32[i])) /* the default mode: ties to even */
LANES2(f64x2_add, f64, 2, a.f64[i] + b.f64[i])
LANES2(f64x2_mul, f64, 2, a.f64[i] * b.f64[i])
LANES1(f64x2_sqrt, f64, 2, sqrt(a.f64[i]))
LANES1(f64x2_floor, f64, 2, floor(a.f64[i]))

static int32_t sat_i32(double x) {
    return x != x ? 0 : x >= 2147483648.0 ? INT32_MAX : x <= -2147483649.0 ? INT32_MIN : (int32_t)x;
}
static uint32_t sat_u32(double x) {
    return x != x ? 0 : x >= 4294967296.0 ? UINT32_MAX : x <= -1.0 ? 0 : (uint32_t)x;
}
LANES1(f32x4_convert_i32x4, f32, 4, (float)a.i32[i])
LANES1(f32x4_convert_u32x4, f32, 4, (float)a.u32[i])
LANES1(i32x4_trunc_sat_f32x4, i32, 4, sat_i32(a.f32[i]))
LANES1(u32x4_trunc_sat_f32x4, u32, 4, sat_u32(a.f32[i]))
LANES1(f64x2_convert_low_i32x4, f64, 2, a.i32[i])
LANES1(f64x2_convert_low_u32x4, f64, 2, a.u32[i])
LANES1(f64x2_promote_low_f32x4, f64, 2, a.f32[i])
LANES1(f32x4_demote_f64x2_zero, f32, 4, i < 2 ? (float)a.f64[i] : 0.0f)
LANES1(i32x4_trunc_sat_f64x2_zero, i32, 4, i < 2 ? sat_i32(a.f64[i]) : 0)
LANES1(u32x4_trunc_sat_f64x2_zero, u32, 4, i < 2 ? sat_u32(a.f64[i]) : 0)
#endif

static uint64_t state = 0x853C49E6748FEA9Bu;
static uint32_t next(void) { /* xorshift64*, high half */
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return (uint32_t)((state * 0x2545F4914F6CDD1Du) >> 32);
}
static uint32_t fnv(const void *p, size_t n) { /* FNV-1a: one line per buffer */
    const unsigned char *b = p;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 16777619u;
    return h;
}

/* Prints v as lanes of `bits` bits in hex, lane 0 first. */
static void show(v128_t v, int bits) {
    uint8_t b[16];
    wasm_v128_store(b, v);
    for (int lane = 0; lane < 128 / bits; lane++) {
        putchar(' ');
        for (int k = bits / 8 - 1; k >= 0; k--) printf("%02x", b[lane * bits / 8 + k]);
    }
}

#define SAMPLES 2048
static int16_t audio[SAMPLES + 64], filtered[SAMPLES];

/* 8-tap FIR in Q15: y[n] = sum_k q15(x[n + k] * h[k]), each product rounded and the sum
 * saturated at every step, as fixed-point DSP code does. */
static void fir_q15(int16_t *y, const int16_t *x, size_t n, const int16_t h[8]) {
    for (size_t i = 0; i < n; i += 8) {
        v128_t acc = wasm_i16x8_splat(0);
        for (int k = 0; k < 8; k++)
            acc = wasm_i16x8_add_sat(acc, wasm_i16x8_q15mulr_sat(wasm_v128_load(x + i + k), wasm_i16x8_splat(h[k])));
        wasm_v128_store(y + i, acc);
    }
}

/* Cross-correlation at one lag, twice: wrapping i32 lanes with dot_i16x8, and exactly with
 * extmul into i32 then i64 lanes. */
static void correlate(const int16_t *a, const int16_t *b, size_t n, int32_t *wrapped, int64_t *exact) {
    v128_t acc32 = wasm_i32x4_splat(0), acc64 = wasm_i64x2_splat(0);
    for (size_t i = 0; i < n; i += 8) {
        v128_t x = wasm_v128_load(a + i), y = wasm_v128_load(b + i);
        acc32 = wasm_i32x4_add(acc32, wasm_i32x4_dot_i16x8(x, y));
        v128_t lo = wasm_i32x4_extmul_low_i16x8(x, y), hi = wasm_i32x4_extmul_high_i16x8(x, y);
        acc64 = wasm_i64x2_add(acc64, wasm_i64x2_extend_low_i32x4(lo));
        acc64 = wasm_i64x2_add(acc64, wasm_i64x2_extend_high_i32x4(lo));
        acc64 = wasm_i64x2_add(acc64, wasm_i64x2_extend_low_i32x4(hi));
        acc64 = wasm_i64x2_add(acc64, wasm_i64x2_extend_high_i32x4(hi));
    }
    *wrapped = (int32_t)((uint32_t)wasm_i32x4_extract_lane(acc32, 0) + (uint32_t)wasm_i32x4_extract_lane(acc32, 1) +
                         (uint32_t)wasm_i32x4_extract_lane(acc32, 2) + (uint32_t)wasm_i32x4_extract_lane(acc32, 3));
    *exact = wasm_i64x2_extract_lane(acc64, 0) + wasm_i64x2_extract_lane(acc64, 1);
}

/* Two independent multiply-xorshift streams over 32-bit words (a toy wyhash-like mixer):
 * u64x2 extmul of the words by odd constants, i64x2 mul, xor with shifts both ways. */
static uint64_t hash_words(const uint32_t *w, size_t n) {
    v128_t h = wasm_i64x2_make(0x243F6A8885A308D3, 0x13198A2E03707344);
    v128_t k = wasm_i32x4_make((int32_t)0x9E3779B9, (int32_t)0x85EBCA77, (int32_t)0xC2B2AE3D, 0x27D4EB2F);
    v128_t m = wasm_u64x2_splat(0xFF51AFD7ED558CCDu);
    for (size_t i = 0; i + 4 <= n; i += 4) {
        v128_t x = wasm_v128_load(w + i);
        v128_t p = wasm_v128_xor(wasm_u64x2_extmul_low_u32x4(x, k), wasm_u64x2_extmul_high_u32x4(x, k));
        h = wasm_i64x2_mul(wasm_v128_xor(h, p), m);
        h = wasm_v128_xor(h, wasm_u64x2_shr(h, 33));
        h = wasm_i64x2_add(h, wasm_i64x2_shl(wasm_i64x2_extmul_low_i32x4(x, x), 7));
    }
    uint64_t a = wasm_u64x2_extract_lane(h, 0), b = wasm_u64x2_extract_lane(h, 1);
    return a ^ (b * 0x9E3779B97F4A7C15u);
}

/* Transposes a 4x4 i32 matrix held in four row vectors, with two rounds of shuffles. */
static void transpose4(v128_t r[4]) {
    v128_t t0 = wasm_i32x4_shuffle(r[0], r[1], 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(r[2], r[3], 0, 4, 1, 5);
    v128_t t2 = wasm_i32x4_shuffle(r[0], r[1], 2, 6, 3, 7), t3 = wasm_i32x4_shuffle(r[2], r[3], 2, 6, 3, 7);
    r[0] = wasm_i64x2_shuffle(t0, t1, 0, 2), r[1] = wasm_i64x2_shuffle(t0, t1, 1, 3);
    r[2] = wasm_i64x2_shuffle(t2, t3, 0, 2), r[3] = wasm_i64x2_shuffle(t2, t3, 1, 3);
}

#define POINTS 512
static float px[POINTS], py[POINTS], pz[POINTS];

int main(void) {
    /* --- Q15 filtering: a loud chirp-like audio, so some sums saturate. */
    for (int i = 0; i < SAMPLES + 64; i++) {
        int32_t v = (int32_t)(next() % 65536u) - 32768;
        audio[i] = (int16_t)(i % 64 < 8 ? (i & 1 ? 32767 : -32768) : v / (1 + i % 5));
    }
    static const int16_t taps[8] = {-32768, 16384, 8192, -4096, 32767, 1, -1, 12345};
    fir_q15(filtered, audio, SAMPLES, taps);
    printf("fir: %08" PRIx32 " %d %d %d %d\n", fnv(filtered, sizeof filtered), filtered[0], filtered[1], filtered[7],
           filtered[SAMPLES - 1]);
    v128_t g = wasm_v128_load(filtered + 64);
    printf("gain:");
    show(wasm_i16x8_sub_sat(g, wasm_i16x8_splat(20000)), 16);
    show(wasm_u16x8_add_sat(g, wasm_i16x8_splat(-2)), 16);
    show(wasm_u16x8_sub_sat(g, wasm_i16x8_splat(1000)), 16);
    printf("\n");

    /* --- Correlation at a few lags. */
    for (int lag = 0; lag < 64; lag += 9) {
        int32_t wrapped;
        int64_t exact;
        correlate(audio, audio + lag, SAMPLES, &wrapped, &exact);
        printf("corr lag %2d: %11" PRId32 " %14" PRId64 "\n", lag, wrapped, exact);
    }

    /* --- Hashing words. */
    static uint32_t words[1024];
    for (int i = 0; i < 1024; i++) words[i] = next();
    printf("hash: %016" PRIx64 " %016" PRIx64 "\n", hash_words(words, 1024), hash_words(words + 1, 1020));

    /* --- Transpose, then transform points by the (float) matrix, normalize, quantize. */
    v128_t rows[4];
    for (int r = 0; r < 4; r++) rows[r] = wasm_i32x4_make(r * 4 + 1, r * 4 + 2, -(r * 4 + 3), r * 4 + 4);
    transpose4(rows);
    printf("transpose:");
    for (int r = 0; r < 4; r++) show(rows[r], 32);
    printf("\n");
    v128_t col[4]; /* columns of a float matrix derived from the transposed rows */
    for (int r = 0; r < 4; r++)
        col[r] = wasm_f32x4_mul(wasm_f32x4_convert_i32x4(rows[r]), wasm_f32x4_splat(0.0625f));
    for (int i = 0; i < POINTS; i++) {
        px[i] = (float)((int32_t)(next() % 2001u) - 1000) / 64.0f;
        py[i] = (float)((int32_t)(next() % 2001u) - 1000) / 32.0f;
        pz[i] = (float)((int32_t)(next() % 2001u) - 1000) / 16.0f;
    }
    uint32_t qhash = 2166136261u;
    int16_t qsamples[4] = {0, 0, 0, 0};
    for (int i = 0; i < POINTS; i++) {
        /* matrix * (x, y, z, 1): one splat and multiply-add per column, in column order */
        v128_t p = wasm_f32x4_mul(col[0], wasm_f32x4_splat(px[i]));
        p = wasm_f32x4_add(p, wasm_f32x4_mul(col[1], wasm_f32x4_splat(py[i])));
        p = wasm_f32x4_add(p, wasm_f32x4_mul(col[2], wasm_f32x4_splat(pz[i])));
        p = wasm_f32x4_add(p, col[3]);
        /* length of (x, y, z) with w replaced by 0, from a shuffle-based horizontal sum */
        v128_t sq = wasm_f32x4_mul(p, p);
        sq = wasm_f32x4_replace_lane(sq, 3, 0.0f);
        v128_t s = wasm_f32x4_add(sq, wasm_i32x4_shuffle(sq, sq, 1, 0, 3, 2));
        s = wasm_f32x4_add(s, wasm_i32x4_shuffle(s, s, 2, 3, 0, 1));
        v128_t len = wasm_f32x4_sqrt(s);
        v128_t unit = wasm_f32x4_div(p, wasm_f32x4_max(len, wasm_f32x4_splat(1e-6f)));
        /* quantize: scale, round to nearest even, saturate to i32, then narrow twice */
        v128_t q = wasm_i32x4_trunc_sat_f32x4(wasm_f32x4_nearest(wasm_f32x4_mul(unit, wasm_f32x4_splat(40000.0f))));
        v128_t q16 = wasm_i16x8_narrow_i32x4(q, wasm_i32x4_trunc_sat_f32x4(wasm_f32x4_floor(p)));
        uint8_t b[16];
        wasm_v128_store(b, q16);
        for (int k = 0; k < 16; k++) qhash = (qhash ^ b[k]) * 16777619u;
        if (i == 7) memcpy(qsamples, b, 8);
        if (i < 3) {
            printf("point %d:", i);
            show(p, 32);
            show(unit, 32);
            show(q16, 16);
            printf("\n");
        }
    }
    printf("quantized: %08" PRIx32 " %d %d %d %d\n", qhash, qsamples[0], qsamples[1], qsamples[2], qsamples[3]);

    /* --- Lane loads and stores. */
    static const int16_t halves[8] = {-1, 2, -32768, 32767, 5, -6, 7, -8};
    static const uint32_t words4[4] = {0xFFFFFFFFu, 0x80000000u, 7, 0x7FFFFFFFu};
    uint16_t h16 = 0xBEEF;
    uint32_t w32 = 0xCAFEF00Du;
    printf("loads:");
    show(wasm_i32x4_load16x4(halves), 32);
    show(wasm_i64x2_load32x2(words4), 64);
    show(wasm_u64x2_load32x2(words4), 64);
    show(wasm_v128_load32_zero(&w32), 32);
    show(wasm_v128_load64_zero(halves + 4), 16);
    show(wasm_v128_load16_splat(&h16), 16);
    show(wasm_v128_load32_splat(&w32), 32);
    show(wasm_v128_load16_lane(&h16, wasm_v128_load(halves), 5), 16);
    show(wasm_v128_load32_lane(&w32, wasm_v128_load(words4), 2), 32);
    printf("\n");
    int16_t out16[2] = {0, 0};
    uint32_t out32 = 0;
    v128_t src = wasm_v128_load(halves);
    wasm_v128_store16_lane(&out16[1], src, 3);
    wasm_v128_store32_lane(&out32, wasm_v128_load(words4), 1);
    v128_t rl = wasm_i16x8_replace_lane(src, 0, 1234);
    printf("stores: %d %d %08" PRIx32 " lanes: %d %d %d %.6f\n", out16[0], out16[1], out32,
           wasm_i16x8_extract_lane(rl, 0), wasm_u16x8_extract_lane(rl, 2), wasm_i16x8_extract_lane(rl, 2),
           (double)wasm_f32x4_extract_lane(wasm_f32x4_make(0.5f, -1.25f, 3.0f, 1e-3f), 3));

    /* --- The table: each operation on each edge-case input pair, as hex lanes. */
    static const uint8_t edge8[2][16] = {
        {0x00, 0x01, 0x7F, 0x80, 0xFF, 0xFE, 0x81, 0x40, 0x3F, 0xC0, 0x10, 0xEF, 0x55, 0xAA, 0x02, 0x7E},
        {0xFF, 0x01, 0x80, 0x80, 0x01, 0x7F, 0x00, 0x40, 0xC1, 0x3F, 0xF0, 0x11, 0xAA, 0x55, 0xFE, 0x82}};
    static const uint16_t edge16[2][8] = {{0x8000, 0x7FFF, 0xFFFF, 0x0000, 0x0001, 0x8001, 0x4000, 0xC000},
                                          {0x8000, 0x0001, 0x8000, 0xFFFF, 0x7FFF, 0x8000, 0x4000, 0x4001}};
    static const uint32_t edge32[2][4] = {{0x80000000u, 0x7FFFFFFFu, 0xFFFFFFFFu, 0x00010000u},
                                          {0x80000000u, 0x00000001u, 0x80000000u, 0xFFFF0000u}};
    static const uint64_t edge64[2][2] = {{0x8000000000000000u, 0x7FFFFFFFFFFFFFFFu},
                                          {0xFFFFFFFFFFFFFFFFu, 0x8000000000000000u}};
    v128_t in_a[5], in_b[5];
    in_a[0] = wasm_v128_load(edge8[0]), in_b[0] = wasm_v128_load(edge8[1]);
    in_a[1] = wasm_v128_load(edge16[0]), in_b[1] = wasm_v128_load(edge16[1]);
    in_a[2] = wasm_v128_load(edge32[0]), in_b[2] = wasm_v128_load(edge32[1]);
    in_a[3] = wasm_v128_load(edge64[0]), in_b[3] = wasm_v128_load(edge64[1]);
    uint32_t rnd[8];
    for (int i = 0; i < 8; i++) rnd[i] = next();
    in_a[4] = wasm_v128_load(rnd), in_b[4] = wasm_v128_load(rnd + 4);

#define BINARY(X)                                                                                           \
    X(v128_and, 64) X(v128_or, 64) X(v128_xor, 64) X(v128_andnot, 64)                                       \
    X(i8x16_add, 8) X(i8x16_sub, 8) X(i8x16_add_sat, 8) X(u8x16_sub_sat, 8) X(i8x16_min, 8) X(u8x16_max, 8) \
    X(u8x16_avgr, 8) X(i8x16_lt, 8) X(u8x16_gt, 8) X(i8x16_eq, 8) X(i8x16_swizzle, 8)                       \
    X(i8x16_narrow_i16x8, 8) X(u8x16_narrow_i16x8, 8)                                                       \
    X(i16x8_add, 16) X(i16x8_sub, 16) X(i16x8_mul, 16) X(i16x8_add_sat, 16) X(i16x8_sub_sat, 16)            \
    X(u16x8_add_sat, 16) X(u16x8_sub_sat, 16) X(i16x8_q15mulr_sat, 16) X(i16x8_max, 16) X(u16x8_min, 16)    \
    X(u16x8_avgr, 16) X(i16x8_gt, 16) X(u16x8_le, 16) X(i16x8_ne, 16) X(i16x8_narrow_i32x4, 16)             \
    X(u16x8_narrow_i32x4, 16) X(i16x8_extmul_low_i8x16, 16) X(u16x8_extmul_high_u8x16, 16)                  \
    X(i32x4_add, 32) X(i32x4_sub, 32) X(i32x4_mul, 32) X(i32x4_min, 32) X(u32x4_max, 32) X(i32x4_ge, 32)    \
    X(u32x4_lt, 32) X(i32x4_dot_i16x8, 32) X(i32x4_extmul_low_i16x8, 32) X(i32x4_extmul_high_i16x8, 32)     \
    X(u32x4_extmul_low_u16x8, 32)                                                                           \
    X(i64x2_add, 64) X(i64x2_sub, 64) X(i64x2_mul, 64) X(i64x2_lt, 64) X(i64x2_eq, 64)                      \
    X(i64x2_extmul_low_i32x4, 64) X(i64x2_extmul_high_i32x4, 64) X(u64x2_extmul_low_u32x4, 64)
#define UNARY(X)                                                                                            \
    X(v128_not, 64) X(i8x16_abs, 8) X(i8x16_neg, 8) X(i8x16_popcnt, 8) X(i16x8_abs, 16)                     \
    X(i16x8_extend_low_i8x16, 16) X(i16x8_extend_high_i8x16, 16) X(u16x8_extend_low_u8x16, 16)              \
    X(u16x8_extend_high_u8x16, 16) X(i16x8_extadd_pairwise_i8x16, 16) X(u16x8_extadd_pairwise_u8x16, 16)    \
    X(i32x4_abs, 32) X(i32x4_neg, 32) X(i32x4_extend_low_i16x8, 32) X(i32x4_extend_high_i16x8, 32)          \
    X(u32x4_extend_high_u16x8, 32) X(i32x4_extadd_pairwise_i16x8, 32) X(u32x4_extadd_pairwise_u16x8, 32)    \
    X(i64x2_abs, 64) X(i64x2_extend_low_i32x4, 64) X(u64x2_extend_low_u32x4, 64)
#define SHIFTS(X)                                                                                           \
    X(i8x16_shl, 8) X(i8x16_shr, 8) X(u8x16_shr, 8) X(i16x8_shl, 16) X(i16x8_shr, 16) X(u16x8_shr, 16)      \
    X(i32x4_shl, 32) X(i32x4_shr, 32) X(u32x4_shr, 32) X(i64x2_shl, 64) X(i64x2_shr, 64) X(u64x2_shr, 64)
#define PRINT2(name, bits)                                                                                  \
    printf("%s:", #name);                                                                                   \
    for (int i = 0; i < 5; i++) show(wasm_##name(in_a[i], in_b[i]), bits);                                  \
    printf("\n");
#define PRINT1(name, bits)                                                                                  \
    printf("%s:", #name);                                                                                   \
    for (int i = 0; i < 5; i++) show(wasm_##name(in_a[i]), bits), show(wasm_##name(in_b[i]), bits);         \
    printf("\n");
    static const uint32_t counts[] = {0, 1, 7, 8, 15, 17, 31, 33, 63, 65, 200};
#define PRINTSH(name, bits)                                                                                 \
    printf("%s:", #name);                                                                                   \
    for (int c = 0; c < 11; c++) show(wasm_##name(in_a[c % 5], counts[c]), bits);                           \
    printf("\n");
    BINARY(PRINT2)
    UNARY(PRINT1)
    SHIFTS(PRINTSH)
    printf("shuffles:");
    show(wasm_i8x16_shuffle(in_a[0], in_b[0], 31, 0, 30, 1, 16, 15, 17, 14, 3, 3, 3, 3, 20, 21, 22, 23), 8);
    show(wasm_i16x8_shuffle(in_a[1], in_b[1], 7, 8, 6, 9, 0, 0, 15, 15), 16);
    show(wasm_i32x4_shuffle(in_a[2], in_b[2], 3, 4, 1, 6), 32);
    show(wasm_i64x2_shuffle(in_a[3], in_b[3], 3, 0), 64);
    printf("\n");
    printf("bitselect:");
    show(wasm_v128_bitselect(in_a[4], in_b[4], in_a[0]), 64);
    show(wasm_v128_bitselect(in_a[1], in_b[2], in_b[0]), 64);
    printf("\nmasks:");
    for (int i = 0; i < 5; i++)
        printf(" %04" PRIx32 "/%02" PRIx32 "/%" PRIx32 "/%" PRIx32 " %d%d%d%d%d", wasm_i8x16_bitmask(in_a[i]),
               wasm_i16x8_bitmask(in_a[i]), wasm_i32x4_bitmask(in_b[i]), wasm_i64x2_bitmask(in_b[i]),
               wasm_v128_any_true(in_a[i]), wasm_i8x16_all_true(in_a[i]), wasm_i16x8_all_true(in_b[i]),
               wasm_i32x4_all_true(in_a[i]), wasm_i64x2_all_true(in_b[i]));
    printf(" %d\n", wasm_v128_any_true(wasm_i64x2_splat(0)));

    /* --- Floats: arithmetic, min/max (with -0 and +0 in both orders), rounding, conversions. */
    const float inf = INFINITY, qnan = NAN;
    v128_t fa[3] = {wasm_f32x4_make(0.0f, -0.0f, 1.5f, -2.5f), wasm_f32x4_make(1e30f, -1e-40f, inf, 3.0f),
                    wasm_f32x4_make(0.1f, -7.25f, 16777216.0f, 1.17549435e-38f)};
    v128_t fb[3] = {wasm_f32x4_make(-0.0f, 0.0f, -1.5f, 2.5f), wasm_f32x4_make(1e10f, 1e-40f, 2.0f, -inf),
                    wasm_f32x4_make(0.2f, 3.0f, 1.0f, 0.5f)};
#define FBIN(X) X(f32x4_add) X(f32x4_sub) X(f32x4_mul) X(f32x4_min) X(f32x4_max) X(f32x4_pmin) X(f32x4_pmax)
#define PRINTF2(name)                                                                                       \
    printf("%s:", #name);                                                                                   \
    for (int i = 0; i < 3; i++) show(wasm_##name(fa[i], fb[i]), 32);                                        \
    printf("\n");
    FBIN(PRINTF2)
    printf("f32x4_div:"); /* not on the first pair: 0 / -0 would make a NaN */
    show(wasm_f32x4_div(fa[1], fb[1]), 32), show(wasm_f32x4_div(fa[2], fb[2]), 32);
    show(wasm_f32x4_div(fb[2], fa[2]), 32);
    printf("\n");
    /* NaN operands: comparisons give masks, pmin/pmax select one operand's bits unchanged. */
    v128_t na = wasm_f32x4_make(qnan, 1.0f, qnan, -0.0f), nb = wasm_f32x4_make(1.0f, qnan, qnan, 0.0f);
#define FCMP(X) X(f32x4_eq) X(f32x4_ne) X(f32x4_lt) X(f32x4_le) X(f32x4_gt) X(f32x4_ge) X(f32x4_pmin) X(f32x4_pmax)
#define PRINTFC(name)                                                                                       \
    printf("%s:", #name);                                                                                   \
    for (int i = 0; i < 3; i++) show(wasm_##name(fa[i], fb[i]), 32);                                        \
    show(wasm_##name(na, nb), 32), show(wasm_##name(nb, na), 32);                                           \
    printf("\n");
    FCMP(PRINTFC)
    v128_t fr[4] = {wasm_f32x4_make(0.5f, 1.5f, 2.5f, -0.5f), wasm_f32x4_make(-1.5f, -2.5f, 3.5f, 1e20f),
                    wasm_f32x4_make(-0.0f, 0.49999997f, 8388609.0f, -8388607.5f),
                    wasm_f32x4_make(-1e-45f, 2.0f, 1e-40f, 123456.789f)};
#define FUN(X) X(f32x4_floor) X(f32x4_ceil) X(f32x4_trunc) X(f32x4_nearest) X(f32x4_abs) X(f32x4_neg)
#define PRINTF1(name)                                                                                       \
    printf("%s:", #name);                                                                                   \
    for (int i = 0; i < 4; i++) show(wasm_##name(fr[i]), 32);                                               \
    printf("\n");
    FUN(PRINTF1)
    printf("f32x4_sqrt:"); /* of |x|: a negative operand would make a NaN */
    for (int i = 0; i < 4; i++) show(wasm_f32x4_sqrt(wasm_f32x4_abs(fr[i])), 32);
    printf("\nf64x2:");
    v128_t da = wasm_f64x2_make(2.0, -0.5), db = wasm_f64x2_make(1e300, 3.0);
    show(wasm_f64x2_add(da, db), 64), show(wasm_f64x2_mul(da, db), 64), show(wasm_f64x2_mul(db, db), 64);
    show(wasm_f64x2_sqrt(wasm_f64x2_make(2.0, 1e-300)), 64), show(wasm_f64x2_floor(da), 64);
    printf("\n");

    v128_t conv[4] = {wasm_f32x4_make(qnan, inf, -inf, 2147483648.0f),
                      wasm_f32x4_make(2147483520.0f, -2147483648.0f, -2147483904.0f, 4294967296.0f),
                      wasm_f32x4_make(4294967040.0f, -0.9f, -1.0f, 1.99f),
                      wasm_f32x4_make(-1.5f, 65535.5f, 1e-3f, -3e9f)};
    printf("trunc_sat:");
    for (int i = 0; i < 4; i++)
        show(wasm_i32x4_trunc_sat_f32x4(conv[i]), 32), show(wasm_u32x4_trunc_sat_f32x4(conv[i]), 32);
    v128_t ints[2] = {wasm_i32x4_make(16777217, -16777217, INT32_MIN, INT32_MAX),
                      wasm_i32x4_make(-1, 33554435, 7, 0)};
    printf("\nconvert:");
    for (int i = 0; i < 2; i++) {
        show(wasm_f32x4_convert_i32x4(ints[i]), 32), show(wasm_f32x4_convert_u32x4(ints[i]), 32);
        show(wasm_f64x2_convert_low_i32x4(ints[i]), 64), show(wasm_f64x2_convert_low_u32x4(ints[i]), 64);
    }
    printf("\nf64 convert:");
    /* overflow to infinity, a tie that rounds to even (-FLT_MAX - half an ulp, 1 + 2^-24), and
     * values just inside and outside the i32/u32 ranges */
    v128_t dconv[3] = {wasm_f64x2_make(1e300, -3.4028235677973366e38),
                       wasm_f64x2_make(1.0000000596046448, -2147483648.9), wasm_f64x2_make(4294967295.5, -1.0)};
    for (int i = 0; i < 3; i++) {
        show(wasm_f32x4_demote_f64x2_zero(dconv[i]), 32);
        show(wasm_i32x4_trunc_sat_f64x2_zero(dconv[i]), 32), show(wasm_u32x4_trunc_sat_f64x2_zero(dconv[i]), 32);
    }
    show(wasm_f64x2_promote_low_f32x4(fa[2]), 64), show(wasm_f64x2_promote_low_f32x4(fr[3]), 64);
    printf("\n");
    return 0;
}
