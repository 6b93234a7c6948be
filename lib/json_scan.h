/*
 * Reading JSON strings back out of text that the strict scanner has
 * accepted: decoding keys for pointers, duplicate checks and messages.
 * Shared by json_input.c, json_locate.c and the case reader (case.c).
 */
#ifndef PROTOCOL_JSON_SCAN_H
#define PROTOCOL_JSON_SCAN_H

#include <stdbool.h>
#include <stddef.h>

/* Yields the decoded bytes of the string whose opening quote is `quote`,
 * never reading at or past `end`. */
typedef struct pr_json_key_reader {
    const unsigned char *p;
    const unsigned char *end;
    unsigned char pending[4];
    int have;
    int next;
} pr_json_key_reader;

void pr_json_key_reader_init(pr_json_key_reader *r, const unsigned char *quote,
                             const unsigned char *end);
/* The next decoded byte, or -1 at the closing quote (or at bad text). */
int pr_json_key_reader_next(pr_json_key_reader *r);

/* Whether two strings in the text decode to the same bytes. */
bool pr_json_keys_equal(const unsigned char *a, const unsigned char *b, const unsigned char *end);
/* The decoded string, NUL-terminated, into buf; false when it does not fit. */
bool pr_json_key_decode(const unsigned char *quote, const unsigned char *end, char *buf,
                        size_t size);
/* The decoded string for a message: in double quotes, with ", \ and control
 * characters escaped, cut with "..." when longer than buf allows. */
void pr_json_key_quote(const unsigned char *quote, const unsigned char *end, char *buf,
                       size_t size);

#endif
