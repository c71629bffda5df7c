# keel/mm.py: what the memory-management commands (keel-pt, keel-page,
# keel-buddyinfo, keel-slabinfo, keel-meminfo, keel-vmallocinfo) share:
# the constants of mm/page.h and arch/x86_64/pgtable.h, the layout of
# struct page (from the kernel's debug information, not hard-coded
# offsets), bulk reads of mem_map[], physical reads through the direct
# map, the page-table walk, and C's printf conventions where Python's
# differ. This module registers no command.
#
# GDB reads virtual addresses (QEMU translates them with the live CR3), so
# physical memory is read at PAGE_OFFSET + phys, as the kernel's __va()
# does. The direct map covers the usable RAM in whole 2 MiB chunks, which
# holds mem_map, the page tables and every buddy, slab and vmalloc page.

import bisect
import os
import shutil
import tempfile

import gdb

from . import utils

# mm/page.h. The kernel is built without macro information (-g, not -g3),
# so these are copies; page_layout() and roles() read the rest from the
# debug information.
PAGE_SHIFT = 12
PAGE_SIZE = 1 << PAGE_SHIFT
PMD_SHIFT = 21
PAGE_OFFSET = 0xffff888000000000
START_KERNEL_MAP = 0xffffffff80000000  # __START_KERNEL_map
PFN_NONE = 0xffffffff
PG_ROLE_MASK = 0xf
PG_ORDER_SHIFT = 4
PG_ORDER_MASK = 0xf << PG_ORDER_SHIFT
PG_head = 1 << 8
PG_tail = 1 << 9

# arch/x86_64/pgtable.h
_PAGE_PRESENT = 1 << 0
_PAGE_RW = 1 << 1
_PAGE_USER = 1 << 2
_PAGE_PCD = 1 << 4
_PAGE_PSE = 1 << 7
_PAGE_NX = 1 << 63
PTE_PFN_MASK = 0x000ffffffffff000

U64 = (1 << 64) - 1

# Read mem_map in pieces of this size: big enough that GDB's remote
# protocol streams it, small enough not to hold much at once.
CHUNK = 256 << 10
# GDB's remote protocol moves about 12 MB/s from QEMU's stub (4 KiB
# packets, hex), so from this size on read_mem_map() first asks QEMU to
# save the physical memory to a file (`monitor pmemsave`), about ten times
# faster: 0.3 s instead of 4 s for the 56 MiB mem_map of a 6 GiB guest.
FAST_READ_MIN = 4 << 20
_pmemsave_works = None  # unknown until tried; False: use read_memory


# ---- C's printf, where Python's differs ----

def c_alt_hex(value):
    """C's "%#x": "0x1f", but "0" for zero (no prefix)."""
    return "%#x" % value if value else "0"


def c_ptr(value):
    """keel's "%p" (kernel/vsprintf.c): "0x" and all 16 hex digits."""
    return "0x%016x" % (value & U64)


# ---- symbols and types ----

def symbol_address(name):
    """The address of kernel symbol @name, or a GdbError naming it."""
    utils.lookup_global(name)  # the clear error if it is missing
    try:
        return int(gdb.parse_and_eval("(unsigned long)&%s" % name))
    except gdb.error as e:
        raise gdb.GdbError("cannot take the address of '%s': %s" % (name, e))


def lookup_type(name):
    try:
        return gdb.lookup_type(name)
    except gdb.error:
        raise gdb.GdbError(
            "no type '%s' in the debug information: load the kernel with "
            "`file build/keel.elf` (rebuilt with `make all` if old)" % name)


def static_in(name, filename):
    """The gdb.Value of the static (or global) @name defined in the source
    file ending in @filename; for names that several files use, such as
    role_names. None if there is no such symbol."""
    lookup_all = getattr(gdb, "lookup_static_symbols", None)
    candidates = lookup_all(name) if lookup_all else []
    for sym in candidates:
        if sym.symtab and sym.symtab.filename.endswith(filename):
            return sym.value()
    sym = gdb.lookup_global_symbol(name)
    if sym is not None and sym.symtab and \
            sym.symtab.filename.endswith(filename):
        return sym.value()
    return None


def field_names(type_name):
    return [f.name for f in lookup_type(type_name).strip_typedefs().fields()]


