/*
 * Evaluation: a case's facts against a compiled pack — decisions, rules,
 * duties and deadlines (checklists are checklist.c's) — and the entry points
 * that take case JSON or a structured case and give a result, one case or a
 * whole NDJSON batch at a time.
 */
#include "engine.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* --- findings --------------------------------------------------------------- */

static pr_span span_from(const protocol_result *r, uint32_t first)
{
    pr_span s = {first, r->nstrs - first};
    return s;
}

/* Move the unknown facts on ctx's stack into the result as a span. */
static bool take_missing(const protocol_pack *pack, pr_eval_ctx *ctx, protocol_result *r,
                         pr_span *out)
{
    uint32_t first = r->nstrs;
    for (uint32_t i = 0; i < ctx->nmissing; i++)
        if (!pr_result_push_str(r, pack->facts[ctx->missing[i]].path))
            return false;
    ctx->nmissing = 0;
    *out = span_from(r, first);
    return true;
}

static bool eval_decision(const protocol_pack *pack, const pr_decision *d, pr_eval_ctx *ctx,
                          protocol_result *r, pr_decision_out *o)
{
    const pr_dcase *win = NULL;
    bool unknown = false;
    ctx->nmissing = 0;
    for (uint32_t i = 0; i < d->ncases && !win && !unknown; i++) {
        pr_tri t = pr_cond_eval(pack, d->cases[i].when, ctx);
        if (t == PR_TRUE)
            win = &d->cases[i];
        unknown = t == PR_UNKNOWN;
    }
    o->outcome = win ? win->outcome : d->unknown_outcome;
    if (!unknown)
        ctx->nmissing = 0;
    pr_ctx_weigh(ctx, PR_WEIGHT_DECISION);
    if (!take_missing(pack, ctx, r, &o->missing))
        return false;

    uint32_t first = r->nstrs;
    for (uint32_t i = 0; i < d->ngrounds; i++) {
        if (pr_cond_eval(pack, d->grounds[i].when, ctx) == PR_TRUE &&
            !pr_result_push_str(r, d->grounds[i].id))
            return false;
        ctx->nmissing = 0;
    }
    o->grounds = span_from(r, first);

    first = r->nstrs;
    for (uint32_t i = 0; i < d->nconditions; i++) {
        const pr_dcondition *c = &d->conditions[i];
        bool applies = c->all_outcomes;
        for (uint32_t k = 0; k < c->noutcomes && !applies; k++)
            applies = strcmp(c->outcomes[k], o->outcome) == 0;
        if (applies && pr_cond_eval(pack, c->when, ctx) == PR_TRUE && !pr_result_push_str(r, c->id))
            return false;
        ctx->nmissing = 0;
    }
    o->conditions = span_from(r, first);

    first = r->nstrs;
    const char *reason = win ? win->reason : d->unknown_reason;
    if (reason && !pr_result_push_str(r, reason))
        return false;
    /* The grounds that hold are in o->grounds, in order, as their ids. */
    for (uint32_t i = 0, held = 0; i < d->ngrounds && held < o->grounds.count; i++)
        if (r->strs[o->grounds.first + held] == d->grounds[i].id) {
            held++;
            if (!pr_result_push_str(r, d->grounds[i].reason))
                return false;
        }
    o->reasons = span_from(r, first);
    return true;
}

typedef struct deadline_state deadline_state;
static void bind_rule(const pr_rule *rule, pr_eval_ctx *ctx, const protocol_result *r,
                      const deadline_state *ds, pr_rule_out *o);

