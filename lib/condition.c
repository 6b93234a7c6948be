/*
 * Conditions: compiling the condition language of docs/pack-format.md into
 * flat nodes whose facts are slots, and evaluating them in Kleene
 * three-valued logic while keeping the unknown facts that decided the value.
 */
#include "compiler.h"

#include <string.h>

/* --- evaluation ----------------------------------------------------------- */

static pr_tri read_missing(pr_eval_ctx *ctx, uint32_t fact)
{
    /* Each fact once: a fact already on the stack stays there until the
     * node that pushed it pops it, which also pops anything above. */
    uint32_t pos = ctx->missing_pos[fact];
    if (pos < ctx->nmissing && ctx->missing[pos] == fact)
        return PR_UNKNOWN;
    ctx->missing_pos[fact] = ctx->nmissing;
    ctx->missing[ctx->nmissing++] = fact;
    return PR_UNKNOWN;
}

static pr_tri compare(int order, uint8_t op)
{
    switch (op) {
    case PR_LT: return order < 0 ? PR_TRUE : PR_FALSE;
    case PR_LE: return order <= 0 ? PR_TRUE : PR_FALSE;
    case PR_GT: return order > 0 ? PR_TRUE : PR_FALSE;
    default: return order >= 0 ? PR_TRUE : PR_FALSE;
    }
}

static pr_tri eval_node(const protocol_pack *pack, uint32_t index, pr_eval_ctx *ctx)
{
    const pr_cond *c = &pack->conds[index];
    switch ((pr_cond_kind)c->kind) {
    case PR_C_TRUE: return PR_TRUE;
    case PR_C_FALSE: return PR_FALSE;
    case PR_C_NOT: {
        pr_tri t = eval_node(pack, c->a, ctx);
        return t == PR_UNKNOWN ? PR_UNKNOWN : (t == PR_TRUE ? PR_FALSE : PR_TRUE);
    }
    case PR_C_ALL:
    case PR_C_ANY: {
        /* `all` is decided by a false, `any` by a true; the other value only
         * matters when no child decides. */
        pr_tri decisive = c->kind == PR_C_ALL ? PR_FALSE : PR_TRUE;
        uint32_t mark = ctx->nmissing;
        bool unknown = false;
        for (uint32_t i = 0; i < c->n; i++) {
            pr_tri t = eval_node(pack, pack->kids[c->a + i], ctx);
            if (t == decisive) {
                ctx->nmissing = mark;
                return decisive;
            }
            unknown |= t == PR_UNKNOWN;
        }
        return unknown ? PR_UNKNOWN : (decisive == PR_TRUE ? PR_FALSE : PR_TRUE);
    }
    case PR_C_DEADLINE: {
        uint8_t status = ctx->deadline_status[c->a];
        if (status == PR_DEADLINE_ABSENT)
            return PR_FALSE; /* the deadline does not run: it has no status */
        if (status == PROTOCOL_DEADLINE_UNKNOWN) {
            uint32_t fact = ctx->deadline_missing[c->a];
            return fact == PR_NONE ? PR_UNKNOWN : read_missing(ctx, fact);
        }
        return (c->n >> status) & 1u ? PR_TRUE : PR_FALSE;
    }
    default:
        break;
    }
    const pr_value *v = &ctx->values[c->fact];
    if (c->kind == PR_C_KNOWN)
        return v->known ? PR_TRUE : PR_FALSE;
    if (!v->known)
        return read_missing(ctx, c->fact);
    switch ((pr_cond_kind)c->kind) {
    case PR_C_FACT: return v->u.b ? PR_TRUE : PR_FALSE;
    case PR_C_EQ_BOOL: return (c->a >> (v->u.b ? 1 : 0)) & 1u ? PR_TRUE : PR_FALSE;
    case PR_C_IN_INT:
        for (uint32_t i = 0; i < c->n; i++)
            if (pack->consts[c->a + i].i == v->u.i)
                return PR_TRUE;
        return PR_FALSE;
    case PR_C_IN_ENUM:
        for (uint32_t i = 0; i < c->n; i++)
            if (pack->consts[c->a + i].e == v->u.e)
                return PR_TRUE;
        return PR_FALSE;
    case PR_C_IN_STR:
        for (uint32_t i = 0; i < c->n; i++)
            if (strcmp(pack->consts[c->a + i].s, v->u.s) == 0)
                return PR_TRUE;
        return PR_FALSE;
    case PR_C_CMP_NUM: {
        double x = (double)v->u.i, y = pack->consts[c->a].d;
        return compare((x > y) - (x < y), c->op);
    }
    case PR_C_CMP_TIME: return compare(pr_time_compare(&v->u.t, &pack->consts[c->a].t), c->op);
    case PR_C_CMP_FACT: {
        const pr_value *w = &ctx->values[c->a];
        if (!w->known)
            return read_missing(ctx, c->a);
        return compare(pr_time_compare(&v->u.t, &w->u.t), c->op);
    }
    default: return PR_UNKNOWN; /* not reached: every kind is handled */
    }
}

