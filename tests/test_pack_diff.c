/*
 * Tests for lib/pack_diff.c: two small packs differing in one member of
 * each kind give exactly those changes, each with its member, aspect and
 * both texts; a pack against itself gives none; the built-in 2018 and 2024
 * information-sharing packs give the changes the 2024 advice made (consent
 * not the default where a child is at risk; identities protected); the
 * JSON and text forms hold the same changes.
 */
#include "protocol/protocol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static const char *const pack_a =
    "{\"format\": 1, \"id\": \"demo-2020\", \"version\": \"1\", \"title\": \"Demo\","
    "\"source\": {\"document\": \"D\", \"short\": \"D\"},"
    "\"facts\": {\"a\": {\"type\": \"bool\", \"description\": \"A\"},"
    "  \"s\": {\"type\": \"datetime\", \"description\": \"S\"},"
    "  \"gone\": {\"type\": \"bool\", \"description\": \"Gone\"},"
    "  \"k\": {\"type\": \"enum\", \"values\": [\"x\", \"y\"], \"description\": \"K\"}},"
    "\"decisions\": [{\"id\": \"D1\", \"title\": \"d\", \"citation\": {\"paragraph\": \"1\"},"
    "  \"grounds\": [{\"id\": \"g\", \"when\": {\"fact\": \"a\"}, \"reason\": \"G\","
    "                 \"citation\": {\"paragraph\": \"1.1\"}}],"
    "  \"cases\": [{\"when\": {\"fact\": \"a\"}, \"outcome\": \"yes\"},"
    "            {\"when\": true, \"outcome\": \"no\"}]}],"
    "\"rules\": [{\"id\": \"R1\", \"title\": \"r\", \"citation\": {\"paragraph\": \"2\"},"
    "            \"met\": {\"fact\": \"a\"}},"
    "           {\"id\": \"R2\", \"title\": \"old\", \"citation\": {\"paragraph\": \"3\"},"
    "            \"met\": {\"fact\": \"gone\"}}],"
    "\"duties\": [{\"id\": \"U1\", \"title\": \"u\", \"citation\": {\"paragraph\": \"4\"},"
    "             \"when\": {\"fact\": \"a\"}, \"urgency\": {\"working_days\": 3}}],"
    "\"deadlines\": [{\"id\": \"L1\", \"title\": \"l\", \"citation\": {\"paragraph\": \"5\"},"
    "  \"start\": \"s\", \"variants\": [{\"rule\": \"working_days_after\", \"working_days\": "
    "10}]}]}";

/* The same pack with: a fact added and one removed, an enum value added,
 * the decision's first case condition changed, the ground's citation
 * changed, rule R1's title changed, R2 removed and R3 added, the duty's
 * working days changed, the deadline's rule changed to same day. */
static const char *const pack_b =
    "{\"format\": 1, \"id\": \"demo-2024\", \"version\": \"2\", \"title\": \"Demo\","
    "\"effective_from\": \"2024-01-01\","
    "\"source\": {\"document\": \"D\", \"short\": \"D\"},"
    "\"facts\": {\"a\": {\"type\": \"bool\", \"description\": \"A\"},"
    "  \"s\": {\"type\": \"datetime\", \"description\": \"S\"},"
    "  \"new\": {\"type\": \"bool\", \"description\": \"New\"},"
    "  \"k\": {\"type\": \"enum\", \"values\": [\"x\", \"y\", \"z\"], \"description\": \"K\"}},"
    "\"decisions\": [{\"id\": \"D1\", \"title\": \"d\", \"citation\": {\"paragraph\": \"1\"},"
    "  \"grounds\": [{\"id\": \"g\", \"when\": {\"fact\": \"a\"}, \"reason\": \"G\","
    "                 \"citation\": {\"paragraph\": \"1.2\"}}],"
    "  \"cases\": [{\"when\": {\"any\": [{\"fact\": \"a\"}, {\"fact\": \"new\"}]}, \"outcome\": "
    "\"yes\"},"
    "            {\"when\": true, \"outcome\": \"no\"}]}],"
    "\"rules\": [{\"id\": \"R1\", \"title\": \"r2\", \"citation\": {\"paragraph\": \"2\"},"
    "            \"met\": {\"fact\": \"a\"}},"
    "           {\"id\": \"R3\", \"title\": \"new rule\", \"citation\": {\"paragraph\": \"6\"},"
    "            \"met\": {\"fact\": \"new\"}}],"
    "\"duties\": [{\"id\": \"U1\", \"title\": \"u\", \"citation\": {\"paragraph\": \"4\"},"
    "             \"when\": {\"fact\": \"a\"}, \"urgency\": {\"working_days\": 5}}],"
    "\"deadlines\": [{\"id\": \"L1\", \"title\": \"l\", \"citation\": {\"paragraph\": \"5\"},"
    "  \"start\": \"s\", \"variants\": [{\"rule\": \"same_day\"}]}]}";

