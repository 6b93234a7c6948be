/*
 * libprotocol: protocol packs, cases and results.
 *
 * A pack (docs/pack-format.md) is compiled once — validated completely — and
 * is then immutable: any number of threads may evaluate cases against one
 * pack at the same time, without locks. A case is evaluated either from JSON
 * text to JSON text (protocol_evaluate_json), or through the structured API
 * (protocol_case_* to set facts, protocol_evaluate, protocol_result_* to read
 * findings). The result JSON has the members and order of docs/result-json.md
 * and is byte-for-byte the same for the same input.
 *
 * Lifecycle: load → (evaluate)* → free. Every object returned through an
 * `**out` parameter is owned by the caller and freed with its _free function;
 * _free(NULL) is a no-op. Strings returned as `char **` are freed with
 * protocol_free(). `const char *` returned by accessors are owned by the
 * object they came from and live as long as it.
 */
#ifndef PROTOCOL_PACK_H
#define PROTOCOL_PACK_H

#include "deadline.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct protocol_pack protocol_pack;
typedef struct protocol_case protocol_case;
typedef struct protocol_result protocol_result;

/* --- limits and options ------------------------------------------------- */

/** Limits on untrusted input. 0 in a field means "the default". */
typedef struct protocol_limits {
    size_t max_input_bytes;   /**< default 1 MiB per case or pack text */
    size_t max_depth;         /**< JSON nesting depth, default 64 */
    size_t max_string_bytes;  /**< one JSON string, default 64 KiB */
    size_t max_facts;         /**< leaf values in one case, default 10000 */
    size_t max_line_bytes;    /**< one NDJSON line, default 1 MiB */
} protocol_limits;

/** Evaluation options. Initialise with PROTOCOL_EVAL_OPTIONS_INIT so that
 *  fields added in later versions keep their defaults. */
typedef struct protocol_eval_options {
    unsigned struct_version;
    /** Non-zero: a case key that is not a declared fact is an error
     *  (PROTOCOL_E_CASE) rather than a warning. */
    int strict;
    /** Evaluation time overriding the case's own "as_of" (datetime text);
     *  NULL for none. */
    const char *as_of;
    /** Evaluation time used when neither `as_of` nor the case gives one;
     *  NULL for none (then time-dependent statuses are "unknown"). */
    const char *default_as_of;
    /** Non-zero: indent the result JSON by two spaces; zero: one line. */
    int pretty;
    protocol_limits limits;
} protocol_eval_options;

#define PROTOCOL_EVAL_OPTIONS_VERSION 1u
#define PROTOCOL_EVAL_OPTIONS_INIT \
    { PROTOCOL_EVAL_OPTIONS_VERSION, 0, NULL, NULL, 0, { 0, 0, 0, 0, 0 } }

/* --- packs -------------------------------------------------------------- */

/** How many packs are built into the library. */
PROTOCOL_API size_t protocol_builtin_pack_count(void);

/** The id of built-in pack `index` (in id order), or NULL when out of range. */
PROTOCOL_API const char *protocol_builtin_pack_id(size_t index);

/** The id of the default pack ("durham-2010"). */
PROTOCOL_API const char *protocol_default_pack_id(void);

/**
 * The JSON source text of a built-in pack (static storage, NUL-terminated),
 * with its length in *length when length is not NULL.
 * Errors: PROTOCOL_E_NOT_FOUND naming the id.
 */
PROTOCOL_API protocol_status protocol_builtin_pack_source(const char *id, const char **text,
                                                          size_t *length, protocol_error *err);

/** Compile a built-in pack; NULL id means the default pack. */
PROTOCOL_API protocol_status protocol_pack_load_builtin(const char *id, protocol_pack **out,
                                                        protocol_error *err);

/**
 * Compile a pack from JSON text (need not be NUL-terminated). `limits` may be
 * NULL for the defaults. Errors: PROTOCOL_E_JSON, PROTOCOL_E_PACK (and the
 * limit errors) with the JSON pointer of the offending member in `place` and
 * its line and column.
 */
PROTOCOL_API protocol_status protocol_pack_load_string(const char *text, size_t length,
                                                       const protocol_limits *limits,
                                                       protocol_pack **out, protocol_error *err);

/** As protocol_pack_load_string() for the file at `path`; an error's place
 *  is "path: /json/pointer". */
