/*
 * What changed between two compiled packs: facts, decisions (with their
 * grounds and conditions), rules, duties, deadlines and checklist items,
 * each added, removed or changed, a change naming the member and what kind
 * of change it is (condition, unit, duration, citation, wording). Read from
 * the compiled packs, so a condition is compared as the library evaluates
 * it (definitions expanded), not as it happens to be spelt.
 */
#include "engine.h"
#include "internal.h"

#include <stdio.h>
#include <string.h>

typedef struct pr_change {
    int32_t change; /* protocol_change_kind */
    const char *construct, *member, *aspect;
    char *id, *before, *after;
} pr_change;

struct protocol_diff {
    char *from_id, *from_version, *to_id, *to_version;
    pr_change *changes;
    size_t count, cap;
    bool failed;
};

static const char *const change_names[] = {"added", "removed", "changed"};

/* --- rendering what the compiled pack holds --------------------------------- */

static void render_cond(const protocol_pack *p, uint32_t c, pr_buf *b, int depth);

static void render_list(const protocol_pack *p, const char *op, const pr_cond *n, pr_buf *b,
                        int depth)
{
    pr_buf_printf(b, "%s(", op);
    for (uint32_t i = 0; i < n->n; i++) {
        if (i)
            pr_buf_puts(b, ", ");
        render_cond(p, p->kids[n->a + i], b, depth + 1);
    }
    pr_buf_putc(b, ')');
}

static void render_time(const protocol_time *t, pr_buf *b)
{
    char text[40];
    if (protocol_time_format(t, text, sizeof text, NULL) == PROTOCOL_OK)
        pr_buf_puts(b, text);
    else
        pr_buf_puts(b, "?");
}

static void render_cond(const protocol_pack *p, uint32_t c, pr_buf *b, int depth)
{
    static const char *const ops[] = {"lt", "le", "gt", "ge"};
    if (c == PR_NONE || c >= p->nconds || depth > PR_MAX_COND_DEPTH) {
        pr_buf_puts(b, "none");
        return;
    }
    const pr_cond *n = &p->conds[c];
    const char *fact = n->fact < p->nfacts ? p->facts[n->fact].path : "?";
    const char *op = n->op < 4 ? ops[n->op] : "?";
    switch (n->kind) {
    case PR_C_TRUE:
        pr_buf_puts(b, "true");
        break;
    case PR_C_FALSE:
        pr_buf_puts(b, "false");
        break;
    case PR_C_FACT:
        pr_buf_puts(b, fact);
        break;
    case PR_C_KNOWN:
        pr_buf_printf(b, "known(%s)", fact);
        break;
    case PR_C_NOT:
        pr_buf_puts(b, "not(");
        render_cond(p, n->a, b, depth + 1);
        pr_buf_putc(b, ')');
        break;
    case PR_C_ALL:
        render_list(p, "all", n, b, depth);
        break;
    case PR_C_ANY:
        render_list(p, "any", n, b, depth);
        break;
    case PR_C_EQ_BOOL:
        pr_buf_printf(b, "%s in [%s%s%s]", fact, n->a & 1 ? "false" : "",
                      (n->a & 3) == 3 ? ", " : "", n->a & 2 ? "true" : "");
        break;
    case PR_C_IN_INT:
    case PR_C_IN_ENUM:
    case PR_C_IN_STR:
        pr_buf_printf(b, "%s in [", fact);
        for (uint32_t i = 0; i < n->n; i++) {
            const pr_const *k = &p->consts[n->a + i];
            if (i)
                pr_buf_puts(b, ", ");
            if (n->kind == PR_C_IN_INT)
                pr_buf_printf(b, "%lld", k->i);
            else if (n->kind == PR_C_IN_ENUM && n->fact < p->nfacts &&
                     k->e < p->facts[n->fact].nvalues)
                pr_buf_puts(b, p->facts[n->fact].values[k->e]);
            else if (n->kind == PR_C_IN_STR)
                pr_buf_json_string(b, k->s);
        }
        pr_buf_putc(b, ']');
        break;
    case PR_C_CMP_NUM:
        pr_buf_printf(b, "%s(%s, %.17g)", op, fact, p->consts[n->a].d);
        break;
    case PR_C_CMP_TIME:
        pr_buf_printf(b, "%s(%s, ", op, fact);
        render_time(&p->consts[n->a].t, b);
        pr_buf_putc(b, ')');
        break;
    case PR_C_CMP_FACT:
        pr_buf_printf(b, "%s(%s, %s)", op, fact, n->a < p->nfacts ? p->facts[n->a].path : "?");
        break;
    case PR_C_DEADLINE:
        pr_buf_printf(b, "deadline(%s) in [", n->a < p->ndeadlines ? p->deadlines[n->a].id : "?");
        for (unsigned s = 0, k = 0; s < 32; s++)
            if ((n->n >> s) & 1u)
                pr_buf_printf(b, "%s%s", k++ ? ", " : "",
                              protocol_deadline_status_name((protocol_deadline_status)s));
        pr_buf_putc(b, ']');
        break;
    default:
        pr_buf_printf(b, "condition kind %u", (unsigned)n->kind);
        break;
    }
}

