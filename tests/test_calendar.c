/*
 * Tests for lib/calendar.c, lib/holidays.c and lib/govuk.c: the SPEC's
 * worked examples, weekend Christmases and New Years in each division,
 * every one-off day since 1970, the GOV.UK record in all three divisions,
 * caller changes, errors, and a property test of the constant-time
 * arithmetic against a naive day-by-day count over 1970..2199.
 */
#include "calendar_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static protocol_date D(int y, int m, int d)
{
    return (protocol_date){y, m, d};
}

static bool same(protocol_date a, protocol_date b)
{
    return a.year == b.year && a.month == b.month && a.day == b.day;
}

static protocol_calendar *open_builtin(const char *id)
{
    protocol_calendar *c = NULL;
    protocol_error err;
    if (protocol_calendar_new(id, &c, &err) != PROTOCOL_OK) {
        fprintf(stderr, "cannot open calendar %s: %s\n", id ? id : "(default)", err.message);
        exit(1);
    }
    return c;
}

static protocol_date add(const protocol_calendar *c, protocol_date d, int n)
{
    protocol_date out = {0, 0, 0};
    protocol_error err;
    if (protocol_calendar_add_working_days(c, d, n, &out, &err) != PROTOCOL_OK)
        fprintf(stderr, "add failed: %s\n", err.message);
    return out;
}

static int64_t count(const protocol_calendar *c, protocol_date a, protocol_date b)
{
    int64_t n = -999999;
    CHECK(protocol_calendar_count_working_days(c, a, b, &n, NULL) == PROTOCOL_OK);
    return n;
}

static int working(const protocol_calendar *c, protocol_date d)
{
    int w = -1;
    CHECK(protocol_calendar_is_working_day(c, d, &w, NULL) == PROTOCOL_OK);
    return w;
}

/* The name of the holiday on a date, "" when it is none. */
static const char *name_on(const protocol_calendar *c, protocol_date d)
{
    const char *name = NULL;
    CHECK(protocol_calendar_holiday_name(c, d, &name, NULL) == PROTOCOL_OK);
    return name ? name : "";
}

static void test_builtin_list(void)
{
    CHECK(protocol_calendar_builtin_count() == 3);
    CHECK(strcmp(protocol_calendar_builtin_id(0), "england-and-wales") == 0);
    CHECK(strcmp(protocol_calendar_builtin_id(1), "scotland") == 0);
    CHECK(strcmp(protocol_calendar_builtin_id(2), "northern-ireland") == 0);
    CHECK(protocol_calendar_builtin_id(3) == NULL);

    protocol_calendar *c = open_builtin(NULL);
    CHECK(strcmp(protocol_calendar_id(c), "england-and-wales") == 0);
    protocol_date first, last;
    CHECK(protocol_calendar_range(c, &first, &last, NULL) == PROTOCOL_OK);
    CHECK(same(first, D(1970, 1, 1)) && same(last, D(2199, 12, 31)));
    protocol_calendar_free(c);
    protocol_calendar_free(NULL);

    protocol_error err;
    c = NULL;
    CHECK(protocol_calendar_new("wales", &c, &err) == PROTOCOL_E_NOT_FOUND);
    CHECK(c == NULL && strcmp(err.place, "wales") == 0 && strstr(err.message, "wales"));
    CHECK(protocol_calendar_new("scotland", NULL, &err) == PROTOCOL_E_INVALID_ARGUMENT);
}

/* SPEC §4: need identified Friday 2026-11-20 -> due Wednesday 2026-11-25;
 * identified Saturday 2026-11-21 -> also Wednesday 2026-11-25. */
