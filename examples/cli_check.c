/*
 * protocol check: evaluate a case (or a batch of them, as NDJSON, on one
 * thread or several) against a pack and print the result at the detail
 * asked for, with an exit status a script can act on, taken from the
 * structured result rather than from the JSON printed.
 */
#define _POSIX_C_SOURCE 200809L /* read(), fileno(), fstat() */

#include "cli.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A batch is read and evaluated a slice of complete lines at a time, so
 * that memory stays flat however long the input: at most CHUNK_BYTES of
 * input and the results of at most CHUNK_LINES cases are held at once.
 * From a pipe, a terminal or a socket the input is read as it arrives
 * (read(2) returns what is there, not a full CHUNK_BYTES), and every
 * complete line read is answered, and the answer flushed, before waiting
 * for more: a sidecar fed one case at a time gets each answer at once. */
#define CHUNK_BYTES ((size_t)4 << 20)
#define CHUNK_LINES 256
/* The most threads --jobs gives. */
#define MAX_JOBS 64

static const char check_help[] =
    "Usage: protocol check [OPTIONS] CASE.json|-\n"
    "\n"
    "Evaluate a case against a protocol pack and print the result: the\n"
    "decisions, rules, duties, deadlines and checklists that follow from it,\n"
    "each with its citation.\n"
    "\n"
    "Options:\n"
    "  --pack ID|FAMILY|FILE the pack: a built-in id (default durham-2010); a\n"
    "                       family (an id without its year, e.g.\n"
    "                       england-info-sharing): the version in force at the\n"
    "                       case's as-of time; or a pack file when it contains\n"
    "                       '/' or ends in .json\n"
    "  --as-of T            evaluate as of this time, overriding the case's\n"
    "                       \"as_of\" (default: the case's, else now)\n"
    "  --strict             a case key that is not a fact of the pack, or a\n"
    "                       case that breaks one of its constraints, is an\n"
    "                       error, not a warning\n"
    "  --format json|text   the result JSON (default, indented), or a report\n"
    "                       for a practitioner\n"
    "  --detail full|summary  the result JSON in full (default), or its\n"
    "                       summary: ids, statuses, due dates and counts\n"
    "  --ndjson             the input holds one case a line; write one compact\n"
    "                       result a line (a line that fails gives\n"
    "                       {\"line\":N,\"error\":{...}} in its place)\n"
    "  --jobs N             with --ndjson, evaluate on N threads (0: one per\n"
    "                       core; default 1); the output keeps input order\n"
    "  --unbuffered         write each answer as soon as it is made (for any\n"
    "                       command; --ndjson from a pipe does so already)\n"
    "  --help               show this help\n"
    "\n"
    "Exit status: 0 no finding fails; 1 a rule is not met or a deadline is\n"
    "overdue or was met late; 2 bad input or usage (with --ndjson: any line\n"
    "that could not be evaluated).\n";

/* Whether a result fails, from its structured counts. */
static int result_fails(const protocol_result *result)
{
    protocol_result_counts counts = PROTOCOL_RESULT_COUNTS_INIT;
    protocol_error err;
    if (protocol_result_get_counts(result, &counts, &err) != PROTOCOL_OK)
        return 1;
    return counts.fails != 0;
}

/* Print the pretty result JSON for one case; the exit status from it. */
static int check_json(const protocol_pack *pack, const char *where, const char *text, size_t length,
                      const protocol_eval_options *opts)
{
    protocol_result *result = NULL;
    char *json = NULL;
    size_t json_length = 0;
    protocol_error err;
    memset(&err, 0, sizeof err);
    if (protocol_evaluate_json_result(pack, text, length, opts, &result, &err) != PROTOCOL_OK ||
        protocol_result_render_json(result, (protocol_detail)opts->detail, opts->pretty, &json,
                                    &json_length, &err) != PROTOCOL_OK) {
        protocol_result_free(result);
        cli_lib_error(where, &err);
        return CLI_BAD;
    }
    fwrite(json, 1, json_length, stdout);
    if (json_length == 0 || json[json_length - 1] != '\n')
        putchar('\n');
    int fails = result_fails(result);
    protocol_free(json);
    protocol_result_free(result);
    return cli_finish_output(fails ? CLI_FINDING : CLI_OK);
}