static void render_citation(const pr_citation *c, pr_buf *b)
{
    pr_buf_printf(b, "%s, %s", c->document ? c->document : "", c->paragraph ? c->paragraph : "");
}

static void render_fact_type(const pr_fact *f, pr_buf *b)
{
    static const char *const types[] = {"bool", "integer", "enum", "datetime", "string"};
    pr_buf_puts(b, f->type <= PR_FACT_STRING ? types[f->type] : "?");
    if (f->type == PR_FACT_ENUM) {
        pr_buf_puts(b, " [");
        for (uint32_t i = 0; i < f->nvalues; i++)
            pr_buf_printf(b, "%s%s", i ? ", " : "", f->values[i]);
        pr_buf_putc(b, ']');
    }
    if (f->has_min || f->has_max) {
        pr_buf_puts(b, " ");
        if (f->has_min)
            pr_buf_printf(b, "%lld", f->min);
        pr_buf_puts(b, "..");
        if (f->has_max)
            pr_buf_printf(b, "%lld", f->max);
    }
}

/* The fact's description, as the pack's document gives it. */
static const char *fact_description(const protocol_pack *p, const char *path)
{
    const cJSON *facts = cJSON_GetObjectItemCaseSensitive(p->doc, "facts");
    const cJSON *decl = cJSON_GetObjectItemCaseSensitive(facts, path);
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(decl, "description");
    return cJSON_IsString(d) ? d->valuestring : NULL;
}

/* --- recording changes ---------------------------------------------------- */

static char *take(pr_buf *b)
{
    if (!b || b->failed)
        return NULL;
    if (!b->data)
        return pr_strdup("");
    return pr_buf_take(b, NULL);
}

/* Record one change; `before`/`after` (either may be NULL) are consumed. */
static void push(protocol_diff *d, int32_t change, const char *construct, const char *id,
                 const char *member, const char *aspect, pr_buf *before, pr_buf *after)
{
    bool failed = (before && before->failed) || (after && after->failed);
    char *b = failed ? NULL : before ? take(before) : NULL;
    char *a = failed ? NULL : after ? take(after) : NULL;
    char *i = pr_strdup(id);
    if (before)
        pr_buf_free(before);
    if (after)
        pr_buf_free(after);
    if (failed || !i || (before && !b) || (after && !a)) {
        d->failed = true;
        pr_free(b);
        pr_free(a);
        pr_free(i);
        return;
    }
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        pr_change *grown = pr_realloc(d->changes, cap * sizeof *grown);
        if (!grown) {
            d->failed = true;
            pr_free(b);
            pr_free(a);
            pr_free(i);
            return;
        }
        d->changes = grown;
        d->cap = cap;
    }
    pr_change *c = &d->changes[d->count++];
    c->change = change;
    c->construct = construct;
    c->id = i;
    c->member = member;
    c->aspect = aspect;
    c->before = b;
    c->after = a;
}

/* A member rendered on both sides: recorded when the texts differ. */
static void compare(protocol_diff *d, const char *construct, const char *id, const char *member,
                    const char *aspect, pr_buf *before, pr_buf *after)
{
    const char *x = before->data ? before->data : "";
    const char *y = after->data ? after->data : "";
    if (!before->failed && !after->failed && strcmp(x, y) == 0) {
        pr_buf_free(before);
        pr_buf_free(after);
        return;
    }
    push(d, PROTOCOL_CHANGE_CHANGED, construct, id, member, aspect, before, after);
}

static void compare_str(protocol_diff *d, const char *construct, const char *id, const char *member,
                        const char *aspect, const char *x, const char *y)
{
    pr_buf a = PR_BUF_INIT, b = PR_BUF_INIT;
    pr_buf_puts(&a, x ? x : "(none)");
    pr_buf_puts(&b, y ? y : "(none)");
    compare(d, construct, id, member, aspect, &a, &b);
}

