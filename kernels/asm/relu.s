; relu.s: y = max(0, x) on int16 words (twin: kernels/layers/relu.ts).
;
; Contract:  void unit_relu(const descriptor *d)   (CALLA, RETA; d 20-bit in R12)
;   n = s0 words from input to output; output may be the input (in place: each word is read
;   before it is written). Clobbers R12–R15, SR only; no stack, no scratch, no counters.
;
; Registers:  R13 → x[i]   R14 → y[i]   R15 = words left   R12 = the word
; Cycles per word (msp430x.md §6): mov @Rn+ 2, tst 1, jge 2, [clr 1], mov Rn, 0(Rm) 4,
;   addx.a #2 2, dec 1, jnz 2 = 14 (15 for a negative word); set-up 13, RETA 5.

        .include "descriptor.inc"

        .text
        .global unit_relu
        .type   unit_relu, @function
unit_relu:
        mova    D_INPUT(r12), r13
        mova    D_OUTPUT(r12), r14
        mov     D_S0(r12), r15          ; n ≥ 1
.Lrelu_word:
        mov     @r13+, r12              ; x
        tst     r12
        jge     1f
        clr     r12                     ; negative → 0
1:      mov     r12, 0(r14)             ; y = max(0, x)
        addx.a  #2, r14
        dec     r15
        jnz     .Lrelu_word
        reta
        .size   unit_relu, . - unit_relu
