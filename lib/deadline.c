/*
 * The statutory clock (SPEC §5): due dates and times in every unit guidance
 * uses, rolls, cut-off, recurrence and pauses, and where a deadline stands
 * as of an evaluation time; and the old protocol_deadline_compute, a thin
 * wrapper over it. Only the public calendar API is used, so a custom
 * calendar behaves alike.
 */
#include "internal.h"

#include <stdio.h>

#define SECONDS_PER_DAY 86400
#define MAX_AMOUNT 100000
#define MAX_PAUSES 10000

const char *protocol_deadline_status_name(protocol_deadline_status status)
{
    switch (status) {
    case PROTOCOL_DEADLINE_UNKNOWN:
        return "unknown";
    case PROTOCOL_DEADLINE_MET:
        return "met";
    case PROTOCOL_DEADLINE_LATE:
        return "late";
    case PROTOCOL_DEADLINE_PENDING:
        return "pending";
    case PROTOCOL_DEADLINE_DUE_TODAY:
        return "due_today";
    case PROTOCOL_DEADLINE_OVERDUE:
        return "overdue";
    }
    /* Not a value the library produces; keep result JSON within the
     * documented vocabulary rather than return NULL. */
    return "unknown";
}

const char *protocol_unit_name(protocol_unit unit)
{
    switch (unit) {
    case PROTOCOL_UNIT_SAME_DAY:
        return "same_day";
    case PROTOCOL_UNIT_HOURS:
        return "hours";
    case PROTOCOL_UNIT_WORKING_DAYS:
        return "working_days";
    case PROTOCOL_UNIT_CALENDAR_DAYS:
        return "calendar_days";
    case PROTOCOL_UNIT_WEEKS:
        return "weeks";
    case PROTOCOL_UNIT_MONTHS:
        return "months";
    }
    return NULL;
}

const char *protocol_roll_name(protocol_roll roll)
{
    switch (roll) {
    case PROTOCOL_ROLL_NONE:
        return "none";
    case PROTOCOL_ROLL_FOLLOWING:
        return "following";
    case PROTOCOL_ROLL_PRECEDING:
        return "preceding";
    case PROTOCOL_ROLL_MODIFIED_FOLLOWING:
        return "modified_following";
    }
    return NULL;
}

void protocol_clock_init(protocol_clock *clock)
{
    if (clock) {
        protocol_clock c = PROTOCOL_CLOCK_INIT;
        *clock = c;
    }
}

void protocol_clock_result_init(protocol_clock_result *result)
{
    if (result) {
        protocol_clock_result r = PROTOCOL_CLOCK_RESULT_INIT;
        *result = r;
    }
}

/* --- days ----------------------------------------------------------------- */

static int32_t day_of(protocol_date d)
{
    return pr_days_from_civil(d.year, d.month, d.day);
}

static protocol_date date_of(int32_t day)
{
    protocol_date d;
    pr_civil_from_days(day, &d.year, &d.month, &d.day);
    return d;
}

static protocol_status date_in_range(const protocol_calendar *calendar, protocol_date date,
                                     const char *what, protocol_error *err)
{
    protocol_date first, last;
    protocol_status status = protocol_calendar_range(calendar, &first, &last, err);
    if (status != PROTOCOL_OK)
        return status;
    int32_t d = day_of(date);
    if (!protocol_date_is_valid(date) || d < day_of(first) || d > day_of(last))
        return pr_fail(err, PROTOCOL_E_RANGE, what,
                       "the %s %04d-%02d-%02d is outside the calendar's range "
                       "%04d-%02d-%02d..%04d-%02d-%02d",
                       what, date.year, date.month, date.day, first.year, first.month, first.day,
                       last.year, last.month, last.day);
    return PROTOCOL_OK;
}

protocol_status protocol_date_add_months(protocol_date date, int32_t months, protocol_date *out,
                                         protocol_error *err)
{
    if (!out)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_date_add_months needs an output");
    if (!protocol_date_is_valid(date))
        return pr_fail(err, PROTOCOL_E_DATETIME, "date", "%d-%d-%d is not a date that exists",
                       date.year, date.month, date.day);
    int64_t index = (int64_t)date.year * 12 + (date.month - 1) + months;
    int64_t year = pr_floor_div(index, 12);
    if (year < 1 || year > 9999)
        return pr_fail(err, PROTOCOL_E_RANGE, "months",
                       "%04d-%02d-%02d plus %ld months is outside years 0001..9999", date.year,
                       date.month, date.day, (long)months);
    protocol_date r = {(int)year, (int)(index - year * 12) + 1, date.day};
    int last = pr_days_in_month(r.year, r.month);
    if (r.day > last)
        r.day = last;
    *out = r;
    return PROTOCOL_OK;
}

