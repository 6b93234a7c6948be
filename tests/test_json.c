/*
 * Tests for lib/json_input.c, lib/json_locate.c and lib/json_output.c: a
 * hostile corpus against the strict parser (each refusal's code, line,
 * column and pointer worked out by hand from the text), pointer building
 * and locating, the output buffer, and every allocation failing in turn.
 */
#include "json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* --- a counting allocator that can fail the N-th allocation ---------------- */

static long live_blocks;   /* allocated and not yet freed */
static long allocations;   /* calls that asked for a new block (malloc, realloc) */
static long fail_at;       /* 0: never fail; else fail the allocation with this number */

static void *counting_malloc(size_t size)
{
    if (fail_at && ++allocations == fail_at)
        return NULL;
    void *p = malloc(size);
    if (p)
        live_blocks++;
    return p;
}

static void *counting_realloc(void *ptr, size_t size)
{
    if (fail_at && ++allocations == fail_at)
        return NULL;
    void *p = realloc(ptr, size);
    if (p && !ptr)
        live_blocks++;
    return p;
}

static void counting_free(void *ptr)
{
    if (ptr)
        live_blocks--;
    free(ptr);
}

/* --- helpers -------------------------------------------------------------- */

static protocol_limits limits_with(size_t input, size_t depth, size_t string)
{
    protocol_limits in = {input, depth, string, 0, 0};
    return pr_limits_resolve(&in);
}

static bool parses_with(const char *text, size_t length, const protocol_limits *limits)
{
    cJSON *root = NULL;
    protocol_error err;
    protocol_status status = pr_json_parse(text, length, limits, "test", &root, &err);
    if (status != PROTOCOL_OK)
        fprintf(stderr, "  unexpected refusal of [%.*s]: %s (at %d:%d, place '%s')\n",
                (int)length, text, err.message, err.line, err.column, err.place);
    cJSON_Delete(root);
    return status == PROTOCOL_OK && root != NULL;
}

static bool parses(const char *text)
{
    protocol_limits limits = pr_limits_resolve(NULL);
    return parses_with(text, strlen(text), &limits);
}

/* Expect a refusal with this code, line, column and place, and a message
 * containing `words`. */
static bool refused_with(const char *text, size_t length, const protocol_limits *limits,
                         protocol_status code, int line, int column, const char *place,
                         const char *words)
{
    cJSON *root = (cJSON *)&root; /* must be reset to NULL */
    protocol_error err;
    memset(&err, 0, sizeof err);
    protocol_status status = pr_json_parse(text, length, limits, "case", &root, &err);
    bool ok = status == code && err.code == code && root == NULL && err.line == line &&
              err.column == column && strcmp(err.place, place) == 0 &&
              strstr(err.message, words) != NULL && strncmp(err.message, "case: ", 6) == 0;
    if (!ok)
        fprintf(stderr,
                "  for input [%.*s]\n  want %s at %d:%d place '%s' message with '%s'\n"
                "  got  %s at %d:%d place '%s' message '%s'\n",
                (int)length, text, protocol_status_name(code), line, column, place, words,
                protocol_status_name(status), err.line, err.column, err.place, err.message);
    if (status == PROTOCOL_OK)
        cJSON_Delete(root);
    return ok;
}

static bool refused(const char *text, protocol_status code, int line, int column,
                    const char *place, const char *words)
{
    protocol_limits limits = pr_limits_resolve(NULL);
    return refused_with(text, strlen(text), &limits, code, line, column, place, words);
}

/* Refusals of text holding NUL bytes need the length spelled out. */
#define REFUSED_N(lit, code, line, column, place, words)                                    \
    do {                                                                                  \
        protocol_limits l_ = pr_limits_resolve(NULL);                                     \
        CHECK(refused_with(lit, sizeof lit - 1, &l_, code, line, column, place, words));  \
    } while (0)

static char *repeat(const char *open, size_t times, const char *middle, const char *close)
{
    size_t lo = strlen(open), lm = strlen(middle), lc = strlen(close);
    char *s = malloc(times * (lo + lc) + lm + 1);
    if (!s)
        abort();
    char *p = s;
    for (size_t i = 0; i < times; i++, p += lo)
        memcpy(p, open, lo);
    memcpy(p, middle, lm);
    p += lm;
    for (size_t i = 0; i < times; i++, p += lc)
        memcpy(p, close, lc);
    *p = '\0';
    return s;
}

/* --- limits ------------------------------------------------------------------ */

static void test_limits_resolve(void)
{
    protocol_limits d = pr_limits_resolve(NULL);
    CHECK(d.max_input_bytes == 1048576 && d.max_depth == 64 && d.max_string_bytes == 65536 &&
          d.max_facts == 10000 && d.max_line_bytes == 1048576);
    protocol_limits some = {10, 0, 3, 0, 7};
    protocol_limits r = pr_limits_resolve(&some);
    CHECK(r.max_input_bytes == 10 && r.max_depth == 64 && r.max_string_bytes == 3 &&
          r.max_facts == 10000 && r.max_line_bytes == 7);
}

/* --- accepted text and the tree cJSON builds ----------------------------------- */

