/*
 * The JSON boundary shared by the pack compiler, the case reader and the
 * result writer: strict parsing of untrusted text under limits (with the
 * line and column of any fault), finding where a JSON pointer lies in the
 * text, and an append-only text buffer for writing JSON out.
 */
#ifndef PROTOCOL_JSON_H
#define PROTOCOL_JSON_H

#include "internal.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/* --- limits (json_input.c) ----------------------------------------------- */

#define PR_DEFAULT_MAX_INPUT_BYTES ((size_t)1 << 20)
#define PR_DEFAULT_MAX_DEPTH ((size_t)64)
#define PR_DEFAULT_MAX_STRING_BYTES ((size_t)64 << 10)
#define PR_DEFAULT_MAX_FACTS ((size_t)10000)
#define PR_DEFAULT_MAX_LINE_BYTES ((size_t)1 << 20)

/* `in` (may be NULL) with every 0 field replaced by its default. */
protocol_limits pr_limits_resolve(const protocol_limits *in);

/* --- parsing (json_input.c) ---------------------------------------------- */

/*
 * Parse `text` (need not be NUL-terminated) into a cJSON tree that the
 * caller frees with cJSON_Delete. Stricter than cJSON alone, and every
 * refusal names the place:
 *   - input longer than limits->max_input_bytes: PROTOCOL_E_LIMIT_INPUT_SIZE;
 *   - nesting deeper than max_depth: PROTOCOL_E_LIMIT_DEPTH;
 *   - a string longer than max_string_bytes (decoded): PROTOCOL_E_LIMIT_STRING;
 *   - syntax errors, truncation, trailing text after the value, NUL bytes,
 *     invalid UTF-8 (in strings or anywhere), lone surrogate escapes, a
 *     duplicate key in one object, numbers that overflow a double:
 *     PROTOCOL_E_JSON.
 * Also refused with PROTOCOL_E_JSON: a leading UTF-8 byte order mark
 * (RFC 8259 forbids one; the message says how to save without it), and,
 * because cJSON's tree could not hold them faithfully, the escape \u0000
 * (C strings would end there) and numbers longer than 63 characters
 * (cJSON reads no further). Depth counts open arrays and objects (a
 * scalar root is depth 0) and is capped at cJSON's own limit of 1000;
 * input is capped at 4 GiB - 2 bytes whatever the limits say. Duplicate
 * keys are compared after decoding escapes.
 * Errors carry the 1-based line and column of the offending byte and, in
 * `place`, the JSON pointer of the value being read ("" for the root; for a
 * duplicate key, the pointer of the second occurrence). `limits` must be
 * resolved (pr_limits_resolve). `what` (may be NULL) names the input in
 * messages ("case", "pack", a file name).
 */
protocol_status pr_json_parse(const char *text, size_t length, const protocol_limits *limits,
                              const char *what, cJSON **out, protocol_error *err);

/* The checks of pr_json_parse alone, with the same errors, building no
 * tree: for readers that then walk the accepted text themselves. */
protocol_status pr_json_check(const char *text, size_t length, const protocol_limits *limits,
                              const char *what, protocol_error *err);

/* The double that cJSON reads from a number pr_json_check accepted
 * (strtod with the locale's decimal point; whole numbers of up to 15
 * digits, which strtod reads exactly, without it). */
double pr_json_number(const char *text, size_t length);

/* --- locating (json_locate.c) -------------------------------------------- */

/*
 * The 1-based line and column in `text` of the value that JSON pointer
 * `pointer` (RFC 6901: "/rules/3/met", "" for the root; "~0" and "~1"
 * escapes) designates. When the pointer goes further than the text (a
 * missing member), the position of the deepest existing value on the way.
 * The text must be JSON that pr_json_parse accepted. Never fails; 1:1 at worst.
 */
void pr_json_locate(const char *text, size_t length, const char *pointer, int *line,
                    int *column);

/* Append one RFC 6901 reference token to a pointer in buf ("~" -> "~0",
 * "/" -> "~1"); false when it does not fit (buf is left unchanged). */
bool pr_json_pointer_push(char *buf, size_t size, const char *token);

/* --- writing (json_output.c) --------------------------------------------- */

/* A growing text buffer. Appends after an allocation failure do nothing and
 * `failed` stays set, so a writer checks once at the end. */
typedef struct pr_buf {
    char *data; /* NUL-terminated when not NULL */
    size_t length;
    size_t capacity;
    bool failed;
} pr_buf;

#define PR_BUF_INIT {NULL, 0, 0, false}

void pr_buf_append(pr_buf *b, const char *text, size_t length);
void pr_buf_puts(pr_buf *b, const char *text);
void pr_buf_putc(pr_buf *b, char c);
void pr_buf_printf(pr_buf *b, const char *fmt, ...) PR_PRINTF(2, 3);
/* A JSON string literal with quotes: ", \, control characters escaped
 * (\n, \t, ... or \u00XX); other UTF-8 as is. NULL writes "". */
void pr_buf_json_string(pr_buf *b, const char *text);
/* Hand the text to the caller (free with pr_free; *length may be NULL) and
 * reset the buffer; NULL when an append had failed (the buffer is freed). */
char *pr_buf_take(pr_buf *b, size_t *length);
void pr_buf_free(pr_buf *b);

#endif
