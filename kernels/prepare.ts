/**
 * Host-side preparation of layers (tflite-micro's Prepare): every documented range is checked
 * here, once, and what the kernels need is precomputed (compressed weights, structured index
 * maps, group shift tables), so that neither the assembly kernels nor their twins validate
 * anything. Problems come back as a list of `KernelError`s, never as exceptions.
 */
import { DIVISION_METHODS, rawExponent } from './division.js';
import { DEFAULT_FRAC_BITS, isInt16, toUint16 } from './fixed.js';
import { fail, ok, type Result } from '../emulator/result.js';
import {
  kernelError,
  type ArgmaxSpec,
  type Conv1dSpec,
  type Conv2dShape,
  type Conv2dSpec,
  type DenseSpec,
  type KernelError,
  type MacStorage,
  type MacVariant,
  type MaxPool1dSpec,
  type MaxPool2dSpec,
  type PreparedArgmax,
  type PreparedConv,
  type PreparedDense,
  type PreparedMaxPool,
  type PreparedRelu,
  type PreparedUnit,
  type ReluSpec,
  type UnitOptions,
} from './types.js';

/** Every array a kernel indexes holds at most this many elements (indices fit one word). */
export const MAX_ELEMENTS = 0xffff;
/** Range of P = eT + 2F: shifts stay within 0..15 and 2^P fits a word. */
export const MIN_RAW_EXPONENT = -16;
export const MAX_RAW_EXPONENT = 15;
/** Largest group shift d (T_g = T / 2^d). */
export const MAX_GROUP_SHIFT = 15;
/** Largest fractional-bit count. */
export const MAX_FRAC_BITS = 15;

type Errors = KernelError[];

function checkDim(errors: Errors, field: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > MAX_ELEMENTS) {
    errors.push(kernelError(field, `must be an integer in 1..${MAX_ELEMENTS}, got ${value}`));
  }
}

function checkCount(errors: Errors, field: string, count: number): void {
  if (count > MAX_ELEMENTS) {
    errors.push(kernelError(field, `${count} elements exceed the limit of ${MAX_ELEMENTS}`));
  }
}

function checkFracBits(errors: Errors, fracBits: number): void {
  if (!Number.isInteger(fracBits) || fracBits < 0 || fracBits > MAX_FRAC_BITS) {
    errors.push(kernelError('fracBits', `must be an integer in 0..${MAX_FRAC_BITS}`));
  }
}

/** Copies an int16 array after checking its length and every element. */
function int16Array(
  errors: Errors,
  field: string,
  values: ArrayLike<number>,
  length: number,
): Int16Array {
  if (values.length !== length) {
    errors.push(kernelError(field, `expected ${length} values, got ${values.length}`));
    return new Int16Array(length);
  }
  return copyChecked(errors, values, new Int16Array(length), 0, (v, i) =>
    isInt16(v) ? null : kernelError(`${field}[${i}]`, `${v} is not an int16`),
  );
}

/**
 * Copies `values` into `out` element by element, stopping at the first one `problem` rejects
 * (that error is recorded); a missing element reads as `missing`.
 */
function copyChecked<A extends Int16Array | Uint16Array>(
  errors: Errors,
  values: ArrayLike<number>,
  out: A,
  missing: number,
  problem: (value: number, index: number) => KernelError | null,
): A {
  for (let i = 0; i < out.length; i++) {
    const v = values[i] ?? missing;
    const e = problem(v, i);
    if (e !== null) {
      errors.push(e);
      return out;
    }
    out[i] = v;
  }
  return out;
}