protocol_status protocol_calendar_roll(const protocol_calendar *calendar, protocol_date date,
                                       protocol_roll roll, protocol_date *out, protocol_error *err)
{
    if (!calendar || !out)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_calendar_roll needs a calendar and an output");
    if (!protocol_roll_name(roll))
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "roll", "roll %d is not a known roll",
                       (int)roll);
    int working;
    protocol_status status = protocol_calendar_is_working_day(calendar, date, &working, err);
    if (status != PROTOCOL_OK)
        return status;
    protocol_date r = date;
    if (working || roll == PROTOCOL_ROLL_NONE) {
        *out = r;
        return PROTOCOL_OK;
    }
    if (roll == PROTOCOL_ROLL_PRECEDING) {
        status = protocol_calendar_previous_working_day(calendar, date, &r, err);
    } else {
        status = protocol_calendar_next_working_day(calendar, date, &r, err);
        if (status == PROTOCOL_OK && roll == PROTOCOL_ROLL_MODIFIED_FOLLOWING &&
            r.month != date.month)
            status = protocol_calendar_previous_working_day(calendar, date, &r, err);
    }
    if (status != PROTOCOL_OK)
        return status;
    *out = r;
    return PROTOCOL_OK;
}

/* --- checking the inputs -------------------------------------------------- */

/* A time a caller filled in by hand must still be a real UK local time. */
static protocol_status check_time(const protocol_time *t, const char *name, protocol_error *err)
{
    if (!protocol_date_is_valid(t->date))
        return pr_fail(err, PROTOCOL_E_DATETIME, name, "the %s date %d-%d-%d does not exist", name,
                       t->date.year, t->date.month, t->date.day);
    if (t->has_time != 0 && t->has_time != 1)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, name,
                       "the %s has_time is %d; it must be 0 or 1", name, t->has_time);
    if (t->has_time && (t->hour < 0 || t->hour > 23 || t->minute < 0 || t->minute > 59 ||
                        t->second < 0 || t->second > 59))
        return pr_fail(err, PROTOCOL_E_DATETIME, name, "the %s time %d:%d:%d does not exist", name,
                       t->hour, t->minute, t->second);
    if (t->has_time && t->utc_offset_minutes != 0 && t->utc_offset_minutes != 60)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, name,
                       "the %s utc_offset_minutes is %d; a UK offset is 0 or 60", name,
                       t->utc_offset_minutes);
    return PROTOCOL_OK;
}

static int is_day_unit(protocol_unit u)
{
    return u == PROTOCOL_UNIT_WORKING_DAYS || u == PROTOCOL_UNIT_CALENDAR_DAYS ||
           u == PROTOCOL_UNIT_WEEKS || u == PROTOCOL_UNIT_MONTHS;
}

static int is_rolled_unit(protocol_unit u)
{
    return u == PROTOCOL_UNIT_CALENDAR_DAYS || u == PROTOCOL_UNIT_WEEKS ||
           u == PROTOCOL_UNIT_MONTHS;
}

/* The instants of a pause: [from, to) in UTC seconds. */
static void pause_instants(const protocol_interval *p, int64_t *lo, int64_t *hi)
{
    *lo = pr_time_to_utc(&p->from);
    if (p->to.has_time) {
        *hi = pr_time_to_utc(&p->to);
    } else { /* a bare date: to the end of that day */
        protocol_time next = {.date = date_of(day_of(p->to.date) + 1)};
        *hi = pr_time_to_utc(&next);
    }
}

/* The whole local days inside a pause: [lo, hi) as day numbers. */
static void pause_days(const protocol_interval *p, int64_t *lo, int64_t *hi)
{
    const protocol_time *f = &p->from;
    *lo = day_of(f->date) + (f->has_time && (f->hour || f->minute || f->second));
    *hi = day_of(p->to.date) + !p->to.has_time;
}