pr_tri pr_cond_eval(const protocol_pack *pack, uint32_t c, pr_eval_ctx *ctx)
{
    uint32_t mark = ctx->nmissing;
    pr_tri t = eval_node(pack, c, ctx);
    if (t != PR_UNKNOWN)
        ctx->nmissing = mark;
    return t;
}

/* --- compilation ----------------------------------------------------------- */

static bool grow(void **array, uint32_t *cap, uint32_t need, size_t size)
{
    if (need <= *cap)
        return true;
    uint32_t n = *cap ? *cap : 64;
    while (n < need) {
        if (n > UINT32_MAX / 2)
            return false;
        n *= 2;
    }
    void *p = pr_realloc(*array, (size_t)n * size);
    if (!p)
        return false;
    *array = p;
    *cap = n;
    return true;
}

static protocol_status new_node(pr_compiler *c, pr_cond_kind kind, uint32_t *out)
{
    protocol_pack *p = c->pack;
    void *conds = p->conds;
    if (p->nconds == PR_NONE - 1 || !grow(&conds, &p->cap_conds, p->nconds + 1, sizeof *p->conds))
        return pr_compiler_nomem(c);
    p->conds = conds;
    pr_cond *n = &p->conds[p->nconds];
    memset(n, 0, sizeof *n);
    n->kind = (uint8_t)kind;
    n->fact = PR_NONE;
    *out = p->nconds++;
    return PROTOCOL_OK;
}

static protocol_status reserve_consts(pr_compiler *c, uint32_t count, uint32_t *first)
{
    protocol_pack *p = c->pack;
    void *consts = p->consts;
    if (count > PR_NONE - 1 - p->nconsts ||
        !grow(&consts, &p->cap_consts, p->nconsts + count, sizeof *p->consts))
        return pr_compiler_nomem(c);
    p->consts = consts;
    *first = p->nconsts;
    p->nconsts += count;
    return PROTOCOL_OK;
}

static const char *type_name(pr_fact_type t)
{
    switch (t) {
    case PR_FACT_BOOL: return "bool";
    case PR_FACT_INTEGER: return "integer";
    case PR_FACT_ENUM: return "enum";
    case PR_FACT_DATETIME: return "datetime";
    case PR_FACT_STRING: return "string";
    }
    return "?";
}

/* The fact a condition names at the current pointer. */
static protocol_status fact_operand(pr_compiler *c, const cJSON *json, uint32_t *fact)
{
    if (!cJSON_IsString(json))
        return pr_compiler_fail(c, "malformed condition: expected a fact path as a string");
    *fact = pr_pack_find_fact(c->pack, json->valuestring);
    if (*fact == PR_NONE)
        return pr_compiler_fail(c, "unknown fact \"%s\": it is not declared in \"facts\"",
                                json->valuestring);
    return PROTOCOL_OK;
}

static protocol_status wrong_type(pr_compiler *c, const char *op, uint32_t fact, const char *needs)
{
    const pr_fact *f = &c->pack->facts[fact];
    return pr_compiler_fail(c, "\"%s\" needs %s, but fact \"%s\" is of type %s", op, needs, f->path,
                            type_name(f->type));
}