function prepareUnit(
  errors: Errors,
  unit: UnitOptions,
  fracBits: number,
  groups: number,
): PreparedUnit {
  const { threshold, method } = unit;
  if (!DIVISION_METHODS.includes(method)) {
    errors.push(kernelError('unit.method', `unknown division method '${String(method)}'`));
  }
  if (threshold.kind === 'pow2') {
    const p = rawExponent(threshold.eT, fracBits);
    if (!Number.isInteger(threshold.eT) || p < MIN_RAW_EXPONENT || p > MAX_RAW_EXPONENT) {
      errors.push(
        kernelError(
          'unit.threshold.eT',
          `eT + 2F must be an integer in ${MIN_RAW_EXPONENT}..${MAX_RAW_EXPONENT}, got ${p}`,
        ),
      );
    }
  } else {
    if (!Number.isInteger(threshold.tRaw) || threshold.tRaw < 0 || threshold.tRaw > 0x7fff) {
      errors.push(kernelError('unit.threshold.tRaw', 'must be an integer in 0..32767'));
    }
    if (method !== 'exact') {
      errors.push(kernelError('unit.method', `a raw threshold needs 'exact', not '${method}'`));
    }
  }
  let groupShifts: Uint16Array | null = null;
  let maxGroupShift = 0;
  if (unit.groupShifts !== undefined) {
    if (unit.groupShifts.length !== groups) {
      errors.push(
        kernelError(
          'unit.groupShifts',
          `expected ${groups} shifts, got ${unit.groupShifts.length}`,
        ),
      );
    } else {
      groupShifts = new Uint16Array(groups);
      for (let g = 0; g < groups; g++) {
        const d = unit.groupShifts[g] ?? 0;
        if (!Number.isInteger(d) || d < 0 || d > MAX_GROUP_SHIFT) {
          errors.push(kernelError(`unit.groupShifts[${g}]`, `must be in 0..${MAX_GROUP_SHIFT}`));
        } else {
          groupShifts[g] = d;
          maxGroupShift = Math.max(maxGroupShift, d);
        }
      }
    }
  }
  return { threshold, method, groupShifts, maxGroupShift };
}

function checkKeep(errors: Errors, keep: readonly number[], outputs: number): Uint16Array {
  if (keep.length === 0) errors.push(kernelError('variant.keep', 'must keep at least one output'));
  return copyChecked(errors, keep, new Uint16Array(keep.length), -1, (k, i) => {
    const previous = i === 0 ? -1 : (keep[i - 1] ?? -1);
    if (Number.isInteger(k) && k >= 0 && k < outputs && k > previous) return null;
    return kernelError(
      `variant.keep[${i}]`,
      `indices must ascend strictly within 0..${outputs - 1}`,
    );
  });
}

/**
 * Compresses rows of a row-major matrix into rowPtr + interleaved (index, weight) pairs, keeping
 * only non-zero weights; `indexOf(column)` gives the stored index of a column.
 */
function compress(
  errors: Errors,
  weights: Int16Array,
  rows: number,
  columns: number,
  indexOf: (column: number) => number,
): { rowPtr: Uint16Array; entries: Uint16Array } {
  const rowPtr = new Uint16Array(rows + 1);
  const entries: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const w = weights[r * columns + c] ?? 0;
      if (w !== 0) entries.push(indexOf(c), toUint16(w));
    }
    rowPtr[r + 1] = entries.length / 2;
  }
  checkCount(errors, 'weights', entries.length / 2);
  return { rowPtr, entries: Uint16Array.from(entries) };
}

interface MacLayout {
  /** Rows of the weight matrix as stored: dense inputs, conv output channels. */
  readonly rows: number;
  readonly columns: number;
  /** True when outputs are columns (dense), false when rows (conv). */
  readonly outputsAreColumns: boolean;
  readonly originalOutputs: number;
  /** Stored index of a column in the compressed form. */
  readonly indexOf: (column: number) => number;
}

interface PreparedMac {
  readonly storage: MacStorage;
  readonly bias: Int16Array;
  readonly outputs: number;
  readonly skipZeroActivations: boolean;
}

/** Weight storage, bias and output count for any variant. */
function prepareMac(
  errors: Errors,
  variant: MacVariant,
  weights: Int16Array,
  bias: Int16Array,
  fracBits: number,
  layout: MacLayout,
): PreparedMac {
  const { rows, columns, originalOutputs } = layout;
  switch (variant.kind) {
    case 'dense':
      return {
        storage: { variant: 'dense', weights },
        bias,
        outputs: originalOutputs,
        skipZeroActivations: variant.skipZeroActivations ?? false,
      };
    case 'pruned': {
      const { rowPtr, entries } = compress(errors, weights, rows, columns, layout.indexOf);
      return {
        storage: { variant: 'pruned', rowPtr, entries },
        bias,
        outputs: originalOutputs,
        skipZeroActivations: variant.skipZeroActivations ?? false,
      };
    }
    case 'structured': {
      const keep = checkKeep(errors, variant.keep, originalOutputs);
      const k = keep.length;
      const kept = new Int16Array(layout.outputsAreColumns ? rows * k : k * columns);
      for (let i = 0; i < k; i++) {
        const o = keep[i] ?? 0;
        if (layout.outputsAreColumns) {
          for (let r = 0; r < rows; r++) kept[r * k + i] = weights[r * columns + o] ?? 0;
        } else {
          kept.set(weights.subarray(o * columns, (o + 1) * columns), i * columns);
        }
      }
      return {
        storage: { variant: 'structured', weights: kept, keep },
        bias: Int16Array.from(keep, (o) => bias[o] ?? 0),
        outputs: k,
        skipZeroActivations: variant.skipZeroActivations ?? false,
      };
    }
    case 'unit':
      return {
        storage: {
          variant: 'unit',
          weights,
          unit: prepareUnit(errors, variant.unit, fracBits, originalOutputs),
        },
        bias,
        outputs: originalOutputs,
        skipZeroActivations: true,
      };
  }
}

