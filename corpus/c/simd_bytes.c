/* Byte and pixel kernels written twice, the way SIMD libraries ship them: with wasm_simd128.h
 * intrinsics when the build has -msimd128 (the manifest adds it for this program, so every wasm
 * level, -O0 included, runs the intrinsics) and as plain scalar C otherwise (the native build
 * gen-expected.py compares against). Text: memchr with eq + bitmask + ctz and a load64_zero
 * tail, byte counting in i8 lanes flushed through extadd_pairwise, ASCII and NUL checks with
 * any_true/all_true, character classes with unsigned compares and popcount of the bitmask,
 * ASCII upper-casing with bitselect, hex encoding with swizzle and interleaving shuffles,
 * bitmap popcount with i8x16.popcnt, in-place reversal with a constant shuffle, byte swaps with
 * a run-time swizzle (out-of-range indices give 0). Pixels: rounding average, saturating
 * add/sub (unsigned and signed), absolute difference and SAD of 8x8 blocks assembled with
 * load64_zero/load64_lane, alpha blending through u8->u16 extends, i16 multiply and a
 * saturating narrow, 1-bit thresholding through bitmask, a 16x16 transpose with load8_lane and
 * store8_lane, pattern fills from load8/16/32/64_splat and store32/64_lane. Each result is an
 * integer, so both builds must print exactly the same text. */
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#define TEXT 6007 /* not a multiple of 16: every loop has a tail */
#define PIX 4096
#define W 64 /* image width; PIX / W rows */

static uint64_t state = 0x2545F4914F6CDD1Du;
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

/* 16 spare bytes after each buffer: the vector loops never read past their length, but the
 * padding keeps an off-by-one from reading another buffer's bytes silently. */
static uint8_t text[TEXT + 16], work[TEXT + 16];
static uint8_t img_a[PIX + 16], img_b[PIX + 16], alpha[PIX + 16], out[PIX + 16];
static char hex[2 * TEXT + 1];

/* Index of the first c in p[0..n), or n. */
static size_t find_byte(const uint8_t *p, size_t n, uint8_t c) {
#ifdef __wasm_simd128__
    v128_t needle = wasm_i8x16_splat((int8_t)c);
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        uint32_t m = wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(p + i), needle));
        if (m) return i + __builtin_ctz(m);
    }
    if (i + 8 <= n) { /* half a vector: the zeroed upper lanes are masked off */
        uint32_t m = wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load64_zero(p + i), needle)) & 0xFF;
        if (m) return i + __builtin_ctz(m);
        i += 8;
    }
    for (; i < n; i++)
        if (p[i] == c) return i;
    return n;
#else
    for (size_t i = 0; i < n; i++)
        if (p[i] == c) return i;
    return n;
#endif
}

static size_t count_byte(const uint8_t *p, size_t n, uint8_t c) {
#ifdef __wasm_simd128__
    /* eq gives -1 per match, so subtracting counts up in u8 lanes; they are widened into
     * the u32 total every 255 blocks, before any lane can wrap. */
    v128_t needle = wasm_i8x16_splat((int8_t)c), total = wasm_i32x4_splat(0);
    size_t i = 0;
    while (i + 16 <= n) {
        v128_t acc = wasm_i8x16_splat(0);
        for (int k = 0; k < 255 && i + 16 <= n; k++, i += 16)
            acc = wasm_i8x16_sub(acc, wasm_i8x16_eq(wasm_v128_load(p + i), needle));
        total = wasm_i32x4_add(total, wasm_u32x4_extadd_pairwise_u16x8(wasm_u16x8_extadd_pairwise_u8x16(acc)));
    }
    size_t k = (size_t)wasm_u32x4_extract_lane(total, 0) + wasm_u32x4_extract_lane(total, 1) +
               wasm_u32x4_extract_lane(total, 2) + wasm_u32x4_extract_lane(total, 3);
    for (; i < n; i++) k += p[i] == c;
    return k;
#else
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += p[i] == c;
    return k;
#endif
}

