/*
 * Tests for lib/pack_compile.c: a pack using every construct compiles; each
 * kind of invalid pack is refused with PROTOCOL_E_PACK (or the JSON error)
 * naming the JSON pointer, line and column of the fault, counted by hand in
 * tests/data/packs/broken-*.json; the built-in packs all compile.
 */
#include "protocol/protocol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static char path_buf[4096];

static const char *data_path(const char *name)
{
    const char *root = getenv("PROTOCOL_SOURCE_ROOT");
    snprintf(path_buf, sizeof path_buf, "%s/tests/data/packs/%s", root ? root : ".", name);
    return path_buf;
}

typedef struct broken {
    const char *file;
    protocol_status code;
    const char *pointer;
    int line, column;
    const char *words; /* a phrase the message must hold */
} broken;

/* Positions are of the offending value (or of the object missing a member). */
static const broken cases[] = {
    {"broken-unknown-fact.json", PROTOCOL_E_PACK, "/rules/0/met/fact", 7, 14,
     "unknown fact \"a.c\""},
    {"broken-wrong-type.json", PROTOCOL_E_PACK, "/rules/0/met/lt/0", 7, 13, "of type bool"},
    {"broken-enum-value.json", PROTOCOL_E_PACK, "/rules/0/met/eq/1", 7, 18,
     "\"purple\" is not declared"},
    {"broken-duplicate-id.json", PROTOCOL_E_PACK, "/rules/1/id", 6, 19, "duplicate rule id \"R1\""},
    {"broken-missing-citation.json", PROTOCOL_E_PACK, "/rules/0", 6, 4, "\"citation\""},
    {"broken-missing-title.json", PROTOCOL_E_PACK, "/duties/0", 6, 4, "\"title\""},
    {"broken-unknown-calendar.json", PROTOCOL_E_PACK, "/calendar", 3, 14,
     "unknown calendar \"wales\""},
    {"broken-malformed-condition.json", PROTOCOL_E_PACK, "/rules/0/met/all", 7, 13,
     "malformed condition"},
    {"broken-unknown-member.json", PROTOCOL_E_PACK, "/rules/0/citaton", 6, 15,
     "unknown member \"citaton\""},
    {"broken-ref-cycle.json", PROTOCOL_E_PACK, "/definitions/y/not/ref", 6, 39, "ref cycle"},
    {"broken-unknown-ref.json", PROTOCOL_E_PACK, "/rules/0/met/ref", 7, 13,
     "unknown ref \"nowhere\""},
    {"broken-bad-urgency.json", PROTOCOL_E_PACK, "/duties/0/urgency", 6, 15, "bad urgency"},
    {"broken-bad-deadline-rule.json", PROTOCOL_E_PACK, "/deadlines/0/variants/0", 5, 17,
     "needs \"working_days\""},
    {"broken-path-prefix.json", PROTOCOL_E_PACK, "/facts/a.b.c", 4, 21, "prefix"},
    {"broken-json.json", PROTOCOL_E_JSON, NULL, 3, 56, NULL},
};

static char *read_all(const char *path, size_t *length)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = malloc(1 << 20);
    *length = text ? fread(text, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    return text;
}

static void test_broken_packs(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const broken *b = &cases[i];
        size_t length;
        char *text = read_all(data_path(b->file), &length);
        CHECK(text != NULL);
        if (!text)
            continue;
        protocol_pack *pack = (protocol_pack *)1;
        protocol_error err;
        memset(&err, 0, sizeof err);
        protocol_status s = protocol_pack_load_string(text, length, NULL, &pack, &err);
        free(text);
        int ok = s == b->code && err.code == b->code && pack == NULL &&
                 (!b->pointer || strcmp(err.place, b->pointer) == 0) && err.line == b->line &&
                 err.column == b->column && (!b->words || strstr(err.message, b->words));
        if (!ok)
            fprintf(stderr, "%s: got %s %s %d:%d %s\n", b->file, protocol_status_name(s), err.place,
                    err.line, err.column, err.message);
        CHECK(ok);
    }
}

static void test_file_place(void)
{
    /* From a file, the place is "path: /pointer". */
    protocol_pack *pack = NULL;
    protocol_error err;
    char expected[4200];
    const char *path = data_path("broken-unknown-member.json");
    snprintf(expected, sizeof expected, "%s: /rules/0/citaton", path);
    CHECK(protocol_pack_load_file(path, NULL, &pack, &err) == PROTOCOL_E_PACK);
    CHECK(pack == NULL);
    CHECK(strcmp(err.place, expected) == 0);
    CHECK(err.line == 6 && err.column == 15);
    CHECK(protocol_pack_load_file(data_path("no-such-pack.json"), NULL, &pack, &err) ==
          PROTOCOL_E_IO);
}

