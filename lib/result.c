/*
 * Results: the findings of one evaluation in one allocation plus a few
 * growing arrays, and the accessors of the structured API. Renderings of a
 * result are result_json.c's.
 */
#include "engine.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* --- building ------------------------------------------------------------- */

static size_t align_up(size_t n)
{
    size_t a = alignof(max_align_t);
    return (n + a - 1) / a * a;
}

protocol_status pr_result_new(const protocol_pack *pack, protocol_result **out, protocol_error *err)
{
    size_t nf = pack->nfacts ? pack->nfacts : 1;
    size_t sizes[] = {
        sizeof(protocol_result),
        pack->ndecisions * sizeof(pr_decision_out),
        pack->nrules * sizeof(pr_rule_out),
        pack->nduties * sizeof(pr_duty_out),
        pack->ndeadlines * sizeof(pr_deadline_out),
        pack->nchecklists * sizeof(pr_checklist_out),
        nf * sizeof(pr_value),
        nf * sizeof(uint32_t),
        nf * sizeof(uint32_t),
        (size_t)pack->nitems + 1,
        nf * sizeof(uint32_t), /* weights */
        nf * sizeof(uint64_t), /* ask_keys */
        nf * sizeof(uint32_t), /* ask_next */
    };
    size_t offsets[sizeof sizes / sizeof sizes[0]];
    size_t total = 0;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        offsets[i] = total;
        total += align_up(sizes[i]);
    }
    char *block = pr_malloc(total);
    if (!block)
        return pr_nomem(err);
    /* Only the header and the scratch values need clearing; the findings
     * are written whole by the evaluator. */
    protocol_result *r = (protocol_result *)(void *)block;
    memset(r, 0, sizeof *r);
    r->pack = pack;
    r->decisions = (pr_decision_out *)(void *)(block + offsets[1]);
    r->rules = (pr_rule_out *)(void *)(block + offsets[2]);
    r->duties = (pr_duty_out *)(void *)(block + offsets[3]);
    r->deadlines = (pr_deadline_out *)(void *)(block + offsets[4]);
    r->checklists = (pr_checklist_out *)(void *)(block + offsets[5]);
    r->scratch.values = (pr_value *)(void *)(block + offsets[6]);
    r->missing = (uint32_t *)(void *)(block + offsets[7]);
    r->missing_pos = (uint32_t *)(void *)(block + offsets[8]);
    r->scratch.answers = (uint8_t *)(block + offsets[9]);
    r->weights = (uint32_t *)(void *)(block + offsets[10]);
    r->ask_keys = (uint64_t *)(void *)(block + offsets[11]);
    r->ask_next = (uint32_t *)(void *)(block + offsets[12]);
    memset(r->weights, 0, sizes[10]);
    for (size_t i = 0; i < pack->nfacts; i++)
        r->scratch.values[i].known = false;
    memset(r->scratch.answers, 0, sizes[9]);
    /* missing_pos needs no clearing: an entry counts only when the stack
     * slot it names holds the same fact. */
    memset(r->missing_pos, 0, sizes[8]);
    r->text = (pr_buf)PR_BUF_INIT;
    *out = r;
    return PROTOCOL_OK;
}

void protocol_result_free(protocol_result *result)
{
    if (!result)
        return;
    pr_free(result->strs);
    pr_free(result->ints);
    pr_free(result->warnings);
    pr_buf_free(&result->text);
    pr_free(result);
}

bool pr_result_push_str(protocol_result *r, const char *s)
{
    if (r->nstrs == r->cap_strs) {
        uint32_t n = r->cap_strs ? r->cap_strs * 2 : 64;
        if (n < r->cap_strs)
            return false;
        const char **grown = pr_realloc((void *)r->strs, n * sizeof *grown);
        if (!grown)
            return false;
        r->strs = grown;
        r->cap_strs = n;
    }
    r->strs[r->nstrs++] = s;
    return true;
}

