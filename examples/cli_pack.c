/*
 * The pack commands of the protocol tool: list the built-in packs, show
 * one's source, lint a pack file, and run a pack's own tests.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static int names_a_file(const char *spec)
{
    size_t n = strlen(spec);
    return strchr(spec, '/') != NULL || (n >= 5 && strcmp(spec + n - 5, ".json") == 0);
}

/* Compile a pack file, reading it here so that an error names the file once,
 * followed by the line, column and JSON pointer the library gives. */
static protocol_pack *load_file(const char *path, protocol_error *err, int *io_failed)
{
    size_t length;
    protocol_pack *pack = NULL;
    *io_failed = 0;
    char *text = cli_read_file(path, &length);
    if (!text) {
        *io_failed = 1;
        return NULL;
    }
    if (protocol_pack_load_string(text, length, NULL, &pack, err) != PROTOCOL_OK)
        pack = NULL;
    free(text);
    return pack;
}

protocol_pack *cli_load_pack(const char *spec)
{
    protocol_error err;
    protocol_pack *pack = NULL;
    int io_failed;
    memset(&err, 0, sizeof err);
    if (names_a_file(spec)) {
        pack = load_file(spec, &err, &io_failed);
        if (!pack && !io_failed)
            cli_lib_error(spec, &err);
        return pack;
    }
    if (protocol_pack_load_builtin(spec, &pack, &err) != PROTOCOL_OK) {
        cli_lib_error(err.code == PROTOCOL_E_NOT_FOUND ? NULL : spec, &err);
        return NULL;
    }
    return pack;
}

int cli_is_pack_id_or_file(const char *spec)
{
    const char *text;
    return names_a_file(spec) ||
           protocol_builtin_pack_source(spec, &text, NULL, NULL) == PROTOCOL_OK;
}

const char *cli_resolve_pack(const char *spec, const char *case_text, size_t length,
                             const protocol_eval_options *opts)
{
    protocol_error err;
    memset(&err, 0, sizeof err);
    if (cli_is_pack_id_or_file(spec))
        return spec;
    /* A family: the version in force when the case is judged. */
    char *as_of = NULL;
    const char *id = NULL;
    if (protocol_case_json_as_of(case_text, length, opts, &as_of, &err) != PROTOCOL_OK ||
        protocol_builtin_pack_select(spec, as_of, &id, &err) != PROTOCOL_OK) {
        cli_lib_error(err.code == PROTOCOL_E_NOT_FOUND ? NULL : spec, &err);
        id = NULL;
    }
    protocol_free(as_of);
    return id;
}

char *cli_pack_source(const char *spec, size_t *length)
{
    if (names_a_file(spec))
        return cli_read_file(spec, length);
    const char *text;
    protocol_error err;
    if (protocol_builtin_pack_source(spec, &text, length, &err) != PROTOCOL_OK)
        return NULL;
    char *copy = malloc(*length + 1);
    if (copy) {
        memcpy(copy, text, *length);
        copy[*length] = '\0';
    }
    return copy;
}

/* ---- packs ---------------------------------------------------------------- */

static const char packs_help[] =
    "Usage: protocol packs [--as-of DATE]\n"
    "\n"
    "List the packs built into the library, one a line: id, version and title,\n"
    "separated by tabs.\n"
    "\n"
    "  --as-of DATE   only the packs in force then (a date or date-time): an\n"
    "                 undated pack always is; a dated one from its\n"
    "                 effective_from to its effective_to, unless a pack that\n"
    "                 supersedes it has taken effect\n";

