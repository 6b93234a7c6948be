/*
 * Cases: reading case JSON into fact slots through the pack's schema tree
 * (checking every value against its declaration and warning about keys that
 * are not facts), straight from checked text or from a cJSON tree, and the
 * structured protocol_case_* API that does the same one fact at a time.
 */
#include "engine.h"
#include "json_scan.h"

#include <stdio.h>
#include <string.h>

static const char *const answer_names[] = {NULL, "met", "partly", "not_met", "not_applicable"};

int pr_answer_parse(const char *text)
{
    for (int i = 1; i <= 4; i++)
        if (strcmp(text, answer_names[i]) == 0)
            return i;
    return 0;
}

const char *pr_answer_name(int answer)
{
    return answer >= 1 && answer <= 4 ? answer_names[answer] : NULL;
}

/* One JSON value as the reader sees it, whether it comes from checked
 * text (read in place, no tree) or from a cJSON tree (pack tests). */
typedef struct jv {
    int type;           /* cJSON_False, cJSON_True, cJSON_NULL, ... */
    const char *string; /* cJSON_String: decoded, NUL-terminated */
    double number;      /* cJSON_Number */
    const cJSON *node;  /* from a tree: the node */
    size_t pos, end;    /* from text: where the value starts; where it ends, 0 until known */
} jv;

/* A short rendering of a case value for a message. */
static void describe(const jv *v, char *buf, size_t size)
{
    if (v->type == cJSON_String) {
        size_t n = strlen(v->string);
        if (n > 60)
            snprintf(buf, size, "\"%.57s...\"", v->string);
        else
            snprintf(buf, size, "\"%s\"", v->string);
    } else if (v->type == cJSON_Number) {
        snprintf(buf, size, "%.17g", v->number);
    } else if (v->type == cJSON_True || v->type == cJSON_False) {
        snprintf(buf, size, "%s", v->type == cJSON_True ? "true" : "false");
    } else if (v->type == cJSON_Array) {
        snprintf(buf, size, "an array");
    } else if (v->type == cJSON_Object) {
        snprintf(buf, size, "an object");
    } else {
        snprintf(buf, size, "null");
    }
}

/* --- checking one value against its declaration ------------------------- */

static protocol_status check_integer(const pr_fact *f, long long v, protocol_error *err)
{
    if (f->has_min && v < f->min)
        return pr_fail(err, PROTOCOL_E_CASE, f->path,
                       "case fact %s: %lld is below the minimum %lld", f->path, v, f->min);
    if (f->has_max && v > f->max)
        return pr_fail(err, PROTOCOL_E_CASE, f->path,
                       "case fact %s: %lld is above the maximum %lld", f->path, v, f->max);
    return PROTOCOL_OK;
}

static protocol_status enum_index(const pr_fact *f, const char *s, uint32_t *out,
                                  protocol_error *err)
{
    for (uint32_t i = 0; i < f->nvalues; i++)
        if (strcmp(f->values[i], s) == 0) {
            *out = i;
            return PROTOCOL_OK;
        }
    char list[256];
    size_t used = 0;
    list[0] = '\0';
    for (uint32_t i = 0; i < f->nvalues && used < sizeof list - 1; i++) {
        int n = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", f->values[i]);
        used = n < 0 ? used : used + (size_t)n;
    }
    char shown[80];
    snprintf(shown, sizeof shown, "%.60s%s", s, strlen(s) > 60 ? "..." : "");
    return pr_fail(err, PROTOCOL_E_CASE, f->path,
                   "case fact %s: \"%s\" is not one of its values (%s)", f->path, shown, list);
}

static const char *type_needs(pr_fact_type t)
{
    switch (t) {
    case PR_FACT_BOOL: return "true or false";
    case PR_FACT_INTEGER: return "a whole number";
    case PR_FACT_ENUM: return "one of its values as a string";
    case PR_FACT_DATETIME: return "a date or date-time as a string";
    case PR_FACT_STRING: return "a string";
    }
    return "?";
}