/* Room for one more warning. */
static bool warning_room(protocol_result *r)
{
    if (r->nwarnings == r->cap_warnings) {
        uint32_t n = r->cap_warnings ? r->cap_warnings * 2 : 8;
        pr_warning *grown = n > r->cap_warnings ? pr_realloc(r->warnings, n * sizeof *grown) : NULL;
        if (!grown)
            return false;
        r->warnings = grown;
        r->cap_warnings = n;
    }
    return true;
}

protocol_status pr_result_warn_pooled(protocol_result *r, const char *path, const char *message,
                                      protocol_error *err)
{
    if (!warning_room(r))
        return pr_nomem(err);
    pr_warning w = {0, 0, path, message};
    r->warnings[r->nwarnings++] = w;
    return PROTOCOL_OK;
}

protocol_status pr_result_warn_text(protocol_result *r, const char *path, const char *message,
                                    protocol_error *err)
{
    if (!warning_room(r))
        return pr_nomem(err);
    /* Path and message go into the text pool, each NUL-terminated, by
     * offset: the pool moves as it grows. A message the same as the last
     * one (one per unknown fact of a finding) is stored once. */
    pr_warning w = {r->text.length, 0, NULL, NULL};
    pr_buf_append(&r->text, path, strlen(path) + 1);
    const pr_warning *last = r->nwarnings ? &r->warnings[r->nwarnings - 1] : NULL;
    if (last && !last->pooled_message && !r->text.failed &&
        strcmp(r->text.data + last->message, message) == 0) {
        w.message = last->message;
    } else {
        w.message = r->text.length;
        pr_buf_append(&r->text, message, strlen(message) + 1);
    }
    if (r->text.failed)
        return pr_nomem(err);
    r->warnings[r->nwarnings++] = w;
    return PROTOCOL_OK;
}

protocol_status pr_result_warn(protocol_result *r, const char *path, protocol_error *err,
                               const char *fmt, ...)
{
    char message[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    return pr_result_warn_text(r, path, message, err);
}

/* "green", "amber" or "red" for a score, NULL for none. */
const char *pr_checklist_rag(const pr_checklist *cl, int tenths)
{
    if (tenths < 0)
        return NULL;
    double percent = tenths / 10.0;
    return percent >= cl->green ? "green" : percent >= cl->amber ? "amber" : "red";
}

/* --- accessors ---------------------------------------------------------------- */

static size_t count_of(const protocol_result *r, protocol_finding_kind kind)
{
    switch (kind) {
    case PROTOCOL_FINDING_DECISION:
        return r->pack->ndecisions;
    case PROTOCOL_FINDING_RULE:
        return r->pack->nrules;
    case PROTOCOL_FINDING_DUTY:
        return r->nduties;
    case PROTOCOL_FINDING_DEADLINE:
        return r->ndeadlines;
    case PROTOCOL_FINDING_CHECKLIST:
        return r->nchecklists;
    }
    return 0;
}

size_t protocol_result_count(const protocol_result *result, protocol_finding_kind kind)
{
    return result ? count_of(result, kind) : 0;
}

static void set_citation(protocol_finding *f, const pr_citation *c)
{
    f->citation_document = c->document;
    f->citation_paragraph = c->paragraph;
}

/* The finding's reasons and missing facts, as spans (empty for kinds
 * without them). */
static void spans(const protocol_result *r, protocol_finding_kind kind, size_t i, pr_span *reasons,
                  pr_span *missing)
{
    pr_span none = {0, 0};
    *reasons = none;
    *missing = none;
    if (kind == PROTOCOL_FINDING_DECISION) {
        *reasons = r->decisions[i].reasons;
        *missing = r->decisions[i].missing;
    } else if (kind == PROTOCOL_FINDING_RULE) {
        *reasons = r->rules[i].reasons;
        *missing = r->rules[i].missing;
    }
}

protocol_status protocol_result_get(const protocol_result *result, protocol_finding_kind kind,
                                    size_t index, protocol_finding *out, protocol_error *err)
{
    if (!result || !out)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_result_get needs a result and an output");
    if ((unsigned)kind > PROTOCOL_FINDING_CHECKLIST)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL, "%d is not a finding kind",
                       (int)kind);
    if (index >= count_of(result, kind))
        return pr_fail(err, PROTOCOL_E_RANGE, NULL,
                       "finding %zu is out of range: the result has %zu of that kind", index,
                       count_of(result, kind));
    const protocol_pack *p = result->pack;
    protocol_finding f;
    memset(&f, 0, sizeof f);
    f.kind = kind;
    f.score_tenths = -1;
    pr_span reasons, missing;
    spans(result, kind, index, &reasons, &missing);
    f.reason_count = reasons.count;
    f.missing_fact_count = missing.count;
    switch (kind) {
    case PROTOCOL_FINDING_DECISION:
        f.id = p->decisions[index].id;
        f.title = p->decisions[index].title;
        f.status = result->decisions[index].outcome;
        set_citation(&f, &p->decisions[index].citation);
        break;
    case PROTOCOL_FINDING_RULE:
        f.id = p->rules[index].id;
        f.title = p->rules[index].title;
        f.status = pr_rule_status_names[result->rules[index].status];
        set_citation(&f, &p->rules[index].citation);
        break;
    case PROTOCOL_FINDING_DUTY: {
        const pr_duty *d = &p->duties[result->duties[index].duty];
        f.id = d->id;
        f.title = d->title;
        f.status = d->urgency_text;
        set_citation(&f, &d->citation);
        f.has_due = result->duties[index].has_due;
        f.due = result->duties[index].due;
        break;
    }
    case PROTOCOL_FINDING_DEADLINE: {
        const pr_deadline_out *o = &result->deadlines[index];
        const pr_deadline *d = &p->deadlines[o->deadline];
        f.id = d->id;
        f.title = d->title;
        f.status = protocol_deadline_status_name(o->r.status);
        set_citation(&f, &d->variants[o->variant].citation);
        f.has_due = o->r.has_due;
        f.due = o->r.due;
        f.has_remaining = o->r.has_remaining;
        f.working_days_remaining = o->r.working_days_remaining;
        break;
    }
    case PROTOCOL_FINDING_CHECKLIST: {
        const pr_checklist_out *o = &result->checklists[index];
        const pr_checklist *cl = &p->checklists[o->checklist];
        f.id = cl->id;
        f.title = cl->title;
        f.status = pr_checklist_rag(cl, o->score_tenths);
        set_citation(&f, &cl->citation);
        f.score_tenths = o->score_tenths;
        break;
    }
    }
    *out = f;
    return PROTOCOL_OK;
}

