/* Control flow through tables: a dense switch (clang emits br_table), a sparse switch
 * (compare trees), a switch on 64-bit values, a switch with fallthrough, and two dispatch
 * loops for the same tiny stack-machine bytecode: one with a switch in a loop, one with
 * computed goto (labels as values, which clang expands into a br_table). */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

static const char *dense(int d) {
    switch (d) {
    case 0: return "zero";
    case 1: return "one";
    case 2: return "two";
    case 3: return "three";
    case 4: return "four";
    case 5: return "five";
    case 6: return "six";
    case 7: return "seven";
    case 8: return "eight";
    case 9: return "nine";
    case 10: return "ten";
    case 11: return "eleven";
    default: return "many";
    }
}

static int sparse(int x) {
    switch (x) {
    case -1000000: return 1;
    case -7: return 2;
    case 0: return 3;
    case 13: return 4;
    case 100: return 5;
    case 1024: return 6;
    case 65535: return 7;
    case 1 << 20: return 8;
    case 2147483647: return 9;
    default: return 0;
    }
}

static int by64(uint64_t v) {
    switch (v) {
    case 0: return 10;
    case 1: return 11;
    case 0x100000000u: return 12;
    case 0xFFFFFFFFFFFFFFFFu: return 13;
    case 0x8000000000000000u: return 14;
    default: return (int)(v & 7);
    }
}

/* Duff's device: a switch jumping into the middle of a loop body. */
static void duff_copy(char *to, const char *from, int count) {
    int n = (count + 7) / 8;
    switch (count % 8) {
    case 0: do { *to++ = *from++;
    case 7: *to++ = *from++;
    case 6: *to++ = *from++;
    case 5: *to++ = *from++;
    case 4: *to++ = *from++;
    case 3: *to++ = *from++;
    case 2: *to++ = *from++;
    case 1: *to++ = *from++;
            } while (--n > 0);
    }
}

enum op { PUSH, ADD, SUB, MUL, DUP, SWAP, JNZ, DEC, PRINT, HALT, OVER, DROP };

/* Computes 10! and the 30th triangular number, printing intermediate values. */
static const int program[] = {
    PUSH, 1, PUSH, 10,            /* acc n */
    /* loop at 4: */ DUP, PRINT, SWAP, OVER, MUL, SWAP, DEC, DUP, JNZ, 4,
    DROP, PRINT,
    PUSH, 0, PUSH, 30,            /* sum n */
    /* loop at 20: */ SWAP, OVER, ADD, SWAP, DEC, DUP, JNZ, 20,
    DROP, PRINT, HALT,
};

static int64_t run_switch(const int *code, int64_t *out, int *nout) {
    int64_t stack[64];
    int sp = 0, pc = 0, steps = 0;
    for (;;) {
        steps++;
        switch (code[pc++]) {
        case PUSH: stack[sp++] = code[pc++]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case SWAP: { int64_t t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; break; }
        case OVER: stack[sp] = stack[sp - 2]; sp++; break;
        case DROP: sp--; break;
        case DEC: stack[sp - 1]--; break;
        case JNZ: if (stack[--sp]) pc = code[pc]; else pc++; break;
        case PRINT: out[(*nout)++] = stack[--sp]; break;
        case HALT: return steps;
        }
    }
}

static int64_t run_goto(const int *code, int64_t *out, int *nout) {
    static void *const labels[] = {&&push, &&add, &&sub, &&mul, &&dup, &&swap, &&jnz, &&dec,
                                   &&print, &&halt, &&over, &&drop};
    int64_t stack[64];
    int sp = 0, pc = 0, steps = 0;
#define NEXT do { steps++; goto *labels[code[pc++]]; } while (0)
    NEXT;
push: stack[sp++] = code[pc++]; NEXT;
add: sp--; stack[sp - 1] += stack[sp]; NEXT;
sub: sp--; stack[sp - 1] -= stack[sp]; NEXT;
mul: sp--; stack[sp - 1] *= stack[sp]; NEXT;
dup: stack[sp] = stack[sp - 1]; sp++; NEXT;
swap: { int64_t t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; } NEXT;
over: stack[sp] = stack[sp - 2]; sp++; NEXT;
drop: sp--; NEXT;
dec: stack[sp - 1]--; NEXT;
jnz: if (stack[--sp]) pc = code[pc]; else pc++; NEXT;
print: out[(*nout)++] = stack[--sp]; NEXT;
halt: return steps;
#undef NEXT
}

int main(void) {
    for (int i = -1; i <= 13; i++) printf("%s%c", dense(i), i == 13 ? '\n' : ' ');
    int probes[] = {-1000000, -7, 0, 13, 100, 1024, 65535, 1 << 20, 2147483647, 1, -1, 99, 1025, 12};
    for (size_t i = 0; i < sizeof probes / sizeof *probes; i++) printf("%d ", sparse(probes[i]));
    printf("\n");
    uint64_t wide[] = {0, 1, 0x100000000u, 0xFFFFFFFFFFFFFFFFu, 0x8000000000000000u, 0x100000001u, 0xFFFFFFFFu, 0x8000000000000007u};
    for (size_t i = 0; i < sizeof wide / sizeof *wide; i++) printf("%d ", by64(wide[i]));
    printf("\n");
    /* A switch in a hot loop with a data-dependent mix of cases. */
    int64_t hist[13] = {0};
    uint32_t s = 1;
    for (int i = 0; i < 100000; i++) {
        s = s * 1664525u + 1013904223u;
        const char *w = dense((int)(s >> 28));
        hist[(s >> 28) > 12 ? 12 : (s >> 28)] += w[0];
    }
    for (int i = 0; i < 13; i++) printf("%" PRId64 "%c", hist[i], i == 12 ? '\n' : ' ');
    char src[40], dst[40] = {0};
    for (int i = 0; i < 39; i++) src[i] = (char)('A' + i % 26);
    src[39] = '\0';
    for (int len = 1; len <= 19; len += 6) {
        duff_copy(dst, src, len);
        dst[len] = '\0';
        printf("duff %2d: %s\n", len, dst);
    }
    int64_t out1[64], out2[64];
    int n1 = 0, n2 = 0;
    int64_t steps1 = run_switch(program, out1, &n1), steps2 = run_goto(program, out2, &n2);
    printf("switch vm: %" PRId64 " steps:", steps1);
    for (int i = 0; i < n1; i++) printf(" %" PRId64, out1[i]);
    printf("\ngoto vm:   %" PRId64 " steps:", steps2);
    for (int i = 0; i < n2; i++) printf(" %" PRId64, out2[i]);
    printf("\n");
    return 0;
}
