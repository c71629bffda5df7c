# keel: build, run, test, debug and benchmark. `make help` lists the targets.
#
# The kernel is built freestanding with gcc (+ libgcc) and NASM, linked twice
# (the second link embeds the symbol table, see scripts/kallsyms.sh), and
# wrapped in a GRUB (multiboot2, BIOS) ISO by grub-mkrescue.

MEM     ?= 128M
SMP     ?= 1
SWAP    ?= 0
CMDLINE ?=
KTEST   ?= *
FUZZ_SECONDS ?= 60
SLAB_DEBUG ?= 1

BUILD   := build
# V=1 shows full commands; by default one short line per step, as Linux.
ifeq ($(V),1)
Q :=
else
Q := @
endif
CC      := gcc
NASM    := nasm

KCFLAGS := -std=gnu11 -ffreestanding -fno-pic -fno-pie -mcmodel=kernel \
	   -mno-red-zone -mno-sse -mno-sse2 -mno-mmx -mno-avx \
	   -fno-stack-protector -fno-omit-frame-pointer \
	   -mno-omit-leaf-frame-pointer -fno-optimize-sibling-calls \
	   -fno-asynchronous-unwind-tables \
	   -fno-strict-aliasing -O2 -g -Wall -Wextra -Werror -I. -MMD -MP
ifeq ($(SLAB_DEBUG),1)
KCFLAGS += -DKEEL_SLAB_DEBUG
endif
KLDFLAGS := -nostdlib -static -no-pie -Wl,-T,linker.ld -Wl,-n \
	   -Wl,-z,max-page-size=0x1000 -Wl,--build-id=none \
	   -Wl,--no-warn-rwx-segments
LIBGCC  := $(shell $(CC) -print-libgcc-file-name 2>/dev/null)

MM_SRCS := mm/memblock.c mm/pgtable.c mm/init.c mm/page_alloc.c mm/slab.c \
	   mm/vmalloc.c mm/meminfo.c mm/debug.c
KTEST_SRCS := tests/kernel/boot.c tests/kernel/printk.c tests/kernel/directmap.c \
	      tests/kernel/vmalloc.c tests/kernel/accounting.c tests/kernel/buddy.c \
	      tests/kernel/slab.c
