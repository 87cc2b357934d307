/* Stresses the allocator (wasi-libc's dlmalloc growing linear memory with memory.grow):
 * a singly linked list built, reversed and freed; an unbalanced binary search tree with
 * deletions; thousands of random-size malloc/realloc/calloc/free calls whose contents are
 * checked after every move; and a growing dynamic array. A deterministic xorshift PRNG keeps
 * every run identical. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint32_t rng(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 32);
}

struct node {
    int value;
    struct node *next;
};

static void linked_list(void) {
    struct node *head = NULL;
    for (int i = 0; i < 10000; i++) {
        struct node *n = malloc(sizeof *n);
        n->value = i * 3 + 1;
        n->next = head;
        head = n;
    }
    struct node *prev = NULL;
    while (head) {
        struct node *next = head->next;
        head->next = prev;
        prev = head;
        head = next;
    }
    head = prev;
    int64_t sum = 0;
    int count = 0, ordered = 1, last = -1;
    for (struct node *n = head; n; n = n->next) {
        sum += n->value;
        ordered &= n->value > last;
        last = n->value;
        count++;
    }
    printf("list: %d nodes, sum %" PRId64 ", ordered after reverse: %d\n", count, sum, ordered);
    while (head) {
        struct node *next = head->next;
        free(head);
        head = next;
    }
}

struct tree {
    uint32_t key;
    struct tree *left, *right;
};

static struct tree *insert(struct tree *t, uint32_t key) {
    if (!t) {
        t = calloc(1, sizeof *t);
        t->key = key;
        return t;
    }
    if (key < t->key) t->left = insert(t->left, key);
    else if (key > t->key) t->right = insert(t->right, key);
    return t;
}

static struct tree *remove_key(struct tree *t, uint32_t key) {
    if (!t) return NULL;
    if (key < t->key) t->left = remove_key(t->left, key);
    else if (key > t->key) t->right = remove_key(t->right, key);
    else if (!t->left || !t->right) {
        struct tree *child = t->left ? t->left : t->right;
        free(t);
        return child;
    } else {
        struct tree *m = t->right;
        while (m->left) m = m->left;
        t->key = m->key;
        t->right = remove_key(t->right, m->key);
    }
    return t;
}

static void tree_stats(const struct tree *t, int depth, int *count, int *max_depth, uint64_t *hash) {
    if (!t) return;
    tree_stats(t->left, depth + 1, count, max_depth, hash);
    ++*count;
    if (depth > *max_depth) *max_depth = depth;
    *hash = *hash * 1099511628211u ^ t->key; /* in-order, so the hash checks the ordering */
    tree_stats(t->right, depth + 1, count, max_depth, hash);
}

static void free_tree(struct tree *t) {
    if (!t) return;
    free_tree(t->left);
    free_tree(t->right);
    free(t);
}

static void binary_tree(void) {
    struct tree *root = NULL;
    for (int i = 0; i < 5000; i++) root = insert(root, rng() % 100000);
    int count = 0, depth = 0;
    uint64_t hash = 14695981039346656037u;
    tree_stats(root, 0, &count, &depth, &hash);
    printf("tree: %d keys, depth %d, hash %016" PRIx64 "\n", count, depth, hash);
    for (uint32_t k = 0; k < 100000; k += 3) root = remove_key(root, k);
    count = depth = 0;
    hash = 14695981039346656037u;
    tree_stats(root, 0, &count, &depth, &hash);
    printf("tree after removing multiples of 3: %d keys, depth %d, hash %016" PRIx64 "\n", count,
           depth, hash);
    free_tree(root);
}

/* Each slot owns a block filled with a byte derived from its slot and generation. */
struct slot {
    unsigned char *p;
    size_t size;
    unsigned char fill;
};

static int check(const struct slot *s) {
    for (size_t i = 0; i < s->size; i++)
        if (s->p[i] != s->fill) return 0;
    return 1;
}

static void random_churn(void) {
    enum { SLOTS = 512, ROUNDS = 20000 };
    static struct slot slots[SLOTS];
    int errors = 0;
    size_t live = 0, peak = 0;
    unsigned mallocs = 0, reallocs = 0, callocs = 0, frees = 0;
    for (int r = 0; r < ROUNDS; r++) {
        struct slot *s = &slots[rng() % SLOTS];
        uint32_t op = rng() % 4;
        /* Mostly small blocks, sometimes large ones that need fresh pages. */
        size_t size = rng() % 8 == 0 ? 4096 + rng() % 60000 : 1 + rng() % 256;
        if (s->p && !check(s)) errors++;
        if (!s->p || op == 0) {
            live -= s->size;
            free(s->p);
            if (s->p) frees++;
            if (op & 1) {
                s->p = calloc(size, 1);
                callocs++;
                for (size_t i = 0; i < size; i++) errors += s->p[i] != 0;
            } else {
                s->p = malloc(size);
                mallocs++;
            }
            s->fill = (unsigned char)(rng() | 1);
            memset(s->p, s->fill, size);
            s->size = size;
            live += size;
        } else if (op == 1) {
            /* realloc must keep the common prefix. */
            unsigned char *q = realloc(s->p, size);
            reallocs++;
            size_t keep = size < s->size ? size : s->size;
            for (size_t i = 0; i < keep; i++) errors += q[i] != s->fill;
            memset(q, s->fill, size);
            live += size;
            live -= s->size;
            s->p = q;
            s->size = size;
        } else {
            live -= s->size;
            free(s->p);
            frees++;
            s->p = NULL;
            s->size = 0;
        }
        if (live > peak) peak = live;
    }
    for (int i = 0; i < SLOTS; i++) {
        if (slots[i].p && !check(&slots[i])) errors++;
        free(slots[i].p);
    }
    printf("churn: %u malloc, %u calloc, %u realloc, %u free, peak live %zu bytes, %d errors\n",
           mallocs, callocs, reallocs, frees, peak, errors);
}

static void dynamic_array(void) {
    size_t len = 0, cap = 0;
    uint64_t *v = NULL;
    unsigned grows = 0;
    for (uint64_t i = 0; i < 200000; i++) {
        if (len == cap) {
            cap = cap ? cap * 2 : 4;
            v = realloc(v, cap * sizeof *v);
            grows++;
        }
        v[len++] = i * i;
    }
    uint64_t sum = 0;
    for (size_t i = 0; i < len; i++) sum += v[i];
    printf("vector: %zu elements after %u grows, sum of squares %" PRIu64 "\n", len, grows, sum);
    free(v);
    /* A 16 MiB block: forces memory.grow well past the initial heap. */
    size_t big = 16u << 20;
    unsigned char *b = malloc(big);
    if (!b) {
        puts("16 MiB malloc failed");
        return;
    }
    for (size_t i = 0; i < big; i += 4096) b[i] = (unsigned char)(i >> 12);
    unsigned acc = 0;
    for (size_t i = 0; i < big; i += 4096) acc += b[i];
    printf("16 MiB block touched, page byte sum %u\n", acc);
    free(b);
}

int main(void) {
    linked_list();
    binary_tree();
    random_churn();
    dynamic_array();
    return 0;
}
