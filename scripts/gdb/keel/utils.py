# keel/utils.py: what the keel-* GDB commands share: a base class that keeps
# the list the `keel` command prints, lookups of kernel globals, and reads
# of target memory whose failures say what to do.

import gdb

# name -> first line of the command's help, for `keel`.
commands = {}


class KeelCommand(gdb.Command):
    """Base of every keel-* command: registers it under @name (from the
    subclass's `name` attribute) and lists it in `keel`."""

    name = None
    # True: run() gets the argument as one string (a GDB expression such
    # as `mem_map + 5`), not split into words.
    expression_argument = False

    def __init__(self):
        super().__init__(self.name, gdb.COMMAND_USER)
        doc = (self.__doc__ or "").strip().splitlines()
        commands[self.name] = doc[0] if doc else ""

    def invoke(self, arg, from_tty):
        # GDB calls invoke(); subclasses implement run(). Argument errors and
        # target problems surface as gdb.GdbError: one line, no traceback.
        self.dont_repeat()
        try:
            self.run(arg if self.expression_argument
                     else gdb.string_to_argv(arg))
        except gdb.MemoryError as e:
            raise gdb.GdbError(
                "%s: %s (not mapped in the current page tables; before "
                "boot.asm turns paging on, the kernel's higher half is "
                "not mapped: `hbreak kmain`, `continue` first)"
                % (self.name, e))
        except gdb.error as e:
            # Mostly a symbol or struct member the kernel no longer has.
            raise gdb.GdbError(
                "%s: %s (does the ELF match the running kernel? if the "
                "kernel's data structures changed, the helper in "
                "scripts/gdb/keel/ needs the same change)" % (self.name, e))

    def run(self, argv):
        raise NotImplementedError


class KeelList(gdb.Command):
    """List keel's GDB commands (scripts/gdb/keel/, one module each)."""

    def __init__(self):
        super().__init__("keel", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        for name in sorted(commands):
            gdb.write("%-16s %s\n" % (name, commands[name]))
        gdb.write("`help NAME` says more; docs/boot.md shows them in use.\n")


def lookup_global(name):
    """The gdb.Value of kernel global @name, or a GdbError naming it."""
    sym = gdb.lookup_global_symbol(name) or gdb.lookup_static_symbol(name)
    if sym is None:
        raise gdb.GdbError(
            "no symbol '%s': load the kernel with `file build/keel.elf` "
            "(and rebuild with `make all` if it is old)" % name)
    return sym.value()


def require_live(command):
    """Raise unless GDB is attached to a running keel (QEMU's stub)."""
    inferior = gdb.selected_inferior()
    if inferior.pid == 0 or not inferior.threads():
        raise gdb.GdbError(
            "%s reads the running kernel: start it with `make gdb` (or "
            "`target remote 127.0.0.1:PORT`) first" % command)


def read_bytes(address, length):
    """@length bytes of target memory at @address, as bytes."""
    try:
        return gdb.selected_inferior().read_memory(address, length).tobytes()
    except gdb.MemoryError:
        raise gdb.GdbError(
            "cannot read %d bytes at 0x%x: not mapped in the current page "
            "tables (until boot.asm turns paging on, the kernel's higher "
            "half is not mapped: `hbreak kmain`, `continue` first)"
            % (length, address))


def read_string(pointer, limit=4096):
    """The NUL-terminated string at @pointer (a gdb.Value or an address),
    read in small pieces so a string near unmapped memory still reads; at
    most @limit bytes. Undecodable bytes show as U+FFFD."""
    address, data = int(pointer), b""
    while len(data) < limit:
        here = address + len(data)
        # Aligned pieces never cross a page boundary.
        piece = read_bytes(here, min(64 - here % 64, limit - len(data)))
        nul = piece.find(b"\0")
        if nul >= 0:
            return (data + piece[:nul]).decode("utf-8", errors="replace")
        data += piece
    return data.decode("utf-8", errors="replace")


KeelList()
