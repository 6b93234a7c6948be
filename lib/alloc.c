/*
 * Allocation: every byte the library allocates goes through these wrappers,
 * so a caller's hooks (protocol_set_allocator) see all of it, cJSON included.
 */
#include "internal.h"

#include <cjson/cJSON.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static void *(*hook_malloc)(size_t) = malloc;
static void *(*hook_realloc)(void *, size_t) = realloc;
static void (*hook_free)(void *) = free;
/* Set on the first allocation: the hooks may not change after it. */
static atomic_bool allocated;

protocol_status protocol_set_allocator(const protocol_allocator *allocator, protocol_error *err)
{
    return protocol_set_allocator_ex(allocator, 0, err);
}

protocol_status protocol_set_allocator_ex(const protocol_allocator *allocator, uint32_t flags,
                                          protocol_error *err)
{
    if (flags & ~(uint32_t)PROTOCOL_ALLOCATOR_KEEP_CJSON_HOOKS)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_set_allocator_ex: unknown flags");
    if (!allocator || !allocator->malloc_fn || !allocator->realloc_fn || !allocator->free_fn)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_set_allocator needs malloc, realloc and free functions");
    if (atomic_load(&allocated))
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "the allocator must be set before the library allocates anything");
    hook_malloc = allocator->malloc_fn;
    hook_realloc = allocator->realloc_fn;
    hook_free = allocator->free_fn;
    if (!(flags & PROTOCOL_ALLOCATOR_KEEP_CJSON_HOOKS)) {
        cJSON_Hooks hooks = {allocator->malloc_fn, allocator->free_fn};
        cJSON_InitHooks(&hooks);
    }
    return PROTOCOL_OK;
}

void *pr_malloc(size_t size)
{
    atomic_store_explicit(&allocated, true, memory_order_relaxed);
    return hook_malloc(size ? size : 1);
}

void *pr_calloc(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    void *p = pr_malloc(count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

void *pr_realloc(void *ptr, size_t size)
{
    atomic_store_explicit(&allocated, true, memory_order_relaxed);
    return hook_realloc(ptr, size ? size : 1);
}

void pr_free(void *ptr)
{
    if (ptr)
        hook_free(ptr);
}

void protocol_free(void *ptr)
{
    pr_free(ptr);
}

char *pr_strndup(const char *s, size_t n)
{
    char *copy = pr_malloc(n + 1);
    if (copy) {
        memcpy(copy, s, n);
        copy[n] = '\0';
    }
    return copy;
}

char *pr_strdup(const char *s)
{
    return pr_strndup(s, strlen(s));
}
