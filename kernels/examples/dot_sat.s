; dot_sat: saturating dot product of two int16 vectors on the MPY32 (MACS mode).
;
; Contract (MSP430 EABI, small memory model):
;   int16_t dot_sat(const int16_t *a, const int16_t *b, uint16_t n);
;   in:   R12 = a, R13 = b (word-aligned, below 0x10000), R14 = n (0 allowed)
;   out:  R12 = the 32-bit sum of a[i] * b[i], saturated to -32768..32767. The sum wraps
;         modulo 2^32 as the MACS accumulator does (only possible beyond two products of
;         -32768 * -32768).
;   clobbers: R13, R14, SR flags, MPY32 OP1/OP2/RES0-RES1 (all caller-saved under the EABI)
;
; Cycles (UG367 Tables 4-8 to 4-10): 11 per element; 26 + 11 n when the sum fits int16,
; 31 + 11 n when it saturates. docs/testing-kernels.md derives them.
;
; Registers:  R12 -> a[i], R13 -> b[i], R14 = elements left; then R12:R13 = sum, R14 = the
; sign extension of the sum's low word.

        .equ    MACS, 0x04c6            ; OP1 for signed multiply-accumulate
        .equ    OP2, 0x04c8             ; second operand; writing it starts the operation
        .equ    RESLO, 0x04ca           ; result bits 15:0
        .equ    RESHI, 0x04cc           ; result bits 31:16

        .text
        .global dot_sat
        .type   dot_sat, @function
dot_sat:
        clr     &RESLO                  ; sum = 0
        clr     &RESHI
        tst     r14
        jz      .Lsum                   ; n = 0: the sum is 0

.Lloop:
        mov     @r12+, &MACS            ; OP1 = a[i]
        mov     @r13+, &OP2             ; sum += a[i] * b[i]
        dec     r14
        jnz     .Lloop

.Lsum:
        mov     &RESLO, r12             ; R12:R13 = sum
        mov     &RESHI, r13

        ; The sum fits int16 when its high word is the sign extension of its low word.
        mov     r12, r14
        rla     r14                     ; C = bit 15 of the low word
        subc    r14, r14                ; R14 = C - 1: 0 if negative, 0xFFFF if not
        inv     r14                     ; R14 = 0xFFFF if negative, 0 if not
        cmp     r14, r13
        jeq     .Ldone

        ; Saturate towards the sign of the whole sum.
        tst     r13
        jn      .Lnegative
        mov     #0x7fff, r12
        ret
.Lnegative:
        mov     #0x8000, r12
.Ldone:
        ret
        .size   dot_sat, . - dot_sat
