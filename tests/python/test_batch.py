"""Pack.evaluate_batch: many cases in one call into the library, with
results equal to one-at-a-time evaluation and to `protocol check --ndjson`."""

from __future__ import annotations

import json

import pytest

import libprotocol
from conftest import run_tool

AS_OF = "2026-11-23T12:00"

CASES = [
    {"consent": {"status": "refused"}, "concerns": {"child_significant_harm": True}},
    {"consent": {"status": "given"}},
    {"referral": {"need_identified_at": "2026-11-20T10:00", "safeguarding": False}},
    {"subject": {"age": "ten"}},  # wrong type: fails
    {"concerns": {"child_significnt_harm": True}},  # unknown key: a warning
    {},
]


def one_by_one(pack, cases, **options):
    out = []
    for case in cases:
        try:
            out.append(pack.evaluate(case, **options).to_dict())
        except libprotocol.Error as exc:
            out.append((type(exc), exc.code, exc.place))
    return out


def as_comparable(batch):
    return [
        item.to_dict() if isinstance(item, libprotocol.Result) else (type(item), item.code, item.place)
        for item in batch
    ]


def test_iterable_equals_one_by_one(durham):
    batch = durham.evaluate_batch(CASES, as_of=AS_OF)
    assert isinstance(batch, libprotocol.BatchResult)
    assert len(batch) == len(CASES)
    assert as_comparable(batch) == one_by_one(durham, CASES, as_of=AS_OF)
    assert batch.failed == 1 and len(batch.results) == len(CASES) - 1
    err = batch[3]
    assert isinstance(err, libprotocol.CaseError)
    assert (err.index, err.line, err.place) == (3, 4, "subject.age")
    assert batch.errors == [err]
    assert "1 failed" in repr(batch)


def test_generator_and_text_items(durham):
    texts = (json.dumps(c) for c in CASES)
    assert as_comparable(durham.evaluate_batch(texts, as_of=AS_OF)) == one_by_one(durham, CASES, as_of=AS_OF)
    mixed = [CASES[0], json.dumps(CASES[1]).encode()]
    assert as_comparable(durham.evaluate_batch(mixed, as_of=AS_OF)) == one_by_one(durham, CASES[:2], as_of=AS_OF)


def test_ndjson_bytes(durham):
    lines = [json.dumps(c) for c in CASES]
    data = ("\n".join(lines[:2]) + "\n\n" + "\n".join(lines[2:]) + "\n").encode()
    batch = durham.evaluate_batch(data, as_of=AS_OF)
    assert as_comparable(batch) == one_by_one(durham, CASES, as_of=AS_OF)
    # Blank lines are skipped, but the error names the input line.
    assert (batch[3].index, batch[3].line) == (3, 5)
    raw = durham.evaluate_batch(data, as_of=AS_OF, raw=True)
    assert isinstance(raw, bytes)
    out = raw.decode().splitlines()
    assert len(out) == len(CASES)
    for case, line in zip(CASES, out):
        if case is CASES[3]:
            error = json.loads(line)
            assert error["line"] == 5 and error["error"]["code"] == "PROTOCOL_E_CASE"
            assert error["error"]["place"] == "subject.age"
        else:
            assert line == durham.evaluate(case, as_of=AS_OF, raw=True)
    assert durham.evaluate_batch(data.decode(), as_of=AS_OF, raw=True) == raw


def test_multiline_and_blank_items(durham):
    pretty = json.dumps(CASES[0], indent=2)
    items = [pretty, "   ", '{\n  "consent": \n}', CASES[1]]
    batch = durham.evaluate_batch(items, as_of=AS_OF)
    assert batch[0].to_dict() == durham.evaluate(CASES[0], as_of=AS_OF).to_dict()
    assert isinstance(batch[1], libprotocol.CaseJSONError) and batch[1].index == 1
    # Text evaluated on its own keeps the line of its own error.
    assert isinstance(batch[2], libprotocol.CaseJSONError) and batch[2].index == 2
    assert batch[2].line >= 2
    assert batch[3].to_dict() == durham.evaluate(CASES[1], as_of=AS_OF).to_dict()
    raw = durham.evaluate_batch(items, as_of=AS_OF, raw=True).decode().splitlines()
    assert len(raw) == 4
    assert raw[0] == durham.evaluate(CASES[0], as_of=AS_OF, raw=True)
    assert json.loads(raw[1])["line"] == 2 and json.loads(raw[2])["error"]["code"] == "PROTOCOL_E_JSON"


def test_options_reach_every_case(durham):
    case = {"concerns": {"child_significnt_harm": True}}
    batch = durham.evaluate_batch([case, case], strict=True)
    assert [type(e) for e in batch] == [libprotocol.CaseError, libprotocol.CaseError]
    batch = durham.evaluate_batch([{"a": {}}], limits=libprotocol.Limits(max_depth=1))
    assert isinstance(batch[0], libprotocol.LimitError)
    long_line = json.dumps({"x": "y" * 200}).encode() + b"\n"
    batch = durham.evaluate_batch(long_line, limits=libprotocol.Limits(max_line_bytes=50))
    assert batch[0].code_name == "PROTOCOL_E_LIMIT_LINE"


def test_empty_and_wrong_types(durham):
    assert len(durham.evaluate_batch([])) == 0
    assert len(durham.evaluate_batch(b"")) == 0
    assert len(durham.evaluate_batch(b"\n\n")) == 0
    assert durham.evaluate_batch([], raw=True) == b""
    with pytest.raises(TypeError):
        durham.evaluate_batch(CASES[0])
    with pytest.raises(TypeError):
        durham.evaluate_batch([CASES[0], 42])
    with pytest.raises(TypeError):
        durham.evaluate_batch(42)


def test_equals_the_tool(durham, tool):
    data = "".join(json.dumps(c) + "\n" for c in CASES).encode()
    ran = run_tool(tool, "check", "--ndjson", "--as-of", AS_OF, "-", input=data)
    assert ran.returncode == 2, ran.stderr  # one line fails
    assert durham.evaluate_batch(data, as_of=AS_OF, raw=True) == ran.stdout


def test_results_pickle(durham):
    import pickle

    batch = durham.evaluate_batch(CASES, as_of=AS_OF)
    again = pickle.loads(pickle.dumps(batch))
    assert as_comparable(again) == as_comparable(batch)
    assert again[3].index == 3 and again[0].json == batch[0].json
    assert pickle.loads(pickle.dumps(batch[0].rules[0])) == batch[0].rules[0]
