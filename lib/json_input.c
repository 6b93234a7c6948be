/*
 * Strict JSON input: one validating pass over untrusted bytes (RFC 8259
 * grammar, UTF-8, escapes, limits, duplicate keys) that names the line,
 * column and JSON pointer of any fault; then cJSON builds the tree (packs),
 * or the caller walks the checked text itself (cases, lib/case.c).
 */
#include "json.h"
#include "json_scan.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

protocol_limits pr_limits_resolve(const protocol_limits *in)
{
    protocol_limits out = {0, 0, 0, 0, 0};
    if (in)
        out = *in;
    if (!out.max_input_bytes)
        out.max_input_bytes = PR_DEFAULT_MAX_INPUT_BYTES;
    if (!out.max_depth)
        out.max_depth = PR_DEFAULT_MAX_DEPTH;
    if (!out.max_string_bytes)
        out.max_string_bytes = PR_DEFAULT_MAX_STRING_BYTES;
    if (!out.max_facts)
        out.max_facts = PR_DEFAULT_MAX_FACTS;
    if (!out.max_line_bytes)
        out.max_line_bytes = PR_DEFAULT_MAX_LINE_BYTES;
    return out;
}

/* cJSON copies a number into a 64-byte buffer before strtod and stops at
 * 63 characters, so pr_json_parse hands it longer numbers rewritten
 * (rewrite_long_numbers); pr_json_number reads any length itself. */
#define MAX_NUMBER_CHARS 63
/* Significant digits a long number keeps for strtod. The exact decimal
 * value halfway between two doubles has at most 767 significant digits, so
 * the digits past 800 can only decide whether the number is exactly at such
 * a point or just past it: one '1' standing for every non-zero digit
 * dropped keeps that, and the correctly rounded double is the same. */
#define KEPT_DIGITS 800
/* Saturation for decimal exponents: far past the double's range either way. */
#define EXPONENT_CAP 100000L

/* One open array or object. Positions are byte offsets into the text. */
typedef struct level {
    size_t open;      /* the '[' or '{' */
    size_t key;       /* objects: the opening quote of the current key */
    size_t index;     /* arrays: index of the current element */
    uint32_t object;  /* objects: ordinal, separating keys of different objects */
    bool is_object;
    bool in_member;   /* a member (key or element) is being read: part of the pointer */
} level;

/* Duplicate-key table: open addressing over every key of the document.
 * `hash` mixes the decoded key's hash with its object's ordinal through an
 * odd multiplier (a bijection), so equal `hash` and equal decoded keys can
 * only mean the same object: no separate ordinal needs storing. */
typedef struct key_slot {
    uint32_t offset_plus1; /* 0: empty; else 1 + offset of the key's opening quote */
    uint32_t hash;
} key_slot;

#define INLINE_LEVELS 32
/* Enough for the 128 keys of a large case without touching the heap. */
#define INLINE_KEYS 256 /* a power of two */

typedef struct scanner {
    const unsigned char *s;
    size_t n;
    size_t pos;
    size_t max_depth;
    size_t max_string;
    const char *what;
    protocol_error *err;
    level *levels;
    size_t depth;
    size_t level_cap;
    key_slot *keys;
    size_t key_cap;
    size_t key_count;
    uint32_t objects;
    uint64_t seed;
    bool long_number; /* a number longer than MAX_NUMBER_CHARS was read */
    level inline_levels[INLINE_LEVELS];
    key_slot inline_keys[INLINE_KEYS];
} scanner;

/* Byte classes inside a string: which bytes end the fast copy loop. */
enum { C_PLAIN = 0, C_QUOTE, C_BACKSLASH, C_CONTROL, C_HIGH };

static const unsigned char string_class[256] = {
#define R4(x) x, x, x, x
#define R16(x) R4(x), R4(x), R4(x), R4(x)
    R16(C_CONTROL), R16(C_CONTROL),                           /* 0x00-0x1F */
    C_PLAIN, C_PLAIN, C_QUOTE, C_PLAIN, R4(C_PLAIN), R4(C_PLAIN), R4(C_PLAIN), /* 0x20-0x2F */
    R16(C_PLAIN), R16(C_PLAIN),                               /* 0x30-0x4F */
    R4(C_PLAIN), R4(C_PLAIN), R4(C_PLAIN),                    /* 0x50-0x5B */
    C_BACKSLASH, C_PLAIN, C_PLAIN, C_PLAIN,                   /* 0x5C-0x5F */
    R16(C_PLAIN), R16(C_PLAIN),                               /* 0x60-0x7F */
    R16(C_HIGH), R16(C_HIGH), R16(C_HIGH), R16(C_HIGH),       /* 0x80-0xBF */
    R16(C_HIGH), R16(C_HIGH), R16(C_HIGH), R16(C_HIGH),       /* 0xC0-0xFF */
#undef R16
#undef R4
};

/* --- reporting ------------------------------------------------------------ */

/* The JSON pointer of the value being read, from the open levels. A token
 * that no longer fits ends the pointer early (place is 256 bytes anyway). */
