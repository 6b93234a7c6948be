/*
 * protocol check --format text: the result of one case as a report a
 * practitioner can follow — what must be done and by when, what was
 * decided, which rules hold and which do not, which facts are missing —
 * each finding with its citation. It reads the result JSON (SPEC §7), the
 * same document a vendor's system gets, so the report never finds anything
 * the JSON does not; from the pack's source it takes only the words for
 * what the JSON names by id (titles, fact descriptions, condition texts,
 * duty details).
 */
#include "cli.h"

#include <cjson/cJSON.h>

#include <stdlib.h>
#include <string.h>

#define WIDTH 78

/* ---- reading the JSON ------------------------------------------------------ */

static const cJSON *member(const cJSON *obj, const char *key)
{
    return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
}

static const char *text_of(const cJSON *obj, const char *key)
{
    const cJSON *v = member(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int array_size(const cJSON *obj, const char *key)
{
    const cJSON *v = member(obj, key);
    return cJSON_IsArray(v) ? cJSON_GetArraySize(v) : 0;
}

/* A whole number member into *out; 0 when absent, not a number, or too
 * large to be a count of days. */
static int number_of(const cJSON *obj, const char *key, long *out)
{
    const cJSON *v = member(obj, key);
    if (!cJSON_IsNumber(v) || !(v->valuedouble > -1e9 && v->valuedouble < 1e9))
        return 0;
    *out = (long)v->valuedouble;
    return 1;
}

static int is_status(const cJSON *finding, const char *status)
{
    const char *s = text_of(finding, "status");
    return s && strcmp(s, status) == 0;
}

static const char *or_dash(const char *s)
{
    return s && *s ? s : "-";
}

/* What the pack's source says about its facts and decision conditions, so
 * that a missing fact or a condition is shown in words, not only by name.
 * NULL when the source is not at hand: the report then shows names. */
typedef struct pack_doc {
    cJSON *root;
} pack_doc;

/* The construct of a kind ("deadlines") with an id in the pack source. */
static const cJSON *pack_item(const pack_doc *doc, const char *kind, const char *id)
{
    const cJSON *construct;
    if (!id)
        return NULL;
    cJSON_ArrayForEach(construct, member(doc->root, kind))
    {
        const char *construct_id = text_of(construct, "id");
        if (construct_id && strcmp(construct_id, id) == 0)
            return construct;
    }
    return NULL;
}

/* A finding's title: the result's own, else the pack's, else its id. */
static const char *title_of(const pack_doc *doc, const char *kind, const cJSON *finding)
{
    const char *title = text_of(finding, "title");
    if (!title)
        title = text_of(pack_item(doc, kind, text_of(finding, "id")), "title");
    return title ? title : or_dash(text_of(finding, "id"));
}

static const char *fact_description(const pack_doc *doc, const char *path)
{
    return text_of(member(member(doc->root, "facts"), path), "description");
}

static const char *decision_condition_text(const pack_doc *doc, const char *decision,
                                           const char *condition)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, member(pack_item(doc, "decisions", decision), "conditions"))
    {
        const char *id = text_of(c, "id");
        if (id && strcmp(id, condition) == 0)
            return text_of(c, "text");
    }
    return NULL;
}

/* ---- writing --------------------------------------------------------------- */

/* Columns a UTF-8 string takes (continuation bytes take none). */
static int columns(const char *s, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

/*
 * Write `text` word-wrapped to WIDTH, the cursor being at column `col`;
 * continuation lines start at column `indent`. Returns the column reached.
 */
static int wrap(int col, int indent, const char *text)
{
    const char *p = text;
    int first = 1;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        size_t n = strcspn(p, " ");
        int w = columns(p, n);
        if (!first && col + 1 + w > WIDTH && col > indent) {
            printf("\n%*s", indent, "");
            col = indent;
        } else if (!first) {
            putchar(' ');
            col++;
        }
        fwrite(p, 1, n, stdout);
        col += w;
        p += n;
        first = 0;
    }
    return col;
}

