/**
 * Layer specifications (what the host knows about a layer), prepared layers (what a kernel and
 * its twin read, after `prepare*`), counters and kernel errors. The contract is described for
 * readers in docs/kernels.md; the descriptor that carries a prepared layer into MSP430 memory is
 * in `descriptor.ts`.
 */
import type { DivisionMethod, Threshold } from './division.js';

/** A problem found while preparing or encoding a layer: which field, and what is wrong. */
export interface KernelError {
  readonly kind: 'kernel';
  readonly field: string;
  readonly message: string;
}

export function kernelError(field: string, message: string): KernelError {
  return { kind: 'kernel', field, message };
}

/**
 * Counters returned by every twin call, for one layer and one inference. Every dense MAC (one
 * product of the unpruned layer; bias additions are not MACs) is either executed or skipped, and
 * a skipped MAC is booked under the first cause that applies, in the order of unit-method.md §12:
 * its weight is 0 (training sparsity, including removed neurons or channels), else its
 * activation is 0, else it failed the UnIT threshold. So, for every call,
 *
 *     executedMacs + skippedByZeroWeight + skippedByZeroActivation + skippedByThreshold
 *         = denseMacs.
 */
export interface MacCounters {
  denseMacs: number;
  executedMacs: number;
  skippedByThreshold: number;
  skippedByZeroActivation: number;
  skippedByZeroWeight: number;
  /** Quotient computations (estimator calls): one per non-zero input (dense) or weight (conv). */
  divisions: number;
  /** Threshold compares `|operand| > t` made by the UnIT loop (zero tests are not counted). */
  comparisons: number;
}

export function zeroCounters(): MacCounters {
  return {
    denseMacs: 0,
    executedMacs: 0,
    skippedByThreshold: 0,
    skippedByZeroActivation: 0,
    skippedByZeroWeight: 0,
    divisions: 0,
    comparisons: 0,
  };
}

/** Sum of two counter sets (for a whole model). */
export function addCounters(a: MacCounters, b: MacCounters): MacCounters {
  return {
    denseMacs: a.denseMacs + b.denseMacs,
    executedMacs: a.executedMacs + b.executedMacs,
    skippedByThreshold: a.skippedByThreshold + b.skippedByThreshold,
    skippedByZeroActivation: a.skippedByZeroActivation + b.skippedByZeroActivation,
    skippedByZeroWeight: a.skippedByZeroWeight + b.skippedByZeroWeight,
    divisions: a.divisions + b.divisions,
    comparisons: a.comparisons + b.comparisons,
  };
}

/** What a twin call returns: the output words and the layer's counters. */
export interface LayerRun {
  readonly output: Int16Array;
  readonly counters: MacCounters;
}

// ---------------------------------------------------------------------------------------------
// Specifications (host input to prepare*)

/** UnIT settings of a layer. */
export interface UnitOptions {
  readonly threshold: Threshold;
  readonly method: DivisionMethod;
  /**
   * Group sensitivity: one shift d_g in 0..15 per output neuron (dense) or output channel (conv);
   * the group's threshold is T_g = T / 2^d_g. Omitted: one threshold for the whole layer.
   */
  readonly groupShifts?: readonly number[];
}

/**
 * How the multiply-accumulates of a dense or conv layer are done.
 * - `dense`: every MAC of the stored weights (with `skipZeroActivations`, none for x = 0).
 * - `pruned`: training-time unstructured pruning; only non-zero weights are stored (compressed)
 *   and zero weights are never touched.
 * - `structured`: removed output neurons or channels; `keep` lists the original indices of the
 *   outputs that remain, ascending; the layer computes only those.
 * - `unit`: inference-time pruning with a threshold; zero activations are always skipped.
 */
export type MacVariant =
  | { readonly kind: 'dense'; readonly skipZeroActivations?: boolean }
  | { readonly kind: 'pruned'; readonly skipZeroActivations?: boolean }
  | {
      readonly kind: 'structured';
      readonly keep: readonly number[];
      readonly skipZeroActivations?: boolean;
    }
  | { readonly kind: 'unit'; readonly unit: UnitOptions };

interface MacSpecCommon {
  /** Int16 Q(F) bias, one per original output; added once, never pruned. */
  readonly bias: ArrayLike<number>;
  /** Fractional bits F, 0..15; default 5 (Q10.5). */
  readonly fracBits?: number;
  /** Fused ReLU on the int16 output. */
  readonly relu?: boolean;
  readonly variant: MacVariant;
}

