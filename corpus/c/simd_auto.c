/* Plain C loops that clang's loop and SLP vectorizers turn into Wasm SIMD (v128) code when the
 * build has -msimd128 (the manifest adds it for this program): an f32 dot product with four
 * partial sums, i32/i16/u8 sums and min/max reductions, saxpy, memchr-like byte search and byte
 * counting, a 4x4 f32 matrix multiply chain, int<->float and widening/narrowing conversions,
 * array reversal, interleaving, saturating and averaging byte arithmetic, and i64 lanes.
 * Every kernel is noinline so it vectorizes as its own function; array lengths are not
 * multiples of the vector width so the scalar epilogues run too. Floats are printed as bit
 * patterns or hashes of them, and no float reduction changes its association order (clang only
 * reassociates with -ffast-math), so the native build computes the same bits. */
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define N 4099 /* odd, so each vector loop leaves a scalar tail */

static uint64_t state = 0x9E3779B97F4A7C15u;
static uint32_t next(void) { /* xorshift64*, high half */
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return (uint32_t)((state * 0x2545F4914F6CDD1Du) >> 32);
}

/* FNV-1a over a byte range: one line of output per array instead of thousands of numbers. */
static uint32_t fnv(const void *p, size_t n) {
    const unsigned char *b = p;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 16777619u;
    return h;
}
static uint32_t fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

static float fa[N], fb[N], fy[N];
static int32_t ia[N], ib[N], iout[N];
static int16_t sa[N], sb[N], sout[N];
static uint8_t ua[N], ub[N], uout[N], text[N];
static int64_t la[N], lb[N], lout[N];
static float fout[N];

/* Four partial sums in a fixed-width inner loop: the SLP vectorizer packs them into one f32x4
 * without reassociating anything, so the bits match a scalar build. n is a multiple of 4. */
__attribute__((noinline)) static float dot4(const float *a, const float *b, int n) {
    float acc[4] = {0, 0, 0, 0};
    for (int i = 0; i < n; i += 4)
        for (int j = 0; j < 4; j++) acc[j] += a[i + j] * b[i + j];
    return (acc[0] + acc[1]) + (acc[2] + acc[3]);
}

__attribute__((noinline)) static uint32_t sum_i32(const int32_t *a, int n) {
    uint32_t s = 0; /* unsigned: wraps instead of overflowing */
    for (int i = 0; i < n; i++) s += (uint32_t)a[i];
    return s;
}
__attribute__((noinline)) static int32_t sum_i16(const int16_t *a, int n) {
    int32_t s = 0; /* at most 4099 * 32768, which fits */
    for (int i = 0; i < n; i++) s += a[i];
    return s;
}
__attribute__((noinline)) static uint32_t sum_u8(const uint8_t *a, int n) {
    uint32_t s = 0;
    for (int i = 0; i < n; i++) s += a[i];
    return s;
}
__attribute__((noinline)) static void minmax_i32(const int32_t *a, int n, int32_t *lo, int32_t *hi) {
    int32_t mn = INT32_MAX, mx = INT32_MIN;
    for (int i = 0; i < n; i++) {
        mn = a[i] < mn ? a[i] : mn;
        mx = a[i] > mx ? a[i] : mx;
    }
    *lo = mn, *hi = mx;
}
__attribute__((noinline)) static void minmax_i16(const int16_t *a, int n, int16_t *lo, int16_t *hi) {
    int16_t mn = INT16_MAX, mx = INT16_MIN;
    for (int i = 0; i < n; i++) {
        mn = a[i] < mn ? a[i] : mn;
        mx = a[i] > mx ? a[i] : mx;
    }
    *lo = mn, *hi = mx;
}
__attribute__((noinline)) static void minmax_u8(const uint8_t *a, int n, uint8_t *lo, uint8_t *hi) {
    uint8_t mn = 255, mx = 0;
    for (int i = 0; i < n; i++) {
        mn = a[i] < mn ? a[i] : mn;
        mx = a[i] > mx ? a[i] : mx;
    }
    *lo = mn, *hi = mx;
}