/** Validates a dense layer and lays out its weights for the chosen variant. */
export function prepareDense(spec: DenseSpec): Result<PreparedDense, KernelError> {
  const errors: Errors = [];
  const fracBits = spec.fracBits ?? DEFAULT_FRAC_BITS;
  checkFracBits(errors, fracBits);
  checkDim(errors, 'inFeatures', spec.inFeatures);
  checkDim(errors, 'outFeatures', spec.outFeatures);
  if (errors.length > 0) return fail(...errors);
  const count = spec.inFeatures * spec.outFeatures;
  checkCount(errors, 'weights', count);
  checkCount(errors, 'scratch', 2 * spec.outFeatures);
  if (errors.length > 0) return fail(...errors);
  const weights = int16Array(errors, 'weights', spec.weights, count);
  const bias = int16Array(errors, 'bias', spec.bias, spec.outFeatures);
  const mac = prepareMac(errors, spec.variant, weights, bias, fracBits, {
    rows: spec.inFeatures,
    columns: spec.outFeatures,
    outputsAreColumns: true,
    originalOutputs: spec.outFeatures,
    indexOf: (column) => column,
  });
  if (errors.length > 0) return fail(...errors);
  return ok({
    op: 'dense',
    inFeatures: spec.inFeatures,
    outFeatures: mac.outputs,
    fracBits,
    relu: spec.relu ?? false,
    skipZeroActivations: mac.skipZeroActivations,
    bias: mac.bias,
    originalOutputs: spec.outFeatures,
    ...mac.storage,
  });
}

interface ConvShape extends Conv2dShape {
  readonly op: 'conv2d' | 'conv1d';
}

function prepareConv(
  shape: ConvShape,
  spec: Conv2dSpec | Conv1dSpec,
  names: Readonly<Record<keyof Conv2dShape, string>>,
): Result<PreparedConv, KernelError> {
  const errors: Errors = [];
  const fracBits = spec.fracBits ?? DEFAULT_FRAC_BITS;
  checkFracBits(errors, fracBits);
  for (const key of Object.keys(names) as (keyof typeof names)[]) {
    if (names[key] !== '') checkDim(errors, names[key], shape[key]);
  }
  if (errors.length > 0) return fail(...errors);
  const { inChannels: c, inHeight: h, inWidth: w, outChannels: oc } = shape;
  const { kernelHeight: kh, kernelWidth: kw } = shape;
  if (kh > h) errors.push(kernelError(names.kernelHeight, `${kh} exceeds the input height ${h}`));
  if (kw > w) errors.push(kernelError(names.kernelWidth, `${kw} exceeds the input width ${w}`));
  if (errors.length > 0) return fail(...errors);
  const outHeight = h - kh + 1;
  const outWidth = w - kw + 1;
  const taps = c * kh * kw;
  checkCount(errors, 'input', c * h * w);
  checkCount(errors, 'output', oc * outHeight * outWidth);
  checkCount(errors, 'weights', oc * taps);
  checkCount(errors, 'scratch', 2 * outHeight * outWidth);
  if (errors.length > 0) return fail(...errors);
  const weights = int16Array(errors, 'weights', spec.weights, oc * taps);
  const bias = int16Array(errors, 'bias', spec.bias, oc);
  const mac = prepareMac(errors, spec.variant, weights, bias, fracBits, {
    rows: oc,
    columns: taps,
    outputsAreColumns: false,
    originalOutputs: oc,
    indexOf: (tap) => {
      const x = tap % kw;
      const y = Math.floor(tap / kw) % kh;
      return Math.floor(tap / (kw * kh)) * h * w + y * w + x;
    },
  });
  if (errors.length > 0) return fail(...errors);
  return ok({
    ...shape,
    outChannels: mac.outputs,
    outHeight,
    outWidth,
    fracBits,
    relu: spec.relu ?? false,
    skipZeroActivations: mac.skipZeroActivations,
    bias: mac.bias,
    originalOutputs: oc,
    ...mac.storage,
  });
}

