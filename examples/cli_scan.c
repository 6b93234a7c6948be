/*
 * Reading back the few members of result JSON that decide the tool's exit
 * status (rule and deadline statuses) and the error objects of a batch —
 * a small forward-only scanner, so the tool needs no JSON library. It
 * relies only on the result being JSON, not on member order or layout.
 */
#include "cli.h"

#include <string.h>

typedef struct scanner {
    const char *p;
    const char *end;
} scanner;

static void skip_ws(scanner *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
        s->p++;
}

static int accept(scanner *s, char c)
{
    skip_ws(s);
    if (s->p < s->end && *s->p == c) {
        s->p++;
        return 1;
    }
    return 0;
}

static int hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return 0;
    }
    *out = v;
    return 1;
}

static void put_byte(char *out, size_t size, size_t *n, unsigned char c)
{
    if (out && *n + 1 < size)
        out[(*n)++] = (char)c;
}

/* Read a string at s->p, decoding it into out (truncated to size, NUL-
 * terminated) when out is not NULL. 0 when the text is not a string. */
static int scan_string(scanner *s, char *out, size_t size)
{
    size_t n = 0;
    skip_ws(s);
    if (s->p >= s->end || *s->p != '"')
        return 0;
    s->p++;
    while (s->p < s->end && *s->p != '"') {
        unsigned char c = (unsigned char)*s->p++;
        if (c != '\\') {
            put_byte(out, size, &n, c);
            continue;
        }
        if (s->p >= s->end)
            return 0;
        char e = *s->p++;
        switch (e) {
        case 'b': put_byte(out, size, &n, '\b'); break;
        case 'f': put_byte(out, size, &n, '\f'); break;
        case 'n': put_byte(out, size, &n, '\n'); break;
        case 'r': put_byte(out, size, &n, '\r'); break;
        case 't': put_byte(out, size, &n, '\t'); break;
        case 'u': {
            unsigned cp, lo;
            if (s->end - s->p < 4 || !hex4(s->p, &cp))
                return 0;
            s->p += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && s->end - s->p >= 6 && s->p[0] == '\\' &&
                s->p[1] == 'u' && hex4(s->p + 2, &lo) && lo >= 0xDC00 && lo < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                s->p += 6;
            }
            if (cp < 0x80) {
                put_byte(out, size, &n, (unsigned char)cp);
            } else if (cp < 0x800) {
                put_byte(out, size, &n, (unsigned char)(0xC0 | (cp >> 6)));
                put_byte(out, size, &n, (unsigned char)(0x80 | (cp & 0x3F)));
            } else if (cp < 0x10000) {
                put_byte(out, size, &n, (unsigned char)(0xE0 | (cp >> 12)));
                put_byte(out, size, &n, (unsigned char)(0x80 | ((cp >> 6) & 0x3F)));
                put_byte(out, size, &n, (unsigned char)(0x80 | (cp & 0x3F)));
            } else {
                put_byte(out, size, &n, (unsigned char)(0xF0 | (cp >> 18)));
                put_byte(out, size, &n, (unsigned char)(0x80 | ((cp >> 12) & 0x3F)));
                put_byte(out, size, &n, (unsigned char)(0x80 | ((cp >> 6) & 0x3F)));
                put_byte(out, size, &n, (unsigned char)(0x80 | (cp & 0x3F)));
            }
            break;
        }
        default: put_byte(out, size, &n, (unsigned char)e); break;
        }
    }
    if (s->p >= s->end)
        return 0;
    s->p++;
    if (out && size)
        out[n] = '\0';
    return 1;
}

/* Skip one value of any kind; iterative, so that nesting costs no stack. */
static int skip_value(scanner *s)
{
    long depth = 0;
    do {
        skip_ws(s);
        if (s->p >= s->end)
            return 0;
        char c = *s->p;
        if (c == '"') {
            if (!scan_string(s, NULL, 0))
                return 0;
        } else if (c == '{' || c == '[') {
            depth++;
            s->p++;
        } else if (c == '}' || c == ']') {
            if (depth == 0)
                return 0;
            depth--;
            s->p++;
        } else if (c == ',' || c == ':') {
            if (depth == 0)
                return 0;
            s->p++;
        } else {
            while (s->p < s->end && !strchr(",:]}\" \t\r\n", *s->p))
                s->p++;
        }
    } while (depth > 0);
    return 1;
}

