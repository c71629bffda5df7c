# keel/vmallocinfo.py: keel-vmallocinfo, the vmalloc, kernel-stack and
# ioremap areas in the format of Linux's /proc/vmallocinfo, as
# vmallocinfo_show() in mm/vmalloc.c prints it (the monitor's
# `vmallocinfo`): one line per area on vmap_list, in address order, with
# its range (guard page included), size, the caller that created it (from
# the kernel's own kallsyms table, so the offsets match the kernel's),
# pages=, phys= for ioremap, and the kind.

import gdb

from . import mm, utils

# mm/vmalloc.h (macros, so not in the debug information).
VM_ALLOC, VM_IOREMAP, VM_KSTACK, VM_HUGE = 0x1, 0x2, 0x4, 0x8

FIELDS = ("next", "addr", "size", "nr_pages", "phys_addr", "caller", "flags")


def vm_kind(flags):
    if flags & VM_IOREMAP:
        return "ioremap"
    if flags & VM_KSTACK:
        return "vmalloc kernel_stack"
    return "vmalloc vmalloc_huge" if flags & VM_HUGE else "vmalloc"


def areas():
    """Each struct vm_struct on vmap_list, its contents fetched."""
    out = []
    pointer = utils.lookup_global("vmap_list")
    while int(pointer) and len(out) < 1000000:
        vm = mm.fetched(pointer.dereference())
        out.append(vm)
        pointer = vm["next"]
    return out


def area_line(vm, kallsyms):
    """show_area() of mm/vmalloc.c."""
    addr, size = int(vm["addr"]), int(vm["size"])
    flags = int(vm["flags"])
    found = kallsyms.lookup(int(vm["caller"]))
    fn, off, fsize = found if found else ("?", 0, 0)
    line = "0x%016x-0x%016x %8u %s+0x%x/0x%x" % (
        addr, addr + size + mm.PAGE_SIZE, size + mm.PAGE_SIZE, fn, off, fsize)
    if int(vm["nr_pages"]):
        line += " pages=%u" % int(vm["nr_pages"])
    if flags & VM_IOREMAP:
        line += " phys=0x%016x" % int(vm["phys_addr"])
    return line + " %s\n" % vm_kind(flags)


class KeelVmallocinfo(utils.KeelCommand):
    """vmalloc, kernel stack and ioremap areas, as /proc/vmallocinfo.

Usage: keel-vmallocinfo
Walks vmap_list in mm/vmalloc.c: per area its address range including the
guard page after it, its size (guard included), the function that
created it, the pages backing it, the physical address for ioremap, and
its kind. The same text as the monitor's `vmallocinfo`."""

    name = "keel-vmallocinfo"

    def run(self, argv):
        if argv:
            raise gdb.GdbError("keel-vmallocinfo takes no arguments")
        utils.require_live(self.name)
        mm.require_fields("struct vm_struct", FIELDS)
        kallsyms = mm.Kallsyms()
        gdb.write("".join(area_line(vm, kallsyms) for vm in areas()))


KeelVmallocinfo()