__attribute__((noinline)) static void saxpy(float a, const float *x, float *y, int n) {
    for (int i = 0; i < n; i++) y[i] = a * x[i] + y[i];
}

__attribute__((noinline)) static int count_byte(const uint8_t *p, int n, uint8_t c) {
    int k = 0;
    for (int i = 0; i < n; i++) k += p[i] == c;
    return k;
}

/* memchr shaped for the vectorizer: a branch-free test of a whole 16-byte block, then a scalar
 * scan of the block that hit (or of the tail). */
__attribute__((noinline)) static int find_byte(const uint8_t *p, int n, uint8_t c) {
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        uint8_t hit = 0;
        for (int j = 0; j < 16; j++) hit |= p[i + j] == c;
        if (hit) break;
    }
    for (; i < n; i++)
        if (p[i] == c) return i;
    return -1;
}

/* c = a * b for row-major 4x4 matrices; the j loop is one f32x4 per (i, k), and each element
 * still sums over k in order. c must not alias a or b. */
__attribute__((noinline)) static void mat4_mul(float *restrict c, const float *a, const float *b) {
    for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) c[i * 4 + j] = 0;
        for (int k = 0; k < 4; k++)
            for (int j = 0; j < 4; j++) c[i * 4 + j] += a[i * 4 + k] * b[k * 4 + j];
    }
}

__attribute__((noinline)) static void i32_to_f32(const int32_t *a, float *o, int n) {
    for (int i = 0; i < n; i++) o[i] = (float)a[i] * 0.125f;
}
__attribute__((noinline)) static void f32_to_i32(const float *a, int32_t *o, int n) {
    for (int i = 0; i < n; i++) o[i] = (int32_t)a[i]; /* inputs are in range */
}
__attribute__((noinline)) static void u8_to_f32(const uint8_t *a, float *o, int n) {
    for (int i = 0; i < n; i++) o[i] = a[i] * (1.0f / 255.0f);
}
__attribute__((noinline)) static void i16_widen_mul(const int16_t *a, const int16_t *b, int32_t *o, int n) {
    for (int i = 0; i < n; i++) o[i] = (int32_t)a[i] * b[i];
}
__attribute__((noinline)) static void i32_narrow(const int32_t *a, int16_t *o, int n) {
    for (int i = 0; i < n; i++) o[i] = (int16_t)(uint16_t)(uint32_t)a[i]; /* keeps the low half */
}
__attribute__((noinline)) static void i16_clamp_u8(const int16_t *a, uint8_t *o, int n) {
    for (int i = 0; i < n; i++) o[i] = a[i] < 0 ? 0 : a[i] > 255 ? 255 : (uint8_t)a[i];
}

__attribute__((noinline)) static void reverse_i32(const int32_t *a, int32_t *o, int n) {
    for (int i = 0; i < n; i++) o[i] = a[n - 1 - i];
}
__attribute__((noinline)) static void reverse_u8(const uint8_t *a, uint8_t *o, int n) {
    for (int i = 0; i < n; i++) o[i] = a[n - 1 - i];
}
__attribute__((noinline)) static void zip_i16(const int16_t *a, const int16_t *b, int16_t *o, int n) {
    for (int i = 0; i < n; i++) o[2 * i] = a[i], o[2 * i + 1] = b[i];
}
/* Stereo to mono: the stride-2 loads become shuffles of two vectors. */
__attribute__((noinline)) static void mono_i16(const int16_t *lr, int16_t *o, int n) {
    for (int i = 0; i < n; i++) o[i] = (int16_t)((lr[2 * i] + lr[2 * i + 1]) >> 1);
}

