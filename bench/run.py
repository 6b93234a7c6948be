#!/usr/bin/env python3
"""Run every benchmark against an optimised build and print one table.

Usage: run.py BUILD_DIR CASES

Each figure is printed with the alternative it is measured against, both
from this run on this machine: numpy's busday functions for the working-day
arithmetic; cJSON's parse of the same text, json-logic-js and
json-rules-engine for case evaluation; the C batch path for the Python one.
"""
import os
import platform
import resource
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(*args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw).stdout


def figures(text):
    out = {}
    for line in text.splitlines():
        parts = line.split()
        try:  # "TOOL A B VALUE"
            out[(parts[0], parts[1], parts[2])] = float(parts[3])
        except ValueError:  # "TOOL NAME VALUE UNIT", keyed by its unit
            out[(parts[0], parts[1], parts[3])] = float(parts[2])
    return out


def peak_rss_kib(*args, stdin_path):
    """Peak RSS of one child process (ru_maxrss of a fresh child)."""
    code = ("import resource, subprocess, sys\n"
            "with open(sys.argv[1], 'rb') as f:\n"
            "    subprocess.run(sys.argv[2:], stdin=f, stdout=subprocess.DEVNULL)\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    return int(run(sys.executable, "-c", code, stdin_path, *args))


def main():
    build, cases = sys.argv[1], int(sys.argv[2])
    lib = os.path.join(build, "lib", "libprotocol.so")
    tool = os.path.join(build, "examples", "protocol")
    rows = []

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                if l.startswith("model name")), platform.processor())
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {cpu}")
    print(f"libprotocol {run(tool, '--version').split()[1] if os.path.exists(tool) else '?'}; "
          f"{cases} generated durham-2010 cases")

    # Working days: 10 million operations each.
    ops = "10000000"
    ours = figures(run(os.path.join(build, "bench", "bench_calendar"), ops))
    env = dict(os.environ)
    numpy = figures(run(sys.executable, os.path.join(ROOT, "bench", "numpy_busday.py"), lib, ops,
                        env=env))
    for (tool_name, division, op), ns in ours.items():
        other = numpy[("numpy", division, op)]
        rows.append((f"{op} working days, {division}", f"{ns:.1f} ns/op",
                     f"numpy {other:.1f} ns/op", f"{other / ns:.1f}x faster"))

    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "cases.ndjson")
        with open(corpus, "w") as f:
            subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_cases.py"),
                            str(cases)], stdout=f, check=True)
        size = os.path.getsize(corpus) / cases
        ev = {k[1]: (v, k) for k, v in
              figures(run(os.path.join(build, "bench", "bench_evaluate"), corpus)).items()}
        alloc = figures(run(os.path.join(build, "bench", "bench_evaluate"), corpus,
                            "durham-2010", "--allocations"))
        parse = ev["cjson_parse_only"][0]
        one = ev["json_1_thread"][0]
        rows.append(("pack load (durham-2010)", f"{ev['pack_load'][0]:.1f} us", "target 1000 us", ""))
        rows.append((f"evaluate JSON->JSON, 1 thread ({size:.0f} B/case)", f"{one:.2f} us/case",
                     f"cJSON parse alone {parse:.2f} us", f"{parse / one:.2f}x"))
        rows.append(("  cases per second, 1 thread", f"{ev['json_1_thread_rate'][0]:,.0f}",
                     "target 100,000", ""))
        threads = [k for k in ev if k.startswith("json_") and k.endswith("_threads_rate")][0]
        rows.append((f"  cases per second, {threads.split('_')[1]} threads", f"{ev[threads][0]:,.0f}",
                     "", ""))
        rows.append(("  NDJSON batch, whole corpus in one call, cases/s",
                     f"{ev['ndjson_batch_rate'][0]:,.0f}", "", ""))
        rows.append(("  NDJSON batch, 1 MiB slices (as protocol check), cases/s",
                     f"{ev['ndjson_sliced_rate'][0]:,.0f}", "", ""))
        rows.append(("evaluate structured API, 1 thread", f"{ev['structured_1_thread'][0]:.3f} us/case",
                     "target 0.5 us", ""))
        rows.append(("  cases per second", f"{ev['structured_1_thread_rate'][0]:,.0f}",
                     "target 2,000,000", ""))
        rows.append(("allocations per evaluation",
                     f"{alloc[('evaluate', 'allocations_per_case', 'calls')]:.1f} calls",
                     f"{alloc[('evaluate', 'bytes_allocated_per_case', 'bytes')]:.0f} bytes", ""))

        node = figures(run("node", os.path.join(ROOT, "bench", "node", "bench.js"), corpus,
                           os.path.join(ROOT, "tests", "data", "govuk-bank-holidays.json")))
        for (_, engine, _unit), us in node.items():
            rows.append((f"same decision + deadline in {engine} (Node)", f"{us:.2f} us/case",
                         f"libprotocol {one:.2f} us (whole pack)", f"{us / one:.1f}x faster"))

        # Memory: the tool streams a batch, so peak RSS must not grow with it.
        small = os.path.join(tmp, "small.ndjson")
        with open(corpus) as f, open(small, "w") as g:
            for i, line in enumerate(f):
                if i >= max(1, cases // 10):
                    break
                g.write(line)
        rss_small = peak_rss_kib(tool, "check", "--ndjson", "-", stdin_path=small)
        rss_big = peak_rss_kib(tool, "check", "--ndjson", "-", stdin_path=corpus)
        rows.append((f"peak RSS, protocol check --ndjson, {max(1, cases // 10)} cases",
                     f"{rss_small / 1024:.1f} MiB", "", ""))
        rows.append((f"peak RSS, protocol check --ndjson, {cases} cases",
                     f"{rss_big / 1024:.1f} MiB", "", f"{rss_big / rss_small:.2f}x the small run"))

        py = os.path.join(ROOT, "bench", "python_batch.py")
        if os.path.exists(os.path.join(ROOT, "bindings", "python", "libprotocol", "__init__.py")):
            env = dict(os.environ, PROTOCOL_LIBRARY=os.path.abspath(lib),
                       PYTHONPATH=os.path.join(ROOT, "bindings", "python"))
            pyf = figures(run(sys.executable, py, corpus, env=env))
            batch = pyf[("python", "batch", "cases/s")]
            c_batch = ev["ndjson_batch_rate"][0]
            rows.append(("Python batch call, cases per second", f"{batch:,.0f}",
                         f"C batch {c_batch:,.0f}", f"{c_batch / batch:.2f}x slower than C"))
            rows.append(("Python evaluate() per call", f"{pyf[('python', 'evaluate', 'us')]:.2f} us",
                         f"C {one:.2f} us", f"{pyf[('python', 'evaluate', 'us')] - one:.2f} us overhead"))

        # The JavaScript binding: the same library as WebAssembly, in Node.js
        # (V8, the engine of Chromium), on the same corpus.
        if os.path.exists(os.path.join(ROOT, "bindings", "js", "dist", "libprotocol.wasm")):
            js = figures(run("node", os.path.join(ROOT, "bench", "js_wasm.mjs"), corpus))
            batch = js[("js", "batch", "cases/s")]
            c_batch = ev["ndjson_batch_rate"][0]
            per_call = js[("js", "evaluate", "us")]
            rows.append(("WebAssembly (Node.js) batch, cases per second", f"{batch:,.0f}",
                         f"C batch {c_batch:,.0f}", f"{c_batch / batch:.2f}x slower than C"))
            rows.append(("WebAssembly (Node.js) evaluate() per call", f"{per_call:.2f} us",
                         f"C {one:.2f} us", f"{per_call / one:.2f}x the C time"))

    width = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, width)).rstrip())


if __name__ == "__main__":
    main()
