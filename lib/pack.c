/*
 * The compiled pack as an object: its string pool, which every string the
 * pack holds is stored in (so results are written by copying, never by
 * escaping), the look-ups the case reader and the compiler share, the names
 * of its enumerations, and freeing it.
 */
#include "engine.h"

#include <string.h>

/* --- the string pool ------------------------------------------------------- */

struct pr_pool_chunk {
    struct pr_pool_chunk *next;
    size_t used, size;
    char data[];
};

#define POOL_CHUNK_BYTES ((size_t)16 << 10)

const char *pr_pool_add(pr_pool *pool, const char *text)
{
    if (!text)
        return NULL;
    pool->scratch.length = 0;
    pr_buf_json_string(&pool->scratch, text);
    if (pool->scratch.failed || pool->scratch.length > UINT32_MAX)
        return NULL;
    uint32_t n = (uint32_t)pool->scratch.length;
    size_t length = strlen(text) + 1;
    size_t need = n + sizeof n + length;
    pr_pool_chunk *chunk = pool->chunks;
    if (!chunk || chunk->size - chunk->used < need) {
        size_t size = need > POOL_CHUNK_BYTES ? need : POOL_CHUNK_BYTES;
        chunk = pr_malloc(sizeof *chunk + size);
        if (!chunk)
            return NULL;
        chunk->next = pool->chunks;
        chunk->used = 0;
        chunk->size = size;
        pool->chunks = chunk;
    }
    char *at = chunk->data + chunk->used;
    memcpy(at, pool->scratch.data, n);
    memcpy(at + n, &n, sizeof n);
    memcpy(at + n + sizeof n, text, length);
    chunk->used += need;
    pool->bytes += need;
    return at + n + sizeof n;
}

void pr_pool_done(pr_pool *pool)
{
    pr_buf_free(&pool->scratch);
}

void pr_pool_free(pr_pool *pool)
{
    pr_pool_done(pool);
    for (pr_pool_chunk *c = pool->chunks, *next; c; c = next) {
        next = c->next;
        pr_free(c);
    }
    pool->chunks = NULL;
    pool->bytes = 0;
}

/* --- look-ups and names ------------------------------------------------------ */

uint32_t pr_pack_find_fact(const protocol_pack *pack, const char *path)
{
    /* Facts are sorted by path (see compile_facts). */
    uint32_t lo = 0, hi = pack->nfacts;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int order = strcmp(pack->facts[mid].path, path);
        if (order == 0)
            return mid;
        if (order < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return PR_NONE;
}

const char *const pr_rule_status_names[PR_RULE_NSTATUS + 1] = {
    "met", "not_met", "unknown", "not_applicable", "pending", NULL};

const char *pr_deadline_kind_name(protocol_deadline_kind k)
{
    return k == PROTOCOL_DEADLINE_SAME_DAY             ? "same_day"
           : k == PROTOCOL_DEADLINE_WORKING_DAYS_AFTER ? "working_days_after"
                                                       : "working_days_before";
}

/* The rule a variant is reported by: the old spelling's names, and
 * "UNIT_after" / "UNIT_before" for the other units. */
const char *pr_variant_rule_name(const pr_variant *v)
{
    static const char *const after[] = {"same_day",           "hours_after",
                                        "working_days_after", "calendar_days_after",
                                        "weeks_after",        "months_after"};
    static const char *const before[] = {
        "same_day",     "hours_before", "working_days_before", "calendar_days_before",
        "weeks_before", "months_before"};
    return v->before ? before[v->unit] : after[v->unit];
}

/* --- the pack ------------------------------------------------------------------- */

void protocol_pack_free(protocol_pack *pack)
{
    if (!pack)
        return;
    for (uint32_t i = 0; i < pack->nfacts; i++)
        pr_free(pack->facts[i].values);
    for (uint32_t i = 0; i < pack->ndecisions; i++) {
        pr_decision *d = &pack->decisions[i];
        pr_free(d->grounds);
        for (uint32_t k = 0; k < d->nconditions; k++)
            pr_free(d->conditions[k].outcomes);
        pr_free(d->conditions);
        pr_free(d->cases);
    }
    for (uint32_t i = 0; i < pack->nrules; i++)
        pr_free(pack->rules[i].explain);
    for (uint32_t i = 0; i < pack->ndeadlines; i++) {
        pr_free(pack->deadlines[i].variants);
        pr_free(pack->deadlines[i].pauses);
    }
    pr_free(pack->deadline_order);
    for (uint32_t i = 0; i < pack->nchecklists; i++)
        pr_free(pack->checklists[i].groups);
    for (uint32_t i = 0; i < pack->nconsistency; i++) {
        pr_free(pack->consistency[i].outcomes);
        pr_free(pack->consistency[i].duties);
    }
    pr_free(pack->constraints);
    pr_free(pack->consistency);
    for (uint32_t i = 0; i < pack->ncalendars; i++)
        protocol_calendar_free(pack->calendars[i]);
    pr_free(pack->calendars);
    pr_free(pack->facts);
    pr_free(pack->nodes);
    pr_free(pack->conds);
    pr_free(pack->kids);
    pr_free(pack->consts);
    pr_free(pack->decisions);
    pr_free(pack->rules);
    pr_free(pack->duties);
    pr_free(pack->deadlines);
    pr_free(pack->checklists);
    pr_free(pack->items);
    cJSON_Delete(pack->doc);
    pr_pool_free(&pack->pool);
    pr_free(pack);
}

const char *protocol_pack_id(const protocol_pack *pack)
{
    return pack ? pack->id : NULL;
}

const char *protocol_pack_version(const protocol_pack *pack)
{
    return pack ? pack->version : NULL;
}

const char *protocol_pack_title(const protocol_pack *pack)
{
    return pack ? pack->title : NULL;
}
