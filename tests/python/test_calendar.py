"""libprotocol.calendar / Calendar: working days with datetime.date in and out.

Expected values are the GOV.UK bank-holiday record for 2026 (hand-copied),
the SPEC's worked examples, and numpy's busday_offset/busday_count (the
SPEC's reference) over the same holidays.
"""

from __future__ import annotations

import datetime
import json
import threading

import pytest

import libprotocol

D = datetime.date

# GOV.UK bank holidays 2026, by division.
HOLIDAYS_2026 = {
    "england-and-wales": [
        D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4),
        D(2026, 5, 25), D(2026, 8, 31), D(2026, 12, 25), D(2026, 12, 28),
    ],
    "scotland": [
        D(2026, 1, 1), D(2026, 1, 2), D(2026, 4, 3), D(2026, 5, 4), D(2026, 5, 25),
        D(2026, 8, 3), D(2026, 11, 30), D(2026, 12, 25), D(2026, 12, 28),
    ],
    "northern-ireland": [
        D(2026, 1, 1), D(2026, 3, 17), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4),
        D(2026, 5, 25), D(2026, 7, 13), D(2026, 8, 31), D(2026, 12, 25), D(2026, 12, 28),
    ],
}
# England and Wales, 2027 (for arithmetic that crosses the year end).
EW_2027 = [
    D(2027, 1, 1), D(2027, 3, 26), D(2027, 3, 29), D(2027, 5, 3), D(2027, 5, 31),
    D(2027, 8, 30), D(2027, 12, 27), D(2027, 12, 28),
]


def test_builtin_ids():
    assert libprotocol.calendars() == ["england-and-wales", "scotland", "northern-ireland"]


def test_default_is_england_and_wales():
    assert libprotocol.calendar().id == "england-and-wales"
    assert libprotocol.Calendar().id == "england-and-wales"
    assert libprotocol.calendar("scotland").id == "scotland"


def test_builtin_calendars_are_shared():
    assert libprotocol.calendar("scotland") is libprotocol.calendar("scotland")


def test_unknown_calendar():
    with pytest.raises(libprotocol.NotFoundError) as info:
        libprotocol.calendar("wales")
    assert "wales" in info.value.place or "wales" in info.value.message
    assert isinstance(info.value, LookupError)


def test_spec_examples():
    cal = libprotocol.calendar()
    # SPEC §4: Friday + 3 = Wednesday; Saturday + 3 = the same Wednesday.
    assert cal.add(D(2026, 11, 20), 3) == D(2026, 11, 25)
    assert cal.add(D(2026, 11, 21), 3) == D(2026, 11, 25)
    assert cal.add(D(2026, 11, 20), 0) == D(2026, 11, 20)
    # Papers 5 working days before a meeting on Friday 2026-11-27.
    assert cal.before(D(2026, 11, 27), 5) == D(2026, 11, 20)
    assert cal.add(D(2026, 11, 27), -5) == D(2026, 11, 20)
    assert cal.count(D(2026, 11, 20), D(2026, 11, 27)) == 5
    assert cal.count(D(2026, 11, 27), D(2026, 11, 20)) == -5
    assert isinstance(cal.add(D(2026, 11, 20), 3), datetime.date)


@pytest.mark.parametrize("division", sorted(HOLIDAYS_2026))
def test_holidays_2026(division):
    cal = libprotocol.calendar(division)
    got = cal.holidays(2026)
    assert [h.date for h in got] == HOLIDAYS_2026[division]
    assert all(isinstance(h, libprotocol.Holiday) and h.name for h in got)
    for day in HOLIDAYS_2026[division]:
        assert not cal.is_working_day(day)
        assert cal.holiday_name(day)
    christmas = [h for h in got if h.date == D(2026, 12, 25)][0]
    assert "Christmas" in christmas.name


def test_one_off_holidays():
    cal = libprotocol.calendar()
    for day in [D(2022, 9, 19), D(2023, 5, 8), D(2020, 5, 8), D(2011, 4, 29),
                D(2012, 6, 5), D(1999, 12, 31)]:
        assert not cal.is_working_day(day), day
    # VE day moved the early May holiday off the Monday in 2020.
    assert cal.is_working_day(D(2020, 5, 4))


def test_working_days_and_weekends():
    cal = libprotocol.calendar()
    assert cal.is_working_day(D(2026, 11, 20)) is True
    assert cal.is_working_day(D(2026, 11, 21)) is False  # Saturday
    assert cal.is_working_day(D(2026, 11, 22)) is False  # Sunday
    assert cal.holiday_name(D(2026, 11, 20)) is None
    assert cal.holiday_name(D(2026, 11, 21)) is None  # a weekend is no holiday


