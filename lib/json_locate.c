/*
 * Positions in accepted JSON text: where the value a JSON pointer names
 * lies (for messages about a tree that no longer remembers its text),
 * building pointers, and decoding keys straight from the text.
 */
#include "json.h"
#include "json_scan.h"

#include <string.h>

/* --- strings in the text ---------------------------------------------------- */

void pr_json_key_reader_init(pr_json_key_reader *r, const unsigned char *quote,
                             const unsigned char *end)
{
    r->p = quote + 1;
    r->end = end;
    r->have = 0;
    r->next = 0;
}

static long hex4(const unsigned char *p, const unsigned char *end)
{
    if (end - p < 4)
        return -1;
    long cp = 0;
    for (int i = 0; i < 4; i++) {
        unsigned char c = p[i];
        int h = c >= '0' && c <= '9' ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                     : -1;
        if (h < 0)
            return -1;
        cp = cp * 16 + h;
    }
    return cp;
}

int pr_json_key_reader_next(pr_json_key_reader *r)
{
    if (r->next < r->have)
        return r->pending[r->next++];
    if (r->p >= r->end || *r->p == '"')
        return -1;
    unsigned char c = *r->p;
    if (c != '\\') {
        r->p++;
        return c;
    }
    if (r->end - r->p < 2)
        goto bad;
    unsigned char e = r->p[1];
    r->p += 2;
    switch (e) {
    case '"': case '\\': case '/': return e;
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'u': break;
    default: goto bad;
    }
    long cp = hex4(r->p, r->end);
    if (cp < 0)
        goto bad;
    r->p += 4;
    if (cp >= 0xD800 && cp <= 0xDBFF && r->end - r->p >= 6 && r->p[0] == '\\' && r->p[1] == 'u') {
        long low = hex4(r->p + 2, r->end);
        if (low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            r->p += 6;
        }
    }
    if (cp < 0x80) {
        r->pending[0] = (unsigned char)cp;
        r->have = 1;
    } else if (cp < 0x800) {
        r->pending[0] = (unsigned char)(0xC0 | (cp >> 6));
        r->pending[1] = (unsigned char)(0x80 | (cp & 0x3F));
        r->have = 2;
    } else if (cp < 0x10000) {
        r->pending[0] = (unsigned char)(0xE0 | (cp >> 12));
        r->pending[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        r->pending[2] = (unsigned char)(0x80 | (cp & 0x3F));
        r->have = 3;
    } else {
        r->pending[0] = (unsigned char)(0xF0 | (cp >> 18));
        r->pending[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        r->pending[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        r->pending[3] = (unsigned char)(0x80 | (cp & 0x3F));
        r->have = 4;
    }
    r->next = 1;
    return r->pending[0];
bad:
    r->p = r->end;
    return -1;
}

bool pr_json_keys_equal(const unsigned char *a, const unsigned char *b, const unsigned char *end)
{
    pr_json_key_reader ra, rb;
    pr_json_key_reader_init(&ra, a, end);
    pr_json_key_reader_init(&rb, b, end);
    for (;;) {
        int ca = pr_json_key_reader_next(&ra), cb = pr_json_key_reader_next(&rb);
        if (ca != cb)
            return false;
        if (ca < 0)
            return true;
    }
}

bool pr_json_key_decode(const unsigned char *quote, const unsigned char *end, char *buf,
                        size_t size)
{
    pr_json_key_reader r;
    pr_json_key_reader_init(&r, quote, end);
    size_t n = 0;
    for (int c; (c = pr_json_key_reader_next(&r)) >= 0;) {
        if (n + 1 >= size)
            return false;
        buf[n++] = (char)c;
    }
    if (size == 0)
        return false;
    buf[n] = '\0';
    return true;
}

void pr_json_key_quote(const unsigned char *quote, const unsigned char *end, char *buf,
                       size_t size)
{
    static const char cut[] = "...\"";
    pr_json_key_reader r;
    pr_json_key_reader_init(&r, quote, end);
    size_t n = 0, char_start = 0;
    if (size < sizeof cut + 2) {
        if (size)
            buf[0] = '\0';
        return;
    }
    buf[n++] = '"';
    for (int c; (c = pr_json_key_reader_next(&r)) >= 0;) {
        char piece[8];
        size_t len;
        if (c == '"' || c == '\\') {
            piece[0] = '\\';
            piece[1] = (char)c;
            len = 2;
        } else if (c < 0x20 || c == 0x7F) {
            static const char hex[] = "0123456789ABCDEF";
            memcpy(piece, "\\u00", 4);
            piece[4] = hex[c >> 4];
            piece[5] = hex[c & 15];
            len = 6;
        } else {
            piece[0] = (char)c;
            len = 1;
        }
        bool continuation = (c & 0xC0) == 0x80;
        /* Keep room for the closing quote and, if cut, the "...". */
        if (n + len + sizeof cut > size) {
            if (continuation)
                n = char_start; /* do not leave half a character */
            memcpy(buf + n, cut, sizeof cut);
            return;
        }
        if (!continuation)
            char_start = n;
        memcpy(buf + n, piece, len);
        n += len;
    }
    buf[n++] = '"';
    buf[n] = '\0';
}

/* --- pointers ------------------------------------------------------------ */

bool pr_json_pointer_push(char *buf, size_t size, const char *token)
{
    size_t n = strlen(buf), need = 1;
    for (const char *t = token; *t; t++)
        need += (*t == '~' || *t == '/') ? 2 : 1;
    if (n + need + 1 > size)
        return false;
    buf[n++] = '/';
    for (const char *t = token; *t; t++) {
        if (*t == '~' || *t == '/') {
            buf[n++] = '~';
            buf[n++] = *t == '~' ? '0' : '1';
        } else {
            buf[n++] = *t;
        }
    }
    buf[n] = '\0';
    return true;
}

/* --- locating ---------------------------------------------------------------- */

static size_t skip_ws(const unsigned char *s, size_t n, size_t p)
{
    while (p < n && (s[p] == ' ' || s[p] == '\n' || s[p] == '\r' || s[p] == '\t'))
        p++;
    return p;
}

/* Past the string whose opening quote is at p. */
static size_t skip_string(const unsigned char *s, size_t n, size_t p)
{
    for (p++; p < n; p++) {
        if (s[p] == '\\')
            p++;
        else if (s[p] == '"')
            return p + 1;
    }
    return n;
}

/* Past the value that starts at p. */
static size_t skip_value(const unsigned char *s, size_t n, size_t p)
{
    size_t depth = 0;
    do {
        if (p >= n)
            return n;
        unsigned char c = s[p];
        if (c == '"') {
            p = skip_string(s, n, p);
        } else if (c == '{' || c == '[') {
            depth++;
            p++;
        } else if (c == '}' || c == ']') {
            if (depth == 0)
                return p; /* not a value: leave it to the caller */
            depth--;
            p++;
        } else if (depth == 0) {
            /* a number or literal: up to the next delimiter */
            while (p < n && s[p] != ',' && s[p] != '}' && s[p] != ']' && s[p] != ' ' &&
                   s[p] != '\n' && s[p] != '\r' && s[p] != '\t')
                p++;
        } else {
            p++;
        }
    } while (depth > 0);
    return p;
}

/* Whether the key at `quote` equals the pointer token [t, t_end) once its
 * ~0 and ~1 escapes are undone. */
static bool key_matches(const unsigned char *quote, const unsigned char *end, const char *t,
                        const char *t_end)
{
    pr_json_key_reader r;
    pr_json_key_reader_init(&r, quote, end);
    for (;;) {
        int c = pr_json_key_reader_next(&r);
        if (t == t_end)
            return c < 0;
        int want = (unsigned char)*t++;
        if (want == '~' && t < t_end && (*t == '0' || *t == '1'))
            want = *t++ == '0' ? '~' : '/';
        if (c != want)
            return false;
    }
}

/* The member named by the token in the object at p, or SIZE_MAX. */
static size_t find_member(const unsigned char *s, size_t n, size_t p, const char *t,
                          const char *t_end)
{
    p = skip_ws(s, n, p + 1);
    while (p < n && s[p] == '"') {
        bool match = key_matches(s + p, s + n, t, t_end);
        p = skip_ws(s, n, skip_string(s, n, p));
        if (p >= n || s[p] != ':')
            return SIZE_MAX;
        p = skip_ws(s, n, p + 1);
        if (match)
            return p;
        p = skip_ws(s, n, skip_value(s, n, p));
        if (p >= n || s[p] != ',')
            return SIZE_MAX;
        p = skip_ws(s, n, p + 1);
    }
    return SIZE_MAX;
}

/* The element named by the token (a decimal index, RFC 6901: no leading
 * zeros, no "-") in the array at p, or SIZE_MAX. */
static size_t find_element(const unsigned char *s, size_t n, size_t p, const char *t,
                           const char *t_end)
{
    if (t == t_end || (*t == '0' && t_end - t > 1))
        return SIZE_MAX;
    size_t index = 0;
    for (; t < t_end; t++) {
        if (*t < '0' || *t > '9' || index > (SIZE_MAX - 9) / 10)
            return SIZE_MAX;
        index = index * 10 + (size_t)(*t - '0');
    }
    p = skip_ws(s, n, p + 1);
    if (p >= n || s[p] == ']')
        return SIZE_MAX;
    for (; index > 0; index--) {
        p = skip_ws(s, n, skip_value(s, n, p));
        if (p >= n || s[p] != ',')
            return SIZE_MAX;
        p = skip_ws(s, n, p + 1);
    }
    return p;
}

void pr_json_locate(const char *text, size_t length, const char *pointer, int *line,
                    int *column)
{
    int l = 1, c = 1;
    if (text) {
        const unsigned char *s = (const unsigned char *)text;
        size_t at = skip_ws(s, length, 0);
        const char *t = pointer ? pointer : "";
        while (*t == '/' && at < length) {
            const char *start = t + 1, *stop = strchr(start, '/');
            if (!stop)
                stop = start + strlen(start);
            size_t next = s[at] == '{'   ? find_member(s, length, at, start, stop)
                        : s[at] == '['   ? find_element(s, length, at, start, stop)
                                         : SIZE_MAX;
            if (next >= length)
                break;
            at = next;
            t = stop;
        }
        pr_line_column(text, length, at, &l, &c);
    }
    if (line)
        *line = l;
    if (column)
        *column = c;
}