int cli_cmd_packs(int argc, char **argv)
{
    cli_option options[] = {{"--as-of", 1, NULL}, {NULL, 0, NULL}};
    const char *operands[1];
    int count, help;
    if (cli_parse("packs", argc, argv, 2, options, operands, 0, &count, &help) < 0)
        return CLI_BAD;
    if (help) {
        fputs(packs_help, stdout);
        return cli_finish_output(CLI_OK);
    }
    int status = CLI_OK;
    size_t total = protocol_builtin_pack_count();
    size_t *ids = malloc((total ? total : 1) * sizeof *ids);
    if (!ids) {
        cli_error("out of memory");
        return CLI_BAD;
    }
    size_t listed = total;
    const char *as_of = cli_opt(options, "--as-of");
    protocol_error err;
    memset(&err, 0, sizeof err);
    if (as_of) {
        if (protocol_builtin_pack_in_force(as_of, ids, total, &listed, &err) != PROTOCOL_OK) {
            cli_lib_error("--as-of", &err);
            free(ids);
            return CLI_BAD;
        }
    } else {
        for (size_t i = 0; i < total; i++)
            ids[i] = i;
    }
    for (size_t k = 0; k < listed; k++) {
        const char *id = protocol_builtin_pack_id(ids[k]);
        protocol_pack *pack = NULL;
        if (protocol_pack_load_builtin(id, &pack, &err) != PROTOCOL_OK) {
            cli_lib_error(id, &err);
            status = CLI_BAD;
            continue;
        }
        printf("%s\t%s\t%s\n", protocol_pack_id(pack), protocol_pack_version(pack),
               protocol_pack_title(pack));
        protocol_pack_free(pack);
    }
    free(ids);
    return cli_finish_output(status);
}

/* ---- pack show / pack lint ------------------------------------------------ */

static const char pack_help[] =
    "Usage: protocol pack show ID\n"
    "       protocol pack lint FILE\n"
    "\n"
    "show   print the JSON source of built-in pack ID\n"
    "lint   validate a pack file; prints \"FILE: ok\", or on stderr\n"
    "       \"FILE:LINE:COLUMN: POINTER: message\" and exits with status 2\n";

static int pack_show(const char *id)
{
    const char *text;
    size_t length;
    protocol_error err;
    memset(&err, 0, sizeof err);
    if (protocol_builtin_pack_source(id, &text, &length, &err) != PROTOCOL_OK) {
        cli_lib_error("pack show", &err);
        return CLI_BAD;
    }
    fwrite(text, 1, length, stdout);
    if (length == 0 || text[length - 1] != '\n')
        putchar('\n');
    return cli_finish_output(CLI_OK);
}

static int pack_lint(const char *path)
{
    protocol_error err;
    int io_failed;
    memset(&err, 0, sizeof err);
    protocol_pack *pack = load_file(path, &err, &io_failed);
    if (io_failed)
        return CLI_BAD;
    if (!pack) {
        /* The diagnostic in the form editors and CI logs pick up. */
        char msg[1024];
        cli_format_error(msg, sizeof msg, path, err.line, err.column, &err);
        fprintf(stderr, "%s\n", msg);
        return cli_finish_output(CLI_BAD);
    }
    protocol_pack_free(pack);
    printf("%s: ok\n", path);
    return cli_finish_output(CLI_OK);
}

int cli_cmd_pack(int argc, char **argv)
{
    cli_option options[] = {{NULL, 0, NULL}};
    const char *operands[2];
    int count, help;
    if (argc < 3)
        return cli_usage_error("pack", "expected 'show ID' or 'lint FILE'");
    if (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0) {
        fputs(pack_help, stdout);
        return cli_finish_output(CLI_OK);
    }
    int show = strcmp(argv[2], "show") == 0;
    if (!show && strcmp(argv[2], "lint") != 0)
        return cli_usage_error("pack", "unknown subcommand '%s' (expected show or lint)",
                               argv[2]);
    const char *command = show ? "pack show" : "pack lint";
    if (cli_parse(command, argc, argv, 3, options, operands, 1, &count, &help) < 0)
        return CLI_BAD;
    if (help) {
        fputs(pack_help, stdout);
        return cli_finish_output(CLI_OK);
    }
    if (count != 1)
        return cli_usage_error(command, "expected one %s", show ? "ID" : "FILE");
    return show ? pack_show(operands[0]) : pack_lint(operands[0]);
}

/* ---- test ----------------------------------------------------------------- */

