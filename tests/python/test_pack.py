"""Packs and single-case evaluation. Expectations come from SPEC §6-7 and
docs/pack-format.md, worked by hand; a small pack written here to that
format checks loading, validation errors and the pack's own tests."""

from __future__ import annotations

import copy
import datetime
import json
import pickle

import pytest

import libprotocol

RESULT_MEMBERS = [
    "library", "pack", "as_of", "decisions", "rules", "duties", "deadlines",
    "checklists", "warnings", "ask_next", "summary",
]
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

REFUSED_CHILD_AT_RISK = {
    "as_of": "2026-11-20T15:00",
    "consent": {"status": "refused"},
    "concerns": {"child_significant_harm": True},
}

# A pack written for these tests, to docs/pack-format.md.
VISITS = {
    "format": 1,
    "id": "test-visits",
    "version": "0.0.1",
    "title": "Home visits",
    "source": {"document": "A test protocol for home visits", "short": "Visits protocol"},
    "facts": {
        "visit.kind": {"type": "enum", "values": ["home", "office"], "description": "Where"},
        "visit.done": {"type": "bool", "description": "The visit took place"},
        "visit.needed_at": {"type": "datetime", "description": "When the need arose"},
        "visit.made_at": {"type": "datetime", "description": "When the visit was made"},
        "subject.age": {"type": "integer", "min": 0, "max": 130, "description": "Age"},
    },
    "rules": [
        {
            "id": "V-1", "group": "visits", "title": "The visit was made",
            "citation": {"paragraph": "1"},
            "applies": {"eq": ["visit.kind", "home"]},
            "met": {"fact": "visit.done"},
        }
    ],
    "deadlines": [
        {
            "id": "visit", "title": "Visit within two working days",
            "citation": {"paragraph": "2"},
            "start": "visit.needed_at", "done": "visit.made_at",
            "variants": [{"when": True, "rule": "working_days_after", "working_days": 2}],
        }
    ],
    "tests": [
        {
            "name": "A home visit that took place",
            "case": {"visit": {"kind": "home", "done": True}},
            "expect": {"rules": {"V-1": "met"}},
        },
        {
            "name": "A wrong expectation",
            "case": {"visit": {"kind": "office"}},
            "expect": {"rules": {"V-1": "met"}},
        },
    ],
}


def visits_text(**changes) -> str:
    pack = copy.deepcopy(VISITS)
    pack.update(changes)
    return json.dumps(pack, indent=2)


@pytest.fixture(scope="module")
def visits() -> libprotocol.Pack:
    return libprotocol.Pack.from_string(visits_text())


# --- built-in packs --------------------------------------------------------


def test_builtin_list():
    assert libprotocol.packs() == BUILTIN_PACKS
    assert libprotocol.default_pack() == "durham-2010"


@pytest.mark.parametrize("pack_id", BUILTIN_PACKS)
def test_builtin_packs_load(pack_id):
    pack = libprotocol.Pack.builtin(pack_id)
    source = json.loads(libprotocol.pack_source(pack_id))
    assert (pack.id, pack.version, pack.title) == (source["id"], source["version"], source["title"])
    assert repr(pack).startswith("<libprotocol.Pack")


def test_default_pack():
    assert libprotocol.Pack.builtin().id == "durham-2010"
    assert libprotocol.Pack().id == "durham-2010"


def test_unknown_pack():
    with pytest.raises(libprotocol.NotFoundError) as info:
        libprotocol.Pack.builtin("durham-2011")
    assert "durham-2011" in str(info.value)
    assert info.value.code_name == "PROTOCOL_E_NOT_FOUND"
    with pytest.raises(libprotocol.NotFoundError):
        libprotocol.pack_source("durham-2011")
    with pytest.raises(TypeError):
        libprotocol.Pack.builtin(2010)


# --- the durham-2010 pack: SPEC §7 -------------------------------------------