static protocol_pack *load(const char *text)
{
    protocol_pack *p = NULL;
    protocol_error err;
    memset(&err, 0, sizeof err);
    if (protocol_pack_load_string(text, strlen(text), NULL, &p, &err) != PROTOCOL_OK)
        fprintf(stderr, "load: %s at %s\n", err.message, err.place);
    return p;
}

/* The change for construct/id/member (member NULL: added or removed). */
static int find(const protocol_diff *d, int32_t kind, const char *construct, const char *id,
                const char *member, protocol_change *out)
{
    for (size_t i = 0; i < protocol_diff_count(d); i++) {
        protocol_change c = PROTOCOL_CHANGE_INIT;
        if (protocol_diff_get(d, i, &c, NULL) != PROTOCOL_OK)
            return 0;
        if (c.change == kind && strcmp(c.construct, construct) == 0 && strcmp(c.id, id) == 0 &&
            ((!member && !c.member) || (member && c.member && strcmp(c.member, member) == 0))) {
            *out = c;
            return 1;
        }
    }
    return 0;
}

static void test_small(void)
{
    protocol_pack *a = load(pack_a), *b = load(pack_b);
    CHECK(a && b);
    if (!a || !b) {
        protocol_pack_free(a);
        protocol_pack_free(b);
        return;
    }
    protocol_diff *d = NULL;
    CHECK(protocol_pack_diff(a, a, &d, NULL) == PROTOCOL_OK);
    CHECK(protocol_diff_count(d) == 0);
    protocol_diff_free(d);
    d = NULL;
    CHECK(protocol_pack_diff(a, b, &d, NULL) == PROTOCOL_OK);
    protocol_change c = PROTOCOL_CHANGE_INIT;
    CHECK(find(d, PROTOCOL_CHANGE_CHANGED, "pack", "demo", "id", &c));
    CHECK(find(d, PROTOCOL_CHANGE_CHANGED, "pack", "demo", "effective_from", &c) &&
          strcmp(c.before, "(none)") == 0 && strcmp(c.after, "2024-01-01") == 0);
    CHECK(find(d, PROTOCOL_CHANGE_ADDED, "fact", "new", NULL, &c) && c.before == NULL &&
          strcmp(c.after, "New") == 0);
    CHECK(find(d, PROTOCOL_CHANGE_REMOVED, "fact", "gone", NULL, &c) && c.after == NULL);
    CHECK(find(d, PROTOCOL_CHANGE_CHANGED, "fact", "k", "type", &c) &&
          strcmp(c.aspect, "unit") == 0 && strcmp(c.before, "enum [x, y]") == 0 &&
          strcmp(c.after, "enum [x, y, z]") == 0);
    CHECK(find(d, PROTOCOL_CHANGE_CHANGED, "decision", "D1", "cases", &c) &&
          strcmp(c.aspect, "condition") == 0 && strcmp(c.before, "if a: yes; if true: no") == 0 &&
          strcmp(c.after, "if any(a, new): yes; if true: no") == 0);
    CHECK(find(d, PROTOCOL_CHANGE_CHANGED, "ground", "D1/g", "citation", &c) &&
          strcmp(c.before, "D, 1.1") == 0 && strcmp(c.after, "D, 1.2") == 0);
    CHECK(find(d, PROTOCOL_CHANGE_CHANGED, "rule", "R1", "title", &c) &&
          strcmp(c.aspect, "wording") == 0);
    CHECK(find(d, PROTOCOL_CHANGE_REMOVED, "rule", "R2", NULL, &c) &&
          strcmp(c.before, "old (D, 3)") == 0);
    CHECK(find(d, PROTOCOL_CHANGE_ADDED, "rule", "R3", NULL, &c) &&
          strcmp(c.after, "new rule (D, 6)") == 0);
    CHECK(find(d, PROTOCOL_CHANGE_CHANGED, "duty", "U1", "working_days", &c) &&
          strcmp(c.aspect, "duration") == 0 && strcmp(c.before, "3") == 0 &&
          strcmp(c.after, "5") == 0);
    CHECK(find(d, PROTOCOL_CHANGE_CHANGED, "deadline", "L1", "variant unit", &c) &&
          strcmp(c.aspect, "unit") == 0 && strcmp(c.before, "working_days after") == 0 &&
          strcmp(c.after, "same_day") == 0);
    CHECK(find(d, PROTOCOL_CHANGE_CHANGED, "deadline", "L1", "variant amount", &c) &&
          strcmp(c.before, "10") == 0 && strcmp(c.after, "0") == 0);
    /* Nothing else: the members above and the pack's id and version. */
    CHECK(protocol_diff_count(d) == 14);

    char *json = NULL, *text = NULL;
    CHECK(protocol_diff_to_json(d, 0, &json, NULL, NULL) == PROTOCOL_OK);
    CHECK(json && strstr(json, "\"summary\":{\"added\":2,\"removed\":2,\"changed\":10}"));
    CHECK(json && strstr(json, "{\"change\":\"added\",\"construct\":\"rule\",\"id\":\"R3\","
                               "\"member\":null,\"aspect\":null,\"before\":null,"
                               "\"after\":\"new rule (D, 6)\"}"));
    CHECK(protocol_diff_to_text(d, &text, NULL, NULL) == PROTOCOL_OK);
    CHECK(text && strncmp(text, "demo-2020 1 -> demo-2024 2\n", 27) == 0);
    CHECK(text && strstr(text, "~ duty U1: working_days (duration)\n    - 3\n    + 5\n"));
    CHECK(text && strstr(text, "- rule R2: old (D, 3)\n"));
    CHECK(text && strstr(text, "2 added, 2 removed, 10 changed\n"));
    protocol_free(json);
    protocol_free(text);

    protocol_change bad = PROTOCOL_CHANGE_INIT;
    bad.struct_version = 99;
    CHECK(protocol_diff_get(d, 0, &bad, NULL) == PROTOCOL_E_INVALID_ARGUMENT);
    protocol_change_init(&bad);
    CHECK(protocol_diff_get(d, 99, &bad, NULL) == PROTOCOL_E_RANGE);
    CHECK(protocol_pack_diff(a, NULL, &d, NULL) == PROTOCOL_E_INVALID_ARGUMENT);
    protocol_diff_free(d);
    protocol_diff_free(NULL);
    protocol_pack_free(a);
    protocol_pack_free(b);
}