/* Where one run of the library over a slice of lines writes: its records
 * (stdout, or a memory stream while other threads run) and its messages
 * (stderr, or a memory stream). */
typedef struct sink {
    const protocol_pack *pack;
    const protocol_eval_options *opts;
    const char *where;
    long first_line; /* input lines before the slice */
    FILE *out, *messages;
    long failed_lines;
    int fails;
    /* For a thread: its slice, its streams' buffers, how the call went. */
    const char *text;
    size_t length;
    char *out_buf, *messages_buf;
    size_t out_size, messages_size;
    protocol_status status;
    protocol_error err;
} sink;

/* A line that could not be evaluated: its error record, renumbered from
 * the slice's lines to the input's, and a message. */
static void error_record(sink *s, const protocol_batch_record *record)
{
    long shown = s->first_line + (long)record->line;
    protocol_error e = *record->error;
    if (record->status == PROTOCOL_E_LIMIT_LINE) {
        /* The library numbers the lines of its slice, and a line longer
         * than the buffer reaches it cut: say it afresh. */
        snprintf(e.message, sizeof e.message, "line %ld is longer than the line-length limit",
                 shown);
        e.place[0] = '\0';
    }
    fprintf(s->out, "{\"line\":%ld,\"error\":{\"code\":", shown);
    cli_write_json_string(s->out, protocol_status_name(record->status));
    fputs(",\"message\":", s->out);
    cli_write_json_string(s->out, e.message);
    fputs(",\"place\":", s->out);
    cli_write_json_string(s->out, e.place);
    /* The column within the line, when the error is on the line's first
     * (only) line of text, as the library's own record gives it. */
    fprintf(s->out, ",\"column\":%d}}\n",
            record->status != PROTOCOL_E_LIMIT_LINE && e.line == 1 ? e.column : 0);
    char msg[1024];
    cli_format_error(msg, sizeof msg, s->where, shown > 0 && shown <= 0x7fffffff ? (int)shown : 0,
                     0, &e);
    fprintf(s->messages, "protocol: %s\n", msg);
    s->failed_lines++;
}

static int on_record(const protocol_batch_record *record, void *user)
{
    sink *s = user;
    if (record->status != PROTOCOL_OK) {
        error_record(s, record);
        return 0;
    }
    fwrite(record->json, 1, record->json_length, s->out);
    if (result_fails(record->result))
        s->fails = 1;
    return 0;
}

static void run_slice(sink *s)
{
    memset(&s->err, 0, sizeof s->err);
    s->status = protocol_evaluate_ndjson_each(s->pack, s->text, s->length, s->opts, on_record, s,
                                              NULL, &s->err);
}

static void *run_thread(void *arg)
{
    sink *s = arg;
    s->out = open_memstream(&s->out_buf, &s->out_size);
    s->messages = open_memstream(&s->messages_buf, &s->messages_size);
    if (!s->out || !s->messages) {
        s->status = PROTOCOL_E_NOMEM;
        snprintf(s->err.message, sizeof s->err.message, "out of memory");
    } else {
        run_slice(s);
    }
    if (s->out)
        fclose(s->out);
    if (s->messages)
        fclose(s->messages);
    return NULL;
}

typedef struct batch {
    const protocol_pack *pack;
    const protocol_eval_options *opts;
    const char *where;
    int jobs;
    long failed_lines;
    int fails;
} batch;

/*
 * Evaluate complete lines buf[0..length) whose first is input line
 * first_line + 1, and write their records in order: on this thread, or
 * split between b->jobs threads at line boundaries.
 */
