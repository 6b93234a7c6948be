/*
 * Checks on a case and on a result beyond its findings: a pack's
 * constraints (conditions the facts of a case must not break, reported as
 * warnings or, in strict mode, errors), its consistency declarations
 * (contradictions its own tests must never show), and ask_next (the facts a
 * case does not give, the most decisive first). docs/pack-format.md,
 * Constraints and Consistency; docs/result-json.md, ask_next.
 */
#include "compiler.h"
#include "engine.h"

#include <stdlib.h>
#include <string.h>

/* --- compiling ------------------------------------------------------------------ */

protocol_status pr_constraint_compile(pr_compiler *c, const cJSON *j, void *array, uint32_t i)
{
    static const char *const allowed[] = {"id", "when", "path", "message", "citation", NULL};
    pr_constraint *k = (pr_constraint *)array + i;
    const char *path;
    PR_TRY(pr_compile_check_members(c, j, "a constraint", allowed));
    PR_TRY(pr_compile_get_string(c, j, "id", true, &k->id));
    PR_TRY(PR_CHECK_UNIQUE(c, "constraint", (pr_constraint *)array, i));
    PR_TRY(pr_compile_get_cond(c, j, "when", PR_NONE, &k->when));
    PR_TRY(pr_compile_get_string(c, j, "path", true, &path));
    k->fact = pr_pack_find_fact(c->pack, path);
    if (k->fact == PR_NONE)
        return pr_compile_fail_member(c, "path",
                                      "unknown fact \"%s\": it is not declared in \"facts\"", path);
    PR_TRY(pr_compile_get_string(c, j, "message", true, &k->message));
    PR_TRY(pr_compile_get_citation(c, j, true, &k->citation));
    /* The warning as results write it, pooled with the pack's strings. */
    pr_buf text = PR_BUF_INIT;
    pr_buf_printf(&text, "constraint \"%s\": %s (%s %s)", k->id, k->message,
                  k->citation.document ? k->citation.document : c->pack->source_short,
                  k->citation.paragraph);
    protocol_status s =
        text.failed ? pr_compiler_nomem(c) : pr_compile_intern(c, text.data, &k->warning);
    pr_buf_free(&text);
    return s;
}

/* The index of the `count` ids found `stride` bytes apart from `ids` that
 * equals `id`, or PR_NONE. */
static uint32_t find_id(const char *id, const char *const *ids, size_t stride, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++)
        if (strcmp(*(const char *const *)(const void *)((const char *)ids + i * stride), id) == 0)
            return i;
    return PR_NONE;
}