def test_next_and_previous_over_christmas():
    cal = libprotocol.calendar()
    assert cal.next(D(2026, 12, 24)) == D(2026, 12, 29)
    assert cal.previous(D(2026, 12, 29)) == D(2026, 12, 24)
    assert cal.next(D(2026, 11, 20)) == D(2026, 11, 23)
    assert cal.previous(D(2026, 11, 23)) == D(2026, 11, 20)


def test_scotland_differs():
    # St Andrew's Day (Monday 2026-11-30) is a holiday in Scotland only.
    assert libprotocol.calendar("scotland").add(D(2026, 11, 27), 3) == D(2026, 12, 3)
    assert libprotocol.calendar().add(D(2026, 11, 27), 3) == D(2026, 12, 2)


def test_range_and_errors():
    cal = libprotocol.calendar()
    first, last = cal.range
    assert first <= D(1970, 1, 1) and last >= D(2199, 12, 31)
    with pytest.raises(libprotocol.RangeError):
        cal.is_working_day(first - datetime.timedelta(days=1))
    with pytest.raises(libprotocol.RangeError):
        cal.add(last, 10)
    with pytest.raises(libprotocol.RangeError) as info:
        cal.next(D(2200, 1, 1))
    assert isinstance(info.value, ValueError)
    assert info.value.code == -3 and info.value.code_name == "PROTOCOL_E_RANGE"


def test_dates_as_datetime_and_text():
    cal = libprotocol.calendar()
    # A naive datetime is UK local time: its date counts.
    assert cal.add(datetime.datetime(2026, 11, 20, 23, 59), 3) == D(2026, 11, 25)
    # An aware one is converted: 23:30 at UTC-2 on Friday is 01:30 on
    # Saturday in the UK.
    late = datetime.datetime(2026, 11, 20, 23, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=-2)))
    assert cal.is_working_day(late) is False
    # BST: 23:30 UTC on Wednesday 1 July is 00:30 on Thursday.
    assert cal.previous(datetime.datetime(2026, 7, 1, 23, 30, tzinfo=datetime.timezone.utc)) == D(2026, 7, 1)
    assert cal.add("2026-11-20", 3) == D(2026, 11, 25)
    assert cal.count("2026-11-20", D(2026, 11, 27)) == 5


def test_wrong_types():
    cal = libprotocol.calendar()
    with pytest.raises(TypeError):
        cal.is_working_day(20261120)
    with pytest.raises(TypeError):
        cal.add(D(2026, 11, 20), "3")
    with pytest.raises(TypeError):
        cal.add(D(2026, 11, 20), True)
    with pytest.raises(TypeError):
        cal.holidays("2026")
    with pytest.raises(TypeError):
        libprotocol.calendar(3)
    with pytest.raises(libprotocol.DateTimeError):
        cal.add("2026-02-30", 1)


def test_against_numpy_busday():
    np = pytest.importorskip("numpy")
    cal = libprotocol.calendar()
    holidays = [d.isoformat() for d in HOLIDAYS_2026["england-and-wales"] + EW_2027]
    start = D(2026, 1, 15)
    days = [start + datetime.timedelta(days=i) for i in range(0, 351)]
    for day in days:
        d64 = np.datetime64(day.isoformat())
        for n in range(0, 8):
            want = np.busday_offset(d64, n, roll="backward", holidays=holidays)
            assert cal.add(day, n).isoformat() == str(want), (day, n)
            want = np.busday_offset(d64, -n, roll="forward", holidays=holidays)
            assert cal.before(day, n).isoformat() == str(want), (day, -n)
            if n > 0:  # add(day, 0) rolls backward, like busday_offset(day, 0, 'backward')
                assert cal.add(day, -n).isoformat() == str(want), (day, -n)
        assert cal.next(day).isoformat() == str(np.busday_offset(d64, 1, roll="backward", holidays=holidays))
        assert cal.previous(day).isoformat() == str(np.busday_offset(d64, -1, roll="forward", holidays=holidays))
        assert cal.is_working_day(day) == bool(np.is_busday(d64, holidays=holidays))
    for a in days[::7]:
        for b in days[::11]:
            want = int(np.busday_count(a.isoformat(), b.isoformat(), holidays=holidays))
            assert cal.count(a, b) == want, (a, b)


