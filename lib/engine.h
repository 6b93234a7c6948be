/*
 * The compiled-pack model shared by the pack compiler, the condition
 * evaluator, the case reader, the evaluator, checklist scoring, results and
 * the pack-test runner. Facts are slots, conditions are nodes in one flat
 * array, and every string is pooled by the pack (pack.c), so
 * evaluation needs neither name look-ups nor copies.
 */
#ifndef PROTOCOL_ENGINE_H
#define PROTOCOL_ENGINE_H

#include "json.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* "none" for a condition, fact or item index. */
#define PR_NONE UINT32_MAX
/* Deepest nesting of a condition, counting through refs: evaluation recurses,
 * so this bounds the stack it needs. */
#define PR_MAX_COND_DEPTH 200
/* Most condition nodes one condition may expand to through refs: refs may
 * share definitions, and this bounds the work of one evaluation. */
#define PR_MAX_COND_COST 100000u
/* Most segments in a fact path. */
#define PR_MAX_SEGMENTS 32

/* A whole number a double holds exactly (|d| <= 2^53), without libm. */
static inline bool pr_is_whole(double d)
{
    return d >= -9007199254740992.0 && d <= 9007199254740992.0 && (double)(long long)d == d;
}

/* --- facts ---------------------------------------------------------------- */

typedef enum pr_fact_type {
    PR_FACT_BOOL,
    PR_FACT_INTEGER,
    PR_FACT_ENUM,
    PR_FACT_DATETIME,
    PR_FACT_STRING
} pr_fact_type;

typedef struct pr_fact {
    const char *path;
    pr_fact_type type;
    bool has_min, has_max;
    long long min, max;
    const char **values; /* enum values */
    uint32_t nvalues;
} pr_fact;

/* The value of one fact in one case. Strings point into the case's JSON
 * tree or into the structured case's own copy. */
typedef struct pr_value {
    bool known;
    union {
        bool b;
        long long i;
        uint32_t e;
        protocol_time t;
        const char *s;
    } u;
} pr_value;

/* A node of the case schema: the tree of fact-path segments. Children of a
 * node are contiguous and sorted by name, so a key is found by bisection. */
typedef struct pr_node {
    const char *name; /* points into a fact's path; not NUL-terminated there */
    uint32_t name_length;
    uint32_t fact; /* PR_NONE for an object on the way to facts */
    uint32_t first_child, nchildren;
} pr_node;

/* --- conditions ------------------------------------------------------------ */

typedef enum pr_cond_kind {
    PR_C_TRUE,
    PR_C_FALSE,
    PR_C_FACT,     /* bool fact */
    PR_C_KNOWN,    /* any fact */
    PR_C_NOT,      /* a = child */
    PR_C_ALL,      /* kids[a .. a+n) */
    PR_C_ANY,      /* kids[a .. a+n) */
    PR_C_EQ_BOOL,  /* a: bit 0 matches false, bit 1 true (eq and in) */
    PR_C_IN_INT,   /* consts[a .. a+n) as integers */
    PR_C_IN_ENUM,  /* consts[a .. a+n) as enum indices */
    PR_C_IN_STR,   /* consts[a .. a+n) as strings */
    PR_C_CMP_NUM,  /* op against consts[a].d */
    PR_C_CMP_TIME, /* op against consts[a].t */
    PR_C_CMP_FACT, /* op against datetime fact a */
    PR_C_DEADLINE  /* deadline a's status is in the mask n (bit per protocol_deadline_status) */
} pr_cond_kind;

typedef enum pr_cmp_op { PR_LT, PR_LE, PR_GT, PR_GE } pr_cmp_op;

typedef struct pr_cond {
    uint8_t kind;
    uint8_t op;
    uint32_t fact;
    uint32_t a, n;
} pr_cond;

typedef union pr_const {
    long long i;
    double d;
    uint32_t e;
    const char *s;
    protocol_time t;
} pr_const;

typedef enum pr_tri { PR_FALSE = 0, PR_TRUE = 1, PR_UNKNOWN = 2 } pr_tri;

/* --- constructs ---------------------------------------------------------- */

typedef struct pr_citation {
    const char *document;
    const char *paragraph;
} pr_citation;

