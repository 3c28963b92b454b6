/**
 * Dense (fully connected) layer twins, one per variant, and their dispatcher.
 *
 * Loop nest (unit-method.md §3): input-major. The outer loop walks the inputs p; an input's
 * weights `W[p][0..N-1]` are contiguous, so the inner loop over outputs reads them in order
 * (`@Rn+` on the MSP430) and adds into N int32 accumulators in scratch memory. Accumulators
 * start at bias << F; after the last input each is requantised (fixed.ts) and optionally passed
 * through ReLU. Accumulation wraps modulo 2^32, so the order is free for an optimised kernel.
 */
import { groupThreshold, magnitude16, passes, quotient } from '../division.js';
import { mac32, toInt16 } from '../fixed.js';
import { type Result } from '../../emulator/result.js';
import {
  zeroCounters,
  type KernelError,
  type LayerRun,
  type MacCounters,
  type PreparedDense,
} from '../types.js';
import { at, biasAccumulators, bookSkip, checkInput, finish, run } from './common.js';

type Storage<V extends PreparedDense['variant']> = Extract<PreparedDense, { variant: V }>;

function epilogue(layer: PreparedDense, acc: Int32Array, counters: MacCounters): LayerRun {
  const output = new Int16Array(layer.outFeatures);
  for (let j = 0; j < layer.outFeatures; j++) {
    output[j] = finish(at(acc, j), layer.fracBits, layer.relu);
  }
  return { output, counters };
}

function denseCounters(layer: PreparedDense): MacCounters {
  const counters = zeroCounters();
  counters.denseMacs = layer.inFeatures * layer.originalOutputs;
  return counters;
}

/**
 * Baseline: every MAC of the stored matrix, zero weights included; with skipZeroActivations an
 * input x = 0 skips its whole row. Also serves `structured`, whose matrix only holds the kept
 * outputs (the removed ones are booked as zero-weight skips: they were pruned in training).
 */
function denseLoop(
  layer: Storage<'dense'> | Storage<'structured'>,
  input: ArrayLike<number>,
): LayerRun {
  const n = layer.outFeatures;
  const counters = denseCounters(layer);
  counters.skippedByZeroWeight += layer.inFeatures * (layer.originalOutputs - n);
  const acc = biasAccumulators(layer.bias, n, layer.fracBits);
  for (let p = 0; p < layer.inFeatures; p++) {
    const x = at(input, p);
    const row = p * n;
    if (x === 0 && layer.skipZeroActivations) {
      for (let j = 0; j < n; j++) bookSkip(counters, x, at(layer.weights, row + j));
      continue;
    }
    for (let j = 0; j < n; j++) {
      acc[j] = mac32(at(acc, j), x, at(layer.weights, row + j));
      counters.executedMacs++;
    }
  }
  return epilogue(layer, acc, counters);
}

/**
 * Training-time pruned, compressed: row p lists its non-zero weights as (output, weight) pairs,
 * so zero weights cost nothing at all. A zero input skips its row when skipZeroActivations.
 */
function densePruned(layer: Storage<'pruned'>, input: ArrayLike<number>): LayerRun {
  const n = layer.outFeatures;
  const counters = denseCounters(layer);
  const acc = biasAccumulators(layer.bias, n, layer.fracBits);
  for (let p = 0; p < layer.inFeatures; p++) {
    const x = at(input, p);
    const first = at(layer.rowPtr, p);
    const end = at(layer.rowPtr, p + 1);
    counters.skippedByZeroWeight += n - (end - first);
    if (x === 0 && layer.skipZeroActivations) {
      for (let e = first; e < end; e++)
        bookSkip(counters, x, toInt16(at(layer.entries, 2 * e + 1)));
      continue;
    }
    for (let e = first; e < end; e++) {
      const j = at(layer.entries, 2 * e);
      const w = toInt16(at(layer.entries, 2 * e + 1));
      acc[j] = mac32(at(acc, j), x, w);
      counters.executedMacs++;
    }
  }
  return epilogue(layer, acc, counters);
}

/**
 * UnIT: per non-zero input one quotient t = T / |x| (one estimator call), then per output the
 * strict test |w| > t. With group shifts, the kernel first fills a table of maxGroupShift + 1
 * thresholds (t >> d, saturated) in scratch and each output looks up its own entry: one indexed
 * load per output, no per-output shift loop.
 */
function denseUnit(layer: Storage<'unit'>, input: ArrayLike<number>): LayerRun {
  const n = layer.outFeatures;
  const { method, threshold, groupShifts, maxGroupShift } = layer.unit;
  const counters = denseCounters(layer);
  const acc = biasAccumulators(layer.bias, n, layer.fracBits);
  const table = new Uint16Array(maxGroupShift + 1);
  for (let p = 0; p < layer.inFeatures; p++) {
    const x = at(input, p);
    const row = p * n;
    if (x === 0) {
      for (let j = 0; j < n; j++) bookSkip(counters, x, at(layer.weights, row + j));
      continue;
    }
    const q = quotient(method, magnitude16(x), threshold, layer.fracBits);
    counters.divisions++;
    for (let d = 0; d <= maxGroupShift; d++) table[d] = groupThreshold(q, d);
    for (let j = 0; j < n; j++) {
      const w = at(layer.weights, row + j);
      const t = at(table, groupShifts === null ? 0 : at(groupShifts, j));
      counters.comparisons++;
      if (passes(magnitude16(w), t)) {
        acc[j] = mac32(at(acc, j), x, w);
        counters.executedMacs++;
      } else {
        bookSkip(counters, x, w);
      }
    }
  }
  return epilogue(layer, acc, counters);
}

/** Runs the twin of a prepared dense layer on one input vector of `inFeatures` int16 words. */
export function runDense(
  layer: PreparedDense,
  input: ArrayLike<number>,
): Result<LayerRun, KernelError> {
  const checked = checkInput(input, layer.inFeatures);
  if (!checked.ok) return checked;
  let result: LayerRun;
  switch (layer.variant) {
    case 'dense':
    case 'structured':
      result = denseLoop(layer, input);
      break;
    case 'pruned':
      result = densePruned(layer, input);
      break;
    case 'unit':
      result = denseUnit(layer, input);
      break;
  }
  return run(result.output, result.counters);
}
