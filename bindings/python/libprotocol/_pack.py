"""Protocol packs and their results (include/protocol/pack.h): a compiled
pack evaluates cases given as dicts or JSON text, one at a time or as a
batch in one call into the library."""

from __future__ import annotations

import ctypes
import datetime
import json
from dataclasses import dataclass
from typing import (
    Any,
    Callable,
    ClassVar,
    Dict,
    Iterable,
    Iterator,
    List,
    Literal,
    Mapping,
    Optional,
    TYPE_CHECKING,
    Sequence,
    Tuple,
    Union,
    overload,
)

from . import errors
from ._lib import (
    LIB,
    protocol_eval_options,
    protocol_limits,
)
from ._util import (
    Handle,
    PathLike,
    TimeLike,
    call,
    decode,
    encode_text,
    fspath_bytes,
    str_arg,
    take_string,
    time_text,
)

__all__ = [
    "Pack",
    "Result",
    "ResultSummary",
    "Record",
    "Citation",
    "Decision",
    "Rule",
    "Duty",
    "ResultDeadline",
    "Checklist",
    "ChecklistGroup",
    "ResultWarning",
    "Summary",
    "LibraryInfo",
    "PackInfo",
    "BatchResult",
    "Limits",
    "PackTestReport",
    "packs",
    "pack_in_force",
    "diff",
    "diff_text",
    "default_pack",
    "pack_source",
]

CaseLike = Union[Mapping[str, Any], str, bytes, bytearray, memoryview]
"""A case: a mapping (nested dicts, as the case JSON has them; dates and
datetimes are written as ISO text), or case JSON text (str or UTF-8 bytes)."""


BatchInput = Union[Iterable[CaseLike], str, bytes, bytearray, memoryview]
"""A batch: NDJSON text (one case a line), or an iterable of cases."""


# --- the built-in packs ----------------------------------------------------


def packs(as_of: Optional[TimeLike] = None) -> List[str]:
    """The ids of the packs built into the library, in id order; with
    `as_of`, only those in force then (an undated pack always is; a dated
    one from its effective_from to its effective_to, unless a pack that
    supersedes it has taken effect)."""
    count = LIB.protocol_builtin_pack_count()
    if as_of is None:
        return [decode(LIB.protocol_builtin_pack_id(i)) for i in range(count)]
    ids = (ctypes.c_size_t * max(count, 1))()
    found = ctypes.c_size_t()
    call(LIB.protocol_builtin_pack_in_force, time_text(as_of, "as_of"), ids, count,
         ctypes.byref(found))
    return [decode(LIB.protocol_builtin_pack_id(ids[i])) for i in range(found.value)]


def pack_in_force(name: str, as_of: TimeLike) -> str:
    """The built-in pack id that `name` — an id, or a family such as
    ``"england-info-sharing"`` — means at `as_of` (the version in force
    then). :class:`libprotocol.NotFoundError` when no version was in force."""
    chosen = ctypes.c_char_p()
    call(LIB.protocol_builtin_pack_select, str_arg(name, "name"),
         time_text(as_of, "as_of"), ctypes.byref(chosen))
    return decode(chosen.value)


def diff(a: "Pack", b: "Pack") -> Dict[str, Any]:
    """What changed from pack `a` to pack `b`, as the JSON of ``protocol diff
    --format json`` decoded: ``from``, ``to``, ``changes`` (each with
    ``change``, ``construct``, ``id``, ``member``, ``aspect``, ``before``,
    ``after``) and ``summary``."""
    changes: Dict[str, Any] = json.loads(a._diff(b, text=False))
    return changes


def diff_text(a: "Pack", b: "Pack") -> str:
    """The same changes as :func:`diff`, as the text ``protocol diff`` prints."""
    return a._diff(b, text=True)


def default_pack() -> str:
    """The id of the default pack (``"durham-2010"``)."""
    return decode(LIB.protocol_default_pack_id())


def pack_source(id: str) -> str:
    """The JSON source text of the built-in pack `id`
    (:class:`libprotocol.NotFoundError` when there is none)."""
    text = ctypes.POINTER(ctypes.c_char)()
    length = ctypes.c_size_t()
    call(LIB.protocol_builtin_pack_source, str_arg(id, "id"), ctypes.byref(text),
         ctypes.byref(length))
    return ctypes.string_at(text, length.value).decode("utf-8")


