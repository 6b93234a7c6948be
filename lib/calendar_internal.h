/*
 * Internal view of a working-day calendar: its tables, the constant-time
 * arithmetic on day numbers (days since 1970-01-01) that the public calls
 * wrap, and the builders shared by calendar.c, holidays.c and govuk.c.
 */
#ifndef PROTOCOL_CALENDAR_INTERNAL_H
#define PROTOCOL_CALENDAR_INTERNAL_H

#include "internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One holiday of a calendar; `name` points into the calendar's own pool. */
typedef struct pr_holiday {
    int32_t day;
    const char *name;
} pr_holiday;

/*
 * Every day in [first, last] has a slot. cum[i] is the number of working
 * days in [first, first + i), for i = 0 .. last - first + 1, so a day's
 * working-day index and "is working" are one subtraction away. work[k] is the
 * day number of the k-th working day of the range. Nothing changes after
 * creation, which is what makes a calendar safe to share between threads.
 */
struct protocol_calendar {
    int32_t first;
    int32_t last;
    int32_t nwork;
    const int32_t *cum;
    const int32_t *work;
    const pr_holiday *holidays; /* sorted by day, no two on one day */
    size_t nholidays;
    const char *id;
    bool shared;   /* a built-in calendar kept for the whole process: never freed */
    void *storage; /* the one allocation holding all of the above */
};

static inline bool pr_calendar_in_range(const protocol_calendar *c, int32_t day)
{
    return day >= c->first && day <= c->last;
}

/* `day` must be in range. */
static inline bool pr_calendar_is_working(const protocol_calendar *c, int32_t day)
{
    const int32_t *cum = c->cum + (day - c->first);
    return cum[1] != cum[0];
}

/* The k-th working day, when 0 <= k < nwork. */
static inline bool pr_calendar_nth(const protocol_calendar *c, int64_t k, int32_t *out)
{
    if (k < 0 || k >= c->nwork)
        return false;
    *out = c->work[k];
    return true;
}

/*
 * The n-th working day before `day` with roll forward: the latest working
 * day L with at least n working days in [L, day) (numpy busday_offset(day,
 * -n, roll='forward')). n >= 0. False when `day` or the result is out of
 * range. cum[i] is both the number of working days before `day` and the
 * index of the first working day on or after it.
 */
static inline bool pr_calendar_before(const protocol_calendar *c, int32_t day, int64_t n,
                                      int32_t *out)
{
    if (!pr_calendar_in_range(c, day) || n < 0)
        return false;
    return pr_calendar_nth(c, (int64_t)c->cum[day - c->first] - n, out);
}

/*
 * numpy busday_offset semantics: n >= 0 rolls a non-working `day` back to
 * the previous working day and steps n working days forward; n < 0 is
 * pr_calendar_before(day, -n). cum[i + 1] - 1 is the index of the last
 * working day on or before `day`; when that lies before the range (-1) the
 * arithmetic still holds, since the next working day is then work[0].
 */
static inline bool pr_calendar_add(const protocol_calendar *c, int32_t day, int64_t n,
                                   int32_t *out)
{
    if (n < 0)
        return pr_calendar_before(c, day, -n, out);
    if (!pr_calendar_in_range(c, day))
        return false;
    return pr_calendar_nth(c, (int64_t)c->cum[day - c->first + 1] - 1 + n, out);
}

/* Working days in [from, to), negative when to < from. Both must be in range. */
static inline int32_t pr_calendar_count(const protocol_calendar *c, int32_t from, int32_t to)
{
    return c->cum[to - c->first] - c->cum[from - c->first];
}

/* The first working day strictly after `day`; false when none in range. */
static inline bool pr_calendar_next(const protocol_calendar *c, int32_t day, int32_t *out)
{
    if (!pr_calendar_in_range(c, day))
        return false;
    return pr_calendar_nth(c, c->cum[day - c->first + 1], out);
}

/* The last working day strictly before `day`; false when none in range. */
static inline bool pr_calendar_previous(const protocol_calendar *c, int32_t day, int32_t *out)
{
    if (!pr_calendar_in_range(c, day))
        return false;
    return pr_calendar_nth(c, (int64_t)c->cum[day - c->first] - 1, out);
}

/* The holiday on `day`, or NULL. Binary search over the sorted list. */
const pr_holiday *pr_calendar_find_holiday(const protocol_calendar *c, int32_t day);

/* --- building (calendar.c) ---------------------------------------------- */

/* A holiday to be: `name` is copied into the calendar, with " (substitute
 * day)" appended when `substitute` is set. */
typedef struct pr_holiday_spec {
    int32_t day;
    const char *name;
    bool substitute;
} pr_holiday_spec;

/*
 * Make a calendar covering [first, last] whose non-working days are the
 * weekends plus `specs` (sorted by day, no day twice, all within range;
 * the callers check this and name the offending input themselves).
 */
protocol_status pr_calendar_build(const char *id, int32_t first, int32_t last,
                                  const pr_holiday_spec *specs, size_t count,
                                  protocol_calendar **out, protocol_error *err);

/* --- built-in rules (holidays.c) ---------------------------------------- */

enum { PR_DIVISION_COUNT = 3 };
#define PR_BUILTIN_FIRST_YEAR 1970
#define PR_BUILTIN_LAST_YEAR 2199
/* No year of any division has more holidays than this. */
#define PR_BUILTIN_MAX_PER_YEAR 24

/* "england-and-wales", "scotland", "northern-ireland" for 0, 1, 2. */
const char *pr_division_id(int division);

/*
 * The days off of `division` in `year` (1970..2199), in date order: the
 * statutory and proclaimed bank holidays, substitute days, and one-off
 * changes. Holidays that fall at a weekend appear only as their substitute
 * weekday, as in the GOV.UK record. Returns the number written (at most
 * PR_BUILTIN_MAX_PER_YEAR); names are static.
 */
size_t pr_builtin_holidays(int division, int year, pr_holiday_spec out[PR_BUILTIN_MAX_PER_YEAR]);

/* Western (Gregorian) Easter Sunday of `year` as a day number. */
int32_t pr_easter_sunday(int year);

#endif
