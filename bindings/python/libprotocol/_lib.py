"""Finding and loading libprotocol, and the ctypes declarations of its C API.

The library is looked for, in this order (the first that loads wins):

1. ``PROTOCOL_LIBRARY``: when this environment variable is set, it is the
   path of the library to load and *nothing else is tried* (a mistyped path
   must fail loudly, not fall back to some other copy);
2. a copy next to the package: ``libprotocol/libprotocol.so.0`` (a wheel
   built with tools/python-wheel --bundle ships it there, with the
   ``libcjson.so.1`` it needs, which is loaded first);
3. a meson build tree: ``$PROTOCOL_BUILD_ROOT/lib/libprotocol.so.0`` when
   that variable is set; then, when the package is imported from the source
   tree (``bindings/python/libprotocol`` inside a libprotocol checkout),
   ``<checkout>/build/lib/libprotocol.so.0`` followed by every other
   ``<checkout>/build*/lib/libprotocol.so.0`` in name order;
4. the system loader: ``ctypes.util.find_library("protocol")``, then the
   soname ``libprotocol.so.0`` (``LD_LIBRARY_PATH``, the ld.so cache).

The library is loaded on first use, not at import: ``import libprotocol``
and ``help(libprotocol)`` work without it. When none loads, the first call
that needs it raises LibraryNotFoundError listing every place tried and why
each failed. The loaded library's ``protocol_version()`` must equal the package's
``__version__``, else IncompatibleLibraryError.

The declarations below follow include/protocol/*.h one for one; the struct
layouts are part of the library's ABI.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from ctypes import (
    POINTER,
    Structure,
    c_char,
    c_char_p,
    c_int,
    c_int64,
    c_longlong,
    c_size_t,
    c_uint,
    c_void_p,
)
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from ._version import __version__
from .errors import IncompatibleLibraryError, LibraryNotFoundError

SONAME = "libprotocol.so.0"
ENV_LIBRARY = "PROTOCOL_LIBRARY"
ENV_BUILD_ROOT = "PROTOCOL_BUILD_ROOT"

# --- structures (include/protocol/*.h) ----------------------------------


class protocol_error(Structure):
    _fields_ = [
        ("code", c_int),
        ("line", c_int),
        ("column", c_int),
        ("place", c_char * 256),
        ("message", c_char * 512),
    ]


class protocol_date(Structure):
    _fields_ = [("year", c_int), ("month", c_int), ("day", c_int)]


class protocol_holiday(Structure):
    _fields_ = [("date", protocol_date), ("name", c_char_p)]


class protocol_time(Structure):
    _fields_ = [
        ("date", protocol_date),
        ("has_time", c_int),
        ("hour", c_int),
        ("minute", c_int),
        ("second", c_int),
        ("utc_offset_minutes", c_int),
    ]


class protocol_deadline_rule(Structure):
    _fields_ = [
        ("struct_version", c_uint),
        ("kind", c_int),
        ("working_days", c_int),
        ("cutoff_minute", c_int),
    ]


class protocol_deadline_result(Structure):
    _fields_ = [
        ("has_due", c_int),
        ("due", protocol_date),
        ("status", c_int),
        ("has_remaining", c_int),
        ("working_days_remaining", c_int64),
    ]


class protocol_interval(Structure):
    _fields_ = [("from_", protocol_time), ("to", protocol_time)]


class protocol_clock(Structure):
    _fields_ = [
        ("struct_version", ctypes.c_uint32),
        ("unit", c_int),
        ("amount", ctypes.c_int32),
        ("before", ctypes.c_int32),
        ("roll", c_int),
        ("cutoff_minute", ctypes.c_int32),
        ("every_unit", c_int),
        ("every", ctypes.c_int32),
        ("pauses", POINTER(protocol_interval)),
        ("npauses", c_size_t),
    ]


class protocol_clock_result(Structure):
    _fields_ = [
        ("struct_version", ctypes.c_uint32),
        ("has_due", ctypes.c_int32),
        ("due", protocol_time),
        ("status", c_int),
        ("has_remaining", ctypes.c_int32),
        ("working_days_remaining", ctypes.c_int64),
        ("has_hours_remaining", ctypes.c_int32),
        ("seconds_remaining", ctypes.c_int64),
        ("done_before_start", ctypes.c_int32),
        ("occurrence", ctypes.c_int32),
        ("occurrence_start", protocol_time),
        ("missed", ctypes.c_int32),
        ("first_missed_due", protocol_date),
    ]


class protocol_limits(Structure):
    _fields_ = [
        ("max_input_bytes", c_size_t),
        ("max_depth", c_size_t),
        ("max_string_bytes", c_size_t),
        ("max_facts", c_size_t),
        ("max_line_bytes", c_size_t),
    ]


class protocol_eval_options(Structure):
    _fields_ = [
        ("struct_version", c_uint),
        ("strict", c_int),
        ("as_of", c_char_p),
        ("default_as_of", c_char_p),
        ("pretty", c_int),
        ("limits", protocol_limits),
        ("detail", ctypes.c_int32),
    ]


class protocol_finding(Structure):
    _fields_ = [
        ("kind", c_int),
        ("id", c_char_p),
        ("title", c_char_p),
        ("status", c_char_p),
        ("citation_document", c_char_p),
        ("citation_paragraph", c_char_p),
        ("reason_count", c_size_t),
        ("missing_fact_count", c_size_t),
        ("has_due", c_int),
        ("due", protocol_date),
        ("has_remaining", c_int),
        ("working_days_remaining", c_int64),
        ("score_tenths", c_int),
    ]


class protocol_summary(Structure):
    _fields_ = [
        ("rules_met", c_size_t),
        ("rules_not_met", c_size_t),
        ("rules_unknown", c_size_t),
        ("duties", c_size_t),
        ("deadlines_overdue", c_size_t),
    ]


_MALLOC = ctypes.CFUNCTYPE(c_void_p, c_size_t)
_REALLOC = ctypes.CFUNCTYPE(c_void_p, c_void_p, c_size_t)
_FREE = ctypes.CFUNCTYPE(None, c_void_p)


class protocol_allocator(Structure):
    _fields_ = [("malloc_fn", _MALLOC), ("realloc_fn", _REALLOC), ("free_fn", _FREE)]



DEADLINE_SAME_DAY = 0
DEADLINE_WORKING_DAYS_AFTER = 1
DEADLINE_WORKING_DAYS_BEFORE = 2

FINDING_DECISION = 0
FINDING_RULE = 1
FINDING_DUTY = 2
FINDING_DEADLINE = 3
FINDING_CHECKLIST = 4

# --- prototypes ------------------------------------------------------------

_err = POINTER(protocol_error)
_status = c_int
_pack = c_void_p  # protocol_pack *
_cal = c_void_p  # protocol_calendar *
_case = c_void_p  # protocol_case *
_result = c_void_p  # protocol_result *
_out_str = POINTER(POINTER(c_char))  # char ** freed with protocol_free
_pdate = POINTER(protocol_date)
_ptime = POINTER(protocol_time)
_psize = POINTER(c_size_t)
_pholiday = POINTER(protocol_holiday)
_popts = POINTER(protocol_eval_options)
_prule = POINTER(protocol_deadline_rule)
_pdeadline = POINTER(protocol_deadline_result)
_pclock = POINTER(protocol_clock)
_pclock_result = POINTER(protocol_clock_result)

# name: (restype, argtypes). Every function the public headers declare.
PROTOTYPES: Dict[str, Tuple[Any, Sequence[Any]]] = {
    # common.h
    "protocol_status_name": (c_char_p, [c_int]),
    "protocol_version": (c_char_p, []),
    "protocol_version_number": (c_int, []),
    "protocol_date_is_valid": (c_int, [protocol_date]),
    "protocol_date_parse": (_status, [c_char_p, _pdate, _err]),
    "protocol_date_format": (_status, [protocol_date, c_char_p, c_size_t, _err]),
    "protocol_set_allocator": (_status, [POINTER(protocol_allocator), _err]),
    "protocol_free": (None, [c_void_p]),
    # calendar.h
    "protocol_calendar_builtin_count": (c_size_t, []),
    "protocol_calendar_builtin_id": (c_char_p, [c_size_t]),
    "protocol_calendar_new": (_status, [c_char_p, POINTER(_cal), _err]),
    "protocol_calendar_from_govuk_json": (
        _status, [c_char_p, c_size_t, c_char_p, POINTER(_cal), _err]),
    "protocol_calendar_from_govuk_file": (_status, [c_char_p, c_char_p, POINTER(_cal), _err]),
    "protocol_calendar_with_changes": (
        _status, [_cal, _pholiday, c_size_t, _pdate, c_size_t, POINTER(_cal), _err]),
    "protocol_calendar_free": (None, [_cal]),
    "protocol_calendar_id": (c_char_p, [_cal]),
    "protocol_calendar_range": (_status, [_cal, _pdate, _pdate, _err]),
    "protocol_calendar_is_working_day": (_status, [_cal, protocol_date, POINTER(c_int), _err]),
    "protocol_calendar_add_working_days": (_status, [_cal, protocol_date, c_int, _pdate, _err]),
    "protocol_calendar_working_days_before": (_status, [_cal, protocol_date, c_int, _pdate, _err]),
    "protocol_calendar_count_working_days": (
        _status, [_cal, protocol_date, protocol_date, POINTER(c_int64), _err]),
    "protocol_calendar_next_working_day": (_status, [_cal, protocol_date, _pdate, _err]),
    "protocol_calendar_previous_working_day": (_status, [_cal, protocol_date, _pdate, _err]),
    "protocol_calendar_holidays": (_status, [_cal, c_int, _pholiday, c_size_t, _psize, _err]),
    "protocol_calendar_holiday_name": (_status, [_cal, protocol_date, POINTER(c_char_p), _err]),
    # deadline.h
    "protocol_time_parse": (_status, [c_char_p, _ptime, _err]),
    "protocol_time_format": (_status, [_ptime, c_char_p, c_size_t, _err]),
    "protocol_deadline_status_name": (c_char_p, [c_int]),
    "protocol_deadline_rule_init": (None, [_prule]),
    "protocol_eval_options_init": (None, [_popts]),
    "protocol_deadline_compute": (
        _status, [_cal, _prule, _ptime, _ptime, _ptime, _pdeadline, _err]),
    "protocol_unit_name": (c_char_p, [c_int]),
    "protocol_roll_name": (c_char_p, [c_int]),
    "protocol_calendar_roll": (_status, [_cal, protocol_date, c_int, _pdate, _err]),
    "protocol_date_add_months": (_status, [protocol_date, ctypes.c_int32, _pdate, _err]),
    "protocol_clock_init": (None, [_pclock]),
    "protocol_clock_result_init": (None, [_pclock_result]),
    "protocol_clock_compute": (
        _status, [_cal, _pclock, _ptime, _ptime, _ptime, _pclock_result, _err]),
    # pack.h: packs
    "protocol_builtin_pack_count": (c_size_t, []),
    "protocol_builtin_pack_id": (c_char_p, [c_size_t]),
    "protocol_default_pack_id": (c_char_p, []),
    "protocol_builtin_pack_source": (_status, [c_char_p, POINTER(POINTER(c_char)), _psize, _err]),
    "protocol_pack_load_builtin": (_status, [c_char_p, POINTER(_pack), _err]),
    "protocol_pack_load_string": (
        _status, [c_char_p, c_size_t, POINTER(protocol_limits), POINTER(_pack), _err]),
    "protocol_pack_load_file": (
        _status, [c_char_p, POINTER(protocol_limits), POINTER(_pack), _err]),
    "protocol_pack_free": (None, [_pack]),
    "protocol_pack_id": (c_char_p, [_pack]),
    "protocol_pack_version": (c_char_p, [_pack]),
    "protocol_pack_title": (c_char_p, [_pack]),
    "protocol_pack_run_tests": (_status, [_pack, _psize, _psize, _out_str, _err]),
    # pack.h: versions over time, and what changed between two packs
    "protocol_pack_family": (c_char_p, [_pack]),
    "protocol_pack_effective_from": (c_char_p, [_pack]),
    "protocol_pack_effective_to": (c_char_p, [_pack]),
    "protocol_pack_supersedes": (c_char_p, [_pack]),
    "protocol_builtin_pack_select": (_status, [c_char_p, c_char_p, POINTER(c_char_p), _err]),
    "protocol_builtin_pack_in_force": (
        _status, [c_char_p, POINTER(c_size_t), c_size_t, _psize, _err]),
    "protocol_case_json_as_of": (_status, [c_char_p, c_size_t, _popts, _out_str, _err]),
    "protocol_pack_diff": (_status, [_pack, _pack, POINTER(c_void_p), _err]),
    "protocol_diff_free": (None, [c_void_p]),
    "protocol_diff_count": (c_size_t, [c_void_p]),
    "protocol_diff_to_json": (_status, [c_void_p, c_int, _out_str, _psize, _err]),
    "protocol_diff_to_text": (_status, [c_void_p, _out_str, _psize, _err]),
    # pack.h: JSON in, JSON out
    "protocol_evaluate_json": (
        _status, [_pack, c_char_p, c_size_t, _popts, _out_str, _psize, _err]),
    "protocol_evaluate_ndjson": (
        _status, [_pack, c_char_p, c_size_t, _popts, _out_str, _psize, _psize, _err]),
    # pack.h: structured cases
    "protocol_case_new": (_status, [_pack, POINTER(_case), _err]),
    "protocol_case_free": (None, [_case]),
    "protocol_case_reset": (None, [_case]),
    "protocol_case_set_bool": (_status, [_case, c_char_p, c_int, _err]),
    "protocol_case_set_integer": (_status, [_case, c_char_p, c_longlong, _err]),
    "protocol_case_set_string": (_status, [_case, c_char_p, c_char_p, _err]),
    "protocol_case_set_time": (_status, [_case, c_char_p, c_char_p, _err]),
    "protocol_case_unset": (_status, [_case, c_char_p, _err]),
    "protocol_case_set_answer": (_status, [_case, c_char_p, c_char_p, c_char_p, _err]),
    "protocol_case_set_as_of": (_status, [_case, c_char_p, _err]),
    "protocol_evaluate": (
        _status, [_pack, _case, _popts, POINTER(_result), _err]),
    # pack.h: results
    "protocol_result_free": (None, [_result]),
    "protocol_result_to_json": (_status, [_result, c_int, _out_str, _psize, _err]),
    "protocol_result_count": (c_size_t, [_result, c_int]),
    "protocol_result_get": (_status, [_result, c_int, c_size_t, POINTER(protocol_finding), _err]),
    "protocol_result_find": (_status, [_result, c_int, c_char_p, POINTER(protocol_finding), _err]),
    "protocol_result_reason": (c_char_p, [_result, c_int, c_size_t, c_size_t]),
    "protocol_result_missing_fact": (c_char_p, [_result, c_int, c_size_t, c_size_t]),
    "protocol_result_warning_count": (c_size_t, [_result]),
    "protocol_result_warning": (
        _status, [_result, c_size_t, POINTER(c_char_p), POINTER(c_char_p), _err]),
    "protocol_result_summary": (_status, [_result, POINTER(protocol_summary), _err]),
}

# --- locating the library --------------------------------------------------


def _source_checkout() -> Optional[Path]:
    """The libprotocol checkout this package is imported from, if any."""
    here = Path(__file__).resolve().parent  # .../bindings/python/libprotocol
    root = here.parent.parent.parent
    try:
        head = (root / "meson.build").read_text(encoding="utf-8", errors="replace")[:200]
    except OSError:
        return None
    if here.parent.name == "python" and here.parent.parent.name == "bindings" and (
        "project('libprotocol'" in head
    ):
        return root
    return None


def candidates() -> Iterator[str]:
    """The paths or names to try, in order (see the module documentation).
    A generator: the system loader's search runs only when reached."""
    explicit = os.environ.get(ENV_LIBRARY)
    if explicit:
        yield explicit
        return
    seen = set()

    def first_time(place: str) -> bool:
        if place in seen:
            return False
        seen.add(place)
        return True

    local = [str(Path(__file__).resolve().parent / SONAME)]
    build_root = os.environ.get(ENV_BUILD_ROOT)
    if build_root:
        local.append(str(Path(build_root) / "lib" / SONAME))
    checkout = _source_checkout()
    if checkout is not None:
        local.append(str(checkout / "build" / "lib" / SONAME))
        others = sorted(p for p in checkout.glob("build*") if p.name != "build" and p.is_dir())
        local.extend(str(p / "lib" / SONAME) for p in others)
    for place in local:
        if first_time(place):
            yield place
    system = ctypes.util.find_library("protocol")  # runs ldconfig: only when reached
    for loader_name in (system, SONAME):
        if loader_name and first_time(loader_name):
            yield loader_name