typedef struct pr_ground {
    const char *id, *reason;
    uint32_t when;
    pr_citation citation;
} pr_ground;

typedef struct pr_dcondition {
    const char *id, *text;
    uint32_t when;
    const char **outcomes;
    uint32_t noutcomes; /* 0: every outcome */
    bool all_outcomes;
    pr_citation citation;
} pr_dcondition;

typedef struct pr_dcase {
    uint32_t when;
    const char *outcome, *reason;
} pr_dcase;

typedef struct pr_decision {
    const char *id, *title;
    pr_citation citation;
    pr_ground *grounds;
    uint32_t ngrounds;
    pr_dcondition *conditions;
    uint32_t nconditions;
    pr_dcase *cases;
    uint32_t ncases;
    const char *unknown_outcome, *unknown_reason;
} pr_decision;

typedef enum pr_rule_status {
    PR_RULE_MET,
    PR_RULE_NOT_MET,
    PR_RULE_UNKNOWN,
    PR_RULE_NOT_APPLICABLE,
    PR_RULE_PENDING /* not met, but its deadline has not passed */
} pr_rule_status;
#define PR_RULE_NSTATUS 5

typedef struct pr_explain {
    uint32_t when;
    const char *reason;
    unsigned status_mask; /* bit per pr_rule_status */
} pr_explain;

typedef struct pr_rule {
    const char *id, *group, *title;
    pr_citation citation;
    uint32_t applies, met;
    uint32_t deadline;                    /* the deadline the rule is bound to, or PR_NONE */
    const char *reasons[PR_RULE_NSTATUS]; /* by pr_rule_status */
    pr_explain *explain;
    uint32_t nexplain;
} pr_rule;

typedef enum pr_urgency {
    PR_URGENCY_IMMEDIATE,
    PR_URGENCY_SAME_DAY,
    PR_URGENCY_WORKING_DAYS,
    PR_URGENCY_ONGOING /* a standing duty the text gives no timescale: no due date */
} pr_urgency;

typedef struct pr_duty {
    const char *id, *title;
    pr_citation citation;
    uint32_t when;
    pr_urgency urgency;
    int working_days;
    const char *urgency_text;    /* as results write it */
    uint32_t from;               /* datetime fact, or PR_NONE for the as-of time */
    const char *unknown_message; /* pooled warning for an unknown `when` */
} pr_duty;

/* Units and rolls, numbered as protocol_unit and protocol_roll are. */
typedef enum pr_unit {
    PR_UNIT_SAME_DAY,
    PR_UNIT_HOURS,
    PR_UNIT_WORKING_DAYS,
    PR_UNIT_CALENDAR_DAYS,
    PR_UNIT_WEEKS,
    PR_UNIT_MONTHS
} pr_unit;
typedef enum pr_roll {
    PR_ROLL_NONE,
    PR_ROLL_FOLLOWING,
    PR_ROLL_PRECEDING,
    PR_ROLL_MODIFIED_FOLLOWING
} pr_roll;
/* "same_day", "hours", ... by pr_unit; "none", "following", ... by pr_roll. */
extern const char *const pr_unit_names[7];
extern const char *const pr_roll_names[5];

typedef struct pr_variant {
    uint32_t when;
    protocol_deadline_kind kind; /* the rule as results name it (legacy kinds) */
    int working_days;
    /* The duration: `unit` and `amount`, after the start or before it. The
     * old spelling ("rule") sets them too; `spelled_by_unit` says the pack
     * used "unit", and then results carry the members that describe it. */
    bool spelled_by_unit;
    pr_unit unit;
    int amount;
    bool before;
    bool has_roll;
    pr_roll roll;
    int every; /* recurrence: every N every_units after the last; 0 once */
    pr_unit every_unit;
    pr_citation citation;        /* the deadline's when the variant has none */
    const char *unknown_message; /* pooled warning for an unknown `when` */
} pr_variant;

typedef struct pr_pause {
    uint32_t from, to; /* datetime facts; the clock stops in [from, to) */
} pr_pause;

