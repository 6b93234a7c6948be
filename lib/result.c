/*
 * Results: the findings of one evaluation in one allocation plus a few
 * growing pools, the accessors of the structured API, and the result JSON
 * writer (docs/result-json.md), which is the only place its layout lives,
 * with the pack's pool of pre-escaped strings it writes from.
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

/* --- the string pool ----------------------------------------------------- */

typedef struct pooler {
    pr_buf literal; /* scratch for one literal */
    char *pool;     /* NULL on the sizing pass */
    size_t used;
    bool failed;
} pooler;

/* Size (first pass) or copy (second pass) one string into the pool. */
static void pool_one(pooler *pl, const char **field)
{
    if (!*field || pl->failed)
        return;
    pl->literal.length = 0;
    pr_buf_json_string(&pl->literal, *field);
    if (pl->literal.failed || pl->literal.length > UINT32_MAX) {
        pl->failed = true;
        return;
    }
    uint32_t n = (uint32_t)pl->literal.length;
    size_t text = strlen(*field) + 1;
    if (pl->pool) {
        char *at = pl->pool + pl->used;
        memcpy(at, pl->literal.data, n);
        memcpy(at + n, &n, sizeof n);
        memcpy(at + n + sizeof n, *field, text);
        *field = at + n + sizeof n;
    }
    pl->used += n + sizeof n + text;
}

/* The warning for an unknown fact that decides finding `id` of kind `what`,
 * formatted on each pass (the first points *field at the stack, the second
 * into the pool). */
static void pool_message(pooler *pl, const char **field, const char *what, const char *id,
                         const char *consequence)
{
    char message[512];
    snprintf(message, sizeof message, "%s \"%s\": this fact is unknown, so %s", what, id,
             consequence);
    *field = message;
    pool_one(pl, field);
    if (!pl->pool || pl->failed)
        *field = NULL;
}

static void pool_citation(pooler *pl, pr_citation *c)
{
    pool_one(pl, &c->document);
    pool_one(pl, &c->paragraph);
}

/* A constraint's warning, 'constraint "ID": MESSAGE (DOCUMENT PARAGRAPH)',
 * formatted on each pass as pool_message does. */
static void pool_constraint(pooler *pl, const char *source_short, pr_constraint *k)
{
    pr_buf text = PR_BUF_INIT;
    pr_buf_printf(&text, "constraint \"%s\": %s (%s %s)", k->id, k->message,
                  k->citation.document ? k->citation.document : source_short,
                  k->citation.paragraph);
    if (text.failed) {
        pl->failed = true;
        pr_buf_free(&text);
        return;
    }
    k->warning = text.data;
    pool_one(pl, &k->warning);
    if (!pl->pool || pl->failed)
        k->warning = NULL;
    pr_buf_free(&text);
}

