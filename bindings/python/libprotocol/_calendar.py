"""UK working-day calendars (include/protocol/calendar.h) with
``datetime.date`` in and out."""

from __future__ import annotations

import ctypes
import datetime
import threading
from typing import Any, Callable, Dict, Iterable, List, Mapping, NamedTuple, Optional, Tuple, Union

from . import errors
from ._lib import LIB, protocol_date, protocol_error, protocol_holiday
from ._util import (
    DateLike,
    Handle,
    PathLike,
    c_int_arg,
    call,
    decode,
    encode_text,
    from_cdate,
    fspath_bytes,
    raise_for,
    str_arg,
    to_cdate,
)

__all__ = ["Calendar", "Holiday", "add_months", "calendar", "calendars"]


class Holiday(NamedTuple):
    """A bank holiday or closure day: its date and its name."""

    date: datetime.date
    name: str


def calendars() -> List[str]:
    """The ids of the built-in calendars: ``["england-and-wales",
    "scotland", "northern-ireland"]``."""
    count = LIB.protocol_calendar_builtin_count()
    return [decode(LIB.protocol_calendar_builtin_id(i)) for i in range(count)]


def _new_calendar(ptr: ctypes.c_void_p, origin: Tuple[Any, ...]) -> "Calendar":
    cal = Calendar.__new__(Calendar)
    cal._adopt(ptr, origin)
    return cal


def _remake(kind: str, *args: Any) -> "Calendar":
    """A calendar made again from its recipe (unpickling)."""
    if kind == "builtin":
        return calendar(*args)
    if kind == "govuk_json":
        return Calendar.from_govuk_json(*args)
    if kind == "govuk_file":
        return Calendar.from_govuk_file(*args)
    base, added, removed = args
    changed: Calendar = base.with_changes(added, removed)
    return changed


