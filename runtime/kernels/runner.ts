/**
 * Runs one prepared layer on its assembly kernel in the emulated FR5994 and compares it with the
 * TypeScript twin: the host lays out the layer (kernels/descriptor.ts: `descriptorSize`,
 * `encodeDescriptor`), the kernel only computes (`unit_<op>(descriptor)`, called with CALLA and
 * the 20-bit descriptor address in R12), and the counters come from the kernels' counting
 * labels (./counters.ts) plus the layout's static counts.
 *
 * Browser-safe: the kernel sources come in as text (`kernelSources()` in ./sources.ts reads
 * them from kernels/asm in Node). Built on the kernel-testing API (runtime/testing): strict
 * writes, EABI checks (R4–R10, SP), cycles and energy per call.
 */

import {
  descriptorSize,
  encodeDescriptor,
  POINTERS,
  type LayerAddresses,
  type PointerName,
} from '../../kernels/descriptor.js';
import { runLayer } from '../../kernels/layers/index.js';
import {
  addCounters,
  type KernelError,
  type LayerRun,
  type MacCounters,
  type PreparedLayer,
} from '../../kernels/types.js';
import {
  KernelTestError,
  loadProgram,
  ptr20,
  type KernelProblem,
  type Program,
  type RegionName,
} from '../testing/index.js';
import { raise } from '../testing/errors.js';
import { countLabels, KernelCounters, staticCounters, type CountLabel } from './counters.js';

/** Kernel entry point per layer op. */
export const KERNEL_ENTRY: Readonly<Record<PreparedLayer['op'], string>> = {
  dense: 'unit_dense',
  conv1d: 'unit_conv1d',
  conv2d: 'unit_conv2d',
  maxpool1d: 'unit_maxpool1d',
  maxpool2d: 'unit_maxpool2d',
  relu: 'unit_relu',
  argmax: 'unit_argmax',
};

/** The library's top file: it includes every kernel and the shared pieces. */
export const LIBRARY_FILE = 'unit.s';

export type MultiplierBackEnd = 'mpy32' | 'software';

export interface KernelLibraryOptions {
  /** The multiplier back end (mul.inc): the MPY32 peripheral or `__unit_mul16s`. */
  readonly multiplier: MultiplierBackEnd;
  /** kernels/asm files by name, the library file included (see ./sources.ts). */
  readonly sources: Readonly<Record<string, string>>;
  /** Extra build-time symbols. */
  readonly defines?: Readonly<Record<string, number>>;
  /** MCLK (default: the chip's 1 MHz reset clock, no FRAM wait states). */
  readonly mclkHz?: number;
}

/** The kernel library assembled for one back end and loaded into a fresh machine. */
export interface KernelLibrary {
  readonly multiplier: MultiplierBackEnd;
  readonly program: Program;
  readonly labels: readonly CountLabel[];
}

export function loadKernelLibrary(options: KernelLibraryOptions): KernelLibrary {
  const top = options.sources[LIBRARY_FILE];
  if (top === undefined) {
    raise({ kind: 'load', file: LIBRARY_FILE, message: `kernel sources lack ${LIBRARY_FILE}` });
  }
  const program = loadProgram(top, {
    fileName: LIBRARY_FILE,
    includes: options.sources,
    defines: { ...options.defines, MUL_MPY32: options.multiplier === 'mpy32' ? 1 : 0 },
    ...(options.mclkHz === undefined ? {} : { mclkHz: options.mclkHz }),
  });
  const labels = countLabels(program.image.symbols);
  if (!labels.ok) throw new KernelTestError(labels.errors);
  return { multiplier: options.multiplier, program, labels: labels.value };
}

/** Where a region of the layer goes; unnamed regions take `DEFAULT_REGIONS`. */
export type LayerRegions = Partial<Record<PointerName | 'descriptor', RegionName>>;

/**
 * Read-only data in the upper FRAM (above 0x10000, so the 20-bit pointer paths are exercised),
 * the buffers the kernel writes, and the descriptor, in SRAM.
 */
export const DEFAULT_REGIONS: Readonly<Record<PointerName | 'descriptor', RegionName>> = {
  descriptor: 'sram',
  input: 'hifram',
  output: 'sram',
  weights: 'hifram',
  bias: 'hifram',
  index: 'hifram',
  entries: 'hifram',
  groups: 'hifram',
  scratch: 'sram',
};

export interface KernelRunOptions {
  readonly regions?: LayerRegions;
  /** ReLU only: output written over the input (the only allowed alias). */
  readonly inPlace?: boolean;
  readonly maxCycles?: number;
}

