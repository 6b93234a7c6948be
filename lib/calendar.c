/*
 * Working-day calendars: building the constant-time tables from a list of
 * holidays, the built-in calendars (built once per process and shared), a
 * caller's closure changes, and the public arithmetic over the tables.
 */
#include "calendar_internal.h"

#include <stdalign.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUBSTITUTE_SUFFIX " (substitute day)"

/* --- building --------------------------------------------------------------- */

static size_t align_up(size_t n, size_t a)
{
    return (n + a - 1) / a * a;
}

static bool is_weekend_day(int32_t day)
{
    return pr_weekday(day) >= 5;
}

protocol_status pr_calendar_build(const char *id, int first_year, int last_year,
                                  const pr_holiday_spec *specs, size_t count,
                                  protocol_calendar **out, protocol_error *err)
{
    int32_t first = pr_days_from_civil(first_year, 1, 1);
    int32_t last = pr_days_from_civil(last_year, 12, 31);
    size_t nslots = (size_t)(last_year - first_year + 1) * PR_SLOTS_PER_YEAR;
    size_t names = 0;
    for (size_t i = 0; i < count; i++)
        names += strlen(specs[i].name) + 1 + (specs[i].substitute ? strlen(SUBSTITUTE_SUFFIX) : 0);
    size_t id_len = strlen(id) + 1;

    /* Count the working days first so that the one allocation is exact. */
    size_t nwork = 0;
    size_t h = 0;
    for (int32_t d = first; d <= last; d++) {
        bool holiday = h < count && specs[h].day == d;
        if (holiday)
            h++;
        if (!holiday && !is_weekend_day(d))
            nwork++;
    }

    size_t off_cum = align_up(sizeof(protocol_calendar), alignof(int32_t));
    size_t off_work = off_cum + (nslots + 1) * sizeof(int32_t);
    size_t off_hol = align_up(off_work + nwork * sizeof(int32_t), alignof(pr_holiday));
    size_t off_text = off_hol + count * sizeof(pr_holiday);
    size_t total = off_text + id_len + names;
    char *block = pr_malloc(total);
    if (!block)
        return pr_nomem(err);

    protocol_calendar *c = (protocol_calendar *)(void *)block;
    int32_t *cum = (int32_t *)(void *)(block + off_cum);
    int32_t *work = (int32_t *)(void *)(block + off_work);
    pr_holiday *hol = (pr_holiday *)(void *)(block + off_hol);
    char *text = block + off_text;

    memcpy(text, id, id_len);
    c->id = text;
    text += id_len;
    for (size_t i = 0; i < count; i++) {
        size_t n = strlen(specs[i].name);
        memcpy(text, specs[i].name, n);
        if (specs[i].substitute) {
            memcpy(text + n, SUBSTITUTE_SUFFIX, strlen(SUBSTITUTE_SUFFIX));
            n += strlen(SUBSTITUTE_SUFFIX);
        }
        text[n] = '\0';
        hol[i] = (pr_holiday){specs[i].day, text};
        text += n + 1;
    }

    c->first_year = first_year;
    c->last_year = last_year;
    /* Walk the slots in order: a real date takes the running count and may
     * add to it; a slot of a date that does not exist (31 April) takes the
     * count of the next real date, which is the running count as well. */
    int32_t k = 0;
    h = 0;
    int32_t d = first;
    for (int32_t slot = 0; slot < (int32_t)nslots; slot++) {
        cum[slot] = k;
        protocol_date date = pr_calendar_slot_date(c, slot);
        if (date.day > pr_days_in_month(date.year, date.month))
            continue;
        bool holiday = h < count && specs[h].day == d;
        if (holiday)
            h++;
        if (!holiday && !is_weekend_day(d))
            work[k++] = slot;
        d++;
    }
    cum[nslots] = k;

    c->nslots = (int32_t)nslots;
    c->nwork = k;
    c->cum = cum;
    c->work = work;
    c->holidays = hol;
    c->nholidays = count;
    c->shared = false;
    c->storage = block;
    *out = c;
    return PROTOCOL_OK;
}

