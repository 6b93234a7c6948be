/*
 * Checklists: compiling them, answering items from the case's explicit
 * answers or from its facts, and scoring them per group and overall as
 * docs/pack-format.md says (the red/amber/green band is applied when the
 * result is written).
 */
#include "compiler.h"

#include <string.h>

/* A mean of item scores (0..1) as tenths of a percent, -1 for none. */
static int tenths(double sum, uint32_t count)
{
    if (count == 0)
        return -1;
    return (int)(sum * 1000.0 / count + 0.5); /* non-negative: truncation rounds */
}

/* The answer to item k: the case's own, else the first answer condition
 * that holds, else none. */
static int answer_of(const protocol_pack *pack, const pr_facts *facts, uint32_t k, pr_eval_ctx *ctx)
{
    if (facts->answers[k])
        return facts->answers[k];
    const pr_item *item = &pack->items[k];
    ctx->nmissing = 0;
    for (int a = 0; a < 4; a++) {
        if (item->answer[a] == PR_NONE)
            continue;
        /* The unknown facts of each condition stay on the stack ... */
        if (pr_cond_eval(pack, item->answer[a], ctx) == PR_TRUE) {
            ctx->nmissing = 0;
            return a + 1;
        }
    }
    /* ... and weigh in ask_next when they left the item unanswered. */
    pr_ctx_weigh(ctx, PR_WEIGHT_ITEM);
    ctx->nmissing = 0;
    return PR_ANSWER_NONE;
}

static bool push_int(protocol_result *r, int v)
{
    if (r->nints == r->cap_ints) {
        uint32_t n = r->cap_ints ? r->cap_ints * 2 : 16;
        int *grown = n > r->cap_ints ? pr_realloc(r->ints, n * sizeof *grown) : NULL;
        if (!grown)
            return false;
        r->ints = grown;
        r->cap_ints = n;
    }
    r->ints[r->nints++] = v;
    return true;
}

protocol_status pr_checklists_evaluate(const protocol_pack *pack, const pr_facts *facts,
                                       pr_eval_ctx *ctx, protocol_result *r, protocol_error *err)
{
    for (uint32_t c = 0; c < pack->nchecklists; c++) {
        const pr_checklist *cl = &pack->checklists[c];
        pr_checklist_out *o = &r->checklists[r->nchecklists];
        uint32_t strs_mark = r->nstrs, ints_mark = r->nints;
        uint32_t answered = 0, scored = 0;
        double total = 0;
        o->checklist = c;
        o->group_scores = r->nints;
        o->unanswered.first = r->nstrs;
        for (uint32_t g = 0; g < cl->ngroups; g++) {
            const pr_group *group = &cl->groups[g];
            double sum = 0;
            uint32_t n = 0;
            for (uint32_t k = group->first_item; k < group->first_item + group->nitems; k++) {
                int a = answer_of(pack, facts, k, ctx);
                if (a == PR_ANSWER_NONE) {
                    if (!pr_result_push_str(r, pack->items[k].id))
                        return pr_nomem(err);
                    continue;
                }
                answered++;
                if (a == PR_ANSWER_NA)
                    continue;
                sum += cl->scores[a - 1];
                n++;
            }
            if (!push_int(r, tenths(sum, n)))
                return pr_nomem(err);
            total += sum;
            scored += n;
        }
        if (answered == 0) {
            /* Only checklists someone answered appear in the result. */
            r->nstrs = strs_mark;
            r->nints = ints_mark;
            continue;
        }
        o->unanswered.count = r->nstrs - o->unanswered.first;
        o->score_tenths = tenths(total, scored);
        r->nchecklists++;
    }
    return PROTOCOL_OK;
}

/* --- checklists ---------------------------------------------------------------- */

static protocol_status compile_item(pr_compiler *c, const cJSON *j, pr_item *item)
{
    static const char *const allowed[] = {"id", "text", "citation", "answer", NULL};
    static const char *const answers[] = {"met", "partly", "not_met", "not_applicable", NULL};
    PR_TRY(pr_compile_check_members(c, j, "a checklist item", allowed));
    PR_TRY(pr_compile_get_string(c, j, "id", true, &item->id));
    PR_TRY(pr_compile_get_string(c, j, "text", true, &item->text));
    PR_TRY(pr_compile_get_citation(c, j, true, &item->citation));
    for (int k = 0; k < 4; k++)
        item->answer[k] = PR_NONE;
    const cJSON *answer = cJSON_GetObjectItemCaseSensitive(j, "answer");
    if (!answer)
        return PROTOCOL_OK;
    size_t mark = pr_compiler_push(c, "answer");
    PR_TRY(pr_compile_check_members(c, answer, "\"answer\"", answers));
    for (int k = 0; k < 4; k++)
        if (cJSON_GetObjectItemCaseSensitive(answer, answers[k]))
            PR_TRY(pr_compile_get_cond(c, answer, answers[k], PR_NONE, &item->answer[k]));
    pr_compiler_pop(c, mark);
    return PROTOCOL_OK;
}

