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
    if (protocol_deadline_compute(ew, &rule, start ? &s : NULL, done ? &d : NULL, as_of ? &a : NULL,
                                  &r, &err) != PROTOCOL_OK) {
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

/* --- SPEC §4/§5 conventions through the old interface --------------------- */

static void test_conventions(void)
{
    /* 0 working days after Saturday 21 November 2026 is the next working
     * day, Monday 23 (roll forward), never Friday 20, before the start. */
    protocol_deadline_result r = run(AFTER, 0, "2026-11-21T10:00", NULL, NULL);
    CHECK(due_is(&r, 2026, 11, 23));
    r = run(AFTER, 0, "2026-11-20T10:00", NULL, NULL); /* a working day: itself */
    CHECK(due_is(&r, 2026, 11, 20));
    /* A same-day deadline due Friday 20 is overdue on Saturday 21: -1, as on
     * Sunday and on Monday 23 (the first working day after); Tuesday 24 -2. */
    r = run(SAME, 0, "2026-11-20T16:30", NULL, "2026-11-21T09:00");
    CHECK(r.status == PROTOCOL_DEADLINE_OVERDUE && r.working_days_remaining == -1);
    r = run(SAME, 0, "2026-11-20T16:30", NULL, "2026-11-22");
    CHECK(r.working_days_remaining == -1);
    r = run(SAME, 0, "2026-11-20T16:30", NULL, "2026-11-24");
    CHECK(r.working_days_remaining == -2);
    /* The cut-off never moves a same-day deadline or one before an event. */
    protocol_deadline_rule rule = PROTOCOL_DEADLINE_RULE_INIT;
    rule.cutoff_minute = 16 * 60;
    protocol_time s = T("2026-11-20T17:00");
    CHECK(protocol_deadline_compute(ew, &rule, &s, NULL, NULL, &r, NULL) == PROTOCOL_OK);
    CHECK(due_is(&r, 2026, 11, 20));
    rule.kind = BEFORE; /* meeting Monday 7 December at 17:00 -> Monday 30 */
    rule.working_days = 5;
    s = T("2026-12-07T17:00");
    CHECK(protocol_deadline_compute(ew, &rule, &s, NULL, NULL, &r, NULL) == PROTOCOL_OK);
    CHECK(due_is(&r, 2026, 11, 30));
}

/* --- the clock ------------------------------------------------------------ */

static protocol_clock_result clock_run(const protocol_clock *c, const char *start, const char *done,
                                       const char *as_of)
{
    protocol_time s, d, a;
    if (start)
        s = T(start);
    if (done)
        d = T(done);
    if (as_of)
        a = T(as_of);
    protocol_clock_result r;
    memset(&r, 0xA5, sizeof r);
    protocol_clock_result_init(&r);
    protocol_error err;
    if (protocol_clock_compute(ew, c, start ? &s : NULL, done ? &d : NULL, as_of ? &a : NULL, &r,
                               &err) != PROTOCOL_OK) {
        fprintf(stderr, "clock failed: %s\n", err.message);
        failures++;
    }
    return r;
}

static int date_is(protocol_date d, int y, int m, int day)
{
    return d.year == y && d.month == m && d.day == day;
}

static int cdue(const protocol_clock_result *r, int y, int m, int d)
{
    return r->has_due && !r->due.has_time && date_is(r->due.date, y, m, d);
}

static protocol_clock make(protocol_unit unit, int32_t amount)
{
    protocol_clock c;
    protocol_clock_init(&c);
    c.unit = unit;
    c.amount = amount;
    return c;
}

static void test_clock_units(void)
{
    /* 24 hours from 12:00 BST on Saturday 24 October 2026 (11:00 UTC):
     * clocks go back at 01:00 UTC on Sunday 25, so 11:00 UTC on the 25th is
     * 11:00 GMT, shown as such. */
    protocol_clock c = make(PROTOCOL_UNIT_HOURS, 24);
    protocol_clock_result r = clock_run(&c, "2026-10-24T12:00", NULL, "2026-10-25T10:00");
    CHECK(r.has_due && r.due.has_time && date_is(r.due.date, 2026, 10, 25));
    CHECK(r.due.hour == 11 && r.due.minute == 0 && r.due.utc_offset_minutes == 0);
    CHECK(r.status == PROTOCOL_DEADLINE_DUE_TODAY && r.has_hours_remaining);
    CHECK(r.seconds_remaining == 3600); /* 10:00 GMT to 11:00 GMT */
    /* Overdue by an hour on a Sunday: -1 working day, -3600 seconds. */
    r = clock_run(&c, "2026-10-24T12:00", NULL, "2026-10-25T12:00");
    CHECK(r.status == PROTOCOL_DEADLINE_OVERDUE && r.working_days_remaining == -1);
    CHECK(r.seconds_remaining == -3600);
    r = clock_run(&c, "2026-10-24T12:00", "2026-10-25T11:00", NULL);
    CHECK(r.status == PROTOCOL_DEADLINE_MET);
    r = clock_run(&c, "2026-10-24T12:00", "2026-10-25T11:00:01", NULL);
    CHECK(r.status == PROTOCOL_DEADLINE_LATE);
    /* Spring: 24 hours from 12:00 GMT Saturday 28 March 2026 (clocks go
     * forward at 01:00 UTC on the 29th) is 12:00 UTC = 13:00 BST. */
    r = clock_run(&c, "2026-03-28T12:00", NULL, NULL);
    CHECK(r.due.hour == 13 && r.due.utc_offset_minutes == 60 && r.status == 0);

    /* 28 calendar days from Friday 20 November 2026: Friday 18 December. */
    c = make(PROTOCOL_UNIT_CALENDAR_DAYS, 28);
    r = clock_run(&c, "2026-11-20T16:00", NULL, "2026-12-18T09:00");
    CHECK(cdue(&r, 2026, 12, 18) && r.status == PROTOCOL_DEADLINE_DUE_TODAY);
    /* 2 weeks from Friday 11 December: Christmas Day, Friday 25. Following:
     * Tuesday 29 (Monday 28 is the Boxing Day substitute); preceding:
     * Thursday 24; modified following: Tuesday 29, still December. */
    c = make(PROTOCOL_UNIT_WEEKS, 2);
    r = clock_run(&c, "2026-12-11", NULL, NULL);
    CHECK(cdue(&r, 2026, 12, 25));
    c.roll = PROTOCOL_ROLL_FOLLOWING;
    r = clock_run(&c, "2026-12-11", NULL, NULL);
    CHECK(cdue(&r, 2026, 12, 29));
    c.roll = PROTOCOL_ROLL_PRECEDING;
    r = clock_run(&c, "2026-12-11", NULL, NULL);
    CHECK(cdue(&r, 2026, 12, 24));
    c.roll = PROTOCOL_ROLL_MODIFIED_FOLLOWING;
    r = clock_run(&c, "2026-12-11", NULL, NULL);
    CHECK(cdue(&r, 2026, 12, 29));
    /* Months: 31 January 2026 + 1 = 28 February; 30 November 2026 + 3 =
     * 28 February 2027; 31 August 2026 + 2 = Saturday 31 October, which
     * follows to Monday 2 November but modified-follows back to Friday 30
     * October. */
    c = make(PROTOCOL_UNIT_MONTHS, 1);
    r = clock_run(&c, "2026-01-31", NULL, NULL);
    CHECK(cdue(&r, 2026, 2, 28));
    c.amount = 3;
    r = clock_run(&c, "2026-11-30", NULL, NULL);
    CHECK(cdue(&r, 2027, 2, 28));
    c.amount = 2;
    c.roll = PROTOCOL_ROLL_FOLLOWING;
    r = clock_run(&c, "2026-08-31", NULL, NULL);
    CHECK(cdue(&r, 2026, 11, 2));
    c.roll = PROTOCOL_ROLL_MODIFIED_FOLLOWING;
    r = clock_run(&c, "2026-08-31", NULL, NULL);
    CHECK(cdue(&r, 2026, 10, 30));
    /* Before an event: 1 month before Tuesday 31 March 2026 is Saturday 28
     * February -> preceding Friday 27; the cut-off does not apply. */
    c = make(PROTOCOL_UNIT_MONTHS, 1);
    c.before = 1;
    c.roll = PROTOCOL_ROLL_PRECEDING;
    c.cutoff_minute = 16 * 60;
    r = clock_run(&c, "2026-03-31T17:00", NULL, NULL);
    CHECK(cdue(&r, 2026, 2, 27));
    /* The cut-off moves calendar days after a start: 17:00 on Friday 20
     * November counts from Saturday 21, + 28 = Saturday 19 December. */
    c = make(PROTOCOL_UNIT_CALENDAR_DAYS, 28);
    c.cutoff_minute = 16 * 60;
    r = clock_run(&c, "2026-11-20T17:00", NULL, NULL);
    CHECK(cdue(&r, 2026, 12, 19));
    /* ... but never an hours deadline. */
    c = make(PROTOCOL_UNIT_HOURS, 2);
    c.cutoff_minute = 16 * 60;
    r = clock_run(&c, "2026-11-20T17:00", NULL, NULL);
    CHECK(date_is(r.due.date, 2026, 11, 20) && r.due.hour == 19);
    /* A completion before the start is flagged, the status still given. */
    c = make(PROTOCOL_UNIT_WORKING_DAYS, 3);
    r = clock_run(&c, "2026-11-20T10:00", "2026-11-19", NULL);
    CHECK(r.done_before_start == 1 && r.status == PROTOCOL_DEADLINE_MET);
    r = clock_run(&c, "2026-11-20T10:00", "2026-11-20", NULL); /* same day: not before */
    CHECK(r.done_before_start == 0);
}

static void test_clock_recurrence_and_pauses(void)
{
    /* First review within 3 months of Monday 5 January 2026, then every 6
     * months. Not done: the first is due Sunday 5 April (no roll); as of
     * Monday 6 April (Easter Monday) it is missed, the second runs from 5
     * April to 5 October; status overdue, -1 (no working day in (5, 6]). */
    protocol_clock c = make(PROTOCOL_UNIT_MONTHS, 3);
    c.every_unit = PROTOCOL_UNIT_MONTHS;
    c.every = 6;
    protocol_clock_result r = clock_run(&c, "2026-01-05", NULL, "2026-04-06");
    CHECK(r.occurrence == 2 && r.missed == 1 && date_is(r.first_missed_due, 2026, 4, 5));
    CHECK(cdue(&r, 2026, 10, 5) && date_is(r.occurrence_start.date, 2026, 4, 5));
    CHECK(r.status == PROTOCOL_DEADLINE_OVERDUE && r.working_days_remaining == -1);
    /* Done on Friday 20 March: occurrence 1 met, the second runs from then
     * to Sunday 20 September; as of Friday 18 September, pending, 1
     * working day (Friday 18) in [18, 20). */
    r = clock_run(&c, "2026-01-05", "2026-03-20", "2026-09-18");
    CHECK(r.occurrence == 2 && r.missed == 0 && cdue(&r, 2026, 9, 20));
    CHECK(r.status == PROTOCOL_DEADLINE_PENDING && r.working_days_remaining == 1);
    /* Pauses: 3 working days after Friday 20 November 2026 with the clock
     * stopped on Monday 23 and Tuesday 24 (whole days): Wednesday 25 is day
     * 1, Thursday 26 day 2, Friday 27 day 3. */
    protocol_interval pause = {T("2026-11-23"), T("2026-11-24")};
    c = make(PROTOCOL_UNIT_WORKING_DAYS, 3);
    c.pauses = &pause;
    c.npauses = 1;
    r = clock_run(&c, "2026-11-20T10:00", NULL, NULL);
    CHECK(cdue(&r, 2026, 11, 27));
    /* 24 hours from 10:00 on 20 November with the clock stopped 12:00-15:00
     * that day: due 13:00 on the 21st. */
    pause.from = T("2026-11-20T12:00");
    pause.to = T("2026-11-20T15:00");
    c = make(PROTOCOL_UNIT_HOURS, 24);
    c.pauses = &pause;
    c.npauses = 1;
    r = clock_run(&c, "2026-11-20T10:00", NULL, NULL);
    CHECK(date_is(r.due.date, 2026, 11, 21) && r.due.hour == 13);
}

static protocol_status clock_status(const protocol_clock *c, const char *start, const char *as_of,
                                    protocol_error *err)
{
    protocol_time s = T(start), a;
    if (as_of)
        a = T(as_of);
    protocol_clock_result r = PROTOCOL_CLOCK_RESULT_INIT;
    return protocol_clock_compute(ew, c, &s, NULL, as_of ? &a : NULL, &r, err);
}

#define CLOCK_REFUSED(c, code, where)                                                              \
    do {                                                                                           \
        protocol_error e_;                                                                         \
        CHECK(clock_status(&(c), "2026-11-20", NULL, &e_) == (code));                              \
        CHECK(strcmp(e_.place, (where)) == 0);                                                     \
    } while (0)

static void test_clock_errors(void)
{
    protocol_clock c = make(PROTOCOL_UNIT_WORKING_DAYS, 3);
    protocol_clock_result r = PROTOCOL_CLOCK_RESULT_INIT;
    protocol_time s = T("2026-11-20");
    protocol_error err;
    CHECK(protocol_clock_compute(NULL, &c, &s, NULL, NULL, &r, &err) ==
          PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(protocol_clock_compute(ew, NULL, &s, NULL, NULL, &r, &err) ==
          PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(protocol_clock_compute(ew, &c, &s, NULL, NULL, NULL, &err) ==
          PROTOCOL_E_INVALID_ARGUMENT);
    r.struct_version = 2;
    CHECK(protocol_clock_compute(ew, &c, &s, NULL, NULL, &r, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(strcmp(err.place, "out.struct_version") == 0);
    protocol_clock_result_init(&r);
    protocol_clock bad = c;
    bad.struct_version = 0;
    CLOCK_REFUSED(bad, PROTOCOL_E_INVALID_ARGUMENT, "clock.struct_version");
    bad = c;
    bad.unit = (protocol_unit)6;
    CLOCK_REFUSED(bad, PROTOCOL_E_INVALID_ARGUMENT, "clock.unit");
    bad = c;
    bad.amount = -1;
    CLOCK_REFUSED(bad, PROTOCOL_E_INVALID_ARGUMENT, "clock.amount");
    bad.amount = 100001;
    CLOCK_REFUSED(bad, PROTOCOL_E_INVALID_ARGUMENT, "clock.amount");
    bad = c;
    bad.before = 2;
    CLOCK_REFUSED(bad, PROTOCOL_E_INVALID_ARGUMENT, "clock.before");
    bad = c;
    bad.roll = (protocol_roll)4;
    CLOCK_REFUSED(bad, PROTOCOL_E_INVALID_ARGUMENT, "clock.roll");
    bad.roll = PROTOCOL_ROLL_FOLLOWING; /* working days are never rolled */
    CLOCK_REFUSED(bad, PROTOCOL_E_INVALID_ARGUMENT, "clock.roll");
    bad = c;
    bad.cutoff_minute = 1440;
    CLOCK_REFUSED(bad, PROTOCOL_E_INVALID_ARGUMENT, "clock.cutoff_minute");
    bad = c;
    bad.every = -1;
    CLOCK_REFUSED(bad, PROTOCOL_E_INVALID_ARGUMENT, "clock.every");
    bad.every = 1;
    bad.every_unit = PROTOCOL_UNIT_SAME_DAY;
    CLOCK_REFUSED(bad, PROTOCOL_E_INVALID_ARGUMENT, "clock.every_unit");
    bad.every_unit = PROTOCOL_UNIT_WEEKS;
    bad.before = 1;
    CLOCK_REFUSED(bad, PROTOCOL_E_INVALID_ARGUMENT, "clock.every");
    protocol_interval pauses[2] = {{T("2026-11-23"), T("2026-11-24")},
                                   {T("2026-11-26"), T("2026-11-24")}};
    bad = c;
    bad.npauses = 1;
    CLOCK_REFUSED(bad, PROTOCOL_E_INVALID_ARGUMENT, "clock.pauses");
    bad.pauses = pauses;
    bad.npauses = 10001;
    CLOCK_REFUSED(bad, PROTOCOL_E_INVALID_ARGUMENT, "clock.npauses");
    bad.npauses = 2;
    CLOCK_REFUSED(bad, PROTOCOL_E_INVALID_ARGUMENT, "pauses[1]"); /* ends before it starts */
    bad.npauses = 1;
    bad.before = 1;
    CLOCK_REFUSED(bad, PROTOCOL_E_INVALID_ARGUMENT, "clock.pauses");
    bad.before = 0;
    bad.unit = PROTOCOL_UNIT_SAME_DAY;
    CLOCK_REFUSED(bad, PROTOCOL_E_INVALID_ARGUMENT, "clock.pauses");
    bad.unit = PROTOCOL_UNIT_WORKING_DAYS;
    pauses[0].from.date.day = 31; /* 31 November */
    CLOCK_REFUSED(bad, PROTOCOL_E_DATETIME, "pauses[0].from");
    pauses[0].from.date.day = 23;
    pauses[0].to.has_time = 3;
    CLOCK_REFUSED(bad, PROTOCOL_E_INVALID_ARGUMENT, "pauses[0].to");
    pauses[0].to.has_time = 0;
    /* A date-time whose offset is not a UK one. */
    s = T("2026-11-20T10:00");
    s.utc_offset_minutes = 30;
    CHECK(protocol_clock_compute(ew, &c, &s, NULL, NULL, &r, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(strcmp(err.place, "start") == 0);
    /* Out of range: the start, and a due date beyond 2199. */
    CHECK(clock_status(&c, "1969-12-31", NULL, &err) == PROTOCOL_E_RANGE);
    c = make(PROTOCOL_UNIT_MONTHS, 1);
    CHECK(clock_status(&c, "2199-12-15", NULL, &err) == PROTOCOL_E_RANGE);
    c = make(PROTOCOL_UNIT_HOURS, 48);
    CHECK(clock_status(&c, "2199-12-31", NULL, &err) == PROTOCOL_E_RANGE);
    c = make(PROTOCOL_UNIT_CALENDAR_DAYS, 1);
    c.roll = PROTOCOL_ROLL_FOLLOWING;
    CHECK(clock_status(&c, "2199-12-31", NULL, &err) == PROTOCOL_E_RANGE);
    c = make(PROTOCOL_UNIT_MONTHS, 100000); /* beyond year 9999 */
    CHECK(clock_status(&c, "2026-11-20", NULL, &err) == PROTOCOL_E_RANGE);
    c = make(PROTOCOL_UNIT_WORKING_DAYS, 3); /* a cut-off past the last day */
    c.cutoff_minute = 0;
    CHECK(clock_status(&c, "2199-12-31T10:00", NULL, &err) == PROTOCOL_E_RANGE);
    CHECK(clock_status(&c, "2026-11-20", "2300-01-01", &err) == PROTOCOL_E_RANGE);
    /* A recurrence a roll holds still is refused, not looped on: 1 calendar
     * day after Friday 20 November is Saturday, preceding: Friday again. */
    c = make(PROTOCOL_UNIT_CALENDAR_DAYS, 1);
    c.roll = PROTOCOL_ROLL_PRECEDING;
    c.every = 1;
    c.every_unit = PROTOCOL_UNIT_CALENDAR_DAYS;
    CHECK(clock_status(&c, "2026-11-20", "2026-11-23", &err) == PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(strcmp(err.place, "clock.every") == 0);
    /* No start: unknown, no due. */
    c = make(PROTOCOL_UNIT_WEEKS, 1);
    CHECK(protocol_clock_compute(ew, &c, NULL, NULL, NULL, &r, &err) == PROTOCOL_OK);
    CHECK(!r.has_due && r.status == PROTOCOL_DEADLINE_UNKNOWN && r.occurrence == 0);

    /* Names, init functions and the public helpers. */
    CHECK(strcmp(protocol_unit_name(PROTOCOL_UNIT_CALENDAR_DAYS), "calendar_days") == 0);
    CHECK(protocol_unit_name((protocol_unit)9) == NULL);
    CHECK(strcmp(protocol_roll_name(PROTOCOL_ROLL_MODIFIED_FOLLOWING), "modified_following") == 0);
    CHECK(protocol_roll_name((protocol_roll)-1) == NULL);
    protocol_clock_init(NULL);
    protocol_clock_result_init(NULL);
    protocol_date d = {2026, 2, 30}, out;
    CHECK(protocol_date_add_months(d, 1, &out, &err) == PROTOCOL_E_DATETIME);
    d.day = 28;
    CHECK(protocol_date_add_months(d, 1, NULL, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(protocol_date_add_months(d, -24302, &out, &err) == PROTOCOL_E_RANGE); /* 0000-12 */
    CHECK(protocol_date_add_months(d, -24301, &out, &err) == PROTOCOL_OK && date_is(out, 1, 1, 28));
    CHECK(protocol_calendar_roll(NULL, d, PROTOCOL_ROLL_NONE, &out, &err) ==
          PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(protocol_calendar_roll(ew, d, (protocol_roll)7, &out, &err) ==
          PROTOCOL_E_INVALID_ARGUMENT);
    d.year = 2200;
    CHECK(protocol_calendar_roll(ew, d, PROTOCOL_ROLL_FOLLOWING, &out, &err) == PROTOCOL_E_RANGE);
    /* With 30 and 31 December 2199 closed, Saturday 28 has no working day
     * after it in the calendar. */
    protocol_holiday closed[2] = {{{2199, 12, 30}, "Closed"}, {{2199, 12, 31}, "Closed"}};
    protocol_calendar *shut;
    CHECK(protocol_calendar_with_changes(ew, closed, 2, NULL, 0, &shut, &err) == PROTOCOL_OK);
    protocol_date sat = {2199, 12, 28};
    CHECK(protocol_calendar_roll(shut, sat, PROTOCOL_ROLL_FOLLOWING, &out, &err) ==
          PROTOCOL_E_RANGE);
    CHECK(protocol_calendar_roll(shut, sat, PROTOCOL_ROLL_MODIFIED_FOLLOWING, &out, &err) ==
          PROTOCOL_E_RANGE);
    CHECK(protocol_calendar_roll(shut, sat, PROTOCOL_ROLL_PRECEDING, &out, &err) == PROTOCOL_OK &&
          date_is(out, 2199, 12, 27));
    protocol_calendar_free(shut);
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
    test_conventions();
    test_clock_units();
    test_clock_recurrence_and_pauses();
    test_clock_errors();
    protocol_calendar_free(ew);
    if (failures)
        fprintf(stderr, "%d checks failed\n", failures);
    return failures ? 1 : 0;
}
