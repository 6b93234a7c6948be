#!/usr/bin/env python3
"""Audit a large set of case records with Dask.

The case records are NDJSON files (one case JSON a line). Dask splits them
into partitions; each worker evaluates a partition against every pack with
one call into libprotocol (Pack.evaluate_batch, its NDJSON batch path), and
the partial counts are summed into one summary per pack:

* cases evaluated and cases that could not be (bad JSON, wrong types);
* overdue deadlines by id, the overdue referrals among them;
* rules not met, by rule id.

    python3 dask_audit.py --as-of 2026-11-30 cases/*.ndjson
    python3 dask_audit.py --generate 100000 --as-of 2026-11-30
    python3 dask_audit.py --scheduler tcp://scheduler:8786 /shared/cases/*.ndjson

Without --scheduler it starts a LocalCluster; with one it runs the same code
on that (multi-machine) cluster, whose workers need the `protocol` package
and libprotocol (PROTOCOL_LIBRARY, or installed) and the input paths.
Needs dask and distributed (Debian: python3-dask, python3-distributed).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
from collections import Counter
from typing import Any, Dict, Iterable, List, Optional

import libprotocol

DEFAULT_PACKS = ["durham-2010"]

def empty_summary() -> Dict[str, Any]:
    return {"cases": 0, "failed": 0, "overdue_referrals": 0,
            "overdue_deadlines": Counter(), "rules_not_met": Counter()}


def audit_lines(lines: Iterable[str], pack_ids: List[str], as_of: Optional[str]) -> Dict[str, Any]:
    """The counts for one partition of NDJSON lines, per pack."""
    data = "".join(line if line.endswith("\n") else line + "\n" for line in lines).encode("utf-8")
    out: Dict[str, Any] = {}
    for pack_id in pack_ids:
        summary = empty_summary()
        # Compiling a pack takes far less time than a partition's cases,
        # so each task compiles its own: nothing to keep on the workers.
        with libprotocol.Pack.builtin(pack_id) as pack:
            batch = pack.evaluate_batch(data, default_as_of=as_of)
        for item in batch:
            summary["cases"] += 1
            if isinstance(item, libprotocol.Error):
                summary["failed"] += 1
                continue
            for deadline in item.deadlines:
                if deadline.status == "overdue":
                    summary["overdue_deadlines"][deadline.id] += 1
                    if deadline.id == "referral":
                        summary["overdue_referrals"] += 1
            for rule in item.rules:
                if rule.status == "not_met":
                    summary["rules_not_met"][rule.id] += 1
        out[pack_id] = summary
    return out


def merge(a: Dict[str, Any], b: Dict[str, Any]) -> Dict[str, Any]:
    """Sum two partial summaries (associative, so Dask can tree-reduce)."""
    out: Dict[str, Any] = {}
    for pack_id in set(a) | set(b):
        x, y = a.get(pack_id, empty_summary()), b.get(pack_id, empty_summary())
        out[pack_id] = {key: x[key] + y[key] for key in x}
    return out


def plain(summary: Dict[str, Any]) -> Dict[str, Any]:
    """The summary as JSON-ready dicts, counters sorted by id."""
    return {
        pack_id: {key: dict(sorted(value.items())) if isinstance(value, Counter) else value
                  for key, value in counts.items()}
        for pack_id, counts in sorted(summary.items())
    }


def audit(paths: List[str], pack_ids: List[str], as_of: Optional[str], client: Any,
          blocksize: str = "16MiB") -> Dict[str, Any]:
    """Evaluate every case in the NDJSON files at `paths` on the cluster of
    `client` and return the summary per pack."""
    import dask.bag as db

    lines = db.read_text(paths, blocksize=blocksize)
    partials = lines.map_partitions(lambda part: [audit_lines(part, pack_ids, as_of)])
    total = client.compute(partials.fold(merge, merge, initial={})).result()
    return plain(total)


def generate(count: int, directory: str, files: int = 4, seed: int = 2026) -> List[str]:
    """Write `count` synthetic durham-2010 cases as NDJSON files (some with
    a wrong type, so that failures are counted too); their paths."""
    rng = random.Random(seed)
    paths = [os.path.join(directory, f"cases-{i}.ndjson") for i in range(files)]
    handles = [open(p, "w", encoding="utf-8") for p in paths]
    try:
        for n in range(count):
            day = 2 + rng.randrange(26)
            case: Dict[str, Any] = {
                "consent": {"status": rng.choice(["given", "refused", "withdrawn", "not_sought"])},
                "concerns": {"child_significant_harm": rng.choice([True, False, None])},
                "decision": {"share": rng.choice([True, False]),
                             "line_manager_discussed": rng.choice([True, False])},
                "record": {"decision": rng.choice([True, False])},
                "referral": {"need_identified_at": f"2026-11-{day:02d}T10:00",
                             "safeguarding": rng.choice([True, False])},
            }
            if rng.random() < 0.5:
                case["referral"]["made_at"] = f"2026-11-{min(28, day + rng.randrange(6)):02d}T16:00"
            if n % 97 == 0:
                case["subject"] = {"age": "unknown"}  # a wrong type: the case fails
            handles[n % files].write(json.dumps(case) + "\n")
    finally:
        for h in handles:
            h.close()
    return paths


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="NDJSON files of cases (globs allowed)")
    parser.add_argument("--packs", default=",".join(DEFAULT_PACKS),
                        help="comma-separated built-in pack ids (default: %(default)s)")
    parser.add_argument("--as-of", help="evaluation time for cases without their own as_of")
    parser.add_argument("--generate", type=int, metavar="N",
                        help="audit N synthetic cases instead of files")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler")
    parser.add_argument("--workers", type=int, default=2, help="local workers (default: 2)")
    parser.add_argument("--blocksize", default="16MiB", help="partition size (default: 16MiB)")
    args = parser.parse_args(argv)
    if bool(args.paths) == bool(args.generate):
        parser.error("give NDJSON files or --generate N (one of them)")
    pack_ids = [p for p in args.packs.split(",") if p]
    for pack_id in pack_ids:
        try:  # an unknown id fails here, not on a worker
            libprotocol.Pack.builtin(pack_id).close()
        except libprotocol.NotFoundError as exc:
            parser.error(str(exc))

    from dask.distributed import Client, LocalCluster

    with tempfile.TemporaryDirectory() as tmp:
        paths = generate(args.generate, tmp) if args.generate else args.paths
        if args.scheduler:
            with Client(args.scheduler) as client:
                summary = audit(paths, pack_ids, args.as_of, client, args.blocksize)
        else:
            with LocalCluster(n_workers=args.workers, threads_per_worker=1,
                              dashboard_address=None) as cluster, Client(cluster) as client:
                summary = audit(paths, pack_ids, args.as_of, client, args.blocksize)
    json.dump(summary, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