PROTOCOL_API protocol_status protocol_pack_load_file(const char *path,
                                                     const protocol_limits *limits,
                                                     protocol_pack **out, protocol_error *err);

/** Free a pack. NULL is a no-op. No case or result made from it may be used afterwards. */
PROTOCOL_API void protocol_pack_free(protocol_pack *pack);

/** The pack's id, version and title. Owned by the pack. */
PROTOCOL_API const char *protocol_pack_id(const protocol_pack *pack);
PROTOCOL_API const char *protocol_pack_version(const protocol_pack *pack);
PROTOCOL_API const char *protocol_pack_title(const protocol_pack *pack);

/**
 * Run the test cases the pack carries. *failures is the number of failing
 * tests, *total the number run; *report (free with protocol_free) holds one
 * line per difference, "tests/N \"name\": /path: expected X, got Y", and a
 * last line "N passed, M failed". Errors only for invalid arguments and
 * out-of-memory: a failing test is a result, not an error.
 */
PROTOCOL_API protocol_status protocol_pack_run_tests(const protocol_pack *pack, size_t *total,
                                                     size_t *failures, char **report,
                                                     protocol_error *err);

/* --- JSON in, JSON out ---------------------------------------------------- */

/**
 * Evaluate one case given as JSON text; on success *result_json (free with
 * protocol_free) holds the result JSON and *result_length its length
 * (result_length may be NULL). `options` may be NULL for the defaults.
 * Errors: PROTOCOL_E_JSON (line and column), PROTOCOL_E_CASE (the fact path
 * in `place`), PROTOCOL_E_DATETIME, the limit errors, PROTOCOL_E_NOMEM.
 */
PROTOCOL_API protocol_status protocol_evaluate_json(const protocol_pack *pack, const char *case_json,
                                                    size_t length,
                                                    const protocol_eval_options *options,
                                                    char **result_json, size_t *result_length,
                                                    protocol_error *err);

/**
 * Evaluate a batch: NDJSON text, one case per line (blank lines skipped).
 * *output holds one compact result per non-blank input line, in order, each
 * ending in "\n". A line that fails gives, in its place,
 * {"line":N,"error":{"code":"PROTOCOL_E_...","message":...,"place":...}}
 * and the batch goes on; *failed_lines counts them (may be NULL).
 * The call itself fails only for invalid arguments and out-of-memory.
 */
PROTOCOL_API protocol_status protocol_evaluate_ndjson(const protocol_pack *pack, const char *input,
                                                      size_t length,
                                                      const protocol_eval_options *options,
                                                      char **output, size_t *output_length,
                                                      size_t *failed_lines, protocol_error *err);

/* --- structured cases ----------------------------------------------------- */

/** A new, empty case for `pack` (every fact unknown). */
PROTOCOL_API protocol_status protocol_case_new(const protocol_pack *pack, protocol_case **out,
                                               protocol_error *err);

/** Free a case. NULL is a no-op. */
PROTOCOL_API void protocol_case_free(protocol_case *c);

/** Make every fact unknown again and drop checklist answers and as-of. */
PROTOCOL_API void protocol_case_reset(protocol_case *c);

/**
 * Set a fact by its dotted path. The type must match the declaration:
 * _bool for bool facts, _integer for integer facts (within min/max),
 * _string for enum facts (one of the values) and string facts, _time for
 * datetime facts (text as protocol_time_parse takes).
 * Errors: PROTOCOL_E_NOT_FOUND for an undeclared path; PROTOCOL_E_CASE for
 * a wrong type or value; PROTOCOL_E_DATETIME for bad time text.
 */
PROTOCOL_API protocol_status protocol_case_set_bool(protocol_case *c, const char *path, int value,
                                                    protocol_error *err);
PROTOCOL_API protocol_status protocol_case_set_integer(protocol_case *c, const char *path,
                                                       long long value, protocol_error *err);
PROTOCOL_API protocol_status protocol_case_set_string(protocol_case *c, const char *path,
                                                      const char *value, protocol_error *err);
PROTOCOL_API protocol_status protocol_case_set_time(protocol_case *c, const char *path,
                                                    const char *text, protocol_error *err);
/** Make one fact unknown again. */
PROTOCOL_API protocol_status protocol_case_unset(protocol_case *c, const char *path,
                                                 protocol_error *err);
/** Answer a checklist item: "met", "partly", "not_met" or "not_applicable". */
PROTOCOL_API protocol_status protocol_case_set_answer(protocol_case *c, const char *checklist_id,
                                                      const char *item_id, const char *answer,
                                                      protocol_error *err);