# --- limits and options ----------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """Limits on untrusted input; 0 (or None) means the library's default.

    Defaults: 1 MiB per case or pack text, nesting depth 64, 64 KiB per
    JSON string, 10000 facts per case, 1 MiB per batch line. Exceeding one
    raises :class:`libprotocol.LimitError`.
    """

    max_input_bytes: int = 0
    max_depth: int = 0
    max_string_bytes: int = 0
    max_facts: int = 0
    max_line_bytes: int = 0

    def _struct(self) -> protocol_limits:
        values = []
        for name in (
            "max_input_bytes",
            "max_depth",
            "max_string_bytes",
            "max_facts",
            "max_line_bytes",
        ):
            value = getattr(self, name) or 0
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"Limits.{name} must be a non-negative int, not {value!r}")
            values.append(value)
        return protocol_limits(*values)


def _limits_struct(limits: Optional[Limits]) -> Optional[protocol_limits]:
    if limits is None:
        return None
    if not isinstance(limits, Limits):
        raise TypeError(f"limits must be a libprotocol.Limits, not {type(limits).__name__}")
    return limits._struct()


def _options(
    as_of: Optional[TimeLike],
    default_as_of: Optional[TimeLike],
    strict: bool,
    pretty: bool,
    limits: Optional[Limits],
    detail: str = "full",
) -> protocol_eval_options:
    opts = protocol_eval_options()
    # The library's own defaults, so no struct_version is written here.
    LIB.protocol_eval_options_init(ctypes.byref(opts))
    if detail not in DETAILS:
        raise ValueError(f"detail must be 'full' or 'summary', not {detail!r}")
    opts.detail = DETAILS[detail]
    opts.strict = 1 if strict else 0
    opts.pretty = 1 if pretty else 0
    # ctypes keeps the bytes alive as long as the struct.
    opts.as_of = None if as_of is None else time_text(as_of, "as_of")
    opts.default_as_of = None if default_as_of is None else time_text(default_as_of, "default_as_of")
    lim = _limits_struct(limits)
    if lim is not None:
        opts.limits = lim
    return opts


# Detail levels as protocol_detail numbers them.
DETAILS = {"full": 0, "summary": 1}


# --- cases in --------------------------------------------------------------


def _json_default(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return time_text(value, "a case value").decode("ascii")
    if isinstance(value, Mapping):  # a Record, or another mapping type
        return dict(value)
    raise TypeError(
        f"a case value of type {type(value).__name__} cannot be written as JSON "
        "(use bool, int, str, None, dict, datetime.date or datetime.datetime)"
    )


def case_bytes(case: CaseLike) -> bytes:
    """The case JSON text (UTF-8) for a mapping or text."""
    if isinstance(case, Mapping):
        return json.dumps(
            dict(case), ensure_ascii=False, separators=(",", ":"), default=_json_default
        ).encode("utf-8", "surrogatepass")
    if isinstance(case, (str, bytes, bytearray, memoryview)):
        return encode_text(case, "case")
    raise TypeError(
        f"a case must be a dict (mapping) or JSON text (str or bytes), not {type(case).__name__}"
    )


# --- results out -----------------------------------------------------------


def _wrap(value: Any, kind: Optional[type] = None) -> Any:
    if isinstance(value, dict):
        return (kind or Record)(value)
    if isinstance(value, list):
        return [_wrap(v, kind) for v in value]
    return value


class Record(Mapping[str, Any]):
    """A JSON object of a result with attribute access: ``finding.status``
    is ``finding["status"]``. Nested objects are Records, arrays lists;
    :meth:`to_dict` gives plain dicts and lists back."""

    __slots__ = ("_data",)
    # The Record subclass of a member that is an object or a list of them.
    _kinds: ClassVar[Dict[str, type]] = {}

    def __init__(self, data: Dict[str, Any]) -> None:
        self._data = data

    if not TYPE_CHECKING:
        # Hidden from type checkers, so that they see only the members the
        # subclasses below declare, and flag a misspelt one.
        def __getattr__(self, name: str) -> Any:
            if name.startswith("__") or name == "_data":
                # Not a member: copy and pickle probe for these before __init__.
                raise AttributeError(name)
            try:
                return _wrap(self._data[name], self._kinds.get(name))
            except KeyError:
                raise AttributeError(
                    f"{type(self).__name__} has no member {name!r} "
                    f"(members: {', '.join(self._data)})"
                ) from None

    def __getitem__(self, key: str) -> Any:
        return _wrap(self._data[key], self._kinds.get(key))

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Record):
            return self._data == other._data
        if isinstance(other, dict):
            return self._data == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __dir__(self) -> Iterable[str]:
        return list(super().__dir__()) + list(self._data)

    def to_dict(self) -> Dict[str, Any]:
        """A deep copy as plain dicts and lists (as ``json.loads`` gives)."""
        copy: Dict[str, Any] = json.loads(json.dumps(self._data))
        return copy

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        return (type(self), (self._data,))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._data!r})"


# The parts of a result (docs/result-json.md), typed for type checkers: each
# is a Record whose members are declared here, so `decision.outcome` is a
# str and `decision.outcom` an error for mypy (and AttributeError at run
# time). Times and dates are ISO text, as the result JSON has them.


class Citation(Record):
    """Where a finding comes from: ``document`` and ``paragraph``."""

    __slots__ = ()
    document: str
    paragraph: str


class Decision(Record):
    """A decision's outcome, its grounds and conditions, and why."""

    __slots__ = ()
    _kinds = {"citation": Citation}
    id: str
    outcome: str
    grounds: List[str]
    conditions: List[str]
    reasons: List[str]
    missing_facts: List[str]
    citation: Citation


