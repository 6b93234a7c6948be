/*
 * libprotocol: UK working-day calendars.
 *
 * A calendar says which dates are working days: Monday to Friday, less the
 * bank holidays of one UK division (and any closures a caller adds). The
 * built-in calendars follow the statutory rules and every one-off change
 * since 1970 and cover 1970-01-01 to 2199-12-31. All arithmetic is constant
 * time (table look-ups, no loop over days).
 *
 * A calendar is immutable once made: any number of threads may use one at
 * the same time without locks. Free it with protocol_calendar_free().
 */
#ifndef PROTOCOL_CALENDAR_H
#define PROTOCOL_CALENDAR_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct protocol_calendar protocol_calendar;

/** One bank holiday or closure day. `name` is owned by the calendar. */
typedef struct protocol_holiday {
    protocol_date date;
    const char *name;
} protocol_holiday;

/** How many built-in calendars there are (3). */
PROTOCOL_API size_t protocol_calendar_builtin_count(void);

/** The id of built-in calendar `index` ("england-and-wales", "scotland",
 *  "northern-ireland"), or NULL when index is out of range. Static storage. */
PROTOCOL_API const char *protocol_calendar_builtin_id(size_t index);

/**
 * Make a built-in calendar. `id` is "england-and-wales", "scotland" or
 * "northern-ireland"; NULL means "england-and-wales", the default.
 * On success *out owns a new calendar; free it with protocol_calendar_free().
 * Errors: PROTOCOL_E_NOT_FOUND naming an unknown id; PROTOCOL_E_NOMEM.
 */
PROTOCOL_API protocol_status protocol_calendar_new(const char *id, protocol_calendar **out,
                                                   protocol_error *err);

/**
 * Make a calendar from text in the GOV.UK bank-holidays JSON format
 * (the document at gov.uk/bank-holidays.json: an object of divisions, each
 * with "division" and "events" of {"title", "date", "notes"}). `division`
 * picks one ("england-and-wales", "scotland", "northern-ireland").
 * Its range is 1 January of the first year with an event to 31 December of
 * the last; its id is the division name. Names are the titles, with
 * " (substitute day)" added where notes say "Substitute day".
 * Errors: PROTOCOL_E_JSON (with line and column), PROTOCOL_E_NOT_FOUND for a
 * missing division, PROTOCOL_E_DATETIME for a bad date (naming the JSON
 * pointer), PROTOCOL_E_RANGE for years before 1900 or after 2199.
 */
PROTOCOL_API protocol_status protocol_calendar_from_govuk_json(const char *text, size_t length,
                                                               const char *division,
                                                               protocol_calendar **out,
                                                               protocol_error *err);

/** As protocol_calendar_from_govuk_json(), reading the file at `path`
 *  (PROTOCOL_E_IO naming the path when it cannot be read). */
PROTOCOL_API protocol_status protocol_calendar_from_govuk_file(const char *path,
                                                               const char *division,
                                                               protocol_calendar **out,
                                                               protocol_error *err);

/**
 * Make a new calendar from `base` with closure days added (each a non-working
 * day with its name, e.g. an office closure or a newly announced holiday)
 * and days removed (holidays that are working days after all). A date both
 * added and removed is an error. Dates must lie in the base's range.
 * `base` is not changed and may be freed afterwards.
 */
PROTOCOL_API protocol_status protocol_calendar_with_changes(const protocol_calendar *base,
                                                            const protocol_holiday *added,
                                                            size_t added_count,
                                                            const protocol_date *removed,
                                                            size_t removed_count,
                                                            protocol_calendar **out,
                                                            protocol_error *err);

/** Free a calendar. NULL is a no-op. */
PROTOCOL_API void protocol_calendar_free(protocol_calendar *calendar);

/** The calendar's id ("scotland"). Owned by the calendar. */
PROTOCOL_API const char *protocol_calendar_id(const protocol_calendar *calendar);

/** The first and last dates the calendar covers. */
PROTOCOL_API protocol_status protocol_calendar_range(const protocol_calendar *calendar,
                                                     protocol_date *first, protocol_date *last,
                                                     protocol_error *err);

/** *out = 1 when `date` is a working day, 0 when a weekend, holiday or closure. */
PROTOCOL_API protocol_status protocol_calendar_is_working_day(const protocol_calendar *calendar,
                                                              protocol_date date, int *out,
                                                              protocol_error *err);

/**
 * Add `n` working days to `date`, as numpy.busday_offset does.
 *
 * n >= 0: `date` is day 0 and the result is the n-th working day after it;
 * a non-working `date` first rolls back to the previous working day, so that
 * the next working day counts as day 1 (busday_offset(date, n,
 * roll='backward')). Friday 2026-11-20 + 3 = Wednesday 2026-11-25, and
 * Saturday 2026-11-21 + 3 = Wednesday 2026-11-25.
 *
 * n < 0: the same as protocol_calendar_working_days_before(date, -n).
 *
 * Errors: PROTOCOL_E_RANGE when the date or the result is outside the range.
 */
PROTOCOL_API protocol_status protocol_calendar_add_working_days(const protocol_calendar *calendar,
                                                                protocol_date date, int n,
                                                                protocol_date *out,
                                                                protocol_error *err);

/**
 * The latest working day L such that at least `n` working days lie in
 * [L, date) — papers "n working days before" a meeting on `date`.
 * Equivalent to numpy.busday_offset(date, -n, roll='forward'); n must be
 * >= 0 (n = 0 gives `date` itself when a working day, else the next one).
 */
PROTOCOL_API protocol_status protocol_calendar_working_days_before(
    const protocol_calendar *calendar, protocol_date date, int n, protocol_date *out,
    protocol_error *err);

/** The number of working days in [from, to); negative when to < from
 *  (numpy.busday_count). */
PROTOCOL_API protocol_status protocol_calendar_count_working_days(
    const protocol_calendar *calendar, protocol_date from, protocol_date to, long *out,
    protocol_error *err);

/** The first working day strictly after `date`. */
PROTOCOL_API protocol_status protocol_calendar_next_working_day(const protocol_calendar *calendar,
                                                                protocol_date date,
                                                                protocol_date *out,
                                                                protocol_error *err);

/** The last working day strictly before `date`. */
PROTOCOL_API protocol_status protocol_calendar_previous_working_day(
    const protocol_calendar *calendar, protocol_date date, protocol_date *out,
    protocol_error *err);

/**
 * The bank holidays and closure days of `year`, in date order.
 *
 * Writes at most `capacity` entries to `out` (which may be NULL when
 * capacity is 0) and sets *count to the number the year has; when that is
 * more than capacity the call fails with PROTOCOL_E_BUFFER_TOO_SMALL, so a
 * caller can ask for the count first. 32 entries always suffice for the
 * built-in calendars. Names are owned by the calendar.
 */
PROTOCOL_API protocol_status protocol_calendar_holidays(const protocol_calendar *calendar,
                                                        int year, protocol_holiday *out,
                                                        size_t capacity, size_t *count,
                                                        protocol_error *err);

/** *name = the holiday's name when `date` is a holiday or closure, else NULL. */
PROTOCOL_API protocol_status protocol_calendar_holiday_name(const protocol_calendar *calendar,
                                                            protocol_date date,
                                                            const char **name,
                                                            protocol_error *err);

#ifdef __cplusplus
}
#endif

#endif
