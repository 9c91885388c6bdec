#!/bin/sh
# make bench: the benchmark table of docs/BENCHMARKS.md, measured now.
#  1. open + parse + link (no system calls), per object; the kernel's BTF:
#     parse, name index, lookups by name with and without it
#  2. full load: rawbpf run OBJ -- /bin/true (load, attach, run, detach)
#     vs bpftool prog loadall OBJ (libbpf: load and pin, no attach), as
#     the ratio of medians; objects libbpf refuses are marked
#  3. event throughput: rawbpf vs libbpf perf and ring buffer consumers
#  4. footprint: binary sizes and peak memory
#  5. CO-RE: open, read the kernel's BTF, relocate and load, rawbpf vs
#     libbpf in one process each (bench/rawbpf_core_load.c,
#     bench/libbpf_core_load.c), and the peak memory of both
# Needs root (BPF), bpftool, and musl-gcc for the static musl build.
set -u
BUILD=${BUILD:-build}
RUNS=${RUNS:-21}
PIN=/sys/fs/bpf/rawbpf_bench
OBJS="$BUILD/progs/*.bpf.o $BUILD/conformance/*.bpf.o"

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
	l=$($BUILD/bench/time_cmd $RUNS $BUILD/bench/libbpf_load "$obj" | cut -d' ' -f1)
	b=$(BENCH_CLEANUP="rm -rf $PIN" $BUILD/bench/time_cmd $RUNS bpftool prog loadall "$obj" $PIN | cut -d' ' -f1)
	rm -rf $PIN
	case "$r $l" in
	*failed*) ratio="-" ;;
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
echo "## 4. footprint"
echo
echo "| what | bytes |"
echo "|---|---:|"
echo "| rawbpf (dynamic, glibc) | $(stat -c %s $BUILD/rawbpf) |"
[ -f $BUILD/bench/rawbpf-static-glibc ] && echo "| rawbpf (static, glibc) | $(stat -c %s $BUILD/bench/rawbpf-static-glibc) |"
[ -f $BUILD/bench/rawbpf-static-musl ] && echo "| rawbpf (static, musl) | $(stat -c %s $BUILD/bench/rawbpf-static-musl) |"
bt=$(command -v bpftool)
libs=$(ldd "$bt" | awk '/=>/ { print $3 }' | grep -E 'libbpf|libelf|libz|libcap' | xargs stat -L -c %s | awk '{ s += $1 } END { print s }')
echo "| bpftool (dynamic) | $(stat -L -c %s $bt) |"
echo "| bpftool + libbpf, libelf, zlib, libcap it loads | $(( $(stat -L -c %s $bt) + libs )) |"
echo
r=$($BUILD/bench/time_cmd 5 $BUILD/rawbpf run $BUILD/conformance/legacy_count.bpf.o -- /bin/true | cut -d' ' -f2)
b=$(BENCH_CLEANUP="rm -rf $PIN" $BUILD/bench/time_cmd 5 bpftool prog loadall $BUILD/conformance/btf_maps.bpf.o $PIN | cut -d' ' -f2)
rm -rf $PIN
echo "Peak RSS: rawbpf run legacy_count.bpf.o $r KiB; bpftool prog loadall btf_maps.bpf.o $b KiB"
echo "(ru_maxrss of the child; bpftool cannot load legacy_count, so it loads the BTF-map twin)."
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
		echo "| $(basename "$obj") | ${r%% *} | | ${l%% *} | | - | ${rm1:--} / ${lm1:--} |"
		continue
	fi
	set -- $r $l
	echo "| $(basename "$obj") | $1 | $2 | $5 | $6 | $(awk "BEGIN { printf \"%.2f\", $3 / $7 }") | $rm1 / $lm1 |"
done
