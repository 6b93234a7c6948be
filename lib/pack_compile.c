/*
 * The pack compiler: validates a pack document against docs/pack-format.md
 * in full and turns it into the immutable model of engine.h. Every refusal
 * names the JSON pointer of the offending member and its line and column.
 */
#include "builtin_packs.h"
#include "compiler.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A datetime fact named by member `name`; PR_NONE when absent and optional. */
static protocol_status get_time_fact(pr_compiler *c, const cJSON *obj, const char *name,
                                     bool required, uint32_t *out)
{
    const char *path;
    *out = PR_NONE;
    PR_TRY(pr_compile_get_string(c, obj, name, required, &path));
    if (!path)
        return PROTOCOL_OK;
    *out = pr_pack_find_fact(c->pack, path);
    if (*out == PR_NONE)
        return pr_compile_fail_member(c, name,
                                      "unknown fact \"%s\": it is not declared in \"facts\"", path);
    if (c->pack->facts[*out].type != PR_FACT_DATETIME)
        return pr_compile_fail_member(
            c, name, "\"%s\" needs a datetime fact, but \"%s\" is not one", name, path);
    return PROTOCOL_OK;
}

/* An array member compiled element by element into a new array of `size`. */
typedef protocol_status (*element_fn)(pr_compiler *c, const cJSON *json, void *array,
                                      uint32_t index);

static protocol_status compile_array(pr_compiler *c, const cJSON *arr, size_t size, element_fn fn,
                                     void **out, uint32_t *count)
{
    *out = NULL;
    *count = 0;
    if (!arr)
        return PROTOCOL_OK;
    uint32_t n = (uint32_t)cJSON_GetArraySize(arr);
    void *a = pr_calloc(n ? n : 1, size);
    if (!a)
        return pr_compiler_nomem(c);
    *out = a;
    uint32_t i = 0;
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        size_t mark = pr_compiler_push_index(c, i);
        /* Counted before it is compiled, so that whatever a failing element
         * allocated is freed with the pack. */
        *count = i + 1;
        PR_TRY(fn(c, e, a, i));
        pr_compiler_pop(c, mark);
    }
    return PROTOCOL_OK;
}

/* A member compiled with compile_array. */
static protocol_status member_array(pr_compiler *c, const cJSON *obj, const char *name,
                                    bool required, size_t size, element_fn fn, void **out,
                                    uint32_t *count)
{
    const cJSON *arr;
    *out = NULL;
    *count = 0;
    PR_TRY(pr_compile_get_array(c, obj, name, &arr));
    if (!arr && required)
        return pr_compiler_fail(c, "missing member \"%s\"", name);
    size_t mark = pr_compiler_push(c, name);
    PR_TRY(compile_array(c, arr, size, fn, out, count));
    pr_compiler_pop(c, mark);
    return PROTOCOL_OK;
}

/* --- facts ------------------------------------------------------------------ */

static bool valid_path(const char *p)
{
    if (!*p)
        return false;
    bool segment_start = true;
    for (; *p; p++) {
        if (*p == '.') {
            if (segment_start)
                return false;
            segment_start = true;
        } else if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_') {
            segment_start = false;
        } else {
            return false;
        }
    }
    return !segment_start;
}

static protocol_status fact_bound(pr_compiler *c, const cJSON *decl, const char *name, bool *has,
                                  long long *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(decl, name);
    *has = v != NULL;
    if (!v)
        return PROTOCOL_OK;
    if (!cJSON_IsNumber(v) || !pr_is_whole(v->valuedouble))
        return pr_compile_fail_member(c, name, "\"%s\" must be a whole number", name);
    *out = (long long)v->valuedouble;
    return PROTOCOL_OK;
}

static protocol_status compile_fact(pr_compiler *c, const cJSON *decl, pr_fact *f)
{
    static const char *const allowed[] = {"type", "description", "min", "max", "values", NULL};
    const char *type, *description;
    PR_TRY(pr_compile_check_members(c, decl, "a fact declaration", allowed));
    if (!valid_path(decl->string))
        return pr_compiler_fail(c,
                                "fact path \"%s\" is not segments of [a-z0-9_] joined by "
                                "'.'",
                                decl->string);
    if (strcmp(decl->string, "as_of") == 0 || strcmp(decl->string, "answers") == 0 ||
        strncmp(decl->string, "answers.", 8) == 0)
        return pr_compiler_fail(c,
                                "\"%s\" is a reserved case key, not a fact (see "
                                "docs/pack-format.md)",
                                decl->string);
    uint32_t segments = 1;
    for (const char *p = decl->string; *p; p++)
        segments += *p == '.';
    if (segments > PR_MAX_SEGMENTS)
        return pr_compiler_fail(c, "fact path \"%s\" has more than %d segments", decl->string,
                                PR_MAX_SEGMENTS);
    PR_TRY(pr_compile_intern(c, decl->string, &f->path));
    PR_TRY(pr_compile_get_string(c, decl, "type", true, &type));
    PR_TRY(pr_compile_get_string(c, decl, "description", true, &description));
    static const char *const types[] = {"bool", "integer", "enum", "datetime", "string"};
    int t = -1;
    for (int i = 0; i < 5; i++)
        if (strcmp(type, types[i]) == 0)
            t = i;
    if (t < 0)
        return pr_compile_fail_member(c, "type",
                                      "unknown fact type \"%s\" (expected bool, integer, enum, "
                                      "datetime or string)",
                                      type);
    f->type = (pr_fact_type)t;
    const cJSON *values = cJSON_GetObjectItemCaseSensitive(decl, "values");
    if (f->type != PR_FACT_INTEGER && (cJSON_GetObjectItemCaseSensitive(decl, "min") ||
                                       cJSON_GetObjectItemCaseSensitive(decl, "max")))
        return pr_compiler_fail(c, "\"min\" and \"max\" are for integer facts only");
    if (f->type != PR_FACT_ENUM && values)
        return pr_compile_fail_member(c, "values", "\"values\" is for enum facts only");
    PR_TRY(fact_bound(c, decl, "min", &f->has_min, &f->min));
    PR_TRY(fact_bound(c, decl, "max", &f->has_max, &f->max));
    if (f->has_min && f->has_max && f->min > f->max)
        return pr_compile_fail_member(c, "max", "\"max\" %lld is below \"min\" %lld", f->max,
                                      f->min);
    if (f->type != PR_FACT_ENUM)
        return PROTOCOL_OK;
    if (!values)
        return pr_compiler_fail(c, "missing member \"values\" (an enum's values)");
    size_t mark = pr_compiler_push(c, "values");
    int n = cJSON_GetArraySize(values);
    if (!cJSON_IsArray(values) || n == 0)
        return pr_compiler_fail(c, "\"values\" must be a non-empty array of strings");
    f->values = pr_calloc((size_t)n, sizeof *f->values);
    if (!f->values)
        return pr_compiler_nomem(c);
    for (const cJSON *v = values->child; v; v = v->next) {
        size_t m2 = pr_compiler_push_index(c, f->nvalues);
        if (!cJSON_IsString(v) || !v->valuestring[0])
            return pr_compiler_fail(c, "an enum value must be a non-empty string");
        for (uint32_t i = 0; i < f->nvalues; i++)
            if (strcmp(f->values[i], v->valuestring) == 0)
                return pr_compiler_fail(c, "duplicate enum value \"%s\"", v->valuestring);
        PR_TRY(pr_compile_intern(c, v->valuestring, &f->values[f->nvalues]));
        f->nvalues++;
        pr_compiler_pop(c, m2);
    }
    pr_compiler_pop(c, mark);
    return PROTOCOL_OK;
}