static void compare_cond(protocol_diff *d, const char *construct, const char *id,
                         const char *member, const protocol_pack *pa, uint32_t ca,
                         const protocol_pack *pb, uint32_t cb)
{
    pr_buf a = PR_BUF_INIT, b = PR_BUF_INIT;
    render_cond(pa, ca, &a, 0);
    render_cond(pb, cb, &b, 0);
    compare(d, construct, id, member, "condition", &a, &b);
}

static void compare_citation(protocol_diff *d, const char *construct, const char *id,
                             const pr_citation *x, const pr_citation *y)
{
    pr_buf a = PR_BUF_INIT, b = PR_BUF_INIT;
    render_citation(x, &a);
    render_citation(y, &b);
    compare(d, construct, id, "citation", "citation", &a, &b);
}

/* An added or removed construct, described by its title and citation. */
static void whole(protocol_diff *d, bool added, const char *construct, const char *id,
                  const char *title, const pr_citation *c)
{
    pr_buf text = PR_BUF_INIT;
    pr_buf_puts(&text, title ? title : "");
    if (c) {
        pr_buf_puts(&text, " (");
        render_citation(c, &text);
        pr_buf_putc(&text, ')');
    }
    push(d, added ? PROTOCOL_CHANGE_ADDED : PROTOCOL_CHANGE_REMOVED, construct, id, NULL, NULL,
         added ? NULL : &text, added ? &text : NULL);
}

/* "parent/child", for grounds, decision conditions and checklist items. */
static const char *pair_id(char *buf, size_t size, const char *parent, const char *child)
{
    snprintf(buf, size, "%s/%s", parent, child);
    return buf;
}

/* --- per construct -------------------------------------------------------- */

static void diff_pack(protocol_diff *d, const protocol_pack *a, const protocol_pack *b)
{
    const char *id = b->family;
    compare_str(d, "pack", id, "id", "other", a->id, b->id);
    compare_str(d, "pack", id, "version", "other", a->version, b->version);
    compare_str(d, "pack", id, "title", "wording", a->title, b->title);
    compare_str(d, "pack", id, "source", "citation", a->source_document, b->source_document);
    compare_str(d, "pack", id, "calendar", "unit", protocol_calendar_id(a->calendar),
                protocol_calendar_id(b->calendar));
    compare_str(d, "pack", id, "effective_from", "other", a->effective_from, b->effective_from);
    compare_str(d, "pack", id, "effective_to", "other", a->effective_to, b->effective_to);
    compare_str(d, "pack", id, "supersedes", "other", a->supersedes, b->supersedes);
    pr_buf x = PR_BUF_INIT, y = PR_BUF_INIT;
    pr_buf_printf(&x, "%d", a->cutoff_minute);
    pr_buf_printf(&y, "%d", b->cutoff_minute);
    compare(d, "pack", id, "deadline_cutoff", "unit", &x, &y);
}

static void diff_facts(protocol_diff *d, const protocol_pack *a, const protocol_pack *b)
{
    for (uint32_t i = 0; i < a->nfacts; i++) {
        uint32_t k = pr_pack_find_fact(b, a->facts[i].path);
        const char *path = a->facts[i].path;
        if (k == PR_NONE) {
            whole(d, false, "fact", path, fact_description(a, path), NULL);
            continue;
        }
        pr_buf x = PR_BUF_INIT, y = PR_BUF_INIT;
        render_fact_type(&a->facts[i], &x);
        render_fact_type(&b->facts[k], &y);
        compare(d, "fact", path, "type", "unit", &x, &y);
        compare_str(d, "fact", path, "description", "wording", fact_description(a, path),
                    fact_description(b, path));
    }
    for (uint32_t k = 0; k < b->nfacts; k++)
        if (pr_pack_find_fact(a, b->facts[k].path) == PR_NONE)
            whole(d, true, "fact", b->facts[k].path, fact_description(b, b->facts[k].path), NULL);
}

/* Find the element of `array` (count elements `stride` bytes apart, each
 * starting with its id) whose id is `id`; count when none. */
static uint32_t find_id(const void *array, uint32_t count, size_t stride, const char *id)
{
    for (uint32_t i = 0; i < count; i++) {
        const char *const *at = (const char *const *)((const char *)array + i * stride);
        if (strcmp(*at, id) == 0)
            return i;
    }
    return count;
}

static void render_cases(const protocol_pack *p, const pr_decision *x, pr_buf *b)
{
    for (uint32_t i = 0; i < x->ncases; i++) {
        if (i)
            pr_buf_puts(b, "; ");
        pr_buf_puts(b, "if ");
        render_cond(p, x->cases[i].when, b, 0);
        pr_buf_printf(b, ": %s", x->cases[i].outcome);
    }
}

