/*
 * Working-day arithmetic through the public scalar API: 10 million
 * "add N working days" and 10 million "count working days" calls on random
 * dates 1990-2060 with N in -30..30, for each built-in division. Prints one
 * line per division and operation: "calendar DIVISION OP NS_PER_OP CHECKSUM".
 *
 *   bench_calendar [OPERATIONS]
 */
#define _POSIX_C_SOURCE 200809L
#include <protocol/protocol.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint64_t next_random(void)
{
    /* xorshift64*: fast, deterministic, good enough to scatter dates. */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717u;
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static protocol_date random_date(void)
{
    /* Days are drawn per month so every date is valid without a table. */
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    uint64_t r = next_random();
    protocol_date d;
    d.year = 1990 + (int)(r % 71);
    d.month = 1 + (int)((r >> 16) % 12);
    d.day = 1 + (int)((r >> 32) % (uint64_t)days[d.month - 1]);
    return d;
}

int main(int argc, char **argv)
{
    long ops = argc > 1 ? atol(argv[1]) : 10000000L;
    if (ops <= 0) {
        fprintf(stderr, "usage: bench_calendar [OPERATIONS]\n");
        return 2;
    }
    protocol_date *from = malloc((size_t)ops * sizeof *from);
    protocol_date *to = malloc((size_t)ops * sizeof *to);
    int *n = malloc((size_t)ops * sizeof *n);
    if (!from || !to || !n) {
        fprintf(stderr, "bench_calendar: out of memory\n");
        return 2;
    }
    for (long i = 0; i < ops; i++) {
        from[i] = random_date();
        to[i] = random_date();
        n[i] = (int)(next_random() % 61) - 30;
    }
    for (size_t k = 0; k < protocol_calendar_builtin_count(); k++) {
        const char *id = protocol_calendar_builtin_id(k);
        protocol_calendar *cal = NULL;
        protocol_error err;
        if (protocol_calendar_new(id, &cal, &err) != PROTOCOL_OK) {
            fprintf(stderr, "bench_calendar: %s\n", err.message);
            return 2;
        }
        long long sum = 0;
        double t0 = seconds();
        for (long i = 0; i < ops; i++) {
            protocol_date out;
            if (protocol_calendar_add_working_days(cal, from[i], n[i], &out, NULL) == PROTOCOL_OK)
                sum += out.day;
        }
        double t1 = seconds();
        printf("calendar %s add %.2f %lld\n", id, (t1 - t0) * 1e9 / (double)ops, sum);
        sum = 0;
        t0 = seconds();
        for (long i = 0; i < ops; i++) {
            long c;
            if (protocol_calendar_count_working_days(cal, from[i], to[i], &c, NULL) == PROTOCOL_OK)
                sum += c;
        }
        t1 = seconds();
        printf("calendar %s count %.2f %lld\n", id, (t1 - t0) * 1e9 / (double)ops, sum);
        protocol_calendar_free(cal);
    }
    free(from);
    free(to);
    free(n);
    return 0;
}
