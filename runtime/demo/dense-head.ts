/**
 * The bundled demo: the fully connected head of the UnIT paper's MNIST model (256 → 10,
 * unit-method.md §10) run on the emulated FR5994 in every pruning configuration, on both
 * multiplier back ends, with each run checked bit for bit against its TypeScript twin.
 *
 * The weights and activations are synthetic (seeded) until model import lands: weights drawn
 * around zero as a trained layer's are, activations non-negative with about half of them zero,
 * as after ReLU and max-pooling. The numbers show how each configuration trades MACs for time
 * and energy; they are not the paper's accuracy figures.
 */

import type { DenseSpec, MacVariant } from '../../kernels/types.js';
import { prepareDense } from '../../kernels/prepare.js';
import { seededRandom } from '../testing/random.js';
import {
  layerFailure,
  loadKernelLibrary,
  runKernel,
  type MultiplierBackEnd,
} from '../kernels/runner.js';

export const DEMO_MCLK_HZ = 16_000_000;
const IN_FEATURES = 256;
const OUT_FEATURES = 10;
const SEED = 430;

/** One configuration's measured run. */
export interface DemoRow {
  readonly configuration: string;
  readonly backEnd: MultiplierBackEnd;
  readonly denseMacs: number;
  readonly executedMacs: number;
  readonly skippedMacs: number;
  readonly cycles: number;
  readonly microseconds: number;
  readonly energyNj: number;
  /** Largest output difference from the unpruned layer, in raw Q10.5 steps. */
  readonly maxOutputError: number;
  /** The kernel's output and counters equal its twin's. */
  readonly matchesTwin: boolean;
}

/** A normal-ish draw (sum of uniforms) scaled to `std` raw steps. */
function gaussian(next: () => number, std: number): number {
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += next();
  return Math.round((sum - 2) * std * Math.sqrt(3));
}

function demoData(): { weights: Int16Array; bias: Int16Array; input: Int16Array } {
  const rng = seededRandom(SEED);
  // Q10.5: raw = value × 32. Weights with a spread of about 0.25, activations up to 4.
  const weights = Int16Array.from({ length: IN_FEATURES * OUT_FEATURES }, () =>
    gaussian(() => rng.next(), 8),
  );
  const bias = Int16Array.from({ length: OUT_FEATURES }, () => gaussian(() => rng.next(), 4));
  const input = Int16Array.from({ length: IN_FEATURES }, () =>
    rng.next() < 0.5 ? 0 : rng.int(1, 128),
  );
  return { weights, bias, input };
}

/** Training-time magnitude pruning of the smaller half of the weights. */
function prunedHalf(weights: Int16Array): Int16Array {
  const sorted = Array.from(weights, Math.abs).sort((a, b) => a - b);
  const cut = sorted[Math.floor(sorted.length / 2)] ?? 0;
  return weights.map((w) => (Math.abs(w) <= cut ? 0 : w));
}

interface Configuration {
  readonly name: string;
  readonly variant: MacVariant;
  readonly weights: Int16Array;
}

function configurations(weights: Int16Array): Configuration[] {
  const unit = (method: 'exact' | 'shift-floor' | 'shift-ceil' | 'tree'): MacVariant => ({
    kind: 'unit',
    unit: { threshold: { kind: 'pow2', eT: -2 }, method },
  });
  return [
    { name: 'dense', variant: { kind: 'dense' }, weights },
    { name: 'dense, zero skip', variant: { kind: 'dense', skipZeroActivations: true }, weights },
    { name: 'pruned 50 %', variant: { kind: 'pruned' }, weights: prunedHalf(weights) },
    { name: 'UnIT T=0.25 exact', variant: unit('exact'), weights },
    { name: 'UnIT T=0.25 shift-floor', variant: unit('shift-floor'), weights },
    { name: 'UnIT T=0.25 shift-ceil', variant: unit('shift-ceil'), weights },
    { name: 'UnIT T=0.25 tree', variant: unit('tree'), weights },
  ];
}

function sameCounters(a: object, b: object): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Runs every configuration on both back ends; `sources` is the kernels/asm library. */
export function runDemo(sources: Readonly<Record<string, string>>): DemoRow[] {
  const { weights, bias, input } = demoData();
  const rows: DemoRow[] = [];
  for (const backEnd of ['mpy32', 'software'] as const) {
    const library = loadKernelLibrary({ multiplier: backEnd, sources, mclkHz: DEMO_MCLK_HZ });
    let reference: Int16Array | null = null;
    for (const config of configurations(weights)) {
      const spec: DenseSpec = {
        inFeatures: IN_FEATURES,
        outFeatures: OUT_FEATURES,
        weights: config.weights,
        bias,
        variant: config.variant,
      };
      const layer = prepareDense(spec);
      // The demo's data are fixed, so a rejected layer is a bug of ours: a typed error that the
      // CLI reports as an internal one.
      if (!layer.ok) throw layerFailure('demo', layer.errors);
      const run = runKernel(library, layer.value, input);
      reference ??= run.output;
      const c = run.counters;
      rows.push({
        configuration: config.name,
        backEnd,
        denseMacs: c.denseMacs,
        executedMacs: c.executedMacs,
        skippedMacs: c.denseMacs - c.executedMacs,
        cycles: run.cycles,
        microseconds: (run.cycles / DEMO_MCLK_HZ) * 1e6,
        energyNj: run.energyNj ?? 0,
        maxOutputError: Math.max(...run.output.map((v, i) => Math.abs(v - (reference?.[i] ?? 0)))),
        matchesTwin:
          run.output.every((v, i) => v === run.twin.output[i]) &&
          sameCounters(run.counters, run.twin.counters),
      });
    }
  }
  return rows;
}
