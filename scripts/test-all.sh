#!/usr/bin/env bash
# `make test`: build, then run every test stage and add up their results.
# Each stage ends with a line "STAGE: N passed, M failed"; a stage that
# cannot even start (the build fails) counts as one failure. The last line
# is the total, "N passed, M failed", and the exit status is 0 only if
# nothing failed.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p build
total_pass=0 total_fail=0

stage() {
	local name=$1
	shift
	echo "=== $name"
	local log=build/stage-$name.log
	"$@" 2>&1 | tee "$log"
	local line
	line=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed$" "$log" | tail -1)
	if [ -z "$line" ]; then
		echo "$name: did not report results; counted as 1 failure"
		total_fail=$((total_fail + 1))
		return
	fi
	total_pass=$((total_pass + $(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")))
	total_fail=$((total_fail + $(sed -E 's/.*passed, ([0-9]+) failed/\1/' <<<"$line")))
}

build() {
	if make --no-print-directory -j2 all >build/build.log 2>&1; then
		echo "build: 1 passed, 0 failed"
	else
		tail -30 build/build.log
		echo "build: 0 passed, 1 failed"
	fi
}

stage build build
stage host make --no-print-directory -j2 -f tests/host/Makefile run
for t in tests/fuzz/run.sh; do
	[ -x "$t" ] && stage fuzz "$t"
done
stage boot tests/boot/run-all.sh
for t in tests/boot/gdb-test.sh; do
	[ -x "$t" ] && stage gdb "$t"
done

echo "=== total"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
