/*
 * libprotocol: protocol packs, cases and results.
 *
 * A pack (docs/pack-format.md) is compiled once — validated completely — and
 * is then immutable: any number of threads may evaluate cases against one
 * pack at the same time, without locks. A case is evaluated either from JSON
 * text to JSON text (protocol_evaluate_json), or through the structured API
 * (protocol_case_* to set facts, protocol_evaluate, protocol_result_* to read
 * findings). The result JSON has the members and order of docs/result-json.md
 * and is byte-for-byte the same for the same input. (The documents named
 * docs/NAME.md here are installed as share/doc/libprotocol/NAME.md.)
 *
 * Lifecycle: load → (evaluate)* → free. Every object returned through an
 * `**out` parameter is owned by the caller and freed with its _free function;
 * _free(NULL) is a no-op. Strings returned as `char **` are freed with
 * protocol_free(). `const char *` returned by accessors are owned by the
 * object they came from and live as long as it. Strings and buffers the
 * caller passes in are only read during the call; whatever the library
 * keeps, it copies.
 *
 * A case and a result refer to the pack they were made from: free them
 * before the pack. A result does not refer to the case it came from; the
 * case may be changed, reset or freed while the result is still read.
 *
 * Threads: a pack and a result are immutable and may be read by any number
 * of threads at once. A case is changed by its protocol_case_set_* calls:
 * one thread at a time may change it, and no other thread may use it
 * meanwhile (evaluating the same unchanged case from several threads is
 * safe). Give each thread its own protocol_error. Nothing here uses global
 * state beyond the allocator hook and the built-in calendars, which are
 * built once and shared.
 *
 * Read an output only after PROTOCOL_OK. (The functions that allocate an
 * object or string set their `**out` to NULL once their arguments are
 * checked, except protocol_result_to_json, which leaves *json untouched on
 * failure; initialise output pointers to NULL to free them safely.)
 */
#ifndef PROTOCOL_PACK_H
#define PROTOCOL_PACK_H

#include "deadline.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An opaque, compiled, immutable pack (protocol_pack_load_*,
 *  protocol_pack_free). */
typedef struct protocol_pack protocol_pack;
/** An opaque set of facts for one pack, built fact by fact
 *  (protocol_case_new, protocol_case_free). */
typedef struct protocol_case protocol_case;
/** The opaque, immutable findings of one evaluation (protocol_evaluate,
 *  protocol_result_free). */
typedef struct protocol_result protocol_result;

/* --- limits and options ------------------------------------------------- */

/** How much of a result its JSON carries (docs/result-json.md). */
typedef enum protocol_detail {
    /** Every finding with its title, reasons and citation: for people and audits. */
    PROTOCOL_DETAIL_FULL = 0,
    /** Ids, statuses, due dates and counts only (titles, reasons and
     *  citations are the pack's): for systems that check whole archives. */
    PROTOCOL_DETAIL_SUMMARY = 1
} protocol_detail;

/**
 * Limits on untrusted input, each with its own error code. 0 in a field
 * means "the default", so a zeroed struct gives every default. For a pack
 * (protocol_pack_load_string/_file) they bound the pack text; in
 * protocol_eval_options they bound each case (and each NDJSON line).
 */
typedef struct protocol_limits {
    /** Bytes of one case or pack text, default 1 MiB (PROTOCOL_E_LIMIT_INPUT_SIZE). */
    size_t max_input_bytes;
    /** JSON nesting depth, default 64 (PROTOCOL_E_LIMIT_DEPTH). */
    size_t max_depth;
    /** Bytes of one JSON string, default 64 KiB (PROTOCOL_E_LIMIT_STRING). */
    size_t max_string_bytes;
    /** Leaf values in one case, default 10000 (PROTOCOL_E_LIMIT_FACTS). */
    size_t max_facts;
    /** Bytes of one NDJSON line, default 1 MiB (PROTOCOL_E_LIMIT_LINE). */
    size_t max_line_bytes;
} protocol_limits;

/** Evaluation options, owned by the caller and only read during a call.
 *  Initialise with PROTOCOL_EVAL_OPTIONS_INIT so that fields added in later
 *  versions keep their defaults; passing NULL instead gives the defaults.
 *  The evaluation time is the first of: `as_of`, the case's own as_of,
 *  `default_as_of`. */
typedef struct protocol_eval_options {
    /** PROTOCOL_EVAL_OPTIONS_VERSION; set by the _INIT macro. Any other value
     *  is refused with PROTOCOL_E_INVALID_ARGUMENT. */
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
    /** Non-zero: indent the result JSON by two spaces; zero: one line.
     *  Ignored by protocol_evaluate_ndjson (one result per line). */
    int pretty;
    /** Limits on the case JSON (all 0: the defaults). Not used by
     *  protocol_evaluate (a structured case is not JSON). */
    protocol_limits limits;
    /** Since struct_version 2: the detail of the result JSON that
     *  protocol_evaluate_json and the batch functions write (a
     *  protocol_detail; default PROTOCOL_DETAIL_FULL). Version 1 structs,
     *  which end before it, are still taken, as full detail. */
    int32_t detail;
} protocol_eval_options;

