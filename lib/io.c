/*
 * Reading whole files for the *_file loaders. The only file access the
 * library does, and only when the caller names a file.
 */
#define _POSIX_C_SOURCE 200809L

#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* The file's modification and change times are unchanged. Windows (MinGW)
 * keeps them to the second only. */
static int same_times(const struct stat *a, const struct stat *b)
{
#ifdef _WIN32
    return a->st_mtime == b->st_mtime && a->st_ctime == b->st_ctime;
#else
    return a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
           a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
#endif
}

protocol_status pr_read_file(const char *path, size_t max_size, char **text, size_t *length,
                             protocol_error *err)
{
    if (!path)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL, "no file name given");
    FILE *f = fopen(path, "rb");
    if (!f)
        return pr_fail(err, PROTOCOL_E_IO, path, "cannot open '%s': %s", path, strerror(errno));
    /* A regular file that another process rewrites while it is read would
     * give a mix of two versions: its size and time stamps before and after
     * the read must match. */
    struct stat before, after;
    int regular = fstat(fileno(f), &before) == 0 && S_ISREG(before.st_mode);
    size_t cap = 4096, len = 0;
    char *buf = pr_malloc(cap);
    if (!buf) {
        fclose(f);
        return pr_nomem(err);
    }
    for (;;) {
        if (len + 1 >= cap) {
            /* Full: refuse once more than max_size bytes are in (a file of
             * exactly max_size bytes passes), else grow. */
            if (len > max_size) {
                pr_free(buf);
                fclose(f);
                return pr_fail(err, PROTOCOL_E_LIMIT_INPUT_SIZE, path,
                               "'%s' is larger than the input-size limit of %zu bytes", path,
                               max_size);
            }
            char *bigger = pr_realloc(buf, cap * 2);
            if (!bigger) {
                pr_free(buf);
                fclose(f);
                return pr_nomem(err);
            }
            buf = bigger;
            cap *= 2;
        }
        size_t n = fread(buf + len, 1, cap - 1 - len, f);
        len += n;
        if (n == 0)
            break;
    }
    int failed = ferror(f);
    int changed = regular && !failed &&
                  (fstat(fileno(f), &after) != 0 || after.st_size != before.st_size ||
                   !same_times(&before, &after));
    fclose(f);
    if (changed) {
        pr_free(buf);
        return pr_fail(err, PROTOCOL_E_IO, path,
                       "'%s' changed while it was being read; read it again once it is "
                       "complete",
                       path);
    }
    if (failed) {
        pr_free(buf);
        return pr_fail(err, PROTOCOL_E_IO, path, "cannot read '%s'", path);
    }
    if (len > max_size) {
        pr_free(buf);
        return pr_fail(err, PROTOCOL_E_LIMIT_INPUT_SIZE, path,
                       "'%s' is larger than the input-size limit of %zu bytes", path, max_size);
    }
    buf[len] = '\0';
    *text = buf;
    *length = len;
    return PROTOCOL_OK;
}
