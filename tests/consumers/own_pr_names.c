/*
 * A host program whose own functions happen to have the names libprotocol
 * uses inside (pr_malloc, pr_free, pr_strdup). Linked against the static
 * library it must link (no "multiple definition"), and the library must
 * keep using its own: this pr_malloc always fails, so a library that
 * called it could not evaluate anything.
 */
#include <stddef.h>

void *pr_malloc(size_t size);
void pr_free(void *ptr);
char *pr_strdup(const char *s);

void *pr_malloc(size_t size)
{
    (void)size;
    return NULL;
}

void pr_free(void *ptr)
{
    (void)ptr;
}

char *pr_strdup(const char *s)
{
    (void)s;
    return NULL;
}

#include "consumer.c"