/* A line of text at `indent`, its continuation lines at `indent + hang`. */
static void para(int indent, int hang, const char *text)
{
    printf("%*s", indent, "");
    wrap(indent, indent + hang, text);
    putchar('\n');
}

static void heading(const char *title, int count)
{
    if (count >= 0)
        printf("\n%s (%d)\n", title, count);
    else
        printf("\n%s\n", title);
}

/* "Durham protocol, 2.3.1 step 4" on its own line, when the finding has one. */
static void citation(int indent, const cJSON *finding)
{
    const cJSON *c = member(finding, "citation");
    const char *document = text_of(c, "document");
    const char *paragraph = text_of(c, "paragraph");
    if (!document && !paragraph)
        return;
    char buf[512];
    snprintf(buf, sizeof buf, "Source: %s%s%s", document ? document : "",
             document && paragraph ? ", " : "", paragraph ? paragraph : "");
    para(indent, 2, buf);
}

/* Each string of an array as a bullet line. */
static void bullets(int indent, const cJSON *array)
{
    const cJSON *v;
    cJSON_ArrayForEach(v, array)
    {
        if (!cJSON_IsString(v))
            continue;
        printf("%*s- ", indent, "");
        wrap(indent + 2, indent + 2, v->valuestring);
        putchar('\n');
    }
}

/* An entry of list_line()'s array: a string, or the `key` member of an
 * object whose status is `status`; NULL when it is neither. */
static const char *list_entry(const cJSON *v, const char *key, const char *status)
{
    if (key)
        return is_status(v, status) ? text_of(v, key) : NULL;
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* "LABEL: a, b, c" wrapped, continuation lines indented under it, from the
 * entries of an array (above). Nothing when there are none. */
static void list_line(int indent, const char *label, const cJSON *array, const char *key,
                      const char *status)
{
    size_t size = strlen(label) + 3, n = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v, array)
    {
        const char *s = list_entry(v, key, status);
        if (s) {
            size += strlen(s) + 2;
            n++;
        }
    }
    if (!n)
        return;
    char *buf = malloc(size);
    if (!buf) {
        cli_error("out of memory");
        return;
    }
    size_t used = (size_t)snprintf(buf, size, "%s:", label);
    const char *separator = " ";
    cJSON_ArrayForEach(v, array)
    {
        const char *s = list_entry(v, key, status);
        if (!s)
            continue;
        used += (size_t)snprintf(buf + used, size - used, "%s%s", separator, s);
        separator = ", ";
    }
    para(indent, 4, buf);
    free(buf);
}

/* ---- sections -------------------------------------------------------------- */

/* "  * TEXT", wrapped under itself. */
static void item(const char *text)
{
    printf("  * ");
    wrap(4, 6, text);
    putchar('\n');
}

static void header(const cJSON *result)
{
    const cJSON *pack = member(result, "pack");
    const char *title = text_of(pack, "title");
    const char *as_of = text_of(result, "as_of");
    char line[768];
    para(0, 2, title ? title : or_dash(text_of(pack, "id")));
    snprintf(line, sizeof line, "Pack %s %s, as of %s", or_dash(text_of(pack, "id")),
             or_dash(text_of(pack, "version")),
             as_of ? as_of : "(no time given: deadlines cannot be judged)");
    para(0, 2, line);
}

static int count_status(const cJSON *result, const char *kind, const char *status)
{
    int n = 0;
    const cJSON *f;
    cJSON_ArrayForEach(f, member(result, kind)) n += is_status(f, status);
    return n;
}

/* "N thing" or "N things" appended to buf after a separator when N > 0. */
static void add_count(char *buf, size_t size, int n, const char *one, const char *many)
{
    size_t used = strlen(buf);
    if (n > 0 && used < size)
        snprintf(buf + used, size - used, "%s%d %s", buf[used - 1] == ':' ? " " : ", ", n,
                 n == 1 ? one : many);
}

