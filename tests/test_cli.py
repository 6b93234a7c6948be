#!/usr/bin/env python3
"""Tests of the `protocol` tool and the example programs, run as built.

    test_cli.py calendar PROTOCOL
    test_cli.py packs PROTOCOL
    test_cli.py examples EMBED OWN_PACK THREADED

Expectations are worked by hand from SPEC §4-§7 and the GOV.UK
bank-holiday record, or computed here by a naive day-by-day count over that
record, never copied from the tool's own output. Writes TAP.
"""
import datetime
import json
import os
import random
import re
import subprocess
import sys
import tempfile

SOURCE = os.environ.get("PROTOCOL_SOURCE_ROOT",
                        os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOVUK = os.path.join(SOURCE, "tests", "data", "govuk-bank-holidays.json")
EXAMPLE_PACK = os.path.join(SOURCE, "examples", "packs", "example-locality.json")
EXAMPLE_CASE = os.path.join(SOURCE, "examples", "cases", "example-locality.json")
DURHAM_CASE = os.path.join(SOURCE, "examples", "cases", "durham-referral.json")
CLI_DATA = os.path.join(SOURCE, "tests", "data", "cli")
EVERYTHING = os.path.join(SOURCE, "tests", "data", "packs", "everything.json")
BUILTIN_PACKS = [
    "derwent-2016",
    "durham-2010",
    "durham-darlington-link",
    "england-info-sharing-2018",
    "england-info-sharing-2024",
    "england-wt-2023",
    "marac-safelives",
    "richmond-compact",
    "sandwell-5plus",
    "scotland-cp-2023",
    "uk-safeguarding-lawful-basis",
    "wales-safeguarding-2019",
]
RESULT_MEMBERS = ["library", "pack", "as_of", "decisions", "rules", "duties",
                  "deadlines", "checklists", "warnings", "ask_next", "summary"]

TOOL = None
count = 0
failed = 0


def ok(condition, name, detail=""):
    global count, failed
    count += 1
    if condition:
        print("ok %d - %s" % (count, name))
    else:
        failed += 1
        print("not ok %d - %s" % (count, name))
        for line in str(detail).splitlines()[:40]:
            print("#   " + line)
    sys.stdout.flush()
    return condition


def skip(name, why):
    global count
    count += 1
    print("ok %d - %s # SKIP %s" % (count, name, why))


def run(args, stdin=None, program=None):
    p = subprocess.run([program or TOOL] + list(args), input=stdin, capture_output=True,
                       text=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


def shown(args, code, out, err):
    return "protocol %s\nexit %s\nstdout:\n%s\nstderr:\n%s" % (
        " ".join(args), code, out[-3000:], err[-3000:])


def expect(args, status, stdout=None, contains=(), stderr_contains=(), stdin=None, name=None):
    """Run the tool; check exit status, exact stdout, and substrings."""
    code, out, err = run(args, stdin)
    good = code == status
    if stdout is not None:
        good = good and out == stdout
    good = good and all(c in out for c in contains)
    good = good and all(c in err for c in stderr_contains)
    if status == 2:
        good = good and err.strip() != ""
    ok(good, name or "protocol " + " ".join(args), shown(args, code, out, err))
    return code, out, err


# --- a naive calendar over the GOV.UK record, for computed expectations ----

def govuk_holidays(division):
    with open(GOVUK, encoding="utf-8") as f:
        data = json.load(f)
    return {datetime.date.fromisoformat(e["date"]): e["title"]
            for e in data[division]["events"]}


def working(day, holidays):
    return day.weekday() < 5 and day not in holidays


def naive_add(day, n, holidays):
    one = datetime.timedelta(days=1)
    if n >= 0:
        while not working(day, holidays):  # roll back: the next working day is day 1
            day -= one
        while n:
            day += one
            if working(day, holidays):
                n -= 1
        return day
    while not working(day, holidays):  # roll forward, then count back
        day += one
    while n:
        day -= one
        if working(day, holidays):
            n += 1
    return day


def naive_count(a, b, holidays):
    if b < a:
        return -naive_count(b, a, holidays)
    n, day = 0, a
    while day < b:
        n += working(day, holidays)
        day += datetime.timedelta(days=1)
    return n


# --- calendar commands -------------------------------------------------------

def test_calendar():
    # England and Wales 2023: the coronation bank holiday on Monday 8 May.
    code, out, err = expect(["holidays", "2023"], 0)
    lines = out.splitlines()
    dates = [line.split("\t")[0] for line in lines]
    ok(dates == ["2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08",
                 "2023-05-29", "2023-08-28", "2023-12-25", "2023-12-26"],
       "holidays 2023: the nine England and Wales dates", out)
    coronation = [line for line in lines if line.startswith("2023-05-08\t")]
    ok(coronation and re.search(r"coronation of King Charles III", coronation[0], re.I),
       "holidays 2023: 8 May named for the coronation of King Charles III", out)
    ok(all(re.fullmatch(r"\d{4}-\d\d-\d\d\t\S.*", line) for line in lines),
       "holidays: one 'YYYY-MM-DD<TAB>name' a line", out)
    ok(any(line.startswith("2023-01-02\t") and "substitute day" in line for line in lines),
       "holidays 2023: 2 January is New Year's Day (substitute day)", out)

    # Scotland 2026 as JSON: 2 January and St Andrew's Day; Boxing Day
    # (Saturday) moves to Monday 28 December; no Easter Monday.
    code, out, err = expect(["holidays", "--format", "json", "--calendar", "scotland", "2026"], 0)
    try:
        data = json.loads(out)
    except ValueError as e:
        data = None
        ok(False, "holidays --format json: valid JSON", "%s\n%s" % (e, out))
    if data is not None:
        ok(isinstance(data, list) and all(set(h) == {"date", "name"} for h in data),
           "holidays --format json: an array of {date, name}", out)
        ok([h["date"] for h in data] ==
           ["2026-01-01", "2026-01-02", "2026-04-03", "2026-05-04", "2026-05-25",
            "2026-08-03", "2026-11-30", "2026-12-25", "2026-12-28"],
           "holidays scotland 2026: the nine dates", out)
        named = {h["date"]: h["name"] for h in data}
        ok("Andrew" in named.get("2026-11-30", "") and
           "substitute day" in named.get("2026-12-28", ""),
           "holidays scotland 2026: St Andrew's Day; Boxing Day (substitute day)", out)

    # Northern Ireland 2026: St Patrick's Day; the Boyne (Sunday 12 July)
    # moves to Monday 13 July.
    code, out, err = expect(["holidays", "--calendar", "northern-ireland", "2026"], 0)
    ok("2026-03-17\t" in out and "2026-07-13\t" in out and "2026-04-06\t" in out,
       "holidays northern-ireland 2026: 17 March, 13 July, Easter Monday", out)

    # Working days: SPEC §4's own examples, and across holidays.
    # (arguments, the one line expected, what it shows)
    answers = [
        (["workdays", "add", "2026-11-20", "3"], "2026-11-25",
         "Friday 2026-11-20 + 3 = Wednesday 2026-11-25"),
        (["workdays", "add", "2026-11-21", "3"], "2026-11-25",
         "Saturday 2026-11-21 + 3 = Wednesday 2026-11-25"),
        (["workdays", "add", "2026-11-25", "-3"], "2026-11-20",
         "3 working days before 2026-11-25 is 2026-11-20"),
        (["workdays", "add", "2026-12-29", "-3"], "2026-12-22",
         "-3 across Christmas and the substitute Boxing Day"),
        (["workdays", "add", "2026-12-24", "1"], "2026-12-29",
         "1 from Christmas Eve 2026 skips to 29 December"),
        (["workdays", "add", "2026-11-20", "0"], "2026-11-20", "0 from a working day"),
        (["workdays", "add", "2026-11-22", "0"], "2026-11-20",
         "0 from a Sunday rolls back to Friday"),
        (["workdays", "add", "--calendar", "scotland", "2026-11-27", "1"], "2026-12-01",
         "Scotland: St Andrew's Day is not a working day"),
        (["workdays", "add", "2026-11-27", "1"], "2026-11-30",
         "England and Wales: 30 November is a working day"),
        (["workdays", "count", "2026-11-20", "2026-11-25"], "3",
         "count of [2026-11-20, 2026-11-25)"),
        (["workdays", "count", "2026-11-25", "2026-11-20"], "-3",
         "count is negative when B is before A"),
        (["workdays", "count", "2026-12-21", "2027-01-04"], "7",
         "count over Christmas and New Year 2026-27"),
        (["workdays", "count", "2026-11-20", "2026-11-20"], "0", "count of an empty range"),
        # Deadlines (SPEC §5).
        (["deadline", "--same-day", "--as-of", "2026-11-21T18:00", "2026-11-21T16:30"],
         "due 2026-11-21 status due_today remaining 0",
         "same day on a Saturday is due that Saturday"),
        (["deadline", "--same-day", "--as-of", "2026-06-01T12:00Z", "2026-05-31T23:30:00Z"],
         "due 2026-06-01 status due_today remaining 0",
         "same day: 23:30Z in June is 00:30 BST the next day"),
        (["deadline", "--working-days", "3", "--as-of", "2026-11-24", "2026-11-20"],
         "due 2026-11-25 status pending remaining 1", "pending, one working day left"),
        (["deadline", "--working-days", "3", "--as-of", "2026-11-25T09:00", "2026-11-20T10:00"],
         "due 2026-11-25 status due_today remaining 0", "due today"),
        (["deadline", "--working-days", "3", "--as-of", "2026-11-27T12:00", "2026-11-20T10:00"],
         "due 2026-11-25 status overdue remaining -2", "overdue by two working days"),
        (["deadline", "--working-days", "3", "--done", "2026-11-25T17:00", "--as-of",
          "2026-11-27", "2026-11-20"], "due 2026-11-25 status met", "done on the due date"),
        (["deadline", "--working-days", "3", "--done", "2026-11-26T09:00", "--as-of",
          "2026-11-27", "2026-11-20"], "due 2026-11-25 status late", "done the day after"),
        (["deadline", "--working-days-before", "5", "--as-of", "2026-12-21", "2027-01-06T10:00"],
         "due 2026-12-29 status pending remaining 4", "5 working days before, over Christmas"),
        (["deadline", "--format", "json", "--working-days", "3", "--as-of", "2026-11-24",
          "2026-11-20"], '{"due":"2026-11-25","status":"pending","working_days_remaining":1,'
         '"seconds_remaining":null,"occurrence":1,"occurrence_start":"2026-11-20","missed":0,'
         '"first_missed_due":null,"done_before_start":false}',
         "--format json"),
        # The statutory clock (SPEC §5), each worked by hand.
        (["deadline", "--hours", "24", "--as-of", "2026-10-25T10:00", "2026-10-24T12:00"],
         "due 2026-10-25T11:00:00+00:00 status due_today remaining 0 seconds_remaining 3600",
         "24 hours from 12:00 BST over the October change: 11:00 GMT, an hour left at 10:00"),
        (["deadline", "--calendar-days", "28", "--as-of", "2026-12-21", "2026-11-20"],
         "due 2026-12-18 status overdue remaining -1",
         "28 calendar days from Fri 20 Nov: Fri 18 Dec; Mon 21 is the first working day after"),
        (["deadline", "--weeks", "2", "--roll", "following", "--as-of", "2026-12-24",
          "2026-12-11"], "due 2026-12-29 status pending remaining 1",
         "2 weeks from Fri 11 Dec: Christmas Day, following to Tue 29; [Thu 24, Tue 29) = Thu 24"),
        (["deadline", "--weeks", "2", "--roll", "preceding", "2026-12-11", "--as-of",
          "2026-12-24"], "due 2026-12-24 status due_today remaining 0",
         "2 weeks from Fri 11 Dec, preceding: Thu 24"),
        (["deadline", "--months", "2", "--roll", "modified_following", "--as-of", "2026-10-01",
          "2026-08-31"], "due 2026-10-30 status pending remaining 21",
         "31 Aug + 2 months = Sat 31 Oct; following leaves October, so Fri 30"),
        (["deadline", "--months", "1", "--before", "--as-of", "2026-02-27", "2026-03-31"],
         "due 2026-02-28 status pending remaining 1",
         "1 month before Tue 31 Mar is Sat 28 Feb (no roll); [Fri 27, Sat 28) = Fri 27"),
        (["deadline", "--months", "3", "--every", "6", "--roll", "following", "--done",
          "2026-04-10", "--as-of", "2026-10-09", "2026-01-14"],
         "due 2026-10-12 status pending remaining 1 occurrence 2",
         "first review met 10 Apr; the second from it: Sat 10 Oct, following Mon 12"),
        (["deadline", "--months", "3", "--every", "6:months", "--as-of", "2026-04-16",
          "2026-01-14"],
         "due 2026-10-14 status overdue remaining -2 occurrence 2 missed 1 "
         "first_missed_due 2026-04-14", "a missed review is never hidden"),
        (["deadline", "--working-days", "3", "--pause", "2026-11-23/2026-11-24", "--as-of",
          "2026-11-26", "2026-11-20T10:00"], "due 2026-11-27 status pending remaining 1",
         "Mon 23 and Tue 24 paused: Wed 25, Thu 26, Fri 27"),
        (["deadline", "--working-days", "3", "--done", "2026-11-19", "2026-11-20T10:00"],
         "due 2026-11-25 status met done_before_start", "a completion before the start"),
        (["deadline", "--same-day", "--cutoff", "16:00", "--as-of", "2026-11-21T09:00",
          "2026-11-20T17:00"], "due 2026-11-20 status overdue remaining -1",
         "the cut-off never moves a same-day deadline; overdue on the Saturday"),
        (["deadline", "--working-days", "3", "--cutoff", "16:00", "--as-of", "2026-11-24",
          "2026-11-19T16:30"], "due 2026-11-25 status pending remaining 1",
         "a start after the cut-off counts from the next day"),
        (["deadline", "--working-days", "3", "--cutoff", "16:00", "--as-of", "2026-11-24",
          "2026-11-19T15:59"], "due 2026-11-24 status due_today remaining 0",
         "a start before the cut-off counts from its own day"),
    ]
    for args, want, what in answers:
        expect(args, 0, want + "\n", name="%s %s: %s" % (args[0], args[1], what))

    # Bad input: exit 2, the message names the offending text.
    expect(["workdays", "add", "2026-02-30", "3"], 2, "", stderr_contains=["2026-02-30"])
    expect(["workdays", "add", "2026-13-01", "3"], 2, "", stderr_contains=["2026-13-01"])
    expect(["workdays", "add", "2026-11-20", "three"], 2, "", stderr_contains=["three"])
    expect(["workdays", "count", "2026-11-20", "2026-11-31"], 2, "",
           stderr_contains=["2026-11-31"])
    expect(["deadline", "--same-day", "2026-11-20T24:61"], 2, "", stderr_contains=["24:61"])
    expect(["deadline", "--working-days", "3", "--as-of", "2026-11-24T25:00", "2026-11-20"], 2,
           "", stderr_contains=["--as-of", "25:00"])
    expect(["deadline", "2026-11-20"], 2, "", stderr_contains=["--same-day"],
           name="deadline without a rule is a usage error")
    for bad, needle in [(["--weeks", "2", "--roll", "nearest"], "nearest"),
                        (["--working-days", "2", "--roll", "following"], "--roll applies"),
                        (["--weeks", "2", "--every", "6:fortnights"], "fortnights"),
                        (["--weeks", "2", "--every", "0"], "--every"),
                        (["--weeks", "2", "--every", ":weeks"], "--every"),
                        (["--weeks", "2", "--before", "--every", "2"], "--before"),
                        (["--hours", "3", "--pause", "2026-12-11"], "FROM/TO"),
                        (["--hours", "3", "--pause", "2026-12-11/2026-12-32"], "2026-12-32"),
                        (["--same-day", "--pause", "2026-12-11/2026-12-12"], "--pause"),
                        (["--hours", "100001"], "--hours"),
                        (["--weeks", "2", "--months", "1"], "only one duration")]:
        expect(["deadline"] + bad + ["2026-12-11"], 2, "", stderr_contains=[needle],
               name="deadline %s: a usage error naming %s" % (" ".join(bad), needle))
    expect(["workdays", "add", "2026-11-20"], 2, "")
    expect(["workdays", "subtract", "2026-11-20", "3"], 2, "", stderr_contains=["subtract"])
    expect(["holidays", "1969"], 2, "", name="holidays 1969: outside the calendar")
    expect(["holidays", "--calendar", "wales", "2026"], 2, "", stderr_contains=["wales"])
    expect(["holidays", "--format", "xml", "2026"], 2, "", stderr_contains=["xml"])
    expect(["workdays", "add", "2199-12-30", "5"], 2, "",
           name="workdays add past 2199-12-31 is an error, not a guess")

    test_calendar_stdin()
    test_holidays_file()


def test_calendar_stdin():
    hols = govuk_holidays("england-and-wales") if os.path.exists(GOVUK) else None
    if hols is None:
        skip("workdays add - over many lines", "tests/data/govuk-bank-holidays.json missing")
        return
    rng = random.Random(20261120)
    start = datetime.date(2013, 1, 1)
    span = (datetime.date(2026, 12, 1) - start).days
    cases = [(start + datetime.timedelta(days=rng.randrange(span)), rng.randint(-40, 40))
             for _ in range(5000)]
    text = "".join("%s %d\n" % (d.isoformat(), n) for d, n in cases)
    want = "".join(naive_add(d, n, hols).isoformat() + "\n" for d, n in cases)
    code, out, err = run(["workdays", "add", "-"], text)
    ok(code == 0 and out == want,
       "workdays add -: 5000 lines agree with a day-by-day count over the GOV.UK record",
       shown(["workdays", "add", "-"], code, out[:400], err))

    pairs = [(start + datetime.timedelta(days=rng.randrange(span)),
              start + datetime.timedelta(days=rng.randrange(span))) for _ in range(300)]
    pairs = [(a, a + datetime.timedelta(days=(b - a).days % 400 - 200)) for a, b in pairs]
    text = "".join("%s\t%s\n" % (a, b) for a, b in pairs)
    want = "".join("%d\n" % naive_count(a, b, hols) for a, b in pairs)
    code, out, err = run(["workdays", "count", "-"], text)
    ok(code == 0 and out == want,
       "workdays count -: 300 lines agree with a day-by-day count",
       shown(["workdays", "count", "-"], code, out[:400], err))

    # A bad line answers "error: ..." in its place; the others are answered.
    text = ("2026-11-20 3\n2026-02-30 3\n\n2026-11-21 3\n2026-11-20 x\n2026-11-20\n"
            "2026-11-25 -3\n")
    code, out, err = run(["workdays", "add", "-"], text)
    lines = out.split("\n")
    ok(code == 2 and len(lines) == 8 and lines[0] == "2026-11-25" and
       lines[1].startswith("error:") and "2026-02-30" in lines[1] and lines[2] == "" and
       lines[3] == "2026-11-25" and lines[4].startswith("error:") and
       lines[5].startswith("error:") and lines[6] == "2026-11-20",
       "workdays add -: bad lines answer 'error:' in place, exit 2", shown(["-"], code, out, err))
    ok("<stdin>:2:1:" in err and "2026-02-30" in err and "<stdin>:5:12:" in err,
       "workdays add -: stderr names line and column of the bad operand", err)

    text = ("2026-11-20T10:00\n2026-11-20T10:00 2026-11-26T09:00\n"
            "2026-11-21T16:30 - 2026-11-21T18:00\n2026-11-20T24:61\n")
    code, out, err = run(["deadline", "--working-days", "3", "--as-of", "2026-11-24", "-"], text)
    ok(code == 2 and out.split("\n")[:4] ==
       ["due 2026-11-25 status pending remaining 1", "due 2026-11-25 status late",
        # SPEC §5: the working days in [Sat 21, Wed 25): Mon 23, Tue 24
        "due 2026-11-25 status pending remaining 2", out.split("\n")[3]] and
       out.split("\n")[3].startswith("error:") and "24:61" in err,
       "deadline -: START [DONE [AS_OF]] a line", shown(["deadline", "-"], code, out, err))

    code, out, err = run(["holidays", "--format", "json", "-"], "2023\n2026\n")
    rows = out.splitlines()
    ok(code == 0 and len(rows) == 2 and
       [h["date"] for h in json.loads(rows[0])][4] == "2023-05-08" and
       len(json.loads(rows[1])) == 8,
       "holidays --format json -: one array a line", shown(["holidays", "-"], code, out, err))


def test_holidays_file():
    if not os.path.exists(GOVUK):
        skip("--holidays-file", "tests/data/govuk-bank-holidays.json missing")
        return
    expect(["workdays", "add", "--holidays-file", GOVUK, "2026-11-20", "3"], 0, "2026-11-25\n")
    expect(["workdays", "add", "--holidays-file", GOVUK, "--division", "scotland",
            "2026-11-27", "1"], 0, "2026-12-01\n")
    expect(["workdays", "add", "--holidays-file", GOVUK, "--calendar", "scotland",
            "2026-11-27", "1"], 0, "2026-12-01\n",
           name="--holidays-file takes its division from --calendar")
    # Every year of the record, in every division: the built-in calendar
    # and the file list the same dates.
    with open(GOVUK, encoding="utf-8") as f:
        data = json.load(f)
    for division, body in sorted(data.items()):
        years = sorted({e["date"][:4] for e in body["events"]})
        stdin = "".join(y + "\n" for y in years)
        want = {}
        for e in body["events"]:
            want.setdefault(e["date"][:4], []).append(e["date"])
        results = {}
        for label, extra in (("built-in", []), ("file", ["--holidays-file", GOVUK])):
            code, out, err = run(["holidays", "--format", "json", "--calendar", division] +
                                 extra + ["-"], stdin)
            rows = out.splitlines()
            got = {y: [h["date"] for h in json.loads(r)] for y, r in zip(years, rows)} \
                if code == 0 and len(rows) == len(years) else None
            results[label] = got
            ok(got == {y: sorted(d) for y, d in want.items()},
               "holidays %s (%s) matches the GOV.UK record %s-%s" % (
                   division, label, years[0], years[-1]),
               shown(["holidays", division, label], code, out[:600], err))
    d = "%d" % (int(sorted(govuk_holidays("scotland"))[0].year) - 1)
    expect(["holidays", "--holidays-file", GOVUK, "--division", "scotland", d], 2, "",
           name="--holidays-file: a year the file does not cover is an error")
    expect(["holidays", "--holidays-file", "/nonexistent/holidays.json", "2026"], 2, "",
           stderr_contains=["/nonexistent/holidays.json"])
    expect(["holidays", "--holidays-file", os.path.join(CLI_DATA, "broken-syntax.json"),
            "2026"], 2, "", stderr_contains=["broken-syntax.json"])


def test_general():
    version = re.search(r"^\s*version\s*:\s*'([^']+)'",
                        open(os.path.join(SOURCE, "meson.build")).read(), re.M).group(1)
    expect(["--version"], 0, contains=["protocol " + version, "libprotocol " + version,
                                       "headers " + version])
    code, out, err = expect(["--help"], 0, contains=["Usage: protocol"])
    for cmd in ["check", "packs", "pack", "test", "holidays", "workdays", "deadline"]:
        ok(re.search(r"^  %s " % cmd, out, re.M), "--help lists %s" % cmd, out)
        expect([cmd, "--help"], 0, contains=["Usage: protocol " + cmd])
    expect(["help", "deadline"], 0, contains=["Usage: protocol deadline"])
    # The man page covers every command, every option the commands' help
    # lists, and every exit status.
    with open(os.path.join(SOURCE, "docs", "protocol.1"), encoding="utf-8") as f:
        man = f.read().replace("\\-", "-")
    for cmd in ["check", "packs", "pack show", "pack lint", "test", "holidays",
                "workdays add", "workdays count", "deadline", "help"]:
        code, out, err = run(cmd.split() + ["--help"])
        options = sorted(set(re.findall(r"--[a-z][a-z-]*", out)))
        missing = [o for o in options if o not in man]
        ok(code == 0 and ('.SS "%s' % cmd) in man and not missing,
           "protocol(1) describes %s and its options %s" % (cmd, " ".join(options)),
           "missing: %s" % missing)
    ok(all(".B %d\n" % n in man for n in (0, 1, 2)), "protocol(1) lists exit statuses 0, 1, 2")
    expect(["frobnicate"], 2, "", stderr_contains=["frobnicate"],
           name="an unknown command exits 2 naming it")
    expect(["--frobnicate"], 2, "", stderr_contains=["--frobnicate"])
    expect([], 2, "", name="no command exits 2 with the usage")
    expect(["holidays", "--bogus", "2026"], 2, "", stderr_contains=["--bogus"])
    # A closed stdout is an error, not a silent success.
    if os.path.exists("/dev/full"):
        with open("/dev/full", "w") as full:
            p = subprocess.run([TOOL, "holidays", "2023"], stdout=full, stderr=subprocess.PIPE,
                               text=True)
        ok(p.returncode == 2 and p.stderr, "a write error (disk full) exits 2", p.stderr)


# --- pack commands -----------------------------------------------------------

def result_of(out, name):
    try:
        return json.loads(out)
    except ValueError as e:
        ok(False, name + ": the result is JSON", "%s\n%s" % (e, out[:2000]))
        return None


def test_packs():
    code, out, err = expect(["packs"], 0)
    ids = [line.split("\t")[0] for line in out.splitlines()]
    ok(ids == BUILTIN_PACKS, "packs lists the built-in packs in id order", out)
    ok(all(len(line.split("\t")) == 3 for line in out.splitlines()),
       "packs: id, version and title a line", out)
    for pack in BUILTIN_PACKS:
        code, out, err = expect(["pack", "show", pack], 0)
        shown_pack = result_of(out, "pack show " + pack)
        ok(shown_pack is not None and shown_pack.get("id") == pack,
           "pack show %s prints the pack" % pack)
        expect(["test", pack], 0, name="the %s pack passes its own tests" % pack)
    expect(["pack", "show", "no-such-pack"], 2, "", stderr_contains=["no-such-pack"])
    expect(["pack", "lint", EXAMPLE_PACK], 0, EXAMPLE_PACK + ": ok\n")
    broken = os.path.join(CLI_DATA, "broken-pack.json")
    code, out, err = expect(["pack", "lint", broken], 2, "")
    ok(re.search(re.escape(broken) + r":12:\d+: ", err) and "/rules/0/met" in err and
       "record.decisoin" in err,
       "pack lint: an undeclared fact is named with its line, column and JSON pointer", err)
    syntax = os.path.join(CLI_DATA, "broken-syntax.json")
    code, out, err = expect(["pack", "lint", syntax], 2, "")
    ok(re.search(re.escape(syntax) + r":5:\d+: ", err),
       "pack lint: a missing comma is reported at line 5", err)
    expect(["pack", "lint", "/nonexistent/pack.json"], 2, "",
           stderr_contains=["/nonexistent/pack.json"])
    expect(["pack", "frob", "x"], 2, "", stderr_contains=["frob"])

    # A pack's own tests: all pass; one wrong expectation fails with its path.
    expect(["test", EXAMPLE_PACK], 0, contains=["3 passed, 0 failed"])
    with open(EXAMPLE_PACK, encoding="utf-8") as f:
        pack = json.load(f)
    pack["tests"][0]["expect"]["deadlines"]["acknowledge"]["due"] = "2026-11-24"
    with tempfile.TemporaryDirectory() as tmp:
        wrong = os.path.join(tmp, "wrong-expectation.json")
        with open(wrong, "w", encoding="utf-8") as f:
            json.dump(pack, f, indent=2)
        code, out, err = expect(["test", wrong], 1, contains=["2 passed, 1 failed"])
        ok(re.search(r"tests/0 .*acknowledge.*expected.*2026-11-24.*got.*2026-11-25", out),
           "test: the failure names the path, the expected and the actual value", out)
    # Every broken pack the engine's tests keep: one diagnostic line in the
    # form editors pick up, FILE:LINE:COLUMN: /pointer: message.
    packs_dir = os.path.dirname(EVERYTHING)
    broken = sorted(f for f in os.listdir(packs_dir) if f.startswith("broken-")) \
        if os.path.isdir(packs_dir) else []
    for name in broken:
        path = os.path.join(packs_dir, name)
        code, out, err = run(["pack", "lint", path])
        ok(code == 2 and out == "" and
           re.fullmatch(re.escape(path) + r":[1-9]\d*:[1-9]\d*: /\S*: .+\n", err),
           "pack lint %s: FILE:LINE:COLUMN: /pointer: message" % name, err)
    if os.path.exists(EVERYTHING):
        expect(["pack", "lint", EVERYTHING], 0)
        expect(["test", EVERYTHING], 0, name="the engine's test pack passes its tests")
    else:
        skip("test tests/data/packs/everything.json", "not present")

    test_versions()
    test_check()
    test_pending_rule()


# The information-sharing advice of July 2018 was replaced on 19 April 2024
# (packs/england-info-sharing-20*.json, docs/packs/): one case, judged on a
# date in 2023 and one in 2025 through the family name.
SHARING_CASE = {"risk": {"child_at_risk": True}, "consent": {"status": "given"},
                "engagement": {"unsafe": False, "done": True}, "basis": {"identified": False},
                "sharing": {"shared": True}}


def test_versions():
    def listed(as_of):
        code, out, err = run(["packs", "--as-of", as_of])
        return code, [line.split("\t")[0] for line in out.splitlines()]
    code, ids = listed("2023-06-01")
    ok(code == 0 and "england-info-sharing-2018" in ids and "england-info-sharing-2024" not in ids
       and "durham-2010" in ids, "packs --as-of 2023-06-01: the 2018 advice, not 2024", ids)
    code, ids = listed("2024-04-19")
    ok(code == 0 and "england-info-sharing-2024" in ids and "england-info-sharing-2018" not in ids,
       "packs --as-of 2024-04-19: the 2024 advice from its first day", ids)
    code, ids = listed("2024-04-18T23:59")
    ok(code == 0 and "england-info-sharing-2018" in ids and "england-info-sharing-2024" not in ids,
       "packs --as-of 2024-04-18T23:59: still the 2018 advice", ids)
    code, ids = listed("2018-06-30")
    ok(code == 0 and not any(i.startswith("england-info-sharing") for i in ids),
       "packs --as-of 2018-06-30: neither version yet", ids)
    expect(["packs", "--as-of", "2023-02-30"], 2, "", stderr_contains=["2023-02-30"])

    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for year, as_of in (("2023", "2023-06-01T10:00"), ("2025", "2025-01-15T10:00")):
            path = os.path.join(tmp, "sharing-%s.json" % year)
            with open(path, "w", encoding="utf-8") as f:
                json.dump(dict(SHARING_CASE, as_of=as_of), f)
            code, out, err = run(["check", "--pack", "england-info-sharing", path])
            results[year] = (code, result_of(out, "check " + year), err)
        code, r, err = results["2023"]
        ok(r is not None and r["pack"]["id"] == "england-info-sharing-2018"
           and r["pack"]["family"] == "england-info-sharing"
           and r["pack"]["effective_from"] == "2018-07-01"
           and r["decisions"][0]["outcome"] == "share_with_consent",
           "a case of 2023 through the family: the 2018 advice, consent the basis", r or err)
        code, r, err = results["2025"]
        ok(r is not None and r["pack"]["id"] == "england-info-sharing-2024"
           and r["pack"]["supersedes"] == "england-info-sharing-2018"
           and r["decisions"][0]["outcome"] == "lawful_basis_needed",
           "a case of 2025 through the family: the 2024 advice, consent not the basis", r or err)
        # --as-of overrides the case's own time, and so picks the version too.
        path = os.path.join(tmp, "sharing-2025.json")
        code, out, err = run(["check", "--pack", "england-info-sharing", "--as-of", "2023-01-02", path])
        r = result_of(out, "check --as-of")
        ok(r is not None and r["pack"]["id"] == "england-info-sharing-2018",
           "--as-of 2023-01-02 picks the 2018 version", r or err)
        early = os.path.join(tmp, "sharing-2017.json")
        with open(early, "w", encoding="utf-8") as f:
            json.dump(dict(SHARING_CASE, as_of="2017-05-01"), f)
        expect(["check", "--pack", "england-info-sharing", early], 2, "",
               stderr_contains=["no version", "2017-05-01"])
        expect(["check", "--pack", "england-info-sharing", "--ndjson", early], 2, "",
               stderr_contains=["family"])
        expect(["check", "--pack", "no-such-family", path], 2, "", stderr_contains=["no-such-family"])

    # protocol diff: the 2018 -> 2024 changes, as text and as JSON.
    code, out, err = run(["diff", "england-info-sharing-2018", "england-info-sharing-2024"])
    ok(code == 1 and out.startswith("england-info-sharing-2018 1.0.0 -> england-info-sharing-2024 1.0.0\n")
       and "+ fact risk.perceived: There is a perceived risk of harm to a child\n" in out
       and "+ rule identities: Protect the identities of those who might suffer harm "
           "(Information sharing advice 2024, Seven golden rules, rule 5)\n" in out
       and "~ decision share-information: cases (condition)\n" in out
       and "~ rule lawful-basis: citation (citation)\n"
           "    - Information sharing advice 2018, Seven golden rules, rule 4\n"
           "    + Information sharing advice 2024, Seven golden rules, rule 3\n" in out
       and "- rule recording: " in out,
       "diff 2018 -> 2024: the perceived risk, identities, the consent cases and citations", out + err)
    code, out, err = run(["diff", "--format", "json", "england-info-sharing-2018",
                          "england-info-sharing-2024"])
    d = result_of(out, "diff json")
    ok(code == 1 and d is not None and d["from"]["id"] == "england-info-sharing-2018"
       and d["to"]["id"] == "england-info-sharing-2024"
       and {"change": "added", "construct": "rule", "id": "identities", "member": None,
            "aspect": None, "before": None,
            "after": "Protect the identities of those who might suffer harm "
                     "(Information sharing advice 2024, Seven golden rules, rule 5)"} in d["changes"]
       and d["summary"]["added"] == sum(c["change"] == "added" for c in d["changes"]),
       "diff --format json: the same changes, with a summary", out + err)
    expect(["diff", "durham-2010", "durham-2010"], 0,
           "durham-2010 1.0.0 -> durham-2010 1.0.0\n0 added, 0 removed, 0 changed\n")
    expect(["diff", "durham-2010"], 2, "", stderr_contains=["two packs"])
    expect(["diff", "durham-2010", "no-such-pack"], 2, "", stderr_contains=["no-such-pack"])


def test_pending_rule():
    # issue 13 B: an unmet need identified at 18:00 on Friday 2026-11-20 (not
    # safeguarding: 3 working days, due Wednesday the 25th) leaves CW-3
    # pending at that moment, which is not a failure (exit 0); on Thursday
    # the 26th, with no referral, it is not met and the check fails (exit 1).
    case = {"needs": {"unmet": True}, "consent": {"status": "given"},
            "referral": {"need_identified_at": "2026-11-20T18:00", "safeguarding": False},
            "concerns": {"child_significant_harm": False, "adult_serious_harm": False,
                         "abuse_of_adult_at_risk": False}}
    code, out, _ = expect(["check", "-"], 0, stdin=json.dumps(dict(case, as_of="2026-11-20T18:00")),
                          name="check: a rule pending on its deadline does not fail")
    r = result_of(out, "check pending")
    if r is not None:
        cw3 = {x["id"]: x for x in r["rules"]}.get("CW-3", {})
        ok(cw3.get("status") == "pending" and cw3.get("due") == "2026-11-25" and
           r["summary"].get("rules_pending") == 1, "check: CW-3 pending, due 2026-11-25", cw3)
    expect(["check", "-"], 1, stdin=json.dumps(dict(case, as_of="2026-11-26T09:00")),
           name="check: the same rule not met once its deadline passed fails")
    expect(["check", "--format", "text", "-"], 0, contains=("Rules not yet due", "Due 2026-11-25"),
           stdin=json.dumps(dict(case, as_of="2026-11-20T18:00")),
           name="check --format text lists the pending rule with its due date")


def test_check():
    # The example case, worked by hand: received Friday 2026-11-20 10:00,
    # acknowledgement due 3 working days later (Wednesday 25th), pending on
    # the 24th with 1 working day left; papers for a meeting on Friday 4
    # December due 5 working days before (27 November), sent that day.
    args = ["check", "--pack", EXAMPLE_PACK, EXAMPLE_CASE]
    code, out, err = expect(args, 0)
    r = result_of(out, "check")
    if r is not None:
        ok(list(r) == RESULT_MEMBERS, "check: the result's members in SPEC §7 order", list(r))
        ok(r["pack"]["id"] == "example-locality" and r["as_of"].startswith("2026-11-24T12:00"),
           "check: pack and as_of", out)
        deadlines = {d["id"]: d for d in r["deadlines"]}
        ack, papers = deadlines.get("acknowledge", {}), deadlines.get("papers", {})
        ok(ack.get("due") == "2026-11-25" and ack.get("status") == "pending" and
           ack.get("working_days_remaining") == 1 and ack.get("rule") == "working_days_after",
           "check: acknowledge due 2026-11-25, pending, 1 working day left", ack)
        ok(papers.get("due") == "2026-11-27" and papers.get("status") == "met",
           "check: papers due 2026-11-27 and met", papers)
        duties = {d["id"]: d for d in r["duties"]}
        ok(list(duties) == ["review-refusal"] and duties["review-refusal"]["due"] == "2026-11-27"
           and duties["review-refusal"]["urgency"] == "within_5_working_days",
           "check: a refusal triggers its review, due 5 working days on", r["duties"])
        ok([d["outcome"] for d in r["decisions"]] == ["adult-services"],
           "check: the decision", r["decisions"])
        ok({x["id"]: x["status"] for x in r["rules"]} == {"REC-1": "met", "CON-1": "met"},
           "check: the rules", r["rules"])
    code2, out2, err2 = run(args)
    ok(out2 == out, "check: the same case gives byte-for-byte the same result")

    # --as-of overrides the case's: on 27 November the acknowledgement is
    # overdue by two working days (26th, 27th), and the exit status is 1.
    args = ["check", "--pack", EXAMPLE_PACK, "--as-of", "2026-11-27T12:00", EXAMPLE_CASE]
    code, out, err = expect(args, 1)
    r = result_of(out, "check --as-of")
    if r is not None:
        ack = {d["id"]: d for d in r["deadlines"]}.get("acknowledge", {})
        ok(ack.get("status") == "overdue" and ack.get("working_days_remaining") == -2,
           "check --as-of: overdue by two working days", ack)

    # A rule not met gives 1 as well.
    case = {"as_of": "2026-11-24T12:00", "record": {"decision": False}}
    code, out, err = expect(["check", "--pack", EXAMPLE_PACK, "-"], 1, stdin=json.dumps(case),
                            name="check: a rule not met exits 1")

    # Bad input: a wrong type names the path; broken JSON names line and column.
    case = '{\n  "subject": {"age": "thirty"}\n}\n'
    expect(["check", "--pack", EXAMPLE_PACK, "-"], 2, "", stdin=case,
           stderr_contains=["subject.age"], name="check: a wrong type names the fact path")
    case = '{\n  "subject": {"age": 30}\n  "record": {}\n}\n'
    code, out, err = expect(["check", "--pack", EXAMPLE_PACK, "-"], 2, "", stdin=case,
                            name="check: broken JSON exits 2")
    ok(re.search(r"<stdin>:3:\d+: ", err), "check: broken JSON is reported at line 3", err)
    case = '{"referral": {"received_at": "2026-02-30T10:00"}}'
    expect(["check", "--pack", EXAMPLE_PACK, "-"], 2, "", stdin=case,
           stderr_contains=["2026-02-30"], name="check: an impossible date is named")
    expect(["check", "--pack", EXAMPLE_PACK, "/nonexistent/case.json"], 2, "",
           stderr_contains=["/nonexistent/case.json"])
    expect(["check", "--pack", "no-such-pack", EXAMPLE_CASE], 2, "",
           stderr_contains=["no-such-pack"])
    expect(["check", "--pack", EXAMPLE_PACK, "--format", "yaml", EXAMPLE_CASE], 2, "",
           stderr_contains=["yaml"])

    # Unknown keys: a warning with its path, or with --strict an error.
    case = '{"as_of": "2026-11-24", "record": {"decison": true}}'
    code, out, err = run(["check", "--pack", EXAMPLE_PACK, "-"], case)
    r = result_of(out, "check with an unknown key") if code in (0, 1) else None
    ok(r is not None and any(w["path"] == "record.decison" for w in r["warnings"]),
       "check: an unknown key is a warning naming its path", shown(["check"], code, out, err))
    expect(["check", "--pack", EXAMPLE_PACK, "--strict", "-"], 2, "", stdin=case,
           stderr_contains=["record.decison"], name="check --strict: an unknown key is an error")

    # Constraints: an adult service user aged 12 (durham-2010, 2.3.3 footnote
    # 17) is a warning citing the paragraph, or with --strict an error.
    case = '{"as_of": "2026-11-24", "service": {"kind": "adult"}, "subject": {"age": 12}}'
    code, out, err = run(["check", "--pack", "durham-2010", "-"], case)
    r = result_of(out, "check breaking a constraint") if code in (0, 1) else None
    ok(r is not None and any(w["path"] == "subject.age" and "adult-service-user-under-18" in w["message"]
                             and "(Durham protocol 2.3.3)" in w["message"] for w in r["warnings"]),
       "check: a broken constraint is a warning naming its fact and citation",
       shown(["check"], code, out, err))
    expect(["check", "--pack", "durham-2010", "--strict", "-"], 2, "", stdin=case,
           stderr_contains=["subject.age", "adult-service-user-under-18"],
           name="check --strict: a broken constraint is an error")
    # ask_next: for an empty durham-2010 case the first question settles the
    # consent decision.
    code, out, err = run(["check", "--pack", "durham-2010", "-"], "{}")
    r = result_of(out, "check of an empty case") if code in (0, 1) else None
    ok(r is not None and r["ask_next"][:1] == ["consent.status"],
       "check: ask_next asks consent.status first for an empty durham-2010 case",
       shown(["check"], code, out, err))

    # The text report: what must be done by when, with citations.
    # (Checked with the line breaks of the word wrapping taken out.)
    code, out, err = expect(["check", "--pack", EXAMPLE_PACK, "--format", "text", EXAMPLE_CASE], 0)
    words = " ".join(out.split())
    ok(all(c in words for c in ["Acknowledge the referral", "due by the end of 2026-11-25",
                                "pending: 1 working day left",
                                "Example locality protocol, 2.1",
                                "Review the refusal of consent with a manager",
                                "within 5 working days (by the end of 2026-11-27)",
                                "adult-services"]),
       "check --format text: what must be done by when, with citations", out)
    ok(all(len(line) <= 80 for line in out.splitlines()), "check --format text: lines fit 80",
       out)
    case = {"as_of": "2026-11-23T09:00",
            "referral": {"received_at": "2026-11-21T16:30", "safeguarding": True}}
    code, out, err = expect(["check", "--pack", EXAMPLE_PACK, "--format", "text", "-"], 1,
                            stdin=json.dumps(case),
                            name="check --format text: an overdue safeguarding referral")
    words = " ".join(out.split())
    ok(all(c in words for c in ["ACTION NEEDED", "OVERDUE", "due by the end of 2026-11-21",
                                "Pass the referral to the safeguarding team: at once",
                                "Telephone the safeguarding team"]),
       "check --format text: the overdue deadline and the duty", out)
    ok("record.decision: The decision on the referral, and the reasons for it, are recorded"
       in words, "check --format text: a missing fact is described in the pack's words", out)

    # Not knowing whether a referral is safeguarding leaves a duty undecided
    # and takes the stricter deadline: the report asks for the fact.
    case = {"as_of": "2026-11-20T12:00", "referral": {"received_at": "2026-11-20T10:00"}}
    code, out, err = expect(["check", "--pack", EXAMPLE_PACK, "--format", "text", "-"], 0,
                            stdin=json.dumps(case),
                            name="check --format text: safeguarding not known")
    words = " ".join(out.split())
    facts = words[words.find("Facts to record"):words.find("Warnings")]
    ok("referral.safeguarding: The referral concerns actual or likely harm to a child or an "
       "adult at risk" in facts and "safeguarding-team" in facts and "acknowledge" in facts,
       "check --format text: a fact a duty and a deadline wait for is asked for", out)

    # Batches: one result a line; a bad line gives an error object in its
    # place, the others are evaluated, and the exit status is 2.
    # (Not safeguarding, so the acknowledgement is due in 3 working days:
    # pending on the 24th, overdue on the 27th.)
    referral = {"received_at": "2026-11-20", "safeguarding": False}
    good = json.dumps({"as_of": "2026-11-24T12:00", "referral": referral})
    late = json.dumps({"as_of": "2026-11-27T12:00", "referral": referral})
    text = good + "\n\n" + '{"subject": {"age": -4}}' + "\n" + late + "\n" + good
    code, out, err = run(["check", "--pack", EXAMPLE_PACK, "--ndjson", "-"], text)
    rows = out.splitlines()
    parsed = []
    for row in rows:
        try:
            parsed.append(json.loads(row))
        except ValueError:
            parsed.append(None)
    ok(code == 2 and len(rows) == 4 and None not in parsed and
       "error" in parsed[1] and parsed[1]["line"] == 3 and
       parsed[1]["error"]["code"] == "PROTOCOL_E_CASE" and
       [p.get("pack", {}).get("id") for p in (parsed[0], parsed[2], parsed[3])] ==
       ["example-locality"] * 3,
       "check --ndjson: the bad line 3 gives an error object, the others results, exit 2",
       shown(["check", "--ndjson"], code, out, err))
    ok("<stdin>:3:" in err and "subject.age" in err, "check --ndjson: stderr names line 3", err)
    code, out, err = run(["check", "--pack", EXAMPLE_PACK, "--ndjson", "-"],
                         good + "\n" + late + "\n")
    ok(code == 1 and len(out.splitlines()) == 2,
       "check --ndjson: an overdue deadline on any line exits 1",
       shown(["--ndjson"], code, out, err))
    # A line longer than the input buffer (4 MiB) is reported with its own
    # number, and the lines after it are still evaluated.
    huge = json.dumps({"notes": {"summary": "x" * (5 << 20)}})
    code, out, err = run(["check", "--pack", EXAMPLE_PACK, "--ndjson", "-"],
                         "\n".join([good, good, huge, good]) + "\n")
    rows = [json.loads(row) for row in out.splitlines()]
    ok(code == 2 and len(rows) == 4 and rows[2].get("line") == 3 and
       rows[2]["error"]["code"] == "PROTOCOL_E_LIMIT_LINE" and "line 3" in
       rows[2]["error"]["message"] and "pack" in rows[3],
       "check --ndjson: a 5 MiB line is refused as line 3; line 4 is evaluated",
       shown(["check", "--ndjson"], code, out[:300], err))
    code, out, err = run(["check", "--pack", EXAMPLE_PACK, "--ndjson", "-"],
                         (good + "\n") * 2000)
    ok(code == 0 and len(out.splitlines()) == 2000 and len(set(out.splitlines())) == 1,
       "check --ndjson: 2000 lines, 2000 identical results", shown(["--ndjson"], code, "", err))

    # The default pack and the bundled example case (examples/cases/
    # durham-referral.json): consent refused while a child may be at risk of
    # significant harm, so the refusal may be overridden (§2.3.1 step 6); the
    # need was identified on Tuesday 2026-11-17 at 11:30 and is safeguarding,
    # so the referral was due the same day (§2.3.1 step 4); it was made the
    # next morning, so the deadline was met late and the exit status is 1.
    code, out, err = run(["check", DURHAM_CASE])
    r = result_of(out, "check durham") if code == 1 else None
    ok(r is not None, "check examples/cases/durham-referral.json under durham-2010 exits 1",
       shown(["check", DURHAM_CASE], code, out, err))
    if r is not None:
        d = {x["id"]: x for x in r["decisions"]}.get("consent-override", {})
        ok(d.get("outcome") == "permitted" and "child_significant_harm" in d.get("grounds", []),
           "durham: a refusal may be overridden on the child_significant_harm ground", d)
        dl = {x["id"]: x for x in r["deadlines"]}.get("referral", {})
        ok(dl.get("rule") == "same_day" and dl.get("due") == "2026-11-17" and
           dl.get("status") == "late",
           "durham: the safeguarding referral was due the same day, and made late", dl)
        ok("child-protection-procedures" in [x["id"] for x in r["duties"]],
           "durham: child-protection procedures are triggered", r["duties"])
    code, out, err = run(["check", "--format", "text", DURHAM_CASE])
    words = " ".join(out.split())
    ok(code == 1 and "permitted" in words and "2.3.1 step 4" in words and
       "MET LATE" in words and "due by the end of 2026-11-17" in words,
       "check --format text on the bundled Durham case", shown(["check"], code, out, err))
    # A standing duty (urgency "ongoing") has no due date and says so in words.
    ok("Periodically revisit consent: throughout the case, for as long as it applies" in words
       and "revisit consent: at once" not in words,
       "check --format text: an ongoing duty has no deadline", out)


# --- the example programs ----------------------------------------------------

def test_examples(embed, own_pack, threaded):
    code, out, err = run([], program=embed)
    ok(code == 0 and re.search(r"^consent-override: permitted\b", out, re.M) and
       re.search(r"^referral: due_today, due 2026-11-20\b", out, re.M) and
       "reason: " in out,
       "embed: consent-override permitted; referral due today, 2026-11-20",
       shown(["embed"], code, out, err))

    code, out, err = run([EXAMPLE_PACK, EXAMPLE_CASE], program=own_pack)
    ok(code == 0 and "loaded example-locality 1.0.0" in out and "3 passed, 0 failed" in out,
       "own_pack: loads the locality's pack and its tests pass",
       shown(["own_pack"], code, out, err))
    start = out.find("\n{")
    r = None
    try:
        r = json.loads(out[start:]) if start >= 0 else None
    except ValueError:
        pass
    ack = {d["id"]: d for d in r["deadlines"]}.get("acknowledge", {}) if r else {}
    ok(ack.get("due") == "2026-11-25" and ack.get("status") == "pending",
       "own_pack: the case's acknowledgement is due 2026-11-25", out)
    code, out, err = run([os.path.join(CLI_DATA, "broken-pack.json"), EXAMPLE_CASE],
                         program=own_pack)
    ok(code == 2 and ":12:" in err, "own_pack: a broken pack is reported with its line", err)

    code, out, err = run(["4", "300"], program=threaded)
    ok(code == 0 and "4 threads, 1200 cases evaluated, 0 differ" in out,
       "threaded: 4 threads share one pack; every result as single-threaded",
       shown(["threaded"], code, out, err))


def main():
    global TOOL
    group = sys.argv[1]
    if group == "examples":
        test_examples(*sys.argv[2:5])
    else:
        TOOL = sys.argv[2]
        if group == "calendar":
            test_general()
            test_calendar()
        elif group == "packs":
            test_packs()
        else:
            sys.exit("unknown group " + group)
    print("1..%d" % count)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