/* Read "status" members of the objects in array member `array`. */
static int scan_statuses(scanner *s, int is_rules, int *fails)
{
    if (!accept(s, '['))
        return skip_value(s);
    if (accept(s, ']'))
        return 1;
    do {
        if (!accept(s, '{'))
            return 0;
        if (accept(s, '}'))
            continue;
        do {
            char key[16], value[16];
            if (!scan_string(s, key, sizeof key) || !accept(s, ':'))
                return 0;
            skip_ws(s);
            if (strcmp(key, "status") == 0 && s->p < s->end && *s->p == '"') {
                if (!scan_string(s, value, sizeof value))
                    return 0;
                if (is_rules ? strcmp(value, "not_met") == 0
                             : strcmp(value, "overdue") == 0 || strcmp(value, "late") == 0)
                    *fails = 1;
            } else if (!skip_value(s)) {
                return 0;
            }
        } while (accept(s, ','));
        if (!accept(s, '}'))
            return 0;
    } while (accept(s, ','));
    return accept(s, ']');
}

int cli_result_fails(const char *json, size_t length)
{
    scanner s = {json, json + length};
    int fails = 0;
    if (!accept(&s, '{'))
        return -1;
    if (accept(&s, '}'))
        return 0;
    do {
        char key[16];
        if (!scan_string(&s, key, sizeof key) || !accept(&s, ':'))
            return -1;
        int ok;
        if (strcmp(key, "rules") == 0)
            ok = scan_statuses(&s, 1, &fails);
        else if (strcmp(key, "deadlines") == 0)
            ok = scan_statuses(&s, 0, &fails);
        else
            ok = skip_value(&s);
        if (!ok)
            return -1;
    } while (accept(&s, ','));
    return accept(&s, '}') ? fails : -1;
}

int cli_batch_error(const char *json, size_t length, long *line, char *code, size_t code_size,
                    char *message, size_t message_size, char *place, size_t place_size)
{
    scanner s = {json, json + length};
    int have_line = 0, have_error = 0;
    code[0] = message[0] = place[0] = '\0';
    if (!accept(&s, '{') || accept(&s, '}'))
        return 0;
    do {
        char key[16];
        if (!scan_string(&s, key, sizeof key) || !accept(&s, ':'))
            return 0;
        skip_ws(&s);
        if (strcmp(key, "line") == 0) {
            long v = 0;
            const char *start = s.p;
            while (s.p < s.end && *s.p >= '0' && *s.p <= '9' && v < 1000000000000L)
                v = v * 10 + (*s.p++ - '0');
            if (s.p == start)
                return 0;
            *line = v;
            have_line = 1;
        } else if (strcmp(key, "error") == 0) {
            if (!accept(&s, '{'))
                return 0;
            if (!accept(&s, '}')) {
                do {
                    char k[16];
                    if (!scan_string(&s, k, sizeof k) || !accept(&s, ':'))
                        return 0;
                    skip_ws(&s);
                    int is_string = s.p < s.end && *s.p == '"';
                    int ok;
                    if (strcmp(k, "code") == 0 && is_string)
                        ok = scan_string(&s, code, code_size);
                    else if (strcmp(k, "message") == 0 && is_string)
                        ok = scan_string(&s, message, message_size);
                    else if (strcmp(k, "place") == 0 && is_string)
                        ok = scan_string(&s, place, place_size);
                    else
                        ok = skip_value(&s);
                    if (!ok)
                        return 0;
                } while (accept(&s, ','));
                if (!accept(&s, '}'))
                    return 0;
            }
            have_error = 1;
        } else if (!skip_value(&s)) {
            return 0;
        }
    } while (accept(&s, ','));
    return have_line && have_error && accept(&s, '}');
}