static protocol_status check_clock(const protocol_clock *c, protocol_error *err)
{
    if (c->struct_version != PROTOCOL_CLOCK_VERSION)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "clock.struct_version",
                       "clock struct_version %u is not %u; initialise it with "
                       "PROTOCOL_CLOCK_INIT or protocol_clock_init()",
                       (unsigned)c->struct_version, PROTOCOL_CLOCK_VERSION);
    if (!protocol_unit_name(c->unit))
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "clock.unit",
                       "clock unit %d is not a known unit", (int)c->unit);
    if (c->unit != PROTOCOL_UNIT_SAME_DAY && (c->amount < 0 || c->amount > MAX_AMOUNT))
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "clock.amount",
                       "clock amount %ld is outside 0..%d", (long)c->amount, MAX_AMOUNT);
    if (c->before != 0 && c->before != 1)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "clock.before",
                       "clock before is %ld; it must be 0 (after a start) or 1 (before an "
                       "event)",
                       (long)c->before);
    if (!protocol_roll_name(c->roll))
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "clock.roll",
                       "clock roll %d is not a known roll", (int)c->roll);
    if (c->roll != PROTOCOL_ROLL_NONE && !is_rolled_unit(c->unit) &&
        !(c->every > 0 && is_rolled_unit(c->every_unit)))
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "clock.roll",
                       "a roll applies only to calendar_days, weeks and months, not %s",
                       protocol_unit_name(c->unit));
    if (c->cutoff_minute < -1 || c->cutoff_minute > 1439)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "clock.cutoff_minute",
                       "clock cutoff_minute %ld is outside 0..1439 (or -1 for none)",
                       (long)c->cutoff_minute);
    if (c->every < 0 || c->every > MAX_AMOUNT)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "clock.every",
                       "clock every %ld is outside 0..%d (0: once)", (long)c->every, MAX_AMOUNT);
    if (c->every > 0) {
        if (!protocol_unit_name(c->every_unit) || c->every_unit == PROTOCOL_UNIT_SAME_DAY)
            return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "clock.every_unit",
                           "clock every_unit %d is not a unit a deadline can recur in "
                           "(hours, working_days, calendar_days, weeks, months)",
                           (int)c->every_unit);
        if (c->before)
            return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "clock.every",
                           "a deadline before an event cannot recur");
    }
    if (c->npauses > 0) {
        if (!c->pauses)
            return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "clock.pauses",
                           "clock pauses is NULL with npauses %zu", c->npauses);
        if (c->npauses > MAX_PAUSES)
            return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "clock.npauses",
                           "clock npauses %zu is more than %d", c->npauses, MAX_PAUSES);
        if (c->before)
            return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "clock.pauses",
                           "pauses apply only to durations after a start, not before an event");
        if (c->unit == PROTOCOL_UNIT_SAME_DAY)
            return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "clock.pauses",
                           "a same-day deadline cannot be paused");
        for (size_t i = 0; i < c->npauses; i++) {
            char place[48], name[64];
            snprintf(place, sizeof place, "pauses[%zu]", i);
            snprintf(name, sizeof name, "%s.from", place);
            protocol_status s = check_time(&c->pauses[i].from, name, err);
            if (s != PROTOCOL_OK)
                return s;
            snprintf(name, sizeof name, "%s.to", place);
            s = check_time(&c->pauses[i].to, name, err);
            if (s != PROTOCOL_OK)
                return s;
            int64_t lo, hi;
            pause_instants(&c->pauses[i], &lo, &hi);
            if (hi < lo)
                return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, place,
                               "pause %zu ends before it starts", i);
        }
    }
    return PROTOCOL_OK;
}

/* --- pauses --------------------------------------------------------------- */

/* The first stretch of the pauses' union (whole days, or instants) that
 * ends after `after`: [*lo, *hi) with *lo >= after. No allocation: the
 * pauses need not be sorted and may overlap. */
