/*
 * Internal declarations shared by the files of lib/: error reporting,
 * allocation through the caller's hooks, and day-number arithmetic.
 * Nothing here is exported.
 */
#ifndef PROTOCOL_INTERNAL_H
#define PROTOCOL_INTERNAL_H

#include "protocol/protocol.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__MINGW32__)
/* mingw-w64's own C99 printf (__USE_MINGW_ANSI_STDIO), not msvcrt's. */
#define PR_PRINTF(f, a) __attribute__((format(gnu_printf, f, a)))
#elif defined(__GNUC__)
#define PR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define PR_PRINTF(f, a)
#endif

/* --- errors (error.c) --------------------------------------------------- */

/* Fill *err (when not NULL) and return code. `place` may be NULL. */
protocol_status pr_fail(protocol_error *err, protocol_status code, const char *place,
                        const char *fmt, ...) PR_PRINTF(4, 5);
/* As pr_fail with a line and column into the input text. */
protocol_status pr_fail_at(protocol_error *err, protocol_status code, const char *place, int line,
                           int column, const char *fmt, ...) PR_PRINTF(6, 7);
protocol_status pr_vfail_at(protocol_error *err, protocol_status code, const char *place, int line,
                            int column, const char *fmt, va_list ap) PR_PRINTF(6, 0);
/* The out-of-memory failure, one wording everywhere. */
protocol_status pr_nomem(protocol_error *err);
/* 1-based line and column of byte `offset` in text. */
void pr_line_column(const char *text, size_t length, size_t offset, int *line, int *column);

/* --- memory (alloc.c) --------------------------------------------------- */

void *pr_malloc(size_t size);
void *pr_calloc(size_t count, size_t size);
void *pr_realloc(void *ptr, size_t size);
void pr_free(void *ptr);
char *pr_strdup(const char *s);
char *pr_strndup(const char *s, size_t n);

/* --- days (date.c) ------------------------------------------------------ */

/* Days since 1970-01-01 (negative before), proleptic Gregorian. */
int32_t pr_days_from_civil(int year, int month, int day);
void pr_civil_from_days(int32_t days, int *year, int *month, int *day);
/* 0 = Monday ... 6 = Sunday. */
int pr_weekday(int32_t days);
int pr_days_in_month(int year, int month);
bool pr_is_leap_year(int year);
/* Parse exactly N digits at s into *out; false when any is not a digit. */
bool pr_parse_digits(const char *s, int n, int *out);

/* --- times (datetime.c) ------------------------------------------------ */

/* protocol_time_parse for text that need not be NUL-terminated; `place`
 * (may be NULL) names where the text came from for the error message. */
protocol_status pr_time_parse_n(const char *text, size_t length, const char *place,
                                protocol_time *out, protocol_error *err);
/* UK civil time (Europe/London, exact from 1968; see deadline.h): the
 * offset in minutes (0 or 60) at a UTC instant (seconds since 1970), and
 * for a local wall-clock time given as day number and seconds of the day
 * (fold=0 in the hours that are skipped or repeated). */
int pr_uk_offset_at_utc(int64_t utc_seconds);
int pr_uk_offset_at_local(int32_t days, int seconds_of_day);
/* The UTC instant of a UK local time (a bare date: 00:00 local), trusting
 * its utc_offset_minutes; and back (has_time 1, the offset in force). */
int64_t pr_time_to_utc(const protocol_time *t);
void pr_time_from_utc(int64_t utc, protocol_time *out);
/* Floor division. */
int64_t pr_floor_div(int64_t a, int64_t b);
/* Order two UK local times: <0, 0, >0. A bare date counts as 00:00 of its day. */
int pr_time_compare(const protocol_time *a, const protocol_time *b);

/* --- files (io.c) ------------------------------------------------------- */

/* Read a whole file into a NUL-terminated buffer (pr_free it). */
protocol_status pr_read_file(const char *path, size_t max_size, char **text, size_t *length,
                             protocol_error *err);

#endif
