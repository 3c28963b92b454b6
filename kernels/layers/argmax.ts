/**
 * Argmax twin: the index of the largest int16 word; ties go to the lowest index (the kernel
 * replaces its best value only on a strictly greater one). The output is one word, the index.
 */
import { type Result } from '../../emulator/result.js';
import { zeroCounters, type KernelError, type LayerRun, type PreparedArgmax } from '../types.js';
import { at, checkInput, run } from './common.js';

export function argmax16(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) {
    if (at(values, i) > at(values, best)) best = i;
  }
  return best;
}

/** Runs the twin of a prepared argmax layer; the output holds the index. */
export function runArgmax(
  layer: PreparedArgmax,
  input: ArrayLike<number>,
): Result<LayerRun, KernelError> {
  const checked = checkInput(input, layer.length);
  if (!checked.ok) return checked;
  return run(Int16Array.of(argmax16(input)), zeroCounters());
}
