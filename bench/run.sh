#!/bin/sh
# make bench: the benchmark table of docs/BENCHMARKS.md, measured now.
#  1. open + parse + link (no system calls), per object; the kernel's BTF:
#     parse, name index, lookups by name with and without it
#  2. full load: rawbpf run OBJ -- /bin/true (load, attach, run, detach)
#     vs bpftool prog loadall OBJ (libbpf: load and pin, no attach), as
#     the ratio of medians; objects libbpf refuses are marked
#  3. event throughput: rawbpf vs libbpf perf and ring buffer consumers;
#     3b (bench/drain.sh): drain speed of a filled ring, and a flood
#  4. footprint: stripped static binaries per flag vs bpftool and its
#     libraries; peak memory of run on a small and a CO-RE object vs libbpf
#  5. CO-RE: open, read the kernel's BTF, relocate and load, rawbpf vs
#     libbpf in one process each (bench/rawbpf_core_load.c,
#     bench/libbpf_core_load.c), and the peak memory of both
#  5b. /proc/config.gz: rawbpf's inflate vs zlib (bench/inflate_bench.c)
#  6, 7. per-phase cost and scale: bench/phases.sh
# Needs root (BPF), bpftool, and musl-gcc for the static musl build.
set -u
BUILD=${BUILD:-build}
RUNS=${RUNS:-21}
PIN=/sys/fs/bpf/rawbpf_bench
# The project's own objects; the conformance suite's (../shared) are extra
# rows when it was built. Only files that exist: an unmatched glob would be
# a row named "*.bpf.o".
# make bench passes CONF_OBJS (empty without the suite), so objects a
# build with it left in $BUILD/conformance are not counted.
OBJS="$(ls $BUILD/progs/*.bpf.o 2>/dev/null) ${CONF_OBJS-$(ls $BUILD/conformance/*.bpf.o 2>/dev/null)}"

echo "# rawbpf benchmarks"
echo "machine: $(nproc) CPUs, $(uname -r), $(date -u +%Y-%m-%d)"
echo
echo "## 1. open + parse + link, no system calls (median of 201 runs)"
echo
echo "The kernel's BTF: parsed; its index by name built (by the first lookup, elf/btf_lookup.c);"
echo "then 1000 lookups of struct names with the index, and the same names by a scan of every"
echo "type, as before the index (CO-RE looks a name up per relocation; median of 21 and 5 runs)."
echo '```'
$BUILD/bench/parse_bench $OBJS
echo '```'
echo
echo "## 2. full load, median of $RUNS runs"
echo
echo "- rawbpf: \`rawbpf run OBJ -- /bin/true\`: load, attach every program, run /bin/true, detach, print maps."
echo "- libbpf: \`bench/libbpf_load OBJ\` (libbpf $(bpftool version 2>/dev/null | sed -n 's/.*libbpf v//p')): open, load, attach every program, run /bin/true, destroy. The same work."
echo "- bpftool: \`bpftool prog loadall OBJ $PIN\`: load and pin only (bpftool 7.1 cannot attach), for reference."
echo "- Running /bin/true alone takes $($BUILD/bench/time_cmd $RUNS /bin/true | cut -d' ' -f1) ms. Detaching a perf-event attachment"
echo "  (tracepoint, uprobe) costs tens of ms in the kernel (RCU grace periods), for any loader."
echo
echo "| object | rawbpf ms | libbpf ms | rawbpf / libbpf | bpftool loadall ms |"
echo "|---|---:|---:|---:|---:|"
mkdir -p /sys/fs/bpf 2>/dev/null
for obj in $OBJS; do
	name=$(basename "$obj")
	case $name in uprobe*) args="-- $BUILD/conformance/trigger func 1" ;; *) args="-- /bin/true" ;; esac
	r=$($BUILD/bench/time_cmd $RUNS $BUILD/rawbpf run "$obj" $args | cut -d' ' -f1)
	# XDP, tc and socket programs attach to an interface: the loopback one
	# (bench/libbpf_load has no way to name one: its row says so)
	lo=
	if [ "$r" = failed ]; then
		r=$($BUILD/bench/time_cmd $RUNS $BUILD/rawbpf run --iface lo "$obj" $args | cut -d' ' -f1)
		[ "$r" = failed ] || lo=1 r="$r (--iface lo)"
	fi
	l=$($BUILD/bench/time_cmd $RUNS $BUILD/bench/libbpf_load "$obj" | cut -d' ' -f1)
	[ -n "$lo" ] && [ "$l" = failed ] && l="not measured: needs an interface"
	b=$(BENCH_CLEANUP="rm -rf $PIN" $BUILD/bench/time_cmd $RUNS bpftool prog loadall "$obj" $PIN | cut -d' ' -f1)
	rm -rf $PIN
	case "$r $l" in
	*failed*|*measured*|*iface*) ratio="-" ;;
	*) ratio=$(awk "BEGIN { printf \"%.2f\", $r / $l }") ;;
	esac
	[ "$l" = failed ] && l="refuses"
	[ "$b" = failed ] && b="refuses"
	[ "$r" = failed ] && r="refused"
	echo "| $name | $r | $l | $ratio | $b |"