static void render_case_reasons(const pr_decision *x, pr_buf *b)
{
    for (uint32_t i = 0; i < x->ncases; i++)
        pr_buf_printf(b, "%s%s: %s", i ? "; " : "", x->cases[i].outcome,
                      x->cases[i].reason ? x->cases[i].reason : "(none)");
}

static void render_outcomes(const pr_dcondition *c, pr_buf *b)
{
    if (c->noutcomes == 0)
        pr_buf_puts(b, "every outcome");
    for (uint32_t i = 0; i < c->noutcomes; i++)
        pr_buf_printf(b, "%s%s", i ? ", " : "", c->outcomes[i]);
}

static void diff_decision(protocol_diff *d, const protocol_pack *pa, const pr_decision *x,
                          const protocol_pack *pb, const pr_decision *y)
{
    char id[512];
    compare_str(d, "decision", x->id, "title", "wording", x->title, y->title);
    compare_citation(d, "decision", x->id, &x->citation, &y->citation);
    pr_buf a = PR_BUF_INIT, b = PR_BUF_INIT;
    render_cases(pa, x, &a);
    render_cases(pb, y, &b);
    compare(d, "decision", x->id, "cases", "condition", &a, &b);
    render_case_reasons(x, &a);
    render_case_reasons(y, &b);
    compare(d, "decision", x->id, "reasons", "wording", &a, &b);
    compare_str(d, "decision", x->id, "unknown_outcome", "other", x->unknown_outcome,
                y->unknown_outcome);
    for (uint32_t i = 0; i < x->ngrounds; i++) {
        const pr_ground *g = &x->grounds[i];
        pair_id(id, sizeof id, x->id, g->id);
        uint32_t k = find_id(y->grounds, y->ngrounds, sizeof *y->grounds, g->id);
        if (k == y->ngrounds) {
            whole(d, false, "ground", id, g->reason, &g->citation);
            continue;
        }
        const pr_ground *h = &y->grounds[k];
        compare_cond(d, "ground", id, "when", pa, g->when, pb, h->when);
        compare_str(d, "ground", id, "reason", "wording", g->reason, h->reason);
        compare_citation(d, "ground", id, &g->citation, &h->citation);
    }
    for (uint32_t k = 0; k < y->ngrounds; k++)
        if (find_id(x->grounds, x->ngrounds, sizeof *x->grounds, y->grounds[k].id) == x->ngrounds)
            whole(d, true, "ground", pair_id(id, sizeof id, y->id, y->grounds[k].id),
                  y->grounds[k].reason, &y->grounds[k].citation);
    for (uint32_t i = 0; i < x->nconditions; i++) {
        const pr_dcondition *c = &x->conditions[i];
        pair_id(id, sizeof id, x->id, c->id);
        uint32_t k = find_id(y->conditions, y->nconditions, sizeof *y->conditions, c->id);
        if (k == y->nconditions) {
            whole(d, false, "decision_condition", id, c->text, &c->citation);
            continue;
        }
        const pr_dcondition *e = &y->conditions[k];
        compare_str(d, "decision_condition", id, "text", "wording", c->text, e->text);
        compare_cond(d, "decision_condition", id, "when", pa, c->when, pb, e->when);
        render_outcomes(c, &a);
        render_outcomes(e, &b);
        compare(d, "decision_condition", id, "outcomes", "condition", &a, &b);
        compare_citation(d, "decision_condition", id, &c->citation, &e->citation);
    }
    for (uint32_t k = 0; k < y->nconditions; k++)
        if (find_id(x->conditions, x->nconditions, sizeof *x->conditions, y->conditions[k].id) ==
            x->nconditions)
            whole(d, true, "decision_condition", pair_id(id, sizeof id, y->id, y->conditions[k].id),
                  y->conditions[k].text, &y->conditions[k].citation);
}

static void render_reasons(const pr_rule *r, pr_buf *b)
{
    for (int i = 0; i < PR_RULE_NSTATUS; i++)
        if (r->reasons[i])
            pr_buf_printf(b, "%s%s: %s", b->length ? "; " : "", pr_rule_status_names[i],
                          r->reasons[i]);
}

static void render_explain(const protocol_pack *p, const pr_rule *r, pr_buf *b)
{
    for (uint32_t i = 0; i < r->nexplain; i++) {
        pr_buf_puts(b, i ? "; if " : "if ");
        render_cond(p, r->explain[i].when, b, 0);
        pr_buf_printf(b, ": %s", r->explain[i].reason);
    }
}

