#!/usr/bin/env bash
# Build and run the libFuzzer targets listed in tests/fuzz/targets.
#   tests/fuzz/run.sh              bounded run for make test (RUNS inputs each)
#   tests/fuzz/run.sh --seconds N  run each target for N seconds (make fuzz)
# Corpora live in build/fuzz/NAME.corpus; a crash leaves its input in
# build/fuzz/ (the file name is printed) and counts as a failure.
# Last line: "fuzz: N passed, M failed", one test per target.
set -uo pipefail
cd "$(dirname "$0")/../.."
runs=${RUNS:-20000} seconds=
[ "${1:-}" = --seconds ] && seconds=$2
out=build/fuzz
mkdir -p "$out"
passed=0 failed=0
CFLAGS=(-g -O1 -std=gnu11 -fsanitize=fuzzer,address,undefined
	-fno-sanitize-recover=undefined -DKEEL_HOST -DKEEL_SLAB_DEBUG -I.
	-Wall -Wextra -Werror)
while read -r name sources; do
	[[ -z $name || $name == \#* ]] && continue
	bin=$out/$name
	# shellcheck disable=SC2086
	if ! clang "${CFLAGS[@]}" -o "$bin" "tests/fuzz/$name.c" $sources >"$bin.build.log" 2>&1; then
		cat "$bin.build.log"
		echo "$name: build failed"
		failed=$((failed + 1))
		continue
	fi
	mkdir -p "$bin.corpus"
	if [ -n "$seconds" ]; then
		limit=(-max_total_time="$seconds")
	else
		limit=(-runs="$runs" -seed=1)
	fi
	if "$bin" "${limit[@]}" -artifact_prefix="$out/$name-" "$bin.corpus" >"$bin.log" 2>&1; then
		echo "$name: ok ($(grep -aoE 'stat::number_of_executed_units: [0-9]+|Done [0-9]+ runs' "$bin.log" | tail -1))"
		passed=$((passed + 1))
	else
		tail -30 "$bin.log"
		echo "$name: FAILED; see $bin.log"
		failed=$((failed + 1))
	fi
done < tests/fuzz/targets
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
