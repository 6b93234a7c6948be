/*
 * Hostile case texts through the C API: every file of tests/data/hostile/
 * (listed in its manifest.txt with the status code and the place the
 * refusal must name: a JSON pointer for a JSON fault, the dotted fact path
 * for a value that does not fit) is refused by protocol_evaluate_json under
 * durham-2010 with that code and place, a message, and a line and column;
 * as one line of a batch it gives that code in the line's error record.
 */
#include <protocol/protocol.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static char *read_file(const char *path, size_t *length)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *text = malloc(cap);
    while (text) {
        size_t got = fread(text + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
        if (n == cap) {
            char *bigger = realloc(text, cap *= 2);
            if (!bigger)
                free(text);
            text = bigger;
        }
    }
    fclose(f);
    *length = n;
    return text;
}

static int is_blank(const char *text, size_t length)
{
    for (size_t i = 0; i < length; i++)
        if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r')
            return 0;
    return 1;
}

static void check_one(const protocol_pack *pack, const char *dir, const char *file,
                      const char *code, const char *place)
{
    char path[6000];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    size_t length = 0;
    char *text = read_file(path, &length);
    if (!text) {
        fprintf(stderr, "%s: cannot read\n", path);
        failures++;
        return;
    }
    protocol_eval_options options = PROTOCOL_EVAL_OPTIONS_INIT;
    options.default_as_of = "2026-11-25T09:00:00Z";
    protocol_error err;
    memset(&err, 0, sizeof err);
    char *out = NULL;
    protocol_status s = protocol_evaluate_json(pack, text, length, &options, &out, NULL, &err);
    if (s == PROTOCOL_OK) {
        fprintf(stderr, "%s: accepted; expected %s at \"%s\"\n", file, code, place);
        failures++;
    } else if (strcmp(protocol_status_name(s), code) != 0 || strcmp(err.place, place) != 0 ||
               err.code != s || err.message[0] == '\0' || err.line < 1 || err.column < 1 ||
               out != NULL) {
        fprintf(stderr, "%s: expected %s at \"%s\", got %s at \"%s\" (%d:%d: %s)\n", file, code,
                place, protocol_status_name(s), err.place, err.line, err.column, err.message);
        failures++;
    }
    protocol_free(out);

    /* The same text as the only line of a batch. */
    if (!memchr(text, '\n', length) && !is_blank(text, length)) {
        size_t failed = 0;
        out = NULL;
        s = protocol_evaluate_ndjson(pack, text, length, &options, &out, NULL, &failed, &err);
        char want[128];
        snprintf(want, sizeof want, "{\"line\":1,\"error\":{\"code\":\"%s\"", code);
        if (s != PROTOCOL_OK || failed != 1 || !out || strncmp(out, want, strlen(want)) != 0) {
            fprintf(stderr, "%s: as a batch line: %s\n", file, out ? out : "(no output)");
            failures++;
        }
        protocol_free(out);
    }
    free(text);
}

int main(void)
{
    const char *root = getenv("PROTOCOL_SOURCE_ROOT");
    char dir[4096], manifest[4200];
    snprintf(dir, sizeof dir, "%s/tests/data/hostile", root ? root : ".");
    snprintf(manifest, sizeof manifest, "%s/manifest.txt", dir);
    FILE *f = fopen(manifest, "r");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", manifest);
        return 1;
    }
    protocol_pack *pack = NULL;
    protocol_error err;
    if (protocol_pack_load_builtin("durham-2010", &pack, &err) != PROTOCOL_OK) {
        fprintf(stderr, "durham-2010: %s\n", err.message);
        return 1;
    }
    char line[1024];
    int count = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#')
            continue;
        line[strcspn(line, "\n")] = '\0';
        char *file = line, *code = strchr(file, '\t'), *place = code ? strchr(code + 1, '\t') : NULL;
        if (!place) {
            fprintf(stderr, "manifest line without three fields: %s\n", line);
            failures++;
            continue;
        }
        *code++ = '\0';
        *place++ = '\0';
        check_one(pack, dir, file, code, place);
        count++;
    }
    fclose(f);
    protocol_pack_free(pack);
    printf("%d hostile cases, %d failures\n", count, failures);
    return failures || count < 100 ? 1 : 0;
}