static void current_pointer(const scanner *sc, char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t i = 0; i < sc->depth; i++) {
        const level *l = &sc->levels[i];
        if (!l->in_member)
            break;
        char token[256];
        if (l->is_object) {
            if (!pr_json_key_decode(sc->s + l->key, sc->s + sc->n, token, sizeof token))
                break;
        } else {
            snprintf(token, sizeof token, "%zu", l->index);
        }
        if (!pr_json_pointer_push(buf, size, token))
            break;
    }
}

static protocol_status fail(scanner *sc, protocol_status code, size_t offset, const char *fmt,
                            ...) PR_PRINTF(4, 5);

static protocol_status fail(scanner *sc, protocol_status code, size_t offset, const char *fmt,
                            ...)
{
    /* Larger than the record's message, so that any cut happens there, on a
     * character boundary. */
    char pointer[256], message[sizeof sc->err->message + 64];
    int line, column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    current_pointer(sc, pointer, sizeof pointer);
    pr_line_column((const char *)sc->s, sc->n, offset, &line, &column);
    if (sc->what)
        return pr_fail_at(sc->err, code, pointer, line, column, "%s: %s", sc->what, message);
    return pr_fail_at(sc->err, code, pointer, line, column, "%s", message);
}

#define WHAT_SIZE 128

/* "'x'" for a printable ASCII byte, "byte 0xNN" otherwise; a NUL byte and
 * the whitespace JSON does not count as whitespace say why they are refused. */
static const char *describe(unsigned char c, char buf[WHAT_SIZE])
{
    if (c >= 0x20 && c < 0x7F)
        snprintf(buf, WHAT_SIZE, "'%c'", c);
    else if (c == 0)
        snprintf(buf, WHAT_SIZE,
                 "a NUL byte (0x00), which JSON text never holds (is the file "
                 "UTF-16, or not text?)");
    else if (c == 0x0C || c == 0x0B)
        snprintf(buf, WHAT_SIZE,
                 "a %s (byte 0x%02X), which JSON does not count as whitespace "
                 "(only space, tab, line feed and carriage return)",
                 c == 0x0C ? "form feed" : "vertical tab", c);
    else
        snprintf(buf, WHAT_SIZE, "byte 0x%02X", c);
    return buf;
}

/* Truncation: say what was expected and which container is left open. */
static protocol_status fail_eof(scanner *sc, const char *expected)
{
    if (sc->depth) {
        const level *l = &sc->levels[sc->depth - 1];
        int line, column;
        pr_line_column((const char *)sc->s, sc->n, l->open, &line, &column);
        return fail(sc, PROTOCOL_E_JSON, sc->n,
                    "the text ends too early: expected %s; the %s opened at line %d, column %d "
                    "is not closed",
                    expected, l->is_object ? "object" : "array", line, column);
    }
    return fail(sc, PROTOCOL_E_JSON, sc->n, "the text ends too early: expected %s", expected);
}

/* --- the scanner ------------------------------------------------------------ */

static void skip_ws(scanner *sc)
{
    const unsigned char *s = sc->s;
    size_t p = sc->pos, n = sc->n;
    while (p < n && (s[p] == ' ' || s[p] == '\n' || s[p] == '\r' || s[p] == '\t'))
        p++;
    sc->pos = p;
}

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Four hex digits at sc->s[at]; -1 after reporting the fault. */
static long read_hex4(scanner *sc, size_t at, protocol_status *status)
{
    long cp = 0;
    for (size_t i = 0; i < 4; i++) {
        if (at + i >= sc->n) {
            *status = fail_eof(sc, "four hex digits after \\u in a string");
            return -1;
        }
        int h = hex_value(sc->s[at + i]);
        if (h < 0) {
            char what[WHAT_SIZE];
            *status = fail(sc, PROTOCOL_E_JSON, at + i,
                           "a \\u escape needs four hex digits; found %s",
                           describe(sc->s[at + i], what));
            return -1;
        }
        cp = cp * 16 + h;
    }
    return cp;
}

/* A \ escape at sc->pos (the backslash); adds the bytes it saves over its
 * decoded form to *saved. */