done
echo
echo "## 3. event throughput: rawbpf vs libbpf consumers (median of 3 runs)"
echo
echo "A tracepoint program (bench/emit.bpf.c) emits one fixed-size event per getppid(2) of the"
echo "driver, which makes them in a tight loop; the consumer counts them (bench/rawbpf_consume.c,"
echo "bench/libbpf_consume.c: same object, same 64 pages per CPU, epoll with 10 ms timeout)."
echo "events/s = delivered / wall time (the producer's loop bounds it); cpu = consumer CPU seconds."
echo
echo "| size | buffer | events | rawbpf events/s | libbpf events/s | rawbpf / libbpf | lost rawbpf / libbpf | cpu s rawbpf / libbpf |"
echo "|---:|---|---:|---:|---:|---:|---|---|"
median3() { sort -n | sed -n 2p; }
for size in 16 256 4096; do
	n=200000
	[ $size = 4096 ] && n=50000
	for mode in perf ring; do
		ring=0
		[ $mode = ring ] && ring=1
		obj=$BUILD/bench/emit_${mode}_$size.bpf.o
		clang -O2 -g -target bpf -Iuapi -DSIZE=$size -DRING=$ring -c bench/emit.bpf.c -o $obj
		for who in rawbpf libbpf; do
			: > $BUILD/bench/$who.runs
			for i in 1 2 3; do
				$BUILD/bench/${who}_consume $obj $mode $BUILD/tests/tools/rbdriver $n >> $BUILD/bench/$who.runs
			done
		done
		r=$(awk '{ printf "%.0f\n", $1 / $3 }' $BUILD/bench/rawbpf.runs | median3)
		l=$(awk '{ printf "%.0f\n", $1 / $3 }' $BUILD/bench/libbpf.runs | median3)
		rl=$(awk '{ s += $2 } END { print s }' $BUILD/bench/rawbpf.runs)
		ll=$(awk '{ s += $2 } END { print s }' $BUILD/bench/libbpf.runs)
		rc=$(awk '{ print $4 }' $BUILD/bench/rawbpf.runs | median3)
		lc=$(awk '{ print $4 }' $BUILD/bench/libbpf.runs | median3)
		echo "| $size | $mode | $n | $r | $l | $(awk "BEGIN { printf \"%.2f\", $r / $l }") | $rl / $ll | $rc / $lc |"
	done
done
echo
BUILD=$BUILD sh bench/drain.sh
echo
echo "## 4. footprint"
echo
echo "Static binaries are stripped (-s) and carry their C library; bpftool's figure adds the"
echo "shared libraries it loads (ldd), without and with glibc's libc.so."
echo
echo "| what | bytes |"
echo "|---|---:|"
echo "| rawbpf (dynamic, glibc, not stripped) | $(stat -c %s $BUILD/rawbpf) |"
for f in static-glibc static-musl static-musl-Os; do
	case $f in static-glibc) what="static, glibc, -O2" ;; static-musl) what="static, musl, -O2" ;; *) what="static, musl, -Os" ;; esac
	if [ -f $BUILD/bench/rawbpf-$f ]; then
		echo "| rawbpf ($what) | $(stat -c %s $BUILD/bench/rawbpf-$f) |"
	else
		echo "| rawbpf ($what) | not measured: $BUILD/bench/rawbpf-$f was not built (musl-gcc missing?) |"
	fi