static void test_spec_examples(void)
{
    protocol_calendar *c = open_builtin("england-and-wales");
    CHECK(same(add(c, D(2026, 11, 20), 3), D(2026, 11, 25)));
    CHECK(same(add(c, D(2026, 11, 21), 3), D(2026, 11, 25)));
    CHECK(same(add(c, D(2026, 11, 22), 3), D(2026, 11, 25)));
    CHECK(same(add(c, D(2026, 11, 20), 0), D(2026, 11, 20)));
    CHECK(same(add(c, D(2026, 11, 21), 0), D(2026, 11, 20))); /* rolls back */
    /* Papers five working days before a meeting on Monday 2026-12-07:
     * 30 Nov, 1, 2, 3, 4 Dec lie in [30 Nov, 7 Dec) -> Monday 30 November. */
    protocol_date out;
    CHECK(protocol_calendar_working_days_before(c, D(2026, 12, 7), 5, &out, NULL) == PROTOCOL_OK);
    CHECK(same(out, D(2026, 11, 30)));
    CHECK(same(add(c, D(2026, 12, 7), -5), D(2026, 11, 30)));
    /* Over Christmas 2026 (25 Fri, 28 Mon substitute for Boxing Day): five
     * working days before Thursday 31 December are 22, 23, 24, 29, 30 ->
     * Tuesday 22 December. */
    CHECK(same(add(c, D(2026, 12, 31), -5), D(2026, 12, 22)));
    /* n = 0 before a Saturday gives the next working day (roll forward). */
    CHECK(protocol_calendar_working_days_before(c, D(2026, 11, 21), 0, &out, NULL) == PROTOCOL_OK);
    CHECK(same(out, D(2026, 11, 23)));
    /* Three working days after Christmas Eve 2026: 29, 30, 31 December. */
    CHECK(same(add(c, D(2026, 12, 24), 3), D(2026, 12, 31)));
    /* Working days in [Mon 23 Nov, Mon 30 Nov) = 5; reversed = -5. */
    CHECK(count(c, D(2026, 11, 23), D(2026, 11, 30)) == 5);
    CHECK(count(c, D(2026, 11, 30), D(2026, 11, 23)) == -5);
    CHECK(count(c, D(2026, 12, 21), D(2027, 1, 4)) == 7); /* 21-24, 29-31 */
    CHECK(count(c, D(2026, 11, 20), D(2026, 11, 20)) == 0);

    CHECK(protocol_calendar_next_working_day(c, D(2026, 12, 24), &out, NULL) == PROTOCOL_OK);
    CHECK(same(out, D(2026, 12, 29)));
    CHECK(protocol_calendar_previous_working_day(c, D(2026, 12, 29), &out, NULL) == PROTOCOL_OK);
    CHECK(same(out, D(2026, 12, 24)));
    CHECK(protocol_calendar_next_working_day(c, D(2026, 11, 20), &out, NULL) == PROTOCOL_OK);
    CHECK(same(out, D(2026, 11, 23)));
    CHECK(working(c, D(2026, 11, 20)) == 1 && working(c, D(2026, 11, 21)) == 0);
    CHECK(working(c, D(2026, 12, 25)) == 0 && working(c, D(2026, 12, 28)) == 0);
    protocol_calendar_free(c);
}

/* Christmas and New Year where they fall at a weekend, worked by hand
 * from the 1971 Act's rules (a Saturday or Sunday holiday moves to the
 * next weekday that is not already a holiday). */
