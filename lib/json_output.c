/*
 * The append-only text buffer every JSON writer uses. It grows
 * geometrically and remembers an allocation failure, so writers append
 * freely and check once at the end.
 */
#include "json.h"

#include <stdio.h>
#include <string.h>

static void buf_fail(pr_buf *b)
{
    pr_free(b->data);
    b->data = NULL;
    b->length = 0;
    b->capacity = 0;
    b->failed = true;
}

/* Room for `extra` more bytes and the NUL; false (and failed) otherwise. */
static bool buf_reserve(pr_buf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (extra >= SIZE_MAX - b->length) {
        buf_fail(b);
        return false;
    }
    size_t need = b->length + extra + 1;
    if (need <= b->capacity)
        return true;
    size_t cap = b->capacity ? b->capacity : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *bigger = pr_realloc(b->data, cap);
    if (!bigger) {
        buf_fail(b);
        return false;
    }
    b->data = bigger;
    b->capacity = cap;
    return true;
}

/* The result writer appends a few bytes at a time, so the common case
 * (room enough) is checked inline; a failed buffer has no capacity and
 * always takes the slow path. */
void pr_buf_append(pr_buf *b, const char *text, size_t length)
{
    if (b->capacity - b->length <= length && !buf_reserve(b, length))
        return;
    if (length)
        memcpy(b->data + b->length, text, length);
    b->length += length;
    b->data[b->length] = '\0';
}

void pr_buf_puts(pr_buf *b, const char *text)
{
    pr_buf_append(b, text, strlen(text));
}

void pr_buf_putc(pr_buf *b, char c)
{
    if (b->capacity - b->length <= 1 && !buf_reserve(b, 1))
        return;
    b->data[b->length++] = c;
    b->data[b->length] = '\0';
}

void pr_buf_printf(pr_buf *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    size_t room = b->capacity > b->length ? b->capacity - b->length : 0;
    int n = vsnprintf(room ? b->data + b->length : NULL, room, fmt, ap);
    va_end(ap);
    if (n < 0) {
        /* Only an invalid format gets here; treat it like a failed write. */
        va_end(again);
        buf_fail(b);
        return;
    }
    if ((size_t)n >= room) {
        if (!buf_reserve(b, (size_t)n)) {
            va_end(again);
            return;
        }
        vsnprintf(b->data + b->length, (size_t)n + 1, fmt, again);
    }
    va_end(again);
    b->length += (size_t)n;
}

void pr_buf_json_string(pr_buf *b, const char *text)
{
    static const char hex[] = "0123456789abcdef";
    const char *s = text ? text : "";
    pr_buf_putc(b, '"');
    for (;;) {
        /* Copy the run of bytes that need no escape in one go. */
        const char *run = s;
        while ((unsigned char)*s >= 0x20 && *s != '"' && *s != '\\')
            s++;
        pr_buf_append(b, run, (size_t)(s - run));
        unsigned char c = (unsigned char)*s;
        if (c == '\0')
            break;
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t len = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            memcpy(esc + 1, "u00", 3);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            len = 6;
        }
        pr_buf_append(b, esc, len);
        s++;
    }
    pr_buf_putc(b, '"');
}

char *pr_buf_take(pr_buf *b, size_t *length)
{
    if (!b->failed && !b->data && buf_reserve(b, 0))
        b->data[0] = '\0'; /* an empty text is still a text */
    if (b->failed) {
        buf_fail(b);
        if (length)
            *length = 0;
        b->failed = false;
        return NULL;
    }
    char *text = b->data;
    if (length)
        *length = b->length;
    b->data = NULL;
    b->length = 0;
    b->capacity = 0;
    return text;
}

void pr_buf_free(pr_buf *b)
{
    pr_free(b->data);
    b->data = NULL;
    b->length = 0;
    b->capacity = 0;
    b->failed = false;
}