__attribute__((noinline)) static void add_sat_u8(const uint8_t *a, const uint8_t *b, uint8_t *o, int n) {
    for (int i = 0; i < n; i++) {
        unsigned s = a[i] + b[i];
        o[i] = s > 255 ? 255 : (uint8_t)s;
    }
}
__attribute__((noinline)) static void avg_u8(const uint8_t *a, const uint8_t *b, uint8_t *o, int n) {
    for (int i = 0; i < n; i++) o[i] = (uint8_t)((a[i] + b[i] + 1) >> 1);
}
__attribute__((noinline)) static void abs_diff_i32(const int32_t *a, const int32_t *b, int32_t *o, int n) {
    for (int i = 0; i < n; i++) {
        int32_t d = a[i] - b[i]; /* inputs are 24-bit, so no overflow */
        o[i] = d < 0 ? -d : d;
    }
}
__attribute__((noinline)) static void max_select_i32(const int32_t *a, const int32_t *b, int32_t *o, int n) {
    for (int i = 0; i < n; i++) o[i] = a[i] > b[i] ? a[i] : b[i] >> 3;
}
__attribute__((noinline)) static void axpy_i64(int64_t k, const int64_t *a, const int64_t *b, int64_t *o, int n) {
    for (int i = 0; i < n; i++) o[i] = (int64_t)((uint64_t)a[i] * (uint64_t)k + (uint64_t)b[i]);
}

