/*
 * What every command of the protocol tool shares: messages on stderr that
 * name cause and place, option parsing, reading files, JSON string output,
 * and the clock (the tool is the only part of the project that reads it).
 */
#define _POSIX_C_SOURCE 200809L

#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Inputs read whole (a case, a pack, a holidays file) are far below this;
 * the library applies its own, smaller, limits on top. */
#define CLI_MAX_FILE_BYTES ((size_t)256 << 20)

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("protocol: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void cli_format_error(char *buf, size_t size, const char *where, int line, int column,
                      const protocol_error *err)
{
    size_t used = 0;
    int n;
    buf[0] = '\0';
    if (where && *where) {
        if (line > 0 && column > 0)
            n = snprintf(buf, size, "%s:%d:%d: ", where, line, column);
        else if (line > 0)
            n = snprintf(buf, size, "%s:%d: ", where, line);
        else
            n = snprintf(buf, size, "%s: ", where);
    } else if (line > 0 && column > 0) {
        n = snprintf(buf, size, "line %d, column %d: ", line, column);
    } else if (line > 0) {
        n = snprintf(buf, size, "line %d: ", line);
    } else {
        n = 0;
    }
    if (n > 0)
        used = (size_t)n < size ? (size_t)n : size - 1;
    /* A message that already quotes its place need not repeat it, nor a
     * place that is the file already named ("FILE" or "FILE: /pointer",
     * as the library's file loaders give it). */
    const char *place = err->place;
    size_t where_len = where ? strlen(where) : 0;
    if (where_len && strncmp(place, where, where_len) == 0) {
        if (place[where_len] == '\0')
            place += where_len;
        else if (place[where_len] == ':' && place[where_len + 1] == ' ')
            place += where_len + 2;
    }
    if (*place && !strstr(err->message, place)) {
        n = snprintf(buf + used, size - used, "%s: ", place);
        if (n > 0)
            used += (size_t)n < size - used ? (size_t)n : size - used - 1;
    }
    snprintf(buf + used, size - used, "%s",
             *err->message ? err->message : protocol_status_name(err->code));
}

void cli_lib_error(const char *where, const protocol_error *err)
{
    char buf[1024];
    cli_format_error(buf, sizeof buf, where, err->line, err->column, err);
    cli_error("%s", buf);
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (command && *command)
        cli_error("%s: %s (see 'protocol %s --help')", command, msg, command);
    else
        cli_error("%s (see 'protocol --help')", msg);
    return CLI_BAD;
}

static int is_negative_number(const char *arg)
{
    return arg[0] == '-' && arg[1] >= '0' && arg[1] <= '9';
}

int cli_parse(const char *command, int argc, char **argv, int first, cli_option *options,
              const char **operands, int max_operands, int *operand_count, int *help)
{
    int only_operands = 0;
    *operand_count = 0;
    *help = 0;
    for (cli_option *o = options; o->name; o++)
        o->value = NULL;
    for (int i = first; i < argc; i++) {
        const char *arg = argv[i];
        if (!only_operands && strcmp(arg, "--") == 0) {
            only_operands = 1;
            continue;
        }
        if (only_operands || arg[0] != '-' || arg[1] == '\0' || is_negative_number(arg)) {
            if (*operand_count >= max_operands) {
                cli_usage_error(command, "unexpected operand '%s'", arg);
                return -1;
            }
            operands[(*operand_count)++] = arg;
            continue;
        }
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            *help = 1;
            return 0;
        }
        const char *eq = strchr(arg, '=');
        size_t name_len = eq ? (size_t)(eq - arg) : strlen(arg);
        cli_option *found = NULL;
        for (cli_option *o = options; o->name; o++) {
            if (strlen(o->name) == name_len && strncmp(o->name, arg, name_len) == 0) {
                found = o;
                break;
            }
        }
        if (!found) {
            cli_usage_error(command, "unknown option '%.*s'", (int)name_len, arg);
            return -1;
        }
        if (!found->takes_value) {
            if (eq) {
                cli_usage_error(command, "option '%s' takes no value", found->name);
                return -1;
            }
            found->value = "";
        } else if (eq) {
            found->value = eq + 1;
        } else if (i + 1 < argc) {
            found->value = argv[++i];
        } else {
            cli_usage_error(command, "option '%s' needs a value", found->name);
            return -1;
        }
    }
    return 1;
}

const char *cli_opt(const cli_option *options, const char *name)
{
    for (const cli_option *o = options; o->name; o++)
        if (strcmp(o->name, name) == 0)
            return o->value;
    return NULL;
}

int cli_parse_long(const char *text, long min, long max, long *out)
{
    if (!text || !*text)
        return 0;
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    /* strtol accepts leading blanks and a '+'; an operand should not need them. */
    if (*end || errno == ERANGE || text[0] == ' ' || text[0] == '\t' || text[0] == '+' ||
        v < min || v > max)
        return 0;
    *out = v;
    return 1;
}