def _load() -> Tuple[ctypes.CDLL, str]:
    tried: List[str] = []
    bundled = Path(__file__).resolve().parent / SONAME
    for name in candidates():
        if os.sep in name and not os.path.exists(name):
            tried.append(f"{name}: no such file")
            continue
        try:
            if name == str(bundled):
                _load_bundled_dependencies(bundled.parent)
            return ctypes.CDLL(name), name
        except OSError as exc:
            tried.append(f"{name}: {exc}")
    explicit = os.environ.get(ENV_LIBRARY)
    if explicit:
        head = (
            f"libprotocol could not be loaded from {ENV_LIBRARY}={explicit!r} "
            f"(when {ENV_LIBRARY} is set, no other place is searched)"
        )
    else:
        head = (
            "libprotocol could not be loaded; set "
            f"{ENV_LIBRARY} to the path of {SONAME}, or {ENV_BUILD_ROOT} to a meson "
            "build directory, or install the library"
        )
    # The message lists each place with why it failed: no separate place.
    message = head + ". Tried:\n  " + "\n  ".join(tried)
    raise LibraryNotFoundError(None, "LIBRARY_NOT_FOUND", message)


def _load_bundled_dependencies(directory: Path) -> None:
    """Load the libraries a wheel bundles beside libprotocol (its cJSON),
    so that the loader finds them by soname when libprotocol needs them."""
    for dep in sorted(directory.glob("libcjson.so.*")):
        ctypes.CDLL(str(dep))