protocol_status protocol_result_find(const protocol_result *result, protocol_finding_kind kind,
                                     const char *id, protocol_finding *out, protocol_error *err)
{
    if (!result || !id || !out)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_result_find needs a result, an id and an output");
    if ((unsigned)kind > PROTOCOL_FINDING_CHECKLIST)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL, "%d is not a finding kind",
                       (int)kind);
    size_t n = count_of(result, kind);
    for (size_t i = 0; i < n; i++) {
        protocol_finding f;
        protocol_status s = protocol_result_get(result, kind, i, &f, err);
        if (s != PROTOCOL_OK)
            return s;
        if (strcmp(f.id, id) == 0) {
            *out = f;
            return PROTOCOL_OK;
        }
    }
    return pr_fail(err, PROTOCOL_E_NOT_FOUND, id, "the result has no such finding \"%s\"", id);
}

const char *protocol_result_reason(const protocol_result *result, protocol_finding_kind kind,
                                   size_t finding, size_t index)
{
    if (!result || (unsigned)kind > PROTOCOL_FINDING_CHECKLIST || finding >= count_of(result, kind))
        return NULL;
    pr_span reasons, missing;
    spans(result, kind, finding, &reasons, &missing);
    return index < reasons.count ? result->strs[reasons.first + index] : NULL;
}

const char *protocol_result_missing_fact(const protocol_result *result, protocol_finding_kind kind,
                                         size_t finding, size_t index)
{
    if (!result || (unsigned)kind > PROTOCOL_FINDING_CHECKLIST || finding >= count_of(result, kind))
        return NULL;
    pr_span reasons, missing;
    spans(result, kind, finding, &reasons, &missing);
    return index < missing.count ? result->strs[missing.first + index] : NULL;
}

