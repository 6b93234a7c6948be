#!/bin/sh
# Install libprotocol into a scratch root and build a first program against
# it every documented way: plain cc with pkg-config (shared, and static with
# `pkg-config --static`), CMake's find_package(libprotocol CONFIG) (shared
# and static targets) and pkg_check_modules, and meson with libprotocol as a
# subproject; and a host defining the library's internal names (pr_malloc)
# against the static library. Each must print the version, the
# referral deadline for Friday 2026-11-20 (Wednesday 2026-11-25) and the
# consent-override outcome for a refusal where a child is at risk.
#   run.sh SOURCE_ROOT BUILD_ROOT
set -eu
src=$1
build=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
version=$(sed -n "s/^  version : '\(.*\)',$/\1/p" "$src/meson.build")
expected="$version 2026-11-25 permitted"

DESTDIR="$scratch/root" meson install -C "$build" --quiet --no-rebuild >/dev/null
prefix=$(meson introspect "$build" --buildoptions |
    python3 -c "import json,sys; print([o['value'] for o in json.load(sys.stdin) if o['name']=='prefix'][0])")
libdir=$(meson introspect "$build" --buildoptions |
    python3 -c "import json,sys; print([o['value'] for o in json.load(sys.stdin) if o['name']=='libdir'][0])")
