/*
 * Tests for lib/evaluate.c, lib/case.c, lib/result.c, lib/checklist.c and
 * lib/pack_test.c: results of tests/data/packs/everything.json compared byte
 * for byte with hand-worked golden files, determinism, case checking and its
 * errors, the as-of precedence, the structured API, NDJSON batches and the
 * pack-test runner.
 */
#include "protocol/protocol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static protocol_pack *pack;

static char *read_data(const char *name)
{
    char path[4096];
    const char *root = getenv("PROTOCOL_SOURCE_ROOT");
    snprintf(path, sizeof path, "%s/tests/data/%s", root ? root : ".", name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(1);
    }
    char *text = calloc(1, 1 << 20);
    size_t n = text ? fread(text, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    if (!text)
        exit(1);
    while (n && text[n - 1] == '\n')
        text[--n] = '\0';
    return text;
}

/* The golden text with the library version put in. */
static char *golden(const char *name)
{
    char *text = read_data(name);
    char *at = strstr(text, "@VERSION@");
    if (at) {
        char *out = malloc(strlen(text) + 32);
        snprintf(out, strlen(text) + 32, "%.*s%s%s", (int)(at - text), text, protocol_version(),
                 at + 9);
        free(text);
        text = out;
    }
    return text;
}

/* JSON without the whitespace outside strings: the compact form. */
static char *minify(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    int in_string = 0;
    for (; *s; s++) {
        if (in_string) {
            *o++ = *s;
            if (*s == '\\' && s[1])
                *o++ = *++s;
            else if (*s == '"')
                in_string = 0;
        } else if (*s == '"') {
            in_string = 1;
            *o++ = *s;
        } else if (*s != ' ' && *s != '\n') {
            *o++ = *s;
        }
    }
    *o = '\0';
    return out;
}

static char *eval(const char *json, const protocol_eval_options *o, protocol_status *status,
                  protocol_error *err)
{
    char *out = NULL;
    size_t length = 0;
    *status = protocol_evaluate_json(pack, json, strlen(json), o, &out, &length, err);
    if (*status == PROTOCOL_OK)
        CHECK(out && strlen(out) == length);
    return out;
}

static void test_golden(void)
{
    static const struct {
        const char *name;
        const char *default_as_of;
    } cases[] = {{"everything-1", NULL},
                 {"everything-2", "2026-11-25T09:00"},
                 {"everything-3", "2000-01-01"}}; /* the case's own as_of wins */
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char file[64];
        snprintf(file, sizeof file, "golden/%s.case.json", cases[i].name);
        char *kase = read_data(file);
        snprintf(file, sizeof file, "golden/%s.result.json", cases[i].name);
        char *expected = golden(file);
        char *compact = minify(expected);
        protocol_eval_options o = PROTOCOL_EVAL_OPTIONS_INIT;
        o.default_as_of = cases[i].default_as_of;
        o.pretty = 1;
        protocol_status s;
        protocol_error err;
        char *pretty = eval(kase, &o, &s, &err);
        CHECK(s == PROTOCOL_OK);
        if (pretty && strcmp(pretty, expected) != 0) {
            fprintf(stderr, "%s differs from its golden file; got:\n%s\n", cases[i].name, pretty);
            failures++;
        }
        o.pretty = 0;
        char *one = eval(kase, &o, &s, &err);
        char *two = eval(kase, &o, &s, &err);
        CHECK(one && two && strcmp(one, compact) == 0); /* compact: the same, on one line */
        CHECK(one && two && strcmp(one, two) == 0);     /* deterministic */
        CHECK(one && strchr(one, '\n') == NULL);
        protocol_free(pretty);
        protocol_free(one);
        protocol_free(two);
        free(compact);
        free(expected);
        free(kase);
    }
}

static void expect_error(const char *json, protocol_status code, const char *place,
                         const char *words, int line, int column)
{
    protocol_status s;
    protocol_error err;
    memset(&err, 0, sizeof err);
    char *out = eval(json, NULL, &s, &err);
    int ok = s == code && out == NULL && err.code == code &&
             (!place || strcmp(err.place, place) == 0) && (!words || strstr(err.message, words)) &&
             (!line || (err.line == line && err.column == column));
    if (!ok)
        fprintf(stderr, "case %s: got %s '%s' %d:%d %s\n", json, protocol_status_name(s), err.place,
                err.line, err.column, err.message);
    CHECK(ok);
    protocol_free(out);
}

static void test_case_errors(void)
{
    expect_error("{\"person\":\n {\"age\": -1}}", PROTOCOL_E_CASE, "person.age", "-1", 2, 10);
    expect_error("{\"person\": {\"age\": 3.5}}", PROTOCOL_E_CASE, "person.age", "3.5", 1, 20);
    expect_error("{\"person\": {\"age\": 131}}", PROTOCOL_E_CASE, "person.age", "131", 0, 0);
    expect_error("{\"person\": {\"age\": \"ten\"}}", PROTOCOL_E_CASE, "person.age", "\"ten\"", 0,
                 0);
    expect_error("{\"person\": {\"kind\": \"elder\"}}", PROTOCOL_E_CASE, "person.kind", "\"elder\"",
                 0, 0);
    expect_error("{\"risk\": {\"child\": \"yes\"}}", PROTOCOL_E_CASE, "risk.child", "\"yes\"", 1,
                 20);
    expect_error("{\"risk\": 5}", PROTOCOL_E_CASE, "risk", "5", 1, 10);
    expect_error("{\"referral\": {\"need_at\": \"2026-02-30\"}}", PROTOCOL_E_DATETIME,
                 "referral.need_at", "2026-02-30", 1, 26);
    expect_error("{\"referral\": {\"need_at\": 20261120}}", PROTOCOL_E_CASE, "referral.need_at",
                 "20261120", 0, 0);
    expect_error("{\"as_of\": \"2026-13-01\"}", PROTOCOL_E_DATETIME, "as_of", "2026-13-01", 1, 11);
    expect_error("{\"answers\": {\"cm\": {\"A1\": \"mostly\"}}}", PROTOCOL_E_CASE, "answers.cm.A1",
                 "\"mostly\"", 0, 0);
    expect_error("[1, 2]", PROTOCOL_E_CASE, "", NULL, 1, 1);
    expect_error("{\"person\": {\"age\": 15,}}", PROTOCOL_E_JSON, NULL, NULL, 1, 23);

    /* Strict mode: an unknown key is an error naming its path. */
    protocol_eval_options o = PROTOCOL_EVAL_OPTIONS_INIT;
    o.strict = 1;
    protocol_status s;
    protocol_error err;
    char *out = eval("{\"risk\": {\"chlid\": true}}", &o, &s, &err);
    CHECK(s == PROTOCOL_E_CASE && out == NULL && strcmp(err.place, "risk.chlid") == 0);
    CHECK(err.line == 1 && err.column == 20);
    /* Not strict: a warning with the path, for keys at any level and in answers. */
    out = eval("{\"risk\": {\"chlid\": true}, \"riks\": {\"a\": 1}, \"answers\": {\"xx\": {}, "
               "\"cm\": {\"Z9\": \"met\"}}}",
               NULL, &s, &err);
    CHECK(s == PROTOCOL_OK);
    CHECK(out && strstr(out, "\"warnings\":[{\"path\":\"risk.chlid\",\"message\":\"not a fact of "
                             "pack \\\"everything\\\"; ignored\"},{\"path\":\"riks\","));
    CHECK(out && strstr(out, "{\"path\":\"answers.xx\",\"message\":\"not a checklist of pack"));
    CHECK(out && strstr(out, "{\"path\":\"answers.cm.Z9\",\"message\":\"not an item of that "
                             "checklist of pack"));
    protocol_free(out);

    /* A dotted key that names a fact is still not read, but says why. */
    out = eval("{\"risk.child\": true}", NULL, &s, &err);
    CHECK(s == PROTOCOL_OK && out && strstr(out, "\"risk\":") == NULL);
    CHECK(out && strstr(out, "{\"path\":\"risk.child\",\"message\":\"not a fact of pack "
                             "\\\"everything\\\"; ignored (facts are nested objects"));
    CHECK(out && strstr(out, "\"D-now\"") == NULL);
    protocol_free(out);

    /* The fact-count limit. */
    o = (protocol_eval_options)PROTOCOL_EVAL_OPTIONS_INIT;
    o.limits.max_facts = 3;
    out = eval("{\"risk\": {\"child\": true, \"adult\": false, \"others\": null}}", &o, &s, &err);
    CHECK(s == PROTOCOL_OK);
    protocol_free(out);
    out = eval("{\"risk\": {\"child\": true, \"adult\": false, \"others\": null}, \"x\": 1}", &o,
               &s, &err);
    CHECK(s == PROTOCOL_E_LIMIT_FACTS && out == NULL && strcmp(err.place, "x") == 0);
    /* Other limits reach the parser. */
    o = (protocol_eval_options)PROTOCOL_EVAL_OPTIONS_INIT;
    o.limits.max_depth = 2;
    out = eval("{\"risk\": {\"child\": {\"x\": true}}}", &o, &s, &err);
    CHECK(s == PROTOCOL_E_LIMIT_DEPTH && out == NULL);
}

