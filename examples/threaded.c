/*
 * A server's use of libprotocol: one pack compiled at start-up and shared,
 * without locks, by worker threads that each evaluate their own cases —
 * a compiled pack is immutable, and every call takes its own error record.
 * Each worker checks its results against the ones computed before the
 * threads started, so the program fails if sharing changed anything.
 *
 *   threaded [THREADS [CASES]]      (default 4 threads, 200 cases each)
 *
 * Build: cc threaded.c $(pkg-config --cflags --libs libprotocol) -pthread
 */
#define _POSIX_C_SOURCE 200809L

#include <protocol/protocol.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_THREADS 64
#define DISTINCT_CASES 30

typedef struct shared {
    const protocol_pack *pack;
    char *cases[DISTINCT_CASES];
    char *expected[DISTINCT_CASES];
    long per_thread;
} shared;

typedef struct worker {
    pthread_t thread;
    const shared *s;
    int index;
    long evaluated;
    long mismatches;
    char error[600];
} worker;

/* Case i: a need identified on a day of November 2026, safeguarding or
 * not, the referral made or not, judged as of 1 December. */
static int make_case(int i, char *buf, size_t size)
{
    int day = 1 + i % 30;
    int safeguarding = i % 3 == 0;
    char made[64] = "";
    if (i % 4 == 0)
        snprintf(made, sizeof made, ", \"made_at\": \"2026-11-%02dT16:00\"", day);
    int n = snprintf(buf, size,
                     "{\"as_of\": \"2026-12-01T09:00\","
                     " \"consent\": {\"status\": \"%s\"},"
                     " \"concerns\": {\"child_significant_harm\": %s},"
                     " \"referral\": {\"safeguarding\": %s,"
                     " \"need_identified_at\": \"2026-11-%02dT11:00\"%s}}",
                     i % 2 ? "refused" : "given", safeguarding ? "true" : "false",
                     safeguarding ? "true" : "false", day, made);
    return n > 0 && (size_t)n < size;
}

static void *work(void *arg)
{
    worker *w = arg;
    const shared *s = w->s;
    protocol_eval_options options = PROTOCOL_EVAL_OPTIONS_INIT;
    for (long k = 0; k < s->per_thread; k++) {
        /* Each worker walks the cases from its own starting point, so that
         * different cases run at the same moment. */
        int i = (int)((k + w->index * 7) % DISTINCT_CASES);
        protocol_error err;
        char *json = NULL;
        if (protocol_evaluate_json(s->pack, s->cases[i], strlen(s->cases[i]), &options, &json,
                                   NULL, &err) != PROTOCOL_OK) {
            snprintf(w->error, sizeof w->error, "case %d: %s", i, err.message);
            return NULL;
        }
        if (strcmp(json, s->expected[i]) != 0)
            w->mismatches++;
        protocol_free(json);
        w->evaluated++;
    }
    return NULL;
}

int main(int argc, char **argv)
{
    long threads = argc > 1 ? strtol(argv[1], NULL, 10) : 4;
    long per_thread = argc > 2 ? strtol(argv[2], NULL, 10) : 200;
    if (threads < 1 || threads > MAX_THREADS || per_thread < 1 || per_thread > 10000000) {
        fprintf(stderr, "usage: threaded [THREADS (1-%d) [CASES]]\n", MAX_THREADS);
        return 2;
    }
    protocol_error err;
    protocol_pack *pack = NULL;
    if (protocol_pack_load_builtin(NULL, &pack, &err) != PROTOCOL_OK) {
        fprintf(stderr, "threaded: loading the pack: %s\n", err.message);
        return 1;
    }
    shared s;
    memset(&s, 0, sizeof s);
    s.pack = pack;
    s.per_thread = per_thread;
    int status = 1;
    protocol_eval_options options = PROTOCOL_EVAL_OPTIONS_INIT;
    for (int i = 0; i < DISTINCT_CASES; i++) {
        s.cases[i] = malloc(512);
        if (!s.cases[i] || !make_case(i, s.cases[i], 512)) {
            fprintf(stderr, "threaded: out of memory\n");
            goto done;
        }
        if (protocol_evaluate_json(pack, s.cases[i], strlen(s.cases[i]), &options,
                                   &s.expected[i], NULL, &err) != PROTOCOL_OK) {
            fprintf(stderr, "threaded: case %d: %s: %s\n", i, err.place, err.message);
            goto done;
        }
    }

    worker workers[MAX_THREADS];
    memset(workers, 0, sizeof workers);
    long started = 0;
    for (long t = 0; t < threads; t++) {
        workers[t].s = &s;
        workers[t].index = (int)t;
        if (pthread_create(&workers[t].thread, NULL, work, &workers[t]) != 0) {
            fprintf(stderr, "threaded: cannot start thread %ld\n", t);
            break;
        }
        started++;
    }
    long evaluated = 0, mismatches = 0, errors = 0;
    for (long t = 0; t < started; t++) {
        pthread_join(workers[t].thread, NULL);
        evaluated += workers[t].evaluated;
        mismatches += workers[t].mismatches;
        if (workers[t].error[0]) {
            fprintf(stderr, "threaded: thread %ld: %s\n", t, workers[t].error);
            errors++;
        }
    }
    printf("%ld threads, %ld cases evaluated, %ld differ from the single-threaded results\n",
           started, evaluated, mismatches);
    if (started == threads && !errors && !mismatches)
        status = 0;

done:
    for (int i = 0; i < DISTINCT_CASES; i++) {
        free(s.cases[i]);
        protocol_free(s.expected[i]);
    }
    protocol_pack_free(pack);
    return status;
}