static void test_everything(void)
{
    protocol_pack *pack = NULL;
    protocol_error err;
    protocol_status s = protocol_pack_load_file(data_path("everything.json"), NULL, &pack, &err);
    if (s != PROTOCOL_OK)
        fprintf(stderr, "everything.json: %s %s\n", err.place, err.message);
    CHECK(s == PROTOCOL_OK);
    CHECK(strcmp(protocol_pack_id(pack), "everything") == 0);
    CHECK(strcmp(protocol_pack_version(pack), "0.0.1") == 0);
    CHECK(strcmp(protocol_pack_title(pack), "Every construct of the pack format") == 0);
    protocol_pack_free(pack);
    CHECK(protocol_pack_id(NULL) == NULL);
}

/* Small packs, each wrong in one way the doc forbids. */
static void test_inline_errors(void)
{
    static const char head[] =
        "{\"format\": 1, \"id\": \"p\", \"version\": \"1\", \"title\": \"T\","
        " \"source\": {\"document\": \"D\", \"short\": \"S\"},"
        " \"facts\": {\"a\": {\"type\": \"bool\", \"description\": \"d\"},"
        " \"t\": {\"type\": \"datetime\", \"description\": \"d\"},"
        " \"n\": {\"type\": \"integer\", \"description\": \"d\"}}";
    static const struct {
        const char *tail, *pointer;
    } bad[] = {
        {", \"rules\": [{\"id\": \"R\", \"title\": \"T\", \"citation\": {\"paragraph\": \"1\"}, "
         "\"met\": {\"fact\": \"a\", \"not\": true}}]}",
         "/rules/0/met"},
        {", \"rules\": [{\"id\": \"R\", \"title\": \"T\", \"citation\": {\"paragraph\": \"1\"}, "
         "\"met\": {\"eq\": [\"t\", \"2026-01-01\"]}}]}",
         "/rules/0/met/eq/1"},
        {", \"rules\": [{\"id\": \"R\", \"title\": \"T\", \"citation\": {\"paragraph\": \"1\"}, "
         "\"met\": {\"lt\": [\"t\", \"2026-02-30\"]}}]}",
         "/rules/0/met/lt/1"},
        {", \"rules\": [{\"id\": \"R\", \"title\": \"T\", \"citation\": {\"paragraph\": \"1\"}, "
         "\"met\": {\"eq\": [\"n\", 3.5]}}]}",
         "/rules/0/met/eq/1"},
        {", \"rules\": [{\"id\": \"R\", \"title\": \"T\", \"citation\": {\"paragraph\": \"1\"}, "
         "\"met\": {\"in\": [\"a\", true]}}]}",
         "/rules/0/met/in/1"},
        {", \"rules\": [{\"id\": \"R\", \"title\": \"T\", \"citation\": {}, \"met\": true}]}",
         "/rules/0/citation"},
        {", \"rules\": [{\"id\": \"R\", \"title\": \"T\", \"citation\": {\"paragraph\": \"1\"}, "
         "\"met\": true, \"explain\": [{\"when\": true, \"reason\": \"r\", \"status\": "
         "[\"fine\"]}]}]}",
         "/rules/0/explain/0/status/0"},
        {", \"duties\": [{\"id\": \"D\", \"title\": \"T\", \"citation\": {\"paragraph\": \"1\"}, "
         "\"when\": true, \"urgency\": {\"working_days\": -1}}]}",
         "/duties/0/urgency/working_days"},
        {", \"duties\": [{\"id\": \"D\", \"title\": \"T\", \"citation\": {\"paragraph\": \"1\"}, "
         "\"when\": true, \"urgency\": \"immediate\", \"from\": \"a\"}]}",
         "/duties/0/from"},
        {", \"deadlines\": [{\"id\": \"X\", \"title\": \"T\", \"citation\": {\"paragraph\": "
         "\"1\"}, "
         "\"start\": \"t\", \"variants\": [{\"rule\": \"same_day\", \"working_days\": 2}]}]}",
         "/deadlines/0/variants/0/working_days"},
        {", \"deadlines\": [{\"id\": \"X\", \"title\": \"T\", \"citation\": {\"paragraph\": "
         "\"1\"}, "
         "\"start\": \"t\", \"variants\": [{\"rule\": \"weekly\"}]}]}",
         "/deadlines/0/variants/0/rule"},
        /* The statutory clock's members (docs/pack-format.md, Deadlines). */
        {", \"deadlines\": [{\"id\": \"X\", \"title\": \"T\", \"citation\": {\"paragraph\": "
         "\"1\"}, "
         "\"start\": \"t\", \"variants\": [{\"unit\": \"fortnights\", \"amount\": 1}]}]}",
         "/deadlines/0/variants/0/unit"},
        {", \"deadlines\": [{\"id\": \"X\", \"title\": \"T\", \"citation\": {\"paragraph\": "
         "\"1\"}, "
         "\"start\": \"t\", \"variants\": [{\"unit\": \"months\"}]}]}",
         "/deadlines/0/variants/0"},
        {", \"deadlines\": [{\"id\": \"X\", \"title\": \"T\", \"citation\": {\"paragraph\": "
         "\"1\"}, "
         "\"start\": \"t\", \"variants\": [{\"unit\": \"same_day\", \"amount\": 1}]}]}",
         "/deadlines/0/variants/0/amount"},
        {", \"deadlines\": [{\"id\": \"X\", \"title\": \"T\", \"citation\": {\"paragraph\": "
         "\"1\"}, "
         "\"start\": \"t\", \"variants\": [{\"unit\": \"weeks\", \"amount\": 1001}]}]}",
         "/deadlines/0/variants/0/amount"},
        {", \"deadlines\": [{\"id\": \"X\", \"title\": \"T\", \"citation\": {\"paragraph\": "
         "\"1\"}, "
         "\"start\": \"t\", \"variants\": [{\"unit\": \"working_days\", \"amount\": 3, "
         "\"roll\": \"following\"}]}]}",
         "/deadlines/0/variants/0/roll"},
        {", \"deadlines\": [{\"id\": \"X\", \"title\": \"T\", \"citation\": {\"paragraph\": "
         "\"1\"}, "
         "\"start\": \"t\", \"variants\": [{\"unit\": \"months\", \"amount\": 3, "
         "\"roll\": \"sideways\"}]}]}",
         "/deadlines/0/variants/0/roll"},
        {", \"deadlines\": [{\"id\": \"X\", \"title\": \"T\", \"citation\": {\"paragraph\": "
         "\"1\"}, "
         "\"start\": \"t\", \"variants\": [{\"unit\": \"hours\", \"amount\": 3, "
         "\"before\": \"yes\"}]}]}",
         "/deadlines/0/variants/0/before"},
        {", \"deadlines\": [{\"id\": \"X\", \"title\": \"T\", \"citation\": {\"paragraph\": "
         "\"1\"}, "
         "\"start\": \"t\", \"variants\": [{\"rule\": \"same_day\", \"unit\": "
         "\"hours\", \"amount\": 3}]}]}",
         "/deadlines/0/variants/0/unit"},
        {", \"deadlines\": [{\"id\": \"X\", \"title\": \"T\", \"citation\": {\"paragraph\": "
         "\"1\"}, "
         "\"start\": \"t\", \"variants\": [{\"rule\": \"working_days_after\", "
         "\"working_days\": 3, \"amount\": 3}]}]}",
         "/deadlines/0/variants/0/amount"},
        {", \"deadlines\": [{\"id\": \"X\", \"title\": \"T\", \"citation\": {\"paragraph\": "
         "\"1\"}, "
         "\"start\": \"t\", \"variants\": [{\"unit\": \"months\", \"amount\": 3, "
         "\"every\": 0}]}]}",
         "/deadlines/0/variants/0/every"},
        {", \"deadlines\": [{\"id\": \"X\", \"title\": \"T\", \"citation\": {\"paragraph\": "
         "\"1\"}, "
         "\"start\": \"t\", \"variants\": [{\"unit\": \"months\", \"amount\": 3, "
         "\"every_unit\": \"months\"}]}]}",
         "/deadlines/0/variants/0/every_unit"},
        {", \"deadlines\": [{\"id\": \"X\", \"title\": \"T\", \"citation\": {\"paragraph\": "
         "\"1\"}, "
         "\"start\": \"t\", \"variants\": [{\"unit\": \"weeks\", \"amount\": 3, "
         "\"before\": true, \"every\": 2}]}]}",
         "/deadlines/0/variants/0/every"},
        {", \"deadlines\": [{\"id\": \"X\", \"title\": \"T\", \"citation\": {\"paragraph\": "
         "\"1\"}, "
         "\"start\": {\"deadline\": \"Y\"}, \"variants\": [{\"unit\": \"same_day\"}]}]}",
         "/deadlines/0/start/deadline"},
        {", \"deadlines\": [{\"id\": \"X\", \"title\": \"T\", \"citation\": {\"paragraph\": "
         "\"1\"}, "
         "\"start\": {\"deadline\": \"X\"}, \"variants\": [{\"unit\": \"same_day\"}]}]}",
         "/deadlines/0/start"},
        {", \"deadlines\": [{\"id\": \"X\", \"title\": \"T\", \"citation\": {\"paragraph\": "
         "\"1\"}, "
         "\"start\": \"t\", \"pauses\": [{\"from\": \"t\", \"to\": \"a\"}], "
         "\"variants\": [{\"unit\": \"same_day\"}]}]}",
         "/deadlines/0/pauses/0/to"},
        /* A chain that comes back on itself, through a status condition. */
        {", \"deadlines\": [{\"id\": \"X\", \"title\": \"T\", \"citation\": {\"paragraph\": "
         "\"1\"}, "
         "\"start\": {\"deadline\": \"Y\"}, \"variants\": [{\"unit\": \"same_day\"}]}, "
         "{\"id\": \"Y\", \"title\": \"T\", \"citation\": {\"paragraph\": \"1\"}, "
         "\"start\": \"t\", \"applies\": {\"deadline\": \"X\", \"status\": [\"met\"]}, "
         "\"variants\": [{\"unit\": \"same_day\"}]}]}",
         "/deadlines/1"},
        {", \"rules\": [{\"id\": \"R\", \"title\": \"T\", \"citation\": {\"paragraph\": \"1\"}, "
         "\"met\": {\"deadline\": \"nowhere\", \"status\": [\"met\"]}}]}",
         "/rules/0/met/deadline"},
        {", \"rules\": [{\"id\": \"R\", \"title\": \"T\", \"citation\": {\"paragraph\": \"1\"}, "
         "\"met\": {\"deadline\": \"X\", \"status\": [\"finished\"]}}]"
         ", \"deadlines\": [{\"id\": \"X\", \"title\": \"T\", \"citation\": {\"paragraph\": "
         "\"1\"}, "
         "\"start\": \"t\", \"variants\": [{\"unit\": \"same_day\"}]}]}",
         "/rules/0/met/status/0"},
        {", \"rules\": [{\"id\": \"R\", \"title\": \"T\", \"citation\": {\"paragraph\": \"1\"}, "
         "\"met\": true, \"deadline\": \"nowhere\"}]}",
         "/rules/0/deadline"},
        /* "applies" is a condition like any other: a datetime fact is no bool. */
        {", \"deadlines\": [{\"id\": \"X\", \"title\": \"T\", \"citation\": {\"paragraph\": "
         "\"1\"}, \"start\": \"t\", \"applies\": {\"fact\": \"t\"}, "
         "\"variants\": [{\"rule\": \"same_day\"}]}]}",
         "/deadlines/0/applies/fact"},
        {", \"duties\": [{\"id\": \"D\", \"title\": \"T\", \"citation\": {\"paragraph\": \"1\"}, "
         "\"when\": true, \"urgency\": \"periodic\"}]}",
         "/duties/0/urgency"},
        {", \"decisions\": [{\"id\": \"X\", \"title\": \"T\", \"citation\": {\"paragraph\": "
         "\"1\"}, "
         "\"conditions\": [{\"id\": \"c\", \"text\": \"t\", \"outcomes\": [\"maybe\"], "
         "\"citation\": {\"paragraph\": \"1\"}}], \"cases\": [{\"when\": true, \"outcome\": "
         "\"yes\"}]}]}",
         "/decisions/0/conditions/0/outcomes/0"},
        {", \"checklists\": [{\"id\": \"C\", \"title\": \"T\", \"citation\": {\"paragraph\": "
         "\"1\"}, "
         "\"groups\": [{\"id\": \"g\", \"title\": \"G\", \"items\": [{\"id\": \"I\", \"text\": "
         "\"x\", "
         "\"citation\": {\"paragraph\": \"1\"}}, {\"id\": \"I\", \"text\": \"y\", \"citation\": "
         "{\"paragraph\": \"2\"}}]}]}]}",
         "/checklists/0/groups/0/items/1/id"},
        {", \"checklists\": [{\"id\": \"C\", \"title\": \"T\", \"citation\": {\"paragraph\": "
         "\"1\"}, "
         "\"thresholds\": {\"green\": 40, \"amber\": 60}, \"groups\": []}]}",
         "/checklists/0/thresholds/amber"},
        {", \"tests\": [{\"name\": \"n\", \"case\": {}, \"expect\": {\"rules\": {\"R9\": "
         "\"met\"}}}]}",
         "/tests/0/expect/rules/R9"},
        {", \"rules\": [{\"id\": \"R\", \"title\": \"T\", \"citation\": {\"paragraph\": \"1\"}, "
         "\"met\": true}], \"deadlines\": [{\"id\": \"X\", \"title\": \"T\", \"citation\": "
         "{\"paragraph\": \"1\"}, \"start\": \"t\", \"variants\": [{\"rule\": \"same_day\"}]}], "
         "\"tests\": [{\"name\": \"n\", \"case\": {}, \"expect\": {\"deadlines\": {\"X\": "
         "{\"satus\": \"met\"}}}}]}",
         "/tests/0/expect/deadlines/X/satus"},
        {", \"definitions\": {\"x\": {\"ref\": \"x\"}}}", "/definitions/x/ref"},
        {", \"deadline_cutoff\": \"25:00\"}", "/deadline_cutoff"},
        {", \"format\": 2}", NULL}, /* a duplicate key, refused by policy */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[2048];
        snprintf(text, sizeof text, "%s%s", head, bad[i].tail);
        protocol_pack *pack = NULL;
        protocol_error err;
        memset(&err, 0, sizeof err);
        protocol_status s = protocol_pack_load_string(text, strlen(text), NULL, &pack, &err);
        int ok = bad[i].pointer ? s == PROTOCOL_E_PACK && strcmp(err.place, bad[i].pointer) == 0
                                : s == PROTOCOL_E_DUPLICATE_KEY;
        ok = ok && pack == NULL && err.line == 1 && err.column > 1 && err.message[0];
        if (!ok)
            fprintf(stderr, "inline %zu: got %s %s %d:%d %s\n", i, protocol_status_name(s),
                    err.place, err.line, err.column, err.message);
        CHECK(ok);
    }
    /* Header-level faults. */
    static const struct {
        const char *text, *pointer;
    } headers[] = {
        {"{\"format\": 2, \"id\": \"p\", \"version\": \"1\", \"title\": \"T\", \"source\": "
         "{\"document\": \"D\", \"short\": \"S\"}, \"facts\": {}}",
         "/format"},
        {"{\"format\": 1, \"id\": \"Bad_Id\", \"version\": \"1\", \"title\": \"T\", \"source\": "
         "{\"document\": \"D\", \"short\": \"S\"}, \"facts\": {}}",
         "/id"},
        {"{\"format\": 1, \"id\": \"p\", \"version\": \"1\", \"title\": \"T\", \"source\": "
         "{\"document\": \"D\"}, \"facts\": {}}",
         "/source"},
        {"{\"format\": 1, \"id\": \"p\", \"version\": \"1\", \"title\": \"T\", \"source\": "
         "{\"document\": \"D\", \"short\": \"S\"}, \"facts\": {\"A.b\": {\"type\": \"bool\", "
         "\"description\": \"d\"}}}",
         "/facts/A.b"},
        {"{\"format\": 1, \"id\": \"p\", \"version\": \"1\", \"title\": \"T\", \"source\": "
         "{\"document\": \"D\", \"short\": \"S\"}, \"facts\": {\"as_of\": {\"type\": \"datetime\", "
         "\"description\": \"d\"}}}",
         "/facts/as_of"},
        {"{\"format\": 1, \"id\": \"p\", \"version\": \"1\", \"title\": \"T\", \"source\": "
         "{\"document\": \"D\", \"short\": \"S\"}, \"facts\": {\"e\": {\"type\": \"enum\", "
         "\"values\": [], \"description\": \"d\"}}}",
         "/facts/e/values"},
        {"{\"format\": 1, \"id\": \"p\", \"version\": \"1\", \"title\": \"T\", \"source\": "
         "{\"document\": \"D\", \"short\": \"S\"}, \"facts\": {\"e\": {\"type\": \"enum\", "
         "\"values\": [\"x\", \"x\"], \"description\": \"d\"}}}",
         "/facts/e/values/1"},
        {"{\"format\": 1, \"id\": \"p\", \"version\": \"1\", \"title\": \"T\", \"source\": "
         "{\"document\": \"D\", \"short\": \"S\"}, \"facts\": {\"n\": {\"type\": \"integer\", "
         "\"min\": 5, \"max\": 1, \"description\": \"d\"}}}",
         "/facts/n/max"},
        {"{\"format\": 1, \"id\": \"p\", \"version\": \"1\", \"title\": \"T\", \"source\": "
         "{\"document\": \"D\", \"short\": \"S\"}, \"facts\": {\"n\": {\"type\": \"number\", "
         "\"description\": \"d\"}}}",
         "/facts/n/type"},
        {"{\"format\": 1, \"id\": \"p\", \"version\": \"1\", \"title\": \"T\", \"source\": "
         "{\"document\": \"D\", \"short\": \"S\"}, \"facts\": {\"n\": {\"type\": \"bool\"}}}",
         "/facts/n"},
        {"[]", ""},
    };
    for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++) {
        protocol_pack *pack = NULL;
        protocol_error err;
        memset(&err, 0, sizeof err);
        protocol_status s =
            protocol_pack_load_string(headers[i].text, strlen(headers[i].text), NULL, &pack, &err);
        int ok = s == PROTOCOL_E_PACK && strcmp(err.place, headers[i].pointer) == 0 && !pack;
        if (!ok)
            fprintf(stderr, "header %zu: got %s '%s' %s\n", i, protocol_status_name(s), err.place,
                    err.message);
        CHECK(ok);
    }
}