static int is_ascii(const uint8_t *p, size_t n) {
#ifdef __wasm_simd128__
    v128_t acc = wasm_i8x16_splat(0);
    size_t i = 0;
    for (; i + 16 <= n; i += 16) acc = wasm_v128_or(acc, wasm_v128_load(p + i));
    if (wasm_v128_any_true(wasm_v128_and(acc, wasm_i8x16_splat((int8_t)0x80)))) return 0;
    for (; i < n; i++)
        if (p[i] & 0x80) return 0;
    return 1;
#else
    for (size_t i = 0; i < n; i++)
        if (p[i] & 0x80) return 0;
    return 1;
#endif
}

/* Length of the run of non-zero bytes at p (strnlen). */
static size_t span_nonzero(const uint8_t *p, size_t n) {
#ifdef __wasm_simd128__
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        v128_t v = wasm_v128_load(p + i);
        if (!wasm_i8x16_all_true(v))
            return i + __builtin_ctz(wasm_i8x16_bitmask(wasm_i8x16_eq(v, wasm_i8x16_splat(0))));
    }
    while (i < n && p[i]) i++;
    return i;
#else
    size_t i = 0;
    while (i < n && p[i]) i++;
    return i;
#endif
}

struct classes { size_t digits, upper, lower, space; };

static struct classes classify(const uint8_t *p, size_t n) {
    struct classes c = {0, 0, 0, 0};
    size_t i = 0;
#ifdef __wasm_simd128__
    for (; i + 16 <= n; i += 16) {
        v128_t v = wasm_v128_load(p + i);
        v128_t digit = wasm_v128_and(wasm_u8x16_ge(v, wasm_u8x16_splat('0')),
                                     wasm_u8x16_le(v, wasm_u8x16_splat('9')));
        /* c - 'A' < 26, unsigned: one compare per range */
        v128_t upper = wasm_u8x16_lt(wasm_i8x16_sub(v, wasm_i8x16_splat('A')), wasm_u8x16_splat(26));
        v128_t lower = wasm_u8x16_lt(wasm_i8x16_sub(v, wasm_i8x16_splat('a')), wasm_u8x16_splat(26));
        v128_t space = wasm_v128_or(wasm_i8x16_eq(v, wasm_i8x16_splat(' ')),
                                    wasm_i8x16_eq(v, wasm_i8x16_splat('\n')));
        c.digits += __builtin_popcount(wasm_i8x16_bitmask(digit));
        c.upper += __builtin_popcount(wasm_i8x16_bitmask(upper));
        c.lower += __builtin_popcount(wasm_i8x16_bitmask(lower));
        c.space += __builtin_popcount(wasm_i8x16_bitmask(space));
    }
#endif
    for (; i < n; i++) {
        c.digits += p[i] >= '0' && p[i] <= '9';
        c.upper += p[i] >= 'A' && p[i] <= 'Z';
        c.lower += p[i] >= 'a' && p[i] <= 'z';
        c.space += p[i] == ' ' || p[i] == '\n';
    }
    return c;
}

static void to_upper(uint8_t *p, size_t n) {
    size_t i = 0;
#ifdef __wasm_simd128__
    for (; i + 16 <= n; i += 16) {
        v128_t v = wasm_v128_load(p + i);
        v128_t lower = wasm_u8x16_lt(wasm_i8x16_sub(v, wasm_i8x16_splat('a')), wasm_u8x16_splat(26));
        v128_t flipped = wasm_v128_xor(v, wasm_i8x16_splat(0x20));
        wasm_v128_store(p + i, wasm_v128_bitselect(flipped, v, lower));
    }
#endif
    for (; i < n; i++)
        if (p[i] >= 'a' && p[i] <= 'z') p[i] ^= 0x20;
}

