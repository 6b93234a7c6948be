/*
 * Deadlines: the due date a rule gives for a start time on a working-day
 * calendar, and where the deadline stands for a completion or as-of time.
 * Only the public calendar API is used, so a custom calendar behaves alike.
 */
#include "internal.h"

const char *protocol_deadline_status_name(protocol_deadline_status status)
{
    switch (status) {
    case PROTOCOL_DEADLINE_UNKNOWN: return "unknown";
    case PROTOCOL_DEADLINE_MET: return "met";
    case PROTOCOL_DEADLINE_LATE: return "late";
    case PROTOCOL_DEADLINE_PENDING: return "pending";
    case PROTOCOL_DEADLINE_DUE_TODAY: return "due_today";
    case PROTOCOL_DEADLINE_OVERDUE: return "overdue";
    }
    /* Not a value the library produces; keep result JSON within the
     * documented vocabulary rather than return NULL. */
    return "unknown";
}

static protocol_status check_rule(const protocol_deadline_rule *rule, protocol_error *err)
{
    if (rule->struct_version != PROTOCOL_DEADLINE_RULE_VERSION)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "rule.struct_version",
                       "deadline rule struct_version %u is not %u; initialise the rule with "
                       "PROTOCOL_DEADLINE_RULE_INIT",
                       rule->struct_version, PROTOCOL_DEADLINE_RULE_VERSION);
    switch (rule->kind) {
    case PROTOCOL_DEADLINE_SAME_DAY:
        break;
    case PROTOCOL_DEADLINE_WORKING_DAYS_AFTER:
    case PROTOCOL_DEADLINE_WORKING_DAYS_BEFORE:
        if (rule->working_days < 0 || rule->working_days > 1000)
            return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "rule.working_days",
                           "deadline rule working_days %d is outside 0..1000",
                           rule->working_days);
        break;
    default:
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "rule.kind",
                       "deadline rule kind %d is not a known kind", (int)rule->kind);
    }
    if (rule->cutoff_minute < -1 || rule->cutoff_minute > 1439)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "rule.cutoff_minute",
                       "deadline rule cutoff_minute %d is outside 0..1439 (or -1 for none)",
                       rule->cutoff_minute);
    return PROTOCOL_OK;
}

/* A time a caller filled in by hand must still be a real UK local time. */
static protocol_status check_time(const protocol_time *t, const char *name, protocol_error *err)
{
    if (!protocol_date_is_valid(t->date))
        return pr_fail(err, PROTOCOL_E_DATETIME, name, "the %s date %d-%d-%d does not exist",
                       name, t->date.year, t->date.month, t->date.day);
    if (t->has_time != 0 && t->has_time != 1)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, name,
                       "the %s has_time is %d; it must be 0 or 1", name, t->has_time);
    if (t->has_time && (t->hour < 0 || t->hour > 23 || t->minute < 0 || t->minute > 59 ||
                        t->second < 0 || t->second > 59))
        return pr_fail(err, PROTOCOL_E_DATETIME, name, "the %s time %d:%d:%d does not exist",
                       name, t->hour, t->minute, t->second);
    return PROTOCOL_OK;
}

static protocol_status date_in_range(const protocol_calendar *calendar, protocol_date date,
                                     const char *what, protocol_error *err)
{
    protocol_date first, last;
    protocol_status status = protocol_calendar_range(calendar, &first, &last, err);
    if (status != PROTOCOL_OK)
        return status;
    int32_t d = pr_days_from_civil(date.year, date.month, date.day);
    if (d < pr_days_from_civil(first.year, first.month, first.day) ||
        d > pr_days_from_civil(last.year, last.month, last.day))
        return pr_fail(err, PROTOCOL_E_RANGE, what,
                       "the %s %04d-%02d-%02d is outside the calendar's range "
                       "%04d-%02d-%02d..%04d-%02d-%02d",
                       what, date.year, date.month, date.day, first.year, first.month,
                       first.day, last.year, last.month, last.day);
    return PROTOCOL_OK;
}

static int compare_dates(protocol_date a, protocol_date b)
{
    int32_t da = pr_days_from_civil(a.year, a.month, a.day);
    int32_t db = pr_days_from_civil(b.year, b.month, b.day);
    return (da > db) - (da < db);
}

/* The date the rule counts from: the start's local date, or the next day
 * when the start falls at or after the cut-off. A bare date has no time of
 * day, so no cut-off can apply to it. */
