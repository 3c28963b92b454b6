; maxpool1d.s: 1-D max pooling (twin: kernels/layers/maxpool1d.ts). The host lays a maxpool1d
; out as a maxpool2d with H = PH = OH = 1 (kernels/prepare.ts), so this entry is the 2-D kernel.
;
; Contract:  void unit_maxpool1d(const descriptor *d)   as unit_maxpool2d (maxpool2d.s);
;   BRA #imm adds 3 cycles.

        .text
        .global unit_maxpool1d
        .type   unit_maxpool1d, @function
unit_maxpool1d:
        bra     #unit_maxpool2d
        .size   unit_maxpool1d, . - unit_maxpool1d
