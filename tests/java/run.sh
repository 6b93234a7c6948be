#!/bin/sh
# Build and run tests/java/ProtocolJna.java (docs/api.md, "Calling from
# another language") against the library just built: JNA from Debian's
# libjna-java, the JDK's javac. Exit 77 (skipped) when either is missing.
#   run.sh SOURCE_ROOT LIBRARY_DIR VERSION
set -eu
src=$1 libdir=$2 version=$3
jna=/usr/share/java/jna.jar
if ! command -v javac >/dev/null 2>&1 || [ ! -f "$jna" ]; then
    echo "javac or $jna is missing (Debian: openjdk-17-jdk-headless, libjna-java): skipped"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$src/tests/java/ProtocolJna.java" "$tmp/"
javac -d "$tmp" -cp "$jna" "$tmp/ProtocolJna.java"
got=$(java -cp "$jna:$tmp" -Djna.library.path="$libdir" ProtocolJna)
expected="$version 2026-11-25 permitted"
if [ "$got" = "$expected" ]; then
    echo "ok: $got"
else
    echo "FAIL: expected '$expected', got '$got'"
    exit 1
fi