class Rule(Record):
    """A rule's status (``met``, ``not_met``, ``unknown``, ``not_applicable``)."""

    __slots__ = ()
    _kinds = {"citation": Citation}
    id: str
    title: str
    group: Optional[str]
    status: str
    reasons: List[str]
    missing_facts: List[str]
    citation: Citation


class Duty(Record):
    """A triggered duty: its ``urgency`` and ``due`` date (or None)."""

    __slots__ = ()
    _kinds = {"citation": Citation}
    id: str
    title: str
    urgency: str
    due: Optional[str]
    citation: Citation


class ResultDeadline(Record):
    """A deadline: start, due date, completion and ``status``."""

    __slots__ = ()
    _kinds = {"citation": Citation}
    id: str
    rule: str
    working_days: int
    calendar: str
    start: Optional[str]
    due: Optional[str]
    done: Optional[str]
    status: str
    working_days_remaining: Optional[int]
    citation: Citation


class ChecklistGroup(Record):
    """One group of a checklist and its score (None when unscored)."""

    __slots__ = ()
    id: str
    title: str
    score: Optional[float]


class Checklist(Record):
    """A scored checklist: percentage ``score``, ``rag``, groups, unanswered items."""

    __slots__ = ()
    _kinds = {"groups": ChecklistGroup}
    id: str
    title: str
    score: Optional[float]
    rag: Optional[str]
    groups: List[ChecklistGroup]
    unanswered: List[str]


class ResultWarning(Record):
    """A warning of a result: the fact ``path`` and the ``message``."""

    __slots__ = ()
    path: str
    message: str


class Summary(Record):
    """Counts over a result."""

    __slots__ = ()
    rules_met: int
    rules_not_met: int
    rules_unknown: int
    duties: int
    deadlines_overdue: int


class LibraryInfo(Record):
    """The library that made a result: ``name`` and ``version``."""

    __slots__ = ()
    name: str
    version: str


class PackInfo(Record):
    """The pack a result comes from: ``id``, ``version`` and ``title``."""

    __slots__ = ()
    id: str
    version: str
    title: str


