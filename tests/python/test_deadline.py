"""protocol.deadline and libprotocol.uk_time: SPEC §5 worked by hand."""

from __future__ import annotations

import datetime

import pytest

import libprotocol

D = datetime.date
UTC = datetime.timezone.utc


def test_three_working_days():
    # SPEC §4: need identified Friday 2026-11-20 -> due Wednesday 2026-11-25.
    d = libprotocol.deadline(D(2026, 11, 20), 3)
    assert d == libprotocol.Deadline(D(2026, 11, 25), "unknown", None)
    assert libprotocol.deadline("2026-11-21T10:00", 3).due == D(2026, 11, 25)


def test_statuses_as_of():
    start = datetime.datetime(2026, 11, 20, 16, 30)
    # Monday: Tuesday and Wednesday remain.
    d = libprotocol.deadline(start, 3, as_of=D(2026, 11, 23))
    assert (d.status, d.working_days_remaining) == ("pending", 2)
    d = libprotocol.deadline(start, 3, as_of="2026-11-25T09:00")
    assert (d.status, d.working_days_remaining) == ("due_today", 0)
    # Friday 27th: Thursday and Friday are past the due date.
    d = libprotocol.deadline(start, 3, as_of=datetime.datetime(2026, 11, 27, 12, 0, tzinfo=UTC))
    assert (d.status, d.working_days_remaining) == ("overdue", -2)
    d = libprotocol.deadline(start, 3, done="2026-11-25T17:00", as_of=D(2026, 12, 1))
    assert (d.status, d.working_days_remaining) == ("met", None)
    d = libprotocol.deadline(start, 3, done=D(2026, 11, 26))
    assert d.status == "late"


def test_no_start():
    d = libprotocol.deadline(None, 3, as_of=D(2026, 11, 23))
    assert d == libprotocol.Deadline(None, "unknown", None)


def test_same_day_ignores_weekends():
    assert libprotocol.deadline(D(2026, 11, 21)).due == D(2026, 11, 21)
    assert libprotocol.deadline(D(2026, 11, 21), rule="same_day").due == D(2026, 11, 21)
    # 23:30 at UTC-1 on Friday is 00:30 on Saturday in the UK.
    late = datetime.datetime(2026, 11, 20, 23, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=-1)))
    assert libprotocol.deadline(late).due == D(2026, 11, 21)
    # In summer the UK is at +01:00: 23:30Z is the next day.
    assert libprotocol.deadline("2026-07-01T23:30:00Z").due == D(2026, 7, 2)


def test_working_days_before_a_meeting():
    d = libprotocol.deadline(D(2026, 11, 27), 5, rule="working_days_before")
    assert d.due == D(2026, 11, 20)


def test_cutoff():
    start = datetime.datetime(2026, 11, 19, 17, 0)  # Thursday
    assert libprotocol.deadline(start, 3).due == D(2026, 11, 24)
    for cutoff in ("16:00", datetime.time(16, 0), 16 * 60):
        assert libprotocol.deadline(start, 3, cutoff=cutoff).due == D(2026, 11, 25)
    assert libprotocol.deadline(start, 3, cutoff="17:30").due == D(2026, 11, 24)


def test_calendar_choice():
    start = D(2026, 11, 27)
    assert libprotocol.deadline(start, 3).due == D(2026, 12, 2)
    assert libprotocol.deadline(start, 3, calendar="scotland").due == D(2026, 12, 3)
    assert libprotocol.deadline(start, 3, calendar=libprotocol.calendar("scotland")).due == D(2026, 12, 3)
    closed = libprotocol.calendar().with_changes({D(2026, 12, 1): "Closure"})
    assert libprotocol.deadline(start, 3, calendar=closed).due == D(2026, 12, 3)


def test_errors():
    with pytest.raises(ValueError):
        libprotocol.deadline(D(2026, 11, 20), 3, rule="fortnightly")
    with pytest.raises(ValueError):
        libprotocol.deadline(D(2026, 11, 20), rule="working_days_after")
    with pytest.raises(ValueError):
        libprotocol.deadline(D(2026, 11, 20), 3, cutoff="4pm")
    with pytest.raises(libprotocol.InvalidArgumentError):
        libprotocol.deadline(D(2026, 11, 20), 3, cutoff=24 * 60)
    with pytest.raises(libprotocol.InvalidArgumentError):
        libprotocol.deadline(D(2026, 11, 20), -1)
    with pytest.raises(libprotocol.DateTimeError) as info:
        libprotocol.deadline("2026-02-30", 3)
    assert "2026-02-30" in info.value.place or "2026-02-30" in info.value.message
    with pytest.raises(libprotocol.RangeError):
        libprotocol.deadline(D(2199, 12, 31), 3)
    with pytest.raises(libprotocol.NotFoundError):
        libprotocol.deadline(D(2026, 11, 20), 3, calendar="wales")
    with pytest.raises(TypeError):
        libprotocol.deadline(20261120, 3)


def test_uk_time():
    assert libprotocol.uk_time("2026-11-20") == D(2026, 11, 20)
    summer = libprotocol.uk_time("2026-07-01T12:00:00Z")
    assert summer.isoformat() == "2026-07-01T13:00:00+01:00"
    winter = libprotocol.uk_time(datetime.datetime(2026, 1, 10, 9, 15, tzinfo=datetime.timezone(datetime.timedelta(hours=5))))
    assert winter.isoformat() == "2026-01-10T04:15:00+00:00"
    # A naive datetime is already UK local time.
    assert libprotocol.uk_time(datetime.datetime(2026, 7, 1, 9, 0)).isoformat() == "2026-07-01T09:00:00+01:00"
    with pytest.raises(libprotocol.DateTimeError):
        libprotocol.uk_time("2026-11-20T24:61")
