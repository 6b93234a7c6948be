/*
 * libprotocol: times in UK local time, and deadlines on working-day calendars.
 *
 * A time may be a date ("2026-11-20"), a local date-time ("2026-11-20T16:30",
 * seconds optional) or a date-time with an offset ("2026-11-20T16:30:00Z",
 * "...+01:00"). Offsets are converted to UK civil time (Europe/London), exact
 * from 18 February 1968 to 2199 and beyond: British Standard Time (GMT+1 all
 * year) from 18 February 1968 (summer time, then BST from 27 October 1968) to
 * 02:00 GMT on 31 October 1971; from 1972 to 1980 summer time from 02:00 GMT
 * on the Sunday after the third Saturday of March to 02:00 GMT on the Sunday
 * after the fourth Saturday of October; from 1981 to 1995 from 01:00 GMT on
 * the last Sunday of March to 01:00 GMT on the Sunday after the fourth
 * Saturday of October (1981-89) or on the fourth Sunday of October
 * (1990-95); since 1996 the EU rule, 01:00 GMT on the last Sunday of March
 * to 01:00 GMT on the last Sunday of October, extrapolated to every later
 * year. Years before 1968 (outside every calendar's range) are given the
 * EU rule as a convention, not as history. The rules are compiled in: no
 * time-zone file is read.
 *
 * The local date decides every deadline counted in days; an `hours`
 * deadline counts elapsed (absolute) time.
 *
 * Everything here works on plain values the caller owns (no allocation, no
 * hidden state), so every function is thread-safe.
 */
#ifndef PROTOCOL_DEADLINE_H
#define PROTOCOL_DEADLINE_H

#include "calendar.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A moment in UK local time, a plain value that owns nothing. has_time is
 *  0 for a bare date (the time fields are then 0). utc_offset_minutes is the
 *  UK offset in force (0 or 60), and 0 for a bare date. A caller may fill
 *  one in by hand; the functions taking one check every field. */
typedef struct protocol_time {
    protocol_date date;     /**< the UK local date */
    int has_time;           /**< 1 for a date-time, 0 for a bare date */
    int hour;               /**< 0..23, local */
    int minute;             /**< 0..59 */
    int second;             /**< 0..59 */
    int utc_offset_minutes; /**< 0 (GMT) or 60 (BST) */
} protocol_time;

/**
 * Parse a date, local date-time, or date-time with offset (see above) into
 * UK local time. Years 1..9999 parse; "T" may also be a space; fractions of a
 * second are accepted and dropped; a leap second (":60") is refused. A
 * local date-time without an offset takes the UK offset in force then.
 * `text` (NUL-terminated) is only read; *out is written only on success.
 * Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL text or out;
 * PROTOCOL_E_DATETIME naming the text ("2026-02-30", "2026-13-01",
 * "T24:61", offset "+25:00", an offset on a bare date, trailing text).
 */
PROTOCOL_API protocol_status protocol_time_parse(const char *text, protocol_time *out,
                                                 protocol_error *err);

/**
 * Format as ISO 8601 into the caller's `buf` of `size` bytes, with a NUL:
 * "YYYY-MM-DD" for a date (11 bytes), "YYYY-MM-DDTHH:MM:SS+HH:MM" (the UK
 * offset in force) for a date-time (26 bytes; 26 always suffice).
 * Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL time or buf, or has_time
 * neither 0 nor 1; PROTOCOL_E_DATETIME for a date or time of day that does
 * not exist or an offset other than 0 or 60; PROTOCOL_E_BUFFER_TOO_SMALL.
 */
PROTOCOL_API protocol_status protocol_time_format(const protocol_time *time, char *buf, size_t size,
                                                  protocol_error *err);

/** The kinds of deadline rule. */
typedef enum protocol_deadline_kind {
    /** Due by the end of the start's local calendar day, whatever the day. */
    PROTOCOL_DEADLINE_SAME_DAY = 0,
    /** Due by the end of the N-th working day after the start
     *  (protocol_calendar_add_working_days). */
    PROTOCOL_DEADLINE_WORKING_DAYS_AFTER = 1,
    /** Due by the end of the latest working day with N working days before
     *  the start (protocol_calendar_working_days_before): papers before a
     *  meeting, where the start is the meeting. */
    PROTOCOL_DEADLINE_WORKING_DAYS_BEFORE = 2
} protocol_deadline_kind;

/** A deadline rule, owned by the caller. Initialise with
 *  PROTOCOL_DEADLINE_RULE_INIT (a same-day rule, no cut-off) and then set
 *  the fields, so that a program compiled against these headers keeps
 *  working when later versions add fields. */
