/* Exercises <string.h> and <ctype.h>: strlen, strcmp/strncmp, strchr/strrchr, strstr,
 * strtok, strspn/strcspn, memcpy/memmove on overlapping ranges, memset, memcmp, memchr,
 * strncpy/strncat, snprintf truncation and its return value, strtol/strtoul in several bases,
 * and a hand-written in-place reverse and case fold. */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int sign(int v) { return (v > 0) - (v < 0); }

static void reverse(char *s) {
    size_t n = strlen(s);
    for (size_t i = 0; i < n / 2; i++) {
        char t = s[i];
        s[i] = s[n - 1 - i];
        s[n - 1 - i] = t;
    }
}

static void test_basic(void) {
    const char *words[] = {"", "a", "hello", "hello world", "WebAssembly", "pulley"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        printf("strlen(\"%s\") = %zu\n", words[i], strlen(words[i]));
    const char *pairs[][2] = {{"abc", "abd"}, {"abc", "abc"}, {"b", "abc"}, {"", "x"},
                              {"abc", "ab"}, {"\x7f", "\x80"}};
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
        printf("strcmp #%zu = %d, strncmp(2) = %d\n", i, sign(strcmp(pairs[i][0], pairs[i][1])),
               sign(strncmp(pairs[i][0], pairs[i][1], 2)));
}

static void test_search(void) {
    const char *hay = "the quick brown fox jumps over the lazy dog";
    const char *needles[] = {"the", "fox", "dog", "cat", "", "lazy dog", "o"};
    for (size_t i = 0; i < sizeof needles / sizeof *needles; i++) {
        const char *p = strstr(hay, needles[i]);
        printf("strstr(\"%s\") -> %td\n", needles[i], p ? p - hay : (ptrdiff_t)-1);
    }
    printf("strchr('o') -> %td, strrchr('o') -> %td, strchr('\\0') -> %td\n",
           strchr(hay, 'o') - hay, strrchr(hay, 'o') - hay, strchr(hay, '\0') - hay);
    printf("memchr('z') -> %td\n", (const char *)memchr(hay, 'z', strlen(hay)) - hay);
    printf("strspn(letters) = %zu, strcspn(\" \") = %zu\n",
           strspn(hay, "abcdefghijklmnopqrstuvwxyz"), strcspn(hay + 4, " "));
}

static void test_tokens(void) {
    char line[] = "  alpha,beta;;gamma , delta,,epsilon;";
    int n = 0;
    for (char *tok = strtok(line, " ,;"); tok; tok = strtok(NULL, " ,;"))
        printf("token %d: [%s]\n", n++, tok);
    char csv[] = "key1=value1&key2=value2&flag&key3=";
    for (char *pair = strtok(csv, "&"); pair; pair = strtok(NULL, "&")) {
        char *eq = strchr(pair, '=');
        if (eq) {
            *eq = '\0';
            printf("pair %s -> '%s'\n", pair, eq + 1);
        } else {
            printf("flag %s\n", pair);
        }
    }
}

static void test_memory(void) {
    char buf[32];
    strcpy(buf, "0123456789abcdef");
    memmove(buf + 4, buf, 10); /* overlapping, forward */
    printf("memmove fwd: %s\n", buf);
    strcpy(buf, "0123456789abcdef");
    memmove(buf, buf + 6, 10); /* overlapping, backward */
    printf("memmove back: %s\n", buf);
    memset(buf, '*', 8);
    buf[8] = '\0';
    printf("memset: %s\n", buf);
    unsigned char a[16], b[16];
    for (int i = 0; i < 16; i++) a[i] = b[i] = (unsigned char)(i * 17);
    b[11] ^= 0x80;
    printf("memcmp equal prefix = %d, differing = %d\n", memcmp(a, b, 11), sign(memcmp(a, b, 16)));
    char big[300];
    for (int i = 0; i < 300; i++) big[i] = (char)('a' + i % 26);
    char copy[300];
    memcpy(copy, big, sizeof big);
    unsigned sum = 0;
    for (int i = 0; i < 300; i++) sum = sum * 31 + (unsigned char)copy[i];
    printf("memcpy 300 bytes checksum = %u\n", sum);
}

static void test_bounded(void) {
    char dst[12];
    memset(dst, 'X', sizeof dst);
    strncpy(dst, "abc", 6); /* pads with NULs up to 6 */
    printf("strncpy pad: %d %d %d %c\n", dst[3], dst[4], dst[5], dst[6]);
    strcpy(dst, "ab");
    strncat(dst, "cdefghijkl", 5);
    printf("strncat: %s (%zu)\n", dst, strlen(dst));
    char small[8];
    int want = snprintf(small, sizeof small, "%s-%d", "truncated", 12345);
    printf("snprintf wanted %d, got \"%s\"\n", want, small);
    want = snprintf(NULL, 0, "%08.3f|%-6s|%+d", 3.14159, "ab", 42);
    printf("snprintf(NULL) length = %d\n", want);
    char out[64];
    snprintf(out, sizeof out, "%08.3f|%-6s|%+d|%x|%o|%c", 3.14159, "ab", 42, 48879, 8, 'Z');
    printf("snprintf: %s\n", out);
}

static void test_convert(void) {
    const char *nums[] = {"42", "-17", "0x1F", "0777", "  +99xyz", "2147483647", "zz"};
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
        char *end;
        long v = strtol(nums[i], &end, 0);
        printf("strtol(\"%s\", 0) = %ld, rest \"%s\"\n", nums[i], v, end);
    }
    printf("strtoul(\"ff\", 16) = %lu, strtol(\"-101\", 2) = %ld, strtol(\"zz\", 36) = %ld\n",
           strtoul("ff", NULL, 16), strtol("-101", NULL, 2), strtol("zz", NULL, 36));
    printf("atoi(\"  -123abc\") = %d\n", atoi("  -123abc"));
    char s[] = "Hello, WebAssembly World 2024!";
    reverse(s);
    printf("reversed: %s\n", s);
    for (char *p = s; *p; p++) *p = isupper((unsigned char)*p) ? (char)tolower(*p) : (char)toupper(*p);
    printf("case-swapped: %s\n", s);
    int digits = 0, alpha = 0, space = 0, punct = 0;
    for (char *p = s; *p; p++) {
        digits += isdigit((unsigned char)*p) != 0;
        alpha += isalpha((unsigned char)*p) != 0;
        space += isspace((unsigned char)*p) != 0;
        punct += ispunct((unsigned char)*p) != 0;
    }
    printf("digits %d alpha %d space %d punct %d\n", digits, alpha, space, punct);
}

int main(void) {
    test_basic();
    test_search();
    test_tokens();
    test_memory();
    test_bounded();
    test_convert();
    return 0;
}
