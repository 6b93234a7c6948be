/*
 * Tests for lib/deadline.c: the three rule kinds on the England and Wales
 * calendar, every status, working days remaining, the cut-off, and errors.
 * Every expected date is worked by hand from SPEC §4-§5 and the 2026
 * calendar (Christmas Friday 25 December, Boxing Day substitute Monday 28).
 */
#include <protocol/protocol.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static protocol_calendar *ew;

static protocol_time T(const char *text)
{
    protocol_time t;
    protocol_error err;
    if (protocol_time_parse(text, &t, &err) != PROTOCOL_OK) {
        fprintf(stderr, "bad time in test: %s: %s\n", text, err.message);
        exit(1);
    }
    return t;
}

/* Compute a deadline; any of start, done, as_of may be NULL. */
static protocol_deadline_result run(protocol_deadline_kind kind, int n, const char *start,
                                    const char *done, const char *as_of)
{
    protocol_deadline_rule rule = PROTOCOL_DEADLINE_RULE_INIT;
    rule.kind = kind;
    rule.working_days = n;
    protocol_time s, d, a;
    if (start)
        s = T(start);
    if (done)
        d = T(done);
    if (as_of)
        a = T(as_of);
    protocol_deadline_result r;
    memset(&r, 0xA5, sizeof r);
    protocol_error err;
    if (protocol_deadline_compute(ew, &rule, start ? &s : NULL, done ? &d : NULL,
                                  as_of ? &a : NULL, &r, &err) != PROTOCOL_OK) {
        fprintf(stderr, "deadline failed: %s\n", err.message);
        failures++;
    }
    return r;
}

static int due_is(const protocol_deadline_result *r, int y, int m, int d)
{
    return r->has_due && r->due.year == y && r->due.month == m && r->due.day == d;
}

#define AFTER PROTOCOL_DEADLINE_WORKING_DAYS_AFTER
#define BEFORE PROTOCOL_DEADLINE_WORKING_DAYS_BEFORE
#define SAME PROTOCOL_DEADLINE_SAME_DAY

static void test_referral_rule(void)
{
    /* Durham §2.3.1 step 4: 3 working days; need identified Friday 20
     * November 2026 at 16:30 -> due Wednesday 25 November. */
    protocol_deadline_result r = run(AFTER, 3, "2026-11-20T16:30", NULL, "2026-11-23T09:00");
    CHECK(due_is(&r, 2026, 11, 25));
    CHECK(r.status == PROTOCOL_DEADLINE_PENDING);
    CHECK(r.has_remaining && r.working_days_remaining == 2); /* Tue 24, Wed 25 */
    r = run(AFTER, 3, "2026-11-20T16:30", NULL, "2026-11-25T17:00");
    CHECK(r.status == PROTOCOL_DEADLINE_DUE_TODAY && r.working_days_remaining == 0);
    r = run(AFTER, 3, "2026-11-20T16:30", NULL, "2026-11-30T08:00");
    CHECK(r.status == PROTOCOL_DEADLINE_OVERDUE);
    CHECK(r.working_days_remaining == -3); /* Thu 26, Fri 27, Mon 30 */
    /* Overdue seen on a Saturday: Thu 26 and Fri 27 have passed. */
    r = run(AFTER, 3, "2026-11-20", NULL, "2026-11-28");
    CHECK(r.status == PROTOCOL_DEADLINE_OVERDUE && r.working_days_remaining == -2);
    /* Identified on Saturday 21 November: also Wednesday 25. */
    r = run(AFTER, 3, "2026-11-21T10:00", NULL, NULL);
    CHECK(due_is(&r, 2026, 11, 25) && r.status == PROTOCOL_DEADLINE_UNKNOWN && !r.has_remaining);
    /* Done: on the due date is met (any time that day), the next day late. */
    r = run(AFTER, 3, "2026-11-20", "2026-11-25T23:59", "2026-12-01");
    CHECK(r.status == PROTOCOL_DEADLINE_MET && !r.has_remaining);
    r = run(AFTER, 3, "2026-11-20", "2026-11-26T00:00", NULL);
    CHECK(r.status == PROTOCOL_DEADLINE_LATE);
    /* Across Christmas: identified Thursday 24 December -> 29, 30, 31. */
    r = run(AFTER, 3, "2026-12-24T15:00", NULL, "2026-12-29");
    CHECK(due_is(&r, 2026, 12, 31) && r.working_days_remaining == 2);
    /* Offsets are converted to UK time: 23:30 UTC on 20 November is still
     * Friday in GMT; 23:30 UTC on 30 June is 00:30 BST on 1 July. */
    r = run(AFTER, 3, "2026-11-20T23:30:00Z", NULL, NULL);
    CHECK(due_is(&r, 2026, 11, 25));
    r = run(SAME, 0, "2026-06-30T23:30:00Z", NULL, NULL);
    CHECK(due_is(&r, 2026, 7, 1));
    r = run(SAME, 0, "2026-07-01T00:30:00+02:00", NULL, NULL); /* 23:30 BST on 30 June */
    CHECK(due_is(&r, 2026, 6, 30));
}

