// kernels/asm/dense.s against its twin on seeded random layers beyond the fixtures: every
// division method with and without groups, raw thresholds with groups, F from 0 to 15, sparse
// and saturating inputs, odd shapes; both multiplier back ends.
import { describe, expect, it } from 'vitest';

import { DIVISION_METHODS } from '../../../kernels/division.js';
import { prepareDense } from '../../../kernels/prepare.js';
import type { MacVariant } from '../../../kernels/types.js';
import { runKernel } from '../../../runtime/kernels/runner.js';
import { seededRandom } from '../../../runtime/testing/random.js';
import { unwrap } from '../helpers.js';
import { BACK_ENDS, library } from './helpers.js';

const SEED = 0x0de45e;

interface Case {
  readonly name: string;
  readonly variant: MacVariant;
  readonly fracBits: number;
  readonly relu: boolean;
}

const cases: Case[] = [];
for (const method of DIVISION_METHODS) {
  for (const groups of [false, true]) {
    cases.push({
      name: `unit ${method}${groups ? ' groups' : ''}`,
      variant: { kind: 'unit', unit: { threshold: { kind: 'pow2', eT: -2 }, method } },
      fracBits: 5,
      relu: groups,
    });
  }
}
cases.push(
  {
    name: 'unit exact raw groups',
    variant: { kind: 'unit', unit: { threshold: { kind: 'raw', tRaw: 300 }, method: 'exact' } },
    fracBits: 9,
    relu: false,
  },
  { name: 'dense F = 0', variant: { kind: 'dense' }, fracBits: 0, relu: false },
  { name: 'dense F = 15', variant: { kind: 'dense' }, fracBits: 15, relu: true },
  {
    name: 'pruned skip-zero F = 3',
    variant: { kind: 'pruned', skipZeroActivations: true },
    fracBits: 3,
    relu: false,
  },
  {
    name: 'structured skip-zero',
    variant: { kind: 'structured', keep: [1, 2, 5, 8, 12], skipZeroActivations: true },
    fracBits: 5,
    relu: true,
  },
);

describe.each(BACK_ENDS)('dense.s on seeded random layers, %s multiplier', (backEnd) => {
  it.each(cases.map((c, i) => ({ ...c, seed: SEED + i })))('$name', (c) => {
    const random = seededRandom(c.seed);
    for (let trial = 0; trial < 3; trial++) {
      const inFeatures = random.int(1, 12);
      const outFeatures = 13;
      const sparse = (v: number): number => (random.next() < 0.3 ? 0 : v);
      const wide = trial === 2; // the int16 extremes
      const weights = Array.from({ length: inFeatures * outFeatures }, () =>
        sparse(wide ? random.int(-0x8000, 0x7fff) : random.int(-200, 200)),
      );
      const input = Array.from({ length: inFeatures }, () =>
        sparse(wide ? random.int(-0x8000, 0x7fff) : random.int(-600, 600)),
      );
      const bias = random.ints(outFeatures, -500, 500);
      let variant = c.variant;
      if (variant.kind === 'unit' && (c.name.includes('groups') || c.relu)) {
        variant = {
          kind: 'unit',
          unit: { ...variant.unit, groupShifts: random.ints(outFeatures, 0, 15) },
        };
      }
      const layer = unwrap(
        prepareDense({
          inFeatures,
          outFeatures,
          weights,
          bias,
          fracBits: c.fracBits,
          relu: c.relu,
          variant,
        }),
      );
      const k = runKernel(library(backEnd), layer, input);
      expect([...k.output]).toEqual([...k.twin.output]);
      expect(k.counters).toEqual(k.twin.counters);
    }
  });
});
