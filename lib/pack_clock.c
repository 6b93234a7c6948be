/*
 * The statutory clock as packs use it: a deadline variant's duration, the
 * pack's cut-off (SPEC §5: only after a start, in working or calendar days,
 * weeks or months) and a deadline's pauses, computed for one case.
 */
#include "engine.h"

#include <string.h>

/* SPEC §5: a cut-off never moves a same-day or hours deadline, nor one
 * counted back from an event. */
static int cutoff_for(const pr_variant *v, int cutoff_minute)
{
    if (v->before || v->unit == PR_UNIT_SAME_DAY || v->unit == PR_UNIT_HOURS)
        return -1;
    return cutoff_minute;
}

protocol_status pr_pack_clock(const protocol_calendar *calendar, const pr_variant *v,
                              int cutoff_minute, const protocol_time *start,
                              const protocol_time *done, const protocol_time *as_of,
                              const pr_interval *pauses, size_t npauses, pr_deadline_out *o,
                              protocol_error *err)
{
    memset(&o->x, 0, sizeof o->x);
    if (v->unit != PR_UNIT_SAME_DAY && v->unit != PR_UNIT_WORKING_DAYS)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "unit",
                       "the %s unit needs the statutory clock", pr_unit_names[v->unit]);
    if (v->every || npauses)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "every",
                       "recurrence and pauses need the statutory clock");
    (void)pauses;
    protocol_deadline_rule rule = PROTOCOL_DEADLINE_RULE_INIT;
    rule.kind = v->unit == PR_UNIT_SAME_DAY ? PROTOCOL_DEADLINE_SAME_DAY
                : v->before                 ? PROTOCOL_DEADLINE_WORKING_DAYS_BEFORE
                                            : PROTOCOL_DEADLINE_WORKING_DAYS_AFTER;
    rule.working_days = v->amount;
    rule.cutoff_minute = cutoff_for(v, cutoff_minute);
    protocol_status s = protocol_deadline_compute(calendar, &rule, start, done, as_of, &o->r, err);
    if (s == PROTOCOL_OK && !v->before && start && done && pr_time_compare(done, start) < 0)
        o->x.done_before_start = true;
    return s;
}