/** The struct_version of protocol_eval_options these headers describe. */
#define PROTOCOL_EVAL_OPTIONS_VERSION 2u
/** Initialiser for protocol_eval_options: lenient, no as-of, compact JSON,
 *  default limits, full detail. */
#define PROTOCOL_EVAL_OPTIONS_INIT \
    { PROTOCOL_EVAL_OPTIONS_VERSION, 0, NULL, NULL, 0, { 0, 0, 0, 0, 0 }, PROTOCOL_DETAIL_FULL }

/** Set *options to PROTOCOL_EVAL_OPTIONS_INIT, for bindings, which cannot
 *  use the macro and need not hard-code a struct_version. NULL is a no-op. */
PROTOCOL_API void protocol_eval_options_init(protocol_eval_options *options);

/* --- packs -------------------------------------------------------------- */

/** How many packs are built into the library. Never fails; thread-safe. */
PROTOCOL_API size_t protocol_builtin_pack_count(void);

/** The id of built-in pack `index` (in id order), or NULL when out of range.
 *  Static storage: do not free. Thread-safe. */
PROTOCOL_API const char *protocol_builtin_pack_id(size_t index);

/** The id of the default pack ("durham-2010"), in static storage. Thread-safe. */
PROTOCOL_API const char *protocol_default_pack_id(void);

/**
 * The JSON source text of a built-in pack (static storage, NUL-terminated),
 * with its length in *length when length is not NULL. Do not free the text.
 * Thread-safe. Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL id or text;
 * PROTOCOL_E_NOT_FOUND naming the id.
 */
PROTOCOL_API protocol_status protocol_builtin_pack_source(const char *id, const char **text,
                                                          size_t *length, protocol_error *err);

/**
 * Compile a built-in pack; NULL id means the default pack. Each call
 * compiles a new pack, which *out owns: free it with protocol_pack_free().
 * Compile once at start-up and share the pack rather than load it per case.
 * Thread-safe. Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL out;
 * PROTOCOL_E_NOT_FOUND naming an unknown id; PROTOCOL_E_NOMEM.
 */
PROTOCOL_API protocol_status protocol_pack_load_builtin(const char *id, protocol_pack **out,
                                                        protocol_error *err);

/**
 * Compile a pack from JSON text (need not be NUL-terminated), validating
 * all of it (docs/pack-format.md). `limits` may be NULL for the defaults.
 * The text is only read; the pack keeps its own copy of what it needs. On
 * success *out owns the new pack: free it with protocol_pack_free().
 * Thread-safe.
 * Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL text or out;
 * PROTOCOL_E_JSON, PROTOCOL_E_PACK and the PROTOCOL_E_LIMIT_* errors with
 * the JSON pointer of the offending member in `place` and its line and
 * column; PROTOCOL_E_NOMEM.
 */
PROTOCOL_API protocol_status protocol_pack_load_string(const char *text, size_t length,
                                                       const protocol_limits *limits,
                                                       protocol_pack **out, protocol_error *err);

/** As protocol_pack_load_string() for the file at `path`; an error's place
 *  is "path: /json/pointer". Also PROTOCOL_E_IO naming the path when the
 *  file cannot be read, and PROTOCOL_E_LIMIT_INPUT_SIZE when it is larger
 *  than limits->max_input_bytes. */
PROTOCOL_API protocol_status protocol_pack_load_file(const char *path,
                                                     const protocol_limits *limits,
                                                     protocol_pack **out, protocol_error *err);

/** Free a pack. NULL is a no-op. Free every case and result made from it
 *  first: none may be used afterwards. No other thread may be using the
 *  pack when it is freed. */
PROTOCOL_API void protocol_pack_free(protocol_pack *pack);

/** The pack's id, version and title. Owned by the pack; NULL for a NULL
 *  pack. Thread-safe. */
PROTOCOL_API const char *protocol_pack_id(const protocol_pack *pack);
PROTOCOL_API const char *protocol_pack_version(const protocol_pack *pack);
PROTOCOL_API const char *protocol_pack_title(const protocol_pack *pack);

/* --- versions over time (effective dates) ------------------------------- */

/**
 * A pack's family: its id without a trailing "-" and digits
 * ("england-info-sharing-2024" is of family "england-info-sharing"; an id
 * without such a suffix is its own family). Owned by the pack; NULL for a
 * NULL pack. Thread-safe.
 */
PROTOCOL_API const char *protocol_pack_family(const protocol_pack *pack);

