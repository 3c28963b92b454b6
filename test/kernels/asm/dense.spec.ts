// kernels/asm/dense.s against its twin on every run of test/kernels/fixtures/dense.json: every
// variant, division method, threshold form and group table, on both multiplier back ends.
// Output words and all seven counters must be equal.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { prepareDense } from '../../../kernels/prepare.js';
import type { MacCounters, MacVariant, PreparedDense } from '../../../kernels/types.js';
import { runKernel, type LayerRegions } from '../../../runtime/kernels/runner.js';
import { FIXTURE_DIR } from '../fixtures/generate.js';
import { unwrap } from '../helpers.js';
import { BACK_ENDS, library } from './helpers.js';

interface DenseFixture {
  readonly header: { readonly seed: number };
  readonly shape: { readonly inFeatures: number; readonly outFeatures: number };
  readonly fracBits: number;
  readonly cases: readonly {
    readonly name: string;
    readonly input: number[];
    readonly weights: number[];
    readonly bias: number[];
    readonly runs: readonly {
      readonly variant: MacVariant;
      readonly relu: boolean;
      readonly output: number[];
      readonly counters: MacCounters;
    }[];
  }[];
}

const fixture = JSON.parse(readFileSync(join(FIXTURE_DIR, 'dense.json'), 'utf8')) as DenseFixture;

function label(variant: MacVariant, relu: boolean): string {
  const parts: string[] = [variant.kind];
  if (variant.kind === 'unit') {
    const { threshold, method, groupShifts } = variant.unit;
    parts.push(method, threshold.kind === 'pow2' ? `eT=${threshold.eT}` : `tRaw=${threshold.tRaw}`);
    if (groupShifts !== undefined) parts.push('groups');
  } else if (variant.skipZeroActivations === true) parts.push('skip-zero');
  if (relu) parts.push('relu');
  return parts.join(' ');
}

const runs = fixture.cases.flatMap((c) =>
  c.runs.map((r) => ({
    name: `${c.name}: ${label(r.variant, r.relu)}`,
    layer: unwrap(
      prepareDense({
        inFeatures: fixture.shape.inFeatures,
        outFeatures: fixture.shape.outFeatures,
        weights: c.weights,
        bias: c.bias,
        fracBits: fixture.fracBits,
        relu: r.relu,
        variant: r.variant,
      }),
    ),
    input: c.input,
    output: r.output,
    counters: r.counters,
  })),
);

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

describe('dense.s cycles', () => {
  /** A layer whose every MAC is executed: in inputs, n outputs, all weights and inputs 1. */
  function baseline(inFeatures: number, outFeatures: number): PreparedDense {
    return unwrap(
      prepareDense({
        inFeatures,
        outFeatures,
        weights: new Array<number>(inFeatures * outFeatures).fill(1),
        bias: new Array<number>(outFeatures).fill(0),
        variant: { kind: 'dense' },
      }),
    );
  }
  const cycles = (inF: number, n: number): number =>
    runKernel(library('mpy32'), baseline(inF, n), new Array<number>(inF).fill(1)).cycles;

  it('spends 21 cycles per executed MAC in the MPY32 baseline loop (msp430x.md §6)', () => {
    // One more input row adds the row set-up plus n MACs; the difference of two n isolates the
    // inner loop.
    const row8 = cycles(2, 8) - cycles(1, 8);
    const row16 = cycles(2, 16) - cycles(1, 16);
    expect((row16 - row8) / 8).toBe(21);
  });
});
