// kernels/asm/conv2d.s and conv1d.s on seeded random layers beyond the committed fixtures: odd
// shapes (KH ≠ KW, one-row and one-column windows), F = 0..15, int16 extremes, every variant with
// and without zero skip and ReLU, every division method, raw thresholds and group shifts up to
// 15; and one layer whose tap offsets pass 64 KB. Each run must equal its twin (output words and
// all seven counters) on both multiplier back ends. A failing case prints its seed.
import { describe, expect, it } from 'vitest';

import { DIVISION_METHODS } from '../../../kernels/division.js';
import { prepareConv1d, prepareConv2d } from '../../../kernels/prepare.js';
import type { MacVariant, PreparedLayer } from '../../../kernels/types.js';
import { runKernel } from '../../../runtime/kernels/runner.js';
import { seededRandom, type Random } from '../../../runtime/testing/index.js';
import { unwrap } from '../helpers.js';
import { BACK_ENDS, library } from './helpers.js';

/** A word: zero, small (where T decides), large, or an int16 extreme. */
function word(r: Random, zeros: number): number {
  const u = r.next();
  if (u < zeros) return 0;
  if (u < zeros + 0.05) return r.next() < 0.5 ? -32768 : 32767;
  const magnitude = r.next() < 0.8 ? r.int(1, 80) : r.int(81, 4096);
  return r.next() < 0.5 ? -magnitude : magnitude;
}

function variant(r: Random, outputs: number): MacVariant {
  const skipZeroActivations = r.next() < 0.5;
  switch (r.int(0, 3)) {
    case 0:
      return { kind: 'dense', skipZeroActivations };
    case 1:
      return { kind: 'pruned', skipZeroActivations };
    case 2: {
      const keep = Array.from({ length: outputs }, (_, i) => i).filter(() => r.next() < 0.6);
      return { kind: 'structured', keep: keep.length > 0 ? keep : [0], skipZeroActivations };
    }
    default: {
      const raw = r.next() < 0.2;
      const method = raw ? 'exact' : (DIVISION_METHODS[r.int(0, 3)] ?? 'exact');
      const groupShifts =
        r.next() < 0.4 ? Array.from({ length: outputs }, () => r.int(0, 15)) : undefined;
      return {
        kind: 'unit',
        unit: {
          threshold: raw ? { kind: 'raw', tRaw: r.int(0, 32767) } : { kind: 'pow2', eT: 0 },
          method,
          ...(groupShifts === undefined ? {} : { groupShifts }),
        },
      };
    }
  }
}

/** A random conv2d or conv1d layer and its input; eT is drawn so that P stays in −16..15. */
function randomLayer(
  seed: number,
  op: 'conv2d' | 'conv1d',
): { layer: PreparedLayer; input: number[] } {
  const r = seededRandom(seed);
  const fracBits = r.int(0, 15);
  const inChannels = r.int(1, 3);
  const outChannels = r.int(1, 4);
  const inHeight = op === 'conv2d' ? r.int(1, 6) : 1;
  const inWidth = r.int(1, 9);
  const kernelHeight = r.int(1, inHeight);
  const kernelWidth = r.int(1, inWidth);
  const zeros = r.next() * 0.6;
  const taps = inChannels * kernelHeight * kernelWidth;
  const weights = Array.from({ length: outChannels * taps }, () => word(r, zeros));
  const bias = Array.from({ length: outChannels }, () => word(r, 0.2));
  const input = Array.from({ length: inChannels * inHeight * inWidth }, () => word(r, zeros));
  let v = variant(r, outChannels);
  if (v.kind === 'unit' && v.unit.threshold.kind === 'pow2') {
    const eT = r.int(-16 - 2 * fracBits, 15 - 2 * fracBits);
    v = { kind: 'unit', unit: { ...v.unit, threshold: { kind: 'pow2', eT } } };
  }
  const common = { weights, bias, fracBits, relu: r.next() < 0.5, variant: v, outChannels };
  const layer =
    op === 'conv2d'
      ? unwrap(
          prepareConv2d({ ...common, inChannels, inHeight, inWidth, kernelHeight, kernelWidth }),
        )
      : unwrap(
          prepareConv1d({ ...common, inChannels, inLength: inWidth, kernelLength: kernelWidth }),
        );
  return { layer, input };
}

const SEEDS = Array.from({ length: 60 }, (_, i) => 0xc0de + i);

describe.each(BACK_ENDS)('conv kernels on seeded random layers, %s multiplier', (backEnd) => {
  it.each(['conv2d', 'conv1d'] as const)('%s matches its twin on 60 layers', (op) => {
    for (const seed of SEEDS) {
      const { layer, input } = randomLayer(seed, op);
      const run = runKernel(library(backEnd), layer, input);
      expect({ seed, output: Array.from(run.output), counters: run.counters }).toEqual({
        seed,
        output: Array.from(run.twin.output),
        counters: run.twin.counters,
      });
    }
  });
});

describe('conv kernels, tap offsets past 64 KB', () => {
  // Three 200 × 100 input planes (120,000 bytes in the upper FRAM) under a 200 × 1 kernel: tap
  // offsets reach 59,900 words, so byte offsets and strides need all 20 bits.
  const r = seededRandom(0xb16);
  const shape = {
    inChannels: 3,
    inHeight: 200,
    inWidth: 100,
    outChannels: 1,
    kernelHeight: 200,
    kernelWidth: 1,
  };
  const input = Array.from({ length: 3 * 200 * 100 }, () => word(r, 0.3));
  const weights = Array.from({ length: 600 }, () => word(r, 0.3));
  const variants: MacVariant[] = [
    { kind: 'dense' },
    { kind: 'pruned', skipZeroActivations: true },
    { kind: 'unit', unit: { threshold: { kind: 'pow2', eT: -2 }, method: 'tree' } },
  ];
  it.each(BACK_ENDS.flatMap((b) => variants.map((v) => [b, v.kind, v] as const)))(
    '%s, %s',
    (backEnd, _, v) => {
      const layer = unwrap(prepareConv2d({ ...shape, weights, bias: [7], variant: v }));
      const run = runKernel(library(backEnd), layer, input, { maxCycles: 50_000_000 });
      expect(Array.from(run.output)).toEqual(Array.from(run.twin.output));
      expect(run.counters).toEqual(run.twin.counters);
    },
  );
});
