# keel/meminfo.py: keel-meminfo, where every page of RAM went, as
# meminfo_print() in mm/meminfo.c prints it (at boot and for the monitor's
# `meminfo`): the twelve lines of meminfo_show() in /proc/meminfo's format,
# then the "struct page:" line. Like the kernel, it takes a census of
# mem_map[] by page role; mem_map is read in big chunks and counted with
# bytes.count(), so a census of a few GiB of RAM takes well under a second.

import gdb

from . import mm, utils


# Page role -> meminfo category (count_page() in mm/meminfo.c). Any other
# role, PR_RESERVED and invalid ones, goes to count_reserved().
CATEGORY = {
    "PR_FREE": "free", "PR_BUDDY_TAIL": "free", "PR_PCP": "free",
    "PR_KERNEL": "kernel", "PR_SLAB": "slab", "PR_PGTABLE": "pagetables",
    "PR_VMALLOC": "vmalloc", "PR_KSTACK": "kstack", "PR_ANON": "anon",
}

# meminfo_show()'s lines: label, category (None: DirectMap2M).
LINES = (("MemTotal", "total"), ("MemFree", "free"),
         ("KernelImage", "image"), ("MemMap", "memmap"),
         ("PageTables", "pagetables"), ("Slab", "slab"),
         ("VmallocUsed", "vmalloc"), ("KernelStack", "kstack"),
         ("KernelPages", "kernel"), ("AnonPages", "anon"),
         ("Reserved", "reserved"), ("DirectMap2M", None))


def usable_ranges(max_pfn):
    """The usable RAM ranges meminfo_collect() walks: e820_usable[] in
    mm/init.c, [start, end) pfns, sorted and disjoint."""
    count = int(utils.lookup_global("nr_e820_usable"))
    if not count:
        raise gdb.GdbError("e820_usable is empty (mm_init has not run)")
    table = mm.fetched(utils.lookup_global("e820_usable"))
    return [[int(table[i]["start"]), min(int(table[i]["end"]), max_pfn)]
            for i in range(count)]


def collect():
    """meminfo_collect(): {category: pages}, plus "directmap2m" (2 MiB
    pages) and "struct_page" (its size in bytes)."""
    layout = mm.page_layout()
    base, max_pfn = mm.mem_map()
    table = mm.roles()
    roles = layout.role_bytes(mm.read_mem_map(layout))

    mi = {c: 0 for _, c in LINES if c}
    mi["total"] = int(utils.lookup_global("e820_usable_pages"))
    counted = {}
    for name, category in CATEGORY.items():
        counted[mm.role(name, table)] = category
    reserved_roles = [r for r in range(mm.PG_ROLE_MASK + 1)
                      if r not in counted]

    # count_reserved(): the image first, then mem_map itself, else Reserved.
    image = (mm.symbol_address("_boot_start"),
             mm.symbol_address("_end") - mm.START_KERNEL_MAP)
    mm_start = base - mm.PAGE_OFFSET
    mm_end = mm_start + max_pfn * layout.size
    mm_end = (mm_end + mm.PAGE_SIZE - 1) & ~(mm.PAGE_SIZE - 1)

    def pfns(lo, hi):  # pfns whose address lies in [lo, hi)
        return -(-lo // mm.PAGE_SIZE), -(-hi // mm.PAGE_SIZE)

    image_pfns, memmap_pfns = pfns(*image), pfns(mm_start, mm_end)

    def count(seg, roles_wanted):
        return sum(seg.count(bytes([r])) for r in roles_wanted)

    for start, end in usable_ranges(max_pfn):
        seg = roles[start:end]
        for r, category in counted.items():
            mi[category] += seg.count(bytes([r]))
        # Cut the range where the image and mem_map begin and end; each
        # piece is then wholly image, mem_map or other (image first).
        cuts = sorted({start, end} | {c for c in image_pfns + memmap_pfns
                                      if start < c < end})
        for lo, hi in zip(cuts, cuts[1:]):
            if image_pfns[0] <= lo < image_pfns[1]:
                key = "image"
            elif memmap_pfns[0] <= lo < memmap_pfns[1]:
                key = "memmap"
            else:
                key = "reserved"
            mi[key] += count(roles[lo:hi], reserved_roles)

    memblock = mm.fetched(utils.lookup_global("memblock"))
    memory = memblock["memory"]
    mi["directmap2m"] = sum(int(memory["regions"][i]["size"]) >> mm.PMD_SHIFT
                            for i in range(int(memory["cnt"])))
    mi["struct_page"] = layout.size
    return mi


def kb(pages):
    return pages << (mm.PAGE_SHIFT - 10)


def meminfo_text(mi):
    """meminfo_show() and the "struct page:" line of meminfo_print()."""
    out = []
    for label, category in LINES:
        value = kb(mi[category]) if category else \
            mi["directmap2m"] * ((1 << mm.PMD_SHIFT) >> 10)
        out.append("%-15s %8u kB\n" % (label + ":", value))
    total = mi["total"] or 1
    out.append("struct page: %u bytes (Linux: 64); mem_map takes "
               "%u.%02u%% of RAM\n" % (mi["struct_page"],
                                       mi["memmap"] * 100 // total,
                                       mi["memmap"] * 10000 // total % 100))
    return "".join(out)


class KeelMeminfo(utils.KeelCommand):
    """Where every page of RAM went, as /proc/meminfo (the monitor's `meminfo`).

Usage: keel-meminfo
A census of mem_map[] by page role, as meminfo_collect() in mm/meminfo.c
takes it: every page of usable RAM counts in exactly one line, so the
lines from MemFree to Reserved add up to MemTotal. Prints the lines the
kernel prints at boot (meminfo_print)."""

    name = "keel-meminfo"

    def run(self, argv):
        if argv:
            raise gdb.GdbError("keel-meminfo takes no arguments")
        utils.require_live(self.name)
        gdb.write(meminfo_text(collect()))


KeelMeminfo()