export interface KernelRun {
  readonly output: Int16Array;
  /** Static counts of the layout + what the counting labels saw. */
  readonly counters: MacCounters;
  /** MCLK cycles of the kernel call, CALLA excluded, RETA included (runtime/testing). */
  readonly cycles: number;
  readonly energyNj: number | null;
  /** The twin's output and counters for the same layer and input. */
  readonly twin: LayerRun;
  /** Times each counting label was reached. */
  readonly hits: ReadonlyMap<string, number>;
  /** Where the host placed each region. */
  readonly addresses: LayerAddresses & { readonly descriptor: number };
}

/**
 * Layer errors (of prepare, the twin or the descriptor encoder) as a testing-API error; `stage`
 * says which step rejected the layer.
 */
export function layerFailure(stage: string, errors: readonly KernelError[]): KernelTestError {
  const problems = errors.map((e): KernelProblem => ({
    kind: 'layer',
    field: e.field,
    message: `${stage}: ${e.field}: ${e.message}`,
  }));
  return new KernelTestError(problems);
}

/** The words the host writes into a region before the call (zeros for output and scratch). */
function regionWords(
  layer: PreparedLayer,
  name: PointerName,
  input: ArrayLike<number>,
  bytes: number,
): ArrayLike<number> {
  const zeros = new Uint16Array(bytes / 2);
  const mac = layer.op === 'dense' || layer.op === 'conv1d' || layer.op === 'conv2d';
  switch (name) {
    case 'input':
      return Uint16Array.from(input, (v) => v & 0xffff);
    case 'weights':
      return mac && 'weights' in layer ? Uint16Array.from(layer.weights, (v) => v & 0xffff) : zeros;
    case 'bias':
      return mac ? Uint16Array.from(layer.bias, (v) => v & 0xffff) : zeros;
    case 'index':
      if (!mac) return zeros;
      if (layer.variant === 'pruned') return layer.rowPtr;
      if (layer.variant === 'structured') return layer.keep;
      return zeros;
    case 'entries':
      return mac && layer.variant === 'pruned' ? layer.entries : zeros;
    case 'groups':
      return mac && layer.variant === 'unit' ? (layer.unit.groupShifts ?? zeros) : zeros;
    case 'output':
    case 'scratch':
      return zeros;
  }
}

/**
 * Lays out `layer` and `input`, calls the layer's kernel, and returns its output, counters and
 * cycles next to the twin's. Throws KernelTestError on a layer the twin or the descriptor
 * rejects, an ABI problem, a fault or a write outside the layer's buffers (strict mode).
 */
export function runKernel(
  library: KernelLibrary,
  layer: PreparedLayer,
  input: ArrayLike<number>,
  options: KernelRunOptions = {},
): KernelRun {
  const twinResult = runLayer(layer, input);
  if (!twinResult.ok) throw layerFailure('twin', twinResult.errors);
  const { program } = library;
  program.freeBuffers();
  const regions = { ...DEFAULT_REGIONS, ...options.regions };
  const sizes = descriptorSize(layer);
  const addresses: Record<string, number> = {};
  for (const name of POINTERS) {
    const bytes = sizes[name];
    if (bytes === 0) continue;
    if (name === 'output' && options.inPlace === true && addresses.input !== undefined) {
      addresses.output = addresses.input;
      continue;
    }
    const words = regionWords(layer, name, input, bytes);
    const buffer = program.alloc('u16', words, { region: regions[name], name });
    addresses[name] = buffer.address;
  }
  const encoded = encodeDescriptor(layer, addresses);
  if (!encoded.ok) {
    throw layerFailure('descriptor', encoded.errors);
  }
  const descriptor = program.alloc('u16', encoded.value, {
    region: regions.descriptor,
    name: 'descriptor',
  });

  const counting = new KernelCounters(program.machine, library.labels).attach();
  let result;
  try {
    result = program.call(KERNEL_ENTRY[layer.op], [ptr20(descriptor.address)], {
      convention: 'calla',
      returns: 'void',
      strict: true,
      ...(options.maxCycles === undefined ? {} : { maxCycles: options.maxCycles }),
    });
  } finally {
    counting.detach();
  }
  const outputWords = twinResult.value.output.length;
  const output = new Int16Array(outputWords);
  const outAddress = addresses.output ?? 0;
  for (let i = 0; i < outputWords; i++) {
    output[i] = program.machine.readWord(outAddress + 2 * i);
  }
  return {
    output,
    counters: addCounters(staticCounters(layer), counting.counters),
    cycles: result.cycles,
    energyNj: result.energyNj,
    twin: twinResult.value,
    hits: counting.hits,
    addresses: { ...addresses, descriptor: descriptor.address },
  };
}
