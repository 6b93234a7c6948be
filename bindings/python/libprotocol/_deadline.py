"""UK local times and deadlines (include/protocol/deadline.h)."""

from __future__ import annotations

import ctypes
import datetime
from dataclasses import dataclass
from typing import Any, Optional, Sequence, Tuple, Union

from ._calendar import Calendar, calendar as builtin_calendar, roll_code
from ._lib import (
    DEADLINE_SAME_DAY,
    DEADLINE_WORKING_DAYS_AFTER,
    DEADLINE_WORKING_DAYS_BEFORE,
    LIB,
    protocol_deadline_result,
    protocol_clock,
    protocol_clock_result,
    protocol_deadline_rule,
    protocol_interval,
    protocol_time,
)
from ._util import TimeLike, c_int_arg, call, decode, from_cdate, parse_time

__all__ = ["Clock", "Deadline", "UNITS", "clock", "deadline", "uk_time"]

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
        working_days_remaining: the working days in [as-of date, due date)
            (0 on the due date); when overdue, -1 from the first moment
            after the due date, one less for each further working day
            (SPEC §5); None when done or without an as-of time.
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


def _compute(fn: Any, calendar: Union[Calendar, str, None], spec: Any,
             start: Optional[TimeLike], done: Optional[TimeLike], as_of: Optional[TimeLike],
             out: Any) -> None:
    """fn(calendar, spec, start, done, as_of, out), the times parsed first."""
    cal = calendar if isinstance(calendar, Calendar) else builtin_calendar(calendar)
    times = [None if value is None else parse_time(value, what)
             for value, what in ((start, "start"), (done, "done"), (as_of, "as_of"))]
    with cal._handle.borrow("calendar") as p:
        call(fn, p, ctypes.byref(spec), *[None if t is None else ctypes.byref(t) for t in times],
             ctypes.byref(out))


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
    out = protocol_deadline_result()
    _compute(LIB.protocol_deadline_compute, calendar, spec, start, done, as_of, out)
    return Deadline(
        from_cdate(out.due) if out.has_due else None,
        decode(LIB.protocol_deadline_status_name(out.status)),
        out.working_days_remaining if out.has_remaining else None,
    )


UNITS = ("same_day", "hours", "working_days", "calendar_days", "weeks", "months")


def _unit_code(unit: str, what: str) -> int:
    if unit not in UNITS:
        raise ValueError(f"{what} must be one of {', '.join(UNITS)}, not {unit!r}")
    return UNITS.index(unit)


def _from_ctime(t: protocol_time) -> Union[datetime.date, datetime.datetime]:
    day = from_cdate(t.date)
    if not t.has_time:
        return day
    zone = datetime.timezone(datetime.timedelta(minutes=t.utc_offset_minutes))
    return datetime.datetime(day.year, day.month, day.day, t.hour, t.minute, t.second, tzinfo=zone)


@dataclass(frozen=True)
class Clock:
    """Where a deadline on the statutory clock stands (SPEC §5).

    Attributes:
        due: the current occurrence's due: a ``datetime.date`` (met by the
            end of that day), or for an hours duration an aware
            ``datetime.datetime`` in UK local time; None without a start.
        status: ``"met"``, ``"late"``, ``"pending"``, ``"due_today"``,
            ``"overdue"`` or ``"unknown"``; a recurring deadline is
            ``"overdue"`` whenever an occurrence was missed.
        working_days_remaining: as :class:`Deadline` (counted from the first
            missed occurrence's due when one was missed); None when met or
            late, or without an as-of time.
        seconds_remaining: for an hours duration, seconds from the as-of
            time to the due time (negative when overdue); else None.
        done_before_start: the completion is before the start (a warning).
        occurrence: the current occurrence, 1-based.
        occurrence_start: when the current occurrence started.
        missed: occurrences missed after the latest completion (or the
            start) up to the as-of time.
        first_missed_due: the first missed occurrence's due date, or None.
    """

    due: Union[None, datetime.date, datetime.datetime]
    status: str
    working_days_remaining: Optional[int]
    seconds_remaining: Optional[int]
    done_before_start: bool
    occurrence: int
    occurrence_start: Union[None, datetime.date, datetime.datetime]
    missed: int
    first_missed_due: Optional[datetime.date]

    @property
    def hours_remaining(self) -> Optional[float]:
        """seconds_remaining in hours, or None."""
        return None if self.seconds_remaining is None else self.seconds_remaining / 3600


