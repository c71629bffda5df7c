# keel: GDB helpers for the keel kernel, one module per subject.
#
# Every module in this package except utils registers its keel-* commands
# when imported, so a new command (page tables, struct page, buddyinfo,
# slabinfo, meminfo, ...) is one new file here and nothing else: write
# keel/NAME.py with a gdb.Command subclass instantiated at the bottom, as
# keel/cmdline.py does. `help keel` lists what is loaded.

import importlib
import pkgutil

import gdb

_modules = []


class Keel(gdb.Command):
    """keel's GDB helpers. `help keel-NAME` describes one command.

Loaded from scripts/gdb/keel/; docs/boot.md shows them in use."""

    def __init__(self):
        super().__init__("keel", gdb.COMMAND_USER, gdb.COMPLETE_COMMAND,
                         prefix=True)


def _load(reload_existing):
    """Import (or re-import) every module of the package, sorted by name."""
    names = sorted(m.name for m in pkgutil.iter_modules(__path__))
    for name in names:
        module = importlib.import_module(__name__ + "." + name)
        if reload_existing:
            module = importlib.reload(module)
        if module not in _modules:
            _modules.append(module)


def reload():
    """Re-read every module after an edit (keel-gdb.py calls this)."""
    from . import utils
    importlib.reload(utils)
    _load(reload_existing=True)


Keel()
_load(reload_existing=False)
