/*
 * Tests for lib/pack_set.c and the effective dates of pack_compile.c:
 * dates and `supersedes` are validated; among packs given together, a
 * family name picks the version in force on the as-of date (worked by hand
 * below); the result names the version; the built-in information-sharing
 * family gives 2018 for a case of 2023 and 2024 for one of 2025.
 */
#include "protocol/protocol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* A minimal pack of family "demo": id, then the members after "title". */
static protocol_pack *load(const char *id, const char *dates, protocol_status want,
                           const char *words)
{
    char text[1024];
    snprintf(text, sizeof text,
             "{\"format\": 1, \"id\": \"%s\", \"version\": \"1\", \"title\": \"t\", %s"
             "\"source\": {\"document\": \"d\", \"short\": \"s\"},"
             "\"facts\": {\"a\": {\"type\": \"bool\", \"description\": \"a\"}},"
             "\"rules\": [{\"id\": \"R\", \"title\": \"r\", \"citation\": {\"paragraph\": \"1\"},"
             "\"met\": {\"fact\": \"a\"}}]}",
             id, dates);
    protocol_pack *p = NULL;
    protocol_error err;
    memset(&err, 0, sizeof err);
    protocol_status s = protocol_pack_load_string(text, strlen(text), NULL, &p, &err);
    CHECK(s == want);
    if (s != want)
        fprintf(stderr, "  %s: %s\n", id, err.message);
    if (words)
        CHECK(strstr(err.message, words) != NULL);
    return p;
}

static void test_validation(void)
{
    CHECK(!load("demo-1", "\"effective_from\": \"2024-02-30\",", PROTOCOL_E_PACK, "exists"));
    CHECK(!load("demo-1", "\"effective_from\": \"2024-05-01\", \"effective_to\": \"2024-04-30\",",
                PROTOCOL_E_PACK, "before"));
    CHECK(!load("demo-1", "\"effective_to\": \"2024-04-30\",", PROTOCOL_E_PACK, "needs"));
    CHECK(!load("demo-1", "\"effective_from\": \"2024-05-01\", \"supersedes\": \"demo-1\",",
                PROTOCOL_E_PACK, "itself"));
    CHECK(!load("demo-1", "\"supersedes\": \"demo-0\",", PROTOCOL_E_PACK, "effective_from"));
    CHECK(!load("demo-1", "\"effective_from\": \"2024-05-01\", \"supersedes\": \"Demo 0\",",
                PROTOCOL_E_PACK, "pack id"));
    protocol_pack *p = load("demo-2024", "\"effective_from\": \"2024-05-01\",", PROTOCOL_OK, NULL);
    CHECK(p && strcmp(protocol_pack_family(p), "demo") == 0);
    CHECK(p && strcmp(protocol_pack_effective_from(p), "2024-05-01") == 0);
    CHECK(p && protocol_pack_effective_to(p) == NULL && protocol_pack_supersedes(p) == NULL);
    /* The result names the version, its family and its dates. */
    char *json = NULL;
    const char *c = "{\"as_of\": \"2024-06-01\", \"a\": true}";
    CHECK(p && protocol_evaluate_json(p, c, strlen(c), NULL, &json, NULL, NULL) == PROTOCOL_OK);
    CHECK(json && strstr(json, "\"pack\":{\"id\":\"demo-2024\",\"version\":\"1\",\"title\":\"t\","
                               "\"family\":\"demo\",\"effective_from\":\"2024-05-01\","
                               "\"effective_to\":null,\"supersedes\":null}"));
    protocol_free(json);
    protocol_pack_free(p);
    /* Families: a trailing "-digits" goes; anything else stays. */
    p = load("demo", "", PROTOCOL_OK, NULL);
    CHECK(p && strcmp(protocol_pack_family(p), "demo") == 0);
    protocol_pack_free(p);
    p = load("demo-v2", "", PROTOCOL_OK, NULL);
    CHECK(p && strcmp(protocol_pack_family(p), "demo-v2") == 0);
    protocol_pack_free(p);
    p = load("2018", "", PROTOCOL_OK, NULL);
    CHECK(p && strcmp(protocol_pack_family(p), "2018") == 0);
    protocol_pack_free(p);
}

static size_t pick(const protocol_pack *const *set, size_t n, const char *name, const char *as_of,
                   protocol_status want)
{
    size_t index = 99;
    protocol_error err;
    memset(&err, 0, sizeof err);
    protocol_status s = protocol_pack_select(set, n, name, as_of, &index, &err);
    CHECK(s == want);
    if (s != want)
        fprintf(stderr, "  %s at %s: %s\n", name, as_of ? as_of : "-", err.message);
    return s == PROTOCOL_OK ? index : 99;
}

