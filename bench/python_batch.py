#!/usr/bin/env python3
"""The Python binding's batch call and per-call evaluate() on a corpus.
Prints "python batch X cases/s" and "python evaluate X us".

Usage: python_batch.py CASES.ndjson   (PROTOCOL_LIBRARY and PYTHONPATH set)
"""
import sys
import time

import libprotocol


def main():
    data = open(sys.argv[1], "rb").read()
    lines = data.splitlines()
    pack = libprotocol.Pack.builtin("durham-2010")
    t0 = time.perf_counter()
    results = pack.evaluate_batch(data, raw=True)
    t1 = time.perf_counter()
    count = sum(1 for _ in results) if not isinstance(results, (bytes, str)) else len(lines)
    print(f"python batch {count / (t1 - t0):.0f} cases/s")
    sample = [l.decode() for l in lines[:5000]]
    t0 = time.perf_counter()
    for text in sample:
        pack.evaluate(text, raw=True)
    t1 = time.perf_counter()
    print(f"python evaluate {(t1 - t0) * 1e6 / len(sample):.2f} us")


if __name__ == "__main__":
    main()