class Result(Record):
    """The result of evaluating one case, as the result JSON has it.

    Members (attributes, in this order): ``library``, ``pack``, ``as_of``,
    ``decisions``, ``rules``, ``duties``, ``deadlines``, ``checklists``,
    ``warnings``, ``ask_next``, ``summary``. ``result.json`` is the JSON text itself.

    >>> r = pack.evaluate(case)                           # doctest: +SKIP
    >>> r.decision("consent-override").outcome            # doctest: +SKIP
    'permitted'
    >>> r.summary.rules_not_met                           # doctest: +SKIP
    0
    """

    __slots__ = ("json", "_parsed")
    _kinds = {
        "library": LibraryInfo,
        "pack": PackInfo,
        "decisions": Decision,
        "rules": Rule,
        "duties": Duty,
        "deadlines": ResultDeadline,
        "checklists": Checklist,
        "warnings": ResultWarning,
        "summary": Summary,
    }
    library: LibraryInfo
    pack: PackInfo
    as_of: Optional[str]
    decisions: List[Decision]
    rules: List[Rule]
    duties: List[Duty]
    deadlines: List[ResultDeadline]
    checklists: List[Checklist]
    warnings: List[ResultWarning]
    ask_next: List[str]
    summary: Summary

    def __init__(self, text: str) -> None:
        # Parsed on first use: a batch of many results holds just their text
        # until they are read (and a raw-minded caller never pays for it).
        self.json = text
        self._parsed: Optional[Dict[str, Any]] = None

    @property  # type: ignore[override]
    def _data(self) -> Dict[str, Any]:
        if self._parsed is None:
            self._parsed = json.loads(self.json)
        return self._parsed

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        return (Result, (self.json,))

    def _find(self, member: str, id: str) -> Optional[Any]:
        for item in self._data.get(member) or ():
            if item.get("id") == id:
                return self._kinds[member](item)
        return None

    def decision(self, id: str) -> Optional[Decision]:
        """The decision with `id`, or None."""
        found: Optional[Decision] = self._find("decisions", id)
        return found

    def rule(self, id: str) -> Optional[Rule]:
        """The rule with `id`, or None."""
        found: Optional[Rule] = self._find("rules", id)
        return found

    def duty(self, id: str) -> Optional[Duty]:
        """The duty with `id` when it was triggered, else None."""
        found: Optional[Duty] = self._find("duties", id)
        return found

    def deadline(self, id: str) -> Optional[ResultDeadline]:
        """The deadline with `id`, or None."""
        found: Optional[ResultDeadline] = self._find("deadlines", id)
        return found

    def checklist(self, id: str) -> Optional[Checklist]:
        """The checklist with `id` when any item was answered, else None."""
        found: Optional[Checklist] = self._find("checklists", id)
        return found


class ResultSummary(Record):
    """A result at the summary detail level (``detail="summary"``;
    docs/result-json.md): ``pack``, ``as_of``, ``decisions`` (id, outcome,
    grounds, conditions), ``rules`` (the ids ``not_met``, ``pending`` and
    ``unknown``), ``duties`` (id, due), ``deadlines`` (id, status, due),
    ``checklists`` (id, score, rag), ``warnings`` and ``summary`` (counts).
    Titles, reasons and citations are the pack's. ``json`` is the text."""

    __slots__ = ("json",)

    def __init__(self, text: str) -> None:
        super().__init__(json.loads(text))
        self.json = text


class BatchResult(Sequence[Union[Result, errors.Error]]):
    """The outcome of :meth:`Pack.evaluate_batch`: one entry per case, in
    order — a :class:`Result`, or for a case that could not be evaluated
    the exception it gives (not raised), with ``index`` set to its position
    in the batch.

    ``results`` lists the Results, ``errors`` the exceptions, ``failed`` is
    the number of failures.
    """

    __slots__ = ("_items",)

    def __init__(self, items: List[Union[Result, errors.Error]]) -> None:
        self._items = items

    @overload
    def __getitem__(self, index: int) -> Union[Result, errors.Error]: ...

    @overload
    def __getitem__(self, index: slice) -> List[Union[Result, errors.Error]]: ...

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    @property
    def results(self) -> List[Result]:
        """The cases' Results, in order, leaving out failures."""
        return [r for r in self._items if isinstance(r, Result)]

    @property
    def errors(self) -> List[errors.Error]:
        """The exceptions of the cases that failed, in order."""
        return [r for r in self._items if isinstance(r, errors.Error)]

    @property
    def failed(self) -> int:
        """How many cases failed."""
        return len(self.errors)

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        return (BatchResult, (self._items,))

    def __repr__(self) -> str:
        return f"<libprotocol.BatchResult {len(self)} cases, {self.failed} failed>"


