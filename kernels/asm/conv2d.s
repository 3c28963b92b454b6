; conv2d.s: unit_conv2d, 2-D convolution (valid padding, stride 1, CHW) for every variant of
; the twin kernels/layers/conv2d.ts: baseline, zero-activation skip, training-time pruned
; (compressed rowPtr + (offset, weight) pairs), structured (kept channels, compact), and UnIT
; with any division method, per-channel group shifts, fused ReLU, bias and requantisation.
; conv1d.s enters the same code: a conv1d descriptor is a conv2d one with H = KH = OH = 1.
;
; Contract (MSP430 EABI, called with CALLA, returns with RETA; docs/kernels.md §10):
;   in:   R12 = 20-bit address of the 38-word layer descriptor (kernels/descriptor.ts); every
;         shape, flag and pointer comes from it. Pointers are 20-bit; no region may contain
;         the 64 KB boundary at 0x10000 (x(Rn) offsets of MSP430 instructions wrap there).
;   out:  output[oc][oy][ox] = requantise(bias[oc] << F + sum of the kept x·w), ReLU if flagged,
;         bit for bit the twin's; the counting labels below give the twin's counters.
;   scratch: 4·OH·OW bytes, one int32 accumulator per position of one output channel.
;   clobbers: R11–R15, SR, MPY32 OP1/OP2/RES0/RES1 (MPY32 build); R4–R10 saved (PUSHM.A).
;   stack: 28 (saved registers) + CF_SIZE = 86 (frame) + 8 (callees) bytes.
;
; Loop nest. UnIT and pruned zero skip follow the twin (weight-major): for each output
; channel oc, fill its OH·OW accumulators with bias << F; for each weight w[oc][ic][ky][kx]
; ("tap") walk every output position (oy, ox) and add x[ic][oy+ky][ox+kx]·w; then requantise the
; accumulators into the output. UnIT computes the threshold t = T/|w| once per non-zero weight
; and reuses it over all OH·OW positions (unit-method.md §3); zero weights are skipped before any
; division. Without a threshold (baseline, structured, pruned, baseline zero skip) both builds
; run output-major instead: each position's sum stays in RES1:RES0 (MPY32, MACS) or R9:R8
; (software) over all taps, and the order of the wrapping int32 additions does not change a bit
; (docs/kernels.md §2).
;
; The skip test. UnIT keeps x·w iff |x| > t (t unsigned). For t ≤ 0x7FFF this is one add and
; one unsigned compare: -t ≤ x ≤ t ⇔ (x + t) mod 2^16 ≤ 2t, so with t2 = 2t the MAC is skipped
; when t2 ≥ x + t (C = 1 after CMP). A threshold ≥ 0x8000 lets nothing pass (|x| ≤ 0x8000):
; t2 = 0xFFFF makes the compare always skip. A zero x is tested first: it is the cheap, common
; skip (ReLU sparsity), and the twin books it under "zero activation".
;
; Registers in the weight-major walks (live across MUL_ACC, which clobbers R11–R15 in the
; software back end; the output-major loops list theirs at .Lc_body_dense):
;   R4  xp    input word under the tap at the current position (20-bit)
;   R5  ap    accumulator of the current position (20-bit)
;   R6  n     positions left in the current output row
;   R7  w     the tap's weight (software MUL_ACC factor; zero-weight counting)
;   R8  t     UnIT threshold (≤ 0x7FFF)
;   R9  t2    2t, or 0xFFFF when nothing passes
;   R10 four  the constant 4 (ADDA R10, ap: 1 cycle; ADDA #4 costs 3)
;   R12 x     the activation; R13 x + t. R11–R15 are free between walks.
; Everything else (tap pointers, loop counts, strides) lives in the frame below.
;
; Counting labels (runtime/kernels/counters.ts): __count_exec_conv_* at every MAC,
; __count_cmp/zx/thr_conv_u in the UnIT walk, __count_div_conv_u at the quotient call,
; __countr14_zw_conv_u for the OH·OW positions of a zero weight (R14 = OH·OW), and
; __countz<N>_zx_conv_* for zero activations in the zero-skip loops, RN holding the weight that
; is stepped over (a zero weight there is booked first, as the twin does). Dense MAC counts and weights never stored come from the
; layout (staticCounters).
;
; Cycles per MAC (msp430x.md §6; benchmarks/kernels.ts measures every path at this bound):
;   MPY32     output-major (MACS): baseline/structured 11, with zero skip 15 per executed MAC
;             and 10 per zero x, pruned 15; weight-major: pruned zero skip 24 / 9, UnIT 29
;             executed, 14 skipped by threshold, 9 per zero x, 0 per zero weight (its walk is
;             skipped: one quotient-free tap step)
;   software  output-major (the sum in R9:R8): baseline 14, with zero skip 17, pruned 18, each
;             + the __unit_mul16s body; weight-major: pruned zero skip 24 + body, UnIT 29 + body
;             per executed MAC; skips as on the MPY32
; Derivations, per-tap overheads and a tour of this file: docs/kernels.md §10.8.

        .include "descriptor.inc"
        .include "mul.inc"

; Shape words of a conv descriptor (descriptor.inc; docs/kernels.md §8).
        .equ    DC_IC,      D_S0        ; input channels
        .equ    DC_H,       D_S1        ; input height (1 for conv1d)
        .equ    DC_W,       D_S2        ; input width (length)
        .equ    DC_OC,      D_S3        ; output channels computed (kept ones when structured)
        .equ    DC_KH,      D_S4        ; kernel height (1 for conv1d)
        .equ    DC_KW,      D_S5        ; kernel width
        .equ    DC_OH,      D_S6        ; output height = H − KH + 1
        .equ    DC_OW,      D_S7        ; output width = W − KW + 1

; Frame (SP-relative). 20-bit values take two words (MOVA x(SP) / ADDX.A x(SP)).
        .equ    CF_TAP,    0            ; .A window origin of the current tap
        .equ    CF_WP,     4            ; .A next weight (dense, unit) or entry pair (pruned)
        .equ    CF_OUT,    8            ; .A next output word
        .equ    CF_BIAS,   12           ; .A next bias word
        .equ    CF_GRP,    16           ; .A next group shift
        .equ    CF_SCR,    20           ; .A scratch: accumulators of the channel
        .equ    CF_IN,     24           ; .A input
        .equ    CF_RP,     28           ; .A next rowPtr word (pruned)
        .equ    CF_QUOT,   32           ; .A quotient routine (unit)
        .equ    CF_BODY,   36           ; .A tap loop of the variant
        .equ    CF_GAP,    40           ; .A 2·(KW − 1): end of a window row → next row
        .equ    CF_KROW,   44           ; .A 2·(W − KW): end of a kernel row → next kernel row
        .equ    CF_KPLN,   48           ; .A 2·W·(H − KH): end of a channel's taps → next channel
        .equ    CF_OW,     52           ; OW
        .equ    CF_OH,     54           ; OH
        .equ    CF_ROWS,   56           ; window rows left in the walk
        .equ    CF_KX,     58           ; taps left in the kernel row
        .equ    CF_KY,     60           ; kernel rows left in the input channel
        .equ    CF_IC,     62           ; input channels left
        .equ    CF_OC,     64           ; output channels left
        .equ    CF_KW,     66           ; KW
        .equ    CF_KH,     68           ; KH
        .equ    CF_ICN,    70           ; IC
        .equ    CF_F,      72           ; F
        .equ    CF_FLAGS,  74           ; flags
        .equ    CF_P,      76           ; R13 of the quotient call: P, or tRaw (raw threshold)
        .equ    CF_SHIFT,  78           ; group shift d of the current channel (0 without groups)
        .equ    CF_ENT,    80           ; entries left in the channel (pruned)
        .equ    CF_NPOS,   82           ; OH·OW
        .equ    CF_COLS,   84           ; positions left in the output row (software output-major)
        .equ    CF_SIZE,   86

; ---- walk pieces --------------------------------------------------------------------------------

; Start the position walk of one tap at xp = R4: accumulators from the first, a full row.
        .macro  CONV_WALK_BEGIN
        mova    CF_SCR(sp), r5          ; ap = accumulator of (0, 0)
        mov     CF_OW(sp), r6           ; n = OW
        mov     CF_OH(sp), CF_ROWS(sp)  ; rows = OH
        .endm

; After a window row: the next row of the window, or fall through when the walk is done.
        .macro  CONV_ROW_END pos
        dec     CF_ROWS(sp)             ; rows −= 1
        jz      .Lc_walked\@
        addx.a  CF_GAP(sp), r4          ; xp → first word of the next window row
        mov     CF_OW(sp), r6           ; n = OW
        jmp     \pos
.Lc_walked\@:
        .endm

; Zero activations skipped; a skipped zero x with w = 0 is booked as a zero weight (R7).
        .macro  CONV_WALK_NONZERO tag
.Lc_pos_\tag:
        mov     @r4+, r12               ; x, xp → next x
        tst     r12
        jz      .Lc_zx_\tag             ; x = 0: skip the MAC
__count_exec_conv_\tag:
        MUL_ACC r7, r12, r5             ; acc += x·w
        adda    r10, r5                 ; ap → next accumulator
        dec     r6
        jnz     .Lc_pos_\tag
        jmp     .Lc_row_\tag
.Lc_zx_\tag:
__countz7_zx_conv_\tag:
        adda    r10, r5                 ; ap → next accumulator
        dec     r6
        jnz     .Lc_pos_\tag
.Lc_row_\tag:
        CONV_ROW_END .Lc_pos_\tag
        .endm

; Next tap in (ic, ky, kx) order: CF_TAP moves one word, then to the next kernel row, then to
; the next input channel; jumps to `loop`, or to `done` after the last tap.
        .macro  CONV_NEXT_TAP loop, done
        mova    CF_TAP(sp), r15
        incda   r15                     ; next kx
        dec     CF_KX(sp)
        jnz     .Lc_nt\@
        mov     CF_KW(sp), CF_KX(sp)
        addx.a  CF_KROW(sp), r15        ; next ky: skip the rest of the input row
        dec     CF_KY(sp)
        jnz     .Lc_nt\@
        mov     CF_KH(sp), CF_KY(sp)
        addx.a  CF_KPLN(sp), r15        ; next ic: skip the rest of the input plane
        dec     CF_IC(sp)
        jz      \done
.Lc_nt\@:
        mova    r15, CF_TAP(sp)
        jmp     \loop
        .endm

; Next weight of a dense-layout layer (dense, structured, unit) into R7.
        .macro  CONV_LOAD_WEIGHT
        mova    CF_WP(sp), r15
        mov     @r15+, r7               ; w
        mova    r15, CF_WP(sp)
        .endm

; Next (offset, weight) pair of a pruned channel: R7 = w, xp = input + 2·offset.
        .macro  CONV_LOAD_ENTRY
        mova    CF_WP(sp), r15
        mov     @r15+, r14              ; input offset of the tap, ic·H·W + ky·W + kx (words)
        mov     @r15+, r7               ; w
        mova    r15, CF_WP(sp)
        rlam.a  #1, r14                 ; bytes (17 bits)
        mova    CF_IN(sp), r4
        adda    r14, r4                 ; xp = window origin of the tap
        .endm

; Entries of the next pruned channel: CF_ENT = rowPtr[oc + 1] − rowPtr[oc], Z set when 0.
        .macro  CONV_PRUNED_ROW
        mova    CF_RP(sp), r15
        mov     2(r15), r14             ; rowPtr[oc + 1]
        sub     @r15+, r14              ; − rowPtr[oc]
        mova    r15, CF_RP(sp)
        mov     r14, CF_ENT(sp)
        tst     r14
        .endm

; Output-major walks (MPY32): registers for the positions of one channel.
        .macro  CONV_OM_BEGIN
        mova    CF_SCR(sp), r5          ; ap = accumulator of (0, 0)
        mova    CF_IN(sp), r11          ; window origin of (0, 0)
        mova    CF_KROW(sp), r13
        mova    CF_KPLN(sp), r14
        mov     CF_KW(sp), r15
        mov     CF_OH(sp), CF_ROWS(sp)
        mov     CF_OW(sp), r12
        .endm

; RES = the position's accumulator (bias << F); xp, wp at the first tap.
        .macro  CONV_OM_RES_IN
        mov     @r5+, &RES0
        mov     @r5+, &RES1
        mova    r11, r4                 ; xp = window origin
        mova    CF_WP(sp), r7           ; first weight (entry) of the channel
        .endm

; Accumulator = RES; next position (`pos`), next output row, or the channel is done.
        .macro  CONV_OM_RES_OUT pos
        mov     &RES0, -4(r5)
        mov     &RES1, -2(r5)
        incda   r11                     ; window origin of the next position
        dec     r12
        jnz     \pos
        mov     CF_OW(sp), r12
        addx.a  CF_GAP(sp), r11         ; first position of the next output row
        dec     CF_ROWS(sp)
        jnz     \pos
        mova    r7, CF_WP(sp)           ; weights (entries) of the next channel
        jmp     .Lc_epilogue
        .endm

; Software output-major loops: registers and counts for the positions of one channel.
        .macro  CONV_SM_BEGIN
        mova    CF_SCR(sp), r5          ; ap = accumulator of (0, 0)
        mova    CF_IN(sp), r10          ; window origin of (0, 0)
        mov     CF_OH(sp), CF_ROWS(sp)
        mov     CF_OW(sp), CF_COLS(sp)
        .endm

; Sum = the position's accumulator (bias << F); xp, wp at the first tap.
        .macro  CONV_SM_SUM_IN
        mov     @r5+, r8
        mov     @r5+, r9
        mova    r10, r4                 ; xp = window origin
        mova    CF_WP(sp), r7           ; first weight (entry) of the channel
        .endm

; Accumulator = sum; next position (`pos`), next output row, or the channel is done.
        .macro  CONV_SM_SUM_OUT pos
        mov     r8, -4(r5)
        mov     r9, -2(r5)
        incda   r10                     ; window origin of the next position
        dec     CF_COLS(sp)
        jnz     \pos
        mov     CF_OW(sp), CF_COLS(sp)
        addx.a  CF_GAP(sp), r10         ; first position of the next output row
        dec     CF_ROWS(sp)
        jnz     \pos
        mova    r7, CF_WP(sp)           ; weights (entries) of the next channel
        jmp     .Lc_epilogue
        .endm

        .text
        .global unit_conv2d
        .type   unit_conv2d, @function
unit_conv2d:
        pushm.a #7, r10                 ; save R4–R10 (EABI callee-saved)
        suba    #CF_SIZE, sp

; ---- set-up: copy the descriptor into the frame --------------------------------------------------
        mov     DC_IC(r12), CF_ICN(sp)
        mov     DC_OC(r12), CF_OC(sp)
        mov     DC_KH(r12), CF_KH(sp)
        mov     DC_KW(r12), CF_KW(sp)
        mov     DC_OH(r12), CF_OH(sp)
        mov     DC_OW(r12), CF_OW(sp)
        mov     D_F(r12), CF_F(sp)
        mov     D_FLAGS(r12), CF_FLAGS(sp)
        clr     CF_SHIFT(sp)            ; d = 0 unless the layer has groups
        mova    D_INPUT(r12), r15
        mova    r15, CF_IN(sp)
        mova    D_OUTPUT(r12), r15
        mova    r15, CF_OUT(sp)
        mova    D_BIAS(r12), r15
        mova    r15, CF_BIAS(sp)
        mova    D_SCRATCH(r12), r15
        mova    r15, CF_SCR(sp)
        mova    D_GROUPS(r12), r15
        mova    r15, CF_GRP(sp)
        mova    D_INDEX(r12), r15
        mova    r15, CF_RP(sp)
        mova    D_WEIGHTS(r12), r15     ; dense, structured, unit: weights
        cmp     #VARIANT_PRUNED, D_VARIANT(r12)
        jne     1f
        mova    D_ENTRIES(r12), r15     ; pruned: (offset, weight) pairs
1:      mova    r15, CF_WP(sp)

; Strides in bytes, 20-bit (an input may exceed 32 K words).
        mov     DC_W(r12), r14          ; W
        mov     r14, r15
        sub     DC_OW(r12), r15         ; W − OW = KW − 1
        rlam.a  #1, r15
        mova    r15, CF_GAP(sp)
        mov     r14, r15
        sub     DC_KW(r12), r15         ; W − KW
        rlam.a  #1, r15
        mova    r15, CF_KROW(sp)
        rlam.a  #1, r14                 ; 2W
        mov     DC_H(r12), r13
        sub     DC_KH(r12), r13         ; H − KH rows to skip after a channel's taps
        clr     r15
        tst     r13
        jz      3f
2:      adda    r14, r15                ; += 2W, H − KH times
        dec     r13
        jnz     2b
3:      mova    r15, CF_KPLN(sp)
        clr     r15                     ; OH·OW by OH additions of OW (no multiply needed)
        mov     DC_OH(r12), r13
4:      add     DC_OW(r12), r15
        dec     r13
        jnz     4b
        mov     r15, CF_NPOS(sp)

; Tap loop of the variant, and the quotient routine of a UnIT layer.
        mov     D_FLAGS(r12), r14
        mov     D_VARIANT(r12), r13
        cmp     #VARIANT_UNIT, r13
        jeq     .Lc_sel_unit
        cmp     #VARIANT_PRUNED, r13
        jeq     .Lc_sel_pruned
        mova    #.Lc_body_dense, r15    ; dense or structured
        bit     #FLAG_SKIPZ, r14
        jz      .Lc_sel_done
        mova    #.Lc_body_dense_z, r15
        jmp     .Lc_sel_done
.Lc_sel_pruned:
        mova    #.Lc_body_pruned, r15
        bit     #FLAG_SKIPZ, r14
        jz      .Lc_sel_done
        mova    #.Lc_body_pruned_z, r15
        jmp     .Lc_sel_done
.Lc_sel_unit:
        mov     D_P(r12), CF_P(sp)      ; R13 of the quotient call: P
        mova    #__unit_quot_exact_raw, r15
        bit     #FLAG_RAW, r14
        jz      5f
        mov     D_TRAW(r12), CF_P(sp)   ; raw threshold: R13 = tRaw (R14 = F)
        jmp     6f
5:      mov     D_METHOD(r12), r13
        mova    #__unit_quot_exact, r15
        cmp     #METHOD_SHIFT_CEIL, r13
        jne     7f
        mova    #__unit_quot_shift_ceil, r15
7:      cmp     #METHOD_SHIFT_FLOOR, r13
        jne     8f
        mova    #__unit_quot_shift_floor, r15
8:      cmp     #METHOD_TREE, r13
        jne     6f
        mova    #__unit_quot_tree, r15
6:      mova    r15, CF_QUOT(sp)
        mova    #.Lc_body_unit, r15
.Lc_sel_done:
        mova    r15, CF_BODY(sp)

; ---- one output channel per pass ----------------------------------------------------------------
.Lc_channel:
        mov     #4, r10                 ; four (the software output-major loops reuse R10)
        mova    CF_BIAS(sp), r15        ; accumulators = bias[oc] << F (int32)
        mov     @r15+, r12
        mova    r15, CF_BIAS(sp)
        mov     r12, r13                ; high word = sign of the bias
        rla     r13
        subc    r13, r13
        inv     r13
        mov     CF_F(sp), r14
        tst     r14
        jz      2f
1:      rla     r12                     ; << 1, F times
        rlc     r13
        dec     r14
        jnz     1b
2:      mova    CF_SCR(sp), r5
        mov     CF_NPOS(sp), r6
3:      mov     r12, 0(r5)              ; every position of the channel
        mov     r13, 2(r5)
        adda    r10, r5
        dec     r6
        jnz     3b

        bit     #FLAG_GROUPS, CF_FLAGS(sp)
        jz      4f
        mova    CF_GRP(sp), r15         ; d = group shift of this channel
        mov     @r15+, CF_SHIFT(sp)
        mova    r15, CF_GRP(sp)
4:      mova    CF_IN(sp), r15          ; first tap: (ic, ky, kx) = (0, 0, 0)
        mova    r15, CF_TAP(sp)
        mov     CF_KW(sp), CF_KX(sp)
        mov     CF_KH(sp), CF_KY(sp)
        mov     CF_ICN(sp), CF_IC(sp)
        mova    CF_BODY(sp), r15
        bra     r15                     ; the variant's tap loop, back at .Lc_epilogue

; ---- epilogue: requantise the channel into the output -------------------------------------------
.Lc_epilogue:
        mova    CF_SCR(sp), r5
        mova    CF_OUT(sp), r4
        mov     CF_NPOS(sp), r6
        mov     CF_F(sp), r7            ; F (R7–R9 are free outside the walks)
        mov     CF_FLAGS(sp), r8
        and     #FLAG_RELU, r8          ; ReLU?
        mov     #2, r9                  ; output stride (ADDA R9: 1 cycle; INCDA costs 3)
1:      mov     @r5+, r12               ; acc low
        mov     @r5+, r13               ; acc high
        mov     r7, r14
        calla   #__unit_requant         ; r12 = saturate16((acc + round) >> F)
        tst     r12
        jge     2f
        tst     r8
        jz      2f
        clr     r12                     ; fused ReLU
2:      mov     r12, 0(r4)
        adda    r9, r4
        dec     r6
        jnz     1b
        mova    r4, CF_OUT(sp)
        dec     CF_OC(sp)
        jnz     .Lc_channel

        adda    #CF_SIZE, sp
        popm.a  #7, r10
        reta

; ---- tap loops, one per variant -----------------------------------------------------------------

; Baseline and structured: every MAC, zero weights included.
        .if     MUL_MPY32
; MPY32: output-major, the sum of each position in RES1:RES0 with MACS, no accumulator traffic
; per MAC (11 cycles instead of 20). No threshold here, so the loop order is free (docs/kernels.md
; §2). Registers: R4 xp  R5 ap  R6 kx left  R7 → w  R8 ky left  R9 ic left  R11 window origin
; R12 positions left in the row  R13 2·(W − KW)  R14 2·W·(H − KH)  R15 KW.
.Lc_body_dense:
        CONV_OM_BEGIN
.Lc_om_pos:
        CONV_OM_RES_IN
        mov     CF_ICN(sp), r9
.Lc_om_ic:
        mov     CF_KH(sp), r8
.Lc_om_ky:
        mov     r15, r6                 ; KW taps in the kernel row
.Lc_om_kx:
__count_exec_conv_om:
        mov     @r7+, &MACS             ; OP1 = w, signed multiply-accumulate
        mov     @r4+, &OP2              ; RES += x·w
        dec     r6
        jnz     .Lc_om_kx
        adda    r13, r4                 ; next kernel row
        dec     r8
        jnz     .Lc_om_ky
        adda    r14, r4                 ; next input channel
        dec     r9
        jnz     .Lc_om_ic
        CONV_OM_RES_OUT .Lc_om_pos

; Pruned, MPY32: output-major over the channel's (offset, w) pairs (15 cycles per MAC).
.Lc_body_pruned:
        CONV_PRUNED_ROW
        CONV_OM_BEGIN
.Lc_omp_pos:
        CONV_OM_RES_IN
        mov     CF_ENT(sp), r6          ; entries of the channel
        tst     r6
        jz      .Lc_omp_out
.Lc_omp_mac:
__count_exec_conv_omp:
        mov     @r7+, r8                ; input offset of the tap (words)
        rlam.a  #1, r8
        adda    r11, r8                 ; → x under the tap
        mov     @r7+, &MACS             ; OP1 = w
        mov     @r8, &OP2               ; RES += x·w
        dec     r6
        jnz     .Lc_omp_mac
.Lc_omp_out:
        CONV_OM_RES_OUT .Lc_omp_pos

        .else
; Software multiplier: output-major as well, the sum in R9:R8, which __unit_mul16s preserves
; (R4–R10); it clobbers R11–R15, so loop counts and strides come from the frame. Per MAC:
; `mov @r4+, r13` 2, `mov @r7+, r12` 2, `calla` 5, the multiply, `add`/`addc` 2, `dec`/`jnz` 3.
; Registers: R4 xp  R5 ap  R6 kx left (pruned: pairs left)  R7 → w  R8:R9 sum
; R10 window origin.
.Lc_body_dense:
        CONV_SM_BEGIN
.Lc_sm_pos:
        CONV_SM_SUM_IN
        mov     CF_ICN(sp), CF_IC(sp)
.Lc_sm_ic:
        mov     CF_KH(sp), CF_KY(sp)
.Lc_sm_ky:
        mov     CF_KW(sp), r6           ; KW taps in the kernel row
.Lc_sm_kx:
__count_exec_conv_om:
        mov     @r4+, r13               ; b = x
        mov     @r7+, r12               ; a = w
        calla   #__unit_mul16s          ; r13:r12 = w·x
        add     r12, r8                 ; sum += w·x
        addc    r13, r9
        dec     r6
        jnz     .Lc_sm_kx
        addx.a  CF_KROW(sp), r4         ; next kernel row
        dec     CF_KY(sp)
        jnz     .Lc_sm_ky
        addx.a  CF_KPLN(sp), r4         ; next input channel
        dec     CF_IC(sp)
        jnz     .Lc_sm_ic
        CONV_SM_SUM_OUT .Lc_sm_pos

; Pruned, software: output-major over the channel's (offset, w) pairs.
.Lc_body_pruned:
        CONV_PRUNED_ROW
        CONV_SM_BEGIN
.Lc_smp_pos:
        CONV_SM_SUM_IN
        mov     CF_ENT(sp), r6          ; entries of the channel
        tst     r6
        jz      .Lc_smp_out
.Lc_smp_mac:
__count_exec_conv_omp:
        mov     @r7+, r13               ; input offset of the tap (words)
        rlam.a  #1, r13
        adda    r10, r13                ; → x under the tap
        mov     @r13, r13               ; b = x
        mov     @r7+, r12               ; a = w
        calla   #__unit_mul16s          ; r13:r12 = w·x
        add     r12, r8                 ; sum += w·x
        addc    r13, r9
        dec     r6
        jnz     .Lc_smp_mac
.Lc_smp_out:
        CONV_SM_SUM_OUT .Lc_smp_pos
        .endif

; Baseline and structured with zero activations skipped: output-major like the baseline, a zero
; x steps over its weight (the MOV that advances the weight pointer also gives the count label
; the weight, so x = 0 with w = 0 is booked as a zero weight first, as the twin does).
        .if     MUL_MPY32
; MPY32: 15 cycles per executed MAC, 10 per zero x. Registers as in .Lc_body_dense, R10 = x.
.Lc_body_dense_z:
        CONV_OM_BEGIN
.Lc_omz_pos:
        CONV_OM_RES_IN
        mov     CF_ICN(sp), r9
.Lc_omz_ic:
        mov     CF_KH(sp), r8
.Lc_omz_ky:
        mov     r15, r6                 ; KW taps in the kernel row
.Lc_omz_kx:
        mov     @r4+, r10               ; x
        tst     r10
        jz      .Lc_omz_zx
__count_exec_conv_omz:
        mov     @r7+, &MACS             ; OP1 = w, signed multiply-accumulate
        mov     r10, &OP2               ; RES += x·w
        dec     r6
        jnz     .Lc_omz_kx
        jmp     .Lc_omz_row
.Lc_omz_zx:
        mov     @r7+, r10               ; step over w (R10 = w for the count)
__countz10_zx_conv_omz:
        dec     r6
        jnz     .Lc_omz_kx
.Lc_omz_row:
        adda    r13, r4                 ; next kernel row
        dec     r8
        jnz     .Lc_omz_ky
        adda    r14, r4                 ; next input channel
        dec     r9
        jnz     .Lc_omz_ic
        CONV_OM_RES_OUT .Lc_omz_pos

        .else
; Software: 17 cycles + the multiply per executed MAC, 10 per zero x. Registers as in the
; software .Lc_body_dense.
.Lc_body_dense_z:
        CONV_SM_BEGIN
.Lc_smz_pos:
        CONV_SM_SUM_IN
        mov     CF_ICN(sp), CF_IC(sp)
.Lc_smz_ic:
        mov     CF_KH(sp), CF_KY(sp)
.Lc_smz_ky:
        mov     CF_KW(sp), r6           ; KW taps in the kernel row
.Lc_smz_kx:
        mov     @r4+, r13               ; b = x
        tst     r13
        jz      .Lc_smz_zx
__count_exec_conv_omz:
        mov     @r7+, r12               ; a = w
        calla   #__unit_mul16s          ; r13:r12 = w·x
        add     r12, r8                 ; sum += w·x
        addc    r13, r9
        dec     r6
        jnz     .Lc_smz_kx
        jmp     .Lc_smz_row
.Lc_smz_zx:
        mov     @r7+, r12               ; step over w (R12 = w for the count)
__countz12_zx_conv_omz:
        dec     r6
        jnz     .Lc_smz_kx
.Lc_smz_row:
        addx.a  CF_KROW(sp), r4         ; next kernel row
        dec     CF_KY(sp)
        jnz     .Lc_smz_ky
        addx.a  CF_KPLN(sp), r4         ; next input channel
        dec     CF_IC(sp)
        jnz     .Lc_smz_ic
        CONV_SM_SUM_OUT .Lc_smz_pos
        .endif

; Pruned with zero activations skipped (both back ends): weight-major.
.Lc_body_pruned_z:
        CONV_PRUNED_ROW
        jz      .Lc_epilogue
.Lc_pz_tap:
        CONV_LOAD_ENTRY
        MUL_FIXED r7
        CONV_WALK_BEGIN
        CONV_WALK_NONZERO pz
        dec     CF_ENT(sp)
        jnz     .Lc_pz_tap
        jmp     .Lc_epilogue

; UnIT: one quotient per non-zero weight, then |x| > t at every position.
.Lc_body_unit:
        CONV_LOAD_WEIGHT
        tst     r7
        jz      .Lc_u_zero_w            ; zero weight: no division, OH·OW MACs skipped
        mov     r7, r12                 ; m = |w| (0x8000 for −32768, read unsigned)
        tst     r12
        jge     1f
        inv     r12
        inc     r12
1:      mov     CF_P(sp), r13           ; P (or tRaw)
        mov     CF_F(sp), r14           ; F (raw threshold only)
        mova    CF_QUOT(sp), r15
__count_div_conv_u:
        calla   r15                     ; r13:r12 = q, unsaturated
        mov     CF_SHIFT(sp), r14       ; group: q >>= d (32-bit, unsigned)
        tst     r14
        jz      3f
2:      clrc
        rrc     r13
        rrc     r12
        dec     r14
        jnz     2b
3:      mov     #-1, r9                 ; t2 = 0xFFFF: nothing passes ...
        tst     r13
        jnz     4f                      ; ... when q ≥ 0x10000
        tst     r12
        jn      4f                      ; ... or q ≥ 0x8000
        mov     r12, r8                 ; t = q
        mov     r12, r9
        rla     r9                      ; t2 = 2t
4:      MUL_FIXED r7
        mova    CF_TAP(sp), r4
        CONV_WALK_BEGIN
.Lc_pos_u:
__count_cmp_conv_u:
        mov     @r4+, r12               ; x, xp → next x
        tst     r12
        jz      .Lc_zx_u                ; x = 0 never passes
        mov     r12, r13
        add     r8, r13                 ; x + t
        cmp     r13, r9                 ; t2 ≥ x + t ⇔ |x| ≤ t
        jhs     .Lc_thr_u
__count_exec_conv_u:
        MUL_ACC r7, r12, r5             ; acc += x·w
        adda    r10, r5
        dec     r6
        jnz     .Lc_pos_u
        jmp     .Lc_row_u
.Lc_zx_u:
__count_zx_conv_u:
        adda    r10, r5
        dec     r6
        jnz     .Lc_pos_u
        jmp     .Lc_row_u
.Lc_thr_u:
__count_thr_conv_u:
        adda    r10, r5
        dec     r6
        jnz     .Lc_pos_u
.Lc_row_u:
        CONV_ROW_END .Lc_pos_u
        CONV_NEXT_TAP .Lc_body_unit, .Lc_epilogue

.Lc_u_zero_w:
        mov     CF_NPOS(sp), r14        ; R14 = OH·OW skipped MACs
__countr14_zw_conv_u:
        CONV_NEXT_TAP .Lc_body_unit, .Lc_epilogue
        .size   unit_conv2d, . - unit_conv2d