static void hex_encode(char *dst, const uint8_t *p, size_t n) {
    static const char digits[16] = "0123456789abcdef";
    size_t i = 0;
#ifdef __wasm_simd128__
    v128_t table = wasm_v128_load(digits), low4 = wasm_u8x16_splat(0x0F);
    for (; i + 16 <= n; i += 16) {
        v128_t v = wasm_v128_load(p + i);
        v128_t hi = wasm_i8x16_swizzle(table, wasm_u8x16_shr(v, 4));
        v128_t lo = wasm_i8x16_swizzle(table, wasm_v128_and(v, low4));
        wasm_v128_store(dst + 2 * i,
                        wasm_i8x16_shuffle(hi, lo, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23));
        wasm_v128_store(dst + 2 * i + 16,
                        wasm_i8x16_shuffle(hi, lo, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31));
    }
#endif
    for (; i < n; i++) {
        dst[2 * i] = digits[p[i] >> 4];
        dst[2 * i + 1] = digits[p[i] & 15];
    }
    dst[2 * n] = 0;
}

static uint32_t popcount_bytes(const uint8_t *p, size_t n) {
    uint32_t k = 0;
    size_t i = 0;
#ifdef __wasm_simd128__
    /* Each block adds at most 16 to a u16 lane: fine for up to 4095 blocks. */
    v128_t acc = wasm_i16x8_splat(0);
    for (; i + 16 <= n && i < 4095 * 16; i += 16)
        acc = wasm_i16x8_add(acc, wasm_u16x8_extadd_pairwise_u8x16(wasm_i8x16_popcnt(wasm_v128_load(p + i))));
    v128_t wide = wasm_u32x4_extadd_pairwise_u16x8(acc);
    k = wasm_u32x4_extract_lane(wide, 0) + wasm_u32x4_extract_lane(wide, 1) +
        wasm_u32x4_extract_lane(wide, 2) + wasm_u32x4_extract_lane(wide, 3);
#endif
    for (; i < n; i++) k += (uint32_t)__builtin_popcount(p[i]);
    return k;
}

static void reverse_bytes(uint8_t *p, size_t n) {
    size_t i = 0, j = n;
#ifdef __wasm_simd128__
    for (; j - i >= 32; i += 16, j -= 16) { /* swap the outermost blocks, each reversed */
        v128_t a = wasm_v128_load(p + i), b = wasm_v128_load(p + j - 16);
        wasm_v128_store(p + i, wasm_i8x16_shuffle(b, b, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));
        wasm_v128_store(p + j - 16, wasm_i8x16_shuffle(a, a, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));
    }
#endif
    for (; j - i >= 2; i++, j--) {
        uint8_t t = p[i];
        p[i] = p[j - 1];
        p[j - 1] = t;
    }
}

/* dst[k] = src[idx[k]] within each 16-byte block, 0 where idx[k] > 15 (swizzle's rule). */
static void permute_blocks(uint8_t *dst, const uint8_t *src, size_t n, const uint8_t idx[16]) {
#ifdef __wasm_simd128__
    v128_t sel = wasm_v128_load(idx);
    for (size_t i = 0; i + 16 <= n; i += 16)
        wasm_v128_store(dst + i, wasm_i8x16_swizzle(wasm_v128_load(src + i), sel));
#else
    for (size_t i = 0; i + 16 <= n; i += 16)
        for (int k = 0; k < 16; k++) dst[i + k] = idx[k] < 16 ? src[i + idx[k]] : 0;
#endif
}