def test_result_shape(durham):
    result = durham.evaluate(REFUSED_CHILD_AT_RISK)
    assert list(result) == RESULT_MEMBERS
    assert result.library.version == libprotocol.__version__
    assert result.pack.id == "durham-2010"
    assert result.pack.version == durham.version
    # durham-2010 binds CW-3 to its referral deadline, so its summary also
    # counts pending rules (docs/result-json.md).
    assert set(result.summary) == {
        "rules_met", "rules_not_met", "rules_unknown", "rules_pending", "duties",
        "deadlines_overdue",
    }
    assert result.summary.rules_pending == sum(r.status == "pending" for r in result.rules)
    assert result.summary.duties == len(result.duties)
    assert result.summary.rules_met == sum(r.status == "met" for r in result.rules)


def test_consent_override_outcomes(durham):
    permitted = durham.evaluate(REFUSED_CHILD_AT_RISK).decision("consent-override")
    assert permitted.outcome == "permitted"
    assert "child_significant_harm" in permitted.grounds
    assert permitted.citation.paragraph

    given = durham.evaluate({"consent": {"status": "given"}}).decision("consent-override")
    assert given.outcome == "not_required"

    no_ground = {
        "consent": {"status": "refused"},
        "concerns": {
            "child_significant_harm": False, "adult_serious_harm": False,
            "harm_to_others": False, "public_interest": False,
        },
    }
    assert durham.evaluate(no_ground).decision("consent-override").outcome == "not_permitted"

    unknown = durham.evaluate({"consent": {"status": "refused"}}).decision("consent-override")
    assert unknown.outcome == "undetermined"
    assert "concerns.child_significant_harm" in unknown.missing_facts


def test_duties(durham):
    result = durham.evaluate(REFUSED_CHILD_AT_RISK)
    assert result.duty("child-protection-procedures") is not None
    assert result.duty("no-such-duty") is None
    assert result.rule("IS-1").group == "information-sharing"
    assert result.rule("CW-8").group == "collaborative-working"
    assert result.rule("XX-1") is None


def referral_case(safeguarding: bool) -> dict:
    return {
        "as_of": "2026-11-23T12:00",
        "concerns": {
            "child_significant_harm": safeguarding, "adult_serious_harm": False,
            "abuse_of_adult_at_risk": False,
        },
        "referral": {"need_identified_at": "2026-11-20T10:00", "safeguarding": safeguarding},
    }


def test_referral_deadline(durham):
    # Friday 2026-11-20 + 3 working days = Wednesday 2026-11-25; as of
    # Monday 23rd, Tuesday and Wednesday remain.
    d = durham.evaluate(referral_case(False)).deadline("referral")
    assert (d.working_days, d.due, d.status, d.working_days_remaining) == (3, "2026-11-25", "pending", 2)
    # Safeguarding: the same day, so overdue by Monday.
    d = durham.evaluate(referral_case(True)).deadline("referral")
    assert (d.working_days, d.due, d.status) == (0, "2026-11-20", "overdue")
    assert d.working_days_remaining < 0


def test_datetime_values_in_a_case(durham):
    text = referral_case(False)
    objects = copy.deepcopy(text)
    objects["as_of"] = datetime.datetime(2026, 11, 23, 12, 0)
    objects["referral"]["need_identified_at"] = datetime.datetime(2026, 11, 20, 10, 0)
    def key(result):
        d = result.deadline("referral")
        return (d.due, d.status, d.working_days_remaining)

    assert key(durham.evaluate(objects)) == key(durham.evaluate(text)) == ("2026-11-25", "pending", 2)
    objects["referral"]["need_identified_at"] = datetime.date(2026, 11, 20)
    assert durham.evaluate(objects).deadline("referral").due == "2026-11-25"


def test_as_of_options(durham):
    case = referral_case(False)
    later = durham.evaluate(case, as_of=datetime.date(2026, 11, 27)).deadline("referral")
    assert later.status == "overdue"
    # default_as_of counts only when the case has no as_of of its own.
    assert durham.evaluate(case, default_as_of="2026-11-27").deadline("referral").status == "pending"
    del case["as_of"]
    assert durham.evaluate(case).as_of is None
    assert durham.evaluate(case).deadline("referral").status == "unknown"
    assert durham.evaluate(case, default_as_of="2026-11-27").deadline("referral").status == "overdue"
    aware = datetime.datetime(2026, 11, 25, 23, 30, tzinfo=datetime.timezone.utc)
    assert durham.evaluate(case, as_of=aware).deadline("referral").status == "due_today"