typedef struct pr_deadline {
    const char *id, *title;
    pr_citation citation;
    uint32_t start, done; /* datetime facts; done may be PR_NONE; start PR_NONE with an anchor */
    uint32_t anchor;      /* the deadline whose done time (else due) starts this one, or PR_NONE */
    pr_pause *pauses;
    uint32_t npauses;
    const protocol_calendar *calendar;
    const char *calendar_id;
    uint32_t applies; /* false: left out of the result; unknown: kept, warned */
    pr_variant *variants;
    uint32_t nvariants;
    const char *applies_message; /* pooled warning for an unknown `applies` */
} pr_deadline;

/* Checklist answers, as cases give them; 0 is "no answer". */
enum { PR_ANSWER_NONE, PR_ANSWER_MET, PR_ANSWER_PARTLY, PR_ANSWER_NOT_MET, PR_ANSWER_NA };

typedef struct pr_item {
    const char *id, *text;
    pr_citation citation;
    uint32_t answer[4]; /* condition per answer 1..4 (index answer-1), PR_NONE if none */
} pr_item;

typedef struct pr_group {
    const char *id, *title;
    uint32_t first_item, nitems; /* global item indices */
} pr_group;

typedef struct pr_checklist {
    const char *id, *title;
    pr_citation citation;
    double scores[3]; /* met, partly, not_met */
    double green, amber;
    pr_group *groups;
    uint32_t ngroups;
    uint32_t first_item, nitems; /* global item indices */
} pr_checklist;

/* A condition the facts of a case must not break: when `when` is true the
 * case contradicts itself, and evaluation warns (strict mode: fails) with
 * `warning`, naming the fact `path`. */
typedef struct pr_constraint {
    const char *id, *message;
    uint32_t when;
    uint32_t fact; /* the fact the warning names */
    pr_citation citation;
    const char *warning; /* pooled: 'constraint "ID": MESSAGE (DOCUMENT PARAGRAPH)' */
} pr_constraint;

/* A contradiction the pack's own tests must never show: decision
 * `decision` with one of `outcomes` while one of `duties` is triggered. */
typedef struct pr_consistency {
    const char *id, *message;
    uint32_t decision;
    const char **outcomes;
    uint32_t noutcomes;
    uint32_t *duties;
    uint32_t nduties;
    pr_citation citation;
} pr_consistency;

/* The pack's strings (pack.c): each stored once as its JSON literal (quotes
 * and escapes included), the literal's length, then the text itself, which
 * the pack's fields point to; writing one is a copy, not an escape
 * (pr_pooled_literal). The compiler puts every string it keeps here
 * (pr_compile_get_string, pr_compile_intern), so none can be missed. Chunks
 * never move, so pooled strings stay put as the pool grows. */
typedef struct pr_pool_chunk pr_pool_chunk;
typedef struct pr_pool {
    pr_pool_chunk *chunks;
    size_t bytes;   /* everything pooled */
    pr_buf scratch; /* one literal while it is escaped; freed by pr_pool_done */
} pr_pool;

/* Pool `text` (NULL gives NULL); the pooled copy, or NULL when out of memory. */
const char *pr_pool_add(pr_pool *pool, const char *text);
/* Free the scratch once nothing more is pooled. */
void pr_pool_done(pr_pool *pool);
void pr_pool_free(pr_pool *pool);

struct protocol_pack {
    cJSON *doc; /* the pack's document, kept for its tests */
    const char *id, *version, *title;
    const char *source_document, *source_short;
    int cutoff_minute;

    /* Effective dates (docs/pack-format.md): each NULL when not given; the
     * days are days since 1970-01-01. `family` is the id without its
     * version suffix (pooled). */
    const char *effective_from, *effective_to, *supersedes, *family;
    int32_t from_day, to_day;

    protocol_calendar **calendars; /* distinct calendars the pack uses */
    uint32_t ncalendars;
    const protocol_calendar *calendar; /* the pack's own (duties) */

    pr_fact *facts;
    uint32_t nfacts;
    uint32_t max_fact_depth;
    pr_node *nodes; /* nodes[0] is the root */
    uint32_t nnodes;

    pr_cond *conds;
    uint32_t nconds, cap_conds;
    uint32_t *kids;
    uint32_t nkids, cap_kids;
    pr_const *consts;
    uint32_t nconsts, cap_consts;

