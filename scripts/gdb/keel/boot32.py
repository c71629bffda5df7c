# keel/boot32.py: show boot.asm's 32-bit code as 32-bit instructions.
#
# GDB debugs keel as one x86-64 program (QEMU's stub always sends the
# 64-bit register set, and GDB refuses `set architecture i386` against it),
# so `x/i`, `display/i $pc` and `disassemble` decode every byte as 64-bit
# code. From _start32 up to long_mode_entry boot.asm is 32-bit code, and
# decoded as 64-bit it reads wrong: `mov [boot_magic], eax` comes out as a
# movabs that swallows the next instruction, the far jump as "(bad)".
# This module registers a Python disassembler (GDB 13 and later) that hands
# those addresses to objdump in i386 mode, and leaves the rest to GDB.
# It also decodes code outside the kernel image as 32-bit while the CPU is
# in protected mode without long mode (GRUB's code), from CR0 and EFER.

import re
import shutil
import subprocess
import tempfile

import gdb

try:
    import gdb.disassembler as disassembler
except ImportError:  # GDB before 13: keep GDB's own (64-bit) decoding
    disassembler = None

CR0_PE = 1 << 0
EFER_LMA = 1 << 10

_ranges = None  # [(start, end, mode)], from the ELF's symbols
_cache = {}     # (mode, flavor, address, bytes) -> (length, text)
_warned = False


def _symbol_address(name):
    try:
        return int(gdb.parse_and_eval("(unsigned long)&%s" % name))
    except gdb.error:
        return None


def _image_ranges():
    """Where keel's code is and how wide: boot.asm's 32-bit part, then the
    rest of the image (64-bit). Empty when no keel ELF is loaded."""
    global _ranges
    if _ranges is None:
        names = ("_boot_start", "long_mode_entry", "_boot_end", "_text", "_end")
        addrs = [_symbol_address(n) for n in names]
        if None in addrs:
            _ranges = []
        else:
            boot, lm, boot_end, text, end = addrs
            _ranges = [(boot, lm, "i386"), (lm, boot_end, None),
                       (text, end, None)]
    return _ranges


def _forget_ranges(event=None):
    global _ranges
    _ranges = None
    _cache.clear()


def _cpu_mode():
    """"i386" while the CPU runs protected mode without long mode, else None
    (also when there is no live target)."""
    try:
        frame = gdb.selected_frame()
        cr0 = int(frame.read_register("cr0"))
        efer = int(frame.read_register("efer"))
    except (gdb.error, RuntimeError):
        return None
    if cr0 & CR0_PE and not efer & EFER_LMA:
        return "i386"
    return None


def mode_at(address):
    """objdump's machine name for the code at @address, or None for GDB's
    own x86-64 decoding."""
    for start, end, mode in _image_ranges():
        if start <= address < end:
            return mode
    return _cpu_mode()


def _read_code(info):
    """Up to 15 bytes (the longest x86 instruction) at info.address: fewer
    if memory ends sooner."""
    for length in range(15, 0, -1):
        try:
            return info.read_memory(length, 0).tobytes()
        except gdb.MemoryError:
            if length == 1:
                raise
    return b""


_LINE = re.compile(r"^\s*[0-9a-f]+:\t((?:[0-9a-f]{2} )+)\s*(?:\t(.*))?$")
_BRANCH = re.compile(r"^(?:j\w*|call\w*|loop\w*)\s+(0x[0-9a-f]+)$")
# Memory operands: AT&T "0x20040e" (an immediate has a "$"), Intel
# "ds:0x20040e" or "[0x20040e]" (an immediate is a bare number).
_MEMORY = {"att": re.compile(r"(?<![$\w])0x[0-9a-f]+"),
           "intel": re.compile(r"(?<=ds:|..\[)0x[0-9a-f]+")}


def _objdump(mode, flavor, address, code):
    """(length, text) of the first instruction in @code, by objdump."""
    with tempfile.NamedTemporaryFile(prefix="keel-insn-") as f:
        f.write(code)
        f.flush()
        argv = ["objdump", "-D", "-b", "binary", "-m", mode,
                "--adjust-vma=%#x" % address, "--insn-width=15", f.name]
        if flavor == "intel":
            argv[1:1] = ["-M", "intel"]
        out = subprocess.run(argv, capture_output=True, text=True).stdout
    for line in out.splitlines():
        m = _LINE.match(line)
        if m:
            text = re.sub(r"\s+$", "", m.group(2) or "(bad)")
            return len(m.group(1).split()), text
    return None


def _annotate(text, flavor):
    """Name addresses as GDB does: "call   0x20019b <serial_init32>"; memory
    operands get a comment, "mov    %eax,0x20040e\t# <boot_magic>"."""
    m = _BRANCH.match(text)
    if m:
        return text[:m.start(1)] + gdb.format_address(int(m.group(1), 16))
    names = []
    for number in _MEMORY.get(flavor, _MEMORY["att"]).findall(text):
        named = gdb.format_address(int(number, 16))
        if "<" in named:
            names.append(named[named.index("<"):])
    return text + ("\t# " + " ".join(names) if names else "")


if disassembler is not None:
    class Boot32Disassembler(disassembler.Disassembler):
        """Decodes keel's 32-bit boot code as 32-bit code (see above)."""

        def __init__(self):
            super().__init__("keel-boot32")

        def __call__(self, info):
            global _warned
            mode = mode_at(info.address)
            if mode is None:
                return None  # GDB's own disassembler
            if not shutil.which("objdump"):
                if not _warned:
                    gdb.write("keel: objdump (binutils) not found: 32-bit "
                              "boot code is shown decoded as 64-bit\n")
                    _warned = True
                return None
            code = _read_code(info)
            flavor = gdb.parameter("disassembly-flavor")
            key = (mode, flavor, info.address, code)
            if key not in _cache:
                insn = _objdump(mode, flavor, info.address, code)
                if insn is None:
                    return None
                _cache[key] = (insn[0], _annotate(insn[1], flavor))
            length, text = _cache[key]
            return disassembler.DisassemblerResult(length, text)

    # Replaces the one registered by an earlier load of this module.
    disassembler.register_disassembler(Boot32Disassembler(), "i386:x86-64")
    gdb.events.new_objfile.connect(_forget_ranges)
    gdb.events.clear_objfiles.connect(_forget_ranges)
