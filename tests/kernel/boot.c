/*
 * In-kernel suites about the boot itself: "cmdline" (parsing, and the real
 * command line GRUB passed), "multiboot2" (the real boot information),
 * "timer" (the LAPIC tick advances) and "traps" (exceptions are delivered
 * to a handler and execution resumes).
 */
#include "kernel/ktest.h"
#include "kernel/cmdline.h"
#include "kernel/multiboot2.h"
#include "kernel/string.h"
#include "arch/x86_64/apic.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/traps.h"
#include "mm/page.h"
#include "mm/vmalloc.h"

extern struct mb2_info boot_info;

static void cmdline_parses_keys_values_and_bare_words(struct ktest *t)
{
	static struct cmdline cl;
	char err[128];
	uint64_t v = 0;

	KTEST_ASSERT_EQ(
	    t, cmdline_parse(&cl, "a=1 quiet mem=16M a=2", err, sizeof(err)),
	    0);
	KTEST_EXPECT_STREQ(t, cmdline_get(&cl, "a"), "2");
	KTEST_EXPECT_STREQ(t, cmdline_get(&cl, "quiet"), "");
	KTEST_EXPECT_NULL(t, cmdline_get(&cl, "missing"));
	KTEST_EXPECT_EQ(t, cmdline_get_u64(&cl, "mem", &v), 0);
	KTEST_EXPECT_EQ(t, v, 16ULL << 20);
}

static void cmdline_rejects_unterminated_quote(struct ktest *t)
{
	static struct cmdline cl;
	char err[128] = "";

	KTEST_EXPECT_EQ(t, cmdline_parse(&cl, "a=1 b=\"oops", err, sizeof(err)),
			-1);
	KTEST_EXPECT_NE(t, err[0], 0);
	KTEST_EXPECT_STREQ(t, cmdline_get(&cl, "a"), "1");
}

static void cmdline_holds_the_ktest_switch_we_booted_with(struct ktest *t)
{
	KTEST_EXPECT_NOT_NULL(t, cmdline_get(&boot_cmdline, "ktest"));
}

static struct ktest_case cmdline_cases[] = {
    KTEST_CASE(cmdline_parses_keys_values_and_bare_words),
    KTEST_CASE(cmdline_rejects_unterminated_quote),
    KTEST_CASE(cmdline_holds_the_ktest_switch_we_booted_with),
    {},
};
KTEST_SUITE(cmdline, cmdline_cases);

static void multiboot2_names_grub_as_bootloader(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, strncmp(boot_info.bootloader, "GRUB", 4), 0);
}

static void multiboot2_mmap_has_usable_ram_at_1mib(struct ktest *t)
{
	bool found = false;

	for (int i = 0; i < boot_info.nr_mmap; i++) {
		const struct mb2_mmap_entry *e = &boot_info.mmap[i];

		if (e->type == MULTIBOOT_MEMORY_AVAILABLE &&
		    e->addr <= 0x100000 && e->addr + e->len > 0x200000)
			found = true;
	}
	KTEST_EXPECT_TRUE(t, found);
}

static void multiboot2_mmap_entries_are_sorted_and_disjoint(struct ktest *t)
{
	for (int i = 1; i < boot_info.nr_mmap; i++) {
		const struct mb2_mmap_entry *a = &boot_info.mmap[i - 1];

		KTEST_EXPECT_LE(t, a->addr + a->len, boot_info.mmap[i].addr);
	}
	KTEST_EXPECT_GT(t, boot_info.nr_mmap, 1);
}

static void multiboot2_cmdline_tag_holds_ktest_switch(struct ktest *t)
{
	KTEST_EXPECT_NOT_NULL(t, strstr(boot_info.cmdline, "ktest="));
}

/* tests/boot/run-all.sh boots every ktest scenario with one module,
 * build/test/module.bin, which starts with this text. GRUB may load it
 * below 2 MiB, outside the direct map, so it is read through ioremap. */