def _missing(name: str, path: str) -> Callable[..., Any]:
    def call(*_args: Any) -> Any:
        raise IncompatibleLibraryError(
            None,
            "MISSING_SYMBOL",
            f"the libprotocol at {path} does not export {name}()",
            name,
        )

    return call


class Library:
    """The loaded library: each C function as an attribute with its
    prototype set (a function the library lacks raises
    IncompatibleLibraryError when called, and is listed in `missing`)."""

    def __init__(self, cdll: ctypes.CDLL, path: str) -> None:
        self.cdll = cdll
        self.path = path
        self.missing: List[str] = []
        for name, (restype, argtypes) in PROTOTYPES.items():
            try:
                fn = getattr(cdll, name)
            except AttributeError:
                self.missing.append(name)
                setattr(self, name, _missing(name, path))
                continue
            fn.restype = restype
            fn.argtypes = list(argtypes)
            setattr(self, name, fn)

    def __getattr__(self, name: str) -> Any:  # only for names not set above
        raise AttributeError(name)


def _loaded_file(path: str) -> str:
    """The file a library name resolved to (for messages): the path itself,
    or for a bare soname the mapping /proc/self/maps shows."""
    if os.sep in path:
        return path
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            for line in maps:
                fields = line.split(None, 5)
                if len(fields) == 6 and os.path.basename(fields[5].strip()).startswith(
                    "libprotocol.so"
                ):
                    return fields[5].strip()
    except OSError:
        pass
    return path


def load() -> Library:
    """Find, load and check the library (see the module documentation)."""
    cdll, name = _load()
    path = _loaded_file(name)
    lib = Library(cdll, path)
    if "protocol_version" in lib.missing:
        raise IncompatibleLibraryError(
            None,
            "MISSING_SYMBOL",
            f"{path} is not libprotocol: it does not export protocol_version()",
            path,
        )
    version = lib.protocol_version().decode("ascii", "replace")
    if version != __version__:
        raise IncompatibleLibraryError(
            None,
            "VERSION_MISMATCH",
            f"the libprotocol at {path} is version {version}, but this package "
            f"(libprotocol {__version__}) needs version {__version__}",
            path,
        )
    return lib


class _LazyLibrary:
    """The library, loaded (by :func:`load`) when a function of it is first
    used; a failure to load is raised then, and again on each later use."""

    def __init__(self) -> None:
        self._lib: Optional[Library] = None

    def __getattr__(self, name: str) -> Any:
        lib = self.__dict__.get("_lib")
        if lib is None:
            lib = load()
            self.__dict__["_lib"] = lib
        return getattr(lib, name)


LIB: Any = _LazyLibrary()
