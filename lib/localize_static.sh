#!/bin/sh
# Make the installed static library export only protocol_*: partially link
# every object of the internal archive into one (CC -r), make its hidden
# symbols (the library's internal pr_* functions and data, compiled with
# -fvisibility=hidden) local with objcopy --localize-hidden, and archive
# that one object. A host program may then define its own pr_malloc, or any
# other name the library uses inside, and link.
#   localize_static.sh INPUT.a OUTPUT.a OBJCOPY AR CC...
set -eu
in=$1 out=$2 objcopy=$3 ar=$4
shift 4
tmp=$out.d
rm -rf "$tmp" "$out"
mkdir -p "$tmp"
"$@" -r -nostdlib -o "$tmp/libprotocol.o" -Wl,--whole-archive "$in" -Wl,--no-whole-archive
"$objcopy" --localize-hidden "$tmp/libprotocol.o"
"$ar" rcsD "$out" "$tmp/libprotocol.o"
rm -rf "$tmp"
