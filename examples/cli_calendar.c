/*
 * The calendar commands of the protocol tool: holidays, workdays add and
 * count, and deadline — each on operands from the command line, or on one
 * operand set per line from stdin, streamed line by line.
 */
#define _POSIX_C_SOURCE 200809L

#include "cli.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* What a line handler returns: success, the whole line is wrong (the number
 * of operands), or (>= 0) the index of the operand that is wrong. */
enum { FIELD_OK = -1, FIELD_LINE = -2 };

#define MAX_FIELDS 4

typedef int (*line_fn)(void *ctx, const char *const *fields, int count, protocol_error *err);

static void set_error(protocol_error *err, protocol_status code, const char *place,
                      const char *fmt, ...) CLI_PRINTF(4, 5);

static void set_error(protocol_error *err, protocol_status code, const char *place,
                      const char *fmt, ...)
{
    va_list ap;
    err->code = code;
    err->line = 0;
    err->column = 0;
    snprintf(err->place, sizeof err->place, "%s", place ? place : "");
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
}

/* ---- calendars ------------------------------------------------------------ */

static const char calendar_options_help[] =
    "  --calendar C         england-and-wales (the default), scotland or\n"
    "                       northern-ireland\n"
    "  --holidays-file F    use the bank holidays of a file in the GOV.UK\n"
    "                       bank-holidays.json format instead\n"
    "  --division D         the division of that file to use (default: the\n"
    "                       --calendar value, else england-and-wales)\n";

static protocol_calendar *open_calendar(const char *command, const cli_option *options)
{
    const char *id = cli_opt(options, "--calendar");
    const char *file = cli_opt(options, "--holidays-file");
    const char *division = cli_opt(options, "--division");
    protocol_calendar *cal = NULL;
    protocol_error err;
    memset(&err, 0, sizeof err);
    if (division && !file) {
        cli_usage_error(command, "--division needs --holidays-file");
        return NULL;
    }
    if (file) {
        if (!division)
            division = id ? id : "england-and-wales";
        if (protocol_calendar_from_govuk_file(file, division, &cal, &err) != PROTOCOL_OK) {
            cli_lib_error(file, &err);
            return NULL;
        }
    } else if (protocol_calendar_new(id, &cal, &err) != PROTOCOL_OK) {
        cli_lib_error("--calendar", &err);
        return NULL;
    }
    return cal;
}

/* ---- operands ------------------------------------------------------------- */

static int parse_date(const char *text, protocol_date *out, protocol_error *err)
{
    return protocol_date_parse(text, out, err) == PROTOCOL_OK;
}

static int parse_int(const char *text, const char *what, int *out, protocol_error *err)
{
    long v;
    if (!cli_parse_long(text, INT_MIN + 1, INT_MAX, &v)) {
        set_error(err, PROTOCOL_E_INVALID_ARGUMENT, text, "'%.64s' is not a whole number of %s",
                  text, what);
        return 0;
    }
    *out = (int)v;
    return 1;
}

static int check_count(int count, int min, int max, const char *form, protocol_error *err)
{
    if (count >= min && count <= max)
        return 1;
    set_error(err, PROTOCOL_E_INVALID_ARGUMENT, NULL, "expected %s, got %d operand%s", form,
              count, count == 1 ? "" : "s");
    return 0;
}

/*
 * Run `fn` on the operands of one invocation: from argv, or — when the only
 * operand is "-" — on each line of stdin, so that millions of lines flow
 * without being held. A bad line answers "error: MESSAGE" in its place (the
 * answers stay aligned with the input lines), the message goes to stderr
 * with its line and column, and the run ends with CLI_BAD.
 */
