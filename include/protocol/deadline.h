/*
 * libprotocol: times in UK local time, and deadlines on working-day calendars.
 *
 * A time may be a date ("2026-11-20"), a local date-time ("2026-11-20T16:30",
 * seconds optional) or a date-time with an offset ("2026-11-20T16:30:00Z",
 * "...+01:00"). Offsets are converted to UK local time (GMT, or BST from 01:00
 * UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October:
 * exact from 1996; earlier years use the same rule). The local date decides
 * every deadline.
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
PROTOCOL_API protocol_status protocol_time_format(const protocol_time *time, char *buf,
                                                  size_t size, protocol_error *err);

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
#define PROTOCOL_DEADLINE_RULE_INIT \
    { PROTOCOL_DEADLINE_RULE_VERSION, PROTOCOL_DEADLINE_SAME_DAY, 0, -1 }

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
    /** Working days after the as-of date up to and including the due date;
     *  0 on the due date; negative when overdue (minus the working days
     *  from the day after the due date up to and including the as-of date). */
    long working_days_remaining;
} protocol_deadline_result;

/**
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
PROTOCOL_API protocol_status protocol_deadline_compute(const protocol_calendar *calendar,
                                                       const protocol_deadline_rule *rule,
                                                       const protocol_time *start,
                                                       const protocol_time *done,
                                                       const protocol_time *as_of,
                                                       protocol_deadline_result *out,
                                                       protocol_error *err);

#ifdef __cplusplus
}
#endif

#endif