/* One value V of eq/in for `fact`, at the current pointer. */
static protocol_status literal(pr_compiler *c, uint32_t fact, const cJSON *v, pr_const *out)
{
    const pr_fact *f = &c->pack->facts[fact];
    switch (f->type) {
    case PR_FACT_BOOL:
        if (!cJSON_IsBool(v))
            return pr_compiler_fail(c, "fact \"%s\" is a bool: compare it with true or false",
                                    f->path);
        out->i = cJSON_IsTrue(v) ? 1 : 0;
        return PROTOCOL_OK;
    case PR_FACT_INTEGER: {
        double d = cJSON_IsNumber(v) ? v->valuedouble : 0.5;
        if (!pr_is_whole(d))
            return pr_compiler_fail(c,
                                    "fact \"%s\" is an integer: compare it with a whole "
                                    "number",
                                    f->path);
        out->i = (long long)d;
        return PROTOCOL_OK;
    }
    case PR_FACT_ENUM:
        if (cJSON_IsString(v))
            for (uint32_t i = 0; i < f->nvalues; i++)
                if (strcmp(f->values[i], v->valuestring) == 0) {
                    out->e = i;
                    return PROTOCOL_OK;
                }
        if (!cJSON_IsString(v))
            return pr_compiler_fail(c,
                                    "fact \"%s\" is an enum: compare it with one of its "
                                    "values as a string",
                                    f->path);
        return pr_compiler_fail(c, "enum value \"%s\" is not declared for fact \"%s\"",
                                v->valuestring, f->path);
    case PR_FACT_STRING:
        if (!cJSON_IsString(v))
            return pr_compiler_fail(c, "fact \"%s\" is a string: compare it with a string",
                                    f->path);
        return pr_compile_intern(c, v->valuestring, &out->s);
    case PR_FACT_DATETIME: break;
    }
    return pr_compiler_fail(c, "fact \"%s\" is a datetime: use lt, le, gt or ge, not eq or in",
                            f->path);
}

/* {"eq": [F, V]} and {"in": [F, [V...]]}; `op` is "eq" or "in". */
static protocol_status compile_match(pr_compiler *c, const char *op, const cJSON *args,
                                     uint32_t *out)
{
    bool in = op[0] == 'i';
    if (!cJSON_IsArray(args) || cJSON_GetArraySize(args) != 2)
        return pr_compiler_fail(c, "malformed condition: \"%s\" takes [fact path, %s]", op,
                                in ? "[values]" : "value");
    uint32_t fact;
    size_t mark = pr_compiler_push_index(c, 0);
    protocol_status s = fact_operand(c, args->child, &fact);
    pr_compiler_pop(c, mark);
    if (s != PROTOCOL_OK)
        return s;
    const cJSON *vals = args->child->next;
    mark = pr_compiler_push_index(c, 1);
    if (in && !cJSON_IsArray(vals)) {
        s = pr_compiler_fail(c, "malformed condition: \"in\" takes a list of values");
        pr_compiler_pop(c, mark);
        return s;
    }
    pr_fact_type type = c->pack->facts[fact].type;
    uint32_t count = in ? (uint32_t)cJSON_GetArraySize(vals) : 1;
    pr_cond_kind kind = type == PR_FACT_INTEGER  ? PR_C_IN_INT
                        : type == PR_FACT_ENUM   ? PR_C_IN_ENUM
                        : type == PR_FACT_STRING ? PR_C_IN_STR
                                                 : PR_C_EQ_BOOL;
    if (type == PR_FACT_DATETIME) {
        s = wrong_type(c, op, fact, "a bool, integer, enum or string fact");
        pr_compiler_pop(c, mark);
        return s;
    }
    uint32_t first = 0;
    if (kind != PR_C_EQ_BOOL)
        s = reserve_consts(c, count, &first);
    const cJSON *v = in ? vals->child : vals;
    bool seen[2] = {false, false};
    for (uint32_t i = 0; s == PROTOCOL_OK && i < count; i++, v = v->next) {
        size_t m2 = in ? pr_compiler_push_index(c, i) : c->pointer_length;
        pr_const k;
        s = literal(c, fact, v, &k);
        pr_compiler_pop(c, m2);
        if (s != PROTOCOL_OK)
            break;
        if (kind == PR_C_EQ_BOOL)
            seen[k.i] = true;
        else
            c->pack->consts[first + i] = k;
    }
    pr_compiler_pop(c, mark);
    if (s != PROTOCOL_OK)
        return s;
    s = new_node(c, kind, out);
    if (s != PROTOCOL_OK)
        return s;
    pr_cond *n = &c->pack->conds[*out];
    n->fact = fact;
    if (kind == PR_C_EQ_BOOL) {
        /* The values a bool may have to match, as bits; unknown stays
         * unknown even when both are listed. */
        n->a = (seen[0] ? 1u : 0u) | (seen[1] ? 2u : 0u);
    } else {
        n->a = first;
        n->n = count;
    }
    return PROTOCOL_OK;
}