static void test_weekend_christmas_and_new_year(void)
{
    const char *ids[3] = {"england-and-wales", "scotland", "northern-ireland"};
    for (int i = 0; i < 3; i++) {
        protocol_calendar *c = open_builtin(ids[i]);
        /* 2021: Christmas Saturday, Boxing Day Sunday -> Mon 27, Tue 28. */
        CHECK(strcmp(name_on(c, D(2021, 12, 27)), "Christmas Day (substitute day)") == 0);
        CHECK(strcmp(name_on(c, D(2021, 12, 28)), "Boxing Day (substitute day)") == 0);
        /* 2022: Christmas Sunday -> Boxing Day Mon 26, Christmas Tue 27. */
        CHECK(strcmp(name_on(c, D(2022, 12, 26)), "Boxing Day") == 0);
        CHECK(strcmp(name_on(c, D(2022, 12, 27)), "Christmas Day (substitute day)") == 0);
        /* 2026: Boxing Day Saturday -> Monday 28. */
        CHECK(strcmp(name_on(c, D(2026, 12, 25)), "Christmas Day") == 0);
        CHECK(strcmp(name_on(c, D(2026, 12, 28)), "Boxing Day (substitute day)") == 0);
        CHECK(strcmp(name_on(c, D(2026, 12, 26)), "") == 0);
        /* 2032: Christmas Saturday -> Boxing Day Sunday too -> 27 and 28. */
        CHECK(working(c, D(2032, 12, 27)) == 0 && working(c, D(2032, 12, 28)) == 0);
        CHECK(working(c, D(2032, 12, 29)) == 1);
        /* 2022: New Year's Day Saturday -> Monday 3 January. */
        CHECK(strcmp(name_on(c, D(2022, 1, 3)), "New Year\u2019s Day (substitute day)") == 0);
        /* 2023: New Year's Day Sunday -> Monday 2 January. */
        CHECK(strcmp(name_on(c, D(2023, 1, 2)), "New Year\u2019s Day (substitute day)") == 0);
        protocol_calendar_free(c);
    }
    protocol_calendar *sc = open_builtin("scotland");
    /* Scotland also has 2 January: 2022 (Sat 1, Sun 2) -> Mon 3, Tue 4;
     * 2023 (Sun 1, Mon 2) -> Mon 2 and Tue 3; 2027 (Fri 1, Sat 2) -> Mon 4. */
    CHECK(strcmp(name_on(sc, D(2022, 1, 4)), "2nd January (substitute day)") == 0);
    CHECK(strcmp(name_on(sc, D(2023, 1, 3)), "2nd January (substitute day)") == 0);
    CHECK(strcmp(name_on(sc, D(2027, 1, 1)), "New Year\u2019s Day") == 0);
    CHECK(strcmp(name_on(sc, D(2027, 1, 4)), "2nd January (substitute day)") == 0);
    /* No Easter Monday, a first-Monday-of-August summer holiday, St Andrew's Day. */
    CHECK(working(sc, D(2026, 4, 6)) == 1);
    CHECK(strcmp(name_on(sc, D(2026, 8, 3)), "Summer bank holiday") == 0);
    CHECK(strcmp(name_on(sc, D(2026, 11, 30)), "St Andrew\u2019s Day") == 0);
    protocol_calendar_free(sc);

    protocol_calendar *ni = open_builtin("northern-ireland");
    CHECK(strcmp(name_on(ni, D(2026, 3, 17)), "St Patrick\u2019s Day") == 0);
    CHECK(strcmp(name_on(ni, D(2026, 7, 13)),
                 "Battle of the Boyne (Orangemen\u2019s Day) (substitute day)") == 0);
    protocol_calendar_free(ni);
}

/* Every one-off change since 1970, in every division it applied to. */
static void test_one_off_days(void)
{
    static const struct {
        int y, m, d;
        const char *name;
    } all[] = {
        {1973, 11, 14, "Royal wedding (Princess Anne)"},
        {1977, 6, 7, "Silver Jubilee of Queen Elizabeth II"},
        {1981, 7, 29, "Royal wedding (Charles and Diana)"},
        {1995, 5, 8, "Early May bank holiday (VE day)"},
        {1999, 12, 31, "Millennium celebrations"},
        {2002, 6, 3, "Queen\u2019s Golden Jubilee"},
        {2002, 6, 4, "Spring bank holiday"},
        {2011, 4, 29, "Royal wedding (William and Catherine)"},
        {2012, 6, 4, "Spring bank holiday (substitute day)"},
        {2012, 6, 5, "Queen\u2019s Diamond Jubilee"},
        {2020, 5, 8, "Early May bank holiday (VE day)"},
        {2022, 6, 2, "Spring bank holiday"},
        {2022, 6, 3, "Platinum Jubilee bank holiday"},
        {2022, 9, 19, "Bank Holiday for the State Funeral of Queen Elizabeth II"},
        {2023, 5, 8, "Bank holiday for the coronation of King Charles III"},
    };
    /* The days the one-offs displaced are working days. */
    static const struct {
        int y, m, d;
    } displaced[] = {
        {1995, 5, 1}, {2002, 5, 27}, {2012, 5, 28}, {2020, 5, 4}, {2022, 5, 30},
    };
    for (size_t k = 0; k < 3; k++) {
        protocol_calendar *c = open_builtin(protocol_calendar_builtin_id(k));
        for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
            const char *name = name_on(c, D(all[i].y, all[i].m, all[i].d));
            if (strcmp(name, all[i].name) != 0) {
                fprintf(stderr, "%s %04d-%02d-%02d: expected '%s', got '%s'\n",
                        protocol_calendar_id(c), all[i].y, all[i].m, all[i].d, all[i].name, name);
                failures++;
            }
        }
        for (size_t i = 0; i < sizeof displaced / sizeof displaced[0]; i++)
            CHECK(working(c, D(displaced[i].y, displaced[i].m, displaced[i].d)) == 1);
        protocol_calendar_free(c);
    }
    /* 1977: the Spring bank holiday moved to 6 June next to the jubilee
     * (England and Wales, Northern Ireland; Scotland then had none). */
    protocol_calendar *ew = open_builtin("england-and-wales");
    CHECK(strcmp(name_on(ew, D(1977, 6, 6)), "Spring bank holiday") == 0);
    CHECK(working(ew, D(1977, 5, 30)) == 1);
    /* 1970 had no New Year's Day holiday in England and Wales (from 1974). */
    CHECK(working(ew, D(1973, 1, 1)) == 1);
    CHECK(strcmp(name_on(ew, D(1974, 1, 1)), "New Year\u2019s Day") == 0);
    /* The coronation week: 2 May 2023 was a working day, 8 May not. */
    CHECK(same(add(ew, D(2023, 5, 5), 1), D(2023, 5, 9)));
    protocol_calendar_free(ew);
}

