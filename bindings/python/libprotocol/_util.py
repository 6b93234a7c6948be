"""Conversions at the C boundary: status codes to exceptions, Python dates
and times to the library's structs and text, library-owned strings to
Python strings, and the ownership of C objects."""

from __future__ import annotations

import ctypes
import datetime
import operator
import os
import threading
import weakref
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Optional, Union

from . import errors
from ._lib import LIB, protocol_date, protocol_error, protocol_time

DateLike = Union[datetime.date, datetime.datetime, str]
"""A date: ``datetime.date``; ``datetime.datetime`` (naive: UK local time;
aware: converted to UK local time by the library), whose local date counts;
or ISO text the library parses ("2026-11-20", "2026-11-20T16:30",
"2026-11-20T16:30:00Z")."""

TimeLike = Union[datetime.date, datetime.datetime, str]
"""A moment: ``datetime.date`` (a bare date), ``datetime.datetime`` (naive:
UK local time; aware: converted by the library from its offset), or text the
library parses."""

PathLike = Union[str, "os.PathLike[str]"]


def decode(raw: Optional[bytes]) -> str:
    """Text from the library (always UTF-8)."""
    return raw.decode("utf-8", "replace") if raw is not None else ""


def raise_for(status: int, err: protocol_error, context: Optional[str] = None) -> None:
    """Raise the exception for a failed call; return for PROTOCOL_OK."""
    if status == errors.OK:
        return
    code = err.code if err.code != errors.OK else status
    name = decode(LIB.protocol_status_name(code))
    message = decode(err.message) or name
    raise errors.make_error(
        code, name, message, decode(err.place), err.line, err.column, context
    )


def call(fn: Callable[..., int], *args: Any, context: Optional[str] = None) -> None:
    """Call a C function whose last parameter is the error record, raising
    on failure."""
    err = protocol_error()
    status = fn(*args, ctypes.byref(err))
    raise_for(status, err, context)


def take_string(ptr: "ctypes._Pointer[ctypes.c_char]", length: Optional[int] = None) -> bytes:
    """Copy a string the library allocated, then free it with protocol_free."""
    if not ptr:
        return b""
    try:
        if length is None:
            return ctypes.string_at(ptr)
        return ctypes.string_at(ptr, length)
    finally:
        LIB.protocol_free(ptr)


def encode_text(value: Union[str, bytes, bytearray, memoryview], what: str) -> bytes:
    """Bytes for text given as str (UTF-8 encoded) or bytes."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError(f"{what} must be str or bytes, not {type(value).__name__}")


def str_arg(value: Optional[str], what: str = "id") -> Optional[bytes]:
    """A str argument (an id) as UTF-8 bytes; None stays None (the default)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    return value.encode("utf-8")


def fspath_bytes(path: PathLike, what: str = "path") -> bytes:
    """A file system path as the bytes the C library opens."""
    try:
        return os.fsencode(path)
    except TypeError:
        raise TypeError(
            f"{what} must be a str or os.PathLike, not {type(path).__name__}"
        ) from None


# --- dates and times ------------------------------------------------------


def time_text(value: TimeLike, what: str) -> bytes:
    """The ISO text the library parses for a date, datetime or str."""
    if isinstance(value, datetime.datetime):
        # Naive: UK local time as written; aware: the offset goes with it
        # and the library converts. Seconds only: the library drops fractions.
        return value.isoformat(timespec="seconds").encode("ascii")
    if isinstance(value, datetime.date):
        return value.isoformat().encode("ascii")
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    raise TypeError(
        f"{what} must be a datetime.date, datetime.datetime or str, "
        f"not {type(value).__name__}"
    )


def parse_time(value: TimeLike, what: str) -> protocol_time:
    """A protocol_time for a date, datetime or str (the library parses it)."""
    out = protocol_time()
    call(LIB.protocol_time_parse, time_text(value, what), ctypes.byref(out))
    return out


def to_cdate(value: DateLike, what: str = "date") -> protocol_date:
    """A protocol_date: a date's fields; a datetime's UK local date; text
    parsed by the library."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return protocol_date(value.year, value.month, value.day)
        local: protocol_date = parse_time(value, what).date
        return local
    if isinstance(value, datetime.date):
        return protocol_date(value.year, value.month, value.day)
    if isinstance(value, str):
        parsed: protocol_date = parse_time(value, what).date
        return parsed
    raise TypeError(
        f"{what} must be a datetime.date, datetime.datetime or str, "
        f"not {type(value).__name__}"
    )


def from_cdate(value: protocol_date) -> datetime.date:
    """A datetime.date from a protocol_date the library returned."""
    return datetime.date(value.year, value.month, value.day)


INT_MIN = -(2**31)
INT_MAX = 2**31 - 1


def c_int_arg(value: Any, what: str) -> int:
    """An int argument for a C int. bool is refused (True is not a count).
    A value beyond the C int range is saturated, not wrapped: any such value
    is out of the library's range, and the library then says so itself."""
    if isinstance(value, bool):
        raise TypeError(f"{what} must be an int, not bool")
    try:
        n = operator.index(value)
    except TypeError:
        raise TypeError(f"{what} must be an int, not {type(value).__name__}") from None
    return max(INT_MIN, min(INT_MAX, n))


# --- ownership of C objects ------------------------------------------------


class Handle:
    """Owns one C object and frees it exactly once.

    Many threads may use the object at the same time (the C objects are
    immutable); close() while calls are in flight defers the free until the
    last of them returns, so no call ever sees a freed pointer. Garbage
    collection (and interpreter exit) frees through weakref.finalize, which
    keeps its own reference to the free function.
    """

    __slots__ = ("_ptr", "_lock", "_users", "_closing", "_finalizer", "__weakref__")

    def __init__(self, ptr: int, free: Callable[[Any], None]) -> None:
        self._ptr: Optional[int] = ptr
        self._lock = threading.Lock()
        self._users = 0
        self._closing = False
        self._finalizer = weakref.finalize(self, free, ptr)

    @property
    def closed(self) -> bool:
        with self._lock:
            return self._ptr is None or self._closing

    def acquire(self, what: str) -> int:
        """The pointer, counted as in use until release()."""
        with self._lock:
            if self._ptr is None or self._closing:
                raise ValueError(f"{what} is closed")
            self._users += 1
            return self._ptr

    @contextmanager
    def borrow(self, what: str) -> Iterator[int]:
        """The pointer for the duration of a ``with`` block."""
        ptr = self.acquire(what)
        try:
            yield ptr
        finally:
            self.release()

    def release(self) -> None:
        with self._lock:
            self._users -= 1
            if self._closing and self._users == 0:
                self._free_locked()

    def close(self) -> None:
        with self._lock:
            if self._ptr is None or self._closing:
                return
            self._closing = True
            if self._users == 0:
                self._free_locked()

    def _free_locked(self) -> None:
        self._ptr = None
        self._finalizer()
