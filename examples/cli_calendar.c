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

static void set_error(protocol_error *err, protocol_status code, const char *place, const char *fmt,
                      ...) CLI_PRINTF(4, 5);

static void set_error(protocol_error *err, protocol_status code, const char *place, const char *fmt,
                      ...)
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
    set_error(err, PROTOCOL_E_INVALID_ARGUMENT, NULL, "expected %s, got %d operand%s", form, count,
              count == 1 ? "" : "s");
    return 0;
}

/*
 * Run `fn` on the operands of one invocation: from argv, or — when the only
 * operand is "-" — on each line of stdin, so that millions of lines flow
 * without being held. A bad line answers "error: MESSAGE" in its place (the
 * answers stay aligned with the input lines), the message goes to stderr
 * with its line and column, and the run ends with CLI_BAD.
 */
static int run(const char *command, line_fn fn, void *ctx, const char *const *operands, int count,
               const char *const *roles, int role_count)
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
        cli_format_error(msg, sizeof msg, "<stdin>", (int)(lineno > INT_MAX ? 0 : lineno), column,
                         &err);
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
    protocol_status s = protocol_calendar_holidays(ctx->cal, (int)year, fixed, 64, &count, err);
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
    cli_option options[] = {{"--calendar", 1, NULL},
                            {"--holidays-file", 1, NULL},
                            {"--division", 1, NULL},
                            {"--format", 1, NULL},
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
    "Usage: protocol deadline [OPTIONS] DURATION START\n"
    "       protocol deadline [OPTIONS] DURATION -\n"
    "\n"
    "Compute when a deadline falls due on the statutory clock and where it\n"
    "stands. Prints \"due DUE status STATUS [remaining N]\" and, where they\n"
    "apply, \"seconds_remaining S\", \"occurrence K\", \"missed M\n"
    "first_missed_due D\" and \"done_before_start\"; with --format json one\n"
    "object a line: {\"due\", \"status\", \"working_days_remaining\",\n"
    "\"seconds_remaining\", \"occurrence\", \"occurrence_start\", \"missed\",\n"
    "\"first_missed_due\", \"done_before_start\"}. DUE is a date, or for\n"
    "--hours a UK local date-time. STATUS is met, late, pending, due_today,\n"
    "overdue or unknown; remaining is the working days in [as-of date, due)\n"
    "and negative when overdue (-1 from the first moment after the due time,\n"
    "one less for each further working day), given when not done.\n"
    "Times are dates (2026-11-20), UK local times (2026-11-20T16:30) or times\n"
    "with an offset (2026-11-20T16:30:00Z, +01:00).\n"
    "\n"
    "With '-', read \"START [DONE [AS_OF]]\" a line from stdin (DONE '-' for\n"
    "not done) and write one answer a line; --done and --as-of then apply to\n"
    "lines that do not give their own.\n"
    "\n"
    "DURATION, exactly one of:\n"
    "  --same-day               by the end of START's local day\n"
    "  --hours N                N elapsed hours after START (a clock change\n"
    "                           counts as it happens)\n"
    "  --working-days N         by the end of the N-th working day after START\n"
    "  --working-days-before N  the same as --working-days N --before\n"
    "  --calendar-days N        by the end of START's date + N days\n"
    "  --weeks N                by the end of START's date + 7N days\n"
    "  --months N               START's date + N calendar months (the month's\n"
    "                           last day when it has no such day)\n"
    "N is 0 to 100000 (0 to 1000 for working days).\n"
    "Options:\n"
    "%s"
    "  --before             N units before the event at START (papers before a\n"
    "                       meeting) instead of after it\n"
    "  --roll CONV          move a --calendar-days, --weeks or --months due\n"
    "                       date that is not a working day: none (default),\n"
    "                       following, preceding or modified_following\n"
    "  --every N[:UNIT]     recur every N UNITs (hours, working_days,\n"
    "                       calendar_days, weeks, months; default the\n"
    "                       duration's unit) after the previous occurrence's\n"
    "                       completion, or its due date when it was missed\n"
    "  --pause FROM/TO[,FROM/TO...]\n"
    "                       intervals during which the clock stops (a bare TO\n"
    "                       date runs to the end of that day)\n"
    "  --cutoff HH:MM       a start at or after this local time counts from the\n"
    "                       next day (day units after a start only; default:\n"
    "                       no cut-off)\n"
    "  --done T             when the work was done (default: not done)\n"
    "  --as-of T            the time to judge the status at (default: now)\n"
    "  --format text|json   output format (default text)\n"
    "  --help               show this help\n";

#define MAX_PAUSES 64

typedef struct deadline_ctx {
    protocol_calendar *cal;
    protocol_clock clock;
    protocol_interval pauses[MAX_PAUSES];
    const char *done;  /* default completion time, or NULL */
    const char *as_of; /* default as-of time (never NULL) */
    int json;
} deadline_ctx;

static int parse_time(const char *text, protocol_time *out, protocol_error *err)
{
    return protocol_time_parse(text, out, err) == PROTOCOL_OK;
}

/* A due or start time as text: a date, or a date-time with its offset. */
static void time_text(const protocol_time *t, char buf[32])
{
    protocol_error e;
    if (protocol_time_format(t, buf, 32, &e) != PROTOCOL_OK)
        snprintf(buf, 32, "?");
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
    protocol_clock_result res = PROTOCOL_CLOCK_RESULT_INIT;
    if (protocol_clock_compute(ctx->cal, &ctx->clock, &start, done_p, &as_of, &res, err) !=
        PROTOCOL_OK)
        return 0;
    char due[32] = "none", began[32], missed[11] = "";
    if (res.has_due)
        time_text(&res.due, due);
    time_text(&res.occurrence_start, began);
    if (res.missed) {
        cli_format_date(res.first_missed_due, missed);
        missed[10] = '\0';
    }
    const char *status = protocol_deadline_status_name(res.status);
    if (ctx->json) {
        fputs("{\"due\":", stdout);
        printf(res.has_due ? "\"%s\"" : "null", due);
        printf(",\"status\":\"%s\",\"working_days_remaining\":", status);
        if (res.has_remaining)
            printf("%lld", (long long)res.working_days_remaining);
        else
            fputs("null", stdout);
        fputs(",\"seconds_remaining\":", stdout);
        if (res.has_hours_remaining)
            printf("%lld", (long long)res.seconds_remaining);
        else
            fputs("null", stdout);
        printf(",\"occurrence\":%ld,\"occurrence_start\":", (long)res.occurrence);
        printf(res.has_due ? "\"%s\"" : "null", began);
        printf(",\"missed\":%ld,\"first_missed_due\":", (long)res.missed);
        printf(res.missed ? "\"%s\"" : "null", missed);
        printf(",\"done_before_start\":%s}\n", res.done_before_start ? "true" : "false");
    } else {
        printf("due %s status %s", due, status);
        if (res.has_remaining)
            printf(" remaining %lld", (long long)res.working_days_remaining);
        if (res.has_hours_remaining)
            printf(" seconds_remaining %lld", (long long)res.seconds_remaining);
        if (ctx->clock.every > 0)
            printf(" occurrence %ld", (long)res.occurrence);
        if (res.missed)
            printf(" missed %ld first_missed_due %s", (long)res.missed, missed);
        if (res.done_before_start)
            fputs(" done_before_start", stdout);
        putchar('\n');
    }
    return FIELD_OK;
}

static int parse_cutoff(const char *text, int32_t *minute)
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

/* A unit or roll by its name; -1 when it names none. */
static int unit_named(const char *name, size_t length)
{
    for (int u = PROTOCOL_UNIT_SAME_DAY; u <= PROTOCOL_UNIT_MONTHS; u++) {
        const char *s = protocol_unit_name((protocol_unit)u);
        if (strlen(s) == length && strncmp(s, name, length) == 0)
            return u;
    }
    return -1;
}

static int roll_named(const char *name)
{
    for (int r = PROTOCOL_ROLL_NONE; r <= PROTOCOL_ROLL_MODIFIED_FOLLOWING; r++)
        if (strcmp(protocol_roll_name((protocol_roll)r), name) == 0)
            return r;
    return -1;
}

/* --every N or N:UNIT (or "N UNIT"). */
static int parse_every(const char *text, protocol_clock *clock)
{
    const char *sep = strpbrk(text, ": ");
    char number[16];
    size_t len = sep ? (size_t)(sep - text) : strlen(text);
    long n;
    if (len == 0 || len >= sizeof number)
        return cli_usage_error("deadline", "--every: '%s' is not N or N:UNIT", text);
    memcpy(number, text, len);
    number[len] = '\0';
    if (!cli_parse_long(number, 1, 100000, &n))
        return cli_usage_error("deadline", "--every: '%s' is not a number from 1 to 100000",
                               number);
    clock->every = (int32_t)n;
    clock->every_unit = clock->unit;
    if (sep) {
        int u = unit_named(sep + 1, strlen(sep + 1));
        if (u < 0 || u == PROTOCOL_UNIT_SAME_DAY)
            return cli_usage_error("deadline",
                                   "--every: '%s' is not a unit to recur in (hours, "
                                   "working_days, calendar_days, weeks, months)",
                                   sep + 1);
        clock->every_unit = (protocol_unit)u;
    }
    return CLI_OK;
}

/* --pause FROM/TO[,FROM/TO...] */
static int parse_pauses(const char *text, deadline_ctx *ctx)
{
    size_t count = 0;
    for (const char *p = text; *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char item[96];
        if (count == MAX_PAUSES)
            return cli_usage_error("deadline", "--pause: more than %d intervals", MAX_PAUSES);
        if (len >= sizeof item)
            return cli_usage_error("deadline", "--pause: '%.*s' is too long", (int)len, p);
        memcpy(item, p, len);
        item[len] = '\0';
        char *slash = strchr(item, '/');
        if (!slash)
            return cli_usage_error("deadline", "--pause: '%s' is not FROM/TO", item);
        *slash = '\0';
        protocol_error err;
        memset(&err, 0, sizeof err);
        if (protocol_time_parse(item, &ctx->pauses[count].from, &err) != PROTOCOL_OK ||
            protocol_time_parse(slash + 1, &ctx->pauses[count].to, &err) != PROTOCOL_OK) {
            cli_lib_error("--pause", &err);
            return CLI_BAD;
        }
        count++;
        p += len + (comma != NULL);
    }
    ctx->clock.pauses = ctx->pauses;
    ctx->clock.npauses = count;
    return CLI_OK;
}

/* The duration options: exactly one, its amount checked. */
static int parse_duration(const cli_option *options, protocol_clock *clock)
{
    static const struct {
        const char *option;
        protocol_unit unit;
        long max;
    } durations[] = {{"--same-day", PROTOCOL_UNIT_SAME_DAY, 0},
                     {"--hours", PROTOCOL_UNIT_HOURS, 100000},
                     {"--working-days", PROTOCOL_UNIT_WORKING_DAYS, 1000},
                     {"--working-days-before", PROTOCOL_UNIT_WORKING_DAYS, 1000},
                     {"--calendar-days", PROTOCOL_UNIT_CALENDAR_DAYS, 100000},
                     {"--weeks", PROTOCOL_UNIT_WEEKS, 100000},
                     {"--months", PROTOCOL_UNIT_MONTHS, 100000}};
    int given = -1, kinds = 0;
    for (int i = 0; i < (int)(sizeof durations / sizeof durations[0]); i++)
        if (cli_opt(options, durations[i].option)) {
            given = i;
            kinds++;
        }
    if (kinds != 1)
        return cli_usage_error("deadline", kinds == 0
                                               ? "give the duration: --same-day, --hours N, "
                                                 "--working-days N, --working-days-before N, "
                                                 "--calendar-days N, --weeks N or --months N"
                                               : "give only one duration (--same-day, --hours, "
                                                 "--working-days, --working-days-before, "
                                                 "--calendar-days, --weeks, --months)");
    clock->unit = durations[given].unit;
    if (durations[given].unit != PROTOCOL_UNIT_SAME_DAY) {
        const char *text = cli_opt(options, durations[given].option);
        long n;
        if (!cli_parse_long(text, 0, durations[given].max, &n))
            return cli_usage_error("deadline", "%s: '%s' is not a number from 0 to %ld",
                                   durations[given].option, text, durations[given].max);
        clock->amount = (int32_t)n;
    }
    if (strcmp(durations[given].option, "--working-days-before") == 0)
        clock->before = 1;
    return CLI_OK;
}

int cli_cmd_deadline(int argc, char **argv)
{
    static const char *const roles[] = {"START", "DONE", "AS_OF"};
    cli_option options[] = {{"--calendar", 1, NULL},
                            {"--holidays-file", 1, NULL},
                            {"--division", 1, NULL},
                            {"--same-day", 0, NULL},
                            {"--hours", 1, NULL},
                            {"--working-days", 1, NULL},
                            {"--working-days-before", 1, NULL},
                            {"--calendar-days", 1, NULL},
                            {"--weeks", 1, NULL},
                            {"--months", 1, NULL},
                            {"--before", 0, NULL},
                            {"--roll", 1, NULL},
                            {"--every", 1, NULL},
                            {"--pause", 1, NULL},
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
    static deadline_ctx ctx; /* the pauses make it large */
    memset(&ctx, 0, sizeof ctx);
    protocol_clock_init(&ctx.clock);
    if (!parse_format("deadline", options, &ctx.json))
        return CLI_BAD;
    if (parse_duration(options, &ctx.clock) != CLI_OK)
        return CLI_BAD;
    if (cli_opt(options, "--before"))
        ctx.clock.before = 1;
    const char *roll = cli_opt(options, "--roll");
    if (roll) {
        int v = roll_named(roll);
        if (v < 0)
            return cli_usage_error("deadline",
                                   "--roll: '%s' is not none, following, preceding "
                                   "or modified_following",
                                   roll);
        if (v != PROTOCOL_ROLL_NONE && ctx.clock.unit != PROTOCOL_UNIT_CALENDAR_DAYS &&
            ctx.clock.unit != PROTOCOL_UNIT_WEEKS && ctx.clock.unit != PROTOCOL_UNIT_MONTHS)
            return cli_usage_error("deadline", "--roll applies only to --calendar-days, "
                                               "--weeks and --months");
        ctx.clock.roll = (protocol_roll)v;
    }
    const char *every = cli_opt(options, "--every");
    if (every) {
        if (ctx.clock.before)
            return cli_usage_error("deadline", "--every cannot recur a deadline --before an "
                                               "event");
        if (parse_every(every, &ctx.clock) != CLI_OK)
            return CLI_BAD;
    }
    const char *pause = cli_opt(options, "--pause");
    if (pause) {
        if (ctx.clock.before || ctx.clock.unit == PROTOCOL_UNIT_SAME_DAY)
            return cli_usage_error("deadline", "--pause applies only to durations after a "
                                               "start (not --same-day or --before)");
        if (parse_pauses(pause, &ctx) != CLI_OK)
            return CLI_BAD;
    }
    const char *cutoff = cli_opt(options, "--cutoff");
    if (cutoff && !parse_cutoff(cutoff, &ctx.clock.cutoff_minute))
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
        return cli_usage_error("deadline", "expected one START (or '-'), got %d operands", count);
    ctx.cal = open_calendar("deadline", options);
    if (!ctx.cal)
        return CLI_BAD;
    int status = run("deadline", deadline_line, &ctx, operands, count, roles, 3);
    protocol_calendar_free(ctx.cal);
    return status;
}
