// Properties every twin must keep, checked on seeded random layers against independent
// output-major formulas: counter balance, loop-order independence (wrap-around), the exact method
// equal to the real-valued test, group shifts equal to lowered exponents, structured = dense on
// the kept outputs, fused ReLU = ReLU layer, T = 0 = zero skipping, ceil <= exact <= floor.
import { describe, expect, it } from 'vitest';
import { prng } from './fixtures/generate.js';
import { DIVISION_METHODS } from '../../kernels/division.js';
import { requantize } from '../../kernels/fixed.js';
import type { Conv2dSpec, DenseSpec, MacVariant } from '../../kernels/types.js';
import { expectBalanced, runConv2dSpec, runDenseSpec } from './helpers.js';

const random = prng(0x1a7e);
const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
function vector(n: number, zeros: number, big = false): number[] {
  return Array.from({ length: n }, () => {
    if (random() < zeros) return 0;
    if (big && random() < 0.3) return random() < 0.5 ? -32768 : 32767;
    return int(-80, 80);
  });
}

/** Independent requantisation of an exact BigInt sum: wrap to int32, then the fixed.ts rule. */
function requantBig(sum: bigint, fracBits: number): number {
  return requantize(Number(BigInt.asIntN(32, sum)), fracBits);
}

function denseCase(big: boolean): { spec: Omit<DenseSpec, 'variant'>; input: number[] } {
  const inFeatures = int(1, 12);
  const outFeatures = int(1, 9);
  return {
    spec: {
      inFeatures,
      outFeatures,
      weights: vector(inFeatures * outFeatures, 0.3, big),
      bias: vector(outFeatures, 0.2, big),
    },
    input: vector(inFeatures, 0.3, big),
  };
}

/** Output-major dense with an optional keep predicate on (x, w). */
function denseOracle(
  spec: Omit<DenseSpec, 'variant'>,
  input: number[],
  keep: (x: number, w: number, j: number) => boolean = () => true,
): number[] {
  const w = Array.from(spec.weights);
  const b = Array.from(spec.bias);
  return Array.from({ length: spec.outFeatures }, (_, j) => {
    let sum = BigInt(b[j] ?? 0) << 5n;
    input.forEach((x, p) => {
      const wt = w[p * spec.outFeatures + j] ?? 0;
      if (keep(x, wt, j)) sum += BigInt(x) * BigInt(wt);
    });
    return requantBig(sum, 5);
  });
}

const unitVariant = (
  method: (typeof DIVISION_METHODS)[number],
  eT: number,
  groupShifts?: number[],
): MacVariant => ({
  kind: 'unit',
  unit:
    groupShifts === undefined
      ? { threshold: { kind: 'pow2', eT }, method }
      : { threshold: { kind: 'pow2', eT }, method, groupShifts },
});

const TRIALS = Array.from({ length: 40 }, (_, i) => i);

describe('dense invariants on random layers', () => {
  it.each(TRIALS)('trial %d', (trial) => {
    const { spec, input } = denseCase(trial % 4 === 3);
    const run = (variant: MacVariant, relu = false) =>
      runDenseSpec({ ...spec, variant, relu }, input);
    const baseline = run({ kind: 'dense' });
    // Loop order does not matter: input-major twin = output-major oracle, wrap included.
    expect(Array.from(baseline.output)).toEqual(denseOracle(spec, input));
    expect(Array.from(run({ kind: 'pruned' }).output)).toEqual(Array.from(baseline.output));
    expect(Array.from(run({ kind: 'dense', skipZeroActivations: true }).output)).toEqual(
      Array.from(baseline.output),
    );

    // Exact UnIT = the real-valued test |x·w| > 2^eT, with no rounding error.
    for (const eT of [-2, -1, 0]) {
      const p = BigInt(eT + 10);
      const exact = run(unitVariant('exact', eT));
      const oracle = denseOracle(spec, input, (x, w) => {
        const product = BigInt(Math.abs(x * w));
        return p >= 0n ? product > 1n << p : product > 0n;
      });
      expect(Array.from(exact.output)).toEqual(oracle);
      const ceil = run(unitVariant('shift-ceil', eT)).counters.executedMacs;
      const floor = run(unitVariant('shift-floor', eT)).counters.executedMacs;
      expect(ceil).toBeGreaterThanOrEqual(exact.counters.executedMacs);
      expect(exact.counters.executedMacs).toBeGreaterThanOrEqual(floor);
    }

    // Group shifts d for every output = the layer exponent lowered by d.
    for (const method of DIVISION_METHODS) {
      for (const d of [0, 1, 3]) {
        const grouped = run(unitVariant(method, -1, new Array<number>(spec.outFeatures).fill(d)));
        const lowered = run(unitVariant(method, -1 - d));
        expect(Array.from(grouped.output)).toEqual(Array.from(lowered.output));
        expect(grouped.counters).toEqual(lowered.counters);
      }
      // Mixed groups: each output behaves as the layer run at its own exponent.
      const shifts = Array.from({ length: spec.outFeatures }, (_, j) => j % 3);
      const mixed = run(unitVariant(method, -1, shifts));
      shifts.forEach((d, j) => {
        expect(mixed.output[j]).toBe(run(unitVariant(method, -1 - d)).output[j]);
      });
      expectBalanced(mixed.counters);
    }

    // T = 0 (exact): zero-skip outputs, pruned + zero-skip counters.
    const t0 = run({
      kind: 'unit',
      unit: { threshold: { kind: 'raw', tRaw: 0 }, method: 'exact' },
    });
    expect(Array.from(t0.output)).toEqual(Array.from(baseline.output));
    const prunedSkip = run({ kind: 'pruned', skipZeroActivations: true });
    expect({ ...t0.counters, divisions: 0, comparisons: 0 }).toEqual(prunedSkip.counters);

    // Structured = dense restricted to the kept outputs.
    const keep = Array.from({ length: spec.outFeatures }, (_, j) => j).filter((j) => j % 2 === 1);
    if (keep.length > 0) {
      const structured = run({ kind: 'structured', keep });
      expect(Array.from(structured.output)).toEqual(keep.map((j) => baseline.output[j]));
      expectBalanced(structured.counters);
    }

    // Fused ReLU = ReLU after.
    const fused = run(unitVariant('tree', -2), true);
    const plain = run(unitVariant('tree', -2));
    expect(Array.from(fused.output)).toEqual(Array.from(plain.output, (v) => Math.max(0, v)));
    for (const r of [baseline, t0, prunedSkip, fused]) expectBalanced(r.counters);
  });
});

