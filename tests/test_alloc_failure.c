/*
 * Allocation failure across the whole library (SPEC §8): with a counting
 * allocator installed through protocol_set_allocator (which cJSON shares),
 * each scenario below is run once with the N-th allocation failing, for
 * every N it reaches. Each run must give PROTOCOL_E_NOMEM (never a crash,
 * never a success that silently dropped something), leave no block
 * allocated, and the very next call without failures must succeed with the
 * same answer as before. (A failure the library works around, such as an
 * optimistic size hint it falls back from, must give the same answer.)
 * Prints the number of failure points exercised.
 */
#include <protocol/protocol.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Under valgrind (tools/test's memcheck stage) every N would take an hour:
 * there the sweep samples about 100 points per scenario, spread over all
 * of it; the plain and ASan runs take every N. */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>

#include "check.h"
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif
/* Under ASan and at -O0 (the coverage build) each N still fails, but the
 * call after a failure is checked after every 16th only (and after the
 * last): those checks are two thirds of the work. */
#if defined(__SANITIZE_ADDRESS__) || !defined(__OPTIMIZE__)
#define CHECK_NEXT_EVERY 16
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHECK_NEXT_EVERY 16
#endif
#endif
#ifndef CHECK_NEXT_EVERY
#define CHECK_NEXT_EVERY 1
#endif

/* --- the counting allocator ------------------------------------------------ */

static long attempts; /* calls to malloc or realloc since the counter was reset */
static long fail_at;  /* 0: never fail; else fail the attempt with this number */
static long live;     /* blocks allocated and not yet freed */

static void *counting_malloc(size_t size)
{
    if (++attempts == fail_at)
        return NULL;
    void *p = malloc(size);
    live += p != NULL;
    return p;
}

static void *counting_realloc(void *ptr, size_t size)
{
    if (++attempts == fail_at)
        return NULL; /* the old block stays the caller's */
    void *p = realloc(ptr, size);
    live += ptr == NULL && p != NULL;
    return p;
}

static void counting_free(void *ptr)
{
    live -= ptr != NULL;
    free(ptr);
}

/* --- scenarios ----------------------------------------------------------------- */

/* A scenario makes something, writes a digest of what it made into a plain
 * (uncounted) buffer, and frees everything it made. */
typedef struct digest {
    char *text;
} digest;

static void digest_set(digest *d, const char *text, size_t length)
{
    free(d->text);
    d->text = malloc(length + 1);
    if (!d->text)
        abort(); /* the test's own memory, not the library's */
    memcpy(d->text, text, length);
    d->text[length] = '\0';
}

typedef protocol_status (*scenario_fn)(const void *arg, digest *out, protocol_error *err);

static char *read_file(const char *relative, size_t *length)
{
    const char *root = getenv("PROTOCOL_SOURCE_ROOT");
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", root ? root : ".", relative);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)size + 1);
    if (!text || fread(text, 1, (size_t)size, f) != (size_t)size)
        exit(1);
    fclose(f);
    text[size] = '\0';
    *length = (size_t)size;
    return text;
}

/* (a) loading a built-in pack */
static protocol_status load_builtin(const void *arg, digest *out, protocol_error *err)
{
    protocol_pack *pack = NULL;
    protocol_status s = protocol_pack_load_builtin(arg, &pack, err);
    if (s == PROTOCOL_OK) {
        char text[512];
        int n = snprintf(text, sizeof text, "%s %s %s", protocol_pack_id(pack),
                         protocol_pack_version(pack), protocol_pack_title(pack));
        digest_set(out, text, (size_t)n);
    }
    protocol_pack_free(pack);
    return s;
}

/* (a') loading a pack from a file (lib/io.c on the way) */
static protocol_status load_file(const void *arg, digest *out, protocol_error *err)
{
    const char *root = getenv("PROTOCOL_SOURCE_ROOT");
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", root ? root : ".", (const char *)arg);
    protocol_pack *pack = NULL;
    protocol_status s = protocol_pack_load_file(path, NULL, &pack, err);
    if (s == PROTOCOL_OK)
        digest_set(out, protocol_pack_id(pack), strlen(protocol_pack_id(pack)));
    protocol_pack_free(pack);
    return s;
}

