/*
 * libprotocol: what every part of the API shares — the export macro, the
 * status codes, the error record a call fills in, dates, and memory.
 *
 * Conventions that hold for the whole API:
 *
 * - Every fallible function returns a protocol_status (PROTOCOL_OK, zero, on
 *   success; a negative PROTOCOL_E_* on failure) and writes its outputs
 *   through pointer parameters. A NULL required pointer gives
 *   PROTOCOL_E_INVALID_ARGUMENT, never a crash.
 * - Every fallible function takes a `protocol_error *err` last; it may be
 *   NULL when the caller does not want the details.
 * - Nothing here prints, exits, aborts, reads the clock or the environment,
 *   or touches a file the caller did not name.
 * - The functions in this header keep no state (except the allocator hook)
 *   and may be called from any thread at any time.
 */
#ifndef PROTOCOL_COMMON_H
#define PROTOCOL_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Marks a declaration as part of the exported ABI.
 *
 * On Windows (a DLL) it is __declspec(dllexport) while the library itself
 * is built and __declspec(dllimport) in a program that includes the
 * headers; a program linking the static library there defines
 * PROTOCOL_STATIC before including them, and it expands to nothing.
 *
 * Elsewhere it expands to the default-visibility attribute while the
 * library is built (the library is compiled with hidden visibility, so only
 * these symbols are exported) and to nothing in a program.
 */
#if defined(_WIN32) || defined(__CYGWIN__)
#if defined(PROTOCOL_BUILDING_LIBRARY)
#define PROTOCOL_API __declspec(dllexport)
#elif defined(PROTOCOL_STATIC)
#define PROTOCOL_API
#else
#define PROTOCOL_API __declspec(dllimport)
#endif
#elif defined(PROTOCOL_BUILDING_LIBRARY) && defined(__GNUC__)
#define PROTOCOL_API __attribute__((visibility("default")))
#else
#define PROTOCOL_API
#endif

/**
 * Result of every fallible call. PROTOCOL_OK is zero; failures are negative.
 * The values are part of the ABI and never change meaning.
 */
typedef enum protocol_status {
    /** Success. */
    PROTOCOL_OK = 0,
    /** A NULL pointer, a count or kind out of its range, an option struct of
     *  an unknown struct_version, or a call at the wrong time (the allocator
     *  hook after the first allocation). */
    PROTOCOL_E_INVALID_ARGUMENT = -1,
    /** An allocation failed; nothing was leaked and nothing was changed. */
    PROTOCOL_E_NOMEM = -2,
    /** A date outside the calendar's supported range (1970-01-01..2199-12-31
     *  for the built-in calendars), or arithmetic that would leave it. */
    PROTOCOL_E_RANGE = -3,
    /** Date or time text that is malformed or impossible ("2026-02-30", "24:61"). */
    PROTOCOL_E_DATETIME = -4,
    /** Text that is not valid JSON (syntax, truncation, bad UTF-8, a raw NUL
     *  or other control byte); see also PROTOCOL_E_DUPLICATE_KEY and
     *  PROTOCOL_E_NUL_CHARACTER for valid JSON refused by policy. */
    PROTOCOL_E_JSON = -5,
    /** A pack that does not validate: unknown fact, wrong type, duplicate id,
     *  missing citation, malformed condition, reference cycle, ... */
    PROTOCOL_E_PACK = -6,
    /** A case that does not fit its pack: wrong type, value out of range,
     *  impossible date, or (strict mode) an unknown key. */
    PROTOCOL_E_CASE = -7,
    /** No built-in pack, calendar, division, fact, checklist item or finding
     *  with that name; `place` holds the name looked for. */
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
    /** A caller-supplied buffer is too small; the message says the size
     *  needed (protocol_calendar_holidays() also sets the count). */
    PROTOCOL_E_BUFFER_TOO_SMALL = -15,
    /** An object with the same key twice (also when spelt with different
     *  escapes). RFC 8259 says keys SHOULD be unique, so this is valid JSON
     *  that the library refuses by policy: a case with two values for one
     *  fact is ambiguous, and which one counts must never be a guess. */
    PROTOCOL_E_DUPLICATE_KEY = -16,
    /** A string holding the escape \u0000. Valid JSON, refused by policy:
     *  the library's strings are NUL-terminated, so the value would be cut
     *  at the NUL and read as a different one. */
    PROTOCOL_E_NUL_CHARACTER = -17
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
 * so calls on different threads never see each other's failures (give each
 * thread its own record). `place` and `message` are always NUL-terminated;
 * a text too long for its field is cut short.
 */
typedef struct protocol_error {
    /** The status the failing call returned. */
    protocol_status code;
    /** 1-based line in the input text; 0 when not known or not text input. */
    int line;
    /** 1-based column (in characters, not bytes); 0 when not known. */
    int column;
    /** Where: a JSON pointer, a dotted fact path, an argument name, the
     *  offending text, or "file: /pointer"; "" when there is no place. */
    char place[256];
    /** Why, in English, naming the cause ("'2026-02-30' is not a date that exists"). */
    char message[512];
} protocol_error;

/** The name of a status code as the header spells it ("PROTOCOL_E_RANGE"),
 *  in static storage; "PROTOCOL_E_UNKNOWN_STATUS" for a value that is not a
 *  protocol_status. Never NULL; never fails; thread-safe. */
PROTOCOL_API const char *protocol_status_name(protocol_status status);