static void test_same_day(void)
{
    /* Safeguarding does not wait for a working day: a Saturday start is
     * due that Saturday, a Christmas Day start on Christmas Day. */
    protocol_deadline_result r = run(SAME, 0, "2026-11-21T16:30", NULL, "2026-11-21T18:00");
    CHECK(due_is(&r, 2026, 11, 21) && r.status == PROTOCOL_DEADLINE_DUE_TODAY);
    CHECK(r.working_days_remaining == 0);
    r = run(SAME, 0, "2026-12-25T09:00", "2026-12-25T21:00", NULL);
    CHECK(due_is(&r, 2026, 12, 25) && r.status == PROTOCOL_DEADLINE_MET);
    r = run(SAME, 0, "2026-11-20T16:30", "2026-11-21T00:05", NULL);
    CHECK(r.status == PROTOCOL_DEADLINE_LATE);
    r = run(SAME, 0, "2026-11-20T16:30", NULL, "2026-11-23T09:00");
    CHECK(r.status == PROTOCOL_DEADLINE_OVERDUE && r.working_days_remaining == -1);
    r = run(SAME, 0, "2026-11-20T16:30", NULL, "2026-11-20T10:00");
    CHECK(r.status == PROTOCOL_DEADLINE_DUE_TODAY);
}

static void test_before(void)
{
    /* Papers 5 working days before a meeting on Monday 7 December 2026:
     * due Monday 30 November. */
    protocol_deadline_result r = run(BEFORE, 5, "2026-12-07T10:00", NULL, "2026-11-27");
    CHECK(due_is(&r, 2026, 11, 30) && r.status == PROTOCOL_DEADLINE_PENDING);
    CHECK(r.working_days_remaining == 1);
    r = run(BEFORE, 5, "2026-12-07", "2026-12-01", NULL);
    CHECK(r.status == PROTOCOL_DEADLINE_LATE);
    r = run(BEFORE, 5, "2026-12-07", "2026-11-30T17:00", NULL);
    CHECK(r.status == PROTOCOL_DEADLINE_MET);
    /* Meeting Thursday 31 December: 22, 23, 24, 29, 30 -> Tuesday 22. */
    r = run(BEFORE, 5, "2026-12-31", NULL, "2026-12-24");
    CHECK(due_is(&r, 2026, 12, 22) && r.status == PROTOCOL_DEADLINE_OVERDUE);
    CHECK(r.working_days_remaining == -2); /* Wed 23, Thu 24 */
}

static void test_unknown_and_cutoff(void)
{
    protocol_deadline_result r = run(AFTER, 3, NULL, NULL, "2026-11-20");
    CHECK(r.status == PROTOCOL_DEADLINE_UNKNOWN && !r.has_due && !r.has_remaining);
    r = run(AFTER, 3, NULL, "2026-11-20", NULL);
    CHECK(r.status == PROTOCOL_DEADLINE_UNKNOWN && !r.has_due);

    /* A 16:00 cut-off: a start at 16:30 on Friday counts from Saturday, so
     * the third working day is Wednesday 25 November all the same; a start
     * at 16:30 on Thursday 19 counts from Friday 20 -> Wednesday 25 instead
     * of Tuesday 24; a bare date is never moved. */
    protocol_deadline_rule rule = PROTOCOL_DEADLINE_RULE_INIT;
    rule.kind = AFTER;
    rule.working_days = 3;
    rule.cutoff_minute = 16 * 60;
    protocol_time s = T("2026-11-19T16:30");
    CHECK(protocol_deadline_compute(ew, &rule, &s, NULL, NULL, &r, NULL) == PROTOCOL_OK);
    CHECK(due_is(&r, 2026, 11, 25));
    s = T("2026-11-19T15:59");
    CHECK(protocol_deadline_compute(ew, &rule, &s, NULL, NULL, &r, NULL) == PROTOCOL_OK);
    CHECK(due_is(&r, 2026, 11, 24));
    s = T("2026-11-19");
    CHECK(protocol_deadline_compute(ew, &rule, &s, NULL, NULL, &r, NULL) == PROTOCOL_OK);
    CHECK(due_is(&r, 2026, 11, 24));
}

