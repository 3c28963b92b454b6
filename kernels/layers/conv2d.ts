/**
 * Conv2d twins (valid padding, stride 1, CHW layout), one per variant, and their dispatcher.
 * Conv1d is the same loop nest with one row (inHeight = kernelHeight = outHeight = 1), so
 * `conv1d.ts` calls `runConvolution` too, and one assembly kernel can serve both.
 *
 * Loop nest (unit-method.md §3): weight-major, one output channel at a time. For channel oc the
 * OH·OW int32 accumulators in scratch start at bias[oc] << F; then for each weight
 * w[oc][ic][ky][kx] the inner loops walk every output position (oy, ox) and add
 * x[ic][oy+ky][ox+kx] · w. UnIT computes the quotient T / |w| once per weight and inference and
 * reuses it OH·OW times; a zero weight is skipped before any division and booked as training
 * sparsity (§4, §16). After the last weight the channel's accumulators are requantised.
 */
import { groupThreshold, magnitude16, passes, quotient } from '../division.js';
import { biasTerm, mac32, toInt16 } from '../fixed.js';
import { type Result } from '../../emulator/result.js';
import {
  zeroCounters,
  type KernelError,
  type LayerRun,
  type MacCounters,
  type PreparedConv,
} from '../types.js';
import { at, bookSkip, checkInput, finish, run } from './common.js';

/** Geometry shared by the loops. */
interface Geometry {
  readonly plane: number; // inHeight · inWidth
  readonly taps: number; // inChannels · kernelHeight · kernelWidth
  readonly positions: number; // outHeight · outWidth
}

function geometry(layer: PreparedConv): Geometry {
  return {
    plane: layer.inHeight * layer.inWidth,
    taps: layer.inChannels * layer.kernelHeight * layer.kernelWidth,
    positions: layer.outHeight * layer.outWidth,
  };
}

/** Input offset of tap t (ic, ky, kx) relative to the window origin: ic·H·W + ky·W + kx. */
function tapOffset(layer: PreparedConv, tap: number): number {
  const kx = tap % layer.kernelWidth;
  const ky = Math.floor(tap / layer.kernelWidth) % layer.kernelHeight;
  const ic = Math.floor(tap / (layer.kernelWidth * layer.kernelHeight));
  return ic * layer.inHeight * layer.inWidth + ky * layer.inWidth + kx;
}

/**
 * Runs `visit(x, index)` over the window positions of one tap: x = input[offset + oy·W + ox]
 * and index = oy·OW + ox, the accumulator.
 */
function forEachPosition(
  layer: PreparedConv,
  input: ArrayLike<number>,
  offset: number,
  visit: (x: number, index: number) => void,
): void {
  for (let oy = 0; oy < layer.outHeight; oy++) {
    const rowBase = offset + oy * layer.inWidth;
    for (let ox = 0; ox < layer.outWidth; ox++) {
      visit(at(input, rowBase + ox), oy * layer.outWidth + ox);
    }
  }
}

type ChannelLoop = (
  oc: number,
  acc: Int32Array,
  counters: MacCounters,
  input: ArrayLike<number>,
) => void;

/** Shared frame: counters, per-channel accumulators and the epilogue. */
function convFrame(layer: PreparedConv, input: ArrayLike<number>, channel: ChannelLoop): LayerRun {
  const g = geometry(layer);
  const counters = zeroCounters();
  counters.denseMacs = layer.originalOutputs * g.taps * g.positions;
  counters.skippedByZeroWeight +=
    (layer.originalOutputs - layer.outChannels) * g.taps * g.positions;
  const output = new Int16Array(layer.outChannels * g.positions);
  for (let oc = 0; oc < layer.outChannels; oc++) {
    const acc = new Int32Array(g.positions).fill(biasTerm(at(layer.bias, oc), layer.fracBits));
    channel(oc, acc, counters, input);
    for (let i = 0; i < g.positions; i++) {
      output[oc * g.positions + i] = finish(at(acc, i), layer.fracBits, layer.relu);
    }
  }
  return { output, counters };
}