typedef struct protocol_deadline_rule {
    /** PROTOCOL_DEADLINE_RULE_VERSION; set by the _INIT macro. */
    unsigned struct_version;
    /** Which rule. */
    protocol_deadline_kind kind;
    /** N for the working-day kinds (0..1000); ignored for SAME_DAY. */
    int working_days;
    /** Minutes after midnight (0..1439) at or after which a start counts
     *  from the next calendar day; -1 for no cut-off (the default). */
    int cutoff_minute;
} protocol_deadline_rule;

/** The struct_version of protocol_deadline_rule these headers describe. */
#define PROTOCOL_DEADLINE_RULE_VERSION 1u
/** Initialiser for protocol_deadline_rule: same day, no cut-off. */
#define PROTOCOL_DEADLINE_RULE_INIT                                                                \
    {                                                                                              \
        PROTOCOL_DEADLINE_RULE_VERSION, PROTOCOL_DEADLINE_SAME_DAY, 0, -1                          \
    }

/** Set *rule to PROTOCOL_DEADLINE_RULE_INIT, for bindings, which cannot use
 *  the macro and need not hard-code a struct_version. NULL is a no-op. */
PROTOCOL_API void protocol_deadline_rule_init(protocol_deadline_rule *rule);

/** Where a deadline stands. */
typedef enum protocol_deadline_status {
    PROTOCOL_DEADLINE_UNKNOWN = 0,   /**< no start, or not done and no as-of time */
    PROTOCOL_DEADLINE_MET = 1,       /**< done on or before the due date */
    PROTOCOL_DEADLINE_LATE = 2,      /**< done after the due date */
    PROTOCOL_DEADLINE_PENDING = 3,   /**< not done; as-of before the due date */
    PROTOCOL_DEADLINE_DUE_TODAY = 4, /**< not done; as-of on the due date */
    PROTOCOL_DEADLINE_OVERDUE = 5    /**< not done; as-of after the due date */
} protocol_deadline_status;

/** The status as the result JSON spells it ("met", "due_today", ...), in
 *  static storage; "unknown" for a value that is not a status. Never NULL. */
PROTOCOL_API const char *protocol_deadline_status_name(protocol_deadline_status status);

/** A computed deadline, a plain value the caller owns. */
typedef struct protocol_deadline_result {
    /** 1 when `due` is set (a start was given). */
    int has_due;
    /** The due date: the deadline is met by the end of this local day. */
    protocol_date due;
    /** Where the deadline stands (see protocol_deadline_status). */
    protocol_deadline_status status;
    /** 1 when working_days_remaining is set: not done, and an as-of given. */
    int has_remaining;
    /** SPEC §5: while not overdue, the working days in [as-of date, due
     *  date) (numpy.busday_count), so 0 on the due date; when overdue,
     *  negative: -1 from the first moment after the due date (a weekend or
     *  holiday after it included), one less for each further working day
     *  (minus the working days in (due, as-of date], and at most -1). */
    int64_t working_days_remaining;
} protocol_deadline_result;

/**
 * The old interface to the clock, kept for existing callers: a thin wrapper
 * over protocol_clock_compute() (same_day, working_days after, working_days
 * before), with the conventions of SPEC §4/§5: 0 working days after a day
 * that is not a working day is the next working day (never before the
 * start); the cut-off moves only a working-days-after deadline, never a
 * same-day one or one before an event; working_days_remaining is negative
 * whenever overdue.
 *
 * Compute a deadline on `calendar` under `rule` for a start time, with an
 * optional completion time and an optional as-of time (NULL for each when
 * not known; a NULL start gives status UNKNOWN and no due date). With a
 * completion the status is MET or LATE whatever the as-of time; without
 * one it is PENDING, DUE_TODAY or OVERDUE as of `as_of`, and UNKNOWN when
 * there is no as-of. Only the dates matter: a completion at 23:59 on the
 * due date is met.
 *
 * Every pointer is only read during the call; *out (caller-owned) is
 * written only on success.
 *
 * Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL calendar, rule or out, a
 * struct_version other than PROTOCOL_DEADLINE_RULE_VERSION, an unknown
 * kind, working_days outside 0..1000 or cutoff_minute outside -1..1439
 * (`place` names the field, "rule.working_days"); PROTOCOL_E_DATETIME for a
 * hand-filled time that does not exist ("start", "done", "as_of");
 * PROTOCOL_E_RANGE when the start, the due date or the as-of date falls
 * outside the calendar.
 */