    pr_decision *decisions;
    uint32_t ndecisions;
    pr_rule *rules;
    uint32_t nrules;
    pr_duty *duties;
    uint32_t nduties;
    pr_deadline *deadlines;
    uint32_t ndeadlines;
    uint32_t *deadline_order; /* deadlines in an order where each comes after those it reads */
    bool binds_rules;         /* some rule names a deadline (results count rules_pending) */
    pr_checklist *checklists;
    uint32_t nchecklists;
    pr_item *items;
    uint32_t nitems;
    pr_constraint *constraints;
    uint32_t nconstraints;
    pr_consistency *consistency;
    uint32_t nconsistency;

    const cJSON *tests; /* the pack's "tests" array in doc, or NULL */

    pr_pool pool;            /* owns every string above */
    size_t result_size_hint; /* bytes a result of this pack usually needs */
};

/* The JSON literal (quotes and escapes included) of a pooled string, and
 * its length. */
static inline const char *pr_pooled_literal(const char *s, uint32_t *length)
{
    memcpy(length, s - sizeof *length, sizeof *length);
    return s - sizeof *length - *length;
}

/* --- conditions (condition.c) ------------------------------------------- */

/* What one evaluation needs besides the pack: the case's values, and a stack
 * of the unknown facts read, kept only while they matter. */
typedef struct pr_eval_ctx {
    const pr_value *values;
    /* Per deadline of the pack, as far as evaluated: PR_DEADLINE_ABSENT, or
     * its protocol_deadline_status; and the fact that made an unknown
     * status unknown (PR_NONE when none did, e.g. no evaluation time). */
    const uint8_t *deadline_status;
    const uint32_t *deadline_missing;
    uint32_t *missing;     /* nfacts slots */
    uint32_t *missing_pos; /* per fact: its index in missing, if there */
    uint32_t nmissing;
    uint32_t *weights; /* per fact: how much knowing it would settle (ask_next), or NULL */
} pr_eval_ctx;

/* How much a finding left unknown by the facts on ctx's stack weighs in
 * ask_next: a decision settles most, then a duty or a deadline (the
 * safeguarding findings), then a rule, then a checklist item. */
enum { PR_WEIGHT_DECISION = 1000, PR_WEIGHT_DUTY = 100, PR_WEIGHT_RULE = 10, PR_WEIGHT_ITEM = 1 };
/* Add `weight` to each unknown fact on ctx's stack. */
static inline void pr_ctx_weigh(pr_eval_ctx *ctx, uint32_t weight)
{
    if (!ctx->weights)
        return;
    for (uint32_t i = 0; i < ctx->nmissing; i++) {
        uint32_t *w = &ctx->weights[ctx->missing[i]];
        *w = *w > UINT32_MAX - weight ? UINT32_MAX : *w + weight;
    }
}

/* Evaluate condition `c`; unknown facts that decided an unknown result are
 * left on ctx->missing (each once), everything else is popped. */
pr_tri pr_cond_eval(const protocol_pack *pack, uint32_t c, pr_eval_ctx *ctx);

/* --- the pack's look-ups and names (pack.c) -------------------------------- */

/* The fact declared at `path`, or PR_NONE. */
uint32_t pr_pack_find_fact(const protocol_pack *pack, const char *path);
/* "met", "not_met", "unknown", "not_applicable" by pr_rule_status, then NULL. */
extern const char *const pr_rule_status_names[PR_RULE_NSTATUS + 1];
/* A deadline not in the result: it does not apply, or no variant holds. */
#define PR_DEADLINE_ABSENT 0xFFu
/* "same_day", "working_days_after" or "working_days_before". */
const char *pr_deadline_kind_name(protocol_deadline_kind k);
/* The rule a variant is reported by: "same_day", "working_days_after",
 * "months_after", "hours_before", ... */
const char *pr_variant_rule_name(const pr_variant *v);

/* --- cases (case.c) ------------------------------------------------------ */

/* The facts of one case as evaluation reads them. */
typedef struct pr_facts {
    pr_value *values; /* nfacts */
    uint8_t *answers; /* nitems, PR_ANSWER_* */
    bool has_as_of;
    protocol_time as_of;
} pr_facts;