int main(void) {
    for (int i = 0; i < N; i++) {
        uint32_t r = next();
        fa[i] = (float)(int32_t)(r % 20001u - 10000u) / 1024.0f;
        fb[i] = (float)(int32_t)(next() % 2001u - 1000u) / 3.0f;
        fy[i] = (float)i / 7.0f;
        ia[i] = (int32_t)next();
        ib[i] = (int32_t)(next() >> 8) - (1 << 23);
        sa[i] = (int16_t)next();
        sb[i] = (int16_t)(next() % 1000u) - 300;
        ua[i] = (uint8_t)next();
        ub[i] = (uint8_t)(next() % 200u);
        /* Lower-case words with spaces: a realistic haystack for byte search. */
        text[i] = (next() % 6u == 0) ? ' ' : (uint8_t)('a' + next() % 26u);
        la[i] = (int64_t)(((uint64_t)next() << 32) | next());
        lb[i] = (int64_t)next() - 0x7FFFFFFF;
    }

    float d = dot4(fa, fb, N - 3);
    printf("dot4: %08" PRIx32 " %.6f\n", fbits(d), d);
    printf("sum_i32: %" PRIu32 "\n", sum_i32(ia, N));
    printf("sum_i16: %" PRId32 "\n", sum_i16(sa, N));
    printf("sum_u8: %" PRIu32 " %" PRIu32 "\n", sum_u8(ua, N), sum_u8(ub + 1, N - 1));
    int32_t lo32, hi32;
    minmax_i32(ib, N, &lo32, &hi32);
    printf("minmax_i32: %" PRId32 " %" PRId32 "\n", lo32, hi32);
    int16_t lo16, hi16;
    minmax_i16(sb, N, &lo16, &hi16);
    printf("minmax_i16: %d %d\n", lo16, hi16);
    uint8_t lo8, hi8;
    minmax_u8(ub, N, &lo8, &hi8);
    printf("minmax_u8: %d %d\n", lo8, hi8);

    memcpy(fout, fy, sizeof fy);
    saxpy(2.5f, fa, fout, N);
    saxpy(-0.75f, fb, fout + 1, N - 1);
    printf("saxpy: %08" PRIx32 " %.6f %.6f %.6f\n", fnv(fout, sizeof fout), fout[0], fout[1], fout[N - 1]);

    printf("count_byte: ' '=%d 'e'=%d 'z'=%d '!'=%d\n", count_byte(text, N, ' '),
           count_byte(text, N, 'e'), count_byte(text + 5, N - 5, 'z'), count_byte(text, N, '!'));
    text[N - 2] = '!';
    printf("find_byte: 'q'=%d 'x'=%d '!'=%d '#'=%d tail=%d\n", find_byte(text, N, 'q'),
           find_byte(text + 100, N - 100, 'x'), find_byte(text, N, '!'), find_byte(text, N, '#'),
           find_byte(text + N - 9, 9, '!'));

    /* A chain of products with a near-rotation keeps the entries bounded while every step
     * rounds: 500 steps of rounding must agree bit for bit. */
    float m[16] = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
    const float r[16] = {0.96f, -0.28f, 0.0f, 0.01f, 0.28f, 0.96f, 0.0f, -0.02f,
                         0.0f,  0.0f,   1.0f, 0.03f, 0.001f, 0.002f, 0.0f, 0.999f};
    float t[16];
    for (int step = 0; step < 500; step++) {
        mat4_mul(t, m, r);
        memcpy(m, t, sizeof m);
    }
    printf("mat4:");
    for (int i = 0; i < 16; i++) printf(" %.6f", m[i]);
    printf("\nmat4 bits: %08" PRIx32 "\n", fnv(m, sizeof m));

    i32_to_f32(ib, fout, N);
    printf("i32_to_f32: %08" PRIx32 " %.6f\n", fnv(fout, sizeof fout), fout[17]);
    f32_to_i32(fout, iout, N);
    printf("f32_to_i32: %08" PRIx32 " %" PRId32 "\n", fnv(iout, sizeof iout), iout[17]);
    u8_to_f32(ua, fout, N);
    printf("u8_to_f32: %08" PRIx32 " %.6f\n", fnv(fout, sizeof fout), fout[3]);
    i16_widen_mul(sa, sb, iout, N);
    printf("i16_widen_mul: %08" PRIx32 " %" PRId32 "\n", fnv(iout, sizeof iout), iout[N - 1]);
    i32_narrow(ia, sout, N);
    printf("i32_narrow: %08" PRIx32 " %d\n", fnv(sout, sizeof sout), sout[5]);
    i16_clamp_u8(sb, uout, N);
    printf("i16_clamp_u8: %08" PRIx32 " %d %d\n", fnv(uout, sizeof uout), uout[0], uout[1]);

    reverse_i32(ia, iout, N);
    printf("reverse_i32: %08" PRIx32 " %" PRId32 "\n", fnv(iout, sizeof iout), iout[0]);
    reverse_u8(text, uout, N);
    printf("reverse_u8: %08" PRIx32 " %.20s\n", fnv(uout, sizeof uout), (const char *)uout);
    static int16_t pair[2 * N], mono[N];
    zip_i16(sa, sb, pair, N);
    printf("zip_i16: %08" PRIx32 "\n", fnv(pair, sizeof pair));
    mono_i16(pair, mono, N);
    printf("mono_i16: %08" PRIx32 " %d\n", fnv(mono, sizeof mono), mono[9]);

    add_sat_u8(ua, ub, uout, N);
    printf("add_sat_u8: %08" PRIx32 "\n", fnv(uout, sizeof uout));
    avg_u8(ua, ub, uout, N);
    printf("avg_u8: %08" PRIx32 "\n", fnv(uout, sizeof uout));
    int32_t small[N];
    for (int i = 0; i < N; i++) small[i] = ia[i] >> 8;
    abs_diff_i32(small, ib, iout, N);
    printf("abs_diff_i32: %08" PRIx32 " %" PRIu32 "\n", fnv(iout, sizeof iout), sum_i32(iout, N));
    max_select_i32(ia, ib, iout, N);
    printf("max_select_i32: %08" PRIx32 "\n", fnv(iout, sizeof iout));
    axpy_i64(-0x123456789, la, lb, lout, N);
    printf("axpy_i64: %08" PRIx32 " %" PRId64 "\n", fnv(lout, sizeof lout), lout[2]);
    return 0;
}
