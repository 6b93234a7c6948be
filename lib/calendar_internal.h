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
 * A calendar covers whole years, first_year..last_year. Every date has a
 * slot, (year - first_year) * 372 + (month - 1) * 31 + (day - 1): twelve
 * 31-day months a year, so a date's slot is arithmetic on its fields and a
 * slot's date is two divisions, with no day-number conversion either way.
 * The slots of dates that do not exist (30 February) are never looked up.
 *
 * cum[s] is the number of working days before the first real date at or
 * after slot s, for s = 0 .. nslots, so for a real date "is working" is
 * cum[s + 1] != cum[s], and cum[s] is both the number of working days
 * before it and the index of the first working day on or after it.
 * work[k] is the slot of the k-th working day. Nothing changes after
 * creation, which is what makes a calendar safe to share between threads.
 */
#define PR_SLOTS_PER_YEAR 372

struct protocol_calendar {
    int first_year;
    int last_year;
    int32_t nslots;
    int32_t nwork;
    const int32_t *cum;
    const int32_t *work;
    const pr_holiday *holidays; /* sorted by day, no two on one day */
    size_t nholidays;
    const char *id;
    bool shared;   /* a built-in calendar kept for the whole process: never freed */
    void *storage; /* the one allocation holding all of the above */
};

/* The slot of a real date, or -1 when it lies outside the calendar. */
static inline int32_t pr_calendar_slot(const protocol_calendar *c, protocol_date d)
{
    if (d.year < c->first_year || d.year > c->last_year)
        return -1;
    return (int32_t)(d.year - c->first_year) * PR_SLOTS_PER_YEAR + (d.month - 1) * 31 +
           (d.day - 1);
}

static inline protocol_date pr_calendar_slot_date(const protocol_calendar *c, int32_t s)
{
    int32_t r = s % PR_SLOTS_PER_YEAR;
    return (protocol_date){c->first_year + (int)(s / PR_SLOTS_PER_YEAR), (int)(r / 31) + 1,
                           (int)(r % 31) + 1};
}

/* `s` must be the slot of a real date. */
static inline bool pr_calendar_is_working(const protocol_calendar *c, int32_t s)
{
    return c->cum[s + 1] != c->cum[s];
}

/* The slot of the k-th working day, when 0 <= k < nwork. */
static inline bool pr_calendar_nth(const protocol_calendar *c, int64_t k, int32_t *out)
{
    if (k < 0 || k >= c->nwork)
        return false;
    *out = c->work[k];
    return true;
}

/* Working days in [from, to), negative when to < from. */
static inline int32_t pr_calendar_count(const protocol_calendar *c, int32_t from, int32_t to)
{
    return c->cum[to] - c->cum[from];
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

/* qsort order for holiday specs: by day. */
int pr_holiday_spec_compare(const void *a, const void *b);

/*
 * Make a calendar covering the whole years first_year..last_year whose
 * non-working days are the weekends plus `specs` (sorted by day, no day
 * twice, all within range; the callers check this and name the offending
 * input themselves).
 */
protocol_status pr_calendar_build(const char *id, int first_year, int last_year,
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
