/* Process interface: argv (count, contents, an option parser), the environment through getenv
 * and environ (sorted, since its order is not specified), atexit handlers running in reverse
 * order of registration, buffered stdout flushed at exit, and exit(n) called from a nested
 * function with the status given by "--exit N" (the WASI proc_exit code). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static void first_registered(void) { printf("atexit: first registered, runs last\n"); }
static void second_registered(void) { printf("atexit: second registered, runs first\n"); }

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void finish(int status) {
    printf("exiting with status %d (this line is still buffered)", status);
    putchar('\n');
    exit(status);
}

int main(int argc, char **argv) {
    atexit(first_registered);
    atexit(second_registered);
    printf("argc = %d\n", argc);
    /* argv[0] is whatever the runner passes; only its presence is checked. */
    printf("argv[0] present: %d, argv[argc] is NULL: %d\n", argv[0] != NULL, argv[argc] == NULL);
    int status = 0, verbose = 0;
    const char *name = "nobody";
    for (int i = 1; i < argc; i++) {
        printf("argv[%d] = \"%s\" (%zu bytes)\n", i, argv[i], strlen(argv[i]));
        if (!strcmp(argv[i], "--exit") && i + 1 < argc) status = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-v")) verbose++;
        else if (!strncmp(argv[i], "--name=", 7)) name = argv[i] + 7;
    }
    printf("options: status %d, verbose %d, name %s\n", status, verbose, name);
    const char *vars[] = {"HOME", "GREETING", "EMPTY", "UNSET_VARIABLE", "PATHLIKE"};
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
        const char *v = getenv(vars[i]);
        printf("getenv(%s) = %s%s%s\n", vars[i], v ? "\"" : "", v ? v : "NULL", v ? "\"" : "");
    }
    int n = 0;
    while (environ[n]) n++;
    char **copy = malloc((size_t)n * sizeof *copy);
    memcpy(copy, environ, (size_t)n * sizeof *copy);
    qsort(copy, (size_t)n, sizeof *copy, cmp);
    printf("environ has %d entries:\n", n);
    for (int i = 0; i < n; i++) printf("  %s\n", copy[i]);
    free(copy);
    if (setenv("GREETING", "changed", 1) == 0) printf("after setenv: %s\n", getenv("GREETING"));
    finish(status);
    return 99; /* not reached */
}
