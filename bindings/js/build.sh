#!/bin/sh
# Build the library as WebAssembly for the JavaScript binding:
#   bindings/js/dist/libprotocol.js    (emscripten's ES module loader)
#   bindings/js/dist/libprotocol.wasm  (lib/*.c, the embedded packs, cJSON)
# with Debian's emscripten, and cJSON compiled from Debian's own source
# package (fetched by `apt-get source cjson` into build-wasm/; nothing of
# cJSON is kept in the repository). The packs are embedded as in the native
# build (packs/meson.build, tools/embed_packs.py).
#
# The build is skipped when its inputs are unchanged (a hash of the sources,
# packs, this script and the compiler's version in build-wasm/inputs.sha256).
# Needs: emscripten, python3, dpkg-dev (apt-get source); run as root, or
# with sudo, the first time to enable Debian's source lists.
#   bindings/js/build.sh [--force]
set -eu
cd "$(dirname "$0")/../.."
root=$(pwd)
out=build-wasm
dist=bindings/js/dist
mkdir -p "$out" "$dist"

# --- cJSON from Debian's source package -------------------------------------
# The version Debian ships as libcjson-dev, with Debian's patches applied.
cjson_dir=$(ls -d "$out"/cjson-src/cjson-*/ 2>/dev/null | head -n 1 || true)
if [ -z "$cjson_dir" ] || [ ! -f "$cjson_dir/cJSON.c" ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    if ! apt-get source --print-uris -qq cjson >/dev/null 2>&1; then
        # Enable deb-src for the machine's own Debian sources (deb822 or
        # one-line format), then refresh the lists.
        echo "build.sh: enabling Debian source lists for apt-get source cjson" >&2
        list=/etc/apt/sources.list.d/libprotocol-deb-src.sources
        tmp=$(mktemp)
        for f in /etc/apt/sources.list.d/*.sources; do
            [ -f "$f" ] && [ "$f" != "$list" ] || continue
            grep -q '^Types:.*\bdeb\b' "$f" || continue
            grep -q 'debian' "$f" || continue
            sed 's/^Types:.*$/Types: deb-src/' "$f" >>"$tmp"
            echo >>"$tmp"
        done
        if [ -f /etc/apt/sources.list ]; then
            sed -n 's/^deb \(.*debian.*\)$/deb-src \1/p' /etc/apt/sources.list \
                >/etc/apt/sources.list.d/libprotocol-deb-src.list.tmp 2>/dev/null || true
        fi
        [ -s "$tmp" ] && $sudo cp "$tmp" "$list" && $sudo chmod 644 "$list"
        rm -f "$tmp"
        if [ -f /etc/apt/sources.list.d/libprotocol-deb-src.list.tmp ]; then
            $sudo mv /etc/apt/sources.list.d/libprotocol-deb-src.list.tmp \
                /etc/apt/sources.list.d/libprotocol-deb-src.list
        fi
        $sudo apt-get -o DPkg::Lock::Timeout=900 update -qq
    fi
    rm -rf "$out/cjson-src"
    mkdir -p "$out/cjson-src"
    (cd "$out/cjson-src" && apt-get source -qq cjson >/dev/null 2>fetch.log) || {
        cat "$out/cjson-src/fetch.log" >&2
        echo "build.sh: apt-get source cjson failed" >&2
        exit 1
    }
    cjson_dir=$(ls -d "$out"/cjson-src/cjson-*/ | head -n 1)
fi
cjson_dir=${cjson_dir%/}

