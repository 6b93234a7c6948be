"""Versions of a guidance over time and what changed between them, through
the Python binding: the information-sharing advice of July 2018 and its
replacement of 19 April 2024 (docs/packs/england-info-sharing-20*.md)."""

import datetime

import pytest

import libprotocol

CASE = {"risk": {"child_at_risk": True}, "consent": {"status": "given"},
        "basis": {"identified": False}}


def test_national_packs_are_built_in():
    for pack_id in ("england-info-sharing-2018", "england-info-sharing-2024",
                    "uk-safeguarding-lawful-basis", "england-wt-2023", "wales-safeguarding-2019",
                    "scotland-cp-2023", "marac-safelives"):
        assert pack_id in libprotocol.packs()
        assert libprotocol.Pack.builtin(pack_id).run_tests().ok


def test_dates_and_family():
    old = libprotocol.Pack.builtin("england-info-sharing-2018")
    new = libprotocol.Pack.builtin("england-info-sharing-2024")
    assert (old.family, old.effective_from, old.effective_to, old.supersedes) == (
        "england-info-sharing", "2018-07-01", None, None)
    assert (new.effective_from, new.supersedes) == ("2024-04-19", "england-info-sharing-2018")
    assert libprotocol.Pack.builtin("durham-2010").effective_from is None


def test_version_in_force_by_date():
    # 18 April 2024 is the last day of the 2018 advice; 19 April the first of 2024's.
    assert libprotocol.pack_in_force("england-info-sharing", "2024-04-18") == \
        "england-info-sharing-2018"
    assert libprotocol.pack_in_force("england-info-sharing", datetime.date(2024, 4, 19)) == \
        "england-info-sharing-2024"
    with pytest.raises(libprotocol.NotFoundError):
        libprotocol.pack_in_force("england-info-sharing", "2018-06-30")
    in_2023 = libprotocol.packs(as_of="2023-06-01")
    assert "england-info-sharing-2018" in in_2023
    assert "england-info-sharing-2024" not in in_2023


def test_2023_and_2025_answers_through_the_family():
    for as_of, pack_id, outcome in (
            ("2023-06-01", "england-info-sharing-2018", "share_with_consent"),
            ("2025-01-15", "england-info-sharing-2024", "lawful_basis_needed")):
        pack = libprotocol.Pack.in_force("england-info-sharing", as_of)
        result = pack.evaluate(CASE, as_of=as_of)
        assert result.pack.id == pack_id
        assert result.pack.family == "england-info-sharing"
        assert result.decision("share-information").outcome == outcome


def test_diff():
    old = libprotocol.Pack.builtin("england-info-sharing-2018")
    new = libprotocol.Pack.builtin("england-info-sharing-2024")
    d = libprotocol.diff(old, new)
    assert d["from"]["id"] == "england-info-sharing-2018"
    kinds = {(c["change"], c["construct"], c["id"]) for c in d["changes"]}
    assert ("added", "rule", "identities") in kinds
    assert ("added", "fact", "risk.perceived") in kinds
    assert ("changed", "decision", "share-information") in kinds
    assert d["summary"]["added"] == sum(c["change"] == "added" for c in d["changes"])
    text = libprotocol.diff_text(old, new)
    assert text.startswith("england-info-sharing-2018 1.0.0 -> england-info-sharing-2024 1.0.0\n")
    assert libprotocol.diff(old, old)["changes"] == []
