"""UK local times and deadlines (include/protocol/deadline.h)."""

from __future__ import annotations

import ctypes
import datetime
from dataclasses import dataclass
from typing import Optional, Union

from ._calendar import Calendar, calendar as builtin_calendar
from ._lib import (
    DEADLINE_SAME_DAY,
    DEADLINE_WORKING_DAYS_AFTER,
    DEADLINE_WORKING_DAYS_BEFORE,
    LIB,
    protocol_deadline_result,
    protocol_deadline_rule,
    protocol_time,
)
from ._util import TimeLike, c_int_arg, call, decode, from_cdate, parse_time

__all__ = ["Deadline", "deadline", "uk_time"]

RULES = {
    "same_day": DEADLINE_SAME_DAY,
    "working_days_after": DEADLINE_WORKING_DAYS_AFTER,
    "working_days_before": DEADLINE_WORKING_DAYS_BEFORE,
}


@dataclass(frozen=True)
class Deadline:
    """A computed deadline.

    Attributes:
        due: the date it falls due (by the end of that day), or None when
            there is no start.
        status: ``"met"``, ``"late"``, ``"pending"``, ``"due_today"``,
            ``"overdue"`` or ``"unknown"`` (no start, or not done and no
            as-of time).
        working_days_remaining: working days after the as-of date up to and
            including the due date (0 on the due date, negative when
            overdue); None when done or without an as-of time.
    """

    due: Optional[datetime.date]
    status: str
    working_days_remaining: Optional[int]


def _cutoff_minute(cutoff: Union[None, int, str, datetime.time]) -> int:
    if cutoff is None:
        return -1
    if isinstance(cutoff, datetime.time):
        return cutoff.hour * 60 + cutoff.minute
    if isinstance(cutoff, str):
        hours, sep, minutes = cutoff.partition(":")
        if not (sep and hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
            raise ValueError(f"cutoff must be 'HH:MM', not {cutoff!r}")
        return int(hours) * 60 + int(minutes)
    return c_int_arg(cutoff, "cutoff")


def deadline(
    start: Optional[TimeLike],
    working_days: Optional[int] = None,
    *,
    rule: Optional[str] = None,
    calendar: Union[Calendar, str, None] = None,
    done: Optional[TimeLike] = None,
    as_of: Optional[TimeLike] = None,
    cutoff: Union[None, int, str, datetime.time] = None,
) -> Deadline:
    """Compute a deadline, its status and the working days left.

    Args:
        start: when the clock starts (the need identified; for
            ``working_days_before``, the meeting); None when not known.
        working_days: N for the working-day rules.
        rule: ``"same_day"``, ``"working_days_after"`` or
            ``"working_days_before"``; by default ``"working_days_after"``
            when `working_days` is given, else ``"same_day"``.
        calendar: a :class:`Calendar` or a built-in calendar id; default
            ``"england-and-wales"``.
        done: when the thing was done, if it was.
        as_of: the evaluation time; without it an open deadline is
            ``"unknown"``. The library never reads the clock: pass
            ``datetime.datetime.now(datetime.timezone.utc)`` for "now".
        cutoff: a time of day (``datetime.time``, ``"HH:MM"`` or minutes
            after midnight) at or after which a start counts from the next
            day; default none.

    Times are ``datetime.date``, ``datetime.datetime`` (naive: UK local
    time; aware: converted to UK local time) or ISO text.

    >>> import datetime, libprotocol
    >>> libprotocol.deadline(datetime.date(2026, 11, 20), 3).due
    datetime.date(2026, 11, 25)
    """
    if rule is None:
        rule = "same_day" if working_days is None else "working_days_after"
    if rule not in RULES:
        raise ValueError(f"rule must be one of {', '.join(RULES)}, not {rule!r}")
    if rule != "same_day" and working_days is None:
        raise ValueError(f"rule {rule!r} needs working_days")
    spec = protocol_deadline_rule()
    LIB.protocol_deadline_rule_init(ctypes.byref(spec))
    spec.kind = RULES[rule]
    spec.working_days = 0 if working_days is None else c_int_arg(working_days, "working_days")
    spec.cutoff_minute = _cutoff_minute(cutoff)
    cal = calendar if isinstance(calendar, Calendar) else builtin_calendar(calendar)

    def time_arg(value: Optional[TimeLike], what: str) -> Optional[protocol_time]:
        return None if value is None else parse_time(value, what)

    times = [time_arg(start, "start"), time_arg(done, "done"), time_arg(as_of, "as_of")]
    out = protocol_deadline_result()
    with cal._handle.borrow("calendar") as p:
        call(
            LIB.protocol_deadline_compute,
            p,
            ctypes.byref(spec),
            *[None if t is None else ctypes.byref(t) for t in times],
            ctypes.byref(out),
        )
    return Deadline(
        from_cdate(out.due) if out.has_due else None,
        decode(LIB.protocol_deadline_status_name(out.status)),
        out.working_days_remaining if out.has_remaining else None,
    )


def uk_time(value: TimeLike) -> Union[datetime.date, datetime.datetime]:
    """A date or time as the library reads it, in UK local time: a
    ``datetime.date`` for a bare date, else an aware ``datetime.datetime``
    with the UK offset in force (GMT or BST). Raises
    :class:`libprotocol.DateTimeError` for malformed or impossible text.

    >>> import libprotocol
    >>> libprotocol.uk_time("2026-07-01T12:00:00Z").isoformat()
    '2026-07-01T13:00:00+01:00'
    """
    t = parse_time(value, "value")
    day = from_cdate(t.date)
    if not t.has_time:
        return day
    zone = datetime.timezone(datetime.timedelta(minutes=t.utc_offset_minutes))
    return datetime.datetime(day.year, day.month, day.day, t.hour, t.minute, t.second, tzinfo=zone)
