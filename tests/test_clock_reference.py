#!/usr/bin/env python3
"""The clock's calendar arithmetic against independent libraries, given the
same holidays, for each of the three built-in divisions:

  * months, weeks and calendar days: the unrolled due date from
    dateutil.relativedelta (python3-dateutil), each roll from QuantLib's
    Calendar.adjust (Following, Preceding, ModifiedFollowing; Debian's
    quantlib-python) on a BespokeCalendar holding the division's weekends
    and holidays — 100,000 random cases per division over 1970-2199, after a
    start and before an event, every unit and roll. (QuantLib's advance with
    a unit of days counts business days, so only adjust is used.) After a
    start a rolled date is never before the start (deadline.h): the
    reference result is max(adjusted, start).
  * protocol_calendar_roll alone: 20,000 random dates per division and
    convention against Calendar.adjust;
  * protocol_date_add_months: 20,000 random dates and month counts against
    relativedelta;
  * working days through the clock: 20,000 random cases per division
    against numpy.busday_offset (SPEC §4: N >= 1 after D is
    busday_offset(D, N, roll='backward'), 0 after D is roll='forward', N
    before D is busday_offset(D, -N, roll='forward')).

Zero mismatches. Runs through the Python binding (PYTHONPATH,
PROTOCOL_LIBRARY); exits 77 (skipped) when a reference is not installed.
"""
import datetime
import random
import sys

try:
    import numpy as np
    import QuantLib as ql
    from dateutil.relativedelta import relativedelta
except ImportError as e:
    print(f"a reference library is not installed ({e}; Debian: python3-numpy, "
          "python3-dateutil, quantlib-python); skipping")
    sys.exit(77)

import libprotocol

CASES = 100_000
SMALL = 20_000
FIRST = datetime.date(1972, 9, 1)  # margins for 400 days, 100 weeks (700 days) or 30 months
LAST = datetime.date(2197, 5, 31)
ROLLS = {"following": ql.Following, "preceding": ql.Preceding,
         "modified_following": ql.ModifiedFollowing}
UNITS = ("calendar_days", "weeks", "months")
failures = []


def fail(what):
    failures.append(what)
    if len(failures) <= 20:
        print("FAIL:", what)


def qdate(d):
    return ql.Date(d.day, d.month, d.year)


def pydate(q):
    return datetime.date(q.year(), q.month(), q.dayOfMonth())


def bespoke(cal, name):
    """A QuantLib calendar with the library calendar's weekends and holidays."""
    q = ql.BespokeCalendar(name)
    q.addWeekend(ql.Saturday)
    q.addWeekend(ql.Sunday)
    days = []
    for year in range(1970, 2200):
        for h in cal.holidays(year):
            q.addHoliday(qdate(h.date))
            days.append(h.date)
    return q, np.array(days, dtype="datetime64[D]")


def random_date(rng):
    return FIRST + datetime.timedelta(days=rng.randrange((LAST - FIRST).days + 1))


def delta(unit, n):
    return {"calendar_days": relativedelta(days=n), "weeks": relativedelta(weeks=n),
            "months": relativedelta(months=n)}[unit]


def check_division(division, rng):
    cal = libprotocol.calendar(division)
    q, holidays = bespoke(cal, "reference-" + division)
    # The clock: unit, amount, direction and roll at random.
    for _ in range(CASES):
        start = random_date(rng)
        unit = rng.choice(UNITS)
        amount = rng.randrange(0, {"calendar_days": 400, "weeks": 100, "months": 30}[unit] + 1)
        before = rng.random() < 0.3
        roll = rng.choice(("none",) + tuple(ROLLS))
        unrolled = start + delta(unit, -amount if before else amount)
        want = unrolled if roll == "none" else pydate(q.adjust(qdate(unrolled), ROLLS[roll]))
        if not before and want < start:
            want = start
        got = libprotocol.clock(start, unit, amount, before=before, roll=roll, calendar=cal).due
        if got != want:
            fail(f"{division}: {amount} {unit} {'before' if before else 'after'} {start} "
                 f"roll {roll}: library {got}, reference {want} (unrolled {unrolled})")
    # The roll alone.
    for roll, convention in ROLLS.items():
        for _ in range(SMALL):
            d = random_date(rng)
            want = pydate(q.adjust(qdate(d), convention))
            got = cal.roll(d, roll)
            if got != want:
                fail(f"{division}: roll {roll} {d}: library {got}, QuantLib {want}")
    # Working days through the clock, against numpy.
    for _ in range(SMALL):
        start = random_date(rng)
        n = rng.randrange(0, 60)
        before = rng.random() < 0.3
        npd = np.datetime64(start.isoformat(), "D")
        if before:
            want = np.busday_offset(npd, -n, roll="forward", holidays=holidays)
        else:
            want = np.busday_offset(npd, n, roll="backward" if n else "forward",
                                    holidays=holidays)
        want = datetime.date.fromisoformat(str(want))
        got = libprotocol.clock(start, "working_days", n, before=before, calendar=cal).due
        if got != want:
            fail(f"{division}: {n} working days {'before' if before else 'after'} {start}: "
                 f"library {got}, numpy {want}")


def main():
    rng = random.Random(20261202)
    for _ in range(SMALL):
        d = datetime.date(1, 1, 1) + datetime.timedelta(days=rng.randrange(3_650_000))
        n = rng.randrange(-1200, 1201)
        try:
            want = d + relativedelta(months=n)
        except (ValueError, OverflowError):
            continue
        got = libprotocol.add_months(d, n)
        if got != want:
            fail(f"add_months({d}, {n}): library {got}, relativedelta {want}")
    for division in libprotocol.calendars():
        check_division(division, rng)
    print(f"{len(libprotocol.calendars())} divisions x {CASES} clock cases with rolls, "
          f"rolls and working days: {len(failures)} mismatches")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
