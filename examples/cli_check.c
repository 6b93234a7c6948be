/*
 * protocol check: evaluate a case (or a batch of them, as NDJSON) against a
 * pack and print the result, with an exit status a script can act on.
 */
#define _POSIX_C_SOURCE 200809L /* read(), fileno(), fstat() */
#include "cli.h"

#include <errno.h>
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
    "  --strict             a case key that is not a fact of the pack is an\n"
    "                       error, not a warning\n"
    "  --format json|text   the result JSON (default, indented), or a report\n"
    "                       for a practitioner\n"
    "  --ndjson             the input holds one case a line; write one compact\n"
    "                       result a line (a line that fails gives\n"
    "                       {\"line\":N,\"error\":{...}} in its place)\n"
    "  --unbuffered         write each answer as soon as it is made (for any\n"
    "                       command; --ndjson from a pipe does so already)\n"
    "  --help               show this help\n"
    "\n"
    "Exit status: 0 no finding fails; 1 a rule is not met or a deadline is\n"
    "overdue or was met late; 2 bad input or usage (with --ndjson: any line\n"
    "that could not be evaluated).\n";

/* Print the pretty result JSON for one case; the exit status from it. */
static int check_json(const protocol_pack *pack, const char *where, const char *text,
                      size_t length, const protocol_eval_options *opts)
{
    char *json = NULL;
    size_t json_length = 0;
    protocol_error err;
    memset(&err, 0, sizeof err);
    if (protocol_evaluate_json(pack, text, length, opts, &json, &json_length, &err) !=
        PROTOCOL_OK) {
        cli_lib_error(where, &err);
        return CLI_BAD;
    }
    fwrite(json, 1, json_length, stdout);
    if (json_length == 0 || json[json_length - 1] != '\n')
        putchar('\n');
    int fails = cli_result_fails(json, json_length);
    protocol_free(json);
    if (fails < 0) {
        cli_error("%s: the library gave a result that is not a JSON object", where);
        return cli_finish_output(CLI_BAD);
    }
    return cli_finish_output(fails ? CLI_FINDING : CLI_OK);
}

typedef struct batch {
    const protocol_pack *pack;
    const protocol_eval_options *opts;
    const char *where;
    long failed_lines;
    int fails;
} batch;

/*
 * Evaluate complete lines buf[0..length) whose first is input line
 * first_line + 1, and write their results. The library numbers the lines
 * of each slice from 1; the error objects are renumbered to the input's.
 */
static int batch_slice(batch *b, const char *buf, size_t length, long first_line)
{
    char *out = NULL;
    size_t out_length = 0, failed = 0;
    protocol_error err;
    memset(&err, 0, sizeof err);
    if (protocol_evaluate_ndjson(b->pack, buf, length, b->opts, &out, &out_length, &failed,
                                 &err) != PROTOCOL_OK) {
        cli_lib_error(b->where, &err);
        return 0;
    }
    const char *p = out, *end = out + out_length;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl : end;
        size_t n = (size_t)(line_end - p);
        static const char prefix[] = "{\"line\":";
        long line;
        char code[64], message[512], place[256];
        if (n > sizeof prefix - 1 && memcmp(p, prefix, sizeof prefix - 1) == 0 &&
            cli_batch_error(p, n, &line, code, sizeof code, message, sizeof message, place,
                            sizeof place)) {
            long shown = first_line + line;
            if (strcmp(code, "PROTOCOL_E_LIMIT_LINE") == 0) {
                /* The library numbers the lines of its slice, and a line
                 * longer than the buffer reaches it cut: say it afresh. */
                snprintf(message, sizeof message,
                         "line %ld is longer than the line-length limit", shown);
                printf("%s%ld,\"error\":{\"code\":\"%s\",\"message\":", prefix, shown, code);
                cli_write_json_string(stdout, message);
                fputs(",\"place\":\"\",\"column\":0}}\n", stdout);
            } else {
                const char *rest = p + sizeof prefix - 1;
                while (rest < line_end && *rest >= '0' && *rest <= '9')
                    rest++;
                printf("%s%ld", prefix, shown);
                fwrite(rest, 1, (size_t)(line_end - rest), stdout);
                putchar('\n');
            }
            protocol_error e;
            memset(&e, 0, sizeof e);
            snprintf(e.place, sizeof e.place, "%s", place);
            snprintf(e.message, sizeof e.message, "%s", *message ? message : code);
            char msg[1024];
            cli_format_error(msg, sizeof msg, b->where,
                             shown > 0 && shown <= 0x7fffffff ? (int)shown : 0, 0, &e);
            cli_error("%s", msg);
            b->failed_lines++;
        } else {
            fwrite(p, 1, n, stdout);
            putchar('\n');
            int fails = cli_result_fails(p, n);
            if (fails != 0)
                b->fails = 1;
            if (fails < 0) {
                cli_error("%s: the library gave a result that is not a JSON object",
                          b->where);
                b->failed_lines++;
            }
        }
        p = line_end + 1;
    }
    protocol_free(out);
    return 1;
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
        if (errno != EINTR) {
            *failed = 1;
            return 0;
        }
    }
}

static int check_ndjson(const protocol_pack *pack, const char *path,
                        const protocol_eval_options *opts)
{
    batch b = {pack, opts, cli_input_name(path), 0, 0};
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
    size_t length = 0;
    long consumed = 0; /* input lines before buf[0] */
    int eof = 0, ok = 1, skipping = 0;
    int streaming = is_streaming(f);
    while (ok) {
        if (!eof && length < CHUNK_BYTES) {
            int failed = 0;
            size_t got = read_input(f, buf + length, CHUNK_BYTES - length, streaming, &failed);
            if (got == 0) {
                if (failed) {
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
        /* Up to CHUNK_LINES complete lines. */
        size_t end = 0;
        long lines = 0;
        const char *p = buf;
        while (lines < CHUNK_LINES) {
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
        if (streaming)
            fflush(stdout);
        consumed += lines;
        memmove(buf, buf + end, length - end);
        length -= end;
        if (skipping)
            continue;
    }
    free(buf);
    if (!is_stdin)
        fclose(f);
    if (b.failed_lines)
        cli_error("%s: %ld line%s could not be evaluated", b.where, b.failed_lines,
                  b.failed_lines == 1 ? "" : "s");
    int status = !ok || b.failed_lines ? CLI_BAD : b.fails ? CLI_FINDING : CLI_OK;
    return cli_finish_output(status);
}

int cli_cmd_check(int argc, char **argv)
{
    cli_option options[] = {{"--pack", 1, NULL},   {"--as-of", 1, NULL}, {"--strict", 0, NULL},
                            {"--format", 1, NULL}, {"--ndjson", 0, NULL}, {NULL, 0, NULL}};
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

    protocol_eval_options opts = PROTOCOL_EVAL_OPTIONS_INIT;
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
        status = check_ndjson(pack, operands[0], &opts);
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