/** The case's own as-of time (as the "as_of" key in case JSON); NULL clears it. */
PROTOCOL_API protocol_status protocol_case_set_as_of(protocol_case *c, const char *text,
                                                     protocol_error *err);

/**
 * Evaluate a structured case. `c` must have been made for `pack`.
 * On success *out owns a new result (free with protocol_result_free).
 */
PROTOCOL_API protocol_status protocol_evaluate(const protocol_pack *pack, const protocol_case *c,
                                               const protocol_eval_options *options,
                                               protocol_result **out, protocol_error *err);

/* --- results ------------------------------------------------------------ */

/** Free a result. NULL is a no-op. */
PROTOCOL_API void protocol_result_free(protocol_result *result);

/** The result as JSON (docs/result-json.md); free *json with protocol_free. */
PROTOCOL_API protocol_status protocol_result_to_json(const protocol_result *result, int pretty,
                                                     char **json, size_t *length,
                                                     protocol_error *err);

/** What a finding is. */
typedef enum protocol_finding_kind {
    PROTOCOL_FINDING_DECISION = 0,
    PROTOCOL_FINDING_RULE = 1,
    PROTOCOL_FINDING_DUTY = 2,
    PROTOCOL_FINDING_DEADLINE = 3,
    PROTOCOL_FINDING_CHECKLIST = 4
} protocol_finding_kind;

/**
 * One finding, as the result JSON has it. `status` is a decision's outcome,
 * a rule's status, a duty's urgency, a deadline's status, or a checklist's
 * rag. Strings are owned by the result (or its pack).
 */
typedef struct protocol_finding {
    protocol_finding_kind kind;
    const char *id;
    const char *title;
    const char *status;
    const char *citation_document;
    const char *citation_paragraph;
    /** The number of reasons; read each with protocol_result_reason(). */
    size_t reason_count;
    /** The number of missing facts; read each with protocol_result_missing_fact(). */
    size_t missing_fact_count;
    /** Deadlines and duties: 1 when `due` is set. */
    int has_due;
    protocol_date due;
    /** Deadlines: 1 when working_days_remaining is set. */
    int has_remaining;
    long working_days_remaining;
    /** Checklists: the overall score in tenths of a percent (875 = 87.5%), -1 when none. */
    int score_tenths;
} protocol_finding;

/** How many findings of a kind the result holds (duties: triggered ones). */
PROTOCOL_API size_t protocol_result_count(const protocol_result *result, protocol_finding_kind kind);

/** Finding `index` of a kind, in result order. PROTOCOL_E_RANGE when out of range. */
PROTOCOL_API protocol_status protocol_result_get(const protocol_result *result,
                                                 protocol_finding_kind kind, size_t index,
                                                 protocol_finding *out, protocol_error *err);

/** The finding of a kind with an id; PROTOCOL_E_NOT_FOUND when there is none
 *  (for duties: when the duty was not triggered). */
PROTOCOL_API protocol_status protocol_result_find(const protocol_result *result,
                                                  protocol_finding_kind kind, const char *id,
                                                  protocol_finding *out, protocol_error *err);

/** Reason `index` of a finding (owned by the result), or NULL when out of range. */
PROTOCOL_API const char *protocol_result_reason(const protocol_result *result,
                                                protocol_finding_kind kind, size_t finding,
                                                size_t index);

/** Missing fact `index` of a finding (a dotted path), or NULL when out of range. */
PROTOCOL_API const char *protocol_result_missing_fact(const protocol_result *result,
                                                      protocol_finding_kind kind,
                                                      size_t finding, size_t index);

/** The number of warnings, and warning `index`'s path and message (owned by the result). */
PROTOCOL_API size_t protocol_result_warning_count(const protocol_result *result);
PROTOCOL_API protocol_status protocol_result_warning(const protocol_result *result, size_t index,
                                                     const char **path, const char **message,
                                                     protocol_error *err);

/** The summary counts of the result JSON. */
typedef struct protocol_summary {
    size_t rules_met;
    size_t rules_not_met;
    size_t rules_unknown;
    size_t duties;
    size_t deadlines_overdue;
} protocol_summary;

PROTOCOL_API protocol_status protocol_result_summary(const protocol_result *result,
                                                     protocol_summary *out, protocol_error *err);

#ifdef __cplusplus
}
#endif

#endif
