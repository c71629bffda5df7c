#!/usr/bin/env bash
# Run every boot scenario in tests/boot/scenarios against build/keel.elf,
# two at a time, each under its own timeout. Logs go to build/test/NAME.log.
# The last line is "boot: N passed, M failed": for a ktest scenario every
# KTAP case counts; every scenario adds one test for its boot (the right
# exit status and every expected line in the log).
set -uo pipefail
cd "$(dirname "$0")/../.."
out=build/test
mkdir -p "$out"
rm -f "$out"/*.result
# Every scenario boots with one multiboot2 module; the multiboot2 suite
# checks that it arrives, is reserved and reads back.
{ printf 'keel test module\n'; head -c 20000 /dev/zero; } > "$out/module.bin"

run_one() {
	local name=$1 mem=$2 smp=$3 expect=$4 timeout=$5 rest=$6
	local cmdline=${rest%%|*} patterns=
	[[ $rest == *"|"* ]] && patterns=${rest#*|}
	cmdline=$(echo "$cmdline" | sed 's/ *$//')
	cmdline=${cmdline//ktest=\*/ktest=${KTEST:-*}}
	local log=$out/$name.log iso=$out/$name.iso
	scripts/mkiso.sh build/keel.elf "$cmdline" "$iso" "$out/module.bin" ||
		{ echo "0 1" > "$out/$name.result"; return; }
	scripts/qemu.sh --iso "$iso" --mem "$mem" --smp "$smp" --log "$log" --timeout "$timeout"
	local status=$?
	local pass=0 fail=0 ok=1
	if [ "$expect" = ktest ]; then
		local summary
		summary=$(scripts/ktap-summary.sh "$log" "$name")
		echo "$summary"
		pass=$(tail -1 <<<"$summary" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
		fail=$(tail -1 <<<"$summary" | sed -E 's/.*passed, ([0-9]+) failed.*/\1/')
		if [ "$status" -ne 1 ]; then
			echo "$name: QEMU exit status $status, expected 1 (ktest success); see $log"
			ok=0
		fi
	elif [ "$status" -ne 5 ]; then
		echo "$name: QEMU exit status $status, expected 5 (panic=exit); see $log"
		ok=0
	fi
	# The module every scenario boots with must have arrived.
	patterns="$patterns | ^module: \[mem 0x[0-9a-f]+-0x[0-9a-f]+\] module\.bin"
	IFS='|' read -ra pats <<<"$patterns"
	for p in "${pats[@]}"; do
		p=$(echo "$p" | sed 's/^ *//; s/ *$//')
		[ -z "$p" ] && continue
		if ! grep -qE -- "$p" "$log"; then
			echo "$name: expected a line matching '$p' in $log"
			ok=0
		fi
	done
	if [ $ok -eq 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
	echo "$name: boot and log checks $([ $ok -eq 1 ] && echo passed || echo FAILED)"
	echo "$pass $fail" > "$out/$name.result"
}
export -f run_one
export out KTEST

grep -vE '^\s*(#|$)' tests/boot/scenarios | while read -r name mem smp expect timeout rest; do
	printf '%s\0%s\0%s\0%s\0%s\0%s\0' "$name" "$mem" "$smp" "$expect" "$timeout" "$rest"
done | xargs -0 -n 6 -P 2 bash -c 'run_one "$@"' _

passed=0 failed=0
for name in $(grep -vE '^\s*(#|$)' tests/boot/scenarios | awk '{print $1}'); do
	if [ -f "$out/$name.result" ]; then
		read -r p f < "$out/$name.result"
	else
		echo "$name: did not run"; p=0; f=1
	fi
	passed=$((passed + p)); failed=$((failed + f))
done
echo "boot: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