/** The pack's "effective_from" and "effective_to" ("YYYY-MM-DD", both
 *  days included) and "supersedes" (the id of the version it replaces),
 *  each NULL when the pack does not give it (or for a NULL pack). Owned by
 *  the pack. A pack without effective_from is in force on every date.
 *  Thread-safe. */
PROTOCOL_API const char *protocol_pack_effective_from(const protocol_pack *pack);
PROTOCOL_API const char *protocol_pack_effective_to(const protocol_pack *pack);
PROTOCOL_API const char *protocol_pack_supersedes(const protocol_pack *pack);

/**
 * Choose, among `count` packs given together, the one `name` means at the
 * time `as_of` (datetime text; its UK local date counts). `name` is a pack
 * id (that pack, whatever the date) or a family (protocol_pack_family): then
 * the one version of the family in force on that date — from its
 * effective_from to its effective_to, both included, and not replaced by a
 * pack of the set that "supersedes" it and whose effective_from has come.
 * `as_of` may be NULL only for an id, or a family of one undated pack.
 * *index is the chosen pack's index in `packs`. The packs are only read.
 * Thread-safe.
 * Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL argument (packs may be NULL
 * when count is 0) or a NULL as_of where a date is needed;
 * PROTOCOL_E_DATETIME for bad as_of text; PROTOCOL_E_PACK when the packs do
 * not fit together (two with one id; a "supersedes" naming a pack not in
 * the set, or one that takes effect no earlier than its successor; two
 * versions of the family in force on the date); PROTOCOL_E_NOT_FOUND with
 * the name in `place` when no pack or family has that name, or no version
 * was in force on the date (the message lists the versions and their dates).
 */
PROTOCOL_API protocol_status protocol_pack_select(const protocol_pack *const *packs, size_t count,
                                                  const char *name, const char *as_of,
                                                  size_t *index, protocol_error *err);

/**
 * protocol_pack_select() over every built-in pack: *id is the built-in id
 * (static storage) that `name` — an id or a family — means at `as_of`.
 * Compiles the built-in packs to read their dates, so call it once per
 * distinct case date rather than per case when speed matters. Thread-safe.
 * Errors: as protocol_pack_select(); PROTOCOL_E_NOMEM.
 */
PROTOCOL_API protocol_status protocol_builtin_pack_select(const char *name, const char *as_of,
                                                          const char **id, protocol_error *err);

/**
 * The built-in packs in force at `as_of` (datetime text), as indices for
 * protocol_builtin_pack_id(), in id order, into the caller's `ids` of
 * `capacity` entries; *count is how many there are. Undated packs are
 * always in force. Thread-safe.
 * Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL as_of or count, or NULL
 * ids with a capacity; PROTOCOL_E_DATETIME for bad as_of text;
 * PROTOCOL_E_BUFFER_TOO_SMALL when more than `capacity` are in force
 * (*count is then set, the first `capacity` written); PROTOCOL_E_NOMEM.
 */
PROTOCOL_API protocol_status protocol_builtin_pack_in_force(const char *as_of, size_t *ids,
                                                            size_t capacity, size_t *count,
                                                            protocol_error *err);

/**
 * The evaluation time protocol_evaluate_json() would use for this case:
 * options->as_of, else the case's own "as_of", else options->default_as_of
 * (`options` may be NULL). On success *as_of (free with protocol_free) holds
 * it as protocol_time_format() writes it, or NULL when there is none. Read
 * it to choose a pack version (protocol_pack_select) before evaluating.
 * The case is only read; its facts are not checked. Thread-safe.
 * Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL case_json or as_of, or a
 * wrong options->struct_version; PROTOCOL_E_JSON and the limit errors for
 * the case text; PROTOCOL_E_CASE when "as_of" is not a string;
 * PROTOCOL_E_DATETIME for bad time text; PROTOCOL_E_NOMEM.
 */
PROTOCOL_API protocol_status protocol_case_json_as_of(const char *case_json, size_t length,
                                                      const protocol_eval_options *options,
                                                      char **as_of, protocol_error *err);

/* --- what changed between two packs (protocol diff) --------------------- */

/** The changes between two packs (protocol_pack_diff, protocol_diff_free):
 *  an immutable list the caller owns, independent of the packs once made. */
typedef struct protocol_diff protocol_diff;

/** What happened to a construct between the two packs. */
typedef enum protocol_change_kind {
    PROTOCOL_CHANGE_ADDED = 0,   /**< only in the second pack */
    PROTOCOL_CHANGE_REMOVED = 1, /**< only in the first pack */
    PROTOCOL_CHANGE_CHANGED = 2  /**< in both, one member different */
} protocol_change_kind;

/**
 * One change, copied out by protocol_diff_get(). The strings are owned by
 * the diff and live until protocol_diff_free(). Initialise with
 * PROTOCOL_CHANGE_INIT (or protocol_change_init()) before the call.
 */