static bool eval_rule(const protocol_pack *pack, const pr_rule *rule, pr_eval_ctx *ctx,
                      protocol_result *r, const deadline_state *ds, pr_rule_out *o)
{
    ctx->nmissing = 0;
    pr_tri applies = pr_cond_eval(pack, rule->applies, ctx);
    if (applies == PR_FALSE) {
        o->status = PR_RULE_NOT_APPLICABLE;
    } else if (applies == PR_UNKNOWN) {
        o->status = PR_RULE_UNKNOWN;
    } else {
        pr_tri met = pr_cond_eval(pack, rule->met, ctx);
        o->status = met == PR_TRUE    ? PR_RULE_MET
                    : met == PR_FALSE ? PR_RULE_NOT_MET
                                      : PR_RULE_UNKNOWN;
    }
    bind_rule(rule, ctx, r, ds, o);
    pr_ctx_weigh(ctx, PR_WEIGHT_RULE);
    if (!take_missing(pack, ctx, r, &o->missing))
        return false;
    uint32_t first = r->nstrs;
    if (rule->reasons[o->status] && !pr_result_push_str(r, rule->reasons[o->status]))
        return false;
    for (uint32_t i = 0; i < rule->nexplain; i++) {
        const pr_explain *e = &rule->explain[i];
        if ((e->status_mask & (1u << o->status)) && pr_cond_eval(pack, e->when, ctx) == PR_TRUE &&
            !pr_result_push_str(r, e->reason))
            return false;
        ctx->nmissing = 0;
    }
    o->reasons = span_from(r, first);
    switch (o->status) {
    case PR_RULE_MET:
        r->summary.rules_met++;
        break;
    case PR_RULE_NOT_MET:
        r->summary.rules_not_met++;
        break;
    case PR_RULE_UNKNOWN:
        r->summary.rules_unknown++;
        break;
    case PR_RULE_PENDING:
        r->rules_pending++;
        break;
    case PR_RULE_NOT_APPLICABLE:
        break;
    }
    return true;
}

/* One warning per unknown fact on ctx's stack, with the finding's pooled
 * `message` (made when the pack was compiled). */
static protocol_status warn_missing(const protocol_pack *pack, pr_eval_ctx *ctx, protocol_result *r,
                                    const char *message, protocol_error *err)
{
    pr_ctx_weigh(ctx, PR_WEIGHT_DUTY);
    for (uint32_t i = 0; i < ctx->nmissing; i++) {
        protocol_status s =
            pr_result_warn_pooled(r, pack->facts[ctx->missing[i]].path, message, err);
        if (s != PROTOCOL_OK)
            return s;
    }
    ctx->nmissing = 0;
    return PROTOCOL_OK;
}

static protocol_status eval_duty(const protocol_pack *pack, const pr_duty *duty,
                                 const pr_facts *facts, const protocol_time *as_of,
                                 pr_eval_ctx *ctx, protocol_result *r, protocol_error *err)
{
    ctx->nmissing = 0;
    pr_tri t = pr_cond_eval(pack, duty->when, ctx);
    if (t == PR_UNKNOWN)
        return warn_missing(pack, ctx, r, duty->unknown_message, err);
    if (t == PR_FALSE)
        return PROTOCOL_OK;
    pr_duty_out *o = &r->duties[r->nduties++];
    o->duty = (uint32_t)(duty - pack->duties);
    o->has_due = false;
    if (duty->urgency == PR_URGENCY_ONGOING)
        return PROTOCOL_OK; /* a standing duty: no due date */
    const protocol_time *from = NULL;
    const char *from_path = "as_of";
    if (duty->from != PR_NONE && facts->values[duty->from].known) {
        from = &facts->values[duty->from].u.t;
        from_path = pack->facts[duty->from].path;
    } else {
        from = as_of;
    }
    if (!from)
        return PROTOCOL_OK;
    if (duty->urgency != PR_URGENCY_WORKING_DAYS) {
        o->due = from->date;
        o->has_due = true;
        return PROTOCOL_OK;
    }
    protocol_error e;
    protocol_status s = protocol_calendar_add_working_days(pack->calendar, from->date,
                                                           duty->working_days, &o->due, &e);
    if (s == PROTOCOL_E_NOMEM)
        return pr_nomem(err);
    if (s != PROTOCOL_OK)
        return pr_result_warn(r, from_path, err, "duty \"%s\": no due date: %s", duty->id,
                              e.message);
    o->has_due = true;
    return PROTOCOL_OK;
}

