# keel/page.py: keel-page, one struct page decoded in the text of
# page_show() (mm/debug.c), which the monitor prints for `page PFN`: its
# address in mem_map, pfn, physical address, role, order, refcount, flags,
# the pfn links and the fields of its role's union member.
# Linux's twin is dump_page() in mm/debug.c.

import gdb

from . import mm, utils


def role_details(p, role):
    """page_role_details(): the role-specific part of the line."""
    tail = p["flags"] & mm.PG_tail
    r = p["flags"] & mm.PG_ROLE_MASK
    if r == role.get("PR_SLAB") and not tail:
        return " cache=%s freelist=%s inuse=%u objects=%u" % (
            mm.c_ptr(p["slab_cache"]), mm.c_alt_hex(p["freelist"]),
            p["inuse"], p["objects"])
    if r in (role.get("PR_VMALLOC"), role.get("PR_KSTACK")) and not tail:
        return " vm_area=%s index=%u" % (mm.c_ptr(p["vm_area"]),
                                         p["vm_index"])
    if r == role.get("PR_ANON"):
        return " mapping=%s index=%s" % (mm.c_ptr(p["mapping"]),
                                         mm.c_alt_hex(p["index"]))
    if tail:
        return " head_pfn=%s" % mm.c_alt_hex(p["compound_head"])
    return ""


def page_text(pfn):
    """page_show()'s text for @pfn."""
    layout = mm.page_layout()
    base, max_pfn = mm.mem_map()
    if pfn >= max_pfn:
        return "pfn %s is beyond max_pfn %s\n" % (mm.c_alt_hex(pfn),
                                                  mm.c_alt_hex(max_pfn))
    p = mm.read_page(layout, pfn)
    names = mm.role_names()
    r = p["flags"] & mm.PG_ROLE_MASK
    flags = p["flags"]
    text = ("page:%s pfn:%s phys:%s role:%s order:%u refcount:%d flags:%s"
            "%s%s next:%s prev:%s" % (
                mm.c_ptr(base + pfn * layout.size), mm.c_alt_hex(pfn),
                mm.c_alt_hex(pfn << mm.PAGE_SHIFT),
                names[r] if r < len(names) else "invalid",
                (flags & mm.PG_ORDER_MASK) >> mm.PG_ORDER_SHIFT,
                p["_refcount"], mm.c_alt_hex(flags),
                " head" if flags & mm.PG_head else "",
                " tail" if flags & mm.PG_tail else "",
                mm.c_alt_hex(p["next"]), mm.c_alt_hex(p["prev"])))
    return text + role_details(p, mm.roles()) + "\n"


def is_address(n):
    """An argument this large is an address, not a pfn: the direct map,
    vmalloc and the kernel image all lie above PAGE_OFFSET."""
    return n >= mm.PAGE_OFFSET


def argument_pfn(expression):
    """The pfn keel-page's argument names: a pfn, an address (direct map:
    arithmetic; vmalloc, ioremap, image: a page-table walk), or a
    `struct page *` into mem_map."""
    n, value = mm.eval_int(expression, "a pfn or an address, e.g. keel-page "
                           "0x200 or keel-page 0xffff888000200000")
    t = value.type.strip_typedefs()
    if t.code == gdb.TYPE_CODE_PTR and \
            t.target().strip_typedefs().tag == "page":
        base, _ = mm.mem_map()
        size = mm.page_layout().size
        if n < base or (n - base) % size:
            raise gdb.GdbError("0x%x is not a struct page in mem_map (which "
                               "starts at 0x%x)" % (n, base))
        return (n - base) // size
    if not is_address(n):
        return n
    phys = mm.virt_to_phys(n)
    if phys is None:
        raise gdb.GdbError("0x%x is not mapped (keel-pt 0x%x shows the "
                           "walk)" % (n, n))
    return phys >> mm.PAGE_SHIFT


class KeelPage(utils.KeelCommand):
    """Decode the struct page of a frame (as the monitor's `page`).

Usage: keel-page PFN|ADDR
A number below PAGE_OFFSET (0xffff888000000000) is a page frame number;
a larger one is a kernel virtual address, turned into its pfn: direct-map
addresses by (ADDR - PAGE_OFFSET) >> 12, others (vmalloc, kernel stacks,
the kernel image) by walking the page tables. A `struct page *` (e.g.
mem_map+5) names its own frame. Any GDB expression works: $rsp, vmap_list,
zone.pcp.head. Prints what page_show() in mm/debug.c prints."""

    name = "keel-page"
    expression_argument = True

    def run(self, arg):
        utils.require_live(self.name)
        gdb.write(page_text(argument_pfn(arg)))


KeelPage()
