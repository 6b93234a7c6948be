/*
 * Tests for lib/condition.c: the full Kleene truth tables of all, any and
 * not, which unknown facts are listed as missing (and which are not), and
 * every comparison form, each worked out by hand from docs/pack-format.md.
 * Conditions are the `met` of rules in a small pack, driven through the
 * structured case API.
 */
#include "protocol/protocol.h"

#include <stdio.h>
#include <string.h>

#include "check.h"

#define RULE(id, met)                                                                              \
    "{\"id\": \"" id "\", \"title\": \"t\", \"citation\": {\"paragraph\": \"1\"}, \"met\": " met "}"

/* clang-format off: one rule a line */
static const char pack_text[] =
    "{\"format\": 1, \"id\": \"conditions\", \"version\": \"1\", \"title\": \"Conditions\","
    " \"source\": {\"document\": \"D\", \"short\": \"S\"},"
    " \"facts\": {"
    "  \"a\": {\"type\": \"bool\", \"description\": \"d\"},"
    "  \"b\": {\"type\": \"bool\", \"description\": \"d\"},"
    "  \"c\": {\"type\": \"bool\", \"description\": \"d\"},"
    "  \"n\": {\"type\": \"integer\", \"min\": 0, \"max\": 130, \"description\": \"d\"},"
    "  \"k\": {\"type\": \"enum\", \"values\": [\"red\", \"green\", \"blue\"], \"description\": \"d\"},"
    "  \"s\": {\"type\": \"string\", \"description\": \"d\"},"
    "  \"t\": {\"type\": \"datetime\", \"description\": \"d\"},"
    "  \"u\": {\"type\": \"datetime\", \"description\": \"d\"}},"
    " \"definitions\": {\"a-and-b\": {\"all\": [{\"fact\": \"a\"}, {\"fact\": \"b\"}]},"
    "                   \"via-ref\": {\"ref\": \"a-and-b\"}},"
    " \"rules\": ["
    RULE("all", "{\"all\": [{\"fact\": \"a\"}, {\"fact\": \"b\"}]}") ","
    RULE("any", "{\"any\": [{\"fact\": \"a\"}, {\"fact\": \"b\"}]}") ","
    RULE("not", "{\"not\": {\"fact\": \"a\"}}") ","
    RULE("ref", "{\"ref\": \"via-ref\"}") ","
    RULE("twice", "{\"any\": [{\"fact\": \"a\"}, {\"not\": {\"fact\": \"a\"}}]}") ","
    RULE("all0", "{\"all\": []}") ","
    RULE("any0", "{\"any\": []}") ","
    RULE("true", "true") ","
    RULE("false", "false") ","
    RULE("nested", "{\"any\": [{\"all\": [{\"fact\": \"a\"}, {\"fact\": \"b\"}]}, {\"not\": {\"fact\": \"c\"}}]}") ","
    RULE("known", "{\"known\": \"n\"}") ","
    RULE("eqk", "{\"eq\": [\"k\", \"red\"]}") ","
    RULE("ink", "{\"in\": [\"k\", [\"red\", \"blue\"]]}") ","
    RULE("eqn", "{\"eq\": [\"n\", 17]}") ","
    RULE("inn", "{\"in\": [\"n\", [1, 2, 3]]}") ","
    RULE("eqb", "{\"eq\": [\"a\", false]}") ","
    RULE("inb", "{\"in\": [\"a\", [true, false]]}") ","
    RULE("inb0", "{\"in\": [\"a\", []]}") ","
    RULE("eqs", "{\"eq\": [\"s\", \"hello\"]}") ","
    RULE("ins", "{\"in\": [\"s\", [\"x\", \"y\"]]}") ","
    RULE("lt", "{\"lt\": [\"n\", 18]}") ","
    RULE("le", "{\"le\": [\"n\", 18]}") ","
    RULE("gt", "{\"gt\": [\"n\", 18]}") ","
    RULE("ge", "{\"ge\": [\"n\", 18]}") ","
    RULE("ltf", "{\"lt\": [\"n\", 17.5]}") ","
    RULE("tlt", "{\"lt\": [\"t\", \"2026-11-20T12:00\"]}") ","
    RULE("tge-date", "{\"ge\": [\"t\", \"2026-11-20\"]}") ","
    RULE("tutc", "{\"lt\": [\"t\", \"2026-07-01T12:00:00Z\"]}") ","
    RULE("tfact", "{\"le\": [\"t\", {\"fact\": \"u\"}]}") ","
    "{\"id\": \"applies\", \"title\": \"t\", \"citation\": {\"paragraph\": \"1\"},"
    " \"applies\": {\"fact\": \"c\"}, \"met\": {\"fact\": \"a\"}}"
    "]}";