static bool next_paused(const protocol_clock *c, bool days, int64_t after, int64_t *lo, int64_t *hi)
{
    bool found = false;
    for (size_t i = 0; i < c->npauses; i++) {
        int64_t a, b;
        (days ? pause_days : pause_instants)(&c->pauses[i], &a, &b);
        if (a >= b || b <= after)
            continue;
        if (a < after)
            a = after;
        if (!found || a < *lo) {
            *lo = a;
            *hi = b;
            found = true;
        }
    }
    for (bool grew = found; grew;) {
        grew = false;
        for (size_t i = 0; i < c->npauses; i++) {
            int64_t a, b;
            (days ? pause_days : pause_instants)(&c->pauses[i], &a, &b);
            if (a < b && a <= *hi && b > *hi) {
                *hi = b;
                grew = true;
            }
        }
    }
    return found;
}

enum measure { SECONDS, CALENDAR_DAYS, WORKING_DAYS };

/* How much of [lo, hi) is paused: seconds, whole days, or working days
 * among the whole days. */
static protocol_status paused_in(const protocol_calendar *calendar, const protocol_clock *c,
                                 enum measure m, int64_t lo, int64_t hi, int64_t *out,
                                 protocol_error *err)
{
    int64_t total = 0, a, b;
    for (int64_t cursor = lo; cursor < hi && next_paused(c, m != SECONDS, cursor, &a, &b) && a < hi;
         cursor = b) {
        if (b > hi)
            b = hi;
        if (m == WORKING_DAYS) {
            int64_t n;
            int last_working;
            protocol_date last = date_of((int32_t)(b - 1));
            protocol_status s =
                protocol_calendar_count_working_days(calendar, date_of((int32_t)a), last, &n, err);
            if (s == PROTOCOL_OK)
                s = protocol_calendar_is_working_day(calendar, last, &last_working, err);
            if (s != PROTOCOL_OK)
                return s;
            total += n + last_working;
        } else {
            total += b - a;
        }
    }
    *out = total;
    return PROTOCOL_OK;
}

/* --- one occurrence ------------------------------------------------------- */

/* A due: a local date (met by its end), or for hours an instant. */
typedef struct due_t {
    bool instant;
    int64_t utc; /* when instant */
    int32_t day; /* the local date's day number (of the instant too) */
} due_t;

static due_t due_at(int64_t utc)
{
    protocol_time t;
    pr_time_from_utc(utc, &t);
    due_t d = {true, utc, day_of(t.date)};
    return d;
}

static due_t due_on(int32_t day)
{
    due_t d = {false, 0, day};
    return d;
}

/* The counting day: the start's local date, or the next day at or after
 * the cut-off (only for day units after a start given with a time). */
static int32_t counting_day(const protocol_clock *c, protocol_unit unit, const protocol_time *s)
{
    int32_t d = day_of(s->date);
    if (c->cutoff_minute >= 0 && !c->before && is_day_unit(unit) && s->has_time &&
        s->hour * 60 + s->minute >= c->cutoff_minute)
        d++;
    return d;
}

static protocol_status working_days_after(const protocol_calendar *calendar,
                                          const protocol_clock *c, int32_t from, int32_t n,
                                          int32_t *out, protocol_error *err)
{
    protocol_date due;
    protocol_status s;
    if (n == 0) { /* the day itself when it counts, else the next that does */
        int working;
        int64_t paused = 0;
        s = protocol_calendar_is_working_day(calendar, date_of(from), &working, err);
        if (s == PROTOCOL_OK && working)
            s = paused_in(calendar, c, WORKING_DAYS, from, (int64_t)from + 1, &paused, err);
        if (s != PROTOCOL_OK)
            return s;
        if (working && !paused) {
            *out = from;
            return PROTOCOL_OK;
        }
        n = 1;
    }
    /* The k-th working day after `from`, k grown by the paused working days
     * up to it until none more are passed: then n unpaused ones lie in
     * (from, due] and the due day itself is not paused. */
    /* k stays below n + the working days of the whole range: an int. */
    for (int64_t k = n;;) {
        s = protocol_calendar_add_working_days(calendar, date_of(from), (int)k, &due, err);
        int64_t paused = 0;
        if (s == PROTOCOL_OK)
            s = paused_in(calendar, c, WORKING_DAYS, (int64_t)from + 1, (int64_t)day_of(due) + 1,
                          &paused, err);
        if (s != PROTOCOL_OK)
            return s;
        if (n + paused == k)
            break;
        k = n + paused;
    }
    *out = day_of(due);
    return PROTOCOL_OK;
}

