/*
 * The result JSON writer (docs/result-json.md), the only place its layout
 * lives: a rendering of the structured result and its pack, written from the
 * pack's pooled, pre-escaped strings.
 */
#include "engine.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* The writer stages its many small pieces (a key, a comma, a pooled
 * literal) in a local block and hands pr_buf one append per block. */
typedef struct writer {
    pr_buf *b;
    bool pretty;
    int depth;
    bool after_key;
    bool has_item[16];
    size_t staged;
    char stage[4096];
} writer;

static void flush(writer *w)
{
    pr_buf_append(w->b, w->stage, w->staged);
    w->staged = 0;
}

static void put(writer *w, const char *text, size_t n)
{
    if (n > sizeof w->stage - w->staged) {
        flush(w);
        if (n > sizeof w->stage) {
            pr_buf_append(w->b, text, n);
            return;
        }
    }
    memcpy(w->stage + w->staged, text, n);
    w->staged += n;
}

static void put_char(writer *w, char c)
{
    if (w->staged == sizeof w->stage)
        flush(w);
    w->stage[w->staged++] = c;
}

static void newline(writer *w)
{
    static const char spaces[] = "                                ";
    put_char(w, '\n');
    for (int i = 0; i < w->depth; i++)
        put(w, spaces, 2);
}

/* Before any value: a comma and line break in a container, nothing after a key. */
static void before_value(writer *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth == 0)
        return;
    if (w->has_item[w->depth])
        put_char(w, ',');
    w->has_item[w->depth] = true;
    if (w->pretty)
        newline(w);
}

static void begin(writer *w, char c)
{
    before_value(w);
    put_char(w, c);
    w->depth++;
    w->has_item[w->depth] = false;
}

static void end(writer *w, char c)
{
    bool had = w->has_item[w->depth];
    w->depth--;
    if (w->pretty && had)
        newline(w);
    put_char(w, c);
}

/* Keys are the writer's own names, which need no escaping: a literal
 * `"name": ` of `size` bytes (with its NUL), the space only when pretty. */
static void key_literal(writer *w, const char *text, size_t size)
{
    before_value(w);
    put(w, text, size - (w->pretty ? 1 : 2));
    w->after_key = true;
}
#define key(w, k) key_literal((w), "\"" k "\": ", sizeof("\"" k "\": "))

/* A string of the pack's, written from its pooled literal. */
static void pooled(writer *w, const char *s)
{
    before_value(w);
    if (s) {
        uint32_t n;
        const char *literal = pr_pooled_literal(s, &n);
        put(w, literal, n);
    } else {
        put(w, "null", 4);
    }
}

#define pooled_member(w, k, s) (key((w), k), pooled((w), (s)))

/* A string that needs no escaping (the library's own names, formatted
 * times), quoted in one append; NULL is written null. */
static void name(writer *w, const char *s)
{
    char text[64];
    before_value(w);
    if (!s) {
        put(w, "null", 4);
        return;
    }
    size_t n = strlen(s);
    if (n > sizeof text - 2) {
        flush(w);
        pr_buf_json_string(w->b, s);
        return;
    }
    text[0] = '"';
    memcpy(text + 1, s, n);
    text[n + 1] = '"';
    put(w, text, n + 2);
}

#define name_member(w, k, s) (key((w), k), name((w), (s)))

static void raw(writer *w, const char *text)
{
    before_value(w);
    put(w, text, strlen(text));
}

/* Decimal digits without printf, which dominated the writer's time. */
static void integer(writer *w, long long v)
{
    char buf[24];
    char *p = buf + sizeof buf;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    before_value(w);
    put(w, p, (size_t)(buf + sizeof buf - p));
}

static void string_array(writer *w, const protocol_result *r, pr_span span)
{
    begin(w, '[');
    for (uint32_t i = 0; i < span.count; i++)
        pooled(w, r->strs[span.first + i]);
    end(w, ']');
}
#define strings(w, r, k, span) (key((w), k), string_array((w), (r), (span)))