/* clang-format on */

static protocol_pack *pack;
static protocol_case *kase;

/* Set bool fact `path` to 0 (false), 1 (true) or 2 (unknown). */
static void set3(const char *path, int v)
{
    if (v == 2)
        CHECK(protocol_case_unset(kase, path, NULL) == PROTOCOL_OK);
    else
        CHECK(protocol_case_set_bool(kase, path, v, NULL) == PROTOCOL_OK);
}

/* The status of rule `id` for the case as it stands, and its missing facts
 * joined by spaces into `missing`. */
static const char *status(const char *id, char *missing, size_t size)
{
    static char buf[32];
    protocol_result *r = NULL;
    protocol_error err;
    buf[0] = '\0';
    if (missing)
        missing[0] = '\0';
    if (protocol_evaluate(pack, kase, NULL, &r, &err) != PROTOCOL_OK) {
        fprintf(stderr, "evaluate: %s\n", err.message);
        failures++;
        return "error";
    }
    size_t n = protocol_result_count(r, PROTOCOL_FINDING_RULE);
    for (size_t i = 0; i < n; i++) {
        protocol_finding f;
        CHECK(protocol_result_get(r, PROTOCOL_FINDING_RULE, i, &f, NULL) == PROTOCOL_OK);
        if (strcmp(f.id, id) != 0)
            continue;
        snprintf(buf, sizeof buf, "%s", f.status);
        for (size_t k = 0; missing && k < f.missing_fact_count; k++) {
            const char *m = protocol_result_missing_fact(r, PROTOCOL_FINDING_RULE, i, k);
            size_t used = strlen(missing);
            snprintf(missing + used, size - used, "%s%s", k ? " " : "", m ? m : "?");
        }
        CHECK(protocol_result_missing_fact(r, PROTOCOL_FINDING_RULE, i, f.missing_fact_count) ==
              NULL);
    }
    protocol_result_free(r);
    return buf;
}

static int is(const char *id, const char *expected)
{
    const char *got = status(id, NULL, 0);
    if (strcmp(got, expected) != 0) {
        fprintf(stderr, "  rule %s: expected %s, got %s\n", id, expected, got);
        return 0;
    }
    return 1;
}

static int missing_is(const char *id, const char *expected)
{
    char missing[256];
    status(id, missing, sizeof missing);
    if (strcmp(missing, expected) != 0) {
        fprintf(stderr, "  rule %s: expected missing [%s], got [%s]\n", id, expected, missing);
        return 0;
    }
    return 1;
}

static const char *const name3[] = {"not_met", "met", "unknown"};

static void test_truth_tables(void)
{
    /* Kleene: rows a = false, true, unknown; columns b likewise. */
    static const int all[3][3] = {{0, 0, 0}, {0, 1, 2}, {0, 2, 2}};
    static const int any[3][3] = {{0, 1, 2}, {1, 1, 1}, {2, 1, 2}};
    static const int not_[3] = {1, 0, 2};
    for (int a = 0; a < 3; a++) {
        for (int b = 0; b < 3; b++) {
            set3("a", a);
            set3("b", b);
            CHECK(is("all", name3[all[a][b]]));
            CHECK(is("ref", name3[all[a][b]])); /* a ref is its definition */
            CHECK(is("any", name3[any[a][b]]));
        }
        CHECK(is("not", name3[not_[a]]));
    }
    CHECK(is("all0", "met"));
    CHECK(is("any0", "not_met"));
    CHECK(is("true", "met"));
    CHECK(is("false", "not_met"));
}

