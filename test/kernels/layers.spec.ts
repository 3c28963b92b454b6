// Hand-checked cases for every layer × variant × division method. Each expectation is worked
// out in the comments; Q10.5 throughout (F = 5, raw / 32), T = 0.25 = 2^-2 so P = eT + 2F = 8.
import { describe, expect, it } from 'vitest';
import type { DivisionMethod } from '../../kernels/division.js';
import { prepareArgmax, prepareRelu } from '../../kernels/prepare.js';
import type { MacCounters, MacVariant } from '../../kernels/types.js';
import {
  counters,
  expectBalanced,
  run,
  runConv1dSpec,
  runConv2dSpec,
  runDenseSpec,
  runMaxPool1dSpec,
  runMaxPool2dSpec,
  unwrap,
} from './helpers.js';

const T = { kind: 'pow2', eT: -2 } as const;
const unit = (method: DivisionMethod, groupShifts?: number[]): MacVariant => ({
  kind: 'unit',
  unit:
    groupShifts === undefined ? { threshold: T, method } : { threshold: T, method, groupShifts },
});

interface Case {
  readonly name: string;
  readonly variant: MacVariant;
  readonly relu?: boolean;
  readonly output: readonly number[];
  readonly counters: MacCounters;
}

// -------------------------------------------------------------------------------------------
// Dense: 3 inputs, 2 outputs. x = [1.5, 0, -0.25] = raw [48, 0, -8].
// W[p][j] (input-major): p0 [5, 6], p1 [32, -32], p2 [0, 64]; bias [1.0, -0.5] = [32, -16].
// Accumulators start at bias << 5 = [1024, -512].
// All products: out0: 48·5 = 240, 0·32 = 0, -8·0 = 0; out1: 48·6 = 288, 0·-32 = 0, -8·64 = -512.
// Full sums: out0 1264 -> (1264 + 16) >> 5 = 40; out1 -736 -> (-720) >> 5 = -22.5 floor -23.
// UnIT quotients (P = 8): x = 48 (k = 5): exact floor(256/48) = 5, floor 8, ceil/tree 4;
// x = -8 (k = 3): exact 32, floor 32, ceil/tree 16. x = 0: row skipped, no division.
const denseSpec = {
  inFeatures: 3,
  outFeatures: 2,
  weights: [5, 6, 32, -32, 0, 64],
  bias: [32, -16],
};
const denseInput = [48, 0, -8];

/**
 * Counters of UnIT on the dense case: rows p0 and p2 take one division and two compares each, row
 * p1 (x = 0) is skipped, W[2][0] books a zero weight; the other three MACs run or fail T.
 */
const unitDenseCounters = (executedMacs: number, skippedByThreshold: number): MacCounters =>
  counters({
    denseMacs: 6,
    executedMacs,
    skippedByThreshold,
    skippedByZeroActivation: 2,
    skippedByZeroWeight: 1,
    divisions: 2,
    comparisons: 4,
  });

