#!/usr/bin/env bash
# Generate the kallsyms table (assembler) from a linked keel.elf, or an
# empty table with --empty for the first link. The text symbols are sorted
# by address; the table goes at the end of .rodata (linker.ld), after all
# code, so adding it cannot move any function.
set -euo pipefail
emit() {
	echo '.section .note.GNU-stack,"",@progbits'
	echo '.section .kallsyms,"a"'
	echo '.balign 8'
	echo '.globl kallsyms_num, kallsyms_addrs, kallsyms_name_offs, kallsyms_names'
}
if [ "${1:-}" = "--empty" ]; then
	emit
	printf 'kallsyms_num: .quad 0\nkallsyms_addrs:\nkallsyms_name_offs:\nkallsyms_names: .byte 0\n'
	exit 0
fi
nm -n --defined-only "$1" | awk 'BEGIN { n = 0 }
	$2 ~ /^[tTwW]$/ && $1 ~ /^ffffffff8/ && $3 !~ /^\./ { addr[n] = $1; name[n] = $3; n++ }
	END {
		print "kallsyms_num: .quad " n
		print "kallsyms_addrs:"
		for (i = 0; i < n; i++) print "\t.quad 0x" addr[i]
		print "kallsyms_name_offs:"
		off = 0
		for (i = 0; i < n; i++) { print "\t.long " off; off += length(name[i]) + 1 }
		print "kallsyms_names:"
		for (i = 0; i < n; i++) print "\t.asciz \"" name[i] "\""
	}' > "$1.kallsyms.tmp"
emit
cat "$1.kallsyms.tmp"
rm -f "$1.kallsyms.tmp"