static int batch_slice(batch *b, const char *buf, size_t length, long first_line)
{
    sink sinks[MAX_JOBS];
    int n = 0;
    const char *p = buf, *end = buf + length;
    long line = first_line;
    while (p < end && n < b->jobs) {
        /* An equal share of what is left, to the end of its line. */
        size_t share = (size_t)(end - p) / (size_t)(b->jobs - n);
        const char *stop = p + share;
        if (n == b->jobs - 1 || stop >= end) {
            stop = end;
        } else {
            const char *nl = memchr(stop, '\n', (size_t)(end - stop));
            stop = nl ? nl + 1 : end;
        }
        sink *s = &sinks[n++];
        memset(s, 0, sizeof *s);
        s->pack = b->pack;
        s->opts = b->opts;
        s->where = b->where;
        s->first_line = line;
        s->text = p;
        s->length = (size_t)(stop - p);
        for (const char *q = p; (q = memchr(q, '\n', (size_t)(stop - q))) != NULL; q++)
            line++;
        p = stop;
    }
    if (n == 1) {
        sinks[0].out = stdout;
        sinks[0].messages = stderr;
        run_slice(&sinks[0]);
    } else {
        pthread_t threads[MAX_JOBS];
        int started[MAX_JOBS];
        for (int i = 0; i < n; i++)
            started[i] = pthread_create(&threads[i], NULL, run_thread, &sinks[i]) == 0;
        for (int i = 0; i < n; i++) {
            if (started[i])
                pthread_join(threads[i], NULL);
            else
                run_thread(&sinks[i]);
        }
    }
    int ok = 1;
    for (int i = 0; i < n; i++) {
        sink *s = &sinks[i];
        if (n > 1) {
            if (s->out_buf)
                fwrite(s->out_buf, 1, s->out_size, stdout);
            if (s->messages_buf)
                fwrite(s->messages_buf, 1, s->messages_size, stderr);
            free(s->out_buf);
            free(s->messages_buf);
        }
        if (s->status != PROTOCOL_OK) {
            if (ok)
                cli_lib_error(b->where, &s->err);
            ok = 0;
        }
        b->failed_lines += s->failed_lines;
        b->fails |= s->fails;
    }
    return ok;
}

/* Input arriving over time: anything but a regular file (or a block
 * device) is read as it comes rather than in whole CHUNK_BYTES. */
static int is_streaming(FILE *f)
{
    struct stat st;
    if (fstat(fileno(f), &st) != 0)
        return 0;
    return !S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode);
}

/* Up to n bytes: for a stream, what one read(2) returns (blocking only
 * until some input is there); 0 at the end of input or on an error
 * (*failed set, errno kept). */
static size_t read_input(FILE *f, char *buf, size_t n, int streaming, int *failed)
{
    if (!streaming) {
        size_t got = fread(buf, 1, n, f);
        *failed = got == 0 && ferror(f);
        return got;
    }
    for (;;) {
        ssize_t got = read(fileno(f), buf, n);
        if (got >= 0) {
            *failed = 0;
            return (size_t)got;
        }
        /* A stop signal (SIGINT, SIGTERM) ends the wait; any other
         * interruption is retried. */
        if (errno != EINTR || cli_stop_signal()) {
            *failed = 1;
            return 0;
        }
    }
}

