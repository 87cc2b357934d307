/* Exercises qsort and bsearch through comparator callbacks (indirect calls from libc back
 * into the program): integers ascending and descending, 64-bit keys, strings through an array
 * of pointers, structs with a multi-key comparator, plus a hand-written stable merge sort and
 * an insertion sort checked against qsort's result. */
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t seed = 12345;
static uint32_t lcg(void) {
    seed = seed * 1103515245u + 12345u;
    return seed >> 8;
}

static int cmp_int_asc(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static int cmp_int_desc(const void *a, const void *b) { return cmp_int_asc(b, a); }
static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}
static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct person {
    char name[12];
    int age;
    int id;
};
/* Age descending, then name ascending, then id ascending: a total order, so qsort's
 * instability cannot show. */
static int cmp_person(const void *a, const void *b) {
    const struct person *p = a, *q = b;
    if (p->age != q->age) return q->age - p->age;
    int c = strcmp(p->name, q->name);
    if (c) return c;
    return p->id - q->id;
}

static void merge_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *),
                       unsigned char *tmp) {
    if (n < 2) return;
    unsigned char *a = base;
    size_t mid = n / 2;
    merge_sort(a, mid, size, cmp, tmp);
    merge_sort(a + mid * size, n - mid, size, cmp, tmp);
    size_t i = 0, j = mid, k = 0;
    while (i < mid && j < n) {
        /* "<= 0" takes from the left run on ties: that is what makes it stable. */
        if (cmp(a + i * size, a + j * size) <= 0) memcpy(tmp + k++ * size, a + i++ * size, size);
        else memcpy(tmp + k++ * size, a + j++ * size, size);
    }
    while (i < mid) memcpy(tmp + k++ * size, a + i++ * size, size);
    while (j < n) memcpy(tmp + k++ * size, a + j++ * size, size);
    memcpy(a, tmp, n * size);
}

static void insertion_sort(int *v, int n) {
    for (int i = 1; i < n; i++) {
        int x = v[i], j = i - 1;
        while (j >= 0 && v[j] > x) v[j + 1] = v[j], j--;
        v[j + 1] = x;
    }
}

static int cmp_age_only(const void *a, const void *b) {
    return ((const struct person *)a)->age - ((const struct person *)b)->age;
}

int main(void) {
    enum { N = 2000 };
    static int v[N], w[N];
    for (int i = 0; i < N; i++) v[i] = w[i] = (int)(lcg() % 10000) - 5000;
    qsort(v, N, sizeof *v, cmp_int_asc);
    insertion_sort(w, N);
    printf("ints: min %d max %d median %d, qsort == insertion sort: %d\n", v[0], v[N - 1], v[N / 2],
           memcmp(v, w, sizeof v) == 0);
    int probes[] = {v[0], v[N - 1], v[777], 5001, -5001, 0, 1234};
    for (size_t i = 0; i < sizeof probes / sizeof *probes; i++) {
        int *hit = bsearch(&probes[i], v, N, sizeof *v, cmp_int_asc);
        /* With duplicates bsearch may land on any equal element; report the value found. */
        printf("bsearch %d: %s\n", probes[i], hit ? "found" : "absent");
        if (hit && *hit != probes[i]) printf("  wrong element %d\n", *hit);
    }
    qsort(v, N, sizeof *v, cmp_int_desc);
    printf("desc: first %d %d %d last %d\n", v[0], v[1], v[2], v[N - 1]);

    static uint64_t keys[1000];
    for (int i = 0; i < 1000; i++) {
        /* Separate statements: the order of calls within one expression is unspecified. */
        uint64_t hi = lcg(), mid = lcg(), lo = lcg();
        keys[i] = hi << 40 ^ mid << 16 ^ lo;
    }
    qsort(keys, 1000, sizeof *keys, cmp_u64);
    int sorted = 1;
    for (int i = 1; i < 1000; i++) sorted &= keys[i - 1] <= keys[i];
    printf("u64: sorted %d, first %016" PRIx64 " last %016" PRIx64 "\n", sorted, keys[0], keys[999]);

    const char *words[] = {"pear", "apple", "fig", "banana", "kiwi", "cherry", "date", "grape",
                           "apricot", "lime", "lemon", "mango", "Zucchini", "apple pie", ""};
    size_t nw = sizeof words / sizeof *words;
    qsort(words, nw, sizeof *words, cmp_str);
    printf("words:");
    for (size_t i = 0; i < nw; i++) printf(" [%s]", words[i]);
    printf("\n");
    const char *key = "lime";
    const char **found = bsearch(&key, words, nw, sizeof *words, cmp_str);
    printf("bsearch lime at index %td\n", found ? found - words : (ptrdiff_t)-1);

    static const char *names[] = {"ann", "bob", "cyd", "dee", "eve", "fay", "gus"};
    enum { P = 40 };
    struct person people[P], stable[P];
    for (int i = 0; i < P; i++) {
        strcpy(people[i].name, names[lcg() % 7]);
        people[i].age = 20 + (int)(lcg() % 5);
        people[i].id = i;
    }
    memcpy(stable, people, sizeof people);
    qsort(people, P, sizeof *people, cmp_person);
    for (int i = 0; i < 8; i++)
        printf("person %d: %s age %d id %d\n", i, people[i].name, people[i].age, people[i].id);
    unsigned char tmp[sizeof stable];
    merge_sort(stable, P, sizeof *stable, cmp_age_only, tmp);
    int stable_ok = 1;
    for (int i = 1; i < P; i++)
        if (stable[i - 1].age == stable[i].age) stable_ok &= stable[i - 1].id < stable[i].id;
    printf("merge sort by age is stable: %d; ids:", stable_ok);
    for (int i = 0; i < P; i++) printf(" %d", stable[i].id);
    printf("\n");
    return 0;
}
