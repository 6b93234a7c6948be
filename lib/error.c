/*
 * Error records: every failure in the library ends here, so that the
 * caller's protocol_error always names the cause and, for input, the place.
 */
#include "internal.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

static void copy_truncated(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n >= size) {
        n = size - 1;
        /* Do not cut a UTF-8 sequence in half. */
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    }
    memmove(dst, src, n); /* a caller may pass err->place back in */
    dst[n] = '\0';
}

/* After vsnprintf cut a message short: drop a UTF-8 sequence left
 * incomplete at the end, so that the message stays valid UTF-8. */
static void trim_partial_utf8(char *s)
{
    size_t n = strlen(s), k = 0;
    while (k < 3 && k < n && ((unsigned char)s[n - 1 - k] & 0xC0) == 0x80)
        k++;
    if (k == n)
        return;
    unsigned char lead = (unsigned char)s[n - 1 - k];
    size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (want > k + 1)
        s[n - 1 - k] = '\0';
}

protocol_status pr_vfail_at(protocol_error *err, protocol_status code, const char *place,
                            int line, int column, const char *fmt, va_list ap)
{
    if (err) {
        err->code = code;
        err->line = line;
        err->column = column;
        copy_truncated(err->place, sizeof err->place, place ? place : "");
        int n = vsnprintf(err->message, sizeof err->message, fmt, ap);
        /* Only a malformed format fails; a fixed text rather than the format
         * itself, which gcc's UBSan build warns of as a possible NULL. */
        if (n < 0)
            copy_truncated(err->message, sizeof err->message, "the message could not be formatted");
        else if ((size_t)n >= sizeof err->message)
            trim_partial_utf8(err->message);
    }
    return code;
}

protocol_status pr_fail_at(protocol_error *err, protocol_status code, const char *place,
                           int line, int column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pr_vfail_at(err, code, place, line, column, fmt, ap);
    va_end(ap);
    return code;
}

protocol_status pr_fail(protocol_error *err, protocol_status code, const char *place,
                        const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pr_vfail_at(err, code, place, 0, 0, fmt, ap);
    va_end(ap);
    return code;
}

protocol_status pr_nomem(protocol_error *err)
{
    return pr_fail(err, PROTOCOL_E_NOMEM, NULL, "out of memory");
}

void pr_line_column(const char *text, size_t length, size_t offset, int *line, int *column)
{
    int l = 1, c = 1;
    if (offset > length)
        offset = length;
    for (size_t i = 0; i < offset; i++) {
        /* Saturate rather than overflow on absurdly long input. */
        if (text[i] == '\n') {
            l += l < INT_MAX;
            c = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            c += c < INT_MAX; /* count characters, not UTF-8 continuation bytes */
        }
    }
    *line = l;
    *column = c;
}

const char *protocol_status_name(protocol_status status)
{
    switch (status) {
    case PROTOCOL_OK: return "PROTOCOL_OK";
    case PROTOCOL_E_INVALID_ARGUMENT: return "PROTOCOL_E_INVALID_ARGUMENT";
    case PROTOCOL_E_NOMEM: return "PROTOCOL_E_NOMEM";
    case PROTOCOL_E_RANGE: return "PROTOCOL_E_RANGE";
    case PROTOCOL_E_DATETIME: return "PROTOCOL_E_DATETIME";
    case PROTOCOL_E_JSON: return "PROTOCOL_E_JSON";
    case PROTOCOL_E_PACK: return "PROTOCOL_E_PACK";
    case PROTOCOL_E_CASE: return "PROTOCOL_E_CASE";
    case PROTOCOL_E_NOT_FOUND: return "PROTOCOL_E_NOT_FOUND";
    case PROTOCOL_E_IO: return "PROTOCOL_E_IO";
    case PROTOCOL_E_LIMIT_INPUT_SIZE: return "PROTOCOL_E_LIMIT_INPUT_SIZE";
    case PROTOCOL_E_LIMIT_DEPTH: return "PROTOCOL_E_LIMIT_DEPTH";
    case PROTOCOL_E_LIMIT_STRING: return "PROTOCOL_E_LIMIT_STRING";
    case PROTOCOL_E_LIMIT_FACTS: return "PROTOCOL_E_LIMIT_FACTS";
    case PROTOCOL_E_LIMIT_LINE: return "PROTOCOL_E_LIMIT_LINE";
    case PROTOCOL_E_BUFFER_TOO_SMALL: return "PROTOCOL_E_BUFFER_TOO_SMALL";
    case PROTOCOL_E_DUPLICATE_KEY: return "PROTOCOL_E_DUPLICATE_KEY";
    case PROTOCOL_E_NUL_CHARACTER: return "PROTOCOL_E_NUL_CHARACTER";
    }
    return "PROTOCOL_E_UNKNOWN_STATUS";
}

const char *protocol_version(void)
{
    return PROTOCOL_VERSION_STRING;
}

int protocol_version_number(void)
{
    return PROTOCOL_VERSION_NUMBER;
}
