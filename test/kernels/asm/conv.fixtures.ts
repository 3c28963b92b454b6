// The conv fixtures (test/kernels/fixtures/conv2d.json, conv1d.json) read back as prepared layers,
// for the assembly-kernel specs: one entry per recorded run of every case.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { FIXTURE_DIR } from '../fixtures/generate.js';
import { prepareConv1d, prepareConv2d } from '../../../kernels/prepare.js';
import type { MacCounters, MacVariant, PreparedLayer } from '../../../kernels/types.js';
import { unwrap } from '../helpers.js';

interface ConvFixture {
  readonly header: { readonly generator: string; readonly seed: number };
  readonly shape: Record<string, number>;
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

/** One recorded run: the layer to prepare, its input, and the twin's recorded results. */
export interface ConvRun {
  /** Case, variant, method and threshold, for test names. */
  readonly name: string;
  readonly layer: PreparedLayer;
  readonly input: readonly number[];
  readonly output: readonly number[];
  readonly counters: MacCounters;
}

function describeVariant(variant: MacVariant, relu: boolean): string {
  const parts: string[] = [variant.kind];
  if (variant.kind === 'unit') {
    const { threshold, method, groupShifts } = variant.unit;
    parts.push(method, threshold.kind === 'pow2' ? `eT=${threshold.eT}` : `tRaw=${threshold.tRaw}`);
    if (groupShifts !== undefined) parts.push('groups');
  } else if (variant.skipZeroActivations === true) {
    parts.push('skip-zero');
  }
  if (relu) parts.push('relu');
  return parts.join(' ');
}

/** Every run of conv2d.json or conv1d.json, prepared. */
export function convRuns(op: 'conv2d' | 'conv1d'): ConvRun[] {
  const fixture = JSON.parse(readFileSync(join(FIXTURE_DIR, `${op}.json`), 'utf8')) as ConvFixture;
  return fixture.cases.flatMap((c) =>
    c.runs.map((r) => {
      const common = {
        weights: c.weights,
        bias: c.bias,
        variant: r.variant,
        relu: r.relu,
        fracBits: fixture.fracBits,
      };
      const s = fixture.shape;
      const layer =
        op === 'conv2d'
          ? unwrap(
              prepareConv2d({
                inChannels: s.inChannels ?? 0,
                inHeight: s.inHeight ?? 0,
                inWidth: s.inWidth ?? 0,
                outChannels: s.outChannels ?? 0,
                kernelHeight: s.kernelHeight ?? 0,
                kernelWidth: s.kernelWidth ?? 0,
                ...common,
              }),
            )
          : unwrap(
              prepareConv1d({
                inChannels: s.inChannels ?? 0,
                inLength: s.inLength ?? 0,
                outChannels: s.outChannels ?? 0,
                kernelLength: s.kernelLength ?? 0,
                ...common,
              }),
            );
      return {
        name: `${c.name}: ${describeVariant(r.variant, r.relu)}`,
        layer,
        input: c.input,
        output: r.output,
        counters: r.counters,
      };
    }),
  );
}
