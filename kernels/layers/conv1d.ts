/**
 * Conv1d twin (valid, stride 1, CL layout). A prepared conv1d is a conv2d with one row
 * (inHeight = kernelHeight = outHeight = 1; see `prepareConv1d`), so the loop nest, the variants
 * and the counters are exactly those of `conv2d.ts`.
 */
import { type Result } from '../../emulator/result.js';
import type { KernelError, LayerRun, PreparedConv } from '../types.js';
import { runConvolution } from './conv2d.js';

/** Runs the twin of a prepared conv1d layer on one [inChannels][inLength] input. */
export function runConv1d(
  layer: PreparedConv,
  input: ArrayLike<number>,
): Result<LayerRun, KernelError> {
  return runConvolution(layer, input);
}
