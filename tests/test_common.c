/*
 * Tests for lib/error.c, lib/date.c and lib/alloc.c: status names, the
 * version, day-number arithmetic against hand-worked dates, date text, and
 * the allocator hook.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static void test_version(void)
{
    char expected[32];
    snprintf(expected, sizeof expected, "%d.%d.%d", PROTOCOL_VERSION_MAJOR,
             PROTOCOL_VERSION_MINOR, PROTOCOL_VERSION_PATCH);
    CHECK(strcmp(protocol_version(), expected) == 0);
    CHECK(strcmp(protocol_version(), PROTOCOL_VERSION_STRING) == 0);
    CHECK(protocol_version_number() == PROTOCOL_VERSION_NUMBER);
    CHECK(PROTOCOL_VERSION_NUMBER == PROTOCOL_VERSION_MAJOR * 10000 +
                                         PROTOCOL_VERSION_MINOR * 100 + PROTOCOL_VERSION_PATCH);
}

static void test_status_names(void)
{
    CHECK(strcmp(protocol_status_name(PROTOCOL_OK), "PROTOCOL_OK") == 0);
    CHECK(strcmp(protocol_status_name(PROTOCOL_E_RANGE), "PROTOCOL_E_RANGE") == 0);
    CHECK(strcmp(protocol_status_name(PROTOCOL_E_LIMIT_LINE), "PROTOCOL_E_LIMIT_LINE") == 0);
    CHECK(strcmp(protocol_status_name((protocol_status)-999), "PROTOCOL_E_UNKNOWN_STATUS") == 0);
    CHECK(strcmp(protocol_status_name(PROTOCOL_E_DUPLICATE_KEY), "PROTOCOL_E_DUPLICATE_KEY") == 0);
    CHECK(strcmp(protocol_status_name(PROTOCOL_E_NUL_CHARACTER), "PROTOCOL_E_NUL_CHARACTER") == 0);
    CHECK(strcmp(protocol_status_name((protocol_status)-18), "PROTOCOL_E_UNKNOWN_STATUS") == 0);
    /* Every code from -1 to -17 has its own name. */
    for (int a = -17; a <= 0; a++)
        for (int b = a + 1; b <= 0; b++)
            CHECK(strcmp(protocol_status_name((protocol_status)a),
                         protocol_status_name((protocol_status)b)) != 0);
}

static void test_day_numbers(void)
{
    /* Anchors worked by hand: the epoch, a leap day, the range ends. */
    CHECK(pr_days_from_civil(1970, 1, 1) == 0);
    CHECK(pr_days_from_civil(1969, 12, 31) == -1);
    CHECK(pr_days_from_civil(1970, 3, 1) == 59);
    CHECK(pr_days_from_civil(2000, 3, 1) == 11017);
    CHECK(pr_days_from_civil(2026, 11, 20) == 20777); /* checked with Python: (date(2026,11,20) - date(1970,1,1)).days */
    CHECK(pr_weekday(0) == 3);                                  /* Thursday */
    CHECK(pr_weekday(pr_days_from_civil(2026, 11, 20)) == 4);   /* Friday */
    CHECK(pr_weekday(pr_days_from_civil(2023, 5, 8)) == 0);     /* Monday */
    CHECK(pr_weekday(pr_days_from_civil(1900, 1, 1)) == 0);     /* Monday */
    /* Round trip over every day of 1960..2210, and the successor relation. */
    int32_t first = pr_days_from_civil(1960, 1, 1), last = pr_days_from_civil(2210, 12, 31);
    int py = 1959, pm = 12, pd = 31;
    for (int32_t d = first; d <= last; d++) {
        int y, m, dd;
        pr_civil_from_days(d, &y, &m, &dd);
        CHECK(pr_days_from_civil(y, m, dd) == d);
        int next_day = pd + 1, next_month = pm, next_year = py;
        if (next_day > pr_days_in_month(py, pm)) {
            next_day = 1;
            if (++next_month > 12) {
                next_month = 1;
                next_year++;
            }
        }
        if (!(y == next_year && m == next_month && dd == next_day)) {
            CHECK(!"successor");
            break;
        }
        py = y, pm = m, pd = dd;
    }
    CHECK(pr_is_leap_year(2000) && !pr_is_leap_year(1900) && pr_is_leap_year(2024) &&
          !pr_is_leap_year(2026) && !pr_is_leap_year(2100));
}

