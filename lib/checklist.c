/*
 * Checklists: answering items from the case's explicit answers or from its
 * facts, and scoring them per group and overall as docs/pack-format.md
 * says (the red/amber/green band is applied when the result is written).
 */
#include "engine.h"


/* A mean of item scores (0..1) as tenths of a percent, -1 for none. */
static int tenths(double sum, uint32_t count)
{
    if (count == 0)
        return -1;
    return (int)(sum * 1000.0 / count + 0.5); /* non-negative: truncation rounds */
}

/* The answer to item k: the case's own, else the first answer condition
 * that holds, else none. */
static int answer_of(const protocol_pack *pack, const pr_facts *facts, uint32_t k,
                     pr_eval_ctx *ctx)
{
    if (facts->answers[k])
        return facts->answers[k];
    const pr_item *item = &pack->items[k];
    for (int a = 0; a < 4; a++) {
        if (item->answer[a] == PR_NONE)
            continue;
        pr_tri t = pr_cond_eval(pack, item->answer[a], ctx);
        ctx->nmissing = 0;
        if (t == PR_TRUE)
            return a + 1;
    }
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
                                       pr_eval_ctx *ctx, protocol_result *r,
                                       protocol_error *err)
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