const char *cli_input_name(const char *path)
{
    return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

char *cli_read_file(const char *path, size_t *length)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        cli_error("%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    /* A file rewritten while it is read would give a mix of two versions. */
    struct stat before, after;
    int regular = fstat(fileno(f), &before) == 0 && S_ISREG(before.st_mode);
    size_t cap = 64 * 1024, len = 0;
    char *buf = malloc(cap);
    if (!buf) {
        cli_error("%s: out of memory", cli_input_name(path));
        if (!is_stdin)
            fclose(f);
        return NULL;
    }
    for (;;) {
        if (len + 1 >= cap) {
            if (cap >= CLI_MAX_FILE_BYTES) {
                cli_error("%s: larger than %zu MiB", cli_input_name(path),
                          CLI_MAX_FILE_BYTES >> 20);
                goto fail;
            }
            char *grown = realloc(buf, cap * 2);
            if (!grown) {
                cli_error("%s: out of memory", cli_input_name(path));
                goto fail;
            }
            buf = grown;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
        if (got == 0) {
            if (ferror(f)) {
                cli_error("%s: cannot read: %s", cli_input_name(path), strerror(errno));
                goto fail;
            }
            break;
        }
    }
    if (regular && (fstat(fileno(f), &after) != 0 || after.st_size != before.st_size ||
                    after.st_mtim.tv_sec != before.st_mtim.tv_sec ||
                    after.st_mtim.tv_nsec != before.st_mtim.tv_nsec ||
                    after.st_ctim.tv_sec != before.st_ctim.tv_sec ||
                    after.st_ctim.tv_nsec != before.st_ctim.tv_nsec)) {
        cli_error("%s: changed while it was being read; run again once it is complete",
                  cli_input_name(path));
        goto fail;
    }
    if (!is_stdin)
        fclose(f);
    buf[len] = '\0';
    *length = len;
    return buf;
fail:
    free(buf);
    if (!is_stdin)
        fclose(f);
    return NULL;
}

void cli_write_json_string(FILE *out, const char *text)
{
    static const char hex[] = "0123456789abcdef";
    putc('"', out);
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        unsigned char c = *p;
        switch (c) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\b': fputs("\\b", out); break;
        case '\f': fputs("\\f", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (c < 0x20) {
                fputs("\\u00", out);
                putc(hex[c >> 4], out);
                putc(hex[c & 15], out);
            } else {
                putc(c, out);
            }
        }
    }
    putc('"', out);
}

void cli_format_date(protocol_date date, char *buf)
{
    int y = date.year;
    buf[0] = (char)('0' + y / 1000 % 10);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + date.month / 10);
    buf[6] = (char)('0' + date.month % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + date.day / 10);
    buf[9] = (char)('0' + date.day % 10);
}

int cli_now(char *buf, size_t size)
{
    time_t now = time(NULL);
    struct tm tm;
    if (now == (time_t)-1 || !gmtime_r(&now, &tm))
        return 0;
    int n = snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return n > 0 && (size_t)n < size;
}

int cli_finish_output(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("cannot write the output: %s", strerror(errno));
        return CLI_BAD;
    }
    return status;
}

/* --- faults in the tool's own output, and signals ------------------------- */

static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
    stop_signal = sig;
}

void cli_ignore_sigpipe(void)
{
    /* A closed pipe then fails the write with EPIPE, which is reported,
     * rather than killing the tool silently with results missing. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGPIPE, &sa, NULL);
}

void cli_catch_stop_signals(void)
{
    /* No SA_RESTART: a read blocked on standard input returns at once. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

const char *cli_stop_signal(void)
{
    return stop_signal == SIGINT ? "SIGINT" : stop_signal == SIGTERM ? "SIGTERM" : NULL;
}

/* The size of standard output after the last whole line, when it is a
 * regular file (-1: not one, or not known yet). */
static off_t output_committed = -1;

void cli_begin_output(void)
{
    struct stat st;
    if (fflush(stdout) == 0 && fstat(fileno(stdout), &st) == 0 && S_ISREG(st.st_mode))
        output_committed = lseek(fileno(stdout), 0, SEEK_END);
}

int cli_commit_output(const char *where, long lines_done)
{
    if (fflush(stdout) == 0 && !ferror(stdout)) {
        if (output_committed >= 0)
            output_committed = lseek(fileno(stdout), 0, SEEK_END);
        return 1;
    }
    int e = errno;
    /* stdio may have written part of a line before the failure: a file is
     * cut back to its last whole line, so that no half result remains. */
    if (output_committed >= 0 && ftruncate(fileno(stdout), output_committed) != 0)
        cli_error("cannot cut the output back to its last whole line: %s", strerror(errno));
    if (lines_done > 0)
        cli_error("%s: cannot write the output: %s; the results of input lines 1-%ld were "
                  "written whole, the rest are missing",
                  where, strerror(e), lines_done);
    else
        cli_error("%s: cannot write the output: %s; no result was written", where, strerror(e));
    return 0;
}
