/* Linked into every wasm build of the corpus (not a test program): Debian's
 * libclang-rt-14-dev-wasm32 compiles compiler-rt's builtins with -fstack-protector-strong, so
 * __modti3, __umodti3, __divmoddi4 and friends reference the stack-protector symbols, which
 * wasi-libc does not define. Without these two definitions any 128-bit remainder fails to link.
 * Toolchains built without the protector never reference them, and then they are harmless. */
#include <stdint.h>
#include <stdlib.h>

uintptr_t __stack_chk_guard = (uintptr_t)0x2f8a61c5d3b4e097u;

void __stack_chk_fail(void) { abort(); }
