; dense.s: fully connected layer, every variant of the twin (kernels/layers/dense.ts).
;
; Contract:  void unit_dense(const descriptor *d)   (CALLA, RETA; d 20-bit in R12)
;   y[j] = sat16((bias[j] << F) + Σ executed x[p] · W[p][j], rounded), optional fused ReLU,
;   for j < n = s1 outputs, p < s0 inputs; docs/kernels.md §2–§5.
;   Weights input-major W[p][j] at p·n + j, so one input's weights are contiguous (@Rn+).
;   Scratch: n int32 accumulators, then (UnIT with groups) maxGroupShift + 1 threshold words.
;   Variant from the descriptor at run time (one branch per call):
;     0 dense / 2 structured  every MAC of the stored matrix; FLAG_SKIPZ: x = 0 skips its row
;     1 pruned                compressed rows: rowPtr (index) and (j, w) pairs (entries)
;     3 unit                  x = 0 skips its row; else one quotient t = T / |x| per input (the
;                             descriptor's method, chosen at set-up, called through the frame),
;                             then |w| > t per output; FLAG_GROUPS: t = table[d_j]
;   Multiplier back end per build (mul.inc, MUL_MPY32). Uses the MPY32 (MPYS, OP2, RES0/1)
;   or __unit_mul16s; quotients and requantisation from quotient.s.
;   Saves and restores R4–R10 (PUSHM.A/POPM.A); clobbers R11–R15, SR. Stack: 28 + 4 bytes
;   (+ 12 for UnIT) + what the callees use (__unit_quot_*: 4 + 4).
;
; Counting labels (runtime/kernels/counters.ts): __count_exec_* on each executed MAC,
;   __countz13_thr_* on each threshold skip (booked zw when |w| = 0), __countrow6_14_zx_* on a
;   skipped row (R6 = its weights, R14 = 2n bytes: booked per weight), __countr10_zx_pruned on a
;   skipped compressed row (R10 = its entries), __count_div_unit per quotient, __count_cmp_* per
;   threshold compare. Weights never stored (pruned, structured) are counted by the host.
;
; Registers in the MAC loops (R4–R10 survive the software multiply; R11–R15 do not):
;   dense/structured (MPY32 without zero skip: the output-major loop, registers at .Ldn_om)
;                      R4 = &acc[0]  R5 → x[p+1]  R6 → W[p][j]  R7 = inputs left  R8 = n
;                      R9 → acc[j]   R10 = outputs left in the row
;   pruned             R4 = &acc[0]  R5 → x[p+1]  R6 → rowPtr[p+1]  R7 = inputs left
;                      R8 → entries  R9 → acc[j]  R10 = entries left in the row
;   unit               R4 = t (or → threshold table)  R5 → x[p+1]  R6 → W[p][j]
;                      R7 = inputs left  R8 → groups[j]  R9 → acc[j]  R10 = outputs left
;   x itself stays in the MPY32 (MUL_FIXED) or is read again as -2(R5) by the software MAC.
;   Frame: 0(SP) = d; UnIT adds 0(SP) = d, 4(SP) = quotient routine, 8(SP) = its R13
;   argument (P or tRaw), 10(SP) = F, and the first d moves to 12(SP).
;
;
; Cycles per MAC in the inner loops (msp430x.md §6; derivations in docs/kernels.md, measured
; equal by test/kernels/asm/dense.spec.ts and benchmarks/kernels.ts):
;   MPY32    executed 12 (dense/structured without zero skip: output-major MACS), 21 (with zero
;            skip: input-major MPYS), 24 (pruned), 29/31 (unit, w ≥ 0 / w < 0; +6 with groups);
;            threshold skip 14/16 (+6 with groups); a zero-activation row costs 18–29 in all
;   software executed 23 + mul (dense), 26 + mul (pruned), 31 + mul (unit), mul = the
;            __unit_mul16s call body (38 for w = 3); skips as MPY32

        .include "descriptor.inc"
        .include "mul.inc"

        .text
        .global unit_dense
        .type   unit_dense, @function
unit_dense:
        pushm.a #7, r10                 ; save R4–R10 (EABI callee-saved)
        pushm.a #1, r12                 ; frame: 0(SP) = descriptor

; ---- accumulators = bias << F -----------------------------------------------------------------
        mova    D_BIAS(r12), r5         ; r5 → bias[j]
        mova    D_SCRATCH(r12), r6      ; r6 → acc[j]
        mov     D_S1(r12), r7           ; r7 = n
        mov     D_F(r12), r8            ; r8 = F
.Ldn_bias:
        mov     @r5+, r14               ; bias word
        mov     r14, r15                ; r15 = its sign extension
        rla     r15
        subc    r15, r15
        inv     r15
        mov     r8, r13
        tst     r13
        jz      2f
1:      rla     r14                     ; r15:r14 <<= F
        rlc     r15
        dec     r13
        jnz     1b
2:      mov     r14, 0(r6)              ; acc[j] = bias[j] << F
        mov     r15, 2(r6)
        addx.a  #4, r6
        dec     r7
        jnz     .Ldn_bias

; ---- dispatch on the variant ------------------------------------------------------------------
        mov     D_VARIANT(r12), r13
        cmp     #VARIANT_UNIT, r13
        jeq     .Ldn_unit
        cmp     #VARIANT_PRUNED, r13
        jeq     .Ldn_pruned

; ---- dense and structured: every MAC of the stored matrix -------------------------------------
        .if     MUL_MPY32
        bit     #FLAG_SKIPZ, D_FLAGS(r12)
        jz      .Ldn_om                 ; no zero skip: output-major with MACS (below)
        .endif
        mova    D_SCRATCH(r12), r4
        mova    D_INPUT(r12), r5
        mova    D_WEIGHTS(r12), r6
        mov     D_S0(r12), r7           ; inputs
        mov     D_S1(r12), r8           ; outputs
.Ldn_base_row:
        mov     @r5+, r12               ; x = input[p]
        tst     r12
        jz      .Ldn_base_zero
.Ldn_base_go:
        MUL_FIXED r12                   ; x is the fixed factor of the row
        mova    r4, r9                  ; r9 → acc[0]
        mov     r8, r10                 ; n outputs
.Ldn_base_mac:
__count_exec_base:
        MUL_ACC -2(r5), @r6+, r9        ; acc[j] += x · W[p][j]
        addx.a  #4, r9                  ; → acc[j + 1]
        dec     r10
        jnz     .Ldn_base_mac
.Ldn_base_next:
        dec     r7
        jnz     .Ldn_base_row
        jmp     .Ldn_epilogue
.Ldn_base_zero:                            ; x = 0: skip its row only with FLAG_SKIPZ
        mova    @sp, r13
        bit     #FLAG_SKIPZ, D_FLAGS(r13)
        jz      .Ldn_base_go
        mov     r8, r14
__countrow6_14_zx_base:
        rlam.a  #1, r14                 ; 2n bytes of weights (20-bit)
        adda    r14, r6                 ; step over the row
        jmp     .Ldn_base_next

        .if     MUL_MPY32
; ---- dense and structured without zero skip, MPY32: output-major ------------------------------
; Nothing is skipped, so the loop order is free (accumulation wraps modulo 2^32): per output j,
; RES1:RES0 starts at acc[j] and MACS adds x[p] · W[p][j] for every p; W is walked down its
; column with a stride of 2n bytes. 12 cycles per MAC instead of 21: the accumulator stays in
; the multiplier, and the next OP2 write comes 8 cycles after the last (≥ 3, UG367 Table 5-1).
;   R4 → acc[j]   R5 → x[p]   R6 → W[p][j]   R7 = 2n   R8 = outputs left   R9 = inputs left
;   R10 → W[0][j]
.Ldn_om:
        mova    D_SCRATCH(r12), r4
        mova    D_WEIGHTS(r12), r10
        mov     D_S1(r12), r8           ; n outputs
        mov     r8, r7
        rlam.a  #1, r7                  ; row stride 2n (20-bit)
.Ldn_om_out:
        mov     @r4+, &RES0             ; RES = acc[j] = bias[j] << F
        mov     @r4+, &RES1
        mova    @sp, r13
        mova    D_INPUT(r13), r5
        mov     D_S0(r13), r9           ; inputs
        mova    r10, r6                 ; top of column j
.Ldn_om_mac:
__count_exec_om:
        mov     @r5+, &MACS             ; OP1 = x[p], signed multiply-accumulate
        mov     @r6, &OP2               ; RES += x[p] · W[p][j]
        adda    r7, r6                  ; → W[p + 1][j]
        dec     r9
        jnz     .Ldn_om_mac
        mov     &RES0, -4(r4)           ; acc[j] = RES
        mov     &RES1, -2(r4)
        incdx.a r10                     ; → column j + 1
        dec     r8
        jnz     .Ldn_om_out
        jmp     .Ldn_epilogue
        .endif

; ---- pruned: compressed rows of (j, w) pairs --------------------------------------------------
.Ldn_pruned:
        mova    D_SCRATCH(r12), r4
        mova    D_INPUT(r12), r5
        mova    D_INDEX(r12), r6        ; rowPtr
        mova    D_ENTRIES(r12), r8
        mov     D_S0(r12), r7
        incdx.a r6                      ; r6 → rowPtr[1]
.Ldn_pr_row:
        mov     @r6, r10                ; entries of row p = rowPtr[p + 1] − rowPtr[p]
        sub     -2(r6), r10
        incdx.a r6
        mov     @r5+, r12               ; x
        tst     r12
        jz      .Ldn_pr_zero
.Ldn_pr_go:
        tst     r10
        jz      .Ldn_pr_next               ; an empty row
        MUL_FIXED r12
.Ldn_pr_mac:
        mov     @r8+, r9                ; j (zero-extended)
        rlam.a  #2, r9                  ; 4j
        adda    r4, r9                  ; r9 → acc[j]
__count_exec_pruned:
        MUL_ACC -2(r5), @r8+, r9        ; acc[j] += x · w
        dec     r10
        jnz     .Ldn_pr_mac
.Ldn_pr_next:
        dec     r7
        jnz     .Ldn_pr_row
        jmp     .Ldn_epilogue
.Ldn_pr_zero:
        mova    @sp, r13
        bit     #FLAG_SKIPZ, D_FLAGS(r13)
        jz      .Ldn_pr_go
__countr10_zx_pruned:
        mov     r10, r14                ; skip the row's pairs: 4 bytes each
        rlam.a  #2, r14
        adda    r14, r8
        jmp     .Ldn_pr_next

; ---- unit: one quotient per non-zero input, one compare per output ---------------------------
.Ldn_unit:
        ; the quotient routine and its R13 argument, chosen once
        mov     D_P(r12), r14           ; pow2 T: R13 = P
        mov     D_METHOD(r12), r13
        mova    #__unit_quot_exact, r15
        bit     #FLAG_RAW, D_FLAGS(r12)
        jz      1f
        mova    #__unit_quot_exact_raw, r15
        mov     D_TRAW(r12), r14        ; raw T: R13 = tRaw (and R14 = F)
        jmp     2f
1:      cmp     #METHOD_SHIFT_CEIL, r13
        jne     1f
        mova    #__unit_quot_shift_ceil, r15
1:      cmp     #METHOD_SHIFT_FLOOR, r13
        jne     1f
        mova    #__unit_quot_shift_floor, r15
1:      cmp     #METHOD_TREE, r13
        jne     2f
        mova    #__unit_quot_tree, r15
2:      push    D_F(r12)                ; 10(SP) = F
        push    r14                     ; 8(SP) = P or tRaw
        pushm.a #1, r15                 ; 4(SP) = quotient routine
        pushm.a #1, r12                 ; 0(SP) = descriptor
        mova    D_INPUT(r12), r5
        mova    D_WEIGHTS(r12), r6
        mov     D_S0(r12), r7
        mova    D_SCRATCH(r12), r4      ; threshold table after the n accumulators
        mov     D_S1(r12), r13
        rlam.a  #2, r13
        adda    r13, r4                 ; r4 → table (used only with FLAG_GROUPS)

.Ldn_unit_row:
        mov     @r5+, r12               ; x
        tst     r12
        jz      .Ldn_unit_zero
        MUL_FIXED r12
        tst     r12                     ; m = |x| (0x8000 for −32768)
        jge     1f
        inv     r12
        inc     r12
1:      mov     8(sp), r13              ; P or tRaw
        mov     10(sp), r14             ; F
__count_div_unit:
        calla   4(sp)                   ; r13:r12 = q, unsaturated
        mova    @sp, r11                ; r11 → descriptor
        bit     #FLAG_GROUPS, D_FLAGS(r11)
        jnz     .Ldn_grp_row
        tst     r13                     ; t = min(q, 0xFFFF)
        jz      1f
        mov     #-1, r12
1:      mov     r12, r4                 ; r4 = t
        mova    D_SCRATCH(r11), r9
        mov     D_S1(r11), r10

.Ldn_unit_mac:
        mov     @r6+, r12               ; w
        mov     r12, r13                ; r13 = |w|
        tst     r13
        jge     1f
        inv     r13
        inc     r13
1:
__count_cmp_unit:
        cmp     r13, r4                 ; t − |w|: carry when t ≥ |w|
        jhs     .Ldn_unit_skip             ; |w| ≤ t: pruned
__count_exec_unit:
        MUL_ACC -2(r5), r12, r9         ; acc[j] += x · w
        addx.a  #4, r9
        dec     r10
        jnz     .Ldn_unit_mac
        jmp     .Ldn_unit_next
.Ldn_unit_skip:
__countz13_thr_unit:
        addx.a  #4, r9                  ; (the loop tail again, so a skip pays no jump)
        dec     r10
        jnz     .Ldn_unit_mac
.Ldn_unit_next:
        dec     r7
        jnz     .Ldn_unit_row
        adda    #12, sp                 ; drop the UnIT frame
        jmp     .Ldn_epilogue

.Ldn_unit_zero:                            ; x = 0: the row is skipped, no division
        mova    @sp, r13
        mov     D_S1(r13), r14
__countrow6_14_zx_unit:
        rlam.a  #1, r14                 ; 2n bytes
        adda    r14, r6
        jmp     .Ldn_unit_next

; groups: table[d] = min(0xFFFF, q >> d) for d ≤ maxGroupShift, then t = table[groups[j]]
.Ldn_grp_row:
        mov     D_MAXG(r11), r14        ; d counts down from maxGroupShift
        mova    r4, r15                 ; r15 → table[0]
1:      mov     r12, 0(r15)             ; q >> d, saturated
        tst     r13
        jz      2f
        mov     #-1, 0(r15)
2:      addx.a  #2, r15
        rrum.w  #1, r13                 ; q >>= 1 (32-bit, unsigned)
        rrc     r12
        dec     r14
        jge     1b
        mova    D_SCRATCH(r11), r9
        mov     D_S1(r11), r10
        mova    D_GROUPS(r11), r8

.Ldn_grp_mac:
        mov     @r6+, r12               ; w
        mov     @r8+, r14               ; d_j
        rla     r14
        adda    r4, r14                 ; r14 → table[d_j]
        mov     r12, r13                ; r13 = |w|
        tst     r13
        jge     1f
        inv     r13
        inc     r13
1:
__count_cmp_grp:
        cmp     r13, 0(r14)             ; t_j − |w|: carry when t_j ≥ |w|
        jhs     .Ldn_grp_skip
__count_exec_grp:
        MUL_ACC -2(r5), r12, r9
        addx.a  #4, r9
        dec     r10
        jnz     .Ldn_grp_mac
        jmp     .Ldn_unit_next
.Ldn_grp_skip:
__countz13_thr_grp:
        addx.a  #4, r9
        dec     r10
        jnz     .Ldn_grp_mac
        jmp     .Ldn_unit_next

; ---- epilogue: y[j] = requantise(acc[j]), fused ReLU ------------------------------------------
.Ldn_epilogue:
        mova    @sp, r12
        mova    D_SCRATCH(r12), r6      ; r6 → acc[j]
        mova    D_OUTPUT(r12), r7       ; r7 → y[j]
        mov     D_S1(r12), r8           ; n
        mov     D_F(r12), r9            ; F
        mov     D_FLAGS(r12), r10
.Ldn_out:
        mov     @r6+, r12               ; r13:r12 = acc[j]
        mov     @r6+, r13
        mov     r9, r14
        calla   #__unit_requant         ; r12 = sat16((acc + round) >> F)
        bit     #FLAG_RELU, r10
        jz      1f
        tst     r12
        jge     1f
        clr     r12                     ; ReLU
1:      mov     r12, 0(r7)
        addx.a  #2, r7
        dec     r8
        jnz     .Ldn_out

        adda    #4, sp                  ; drop the descriptor
        popm.a  #7, r10
        reta
        .size   unit_dense, . - unit_dense
