/*
 * Versions of a guidance over time: a pack's effective dates, and choosing,
 * among packs given together, the version of a family in force on a date
 * (docs/pack-format.md, "Effective dates").
 */
#include "engine.h"
#include "internal.h"

#include <stdio.h>
#include <string.h>

#define TRY(expr)                                                                                  \
    do {                                                                                           \
        protocol_status try_status_ = (expr);                                                      \
        if (try_status_ != PROTOCOL_OK)                                                            \
            return try_status_;                                                                    \
    } while (0)

const char *protocol_pack_family(const protocol_pack *pack)
{
    return pack ? pack->family : NULL;
}

const char *protocol_pack_effective_from(const protocol_pack *pack)
{
    return pack ? pack->effective_from : NULL;
}

const char *protocol_pack_effective_to(const protocol_pack *pack)
{
    return pack ? pack->effective_to : NULL;
}

const char *protocol_pack_supersedes(const protocol_pack *pack)
{
    return pack ? pack->supersedes : NULL;
}

/* In force on `day` by its own dates (supersession aside). */
static bool dated_in_force(const protocol_pack *p, int32_t day)
{
    if (p->effective_from && day < p->from_day)
        return false;
    if (p->effective_to && day > p->to_day)
        return false;
    return true;
}

/* Superseded on `day` by a pack of the set that names it and has taken over. */
static const protocol_pack *superseded_by(const protocol_pack *const *packs, size_t count,
                                          const protocol_pack *p, int32_t day)
{
    for (size_t i = 0; i < count; i++)
        if (packs[i]->supersedes && strcmp(packs[i]->supersedes, p->id) == 0 &&
            day >= packs[i]->from_day)
            return packs[i];
    return NULL;
}

static protocol_status check_set(const protocol_pack *const *packs, size_t count,
                                 protocol_error *err)
{
    for (size_t i = 0; i < count; i++) {
        if (!packs[i])
            return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL, "pack %zu of the set is NULL",
                           i);
        for (size_t k = 0; k < i; k++)
            if (strcmp(packs[k]->id, packs[i]->id) == 0)
                return pr_fail(err, PROTOCOL_E_PACK, packs[i]->id,
                               "two packs of the set have the id \"%s\"", packs[i]->id);
    }
    for (size_t i = 0; i < count; i++) {
        const char *old = packs[i]->supersedes;
        if (!old)
            continue;
        size_t k = 0;
        while (k < count && strcmp(packs[k]->id, old) != 0)
            k++;
        if (k == count)
            return pr_fail(err, PROTOCOL_E_PACK, packs[i]->id,
                           "pack \"%s\" supersedes \"%s\", which is not among the packs given",
                           packs[i]->id, old);
        if (packs[k]->effective_from && packs[k]->from_day >= packs[i]->from_day)
            return pr_fail(err, PROTOCOL_E_PACK, packs[i]->id,
                           "pack \"%s\" (from %s) supersedes \"%s\", which only takes effect "
                           "on %s",
                           packs[i]->id, packs[i]->effective_from, old, packs[k]->effective_from);
    }
    return PROTOCOL_OK;
}

protocol_status protocol_pack_select(const protocol_pack *const *packs, size_t count,
                                     const char *name, const char *as_of, size_t *index,
                                     protocol_error *err)
{
    if ((!packs && count) || !name || !index)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_pack_select needs packs, a name and an output");
    TRY(check_set(packs, count, err));
    for (size_t i = 0; i < count; i++)
        if (strcmp(packs[i]->id, name) == 0) {
            *index = i;
            return PROTOCOL_OK;
        }
    size_t versions = 0, only = 0;
    for (size_t i = 0; i < count; i++)
        if (strcmp(packs[i]->family, name) == 0) {
            versions++;
            only = i;
        }
    if (versions == 0)
        return pr_fail(err, PROTOCOL_E_NOT_FOUND, name, "there is no pack or pack family \"%s\"",
                       name);
    if (!as_of) {
        if (versions == 1 && !packs[only]->effective_from) {
            *index = only;
            return PROTOCOL_OK;
        }
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, name,
                       "pack family \"%s\" has dated versions: an evaluation time (as_of) is "
                       "needed to choose the one in force",
                       name);
    }
    protocol_time t;
    TRY(pr_time_parse_n(as_of, strlen(as_of), "as_of", &t, err));
    int32_t day = pr_days_from_civil(t.date.year, t.date.month, t.date.day);
    size_t found = count;
    for (size_t i = 0; i < count; i++) {
        const protocol_pack *p = packs[i];
        if (strcmp(p->family, name) != 0 || !dated_in_force(p, day) ||
            superseded_by(packs, count, p, day))
            continue;
        if (found != count)
            return pr_fail(err, PROTOCOL_E_PACK, name,
                           "packs \"%s\" and \"%s\" of family \"%s\" are both in force on "
                           "%04d-%02d-%02d: one must supersede the other or end first",
                           packs[found]->id, p->id, name, t.date.year, t.date.month, t.date.day);
        found = i;
    }
    if (found == count) {
        char list[200] = "";
        size_t used = 0;
        for (size_t i = 0; i < count && used < sizeof list; i++)
            if (strcmp(packs[i]->family, name) == 0) {
                int n = snprintf(list + used, sizeof list - used, "%s%s from %s", used ? "; " : "",
                                 packs[i]->id,
                                 packs[i]->effective_from ? packs[i]->effective_from : "always");
                used += n > 0 ? (size_t)n : 0;
            }
        return pr_fail(err, PROTOCOL_E_NOT_FOUND, name,
                       "no version of pack family \"%s\" was in force on %04d-%02d-%02d (%s)", name,
                       t.date.year, t.date.month, t.date.day, list);
    }
    *index = found;
    return PROTOCOL_OK;
}

