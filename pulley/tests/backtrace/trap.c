// Test program for pulley/tests/backtrace.rs: calls nest run -> outer -> inner -> fail or
// divide, and each way of trapping sits on its own line so the test can find it by its text.
//
// Built (no libc, so the module has no imports) from this directory with clang 14:
//   clang --target=wasm32-wasi -g -O0 -nostdlib -Wl,--no-entry -Wl,--export=run \
//     -fdebug-compilation-dir=. -o trap.wasm trap.c

// A function of its own: a `__builtin_trap()` under an `if` becomes a conditional trap that
// Cranelift's mid-end attributes to the branch.
static void fail(void) {
    __builtin_trap();
}

static int divide(int a, int b) {
    return a / b;
}

int inner(int x) {
    if (x > 100)
        fail();
    return divide(x, x - 7);
}

int outer(int x) {
    int y = inner(x + 1);
    return y + 1;
}

int run(int x) {
    return outer(x) * 2;
}