typedef struct protocol_change {
    /** PROTOCOL_CHANGE_VERSION; set by the _INIT macro or _init function. */
    uint32_t struct_version;
    /** A protocol_change_kind. */
    int32_t change;
    /** "pack", "fact", "decision", "ground", "decision_condition", "rule",
     *  "duty", "deadline", "checklist" or "checklist_item". */
    const char *construct;
    /** The construct's id (a fact's path; "decision/ground",
     *  "decision/condition" and "checklist/item" for the parts of one; the
     *  second pack's family for "pack"). */
    const char *id;
    /** For a change: the member that differs ("when", "met", "applies",
     *  "cases", "citation", "title", "reason", "text", "urgency",
     *  "working_days", "variant unit", "variant amount", "variant every", ...);
     *  NULL when added or removed. */
    const char *member;
    /** For a change, what kind of difference it is: "condition", "unit",
     *  "duration", "citation", "wording" or "other"; NULL otherwise. */
    const char *aspect;
    /** The member as the first pack has it (a removed construct: its title
     *  and citation); NULL for an added one. Conditions are written as the
     *  library evaluates them, with definitions expanded ("all(a.b, not(c))"). */
    const char *before;
    /** The same for the second pack; NULL for a removed construct. */
    const char *after;
} protocol_change;

/** The struct_version of protocol_change these headers describe. */
#define PROTOCOL_CHANGE_VERSION 1u
/** Initialiser for protocol_change. */
#define PROTOCOL_CHANGE_INIT { PROTOCOL_CHANGE_VERSION, 0, NULL, NULL, NULL, NULL, NULL, NULL }
/** Set *change to PROTOCOL_CHANGE_INIT (NULL is a no-op). Never fails. */
PROTOCOL_API void protocol_change_init(protocol_change *change);

/**
 * What changed from pack `from` to pack `to`: the pack's own members (id,
 * version, title, source, calendar, effective dates, supersedes), then
 * facts (type, description), decisions (title, citation, cases, reasons)
 * with their grounds and conditions, rules (title, group, citation,
 * applies, met, reasons, explain), duties (title, citation, when, urgency,
 * working days, from), deadlines (title, citation, start, done, calendar,
 * applies and each variant's condition, rule, working days and citation)
 * and checklists with their items (text, citation, answers) — each
 * construct matched by id, in pack order: removed and changed ones in the
 * first pack's order, then added ones in the second's. Read from the
 * compiled packs (conditions compared as evaluated, definitions expanded),
 * which are only read. On success *out owns the diff: free it with
 * protocol_diff_free(). Thread-safe.
 * Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL argument; PROTOCOL_E_NOMEM.
 */
PROTOCOL_API protocol_status protocol_pack_diff(const protocol_pack *from, const protocol_pack *to,
                                                protocol_diff **out, protocol_error *err);

/** Free a diff. NULL is a no-op. */
PROTOCOL_API void protocol_diff_free(protocol_diff *diff);

/** The number of changes (0 for NULL, and for two packs alike). Thread-safe. */
PROTOCOL_API size_t protocol_diff_count(const protocol_diff *diff);

/** Change `index` copied into *out. Errors: PROTOCOL_E_INVALID_ARGUMENT for
 *  a NULL argument or an out->struct_version this library does not know;
 *  PROTOCOL_E_RANGE for an index >= the count. Thread-safe. */
PROTOCOL_API protocol_status protocol_diff_get(const protocol_diff *diff, size_t index,
                                               protocol_change *out, protocol_error *err);

/**
 * The diff as JSON: {"from": {"id", "version"}, "to": {...}, "changes":
 * [{"change", "construct", "id", "member", "aspect", "before", "after"}],
 * "summary": {"added", "removed", "changed"}} (docs/result-json.md, "Pack
 * diff"); pretty non-zero indents it. Free *json with protocol_free;
 * *length (may be NULL) is its length. Errors: PROTOCOL_E_INVALID_ARGUMENT
 * for a NULL diff or json; PROTOCOL_E_NOMEM. Thread-safe.
 */
PROTOCOL_API protocol_status protocol_diff_to_json(const protocol_diff *diff, int pretty,
                                                   char **json, size_t *length,
                                                   protocol_error *err);

/**
 * The diff as text for a reader: a first line "FROM VERSION -> TO VERSION",
 * a line per change ("+ rule X: title (citation)", "- ...", and for a
 * change "~ construct id: member (aspect)" then "    - before" and
 * "    + after"), and a last line "N added, M removed, K changed". Free
 * *text with protocol_free; *length may be NULL. Errors as
 * protocol_diff_to_json(). Thread-safe.
 */
PROTOCOL_API protocol_status protocol_diff_to_text(const protocol_diff *diff, char **text,
                                                   size_t *length, protocol_error *err);

