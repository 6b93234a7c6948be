/*
 * One compiled pack shared by several threads: every thread must get
 * byte-identical results to a serial run, with no locks in the caller, both
 * case by case and as an NDJSON batch (whose lines must be the single
 * results).
 * Run under ThreadSanitizer by tools/test; a plain run checks determinism.
 */
#include <protocol/protocol.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 4
#define ROUNDS 50

static const char *cases[] = {
    "{\"as_of\": \"2026-11-24T10:00\", \"consent\": {\"status\": \"refused\"},"
    " \"concerns\": {\"child_significant_harm\": true},"
    " \"referral\": {\"need_identified_at\": \"2026-11-20T16:30\", \"safeguarding\": true}}",
    "{\"as_of\": \"2026-11-24T10:00\", \"consent\": {\"status\": \"given\"},"
    " \"needs\": {\"unmet\": true}, \"referral\": {\"need_identified_at\": \"2026-11-20\"}}",
    "{\"consent\": {\"status\": \"refused\"}, \"concerns\": {\"child_significant_harm\": false,"
    " \"adult_serious_harm\": false, \"harm_to_others\": false, \"public_interest\": false}}",
    "{\"decision\": {\"share\": false, \"reason_not_sharing\": \"data_protection\"},"
    " \"record\": {\"decision\": true, \"reasons\": false}}",
    "{\"service\": {\"kind\": \"adult\"}, \"subject\": {\"is_parent\": true, \"lives_with_child\": true},"
    " \"concerns\": {\"domestic_abuse\": true}, \"services\": {\"other_for_family\": true}}",
    "{}",
    "{\"unknown_key\": 1, \"consent\": {\"status\": \"withdrawn\"}}",
};
#define CASES (sizeof cases / sizeof cases[0])

static protocol_pack *pack;
static char *expected[CASES];

static char *evaluate(const char *text)
{
    protocol_eval_options options = PROTOCOL_EVAL_OPTIONS_INIT;
    options.default_as_of = "2026-11-25T09:00:00Z";
    char *out = NULL;
    protocol_error err;
    if (protocol_evaluate_json(pack, text, strlen(text), &options, &out, NULL, &err) != PROTOCOL_OK) {
        fprintf(stderr, "evaluate: %s: %s\n", err.place, err.message);
        return NULL;
    }
    return out;
}

/* All the cases as one NDJSON batch, one result a line. */
static char *batch_input;
static char *expected_batch;

static char *evaluate_batch(void)
{
    protocol_eval_options options = PROTOCOL_EVAL_OPTIONS_INIT;
    options.default_as_of = "2026-11-25T09:00:00Z";
    char *out = NULL;
    protocol_error err;
    if (protocol_evaluate_ndjson(pack, batch_input, strlen(batch_input), &options, &out, NULL, NULL,
                                 &err) != PROTOCOL_OK) {
        fprintf(stderr, "batch: %s\n", err.message);
        return NULL;
    }
    return out;
}

static void *worker(void *arg)
{
    size_t offset = (size_t)(uintptr_t)arg;
    long mismatches = 0;
    for (int round = 0; round < ROUNDS; round++) {
        if ((size_t)round % 10 == offset) {
            char *out = evaluate_batch();
            if (!out || strcmp(out, expected_batch) != 0)
                mismatches++;
            protocol_free(out);
        }
        for (size_t i = 0; i < CASES; i++) {
            size_t k = (i + offset + (size_t)round) % CASES; /* threads interleave differently */
            char *out = evaluate(cases[k]);
            if (!out || strcmp(out, expected[k]) != 0)
                mismatches++;
            protocol_free(out);
        }
    }
    return (void *)(uintptr_t)mismatches;
}

int main(void)
{
    protocol_error err;
    if (protocol_pack_load_builtin(NULL, &pack, &err) != PROTOCOL_OK) {
        fprintf(stderr, "load: %s: %s\n", err.place, err.message);
        return 1;
    }
    size_t batch_length = 0;
    for (size_t i = 0; i < CASES; i++) {
        expected[i] = evaluate(cases[i]);
        if (!expected[i])
            return 1;
        batch_length += strlen(cases[i]) + 1;
    }
    /* The batch's results must be the single results, line by line. */
    batch_input = malloc(batch_length + 1);
    size_t expected_length = 0;
    for (size_t i = 0; i < CASES; i++)
        expected_length += strlen(expected[i]) + 1;
    expected_batch = malloc(expected_length + 1);
    if (!batch_input || !expected_batch)
        return 1;
    batch_input[0] = expected_batch[0] = '\0';
    for (size_t i = 0; i < CASES; i++) {
        strcat(strcat(batch_input, cases[i]), "\n");
        strcat(strcat(expected_batch, expected[i]), "\n");
    }
    char *serial = evaluate_batch();
    if (!serial || strcmp(serial, expected_batch) != 0) {
        fprintf(stderr, "the batch differs from the single results\n");
        return 1;
    }
    protocol_free(serial);
    pthread_t threads[THREADS];
    for (size_t t = 0; t < THREADS; t++)
        if (pthread_create(&threads[t], NULL, worker, (void *)(uintptr_t)t) != 0)
            return 1;
    long mismatches = 0;
    for (size_t t = 0; t < THREADS; t++) {
        void *r;
        pthread_join(threads[t], &r);
        mismatches += (long)(uintptr_t)r;
    }
    for (size_t i = 0; i < CASES; i++)
        protocol_free(expected[i]);
    free(batch_input);
    free(expected_batch);
    protocol_pack_free(pack);
    printf("%d threads x %d rounds x %zu cases: %ld mismatches\n", THREADS, ROUNDS, CASES, mismatches);
    return mismatches ? 1 : 0;
}