static void test_deep_refs(void)
{
    /* A chain of 300 definitions nests deeper than conditions may. */
    static char text[64 << 10];
    size_t n = (size_t)snprintf(text, sizeof text,
                                "{\"format\": 1, \"id\": \"p\", \"version\": \"1\", \"title\": "
                                "\"T\", \"source\": {\"document\": \"D\", \"short\": \"S\"}, "
                                "\"facts\": {\"a\": {\"type\": \"bool\", \"description\": \"d\"}},"
                                " \"definitions\": {\"d0\": {\"fact\": \"a\"}");
    for (int i = 1; i < 300; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, ", \"d%d\": {\"not\": {\"ref\": \"d%d\"}}",
                              i, i - 1);
    snprintf(text + n, sizeof text - n, "}}");
    protocol_pack *pack = NULL;
    protocol_error err;
    CHECK(protocol_pack_load_string(text, strlen(text), NULL, &pack, &err) == PROTOCOL_E_PACK);
    CHECK(strstr(err.message, "deeper") != NULL);
    /* Shared refs that would expand exponentially are refused too. */
    n = (size_t)snprintf(text, sizeof text,
                         "{\"format\": 1, \"id\": \"p\", \"version\": \"1\", \"title\": "
                         "\"T\", \"source\": {\"document\": \"D\", \"short\": \"S\"}, "
                         "\"facts\": {\"a\": {\"type\": \"bool\", \"description\": \"d\"}},"
                         " \"definitions\": {\"d0\": {\"fact\": \"a\"}");
    for (int i = 1; i < 40; i++)
        n += (size_t)snprintf(text + n, sizeof text - n,
                              ", \"d%d\": {\"all\": [{\"ref\": \"d%d\"}, {\"ref\": \"d%d\"}]}", i,
                              i - 1, i - 1);
    snprintf(text + n, sizeof text - n, "}}");
    CHECK(protocol_pack_load_string(text, strlen(text), NULL, &pack, &err) == PROTOCOL_E_PACK);
    CHECK(strstr(err.message, "expands") != NULL);
}

