#!/usr/bin/env python3
"""The `protocol` tool in a pipeline: answers come line by line while the
input is still open, never only at its end.

    test_cli_stream.py PROTOCOL

`check --ndjson -` from a pipe answers each complete line as it arrives (a
sidecar fed from a queue); `--unbuffered` makes the line-by-line calendar
modes do the same when their output is a pipe. Each answer must come
within TIMEOUT seconds while the input is held open; the answers are
compared with the same tool reading the same lines from a file (byte for
byte), and the working days are worked by hand. Writes TAP.
"""
import json
import os
import select
import subprocess
import sys
import tempfile

SOURCE = os.environ.get("PROTOCOL_SOURCE_ROOT",
                        os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DURHAM_CASE = os.path.join(SOURCE, "examples", "cases", "durham-referral.json")
TIMEOUT = 30.0  # generous: a loaded machine; a buffering tool never answers

TOOL = None
count = 0
failed = 0


def ok(condition, name, detail=""):
    global count, failed
    count += 1
    print(("ok %d - %s" if condition else "not ok %d - %s") % (count, name))
    if not condition:
        failed += 1
        for line in str(detail).splitlines()[:20]:
            print("#   " + line)
    sys.stdout.flush()
    return condition


class Piped:
    """The tool with both ends as pipes, read a line at a time with a timeout."""

    def __init__(self, *args):
        self.p = subprocess.Popen([TOOL, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, bufsize=0)
        self.pending = b""

    def send(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def line(self, timeout=TIMEOUT):
        """The next output line, or None if none comes within `timeout`."""
        fd = self.p.stdout.fileno()
        while b"\n" not in self.pending:
            ready, _, _ = select.select([fd], [], [], timeout)
            if not ready:
                return None
            chunk = os.read(fd, 65536)
            if not chunk:
                return None
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        return line + b"\n"

    def finish(self):
        self.p.stdin.close()
        rest = self.pending + self.p.stdout.read()
        err = self.p.stderr.read()
        return self.p.wait(timeout=TIMEOUT), rest, err

    def kill(self):
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait()


def from_file(args, data):
    """What the tool writes for the same input read from a regular file."""
    with tempfile.NamedTemporaryFile("wb", suffix=".ndjson", delete=False) as f:
        f.write(data)
    try:
        return subprocess.run([TOOL, *args, f.name], capture_output=True).stdout
    finally:
        os.unlink(f.name)


def check_ndjson_from_a_pipe():
    with open(DURHAM_CASE, encoding="utf-8") as f:
        case = json.load(f)
    first = json.dumps(case).encode() + b"\n"
    case["concerns"] = {"child_significant_harm": False}
    third = json.dumps(case).encode() + b"\n"
    bad = b'{"consent": \n'
    expected = from_file(["check", "--ndjson"], first + bad + third).splitlines(keepends=True)
    ok(len(expected) == 3, "the file run gives three answers", expected)
    tool = Piped("check", "--ndjson", "-")
    try:
        tool.send(first)
        got = tool.line()
        ok(got == expected[0], "check --ndjson -: the first case is answered while the input is open",
           got)
        # Half a line is not a case: no answer until its newline comes.
        tool.send(bad[:5])
        ok(tool.line(timeout=0.5) is None, "half a line gives no answer yet")
        tool.send(bad[5:])
        got = tool.line()
        ok(got == expected[1] and got.startswith(b'{"line":2,"error":'),
           "a bad line is answered with its error, numbered as the input", got)
        tool.send(third)
        got = tool.line()
        ok(got == expected[2], "the third case is answered before the input ends", got)
        status, rest, err = tool.finish()
        ok(status == 2 and rest == b"", "at the end: exit status 2 (a line failed), nothing more",
           (status, rest, err))
        ok(b"<stdin>:2:" in err, "the error names line 2 on stderr", err)
    finally:
        tool.kill()


def workdays_unbuffered():
    # Friday 2026-11-20 + 3 working days: Mon 23 (1), Tue 24 (2), Wed 25 (3).
    # Thursday 2026-12-24 + 1: Friday 25 and Monday 28 are bank holidays
    # (Christmas Day; Boxing Day, a Saturday, substituted to the Monday), so
    # the next working day is Tuesday 29.
    tool = Piped("workdays", "add", "--unbuffered", "-")
    try:
        tool.send(b"2026-11-20 3\n")
        got = tool.line()
        ok(got == b"2026-11-25\n", "workdays add --unbuffered -: answered line by line", got)
        tool.send(b"2026-12-24 1\n")
        got = tool.line()
        ok(got == b"2026-12-29\n", "the second line is answered before the input ends", got)
        status, rest, _ = tool.finish()
        ok(status == 0 and rest == b"", "exit status 0", (status, rest))
    finally:
        tool.kill()
    # Without it, output to a pipe is block-buffered (the tool's throughput
    # default): the answer waits for the end of the input.
    tool = Piped("workdays", "add", "-")
    try:
        tool.send(b"2026-11-20 3\n")
        ok(tool.line(timeout=1.0) is None, "without --unbuffered the answer waits")
        status, rest, _ = tool.finish()
        ok(status == 0 and rest == b"2026-11-25\n", "and comes at the end", (status, rest))
    finally:
        tool.kill()


def unbuffered_is_the_tools_option():
    ran = subprocess.run([TOOL, "--unbuffered", "workdays", "add", "2026-11-20", "3"],
                         capture_output=True)
    ok(ran.returncode == 0 and ran.stdout == b"2026-11-25\n",
       "--unbuffered before the command is accepted too", ran)
    ran = subprocess.run([TOOL, "check", "--help"], capture_output=True)
    ok(b"--unbuffered" in ran.stdout, "check --help documents --unbuffered")


def main():
    global TOOL
    TOOL = sys.argv[1]
    check_ndjson_from_a_pipe()
    workdays_unbuffered()
    unbuffered_is_the_tools_option()
    print("1..%d" % count)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