/* Every built-in pack, compiled; *out (count entries) is freed with free_all. */
static void free_all(protocol_pack **packs, size_t count)
{
    for (size_t i = 0; i < count; i++)
        protocol_pack_free(packs[i]);
    pr_free(packs);
}

static protocol_status load_all(protocol_pack ***out, size_t *count, protocol_error *err)
{
    size_t n = protocol_builtin_pack_count();
    protocol_pack **packs = pr_calloc(n ? n : 1, sizeof *packs);
    if (!packs)
        return pr_nomem(err);
    for (size_t i = 0; i < n; i++) {
        protocol_status s = protocol_pack_load_builtin(protocol_builtin_pack_id(i), &packs[i], err);
        if (s != PROTOCOL_OK) {
            free_all(packs, n);
            return s;
        }
    }
    *out = packs;
    *count = n;
    return PROTOCOL_OK;
}

protocol_status protocol_builtin_pack_select(const char *name, const char *as_of, const char **id,
                                             protocol_error *err)
{
    if (!name || !id)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_builtin_pack_select needs a name and an output");
    protocol_pack **packs;
    size_t count, index;
    TRY(load_all(&packs, &count, err));
    protocol_status s =
        protocol_pack_select((const protocol_pack *const *)packs, count, name, as_of, &index, err);
    if (s == PROTOCOL_OK)
        *id = protocol_builtin_pack_id(index);
    free_all(packs, count);
    return s;
}

protocol_status protocol_builtin_pack_in_force(const char *as_of, size_t *ids, size_t capacity,
                                               size_t *count, protocol_error *err)
{
    if (!as_of || !count || (!ids && capacity))
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_builtin_pack_in_force needs an as-of time and a count");
    protocol_time t;
    TRY(pr_time_parse_n(as_of, strlen(as_of), "as_of", &t, err));
    int32_t day = pr_days_from_civil(t.date.year, t.date.month, t.date.day);
    protocol_pack **packs;
    size_t total;
    TRY(load_all(&packs, &total, err));
    protocol_status s = check_set((const protocol_pack *const *)packs, total, err);
    size_t n = 0;
    for (size_t i = 0; s == PROTOCOL_OK && i < total; i++) {
        if (!dated_in_force(packs[i], day) ||
            superseded_by((const protocol_pack *const *)packs, total, packs[i], day))
            continue;
        if (n < capacity)
            ids[n] = i;
        n++;
    }
    free_all(packs, total);
    if (s != PROTOCOL_OK)
        return s;
    *count = n;
    if (n > capacity)
        return pr_fail(err, PROTOCOL_E_BUFFER_TOO_SMALL, NULL,
                       "%zu packs are in force; room for %zu was given", n, capacity);
    return PROTOCOL_OK;
}

protocol_status protocol_case_json_as_of(const char *case_json, size_t length,
                                         const protocol_eval_options *options, char **as_of,
                                         protocol_error *err)
{
    if (!case_json || !as_of)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_case_json_as_of needs case JSON and an output");
    *as_of = NULL;
    protocol_eval_options storage;
    const protocol_eval_options *o;
    protocol_limits limits;
    TRY(pr_options_check(options, &storage, &o, &limits, err));
    protocol_time t;
    const char *text = NULL;
    cJSON *root = NULL;
    if (o->as_of) {
        text = o->as_of;
    } else {
        TRY(pr_json_parse(case_json, length, &limits, "case", &root, err));
        const cJSON *v =
            cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, "as_of") : NULL;
        if (v && cJSON_IsString(v))
            text = v->valuestring;
        else if (v && !cJSON_IsNull(v)) {
            cJSON_Delete(root);
            return pr_fail(err, PROTOCOL_E_CASE, "as_of", "\"as_of\" must be datetime text");
        } else
            text = o->default_as_of;
    }
    protocol_status s = PROTOCOL_OK;
    if (text) {
        s = pr_time_parse_n(text, strlen(text), "as_of", &t, err);
        char buf[40];
        if (s == PROTOCOL_OK)
            s = protocol_time_format(&t, buf, sizeof buf, err);
        if (s == PROTOCOL_OK) {
            *as_of = pr_strdup(buf);
            if (!*as_of)
                s = pr_nomem(err);
        }
    }
    cJSON_Delete(root);
    return s;
}
