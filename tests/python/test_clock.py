"""The clock through the binding: the hand-worked examples of
tests/data/clock-examples.json (the working is written beside each), and
the binding's own argument handling."""

import datetime
import json
import os
from pathlib import Path

import pytest

import libprotocol

ROOT = Path(os.environ.get("PROTOCOL_SOURCE_ROOT", Path(__file__).resolve().parents[2]))
EXAMPLES = json.loads((ROOT / "tests/data/clock-examples.json").read_text())["examples"]


def shown(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["name"] for e in EXAMPLES])
def test_hand_worked(example):
    spec = dict(example["clock"])
    unit = spec.pop("unit")
    amount = spec.pop("amount", 0)
    pauses = [tuple(p) for p in spec.pop("pauses", [])]
    c = libprotocol.clock(example["start"], unit, amount, pauses=pauses,
                          done=example.get("done"), as_of=example.get("as_of"), **spec)
    for field, want in example["expect"].items():
        assert shown(getattr(c, field)) == want, (field, example["working"])


def test_units_and_errors():
    assert libprotocol.UNITS[0] == "same_day"
    with pytest.raises(ValueError):
        libprotocol.clock("2026-11-20", "fortnights", 1)
    with pytest.raises(ValueError):
        libprotocol.clock("2026-11-20", "weeks", 1, roll="sideways")
    with pytest.raises(TypeError):
        libprotocol.clock("2026-11-20", "weeks", 1, pauses=[("2026-11-20",)])
    with pytest.raises(TypeError):
        libprotocol.clock("2026-11-20", "weeks", 1, before="yes")
    with pytest.raises(libprotocol.InvalidArgumentError):
        libprotocol.clock("2026-11-20", "working_days", 1, roll="following")
    with pytest.raises(libprotocol.RangeError):
        libprotocol.clock("2199-12-30", "months", 1)


def test_without_start_and_hours_remaining():
    c = libprotocol.clock(None, "hours", 24, as_of="2026-11-20")
    assert c.due is None and c.status == "unknown" and c.occurrence_start is None
    c = libprotocol.clock(datetime.datetime(2026, 11, 20, 10, 0), "hours", 24,
                          as_of=datetime.datetime(2026, 11, 21, 8, 30))
    assert c.status == "due_today" and c.hours_remaining == 1.5
    assert libprotocol.clock("2026-11-20", "weeks", 1).hours_remaining is None


def test_add_months_and_roll():
    assert libprotocol.add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert libprotocol.add_months("2024-03-31", -13) == datetime.date(2023, 2, 28)
    cal = libprotocol.calendar()
    assert cal.roll("2026-12-25", "following") == datetime.date(2026, 12, 29)
    assert cal.roll("2026-12-25", "preceding") == datetime.date(2026, 12, 24)
    assert cal.roll("2026-10-31", "modified_following") == datetime.date(2026, 10, 30)
    assert cal.roll("2026-10-31", "none") == datetime.date(2026, 10, 31)
    with pytest.raises(ValueError):
        cal.roll("2026-10-31", "nearest")
    with pytest.raises(libprotocol.RangeError):
        libprotocol.add_months("9999-12-01", 1)