/* The due of one occurrence of `amount` `unit`s from `start`. */
static protocol_status occurrence_due(const protocol_calendar *calendar, const protocol_clock *c,
                                      protocol_unit unit, int32_t amount,
                                      const protocol_time *start, due_t *out, protocol_error *err)
{
    protocol_status s = date_in_range(calendar, start->date, "start", err);
    if (s != PROTOCOL_OK)
        return s;
    int32_t from = counting_day(c, unit, start);
    int32_t day = from;
    int sign = c->before ? -1 : 1;
    switch (unit) {
    case PROTOCOL_UNIT_SAME_DAY:
        break;
    case PROTOCOL_UNIT_HOURS: {
        int64_t t0 = pr_time_to_utc(start);
        int64_t span = (int64_t)amount * 3600;
        int64_t due = t0 + sign * span;
        for (int64_t paused = 0;;) { /* grown by the pauses it passes */
            int64_t more;
            s = paused_in(calendar, c, SECONDS, t0, due, &more, err);
            if (s != PROTOCOL_OK)
                return s;
            if (more == paused)
                break;
            paused = more;
            due = t0 + span + paused;
        }
        *out = due_at(due);
        return date_in_range(calendar, date_of(out->day), "due date", err);
    }
    case PROTOCOL_UNIT_WORKING_DAYS: {
        protocol_date d;
        s = date_in_range(calendar, date_of(from), "counting day", err);
        if (s != PROTOCOL_OK)
            return s;
        if (c->before) {
            s = protocol_calendar_working_days_before(calendar, date_of(from), amount, &d, err);
            day = day_of(d);
        } else {
            s = working_days_after(calendar, c, from, amount, &day, err);
        }
        if (s != PROTOCOL_OK)
            return s;
        break;
    }
    case PROTOCOL_UNIT_CALENDAR_DAYS:
    case PROTOCOL_UNIT_WEEKS:
    case PROTOCOL_UNIT_MONTHS: {
        int32_t base;
        if (unit == PROTOCOL_UNIT_MONTHS) {
            protocol_date d;
            s = protocol_date_add_months(date_of(from), sign * amount, &d, err);
            if (s != PROTOCOL_OK)
                return s;
            base = day_of(d);
        } else {
            base = from + sign * amount * (unit == PROTOCOL_UNIT_WEEKS ? 7 : 1);
        }
        day = base;
        for (int64_t paused = 0;;) { /* the clock stands still for a pause */
            int64_t more;
            s = paused_in(calendar, c, CALENDAR_DAYS, (int64_t)from + 1, (int64_t)day + 1, &more,
                          err);
            if (s != PROTOCOL_OK)
                return s;
            if (more == paused)
                break;
            paused = more;
            day = (int32_t)(base + paused);
        }
        if (c->roll != PROTOCOL_ROLL_NONE) {
            protocol_date rolled;
            s = date_in_range(calendar, date_of(day), "due date", err);
            if (s == PROTOCOL_OK)
                s = protocol_calendar_roll(calendar, date_of(day), c->roll, &rolled, err);
            if (s != PROTOCOL_OK)
                return s;
            day = day_of(rolled);
            if (!c->before && day < from) /* never due before the counting day */
                day = from;
        }
        break;
    }
    }
    *out = due_on(day);
    return date_in_range(calendar, date_of(day), "due date", err);
}

/* --- standing ------------------------------------------------------------- */

/* Whether time t is after the due: by local date for a date due or a bare
 * date, else by instant. */
static bool passes(const protocol_time *t, const due_t *due)
{
    if (!due->instant || !t->has_time)
        return day_of(t->date) > due->day;
    return pr_time_to_utc(t) > due->utc;
}

static protocol_time due_time(const due_t *due)
{
    protocol_time t = {.date = date_of(due->day)};
    if (due->instant)
        pr_time_from_utc(due->utc, &t);
    return t;
}