/* A pack whose definitions are `defs` (JSON members, after d0). */
static protocol_status load_with_definitions(const char *defs, protocol_error *err)
{
    static char text[64 << 10];
    snprintf(text, sizeof text,
             "{\"format\": 1, \"id\": \"p\", \"version\": \"1\", \"title\": \"T\", \"source\": "
             "{\"document\": \"D\", \"short\": \"S\"}, \"facts\": {\"a\": {\"type\": \"bool\", "
             "\"description\": \"d\"}}, \"definitions\": {\"d0\": {\"fact\": \"a\"}%s}}",
             defs);
    protocol_pack *pack = NULL;
    protocol_status s = protocol_pack_load_string(text, strlen(text), NULL, &pack, err);
    protocol_pack_free(pack);
    return s;
}

/* The bounds on conditions, each at its limit and one past it
 * (docs/reliability.md, "Untrusted packs"). */
static void test_condition_limits(void)
{
    static char defs[48 << 10];
    protocol_error err;
    /* Depth 200, counting through refs: d0 is 1 level (a fact), each
     * d_i = {"not": {"ref": d_(i-1)}} one more, so d_199 is 200 levels. */
    for (int last = 199; last <= 200; last++) {
        size_t n = 0;
        defs[0] = '\0';
        for (int i = 1; i <= last; i++)
            n += (size_t)snprintf(defs + n, sizeof defs - n,
                                  ", \"d%d\": {\"not\": {\"ref\": \"d%d\"}}", i, i - 1);
        protocol_status s = load_with_definitions(defs, &err);
        if (last == 199)
            CHECK(s == PROTOCOL_OK);
        else
            CHECK(s == PROTOCOL_E_PACK && strstr(err.message, "deeper than 200 levels") &&
                  strcmp(err.place, "/definitions/d200/not") == 0);
    }
    /* Size 100000 nodes, counting what refs expand to: d1 = all of 999 refs
     * to d0 is 1 + 999 = 1000 nodes; d2 = all of 99 refs to d1 and m refs
     * to d0 is 1 + 99 * 1000 + m nodes: 100000 for m = 999. */
    for (int m = 999; m <= 1000; m++) {
        size_t n = (size_t)snprintf(defs, sizeof defs, ", \"d1\": {\"all\": [");
        for (int i = 0; i < 999; i++)
            n += (size_t)snprintf(defs + n, sizeof defs - n, "%s{\"ref\": \"d0\"}", i ? ", " : "");
        n += (size_t)snprintf(defs + n, sizeof defs - n, "]}, \"d2\": {\"all\": [");
        for (int i = 0; i < 99; i++)
            n += (size_t)snprintf(defs + n, sizeof defs - n, "%s{\"ref\": \"d1\"}", i ? ", " : "");
        for (int i = 0; i < m; i++)
            n += (size_t)snprintf(defs + n, sizeof defs - n, ", {\"ref\": \"d0\"}");
        snprintf(defs + n, sizeof defs - n, "]}");
        protocol_status s = load_with_definitions(defs, &err);
        if (m == 999)
            CHECK(s == PROTOCOL_OK);
        else
            CHECK(s == PROTOCOL_E_PACK && strstr(err.message, "more than 100000 nodes") &&
                  strcmp(err.place, "/definitions/d2") == 0);
    }
}