static protocol_status compile_compare(pr_compiler *c, const char *op, const cJSON *args,
                                       uint32_t *out)
{
    if (!cJSON_IsArray(args) || cJSON_GetArraySize(args) != 2)
        return pr_compiler_fail(c, "malformed condition: \"%s\" takes [fact path, value]", op);
    uint32_t fact;
    size_t mark = pr_compiler_push_index(c, 0);
    protocol_status s = fact_operand(c, args->child, &fact);
    if (s == PROTOCOL_OK && c->pack->facts[fact].type != PR_FACT_INTEGER &&
        c->pack->facts[fact].type != PR_FACT_DATETIME)
        s = wrong_type(c, op, fact, "an integer or datetime fact");
    pr_compiler_pop(c, mark);
    if (s != PROTOCOL_OK)
        return s;
    const pr_fact *f = &c->pack->facts[fact];
    const cJSON *v = args->child->next;
    mark = pr_compiler_push_index(c, 1);
    pr_const k;
    pr_cond_kind kind;
    uint32_t other = PR_NONE;
    if (f->type == PR_FACT_INTEGER) {
        kind = PR_C_CMP_NUM;
        if (!cJSON_IsNumber(v) || !(v->valuedouble >= -1e300 && v->valuedouble <= 1e300))
            s = pr_compiler_fail(c, "fact \"%s\" is an integer: compare it with a number", f->path);
        k.d = s == PROTOCOL_OK ? v->valuedouble : 0;
    } else if (cJSON_IsString(v)) {
        kind = PR_C_CMP_TIME;
        protocol_error e;
        if (pr_time_parse_n(v->valuestring, strlen(v->valuestring), NULL, &k.t, &e) != PROTOCOL_OK)
            s = pr_compiler_fail(c, "not a datetime: %s", e.message);
    } else if (cJSON_IsObject(v) && v->child && !v->child->next &&
               strcmp(v->child->string, "fact") == 0) {
        kind = PR_C_CMP_FACT;
        size_t m2 = pr_compiler_push(c, "fact");
        s = fact_operand(c, v->child, &other);
        if (s == PROTOCOL_OK && c->pack->facts[other].type != PR_FACT_DATETIME)
            s = wrong_type(c, op, other, "a datetime fact to compare with");
        pr_compiler_pop(c, m2);
    } else {
        kind = PR_C_CMP_TIME;
        s = pr_compiler_fail(c,
                             "fact \"%s\" is a datetime: compare it with datetime text or "
                             "{\"fact\": PATH}",
                             f->path);
    }
    pr_compiler_pop(c, mark);
    uint32_t first = 0;
    if (s == PROTOCOL_OK && kind != PR_C_CMP_FACT) {
        s = reserve_consts(c, 1, &first);
        if (s == PROTOCOL_OK)
            c->pack->consts[first] = k;
    }
    if (s == PROTOCOL_OK)
        s = new_node(c, kind, out);
    if (s != PROTOCOL_OK)
        return s;
    pr_cond *n = &c->pack->conds[*out];
    n->fact = fact;
    n->op =
        (uint8_t)(op[0] == 'l' ? (op[1] == 't' ? PR_LT : PR_LE) : (op[1] == 't' ? PR_GT : PR_GE));
    n->a = kind == PR_C_CMP_FACT ? other : first;
    return PROTOCOL_OK;
}

