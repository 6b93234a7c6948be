/*
 * LD_PRELOAD shim for tests/test_tool_io.py: after the first fread() from
 * the file that PROTOCOL_TEST_CHANGE_FILE names, appends a byte to it, as
 * another process writing the file while the tool reads it would.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

typedef size_t (*fread_fn)(void *, size_t, size_t, FILE *);

size_t fread(void *ptr, size_t size, size_t n, FILE *f)
{
    static fread_fn real;
    static int done;
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "fread");
    size_t got = real(ptr, size, n, f);
    const char *path = getenv("PROTOCOL_TEST_CHANGE_FILE");
    struct stat read_from, target;
    if (path && !done && fstat(fileno(f), &read_from) == 0 && stat(path, &target) == 0 &&
        read_from.st_ino == target.st_ino && read_from.st_dev == target.st_dev) {
        done = 1;
        FILE *w = fopen(path, "ab");
        if (w) {
            fputc(' ', w);
            fclose(w);
        }
    }
    return got;
}
