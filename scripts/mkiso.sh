#!/usr/bin/env bash
# Wrap a kernel in a bootable GRUB (BIOS) ISO. Usage:
#   scripts/mkiso.sh KERNEL.elf "COMMAND LINE" OUT.iso [MODULE...]
# GRUB loads the kernel with its multiboot2 command; each MODULE is passed
# as a multiboot2 module (the initrd, later).
set -euo pipefail
kernel=$1 cmdline=$2 out=$3
shift 3
# GRUB re-quotes and escapes '"' and '\' when it builds the multiboot2
# command line, so such a line would reach keel changed. Refuse it.
case $cmdline in
*[\"\'\\]*)
	echo "mkiso.sh: the kernel command line cannot contain quotes or backslashes" >&2
	echo "mkiso.sh: (GRUB would escape them before keel sees them): $cmdline" >&2
	exit 2 ;;
esac
# Each word single-quoted in grub.cfg, so GRUB takes '$', ';' or '{'
# literally; the glob is off so "ktest=*" stays as written.
set -f
words=
for w in $cmdline; do
	words="$words '$w'"
done
set +f
dir=$(mktemp -d "${TMPDIR:-/tmp}/keel-iso.XXXXXX")
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/boot/grub"
cp "$kernel" "$dir/boot/keel.elf"
{
	echo 'set timeout=0'
	echo 'set default=0'
	echo 'menuentry "keel" {'
	echo "	multiboot2 /boot/keel.elf$words"
	for m in "$@"; do
		cp "$m" "$dir/boot/"
		echo "	module2 /boot/$(basename "$m") $(basename "$m")"
	done
	echo '	boot'
	echo '}'
} > "$dir/boot/grub/grub.cfg"
mkdir -p "$(dirname "$out")"
if ! grub-mkrescue -d /usr/lib/grub/i386-pc -o "$out" "$dir" >"$out.log" 2>&1; then
	echo "mkiso.sh: grub-mkrescue failed:" >&2
	cat "$out.log" >&2
	exit 1
fi