/* The verdict a reader needs first, and the reason for the exit status. */
static void verdict(const cJSON *result, int fails)
{
    int unknown = count_status(result, "rules", "unknown");
    int duties = array_size(result, "duties");
    char buf[512];
    if (fails) {
        snprintf(buf, sizeof buf, "Outcome: ACTION NEEDED:");
        add_count(buf, sizeof buf, count_status(result, "rules", "not_met"), "rule not met",
                  "rules not met");
        add_count(buf, sizeof buf, count_status(result, "deadlines", "overdue"),
                  "deadline overdue", "deadlines overdue");
        add_count(buf, sizeof buf, count_status(result, "deadlines", "late"),
                  "deadline met late", "deadlines met late");
    } else {
        snprintf(buf, sizeof buf, "Outcome: no rule is broken and no deadline is missed on "
                                  "what the case records.");
    }
    printf("\n");
    para(0, 9, buf);
    if (unknown) {
        snprintf(buf, sizeof buf,
                 "%d rule%s cannot be decided until the missing facts below are recorded.",
                 unknown, unknown == 1 ? "" : "s");
        para(9, 0, buf);
    }
    if (duties) {
        snprintf(buf, sizeof buf, "%d dut%s triggered: see what must be done.", duties,
                 duties == 1 ? "y is" : "ies are");
        para(9, 0, buf);
    }
}

/* "immediate", "same_day", "ongoing" or "within_N_working_days" in words. */
static void urgency_words(const char *urgency, char *buf, size_t size)
{
    static const char within[] = "within_", days[] = "_working_days";
    char *end = NULL;
    long n = 0;
    if (urgency && strncmp(urgency, within, sizeof within - 1) == 0)
        n = strtol(urgency + sizeof within - 1, &end, 10);
    if (!urgency)
        snprintf(buf, size, "no urgency given");
    else if (strcmp(urgency, "immediate") == 0)
        snprintf(buf, size, "at once");
    else if (strcmp(urgency, "same_day") == 0)
        snprintf(buf, size, "the same day");
    else if (strcmp(urgency, "ongoing") == 0)
        snprintf(buf, size, "throughout the case, for as long as it applies");
    else if (end && end != urgency + sizeof within - 1 && strcmp(end, days) == 0)
        snprintf(buf, size, "within %ld working day%s", n, n == 1 ? "" : "s");
    else
        snprintf(buf, size, "%s", urgency);
}

static void duties_section(const cJSON *result, const pack_doc *doc)
{
    const cJSON *d;
    cJSON_ArrayForEach(d, member(result, "duties"))
    {
        char when[64], line[768];
        urgency_words(text_of(d, "urgency"), when, sizeof when);
        const char *due = text_of(d, "due");
        snprintf(line, sizeof line, "%s: %s%s%s%s [%s]", title_of(doc, "duties", d), when,
                 due ? " (by the end of " : "", due ? due : "", due ? ")" : "",
                 or_dash(text_of(d, "id")));
        item(line);
        const cJSON *details = member(d, "details");
        bullets(6, details ? details
                           : member(pack_item(doc, "duties", text_of(d, "id")), "details"));
        citation(6, d);
    }
}

/* "3 working days after 2026-11-20T10:00:00+00:00"; the start named by its
 * fact when the case does not give it. */
static void deadline_rule_words(const cJSON *d, const char *start_fact, char *buf, size_t size)
{
    const char *rule = text_of(d, "rule");
    long n = 0;
    number_of(d, "working_days", &n);
    char start[300];
    if (text_of(d, "start"))
        snprintf(start, sizeof start, "%s", text_of(d, "start"));
    else
        snprintf(start, sizeof start, "the start%s%s%s", start_fact ? " (" : "",
                 start_fact ? start_fact : "", start_fact ? ")" : "");
    if (rule && strcmp(rule, "same_day") == 0)
        snprintf(buf, size, "the same day as %s", start);
    else if (rule && strcmp(rule, "working_days_before") == 0)
        snprintf(buf, size, "%ld working day%s before %s", n, n == 1 ? "" : "s", start);
    else if (rule)
        snprintf(buf, size, "%ld working day%s after %s", n, n == 1 ? "" : "s", start);
    else
        snprintf(buf, size, "no rule chosen");
}

