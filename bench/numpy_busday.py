#!/usr/bin/env python3
"""The same working-day work as bench_calendar with numpy's vectorised
busday_offset / busday_count and the same holidays (read from libprotocol).
Prints lines "numpy DIVISION OP NS_PER_OP".

Usage: numpy_busday.py LIBRARY.so [OPERATIONS]
"""
import ctypes
import sys
import time

import numpy as np

sys.path.insert(0, __file__.rsplit("/", 2)[0] + "/tests")
from test_calendar_numpy import holidays, load  # noqa: E402  (same ctypes declarations)


def main():
    lib = load(sys.argv[1])
    ops = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000_000
    rng = np.random.default_rng(20261125)
    lo = np.datetime64("1990-01-01").astype(int)
    hi = np.datetime64("2060-12-31").astype(int)
    start = rng.integers(lo, hi + 1, ops).astype("datetime64[D]")
    end = rng.integers(lo, hi + 1, ops).astype("datetime64[D]")
    n = rng.integers(-30, 31, ops)
    for division in (b"england-and-wales", b"scotland", b"northern-ireland"):
        cal = ctypes.c_void_p()
        assert lib.protocol_calendar_new(division, ctypes.byref(cal), None) == 0
        bdc = np.busdaycalendar(weekmask="1111100",
                                holidays=np.array(holidays(lib, cal), dtype="datetime64[D]"))
        lib.protocol_calendar_free(cal)
        t0 = time.perf_counter()
        # SPEC §4: roll backward for N >= 0, forward for N < 0.
        fwd = n >= 0
        out = np.empty(ops, dtype="datetime64[D]")
        out[fwd] = np.busday_offset(start[fwd], n[fwd], roll="backward", busdaycal=bdc)
        out[~fwd] = np.busday_offset(start[~fwd], n[~fwd], roll="forward", busdaycal=bdc)
        t1 = time.perf_counter()
        print(f"numpy {division.decode()} add {(t1 - t0) * 1e9 / ops:.2f}")
        t0 = time.perf_counter()
        np.busday_count(start, end, busdaycal=bdc)
        t1 = time.perf_counter()
        print(f"numpy {division.decode()} count {(t1 - t0) * 1e9 / ops:.2f}")


if __name__ == "__main__":
    main()
