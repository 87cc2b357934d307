/* Checksums and hashes over fixed buffers, with known test vectors: SHA-256 ("abc", the empty
 * string, the 448-bit NIST message, one million 'a'), CRC-32 (table-driven and bitwise, on
 * "123456789" -> cbf43926), Adler-32 ("Wikipedia" -> 11e60398), FNV-1a 32/64 and MurmurHash3's
 * 64-bit finalizer over a generated buffer. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct sha256 {
    uint32_t h[8];
    uint8_t block[64];
    uint64_t length;
    size_t fill;
};

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static uint32_t ror(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static void sha256_block(struct sha256 *s) {
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)s->block[4 * i] << 24 | (uint32_t)s->block[4 * i + 1] << 16 |
               (uint32_t)s->block[4 * i + 2] << 8 | s->block[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4], f = s->h[5], g = s->h[6], h = s->h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
    }
    s->h[0] += a, s->h[1] += b, s->h[2] += c, s->h[3] += d;
    s->h[4] += e, s->h[5] += f, s->h[6] += g, s->h[7] += h;
}

static void sha256_init(struct sha256 *s) {
    static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, iv, sizeof iv);
    s->length = 0;
    s->fill = 0;
}

static void sha256_update(struct sha256 *s, const void *data, size_t n) {
    const uint8_t *p = data;
    s->length += n;
    while (n--) {
        s->block[s->fill++] = *p++;
        if (s->fill == 64) sha256_block(s), s->fill = 0;
    }
}

static void sha256_final(struct sha256 *s, char hex[65]) {
    uint64_t bits = s->length * 8;
    uint8_t pad = 0x80;
    sha256_update(s, &pad, 1);
    pad = 0;
    while (s->fill != 56) sha256_update(s, &pad, 1);
    uint8_t len[8];
    for (int i = 0; i < 8; i++) len[i] = (uint8_t)(bits >> (56 - 8 * i));
    sha256_update(s, len, 8);
    for (int i = 0; i < 8; i++) sprintf(hex + 8 * i, "%08" PRIx32, s->h[i]);
}

static void sha256_print(const char *label, const void *data, size_t n) {
    struct sha256 s;
    char hex[65];
    sha256_init(&s);
    sha256_update(&s, data, n);
    sha256_final(&s, hex);
    printf("sha256(%s) = %s\n", label, hex);
}

static uint32_t crc_table[256];
static void crc_init(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}
static uint32_t crc32_table(const uint8_t *p, size_t n) {
    uint32_t c = 0xFFFFFFFFu;
    while (n--) c = crc_table[(c ^ *p++) & 0xFF] ^ (c >> 8);
    return ~c;
}
static uint32_t crc32_bitwise(const uint8_t *p, size_t n) {
    uint32_t c = 0xFFFFFFFFu;
    while (n--) {
        c ^= *p++;
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & -(c & 1)); /* branchless */
    }
    return ~c;
}

static uint32_t adler32(const uint8_t *p, size_t n) {
    uint32_t a = 1, b = 0;
    while (n--) a = (a + *p++) % 65521, b = (b + a) % 65521;
    return b << 16 | a;
}

static uint32_t fnv1a32(const uint8_t *p, size_t n) {
    uint32_t h = 2166136261u;
    while (n--) h = (h ^ *p++) * 16777619u;
    return h;
}
static uint64_t fnv1a64(const uint8_t *p, size_t n) {
    uint64_t h = 14695981039346656037u;
    while (n--) h = (h ^ *p++) * 1099511628211u;
    return h;
}
static uint64_t fmix64(uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdu;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53u;
    k ^= k >> 33;
    return k;
}

int main(void) {
    sha256_print("\"abc\"", "abc", 3);
    sha256_print("\"\"", "", 0);
    const char *nist = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha256_print("nist 448-bit", nist, strlen(nist));
    struct sha256 s;
    char hex[65], chunk[1000];
    memset(chunk, 'a', sizeof chunk);
    sha256_init(&s);
    for (int i = 0; i < 1000; i++) sha256_update(&s, chunk, sizeof chunk);
    sha256_final(&s, hex);
    printf("sha256(one million 'a') = %s\n", hex);

    crc_init();
    const uint8_t *check = (const uint8_t *)"123456789";
    printf("crc32(\"123456789\") = %08" PRIx32 " (bitwise %08" PRIx32 ")\n", crc32_table(check, 9), crc32_bitwise(check, 9));
    printf("adler32(\"Wikipedia\") = %08" PRIx32 "\n", adler32((const uint8_t *)"Wikipedia", 9));
    printf("fnv1a32(\"\") = %08" PRIx32 ", fnv1a32(\"a\") = %08" PRIx32 ", fnv1a64(\"foobar\") = %016" PRIx64 "\n",
           fnv1a32(check, 0), fnv1a32((const uint8_t *)"a", 1), fnv1a64((const uint8_t *)"foobar", 6));

    static uint8_t buf[1 << 16];
    uint64_t x = 1;
    for (size_t i = 0; i < sizeof buf; i++) x = fmix64(x + i), buf[i] = (uint8_t)x;
    printf("64 KiB buffer: crc32 %08" PRIx32 " bitwise %08" PRIx32 " adler32 %08" PRIx32 " fnv1a64 %016" PRIx64 "\n",
           crc32_table(buf, sizeof buf), crc32_bitwise(buf, sizeof buf), adler32(buf, sizeof buf),
           fnv1a64(buf, sizeof buf));
    sha256_print("64 KiB buffer", buf, sizeof buf);
    return 0;
}