static int run(const char *command, line_fn fn, void *ctx, const char *const *operands,
               int count, const char *const *roles, int role_count)
{
    protocol_error err;
    memset(&err, 0, sizeof err);
    char msg[1024];
    if (!(count == 1 && strcmp(operands[0], "-") == 0)) {
        int r = fn(ctx, operands, count, &err);
        if (r == FIELD_OK)
            return cli_finish_output(CLI_OK);
        if (r == FIELD_LINE) {
            cli_usage_error(command, "%s", err.message);
        } else {
            cli_format_error(msg, sizeof msg, r < role_count ? roles[r] : NULL, 0, 0, &err);
            cli_error("%s", msg);
        }
        cli_finish_output(CLI_BAD);
        return CLI_BAD;
    }

    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0, bad = 0;
    while ((len = getline(&line, &cap, stdin)) != -1) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        const char *fields[MAX_FIELDS + 1];
        int n = 0;
        char *p = line;
        for (;;) {
            while (*p == ' ' || *p == '\t')
                p++;
            if (!*p)
                break;
            /* Fields past the last kept are only counted: no command takes
             * that many, and the handler says so with the true count. */
            if (n < MAX_FIELDS + 1)
                fields[n] = p;
            n++;
            while (*p && *p != ' ' && *p != '\t')
                p++;
            if (*p)
                *p++ = '\0';
        }
        if (n == 0) {
            /* A blank line answers blank, so answers stay aligned. */
            putchar('\n');
            continue;
        }
        int r = fn(ctx, fields, n, &err);
        if (r == FIELD_OK)
            continue;
        bad++;
        int column = r >= 0 && r < n && r <= MAX_FIELDS ? (int)(fields[r] - line) + 1 : 0;
        cli_format_error(msg, sizeof msg, NULL, 0, 0, &err);
        printf("error: %s\n", msg);
        cli_format_error(msg, sizeof msg, "<stdin>", (int)(lineno > INT_MAX ? 0 : lineno),
                         column, &err);
        cli_error("%s", msg);
    }
    int status = bad ? CLI_BAD : CLI_OK;
    if (ferror(stdin)) {
        cli_error("<stdin>: cannot read the input");
        status = CLI_BAD;
    }
    free(line);
    if (bad)
        cli_error("%ld of %ld input lines could not be answered", bad, lineno);
    return cli_finish_output(status);
}

static int parse_format(const char *command, const cli_option *options, int *json)
{
    const char *format = cli_opt(options, "--format");
    *json = 0;
    if (!format || strcmp(format, "text") == 0)
        return 1;
    if (strcmp(format, "json") == 0) {
        *json = 1;
        return 1;
    }
    cli_usage_error(command, "--format must be text or json, not '%s'", format);
    return 0;
}

/* ---- holidays ------------------------------------------------------------- */

static const char holidays_help[] =
    "Usage: protocol holidays [OPTIONS] YEAR\n"
    "       protocol holidays [OPTIONS] -\n"
    "\n"
    "List the bank holidays (and closure days) of YEAR, one a line as\n"
    "YYYY-MM-DD<TAB>name, or as a JSON array of {\"date\", \"name\"}.\n"
    "With '-', read one year a line from stdin and answer each in turn (in JSON,\n"
    "one array a line).\n"
    "\n"
    "Options:\n"
    "%s"
    "  --format text|json   output format (default text)\n"
    "  --help               show this help\n";

typedef struct holidays_ctx {
    protocol_calendar *cal;
    int json;
    int compact;
} holidays_ctx;