/* Per deadline of the pack while one case is evaluated: its status as
 * conditions and rules read it, the fact that left it unknown, and its
 * entry in the result. */
typedef struct deadline_state {
    uint8_t *status;
    uint32_t *missing;
    uint32_t *slot;
} deadline_state;

/* The start of deadline `d`: its start fact, or the done time (else the due
 * date, projected) of the deadline it is anchored on. */
static void deadline_start(const protocol_pack *pack, const pr_deadline *d, const pr_facts *facts,
                           const protocol_result *r, const deadline_state *ds, pr_deadline_out *o,
                           uint32_t *missing)
{
    if (d->anchor == PR_NONE) {
        const pr_value *start = &facts->values[d->start];
        o->has_start = start->known;
        if (o->has_start)
            o->start = start->u.t;
        *missing = o->has_start ? PR_NONE : d->start;
        return;
    }
    (void)pack;
    *missing = ds->missing[d->anchor];
    if (ds->slot[d->anchor] == PR_NONE)
        return; /* the anchor does not run: no start */
    const pr_deadline_out *a = &r->deadlines[ds->slot[d->anchor]];
    if (a->has_done) {
        o->has_start = true;
        o->start = a->done;
    } else if (a->x.has_due_time) {
        o->has_start = o->projected = true;
        o->start = a->x.due_time;
    } else if (a->r.has_due) {
        o->has_start = o->projected = true;
        memset(&o->start, 0, sizeof o->start);
        o->start.date = a->r.due;
    }
}

static protocol_status eval_deadline(const protocol_pack *pack, const pr_deadline *d,
                                     const pr_facts *facts, const protocol_time *as_of,
                                     pr_eval_ctx *ctx, protocol_result *r, deadline_state *ds,
                                     protocol_error *err)
{
    uint32_t index = (uint32_t)(d - pack->deadlines);
    ctx->nmissing = 0;
    pr_tri applies = pr_cond_eval(pack, d->applies, ctx);
    if (applies == PR_FALSE)
        return PROTOCOL_OK;
    if (applies == PR_UNKNOWN) {
        /* A safeguarding deadline is never silently dropped: kept, and the
         * facts that would decide it named. */
        protocol_status s = warn_missing(pack, ctx, r, d->applies_message, err);
        if (s != PROTOCOL_OK)
            return s;
    }
    uint32_t chosen = PR_NONE;
    for (uint32_t i = 0; i < d->nvariants && chosen == PR_NONE; i++) {
        ctx->nmissing = 0;
        pr_tri t = pr_cond_eval(pack, d->variants[i].when, ctx);
        if (t == PR_FALSE)
            continue;
        chosen = i;
        if (t == PR_UNKNOWN) {
            /* Not knowing never relaxes a deadline: the pack lists the
             * strictest variant first, and it is used. */
            protocol_status s = warn_missing(pack, ctx, r, d->variants[i].unknown_message, err);
            if (s != PROTOCOL_OK)
                return s;
        }
    }
    if (chosen == PR_NONE)
        return PROTOCOL_OK;
    const pr_variant *v = &d->variants[chosen];
    ds->slot[index] = r->ndeadlines;
    pr_deadline_out *o = &r->deadlines[r->ndeadlines++];
    memset(o, 0, sizeof *o);
    o->deadline = index;
    o->variant = chosen;
    deadline_start(pack, d, facts, r, ds, o, &ds->missing[index]);
    const pr_value *done = d->done != PR_NONE ? &facts->values[d->done] : NULL;
    o->has_done = done && done->known;
    if (o->has_done)
        o->done = done->u.t;
    /* Pauses: each whose start is known; one still open runs to the
     * evaluation time (and is left out without one). */
    pr_interval stack_pauses[8];
    pr_interval *pauses = stack_pauses;
    size_t npauses = 0;
    if (d->npauses > sizeof stack_pauses / sizeof stack_pauses[0]) {
        pauses = pr_malloc(d->npauses * sizeof *pauses);
        if (!pauses)
            return pr_nomem(err);
    }
    for (uint32_t k = 0; k < d->npauses; k++) {
        const pr_value *from = &facts->values[d->pauses[k].from];
        const pr_value *to = &facts->values[d->pauses[k].to];
        if (!from->known || (!to->known && !as_of))
            continue;
        pauses[npauses].from = from->u.t;
        pauses[npauses++].to = to->known ? to->u.t : *as_of;
    }
    protocol_error e;
    protocol_status s =
        pr_pack_clock(d->calendar, v, pack->cutoff_minute, o->has_start ? &o->start : NULL,
                      o->has_done ? &o->done : NULL, as_of, pauses, npauses, o, &e);
    if (pauses != stack_pauses)
        pr_free(pauses);
    if (s == PROTOCOL_E_NOMEM)
        return pr_nomem(err);
    const char *start_path = d->anchor == PR_NONE ? pack->facts[d->start].path : d->id;
    if (s != PROTOCOL_OK) {
        /* A date the calendar cannot speak for: no due date rather than a
         * guess, and the rest of the case still evaluates. */
        memset(&o->r, 0, sizeof o->r);
        memset(&o->x, 0, sizeof o->x);
        o->r.status = PROTOCOL_DEADLINE_UNKNOWN;
        ds->status[index] = PROTOCOL_DEADLINE_UNKNOWN;
        return pr_result_warn(r, start_path, err, "deadline \"%s\": %s", d->id, e.message);
    }
    ds->status[index] = (uint8_t)o->r.status;
    if (o->r.status == PROTOCOL_DEADLINE_OVERDUE)
        r->summary.deadlines_overdue++;
    if (o->x.done_before_start)
        return pr_result_warn(r, d->done != PR_NONE ? pack->facts[d->done].path : d->id, err,
                              "deadline \"%s\": completed before its start", d->id);
    return PROTOCOL_OK;
}