/* The built-in calendars equal the GOV.UK record, date for date and name for
 * name, for every year it covers, in each division. */
static void test_govuk_record(const char *path)
{
    for (size_t k = 0; k < 3; k++) {
        const char *id = protocol_calendar_builtin_id(k);
        protocol_calendar *gov = NULL;
        protocol_error err;
        if (protocol_calendar_from_govuk_file(path, id, &gov, &err) != PROTOCOL_OK) {
            fprintf(stderr, "%s: %s: %s\n", path, err.place, err.message);
            failures++;
            continue;
        }
        CHECK(strcmp(protocol_calendar_id(gov), id) == 0);
        protocol_calendar *ours = open_builtin(id);
        protocol_date first, last;
        CHECK(protocol_calendar_range(gov, &first, &last, NULL) == PROTOCOL_OK);
        CHECK(first.month == 1 && first.day == 1 && last.month == 12 && last.day == 31);
        CHECK(first.year == (k == 0 ? 2012 : 2019) && last.year == 2027);
        for (int y = first.year; y <= last.year; y++) {
            protocol_holiday a[32], b[32];
            size_t na = 0, nb = 0;
            CHECK(protocol_calendar_holidays(gov, y, a, 32, &na, NULL) == PROTOCOL_OK);
            CHECK(protocol_calendar_holidays(ours, y, b, 32, &nb, NULL) == PROTOCOL_OK);
            CHECK(na >= 8 && na == nb);
            for (size_t i = 0; i < na && i < nb; i++) {
                if (!same(a[i].date, b[i].date) || strcmp(a[i].name, b[i].name) != 0) {
                    fprintf(stderr, "%s %d: GOV.UK %04d-%02d-%02d '%s', built-in %04d-%02d-%02d '%s'\n",
                            id, y, a[i].date.year, a[i].date.month, a[i].date.day, a[i].name,
                            b[i].date.year, b[i].date.month, b[i].date.day, b[i].name);
                    failures++;
                }
            }
        }
        /* Arithmetic on the loaded calendar agrees with the built-in one. */
        CHECK(same(add(gov, D(2026, 11, 20), 3), D(2026, 11, 25)));
        CHECK(same(add(gov, D(2026, 12, 24), 3), D(2026, 12, 31)));
        protocol_calendar_free(ours);
        protocol_calendar_free(gov);
    }
}