static int holidays_line(void *vctx, const char *const *f, int n, protocol_error *err)
{
    holidays_ctx *ctx = vctx;
    protocol_holiday fixed[64];
    protocol_holiday *list = fixed;
    size_t count = 0;
    long year;
    if (!check_count(n, 1, 1, "YEAR", err))
        return FIELD_LINE;
    if (!cli_parse_long(f[0], 1, 9999, &year)) {
        set_error(err, PROTOCOL_E_INVALID_ARGUMENT, f[0], "'%.64s' is not a year (1 to 9999)",
                  f[0]);
        return 0;
    }
    protocol_status s =
        protocol_calendar_holidays(ctx->cal, (int)year, fixed, 64, &count, err);
    if (s == PROTOCOL_E_BUFFER_TOO_SMALL) {
        list = malloc(count * sizeof *list);
        if (!list) {
            set_error(err, PROTOCOL_E_NOMEM, NULL, "out of memory");
            return 0;
        }
        s = protocol_calendar_holidays(ctx->cal, (int)year, list, count, &count, err);
    }
    if (s != PROTOCOL_OK) {
        if (list != fixed)
            free(list);
        return 0;
    }
    char date[11];
    date[10] = '\0';
    if (ctx->json)
        fputs(count == 0 ? "[" : ctx->compact ? "[" : "[\n", stdout);
    for (size_t i = 0; i < count; i++) {
        cli_format_date(list[i].date, date);
        if (ctx->json) {
            fputs(ctx->compact ? "{\"date\":\"" : "  {\"date\": \"", stdout);
            fputs(date, stdout);
            fputs(ctx->compact ? "\",\"name\":" : "\", \"name\": ", stdout);
            cli_write_json_string(stdout, list[i].name ? list[i].name : "");
            fputs(i + 1 < count ? (ctx->compact ? "}," : "},\n") : (ctx->compact ? "}" : "}\n"),
                  stdout);
        } else {
            fputs(date, stdout);
            putchar('\t');
            fputs(list[i].name ? list[i].name : "", stdout);
            putchar('\n');
        }
    }
    if (ctx->json)
        fputs("]\n", stdout);
    if (list != fixed)
        free(list);
    return FIELD_OK;
}

int cli_cmd_holidays(int argc, char **argv)
{
    static const char *const roles[] = {"YEAR"};
    cli_option options[] = {{"--calendar", 1, NULL},      {"--holidays-file", 1, NULL},
                            {"--division", 1, NULL},      {"--format", 1, NULL},
                            {NULL, 0, NULL}};
    const char *operands[MAX_FIELDS];
    int count, help;
    int r = cli_parse("holidays", argc, argv, 2, options, operands, MAX_FIELDS, &count, &help);
    if (r < 0)
        return CLI_BAD;
    if (help) {
        printf(holidays_help, calendar_options_help);
        return cli_finish_output(CLI_OK);
    }
    holidays_ctx ctx = {NULL, 0, 0};
    if (!parse_format("holidays", options, &ctx.json))
        return CLI_BAD;
    if (count != 1)
        return cli_usage_error("holidays", "expected one YEAR (or '-'), got %d operands", count);
    ctx.compact = strcmp(operands[0], "-") == 0;
    ctx.cal = open_calendar("holidays", options);
    if (!ctx.cal)
        return CLI_BAD;
    int status = run("holidays", holidays_line, &ctx, operands, count, roles, 1);
    protocol_calendar_free(ctx.cal);
    return status;
}

/* ---- workdays ------------------------------------------------------------- */

static const char workdays_help[] =
    "Usage: protocol workdays add [OPTIONS] DATE N\n"
    "       protocol workdays count [OPTIONS] A B\n"
    "       protocol workdays add|count [OPTIONS] -\n"
    "\n"
    "add    the date N working days after DATE: DATE is day 0, and a DATE that\n"
    "       is not a working day counts from the working day before it\n"
    "       (numpy busday_offset, roll backward); N < 0 gives the latest working\n"
    "       day with -N working days between it and DATE (papers before a\n"
    "       meeting; busday_offset(DATE, N, roll forward))\n"
    "count  the number of working days in [A, B); negative when B is before A\n"
    "\n"
    "With '-', read one operand set a line from stdin (\"DATE N\" or \"A B\")\n"
    "and write one answer a line.\n"
    "\n"
    "Options:\n"
    "%s"
    "  --help               show this help\n";

