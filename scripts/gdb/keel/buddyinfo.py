# keel/buddyinfo.py: keel-buddyinfo, the free blocks of each order in the
# format of Linux's /proc/buddyinfo, as buddyinfo_show() in
# mm/page_alloc.c prints it (the monitor's `buddyinfo`):
#   Node 0, zone   Normal      3      0      1 ...     30
# The numbers are zone.free_area[order].nr_free. The command also counts
# the free blocks itself, from the free lists and from the roles in
# mem_map, and warns (on stderr, after the line) where they disagree.

import collections

import gdb

from . import mm, utils


def zone_state():
    """(nr_free per order, the list heads, pcp count) from the kernel's
    static `zone` (mm/page_alloc.c)."""
    mm.require_fields("struct zone", ("free_area", "pcp"))
    zone = mm.fetched(utils.lookup_global("zone"))
    areas = zone["free_area"]
    low, high = areas.type.range()
    nr_free, heads = [], []
    for o in range(low, high + 1):
        nr_free.append(int(areas[o]["nr_free"]))
        heads.append(int(areas[o]["head"]))
    pcp = zone["pcp"]
    return nr_free, heads, int(pcp["count"])


def buddyinfo_line(nr_free):
    return "Node 0, zone %8s %s\n" % (
        "Normal", "".join("%6u " % n for n in nr_free))


def check(layout, data, max_pfn, nr_free, heads, pcp_count):
    """Problems found by counting the blocks two other ways: walking each
    free list (page->next, in the mem_map copy @data) and counting free
    heads by their flags. [] when all agree."""
    problems = []
    roles = mm.roles()
    free = mm.role("PR_FREE", roles)
    counts = collections.Counter(layout.flag_words(data))
    nxt = layout.fields["next"]
    for order, head in enumerate(heads):
        n, pfn = 0, head
        while pfn != mm.PFN_NONE and pfn < max_pfn and n <= max_pfn:
            n += 1
            pfn = nxt.decode(data, pfn * layout.size)
        if pfn != mm.PFN_NONE:
            problems.append("order %d list: bad link to pfn %#x" % (order, pfn))
        if n != nr_free[order]:
            problems.append("order %d list holds %d blocks, nr_free says %d"
                            % (order, n, nr_free[order]))
        heads_in_map = counts[free | order << mm.PG_ORDER_SHIFT]
        if heads_in_map != nr_free[order]:
            problems.append("mem_map has %d free heads of order %d, nr_free "
                            "says %d" % (heads_in_map, order, nr_free[order]))
    pcp = sum(c for f, c in counts.items()
              if f & mm.PG_ROLE_MASK == mm.role("PR_PCP", roles))
    if pcp != pcp_count:
        problems.append("mem_map has %d pcp pages, pcp.count says %d"
                        % (pcp, pcp_count))
    return problems


class KeelBuddyinfo(utils.KeelCommand):
    """Free blocks per order, as /proc/buddyinfo (the monitor's `buddyinfo`).

Usage: keel-buddyinfo [--no-check]
One line: "Node 0, zone   Normal" and the number of free blocks of each
order 0..MAX_ORDER (4 KiB .. 4 MiB), from zone.free_area in
mm/page_alloc.c. Pages on the per-cpu list are free but in no block; they
are not counted here (MemFree counts them). Unless --no-check, the free
lists and the roles in mem_map are counted too, and any disagreement is
reported after the line."""

    name = "keel-buddyinfo"

    def run(self, argv):
        if argv not in ([], ["--no-check"]):
            raise gdb.GdbError("usage: keel-buddyinfo [--no-check]")
        utils.require_live(self.name)
        nr_free, heads, pcp_count = zone_state()
        gdb.write(buddyinfo_line(nr_free))
        if argv:
            return
        layout = mm.page_layout()
        _, max_pfn = mm.mem_map()
        data = mm.read_mem_map(layout)
        for problem in check(layout, data, max_pfn, nr_free, heads,
                             pcp_count):
            gdb.write("keel-buddyinfo: warning: %s\n" % problem, gdb.STDERR)


KeelBuddyinfo()