static void test_date_text(void)
{
    protocol_date d;
    protocol_error err;
    char buf[16];
    CHECK(protocol_date_parse("2026-11-20", &d, &err) == PROTOCOL_OK);
    CHECK(d.year == 2026 && d.month == 11 && d.day == 20);
    CHECK(protocol_date_format(d, buf, sizeof buf, &err) == PROTOCOL_OK);
    CHECK(strcmp(buf, "2026-11-20") == 0);
    CHECK(protocol_date_parse("2024-02-29", &d, NULL) == PROTOCOL_OK);

    const char *bad[] = {"2026-02-30", "2026-13-01", "2026-00-10", "2026-11-00", "2025-02-29",
                         "2026-1-20", "2026-11-20x", "", "20261120", "2026/11/20", "0000-01-01"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&err, 0, sizeof err);
        CHECK(protocol_date_parse(bad[i], &d, &err) == PROTOCOL_E_DATETIME);
        CHECK(err.code == PROTOCOL_E_DATETIME);
        CHECK(strcmp(err.place, bad[i]) == 0);
        CHECK(bad[i][0] == '\0' || strstr(err.message, bad[i]) != NULL);
    }
    CHECK(protocol_date_parse(NULL, &d, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(protocol_date_format(d, buf, 10, &err) == PROTOCOL_E_BUFFER_TOO_SMALL);
    CHECK(protocol_date_format((protocol_date){2026, 2, 30}, buf, sizeof buf, &err) ==
          PROTOCOL_E_DATETIME);
    CHECK(protocol_date_is_valid((protocol_date){1, 1, 1}));
    CHECK(!protocol_date_is_valid((protocol_date){10000, 1, 1}));
}

static void test_errors(void)
{
    protocol_error err;
    memset(&err, 0, sizeof err);
    CHECK(pr_fail_at(&err, PROTOCOL_E_PACK, "/rules/3", 4, 7, "bad %s", "thing") ==
          PROTOCOL_E_PACK);
    CHECK(err.line == 4 && err.column == 7 && strcmp(err.place, "/rules/3") == 0 &&
          strcmp(err.message, "bad thing") == 0);
    /* A NULL record is allowed everywhere. */
    CHECK(pr_fail(NULL, PROTOCOL_E_IO, "x", "y") == PROTOCOL_E_IO);
    /* A long place is cut on a character boundary, still NUL-terminated. */
    char place[600];
    for (size_t i = 0; i + 2 < sizeof place; i += 2) {
        place[i] = (char)0xC3;
        place[i + 1] = (char)0xA9; /* é */
    }
    place[sizeof place - 2] = 'x';
    place[sizeof place - 1] = '\0';
    pr_fail(&err, PROTOCOL_E_CASE, place, "m");
    size_t n = strlen(err.place);
    CHECK(n < sizeof err.place && n % 2 == 0);
    int line, column;
    const char *text = "{\n  \"a\": é1\n}";
    pr_line_column(text, strlen(text), 11, &line, &column); /* at the "1" after é */
    CHECK(line == 2 && column == 9);
}

static size_t hook_calls;
static void *counting_malloc(size_t n) { hook_calls++; return malloc(n); }
static void *counting_realloc(void *p, size_t n) { hook_calls++; return realloc(p, n); }
static void counting_free(void *p) { free(p); }

static void test_allocator(void)
{
    protocol_error err;
    CHECK(protocol_set_allocator(NULL, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    protocol_allocator partial = {counting_malloc, NULL, counting_free};
    CHECK(protocol_set_allocator(&partial, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    protocol_allocator hooks = {counting_malloc, counting_realloc, counting_free};
    CHECK(protocol_set_allocator(&hooks, &err) == PROTOCOL_OK);
    char *s = pr_strdup("hello");
    CHECK(s && strcmp(s, "hello") == 0 && hook_calls == 1);
    protocol_free(s);
    protocol_free(NULL);
    /* Once anything is allocated the hooks are fixed. */
    CHECK(protocol_set_allocator(&hooks, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    CHECK(strstr(err.message, "before") != NULL);
    CHECK(pr_calloc(SIZE_MAX / 2, 4) == NULL);
}

/* Messages cut at the record's size stay valid UTF-8; a place may be
 * passed back in from the record itself; a file of exactly the size
 * limit is read and one byte more is refused. */
static void test_error_edges(void)
{
    protocol_error err;
    char word[700];
    for (size_t i = 0; i + 3 < sizeof word; i += 3)
        memcpy(word + i, "\xE2\x82\xAC", 3); /* the euro sign, 3 bytes */
    word[sizeof word - 1] = '\0';
    for (int shift = 0; shift < 3; shift++) {
        pr_fail(&err, PROTOCOL_E_CASE, NULL, "%.*s%s", shift, "ab", word);
        size_t n = strlen(err.message);
        CHECK(n < sizeof err.message && (n - (size_t)shift) % 3 == 0);
    }
    pr_fail(&err, PROTOCOL_E_CASE, "/a/b", "first");
    pr_fail(&err, PROTOCOL_E_CASE, err.place, "second");
    CHECK(strcmp(err.place, "/a/b") == 0 && strcmp(err.message, "second") == 0);
    int line, column;
    pr_line_column("ab\ncd", 5, 99, &line, &column); /* past the end: the end */
    CHECK(line == 2 && column == 3);

    const char *path = "test_common_io.tmp";
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    for (int i = 0; i < 4095; i++)
        fputc('x', f);
    fclose(f);
    char *text = NULL;
    size_t length = 0;
    CHECK(pr_read_file(path, 4095, &text, &length, &err) == PROTOCOL_OK);
    CHECK(text && length == 4095 && text[4095] == '\0');
    pr_free(text);
    CHECK(pr_read_file(path, 4094, &text, &length, &err) == PROTOCOL_E_LIMIT_INPUT_SIZE);
    CHECK(pr_read_file(path, 100, &text, &length, &err) == PROTOCOL_E_LIMIT_INPUT_SIZE);
    CHECK(pr_read_file(path, 1 << 20, &text, &length, &err) == PROTOCOL_OK && length == 4095);
    pr_free(text);
    remove(path);
    CHECK(pr_read_file(path, 100, &text, &length, &err) == PROTOCOL_E_IO);
    CHECK(strcmp(err.place, path) == 0);
}

int main(void)
{
    test_version();
    test_status_names();
    test_day_numbers();
    test_date_text();
    test_errors();
    test_allocator();
    test_error_edges();
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