static int workdays_add_line(void *vctx, const char *const *f, int n, protocol_error *err)
{
    const protocol_calendar *cal = vctx;
    protocol_date date, due;
    int days;
    if (!check_count(n, 2, 2, "DATE N", err))
        return FIELD_LINE;
    if (!parse_date(f[0], &date, err))
        return 0;
    if (!parse_int(f[1], "working days", &days, err))
        return 1;
    if (protocol_calendar_add_working_days(cal, date, days, &due, err) != PROTOCOL_OK)
        return 0;
    char out[11];
    cli_format_date(due, out);
    out[10] = '\n';
    fwrite(out, 1, 11, stdout);
    return FIELD_OK;
}

static int workdays_count_line(void *vctx, const char *const *f, int n, protocol_error *err)
{
    const protocol_calendar *cal = vctx;
    protocol_date a, b;
    int64_t count;
    if (!check_count(n, 2, 2, "A B", err))
        return FIELD_LINE;
    if (!parse_date(f[0], &a, err))
        return 0;
    if (!parse_date(f[1], &b, err))
        return 1;
    if (protocol_calendar_count_working_days(cal, a, b, &count, err) != PROTOCOL_OK) {
        /* Name the operand outside the calendar, when it is the second. */
        protocol_date first, last;
        protocol_error ignored;
        if (protocol_calendar_range(cal, &first, &last, &ignored) == PROTOCOL_OK) {
            long da = a.year * 10000L + a.month * 100 + a.day;
            long lo = first.year * 10000L + first.month * 100 + first.day;
            long hi = last.year * 10000L + last.month * 100 + last.day;
            if (da >= lo && da <= hi)
                return 1;
        }
        return 0;
    }
    printf("%lld\n", (long long)count);
    return FIELD_OK;
}

int cli_cmd_workdays(int argc, char **argv)
{
    static const char *const add_roles[] = {"DATE", "N"};
    static const char *const count_roles[] = {"A", "B"};
    cli_option options[] = {{"--calendar", 1, NULL},
                            {"--holidays-file", 1, NULL},
                            {"--division", 1, NULL},
                            {NULL, 0, NULL}};
    if (argc < 3 || strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0) {
        if (argc < 3)
            return cli_usage_error("workdays", "expected 'add' or 'count'");
        printf(workdays_help, calendar_options_help);
        return cli_finish_output(CLI_OK);
    }
    int add = strcmp(argv[2], "add") == 0;
    if (!add && strcmp(argv[2], "count") != 0)
        return cli_usage_error("workdays", "unknown subcommand '%s' (expected add or count)",
                               argv[2]);
    const char *command = add ? "workdays add" : "workdays count";
    const char *operands[MAX_FIELDS];
    int count, help;
    int r = cli_parse(command, argc, argv, 3, options, operands, MAX_FIELDS, &count, &help);
    if (r < 0)
        return CLI_BAD;
    if (help) {
        printf(workdays_help, calendar_options_help);
        return cli_finish_output(CLI_OK);
    }
    int is_stream = count == 1 && strcmp(operands[0], "-") == 0;
    if (!is_stream && count != 2)
        return cli_usage_error(command, "expected %s (or '-'), got %d operand%s",
                               add ? "DATE N" : "A B", count, count == 1 ? "" : "s");
    protocol_calendar *cal = open_calendar(command, options);
    if (!cal)
        return CLI_BAD;
    int status = run(command, add ? workdays_add_line : workdays_count_line, cal, operands, count,
                     add ? add_roles : count_roles, 2);
    protocol_calendar_free(cal);
    return status;
}

/* ---- deadline ------------------------------------------------------------- */

