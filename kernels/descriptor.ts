/**
 * The layer descriptor: a packed little-endian block of 16-bit words the host writes into MSP430
 * memory for each layer, so that the assembly kernels read every shape, pointer and parameter
 * from it and hard-code nothing. Layout (word offsets; docs/kernels.md §6 has the table):
 *
 *   0 magic 0x4455 ("UD")   1 version   2 op   3 variant   4 flags   5 F   6 division method
 *   7 eT (int16)   8 P = eT + 2F (int16)   9 tRaw   10 max group shift   11 compressed entries
 *   12..21 shape words s0..s9 (meaning per op)
 *   22..37 eight pointers, each two words (low, high) as MOVA @Rn reads a 20-bit address:
 *          input, output, weights, bias, index, entries, groups, scratch (0 = unused)
 *
 * Pointers are 20-bit because buffers may sit in the FR5994's upper FRAM (0x10000-0x43FFF); the
 * kernels load them with MOVA and walk them with address instructions. Address 0 is reserved in
 * the FR5994 map, so 0 marks an unused pointer. The whole descriptor is 76 bytes, even-aligned.
 *
 * `prepare*` (prepare.ts) validates a layer; `descriptorSize` is the buffer-size companion
 * (CMSIS-NN `_get_buffer_size`): the bytes of every region the host must place, scratch included.
 */
import { rawExponent, type DivisionMethod } from './division.js';
import { toUint16 } from './fixed.js';
import { fail, ok, type Result } from '../emulator/result.js';
import { kernelError, type KernelError, type PreparedLayer } from './types.js';

export const DESCRIPTOR_MAGIC = 0x4455;
export const DESCRIPTOR_VERSION = 1;
export const DESCRIPTOR_WORDS = 38;
export const DESCRIPTOR_BYTES = 2 * DESCRIPTOR_WORDS;
/** The MSP430X address space ends below 2^20. */
export const ADDRESS_LIMIT = 0x100000;

/** Word offsets inside the descriptor. */
export const Field = {
  magic: 0,
  version: 1,
  op: 2,
  variant: 3,
  flags: 4,
  fracBits: 5,
  method: 6,
  eT: 7,
  rawExponent: 8,
  tRaw: 9,
  maxGroupShift: 10,
  entryCount: 11,
  shape: 12,
  pointers: 22,
} as const;

export const SHAPE_WORDS = 10;

export const OpCode = {
  dense: 1,
  conv1d: 2,
  conv2d: 3,
  maxpool1d: 4,
  maxpool2d: 5,
  relu: 6,
  argmax: 7,
} as const;

/** Variant codes; layers without MACs use 0. */
export const VariantCode = { dense: 0, pruned: 1, structured: 2, unit: 3 } as const;

export const Flag = {
  /** Fused ReLU on the outputs. */
  relu: 1 << 0,
  /** Zero activations are skipped (always set for UnIT). */
  skipZeroActivations: 1 << 1,
  /** Per-group shifts in the `groups` table. */
  groups: 1 << 2,
  /** The threshold is the raw word tRaw, not 2^eT (exact method only). */
  rawThreshold: 1 << 3,
} as const;

export const MethodCode: Readonly<Record<DivisionMethod | 'none', number>> = {
  none: 0,
  exact: 1,
  'shift-ceil': 2,
  'shift-floor': 3,
  tree: 4,
};

/** Pointer slots, in descriptor order. */
export const POINTERS = [
  'input',
  'output',
  'weights',
  'bias',
  'index',
  'entries',
  'groups',
  'scratch',
] as const;
export type PointerName = (typeof POINTERS)[number];

/** Where the host placed each region (byte addresses); only the regions the layer uses. */
export type LayerAddresses = Partial<Record<PointerName, number>>;

/** Bytes of every region a layer needs; 0 for regions it does not use. */
export type LayerSizes = Readonly<Record<PointerName, number>> & { readonly descriptor: number };

function elementsIn(layer: PreparedLayer): number {
  switch (layer.op) {
    case 'dense':
      return layer.inFeatures;
    case 'conv1d':
    case 'conv2d':
      return layer.inChannels * layer.inHeight * layer.inWidth;
    case 'maxpool1d':
    case 'maxpool2d':
      return layer.channels * layer.inHeight * layer.inWidth;
    case 'relu':
    case 'argmax':
      return layer.length;
  }
}

function elementsOut(layer: PreparedLayer): number {
  switch (layer.op) {
    case 'dense':
      return layer.outFeatures;
    case 'conv1d':
    case 'conv2d':
      return layer.outChannels * layer.outHeight * layer.outWidth;
    case 'maxpool1d':
    case 'maxpool2d':
      return layer.channels * layer.outHeight * layer.outWidth;
    case 'relu':
      return layer.length;
    case 'argmax':
      return 1;
  }
}

