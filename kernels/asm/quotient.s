; quotient.s: the UnIT threshold quotients T / m and the requantisation of an accumulator.
; Twins: kernels/division.ts (`exactQuotientPow2`, `exactQuotientRaw`, `shiftCeilQuotient`,
; `shiftFloorQuotient`, `treeQuotient`) and kernels/fixed.ts (`requantize`).
;
; Contract of the quotient routines (called with CALLA, return with RETA):
;   in:   R12 = m, the operand magnitude, 1..0x8000 read unsigned (|−32768| = 0x8000)
;         R13 = P = eT + 2F (int16, −16..15)              pow2 T: exact, shift-*, tree
;         R13 = tRaw (0..32767), R14 = F (0..15)           raw T: __unit_quot_exact_raw only
;   out:  R13:R12 = q, the UNSATURATED quotient (R12 low word). R13 is 0 for every method but
;         the raw exact one (q ≤ 0x8000); raw exact q ≤ 2^30.
;         The 16-bit threshold is t = 0xFFFF ("nothing passes") when R13 ≠ 0, else R12; a group
;         with shift d uses min(0xFFFF, q >> d) (docs/kernels.md §5.2), so callers that build a
;         group table need all 32 bits.
;   clobbers: R12–R15 and SR only (R11 is saved around the division loop).
;   All five take the same registers, so a kernel picks one address at set-up and calls it
;   through a register (`calla r9`) per division: selection at run time costs nothing per call.
;
; __unit_requant: R13:R12 = int32 accumulator with 2F fractional bits, R14 = F (0..15)
;   → R12 = saturate16((acc + (1 << (F − 1))) >> F) (the add wraps modulo 2^32; no rounding
;   term when F = 0). Clobbers R13–R15, SR.
;
; Cycles (msp430x.md §6; k = index of the leading one of m):
;   exact (pow2)   P < 0: 9. Otherwise 2^P by RPT, then 16 restoring division steps of 10 or 12
;                  cycles: about 200; see docs/kernels.md.
;   exact (raw)    tRaw << F: 6 per bit of F; 32 division steps: about 400
;   shift-floor    4 per halving of m (k + 1 of them) + 2^e by RPT (e + 1) + about 12
;   shift-ceil     the same loop, one cycle less at the end
;   tree           4 compares (4 cycles each) + a leaf (3–4) + 2^e as above
;   requant        about 22 + 5 per bit of F

        .text
        .global __unit_quot_exact
        .global __unit_quot_exact_raw
        .global __unit_quot_shift_ceil
        .global __unit_quot_shift_floor
        .global __unit_quot_tree
        .global __unit_requant

; ---- exact ------------------------------------------------------------------------------------

        .type   __unit_quot_exact, @function