def require_fields(type_name, names):
    """Raise a clear error when struct @type_name lacks one of @names (the
    kernel source changed under this script)."""
    have = set(field_names(type_name))
    missing = [n for n in names if n not in have]
    if missing:
        raise gdb.GdbError(
            "%s has no field %s: the kernel changed; update "
            "scripts/gdb/keel/" % (type_name, ", ".join(missing)))


def fetched(value):
    """@value with its whole contents read in one go, so that its fields
    come from GDB's copy instead of one target read each."""
    try:
        value.fetch_lazy()
    except gdb.MemoryError:
        raise gdb.GdbError("cannot read %s at 0x%x" % (
            value.type, int(value.address) if value.address else 0))
    return value


class Field:
    """One member of a struct, flattened through anonymous unions."""

    def __init__(self, name, bitpos, bitsize, size, signed):
        self.name, self.bitpos, self.bitsize = name, bitpos, bitsize
        self.size, self.signed = size, signed
        self.offset = bitpos // 8

    def decode(self, data, base=0):
        """The value of this member in the struct whose bytes start at
        data[base]."""
        if self.bitsize:
            first = base + self.bitpos // 8
            shift = self.bitpos % 8
            nbytes = (shift + self.bitsize + 7) // 8
            raw = int.from_bytes(data[first:first + nbytes], "little")
            return (raw >> shift) & ((1 << self.bitsize) - 1)
        start = base + self.offset
        return int.from_bytes(data[start:start + self.size], "little",
                              signed=self.signed)


def _is_signed(t):
    t = t.strip_typedefs()
    if hasattr(t, "is_signed"):  # GDB 12 and later
        try:
            return t.is_signed
        except ValueError:
            return False
    return t.code == gdb.TYPE_CODE_INT and not (t.name or "").startswith("u")


def flatten(t, base=0, out=None):
    """name -> Field for the members of struct type @t, with the members
    of anonymous structs and unions lifted up, as C lets one name them."""
    out = {} if out is None else out
    for f in t.strip_typedefs().fields():
        pos = base + f.bitpos
        if not f.name:
            flatten(f.type, pos, out)
        elif f.name not in out:
            out[f.name] = Field(f.name, pos, f.bitsize, f.type.sizeof,
                                _is_signed(f.type))
    return out


