; boot/start64.asm: the first code linked in the higher half.
;
; boot/boot.asm jumps here in 64-bit mode once the early page tables map
; the kernel at KERNEL_VMA. We switch to the boot stack (in .bss, so in
; the higher half too) and call kmain(magic, mbi_phys) with the values
; boot.asm saved from GRUB's EAX and EBX. This lives in its own file so
; that each object's debug information covers one address range: GDB
; then finds line numbers for both the physical-address boot code and this.

extern kmain, boot_magic, boot_mbi

section .text
global start64
start64:
	mov rsp, boot_stack_top
	xor ebp, ebp
	mov edi, [boot_magic]  ; still reachable through the identity map
	mov esi, [boot_mbi]
	call kmain
.hang:
	cli
	hlt
	jmp .hang

section .bss
align 16
global boot_stack, boot_stack_top
boot_stack:     resb 16384
boot_stack_top:

section .note.GNU-stack noalloc noexec nowrite progbits
