"""protocol.deadline and protocol.uk_time: SPEC §5 worked by hand."""

from __future__ import annotations

import datetime

import pytest

import protocol

D = datetime.date
UTC = datetime.timezone.utc


def test_three_working_days():
    # SPEC §4: need identified Friday 2026-11-20 -> due Wednesday 2026-11-25.
    d = protocol.deadline(D(2026, 11, 20), 3)
    assert d == protocol.Deadline(D(2026, 11, 25), "unknown", None)
    assert protocol.deadline("2026-11-21T10:00", 3).due == D(2026, 11, 25)


def test_statuses_as_of():
    start = datetime.datetime(2026, 11, 20, 16, 30)
    # Monday: Tuesday and Wednesday remain.
    d = protocol.deadline(start, 3, as_of=D(2026, 11, 23))
    assert (d.status, d.working_days_remaining) == ("pending", 2)
    d = protocol.deadline(start, 3, as_of="2026-11-25T09:00")
    assert (d.status, d.working_days_remaining) == ("due_today", 0)
    # Friday 27th: Thursday and Friday are past the due date.
    d = protocol.deadline(start, 3, as_of=datetime.datetime(2026, 11, 27, 12, 0, tzinfo=UTC))
    assert (d.status, d.working_days_remaining) == ("overdue", -2)
    d = protocol.deadline(start, 3, done="2026-11-25T17:00", as_of=D(2026, 12, 1))
    assert (d.status, d.working_days_remaining) == ("met", None)
    d = protocol.deadline(start, 3, done=D(2026, 11, 26))
    assert d.status == "late"


def test_no_start():
    d = protocol.deadline(None, 3, as_of=D(2026, 11, 23))
    assert d == protocol.Deadline(None, "unknown", None)


def test_same_day_ignores_weekends():
    assert protocol.deadline(D(2026, 11, 21)).due == D(2026, 11, 21)
    assert protocol.deadline(D(2026, 11, 21), rule="same_day").due == D(2026, 11, 21)
    # 23:30 at UTC-1 on Friday is 00:30 on Saturday in the UK.
    late = datetime.datetime(2026, 11, 20, 23, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=-1)))
    assert protocol.deadline(late).due == D(2026, 11, 21)
    # In summer the UK is at +01:00: 23:30Z is the next day.
    assert protocol.deadline("2026-07-01T23:30:00Z").due == D(2026, 7, 2)


def test_working_days_before_a_meeting():
    d = protocol.deadline(D(2026, 11, 27), 5, rule="working_days_before")
    assert d.due == D(2026, 11, 20)


def test_cutoff():
    start = datetime.datetime(2026, 11, 19, 17, 0)  # Thursday
    assert protocol.deadline(start, 3).due == D(2026, 11, 24)
    for cutoff in ("16:00", datetime.time(16, 0), 16 * 60):
        assert protocol.deadline(start, 3, cutoff=cutoff).due == D(2026, 11, 25)
    assert protocol.deadline(start, 3, cutoff="17:30").due == D(2026, 11, 24)


def test_calendar_choice():
    start = D(2026, 11, 27)
    assert protocol.deadline(start, 3).due == D(2026, 12, 2)
    assert protocol.deadline(start, 3, calendar="scotland").due == D(2026, 12, 3)
    assert protocol.deadline(start, 3, calendar=protocol.calendar("scotland")).due == D(2026, 12, 3)
    closed = protocol.calendar().with_changes({D(2026, 12, 1): "Closure"})
    assert protocol.deadline(start, 3, calendar=closed).due == D(2026, 12, 3)


def test_errors():
    with pytest.raises(ValueError):
        protocol.deadline(D(2026, 11, 20), 3, rule="fortnightly")
    with pytest.raises(ValueError):
        protocol.deadline(D(2026, 11, 20), rule="working_days_after")
    with pytest.raises(ValueError):
        protocol.deadline(D(2026, 11, 20), 3, cutoff="4pm")
    with pytest.raises(protocol.InvalidArgumentError):
        protocol.deadline(D(2026, 11, 20), 3, cutoff=24 * 60)
    with pytest.raises(protocol.InvalidArgumentError):
        protocol.deadline(D(2026, 11, 20), -1)
    with pytest.raises(protocol.DateTimeError) as info:
        protocol.deadline("2026-02-30", 3)
    assert "2026-02-30" in info.value.place or "2026-02-30" in info.value.message
    with pytest.raises(protocol.RangeError):
        protocol.deadline(D(2199, 12, 31), 3)
    with pytest.raises(protocol.NotFoundError):
        protocol.deadline(D(2026, 11, 20), 3, calendar="wales")
    with pytest.raises(TypeError):
        protocol.deadline(20261120, 3)


def test_uk_time():
    assert protocol.uk_time("2026-11-20") == D(2026, 11, 20)
    summer = protocol.uk_time("2026-07-01T12:00:00Z")
    assert summer.isoformat() == "2026-07-01T13:00:00+01:00"
    winter = protocol.uk_time(datetime.datetime(2026, 1, 10, 9, 15, tzinfo=datetime.timezone(datetime.timedelta(hours=5))))
    assert winter.isoformat() == "2026-01-10T04:15:00+00:00"
    # A naive datetime is already UK local time.
    assert protocol.uk_time(datetime.datetime(2026, 7, 1, 9, 0)).isoformat() == "2026-07-01T09:00:00+01:00"
    with pytest.raises(protocol.DateTimeError):
        protocol.uk_time("2026-11-20T24:61")
