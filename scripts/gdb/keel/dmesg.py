# keel/dmesg.py: keel-dmesg, the kernel log ring buffer (log_buf and
# log_next in kernel/printk.c) of the running kernel, oldest line first,
# as Linux's `dmesg` (and its GDB twin lx-dmesg) print the kernel log.

import gdb

from . import utils


def log_text():
    """Everything still in log_buf, oldest byte first."""
    buf = utils.lookup_global("log_buf")
    size = buf.type.sizeof
    written = int(utils.lookup_global("log_next"))  # bytes ever written
    base = int(buf.address)
    if written <= size:
        data = utils.read_bytes(base, written) if written else b""
    else:
        # The ring has wrapped: the oldest byte is the next to be written.
        # Its first line is cut off, so drop it.
        start = written % size
        data = utils.read_bytes(base + start, size - start)
        if start:
            data += utils.read_bytes(base, start)
        data = data[data.find(b"\n") + 1:]
    return data.decode("utf-8", errors="replace")


class KeelDmesg(utils.KeelCommand):
    """Print the kernel log buffer (everything printk wrote).

Usage: keel-dmesg
Reads log_buf/log_next (kernel/printk.c) from the running kernel. It holds
the last 64 KiB that printk wrote, including messages above
console_loglevel that never reached the serial port."""

    name = "keel-dmesg"

    def run(self, argv):
        if argv:
            raise gdb.GdbError("keel-dmesg takes no arguments")
        utils.require_live(self.name)
        text = log_text()
        gdb.write(text)
        if text and not text.endswith("\n"):
            gdb.write("\n")


KeelDmesg()
