#!/bin/sh
# Sections 6 and 7 of make bench (called by bench/run.sh; issue 15 items 3
# and 4), in their own file so that run.sh's other sections can change
# without conflicts.
#  6. per-phase cost: open, load, attach, detach of every object of progs/
#     (and of ../shared/conformance when built), rawbpf vs libbpf in the same
#     run (bench/rawbpf_phases.c, bench/libbpf_phases.c, bench/phases.h)
#  7. scale: generated objects (bench/gen_scale.sh) with 1..1000 programs
#     and maps, and 10..4000 CO-RE relocations; growth exponents
set -u
BUILD=${BUILD:-build}
PHASE_RUNS=${PHASE_RUNS:-7}
SCALE_RUNS=${SCALE_RUNS:-9}
P=$BUILD/bench

# phases WHO OBJ: the phase lines of bench/WHO_phases, with attach when the
# object attaches without arguments, else without ("noattach" in $P/why).
phases() {
	if out=$($P/$1_phases $PHASE_RUNS "$2" 2>$P/why); then
		echo "$out"
		return 0
	fi
	sed -n 's/^attach[^:]*: *//p' $P/why | sed 's/: give.*//; s/;.*//' | cut -c1-100 > $P/why.attach
	[ -s $P/why.attach ] || return 1
	$P/$1_phases $PHASE_RUNS "$2" noattach 2>/dev/null
}

# field LINES PHASE N: field N of the PHASE line
field() { echo "$1" | awk -v p="$2" -v n="$3" '$1 == p { print $n }'; }
# cmd LINES PHASE CMD: "calls/us" of bpf command CMD in PHASE, or 0/0
cmd() { echo "$1" | awk -v p="$2" -v c="$3" '$1 == p { for (i = 10; i <= NF; i++) if (index($i, c "=") == 1) { print substr($i, length(c) + 2); exit } print "0/0" }'; }
ratio() { awk "BEGIN { if ($2 > 0) printf \"%.2f\", $1 / $2; else print \"-\" }"; }

