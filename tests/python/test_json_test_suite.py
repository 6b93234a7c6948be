"""JSONTestSuite (test_parsing/) through the Python binding: every file, as
bytes, evaluated as a case, loaded as a pack, and (when it is one line) sent
as a batch line between two valid cases. y_ files are valid JSON and must
not be refused as JSON (except the valid JSON refused by policy, each with
its own code); n_ files must raise a JSONError; i_ files either.

meson passes the suite's path in PROTOCOL_JSON_TEST_SUITE ("" when it was
not found at configure time: skipped, or a failure when CI is set)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import List

import pytest

import libprotocol

SUITE = os.environ.get("PROTOCOL_JSON_TEST_SUITE", "")

# Valid JSON that the library refuses by policy (docs/result-json.md).
POLICY = {
    "y_object_duplicated_key.json": "PROTOCOL_E_DUPLICATE_KEY",
    "y_object_duplicated_key_and_value.json": "PROTOCOL_E_DUPLICATE_KEY",
    "y_object_escaped_null_in_key.json": "PROTOCOL_E_NUL_CHARACTER",
    "y_string_null_escape.json": "PROTOCOL_E_NUL_CHARACTER",
}
# Refusals of the text as JSON rather than of what it says.
JSON_LEVEL = {
    "PROTOCOL_E_JSON",
    "PROTOCOL_E_DUPLICATE_KEY",
    "PROTOCOL_E_NUL_CHARACTER",
    "PROTOCOL_E_LIMIT_DEPTH",
    "PROTOCOL_E_LIMIT_STRING",
    "PROTOCOL_E_LIMIT_INPUT_SIZE",
}
GOOD = b'{"risk": {"child": true}, "as_of": "2026-11-20"}'


def files() -> List[str]:
    if not SUITE:
        return []
    return sorted(
        p.name for p in (Path(SUITE) / "test_parsing").iterdir() if p.name[:2] in ("y_", "n_", "i_")
    )


FILES = files()


def test_the_suite_is_there() -> None:
    if not SUITE:
        message = ("JSONTestSuite was not found when the build was configured "
                   "(meson configure -Djson_test_suite=PATH)")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    assert len(FILES) >= 300


def check(name: str, outcome: object) -> None:
    """`outcome` (a value, or the exception raised) against the file's rule."""
    if isinstance(outcome, libprotocol.Error):
        refused = outcome.code_name in JSON_LEVEL
        if refused:
            assert isinstance(outcome, (libprotocol.JSONError, libprotocol.LimitError)), name
            assert outcome.message and outcome.line >= 1 and outcome.column >= 1, name
        else:
            assert outcome.code_name in ("PROTOCOL_E_CASE", "PROTOCOL_E_PACK"), (name, outcome)
    else:
        refused = False
    if name in POLICY:
        assert isinstance(outcome, libprotocol.Error) and outcome.code_name == POLICY[name], name
    elif name.startswith("y_"):
        assert not refused, (name, outcome)
    elif name.startswith("n_"):
        assert refused, (name, outcome)


@pytest.mark.parametrize("name", FILES)
def test_file(durham: libprotocol.Pack, name: str) -> None:
    data = (Path(SUITE) / "test_parsing" / name).read_bytes()
    try:
        as_case: object = durham.evaluate(data, default_as_of="2026-11-20")
    except libprotocol.Error as e:
        as_case = e
    check(name, as_case)
    try:
        as_pack: object = libprotocol.Pack.from_string(data)
    except libprotocol.Error as e:
        as_pack = e
    check(name, as_pack)
    assert isinstance(as_pack, libprotocol.Error), name
    if b"\n" in data or b"\r" in data or not data.strip(b" \t"):
        return
    batch = durham.evaluate_batch(GOOD + b"\n" + data + b"\n" + GOOD + b"\n")
    assert len(batch) == 3, name
    assert batch[0].to_dict() == batch[2].to_dict()
    middle = batch[1]
    if isinstance(as_case, libprotocol.Error):
        assert isinstance(middle, libprotocol.Error) and middle.code_name == as_case.code_name, name
        assert middle.column == as_case.column, name
    else:
        assert not isinstance(middle, libprotocol.Error), name