static void test_duty_due(void)
{
    /* A duty without a `from` fact counts from the evaluation time; with
     * neither, it is still listed, with no due date. */
    protocol_status s;
    protocol_error err;
    char *out = eval("{\"risk\": {\"adult\": true}}", NULL, &s, &err);
    CHECK(out && strstr(out, "\"duties\":[{\"id\":\"D-today\",\"title\":\"Act today\","
                             "\"urgency\":\"same_day\",\"due\":null,"));
    protocol_free(out);
    out = eval("{\"risk\": {\"adult\": true}, \"as_of\": \"2026-11-21T23:00\"}", NULL, &s, &err);
    CHECK(out && strstr(out, "\"urgency\":\"same_day\",\"due\":\"2026-11-21\","));
    protocol_free(out);
    /* D-now counts from referral.need_at, else from the evaluation time. */
    out = eval("{\"risk\": {\"child\": true}, \"as_of\": \"2026-11-21T23:00\"}", NULL, &s, &err);
    CHECK(out && strstr(out, "\"urgency\":\"immediate\",\"due\":\"2026-11-21\","));
    protocol_free(out);
    /* A date outside the calendar is a warning and an unknown deadline. */
    out = eval("{\"risk\": {\"child\": false, \"adult\": false, \"others\": false},"
               " \"referral\": {\"need_at\": \"1900-01-01\"}, \"as_of\": \"2026-11-21\"}",
               NULL, &s, &err);
    CHECK(s == PROTOCOL_OK);
    CHECK(out && strstr(out, "\"start\":\"1900-01-01\",\"due\":null,\"done\":null,"
                             "\"status\":\"unknown\",\"working_days_remaining\":null"));
    CHECK(out && strstr(out, "{\"path\":\"referral.need_at\",\"message\":\"deadline "
                             "\\\"referral\\\": "));
    protocol_free(out);
}

/* An "ongoing" duty has no due date whatever its `from`; a deadline's
 * "applies" false leaves it out, unknown keeps it with a warning per
 * missing fact (worked from docs/pack-format.md, Duties and Deadlines). */
static void test_ongoing_and_applies(void)
{
    static const char text[] =
        "{\"format\": 1, \"id\": \"p\", \"version\": \"1\", \"title\": \"T\","
        " \"source\": {\"document\": \"D\", \"short\": \"S\"},"
        " \"facts\": {\"a\": {\"type\": \"bool\", \"description\": \"d\"},"
        " \"refused\": {\"type\": \"bool\", \"description\": \"d\"},"
        " \"need\": {\"type\": \"datetime\", \"description\": \"d\"}},"
        " \"duties\": [{\"id\": \"D\", \"title\": \"Keep at it\", \"citation\": {\"paragraph\": "
        "\"1\"}, \"when\": {\"fact\": \"a\"}, \"urgency\": \"ongoing\", \"from\": \"need\"}],"
        " \"deadlines\": [{\"id\": \"X\", \"title\": \"Refer\", \"citation\": {\"paragraph\": "
        "\"2\"}, \"start\": \"need\", \"applies\": {\"not\": {\"fact\": \"refused\"}},"
        " \"variants\": [{\"rule\": \"same_day\"}]}]}";
    protocol_pack *p = NULL;
    protocol_error err;
    CHECK(protocol_pack_load_string(text, strlen(text), NULL, &p, &err) == PROTOCOL_OK);
    if (!p)
        return;
    protocol_pack *saved = pack;
    pack = p;
    protocol_status s;
    char *out = eval("{\"as_of\": \"2026-11-20T12:00\", \"a\": true, \"refused\": true,"
                     " \"need\": \"2026-11-20T09:00\"}",
                     NULL, &s, &err);
    CHECK(out && strstr(out, "\"duties\":[{\"id\":\"D\",\"title\":\"Keep at it\","
                             "\"urgency\":\"ongoing\",\"due\":null,"));
    CHECK(out && strstr(out, "\"deadlines\":[]"));
    CHECK(out && strstr(out, "\"warnings\":[]"));
    protocol_free(out);
    out = eval("{\"as_of\": \"2026-11-20T12:00\", \"a\": false, \"refused\": false,"
               " \"need\": \"2026-11-20T09:00\"}",
               NULL, &s, &err);
    CHECK(out && strstr(out, "\"deadlines\":[{\"id\":\"X\",\"rule\":\"same_day\","));
    CHECK(out && strstr(out, "\"due\":\"2026-11-20\""));
    CHECK(out && strstr(out, "\"warnings\":[]"));
    protocol_free(out);
    out = eval("{\"as_of\": \"2026-11-20T12:00\", \"a\": false, \"need\": \"2026-11-20T09:00\"}",
               NULL, &s, &err);
    CHECK(out && strstr(out, "\"deadlines\":[{\"id\":\"X\",\"rule\":\"same_day\","));
    CHECK(out && strstr(out, "\"warnings\":[{\"path\":\"refused\",\"message\":\"deadline "
                             "\\\"X\\\": this fact is unknown, so whether the deadline applies "
                             "cannot be decided and it is kept\"}]"));
    protocol_free(out);
    pack = saved;
    protocol_pack_free(p);
}

