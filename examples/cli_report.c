/*
 * protocol check --format text: the result of one case as a report a
 * practitioner can follow — what must be done and by when, what was
 * decided, which rules hold and which do not, which facts are missing —
 * each finding with its citation. It reads the result JSON (SPEC §7), the
 * same document a vendor's system gets, so the report never says anything
 * the JSON does not.
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

/* A whole number member; 0 when absent or not a number. */
static int number_of(const cJSON *obj, const char *key, long *out)
{
    const cJSON *v = member(obj, key);
    if (!cJSON_IsNumber(v))
        return 0;
    *out = (long)v->valuedouble;
    return 1;
}

static int is_status(const cJSON *finding, const char *status)
{
    const char *s = text_of(finding, "status");
    return s && strcmp(s, status) == 0;
}

/* What the pack's source says about its facts and decision conditions, so
 * that a missing fact or a condition is shown in words, not only by name.
 * NULL when the source is not at hand: the report then shows names. */
typedef struct pack_doc {
    cJSON *root;
} pack_doc;

static const char *fact_description(const pack_doc *doc, const char *path)
{
    return text_of(member(member(doc->root, "facts"), path), "description");
}

static const char *decision_condition_text(const pack_doc *doc, const char *decision,
                                           const char *condition)
{
    const cJSON *d;
    cJSON_ArrayForEach(d, member(doc->root, "decisions"))
    {
        const char *id = text_of(d, "id");
        if (!id || strcmp(id, decision) != 0)
            continue;
        const cJSON *c;
        cJSON_ArrayForEach(c, member(d, "conditions"))
        {
            const char *cid = text_of(c, "id");
            if (cid && strcmp(cid, condition) == 0)
                return text_of(c, "text");
        }
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

/* "LABEL: a, b, c" wrapped, continuation lines indented under it, from the
 * strings of an array (or the ids of its objects when `key` is not NULL,
 * keeping those whose status is `status`). Nothing when there are none. */
static void list_line(int indent, const char *label, const cJSON *array, const char *key,
                      const char *status)
{
    size_t size = strlen(label) + 3, n = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v, array)
    {
        const char *s = key ? (is_status(v, status) ? text_of(v, key) : NULL)
                            : cJSON_IsString(v) ? v->valuestring : NULL;
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
    cJSON_ArrayForEach(v, array)
    {
        const char *s = key ? (is_status(v, status) ? text_of(v, key) : NULL)
                            : cJSON_IsString(v) ? v->valuestring : NULL;
        if (s)
            used += (size_t)snprintf(buf + used, size - used, "%s %s", used > strlen(label) + 1 ? "," : "", s);
    }
    para(indent, 4, buf);
    free(buf);
}

static const char *or_dash(const char *s)
{
    return s && *s ? s : "-";
}

/* ---- sections -------------------------------------------------------------- */

static void header(const cJSON *result)
{
    const cJSON *pack = member(result, "pack");
    const char *title = text_of(pack, "title");
    printf("%s\n", title ? title : or_dash(text_of(pack, "id")));
    printf("Pack %s %s", or_dash(text_of(pack, "id")), or_dash(text_of(pack, "version")));
    const char *as_of = text_of(result, "as_of");
    printf(", as of %s", as_of ? as_of : "(no time given: deadlines cannot be judged)");
    const cJSON *lib = member(result, "library");
    if (text_of(lib, "version"))
        printf(" (%s %s)", or_dash(text_of(lib, "name")), text_of(lib, "version"));
    putchar('\n');
}

/* The verdict a reader needs first, and the reason for the exit status. */
static void verdict(const cJSON *result, int fails)
{
    long not_met = 0, unknown = 0, duties = 0, late = 0, overdue = 0;
    const cJSON *r;
    cJSON_ArrayForEach(r, member(result, "rules"))
    {
        not_met += is_status(r, "not_met");
        unknown += is_status(r, "unknown");
    }
    duties = array_size(result, "duties");
    cJSON_ArrayForEach(r, member(result, "deadlines"))
    {
        late += is_status(r, "late");
        overdue += is_status(r, "overdue");
    }
    char buf[512];
    if (fails)
        snprintf(buf, sizeof buf,
                 "Outcome: ACTION NEEDED: %ld rule%s not met, %ld deadline%s overdue, "
                 "%ld met late.",
                 not_met, not_met == 1 ? "" : "s", overdue, overdue == 1 ? "" : "s", late);
    else
        snprintf(buf, sizeof buf,
                 "Outcome: no rule is broken and no deadline is missed on what the case "
                 "says.");
    printf("\n");
    para(0, 9, buf);
    if (unknown) {
        snprintf(buf, sizeof buf,
                 "%ld rule%s cannot be decided until the missing facts below are recorded.",
                 unknown, unknown == 1 ? "" : "s");
        para(9, 0, buf);
    }
    if (duties) {
        snprintf(buf, sizeof buf, "%ld dut%s triggered: see what must be done.", duties,
                 duties == 1 ? "y is" : "ies are");
        para(9, 0, buf);
    }
}

static void urgency_words(const char *urgency, char *buf, size_t size)
{
    int n;
    if (!urgency)
        snprintf(buf, size, "no urgency given");
    else if (strcmp(urgency, "immediate") == 0)
        snprintf(buf, size, "at once");
    else if (strcmp(urgency, "same_day") == 0)
        snprintf(buf, size, "the same day");
    else if (sscanf(urgency, "within_%d_working_days", &n) == 1)
        snprintf(buf, size, "within %d working day%s", n, n == 1 ? "" : "s");
    else
        snprintf(buf, size, "%s", urgency);
}

static void duties_section(const cJSON *result)
{
    const cJSON *d;
    cJSON_ArrayForEach(d, member(result, "duties"))
    {
        char when[64], line[768];
        urgency_words(text_of(d, "urgency"), when, sizeof when);
        const char *due = text_of(d, "due");
        const char *title = text_of(d, "title");
        snprintf(line, sizeof line, "%s: %s%s%s%s [%s]", title ? title : or_dash(text_of(d, "id")),
                 when, due ? " (by the end of " : "", due ? due : "", due ? ")" : "",
                 or_dash(text_of(d, "id")));
        printf("  * ");
        wrap(4, 6, line);
        putchar('\n');
        bullets(6, member(d, "details"));
        citation(6, d);
    }
}

static void deadline_rule_words(const cJSON *d, char *buf, size_t size)
{
    const char *rule = text_of(d, "rule");
    long n = 0;
    number_of(d, "working_days", &n);
    const char *start = text_of(d, "start");
    if (rule && strcmp(rule, "same_day") == 0)
        snprintf(buf, size, "the same day as the start%s%s", start ? ", " : "",
                 start ? start : "");
    else if (rule && strcmp(rule, "working_days_before") == 0)
        snprintf(buf, size, "%ld working day%s before %s", n, n == 1 ? "" : "s",
                 start ? start : "the start");
    else if (rule)
        snprintf(buf, size, "%ld working day%s after %s", n, n == 1 ? "" : "s",
                 start ? start : "the start");
    else
        snprintf(buf, size, "no rule chosen");
}

static void deadline_status_words(const cJSON *d, char *buf, size_t size)
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
    else if (strcmp(status, "unknown") == 0)
        snprintf(buf, size, "cannot be judged: the start time or the evaluation time is "
                            "missing");
    else
        snprintf(buf, size, "%s", status);
}

static void deadlines_section(const cJSON *result)
{
    const cJSON *d;
    cJSON_ArrayForEach(d, member(result, "deadlines"))
    {
        char rule[256], status[256], line[768];
        deadline_rule_words(d, rule, sizeof rule);
        deadline_status_words(d, status, sizeof status);
        const char *title = text_of(d, "title");
        const char *due = text_of(d, "due");
        const char *calendar = text_of(d, "calendar");
        snprintf(line, sizeof line, "%s: due %s%s (%s%s%s) [%s]",
                 title ? title : or_dash(text_of(d, "id")),
                 due ? "by the end of " : "not yet known", due ? due : "", rule,
                 calendar ? ", " : "", calendar ? calendar : "", or_dash(text_of(d, "id")));
        printf("  * ");
        wrap(4, 6, line);
        putchar('\n');
        para(6, 2, status);
        citation(6, d);
    }
}

static void decisions_section(const cJSON *result, const pack_doc *doc)
{
    const cJSON *d;
    int count = array_size(result, "decisions");
    if (!count)
        return;
    heading("Decisions", -1);
    cJSON_ArrayForEach(d, member(result, "decisions"))
    {
        const char *id = or_dash(text_of(d, "id"));
        const char *title = text_of(d, "title");
        char line[768];
        if (title)
            snprintf(line, sizeof line, "%s: %s [%s]", title, or_dash(text_of(d, "outcome")), id);
        else
            snprintf(line, sizeof line, "%s: %s", id, or_dash(text_of(d, "outcome")));
        printf("  * ");
        wrap(4, 6, line);
        putchar('\n');
        bullets(6, member(d, "reasons"));
        list_line(6, "Grounds that hold", member(d, "grounds"), NULL, NULL);
        const cJSON *conditions = member(d, "conditions");
        if (cJSON_GetArraySize(conditions) > 0) {
            printf("%*sBefore acting on it:\n", 6, "");
            const cJSON *c;
            cJSON_ArrayForEach(c, conditions)
            {
                if (!cJSON_IsString(c))
                    continue;
                const char *words =
                    doc->root ? decision_condition_text(doc, id, c->valuestring) : NULL;
                char item[600];
                if (words)
                    snprintf(item, sizeof item, "%s [%s]", words, c->valuestring);
                else
                    snprintf(item, sizeof item, "%s", c->valuestring);
                printf("%*s- ", 8, "");
                wrap(10, 10, item);
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
    int count = 0;
    const cJSON *r;
    cJSON_ArrayForEach(r, member(result, "rules")) count += is_status(r, status);
    if (!count)
        return;
    heading(title, count);
    cJSON_ArrayForEach(r, member(result, "rules"))
    {
        if (!is_status(r, status))
            continue;
        char line[768];
        snprintf(line, sizeof line, "%s %s", or_dash(text_of(r, "id")),
                 or_dash(text_of(r, "title")));
        printf("  * ");
        wrap(4, 6, line);
        putchar('\n');
        if (!brief) {
            bullets(6, member(r, "reasons"));
            list_line(6, "Missing facts", member(r, "missing_facts"), NULL, NULL);
        }
        citation(6, r);
    }
}

static void not_applicable(const cJSON *result)
{
    int count = 0;
    const cJSON *r;
    cJSON_ArrayForEach(r, member(result, "rules")) count += is_status(r, "not_applicable");
    if (!count)
        return;
    heading("Rules that do not apply to this case", count);
    list_line(2, "Rules", member(result, "rules"), "id", "not_applicable");
}

/* Every missing fact once, with what needs it and what it means. */
static void missing_facts_section(const cJSON *result, const pack_doc *doc)
{
    static const char *const kinds[] = {"decisions", "rules"};
    cJSON *seen = cJSON_CreateObject();
    if (!seen)
        return;
    for (size_t k = 0; k < 2; k++) {
        const cJSON *f;
        cJSON_ArrayForEach(f, member(result, kinds[k]))
        {
            const char *id = text_of(f, "id");
            const cJSON *m;
            cJSON_ArrayForEach(m, member(f, "missing_facts"))
            {
                if (!cJSON_IsString(m) || !id)
                    continue;
                cJSON *users = cJSON_GetObjectItemCaseSensitive(seen, m->valuestring);
                if (!users) {
                    users = cJSON_AddArrayToObject(seen, m->valuestring);
                    if (!users)
                        continue;
                }
                cJSON *name = cJSON_CreateString(id);
                if (!name || !cJSON_AddItemToArray(users, name))
                    cJSON_Delete(name);
            }
        }
    }
    int count = cJSON_GetArraySize(seen);
    if (count) {
        heading("Facts to record to complete the check", count);
        const cJSON *users;
        cJSON_ArrayForEach(users, seen)
        {
            const char *what = doc->root ? fact_description(doc, users->string) : NULL;
            char line[768];
            snprintf(line, sizeof line, "%s%s%s", users->string, what ? ": " : "",
                     what ? what : "");
            printf("  * ");
            wrap(4, 6, line);
            putchar('\n');
            list_line(6, "Needed by", users, NULL, NULL);
        }
    }
    cJSON_Delete(seen);
}

static void checklists_section(const cJSON *result)
{
    int count = array_size(result, "checklists");
    if (!count)
        return;
    heading("Checklists", count);
    const cJSON *c;
    cJSON_ArrayForEach(c, member(result, "checklists"))
    {
        const cJSON *score = member(c, "score");
        char line[768], pct[32];
        if (cJSON_IsNumber(score))
            snprintf(pct, sizeof pct, "%.1f%%", score->valuedouble);
        else
            snprintf(pct, sizeof pct, "no score");
        const char *title = text_of(c, "title");
        snprintf(line, sizeof line, "%s: %s, %s [%s]", title ? title : or_dash(text_of(c, "id")),
                 pct, or_dash(text_of(c, "rag")), or_dash(text_of(c, "id")));
        printf("  * ");
        wrap(4, 6, line);
        putchar('\n');
        const cJSON *g;
        cJSON_ArrayForEach(g, member(c, "groups"))
        {
            const cJSON *gs = member(g, "score");
            const char *gt = text_of(g, "title");
            if (cJSON_IsNumber(gs))
                snprintf(pct, sizeof pct, "%.1f%%", gs->valuedouble);
            else
                snprintf(pct, sizeof pct, "not answered");
            snprintf(line, sizeof line, "%s: %s", gt ? gt : or_dash(text_of(g, "id")), pct);
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
        printf("  * ");
        wrap(4, 6, line);
        putchar('\n');
    }
}

static void report(const cJSON *result, const pack_doc *doc, int fails)
{
    header(result);
    verdict(result, fails);

    heading("What must be done, and by when", -1);
    if (!array_size(result, "duties") && !array_size(result, "deadlines"))
        para(2, 0, "Nothing: no duty is triggered and no deadline applies.");
    duties_section(result);
    deadlines_section(result);

    decisions_section(result, doc);
    rules_with(result, "not_met", "Rules not met", 0);
    rules_with(result, "unknown", "Rules that cannot be decided yet", 0);
    rules_with(result, "met", "Rules met", 1);
    not_applicable(result);
    missing_facts_section(result, doc);
    checklists_section(result);
    warnings_section(result);
}

int cli_check_text(const protocol_pack *pack, const char *pack_source, size_t pack_length,
                   const char *where, const char *text, size_t length,
                   const protocol_eval_options *opts)
{
    protocol_eval_options compact = *opts;
    compact.pretty = 0;
    char *json = NULL;
    size_t json_length = 0;
    protocol_error err;
    memset(&err, 0, sizeof err);
    if (protocol_evaluate_json(pack, text, length, &compact, &json, &json_length, &err) !=
        PROTOCOL_OK) {
        cli_lib_error(where, &err);
        return CLI_BAD;
    }
    int fails = cli_result_fails(json, json_length);
    cJSON *result = cJSON_ParseWithLength(json, json_length);
    protocol_free(json);
    if (!result || fails < 0) {
        cJSON_Delete(result);
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
