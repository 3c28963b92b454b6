// The float32 reference model: the only place the bit-mask division runs.
import { describe, expect, it } from 'vitest';
import { floatConv2d, floatDense } from '../../kernels/float/layers.js';
import { expectBalanced } from './helpers.js';

describe('float dense', () => {
  // x = [1.5, 0, -0.25], W[p][j] = [[0.15625, 0.1875], [1, -1], [0, 2]], bias [1, -0.5], T = 0.25.
  const input = [1.5, 0, -0.25];
  const weights = [0.15625, 0.1875, 1, -1, 0, 2];
  const bias = [1, -0.5];

  it('without UnIT runs every MAC: [1.234375, -0.71875]', () => {
    const r = floatDense(input, weights, bias, 2, null);
    expect(Array.from(r.output)).toEqual([1.234375, -0.71875]);
    expect(r.counters.executedMacs).toBe(6);
  });

  it('exact: T/1.5 = 0.1667 keeps 0.1875 only; T/0.25 = 1 keeps 2', () => {
    const r = floatDense(input, weights, bias, 2, { threshold: 0.25, method: 'exact' });
    expect(Array.from(r.output)).toEqual([1, -0.5 + 0.28125 - 0.5]);
    expect(r.counters).toMatchObject({ executedMacs: 2, skippedByThreshold: 1, divisions: 2 });
    expectBalanced(r.counters);
  });

  it('bit-mask: 1.5 has exponent 0, so t = 0.25 and both p0 weights are skipped', () => {
    const r = floatDense(input, weights, bias, 2, { threshold: 0.25, method: 'bitmask' });
    expect(Array.from(r.output)).toEqual([1, -1]);
    expect(r.counters).toMatchObject({
      executedMacs: 1,
      skippedByThreshold: 2,
      skippedByZeroActivation: 2,
      skippedByZeroWeight: 1,
    });
  });

  it('T = 0 skips only zero operands and keeps the dense result', () => {
    const r = floatDense(input, weights, bias, 2, { threshold: 0, method: 'bitmask' });
    expect(Array.from(r.output)).toEqual([1.234375, -0.71875]);
    expect(r.counters.executedMacs).toBe(3);
  });
});

describe('float conv2d', () => {
  // The fixed-point hand case of layers.spec.ts in real units (raw / 32).
  const input = [32, 0, 16, -32, 8, 0, 4, 64, -16].map((v) => v / 32);
  const weights = [32, 0, -24, 8].map((v) => v / 32);
  const shape = {
    inChannels: 1,
    inHeight: 3,
    inWidth: 3,
    outChannels: 1,
    kernelHeight: 2,
    kernelWidth: 2,
  };

  it('dense and exact UnIT agree with the fixed-point twin (values exact in float32)', () => {
    const dense = floatConv2d(input, weights, [0], shape, null);
    expect(Array.from(dense.output, (v) => v * 32)).toEqual([58, -6, -19, -44]);
    const exact = floatConv2d(input, weights, [0], shape, { threshold: 0.25, method: 'exact' });
    expect(Array.from(exact.output, (v) => v * 32)).toEqual([56, 0, -16, -48]);
    expect(exact.counters).toMatchObject({
      executedMacs: 5,
      skippedByThreshold: 5,
      skippedByZeroActivation: 2,
      skippedByZeroWeight: 4,
      divisions: 3,
      comparisons: 12,
    });
  });

  it('bit-mask (t >= T/|w| for a power-of-two T) never keeps more than exact', () => {
    const exact = floatConv2d(input, weights, [0], shape, { threshold: 0.25, method: 'exact' });
    const mask = floatConv2d(input, weights, [0], shape, { threshold: 0.25, method: 'bitmask' });
    expect(mask.counters.executedMacs).toBeLessThanOrEqual(exact.counters.executedMacs);
    expectBalanced(mask.counters);
  });

  it('fused ReLU', () => {
    const r = floatConv2d(input, weights, [0], shape, null, true);
    expect(Array.from(r.output, (v) => v * 32)).toEqual([58, 0, 0, 0]);
  });
});
