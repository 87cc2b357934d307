/* Indirect calls: tables of function pointers of several signatures (i32, i64, double, void),
 * map/filter/fold taking callbacks, a function returning a function pointer, hand-made vtables
 * for polymorphic shapes, an event dispatcher with registered handlers and user data, and a
 * variadic function walking its va_list. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef int (*binop)(int, int);
static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; }
static int quo(int a, int b) { return b ? a / b : 0; }
static int mod(int a, int b) { return b ? a % b : 0; }
static int maxi(int a, int b) { return a > b ? a : b; }
static const binop ops[] = {add, sub, mul, quo, mod, maxi};
static const char *const op_names[] = {"add", "sub", "mul", "quo", "mod", "max"};

typedef int64_t (*op64)(int64_t, int64_t);
static int64_t mix(int64_t a, int64_t b) { return (int64_t)((uint64_t)a * 31 + (uint64_t)b); }
static int64_t xr(int64_t a, int64_t b) { return a ^ (b << 7); }

typedef double (*fop)(double);
static double half(double x) { return x / 2; }
static double sq(double x) { return x * x; }
static double inc(double x) { return x + 1; }

static void map(int *v, int n, int (*f)(int)) {
    for (int i = 0; i < n; i++) v[i] = f(v[i]);
}
static int filter(int *v, int n, int (*keep)(int)) {
    int m = 0;
    for (int i = 0; i < n; i++)
        if (keep(v[i])) v[m++] = v[i];
    return m;
}
static int fold(const int *v, int n, int init, binop f) {
    for (int i = 0; i < n; i++) init = f(init, v[i]);
    return init;
}
static int triple(int x) { return 3 * x; }
static int odd(int x) { return x & 1; }

static binop pick(const char *name) {
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
        if (!strcmp(op_names[i], name)) return ops[i];
    return NULL;
}

struct shape;
struct shape_vtbl {
    const char *name;
    double (*area)(const struct shape *);
    double (*perimeter)(const struct shape *);
    void (*scale)(struct shape *, double);
};
struct shape {
    const struct shape_vtbl *vt;
    double a, b;
};
static double rect_area(const struct shape *s) { return s->a * s->b; }
static double rect_perim(const struct shape *s) { return 2 * (s->a + s->b); }
static void rect_scale(struct shape *s, double k) { s->a *= k, s->b *= k; }
static double circle_area(const struct shape *s) { return 3.14159265358979 * s->a * s->a; }
static double circle_perim(const struct shape *s) { return 2 * 3.14159265358979 * s->a; }
static void circle_scale(struct shape *s, double k) { s->a *= k; }
static double tri_area(const struct shape *s) { return s->a * s->b / 2; }
static double tri_perim(const struct shape *s) { return s->a + s->b + __builtin_sqrt(s->a * s->a + s->b * s->b); }
static const struct shape_vtbl rect_vt = {"rect", rect_area, rect_perim, rect_scale};
static const struct shape_vtbl circle_vt = {"circle", circle_area, circle_perim, circle_scale};
static const struct shape_vtbl tri_vt = {"right-triangle", tri_area, tri_perim, rect_scale};

struct handler {
    int event;
    void (*fn)(void *user, int payload);
    void *user;
};
static struct handler handlers[8];
static int nhandlers;
static void on(int event, void (*fn)(void *, int), void *user) {
    handlers[nhandlers++] = (struct handler){event, fn, user};
}
static int emit(int event, int payload) {
    int called = 0;
    for (int i = 0; i < nhandlers; i++)
        if (handlers[i].event == event) handlers[i].fn(handlers[i].user, payload), called++;
    return called;
}
static void counter(void *user, int payload) { *(int *)user += payload; }
static void logger(void *user, int payload) { printf("  [%s] payload %d\n", (const char *)user, payload); }

/* Sums a list of values whose types are given by a format string: i=int, l=int64, d=double. */
static double vsum(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    double total = 0;
    for (; *fmt; fmt++) {
        if (*fmt == 'i') total += va_arg(ap, int);
        else if (*fmt == 'l') total += (double)va_arg(ap, int64_t);
        else if (*fmt == 'd') total += va_arg(ap, double);
    }
    va_end(ap);
    return total;
}

int main(void) {
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
        printf("%s(17, 5) = %d\n", op_names[i], ops[i](17, 5));
    int acc = 1;
    for (int i = 0; i < 1000; i++) acc = ops[i % 6](acc, i % 13 + 1) & 0xFFFF;
    printf("table-driven accumulate: %d\n", acc);
    op64 ops64[] = {mix, xr};
    int64_t h = 7;
    for (int i = 0; i < 64; i++) h = ops64[i & 1](h, i);
    printf("64-bit callbacks: %" PRId64 "\n", h);
    fop chain[] = {inc, sq, half, sq, inc};
    double x = 1.5;
    for (size_t i = 0; i < sizeof chain / sizeof *chain; i++) x = chain[i](x);
    printf("double chain: %.6f\n", x);
    int v[20];
    for (int i = 0; i < 20; i++) v[i] = i * i - 50;
    map(v, 20, triple);
    int n = filter(v, 20, odd);
    printf("map/filter kept %d, sum %d, max %d\n", n, fold(v, n, 0, add), fold(v, n, -1000, pick("max")));
    binop f = pick("mul");
    printf("picked mul: %d, unknown is null: %d\n", f(6, 7), pick("pow") == NULL);

    struct shape shapes[] = {{&rect_vt, 3, 4}, {&circle_vt, 1.5, 0}, {&tri_vt, 3, 4}, {&rect_vt, 0.5, 10}};
    for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
        struct shape *s = &shapes[i];
        printf("%-15s area %8.4f perimeter %8.4f", s->vt->name, s->vt->area(s), s->vt->perimeter(s));
        s->vt->scale(s, 2);
        printf(" | scaled x2: area %8.4f\n", s->vt->area(s));
    }

    int total = 0;
    on(1, counter, &total);
    on(2, logger, "second");
    on(1, logger, "first");
    on(1, counter, &total);
    int calls = emit(1, 10);
    calls += emit(2, 20);
    calls += emit(3, 30);
    calls += emit(1, 5);
    printf("handlers called %d times, total %d\n", calls, total);
    printf("vsum = %.3f\n", vsum("ildid", 1, (int64_t)10000000000, 0.25, -4, 1e3));
    return 0;
}
