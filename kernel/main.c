/*
 * kmain: where boot/boot.asm hands over, in 64-bit mode in the higher half,
 * on the boot stack, with the early page tables of boot.asm. It brings the
 * kernel up in dependency order: consoles, boot information and command
 * line, traps, memory management (which replaces the early page tables),
 * the timer; then it moves onto a vmalloc'd kernel stack with a guard page
 * and either runs the self-tests (`ktest=GLOB`) or starts the monitor.
 */
#include "kernel/printk.h"
#include "kernel/cmdline.h"
#include "kernel/multiboot2.h"
#include "kernel/ktest.h"
#include "kernel/string.h"
#include "kernel/bench.h"
#include "kernel/debug.h"
#include "mm/meminfo.h"
#include "kernel/monitor.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/traps.h"
#include "arch/x86_64/apic.h"
#include "drivers/serial.h"
#include "drivers/vga.h"
#include "mm/page.h"
#include "mm/init.h"
#include "mm/vmalloc.h"

#define VGA_PHYS 0xb8000
#define VGA_SIZE (80 * 25 * 2)

struct mb2_info boot_info;
uint64_t boot_tsc_start, boot_tsc_end;
static char bootloader_name[64];
static char module_names[MB2_MAX_MODULES][64];
static char cmdline_copy[CMDLINE_MAX];

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

static void print_modules(const struct mb2_info *info)
{
	for (int i = 0; i < info->nr_modules; i++)
		printk(KERN_INFO "module: [mem 0x%08x-0x%08x] %s\n",
		       info->modules[i].mod_start, info->modules[i].mod_end - 1,
		       info->modules[i].string);
	if (!info->nr_modules)
		printk(KERN_INFO "module: none\n");
}

static void copy_string(char *dst, size_t len, const char *src)
{
	size_t n = strnlen(src, len - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * The boot information lies below 4 GiB, all of it in the early map. What
 * we keep of it is copied, because the direct map that replaces the early
 * map covers only whole 2 MiB chunks of RAM.
 */
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
	copy_string(bootloader_name, sizeof(bootloader_name),
		    boot_info.bootloader);
	boot_info.bootloader = bootloader_name;
	for (int i = 0; i < boot_info.nr_modules; i++) {
		copy_string(module_names[i], sizeof(module_names[i]),
			    boot_info.modules[i].string);
		boot_info.modules[i].string = module_names[i];
	}
}

static void parse_command_line(void)
{
	char err[160];

	printk(KERN_INFO "Command line: %s\n", boot_info.cmdline);
	if (cmdline_parse(&boot_cmdline, boot_info.cmdline, err, sizeof(err)))
		printk(KERN_WARNING "%s\n", err);
	copy_string(cmdline_copy, sizeof(cmdline_copy), boot_info.cmdline);
	boot_info.cmdline = cmdline_copy;
}

static void timer_init(void)
{
	void *lapic = ioremap(lapic_phys_base(), PAGE_SIZE);

	if (!lapic)
		panic("apic: cannot map the local APIC");
	pic_disable();
	lapic_timer_init(lapic);
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

/* The rest of boot, on a vmalloc'd stack whose guard page catches
 * overflows (the boot stack in .bss has none). */
static __noreturn void kmain_late(void)
{
	const char *glob;

	boot_tsc_end = rdtsc();
	report_boot_time();
	meminfo_print();
	debug_crash_switches();

	if (cmdline_has(&boot_cmdline, "bench")) {
		bench_run();
		qemu_exit(0);
	}
	glob = cmdline_get(&boot_cmdline, "ktest");
	if (glob)
		run_self_tests(*glob ? glob : "*");
	monitor_run();
}

static __noreturn void call_on_stack(void (*fn)(void), void *stack_top)
{
	__asm__ volatile("mov %0, %%rsp\n\t"
			 "xor %%ebp, %%ebp\n\t"
			 "call *%1\n\t"
			 "ud2"
			 :
			 : "r"(stack_top), "r"(fn)
			 : "memory");
	__builtin_unreachable();
}

void kmain(uint32_t magic, uint32_t mbi_phys)
{
	void *stack;

	boot_tsc_start = rdtsc();
	serial_init();
	vga_init(__va(VGA_PHYS));
	printk(KERN_INFO "keel: a teaching kernel for memory management "
			 "(x86-64)\n");
	parse_boot_info(magic, mbi_phys);
	printk(KERN_INFO "Boot loader: %s\n", boot_info.bootloader);
	parse_command_line();
	print_memory_map(&boot_info);
	print_modules(&boot_info);
	gdt_init();
	idt_init();

	vga_set_base(NULL); /* the early map goes away in mm_init */
	mm_init(&boot_info, mbi_phys);
	vga_set_base(ioremap(VGA_PHYS, VGA_SIZE));
	timer_init();

	stack = alloc_kernel_stack();
	if (!stack)
		panic("boot: cannot allocate a kernel stack");
	call_on_stack(kmain_late, (char *)stack + THREAD_SIZE);
}