static protocol_pack *durham;

/* A rich durham-2010 case: every kind of fact, an unknown key (a warning),
 * checklist answers, triggered duties and a deadline. */
static const char rich_case[] =
    "{\"as_of\": \"2026-11-18T12:00\","
    " \"notes\": {\"summary\": \"children alone; \\\"refused\\\" consent \\u00e9\"},"
    " \"service\": {\"kind\": \"adult\"},"
    " \"subject\": {\"age\": 29, \"is_parent\": true, \"has_parental_responsibility\": true,"
    "  \"lives_with_child\": true, \"lives_with_adult_at_risk\": false},"
    " \"concerns\": {\"child_significant_harm\": true, \"adult_serious_harm\": false,"
    "  \"harm_to_others\": null, \"public_interest\": false, \"domestic_abuse\": true},"
    " \"needs\": {\"unmet\": true}, \"services\": {\"other_for_family\": true},"
    " \"consent\": {\"status\": \"refused\"},"
    " \"decision\": {\"share\": true, \"line_manager_discussed\": true,"
    "  \"line_manager_approved\": true, \"person_informed\": false,"
    "  \"inform_exemption\": \"risk_of_harm\", \"necessary\": true, \"timely\": false},"
    " \"record\": {\"decision\": true, \"reasons\": true, \"purpose\": false},"
    " \"procedures\": {\"followed\": true},"
    " \"referral\": {\"need_identified_at\": \"2026-11-17T11:30+00:00\","
    "  \"made_at\": \"2026-11-18T09:15\", \"safeguarding\": true},"
    " \"collaboration\": {\"asked_other_services\": true},"
    " \"concerns_typo\": {\"child_harm\": true},"
    " \"answers\": {\"case-management\": {\"PR-1\": \"met\", \"PR-2\": \"partly\","
    "  \"LM-1\": \"not_met\", \"LM-2\": \"not_applicable\"}}}";

/* (b1) JSON text to JSON text, pretty (arg non-NULL) or compact */
static protocol_status evaluate_json(const void *arg, digest *out, protocol_error *err)
{
    protocol_eval_options options = PROTOCOL_EVAL_OPTIONS_INIT;
    options.pretty = arg != NULL;
    char *json = NULL;
    size_t length = 0;
    protocol_status s = protocol_evaluate_json(durham, rich_case, sizeof rich_case - 1, &options,
                                               &json, &length, err);
    if (s == PROTOCOL_OK)
        digest_set(out, json, length);
    protocol_free(json);
    return s;
}