/* The value of fact `f` from JSON `v` (not null) into *out. */
static protocol_status read_value(const pr_fact *f, const jv *v, pr_value *out,
                                  protocol_error *err)
{
    char shown[80]; /* the value as messages show it, made only for one */
    bool ok;
    switch (f->type) {
    case PR_FACT_BOOL:
        ok = v->type == cJSON_True || v->type == cJSON_False;
        if (ok)
            out->u.b = v->type == cJSON_True;
        break;
    case PR_FACT_INTEGER: {
        ok = v->type == cJSON_Number;
        if (!ok)
            break;
        double d = v->number;
        if (!pr_is_whole(d)) {
            describe(v, shown, sizeof shown);
            bool in_range = d >= -9007199254740992.0 && d <= 9007199254740992.0;
            return pr_fail(err, PROTOCOL_E_CASE, f->path, "case fact %s: %s is %s", f->path, shown,
                           in_range ? "not a whole number" : "out of range");
        }
        out->u.i = (long long)d;
        protocol_status s = check_integer(f, out->u.i, err);
        if (s != PROTOCOL_OK)
            return s;
        break;
    }
    case PR_FACT_ENUM:
        ok = v->type == cJSON_String;
        if (ok) {
            protocol_status s = enum_index(f, v->string, &out->u.e, err);
            if (s != PROTOCOL_OK)
                return s;
        }
        break;
    case PR_FACT_DATETIME:
        ok = v->type == cJSON_String;
        if (ok) {
            protocol_status s =
                pr_time_parse_n(v->string, strlen(v->string), f->path, &out->u.t, err);
            if (s != PROTOCOL_OK) {
                if (err) {
                    char message[sizeof err->message];
                    memcpy(message, err->message, sizeof message);
                    pr_fail(err, s, f->path, "case fact %s: %s", f->path, message);
                }
                return s;
            }
        }
        break;
    case PR_FACT_STRING:
        ok = v->type == cJSON_String;
        if (ok)
            out->u.s = v->string;
        break;
    default: ok = false;
    }
    if (!ok) {
        describe(v, shown, sizeof shown);
        return pr_fail(err, PROTOCOL_E_CASE, f->path, "case fact %s must be %s or null, not %s",
                       f->path, type_needs(f->type), shown);
    }
    out->known = true;
    return PROTOCOL_OK;
}

/* --- reading case JSON --------------------------------------------------- */

typedef struct reader {
    const protocol_pack *pack;
    const char *text; /* for places in errors; NULL: none */
    size_t length;
    const char *src;  /* checked text read in place; NULL: a cJSON tree */
    char *arena;      /* decoded strings of src: length + 1 bytes in all */
    size_t used;
    size_t key_length; /* of the key member() gave last */
    int strict;
    size_t max_facts, count;
    pr_facts *facts;
    protocol_result *result;
    protocol_error *err;
    const char *keys[PR_MAX_SEGMENTS + 3];
    uint32_t depth; /* keys[0 .. depth] name the member being read */
} reader;

/* --- walking checked text in place -------------------------------------- */

static size_t skip_ws(const char *s, size_t p)
{
    while (s[p] == ' ' || s[p] == '\n' || s[p] == '\r' || s[p] == '\t')
        p++;
    return p;
}

/* Whether any of the 8 bytes at p is a quote or a backslash (the exact
 * zero-byte test on the bytes xored with each). */
static bool quote_or_backslash(const char *p)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t x;
    memcpy(&x, p, 8);
    uint64_t quote = x ^ (ones * '"'), backslash = x ^ (ones * '\\');
    return (((quote - ones) & ~quote) | ((backslash - ones) & ~backslash)) & high;
}

/* The string whose opening quote is at *p, decoded into the arena, with
 * its length in *length; *p moves past its closing quote. The text is
 * checked, so every escape is whole and the string ends; decoded, no
 * string is longer than its text, which is what bounds the arena (the
 * copy may write up to 8 bytes past the decoded string: the slack). */
static const char *decode(reader *r, size_t *p, size_t *length)
{
    const char *s = r->src;
    char *out = r->arena + r->used;
    size_t q = *p + 1, k = 0;
    /* Eight bytes at a time while none ends the plain run. */
    while (r->length - q >= 8 && !quote_or_backslash(s + q)) {
        memcpy(out + k, s + q, 8);
        k += 8;
        q += 8;
    }
    while (s[q] != '"' && s[q] != '\\')
        out[k++] = s[q++];
    if (s[q] == '"') {
        out[k] = '\0';
        *p = q + 1;
    } else {
        pr_json_key_decode((const unsigned char *)s + *p, (const unsigned char *)s + r->length,
                           out, r->length + PR_CASE_ARENA_SLACK - r->used);
        k = strlen(out);
        while (s[q] != '"')
            q += s[q] == '\\' ? 2 : 1;
        *p = q + 1;
    }
    r->used += k + 1;
    *length = k;
    return out;
}