static void test_builtin_and_arguments(void)
{
    size_t n = protocol_builtin_pack_count();
    for (size_t i = 0; i < n; i++) {
        protocol_pack *pack = NULL;
        protocol_error err;
        protocol_status s = protocol_pack_load_builtin(protocol_builtin_pack_id(i), &pack, &err);
        if (s != PROTOCOL_OK)
            fprintf(stderr, "%s: %s %s\n", protocol_builtin_pack_id(i), err.place, err.message);
        CHECK(s == PROTOCOL_OK);
        CHECK(strcmp(protocol_pack_id(pack), protocol_builtin_pack_id(i)) == 0);
        protocol_pack_free(pack);
    }
    protocol_pack *pack = NULL;
    protocol_error err;
    CHECK(protocol_pack_load_builtin(NULL, &pack, &err) == PROTOCOL_OK);
    CHECK(strcmp(protocol_pack_id(pack), protocol_default_pack_id()) == 0);
    protocol_pack_free(pack);
    CHECK(protocol_pack_load_builtin("no-such-pack", &pack, &err) == PROTOCOL_E_NOT_FOUND);
    CHECK(protocol_pack_load_builtin(NULL, NULL, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(protocol_pack_load_string(NULL, 0, NULL, &pack, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(protocol_pack_load_string("{}", 2, NULL, NULL, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(protocol_pack_load_file(NULL, NULL, &pack, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    /* A limit from the caller applies to pack text too. */
    protocol_limits limits = {8, 0, 0, 0, 0};
    CHECK(protocol_pack_load_string("{\"format\": 1}", 13, &limits, &pack, &err) ==
          PROTOCOL_E_LIMIT_INPUT_SIZE);
    protocol_pack_free(NULL);
}

/* --- allocation failure ------------------------------------------------- */

static long allocations_left = -1; /* -1: never fail */
static long allocations_live;

static void *counting_malloc(size_t size)
{
    if (allocations_left == 0)
        return NULL;
    if (allocations_left > 0)
        allocations_left--;
    void *p = malloc(size);
    allocations_live += p != NULL;
    return p;
}

static void *counting_realloc(void *ptr, size_t size)
{
    if (allocations_left == 0)
        return NULL;
    if (allocations_left > 0)
        allocations_left--;
    void *p = realloc(ptr, size);
    allocations_live += ptr == NULL && p != NULL;
    return p;
}

static void counting_free(void *ptr)
{
    allocations_live -= ptr != NULL;
    free(ptr);
}

/* Compile a pack, evaluate a case, batch it and run the pack's tests with
 * the n-th allocation failing, for every n until all succeed: each failure
 * must be a clean error and leave nothing allocated. */
static void test_allocation_failures(void)
{
    size_t length;
    char *text = read_all(data_path("everything.json"), &length);
    CHECK(text != NULL);
    if (!text)
        return;
    const char *kase = "{\"as_of\": \"2026-11-20\", \"risk\": {\"child\": null, \"adult\": "
                       "true}, \"referral\": {\"need_at\": \"2026-11-19\"}, \"x\": 1, "
                       "\"answers\": {\"cm\": {\"A1\": \"met\"}}}\n{}\n";
    /* The built-in calendars are built once per process and kept: build
     * them first, so that only what a failing call leaves counts. */
    for (size_t i = 0; i < protocol_calendar_builtin_count(); i++) {
        protocol_calendar *cal = NULL;
        CHECK(protocol_calendar_new(protocol_calendar_builtin_id(i), &cal, NULL) == PROTOCOL_OK);
        protocol_calendar_free(cal);
    }
    allocations_live = 0;
    int done = 0;
    for (long n = 0; !done && n < 100000; n++) {
        protocol_pack *pack = NULL;
        protocol_case *c = NULL;
        protocol_result *r = NULL;
        char *out = NULL, *report = NULL;
        size_t total, failed;
        protocol_error err;
        allocations_left = n;
        protocol_status s = protocol_pack_load_string(text, length, NULL, &pack, &err);
        if (s == PROTOCOL_OK)
            s = protocol_evaluate_json(pack, kase, strcspn(kase, "\n"), NULL, &out, NULL, &err);
        protocol_free(out);
        out = NULL;
        if (s == PROTOCOL_OK)
            s = protocol_evaluate_ndjson(pack, kase, strlen(kase), NULL, &out, NULL, NULL, &err);
        protocol_free(out);
        out = NULL;
        if (s == PROTOCOL_OK)
            s = protocol_pack_run_tests(pack, &total, &failed, &report, &err);
        protocol_free(report);
        if (s == PROTOCOL_OK)
            s = protocol_case_new(pack, &c, &err);
        if (s == PROTOCOL_OK)
            s = protocol_case_set_string(c, "note.text", "ok", &err);
        if (s == PROTOCOL_OK)
            s = protocol_evaluate(pack, c, NULL, &r, &err);
        if (s == PROTOCOL_OK)
            s = protocol_result_to_json(r, 1, &out, NULL, &err);
        protocol_free(out);
        protocol_result_free(r);
        protocol_case_free(c);
        protocol_pack_free(pack);
        allocations_left = -1;
        if (s == PROTOCOL_OK) {
            done = 1;
        } else if (s != PROTOCOL_E_NOMEM || err.code != s) {
            fprintf(stderr, "allocation %ld failing gave %s: %s\n", n, protocol_status_name(s),
                    err.message);
            failures++;
        }
        if (allocations_live != 0) {
            fprintf(stderr, "allocation %ld failing leaked %ld blocks\n", n, allocations_live);
            failures++;
            allocations_live = 0;
        }
    }
    CHECK(done);
    free(text);
}

int main(void)
{
    /* Before the library allocates anything, as the hook requires. */
    protocol_allocator hooks = {counting_malloc, counting_realloc, counting_free};
    CHECK(protocol_set_allocator(&hooks, NULL) == PROTOCOL_OK);
    test_allocation_failures();
    test_broken_packs();
    test_file_place();
    test_everything();
    test_inline_errors();
    test_deep_refs();
    test_condition_limits();
    test_builtin_and_arguments();
    if (failures)
        fprintf(stderr, "%d checks failed\n", failures);
    return failures ? 1 : 0;
}
