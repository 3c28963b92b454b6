; dot16: dot product of two int16 vectors on the MPY32 hardware multiplier (MACS mode).
;
; Contract (MSP430 EABI, small memory model):
;   int32_t dot16(const int16_t *a, const int16_t *b, uint16_t n);
;   in:   R12 = a, R13 = b (word-aligned, below 0x10000), R14 = n (number of elements, 0 allowed)
;   out:  R12 = sum of a[i] * b[i] for i < n, low word; R13 = high word (R12 alone is the int16
;         result modulo 2^16). No overflow check: the 32-bit sum wraps as MACS does.
;   clobbers: R13, R14, SR flags, MPY32 OP1/OP2/RES0-RES1 (all caller-saved under the EABI)
;   scratch: none. Interrupts: an ISR that uses the MPY32 between the OP1 and OP2 writes breaks
;   the sum, so ISRs must not use it while dot16 runs (msp430x.md §10.2).
;
; Uses only classic MSP430 instructions. Each element costs one OP1 write (MACS selects signed
; multiply-accumulate) and one OP2 write (which starts it); the 16 x 16 product is added to the
; 32-bit RESHI:RESLO. The next OP2 write comes at least 3 cycles later, after the result is
; ready (UG367 Table 5-1), so no NOPs are needed.
;
; Registers:  R12 -> a[i], R13 -> b[i], R14 = elements left.

        .equ    MACS, 0x04c6            ; OP1 for signed multiply-accumulate
        .equ    OP2, 0x04c8             ; second operand; writing it starts the operation
        .equ    RESLO, 0x04ca           ; result bits 15:0
        .equ    RESHI, 0x04cc           ; result bits 31:16

        .text
        .global dot16
        .type   dot16, @function
dot16:
        clr     &RESLO                  ; sum = 0
        clr     &RESHI
        tst     r14
        jz      .Ldone                  ; n = 0: return 0

.Lloop:
        mov     @r12+, &MACS            ; OP1 = a[i]
        mov     @r13+, &OP2             ; sum += a[i] * b[i]
        dec     r14
        jnz     .Lloop

.Ldone:
        mov     &RESLO, r12             ; return the 32-bit sum in R12:R13
        mov     &RESHI, r13
        ret
        .size   dot16, . - dot16
