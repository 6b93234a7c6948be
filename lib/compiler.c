/*
 * The pack compiler's shared helpers (compiler.h): where in the pack text
 * the compiler is, failing there, and reading members, whose strings the
 * pack pools as they are read.
 */
#include "compiler.h"

#include <stdio.h>
#include <string.h>

/* --- pointers and failures ----------------------------------------------- */

size_t pr_compiler_push(pr_compiler *c, const char *token)
{
    size_t mark = c->pointer_length;
    if (pr_json_pointer_push(c->pointer, sizeof c->pointer, token))
        c->pointer_length = strlen(c->pointer);
    return mark;
}

size_t pr_compiler_push_index(pr_compiler *c, size_t index)
{
    char token[24];
    snprintf(token, sizeof token, "%zu", index);
    return pr_compiler_push(c, token);
}

void pr_compiler_pop(pr_compiler *c, size_t mark)
{
    c->pointer_length = mark;
    c->pointer[mark] = '\0';
}

protocol_status pr_compiler_fail(pr_compiler *c, const char *fmt, ...)
{
    int line, column;
    pr_json_locate(c->text, c->length, c->pointer, &line, &column);
    va_list ap;
    va_start(ap, fmt);
    pr_vfail_at(c->err, PROTOCOL_E_PACK, c->pointer, line, column, fmt, ap);
    va_end(ap);
    return PROTOCOL_E_PACK;
}

protocol_status pr_compiler_nomem(pr_compiler *c)
{
    return pr_nomem(c->err);
}

/* Fail at member `name` of the current object. */
protocol_status pr_compile_fail_member(pr_compiler *c, const char *name, const char *fmt, ...)
{
    char message[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    pr_compiler_push(c, name);
    return pr_compiler_fail(c, "%s", message);
}

/* --- members ---------------------------------------------------------------- */

protocol_status pr_compile_intern(pr_compiler *c, const char *text, const char **out)
{
    *out = NULL;
    if (!text)
        return PROTOCOL_OK;
    *out = pr_pool_add(&c->pack->pool, text);
    return *out ? PROTOCOL_OK : pr_compiler_nomem(c);
}

/* Every member of `obj` must be one of `allowed` (NULL-terminated). */
protocol_status pr_compile_check_members(pr_compiler *c, const cJSON *obj, const char *what,
                                         const char *const *allowed)
{
    if (!cJSON_IsObject(obj))
        return pr_compiler_fail(c, "%s must be an object", what);
    for (const cJSON *m = obj->child; m; m = m->next) {
        bool ok = false;
        for (const char *const *a = allowed; *a && !ok; a++)
            ok = strcmp(*a, m->string) == 0;
        if (!ok)
            return pr_compile_fail_member(c, m->string, "unknown member \"%s\" in %s", m->string,
                                          what);
    }
    return PROTOCOL_OK;
}

protocol_status pr_compile_get_string(pr_compiler *c, const cJSON *obj, const char *name,
                                      bool required, const char **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    *out = NULL;
    if (!v) {
        if (required)
            return pr_compiler_fail(c, "missing member \"%s\"", name);
        return PROTOCOL_OK;
    }
    if (!cJSON_IsString(v))
        return pr_compile_fail_member(c, name, "\"%s\" must be a string", name);
    if (v->valuestring[0] == '\0')
        return pr_compile_fail_member(c, name, "\"%s\" must not be empty", name);
    return pr_compile_intern(c, v->valuestring, out);
}

/* An optional array member; *out NULL when absent. */
protocol_status pr_compile_get_array(pr_compiler *c, const cJSON *obj, const char *name,
                                     const cJSON **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    *out = v;
    if (v && !cJSON_IsArray(v))
        return pr_compile_fail_member(c, name, "\"%s\" must be an array", name);
    return PROTOCOL_OK;
}

protocol_status pr_compile_get_citation(pr_compiler *c, const cJSON *obj, bool required,
                                        pr_citation *out)
{
    static const char *const allowed[] = {"document", "paragraph", NULL};
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "citation");
    out->document = NULL;
    out->paragraph = NULL;
    if (!v) {
        if (required)
            return pr_compiler_fail(c, "missing member \"citation\": every finding cites the "
                                       "paragraph behind it");
        return PROTOCOL_OK;
    }
    size_t mark = pr_compiler_push(c, "citation");
    PR_TRY(pr_compile_check_members(c, v, "a citation", allowed));
    PR_TRY(pr_compile_get_string(c, v, "paragraph", true, &out->paragraph));
    PR_TRY(pr_compile_get_string(c, v, "document", false, &out->document));
    if (!out->document)
        out->document = c->pack->source_short;
    pr_compiler_pop(c, mark);
    return PROTOCOL_OK;
}

/* Fail when `id` is among ids[0..count); ids are of one kind in one scope. */
protocol_status pr_compile_check_unique(pr_compiler *c, const char *kind, const char *id,
                                        const char *const *ids, size_t stride, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++) {
        const char *other = *(const char *const *)(const void *)((const char *)ids + i * stride);
        if (strcmp(other, id) == 0)
            return pr_compile_fail_member(c, "id", "duplicate %s id \"%s\"", kind, id);
    }
    return PROTOCOL_OK;
}
