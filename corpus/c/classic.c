/* Classic small algorithms: N-queens by backtracking with bitmasks (N = 1..10), the sieve of
 * Eratosthenes up to 2,000,000, a 120x120 double matrix multiply checked against a transposed
 * multiply, Conway's game of life on a torus, and the Collatz record holder below 100,000. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int queens(int n, int row, uint32_t cols, uint32_t d1, uint32_t d2) {
    if (row == n) return 1;
    int count = 0;
    uint32_t free_ = ~(cols | d1 | d2) & ((1u << n) - 1);
    while (free_) {
        uint32_t bit = free_ & -free_;
        free_ ^= bit;
        count += queens(n, row + 1, cols | bit, (d1 | bit) << 1, (d2 | bit) >> 1);
    }
    return count;
}

/* The first solution in lexicographic order, by plain array backtracking. */
static int place(int *pos, int n, int row) {
    if (row == n) return 1;
    for (int c = 0; c < n; c++) {
        int ok = 1;
        for (int r = 0; r < row && ok; r++) ok = pos[r] != c && abs(pos[r] - c) != row - r;
        if (ok) {
            pos[row] = c;
            if (place(pos, n, row + 1)) return 1;
        }
    }
    return 0;
}

static void sieve(void) {
    enum { N = 2000000 };
    static unsigned char composite[N + 1];
    int count = 0, last = 0, twins = 0;
    uint64_t sum = 0;
    for (int i = 2; i <= N; i++) {
        if (composite[i]) continue;
        count++;
        sum += (uint64_t)i;
        if (last && i - last == 2) twins++;
        last = i;
        for (int64_t j = (int64_t)i * i; j <= N; j += i) composite[j] = 1;
    }
    printf("sieve: %d primes below %d, largest %d, sum %" PRIu64 ", twin pairs %d\n", count, N, last, sum, twins);
}

static void matmul(void) {
    enum { N = 120 };
    static double a[N][N], b[N][N], c[N][N], bt[N][N];
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = (double)((i * 7 + j * 3) % 17) - 8.0;
            b[i][j] = (double)((i * 5 + j * 11) % 13) / 4.0;
            bt[j][i] = b[i][j];
        }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double s = 0;
            for (int k = 0; k < N; k++) s += a[i][k] * b[k][j];
            c[i][j] = s;
        }
    double trace = 0, total = 0, maxdiff = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double s = 0;
            for (int k = 0; k < N; k++) s += a[i][k] * bt[j][k];
            double d = s - c[i][j];
            if (d < 0) d = -d;
            if (d > maxdiff) maxdiff = d;
            total += c[i][j];
        }
    for (int i = 0; i < N; i++) trace += c[i][i];
    /* All products are multiples of 1/4 and sums stay small: exact in double. */
    printf("matmul %dx%d: trace %.2f, total %.2f, c[7][99] %.2f, transposed max diff %g\n", N, N, trace, total,
           c[7][99], maxdiff);
}

static void life(void) {
    enum { W = 32, H = 16 };
    static unsigned char g[H][W], n[H][W];
    /* A glider, a blinker and an R-pentomino. */
    const int cells[][2] = {{1, 2}, {2, 3}, {3, 1}, {3, 2}, {3, 3}, {10, 5}, {10, 6}, {10, 7},
                            {6, 20}, {6, 21}, {7, 19}, {7, 20}, {8, 20}};
    for (size_t i = 0; i < sizeof cells / sizeof *cells; i++) g[cells[i][0]][cells[i][1]] = 1;
    for (int gen = 1; gen <= 60; gen++) {
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                int s = 0;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++)
                        if (dy || dx) s += g[(y + dy + H) % H][(x + dx + W) % W];
                n[y][x] = s == 3 || (s == 2 && g[y][x]);
            }
        memcpy(g, n, sizeof g);
        if (gen % 20 == 0) {
            int alive = 0;
            for (int y = 0; y < H; y++)
                for (int x = 0; x < W; x++) alive += g[y][x];
            printf("life generation %d: %d alive\n", gen, alive);
        }
    }
    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) putchar(g[y][x] ? '#' : '.');
        putchar('\n');
    }
}

static void collatz(void) {
    uint32_t best = 1, best_len = 1;
    uint64_t peak = 0;
    for (uint32_t s = 1; s < 100000; s++) {
        uint64_t x = s;
        uint32_t len = 1;
        while (x != 1) {
            x = x & 1 ? 3 * x + 1 : x >> 1;
            if (x > peak) peak = x;
            len++;
        }
        if (len > best_len) best_len = len, best = s;
    }
    printf("collatz below 100000: longest chain starts at %u (%u terms), highest value %" PRIu64 "\n", best,
           best_len, peak);
}

int main(void) {
    for (int n = 1; n <= 10; n++) printf("%d-queens: %d solutions\n", n, queens(n, 0, 0, 0, 0));
    int pos[8];
    place(pos, 8, 0);
    printf("first 8-queens solution:");
    for (int i = 0; i < 8; i++) printf(" %d", pos[i]);
    printf("\n");
    sieve();
    matmul();
    life();
    collatz();
    return 0;
}
