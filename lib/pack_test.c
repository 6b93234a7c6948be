/*
 * Pack tests: validating the tests a pack carries when it is compiled,
 * running their cases and comparing each result with the test's partial
 * "expect" (docs/pack-format.md, Tests), reporting every difference with
 * its path.
 */
#include "compiler.h"

#include <string.h>

/* --- tests --------------------------------------------------------------------- */

/* `expect` may only name findings the pack has. */
/* The members of a result's finding of `kind` (docs/result-json.md). */
static const char *const *result_members(const char *kind)
{
    static const char *const decisions[] = {"id",      "outcome",       "grounds",  "conditions",
                                            "reasons", "missing_facts", "citation", NULL};
    static const char *const deadlines[] = {"id",
                                            "rule",
                                            "working_days",
                                            "calendar",
                                            "start",
                                            "due",
                                            "done",
                                            "status",
                                            "working_days_remaining",
                                            "unit",
                                            "amount",
                                            "before",
                                            "roll",
                                            "due_at",
                                            "hours_remaining",
                                            "anchor",
                                            "start_projected",
                                            "every",
                                            "every_unit",
                                            "occurrence",
                                            "occurrence_start",
                                            "missed",
                                            "first_missed_due",
                                            "citation",
                                            NULL};
    static const char *const checklists[] = {"id",     "title",      "score", "rag",
                                             "groups", "unanswered", NULL};
    return strcmp(kind, "decisions") == 0   ? decisions
           : strcmp(kind, "deadlines") == 0 ? deadlines
                                            : checklists;
}

static protocol_status check_expect_ids(pr_compiler *c, const cJSON *map, const char *kind,
                                        const char *const *ids, size_t stride, uint32_t count,
                                        int value_type)
{
    size_t mark = pr_compiler_push(c, kind);
    if (!cJSON_IsObject(map))
        return pr_compiler_fail(c, "\"%s\" must be an object mapping ids", kind);
    for (const cJSON *m = map->child; m; m = m->next) {
        bool found = false;
        for (uint32_t i = 0; i < count && !found; i++)
            found = strcmp(*(const char *const *)(const void *)((const char *)ids + i * stride),
                           m->string) == 0;
        if (!found)
            return pr_compile_fail_member(c, m->string, "the pack has no %s with id \"%s\"", kind,
                                          m->string);
        bool ok = value_type == cJSON_Object   ? cJSON_IsObject(m)
                  : value_type == cJSON_String ? cJSON_IsString(m)
                                               : cJSON_IsBool(m);
        if (ok && value_type == cJSON_String) {
            ok = false;
            for (int r = 0; pr_rule_status_names[r]; r++)
                ok |= strcmp(pr_rule_status_names[r], m->valuestring) == 0;
        }
        if (!ok)
            return pr_compile_fail_member(c, m->string, "expected %s",
                                          value_type == cJSON_Object   ? "an object of members"
                                          : value_type == cJSON_String ? "a rule status"
                                                                       : "true or false");
        if (value_type == cJSON_Object) {
            /* Only members a result has can be expected. */
            size_t m2 = pr_compiler_push(c, m->string);
            PR_TRY(pr_compile_check_members(c, m, "an expected finding", result_members(kind)));
            pr_compiler_pop(c, m2);
        }
    }
    pr_compiler_pop(c, mark);
    return PROTOCOL_OK;
}

#define EXPECT_IDS(c, map, kind, array, count, type)                                               \
    ((map) ? check_expect_ids((c), (map), (kind), (count) ? &(array)[0].id : NULL,                 \
                              sizeof((array)[0]), (count), (type))                                 \
           : PROTOCOL_OK)

protocol_status pr_test_compile(pr_compiler *c, const cJSON *j, void *array, uint32_t i)
{
    static const char *const allowed[] = {"name", "case", "expect", NULL};
    static const char *const expects[] = {"decisions",  "rules",    "duties", "deadlines",
                                          "checklists", "warnings", NULL};
    const protocol_pack *p = c->pack;
    const char *name;
    (void)array;
    (void)i;
    PR_TRY(pr_compile_check_members(c, j, "a test", allowed));
    PR_TRY(pr_compile_get_string(c, j, "name", true, &name));
    const cJSON *kase = cJSON_GetObjectItemCaseSensitive(j, "case");
    if (!kase)
        return pr_compiler_fail(c, "missing member \"case\"");
    if (!cJSON_IsObject(kase))
        return pr_compile_fail_member(c, "case", "\"case\" must be an object");
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(j, "expect");
    if (!e)
        return pr_compiler_fail(c, "missing member \"expect\"");
    size_t mark = pr_compiler_push(c, "expect");
    PR_TRY(pr_compile_check_members(c, e, "\"expect\"", expects));
    PR_TRY(EXPECT_IDS(c, cJSON_GetObjectItemCaseSensitive(e, "decisions"), "decisions",
                      p->decisions, p->ndecisions, cJSON_Object));
    PR_TRY(EXPECT_IDS(c, cJSON_GetObjectItemCaseSensitive(e, "rules"), "rules", p->rules, p->nrules,
                      cJSON_String));
    PR_TRY(EXPECT_IDS(c, cJSON_GetObjectItemCaseSensitive(e, "duties"), "duties", p->duties,
                      p->nduties, cJSON_True));
    PR_TRY(EXPECT_IDS(c, cJSON_GetObjectItemCaseSensitive(e, "deadlines"), "deadlines",
                      p->deadlines, p->ndeadlines, cJSON_Object));
    PR_TRY(EXPECT_IDS(c, cJSON_GetObjectItemCaseSensitive(e, "checklists"), "checklists",
                      p->checklists, p->nchecklists, cJSON_Object));
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(e, "warnings");
    if (w && (!cJSON_IsNumber(w) || w->valuedouble < 0 || !pr_is_whole(w->valuedouble)))
        return pr_compile_fail_member(c, "warnings",
                                      "\"warnings\" is the expected count: a whole number "
                                      "of 0 or more");
    pr_compiler_pop(c, mark);
    return PROTOCOL_OK;
}

