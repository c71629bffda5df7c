# keel/slabinfo.py: keel-slabinfo, the slab caches in the format of Linux's
# /proc/slabinfo 2.1, as slabinfo_show() in mm/slab.c prints it (the
# monitor's `slabinfo`): the two header lines, then one line per cache on
# slab_caches (newest first). Active objects are counted as the kernel's
# active_objects() counts them: every object of every slab, less the free
# ones on the partial slabs, in the kept empty slab and on the current
# slab's free list (cpu_freelist).

import gdb

from . import mm, utils

HEADER = ("slabinfo - version: 2.1\n"
          "# name            <active_objs> <num_objs> <objsize> "
          "<objperslab> <pagesperslab> : tunables <limit> <batchcount> "
          "<sharedfactor> : slabdata <active_slabs> <num_slabs> "
          "<sharedavail>\n")

FIELDS = ("cpu_freelist", "cpu_slab", "size", "offset", "order", "objects",
          "partial", "nr_slabs", "empty", "name", "next")


def freelist_length(s, layout):
    """Objects on s->cpu_freelist. They all lie in the current slab, so
    that slab is read in one piece and the list followed in the copy; a
    link outside it is followed by single reads."""
    obj = int(s["cpu_freelist"])
    if not obj:
        return 0
    offset = int(s["offset"])  # of the free pointer; 0 without SLAB_DEBUG
    slab, size = None, mm.PAGE_SIZE << int(s["order"])
    page = int(s["cpu_slab"])
    if page:
        base, _ = mm.mem_map()
        pfn = (page - base) // layout.size
        slab = mm.PAGE_OFFSET + (pfn << mm.PAGE_SHIFT)
        data = utils.read_bytes(slab, size)
    n, limit = 0, int(s["objects"]) * max(int(s["nr_slabs"]), 1) + 1
    while obj and n <= limit:
        n += 1
        at = obj + offset
        if slab is not None and slab <= at and at + 8 <= slab + size:
            obj = int.from_bytes(data[at - slab:at - slab + 8], "little")
        else:
            obj = int.from_bytes(utils.read_bytes(at, 8), "little")
    if obj:
        raise gdb.GdbError("cache %s: cpu_freelist does not end after %d "
                           "objects: corrupt?" % (cache_name(s), limit))
    return n


def cache_name(s):
    return utils.read_string(s["name"], 64) if int(s["name"]) else "(null)"


def active_objects(s, layout):
    """active_objects() of mm/slab.c."""
    free = 0
    pfn, seen = int(s["partial"]), 0
    while pfn != mm.PFN_NONE:
        p = mm.read_page(layout, pfn)
        free += p["objects"] - p["inuse"]
        pfn = p["next"]
        seen += 1
        if seen > int(s["nr_slabs"]):
            raise gdb.GdbError("cache %s: partial list longer than nr_slabs "
                               "(%d): corrupt?" % (cache_name(s),
                                                   int(s["nr_slabs"])))
    if int(s["empty"]):
        free += int(s["objects"])
    free += freelist_length(s, layout)
    return int(s["nr_slabs"]) * int(s["objects"]) - free


def caches():
    """Each struct kmem_cache on slab_caches, its contents fetched."""
    out = []
    pointer = utils.lookup_global("slab_caches")
    limit = 10000
    while int(pointer) and len(out) < limit:
        s = mm.fetched(pointer.dereference())
        out.append(s)
        pointer = s["next"]
    return out


def slabinfo_line(s, layout):
    slabs, objects = int(s["nr_slabs"]), int(s["objects"])
    return ("%-17s %6u %6u %6u %4u %4d : tunables %4u %4u %4u : slabdata "
            "%6u %6u %6u\n" % (cache_name(s), active_objects(s, layout),
                               slabs * objects, int(s["size"]), objects,
                               1 << int(s["order"]), 0, 0, 0, slabs, slabs,
                               0))


class KeelSlabinfo(utils.KeelCommand):
    """Slab caches, as /proc/slabinfo (the monitor's `slabinfo`).

Usage: keel-slabinfo
Walks slab_caches in mm/slab.c. Per cache: objects in use, objects in all
its slabs, the object stride, objects per slab, pages per slab, and the
number of slabs. The tunables and sharedavail columns are 0, as keel has
no per-cpu arrays to tune."""

    name = "keel-slabinfo"

    def run(self, argv):
        if argv:
            raise gdb.GdbError("keel-slabinfo takes no arguments")
        utils.require_live(self.name)
        mm.require_fields("struct kmem_cache", FIELDS)
        layout = mm.page_layout()
        text = [HEADER]
        for s in caches():
            text.append(slabinfo_line(s, layout))
        gdb.write("".join(text))


KeelSlabinfo()
