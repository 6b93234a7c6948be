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
 *
 * Every function taking a protocol_date refuses an impossible date
 * (PROTOCOL_E_DATETIME) and one outside the calendar's range
 * (PROTOCOL_E_RANGE), naming the argument ("date", "from", "to",
 * "added[2]") in the error's `place`; a NULL calendar or output pointer is
 * PROTOCOL_E_INVALID_ARGUMENT. Outputs are written only on success (and,
 * by protocol_calendar_holidays(), on PROTOCOL_E_BUFFER_TOO_SMALL).
 */
#ifndef PROTOCOL_CALENDAR_H
#define PROTOCOL_CALENDAR_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * An opaque, immutable working-day calendar. Made by protocol_calendar_new(),
 * protocol_calendar_from_govuk_json(), _from_govuk_file() or
 * protocol_calendar_with_changes(); freed by protocol_calendar_free().
 */
typedef struct protocol_calendar protocol_calendar;

/**
 * One bank holiday or closure day. Read from a calendar
 * (protocol_calendar_holidays()), `name` is owned by the calendar and lives
 * as long as it; passed to protocol_calendar_with_changes(), `name` is the
 * caller's and is copied.
 */
typedef struct protocol_holiday {
    protocol_date date; /**< the day */
    const char *name;   /**< "Boxing Day (substitute day)", "Office closure" */
} protocol_holiday;

/** How many built-in calendars there are (3). Never fails; thread-safe. */
PROTOCOL_API size_t protocol_calendar_builtin_count(void);

/** The id of built-in calendar `index` ("england-and-wales", "scotland",
 *  "northern-ireland"), or NULL when index is out of range. Static storage:
 *  do not free. Thread-safe. */
PROTOCOL_API const char *protocol_calendar_builtin_id(size_t index);

/**
 * Make a built-in calendar. `id` is "england-and-wales", "scotland" or
 * "northern-ireland"; NULL means "england-and-wales", the default.
 * On success *out holds the calendar; free it with protocol_calendar_free().
 *
 * Each built-in calendar is built on first use and then shared by every
 * caller in the process (later calls are a look-up); freeing it is then a
 * no-op and it stays valid until the process ends. Thread-safe: threads
 * racing on the first use all get the same calendar.
 *
 * Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL out; PROTOCOL_E_NOT_FOUND
 * naming an unknown id; PROTOCOL_E_NOMEM on the first use.
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
 *
 * `text` (need not be NUL-terminated) and `division` are only read; the
 * calendar copies what it keeps. On success *out owns a new calendar; free
 * it with protocol_calendar_free(). Thread-safe. The text is parsed under
 * the default protocol_limits (1 MiB, depth 64, ...).
 *
 * Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL argument; PROTOCOL_E_JSON
 * (with line and column) for text that is not JSON, not an object, a
 * division without "events" or with none, an event without a "title" or
 * "date", or a date listed twice; PROTOCOL_E_NOT_FOUND for a missing
 * division; PROTOCOL_E_DATETIME for a bad date (naming the JSON pointer);
 * PROTOCOL_E_RANGE for years before 1900 or after 2199; the
 * PROTOCOL_E_LIMIT_* errors; PROTOCOL_E_NOMEM.
 */
PROTOCOL_API protocol_status protocol_calendar_from_govuk_json(const char *text, size_t length,
                                                               const char *division,
                                                               protocol_calendar **out,
                                                               protocol_error *err);

/** As protocol_calendar_from_govuk_json(), reading the file at `path`:
 *  PROTOCOL_E_IO naming the path when it cannot be read,
 *  PROTOCOL_E_LIMIT_INPUT_SIZE when it is larger than 1 MiB, and an error's
 *  place is "path: /json/pointer". Thread-safe. */
PROTOCOL_API protocol_status protocol_calendar_from_govuk_file(const char *path,
                                                               const char *division,
                                                               protocol_calendar **out,
                                                               protocol_error *err);

/**
 * Make a new calendar from `base` with closure days added (each a non-working
 * day with its name, e.g. an office closure or a newly announced holiday)
 * and days removed (holidays that are working days after all). The new
 * calendar has the base's id and range.
 *
 * `added` (added_count entries, names copied) and `removed` (removed_count
 * entries) are only read and may be NULL when their count is 0. `base` is
 * not changed and may be freed afterwards. On success *out owns a new
 * calendar; free it with protocol_calendar_free(). Thread-safe.
 *
 * Errors, each naming the entry ("added[1]", "removed[0]") in `place`:
 * PROTOCOL_E_INVALID_ARGUMENT for a NULL base or out, a NULL array with a
 * non-zero count, an added day without a name, an added day that is
 * already a holiday or closure of the base, a removed day that is not a
 * holiday of the base, or a date both added and removed;
 * PROTOCOL_E_DATETIME for an impossible date;
 * PROTOCOL_E_RANGE for a date outside the base's range; PROTOCOL_E_NOMEM.
 */