KSRCS   := $(wildcard boot/*.asm arch/x86_64/*.asm arch/x86_64/*.c \
		      kernel/*.c drivers/*.c) $(MM_SRCS) $(KTEST_SRCS)
KOBJS   := $(patsubst %,$(BUILD)/k/%.o,$(KSRCS))

.DEFAULT_GOAL := all
.PHONY: deps-build all iso run test test-host test-boot gdb bench fuzz deps clean help \
	check-format format FORCE

all: $(BUILD)/keel.elf $(BUILD)/keel.iso ## build the kernel and the ISO

help: ## list targets and variables
	@echo "keel: make targets"
	@grep -hE '^[a-zA-Z_.-]+:.*## ' $(MAKEFILE_LIST) | \
		awk -F':.*## ' '{printf "  %-24s %s\n", $$1, $$2}'
	@echo ""
	@echo "Variables (make VAR=value target):"
	@echo "  MEM=$(MEM)       guest RAM for run/gdb (e.g. 32M, 1G, 6G)"
	@echo "  SMP=$(SMP)           guest CPUs (others stay parked)"
	@echo "  SWAP=$(SWAP)          swap disk size for run (0: none)"
	@echo "  CMDLINE=...     kernel command line, e.g. 'ktest=buddy' or 'crash=null'"
	@echo "  KTEST=$(KTEST)         suites 'make test' runs in the guest (glob)"
	@echo "  FUZZ_SECONDS=$(FUZZ_SECONDS) how long 'make fuzz' runs each fuzzer"
	@echo "  SLAB_DEBUG=$(SLAB_DEBUG)    slab red zones/poisoning in the kernel (0: off)"

deps: ## install missing build/run/test packages (apt-get as root)
	@scripts/deps.sh build run test

deps-build:
	@scripts/deps.sh build

# Objects depend on the flags too, so SLAB_DEBUG=0 rebuilds them.
$(BUILD)/kcflags.txt: FORCE
	@mkdir -p $(BUILD)
	@echo '$(KCFLAGS)' | cmp -s - $@ || echo '$(KCFLAGS)' > $@

$(BUILD)/k/%.c.o: %.c $(BUILD)/kcflags.txt
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

$(BUILD)/k/%.asm.o: %.asm | deps-build
	@mkdir -p $(dir $@)
	@echo "  NASM    $<"
	$(Q)$(NASM) -f elf64 -g -F dwarf -MD $(@:.o=.d) -MP -o $@ $<

$(BUILD)/kallsyms0.S:
	@mkdir -p $(BUILD)
	$(Q)scripts/kallsyms.sh --empty > $@

$(BUILD)/%.o: $(BUILD)/%.S
	$(Q)$(CC) -c $< -o $@

# First link without symbols, then embed the symbols of that link.
$(BUILD)/keel.pass1.elf: $(KOBJS) $(BUILD)/kallsyms0.o linker.ld Makefile
	@echo "  LD      $@"
	$(Q)$(CC) $(KLDFLAGS) -o $@ $(KOBJS) $(BUILD)/kallsyms0.o $(LIBGCC)

$(BUILD)/kallsyms.S: $(BUILD)/keel.pass1.elf scripts/kallsyms.sh
	$(Q)scripts/kallsyms.sh $< > $@

$(BUILD)/keel.elf: $(KOBJS) $(BUILD)/kallsyms.o linker.ld
	@echo "  LD      $@ (with kallsyms)"
	$(Q)$(CC) $(KLDFLAGS) -o $@ $(KOBJS) $(BUILD)/kallsyms.o $(LIBGCC)
	@scripts/check-kallsyms.sh $(BUILD)/keel.pass1.elf $@

$(BUILD)/cmdline.txt: FORCE
	@mkdir -p $(BUILD)
	@echo '$(CMDLINE)' | cmp -s - $@ || echo '$(CMDLINE)' > $@

iso: $(BUILD)/keel.iso ## build build/keel.iso with CMDLINE

$(BUILD)/keel.iso: $(BUILD)/keel.elf $(BUILD)/cmdline.txt scripts/mkiso.sh
	@scripts/deps.sh build
	@echo "  ISO     $@ (cmdline: $$(cat $(BUILD)/cmdline.txt))"
	$(Q)scripts/mkiso.sh $(BUILD)/keel.elf "$$(cat $(BUILD)/cmdline.txt)" $@

run: ## boot in QEMU, serial console on this terminal (Ctrl-A X quits)
	@scripts/deps.sh build run
	@$(MAKE) --no-print-directory all
	scripts/qemu.sh --iso $(BUILD)/keel.iso --mem $(MEM) --smp $(SMP) \
		--swap $(SWAP) --interactive

gdb: ## start QEMU paused with its GDB stub and attach GDB (scripts/gdb)
	@scripts/deps.sh build run
	@$(MAKE) --no-print-directory all
	scripts/gdb.sh $(BUILD)/keel.iso $(MEM) $(SMP)

test: ## run every test (host, kernel suites, boot scenarios, GDB); ends "N passed, N failed"
	@scripts/deps.sh build run test
	@KTEST='$(KTEST)' scripts/test-all.sh

test-host: ## host unit tests only (Criterion, ASan+UBSan)
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory -f tests/host/Makefile run

test-boot: all ## boot scenarios only (QEMU)
	@scripts/deps.sh build run
	@KTEST='$(KTEST)' tests/boot/run-all.sh

bench: ## allocator instruction counts (callgrind) vs glibc/jemalloc/mimalloc; guest timings
	@scripts/deps.sh build run bench
	@$(MAKE) --no-print-directory $(BUILD)/keel.elf
	@tests/bench/run.sh

fuzz: ## run each libFuzzer target for FUZZ_SECONDS (tests/fuzz)
	@scripts/deps.sh test
	tests/fuzz/run.sh --seconds $(FUZZ_SECONDS)

compile_commands.json: ## compilation database for editors (bear)
	@scripts/deps.sh build dev
	bear --output $@ -- $(MAKE) --no-print-directory -B $(BUILD)/keel.elf

format: ## clang-format every C source and header in place
	@scripts/deps.sh dev
	clang-format -i $$(git ls-files '*.c' '*.h')

check-format: ## fail if any C file is not clang-formatted
	@scripts/deps.sh dev
	@clang-format --dry-run --Werror $$(git ls-files '*.c' '*.h')

clean: ## remove build/
	rm -rf $(BUILD)

-include $(KOBJS:.o=.d)