/* Reverse warnings [a, b) in place. */
static void reverse_warnings(pr_warning *w, uint32_t a, uint32_t b)
{
    while (a + 1 < b) {
        pr_warning t = w[a];
        w[a++] = w[--b];
        w[b] = t;
    }
}

/* Deadlines are evaluated first (rules and conditions read them), in an
 * order where each follows those it reads; they are listed in pack order,
 * and their warnings come after the duties', as results have always had. */
static protocol_status eval_deadlines(const protocol_pack *pack, const pr_facts *facts,
                                      const protocol_time *as_of, pr_eval_ctx *ctx,
                                      protocol_result *r, deadline_state *ds, protocol_error *err)
{
    for (uint32_t i = 0; i < pack->ndeadlines; i++) {
        ds->status[i] = PR_DEADLINE_ABSENT;
        ds->missing[i] = PR_NONE;
        ds->slot[i] = PR_NONE;
    }
    for (uint32_t k = 0; k < pack->ndeadlines; k++) {
        protocol_status s = eval_deadline(pack, &pack->deadlines[pack->deadline_order[k]], facts,
                                          as_of, ctx, r, ds, err);
        if (s != PROTOCOL_OK)
            return s;
    }
    /* Back to pack order (insertion sort: a pack has few deadlines). */
    for (uint32_t i = 1; i < r->ndeadlines; i++) {
        pr_deadline_out t = r->deadlines[i];
        uint32_t k = i;
        for (; k > 0 && r->deadlines[k - 1].deadline > t.deadline; k--)
            r->deadlines[k] = r->deadlines[k - 1];
        r->deadlines[k] = t;
    }
    for (uint32_t i = 0; i < r->ndeadlines; i++)
        ds->slot[r->deadlines[i].deadline] = i;
    return PROTOCOL_OK;
}