def test_unknown_keys_warn_or_fail(durham):
    case = {"consent": {"status": "refused"}, "concerns": {"child_significnt_harm": True}}
    result = durham.evaluate(case)
    assert "concerns.child_significnt_harm" in [w.path for w in result.warnings]
    with pytest.raises(libprotocol.CaseError) as info:
        durham.evaluate(case, strict=True)
    assert "concerns.child_significnt_harm" in info.value.place
    assert info.value.code_name == "PROTOCOL_E_CASE"


def test_case_errors(durham):
    with pytest.raises(libprotocol.CaseError) as info:
        durham.evaluate({"subject": {"age": "ten"}})
    assert info.value.place == "subject.age"
    assert isinstance(info.value, ValueError)
    with pytest.raises(libprotocol.CaseError):
        durham.evaluate({"consent": {"status": "maybe"}})
    with pytest.raises(libprotocol.Error) as info:
        durham.evaluate({"referral": {"need_identified_at": "2026-02-30"}})
    assert isinstance(info.value, (libprotocol.CaseError, libprotocol.DateTimeError))
    assert "referral.need_identified_at" in info.value.place or "2026-02-30" in str(info.value)


def test_bad_json(durham):
    with pytest.raises(libprotocol.CaseJSONError) as info:
        durham.evaluate('{\n  "consent": {"status": "refused"\n')
    err = info.value
    assert isinstance(err, libprotocol.CaseError) and isinstance(err, libprotocol.JSONError)
    assert err.code == -5 and err.line >= 2 and err.column >= 1
    with pytest.raises(libprotocol.CaseJSONError):
        durham.evaluate("")
    with pytest.raises(libprotocol.CaseJSONError):
        durham.evaluate(b'{"consent": {"status": "refused", "status": "given"}}')  # duplicate key


def test_wrong_python_types(durham):
    with pytest.raises(TypeError):
        durham.evaluate(42)
    with pytest.raises(TypeError):
        durham.evaluate([REFUSED_CHILD_AT_RISK])
    with pytest.raises(TypeError):
        durham.evaluate({"subject": {"age": {1, 2}}})
    with pytest.raises(TypeError):
        durham.evaluate(REFUSED_CHILD_AT_RISK, as_of=20261120)
    with pytest.raises(TypeError):
        durham.evaluate(REFUSED_CHILD_AT_RISK, limits={"max_depth": 3})


def test_raw_and_dict(durham):
    text = json.dumps(REFUSED_CHILD_AT_RISK)
    raw = durham.evaluate(text, raw=True)
    assert isinstance(raw, str) and "\n" not in raw.rstrip("\n")
    result = durham.evaluate(text)
    assert result.json == raw
    assert result.to_dict() == json.loads(raw)
    assert list(result.to_dict()) == RESULT_MEMBERS
    pretty = durham.evaluate(text, raw=True, pretty=True)
    assert pretty.startswith('{\n  "library"')
    assert json.loads(pretty) == json.loads(raw)
    # dict, str and bytes give the same result; it is deterministic.
    assert durham.evaluate(REFUSED_CHILD_AT_RISK, raw=True) == raw
    assert durham.evaluate(text.encode(), raw=True) == raw
    # Any mapping type does, at any depth.
    from types import MappingProxyType
    proxied = MappingProxyType({k: MappingProxyType(v) if isinstance(v, dict) else v
                                for k, v in REFUSED_CHILD_AT_RISK.items()})
    assert durham.evaluate(proxied, raw=True) == raw


def test_record_access(durham):
    result = durham.evaluate(REFUSED_CHILD_AT_RISK)
    first = result.decisions[0]
    assert isinstance(first, libprotocol.Record)
    assert first.id == first["id"] == result.to_dict()["decisions"][0]["id"]
    assert first == result.to_dict()["decisions"][0]
    with pytest.raises(AttributeError):
        result.no_such_member
    with pytest.raises(KeyError):
        result["no_such_member"]
    # to_dict is a copy: changing it changes nothing in the result.
    d = result.to_dict()
    d["pack"]["id"] = "changed"
    assert result.pack.id == "durham-2010"
    assert "summary" in dir(result)