static protocol_status scan_escape(scanner *sc, size_t *saved)
{
    size_t at = sc->pos;
    if (at + 1 >= sc->n)
        return fail_eof(sc, "an escape after \\ in a string");
    unsigned char e = sc->s[at + 1];
    switch (e) {
    case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
        *saved += 1;
        sc->pos = at + 2;
        return PROTOCOL_OK;
    case 'u': break;
    default: {
        char what[WHAT_SIZE];
        return fail(sc, PROTOCOL_E_JSON, at + 1,
                    "invalid escape: \\ must be followed by one of \" \\ / b f n r t u; found %s",
                    describe(e, what));
    }
    }
    protocol_status status = PROTOCOL_OK;
    long cp = read_hex4(sc, at + 2, &status);
    if (cp < 0)
        return status;
    if (cp == 0)
        return fail(sc, PROTOCOL_E_NUL_CHARACTER, at,
                    "the escape \\u0000 (a NUL character) is valid JSON but refused: the "
                    "library's strings end at a NUL, so the value would be read cut short");
    if (cp >= 0xDC00 && cp <= 0xDFFF)
        return fail(sc, PROTOCOL_E_JSON, at,
                    "lone surrogate escape \\u%04lX: a low surrogate must follow a high "
                    "surrogate (\\uD800-\\uDBFF)",
                    cp);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        size_t low_at = at + 6;
        if (low_at + 1 < sc->n && sc->s[low_at] == '\\' && sc->s[low_at + 1] == 'u') {
            long low = read_hex4(sc, low_at + 2, &status);
            if (low < 0)
                return status;
            if (low >= 0xDC00 && low <= 0xDFFF) {
                *saved += 12 - 4;
                sc->pos = at + 12;
                return PROTOCOL_OK;
            }
        } else if (low_at + 1 >= sc->n && (low_at >= sc->n || sc->s[low_at] == '\\')) {
            return fail_eof(sc, "a low surrogate escape (\\uDC00-\\uDFFF) in a string");
        }
        return fail(sc, PROTOCOL_E_JSON, at,
                    "lone surrogate escape \\u%04lX: a high surrogate must be followed by a "
                    "low surrogate escape (\\uDC00-\\uDFFF)",
                    cp);
    }
    *saved += 6 - (cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3);
    sc->pos = at + 6;
    return PROTOCOL_OK;
}

/* One UTF-8 sequence whose lead byte (>= 0x80) is at sc->pos (Unicode
 * table 3-7: no overlongs, no encoded surrogates, nothing past U+10FFFF). */
static protocol_status scan_utf8(scanner *sc)
{
    size_t at = sc->pos;
    unsigned char c = sc->s[at];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c < 0xC0)
        return fail(sc, PROTOCOL_E_JSON, at,
                    "invalid UTF-8: byte 0x%02X is a continuation byte without a lead byte", c);
    if (c < 0xC2)
        return fail(sc, PROTOCOL_E_JSON, at,
                    "invalid UTF-8: overlong encoding (lead byte 0x%02X encodes an ASCII "
                    "character in two bytes)",
                    c);
    if (c < 0xE0) {
        need = 1;
    } else if (c < 0xF0) {
        need = 2;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c < 0xF5) {
        need = 3;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return fail(sc, PROTOCOL_E_JSON, at,
                    "invalid UTF-8: byte 0x%02X never occurs in UTF-8 text", c);
    }
    for (size_t i = 1; i <= need; i++) {
        if (at + i >= sc->n)
            return fail_eof(sc, "the rest of a UTF-8 sequence in a string");
        unsigned char b = sc->s[at + i];
        if (b < 0x80 || b > 0xBF)
            return fail(sc, PROTOCOL_E_JSON, at,
                        "invalid UTF-8: lead byte 0x%02X is not followed by enough "
                        "continuation bytes (byte 0x%02X after it)",
                        c, b);
        if (i == 1 && (b < lo || b > hi)) {
            if (c == 0xED)
                return fail(sc, PROTOCOL_E_JSON, at,
                            "invalid UTF-8: a surrogate code point (U+D800-U+DFFF) encoded "
                            "as bytes 0xED 0x%02X",
                            b);
            if (c == 0xF4)
                return fail(sc, PROTOCOL_E_JSON, at,
                            "invalid UTF-8: code point above U+10FFFF (bytes 0xF4 0x%02X)", b);
            return fail(sc, PROTOCOL_E_JSON, at,
                        "invalid UTF-8: overlong encoding (bytes 0x%02X 0x%02X)", c, b);
        }
    }
    sc->pos = at + need + 1;
    return PROTOCOL_OK;
}

/* Whether any of 8 bytes is a quote, a backslash, a control character or
 * non-ASCII: the exact zero-byte tests (x - 0x01..) & ~x & 0x80.. and
 * (x - 0x20..) & ~x & 0x80.., which never miss such a byte. */
static bool special_in_word(const unsigned char *p)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t x;
    memcpy(&x, p, 8);
    uint64_t quote = x ^ (ones * '"'), backslash = x ^ (ones * '\\');
    uint64_t hits = ((x - ones * 0x20) & ~x) | ((quote - ones) & ~quote) |
                    ((backslash - ones) & ~backslash) | x;
    return (hits & high) != 0;
}

/* A string at sc->pos (the opening quote); leaves sc->pos after the
 * closing quote. *had_escape tells whether a key needs decoding. */
