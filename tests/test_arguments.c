/*
 * NULL and out-of-range arguments to every public call (SPEC §8): each
 * gives an error with a message — never a crash, never a success — and
 * accessors and _free functions take NULL quietly. Also each call works
 * with a NULL error record.
 */
#include <protocol/protocol.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* The call must fail, fill the record with its status and say why. */
#define REFUSED(call)                                                                              \
    do {                                                                                           \
        protocol_error err_;                                                                       \
        memset(&err_, 0, sizeof err_);                                                             \
        protocol_error *err = &err_;                                                               \
        protocol_status s_ = (call);                                                               \
        if (s_ == PROTOCOL_OK || err_.code != s_ || err_.message[0] == '\0') {                     \
            fprintf(stderr, "%s:%d: not refused cleanly: %s (%s)\n", __FILE__, __LINE__, #call,    \
                    protocol_status_name(s_));                                                     \
            failures++;                                                                            \
        }                                                                                          \
        err = NULL; /* and without a record */                                                     \
        if ((call) == PROTOCOL_OK) {                                                               \
            fprintf(stderr, "%s:%d: accepted without a record: %s\n", __FILE__, __LINE__, #call);  \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

static void test_common_and_calendar(void)
{
    protocol_date d = {2026, 11, 20}, out;
    protocol_date bad = {2026, 2, 30}, early = {1969, 12, 31};
    char buf[32];
    REFUSED(protocol_set_allocator(NULL, err));
    protocol_allocator half = {malloc, NULL, free};
    REFUSED(protocol_set_allocator(&half, err));
    REFUSED(protocol_date_parse(NULL, &out, err));
    REFUSED(protocol_date_parse("2026-11-20", NULL, err));
    REFUSED(protocol_date_format(d, NULL, 32, err));
    REFUSED(protocol_date_format(d, buf, 10, err));
    REFUSED(protocol_date_format(bad, buf, sizeof buf, err));
    CHECK(strcmp(protocol_status_name((protocol_status)-999), "") != 0);
    CHECK(protocol_calendar_builtin_id(3) == NULL);
    (void)protocol_calendar_id(NULL); /* must not crash; NULL or a text */

    protocol_calendar *cal = NULL;
    REFUSED(protocol_calendar_new("wales", &cal, err));
    REFUSED(protocol_calendar_new(NULL, NULL, err));
    REFUSED(protocol_calendar_from_govuk_json(NULL, 5, "scotland", &cal, err));
    REFUSED(protocol_calendar_from_govuk_json("{}", 2, NULL, &cal, err));
    REFUSED(protocol_calendar_from_govuk_json("{}", 2, "scotland", NULL, err));
    REFUSED(protocol_calendar_from_govuk_file(NULL, "scotland", &cal, err));
    REFUSED(protocol_calendar_from_govuk_file("/nonexistent/bank-holidays.json", "scotland", &cal,
                                              err));
    CHECK(cal == NULL);
    if (protocol_calendar_new(NULL, &cal, NULL) != PROTOCOL_OK)
        abort();
    protocol_date first, last;
    int working;
    int64_t count;
    size_t n;
    protocol_holiday h[40];
    const char *name;
    protocol_holiday closure = {{2026, 12, 24}, "Closure"};
    protocol_calendar *changed = NULL;
    REFUSED(protocol_calendar_range(NULL, &first, &last, err));
    REFUSED(protocol_calendar_range(cal, NULL, &last, err));
    REFUSED(protocol_calendar_is_working_day(NULL, d, &working, err));
    REFUSED(protocol_calendar_is_working_day(cal, d, NULL, err));
    REFUSED(protocol_calendar_is_working_day(cal, bad, &working, err));
    REFUSED(protocol_calendar_is_working_day(cal, early, &working, err));
    REFUSED(protocol_calendar_add_working_days(NULL, d, 3, &out, err));
    REFUSED(protocol_calendar_add_working_days(cal, d, 3, NULL, err));
    REFUSED(protocol_calendar_add_working_days(cal, early, 3, &out, err));
    REFUSED(protocol_calendar_add_working_days(cal, d, 1000000, &out, err));
    REFUSED(protocol_calendar_working_days_before(cal, d, -1, &out, err));
    REFUSED(protocol_calendar_working_days_before(NULL, d, 1, &out, err));
    REFUSED(protocol_calendar_count_working_days(NULL, d, d, &count, err));
    REFUSED(protocol_calendar_count_working_days(cal, early, d, &count, err));
    REFUSED(protocol_calendar_count_working_days(cal, d, early, &count, err));
    REFUSED(protocol_calendar_count_working_days(cal, d, d, NULL, err));
    REFUSED(protocol_calendar_next_working_day(NULL, d, &out, err));
    REFUSED(protocol_calendar_next_working_day(cal, (protocol_date){2199, 12, 31}, &out, err));
    REFUSED(protocol_calendar_previous_working_day(cal, (protocol_date){1970, 1, 1}, &out, err));
    REFUSED(protocol_calendar_previous_working_day(cal, d, NULL, err));
    REFUSED(protocol_calendar_holidays(NULL, 2026, h, 40, &n, err));
    REFUSED(protocol_calendar_holidays(cal, 2026, h, 40, NULL, err));
    REFUSED(protocol_calendar_holidays(cal, 2026, NULL, 40, &n, err));
    REFUSED(protocol_calendar_holidays(cal, 2026, h, 2, &n, err));
    REFUSED(protocol_calendar_holidays(cal, 1969, h, 40, &n, err));
    REFUSED(protocol_calendar_holiday_name(NULL, d, &name, err));
    REFUSED(protocol_calendar_holiday_name(cal, d, NULL, err));
    REFUSED(protocol_calendar_with_changes(NULL, &closure, 1, NULL, 0, &changed, err));
    REFUSED(protocol_calendar_with_changes(cal, NULL, 1, NULL, 0, &changed, err));
    REFUSED(protocol_calendar_with_changes(cal, &closure, 1, NULL, 1, &changed, err));
    REFUSED(protocol_calendar_with_changes(cal, &closure, 1, NULL, 0, NULL, err));
    REFUSED(protocol_calendar_with_changes(cal, &closure, 1, &closure.date, 1, &changed, err));
    protocol_holiday unnamed = {{2026, 12, 24}, NULL};
    REFUSED(protocol_calendar_with_changes(cal, &unnamed, 1, NULL, 0, &changed, err));
    protocol_holiday outside = {{2200, 1, 2}, "Later"};
    REFUSED(protocol_calendar_with_changes(cal, &outside, 1, NULL, 0, &changed, err));
    CHECK(changed == NULL);

    protocol_time t, t2;
    protocol_deadline_rule rule = PROTOCOL_DEADLINE_RULE_INIT;
    protocol_deadline_result dr;
    REFUSED(protocol_time_parse(NULL, &t, err));
    REFUSED(protocol_time_parse("2026-11-20", NULL, err));
    if (protocol_time_parse("2026-11-20T10:00", &t, NULL) != PROTOCOL_OK)
        abort();
    REFUSED(protocol_time_format(NULL, buf, sizeof buf, err));
    REFUSED(protocol_time_format(&t, NULL, sizeof buf, err));
    REFUSED(protocol_time_format(&t, buf, 5, err));
    t2 = t;
    t2.hour = 25;
    REFUSED(protocol_time_format(&t2, buf, sizeof buf, err));
    REFUSED(protocol_deadline_compute(NULL, &rule, &t, NULL, NULL, &dr, err));
    REFUSED(protocol_deadline_compute(cal, NULL, &t, NULL, NULL, &dr, err));
    REFUSED(protocol_deadline_compute(cal, &rule, &t, NULL, NULL, NULL, err));
    protocol_deadline_rule odd = rule;
    odd.struct_version = 99;
    REFUSED(protocol_deadline_compute(cal, &odd, &t, NULL, NULL, &dr, err));
    odd = rule;
    odd.kind = (protocol_deadline_kind)7;
    REFUSED(protocol_deadline_compute(cal, &odd, &t, NULL, NULL, &dr, err));
    odd = rule;
    odd.kind = PROTOCOL_DEADLINE_WORKING_DAYS_AFTER;
    odd.working_days = 1001;
    REFUSED(protocol_deadline_compute(cal, &odd, &t, NULL, NULL, &dr, err));
    odd = rule;
    odd.cutoff_minute = 1440;
    REFUSED(protocol_deadline_compute(cal, &odd, &t, NULL, NULL, &dr, err));
    t2 = t;
    t2.date.year = 1960;
    REFUSED(protocol_deadline_compute(cal, &rule, &t2, NULL, NULL, &dr, err));
    t2 = t;
    t2.has_time = 2;
    REFUSED(protocol_deadline_compute(cal, &rule, &t2, NULL, NULL, &dr, err));
    REFUSED(protocol_deadline_compute(cal, &rule, &t, &t2, NULL, &dr, err));
    t2 = t;
    t2.hour = 25;
    REFUSED(protocol_deadline_compute(cal, &rule, &t, NULL, &t2, &dr, err));
    t2 = t;
    t2.date.month = 13;
    REFUSED(protocol_deadline_compute(cal, &rule, &t2, NULL, NULL, &dr, err));
    CHECK(strcmp(protocol_deadline_status_name((protocol_deadline_status)42), "") != 0);
    protocol_calendar_free(cal);
    protocol_calendar_free(NULL);
}

static void test_packs(void)
{
    protocol_pack *pack = NULL;
    const char *text;
    size_t length;
    REFUSED(protocol_builtin_pack_source(NULL, &text, &length, err));
    REFUSED(protocol_builtin_pack_source("nowhere-2099", &text, &length, err));
    REFUSED(protocol_builtin_pack_source("durham-2010", NULL, &length, err));
    CHECK(protocol_builtin_pack_id(99) == NULL);
    REFUSED(protocol_pack_load_builtin("nowhere-2099", &pack, err));
    REFUSED(protocol_pack_load_builtin(NULL, NULL, err));
    REFUSED(protocol_pack_load_string(NULL, 10, NULL, &pack, err));
    REFUSED(protocol_pack_load_string("{}", 2, NULL, NULL, err));
    REFUSED(protocol_pack_load_file(NULL, NULL, &pack, err));
    REFUSED(protocol_pack_load_file("/nonexistent/pack.json", NULL, &pack, err));
    REFUSED(protocol_pack_load_file("/", NULL, &pack, err));
    CHECK(pack == NULL);
    (void)protocol_pack_id(NULL); /* must not crash; NULL or a text */
    (void)protocol_pack_version(NULL);
    (void)protocol_pack_title(NULL);
    protocol_pack_free(NULL);

    if (protocol_pack_load_builtin(NULL, &pack, NULL) != PROTOCOL_OK)
        abort();
    size_t total, failed;
    char *report = NULL, *out = NULL;
    REFUSED(protocol_pack_run_tests(NULL, &total, &failed, &report, err));
    REFUSED(protocol_pack_run_tests(pack, NULL, &failed, &report, err));
    REFUSED(protocol_pack_run_tests(pack, &total, &failed, NULL, err));
    REFUSED(protocol_evaluate_json(NULL, "{}", 2, NULL, &out, NULL, err));
    REFUSED(protocol_evaluate_json(pack, NULL, 2, NULL, &out, NULL, err));
    REFUSED(protocol_evaluate_json(pack, "{}", 2, NULL, NULL, NULL, err));
    protocol_eval_options options = PROTOCOL_EVAL_OPTIONS_INIT;
    options.struct_version = 99;
    REFUSED(protocol_evaluate_json(pack, "{}", 2, &options, &out, NULL, err));
    REFUSED(protocol_evaluate_ndjson(pack, "{}", 2, &options, &out, NULL, NULL, err));
    options = (protocol_eval_options)PROTOCOL_EVAL_OPTIONS_INIT;
    options.as_of = "2026-02-30";
    REFUSED(protocol_evaluate_json(pack, "{}", 2, &options, &out, NULL, err));
    options = (protocol_eval_options)PROTOCOL_EVAL_OPTIONS_INIT;
    options.default_as_of = "yesterday";
    REFUSED(protocol_evaluate_json(pack, "{}", 2, &options, &out, NULL, err));
    REFUSED(protocol_evaluate_ndjson(NULL, "{}", 2, NULL, &out, NULL, NULL, err));
    REFUSED(protocol_evaluate_ndjson(pack, NULL, 2, NULL, &out, NULL, NULL, err));
    REFUSED(protocol_evaluate_ndjson(pack, "{}", 2, NULL, NULL, NULL, NULL, err));
    CHECK(out == NULL);

    protocol_case *c = NULL;
    REFUSED(protocol_case_new(NULL, &c, err));
    REFUSED(protocol_case_new(pack, NULL, err));
    if (protocol_case_new(pack, &c, NULL) != PROTOCOL_OK)
        abort();
    REFUSED(protocol_case_set_bool(NULL, "needs.unmet", 1, err));
    REFUSED(protocol_case_set_bool(c, NULL, 1, err));
    REFUSED(protocol_case_set_bool(c, "needs", 1, err));
    REFUSED(protocol_case_set_bool(c, "needs.unmet.more", 1, err));
    REFUSED(protocol_case_set_bool(c, "subject.age", 1, err));
    REFUSED(protocol_case_set_integer(c, "subject.age", -1, err));
    REFUSED(protocol_case_set_integer(c, "subject.age", 131, err));
    REFUSED(protocol_case_set_integer(c, "needs.unmet", 1, err));
    REFUSED(protocol_case_set_string(c, "service.kind", "elder", err));
    REFUSED(protocol_case_set_string(c, "service.kind", NULL, err));
    REFUSED(protocol_case_set_string(c, "needs.unmet", "true", err));
    REFUSED(protocol_case_set_time(c, "referral.made_at", "2026-02-30", err));
    REFUSED(protocol_case_set_time(c, "referral.made_at", NULL, err));
    REFUSED(protocol_case_set_time(c, "needs.unmet", "2026-02-20", err));
    REFUSED(protocol_case_unset(c, "no.such.fact", err));
    REFUSED(protocol_case_unset(NULL, "needs.unmet", err));
    REFUSED(protocol_case_set_answer(c, "case-management", "PR-1", "yes", err));
    REFUSED(protocol_case_set_answer(c, "case-management", "PR-999", "met", err));
    REFUSED(protocol_case_set_answer(c, "no-checklist", "PR-1", "met", err));
    REFUSED(protocol_case_set_answer(c, NULL, "PR-1", "met", err));
    REFUSED(protocol_case_set_answer(c, "case-management", "PR-1", NULL, err));
    REFUSED(protocol_case_set_as_of(c, "2026-13-01", err));
    REFUSED(protocol_case_set_as_of(NULL, "2026-11-20", err));
    CHECK(protocol_case_set_as_of(c, NULL, NULL) == PROTOCOL_OK); /* NULL clears it */
    protocol_case_reset(NULL);

    protocol_result *r = NULL;
    REFUSED(protocol_evaluate(NULL, c, NULL, &r, err));
    REFUSED(protocol_evaluate(pack, NULL, NULL, &r, err));
    REFUSED(protocol_evaluate(pack, c, NULL, NULL, err));
    protocol_pack *other = NULL;
    if (protocol_pack_load_builtin("derwent-2016", &other, NULL) != PROTOCOL_OK)
        abort();
    REFUSED(protocol_evaluate(other, c, NULL, &r, err)); /* a case made for another pack */
    protocol_pack_free(other);
    if (protocol_evaluate(pack, c, NULL, &r, NULL) != PROTOCOL_OK)
        abort();
    protocol_finding f;
    const char *path, *message;
    protocol_summary summary;
    REFUSED(protocol_result_to_json(NULL, 0, &out, NULL, err));
    REFUSED(protocol_result_to_json(r, 0, NULL, NULL, err));
    REFUSED(protocol_result_get(NULL, PROTOCOL_FINDING_RULE, 0, &f, err));
    REFUSED(protocol_result_get(r, PROTOCOL_FINDING_RULE, 9999, &f, err));
    REFUSED(protocol_result_get(r, (protocol_finding_kind)9, 0, &f, err));
    REFUSED(protocol_result_get(r, PROTOCOL_FINDING_RULE, 0, NULL, err));
    REFUSED(protocol_result_find(r, PROTOCOL_FINDING_RULE, "IS-99", &f, err));
    REFUSED(protocol_result_find(r, PROTOCOL_FINDING_RULE, NULL, &f, err));
    REFUSED(protocol_result_find(NULL, PROTOCOL_FINDING_RULE, "IS-1", &f, err));
    REFUSED(protocol_result_warning(r, 99999, &path, &message, err));
    REFUSED(protocol_result_warning(NULL, 0, &path, &message, err));
    REFUSED(protocol_result_warning(r, 0, NULL, &message, err));
    REFUSED(protocol_result_find(r, (protocol_finding_kind)9, "IS-1", &f, err));
    /* An empty case warns of the facts its duties need. */
    CHECK(protocol_result_warning_count(r) > 0);
    CHECK(protocol_result_warning(r, 0, &path, &message, NULL) == PROTOCOL_OK && path[0] &&
          message[0]);
    REFUSED(protocol_result_summary(NULL, &summary, err));
    REFUSED(protocol_result_summary(r, NULL, err));
    CHECK(protocol_result_count(NULL, PROTOCOL_FINDING_RULE) == 0);
    CHECK(protocol_result_count(r, (protocol_finding_kind)9) == 0);
    CHECK(protocol_result_reason(r, PROTOCOL_FINDING_RULE, 0, 9999) == NULL);
    CHECK(protocol_result_reason(r, PROTOCOL_FINDING_RULE, 9999, 0) == NULL);
    CHECK(protocol_result_reason(NULL, PROTOCOL_FINDING_RULE, 0, 0) == NULL);
    CHECK(protocol_result_missing_fact(r, PROTOCOL_FINDING_RULE, 9999, 0) == NULL);
    CHECK(protocol_result_missing_fact(NULL, PROTOCOL_FINDING_RULE, 0, 0) == NULL);
    CHECK(protocol_result_warning_count(NULL) == 0);
    CHECK(protocol_result_ask_next_count(NULL) == 0);
    CHECK(protocol_result_ask_next(NULL, 0) == NULL);
    CHECK(protocol_result_ask_next(r, SIZE_MAX) == NULL);
    protocol_result_free(r);
    protocol_result_free(NULL);
    protocol_case_free(c);
    protocol_case_free(NULL);
    protocol_pack_free(pack);
    protocol_free(NULL);
}

int main(void)
{
    test_common_and_calendar();
    test_packs();
    printf("%d failures\n", failures);
    return failures ? 1 : 0;
}
