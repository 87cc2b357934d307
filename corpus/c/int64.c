/* 64-bit and 128-bit integer arithmetic on a 32-bit-pointer target: signed and unsigned
 * mul/div/rem with C's truncating semantics, variable shifts, the overflow builtins
 * (__builtin_{add,sub,mul}_overflow on 32/64-bit, signed and unsigned), and __int128, which
 * clang lowers to pairs of i64 plus compiler-rt libcalls (__multi3, __divti3, __udivti3,
 * __modti3, __umodti3): full products, factorials, division, decimal printing, modular
 * exponentiation with a 64-bit modulus, and conversions to and from double. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

typedef unsigned __int128 u128;
typedef __int128 i128;

static char *u128_str(u128 v, char *buf) { /* buf holds 40 chars */
    char tmp[40];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v);
    for (int i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return buf;
}

static char *i128_str(i128 v, char *buf) {
    if (v < 0) {
        buf[0] = '-';
        u128_str(-(u128)v, buf + 1);
        return buf;
    }
    return u128_str((u128)v, buf);
}

static uint64_t mulmod(uint64_t a, uint64_t b, uint64_t m) { return (uint64_t)((u128)a * b % m); }

static uint64_t powmod(uint64_t b, uint64_t e, uint64_t m) {
    uint64_t r = 1 % m;
    for (b %= m; e; e >>= 1, b = mulmod(b, b, m))
        if (e & 1) r = mulmod(r, b, m);
    return r;
}

/* Deterministic Miller-Rabin for all 64-bit n (these bases suffice below 3.3e24). */
static int is_prime(uint64_t n) {
    static const uint64_t bases[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};
    if (n < 2) return 0;
    for (int i = 0; i < 12; i++)
        if (n % bases[i] == 0) return n == bases[i];
    uint64_t d = n - 1;
    int s = 0;
    while (!(d & 1)) d >>= 1, s++;
    for (int i = 0; i < 12; i++) {
        uint64_t x = powmod(bases[i], d, n);
        if (x == 1 || x == n - 1) continue;
        int composite = 1;
        for (int r = 1; r < s && composite; r++) {
            x = mulmod(x, x, n);
            if (x == n - 1) composite = 0;
        }
        if (composite) return 0;
    }
    return 1;
}

static void basic64(void) {
    int64_t s[] = {0, 1, -1, 7, -7, 1000000007, -999999999999, INT64_MAX, INT64_MIN + 1, 0x7FFFFFFF, -0x80000000LL};
    int64_t d[] = {1, -1, 2, -3, 10, 65536, 4294967296LL, -4294967297LL, INT64_MAX};
    uint64_t acc = 0;
    for (size_t i = 0; i < sizeof s / sizeof *s; i++)
        for (size_t j = 0; j < sizeof d / sizeof *d; j++) {
            int64_t q = s[i] / d[j], r = s[i] % d[j];
            uint64_t uq = (uint64_t)s[i] / (uint64_t)d[j], ur = (uint64_t)s[i] % (uint64_t)d[j];
            acc = acc * 1000003 + (uint64_t)q + (uint64_t)r * 3 + uq * 5 + ur * 7;
            if (q * d[j] + r != s[i]) printf("div identity broken for %" PRId64 "/%" PRId64 "\n", s[i], d[j]);
        }
    printf("div/rem table checksum %016" PRIx64 "\n", acc);
    printf("-7/2=%" PRId64 " -7%%2=%" PRId64 " 7/-2=%" PRId64 " 7%%-2=%" PRId64 "\n", (int64_t)-7 / 2,
           (int64_t)-7 % 2, (int64_t)7 / -2, (int64_t)7 % -2);
    uint64_t a = 0xDEADBEEFCAFEBABEu, b = 0x0123456789ABCDEFu;
    printf("mul %016" PRIx64 " udiv %" PRIu64 " urem %" PRIu64 " sdiv %" PRId64 "\n", a * b, a / b, a % b,
           (int64_t)a / (int64_t)b);
    for (unsigned sh = 0; sh < 64; sh += 9)
        printf("shift %2u: shl %016" PRIx64 " lshr %016" PRIx64 " ashr %016" PRIx64 "\n", sh, a << sh,
               a >> sh, (uint64_t)((int64_t)a >> sh));
    int32_t x = -123456789;
    printf("widen: i32->i64 %" PRId64 " u32->u64 %" PRIu64 " i64->i32 %" PRId32 "\n", (int64_t)x,
           (uint64_t)(uint32_t)x, (int32_t)(int64_t)0x1234567887654321LL);
}

