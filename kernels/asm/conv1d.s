; conv1d.s: unit_conv1d, 1-D convolution (valid padding, stride 1, CL layout) for every variant
; of the twin kernels/layers/conv1d.ts.
;
; Contract: as unit_conv2d (conv2d.s): R12 = 20-bit address of the layer descriptor, CALLA/RETA,
; R4–R10 saved, R11–R15 and SR clobbered, scratch 4·OL bytes.
;
; A prepared conv1d layer is a conv2d layer with one row: its descriptor holds H = KH = OH = 1
; and W = L, KW = K, OW = OL (kernels/prepare.ts `prepareConv1d`), and the twin runs the conv2d
; loop nest on it. The assembly does the same: unit_conv2d walks one window row per tap (its row
; loop ends after the first row: DEC + JZ, 6 cycles per tap) and skips one kernel row per input
; channel, so every variant, division method, back end and counting label is shared and tested
; once for both. The branch below costs 3 cycles per call.

        .text
        .global unit_conv1d
        .type   unit_conv1d, @function
unit_conv1d:
        bra     #unit_conv2d            ; same descriptor layout, same code
        .size   unit_conv1d, . - unit_conv1d
