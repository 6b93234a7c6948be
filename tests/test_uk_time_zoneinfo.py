#!/usr/bin/env python3
"""UK civil time against the system time-zone database: Python's zoneinfo
Europe/London (tzdata), the independent reference for SPEC §5.

For every changeover from 18 February 1968 (British Standard Time) to 2199,
found by scanning zoneinfo itself (not the library's rules):
  * UTC instants around it (1 hour, 1 second, the instant, 1 second after,
    1 hour after) read with an offset: the library's UK offset and local
    date-time must equal zoneinfo's astimezone;
  * wall-clock times around it read without an offset, every 15 minutes over
    four hours: the offset must be zoneinfo's with fold=0 (PEP 495: the
    skipped hour takes the offset before, the repeated hour the first one);
  * from 1970 (the calendars' range), hours deadlines across it: 1, 12, 24
    and 48 hours from 12 hours before, the due instant in UK local time and
    the seconds remaining as of the changeover.
And 20,000 random instants from 1968 to 2199.

Runs through the Python binding (PYTHONPATH, PROTOCOL_LIBRARY).
"""
import datetime
import random
import sys

try:
    from zoneinfo import ZoneInfo

    LONDON = ZoneInfo("Europe/London")
except Exception as e:  # no tzdata: nothing to compare against
    print(f"zoneinfo Europe/London is not available ({e}); skipping")
    sys.exit(77)

import libprotocol

UTC = datetime.timezone.utc
failures = []


def fail(what):
    failures.append(what)
    if len(failures) <= 20:
        print("FAIL:", what)


def offset(instant):
    return instant.astimezone(LONDON).utcoffset()


def changeovers(first_year, last_year):
    """Every UTC instant at which Europe/London's offset changes."""
    found = []
    day = datetime.datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime.datetime(last_year, 12, 31, tzinfo=UTC)
    step = datetime.timedelta(days=1)
    while day < end:
        nxt = day + step
        if offset(day) != offset(nxt):
            lo, hi = day, nxt  # offset(lo) != offset(hi): bisect to the second
            while hi - lo > datetime.timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                mid = mid.replace(microsecond=0)
                if offset(mid) == offset(lo):
                    lo = mid
                else:
                    hi = mid
            found.append(hi)
        day = nxt
    return found


def check_instant(u):
    want = u.astimezone(LONDON)
    got = libprotocol.uk_time(u)
    if (got.replace(tzinfo=None) != want.replace(tzinfo=None) or
            got.utcoffset() != want.utcoffset()):
        fail(f"{u.isoformat()}: library {got.isoformat()}, zoneinfo {want.isoformat()}")


def check_wall(w):
    want = w.replace(tzinfo=LONDON, fold=0).utcoffset()
    got = libprotocol.uk_time(w)
    if got.replace(tzinfo=None) != w or got.utcoffset() != want:
        fail(f"wall {w.isoformat()}: library {got.isoformat()}, zoneinfo offset {want}")


def check_hours(t):
    for hours in (1, 12, 24, 48):
        start = t - datetime.timedelta(hours=12)
        want = (start + datetime.timedelta(hours=hours)).astimezone(LONDON)
        c = libprotocol.clock(start, "hours", hours, as_of=t)
        if (c.due.replace(tzinfo=None) != want.replace(tzinfo=None) or
                c.due.utcoffset() != want.utcoffset()):
            fail(f"{hours} hours from {start.isoformat()}: library {c.due.isoformat()}, "
                 f"zoneinfo {want.isoformat()}")
        if c.seconds_remaining != (hours - 12) * 3600:
            fail(f"{hours} hours from {start.isoformat()} as of {t.isoformat()}: "
                 f"{c.seconds_remaining} seconds remaining, not {(hours - 12) * 3600}")
        # The same start given as UK local wall-clock text must give the same due.
        local = start.astimezone(LONDON)
        c2 = libprotocol.clock(local.isoformat(), "hours", hours)
        if c2.due != c.due or c2.due.utcoffset() != c.due.utcoffset():
            fail(f"{hours} hours from {local.isoformat()}: {c2.due} != {c.due}")


def main():
    transitions = changeovers(1968, 2199)
    # 1968-02-18 starts British Standard Time, 1971-10-31 ends it, then two a
    # year from 1972 to 2199.
    expected = 2 + 2 * (2199 - 1972 + 1)
    if len(transitions) != expected:
        fail(f"zoneinfo shows {len(transitions)} changeovers 1968-2199, expected {expected}")
    for t in transitions:
        for delta in (-3600, -1, 0, 1, 3600):
            check_instant(t + datetime.timedelta(seconds=delta))
        local_before = (t - datetime.timedelta(seconds=1)).astimezone(LONDON)
        wall = local_before.replace(tzinfo=None, minute=0, second=0) - datetime.timedelta(hours=2)
        for k in range(17):
            check_wall(wall + datetime.timedelta(minutes=15 * k))
        if t.year >= 1970:
            check_hours(t)
    rng = random.Random(12)
    first = datetime.datetime(1968, 1, 1, tzinfo=UTC).timestamp()
    last = datetime.datetime(2199, 12, 31, tzinfo=UTC).timestamp()
    for _ in range(20000):
        check_instant(datetime.datetime.fromtimestamp(rng.randrange(int(first), int(last)), UTC))
    print(f"{len(transitions)} changeovers 1968-2199 and 20000 random instants checked "
          f"against zoneinfo: {len(failures)} mismatches")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