static const char deadline_help[] =
    "Usage: protocol deadline [OPTIONS] RULE START\n"
    "       protocol deadline [OPTIONS] RULE -\n"
    "\n"
    "Compute when a deadline falls due and where it stands. Prints\n"
    "\"due YYYY-MM-DD status STATUS [remaining N]\", or with --format json\n"
    "{\"due\", \"status\", \"working_days_remaining\"}. STATUS is met, late,\n"
    "pending, due_today, overdue or unknown; remaining is the number of\n"
    "working days after the as-of date up to and including the due date\n"
    "(negative when overdue), given when the work is not done.\n"
    "Times are dates (2026-11-20), UK local times (2026-11-20T16:30) or times\n"
    "with an offset (2026-11-20T16:30:00Z, +01:00).\n"
    "\n"
    "With '-', read \"START [DONE [AS_OF]]\" a line from stdin (DONE '-' for\n"
    "not done) and write one answer a line; --done and --as-of then apply to\n"
    "lines that do not give their own.\n"
    "\n"
    "RULE, exactly one of:\n"
    "  --same-day               due by the end of START's day\n"
    "  --working-days N         due by the end of the N-th working day after\n"
    "                           START\n"
    "  --working-days-before N  due by the end of the latest working day with N\n"
    "                           working days before START (papers before a\n"
    "                           meeting on START)\n"
    "Options:\n"
    "%s"
    "  --cutoff HH:MM       a start at or after this local time counts from the\n"
    "                       next day (default: no cut-off)\n"
    "  --done T             when the work was done (default: not done)\n"
    "  --as-of T            the time to judge the status at (default: now)\n"
    "  --format text|json   output format (default text)\n"
    "  --help               show this help\n";

typedef struct deadline_ctx {
    protocol_calendar *cal;
    protocol_deadline_rule rule;
    const char *done;  /* default completion time, or NULL */
    const char *as_of; /* default as-of time (never NULL) */
    int json;
} deadline_ctx;

static int parse_time(const char *text, protocol_time *out, protocol_error *err)
{
    return protocol_time_parse(text, out, err) == PROTOCOL_OK;
}

static int deadline_line(void *vctx, const char *const *f, int n, protocol_error *err)
{
    deadline_ctx *ctx = vctx;
    protocol_time start, done, as_of;
    const protocol_time *done_p = NULL;
    if (!check_count(n, 1, 3, "START [DONE [AS_OF]]", err))
        return FIELD_LINE;
    if (!parse_time(f[0], &start, err))
        return 0;
    const char *done_text = n >= 2 ? (strcmp(f[1], "-") == 0 ? NULL : f[1]) : ctx->done;
    if (done_text) {
        if (!parse_time(done_text, &done, err))
            return n >= 2 ? 1 : FIELD_LINE;
        done_p = &done;
    }
    if (!parse_time(n >= 3 ? f[2] : ctx->as_of, &as_of, err))
        return n >= 3 ? 2 : FIELD_LINE;
    protocol_deadline_result res;
    if (protocol_deadline_compute(ctx->cal, &ctx->rule, &start, done_p, &as_of, &res, err) !=
        PROTOCOL_OK)
        return 0;
    char due[11] = "";
    if (res.has_due) {
        cli_format_date(res.due, due);
        due[10] = '\0';
    }
    const char *status = protocol_deadline_status_name(res.status);
    if (ctx->json) {
        fputs("{\"due\":", stdout);
        if (res.has_due)
            printf("\"%s\"", due);
        else
            fputs("null", stdout);
        printf(",\"status\":\"%s\",\"working_days_remaining\":", status);
        if (res.has_remaining)
            printf("%lld}\n", (long long)res.working_days_remaining);
        else
            fputs("null}\n", stdout);
    } else {
        printf("due %s status %s", res.has_due ? due : "none", status);
        if (res.has_remaining)
            printf(" remaining %lld", (long long)res.working_days_remaining);
        putchar('\n');
    }
    return FIELD_OK;
}

static int parse_cutoff(const char *text, int *minute)
{
    /* HH:MM, 00:00 to 23:59, exactly five characters. */
    if (strlen(text) != 5 || text[2] != ':')
        return 0;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (text[i] < '0' || text[i] > '9'))
            return 0;
    int h = (text[0] - '0') * 10 + (text[1] - '0');
    int m = (text[3] - '0') * 10 + (text[4] - '0');
    if (h > 23 || m > 59)
        return 0;
    *minute = h * 60 + m;
    return 1;
}

