/*
 * Times in UK local time: parsing ISO 8601 dates and date-times (with or
 * without a UTC offset) into Europe/London wall-clock time, formatting them
 * back, and ordering them. The local date is what every deadline counts from.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

#define SECONDS_PER_DAY 86400
/* The widest offsets in use anywhere (UTC-12:00 .. UTC+14:00), widened to be
 * symmetric; anything beyond is a typing error, not a place. */
#define MAX_OFFSET_MINUTES (14 * 60)
/* How much of a rejected text an error message repeats. */
#define SHOWN_BYTES 48

static const char *const month_names[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

/* --- the UK rules ------------------------------------------------------- */

/* Floor division, for instants before 1970. */
int64_t pr_floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Day number of the first Sunday on or after year-month-day. */
static int32_t sunday_on_or_after(int year, int month, int day)
{
    int32_t d = pr_days_from_civil(year, month, day);
    return d + (6 - pr_weekday(d)) % 7;
}

/* Day number of the last Sunday of a 31-day month. */
static int32_t last_sunday(int year, int month)
{
    return sunday_on_or_after(year, month, 25);
}

/* Beyond any instant of a year: summer time runs through the year's end. */
#define NEVER ((int64_t)1 << 62)

/*
 * UK summer time (GMT+1) in `year` runs over the UTC instants [*start, *end)
 * (-NEVER or NEVER when it runs from or to the year's end). The law, as
 * Europe/London in the tz database records it:
 *   1968       from 02:00 GMT on 18 February (British Standard Time, GMT+1
 *              as standard time, from 27 October) to the year's end;
 *   1969-1970  all year (British Standard Time);
 *   1971       to 02:00 GMT on 31 October;
 *   1972-1980  02:00 GMT on the Sunday on or after 16 March (the day after
 *              the third Saturday) to 02:00 GMT on the Sunday on or after
 *              23 October (the day after the fourth Saturday);
 *   1981-1989  01:00 GMT on the last Sunday of March to 01:00 GMT on the
 *              Sunday on or after 23 October;
 *   1990-1995  01:00 GMT on the last Sunday of March to 01:00 GMT on the
 *              Sunday on or after 22 October (the fourth Sunday);
 *   1996-      the EU rule: 01:00 GMT on the last Sunday of March to 01:00
 *              GMT on the last Sunday of October, extrapolated.
 * Before 1968 the EU rule is applied as a convention (no calendar covers
 * those years). Every changeover lies in February, March or October, so the
 * year of an instant in UTC and in local time is the same year of the rule.
 */
static void uk_summer(int year, int64_t *start, int64_t *end)
{
    const int64_t h = 3600;
    if (year >= 1968 && year <= 1971) {
        *start = year == 1968 ? (int64_t)pr_days_from_civil(1968, 2, 18) * SECONDS_PER_DAY + 2 * h
                              : -NEVER;
        *end = year == 1971 ? (int64_t)pr_days_from_civil(1971, 10, 31) * SECONDS_PER_DAY + 2 * h
                            : NEVER;
    } else if (year >= 1972 && year <= 1980) {
        *start = (int64_t)sunday_on_or_after(year, 3, 16) * SECONDS_PER_DAY + 2 * h;
        *end = (int64_t)sunday_on_or_after(year, 10, 23) * SECONDS_PER_DAY + 2 * h;
    } else if (year >= 1981 && year <= 1995) {
        *start = (int64_t)last_sunday(year, 3) * SECONDS_PER_DAY + h;
        *end = (int64_t)sunday_on_or_after(year, 10, year <= 1989 ? 23 : 22) * SECONDS_PER_DAY + h;
    } else {
        *start = (int64_t)last_sunday(year, 3) * SECONDS_PER_DAY + h;
        *end = (int64_t)last_sunday(year, 10) * SECONDS_PER_DAY + h;
    }
}

int pr_uk_offset_at_utc(int64_t utc_seconds)
{
    int year, month, day;
    pr_civil_from_days((int32_t)pr_floor_div(utc_seconds, SECONDS_PER_DAY), &year, &month, &day);
    int64_t start, end;
    uk_summer(year, &start, &end);
    return utc_seconds >= start && utc_seconds < end ? 60 : 0;
}

/*
 * The offset in force for a UK wall-clock time given without an offset.
 * Summer time runs in wall-clock terms from start + 1 hour (the GMT wall
 * clock reaching the changeover jumps an hour) to end + 1 hour (the summer
 * wall clock reaching it goes back). Two wall-clock hours need a choice,
 * made as Python's zoneinfo does with fold=0 (PEP 495), and never by moving
 * the time the caller wrote:
 *   - the hour skipped in spring does not exist; it is read with the
 *     offset before the change (GMT);
 *   - the hour repeated in autumn happens twice; it is read as summer time,
 *     the first occurrence.
 * Either way the local date, which is all a day count uses, is as written.
 */
int pr_uk_offset_at_local(int32_t days, int seconds_of_day)
{
    int year, month, day;
    pr_civil_from_days(days, &year, &month, &day);
    int64_t wall = (int64_t)days * SECONDS_PER_DAY + seconds_of_day;
    int64_t start, end;
    uk_summer(year, &start, &end);
    return wall >= start + 3600 && wall < end + 3600 ? 60 : 0;
}

int64_t pr_time_to_utc(const protocol_time *t)
{
    int32_t days = pr_days_from_civil(t->date.year, t->date.month, t->date.day);
    if (!t->has_time)
        return (int64_t)days * SECONDS_PER_DAY - (int64_t)pr_uk_offset_at_local(days, 0) * 60;
    return (int64_t)days * SECONDS_PER_DAY + t->hour * 3600 + t->minute * 60 + t->second -
           (int64_t)t->utc_offset_minutes * 60;
}

void pr_time_from_utc(int64_t utc, protocol_time *out)
{
    protocol_time t = {.has_time = 1};
    t.utc_offset_minutes = pr_uk_offset_at_utc(utc);
    int64_t local = utc + (int64_t)t.utc_offset_minutes * 60;
    int64_t days = pr_floor_div(local, SECONDS_PER_DAY);
    int sod = (int)(local - days * SECONDS_PER_DAY);
    pr_civil_from_days((int32_t)days, &t.date.year, &t.date.month, &t.date.day);
    t.hour = sod / 3600;
    t.minute = sod / 60 % 60;
    t.second = sod % 60;
    *out = t;
}

/* --- parsing -------------------------------------------------------------- */

typedef struct parser {
    const char *text;
    size_t length;
    size_t pos;
    const char *place; /* the caller's place, or NULL to use the text */
} parser;

/* Room for SHOWN_BYTES bytes shown as \xNN, "..." and a NUL. */
#define SHOWN_SIZE (SHOWN_BYTES * 4 + 4)

/* Text as a message can carry it: printable ASCII as is, every other byte
 * (a NUL, a control, a stray UTF-8 byte) as \xNN, long text cut short. */
static void show_bytes(char *dst, const char *text, size_t length)
{
    size_t out = 0;
    size_t n = length < SHOWN_BYTES ? length : SHOWN_BYTES;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 0x20 && c < 0x7F) {
            dst[out++] = (char)c;
        } else {
            snprintf(dst + out, 5, "\\x%02X", c);
            out += 4;
        }
    }
    if (n < length) {
        memcpy(dst + out, "...", 3);
        out += 3;
    }
    dst[out] = '\0';
}