static int compare_facts(const void *a, const void *b)
{
    /* '.' sorts before every other path character, so this is also the
     * segment-by-segment order, which puts "a.b" right before "a.b.c". */
    return strcmp(((const pr_fact *)a)->path, ((const pr_fact *)b)->path);
}

/* Lay out the children of the facts [lo, hi) (sharing the first `offset`
 * characters) as nodes[at ...], then their subtrees after. */
static void build_nodes(protocol_pack *p, uint32_t lo, uint32_t hi, size_t offset, uint32_t parent)
{
    uint32_t first = p->nnodes, count = 0;
    /* One node per distinct next segment, in order. */
    for (uint32_t i = lo; i < hi;) {
        const char *seg = p->facts[i].path + offset;
        size_t len = strcspn(seg, ".");
        uint32_t j = i + 1;
        while (j < hi && strncmp(p->facts[j].path + offset, seg, len) == 0 &&
               (p->facts[j].path[offset + len] == '.' || p->facts[j].path[offset + len] == 0))
            j++;
        pr_node *n = &p->nodes[p->nnodes++];
        n->name = seg;
        n->name_length = (uint32_t)len;
        n->fact = seg[len] == '\0' ? i : PR_NONE;
        n->first_child = 0;
        n->nchildren = 0;
        count++;
        i = j;
    }
    p->nodes[parent].first_child = first;
    p->nodes[parent].nchildren = count;
    uint32_t k = first;
    for (uint32_t i = lo; i < hi; k++) {
        const char *seg = p->facts[i].path + offset;
        size_t len = p->nodes[k].name_length;
        uint32_t j = i + 1;
        while (j < hi && strncmp(p->facts[j].path + offset, seg, len) == 0 &&
               (p->facts[j].path[offset + len] == '.' || p->facts[j].path[offset + len] == 0))
            j++;
        if (p->nodes[k].fact == PR_NONE)
            build_nodes(p, i, j, offset + len + 1, k);
        i = j;
    }
}

static protocol_status compile_facts(pr_compiler *c, const cJSON *facts)
{
    protocol_pack *p = c->pack;
    size_t mark = pr_compiler_push(c, "facts");
    if (!cJSON_IsObject(facts))
        return pr_compiler_fail(c, "\"facts\" must be an object of fact declarations");
    uint32_t n = (uint32_t)cJSON_GetArraySize(facts);
    p->facts = pr_calloc(n ? n : 1, sizeof *p->facts);
    if (!p->facts)
        return pr_compiler_nomem(c);
    size_t segments = 1;
    for (const cJSON *d = facts->child; d; d = d->next) {
        size_t m2 = pr_compiler_push(c, d->string);
        PR_TRY(compile_fact(c, d, &p->facts[p->nfacts++]));
        pr_compiler_pop(c, m2);
        for (const char *s = d->string; *s; s++)
            segments += *s == '.';
        segments++;
    }
    qsort(p->facts, p->nfacts, sizeof *p->facts, compare_facts);
    for (uint32_t i = 0; i + 1 < p->nfacts; i++) {
        const char *a = p->facts[i].path, *b = p->facts[i + 1].path;
        size_t len = strlen(a);
        if (strncmp(a, b, len) == 0 && b[len] == '.') {
            pr_compiler_push(c, b);
            return pr_compiler_fail(c,
                                    "fact \"%s\" lies under fact \"%s\": no fact path may "
                                    "be a prefix of another",
                                    b, a);
        }
    }
    /* The schema tree: at most one node per segment, plus the root. */
    p->nodes = pr_calloc(segments, sizeof *p->nodes);
    if (!p->nodes)
        return pr_compiler_nomem(c);
    p->nnodes = 1;
    p->nodes[0].fact = PR_NONE;
    if (p->nfacts)
        build_nodes(p, 0, p->nfacts, 0, 0);
    pr_compiler_pop(c, mark);
    return PROTOCOL_OK;
}

/* --- decisions -------------------------------------------------------------- */

static protocol_status compile_ground(pr_compiler *c, const cJSON *j, void *array, uint32_t i)
{
    static const char *const allowed[] = {"id", "when", "reason", "citation", "title", NULL};
    pr_ground *g = (pr_ground *)array + i;
    PR_TRY(pr_compile_check_members(c, j, "a ground", allowed));
    PR_TRY(pr_compile_get_string(c, j, "id", true, &g->id));
    PR_TRY(PR_CHECK_UNIQUE(c, "ground", (pr_ground *)array, i));
    PR_TRY(pr_compile_get_cond(c, j, "when", PR_NONE, &g->when));
    PR_TRY(pr_compile_get_string(c, j, "reason", true, &g->reason));
    const char *title;
    PR_TRY(pr_compile_get_string(c, j, "title", false, &title));
    return pr_compile_get_citation(c, j, true, &g->citation);
}

static protocol_status compile_dcondition(pr_compiler *c, const cJSON *j, void *array, uint32_t i)
{
    static const char *const allowed[] = {"id",   "title",    "outcomes", "when",
                                          "text", "citation", NULL};
    pr_dcondition *d = (pr_dcondition *)array + i;
    const char *title;
    PR_TRY(pr_compile_check_members(c, j, "a decision condition", allowed));
    PR_TRY(pr_compile_get_string(c, j, "id", true, &d->id));
    PR_TRY(pr_compile_get_string(c, j, "title", false, &title));
    PR_TRY(PR_CHECK_UNIQUE(c, "condition", (pr_dcondition *)array, i));
    PR_TRY(pr_compile_get_cond(c, j, "when", c->cond_true, &d->when));
    PR_TRY(pr_compile_get_string(c, j, "text", true, &d->text));
    PR_TRY(pr_compile_get_citation(c, j, true, &d->citation));
    const cJSON *outcomes;
    PR_TRY(pr_compile_get_array(c, j, "outcomes", &outcomes));
    d->all_outcomes = outcomes == NULL;
    if (!outcomes)
        return PROTOCOL_OK;
    d->outcomes = pr_calloc((size_t)cJSON_GetArraySize(outcomes) + 1, sizeof *d->outcomes);
    if (!d->outcomes)
        return pr_compiler_nomem(c);
    size_t mark = pr_compiler_push(c, "outcomes");
    for (const cJSON *o = outcomes->child; o; o = o->next) {
        size_t m2 = pr_compiler_push_index(c, d->noutcomes);
        if (!cJSON_IsString(o) || !o->valuestring[0])
            return pr_compiler_fail(c, "an outcome must be a non-empty string");
        PR_TRY(pr_compile_intern(c, o->valuestring, &d->outcomes[d->noutcomes]));
        d->noutcomes++;
        pr_compiler_pop(c, m2);
    }
    pr_compiler_pop(c, mark);
    return PROTOCOL_OK;
}