static void diff_rule(protocol_diff *d, const protocol_pack *pa, const pr_rule *x,
                      const protocol_pack *pb, const pr_rule *y)
{
    compare_str(d, "rule", x->id, "title", "wording", x->title, y->title);
    compare_str(d, "rule", x->id, "group", "other", x->group, y->group);
    compare_citation(d, "rule", x->id, &x->citation, &y->citation);
    compare_cond(d, "rule", x->id, "applies", pa, x->applies, pb, y->applies);
    compare_cond(d, "rule", x->id, "met", pa, x->met, pb, y->met);
    pr_buf a = PR_BUF_INIT, b = PR_BUF_INIT;
    render_reasons(x, &a);
    render_reasons(y, &b);
    compare(d, "rule", x->id, "reasons", "wording", &a, &b);
    render_explain(pa, x, &a);
    render_explain(pb, y, &b);
    compare(d, "rule", x->id, "explain", "condition", &a, &b);
    compare_str(d, "rule", x->id, "deadline", "other",
                x->deadline == PR_NONE ? NULL : pa->deadlines[x->deadline].id,
                y->deadline == PR_NONE ? NULL : pb->deadlines[y->deadline].id);
}

static const char *urgency_unit(pr_urgency u)
{
    switch (u) {
    case PR_URGENCY_IMMEDIATE:
        return "immediate";
    case PR_URGENCY_SAME_DAY:
        return "same_day";
    case PR_URGENCY_WORKING_DAYS:
        return "working_days";
    case PR_URGENCY_ONGOING:
        return "ongoing";
    }
    return "?";
}

static void diff_duty(protocol_diff *d, const protocol_pack *pa, const pr_duty *x,
                      const protocol_pack *pb, const pr_duty *y)
{
    compare_str(d, "duty", x->id, "title", "wording", x->title, y->title);
    compare_citation(d, "duty", x->id, &x->citation, &y->citation);
    compare_cond(d, "duty", x->id, "when", pa, x->when, pb, y->when);
    compare_str(d, "duty", x->id, "urgency", "unit", urgency_unit(x->urgency),
                urgency_unit(y->urgency));
    pr_buf a = PR_BUF_INIT, b = PR_BUF_INIT;
    if (x->urgency == PR_URGENCY_WORKING_DAYS)
        pr_buf_printf(&a, "%d", x->working_days);
    if (y->urgency == PR_URGENCY_WORKING_DAYS)
        pr_buf_printf(&b, "%d", y->working_days);
    compare(d, "duty", x->id, "working_days", "duration", &a, &b);
    compare_str(d, "duty", x->id, "from", "other",
                x->from == PR_NONE ? "as_of" : pa->facts[x->from].path,
                y->from == PR_NONE ? "as_of" : pb->facts[y->from].path);
}

/* A variant's unit as packs write it: "same_day", or "months after",
 * "calendar_days before", with its roll when it has one. */
static void render_unit(const pr_variant *v, pr_buf *b)
{
    pr_buf_puts(b, pr_unit_names[v->unit]);
    if (v->unit != PR_UNIT_SAME_DAY)
        pr_buf_puts(b, v->before ? " before" : " after");
    if (v->has_roll)
        pr_buf_printf(b, ", roll %s", pr_roll_names[v->roll]);
}

static void render_every(const pr_variant *v, pr_buf *b)
{
    if (v->every)
        pr_buf_printf(b, "every %d %s", v->every, pr_unit_names[v->every_unit]);
    else
        pr_buf_puts(b, "once");
}

static void render_start(const protocol_pack *p, const pr_deadline *x, pr_buf *b)
{
    if (x->anchor != PR_NONE)
        pr_buf_printf(b, "deadline %s", p->deadlines[x->anchor].id);
    else if (x->start != PR_NONE)
        pr_buf_puts(b, p->facts[x->start].path);
    for (uint32_t i = 0; i < x->npauses; i++)
        pr_buf_printf(b, "; paused from %s to %s", p->facts[x->pauses[i].from].path,
                      p->facts[x->pauses[i].to].path);
}

