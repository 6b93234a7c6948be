/*
 * protocol: the command-line tool of libprotocol. Picks the subcommand and
 * hands it the arguments; each subcommand lives in a cli_*.c file and uses
 * only the public API, like any program that embeds the library.
 */
#include "cli.h"

#include <string.h>

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"check", cli_cmd_check, "evaluate a case (or an NDJSON batch) against a pack"},
    {"packs", cli_cmd_packs, "list the built-in packs"},
    {"pack", cli_cmd_pack, "show a built-in pack, or lint a pack file"},
    {"test", cli_cmd_test, "run the test cases a pack carries"},
    {"diff", cli_cmd_diff, "what changed between two packs"},
    {"holidays", cli_cmd_holidays, "list the bank holidays of a year"},
    {"workdays", cli_cmd_workdays, "add working days to a date, or count them"},
    {"deadline", cli_cmd_deadline, "compute a deadline and where it stands"},
};

#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
    fputs("Usage: protocol COMMAND [OPTIONS] [OPERANDS]\n"
          "       protocol --help | --version\n"
          "\n"
          "Evaluate the rules of UK multi-agency working protocols, and work with\n"
          "UK working days and deadlines.\n"
          "\n"
          "Commands:\n",
          out);
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\n"
          "'protocol COMMAND --help' describes a command. Any command takes\n"
          "--unbuffered: each line of output is written as soon as it is made\n"
          "(for a pipeline reading its answers while it still writes input).\n"
          "\n"
          "Exit status: 0 success; 1 a finding that fails (a rule not met, a\n"
          "deadline overdue or met late, a pack test failing); 2 bad input or\n"
          "usage, with a message on stderr naming the cause and the place.\n",
          out);
}

/* The tool's own version is the headers it was built against; the library
 * loaded at run time may differ, and a mismatch is worth seeing. */
static int version(void)
{
    printf("protocol %s\n", PROTOCOL_VERSION_STRING);
    printf("libprotocol %s (headers %s)\n", protocol_version(), PROTOCOL_VERSION_STRING);
    if (protocol_version_number() != PROTOCOL_VERSION_NUMBER)
        cli_error("warning: the library loaded (%s) is not the one this tool was built "
                  "against (%s)",
                  protocol_version(), PROTOCOL_VERSION_STRING);
    return cli_finish_output(CLI_OK);
}

/* "--unbuffered", anywhere among the options (before a "--"), is the
 * tool's own: taken out of argv, it makes stdout line-buffered, so that
 * every mode reading "-" answers each line as soon as it is read. */
static int take_unbuffered(int *argc, char **argv)
{
    int found = 0, out = 1;
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            while (i < *argc)
                argv[out++] = argv[i++];
            break;
        }
        if (strcmp(argv[i], "--unbuffered") == 0) {
            found = 1;
            continue;
        }
        argv[out++] = argv[i];
    }
    argv[out] = NULL;
    *argc = out;
    return found;
}

int main(int argc, char **argv)
{
    if (take_unbuffered(&argc, argv))
        setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 2) {
        usage(stderr);
        return CLI_BAD;
    }
    cli_ignore_sigpipe();
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        usage(stdout);
        return cli_finish_output(CLI_OK);
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0)
        return version();
    /* "protocol help COMMAND" is "protocol COMMAND --help". */
    if (strcmp(name, "help") == 0) {
        if (argc == 2 || strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0) {
            usage(stdout);
            return cli_finish_output(CLI_OK);
        }
        for (size_t i = 0; i < COMMAND_COUNT; i++) {
            if (strcmp(argv[2], commands[i].name) == 0) {
                char help[] = "--help";
                char *args[] = {argv[0], argv[2], help, NULL};
                return commands[i].run(3, args);
            }
        }
        return cli_usage_error(NULL, "unknown command '%s'", argv[2]);
    }
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        if (strcmp(name, commands[i].name) == 0)
            return commands[i].run(argc, argv);
    if (name[0] == '-')
        return cli_usage_error(NULL, "unknown option '%s'", name);
    return cli_usage_error(NULL, "unknown command '%s'", name);
}
