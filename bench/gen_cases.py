#!/usr/bin/env python3
"""Write a corpus of realistic durham-2010 cases as NDJSON, one case a line,
about 1 KB each: every SPEC §7 fact drawn so that the outcomes mix (consent
given, refused with and without grounds, unknown facts, safeguarding and
ordinary referrals, met, pending and overdue deadlines).

Usage: gen_cases.py COUNT [SEED] > cases.ndjson
"""
import datetime
import json
import random
import sys


def maybe(rng, value, unknown=0.1):
    """The value, or None (unknown) now and then."""
    return None if rng.random() < unknown else value


def case(rng):
    start = datetime.datetime(2026, 1, 5, 8, 0) + datetime.timedelta(
        minutes=rng.randrange(0, 330 * 24 * 60))
    as_of = start + datetime.timedelta(hours=rng.randrange(0, 240))
    made = start + datetime.timedelta(hours=rng.randrange(0, 200))
    harm = rng.random() < 0.25
    consent = rng.choice(["given", "refused", "refused", "withdrawn", "not_sought"])
    share = rng.random() < 0.6
    flag = lambda p=0.5: maybe(rng, rng.random() < p)  # noqa: E731
    c = {
        "as_of": as_of.strftime("%Y-%m-%dT%H:%M"),
        "service": {"kind": rng.choice(["adult", "child"])},
        "subject": {
            "age": rng.randrange(0, 95),
            "is_parent": flag(0.3), "has_parental_responsibility": flag(0.3),
            "lives_with_child": flag(0.3), "lives_with_adult_at_risk": flag(0.1),
        },
        "concerns": {
            "child_significant_harm": maybe(rng, harm),
            "adult_serious_harm": flag(0.15), "harm_to_others": flag(0.1),
            "public_interest": flag(0.1), "abuse_of_adult_at_risk": flag(0.1),
            "domestic_abuse": flag(0.2),
        },
        "needs": {"unmet": flag(0.5)},
        "services": {"other_for_subject": flag(0.5), "other_for_family": flag(0.4)},
        "consent": {"status": consent},
        "decision": {
            "share": share,
            "reason_not_sharing": None if share else rng.choice(
                ["data_protection", "no_consent", "not_necessary", "other"]),
            "line_manager_discussed": flag(0.7), "line_manager_approved": flag(0.6),
            "person_informed": flag(0.6),
            "safety_wellbeing_considered": flag(0.8),
            "necessary": flag(0.9), "proportionate": flag(0.9), "relevant": flag(0.9),
            "accurate": flag(0.9), "timely": flag(0.8), "secure": flag(0.9),
        },
        "record": {k: flag(0.8) for k in
                   ("decision", "reasons", "what_shared", "with_whom", "purpose", "who_involved")},
        "advice": {"in_doubt": flag(0.3), "sought": flag(0.5), "identity_disclosed": flag(0.5)},
        "procedures": {"followed": flag(0.7)},
        "referral": {
            "need_identified_at": start.strftime("%Y-%m-%dT%H:%M"),
            "made_at": made.strftime("%Y-%m-%dT%H:%M") if rng.random() < 0.6 else None,
            "safeguarding": maybe(rng, harm or rng.random() < 0.1),
        },
        "collaboration": {"asked_other_services": flag(0.6),
                          "informed_other_services": flag(0.6),
                          "participating": flag(0.6)},
    }
    if consent == "not_sought":
        c["consent"]["not_sought_reason"] = rng.choice(["unsafe", "inappropriate", None])
    return c


def main():
    count = int(sys.argv[1])
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 20261125)
    out = sys.stdout
    for _ in range(count):
        out.write(json.dumps(case(rng), separators=(", ", ": ")))
        out.write("\n")


if __name__ == "__main__":
    main()
