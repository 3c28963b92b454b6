; argmax.s: index of the largest int16 word, ties to the lowest index (twin:
; kernels/layers/argmax.ts). The output is one word.
;
; Contract:  void unit_argmax(const descriptor *d)   (CALLA, RETA; d 20-bit in R12)
;   n = s0 (1..32767) words at input; output[0] = the index. Clobbers R11–R15, SR; 4 bytes of
;   stack; no scratch, no counters.
;
; Registers:  R13 → x[i]   R14 = best value   R15 = its index   R11 = i   R12 = n
; Cycles per word after the first (msp430x.md §6): cmp @Rn+, Rm 2, jge 2, [mov -2(Rn), Rm 3,
;   mov Rn, Rm 1], inc 1, cmp 1, jlo 2 = 8 (12 when a new maximum is found).

        .include "descriptor.inc"

        .text
        .global unit_argmax
        .type   unit_argmax, @function
unit_argmax:
        pushm.a #1, r12                 ; keep the descriptor for the output pointer
        mova    D_INPUT(r12), r13
        mov     D_S0(r12), r12          ; n
        mov     @r13+, r14              ; best = x[0]
        clr     r15                     ; at index 0
        mov     #1, r11                 ; i = 1
        cmp     r12, r11
        jhs     .Lam_done               ; n = 1
.Lam_next:
        cmp     @r13+, r14              ; best − x[i]
        jge     1f                      ; best ≥ x[i]: keep (ties keep the lower index)
        mov     -2(r13), r14            ; new best
        mov     r11, r15
1:      inc     r11
        cmp     r12, r11
        jlo     .Lam_next
.Lam_done:
        popm.a  #1, r12
        mova    D_OUTPUT(r12), r13
        mov     r15, 0(r13)             ; output = index
        reta
        .size   unit_argmax, . - unit_argmax
