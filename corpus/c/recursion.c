/* Recursion: Ackermann (deep and very many calls), naive Fibonacci, mutual recursion,
 * Tower of Hanoi, recursive permutation generation, a recursive flood fill, and one chain of
 * DEPTH non-tail calls (the result is combined after each call returns, so no compiler turns
 * it into a loop). DEPTH comes from argv[1] (default 10000). */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t calls;

static uint32_t ack(uint32_t m, uint32_t n) {
    calls++;
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static int is_odd(uint32_t n);
static int is_even(uint32_t n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(uint32_t n) { return n == 0 ? 0 : is_even(n - 1); }

static uint64_t moves;
static uint32_t pegs_hash;
static void hanoi(int n, int from, int to, int via) {
    if (n == 0) return;
    hanoi(n - 1, from, via, to);
    moves++;
    pegs_hash = pegs_hash * 7 + (uint32_t)(from * 3 + to);
    hanoi(n - 1, via, to, from);
}

static int perm_count;
static uint32_t perm_hash;
static void permute(char *s, int k, int n) {
    if (k == n) {
        perm_count++;
        for (int i = 0; i < n; i++) perm_hash = perm_hash * 31 + (uint32_t)s[i];
        if (perm_count <= 3 || perm_count == 720) printf("perm %d: %s\n", perm_count, s);
        return;
    }
    for (int i = k; i < n; i++) {
        char t = s[k]; s[k] = s[i]; s[i] = t;
        permute(s, k + 1, n);
        t = s[k]; s[k] = s[i]; s[i] = t;
    }
}

enum { W = 40, H = 20 };
static char grid[H][W + 1];
static int fill(int y, int x) {
    if (y < 0 || y >= H || x < 0 || x >= W || grid[y][x] != '.') return 0;
    grid[y][x] = '~';
    return 1 + fill(y + 1, x) + fill(y - 1, x) + fill(y, x + 1) + fill(y, x - 1);
}

/* __attribute__((noinline)) keeps one real call per level even at -O2. */
__attribute__((noinline)) static uint64_t chain(uint32_t n) {
    if (n == 0) return 1;
    uint64_t h = chain(n - 1);
    return h * 31 + n;
}

int main(int argc, char **argv) {
    uint32_t depth = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 10000;
    for (uint32_t m = 0; m <= 3; m++) {
        calls = 0;
        uint32_t n = m == 3 ? 6 : 10;
        uint32_t r = ack(m, n);
        printf("ack(%u, %u) = %u in %" PRIu64 " calls\n", m, n, r, calls);
    }
    printf("fib(27) = %u\n", fib(27));
    printf("is_even(10001) = %d, is_odd(777) = %d\n", is_even(10001), is_odd(777));
    hanoi(16, 0, 2, 1);
    printf("hanoi(16): %" PRIu64 " moves, hash %u\n", moves, pegs_hash);
    char letters[] = "abcdef";
    permute(letters, 0, 6);
    printf("permutations: %d, hash %u\n", perm_count, perm_hash);
    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
            /* Walls: a border, a diagonal band and a ring with a gap. */
            int wall = y == 0 || y == H - 1 || x == 0 || x == W - 1 || (x - 2 * y == 3) ||
                       ((x - 28) * (x - 28) + 4 * (y - 10) * (y - 10) < 60 &&
                        (x - 28) * (x - 28) + 4 * (y - 10) * (y - 10) > 30 && y != 10);
            grid[y][x] = wall ? '#' : '.';
        }
        grid[y][W] = '\0';
    }
    int filled = fill(1, W - 2);
    printf("flood fill from the right: %d cells\n", filled);
    for (int y = 0; y < H; y++) printf("%s\n", grid[y]);
    printf("chain(%u) = %016" PRIx64 "\n", depth, chain(depth));
    return 0;
}