static void diff_deadline(protocol_diff *d, const protocol_pack *pa, const pr_deadline *x,
                          const protocol_pack *pb, const pr_deadline *y)
{
    pr_buf a = PR_BUF_INIT, b = PR_BUF_INIT;
    compare_str(d, "deadline", x->id, "title", "wording", x->title, y->title);
    compare_citation(d, "deadline", x->id, &x->citation, &y->citation);
    render_start(pa, x, &a);
    render_start(pb, y, &b);
    compare(d, "deadline", x->id, "start", "other", &a, &b);
    compare_str(d, "deadline", x->id, "done", "other",
                x->done == PR_NONE ? NULL : pa->facts[x->done].path,
                y->done == PR_NONE ? NULL : pb->facts[y->done].path);
    compare_str(d, "deadline", x->id, "calendar", "unit", x->calendar_id, y->calendar_id);
    compare_cond(d, "deadline", x->id, "applies", pa, x->applies, pb, y->applies);
    uint32_t n = x->nvariants > y->nvariants ? x->nvariants : y->nvariants;
    for (uint32_t i = 0; i < n; i++) {
        const pr_variant *v = i < x->nvariants ? &x->variants[i] : NULL;
        const pr_variant *w = i < y->nvariants ? &y->variants[i] : NULL;
        if (!v || !w) {
            /* A variant only one pack has: the whole of it. */
            const pr_variant *only = v ? v : w;
            pr_buf *text = v ? &a : &b;
            pr_buf_puts(text, "if ");
            render_cond(v ? pa : pb, only->when, text, 0);
            pr_buf_printf(text, ": %d ", only->amount);
            render_unit(only, text);
            pr_buf_puts(text, ", ");
            render_every(only, text);
            push(d, PROTOCOL_CHANGE_CHANGED, "deadline", x->id, "variant", "condition",
                 v ? &a : NULL, w ? &b : NULL);
            pr_buf_free(&a);
            pr_buf_free(&b);
            continue;
        }
        compare_cond(d, "deadline", x->id, "variant when", pa, v->when, pb, w->when);
        render_unit(v, &a);
        render_unit(w, &b);
        compare(d, "deadline", x->id, "variant unit", "unit", &a, &b);
        pr_buf_printf(&a, "%d", v->amount);
        pr_buf_printf(&b, "%d", w->amount);
        compare(d, "deadline", x->id, "variant amount", "duration", &a, &b);
        render_every(v, &a);
        render_every(w, &b);
        compare(d, "deadline", x->id, "variant every", "duration", &a, &b);
        compare_citation(d, "deadline", x->id, &v->citation, &w->citation);
    }
}

static void render_answers(const protocol_pack *p, const pr_item *it, pr_buf *b)
{
    static const char *const names[] = {"met", "partly", "not_met", "not_applicable"};
    for (int i = 0; i < 4; i++)
        if (it->answer[i] != PR_NONE) {
            pr_buf_printf(b, "%s%s: ", b->length ? "; " : "", names[i]);
            render_cond(p, it->answer[i], b, 0);
        }
}

static void diff_checklist(protocol_diff *d, const protocol_pack *pa, const pr_checklist *x,
                           const protocol_pack *pb, const pr_checklist *y)
{
    char id[512];
    compare_str(d, "checklist", x->id, "title", "wording", x->title, y->title);
    compare_citation(d, "checklist", x->id, &x->citation, &y->citation);
    pr_buf a = PR_BUF_INIT, b = PR_BUF_INIT;
    pr_buf_printf(&a, "green %g, amber %g; met %g, partly %g, not_met %g", x->green, x->amber,
                  x->scores[0], x->scores[1], x->scores[2]);
    pr_buf_printf(&b, "green %g, amber %g; met %g, partly %g, not_met %g", y->green, y->amber,
                  y->scores[0], y->scores[1], y->scores[2]);
    compare(d, "checklist", x->id, "scoring", "other", &a, &b);
    const pr_item *xi = &pa->items[x->first_item], *yi = &pb->items[y->first_item];
    for (uint32_t i = 0; i < x->nitems; i++) {
        pair_id(id, sizeof id, x->id, xi[i].id);
        uint32_t k = find_id(yi, y->nitems, sizeof *yi, xi[i].id);
        if (k == y->nitems) {
            whole(d, false, "checklist_item", id, xi[i].text, &xi[i].citation);
            continue;
        }
        compare_str(d, "checklist_item", id, "text", "wording", xi[i].text, yi[k].text);
        compare_citation(d, "checklist_item", id, &xi[i].citation, &yi[k].citation);
        render_answers(pa, &xi[i], &a);
        render_answers(pb, &yi[k], &b);
        compare(d, "checklist_item", id, "answer", "condition", &a, &b);
    }
    for (uint32_t k = 0; k < y->nitems; k++)
        if (find_id(xi, x->nitems, sizeof *xi, yi[k].id) == x->nitems)
            whole(d, true, "checklist_item", pair_id(id, sizeof id, y->id, yi[k].id), yi[k].text,
                  &yi[k].citation);
}