/* (b2) the structured path: set facts, evaluate, read findings, write JSON */
static protocol_status evaluate_structured(const void *arg, digest *out, protocol_error *err)
{
    (void)arg;
    protocol_case *c = NULL;
    protocol_result *r = NULL;
    char *json = NULL;
    size_t length = 0;
    protocol_status s = protocol_case_new(durham, &c, err);
    if (s == PROTOCOL_OK)
        s = protocol_case_set_as_of(c, "2026-11-18T12:00", err);
    if (s == PROTOCOL_OK)
        s = protocol_case_set_string(c, "service.kind", "adult", err);
    if (s == PROTOCOL_OK)
        s = protocol_case_set_integer(c, "subject.age", 29, err);
    if (s == PROTOCOL_OK)
        s = protocol_case_set_bool(c, "concerns.child_significant_harm", 1, err);
    if (s == PROTOCOL_OK)
        s = protocol_case_set_string(c, "consent.status", "refused", err);
    if (s == PROTOCOL_OK)
        s = protocol_case_set_bool(c, "decision.line_manager_discussed", 1, err);
    if (s == PROTOCOL_OK)
        s = protocol_case_set_time(c, "referral.need_identified_at", "2026-11-17T11:30Z", err);
    if (s == PROTOCOL_OK)
        s = protocol_case_set_bool(c, "referral.safeguarding", 1, err);
    if (s == PROTOCOL_OK)
        s = protocol_case_set_string(c, "notes.summary", "a note", err);
    if (s == PROTOCOL_OK)
        s = protocol_case_set_answer(c, "case-management", "PR-1", "met", err);
    if (s == PROTOCOL_OK)
        s = protocol_case_unset(c, "subject.age", err);
    if (s == PROTOCOL_OK)
        s = protocol_evaluate(durham, c, NULL, &r, err);
    if (s == PROTOCOL_OK) {
        protocol_finding f;
        s = protocol_result_find(r, PROTOCOL_FINDING_DECISION, "consent-override", &f, err);
    }
    if (s == PROTOCOL_OK)
        s = protocol_result_to_json(r, 0, &json, &length, err);
    if (s == PROTOCOL_OK)
        digest_set(out, json, length);
    protocol_free(json);
    protocol_result_free(r);
    protocol_case_free(c);
    return s;
}

/* (b3) an NDJSON batch: good lines, a blank line and a refused line */
static protocol_status evaluate_batch(const void *arg, digest *out, protocol_error *err)
{
    (void)arg;
    static const char batch[] =
        "{\"consent\": {\"status\": \"refused\"}, \"concerns\": {\"child_significant_harm\": "
        "true}}\n"
        "\n"
        "{\"subject\": {\"age\": -1}}\r\n"
        "{\"as_of\": \"2026-11-24\", \"referral\": {\"need_identified_at\": \"2026-11-20\"}}\n"
        "{\"truncated\": \n";
    char *text = NULL;
    size_t length = 0, failed = 0;
    protocol_status s = protocol_evaluate_ndjson(durham, batch, sizeof batch - 1, NULL, &text,
                                                 &length, &failed, err);
    if (s == PROTOCOL_OK) {
        CHECK(failed == 2);
        digest_set(out, text, length);
    }
    protocol_free(text);
    return s;
}

/* (b4) JSON to a structured result, rendered at the summary level */
static protocol_status evaluate_summary(const void *arg, digest *out, protocol_error *err)
{
    (void)arg;
    protocol_result *r = NULL;
    char *json = NULL;
    size_t length = 0;
    protocol_status s =
        protocol_evaluate_json_result(durham, rich_case, sizeof rich_case - 1, NULL, &r, err);
    if (s == PROTOCOL_OK)
        s = protocol_result_render_json(r, PROTOCOL_DETAIL_SUMMARY, 0, &json, &length, err);
    if (s == PROTOCOL_OK)
        digest_set(out, json, length);
    protocol_free(json);
    protocol_result_free(r);
    return s;
}

/* (b5) a streamed batch: the records handed over, gathered by the caller */
static char streamed[1 << 16];
static size_t streamed_length;

static int stream_record(const protocol_batch_record *record, void *user)
{
    (void)user;
    if (record->json_length <= sizeof streamed - streamed_length) {
        memcpy(streamed + streamed_length, record->json, record->json_length);
        streamed_length += record->json_length;
    }
    return 0;
}

static protocol_status evaluate_stream(const void *arg, digest *out, protocol_error *err)
{
    (void)arg;
    static const char batch[] =
        "{\"consent\": {\"status\": \"refused\"}, \"concerns\": {\"child_significant_harm\": "
        "true}}\n"
        "{\"subject\": {\"age\": -1}}\n"
        "{\"as_of\": \"2026-11-24\", \"referral\": {\"need_identified_at\": \"2026-11-20\"}}\n";
    protocol_eval_options options = PROTOCOL_EVAL_OPTIONS_INIT;
    options.detail = PROTOCOL_DETAIL_SUMMARY;
    streamed_length = 0;
    protocol_status s = protocol_evaluate_ndjson_each(durham, batch, sizeof batch - 1, &options,
                                                      stream_record, NULL, NULL, err);
    if (s == PROTOCOL_OK)
        digest_set(out, streamed, streamed_length);
    return s;
}

