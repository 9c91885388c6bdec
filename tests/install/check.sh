#!/bin/sh
# make install into a temporary DESTDIR, then use the installed tree as a
# user would: build a program through pkg-config and run it, build a BPF
# program against the installed BPF headers, render the man page, and
# check that the man page names every command and option of --help.
# Run by the kernel tests (tests/kernel/kernel/install.c) with BUILD set.
set -eu
BUILD=${BUILD:-build}
CC=${CC:-cc}
CLANG=${CLANG:-clang}
tmp=$(mktemp -d /tmp/rawbpf-install.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
prefix=/usr/local
root=$tmp$prefix

# a sanitizer build's library needs the sanitizers' runtime at link time
san=
if nm "$BUILD/librawbpf.a" 2>/dev/null | grep -q __asan_report; then
	san="-fsanitize=address,undefined"
	make_san="SANITIZE=1"
else
	make_san=
fi
make -s install BUILD="$BUILD" $make_san DESTDIR="$tmp" PREFIX="$prefix" >"$tmp/make.log" 2>&1 || {
	cat "$tmp/make.log"; echo "check: make install failed"; exit 1; }

for f in bin/rawbpf lib/librawbpf.a lib/librawbpf-compat.a include/rawbpf/rawbpf.h \
	include/rawbpf/loader/rawbpf.h include/rawbpf/elf/error.h include/rawbpf/elf/hex.h \
	include/rawbpf/bpf-include/bpf/bpf_helpers.h include/rawbpf/bpf-include/linux/bpf.h \
	lib/pkgconfig/rawbpf.pc lib/pkgconfig/rawbpf-compat.pc share/man/man1/rawbpf.1; do
	[ -f "$root/$f" ] || { echo "check: $prefix/$f was not installed"; exit 1; }
done
echo "installed: $(cd "$root" && find . -type f | wc -l) files"

export PKG_CONFIG_PATH="$root/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$tmp"
flags=$(pkg-config --cflags --libs rawbpf)
echo "pkg-config --cflags --libs rawbpf: $flags"
$CC -std=gnu11 -Wall -Wextra -Werror $san -o "$tmp/inspect_object" tests/install/inspect_object.c $flags
"$tmp/inspect_object" "$BUILD/tests/progs/toolbox.bpf.o" >"$tmp/out"
cat "$tmp/out"
grep -qx "program tb_sys_enter raw_tracepoint" "$tmp/out"
grep -qx "map flows hash key 8 value 32" "$tmp/out"

# a skeleton made by the installed command builds through pkg-config alone
"$root/bin/rawbpf" gen skeleton "$BUILD/tests/progs/skel_globals.bpf.o" >"$tmp/skel_globals_bpf.skel.h"
grep -qx '#include <rawbpf/rawbpf.h>' "$tmp/skel_globals_bpf.skel.h"
$CC -std=gnu11 -Wall -Wextra -Werror $san -I"$tmp" -o "$tmp/globals_user" tests/skeleton/globals_user.c $flags
echo "a skeleton's program built with: $flags"

# BPF programs build against the installed BPF-side headers alone
bpfinc=$(pkg-config --variable=bpf_includedir rawbpf)
case $bpfinc in "$tmp"*) ;; *) bpfinc=$tmp$bpfinc ;; esac
$CLANG -O2 -g -target bpf -nostdinc -I"$bpfinc" -c tests/progs/toolbox.bpf.c -o "$tmp/toolbox.bpf.o"
"$tmp/inspect_object" "$tmp/toolbox.bpf.o" | grep -qx "program tb_sys_enter raw_tracepoint"
echo "a BPF program built with -I$bpfinc"

# the installed command runs
"$root/bin/rawbpf" --help >"$tmp/help"

# the man page renders without a warning, and names what --help names
man=$root/share/man/man1/rawbpf.1
if command -v man >/dev/null; then
	MANWIDTH=80 man --warnings -l "$man" >/dev/null 2>"$tmp/man.err"
else
	groff -man -ww -z "$man" 2>"$tmp/man.err"
fi
[ ! -s "$tmp/man.err" ] || { cat "$tmp/man.err"; echo "check: the man page has warnings"; exit 1; }
missing=
for opt in $(grep -o -- '--[a-z][a-z-]*' "$tmp/help" | sort -u); do
	grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" "$man" || missing="$missing $opt"
done
for cmd in inspect run test-run load "prog list" "prog dump" "map list" "map dump" \
	"map update" "map delete" "link list" "gen skeleton" cleanup; do
	grep -q "^\.B $(echo "$cmd" | sed 's/-/\\\\-/g')\b" "$man" || missing="$missing '$cmd'"
done
[ -z "$missing" ] || { echo "check: rawbpf --help names, the man page does not:$missing"; exit 1; }
echo "man page: renders cleanly, names every command and option of --help"