static protocol_date counting_date(const protocol_deadline_rule *rule, const protocol_time *start)
{
    protocol_date d = start->date;
    if (rule->cutoff_minute >= 0 && start->has_time &&
        start->hour * 60 + start->minute >= rule->cutoff_minute) {
        int32_t n = pr_days_from_civil(d.year, d.month, d.day) + 1;
        pr_civil_from_days(n, &d.year, &d.month, &d.day);
    }
    return d;
}

/* Working days in (from, to] when from <= to; minus those in (to, from]
 * otherwise. Built from the [a, b) count and the two end days, so that no
 * date outside the two given is needed (the day after the calendar's last
 * day would be out of range). */
static protocol_status working_days_between(const protocol_calendar *calendar,
                                            protocol_date from, protocol_date to, long *out,
                                            protocol_error *err)
{
    long count;
    int from_working, to_working;
    protocol_status status = protocol_calendar_count_working_days(calendar, from, to, &count, err);
    if (status == PROTOCOL_OK)
        status = protocol_calendar_is_working_day(calendar, from, &from_working, err);
    if (status == PROTOCOL_OK)
        status = protocol_calendar_is_working_day(calendar, to, &to_working, err);
    if (status != PROTOCOL_OK)
        return status;
    *out = count - from_working + to_working;
    return PROTOCOL_OK;
}

protocol_status protocol_deadline_compute(const protocol_calendar *calendar,
                                          const protocol_deadline_rule *rule,
                                          const protocol_time *start, const protocol_time *done,
                                          const protocol_time *as_of,
                                          protocol_deadline_result *out, protocol_error *err)
{
    if (!calendar || !rule || !out)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_deadline_compute needs a calendar, a rule and an output");
    protocol_status status = check_rule(rule, err);
    if (status == PROTOCOL_OK && start)
        status = check_time(start, "start", err);
    if (status == PROTOCOL_OK && done)
        status = check_time(done, "done", err);
    if (status == PROTOCOL_OK && as_of)
        status = check_time(as_of, "as_of", err);
    if (status != PROTOCOL_OK)
        return status;

    protocol_deadline_result r = {0};
    r.status = PROTOCOL_DEADLINE_UNKNOWN;
    if (!start) {
        *out = r;
        return PROTOCOL_OK;
    }

    protocol_date from = counting_date(rule, start);
    if (!protocol_date_is_valid(from)) /* a cut-off after 9999-12-31 */
        return pr_fail(err, PROTOCOL_E_RANGE, "start",
                       "the day after the start 9999-12-31 is beyond year 9999");
    switch (rule->kind) {
    case PROTOCOL_DEADLINE_SAME_DAY:
        /* No calendar arithmetic, but a due date the calendar cannot
         * speak for is refused all the same, as for the other kinds. */
        status = date_in_range(calendar, from, "start", err);
        r.due = from;
        break;
    case PROTOCOL_DEADLINE_WORKING_DAYS_AFTER:
        status = protocol_calendar_add_working_days(calendar, from, rule->working_days, &r.due,
                                                    err);
        break;
    case PROTOCOL_DEADLINE_WORKING_DAYS_BEFORE:
        status = protocol_calendar_working_days_before(calendar, from, rule->working_days,
                                                       &r.due, err);
        break;
    }
    if (status != PROTOCOL_OK)
        return status;
    r.has_due = 1;

    if (done) {
        r.status = compare_dates(done->date, r.due) <= 0 ? PROTOCOL_DEADLINE_MET
                                                         : PROTOCOL_DEADLINE_LATE;
    } else if (as_of) {
        status = date_in_range(calendar, as_of->date, "as_of", err);
        if (status == PROTOCOL_OK)
            status = working_days_between(calendar, as_of->date, r.due,
                                          &r.working_days_remaining, err);
        if (status != PROTOCOL_OK)
            return status;
        int c = compare_dates(as_of->date, r.due);
        r.status = c < 0    ? PROTOCOL_DEADLINE_PENDING
                   : c == 0 ? PROTOCOL_DEADLINE_DUE_TODAY
                            : PROTOCOL_DEADLINE_OVERDUE;
        r.has_remaining = 1;
    }
    *out = r;
    return PROTOCOL_OK;
}

void protocol_deadline_rule_init(protocol_deadline_rule *rule)
{
    static const protocol_deadline_rule init = PROTOCOL_DEADLINE_RULE_INIT;
    if (rule)
        *rule = init;
}