static protocol_status parse_fail(parser *p, protocol_error *err, const char *fmt, ...)
    PR_PRINTF(3, 4);

static protocol_status parse_fail(parser *p, protocol_error *err, const char *fmt, ...)
{
    char reason[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    char shown[SHOWN_SIZE];
    show_bytes(shown, p->text, p->length);
    return pr_fail(err, PROTOCOL_E_DATETIME, p->place ? p->place : shown, "'%s': %s", shown,
                   reason);
}

static int at(const parser *p, size_t offset)
{
    size_t i = p->pos + offset;
    return i < p->length ? (unsigned char)p->text[i] : -1;
}

static int is_digit_at(const parser *p, size_t offset)
{
    int c = at(p, offset);
    return c >= '0' && c <= '9';
}

/* Exactly n digits at the cursor (no more: "2026-011-05" is not a month). */
static bool take_digits(parser *p, int n, int *out)
{
    for (int i = 0; i < n; i++)
        if (!is_digit_at(p, (size_t)i))
            return false;
    if (is_digit_at(p, (size_t)n))
        return false;
    pr_parse_digits(p->text + p->pos, n, out);
    p->pos += (size_t)n;
    return true;
}

static bool take_char(parser *p, int c)
{
    if (at(p, 0) != c)
        return false;
    p->pos++;
    return true;
}

/* Parse the date at the start; on success the cursor is just after it. */
static protocol_status parse_date(parser *p, protocol_date *date, protocol_error *err)
{
    size_t run = 0;
    while (is_digit_at(p, run))
        run++;
    if (run > 4)
        return parse_fail(p, err,
                          "expected a date YYYY-MM-DD, but the year has %zu digits "
                          "(years run 0001..9999)",
                          run);
    if (!take_digits(p, 4, &date->year) || !take_char(p, '-') || !take_digits(p, 2, &date->month) ||
        !take_char(p, '-') || !take_digits(p, 2, &date->day))
        return parse_fail(p, err, "expected a date YYYY-MM-DD at the start");
    if (date->year == 0)
        return parse_fail(p, err, "year 0000 does not exist; years run 0001..9999");
    if (date->month < 1 || date->month > 12)
        return parse_fail(p, err, "month %02d does not exist; months run 01..12", date->month);
    if (date->day == 0)
        return parse_fail(p, err, "day 00 does not exist; days start at 01");
    int days = pr_days_in_month(date->year, date->month);
    if (date->day > days)
        return parse_fail(p, err, "%s %04d has %d days", month_names[date->month - 1], date->year,
                          days);
    return PROTOCOL_OK;
}

/* "HH:MM", "HH:MM:SS" or "HH:MM:SS.fff"; the fraction is dropped, not
 * rounded, so that 23:59:59.9 stays on its day. */
static protocol_status parse_clock(parser *p, int *hour, int *minute, int *second,
                                   protocol_error *err)
{
    if (!take_digits(p, 2, hour) || !take_char(p, ':') || !take_digits(p, 2, minute))
        return parse_fail(p, err, "expected a time HH:MM after the date");
    *second = 0;
    if (take_char(p, ':')) {
        if (!take_digits(p, 2, second))
            return parse_fail(p, err, "expected seconds SS after HH:MM:");
        if (take_char(p, '.')) {
            if (!is_digit_at(p, 0))
                return parse_fail(p, err, "expected digits after the decimal point");
            while (is_digit_at(p, 0))
                p->pos++;
        }
    }
    if (*hour > 23)
        return parse_fail(p, err, "hour %02d does not exist; hours run 00..23", *hour);
    if (*minute > 59)
        return parse_fail(p, err, "minute %02d does not exist; minutes run 00..59", *minute);
    if (*second > 59)
        return parse_fail(p, err,
                          "second %02d does not exist; seconds run 00..59 (leap seconds "
                          "are not accepted)",
                          *second);
    return PROTOCOL_OK;
}

/* "Z", "+HH:MM", "-HH:MM", "+HHMM" or "-HHMM", as minutes east of UTC. */
static protocol_status parse_offset(parser *p, int *minutes, protocol_error *err)
{
    if (take_char(p, 'Z')) {
        *minutes = 0;
        return PROTOCOL_OK;
    }
    int sign = at(p, 0) == '-' ? -1 : 1;
    p->pos++; /* the caller saw '+' or '-' */
    size_t run = 0;
    while (is_digit_at(p, run))
        run++;
    int oh, om;
    if (run == 4) { /* the basic form "+HHMM" */
        take_digits(p, 4, &oh);
        om = oh % 100;
        oh /= 100;
    } else if (!take_digits(p, 2, &oh) || !take_char(p, ':') || !take_digits(p, 2, &om)) {
        return parse_fail(p, err, "expected an offset Z, +HH:MM or -HH:MM (or +HHMM)");
    }
    if (om > 59)
        return parse_fail(p, err, "offset minutes %02d do not exist; they run 00..59", om);
    if (oh * 60 + om > MAX_OFFSET_MINUTES)
        return parse_fail(p, err, "offset %c%02d:%02d is out of range; offsets run -14:00..+14:00",
                          sign < 0 ? '-' : '+', oh, om);
    *minutes = sign * (oh * 60 + om);
    return PROTOCOL_OK;
}

protocol_status pr_time_parse_n(const char *text, size_t length, const char *place,
                                protocol_time *out, protocol_error *err)
{
    if (!text || !out)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, place,
                       "parsing a time needs text and an output");
    parser p = {.text = text, .length = length, .pos = 0, .place = place};
    if (length == 0)
        return parse_fail(&p, err,
                          "the text is empty; expected a date YYYY-MM-DD or a "
                          "date-time YYYY-MM-DDTHH:MM[:SS][offset]");
    const char *nul = memchr(text, '\0', length);
    if (nul)
        return parse_fail(&p, err, "the text holds a NUL byte at byte %zu", (size_t)(nul - text));

    protocol_date date;
    protocol_status status = parse_date(&p, &date, err);
    if (status != PROTOCOL_OK)
        return status;
    protocol_time t = {.date = date};
    if (p.pos == length) {
        *out = t;
        return PROTOCOL_OK;
    }
    if (!take_char(&p, 'T') && !take_char(&p, ' ')) {
        if (at(&p, 0) == 'Z' || at(&p, 0) == '+' || at(&p, 0) == '-')
            return parse_fail(&p, err, "a date without a time cannot have an offset");
        return parse_fail(&p, err, "expected 'T' or a space and a time after the date");
    }
    status = parse_clock(&p, &t.hour, &t.minute, &t.second, err);
    if (status != PROTOCOL_OK)
        return status;
    t.has_time = 1;
    int has_offset = 0, offset = 0;
    if (at(&p, 0) == 'Z' || at(&p, 0) == '+' || at(&p, 0) == '-') {
        status = parse_offset(&p, &offset, err);
        if (status != PROTOCOL_OK)
            return status;
        has_offset = 1;
    }
    if (p.pos != length) {
        char rest[SHOWN_SIZE];
        show_bytes(rest, text + p.pos, length - p.pos);
        return parse_fail(&p, err, "unexpected '%s' after the %s", rest,
                          has_offset ? "offset" : "time");
    }

    int32_t days = pr_days_from_civil(date.year, date.month, date.day);
    int sod = t.hour * 3600 + t.minute * 60 + t.second;
    if (has_offset) {
        int64_t utc = (int64_t)days * SECONDS_PER_DAY + sod - (int64_t)offset * 60;
        pr_time_from_utc(utc, &t);
        if (t.date.year < 1 || t.date.year > 9999)
            return parse_fail(&p, err,
                              "in UK local time this falls in year %d, outside "
                              "0001..9999",
                              t.date.year);
    } else {
        t.utc_offset_minutes = pr_uk_offset_at_local(days, sod);
    }
    *out = t;
    return PROTOCOL_OK;
}