PROTOCOL_API protocol_status protocol_calendar_with_changes(const protocol_calendar *base,
                                                            const protocol_holiday *added,
                                                            size_t added_count,
                                                            const protocol_date *removed,
                                                            size_t removed_count,
                                                            protocol_calendar **out,
                                                            protocol_error *err);

/** Free a calendar. NULL is a no-op, and so is a built-in calendar (shared
 *  for the life of the process). No pointer into the calendar (its id,
 *  holiday names) may be used afterwards. */
PROTOCOL_API void protocol_calendar_free(protocol_calendar *calendar);

/** The calendar's id ("scotland"), owned by the calendar; NULL for a NULL
 *  calendar. Thread-safe. */
PROTOCOL_API const char *protocol_calendar_id(const protocol_calendar *calendar);

/** The first and last dates the calendar covers (1 January of its first
 *  year, 31 December of its last). Errors: PROTOCOL_E_INVALID_ARGUMENT for a
 *  NULL argument. Thread-safe. */
PROTOCOL_API protocol_status protocol_calendar_range(const protocol_calendar *calendar,
                                                     protocol_date *first, protocol_date *last,
                                                     protocol_error *err);

/** *out = 1 when `date` is a working day, 0 when a weekend, holiday or closure.
 *  Errors: as every date function (see the top of this header). Thread-safe. */
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
 * Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL calendar or out;
 * PROTOCOL_E_DATETIME for an impossible date; PROTOCOL_E_RANGE when the
 * date or the result is outside the range. Thread-safe.
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
 * Example: 5 working days before Monday 2026-11-30 is Monday 2026-11-23.
 * Errors: PROTOCOL_E_INVALID_ARGUMENT for n < 0 or a NULL calendar or out;
 * PROTOCOL_E_DATETIME; PROTOCOL_E_RANGE when the date or the result is
 * outside the range. Thread-safe.
 */
PROTOCOL_API protocol_status protocol_calendar_working_days_before(
    const protocol_calendar *calendar, protocol_date date, int n, protocol_date *out,
    protocol_error *err);

/** The number of working days in [from, to); when to < from, minus the
 *  number in [to, from) (numpy.busday_count). Both dates must lie in the
 *  range. Errors: as every date function, naming "from" or "to".
 *  Thread-safe. */
PROTOCOL_API protocol_status protocol_calendar_count_working_days(
    const protocol_calendar *calendar, protocol_date from, protocol_date to, int64_t *out,
    protocol_error *err);

/** The first working day strictly after `date` (which need not be a working
 *  day). PROTOCOL_E_RANGE when there is none within the range. Thread-safe. */
PROTOCOL_API protocol_status protocol_calendar_next_working_day(const protocol_calendar *calendar,
                                                                protocol_date date,
                                                                protocol_date *out,
                                                                protocol_error *err);

/** The last working day strictly before `date` (which need not be a working
 *  day). PROTOCOL_E_RANGE when there is none within the range. Thread-safe. */
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
 * built-in calendars. Names are owned by the calendar. Thread-safe.
 * Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL calendar or count, or a
 * NULL out with a non-zero capacity; PROTOCOL_E_RANGE for a year outside
 * the calendar; PROTOCOL_E_BUFFER_TOO_SMALL (with *count set and the first
 * `capacity` entries written).
 */
PROTOCOL_API protocol_status protocol_calendar_holidays(const protocol_calendar *calendar,
                                                        int year, protocol_holiday *out,
                                                        size_t capacity, size_t *count,
                                                        protocol_error *err);

/** *name = the holiday's name when `date` is a holiday or closure, else NULL
 *  (weekends have no name). The name is owned by the calendar.
 *  Errors: as every date function. Thread-safe. */
PROTOCOL_API protocol_status protocol_calendar_holiday_name(const protocol_calendar *calendar,
                                                            protocol_date date,
                                                            const char **name,
                                                            protocol_error *err);

#ifdef __cplusplus
}
#endif

#endif