static int check_ndjson(const protocol_pack *pack, const char *path,
                        const protocol_eval_options *opts, int jobs)
{
    batch b = {pack, opts, cli_input_name(path), jobs, 0, 0};
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        cli_error("%s: cannot open: %s", path, strerror(errno));
        return CLI_BAD;
    }
    char *buf = malloc(CHUNK_BYTES);
    if (!buf) {
        cli_error("out of memory");
        if (!is_stdin)
            fclose(f);
        return CLI_BAD;
    }
    /* Each thread takes a share of a slice: more lines a slice for more. */
    long chunk_lines = CHUNK_LINES * (long)jobs;
    size_t length = 0;
    long consumed = 0; /* input lines before buf[0] */
    int eof = 0, ok = 1, skipping = 0, write_failed = 0;
    int streaming = is_streaming(f);
    /* Stop on SIGINT or SIGTERM after whole lines, saying so; a write error
     * stops the batch at once (docs/reliability.md). */
    cli_catch_stop_signals();
    cli_begin_output();
    while (ok) {
        if (!eof && length < CHUNK_BYTES) {
            int failed = 0;
            size_t got = read_input(f, buf + length, CHUNK_BYTES - length, streaming, &failed);
            if (got == 0) {
                if (failed) {
                    if (!cli_stop_signal())
                        cli_error("%s: cannot read: %s", b.where, strerror(errno));
                    ok = 0;
                    break;
                }
                eof = 1;
            }
            length += got;
        }
        if (skipping) {
            /* The rest of a line too long for any limit: already reported. */
            const char *nl = memchr(buf, '\n', length);
            if (!nl) {
                length = 0;
                if (eof)
                    break;
                continue;
            }
            size_t drop = (size_t)(nl - buf) + 1;
            memmove(buf, buf + drop, length - drop);
            length -= drop;
            skipping = 0;
            consumed++;
        }
        if (length == 0) {
            if (eof)
                break;
            continue;
        }
        /* Up to chunk_lines complete lines. */
        size_t end = 0;
        long lines = 0;
        const char *p = buf;
        while (lines < chunk_lines) {
            const char *nl = memchr(p, '\n', length - (size_t)(p - buf));
            if (!nl)
                break;
            lines++;
            p = nl + 1;
            end = (size_t)(p - buf);
        }
        if (lines == 0) {
            if (!eof && length < CHUNK_BYTES)
                continue; /* read more of this line */
            /* The last line without a newline, or a line longer than the
             * buffer: hand it over whole or cut, and the library reports a
             * cut one as over its line-length limit. */
            end = length;
            skipping = !eof;
        }
        if (!batch_slice(&b, buf, end, consumed))
            ok = 0;
        /* Flushed after every slice: from a pipe, each answer leaves at once. */
        if (!cli_commit_output(b.where, consumed)) {
            ok = 0;
            write_failed = 1;
        } else if (cli_stop_signal()) {
            ok = 0;
        }
        consumed += lines ? lines : 1;
        memmove(buf, buf + end, length - end);
        length -= end;
        if (skipping)
            continue;
    }
    free(buf);
    if (!is_stdin)
        fclose(f);
    if (cli_stop_signal() && !write_failed)
        cli_error("%s: interrupted by %s: stopped after input line %ld; the lines after it "
                  "were not evaluated",
                  b.where, cli_stop_signal(), consumed);
    if (b.failed_lines)
        cli_error("%s: %ld line%s could not be evaluated", b.where, b.failed_lines,
                  b.failed_lines == 1 ? "" : "s");
    int status = !ok || b.failed_lines ? CLI_BAD : b.fails ? CLI_FINDING : CLI_OK;
    return write_failed ? CLI_BAD : cli_finish_output(status);
}