static void test_information_sharing(void)
{
    protocol_pack *a = NULL, *b = NULL;
    CHECK(protocol_pack_load_builtin("england-info-sharing-2018", &a, NULL) == PROTOCOL_OK);
    CHECK(protocol_pack_load_builtin("england-info-sharing-2024", &b, NULL) == PROTOCOL_OK);
    protocol_diff *d = NULL;
    CHECK(a && b && protocol_pack_diff(a, b, &d, NULL) == PROTOCOL_OK);
    protocol_change c = PROTOCOL_CHANGE_INIT;
    /* 2024 rule 3: risk, or a perceived risk, comes before consent. */
    CHECK(find(d, PROTOCOL_CHANGE_ADDED, "fact", "risk.perceived", NULL, &c));
    CHECK(find(d, PROTOCOL_CHANGE_CHANGED, "decision", "share-information", "cases", &c) &&
          strncmp(c.before, "if consent.status in [given]: share_with_consent", 48) == 0 &&
          strncmp(c.after,
                  "if all(any(risk.child_at_risk, risk.perceived), basis.identified): "
                  "share_on_lawful_basis",
                  86) == 0);
    /* 2024 rule 5: identities protected, new. */
    CHECK(find(d, PROTOCOL_CHANGE_ADDED, "rule", "identities", NULL, &c) &&
          strstr(c.after, "Seven golden rules, rule 5"));
    CHECK(find(d, PROTOCOL_CHANGE_ADDED, "fact", "identities.protected", NULL, &c));
    /* The lawful-basis rule moved from rule 4 to rule 3. */
    CHECK(find(d, PROTOCOL_CHANGE_CHANGED, "rule", "lawful-basis", "citation", &c) &&
          strcmp(c.before, "Information sharing advice 2018, Seven golden rules, rule 4") == 0 &&
          strcmp(c.after, "Information sharing advice 2024, Seven golden rules, rule 3") == 0);
    CHECK(find(d, PROTOCOL_CHANGE_CHANGED, "pack", "england-info-sharing", "supersedes", &c) &&
          strcmp(c.after, "england-info-sharing-2018") == 0);
    protocol_diff_free(d);
    protocol_pack_free(a);
    protocol_pack_free(b);
}

int main(void)
{
    test_small();
    test_information_sharing();
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