/* durham-2010 (§2.3.1 steps 4, 6 and 8): a refusal with no ground to
 * override it and no safeguarding matter means no referral is to be made,
 * so its deadline is not shown; revisit-consent is a standing duty. */
static void test_durham_referral_applies(void)
{
    protocol_pack *p = NULL;
    protocol_error err;
    CHECK(protocol_pack_load_builtin("durham-2010", &p, &err) == PROTOCOL_OK);
    if (!p)
        return;
    protocol_pack *saved = pack;
    pack = p;
#define REFUSED                                                                                    \
    "{\"as_of\": \"2026-11-26T10:00\", \"consent\": {\"status\": \"refused\"},"                    \
    " \"concerns\": {\"child_significant_harm\": false, \"adult_serious_harm\": false,"            \
    " \"harm_to_others\": false, \"public_interest\": false, \"abuse_of_adult_at_risk\": false},"
    protocol_status s;
    char *out = eval(REFUSED " \"referral\": {\"safeguarding\": false,"
                             " \"need_identified_at\": \"2026-11-24T09:00\"}}",
                     NULL, &s, &err);
    CHECK(out && strstr(out, "\"deadlines\":[]"));
    CHECK(out && strstr(out, "{\"id\":\"revisit-consent\",\"title\":\"Periodically revisit "
                             "consent\",\"urgency\":\"ongoing\",\"due\":null,"));
    protocol_free(out);
    /* Whether it is a safeguarding matter is not recorded: kept, at the
     * stricter same-day variant, and the fact named. */
    out = eval(REFUSED " \"referral\": {\"need_identified_at\": \"2026-11-24T09:00\"}}", NULL, &s,
               &err);
    CHECK(out && strstr(out, "\"deadlines\":[{\"id\":\"referral\",\"rule\":\"same_day\","));
    CHECK(out && strstr(out, "{\"path\":\"referral.safeguarding\",\"message\":\"deadline "
                             "\\\"referral\\\": this fact is unknown, so whether the deadline "
                             "applies cannot be decided and it is kept\"}"));
    protocol_free(out);
    /* A referral made all the same is shown with its timeliness: Tuesday
     * 24th + 3 working days is Friday 27th; made on the 25th, met. */
    out = eval(REFUSED " \"referral\": {\"safeguarding\": false,"
                       " \"need_identified_at\": \"2026-11-24T09:00\","
                       " \"made_at\": \"2026-11-25T10:00\"}}",
               NULL, &s, &err);
    CHECK(out && strstr(out, "\"deadlines\":[{\"id\":\"referral\",\"rule\":\"working_days_after\","
                             "\"working_days\":3,"));
    CHECK(out && strstr(out, "\"due\":\"2026-11-27\",\"done\":\"2026-11-25T10:00:00+00:00\","
                             "\"status\":\"met\""));
    protocol_free(out);
#undef REFUSED
    pack = saved;
    protocol_pack_free(p);
}

static void test_null_is_unknown(void)
{
    protocol_status s1, s2;
    protocol_error err;
    char *a = eval("{\"risk\": {\"child\": null}, \"consent\": null, \"answers\": null}", NULL, &s1,
                   &err);
    char *b = eval("{}", NULL, &s2, &err);
    CHECK(s1 == PROTOCOL_OK && s2 == PROTOCOL_OK && a && b && strcmp(a, b) == 0);
    protocol_free(a);
    protocol_free(b);
}

/* The "as_of" of the result text, copied into buf. */
static const char *as_of_in(const char *out, char *buf, size_t size)
{
    const char *p = out ? strstr(out, "\"as_of\":") : NULL;
    if (!p)
        return "missing";
    p += 8;
    size_t n = strcspn(p, ",");
    snprintf(buf, size, "%.*s", (int)n, p);
    return buf;
}

static void test_as_of_precedence(void)
{
    char buf[64];
    protocol_status s;
    protocol_error err;
    const char *with = "{\"as_of\": \"2026-11-20T10:00\"}";
    protocol_eval_options o = PROTOCOL_EVAL_OPTIONS_INIT;
    o.as_of = "2026-06-01T12:00:00Z";
    o.default_as_of = "2026-01-02";
    char *out = eval(with, &o, &s, &err);
    CHECK(strcmp(as_of_in(out, buf, sizeof buf), "\"2026-06-01T13:00:00+01:00\"") == 0);
    protocol_free(out);
    o.as_of = NULL;
    out = eval(with, &o, &s, &err);
    CHECK(strcmp(as_of_in(out, buf, sizeof buf), "\"2026-11-20T10:00:00+00:00\"") == 0);
    protocol_free(out);
    out = eval("{}", &o, &s, &err);
    CHECK(strcmp(as_of_in(out, buf, sizeof buf), "\"2026-01-02\"") == 0);
    protocol_free(out);
    out = eval("{\"as_of\": null}", NULL, &s, &err); /* never the clock */
    CHECK(strcmp(as_of_in(out, buf, sizeof buf), "null") == 0);
    protocol_free(out);
    o.as_of = "yesterday";
    out = eval("{}", &o, &s, &err);
    CHECK(s == PROTOCOL_E_DATETIME && strcmp(err.place, "options.as_of") == 0);
}

