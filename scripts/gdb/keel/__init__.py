# keel: GDB helpers for the keel kernel, one module per subject.
#
# Every module in this package registers its keel-* commands when imported,
# so a new command (page tables, struct page, buddyinfo, slabinfo, meminfo,
# ...) is one new file here and nothing else: write keel/NAME.py with a
# utils.KeelCommand subclass instantiated at the bottom, as keel/cmdline.py
# does. The command `keel` lists what is loaded.

import importlib
import pkgutil
import traceback

import gdb

from . import utils


def _load(reload_existing):
    """Import (or re-import) every module of the package, sorted by name.
    A module that fails is reported and skipped; the others still load."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name == "utils":
            continue
        try:
            module = importlib.import_module(__name__ + "." + info.name)
            if reload_existing:
                importlib.reload(module)
        except Exception:
            gdb.write("keel: scripts/gdb/keel/%s.py failed to load; its "
                      "commands are missing:\n%s"
                      % (info.name, traceback.format_exc()), gdb.STDERR)


def reload():
    """Re-read every module after an edit (keel-gdb.py calls this)."""
    importlib.reload(utils)
    _load(reload_existing=True)


_load(reload_existing=False)