static protocol_status scan_string(scanner *sc, bool *had_escape)
{
    const unsigned char *s = sc->s;
    size_t start = sc->pos, n = sc->n, saved = 0;
    size_t p = start + 1;
    protocol_status status;
    *had_escape = false;
    for (;;) {
        /* Eight bytes at a time while none is special; then byte by byte. */
        while (n - p >= 8 && !special_in_word(s + p))
            p += 8;
        while (p < n && string_class[s[p]] == C_PLAIN)
            p++;
        if (p >= n) {
            int line, column;
            pr_line_column((const char *)s, n, start, &line, &column);
            char expected[96];
            snprintf(expected, sizeof expected,
                     "the closing quote of the string that starts at line %d, column %d", line,
                     column);
            return fail_eof(sc, expected);
        }
        unsigned char c = s[p];
        switch (string_class[c]) {
        case C_QUOTE:
            sc->pos = p + 1;
            if (p - start - 1 - saved > sc->max_string)
                return fail(sc, PROTOCOL_E_LIMIT_STRING, start,
                            "a string of %zu bytes is longer than the limit of %zu bytes",
                            p - start - 1 - saved, sc->max_string);
            return PROTOCOL_OK;
        case C_BACKSLASH:
            *had_escape = true;
            sc->pos = p;
            if ((status = scan_escape(sc, &saved)) != PROTOCOL_OK)
                return status;
            p = sc->pos;
            break;
        case C_CONTROL:
            if (c == 0)
                return fail(sc, PROTOCOL_E_JSON, p,
                            "a NUL byte (0x00) inside a string: JSON requires control "
                            "characters in strings to be escaped (is the file UTF-16?)");
            return fail(sc, PROTOCOL_E_JSON, p,
                        "control character U+%04X inside a string must be escaped (as \\u%04X%s)",
                        c, c,
                        c == '\n'   ? " or \\n"
                        : c == '\t' ? " or \\t"
                        : c == '\r' ? " or \\r"
                        : c == '\f' ? " or \\f"
                        : c == '\b' ? " or \\b"
                                    : "");
        default:
            sc->pos = p;
            if ((status = scan_utf8(sc)) != PROTOCOL_OK)
                return status;
            p = sc->pos;
            break;
        }
    }
}

static bool is_digit(const scanner *sc, size_t p)
{
    return p < sc->n && sc->s[p] >= '0' && sc->s[p] <= '9';
}

/* A number longer than MAX_NUMBER_CHARS (grammar already checked), as
 * strtod reads "<digits>e<exponent>": the significant digits as a whole
 * number (no decimal point, so the locale does not matter), at most
 * KEPT_DIGITS of them and a sticky '1', and the exponent moved to match. */
static double long_number(const char *text, size_t length)
{
    char buf[1 + KEPT_DIGITS + 1 + 16];
    size_t i = 0, k = 0, kept = 0;
    long shift = 0, exponent = 0;
    bool sticky = false, fraction = false;
    if (text[0] == '-')
        buf[k++] = text[i++];
    for (; i < length && text[i] != 'e' && text[i] != 'E'; i++) {
        char c = text[i];
        if (c == '.') {
            fraction = true;
        } else if (kept == 0 && c == '0') {
            shift -= fraction; /* a leading zero: only its place counts */
        } else if (kept < KEPT_DIGITS) {
            buf[k++] = c;
            kept++;
            shift -= fraction;
        } else {
            sticky |= c != '0';
            shift += !fraction; /* a whole-number digit dropped */
        }
    }
    if (kept == 0)
        return text[0] == '-' ? -0.0 : 0.0;
    if (sticky) {
        buf[k++] = '1';
        shift--;
    }
    if (i < length) {
        bool negative = text[++i] == '-';
        if (text[i] == '-' || text[i] == '+')
            i++;
        for (; i < length; i++)
            if (exponent < EXPONENT_CAP)
                exponent = exponent * 10 + (text[i] - '0');
        if (negative)
            exponent = -exponent;
    }
    exponent += shift;
    exponent = exponent > EXPONENT_CAP    ? EXPONENT_CAP
               : exponent < -EXPONENT_CAP ? -EXPONENT_CAP
                                          : exponent;
    snprintf(buf + k, sizeof buf - k, "e%ld", exponent);
    return strtod(buf, NULL);
}

double pr_json_number(const char *text, size_t length)
{
    size_t i = text[0] == '-';
    if (length - i <= 15) {
        uint64_t whole = 0;
        size_t k = i;
        for (; k < length && text[k] >= '0' && text[k] <= '9'; k++)
            whole = whole * 10 + (uint64_t)(text[k] - '0');
        if (k == length)
            return i ? -(double)whole : (double)whole;
    }
    if (length > MAX_NUMBER_CHARS)
        return long_number(text, length);
    char copy[MAX_NUMBER_CHARS + 1];
    const struct lconv *lc = localeconv();
    char point = (lc && lc->decimal_point && lc->decimal_point[0]) ? lc->decimal_point[0] : '.';
    for (size_t k = 0; k < length && k < MAX_NUMBER_CHARS; k++)
        copy[k] = text[k] == '.' ? point : text[k];
    copy[length < MAX_NUMBER_CHARS ? length : MAX_NUMBER_CHARS] = '\0';
    return strtod(copy, NULL);
}

/* One or more digits at *p (advanced past them); `where` names them. */
static protocol_status scan_digits(scanner *sc, size_t *p, const char *where)
{
    if (*p >= sc->n) {
        char expected[64];
        snprintf(expected, sizeof expected, "a digit %s", where);
        return fail_eof(sc, expected);
    }
    if (!is_digit(sc, *p)) {
        char what[WHAT_SIZE];
        return fail(sc, PROTOCOL_E_JSON, *p, "expected a digit %s; found %s", where,
                    describe(sc->s[*p], what));
    }
    while (is_digit(sc, *p))
        (*p)++;
    return PROTOCOL_OK;
}

