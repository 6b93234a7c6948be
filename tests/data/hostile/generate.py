#!/usr/bin/env python3
"""Write the hostile-input corpus: case texts that durham-2010 must refuse,
one file each, and manifest.txt listing, for each file, the status code and
the place the refusal must name (SPEC §7-8, docs/result-json.md):

    FILE <TAB> CODE <TAB> PLACE        (PLACE may be empty: the root)

A JSON fault names the JSON pointer of the value being read; a value that
does not fit the pack names the dotted fact path. The wrong-type cases are
made from the facts packs/durham-2010.json declares, so a fact added to the
pack is covered when this script is run again:

    python3 tests/data/hostile/generate.py
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
PACK = os.path.join(HERE, "..", "..", "..", "packs", "durham-2010.json")

entries = []


def add(name, text, code, place):
    data = text.encode("utf-8") if isinstance(text, str) else text
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
    entries.append((name, code, place))


def nested(path, value):
    """{"a": {"b": value}} for path "a.b", as JSON text."""
    text = value
    for segment in reversed(path.split(".")):
        text = '{"%s": %s}' % (segment, text)
    return text


# --- not JSON: PROTOCOL_E_JSON with the pointer of the value being read ----
J = "PROTOCOL_E_JSON"
add("truncated-string.json", '{"consent": {"status": "refu', J, "/consent/status")
add("truncated-object.json", '{"consent": {"status": "refused"}', J, "")
add("truncated-after-key.json", '{"consent": {"status": ', J, "/consent/status")
add("truncated-escape.json", '{"notes": {"summary": "abc\\u00', J, "/notes/summary")
add("empty.json", "", J, "")
add("only-whitespace.json", "  \n\t ", J, "")
add("trailing-garbage.json", '{"consent": {"status": "refused"}} x', J, "")
add("trailing-second-object.json", "{}{}", J, "")
add("trailing-comma.json", '{"consent": {"status": "refused",}}', J, "/consent")
add("invalid-utf8-in-string.json", b'{"notes": {"summary": "caf\xe9"}}', J, "/notes/summary")
add("invalid-utf8-ff.json", b'{"notes": {"summary": "\xff"}}', J, "/notes/summary")
add("invalid-utf8-overlong.json", b'{"notes": {"summary": "\xc0\xaf"}}', J, "/notes/summary")
add("invalid-utf8-surrogate.json", b'{"notes": {"summary": "\xed\xa0\x80"}}', J,
    "/notes/summary")
add("invalid-utf8-in-key.json", b'{"not\xe9s": {"summary": "x"}}', J, "")
add("lone-surrogate-escape.json", '{"notes": {"summary": "\\ud800"}}', J, "/notes/summary")
add("nul-in-string.json", b'{"notes": {"summary": "a\x00b"}}', J, "/notes/summary")
add("nul-after-json.json", b'{"consent": {"status": "refused"}}\x00', J, "")
# Valid JSON refused by policy, each with its own code.
add("nul-escape.json", '{"notes": {"summary": "a\\u0000b"}}', "PROTOCOL_E_NUL_CHARACTER",
    "/notes/summary")
add("byte-order-mark.json", b'\xef\xbb\xbf{}', J, "")
add("huge-number.json", '{"subject": {"age": 1e400}}', J, "/subject/age")
add("huge-negative-number.json", '{"subject": {"age": -1e400}}', J, "/subject/age")
DK = "PROTOCOL_E_DUPLICATE_KEY"
add("duplicate-key.json", '{"consent": {"status": "given", "status": "refused"}}', DK,
    "/consent/status")
add("duplicate-key-top.json", '{"as_of": "2026-11-20", "as_of": "2026-11-21"}', DK, "/as_of")
add("duplicate-key-escaped.json", '{"consent": {"status": "given", "st\\u0061tus": "refused"}}',
    DK, "/consent/status")
add("form-feed.json", '{"consent":\f{}}', J, "/consent")
add("utf16le.json", '{"consent": {}}'.encode("utf-16-le"), J, "")
add("utf16le-bom.json", '{"consent": {}}'.encode("utf-16"), J, "")
add("single-quotes.json", "{'consent': {}}", J, "")
add("comment.json", '{"consent": {} /* no */}', J, "")

# --- limits: the default nesting depth is 64 -------------------------------
add("deep-nesting.json", '{"notes": ' + "[" * 100 + "]" * 100 + "}",
    "PROTOCOL_E_LIMIT_DEPTH", "/notes" + "/0" * 63)

# --- values that do not fit the pack: PROTOCOL_E_CASE naming the fact ------
C = "PROTOCOL_E_CASE"
add("age-negative.json", nested("subject.age", "-1"), C, "subject.age")
add("age-fractional.json", nested("subject.age", "3.5"), C, "subject.age")
add("age-1e3.json", nested("subject.age", "1e3"), C, "subject.age")
# 80 digits: read whole (no cap on a number's length), and far out of range.
add("long-number.json", '{"subject": {"age": %s}}' % ("9" * 80), C, "subject.age")
add("age-beyond-2-53.json", nested("subject.age", "9007199254740993"), C, "subject.age")
add("age-string.json", nested("subject.age", '"29"'), C, "subject.age")
add("enum-undeclared.json", nested("service.kind", '"elder"'), C, "service.kind")
add("enum-wrong-case.json", nested("consent.status", '"Refused"'), C, "consent.status")
# Locating the fault walks past keys spelt with every kind of escape.
add("escaped-key-before-fault.json",
    '{"n\\b\\f\\r\\t\\u20ac\\ud83d\\ude00\\/\\\\\\"": 1,\n "subject": {"age": -1}}', C,
    "subject.age")
add("scalar-where-facts-continue.json", '{"concerns": 5}', C, "concerns")
add("array-where-facts-continue.json", '{"concerns": [true]}', C, "concerns")
add("object-where-fact-expected.json", nested("consent.status", '{"value": "given"}'), C,
    "consent.status")
add("root-array.json", "[]", C, "")
add("root-string.json", '"case"', C, "")
add("root-null.json", "null", C, "")
add("as-of-number.json", '{"as_of": 20261120}', C, "as_of")
add("answer-unknown-value.json", '{"answers": {"case-management": {"PR-1": "yes"}}}', C,
    "answers.case-management.PR-1")
add("answers-not-object.json", '{"answers": ["met"]}', C, "answers")
add("answers-checklist-not-object.json", '{"answers": {"case-management": 5}}', C,
    "answers.case-management")

# --- impossible times: PROTOCOL_E_DATETIME naming the fact -----------------
D = "PROTOCOL_E_DATETIME"
for name, text in [
    ("date-feb-30", "2026-02-30"),
    ("date-feb-29-not-leap", "2025-02-29"),
    ("date-month-13", "2026-13-01"),
    ("date-day-0", "2026-11-00"),
    ("year-0", "0000-01-01"),
    ("year-10000", "10000-01-01"),
    ("year-10000-by-offset", "9999-12-31T23:59:59-01:00"),
    ("time-24-00", "2026-11-20T24:00"),
    ("time-minute-61", "2026-11-20T23:61"),
    ("leap-second", "2016-12-31T23:59:60Z"),
    ("offset-plus-25", "2026-11-20T10:00+25:00"),
    ("offset-minute-60", "2026-11-20T10:00+01:60"),
    ("date-trailing-text", "2026-11-20 and later"),
    ("date-slashes", "20/11/2026"),
    ("date-empty", ""),
]:
    add("%s.json" % name, nested("referral.need_identified_at", json.dumps(text)), D,
        "referral.need_identified_at")
add("as-of-leap-second.json", '{"as_of": "2026-06-30T23:59:60Z"}', D, "as_of")

# --- a wrong type at every fact path of durham-2010 ------------------------
WRONG = {  # a JSON value of another type for each fact type
    "bool": '"true"',
    "integer": "true",
    "enum": "1",
    "datetime": "20261120",
    "string": "false",
}
with open(PACK, encoding="utf-8") as f:
    facts = json.load(f)["facts"]
for path, declaration in sorted(facts.items()):
    add("wrong-type-%s.json" % path, nested(path, WRONG[declaration["type"]]), C, path)

with open(os.path.join(HERE, "manifest.txt"), "w", encoding="utf-8") as f:
    f.write("# file\tcode\tplace: written by generate.py (durham-2010 cases)\n")
    for name, code, place in entries:
        f.write("%s\t%s\t%s\n" % (name, code, place))
print("%d hostile cases" % len(entries))
