#!/usr/bin/env bash
# Debug keel with GDB (`make gdb`). Usage:
#   scripts/gdb.sh [OPTIONS] ISO [MEM [SMP]] [-- GDB-ARGS...]
# Starts QEMU headless and paused at the first BIOS instruction, with its
# GDB stub on 127.0.0.1, the serial port written to a file; then runs GDB
# in the foreground with the kernel's symbols and the keel-* helpers
# (scripts/gdb/) loaded, connected to QEMU. QEMU is killed when GDB exits.
#
#   --elf FILE       kernel with symbols (default: keel.elf beside ISO)
#   --port N         GDB stub port (default: 1234 if free, else a free one)
#   --serial FILE    serial output (default: gdb-serial.log beside ISO)
#   --timeout S      kill QEMU after S seconds (default 0: never)
#   --pidfile FILE   write there the pid that stops QEMU when killed
#                    (tests/boot/gdb-test.sh uses it)
# GDB-ARGS go to gdb after the connect, e.g. "-batch -nx -x FILE".
# QEMU's own messages go to gdb-qemu.log beside the serial log.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

die() {
	echo "gdb.sh: $*" >&2
	exit 1
}

elf= port= serial= timeout=0 pidfile=
while [ $# -gt 0 ]; do
	case $1 in
	--elf) elf=$2; shift ;;
	--port) port=$2; shift ;;
	--serial) serial=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--pidfile) pidfile=$2; shift ;;
	--) break ;;
	-*) die "unknown option $1 (see the top of scripts/gdb.sh)" ;;
	*) break ;;
	esac
	shift
done
[ $# -gt 0 ] && [ "$1" != -- ] || die "usage: scripts/gdb.sh [OPTIONS] ISO [MEM [SMP]] [-- GDB-ARGS...]"
iso=$1
shift
mem=128M smp=1
if [ $# -gt 0 ] && [ "$1" != -- ]; then mem=$1; shift; fi
if [ $# -gt 0 ] && [ "$1" != -- ]; then smp=$1; shift; fi
if [ $# -gt 0 ]; then
	[ "$1" = -- ] || die "unexpected argument '$1'; GDB's arguments go after --"
	shift
fi
elf=${elf:-$(dirname "$iso")/keel.elf}
serial=${serial:-$(dirname "$iso")/gdb-serial.log}
qemu_log=$(dirname "$serial")/gdb-qemu.log

command -v gdb >/dev/null || die "gdb is not installed (sudo apt-get install gdb)"
[ -f "$iso" ] || die "no ISO at $iso: run 'make all' first"
[ -f "$elf" ] || die "no kernel ELF at $elf: run 'make all' first"
[ ! "$elf" -nt "$iso" ] ||
	echo "gdb.sh: warning: $elf is newer than $iso; the symbols may not match the kernel that boots (run 'make all')" >&2
if [ -n "$port" ] && ! [[ $port =~ ^[0-9]+$ ]]; then
	die "--port wants a TCP port number, not '$port'"
fi

# Is anything bound to TCP port $1 (IPv4 or IPv6, any state)?
port_in_use() {
	local hex
	hex=$(printf '%04X' "$1")
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
		awk -v p=":$hex" '$2 ~ p"$" { found = 1 } END { exit !found }'
}

# Is QEMU (the child of qemu.sh's `timeout`, pid $qpid) listening on
# 127.0.0.1:$1? Another program listening there must not count.
stub_ready() {
	local hex inode qemu
	hex=$(printf '0100007F:%04X' "$1")
	inode=$(awk -v a="$hex" '$2 == a && $4 == "0A" { print $10; exit }' /proc/net/tcp)
	[ -n "$inode" ] || return 1
	for qemu in $(cat /proc/"$qpid"/task/*/children 2>/dev/null); do
		ls -l /proc/"$qemu"/fd 2>/dev/null | grep -q "socket:\[$inode\]" && return 0
	done
	return 1
}

# A port nothing uses: 1234 (GDB's habit) if free, else a random high one.
pick_port() {
	local p=1234 tries=0
	while port_in_use "$p"; do
		tries=$((tries + 1))
		[ $tries -lt 50 ] || die "found no free TCP port for the GDB stub"
		p=$((20000 + RANDOM % 40000))
	done
	echo "$p"
}

qpid=
cleanup() {
	if [ -n "$qpid" ] && kill -0 "$qpid" 2>/dev/null; then
		kill "$qpid" 2>/dev/null || true
		wait "$qpid" 2>/dev/null || true
	fi
	[ -z "$pidfile" ] || rm -f "$pidfile"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 129' HUP
# Ctrl-C belongs to GDB (it stops the guest); this script must outlive it.
trap ':' INT

# Start QEMU and wait until its stub listens. In its own session, so the
# Ctrl-C typed at GDB does not reach it (QEMU would quit). With an
# automatic port, another program may take the port between our check and
# QEMU's bind; then try another.
mkdir -p "$(dirname "$serial")" "$(dirname "$qemu_log")"
if [ -n "$port" ] && port_in_use "$port"; then
	die "TCP port $port is in use (another 'make gdb'?); give another --port, or none to pick a free one"
fi
for attempt in 1 2 3 4 5; do
	p=${port:-$(pick_port)}
	: > "$serial"
	setsid "$root/scripts/qemu.sh" --iso "$iso" --mem "$mem" --smp "$smp" \
		--log "$serial" --timeout "$timeout" --gdb --gdb-port "$p" \
		</dev/null >"$qemu_log" 2>&1 &
	qpid=$!
	[ -z "$pidfile" ] || echo "$qpid" > "$pidfile"
	for _ in $(seq 100); do
		stub_ready "$p" && break
		kill -0 "$qpid" 2>/dev/null || break
		sleep 0.05
	done
	stub_ready "$p" && break
	if kill -0 "$qpid" 2>/dev/null; then
		die "QEMU did not open its GDB stub on port $p within 5 s; see $qemu_log"
	fi
	wait "$qpid" 2>/dev/null || true
	qpid=
	if [ -z "$port" ] && grep -q "Address already in use" "$qemu_log"; then
		continue
	fi
	cat "$qemu_log" >&2
	die "QEMU failed to start (above, also in $qemu_log)"
done
[ -n "$qpid" ] || die "no free port for the GDB stub after 5 tries"

echo "keel: QEMU is paused at the first BIOS instruction; GDB stub on 127.0.0.1:$p"
echo "keel: serial output: tail -f $serial"
if [ $# -eq 0 ]; then
	echo "keel: try 'hbreak _start32', 'continue', 'stepi', 'x/i \$pc', 'hbreak kmain', 'continue', 'keel' (docs/boot.md)"
fi

status=0
gdb -q "$elf" \
	-ex "source $root/scripts/gdb/keel-gdb.py" \
	-ex "target remote 127.0.0.1:$p" \
	"$@" || status=$?
exit $status