# --- inputs unchanged: nothing to do ----------------------------------------
sources=$(python3 - <<'PY'
import re
text = open("lib/meson.build").read()
block = re.search(r"lib_sources\s*=\s*files\((.*?)\)", text, re.S).group(1)
print(" ".join("lib/" + s for s in re.findall(r"'([^']+\.c)'", block)))
PY
)
packs=$(python3 -c 'import re; t = open("packs/meson.build").read(); b = re.search(r"pack_files\s*=\s*files\((.*?)\)", t, re.S).group(1); print(" ".join("packs/" + s for s in re.findall(r"\x27([^\x27]+\.json)\x27", b)))')
version=$(python3 -c 'import re; print(re.search(r"version\s*:\s*\x27([0-9.]+)\x27", open("meson.build").read()).group(1))')
# Every exported symbol of the native library (the ABI list), and the
# allocator the binding uses for its arguments.
exports=tests/data/abi-symbols.txt
hash=$({
    echo "$version"
    emcc --version | head -n 1
    cat bindings/js/build.sh "$exports" tools/embed_packs.py include/protocol/*.h include/protocol/version.h.in
    cat lib/*.c lib/*.h "$cjson_dir/cJSON.c" "$cjson_dir/cJSON.h"
    # shellcheck disable=SC2086
    cat $packs
} | sha256sum | cut -d' ' -f1)
if [ "${1:-}" != --force ] && [ -f "$out/inputs.sha256" ] && [ "$(cat "$out/inputs.sha256")" = "$hash" ] &&
    [ -f "$dist/libprotocol.js" ] && [ -f "$dist/libprotocol.wasm" ]; then
    echo "build.sh: $dist is up to date"
    exit 0
fi
rm -f "$out/inputs.sha256"

# --- generated sources, as meson makes them ---------------------------------
mkdir -p "$out/gen/protocol"
python3 - "$version" include/protocol/version.h.in >"$out/gen/protocol/version.h" <<'PY'
import sys
major, minor, patch = sys.argv[1].split(".")
text = open(sys.argv[2]).read()
for key, value in (("MAJOR", major), ("MINOR", minor), ("PATCH", patch)):
    text = text.replace("@PROTOCOL_VERSION_%s@" % key, value)
sys.stdout.write(text.replace("@PROTOCOL_VERSION_STRING@", '"%s"' % sys.argv[1]))
PY
# shellcheck disable=SC2086
python3 tools/embed_packs.py "$out/gen/packs.c" $packs
mkdir -p "$out/gen/cjson"
cp "$cjson_dir/cJSON.h" "$out/gen/cjson/cJSON.h"

# --- compile and link ---------------------------------------------------------
# emscripten's JavaScript tools need Debian's node modules (node-acorn),
# which a Node.js from elsewhere does not look for.
NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
export NODE_PATH
# The sanity check costs seconds per call; the first run has done it.
EMCC_SKIP_SANITY_CHECK=1
export EMCC_SKIP_SANITY_CHECK
# ENVIRONMENT=web: the loader touches nothing of Node.js (no require, no
# process-wide handlers); under Node, index.js reads the .wasm itself and
# hands it over as wasmBinary. The in-memory file system serves
# Pack.fromFile under Node (the file is copied in, so the library reads it).
# -O2: the evaluation speed target is within 3x of native (docs/performance.md).
cflags="-O2 -std=c11 -Wall -Wextra -Werror -DPROTOCOL_BUILDING_LIBRARY"
cflags="$cflags -Ilib -Iinclude -I$out/gen"
mkdir -p "$out/obj"
# Two at a time: the machine's cores.
# shellcheck disable=SC2086
printf '%s\n' $sources "$out/gen/packs.c" |
    xargs -P 2 -I SRC sh -c 'emcc $0 -c SRC -o "$1/obj/$(basename SRC .c).o"' "$cflags" "$out"
objs=""
for src in $sources "$out/gen/packs.c"; do
    objs="$objs $out/obj/$(basename "$src" .c).o"
done
emcc -O2 -std=c89 -c "$cjson_dir/cJSON.c" -o "$out/obj/cJSON.o"
objs="$objs $out/obj/cJSON.o"
functions=$( (grep -v '^#' "$exports" | grep .; echo malloc; echo free) | sed 's/^/_/' | paste -sd, -)
# shellcheck disable=SC2086
emcc -O2 $objs -o "$dist/libprotocol.js" \
    -sMODULARIZE=1 -sEXPORT_ES6=1 -sEXPORT_NAME=createLibprotocol \
    -sENVIRONMENT=web -sALLOW_MEMORY_GROWTH=1 -sFILESYSTEM=1 \
    -sEXPORTED_FUNCTIONS="$functions" \
    -sEXPORTED_RUNTIME_METHODS=UTF8ToString,stringToUTF8,lengthBytesUTF8,FS \
    -sINCOMING_MODULE_JS_API=locateFile,wasmBinary,instantiateWasm
echo "$hash" >"$out/inputs.sha256"
ls -l "$dist/libprotocol.js" "$dist/libprotocol.wasm" | awk '{print "build.sh: " $NF ", " $5 " bytes"}'