static void deadline_status_words(const cJSON *d, const char *start_fact, char *buf,
                                  size_t size)
{
    const char *status = text_of(d, "status");
    const char *done = text_of(d, "done");
    long left = 0;
    int has_left = number_of(d, "working_days_remaining", &left);
    if (!status)
        snprintf(buf, size, "no status");
    else if (strcmp(status, "met") == 0)
        snprintf(buf, size, "met: done %s", or_dash(done));
    else if (strcmp(status, "late") == 0)
        snprintf(buf, size, "MET LATE: done %s, after the due date", or_dash(done));
    else if (strcmp(status, "pending") == 0 && has_left)
        snprintf(buf, size, "pending: %ld working day%s left", left, left == 1 ? "" : "s");
    else if (strcmp(status, "due_today") == 0)
        snprintf(buf, size, "DUE TODAY: not done yet");
    else if (strcmp(status, "overdue") == 0 && has_left)
        snprintf(buf, size, "OVERDUE: not done, %ld working day%s past the due date", -left,
                 left == -1 ? "" : "s");
    else if (strcmp(status, "overdue") == 0)
        snprintf(buf, size, "OVERDUE: not done");
    else if (strcmp(status, "unknown") == 0 && !text_of(d, "start"))
        snprintf(buf, size, "cannot be judged until %s is recorded",
                 start_fact ? start_fact : "the start time");
    else if (strcmp(status, "unknown") == 0)
        snprintf(buf, size, "cannot be judged: no evaluation time was given");
    else
        snprintf(buf, size, "%s", status);
}

static void deadlines_section(const cJSON *result, const pack_doc *doc)
{
    const cJSON *d;
    cJSON_ArrayForEach(d, member(result, "deadlines"))
    {
        const char *start_fact = text_of(pack_item(doc, "deadlines", text_of(d, "id")), "start");
        char rule[400], status[400], line[900];
        deadline_rule_words(d, start_fact, rule, sizeof rule);
        deadline_status_words(d, start_fact, status, sizeof status);
        const char *due = text_of(d, "due");
        const char *calendar = text_of(d, "calendar");
        snprintf(line, sizeof line, "%s: %s%s (%s%s%s) [%s]", title_of(doc, "deadlines", d),
                 due ? "due by the end of " : "due date not known yet", due ? due : "", rule,
                 calendar ? ", " : "", calendar ? calendar : "", or_dash(text_of(d, "id")));
        item(line);
        para(6, 2, status);
        citation(6, d);
    }
}

static void decisions_section(const cJSON *result, const pack_doc *doc)
{
    if (!array_size(result, "decisions"))
        return;
    heading("Decisions", -1);
    const cJSON *d;
    cJSON_ArrayForEach(d, member(result, "decisions"))
    {
        const char *id = or_dash(text_of(d, "id"));
        char line[768];
        snprintf(line, sizeof line, "%s [%s]", title_of(doc, "decisions", d), id);
        item(line);
        snprintf(line, sizeof line, "Outcome: %s", or_dash(text_of(d, "outcome")));
        para(6, 2, line);
        bullets(6, member(d, "reasons"));
        list_line(6, "Grounds that hold", member(d, "grounds"), NULL, NULL);
        const cJSON *conditions = member(d, "conditions");
        if (cJSON_GetArraySize(conditions) > 0) {
            para(6, 0, "Before acting on it:");
            const cJSON *c;
            cJSON_ArrayForEach(c, conditions)
            {
                if (!cJSON_IsString(c))
                    continue;
                const char *words = decision_condition_text(doc, id, c->valuestring);
                char text[600];
                snprintf(text, sizeof text, "%s%s%s%s", words ? words : "", words ? " [" : "",
                         c->valuestring, words ? "]" : "");
                printf("%*s- ", 8, "");
                wrap(10, 10, text);
                putchar('\n');
            }
        }
        list_line(6, "Missing facts", member(d, "missing_facts"), NULL, NULL);
        citation(6, d);
    }
}