protocol_status pr_consistency_compile(pr_compiler *c, const cJSON *j, void *array, uint32_t i)
{
    static const char *const allowed[] = {"id",      "decision", "outcomes", "duties",
                                          "message", "citation", NULL};
    const protocol_pack *p = c->pack;
    pr_consistency *k = (pr_consistency *)array + i;
    const char *decision;
    const cJSON *outcomes, *duties;
    PR_TRY(pr_compile_check_members(c, j, "a consistency check", allowed));
    PR_TRY(pr_compile_get_string(c, j, "id", true, &k->id));
    PR_TRY(PR_CHECK_UNIQUE(c, "consistency check", (pr_consistency *)array, i));
    PR_TRY(pr_compile_get_string(c, j, "decision", true, &decision));
    k->decision = p->ndecisions ? find_id(decision, &p->decisions[0].id, sizeof p->decisions[0],
                                          p->ndecisions)
                                : PR_NONE;
    if (k->decision == PR_NONE)
        return pr_compile_fail_member(c, "decision", "the pack has no decision with id \"%s\"",
                                      decision);
    const pr_decision *d = &p->decisions[k->decision];
    PR_TRY(pr_compile_get_array(c, j, "outcomes", &outcomes));
    PR_TRY(pr_compile_get_array(c, j, "duties", &duties));
    if (!outcomes || !outcomes->child)
        return pr_compiler_fail(c, "\"outcomes\" must list at least one outcome");
    if (!duties || !duties->child)
        return pr_compiler_fail(c, "\"duties\" must list at least one duty");
    k->outcomes = pr_calloc((size_t)cJSON_GetArraySize(outcomes), sizeof *k->outcomes);
    if (!k->outcomes)
        return pr_compiler_nomem(c);
    size_t mark = pr_compiler_push(c, "outcomes");
    for (const cJSON *o = outcomes->child; o; o = o->next) {
        size_t m2 = pr_compiler_push_index(c, k->noutcomes);
        bool found = cJSON_IsString(o) && strcmp(o->valuestring, d->unknown_outcome) == 0;
        for (uint32_t n = 0; n < d->ncases && !found && cJSON_IsString(o); n++)
            found = strcmp(d->cases[n].outcome, o->valuestring) == 0;
        if (!found)
            return pr_compiler_fail(c, "not an outcome decision \"%s\" gives", d->id);
        PR_TRY(pr_compile_intern(c, o->valuestring, &k->outcomes[k->noutcomes]));
        k->noutcomes++;
        pr_compiler_pop(c, m2);
    }
    pr_compiler_pop(c, mark);
    k->duties = pr_calloc((size_t)cJSON_GetArraySize(duties), sizeof *k->duties);
    if (!k->duties)
        return pr_compiler_nomem(c);
    mark = pr_compiler_push(c, "duties");
    for (const cJSON *o = duties->child; o; o = o->next) {
        size_t m2 = pr_compiler_push_index(c, k->nduties);
        uint32_t duty = cJSON_IsString(o) && p->nduties ? find_id(o->valuestring, &p->duties[0].id,
                                                                  sizeof p->duties[0], p->nduties)
                                                        : PR_NONE;
        if (duty == PR_NONE)
            return pr_compiler_fail(c, "the pack has no duty with this id");
        k->duties[k->nduties++] = duty;
        pr_compiler_pop(c, m2);
    }
    pr_compiler_pop(c, mark);
    PR_TRY(pr_compile_get_string(c, j, "message", true, &k->message));
    return pr_compile_get_citation(c, j, true, &k->citation);
}

/* --- evaluating ---------------------------------------------------------------- */

protocol_status pr_constraints_evaluate(const protocol_pack *pack, int strict, pr_eval_ctx *ctx,
                                        protocol_result *r, protocol_error *err)
{
    for (uint32_t i = 0; i < pack->nconstraints; i++) {
        const pr_constraint *k = &pack->constraints[i];
        ctx->nmissing = 0;
        pr_tri t = pr_cond_eval(pack, k->when, ctx);
        ctx->nmissing = 0;
        if (t != PR_TRUE)
            continue; /* not known to be broken */
        const char *path = pack->facts[k->fact].path;
        if (strict)
            return pr_fail(err, PROTOCOL_E_CASE, path, "%s", k->warning);
        protocol_status s = pr_result_warn_pooled(r, path, k->warning, err);
        if (s != PROTOCOL_OK)
            return s;
    }
    return PROTOCOL_OK;
}

const pr_consistency *pr_consistency_broken(const protocol_pack *pack, const protocol_result *r,
                                            uint32_t *duty)
{
    for (uint32_t i = 0; i < pack->nconsistency; i++) {
        const pr_consistency *k = &pack->consistency[i];
        const char *outcome = r->decisions[k->decision].outcome;
        bool forbids = false;
        for (uint32_t o = 0; o < k->noutcomes && !forbids; o++)
            forbids = strcmp(outcome, k->outcomes[o]) == 0;
        if (!forbids)
            continue;
        for (uint32_t n = 0; n < r->nduties; n++)
            for (uint32_t d = 0; d < k->nduties; d++)
                if (r->duties[n].duty == k->duties[d]) {
                    *duty = k->duties[d];
                    return k;
                }
    }
    return NULL;
}

static int compare_keys(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

void pr_ask_next_rank(const protocol_pack *pack, protocol_result *r)
{
    uint32_t n = 0;
    for (uint32_t f = 0; f < pack->nfacts; f++)
        if (r->weights[f]) /* only unknown facts are weighed */
            /* Heaviest first, then in the pack's order of facts. */
            r->ask_keys[n++] = (uint64_t)(UINT32_MAX - r->weights[f]) << 32 | f;
    qsort(r->ask_keys, n, sizeof *r->ask_keys, compare_keys);
    for (uint32_t i = 0; i < n; i++)
        r->ask_next[i] = (uint32_t)(r->ask_keys[i] & UINT32_MAX);
    r->nask_next = n;
}