static protocol_status compile_at(pr_compiler *c, const cJSON *json, uint32_t depth, uint32_t *out,
                                  uint32_t *out_depth, uint32_t *cost);

uint32_t pr_compiler_find_deadline(const pr_compiler *c, const char *id)
{
    uint32_t i = 0;
    for (const cJSON *d = c->deadlines_json ? c->deadlines_json->child : NULL; d;
         d = d->next, i++) {
        const cJSON *did = cJSON_GetObjectItemCaseSensitive(d, "id");
        if (cJSON_IsString(did) && strcmp(did->valuestring, id) == 0)
            return i;
    }
    return PR_NONE;
}

/* {"deadline": ID, "status": [S, ...]}: the deadline's status is one of S. */
static protocol_status compile_deadline_status(pr_compiler *c, const cJSON *json, uint32_t *out)
{
    static const char *const allowed[] = {"deadline", "status", NULL};
    PR_TRY(pr_compile_check_members(c, json, "a deadline condition", allowed));
    const char *id;
    PR_TRY(pr_compile_get_string(c, json, "deadline", true, &id));
    uint32_t d = pr_compiler_find_deadline(c, id);
    if (d == PR_NONE)
        return pr_compile_fail_member(c, "deadline",
                                      "unknown deadline \"%s\": the pack has no deadline with "
                                      "that id",
                                      id);
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(json, "status");
    if (!cJSON_IsArray(list) || !list->child)
        return pr_compile_fail_member(c, "status",
                                      "\"status\" must be a non-empty list of deadline statuses");
    uint32_t mask = 0, k = 0;
    for (const cJSON *s = list->child; s; s = s->next, k++) {
        int found = -1;
        for (int st = PROTOCOL_DEADLINE_MET; st <= PROTOCOL_DEADLINE_OVERDUE && cJSON_IsString(s);
             st++)
            if (strcmp(protocol_deadline_status_name((protocol_deadline_status)st),
                       s->valuestring) == 0)
                found = st;
        if (found < 0) {
            pr_compiler_push(c, "status");
            pr_compiler_push_index(c, k);
            return pr_compiler_fail(c, "a deadline status is one of \"met\", \"late\", "
                                       "\"pending\", \"due_today\", \"overdue\"");
        }
        mask |= 1u << found;
    }
    PR_TRY(new_node(c, PR_C_DEADLINE, out));
    c->pack->conds[*out].a = d;
    c->pack->conds[*out].n = mask;
    return PROTOCOL_OK;
}

static protocol_status compile_ref(pr_compiler *c, const cJSON *name, uint32_t depth, uint32_t *out,
                                   uint32_t *out_depth, uint32_t *cost)
{
    if (!cJSON_IsString(name))
        return pr_compiler_fail(c, "malformed condition: \"ref\" takes a definition name");
    uint32_t d = PR_NONE;
    for (uint32_t i = 0; i < c->ndefs; i++)
        if (strcmp(c->def_json[i]->string, name->valuestring) == 0) {
            d = i;
            break;
        }
    if (d == PR_NONE)
        return pr_compiler_fail(c,
                                "unknown ref \"%s\": there is no such name in "
                                "\"definitions\"",
                                name->valuestring);
    if (c->def_state[d] == 1)
        return pr_compiler_fail(c, "ref cycle: definition \"%s\" refers back to itself",
                                name->valuestring);
    if (c->def_state[d] == 0) {
        /* Compile the definition where it stands, so an error in it names
         * its own place; then come back to the ref. */
        char saved[sizeof c->pointer];
        size_t saved_length = c->pointer_length;
        memcpy(saved, c->pointer, saved_length + 1);
        c->pointer_length = 0;
        c->pointer[0] = '\0';
        pr_compiler_push(c, "definitions");
        pr_compiler_push(c, c->def_json[d]->string);
        c->def_state[d] = 1;
        protocol_status s = compile_at(c, c->def_json[d], depth, &c->def_root[d], &c->def_depth[d],
                                       &c->def_cost[d]);
        if (s != PROTOCOL_OK)
            return s; /* the error names the definition's place */
        c->def_state[d] = 2;
        memcpy(c->pointer, saved, saved_length + 1);
        c->pointer_length = saved_length;
    }
    *out = c->def_root[d];
    *out_depth = c->def_depth[d];
    *cost = c->def_cost[d];
    return PROTOCOL_OK;
}