def clock(
    start: Optional[TimeLike],
    unit: str = "working_days",
    amount: int = 0,
    *,
    before: bool = False,
    roll: str = "none",
    cutoff: Union[None, int, str, datetime.time] = None,
    every: int = 0,
    every_unit: Optional[str] = None,
    pauses: Sequence[Tuple[TimeLike, TimeLike]] = (),
    calendar: Union[Calendar, str, None] = None,
    done: Optional[TimeLike] = None,
    as_of: Optional[TimeLike] = None,
) -> Clock:
    """Compute a deadline on the statutory clock (protocol_clock_compute).

    Args:
        start: when the clock starts (for ``before=True``, the event);
            None when not known.
        unit: one of :data:`UNITS`.
        amount: N units (ignored for ``"same_day"``).
        before: N units before the event at `start` rather than after it.
        roll: ``"none"``, ``"following"``, ``"preceding"`` or
            ``"modified_following"`` for calendar days, weeks and months.
        cutoff: as :func:`deadline`; only day units after a start.
        every: recur every N `every_unit` (default: `unit`) after the
            previous occurrence's completion or due date; 0: once.
        pauses: (from, to) pairs during which the clock stops.
        calendar, done, as_of: as :func:`deadline`.

    >>> import datetime, libprotocol
    >>> libprotocol.clock("2026-01-31", "months", 1).due
    datetime.date(2026, 2, 28)
    >>> libprotocol.clock("2026-10-24T12:00", "hours", 24).due.isoformat()
    '2026-10-25T11:00:00+00:00'
    """
    if isinstance(before, bool) is False:
        raise TypeError(f"before must be a bool, not {type(before).__name__}")
    spec = protocol_clock()
    LIB.protocol_clock_init(ctypes.byref(spec))
    spec.unit = _unit_code(unit, "unit")
    spec.amount = c_int_arg(amount, "amount")
    spec.before = int(before)
    spec.roll = roll_code(roll)
    spec.cutoff_minute = _cutoff_minute(cutoff)
    spec.every = c_int_arg(every, "every")
    spec.every_unit = _unit_code(unit if every_unit is None else every_unit, "every_unit")
    intervals = (protocol_interval * max(1, len(pauses)))()
    for i, pair in enumerate(pauses):
        try:
            lo, hi = pair
        except (TypeError, ValueError):
            raise TypeError(f"pauses[{i}] must be a (from, to) pair") from None
        intervals[i].from_ = parse_time(lo, f"pauses[{i}] from")
        intervals[i].to = parse_time(hi, f"pauses[{i}] to")
    spec.pauses = intervals
    spec.npauses = len(pauses)
    out = protocol_clock_result()
    LIB.protocol_clock_result_init(ctypes.byref(out))
    _compute(LIB.protocol_clock_compute, calendar, spec, start, done, as_of, out)
    return Clock(
        _from_ctime(out.due) if out.has_due else None,
        decode(LIB.protocol_deadline_status_name(out.status)),
        out.working_days_remaining if out.has_remaining else None,
        out.seconds_remaining if out.has_hours_remaining else None,
        bool(out.done_before_start),
        out.occurrence,
        _from_ctime(out.occurrence_start) if out.has_due else None,
        out.missed,
        from_cdate(out.first_missed_due) if out.missed else None,
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
    return _from_ctime(parse_time(value, "value"))