/** The library's version at run time, "MAJOR.MINOR.PATCH", in static
 *  storage. Never NULL; thread-safe. Compare with PROTOCOL_VERSION_STRING
 *  (version.h) to see whether the headers match the loaded library. */
PROTOCOL_API const char *protocol_version(void);

/** The library's version at run time as PROTOCOL_VERSION_NUMBER encodes it
 *  (major * 10000 + minor * 100 + patch). Thread-safe. */
PROTOCOL_API int protocol_version_number(void);

/**
 * A calendar date in the proleptic Gregorian calendar. Months and days are
 * 1-based. Functions that take a date reject an impossible one
 * (PROTOCOL_E_DATETIME) and one outside their range (PROTOCOL_E_RANGE).
 * A plain value: copy it freely; it owns nothing.
 */
typedef struct protocol_date {
    int year;  /**< e.g. 2026 */
    int month; /**< 1..12 */
    int day;   /**< 1..31 */
} protocol_date;

/** 1 when the date exists in the Gregorian calendar (any year 1..9999), else 0.
 *  Never fails; thread-safe. */
PROTOCOL_API int protocol_date_is_valid(protocol_date date);

/**
 * Parse "YYYY-MM-DD" (exactly that, nothing around it) from the
 * NUL-terminated `text` into *out. `text` is only read, not kept; *out is
 * written only on success. Thread-safe.
 * Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL text or out;
 * PROTOCOL_E_DATETIME with the text as `place` when it is malformed or names
 * a date that does not exist ("2026-02-30").
 */
PROTOCOL_API protocol_status protocol_date_parse(const char *text, protocol_date *out,
                                                 protocol_error *err);

/**
 * Write "YYYY-MM-DD" and a NUL into the caller's `buf` of `size` bytes
 * (11 are needed). Thread-safe.
 * Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL buf; PROTOCOL_E_DATETIME for
 * a date that does not exist; PROTOCOL_E_BUFFER_TOO_SMALL when size < 11
 * (buf is then unchanged).
 */
PROTOCOL_API protocol_status protocol_date_format(protocol_date date, char *buf, size_t size,
                                                  protocol_error *err);

/**
 * Memory functions the library uses for every allocation it makes itself
 * (the allocator hook). Each must behave as the C function it replaces,
 * and all three must be safe to call from any thread the library is used on.
 */
typedef struct protocol_allocator {
    void *(*malloc_fn)(size_t size);             /**< as malloc() */
    void *(*realloc_fn)(void *ptr, size_t size); /**< as realloc() */
    void (*free_fn)(void *ptr);                  /**< as free() */
} protocol_allocator;

/**
 * Install the allocator hook for the whole process. `allocator` is copied;
 * the caller may free or reuse the struct afterwards.
 *
 * Call it once, from one thread, before any other libprotocol call that can
 * allocate (loading a pack, making a calendar, ...) and before other
 * threads use the library: it is not thread-safe. After the library's first
 * allocation the call fails with PROTOCOL_E_INVALID_ARGUMENT and changes
 * nothing, because memory already handed out must go back to the function
 * that allocated it. The built-in calendars are allocated on first use and
 * kept until the process ends, so a hook sees those bytes but never their
 * release.
 *
 * cJSON's allocator is a separate, process-wide setting of cJSON's own
 * (cJSON_InitHooks); this call installs the same malloc and free there, so
 * that one hook sees every byte the library causes to be allocated. A
 * program that also uses cJSON itself would have its own cJSON hooks
 * replaced: such a program calls protocol_set_allocator_ex() with
 * PROTOCOL_ALLOCATOR_KEEP_CJSON_HOOKS instead.
 *
 * Same as protocol_set_allocator_ex(allocator, 0, err).
 *
 * Errors: PROTOCOL_E_INVALID_ARGUMENT for NULL, a struct with a NULL member,
 * or a call after the first allocation.
 */
PROTOCOL_API protocol_status protocol_set_allocator(const protocol_allocator *allocator,
                                                    protocol_error *err);

/** Flag of protocol_set_allocator_ex(): leave cJSON's process-wide hooks as
 * they are (the host's own, or cJSON's default malloc and free). The
 * library's cJSON trees and texts are then allocated through those hooks,
 * and freed through cJSON, never through `allocator`. */
#define PROTOCOL_ALLOCATOR_KEEP_CJSON_HOOKS 1u

/**
 * protocol_set_allocator() with a choice: `flags` is 0 (install the hook in
 * cJSON too, as protocol_set_allocator does) or
 * PROTOCOL_ALLOCATOR_KEEP_CJSON_HOOKS (for a program that uses cJSON
 * itself and sets its own cJSON hooks: they stay in force, and the hook
 * sees every allocation of the library but cJSON's). Same rules: once,
 * before the library's first allocation, not thread-safe.
 *
 * Errors: as protocol_set_allocator(); PROTOCOL_E_INVALID_ARGUMENT also for
 * an unknown flag.
 */
PROTOCOL_API protocol_status protocol_set_allocator_ex(const protocol_allocator *allocator,
                                                       uint32_t flags, protocol_error *err);

/**
 * Free memory the library returned for the caller to own: the `char **`
 * outputs (result JSON, NDJSON output, test reports). NULL is a no-op.
 * Use it rather than free(): it goes through the allocator hook. Objects
 * with their own _free function (packs, cases, results, calendars) must be
 * freed with that function instead. Thread-safe.
 */
PROTOCOL_API void protocol_free(void *ptr);

#ifdef __cplusplus
}
#endif

#endif