static void test_missing_facts(void)
{
    protocol_case_reset(kase);
    /* Unknown facts that decided an unknown result are listed... */
    set3("a", 1);
    CHECK(missing_is("all", "b"));
    CHECK(missing_is("any", "")); /* a true: b did not matter */
    set3("a", 0);
    CHECK(missing_is("all", "")); /* a false: b did not matter */
    CHECK(missing_is("any", "b"));
    set3("a", 2);
    CHECK(missing_is("all", "a b"));
    CHECK(missing_is("any", "a b"));
    CHECK(missing_is("not", "a"));
    set3("b", 0);
    CHECK(missing_is("all", "")); /* false whatever a is */
    CHECK(missing_is("any", "a"));
    /* nested: any[all[a, b], not c] */
    set3("a", 2);
    set3("b", 1);
    set3("c", 2);
    CHECK(is("nested", "unknown"));
    CHECK(missing_is("nested", "a c"));
    set3("c", 0); /* not c is true: nothing else mattered */
    CHECK(is("nested", "met"));
    CHECK(missing_is("nested", ""));
    set3("b", 0);
    set3("c", 1); /* all[a?, false] false, not c false */
    CHECK(is("nested", "not_met"));
    CHECK(missing_is("nested", ""));
    /* A fact read twice is listed once; a or not a is unknown (Kleene). */
    protocol_case_reset(kase);
    CHECK(is("twice", "unknown"));
    CHECK(missing_is("twice", "a"));
    CHECK(missing_is("ref", "a b"));
    /* applies unknown: the rule is unknown, listing what applies read. */
    set3("a", 1);
    CHECK(is("applies", "unknown"));
    CHECK(missing_is("applies", "c"));
    set3("c", 0);
    CHECK(is("applies", "not_applicable"));
    CHECK(missing_is("applies", ""));
    set3("c", 1);
    CHECK(is("applies", "met"));
    /* known is never unknown and never lists anything. */
    CHECK(is("known", "not_met"));
    CHECK(missing_is("known", ""));
}