@dataclass(frozen=True)
class PackTestReport:
    """What :meth:`Pack.run_tests` found: ``total`` tests run, ``failures``
    failing, and the library's ``report`` (one line per difference, then
    ``"N passed, M failed"``)."""

    total: int
    failures: int
    report: str

    @property
    def ok(self) -> bool:
        """True when every test passed."""
        return self.failures == 0


# --- packs -----------------------------------------------------------------

# How a pack was made, so that it can be made again in another process.
_Origin = Tuple[str, Any, Optional[Limits]]


class Pack:
    """A compiled protocol pack. Immutable: one Pack may be used by any
    number of threads at once, with the same results as serial use.

    Make one with :meth:`builtin`, :meth:`from_file` or :meth:`from_string`.
    The C object is freed by :meth:`close` (or a ``with`` block) or when the
    Pack is garbage-collected. A Pack pickles as the recipe that made it
    (built-in id, pack text, or file path), so it can be sent to worker
    processes.
    """

    __slots__ = ("_handle", "_origin", "_id", "_version", "_title", "__weakref__")

    def __init__(self, id: Optional[str] = None) -> None:
        """The built-in pack `id` (default ``"durham-2010"``); the same as
        :meth:`Pack.builtin`."""
        ptr = ctypes.c_void_p()
        call(LIB.protocol_pack_load_builtin, str_arg(id, "id"), ctypes.byref(ptr))
        self._adopt(ptr, ("builtin", id, None))

    def _adopt(self, ptr: ctypes.c_void_p, origin: _Origin) -> None:
        self._handle = Handle(ptr.value, LIB.protocol_pack_free)  # type: ignore[arg-type]
        self._origin = origin
        self._id = decode(LIB.protocol_pack_id(ptr))
        self._version = decode(LIB.protocol_pack_version(ptr))
        self._title = decode(LIB.protocol_pack_title(ptr))

    @classmethod
    def builtin(cls, id: Optional[str] = None) -> "Pack":
        """Compile the built-in pack `id` (default ``"durham-2010"``; see
        :func:`libprotocol.packs`). :class:`libprotocol.NotFoundError` for an
        unknown id."""
        return cls(id)

    @classmethod
    def from_string(cls, text: Union[str, bytes], *, limits: Optional[Limits] = None) -> "Pack":
        """Compile a pack from its JSON text. :class:`libprotocol.PackJSONError`
        for text that is not JSON, :class:`libprotocol.PackError` for a pack
        that does not validate; both name the JSON pointer, line and column."""
        data = encode_text(text, "pack text")
        return cls._load(("string", data, limits), LIB.protocol_pack_load_string, data, len(data))

    @classmethod
    def from_file(cls, path: PathLike, *, limits: Optional[Limits] = None) -> "Pack":
        """Compile the pack in the JSON file at `path`
        (:class:`libprotocol.FileError` when it cannot be read; otherwise as
        :meth:`from_string`, with the place ``"path: /json/pointer"``)."""
        return cls._load(("file", path, limits), LIB.protocol_pack_load_file, fspath_bytes(path))

    @classmethod
    def _load(cls, origin: _Origin, fn: Callable[..., int], *args: Any) -> "Pack":
        """Compile with a protocol_pack_load_* function taking `args`, the
        limits of `origin`, and the output."""
        lim = _limits_struct(origin[2])
        ptr = ctypes.c_void_p()
        limits_arg = None if lim is None else ctypes.byref(lim)
        call(fn, *args, limits_arg, ctypes.byref(ptr), context=errors.CONTEXT_PACK)
        pack = cls.__new__(cls)
        pack._adopt(ptr, origin)
        return pack

    # --- identity --------------------------------------------------------

    @property
    def id(self) -> str:
        """The pack's id (``"durham-2010"``)."""
        return self._id

    @property
    def version(self) -> str:
        """The pack's version."""
        return self._version

    @property
    def title(self) -> str:
        """The pack's title."""
        return self._title

    def _member(self, fn: Callable[..., Any]) -> Optional[str]:
        with self._handle.borrow("pack") as p:
            value = fn(p)
        return None if value is None else decode(value)

    @property
    def family(self) -> str:
        """The pack's family: its id without a trailing ``-`` and digits."""
        return self._member(LIB.protocol_pack_family) or self._id

    @property
    def effective_from(self) -> Optional[str]:
        """The first day the pack is in force (``"YYYY-MM-DD"``), or None."""
        return self._member(LIB.protocol_pack_effective_from)

    @property
    def effective_to(self) -> Optional[str]:
        """The last day the pack is in force, or None."""
        return self._member(LIB.protocol_pack_effective_to)

    @property
    def supersedes(self) -> Optional[str]:
        """The id of the version this pack replaces, or None."""
        return self._member(LIB.protocol_pack_supersedes)

    @classmethod
    def in_force(cls, name: str, as_of: TimeLike) -> "Pack":
        """The built-in pack `name` (an id, or a family such as
        ``"england-info-sharing"``) means at `as_of`: the version in force then."""
        return cls(pack_in_force(name, as_of))

    def _diff(self, other: "Pack", text: bool) -> str:
        handle = ctypes.c_void_p()
        out = ctypes.POINTER(ctypes.c_char)()
        with self._handle.borrow("pack") as a, other._handle.borrow("pack") as b:
            call(LIB.protocol_pack_diff, a, b, ctypes.byref(handle))
        try:
            if text:
                call(LIB.protocol_diff_to_text, handle, ctypes.byref(out), None)
            else:
                call(LIB.protocol_diff_to_json, handle, 0, ctypes.byref(out), None)
        finally:
            LIB.protocol_diff_free(handle)
        return decode(take_string(out))

    # --- evaluation ------------------------------------------------------

    # The overloads give `raw` its return type. Every option is spelt out
    # and keyword-only, so a misspelt one (``stict=True``) is an error for
    # a type checker and a TypeError at run time.
    @overload
    def evaluate(
        self,
        case: CaseLike,
        *,
        as_of: Optional[TimeLike] = ...,
        default_as_of: Optional[TimeLike] = ...,
        strict: bool = ...,
        raw: Literal[False] = ...,
        pretty: bool = ...,
        limits: Optional[Limits] = ...,
        detail: Literal["full"] = ...,
    ) -> Result: ...

    @overload
    def evaluate(
        self,
        case: CaseLike,
        *,
        as_of: Optional[TimeLike] = ...,
        default_as_of: Optional[TimeLike] = ...,
        strict: bool = ...,
        raw: Literal[False] = ...,
        pretty: bool = ...,
        limits: Optional[Limits] = ...,
        detail: Literal["summary"],
    ) -> "ResultSummary": ...

    @overload
    def evaluate(
        self,
        case: CaseLike,
        *,
        as_of: Optional[TimeLike] = ...,
        default_as_of: Optional[TimeLike] = ...,
        strict: bool = ...,
        raw: Literal[True],
        pretty: bool = ...,
        limits: Optional[Limits] = ...,
        detail: str = ...,
    ) -> str: ...

    def evaluate(
        self,
        case: CaseLike,
        *,
        as_of: Optional[TimeLike] = None,
        default_as_of: Optional[TimeLike] = None,
        strict: bool = False,
        raw: bool = False,
        pretty: bool = False,
        limits: Optional[Limits] = None,
        detail: str = "full",
    ) -> Union[Result, "ResultSummary", str]:
        """Evaluate one case.

        Args:
            case: a dict of facts (nested, as the case JSON has them:
                ``{"consent": {"status": "refused"}}``; dates and datetimes
                may be ``datetime`` objects), or case JSON text.
            as_of: the evaluation time, overriding the case's own
                ``"as_of"``.
            default_as_of: the evaluation time when neither `as_of` nor the
                case gives one. The library never reads the clock; without
                either, time-dependent statuses are ``"unknown"``.
            strict: a case key that is not a fact of the pack raises
                :class:`libprotocol.CaseError` instead of giving a warning.
            raw: return the result JSON text itself instead of a Result.
            pretty: indent the JSON text by two spaces (as
                ``protocol check`` prints it).
            limits: input limits (:class:`Limits`).
            detail: ``"full"`` (a :class:`Result`) or ``"summary"`` (a
                :class:`ResultSummary`: ids, statuses, due dates and counts;
                docs/result-json.md).

        Raises :class:`libprotocol.CaseJSONError` for text that is not JSON,
        :class:`libprotocol.CaseError` for a case that does not fit the pack
        (``place`` is the fact path), :class:`libprotocol.DateTimeError` for
        an impossible date, :class:`libprotocol.LimitError`.
        """
        opts = _options(as_of, default_as_of, strict, pretty, limits, detail)
        text = self._evaluate_text(case_bytes(case), opts)
        return text if raw else _result(text, opts)

    def _evaluate_text(self, data: bytes, opts: protocol_eval_options) -> str:
        out = ctypes.POINTER(ctypes.c_char)()
        length = ctypes.c_size_t()
        with self._handle.borrow("pack") as p:
            call(LIB.protocol_evaluate_json, p, data, len(data), ctypes.byref(opts),
                 ctypes.byref(out), ctypes.byref(length), context=errors.CONTEXT_CASE)
        return take_string(out, length.value).decode("utf-8")

    @overload
    def evaluate_batch(
        self,
        cases: BatchInput,
        *,
        as_of: Optional[TimeLike] = ...,
        default_as_of: Optional[TimeLike] = ...,
        strict: bool = ...,
        raw: Literal[False] = ...,
        limits: Optional[Limits] = ...,
        detail: str = ...,
    ) -> BatchResult: ...

    @overload
    def evaluate_batch(
        self,
        cases: BatchInput,
        *,
        as_of: Optional[TimeLike] = ...,
        default_as_of: Optional[TimeLike] = ...,
        strict: bool = ...,
        raw: Literal[True],
        limits: Optional[Limits] = ...,
        detail: str = ...,
    ) -> bytes: ...

    def evaluate_batch(
        self,
        cases: BatchInput,
        *,
        as_of: Optional[TimeLike] = None,
        default_as_of: Optional[TimeLike] = None,
        strict: bool = False,
        raw: bool = False,
        limits: Optional[Limits] = None,
        detail: str = "full",
    ) -> Union[BatchResult, bytes]:
        """Evaluate many cases in one call into the library (its NDJSON
        batch path), for throughput; the GIL is released for the whole
        batch.

        `cases` is NDJSON text (str or bytes: one case JSON a line, blank
        lines skipped) or an iterable of cases (dicts or JSON text; text
        that spans lines, or is blank, is evaluated on its own so that its
        errors keep their line and column). A case that cannot be evaluated
        does not stop the batch: its entry is the exception it gives, with
        ``index`` its position and ``line`` its NDJSON line (for an
        iterable, ``index + 1``). Options as :meth:`evaluate`.

        Returns a :class:`BatchResult`; with ``raw=True``, the library's
        NDJSON output itself as bytes (what ``protocol check --ndjson``
        prints): one compact result a line, and for a case that fails
        ``{"line":N,"error":{"code":...,"message":...,"place":...,"column":C}}``.
        """
        opts = _options(as_of, default_as_of, strict, False, limits, detail)
        entries = self._batch(cases, opts, raw)
        if raw:
            return b"".join(entries)  # type: ignore[arg-type]
        return BatchResult(entries)  # type: ignore[arg-type]

    def _batch(
        self, cases: BatchInput, opts: protocol_eval_options, raw: bool
    ) -> List[Union[Result, "ResultSummary", errors.Error, bytes]]:
        """The batch's entries: Results and exceptions, or (raw) output lines."""
        # Text that would not fit on one line goes on its own; a non-blank
        # placeholder keeps the numbering of the lines around it.
        alone: Dict[int, bytes] = {}
        if isinstance(cases, (str, bytes, bytearray, memoryview)):
            data = encode_text(cases, "cases")
        else:
            if isinstance(cases, Mapping):
                raise TypeError("a batch is an iterable of cases; evaluate one with evaluate()")
            lines = []
            for i, case in enumerate(cases):
                text = case_bytes(case)
                if not isinstance(case, Mapping) and (
                    not text.strip() or b"\n" in text or b"\r" in text
                ):
                    alone[i] = text
                    text = b"-"
                lines.append(text + b"\n")
            data = b"".join(lines)
        out = ctypes.POINTER(ctypes.c_char)()
        length = ctypes.c_size_t()
        with self._handle.borrow("pack") as p:
            # The failure count is not needed: each failing line says so.
            call(LIB.protocol_evaluate_ndjson, p, data, len(data), ctypes.byref(opts),
                 ctypes.byref(out), ctypes.byref(length), None)
        output = take_string(out, length.value)
        if raw and not alone:
            return [output]
        entries: List[Union[Result, ResultSummary, errors.Error, bytes]] = []
        for index, line in enumerate(output.split(b"\n")[:-1]):
            item: Union[Result, ResultSummary, errors.Error]
            if index in alone:
                item = self._evaluate_alone(alone[index], opts, index)
                entries.append(_batch_line(item, index) if raw else item)
            else:
                entries.append(line + b"\n" if raw else _batch_item(line, index, opts))
        return entries

    def _evaluate_alone(
        self, text: bytes, opts: protocol_eval_options, index: int
    ) -> Union[Result, "ResultSummary", errors.Error]:
        try:
            return _result(self._evaluate_text(text, opts), opts)
        except errors.Error as exc:
            exc.index = index
            return exc

    # --- the pack's own tests --------------------------------------------

    def run_tests(self) -> PackTestReport:
        """Run the test cases the pack carries (``"tests"`` in the pack)."""
        total, failures = ctypes.c_size_t(), ctypes.c_size_t()
        report = ctypes.POINTER(ctypes.c_char)()
        with self._handle.borrow("pack") as p:
            call(LIB.protocol_pack_run_tests, p, ctypes.byref(total), ctypes.byref(failures),
                 ctypes.byref(report))
        return PackTestReport(total.value, failures.value, decode(take_string(report)))

    # --- lifetime --------------------------------------------------------

    def close(self) -> None:
        """Free the compiled pack now (calls in flight on other threads
        finish first). Using the Pack afterwards raises ValueError."""
        self._handle.close()

    @property
    def closed(self) -> bool:
        """True once :meth:`close` was called."""
        return self._handle.closed

    def __enter__(self) -> "Pack":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        return (_remake, self._origin)

    def __repr__(self) -> str:
        state = " closed" if self.closed else ""
        return f"<libprotocol.Pack {self._id!r} {self._version!r}{state}>"