/** Validates a conv2d layer (valid, stride 1, CHW) and lays out its weights. */
export function prepareConv2d(spec: Conv2dSpec): Result<PreparedConv, KernelError> {
  return prepareConv({ op: 'conv2d', ...pickConv2d(spec) }, spec, {
    inChannels: 'inChannels',
    inHeight: 'inHeight',
    inWidth: 'inWidth',
    outChannels: 'outChannels',
    kernelHeight: 'kernelHeight',
    kernelWidth: 'kernelWidth',
  });
}

function pickConv2d(spec: Conv2dSpec): Conv2dShape {
  const { inChannels, inHeight, inWidth, outChannels, kernelHeight, kernelWidth } = spec;
  return { inChannels, inHeight, inWidth, outChannels, kernelHeight, kernelWidth };
}

/** Validates a conv1d layer (valid, stride 1, CL) and lays it out as a one-row conv2d. */
export function prepareConv1d(spec: Conv1dSpec): Result<PreparedConv, KernelError> {
  const shape: ConvShape = {
    op: 'conv1d',
    inChannels: spec.inChannels,
    inHeight: 1,
    inWidth: spec.inLength,
    outChannels: spec.outChannels,
    kernelHeight: 1,
    kernelWidth: spec.kernelLength,
  };
  return prepareConv(shape, spec, {
    inChannels: 'inChannels',
    inHeight: '',
    inWidth: 'inLength',
    outChannels: 'outChannels',
    kernelHeight: '',
    kernelWidth: 'kernelLength',
  });
}

function preparePool(
  op: 'maxpool2d' | 'maxpool1d',
  channels: number,
  [inHeight, inWidth, poolHeight, poolWidth]: readonly [number, number, number, number],
  names: readonly [string, string, string, string],
): Result<PreparedMaxPool, KernelError> {
  const errors: Errors = [];
  checkDim(errors, 'channels', channels);
  [inHeight, inWidth, poolHeight, poolWidth].forEach((v, i) => {
    if (names[i] !== '') checkDim(errors, names[i] ?? '', v);
  });
  if (errors.length > 0) return fail(...errors);
  if (poolHeight > inHeight) errors.push(kernelError(names[2], 'window exceeds the input'));
  if (poolWidth > inWidth) errors.push(kernelError(names[3], 'window exceeds the input'));
  checkCount(errors, 'input', channels * inHeight * inWidth);
  if (errors.length > 0) return fail(...errors);
  return ok({
    op,
    channels,
    inHeight,
    inWidth,
    poolHeight,
    poolWidth,
    outHeight: Math.floor(inHeight / poolHeight),
    outWidth: Math.floor(inWidth / poolWidth),
  });
}

/** Validates a maxpool2d layer (stride = window, remainder dropped). */
export function prepareMaxPool2d(spec: MaxPool2dSpec): Result<PreparedMaxPool, KernelError> {
  return preparePool(
    'maxpool2d',
    spec.channels,
    [spec.inHeight, spec.inWidth, spec.poolHeight, spec.poolWidth],
    ['inHeight', 'inWidth', 'poolHeight', 'poolWidth'],
  );
}

/** Validates a maxpool1d layer, laid out as a one-row maxpool2d. */
export function prepareMaxPool1d(spec: MaxPool1dSpec): Result<PreparedMaxPool, KernelError> {
  return preparePool(
    'maxpool1d',
    spec.channels,
    [1, spec.inLength, 1, spec.poolLength],
    ['', 'inLength', '', 'poolLength'],
  );
}

/** Validates a ReLU layer. */
export function prepareRelu(spec: ReluSpec): Result<PreparedRelu, KernelError> {
  const errors: Errors = [];
  checkDim(errors, 'length', spec.length);
  return errors.length > 0 ? fail(...errors) : ok({ op: 'relu', length: spec.length });
}

/** Validates an argmax layer; the index must fit a non-negative int16 word. */
export function prepareArgmax(spec: ArgmaxSpec): Result<PreparedArgmax, KernelError> {
  const errors: Errors = [];
  if (!Number.isInteger(spec.length) || spec.length < 1 || spec.length > 0x7fff) {
    errors.push(kernelError('length', `must be an integer in 1..32767, got ${spec.length}`));
  }
  return errors.length > 0 ? fail(...errors) : ok({ op: 'argmax', length: spec.length });
}
