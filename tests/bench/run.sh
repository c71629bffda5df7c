#!/usr/bin/env bash
# `make bench`: instructions per allocate+free pair under callgrind, for
# keel's allocators on the host and for glibc malloc, jemalloc and mimalloc
# measured in the same run, then the in-kernel benchmarks (kernel/bench.c)
# in a QEMU guest. Prints a table with ratios against mimalloc and writes
# it to build/bench/results.md (docs/performance.md quotes it). Needs
# valgrind, libjemalloc-dev, libmimalloc-dev, QEMU and build/keel.elf
# (make bench installs and builds them).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=build/bench
mkdir -p "$out"
N=100000
CFLAGS=(-std=gnu11 -O2 -g -I. -Wall -Wextra -Werror -fno-omit-frame-pointer)
KEEL_SRCS=(tests/host/mm/host_arena.c mm/page_alloc.c mm/slab.c kernel/vsprintf.c)

gcc "${CFLAGS[@]}" -DKEEL_HOST -DBENCH_KEEL -o "$out/bench-keel" tests/bench/bench_alloc.c "${KEEL_SRCS[@]}"
gcc "${CFLAGS[@]}" -o "$out/bench-glibc" tests/bench/bench_alloc.c
gcc "${CFLAGS[@]}" -o "$out/bench-jemalloc" tests/bench/bench_alloc.c -ljemalloc
gcc "${CFLAGS[@]}" -DBENCH_MIMALLOC -o "$out/bench-mimalloc" tests/bench/bench_alloc.c -lmimalloc

# Instructions executed inside bench_loop_NAME, whole run.
count() {
	local bin=$1 loop=$2 f=$out/$(basename "$1")-$2.callgrind
	valgrind --tool=callgrind --callgrind-out-file="$f" \
		--toggle-collect="bench_loop_$loop" "$bin" >/dev/null 2>"$f.log"
	awk '/^summary:|^totals:/ { print $2; exit }' "$f"
}

# Per pair, with the empty loop subtracted.
per_pair() {
	local bin=$1 loop=$2 base total
	base=$(count "$bin" empty)
	total=$(count "$bin" "$loop")
	awk -v t="$total" -v b="$base" -v n="$N" 'BEGIN { printf "%.1f", (t - b) / n }'
}

declare -A R
for lib in keel glibc jemalloc mimalloc; do
	for w in small large; do
		R[$lib,$w]=$(per_pair "$out/bench-$lib" "$w")
	done
done
R[keel,page0]=$(per_pair "$out/bench-keel" page0)
R[keel,page3]=$(per_pair "$out/bench-keel" page3)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
{
	echo "| pair (instructions per allocate+free) | keel | glibc | jemalloc | mimalloc | keel / mimalloc |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: |"
	echo "| kmalloc(64)+kfree vs malloc(64)+free | ${R[keel,small]} | ${R[glibc,small]} | ${R[jemalloc,small]} | ${R[mimalloc,small]} | $(ratio "${R[keel,small]}" "${R[mimalloc,small]}") |"
	echo "| kmalloc(4000)+kfree vs malloc(4000)+free | ${R[keel,large]} | ${R[glibc,large]} | ${R[jemalloc,large]} | ${R[mimalloc,large]} | $(ratio "${R[keel,large]}" "${R[mimalloc,large]}") |"
	echo "| alloc_pages(order 0)+__free_pages | ${R[keel,page0]} | | | | |"
	echo "| alloc_pages(order 3)+__free_pages | ${R[keel,page3]} | | | | |"
} | tee "$out/results.md"

verdict() { awk -v v="$1" -v lim="$2" 'BEGIN { exit !(v <= lim) }' && echo met || echo MISSED; }
echo
echo "target: order-0 pair <= 60 instructions: ${R[keel,page0]} ($(verdict "${R[keel,page0]}" 60))"
echo "target: kmalloc(64)+kfree <= mimalloc's malloc(64)+free: ${R[keel,small]} vs ${R[mimalloc,small]} ($(verdict "${R[keel,small]}" "${R[mimalloc,small]}"))"

# What cannot run on the host (vmalloc edits live page tables) runs in the
# guest: kernel/bench.c, started by "bench" on the command line.
echo
echo "In the guest (QEMU TCG, MEM=128M; TSC ticks, best of 7 rounds of 64, ratio to a baseline in the same boot):"
scripts/mkiso.sh build/keel.elf bench "$out/guest.iso"
status=0
scripts/qemu.sh --iso "$out/guest.iso" --mem 128M --log "$out/guest.log" --timeout 120 || status=$?
if [ "$status" -ne 1 ]; then
	echo "bench: the guest run failed (QEMU exit $status); see $out/guest.log" >&2
	exit 1
fi
grep -a '^bench:' "$out/guest.log" | tr -d '\r' | tee -a "$out/results.md"
