/**
 * Maxpool2d twin: CHW int16 input, window poolHeight × poolWidth, stride equal to the window,
 * no padding; rows and columns that do not fill a window are dropped (outHeight =
 * floor(inHeight / poolHeight)), as PyTorch's MaxPool2d does by default. Maxpool1d is the same
 * with one row. No MACs: the counters are all zero.
 */
import { type Result } from '../../emulator/result.js';
import { zeroCounters, type KernelError, type LayerRun, type PreparedMaxPool } from '../types.js';
import { at, checkInput, run } from './common.js';

/** Runs a prepared maxpool2d (or maxpool1d) twin on one CHW input. */
export function runMaxPool(
  layer: PreparedMaxPool,
  input: ArrayLike<number>,
): Result<LayerRun, KernelError> {
  const checked = checkInput(input, layer.channels * layer.inHeight * layer.inWidth);
  if (!checked.ok) return checked;
  const plane = layer.inHeight * layer.inWidth;
  const output = new Int16Array(layer.channels * layer.outHeight * layer.outWidth);
  let o = 0;
  for (let c = 0; c < layer.channels; c++) {
    for (let oy = 0; oy < layer.outHeight; oy++) {
      for (let ox = 0; ox < layer.outWidth; ox++) {
        let best = -0x8000;
        for (let py = 0; py < layer.poolHeight; py++) {
          const row = c * plane + (oy * layer.poolHeight + py) * layer.inWidth;
          for (let px = 0; px < layer.poolWidth; px++) {
            const x = at(input, row + ox * layer.poolWidth + px);
            if (x > best) best = x;
          }
        }
        output[o++] = best;
      }
    }
  }
  return run(output, zeroCounters());
}

/** Runs the twin of a prepared maxpool2d layer. */
export function runMaxPool2d(
  layer: PreparedMaxPool,
  input: ArrayLike<number>,
): Result<LayerRun, KernelError> {
  return runMaxPool(layer, input);
}
