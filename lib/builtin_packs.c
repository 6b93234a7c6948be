/*
 * The packs built into the library: listing them and handing out their
 * JSON text. Compiling one is pack_compile.c's work.
 */
#include "builtin_packs.h"
#include "internal.h"

#include <string.h>

size_t protocol_builtin_pack_count(void)
{
    return pr_builtin_pack_total;
}

const char *protocol_builtin_pack_id(size_t index)
{
    return index < pr_builtin_pack_total ? pr_builtin_packs[index].id : NULL;
}

const char *protocol_default_pack_id(void)
{
    return "durham-2010";
}

protocol_status protocol_builtin_pack_source(const char *id, const char **text, size_t *length,
                                             protocol_error *err)
{
    if (!id || !text)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_builtin_pack_source needs an id and an output");
    for (size_t i = 0; i < pr_builtin_pack_total; i++) {
        if (strcmp(pr_builtin_packs[i].id, id) == 0) {
            *text = pr_builtin_packs[i].text;
            if (length)
                *length = pr_builtin_packs[i].length;
            return PROTOCOL_OK;
        }
    }
    return pr_fail(err, PROTOCOL_E_NOT_FOUND, id, "there is no built-in pack '%s'", id);
}