/** Baseline (and structured): every MAC, zero weights included; optional zero-input skip. */
function convDense(
  layer: Extract<PreparedConv, { variant: 'dense' | 'structured' }>,
  input: ArrayLike<number>,
): LayerRun {
  const { taps } = geometry(layer);
  return convFrame(layer, input, (oc, acc, counters) => {
    for (let tap = 0; tap < taps; tap++) {
      const w = at(layer.weights, oc * taps + tap);
      forEachPosition(layer, input, tapOffset(layer, tap), (x, i) => {
        if (x === 0 && layer.skipZeroActivations) {
          bookSkip(counters, x, w);
          return;
        }
        acc[i] = mac32(at(acc, i), x, w);
        counters.executedMacs++;
      });
    }
  });
}

/** Training-time pruned, compressed per output channel as (input offset, weight) pairs. */
function convPruned(
  layer: Extract<PreparedConv, { variant: 'pruned' }>,
  input: ArrayLike<number>,
): LayerRun {
  const { taps, positions } = geometry(layer);
  return convFrame(layer, input, (oc, acc, counters) => {
    const first = at(layer.rowPtr, oc);
    const end = at(layer.rowPtr, oc + 1);
    counters.skippedByZeroWeight += (taps - (end - first)) * positions;
    for (let e = first; e < end; e++) {
      const offset = at(layer.entries, 2 * e);
      const w = toInt16(at(layer.entries, 2 * e + 1));
      forEachPosition(layer, input, offset, (x, i) => {
        if (x === 0 && layer.skipZeroActivations) {
          bookSkip(counters, x, w);
          return;
        }
        acc[i] = mac32(at(acc, i), x, w);
        counters.executedMacs++;
      });
    }
  });
}

/**
 * UnIT: per non-zero weight one quotient t = T / |w| (shifted by the channel's group shift),
 * then the strict test |x| > t at every position. x = 0 always fails it (t ≥ 0).
 */
function convUnit(
  layer: Extract<PreparedConv, { variant: 'unit' }>,
  input: ArrayLike<number>,
): LayerRun {
  const { taps, positions } = geometry(layer);
  const { method, threshold, groupShifts } = layer.unit;
  return convFrame(layer, input, (oc, acc, counters) => {
    const shift = groupShifts === null ? 0 : at(groupShifts, oc);
    for (let tap = 0; tap < taps; tap++) {
      const w = at(layer.weights, oc * taps + tap);
      if (w === 0) {
        counters.skippedByZeroWeight += positions;
        continue;
      }
      const t = groupThreshold(quotient(method, magnitude16(w), threshold, layer.fracBits), shift);
      counters.divisions++;
      forEachPosition(layer, input, tapOffset(layer, tap), (x, i) => {
        counters.comparisons++;
        if (passes(magnitude16(x), t)) {
          acc[i] = mac32(at(acc, i), x, w);
          counters.executedMacs++;
        } else {
          bookSkip(counters, x, w);
        }
      });
    }
  });
}

/** Runs a prepared conv2d or conv1d twin on one CHW (or CL) input. */
export function runConvolution(
  layer: PreparedConv,
  input: ArrayLike<number>,
): Result<LayerRun, KernelError> {
  const checked = checkInput(input, layer.inChannels * layer.inHeight * layer.inWidth);
  if (!checked.ok) return checked;
  let result: LayerRun;
  switch (layer.variant) {
    case 'dense':
    case 'structured':
      result = convDense(layer, input);
      break;
    case 'pruned':
      result = convPruned(layer, input);
      break;
    case 'unit':
      result = convUnit(layer, input);
      break;
  }
  return run(result.output, result.counters);
}

/** Runs the twin of a prepared conv2d layer on one CHW input. */
export function runConv2d(
  layer: PreparedConv,
  input: ArrayLike<number>,
): Result<LayerRun, KernelError> {
  return runConvolution(layer, input);
}