/* The index of the first holiday on or after `day` (nholidays when none). */
static size_t first_holiday_from(const protocol_calendar *c, int32_t day)
{
    size_t lo = 0, hi = c->nholidays;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->holidays[mid].day < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const pr_holiday *pr_calendar_find_holiday(const protocol_calendar *c, int32_t day)
{
    size_t i = first_holiday_from(c, day);
    return i < c->nholidays && c->holidays[i].day == day ? &c->holidays[i] : NULL;
}

/* --- built-in calendars -------------------------------------------------- */

/* Built on first use and kept for the life of the process: they never
 * change, so every caller can share them, and a pack load does not pay for
 * 230 years of tables each time. */
static _Atomic(protocol_calendar *) builtin_cache[PR_DIVISION_COUNT];

static protocol_status build_builtin(int division, protocol_calendar **out, protocol_error *err)
{
    int years = PR_BUILTIN_LAST_YEAR - PR_BUILTIN_FIRST_YEAR + 1;
    pr_holiday_spec *specs = pr_calloc((size_t)years * PR_BUILTIN_MAX_PER_YEAR, sizeof *specs);
    if (!specs)
        return pr_nomem(err);
    size_t n = 0;
    for (int y = PR_BUILTIN_FIRST_YEAR; y <= PR_BUILTIN_LAST_YEAR; y++)
        n += pr_builtin_holidays(division, y, specs + n);
    protocol_status status = pr_calendar_build(pr_division_id(division), PR_BUILTIN_FIRST_YEAR,
                                               PR_BUILTIN_LAST_YEAR, specs, n, out, err);
    pr_free(specs);
    return status;
}

size_t protocol_calendar_builtin_count(void)
{
    return PR_DIVISION_COUNT;
}

const char *protocol_calendar_builtin_id(size_t index)
{
    return index < PR_DIVISION_COUNT ? pr_division_id((int)index) : NULL;
}

protocol_status protocol_calendar_new(const char *id, protocol_calendar **out, protocol_error *err)
{
    if (!out)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_calendar_new needs an output");
    if (!id)
        id = pr_division_id(0);
    int division = -1;
    for (int i = 0; i < PR_DIVISION_COUNT; i++)
        if (strcmp(id, pr_division_id(i)) == 0)
            division = i;
    if (division < 0)
        return pr_fail(err, PROTOCOL_E_NOT_FOUND, id,
                       "there is no built-in calendar '%.64s'; the calendars are "
                       "england-and-wales, scotland and northern-ireland",
                       id);
    protocol_calendar *c = atomic_load_explicit(&builtin_cache[division], memory_order_acquire);
    if (!c) {
        protocol_status status = build_builtin(division, &c, err);
        if (status != PROTOCOL_OK)
            return status;
        c->shared = true;
        protocol_calendar *expected = NULL;
        if (!atomic_compare_exchange_strong_explicit(&builtin_cache[division], &expected, c,
                                                     memory_order_acq_rel,
                                                     memory_order_acquire)) {
            pr_free(c->storage); /* another thread built it first */
            c = expected;
        }
    }
    *out = c;
    return PROTOCOL_OK;
}

void protocol_calendar_free(protocol_calendar *calendar)
{
    if (calendar && !calendar->shared)
        pr_free(calendar->storage);
}

/* --- changes -------------------------------------------------------------- */

int pr_holiday_spec_compare(const void *a, const void *b)
{
    int32_t x = ((const pr_holiday_spec *)a)->day, y = ((const pr_holiday_spec *)b)->day;
    return (x > y) - (x < y);
}

/* The failure for a caller's date that is impossible or outside the
 * calendar, naming which argument it was. */
static protocol_status bad_date(const protocol_calendar *c, protocol_date date, const char *what,
                                protocol_error *err)
{
    if (!protocol_date_is_valid(date))
        return pr_fail(err, PROTOCOL_E_DATETIME, what, "%s %d-%02d-%02d is not a date that exists",
                       what, date.year, date.month, date.day);
    return pr_fail(err, PROTOCOL_E_RANGE, what,
                   "%s %04d-%02d-%02d is outside the calendar's range %04d-01-01..%04d-12-31",
                   what, date.year, date.month, date.day, c->first_year, c->last_year);
}

/* A caller's date as a slot within the calendar; -1 when it is impossible
 * or outside (bad_date then says which). */
static inline int32_t slot_of(const protocol_calendar *c, protocol_date date)
{
    return protocol_date_is_valid(date) ? pr_calendar_slot(c, date) : -1;
}

/* A caller's date as a day number within the calendar, or an error. */
static protocol_status day_of(const protocol_calendar *c, protocol_date date, const char *what,
                              int32_t *out, protocol_error *err)
{
    if (slot_of(c, date) < 0)
        return bad_date(c, date, what, err);
    *out = pr_days_from_civil(date.year, date.month, date.day);
    return PROTOCOL_OK;
}

protocol_status protocol_calendar_with_changes(const protocol_calendar *base,
                                               const protocol_holiday *added, size_t added_count,
                                               const protocol_date *removed, size_t removed_count,
                                               protocol_calendar **out, protocol_error *err)
{
    if (!base || !out || (added_count && !added) || (removed_count && !removed))
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_calendar_with_changes needs a base, an output, and arrays "
                       "for non-zero counts");
    if (added_count > SIZE_MAX / sizeof(pr_holiday_spec) - base->nholidays)
        return pr_nomem(err);
    pr_holiday_spec *specs = pr_calloc(base->nholidays + added_count, sizeof *specs);
    if (!specs)
        return pr_nomem(err);
    size_t n = 0;
    protocol_status status = PROTOCOL_OK;
    char place[64];

    /* The base's holidays, less the removed ones. Each removed day must be
     * a holiday of the base: removing anything else is a mistake to report,
     * not to ignore. */
    int32_t *gone = NULL;
    if (removed_count) {
        gone = pr_calloc(removed_count, sizeof *gone);
        if (!gone) {
            pr_free(specs);
            return pr_nomem(err);
        }
    }
    for (size_t i = 0; i < removed_count && status == PROTOCOL_OK; i++) {
        snprintf(place, sizeof place, "removed[%zu]", i);
        status = day_of(base, removed[i], place, &gone[i], err);
        if (status == PROTOCOL_OK && !pr_calendar_find_holiday(base, gone[i]))
            status = pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, place,
                             "%s %04d-%02d-%02d is not a holiday of calendar '%s', so it "
                             "cannot be removed",
                             place, removed[i].year, removed[i].month, removed[i].day, base->id);
    }
    for (size_t i = 0; i < base->nholidays && status == PROTOCOL_OK; i++) {
        bool drop = false;
        for (size_t j = 0; j < removed_count; j++)
            drop |= gone[j] == base->holidays[i].day;
        if (!drop)
            specs[n++] = (pr_holiday_spec){base->holidays[i].day, base->holidays[i].name, false};
    }
    for (size_t i = 0; i < added_count && status == PROTOCOL_OK; i++) {
        int32_t d = 0;
        snprintf(place, sizeof place, "added[%zu]", i);
        status = day_of(base, added[i].date, place, &d, err);
        if (status != PROTOCOL_OK)
            break;
        if (!added[i].name || !added[i].name[0]) {
            status = pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, place,
                             "%s has no name; every closure day needs one", place);
            break;
        }
        for (size_t j = 0; j < removed_count; j++)
            if (gone[j] == d)
                status = pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, place,
                                 "%04d-%02d-%02d is both added and removed", added[i].date.year,
                                 added[i].date.month, added[i].date.day);
        for (size_t j = 0; j < n && status == PROTOCOL_OK; j++)
            if (specs[j].day == d)
                status = pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, place,
                                 "%04d-%02d-%02d is already a day off (%s); add it once",
                                 added[i].date.year, added[i].date.month, added[i].date.day,
                                 specs[j].name);
        if (status == PROTOCOL_OK)
            specs[n++] = (pr_holiday_spec){d, added[i].name, false};
    }
    if (status == PROTOCOL_OK) {
        qsort(specs, n, sizeof *specs, pr_holiday_spec_compare);
        status = pr_calendar_build(base->id, base->first_year, base->last_year, specs, n, out,
                                   err);
    }
    pr_free(gone);
    pr_free(specs);
    return status;
}