__unit_quot_exact:
        tst     r13
        jn      .Lq_zero                ; P < 0: 2^P / m < 1, so floor = 0
        mov     #1, r14                 ; dividend high word = 2^P
        tst     r13
        jz      1f
        dec     r13
        rpt     r13 { rlax.w r14        ;   P shifts (RPT Rn runs Rn[3:0] + 1 times)
1:      clr     r13                     ; dividend low word = 0
        pushm.a #1, r11
        mov     #16, r11                ; a 16-bit dividend: 16 division steps
        jmp     .Lq_divide

        .type   __unit_quot_exact_raw, @function
__unit_quot_exact_raw:
        clr     r15                     ; dividend = tRaw << F in r15:r13
        tst     r14
        jz      2f
1:      rla     r13
        rlc     r15
        dec     r14
        jnz     1b
2:      mov     r15, r14                ; dividend high word
        pushm.a #1, r11
        mov     #32, r11                ; a 32-bit dividend: 32 division steps

; Restoring division, shared tail: r14:r13 = dividend, r12 = m, r11 = steps (saved on the
; stack). Each step shifts remainder:dividend left and subtracts m when it fits; the quotient
; bits enter at bit 0 of r13. The remainder stays below m ≤ 0x8000, so its shift never loses a
; bit. After 16 steps on a dividend in r14 (r13 = 0) or 32 on r14:r13, r14:r13 is the quotient.
.Lq_divide:
        clr     r15                     ; remainder
.Lq_div_step:
        rla     r13                     ; remainder:dividend <<= 1
        rlc     r14
        rlc     r15
        cmp     r12, r15                ; remainder ≥ m ?
        jlo     .Lq_div_next
        sub     r12, r15                ; remainder −= m
        bis     #1, r13                 ; quotient bit = 1
.Lq_div_next:
        dec     r11
        jnz     .Lq_div_step
        popm.a  #1, r11
        mov     r13, r12                ; q low
        mov     r14, r13                ; q high
        reta

.Lq_zero:
        clr     r12
        clr     r13
        reta

; ---- bit shift --------------------------------------------------------------------------------
; e = P − k (floor) or P − k − 1 (ceil), k found by halving m until it is 0: the loop runs k + 1
; times and lowers e each time, one time too many for floor (undone by the INC).

        .type   __unit_quot_shift_floor, @function
__unit_quot_shift_floor:
1:      dec     r13                     ; e −= 1
        rrum.w  #1, r12                 ; m >>= 1 (unsigned: 0x8000 works)
        jnz     1b
        inc     r13                     ; e = P − k
        jmp     .Lq_pow2

        .type   __unit_quot_shift_ceil, @function
__unit_quot_shift_ceil:
1:      dec     r13                     ; e −= 1
        rrum.w  #1, r12                 ; m >>= 1
        jnz     1b                      ; e = P − k − 1
        ; fall through

; r13 = e → r13:r12 = 2^e, or 0 when e < 0 (a threshold below one LSB: every non-zero
; operand passes). e ≤ 15, so 2^e fits one word.
.Lq_pow2:
        tst     r13
        jn      .Lq_zero
        mov     #1, r12
        tst     r13
        jz      1f
        dec     r13
        rpt     r13 { rlax.w r12        ; e shifts
1:      clr     r13
        reta

; ---- binary tree ------------------------------------------------------------------------------
; n = the least exponent with 2^n > m (1..16), by four unsigned compares against the pivots
; 2^8; 2^12 | 2^4; 2^14, 2^10 | 2^6, 2^2; 2^15, 2^13, …, 2^1 (m ≥ pivot → upper half).
; Then e = P − n and t = 2^e as for the shift methods.

        .type   __unit_quot_tree, @function
__unit_quot_tree:
        cmp     #0x0100, r12
        jhs     .Lq_t9
        cmp     #0x0010, r12            ; n in 1..8
        jhs     .Lq_t5
        cmp     #4, r12                 ; n in 1..4
        jhs     .Lq_t3
        cmp     #2, r12                 ; n in 1..2
        jhs     .Lq_n2
        sub     #1, r13
        jmp     .Lq_pow2
.Lq_n2:   sub     #2, r13
        jmp     .Lq_pow2
.Lq_t3:   cmp     #8, r12                 ; n in 3..4
        jhs     .Lq_n4
        sub     #3, r13
        jmp     .Lq_pow2
.Lq_n4:   sub     #4, r13
        jmp     .Lq_pow2
.Lq_t5:   cmp     #0x0040, r12            ; n in 5..8
        jhs     .Lq_t7
        cmp     #0x0020, r12            ; n in 5..6
        jhs     .Lq_n6
        sub     #5, r13
        jmp     .Lq_pow2
.Lq_n6:   sub     #6, r13
        jmp     .Lq_pow2
.Lq_t7:   cmp     #0x0080, r12            ; n in 7..8
        jhs     .Lq_n8
        sub     #7, r13
        jmp     .Lq_pow2
.Lq_n8:   sub     #8, r13
        jmp     .Lq_pow2
.Lq_t9:   cmp     #0x1000, r12            ; n in 9..16
        jhs     .Lq_t13
        cmp     #0x0400, r12            ; n in 9..12
        jhs     .Lq_t11
        cmp     #0x0200, r12            ; n in 9..10
        jhs     .Lq_n10
        sub     #9, r13
        jmp     .Lq_pow2
.Lq_n10:  sub     #10, r13
        jmp     .Lq_pow2
.Lq_t11:  cmp     #0x0800, r12            ; n in 11..12
        jhs     .Lq_n12
        sub     #11, r13
        jmp     .Lq_pow2
.Lq_n12:  sub     #12, r13
        jmp     .Lq_pow2
.Lq_t13:  cmp     #0x4000, r12            ; n in 13..16
        jhs     .Lq_t15
        cmp     #0x2000, r12            ; n in 13..14
        jhs     .Lq_n14
        sub     #13, r13
        jmp     .Lq_pow2
.Lq_n14:  sub     #14, r13
        jmp     .Lq_pow2
.Lq_t15:  cmp     #0x8000, r12            ; n in 15..16
        jhs     .Lq_n16
        sub     #15, r13
        jmp     .Lq_pow2
.Lq_n16:  sub     #16, r13
        jmp     .Lq_pow2

; ---- requantisation ---------------------------------------------------------------------------

        .type   __unit_requant, @function
__unit_requant:
        mov     r14, r15
        rla     r15
        movx.w  .Lq_round(r15), r15       ; rounding term 1 << (F − 1), 0 when F = 0
        add     r15, r12                ; acc += term, modulo 2^32
        adc     r13
        tst     r14
        jz      2f
1:      rra     r13                     ; acc >>= 1, arithmetic
        rrc     r12
        dec     r14
        jnz     1b
2:      mov     r12, r15                ; saturate: the value fits int16 iff r13 is the sign
        rla     r15                     ;   extension of r12: r15 = 0xFFFF if r12 < 0, else 0
        subc    r15, r15
        inv     r15
        cmp     r15, r13
        jeq     3f
        mov     #0x7fff, r12            ; too large
        tst     r13
        jge     3f
        inc     r12                     ; too small: 0x8000
3:      reta

.Lq_round:
        .word   0, 1, 2, 4, 8, 0x10, 0x20, 0x40, 0x80
        .word   0x100, 0x200, 0x400, 0x800, 0x1000, 0x2000, 0x4000