class Calendar:
    """A UK working-day calendar: Monday to Friday less the bank holidays of
    one division and any closure days added to it.

    Make one with :func:`libprotocol.calendar`, :meth:`from_govuk_json`,
    :meth:`from_govuk_file` or :meth:`with_changes`. A calendar is immutable
    and may be shared by any number of threads.

    Every method taking a date accepts a ``datetime.date``, a
    ``datetime.datetime`` (its UK local date counts: a naive one is taken as
    UK local time, an aware one is converted) or ISO text; dates come back
    as ``datetime.date``. A date outside the calendar's range raises
    :class:`libprotocol.RangeError`.
    """

    __slots__ = ("_handle", "_id", "_origin")
    _handle: Handle
    _id: str
    _origin: Tuple[Any, ...]

    def __init__(self, id: Optional[str] = None) -> None:
        """The built-in calendar `id` (default ``"england-and-wales"``);
        :class:`libprotocol.NotFoundError` for an unknown id."""
        ptr = ctypes.c_void_p()
        call(LIB.protocol_calendar_new, str_arg(id), ctypes.byref(ptr))
        self._adopt(ptr, ("builtin", id))

    def _adopt(self, ptr: ctypes.c_void_p, origin: Tuple[Any, ...]) -> None:
        # `origin` is the recipe that made the calendar: a calendar pickles
        # as its recipe, so that it can be sent to other processes.
        self._handle = Handle(ptr.value, LIB.protocol_calendar_free)  # type: ignore[arg-type]
        self._id = decode(LIB.protocol_calendar_id(ptr))
        self._origin = origin

    @classmethod
    def from_govuk_json(
        cls, text: Union[str, bytes], division: str = "england-and-wales"
    ) -> "Calendar":
        """A calendar from text in the GOV.UK bank-holidays JSON format
        (gov.uk/bank-holidays.json), taking one `division`."""
        data = encode_text(text, "text")
        ptr = ctypes.c_void_p()
        call(LIB.protocol_calendar_from_govuk_json, data, len(data),
             str_arg(division, "division"), ctypes.byref(ptr))
        return _new_calendar(ptr, ("govuk_json", data, division))

    @classmethod
    def from_govuk_file(cls, path: PathLike, division: str = "england-and-wales") -> "Calendar":
        """As :meth:`from_govuk_json`, reading the file at `path`
        (:class:`libprotocol.FileError` when it cannot be read)."""
        ptr = ctypes.c_void_p()
        call(LIB.protocol_calendar_from_govuk_file, fspath_bytes(path),
             str_arg(division, "division"), ctypes.byref(ptr))
        return _new_calendar(ptr, ("govuk_file", path, division))

    def with_changes(
        self,
        added: Union[Mapping[DateLike, str], Iterable[Tuple[DateLike, str]], None] = None,
        removed: Optional[Iterable[DateLike]] = None,
    ) -> "Calendar":
        """A new calendar with closure days `added` (a mapping or pairs of
        date and name) and holidays `removed` (dates that are working days
        after all). This calendar is not changed."""
        pairs = list(added.items()) if isinstance(added, Mapping) else list(added or ())
        names: List[bytes] = []
        holidays = (protocol_holiday * max(1, len(pairs)))()
        for i, pair in enumerate(pairs):
            try:
                day, name = pair
            except (TypeError, ValueError):
                raise TypeError("added must hold (date, name) pairs") from None
            names.append(encode_text(name, "a holiday name"))
            holidays[i].date = to_cdate(day, "an added date")
            holidays[i].name = names[-1]
        removed_days = list(removed or ())
        gone = [to_cdate(d, "a removed date") for d in removed_days]
        dates = (protocol_date * max(1, len(gone)))(*gone)
        ptr = ctypes.c_void_p()
        with self._handle.borrow("calendar") as p:
            call(LIB.protocol_calendar_with_changes, p, holidays, len(pairs), dates, len(gone),
                 ctypes.byref(ptr))
        return _new_calendar(ptr, ("changes", self, pairs, removed_days))

    @property
    def id(self) -> str:
        """The calendar's id (``"scotland"``)."""
        return self._id

    @property
    def range(self) -> Tuple[datetime.date, datetime.date]:
        """The first and last dates the calendar covers."""
        first, last = protocol_date(), protocol_date()
        with self._handle.borrow("calendar") as p:
            call(LIB.protocol_calendar_range, p, ctypes.byref(first), ctypes.byref(last))
        return from_cdate(first), from_cdate(last)

    def is_working_day(self, date: DateLike) -> bool:
        """True when `date` is a working day; False for a weekend, a bank
        holiday or a closure day."""
        out = ctypes.c_int()
        with self._handle.borrow("calendar") as p:
            call(LIB.protocol_calendar_is_working_day, p, to_cdate(date), ctypes.byref(out))
        return bool(out.value)

    def add(self, date: DateLike, n: int) -> datetime.date:
        """`date` plus `n` working days, as ``numpy.busday_offset(date, n,
        roll='backward')``: `date` is day 0 and the result the n-th working
        day after it (Friday 2026-11-20 + 3 = Wednesday 2026-11-25). A
        negative `n` is :meth:`before` with ``-n``."""
        return self._date_op(LIB.protocol_calendar_add_working_days, date, n)

    def before(self, date: DateLike, n: int) -> datetime.date:
        """The latest working day L with at least `n` working days in
        [L, date): papers `n` working days before a meeting on `date`
        (``numpy.busday_offset(date, -n, roll='forward')``)."""
        return self._date_op(LIB.protocol_calendar_working_days_before, date, n)

    def count(self, start: DateLike, end: DateLike) -> int:
        """The number of working days in [start, end); negative when end is
        before start (``numpy.busday_count``)."""
        out = ctypes.c_int64()
        with self._handle.borrow("calendar") as p:
            call(LIB.protocol_calendar_count_working_days, p, to_cdate(start, "start"),
                 to_cdate(end, "end"), ctypes.byref(out))
        return out.value

    def next(self, date: DateLike) -> datetime.date:
        """The first working day strictly after `date`."""
        return self._date_op(LIB.protocol_calendar_next_working_day, date)

    def previous(self, date: DateLike) -> datetime.date:
        """The last working day strictly before `date`."""
        return self._date_op(LIB.protocol_calendar_previous_working_day, date)

    def roll(self, date: DateLike, convention: str) -> datetime.date:
        """`date` moved onto a working day by `convention`: ``"none"``,
        ``"following"``, ``"preceding"`` or ``"modified_following"``
        (QuantLib's meaning; a working day is never moved).

        >>> import libprotocol
        >>> libprotocol.calendar().roll("2026-10-31", "modified_following")
        datetime.date(2026, 10, 30)
        """
        return self._date_op(LIB.protocol_calendar_roll, date, roll_code(convention))

    def holidays(self, year: int) -> List[Holiday]:
        """The bank holidays and closure days of `year`, in date order."""
        y = c_int_arg(year, "year")
        count = ctypes.c_size_t()
        capacity = 32  # enough for any built-in calendar; grown when not
        with self._handle.borrow("calendar") as p:
            while True:
                buf = (protocol_holiday * capacity)()
                err = protocol_error()
                status = LIB.protocol_calendar_holidays(
                    p, y, buf, capacity, ctypes.byref(count), ctypes.byref(err)
                )
                if status != errors.E_BUFFER_TOO_SMALL or count.value <= capacity:
                    break
                capacity = count.value
            raise_for(status, err)
            return [
                Holiday(from_cdate(buf[i].date), decode(buf[i].name))
                for i in range(count.value)
            ]

    def holiday_name(self, date: DateLike) -> Optional[str]:
        """The name of the holiday or closure on `date`, or None when it is
        not one."""
        name = ctypes.c_char_p()
        with self._handle.borrow("calendar") as p:
            call(LIB.protocol_calendar_holiday_name, p, to_cdate(date), ctypes.byref(name))
            return None if name.value is None else decode(name.value)

    def _date_op(self, fn: Callable[..., int], date: DateLike, *n: int) -> datetime.date:
        out = protocol_date()
        args = [c_int_arg(v, "n") for v in n]
        with self._handle.borrow("calendar") as p:
            call(fn, p, to_cdate(date), *args, ctypes.byref(out))
        return from_cdate(out)

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        return (_remake, self._origin)

    def __repr__(self) -> str:
        return f"<libprotocol.Calendar {self._id!r}>"