/**
 * Run the test cases the pack carries. *failures is the number of failing
 * tests, *total the number run; *report (free with protocol_free) holds one
 * line per difference, "tests/N \"name\": /path: expected X, got Y", and a
 * last line "N passed, M failed". A test whose case does not evaluate
 * counts as failed, with a line naming the error. Thread-safe.
 * Errors only for invalid arguments (a NULL argument) and out-of-memory: a
 * failing test is a result, not an error.
 */
PROTOCOL_API protocol_status protocol_pack_run_tests(const protocol_pack *pack, size_t *total,
                                                     size_t *failures, char **report,
                                                     protocol_error *err);

/* --- JSON in, JSON out ---------------------------------------------------- */

/**
 * Evaluate one case given as JSON text; on success *result_json (free with
 * protocol_free) holds the result JSON and *result_length its length
 * (result_length may be NULL). `case_json` need not be NUL-terminated.
 * `options` may be NULL for the defaults. Thread-safe: any number of
 * threads may evaluate against one pack at once.
 * Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL pack, case_json or
 * result_json, or a wrong options->struct_version; PROTOCOL_E_JSON (line and
 * column); PROTOCOL_E_CASE (the fact path in `place`, with line and column)
 * for a value of the wrong type or out of range, a case that is not an
 * object, or, in strict mode, a key that is not a fact; PROTOCOL_E_DATETIME
 * for an impossible date or bad as-of text; the PROTOCOL_E_LIMIT_* errors;
 * PROTOCOL_E_NOMEM. A date the calendar does not cover is not an error:
 * the deadline's status is "unknown" and a warning says why.
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
 * and the batch goes on; *failed_lines counts them (may be NULL). N is the
 * 1-based line number in the input, blank lines counted. *output (free
 * with protocol_free) is "" for input with no cases; *output_length (may
 * be NULL) is its length. options->pretty is ignored; options->limits
 * apply to each line. Thread-safe.
 * The call itself fails only for invalid arguments (a NULL pack, input or
 * output, a wrong struct_version) and out-of-memory.
 */
PROTOCOL_API protocol_status protocol_evaluate_ndjson(const protocol_pack *pack, const char *input,
                                                      size_t length,
                                                      const protocol_eval_options *options,
                                                      char **output, size_t *output_length,
                                                      size_t *failed_lines, protocol_error *err);

/**
 * Evaluate one case given as JSON text into a structured result, which
 * *out owns (free with protocol_result_free(), before the pack): read it
 * with the protocol_result_* accessors and render it with
 * protocol_result_render_json(). Arguments, options and errors as
 * protocol_evaluate_json() (options->pretty and options->detail do not
 * apply: no JSON is written). Thread-safe.
 */
PROTOCOL_API protocol_status protocol_evaluate_json_result(const protocol_pack *pack,
                                                           const char *case_json, size_t length,
                                                           const protocol_eval_options *options,
                                                           protocol_result **out,
                                                           protocol_error *err);

/**
 * One record of a batch, handed to a protocol_batch_callback as soon as
 * its line has been evaluated. Everything it points to belongs to the
 * library and is valid only during the callback.
 */
typedef struct protocol_batch_record {
    /** PROTOCOL_BATCH_RECORD_VERSION. */
    uint32_t struct_version;
    /** The 1-based line number in the input, blank lines counted. */
    int64_t line;
    /** PROTOCOL_OK: the line was evaluated (`result` is set); else the
     *  line's error code (`error` is set). */
    protocol_status status;
    /** The structured result (read it with protocol_result_*), or NULL. */
    const protocol_result *result;
    /** What was wrong with the line (code, message, place, line and column
     *  within the line), or NULL. */
    const protocol_error *error;
    /** The record as one NDJSON line, ending in "\n": the result JSON at
     *  options->detail, or {"line":N,"error":{"code":...,"message":...,
     *  "place":...,"column":C}} for a line that failed (docs/result-json.md). */
    const char *json;
    /** Bytes of `json`, its "\n" included. */
    size_t json_length;
} protocol_batch_record;

/** The struct_version of protocol_batch_record these headers describe. */
#define PROTOCOL_BATCH_RECORD_VERSION 1u

/** Called once per non-blank line of a batch, in input order, with the
 *  caller's `user`. Return 0 to go on, anything else to stop the batch. */
typedef int (*protocol_batch_callback)(const protocol_batch_record *record, void *user);

/**
 * Evaluate a batch (NDJSON text, one case a line, as
 * protocol_evaluate_ndjson) and hand each line's record to `callback` with
 * `user` as soon as it is produced: nothing is gathered, so memory stays
 * flat however long the batch. A line that fails is a record too, and the
 * batch goes on; *failed_lines (may be NULL) counts them. When the
 * callback returns non-zero the batch stops there, and the call returns
 * PROTOCOL_OK with *failed_lines counting the lines so far.
 * Errors (the call itself): PROTOCOL_E_INVALID_ARGUMENT for a NULL pack,
 * input or callback or a wrong struct_version; PROTOCOL_E_NOMEM.
 * Thread-safe.
 */
