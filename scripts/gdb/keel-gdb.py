# keel-gdb.py: the entry point of keel's GDB helpers. GDB sources this file
# (scripts/gdb.sh does, or by hand: `source scripts/gdb/keel-gdb.py`); it
# puts scripts/gdb/ on Python's path and imports the `keel` package, whose
# modules register the keel-* commands. Sourcing it again reloads them, so
# a command can be edited without restarting GDB.
# Linux's twin is scripts/gdb/vmlinux-gdb.py with its lx-* commands.

import os
import sys

import gdb

_here = os.path.dirname(os.path.abspath(__file__))
if _here not in sys.path:
    sys.path.insert(0, _here)

if "keel" in sys.modules:
    sys.modules["keel"].reload()
else:
    import keel  # noqa: F401  (importing registers the commands)