/* Past the array or object that opens at p. */
static size_t skip_container(const char *s, size_t p)
{
    size_t depth = 0;
    for (;; p++) {
        char c = s[p];
        if (c == '"') {
            for (p++; s[p] != '"'; p++)
                if (s[p] == '\\')
                    p++;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if ((c == '}' || c == ']') && --depth == 0) {
            return p + 1;
        }
    }
}

/* The value that starts at p (no whitespace before it). */
static void text_value(reader *r, size_t p, jv *v)
{
    const char *s = r->src;
    v->pos = p;
    v->end = 0;
    switch (s[p]) {
    case '{': v->type = cJSON_Object; break;
    case '[': v->type = cJSON_Array; break;
    case '"':
        v->type = cJSON_String;
        v->string = decode(r, &p, &(size_t){0});
        v->end = p;
        break;
    case 't': v->type = cJSON_True; v->end = p + 4; break;
    case 'f': v->type = cJSON_False; v->end = p + 5; break;
    case 'n': v->type = cJSON_NULL; v->end = p + 4; break;
    default: {
        size_t q = p;
        while (q < r->length && (s[q] == '-' || s[q] == '+' || s[q] == '.' || s[q] == 'e' ||
                                 s[q] == 'E' || (s[q] >= '0' && s[q] <= '9')))
            q++;
        v->type = cJSON_Number;
        v->number = pr_json_number(s + p, q - p);
        v->end = q;
    }
    }
}

/* The first member of object `obj` (first) or the one after `value`, into
 * *key and *value; false after the last (from text, obj->end is then known). */
static bool member(reader *r, jv *obj, bool first, const char **key, jv *value)
{
    if (!r->src) {
        const cJSON *m = first ? obj->node->child : value->node->next;
        if (!m)
            return false;
        *key = m->string;
        r->key_length = strlen(m->string);
        value->type = m->type & 0xFF;
        value->string = m->valuestring;
        value->number = m->valuedouble;
        value->node = m;
        return true;
    }
    const char *s = r->src;
    size_t p;
    if (first)
        p = skip_ws(s, obj->pos + 1);
    else
        p = skip_ws(s, value->end ? value->end : skip_container(s, value->pos));
    if (s[p] == ',')
        p = skip_ws(s, p + 1);
    if (s[p] == '}') {
        obj->end = p + 1;
        return false;
    }
    *key = decode(r, &p, &r->key_length);
    p = skip_ws(s, p);
    text_value(r, skip_ws(s, p + 1), value); /* past the ':' */
    return true;
}

/* The dotted path of the member being read. */
static void dotted(const reader *r, pr_buf *b)
{
    for (uint32_t i = 0; i <= r->depth; i++) {
        if (i)
            pr_buf_putc(b, '.');
        pr_buf_puts(b, r->keys[i]);
    }
}

/* Give the error in *err the line and column of the member being read. */
static protocol_status locate(const reader *r, protocol_status s)
{
    if (!r->err || !r->text)
        return s;
    char pointer[1024] = "";
    for (uint32_t i = 0; i <= r->depth; i++)
        pr_json_pointer_push(pointer, sizeof pointer, r->keys[i]);
    pr_json_locate(r->text, r->length, pointer, &r->err->line, &r->err->column);
    return s;
}

static protocol_status fail_here(const reader *r, protocol_status code, const char *fmt, ...)
    PR_PRINTF(3, 4);
static protocol_status fail_here(const reader *r, protocol_status code, const char *fmt, ...)
{
    pr_buf path = PR_BUF_INIT;
    dotted(r, &path);
    char message[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    protocol_status s = path.failed ? pr_nomem(r->err)
                                    : pr_fail(r->err, code, path.data, "%s %s", path.data, message);
    pr_buf_free(&path);
    return s == PROTOCOL_E_NOMEM ? s : locate(r, s);
}

static protocol_status count_fact(reader *r)
{
    if (++r->count > r->max_facts)
        return fail_here(r, PROTOCOL_E_LIMIT_FACTS,
                         "is one value more than the limit of %zu facts in one case", r->max_facts);
    return PROTOCOL_OK;
}

/* A key that is no fact: a warning, or in strict mode an error. */
static protocol_status unknown_key(reader *r, const char *what)
{
    pr_buf path = PR_BUF_INIT;
    dotted(r, &path);
    if (path.failed)
        return pr_nomem(r->err);
    /* {"risk.child": true} names a fact, but facts are nested objects. */
    const char *hint =
        strchr(r->keys[r->depth], '.') && pr_pack_find_fact(r->pack, path.data) != PR_NONE
            ? " (facts are nested objects: write each segment of the path as "
              "an object member)"
            : "";
    protocol_status s =
        r->strict ? fail_here(r, PROTOCOL_E_CASE, "is not %s of pack \"%s\" (strict mode)%s", what,
                              r->pack->id, hint)
                  : pr_result_warn(r->result, path.data, r->err, "not %s of pack \"%s\"; ignored%s",
                                   what, r->pack->id, hint);
    pr_buf_free(&path);
    return s;
}

static uint32_t find_child(const protocol_pack *pack, uint32_t node, const char *key,
                           size_t key_length)
{
    uint32_t lo = pack->nodes[node].first_child;
    uint32_t hi = lo + pack->nodes[node].nchildren;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const pr_node *n = &pack->nodes[mid];
        /* strcmp by hand, eight bytes at a time while both have them:
         * names are a few bytes, and the library call's set-up cost more
         * than the comparison in a case's every key. */
        size_t length = n->name_length, k = 0, both = length < key_length ? length : key_length;
        uint64_t a8, b8;
        for (; k + 8 <= both; k += 8) {
            memcpy(&a8, n->name + k, 8);
            memcpy(&b8, key + k, 8);
            if (a8 != b8)
                break;
        }
        while (k < both && n->name[k] == key[k])
            k++;
        int order;
        if (k < both) {
            unsigned char a = (unsigned char)n->name[k], b = (unsigned char)key[k];
            order = (a > b) - (a < b);
        } else {
            order = length == key_length ? 0 : length < key_length ? -1 : 1;
        }
        if (order == 0)
            return mid;
        if (order < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return PR_NONE;
}

static protocol_status read_answers(reader *r, jv *answers)
{
    const protocol_pack *p = r->pack;
    if (answers->type == cJSON_NULL)
        return PROTOCOL_OK;
    if (answers->type != cJSON_Object)
        return fail_here(r, PROTOCOL_E_CASE, "must be an object of checklist answers");
    const char *name;
    jv cl;
    for (bool more = member(r, answers, true, &name, &cl); more;
         more = member(r, answers, false, &name, &cl)) {
        r->keys[1] = name;
        r->depth = 1;
        const pr_checklist *list = NULL;
        for (uint32_t i = 0; i < p->nchecklists && !list; i++)
            if (strcmp(p->checklists[i].id, name) == 0)
                list = &p->checklists[i];
        protocol_status s = PROTOCOL_OK;
        if (!list) {
            s = count_fact(r);
            if (s == PROTOCOL_OK)
                s = unknown_key(r, "a checklist");
        } else if (cl.type != cJSON_Object && cl.type != cJSON_NULL) {
            s = fail_here(r, PROTOCOL_E_CASE, "must be an object of item answers");
        }
        const char *id;
        jv a;
        bool items = list && cl.type == cJSON_Object;
        for (bool more_items = items && member(r, &cl, true, &id, &a);
             more_items && s == PROTOCOL_OK; more_items = member(r, &cl, false, &id, &a)) {
            r->keys[2] = id;
            r->depth = 2;
            uint32_t item = PR_NONE;
            for (uint32_t i = 0; i < list->nitems && item == PR_NONE; i++)
                if (strcmp(p->items[list->first_item + i].id, id) == 0)
                    item = list->first_item + i;
            s = count_fact(r);
            if (s != PROTOCOL_OK)
                break;
            if (item == PR_NONE) {
                s = unknown_key(r, "an item of that checklist");
                continue;
            }
            if (a.type == cJSON_NULL)
                continue;
            int answer = a.type == cJSON_String ? pr_answer_parse(a.string) : 0;
            if (!answer) {
                char shown[80];
                describe(&a, shown, sizeof shown);
                s = fail_here(r, PROTOCOL_E_CASE,
                              "must be \"met\", \"partly\", \"not_met\", \"not_applicable\" or "
                              "null, not %s",
                              shown);
                break;
            }
            r->facts->answers[item] = (uint8_t)answer;
        }
        if (s != PROTOCOL_OK)
            return s;
    }
    return PROTOCOL_OK;
}

static protocol_status read_object(reader *r, uint32_t node, jv *obj)
{
    const protocol_pack *p = r->pack;
    uint32_t depth = r->depth;
    const char *key;
    jv m;
    for (bool more = member(r, obj, true, &key, &m); more; more = member(r, obj, false, &key, &m)) {
        r->depth = depth;
        r->keys[depth] = key;
        protocol_status s;
        if (node == 0 && r->key_length == 5 && memcmp(key, "as_of", 5) == 0) {
            s = count_fact(r);
            if (s == PROTOCOL_OK && m.type == cJSON_String) {
                s = pr_time_parse_n(m.string, strlen(m.string), "as_of", &r->facts->as_of,
                                    r->err);
                r->facts->has_as_of = s == PROTOCOL_OK;
                if (s != PROTOCOL_OK)
                    return locate(r, s);
            } else if (s == PROTOCOL_OK && m.type != cJSON_NULL) {
                char shown[80];
                describe(&m, shown, sizeof shown);
                s = fail_here(r, PROTOCOL_E_CASE,
                              "must be a date or date-time string or null, "
                              "not %s",
                              shown);
            }
        } else if (node == 0 && r->key_length == 7 && memcmp(key, "answers", 7) == 0) {
            s = read_answers(r, &m);
        } else {
            uint32_t child = find_child(p, node, key, r->key_length);
            if (child == PR_NONE) {
                s = count_fact(r);
                if (s == PROTOCOL_OK)
                    s = unknown_key(r, "a fact");
            } else if (p->nodes[child].fact != PR_NONE) {
                uint32_t f = p->nodes[child].fact;
                s = count_fact(r);
                if (s == PROTOCOL_OK && m.type != cJSON_NULL) {
                    s = read_value(&p->facts[f], &m, &r->facts->values[f], r->err);
                    if (s != PROTOCOL_OK && s != PROTOCOL_E_NOMEM)
                        s = locate(r, s);
                }
            } else if (m.type == cJSON_Object) {
                r->depth = depth + 1;
                s = read_object(r, child, &m);
            } else if (m.type == cJSON_NULL) {
                s = PROTOCOL_OK; /* everything under it is unknown */
            } else {
                char shown[80];
                describe(&m, shown, sizeof shown);
                s = fail_here(r, PROTOCOL_E_CASE, "must be an object holding facts, not %s", shown);
            }
        }
        if (s != PROTOCOL_OK)
            return s;
    }
    r->depth = depth;
    return PROTOCOL_OK;
}

static protocol_status read_root(reader *r, jv *root)
{
    if (root->type != cJSON_Object) {
        int line = 1, column = 1;
        if (r->text)
            pr_json_locate(r->text, r->length, "", &line, &column);
        return pr_fail_at(r->err, PROTOCOL_E_CASE, "", line, column,
                          "a case must be a JSON object of facts");
    }
    return read_object(r, 0, root);
}

static void reader_init(reader *r, const protocol_pack *pack, const char *text, size_t length,
                        int strict, size_t max_facts, pr_facts *facts, protocol_result *result,
                        protocol_error *err)
{
    *r = (reader){.pack = pack, .text = text, .length = length, .strict = strict,
                  .max_facts = max_facts, .facts = facts, .result = result, .err = err};
}

protocol_status pr_case_read(const protocol_pack *pack, const cJSON *root, const char *text,
                             size_t length, int strict, size_t max_facts, pr_facts *facts,
                             protocol_result *result, protocol_error *err)
{
    reader r;
    reader_init(&r, pack, text, length, strict, max_facts, facts, result, err);
    jv v = {.type = root ? root->type & 0xFF : cJSON_Invalid, .node = root};
    return read_root(&r, &v);
}

protocol_status pr_case_read_text(const protocol_pack *pack, const char *text, size_t length,
                                  int strict, size_t max_facts, char *arena, pr_facts *facts,
                                  protocol_result *result, protocol_error *err)
{
    reader r;
    reader_init(&r, pack, text, length, strict, max_facts, facts, result, err);
    r.src = text;
    r.arena = arena;
    jv v;
    text_value(&r, skip_ws(text, 0), &v);
    return read_root(&r, &v);
}

/* --- structured cases --------------------------------------------------- */

protocol_status protocol_case_new(const protocol_pack *pack, protocol_case **out,
                                  protocol_error *err)
{
    if (!pack || !out)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_case_new needs a pack and an output");
    *out = NULL;
    size_t nf = pack->nfacts, ni = pack->nitems;
    protocol_case *c = pr_calloc(1, sizeof *c);
    if (!c)
        return pr_nomem(err);
    c->pack = pack;
    c->facts.values = pr_calloc(nf + 1, sizeof *c->facts.values);
    c->strings = pr_calloc(nf + 1, sizeof *c->strings);
    c->facts.answers = pr_calloc(ni + 1, 1);
    if (!c->facts.values || !c->strings || !c->facts.answers) {
        protocol_case_free(c);
        return pr_nomem(err);
    }
    *out = c;
    return PROTOCOL_OK;
}

void protocol_case_reset(protocol_case *c)
{
    if (!c)
        return;
    for (uint32_t i = 0; i < c->pack->nfacts; i++) {
        pr_free(c->strings[i]);
        c->strings[i] = NULL;
        c->facts.values[i].known = false;
    }
    memset(c->facts.answers, 0, c->pack->nitems);
    c->facts.has_as_of = false;
}

void protocol_case_free(protocol_case *c)
{
    if (!c)
        return;
    if (c->strings)
        for (uint32_t i = 0; i < c->pack->nfacts; i++)
            pr_free(c->strings[i]);
    pr_free(c->strings);
    pr_free(c->facts.values);
    pr_free(c->facts.answers);
    pr_free(c);
}

/* The declared fact at `path`, of one of the types in `mask` (bits by
 * pr_fact_type); `setter` names the call for the message. */
static protocol_status lookup(protocol_case *c, const char *path, unsigned mask, const char *setter,
                              uint32_t *out, protocol_error *err)
{
    if (!c || !path)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL, "%s needs a case and a path",
                       setter);
    *out = pr_pack_find_fact(c->pack, path);
    if (*out == PR_NONE)
        return pr_fail(err, PROTOCOL_E_NOT_FOUND, path, "%s is not a fact of pack \"%s\"", path,
                       c->pack->id);
    const pr_fact *f = &c->pack->facts[*out];
    if (!(mask & (1u << f->type)))
        return pr_fail(err, PROTOCOL_E_CASE, path, "case fact %s takes %s; %s cannot set it", path,
                       type_needs(f->type), setter);
    return PROTOCOL_OK;
}

static void forget(protocol_case *c, uint32_t f)
{
    pr_free(c->strings[f]);
    c->strings[f] = NULL;
    c->facts.values[f].known = false;
}

protocol_status protocol_case_set_bool(protocol_case *c, const char *path, int value,
                                       protocol_error *err)
{
    uint32_t f = PR_NONE;
    protocol_status s = lookup(c, path, 1u << PR_FACT_BOOL, "protocol_case_set_bool", &f, err);
    if (s != PROTOCOL_OK)
        return s;
    forget(c, f);
    c->facts.values[f].u.b = value != 0;
    c->facts.values[f].known = true;
    return PROTOCOL_OK;
}

protocol_status protocol_case_set_integer(protocol_case *c, const char *path, long long value,
                                          protocol_error *err)
{
    uint32_t f = PR_NONE;
    protocol_status s =
        lookup(c, path, 1u << PR_FACT_INTEGER, "protocol_case_set_integer", &f, err);
    if (s != PROTOCOL_OK)
        return s;
    s = check_integer(&c->pack->facts[f], value, err);
    if (s != PROTOCOL_OK)
        return s;
    forget(c, f);
    c->facts.values[f].u.i = value;
    c->facts.values[f].known = true;
    return PROTOCOL_OK;
}

protocol_status protocol_case_set_string(protocol_case *c, const char *path, const char *value,
                                         protocol_error *err)
{
    uint32_t f = PR_NONE;
    protocol_status s = lookup(c, path, 1u << PR_FACT_ENUM | 1u << PR_FACT_STRING,
                               "protocol_case_set_string", &f, err);
    if (s != PROTOCOL_OK)
        return s;
    if (!value)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, path,
                       "protocol_case_set_string needs a value (protocol_case_unset makes a "
                       "fact unknown)");
    const pr_fact *fact = &c->pack->facts[f];
    pr_value v = {.known = true};
    if (fact->type == PR_FACT_ENUM) {
        s = enum_index(fact, value, &v.u.e, err);
        if (s != PROTOCOL_OK)
            return s;
        forget(c, f);
    } else {
        char *copy = pr_strdup(value);
        if (!copy)
            return pr_nomem(err);
        forget(c, f);
        c->strings[f] = copy;
        v.u.s = copy;
    }
    c->facts.values[f] = v;
    return PROTOCOL_OK;
}

protocol_status protocol_case_set_time(protocol_case *c, const char *path, const char *text,
                                       protocol_error *err)
{
    uint32_t f = PR_NONE;
    protocol_status s = lookup(c, path, 1u << PR_FACT_DATETIME, "protocol_case_set_time", &f, err);
    if (s != PROTOCOL_OK)
        return s;
    if (!text)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, path,
                       "protocol_case_set_time needs time text");
    protocol_time t;
    s = pr_time_parse_n(text, strlen(text), path, &t, err);
    if (s != PROTOCOL_OK)
        return s;
    forget(c, f);
    c->facts.values[f].u.t = t;
    c->facts.values[f].known = true;
    return PROTOCOL_OK;
}