static void test_govuk_errors(const char *path)
{
    protocol_calendar *c = NULL;
    protocol_error err;
    CHECK(protocol_calendar_from_govuk_file(path, "wales", &c, &err) == PROTOCOL_E_NOT_FOUND);
    CHECK(protocol_calendar_from_govuk_file("/nonexistent/bank-holidays.json", "scotland", &c,
                                            &err) == PROTOCOL_E_IO);
    CHECK(strstr(err.message, "/nonexistent/bank-holidays.json") != NULL);

    const char bad_date[] = "{\"scotland\": {\"division\": \"scotland\", \"events\": [\n"
                            "  {\"title\": \"X\", \"date\": \"2026-02-30\", \"notes\": \"\"}]}}";
    CHECK(protocol_calendar_from_govuk_json(bad_date, sizeof bad_date - 1, "scotland", &c, &err) ==
          PROTOCOL_E_DATETIME);
    CHECK(strcmp(err.place, "/scotland/events/0/date") == 0);
    CHECK(strstr(err.message, "2026-02-30") != NULL);

    const char twice[] = "{\"scotland\": {\"events\": [{\"title\": \"A\", \"date\": \"2026-05-04\"},"
                         " {\"title\": \"B\", \"date\": \"2026-05-04\"}]}}";
    CHECK(protocol_calendar_from_govuk_json(twice, sizeof twice - 1, "scotland", &c, &err) ==
          PROTOCOL_E_JSON);
    CHECK(strstr(err.message, "twice") != NULL);

    const char no_events[] = "{\"scotland\": {\"events\": []}}";
    CHECK(protocol_calendar_from_govuk_json(no_events, sizeof no_events - 1, "scotland", &c,
                                            &err) == PROTOCOL_E_JSON);
    const char early[] = "{\"scotland\": {\"events\": [{\"title\": \"A\", \"date\": \"1850-05-06\"}]}}";
    CHECK(protocol_calendar_from_govuk_json(early, sizeof early - 1, "scotland", &c, &err) ==
          PROTOCOL_E_RANGE);
    const char not_json[] = "{\"scotland\": ";
    CHECK(protocol_calendar_from_govuk_json(not_json, sizeof not_json - 1, "scotland", &c, &err) ==
          PROTOCOL_E_JSON);
    CHECK(protocol_calendar_from_govuk_json(NULL, 0, "scotland", &c, &err) ==
          PROTOCOL_E_INVALID_ARGUMENT);

    /* A one-event file covers that whole year; outside it is an error. */
    const char one[] = "{\"x\": {\"events\": [{\"title\": \"Closure\", \"date\": \"2030-05-06\","
                       " \"notes\": \"Substitute day\"}]}}";
    CHECK(protocol_calendar_from_govuk_json(one, sizeof one - 1, "x", &c, &err) == PROTOCOL_OK);
    CHECK(strcmp(name_on(c, D(2030, 5, 6)), "Closure (substitute day)") == 0);
    protocol_date out;
    CHECK(protocol_calendar_add_working_days(c, D(2031, 1, 1), 1, &out, &err) == PROTOCOL_E_RANGE);
    CHECK(protocol_calendar_add_working_days(c, D(2030, 12, 30), 5, &out, &err) == PROTOCOL_E_RANGE);
    protocol_calendar_free(c);
}

