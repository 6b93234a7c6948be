/*
 * libprotocol: what every part of the API shares — the export macro, the
 * status codes, the error record a call fills in, dates, and memory.
 */
#ifndef PROTOCOL_COMMON_H
#define PROTOCOL_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(PROTOCOL_BUILDING_LIBRARY) && defined(__GNUC__)
#define PROTOCOL_API __attribute__((visibility("default")))
#else
#define PROTOCOL_API
#endif

/**
 * Result of every fallible call. PROTOCOL_OK is zero; failures are negative.
 * The values are part of the ABI and never change meaning.
 */
typedef enum protocol_status {
    PROTOCOL_OK = 0,
    /** A NULL pointer, a negative count, an option struct of an unknown version. */
    PROTOCOL_E_INVALID_ARGUMENT = -1,
    /** An allocation failed; nothing was leaked and nothing was changed. */
    PROTOCOL_E_NOMEM = -2,
    /** A date outside the calendar's supported range (1970-01-01..2199-12-31
     *  for the built-in calendars), or arithmetic that would leave it. */
    PROTOCOL_E_RANGE = -3,
    /** Date or time text that is malformed or impossible ("2026-02-30", "24:61"). */
    PROTOCOL_E_DATETIME = -4,
    /** Text that is not valid JSON (syntax, truncation, bad UTF-8, duplicate key). */
    PROTOCOL_E_JSON = -5,
    /** A pack that does not validate: unknown fact, wrong type, duplicate id,
     *  missing citation, malformed condition, reference cycle, ... */
    PROTOCOL_E_PACK = -6,
    /** A case that does not fit its pack: wrong type, value out of range,
     *  impossible date, or (strict mode) an unknown key. */
    PROTOCOL_E_CASE = -7,
    /** No built-in pack, calendar, fact or finding with that name. */
    PROTOCOL_E_NOT_FOUND = -8,
    /** A file could not be opened or read. */
    PROTOCOL_E_IO = -9,
    /** Input larger than the input-size limit. */
    PROTOCOL_E_LIMIT_INPUT_SIZE = -10,
    /** JSON nested deeper than the nesting-depth limit. */
    PROTOCOL_E_LIMIT_DEPTH = -11,
    /** A JSON string longer than the string-length limit. */
    PROTOCOL_E_LIMIT_STRING = -12,
    /** A case with more facts (leaf values) than the fact-count limit. */
    PROTOCOL_E_LIMIT_FACTS = -13,
    /** A batch (NDJSON) line longer than the line-length limit. */
    PROTOCOL_E_LIMIT_LINE = -14,
    /** A caller-supplied buffer is too small; the needed size is reported. */
    PROTOCOL_E_BUFFER_TOO_SMALL = -15
} protocol_status;

/**
 * What went wrong, filled in by a failing call when the caller passes one.
 *
 * Every function that can fail takes a `protocol_error *err` last; it may be
 * NULL. On failure the record says the cause (`message`) and, for input, the
 * place: `place` holds a JSON pointer ("/rules/3/met"), a dotted fact path
 * ("concerns.child_significant_harm"), the offending text ("2026-02-30"), or
 * a file name; `line` and `column` are 1-based positions in the input text,
 * 0 when not known. On success the record is left untouched.
 *
 * The record belongs to the caller: there is no hidden global "last error",
 * so calls on different threads never see each other's failures.
 */
typedef struct protocol_error {
    protocol_status code;
    int line;
    int column;
    char place[256];
    char message[512];
} protocol_error;

/** A static, English name for a status code ("PROTOCOL_E_RANGE"). Never NULL. */
PROTOCOL_API const char *protocol_status_name(protocol_status status);

/** The library's version at run time, "MAJOR.MINOR.PATCH". Never NULL. */
PROTOCOL_API const char *protocol_version(void);

/** The library's version at run time as PROTOCOL_VERSION_NUMBER encodes it. */
PROTOCOL_API int protocol_version_number(void);

/**
 * A calendar date in the proleptic Gregorian calendar. Months and days are
 * 1-based. Functions that take a date reject an impossible one
 * (PROTOCOL_E_DATETIME) and one outside their range (PROTOCOL_E_RANGE).
 */
typedef struct protocol_date {
    int year;
    int month;
    int day;
} protocol_date;

/** 1 when the date exists in the Gregorian calendar (any year 1..9999), else 0. */
PROTOCOL_API int protocol_date_is_valid(protocol_date date);

/**
 * Parse "YYYY-MM-DD" (exactly that, nothing around it).
 * Errors: PROTOCOL_E_INVALID_ARGUMENT for NULL; PROTOCOL_E_DATETIME naming
 * the text when it is malformed or impossible.
 */
PROTOCOL_API protocol_status protocol_date_parse(const char *text, protocol_date *out,
                                                 protocol_error *err);

/** Write "YYYY-MM-DD" and a NUL into buf (at least 11 bytes). */
PROTOCOL_API protocol_status protocol_date_format(protocol_date date, char *buf, size_t size,
                                                  protocol_error *err);

/**
 * Memory functions the library uses for every allocation it makes itself.
 *
 * Set them once, from one thread, before the library has allocated
 * anything; they apply to the whole process. After the first allocation
 * the call fails with PROTOCOL_E_INVALID_ARGUMENT and changes nothing.
 * NULL (or a struct with any NULL member) is refused the same way.
 * cJSON's allocator is a separate, process-wide setting of cJSON's own
 * (cJSON_InitHooks); this call installs the same functions there, so that
 * one hook sees every byte the library causes to be allocated.
 */
typedef struct protocol_allocator {
    void *(*malloc_fn)(size_t size);
    void *(*realloc_fn)(void *ptr, size_t size);
    void (*free_fn)(void *ptr);
} protocol_allocator;

PROTOCOL_API protocol_status protocol_set_allocator(const protocol_allocator *allocator,
                                                    protocol_error *err);

/** Free a string the library returned (result JSON, reports). NULL is a no-op. */
PROTOCOL_API void protocol_free(void *ptr);

#ifdef __cplusplus
}
#endif

#endif
