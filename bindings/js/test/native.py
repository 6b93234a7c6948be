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
  {"clock": C}                              protocol_clock_compute (text: the
                                            result as JSON, times formatted)
where P is {"builtin": ID} or {"text": PACK_JSON}, and O holds any of
as_of, default_as_of (text), strict, pretty (booleans).

Independent of the Python binding on purpose: the reference is the C
library itself, called the way include/protocol/pack.h documents.
"""
import ctypes
import json
import sys
from ctypes import (POINTER, Structure, byref, c_char, c_char_p, c_int, c_int32, c_int64, c_size_t,
                    c_uint, c_uint32, c_void_p)


class Error(Structure):
    _fields_ = [("code", c_int), ("line", c_int), ("column", c_int),
                ("place", c_char * 256), ("message", c_char * 512)]


class Limits(Structure):
    _fields_ = [(name, c_size_t) for name in
                ("max_input_bytes", "max_depth", "max_string_bytes", "max_facts", "max_line_bytes")]


class EvalOptions(Structure):
    _fields_ = [("struct_version", c_uint), ("strict", c_int), ("as_of", c_char_p),
                ("default_as_of", c_char_p), ("pretty", c_int), ("limits", Limits)]


class Date(Structure):
    _fields_ = [("year", c_int), ("month", c_int), ("day", c_int)]


class Time(Structure):
    _fields_ = [("date", Date), ("has_time", c_int), ("hour", c_int), ("minute", c_int),
                ("second", c_int), ("utc_offset_minutes", c_int)]


class Interval(Structure):
    _fields_ = [("from_", Time), ("to", Time)]


class Clock(Structure):
    _fields_ = [("struct_version", c_uint32), ("unit", c_int), ("amount", c_int32),
                ("before", c_int32), ("roll", c_int), ("cutoff_minute", c_int32),
                ("every_unit", c_int), ("every", c_int32), ("pauses", POINTER(Interval)),
                ("npauses", c_size_t)]


class ClockResult(Structure):
    _fields_ = [("struct_version", c_uint32), ("has_due", c_int32), ("due", Time),
                ("status", c_int), ("has_remaining", c_int32),
                ("working_days_remaining", c_int64), ("has_hours_remaining", c_int32),
                ("seconds_remaining", c_int64), ("done_before_start", c_int32),
                ("occurrence", c_int32), ("occurrence_start", Time), ("missed", c_int32),
                ("first_missed_due", Date)]


def names(fn):
    fn.restype = c_char_p
    out, i = {}, 0
    while fn(i) is not None:
        out[fn(i).decode()] = i
        i += 1
    return out


def clock_job(lib, c, err):
    """protocol_clock_compute for a job's clock; (status, text)."""
    units, rolls = names(lib.protocol_unit_name), names(lib.protocol_roll_name)
    lib.protocol_deadline_status_name.restype = c_char_p
    cal = c_void_p()
    status = lib.protocol_calendar_new(c.get("calendar", "england-and-wales").encode(),
                                       byref(cal), byref(err))
    if status:
        return status, None
    times = {}
    for key in ("start", "done", "as_of"):
        if c.get(key):
            times[key] = Time()
            status = lib.protocol_time_parse(c[key].encode(), byref(times[key]), byref(err))
            if status:
                return status, None
    pauses = (Interval * max(1, len(c.get("pauses", []))))()
    for i, (a, b) in enumerate(c.get("pauses", [])):
        for value, field in ((a, pauses[i].from_), (b, pauses[i].to)):
            status = lib.protocol_time_parse(value.encode(), byref(field), byref(err))
            if status:
                return status, None
    spec = Clock(1, units[c.get("unit", "same_day")], c.get("amount", 0), 1 if c.get("before") else 0,
                 rolls[c.get("roll", "none")], c.get("cutoff_minute", -1),
                 units[c.get("every_unit", "same_day")], c.get("every", 0), pauses,
                 len(c.get("pauses", [])))
    out = ClockResult()
    out.struct_version = 1
    arg = lambda key: byref(times[key]) if key in times else None
    status = lib.protocol_clock_compute(cal, byref(spec), arg("start"), arg("done"), arg("as_of"),
                                        byref(out), byref(err))
    lib.protocol_calendar_free(cal)
    if status:
        return status, None

    def fmt(t):
        buf = ctypes.create_string_buffer(64)
        assert lib.protocol_time_format(byref(t), buf, 64, byref(err)) == 0
        return buf.value.decode()

    d = out.first_missed_due
    return 0, json.dumps({
        "due": fmt(out.due) if out.has_due else None,
        "status": lib.protocol_deadline_status_name(out.status).decode(),
        "workingDaysRemaining": out.working_days_remaining if out.has_remaining else None,
        "secondsRemaining": out.seconds_remaining if out.has_hours_remaining else None,
        "doneBeforeStart": bool(out.done_before_start),
        "occurrence": out.occurrence,
        "occurrenceStart": fmt(out.occurrence_start) if out.has_due else None,
        "missed": out.missed,
        "firstMissedDue": "%04d-%02d-%02d" % (d.year, d.month, d.day) if out.missed > 0 else None,
    }, separators=(",", ":"))


def main():
    lib = ctypes.CDLL(sys.argv[1])
    lib.protocol_free.argtypes = [c_void_p]
    lib.protocol_pack_free.argtypes = [c_void_p]
    jobs = json.load(sys.stdin)
    answers = []
    lib.protocol_calendar_free.argtypes = [c_void_p]
    for job in jobs:
        err = Error()
        if "clock" in job:
            status, text = clock_job(lib, job["clock"], err)
            answers.append({"text": text} if status == 0 else {"error": {
                "code": err.code, "message": err.message.decode(), "place": err.place.decode(),
                "line": err.line, "column": err.column}})
            continue
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
