/*
 * The limits on untrusted input (SPEC §8, protocol_limits): input size,
 * nesting depth, string length, number of facts and batch line length.
 * Each is tested at its boundary through the public calls that read text
 * (protocol_evaluate_json, protocol_pack_load_string,
 * protocol_evaluate_ndjson): the limit passes, one more fails with the
 * limit's own error code and a message, and 0 means the documented default.
 * The sizes are counted by hand from the texts below.
 */
#include <protocol/protocol.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static protocol_pack *durham;

/* Evaluate `text` under durham-2010 with `limits`; the status, with *err. */
static protocol_status evaluate(const char *text, size_t length, protocol_limits limits,
                                protocol_error *err)
{
    protocol_eval_options options = PROTOCOL_EVAL_OPTIONS_INIT;
    options.limits = limits;
    char *out = NULL;
    memset(err, 0, sizeof *err);
    protocol_status s = protocol_evaluate_json(durham, text, length, &options, &out, NULL, err);
    CHECK((s == PROTOCOL_OK) == (out != NULL));
    if (s != PROTOCOL_OK)
        CHECK(err->code == s && err->message[0] != '\0');
    protocol_free(out);
    return s;
}

/* `{"notes": {"summary": "xxx"}}` padded with x to exactly `length` bytes
 * (28 bytes with an empty summary). */
static char *padded_case(size_t length)
{
    char *text = malloc(length + 1);
    if (!text)
        abort();
    const char *head = "{\"notes\": {\"summary\": \"", *tail = "\"}}";
    size_t h = strlen(head), t = strlen(tail);
    memcpy(text, head, h);
    memset(text + h, 'x', length - h - t);
    memcpy(text + length - t, tail, t + 1);
    return text;
}

static void test_input_size(void)
{
    protocol_limits limits = {64, 0, 0, 0, 0};
    protocol_error err;
    char *at = padded_case(64), *over = padded_case(65);
    CHECK(evaluate(at, 64, limits, &err) == PROTOCOL_OK);
    CHECK(evaluate(over, 65, limits, &err) == PROTOCOL_E_LIMIT_INPUT_SIZE);
    CHECK(strstr(err.message, "65 bytes") && strstr(err.message, "limit of 64"));
    free(at);
    free(over);

    /* The default, 1 MiB: an empty case padded with spaces. */
    size_t mib = (size_t)1 << 20;
    char *big = malloc(mib + 1);
    if (!big)
        abort();
    memset(big, ' ', mib + 1);
    big[0] = '{';
    big[1] = '}';
    protocol_limits defaults = {0, 0, 0, 0, 0};
    CHECK(evaluate(big, mib, defaults, &err) == PROTOCOL_OK);
    CHECK(evaluate(big, mib + 1, defaults, &err) == PROTOCOL_E_LIMIT_INPUT_SIZE);
    free(big);
}

static void test_depth(void)
{
    protocol_limits limits = {0, 3, 0, 0, 0};
    protocol_error err;
    /* Depth counts open arrays and objects: the root object is 1. "x" is no
     * fact (a warning), which does not matter to the parser's limit. */
    const char *three = "{\"x\": [[1]]}", *four = "{\"x\": [[[1]]]}";
    CHECK(evaluate(three, strlen(three), limits, &err) == PROTOCOL_OK);
    CHECK(evaluate(four, strlen(four), limits, &err) == PROTOCOL_E_LIMIT_DEPTH);
    CHECK(err.line == 1 && err.column == 9); /* the '[' opening level 4 */
    CHECK(strstr(err.message, "limit of 3") != NULL);

    /* The default, 64. */
    char deep[200];
    protocol_limits defaults = {0, 0, 0, 0, 0};
    for (int depth = 64; depth <= 65; depth++) {
        size_t n = 0;
        memcpy(deep, "{\"x\": ", 6);
        n = 6;
        for (int i = 1; i < depth; i++)
            deep[n++] = '[';
        for (int i = 1; i < depth; i++)
            deep[n++] = ']';
        deep[n++] = '}';
        protocol_status want = depth == 64 ? PROTOCOL_OK : PROTOCOL_E_LIMIT_DEPTH;
        CHECK(evaluate(deep, n, defaults, &err) == want);
    }
}