static protocol_status compile_group(pr_compiler *c, const cJSON *j, pr_checklist *cl,
                                     uint32_t index)
{
    static const char *const allowed[] = {"id", "title", "items", NULL};
    pr_group *g = &cl->groups[index];
    const cJSON *items;
    PR_TRY(pr_compile_check_members(c, j, "a checklist group", allowed));
    PR_TRY(pr_compile_get_string(c, j, "id", true, &g->id));
    PR_TRY(PR_CHECK_UNIQUE(c, "group", cl->groups, index));
    PR_TRY(pr_compile_get_string(c, j, "title", true, &g->title));
    PR_TRY(pr_compile_get_array(c, j, "items", &items));
    if (!items)
        return pr_compiler_fail(c, "missing member \"items\"");
    protocol_pack *p = c->pack;
    uint32_t n = (uint32_t)cJSON_GetArraySize(items);
    pr_item *grown = pr_realloc(p->items, ((size_t)p->nitems + n + 1) * sizeof *grown);
    if (!grown)
        return pr_compiler_nomem(c);
    p->items = grown;
    g->first_item = p->nitems;
    size_t mark = pr_compiler_push(c, "items");
    for (const cJSON *e = items->child; e; e = e->next) {
        size_t m2 = pr_compiler_push_index(c, g->nitems);
        pr_item *item = &p->items[p->nitems];
        PR_TRY(compile_item(c, e, item));
        /* Items are answered by id within the checklist, across groups. */
        PR_TRY(pr_compile_check_unique(c, "item", item->id, &p->items[cl->first_item].id,
                                       sizeof *item, p->nitems - cl->first_item));
        p->nitems++;
        g->nitems++;
        pr_compiler_pop(c, m2);
    }
    pr_compiler_pop(c, mark);
    return PROTOCOL_OK;
}

static protocol_status score_member(pr_compiler *c, const cJSON *obj, const char *name, double low,
                                    double high, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!v)
        return PROTOCOL_OK;
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= low && v->valuedouble <= high))
        return pr_compile_fail_member(c, name, "\"%s\" must be a number from %g to %g", name, low,
                                      high);
    *out = v->valuedouble;
    return PROTOCOL_OK;
}

protocol_status pr_checklist_compile(pr_compiler *c, const cJSON *j, void *array, uint32_t i)
{
    static const char *const allowed[] = {"id",         "title",  "citation", "scores",
                                          "thresholds", "groups", NULL};
    static const char *const scores[] = {"met", "partly", "not_met", NULL};
    static const char *const thresholds[] = {"green", "amber", NULL};
    pr_checklist *cl = (pr_checklist *)array + i;
    PR_TRY(pr_compile_check_members(c, j, "a checklist", allowed));
    PR_TRY(pr_compile_get_string(c, j, "id", true, &cl->id));
    PR_TRY(PR_CHECK_UNIQUE(c, "checklist", (pr_checklist *)array, i));
    PR_TRY(pr_compile_get_string(c, j, "title", true, &cl->title));
    PR_TRY(pr_compile_get_citation(c, j, true, &cl->citation));
    cl->scores[0] = 1.0;
    cl->scores[1] = 0.5;
    cl->scores[2] = 0.0;
    cl->green = 80;
    cl->amber = 50;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "scores");
    if (v) {
        size_t mark = pr_compiler_push(c, "scores");
        PR_TRY(pr_compile_check_members(c, v, "\"scores\"", scores));
        for (int k = 0; k < 3; k++)
            PR_TRY(score_member(c, v, scores[k], 0, 1, &cl->scores[k]));
        pr_compiler_pop(c, mark);
    }
    v = cJSON_GetObjectItemCaseSensitive(j, "thresholds");
    if (v) {
        size_t mark = pr_compiler_push(c, "thresholds");
        PR_TRY(pr_compile_check_members(c, v, "\"thresholds\"", thresholds));
        PR_TRY(score_member(c, v, "green", 0, 100, &cl->green));
        PR_TRY(score_member(c, v, "amber", 0, 100, &cl->amber));
        if (cl->amber > cl->green)
            return pr_compile_fail_member(c, "amber", "\"amber\" must not be above \"green\"");
        pr_compiler_pop(c, mark);
    }
    const cJSON *groups;
    PR_TRY(pr_compile_get_array(c, j, "groups", &groups));
    if (!groups)
        return pr_compiler_fail(c, "missing member \"groups\"");
    cl->groups = pr_calloc((size_t)cJSON_GetArraySize(groups) + 1, sizeof *cl->groups);
    if (!cl->groups)
        return pr_compiler_nomem(c);
    cl->first_item = c->pack->nitems;
    size_t mark = pr_compiler_push(c, "groups");
    for (const cJSON *g = groups->child; g; g = g->next) {
        size_t m2 = pr_compiler_push_index(c, cl->ngroups);
        PR_TRY(compile_group(c, g, cl, cl->ngroups));
        cl->ngroups++;
        pr_compiler_pop(c, m2);
    }
    pr_compiler_pop(c, mark);
    cl->nitems = c->pack->nitems - cl->first_item;
    return PROTOCOL_OK;
}
