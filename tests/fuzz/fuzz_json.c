/*
 * libFuzzer harness: the strict JSON boundary alone. The first byte picks
 * small or default limits; the rest is the text. Accepted text must give
 * a tree whose every value pr_json_locate finds at a byte that starts a
 * value of its type, and which cJSON prints back as text the parser
 * accepts again. A refusal must say why and where.
 */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *text;
static size_t text_length;

/* The byte at a 1-based line and column, counted as pr_line_column counts. */
static size_t offset_of(int line, int column)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < text_length; i++) {
        if (l == line && c == column)
            return i;
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    return text_length;
}

static void check_located(const cJSON *item, char *pointer, size_t size)
{
    int line, column;
    pr_json_locate(text, text_length, pointer, &line, &column);
    size_t at = offset_of(line, column);
    if (at >= text_length)
        abort();
    char c = text[at];
    if ((cJSON_IsObject(item) && c != '{') || (cJSON_IsArray(item) && c != '[') ||
        (cJSON_IsString(item) && c != '"') || (cJSON_IsNull(item) && c != 'n') ||
        (cJSON_IsTrue(item) && c != 't') || (cJSON_IsFalse(item) && c != 'f') ||
        (cJSON_IsNumber(item) && c != '-' && (c < '0' || c > '9')))
        abort();
    size_t length = strlen(pointer);
    int index = 0;
    for (const cJSON *child = item->child; child; child = child->next, index++) {
        char token[24];
        snprintf(token, sizeof token, "%d", index);
        const char *name = cJSON_IsObject(item) ? child->string : token;
        if (name && pr_json_pointer_push(pointer, size, name))
            check_located(child, pointer, size);
        pointer[length] = '\0';
    }
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size == 0)
        return 0;
    protocol_limits wanted = {0, 0, 0, 0, 0};
    if (data[0] & 1) {
        wanted.max_depth = 1 + (data[0] >> 4);
        wanted.max_string_bytes = 1 + (data[0] >> 2);
    }
    protocol_limits limits = pr_limits_resolve(&wanted);
    /* A copy of exactly the text, so that reading past it is caught. */
    char *copy = malloc(size - 1 ? size - 1 : 1);
    if (!copy)
        return 0;
    memcpy(copy, data + 1, size - 1);
    text = copy;
    text_length = size - 1;

    cJSON *root = NULL;
    protocol_error err;
    protocol_status status = pr_json_parse(copy, size - 1, &limits, "fuzz", &root, &err);
    if (status == PROTOCOL_OK) {
        if (!root)
            abort();
        char pointer[4096] = "";
        check_located(root, pointer, sizeof pointer);
        char *printed = cJSON_PrintUnformatted(root);
        if (printed) {
            protocol_limits roomy = pr_limits_resolve(NULL);
            cJSON *again = NULL;
            if (pr_json_parse(printed, strlen(printed), &roomy, NULL, &again, &err) != PROTOCOL_OK)
                abort(); /* cJSON wrote what the parser refuses */
            cJSON_Delete(again);
            cJSON_free(printed);
        }
        cJSON_Delete(root);
    } else if (status != PROTOCOL_E_NOMEM) {
        if (root || err.code != status || err.message[0] == '\0' || err.line < 1 ||
            err.column < 1)
            abort();
        if (status != PROTOCOL_E_JSON && status != PROTOCOL_E_DUPLICATE_KEY &&
            status != PROTOCOL_E_NUL_CHARACTER && status != PROTOCOL_E_LIMIT_DEPTH &&
            status != PROTOCOL_E_LIMIT_STRING && status != PROTOCOL_E_LIMIT_INPUT_SIZE)
            abort();
    }
    free(copy);
    return 0;
}