/* Match the constructs of one kind by id: removed, changed, then added. */
#define DIFF_KIND(d, pa, pb, array, count, kind, fn, title_of)                                     \
    do {                                                                                           \
        for (uint32_t i_ = 0; i_ < (pa)->count; i_++) {                                            \
            uint32_t k_ =                                                                          \
                find_id((pb)->array, (pb)->count, sizeof *(pb)->array, (pa)->array[i_].id);        \
            if (k_ == (pb)->count)                                                                 \
                whole((d), false, kind, (pa)->array[i_].id, (pa)->array[i_].title_of,              \
                      &(pa)->array[i_].citation);                                                  \
            else                                                                                   \
                fn((d), (pa), &(pa)->array[i_], (pb), &(pb)->array[k_]);                           \
        }                                                                                          \
        for (uint32_t k_ = 0; k_ < (pb)->count; k_++)                                              \
            if (find_id((pa)->array, (pa)->count, sizeof *(pa)->array, (pb)->array[k_].id) ==      \
                (pa)->count)                                                                       \
                whole((d), true, kind, (pb)->array[k_].id, (pb)->array[k_].title_of,               \
                      &(pb)->array[k_].citation);                                                  \
    } while (0)

/* --- the public calls ----------------------------------------------------- */

void protocol_diff_free(protocol_diff *diff)
{
    if (!diff)
        return;
    for (size_t i = 0; i < diff->count; i++) {
        pr_free(diff->changes[i].id);
        pr_free(diff->changes[i].before);
        pr_free(diff->changes[i].after);
    }
    pr_free(diff->changes);
    pr_free(diff->from_id);
    pr_free(diff->from_version);
    pr_free(diff->to_id);
    pr_free(diff->to_version);
    pr_free(diff);
}

protocol_status protocol_pack_diff(const protocol_pack *from, const protocol_pack *to,
                                   protocol_diff **out, protocol_error *err)
{
    if (!from || !to || !out)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_pack_diff needs two packs and an output");
    *out = NULL;
    protocol_diff *d = pr_calloc(1, sizeof *d);
    if (!d)
        return pr_nomem(err);
    d->from_id = pr_strdup(from->id);
    d->from_version = pr_strdup(from->version);
    d->to_id = pr_strdup(to->id);
    d->to_version = pr_strdup(to->version);
    d->failed = !d->from_id || !d->from_version || !d->to_id || !d->to_version;
    diff_pack(d, from, to);
    diff_facts(d, from, to);
    DIFF_KIND(d, from, to, decisions, ndecisions, "decision", diff_decision, title);
    DIFF_KIND(d, from, to, rules, nrules, "rule", diff_rule, title);
    DIFF_KIND(d, from, to, duties, nduties, "duty", diff_duty, title);
    DIFF_KIND(d, from, to, deadlines, ndeadlines, "deadline", diff_deadline, title);
    DIFF_KIND(d, from, to, checklists, nchecklists, "checklist", diff_checklist, title);
    if (d->failed) {
        protocol_diff_free(d);
        return pr_nomem(err);
    }
    *out = d;
    return PROTOCOL_OK;
}

size_t protocol_diff_count(const protocol_diff *diff)
{
    return diff ? diff->count : 0;
}

void protocol_change_init(protocol_change *change)
{
    if (change) {
        protocol_change init = PROTOCOL_CHANGE_INIT;
        *change = init;
    }
}

protocol_status protocol_diff_get(const protocol_diff *diff, size_t index, protocol_change *out,
                                  protocol_error *err)
{
    if (!diff || !out)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_diff_get needs a diff and an output");
    if (out->struct_version != PROTOCOL_CHANGE_VERSION)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "struct_version",
                       "protocol_change.struct_version is %u; this library knows %u (use "
                       "PROTOCOL_CHANGE_INIT)",
                       (unsigned)out->struct_version, (unsigned)PROTOCOL_CHANGE_VERSION);
    if (index >= diff->count)
        return pr_fail(err, PROTOCOL_E_RANGE, NULL, "change %zu of %zu", index, diff->count);
    const pr_change *c = &diff->changes[index];
    out->change = c->change;
    out->construct = c->construct;
    out->id = c->id;
    out->member = c->member;
    out->aspect = c->aspect;
    out->before = c->before;
    out->after = c->after;
    return PROTOCOL_OK;
}