static const char test_help[] =
    "Usage: protocol test FILE|ID\n"
    "\n"
    "Run the test cases a pack carries and print one line per difference and\n"
    "a last line \"N passed, M failed\". The pack is a built-in id, or a file\n"
    "when the operand contains '/' or ends in .json.\n"
    "Exit status: 0 all tests pass, 1 some fail, 2 the pack does not load.\n";

int cli_cmd_test(int argc, char **argv)
{
    cli_option options[] = {{NULL, 0, NULL}};
    const char *operands[1];
    int count, help;
    if (cli_parse("test", argc, argv, 2, options, operands, 1, &count, &help) < 0)
        return CLI_BAD;
    if (help) {
        fputs(test_help, stdout);
        return cli_finish_output(CLI_OK);
    }
    if (count != 1)
        return cli_usage_error("test", "expected one pack FILE or ID");
    protocol_pack *pack = cli_load_pack(operands[0]);
    if (!pack)
        return CLI_BAD;
    size_t total = 0, failures = 0;
    char *report = NULL;
    protocol_error err;
    memset(&err, 0, sizeof err);
    if (protocol_pack_run_tests(pack, &total, &failures, &report, &err) != PROTOCOL_OK) {
        cli_lib_error(operands[0], &err);
        protocol_pack_free(pack);
        return CLI_BAD;
    }
    if (report) {
        size_t n = strlen(report);
        fputs(report, stdout);
        if (n == 0 || report[n - 1] != '\n')
            putchar('\n');
    }
    protocol_free(report);
    protocol_pack_free(pack);
    return cli_finish_output(failures ? CLI_FINDING : CLI_OK);
}

/* ---- diff ----------------------------------------------------------------- */

static const char diff_help[] =
    "Usage: protocol diff [--format text|json] A B\n"
    "\n"
    "What changed from pack A to pack B (each a built-in id, or a file when it\n"
    "contains '/' or ends in .json): facts, decisions and their grounds and\n"
    "conditions, rules, duties, deadlines and checklist items added, removed\n"
    "or changed, each change naming the member and whether it is a condition,\n"
    "unit, duration, citation or wording. Text by default; --format json for\n"
    "the JSON of docs/result-json.md (\"Pack diff\").\n"
    "Exit status: 0 the packs are alike, 1 they differ, 2 a pack does not load.\n";

int cli_cmd_diff(int argc, char **argv)
{
    cli_option options[] = {{"--format", 1, NULL}, {NULL, 0, NULL}};
    const char *operands[2];
    int count, help;
    if (cli_parse("diff", argc, argv, 2, options, operands, 2, &count, &help) < 0)
        return CLI_BAD;
    if (help) {
        fputs(diff_help, stdout);
        return cli_finish_output(CLI_OK);
    }
    if (count != 2)
        return cli_usage_error("diff", "expected two packs, A and B");
    const char *format = cli_opt(options, "--format");
    int json = format && strcmp(format, "json") == 0;
    if (format && !json && strcmp(format, "text") != 0)
        return cli_usage_error("diff", "--format must be text or json, not '%s'", format);
    protocol_pack *a = cli_load_pack(operands[0]);
    protocol_pack *b = a ? cli_load_pack(operands[1]) : NULL;
    if (!b) {
        protocol_pack_free(a);
        return CLI_BAD;
    }
    protocol_diff *diff = NULL;
    char *text = NULL;
    protocol_error err;
    memset(&err, 0, sizeof err);
    int status = CLI_BAD;
    if (protocol_pack_diff(a, b, &diff, &err) == PROTOCOL_OK &&
        (json ? protocol_diff_to_json(diff, 1, &text, NULL, &err)
              : protocol_diff_to_text(diff, &text, NULL, &err)) == PROTOCOL_OK) {
        fputs(text, stdout);
        status = protocol_diff_count(diff) ? CLI_FINDING : CLI_OK;
    } else {
        cli_lib_error("diff", &err);
    }
    protocol_free(text);
    protocol_diff_free(diff);
    protocol_pack_free(b);
    protocol_pack_free(a);
    return cli_finish_output(status);
}