static void test_string_length(void)
{
    protocol_limits limits = {0, 0, 10, 0, 0};
    protocol_error err;
    const char *ten = "{\"notes\": {\"summary\": \"0123456789\"}}";
    const char *eleven = "{\"notes\": {\"summary\": \"0123456789A\"}}";
    CHECK(evaluate(ten, strlen(ten), limits, &err) == PROTOCOL_OK);
    CHECK(evaluate(eleven, strlen(eleven), limits, &err) == PROTOCOL_E_LIMIT_STRING);
    CHECK(err.line == 1 && err.column == 23); /* the string's opening quote */
    CHECK(strstr(err.message, "11 bytes") && strstr(err.message, "limit of 10"));
    /* The length is of the decoded string: \u00e9 is two bytes of UTF-8. */
    const char *escaped_ten = "{\"notes\": {\"summary\": \"01234567\\u00e9\"}}";
    const char *escaped_eleven = "{\"notes\": {\"summary\": \"012345678\\u00e9\"}}";
    CHECK(evaluate(escaped_ten, strlen(escaped_ten), limits, &err) == PROTOCOL_OK);
    CHECK(evaluate(escaped_eleven, strlen(escaped_eleven), limits, &err) ==
          PROTOCOL_E_LIMIT_STRING);
    /* A key is a string too. */
    const char *long_key = "{\"abcdefghijk\": 1}";
    CHECK(evaluate(long_key, strlen(long_key), limits, &err) == PROTOCOL_E_LIMIT_STRING);
}

static void test_fact_count(void)
{
    protocol_limits limits = {0, 0, 0, 3, 0};
    protocol_error err;
    /* Every value read counts one: two facts and as_of; the objects on the
     * way do not count. */
    const char *three = "{\"subject\": {\"age\": 5, \"is_parent\": true}, \"as_of\": \"2026-11-20\"}";
    /* ... and a null fact counts too. */
    const char *four = "{\"subject\": {\"age\": 5, \"is_parent\": true}, \"as_of\": \"2026-11-20\","
                       " \"needs\": {\"unmet\": null}}";
    /* ... and so do a key that is not a fact and a checklist answer. */
    const char *four_other = "{\"subject\": {\"age\": 5}, \"typo\": 1, \"answers\": "
                             "{\"case-management\": {\"PR-1\": \"met\", \"PR-2\": \"met\"}}}";
    CHECK(evaluate(three, strlen(three), limits, &err) == PROTOCOL_OK);
    CHECK(evaluate(four, strlen(four), limits, &err) == PROTOCOL_E_LIMIT_FACTS);
    CHECK(strcmp(err.place, "needs.unmet") == 0);
    CHECK(strstr(err.message, "limit of 3") != NULL);
    CHECK(evaluate(four_other, strlen(four_other), limits, &err) == PROTOCOL_E_LIMIT_FACTS);

    /* The default, 10000: keys that are no facts, each a warning. */
    size_t size = 10001 * 12 + 16;
    char *many = malloc(size);
    if (!many)
        abort();
    protocol_limits defaults = {0, 0, 0, 0, 0};
    for (int count = 10000; count <= 10001; count++) {
        size_t n = 0;
        many[n++] = '{';
        for (int i = 0; i < count; i++)
            n += (size_t)snprintf(many + n, size - n, "%s\"k%d\":1", i ? "," : "", i);
        many[n++] = '}';
        protocol_status want = count == 10000 ? PROTOCOL_OK : PROTOCOL_E_LIMIT_FACTS;
        CHECK(evaluate(many, n, defaults, &err) == want);
    }
    free(many);
}

/* Run a batch; the output, and *failed. */
static char *batch(const char *text, size_t length, protocol_limits limits, size_t *failed)
{
    protocol_eval_options options = PROTOCOL_EVAL_OPTIONS_INIT;
    options.limits = limits;
    char *out = NULL;
    size_t out_length = 0;
    protocol_error err;
    protocol_status s =
        protocol_evaluate_ndjson(durham, text, length, &options, &out, &out_length, failed, &err);
    CHECK(s == PROTOCOL_OK); /* a refused line is a result, not a failure */
    return out;
}

