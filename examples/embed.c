/*
 * The smallest useful embedding of libprotocol, as a case-management system
 * would do it: compile the default pack once at start-up; for each case set
 * the facts the practitioner recorded, evaluate, and act on the findings;
 * free everything at the end.
 *
 * Build: cc embed.c $(pkg-config --cflags --libs libprotocol)
 */
#include <protocol/protocol.h>

#include <stdio.h>
#include <string.h>

static int report_error(const char *what, const protocol_error *err)
{
    fprintf(stderr, "embed: %s: %s%s%s (%s)\n", what, err->place, *err->place ? ": " : "",
            err->message, protocol_status_name(err->code));
    return 1;
}

/* The index of a finding, which protocol_result_reason() wants. */
static size_t index_of(const protocol_result *result, protocol_finding_kind kind, const char *id)
{
    size_t n = protocol_result_count(result, kind);
    for (size_t i = 0; i < n; i++) {
        protocol_finding f;
        if (protocol_result_get(result, kind, i, &f, NULL) == PROTOCOL_OK &&
            strcmp(f.id, id) == 0)
            return i;
    }
    return n;
}

static void print_finding(const protocol_result *result, const protocol_finding *f)
{
    printf("%s: %s", f->id, f->status);
    if (f->has_due)
        printf(", due %04d-%02d-%02d", f->due.year, f->due.month, f->due.day);
    if (f->has_remaining)
        printf(", %lld working days left", (long long)f->working_days_remaining);
    printf(" (%s, %s)\n", f->citation_document ? f->citation_document : "",
           f->citation_paragraph ? f->citation_paragraph : "");
    size_t index = index_of(result, f->kind, f->id);
    for (size_t i = 0; i < f->reason_count; i++)
        printf("  reason: %s\n", protocol_result_reason(result, f->kind, index, i));
    for (size_t i = 0; i < f->missing_fact_count; i++)
        printf("  missing: %s\n", protocol_result_missing_fact(result, f->kind, index, i));
}

int main(void)
{
    protocol_error err;
    protocol_pack *pack = NULL;
    protocol_case *c = NULL;
    protocol_result *result = NULL;
    int status = 1;

    /* Once, at start-up. The compiled pack is immutable: every request
     * handler (and thread) can use it. */
    if (protocol_pack_load_builtin("durham-2010", &pack, &err) != PROTOCOL_OK)
        return report_error("loading the pack", &err);

    /* Per case: what the practitioner recorded. A fact not set is unknown,
     * never read as "no". The evaluation time comes from the caller: the
     * library never reads the clock. */
    if (protocol_case_new(pack, &c, &err) != PROTOCOL_OK ||
        protocol_case_set_string(c, "service.kind", "adult", &err) != PROTOCOL_OK ||
        protocol_case_set_string(c, "consent.status", "refused", &err) != PROTOCOL_OK ||
        protocol_case_set_bool(c, "concerns.child_significant_harm", 1, &err) != PROTOCOL_OK ||
        protocol_case_set_bool(c, "referral.safeguarding", 1, &err) != PROTOCOL_OK ||
        protocol_case_set_time(c, "referral.need_identified_at", "2026-11-20T10:00", &err) !=
            PROTOCOL_OK ||
        protocol_case_set_as_of(c, "2026-11-20T15:00", &err) != PROTOCOL_OK) {
        report_error("recording the case", &err);
        goto done;
    }
    protocol_eval_options options = PROTOCOL_EVAL_OPTIONS_INIT;
    if (protocol_evaluate(pack, c, &options, &result, &err) != PROTOCOL_OK) {
        report_error("evaluating the case", &err);
        goto done;
    }

    /* The two findings this system acts on: may the refusal be overridden,
     * and by when must the referral be made. */
    protocol_finding decision, deadline;
    if (protocol_result_find(result, PROTOCOL_FINDING_DECISION, "consent-override", &decision,
                             &err) != PROTOCOL_OK ||
        protocol_result_find(result, PROTOCOL_FINDING_DEADLINE, "referral", &deadline, &err) !=
            PROTOCOL_OK) {
        report_error("reading the result", &err);
        goto done;
    }
    print_finding(result, &decision);
    print_finding(result, &deadline);
    status = 0;

done:
    protocol_result_free(result);
    protocol_case_free(c);
    protocol_pack_free(pack);
    return status;
}