case $libdir in /*) ;; *) libdir="$prefix/$libdir" ;; esac
mandir=$(meson introspect "$build" --buildoptions |
    python3 -c "import json,sys; print([o['value'] for o in json.load(sys.stdin) if o['name']=='mandir'][0])")
case $mandir in /*) ;; *) mandir="$prefix/$mandir" ;; esac
root="$scratch/root"
fail=0
check() { # name, output
    if [ "$2" = "$expected" ]; then
        echo "ok: $1"
    else
        echo "FAIL: $1: expected '$expected', got '$2'"
        fail=1
    fi
}

# What the installed tree must hold.
for f in "$prefix/include/protocol/protocol.h" "$prefix/include/protocol/version.h" \
         "$libdir/libprotocol.so.$version" "$libdir/libprotocol.a" \
         "$libdir/pkgconfig/libprotocol.pc" "$prefix/bin/protocol" \
         "$libdir/libprotocol.so.${version%%.*}" "$libdir/libprotocol.so" \
         "$mandir/man1/protocol.1" \
         "$prefix/share/doc/libprotocol/api.md" "$prefix/share/doc/libprotocol/pack-format.md" \
         "$prefix/share/doc/libprotocol/result-json.md" \
         "$prefix/share/doc/libprotocol/packs/durham-2010.md" \
         "$libdir/cmake/libprotocol/libprotocolConfig.cmake" \
         "$libdir/cmake/libprotocol/libprotocolConfigVersion.cmake"; do
    if [ -e "$root$f" ]; then echo "ok: installed $f"; else echo "FAIL: not installed: $f"; fail=1; fi
done
soname=$(objdump -p "$root$libdir/libprotocol.so.$version" | awk '/SONAME/ {print $2}')
[ "$soname" = "libprotocol.so.${version%%.*}" ] && echo "ok: soname $soname" ||
    { echo "FAIL: soname '$soname'"; fail=1; }

# The static library exports only protocol_* (its pr_* are local).
others=$(nm -g --defined-only "$root$libdir/libprotocol.a" | awk 'NF == 3 && $3 !~ /^protocol_/ {print $3}')
[ -z "$others" ] && echo "ok: libprotocol.a exports only protocol_*" ||
    { echo "FAIL: libprotocol.a exports:" $others; fail=1; }
# The man page and the main header point at the installed documents.
grep -q "share/doc/libprotocol" "$root$mandir/man1/protocol.1" &&
    grep -q "share/doc/libprotocol" "$root$prefix/include/protocol/protocol.h" &&
    echo "ok: man page and header name share/doc/libprotocol" ||
    { echo "FAIL: man page or header does not name share/doc/libprotocol"; fail=1; }

# The installed .pc names the real prefix; point a copy at the scratch root
# (a pkg-config sysroot would also move libcjson's paths, which are not there).
mkdir -p "$scratch/pc"
sed "s|^prefix=.*|prefix=$root$prefix|" "$root$libdir/pkgconfig/libprotocol.pc" \
    >"$scratch/pc/libprotocol.pc"
export PKG_CONFIG_PATH="$scratch/pc"
export LD_LIBRARY_PATH="$root$libdir"

# 1. plain cc with pkg-config
cc -std=c11 -Wall -Wextra -Werror -o "$scratch/cc-consumer" "$src/tests/consumers/consumer.c" \
    $(pkg-config --cflags --libs libprotocol)
check "cc + pkg-config" "$("$scratch/cc-consumer")"

# 1b. the static library, with `pkg-config --static` for what it needs (as
#     docs/api.md shows: Debian has no libcjson.a, so cJSON stays shared)
static_libs=$(pkg-config --static --libs libprotocol | sed 's/-lprotocol//')
cc -std=c11 -Wall -Wextra -Werror -o "$scratch/cc-static" "$src/tests/consumers/consumer.c" \
    $(pkg-config --cflags libprotocol) "$root$libdir/libprotocol.a" $static_libs
check "cc + libprotocol.a + pkg-config --static" "$("$scratch/cc-static")"
if readelf -d "$scratch/cc-static" | grep -q "libprotocol.so"; then
    echo "FAIL: the static consumer needs libprotocol.so"; fail=1
else
    echo "ok: the static consumer does not need libprotocol.so"
fi
# A host with its own pr_malloc, pr_free, pr_strdup links against it.
cc -std=c11 -Wall -Wextra -Werror -o "$scratch/own-pr-names" -I"$src/tests/consumers" \
    "$src/tests/consumers/own_pr_names.c" $(pkg-config --cflags libprotocol) \
    "$root$libdir/libprotocol.a" $static_libs
check "host defining pr_malloc + libprotocol.a" "$("$scratch/own-pr-names")"

# 2. CMake with pkg_check_modules
if command -v cmake >/dev/null 2>&1; then
    mkdir -p "$scratch/cmake-src" && cp "$src/tests/consumers/cmake/CMakeLists.txt" "$scratch/cmake-src/"
    cp "$src/tests/consumers/consumer.c" "$scratch/"
    cmake -S "$scratch/cmake-src" -B "$scratch/cmake-build" >/dev/null
    cmake --build "$scratch/cmake-build" >/dev/null
    check "cmake + pkg_check_modules" "$("$scratch/cmake-build/consumer")"
    # find_package(libprotocol CONFIG): the installed package configuration
    mkdir -p "$scratch/cmake-config-src"
    cp "$src/tests/consumers/cmake-config/CMakeLists.txt" "$scratch/cmake-config-src/"
    cmake -S "$scratch/cmake-config-src" -B "$scratch/cmake-config-build" \
        -DCMAKE_PREFIX_PATH="$root$prefix" >/dev/null
    cmake --build "$scratch/cmake-config-build" >/dev/null
    check "cmake + find_package(libprotocol CONFIG)" "$("$scratch/cmake-config-build/consumer")"
    check "cmake + libprotocol::static" "$("$scratch/cmake-config-build/consumer_static")"
else
    echo "FAIL: cmake is not installed"; fail=1
fi

# 3. meson, libprotocol as a subproject (dependency() falls back to it; the
#    project exports protocol_dep with meson.override_dependency).
unset PKG_CONFIG_PATH LD_LIBRARY_PATH
mkdir -p "$scratch/meson-src/subprojects"
cp "$src/tests/consumers/meson/meson.build" "$src/tests/consumers/consumer.c" "$scratch/meson-src/"
ln -s "$(cd "$src" && pwd)" "$scratch/meson-src/subprojects/libprotocol"
meson setup "$scratch/meson-build" "$scratch/meson-src" --wrap-mode=forcefallback >/dev/null
ninja -C "$scratch/meson-build" >/dev/null
check "meson subproject" "$("$scratch/meson-build/consumer")"

exit $fail