typedef struct run {
    pr_buf *report;
    size_t index;
    const char *name;
    size_t differences;
} run;

static void json_value(pr_buf *b, const cJSON *v)
{
    if (!v) {
        pr_buf_puts(b, "nothing");
        return;
    }
    char *text = cJSON_PrintUnformatted(v);
    if (!text) {
        b->failed = true;
        return;
    }
    pr_buf_puts(b, text);
    cJSON_free(text);
}

/* One report line: tests/N "name": PATH: expected X, got Y */
static void difference(run *t, const char *kind, const char *id, const char *member,
                       const cJSON *expected, const cJSON *got)
{
    t->differences++;
    pr_buf_printf(t->report, "tests/%zu ", t->index);
    pr_buf_json_string(t->report, t->name);
    pr_buf_printf(t->report, ": /%s", kind);
    if (id)
        pr_buf_printf(t->report, "/%s", id);
    if (member)
        pr_buf_printf(t->report, "/%s", member);
    pr_buf_puts(t->report, ": expected ");
    json_value(t->report, expected);
    pr_buf_puts(t->report, ", got ");
    json_value(t->report, got);
    pr_buf_putc(t->report, '\n');
}

/* The element of result array `kind` whose "id" is `id`, or NULL. */
static const cJSON *find(const cJSON *result, const char *kind, const char *id)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(result, kind);
    for (const cJSON *e = arr ? arr->child : NULL; e; e = e->next) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, "id");
        if (cJSON_IsString(v) && strcmp(v->valuestring, id) == 0)
            return e;
    }
    return NULL;
}

/* decisions, deadlines, checklists: each named member must equal. */
static void compare_objects(run *t, const cJSON *result, const cJSON *expect, const char *kind)
{
    const cJSON *map = cJSON_GetObjectItemCaseSensitive(expect, kind);
    for (const cJSON *e = map ? map->child : NULL; e; e = e->next) {
        const cJSON *got = find(result, kind, e->string);
        if (!got) {
            difference(t, kind, e->string, NULL, e, NULL);
            continue;
        }
        for (const cJSON *m = e->child; m; m = m->next) {
            const cJSON *actual = cJSON_GetObjectItemCaseSensitive(got, m->string);
            if (!actual || !cJSON_Compare(m, actual, 1))
                difference(t, kind, e->string, m->string, m, actual);
        }
    }
}

static void compare(run *t, const cJSON *result, const cJSON *expect)
{
    compare_objects(t, result, expect, "decisions");
    const cJSON *rules = cJSON_GetObjectItemCaseSensitive(expect, "rules");
    for (const cJSON *e = rules ? rules->child : NULL; e; e = e->next) {
        const cJSON *got = find(result, "rules", e->string);
        const cJSON *status = got ? cJSON_GetObjectItemCaseSensitive(got, "status") : NULL;
        if (!status || !cJSON_Compare(e, status, 1))
            difference(t, "rules", e->string, NULL, e, status);
    }
    const cJSON *duties = cJSON_GetObjectItemCaseSensitive(expect, "duties");
    for (const cJSON *e = duties ? duties->child : NULL; e; e = e->next) {
        bool triggered = find(result, "duties", e->string) != NULL;
        if (triggered != (bool)cJSON_IsTrue(e)) {
            cJSON got = {.type = triggered ? cJSON_True : cJSON_False};
            difference(t, "duties", e->string, NULL, e, &got);
        }
    }
    compare_objects(t, result, expect, "deadlines");
    compare_objects(t, result, expect, "checklists");
    const cJSON *warnings = cJSON_GetObjectItemCaseSensitive(expect, "warnings");
    if (warnings) {
        int count = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(result, "warnings"));
        if ((double)count != warnings->valuedouble) {
            cJSON got = {.type = cJSON_Number, .valueint = count, .valuedouble = count};
            difference(t, "warnings", NULL, NULL, warnings, &got);
        }
    }
}

