#!/bin/sh
# Section 3b of make bench (called by bench/run.sh): drain speed and flood.
# Drain: bench/drain.bpf.c fills a 16 MiB ring buffer, or every CPU's perf
# ring (PAGES pages each), while nobody reads; then only the consumer's
# drain call is timed (bench/rawbpf_drain.c, bench/libbpf_drain.c; one
# untimed round first, then ROUNDS timed ones). rawbpf and libbpf
# processes alternate DRUNS times, so both see the same machine state. memcpy: the same records copied from a
# buffer as large as the rings into the same sink (bench/drain.h), measured
# in the same processes: the machine's limit for delivering them.
set -u
BUILD=${BUILD:-build}
DRUNS=${DRUNS:-7}
ROUNDS=${ROUNDS:-3}
PAGES=${PAGES:-2048}
B=$BUILD/bench

echo "## 3b. drain speed: fill the ring, then time only the consumer (median of $((DRUNS * ROUNDS)) runs)"
echo
echo "$DRUNS processes each for rawbpf and libbpf, alternating, $ROUNDS timed fill-and-drain rounds each."
echo "Ring buffer: 16 MiB. Perf: $PAGES pages per CPU on each of $(nproc) CPUs. Every record is"
echo "copied out of the ring into a sink by the callback (the same code for both). MB/s counts"
echo "payload bytes; spread = (max - min) / median of the runs; rawbpf / libbpf is the ratio"
echo "of median rates (above 1: rawbpf drains faster); memcpy = the same records copied by memcpy."
echo
echo "| size | buffer | records | rawbpf Mrec/s | rawbpf MB/s | spread | libbpf MB/s | spread | rawbpf / libbpf | memcpy MB/s | rawbpf / memcpy |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
# stdin: one rate a line; prints "median spread%"
stats() { sort -g | awk '{ v[NR] = $1 } END { m = v[int((NR + 1) / 2)]; printf "%.1f %.0f%%\n", m, m ? 100 * (v[NR] - v[1]) / m : 0 }'; }
for size in 16 256 4096; do
	for mode in ring perf; do
		ring=0
		[ $mode = ring ] && ring=1
		obj=$B/drain_${mode}_$size.bpf.o
		clang -O2 -g -target bpf -Iuapi -DSIZE=$size -DRING=$ring -c bench/drain.bpf.c -o $obj || continue
		: > $B/drain.rawbpf; : > $B/drain.libbpf
		i=0
		while [ $i -lt $DRUNS ]; do
			$B/rawbpf_drain $obj $mode $PAGES drain $ROUNDS >> $B/drain.rawbpf 2>/dev/null
			$B/libbpf_drain $obj $mode $PAGES drain $ROUNDS >> $B/drain.libbpf 2>/dev/null
			i=$((i + 1))
		done
		if [ ! -s $B/drain.rawbpf ] || [ ! -s $B/drain.libbpf ]; then
			echo "| $size | $mode | not measured: a consumer failed (run $B/rawbpf_drain $obj $mode $PAGES drain) | | | | | | | | |"
			continue
		fi
		n=$(awk '{ print $1 }' $B/drain.rawbpf | sort -n | sed -n 1p)
		set -- $(awk '{ print $2 / $3 / 1e6 }' $B/drain.rawbpf | stats) \
			$(awk '{ print $2 / $3 / 1e6 }' $B/drain.libbpf | stats) \
			$(cat $B/drain.rawbpf $B/drain.libbpf | awk '{ print $2 / $4 / 1e6 }' | stats)
		rrec=$(awk '{ print $1 / $3 / 1e6 }' $B/drain.rawbpf | stats | cut -d' ' -f1)
		echo "| $size | $mode | $n | $rrec | $1 | $2 | $3 | $4 | $(awk "BEGIN { printf \"%.2f\", $1 / $3 }") | $5 | $(awk "BEGIN { printf \"%.2f\", $1 / $5 }") |"
	done
done
echo
# Flood: a child makes CALLS getppid calls of PER records each as fast as
# the kernel runs bpf_loop, while the consumer polls (10 ms timeout); the
# ring sizes are equal for both. lost: the perf rings' own count, or the
# ring buffer records the program saw refused (its "drops" map).
size=256 per=64 calls=${FLOOD_CALLS:-20000}
echo "Flood: $calls getppid calls x $per records of $size B ($(( calls * per )) records), consumer polling"
echo "with a 10 ms timeout, the same ring sizes as above; median of 3 runs (by delivered)."
echo
echo "| buffer | rawbpf delivered | rawbpf lost | libbpf delivered | libbpf lost |"
echo "|---|---:|---:|---:|---:|"
for mode in ring perf; do
	ring=0
	[ $mode = ring ] && ring=1
	obj=$B/flood_$mode.bpf.o
	clang -O2 -g -target bpf -Iuapi -DSIZE=$size -DRING=$ring -DPER=$per -c bench/drain.bpf.c -o $obj || continue
	: > $B/flood.rawbpf; : > $B/flood.libbpf
	for i in 1 2 3; do
		$B/rawbpf_drain $obj $mode $PAGES flood $calls >> $B/flood.rawbpf 2>/dev/null
		$B/libbpf_drain $obj $mode $PAGES flood $calls >> $B/flood.libbpf 2>/dev/null
	done
	r=$(sort -n $B/flood.rawbpf | sed -n 2p)
	l=$(sort -n $B/flood.libbpf | sed -n 2p)
	set -- ${r:-not measured} ${l:-not measured}
	echo "| $mode | $1 | $2 | $4 | $5 |"
done