PROTOCOL_API protocol_status protocol_evaluate_ndjson_each(const protocol_pack *pack,
                                                           const char *input, size_t length,
                                                           const protocol_eval_options *options,
                                                           protocol_batch_callback callback,
                                                           void *user, size_t *failed_lines,
                                                           protocol_error *err);

/* --- structured cases ----------------------------------------------------- */

/**
 * A new, empty case for `pack` (every fact unknown, no answers, no as-of).
 * On success *out owns it: free it with protocol_case_free(), before the
 * pack. The case refers to the pack, which must outlive it. Reuse a case
 * across evaluations with protocol_case_reset().
 * Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL pack or out; PROTOCOL_E_NOMEM.
 */
PROTOCOL_API protocol_status protocol_case_new(const protocol_pack *pack, protocol_case **out,
                                               protocol_error *err);

/** Free a case. NULL is a no-op. */
PROTOCOL_API void protocol_case_free(protocol_case *c);

/** Make every fact unknown again and drop checklist answers and as-of.
 *  NULL is a no-op. Never fails. */
PROTOCOL_API void protocol_case_reset(protocol_case *c);

/**
 * Set a fact by its dotted path. The type must match the declaration:
 * _bool for bool facts, _integer for integer facts (within min/max),
 * _string for enum facts (one of the values) and string facts, _time for
 * datetime facts (text as protocol_time_parse takes). _bool takes any
 * non-zero value as true. `path`, `value` and `text` are only read (a
 * string value is copied). On failure the fact keeps its previous value.
 * Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL case, path, value or text;
 * PROTOCOL_E_NOT_FOUND for an undeclared path; PROTOCOL_E_CASE for a wrong
 * type, an integer outside the fact's min/max or a value the enum does not
 * list; PROTOCOL_E_DATETIME for bad time text; PROTOCOL_E_NOMEM (a string
 * fact's copy).
 */
PROTOCOL_API protocol_status protocol_case_set_bool(protocol_case *c, const char *path, int value,
                                                    protocol_error *err);
PROTOCOL_API protocol_status protocol_case_set_integer(protocol_case *c, const char *path,
                                                       long long value, protocol_error *err);
PROTOCOL_API protocol_status protocol_case_set_string(protocol_case *c, const char *path,
                                                      const char *value, protocol_error *err);
PROTOCOL_API protocol_status protocol_case_set_time(protocol_case *c, const char *path,
                                                    const char *text, protocol_error *err);
/** Make one fact (of any type) unknown again. Errors: PROTOCOL_E_INVALID_ARGUMENT
 *  for a NULL case or path; PROTOCOL_E_NOT_FOUND for an undeclared path. */
PROTOCOL_API protocol_status protocol_case_unset(protocol_case *c, const char *path,
                                                 protocol_error *err);
/** Answer a checklist item: "met", "partly", "not_met" or "not_applicable"
 *  (as the "answers" key in case JSON; an explicit answer wins over one the
 *  pack derives from facts). protocol_case_reset() clears every answer.
 *  Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL argument;
 *  PROTOCOL_E_NOT_FOUND for an unknown checklist or item; PROTOCOL_E_CASE
 *  for any other answer text. */
PROTOCOL_API protocol_status protocol_case_set_answer(protocol_case *c, const char *checklist_id,
                                                      const char *item_id, const char *answer,
                                                      protocol_error *err);
/** The case's own as-of time (as the "as_of" key in case JSON); NULL clears it.
 *  options->as_of, when given, overrides it. Errors:
 *  PROTOCOL_E_INVALID_ARGUMENT for a NULL case; PROTOCOL_E_DATETIME for
 *  bad text (the as-of is then unchanged). */
PROTOCOL_API protocol_status protocol_case_set_as_of(protocol_case *c, const char *text,
                                                     protocol_error *err);

/**
 * Evaluate a structured case. `c` must have been made for `pack`.
 * On success *out owns a new result (free with protocol_result_free(),
 * before the pack). The case is only read. options->strict and
 * options->limits do not apply (every fact was checked when set).
 * Thread-safe for distinct cases, and for one case no thread is changing.
 * Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL argument, a case made for
 * another pack, or a wrong options->struct_version; PROTOCOL_E_DATETIME for
 * bad options->as_of or default_as_of text; PROTOCOL_E_NOMEM.
 */
PROTOCOL_API protocol_status protocol_evaluate(const protocol_pack *pack, const protocol_case *c,
                                               const protocol_eval_options *options,
                                               protocol_result **out, protocol_error *err);