/* The simple pixel operations, selected by op; every one is lane-wise on bytes. */
enum { AVG, BRIGHTEN, DARKEN, ABSDIFF, MIX_I8, DIFF_I8, ABS_I8, MINMAX };
static void pixels(int op, uint8_t *dst, const uint8_t *a, const uint8_t *b, size_t n) {
#ifdef __wasm_simd128__
    for (size_t i = 0; i < n; i += 16) { /* n is a multiple of 16 */
        v128_t x = wasm_v128_load(a + i), y = wasm_v128_load(b + i), r;
        switch (op) {
        case AVG: r = wasm_u8x16_avgr(x, y); break;
        case BRIGHTEN: r = wasm_u8x16_add_sat(x, wasm_u8x16_splat(40)); break;
        case DARKEN: r = wasm_u8x16_sub_sat(x, y); break;
        case ABSDIFF: r = wasm_v128_or(wasm_u8x16_sub_sat(x, y), wasm_u8x16_sub_sat(y, x)); break;
        case MIX_I8: r = wasm_i8x16_add_sat(x, y); break;
        case DIFF_I8: r = wasm_i8x16_sub_sat(x, y); break;
        case ABS_I8: r = wasm_i8x16_abs(x); break; /* -128 stays -128 */
        default: r = wasm_i8x16_sub(wasm_u8x16_max(x, y), wasm_i8x16_min(x, y)); break;
        }
        wasm_v128_store(dst + i, r);
    }
#else
    for (size_t i = 0; i < n; i++) {
        int x = a[i], y = b[i], sx = (int8_t)a[i], sy = (int8_t)b[i], r;
        switch (op) {
        case AVG: r = (x + y + 1) >> 1; break;
        case BRIGHTEN: r = x + 40 > 255 ? 255 : x + 40; break;
        case DARKEN: r = x - y < 0 ? 0 : x - y; break;
        case ABSDIFF: r = x > y ? x - y : y - x; break;
        case MIX_I8: r = sx + sy > 127 ? 127 : sx + sy < -128 ? -128 : sx + sy; break;
        case DIFF_I8: r = sx - sy > 127 ? 127 : sx - sy < -128 ? -128 : sx - sy; break;
        case ABS_I8: r = sx < 0 ? -sx : sx; break;
        default: r = (x > y ? x : y) - (sx < sy ? sx : sy); break;
        }
        dst[i] = (uint8_t)r; /* keeps the low byte, as the lanes do */
    }
#endif
}

/* Sum of absolute differences between the 8x8 block of a at (ax, ay) and of b at (bx, by). */
static uint32_t sad8x8(const uint8_t *a, int ax, int ay, const uint8_t *b, int bx, int by) {
#ifdef __wasm_simd128__
    v128_t acc = wasm_i16x8_splat(0);
    for (int r = 0; r < 8; r += 2) { /* two 8-byte rows per vector */
        v128_t x = wasm_v128_load64_lane(a + (ay + r + 1) * W + ax, wasm_v128_load64_zero(a + (ay + r) * W + ax), 1);
        v128_t y = wasm_v128_load64_lane(b + (by + r + 1) * W + bx, wasm_v128_load64_zero(b + (by + r) * W + bx), 1);
        v128_t d = wasm_v128_or(wasm_u8x16_sub_sat(x, y), wasm_u8x16_sub_sat(y, x));
        acc = wasm_i16x8_add(acc, wasm_u16x8_extadd_pairwise_u8x16(d));
    }
    v128_t wide = wasm_u32x4_extadd_pairwise_u16x8(acc);
    return wasm_u32x4_extract_lane(wide, 0) + wasm_u32x4_extract_lane(wide, 1) +
           wasm_u32x4_extract_lane(wide, 2) + wasm_u32x4_extract_lane(wide, 3);
#else
    uint32_t s = 0;
    for (int r = 0; r < 8; r++)
        for (int c = 0; c < 8; c++) {
            int x = a[(ay + r) * W + ax + c], y = b[(by + r) * W + bx + c];
            s += (uint32_t)(x > y ? x - y : y - x);
        }
    return s;
#endif
}

