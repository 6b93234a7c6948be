/*
 * Tests for lib/datetime.c: every accepted form of time text, every rejected
 * one (with its error and the text named), the GMT/BST changes against the
 * tz database, formatting, and ordering. Expected values are worked by hand.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

#include "check.h"

/* Parse `text` and check every field of the result. */
static void expect_time(int line, const char *text, int y, int mo, int d, int has_time, int h,
                        int mi, int s, int offset)
{
    protocol_time t;
    memset(&t, 0x5A, sizeof t);
    protocol_error err = {0};
    protocol_status st = protocol_time_parse(text, &t, &err);
    if (st != PROTOCOL_OK) {
        fprintf(stderr, "line %d: '%s' refused: %s\n", line, text, err.message);
        failures++;
        return;
    }
    if (t.date.year != y || t.date.month != mo || t.date.day != d || t.has_time != has_time ||
        t.hour != h || t.minute != mi || t.second != s || t.utc_offset_minutes != offset) {
        fprintf(stderr,
                "line %d: '%s' gave %04d-%02d-%02d has_time=%d %02d:%02d:%02d offset=%d, "
                "expected %04d-%02d-%02d has_time=%d %02d:%02d:%02d offset=%d\n",
                line, text, t.date.year, t.date.month, t.date.day, t.has_time, t.hour, t.minute,
                t.second, t.utc_offset_minutes, y, mo, d, has_time, h, mi, s, offset);
        failures++;
    }
}
#define EXPECT_DATE(text, y, mo, d) expect_time(__LINE__, text, y, mo, d, 0, 0, 0, 0, 0)
#define EXPECT_TIME(text, y, mo, d, h, mi, s, off)                                                 \
    expect_time(__LINE__, text, y, mo, d, 1, h, mi, s, off)

/* Parse `text`, expect PROTOCOL_E_DATETIME with the text as the place, the
 * text in the message, `why` in the message, and the output untouched. */
static void expect_refused(int line, const char *text, const char *why)
{
    protocol_time t, before;
    memset(&t, 0x5A, sizeof t);
    before = t;
    protocol_error err = {0};
    protocol_status st = protocol_time_parse(text, &t, &err);
    char quoted[300];
    snprintf(quoted, sizeof quoted, "'%s'", text);
    if (st != PROTOCOL_E_DATETIME || err.code != PROTOCOL_E_DATETIME ||
        strcmp(err.place, text) != 0 || strstr(err.message, quoted) == NULL ||
        (why && strstr(err.message, why) == NULL) || memcmp(&t, &before, sizeof t) != 0) {
        fprintf(stderr, "line %d: '%s' gave %s, place '%s', message '%s'\n", line, text,
                protocol_status_name(st), err.place, err.message);
        failures++;
    }
}
#define EXPECT_REFUSED(text, why) expect_refused(__LINE__, text, why)