static void test_changes(void)
{
    protocol_calendar *ew = open_builtin("england-and-wales"), *c = NULL;
    protocol_holiday added[] = {{D(2026, 11, 23), "Office closure"}};
    protocol_date removed[] = {D(2026, 12, 28)};
    protocol_error err;
    CHECK(protocol_calendar_with_changes(ew, added, 1, removed, 1, &c, &err) == PROTOCOL_OK);
    CHECK(strcmp(name_on(c, D(2026, 11, 23)), "Office closure") == 0);
    CHECK(working(c, D(2026, 11, 23)) == 0 && working(c, D(2026, 12, 28)) == 1);
    /* Friday 20 + 3 now skips Monday 23: 24, 25, 26. */
    CHECK(same(add(c, D(2026, 11, 20), 3), D(2026, 11, 26)));
    CHECK(same(add(c, D(2026, 12, 24), 3), D(2026, 12, 30)));
    /* The base is unchanged. */
    CHECK(same(add(ew, D(2026, 11, 20), 3), D(2026, 11, 25)));
    protocol_calendar_free(c);

    c = NULL;
    protocol_date not_holiday[] = {D(2026, 11, 24)};
    CHECK(protocol_calendar_with_changes(ew, NULL, 0, not_holiday, 1, &c, &err) ==
          PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(strcmp(err.place, "removed[0]") == 0 && c == NULL);
    protocol_holiday both[] = {{D(2026, 12, 28), "X"}};
    CHECK(protocol_calendar_with_changes(ew, both, 1, removed, 1, &c, &err) ==
          PROTOCOL_E_INVALID_ARGUMENT);
    protocol_holiday outside[] = {{D(2200, 1, 1), "X"}};
    CHECK(protocol_calendar_with_changes(ew, outside, 1, NULL, 0, &c, &err) == PROTOCOL_E_RANGE);
    CHECK(strcmp(err.place, "added[0]") == 0);
    protocol_holiday twice[] = {{D(2026, 12, 25), "Christmas again"}};
    CHECK(protocol_calendar_with_changes(ew, twice, 1, NULL, 0, &c, &err) ==
          PROTOCOL_E_INVALID_ARGUMENT);
    protocol_holiday unnamed[] = {{D(2026, 11, 23), NULL}};
    CHECK(protocol_calendar_with_changes(ew, unnamed, 1, NULL, 0, &c, &err) ==
          PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(protocol_calendar_with_changes(NULL, NULL, 0, NULL, 0, &c, &err) ==
          PROTOCOL_E_INVALID_ARGUMENT);
    protocol_calendar_free(ew);
}

static void test_errors(void)
{
    protocol_calendar *c = open_builtin("scotland");
    protocol_date out;
    protocol_error err;
    int64_t n;
    int w;
    CHECK(protocol_calendar_add_working_days(c, D(1969, 12, 31), 1, &out, &err) == PROTOCOL_E_RANGE);
    CHECK(strstr(err.message, "1969-12-31") != NULL);
    CHECK(protocol_calendar_add_working_days(c, D(2200, 1, 1), 1, &out, &err) == PROTOCOL_E_RANGE);
    CHECK(protocol_calendar_add_working_days(c, D(2199, 12, 30), 5, &out, &err) == PROTOCOL_E_RANGE);
    CHECK(protocol_calendar_add_working_days(c, D(1970, 1, 2), -5, &out, &err) == PROTOCOL_E_RANGE);
    CHECK(protocol_calendar_add_working_days(c, D(2026, 2, 30), 1, &out, &err) ==
          PROTOCOL_E_DATETIME);
    CHECK(protocol_calendar_add_working_days(c, D(2026, 13, 1), 1, &out, &err) ==
          PROTOCOL_E_DATETIME);
    CHECK(protocol_calendar_add_working_days(c, D(2026, 1, 5), 1, NULL, &err) ==
          PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(protocol_calendar_add_working_days(NULL, D(2026, 1, 5), 1, &out, &err) ==
          PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(protocol_calendar_working_days_before(c, D(2026, 1, 5), -1, &out, &err) ==
          PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(protocol_calendar_count_working_days(c, D(2026, 1, 5), D(2200, 1, 1), &n, &err) ==
          PROTOCOL_E_RANGE);
    CHECK(strcmp(err.place, "to") == 0);
    CHECK(protocol_calendar_is_working_day(c, D(0, 1, 1), &w, &err) == PROTOCOL_E_DATETIME);
    CHECK(protocol_calendar_next_working_day(c, D(2199, 12, 31), &out, &err) == PROTOCOL_E_RANGE);
    CHECK(protocol_calendar_previous_working_day(c, D(1970, 1, 1), &out, &err) == PROTOCOL_E_RANGE);
    /* The range's ends themselves work: 1 Jan 1970 was a Thursday (not a
     * holiday in Scotland? it was: New Year's Day, statutory there). */
    CHECK(working(c, D(1970, 1, 1)) == 0);
    CHECK(protocol_calendar_next_working_day(c, D(1970, 1, 1), &out, NULL) == PROTOCOL_OK);
    CHECK(same(out, D(1970, 1, 2)));
    CHECK(count(c, D(1970, 1, 1), D(2199, 12, 31)) > 0);

    size_t total = 0;
    protocol_holiday few[2];
    CHECK(protocol_calendar_holidays(c, 2026, few, 2, &total, &err) == PROTOCOL_E_BUFFER_TOO_SMALL);
    CHECK(total == 9); /* Scotland 2026: 1, 2 Jan, Good Friday, 2 May Mondays, Aug, StA, 25, 28 Dec */
    CHECK(same(few[0].date, D(2026, 1, 1)) && same(few[1].date, D(2026, 1, 2)));
    CHECK(protocol_calendar_holidays(c, 2026, NULL, 0, &total, &err) == PROTOCOL_E_BUFFER_TOO_SMALL);
    CHECK(protocol_calendar_holidays(c, 2200, NULL, 0, &total, &err) == PROTOCOL_E_RANGE);
    CHECK(protocol_calendar_holidays(c, 2026, NULL, 5, &total, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    protocol_calendar_free(c);
}

/* The holidays of England and Wales in 2023, a year with a one-off, as
 * GOV.UK lists them. */
static void test_holidays_of_year(void)
{
    protocol_calendar *c = open_builtin("england-and-wales");
    protocol_holiday h[32];
    size_t n = 0;
    CHECK(protocol_calendar_holidays(c, 2023, h, 32, &n, NULL) == PROTOCOL_OK);
    static const struct {
        int m, d;
    } expected[] = {{1, 2}, {4, 7}, {4, 10}, {5, 1}, {5, 8}, {5, 29}, {8, 28}, {12, 25}, {12, 26}};
    CHECK(n == sizeof expected / sizeof expected[0]);
    for (size_t i = 0; i < n && i < sizeof expected / sizeof expected[0]; i++)
        CHECK(same(h[i].date, D(2023, expected[i].m, expected[i].d)));
    CHECK(strcmp(h[4].name, "Bank holiday for the coronation of King Charles III") == 0);
    protocol_calendar_free(c);
}

/*
 * Property test: the table arithmetic against a naive day-by-day walk, for
 * every date of 1970..2199 in each division, using only is-working-day
 * (which the GOV.UK test pins to the record).
 */
static void test_against_naive_walk(void)
{
    for (size_t k = 0; k < 3; k++) {
        protocol_calendar *c = open_builtin(protocol_calendar_builtin_id(k));
        int32_t first = pr_days_from_civil(1970, 1, 1), last = pr_days_from_civil(2199, 12, 31);
        size_t days = (size_t)(last - first + 1);
        unsigned char *w = malloc(days);
        if (!w)
            exit(1);
        for (int32_t d = first; d <= last; d++) {
            protocol_date pd;
            pr_civil_from_days(d, &pd.year, &pd.month, &pd.day);
            w[d - first] = (unsigned char)working(c, pd);
            CHECK(w[d - first] == (pr_weekday(d) < 5 && !pr_calendar_find_holiday(c, d)));
        }
        static const int ns[] = {0, 1, 2, 3, 5, 10, 30, -1, -3, -5, -30};
        int bad = 0;
        for (int32_t d = first; d <= last && bad < 10; d++) {
            protocol_date pd;
            pr_civil_from_days(d, &pd.year, &pd.month, &pd.day);
            for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
                int n = ns[i];
                /* Naive: n >= 0 rolls back to a working day, then steps
                 * forward n working days; n < 0 finds the latest L with
                 * at least -n working days in [L, d). */
                int32_t e = d;
                bool ok = true;
                if (n >= 0) {
                    while (e >= first && !w[e - first])
                        e--;
                    if (e < first) { /* before the range: start at the first working day */
                        e = first;
                        while (!w[e - first])
                            e++;
                        int left = n - 1;
                        while (left > 0 && e <= last) {
                            e++;
                            if (e <= last && w[e - first])
                                left--;
                        }
                        if (n == 0)
                            ok = false; /* numpy rolls back out of range */
                    } else {
                        int left = n;
                        while (left > 0 && e <= last) {
                            e++;
                            if (e <= last && w[e - first])
                                left--;
                        }
                    }
                    ok = ok && e <= last;
                } else {
                    int need = -n, have = 0;
                    e = d;
                    while (have < need && e > first) {
                        e--;
                        if (w[e - first])
                            have++;
                    }
                    ok = have == need;
                }
                protocol_date got;
                protocol_status s = protocol_calendar_add_working_days(c, pd, n, &got, NULL);
                if (ok != (s == PROTOCOL_OK) ||
                    (ok && pr_days_from_civil(got.year, got.month, got.day) != e)) {
                    fprintf(stderr, "%s: %04d-%02d-%02d %+d: naive %d (ok %d), table status %d\n",
                            protocol_calendar_id(c), pd.year, pd.month, pd.day, n, (int)e, ok, s);
                    failures++;
                    bad++;
                }
            }
            /* count over [d, d + span) against a sum */
            static const int spans[] = {1, 7, 31, 400};
            for (size_t i = 0; i < sizeof spans / sizeof spans[0]; i++) {
                int32_t to = d + spans[i];
                if (to > last)
                    continue;
                long sum = 0;
                for (int32_t x = d; x < to; x++)
                    sum += w[x - first];
                protocol_date pt;
                pr_civil_from_days(to, &pt.year, &pt.month, &pt.day);
                if (count(c, pd, pt) != sum || count(c, pt, pd) != -sum) {
                    failures++;
                    bad++;
                }
            }
        }
        free(w);
        protocol_calendar_free(c);
    }
}

int main(void)
{
    const char *root = getenv("PROTOCOL_SOURCE_ROOT");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/data/govuk-bank-holidays.json", root ? root : ".");

    test_builtin_list();
    test_spec_examples();
    test_weekend_christmas_and_new_year();
    test_one_off_days();
    test_govuk_record(path);
    test_govuk_errors(path);
    test_changes();
    test_errors();
    test_holidays_of_year();
    test_against_naive_walk();
    if (failures)
        fprintf(stderr, "%d checks failed\n", failures);
    return failures ? 1 : 0;
}