int cli_cmd_check(int argc, char **argv)
{
    cli_option options[] = {{"--pack", 1, NULL},   {"--as-of", 1, NULL},  {"--strict", 0, NULL},
                            {"--format", 1, NULL}, {"--ndjson", 0, NULL}, {"--detail", 1, NULL},
                            {"--jobs", 1, NULL},   {NULL, 0, NULL}};
    const char *operands[1];
    int count, help;
    if (cli_parse("check", argc, argv, 2, options, operands, 1, &count, &help) < 0)
        return CLI_BAD;
    if (help) {
        fputs(check_help, stdout);
        return cli_finish_output(CLI_OK);
    }
    if (count != 1)
        return cli_usage_error("check", "expected one CASE.json (or '-')");
    const char *format = cli_opt(options, "--format");
    int text = 0;
    if (format && strcmp(format, "text") == 0)
        text = 1;
    else if (format && strcmp(format, "json") != 0)
        return cli_usage_error("check", "--format must be json or text, not '%s'", format);
    int ndjson = cli_opt(options, "--ndjson") != NULL;
    if (ndjson && text)
        return cli_usage_error("check", "--ndjson writes JSON; it cannot be used with "
                                        "--format text");
    const char *detail = cli_opt(options, "--detail");
    int summary = 0;
    if (detail && strcmp(detail, "summary") == 0)
        summary = 1;
    else if (detail && strcmp(detail, "full") != 0)
        return cli_usage_error("check", "--detail must be full or summary, not '%s'", detail);
    if (summary && text)
        return cli_usage_error("check", "--detail is for the result JSON; it cannot be used "
                                        "with --format text");
    long jobs = 1;
    const char *jobs_text = cli_opt(options, "--jobs");
    if (jobs_text && !cli_parse_long(jobs_text, 0, MAX_JOBS, &jobs))
        return cli_usage_error("check", "--jobs must be a whole number from 0 to %d, not '%s'",
                               MAX_JOBS, jobs_text);
    if (jobs_text && !ndjson)
        return cli_usage_error("check", "--jobs is for --ndjson batches");
    if (jobs == 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = cores < 1 ? 1 : cores > MAX_JOBS ? MAX_JOBS : cores;
    }

    protocol_eval_options opts = PROTOCOL_EVAL_OPTIONS_INIT;
    opts.detail = summary ? PROTOCOL_DETAIL_SUMMARY : PROTOCOL_DETAIL_FULL;
    opts.strict = cli_opt(options, "--strict") != NULL;
    opts.pretty = !ndjson;
    opts.as_of = cli_opt(options, "--as-of");
    char now[32];
    if (opts.as_of) {
        protocol_time t;
        protocol_error err;
        memset(&err, 0, sizeof err);
        if (protocol_time_parse(opts.as_of, &t, &err) != PROTOCOL_OK) {
            cli_lib_error("--as-of", &err);
            return CLI_BAD;
        }
    } else {
        /* The library never reads the clock; a case without its own as_of
         * is judged as of now. */
        if (!cli_now(now, sizeof now)) {
            cli_error("cannot read the clock; give --as-of");
            return CLI_BAD;
        }
        opts.default_as_of = now;
    }

    const char *spec = cli_opt(options, "--pack");
    if (!spec)
        spec = protocol_default_pack_id();
    size_t length = 0;
    char *case_text = NULL;
    if (!ndjson) {
        case_text = cli_read_file(operands[0], &length);
        if (!case_text)
            return CLI_BAD;
        /* A pack family names the version in force at the case's time. */
        spec = cli_resolve_pack(spec, case_text, length, &opts);
    } else if (!cli_is_pack_id_or_file(spec)) {
        return cli_usage_error("check",
                               "--ndjson needs a pack id or file: a pack family "
                               "('%s') is resolved case by case, without --ndjson",
                               spec);
    }
    protocol_pack *pack = spec ? cli_load_pack(spec) : NULL;
    if (!pack) {
        free(case_text);
        return CLI_BAD;
    }
    int status;
    if (ndjson) {
        status = check_ndjson(pack, operands[0], &opts, (int)jobs);
    } else {
        const char *where = cli_input_name(operands[0]);
        if (text) {
            size_t source_length = 0;
            char *source = cli_pack_source(spec, &source_length);
            status = cli_check_text(pack, source, source_length, where, case_text, length, &opts);
            free(source);
        } else {
            status = check_json(pack, where, case_text, length, &opts);
        }
        free(case_text);
    }
    protocol_pack_free(pack);
    return status;
}