def test_limits(durham):
    deep = {"a": {}}
    inner = deep["a"]
    for _ in range(10):
        inner["a"] = {}
        inner = inner["a"]
    with pytest.raises(libprotocol.LimitError) as info:
        durham.evaluate(deep, limits=libprotocol.Limits(max_depth=4))
    assert info.value.code_name == "PROTOCOL_E_LIMIT_DEPTH"
    with pytest.raises(libprotocol.LimitError) as info:
        durham.evaluate(REFUSED_CHILD_AT_RISK, limits=libprotocol.Limits(max_input_bytes=10))
    assert info.value.code_name == "PROTOCOL_E_LIMIT_INPUT_SIZE"
    with pytest.raises(ValueError):
        durham.evaluate(REFUSED_CHILD_AT_RISK, limits=libprotocol.Limits(max_depth=-1))


# --- a pack of one's own ---------------------------------------------------------


def test_own_pack(visits):
    assert (visits.id, visits.version, visits.title) == ("test-visits", "0.0.1", "Home visits")
    assert visits.evaluate({"visit": {"kind": "home", "done": True}}).rule("V-1").status == "met"
    assert visits.evaluate({"visit": {"kind": "home", "done": False}}).rule("V-1").status == "not_met"
    assert visits.evaluate({"visit": {"kind": "office"}}).rule("V-1").status == "not_applicable"
    unknown = visits.evaluate({"visit": {"kind": "home"}}).rule("V-1")
    assert unknown.status == "unknown" and unknown.missing_facts == ["visit.done"]
    assert unknown.citation.document == "Visits protocol"
    # Friday + 2 working days = Tuesday; as of Monday one remains.
    d = visits.evaluate({"visit": {"needed_at": "2026-11-20T09:00"}}, as_of="2026-11-23").deadline("visit")
    assert (d.due, d.status, d.working_days_remaining) == ("2026-11-24", "pending", 1)


def test_own_pack_from_file(tmp_path):
    path = tmp_path / "visits.json"
    path.write_text(visits_text(), encoding="utf-8")
    for p in (path, str(path)):
        pack = libprotocol.Pack.from_file(p)
        assert pack.id == "test-visits"
    with pytest.raises(libprotocol.FileError) as info:
        libprotocol.Pack.from_file(tmp_path / "missing.json")
    assert "missing.json" in str(info.value)


def test_pack_errors(tmp_path):
    with pytest.raises(libprotocol.PackJSONError) as info:
        libprotocol.Pack.from_string('{\n  "format": 1,\n  "id": \n}')
    assert isinstance(info.value, libprotocol.PackError) and isinstance(info.value, libprotocol.JSONError)
    assert info.value.line >= 3
    bad_fact = copy.deepcopy(VISITS["rules"])
    bad_fact[0]["met"] = {"fact": "visit.dnoe"}
    with pytest.raises(libprotocol.PackError) as info:
        libprotocol.Pack.from_string(visits_text(rules=bad_fact))
    assert info.value.place.startswith("/rules/0/met")
    assert info.value.line > 1 and info.value.column > 0
    no_citation = copy.deepcopy(VISITS["rules"])
    del no_citation[0]["citation"]
    with pytest.raises(libprotocol.PackError) as info:
        libprotocol.Pack.from_string(visits_text(rules=no_citation))
    assert info.value.place.startswith("/rules/0")
    # A file's errors name the file.
    path = tmp_path / "bad.json"
    path.write_text(visits_text(rules=bad_fact), encoding="utf-8")
    with pytest.raises(libprotocol.PackError) as info:
        libprotocol.Pack.from_file(path)
    assert "bad.json" in info.value.place
    with pytest.raises(TypeError):
        libprotocol.Pack.from_string(VISITS)