/**
 * Scratch bytes a kernel needs (the `_get_buffer_size` companion): int32 accumulators for the
 * outputs of one pass (dense: all outputs; conv: one output channel's OH·OW positions), plus, for
 * dense UnIT with groups, the per-input threshold table of maxGroupShift + 1 words.
 */
export function scratchSize(layer: PreparedLayer): number {
  switch (layer.op) {
    case 'dense': {
      const table = layer.variant === 'unit' && layer.unit.groupShifts !== null;
      return 4 * layer.outFeatures + (table ? 2 * (layer.unit.maxGroupShift + 1) : 0);
    }
    case 'conv1d':
    case 'conv2d':
      return 4 * layer.outHeight * layer.outWidth;
    default:
      return 0;
  }
}

/** Bytes of every region of a prepared layer, the descriptor included. */
export function descriptorSize(layer: PreparedLayer): LayerSizes {
  const sizes = {
    descriptor: DESCRIPTOR_BYTES,
    input: 2 * elementsIn(layer),
    output: 2 * elementsOut(layer),
    weights: 0,
    bias: 0,
    index: 0,
    entries: 0,
    groups: 0,
    scratch: scratchSize(layer),
  };
  if (layer.op === 'dense' || layer.op === 'conv1d' || layer.op === 'conv2d') {
    sizes.bias = 2 * layer.bias.length;
    switch (layer.variant) {
      case 'pruned':
        sizes.index = 2 * layer.rowPtr.length;
        sizes.entries = 2 * layer.entries.length;
        break;
      case 'structured':
        sizes.weights = 2 * layer.weights.length;
        sizes.index = 2 * layer.keep.length;
        break;
      case 'unit':
        sizes.weights = 2 * layer.weights.length;
        sizes.groups = layer.unit.groupShifts === null ? 0 : 2 * layer.unit.groupShifts.length;
        break;
      case 'dense':
        sizes.weights = 2 * layer.weights.length;
        break;
    }
  }
  return sizes;
}

function shapeWords(layer: PreparedLayer): number[] {
  switch (layer.op) {
    case 'dense':
      return [layer.inFeatures, layer.outFeatures, layer.originalOutputs];
    case 'conv1d':
    case 'conv2d':
      return [
        layer.inChannels,
        layer.inHeight,
        layer.inWidth,
        layer.outChannels,
        layer.kernelHeight,
        layer.kernelWidth,
        layer.outHeight,
        layer.outWidth,
        layer.originalOutputs,
      ];
    case 'maxpool1d':
    case 'maxpool2d':
      return [
        layer.channels,
        layer.inHeight,
        layer.inWidth,
        layer.channels,
        layer.poolHeight,
        layer.poolWidth,
        layer.outHeight,
        layer.outWidth,
      ];
    case 'relu':
    case 'argmax':
      return [layer.length];
  }
}

/** Checks the addresses: present where needed, even, inside 20 bits, regions disjoint. */
function checkAddresses(
  layer: PreparedLayer,
  sizes: LayerSizes,
  addresses: LayerAddresses,
): KernelError[] {
  const errors: KernelError[] = [];
  const placed: { name: PointerName; start: number; end: number }[] = [];
  for (const name of POINTERS) {
    const size = sizes[name];
    if (size === 0) continue;
    const address = addresses[name];
    if (address === undefined) {
      errors.push(kernelError(`addresses.${name}`, `required: this layer uses ${size} bytes`));
      continue;
    }
    if (!Number.isInteger(address) || address <= 0 || address % 2 !== 0) {
      errors.push(kernelError(`addresses.${name}`, `must be a non-zero even address`));
      continue;
    }
    if (address + size > ADDRESS_LIMIT) {
      errors.push(kernelError(`addresses.${name}`, `${size} bytes run past 0xFFFFF`));
      continue;
    }
    placed.push({ name, start: address, end: address + size });
  }
  const inPlace = layer.op === 'relu' && addresses.input === addresses.output;
  for (let i = 0; i < placed.length; i++) {
    for (let j = i + 1; j < placed.length; j++) {
      const a = placed[i];
      const b = placed[j];
      if (a === undefined || b === undefined) continue;
      if (inPlace && a.name === 'input' && b.name === 'output') continue;
      if (a.start < b.end && b.start < a.end) {
        errors.push(kernelError(`addresses.${b.name}`, `overlaps ${a.name}`));
      }
    }
  }
  return errors;
}