PROTOCOL_API protocol_status protocol_deadline_compute(
    const protocol_calendar *calendar, const protocol_deadline_rule *rule,
    const protocol_time *start, const protocol_time *done, const protocol_time *as_of,
    protocol_deadline_result *out, protocol_error *err);

/* --- the statutory clock ----------------------------------------------- */

/** The units in which guidance counts time (SPEC §5). */
typedef enum protocol_unit {
    /** By the end of the local calendar day of the start (or of the event,
     *  before one), whatever the day of the week; the amount is ignored. */
    PROTOCOL_UNIT_SAME_DAY = 0,
    /** N elapsed hours from the start instant (absolute time: a change to or
     *  from summer time counts as it happens); the due time is shown in UK
     *  local time. A bare-date start counts from 00:00 local time. */
    PROTOCOL_UNIT_HOURS = 1,
    /** N working days (SPEC §4; numpy.busday_offset). */
    PROTOCOL_UNIT_WORKING_DAYS = 2,
    /** By the end of local day D + N (D - N before an event). */
    PROTOCOL_UNIT_CALENDAR_DAYS = 3,
    /** 7 x N calendar days. */
    PROTOCOL_UNIT_WEEKS = 4,
    /** N calendar months: day D of month m + N, or that month's last day
     *  when it has no day D (31 January + 1 month = 28/29 February), as
     *  dateutil.relativedelta does. */
    PROTOCOL_UNIT_MONTHS = 5
} protocol_unit;

/** The unit as packs and result JSON spell it ("same_day", "hours",
 *  "working_days", "calendar_days", "weeks", "months"), in static storage;
 *  NULL for a value that is not a unit. Thread-safe. */
PROTOCOL_API const char *protocol_unit_name(protocol_unit unit);

/** How a due date that is not a working day is moved (QuantLib's
 *  BusinessDayConvention). Only calendar-day, week and month durations are
 *  rolled. */
typedef enum protocol_roll {
    /** Not moved (QuantLib Unadjusted); the default. */
    PROTOCOL_ROLL_NONE = 0,
    /** To the first working day after it (QuantLib Following). */
    PROTOCOL_ROLL_FOLLOWING = 1,
    /** To the last working day before it (QuantLib Preceding). */
    PROTOCOL_ROLL_PRECEDING = 2,
    /** Following, unless that is in a later calendar month; then Preceding
     *  (QuantLib ModifiedFollowing). */
    PROTOCOL_ROLL_MODIFIED_FOLLOWING = 3
} protocol_roll;

/** The convention as packs spell it ("none", "following", "preceding",
 *  "modified_following"), in static storage; NULL for a value that is not
 *  one. Thread-safe. */
PROTOCOL_API const char *protocol_roll_name(protocol_roll roll);

/**
 * `date` moved onto a working day of `calendar` by `roll` (a working day is
 * never moved; PROTOCOL_ROLL_NONE never moves). Same results as QuantLib's
 * Calendar.adjust with the same holidays. Example: Saturday 2026-10-31 is
 * Monday 2026-11-02 following, Friday 2026-10-30 preceding and modified
 * following (following would leave October).
 * Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL calendar or out or an
 * unknown roll; PROTOCOL_E_DATETIME for an impossible date;
 * PROTOCOL_E_RANGE when the date or the working day it needs is outside
 * the calendar's range. *out is written only on success. Thread-safe.
 */
PROTOCOL_API protocol_status protocol_calendar_roll(const protocol_calendar *calendar,
                                                    protocol_date date, protocol_roll roll,
                                                    protocol_date *out, protocol_error *err);

/**
 * `date` plus `months` calendar months (negative to go back), clamped to
 * the last day of the month reached when it has no such day: 2024-01-31 +
 * 1 = 2024-02-29, 2023-01-31 + 1 = 2023-02-28, 2024-03-31 - 1 =
 * 2024-02-29 (dateutil.relativedelta(months=N), java.time.plusMonths).
 * Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL out;
 * PROTOCOL_E_DATETIME for an impossible date; PROTOCOL_E_RANGE when the
 * result falls outside years 1..9999. Thread-safe.
 */
PROTOCOL_API protocol_status protocol_date_add_months(protocol_date date, int32_t months,
                                                      protocol_date *out, protocol_error *err);

/** An interval of time from `from` to `to` (UK local times; a bare `from`
 *  date means 00:00 of that day, a bare `to` date the end of that day, so
 *  [2026-11-20, 2026-11-23] covers four whole days). The caller owns it. */
typedef struct protocol_interval {
    protocol_time from; /**< the start of the interval */
    protocol_time to;   /**< the end, not before `from` */
} protocol_interval;

