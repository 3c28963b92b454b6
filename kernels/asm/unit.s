; unit.s: the UnIT kernel library, assembled once per multiplier back end
; (runtime/kernels/runner.ts defines MUL_MPY32 = 1 for the MPY32, 0 for software).
; Entry points: unit_<op>(descriptor) with the 20-bit descriptor address in R12, called with
; CALLA, returning with RETA (docs/kernels.md, "The assembly kernels").

; Built on its own (`unit430 asm kernels/asm/unit.s -o unit.elf`), the library uses the MPY32,
; which every FR5994 has; `-D MUL_MPY32=0` selects the software multiply.
        .ifndef MUL_MPY32
        .equ    MUL_MPY32, 1
        .endif

        .include "mul16s.s"
        .include "quotient.s"
        .include "conv2d.s"
        .include "conv1d.s"
        .include "dense.s"
        .include "relu.s"
        .include "maxpool2d.s"
        .include "maxpool1d.s"
        .include "argmax.s"