static void multiboot2_module_is_reserved_and_readable(struct ktest *t)
{
	static const char magic[] = "keel test module";
	const struct mb2_module *m = &boot_info.modules[0];
	const char *data;

	if (!boot_info.nr_modules) {
		ktest_skip(t, "booted without a module");
		return;
	}
	KTEST_EXPECT_STREQ(t, m->string, "module.bin");
	KTEST_ASSERT_GE(t, m->mod_end - m->mod_start, sizeof(magic) - 1);
	for (unsigned long pfn = PHYS_PFN(m->mod_start);
	     pfn <= PHYS_PFN(m->mod_end - 1); pfn++)
		KTEST_EXPECT_EQ(t, page_role(pfn_to_page(pfn)), PR_RESERVED);
	data = ioremap(m->mod_start, sizeof(magic));
	KTEST_ASSERT_NOT_NULL(t, data);
	KTEST_EXPECT_EQ(t, memcmp(data, magic, sizeof(magic) - 1), 0);
	iounmap((void *)data);
}

static struct ktest_case multiboot2_cases[] = {
    KTEST_CASE(multiboot2_module_is_reserved_and_readable),
    KTEST_CASE(multiboot2_names_grub_as_bootloader),
    KTEST_CASE(multiboot2_mmap_has_usable_ram_at_1mib),
    KTEST_CASE(multiboot2_mmap_entries_are_sorted_and_disjoint),
    KTEST_CASE(multiboot2_cmdline_tag_holds_ktest_switch),
    {},
};
KTEST_SUITE(multiboot2, multiboot2_cases);

static void timer_ticks_advance_with_interrupts_on(struct ktest *t)
{
	uint64_t start = jiffies, t0 = rdtsc();
	uint64_t limit = tsc_khz * 2000; /* two seconds of TSC */

	while (jiffies < start + 5 && rdtsc() - t0 < limit)
		halt();
	KTEST_EXPECT_GE(t, jiffies, start + 5);
}

/* Wide bounds: under TCG on a loaded host the emulated PIT and TSC drift
 * apart (12.6 GHz was measured once); this catches a calibration that
 * returned nothing or garbage, not a slightly wrong clock. */
static void timer_tsc_frequency_is_plausible(struct ktest *t)
{
	KTEST_EXPECT_GT(t, tsc_khz, 10000);	/* > 10 MHz */
	KTEST_EXPECT_LT(t, tsc_khz, 100000000); /* < 100 GHz */
}

static struct ktest_case timer_cases[] = {
    KTEST_CASE(timer_ticks_advance_with_interrupts_on),
    KTEST_CASE(timer_tsc_frequency_is_plausible),
    {},
};
KTEST_SUITE(timer, timer_cases);

static int traps_seen;

/* #UD is a fault: RIP points at the 2-byte ud2, so skip it. */
static bool catch_ud(struct pt_regs *regs)
{
	traps_seen++;
	regs->rip += 2;
	return true;
}

/* #BP is a trap: RIP already points past int3. */
static bool catch_bp(struct pt_regs *regs)
{
	(void)regs;
	traps_seen++;
	return true;
}

static void traps_invalid_opcode_reaches_handler_and_resumes(struct ktest *t)
{
	traps_seen = 0;
	set_trap_handler(X86_TRAP_UD, catch_ud);
	__asm__ volatile("ud2");
	set_trap_handler(X86_TRAP_UD, NULL);
	KTEST_EXPECT_EQ(t, traps_seen, 1);
}

static void traps_breakpoint_reaches_handler_and_resumes(struct ktest *t)
{
	traps_seen = 0;
	set_trap_handler(X86_TRAP_BP, catch_bp);
	__asm__ volatile("int3");
	__asm__ volatile("int3");
	set_trap_handler(X86_TRAP_BP, NULL);
	KTEST_EXPECT_EQ(t, traps_seen, 2);
}

static void traps_registers_survive_a_trap(struct ktest *t)
{
	uint64_t r12 = 0x1234567887654321ULL, out;

	set_trap_handler(X86_TRAP_BP, catch_bp);
	__asm__ volatile("mov %1, %%r12; int3; mov %%r12, %0"
			 : "=r"(out)
			 : "r"(r12)
			 : "r12");
	set_trap_handler(X86_TRAP_BP, NULL);
	KTEST_EXPECT_EQ(t, out, r12);
}

static struct ktest_case traps_cases[] = {
    KTEST_CASE(traps_invalid_opcode_reaches_handler_and_resumes),
    KTEST_CASE(traps_breakpoint_reaches_handler_and_resumes),
    KTEST_CASE(traps_registers_survive_a_trap),
    {},
};
KTEST_SUITE(traps, traps_cases);
