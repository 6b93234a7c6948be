#!/usr/bin/env python3
"""The native library's answers for the JavaScript binding's tests.

Reads a JSON list of jobs on stdin, runs each through the native
libprotocol (the shared library of a meson build, loaded with ctypes; its
path is the first argument) and writes a JSON list of answers: for each
job {"text": ...} or {"error": {"code", "message", "place", "line",
"column"}}. Jobs:
  {"pack": P, "case": TEXT, "options": O}   protocol_evaluate_json
  {"pack": P, "ndjson": TEXT, "options": O} protocol_evaluate_ndjson
  {"pack": P, "tests": true}                protocol_pack_run_tests
                                            (text: "TOTAL FAILURES\\nREPORT")
  {"pack": P}                               protocol_pack_load_* alone
where P is {"builtin": ID} or {"text": PACK_JSON}, and O holds any of
as_of, default_as_of (text), strict, pretty (booleans).

Independent of the Python binding on purpose: the reference is the C
library itself, called the way include/protocol/pack.h documents.
"""
import ctypes
import json
import sys
from ctypes import POINTER, Structure, byref, c_char, c_char_p, c_int, c_size_t, c_uint, c_void_p


class Error(Structure):
    _fields_ = [("code", c_int), ("line", c_int), ("column", c_int),
                ("place", c_char * 256), ("message", c_char * 512)]


class Limits(Structure):
    _fields_ = [(name, c_size_t) for name in
                ("max_input_bytes", "max_depth", "max_string_bytes", "max_facts", "max_line_bytes")]


class EvalOptions(Structure):
    _fields_ = [("struct_version", c_uint), ("strict", c_int), ("as_of", c_char_p),
                ("default_as_of", c_char_p), ("pretty", c_int), ("limits", Limits)]


def main():
    lib = ctypes.CDLL(sys.argv[1])
    lib.protocol_free.argtypes = [c_void_p]
    lib.protocol_pack_free.argtypes = [c_void_p]
    jobs = json.load(sys.stdin)
    answers = []
    for job in jobs:
        err = Error()
        pack = c_void_p()
        spec = job["pack"]
        if "builtin" in spec:
            status = lib.protocol_pack_load_builtin(spec["builtin"].encode(), byref(pack), byref(err))
        else:
            text = spec["text"].encode()
            status = lib.protocol_pack_load_string(text, c_size_t(len(text)), None, byref(pack),
                                                   byref(err))
        out = POINTER(c_char)()
        length = c_size_t()
        if status == 0:
            opts = EvalOptions()
            opts.struct_version = 1
            o = job.get("options") or {}
            opts.strict = 1 if o.get("strict") else 0
            opts.pretty = 1 if o.get("pretty") else 0
            opts.as_of = o["as_of"].encode() if o.get("as_of") else None
            opts.default_as_of = o["default_as_of"].encode() if o.get("default_as_of") else None
            if "case" in job:
                data = job["case"].encode()
                status = lib.protocol_evaluate_json(pack, data, c_size_t(len(data)), byref(opts),
                                                    byref(out), byref(length), byref(err))
            elif "ndjson" in job:
                data = job["ndjson"].encode()
                status = lib.protocol_evaluate_ndjson(pack, data, c_size_t(len(data)), byref(opts),
                                                      byref(out), byref(length), None, byref(err))
            elif job.get("tests"):
                total, failures = c_size_t(), c_size_t()
                status = lib.protocol_pack_run_tests(pack, byref(total), byref(failures),
                                                     byref(out), byref(err))
                if status == 0:
                    report = ctypes.string_at(out)
                    lib.protocol_free(out)
                    out = None
                    text = b"%d %d\n" % (total.value, failures.value) + report
                    length = c_size_t(len(text))
            lib.protocol_pack_free(pack)
        if status != 0:
            answers.append({"error": {
                "code": err.code, "message": err.message.decode(), "place": err.place.decode(),
                "line": err.line, "column": err.column}})
        elif "case" in job or "ndjson" in job:
            answers.append({"text": ctypes.string_at(out, length.value).decode()})
            lib.protocol_free(out)
        elif job.get("tests"):
            answers.append({"text": text.decode()})
        else:
            answers.append({"text": ""})
    json.dump(answers, sys.stdout)


if __name__ == "__main__":
    main()