static void test_select(void)
{
    protocol_pack *old =
        load("demo-2018", "\"effective_from\": \"2018-07-01\",", PROTOCOL_OK, NULL);
    protocol_pack *mid =
        load("demo-2024", "\"effective_from\": \"2024-05-01\", \"supersedes\": \"demo-2018\",",
             PROTOCOL_OK, NULL);
    protocol_pack *other = load("other", "", PROTOCOL_OK, NULL);
    const protocol_pack *set[] = {old, mid, other};
    /* 2018-06-30: before the first version took effect. */
    CHECK(pick(set, 3, "demo", "2018-06-30", PROTOCOL_E_NOT_FOUND) == 99);
    CHECK(pick(set, 3, "demo", "2018-07-01", PROTOCOL_OK) == 0);
    /* 2024-04-30T23:59 is still 30 April in UK local time: 2018 in force. */
    CHECK(pick(set, 3, "demo", "2024-04-30T23:59", PROTOCOL_OK) == 0);
    /* 2024-04-30T23:30Z is 00:30 BST on 1 May: the 2024 version. */
    CHECK(pick(set, 3, "demo", "2024-04-30T23:30:00Z", PROTOCOL_OK) == 1);
    CHECK(pick(set, 3, "demo", "2025-01-10", PROTOCOL_OK) == 1);
    /* An id is that pack, whatever the date. */
    CHECK(pick(set, 3, "demo-2018", "2025-01-10", PROTOCOL_OK) == 0);
    CHECK(pick(set, 3, "other", NULL, PROTOCOL_OK) == 2);
    CHECK(pick(set, 3, "demo", NULL, PROTOCOL_E_INVALID_ARGUMENT) == 99);
    CHECK(pick(set, 3, "nothing", "2025-01-10", PROTOCOL_E_NOT_FOUND) == 99);
    CHECK(pick(set, 3, "demo", "2025-13-01", PROTOCOL_E_DATETIME) == 99);
    /* Without the 2024 version, 2018 stays in force (no effective_to). */
    CHECK(pick(set, 1, "demo", "2025-01-10", PROTOCOL_OK) == 0);
    /* Without the 2018 version, "supersedes" names a pack not given. */
    CHECK(pick(set + 1, 2, "demo", "2025-01-10", PROTOCOL_E_PACK) == 99);
    /* Two versions in force at once, neither superseding the other. */
    protocol_pack *rival =
        load("demo-2020", "\"effective_from\": \"2020-01-01\",", PROTOCOL_OK, NULL);
    const protocol_pack *clash[] = {old, rival};
    CHECK(pick(clash, 2, "demo", "2019-12-31", PROTOCOL_OK) == 0);
    CHECK(pick(clash, 2, "demo", "2020-01-01", PROTOCOL_E_PACK) == 99);
    /* An effective_to ends a version: the day itself is included. */
    protocol_pack *ended = load("demo-2010",
                                "\"effective_from\": \"2010-01-01\", \"effective_to\": "
                                "\"2018-06-30\",",
                                PROTOCOL_OK, NULL);
    const protocol_pack *chain[] = {ended, old};
    CHECK(pick(chain, 2, "demo", "2018-06-30", PROTOCOL_OK) == 0);
    CHECK(pick(chain, 2, "demo", "2018-07-01", PROTOCOL_OK) == 1);
    /* A successor that does not start after what it supersedes. */
    protocol_pack *early = load("demo-2017",
                                "\"effective_from\": \"2017-01-01\", \"supersedes\": "
                                "\"demo-2018\",",
                                PROTOCOL_OK, NULL);
    const protocol_pack *bad[] = {old, early};
    CHECK(pick(bad, 2, "demo", "2019-01-01", PROTOCOL_E_PACK) == 99);
    const protocol_pack *twice[] = {old, old};
    CHECK(pick(twice, 2, "demo", "2019-01-01", PROTOCOL_E_PACK) == 99);
    size_t index;
    CHECK(protocol_pack_select(NULL, 0, "demo", "2019-01-01", &index, NULL) ==
          PROTOCOL_E_NOT_FOUND);
    CHECK(protocol_pack_select(set, 3, NULL, "2019-01-01", &index, NULL) ==
          PROTOCOL_E_INVALID_ARGUMENT);
    protocol_pack_free(early);
    protocol_pack_free(ended);
    protocol_pack_free(rival);
    protocol_pack_free(other);
    protocol_pack_free(mid);
    protocol_pack_free(old);
}

