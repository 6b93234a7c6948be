/*
 * Case evaluation under a pack, through the public API: pack loading, JSON
 * text in to JSON text out on one thread and on every core, the NDJSON
 * batch path, the structured (non-JSON) path, and cJSON's own parse of the
 * same text as the yardstick. Prints "evaluate NAME VALUE UNIT" lines.
 *
 *   bench_evaluate CASES.ndjson [PACK_ID] [--allocations]
 *
 * With --allocations it counts the library's allocations through the
 * allocator hook instead of timing, and prints calls and bytes per case.
 */
#define _POSIX_C_SOURCE 200809L
#include <protocol/protocol.h>

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct corpus {
    char *text;
    size_t count;
    const char **line;
    size_t *length;
} corpus;

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, const protocol_error *err)
{
    fprintf(stderr, "bench_evaluate: %s: %s%s%s\n", what, err ? err->place : "",
            err && err->place[0] ? ": " : "", err ? err->message : "failed");
    exit(2);
}

static corpus read_corpus(const char *path)
{
    corpus c = {0};
    FILE *f = fopen(path, "rb");
    if (!f)
        die(path, NULL);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    c.text = malloc((size_t)size + 1);
    if (!c.text || fread(c.text, 1, (size_t)size, f) != (size_t)size)
        die(path, NULL);
    fclose(f);
    c.text[size] = '\0';
    for (long i = 0; i < size; i++)
        c.count += c.text[i] == '\n';
    c.line = malloc(c.count * sizeof *c.line);
    c.length = malloc(c.count * sizeof *c.length);
    if (!c.line || !c.length)
        die("out of memory", NULL);
    size_t n = 0;
    for (char *p = c.text; n < c.count; n++) {
        char *end = strchr(p, '\n');
        c.line[n] = p;
        c.length[n] = (size_t)(end - p);
        p = end + 1;
    }
    return c;
}

/* --- counting allocator ---------------------------------------------------- */

static atomic_size_t alloc_calls, alloc_bytes;

static void *count_malloc(size_t size)
{
    atomic_fetch_add_explicit(&alloc_calls, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&alloc_bytes, size, memory_order_relaxed);
    return malloc(size);
}

static void *count_realloc(void *p, size_t size)
{
    atomic_fetch_add_explicit(&alloc_calls, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&alloc_bytes, size, memory_order_relaxed);
    return realloc(p, size);
}

/* --- JSON to JSON ------------------------------------------------------------ */

typedef struct job {
    const protocol_pack *pack;
    const corpus *cases;
    size_t from, to;
    size_t out_bytes;
} job;

static void *evaluate_range(void *arg)
{
    job *j = arg;
    protocol_eval_options options = PROTOCOL_EVAL_OPTIONS_INIT;
    for (size_t i = j->from; i < j->to; i++) {
        char *out = NULL;
        size_t length = 0;
        protocol_error err;
        if (protocol_evaluate_json(j->pack, j->cases->line[i], j->cases->length[i], &options,
                                   &out, &length, &err) != PROTOCOL_OK)
            die("evaluate", &err);
        j->out_bytes += length;
        protocol_free(out);
    }
    return NULL;
}

/* Evaluate the whole corpus on `threads` threads; seconds taken. */
static double run_threads(const protocol_pack *pack, const corpus *cases, int threads)
{
    pthread_t tid[64];
    job jobs[64];
    if (threads > 64)
        threads = 64;
    double t0 = seconds();
    for (int t = 0; t < threads; t++) {
        jobs[t] = (job){pack, cases, cases->count * (size_t)t / (size_t)threads,
                        cases->count * (size_t)(t + 1) / (size_t)threads, 0};
        if (pthread_create(&tid[t], NULL, evaluate_range, &jobs[t]) != 0)
            die("pthread_create", NULL);
    }
    for (int t = 0; t < threads; t++)
        pthread_join(tid[t], NULL);
    return seconds() - t0;
}

/* --- the structured path -------------------------------------------------- */