/* Working days remaining to `due` as of `as_of` (SPEC §5). */
static protocol_status remaining(const protocol_calendar *calendar, const protocol_time *as_of,
                                 const due_t *due, int64_t *out, protocol_error *err)
{
    protocol_date a = as_of->date, d = date_of(due->day);
    int64_t n;
    protocol_status s = date_in_range(calendar, a, "as_of", err);
    if (s != PROTOCOL_OK)
        return s;
    if (!passes(as_of, due)) {
        s = protocol_calendar_count_working_days(calendar, a, d, &n, err);
        if (s != PROTOCOL_OK)
            return s;
        *out = n;
        return PROTOCOL_OK;
    }
    /* Overdue: minus the working days in (due, as-of], at most -1. */
    int wa = 0, wd = 0;
    s = protocol_calendar_count_working_days(calendar, d, a, &n, err);
    if (s == PROTOCOL_OK)
        s = protocol_calendar_is_working_day(calendar, a, &wa, err);
    if (s == PROTOCOL_OK)
        s = protocol_calendar_is_working_day(calendar, d, &wd, err);
    if (s != PROTOCOL_OK)
        return s;
    n = n - wd + wa;
    *out = n < 1 ? -1 : -(int64_t)n;
    return PROTOCOL_OK;
}

/* t1 before t0, comparing dates when either is a bare date. */
static bool before_start(const protocol_time *t, const protocol_time *start)
{
    if (!t->has_time || !start->has_time)
        return day_of(t->date) < day_of(start->date);
    return pr_time_to_utc(t) < pr_time_to_utc(start);
}

/* *due becomes the next occurrence from `from`; it must come after the
 * previous due (*due on entry). */
static protocol_status next_occurrence(const protocol_calendar *calendar, const protocol_clock *c,
                                       const protocol_time *from, due_t *due, protocol_error *err)
{
    due_t previous = *due, next;
    protocol_status s = occurrence_due(calendar, c, c->every_unit, c->every, from, &next, err);
    if (s != PROTOCOL_OK)
        return s;
    if (next.day < previous.day ||
        (next.day == previous.day &&
         (!next.instant || !previous.instant || next.utc <= previous.utc)))
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "clock.every",
                       "the recurrence every %ld %s does not move the due date on from "
                       "%04d-%02d-%02d (a roll takes it back)",
                       (long)c->every, protocol_unit_name(c->every_unit), from->date.year,
                       from->date.month, from->date.day);
    *due = next;
    return PROTOCOL_OK;
}

protocol_status protocol_clock_compute(const protocol_calendar *calendar,
                                       const protocol_clock *clock, const protocol_time *start,
                                       const protocol_time *done, const protocol_time *as_of,
                                       protocol_clock_result *out, protocol_error *err)
{
    if (!calendar || !clock || !out)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_clock_compute needs a calendar, a clock and an output");
    if (out->struct_version != PROTOCOL_CLOCK_RESULT_VERSION)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "out.struct_version",
                       "clock result struct_version %u is not %u; initialise it with "
                       "PROTOCOL_CLOCK_RESULT_INIT or protocol_clock_result_init()",
                       (unsigned)out->struct_version, PROTOCOL_CLOCK_RESULT_VERSION);
    protocol_status s = check_clock(clock, err);
    if (s == PROTOCOL_OK && start)
        s = check_time(start, "start", err);
    if (s == PROTOCOL_OK && done)
        s = check_time(done, "done", err);
    if (s == PROTOCOL_OK && as_of)
        s = check_time(as_of, "as_of", err);
    if (s != PROTOCOL_OK)
        return s;

    protocol_clock_result r = PROTOCOL_CLOCK_RESULT_INIT;
    r.status = PROTOCOL_DEADLINE_UNKNOWN;
    if (!start) {
        *out = r;
        return PROTOCOL_OK;
    }
    const bool recurs = clock->every > 0;
    due_t due, first_missed = {0};
    s = occurrence_due(calendar, clock, clock->unit, clock->amount, start, &due, err);
    if (s != PROTOCOL_OK)
        return s;
    r.occurrence = 1;
    r.occurrence_start = *start;
    if (done)
        r.done_before_start = before_start(done, start);

    if (done && recurs) {
        /* The completion is the latest occurrence's: the one whose window
         * (each running from the previous due) it falls in. */
        while (passes(done, &due)) {
            protocol_time from = due_time(&due);
            s = next_occurrence(calendar, clock, &from, &due, err);
            if (s != PROTOCOL_OK)
                return s;
            r.occurrence++;
        }
        r.occurrence_start = r.done_before_start ? *start : *done;
        s = occurrence_due(calendar, clock, clock->every_unit, clock->every, &r.occurrence_start,
                           &due, err);
        if (s != PROTOCOL_OK)
            return s;
        r.occurrence++;
    }
    if (recurs && as_of) {
        while (passes(as_of, &due)) {
            if (r.missed == 0)
                first_missed = due;
            r.missed++;
            r.occurrence++;
            r.occurrence_start = due_time(&due);
            s = next_occurrence(calendar, clock, &r.occurrence_start, &due, err);
            if (s != PROTOCOL_OK)
                return s;
        }
    }
    r.has_due = 1;
    r.due = due_time(&due);

    if (done && !recurs) {
        r.status = passes(done, &due) ? PROTOCOL_DEADLINE_LATE : PROTOCOL_DEADLINE_MET;
    } else if (as_of) {
        const due_t *ref = r.missed ? &first_missed : &due;
        s = remaining(calendar, as_of, ref, &r.working_days_remaining, err);
        if (s != PROTOCOL_OK)
            return s;
        r.has_remaining = 1;
        if (ref->instant) {
            r.has_hours_remaining = 1;
            r.seconds_remaining = ref->utc - pr_time_to_utc(as_of);
        }
        if (r.missed || passes(as_of, ref))
            r.status = PROTOCOL_DEADLINE_OVERDUE;
        else
            r.status = day_of(as_of->date) == ref->day ? PROTOCOL_DEADLINE_DUE_TODAY
                                                       : PROTOCOL_DEADLINE_PENDING;
    }
    if (r.missed)
        r.first_missed_due = date_of(first_missed.day);
    *out = r;
    return PROTOCOL_OK;
}