const denseCases: readonly Case[] = [
  {
    name: 'baseline: all 6 MACs, zero weight and zero input included',
    variant: { kind: 'dense' },
    output: [40, -23],
    counters: counters({ denseMacs: 6, executedMacs: 6 }),
  },
  {
    name: 'baseline, fused ReLU (-23 -> 0)',
    variant: { kind: 'dense' },
    relu: true,
    output: [40, 0],
    counters: counters({ denseMacs: 6, executedMacs: 6 }),
  },
  {
    name: 'zero-skip: row p1 (x = 0, weights 32, -32) skipped',
    variant: { kind: 'dense', skipZeroActivations: true },
    output: [40, -23],
    counters: counters({ denseMacs: 6, executedMacs: 4, skippedByZeroActivation: 2 }),
  },
  {
    name: 'pruned: the zero weight W[2][0] is not stored',
    variant: { kind: 'pruned' },
    output: [40, -23],
    counters: counters({ denseMacs: 6, executedMacs: 5, skippedByZeroWeight: 1 }),
  },
  {
    name: 'pruned + zero-skip',
    variant: { kind: 'pruned', skipZeroActivations: true },
    output: [40, -23],
    counters: counters({
      denseMacs: 6,
      executedMacs: 3,
      skippedByZeroWeight: 1,
      skippedByZeroActivation: 2,
    }),
  },
  {
    name: 'structured keep [1]: one output, column 0 removed (3 MACs booked as zero weight)',
    variant: { kind: 'structured', keep: [1] },
    output: [-23],
    counters: counters({ denseMacs: 6, executedMacs: 3, skippedByZeroWeight: 3 }),
  },
  {
    // p0 t = 5: w 5 skip (5 ≤ 5), w 6 keep. p2 t = 32: w 0 zero weight, w 64 keep.
    // out0 = 1024 -> 32; out1 = -512 + 288 - 512 = -736 -> -23.
    name: 'UnIT exact',
    variant: unit('exact'),
    output: [32, -23],
    counters: unitDenseCounters(2, 1),
  },
  {
    // p0 t = 8: both skipped. p2 t = 32: w 64 keep. out1 = -512 - 512 = -1024 -> -31.5 -> -32.
    name: 'UnIT shift-floor',
    variant: unit('shift-floor'),
    output: [32, -32],
    counters: unitDenseCounters(1, 2),
  },
  {
    name: 'UnIT shift-floor, fused ReLU',
    variant: unit('shift-floor'),
    relu: true,
    output: [32, 0],
    counters: unitDenseCounters(1, 2),
  },
  ...(['shift-ceil', 'tree'] as const).map((method): Case => ({
    // p0 t = 4: both keep. p2 t = 16: w 64 keep. Same sums as the baseline.
    name: `UnIT ${method}`,
    variant: unit(method),
    output: [40, -23],
    counters: unitDenseCounters(3, 0),
  })),
  {
    // Groups [2, 0]: output 0 uses T/4. p0: table [8, 4, 2]; out0 t = 2: 5 > 2 keep; out1 t = 8:
    // 6 skip. p2: out0 zero weight; out1 t = 32: keep. out0 1264 -> 40, out1 -1024 -> -32.
    name: 'UnIT shift-floor, group shifts [2, 0]',
    variant: unit('shift-floor', [2, 0]),
    output: [40, -32],
    counters: unitDenseCounters(2, 1),
  },
  {
    // tRaw = 8 is 0.25: identical to the exact power-of-two case.
    name: 'UnIT exact, raw T = 8',
    variant: { kind: 'unit', unit: { threshold: { kind: 'raw', tRaw: 8 }, method: 'exact' } },
    output: [32, -23],
    counters: unitDenseCounters(2, 1),
  },
  {
    // T = 0: t = 0, every non-zero weight of a non-zero input runs = pruned + zero-skip.
    name: 'UnIT exact, raw T = 0',
    variant: { kind: 'unit', unit: { threshold: { kind: 'raw', tRaw: 0 }, method: 'exact' } },
    output: [40, -23],
    counters: unitDenseCounters(3, 0),
  },
];

describe('dense (3 -> 2)', () => {
  it.each(denseCases)('$name', (c) => {
    const result = runDenseSpec(
      { ...denseSpec, variant: c.variant, relu: c.relu ?? false },
      denseInput,
    );
    expect(Array.from(result.output)).toEqual(c.output);
    expect(result.counters).toEqual(c.counters);
    expectBalanced(result.counters);
  });
});