static void test_accepted_forms(void)
{
    /* a date: no time, no offset */
    EXPECT_DATE("2026-11-20", 2026, 11, 20);
    EXPECT_DATE("2026-07-01", 2026, 7, 1); /* a summer date still has offset 0 */
    EXPECT_DATE("0001-01-01", 1, 1, 1);
    EXPECT_DATE("9999-12-31", 9999, 12, 31);
    EXPECT_DATE("2024-02-29", 2024, 2, 29);
    EXPECT_DATE("2000-02-29", 2000, 2, 29); /* divisible by 400 */

    /* local date-times: seconds optional, 'T' or one space, fractions dropped */
    EXPECT_TIME("2026-11-20T16:30", 2026, 11, 20, 16, 30, 0, 0);
    EXPECT_TIME("2026-11-20T16:30:45", 2026, 11, 20, 16, 30, 45, 0);
    EXPECT_TIME("2026-11-20 16:30", 2026, 11, 20, 16, 30, 0, 0);
    EXPECT_TIME("2026-11-20 16:30:45", 2026, 11, 20, 16, 30, 45, 0);
    EXPECT_TIME("2026-11-20T16:30:45.123", 2026, 11, 20, 16, 30, 45, 0);
    EXPECT_TIME("2026-11-20T16:30:45.5", 2026, 11, 20, 16, 30, 45, 0);
    /* dropped, not rounded: the last instant of a day stays on that day */
    EXPECT_TIME("2026-11-20T23:59:59.999999999", 2026, 11, 20, 23, 59, 59, 0);
    EXPECT_TIME("2026-11-20T00:00", 2026, 11, 20, 0, 0, 0, 0);
    EXPECT_TIME("2026-07-01T16:30", 2026, 7, 1, 16, 30, 0, 60); /* BST */

    /* offsets: converted to UK local time */
    EXPECT_TIME("2026-11-20T16:30:00Z", 2026, 11, 20, 16, 30, 0, 0);
    EXPECT_TIME("2026-11-20T16:30Z", 2026, 11, 20, 16, 30, 0, 0);
    EXPECT_TIME("2026-11-20 16:30Z", 2026, 11, 20, 16, 30, 0, 0);
    EXPECT_TIME("2026-11-20T16:30:00.75Z", 2026, 11, 20, 16, 30, 0, 0);
    EXPECT_TIME("2026-11-20T16:30:00+00:00", 2026, 11, 20, 16, 30, 0, 0);
    EXPECT_TIME("2026-11-20T16:30:00-00:00", 2026, 11, 20, 16, 30, 0, 0);
    EXPECT_TIME("2026-07-01T16:30:00Z", 2026, 7, 1, 17, 30, 0, 60);
    EXPECT_TIME("2026-07-01T16:30:00+01:00", 2026, 7, 1, 16, 30, 0, 60);
    EXPECT_TIME("2026-11-20T16:30:00+01:00", 2026, 11, 20, 15, 30, 0, 0);
    EXPECT_TIME("2026-11-20T16:30:00+05:30", 2026, 11, 20, 11, 0, 0, 0);
    EXPECT_TIME("2026-11-20T16:30:00+0530", 2026, 11, 20, 11, 0, 0, 0); /* basic form */
    EXPECT_TIME("2026-11-20T16:30:00-0500", 2026, 11, 20, 21, 30, 0, 0);
    EXPECT_TIME("2026-11-20T16:30:00-05:00", 2026, 11, 20, 21, 30, 0, 0);
    EXPECT_TIME("2026-11-20T16:30:00-03:45", 2026, 11, 20, 20, 15, 0, 0);
    /* the widest offsets allowed */
    EXPECT_TIME("2026-11-20T16:30:00+14:00", 2026, 11, 20, 2, 30, 0, 0);
    EXPECT_TIME("2026-11-20T16:30:00-14:00", 2026, 11, 21, 6, 30, 0, 0);
    /* the ends of the year range, where the offset keeps the local year */
    EXPECT_TIME("0001-01-01T00:30:00-01:00", 1, 1, 1, 1, 30, 0, 0);
    EXPECT_TIME("9999-12-31T23:30:00+01:00", 9999, 12, 31, 22, 30, 0, 0);
}

static void test_midnight_crossings(void)
{
    /* 23:30 UTC in summer is 00:30 BST the next day, into the next month */
    EXPECT_TIME("2026-06-30T23:30:00Z", 2026, 7, 1, 0, 30, 0, 60);
    /* 00:30 at +02:00 is 22:30 UTC the day before, 23:30 BST */
    EXPECT_TIME("2026-07-01T00:30:00+02:00", 2026, 6, 30, 23, 30, 0, 60);
    /* across the new year, in winter (GMT) */
    EXPECT_TIME("2026-12-31T23:30:00-01:00", 2027, 1, 1, 0, 30, 0, 0);
    EXPECT_TIME("2027-01-01T00:30:00+01:00", 2026, 12, 31, 23, 30, 0, 0);
    /* across 28/29 February of a leap year */
    EXPECT_TIME("2024-02-28T23:00:00-02:00", 2024, 2, 29, 1, 0, 0, 0);
    EXPECT_TIME("2023-02-28T23:00:00-02:00", 2023, 3, 1, 1, 0, 0, 0);
    /* in winter, 23:30Z stays on its day */
    EXPECT_TIME("2026-11-20T23:30:00Z", 2026, 11, 20, 23, 30, 0, 0);
}

