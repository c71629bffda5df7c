# keel/cmdline.py: keel-cmdline, the kernel command line as the running
# kernel parsed it (boot_cmdline in kernel/cmdline.c), printed the way
# kmain prints it at boot: "Command line: key=value word ...".

import gdb

from . import utils

BLANKS = " \t\r\n"


def format_word(key, value):
    """One word as it would be written on the command line. The parser
    dropped the quotes, so put them back where a blank needs them:
    key="a b", or "a b" for a key with a blank in it."""
    def quote(s):
        return '"%s"' % s if any(c in s for c in BLANKS) else s

    if value is None:  # a bare word
        return quote(key)
    if any(c in key for c in BLANKS):
        return '"%s=%s"' % (key, value)
    return "%s=%s" % (key, quote(value))


def cmdline_words():
    """(key, value) for each word of boot_cmdline; value None for a bare
    word, "" for "key="."""
    cl = utils.lookup_global("boot_cmdline")
    nr = int(cl["nr_params"])
    params = cl["params"]
    max_params = params.type.range()[1] + 1
    if not 0 <= nr <= max_params:
        raise gdb.GdbError(
            "boot_cmdline.nr_params is %d, not 0..%d: memory is corrupt "
            "or the ELF does not match the running kernel" % (nr, max_params))
    words = []
    for i in range(nr):
        key, value = params[i]["key"], params[i]["value"]
        words.append((utils.read_string(key, 1024),
                      utils.read_string(value, 1024) if int(value) else None))
    return words


def raw_cmdline():
    """The line GRUB passed (boot_info.cmdline), or None if kmain has not
    read the boot information yet."""
    try:
        pointer = utils.lookup_global("boot_info")["cmdline"]
    except (gdb.GdbError, gdb.error):
        return None
    return utils.read_string(pointer, 1024) if int(pointer) else None


class KeelCmdline(utils.KeelCommand):
    """Print the kernel command line words, as the kernel parsed them.

Usage: keel-cmdline
Reads boot_cmdline (kernel/cmdline.h) from the running kernel and prints
"Command line: WORD ..." as kmain does at boot. Words are "key",
"key=value" or key="value with blanks". kmain parses the line in
parse_command_line(), so break after it (e.g. `break report_boot_time`)."""

    name = "keel-cmdline"

    def run(self, argv):
        if argv:
            raise gdb.GdbError("keel-cmdline takes no arguments")
        utils.require_live(self.name)
        words = cmdline_words()
        gdb.write("Command line: %s\n" %
                  " ".join(format_word(k, v) for k, v in words))
        if not words:
            raw = raw_cmdline()
            if raw is None:
                gdb.write("(kmain has not read the boot information yet: "
                          "break later, e.g. `break report_boot_time`)\n")
            elif raw.strip(BLANKS):
                gdb.write("(not parsed yet; GRUB passed \"%s\")\n" % raw)


KeelCmdline()
