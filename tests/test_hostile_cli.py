#!/usr/bin/env python3
"""The hostile-input corpus (tests/data/hostile/, with its manifest of the
code and place each refusal must name) through the `protocol` tool:

    test_hostile_cli.py PROTOCOL

Each file, given as a file and on standard input, must make
`protocol check` exit with status 2, print nothing on stdout, and say on
stderr where the fault is: the place from the manifest (a JSON pointer or a
dotted fact path) and a line and column. Writes TAP.
"""
import os
import re
import subprocess
import sys

SOURCE = os.environ.get("PROTOCOL_SOURCE_ROOT",
                        os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HOSTILE = os.path.join(SOURCE, "tests", "data", "hostile")


def manifest():
    with open(os.path.join(HOSTILE, "manifest.txt"), encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                name, code, place = line.rstrip("\n").split("\t")
                yield name, code, place


def main():
    tool = sys.argv[1]
    count = failed = 0
    for name, code, place in manifest():
        path = os.path.join(HOSTILE, name)
        with open(path, "rb") as f:
            data = f.read()
        for how, args, stdin in (("file", [path], None), ("stdin", ["-"], data)):
            p = subprocess.run([tool, "check", "--pack", "durham-2010",
                                "--as-of", "2026-11-25T09:00"] + args,
                               input=stdin, capture_output=True, timeout=60)
            err = p.stderr.decode("utf-8", "replace")
            # "protocol: FILE:LINE:COLUMN: ..." with the place in the message.
            good = (p.returncode == 2 and p.stdout == b"" and place in err
                    and re.search(r":\d+:\d+: ", err) is not None)
            count += 1
            if good:
                print("ok %d - %s (%s): exit 2, %s %s" % (count, name, how, code, place or "/"))
            else:
                failed += 1
                print("not ok %d - %s (%s): expected exit 2 naming %r" % (count, name, how, place))
                print("#   exit %d, stdout %d bytes, stderr: %s" % (
                    p.returncode, len(p.stdout), err.strip()[:300]))
    print("1..%d" % count)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
