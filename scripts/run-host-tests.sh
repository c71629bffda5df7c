#!/usr/bin/env bash
# Runs the Criterion host test binaries given as arguments, shows their
# output, and ends with "host: N passed, M failed" summed over all of them.
# A binary that crashes or prints no Criterion summary counts as one failure.
set -u
passed=0 failed=0
for bin in "$@"; do
	name=$(basename "$bin")
	log="build/host/$name.log"
	echo "== host tests: $name"
	"$bin" --jobs 2 >"$log" 2>&1
	status=$?
	grep -E '^\[(----|FAIL)\]|Synthesis' "$log" | grep -v '^\[----\] *$' | tail -40
	line=$(grep -a 'Synthesis' "$log" | tail -1)
	if [ -z "$line" ]; then
		echo "$name: no Criterion summary (exit $status); see $log"
		failed=$((failed + 1))
		continue
	fi
	t=$(sed -E 's/.*Tested: *([0-9]+).*/\1/' <<<"$line")
	p=$(sed -E 's/.*Passing: *([0-9]+).*/\1/' <<<"$line")
	passed=$((passed + p))
	failed=$((failed + t - p))
done
echo "host: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
