"""libprotocol for Python: evaluate the rules of UK multi-agency working
protocols — information sharing, consent override, referral deadlines on
UK bank-holiday calendars, duties and standards checklists.

A thin binding over the C library (loaded with ctypes; nothing beyond the
standard library is needed): every answer comes from libprotocol.

>>> import libprotocol
>>> pack = libprotocol.Pack.builtin("durham-2010")
>>> result = pack.evaluate({"consent": {"status": "refused"},
...                         "concerns": {"child_significant_harm": True}})
>>> result.decision("consent-override").outcome
'permitted'

The library is found through the ``PROTOCOL_LIBRARY`` environment variable
(a path), next to this package, in a meson build tree, or on the system
loader path; see :mod:`libprotocol._lib`.
"""

from __future__ import annotations

from ._version import __version__
from ._lib import LIB as _LIB
from . import _calendar, _deadline, _pack, errors
from .errors import *  # noqa: F401,F403  (the exception classes)
from ._pack import *  # noqa: F401,F403  (Pack, Result, packs, ...)
from ._calendar import *  # noqa: F401,F403  (Calendar, calendar, ...)
from ._deadline import *  # noqa: F401,F403  (deadline, uk_time, ...)

__all__ = ["__version__", "library_version", "library_path"]
__all__ += _pack.__all__
__all__ += _calendar.__all__
__all__ += _deadline.__all__
__all__ += errors.__all__


def library_version() -> str:
    """The version of the loaded C library (``protocol_version()``); always
    equal to ``__version__``, or the import would have failed."""
    return str(_LIB.protocol_version().decode("ascii"))


def library_path() -> str:
    """The file the C library was loaded from."""
    return str(_LIB.path)