describe('conv2d invariants on random layers', () => {
  it.each(TRIALS.slice(0, 25))('trial %d', (trial) => {
    const inChannels = int(1, 3);
    const inHeight = int(1, 6);
    const inWidth = int(1, 6);
    const kernelHeight = int(1, inHeight);
    const kernelWidth = int(1, inWidth);
    const outChannels = int(1, 4);
    const big = trial % 5 === 4;
    const spec: Omit<Conv2dSpec, 'variant'> = {
      inChannels,
      inHeight,
      inWidth,
      outChannels,
      kernelHeight,
      kernelWidth,
      weights: vector(outChannels * inChannels * kernelHeight * kernelWidth, 0.3, big),
      bias: vector(outChannels, 0.2, big),
    };
    const input = vector(inChannels * inHeight * inWidth, 0.3, big);
    const run = (variant: MacVariant) => runConv2dSpec({ ...spec, variant }, input);
    const oh = inHeight - kernelHeight + 1;
    const ow = inWidth - kernelWidth + 1;

    // Output-major oracle with a keep predicate on (x, w).
    const oracle = (keep: (x: number, w: number) => boolean): number[] => {
      const out: number[] = [];
      for (let oc = 0; oc < outChannels; oc++) {
        for (let oy = 0; oy < oh; oy++) {
          for (let ox = 0; ox < ow; ox++) {
            let sum = BigInt(spec.bias[oc] ?? 0) << 5n;
            for (let ic = 0; ic < inChannels; ic++) {
              for (let ky = 0; ky < kernelHeight; ky++) {
                for (let kx = 0; kx < kernelWidth; kx++) {
                  const w =
                    spec.weights[((oc * inChannels + ic) * kernelHeight + ky) * kernelWidth + kx] ??
                    0;
                  const x = input[(ic * inHeight + oy + ky) * inWidth + ox + kx] ?? 0;
                  if (keep(x, w)) sum += BigInt(x) * BigInt(w);
                }
              }
            }
            out.push(requantBig(sum, 5));
          }
        }
      }
      return out;
    };

    const baseline = run({ kind: 'dense' });
    expect(Array.from(baseline.output)).toEqual(oracle(() => true));
    expect(Array.from(run({ kind: 'pruned', skipZeroActivations: true }).output)).toEqual(
      Array.from(baseline.output),
    );
    const exact = run(unitVariant('exact', -2));
    expect(Array.from(exact.output)).toEqual(oracle((x, w) => Math.abs(x * w) > 256));
    expect(exact.counters.divisions).toBe(Array.from(spec.weights).filter((w) => w !== 0).length);

    for (const method of DIVISION_METHODS) {
      const shifts = Array.from({ length: outChannels }, (_, oc) => (oc * 2) % 5);
      const mixed = run(unitVariant(method, -1, shifts));
      const positions = oh * ow;
      shifts.forEach((d, oc) => {
        const own = run(unitVariant(method, -1 - d));
        expect(Array.from(mixed.output.subarray(oc * positions, (oc + 1) * positions))).toEqual(
          Array.from(own.output.subarray(oc * positions, (oc + 1) * positions)),
        );
      });
      expectBalanced(mixed.counters);
    }
    expect(run(unitVariant('tree', -2)).counters).toEqual(
      run(unitVariant('shift-ceil', -2)).counters,
    );

    const keep = Array.from({ length: outChannels }, (_, oc) => oc).filter((oc) => oc !== 0);
    if (keep.length > 0) {
      const structured = run({ kind: 'structured', keep });
      const positions = oh * ow;
      expect(Array.from(structured.output)).toEqual(
        keep.flatMap((oc) =>
          Array.from(baseline.output.subarray(oc * positions, (oc + 1) * positions)),
        ),
      );
      expectBalanced(structured.counters);
    }
    expectBalanced(baseline.counters);
    expectBalanced(exact.counters);
  });
});