static protocol_status scan_number(scanner *sc)
{
    size_t start = sc->pos, p = start;
    bool exponent = false;
    protocol_status status;
    if (sc->s[p] == '-')
        p++;
    if (p < sc->n && sc->s[p] == '0') {
        p++;
        if (is_digit(sc, p))
            return fail(sc, PROTOCOL_E_JSON, start,
                        "a number may not start with a leading zero");
    } else if ((status = scan_digits(sc, &p, "after '-'")) != PROTOCOL_OK) {
        return status;
    }
    if (p < sc->n && sc->s[p] == '.') {
        p++;
        if ((status = scan_digits(sc, &p, "after the decimal point")) != PROTOCOL_OK)
            return status;
    }
    if (p < sc->n && (sc->s[p] == 'e' || sc->s[p] == 'E')) {
        exponent = true;
        p++;
        if (p < sc->n && (sc->s[p] == '+' || sc->s[p] == '-'))
            p++;
        if ((status = scan_digits(sc, &p, "in the exponent of a number")) != PROTOCOL_OK)
            return status;
    }
    /* Up to 308 digits without an exponent, a double holds any number. */
    if ((exponent || p - start > 300) &&
        isinf(pr_json_number((const char *)sc->s + start, p - start)))
        return fail(sc, PROTOCOL_E_JSON, start,
                    "the number %.*s is too large for a double-precision number",
                    (int)(p - start), (const char *)sc->s + start);
    if (p - start > MAX_NUMBER_CHARS)
        sc->long_number = true;
    sc->pos = p;
    return PROTOCOL_OK;
}

static protocol_status scan_literal(scanner *sc, const char *word, size_t len)
{
    /* The whole word at once when it is there, as it nearly always is;
     * else byte by byte, to name the first that differs. */
    if (sc->n - sc->pos >= len && memcmp(sc->s + sc->pos, word, len) == 0) {
        sc->pos += len;
        return PROTOCOL_OK;
    }
    for (size_t i = 0; i < len; i++) {
        size_t p = sc->pos + i;
        if (p >= sc->n) {
            char expected[16];
            snprintf(expected, sizeof expected, "'%s'", word);
            return fail_eof(sc, expected);
        }
        if (sc->s[p] != (unsigned char)word[i]) {
            char what[WHAT_SIZE];
            return fail(sc, PROTOCOL_E_JSON, p, "expected '%s'; found %s", word,
                        describe(sc->s[p], what));
        }
    }
    sc->pos += len;
    return PROTOCOL_OK;
}

static protocol_status push_level(scanner *sc, bool is_object)
{
    if (sc->depth >= sc->max_depth)
        return fail(sc, PROTOCOL_E_LIMIT_DEPTH, sc->pos,
                    "nesting deeper than the limit of %zu levels", sc->max_depth);
    if (sc->depth == sc->level_cap) {
        size_t cap = sc->level_cap * 2;
        level *bigger;
        if (sc->levels == sc->inline_levels) {
            bigger = pr_malloc(cap * sizeof *bigger);
            if (bigger)
                memcpy(bigger, sc->levels, sc->depth * sizeof *bigger);
        } else {
            bigger = pr_realloc(sc->levels, cap * sizeof *bigger);
        }
        if (!bigger)
            return pr_nomem(sc->err);
        sc->levels = bigger;
        sc->level_cap = cap;
    }
    level *l = &sc->levels[sc->depth++];
    l->open = sc->pos;
    l->key = 0;
    l->index = 0;
    l->object = is_object ? sc->objects++ : 0;
    l->is_object = is_object;
    l->in_member = false;
    return PROTOCOL_OK;
}

/* Word-at-a-time multiply-xorshift hash of a key's decoded bytes. The
 * seed varies with where the scanner sits in memory, so text crafted to
 * collide in one process does not collide in the next. */
