; mul16s.s: __unit_mul16s, signed 16 × 16 → 32 multiply by shift-and-add, for MCUs without the
; MPY32 (the software back end of mul.inc). Twin: kernels/fixed.ts `mulShiftAdd`.
;
; Contract (called with CALLA, returns with RETA):
;   in:   R12 = a (int16), R13 = b (int16)
;   out:  R13:R12 = a × b (int32; R12 low word), exact: |a × b| ≤ 2^30
;   clobbers: R11, R14, R15, SR. R4–R10 are preserved; the MPY32 is not touched.
;
; Method (the twin's): the 16 bits of b, read unsigned, select shifted copies of a; when b is
; negative its unsigned reading is b + 2^16, so a << 16 is subtracted, which here is the start
; value of the accumulator. The loop stops as soon as the remaining bits of b are all zero,
; which changes no result bit (the twin's later steps add nothing).
;
; Registers:  R11 = bits of b not yet used   R13:R12 = accumulator   R15:R14 = a << i
;
; Cycles (msp430x.md §6, measured equal): set-up 13 (b > 0), 14 (b < 0); per bit of b up to
; its highest one 8, +2 when the bit is 1; RETA 5. So b = 0: 16; b = 7: 13 + 3 × 10 + 5 = 48;
; a negative b always runs all 16 bits: 14 + 128 + 2 × popcount(b) + 5 (b = −5: 177).

        .text
        .global __unit_mul16s
        .type   __unit_mul16s, @function
__unit_mul16s:
        mov     r13, r11                ; bits = b (read unsigned)
        mov     r12, r14                ; addend low = a
        mov     r12, r15                ; addend high = sign of a:
        rla     r15                     ;   C = sign bit
        subc    r15, r15                ;   0 if a < 0, 0xFFFF if a ≥ 0
        inv     r15                     ;   0xFFFF if a < 0, 0 if a ≥ 0
        clr     r12                     ; accumulator = 0
        clr     r13
        tst     r11
        jz      .Lmul_done              ; b = 0: product 0
        jge     .Lmul_bit
        sub     r14, r13                ; b < 0: accumulator = −(a << 16)
.Lmul_bit:
        rrum.w  #1, r11                 ; C = next bit of b, bits >>= 1
        jnc     .Lmul_shift
        add     r14, r12                ; accumulator += a << i
        addc    r15, r13
.Lmul_shift:
        rla     r14                     ; addend <<= 1 (32-bit)
        rlc     r15
        tst     r11
        jnz     .Lmul_bit               ; more one bits left in b
.Lmul_done:
        reta
        .size   __unit_mul16s, . - __unit_mul16s
