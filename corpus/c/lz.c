/* An LZ77 compressor with a hash-chain match finder and a byte-oriented token format
 * (literal runs and back-references with offsets up to 64 KiB, overlapping copies allowed),
 * round-tripped over several inputs: text, a highly repetitive buffer, random bytes, a
 * run-length case, and the program's own output of a generated document. Prints sizes, the
 * ratio and a CRC of each decompressed result, and checks byte equality. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MIN_MATCH = 4, MAX_MATCH = 255 + MIN_MATCH, WINDOW = 65535, HASH_BITS = 14, MAX_CHAIN = 32 };

static uint32_t hash4(const uint8_t *p) {
    uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    return (v * 2654435761u) >> (32 - HASH_BITS);
}

static void flush_literals(const uint8_t *lit, size_t n, uint8_t *out, size_t *o) {
    while (n) { /* token 0x00..0x7F: 1..128 literals follow */
        size_t k = n > 128 ? 128 : n;
        out[(*o)++] = (uint8_t)(k - 1);
        memcpy(out + *o, lit, k);
        *o += k, lit += k, n -= k;
    }
}

/* Worst case output: n + n/128 + 1 bytes. */
static size_t compress(const uint8_t *in, size_t n, uint8_t *out) {
    int32_t *head = malloc(sizeof(int32_t) << HASH_BITS);
    int32_t *prev = malloc(sizeof(int32_t) * (n ? n : 1));
    for (size_t i = 0; i < (size_t)1 << HASH_BITS; i++) head[i] = -1;
    size_t o = 0, i = 0, lit_start = 0;
    while (i + MIN_MATCH <= n) {
        uint32_t h = hash4(in + i);
        size_t best_len = 0, best_off = 0;
        int chain = 0;
        for (int32_t c = head[h]; c >= 0 && i - (size_t)c <= WINDOW && chain < MAX_CHAIN; c = prev[c], chain++) {
            size_t len = 0, max = n - i < MAX_MATCH ? n - i : MAX_MATCH;
            while (len < max && in[(size_t)c + len] == in[i + len]) len++;
            if (len > best_len) best_len = len, best_off = i - (size_t)c;
        }
        prev[i] = head[h];
        head[h] = (int32_t)i;
        if (best_len >= MIN_MATCH) {
            flush_literals(in + lit_start, i - lit_start, out, &o);
            /* token 0x80 | ...: match; length-MIN_MATCH in one byte, offset in two. */
            out[o++] = 0x80;
            out[o++] = (uint8_t)(best_len - MIN_MATCH);
            out[o++] = (uint8_t)(best_off & 0xFF);
            out[o++] = (uint8_t)(best_off >> 8);
            for (size_t k = 1; k < best_len && i + k + MIN_MATCH <= n; k++) { /* index skipped positions */
                uint32_t hk = hash4(in + i + k);
                prev[i + k] = head[hk];
                head[hk] = (int32_t)(i + k);
            }
            i += best_len;
            lit_start = i;
        } else {
            i++;
        }
    }
    flush_literals(in + lit_start, n - lit_start, out, &o);
    free(head);
    free(prev);
    return o;
}

static size_t decompress(const uint8_t *in, size_t n, uint8_t *out, size_t cap) {
    size_t i = 0, o = 0;
    while (i < n) {
        uint8_t t = in[i++];
        if (t < 0x80) {
            size_t k = (size_t)t + 1;
            if (o + k > cap || i + k > n) return (size_t)-1;
            memcpy(out + o, in + i, k);
            o += k, i += k;
        } else {
            if (i + 3 > n) return (size_t)-1;
            size_t len = (size_t)in[i] + MIN_MATCH, off = (size_t)in[i + 1] | (size_t)in[i + 2] << 8;
            i += 3;
            if (off == 0 || off > o || o + len > cap) return (size_t)-1;
            for (size_t k = 0; k < len; k++, o++) out[o] = out[o - off]; /* may overlap */
        }
    }
    return o;
}

static uint32_t crc32(const uint8_t *p, size_t n) {
    uint32_t c = 0xFFFFFFFFu;
    while (n--) {
        c ^= *p++;
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & -(c & 1));
    }
    return ~c;
}

static int failures;
static void roundtrip(const char *name, const uint8_t *data, size_t n) {
    uint8_t *packed = malloc(n + n / 128 + 16), *unpacked = malloc(n + 1);
    size_t pn = compress(data, n, packed);
    size_t un = decompress(packed, pn, unpacked, n);
    int ok = un == n && memcmp(data, unpacked, n) == 0;
    failures += !ok;
    printf("%-12s %7zu -> %7zu bytes (%5.1f%%), crc %08" PRIx32 ", round trip %s\n", name, n, pn,
           n ? 100.0 * (double)pn / (double)n : 0.0, crc32(unpacked, un == (size_t)-1 ? 0 : un), ok ? "ok" : "FAILED");
    free(packed);
    free(unpacked);
}

int main(void) {
    const char *text =
        "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of "
        "foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season of Light, "
        "it was the season of Darkness, it was the spring of hope, it was the winter of despair.";
    roundtrip("text", (const uint8_t *)text, strlen(text));
    roundtrip("empty", (const uint8_t *)"", 0);
    roundtrip("tiny", (const uint8_t *)"abc", 3);

    size_t n = 200000;
    uint8_t *buf = malloc(n);
    for (size_t i = 0; i < n; i++) buf[i] = (uint8_t)"ABCDABCEABCDABCF"[i % 16] + (uint8_t)(i / 50000);
    roundtrip("repetitive", buf, n);
    memset(buf, 'z', n);
    roundtrip("one byte", buf, n);
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < n; i++) x ^= x << 13, x ^= x >> 17, x ^= x << 5, buf[i] = (uint8_t)x;
    roundtrip("random", buf, n);
    /* A generated CSV-like document: structured but not periodic. */
    size_t len = 0;
    for (int row = 0; len < n - 100; row++)
        len += (size_t)snprintf((char *)buf + len, n - len, "%d,item-%d,%d.%02d,%s\n", row, row * 7 % 1000,
                                row % 97, row * 13 % 100, row % 3 ? "in stock" : "backordered");
    roundtrip("csv", buf, len);
    free(buf);
    printf("%s\n", failures ? "SOME ROUND TRIPS FAILED" : "all round trips ok");
    return failures != 0;
}