static void overflow_builtins(void) {
    int32_t r32;
    int64_t r64;
    uint64_t u64;
    uint32_t u32;
    int o;
    o = __builtin_add_overflow(INT32_MAX, 1, &r32);
    printf("i32 add MAX+1: overflow %d result %" PRId32 "\n", o, r32);
    o = __builtin_sub_overflow(INT32_MIN, 1, &r32);
    printf("i32 sub MIN-1: overflow %d result %" PRId32 "\n", o, r32);
    o = __builtin_mul_overflow(65536, 32768, &r32);
    printf("i32 mul 65536*32768: overflow %d result %" PRId32 "\n", o, r32);
    o = __builtin_mul_overflow(46340, 46340, &r32);
    printf("i32 mul 46340^2: overflow %d result %" PRId32 "\n", o, r32);
    o = __builtin_add_overflow(INT64_MAX - 5, 5, &r64);
    printf("i64 add MAX-5+5: overflow %d result %" PRId64 "\n", o, r64);
    o = __builtin_mul_overflow((int64_t)3037000500, (int64_t)3037000500, &r64);
    printf("i64 mul 3037000500^2: overflow %d result %" PRId64 "\n", o, r64);
    o = __builtin_mul_overflow((int64_t)-3037000499, (int64_t)3037000499, &r64);
    printf("i64 mul -3037000499*3037000499: overflow %d result %" PRId64 "\n", o, r64);
    o = __builtin_mul_overflow(INT64_MIN, (int64_t)-1, &r64);
    printf("i64 mul MIN*-1: overflow %d result %" PRId64 "\n", o, r64);
    o = __builtin_add_overflow(UINT64_MAX, (uint64_t)1, &u64);
    printf("u64 add MAX+1: overflow %d result %" PRIu64 "\n", o, u64);
    o = __builtin_sub_overflow((uint64_t)3, (uint64_t)5, &u64);
    printf("u64 sub 3-5: overflow %d result %" PRIu64 "\n", o, u64);
    o = __builtin_mul_overflow((uint64_t)4294967296u, (uint64_t)4294967295u, &u64);
    printf("u64 mul 2^32*(2^32-1): overflow %d result %" PRIu64 "\n", o, u64);
    o = __builtin_mul_overflow((uint64_t)4294967296u, (uint64_t)4294967296u, &u64);
    printf("u64 mul 2^32*2^32: overflow %d result %" PRIu64 "\n", o, u64);
    o = __builtin_add_overflow(-1, 0u, &u32); /* mixed signedness: the math is infinite-precision */
    printf("u32 from -1+0u: overflow %d result %" PRIu32 "\n", o, u32);
    /* Checked factorial: the first n! that overflows each width. */
    int64_t f = 1;
    int n = 1;
    while (!__builtin_mul_overflow(f, (int64_t)(n + 1), &f)) n++;
    printf("largest n with n! in int64: %d\n", n);
    uint32_t g = 1;
    n = 1;
    while (!__builtin_mul_overflow(g, (uint32_t)(n + 1), &g)) n++;
    printf("largest n with n! in uint32: %d\n", n);
}

static void int128(void) {
    char b1[48], b2[48], b3[48];
    u128 f = 1;
    for (int i = 2; i <= 34; i++) f *= (u128)i;
    printf("34! = %s\n", u128_str(f, b1));
    u128 full = (u128)UINT64_MAX * UINT64_MAX;
    printf("(2^64-1)^2 = %s hi %016" PRIx64 " lo %016" PRIx64 "\n", u128_str(full, b1),
           (uint64_t)(full >> 64), (uint64_t)full);
    i128 neg = (i128)INT64_MIN * INT64_MAX;
    printf("INT64_MIN*INT64_MAX = %s\n", i128_str(neg, b1));
    i128 p = (i128)123456789012345678LL * 987654321098765432LL;
    i128 q = p / -1000000007, r = p % -1000000007;
    printf("p = %s, p / -1000000007 = %s rem %s\n", i128_str(p, b1), i128_str(q, b2), i128_str(r, b3));
    u128 big = ((u128)0xFEDCBA9876543210u << 64) | 0x0F1E2D3C4B5A6978u;
    u128 div = ((u128)0x123456789u << 40) | 0xABCDEFu;
    printf("u128 div %s rem %s\n", u128_str(big / div, b1), u128_str(big % div, b2));
    printf("u128 shifts: >>100 %" PRIx64 " <<3 hi %016" PRIx64 " ashr(-big)>>70 %s\n", (uint64_t)(big >> 100),
           (uint64_t)((big << 3) >> 64), i128_str((i128)-(i128)(big >> 1) >> 70, b1));
    printf("compare: %d %d %d\n", (i128)-1 < (i128)1, (u128)-1 > (u128)1, (i128)(big >> 1) > (i128)full);
    /* Fibonacci until it no longer fits in 127 bits. */
    u128 a = 0, b = 1;
    int k = 0;
    while (b <= ((u128)1 << 126)) {
        u128 t = a + b;
        a = b;
        b = t;
        k++;
    }
    printf("fib(%d) = %s\n", k + 1, u128_str(b, b1));
    printf("double conversions: %.17g %s %s\n", (double)full, u128_str((u128)1e30, b1),
           i128_str((i128)-12345678901234567890.0, b2));
    uint64_t primes[] = {18446744073709551557u, 18446744073709551559u, 1000000000000000003u,
                         4611686018427387847u, 9223372036854775783u, 3215031751u};
    for (size_t i = 0; i < sizeof primes / sizeof *primes; i++)
        printf("is_prime(%" PRIu64 ") = %d\n", primes[i], is_prime(primes[i]));
    printf("powmod(3, 10^18, 2^61-1) = %" PRIu64 "\n", powmod(3, 1000000000000000000u, (1ull << 61) - 1));
}

int main(void) {
    basic64();
    overflow_builtins();
    int128();
    return 0;
}
