"""Exceptions: one class per kind of failure the C library reports.

Every failing call into libprotocol fills a ``protocol_error`` record; the
binding turns it into an instance of the class below that matches its status
code, carrying the code, its name, the message and the place (a JSON pointer,
a dotted fact path, the offending text or a file name) with its line and
column. Each class also derives from the built-in exception a Python
programmer would expect (``ValueError`` for bad input, ``LookupError`` for an
unknown name, ``OSError`` for an unreadable file, ``ImportError`` when the
library cannot be loaded), so generic handlers keep working.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Tuple, Type

__all__ = [
    "Error",
    "InvalidArgumentError",
    "NoMemoryError",
    "RangeError",
    "DateTimeError",
    "JSONError",
    "PackError",
    "PackJSONError",
    "CaseError",
    "CaseJSONError",
    "NotFoundError",
    "FileError",
    "LimitError",
    "BufferTooSmallError",
    "LibraryNotFoundError",
    "IncompatibleLibraryError",
]

# The C status codes (include/protocol/common.h). Part of the ABI: they never
# change meaning, so restating them here is safe.
OK = 0
E_INVALID_ARGUMENT = -1
E_NOMEM = -2
E_RANGE = -3
E_DATETIME = -4
E_JSON = -5
E_PACK = -6
E_CASE = -7
E_NOT_FOUND = -8
E_IO = -9
E_LIMIT_INPUT_SIZE = -10
E_LIMIT_DEPTH = -11
E_LIMIT_STRING = -12
E_LIMIT_FACTS = -13
E_LIMIT_LINE = -14
E_BUFFER_TOO_SMALL = -15
E_DUPLICATE_KEY = -16
E_NUL_CHARACTER = -17


class Error(Exception):
    """A failure reported by libprotocol (or by the binding around it).

    Attributes:
        code: the C status code (a negative int), or None when the failure
            has no C status (the library could not be loaded).
        code_name: the status code's name, e.g. ``"PROTOCOL_E_CASE"``.
        message: what went wrong.
        place: where: a JSON pointer, a dotted fact path, the offending text
            or a file name; ``""`` when the failure has no place.
        line, column: 1-based position in the input text; 0 when not known.
        index: for a case in a batch, its position in the batch (0-based);
            else None.

    ``str(error)`` gives the message followed by the place.
    """

    code: Optional[int]
    code_name: Optional[str]
    message: str
    place: str
    line: int
    column: int
    index: Optional[int]

    def __init__(
        self,
        code: Optional[int],
        code_name: Optional[str],
        message: str,
        place: str = "",
        line: int = 0,
        column: int = 0,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.code_name = code_name
        self.message = message
        self.place = place
        self.line = line
        self.column = column
        self.index = None

    def __str__(self) -> str:
        where = []
        if self.place:
            where.append(self.place)
        if self.line:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column {self.column}")
        if where:
            return f"{self.message} (at {', '.join(where)})"
        return self.message

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(code={self.code!r}, code_name={self.code_name!r}, "
            f"message={self.message!r}, place={self.place!r}, line={self.line!r}, "
            f"column={self.column!r})"
        )

    def __reduce__(self) -> Tuple[Any, ...]:
        # Exceptions pickle through their args by default; ours need every
        # field back (errors cross process boundaries in distributed jobs).
        return (
            type(self),
            (self.code, self.code_name, self.message, self.place, self.line, self.column),
            self.__dict__.copy(),
        )


class InvalidArgumentError(Error, ValueError):
    """PROTOCOL_E_INVALID_ARGUMENT: an argument the library refuses
    (a working-day count out of range, a bad cut-off, ...)."""


class NoMemoryError(Error, MemoryError):
    """PROTOCOL_E_NOMEM: an allocation failed inside the library."""


class RangeError(Error, ValueError):
    """PROTOCOL_E_RANGE: a date outside the calendar's range, or arithmetic
    that would leave it."""


class DateTimeError(Error, ValueError):
    """PROTOCOL_E_DATETIME: date or time text that is malformed or impossible."""


class JSONError(Error, ValueError):
    """PROTOCOL_E_JSON: text that is not valid JSON (a GOV.UK calendar file,
    for instance); also PROTOCOL_E_DUPLICATE_KEY and PROTOCOL_E_NUL_CHARACTER,
    valid JSON the library refuses by policy (``code_name`` says which).
    Pack and case text raise the subclasses PackJSONError and CaseJSONError."""


class PackError(Error, ValueError):
    """A pack that cannot be loaded: PROTOCOL_E_PACK (it does not validate)
    or, as PackJSONError, PROTOCOL_E_JSON (it is not valid JSON)."""


class PackJSONError(PackError, JSONError):
    """Pack text that is not valid JSON (PROTOCOL_E_JSON while loading a pack)."""


class CaseError(Error, ValueError):
    """A case that does not fit its pack: PROTOCOL_E_CASE (wrong type, value
    out of range, unknown key in strict mode) or, as CaseJSONError,
    PROTOCOL_E_JSON (the case is not valid JSON)."""


class CaseJSONError(CaseError, JSONError):
    """Case text that is not valid JSON (PROTOCOL_E_JSON while evaluating)."""


class NotFoundError(Error, LookupError):
    """PROTOCOL_E_NOT_FOUND: no built-in pack, calendar, fact or finding with
    that name."""


class FileError(Error, OSError):
    """PROTOCOL_E_IO: a file could not be opened or read."""


class LimitError(Error, ValueError):
    """One of the input limits was exceeded: input size, nesting depth,
    string length, fact count or batch line length
    (PROTOCOL_E_LIMIT_*; ``code_name`` says which)."""


class BufferTooSmallError(Error):
    """PROTOCOL_E_BUFFER_TOO_SMALL. The binding sizes its buffers itself, so
    seeing this means a library defect."""


class _LoadError(Error, ImportError):
    """A failure to load the library: it has no C status code."""

    def __init__(
        self,
        code: Optional[int] = None,
        code_name: Optional[str] = None,
        message: str = "libprotocol could not be loaded",
        place: str = "",
        line: int = 0,
        column: int = 0,
    ) -> None:
        super().__init__(code, code_name, message, place, line, column)


class LibraryNotFoundError(_LoadError):
    """libprotocol could not be loaded; the message lists every place tried."""


class IncompatibleLibraryError(_LoadError):
    """The loaded libprotocol is of another version than this package, or
    lacks a function the package needs."""


_BY_CODE: Dict[int, Type[Error]] = {
    E_INVALID_ARGUMENT: InvalidArgumentError,
    E_NOMEM: NoMemoryError,
    E_RANGE: RangeError,
    E_DATETIME: DateTimeError,
    E_JSON: JSONError,
    E_PACK: PackError,
    E_CASE: CaseError,
    E_NOT_FOUND: NotFoundError,
    E_IO: FileError,
    E_LIMIT_INPUT_SIZE: LimitError,
    E_LIMIT_DEPTH: LimitError,
    E_LIMIT_STRING: LimitError,
    E_LIMIT_FACTS: LimitError,
    E_LIMIT_LINE: LimitError,
    E_BUFFER_TOO_SMALL: BufferTooSmallError,
    E_DUPLICATE_KEY: JSONError,
    E_NUL_CHARACTER: JSONError,
}

_NAMES: Dict[str, int] = {
    "PROTOCOL_E_INVALID_ARGUMENT": E_INVALID_ARGUMENT,
    "PROTOCOL_E_NOMEM": E_NOMEM,
    "PROTOCOL_E_RANGE": E_RANGE,
    "PROTOCOL_E_DATETIME": E_DATETIME,
    "PROTOCOL_E_JSON": E_JSON,
    "PROTOCOL_E_PACK": E_PACK,
    "PROTOCOL_E_CASE": E_CASE,
    "PROTOCOL_E_NOT_FOUND": E_NOT_FOUND,
    "PROTOCOL_E_IO": E_IO,
    "PROTOCOL_E_LIMIT_INPUT_SIZE": E_LIMIT_INPUT_SIZE,
    "PROTOCOL_E_LIMIT_DEPTH": E_LIMIT_DEPTH,
    "PROTOCOL_E_LIMIT_STRING": E_LIMIT_STRING,
    "PROTOCOL_E_LIMIT_FACTS": E_LIMIT_FACTS,
    "PROTOCOL_E_LIMIT_LINE": E_LIMIT_LINE,
    "PROTOCOL_E_BUFFER_TOO_SMALL": E_BUFFER_TOO_SMALL,
    "PROTOCOL_E_DUPLICATE_KEY": E_DUPLICATE_KEY,
    "PROTOCOL_E_NUL_CHARACTER": E_NUL_CHARACTER,
}

# JSON the library refuses: not valid JSON, or valid JSON refused by
# policy (a duplicate key, the escape \u0000); code_name says which.
_REFUSED_JSON = (E_JSON, E_DUPLICATE_KEY, E_NUL_CHARACTER)
# What PROTOCOL_E_JSON means depends on what was being read.
CONTEXT_PACK = "pack"
CONTEXT_CASE = "case"
_JSON_IN: Dict[str, Type[Error]] = {CONTEXT_PACK: PackJSONError, CONTEXT_CASE: CaseJSONError}


def error_class(code: Optional[int], context: Optional[str] = None) -> Type[Error]:
    """The exception class for a C status code read in `context`
    (``"pack"``, ``"case"`` or None)."""
    if code in _REFUSED_JSON and context in _JSON_IN:
        return _JSON_IN[context]
    if code is None:
        return Error
    return _BY_CODE.get(code, Error)


def code_from_name(name: str) -> Optional[int]:
    """The status code for a name such as ``"PROTOCOL_E_CASE"`` (as the batch
    output spells it), or None for a name this package does not know."""
    return _NAMES.get(name)


def make_error(code: Optional[int], code_name: Optional[str], message: str, place: str = "",
               line: int = 0, column: int = 0, context: Optional[str] = None) -> Error:
    """An exception instance of the class that matches `code` in `context`."""
    cls = error_class(code, context)
    return cls(code, code_name, message, place, line, column)

