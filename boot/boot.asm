; boot/boot.asm: from GRUB to kmain.
;
; GRUB (multiboot2) jumps to _start32 in 32-bit protected mode, paging off,
; with EAX = 0x36d76289 and EBX = the physical address of the boot
; information. This file checks that we were booted by multiboot2 on a CPU
; that can run keel (CPUID, long mode, PAE, NX), builds early page tables
; with 2 MiB pages, turns on PAE + long mode + NX + paging, far-jumps into
; 64-bit code and finally jumps to the higher half, where it calls
; kmain(magic, mbi_phys) on the boot stack. kmain then builds the real page
; tables (mm/) and stops using these (their 28 KiB stay part of the image,
; counted as KernelImage).
;
; Everything up to the jump runs at physical addresses: its sections are
; linked at their load address (linker.ld), so GDB can `hbreak _start32`.
; Linux differs: its arch/x86/boot does its own real-mode set-up and
; decompression before arch/x86/kernel/head_64.S; GRUB does that part here.

MB2_HEADER_MAGIC  equ 0xe85250d6
MB2_ARCH_I386     equ 0
MB2_BOOT_MAGIC    equ 0x36d76289
KERNEL_VMA        equ 0xffffffff80000000
COM1              equ 0x3f8

PTE_P             equ 1 << 0
PTE_W             equ 1 << 1
PTE_PS            equ 1 << 7