static uint64_t mix_word(uint64_t h, const unsigned char *word8)
{
    uint64_t w;
    memcpy(&w, word8, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9u;
    return h ^ (h >> 31);
}

/* The last 0-7 bytes of a key as one word, zero-padded in memory order.
 * When 8 bytes can be read (the text goes on past the key) one load and
 * a mask do it; the mask depends on the byte order. */
static uint64_t tail_word(const unsigned char *tail, size_t tail_length,
                          const unsigned char *end)
{
    uint64_t w = 0;
    if (tail_length == 0)
        return 0;
    if (end - tail >= 8) {
        const uint16_t probe = 1;
        bool little = *(const unsigned char *)&probe == 1;
        memcpy(&w, tail, 8);
        unsigned bits = 8 * (unsigned)tail_length;
        return w & (little ? ((uint64_t)1 << bits) - 1 : ~(~(uint64_t)0 >> bits));
    }
    unsigned char last[8] = {0};
    memcpy(last, tail, tail_length);
    memcpy(&w, last, 8);
    return w;
}

static uint32_t finish_hash(uint64_t h, uint64_t tail, size_t length)
{
    h = (h ^ tail) * 0xBF58476D1CE4E5B9u;
    h ^= h >> 31;
    h = (h ^ length) * 0x94D049BB133111EBu;
    h ^= h >> 29;
    return (uint32_t)(h ^ (h >> 32));
}

/* The key whose opening quote is at s and whose raw text is `length`
 * bytes; raw bytes are the decoded ones unless it has escapes. */
static uint32_t hash_key(uint64_t seed, const unsigned char *s, size_t length,
                         const unsigned char *end, bool had_escape)
{
    uint64_t h = seed;
    if (!had_escape) {
        const unsigned char *p = s + 1;
        size_t left = length;
        for (; left >= 8; left -= 8, p += 8)
            h = mix_word(h, p);
        return finish_hash(h, tail_word(p, left, end), length);
    }
    pr_json_key_reader r;
    pr_json_key_reader_init(&r, s, end);
    unsigned char chunk[8];
    size_t have = 0, total = 0;
    for (int c; (c = pr_json_key_reader_next(&r)) >= 0; total++) {
        chunk[have++] = (unsigned char)c;
        if (have == 8) {
            h = mix_word(h, chunk);
            have = 0;
        }
    }
    return finish_hash(h, tail_word(chunk, have, chunk + have), total);
}

static size_t slot_of(uint32_t hash, size_t cap)
{
    return (size_t)(hash ^ (hash >> 16)) & (cap - 1);
}

static bool grow_keys(scanner *sc)
{
    size_t cap = sc->key_cap * 2;
    if (cap > (size_t)UINT32_MAX)
        return false;
    key_slot *bigger = pr_calloc(cap, sizeof *bigger);
    if (!bigger)
        return false;
    for (size_t i = 0; i < sc->key_cap; i++) {
        key_slot k = sc->keys[i];
        if (!k.offset_plus1)
            continue;
        size_t j = slot_of(k.hash, cap);
        while (bigger[j].offset_plus1)
            j = (j + 1) & (cap - 1);
        bigger[j] = k;
    }
    if (sc->keys != sc->inline_keys)
        pr_free(sc->keys);
    sc->keys = bigger;
    sc->key_cap = cap;
    return true;
}

/* Record the key at `at` in the object on top; fail when it was seen. */
static protocol_status check_duplicate(scanner *sc, size_t at, bool had_escape)
{
    level *l = &sc->levels[sc->depth - 1];
    if (sc->key_count + 1 > sc->key_cap / 2 && !grow_keys(sc))
        return pr_nomem(sc->err);
    uint32_t hash = hash_key(sc->seed, sc->s + at, sc->pos - at - 2, sc->s + sc->n, had_escape) ^
                    (l->object * 2654435761u);
    size_t j = slot_of(hash, sc->key_cap);
    for (;; j = (j + 1) & (sc->key_cap - 1)) {
        key_slot *k = &sc->keys[j];
        if (!k->offset_plus1) {
            k->offset_plus1 = (uint32_t)at + 1;
            k->hash = hash;
            sc->key_count++;
            return PROTOCOL_OK;
        }
        if (k->hash == hash &&
            pr_json_keys_equal(sc->s + k->offset_plus1 - 1, sc->s + at, sc->s + sc->n))
            break;
    }
    size_t first = sc->keys[j].offset_plus1 - 1;
    char key[96], object[256];
    int line, column;
    pr_json_key_quote(sc->s + at, sc->s + sc->n, key, sizeof key);
    l->in_member = false;
    current_pointer(sc, object, sizeof object);
    l->in_member = true;
    pr_line_column((const char *)sc->s, sc->n, first, &line, &column);
    return fail(sc, PROTOCOL_E_DUPLICATE_KEY, at,
                "duplicate key %s in the %s%s (the first is at line %d, column %d): valid JSON "
                "(keys SHOULD be unique), refused because which value counts would be a guess",
                key, sc->depth == 1 ? "top-level object" : "object at ",
                sc->depth == 1 ? "" : object, line, column);
}

/* The whole text: one value, then only whitespace. Open arrays and
 * objects live on sc->levels rather than the C stack, so hostile nesting
 * costs no recursion; the labels are the three places the grammar can be
 * in: before a value, before a key, after a value. */
static protocol_status scan_document(scanner *sc)
{
    protocol_status status;
    bool had_escape;
    char what[WHAT_SIZE];

value:
    skip_ws(sc);
    if (sc->pos >= sc->n)
        return fail_eof(sc, "a value");
    switch (sc->s[sc->pos]) {
    case '{':
        if ((status = push_level(sc, true)) != PROTOCOL_OK)
            return status;
        sc->pos++;
        skip_ws(sc);
        if (sc->pos < sc->n && sc->s[sc->pos] == '}') {
            sc->pos++;
            sc->depth--;
            goto after_value;
        }
        goto key;
    case '[':
        if ((status = push_level(sc, false)) != PROTOCOL_OK)
            return status;
        sc->pos++;
        skip_ws(sc);
        if (sc->pos < sc->n && sc->s[sc->pos] == ']') {
            sc->pos++;
            sc->depth--;
            goto after_value;
        }
        sc->levels[sc->depth - 1].in_member = true;
        goto value;
    case '"':
        if ((status = scan_string(sc, &had_escape)) != PROTOCOL_OK)
            return status;
        goto after_value;
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
        if ((status = scan_number(sc)) != PROTOCOL_OK)
            return status;
        goto after_value;
    case 't': status = scan_literal(sc, "true", 4); break;
    case 'f': status = scan_literal(sc, "false", 5); break;
    case 'n': status = scan_literal(sc, "null", 4); break;
    default: {
        unsigned char c = sc->s[sc->pos];
        /* In an array a value is expected only after '[' (not followed by
         * ']') or after ',': a ']' here closes a list that ends in a comma. */
        if (c == ']' && sc->depth && !sc->levels[sc->depth - 1].is_object)
            return fail(sc, PROTOCOL_E_JSON, sc->pos,
                        "expected a value; found ']' (a comma before it has nothing after it)");
        return fail(sc, PROTOCOL_E_JSON, sc->pos, "expected a value; found %s%s",
                    describe(c, what),
                    c >= 0x80 ? " (text outside strings must be ASCII)" : "");
    }
    }
    if (status != PROTOCOL_OK)
        return status;
    goto after_value;

key:
    /* In an object, before a key: after '{' (not empty) or after ','. */
    skip_ws(sc);
    if (sc->pos >= sc->n)
        return fail_eof(sc, "a key string");
    if (sc->s[sc->pos] != '"') {
        unsigned char c = sc->s[sc->pos];
        if (c == '}')
            return fail(sc, PROTOCOL_E_JSON, sc->pos,
                        "expected a key string; found '}' (a comma before it has nothing "
                        "after it)");
        return fail(sc, PROTOCOL_E_JSON, sc->pos,
                    "expected a key string in double quotes; found %s", describe(c, what));
    }
    {
        size_t at = sc->pos;
        if ((status = scan_string(sc, &had_escape)) != PROTOCOL_OK)
            return status;
        level *l = &sc->levels[sc->depth - 1];
        l->key = at;
        l->in_member = true;
        if ((status = check_duplicate(sc, at, had_escape)) != PROTOCOL_OK)
            return status;
    }
    skip_ws(sc);
    if (sc->pos >= sc->n)
        return fail_eof(sc, "':' after a key");
    if (sc->s[sc->pos] != ':')
        return fail(sc, PROTOCOL_E_JSON, sc->pos, "expected ':' after a key; found %s",
                    describe(sc->s[sc->pos], what));
    sc->pos++;
    goto value;

after_value:
    if (sc->depth == 0) {
        skip_ws(sc);
        if (sc->pos < sc->n)
            return fail(sc, PROTOCOL_E_JSON, sc->pos,
                        "unexpected text after the JSON value: %s",
                        describe(sc->s[sc->pos], what));
        return PROTOCOL_OK;
    }
    {
        level *l = &sc->levels[sc->depth - 1];
        l->in_member = false;
        skip_ws(sc);
        if (sc->pos >= sc->n)
            return fail_eof(sc, l->is_object ? "',' or '}'" : "',' or ']'");
        unsigned char c = sc->s[sc->pos];
        if (c == ',') {
            sc->pos++;
            if (l->is_object)
                goto key;
            l->index++;
            l->in_member = true;
            goto value;
        }
        if (c == (l->is_object ? '}' : ']')) {
            sc->pos++;
            sc->depth--;
            goto after_value;
        }
        return fail(sc, PROTOCOL_E_JSON, sc->pos, "expected ',' or '%c' after %s; found %s",
                    l->is_object ? '}' : ']',
                    l->is_object ? "an object member" : "an array element", describe(c, what));
    }
}

static protocol_status check(const char *text, size_t length, const protocol_limits *limits,
                             const char *what, protocol_error *err, bool *long_number)
{
    if (!limits || (!text && length))
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL, "pr_json_check needs text and limits");
    const char *prefix = what ? what : "", *sep = what ? ": " : "";
    /* Key offsets are kept in 32 bits, so 4 GiB is the most ever read. */
    size_t max_input = limits->max_input_bytes < (size_t)UINT32_MAX - 1 ? limits->max_input_bytes
                                                                         : (size_t)UINT32_MAX - 1;
    if (length > max_input) {
        int line, column;
        pr_line_column(text, length, max_input, &line, &column);
        return pr_fail_at(err, PROTOCOL_E_LIMIT_INPUT_SIZE, "", line, column,
                          "%s%sthe input of %zu bytes is larger than the limit of %zu bytes",
                          prefix, sep, length, max_input);
    }

    scanner sc;
    sc.s = (const unsigned char *)text;
    sc.n = length;
    sc.pos = 0;
    sc.max_depth = limits->max_depth < CJSON_NESTING_LIMIT ? limits->max_depth
                                                           : CJSON_NESTING_LIMIT;
    sc.max_string = limits->max_string_bytes;
    sc.what = what;
    sc.err = err;
    sc.levels = sc.inline_levels;
    sc.depth = 0;
    sc.level_cap = INLINE_LEVELS;
    sc.keys = sc.inline_keys;
    sc.key_cap = INLINE_KEYS;
    sc.key_count = 0;
    sc.objects = 0;
    sc.seed = ((uint64_t)(uintptr_t)&sc * 0x9E3779B97F4A7C15u) ^ (uint64_t)(uintptr_t)text;
    sc.long_number = false;
    memset(sc.inline_keys, 0, sizeof sc.inline_keys);

    protocol_status status;
    const unsigned char *u = (const unsigned char *)text;
    if (length >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        status = fail(&sc, PROTOCOL_E_JSON, 0,
                      "the text starts with a UTF-16 byte order mark (bytes %02X %02X): it is "
                      "UTF-16, and JSON must be UTF-8; save the file as UTF-8 without a BOM",
                      u[0], u[1]);
    } else if (length >= 2 && (u[0] == 0) != (u[1] == 0) && (u[0] < 0x80 && u[1] < 0x80)) {
        status = fail(&sc, PROTOCOL_E_JSON, u[0] ? 1 : 0,
                      "the text looks like UTF-16 (a NUL byte %s its first character): JSON "
                      "must be UTF-8; save the file as UTF-8",
                      u[0] ? "after" : "before");
    } else if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        status = fail(&sc, PROTOCOL_E_JSON, 0,
                      "the text starts with a UTF-8 byte order mark (bytes EF BB BF), which "
                      "JSON does not allow; save the file as UTF-8 without a BOM");
    } else {
        sc.pos = 0;
        skip_ws(&sc);
        if (length == 0)
            status = fail(&sc, PROTOCOL_E_JSON, 0, "the text is empty; expected a JSON value");
        else if (sc.pos == length)
            status = fail(&sc, PROTOCOL_E_JSON, length,
                          "the text holds only whitespace; expected a JSON value");
        else
            status = scan_document(&sc);
    }
    if (sc.levels != sc.inline_levels)
        pr_free(sc.levels);
    if (sc.keys != sc.inline_keys)
        pr_free(sc.keys);
    *long_number = sc.long_number;
    return status;
}

