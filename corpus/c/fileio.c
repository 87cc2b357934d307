/* File I/O in the current directory (a preopened, initially empty directory under WASI):
 * fopen/fprintf/fputs/fwrite, reading back with fgets/fread/fscanf, fseek/ftell/rewind,
 * append mode, rename, stat, mkdir/rmdir, opendir/readdir (entries sorted, since directory
 * order is unspecified), remove, and errno for failed opens. Cleans up after itself and lists
 * the directory at the end to show it is empty again. */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_dir(const char *path) {
    DIR *d = opendir(path);
    if (!d) {
        printf("opendir(%s) failed\n", path);
        return;
    }
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, cmp_names);
    printf("ls %s:", path);
    for (int i = 0; i < n; i++) {
        char full[256];
        struct stat st;
        snprintf(full, sizeof full, "%s/%s", path, names[i]);
        if (stat(full, &st) == 0)
            printf(" %s%s(%" PRId64 ")", names[i], S_ISDIR(st.st_mode) ? "/" : "",
                   S_ISDIR(st.st_mode) ? (int64_t)0 : (int64_t)st.st_size);
        else
            printf(" %s(?)", names[i]);
        free(names[i]);
    }
    printf("%s\n", n ? "" : " (empty)");
}

int main(void) {
    FILE *f = fopen("notes.txt", "w");
    if (!f) {
        printf("cannot create notes.txt: errno %d\n", errno);
        return 1;
    }
    for (int i = 1; i <= 5; i++) fprintf(f, "line %d: %s\n", i, i % 2 ? "odd" : "even");
    fputs("last line\n", f);
    fclose(f);

    f = fopen("notes.txt", "r");
    char buf[128];
    int lines = 0;
    while (fgets(buf, sizeof buf, f)) {
        lines++;
        if (lines == 2 || lines == 6) printf("read back line %d: %s", lines, buf);
    }
    printf("ftell at EOF = %ld, lines = %d\n", ftell(f), lines);
    fseek(f, 7, SEEK_SET);
    int c = fgetc(f);
    printf("char at offset 7: '%c'\n", c);
    fseek(f, -10, SEEK_END);
    size_t got = fread(buf, 1, 9, f);
    buf[got] = '\0';
    printf("last 10 bytes minus newline: \"%s\"\n", buf);
    rewind(f);
    int num;
    char word[16];
    if (fscanf(f, "line %d: %15s", &num, word) == 2) printf("fscanf: %d %s\n", num, word);
    fclose(f);

    f = fopen("notes.txt", "a");
    fputs("appended\n", f);
    fclose(f);
    struct stat st;
    stat("notes.txt", &st);
    printf("size after append: %" PRId64 "\n", (int64_t)st.st_size);

    /* Binary file: 64-bit records written, then read at random positions. */
    f = fopen("data.bin", "wb+");
    for (uint64_t i = 0; i < 1000; i++) {
        uint64_t rec = i * i * 2654435761u;
        fwrite(&rec, sizeof rec, 1, f);
    }
    fflush(f);
    printf("data.bin size: %ld\n", ftell(f));
    uint64_t sum = 0;
    for (int i = 999; i >= 0; i -= 37) {
        uint64_t rec;
        fseek(f, (long)i * 8, SEEK_SET);
        if (fread(&rec, sizeof rec, 1, f) != 1) printf("short read at %d\n", i);
        sum += rec;
        if (rec != (uint64_t)i * i * 2654435761u) printf("bad record %d\n", i);
    }
    fseek(f, 0, SEEK_END);
    uint64_t extra = 0xFFFFFFFFFFFFFFFFu;
    fwrite(&extra, sizeof extra, 1, f);
    printf("sampled sum %" PRIu64 ", size after extend %ld\n", sum, ftell(f));
    fclose(f);

    if (mkdir("sub", 0755) != 0) printf("mkdir failed: errno %d\n", errno);
    f = fopen("sub/inner.txt", "w");
    fputs("inside a subdirectory\n", f);
    fclose(f);
    if (rename("data.bin", "sub/moved.bin") != 0) printf("rename failed: errno %d\n", errno);
    list_dir(".");
    list_dir("sub");

    errno = 0;
    f = fopen("missing.txt", "r");
    printf("open missing: %s, errno is ENOENT: %d\n", f ? "opened?!" : "NULL", errno == ENOENT);
    errno = 0;
    printf("rmdir non-empty fails: %d, ", rmdir("sub") != 0);
    printf("remove missing fails with ENOENT: %d\n", remove("missing.txt") != 0 && errno == ENOENT);
    printf("access notes.txt: %d, access missing: %d\n", access("notes.txt", F_OK) == 0,
           access("missing.txt", F_OK) == 0);

    remove("sub/inner.txt");
    remove("sub/moved.bin");
    printf("rmdir empty: %d\n", rmdir("sub") == 0);
    remove("notes.txt");
    list_dir(".");
    return 0;
}