static protocol_status compile_dcase(pr_compiler *c, const cJSON *j, void *array, uint32_t i)
{
    static const char *const allowed[] = {"when", "outcome", "reason", NULL};
    pr_dcase *k = (pr_dcase *)array + i;
    PR_TRY(pr_compile_check_members(c, j, "a decision case", allowed));
    PR_TRY(pr_compile_get_cond(c, j, "when", PR_NONE, &k->when));
    PR_TRY(pr_compile_get_string(c, j, "outcome", true, &k->outcome));
    return pr_compile_get_string(c, j, "reason", false, &k->reason);
}

/* A condition may only name an outcome the decision can give. */
static protocol_status check_outcomes(pr_compiler *c, const pr_decision *d)
{
    for (uint32_t i = 0; i < d->nconditions; i++) {
        const pr_dcondition *dc = &d->conditions[i];
        for (uint32_t o = 0; o < dc->noutcomes; o++) {
            bool found = strcmp(dc->outcomes[o], d->unknown_outcome) == 0;
            for (uint32_t k = 0; k < d->ncases && !found; k++)
                found = strcmp(d->cases[k].outcome, dc->outcomes[o]) == 0;
            if (!found) {
                pr_compiler_push(c, "conditions");
                pr_compiler_push_index(c, i);
                pr_compiler_push(c, "outcomes");
                pr_compiler_push_index(c, o);
                return pr_compiler_fail(c, "outcome \"%s\" is not one this decision gives",
                                        dc->outcomes[o]);
            }
        }
    }
    return PROTOCOL_OK;
}

static protocol_status compile_decision(pr_compiler *c, const cJSON *j, void *array, uint32_t i)
{
    static const char *const allowed[] = {
        "id",    "title",           "citation",       "grounds", "conditions",
        "cases", "unknown_outcome", "unknown_reason", NULL};
    pr_decision *d = (pr_decision *)array + i;
    void *a;
    PR_TRY(pr_compile_check_members(c, j, "a decision", allowed));
    PR_TRY(pr_compile_get_string(c, j, "id", true, &d->id));
    PR_TRY(PR_CHECK_UNIQUE(c, "decision", (pr_decision *)array, i));
    PR_TRY(pr_compile_get_string(c, j, "title", true, &d->title));
    PR_TRY(pr_compile_get_citation(c, j, true, &d->citation));
    {
        protocol_status s = member_array(c, j, "grounds", false, sizeof(pr_ground), compile_ground,
                                         &a, &d->ngrounds);
        d->grounds = a;
        PR_TRY(s);
    }
    {
        protocol_status s = member_array(c, j, "conditions", false, sizeof(pr_dcondition),
                                         compile_dcondition, &a, &d->nconditions);
        d->conditions = a;
        PR_TRY(s);
    }
    {
        protocol_status s =
            member_array(c, j, "cases", true, sizeof(pr_dcase), compile_dcase, &a, &d->ncases);
        d->cases = a;
        PR_TRY(s);
    }
    PR_TRY(pr_compile_get_string(c, j, "unknown_outcome", false, &d->unknown_outcome));
    if (!d->unknown_outcome)
        PR_TRY(pr_compile_intern(c, "undetermined", &d->unknown_outcome));
    PR_TRY(pr_compile_get_string(c, j, "unknown_reason", false, &d->unknown_reason));
    return check_outcomes(c, d);
}

/* --- rules ------------------------------------------------------------------- */

static protocol_status compile_explain(pr_compiler *c, const cJSON *j, void *array, uint32_t i)
{
    static const char *const allowed[] = {"when", "reason", "status", NULL};
    pr_explain *e = (pr_explain *)array + i;
    PR_TRY(pr_compile_check_members(c, j, "an explain entry", allowed));
    PR_TRY(pr_compile_get_cond(c, j, "when", PR_NONE, &e->when));
    PR_TRY(pr_compile_get_string(c, j, "reason", true, &e->reason));
    const cJSON *statuses;
    PR_TRY(pr_compile_get_array(c, j, "status", &statuses));
    if (!statuses) {
        e->status_mask = (1u << PR_RULE_NSTATUS) - 1;
        return PROTOCOL_OK;
    }
    size_t mark = pr_compiler_push(c, "status");
    uint32_t k = 0;
    for (const cJSON *s = statuses->child; s; s = s->next, k++) {
        size_t m2 = pr_compiler_push_index(c, k);
        int found = -1;
        for (int r = 0; pr_rule_status_names[r] && cJSON_IsString(s); r++)
            if (strcmp(pr_rule_status_names[r], s->valuestring) == 0)
                found = r;
        if (found < 0)
            return pr_compiler_fail(c, "a status is one of \"met\", \"not_met\", \"unknown\", "
                                       "\"not_applicable\", \"pending\"");
        e->status_mask |= 1u << found;
        pr_compiler_pop(c, m2);
    }
    pr_compiler_pop(c, mark);
    return PROTOCOL_OK;
}

static protocol_status compile_rule(pr_compiler *c, const cJSON *j, void *array, uint32_t i)
{
    static const char *const allowed[] = {"id",  "group",   "title",   "citation", "applies",
                                          "met", "reasons", "explain", "deadline", NULL};
    pr_rule *r = (pr_rule *)array + i;
    PR_TRY(pr_compile_check_members(c, j, "a rule", allowed));
    PR_TRY(pr_compile_get_string(c, j, "id", true, &r->id));
    PR_TRY(PR_CHECK_UNIQUE(c, "rule", (pr_rule *)array, i));
    PR_TRY(pr_compile_get_string(c, j, "group", false, &r->group));
    PR_TRY(pr_compile_get_string(c, j, "title", true, &r->title));
    PR_TRY(pr_compile_get_citation(c, j, true, &r->citation));
    PR_TRY(pr_compile_get_cond(c, j, "applies", c->cond_true, &r->applies));
    PR_TRY(pr_compile_get_cond(c, j, "met", PR_NONE, &r->met));
    const char *deadline;
    PR_TRY(pr_compile_get_string(c, j, "deadline", false, &deadline));
    r->deadline = deadline ? pr_compiler_find_deadline(c, deadline) : PR_NONE;
    if (deadline && r->deadline == PR_NONE)
        return pr_compile_fail_member(c, "deadline",
                                      "unknown deadline \"%s\": the pack has no deadline with "
                                      "that id",
                                      deadline);
    const cJSON *reasons = cJSON_GetObjectItemCaseSensitive(j, "reasons");
    if (reasons) {
        size_t mark = pr_compiler_push(c, "reasons");
        PR_TRY(pr_compile_check_members(c, reasons, "\"reasons\"", pr_rule_status_names));
        for (int s = 0; s < PR_RULE_NSTATUS; s++)
            PR_TRY(
                pr_compile_get_string(c, reasons, pr_rule_status_names[s], false, &r->reasons[s]));
        pr_compiler_pop(c, mark);
    }
    void *a;
    {
        protocol_status s = member_array(c, j, "explain", false, sizeof(pr_explain),
                                         compile_explain, &a, &r->nexplain);
        r->explain = a;
        PR_TRY(s);
    }
    return PROTOCOL_OK;
}

