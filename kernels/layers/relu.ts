/**
 * ReLU twin: y = max(0, x) on int16 words. The only layer whose output may alias its input
 * (in place). Dense and conv layers can fuse it instead (`relu: true` in their spec).
 */
import { type Result } from '../../emulator/result.js';
import { zeroCounters, type KernelError, type LayerRun, type PreparedRelu } from '../types.js';
import { at, checkInput, run } from './common.js';

export function relu16(x: number): number {
  return x < 0 ? 0 : x;
}

/** Runs the twin of a prepared ReLU layer. */
export function runRelu(
  layer: PreparedRelu,
  input: ArrayLike<number>,
): Result<LayerRun, KernelError> {
  const checked = checkInput(input, layer.length);
  if (!checked.ok) return checked;
  const output = new Int16Array(layer.length);
  for (let i = 0; i < layer.length; i++) output[i] = relu16(at(input, i));
  return run(output, zeroCounters());
}