; The multiboot2 header (Multiboot2 Specification, 3.1): magic, arch,
; length, checksum, then tags, each 8-byte aligned, ending with an end tag.
section .multiboot progbits alloc noexec nowrite align=8
mb2_header:
	dd MB2_HEADER_MAGIC
	dd MB2_ARCH_I386
	dd mb2_header_end - mb2_header
	dd 0x100000000 - (MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	; Information request (type 1): command line (1), boot loader name (2),
	; modules (3), memory map (6). Flags 0: GRUB must supply them.
	align 8
	dw 1, 0
	dd 8 + 4 * 4
	dd 1, 2, 3, 6
	; Module alignment (type 6): modules start on page boundaries.
	align 8
	dw 6, 0
	dd 8
	; End tag.
	align 8
	dw 0, 0
	dd 8
mb2_header_end:

extern start64

section .boot.text progbits alloc exec nowrite align=16
bits 32
global _start32
_start32:
	cli
	cld
	mov esp, boot_stack32_top
	mov [boot_magic], eax
	mov [boot_mbi], ebx
	call serial_init32

	cmp dword [boot_magic], MB2_BOOT_MAGIC
	jne .bad_magic
	call check_cpu
	call setup_early_page_tables
	call enable_long_mode

	lgdt [gdt64_ptr]
	jmp 0x08:long_mode_entry

.bad_magic:
	mov esi, msg_bad_magic
	jmp boot_fail

; CPUID exists if EFLAGS.ID (bit 21) can be toggled; then we need the
; extended leaf 0x80000001 for LM (EDX bit 29) and NX (EDX bit 20), and
; leaf 1 for PAE (EDX bit 6).
check_cpu:
	pushfd
	pop eax
	mov ecx, eax
	xor eax, 1 << 21
	push eax
	popfd
	pushfd
	pop eax
	push ecx
	popfd
	cmp eax, ecx
	mov esi, msg_no_cpuid
	je boot_fail

	mov eax, 0x80000000
	cpuid
	cmp eax, 0x80000001
	mov esi, msg_no_long_mode
	jb boot_fail
	mov eax, 0x80000001
	cpuid
	test edx, 1 << 29
	mov esi, msg_no_long_mode
	jz boot_fail
	test edx, 1 << 20
	mov esi, msg_no_nx
	jz boot_fail

	mov eax, 1
	cpuid
	test edx, 1 << 6
	mov esi, msg_no_pae
	jz boot_fail
	ret

; Map the first 4 GiB three times with 2 MiB pages: identity (for this
; code), at PAGE_OFFSET (0xffff888000000000, PML4 slot 273: the early
; direct map, so kmain can read the boot information) and the first 2 GiB
; at KERNEL_VMA (PML4 slot 511, PDPT slots 510 and 511).
setup_early_page_tables:
	mov edi, early_pd
	mov eax, PTE_P | PTE_W | PTE_PS
	xor ebx, ebx
	mov ecx, 4 * 512
.fill_pd:
	mov [edi], eax
	mov [edi + 4], ebx
	add eax, 0x200000
	adc ebx, 0
	add edi, 8
	loop .fill_pd

	mov edi, early_pdpt_low
	mov eax, early_pd + (PTE_P | PTE_W)
	mov ecx, 4
.fill_pdpt:
	mov [edi], eax
	add eax, 4096
	add edi, 8
	loop .fill_pdpt

	mov dword [early_pdpt_high + 510 * 8], early_pd + (PTE_P | PTE_W)
	mov dword [early_pdpt_high + 511 * 8], early_pd + 4096 + (PTE_P | PTE_W)

	mov dword [early_pml4 + 0 * 8], early_pdpt_low + (PTE_P | PTE_W)
	mov dword [early_pml4 + 273 * 8], early_pdpt_low + (PTE_P | PTE_W)
	mov dword [early_pml4 + 511 * 8], early_pdpt_high + (PTE_P | PTE_W)
	ret

; CR4.PAE (bit 5), CR3, EFER.LME (bit 8) and EFER.NXE (bit 11), then
; CR0.PG (bit 31) and CR0.WP (bit 16): the CPU is now in compatibility
; mode until the far jump loads a 64-bit code segment.
enable_long_mode:
	mov eax, cr4
	or eax, 1 << 5
	mov cr4, eax
	mov eax, early_pml4
	mov cr3, eax
	mov ecx, 0xc0000080
	rdmsr
	or eax, (1 << 8) | (1 << 11)
	wrmsr
	mov eax, cr0
	or eax, (1 << 31) | (1 << 16)
	mov cr0, eax
	ret

; COM1 at 115200 8N1, so boot failures can be reported before C runs.
serial_init32:
	mov dx, COM1 + 1
	xor al, al
	out dx, al            ; no interrupts
	mov dx, COM1 + 3
	mov al, 0x80
	out dx, al            ; DLAB on
	mov dx, COM1 + 0
	mov al, 1
	out dx, al            ; divisor 1 = 115200 baud
	mov dx, COM1 + 1
	xor al, al
	out dx, al
	mov dx, COM1 + 3
	mov al, 0x03
	out dx, al            ; 8N1, DLAB off
	mov dx, COM1 + 2
	mov al, 0xc7
	out dx, al            ; FIFO on, cleared
	ret

; Print the NUL-terminated string at ESI on COM1 and the VGA screen, then
; stop for good: a boot failure must be read, not rebooted past.
boot_fail:
	mov edi, 0xb8000
.next:
	lodsb
	test al, al
	jz .halt
	mov ah, 0x4f          ; white on red
	mov [edi], ax
	add edi, 2
	mov bl, al
	mov dx, COM1 + 5
.wait:
	in al, dx
	test al, 0x20
	jz .wait
	mov dx, COM1
	mov al, bl
	out dx, al
	jmp .next
.halt:
	cli
	hlt
	jmp .halt

bits 64
long_mode_entry:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor ax, ax
	mov fs, ax
	mov gs, ax
	mov rax, start64      ; boot/start64.asm, in the higher half
	jmp rax

section .boot.data progbits alloc noexec write align=16
msg_bad_magic:
	db "keel: boot failed: EAX does not hold the multiboot2 magic 0x36d76289.", 13, 10
	db "keel: boot keel with GRUB's 'multiboot2' command (make run does this).", 13, 10, 0
msg_no_cpuid:
	db "keel: boot failed: this CPU has no CPUID instruction; keel needs an x86-64 CPU.", 13, 10, 0
msg_no_long_mode:
	db "keel: boot failed: this CPU has no long mode (64-bit); use qemu-system-x86_64.", 13, 10, 0
msg_no_nx:
	db "keel: boot failed: this CPU has no NX bit; keel maps data no-execute (try -cpu qemu64 or max).", 13, 10, 0
msg_no_pae:
	db "keel: boot failed: this CPU has no PAE; long mode needs it.", 13, 10, 0

; A 64-bit GDT good enough to reach long mode; arch/x86_64/gdt.c loads the
; real one (with user segments and the TSS) from C.
align 16
gdt64:
	dq 0
	dq 0x00af9a000000ffff ; 0x08: 64-bit code, DPL 0
	dq 0x00cf92000000ffff ; 0x10: data, DPL 0
gdt64_ptr:
	dw gdt64_ptr - gdt64 - 1
	dd gdt64

global boot_magic, boot_mbi
boot_magic: dd 0
boot_mbi:   dd 0

section .boot.bss nobits alloc noexec write align=4096
global early_pml4
early_pml4:      resb 4096
early_pdpt_low:  resb 4096
early_pdpt_high: resb 4096
early_pd:        resb 4 * 4096
boot_stack32:    resb 1024
boot_stack32_top:

section .note.GNU-stack noalloc noexec nowrite progbits
