/*
 * The pack compiler's state and the helpers every part of it shares: the
 * JSON pointer of the member being compiled, failures located at it, and
 * reading members (strings are pooled by the pack as they are read). The
 * pack compiler (pack_compile.c) and the constructs compiled in files of
 * their own (condition.c, checklist.c, pack_test.c) use it; it calls none
 * of them.
 */
#ifndef PROTOCOL_COMPILER_H
#define PROTOCOL_COMPILER_H

#include "engine.h"

typedef struct pr_compiler {
    protocol_pack *pack;
    const char *text;
    size_t length;
    protocol_error *err;
    char pointer[1024];
    size_t pointer_length;
    /* definitions: name, JSON, compiled root, state 0 new / 1 compiling / 2 done */
    const cJSON **def_json;
    uint32_t *def_root;
    uint32_t *def_depth;
    uint32_t *def_cost;
    uint8_t *def_state;
    uint32_t ndefs;
    uint32_t cond_true;          /* a shared `true` node for omitted conditions */
    const cJSON *deadlines_json; /* the pack's "deadlines", for conditions naming one */
} pr_compiler;

#define PR_TRY(expr)                                                                               \
    do {                                                                                           \
        protocol_status pr_try_status_ = (expr);                                                   \
        if (pr_try_status_ != PROTOCOL_OK)                                                         \
            return pr_try_status_;                                                                 \
    } while (0)

/* JSON-pointer bookkeeping: push returns the length to pop back to. */
size_t pr_compiler_push(pr_compiler *c, const char *token);
size_t pr_compiler_push_index(pr_compiler *c, size_t index);
void pr_compiler_pop(pr_compiler *c, size_t mark);
/* PROTOCOL_E_PACK at the current pointer, with its line and column. */
protocol_status pr_compiler_fail(pr_compiler *c, const char *fmt, ...) PR_PRINTF(2, 3);
protocol_status pr_compiler_nomem(pr_compiler *c);
/* PROTOCOL_E_PACK at member `name` of the current object. */
protocol_status pr_compile_fail_member(pr_compiler *c, const char *name, const char *fmt, ...)
    PR_PRINTF(3, 4);

/* `text` (NULL gives NULL) pooled by the pack into *out: every string a
 * compiled pack keeps goes through here or pr_compile_get_string. */
protocol_status pr_compile_intern(pr_compiler *c, const char *text, const char **out);
/* Every member of `obj` must be one of `allowed` (NULL-terminated). */
protocol_status pr_compile_check_members(pr_compiler *c, const cJSON *obj, const char *what,
                                         const char *const *allowed);
/* A non-empty string member, pooled; *out NULL when absent and not required. */
protocol_status pr_compile_get_string(pr_compiler *c, const cJSON *obj, const char *name,
                                      bool required, const char **out);
/* An optional array member; *out NULL when absent. */
protocol_status pr_compile_get_array(pr_compiler *c, const cJSON *obj, const char *name,
                                     const cJSON **out);
protocol_status pr_compile_get_citation(pr_compiler *c, const cJSON *obj, bool required,
                                        pr_citation *out);
/* Fail at member "id" when `id` is among the `count` ids found `stride`
 * bytes apart from `ids`. */
protocol_status pr_compile_check_unique(pr_compiler *c, const char *kind, const char *id,
                                        const char *const *ids, size_t stride, uint32_t count);
#define PR_CHECK_UNIQUE(c, kind, array, count)                                                     \
    pr_compile_check_unique((c), (kind), (array)[count].id, &(array)[0].id, sizeof((array)[0]),    \
                            (count))

/* --- conditions (condition.c) --------------------------------------------- */

/* Compile the condition `json` found at the current pointer; *out is its
 * node index. */
protocol_status pr_cond_compile(pr_compiler *c, const cJSON *json, uint32_t *out);
/* The index of the deadline with `id` in the pack's "deadlines", or PR_NONE. */
uint32_t pr_compiler_find_deadline(const pr_compiler *c, const char *id);
/* A condition member; `fallback` (PR_NONE: required) when absent. */
protocol_status pr_compile_get_cond(pr_compiler *c, const cJSON *obj, const char *name,
                                    uint32_t fallback, uint32_t *out);
/* Compile every definition (refs are compiled on first use, so cycles are
 * found wherever they start). */
protocol_status pr_definitions_compile(pr_compiler *c, const cJSON *defs);

/* --- constructs compiled in files of their own ---------------------------- */

/* Element compilers for member arrays: element `i` of `array`. */
protocol_status pr_checklist_compile(pr_compiler *c, const cJSON *json, void *array, uint32_t i);
protocol_status pr_test_compile(pr_compiler *c, const cJSON *json, void *array, uint32_t i);
/* Constraints and consistency checks (checks.c). */
protocol_status pr_constraint_compile(pr_compiler *c, const cJSON *json, void *array, uint32_t i);
protocol_status pr_consistency_compile(pr_compiler *c, const cJSON *json, void *array, uint32_t i);

#endif