size_t protocol_result_ask_next_count(const protocol_result *result)
{
    return result ? result->nask_next : 0;
}

const char *protocol_result_ask_next(const protocol_result *result, size_t index)
{
    if (!result || index >= result->nask_next)
        return NULL;
    return result->pack->facts[result->ask_next[index]].path;
}

size_t protocol_result_warning_count(const protocol_result *result)
{
    return result ? result->nwarnings : 0;
}

protocol_status protocol_result_warning(const protocol_result *result, size_t index,
                                        const char **path, const char **message,
                                        protocol_error *err)
{
    if (!result || !path || !message)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_result_warning needs a result and outputs");
    if (index >= result->nwarnings)
        return pr_fail(err, PROTOCOL_E_RANGE, NULL,
                       "warning %zu is out of range: the result has %u", index, result->nwarnings);
    const pr_warning *w = &result->warnings[index];
    *path = w->pooled_path ? w->pooled_path : result->text.data + w->path;
    *message = w->pooled_message ? w->pooled_message : result->text.data + w->message;
    return PROTOCOL_OK;
}

protocol_status protocol_result_summary(const protocol_result *result, protocol_summary *out,
                                        protocol_error *err)
{
    if (!result || !out)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_result_summary needs a result and an output");
    *out = result->summary;
    return PROTOCOL_OK;
}

/* Rule statuses are counted by name, so that a status the pack format adds
 * is counted where its name says. */
static void count_rule(protocol_result_counts *c, const char *status)
{
    if (strcmp(status, "met") == 0)
        c->rules_met++;
    else if (strcmp(status, "not_met") == 0)
        c->rules_not_met++;
    else if (strcmp(status, "unknown") == 0)
        c->rules_unknown++;
    else if (strcmp(status, "not_applicable") == 0)
        c->rules_not_applicable++;
    else if (strcmp(status, "pending") == 0)
        c->rules_pending++;
}

void pr_result_counts(const protocol_result *r, protocol_result_counts *out)
{
    protocol_result_counts c;
    memset(&c, 0, sizeof c);
    c.struct_version = out->struct_version;
    for (uint32_t i = 0; i < r->pack->nrules; i++)
        count_rule(&c, pr_rule_status_names[r->rules[i].status]);
    c.duties = (int32_t)r->nduties;
    for (uint32_t i = 0; i < r->ndeadlines; i++) {
        switch (r->deadlines[i].r.status) {
        case PROTOCOL_DEADLINE_MET: c.deadlines_met++; break;
        case PROTOCOL_DEADLINE_LATE: c.deadlines_late++; break;
        case PROTOCOL_DEADLINE_PENDING: c.deadlines_pending++; break;
        case PROTOCOL_DEADLINE_DUE_TODAY: c.deadlines_due_today++; break;
        case PROTOCOL_DEADLINE_OVERDUE: c.deadlines_overdue++; break;
        default: c.deadlines_unknown++; break;
        }
    }
    c.checklists = (int32_t)r->nchecklists;
    c.warnings = (int32_t)r->nwarnings;
    c.fails = c.rules_not_met > 0 || c.deadlines_late > 0 || c.deadlines_overdue > 0;
    *out = c;
}

void protocol_result_counts_init(protocol_result_counts *counts)
{
    static const protocol_result_counts init = PROTOCOL_RESULT_COUNTS_INIT;
    if (counts)
        *counts = init;
}

protocol_status protocol_result_get_counts(const protocol_result *result,
                                           protocol_result_counts *out, protocol_error *err)
{
    if (!result || !out)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_result_get_counts needs a result and an output");
    if (out->struct_version != PROTOCOL_RESULT_COUNTS_VERSION)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "counts.struct_version",
                       "result counts struct_version %u is not %u; initialise them with "
                       "PROTOCOL_RESULT_COUNTS_INIT",
                       (unsigned)out->struct_version, PROTOCOL_RESULT_COUNTS_VERSION);
    pr_result_counts(result, out);
    return PROTOCOL_OK;
}