static void citation(writer *w, const pr_citation *c)
{
    key(w, "citation");
    begin(w, '{');
    pooled_member(w, "document", c->document);
    pooled_member(w, "paragraph", c->paragraph);
    end(w, '}');
}

/* Digits of v, `width` wide, ending just before `end`. */
static void digits(char *end, int v, int width)
{
    for (int i = 0; i < width; i++, v /= 10)
        *--end = (char)('0' + v % 10);
}

/* As protocol_time_format() writes it, quoted, without printf (times are
 * written often); null for a time it would refuse. */
static void time_value(writer *w, bool has, const protocol_time *t)
{
    if (!has || !protocol_date_is_valid(t->date) || (t->has_time != 0 && t->has_time != 1) ||
        (t->has_time &&
         (t->hour < 0 || t->hour > 23 || t->minute < 0 || t->minute > 59 || t->second < 0 ||
          t->second > 59 || (t->utc_offset_minutes != 0 && t->utc_offset_minutes != 60)))) {
        name(w, NULL);
        return;
    }
    char buf[28] = "\"YYYY-MM-DDTHH:MM:SS+0H:00\"";
    digits(buf + 5, t->date.year, 4);
    digits(buf + 8, t->date.month, 2);
    digits(buf + 11, t->date.day, 2);
    if (!t->has_time) {
        buf[11] = '"';
        before_value(w);
        put(w, buf, 12);
        return;
    }
    digits(buf + 14, t->hour, 2);
    digits(buf + 17, t->minute, 2);
    digits(buf + 20, t->second, 2);
    digits(buf + 23, t->utc_offset_minutes / 60, 2);
    before_value(w);
    put(w, buf, 27);
}

/* "YYYY-MM-DD" by hand: dates are written often, and printf is slow. */
static void date_value(writer *w, bool has, protocol_date d)
{
    if (!has || !protocol_date_is_valid(d)) {
        name(w, NULL);
        return;
    }
    char buf[13] = "\"YYYY-MM-DD\"";
    digits(buf + 5, d.year, 4);
    digits(buf + 8, d.month, 2);
    digits(buf + 11, d.day, 2);
    before_value(w);
    put(w, buf, 12);
}

/* A percentage with one decimal, from tenths; null for none. */
static void score(writer *w, int tenths)
{
    if (tenths < 0) {
        raw(w, "null");
        return;
    }
    integer(w, tenths / 10);
    char decimal[2] = {'.', (char)('0' + tenths % 10)};
    put(w, decimal, 2);
}

/* Tenths of an hour, rounded down (so that any time overdue is negative). */
static void hours_value(writer *w, int64_t seconds)
{
    int64_t tenths = seconds >= 0 ? seconds / 360 : -((-seconds + 359) / 360);
    before_value(w);
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%s%lld.%lld", tenths < 0 ? "-" : "",
                     (long long)((tenths < 0 ? -tenths : tenths) / 10),
                     (long long)((tenths < 0 ? -tenths : tenths) % 10));
    put(w, buf, (size_t)n);
}

/* The members of a deadline that only the statutory clock's constructs
 * give: each is written only when the pack uses the construct, so that a
 * pack that does not has the results it always had. */
static void deadline_clock_members(writer *w, const protocol_pack *p, const pr_deadline *d,
                                   const pr_variant *v, const pr_deadline_out *o)
{
    if (v->spelled_by_unit) {
        name_member(w, "unit", pr_unit_names[v->unit]);
        key(w, "amount");
        integer(w, v->amount);
        key(w, "before");
        raw(w, v->before ? "true" : "false");
        if (v->unit == PR_UNIT_CALENDAR_DAYS || v->unit == PR_UNIT_WEEKS ||
            v->unit == PR_UNIT_MONTHS)
            name_member(w, "roll", pr_roll_names[v->roll]);
    }
    if (v->unit == PR_UNIT_HOURS) {
        key(w, "due_at");
        time_value(w, o->x.has_due_time, &o->x.due_time);
        key(w, "hours_remaining");
        if (o->x.has_seconds_remaining)
            hours_value(w, o->x.seconds_remaining);
        else
            raw(w, "null");
    }
    if (d->anchor != PR_NONE) {
        key(w, "anchor");
        pooled(w, p->deadlines[d->anchor].id);
        key(w, "start_projected");
        raw(w, o->projected ? "true" : "false");
    }
    if (v->every) {
        key(w, "every");
        integer(w, v->every);
        name_member(w, "every_unit", pr_unit_names[v->every_unit]);
        bool has = o->x.occurrence > 0;
        key(w, "occurrence");
        if (has)
            integer(w, o->x.occurrence);
        else
            raw(w, "null");
        key(w, "occurrence_start");
        time_value(w, has, &o->x.occurrence_start);
        key(w, "missed");
        integer(w, o->x.missed);
        key(w, "first_missed_due");
        date_value(w, o->x.missed > 0, o->x.first_missed_due);
    }
}