struct protocol_case {
    const protocol_pack *pack;
    pr_facts facts;
    char **strings; /* per fact: the case's own copy of a string value */
};

/* Read case JSON `root` (parsed from text/length) into `facts`, which the
 * caller has cleared; unknown keys warn into `result`. */
protocol_status pr_case_read(const protocol_pack *pack, const cJSON *root, const char *text,
                             size_t length, int strict, size_t max_facts, pr_facts *facts,
                             protocol_result *result, protocol_error *err);
/* The same straight from `text`, which pr_json_check has accepted, with
 * no tree: decoded strings go to `arena` (length + PR_CASE_ARENA_SLACK
 * bytes), which string facts point into, so it must outlive the
 * evaluation of these facts. */
#define PR_CASE_ARENA_SLACK 16
protocol_status pr_case_read_text(const protocol_pack *pack, const char *text, size_t length,
                                  int strict, size_t max_facts, char *arena, pr_facts *facts,
                                  protocol_result *result, protocol_error *err);

/* Answer text to PR_ANSWER_*, 0 when it is none of the four. */
int pr_answer_parse(const char *text);
const char *pr_answer_name(int answer);

/* --- results (result.c) -------------------------------------------------- */

typedef struct pr_span {
    uint32_t first, count; /* into the result's strs */
} pr_span;

typedef struct pr_decision_out {
    const char *outcome;
    pr_span grounds, conditions, reasons, missing;
} pr_decision_out;

typedef struct pr_rule_out {
    pr_rule_status status;
    bool has_due; /* a rule bound to a deadline: that deadline's due date */
    protocol_date due;
    pr_span reasons, missing;
} pr_rule_out;

typedef struct pr_duty_out {
    uint32_t duty;
    bool has_due;
    protocol_date due;
} pr_duty_out;

/* A pause of the clock, [from, to). */
typedef struct pr_interval {
    protocol_time from, to;
} pr_interval;

/* What the statutory clock gives beyond a protocol_deadline_result. */
typedef struct pr_clock_extra {
    bool has_due_time; /* an hours deadline: the due instant */
    protocol_time due_time;
    bool has_seconds_remaining;
    int64_t seconds_remaining;
    bool done_before_start;
    int32_t occurrence; /* recurrence: the current occurrence, 1-based */
    protocol_time occurrence_start;
    int32_t missed;
    protocol_date first_missed_due;
} pr_clock_extra;

typedef struct pr_deadline_out {
    uint32_t deadline, variant;
    bool has_start, has_done;
    bool projected; /* anchored: the start is the anchor's due date (not yet done) */
    protocol_time start, done;
    protocol_deadline_result r;
    pr_clock_extra x;
} pr_deadline_out;

typedef struct pr_checklist_out {
    uint32_t checklist;
    int score_tenths;      /* -1: none */
    uint32_t group_scores; /* into the result's ints, one per group */
    pr_span unanswered;
} pr_checklist_out;

typedef struct pr_warning {
    size_t path, message;                     /* offsets into the result's text ... */
    const char *pooled_path, *pooled_message; /* ... unless these pooled strings are set */
} pr_warning;

struct protocol_result {
    const protocol_pack *pack;
    bool has_as_of;
    protocol_time as_of;
    pr_decision_out *decisions; /* pack->ndecisions */
    pr_rule_out *rules;         /* pack->nrules */
    pr_duty_out *duties;        /* triggered ones */
    uint32_t nduties;
    pr_deadline_out *deadlines; /* those with a variant that applies */
    uint32_t ndeadlines;
    pr_checklist_out *checklists; /* answered ones */
    uint32_t nchecklists;
    const char **strs;
    uint32_t nstrs, cap_strs;
    int *ints;
    uint32_t nints, cap_ints;
    pr_warning *warnings;
    uint32_t nwarnings, cap_warnings;
    pr_buf text;
    protocol_summary summary;
    /* The facts the case does not give, most decisive first (ask_next):
     * fact indices. */
    uint32_t *ask_next;
    uint32_t nask_next;
    size_t rules_pending; /* not in protocol_summary, whose size is fixed */
    /* Scratch for one evaluation, allocated with the result. */
    pr_facts scratch;
    uint32_t *missing, *missing_pos;
    uint32_t *weights;  /* per fact, for ask_next */
    uint64_t *ask_keys; /* per fact, for sorting ask_next */
};