/**
 * A duration on the clock (SPEC §5), owned by the caller. Initialise with
 * PROTOCOL_CLOCK_INIT or protocol_clock_init() (same day, no roll, no
 * cut-off, once, no pauses) and then set the fields, so that a program
 * compiled against these headers keeps working when later versions add
 * fields.
 *
 * Pauses stop the clock: every pause is an interval during which no time
 * counts. An hours deadline is extended by the time the pauses (merged
 * where they overlap) cover between the start and the due time. For units
 * counted in days, only days that lie wholly inside a pause are stopped
 * days: a working-days deadline is due on the N-th working day after the
 * start that is not a stopped day; a calendar-days, weeks or months
 * deadline has its (unrolled) due date moved one day later for each
 * stopped day after the counting day up to and including the due date so
 * moved (the clock stands still for the pause, then resumes), and is then
 * rolled. Pauses apply only to durations after a start (a deadline before
 * an event is refused with pauses) and never to a same-day deadline
 * (refused). working_days_remaining counts every working day, paused or
 * not.
 */
typedef struct protocol_clock {
    /** PROTOCOL_CLOCK_VERSION; set by the _INIT macro and _init(). */
    uint32_t struct_version;
    /** The unit of the first (or only) occurrence. */
    protocol_unit unit;
    /** N, 0..100000 (ignored for PROTOCOL_UNIT_SAME_DAY). */
    int32_t amount;
    /** 0: N units after the start; 1: N units before an event (the start
     *  is then the event: papers 5 working days before a meeting). */
    int32_t before;
    /** Roll for calendar_days, weeks and months (PROTOCOL_ROLL_NONE for
     *  every other unit). After a start a rolled due date is never before
     *  the counting day. */
    protocol_roll roll;
    /** Minutes after midnight (0..1439) at or after which a start counts
     *  from the next local day; -1 for none (the default). Applies only to
     *  working_days, calendar_days, weeks and months after a start given
     *  with a time of day; never to same_day, hours or before an event. */
    int32_t cutoff_minute;
    /** Recurrence unit (not PROTOCOL_UNIT_SAME_DAY); used when every > 0. */
    protocol_unit every_unit;
    /** 0: once. 1..100000: after the first occurrence, the deadline recurs
     *  every `every` `every_unit`s after the previous occurrence's done time
     *  or, when that was not done, its due date (a missed occurrence).
     *  Only after a start. Rolls, cut-off and pauses apply to each. */
    int32_t every;
    /** Intervals during which the clock stops (see above); NULL when
     *  npauses is 0. Only read during the call. At most 10000. */
    const protocol_interval *pauses;
    /** The number of pauses. */
    size_t npauses;
} protocol_clock;

/** The struct_version of protocol_clock these headers describe. */
#define PROTOCOL_CLOCK_VERSION 1u
/** Initialiser for protocol_clock: same day, after the start, no roll, no
 *  cut-off, once, no pauses. */
#define PROTOCOL_CLOCK_INIT                                                                        \
    {                                                                                              \
        PROTOCOL_CLOCK_VERSION, PROTOCOL_UNIT_SAME_DAY, 0, 0, PROTOCOL_ROLL_NONE, -1,              \
            PROTOCOL_UNIT_SAME_DAY, 0, NULL, 0                                                     \
    }
/** Set *clock to PROTOCOL_CLOCK_INIT (for bindings that cannot use the
 *  macro). NULL is a no-op. */
PROTOCOL_API void protocol_clock_init(protocol_clock *clock);

/**
 * Where a clock stands, a plain value the caller owns. The caller sets
 * struct_version (PROTOCOL_CLOCK_RESULT_INIT or protocol_clock_result_init())
 * so that a later library never writes fields an older program lacks.
 */
