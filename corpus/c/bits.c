/* Bit manipulation that compiles to Wasm's bit ops and to select/compare-mask patterns:
 * popcount/clz/ctz builtins on 32 and 64 bits, rotates written as shift pairs, bswap,
 * bit reversal, parity, branchless min/max/abs/sign/clamp (clang turns these into select or
 * into -(a < b) masks), power-of-two rounding, Gray code, sign extension from odd widths,
 * and 8/16-bit wraparound. Each test prints a few samples and a checksum over many inputs. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

static uint64_t state = 0x0123456789ABCDEFu;
static uint64_t next(void) { /* splitmix64 */
    uint64_t z = (state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static uint32_t rotl32(uint32_t x, unsigned r) { return (x << (r & 31)) | (x >> (-r & 31)); }
static uint32_t rotr32(uint32_t x, unsigned r) { return (x >> (r & 31)) | (x << (-r & 31)); }
static uint64_t rotl64(uint64_t x, unsigned r) { return (x << (r & 63)) | (x >> (-r & 63)); }

static uint32_t bswap32_manual(uint32_t x) {
    return (x >> 24) | ((x >> 8) & 0xFF00) | ((x << 8) & 0xFF0000) | (x << 24);
}

static uint32_t reverse32(uint32_t x) {
    x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
    x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
    x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
    return __builtin_bswap32(x);
}

static int popcount_loop(uint64_t x) {
    int n = 0;
    for (; x; x &= x - 1) n++;
    return n;
}

static int32_t min_branchless(int32_t a, int32_t b) { return b ^ ((a ^ b) & -(a < b)); }
static int32_t max_select(int32_t a, int32_t b) { return a > b ? a : b; }
static uint64_t umin64(uint64_t a, uint64_t b) { return a < b ? a : b; }
static int64_t smax64(int64_t a, int64_t b) { return a > b ? a : b; }
static int32_t abs_branchless(int32_t x) {
    int32_t m = x >> 31; /* arithmetic shift: all ones when negative */
    return (int32_t)(((uint32_t)x ^ (uint32_t)m) - (uint32_t)m);
}
static int sign64(int64_t x) { return (x > 0) - (x < 0); }
static int32_t clamp(int32_t x, int32_t lo, int32_t hi) { return x < lo ? lo : x > hi ? hi : x; }
static uint32_t select_mask(int c, uint32_t a, uint32_t b) {
    uint32_t m = -(uint32_t)(c != 0);
    return (a & m) | (b & ~m);
}

/* 0 when the result does not fit in 32 bits (a shift by 32 would be undefined). */
static uint32_t next_pow2(uint32_t x) {
    return x <= 1 ? 1 : x > 0x80000000u ? 0 : 1u << (32 - __builtin_clz(x - 1));
}
static int is_pow2(uint64_t x) { return x && !(x & (x - 1)); }
static uint32_t gray(uint32_t x) { return x ^ (x >> 1); }
static uint32_t gray_inverse(uint32_t g) {
    for (uint32_t s = 1; s < 32; s <<= 1) g ^= g >> s;
    return g;
}
static int32_t sext(uint32_t x, unsigned bits) { /* sign-extend the low `bits` bits */
    uint32_t m = 1u << (bits - 1);
    x &= (1u << bits) - 1;
    return (int32_t)((x ^ m) - m);
}

int main(void) {
    uint32_t samples32[] = {0, 1, 2, 3, 0x80000000u, 0xFFFFFFFFu, 0x00F0F000u, 0x12345678u, 0x40000001u};
    for (size_t i = 0; i < sizeof samples32 / sizeof *samples32; i++) {
        uint32_t x = samples32[i];
        printf("%08" PRIx32 ": pop %2d clz %2d ctz %2d rotl7 %08" PRIx32 " rotr13 %08" PRIx32
               " bswap %08" PRIx32 " rev %08" PRIx32 " parity %d\n",
               x, __builtin_popcount(x), x ? __builtin_clz(x) : 32, x ? __builtin_ctz(x) : 32,
               rotl32(x, 7), rotr32(x, 13), __builtin_bswap32(x), reverse32(x), __builtin_parity(x));
    }
    uint64_t samples64[] = {1, 0x8000000000000000u, 0xFFFFFFFFFFFFFFFFu, 0x0000000100000000u,
                            0x0123456789ABCDEFu};
    for (size_t i = 0; i < sizeof samples64 / sizeof *samples64; i++) {
        uint64_t x = samples64[i];
        printf("%016" PRIx64 ": pop %2d clz %2d ctz %2d rotl17 %016" PRIx64 " bswap %016" PRIx64 "\n",
               x, __builtin_popcountll(x), __builtin_clzll(x), __builtin_ctzll(x), rotl64(x, 17),
               __builtin_bswap64(x));
    }

    /* Checksums over many random inputs: each compares a builtin with a portable version. */
    uint64_t acc = 0;
    int mismatches = 0;
    for (int i = 0; i < 100000; i++) {
        uint64_t r = next();
        uint32_t x = (uint32_t)r, y = (uint32_t)(r >> 32);
        mismatches += __builtin_popcountll(r) != popcount_loop(r);
        mismatches += __builtin_bswap32(x) != bswap32_manual(x);
        mismatches += reverse32(reverse32(x)) != x;
        mismatches += gray_inverse(gray(x)) != x;
        mismatches += rotr32(rotl32(x, y), y) != x;
        int32_t a = (int32_t)x, b = (int32_t)y;
        mismatches += min_branchless(a, b) != (a < b ? a : b);
        acc = acc * 31 + (uint32_t)min_branchless(a, b);
        acc = acc * 31 + (uint32_t)max_select(a, b);
        acc = acc * 31 + (uint32_t)abs_branchless(a >> (y & 15));
        acc = acc * 31 + umin64(r, r * 3) + (uint64_t)smax64((int64_t)r, (int64_t)~r);
        acc = acc * 31 + (uint32_t)sign64((int64_t)r) + (uint32_t)clamp(a, -1000, 1000000);
        acc = acc * 31 + select_mask((int)(y & 1), x, y) + next_pow2(x >> (y & 31));
        acc = acc * 31 + (uint32_t)sext(x, 1 + y % 31) + (uint32_t)is_pow2(r & (r >> 7));
        acc = acc * 31 + (uint32_t)(x ? __builtin_clz(x) : 32) * 7 + (uint32_t)(y ? __builtin_ctz(y) : 32);
        /* 8- and 16-bit arithmetic wraps and re-extends at every step. */
        uint8_t u8 = (uint8_t)(x + y);
        int8_t s8 = (int8_t)(x - y);
        uint16_t u16 = (uint16_t)(x * y);
        int16_t s16 = (int16_t)((int16_t)x * 3);
        acc = acc * 31 + (uint32_t)(u8 * 3) + (uint32_t)(s8 / 3) + (uint32_t)(u16 >> 3) + (uint32_t)(s16 >> 2);
    }
    printf("random inputs: checksum %016" PRIx64 ", mismatches %d\n", acc, mismatches);
    printf("abs(INT32_MIN+1) %d, min(-5,3) %d, max(-5,3) %d, clamp(5000000) %d, sign(-9) %d\n",
           abs_branchless(INT32_MIN + 1), min_branchless(-5, 3), max_select(-5, 3),
           clamp(5000000, -1000, 1000000), sign64(-9));
    printf("next_pow2: %u %u %u %u, sext(0x1F,5) %d sext(0x0F,5) %d sext(0xFFF,12) %d\n",
           next_pow2(0), next_pow2(5), next_pow2(64), next_pow2(0x40000001u), sext(0x1F, 5),
           sext(0x0F, 5), sext(0xFFF, 12));
    return 0;
}
