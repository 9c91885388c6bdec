#!/bin/sh
# Run test binaries one after another and print one closing line for all:
#   "unit: N passed, N failed, N skipped"
# Each binary is a cmocka program; it exits with the number of failed tests.
# Usage: tests/run.sh LABEL BINARY...
label=$1
shift
passed=0
failed=0
skipped=0
for t in "$@"; do
	echo "== $t"
	# cmocka prints "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)..."
	out=$("$t" 2>&1)
	status=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	s=$(printf '%s\n' "$out" | sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	skipped=$((skipped + ${s:-0}))
	# A whole binary may skip (no BPF outside CI): it says "SKIP:" and exits 0.
	if [ "$status" -eq 0 ] && [ -z "$p" ] && printf '%s\n' "$out" | grep -q '^SKIP:'; then
		skipped=$((skipped + 1))
	fi
	# A binary that crashed or failed without a cmocka summary still fails.
	if [ "$status" -ne 0 ] && [ -z "$f" ]; then
		echo "$t: exited with status $status"
		failed=$((failed + 1))
	fi
done
echo "$label: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ $((passed + skipped)) -gt 0 ]
