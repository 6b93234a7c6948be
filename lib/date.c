/*
 * Calendar dates: day numbers (days since 1970-01-01) to and from
 * year/month/day, weekdays, and the strict "YYYY-MM-DD" text form.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian
 * calendar, no loops, no tables. */
int32_t pr_days_from_civil(int year, int month, int day)
{
    int y = year - (month <= 2);
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153u * (unsigned)(month + (month > 2 ? -3 : 9)) + 2u) / 5u + (unsigned)day - 1u;
    unsigned doe = yoe * 365u + yoe / 4u - yoe / 100u + doy;
    return (int32_t)(era * 146097 + (int)doe - 719468);
}

void pr_civil_from_days(int32_t days, int *year, int *month, int *day)
{
    int32_t z = days + 719468;
    int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460u + doe / 36524u - doe / 146096u) / 365u;
    int y = (int)yoe + era * 400;
    unsigned doy = doe - (365u * yoe + yoe / 4u - yoe / 100u);
    unsigned mp = (5u * doy + 2u) / 153u;
    unsigned d = doy - (153u * mp + 2u) / 5u + 1u;
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = y + (m <= 2);
    *month = m;
    *day = (int)d;
}

int pr_weekday(int32_t days)
{
    /* 1970-01-01 was a Thursday (3 with Monday = 0). */
    int32_t w = (days + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

bool pr_is_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int pr_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    return days[month - 1] + (month == 2 && pr_is_leap_year(year));
}

bool pr_parse_digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

int protocol_date_is_valid(protocol_date date)
{
    return date.year >= 1 && date.year <= 9999 && date.month >= 1 && date.month <= 12 &&
           date.day >= 1 && date.day <= pr_days_in_month(date.year, date.month);
}

protocol_status protocol_date_parse(const char *text, protocol_date *out, protocol_error *err)
{
    if (!text || !out)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_date_parse needs text and an output");
    protocol_date d;
    if (strlen(text) != 10 || text[4] != '-' || text[7] != '-' ||
        !pr_parse_digits(text, 4, &d.year) || !pr_parse_digits(text + 5, 2, &d.month) ||
        !pr_parse_digits(text + 8, 2, &d.day))
        return pr_fail(err, PROTOCOL_E_DATETIME, text,
                       "'%.64s' is not a date of the form YYYY-MM-DD", text);
    if (!protocol_date_is_valid(d))
        return pr_fail(err, PROTOCOL_E_DATETIME, text, "'%s' is not a date that exists", text);
    *out = d;
    return PROTOCOL_OK;
}

protocol_status protocol_date_format(protocol_date date, char *buf, size_t size,
                                     protocol_error *err)
{
    if (!buf)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL, "protocol_date_format needs a buffer");
    if (!protocol_date_is_valid(date))
        return pr_fail(err, PROTOCOL_E_DATETIME, NULL, "%d-%d-%d is not a date that exists",
                       date.year, date.month, date.day);
    if (size < 11)
        return pr_fail(err, PROTOCOL_E_BUFFER_TOO_SMALL, NULL,
                       "a date needs 11 bytes, the buffer has %zu", size);
    snprintf(buf, size, "%04d-%02d-%02d", date.year, date.month, date.day);
    return PROTOCOL_OK;
}
