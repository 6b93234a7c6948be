/*
 * JSONTestSuite (github.com/nst/JSONTestSuite, test_parsing/) through the C
 * API: every file read as a case (protocol_evaluate_json under
 * durham-2010), as a pack (protocol_pack_load_string) and, when it holds no
 * line break, as one line of an NDJSON batch between two valid cases.
 *
 *   y_*  valid JSON: accepted (the case or pack may still not fit, which is
 *        PROTOCOL_E_CASE or PROTOCOL_E_PACK), except the valid JSON the
 *        library refuses by policy, each with its own code (POLICY below);
 *   n_*  not JSON: refused with PROTOCOL_E_JSON (or a limit's code);
 *   i_*  either, but never a crash, a hang, a leak or a sanitizer report,
 *        and a refusal is a JSON-level one with a message and a place.
 *
 * Usage: test_json_suite DIR (the JSONTestSuite checkout: DIR/test_parsing).
 * DIR "" means it was not found at configure time: status 77 (skipped), or
 * 1 when the environment variable CI is set, where it must be there.
 */
#include <protocol/protocol.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* Valid JSON that the library refuses by policy (docs/result-json.md). */
static const struct {
    const char *file;
    protocol_status code;
} POLICY[] = {
    {"y_object_duplicated_key.json", PROTOCOL_E_DUPLICATE_KEY},
    {"y_object_duplicated_key_and_value.json", PROTOCOL_E_DUPLICATE_KEY},
    {"y_object_escaped_null_in_key.json", PROTOCOL_E_NUL_CHARACTER},
    {"y_string_null_escape.json", PROTOCOL_E_NUL_CHARACTER},
};

static const char GOOD_CASE[] = "{\"risk\": {\"child\": true}, \"as_of\": \"2026-11-20\"}";

static int counts[3][2]; /* [y, n, i][accepted, refused] as a case */
static int batch_lines;

static char *read_file(const char *path, size_t *length)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 12, n = 0;
    char *text = malloc(cap);
    while (text) {
        size_t got = fread(text + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
        if (n == cap) {
            char *bigger = realloc(text, cap *= 2);
            if (!bigger)
                free(text);
            text = bigger;
        }
    }
    fclose(f);
    *length = n;
    return text;
}

/* A refusal of the text as JSON (rather than of its meaning). */
static int json_level(protocol_status s)
{
    return s == PROTOCOL_E_JSON || s == PROTOCOL_E_DUPLICATE_KEY || s == PROTOCOL_E_NUL_CHARACTER ||
           s == PROTOCOL_E_LIMIT_DEPTH || s == PROTOCOL_E_LIMIT_STRING ||
           s == PROTOCOL_E_LIMIT_INPUT_SIZE;
}

/* What the file must give: 0 accepted, 1 refused, 2 either; *policy the
 * code of a policy refusal (else PROTOCOL_OK). */
static int expected(const char *file, protocol_status *policy)
{
    *policy = PROTOCOL_OK;
    for (size_t i = 0; i < sizeof POLICY / sizeof POLICY[0]; i++)
        if (strcmp(file, POLICY[i].file) == 0) {
            *policy = POLICY[i].code;
            return 1;
        }
    return file[0] == 'y' ? 0 : file[0] == 'n' ? 1 : 2;
}

/* The verdict `s` (with `err`) on the file read one way, against the rule. */
static int verdict_ok(const char *file, const char *how, protocol_status s,
                      const protocol_error *err, protocol_status meaning)
{
    protocol_status policy;
    int want = expected(file, &policy);
    int refused = json_level(s);
    int ok = s == PROTOCOL_OK || s == meaning || refused;
    if (refused && !(err->message[0] && err->line > 0 && err->column > 0))
        ok = 0;
    if (want == 0 && refused)
        ok = 0;
    if (want == 1 && !refused)
        ok = 0;
    if (policy != PROTOCOL_OK && s != policy)
        ok = 0;
    if (!ok)
        fprintf(stderr, "%s as %s: got %s at %d:%d: %s\n", file, how, protocol_status_name(s),
                err->line, err->column, err->message);
    return ok;
}

/* The code named in a batch error record, or "" for a result line. */
static void record_code(const char *line, size_t n, char *code, size_t size)
{
    code[0] = '\0';
    static const char prefix[] = "{\"line\":2,\"error\":{\"code\":\"";
    if (n > sizeof prefix && memcmp(line, prefix, sizeof prefix - 1) == 0) {
        const char *start = line + sizeof prefix - 1;
        const char *end = memchr(start, '"', n - (sizeof prefix - 1));
        if (end && (size_t)(end - start) < size) {
            memcpy(code, start, (size_t)(end - start));
            code[end - start] = '\0';
        }
    }
}