/* --- results ------------------------------------------------------------ */

/** Free a result. NULL is a no-op. Strings read from it are then invalid. */
PROTOCOL_API void protocol_result_free(protocol_result *result);

/** The result as JSON (docs/result-json.md), the same text
 *  protocol_evaluate_json() gives for the same case and options; pretty
 *  non-zero indents it. Free *json with protocol_free; *length (may be
 *  NULL) is its length. Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL
 *  result or json; PROTOCOL_E_NOMEM. Thread-safe. */
PROTOCOL_API protocol_status protocol_result_to_json(const protocol_result *result, int pretty,
                                                     char **json, size_t *length,
                                                     protocol_error *err);

/**
 * The result as JSON at a detail level (docs/result-json.md): full is the
 * same text as protocol_result_to_json(); summary carries ids, statuses,
 * due dates, the rules that are not met, pending or unknown, checklist
 * scores, warnings and counts, and leaves titles, reasons and citations to
 * the pack. Free *json with protocol_free; *length (may be NULL) is its
 * length. Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL result or json or
 * an unknown detail; PROTOCOL_E_NOMEM. Thread-safe.
 */
PROTOCOL_API protocol_status protocol_result_render_json(const protocol_result *result,
                                                         protocol_detail detail, int pretty,
                                                         char **json, size_t *length,
                                                         protocol_error *err);

/** What a finding is: one kind per array of the result JSON. */
typedef enum protocol_finding_kind {
    /** "decisions": status is the outcome. */
    PROTOCOL_FINDING_DECISION = 0,
    /** "rules": met, not_met, not_applicable or unknown. */
    PROTOCOL_FINDING_RULE = 1,
    /** "duties" (triggered ones only): status is the urgency. */
    PROTOCOL_FINDING_DUTY = 2,
    /** "deadlines": met, late, pending, due_today, overdue or unknown. */
    PROTOCOL_FINDING_DEADLINE = 3,
    /** "checklists" (answered ones only): status is the rag. */
    PROTOCOL_FINDING_CHECKLIST = 4
} protocol_finding_kind;

/**
 * One finding, as the result JSON has it. `status` is a decision's outcome,
 * a rule's status, a duty's urgency, a deadline's status, or a checklist's
 * rag (NULL when the checklist has no score). Strings are owned by the
 * result (or its pack) and stay valid until the result is freed. A plain
 * struct the caller owns; reading it needs no further call.
 */
typedef struct protocol_finding {
    protocol_finding_kind kind;     /**< which array of the result it is from */
    const char *id;                 /**< the construct's id in the pack */
    const char *title;              /**< its title */
    const char *status;             /**< see above */
    const char *citation_document;  /**< the cited document's short name */
    const char *citation_paragraph; /**< the paragraph ("2.3.1 step 4") */
    /** The number of reasons; read each with protocol_result_reason(). */
    size_t reason_count;
    /** The number of missing facts; read each with protocol_result_missing_fact(). */
    size_t missing_fact_count;
    /** Deadlines and duties: 1 when `due` is set. */
    int has_due;
    /** The due date, when has_due. */
    protocol_date due;
    /** Deadlines: 1 when working_days_remaining is set. */
    int has_remaining;
    /** As protocol_deadline_result.working_days_remaining. */
    int64_t working_days_remaining;
    /** Checklists: the overall score in tenths of a percent (875 = 87.5%), -1 when none. */
    int score_tenths;
} protocol_finding;

/** How many findings of a kind the result holds (duties: triggered ones;
 *  checklists: answered ones); 0 for a NULL result or an unknown kind.
 *  Thread-safe. */
PROTOCOL_API size_t protocol_result_count(const protocol_result *result, protocol_finding_kind kind);

/** Finding `index` (0-based, in result order) of a kind, copied into the
 *  caller's *out. Errors: PROTOCOL_E_INVALID_ARGUMENT for a NULL result or
 *  out or an unknown kind; PROTOCOL_E_RANGE when index >= the count.
 *  Thread-safe. */
PROTOCOL_API protocol_status protocol_result_get(const protocol_result *result,
                                                 protocol_finding_kind kind, size_t index,
                                                 protocol_finding *out, protocol_error *err);

/** The finding of a kind with an id, copied into *out; PROTOCOL_E_NOT_FOUND
 *  when there is none (for duties: when the duty was not triggered; for
 *  checklists: when nothing was answered). PROTOCOL_E_INVALID_ARGUMENT for a
 *  NULL argument or an unknown kind. Thread-safe. */
PROTOCOL_API protocol_status protocol_result_find(const protocol_result *result,
                                                  protocol_finding_kind kind, const char *id,
                                                  protocol_finding *out, protocol_error *err);