/* A rule bound to a deadline that is not met is pending while the deadline
 * has not passed, and unknown while whether it has passed is. */
static void bind_rule(const pr_rule *rule, pr_eval_ctx *ctx, const protocol_result *r,
                      const deadline_state *ds, pr_rule_out *o)
{
    o->has_due = false;
    if (rule->deadline == PR_NONE || ds->slot[rule->deadline] == PR_NONE)
        return;
    const pr_deadline_out *d = &r->deadlines[ds->slot[rule->deadline]];
    o->has_due = d->r.has_due;
    o->due = d->r.due;
    if (o->status != PR_RULE_NOT_MET)
        return;
    uint8_t status = ds->status[rule->deadline];
    if (status == PROTOCOL_DEADLINE_PENDING || status == PROTOCOL_DEADLINE_DUE_TODAY) {
        o->status = PR_RULE_PENDING;
    } else if (status == PROTOCOL_DEADLINE_UNKNOWN) {
        o->status = PR_RULE_UNKNOWN;
        uint32_t fact = ds->missing[rule->deadline];
        if (fact != PR_NONE) {
            ctx->missing_pos[fact] = ctx->nmissing;
            ctx->missing[ctx->nmissing++] = fact;
        }
    }
}

protocol_status pr_evaluate(const protocol_pack *pack, const pr_facts *facts,
                            const protocol_time *as_of, int strict, protocol_result *r,
                            protocol_error *err)
{
    /* Room for the deadlines' state: on the stack for a usual pack. */
    uint8_t status_stack[32];
    uint32_t index_stack[64];
    deadline_state ds = {status_stack, index_stack, index_stack + 32};
    void *heap = NULL;
    if (pack->ndeadlines > 32) {
        heap = pr_malloc(pack->ndeadlines * (sizeof(uint8_t) + 2 * sizeof(uint32_t)));
        if (!heap)
            return pr_nomem(err);
        ds.missing = heap;
        ds.slot = ds.missing + pack->ndeadlines;
        ds.status = (uint8_t *)(ds.slot + pack->ndeadlines);
    }
    pr_eval_ctx ctx = {facts->values,  ds.status, ds.missing, r->missing,
                       r->missing_pos, 0,         r->weights};
    r->has_as_of = as_of != NULL;
    if (as_of)
        r->as_of = *as_of;
    /* A broken constraint warns before the duties and deadlines do. */
    protocol_status s = pr_constraints_evaluate(pack, strict, &ctx, r, err);
    uint32_t first_warning = r->nwarnings;
    if (s == PROTOCOL_OK)
        s = eval_deadlines(pack, facts, as_of, &ctx, r, &ds, err);
    uint32_t deadline_warnings = r->nwarnings;
    for (uint32_t i = 0; s == PROTOCOL_OK && i < pack->ndecisions; i++)
        if (!eval_decision(pack, &pack->decisions[i], &ctx, r, &r->decisions[i]))
            s = pr_nomem(err);
    for (uint32_t i = 0; s == PROTOCOL_OK && i < pack->nrules; i++)
        if (!eval_rule(pack, &pack->rules[i], &ctx, r, &ds, &r->rules[i]))
            s = pr_nomem(err);
    for (uint32_t i = 0; s == PROTOCOL_OK && i < pack->nduties; i++)
        s = eval_duty(pack, &pack->duties[i], facts, as_of, &ctx, r, err);
    r->summary.duties = r->nduties;
    if (s == PROTOCOL_OK && deadline_warnings > first_warning) {
        /* [deadlines' | duties'] becomes [duties' | deadlines']. */
        reverse_warnings(r->warnings, first_warning, deadline_warnings);
        reverse_warnings(r->warnings, deadline_warnings, r->nwarnings);
        reverse_warnings(r->warnings, first_warning, r->nwarnings);
    }
    if (s == PROTOCOL_OK)
        s = pr_checklists_evaluate(pack, facts, &ctx, r, err);
    if (s == PROTOCOL_OK)
        pr_ask_next_rank(pack, r);
    pr_free(heap);
    return s;
}