static void check_batch(const protocol_pack *pack, const char *file, const char *text,
                        size_t length, protocol_status as_case, const char *good_result)
{
    if (memchr(text, '\n', length) || memchr(text, '\r', length))
        return; /* not one line */
    size_t good = strlen(GOOD_CASE);
    char *input = malloc(2 * good + length + 3);
    CHECK(input != NULL);
    if (!input)
        return;
    memcpy(input, GOOD_CASE, good);
    input[good] = '\n';
    memcpy(input + good + 1, text, length);
    input[good + 1 + length] = '\n';
    memcpy(input + good + 2 + length, GOOD_CASE, good);
    input[2 * good + length + 2] = '\n';
    char *out = NULL;
    size_t out_length = 0, failed = 0;
    protocol_error err;
    memset(&err, 0, sizeof err);
    protocol_status s = protocol_evaluate_ndjson(pack, input, 2 * good + length + 3, NULL, &out,
                                                 &out_length, &failed, &err);
    CHECK(s == PROTOCOL_OK);
    if (s == PROTOCOL_OK) {
        /* a blank middle line gives no output line */
        int blank = 1;
        for (size_t i = 0; i < length; i++)
            if (text[i] != ' ' && text[i] != '\t')
                blank = 0;
        size_t g = strlen(good_result);
        const char *second = out + g + 1;
        int ok = out_length > 2 * g && memcmp(out, good_result, g) == 0 && out[g] == '\n' &&
                 memcmp(out + out_length - g - 1, good_result, g) == 0 &&
                 out[out_length - 1] == '\n';
        if (ok && !blank) {
            const char *nl = memchr(second, '\n', out_length - g - 1);
            ok = nl && nl + 1 == out + out_length - g - 1;
            char code[64];
            if (ok) {
                record_code(second, (size_t)(nl - second), code, sizeof code);
                /* the same verdict as the text on its own */
                ok = as_case == PROTOCOL_OK
                         ? code[0] == '\0' && failed == 0
                         : strcmp(code, protocol_status_name(as_case)) == 0 && failed == 1;
            }
        } else if (ok) {
            ok = out_length == 2 * g + 2 && failed == 0;
        }
        if (!ok)
            fprintf(stderr, "%s as a batch line: %.*s\n", file, (int)out_length, out);
        CHECK(ok);
        batch_lines++;
    }
    protocol_free(out);
    free(input);
}

static void check_file(const protocol_pack *pack, const char *dir, const char *file,
                       const char *good_result)
{
    char path[4096 + 300];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    size_t length = 0;
    char *text = read_file(path, &length);
    CHECK(text != NULL);
    if (!text)
        return;
    protocol_eval_options opts = PROTOCOL_EVAL_OPTIONS_INIT;
    opts.default_as_of = "2026-11-20";
    char *json = NULL;
    protocol_error err;
    memset(&err, 0, sizeof err);
    protocol_status s = protocol_evaluate_json(pack, text, length, &opts, &json, NULL, &err);
    CHECK(verdict_ok(file, "a case", s, &err, PROTOCOL_E_CASE));
    CHECK((s == PROTOCOL_OK) == (json != NULL));
    protocol_free(json);
    int kind = file[0] == 'y' ? 0 : file[0] == 'n' ? 1 : 2;
    counts[kind][json_level(s)]++;

    protocol_pack *p = NULL;
    memset(&err, 0, sizeof err);
    protocol_status ps = protocol_pack_load_string(text, length, NULL, &p, &err);
    CHECK(verdict_ok(file, "a pack", ps, &err, PROTOCOL_E_PACK));
    CHECK(p == NULL && ps != PROTOCOL_OK);
    protocol_pack_free(p);
    /* the same text is the same JSON whether it holds a case or a pack */
    if (json_level(s) != json_level(ps))
        fprintf(stderr, "%s: %s as a case, %s as a pack\n", file, protocol_status_name(s),
                protocol_status_name(ps));
    CHECK(json_level(s) == json_level(ps));

    check_batch(pack, file, text, length, s == PROTOCOL_OK ? PROTOCOL_OK : s, good_result);
    free(text);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    if (argc != 2 || !argv[1][0]) {
        const char *ci = getenv("CI");
        fprintf(stderr,
                "JSONTestSuite was not found when the build was configured: give its path with "
                "meson configure -Djson_test_suite=PATH (CI: ../shared/data/JSONTestSuite "
                "beside the checkout)\n");
        return ci && ci[0] ? 1 : 77;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/test_parsing", argv[1]);
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "%s: cannot open\n", dir);
        return 1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0 || e->d_name[1] != '_' ||
            !strchr("yni", e->d_name[0]))
            continue;
        if (n == cap) {
            char **bigger = realloc(names, (cap = cap ? 2 * cap : 512) * sizeof *names);
            if (!bigger)
                return 1;
            names = bigger;
        }
        names[n] = malloc(len + 1);
        if (!names[n])
            return 1;
        memcpy(names[n++], e->d_name, len + 1);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name);

    protocol_pack *pack = NULL;
    protocol_error err;
    CHECK(protocol_pack_load_builtin("durham-2010", &pack, &err) == PROTOCOL_OK);
    char *good_result = NULL;
    CHECK(protocol_evaluate_json(pack, GOOD_CASE, strlen(GOOD_CASE), NULL, &good_result, NULL,
                                 &err) == PROTOCOL_OK);
    /* the suite as published: 95 y_, 188 n_, 35 i_ files (some checkouts
     * lack one n_ file whose name git cannot store everywhere) */
    CHECK(n >= 300);
    for (size_t i = 0; i < n && good_result; i++)
        check_file(pack, dir, names[i], good_result);
    protocol_free(good_result);
    protocol_pack_free(pack);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    printf("%zu files: y_ %d accepted, %d refused (by policy); n_ %d refused, %d accepted; "
           "i_ %d accepted, %d refused; %d read as a batch line\n",
           n, counts[0][0], counts[0][1], counts[1][1], counts[1][0], counts[2][0], counts[2][1],
           batch_lines);
    return failures ? 1 : 0;
}