static void test_bst_boundaries(void)
{
    /* Spring 2026: Sunday 29 March, 01:00 UTC */
    EXPECT_TIME("2026-03-29T00:59:59Z", 2026, 3, 29, 0, 59, 59, 0);
    EXPECT_TIME("2026-03-29T01:00:00Z", 2026, 3, 29, 2, 0, 0, 60);
    EXPECT_TIME("2026-03-29T01:00:00+01:00", 2026, 3, 29, 0, 0, 0, 0);
    EXPECT_TIME("2026-03-28T01:30:00Z", 2026, 3, 28, 1, 30, 0, 0); /* the day before */
    /* Autumn 2026: Sunday 25 October, 01:00 UTC */
    EXPECT_TIME("2026-10-25T00:59Z", 2026, 10, 25, 1, 59, 0, 60);
    EXPECT_TIME("2026-10-25T00:59:59Z", 2026, 10, 25, 1, 59, 59, 60);
    EXPECT_TIME("2026-10-25T01:00Z", 2026, 10, 25, 1, 0, 0, 0);
    EXPECT_TIME("2026-10-26T00:30Z", 2026, 10, 26, 0, 30, 0, 0); /* the day after */
    /* The autumn hour that happens twice, written with each offset. */
    EXPECT_TIME("2026-10-25T01:30:00+01:00", 2026, 10, 25, 1, 30, 0, 60);
    EXPECT_TIME("2026-10-25T01:30:00+00:00", 2026, 10, 25, 1, 30, 0, 0);

    /* Local times without an offset take the UK rule by wall clock. */
    EXPECT_TIME("2026-03-29T00:59:59", 2026, 3, 29, 0, 59, 59, 0);
    /* 01:00-01:59 on the spring day never happens: read as GMT, kept as written */
    EXPECT_TIME("2026-03-29T01:00", 2026, 3, 29, 1, 0, 0, 0);
    EXPECT_TIME("2026-03-29T01:59:59", 2026, 3, 29, 1, 59, 59, 0);
    EXPECT_TIME("2026-03-29T02:00", 2026, 3, 29, 2, 0, 0, 60);
    EXPECT_TIME("2026-10-25T00:59", 2026, 10, 25, 0, 59, 0, 60);
    /* 01:00-01:59 on the autumn day happens twice: read as BST, the first */
    EXPECT_TIME("2026-10-25T01:00", 2026, 10, 25, 1, 0, 0, 60);
    EXPECT_TIME("2026-10-25T01:59:59", 2026, 10, 25, 1, 59, 59, 60);
    EXPECT_TIME("2026-10-25T02:00", 2026, 10, 25, 2, 0, 0, 0);

    /* The changes of 1996..2037 as the tz database (Europe/London) has them,
     * each at 01:00 UTC: (year, March day, October day). */
    static const int changes[][3] = {
        {1996, 31, 27}, {1997, 30, 26}, {1998, 29, 25}, {1999, 28, 31}, {2000, 26, 29},
        {2001, 25, 28}, {2002, 31, 27}, {2003, 30, 26}, {2004, 28, 31}, {2005, 27, 30},
        {2006, 26, 29}, {2007, 25, 28}, {2008, 30, 26}, {2009, 29, 25}, {2010, 28, 31},
        {2011, 27, 30}, {2012, 25, 28}, {2013, 31, 27}, {2014, 30, 26}, {2015, 29, 25},
        {2016, 27, 30}, {2017, 26, 29}, {2018, 25, 28}, {2019, 31, 27}, {2020, 29, 25},
        {2021, 28, 31}, {2022, 27, 30}, {2023, 26, 29}, {2024, 31, 27}, {2025, 30, 26},
        {2026, 29, 25}, {2027, 28, 31}, {2028, 26, 29}, {2029, 25, 28}, {2030, 31, 27},
        {2031, 30, 26}, {2032, 28, 31}, {2033, 27, 30}, {2034, 26, 29}, {2035, 25, 28},
        {2036, 30, 26}, {2037, 29, 25},
    };
    for (size_t i = 0; i < sizeof changes / sizeof changes[0]; i++) {
        int y = changes[i][0], mar = changes[i][1], oct = changes[i][2];
        char text[40];
        snprintf(text, sizeof text, "%04d-03-%02dT00:59:59Z", y, mar);
        expect_time(__LINE__, text, y, 3, mar, 1, 0, 59, 59, 0);
        snprintf(text, sizeof text, "%04d-03-%02dT01:00:00Z", y, mar);
        expect_time(__LINE__, text, y, 3, mar, 1, 2, 0, 0, 60);
        snprintf(text, sizeof text, "%04d-10-%02dT00:59:59Z", y, oct);
        expect_time(__LINE__, text, y, 10, oct, 1, 1, 59, 59, 60);
        snprintf(text, sizeof text, "%04d-10-%02dT01:00:00Z", y, oct);
        expect_time(__LINE__, text, y, 10, oct, 1, 1, 0, 0, 0);
        /* a week before each change, nothing changes */
        snprintf(text, sizeof text, "%04d-03-%02dT01:00:00Z", y, mar - 7);
        expect_time(__LINE__, text, y, 3, mar - 7, 1, 1, 0, 0, 0);
        snprintf(text, sizeof text, "%04d-10-%02dT01:00:00Z", y, oct - 7);
        expect_time(__LINE__, text, y, 10, oct - 7, 1, 2, 0, 0, 60);
    }
    /* 1980 had the 1972-80 rule (Summer Time Order 1980): from 02:00 GMT
     * on Sunday 16 March (the day after the third Saturday, the 15th) to
     * 02:00 GMT on Sunday 26 October (after the fourth Saturday, the 25th).
     * So 01:00 GMT on 30 March (the EU rule's day) is already summer time,
     * and 01:00 GMT on 26 October still is. */
    EXPECT_TIME("1980-03-16T01:59:59Z", 1980, 3, 16, 1, 59, 59, 0);
    EXPECT_TIME("1980-03-16T02:00:00Z", 1980, 3, 16, 3, 0, 0, 60);
    EXPECT_TIME("1980-03-30T01:00:00Z", 1980, 3, 30, 2, 0, 0, 60);
    EXPECT_TIME("1980-10-26T01:00:00Z", 1980, 10, 26, 2, 0, 0, 60);
    EXPECT_TIME("1980-10-26T02:00:00Z", 1980, 10, 26, 2, 0, 0, 0);
    /* British Standard Time: GMT+1 in midwinter 1970, GMT from 02:00 GMT
     * on 31 October 1971. */
    EXPECT_TIME("1970-01-15T12:00:00Z", 1970, 1, 15, 13, 0, 0, 60);
    EXPECT_TIME("1971-10-31T01:59:59Z", 1971, 10, 31, 2, 59, 59, 60);
    EXPECT_TIME("1971-10-31T02:00:00Z", 1971, 10, 31, 2, 0, 0, 0);
    /* 1995 ended on the fourth Sunday of October, the 22nd, not the last
     * (29th). */
    EXPECT_TIME("1995-10-22T00:59:59Z", 1995, 10, 22, 1, 59, 59, 60);
    EXPECT_TIME("1995-10-22T01:00:00Z", 1995, 10, 22, 1, 0, 0, 0);
}