static void write_findings(writer *w, const protocol_result *r)
{
    const protocol_pack *p = r->pack;
    key(w, "decisions");
    begin(w, '[');
    for (uint32_t i = 0; i < p->ndecisions; i++) {
        const pr_decision_out *d = &r->decisions[i];
        begin(w, '{');
        pooled_member(w, "id", p->decisions[i].id);
        pooled_member(w, "outcome", d->outcome);
        strings(w, r, "grounds", d->grounds);
        strings(w, r, "conditions", d->conditions);
        strings(w, r, "reasons", d->reasons);
        strings(w, r, "missing_facts", d->missing);
        citation(w, &p->decisions[i].citation);
        end(w, '}');
    }
    end(w, ']');
    key(w, "rules");
    begin(w, '[');
    for (uint32_t i = 0; i < p->nrules; i++) {
        const pr_rule *rule = &p->rules[i];
        begin(w, '{');
        pooled_member(w, "id", rule->id);
        pooled_member(w, "group", rule->group);
        pooled_member(w, "title", rule->title);
        name_member(w, "status", pr_rule_status_names[r->rules[i].status]);
        if (rule->deadline != PR_NONE) {
            key(w, "deadline");
            pooled(w, p->deadlines[rule->deadline].id);
            key(w, "due");
            date_value(w, r->rules[i].has_due, r->rules[i].due);
        }
        strings(w, r, "reasons", r->rules[i].reasons);
        strings(w, r, "missing_facts", r->rules[i].missing);
        citation(w, &rule->citation);
        end(w, '}');
    }
    end(w, ']');
    key(w, "duties");
    begin(w, '[');
    for (uint32_t i = 0; i < r->nduties; i++) {
        const pr_duty *duty = &p->duties[r->duties[i].duty];
        begin(w, '{');
        pooled_member(w, "id", duty->id);
        pooled_member(w, "title", duty->title);
        pooled_member(w, "urgency", duty->urgency_text);
        key(w, "due");
        date_value(w, r->duties[i].has_due, r->duties[i].due);
        citation(w, &duty->citation);
        end(w, '}');
    }
    end(w, ']');
    key(w, "deadlines");
    begin(w, '[');
    for (uint32_t i = 0; i < r->ndeadlines; i++) {
        const pr_deadline_out *o = &r->deadlines[i];
        const pr_deadline *d = &p->deadlines[o->deadline];
        const pr_variant *v = &d->variants[o->variant];
        begin(w, '{');
        pooled_member(w, "id", d->id);
        name_member(w, "rule", pr_variant_rule_name(v));
        key(w, "working_days");
        if (v->unit == PR_UNIT_SAME_DAY || v->unit == PR_UNIT_WORKING_DAYS)
            integer(w, v->unit == PR_UNIT_SAME_DAY ? 0 : v->amount);
        else
            raw(w, "null");
        pooled_member(w, "calendar", d->calendar_id);
        key(w, "start");
        time_value(w, o->has_start, &o->start);
        key(w, "due");
        date_value(w, o->r.has_due, o->r.due);
        key(w, "done");
        time_value(w, o->has_done, &o->done);
        name_member(w, "status", protocol_deadline_status_name(o->r.status));
        key(w, "working_days_remaining");
        if (o->r.has_remaining)
            integer(w, o->r.working_days_remaining);
        else
            raw(w, "null");
        deadline_clock_members(w, p, d, v, o);
        citation(w, &v->citation);
        end(w, '}');
    }
    end(w, ']');
    key(w, "checklists");
    begin(w, '[');
    for (uint32_t i = 0; i < r->nchecklists; i++) {
        const pr_checklist_out *o = &r->checklists[i];
        const pr_checklist *cl = &p->checklists[o->checklist];
        begin(w, '{');
        pooled_member(w, "id", cl->id);
        pooled_member(w, "title", cl->title);
        key(w, "score");
        score(w, o->score_tenths);
        name_member(w, "rag", pr_checklist_rag(cl, o->score_tenths));
        key(w, "groups");
        begin(w, '[');
        for (uint32_t g = 0; g < cl->ngroups; g++) {
            begin(w, '{');
            pooled_member(w, "id", cl->groups[g].id);
            pooled_member(w, "title", cl->groups[g].title);
            key(w, "score");
            score(w, r->ints[o->group_scores + g]);
            end(w, '}');
        }
        end(w, ']');
        strings(w, r, "unanswered", o->unanswered);
        end(w, '}');
    }
    end(w, ']');
}

