/*
 * The statutory clock as packs use it: a deadline variant's duration, the
 * pack's cut-off (SPEC §5: only after a start, in working or calendar days,
 * weeks or months) and a deadline's pauses, computed for one case with
 * protocol_clock_compute().
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
    protocol_clock clock = PROTOCOL_CLOCK_INIT;
    clock.unit = (protocol_unit)v->unit;
    clock.amount = v->amount;
    clock.before = v->before ? 1 : 0;
    clock.roll = (protocol_roll)v->roll;
    clock.cutoff_minute = cutoff_for(v, cutoff_minute);
    clock.every = v->every;
    clock.every_unit = v->every ? (protocol_unit)v->every_unit : PROTOCOL_UNIT_SAME_DAY;
    /* pr_interval and protocol_interval are both {from, to}. */
    protocol_interval stack[8];
    protocol_interval *list = stack;
    if (npauses > sizeof stack / sizeof stack[0]) {
        list = pr_malloc(npauses * sizeof *list);
        if (!list)
            return pr_nomem(err);
    }
    for (size_t i = 0; i < npauses; i++) {
        list[i].from = pauses[i].from;
        list[i].to = pauses[i].to;
    }
    clock.pauses = npauses ? list : NULL;
    clock.npauses = npauses;
    protocol_clock_result c = PROTOCOL_CLOCK_RESULT_INIT;
    protocol_status s = protocol_clock_compute(calendar, &clock, start, done, as_of, &c, err);
    if (list != stack)
        pr_free(list);
    if (s != PROTOCOL_OK)
        return s;
    memset(&o->r, 0, sizeof o->r);
    memset(&o->x, 0, sizeof o->x);
    o->r.has_due = c.has_due != 0;
    o->r.due = c.due.date;
    o->r.status = c.status;
    o->r.has_remaining = c.has_remaining != 0;
    o->r.working_days_remaining = (long)c.working_days_remaining;
    o->x.has_due_time = c.has_due && c.due.has_time;
    o->x.due_time = c.due;
    o->x.has_seconds_remaining = c.has_hours_remaining != 0;
    o->x.seconds_remaining = c.seconds_remaining;
    /* Before an event the completion naturally comes before the start. */
    o->x.done_before_start = c.done_before_start && !v->before;
    o->x.occurrence = c.has_due ? c.occurrence : 0;
    o->x.occurrence_start = c.occurrence_start;
    o->x.missed = c.missed;
    o->x.first_missed_due = c.first_missed_due;
    return PROTOCOL_OK;
}
