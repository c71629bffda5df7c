# keel/pt.py: keel-pt, the page-table walk for one virtual address, in the
# text of pagetable_show() (mm/debug.c), which the monitor prints for
# `pt ADDR`: one line per level with its index, entry and flags, then the
# leaf (4 KiB, 2 MiB or 1 GiB page) and its physical address, or "not
# mapped". The kernel walks init_pgd; this walks the live CR3, which is
# init_pgd's physical address while no user address space is loaded.
# Linux's twin is dump_pagetable() in arch/x86/mm/fault.c.

import gdb

from . import mm, utils


class KeelPt(utils.KeelCommand):
    """Walk the page tables for a virtual address (as the monitor's `pt`).

Usage: keel-pt ADDR
ADDR is any GDB expression: 0xffff888000200000, &kmain, $rsp, vmap_list.
The walk starts at the live $cr3 and reads each table through the direct
map (PAGE_OFFSET + physical address). Each line shows the level (PML4,
PDPT, PD, PT), the index, the entry and its flags: P present (- not),
RW or RO, USER, NX or X, PS (a large-page leaf), PCD (uncached)."""

    name = "keel-pt"
    expression_argument = True

    def run(self, arg):
        utils.require_live(self.name)
        va, _ = mm.eval_int(arg, "a virtual address, e.g. "
                            "keel-pt 0xffff888000200000")
        gdb.write(mm.walk_text(mm.walk(va)))


KeelPt()