protocol_status pr_json_check(const char *text, size_t length, const protocol_limits *limits,
                              const char *what, protocol_error *err)
{
    bool long_number;
    return check(text, length, limits, what, err, &long_number);
}

/* A copy of checked text with each number longer than cJSON reads written
 * as the same double in 17 significant digits; NULL when out of memory. */
static char *rewrite_long_numbers(const char *text, size_t length, size_t *out_length)
{
    /* A long number shrinks to at most 1 + 17 + 7 + 1 bytes ("-<17 digits>e-00000"). */
    char *out = pr_malloc(length + 1);
    if (!out)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < length;) {
        char c = text[i];
        if (c == '"') { /* a string, copied whole: the text is checked JSON */
            out[k++] = text[i++];
            while (text[i] != '"') {
                if (text[i] == '\\')
                    out[k++] = text[i++];
                out[k++] = text[i++];
            }
            out[k++] = text[i++];
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            size_t j = i + 1;
            while (j < length && text[j] && strchr("0123456789.eE+-", text[j]))
                j++;
            if (j - i <= MAX_NUMBER_CHARS) {
                memcpy(out + k, text + i, j - i);
                k += j - i;
            } else {
                /* "%.16e" has the locale's decimal point: keep the digits
                 * only, as a whole number with the exponent moved by 16. */
                char e[48];
                int exp10 = 0;
                snprintf(e, sizeof e, "%.16e", pr_json_number(text + i, j - i));
                const char *p = e;
                if (*p == '-')
                    out[k++] = *p++;
                for (; *p && *p != 'e'; p++)
                    if (*p >= '0' && *p <= '9')
                        out[k++] = *p;
                if (*p == 'e')
                    exp10 = atoi(p + 1);
                k += (size_t)snprintf(out + k, 12, "e%d", exp10 - 16);
            }
            i = j;
        } else {
            out[k++] = text[i++];
        }
    }
    out[k] = '\0';
    *out_length = k;
    return out;
}

protocol_status pr_json_parse(const char *text, size_t length, const protocol_limits *limits,
                              const char *what, cJSON **out, protocol_error *err)
{
    if (!out || !limits || (!text && length))
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "pr_json_parse needs text, limits and an output pointer");
    *out = NULL;
    bool long_number;
    protocol_status status = check(text, length, limits, what, err, &long_number);
    if (status != PROTOCOL_OK)
        return status;
    char *copy = NULL;
    if (long_number) {
        copy = rewrite_long_numbers(text, length, &length);
        if (!copy)
            return pr_nomem(err);
        text = copy;
    }
    /* The text is strict JSON now, within cJSON's nesting and number
     * limits, so the only way left for cJSON to fail is memory. */
    cJSON *root = cJSON_ParseWithLength(text, length);
    pr_free(copy);
    if (!root)
        return pr_nomem(err);
    *out = root;
    return PROTOCOL_OK;
}
