/*
 * The monitor (kernel/monitor.h): reads a line from COM1, runs the command,
 * prints the result. Each command prints text in the format of its Linux
 * twin where there is one (/proc/meminfo, buddyinfo, slabinfo,
 * vmallocinfo); the GDB helpers in scripts/gdb print the same text.
 */
#include "kernel/monitor.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "arch/x86_64/io.h"
#include "drivers/serial.h"
#include "mm/debug.h"
#include "mm/meminfo.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"

#define LINE_MAX 128

static char out[16384];

struct command {
	const char *name;
	const char *args;
	const char *help;
	int (*run)(const char *arg);
};

/* printk takes at most 512 bytes a call; the dumps can be longer. */
static void print_lines(const char *text)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		int n = nl ? (int)(nl - text + 1) : (int)strlen(text);

		printk(KERN_INFO "%.*s", n, text);
		text += n;
	}
}

static int show(size_t (*fn)(char *, size_t))
{
	fn(out, sizeof(out));
	print_lines(out);
	return 0;
}

static int cmd_meminfo(const char *arg)
{
	(void)arg;
	meminfo_print();
	return 0;
}

static int cmd_buddyinfo(const char *arg)
{
	(void)arg;
	return show(buddyinfo_show);
}

static int cmd_slabinfo(const char *arg)
{
	(void)arg;
	return show(slabinfo_show);
}

static int cmd_vmallocinfo(const char *arg)
{
	(void)arg;
	return show(vmallocinfo_show);
}

static int cmd_pt(const char *arg)
{
	uint64_t va;

	if (cmdline_parse_u64(arg, &va)) {
		printk(KERN_INFO "pt: give a virtual address, e.g. pt "
				 "0xffff888000200000\n");
		return -1;
	}
	pagetable_show(va, out, sizeof(out));
	print_lines(out);
	return 0;
}

static int cmd_page(const char *arg)
{
	uint64_t pfn;

	if (cmdline_parse_u64(arg, &pfn)) {
		printk(KERN_INFO "page: give a page frame number, e.g. page "
				 "0x200\n");
		return -1;
	}
	page_show((unsigned long)pfn, out, sizeof(out));
	print_lines(out);
	return 0;
}

static int cmd_help(const char *arg);

static const struct command commands[] = {
    {"help", "", "list the commands", cmd_help},
    {"meminfo", "", "where every page of RAM went", cmd_meminfo},
    {"buddyinfo", "", "free blocks per order", cmd_buddyinfo},
    {"slabinfo", "", "slab caches", cmd_slabinfo},
    {"vmallocinfo", "", "vmalloc and ioremap areas", cmd_vmallocinfo},
    {"pt", "ADDR", "walk the page tables for a virtual address", cmd_pt},
    {"page", "PFN", "decode the struct page of a frame", cmd_page},
};

static int cmd_help(const char *arg)
{
	(void)arg;
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		printk(KERN_INFO "  %-11s %-5s %s\n", commands[i].name,
		       commands[i].args, commands[i].help);
	return 0;
}

int monitor_exec(const char *line)
{
	char word[LINE_MAX];
	size_t n = 0;

	while (*line == ' ')
		line++;
	while (line[n] && line[n] != ' ' && n < sizeof(word) - 1)
		n++;
	memcpy(word, line, n);
	word[n] = '\0';
	line += n;
	while (*line == ' ')
		line++;
	if (!n)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(word, commands[i].name))
			return commands[i].run(line);
	printk(KERN_INFO "unknown command '%s'; type help\n", word);
	return -1;
}

/* Read one line with echo and backspace; waits (hlt) between polls. */
static void read_line(char *buf, size_t len)
{
	size_t n = 0;

	for (;;) {
		int c = serial_getc();

		if (c < 0) {
			halt();
			continue;
		}
		if (c == '\r' || c == '\n') {
			printk(KERN_INFO "\n");
			break;
		}
		if ((c == 0x7f || c == '\b') && n) {
			n--;
			printk(KERN_INFO "\b \b");
		} else if (c >= ' ' && c < 0x7f && n < len - 1) {
			buf[n++] = (char)c;
			printk(KERN_INFO "%c", c);
		}
	}
	buf[n] = '\0';
}

void monitor_run(void)
{
	char line[LINE_MAX];

	printk(KERN_INFO "keel monitor: type help for commands "
			 "(Ctrl-A X quits QEMU)\n");
	for (;;) {
		printk(KERN_INFO "keel> ");
		read_line(line, sizeof(line));
		monitor_exec(line);
	}
}
