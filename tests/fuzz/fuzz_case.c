/*
 * libFuzzer harness: case evaluation under every built-in pack, JSON text
 * in, JSON text out, and the NDJSON batch path. Any input must give either
 * a result or a clean error — never a crash, a leak or a hang.
 */
#include <protocol/protocol.h>

#include <stdlib.h>
#include <string.h>

static protocol_pack **packs;
static size_t pack_count;

static void load_packs(void)
{
    pack_count = protocol_builtin_pack_count();
    packs = calloc(pack_count, sizeof *packs);
    if (!packs)
        abort();
    for (size_t i = 0; i < pack_count; i++)
        if (protocol_pack_load_builtin(protocol_builtin_pack_id(i), &packs[i], NULL) != PROTOCOL_OK)
            abort(); /* a built-in pack that does not compile is a bug */
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (!packs)
        load_packs();
    if (size == 0 || pack_count == 0)
        return 0;
    /* The first byte picks the pack and the options. */
    protocol_pack *pack = packs[data[0] % pack_count];
    protocol_eval_options options = PROTOCOL_EVAL_OPTIONS_INIT;
    options.strict = data[0] & 0x10;
    options.pretty = data[0] & 0x20;
    options.default_as_of = "2026-11-25T09:00:00Z";
    const char *text = (const char *)data + 1;
    size_t length = size - 1;

    protocol_error err;
    char *out = NULL;
    size_t out_length = 0;
    protocol_status status = protocol_evaluate_json(pack, text, length, &options, &out, &out_length, &err);
    if (status == PROTOCOL_OK && (!out || strlen(out) != out_length))
        abort();
    if (status != PROTOCOL_OK && (err.code != status || err.message[0] == '\0'))
        abort(); /* every failure must say why */
    protocol_free(out);

    out = NULL;
    size_t failed = 0;
    status = protocol_evaluate_ndjson(pack, text, length, &options, &out, &out_length, &failed, &err);
    if (status != PROTOCOL_OK && status != PROTOCOL_E_NOMEM)
        abort(); /* the batch fails per line, not as a whole */
    protocol_free(out);
    return 0;
}