/* --- duties and deadlines ----------------------------------------------------- */

static protocol_status working_days(pr_compiler *c, const cJSON *v, int *out)
{
    if (!cJSON_IsNumber(v) || !pr_is_whole(v->valuedouble) || v->valuedouble < 0 ||
        v->valuedouble > 1000)
        return pr_compiler_fail(c, "working days must be a whole number from 0 to 1000");
    *out = (int)v->valuedouble;
    return PROTOCOL_OK;
}

/* The pooled warning for an unknown fact that decides finding `id` of kind
 * `what`. */
static protocol_status unknown_message(pr_compiler *c, const char *what, const char *id,
                                       const char *consequence, const char **out)
{
    char message[512];
    snprintf(message, sizeof message, "%s \"%s\": this fact is unknown, so %s", what, id,
             consequence);
    return pr_compile_intern(c, message, out);
}

static protocol_status compile_duty(pr_compiler *c, const cJSON *j, void *array, uint32_t i)
{
    static const char *const allowed[] = {"id",      "title", "citation", "when",
                                          "urgency", "from",  "details",  NULL};
    pr_duty *d = (pr_duty *)array + i;
    PR_TRY(pr_compile_check_members(c, j, "a duty", allowed));
    PR_TRY(pr_compile_get_string(c, j, "id", true, &d->id));
    PR_TRY(PR_CHECK_UNIQUE(c, "duty", (pr_duty *)array, i));
    PR_TRY(pr_compile_get_string(c, j, "title", true, &d->title));
    PR_TRY(pr_compile_get_citation(c, j, true, &d->citation));
    PR_TRY(pr_compile_get_cond(c, j, "when", PR_NONE, &d->when));
    PR_TRY(get_time_fact(c, j, "from", false, &d->from));
    const cJSON *details;
    PR_TRY(pr_compile_get_array(c, j, "details", &details));
    uint32_t k = 0;
    for (const cJSON *e = details ? details->child : NULL; e; e = e->next, k++)
        if (!cJSON_IsString(e)) {
            pr_compiler_push(c, "details");
            pr_compiler_push_index(c, k);
            return pr_compiler_fail(c, "each of \"details\" must be a string");
        }
    const cJSON *u = cJSON_GetObjectItemCaseSensitive(j, "urgency");
    if (!u)
        return pr_compiler_fail(c, "missing member \"urgency\"");
    size_t mark = pr_compiler_push(c, "urgency");
    char urgency[40];
    if (cJSON_IsString(u) && strcmp(u->valuestring, "immediate") == 0) {
        d->urgency = PR_URGENCY_IMMEDIATE;
        snprintf(urgency, sizeof urgency, "immediate");
    } else if (cJSON_IsString(u) && strcmp(u->valuestring, "same_day") == 0) {
        d->urgency = PR_URGENCY_SAME_DAY;
        snprintf(urgency, sizeof urgency, "same_day");
    } else if (cJSON_IsString(u) && strcmp(u->valuestring, "ongoing") == 0) {
        d->urgency = PR_URGENCY_ONGOING;
        snprintf(urgency, sizeof urgency, "ongoing");
    } else if (cJSON_IsObject(u) && u->child && !u->child->next &&
               strcmp(u->child->string, "working_days") == 0) {
        pr_compiler_push(c, "working_days");
        PR_TRY(working_days(c, u->child, &d->working_days));
        d->urgency = PR_URGENCY_WORKING_DAYS;
        snprintf(urgency, sizeof urgency, "within_%d_working_days", d->working_days);
    } else {
        return pr_compiler_fail(c, "bad urgency: expected \"immediate\", \"same_day\", "
                                   "\"ongoing\" or {\"working_days\": N}");
    }
    pr_compiler_pop(c, mark);
    PR_TRY(pr_compile_intern(c, urgency, &d->urgency_text));
    return unknown_message(c, "duty", d->id, "whether the duty applies cannot be decided",
                           &d->unknown_message);
}

const char *const pr_unit_names[7] = {"same_day", "hours", "working_days", "calendar_days", "weeks",
                                      "months",   NULL};
const char *const pr_roll_names[5] = {"none", "following", "preceding", "modified_following", NULL};

/* The index of `text` in the NULL-terminated `names`, or -1. */
static int name_index(const char *const *names, const char *text)
{
    for (int k = 0; names[k]; k++)
        if (strcmp(names[k], text) == 0)
            return k;
    return -1;
}

/* A whole-number member from `min` to 1000 at member `name`. */
static protocol_status whole_member(pr_compiler *c, const cJSON *v, const char *name, int min,
                                    int *out)
{
    if (!cJSON_IsNumber(v) || !pr_is_whole(v->valuedouble) || v->valuedouble < min ||
        v->valuedouble > 1000)
        return pr_compile_fail_member(c, name, "\"%s\" must be a whole number from %d to 1000",
                                      name, min);
    *out = (int)v->valuedouble;
    return PROTOCOL_OK;
}

/* The old spelling: "rule" same_day | working_days_after | working_days_before. */
static protocol_status compile_rule_spelling(pr_compiler *c, const cJSON *j, pr_variant *v)
{
    const char *rule;
    PR_TRY(pr_compile_get_string(c, j, "rule", true, &rule));
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(j, "working_days");
    static const char *const unit_members[] = {"amount", "before", "roll", NULL};
    for (const char *const *m = unit_members; *m; m++)
        if (cJSON_GetObjectItemCaseSensitive(j, *m))
            return pr_compile_fail_member(c, *m, "\"%s\" goes with \"unit\", not with \"rule\"",
                                          *m);
    if (strcmp(rule, "same_day") == 0) {
        v->kind = PROTOCOL_DEADLINE_SAME_DAY;
        v->unit = PR_UNIT_SAME_DAY;
        if (n)
            return pr_compile_fail_member(c, "working_days",
                                          "bad deadline rule: a same_day rule takes "
                                          "no \"working_days\"");
        return PROTOCOL_OK;
    }
    if (strcmp(rule, "working_days_after") == 0)
        v->kind = PROTOCOL_DEADLINE_WORKING_DAYS_AFTER;
    else if (strcmp(rule, "working_days_before") == 0)
        v->kind = PROTOCOL_DEADLINE_WORKING_DAYS_BEFORE;
    else
        return pr_compile_fail_member(c, "rule",
                                      "bad deadline rule \"%s\": expected same_day, "
                                      "working_days_after or working_days_before",
                                      rule);
    if (!n)
        return pr_compiler_fail(c, "bad deadline rule: %s needs \"working_days\"", rule);
    size_t mark = pr_compiler_push(c, "working_days");
    PR_TRY(working_days(c, n, &v->working_days));
    pr_compiler_pop(c, mark);
    v->unit = PR_UNIT_WORKING_DAYS;
    v->amount = v->working_days;
    v->before = v->kind == PROTOCOL_DEADLINE_WORKING_DAYS_BEFORE;
    return PROTOCOL_OK;
}