/* A warning's path or message: its pooled literal, else escaped from the
 * result's own text. */
/* `own` is an offset into the result's own text, read only when the text is
 * not pooled: a result whose warnings are all pooled has no own text, and
 * NULL + 0 is undefined. */
static void warning_text(writer *w, const char *pooled_text, const pr_buf *text, size_t own)
{
    if (pooled_text) {
        pooled(w, pooled_text);
        return;
    }
    before_value(w);
    flush(w);
    pr_buf_json_string(w->b, text->data + own);
}

void pr_result_write(const protocol_result *r, int pretty, pr_buf *b)
{
    writer w;
    /* All but the stage, which is written before it is read. */
    memset(&w, 0, offsetof(writer, stage));
    w.b = b;
    if (!b->data && !b->failed) {
        /* One allocation for the usual result rather than a doubling series;
         * pr_buf grows from here as from any capacity it has. */
        size_t hint = r->pack->result_size_hint * (pretty ? 2 : 1);
        b->data = pr_malloc(hint);
        if (b->data) {
            b->data[0] = '\0';
            b->capacity = hint;
        }
    }
    w.pretty = pretty != 0;
    begin(&w, '{');
    key(&w, "library");
    begin(&w, '{');
    name_member(&w, "name", "libprotocol");
    name_member(&w, "version", protocol_version());
    end(&w, '}');
    key(&w, "pack");
    begin(&w, '{');
    pooled_member(&w, "id", r->pack->id);
    pooled_member(&w, "version", r->pack->version);
    pooled_member(&w, "title", r->pack->title);
    if (r->pack->effective_from) {
        /* A dated pack: the version a family name picked is told by the
         * id above; these say which version of what, and its dates. */
        pooled_member(&w, "family", r->pack->family);
        pooled_member(&w, "effective_from", r->pack->effective_from);
        pooled_member(&w, "effective_to", r->pack->effective_to);
        pooled_member(&w, "supersedes", r->pack->supersedes);
    }
    end(&w, '}');
    key(&w, "as_of");
    time_value(&w, r->has_as_of, &r->as_of);
    write_findings(&w, r);
    key(&w, "warnings");
    begin(&w, '[');
    for (uint32_t i = 0; i < r->nwarnings; i++) {
        begin(&w, '{');
        const pr_warning *warning = &r->warnings[i];
        key(&w, "path");
        warning_text(&w, warning->pooled_path, &r->text, warning->path);
        key(&w, "message");
        warning_text(&w, warning->pooled_message, &r->text, warning->message);
        end(&w, '}');
    }
    end(&w, ']');
    key(&w, "ask_next");
    begin(&w, '[');
    for (uint32_t i = 0; i < r->nask_next; i++)
        pooled(&w, r->pack->facts[r->ask_next[i]].path);
    end(&w, ']');
    key(&w, "summary");
    begin(&w, '{');
    key(&w, "rules_met");
    integer(&w, (long long)r->summary.rules_met);
    key(&w, "rules_not_met");
    integer(&w, (long long)r->summary.rules_not_met);
    key(&w, "rules_unknown");
    integer(&w, (long long)r->summary.rules_unknown);
    if (r->pack->binds_rules) {
        key(&w, "rules_pending");
        integer(&w, (long long)r->rules_pending);
    }
    key(&w, "duties");
    integer(&w, (long long)r->summary.duties);
    key(&w, "deadlines_overdue");
    integer(&w, (long long)r->summary.deadlines_overdue);
    end(&w, '}');
    end(&w, '}');
    flush(&w);
}