/* (b3') a batch of blank lines: an empty output is still an allocation */
static protocol_status evaluate_blank_batch(const void *arg, digest *out, protocol_error *err)
{
    (void)arg;
    char *text = NULL;
    size_t length = 99;
    protocol_status s =
        protocol_evaluate_ndjson(durham, "\n \r\n\n", 5, NULL, &text, &length, NULL, err);
    if (s == PROTOCOL_OK)
        digest_set(out, text, length);
    protocol_free(text);
    return s;
}

/* (b4) a pack's own tests */
static protocol_status run_tests(const void *arg, digest *out, protocol_error *err)
{
    char *report = NULL;
    size_t total = 0, failed = 0;
    protocol_status s = protocol_pack_run_tests(arg, &total, &failed, &report, err);
    if (s == PROTOCOL_OK)
        digest_set(out, report, strlen(report));
    protocol_free(report);
    return s;
}

/* (c1) a built-in calendar with closures added and a holiday removed */
static protocol_status calendar_changes(const void *arg, digest *out, protocol_error *err)
{
    (void)arg;
    protocol_calendar *base = NULL, *changed = NULL;
    protocol_holiday added[] = {{{2026, 12, 24}, "Office closure"},
                                {{2026, 12, 29}, "Office closure"}};
    protocol_date removed[] = {{2026, 12, 28}};
    protocol_status s = protocol_calendar_new("scotland", &base, err);
    if (s == PROTOCOL_OK)
        s = protocol_calendar_with_changes(base, added, 2, removed, 1, &changed, err);
    if (s == PROTOCOL_OK) {
        protocol_holiday h[32];
        size_t count = 0;
        s = protocol_calendar_holidays(changed, 2026, h, 32, &count, err);
        char text[64];
        int n = snprintf(text, sizeof text, "%zu holidays", count);
        digest_set(out, text, (size_t)n);
    }
    protocol_calendar_free(changed);
    protocol_calendar_free(base);
    return s;
}

static char *govuk_text;
static size_t govuk_length;

/* (c2) a calendar from the GOV.UK bank-holidays JSON (the whole record) */
static protocol_status calendar_govuk(const void *arg, digest *out, protocol_error *err)
{
    protocol_calendar *cal = NULL;
    protocol_status s = protocol_calendar_from_govuk_json(govuk_text, govuk_length, arg, &cal, err);
    if (s == PROTOCOL_OK) {
        protocol_date first, last;
        s = protocol_calendar_range(cal, &first, &last, err);
        char text[64];
        int n = snprintf(text, sizeof text, "%s %d..%d", protocol_calendar_id(cal), first.year,
                         last.year);
        digest_set(out, text, (size_t)n);
    }
    protocol_calendar_free(cal);
    return s;
}

/* (c3) the same from a file */
static protocol_status calendar_govuk_file(const void *arg, digest *out, protocol_error *err)
{
    const char *root = getenv("PROTOCOL_SOURCE_ROOT");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/data/govuk-bank-holidays.json", root ? root : ".");
    protocol_calendar *cal = NULL;
    protocol_status s = protocol_calendar_from_govuk_file(path, arg, &cal, err);
    if (s == PROTOCOL_OK)
        digest_set(out, protocol_calendar_id(cal), strlen(protocol_calendar_id(cal)));
    protocol_calendar_free(cal);
    return s;
}

/* --- the sweep -------------------------------------------------------------- */

/* (g) what changed between two packs, as JSON and as text */
static protocol_pack *sharing[2];

