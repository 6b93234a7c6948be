#!/usr/bin/env python3
"""Faults in the `protocol` tool's own input and output:

    test_tool_io.py PROTOCOL IO_SHIM

Output to a full disk (/dev/full) and to a closed pipe, an input file that
does not exist or cannot be read (a directory), a pack file that changes
while it is read (IO_SHIM, an LD_PRELOAD library, appends to it after the
first read), and a batch stopped by SIGINT or SIGTERM. Each must give exit
status 2 and a message naming the cause; a batch never reports success with
results missing, and every line it wrote is a whole result. Writes TAP.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SOURCE = os.environ.get("PROTOCOL_SOURCE_ROOT",
                        os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CASE = b'{"risk": {"child": true}, "as_of": "2026-11-20"}\n'
AS_OF = ["--as-of", "2026-11-25T09:00"]
count = failed = 0


def report(ok, what, detail=""):
    global count, failed
    count += 1
    print("%s %d - %s" % ("ok" if ok else "not ok", count, what))
    if not ok:
        failed += 1
        print("#   " + detail.replace("\n", "\n#   ")[:1500])


def whole_lines(data):
    """Every line of `data` is a whole JSON object, and it ends with a newline."""
    if data and not data.endswith(b"\n"):
        return False
    for line in data.splitlines():
        try:
            if not isinstance(json.loads(line), dict):
                return False
        except ValueError:
            return False
    return True


def run(tool, args, stdout, stdin=None, env=None):
    return subprocess.run([tool] + args, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE,
                          timeout=120, env=env)


def main():
    tool, shim = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp(prefix="protocol-io-")
    try:
        case = os.path.join(tmp, "case.json")
        with open(case, "wb") as f:
            f.write(CASE)
        batch = os.path.join(tmp, "batch.ndjson")
        with open(batch, "wb") as f:
            f.write(CASE * 5000)

        # A full disk: the write error is named, exit 2.
        for what, args in (("one case", [case]), ("a batch", ["--ndjson", batch])):
            with open("/dev/full", "wb") as full:
                p = run(tool, ["check"] + AS_OF + args, full)
            err = p.stderr.decode()
            report(p.returncode == 2 and "No space left on device" in err,
                   "%s to /dev/full: exit 2 naming the full device" % what,
                   "exit %d: %s" % (p.returncode, err))

        # A closed pipe: EPIPE is named (not a silent death by SIGPIPE).
        for what, args in (("one case", [case]), ("a batch", ["--ndjson", batch])):
            r, w = os.pipe()
            os.close(r)
            p = run(tool, ["check"] + AS_OF + args, w)
            os.close(w)
            err = p.stderr.decode()
            report(p.returncode == 2 and "Broken pipe" in err,
                   "%s to a closed pipe: exit 2 naming the broken pipe" % what,
                   "exit %d: %s" % (p.returncode, err))
        # ... and a reader that goes away part-way: whole lines up to there.
        p = subprocess.Popen([tool, "check", "--ndjson"] + AS_OF + [batch],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        first = p.stdout.readline()
        p.stdout.close()
        err = p.stderr.read().decode()
        rc = p.wait(timeout=120)
        report(rc == 2 and "Broken pipe" in err and whole_lines(first),
               "a batch whose reader stops after one line: exit 2 naming the broken pipe",
               "exit %d: %s" % (rc, err))

        # Input that is missing or cannot be read.
        missing = os.path.join(tmp, "gone.json")
        for what, args in (("a case", [missing]), ("a batch", ["--ndjson", missing]),
                           ("a pack", ["--pack", missing, case])):
            p = run(tool, ["check"] + AS_OF + args, subprocess.PIPE)
            err = p.stderr.decode()
            report(p.returncode == 2 and p.stdout == b"" and "No such file or directory" in err
                   and "gone.json" in err,
                   "%s file that does not exist: exit 2 naming it" % what,
                   "exit %d: %s" % (p.returncode, err))
        for what, args in (("a case", [tmp]), ("a batch", ["--ndjson", tmp])):
            p = run(tool, ["check"] + AS_OF + args, subprocess.PIPE)
            err = p.stderr.decode()
            report(p.returncode == 2 and p.stdout == b"" and "Is a directory" in err,
                   "%s 'file' that is a directory: exit 2, cannot read" % what,
                   "exit %d: %s" % (p.returncode, err))

        # A pack file that changes while it is read.
        pack = os.path.join(tmp, "pack.json")
        shutil.copy(os.path.join(SOURCE, "docs", "examples", "sharing.json"), pack)
        env = dict(os.environ, LD_PRELOAD=shim, PROTOCOL_TEST_CHANGE_FILE=pack)
        p = run(tool, ["check", "--pack", pack] + AS_OF + [case], subprocess.PIPE, env=env)
        err = p.stderr.decode()
        if "runtime does not come first" in err or "ASan" in err:
            report(True, "# SKIP a pack file changed while read: the sanitizer runtime "
                   "refuses LD_PRELOAD")
        else:
            report(p.returncode == 2 and p.stdout == b"" and "changed while it was being read"
                   in err and "pack.json" in err,
                   "a pack file changed while read: exit 2 naming it",
                   "exit %d: %s" % (p.returncode, err))
            # Unchanged, the same pack loads (the shim alone changes nothing).
            env.pop("PROTOCOL_TEST_CHANGE_FILE")
            p = run(tool, ["check", "--pack", pack] + AS_OF + [case], subprocess.PIPE, env=env)
            report(p.returncode in (0, 1), "the same pack file, unchanged, loads",
                   p.stderr.decode())

        # A batch stopped by a signal: stops after whole lines, exit 2, says so.
        long_batch = os.path.join(tmp, "long.ndjson")
        with open(long_batch, "wb") as f:
            f.write(CASE * 50000)
        for sig in (signal.SIGINT, signal.SIGTERM):
            with open(long_batch, "rb") as stdin, open(os.path.join(tmp, "out"), "wb+") as out:
                p = subprocess.Popen([tool, "check", "--ndjson"] + AS_OF + ["-"],
                                     stdin=stdin, stdout=out, stderr=subprocess.PIPE)
                # once it has written (a first slice of lines), stop it
                deadline = time.time() + 60
                while os.fstat(out.fileno()).st_size == 0 and time.time() < deadline:
                    time.sleep(0.01)
                p.send_signal(sig)
                err = p.stderr.read().decode()
                rc = p.wait(timeout=60)
                out.seek(0)
                data = out.read()
            lines = data.count(b"\n")
            name = signal.Signals(sig).name
            report(rc == 2 and whole_lines(data) and 1 <= lines < 50000 and
                   ("interrupted by %s: stopped after input line %d;" % (name, lines)) in err,
                   "a batch stopped by %s: exit 2, %d whole lines, the line named" % (name, lines),
                   "exit %d, %d lines: %s" % (rc, lines, err))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("1..%d" % count)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