/**
 * Encodes a prepared layer's descriptor for the given region addresses. Pointers of regions the
 * layer does not use are written as 0 whatever `addresses` holds.
 */
export function encodeDescriptor(
  layer: PreparedLayer,
  addresses: LayerAddresses,
): Result<Uint16Array, KernelError> {
  const sizes = descriptorSize(layer);
  const errors = checkAddresses(layer, sizes, addresses);
  if (errors.length > 0) return fail(...errors);

  const words = new Uint16Array(DESCRIPTOR_WORDS);
  words[Field.magic] = DESCRIPTOR_MAGIC;
  words[Field.version] = DESCRIPTOR_VERSION;
  words[Field.op] = OpCode[layer.op];
  if (layer.op === 'dense' || layer.op === 'conv1d' || layer.op === 'conv2d') {
    words[Field.variant] = VariantCode[layer.variant];
    words[Field.fracBits] = layer.fracBits;
    let flags = 0;
    if (layer.relu) flags |= Flag.relu;
    if (layer.skipZeroActivations) flags |= Flag.skipZeroActivations;
    if (layer.variant === 'unit') {
      const { threshold, method, groupShifts, maxGroupShift } = layer.unit;
      words[Field.method] = MethodCode[method];
      if (threshold.kind === 'pow2') {
        words[Field.eT] = toUint16(threshold.eT);
        words[Field.rawExponent] = toUint16(rawExponent(threshold.eT, layer.fracBits));
      } else {
        flags |= Flag.rawThreshold;
        words[Field.tRaw] = threshold.tRaw;
      }
      if (groupShifts !== null) flags |= Flag.groups;
      words[Field.maxGroupShift] = maxGroupShift;
    }
    if (layer.variant === 'pruned') words[Field.entryCount] = layer.entries.length / 2;
    words[Field.flags] = flags;
  }
  shapeWords(layer).forEach((value, i) => (words[Field.shape + i] = value));
  POINTERS.forEach((name, i) => {
    const address = sizes[name] === 0 ? 0 : (addresses[name] ?? 0);
    words[Field.pointers + 2 * i] = address & 0xffff;
    words[Field.pointers + 2 * i + 1] = address >>> 16;
  });
  return ok(words);
}

/** A descriptor read back into named fields (for tests, tracing and the host's checks). */
export interface DecodedDescriptor {
  readonly op: number;
  readonly variant: number;
  readonly flags: number;
  readonly fracBits: number;
  readonly method: number;
  readonly eT: number;
  readonly rawExponent: number;
  readonly tRaw: number;
  readonly maxGroupShift: number;
  readonly entryCount: number;
  readonly shape: readonly number[];
  readonly pointers: Readonly<Record<PointerName, number>>;
}

/** Reads a descriptor; fails on a wrong length, magic or version. */
export function decodeDescriptor(words: Uint16Array): Result<DecodedDescriptor, KernelError> {
  if (words.length !== DESCRIPTOR_WORDS) {
    return fail(kernelError('descriptor', `expected ${DESCRIPTOR_WORDS} words`));
  }
  const word = (i: number): number => words[i] ?? 0;
  if (word(Field.magic) !== DESCRIPTOR_MAGIC) {
    return fail(kernelError('descriptor.magic', 'not a layer descriptor'));
  }
  if (word(Field.version) !== DESCRIPTOR_VERSION) {
    return fail(kernelError('descriptor.version', `unsupported version ${word(Field.version)}`));
  }
  const pointers = {} as Record<PointerName, number>;
  POINTERS.forEach((name, i) => {
    pointers[name] =
      (word(Field.pointers + 2 * i) | (word(Field.pointers + 2 * i + 1) << 16)) >>> 0;
  });
  return ok({
    op: word(Field.op),
    variant: word(Field.variant),
    flags: word(Field.flags),
    fracBits: word(Field.fracBits),
    method: word(Field.method),
    eT: (word(Field.eT) << 16) >> 16,
    rawExponent: (word(Field.rawExponent) << 16) >> 16,
    tRaw: word(Field.tRaw),
    maxGroupShift: word(Field.maxGroupShift),
    entryCount: word(Field.entryCount),
    shape: Array.from(words.subarray(Field.shape, Field.shape + SHAPE_WORDS)),
    pointers,
  });
}

/** Little-endian bytes of a descriptor (or any word array), as they sit in memory. */
export function wordsToBytes(words: Uint16Array): Uint8Array {
  const bytes = new Uint8Array(2 * words.length);
  words.forEach((w, i) => {
    bytes[2 * i] = w & 0xff;
    bytes[2 * i + 1] = w >>> 8;
  });
  return bytes;
}