/* Set every leaf of a parsed case as a fact through protocol_case_set_*. */
static void set_facts(protocol_case *c, const cJSON *node, char *path, size_t used)
{
    for (const cJSON *item = node->child; item; item = item->next) {
        size_t n = strlen(item->string);
        char *end = path + used;
        if (used) {
            *end++ = '.';
        }
        memcpy(end, item->string, n + 1);
        size_t now = (size_t)(end - path) + n;
        protocol_error err;
        protocol_status status = PROTOCOL_OK;
        if (cJSON_IsObject(item))
            set_facts(c, item, path, now);
        else if (strcmp(path, "as_of") == 0)
            status = protocol_case_set_as_of(c, item->valuestring, &err);
        else if (cJSON_IsBool(item))
            status = protocol_case_set_bool(c, path, cJSON_IsTrue(item), &err);
        else if (cJSON_IsNumber(item))
            status = protocol_case_set_integer(c, path, (long long)item->valuedouble, &err);
        else if (cJSON_IsString(item) && strstr(path, "_at"))
            status = protocol_case_set_time(c, path, item->valuestring, &err);
        else if (cJSON_IsString(item))
            status = protocol_case_set_string(c, path, item->valuestring, &err);
        if (status != PROTOCOL_OK)
            die("set fact", &err);
        path[used] = '\0';
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_evaluate CASES.ndjson [PACK_ID] [--allocations]\n");
        return 2;
    }
    const char *pack_id = argc > 2 && argv[2][0] != '-' ? argv[2] : NULL;
    int count_allocations = strcmp(argv[argc - 1], "--allocations") == 0;
    if (count_allocations) {
        protocol_allocator hooks = {count_malloc, count_realloc, free};
        protocol_error err;
        if (protocol_set_allocator(&hooks, &err) != PROTOCOL_OK)
            die("allocator", &err);
    }
    corpus cases = read_corpus(argv[1]);
    protocol_error err;
    protocol_pack *pack = NULL;

    if (count_allocations) {
        if (protocol_pack_load_builtin(pack_id, &pack, &err) != PROTOCOL_OK)
            die("load", &err);
        size_t calls0 = atomic_load(&alloc_calls), bytes0 = atomic_load(&alloc_bytes);
        job j = {pack, &cases, 0, cases.count, 0};
        evaluate_range(&j);
        printf("evaluate allocations_per_case %.1f calls\n",
               (double)(atomic_load(&alloc_calls) - calls0) / (double)cases.count);
        printf("evaluate bytes_allocated_per_case %.0f bytes\n",
               (double)(atomic_load(&alloc_bytes) - bytes0) / (double)cases.count);
        protocol_pack_free(pack);
        return 0;
    }

    /* Pack loading: compile the pack (and its calendar) many times. */
    int loads = 200;
    double t0 = seconds();
    for (int i = 0; i < loads; i++) {
        if (protocol_pack_load_builtin(pack_id, &pack, &err) != PROTOCOL_OK)
            die("load", &err);
        protocol_pack_free(pack);
    }
    printf("evaluate pack_load %.1f us\n", (seconds() - t0) * 1e6 / loads);
    if (protocol_pack_load_builtin(pack_id, &pack, &err) != PROTOCOL_OK)
        die("load", &err);

    /* The yardstick: cJSON parsing the same text and nothing else. */
    t0 = seconds();
    for (size_t i = 0; i < cases.count; i++) {
        cJSON *doc = cJSON_ParseWithLength(cases.line[i], cases.length[i]);
        if (!doc)
            die("cJSON could not parse a case", NULL);
        cJSON_Delete(doc);
    }
    double parse = (seconds() - t0) / (double)cases.count;
    printf("evaluate cjson_parse_only %.2f us\n", parse * 1e6);

    run_threads(pack, &cases, 1); /* warm caches and the calendar */
    double one = run_threads(pack, &cases, 1) / (double)cases.count;
    printf("evaluate json_1_thread %.2f us\n", one * 1e6);
    printf("evaluate json_1_thread_rate %.0f cases/s\n", 1 / one);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (cores < 1)
        cores = 1;
    double all = run_threads(pack, &cases, (int)cores);
    printf("evaluate json_%ld_threads_rate %.0f cases/s\n", cores, (double)cases.count / all);

    /* The batch path: the whole corpus as one NDJSON text. */
    t0 = seconds();
    char *out = NULL;
    size_t out_length = 0, failed = 0;
    if (protocol_evaluate_ndjson(pack, cases.text, strlen(cases.text), NULL, &out, &out_length,
                                 &failed, &err) != PROTOCOL_OK || failed)
        die("ndjson", &err);
    double batch = seconds() - t0;
    protocol_free(out);
    printf("evaluate ndjson_batch_rate %.0f cases/s\n", (double)cases.count / batch);

    /* The same batch path a slice of about 1 MiB of whole lines at a time,
     * as `protocol check --ndjson` streams it: each output buffer is
     * reused memory rather than hundreds of MiB touched for the first time. */
    size_t slice_bytes = (size_t)1 << 20, all_bytes = strlen(cases.text);
    t0 = seconds();
    for (size_t from = 0; from < all_bytes;) {
        size_t to = from + slice_bytes < all_bytes ? from + slice_bytes : all_bytes;
        while (to < all_bytes && cases.text[to - 1] != '\n')
            to++;
        if (protocol_evaluate_ndjson(pack, cases.text + from, to - from, NULL, &out, &out_length,
                                     &failed, &err) != PROTOCOL_OK || failed)
            die("ndjson slice", &err);
        protocol_free(out);
        from = to;
    }
    printf("evaluate ndjson_sliced_rate %.0f cases/s\n",
           (double)cases.count / (seconds() - t0));

    /* The structured path: facts set once per case, outside the timing;
     * each evaluation reads them and builds a result without JSON. */
    size_t structured = cases.count < 20000 ? cases.count : 20000;
    protocol_case **objects = calloc(structured, sizeof *objects);
    char path[512];
    for (size_t i = 0; i < structured; i++) {
        cJSON *doc = cJSON_ParseWithLength(cases.line[i], cases.length[i]);
        if (!doc || protocol_case_new(pack, &objects[i], &err) != PROTOCOL_OK)
            die("case", &err);
        path[0] = '\0';
        set_facts(objects[i], doc, path, 0);
        cJSON_Delete(doc);
    }
    int rounds = 5;
    t0 = seconds();
    for (int r = 0; r < rounds; r++) {
        for (size_t i = 0; i < structured; i++) {
            protocol_result *result = NULL;
            if (protocol_evaluate(pack, objects[i], NULL, &result, &err) != PROTOCOL_OK)
                die("evaluate", &err);
            protocol_result_free(result);
        }
    }
    double s = (seconds() - t0) / (double)(structured * (size_t)rounds);
    printf("evaluate structured_1_thread %.3f us\n", s * 1e6);
    printf("evaluate structured_1_thread_rate %.0f cases/s\n", 1 / s);
    for (size_t i = 0; i < structured; i++)
        protocol_case_free(objects[i]);
    free(objects);

    protocol_pack_free(pack);
    free(cases.line);
    free(cases.length);
    free(cases.text);
    return 0;
}