_BUILTIN: Dict[Optional[str], Calendar] = {}
_BUILTIN_LOCK = threading.Lock()


ROLLS = ("none", "following", "preceding", "modified_following")


def roll_code(convention: str) -> int:
    """The C value of a roll convention's name (ValueError for another)."""
    if convention not in ROLLS:
        raise ValueError(f"roll must be one of {', '.join(ROLLS)}, not {convention!r}")
    return ROLLS.index(convention)


def add_months(date: DateLike, months: int) -> datetime.date:
    """`date` plus `months` calendar months (negative to go back), clamped to
    the month's last day when it has no such day (as
    ``dateutil.relativedelta``).

    >>> import libprotocol
    >>> libprotocol.add_months("2024-01-31", 1)
    datetime.date(2024, 2, 29)
    """
    out = protocol_date()
    call(LIB.protocol_date_add_months, to_cdate(date), c_int_arg(months, "months"),
         ctypes.byref(out))
    return from_cdate(out)


def calendar(id: Optional[str] = None) -> Calendar:
    """The built-in calendar `id`: ``"england-and-wales"`` (the default),
    ``"scotland"`` or ``"northern-ireland"``.

    Calendars are immutable, so one instance per id is made and shared.

    >>> import datetime, libprotocol
    >>> libprotocol.calendar().add(datetime.date(2026, 11, 20), 3)
    datetime.date(2026, 11, 25)
    """
    key = id
    cal = _BUILTIN.get(key)
    if cal is None:
        made = Calendar(id)
        with _BUILTIN_LOCK:
            cal = _BUILTIN.setdefault(key, made)
    return cal
