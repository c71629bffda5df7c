; arch/x86_64/entry.asm: the 256 interrupt and exception entry stubs.
;
; The CPU pushes SS, RSP, RFLAGS, CS, RIP and, for some exceptions, an
; error code (Intel SDM vol. 3, 6.14 "Exception and interrupt handling in
; 64-bit mode"). Each stub pushes a dummy error code where the CPU does
; not, then the vector, and jumps to the common code, which saves the
; general registers so the stack holds a struct pt_regs
; (arch/x86_64/ptrace.h) and calls do_trap(regs). On return the registers
; are restored (do_trap may have changed them, e.g. RIP for a fixup).
; Linux differs: it has a separate, hand-written entry per exception
; (arch/x86/entry/entry_64.S) and swaps GS for user mode.

section .text
extern do_trap

%macro TRAP_STUB 1
align 16
trap_stub_%1:
%if %1 = 8 || (%1 >= 10 && %1 <= 14) || %1 = 17 || %1 = 21 || %1 = 29 || %1 = 30
	; the CPU pushed an error code
%else
	push 0
%endif
	push %1
	jmp trap_common
%endmacro

%assign i 0
%rep 256
TRAP_STUB i
%assign i i + 1
%endrep

trap_common:
	push rax
	push rbx
	push rcx
	push rdx
	push rsi
	push rdi
	push rbp
	push r8
	push r9
	push r10
	push r11
	push r12
	push r13
	push r14
	push r15
	cld
	mov rdi, rsp
	; Build a frame record so backtraces walk from the trap into the
	; interrupted code: [rbp] = interrupted rbp, [rbp+8] = interrupted rip.
	push qword [rsp + 17 * 8]  ; regs->rip
	push rbp
	mov rbp, rsp
	call do_trap
	add rsp, 16
	pop r15
	pop r14
	pop r13
	pop r12
	pop r11
	pop r10
	pop r9
	pop r8
	pop rbp
	pop rdi
	pop rsi
	pop rdx
	pop rcx
	pop rbx
	pop rax
	add rsp, 16              ; vector and error code
	iretq

section .rodata
global trap_stub_table
align 8
trap_stub_table:
%assign i 0
%rep 256
	dq trap_stub_ %+ i
%assign i i + 1
%endrep

section .note.GNU-stack noalloc noexec nowrite progbits
