/**
 * The layer twins and one dispatcher over every prepared layer kind.
 */
import { type Result } from '../../emulator/result.js';
import type { KernelError, LayerRun, PreparedLayer } from '../types.js';
import { runArgmax } from './argmax.js';
import { runConvolution } from './conv2d.js';
import { runDense } from './dense.js';
import { runMaxPool } from './maxpool2d.js';
import { runRelu } from './relu.js';

export { argmax16, runArgmax } from './argmax.js';
export { runConv1d } from './conv1d.js';
export { runConv2d, runConvolution } from './conv2d.js';
export { runDense } from './dense.js';
export { runMaxPool1d } from './maxpool1d.js';
export { runMaxPool, runMaxPool2d } from './maxpool2d.js';
export { relu16, runRelu } from './relu.js';

/** Runs the twin of any prepared layer on one input. */
export function runLayer(
  layer: PreparedLayer,
  input: ArrayLike<number>,
): Result<LayerRun, KernelError> {
  switch (layer.op) {
    case 'dense':
      return runDense(layer, input);
    case 'conv1d':
    case 'conv2d':
      return runConvolution(layer, input);
    case 'maxpool1d':
    case 'maxpool2d':
      return runMaxPool(layer, input);
    case 'relu':
      return runRelu(layer, input);
    case 'argmax':
      return runArgmax(layer, input);
  }
}