protocol_status protocol_time_parse(const char *text, protocol_time *out, protocol_error *err)
{
    if (!text || !out)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_time_parse needs text and an output");
    return pr_time_parse_n(text, strlen(text), NULL, out, err);
}

/* --- formatting and order ------------------------------------------------- */

protocol_status protocol_time_format(const protocol_time *time, char *buf, size_t size,
                                     protocol_error *err)
{
    if (!time || !buf)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_time_format needs a time and a buffer");
    const protocol_time *t = time;
    if (!protocol_date_is_valid(t->date))
        return pr_fail(err, PROTOCOL_E_DATETIME, NULL, "%d-%d-%d is not a date that exists",
                       t->date.year, t->date.month, t->date.day);
    if (t->has_time != 0 && t->has_time != 1)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, "has_time",
                       "has_time must be 0 or 1, not %d", t->has_time);
    if (!t->has_time) {
        if (size < 11)
            return pr_fail(err, PROTOCOL_E_BUFFER_TOO_SMALL, NULL,
                           "a date needs 11 bytes, the buffer has %zu", size);
        snprintf(buf, size, "%04d-%02d-%02d", t->date.year, t->date.month, t->date.day);
        return PROTOCOL_OK;
    }
    if (t->hour < 0 || t->hour > 23 || t->minute < 0 || t->minute > 59 || t->second < 0 ||
        t->second > 59)
        return pr_fail(err, PROTOCOL_E_DATETIME, NULL, "%d:%d:%d is not a time of day", t->hour,
                       t->minute, t->second);
    if (t->utc_offset_minutes != 0 && t->utc_offset_minutes != 60)
        return pr_fail(err, PROTOCOL_E_DATETIME, NULL, "a UK offset is 0 or 60 minutes, not %d",
                       t->utc_offset_minutes);
    if (size < 26)
        return pr_fail(err, PROTOCOL_E_BUFFER_TOO_SMALL, NULL,
                       "a date-time needs 26 bytes, the buffer has %zu", size);
    snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d+%02d:00", t->date.year, t->date.month,
             t->date.day, t->hour, t->minute, t->second, t->utc_offset_minutes / 60);
    return PROTOCOL_OK;
}

int pr_time_compare(const protocol_time *a, const protocol_time *b)
{
    int32_t da = pr_days_from_civil(a->date.year, a->date.month, a->date.day);
    int32_t db = pr_days_from_civil(b->date.year, b->date.month, b->date.day);
    if (da != db)
        return da < db ? -1 : 1;
    long sa = a->has_time ? a->hour * 3600L + a->minute * 60L + a->second : 0;
    long sb = b->has_time ? b->hour * 3600L + b->minute * 60L + b->second : 0;
    return (sa > sb) - (sa < sb);
}
