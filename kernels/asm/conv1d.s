; conv1d.s: unit_conv1d, 1-D convolution (valid padding, stride 1, CL layout) for every variant
; of the twin kernels/layers/conv1d.ts.
;
; Contract: as unit_conv2d (conv2d.s): R12 = 20-bit address of the layer descriptor, CALLA/RETA,
; R4–R10 saved, R11–R15 and SR clobbered, scratch 4·OL bytes.
;
; A prepared conv1d layer is a conv2d layer with one row: its descriptor holds H = KH = OH = 1
; and W = L, KW = K, OW = OL (kernels/prepare.ts `prepareConv1d`), and the twin runs the conv2d
; loop nest on it. The assembly does the same: in unit_conv2d the one-row layout makes the
; kernel-row and output-row steps run once (the weight-major walks pay one DEC + JZ of the row
; count per tap, the output-major loops one kernel-row step per tap row), so every variant,
; division method, back end and counting label is shared. The branch costs 3 cycles per call;
; benchmarks/kernels.ts measures the conv1d inner loops at the conv2d bounds.

        .text
        .global unit_conv1d
        .type   unit_conv1d, @function
unit_conv1d:
        bra     #unit_conv2d            ; same descriptor layout, same code
        .size   unit_conv1d, . - unit_conv1d