/* A result for `pack` with room for every fixed-size part and scratch. */
protocol_status pr_result_new(const protocol_pack *pack, protocol_result **out,
                              protocol_error *err);
/* Append to the string pool; false on allocation failure. */
bool pr_result_push_str(protocol_result *r, const char *s);
/* A warning with its own copies of path and message. */
protocol_status pr_result_warn_text(protocol_result *r, const char *path, const char *message,
                                    protocol_error *err);
/* A warning whose path and message are pooled strings of the pack (no copy). */
protocol_status pr_result_warn_pooled(protocol_result *r, const char *path, const char *message,
                                      protocol_error *err);
protocol_status pr_result_warn(protocol_result *r, const char *path, protocol_error *err,
                               const char *fmt, ...) PR_PRINTF(4, 5);
/* "green", "amber" or "red" for a score in tenths, NULL for none (-1). */
const char *pr_checklist_rag(const pr_checklist *cl, int tenths);
/* Fill `out` (whose struct_version is set) from the result's statuses. */
void pr_result_counts(const protocol_result *r, protocol_result_counts *out);
/* Write the result JSON into b (result_json.c): the full detail level, the
 * summary level, or either. */
void pr_result_write(const protocol_result *r, int pretty, pr_buf *b);
void pr_result_write_summary(const protocol_result *r, int pretty, pr_buf *b);
void pr_result_render(const protocol_result *r, protocol_detail detail, int pretty, pr_buf *b);

/* --- the clock for packs (pack_clock.c) ----------------------------------- */

/* A variant's due date and status for `start` (NULL: unknown), on
 * `calendar`, with the pack's cut-off and the deadline's pauses; fills
 * o->r and o->x. Errors as protocol_deadline_compute's. */
protocol_status pr_pack_clock(const protocol_calendar *calendar, const pr_variant *v,
                              int cutoff_minute, const protocol_time *start,
                              const protocol_time *done, const protocol_time *as_of,
                              const pr_interval *pauses, size_t npauses, pr_deadline_out *o,
                              protocol_error *err);

/* --- evaluation (evaluate.c, checklist.c) --------------------------------- */

/* Evaluate `facts` into `r` (whose warnings may already hold the case's).
 * A broken constraint is a warning, or with `strict` the error
 * PROTOCOL_E_CASE naming its fact. */
protocol_status pr_evaluate(const protocol_pack *pack, const pr_facts *facts,
                            const protocol_time *as_of, int strict, protocol_result *r,
                            protocol_error *err);
/* Warn (strict: fail) for each constraint the facts break. */
protocol_status pr_constraints_evaluate(const protocol_pack *pack, int strict, pr_eval_ctx *ctx,
                                        protocol_result *r, protocol_error *err);
/* Rank the weighed facts into r->ask_next. */
void pr_ask_next_rank(const protocol_pack *pack, protocol_result *r);
/* The first contradiction of pack->consistency that result `r` shows, or
 * NULL; *duty is then the triggered duty's index. */
const pr_consistency *pr_consistency_broken(const protocol_pack *pack, const protocol_result *r,
                                            uint32_t *duty);
protocol_status pr_checklists_evaluate(const protocol_pack *pack, const pr_facts *facts,
                                       pr_eval_ctx *ctx, protocol_result *r, protocol_error *err);

/* The as-of time of an evaluation: options->as_of, then the case's, then
 * options->default_as_of. *has is 0 when none applies. */
protocol_status pr_resolve_as_of(const protocol_eval_options *options, const pr_facts *facts,
                                 protocol_time *as_of, int *has, protocol_error *err);
/* Check an options struct (NULL means the defaults, written to *storage)
 * and resolve its limits. */
protocol_status pr_options_check(const protocol_eval_options *options,
                                 protocol_eval_options *storage, const protocol_eval_options **out,
                                 protocol_limits *limits, protocol_error *err);

#endif