static void test_errors(void)
{
    protocol_deadline_rule rule = PROTOCOL_DEADLINE_RULE_INIT;
    protocol_time s = T("2026-11-20");
    protocol_deadline_result r;
    protocol_error err;
    CHECK(protocol_deadline_compute(NULL, &rule, &s, NULL, NULL, &r, &err) ==
          PROTOCOL_E_INVALID_ARGUMENT);
    rule.struct_version = 99;
    CHECK(protocol_deadline_compute(ew, &rule, &s, NULL, NULL, &r, &err) ==
          PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(strcmp(err.place, "rule.struct_version") == 0);
    rule = (protocol_deadline_rule)PROTOCOL_DEADLINE_RULE_INIT;
    rule.kind = AFTER;
    rule.working_days = -1;
    CHECK(protocol_deadline_compute(ew, &rule, &s, NULL, NULL, &r, &err) ==
          PROTOCOL_E_INVALID_ARGUMENT);
    rule.working_days = 3;
    rule.cutoff_minute = 1440;
    CHECK(protocol_deadline_compute(ew, &rule, &s, NULL, NULL, &r, &err) ==
          PROTOCOL_E_INVALID_ARGUMENT);
    rule.cutoff_minute = -1;
    rule.kind = (protocol_deadline_kind)7;
    CHECK(protocol_deadline_compute(ew, &rule, &s, NULL, NULL, &r, &err) ==
          PROTOCOL_E_INVALID_ARGUMENT);
    rule.kind = AFTER;
    s = T("2199-12-30");
    CHECK(protocol_deadline_compute(ew, &rule, &s, NULL, NULL, &r, &err) == PROTOCOL_E_RANGE);
    s = T("1969-06-01");
    rule.kind = SAME;
    CHECK(protocol_deadline_compute(ew, &rule, &s, NULL, NULL, &r, &err) == PROTOCOL_E_RANGE);
    s = T("2026-11-20");
    protocol_time bad = s;
    bad.date.day = 31; /* 31 November */
    CHECK(protocol_deadline_compute(ew, &rule, &s, &bad, NULL, &r, &err) == PROTOCOL_E_DATETIME);
    CHECK(strcmp(err.place, "done") == 0);
    protocol_time late_as_of = T("2300-01-01");
    CHECK(protocol_deadline_compute(ew, &rule, &s, NULL, &late_as_of, &r, &err) ==
          PROTOCOL_E_RANGE);
    CHECK(strcmp(err.place, "as_of") == 0);

    CHECK(strcmp(protocol_deadline_status_name(PROTOCOL_DEADLINE_DUE_TODAY), "due_today") == 0);
    CHECK(strcmp(protocol_deadline_status_name(PROTOCOL_DEADLINE_OVERDUE), "overdue") == 0);
    CHECK(strcmp(protocol_deadline_status_name(PROTOCOL_DEADLINE_MET), "met") == 0);
    CHECK(strcmp(protocol_deadline_status_name(PROTOCOL_DEADLINE_LATE), "late") == 0);
    CHECK(strcmp(protocol_deadline_status_name(PROTOCOL_DEADLINE_PENDING), "pending") == 0);
    CHECK(strcmp(protocol_deadline_status_name(PROTOCOL_DEADLINE_UNKNOWN), "unknown") == 0);
}

int main(void)
{
    protocol_error err;
    if (protocol_calendar_new("england-and-wales", &ew, &err) != PROTOCOL_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    test_referral_rule();
    test_same_day();
    test_before();
    test_unknown_and_cutoff();
    test_errors();
    protocol_calendar_free(ew);
    if (failures)
        fprintf(stderr, "%d checks failed\n", failures);
    return failures ? 1 : 0;
}