def test_with_changes():
    base = libprotocol.calendar()
    closed = base.with_changes({D(2026, 11, 23): "Office closure"}, removed=[D(2026, 12, 28)])
    assert closed is not base
    assert closed.add(D(2026, 11, 20), 3) == D(2026, 11, 26)
    assert closed.holiday_name(D(2026, 11, 23)) == "Office closure"
    assert closed.is_working_day(D(2026, 12, 28)) is True
    assert D(2026, 11, 23) in [h.date for h in closed.holidays(2026)]
    # The base is unchanged.
    assert base.add(D(2026, 11, 20), 3) == D(2026, 11, 25)
    assert base.is_working_day(D(2026, 12, 28)) is False
    # Pairs work as well as a mapping.
    pairs = base.with_changes([(D(2026, 11, 23), "Closure")])
    assert not pairs.is_working_day(D(2026, 11, 23))
    with pytest.raises(libprotocol.Error):
        base.with_changes({D(2026, 11, 23): "x"}, removed=[D(2026, 11, 23)])
    with pytest.raises(TypeError):
        base.with_changes([D(2026, 11, 23)])


GOVUK = {
    "england-and-wales": {
        "division": "england-and-wales",
        "events": [
            {"title": "Christmas Day", "date": "2030-12-25", "notes": "", "bunting": True},
            {"title": "Boxing Day", "date": "2030-12-26", "notes": "", "bunting": True},
            {"title": "New Year\u2019s Day", "date": "2031-01-01", "notes": "", "bunting": True},
        ],
    },
    "scotland": {"division": "scotland", "events": [
        {"title": "St Andrew\u2019s Day", "date": "2030-12-02", "notes": "Substitute day", "bunting": True},
    ]},
}


def test_from_govuk_json_and_file(tmp_path):
    text = json.dumps(GOVUK)
    cal = libprotocol.Calendar.from_govuk_json(text)
    assert cal.id == "england-and-wales"
    assert cal.range == (D(2030, 1, 1), D(2031, 12, 31))
    assert cal.next(D(2030, 12, 24)) == D(2030, 12, 27)
    assert [h.name for h in cal.holidays(2030)] == ["Christmas Day", "Boxing Day"]
    scot = libprotocol.Calendar.from_govuk_json(text.encode(), "scotland")
    assert scot.holiday_name(D(2030, 12, 2)) == "St Andrew\u2019s Day (substitute day)"
    path = tmp_path / "bank-holidays.json"
    path.write_text(text, encoding="utf-8")
    assert libprotocol.Calendar.from_govuk_file(path).holidays(2031)[0].date == D(2031, 1, 1)
    assert libprotocol.Calendar.from_govuk_file(str(path), "scotland").id == "scotland"


def test_from_govuk_errors(tmp_path):
    with pytest.raises(libprotocol.JSONError) as info:
        libprotocol.Calendar.from_govuk_json('{"england-and-wales": [')
    assert info.value.line >= 1 and info.value.column >= 1
    with pytest.raises(libprotocol.NotFoundError):
        libprotocol.Calendar.from_govuk_json(json.dumps(GOVUK), "northern-ireland")
    missing = tmp_path / "nope.json"
    with pytest.raises(libprotocol.FileError) as info:
        libprotocol.Calendar.from_govuk_file(missing)
    assert str(missing) in info.value.place or str(missing) in info.value.message
    assert isinstance(info.value, OSError)


def test_threads_share_a_calendar():
    cal = libprotocol.calendar("northern-ireland")
    days = [D(2026, 1, 1) + datetime.timedelta(days=i) for i in range(365)]
    serial = [(cal.add(d, 3), cal.count(D(2026, 1, 1), d)) for d in days]
    out = {}

    def work(k):
        out[k] = [(cal.add(d, 3), cal.count(D(2026, 1, 1), d)) for d in days]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(out[k] == serial for k in range(8))


def test_pickle_as_recipe():
    import pickle

    assert pickle.loads(pickle.dumps(libprotocol.calendar("scotland"))) is libprotocol.calendar("scotland")
    changed = libprotocol.calendar().with_changes({D(2026, 11, 23): "Closure"},
                                               (d for d in [D(2026, 12, 28)]))
    again = pickle.loads(pickle.dumps(changed))
    assert again.holiday_name(D(2026, 11, 23)) == "Closure"
    assert again.is_working_day(D(2026, 12, 28)) is True
    govuk = libprotocol.Calendar.from_govuk_json(json.dumps(GOVUK), "scotland")
    assert pickle.loads(pickle.dumps(govuk)).holidays(2030) == govuk.holidays(2030)
