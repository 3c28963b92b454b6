// kernels/asm/dense.s against its twin on every run of test/kernels/fixtures/dense.json: every
// variant, division method, threshold form and group table, on both multiplier back ends.
// Output words and all seven counters must be equal.
import { describe, expect, it } from 'vitest';

import { prepareDense } from '../../../kernels/prepare.js';
import type { MacVariant } from '../../../kernels/types.js';
import { runKernel, type LayerRegions } from '../../../runtime/kernels/runner.js';
import { fixtureRuns } from '../fixtures/read.js';
import { unwrap } from '../helpers.js';
import { BACK_ENDS, library } from './helpers.js';

const runs = fixtureRuns('dense');

describe.each(BACK_ENDS)('kernels/asm/dense.s, %s multiplier', (backEnd) => {
  it.each(runs)('$name', ({ layer, input, output, counters }) => {
    const k = runKernel(library(backEnd), layer, input);
    expect([...k.output]).toEqual(output);
    expect(k.counters).toEqual(counters);
    expect([...k.twin.output]).toEqual(output);
  });
});

describe('kernels/asm/dense.s with every buffer in one memory', () => {
  const everywhere = (region: 'sram' | 'fram' | 'hifram'): LayerRegions => ({
    descriptor: region,
    input: region,
    output: region,
    weights: region,
    bias: region,
    index: region,
    entries: region,
    groups: region,
    scratch: region,
  });
  const random = runs.filter((r) => r.name.startsWith('random'));
  it.each(['sram', 'hifram'] as const)('gives the twin results in %s', (region) => {
    for (const { layer, input, output, counters } of random) {
      const k = runKernel(library('mpy32'), layer, input, { regions: everywhere(region) });
      expect([...k.output]).toEqual(output);
      expect(k.counters).toEqual(counters);
    }
  });
});

describe('dense.s cycles per MAC equal the CPUXv2 table sums (docs/kernels.md)', () => {
  /** in inputs of value x, n outputs, every weight w, bias 0. */
  function layer(inFeatures: number, outFeatures: number, w: number, variant: MacVariant) {
    return unwrap(
      prepareDense({
        inFeatures,
        outFeatures,
        weights: new Array<number>(inFeatures * outFeatures).fill(w),
        bias: new Array<number>(outFeatures).fill(0),
        variant,
      }),
    );
  }
  const unit = (eT: number): MacVariant => ({
    kind: 'unit',
    unit: { threshold: { kind: 'pow2', eT }, method: 'shift-ceil' },
  });
  // One more input row adds the row set-up plus n MACs; the difference between n = 16 and n = 8
  // isolates the inner loop.
  it.each([
    ['mpy32', 'baseline (output-major MACS)', { kind: 'dense' }, 3, 12],
    [
      'mpy32',
      'skip-zero, x ≠ 0 (input-major MPYS)',
      { kind: 'dense', skipZeroActivations: true },
      3,
      21,
    ],
    ['mpy32', 'pruned', { kind: 'pruned' }, 3, 24],
    ['mpy32', 'unit, executed', unit(-16), 3, 29],
    ['mpy32', 'unit, executed, w < 0', unit(-16), -3, 31],
    ['mpy32', 'unit, threshold skip', unit(5), 3, 14],
    ['software', 'baseline (mul16s with b = 3: 38)', { kind: 'dense' }, 3, 61],
    ['software', 'unit, threshold skip', unit(5), 3, 14],
  ] as const)('%s %s: %i', (backEnd, _, variant, w, expected) => {
    const cycles = (inF: number, n: number): number =>
      runKernel(library(backEnd), layer(inF, n, w, variant), new Array<number>(inF).fill(2)).cycles;
    const row8 = cycles(2, 8) - cycles(1, 8);
    const row16 = cycles(2, 16) - cycles(1, 16);
    expect((row16 - row8) / 8).toBe(expected);
  });
});

describe('dense.s and the MPY32 timing rules', () => {
  it('never reads a result early nor writes an operand while the multiplier runs', () => {
    const lib = library('mpy32');
    const reports: string[] = [];
    const stop = lib.program.machine.on('event', (e) => {
      if (e.kind === 'early-read' || e.kind === 'warning') reports.push(e.message);
    });
    try {
      for (const { layer, input } of runs) runKernel(lib, layer, input);
    } finally {
      stop();
    }
    expect(reports).toEqual([]);
  });
});