static protocol_status compile_list(pr_compiler *c, pr_cond_kind kind, const cJSON *args,
                                    uint32_t depth, uint32_t *out, uint32_t *out_depth,
                                    uint32_t *cost)
{
    if (!cJSON_IsArray(args))
        return pr_compiler_fail(c, "malformed condition: \"%s\" takes a list of conditions",
                                kind == PR_C_ALL ? "all" : "any");
    protocol_pack *p = c->pack;
    uint32_t count = (uint32_t)cJSON_GetArraySize(args);
    void *kids = p->kids;
    if (count > PR_NONE - 1 - p->nkids ||
        !grow(&kids, &p->cap_kids, p->nkids + count, sizeof *p->kids))
        return pr_compiler_nomem(c);
    p->kids = kids;
    /* Reserve the children's slots now: compiling them appends more. */
    uint32_t first = p->nkids;
    p->nkids += count;
    uint32_t i = 0;
    for (const cJSON *e = args->child; e; e = e->next, i++) {
        size_t mark = pr_compiler_push_index(c, i);
        uint32_t k, d, k_cost;
        protocol_status s = compile_at(c, e, depth + 1, &k, &d, &k_cost);
        pr_compiler_pop(c, mark);
        if (s != PROTOCOL_OK)
            return s;
        p->kids[first + i] = k;
        if (d + 1 > *out_depth)
            *out_depth = d + 1;
        *cost = *cost + k_cost > PR_MAX_COND_COST ? PR_MAX_COND_COST + 1 : *cost + k_cost;
    }
    protocol_status s = new_node(c, kind, out);
    if (s == PROTOCOL_OK) {
        p->conds[*out].a = first;
        p->conds[*out].n = count;
    }
    return s;
}

/* Compile `json` at the current pointer, `depth` levels (through refs) below
 * the top. *out_depth is the height of the compiled node, *cost the nodes
 * one evaluation may visit. */
static protocol_status compile_at(pr_compiler *c, const cJSON *json, uint32_t depth, uint32_t *out,
                                  uint32_t *out_depth, uint32_t *cost)
{
    *out_depth = 1;
    *cost = 1;
    if (depth > PR_MAX_COND_DEPTH)
        return pr_compiler_fail(c, "conditions nest deeper than %d levels (counting refs)",
                                PR_MAX_COND_DEPTH);
    if (cJSON_IsBool(json))
        return new_node(c, cJSON_IsTrue(json) ? PR_C_TRUE : PR_C_FALSE, out);
    if (cJSON_IsObject(json) && cJSON_GetObjectItemCaseSensitive(json, "deadline"))
        return compile_deadline_status(c, json, out);
    if (!cJSON_IsObject(json) || !json->child || json->child->next)
        return pr_compiler_fail(c, "malformed condition: expected true, false or an object "
                                   "with exactly one operator (fact, known, not, all, any, "
                                   "eq, in, lt, le, gt, ge, ref; or deadline with status)");
    const cJSON *arg = json->child;
    const char *op = arg->string;
    size_t mark = pr_compiler_push(c, op);
    protocol_status s;
    uint32_t fact;
    if (strcmp(op, "fact") == 0 || strcmp(op, "known") == 0) {
        s = fact_operand(c, arg, &fact);
        if (s == PROTOCOL_OK && op[0] == 'f' && c->pack->facts[fact].type != PR_FACT_BOOL)
            s = wrong_type(c, "fact", fact,
                           "a bool fact (use eq, in or a comparison for "
                           "others)");
        if (s == PROTOCOL_OK)
            s = new_node(c, op[0] == 'f' ? PR_C_FACT : PR_C_KNOWN, out);
        if (s == PROTOCOL_OK)
            c->pack->conds[*out].fact = fact;
    } else if (strcmp(op, "not") == 0) {
        uint32_t k;
        s = compile_at(c, arg, depth + 1, &k, out_depth, cost);
        if (s == PROTOCOL_OK)
            s = new_node(c, PR_C_NOT, out);
        if (s == PROTOCOL_OK)
            c->pack->conds[*out].a = k;
        (*out_depth)++;
        (*cost)++;
    } else if (strcmp(op, "all") == 0 || strcmp(op, "any") == 0) {
        s = compile_list(c, op[1] == 'l' ? PR_C_ALL : PR_C_ANY, arg, depth, out, out_depth, cost);
    } else if (strcmp(op, "eq") == 0 || strcmp(op, "in") == 0) {
        s = compile_match(c, op, arg, out);
    } else if (strcmp(op, "lt") == 0 || strcmp(op, "le") == 0 || strcmp(op, "gt") == 0 ||
               strcmp(op, "ge") == 0) {
        s = compile_compare(c, op, arg, out);
    } else if (strcmp(op, "ref") == 0) {
        s = compile_ref(c, arg, depth, out, out_depth, cost);
        if (s != PROTOCOL_OK)
            return s; /* the pointer may be the definition's; leave it */
    } else {
        s = pr_compiler_fail(c, "malformed condition: unknown operator \"%s\"", op);
    }
    pr_compiler_pop(c, mark);
    if (s == PROTOCOL_OK && depth + *out_depth > PR_MAX_COND_DEPTH)
        s = pr_compiler_fail(c, "conditions nest deeper than %d levels (counting refs)",
                             PR_MAX_COND_DEPTH);
    if (s == PROTOCOL_OK && *cost > PR_MAX_COND_COST)
        s = pr_compiler_fail(c,
                             "this condition expands (through refs) to more than %u "
                             "nodes",
                             PR_MAX_COND_COST);
    return s;
}

