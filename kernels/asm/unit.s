; unit.s: the UnIT kernel library, assembled once per multiplier back end
; (runtime/kernels/runner.ts defines MUL_MPY32 = 1 for the MPY32, 0 for software).
; Entry points: unit_<op>(descriptor) with the 20-bit descriptor address in R12, called with
; CALLA, returning with RETA (docs/kernels.md, "The assembly kernels").

        .include "mul16s.s"
        .include "quotient.s"
        .include "conv2d.s"
        .include "conv1d.s"
        .include "dense.s"
        .include "relu.s"
        .include "maxpool2d.s"
        .include "maxpool1d.s"
        .include "argmax.s"