static void test_line_length(void)
{
    protocol_limits limits = {0, 0, 0, 0, 40};
    size_t failed = 99;
    /* Line 1 is exactly 40 bytes (its "\r\n" not counted), line 3 is 41. */
    char *forty = padded_case(40), *forty_one = padded_case(41);
    char text[200];
    int n = snprintf(text, sizeof text, "%s\r\n\n%s\n", forty, forty_one);
    char *out = batch(text, (size_t)n, limits, &failed);
    CHECK(failed == 1);
    CHECK(out && strncmp(out, "{\"library\"", 10) == 0);
    const char *second = out ? strchr(out, '\n') : NULL;
    const char *refused = "{\"line\":3,\"error\":{\"code\":\"PROTOCOL_E_LIMIT_LINE\"";
    CHECK(second && strncmp(second + 1, refused, strlen(refused)) == 0);
    protocol_free(out);

    /* Within the line limit but over the input-size limit: each line is
     * one case's input. */
    protocol_limits both = {40, 0, 0, 0, 100};
    n = snprintf(text, sizeof text, "%s\n%s\n", forty, forty_one);
    out = batch(text, (size_t)n, both, &failed);
    CHECK(failed == 1);
    CHECK(out && strstr(out, "{\"line\":2,\"error\":{\"code\":\"PROTOCOL_E_LIMIT_INPUT_SIZE\""));
    protocol_free(out);
    free(forty);
    free(forty_one);

    /* The default, 1 MiB. */
    size_t mib = (size_t)1 << 20;
    char *big = malloc(mib + 2);
    if (!big)
        abort();
    protocol_limits defaults = {0, 0, 0, 0, 0};
    for (size_t length = mib; length <= mib + 1; length++) {
        memset(big, ' ', length);
        big[0] = '{';
        big[1] = '}';
        big[length] = '\n';
        out = batch(big, length + 1, defaults, &failed);
        CHECK(failed == (length == mib ? 0u : 1u));
        CHECK(out && (strstr(out, "PROTOCOL_E_LIMIT_LINE") != NULL) == (length > mib));
        protocol_free(out);
    }
    free(big);
}

/* A small valid pack: nesting depth 3 (root, facts, the declaration), its
 * longest string the 20-letter title, 175 bytes in all. */
static const char tiny_pack[] =
    "{\"format\": 1, \"id\": \"tiny\", \"version\": \"1\", \"title\": \"TTTTTTTTTTTTTTTTTTTT\","
    " \"source\": {\"document\": \"D\", \"short\": \"S\"},"
    " \"facts\": {\"a.b\": {\"type\": \"bool\", \"description\": \"d\"}}}";

static protocol_status load(protocol_limits limits, protocol_error *err)
{
    protocol_pack *pack = NULL;
    memset(err, 0, sizeof *err);
    protocol_status s = protocol_pack_load_string(tiny_pack, sizeof tiny_pack - 1, &limits, &pack,
                                                  err);
    CHECK((s == PROTOCOL_OK) == (pack != NULL));
    protocol_pack_free(pack);
    return s;
}

static void test_pack_limits(void)
{
    protocol_error err;
    size_t size = sizeof tiny_pack - 1;
    CHECK(size == 175);
    CHECK(load((protocol_limits){size, 0, 0, 0, 0}, &err) == PROTOCOL_OK);
    CHECK(load((protocol_limits){size - 1, 0, 0, 0, 0}, &err) == PROTOCOL_E_LIMIT_INPUT_SIZE);
    CHECK(load((protocol_limits){0, 3, 0, 0, 0}, &err) == PROTOCOL_OK);
    CHECK(load((protocol_limits){0, 2, 0, 0, 0}, &err) == PROTOCOL_E_LIMIT_DEPTH);
    CHECK(strcmp(err.place, "/facts/a.b") == 0);
    CHECK(load((protocol_limits){0, 0, 20, 0, 0}, &err) == PROTOCOL_OK);
    CHECK(load((protocol_limits){0, 0, 19, 0, 0}, &err) == PROTOCOL_E_LIMIT_STRING);
    CHECK(strcmp(err.place, "/title") == 0);
    CHECK(err.line == 1 && err.column == 54);
    /* The built-in packs load under the default limits. */
    for (size_t i = 0; i < protocol_builtin_pack_count(); i++) {
        const char *text;
        size_t length;
        protocol_pack *pack = NULL;
        CHECK(protocol_builtin_pack_source(protocol_builtin_pack_id(i), &text, &length, NULL) ==
              PROTOCOL_OK);
        CHECK(protocol_pack_load_string(text, length, NULL, &pack, &err) == PROTOCOL_OK);
        protocol_pack_free(pack);
    }
}

int main(void)
{
    protocol_error err;
    if (protocol_pack_load_builtin("durham-2010", &durham, &err) != PROTOCOL_OK) {
        fprintf(stderr, "durham-2010: %s\n", err.message);
        return 1;
    }
    test_input_size();
    test_depth();
    test_string_length();
    test_fact_count();
    test_line_length();
    test_pack_limits();
    protocol_pack_free(durham);
    printf("%d failures\n", failures);
    return failures ? 1 : 0;
}
