/**
 * Maxpool1d twin: [channels][inLength] int16 input, window = stride = poolLength, remainder
 * dropped. A prepared maxpool1d is a maxpool2d with one row (see `prepareMaxPool1d`).
 */
import { type Result } from '../../emulator/result.js';
import type { KernelError, LayerRun, PreparedMaxPool } from '../types.js';
import { runMaxPool } from './maxpool2d.js';

/** Runs the twin of a prepared maxpool1d layer. */
export function runMaxPool1d(
  layer: PreparedMaxPool,
  input: ArrayLike<number>,
): Result<LayerRun, KernelError> {
  return runMaxPool(layer, input);
}