static void json_str(pr_buf *b, const char *s)
{
    if (s)
        pr_buf_json_string(b, s);
    else
        pr_buf_puts(b, "null");
}

protocol_status protocol_diff_to_json(const protocol_diff *diff, int pretty, char **json,
                                      size_t *length, protocol_error *err)
{
    if (!diff || !json)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_diff_to_json needs a diff and an output");
    const char *nl = pretty ? "\n" : "", *in1 = pretty ? "  " : "", *in2 = pretty ? "    " : "";
    const char *sp = pretty ? " " : "";
    pr_buf b = PR_BUF_INIT;
    size_t counts[3] = {0, 0, 0};
    pr_buf_printf(&b, "{%s%s\"from\":%s{\"id\":%s", nl, in1, sp, sp);
    json_str(&b, diff->from_id);
    pr_buf_printf(&b, ",%s\"version\":%s", sp, sp);
    json_str(&b, diff->from_version);
    pr_buf_printf(&b, "},%s%s\"to\":%s{\"id\":%s", nl, in1, sp, sp);
    json_str(&b, diff->to_id);
    pr_buf_printf(&b, ",%s\"version\":%s", sp, sp);
    json_str(&b, diff->to_version);
    pr_buf_printf(&b, "},%s%s\"changes\":%s[", nl, in1, sp);
    for (size_t i = 0; i < diff->count; i++) {
        const pr_change *c = &diff->changes[i];
        counts[c->change]++;
        pr_buf_printf(&b, "%s%s%s{\"change\":%s\"%s\",%s\"construct\":%s\"%s\",%s\"id\":%s",
                      i ? "," : "", nl, in2, sp, change_names[c->change], sp, sp, c->construct, sp,
                      sp);
        json_str(&b, c->id);
        pr_buf_printf(&b, ",%s\"member\":%s", sp, sp);
        json_str(&b, c->member);
        pr_buf_printf(&b, ",%s\"aspect\":%s", sp, sp);
        json_str(&b, c->aspect);
        pr_buf_printf(&b, ",%s\"before\":%s", sp, sp);
        json_str(&b, c->before);
        pr_buf_printf(&b, ",%s\"after\":%s", sp, sp);
        json_str(&b, c->after);
        pr_buf_putc(&b, '}');
    }
    pr_buf_printf(&b,
                  "%s%s],%s%s\"summary\":%s{\"added\":%s%zu,%s\"removed\":%s%zu,%s"
                  "\"changed\":%s%zu}%s}",
                  diff->count ? nl : "", diff->count ? in1 : "", nl, in1, sp, sp, counts[0], sp, sp,
                  counts[1], sp, sp, counts[2], nl);
    if (pretty)
        pr_buf_putc(&b, '\n');
    char *text = b.failed ? NULL : pr_buf_take(&b, length);
    pr_buf_free(&b);
    if (!text)
        return pr_nomem(err);
    *json = text;
    return PROTOCOL_OK;
}

protocol_status protocol_diff_to_text(const protocol_diff *diff, char **text, size_t *length,
                                      protocol_error *err)
{
    if (!diff || !text)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_diff_to_text needs a diff and an output");
    pr_buf b = PR_BUF_INIT;
    size_t counts[3] = {0, 0, 0};
    pr_buf_printf(&b, "%s %s -> %s %s\n", diff->from_id, diff->from_version, diff->to_id,
                  diff->to_version);
    for (size_t i = 0; i < diff->count; i++) {
        const pr_change *c = &diff->changes[i];
        counts[c->change]++;
        if (c->change == PROTOCOL_CHANGE_CHANGED) {
            pr_buf_printf(&b, "~ %s %s: %s (%s)\n", c->construct, c->id, c->member, c->aspect);
            pr_buf_printf(&b, "    - %s\n    + %s\n", c->before ? c->before : "(none)",
                          c->after ? c->after : "(none)");
        } else {
            pr_buf_printf(&b, "%c %s %s: %s\n", c->change == PROTOCOL_CHANGE_ADDED ? '+' : '-',
                          c->construct, c->id,
                          c->change == PROTOCOL_CHANGE_ADDED ? c->after : c->before);
        }
    }
    pr_buf_printf(&b, "%zu added, %zu removed, %zu changed\n", counts[0], counts[1], counts[2]);
    char *out = b.failed ? NULL : pr_buf_take(&b, length);
    pr_buf_free(&b);
    if (!out)
        return pr_nomem(err);
    *text = out;
    return PROTOCOL_OK;
}
