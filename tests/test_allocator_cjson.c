/*
 * The allocator hook and a host that uses cJSON itself (one mode a process:
 * the hook can be set only once).
 *
 *   test_allocator_cjson keep      protocol_set_allocator_ex(..., KEEP_CJSON_HOOKS):
 *                                  the host's own cJSON hooks stay in force
 *   test_allocator_cjson replace   protocol_set_allocator(): cJSON's hooks
 *                                  become the library's hook (documented)
 */
#include "check.h"

#include <protocol/protocol.h>

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static size_t host_cjson_calls; /* the host's own cJSON hook */
static size_t library_calls;    /* the hook given to libprotocol */

static void *host_malloc(size_t n)
{
    host_cjson_calls++;
    return malloc(n);
}

static void *library_malloc(size_t n)
{
    library_calls++;
    return malloc(n);
}

static void *library_realloc(void *p, size_t n)
{
    library_calls++;
    return realloc(p, n);
}

/* Evaluate a case under a pack compiled from its JSON text (cJSON reads it). */
static void use_the_library(void)
{
    protocol_error err;
    const char *text = NULL;
    size_t length = 0;
    protocol_pack *pack = NULL;
    CHECK(protocol_builtin_pack_source("durham-2010", &text, &length, &err) == PROTOCOL_OK);
    CHECK(protocol_pack_load_string(text, length, NULL, &pack, &err) == PROTOCOL_OK);
    const char *c = "{\"consent\": {\"status\": \"refused\"}}";
    char *json = NULL;
    CHECK(protocol_evaluate_json(pack, c, strlen(c), NULL, &json, NULL, &err) == PROTOCOL_OK);
    CHECK(json && strstr(json, "\"durham-2010\""));
    protocol_free(json);
    protocol_pack_free(pack);
}

int main(int argc, char **argv)
{
    int keep = argc > 1 && strcmp(argv[1], "keep") == 0;
    cJSON_Hooks host = {host_malloc, free};
    cJSON_InitHooks(&host);
    protocol_allocator a = {library_malloc, library_realloc, free};
    protocol_error err;
    CHECK(protocol_set_allocator_ex(&a, 0x80u, &err) == PROTOCOL_E_INVALID_ARGUMENT);
    if (keep)
        CHECK(protocol_set_allocator_ex(&a, PROTOCOL_ALLOCATOR_KEEP_CJSON_HOOKS, &err) ==
              PROTOCOL_OK);
    else
        CHECK(protocol_set_allocator(&a, &err) == PROTOCOL_OK);

    /* The host's own cJSON use. */
    size_t host_before = host_cjson_calls, library_before = library_calls;
    cJSON *mine = cJSON_Parse("{\"host\": [1, 2, 3]}");
    CHECK(mine != NULL);
    cJSON_Delete(mine);
    if (keep) {
        CHECK(host_cjson_calls > host_before);  /* still the host's hook */
        CHECK(library_calls == library_before); /* not the library's */
    } else {
        CHECK(host_cjson_calls == host_before); /* replaced, as documented */
        CHECK(library_calls > library_before);
    }

    /* The library's own allocations always reach its hook. */
    library_before = library_calls;
    host_before = host_cjson_calls;
    use_the_library();
    CHECK(library_calls > library_before);
    if (keep)
        CHECK(host_cjson_calls > host_before); /* the pack text parsed by cJSON */
    else
        CHECK(host_cjson_calls == host_before);
    printf("%s: %d failure%s\n", keep ? "keep" : "replace", failures, failures == 1 ? "" : "s");
    return failures ? 1 : 0;
}
