/*
 * kmain: where boot/boot.asm hands over, in 64-bit mode in the higher half,
 * on the boot stack, with the early page tables of boot.asm. It brings the
 * kernel up in dependency order, prints what it found (the memory map, the
 * command line) and how long boot took, then either runs the self-tests
 * (`ktest=GLOB`) or idles.
 */
#include "kernel/printk.h"
#include "kernel/cmdline.h"
#include "kernel/multiboot2.h"
#include "kernel/ktest.h"
#include "kernel/string.h"
#include "kernel/debug.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/traps.h"
#include "arch/x86_64/apic.h"
#include "drivers/serial.h"
#include "drivers/vga.h"
#include "mm/page.h"

struct mb2_info boot_info;
uint64_t boot_tsc_start, boot_tsc_end;
extern bool ktest_active;

static void print_memory_map(const struct mb2_info *info)
{
	for (int i = 0; i < info->nr_mmap; i++) {
		const struct mb2_mmap_entry *e = &info->mmap[i];

		printk(KERN_INFO "BIOS-e820: [mem 0x%016llx-0x%016llx] %s\n",
		       (unsigned long long)e->addr,
		       (unsigned long long)(e->addr + e->len - 1),
		       mb2_mmap_type_name(e->type));
	}
}

/* The boot information lies below 4 GiB, all of it in the early map. */
static void parse_boot_info(uint32_t magic, uint32_t mbi_phys)
{
	char err[160];
	size_t avail = MB2_MAX_TOTAL_SIZE;

	if (magic != MULTIBOOT2_BOOTLOADER_MAGIC)
		panic("boot: bad multiboot2 magic 0x%x; boot keel with GRUB's "
		      "multiboot2 command",
		      magic);
	if (mbi_phys + (uint64_t)avail > 0x100000000ULL)
		avail = (size_t)(0x100000000ULL - mbi_phys);
	if (mb2_parse(__va(mbi_phys), avail, &boot_info, err, sizeof(err)))
		panic("boot: cannot use the boot information at 0x%x: %s",
		      mbi_phys, err);
}

static void parse_command_line(void)
{
	char err[160];

	printk(KERN_INFO "Command line: %s\n", boot_info.cmdline);
	if (cmdline_parse(&boot_cmdline, boot_info.cmdline, err, sizeof(err)))
		printk(KERN_WARNING "%s\n", err);
}

/* boot.asm's identity map is only needed until we run in the higher half
 * on our own GDT; dropping it makes NULL and other low addresses fault. */
static void unmap_boot_identity(void)
{
	extern uint64_t early_pml4[];
	uint64_t *pml4 = __va((uintptr_t)early_pml4);

	pml4[0] = 0;
	write_cr3(read_cr3());
}

static void trap_and_timer_init(void)
{
	gdt_init();
	idt_init();
	unmap_boot_identity();
	pic_disable();
	lapic_timer_init(__va(lapic_phys_base()));
	local_irq_enable();
}

static void report_boot_time(void)
{
	uint64_t ticks = boot_tsc_end - boot_tsc_start;

	printk(KERN_INFO "keel: boot took %llu TSC ticks (%llu us) from kmain "
			 "to the end of init\n",
	       (unsigned long long)ticks,
	       (unsigned long long)(tsc_khz ? ticks * 1000 / tsc_khz : 0));
}

static __noreturn void run_self_tests(const char *glob)
{
	int failed;

	ktest_active = true;
	failed = ktest_run(glob);
	printk(KERN_INFO "# ktest: %s\n", failed ? "FAIL" : "PASS");
	qemu_exit(failed ? 1 : 0);
	halt_forever();
}

static __noreturn void idle(void)
{
	printk(KERN_INFO "keel: idle (Ctrl-A X quits QEMU)\n");
	for (;;)
		halt();
}

void kmain(uint32_t magic, uint32_t mbi_phys)
{
	const char *glob;

	boot_tsc_start = rdtsc();
	serial_init();
	vga_init(__va(0xb8000));
	printk(KERN_INFO "keel: a teaching kernel for memory management "
			 "(x86-64)\n");
	parse_boot_info(magic, mbi_phys);
	printk(KERN_INFO "Boot loader: %s\n", boot_info.bootloader);
	parse_command_line();
	print_memory_map(&boot_info);
	trap_and_timer_init();
	boot_tsc_end = rdtsc();
	report_boot_time();
	debug_crash_switches();

	glob = cmdline_get(&boot_cmdline, "ktest");
	if (glob)
		run_self_tests(*glob ? glob : "*");
	idle();
}