static void test_refused_forms(void)
{
    EXPECT_REFUSED("", "empty");
    /* impossible dates */
    EXPECT_REFUSED("2026-02-30", "February 2026 has 28 days");
    EXPECT_REFUSED("2026-02-29", "February 2026 has 28 days");
    EXPECT_REFUSED("1900-02-29", "February 1900 has 28 days");
    EXPECT_REFUSED("2024-02-30", "February 2024 has 29 days");
    EXPECT_REFUSED("2026-04-31", "April 2026 has 30 days");
    EXPECT_REFUSED("2026-13-01", "month 13");
    EXPECT_REFUSED("2026-00-10", "month 00");
    EXPECT_REFUSED("2026-11-00", "day 00");
    EXPECT_REFUSED("2026-11-32", "November 2026 has 30 days");
    EXPECT_REFUSED("2026-02-30T10:00", "February 2026 has 28 days");
    /* years */
    EXPECT_REFUSED("0000-01-01", "year 0000");
    EXPECT_REFUSED("10000-01-01", "5 digits");
    EXPECT_REFUSED("02026-01-01", "5 digits");
    EXPECT_REFUSED("026-01-01", "YYYY-MM-DD");
    /* malformed dates */
    EXPECT_REFUSED("2026-1-05", "YYYY-MM-DD");
    EXPECT_REFUSED("2026-011-05", "YYYY-MM-DD");
    EXPECT_REFUSED("2026/11/20", "YYYY-MM-DD");
    EXPECT_REFUSED("20261120", "YYYY-MM-DD");
    EXPECT_REFUSED(" 2026-11-20", "YYYY-MM-DD");
    EXPECT_REFUSED("next Friday", "YYYY-MM-DD");
    /* after the date */
    EXPECT_REFUSED("2026-11-200", "YYYY-MM-DD");
    EXPECT_REFUSED("2026-11-20x", "'T' or a space");
    EXPECT_REFUSED("2026-11-20t10:00", "'T' or a space");
    EXPECT_REFUSED("2026-11-20Z", "without a time");
    EXPECT_REFUSED("2026-11-20+01:00", "without a time");
    EXPECT_REFUSED("2026-11-20 ", "HH:MM");
    EXPECT_REFUSED("2026-11-20T", "HH:MM");
    EXPECT_REFUSED("2026-11-20  10:00", "HH:MM");
    EXPECT_REFUSED("2026-11-20T10", "HH:MM");
    EXPECT_REFUSED("2026-11-20T1:00", "HH:MM");
    EXPECT_REFUSED("2026-11-20T10:5", "HH:MM");
    EXPECT_REFUSED("2026-11-20T1000", "HH:MM");
    EXPECT_REFUSED("2026-11-20T10:00:", "SS");
    EXPECT_REFUSED("2026-11-20T10:00:5", "SS");
    EXPECT_REFUSED("2026-11-20T10:00:00.", "decimal point");
    EXPECT_REFUSED("2026-11-20T10:00.5", "unexpected '.5' after the time");
    /* impossible times */
    EXPECT_REFUSED("2026-11-20T24:00", "hour 24");
    EXPECT_REFUSED("2026-11-20T24:61", "hour 24");
    EXPECT_REFUSED("2026-11-20T23:60", "minute 60");
    EXPECT_REFUSED("2026-11-20T23:61:00Z", "minute 61");
    EXPECT_REFUSED("2026-11-20T23:59:60", "leap seconds");
    EXPECT_REFUSED("2026-12-31T23:59:60Z", "second 60");
    /* offsets */
    EXPECT_REFUSED("2026-11-20T10:00:00+25:00", "+25:00 is out of range");
    EXPECT_REFUSED("2026-11-20T10:00:00+14:01", "+14:01 is out of range");
    EXPECT_REFUSED("2026-11-20T10:00:00-15:00", "-15:00 is out of range");
    EXPECT_REFUSED("2026-11-20T10:00:00+01:60", "offset minutes 60");
    EXPECT_REFUSED("2026-11-20T10:00:00+1:00", "+HH:MM");
    EXPECT_REFUSED("2026-11-20T10:00:00+01", "+HH:MM");
    EXPECT_REFUSED("2026-11-20T10:00:00+01:0", "+HH:MM");
    EXPECT_REFUSED("2026-11-20T10:00:00+010", "+HH:MM");
    EXPECT_REFUSED("2026-11-20T10:00:00+01000", "+HH:MM");
    EXPECT_REFUSED("2026-11-20T10:00:00+", "+HH:MM");
    EXPECT_REFUSED("2026-11-20T10:00:00z", "unexpected 'z'");
    EXPECT_REFUSED("2026-11-20T10:00:00 Z", "unexpected ' Z'");
    EXPECT_REFUSED("2026-11-20T10:00:00+01:00:00", "unexpected ':00' after the offset");
    EXPECT_REFUSED("2026-11-20T10:00:00Zjunk", "unexpected 'junk' after the offset");
    EXPECT_REFUSED("2026-11-20T10:00:00ZZ", "after the offset");
    EXPECT_REFUSED("2026-11-20T10:00:00 ", "after the time");
    /* an offset that moves the local time out of years 1..9999 */
    EXPECT_REFUSED("0001-01-01T00:30:00+01:00", "year 0");
    EXPECT_REFUSED("9999-12-31T23:30:00-01:00", "year 10000");
}