/* --- options ------------------------------------------------------------------ */

protocol_status pr_options_check(const protocol_eval_options *options,
                                 protocol_eval_options *storage, const protocol_eval_options **out,
                                 protocol_limits *limits, protocol_error *err)
{
    static const protocol_eval_options defaults = PROTOCOL_EVAL_OPTIONS_INIT;
    if (!options) {
        *storage = defaults;
        *out = storage;
        *limits = pr_limits_resolve(NULL);
        return PROTOCOL_OK;
    }
    if (options->struct_version == 1) {
        /* A version 1 struct ends before `detail`: only its own fields are
         * read, and it gets full detail. */
        memcpy(storage, options, offsetof(protocol_eval_options, detail));
        storage->struct_version = PROTOCOL_EVAL_OPTIONS_VERSION;
        storage->detail = PROTOCOL_DETAIL_FULL;
        options = storage;
    }
    if (options->struct_version != PROTOCOL_EVAL_OPTIONS_VERSION)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "options.struct_version",
                       "evaluation options struct_version %u is not %u; initialise them with "
                       "PROTOCOL_EVAL_OPTIONS_INIT",
                       options->struct_version, PROTOCOL_EVAL_OPTIONS_VERSION);
    if (options->detail != PROTOCOL_DETAIL_FULL && options->detail != PROTOCOL_DETAIL_SUMMARY)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "options.detail",
                       "%d is not a detail level (PROTOCOL_DETAIL_FULL or _SUMMARY)",
                       (int)options->detail);
    *out = options;
    *limits = pr_limits_resolve(&options->limits);
    return PROTOCOL_OK;
}

void protocol_eval_options_init(protocol_eval_options *options)
{
    static const protocol_eval_options init = PROTOCOL_EVAL_OPTIONS_INIT;
    if (options)
        *options = init;
}

protocol_status pr_resolve_as_of(const protocol_eval_options *options, const pr_facts *facts,
                                 protocol_time *as_of, int *has, protocol_error *err)
{
    *has = 1;
    if (options->as_of)
        return pr_time_parse_n(options->as_of, strlen(options->as_of), "options.as_of", as_of, err);
    if (facts->has_as_of) {
        *as_of = facts->as_of;
        return PROTOCOL_OK;
    }
    if (options->default_as_of)
        return pr_time_parse_n(options->default_as_of, strlen(options->default_as_of),
                               "options.default_as_of", as_of, err);
    *has = 0;
    return PROTOCOL_OK;
}

/* --- entry points ---------------------------------------------------------------- */

/* Read and evaluate case JSON into a new result, *out. */
static protocol_status evaluate_text(const protocol_pack *pack, const char *text, size_t length,
                                     const protocol_eval_options *options,
                                     const protocol_limits *limits, protocol_result **out,
                                     protocol_error *err)
{
    /* The case is read from its text in place; only its decoded strings
     * need room, on the stack for a case of usual size, and only while the
     * case is evaluated (the result keeps none of them). */
    char stack[4096];
    char *arena = NULL;
    protocol_result *r = NULL;
    *out = NULL;
    protocol_status s = pr_json_check(text, length, limits, "case", err);
    if (s == PROTOCOL_OK) {
        arena = length <= sizeof stack - PR_CASE_ARENA_SLACK
                    ? stack
                    : pr_malloc(length + PR_CASE_ARENA_SLACK);
        if (!arena)
            s = pr_nomem(err);
    }
    if (s == PROTOCOL_OK)
        s = pr_result_new(pack, &r, err);
    if (s == PROTOCOL_OK)
        s = pr_case_read_text(pack, text, length, options->strict, limits->max_facts, arena,
                              &r->scratch, r, err);
    protocol_time as_of;
    int has_as_of = 0;
    if (s == PROTOCOL_OK)
        s = pr_resolve_as_of(options, &r->scratch, &as_of, &has_as_of, err);
    if (s == PROTOCOL_OK)
        s = pr_evaluate(pack, &r->scratch, has_as_of ? &as_of : NULL, options->strict, r, err);
    if (arena != stack)
        pr_free(arena);
    if (s != PROTOCOL_OK) {
        protocol_result_free(r);
        return s;
    }
    *out = r;
    return PROTOCOL_OK;
}