/* The new spelling: "unit", "amount", "before", "roll". */
static protocol_status compile_unit_spelling(pr_compiler *c, const cJSON *j, pr_variant *v)
{
    const char *unit;
    PR_TRY(pr_compile_get_string(c, j, "unit", true, &unit));
    if (cJSON_GetObjectItemCaseSensitive(j, "working_days"))
        return pr_compile_fail_member(c, "working_days",
                                      "\"working_days\" goes with \"rule\"; with \"unit\" "
                                      "write \"amount\"");
    int u = name_index(pr_unit_names, unit);
    if (u < 0)
        return pr_compile_fail_member(c, "unit",
                                      "bad deadline unit \"%s\": expected same_day, hours, "
                                      "working_days, calendar_days, weeks or months",
                                      unit);
    v->spelled_by_unit = true;
    v->unit = (pr_unit)u;
    const cJSON *amount = cJSON_GetObjectItemCaseSensitive(j, "amount");
    if (v->unit == PR_UNIT_SAME_DAY) {
        if (amount)
            return pr_compile_fail_member(c, "amount", "a same_day deadline takes no \"amount\"");
    } else if (!amount) {
        return pr_compiler_fail(c, "a deadline in %s needs \"amount\"", unit);
    } else {
        PR_TRY(whole_member(c, amount, "amount", 0, &v->amount));
    }
    const cJSON *before = cJSON_GetObjectItemCaseSensitive(j, "before");
    if (before && !cJSON_IsBool(before))
        return pr_compile_fail_member(c, "before", "\"before\" must be true or false");
    v->before = cJSON_IsTrue(before);
    if (v->before && v->unit == PR_UNIT_SAME_DAY)
        return pr_compile_fail_member(c, "before",
                                      "a same_day deadline cannot be before its event; "
                                      "use an amount of another unit");
    const char *roll;
    PR_TRY(pr_compile_get_string(c, j, "roll", false, &roll));
    if (roll) {
        int r = name_index(pr_roll_names, roll);
        if (r < 0)
            return pr_compile_fail_member(c, "roll",
                                          "bad roll \"%s\": expected none, following, "
                                          "preceding or modified_following",
                                          roll);
        if (v->unit != PR_UNIT_CALENDAR_DAYS && v->unit != PR_UNIT_WEEKS &&
            v->unit != PR_UNIT_MONTHS)
            return pr_compile_fail_member(c, "roll",
                                          "\"roll\" applies only to calendar_days, weeks and "
                                          "months (a %s due date is already what the unit says)",
                                          unit);
        v->has_roll = true;
        v->roll = (pr_roll)r;
    }
    /* The legacy kind results name it by, where there is one. */
    v->kind = v->unit == PR_UNIT_SAME_DAY ? PROTOCOL_DEADLINE_SAME_DAY
              : v->before                 ? PROTOCOL_DEADLINE_WORKING_DAYS_BEFORE
                                          : PROTOCOL_DEADLINE_WORKING_DAYS_AFTER;
    v->working_days = v->unit == PR_UNIT_WORKING_DAYS ? v->amount : 0;
    return PROTOCOL_OK;
}

static protocol_status compile_variant(pr_compiler *c, const cJSON *j, void *array, uint32_t i)
{
    static const char *const allowed[] = {
        "when", "rule",  "working_days", "unit",     "amount", "before",
        "roll", "every", "every_unit",   "citation", NULL};
    pr_variant *v = (pr_variant *)array + i;
    PR_TRY(pr_compile_check_members(c, j, "a deadline variant", allowed));
    PR_TRY(pr_compile_get_cond(c, j, "when", c->cond_true, &v->when));
    PR_TRY(pr_compile_get_citation(c, j, false, &v->citation));
    bool has_rule = cJSON_GetObjectItemCaseSensitive(j, "rule") != NULL;
    bool has_unit = cJSON_GetObjectItemCaseSensitive(j, "unit") != NULL;
    if (has_rule && has_unit)
        return pr_compile_fail_member(c, "unit",
                                      "a variant has either \"rule\" (the old spelling) or "
                                      "\"unit\", not both");
    if (!has_rule && !has_unit)
        return pr_compiler_fail(c, "missing member \"unit\" (or \"rule\")");
    PR_TRY(has_unit ? compile_unit_spelling(c, j, v) : compile_rule_spelling(c, j, v));
    const cJSON *every = cJSON_GetObjectItemCaseSensitive(j, "every");
    const char *every_unit;
    PR_TRY(pr_compile_get_string(c, j, "every_unit", false, &every_unit));
    if (every_unit && !every)
        return pr_compile_fail_member(c, "every_unit", "\"every_unit\" needs \"every\"");
    if (!every)
        return PROTOCOL_OK;
    PR_TRY(whole_member(c, every, "every", 1, &v->every));
    if (v->before)
        return pr_compile_fail_member(c, "every",
                                      "a deadline before an event does not recur; give each "
                                      "event its own start");
    v->every_unit = v->unit;
    if (every_unit) {
        int u = name_index(pr_unit_names, every_unit);
        if (u < 0 || u == PR_UNIT_SAME_DAY)
            return pr_compile_fail_member(c, "every_unit",
                                          "bad \"every_unit\" \"%s\": expected hours, "
                                          "working_days, calendar_days, weeks or months",
                                          every_unit);
        v->every_unit = (pr_unit)u;
    } else if (v->unit == PR_UNIT_SAME_DAY) {
        return pr_compiler_fail(c, "a recurring same_day deadline needs \"every_unit\"");
    }
    return PROTOCOL_OK;
}

static protocol_status compile_pause(pr_compiler *c, const cJSON *j, void *array, uint32_t i)
{
    static const char *const allowed[] = {"from", "to", NULL};
    pr_pause *p = (pr_pause *)array + i;
    PR_TRY(pr_compile_check_members(c, j, "a pause", allowed));
    PR_TRY(get_time_fact(c, j, "from", true, &p->from));
    PR_TRY(get_time_fact(c, j, "to", true, &p->to));
    return PROTOCOL_OK;
}