/** Reason `index` of finding `finding` (its index, as for
 *  protocol_result_get) of a kind, owned by the result; NULL when either
 *  index is out of range. Only decisions and rules have reasons.
 *  Thread-safe. */
PROTOCOL_API const char *protocol_result_reason(const protocol_result *result,
                                                protocol_finding_kind kind, size_t finding,
                                                size_t index);

/** Missing fact `index` of finding `finding` of a kind (a dotted path, owned
 *  by the result); NULL when either index is out of range. Only decisions
 *  and rules list missing facts. Thread-safe. */
PROTOCOL_API const char *protocol_result_missing_fact(const protocol_result *result,
                                                      protocol_finding_kind kind,
                                                      size_t finding, size_t index);

/** The facts the case does not give, the most decisive first: the result
 *  JSON's `ask_next` (docs/result-json.md), so that a form can ask the
 *  question that settles most first. protocol_result_ask_next_count gives
 *  their number (0 for a NULL result); protocol_result_ask_next gives fact
 *  `index` as a dotted path, owned by the result's pack, or NULL for a NULL
 *  result or an index out of range. Thread-safe. */
PROTOCOL_API size_t protocol_result_ask_next_count(const protocol_result *result);
PROTOCOL_API const char *protocol_result_ask_next(const protocol_result *result, size_t index);

/** The number of warnings (0 for a NULL result), and warning `index`'s path
 *  and message, owned by the result. protocol_result_warning fails with
 *  PROTOCOL_E_INVALID_ARGUMENT for a NULL argument and PROTOCOL_E_RANGE for
 *  an index out of range. Thread-safe. */
PROTOCOL_API size_t protocol_result_warning_count(const protocol_result *result);
PROTOCOL_API protocol_status protocol_result_warning(const protocol_result *result, size_t index,
                                                     const char **path, const char **message,
                                                     protocol_error *err);

/** The summary counts of the result JSON ("summary"), a plain value. */
typedef struct protocol_summary {
    size_t rules_met;         /**< rules with status met */
    size_t rules_not_met;     /**< rules with status not_met */
    size_t rules_unknown;     /**< rules with status unknown */
    size_t duties;            /**< triggered duties */
    size_t deadlines_overdue; /**< deadlines with status overdue */
} protocol_summary;

/**
 * Every count of a result by status, an output struct the caller owns.
 * Set struct_version (protocol_result_counts_init does) before the call:
 * later versions only add fields at the end.
 */
typedef struct protocol_result_counts {
    /** PROTOCOL_RESULT_COUNTS_VERSION, set by the caller. */
    uint32_t struct_version;
    int32_t rules_met;            /**< rules met */
    int32_t rules_not_met;        /**< rules not met: a failure */
    int32_t rules_unknown;        /**< rules that cannot be decided */
    int32_t rules_not_applicable; /**< rules that do not apply */
    int32_t rules_pending;        /**< rules not met whose deadline has not passed */
    int32_t duties;               /**< triggered duties */
    int32_t deadlines_met;        /**< deadlines done in time */
    int32_t deadlines_late;       /**< deadlines done after their due date: a failure */
    int32_t deadlines_pending;    /**< deadlines not done, not yet due */
    int32_t deadlines_due_today;  /**< deadlines not done, due today */
    int32_t deadlines_overdue;    /**< deadlines not done and past due: a failure */
    int32_t deadlines_unknown;    /**< deadlines whose status cannot be decided */
    int32_t checklists;           /**< answered checklists */
    int32_t warnings;             /**< warnings */
    /** 1 when a rule is not met or a deadline is overdue or was met late
     *  (what `protocol check` exits 1 for), else 0. */
    int32_t fails;
} protocol_result_counts;

/** The struct_version of protocol_result_counts these headers describe. */
#define PROTOCOL_RESULT_COUNTS_VERSION 1u
/** Initialiser for protocol_result_counts. */
#define PROTOCOL_RESULT_COUNTS_INIT \
    { PROTOCOL_RESULT_COUNTS_VERSION, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }

/** Set *counts to PROTOCOL_RESULT_COUNTS_INIT. NULL is a no-op. */
PROTOCOL_API void protocol_result_counts_init(protocol_result_counts *counts);

/** Fill *out with the result's counts. Errors: PROTOCOL_E_INVALID_ARGUMENT
 *  for a NULL argument or an out->struct_version this library does not
 *  know. Thread-safe. */
PROTOCOL_API protocol_status protocol_result_get_counts(const protocol_result *result,
                                                        protocol_result_counts *out,
                                                        protocol_error *err);

/** Copy the result's summary into *out. PROTOCOL_E_INVALID_ARGUMENT for a
 *  NULL argument. Thread-safe. */
PROTOCOL_API protocol_status protocol_result_summary(const protocol_result *result,
                                                     protocol_summary *out, protocol_error *err);

#ifdef __cplusplus
}
#endif

#endif
