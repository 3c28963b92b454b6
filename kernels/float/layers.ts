/**
 * Float32 reference model of the UnIT dense and conv2d layers on the host, the only place the
 * bit-mask division (bitmask.ts) runs. Same loop nests, layouts and counters as the fixed-point
 * twins in `kernels/layers/`; arithmetic is float32 (Math.fround after every operation). There
 * is no requantisation: outputs are float32 values.
 */
import { bitMaskQuotient, exactFloatQuotient } from './bitmask.js';
import { zeroCounters, type Conv2dShape, type MacCounters } from '../types.js';

export type FloatDivisionMethod = 'exact' | 'bitmask';

export interface FloatUnit {
  /** T > 0, or 0 for "skip only zero operands". */
  readonly threshold: number;
  readonly method: FloatDivisionMethod;
}

export interface FloatRun {
  readonly output: Float32Array;
  readonly counters: MacCounters;
}

const f = Math.fround;

function quotientOf(unit: FloatUnit, c: number): number {
  return unit.method === 'exact'
    ? exactFloatQuotient(unit.threshold, c)
    : bitMaskQuotient(unit.threshold, c);
}

function book(counters: MacCounters, x: number, w: number): void {
  if (w === 0) counters.skippedByZeroWeight++;
  else if (x === 0) counters.skippedByZeroActivation++;
  else counters.skippedByThreshold++;
}

/**
 * Float dense UnIT, input-major; weights `[in][out]`. `unit` null runs every MAC.
 */
export function floatDense(
  input: ArrayLike<number>,
  weights: ArrayLike<number>,
  bias: ArrayLike<number>,
  outFeatures: number,
  unit: FloatUnit | null,
  relu = false,
): FloatRun {
  const inFeatures = input.length;
  const counters = zeroCounters();
  counters.denseMacs = inFeatures * outFeatures;
  const acc = Float32Array.from({ length: outFeatures }, (_, j) => bias[j] ?? 0);
  for (let p = 0; p < inFeatures; p++) {
    const x = f(input[p] ?? 0);
    if (unit !== null && x === 0) {
      for (let j = 0; j < outFeatures; j++) book(counters, x, weights[p * outFeatures + j] ?? 0);
      continue;
    }
    const t = unit === null ? -1 : quotientOf(unit, x);
    if (unit !== null) counters.divisions++;
    for (let j = 0; j < outFeatures; j++) {
      const w = f(weights[p * outFeatures + j] ?? 0);
      if (unit !== null) counters.comparisons++;
      if (Math.abs(w) > t) {
        acc[j] = f((acc[j] ?? 0) + f(x * w));
        counters.executedMacs++;
      } else {
        book(counters, x, w);
      }
    }
  }
  if (relu) acc.forEach((v, j) => (acc[j] = v < 0 ? 0 : v));
  return { output: acc, counters };
}

/** Float conv2d UnIT (valid, stride 1, CHW), weight-major; zero weights skipped. */
export function floatConv2d(
  input: ArrayLike<number>,
  weights: ArrayLike<number>,
  bias: ArrayLike<number>,
  shape: Conv2dShape,
  unit: FloatUnit | null,
  relu = false,
): FloatRun {
  const { inChannels, inHeight, inWidth, outChannels, kernelHeight, kernelWidth } = shape;
  const outHeight = inHeight - kernelHeight + 1;
  const outWidth = inWidth - kernelWidth + 1;
  const positions = outHeight * outWidth;
  const taps = inChannels * kernelHeight * kernelWidth;
  const counters = zeroCounters();
  counters.denseMacs = outChannels * taps * positions;
  const output = new Float32Array(outChannels * positions);
  for (let oc = 0; oc < outChannels; oc++) {
    output.fill(f(bias[oc] ?? 0), oc * positions, (oc + 1) * positions);
    for (let tap = 0; tap < taps; tap++) {
      const w = f(weights[oc * taps + tap] ?? 0);
      if (unit !== null && w === 0) {
        counters.skippedByZeroWeight += positions;
        continue;
      }
      const t = unit === null ? -1 : quotientOf(unit, w);
      if (unit !== null) counters.divisions++;
      const kx = tap % kernelWidth;
      const ky = Math.floor(tap / kernelWidth) % kernelHeight;
      const ic = Math.floor(tap / (kernelWidth * kernelHeight));
      for (let oy = 0; oy < outHeight; oy++) {
        for (let ox = 0; ox < outWidth; ox++) {
          const x = f(input[(ic * inHeight + oy + ky) * inWidth + ox + kx] ?? 0);
          const o = oc * positions + oy * outWidth + ox;
          if (unit !== null) counters.comparisons++;
          if (Math.abs(x) > t) {
            output[o] = f((output[o] ?? 0) + f(x * w));
            counters.executedMacs++;
          } else {
            book(counters, x, w);
          }
        }
      }
    }
  }
  if (relu) output.forEach((v, i) => (output[i] = v < 0 ? 0 : v));
  return { output, counters };
}