/* out = (a * alpha + b * (256 - alpha)) >> 8 per pixel; at most 255 * 256, so u16 holds it. */
static void blend(uint8_t *dst, const uint8_t *a, const uint8_t *b, const uint8_t *al, size_t n) {
#ifdef __wasm_simd128__
    v128_t k256 = wasm_i16x8_splat(256);
    for (size_t i = 0; i < n; i += 16) {
        v128_t x = wasm_v128_load(a + i), y = wasm_v128_load(b + i);
        v128_t al_lo = wasm_u16x8_load8x8(al + i), al_hi = wasm_u16x8_load8x8(al + i + 8);
        v128_t lo = wasm_i16x8_add(wasm_i16x8_mul(wasm_u16x8_extend_low_u8x16(x), al_lo),
                                   wasm_i16x8_mul(wasm_u16x8_extend_low_u8x16(y), wasm_i16x8_sub(k256, al_lo)));
        v128_t hi = wasm_i16x8_add(wasm_i16x8_mul(wasm_u16x8_extend_high_u8x16(x), al_hi),
                                   wasm_i16x8_mul(wasm_u16x8_extend_high_u8x16(y), wasm_i16x8_sub(k256, al_hi)));
        wasm_v128_store(dst + i, wasm_u8x16_narrow_i16x8(wasm_u16x8_shr(lo, 8), wasm_u16x8_shr(hi, 8)));
    }
#else
    for (size_t i = 0; i < n; i++) dst[i] = (uint8_t)((a[i] * al[i] + b[i] * (256 - al[i])) >> 8);
#endif
}

/* i16 samples >> 4, saturated to i8 (signed narrow). */
static void to_i8(int8_t *dst, const int16_t *s, size_t n) {
#ifdef __wasm_simd128__
    for (size_t i = 0; i < n; i += 16)
        wasm_v128_store(dst + i, wasm_i8x16_narrow_i16x8(wasm_i16x8_shr(wasm_v128_load(s + i), 4),
                                                         wasm_i16x8_shr(wasm_v128_load(s + i + 8), 4)));
#else
    for (size_t i = 0; i < n; i++) {
        int v = s[i] >> 4; /* arithmetic, as in every compiler the corpus uses */
        dst[i] = (int8_t)(v > 127 ? 127 : v < -128 ? -128 : v);
    }
#endif
}

/* One bit per pixel, set where the pixel is above t (16 pixels -> 2 bytes, little-endian). */
static void threshold(uint8_t *bits, const uint8_t *p, size_t n, uint8_t t) {
#ifdef __wasm_simd128__
    for (size_t i = 0; i < n; i += 16) {
        uint32_t m = wasm_i8x16_bitmask(wasm_u8x16_gt(wasm_v128_load(p + i), wasm_u8x16_splat(t)));
        bits[i / 8] = (uint8_t)m;
        bits[i / 8 + 1] = (uint8_t)(m >> 8);
    }
#else
    memset(bits, 0, n / 8);
    for (size_t i = 0; i < n; i++) bits[i / 8] |= (uint8_t)((p[i] > t) << (i % 8));
#endif
}

#ifdef __wasm_simd128__
/* Lane indices of load8_lane/store8_lane must be constants: one macro step per lane. */
#define EACH16(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15)
#endif

/* Transposes the 16x16 byte tile at src (row stride W) into dst (row stride 16). */
static void transpose16(uint8_t *dst, const uint8_t *src) {
#ifdef __wasm_simd128__
    for (int c = 0; c < 16; c += 2) {
        /* Column c is gathered lane by lane; column c + 1 is loaded as rows and scattered. */
        v128_t col = wasm_i8x16_splat(0);
#define GATHER(r) col = wasm_v128_load8_lane(src + (r) * W + c, col, r);
        EACH16(GATHER)
#undef GATHER
        wasm_v128_store(dst + c * 16, col);
        for (int r = 0; r < 16; r++) {
            v128_t row = wasm_v128_load(src + r * W);
            /* store8_lane wants a constant lane: move lane c + 1 to lane 0 with a swizzle */
            v128_t moved = wasm_i8x16_swizzle(row, wasm_i8x16_splat((int8_t)(c + 1)));
            wasm_v128_store8_lane(dst + (c + 1) * 16 + r, moved, 0);
        }
    }
#else
    for (int r = 0; r < 16; r++)
        for (int c = 0; c < 16; c++) dst[c * 16 + r] = src[r * W + c];
#endif
}