// -------------------------------------------------------------------------------------------
// Conv2d: 1 × 3 × 3 input, one 2 × 2 filter, output 2 × 2.
//   input  [ 32   0  16 ]     weights [ 32   0 ]   (1.0, 0; -0.75, 0.25), bias 0
//          [-32   8   0 ]             [-24   8 ]
//          [  4  64 -16 ]
// Baseline sums: (0,0) 1024 + 768 + 64 = 1856 -> 58; (0,1) 8·-24 = -192 -> -6;
// (1,0) -1024 - 96 + 512 = -608 -> -19; (1,1) 256 - 1536 - 128 = -1408 -> -44.
// Zero inputs under the taps: (0,0) tap w=0 sees x=0 (zero weight wins); (0,1) taps w=32 and
// w=8 see x=0 (zero activation ×2); (1,1) tap w=0 sees x=0.
// UnIT quotients (P = 8): w 32 (k 5): exact 8, floor 8, ceil 4; w -24 (k 4): exact 10, floor 16,
// ceil 8; w 8 (k 3): exact 32, floor 32, ceil 16. The zero weight is skipped at 4 positions.
// Tap w=32 sees x [32, 0, -32, 8]; tap w=-24 sees [-32, 8, 4, 64]; tap w=8 sees [8, 0, 64, -16].
// exact/floor keep: w32 at (0,0),(1,0); w-24 at (0,0),(1,1); w8 at (1,0) -> 5 MACs:
//   (0,0) 1024 + 768 = 1792 -> 56; (0,1) 0; (1,0) -1024 + 512 -> -16 (-15.5 rounds up);
//   (1,1) -1536 -> -48 (-47.5 rounds up).
// ceil/tree additionally keep w32 at (1,1) (8 > 4): (1,1) 256 - 1536 = -1280 -> -40.
const conv2dSpec = {
  inChannels: 1,
  inHeight: 3,
  inWidth: 3,
  outChannels: 1,
  kernelHeight: 2,
  kernelWidth: 2,
  weights: [32, 0, -24, 8],
  bias: [0],
};
const conv2dInput = [32, 0, 16, -32, 8, 0, 4, 64, -16];
const unitExactConv = counters({
  denseMacs: 16,
  executedMacs: 5,
  skippedByThreshold: 5,
  skippedByZeroActivation: 2,
  skippedByZeroWeight: 4,
  divisions: 3,
  comparisons: 12,
});
const unitCeilConv = { ...unitExactConv, executedMacs: 6, skippedByThreshold: 4 };

const conv2dCases: readonly Case[] = [
  {
    name: 'baseline',
    variant: { kind: 'dense' },
    output: [58, -6, -19, -44],
    counters: counters({ denseMacs: 16, executedMacs: 16 }),
  },
  {
    name: 'baseline, fused ReLU',
    variant: { kind: 'dense' },
    relu: true,
    output: [58, 0, 0, 0],
    counters: counters({ denseMacs: 16, executedMacs: 16 }),
  },
  {
    name: 'zero-skip',
    variant: { kind: 'dense', skipZeroActivations: true },
    output: [58, -6, -19, -44],
    counters: counters({
      denseMacs: 16,
      executedMacs: 12,
      skippedByZeroActivation: 2,
      skippedByZeroWeight: 2,
    }),
  },
  {
    name: 'pruned: the zero tap is not stored',
    variant: { kind: 'pruned' },
    output: [58, -6, -19, -44],
    counters: counters({ denseMacs: 16, executedMacs: 12, skippedByZeroWeight: 4 }),
  },
  {
    name: 'pruned + zero-skip',
    variant: { kind: 'pruned', skipZeroActivations: true },
    output: [58, -6, -19, -44],
    counters: counters({
      denseMacs: 16,
      executedMacs: 10,
      skippedByZeroActivation: 2,
      skippedByZeroWeight: 4,
    }),
  },
  {
    name: 'UnIT exact',
    variant: unit('exact'),
    output: [56, 0, -16, -48],
    counters: unitExactConv,
  },
  {
    name: 'UnIT shift-floor',
    variant: unit('shift-floor'),
    output: [56, 0, -16, -48],
    counters: unitExactConv,
  },
  {
    name: 'UnIT shift-ceil',
    variant: unit('shift-ceil'),
    output: [56, 0, -16, -40],
    counters: unitCeilConv,
  },
  { name: 'UnIT tree', variant: unit('tree'), output: [56, 0, -16, -40], counters: unitCeilConv },
  {
    // Group shift 1 on the only channel = T/2 = 2^-3: same as ceil here, but floor-based:
    // w32 t 4, w-24 t 8, w8 t 16 -> identical keeps to ceil.
    name: 'UnIT shift-floor, group shift [1]',
    variant: unit('shift-floor', [1]),
    output: [56, 0, -16, -40],
    counters: unitCeilConv,
  },
];

