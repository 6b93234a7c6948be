/*
 * libFuzzer harness: pack compilation from arbitrary text, then (when the
 * text compiles) running the pack's own tests and an empty case.
 */
#include <protocol/protocol.h>

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    protocol_error err;
    protocol_pack *pack = NULL;
    protocol_status status = protocol_pack_load_string((const char *)data, size, NULL, &pack, &err);
    if (status != PROTOCOL_OK) {
        if (pack || err.code != status || err.message[0] == '\0')
            abort();
        return 0;
    }
    size_t total = 0, failures = 0;
    char *report = NULL;
    if (protocol_pack_run_tests(pack, &total, &failures, &report, &err) == PROTOCOL_OK)
        protocol_free(report);
    char *out = NULL;
    if (protocol_evaluate_json(pack, "{}", 2, NULL, &out, NULL, &err) == PROTOCOL_OK)
        protocol_free(out);
    protocol_pack_free(pack);
    return 0;
}