static void test_parse_n(void)
{
    protocol_time t;
    protocol_error err = {0};
    /* the length decides, not a NUL: a date inside longer text */
    CHECK(pr_time_parse_n("2026-11-20T10:00Z and more", 16, NULL, &t, &err) == PROTOCOL_OK);
    CHECK(t.has_time == 1 && t.hour == 10 && t.minute == 0 && t.date.day == 20);
    CHECK(pr_time_parse_n("2026-11-20XYZ", 10, "case.start", &t, &err) == PROTOCOL_OK);
    CHECK(t.has_time == 0 && t.date.year == 2026 && t.date.month == 11 && t.date.day == 20);

    /* a NUL inside the length is refused, and shown, not cut at */
    memset(&err, 0, sizeof err);
    static const char with_nul[] = "2026-11-20\0T10:00";
    CHECK(pr_time_parse_n(with_nul, sizeof with_nul - 1, NULL, &t, &err) == PROTOCOL_E_DATETIME);
    CHECK(strcmp(err.place, "2026-11-20\\x00T10:00") == 0);
    CHECK(strstr(err.message, "'2026-11-20\\x00T10:00'") != NULL);
    CHECK(strstr(err.message, "NUL byte at byte 10") != NULL);

    /* with a place: the place names where, the message names the text */
    memset(&err, 0, sizeof err);
    CHECK(pr_time_parse_n("2026-02-30", 10, "case.referral.received", &t, &err) ==
          PROTOCOL_E_DATETIME);
    CHECK(err.code == PROTOCOL_E_DATETIME);
    CHECK(strcmp(err.place, "case.referral.received") == 0);
    CHECK(strstr(err.message, "'2026-02-30'") != NULL);
    CHECK(strstr(err.message, "February 2026 has 28 days") != NULL);

    /* empty with a place */
    memset(&err, 0, sizeof err);
    CHECK(pr_time_parse_n("", 0, "/start", &t, &err) == PROTOCOL_E_DATETIME);
    CHECK(strcmp(err.place, "/start") == 0 && strstr(err.message, "empty") != NULL);

    /* a text cut short at the length is refused as such */
    memset(&err, 0, sizeof err);
    CHECK(pr_time_parse_n("2026-11-20T10:00", 13, NULL, &t, &err) == PROTOCOL_E_DATETIME);
    CHECK(strcmp(err.place, "2026-11-20T10") == 0);

    /* control bytes and stray UTF-8 are shown escaped */
    memset(&err, 0, sizeof err);
    CHECK(protocol_time_parse("2026-11-20\t10:00", &t, &err) == PROTOCOL_E_DATETIME);
    CHECK(strcmp(err.place, "2026-11-20\\x0910:00") == 0);
    memset(&err, 0, sizeof err);
    CHECK(protocol_time_parse("2026\xE2\x80\x90"
                              "11-20",
                              &t, &err) == PROTOCOL_E_DATETIME);
    CHECK(strcmp(err.place, "2026\\xE2\\x80\\x9011-20") == 0);
    memset(&err, 0, sizeof err); /* full-width digits are not digits */
    CHECK(protocol_time_parse("\xEF\xBC\x92\xEF\xBC\x90", &t, &err) == PROTOCOL_E_DATETIME);
    CHECK(strcmp(err.place, "\\xEF\\xBC\\x92\\xEF\\xBC\\x90") == 0);

    /* long text: cut short with "...", within the record */
    char longtext[1000];
    memset(longtext, '7', sizeof longtext - 1);
    longtext[sizeof longtext - 1] = '\0';
    memset(&err, 0, sizeof err);
    CHECK(protocol_time_parse(longtext, &t, &err) == PROTOCOL_E_DATETIME);
    CHECK(strlen(err.place) == 48 + 3 && strcmp(err.place + 48, "...") == 0);
    CHECK(strstr(err.message, "999 digits") != NULL);
    char long_ctl[300];
    memset(long_ctl, '\x01', sizeof long_ctl - 1);
    long_ctl[sizeof long_ctl - 1] = '\0';
    memset(&err, 0, sizeof err);
    CHECK(protocol_time_parse(long_ctl, &t, &err) == PROTOCOL_E_DATETIME);
    CHECK(strlen(err.place) == 48 * 4 + 3);
    CHECK(strlen(err.message) < sizeof err.message - 1);

    /* arguments */
    memset(&err, 0, sizeof err);
    CHECK(protocol_time_parse(NULL, &t, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(err.code == PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(protocol_time_parse("2026-11-20", NULL, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(pr_time_parse_n(NULL, 3, NULL, &t, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    /* err may be NULL */
    CHECK(protocol_time_parse("2026-02-30", &t, NULL) == PROTOCOL_E_DATETIME);
    CHECK(protocol_time_parse("2026-11-20", &t, NULL) == PROTOCOL_OK);
    /* success leaves the error record alone */
    memset(&err, 0, sizeof err);
    err.code = PROTOCOL_E_JSON;
    CHECK(protocol_time_parse("2026-11-20", &t, &err) == PROTOCOL_OK);
    CHECK(err.code == PROTOCOL_E_JSON);
}

static void expect_format(int line, const char *text, const char *expected)
{
    protocol_time t;
    char buf[26];
    protocol_error err = {0};
    if (protocol_time_parse(text, &t, &err) != PROTOCOL_OK ||
        protocol_time_format(&t, buf, sizeof buf, &err) != PROTOCOL_OK ||
        strcmp(buf, expected) != 0) {
        fprintf(stderr, "line %d: '%s' formatted as '%s', expected '%s' (%s)\n", line, text, buf,
                expected, err.message);
        failures++;
    }
}

static void test_format(void)
{
    expect_format(__LINE__, "2026-11-20", "2026-11-20");
    expect_format(__LINE__, "0001-01-01", "0001-01-01");
    expect_format(__LINE__, "2026-11-20T16:30", "2026-11-20T16:30:00+00:00");
    expect_format(__LINE__, "2026-07-01T09:05:07", "2026-07-01T09:05:07+01:00");
    expect_format(__LINE__, "2026-06-30T23:30:00Z", "2026-07-01T00:30:00+01:00");
    expect_format(__LINE__, "2026-11-20T16:30:00.9-05:00", "2026-11-20T21:30:00+00:00");
    expect_format(__LINE__, "9999-12-31T23:59:59", "9999-12-31T23:59:59+00:00");

    protocol_error err = {0};
    char buf[64];
    protocol_time t = {{2026, 7, 1}, 1, 0, 30, 0, 60};
    /* exactly 26 bytes for a date-time, 11 for a date */
    CHECK(protocol_time_format(&t, buf, 26, &err) == PROTOCOL_OK);
    CHECK(strcmp(buf, "2026-07-01T00:30:00+01:00") == 0 && strlen(buf) == 25);
    memset(buf, 'x', sizeof buf);
    CHECK(protocol_time_format(&t, buf, 25, &err) == PROTOCOL_E_BUFFER_TOO_SMALL);
    CHECK(err.code == PROTOCOL_E_BUFFER_TOO_SMALL && buf[0] == 'x');
    protocol_time d = {{2026, 7, 1}, 0, 0, 0, 0, 0};
    CHECK(protocol_time_format(&d, buf, 11, &err) == PROTOCOL_OK);
    CHECK(strcmp(buf, "2026-07-01") == 0);
    CHECK(protocol_time_format(&d, buf, 10, &err) == PROTOCOL_E_BUFFER_TOO_SMALL);

    /* times no parse could give */
    protocol_time bad = {{2026, 2, 30}, 0, 0, 0, 0, 0};
    CHECK(protocol_time_format(&bad, buf, sizeof buf, &err) == PROTOCOL_E_DATETIME);
    bad = (protocol_time){{2026, 2, 28}, 1, 24, 0, 0, 0};
    CHECK(protocol_time_format(&bad, buf, sizeof buf, &err) == PROTOCOL_E_DATETIME);
    bad = (protocol_time){{2026, 2, 28}, 1, 10, 0, 0, 30};
    CHECK(protocol_time_format(&bad, buf, sizeof buf, &err) == PROTOCOL_E_DATETIME);
    bad = (protocol_time){{2026, 2, 28}, 2, 10, 0, 0, 0};
    CHECK(protocol_time_format(&bad, buf, sizeof buf, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(protocol_time_format(NULL, buf, sizeof buf, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(protocol_time_format(&t, NULL, 26, &err) == PROTOCOL_E_INVALID_ARGUMENT);
}

static int compare_text(const char *a, const char *b)
{
    protocol_time ta, tb;
    if (protocol_time_parse(a, &ta, NULL) != PROTOCOL_OK ||
        protocol_time_parse(b, &tb, NULL) != PROTOCOL_OK)
        return 99;
    return pr_time_compare(&ta, &tb);
}

static void test_compare(void)
{
    CHECK(compare_text("2026-11-20", "2026-11-20") == 0);
    CHECK(compare_text("2026-11-20", "2026-11-20T00:00:00") == 0); /* a date is 00:00 */
    CHECK(compare_text("2026-11-20", "2026-11-20T00:00:01") < 0);
    CHECK(compare_text("2026-11-20T23:59:59", "2026-11-21") < 0);
    CHECK(compare_text("2026-11-21", "2026-11-20T23:59:59") > 0);
    CHECK(compare_text("2026-11-20T10:00", "2026-11-20T09:59:59") > 0);
    CHECK(compare_text("2025-12-31T23:59", "2026-01-01") < 0);
    CHECK(compare_text("2026-01-01", "2025-12-31T23:59") > 0);
    /* the same instant written two ways */
    CHECK(compare_text("2026-07-01T10:00:00Z", "2026-07-01T11:00:00+01:00") == 0);
    CHECK(compare_text("2026-07-01T10:00:00Z", "2026-07-01T11:00") == 0);
    /* local order: by local date first */
    CHECK(compare_text("2026-06-30T23:30:00Z", "2026-06-30T23:59") > 0);
    /* a bare date with stray time fields still counts as 00:00 */
    protocol_time a = {{2026, 11, 20}, 0, 12, 0, 0, 0};
    protocol_time b = {{2026, 11, 20}, 1, 0, 0, 0, 0};
    CHECK(pr_time_compare(&a, &b) == 0);
}

int main(void)
{
    test_accepted_forms();
    test_midnight_crossings();
    test_bst_boundaries();
    test_refused_forms();
    test_parse_n();
    test_format();
    test_compare();
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("datetime: all checks passed\n");
    return 0;
}