int cli_cmd_deadline(int argc, char **argv)
{
    static const char *const roles[] = {"START", "DONE", "AS_OF"};
    cli_option options[] = {{"--calendar", 1, NULL},
                            {"--holidays-file", 1, NULL},
                            {"--division", 1, NULL},
                            {"--same-day", 0, NULL},
                            {"--working-days", 1, NULL},
                            {"--working-days-before", 1, NULL},
                            {"--cutoff", 1, NULL},
                            {"--done", 1, NULL},
                            {"--as-of", 1, NULL},
                            {"--format", 1, NULL},
                            {NULL, 0, NULL}};
    const char *operands[MAX_FIELDS];
    int count, help;
    int r = cli_parse("deadline", argc, argv, 2, options, operands, MAX_FIELDS, &count, &help);
    if (r < 0)
        return CLI_BAD;
    if (help) {
        printf(deadline_help, calendar_options_help);
        return cli_finish_output(CLI_OK);
    }
    deadline_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    protocol_deadline_rule rule = PROTOCOL_DEADLINE_RULE_INIT;
    ctx.rule = rule;
    if (!parse_format("deadline", options, &ctx.json))
        return CLI_BAD;

    const char *same = cli_opt(options, "--same-day");
    const char *after = cli_opt(options, "--working-days");
    const char *before = cli_opt(options, "--working-days-before");
    int kinds = (same != NULL) + (after != NULL) + (before != NULL);
    if (kinds != 1)
        return cli_usage_error("deadline", kinds == 0 ? "give the rule: --same-day, "
                                                        "--working-days N or "
                                                        "--working-days-before N"
                                                      : "give only one of --same-day, "
                                                        "--working-days and "
                                                        "--working-days-before");
    if (same) {
        ctx.rule.kind = PROTOCOL_DEADLINE_SAME_DAY;
    } else {
        const char *text = after ? after : before;
        long n;
        if (!cli_parse_long(text, 0, 1000, &n))
            return cli_usage_error("deadline", "%s: '%s' is not a number of working days "
                                               "from 0 to 1000",
                                   after ? "--working-days" : "--working-days-before", text);
        ctx.rule.kind =
            after ? PROTOCOL_DEADLINE_WORKING_DAYS_AFTER : PROTOCOL_DEADLINE_WORKING_DAYS_BEFORE;
        ctx.rule.working_days = (int)n;
    }
    const char *cutoff = cli_opt(options, "--cutoff");
    if (cutoff && !parse_cutoff(cutoff, &ctx.rule.cutoff_minute))
        return cli_usage_error("deadline", "--cutoff: '%s' is not a time HH:MM (00:00 to 23:59)",
                               cutoff);

    /* Check --done and --as-of once, so that a bad one is named as an
     * option rather than repeated on every line. */
    protocol_error err;
    protocol_time t;
    memset(&err, 0, sizeof err);
    ctx.done = cli_opt(options, "--done");
    if (ctx.done && protocol_time_parse(ctx.done, &t, &err) != PROTOCOL_OK) {
        cli_lib_error("--done", &err);
        return CLI_BAD;
    }
    char now[32];
    ctx.as_of = cli_opt(options, "--as-of");
    if (ctx.as_of && protocol_time_parse(ctx.as_of, &t, &err) != PROTOCOL_OK) {
        cli_lib_error("--as-of", &err);
        return CLI_BAD;
    }
    if (!ctx.as_of) {
        if (!cli_now(now, sizeof now)) {
            cli_error("cannot read the clock; give --as-of");
            return CLI_BAD;
        }
        ctx.as_of = now;
    }
    int is_stream = count == 1 && strcmp(operands[0], "-") == 0;
    if (!is_stream && count != 1)
        return cli_usage_error("deadline", "expected one START (or '-'), got %d operands",
                               count);
    ctx.cal = open_calendar("deadline", options);
    if (!ctx.cal)
        return CLI_BAD;
    int status = run("deadline", deadline_line, &ctx, operands, count, roles, 3);
    protocol_calendar_free(ctx.cal);
    return status;
}
