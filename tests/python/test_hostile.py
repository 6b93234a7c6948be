"""The hostile-input corpus (tests/data/hostile/, with its manifest of the
status code and place each refusal must name) through the Python binding:
each case text, given as bytes, raises a libprotocol.Error carrying that code
and place and a line and column; in a batch it is that line's error and the
other lines are still evaluated."""

from __future__ import annotations

from typing import List, Tuple

import pytest

import libprotocol

from conftest import SOURCE_ROOT

HOSTILE = SOURCE_ROOT / "tests" / "data" / "hostile"


def manifest() -> List[Tuple[str, str, str]]:
    entries = []
    with open(HOSTILE / "manifest.txt", encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                name, code, place = line.rstrip("\n").split("\t")
                entries.append((name, code, place))
    return entries


ENTRIES = manifest()


def test_the_corpus_is_there() -> None:
    assert len(ENTRIES) >= 100


@pytest.mark.parametrize("name,code,place", ENTRIES, ids=[e[0] for e in ENTRIES])
def test_refused_with_code_and_place(durham: libprotocol.Pack, name: str, code: str, place: str) -> None:
    data = (HOSTILE / name).read_bytes()
    with pytest.raises(libprotocol.Error) as caught:
        durham.evaluate(data, default_as_of="2026-11-25T09:00")
    error = caught.value
    assert error.code_name == code
    assert error.place == place
    assert error.message
    assert error.line >= 1 and error.column >= 1
    # The generic handlers a Python programmer would write still catch it.
    assert isinstance(error, ValueError)


def test_a_hostile_line_does_not_stop_a_batch(durham: libprotocol.Pack) -> None:
    good = b'{"consent": {"status": "refused"}, "concerns": {"child_significant_harm": true}}'
    lines = [good]
    single_line = [(n, c) for n, c, _ in ENTRIES
                   if b"\n" not in (HOSTILE / n).read_bytes() and (HOSTILE / n).read_bytes().strip()]
    for name, _ in single_line:
        lines.append((HOSTILE / name).read_bytes())
    lines.append(good)
    batch = durham.evaluate_batch(b"\n".join(lines) + b"\n")
    assert len(batch) == len(lines)
    assert batch.failed == len(single_line)
    for (name, code), item in zip(single_line, batch[1:-1]):
        assert isinstance(item, libprotocol.Error), name
        assert item.code_name == code, name
    assert batch[0].decision("consent-override").outcome == "permitted"
    assert batch[-1].to_dict() == batch[0].to_dict()
