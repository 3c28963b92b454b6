/**
 * Helpers shared by the layer twins: element access under noUncheckedIndexedAccess, the
 * accumulator epilogue (requantise, fused ReLU) and the skip bookkeeping of `MacCounters`.
 */
import { biasTerm, requantize } from '../fixed.js';
import { fail, ok, type Result } from '../../emulator/result.js';
import { kernelError, type KernelError, type LayerRun, type MacCounters } from '../types.js';

/** Element i of an array the twin has already length-checked. */
export function at(values: ArrayLike<number>, index: number): number {
  return values[index] ?? 0;
}

/** Checks that the input has exactly the length the layer reads. */
export function checkInput(input: ArrayLike<number>, expected: number): Result<null, KernelError> {
  if (input.length !== expected) {
    return fail(kernelError('input', `expected ${expected} words, got ${input.length}`));
  }
  return ok(null);
}

/** Accumulators preloaded with bias << F (the rounding term is added by `requantize`). */
export function biasAccumulators(bias: Int16Array, count: number, fracBits: number): Int32Array {
  const acc = new Int32Array(count);
  for (let j = 0; j < count; j++) acc[j] = biasTerm(at(bias, j), fracBits);
  return acc;
}

/** Epilogue of one output: requantise to int16, then the fused ReLU if asked. */
export function finish(acc: number, fracBits: number, relu: boolean): number {
  const y = requantize(acc, fracBits);
  return relu && y < 0 ? 0 : y;
}

/** Books one skipped MAC under its first cause: zero weight, else zero activation, else T. */
export function bookSkip(counters: MacCounters, x: number, w: number): void {
  if (w === 0) counters.skippedByZeroWeight++;
  else if (x === 0) counters.skippedByZeroActivation++;
  else counters.skippedByThreshold++;
}

export function run(output: Int16Array, counters: MacCounters): Result<LayerRun, KernelError> {
  return ok({ output, counters });
}