typedef struct protocol_clock_result {
    /** PROTOCOL_CLOCK_RESULT_VERSION, set by the caller. */
    uint32_t struct_version;
    /** 1 when `due` is set (a start was given). */
    int32_t has_due;
    /** The current occurrence's due time: for an hours duration the instant
     *  in UK local time (has_time 1); otherwise a bare date (has_time 0),
     *  met by the end of that local day. */
    protocol_time due;
    /** Where the deadline stands (protocol_deadline_status). Once-only: MET
     *  or LATE with a completion, else PENDING, DUE_TODAY or OVERDUE as of
     *  the as-of time, UNKNOWN without one. Recurring: OVERDUE whenever an
     *  occurrence was missed as of the as-of time, else the current
     *  occurrence's PENDING or DUE_TODAY, UNKNOWN without an as-of time. */
    protocol_deadline_status status;
    /** 1 when working_days_remaining is set (an as-of time, and the
     *  deadline is not met or late). */
    int32_t has_remaining;
    /** SPEC §5: while not overdue, the working days in [as-of date, due
     *  date); when overdue, -1 from the first moment after the due time,
     *  one less for each further working day (minus the working days in
     *  (due date, as-of date], at most -1). When occurrences were missed it
     *  counts from the first missed one's due. */
    int64_t working_days_remaining;
    /** 1 when seconds_remaining is set: as has_remaining, for an hours
     *  duration. */
    int32_t has_hours_remaining;
    /** Seconds from the as-of instant to the due instant (negative when
     *  overdue; from the first missed due when occurrences were missed);
     *  hours remaining is this / 3600. */
    int64_t seconds_remaining;
    /** 1 when the completion is before the start (a warning: the status is
     *  still computed). */
    int32_t done_before_start;
    /** The current occurrence, 1-based: 1 for a once-only deadline. With a
     *  completion (taken as the latest occurrence's), the occurrence it
     *  completes is the one whose window it falls in, walking the schedule
     *  from the start with each occurrence running from the previous due
     *  date; the current one is the next, running from the completion.
     *  Occurrences before the completion are not judged (only the latest
     *  completion is known). */
    int32_t occurrence;
    /** When the current occurrence started (the start, a completion, or a
     *  missed occurrence's due). */
    protocol_time occurrence_start;
    /** How many occurrences were missed (due passed, not done) after the
     *  latest completion (or the start) up to the as-of time. */
    int32_t missed;
    /** The local due date of the first missed occurrence, when missed > 0. */
    protocol_date first_missed_due;
} protocol_clock_result;

/** The struct_version of protocol_clock_result these headers describe. */
#define PROTOCOL_CLOCK_RESULT_VERSION 1u
/** Initialiser for protocol_clock_result: this version, status UNKNOWN,
 *  every other field 0. */
#define PROTOCOL_CLOCK_RESULT_INIT                                                                 \
    {                                                                                              \
        PROTOCOL_CLOCK_RESULT_VERSION, 0, {{0, 0, 0}, 0, 0, 0, 0, 0}, PROTOCOL_DEADLINE_UNKNOWN,   \
            0, 0, 0, 0, 0, 0, {{0, 0, 0}, 0, 0, 0, 0, 0}, 0,                                       \
        {                                                                                          \
            0, 0, 0                                                                                \
        }                                                                                          \
    }
/** Set *result to PROTOCOL_CLOCK_RESULT_INIT. NULL is a no-op. */
PROTOCOL_API void protocol_clock_result_init(protocol_clock_result *result);

/**
 * Compute a deadline on `calendar` under `clock` for a start time (NULL:
 * not known, status UNKNOWN and no due), with an optional completion
 * `done` and an optional `as_of` evaluation time (NULL when not known).
 *
 * Due: see protocol_unit; the counting day is the start's local date (the
 * next day at or after the cut-off, where it applies). Day units are met by
 * the end of the due date: a completion or as-of time is compared by its
 * local date. An hours deadline is met at or before its due instant (a bare
 * completion date on or before the due's local date meets it; a bare as-of
 * date means 00:00 local time of that day).
 *
 * Every pointer is only read during the call; *out (caller-owned, with its
 * struct_version set) is written only on success.
 *
 * Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL calendar, clock or out, a
 * struct_version other than PROTOCOL_CLOCK_VERSION (clock) or
 * PROTOCOL_CLOCK_RESULT_VERSION (out), an unknown unit or roll, amount or
 * every outside its range, a roll on a unit that is not rolled, a
 * recurrence or pauses before an event, pauses on a same-day deadline, a
 * same-day every_unit, more than 10000 pauses, a NULL pauses array with a
 * count, a pause that ends before it starts, a has_time other than 0 or 1,
 * or an offset other than 0 or 60 (`place` names the field:
 * "clock.amount", "pauses[2]"); PROTOCOL_E_DATETIME for a hand-filled time
 * that does not exist ("start", "done", "as_of", "pauses[0].from");
 * PROTOCOL_E_RANGE when a date the clock needs (start, due, as-of, a
 * rolled day) is outside the calendar's range. Thread-safe.
 */
PROTOCOL_API protocol_status
protocol_clock_compute(const protocol_calendar *calendar, const protocol_clock *clock,
                       const protocol_time *start, const protocol_time *done,
                       const protocol_time *as_of, protocol_clock_result *out, protocol_error *err);

#ifdef __cplusplus
}
#endif

#endif
