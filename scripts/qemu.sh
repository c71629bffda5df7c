#!/usr/bin/env bash
# Run keel in QEMU (TCG: no KVM here). Usage:
#   scripts/qemu.sh --iso ISO [--mem 128M] [--smp 1] [--swap 0]
#                   [--interactive | --log FILE --timeout SECONDS]
#                   [--gdb [--gdb-port N]]
# --interactive puts the serial console on this terminal (Ctrl-A X quits).
# --log runs headless with the serial port written to FILE, under a timeout;
# the exit status is QEMU's: 1 = ktest passed, 3 = failed, 5 = panic=exit,
# 124 = timed out (see isa-debug-exit in DESIGN.md).
# --gdb starts paused with the GDB stub on 127.0.0.1:1234 (--gdb-port N:
# on port N instead; scripts/gdb.sh picks a free one).
set -euo pipefail
iso= mem=128M smp=1 swap=0 mode= log= timeout=60 gdb=() gdb_port=1234
while [ $# -gt 0 ]; do
	case $1 in
	--iso) iso=$2; shift ;;
	--mem) mem=$2; shift ;;
	--smp) smp=$2; shift ;;
	--swap) swap=$2; shift ;;
	--interactive) mode=interactive ;;
	--log) mode=log; log=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--gdb) gdb=(-S) ;;
	--gdb-port)
		gdb_port=$2; shift
		[[ $gdb_port =~ ^[0-9]+$ ]] || { echo "qemu.sh: --gdb-port wants a TCP port number, not '$gdb_port'" >&2; exit 2; } ;;
	*) echo "qemu.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
[ -n "$iso" ] || { echo "qemu.sh: --iso is required" >&2; exit 2; }
[ ${#gdb[@]} -eq 0 ] || gdb+=(-gdb "tcp:127.0.0.1:$gdb_port")
args=(-M pc -m "$mem" -smp "$smp" -cdrom "$iso" -boot d -no-reboot
      -device isa-debug-exit,iobase=0xf4,iosize=0x04 "${gdb[@]}")
if [ "$swap" != 0 ]; then
	echo "qemu.sh: SWAP=$swap ignored: keel has no swap support yet" >&2
fi
case $mode in
interactive)
	exec qemu-system-x86_64 "${args[@]}" -nographic ;;
log)
	exec timeout --foreground -k 5 "$timeout" qemu-system-x86_64 "${args[@]}" \
		-display none -serial "file:$log" -monitor none ;;
*)
	echo "qemu.sh: give --interactive or --log FILE" >&2; exit 2 ;;
esac