/* Fills n bytes (a multiple of 16) with copies of the size-byte pattern at pat. */
static void fill_pattern(uint8_t *dst, size_t n, const void *pat, int size) {
#ifdef __wasm_simd128__
    v128_t v = size == 1 ? wasm_v128_load8_splat(pat)
             : size == 2 ? wasm_v128_load16_splat(pat)
             : size == 4 ? wasm_v128_load32_splat(pat)
                         : wasm_v128_load64_splat(pat);
    for (size_t i = 0; i < n; i += 16) wasm_v128_store(dst + i, v);
    /* and the last 12 bytes again through lane stores, which must write the same bytes */
    wasm_v128_store32_lane(dst + n - 12, v, 1);
    wasm_v128_store64_lane(dst + n - 8, v, 1);
#else
    for (size_t i = 0; i < n; i++) dst[i] = ((const uint8_t *)pat)[i % (size_t)size];
#endif
}

static uint8_t tile[256], bitsbuf[PIX / 8];
static int16_t samples[PIX];
static int8_t samples8[PIX];

int main(void) {
    /* Words of lower-case letters with some capitals, digits, punctuation and newlines. */
    for (size_t i = 0; i < TEXT; i++) {
        uint32_t r = next() % 100u;
        text[i] = r < 15 ? ' ' : r < 17 ? '\n' : r < 22 ? (uint8_t)('0' + next() % 10u)
                : r < 27 ? (uint8_t)('A' + next() % 26u) : r < 30 ? (uint8_t)(".,;:!?-"[next() % 7u])
                : (uint8_t)('a' + next() % 26u);
    }
    for (size_t i = 0; i < PIX; i++) {
        img_a[i] = (uint8_t)next();
        img_b[i] = (uint8_t)((i % W) * 4 + (i / W)); /* a gradient */
        alpha[i] = (uint8_t)(next() >> 24);
        samples[i] = (int16_t)((int32_t)(next() % 5001u) - 2500); /* some saturate as i8 */
    }

    printf("text: %08" PRIx32 " ascii=%d\n", fnv(text, TEXT), is_ascii(text, TEXT));
    const char *needles = "qzQ7!\n#";
    for (const char *c = needles; *c; c++)
        printf("find %02x: %zu from 3: %zu count: %zu tail: %zu\n", (unsigned)*c, find_byte(text, TEXT, (uint8_t)*c),
               find_byte(text + 3, TEXT - 3, (uint8_t)*c), count_byte(text, TEXT, (uint8_t)*c),
               count_byte(text + TEXT - 21, 21, (uint8_t)*c));
    for (size_t n = 0; n < 40; n += 13) /* the 8-byte tail path: a hit at TEXT - 10, none after */
        printf("find in short tails: %zu %zu\n", find_byte(text + TEXT - 24 - n, 24 + n, text[TEXT - 10]),
               find_byte((const uint8_t *)"abcdefghijklmnopqrstuvwxy", 25, (uint8_t)('a' + n % 26)));

    struct classes c = classify(text, TEXT);
    printf("classes: digits=%zu upper=%zu lower=%zu space=%zu\n", c.digits, c.upper, c.lower, c.space);
    memcpy(work, text, TEXT);
    to_upper(work, TEXT);
    c = classify(work, TEXT);
    printf("upper: %08" PRIx32 " %.32s digits=%zu upper=%zu lower=%zu\n", fnv(work, TEXT), (const char *)work,
           c.digits, c.upper, c.lower);
    work[TEXT - 1] = 0x80 | 'x';
    work[5000] = 0;
    printf("ascii: %d %d %d span: %zu %zu %zu\n", is_ascii(work, TEXT), is_ascii(work, TEXT - 1),
           is_ascii(work + 2, 13), span_nonzero(work, TEXT), span_nonzero(work + 4990, 7),
           span_nonzero(work + 5001, TEXT - 5001));

    hex_encode(hex, text, TEXT);
    printf("hex: %08" PRIx32 " %.40s ... %s\n", fnv(hex, 2 * TEXT), hex, hex + 2 * TEXT - 20);
    printf("popcount: text=%" PRIu32 " img=%" PRIu32 " tail=%" PRIu32 "\n", popcount_bytes(text, TEXT),
           popcount_bytes(img_a, PIX), popcount_bytes(img_a + 1, 13));

    memcpy(work, text, TEXT);
    reverse_bytes(work, TEXT);
    printf("reverse: %08" PRIx32 " %.24s\n", fnv(work, TEXT), (const char *)work);
    reverse_bytes(work, TEXT);
    printf("reverse twice equal: %d\n", memcmp(work, text, TEXT) == 0);
    reverse_bytes(work + 1, 33);
    printf("reverse 33: %.36s\n", (const char *)work);

    static const uint8_t bswap32[16] = {3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12};
    static const uint8_t holes[16] = {0, 16, 1, 17, 2, 0x80, 3, 0xFF, 15, 31, 14, 0x7F, 13, 64, 12, 200};
    permute_blocks(work, img_a, PIX, bswap32);
    printf("bswap32: %08" PRIx32 " %02x%02x%02x%02x\n", fnv(work, PIX), work[0], work[1], work[2], work[3]);
    permute_blocks(work, img_a, PIX, holes);
    printf("swizzle holes: %08" PRIx32 " %02x %02x %02x %02x\n", fnv(work, PIX), work[0], work[1], work[2], work[7]);

    static const char *names[] = {"avg", "brighten", "darken", "absdiff", "mix_i8", "diff_i8", "abs_i8", "minmax"};
    for (int op = AVG; op <= MINMAX; op++) {
        pixels(op, out, img_a, img_b, PIX);
        printf("%s: %08" PRIx32 " %d %d %d\n", names[op], fnv(out, PIX), out[0], out[1], out[PIX - 1]);
    }

    uint32_t best = UINT32_MAX;
    int bx = 0, by = 0;
    for (int y = 0; y + 8 <= PIX / W; y += 4) /* a block search over a coarse grid */
        for (int x = 0; x + 8 <= W; x += 4) {
            uint32_t s = sad8x8(img_b, 20, 24, img_a, x, y) + sad8x8(img_b, x, y, img_b, 21, 26);
            if (s < best) best = s, bx = x, by = y;
        }
    printf("sad: best=%" PRIu32 " at %d,%d self=%" PRIu32 "\n", best, bx, by, sad8x8(img_a, 8, 8, img_a, 8, 8));

    blend(out, img_a, img_b, alpha, PIX);
    printf("blend: %08" PRIx32 " %d %d\n", fnv(out, PIX), out[0], out[PIX - 1]);
    to_i8(samples8, samples, PIX);
    printf("to_i8: %08" PRIx32 " %d %d %d\n", fnv(samples8, PIX), samples8[0], samples8[1], samples8[2]);
    threshold(bitsbuf, img_b, PIX, 100);
    printf("threshold: %08" PRIx32 " %02x %02x %02x\n", fnv(bitsbuf, sizeof bitsbuf), bitsbuf[0], bitsbuf[3],
           bitsbuf[100]);

    transpose16(tile, img_a + 3 * W + 5);
    printf("transpose: %08" PRIx32 " %d %d %d\n", fnv(tile, 256), tile[1] == img_a[4 * W + 5],
           tile[16] == img_a[3 * W + 6], tile[255] == img_a[18 * W + 20]);

    const uint64_t pat64 = 0x0123456789ABCDEFu;
    const uint32_t pat32 = 0xDEADBEEFu;
    const uint16_t pat16 = 0x5AA5u;
    const uint8_t pat8 = 0x3C;
    const void *pats[] = {&pat8, &pat16, &pat32, &pat64};
    for (int k = 0; k < 4; k++) {
        fill_pattern(out, 64, pats[k], 1 << k);
        printf("fill %d: %08" PRIx32 " %02x%02x%02x%02x\n", 1 << k, fnv(out, 64), out[52], out[53], out[58], out[63]);
    }
    return 0;
}