/* The calendar with built-in id `id`, made once per pack. */
static protocol_status use_calendar(pr_compiler *c, const char *id, const protocol_calendar **out)
{
    protocol_pack *p = c->pack;
    for (uint32_t i = 0; i < p->ncalendars; i++)
        if (strcmp(protocol_calendar_id(p->calendars[i]), id) == 0) {
            *out = p->calendars[i];
            return PROTOCOL_OK;
        }
    protocol_calendar **grown = pr_realloc(p->calendars, (p->ncalendars + 1) * sizeof *grown);
    if (!grown)
        return pr_compiler_nomem(c);
    p->calendars = grown;
    protocol_error e;
    protocol_status s = protocol_calendar_new(id, &grown[p->ncalendars], &e);
    if (s == PROTOCOL_E_NOT_FOUND)
        return pr_compiler_fail(c,
                                "unknown calendar \"%s\" (built in: england-and-wales, "
                                "scotland, northern-ireland)",
                                id);
    if (s != PROTOCOL_OK) {
        if (c->err)
            *c->err = e;
        return s;
    }
    *out = grown[p->ncalendars++];
    return PROTOCOL_OK;
}

/* "start": a datetime fact, or {"deadline": ID} (anchored on that deadline). */
static protocol_status compile_start(pr_compiler *c, const cJSON *j, pr_deadline *d)
{
    const cJSON *start = cJSON_GetObjectItemCaseSensitive(j, "start");
    d->anchor = PR_NONE;
    if (!cJSON_IsObject(start))
        return get_time_fact(c, j, "start", true, &d->start);
    static const char *const allowed[] = {"deadline", NULL};
    d->start = PR_NONE;
    size_t mark = pr_compiler_push(c, "start");
    PR_TRY(pr_compile_check_members(c, start, "a deadline's start", allowed));
    const char *id;
    PR_TRY(pr_compile_get_string(c, start, "deadline", true, &id));
    d->anchor = pr_compiler_find_deadline(c, id);
    if (d->anchor == PR_NONE)
        return pr_compile_fail_member(c, "deadline",
                                      "unknown deadline \"%s\": the pack has no deadline with "
                                      "that id",
                                      id);
    pr_compiler_pop(c, mark);
    return PROTOCOL_OK;
}

static protocol_status compile_deadline(pr_compiler *c, const cJSON *j, void *array, uint32_t i)
{
    static const char *const allowed[] = {"id",       "title",   "citation", "start",  "done",
                                          "calendar", "applies", "variants", "pauses", NULL};
    pr_deadline *d = (pr_deadline *)array + i;
    PR_TRY(pr_compile_check_members(c, j, "a deadline", allowed));
    PR_TRY(pr_compile_get_string(c, j, "id", true, &d->id));
    PR_TRY(PR_CHECK_UNIQUE(c, "deadline", (pr_deadline *)array, i));
    PR_TRY(pr_compile_get_string(c, j, "title", true, &d->title));
    PR_TRY(pr_compile_get_citation(c, j, true, &d->citation));
    PR_TRY(compile_start(c, j, d));
    PR_TRY(get_time_fact(c, j, "done", false, &d->done));
    PR_TRY(pr_compile_get_cond(c, j, "applies", c->cond_true, &d->applies));
    PR_TRY(pr_compile_get_string(c, j, "calendar", false, &d->calendar_id));
    if (d->calendar_id) {
        size_t mark = pr_compiler_push(c, "calendar");
        PR_TRY(use_calendar(c, d->calendar_id, &d->calendar));
        pr_compiler_pop(c, mark);
    } else {
        d->calendar = c->pack->calendar;
    }
    PR_TRY(pr_compile_intern(c, protocol_calendar_id(d->calendar), &d->calendar_id));
    PR_TRY(unknown_message(c, "deadline", d->id,
                           "whether the deadline applies cannot be decided and it is kept",
                           &d->applies_message));
    void *a;
    {
        protocol_status s = member_array(c, j, "variants", true, sizeof(pr_variant),
                                         compile_variant, &a, &d->nvariants);
        d->variants = a;
        PR_TRY(s);
    }
    if (d->nvariants == 0)
        return pr_compile_fail_member(c, "variants", "a deadline needs at least one variant");
    for (uint32_t k = 0; k < d->nvariants; k++) {
        pr_variant *v = &d->variants[k];
        if (!v->citation.paragraph)
            v->citation = d->citation;
        char consequence[96];
        snprintf(consequence, sizeof consequence, "the stricter variant (%s) is used",
                 pr_variant_rule_name(v));
        PR_TRY(unknown_message(c, "deadline", d->id, consequence, &v->unknown_message));
    }
    {
        protocol_status s =
            member_array(c, j, "pauses", false, sizeof(pr_pause), compile_pause, &a, &d->npauses);
        d->pauses = a;
        PR_TRY(s);
    }
    for (uint32_t k = 0; k < d->nvariants && d->npauses; k++)
        if (d->variants[k].unit == PR_UNIT_SAME_DAY || d->variants[k].before)
            return pr_compile_fail_member(c, "pauses",
                                          "pauses stop a clock that runs after a start; variant "
                                          "%u is %s, which no pause can extend",
                                          k, pr_variant_rule_name(&d->variants[k]));
    return PROTOCOL_OK;
}

/* Mark in `reads` every deadline condition `node` can reach. */
static void conds_read(const protocol_pack *p, uint32_t node, uint8_t *seen, uint8_t *reads)
{
    if (seen[node])
        return;
    seen[node] = 1;
    const pr_cond *n = &p->conds[node];
    switch ((pr_cond_kind)n->kind) {
    case PR_C_NOT:
        conds_read(p, n->a, seen, reads);
        break;
    case PR_C_ALL:
    case PR_C_ANY:
        for (uint32_t k = 0; k < n->n; k++)
            conds_read(p, p->kids[n->a + k], seen, reads);
        break;
    case PR_C_DEADLINE:
        reads[n->a] = 1;
        break;
    default:
        break;
    }
}

/* Order the deadlines so that each comes after those it starts from or whose
 * status its `applies` or variants read; a cycle is an error naming it. */
