/*
 * libFuzzer harness: the date and time parsers, and the round trip of
 * whatever they accept through the formatter and back.
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
    } else if (err.code != PROTOCOL_E_DATETIME && err.code != PROTOCOL_E_INVALID_ARGUMENT) {
        abort();
    }
    protocol_date d;
    if (protocol_date_parse(text, &d, &err) == PROTOCOL_OK && !protocol_date_is_valid(d))
        abort();
    return 0;
}