def test_run_tests(visits):
    report = visits.run_tests()
    assert (report.total, report.failures, report.ok) == (2, 1, False)
    assert "tests/1" in report.report and "/rules/V-1" in report.report
    assert report.report.rstrip().endswith("1 passed, 1 failed")
    good = libprotocol.Pack.from_string(visits_text(tests=VISITS["tests"][:1])).run_tests()
    assert (good.total, good.failures, good.ok) == (1, 0, True)


def test_close_and_context_manager():
    with libprotocol.Pack.from_string(visits_text()) as pack:
        assert not pack.closed
        pack.evaluate({})
    assert pack.closed
    with pytest.raises(ValueError):
        pack.evaluate({})
    pack.close()  # twice is harmless
    assert "closed" in repr(pack)


def test_pickle(visits, tmp_path):
    for pack in (libprotocol.Pack.builtin("derwent-2016"), visits):
        again = pickle.loads(pickle.dumps(pack))
        assert (again.id, again.version) == (pack.id, pack.version)
        assert again.evaluate({}, raw=True) == pack.evaluate({}, raw=True)
    path = tmp_path / "visits.json"
    path.write_text(visits_text(), encoding="utf-8")
    assert pickle.loads(pickle.dumps(libprotocol.Pack.from_file(path))).id == "test-visits"


def test_checklist_scores(durham):
    # docs/pack-format.md: met 1, partly 0.5, not_met 0; group and overall
    # scores are means as percentages; rag against the pack's thresholds.
    source = json.loads(libprotocol.pack_source("durham-2010"))
    thresholds = [c for c in source["checklists"] if c["id"] == "case-management"][0]["thresholds"]
    answers = {"case-management": {"PR-1": "met", "PR-2": "partly", "LM-1": "not_met"}}
    checklist = durham.evaluate({"answers": answers}).checklist("case-management")
    assert checklist.score == 50.0
    assert [(g.id, g.score) for g in checklist.groups] == [("practitioner", 75.0), ("line-manager", 0.0)]
    want = "green" if 50 >= thresholds["green"] else "amber" if 50 >= thresholds["amber"] else "red"
    assert checklist.rag == want
    assert "PR-1" not in checklist.unanswered and "PR-3" in checklist.unanswered
    assert durham.evaluate({}).checklist("no-such-checklist") is None


def test_pack_limits():
    with pytest.raises(libprotocol.LimitError) as info:
        libprotocol.Pack.from_string(visits_text(), limits=libprotocol.Limits(max_input_bytes=100))
    assert info.value.code_name == "PROTOCOL_E_LIMIT_INPUT_SIZE"
    assert libprotocol.Pack.from_string(visits_text(), limits=libprotocol.Limits(max_depth=64)).id == "test-visits"


def test_summary_detail_level():
    # Consent refused, a child at risk of significant harm: sharing is
    # permitted on that ground (§2.2); a safeguarding referral identified
    # Friday 2026-11-20 and not made is due that day (§2.3.1 step 4), so
    # overdue as of Tuesday 2026-11-24.
    pack = libprotocol.Pack("durham-2010")
    case = {
        "as_of": "2026-11-24T12:00",
        "consent": {"status": "refused"},
        "concerns": {"child_significant_harm": True},
        "referral": {"need_identified_at": "2026-11-20T10:00", "safeguarding": True},
    }
    summary = pack.evaluate(case, detail="summary")
    assert isinstance(summary, libprotocol.ResultSummary)
    assert summary.decisions[0].outcome == "permitted"
    assert summary.decisions[0].grounds == ["child_significant_harm"]
    assert summary.deadlines[0].to_dict() == {"id": "referral", "status": "overdue", "due": "2026-11-20"}
    assert summary.summary.deadlines_overdue == 1
    assert "title" not in summary.json and "citation" not in summary.json
    full = pack.evaluate(case)
    assert len(summary.json) < len(full.json) / 4
    batch = pack.evaluate_batch([case, {"subject": {"age": -1}}], detail="summary")
    assert isinstance(batch[0], libprotocol.ResultSummary) and batch[0].json == summary.json
    assert batch.failed == 1
    with pytest.raises(ValueError):
        pack.evaluate(case, detail="brief")