/* --- the public arithmetic --------------------------------------------------- */

#define NEED(cond, fn)                                                                  \
    do {                                                                                \
        if (!(cond))                                                                    \
            return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,                      \
                           fn " needs a calendar and an output");                       \
    } while (0)

/* The failure when a result would leave the calendar's range. */
static protocol_status beyond(const protocol_calendar *c, protocol_date from, const char *what,
                              protocol_error *err)
{
    return pr_fail(err, PROTOCOL_E_RANGE, "date",
                   "%s from %04d-%02d-%02d falls outside the calendar's range "
                   "%04d-01-01..%04d-12-31",
                   what, from.year, from.month, from.day, c->first_year, c->last_year);
}

const char *protocol_calendar_id(const protocol_calendar *calendar)
{
    return calendar ? calendar->id : NULL;
}

protocol_status protocol_calendar_range(const protocol_calendar *calendar, protocol_date *first,
                                        protocol_date *last, protocol_error *err)
{
    NEED(calendar && first && last, "protocol_calendar_range");
    *first = (protocol_date){calendar->first_year, 1, 1};
    *last = (protocol_date){calendar->last_year, 12, 31};
    return PROTOCOL_OK;
}

protocol_status protocol_calendar_is_working_day(const protocol_calendar *calendar,
                                                 protocol_date date, int *out, protocol_error *err)
{
    NEED(calendar && out, "protocol_calendar_is_working_day");
    int32_t d = slot_of(calendar, date);
    if (d < 0)
        return bad_date(calendar, date, "date", err);
    *out = pr_calendar_is_working(calendar, d);
    return PROTOCOL_OK;
}

/*
 * Every stepping operation is one index into the list of working days:
 * cum[s + 1] is the index of the first working day after slot s and cum[s]
 * that of the first on or after it, so add, before, next and previous are
 * the one look-up with different bases and offsets.
 */