/* The rules with one status, in result order. */
static void rules_with(const cJSON *result, const char *status, const char *title, int brief)
{
    int count = count_status(result, "rules", status);
    if (!count)
        return;
    heading(title, count);
    const cJSON *r;
    cJSON_ArrayForEach(r, member(result, "rules"))
    {
        if (!is_status(r, status))
            continue;
        char line[768];
        snprintf(line, sizeof line, "%s %s", or_dash(text_of(r, "id")),
                 or_dash(text_of(r, "title")));
        item(line);
        if (!brief) {
            if (text_of(r, "due")) {
                /* A rule bound to a deadline: when it falls due. */
                snprintf(line, sizeof line, "Due %s (deadline %s)", text_of(r, "due"),
                         or_dash(text_of(r, "deadline")));
                para(6, 0, line);
            }
            bullets(6, member(r, "reasons"));
            list_line(6, "Missing facts", member(r, "missing_facts"), NULL, NULL);
        }
        citation(6, r);
    }
}

static void not_applicable(const cJSON *result)
{
    int count = count_status(result, "rules", "not_applicable");
    if (!count)
        return;
    heading("Rules that do not apply to this case", count);
    list_line(2, "Rules", member(result, "rules"), "id", "not_applicable");
}

/* Note in `seen` (fact path -> array of users) that `user` needs `fact`. */
static void note_missing(cJSON *seen, const char *fact, const char *user)
{
    cJSON *users = cJSON_GetObjectItemCaseSensitive(seen, fact);
    if (!users && !(users = cJSON_AddArrayToObject(seen, fact)))
        return;
    const cJSON *u;
    cJSON_ArrayForEach(u, users)
    {
        if (strcmp(u->valuestring, user) == 0)
            return;
    }
    cJSON *name = cJSON_CreateString(user);
    if (!name || !cJSON_AddItemToArray(users, name))
        cJSON_Delete(name);
}

/* Every missing fact once, with what it means and what needs it: those of
 * undecided decisions and rules, and those a warning names — a duty whose
 * trigger is unknown, a deadline that took its stricter variant — so that
 * a missing safeguarding fact is asked for, not only warned about. */
static void missing_facts_section(const cJSON *result, const pack_doc *doc)
{
    static const char *const kinds[] = {"decisions", "rules"};
    cJSON *seen = cJSON_CreateObject();
    if (!seen) {
        cli_error("out of memory");
        return;
    }
    for (size_t k = 0; k < 2; k++) {
        const cJSON *f;
        cJSON_ArrayForEach(f, member(result, kinds[k]))
        {
            const char *id = text_of(f, "id");
            const cJSON *m;
            cJSON_ArrayForEach(m, member(f, "missing_facts"))
            {
                if (cJSON_IsString(m) && id)
                    note_missing(seen, m->valuestring, id);
            }
        }
    }
    /* A warning's path that the pack declares as a fact is a missing fact
     * (an unknown key is not a declared fact); its message starts with
     * what needs it ('duty "marac": ...'). */
    const cJSON *w;
    cJSON_ArrayForEach(w, member(result, "warnings"))
    {
        const char *path = text_of(w, "path");
        const char *message = text_of(w, "message");
        if (!path || !member(member(doc->root, "facts"), path))
            continue;
        const char *colon = message ? strstr(message, ": ") : NULL;
        char user[200];
        snprintf(user, sizeof user, "%.*s", colon ? (int)(colon - message) : 0,
                 colon ? message : "");
        note_missing(seen, path, *user ? user : "a warning below");
    }
    int count = cJSON_GetArraySize(seen);
    if (count) {
        heading("Facts to record to complete the check", count);
        const cJSON *users;
        cJSON_ArrayForEach(users, seen)
        {
            const char *what = fact_description(doc, users->string);
            char line[768];
            snprintf(line, sizeof line, "%s%s%s", users->string, what ? ": " : "",
                     what ? what : "");
            item(line);
            list_line(6, "Needed by", users, NULL, NULL);
        }
    }
    cJSON_Delete(seen);
}

static void score_words(const cJSON *score, char *buf, size_t size)
{
    if (cJSON_IsNumber(score))
        snprintf(buf, size, "%.1f%%", score->valuedouble);
    else
        snprintf(buf, size, "not answered");
}