echo
echo "## 6. per-phase cost, rawbpf vs libbpf (median wall of $PHASE_RUNS runs in one process)"
echo
echo "The same steps, timed apart: open (rb_object_open / bpf_object__open_file), load (the BTF,"
echo "the maps, every program: rb_object_load / bpf_object__load), attach (rb_object_attach /"
echo "bpf_program__attach for each), detach (rb_object_detach / bpf_link__destroy)."
echo "- wall: median us. user: mean user CPU us (getrusage over all runs / runs)."
echo "- calls: bpf(2) + perf_event_open(2) calls of the first run (a one-shot CLI's count: libbpf probes"
echo "  kernel features once per process), counted in-process by interposing syscall() (bench/phases.h)."
echo "- kernel: us per run spent inside those calls (the verifier is inside PROG_LOAD): time both"
echo "  loaders pay. detach is all kernel time (closing a perf-event link waits for RCU grace periods)."
echo "- Objects that attach only with an argument (an interface, a uprobe target) are loaded but not"
echo "  attached: their attach/detach rows say \"not measured\" and why. When only one loader can attach"
echo "  an object, both are timed without attaching it, so that open and load compare under the same"
echo "  conditions (with attach, each run's open follows the previous run's detach and its RCU waits)."
echo
echo "- loader cpu: the thread's CPU time (CLOCK_THREAD_CPUTIME_ID, ns-precise, unlike getrusage's"
echo "  tick-sampled user/system split) minus its CPU time inside the counted calls: the part the"
echo "  loader controls (its own open/read/mmap included)."
echo
echo "| object | phase | wall us rawbpf / libbpf | user us rawbpf / libbpf | loader cpu us rawbpf / libbpf | loader cpu ratio | calls rawbpf / libbpf | kernel us rawbpf / libbpf |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
: > $P/phases.sum
for obj in $BUILD/progs/*.bpf.o $BUILD/conformance/*.bpf.o; do
	[ -f "$obj" ] || continue
	name=$(basename "$obj")
	: > $P/why.attach
	r=$(phases rawbpf "$obj") || r=
	ra=$(cat $P/why.attach)
	: > $P/why.attach
	# When one loader cannot attach the object, both run without attach,
	# so that open and load compare under the same conditions (a refusal
	# then is a refusal: the row says so). rawbpf first: when it fell back,
	# libbpf goes straight to noattach, with no attach runs to throw away.
	if [ -n "$ra" ]; then
		l=$($P/libbpf_phases $PHASE_RUNS "$obj" noattach 2>/dev/null) || l=
		la=
	else
		l=$(phases libbpf "$obj") || l=
		la=$(cat $P/why.attach)
		if [ -n "$la" ] && [ -n "$r" ]; then
			r=$($P/rawbpf_phases $PHASE_RUNS "$obj" noattach 2>/dev/null) || r=
		fi
	fi
	if [ -z "$r" ] || [ -z "$l" ]; then
		echo "| $name | all | not measured: ${r:+libbpf refuses it}${l:+rawbpf refuses it}$( [ -z "$r$l" ] && echo both refuse it) | | | | | |"
		continue
	fi
	for phase in open load attach detach; do
		if [ "$phase" = attach ] || [ "$phase" = detach ]; then
			if [ -n "$ra$la" ]; then
				echo "| $name | $phase | not measured: ${ra:-libbpf: $la} | | | | | |"
				continue
			fi
		fi
		rw=$(field "$r" $phase 2); lw=$(field "$l" $phase 2)
		ru=$(field "$r" $phase 3); lu=$(field "$l" $phase 3)
		rc=$(field "$r" $phase 6); lc=$(field "$l" $phase 6)
		rk=$(field "$r" $phase 8); lk=$(field "$l" $phase 8)
		rx=$(field "$r" $phase 9); lx=$(field "$l" $phase 9)
		echo "| $name | $phase | $rw / $lw | $ru / $lu | $rx / $lx | $(ratio $rx $lx) | $rc / $lc | $rk / $lk |"
		echo "$phase $rw $lw $ru $lu $rc $lc $rk $lk $rx $lx" >> $P/phases.sum
	done
done
echo
echo "Sums over the objects above (us; calls):"
echo
echo "| phase | wall rawbpf / libbpf | user rawbpf / libbpf | loader cpu rawbpf / libbpf | loader cpu ratio | calls rawbpf / libbpf | kernel rawbpf / libbpf |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for phase in open load attach detach; do
	awk -v p=$phase '$1 == p { for (i = 2; i <= 11; i++) s[i] += $i }
		END { printf "| %s | %d / %d | %d / %d | %d / %d | %s | %d / %d | %d / %d |\n", p, s[2], s[3], s[4], s[5],
			s[10], s[11], (s[11] > 0 ? sprintf("%.2f", s[10] / s[11]) : "-"), s[6], s[7], s[8], s[9] }' $P/phases.sum
done

echo
echo "Inside load, the kernel's share by command (us per run, calls in the first run), core_parent.bpf.o"
echo "and hello.bpf.o: BTF_LOAD (the object's BTF; libbpf also probes with small ones), MAP_CREATE,"
echo "PROG_LOAD (the verifier; libbpf's probes included):"
echo
echo "| object | loader | BTF_LOAD calls/us | MAP_CREATE calls/us | PROG_LOAD calls/us | load wall us | user us |"
echo "|---|---|---:|---:|---:|---:|---:|"
for obj in $BUILD/progs/hello.bpf.o $BUILD/progs/core_parent.bpf.o; do
	for who in rawbpf libbpf; do
		o=$($P/${who}_phases $PHASE_RUNS "$obj" noattach 2>/dev/null) || { echo "| $(basename $obj) | $who | refused | | | | |"; continue; }
		echo "| $(basename $obj) | $who | $(cmd "$o" load BTF_LOAD) | $(cmd "$o" load MAP_CREATE) | $(cmd "$o" load PROG_LOAD) | $(field "$o" load 2) | $(field "$o" load 3) |"
	done
done
if command -v strace >/dev/null; then
	r=$(strace -f -c -e trace=bpf,perf_event_open $P/rawbpf_phases 1 $BUILD/progs/hello.bpf.o 2>&1 >/dev/null | awk '$NF == "total" { print $4 }')
	l=$(strace -f -c -e trace=bpf,perf_event_open $P/libbpf_phases 1 $BUILD/progs/hello.bpf.o 2>&1 >/dev/null | awk '$NF == "total" { print $4 }')
	echo
	echo "Cross-check of the counts with strace -f -c -e trace=bpf,perf_event_open, hello.bpf.o, one run:"
	echo "rawbpf $r calls, libbpf $l calls (strace's total column; errors included)."
else
	echo
	echo "Cross-check with strace: not measured: strace is not installed."
fi

echo
echo "## 7. scale: generated objects (median wall of $SCALE_RUNS runs; open + load, no attach)"
echo
echo "bench/gen_scale.sh writes N tracepoint programs each counting into its own array map (so N"
echo "programs and N maps) in one section (progs_N), the same with each program in a section of its"
echo "own (sections_N: raw_tp/rbscale_I, loaded, not attached), and one program with N CO-RE relocations against the kernel's task_struct"
echo "(bpf_core_field_exists / bpf_core_field_offset, constants the loader patches in); clang compiles"
echo "them. Per-program cost = (open + load) / N. The exponent k fits time ~ N^k by least squares of"
echo "log(time) on log(N) over the four sizes: k > 1 is worse than linear. \"loader cpu\" (open + load)"
echo "is the thread's CPU time minus its CPU time inside bpf() calls: the part the loader controls."
echo
S=$P/scale
mkdir -p $S
echo "| object | N | rawbpf open us | rawbpf load us | libbpf open us | libbpf load us | rawbpf / libbpf | us per unit rawbpf / libbpf | loader cpu us rawbpf / libbpf |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for kind in progs sections core; do
	: > $S/$kind.fit
	if [ $kind = core ]; then sizes="10 100 1000 4000"; else sizes="1 10 100 1000"; fi
	for n in $sizes; do
		src=$S/${kind}_$n.bpf.c
		sh bench/gen_scale.sh $kind $n > $src
		clang -O2 -g -target bpf -Iuapi -c $src -o $S/${kind}_$n.bpf.o || continue
		r=$($P/rawbpf_phases $SCALE_RUNS $S/${kind}_$n.bpf.o noattach 2>/dev/null) || r=
		l=$($P/libbpf_phases $SCALE_RUNS $S/${kind}_$n.bpf.o noattach 2>/dev/null) || l=
		if [ -z "$r" ] || [ -z "$l" ]; then
			echo "| ${kind}_$n | $n | ${r:+ok}${r:-refused} | | ${l:+ok}${l:-refuses} | | - | | |"
			continue
		fi
		ro=$(field "$r" open 2); rl=$(field "$r" load 2); lo=$(field "$l" open 2); ll=$(field "$l" load 2)
		rcpu=$(echo "$r" | awk '$1 == "open" || $1 == "load" { s += $9 } END { printf "%.0f", s }')
		lcpu=$(echo "$l" | awk '$1 == "open" || $1 == "load" { s += $9 } END { printf "%.0f", s }')
		echo "| ${kind}_$n | $n | $ro | $rl | $lo | $ll | $(ratio $((ro + rl)) $((lo + ll))) | $(awk "BEGIN { printf \"%.1f / %.1f\", ($ro + $rl) / $n, ($lo + $ll) / $n }") | $rcpu / $lcpu |"
		echo "$n $ro $rl $lo $ll $rcpu $lcpu" >> $S/$kind.fit
	done
done
echo
echo "Growth exponents k (time ~ N^k): fitted over all four sizes, then between the two largest"
echo "(where fixed costs no longer hide the growth; k > 1 there is the finding)."
echo
echo "| objects | fit | rawbpf open | rawbpf load | libbpf open | libbpf load | rawbpf loader cpu | libbpf loader cpu |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
for kind in progs sections core; do
	# least squares slope of log(column) on log(N), per column
	awk -v k=$kind '$2 > 0 { n++; x = log($1); sx += x; sxx += x * x
			for (c = 2; c <= 7; c++) { y = log($c > 0 ? $c : 1); sy[c] += y; sxy[c] += x * y } }
		END { printf "| %s | all sizes |", k
			for (c = 2; c <= 7; c++) printf " %.2f |", (n > 1 ? (n * sxy[c] - sx * sy[c]) / (n * sxx - sx * sx) : 0)
			printf "\n" }' $S/$kind.fit
	tail -2 $S/$kind.fit | awk -v k=$kind '{ n++; for (c = 1; c <= 7; c++) v[n, c] = ($c > 0 ? $c : 1) }
		END { if (n < 2) exit; printf "| %s | N = %d to %d |", k, v[1, 1], v[2, 1]
			for (c = 2; c <= 7; c++) printf " %.2f |", log(v[2, c] / v[1, c]) / log(v[2, 1] / v[1, 1])
			printf "\n" }'
done