class PageLayout:
    """struct page as this kernel's debug information describes it."""

    NEEDED = ("flags", "_refcount", "next", "prev")

    def __init__(self):
        t = lookup_type("struct page")
        self.size = t.sizeof
        self.fields = flatten(t)
        missing = [n for n in self.NEEDED if n not in self.fields]
        if missing:
            raise gdb.GdbError(
                "struct page has no field %s: the kernel changed; update "
                "scripts/gdb/keel/mm.py" % ", ".join(missing))
        flags = self.fields["flags"]
        if flags.size != 4 or flags.offset % 4 or self.size % 4:
            raise gdb.GdbError("struct page.flags is not a 32-bit word at "
                               "a 4-byte offset: update keel/mm.py")

    def decode(self, data, index=0):
        """{field: value} for struct page number @index in @data."""
        base = index * self.size
        return {name: f.decode(data, base) for name, f in self.fields.items()}

    def flag_words(self, data):
        """The flags word of every struct page in @data, as a sequence."""
        words = memoryview(data).cast("I")
        step = self.size // 4
        return words[self.fields["flags"].offset // 4::step]

    def role_bytes(self, data):
        """The role (low 4 bits of flags) of every struct page in @data, one
        byte each: bytes.count() then counts pages by role in C speed."""
        low = data[self.fields["flags"].offset::self.size]
        return low.translate(_ROLE_OF_BYTE)


_ROLE_OF_BYTE = bytes(b & PG_ROLE_MASK for b in range(256))


def page_layout():
    return PageLayout()


def roles():
    """enum page_role as {name: value}, e.g. {"PR_FREE": 1, ...}."""
    t = lookup_type("enum page_role")
    return {f.name: int(f.enumval) for f in t.fields()}


def role(name, table=None):
    table = table if table is not None else roles()
    if name not in table:
        raise gdb.GdbError("enum page_role has no %s: the kernel changed; "
                           "update scripts/gdb/keel/" % name)
    return table[name]


# The names page_show() prints (mm/debug.c role_names[]); used only when
# that array cannot be read.
_FALLBACK_ROLE_NAMES = ["reserved", "buddy", "buddy-tail", "pcp", "kernel",
                        "slab", "pagetable", "vmalloc", "kstack", "anon"]


def role_names():
    """page_role_name() of mm/debug.c for each role, read from the kernel."""
    array = static_in("role_names", "mm/debug.c")
    if array is None:
        return list(_FALLBACK_ROLE_NAMES)
    low, high = array.type.range()
    names = []
    for i in range(low, high + 1):
        p = array[i]
        names.append(utils.read_string(p, 64) if int(p) else "(null)")
    return names


# ---- mem_map ----

def mem_map():
    """(address of mem_map[0], max_pfn)."""
    base = int(utils.lookup_global("mem_map"))
    nr = int(utils.lookup_global("max_pfn"))
    if not base or not nr:
        raise gdb.GdbError("mem_map is not set up yet (mm_init has not run): "
                           "`break monitor_run`, `continue` first")
    return base, nr


def read_mem_map(layout, start=0, count=None):
    """The raw bytes of mem_map[start .. start + count): one QEMU pmemsave
    when that is large and works, else inferior.read_memory in CHUNKs."""
    base, nr = mem_map()
    count = nr - start if count is None else count
    total = count * layout.size
    address = base + start * layout.size
    if total >= FAST_READ_MIN and PAGE_OFFSET <= address < START_KERNEL_MAP:
        data = pmemsave(address - PAGE_OFFSET, total)
        if data is not None:
            return data
    pieces = []
    done = 0
    inferior = gdb.selected_inferior()
    while done < total:
        n = min(CHUNK, total - done)
        try:
            pieces.append(inferior.read_memory(address + done, n).tobytes())
        except gdb.MemoryError:
            raise gdb.GdbError("cannot read mem_map at 0x%x (%d bytes)"
                               % (address + done, n))
        done += n
    return b"".join(pieces)


def pmemsave(phys, length):
    """@length bytes of physical memory at @phys through QEMU's monitor
    command pmemsave, which writes them to a file that GDB then reads; or
    None where that does not work (not QEMU, QEMU on another machine or
    in a sandbox), after which read_memory is used for good."""
    global _pmemsave_works
    if _pmemsave_works is False:
        return None
    tmp = tempfile.mkdtemp(prefix="keel-gdb-")
    path = os.path.join(tmp, "mem_map")
    data = None
    try:
        if '"' not in path and "\\" not in path:
            out = gdb.execute('monitor pmemsave %#x %d "%s"'
                              % (phys, length, path), to_string=True)
            if not out.strip() and os.path.getsize(path) == length:
                with open(path, "rb") as f:
                    data = f.read()
    except (gdb.error, OSError):
        data = None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _pmemsave_works = data is not None
    return data


def read_page(layout, pfn):
    """{field: value} of struct page @pfn (one small read)."""
    return layout.decode(read_mem_map(layout, pfn, 1))


# ---- physical memory and page tables ----

def read_phys(pa, length):
    """@length bytes of physical memory at @pa, through the direct map."""
    try:
        return gdb.selected_inferior().read_memory(
            PAGE_OFFSET + pa, length).tobytes()
    except gdb.MemoryError:
        raise gdb.GdbError(
            "cannot read physical 0x%x through the direct map at 0x%x: not "
            "RAM that the direct map covers, or paging is not on yet "
            "(`hbreak kmain`, `continue` first)" % (pa, PAGE_OFFSET + pa))


def read_u64_phys(pa):
    return int.from_bytes(read_phys(pa, 8), "little")


def cr3():
    """The live CR3 (QEMU's stub exposes the control registers)."""
    try:
        return int(gdb.parse_and_eval("$cr3")) & U64
    except gdb.error as e:
        raise gdb.GdbError("cannot read $cr3 (%s): is GDB attached to "
                           "QEMU's stub?" % e)


LEVELS = (("PML4", 39), ("PDPT", 30), ("PD", 21), ("PT", 12))
LEAF_SIZE = {1: "1 GiB", 2: "2 MiB", 3: "4 KiB"}


class Walk:
    """The walk of the page tables for one virtual address.
    entries: [(level name, index, entry value)]; level: index into LEVELS
    of the leaf (or of the entry that is not present); phys: the
    physical address, or None when not mapped."""

    def __init__(self, va, entries, level, phys):
        self.va, self.entries, self.level, self.phys = va, entries, level, phys


def walk(va, root=None):
    """Walk the 4-level tables at physical @root (default: the live CR3)
    for @va, as pagetable_show() in mm/debug.c walks init_pgd."""
    if root is None:
        try:
            paging = int(gdb.parse_and_eval("$cr0")) & (1 << 31)
        except gdb.error:
            paging = True  # no $cr0: let the reads tell
        if not paging:
            raise gdb.GdbError("paging is off (CR0.PG = 0): addresses are "
                               "physical; `hbreak kmain`, `continue` first")
    table = (cr3() if root is None else root) & PTE_PFN_MASK
    entries = []
    for level, (name, shift) in enumerate(LEVELS):
        index = (va >> shift) & 511
        entry = read_u64_phys(table + index * 8)
        entries.append((name, index, entry))
        if not entry & _PAGE_PRESENT:
            return Walk(va, entries, level, None)
        if level == 3 or (level >= 1 and entry & _PAGE_PSE):
            phys = (entry & PTE_PFN_MASK) | (va & ((1 << shift) - 1))
            return Walk(va, entries, level, phys)
        table = entry & PTE_PFN_MASK
    raise AssertionError("unreachable")


def entry_flags(entry):
    """The flags column of pagetable_show(): "P RW NX PS" and so on."""
    return "%s%s%s%s%s%s" % (
        "P" if entry & _PAGE_PRESENT else "-",
        " RW" if entry & _PAGE_RW else " RO",
        " USER" if entry & _PAGE_USER else "",
        " NX" if entry & _PAGE_NX else " X",
        " PS" if entry & _PAGE_PSE else "",
        " PCD" if entry & _PAGE_PCD else "")


def walk_text(w):
    """pagetable_show()'s text for walk @w."""
    lines = ["walk of %s:" % c_alt_hex(w.va)]
    for name, index, entry in w.entries:
        lines.append("%-5s[%3u] = %016x %s" % (name, index, entry,
                                                entry_flags(entry)))
    if w.phys is None:
        lines.append("not mapped")
    else:
        lines.append("leaf: %s page at phys %s"
                     % (LEAF_SIZE[w.level], c_alt_hex(w.phys)))
    return "\n".join(lines) + "\n"


def virt_to_phys(va):
    """The physical address of kernel virtual address @va: arithmetic for
    the direct map (__pa) and the image (__pa_symbol), else a page-table
    walk (vmalloc, ioremap, user). None if it is not mapped."""
    if PAGE_OFFSET <= va < START_KERNEL_MAP and va < PAGE_OFFSET + (1 << 46):
        return va - PAGE_OFFSET
    return walk(va).phys


# ---- arguments ----

def eval_int(expression, what):
    """A GDB expression (number, symbol, $register, &x, ...) as a 64-bit
    unsigned integer, and its gdb.Value."""
    if not expression.strip():
        raise gdb.GdbError("give %s" % what)
    try:
        value = gdb.parse_and_eval(expression)
        if value.type.strip_typedefs().code == gdb.TYPE_CODE_ARRAY:
            value = value.address
        return int(value) & U64, value
    except gdb.error as e:
        raise gdb.GdbError("cannot evaluate '%s' as %s: %s"
                           % (expression, what, e))


# ---- kallsyms (kernel/kallsyms.c), for vmallocinfo's callers ----

class Kallsyms:
    """The kernel's own symbol table, read once: kallsyms_lookup() gives
    the same name+offset/size as the kernel prints."""

    def __init__(self):
        self.num = int(utils.lookup_global("kallsyms_num"))
        self.addrs_at = symbol_address("kallsyms_addrs")
        self.offs_at = symbol_address("kallsyms_name_offs")
        self.names_at = symbol_address("kallsyms_names")
        self.text = symbol_address("_text")
        self.etext = symbol_address("_etext")
        data = utils.read_bytes(self.addrs_at, 8 * self.num) if self.num \
            else b""
        self.addrs = list(memoryview(data).cast("Q"))
        data = utils.read_bytes(self.offs_at, 4 * self.num) if self.num \
            else b""
        self.offs = list(memoryview(data).cast("I"))
        self.names = {}

    def lookup(self, addr):
        """(name, offset, size) as kallsyms_lookup(), or None."""
        if addr < self.text or addr >= self.etext or not self.num:
            return None
        lo = bisect.bisect_right(self.addrs, addr) - 1
        if lo < 0:
            return None
        end = self.addrs[lo + 1] if lo + 1 < self.num else self.etext
        if lo not in self.names:
            self.names[lo] = utils.read_string(
                self.names_at + self.offs[lo], 256)
        return self.names[lo], addr - self.addrs[lo], end - self.addrs[lo]