static protocol_status order_deadlines(pr_compiler *c)
{
    protocol_pack *p = c->pack;
    uint32_t n = p->ndeadlines;
    if (n == 0)
        return PROTOCOL_OK;
    uint8_t *deps = pr_calloc((size_t)n * n, 1); /* deps[i*n+k]: i reads k */
    uint8_t *seen = pr_calloc(p->nconds ? p->nconds : 1, 1);
    uint8_t *state = pr_calloc(n, 1); /* 0 new, 1 on the path, 2 placed */
    uint32_t *stack = pr_calloc((size_t)n * 2, sizeof *stack);
    p->deadline_order = pr_calloc(n, sizeof *p->deadline_order);
    protocol_status s = PROTOCOL_OK;
    if (!deps || !seen || !state || !stack || !p->deadline_order)
        s = pr_compiler_nomem(c);
    for (uint32_t i = 0; i < n && s == PROTOCOL_OK; i++) {
        const pr_deadline *d = &p->deadlines[i];
        memset(seen, 0, p->nconds ? p->nconds : 1);
        conds_read(p, d->applies, seen, deps + (size_t)i * n);
        for (uint32_t k = 0; k < d->nvariants; k++)
            conds_read(p, d->variants[k].when, seen, deps + (size_t)i * n);
        if (d->anchor != PR_NONE)
            deps[(size_t)i * n + d->anchor] = 1;
    }
    /* Depth-first, without recursion: stack holds (deadline, next dep). */
    uint32_t placed = 0;
    for (uint32_t root = 0; root < n && s == PROTOCOL_OK; root++) {
        if (state[root])
            continue;
        uint32_t top = 0;
        stack[0] = root;
        stack[1] = 0;
        state[root] = 1;
        while (s == PROTOCOL_OK) {
            uint32_t i = stack[2 * top], k = stack[2 * top + 1];
            while (k < n && !deps[(size_t)i * n + k])
                k++;
            if (k == n) {
                state[i] = 2;
                p->deadline_order[placed++] = i;
                if (top == 0)
                    break;
                top--;
                continue;
            }
            stack[2 * top + 1] = k + 1;
            if (state[k] == 2)
                continue;
            if (state[k] == 1) {
                pr_compiler_push(c, "deadlines");
                pr_compiler_push_index(c, i);
                if (p->deadlines[i].anchor == k)
                    pr_compiler_push(c, "start");
                s = pr_compiler_fail(c,
                                     "deadline cycle: \"%s\" depends on \"%s\", which depends "
                                     "(directly or through others) on \"%s\"",
                                     p->deadlines[i].id, p->deadlines[k].id, p->deadlines[i].id);
                break;
            }
            state[k] = 1;
            top++;
            stack[2 * top] = k;
            stack[2 * top + 1] = 0;
        }
    }
    pr_free(deps);
    pr_free(seen);
    pr_free(state);
    pr_free(stack);
    return s;
}

/* --- the pack ----------------------------------------------------------------- */

static bool valid_pack_id(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return false;
    return true;
}

/* An effective date member: "YYYY-MM-DD", as days since 1970-01-01. */
static protocol_status effective_date(pr_compiler *c, const cJSON *root, const char *name,
                                      const char **text, int32_t *day)
{
    PR_TRY(pr_compile_get_string(c, root, name, false, text));
    if (!*text)
        return PROTOCOL_OK;
    protocol_date d;
    if (protocol_date_parse(*text, &d, NULL) != PROTOCOL_OK)
        return pr_compile_fail_member(c, name, "\"%s\" must be a date \"YYYY-MM-DD\" that exists",
                                      name);
    *day = pr_days_from_civil(d.year, d.month, d.day);
    return PROTOCOL_OK;
}

/* effective_from, effective_to and supersedes: dates that exist, in order,
 * and a pack id other than the pack's own. Whether `supersedes` names a
 * known pack is checked when packs are resolved together (pack_set.c). */
static protocol_status compile_effective(pr_compiler *c, const cJSON *root)
{
    protocol_pack *p = c->pack;
    PR_TRY(effective_date(c, root, "effective_from", &p->effective_from, &p->from_day));
    PR_TRY(effective_date(c, root, "effective_to", &p->effective_to, &p->to_day));
    if (p->effective_to && !p->effective_from)
        return pr_compile_fail_member(c, "effective_to",
                                      "\"effective_to\" needs an \"effective_from\"");
    if (p->effective_to && p->to_day < p->from_day)
        return pr_compile_fail_member(c, "effective_to",
                                      "\"effective_to\" (%s) is before \"effective_from\" (%s)",
                                      p->effective_to, p->effective_from);
    PR_TRY(pr_compile_get_string(c, root, "supersedes", false, &p->supersedes));
    if (p->supersedes && !valid_pack_id(p->supersedes))
        return pr_compile_fail_member(c, "supersedes",
                                      "\"supersedes\" names a pack id: lower-case letters, "
                                      "digits and '-'");
    if (p->supersedes && strcmp(p->supersedes, p->id) == 0)
        return pr_compile_fail_member(c, "supersedes", "a pack cannot supersede itself");
    if (p->supersedes && !p->effective_from)
        return pr_compile_fail_member(c, "supersedes",
                                      "\"supersedes\" needs an \"effective_from\": the date "
                                      "the new version takes over");
    /* The family: the id without a trailing "-" and digits. */
    char family[256];
    size_t n = strlen(p->id), k = n;
    while (k > 0 && p->id[k - 1] >= '0' && p->id[k - 1] <= '9')
        k--;
    if (k > 1 && k < n && p->id[k - 1] == '-')
        n = k - 1;
    if (n >= sizeof family)
        n = sizeof family - 1;
    memcpy(family, p->id, n);
    family[n] = '\0';
    return pr_compile_intern(c, family, &p->family);
}

static protocol_status compile_header(pr_compiler *c, const cJSON *root)
{
    static const char *const allowed[] = {
        "format",          "id",         "version",     "title",       "source", "calendar",
        "deadline_cutoff", "facts",      "definitions", "decisions",   "rules",  "duties",
        "deadlines",       "checklists", "constraints", "consistency", "tests",  "effective_from",
        "effective_to",    "supersedes", NULL};
    static const char *const source_allowed[] = {"document", "short", "date", NULL};
    protocol_pack *p = c->pack;
    PR_TRY(pr_compile_check_members(c, root, "a pack", allowed));
    c->deadlines_json = cJSON_GetObjectItemCaseSensitive(root, "deadlines");
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!format)
        return pr_compiler_fail(c, "missing member \"format\" (always 1)");
    if (!cJSON_IsNumber(format) || format->valuedouble != 1)
        return pr_compile_fail_member(c, "format", "\"format\" must be 1");
    PR_TRY(pr_compile_get_string(c, root, "id", true, &p->id));
    if (!valid_pack_id(p->id))
        return pr_compile_fail_member(c, "id", "a pack id is lower-case letters, digits and '-'");
    PR_TRY(pr_compile_get_string(c, root, "version", true, &p->version));
    PR_TRY(pr_compile_get_string(c, root, "title", true, &p->title));
    const cJSON *source = cJSON_GetObjectItemCaseSensitive(root, "source");
    if (!source)
        return pr_compiler_fail(c, "missing member \"source\"");
    size_t mark = pr_compiler_push(c, "source");
    PR_TRY(pr_compile_check_members(c, source, "\"source\"", source_allowed));
    PR_TRY(pr_compile_get_string(c, source, "document", true, &p->source_document));
    PR_TRY(pr_compile_get_string(c, source, "short", true, &p->source_short));
    const char *date;
    PR_TRY(pr_compile_get_string(c, source, "date", false, &date));
    pr_compiler_pop(c, mark);

    PR_TRY(compile_effective(c, root));

    const char *calendar;
    PR_TRY(pr_compile_get_string(c, root, "calendar", false, &calendar));
    mark = pr_compiler_push(c, "calendar");
    PR_TRY(use_calendar(c, calendar ? calendar : "england-and-wales", &p->calendar));
    pr_compiler_pop(c, mark);

    p->cutoff_minute = -1;
    const cJSON *cutoff = cJSON_GetObjectItemCaseSensitive(root, "deadline_cutoff");
    if (cutoff && !cJSON_IsNull(cutoff)) {
        int h, m;
        const char *s = cJSON_IsString(cutoff) ? cutoff->valuestring : "";
        if (strlen(s) != 5 || s[2] != ':' || !pr_parse_digits(s, 2, &h) ||
            !pr_parse_digits(s + 3, 2, &m) || h > 23 || m > 59)
            return pr_compile_fail_member(c, "deadline_cutoff",
                                          "\"deadline_cutoff\" must be \"HH:MM\" "
                                          "(00:00 to 23:59) or null");
        p->cutoff_minute = h * 60 + m;
    }
    return PROTOCOL_OK;
}

