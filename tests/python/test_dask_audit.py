"""bindings/python/examples/dask_audit.py: NDJSON partitions evaluated with
the batch call on a LocalCluster give the same counts as evaluating every
case on its own, serially."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from collections import Counter

import pytest

import libprotocol
from conftest import BINDING_DIR, python_env

pytest.importorskip("dask.bag", reason="dask is not installed (Debian: python3-dask)")
pytest.importorskip("distributed", reason="distributed is not installed (Debian: python3-distributed)")

SCRIPT = BINDING_DIR / "examples" / "dask_audit.py"
AS_OF = "2026-11-30T12:00"
NO_HARM = {"child_significant_harm": False, "adult_serious_harm": False,
           "abuse_of_adult_at_risk": False}

# Hand-worked (Friday 2026-11-20 + 3 working days = Wednesday 25th):
HAND = [
    # not made by the 30th: overdue
    {"concerns": NO_HARM, "referral": {"need_identified_at": "2026-11-20T10:00", "safeguarding": False}},
    # made on the 24th: met
    {"concerns": NO_HARM, "referral": {"need_identified_at": "2026-11-20T10:00", "safeguarding": False,
                                       "made_at": "2026-11-24T09:00"}},
    # Friday 27th + 3 = Wednesday 2 December: pending on the 30th
    {"concerns": NO_HARM, "referral": {"need_identified_at": "2026-11-27T10:00", "safeguarding": False}},
    # a wrong type: cannot be evaluated
    {"subject": {"age": "forty"}},
]


def load_example():
    spec = importlib.util.spec_from_file_location("dask_audit", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def serial_counts(pack_id, lines):
    """The summary computed one case at a time, without Dask or batches."""
    pack = libprotocol.Pack.builtin(pack_id)
    out = {"cases": 0, "failed": 0, "overdue_referrals": 0,
           "overdue_deadlines": Counter(), "rules_not_met": Counter()}
    for line in lines:
        out["cases"] += 1
        try:
            result = pack.evaluate(line, default_as_of=AS_OF)
        except libprotocol.Error:
            out["failed"] += 1
            continue
        for d in result.deadlines:
            if d.status == "overdue":
                out["overdue_deadlines"][d.id] += 1
                out["overdue_referrals"] += d.id == "referral"
        for r in result.rules:
            if r.status == "not_met":
                out["rules_not_met"][r.id] += 1
    out["overdue_deadlines"] = dict(sorted(out["overdue_deadlines"].items()))
    out["rules_not_met"] = dict(sorted(out["rules_not_met"].items()))
    return out


def test_hand_worked_cases(durham):
    statuses = []
    for case in HAND:
        try:
            statuses.append(durham.evaluate(case, as_of=AS_OF).deadline("referral").status)
        except libprotocol.CaseError:
            statuses.append("error")
    assert statuses == ["overdue", "met", "pending", "error"]


def test_cluster_audit_equals_serial(tmp_path):
    example = load_example()
    paths = example.generate(600, str(tmp_path), files=3)
    hand = tmp_path / "hand.ndjson"
    hand.write_text("".join(json.dumps(c) + "\n" for c in HAND), encoding="utf-8")
    paths.append(str(hand))
    ran = subprocess.run(
        [sys.executable, str(SCRIPT), "--as-of", AS_OF, "--packs", "durham-2010,sandwell-5plus",
         "--workers", "2", "--blocksize", "8KiB", *paths],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=python_env(), timeout=300,
        cwd=str(tmp_path),
    )
    assert ran.returncode == 0, ran.stderr
    summary = json.loads(ran.stdout)
    lines = [line for p in paths for line in Path(p).read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) == 604
    for pack_id in ("durham-2010", "sandwell-5plus"):
        assert summary[pack_id] == serial_counts(pack_id, lines), pack_id
    durham = summary["durham-2010"]
    assert durham["failed"] >= 1 and durham["overdue_referrals"] >= 1


def test_usage_errors():
    ran = subprocess.run([sys.executable, str(SCRIPT)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=python_env())
    assert ran.returncode == 2 and "--generate" in ran.stderr
    ran = subprocess.run([sys.executable, str(SCRIPT), "--generate", "5", "--packs", "nope"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=python_env())
    assert ran.returncode == 2 and "nope" in ran.stderr