done
bt=$(command -v bpftool)
libs=$(ldd "$bt" | awk '/=>/ { print $3 }' | grep -E 'libbpf|libelf|libz|libcap|libzstd|libcrypto|libllvm|libLLVM|libbfd|libopcodes|libsframe' | xargs -r stat -L -c %s | awk '{ s += $1 } END { print s + 0 }')
libc=$(ldd "$bt" | awk '/libc\.so/ { print $3 }' | xargs -r stat -L -c %s)
echo "| bpftool (dynamic) | $(stat -L -c %s $bt) |"
echo "| bpftool + the libraries it loads but libc ($(ldd "$bt" | awk '/=>/ { print $1 }' | grep -v 'libc\.so' | sed 's/\.so.*//' | tr '\n' ' ' | sed 's/ $//')) | $(( $(stat -L -c %s $bt) + libs )) |"
echo "| the same + glibc's libc.so | $(( $(stat -L -c %s $bt) + libs + ${libc:-0} )) |"
echo
echo "Peak RSS (ru_maxrss of the child, KiB, the largest of 5 runs): \`rawbpf run OBJ -- /bin/true\` vs"
echo "\`bench/libbpf_load OBJ\` (libbpf: open, load, attach, run /bin/true, destroy: the same work), and"
echo "\`bpftool prog loadall\` for reference. core_parent reads the kernel's BTF for its CO-RE relocations."
echo
echo "| object | rawbpf run KiB | libbpf KiB | rawbpf / libbpf | bpftool loadall KiB |"
echo "|---|---:|---:|---:|---:|"
for obj in $BUILD/progs/hello.bpf.o $BUILD/progs/core_parent.bpf.o; do
	r=$($BUILD/bench/time_cmd 5 $BUILD/rawbpf run $obj -- /bin/true | cut -d' ' -f2)
	l=$($BUILD/bench/time_cmd 5 $BUILD/bench/libbpf_load $obj | cut -d' ' -f2)
	b=$(BENCH_CLEANUP="rm -rf $PIN" $BUILD/bench/time_cmd 5 bpftool prog loadall $obj $PIN | cut -d' ' -f2)
	rm -rf $PIN
	case "$r$l" in
	*[!0-9]*|"") ratio="-" ;;
	*) ratio=$(awk "BEGIN { printf \"%.2f\", $r / $l }") ;;
	esac
	echo "| $(basename $obj) | ${r:-not measured: the load failed} | ${l:-not measured: the load failed} | $ratio | ${b:-not measured: the load failed} |" | sed 's/| failed |/| not measured: the load failed |/g'
done
echo
echo "## 5. CO-RE: open, the kernel's BTF, relocate, load (median of $RUNS in one process)"
echo
echo "- rawbpf: \`bench/rawbpf_core_load\`: rb_object_open(), then rb_object_load(): read"
echo "  /sys/kernel/btf/vmlinux, apply every CO-RE record, create the maps, BPF_PROG_LOAD each program."
echo "- libbpf: \`bench/libbpf_core_load\`: bpf_object__open_file(), then bpf_object__load(): the same work."
echo "- Each object is closed after its load (not timed). Peak RSS: a process that opens and loads it once."
echo
echo "| object | rawbpf open us | rawbpf load us | libbpf open us | libbpf load us | rawbpf / libbpf | peak RSS KiB rawbpf / libbpf |"
echo "|---|---:|---:|---:|---:|---:|---|"
for obj in $BUILD/tests/progs/core_*.bpf.o $BUILD/progs/core_*.bpf.o; do
	[ -f "$obj" ] || continue
	r=$($BUILD/bench/rawbpf_core_load $RUNS "$obj" 2>/dev/null) || r=failed
	l=$($BUILD/bench/libbpf_core_load $RUNS "$obj" 2>/dev/null) || l=failed
	rm1=$($BUILD/bench/rawbpf_core_load 1 "$obj" 2>/dev/null | cut -d' ' -f4)
	lm1=$($BUILD/bench/libbpf_core_load 1 "$obj" 2>/dev/null | cut -d' ' -f4)
	if [ "$r" = failed ] || [ "$l" = failed ]; then
		# e.g. core_unguarded, a test object the verifier must refuse
		rs=${r%% *} ls=${l%% *}
		[ "$r" = failed ] && rs="not measured: the load fails"
		[ "$l" = failed ] && ls="not measured: the load fails"
		echo "| $(basename "$obj") | $rs | | $ls | | - | ${rm1:--} / ${lm1:--} |"
		continue
	fi
	set -- $r $l
	echo "| $(basename "$obj") | $1 | $2 | $5 | $6 | $(awk "BEGIN { printf \"%.2f\", $3 / $7 }") | $rm1 / $lm1 |"
done

echo
echo "## 5b. the kernel's config: gzip, rawbpf's inflate vs zlib (median of $RUNS runs)"
echo
echo "A load with __kconfig externs reads /proc/config.gz (when there is no /boot/config-\$(uname -r))"
echo "and rawbpf inflates it itself (elf/inflate.c; no zlib). bench/inflate_bench: this thread's CPU"
echo "per decompression of the same bytes, both checking the gzip trailer's CRC-32 and length."
echo
if [ ! -r /proc/config.gz ]; then
	echo "not measured: this kernel has no /proc/config.gz (CONFIG_IKCONFIG_PROC)"
elif out=$($BUILD/bench/inflate_bench $RUNS /proc/config.gz) && [ -n "$out" ]; then
	set -- $out
	echo "| file | bytes in | bytes out | rawbpf us | zlib us | rawbpf / zlib | rawbpf MB/s out |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	echo "| /proc/config.gz | $1 | $2 | $3 | $4 | $(awk "BEGIN { if ($4 > 0) printf \"%.2f\", $3 / $4; else print \"-\" }") | $(awk "BEGIN { if ($3 > 0) printf \"%.0f\", $2 / $3; else print \"-\" }") |"
else
	echo "not measured: bench/inflate_bench failed on /proc/config.gz"
fi

# Sections 6 (per-phase cost) and 7 (scale): bench/phases.sh.
BUILD=$BUILD sh bench/phases.sh