static protocol_status compile_pack(pr_compiler *c, const cJSON *root)
{
    protocol_pack *p = c->pack;
    void *a;
    PR_TRY(compile_header(c, root));
    const cJSON *facts = cJSON_GetObjectItemCaseSensitive(root, "facts");
    if (!facts)
        return pr_compiler_fail(c, "missing member \"facts\"");
    PR_TRY(compile_facts(c, facts));
    static const cJSON true_json = {.type = cJSON_True};
    PR_TRY(pr_cond_compile(c, &true_json, &c->cond_true));
    const cJSON *defs = cJSON_GetObjectItemCaseSensitive(root, "definitions");
    size_t mark = pr_compiler_push(c, "definitions");
    if (defs && !cJSON_IsObject(defs))
        return pr_compiler_fail(c, "\"definitions\" must be an object of named conditions");
    PR_TRY(pr_definitions_compile(c, defs));
    pr_compiler_pop(c, mark);
    {
        protocol_status s = member_array(c, root, "decisions", false, sizeof(pr_decision),
                                         compile_decision, &a, &p->ndecisions);
        p->decisions = a;
        PR_TRY(s);
    }
    {
        protocol_status s =
            member_array(c, root, "rules", false, sizeof(pr_rule), compile_rule, &a, &p->nrules);
        p->rules = a;
        PR_TRY(s);
    }
    {
        protocol_status s =
            member_array(c, root, "duties", false, sizeof(pr_duty), compile_duty, &a, &p->nduties);
        p->duties = a;
        PR_TRY(s);
    }
    {
        protocol_status s = member_array(c, root, "deadlines", false, sizeof(pr_deadline),
                                         compile_deadline, &a, &p->ndeadlines);
        p->deadlines = a;
        PR_TRY(s);
    }
    PR_TRY(order_deadlines(c));
    for (uint32_t i = 0; i < p->nrules; i++)
        p->binds_rules |= p->rules[i].deadline != PR_NONE;
    {
        protocol_status s = member_array(c, root, "checklists", false, sizeof(pr_checklist),
                                         pr_checklist_compile, &a, &p->nchecklists);
        p->checklists = a;
        PR_TRY(s);
    }
    {
        protocol_status s = member_array(c, root, "constraints", false, sizeof(pr_constraint),
                                         pr_constraint_compile, &a, &p->nconstraints);
        p->constraints = a;
        PR_TRY(s);
    }
    {
        protocol_status s = member_array(c, root, "consistency", false, sizeof(pr_consistency),
                                         pr_consistency_compile, &a, &p->nconsistency);
        p->consistency = a;
        PR_TRY(s);
    }
    uint32_t ntests;
    protocol_status s = member_array(c, root, "tests", false, 1, pr_test_compile, &a, &ntests);
    pr_free(a);
    PR_TRY(s);
    p->tests = cJSON_GetObjectItemCaseSensitive(root, "tests");
    /* Room for the usual result: the pooled literals (about half the pool)
     * and the structure around each finding. */
    size_t findings =
        (size_t)p->ndecisions + p->nrules + p->nduties + p->ndeadlines + p->nchecklists + p->nitems;
    p->result_size_hint = p->pool.bytes / 2 + findings * 160 + 1024;
    return PROTOCOL_OK;
}

protocol_status protocol_pack_load_string(const char *text, size_t length,
                                          const protocol_limits *limits, protocol_pack **out,
                                          protocol_error *err)
{
    if (!text || !out)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_pack_load_string needs text and an output");
    *out = NULL;
    protocol_limits resolved = pr_limits_resolve(limits);
    protocol_pack *p = pr_calloc(1, sizeof *p);
    if (!p)
        return pr_nomem(err);
    protocol_status s = pr_json_parse(text, length, &resolved, "pack", &p->doc, err);
    if (s != PROTOCOL_OK) {
        pr_free(p);
        return s;
    }
    pr_compiler c;
    memset(&c, 0, sizeof c);
    c.pack = p;
    c.text = text;
    c.length = length;
    c.err = err;
    s = compile_pack(&c, p->doc);
    pr_pool_done(&p->pool);
    pr_free(c.def_json);
    pr_free(c.def_root);
    pr_free(c.def_depth);
    pr_free(c.def_cost);
    pr_free(c.def_state);
    if (s != PROTOCOL_OK) {
        protocol_pack_free(p);
        return s;
    }
    *out = p;
    return PROTOCOL_OK;
}

protocol_status protocol_pack_load_file(const char *path, const protocol_limits *limits,
                                        protocol_pack **out, protocol_error *err)
{
    if (!path || !out)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_pack_load_file needs a path and an output");
    *out = NULL;
    protocol_limits resolved = pr_limits_resolve(limits);
    char *text;
    size_t length;
    PR_TRY(pr_read_file(path, resolved.max_input_bytes, &text, &length, err));
    protocol_status s = protocol_pack_load_string(text, length, &resolved, out, err);
    pr_free(text);
    if (s != PROTOCOL_OK && err && s != PROTOCOL_E_NOMEM) {
        /* "path: /json/pointer", as the header promises. */
        char place[sizeof err->place];
        memcpy(place, err->place, sizeof place);
        protocol_error copy = *err;
        pr_fail_at(err, s, NULL, copy.line, copy.column, "%s", copy.message);
        size_t n = strlen(path);
        if (n > sizeof place - 3)
            n = sizeof place - 3;
        memcpy(err->place, path, n);
        memcpy(err->place + n, ": ", 2);
        size_t rest = sizeof err->place - n - 3;
        size_t k = strlen(place);
        memcpy(err->place + n + 2, place, k < rest ? k : rest);
        err->place[n + 2 + (k < rest ? k : rest)] = '\0';
    }
    return s;
}

protocol_status protocol_pack_load_builtin(const char *id, protocol_pack **out, protocol_error *err)
{
    if (!out)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_pack_load_builtin needs an output");
    *out = NULL;
    const char *text;
    size_t length;
    PR_TRY(protocol_builtin_pack_source(id ? id : protocol_default_pack_id(), &text, &length, err));
    return protocol_pack_load_string(text, length, NULL, out, err);
}
