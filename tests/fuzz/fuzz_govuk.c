/*
 * libFuzzer harness: loading a calendar from GOV.UK bank-holidays JSON, then
 * exercising the calendar it makes.
 */
#include <protocol/protocol.h>

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static const char *divisions[] = {"england-and-wales", "scotland", "northern-ireland"};
    protocol_error err;
    for (size_t i = 0; i < 3; i++) {
        protocol_calendar *cal = NULL;
        if (protocol_calendar_from_govuk_json((const char *)data, size, divisions[i], &cal, &err) !=
            PROTOCOL_OK) {
            if (cal || err.message[0] == '\0')
                abort();
            continue;
        }
        protocol_date first, last, out;
        if (protocol_calendar_range(cal, &first, &last, &err) != PROTOCOL_OK)
            abort();
        size_t count = 0;
        protocol_holiday holidays[64];
        (void)protocol_calendar_holidays(cal, first.year, holidays, 64, &count, &err);
        (void)protocol_calendar_add_working_days(cal, first, 3, &out, &err);
        (void)protocol_calendar_add_working_days(cal, last, -3, &out, &err);
        long n = 0;
        (void)protocol_calendar_count_working_days(cal, first, last, &n, &err);
        protocol_calendar_free(cal);
    }
    return 0;
}
