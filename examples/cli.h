/*
 * The protocol command-line tool: what its files share — exit statuses,
 * messages on stderr, option parsing, files and output helpers. The tool
 * uses only the public API of libprotocol.
 */
#ifndef PROTOCOL_CLI_H
#define PROTOCOL_CLI_H

#include <protocol/protocol.h>

#include <stdio.h>

#if defined(__GNUC__)
#define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CLI_PRINTF(f, a)
#endif

/* Exit statuses: success, a finding that fails, bad input or usage. */
enum { CLI_OK = 0, CLI_FINDING = 1, CLI_BAD = 2 };

/* --- messages (cli_util.c) ---------------------------------------------- */

/* "protocol: <message>" on stderr. */
void cli_error(const char *fmt, ...) CLI_PRINTF(1, 2);

/* "protocol: [WHERE[:LINE[:COLUMN]]: ][PLACE: ]MESSAGE" on stderr, from a
 * library error. `where` (a file name, "<stdin>", "--done") may be NULL. */
void cli_lib_error(const char *where, const protocol_error *err);

/* As cli_lib_error() into buf (without "protocol: " and the newline). */
void cli_format_error(char *buf, size_t size, const char *where, int line, int column,
                      const protocol_error *err);

/* --- options (cli_util.c) ----------------------------------------------- */

typedef struct cli_option {
    const char *name;  /* "--calendar" */
    int takes_value;   /* 1: "--name VALUE" or "--name=VALUE" */
    const char *value; /* set by cli_parse: the value, or "" for a flag given */
} cli_option;

/*
 * Parse argv[first..argc) against `options` (ended by a NULL name), putting
 * operands in `operands` (at most max_operands). "--" ends the options; "-"
 * and negative numbers ("-3") are operands. Returns 1 on success, 0 when
 * "--help" or "-h" was given (*help set), -1 on a usage error (already
 * reported on stderr).
 */
int cli_parse(const char *command, int argc, char **argv, int first, cli_option *options,
              const char **operands, int max_operands, int *operand_count, int *help);

/* The value of option `name` in a parsed table, NULL when not given. */
const char *cli_opt(const cli_option *options, const char *name);

/* Usage error for `command`: "protocol: COMMAND: message (see 'protocol
 * COMMAND --help')" on stderr; returns CLI_BAD. */
int cli_usage_error(const char *command, const char *fmt, ...) CLI_PRINTF(2, 3);

/* Parse a whole decimal integer in [min, max]; 1 on success. */
int cli_parse_long(const char *text, long min, long max, long *out);

/* --- files and output (cli_util.c) -------------------------------------- */

/* Read a whole file ("-" for stdin) into a NUL-terminated buffer (free it).
 * On failure reports on stderr and returns NULL. */
char *cli_read_file(const char *path, size_t *length);

/* The display name of an input path: "<stdin>" for "-". */
const char *cli_input_name(const char *path);

/* Write text with JSON string escaping, inside quotes. */
void cli_write_json_string(FILE *out, const char *text);

/* Write "YYYY-MM-DD" (no NUL) to buf, which has room for 10 bytes. */
void cli_format_date(protocol_date date, char *buf);

/* The current time as UTC text "YYYY-MM-DDTHH:MM:SSZ" (buf >= 21 bytes):
 * the one place the program reads the clock. 0 on failure. */
int cli_now(char *buf, size_t size);

/* Flush stdout; report a write error (disk full, closed pipe) and give
 * CLI_BAD, else `status`. */
int cli_finish_output(int status);

/* Faults in the tool's own I/O (docs/reliability.md). Ignore SIGPIPE, so
 * that writing to a closed pipe fails with EPIPE and is reported. */
void cli_ignore_sigpipe(void);
/* From now on SIGINT and SIGTERM only set a flag (a blocked read returns):
 * cli_stop_signal() names the signal caught ("SIGINT"), else NULL. */
void cli_catch_stop_signals(void);
const char *cli_stop_signal(void);
/* A batch's output: cli_begin_output() before the first line;
 * cli_commit_output() after each set of whole lines flushes them, and on a
 * write error (a full disk, a closed pipe) reports it naming `where` and
 * the input lines 1..lines_done whose results were written before, cuts a
 * regular file back to its last whole line, and returns 0. */
void cli_begin_output(void);
int cli_commit_output(const char *where, long lines_done);

/* --- calendars (cli_calendar.c) ----------------------------------------- */

int cli_cmd_holidays(int argc, char **argv);
int cli_cmd_workdays(int argc, char **argv);
int cli_cmd_deadline(int argc, char **argv);

/* --- packs and cases (cli_pack.c, cli_check.c) -------------------------- */

/* Load a pack named by a built-in id, or by a path when `spec` contains '/'
 * or ends in ".json". Reports on stderr and returns NULL on failure. */
/* 1 when `spec` is a pack file or a built-in id (not a family). */
int cli_is_pack_id_or_file(const char *spec);
const char *cli_resolve_pack(const char *spec, const char *case_text, size_t length,
                             const protocol_eval_options *opts);
protocol_pack *cli_load_pack(const char *spec);

int cli_cmd_packs(int argc, char **argv);
int cli_cmd_pack(int argc, char **argv);
int cli_cmd_test(int argc, char **argv);
int cli_cmd_diff(int argc, char **argv);
int cli_cmd_check(int argc, char **argv);

/* A copy of the JSON source of the pack `spec` names, as cli_load_pack()
 * reads it (free it); NULL when it cannot be had. */
char *cli_pack_source(const char *spec, size_t *length);

/* Evaluate one case given as JSON text and print a report for a
 * practitioner (cli_report.c); the exit status. `where` names the input.
 * `pack_source` (may be NULL) lets the report describe facts and
 * conditions in the pack's own words. */
int cli_check_text(const protocol_pack *pack, const char *pack_source, size_t pack_length,
                   const char *where, const char *text, size_t length,
                   const protocol_eval_options *opts);

#endif