protocol_status protocol_result_to_json(const protocol_result *result, int pretty, char **json,
                                        size_t *length, protocol_error *err)
{
    if (!result || !json)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_result_to_json needs a result and an output");
    pr_buf b = PR_BUF_INIT;
    pr_result_write(result, pretty, &b);
    size_t n = 0;
    char *text = pr_buf_take(&b, &n);
    if (!text)
        return pr_nomem(err);
    *json = text;
    if (length)
        *length = n;
    return PROTOCOL_OK;
}

/* --- the summary detail level -------------------------------------------------- */

/* The ids of the rules whose status is `status`, as an array member. */
static void rule_ids(writer *w, const protocol_result *r, const char *status)
{
    const protocol_pack *p = r->pack;
    begin(w, '[');
    for (uint32_t i = 0; i < p->nrules; i++)
        if (strcmp(pr_rule_status_names[r->rules[i].status], status) == 0)
            pooled(w, p->rules[i].id);
    end(w, ']');
}

/* The id of the duty or deadline whose pooled warning `message` is, or NULL
 * for a warning of the case's own. */
static const char *warning_finding(const protocol_pack *p, const char *message)
{
    for (uint32_t i = 0; message && i < p->nduties; i++)
        if (p->duties[i].unknown_message == message)
            return p->duties[i].id;
    for (uint32_t i = 0; message && i < p->ndeadlines; i++) {
        const pr_deadline *d = &p->deadlines[i];
        if (d->applies_message == message)
            return d->id;
        for (uint32_t k = 0; k < d->nvariants; k++)
            if (d->variants[k].unknown_message == message)
                return d->id;
    }
    return NULL;
}

static void count_member(writer *w, const char *literal, size_t size, long long n)
{
    key_literal(w, literal, size);
    integer(w, n);
}
#define count(w, k, n) count_member((w), "\"" k "\": ", sizeof("\"" k "\": "), (long long)(n))