protocol_status pr_cond_compile(pr_compiler *c, const cJSON *json, uint32_t *out)
{
    uint32_t depth, cost;
    return compile_at(c, json, 0, out, &depth, &cost);
}

protocol_status pr_definitions_compile(pr_compiler *c, const cJSON *defs)
{
    uint32_t n = (uint32_t)cJSON_GetArraySize(defs);
    c->def_json = pr_calloc(n ? n : 1, sizeof *c->def_json);
    c->def_root = pr_calloc(n ? n : 1, sizeof *c->def_root);
    c->def_depth = pr_calloc(n ? n : 1, sizeof *c->def_depth);
    c->def_cost = pr_calloc(n ? n : 1, sizeof *c->def_cost);
    c->def_state = pr_calloc(n ? n : 1, sizeof *c->def_state);
    if (!c->def_json || !c->def_root || !c->def_depth || !c->def_cost || !c->def_state)
        return pr_compiler_nomem(c);
    c->ndefs = n;
    uint32_t i = 0;
    for (const cJSON *d = defs ? defs->child : NULL; d; d = d->next)
        c->def_json[i++] = d;
    for (i = 0; i < n; i++) {
        if (c->def_state[i] != 0)
            continue;
        size_t mark = pr_compiler_push(c, c->def_json[i]->string);
        c->def_state[i] = 1;
        protocol_status s =
            compile_at(c, c->def_json[i], 0, &c->def_root[i], &c->def_depth[i], &c->def_cost[i]);
        if (s != PROTOCOL_OK)
            return s;
        c->def_state[i] = 2;
        pr_compiler_pop(c, mark);
    }
    return PROTOCOL_OK;
}

/* A condition member; `fallback` (PR_NONE: required) when absent. */
protocol_status pr_compile_get_cond(pr_compiler *c, const cJSON *obj, const char *name,
                                    uint32_t fallback, uint32_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!v) {
        if (fallback == PR_NONE)
            return pr_compiler_fail(c, "missing member \"%s\" (a condition)", name);
        *out = fallback;
        return PROTOCOL_OK;
    }
    size_t mark = pr_compiler_push(c, name);
    PR_TRY(pr_cond_compile(c, v, out));
    pr_compiler_pop(c, mark);
    return PROTOCOL_OK;
}
