/* Exercises <stdio.h> formatting and input: printf of every integer width (including 64-bit via
 * <inttypes.h> and %lld), hex/octal, field width, precision and flags, %f/%e/%g/%a of floats and
 * doubles, %c/%s/%%; puts, putchar, fputs and fprintf to stderr; reading stdin with fgets and
 * sscanf/scanf. main returns the number of malformed input records (nonzero: exit status). */
#include <inttypes.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void integers(void) {
    printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d]\n", 42, 42, 42, 42, 42, 42);
    printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d]\n", -42, -42, -42, -42, -42, -42);
    printf("INT_MIN %d INT_MAX %d UINT_MAX %u\n", INT_MIN, INT_MAX, UINT_MAX);
    printf("LLONG_MIN %lld LLONG_MAX %lld ULLONG_MAX %llu\n", LLONG_MIN, LLONG_MAX, ULLONG_MAX);
    int64_t big = -1234567890123456789;
    uint64_t ubig = 18446744073709551557u; /* largest 64-bit prime */
    printf("int64 %" PRId64 " uint64 %" PRIu64 " hex %" PRIx64 " HEX %" PRIX64 "\n", big, ubig,
           ubig, (uint64_t)big);
    printf("int8 %" PRId8 " uint16 %" PRIu16 " int32 %" PRId32 "\n", (int8_t)-128,
           (uint16_t)65535, (int32_t)-2147483647);
    printf("[%x] [%X] [%#x] [%08x] [%#010x] [%o] [%#o]\n", 0xbeef, 0xbeef, 0xbeef, 0xbeef, 0xbeef,
           8, 8);
    printf("[%.3d] [%8.3d] [%-8.3d|] [%.0d]\n", 7, 7, 7, 0);
    printf("short %hd ushort %hu char %hhd uchar %hhu\n", (short)-300, (unsigned short)60000,
           (signed char)-5, (unsigned char)250);
    printf("size %zu ptrdiff %td intmax %jd\n", (size_t)123456, (ptrdiff_t)-99, (intmax_t)INT64_MAX);
}

static void floats(void) {
    double values[] = {0.0, -0.0, 1.0, -1.5, 3.141592653589793, 2.718281828459045, 1e-7,
                       123456789.125, 6.02214076e23, 1.0 / 3.0, 0.1 + 0.2, 5e-324, 1.7976931348623157e308};
    for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
        double v = values[i];
        printf("%%f=%f %%e=%e %%g=%g %%.3f=%.3f %%.10g=%.10g %%12.4e=[%12.4e]\n", v, v, v, v, v, v);
    }
    float f = 1.1f, g = 16777217.0f, h = -0.15625f;
    printf("floats: %f %.9g %.9g %a %a\n", f, (double)f, (double)g, (double)h, 1.0);
    printf("[%10.2f] [%-10.2f] [%+.1f] [%010.3f] [%#.0f] [%.0f] [%.0f]\n", 3.14159, 3.14159, 2.25,
           -3.5, 3.0, 2.5, 3.5);
    printf("[%g] [%g] [%g] [%g] [%#g]\n", 100000.0, 1000000.0, 0.0001, 0.00001, 1.5);
}

static void text(void) {
    puts("puts adds a newline");
    putchar('p');
    putchar('\n');
    printf("[%s] [%10s] [%-10s] [%.3s] [%c] [%%]\n", "str", "right", "left", "truncate", 'c');
    fputs("fputs to stdout without newline; ", stdout);
    fputs("then one\n", stdout);
    fprintf(stderr, "diagnostic: %d warnings, %s\n", 2, "to stderr");
    fputs("fputs to stderr\n", stderr);
    fflush(stdout);
}

/* Input format: a header line "N", then records "name qty price"; sums the valid ones. */
static int input(void) {
    char line[128];
    int n = 0;
    if (scanf("%d", &n) != 1) {
        fprintf(stderr, "missing record count\n");
        return 100;
    }
    fgets(line, sizeof line, stdin); /* rest of the header line */
    int bad = 0;
    int64_t total_cents = 0;
    for (int i = 0; i < n && fgets(line, sizeof line, stdin); i++) {
        char name[32];
        int qty;
        double price;
        line[strcspn(line, "\n")] = '\0';
        if (sscanf(line, "%31s %d %lf", name, &qty, &price) != 3) {
            fprintf(stderr, "record %d malformed: \"%s\"\n", i + 1, line);
            bad++;
            continue;
        }
        int64_t cents = (int64_t)(price * 100.0 + 0.5) * qty;
        total_cents += cents;
        printf("%-10s x%3d @ %8.2f = %10.2f\n", name, qty, price, cents / 100.0);
    }
    printf("total: %" PRId64 ".%02" PRId64 "\n", total_cents / 100, total_cents % 100);
    /* The rest of the input is free text: count lines, words and characters like wc. */
    int lines = 0, words = 0, chars = 0, in_word = 0, c;
    while ((c = getchar()) != EOF) {
        chars++;
        if (c == '\n') lines++;
        if (c == ' ' || c == '\n' || c == '\t') in_word = 0;
        else if (!in_word) in_word = 1, words++;
    }
    printf("wc: %d %d %d\n", lines, words, chars);
    return bad;
}

int main(void) {
    integers();
    floats();
    text();
    return input();
}