static void test_structured(void)
{
    protocol_case *c = NULL;
    protocol_error err;
    CHECK(protocol_case_new(pack, &c, &err) == PROTOCOL_OK);
    CHECK(protocol_case_set_as_of(c, "2026-11-20T10:00", &err) == PROTOCOL_OK);
    CHECK(protocol_case_set_integer(c, "person.age", 15, &err) == PROTOCOL_OK);
    CHECK(protocol_case_set_string(c, "person.kind", "child", &err) == PROTOCOL_OK);
    CHECK(protocol_case_set_string(c, "consent.status", "refused", &err) == PROTOCOL_OK);
    CHECK(protocol_case_set_bool(c, "risk.child", 1, &err) == PROTOCOL_OK);
    CHECK(protocol_case_set_bool(c, "risk.adult", 0, &err) == PROTOCOL_OK);
    CHECK(protocol_case_set_bool(c, "record.kept", 1, &err) == PROTOCOL_OK);
    CHECK(protocol_case_set_bool(c, "record.reasons", 0, &err) == PROTOCOL_OK);
    CHECK(protocol_case_set_bool(c, "share.done", 1, &err) == PROTOCOL_OK);
    CHECK(protocol_case_set_string(c, "note.text", "not ok", &err) == PROTOCOL_OK);
    CHECK(protocol_case_set_string(c, "note.text", "ok", &err) == PROTOCOL_OK); /* replaces */
    CHECK(protocol_case_set_time(c, "referral.need_at", "2026-11-20T09:00", &err) == PROTOCOL_OK);
    CHECK(protocol_case_set_time(c, "meeting.at", "2026-12-01", &err) == PROTOCOL_OK);
    CHECK(protocol_case_set_time(c, "referral.made_at", "2026-11-21", &err) == PROTOCOL_OK);
    CHECK(protocol_case_unset(c, "referral.made_at", &err) == PROTOCOL_OK);
    CHECK(protocol_case_set_answer(c, "cm", "A2", "met", &err) == PROTOCOL_OK);
    CHECK(protocol_case_set_answer(c, "cm", "B1", "partly", &err) == PROTOCOL_OK);
    CHECK(protocol_case_set_answer(c, "cm", "B2", "not_applicable", &err) == PROTOCOL_OK);

    /* The same case as JSON (golden case 1 without its misspelt key). */
    const char *json =
        "{\"as_of\": \"2026-11-20T10:00\", \"person\": {\"age\": 15, \"kind\": \"child\"},"
        " \"consent\": {\"status\": \"refused\"}, \"risk\": {\"child\": true, \"adult\": false},"
        " \"record\": {\"kept\": true, \"reasons\": false}, \"share\": {\"done\": true},"
        " \"note\": {\"text\": \"ok\"}, \"referral\": {\"need_at\": \"2026-11-20T09:00\"},"
        " \"meeting\": {\"at\": \"2026-12-01\"},"
        " \"answers\": {\"cm\": {\"A2\": \"met\", \"B1\": \"partly\", \"B2\": "
        "\"not_applicable\"}}}";
    protocol_result *r = NULL;
    CHECK(protocol_evaluate(pack, c, NULL, &r, &err) == PROTOCOL_OK);
    for (int pretty = 0; pretty < 2; pretty++) {
        protocol_eval_options o = PROTOCOL_EVAL_OPTIONS_INIT;
        o.pretty = pretty;
        protocol_status s;
        char *from_json = eval(json, &o, &s, &err);
        char *text = NULL;
        size_t length = 0;
        CHECK(protocol_result_to_json(r, pretty, &text, &length, &err) == PROTOCOL_OK);
        CHECK(text && from_json && strcmp(text, from_json) == 0 && strlen(text) == length);
        protocol_free(text);
        protocol_free(from_json);
    }

    /* The accessors say what golden case 1 says. */
    protocol_finding f;
    CHECK(protocol_result_count(r, PROTOCOL_FINDING_DECISION) == 1);
    CHECK(protocol_result_find(r, PROTOCOL_FINDING_DECISION, "override", &f, &err) == PROTOCOL_OK);
    CHECK(strcmp(f.status, "permitted") == 0 && f.reason_count == 2 && f.missing_fact_count == 0);
    CHECK(strcmp(f.citation_document, "Test protocol") == 0 &&
          strcmp(f.citation_paragraph, "1.1") == 0);
    CHECK(strcmp(protocol_result_reason(r, PROTOCOL_FINDING_DECISION, 0, 1),
                 "A child is at risk") == 0);
    CHECK(protocol_result_reason(r, PROTOCOL_FINDING_DECISION, 0, 2) == NULL);
    CHECK(protocol_result_count(r, PROTOCOL_FINDING_RULE) == 6);
    CHECK(protocol_result_get(r, PROTOCOL_FINDING_RULE, 4, &f, &err) == PROTOCOL_OK);
    CHECK(strcmp(f.id, "R-others") == 0 && strcmp(f.status, "unknown") == 0);
    CHECK(strcmp(protocol_result_missing_fact(r, PROTOCOL_FINDING_RULE, 4, 0), "risk.others") == 0);
    CHECK(protocol_result_get(r, PROTOCOL_FINDING_RULE, 6, &f, &err) == PROTOCOL_E_RANGE);
    CHECK(protocol_result_count(r, PROTOCOL_FINDING_DUTY) == 1);
    CHECK(protocol_result_find(r, PROTOCOL_FINDING_DUTY, "D-now", &f, &err) == PROTOCOL_OK);
    CHECK(strcmp(f.status, "immediate") == 0 && f.has_due && f.due.year == 2026 &&
          f.due.month == 11 && f.due.day == 20);
    CHECK(protocol_result_find(r, PROTOCOL_FINDING_DUTY, "D-today", &f, &err) ==
          PROTOCOL_E_NOT_FOUND);
    CHECK(protocol_result_find(r, PROTOCOL_FINDING_DEADLINE, "papers", &f, &err) == PROTOCOL_OK);
    CHECK(strcmp(f.status, "pending") == 0 && f.has_due && f.due.day == 23 && f.has_remaining &&
          f.working_days_remaining == 1);
    CHECK(protocol_result_find(r, PROTOCOL_FINDING_CHECKLIST, "cm", &f, &err) == PROTOCOL_OK);
    CHECK(f.score_tenths == 833 && strcmp(f.status, "green") == 0);
    protocol_summary sum;
    CHECK(protocol_result_summary(r, &sum, &err) == PROTOCOL_OK);
    CHECK(sum.rules_met == 2 && sum.rules_not_met == 2 && sum.rules_unknown == 1 &&
          sum.duties == 1 && sum.deadlines_overdue == 0);
    /* A child of 15 breaks the pack's constraint K-older-child (a warning,
     * as in golden case 1). */
    CHECK(protocol_result_warning_count(r) == 1);
    const char *wp, *wm;
    CHECK(protocol_result_warning(r, 0, &wp, &wm, &err) == PROTOCOL_OK);
    CHECK(strcmp(wp, "person.age") == 0 &&
          strcmp(wm, "constraint \"K-older-child\": A child of 15 or more: check the "
                     "older-child rules (Other protocol 5.2)") == 0);
    CHECK(protocol_result_warning(r, 1, &wp, &wm, &err) == PROTOCOL_E_RANGE);
    protocol_result_free(r);

    /* An explicit answer wins over one from facts: A1 is not_met now, so
     * g1 = (0 + 1) / 2 = 50.0 and overall (0 + 1 + 0.5) / 3 = 50.0. */
    CHECK(protocol_case_set_answer(c, "cm", "A1", "not_met", &err) == PROTOCOL_OK);
    CHECK(protocol_evaluate(pack, c, NULL, &r, &err) == PROTOCOL_OK);
    CHECK(protocol_result_find(r, PROTOCOL_FINDING_CHECKLIST, "cm", &f, &err) == PROTOCOL_OK);
    CHECK(f.score_tenths == 500 && strcmp(f.status, "amber") == 0);
    protocol_result_free(r);

    /* Setters check types and values. */
    CHECK(protocol_case_set_bool(c, "person.age", 1, &err) == PROTOCOL_E_CASE);
    CHECK(protocol_case_set_bool(c, "risk.chlid", 1, &err) == PROTOCOL_E_NOT_FOUND);
    CHECK(strcmp(err.place, "risk.chlid") == 0);
    CHECK(protocol_case_set_integer(c, "person.age", -1, &err) == PROTOCOL_E_CASE);
    CHECK(protocol_case_set_integer(c, "person.age", 131, &err) == PROTOCOL_E_CASE);
    CHECK(protocol_case_set_string(c, "person.kind", "elder", &err) == PROTOCOL_E_CASE);
    CHECK(protocol_case_set_string(c, "risk.child", "yes", &err) == PROTOCOL_E_CASE);
    CHECK(protocol_case_set_time(c, "meeting.at", "2026-02-30", &err) == PROTOCOL_E_DATETIME);
    CHECK(protocol_case_set_answer(c, "cm", "A1", "mostly", &err) == PROTOCOL_E_CASE);
    CHECK(protocol_case_set_answer(c, "cm", "Z9", "met", &err) == PROTOCOL_E_NOT_FOUND);
    CHECK(protocol_case_set_answer(c, "xx", "A1", "met", &err) == PROTOCOL_E_NOT_FOUND);
    CHECK(protocol_case_set_as_of(c, "2026-11-31", &err) == PROTOCOL_E_DATETIME);

    /* Reset forgets everything: the result is that of "{}". */
    protocol_case_reset(c);
    CHECK(protocol_evaluate(pack, c, NULL, &r, &err) == PROTOCOL_OK);
    char *text = NULL;
    protocol_status s;
    char *empty = eval("{}", NULL, &s, &err);
    CHECK(protocol_result_to_json(r, 0, &text, NULL, &err) == PROTOCOL_OK);
    CHECK(text && empty && strcmp(text, empty) == 0);
    protocol_free(text);
    protocol_free(empty);
    protocol_result_free(r);

    /* A case belongs to its pack. */
    protocol_pack *other = NULL;
    CHECK(protocol_pack_load_builtin(NULL, &other, &err) == PROTOCOL_OK);
    CHECK(protocol_evaluate(other, c, NULL, &r, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    protocol_pack_free(other);
    protocol_case_free(c);
}

static void test_ndjson(void)
{
    const char *lines[] = {
        "{\"risk\": {\"child\": true}, \"as_of\": \"2026-11-20\"}",
        "",
        "   ",
        "not json",
        "{\"person\": {\"age\": -1}}",
        "{\"risk\": {\"child\": false}}\r",
    };
    char input[1024] = "";
    for (size_t i = 0; i < 6; i++) {
        strcat(input, lines[i]);
        strcat(input, "\n");
    }
    char *out = NULL;
    size_t length = 0, failed = 99;
    protocol_error err;
    CHECK(protocol_evaluate_ndjson(pack, input, strlen(input), NULL, &out, &length, &failed,
                                   &err) == PROTOCOL_OK);
    CHECK(failed == 2);
    protocol_status s;
    char *first = eval(lines[0], NULL, &s, &err);
    char *last = eval("{\"risk\": {\"child\": false}}", NULL, &s, &err);
    char expected[16384];
    snprintf(expected, sizeof expected,
             "%s\n"
             "{\"line\":4,\"error\":{\"code\":\"PROTOCOL_E_JSON\",\"message\":",
             first);
    CHECK(out && strncmp(out, expected, strlen(expected)) == 0);
    CHECK(out && strstr(out, "\n{\"line\":5,\"error\":{\"code\":\"PROTOCOL_E_CASE\",\"message\":"
                             "\"case fact person.age: -1 is below the minimum 0\""));
    CHECK(out && strstr(out, "\"place\":\"person.age\",\"column\":20}}\n")); /* at the -1 */
    snprintf(expected, sizeof expected, "\n%s\n", last);
    CHECK(out && length > strlen(expected) &&
          strcmp(out + length - strlen(expected), expected) == 0);
    protocol_free(out);
    protocol_free(first);
    protocol_free(last);

    /* A line over the limit fails alone. */
    protocol_eval_options o = PROTOCOL_EVAL_OPTIONS_INIT;
    o.limits.max_line_bytes = 10;
    const char *batch = "{}\n{\"risk\": {}}\n{}";
    CHECK(protocol_evaluate_ndjson(pack, batch, strlen(batch), &o, &out, &length, &failed, &err) ==
          PROTOCOL_OK);
    CHECK(failed == 1);
    CHECK(out && strstr(out, "\n{\"line\":2,\"error\":{\"code\":\"PROTOCOL_E_LIMIT_LINE\""));
    protocol_free(out);
    /* Empty input: empty output. */
    CHECK(protocol_evaluate_ndjson(pack, "", 0, NULL, &out, &length, NULL, &err) == PROTOCOL_OK);
    CHECK(out && out[0] == '\0' && length == 0);
    protocol_free(out);
}

static void test_pack_tests(void)
{
    size_t total = 0, failed = 9;
    char *report = NULL;
    protocol_error err;
    CHECK(protocol_pack_run_tests(pack, &total, &failed, &report, &err) == PROTOCOL_OK);
    CHECK(total == 3 && failed == 0);
    CHECK(report && strcmp(report, "3 passed, 0 failed\n") == 0);
    protocol_free(report);

    /* Wrong expectations, each reported with its path. */
    const char *text =
        "{\"format\": 1, \"id\": \"t\", \"version\": \"1\", \"title\": \"T\","
        " \"source\": {\"document\": \"D\", \"short\": \"S\"},"
        " \"facts\": {\"a\": {\"type\": \"bool\", \"description\": \"d\"}},"
        " \"rules\": [{\"id\": \"R\", \"title\": \"T\", \"citation\": {\"paragraph\": \"1\"},"
        "             \"met\": {\"fact\": \"a\"}}],"
        " \"duties\": [{\"id\": \"D\", \"title\": \"T\", \"citation\": {\"paragraph\": \"1\"},"
        "              \"when\": {\"fact\": \"a\"}, \"urgency\": \"immediate\"}],"
        " \"decisions\": [{\"id\": \"X\", \"title\": \"T\", \"citation\": {\"paragraph\": \"1\"},"
        "   \"cases\": [{\"when\": {\"fact\": \"a\"}, \"outcome\": \"yes\"},"
        "               {\"when\": true, \"outcome\": \"no\"}]}],"
        " \"tests\": ["
        "  {\"name\": \"right\", \"case\": {\"a\": true}, \"expect\": {\"rules\": {\"R\": \"met\"},"
        "   \"duties\": {\"D\": true}, \"decisions\": {\"X\": {\"outcome\": \"yes\"}}, "
        "\"warnings\": 0}},"
        "  {\"name\": \"wrong\", \"case\": {\"a\": false, \"b\": 1}, \"expect\": {\"rules\": "
        "{\"R\": \"met\"},"
        "   \"duties\": {\"D\": true}, \"decisions\": {\"X\": {\"outcome\": \"yes\", \"grounds\": "
        "[\"g\"]}},"
        "   \"warnings\": 0}},"
        "  {\"name\": \"bad case\", \"case\": {\"a\": 3}, \"expect\": {}}"
        "]}";
    protocol_pack *p = NULL;
    CHECK(protocol_pack_load_string(text, strlen(text), NULL, &p, &err) == PROTOCOL_OK);
    CHECK(protocol_pack_run_tests(p, &total, &failed, &report, &err) == PROTOCOL_OK);
    CHECK(total == 3 && failed == 2);
    const char *expected =
        "tests/1 \"wrong\": /decisions/X/outcome: expected \"yes\", got \"no\"\n"
        "tests/1 \"wrong\": /decisions/X/grounds: expected [\"g\"], got []\n"
        "tests/1 \"wrong\": /rules/R: expected \"met\", got \"not_met\"\n"
        "tests/1 \"wrong\": /duties/D: expected true, got false\n"
        "tests/1 \"wrong\": /warnings: expected 0, got 1\n"
        "tests/2 \"bad case\": the case does not evaluate: PROTOCOL_E_CASE: case fact a must be "
        "true or false or null, not 3\n"
        "1 passed, 2 failed\n";
    if (!report || strcmp(report, expected) != 0) {
        fprintf(stderr, "report:\n%s", report ? report : "(null)");
        failures++;
    }
    protocol_free(report);
    protocol_pack_free(p);
}

/* Constraints (warnings; errors in strict mode), consistency checks (a
 * pack test fails on a contradiction) and ask_next (the most decisive
 * unknown fact first). */
static void test_checks(void)
{
    protocol_error err;
    protocol_status s;
    protocol_eval_options o = PROTOCOL_EVAL_OPTIONS_INIT;
    /* Made 2026-11-19, needed 2026-11-20: the completion before its start. */
    const char *before = "{\"as_of\": \"2026-11-20T10:00\", \"referral\": {\"need_at\": "
                         "\"2026-11-20T09:00\", \"made_at\": \"2026-11-19T09:00\"}}";
    char *out = eval(before, &o, &s, &err);
    CHECK(s == PROTOCOL_OK && out &&
          strstr(out, "{\"path\":\"referral.made_at\",\"message\":\"constraint "
                      "\\\"K-made-before-need\\\": The referral was made before the need for it "
                      "(Test protocol 5.3)\"}"));
    protocol_free(out);
    /* The same a minute after the need: not broken. */
    const char *after = "{\"as_of\": \"2026-11-20T10:00\", \"referral\": {\"need_at\": "
                        "\"2026-11-20T09:00\", \"made_at\": \"2026-11-20T09:01\"}}";
    out = eval(after, &o, &s, &err);
    CHECK(s == PROTOCOL_OK && out && !strstr(out, "constraint"));
    protocol_free(out);
    /* Strict mode: an error naming the fact. */
    o.strict = 1;
    out = eval(before, &o, &s, &err);
    CHECK(s == PROTOCOL_E_CASE && !out && strcmp(err.place, "referral.made_at") == 0 &&
          strstr(err.message, "K-made-before-need"));
    out = eval(after, &o, &s, &err);
    CHECK(s == PROTOCOL_OK && out);
    protocol_free(out);

    const char *text =
        "{\"format\": 1, \"id\": \"t\", \"version\": \"1\", \"title\": \"T\","
        " \"source\": {\"document\": \"D\", \"short\": \"S\"},"
        " \"facts\": {\"z\": {\"type\": \"bool\", \"description\": \"d\"},"
        "             \"b\": {\"type\": \"bool\", \"description\": \"d\"},"
        "             \"a\": {\"type\": \"bool\", \"description\": \"d\"}},"
        " \"rules\": [{\"id\": \"R\", \"title\": \"T\", \"citation\": {\"paragraph\": \"1\"},"
        "             \"met\": {\"fact\": \"a\"}}],"
        " \"duties\": [{\"id\": \"U\", \"title\": \"T\", \"citation\": {\"paragraph\": \"2\"},"
        "              \"when\": {\"fact\": \"b\"}, \"urgency\": \"immediate\"}],"
        " \"decisions\": [{\"id\": \"X\", \"title\": \"T\", \"citation\": {\"paragraph\": \"3\"},"
        "   \"cases\": [{\"when\": {\"fact\": \"z\"}, \"outcome\": \"yes\"},"
        "               {\"when\": true, \"outcome\": \"no\"}]}],"
        " \"consistency\": [{\"id\": \"K\", \"decision\": \"X\", \"outcomes\": [\"no\"],"
        "   \"duties\": [\"U\"], \"message\": \"M\", \"citation\": {\"paragraph\": \"4\"}}],"
        " \"tests\": ["
        "  {\"name\": \"consistent\", \"case\": {\"z\": true, \"b\": true}, \"expect\": {}},"
        "  {\"name\": \"contradiction\", \"case\": {\"z\": false, \"b\": true}, \"expect\": {}}"
        "]}";
    protocol_pack *p = NULL;
    CHECK(protocol_pack_load_string(text, strlen(text), NULL, &p, &err) == PROTOCOL_OK);
    size_t total = 0, failed = 0;
    char *report = NULL;
    CHECK(p && protocol_pack_run_tests(p, &total, &failed, &report, &err) == PROTOCOL_OK);
    CHECK(total == 2 && failed == 1 && report &&
          strcmp(report, "tests/1 \"contradiction\": consistency \"K\": decision \"X\" is "
                         "\"no\" while duty \"U\" is triggered: M (S 4)\n"
                         "1 passed, 1 failed\n") == 0);
    protocol_free(report);
    /* ask_next for an empty case: z decides the decision (heaviest), b a
     * duty, a only a rule; the pack's order of facts (a, b, z) does not
     * rank them. */
    o = (protocol_eval_options)PROTOCOL_EVAL_OPTIONS_INIT;
    out = NULL;
    CHECK(p && protocol_evaluate_json(p, "{}", 2, &o, &out, NULL, &err) == PROTOCOL_OK);
    CHECK(out && strstr(out, "\"ask_next\":[\"z\",\"b\",\"a\"]"));
    protocol_free(out);
    /* The same through the structured API. */
    protocol_case *c = NULL;
    protocol_result *r = NULL;
    CHECK(p && protocol_case_new(p, &c, &err) == PROTOCOL_OK);
    CHECK(c && protocol_evaluate(p, c, NULL, &r, &err) == PROTOCOL_OK);
    CHECK(protocol_result_ask_next_count(r) == 3 &&
          strcmp(protocol_result_ask_next(r, 0), "z") == 0 &&
          strcmp(protocol_result_ask_next(r, 1), "b") == 0 &&
          strcmp(protocol_result_ask_next(r, 2), "a") == 0 &&
          protocol_result_ask_next(r, 3) == NULL);
    CHECK(protocol_result_ask_next_count(NULL) == 0 && protocol_result_ask_next(NULL, 0) == NULL);
    protocol_result_free(r);
    protocol_case_free(c);
    /* Knowing z and b leaves a. */
    const char *known = "{\"z\": true, \"b\": false}";
    CHECK(p &&
          protocol_evaluate_json(p, known, strlen(known), &o, &out, NULL, &err) == PROTOCOL_OK);
    CHECK(out && strstr(out, "\"ask_next\":[\"a\"]"));
    protocol_free(out);
    protocol_pack_free(p);

    /* durham-2010, an empty case: the first question settles the consent
     * decision (SPEC 7: a form asks the most decisive question first). */
    CHECK(protocol_pack_load_builtin("durham-2010", &p, &err) == PROTOCOL_OK);
    CHECK(p && protocol_evaluate_json(p, "{}", 2, &o, &out, NULL, &err) == PROTOCOL_OK);
    CHECK(out && strstr(out, "\"ask_next\":[\"consent.status\","));
    protocol_free(out);
    protocol_pack_free(p);

    /* Declarations that name what the pack lacks are refused, with the place. */
    static const struct {
        const char *member, *place;
    } bad[] = {
        {"\"consistency\": [{\"id\": \"K\", \"decision\": \"X\", \"outcomes\": [\"maybe\"],"
         " \"duties\": [\"U\"], \"message\": \"M\", \"citation\": {\"paragraph\": \"4\"}}]",
         "/consistency/0/outcomes/0"},
        {"\"consistency\": [{\"id\": \"K\", \"decision\": \"X\", \"outcomes\": [\"no\"],"
         " \"duties\": [\"V\"], \"message\": \"M\", \"citation\": {\"paragraph\": \"4\"}}]",
         "/consistency/0/duties/0"},
        {"\"consistency\": [{\"id\": \"K\", \"decision\": \"Y\", \"outcomes\": [\"no\"],"
         " \"duties\": [\"U\"], \"message\": \"M\", \"citation\": {\"paragraph\": \"4\"}}]",
         "/consistency/0/decision"},
        {"\"constraints\": [{\"id\": \"C\", \"when\": {\"fact\": \"a\"}, \"path\": \"q\","
         " \"message\": \"M\", \"citation\": {\"paragraph\": \"4\"}}]",
         "/constraints/0/path"},
        {"\"constraints\": [{\"id\": \"C\", \"when\": {\"fact\": \"a\"}, \"path\": \"a\","
         " \"message\": \"M\"}]",
         "/constraints/0"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char pack_text[2048];
        snprintf(
            pack_text, sizeof pack_text,
            "{\"format\": 1, \"id\": \"t\", \"version\": \"1\", \"title\": \"T\","
            " \"source\": {\"document\": \"D\", \"short\": \"S\"},"
            " \"facts\": {\"a\": {\"type\": \"bool\", \"description\": \"d\"}},"
            " \"duties\": [{\"id\": \"U\", \"title\": \"T\", \"citation\": "
            "{\"paragraph\": \"2\"}, \"when\": {\"fact\": \"a\"}, \"urgency\": \"immediate\"}],"
            " \"decisions\": [{\"id\": \"X\", \"title\": \"T\", \"citation\": "
            "{\"paragraph\": \"3\"}, \"cases\": [{\"when\": true, \"outcome\": \"no\"}]}],"
            " %s}",
            bad[i].member);
        p = NULL;
        CHECK(protocol_pack_load_string(pack_text, strlen(pack_text), NULL, &p, &err) ==
              PROTOCOL_E_PACK);
        if (!strstr(err.place, bad[i].place)) {
            fprintf(stderr, "bad[%zu]: place %s, not %s\n", i, err.place, bad[i].place);
            failures++;
        }
        protocol_pack_free(p);
    }
}

static void test_arguments(void)
{
    protocol_error err;
    char *out = NULL;
    size_t n;
    CHECK(protocol_evaluate_json(NULL, "{}", 2, NULL, &out, NULL, &err) ==
          PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(protocol_evaluate_json(pack, NULL, 2, NULL, &out, NULL, &err) ==
          PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(protocol_evaluate_json(pack, "{}", 2, NULL, NULL, NULL, &err) ==
          PROTOCOL_E_INVALID_ARGUMENT);
    protocol_eval_options o = PROTOCOL_EVAL_OPTIONS_INIT;
    o.struct_version = 99;
    CHECK(protocol_evaluate_json(pack, "{}", 2, &o, &out, NULL, &err) ==
          PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(protocol_evaluate_ndjson(pack, NULL, 0, NULL, &out, &n, NULL, &err) ==
          PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(protocol_case_new(NULL, NULL, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(protocol_case_set_bool(NULL, "a", 1, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(protocol_evaluate(pack, NULL, NULL, NULL, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(protocol_result_to_json(NULL, 0, &out, NULL, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(protocol_result_count(NULL, PROTOCOL_FINDING_RULE) == 0);
    CHECK(protocol_result_reason(NULL, PROTOCOL_FINDING_RULE, 0, 0) == NULL);
    CHECK(protocol_result_summary(NULL, NULL, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(protocol_pack_run_tests(NULL, NULL, NULL, NULL, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    protocol_case_free(NULL);
    protocol_case_reset(NULL);
    protocol_result_free(NULL);
    /* Not NUL-terminated text is read to its length only. */
    const char text[] = {'{', '}', 'x'};
    CHECK(protocol_evaluate_json(pack, text, 2, NULL, &out, NULL, &err) == PROTOCOL_OK);
    protocol_free(out);
}

/* The summary detail level, the structured counts, the streaming batch and
 * the options' version 1, on durham-2010. The case: consent refused, a child
 * at risk of significant harm (so sharing is permitted on that ground,
 * §2.2), and a safeguarding referral need identified Friday 2026-11-20 and
 * not made: same day (§2.3.1 step 4), so due 2026-11-20 and, as of Tuesday
 * 2026-11-24, overdue. */
static const char summary_case[] =
    "{\"as_of\": \"2026-11-24T12:00\", \"consent\": {\"status\": \"refused\"},"
    " \"concerns\": {\"child_significant_harm\": true},"
    " \"referral\": {\"need_identified_at\": \"2026-11-20T10:00\", \"safeguarding\": true}}";

typedef struct records {
    int count, stop_after;
    long lines[8];
    protocol_status status[8];
    int fails[8];
    char first[4096];
} records;

static int collect(const protocol_batch_record *record, void *user)
{
    records *r = user;
    CHECK(record->struct_version == PROTOCOL_BATCH_RECORD_VERSION);
    CHECK((record->result != NULL) == (record->status == PROTOCOL_OK));
    CHECK((record->error != NULL) == (record->status != PROTOCOL_OK));
    CHECK(record->json_length > 0 && record->json[record->json_length - 1] == '\n');
    if (r->count < 8) {
        r->lines[r->count] = (long)record->line;
        r->status[r->count] = record->status;
        protocol_result_counts counts = PROTOCOL_RESULT_COUNTS_INIT;
        protocol_error e;
        r->fails[r->count] =
            record->result && protocol_result_get_counts(record->result, &counts, &e) == PROTOCOL_OK
                ? counts.fails
                : -1;
    }
    if (r->count == 0 && record->json_length < sizeof r->first)
        memcpy(r->first, record->json, record->json_length);
    r->count++;
    return r->stop_after && r->count >= r->stop_after;
}

static void test_summary_and_stream(void)
{
    protocol_pack *durham = NULL;
    protocol_error err;
    CHECK(protocol_pack_load_builtin("durham-2010", &durham, &err) == PROTOCOL_OK);
    if (!durham)
        return;
    protocol_result *r = NULL;
    CHECK(protocol_evaluate_json_result(durham, summary_case, sizeof summary_case - 1, NULL, &r,
                                        &err) == PROTOCOL_OK);
    protocol_result_counts counts;
    protocol_result_counts_init(&counts);
    CHECK(counts.struct_version == PROTOCOL_RESULT_COUNTS_VERSION);
    CHECK(protocol_result_get_counts(r, &counts, &err) == PROTOCOL_OK);
    CHECK(counts.deadlines_overdue == 1 && counts.deadlines_late == 0 && counts.fails == 1);
    CHECK(counts.warnings == (int32_t)protocol_result_warning_count(r));
    CHECK(counts.rules_met + counts.rules_not_met + counts.rules_unknown +
              counts.rules_not_applicable + counts.rules_pending ==
          (int32_t)protocol_result_count(r, PROTOCOL_FINDING_RULE));
    protocol_result_counts bad = PROTOCOL_RESULT_COUNTS_INIT;
    bad.struct_version = 99;
    CHECK(protocol_result_get_counts(r, &bad, &err) == PROTOCOL_E_INVALID_ARGUMENT);

    char *full = NULL, *summary = NULL, *via_options = NULL;
    size_t full_length = 0, summary_length = 0;
    CHECK(protocol_result_render_json(r, PROTOCOL_DETAIL_FULL, 0, &full, &full_length, &err) ==
          PROTOCOL_OK);
    char *legacy = NULL;
    CHECK(protocol_result_to_json(r, 0, &legacy, NULL, &err) == PROTOCOL_OK);
    CHECK(full && legacy && strcmp(full, legacy) == 0);
    CHECK(protocol_result_render_json(r, PROTOCOL_DETAIL_SUMMARY, 0, &summary, &summary_length,
                                      &err) == PROTOCOL_OK);
    CHECK(protocol_result_render_json(r, (protocol_detail)7, 0, &summary, NULL, &err) ==
          PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(summary && summary_length < full_length / 4);
    CHECK(summary && strncmp(summary, "{\"pack\":{\"id\":\"durham-2010\",", 28) == 0);
    CHECK(summary && strstr(summary, "\"as_of\":\"2026-11-24T12:00:00+00:00\""));
    CHECK(summary && strstr(summary, "{\"id\":\"consent-override\",\"outcome\":\"permitted\","
                                     "\"grounds\":[\"child_significant_harm\"]"));
    CHECK(summary &&
          strstr(summary, "{\"id\":\"referral\",\"status\":\"overdue\",\"due\":\"2026-11-20\"}"));
    CHECK(summary && strstr(summary, "\"deadlines_late\":0,\"deadlines_overdue\":1}}"));
    /* Titles, reasons and citations are the pack's, not the summary's. */
    CHECK(summary && !strstr(summary, "\"title\"") && !strstr(summary, "\"citation\"") &&
          !strstr(summary, "\"reasons\""));

    /* The same through the options, version 2; a version 1 struct is full. */
    protocol_eval_options options;
    protocol_eval_options_init(&options);
    CHECK(options.struct_version == PROTOCOL_EVAL_OPTIONS_VERSION && options.detail == 0);
    options.detail = PROTOCOL_DETAIL_SUMMARY;
    CHECK(protocol_evaluate_json(durham, summary_case, sizeof summary_case - 1, &options,
                                 &via_options, NULL, &err) == PROTOCOL_OK);
    CHECK(via_options && summary && strcmp(via_options, summary) == 0);
    protocol_free(via_options);
    via_options = NULL;
    options.struct_version = 1;
    options.detail = 12345; /* past a version 1 struct's end: never read */
    CHECK(protocol_evaluate_json(durham, summary_case, sizeof summary_case - 1, &options,
                                 &via_options, NULL, &err) == PROTOCOL_OK);
    CHECK(via_options && full && strcmp(via_options, full) == 0);
    protocol_free(via_options);
    options.struct_version = 2;
    CHECK(protocol_evaluate_json(durham, summary_case, sizeof summary_case - 1, &options,
                                 &via_options, NULL, &err) == PROTOCOL_E_INVALID_ARGUMENT);

    /* Streaming: line 1 good, 2 blank, 3 refused, 4 good; in order. */
    char batch[2048];
    snprintf(batch, sizeof batch,
             "%s\n\n{\"subject\": {\"age\": -1}}\n{\"consent\": "
             "{\"status\": \"given\"}}\n",
             summary_case);
    records got;
    memset(&got, 0, sizeof got);
    size_t failed = 0;
    options.detail = PROTOCOL_DETAIL_SUMMARY;
    CHECK(protocol_evaluate_ndjson_each(durham, batch, strlen(batch), &options, collect, &got,
                                        &failed, &err) == PROTOCOL_OK);
    CHECK(got.count == 3 && failed == 1);
    CHECK(got.lines[0] == 1 && got.lines[1] == 3 && got.lines[2] == 4);
    CHECK(got.status[0] == PROTOCOL_OK && got.status[1] == PROTOCOL_E_CASE &&
          got.status[2] == PROTOCOL_OK);
    CHECK(got.fails[0] == 1 && got.fails[1] == -1);
    CHECK(summary && strncmp(got.first, summary, summary_length) == 0 &&
          got.first[summary_length] == '\n');
    /* The gathered batch is the records, one after the other. */
    char *all = NULL;
    CHECK(protocol_evaluate_ndjson(durham, batch, strlen(batch), &options, &all, NULL, NULL,
                                   &err) == PROTOCOL_OK);
    CHECK(all && strstr(all, "{\"line\":3,\"error\":{\"code\":\"PROTOCOL_E_CASE\""));
    protocol_free(all);
    /* A callback that says stop: no further line is evaluated. */
    memset(&got, 0, sizeof got);
    got.stop_after = 1;
    CHECK(protocol_evaluate_ndjson_each(durham, batch, strlen(batch), &options, collect, &got,
                                        &failed, &err) == PROTOCOL_OK);
    CHECK(got.count == 1 && failed == 0);
    CHECK(protocol_evaluate_ndjson_each(durham, batch, strlen(batch), &options, NULL, &got, NULL,
                                        &err) == PROTOCOL_E_INVALID_ARGUMENT);

    protocol_deadline_rule rule;
    protocol_deadline_rule_init(&rule);
    CHECK(rule.struct_version == PROTOCOL_DEADLINE_RULE_VERSION && rule.cutoff_minute == -1);
    protocol_free(full);
    protocol_free(legacy);
    protocol_free(summary);
    protocol_result_free(r);
    protocol_pack_free(durham);
}

int main(void)
{
    protocol_error err;
    char path[4096];
    const char *root = getenv("PROTOCOL_SOURCE_ROOT");
    snprintf(path, sizeof path, "%s/tests/data/packs/everything.json", root ? root : ".");
    if (protocol_pack_load_file(path, NULL, &pack, &err) != PROTOCOL_OK) {
        fprintf(stderr, "%s: %s\n", err.place, err.message);
        return 1;
    }
    test_golden();
    test_case_errors();
    test_null_is_unknown();
    test_duty_due();
    test_ongoing_and_applies();
    test_durham_referral_applies();
    test_as_of_precedence();
    test_structured();
    test_ndjson();
    test_pack_tests();
    test_checks();
    test_summary_and_stream();
    test_arguments();
    protocol_pack_free(pack);
    if (failures)
        fprintf(stderr, "%d checks failed\n", failures);
    return failures ? 1 : 0;
}