protocol_status protocol_evaluate_json(const protocol_pack *pack, const char *case_json,
                                       size_t length, const protocol_eval_options *options,
                                       char **result_json, size_t *result_length,
                                       protocol_error *err)
{
    if (!pack || !case_json || !result_json)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_evaluate_json needs a pack, case text and an output");
    *result_json = NULL;
    protocol_eval_options storage;
    const protocol_eval_options *o = NULL;
    protocol_limits limits;
    protocol_status s = pr_options_check(options, &storage, &o, &limits, err);
    if (s != PROTOCOL_OK)
        return s;
    protocol_result *r = NULL;
    s = evaluate_text(pack, case_json, length, o, &limits, &r, err);
    if (s != PROTOCOL_OK)
        return s;
    pr_buf b = PR_BUF_INIT;
    pr_result_render(r, (protocol_detail)o->detail, o->pretty, &b);
    protocol_result_free(r);
    size_t n = 0;
    *result_json = pr_buf_take(&b, &n);
    if (!*result_json)
        return pr_nomem(err);
    if (result_length)
        *result_length = n;
    return PROTOCOL_OK;
}

protocol_status protocol_evaluate_json_result(const protocol_pack *pack, const char *case_json,
                                              size_t length, const protocol_eval_options *options,
                                              protocol_result **out, protocol_error *err)
{
    if (!pack || !case_json || !out)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_evaluate_json_result needs a pack, case text and an output");
    *out = NULL;
    protocol_eval_options storage;
    const protocol_eval_options *o = NULL;
    protocol_limits limits;
    protocol_status s = pr_options_check(options, &storage, &o, &limits, err);
    if (s != PROTOCOL_OK)
        return s;
    return evaluate_text(pack, case_json, length, o, &limits, out, err);
}

protocol_status protocol_evaluate(const protocol_pack *pack, const protocol_case *c,
                                  const protocol_eval_options *options, protocol_result **out,
                                  protocol_error *err)
{
    if (!pack || !c || !out)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_evaluate needs a pack, a case and an output");
    *out = NULL;
    if (c->pack != pack)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "the case was made for pack \"%s\", not \"%s\"", c->pack->id, pack->id);
    protocol_eval_options storage;
    const protocol_eval_options *o = NULL;
    protocol_limits limits;
    protocol_status s = pr_options_check(options, &storage, &o, &limits, err);
    protocol_time as_of;
    int has_as_of = 0;
    if (s == PROTOCOL_OK)
        s = pr_resolve_as_of(o, &c->facts, &as_of, &has_as_of, err);
    protocol_result *r = NULL;
    if (s == PROTOCOL_OK)
        s = pr_result_new(pack, &r, err);
    if (s == PROTOCOL_OK)
        s = pr_evaluate(pack, &c->facts, has_as_of ? &as_of : NULL, o->strict, r, err);
    if (s != PROTOCOL_OK) {
        protocol_result_free(r);
        return s;
    }
    *out = r;
    return PROTOCOL_OK;
}

/* {"line":N,"error":{"code":...,"message":...,"place":...,"column":C}}:
 * the column within the line, 0 when the fault has no place in the text. */
static void error_line(pr_buf *b, size_t line, const protocol_error *e)
{
    pr_buf_printf(b, "{\"line\":%zu,\"error\":{\"code\":", line);
    pr_buf_json_string(b, protocol_status_name(e->code));
    pr_buf_puts(b, ",\"message\":");
    pr_buf_json_string(b, e->message);
    pr_buf_puts(b, ",\"place\":");
    pr_buf_json_string(b, e->place);
    pr_buf_printf(b, ",\"column\":%d}}\n", e->line == 1 ? e->column : 0);
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    return true;
}

