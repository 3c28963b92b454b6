; maxpool2d.s: max pooling, window = stride, remainder rows and columns dropped (twin:
; kernels/layers/maxpool2d.ts). Also serves maxpool1d (maxpool1d.s), laid out with one row.
;
; Contract:  void unit_maxpool2d(const descriptor *d)   (CALLA, RETA; d 20-bit in R12)
;   CHW int16 input, C = s0, H = s1, W = s2, PH = s4, PW = s5, OH = s6, OW = s7 (host-computed
;   floor(H / PH), floor(W / PW)); output [C][OH][OW]. Saves and restores R4–R10; clobbers
;   R11–R15, SR; 36 bytes of stack; no scratch, no counters.
;
; Registers:  R4 = channels left   R5 = 2W (row stride, bytes)   R6 → row oy·PH of the channel
;   R7 → output   R8 = window rows left (oy)   R9 = windows left in the row (ox)
;   R10 → top-left of the window   R11 = window rows left (py)   R12 = best   R13 → x
;   R14 = window columns left (px)   R15 → window row
;   Frame: 0(SP) = d, 4(SP) = start of the next channel (channel + H · 2W).
; Cycles per input word compared (msp430x.md §6): cmp @Rn+, Rm 2, jge 2, [mov -2(Rn), Rm 3],
;   dec 1, jnz 2 = 7 (10 on a new maximum), plus per window row and window set-up.

        .include "descriptor.inc"

        .text
        .global unit_maxpool2d
        .type   unit_maxpool2d, @function
unit_maxpool2d:
        pushm.a #7, r10                 ; save R4–R10
        suba    #4, sp                  ; 4(SP): next channel
        pushm.a #1, r12                 ; 0(SP): descriptor
        mov     D_S0(r12), r4           ; channels
        mov     D_S2(r12), r5
        rlam.a  #1, r5                  ; row stride 2W (20-bit)
        mova    D_INPUT(r12), r6
        mova    D_OUTPUT(r12), r7
.Lmp_channel:
        mova    @sp, r12
        mov     D_S1(r12), r13          ; next channel = this one + H rows
        mova    r6, r14
1:      adda    r5, r14
        dec     r13
        jnz     1b
        mova    r14, 4(sp)
        mov     D_S6(r12), r8           ; OH window rows
.Lmp_wrow:
        mova    r6, r10                 ; first window of the row
        mova    @sp, r12
        mov     D_S7(r12), r9           ; OW windows
.Lmp_window:
        mov     #0x8000, r12            ; best = −32768
        mova    r10, r15
        mova    @sp, r13
        mov     D_S4(r13), r11          ; PH rows
.Lmp_py:
        mova    r15, r13
        mova    @sp, r14
        mov     D_S5(r14), r14          ; PW columns
.Lmp_px:
        cmp     @r13+, r12              ; best − x
        jge     1f                      ; best ≥ x
        mov     -2(r13), r12            ; new best
1:      dec     r14
        jnz     .Lmp_px
        adda    r5, r15                 ; next row of the window
        dec     r11
        jnz     .Lmp_py
        mov     r12, 0(r7)              ; output = window maximum
        addx.a  #2, r7
        mova    @sp, r13                ; next window: PW words to the right
        mov     D_S5(r13), r14
        rlam.a  #1, r14
        adda    r14, r10
        dec     r9
        jnz     .Lmp_window
        mova    @sp, r12                ; next window row: PH rows down
        mov     D_S4(r12), r13
1:      adda    r5, r6
        dec     r13
        jnz     1b
        dec     r8
        jnz     .Lmp_wrow
        mova    4(sp), r6               ; next channel (skips the rows left over)
        dec     r4
        jnz     .Lmp_channel
        adda    #8, sp
        popm.a  #7, r10
        reta
        .size   unit_maxpool2d, . - unit_maxpool2d