/** Fully connected layer. Weights are input-major: `weights[p * outFeatures + j]`. */
export interface DenseSpec extends MacSpecCommon {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly weights: ArrayLike<number>;
}

/** The dimensions of a 2-D convolution (valid padding, stride 1, CHW layout). */
export interface Conv2dShape {
  readonly inChannels: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly outChannels: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
}

/**
 * 2-D convolution, valid padding, stride 1, CHW layout. Weights are
 * `weights[((oc * inChannels + ic) * kernelHeight + ky) * kernelWidth + kx]` (PyTorch order).
 */
export interface Conv2dSpec extends MacSpecCommon, Conv2dShape {
  readonly weights: ArrayLike<number>;
}

/** 1-D convolution, valid, stride 1, CL layout; weights `[oc][ic][k]`. */
export interface Conv1dSpec extends MacSpecCommon {
  readonly inChannels: number;
  readonly inLength: number;
  readonly outChannels: number;
  readonly kernelLength: number;
  readonly weights: ArrayLike<number>;
}

/** Max pooling with stride = window, remainder rows and columns dropped (floor). */
export interface MaxPool2dSpec {
  readonly channels: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly poolHeight: number;
  readonly poolWidth: number;
}

export interface MaxPool1dSpec {
  readonly channels: number;
  readonly inLength: number;
  readonly poolLength: number;
}

export interface ReluSpec {
  readonly length: number;
}

export interface ArgmaxSpec {
  readonly length: number;
}

// ---------------------------------------------------------------------------------------------
// Prepared layers (what the kernel reads)

/** UnIT settings after validation. */
export interface PreparedUnit {
  readonly threshold: Threshold;
  readonly method: DivisionMethod;
  /** One shift per group, or null for a single layer threshold. */
  readonly groupShifts: Uint16Array | null;
  /** Largest group shift (0 without groups): the per-input threshold table has this + 1 words. */
  readonly maxGroupShift: number;
}

/** Weight storage by variant. */
export type MacStorage =
  | { readonly variant: 'dense'; readonly weights: Int16Array }
  | {
      readonly variant: 'pruned';
      /** Row (dense: input; conv: output channel) r owns entries rowPtr[r] .. rowPtr[r+1]-1. */
      readonly rowPtr: Uint16Array;
      /**
       * Interleaved pairs [index, weight] (weight as its 16-bit word). Dense: index = output
       * neuron. Conv: index = input offset of the tap, ic·H·W + ky·W + kx.
       */
      readonly entries: Uint16Array;
    }
  | { readonly variant: 'structured'; readonly weights: Int16Array; readonly keep: Uint16Array }
  | { readonly variant: 'unit'; readonly weights: Int16Array; readonly unit: PreparedUnit };

interface PreparedMacCommon {
  readonly fracBits: number;
  readonly relu: boolean;
  /** Zero activations are skipped (always true for UnIT). */
  readonly skipZeroActivations: boolean;
  /** One per computed output (neuron or channel). */
  readonly bias: Int16Array;
  /** Outputs of the unpruned layer (differs from the computed count only when structured). */
  readonly originalOutputs: number;
}

export type PreparedDense = {
  readonly op: 'dense';
  readonly inFeatures: number;
  /** Outputs the kernel computes (the kept ones when structured). */
  readonly outFeatures: number;
} & PreparedMacCommon &
  MacStorage;

/** Conv2d, or conv1d read as conv2d with inHeight = kernelHeight = outHeight = 1. */
export type PreparedConv = Conv2dShape & {
  readonly op: 'conv2d' | 'conv1d';
  /** Output channels the kernel computes (the kept ones when structured). */
  readonly outChannels: number;
  readonly outHeight: number;
  readonly outWidth: number;
} & PreparedMacCommon &
  MacStorage;

/** Maxpool2d, or maxpool1d read as 2-D with inHeight = poolHeight = outHeight = 1. */
export interface PreparedMaxPool {
  readonly op: 'maxpool2d' | 'maxpool1d';
  readonly channels: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly poolHeight: number;
  readonly poolWidth: number;
  readonly outHeight: number;
  readonly outWidth: number;
}

export interface PreparedRelu {
  readonly op: 'relu';
  readonly length: number;
}

export interface PreparedArgmax {
  readonly op: 'argmax';
  readonly length: number;
}

export type PreparedLayer =
  PreparedDense | PreparedConv | PreparedMaxPool | PreparedRelu | PreparedArgmax;