static void test_case_as_of(void)
{
    char *as_of = NULL;
    const char *c = "{\"as_of\": \"2025-03-04T09:30\", \"x\": 1}";
    CHECK(protocol_case_json_as_of(c, strlen(c), NULL, &as_of, NULL) == PROTOCOL_OK);
    CHECK(as_of && strcmp(as_of, "2025-03-04T09:30:00+00:00") == 0);
    protocol_free(as_of);
    protocol_eval_options o = PROTOCOL_EVAL_OPTIONS_INIT;
    o.as_of = "2023-07-01";
    CHECK(protocol_case_json_as_of(c, strlen(c), &o, &as_of, NULL) == PROTOCOL_OK);
    CHECK(as_of && strcmp(as_of, "2023-07-01") == 0);
    protocol_free(as_of);
    o.as_of = NULL;
    o.default_as_of = "2022-01-01";
    const char *none = "{\"x\": 1}";
    CHECK(protocol_case_json_as_of(none, strlen(none), &o, &as_of, NULL) == PROTOCOL_OK);
    CHECK(as_of && strcmp(as_of, "2022-01-01") == 0);
    protocol_free(as_of);
    CHECK(protocol_case_json_as_of(none, strlen(none), NULL, &as_of, NULL) == PROTOCOL_OK);
    CHECK(as_of == NULL);
    const char *bad = "{\"as_of\": 5}";
    CHECK(protocol_case_json_as_of(bad, strlen(bad), NULL, &as_of, NULL) == PROTOCOL_E_CASE);
    CHECK(protocol_case_json_as_of("{", 1, NULL, &as_of, NULL) == PROTOCOL_E_JSON);
}

static void test_builtin(void)
{
    const char *id = NULL;
    protocol_error err;
    memset(&err, 0, sizeof err);
    CHECK(protocol_builtin_pack_select("durham-2010", NULL, &id, &err) == PROTOCOL_OK);
    CHECK(id && strcmp(id, "durham-2010") == 0);
    CHECK(protocol_builtin_pack_select("no-such-family", "2025-01-01", &id, &err) ==
          PROTOCOL_E_NOT_FOUND);
    /* The information-sharing advice: July 2018, replaced 19 April 2024. */
    CHECK(protocol_builtin_pack_select("england-info-sharing", "2023-06-01T10:00", &id, &err) ==
          PROTOCOL_OK);
    CHECK(id && strcmp(id, "england-info-sharing-2018") == 0);
    CHECK(protocol_builtin_pack_select("england-info-sharing", "2025-01-15", &id, &err) ==
          PROTOCOL_OK);
    CHECK(id && strcmp(id, "england-info-sharing-2024") == 0);
    CHECK(protocol_builtin_pack_select("england-info-sharing", "2024-04-18", &id, &err) ==
          PROTOCOL_OK);
    CHECK(id && strcmp(id, "england-info-sharing-2018") == 0);
    CHECK(protocol_builtin_pack_select("england-info-sharing", "2024-04-19", &id, &err) ==
          PROTOCOL_OK);
    CHECK(id && strcmp(id, "england-info-sharing-2024") == 0);
    CHECK(protocol_builtin_pack_select("england-info-sharing", "2018-06-30", &id, &err) ==
          PROTOCOL_E_NOT_FOUND);
    CHECK(strstr(err.message, "england-info-sharing-2018 from 2018-07-01") != NULL);
    CHECK(protocol_builtin_pack_select("england-info-sharing", NULL, &id, &err) ==
          PROTOCOL_E_INVALID_ARGUMENT);
    /* The same case through each version: consent is the 2018 basis, not the 2024 one. */
    const char *c = "{\"risk\": {\"child_at_risk\": true}, \"consent\": {\"status\": \"given\"},"
                    " \"basis\": {\"identified\": false}}";
    const char *years[2][2] = {{"2023-06-01", "\"outcome\":\"share_with_consent\""},
                               {"2025-01-15", "\"outcome\":\"lawful_basis_needed\""}};
    for (int y = 0; y < 2; y++) {
        protocol_eval_options o = PROTOCOL_EVAL_OPTIONS_INIT;
        o.as_of = years[y][0];
        char *as_of = NULL, *json = NULL;
        protocol_pack *p = NULL;
        CHECK(protocol_case_json_as_of(c, strlen(c), &o, &as_of, &err) == PROTOCOL_OK);
        CHECK(protocol_builtin_pack_select("england-info-sharing", as_of, &id, &err) ==
              PROTOCOL_OK);
        CHECK(protocol_pack_load_builtin(id, &p, &err) == PROTOCOL_OK);
        CHECK(p && protocol_evaluate_json(p, c, strlen(c), &o, &json, NULL, &err) == PROTOCOL_OK);
        CHECK(json && strstr(json, years[y][1]) != NULL);
        protocol_free(json);
        protocol_free(as_of);
        protocol_pack_free(p);
    }
    size_t ids[64], count = 0;
    CHECK(protocol_builtin_pack_in_force("2025-01-01", ids, 64, &count, &err) == PROTOCOL_OK);
    CHECK(count > 0 && count <= protocol_builtin_pack_count());
    CHECK(protocol_builtin_pack_in_force("2025-01-01", ids, 0, &count, &err) ==
          PROTOCOL_E_BUFFER_TOO_SMALL);
}

int main(void)
{
    test_validation();
    test_select();
    test_case_as_of();
    test_builtin();
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
