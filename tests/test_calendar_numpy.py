#!/usr/bin/env python3
"""Cross-check libprotocol's working-day arithmetic against numpy's busday
functions, given the same holidays: 100,000 random (date, N) pairs per
division for add (SPEC §4: busday_offset, roll='backward' for N >= 0 and
roll='forward' for N < 0) and 100,000 random pairs for count (busday_count).

Usage: test_calendar_numpy.py LIBRARY.so
Exits 77 (skipped) when numpy is not installed.
"""
import ctypes
import datetime
import random
import sys

try:
    import numpy as np
except ImportError:
    print("numpy is not installed (Debian: python3-numpy); skipping")
    sys.exit(77)

PAIRS = 100_000
FIRST_YEAR, LAST_YEAR = 1971, 2198  # a margin inside the range for N up to 30


class Date(ctypes.Structure):
    _fields_ = [("year", ctypes.c_int), ("month", ctypes.c_int), ("day", ctypes.c_int)]


class Holiday(ctypes.Structure):
    _fields_ = [("date", Date), ("name", ctypes.c_char_p)]


def load(path):
    lib = ctypes.CDLL(path)
    lib.protocol_calendar_new.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p),
                                          ctypes.c_void_p]
    lib.protocol_calendar_holidays.argtypes = [ctypes.c_void_p, ctypes.c_int,
                                               ctypes.POINTER(Holiday), ctypes.c_size_t,
                                               ctypes.POINTER(ctypes.c_size_t), ctypes.c_void_p]
    lib.protocol_calendar_add_working_days.argtypes = [ctypes.c_void_p, Date, ctypes.c_int,
                                                       ctypes.POINTER(Date), ctypes.c_void_p]
    lib.protocol_calendar_count_working_days.argtypes = [ctypes.c_void_p, Date, Date,
                                                         ctypes.POINTER(ctypes.c_long),
                                                         ctypes.c_void_p]
    lib.protocol_calendar_free.argtypes = [ctypes.c_void_p]
    return lib


def holidays(lib, cal):
    buf = (Holiday * 32)()
    n = ctypes.c_size_t()
    days = []
    for year in range(1970, 2200):
        assert lib.protocol_calendar_holidays(cal, year, buf, 32, ctypes.byref(n), None) == 0
        days += [datetime.date(h.date.year, h.date.month, h.date.day) for h in buf[:n.value]]
    return days


def main():
    lib = load(sys.argv[1])
    rng = random.Random(20261125)
    lo = datetime.date(FIRST_YEAR, 1, 1).toordinal()
    hi = datetime.date(LAST_YEAR, 12, 31).toordinal()
    failures = 0
    for division in (b"england-and-wales", b"scotland", b"northern-ireland"):
        cal = ctypes.c_void_p()
        assert lib.protocol_calendar_new(division, ctypes.byref(cal), None) == 0
        hol = holidays(lib, cal)
        assert len(hol) > 230 * 7, len(hol)
        bdc = np.busdaycalendar(weekmask="1111100", holidays=np.array(hol, dtype="datetime64[D]"))

        starts = [datetime.date.fromordinal(rng.randint(lo, hi)) for _ in range(PAIRS)]
        ns = [rng.randint(-30, 30) for _ in range(PAIRS)]
        d64 = np.array(starts, dtype="datetime64[D]")
        n64 = np.array(ns)
        back = np.busday_offset(d64, n64, roll="backward", busdaycal=bdc)
        fwd = np.busday_offset(d64, n64, roll="forward", busdaycal=bdc)
        expected = np.where(n64 >= 0, back, fwd)
        out = Date()
        for i in range(PAIRS):
            s = starts[i]
            status = lib.protocol_calendar_add_working_days(cal, Date(s.year, s.month, s.day),
                                                            ns[i], ctypes.byref(out), None)
            got = datetime.date(out.year, out.month, out.day) if status == 0 else None
            if got != expected[i].astype(datetime.date):
                failures += 1
                if failures < 10:
                    print(f"{division.decode()}: {s} {ns[i]:+d}: numpy {expected[i]}, "
                          f"libprotocol {got} (status {status})")

        ends = [datetime.date.fromordinal(rng.randint(lo, hi)) for _ in range(PAIRS)]
        counts = np.busday_count(d64, np.array(ends, dtype="datetime64[D]"), busdaycal=bdc)
        n = ctypes.c_long()
        for i in range(PAIRS):
            a, b = starts[i], ends[i]
            status = lib.protocol_calendar_count_working_days(
                cal, Date(a.year, a.month, a.day), Date(b.year, b.month, b.day),
                ctypes.byref(n), None)
            if status != 0 or n.value != counts[i]:
                failures += 1
                if failures < 10:
                    print(f"{division.decode()}: count [{a}, {b}): numpy {counts[i]}, "
                          f"libprotocol {n.value} (status {status})")
        lib.protocol_calendar_free(cal)
        print(f"{division.decode()}: {PAIRS} offsets and {PAIRS} counts compared")
    print(f"{failures} differences")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