static void write_summary(writer *w, const protocol_result *r)
{
    const protocol_pack *p = r->pack;
    protocol_result_counts counts = PROTOCOL_RESULT_COUNTS_INIT;
    pr_result_counts(r, &counts);
    begin(w, '{');
    key(w, "pack");
    begin(w, '{');
    pooled_member(w, "id", p->id);
    pooled_member(w, "version", p->version);
    end(w, '}');
    key(w, "as_of");
    time_value(w, r->has_as_of, &r->as_of);
    key(w, "decisions");
    begin(w, '[');
    for (uint32_t i = 0; i < p->ndecisions; i++) {
        const pr_decision_out *d = &r->decisions[i];
        begin(w, '{');
        pooled_member(w, "id", p->decisions[i].id);
        pooled_member(w, "outcome", d->outcome);
        strings(w, r, "grounds", d->grounds);
        strings(w, r, "conditions", d->conditions);
        end(w, '}');
    }
    end(w, ']');
    key(w, "rules");
    begin(w, '{');
    key(w, "not_met");
    rule_ids(w, r, "not_met");
    key(w, "pending");
    rule_ids(w, r, "pending");
    key(w, "unknown");
    rule_ids(w, r, "unknown");
    end(w, '}');
    key(w, "duties");
    begin(w, '[');
    for (uint32_t i = 0; i < r->nduties; i++) {
        const pr_duty *duty = &p->duties[r->duties[i].duty];
        begin(w, '{');
        pooled_member(w, "id", duty->id);
        key(w, "due");
        date_value(w, r->duties[i].has_due, r->duties[i].due);
        end(w, '}');
    }
    end(w, ']');
    key(w, "deadlines");
    begin(w, '[');
    for (uint32_t i = 0; i < r->ndeadlines; i++) {
        const pr_deadline_out *o = &r->deadlines[i];
        begin(w, '{');
        pooled_member(w, "id", p->deadlines[o->deadline].id);
        name_member(w, "status", protocol_deadline_status_name(o->r.status));
        key(w, "due");
        date_value(w, o->r.has_due, o->r.due);
        end(w, '}');
    }
    end(w, ']');
    key(w, "checklists");
    begin(w, '[');
    for (uint32_t i = 0; i < r->nchecklists; i++) {
        const pr_checklist_out *o = &r->checklists[i];
        const pr_checklist *cl = &p->checklists[o->checklist];
        begin(w, '{');
        pooled_member(w, "id", cl->id);
        key(w, "score");
        score(w, o->score_tenths);
        name_member(w, "rag", pr_checklist_rag(cl, o->score_tenths));
        end(w, '}');
    }
    end(w, ']');
    key(w, "warnings");
    begin(w, '[');
    const char *last_finding = NULL, *last_path = NULL;
    for (uint32_t i = 0; i < r->nwarnings; i++) {
        const pr_warning *warning = &r->warnings[i];
        const char *finding = warning_finding(p, warning->pooled_message);
        /* A fact that leaves two parts of one finding undecided (a
         * deadline's `applies` and its variant) is named once. */
        if (finding && finding == last_finding && warning->pooled_path == last_path)
            continue;
        last_finding = finding;
        last_path = warning->pooled_path;
        begin(w, '{');
        key(w, "path");
        warning_text(w, warning->pooled_path, &r->text, warning->path);
        if (finding) {
            pooled_member(w, "finding", finding);
        } else {
            key(w, "message");
            warning_text(w, warning->pooled_message, &r->text, warning->message);
        }
        end(w, '}');
    }
    end(w, ']');
    key(w, "summary");
    begin(w, '{');
    count(w, "rules_met", counts.rules_met);
    count(w, "rules_not_met", counts.rules_not_met);
    count(w, "rules_unknown", counts.rules_unknown);
    count(w, "rules_pending", counts.rules_pending);
    count(w, "duties", counts.duties);
    count(w, "deadlines_late", counts.deadlines_late);
    count(w, "deadlines_overdue", counts.deadlines_overdue);
    end(w, '}');
    end(w, '}');
}

void pr_result_write_summary(const protocol_result *r, int pretty, pr_buf *b)
{
    writer w;
    memset(&w, 0, offsetof(writer, stage));
    w.b = b;
    w.pretty = pretty != 0;
    write_summary(&w, r);
    flush(&w);
}

void pr_result_render(const protocol_result *r, protocol_detail detail, int pretty, pr_buf *b)
{
    if (detail == PROTOCOL_DETAIL_SUMMARY)
        pr_result_write_summary(r, pretty, b);
    else
        pr_result_write(r, pretty, b);
}

protocol_status protocol_result_render_json(const protocol_result *result, protocol_detail detail,
                                            int pretty, char **json, size_t *length,
                                            protocol_error *err)
{
    if (!result || !json)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_result_render_json needs a result and an output");
    if (detail != PROTOCOL_DETAIL_FULL && detail != PROTOCOL_DETAIL_SUMMARY)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "%d is not a detail level (PROTOCOL_DETAIL_FULL or _SUMMARY)", (int)detail);
    pr_buf b = PR_BUF_INIT;
    pr_result_render(result, detail, pretty, &b);
    size_t n = 0;
    char *text = pr_buf_take(&b, &n);
    if (!text)
        return pr_nomem(err);
    *json = text;
    if (length)
        *length = n;
    return PROTOCOL_OK;
}
