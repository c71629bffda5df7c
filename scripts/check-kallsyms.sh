#!/usr/bin/env bash
# The two links must place every function at the same address, or the
# embedded symbol table would name the wrong functions. Compare them.
set -euo pipefail
text_syms() { nm -n --defined-only "$1" | awk '$2 ~ /^[tT]$/ && $1 ~ /^ffffffff8/'; }
if ! cmp -s <(text_syms "$1") <(text_syms "$2"); then
	echo "kallsyms: function addresses moved between the two links" >&2
	diff <(text_syms "$1") <(text_syms "$2") | head >&2
	exit 1
fi
