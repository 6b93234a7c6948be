/*
 * libFuzzer harness: the date and time parsers, the round trip of whatever
 * they accept through the formatter and back, and the clock
 * (protocol_clock_compute and the old protocol_deadline_compute) started at
 * each time they accept.
 */
#include <protocol/protocol.h>

#include <stdlib.h>
#include <string.h>

/* A wall-clock time in the hour the clocks skip in spring (01:xx on the
 * last Sunday of March) is read as GMT and kept as written (deadline.h,
 * lib/datetime.c); written out with its +00:00 it reads back as the same
 * instant, 02:xx BST, on the same local date. */
static int spring_gap(const protocol_time *t, const protocol_time *again)
{
    return t->has_time && t->hour == 1 && t->utc_offset_minutes == 0 && again->hour == 2 &&
           again->utc_offset_minutes == 60 && t->minute == again->minute &&
           t->second == again->second && memcmp(&t->date, &again->date, sizeof t->date) == 0;
}

static int date_before(protocol_date a, protocol_date b)
{
    if (a.year != b.year)
        return a.year < b.year;
    if (a.month != b.month)
        return a.month < b.month;
    return a.day < b.day;
}

/* The clock on the parsed time: the input's bytes choose the duration, and
 * the completion and as-of times are the start moved by amounts they give.
 * Whatever the clock accepts must answer within its own invariants. */
static void fuzz_clock(const protocol_time *t, const unsigned char *data, size_t size)
{
    static protocol_calendar *cal;
    protocol_error err;
    if (!cal && protocol_calendar_new(NULL, &cal, &err) != PROTOCOL_OK)
        abort();
    unsigned char b[16] = {0};
    for (size_t i = 0; i < size; i++)
        b[i % sizeof b] ^= data[i];
    protocol_clock c = PROTOCOL_CLOCK_INIT;
    c.unit = (protocol_unit)(b[0] % 7); /* 6: not a unit */
    c.amount = (int32_t)(b[1] | (b[2] & 1) << 8);
    c.before = b[3] & 1;
    c.roll = (protocol_roll)(b[3] >> 1 & 3);
    c.cutoff_minute = b[4] & 1 ? -1 : (int32_t)(b[5] * 6);
    c.every = b[6] & 3 ? 0 : b[7] % 13;
    c.every_unit = (protocol_unit)(b[8] % 6);
    protocol_interval pause;
    if (b[9] & 1) {
        pause.from = *t;
        pause.to = *t;
        pause.to.date.day = 28; /* on or after the start when day <= 28 */
        pause.to.has_time = 0;
        c.pauses = &pause;
        c.npauses = 1;
    }
    protocol_time done = *t, as_of = *t;
    done.date.day = 1 + b[10] % 28;
    as_of.date.day = 1 + b[11] % 28;
    as_of.date.month = 1 + b[12] % 12;
    protocol_clock_result r = PROTOCOL_CLOCK_RESULT_INIT;
    protocol_status s = protocol_clock_compute(cal, &c, t, b[13] & 1 ? &done : NULL,
                                               b[14] & 1 ? &as_of : NULL, &r, &err);
    if (s != PROTOCOL_OK) {
        if (s != PROTOCOL_E_INVALID_ARGUMENT && s != PROTOCOL_E_RANGE && s != PROTOCOL_E_DATETIME)
            abort();
        return;
    }
    if (!r.has_due || !protocol_date_is_valid(r.due.date) || r.occurrence < 1 || r.missed < 0 ||
        r.status < PROTOCOL_DEADLINE_UNKNOWN || r.status > PROTOCOL_DEADLINE_OVERDUE)
        abort();
    /* After a start the first occurrence is never due before the start's day. */
    if (!c.before && c.every == 0 && date_before(r.due.date, t->date))
        abort();
    /* Overdue is negative, pending and due today are not (SPEC §5). */
    if (r.has_remaining &&
        ((r.status == PROTOCOL_DEADLINE_OVERDUE) != (r.working_days_remaining < 0)))
        abort();
    if (r.has_hours_remaining && r.status != PROTOCOL_DEADLINE_OVERDUE && r.seconds_remaining < 0)
        abort();
    if (r.missed > 0 && r.status != PROTOCOL_DEADLINE_OVERDUE)
        abort();
    /* The old interface is the same clock for the units it has. */
    if ((c.unit == PROTOCOL_UNIT_SAME_DAY || c.unit == PROTOCOL_UNIT_WORKING_DAYS) &&
        c.every == 0 && c.npauses == 0 && c.roll == PROTOCOL_ROLL_NONE && c.amount <= 1000) {
        protocol_deadline_rule rule = PROTOCOL_DEADLINE_RULE_INIT;
        rule.kind = c.unit == PROTOCOL_UNIT_SAME_DAY ? PROTOCOL_DEADLINE_SAME_DAY
                    : c.before                       ? PROTOCOL_DEADLINE_WORKING_DAYS_BEFORE
                                                     : PROTOCOL_DEADLINE_WORKING_DAYS_AFTER;
        rule.working_days = c.unit == PROTOCOL_UNIT_SAME_DAY ? 0 : c.amount;
        rule.cutoff_minute = c.cutoff_minute;
        protocol_deadline_result old;
        if (protocol_deadline_compute(cal, &rule, t, b[13] & 1 ? &done : NULL,
                                      b[14] & 1 ? &as_of : NULL, &old, &err) != PROTOCOL_OK ||
            memcmp(&old.due, &r.due.date, sizeof old.due) != 0 || old.status != r.status ||
            old.working_days_remaining != r.working_days_remaining)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    char text[64];
    if (size >= sizeof text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';

    protocol_time t;
    protocol_error err;
    if (protocol_time_parse(text, &t, &err) == PROTOCOL_OK) {
        char buf[32];
        protocol_time again;
        if (protocol_time_format(&t, buf, sizeof buf, &err) != PROTOCOL_OK ||
            protocol_time_parse(buf, &again, &err) != PROTOCOL_OK ||
            (memcmp(&t, &again, sizeof t) != 0 && !spring_gap(&t, &again)))
            abort(); /* what the parser accepts must survive a round trip */
        fuzz_clock(&t, data, size);
    } else if (err.code != PROTOCOL_E_DATETIME && err.code != PROTOCOL_E_INVALID_ARGUMENT) {
        abort();
    }
    protocol_date d;
    if (protocol_date_parse(text, &d, &err) == PROTOCOL_OK && !protocol_date_is_valid(d))
        abort();
    return 0;
}