static void checklists_section(const cJSON *result, const pack_doc *doc)
{
    int count = array_size(result, "checklists");
    if (!count)
        return;
    heading("Checklists", count);
    const cJSON *c;
    cJSON_ArrayForEach(c, member(result, "checklists"))
    {
        char line[768], pct[32];
        score_words(member(c, "score"), pct, sizeof pct);
        snprintf(line, sizeof line, "%s: %s, %s [%s]", title_of(doc, "checklists", c), pct,
                 or_dash(text_of(c, "rag")), or_dash(text_of(c, "id")));
        item(line);
        const cJSON *g;
        cJSON_ArrayForEach(g, member(c, "groups"))
        {
            const char *title = text_of(g, "title");
            score_words(member(g, "score"), pct, sizeof pct);
            snprintf(line, sizeof line, "%s: %s", title ? title : or_dash(text_of(g, "id")),
                     pct);
            para(6, 2, line);
        }
        list_line(6, "Not yet answered", member(c, "unanswered"), NULL, NULL);
        citation(6, c);
    }
}

static void warnings_section(const cJSON *result)
{
    int count = array_size(result, "warnings");
    if (!count)
        return;
    heading("Warnings", count);
    const cJSON *w;
    cJSON_ArrayForEach(w, member(result, "warnings"))
    {
        char line[768];
        const char *path = text_of(w, "path");
        snprintf(line, sizeof line, "%s%s%s", path ? path : "", path ? ": " : "",
                 or_dash(text_of(w, "message")));
        item(line);
    }
}

static void report(const cJSON *result, const pack_doc *doc, int fails)
{
    header(result);
    verdict(result, fails);

    heading("What must be done, and by when", -1);
    if (!array_size(result, "duties") && !array_size(result, "deadlines"))
        para(2, 0, "Nothing: no duty is triggered and no deadline applies.");
    duties_section(result, doc);
    deadlines_section(result, doc);

    decisions_section(result, doc);
    rules_with(result, "not_met", "Rules not met", 0);
    rules_with(result, "pending", "Rules not yet due (their deadline has not passed)", 0);
    rules_with(result, "unknown", "Rules that cannot be decided yet", 0);
    rules_with(result, "met", "Rules met", 1);
    not_applicable(result);
    missing_facts_section(result, doc);
    checklists_section(result, doc);
    warnings_section(result);

    const cJSON *lib = member(result, "library");
    if (text_of(lib, "version"))
        printf("\nEvaluated by %s %s.\n", or_dash(text_of(lib, "name")), text_of(lib, "version"));
}

int cli_check_text(const protocol_pack *pack, const char *pack_source, size_t pack_length,
                   const char *where, const char *text, size_t length,
                   const protocol_eval_options *opts)
{
    protocol_result *structured = NULL;
    char *json = NULL;
    size_t json_length = 0;
    protocol_error err;
    memset(&err, 0, sizeof err);
    if (protocol_evaluate_json_result(pack, text, length, opts, &structured, &err) !=
            PROTOCOL_OK ||
        protocol_result_render_json(structured, PROTOCOL_DETAIL_FULL, 0, &json, &json_length,
                                    &err) != PROTOCOL_OK) {
        protocol_result_free(structured);
        cli_lib_error(where, &err);
        return CLI_BAD;
    }
    protocol_result_counts counts = PROTOCOL_RESULT_COUNTS_INIT;
    int fails = protocol_result_get_counts(structured, &counts, &err) != PROTOCOL_OK || counts.fails;
    protocol_result_free(structured);
    cJSON *result = cJSON_ParseWithLength(json, json_length);
    protocol_free(json);
    if (!result) {
        cli_error("%s: the library gave a result that is not a JSON object", where);
        return CLI_BAD;
    }
    pack_doc doc = {NULL};
    if (pack_source)
        doc.root = cJSON_ParseWithLength(pack_source, pack_length);
    report(result, &doc, fails);
    cJSON_Delete(doc.root);
    cJSON_Delete(result);
    return cli_finish_output(fails ? CLI_FINDING : CLI_OK);
}
