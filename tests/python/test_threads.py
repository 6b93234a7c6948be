"""One Pack (and one Calendar) used from many Python threads gives the
same results as serial use; the library releases the GIL during calls."""

from __future__ import annotations

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import libprotocol

THREADS = 8


def cases():
    out = []
    for i in range(60):
        day = datetime.date(2026, 11, 1) + datetime.timedelta(days=i % 30)
        out.append({
            "as_of": "2026-12-01T12:00",
            "consent": {"status": ["given", "refused", "withdrawn", "not_sought"][i % 4]},
            "concerns": {"child_significant_harm": [True, False, None][i % 3]},
            "referral": {"need_identified_at": day.isoformat(), "safeguarding": i % 5 == 0},
            "subject": {"age": i if i % 7 else "not a number"},
        })
    return out


def evaluate_all(pack, items):
    out = []
    for case in items:
        try:
            out.append(pack.evaluate(case, raw=True))
        except libprotocol.Error as exc:
            out.append(repr(exc))
    return out


def test_one_pack_many_threads(durham):
    items = cases()
    serial = evaluate_all(durham, items)
    assert any(s.startswith("CaseError") for s in serial)
    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(lambda _: evaluate_all(durham, items), range(THREADS * 2)))
    assert all(r == serial for r in results)


def test_batches_in_threads(durham):
    items = cases()
    serial = durham.evaluate_batch(items, raw=True)
    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(lambda _: durham.evaluate_batch(items, raw=True), range(THREADS)))
    assert all(r == serial for r in results)


def test_deadlines_in_threads():
    starts = [datetime.date(2026, 1, 1) + datetime.timedelta(days=i) for i in range(365)]
    serial = [libprotocol.deadline(s, 3, as_of=datetime.date(2026, 6, 30)) for s in starts]
    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(
            lambda _: [libprotocol.deadline(s, 3, as_of=datetime.date(2026, 6, 30)) for s in starts],
            range(THREADS)))
    assert all(r == serial for r in results)


def test_close_while_in_use():
    # Closing a pack while other threads evaluate never frees it under them:
    # each call either completes or raises ValueError("pack is closed").
    pack = libprotocol.Pack.builtin()
    items = cases()[:10]
    errors = []
    barrier = threading.Barrier(THREADS + 1)

    def work():
        barrier.wait()
        for case in items * 5:
            try:
                pack.evaluate(case)
            except libprotocol.Error:
                pass
            except ValueError as exc:
                if "closed" not in str(exc):
                    errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for t in threads:
        t.start()
    barrier.wait()
    pack.close()
    for t in threads:
        t.join()
    assert errors == []
    assert pack.closed
