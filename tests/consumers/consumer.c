/*
 * A first program against an installed libprotocol: checks the headers and
 * the library agree, computes a referral deadline, and evaluates a case
 * under the default pack. Built by each consumer test (pkg-config, CMake,
 * meson subproject).
 */
#include <protocol/protocol.h>

#include <stdio.h>
#include <string.h>

int main(void)
{
    if (protocol_version_number() != PROTOCOL_VERSION_NUMBER) {
        fprintf(stderr, "header %s, library %s\n", PROTOCOL_VERSION_STRING, protocol_version());
        return 1;
    }
    protocol_error err;
    protocol_calendar *cal = NULL;
    protocol_date due;
    if (protocol_calendar_new(NULL, &cal, &err) != PROTOCOL_OK ||
        protocol_calendar_add_working_days(cal, (protocol_date){2026, 11, 20}, 3, &due, &err) !=
            PROTOCOL_OK) {
        fprintf(stderr, "calendar: %s\n", err.message);
        protocol_calendar_free(cal);
        return 1;
    }
    protocol_calendar_free(cal);

    protocol_pack *pack = NULL;
    if (protocol_pack_load_builtin(NULL, &pack, &err) != PROTOCOL_OK) {
        fprintf(stderr, "pack: %s: %s\n", err.place, err.message);
        return 1;
    }
    const char *case_json = "{\"consent\": {\"status\": \"refused\"},"
                            " \"concerns\": {\"child_significant_harm\": true}}";
    protocol_case *c = NULL;
    protocol_result *result = NULL;
    protocol_finding decision;
    char *json = NULL;
    int ok = protocol_evaluate_json(pack, case_json, strlen(case_json), NULL, &json, NULL, &err) ==
                 PROTOCOL_OK &&
             protocol_case_new(pack, &c, &err) == PROTOCOL_OK &&
             protocol_case_set_string(c, "consent.status", "refused", &err) == PROTOCOL_OK &&
             protocol_case_set_bool(c, "concerns.child_significant_harm", 1, &err) == PROTOCOL_OK &&
             protocol_evaluate(pack, c, NULL, &result, &err) == PROTOCOL_OK &&
             protocol_result_find(result, PROTOCOL_FINDING_DECISION, "consent-override", &decision,
                                  &err) == PROTOCOL_OK;
    if (ok)
        printf("%s %04d-%02d-%02d %s\n", protocol_version(), due.year, due.month, due.day,
               decision.status);
    else
        fprintf(stderr, "evaluate: %s: %s\n", err.place, err.message);
    protocol_free(json);
    protocol_result_free(result);
    protocol_case_free(c);
    protocol_pack_free(pack);
    return ok ? 0 : 1;
}