static protocol_status step(const protocol_calendar *calendar, protocol_date date, bool after,
                            int64_t offset, const char *what, protocol_date *out,
                            protocol_error *err)
{
    int32_t r, s = slot_of(calendar, date);
    if (s < 0)
        return bad_date(calendar, date, "date", err);
    int64_t base = after ? calendar->cum[s + 1] : calendar->cum[s];
    if (!pr_calendar_nth(calendar, base + offset, &r))
        return beyond(calendar, date, what, err);
    *out = pr_calendar_slot_date(calendar, r);
    return PROTOCOL_OK;
}

protocol_status protocol_calendar_add_working_days(const protocol_calendar *calendar,
                                                   protocol_date date, int n, protocol_date *out,
                                                   protocol_error *err)
{
    NEED(calendar && out, "protocol_calendar_add_working_days");
    /* n >= 0: the last working day on or before `date` is index
     * cum[s + 1] - 1, and the result n further on (numpy's roll backward);
     * n < 0: as working_days_before(date, -n). */
    if (n >= 0)
        return step(calendar, date, true, (int64_t)n - 1, "adding working days", out, err);
    return step(calendar, date, false, n, "counting working days back", out, err);
}

protocol_status protocol_calendar_working_days_before(const protocol_calendar *calendar,
                                                      protocol_date date, int n,
                                                      protocol_date *out, protocol_error *err)
{
    NEED(calendar && out, "protocol_calendar_working_days_before");
    if (n < 0)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "n",
                       "working days before must be 0 or more, not %d", n);
    return step(calendar, date, false, -(int64_t)n, "counting working days back", out, err);
}

protocol_status protocol_calendar_count_working_days(const protocol_calendar *calendar,
                                                     protocol_date from, protocol_date to,
                                                     int64_t *out, protocol_error *err)
{
    NEED(calendar && out, "protocol_calendar_count_working_days");
    int32_t a = slot_of(calendar, from), b = slot_of(calendar, to);
    if (a < 0)
        return bad_date(calendar, from, "from", err);
    if (b < 0)
        return bad_date(calendar, to, "to", err);
    /* [to, from) counted negative when to < from, as numpy's busday_count. */
    *out = pr_calendar_count(calendar, a, b);
    return PROTOCOL_OK;
}

protocol_status protocol_calendar_next_working_day(const protocol_calendar *calendar,
                                                   protocol_date date, protocol_date *out,
                                                   protocol_error *err)
{
    NEED(calendar && out, "protocol_calendar_next_working_day");
    return step(calendar, date, true, 0, "the next working day", out, err);
}

protocol_status protocol_calendar_previous_working_day(const protocol_calendar *calendar,
                                                       protocol_date date, protocol_date *out,
                                                       protocol_error *err)
{
    NEED(calendar && out, "protocol_calendar_previous_working_day");
    return step(calendar, date, false, -1, "the previous working day", out, err);
}

protocol_status protocol_calendar_holidays(const protocol_calendar *calendar, int year,
                                           protocol_holiday *out, size_t capacity, size_t *count,
                                           protocol_error *err)
{
    NEED(calendar && count && (out || capacity == 0), "protocol_calendar_holidays");
    if (year < calendar->first_year || year > calendar->last_year)
        return pr_fail(err, PROTOCOL_E_RANGE, "year",
                       "year %d is outside the calendar's range %d..%d", year,
                       calendar->first_year, calendar->last_year);
    int32_t start = pr_days_from_civil(year, 1, 1), end = pr_days_from_civil(year, 12, 31);
    size_t lo = first_holiday_from(calendar, start);
    size_t n = 0;
    for (size_t i = lo; i < calendar->nholidays && calendar->holidays[i].day <= end; i++, n++) {
        if (n < capacity) {
            protocol_date *o = &out[n].date;
            pr_civil_from_days(calendar->holidays[i].day, &o->year, &o->month, &o->day);
            out[n].name = calendar->holidays[i].name;
        }
    }
    *count = n;
    if (n > capacity)
        return pr_fail(err, PROTOCOL_E_BUFFER_TOO_SMALL, "capacity",
                       "year %d has %zu holidays; the buffer holds %zu", year, n, capacity);
    return PROTOCOL_OK;
}

protocol_status protocol_calendar_holiday_name(const protocol_calendar *calendar,
                                               protocol_date date, const char **name,
                                               protocol_error *err)
{
    NEED(calendar && name, "protocol_calendar_holiday_name");
    int32_t d = 0;
    protocol_status status = day_of(calendar, date, "date", &d, err);
    if (status != PROTOCOL_OK)
        return status;
    const pr_holiday *h = pr_calendar_find_holiday(calendar, d);
    *name = h ? h->name : NULL;
    return PROTOCOL_OK;
}