protocol_status protocol_case_unset(protocol_case *c, const char *path, protocol_error *err)
{
    uint32_t f = PR_NONE;
    protocol_status s = lookup(c, path, 0x1F, "protocol_case_unset", &f, err);
    if (s == PROTOCOL_OK)
        forget(c, f);
    return s;
}

protocol_status protocol_case_set_answer(protocol_case *c, const char *checklist_id,
                                         const char *item_id, const char *answer,
                                         protocol_error *err)
{
    if (!c || !checklist_id || !item_id || !answer)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_case_set_answer needs a case, a checklist, an item and an "
                       "answer");
    const protocol_pack *p = c->pack;
    for (uint32_t i = 0; i < p->nchecklists; i++) {
        const pr_checklist *cl = &p->checklists[i];
        if (strcmp(cl->id, checklist_id) != 0)
            continue;
        for (uint32_t k = cl->first_item; k < cl->first_item + cl->nitems; k++) {
            if (strcmp(p->items[k].id, item_id) != 0)
                continue;
            int a = pr_answer_parse(answer);
            if (!a)
                return pr_fail(err, PROTOCOL_E_CASE, item_id,
                               "\"%s\" is not an answer (met, partly, not_met, "
                               "not_applicable)",
                               answer);
            c->facts.answers[k] = (uint8_t)a;
            return PROTOCOL_OK;
        }
        return pr_fail(err, PROTOCOL_E_NOT_FOUND, item_id, "checklist \"%s\" has no item \"%s\"",
                       checklist_id, item_id);
    }
    return pr_fail(err, PROTOCOL_E_NOT_FOUND, checklist_id, "pack \"%s\" has no checklist \"%s\"",
                   p->id, checklist_id);
}

protocol_status protocol_case_set_as_of(protocol_case *c, const char *text, protocol_error *err)
{
    if (!c)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_case_set_as_of needs a case");
    if (!text) {
        c->facts.has_as_of = false;
        return PROTOCOL_OK;
    }
    protocol_time t;
    protocol_status s = pr_time_parse_n(text, strlen(text), "as_of", &t, err);
    if (s != PROTOCOL_OK)
        return s;
    c->facts.as_of = t;
    c->facts.has_as_of = true;
    return PROTOCOL_OK;
}