static void test_comparisons(void)
{
    protocol_case_reset(kase);
    /* Unknown operands give unknown, naming the fact. */
    const char *ids[] = {"eqk", "ink", "eqn", "inn", "eqb", "eqs", "ins", "lt", "tlt"};
    const char *facts[] = {"k", "k", "n", "n", "a", "s", "s", "n", "t"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        CHECK(is(ids[i], "unknown"));
        CHECK(missing_is(ids[i], facts[i]));
    }
    CHECK(protocol_case_set_string(kase, "k", "red", NULL) == PROTOCOL_OK);
    CHECK(is("eqk", "met") && is("ink", "met"));
    CHECK(protocol_case_set_string(kase, "k", "green", NULL) == PROTOCOL_OK);
    CHECK(is("eqk", "not_met") && is("ink", "not_met"));
    CHECK(protocol_case_set_string(kase, "k", "blue", NULL) == PROTOCOL_OK);
    CHECK(is("ink", "met"));

    CHECK(protocol_case_set_integer(kase, "n", 17, NULL) == PROTOCOL_OK);
    CHECK(is("known", "met"));
    CHECK(is("eqn", "met") && is("inn", "not_met"));
    CHECK(is("lt", "met") && is("le", "met") && is("gt", "not_met") && is("ge", "not_met"));
    CHECK(is("ltf", "met")); /* 17 < 17.5 */
    CHECK(protocol_case_set_integer(kase, "n", 18, NULL) == PROTOCOL_OK);
    CHECK(is("lt", "not_met") && is("le", "met") && is("gt", "not_met") && is("ge", "met"));
    CHECK(is("ltf", "not_met"));
    CHECK(protocol_case_set_integer(kase, "n", 2, NULL) == PROTOCOL_OK);
    CHECK(is("inn", "met") && is("eqn", "not_met"));

    set3("a", 2);
    CHECK(is("inb", "unknown") && missing_is("inb", "a")); /* unknown, though any value matches */
    CHECK(is("inb0", "unknown"));
    set3("a", 0);
    CHECK(is("eqb", "met") && is("inb", "met") && is("inb0", "not_met"));
    set3("a", 1);
    CHECK(is("eqb", "not_met") && is("inb", "met") && is("inb0", "not_met"));

    CHECK(protocol_case_set_string(kase, "s", "hello", NULL) == PROTOCOL_OK);
    CHECK(is("eqs", "met") && is("ins", "not_met"));
    CHECK(protocol_case_set_string(kase, "s", "y", NULL) == PROTOCOL_OK);
    CHECK(is("eqs", "not_met") && is("ins", "met"));

    /* Datetimes: local times; a bare date is the start of its day. */
    CHECK(protocol_case_set_time(kase, "t", "2026-11-20T11:59:59", NULL) == PROTOCOL_OK);
    CHECK(is("tlt", "met") && is("tge-date", "met"));
    CHECK(protocol_case_set_time(kase, "t", "2026-11-20T12:00", NULL) == PROTOCOL_OK);
    CHECK(is("tlt", "not_met"));
    CHECK(protocol_case_set_time(kase, "t", "2026-11-20", NULL) == PROTOCOL_OK);
    CHECK(is("tlt", "met") && is("tge-date", "met")); /* 00:00 is not before 00:00 */
    CHECK(protocol_case_set_time(kase, "t", "2026-11-19T23:59", NULL) == PROTOCOL_OK);
    CHECK(is("tge-date", "not_met"));
    /* 12:00Z on 1 July is 13:00 BST: 12:30 local is before it. */
    CHECK(protocol_case_set_time(kase, "t", "2026-07-01T12:30", NULL) == PROTOCOL_OK);
    CHECK(is("tutc", "met"));
    CHECK(protocol_case_set_time(kase, "t", "2026-07-01T13:00", NULL) == PROTOCOL_OK);
    CHECK(is("tutc", "not_met"));
    /* Against another fact, unknown until both are known. */
    CHECK(is("tfact", "unknown") && missing_is("tfact", "u"));
    CHECK(protocol_case_set_time(kase, "u", "2026-07-01T12:00:00Z", NULL) == PROTOCOL_OK);
    CHECK(is("tfact", "met")); /* 13:00 <= 13:00 */
    CHECK(protocol_case_set_time(kase, "u", "2026-07-01T12:59", NULL) == PROTOCOL_OK);
    CHECK(is("tfact", "not_met"));
    CHECK(protocol_case_unset(kase, "t", NULL) == PROTOCOL_OK);
    CHECK(protocol_case_unset(kase, "u", NULL) == PROTOCOL_OK);
    CHECK(missing_is("tfact", "t"));
}

int main(void)
{
    protocol_error err;
    if (protocol_pack_load_string(pack_text, strlen(pack_text), NULL, &pack, &err) != PROTOCOL_OK) {
        fprintf(stderr, "pack: %s at %s %d:%d\n", err.message, err.place, err.line, err.column);
        return 1;
    }
    if (protocol_case_new(pack, &kase, &err) != PROTOCOL_OK)
        return 1;
    test_truth_tables();
    test_missing_facts();
    test_comparisons();
    protocol_case_free(kase);
    protocol_pack_free(pack);
    if (failures)
        fprintf(stderr, "%d checks failed\n", failures);
    return failures ? 1 : 0;
}
