/*
 * Evaluation under load: EVALUATORS threads evaluate cases on one shared
 * durham-2010 pack while LOADERS threads keep loading and freeing packs
 * (every built-in pack, and a pack from text and from a file), each
 * evaluating on the pack it just loaded before freeing it. Every result
 * must be byte-identical to a serial run. Run under ThreadSanitizer by
 * tools/test (suite 'threads'); a plain run checks the results.
 */
#include <protocol/protocol.h>

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define EVALUATORS 4
#define LOADERS 2
#define ROUNDS 40
#define LOADS 6

static const char *const cases[] = {
    "{\"as_of\": \"2026-11-24T10:00\", \"consent\": {\"status\": \"refused\"},"
    " \"concerns\": {\"child_significant_harm\": true},"
    " \"referral\": {\"need_identified_at\": \"2026-11-20T16:30\", \"safeguarding\": true}}",
    "{\"consent\": {\"status\": \"given\"}, \"needs\": {\"unmet\": true}}",
    "{}",
    "{\"unknown_key\": 1, \"consent\": {\"status\": \"withdrawn\"}}",
};
#define CASES (sizeof cases / sizeof cases[0])

static protocol_pack *shared;
static char *expected[CASES];
static const char *pack_file;
static char *pack_text;
static size_t pack_text_length;
static char *expected_own; /* "{}" under the pack file */

static char *evaluate(const protocol_pack *pack, const char *text)
{
    protocol_eval_options options = PROTOCOL_EVAL_OPTIONS_INIT;
    options.default_as_of = "2026-11-25T09:00:00Z";
    char *out = NULL;
    protocol_error err;
    if (protocol_evaluate_json(pack, text, strlen(text), &options, &out, NULL, &err) !=
        PROTOCOL_OK) {
        fprintf(stderr, "evaluate: %s: %s\n", err.place, err.message);
        return NULL;
    }
    return out;
}

static int mismatches; /* written under `lock` */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void count_mismatch(void)
{
    pthread_mutex_lock(&lock);
    mismatches++;
    pthread_mutex_unlock(&lock);
}

static void *evaluator(void *arg)
{
    size_t offset = (size_t)(uintptr_t)arg;
    for (int r = 0; r < ROUNDS; r++) {
        for (size_t i = 0; i < CASES; i++) {
            size_t k = (i + offset + (size_t)r) % CASES;
            char *got = evaluate(shared, cases[k]);
            if (!got || strcmp(got, expected[k]) != 0)
                count_mismatch();
            protocol_free(got);
        }
    }
    return NULL;
}

static void *loader(void *arg)
{
    size_t offset = (size_t)(uintptr_t)arg;
    size_t builtins = protocol_builtin_pack_count();
    for (int r = 0; r < LOADS; r++) {
        protocol_error err;
        /* a built-in pack: load, evaluate, free */
        protocol_pack *p = NULL;
        const char *id = protocol_builtin_pack_id(((size_t)r + offset) % builtins);
        if (protocol_pack_load_builtin(id, &p, &err) != PROTOCOL_OK) {
            count_mismatch();
            continue;
        }
        char *got = evaluate(p, "{}");
        if (!got)
            count_mismatch();
        protocol_free(got);
        protocol_pack_free(p);
        /* the same pack as durham-2010 from text must answer as the shared one */
        p = NULL;
        if (protocol_pack_load_string(pack_text, pack_text_length, NULL, &p, &err) !=
            PROTOCOL_OK) {
            count_mismatch();
            continue;
        }
        got = evaluate(p, cases[(size_t)r % CASES]);
        if (!got || strcmp(got, expected[(size_t)r % CASES]) != 0)
            count_mismatch();
        protocol_free(got);
        protocol_pack_free(p);
        /* and a pack file */
        p = NULL;
        if (protocol_pack_load_file(pack_file, NULL, &p, &err) != PROTOCOL_OK) {
            fprintf(stderr, "%s: %s\n", pack_file, err.message);
            count_mismatch();
            continue;
        }
        got = evaluate(p, "{}");
        if (!got || strcmp(got, expected_own) != 0)
            count_mismatch();
        protocol_free(got);
        protocol_pack_free(p);
    }
    return NULL;
}

int main(void)
{
    const char *root = getenv("PROTOCOL_SOURCE_ROOT");
    char path[4096];
    snprintf(path, sizeof path, "%s/docs/examples/sharing.json", root ? root : ".");
    pack_file = path;
    protocol_error err;
    CHECK(protocol_pack_load_builtin("durham-2010", &shared, &err) == PROTOCOL_OK);
    const char *text = NULL;
    CHECK(protocol_builtin_pack_source("durham-2010", &text, &pack_text_length, &err) ==
          PROTOCOL_OK);
    if (!shared || !text)
        return 1;
    pack_text = malloc(pack_text_length);
    CHECK(pack_text != NULL);
    if (!pack_text)
        return 1;
    memcpy(pack_text, text, pack_text_length);
    for (size_t i = 0; i < CASES; i++)
        CHECK((expected[i] = evaluate(shared, cases[i])) != NULL);
    protocol_pack *own = NULL;
    CHECK(protocol_pack_load_file(pack_file, NULL, &own, &err) == PROTOCOL_OK);
    CHECK(own && (expected_own = evaluate(own, "{}")) != NULL);
    protocol_pack_free(own);
    if (failures)
        return 1;

    pthread_t threads[EVALUATORS + LOADERS];
    for (size_t t = 0; t < EVALUATORS + LOADERS; t++)
        CHECK(pthread_create(&threads[t], NULL, t < EVALUATORS ? evaluator : loader,
                             (void *)(uintptr_t)t) == 0);
    for (size_t t = 0; t < EVALUATORS + LOADERS; t++)
        pthread_join(threads[t], NULL);
    CHECK(mismatches == 0);
    printf("%d evaluator threads x %d rounds x %zu cases on one pack, %d loader threads x %d "
           "loads of 3 packs each: %d results differing\n",
           EVALUATORS, ROUNDS, CASES, LOADERS, LOADS, mismatches);
    for (size_t i = 0; i < CASES; i++)
        protocol_free(expected[i]);
    protocol_free(expected_own);
    free(pack_text);
    protocol_pack_free(shared);
    return failures ? 1 : 0;
}
