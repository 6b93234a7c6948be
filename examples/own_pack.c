/*
 * A locality's own protocol, without recompiling anything: load a pack from
 * a JSON file (docs/pack-format.md), run the test cases it carries, then
 * evaluate a case against it and print the result JSON.
 *
 *   own_pack PACK.json CASE.json
 *
 * Exit status: 0 done, 1 the pack's own tests fail, 2 a file does not load.
 * Build: cc own_pack.c $(pkg-config --cflags --libs libprotocol)
 */
#include <protocol/protocol.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int report_error(const char *where, const protocol_error *err)
{
    /* A pack error names the file and JSON pointer in `place`, with the
     * line and column of the offending member. */
    fprintf(stderr, "own_pack: %s", where);
    if (err->line > 0)
        fprintf(stderr, ":%d:%d", err->line, err->column);
    fprintf(stderr, ": %s%s%s\n", err->place, *err->place ? ": " : "", err->message);
    return 2;
}

/* The whole of a small file, NUL-terminated; NULL when it cannot be read. */
static char *read_file(const char *path, size_t *length)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        len += fread(buf + len, 1, cap - len - 1, f);
        if (len + 1 < cap || ferror(f))
            break;
        char *grown = realloc(buf, cap * 2);
        if (!grown) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = grown;
        cap *= 2;
    }
    if (buf && ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[len] = '\0';
        *length = len;
    }
    return buf;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: own_pack PACK.json CASE.json\n");
        return 2;
    }
    protocol_error err;
    protocol_pack *pack = NULL;
    if (protocol_pack_load_file(argv[1], NULL, &pack, &err) != PROTOCOL_OK)
        return report_error(argv[1], &err);
    printf("loaded %s %s: %s\n", protocol_pack_id(pack), protocol_pack_version(pack),
           protocol_pack_title(pack));

    /* A pack carries its own test cases, so a locality can write its
     * protocol test-first. */
    size_t total = 0, failures = 0;
    char *report = NULL;
    if (protocol_pack_run_tests(pack, &total, &failures, &report, &err) != PROTOCOL_OK) {
        protocol_pack_free(pack);
        return report_error(argv[1], &err);
    }
    printf("pack tests (%zu):\n%s", total, report ? report : "");
    protocol_free(report);

    size_t length = 0;
    char *case_json = read_file(argv[2], &length);
    if (!case_json) {
        fprintf(stderr, "own_pack: %s: cannot read the case\n", argv[2]);
        protocol_pack_free(pack);
        return 2;
    }
    protocol_eval_options options = PROTOCOL_EVAL_OPTIONS_INIT;
    options.pretty = 1;
    char *result = NULL;
    int status = failures ? 1 : 0;
    if (protocol_evaluate_json(pack, case_json, length, &options, &result, NULL, &err) !=
        PROTOCOL_OK)
        status = report_error(argv[2], &err);
    else
        printf("%s%s", result, result[0] && result[strlen(result) - 1] == '\n' ? "" : "\n");
    protocol_free(result);
    free(case_json);
    protocol_pack_free(pack);
    return status;
}