/* --- the old interface ---------------------------------------------------- */

protocol_status protocol_deadline_compute(const protocol_calendar *calendar,
                                          const protocol_deadline_rule *rule,
                                          const protocol_time *start, const protocol_time *done,
                                          const protocol_time *as_of, protocol_deadline_result *out,
                                          protocol_error *err)
{
    if (!calendar || !rule || !out)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_deadline_compute needs a calendar, a rule and an output");
    if (rule->struct_version != PROTOCOL_DEADLINE_RULE_VERSION)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "rule.struct_version",
                       "deadline rule struct_version %u is not %u; initialise the rule with "
                       "PROTOCOL_DEADLINE_RULE_INIT",
                       rule->struct_version, PROTOCOL_DEADLINE_RULE_VERSION);
    protocol_clock clock = PROTOCOL_CLOCK_INIT;
    switch (rule->kind) {
    case PROTOCOL_DEADLINE_SAME_DAY:
        break;
    case PROTOCOL_DEADLINE_WORKING_DAYS_AFTER:
    case PROTOCOL_DEADLINE_WORKING_DAYS_BEFORE:
        if (rule->working_days < 0 || rule->working_days > 1000)
            return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "rule.working_days",
                           "deadline rule working_days %d is outside 0..1000", rule->working_days);
        clock.unit = PROTOCOL_UNIT_WORKING_DAYS;
        clock.amount = rule->working_days;
        clock.before = rule->kind == PROTOCOL_DEADLINE_WORKING_DAYS_BEFORE;
        break;
    default:
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "rule.kind",
                       "deadline rule kind %d is not a known kind", (int)rule->kind);
    }
    if (rule->cutoff_minute < -1 || rule->cutoff_minute > 1439)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "rule.cutoff_minute",
                       "deadline rule cutoff_minute %d is outside 0..1439 (or -1 for none)",
                       rule->cutoff_minute);
    clock.cutoff_minute = rule->cutoff_minute;
    protocol_clock_result r = PROTOCOL_CLOCK_RESULT_INIT;
    protocol_status s = protocol_clock_compute(calendar, &clock, start, done, as_of, &r, err);
    if (s != PROTOCOL_OK)
        return s;
    protocol_deadline_result o = {0};
    o.has_due = r.has_due;
    o.due = r.due.date;
    o.status = r.status;
    o.has_remaining = r.has_remaining;
    o.working_days_remaining = r.working_days_remaining;
    *out = o;
    return PROTOCOL_OK;
}

void protocol_deadline_rule_init(protocol_deadline_rule *rule)
{
    static const protocol_deadline_rule init = PROTOCOL_DEADLINE_RULE_INIT;
    if (rule)
        *rule = init;
}