describe('conv2d (1×3×3, one 2×2 filter)', () => {
  it.each(conv2dCases)('$name', (c) => {
    const result = runConv2dSpec(
      { ...conv2dSpec, variant: c.variant, relu: c.relu ?? false },
      conv2dInput,
    );
    expect(Array.from(result.output)).toEqual(c.output);
    expect(result.counters).toEqual(c.counters);
    expectBalanced(result.counters);
  });

  it('structured: two filters, keep [1] computes only the second (bias 1.0 -> raw 32)', () => {
    const spec = {
      ...conv2dSpec,
      outChannels: 2,
      weights: [32, 0, -24, 8, 0, 0, 0, 32],
      bias: [0, 32],
      variant: { kind: 'structured', keep: [1] } as const,
    };
    // Second filter: only tap (1,1) = 1.0; out = 1.0 + x[1..2][1..2] = 32 + [8, 0, 64, -16].
    const result = runConv2dSpec(spec, conv2dInput);
    expect(Array.from(result.output)).toEqual([40, 32, 96, 16]);
    expect(result.counters).toEqual(
      counters({ denseMacs: 32, executedMacs: 16, skippedByZeroWeight: 16 }),
    );
  });

  it('multi-channel: 2 input channels, 2 filters, CHW and [oc][ic][ky][kx] order', () => {
    // 2 × 2 × 2 input, 1 × 1 kernels: out[oc] = Σ_ic w[oc][ic] · x[ic]; F = 0 (plain integers).
    const result = runConv2dSpec(
      {
        inChannels: 2,
        inHeight: 2,
        inWidth: 2,
        outChannels: 2,
        kernelHeight: 1,
        kernelWidth: 1,
        weights: [1, 10, -1, 100],
        bias: [0, 5],
        fracBits: 0,
        variant: { kind: 'dense' },
      },
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
    // oc0: x0 + 10·x1 = [51, 62, 73, 84]; oc1: 5 - x0 + 100·x1 = [504, 603, 702, 801]
    expect(Array.from(result.output)).toEqual([51, 62, 73, 84, 504, 603, 702, 801]);
  });
});

// -------------------------------------------------------------------------------------------
// Conv1d: x = [32, -16, 0, 64, 8] = (1, -0.5, 0, 2, 0.25), w = [16, -8] = (0.5, -0.25),
// bias 8 = 0.25.
// Baseline: 256 + [512 + 128, -256 + 0, 0 - 512, 1024 - 64] = [896, 0, -256, 1216]
//   -> [28, 0, -8, 38].
// UnIT shift-floor: w 16 (k 4) t = 16, w -8 (k 3) t = 32. Tap 0 sees [32, -16, 0, 64]: keep
// 32 and 64; tap 1 sees [-16, 0, 64, 8]: keep 64. Sums 256 + [512, 0, -512, 1024]
// = [768, 256, -256, 1280] -> [24, 8, -8, 40] (all exact multiples of 32).
describe('conv1d (1×5, kernel 2)', () => {
  const spec = {
    inChannels: 1,
    inLength: 5,
    outChannels: 1,
    kernelLength: 2,
    weights: [16, -8],
    bias: [8],
  };
  const input = [32, -16, 0, 64, 8];

  it('baseline', () => {
    const r = runConv1dSpec({ ...spec, variant: { kind: 'dense' } }, input);
    expect(Array.from(r.output)).toEqual([28, 0, -8, 38]);
    expect(r.counters).toEqual(counters({ denseMacs: 8, executedMacs: 8 }));
  });

  it('zero-skip: x = 0 meets both taps once', () => {
    const r = runConv1dSpec(
      { ...spec, variant: { kind: 'dense', skipZeroActivations: true } },
      input,
    );
    expect(Array.from(r.output)).toEqual([28, 0, -8, 38]);
    expect(r.counters).toEqual(
      counters({ denseMacs: 8, executedMacs: 6, skippedByZeroActivation: 2 }),
    );
  });

  it('UnIT shift-floor', () => {
    const r = runConv1dSpec({ ...spec, variant: unit('shift-floor') }, input);
    expect(Array.from(r.output)).toEqual([24, 8, -8, 40]);
    expect(r.counters).toEqual(
      counters({
        denseMacs: 8,
        executedMacs: 3,
        skippedByThreshold: 3,
        skippedByZeroActivation: 2,
        divisions: 2,
        comparisons: 8,
      }),
    );
  });

  it('UnIT exact: w 16 t = 16, w -8 t = 32 (both powers of two: same as floor)', () => {
    const r = runConv1dSpec({ ...spec, variant: unit('exact') }, input);
    expect(Array.from(r.output)).toEqual([24, 8, -8, 40]);
  });

  it('UnIT shift-ceil and tree: t = 8 and 16; tap 0 keeps 32, -16, 64; tap 1 keeps 64', () => {
    // sums 256 + [512, -256, -512, 1024] = [768, 0, -256, 1280] -> [24, 0, -8, 40]
    for (const method of ['shift-ceil', 'tree'] as const) {
      const r = runConv1dSpec({ ...spec, variant: unit(method) }, input);
      expect(Array.from(r.output)).toEqual([24, 0, -8, 40]);
      expect(r.counters.executedMacs).toBe(4);
    }
  });

  it('pruned: compressed taps give the baseline', () => {
    const r = runConv1dSpec({ ...spec, variant: { kind: 'pruned' } }, input);
    expect(Array.from(r.output)).toEqual([28, 0, -8, 38]);
  });
});

// -------------------------------------------------------------------------------------------
describe('maxpool2d, maxpool1d, relu, argmax', () => {
  it('maxpool2d 2×2 on 5×4 drops the fifth row', () => {
    const input = [
      [1, -2, 3, 4],
      [5, 6, -7, 8],
      [-9, -10, -11, -12],
      [-13, -32768, -15, -16],
      [100, 100, 100, 100],
    ].flat();
    const r = runMaxPool2dSpec(
      { channels: 1, inHeight: 5, inWidth: 4, poolHeight: 2, poolWidth: 2 },
      input,
    );
    expect(Array.from(r.output)).toEqual([6, 8, -9, -11]);
    expect(r.counters).toEqual(counters({}));
  });

  it('maxpool2d of an all -32768 window is -32768', () => {
    const r = runMaxPool2dSpec(
      { channels: 2, inHeight: 2, inWidth: 2, poolHeight: 2, poolWidth: 2 },
      [-32768, -32768, -32768, -32768, 0, 0, 0, 0],
    );
    expect(Array.from(r.output)).toEqual([-32768, 0]);
  });

  it('maxpool1d, two channels, window 2, remainder dropped', () => {
    const r = runMaxPool1dSpec(
      { channels: 2, inLength: 5, poolLength: 2 },
      [3, -1, 7, 7, 9, -5, -6, 0, -1, 2],
    );
    expect(Array.from(r.output)).toEqual([3, 7, -5, 0]);
  });

  it('relu clamps negatives, keeps the extremes', () => {
    const layer = unwrap(prepareRelu({ length: 5 }));
    expect(Array.from(run(layer, [-1, 0, 5, -32768, 32767]).output)).toEqual([0, 0, 5, 0, 32767]);
  });

  it.each([
    [[3, 7, 7, -1], 1],
    [[4, 4, 4], 0],
    [[-32768], 0],
    [[-5, -3, -3, -4], 1],
  ])('argmax %j = %d (ties to the lowest index)', (values, index) => {
    const layer = unwrap(prepareArgmax({ length: values.length }));
    expect(Array.from(run(layer, values).output)).toEqual([index]);
  });

  it('twins reject an input of the wrong length', () => {
    const layer = unwrap(prepareRelu({ length: 3 }));
    expect(unwrapFails(() => run(layer, [1, 2]))).toMatch(/input: expected 3 words, got 2/);
  });
});

function unwrapFails(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}