static protocol_status pack_diff(const void *arg, digest *out, protocol_error *err)
{
    protocol_diff *d = NULL;
    char *json = NULL, *text = NULL;
    size_t json_length = 0, text_length = 0;
    (void)arg;
    protocol_status s = protocol_pack_diff(sharing[0], sharing[1], &d, err);
    if (s == PROTOCOL_OK)
        s = protocol_diff_to_json(d, 1, &json, &json_length, err);
    if (s == PROTOCOL_OK)
        s = protocol_diff_to_text(d, &text, &text_length, err);
    if (s == PROTOCOL_OK) {
        /* The text holds every change; the JSON's length shows it whole. */
        char *both = malloc(text_length + 32);
        if (!both)
            abort();
        int n = snprintf(both, text_length + 32, "%zu\n%s", json_length, text);
        digest_set(out, both, (size_t)n);
        free(both);
    }
    protocol_free(text);
    protocol_free(json);
    protocol_diff_free(d);
    return s;
}

static long points_total;
static long recovered; /* failures that still gave the right answer */

/* Run `fn` once without failures for the reference answer, then with the
 * N-th allocation failing for N = 1, 2, ... until a run no longer reaches
 * N; after each failing run, one run without failures must give the
 * reference answer again. */
static void sweep(const char *name, scenario_fn fn, const void *arg)
{
    digest reference = {NULL}, again = {NULL};
    protocol_error err;
    fail_at = 0;
    live = 0;
    attempts = 0;
    if (fn(arg, &reference, &err) != PROTOCOL_OK) {
        fprintf(stderr, "%s: fails without allocation failures: %s: %s\n", name, err.place,
                err.message);
        failures++;
        return;
    }
    CHECK(live == 0);
    long step = 1, points = 0;
    if (RUNNING_ON_VALGRIND && attempts > 100)
        step = attempts / 100;
    for (long n = 1;; n += step) {
        points++;
        attempts = 0;
        fail_at = n;
        live = 0;
        memset(&err, 0, sizeof err);
        protocol_status s = fn(arg, &again, &err);
        fail_at = 0;
        long reached = attempts;
        if (reached < n) { /* every allocation of this run succeeded */
            if (s != PROTOCOL_OK || !again.text || strcmp(again.text, reference.text) != 0) {
                fprintf(stderr, "%s: a run without failures differs\n", name);
                failures++;
            }
            break;
        }
        if (s == PROTOCOL_OK) {
            /* A failure the library worked around (an optimistic size hint
             * it then grows towards step by step) is fine only when the
             * answer is the same. */
            recovered++;
            if (!again.text || strcmp(again.text, reference.text) != 0) {
                fprintf(stderr, "%s: allocation %ld failing gave a different answer\n", name, n);
                failures++;
            }
        } else if (s != PROTOCOL_E_NOMEM || err.code != PROTOCOL_E_NOMEM ||
                   err.message[0] == '\0') {
            fprintf(stderr, "%s: allocation %ld failing gave %s (%s)\n", name, n,
                    protocol_status_name(s), err.message);
            failures++;
        }
        if (live != 0) {
            fprintf(stderr, "%s: allocation %ld failing leaked %ld blocks\n", name, n, live);
            failures++;
        }
        live = 0;
        free(again.text);
        again.text = NULL;
        if (points % CHECK_NEXT_EVERY != 0 && !RUNNING_ON_VALGRIND)
            continue;
        if (fn(arg, &again, &err) != PROTOCOL_OK || !again.text ||
            strcmp(again.text, reference.text) != 0 || live != 0) {
            fprintf(stderr, "%s: the call after allocation %ld failed does not succeed\n", name, n);
            failures++;
        }
        free(again.text);
        again.text = NULL;
    }
    points--; /* the last run failed nothing */
    printf("%-44s %6ld failure points\n", name, points);
    points_total += points;
    free(reference.text);
    free(again.text);
}

/* The built-in calendars are built on first use and kept for the process:
 * a failure while building one must cache nothing, and the first success
 * caches exactly one block. */