static void test_accepted(void)
{
    CHECK(parses("{}"));
    CHECK(parses("[]"));
    CHECK(parses(" \t\r\n{ } \n"));
    CHECK(parses("0"));
    CHECK(parses("-0"));
    CHECK(parses("\"\""));
    CHECK(parses("true"));
    CHECK(parses("null"));
    CHECK(parses("[1, -2.5e+3, 0.0, 1E-2, 1e-400, 1.7976931348623157e308]"));
    CHECK(parses("{\"a\":{\"a\":{\"a\":1}},\"b\":{\"a\":2}}")); /* same key, other objects */
    CHECK(parses("[{\"a\":1},{\"a\":1}]"));
    CHECK(parses("{\"a\":1,\"A\":2,\"a \":3}"));
    /* the shortest and longest sequence of each UTF-8 length and range */
    CHECK(parses("[\"\xC2\x80\xDF\xBF\", \"\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBF\","
                 " \"\xF0\x90\x80\x80\xF4\x8F\xBF\xBF\"]"));
    /* every escape, and a surrogate pair */
    CHECK(parses("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00 \\uFFFF\""));
    /* 63 characters is the longest number */
    CHECK(parses("1.0000000000000000000000000000000000000000000000000000000000001"));

    protocol_limits limits = pr_limits_resolve(NULL);
    const char *text = "{\"a\": [1, 2.5, \"x\\u00e9\\ud83d\\ude00\"], \"b\": null, \"c\": true}";
    cJSON *root = NULL;
    protocol_error err;
    CHECK(pr_json_parse(text, strlen(text), &limits, NULL, &root, &err) == PROTOCOL_OK);
    CHECK(cJSON_IsObject(root));
    cJSON *a = cJSON_GetObjectItemCaseSensitive(root, "a");
    CHECK(cJSON_GetArraySize(a) == 3);
    CHECK(cJSON_GetArrayItem(a, 0)->valuedouble == 1.0);
    CHECK(cJSON_GetArrayItem(a, 1)->valuedouble == 2.5);
    CHECK(strcmp(cJSON_GetArrayItem(a, 2)->valuestring, "x\xC3\xA9\xF0\x9F\x98\x80") == 0);
    CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(root, "b")));
    CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "c")));
    cJSON_Delete(root);

    /* The text need not be NUL-terminated: only `length` bytes are read. */
    root = NULL;
    CHECK(pr_json_parse("[7]]]]", 3, &limits, NULL, &root, &err) == PROTOCOL_OK);
    CHECK(cJSON_GetArrayItem(root, 0)->valuedouble == 7.0);
    cJSON_Delete(root);

    /* Bad arguments. */
    CHECK(pr_json_parse(NULL, 3, &limits, NULL, &root, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(pr_json_parse("1", 1, NULL, NULL, &root, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(pr_json_parse("1", 1, &limits, NULL, NULL, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    /* Without `what` the message has no prefix. */
    CHECK(pr_json_parse("[", 1, &limits, NULL, &root, &err) == PROTOCOL_E_JSON);
    CHECK(strncmp(err.message, "the text ends too early", 23) == 0);
}

/* --- refusals ------------------------------------------------------------------ */

static void test_empty_and_bom(void)
{
    CHECK(refused("", PROTOCOL_E_JSON, 1, 1, "", "empty"));
    /* offset 4 is the end: line 2 ("  \n" ends line 1), column 2 */
    CHECK(refused("  \n ", PROTOCOL_E_JSON, 2, 2, "", "only whitespace"));
    CHECK(refused("\xEF\xBB\xBF{}", PROTOCOL_E_JSON, 1, 1, "", "byte order mark"));
    /* UTF-16, with or without its byte order mark, is named as such */
    REFUSED_N("\xFF\xFE[\x00]\x00", PROTOCOL_E_JSON, 1, 1, "",
              "UTF-16 byte order mark (bytes FF FE)");
    REFUSED_N("\xFE\xFF\x00[\x00]", PROTOCOL_E_JSON, 1, 1, "",
              "UTF-16 byte order mark (bytes FE FF)");
    REFUSED_N("[\x00]\x00", PROTOCOL_E_JSON, 1, 2, "",
              "looks like UTF-16 (a NUL byte after its first");
    REFUSED_N("\x00[\x00]", PROTOCOL_E_JSON, 1, 1, "",
              "looks like UTF-16 (a NUL byte before its first");
    /* a form feed or vertical tab is not JSON whitespace, and says so */
    CHECK(refused("[1,\f2]", PROTOCOL_E_JSON, 1, 4, "/1",
                  "a form feed (byte 0x0C), which JSON does not count as whitespace"));
    CHECK(refused("\v[]", PROTOCOL_E_JSON, 1, 1, "", "a vertical tab (byte 0x0B)"));
    /* a BOM later on is outside a string, so plain non-ASCII text */
    CHECK(refused("[\xEF\xBB\xBF]", PROTOCOL_E_JSON, 1, 2, "/0", "byte 0xEF"));
}

static void test_truncation(void)
{
    /* after "2" the array waits for , or ]: the place is the array */
    CHECK(refused("{\"a\": [1, 2", PROTOCOL_E_JSON, 1, 12, "/a", "',' or ']'"));
    CHECK(refused("{\"a\": [1, 2", PROTOCOL_E_JSON, 1, 12, "/a", "array opened at line 1, column 7"));
    CHECK(refused("{\"a\":", PROTOCOL_E_JSON, 1, 6, "/a", "expected a value"));
    CHECK(refused("{\"a\"", PROTOCOL_E_JSON, 1, 5, "/a", "':'"));
    CHECK(refused("{\"a", PROTOCOL_E_JSON, 1, 4, "", "closing quote of the string that starts at line 1, column 2"));
    CHECK(refused("{", PROTOCOL_E_JSON, 1, 2, "", "key string"));
    CHECK(refused("[", PROTOCOL_E_JSON, 1, 2, "/0", "expected a value"));
    CHECK(refused("[tru", PROTOCOL_E_JSON, 1, 5, "/0", "'true'"));
    CHECK(refused("\"abc", PROTOCOL_E_JSON, 1, 5, "", "closing quote"));
    CHECK(refused("{\"a\":\"\\u12", PROTOCOL_E_JSON, 1, 11, "/a", "four hex digits"));
    CHECK(refused("[\"\\", PROTOCOL_E_JSON, 1, 4, "/0", "escape"));
    CHECK(refused("[\"\\ud800", PROTOCOL_E_JSON, 1, 9, "/0", "low surrogate"));
    CHECK(refused("[\"\xE2\x82", PROTOCOL_E_JSON, 1, 4, "/0", "UTF-8 sequence"));
    CHECK(refused("-", PROTOCOL_E_JSON, 1, 2, "", "digit after '-'"));
    CHECK(refused("[1.", PROTOCOL_E_JSON, 1, 4, "/0", "decimal point"));
    CHECK(refused("[1e+", PROTOCOL_E_JSON, 1, 5, "/0", "exponent"));
    CHECK(refused("{\"a\":{\"b\":[{}", PROTOCOL_E_JSON, 1, 14, "/a/b", "array opened at line 1, column 11"));
}

static void test_depth(void)
{
    protocol_limits three = limits_with(0, 3, 0);
    CHECK(parses_with("[[[1]]]", 7, &three));
    protocol_limits four = limits_with(0, 4, 0);
    CHECK(parses_with("{\"a\":{\"b\":{\"c\":{}}}}", 20, &four));
    CHECK(refused_with("[[[[1]]]]", 9, &three, PROTOCOL_E_LIMIT_DEPTH, 1, 4, "/0/0/0",
                       "limit of 3 levels"));
    CHECK(refused_with("{\"a\":{\"b\":{\"c\":{}}}}", 20, &three, PROTOCOL_E_LIMIT_DEPTH, 1, 16,
                       "/a/b/c", "nesting deeper"));
    /* a scalar does not count as a level */
    CHECK(parses_with("[[[\"deep\"]]]", 12, &three));

    /* the default limit: 64 levels pass, 65 fail at the 65th bracket */
    protocol_limits d = pr_limits_resolve(NULL);
    char *at_limit = repeat("[", 64, "", "]");
    char *over = repeat("[", 65, "", "]");
    CHECK(parses_with(at_limit, strlen(at_limit), &d));
    cJSON *root = NULL;
    protocol_error err;
    CHECK(pr_json_parse(over, strlen(over), &d, NULL, &root, &err) == PROTOCOL_E_LIMIT_DEPTH);
    CHECK(err.line == 1 && err.column == 65 && root == NULL);
    CHECK(strncmp(err.place, "/0/0/0/", 7) == 0 && strlen(err.place) == 64 * 2);
    free(at_limit);
    free(over);

    /* deeper than cJSON's own limit of 1000: the scanner enforces 1000 */
    protocol_limits huge = limits_with(0, 5000, 0);
    char *k1000 = repeat("{\"k\":", 999, "[]", "}");
    char *k1001 = repeat("{\"k\":", 1000, "[]", "}");
    CHECK(parses_with(k1000, strlen(k1000), &huge));
    CHECK(pr_json_parse(k1001, strlen(k1001), &huge, NULL, &root, &err) ==
          PROTOCOL_E_LIMIT_DEPTH);
    CHECK(err.line == 1 && err.column == 1000 * 5 + 1 && strstr(err.message, "1000 levels"));
    free(k1000);
    free(k1001);
}

static void test_string_and_input_limits(void)
{
    protocol_limits four = limits_with(0, 0, 4);
    CHECK(parses_with("\"abcd\"", 6, &four));
    CHECK(refused_with("\"abcde\"", 7, &four, PROTOCOL_E_LIMIT_STRING, 1, 1, "",
                       "5 bytes is longer than the limit of 4 bytes"));
    /* the limit counts decoded bytes: two escaped é are 4 bytes, \n\t 2 */
    CHECK(parses_with("\"\\u00e9\\u00e9\"", 14, &four));
    CHECK(parses_with("\"ab\\n\\t\"", 8, &four));
    CHECK(parses_with("\"\xC3\xA9\xC3\xA9\"", 6, &four));
    CHECK(refused_with("\"\\ud83d\\ude00a\"", 15, &four, PROTOCOL_E_LIMIT_STRING, 1, 1, "",
                       "5 bytes"));
    CHECK(refused_with("\"\xC3\xA9\xC3\xA9x\"", 7, &four, PROTOCOL_E_LIMIT_STRING, 1, 1, "",
                       "5 bytes"));
    /* keys count too; a key's place is its object */
    CHECK(refused_with("{\"abcde\":1}", 11, &four, PROTOCOL_E_LIMIT_STRING, 1, 2, "",
                       "limit of 4"));
    CHECK(refused_with("{\"x\":[\"abcde\"]}", 15, &four, PROTOCOL_E_LIMIT_STRING, 1, 7, "/x/0",
                       "limit of 4"));

    protocol_limits ten = limits_with(10, 0, 0);
    CHECK(parses_with("[1,2,3,45]", 10, &ten));
    CHECK(refused_with("[1,2,3,456]", 11, &ten, PROTOCOL_E_LIMIT_INPUT_SIZE, 1, 11, "",
                       "11 bytes is larger than the limit of 10 bytes"));
}

static void test_utf8(void)
{
    /* [ " a <bad>: the bad byte is at offset 3, column 4 */
    CHECK(refused("[\"a\x80\"]", PROTOCOL_E_JSON, 1, 4, "/0", "continuation byte without a lead"));
    CHECK(refused("[\"a\xBF\"]", PROTOCOL_E_JSON, 1, 4, "/0", "continuation byte"));
    /* overlong: '/' as 2, 3 and 4 bytes; U+07FF in 3 bytes */
    CHECK(refused("[\"\xC0\xAF\"]", PROTOCOL_E_JSON, 1, 3, "/0", "overlong"));
    CHECK(refused("[\"\xC1\xBF\"]", PROTOCOL_E_JSON, 1, 3, "/0", "overlong"));
    CHECK(refused("[\"\xE0\x80\xAF\"]", PROTOCOL_E_JSON, 1, 3, "/0", "overlong"));
    CHECK(refused("[\"\xE0\x9F\xBF\"]", PROTOCOL_E_JSON, 1, 3, "/0", "overlong"));
    CHECK(refused("[\"\xF0\x80\x80\xAF\"]", PROTOCOL_E_JSON, 1, 3, "/0", "overlong"));
    CHECK(refused("[\"\xF0\x8F\xBF\xBF\"]", PROTOCOL_E_JSON, 1, 3, "/0", "overlong"));
    /* surrogates encoded in UTF-8 (U+D800, U+DFFF) */
    CHECK(refused("[\"\xED\xA0\x80\"]", PROTOCOL_E_JSON, 1, 3, "/0", "surrogate"));
    CHECK(refused("[\"\xED\xBF\xBF\"]", PROTOCOL_E_JSON, 1, 3, "/0", "surrogate"));
    /* beyond U+10FFFF, and bytes that never occur */
    CHECK(refused("[\"\xF4\x90\x80\x80\"]", PROTOCOL_E_JSON, 1, 3, "/0", "above U+10FFFF"));
    CHECK(refused("[\"\xF5\x80\x80\x80\"]", PROTOCOL_E_JSON, 1, 3, "/0", "never occurs"));
    CHECK(refused("[\"\xFE\"]", PROTOCOL_E_JSON, 1, 3, "/0", "never occurs"));
    CHECK(refused("[\"\xFF\"]", PROTOCOL_E_JSON, 1, 3, "/0", "0xFF never occurs"));
    /* a sequence cut short by an ASCII byte or the closing quote */
    CHECK(refused("[\"\xC3" "a\"]", PROTOCOL_E_JSON, 1, 3, "/0", "not followed by enough continuation"));
    CHECK(refused("[\"\xE2\x82\"]", PROTOCOL_E_JSON, 1, 3, "/0", "not followed by enough continuation"));
    CHECK(refused("[\"\xF0\x9F\x98\"]", PROTOCOL_E_JSON, 1, 3, "/0", "continuation"));
    /* columns count characters: "é" is one column, so 0xFF after
     * [ " é " , space " sits at column 8 */
    CHECK(refused("[\"\xC3\xA9\", \"\xFF\"]", PROTOCOL_E_JSON, 1, 8, "/1", "0xFF"));
    /* in a key: the place is the object */
    CHECK(refused("{\"ok\":{\"\xC0\x80\":1}}", PROTOCOL_E_JSON, 1, 9, "/ok", "overlong"));
    /* outside strings */
    CHECK(refused("[\xC3\xA9]", PROTOCOL_E_JSON, 1, 2, "/0", "must be ASCII"));
    CHECK(refused("\xC3\xA9", PROTOCOL_E_JSON, 1, 1, "", "byte 0xC3"));
}

static void test_escapes_and_surrogates(void)
{
    CHECK(refused("[\"\\ud800\"]", PROTOCOL_E_JSON, 1, 3, "/0", "lone surrogate escape \\uD800"));
    CHECK(refused("[\"\\udc00\"]", PROTOCOL_E_JSON, 1, 3, "/0", "lone surrogate escape \\uDC00"));
    CHECK(refused("[\"\\uDBFF\\u0041\"]", PROTOCOL_E_JSON, 1, 3, "/0", "high surrogate must be followed"));
    CHECK(refused("[\"\\ud800x\"]", PROTOCOL_E_JSON, 1, 3, "/0", "lone surrogate"));
    CHECK(refused("[\"\\ud800\\ud800\"]", PROTOCOL_E_JSON, 1, 3, "/0", "lone surrogate"));
    CHECK(refused("[\"ab\\udfff\"]", PROTOCOL_E_JSON, 1, 5, "/0", "low surrogate must follow"));
    CHECK(refused("{\"k\":\"\\u00G0\"}", PROTOCOL_E_JSON, 1, 11, "/k", "four hex digits; found 'G'"));
    CHECK(refused("[\"\\x41\"]", PROTOCOL_E_JSON, 1, 4, "/0", "invalid escape"));
    CHECK(refused("[\"\\U0041\"]", PROTOCOL_E_JSON, 1, 4, "/0", "invalid escape"));
    /* valid JSON refused by policy, with its own code */
    CHECK(refused("[\"a\\u0000b\"]", PROTOCOL_E_NUL_CHARACTER, 1, 4, "/0", "\\u0000"));
    CHECK(refused("{\"\\u0000\":1}", PROTOCOL_E_NUL_CHARACTER, 1, 3, "", "strings end at a NUL"));
    /* raw control characters must be escaped */
    CHECK(refused("[\"a\tb\"]", PROTOCOL_E_JSON, 1, 4, "/0", "U+0009"));
    CHECK(refused("{\"a\":\"x\ny\"}", PROTOCOL_E_JSON, 1, 8, "/a", "U+000A"));
    CHECK(refused("[\"\x1F\"]", PROTOCOL_E_JSON, 1, 3, "/0", "U+001F"));
    CHECK(refused("[\"\f\"]", PROTOCOL_E_JSON, 1, 3, "/0",
                  "U+000C inside a string must be escaped (as \\u000C or \\f)"));
    CHECK(parses("[\"\x7F\"]")); /* DEL is not a control character in JSON */
}

/* The string scanner reads eight bytes at a time: a special byte at every
 * offset of the word must still be seen. */
static void test_string_word_offsets(void)
{
    protocol_limits d = pr_limits_resolve(NULL);
    for (int i = 0; i < 20; i++) {
        char text[64];
        memset(text, 0, sizeof text);
        text[0] = '"';
        memset(text + 1, 'a', (size_t)i);
        /* a control character at offset i + 1: column i + 2 */
        text[i + 1] = '\x01';
        memcpy(text + i + 2, "bcdefghijk\"", 11);
        CHECK(refused_with(text, strlen(text), &d, PROTOCOL_E_JSON, 1, i + 2, "", "U+0001"));
        /* a bad UTF-8 byte there */
        text[i + 1] = (char)0xFF;
        CHECK(refused_with(text, strlen(text), &d, PROTOCOL_E_JSON, 1, i + 2, "", "0xFF"));
        /* a closing quote there, then trailing text after the string */
        text[i + 1] = '"';
        CHECK(refused_with(text, strlen(text), &d, PROTOCOL_E_JSON, 1, i + 3, "",
                           "after the JSON value: 'b'"));
        /* an escape there counts */
        text[i + 1] = '\\';
        text[i + 2] = 'n';
        CHECK(parses_with(text, strlen(text), &d));
        /* two-byte é there: still valid */
        text[i + 1] = (char)0xC3;
        text[i + 2] = (char)0xA9;
        CHECK(parses_with(text, strlen(text), &d));
    }
}

static void test_nul_bytes(void)
{
    REFUSED_N("[\"a\0b\"]", PROTOCOL_E_JSON, 1, 4, "/0",
              "NUL byte (0x00) inside a string: JSON requires control characters");
    REFUSED_N("[1,\0]", PROTOCOL_E_JSON, 1, 4, "/1", "NUL byte");
    REFUSED_N("{}\0", PROTOCOL_E_JSON, 1, 3, "", "after the JSON value");
    REFUSED_N("\0", PROTOCOL_E_JSON, 1, 1, "", "NUL byte");
    REFUSED_N("{\"a\":1\0}", PROTOCOL_E_JSON, 1, 7, "", "NUL byte");
}

#define ZEROS10 "0000000000"
#define ZEROS70 ZEROS10 ZEROS10 ZEROS10 ZEROS10 ZEROS10 ZEROS10 ZEROS10

/* pr_json_number reads `text` as `want`, and so does cJSON from the tree
 * pr_json_parse builds (long numbers rewritten for it). */
static bool number_reads(const char *text, double want)
{
    double got = pr_json_number(text, strlen(text));
    char doc[4096];
    snprintf(doc, sizeof doc, "[%s]", text);
    protocol_limits limits = pr_limits_resolve(NULL);
    cJSON *root = NULL;
    protocol_error err;
    bool ok = pr_json_parse(doc, strlen(doc), &limits, NULL, &root, &err) == PROTOCOL_OK;
    double tree = ok ? cJSON_GetArrayItem(root, 0)->valuedouble : -1;
    cJSON_Delete(root);
    if (got != want || tree != want || signbit(got) != signbit(want))
        fprintf(stderr, "  %s: read %a, in the tree %a; want %a\n", text, got, tree, want);
    return ok && got == want && tree == want && signbit(got) == signbit(want);
}

/* 9007199254740993.000...0001 with the 1 at the 900th decimal: just over
 * halfway, so 2^53 + 2 (Python: float(...) == 9007199254740994.0). */
static bool number_reads_long_halfway(void)
{
    char text[1000];
    size_t k = (size_t)snprintf(text, sizeof text, "9007199254740993.");
    memset(text + k, '0', 899);
    k += 899;
    text[k++] = '1';
    text[k] = '\0';
    return number_reads(text, 0x1.0000000000001p+53);
}

static void test_numbers(void)
{
    CHECK(refused("1e400", PROTOCOL_E_JSON, 1, 1, "", "too large"));
    CHECK(refused("{\"n\": -1e400}", PROTOCOL_E_JSON, 1, 7, "/n", "-1e400 is too large"));
    CHECK(refused("[0, 1.8e308]", PROTOCOL_E_JSON, 1, 5, "/1", "too large"));
    CHECK(refused("[1E+99999999999999999999]", PROTOCOL_E_JSON, 1, 2, "/0", "too large"));
    CHECK(parses("[0e99999999, 1e-99999]"));
    CHECK(refused("[01]", PROTOCOL_E_JSON, 1, 2, "/0", "leading zero"));
    CHECK(refused("[-01]", PROTOCOL_E_JSON, 1, 2, "/0", "leading zero"));
    CHECK(refused("[.5]", PROTOCOL_E_JSON, 1, 2, "/0", "expected a value; found '.'"));
    CHECK(refused("[+1]", PROTOCOL_E_JSON, 1, 2, "/0", "found '+'"));
    CHECK(refused("[-x]", PROTOCOL_E_JSON, 1, 3, "/0", "digit after '-'; found 'x'"));
    CHECK(refused("[1.e5]", PROTOCOL_E_JSON, 1, 4, "/0", "after the decimal point; found 'e'"));
    CHECK(refused("[1e]", PROTOCOL_E_JSON, 1, 4, "/0", "exponent of a number; found ']'"));
    CHECK(refused("[1.5.3]", PROTOCOL_E_JSON, 1, 5, "", "after an array element; found '.'"));
    CHECK(refused("[NaN]", PROTOCOL_E_JSON, 1, 2, "/0", "found 'N'"));
    CHECK(refused("-Infinity", PROTOCOL_E_JSON, 1, 2, "", "digit after '-'"));
    /* No cap on a number's length: longer than the 63 characters cJSON
     * reads, a number is read whole, by pr_json_number and (rewritten) in
     * the tree. Expected values: Python's float() of the same text, as hex. */
    CHECK(parses("[1.00000000000000000000000000000000000000000000000000000000000001]"));
    CHECK(number_reads("1.00000000000000000000000000000000000000000000000000000000000001", 0x1p+0));
    CHECK(number_reads("0." ZEROS70 "1", 0x1.1ab20e472914ap-236));
    CHECK(number_reads("1" ZEROS70, 0x1.72ebad6ddc73dp+232));
    CHECK(number_reads("-1" ZEROS70 ".5e-40", -0x1.93e5939a08ceap+99));
    CHECK(number_reads("12345678901234567890123456789012345678901234567890123456789012345678"
                       "9e-300",
                       0x1.8889b417c5458p-771));
    /* 2^53 + 1 is halfway between two doubles: ties to even (2^53); a 1
     * more than 800 digits further on tips it up (2^53 + 2). */
    CHECK(number_reads("9007199254740993" ZEROS70 "e-70", 0x1p+53));
    CHECK(number_reads_long_halfway());
    CHECK(number_reads("0." ZEROS70 ZEROS70, 0.0));
    CHECK(number_reads("-0." ZEROS70 ZEROS70, -0.0) && signbit(pr_json_number("-0." ZEROS70, 72)));
    CHECK(number_reads("4.9406564584124654e-324" ZEROS70, 0.0));
    /* a long whole number past the double's range has no exponent, and is refused */
    char big[400];
    memset(big, '9', 320);
    big[0] = '[';
    big[320] = ']';
    big[321] = '\0';
    CHECK(refused(big, PROTOCOL_E_JSON, 1, 2, "/0", "too large"));
}

static void test_duplicate_keys(void)
{
    CHECK(
        refused("{\"a\":1,\"a\":2}", PROTOCOL_E_DUPLICATE_KEY, 1, 8, "/a",
                "duplicate key \"a\" in the top-level object (the first is at line 1, column 2)"));
    /* the second spelling decodes to the same key */
    const char *nested = "{\n"
                         "  \"subject\": {\n"
                         "    \"age\": 1,\n"
                         "    \"\\u0061ge\": 2\n"
                         "  }\n"
                         "}";
    CHECK(refused(
        nested, PROTOCOL_E_DUPLICATE_KEY, 4, 5, "/subject/age",
        "duplicate key \"age\" in the object at /subject (the first is at line 3, column 5)"));
    CHECK(refused("[{\"x\":1},{\"y\":1,\"y\":2}]", PROTOCOL_E_DUPLICATE_KEY, 1, 17, "/1/y",
                  "in the object at /1 "));
    CHECK(refused("{\"a/b~\":{\"k\":1,\"k\":{}}}", PROTOCOL_E_DUPLICATE_KEY, 1, 16, "/a~1b~0/k",
                  "object at /a~1b~0 "));
    /* after a child object closes, its keys do not count for the parent,
     * but the parent's own keys still do */
    CHECK(refused("{\"a\":{\"b\":1},\"b\":2,\"a\":3}", PROTOCOL_E_DUPLICATE_KEY, 1, 20, "/a",
                  "first is at line 1, column 2"));
    /* escapes that decode alike: \/ and /, \u00e9 and raw é */
    CHECK(refused("{\"a/\":1,\"a\\/\":2}", PROTOCOL_E_DUPLICATE_KEY, 1, 9, "/a~1",
                  "duplicate key \"a/\""));
    CHECK(refused("{\"\xC3\xA9\":1,\"\\u00E9\":2}", PROTOCOL_E_DUPLICATE_KEY, 1, 8, "/\xC3\xA9",
                  "duplicate key \"\xC3\xA9\""));
    /* a key with quotes and a newline is quoted back escaped */
    CHECK(refused("{\"q\\\"\\n\":1,\"q\\\"\\n\":2}", PROTOCOL_E_DUPLICATE_KEY, 1, 12, "/q\"\n",
                  "duplicate key \"q\\\"\\u000A\""));
    /* keys of 7 to 17 bytes, one spelled with an escape: the same hash
     * whether read a word at a time or decoded byte by byte */
    for (int len = 7; len <= 17; len++) {
        char text[128];
        const char *key = "abcdefghijklmnopq";
        int n = snprintf(text, sizeof text, "{\"%.*s\\u0072\":1,\"%.*sr\":2}", len - 1, key,
                         len - 1, key);
        char place[32];
        snprintf(place, sizeof place, "/%.*sr", len - 1, key);
        /* the second key opens after {"<len-1 bytes>\u0072":1, */
        CHECK(refused_with(text, (size_t)n, &(protocol_limits){1 << 20, 64, 1 << 16, 1, 1},
                           PROTOCOL_E_DUPLICATE_KEY, 1, 2 + (len - 1) + 6 + 1 + 3 + 1, place,
                           "duplicate key"));
    }
    /* the empty key */
    CHECK(refused("{\"\":1,\"\":2}", PROTOCOL_E_DUPLICATE_KEY, 1, 7, "/", "duplicate key \"\""));

    /* many keys: the table grows and still finds the one repeat */
    size_t count = 5000;
    char *big = malloc(count * 16 + 64);
    CHECK(big != NULL);
    if (!big)
        return;
    size_t n = 0;
    big[n++] = '{';
    for (size_t i = 0; i < count; i++)
        n += (size_t)sprintf(big + n, "%s\"k%zu\":%zu", i ? "," : "", i, i);
    big[n] = '}';
    protocol_limits d = pr_limits_resolve(NULL);
    CHECK(parses_with(big, n + 1, &d));
    n += (size_t)sprintf(big + n, ",\"k4321\":0}");
    cJSON *root = NULL;
    protocol_error err;
    CHECK(pr_json_parse(big, n, &d, NULL, &root, &err) == PROTOCOL_E_DUPLICATE_KEY);
    CHECK(strcmp(err.place, "/k4321") == 0 && strstr(err.message, "duplicate key \"k4321\""));
    free(big);

    /* many small objects, each with the same keys */
    char many[16000];
    n = 0;
    many[n++] = '[';
    for (int i = 0; i < 1000; i++)
        n += (size_t)sprintf(many + n, "%s{\"a\":1,\"b\":2}", i ? "," : "");
    many[n++] = ']';
    CHECK(parses_with(many, n, &d));
}

static bool valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int extra = *p < 0x80 ? 0 : *p >= 0xF0 ? 3 : *p >= 0xE0 ? 2 : *p >= 0xC2 ? 1 : -1;
        if (extra < 0)
            return false;
        for (int i = 1; i <= extra; i++)
            if ((p[i] & 0xC0) != 0x80)
                return false;
        p += extra + 1;
    }
    return true;
}

/* A message made long by a long input name and long non-ASCII keys is cut
 * to the record's size on a character boundary. */
static void test_long_messages(void)
{
    char what[700] = "", text[1200];
    for (int i = 0; i < 300; i++)
        strcat(what, "\xC3\xA9");
    char key[200] = "";
    for (int i = 0; i < 60; i++)
        strcat(key, "\xE2\x82\xAC");
    snprintf(text, sizeof text, "{\"%s\":{\"%s\":1,\"%s\":2}}", key, key, key);
    protocol_limits d = pr_limits_resolve(NULL);
    cJSON *root = NULL;
    protocol_error err;
    CHECK(pr_json_parse(text, strlen(text), &d, what, &root, &err) == PROTOCOL_E_DUPLICATE_KEY);
    CHECK(strlen(err.message) < sizeof err.message && strlen(err.message) > 400);
    CHECK(valid_utf8(err.message) && valid_utf8(err.place));
    CHECK(strncmp(err.message, "\xC3\xA9\xC3\xA9", 4) == 0);
    /* without the long name the whole message fits, the key cut with "..." */
    CHECK(pr_json_parse(text, strlen(text), &d, NULL, &root, &err) == PROTOCOL_E_DUPLICATE_KEY);
    CHECK(valid_utf8(err.message) && strstr(err.message, "...\" in the object at /") &&
          strstr(err.message, "(the first is at line 1, column "));
}

static void test_syntax(void)
{
    CHECK(refused("{} x", PROTOCOL_E_JSON, 1, 4, "", "unexpected text after the JSON value: 'x'"));
    CHECK(refused("[1]]", PROTOCOL_E_JSON, 1, 4, "", "after the JSON value: ']'"));
    CHECK(refused("1 2", PROTOCOL_E_JSON, 1, 3, "", "after the JSON value"));
    CHECK(refused("truex", PROTOCOL_E_JSON, 1, 5, "", "after the JSON value"));
    CHECK(refused("[1,]", PROTOCOL_E_JSON, 1, 4, "/1", "comma before it has nothing after it"));
    CHECK(refused("{\"a\":1,}", PROTOCOL_E_JSON, 1, 8, "", "comma before it"));
    CHECK(refused("{\"a\" 1}", PROTOCOL_E_JSON, 1, 6, "/a", "expected ':' after a key; found '1'"));
    CHECK(refused("{a:1}", PROTOCOL_E_JSON, 1, 2, "", "key string in double quotes; found 'a'"));
    CHECK(refused("{'a':1}", PROTOCOL_E_JSON, 1, 2, "", "found '''"));
    CHECK(refused("[1 2]", PROTOCOL_E_JSON, 1, 4, "", "expected ',' or ']' after an array element"));
    CHECK(refused("{\"a\":1 \"b\":2}", PROTOCOL_E_JSON, 1, 8, "", "',' or '}' after an object member"));
    CHECK(refused("[1,,2]", PROTOCOL_E_JSON, 1, 4, "/1", "expected a value; found ','"));
    CHECK(refused("[}", PROTOCOL_E_JSON, 1, 2, "/0", "found '}'"));
    CHECK(refused("nul", PROTOCOL_E_JSON, 1, 4, "", "'null'"));
    CHECK(refused("[nulL]", PROTOCOL_E_JSON, 1, 5, "/0", "expected 'null'; found 'L'"));
    CHECK(refused("[True]", PROTOCOL_E_JSON, 1, 2, "/0", "found 'T'"));
    CHECK(refused("/* c */ {}", PROTOCOL_E_JSON, 1, 1, "", "found '/'"));
    CHECK(refused("[\x0B]", PROTOCOL_E_JSON, 1, 2, "/0", "byte 0x0B"));
    /* lines and columns over several lines: 'tru]' fails at ']' */
    CHECK(refused("{\n  \"a\": [1,\n    tru]\n}", PROTOCOL_E_JSON, 3, 8, "/a/1", "expected 'true'"));
    CHECK(refused("{\r\n\"a\":\r\n\r\n}", PROTOCOL_E_JSON, 4, 1, "/a", "expected a value"));
}

/* --- pointers and locating ----------------------------------------------------- */

static void test_pointer_push(void)
{
    char buf[64] = "";
    CHECK(pr_json_pointer_push(buf, sizeof buf, "a/b~c"));
    CHECK(strcmp(buf, "/a~1b~0c") == 0);
    CHECK(pr_json_pointer_push(buf, sizeof buf, "3"));
    CHECK(strcmp(buf, "/a~1b~0c/3") == 0);
    CHECK(pr_json_pointer_push(buf, sizeof buf, ""));
    CHECK(strcmp(buf, "/a~1b~0c/3/") == 0);
    CHECK(pr_json_pointer_push(buf, sizeof buf, "~01"));
    CHECK(strcmp(buf, "/a~1b~0c/3//~001") == 0);

    char small[8] = "";
    CHECK(pr_json_pointer_push(small, sizeof small, "abcdef")); /* "/abcdef" + NUL = 8 */
    CHECK(strcmp(small, "/abcdef") == 0);
    CHECK(!pr_json_pointer_push(small, sizeof small, ""));
    CHECK(strcmp(small, "/abcdef") == 0);
    char tiny[4] = "";
    CHECK(!pr_json_pointer_push(tiny, sizeof tiny, "a/")); /* "/a~1" needs 5 */
    CHECK(strcmp(tiny, "") == 0);
}

static bool located(const char *text, const char *pointer, int line, int column)
{
    int l = -1, c = -1;
    pr_json_locate(text, strlen(text), pointer, &l, &c);
    if (l != line || c != column)
        fprintf(stderr, "  locate '%s': want %d:%d, got %d:%d\n", pointer, line, column, l, c);
    return l == line && c == column;
}

static void test_locate(void)
{
    const char *text = "{\n"
                       "  \"rules\": [\n"
                       "    {\"id\": \"r1\", \"met\": true},\n"
                       "    {\"id\": \"r~/\", \"a/b\": {\"c~d\": 5}}\n"
                       "  ],\n"
                       "  \"x\": \"y\"\n"
                       "}";
    CHECK(located(text, "", 1, 1));
    CHECK(located(text, "/rules", 2, 12));
    CHECK(located(text, "/rules/0", 3, 5));
    CHECK(located(text, "/rules/0/id", 3, 12));
    CHECK(located(text, "/rules/0/met", 3, 25));
    CHECK(located(text, "/rules/1", 4, 5));
    CHECK(located(text, "/rules/1/a~1b", 4, 26));
    CHECK(located(text, "/rules/1/a~1b/c~0d", 4, 34));
    CHECK(located(text, "/x", 6, 8));
    /* further than the text: the deepest value on the way */
    CHECK(located(text, "/rules/2", 2, 12));
    CHECK(located(text, "/rules/01", 2, 12));
    CHECK(located(text, "/rules/-", 2, 12));
    CHECK(located(text, "/rules/0/nope/deeper", 3, 5));
    CHECK(located(text, "/rules/1/a/b", 4, 5)); /* "a/b" must be written a~1b */
    CHECK(located(text, "/x/y", 6, 8));
    CHECK(located(text, "/nope", 1, 1));
    /* keys written with escapes in the text */
    const char *escaped = "{\"a\\/b\": 1, \"\\u00e9\": 2, \"\\ud83d\\ude00\": [3, {\"~\": 4}]}";
    CHECK(located(escaped, "/a~1b", 1, 10));
    CHECK(located(escaped, "/\xC3\xA9", 1, 23));
    CHECK(located(escaped, "/\xF0\x9F\x98\x80/1/~0", 1, 52));
    /* strings holding brackets and quotes are skipped whole */
    const char *tricky = "[\"]\\\"[{\", {\"}\": \"{\"}, 7]";
    CHECK(located(tricky, "/2", 1, 23));
    CHECK(located(tricky, "/1/}", 1, 17));
    /* leading whitespace, a scalar root, NULL and empty text */
    CHECK(located("  \n  [1]", "/0", 2, 4));
    CHECK(located("42", "/0", 1, 1));
    int l = -1, c = -1;
    pr_json_locate(NULL, 0, "/a", &l, &c);
    CHECK(l == 1 && c == 1);
    pr_json_locate("", 0, NULL, &l, &c);
    CHECK(l == 1 && c == 1);
    /* the pointer of a duplicate key's object, as a refusal names it */
    const char *dup = "{\"s\": {\"t\": [0, {\"u\": 1, \"u\": 2}]}}";
    CHECK(located(dup, "/s/t/1", 1, 17));
}

/* --- output ---------------------------------------------------------------------- */

static void test_buf(void)
{
    pr_buf b = PR_BUF_INIT;
    pr_buf_json_string(&b, "a\"b\\c/\n\t\r\b\f\x01\x1f\x7f \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
    CHECK(!b.failed && b.data && b.length == strlen(b.data));
    CHECK(strcmp(b.data, "\"a\\\"b\\\\c/\\n\\t\\r\\b\\f\\u0001\\u001f\x7f "
                         "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"") == 0);
    pr_buf_free(&b);
    CHECK(b.data == NULL && b.length == 0);

    pr_buf_json_string(&b, "");
    pr_buf_putc(&b, ',');
    pr_buf_json_string(&b, NULL);
    CHECK(strcmp(b.data, "\"\",\"\"") == 0);
    pr_buf_free(&b);

    /* growth: many small appends, then a printf past the capacity */
    for (int i = 0; i < 10000; i++)
        pr_buf_putc(&b, (char)('a' + i % 26));
    CHECK(b.length == 10000 && b.capacity > 10000 && b.data[10000] == '\0');
    CHECK(b.data[0] == 'a' && b.data[25] == 'z' && b.data[9999] == 'a' + 9999 % 26);
    char long_word[3000];
    memset(long_word, 'x', sizeof long_word - 1);
    long_word[sizeof long_word - 1] = '\0';
    size_t before = b.length;
    pr_buf_printf(&b, "[%d|%s|%.2f]", -42, long_word, 2.5);
    CHECK(b.length == before + 5 + 2999 + 6 && b.data[b.length] == '\0');
    CHECK(strncmp(b.data + before, "[-42|xxx", 8) == 0);
    CHECK(strcmp(b.data + b.length - 6, "|2.50]") == 0);
    size_t length = 0;
    char *text = pr_buf_take(&b, &length);
    CHECK(text && length == before + 5 + 2999 + 6 && strlen(text) == length);
    CHECK(b.data == NULL && b.length == 0 && b.capacity == 0);
    pr_free(text);

    pr_buf_printf(&b, "%s", "");
    pr_buf_puts(&b, "ok");
    pr_buf_append(&b, "!?", 1);
    pr_buf_printf(&b, " %zu", (size_t)7);
    text = pr_buf_take(&b, NULL);
    CHECK(text && strcmp(text, "ok! 7") == 0);
    pr_free(text);

    /* an empty buffer still hands over a text */
    text = pr_buf_take(&b, &length);
    CHECK(text && text[0] == '\0' && length == 0);
    pr_free(text);
}

/* Geometric growth: 100000 one-byte appends cause only a few reallocations. */
static void test_buf_growth(void)
{
    long before = allocations;
    long saved_fail = fail_at;
    fail_at = -1; /* count without failing */
    pr_buf b = PR_BUF_INIT;
    for (int i = 0; i < 100000; i++)
        pr_buf_putc(&b, 'x');
    CHECK(allocations - before <= 12); /* 256 * 2^9 > 100000 */
    pr_buf_free(&b);
    fail_at = saved_fail;
}

/* --- allocation failure ------------------------------------------------------------ */

/* The work under test: a parse that needs every growth path (levels
 * beyond the inline ones, a key table beyond the inline one, cJSON's
 * nodes), then a buffer that grows. */
static protocol_status scenario(protocol_error *err)
{
    static char text[8000];
    if (!text[0]) {
        size_t n = 0;
        for (int i = 0; i < 40; i++)
            n += (size_t)sprintf(text + n, "{\"l%d\":", i);
        n += (size_t)sprintf(text + n, "[");
        for (int i = 0; i < 20; i++)
            n += (size_t)sprintf(text + n, "%s{\"k%d\":\"v\\u00e9\",\"x\":[1,2]}", i ? "," : "", i);
        n += (size_t)sprintf(text + n, ",{");
        /* 140 keys in one object: more than the inline table holds */
        for (int i = 0; i < 140; i++)
            n += (size_t)sprintf(text + n, "%s\"key%d\":%d", i ? "," : "", i, i);
        n += (size_t)sprintf(text + n, "}]");
        for (int i = 0; i < 40; i++)
            text[n++] = '}';
        text[n] = '\0';
    }
    protocol_limits limits = pr_limits_resolve(NULL);
    cJSON *root = NULL;
    protocol_status status = pr_json_parse(text, strlen(text), &limits, "case", &root, err);
    if (status != PROTOCOL_OK)
        return status;
    pr_buf b = PR_BUF_INIT;
    for (int i = 0; i < 300; i++) {
        pr_buf_json_string(&b, "entry\n");
        pr_buf_printf(&b, ":%d,", i);
    }
    cJSON_Delete(root);
    size_t length;
    char *out = pr_buf_take(&b, &length);
    if (!out)
        return pr_nomem(err);
    status = (length > 300 * 10) ? PROTOCOL_OK : PROTOCOL_E_RANGE;
    pr_free(out);
    return status;
}

static void test_allocation_failures(void)
{
    protocol_error err;
    long baseline = live_blocks;
    long n;
    for (n = 1; n < 100000; n++) {
        allocations = 0;
        fail_at = n;
        memset(&err, 0, sizeof err);
        protocol_status status = scenario(&err);
        fail_at = 0;
        CHECK(live_blocks == baseline); /* nothing leaked on either path */
        if (allocations < n) {
            /* the N-th allocation was never reached: the run succeeded */
            CHECK(status == PROTOCOL_OK);
            break;
        }
        if (status != PROTOCOL_E_NOMEM || err.code != PROTOCOL_E_NOMEM) {
            fprintf(stderr, "  failing allocation %ld gave %s (%s)\n", n,
                    protocol_status_name(status), err.message);
            failures++;
        }
        /* and the next call, with memory back, works */
        CHECK(scenario(&err) == PROTOCOL_OK);
        CHECK(live_blocks == baseline);
    }
    CHECK(n > 20); /* the scenario did allocate along every path */
}

int main(void)
{
    /* Before anything allocates: the hook cannot be set afterwards. */
    protocol_allocator hooks = {counting_malloc, counting_realloc, counting_free};
    protocol_error err;
    if (protocol_set_allocator(&hooks, &err) != PROTOCOL_OK) {
        fprintf(stderr, "cannot set the allocator: %s\n", err.message);
        return 1;
    }
    test_limits_resolve();
    test_accepted();
    test_empty_and_bom();
    test_truncation();
    test_depth();
    test_string_and_input_limits();
    test_utf8();
    test_escapes_and_surrogates();
    test_string_word_offsets();
    test_nul_bytes();
    test_numbers();
    test_duplicate_keys();
    test_syntax();
    test_long_messages();
    test_pointer_push();
    test_locate();
    test_buf();
    test_buf_growth();
    test_allocation_failures();
    CHECK(live_blocks == 0);
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("json: all checks passed\n");
    return 0;
}
