#!/usr/bin/env bash
# Make sure the Debian packages a task needs are installed. Usage:
#   scripts/deps.sh GROUP...   (groups: build run test bench dev)
# As root, missing packages are installed with apt-get; otherwise we stop
# and print the exact command to run.
set -euo pipefail

declare -A GROUP=(
	[build]="nasm grub-pc-bin grub-common xorriso mtools"
	[run]="qemu-system-x86"
	[test]="libcriterion-dev clang libclang-rt-14-dev gdb"
	[bench]="valgrind libjemalloc-dev libmimalloc-dev"
	[dev]="bear clang-format"
)

missing=()
for g in "$@"; do
	if [ -z "${GROUP[$g]+x}" ]; then
		echo "deps.sh: unknown group '$g' (known: ${!GROUP[*]})" >&2
		exit 2
	fi
	for p in ${GROUP[$g]}; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
			missing+=("$p")
		fi
	done
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "keel needs these Debian packages, which are not installed: ${missing[*]}" >&2
	echo "Install them with:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
	exit 1
fi
echo "deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/keel-apt.log 2>&1; then
	apt-get update -q >/tmp/keel-apt-update.log 2>&1 || {
		echo "deps.sh: apt-get update failed; see /tmp/keel-apt-update.log" >&2
		exit 1
	}
	apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/keel-apt.log 2>&1 || {
		echo "deps.sh: apt-get install ${missing[*]} failed; see /tmp/keel-apt.log" >&2
		tail -5 /tmp/keel-apt.log >&2
		exit 1
	}
fi