static void sweep_builtin_calendars(void)
{
    long points = 0;
    for (size_t i = 0; i < protocol_calendar_builtin_count(); i++) {
        const char *id = protocol_calendar_builtin_id(i);
        for (long n = 1;; n++) {
            protocol_calendar *cal = NULL;
            protocol_error err;
            attempts = 0;
            fail_at = n;
            live = 0;
            protocol_status s = protocol_calendar_new(id, &cal, &err);
            fail_at = 0;
            if (attempts < n) {
                CHECK(s == PROTOCOL_OK && live == 1);
                protocol_calendar_free(cal); /* shared: stays cached */
                break;
            }
            points++;
            CHECK(s == PROTOCOL_E_NOMEM && err.code == PROTOCOL_E_NOMEM && cal == NULL);
            CHECK(live == 0);
        }
    }
    printf("%-44s %6ld failure points\n", "built-in calendars (first use)", points);
    points_total += points;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    protocol_allocator hooks = {counting_malloc, counting_realloc, counting_free};
    protocol_error err;
    if (protocol_set_allocator(&hooks, &err) != PROTOCOL_OK) {
        fprintf(stderr, "cannot set the allocator: %s\n", err.message);
        return 1;
    }
    sweep_builtin_calendars();

    for (size_t i = 0; i < protocol_builtin_pack_count(); i++) {
        char name[96];
        snprintf(name, sizeof name, "load %s", protocol_builtin_pack_id(i));
        sweep(name, load_builtin, protocol_builtin_pack_id(i));
    }
    sweep("load examples/packs/example-locality.json", load_file,
          "examples/packs/example-locality.json");

    if (protocol_pack_load_builtin("durham-2010", &durham, &err) != PROTOCOL_OK) {
        fprintf(stderr, "durham-2010: %s\n", err.message);
        return 1;
    }
    sweep("durham-2010: evaluate JSON, compact", evaluate_json, NULL);
    sweep("durham-2010: evaluate JSON, pretty", evaluate_json, "pretty");
    sweep("durham-2010: structured case", evaluate_structured, NULL);
    sweep("durham-2010: NDJSON batch", evaluate_batch, NULL);
    sweep("durham-2010: NDJSON batch of blank lines", evaluate_blank_batch, NULL);
    sweep("durham-2010: structured result, summary JSON", evaluate_summary, NULL);
    sweep("durham-2010: streamed NDJSON batch, summary", evaluate_stream, NULL);
    protocol_pack_free(durham);
    /* A small pack's tests: each of durham-2010's would multiply the run. */
    protocol_pack *link = NULL;
    if (protocol_pack_load_builtin("durham-darlington-link", &link, &err) != PROTOCOL_OK)
        return 1;
    sweep("durham-darlington-link: run its own tests", run_tests, link);
    protocol_pack_free(link);

    if (protocol_pack_load_builtin("england-info-sharing-2018", &sharing[0], &err) != PROTOCOL_OK ||
        protocol_pack_load_builtin("england-info-sharing-2024", &sharing[1], &err) != PROTOCOL_OK)
        return 1;
    sweep("england-info-sharing 2018 -> 2024: diff", pack_diff, NULL);
    protocol_pack_free(sharing[0]);
    protocol_pack_free(sharing[1]);

    sweep("calendar with changes", calendar_changes, NULL);
    govuk_text = read_file("tests/data/govuk-bank-holidays.json", &govuk_length);
    for (size_t i = 0; i < protocol_calendar_builtin_count(); i++) {
        char name[96];
        snprintf(name, sizeof name, "GOV.UK JSON: %s", protocol_calendar_builtin_id(i));
        sweep(name, calendar_govuk, protocol_calendar_builtin_id(i));
    }
    sweep("GOV.UK file: scotland", calendar_govuk_file, "scotland");
    free(govuk_text);

    printf("%ld allocation failure points exercised (%ld worked around with the same answer), "
           "%d failures\n",
           points_total, recovered, failures);
    return failures ? 1 : 0;
}