/* Every string field that a result writes or an accessor returns. */
static void pool_all(protocol_pack *p, pooler *pl)
{
    pool_one(pl, &p->id);
    pool_one(pl, &p->version);
    pool_one(pl, &p->title);
    for (uint32_t i = 0; i < p->nfacts; i++)
        pool_one(pl, &p->facts[i].path);
    for (uint32_t i = 0; i < p->ndecisions; i++) {
        pr_decision *d = &p->decisions[i];
        pool_one(pl, &d->id);
        pool_one(pl, &d->title);
        pool_citation(pl, &d->citation);
        for (uint32_t k = 0; k < d->ngrounds; k++) {
            pool_one(pl, &d->grounds[k].id);
            pool_one(pl, &d->grounds[k].reason);
        }
        for (uint32_t k = 0; k < d->nconditions; k++)
            pool_one(pl, &d->conditions[k].id);
        for (uint32_t k = 0; k < d->ncases; k++) {
            pool_one(pl, &d->cases[k].outcome);
            pool_one(pl, &d->cases[k].reason);
        }
        pool_one(pl, &d->unknown_outcome);
        pool_one(pl, &d->unknown_reason);
    }
    for (uint32_t i = 0; i < p->nrules; i++) {
        pr_rule *r = &p->rules[i];
        pool_one(pl, &r->id);
        pool_one(pl, &r->group);
        pool_one(pl, &r->title);
        pool_citation(pl, &r->citation);
        for (int k = 0; k < 4; k++)
            pool_one(pl, &r->reasons[k]);
        for (uint32_t k = 0; k < r->nexplain; k++)
            pool_one(pl, &r->explain[k].reason);
    }
    for (uint32_t i = 0; i < p->nduties; i++) {
        pr_duty *d = &p->duties[i];
        pool_one(pl, &d->id);
        pool_one(pl, &d->title);
        pool_citation(pl, &d->citation);
        d->urgency_text = pl->pool ? d->urgency_text : d->urgency_buf;
        pool_one(pl, &d->urgency_text);
        pool_message(pl, &d->unknown_message, "duty", d->id,
                     "whether the duty applies cannot be decided");
    }
    for (uint32_t i = 0; i < p->ndeadlines; i++) {
        pr_deadline *d = &p->deadlines[i];
        pool_one(pl, &d->id);
        pool_one(pl, &d->title);
        pool_one(pl, &d->calendar_id);
        pool_message(pl, &d->applies_message, "deadline", d->id,
                     "whether the deadline applies cannot be decided and it is kept");
        for (uint32_t k = 0; k < d->nvariants; k++) {
            pr_variant *v = &d->variants[k];
            char consequence[96];
            snprintf(consequence, sizeof consequence, "the stricter variant (%s) is used",
                     pr_deadline_kind_name(v->kind));
            pool_citation(pl, &v->citation);
            pool_message(pl, &v->unknown_message, "deadline", d->id, consequence);
        }
    }
    for (uint32_t i = 0; i < p->nchecklists; i++) {
        pr_checklist *cl = &p->checklists[i];
        pool_one(pl, &cl->id);
        pool_one(pl, &cl->title);
        pool_citation(pl, &cl->citation);
        for (uint32_t g = 0; g < cl->ngroups; g++) {
            pool_one(pl, &cl->groups[g].id);
            pool_one(pl, &cl->groups[g].title);
        }
    }
    for (uint32_t i = 0; i < p->nitems; i++)
        pool_one(pl, &p->items[i].id);
    for (uint32_t i = 0; i < p->nconstraints; i++) {
        pr_constraint *k = &p->constraints[i];
        pool_one(pl, &k->id);
        pool_one(pl, &k->message);
        pool_citation(pl, &k->citation);
        pool_constraint(pl, p->source_short, k);
    }
}

bool pr_pack_pool_strings(protocol_pack *p)
{
    pooler pl = {PR_BUF_INIT, NULL, 0, false};
    pool_all(p, &pl);
    size_t size = pl.used;
    if (!pl.failed) {
        pl.pool = pr_malloc(size);
        pl.used = 0;
        pl.failed = pl.pool == NULL;
    }
    if (!pl.failed)
        pool_all(p, &pl);
    pr_buf_free(&pl.literal);
    if (pl.failed) {
        pr_free(pl.pool);
        return false;
    }
    p->pool = pl.pool;
    /* The pooled text, less the second copies, plus room for the
     * structure around each finding. */
    size_t findings =
        (size_t)p->ndecisions + p->nrules + p->nduties + p->ndeadlines + p->nchecklists + p->nitems;
    p->result_size_hint = size / 2 + findings * 160 + 1024;
    return true;
}

/* --- the JSON writer ----------------------------------------------------------- */

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

const char *pr_deadline_kind_name(protocol_deadline_kind k)
{
    return k == PROTOCOL_DEADLINE_SAME_DAY             ? "same_day"
           : k == PROTOCOL_DEADLINE_WORKING_DAYS_AFTER ? "working_days_after"
                                                       : "working_days_before";
}

/* "green", "amber" or "red" for a score, NULL for none. */
static const char *rag(const pr_checklist *cl, int tenths)
{
    if (tenths < 0)
        return NULL;
    double percent = tenths / 10.0;
    return percent >= cl->green ? "green" : percent >= cl->amber ? "amber" : "red";
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
        name_member(w, "rule", pr_deadline_kind_name(v->kind));
        key(w, "working_days");
        integer(w, v->kind == PROTOCOL_DEADLINE_SAME_DAY ? 0 : v->working_days);
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
        name_member(w, "rag", rag(cl, o->score_tenths));
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
        f.status = rag(cl, o->score_tenths);
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