def _remake(kind: str, what: Any, limits: Optional[Limits]) -> Pack:
    if kind == "builtin":
        return Pack.builtin(what)
    if kind == "string":
        return Pack.from_string(what, limits=limits)
    return Pack.from_file(what, limits=limits)


def _result(text: str, opts: protocol_eval_options) -> Union[Result, "ResultSummary"]:
    """The result JSON `text` as the object of its detail level."""
    return ResultSummary(text) if opts.detail == DETAILS["summary"] else Result(text)


def _batch_item(
    line: bytes, index: int, opts: protocol_eval_options
) -> Union[Result, "ResultSummary", errors.Error]:
    """A Result, or the exception for a batch error line (case `index`)."""
    text = line.decode("utf-8")
    if not text.startswith('{"line":'):
        return _result(text, opts)
    obj = json.loads(text)
    err = obj.get("error") or {}
    name = str(err.get("code", ""))
    code = errors.code_from_name(name)
    exc = errors.make_error(
        code,
        name,
        str(err.get("message") or name),
        str(err.get("place") or ""),
        int(obj.get("line") or 0),
        int(err.get("column") or 0),
        errors.CONTEXT_CASE,
    )
    exc.index = index
    return exc


def _batch_line(item: Union[Result, "ResultSummary", errors.Error], index: int) -> bytes:
    """The batch output line for case `index` evaluated on its own: the
    result JSON, or the batch's error object."""
    if isinstance(item, (Result, ResultSummary)):
        return item.json.encode("utf-8") + b"\n"
    obj = {
        "line": index + 1,
        "error": {
            "code": item.code_name,
            "message": item.message,
            "place": item.place,
            "column": item.column,
        },
    }
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