/* A line for the first contradiction of the pack's consistency checks that
 * result `r` shows: a pack test fails on it whatever it expects. */
static void check_consistency(const protocol_pack *pack, const protocol_result *r, pr_buf *out)
{
    uint32_t duty = PR_NONE;
    const pr_consistency *k = pr_consistency_broken(pack, r, &duty);
    if (!k)
        return;
    pr_buf_printf(out,
                  "consistency \"%s\": decision \"%s\" is \"%s\" while duty \"%s\" is "
                  "triggered: %s (%s %s)",
                  k->id, pack->decisions[k->decision].id, r->decisions[k->decision].outcome,
                  pack->duties[duty].id, k->message,
                  k->citation.document ? k->citation.document : pack->source_short,
                  k->citation.paragraph);
}

/* Evaluate test case `kase` into result JSON text in `out`, and any
 * contradiction it shows into `contradiction`. */
static protocol_status evaluate(const protocol_pack *pack, const cJSON *kase, pr_buf *out,
                                pr_buf *contradiction, protocol_error *e)
{
    static const protocol_eval_options options = PROTOCOL_EVAL_OPTIONS_INIT;
    protocol_limits limits = pr_limits_resolve(NULL);
    protocol_result *r = NULL;
    protocol_status s = pr_result_new(pack, &r, e);
    if (s == PROTOCOL_OK)
        s = pr_case_read(pack, kase, NULL, 0, 0, limits.max_facts, &r->scratch, r, e);
    protocol_time as_of;
    int has = 0;
    if (s == PROTOCOL_OK)
        s = pr_resolve_as_of(&options, &r->scratch, &as_of, &has, e);
    if (s == PROTOCOL_OK)
        s = pr_evaluate(pack, &r->scratch, has ? &as_of : NULL, 0, r, e);
    if (s == PROTOCOL_OK) {
        pr_result_write(r, 0, out);
        check_consistency(pack, r, contradiction);
    }
    protocol_result_free(r);
    return s;
}

protocol_status protocol_pack_run_tests(const protocol_pack *pack, size_t *total, size_t *failures,
                                        char **report, protocol_error *err)
{
    if (!pack || !total || !failures || !report)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_pack_run_tests needs a pack and outputs for the counts and "
                       "the report");
    *report = NULL;
    pr_buf out = PR_BUF_INIT;
    size_t n = 0, failed = 0;
    for (const cJSON *test = pack->tests ? pack->tests->child : NULL; test;
         test = test->next, n++) {
        run t = {&out, n, cJSON_GetObjectItemCaseSensitive(test, "name")->valuestring, 0};
        const cJSON *kase = cJSON_GetObjectItemCaseSensitive(test, "case");
        const cJSON *expect = cJSON_GetObjectItemCaseSensitive(test, "expect");
        pr_buf json = PR_BUF_INIT, contradiction = PR_BUF_INIT;
        protocol_error e;
        memset(&e, 0, sizeof e);
        protocol_status s = evaluate(pack, kase, &json, &contradiction, &e);
        cJSON *result = NULL;
        bool json_failed = json.failed || contradiction.failed;
        if (s == PROTOCOL_OK && !json_failed) {
            result = cJSON_ParseWithLength(json.data, json.length);
            if (!result)
                s = PROTOCOL_E_NOMEM;
        }
        pr_buf_free(&json);
        if (s == PROTOCOL_E_NOMEM || json_failed) {
            cJSON_Delete(result);
            pr_buf_free(&contradiction);
            pr_buf_free(&out);
            return pr_nomem(err);
        }
        if (contradiction.length) {
            /* The result contradicts itself: the test fails whatever it
             * expects. */
            t.differences++;
            pr_buf_printf(&out, "tests/%zu ", n);
            pr_buf_json_string(&out, t.name);
            pr_buf_printf(&out, ": %s\n", contradiction.data);
        }
        pr_buf_free(&contradiction);
        if (s != PROTOCOL_OK) {
            t.differences++;
            pr_buf_printf(&out, "tests/%zu ", n);
            pr_buf_json_string(&out, t.name);
            pr_buf_printf(&out, ": the case does not evaluate: %s: %s\n", protocol_status_name(s),
                          e.message);
        } else {
            compare(&t, result, expect);
        }
        cJSON_Delete(result);
        failed += t.differences > 0;
    }
    pr_buf_printf(&out, "%zu passed, %zu failed\n", n - failed, failed);
    char *text = pr_buf_take(&out, NULL);
    if (!text)
        return pr_nomem(err);
    *report = text;
    *total = n;
    *failures = failed;
    return PROTOCOL_OK;
}