protocol_status protocol_evaluate_ndjson_each(const protocol_pack *pack, const char *input,
                                              size_t length, const protocol_eval_options *options,
                                              protocol_batch_callback callback, void *user,
                                              size_t *failed_lines, protocol_error *err)
{
    if (!pack || !input || !callback)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_evaluate_ndjson_each needs a pack, input and a callback");
    protocol_eval_options storage;
    const protocol_eval_options *o = NULL;
    protocol_limits limits;
    protocol_status s = pr_options_check(options, &storage, &o, &limits, err);
    if (s != PROTOCOL_OK)
        return s;
    /* One line's record at a time, in a buffer that keeps its room. */
    pr_buf b = PR_BUF_INIT;
    size_t failed = 0, line = 0;
    for (size_t pos = 0; pos < length;) {
        const char *start = input + pos;
        const char *nl = memchr(start, '\n', length - pos);
        size_t n = nl ? (size_t)(nl - start) : length - pos;
        pos += n + (nl ? 1 : 0);
        line++;
        if (n && start[n - 1] == '\r')
            n--;
        if (blank(start, n))
            continue;
        protocol_error e;
        memset(&e, 0, sizeof e);
        protocol_result *r = NULL;
        if (n > limits.max_line_bytes) {
            s = pr_fail(&e, PROTOCOL_E_LIMIT_LINE, "",
                        "line %zu has %zu bytes, more than the limit of %zu", line, n,
                        limits.max_line_bytes);
        } else {
            s = evaluate_text(pack, start, n, o, &limits, &r, &e);
        }
        if (s == PROTOCOL_E_NOMEM) {
            pr_buf_free(&b);
            return pr_nomem(err);
        }
        b.length = 0;
        if (s == PROTOCOL_OK) {
            pr_result_render(r, (protocol_detail)o->detail, 0, &b);
            pr_buf_putc(&b, '\n');
        } else {
            failed++;
            error_line(&b, line, &e);
        }
        if (b.failed) {
            protocol_result_free(r);
            return pr_nomem(err);
        }
        protocol_batch_record record = {PROTOCOL_BATCH_RECORD_VERSION, (int64_t)line, s,       r,
                                        s == PROTOCOL_OK ? NULL : &e,  b.data,        b.length};
        int stop = callback(&record, user);
        protocol_result_free(r);
        if (stop)
            break;
    }
    pr_buf_free(&b);
    if (failed_lines)
        *failed_lines = failed;
    return PROTOCOL_OK;
}

/* protocol_evaluate_ndjson gathers the records of a batch in one text. */
static int gather(const protocol_batch_record *record, void *user)
{
    pr_buf_append(user, record->json, record->json_length);
    return 0;
}

protocol_status protocol_evaluate_ndjson(const protocol_pack *pack, const char *input,
                                         size_t length, const protocol_eval_options *options,
                                         char **output, size_t *output_length, size_t *failed_lines,
                                         protocol_error *err)
{
    if (!pack || !input || !output)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_evaluate_ndjson needs a pack, input and an output");
    *output = NULL;
    pr_buf b = PR_BUF_INIT;
    protocol_status s =
        protocol_evaluate_ndjson_each(pack, input, length, options, gather, &b, failed_lines, err);
    if (s == PROTOCOL_OK && b.failed)
        s = pr_nomem(err);
    if (s != PROTOCOL_OK) {
        pr_buf_free(&b);
        return s;
    }
    size_t n = 0;
    *output = pr_buf_take(&b, &n);
    if (!*output) {
        /* Nothing was appended (empty input): an empty text, not NULL. */
        *output = pr_strdup("");
        if (!*output)
            return pr_nomem(err);
    }
    if (output_length)
        *output_length = n;
    return PROTOCOL_OK;
}
