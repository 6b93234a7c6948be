#!/usr/bin/env python3
"""The ABI check: the symbols libprotocol.so exports must be exactly the
committed list (tests/data/abi-symbols.txt), all prefixed protocol_, and
exactly the functions the public headers declare with PROTOCOL_API.

A removed or renamed symbol breaks every program linked against the
library, so it fails here; an added one fails too until the list (and
CHANGELOG.md) records it.

Usage: check_abi.py LIBRARY.so|LIBRARY.a SYMBOLS.txt INCLUDE_DIR

Given the installed static library (lib/localize_static.sh's archive), the
same holds for its global symbols: no internal pr_* name escapes.
"""
import pathlib
import re
import subprocess
import sys


def exported(library):
    # A static archive has no dynamic symbol table: its global symbols.
    args = ["-g"] if library.endswith(".a") else ["-D"]
    out = subprocess.run(["nm", *args, "--defined-only", library], check=True,
                         capture_output=True, text=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TDBRVW":
            names.add(parts[2])
    return names


def declared(include_dir):
    names = set()
    for header in pathlib.Path(include_dir).glob("*.h"):
        text = header.read_text()
        for m in re.finditer(r"PROTOCOL_API\s+[^;(]*?\b(protocol_\w+)\s*\(", text):
            names.add(m.group(1))
    return names


def main():
    library, symbols_file, include_dir = sys.argv[1:4]
    have = exported(library)
    committed = {l.strip() for l in open(symbols_file) if l.strip() and not l.startswith("#")}
    headers = declared(include_dir)
    problems = []
    for name in sorted(committed - have):
        problems.append(f"removed or renamed (breaks the ABI): {name}")
    for name in sorted(have - committed):
        problems.append(f"exported but not in {symbols_file} (add it and a CHANGELOG entry): {name}")
    for name in sorted(n for n in have if not n.startswith("protocol_")):
        problems.append(f"exported without the protocol_ prefix: {name}")
    for name in sorted(headers - have):
        problems.append(f"declared PROTOCOL_API in a header but not exported: {name}")
    for name in sorted(have - headers):
        problems.append(f"exported but not declared in a public header: {name}")
    for p in problems:
        print(p)
    print(f"{len(have)} symbols exported, {len(committed)} committed, {len(headers)} declared")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
