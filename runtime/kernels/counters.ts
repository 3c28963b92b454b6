/**
 * MAC counters for the assembly kernels, counted without perturbing them: the kernels mark the
 * places where a MAC is executed or skipped, a division made or a comparison made with global
 * labels (labels cost nothing), and this observer adds to a counter whenever the machine
 * executes the instruction at such a label. It only listens to the machine's `instruction`
 * event, so cycles, registers and memory are exactly what they are without it.
 *
 * Label grammar (docs/kernels.md, "Counting without perturbing"), kind ∈ exec | thr | zx | zw |
 * div | cmp, id = any suffix that makes the label unique:
 *
 *   __count_<kind>_<id>            +1 to kind
 *   __countr<N>_<kind>_<id>        + R<N> (bits 15:0) to kind: one branch that skips a run of
 *                                  MACs (pruned row of entries, conv positions of a zero weight)
 *   __countz<N>_<kind>_<id>        +1 to zw when R<N> (bits 15:0) is 0, else +1 to kind: a
 *                                  skipped MAC booked under its first cause (weight 0 first)
 *   __countrow<W>_<B>_<kind>_<id>  for each of the R<B> / 2 words at address R<W> (both 20-bit):
 *                                  +1 to zw when the word is 0, else +1 to kind: a row of
 *                                  weights skipped at once (dense zero activation), booked per
 *                                  weight as the twin does; the weights are read by the host
 *
 * Registers are read **after** the labelled instruction has executed (the event follows the
 * instruction), so the labelled instruction must not write the registers its label names.
 * Counts that depend only on the layout, not on the data (the dense MAC count, weights pruned
 * in training and never stored, removed neurons or channels), come from the descriptor:
 * `staticCounters`.
 */

import type { Machine } from '../../emulator/machine/machine.js';
import type { ImageSymbol } from '../../emulator/image/image.js';
import { zeroCounters, type MacCounters, type PreparedLayer } from '../../kernels/types.js';

export type CountKind = 'exec' | 'thr' | 'zx' | 'zw' | 'div' | 'cmp';

const FIELD: Readonly<Record<CountKind, keyof MacCounters>> = {
  exec: 'executedMacs',
  thr: 'skippedByThreshold',
  zx: 'skippedByZeroActivation',
  zw: 'skippedByZeroWeight',
  div: 'divisions',
  cmp: 'comparisons',
};

/** What happens when the instruction at a counting label executes. */
export type CountAction =
  | { readonly how: 'one'; readonly kind: CountKind }
  | { readonly how: 'register'; readonly kind: CountKind; readonly register: number }
  | { readonly how: 'zero-weight'; readonly kind: CountKind; readonly register: number }
  | {
      readonly how: 'row';
      readonly kind: CountKind;
      readonly address: number;
      readonly bytes: number;
    };

export interface CountLabel {
  readonly name: string;
  readonly address: number;
  readonly action: CountAction;
}

const KIND = '(exec|thr|zx|zw|div|cmp)';
const PATTERNS: readonly [RegExp, (m: RegExpExecArray) => CountAction][] = [
  [new RegExp(`^__count_${KIND}_\\w+$`), (m) => ({ how: 'one', kind: m[1] as CountKind })],
  [
    new RegExp(`^__countr(\\d+)_${KIND}_\\w+$`),
    (m) => ({ how: 'register', kind: m[2] as CountKind, register: Number(m[1]) }),
  ],
  [
    new RegExp(`^__countz(\\d+)_${KIND}_\\w+$`),
    (m) => ({ how: 'zero-weight', kind: m[2] as CountKind, register: Number(m[1]) }),
  ],
  [
    new RegExp(`^__countrow(\\d+)_(\\d+)_${KIND}_\\w+$`),
    (m) => ({
      how: 'row',
      kind: m[3] as CountKind,
      address: Number(m[1]),
      bytes: Number(m[2]),
    }),
  ],
];

/** Parses a counting label; null for any other symbol. Throws on a bad register number. */
export function parseCountLabel(name: string): CountAction | null {
  if (!name.startsWith('__count')) return null;
  for (const [re, make] of PATTERNS) {
    const m = re.exec(name);
    if (m === null) continue;
    const action = make(m);
    const regs =
      action.how === 'row'
        ? [action.address, action.bytes]
        : action.how === 'one'
          ? []
          : [action.register];
    if (regs.some((r) => r < 4 || r > 15)) {
      throw new Error(`counting label ${name}: registers must be R4..R15`);
    }
    return action;
  }
  throw new Error(
    `counting label ${name} does not follow the grammar of runtime/kernels/counters.ts`,
  );
}

/** Every counting label of a program's symbols. Two labels at one address are an error. */
export function countLabels(symbols: Iterable<ImageSymbol>): CountLabel[] {
  const labels: CountLabel[] = [];
  const seen = new Map<number, string>();
  for (const s of symbols) {
    const action = parseCountLabel(s.name);
    if (action === null) continue;
    const other = seen.get(s.address);
    if (other !== undefined && other !== s.name) {
      throw new Error(`counting labels ${other} and ${s.name} share address ${s.address}`);
    }
    seen.set(s.address, s.name);
    labels.push({ name: s.name, address: s.address, action });
  }
  return labels;
}

/** Counters of one kernel call, filled while the machine runs. */
export class KernelCounters {
  readonly counters: MacCounters = zeroCounters();
  /** Times each counting label was reached, by name (for benchmarks and debugging). */
  readonly hits = new Map<string, number>();
  private readonly byAddress: Map<number, CountLabel>;
  private remove: (() => void) | null = null;

  constructor(
    private readonly machine: Machine,
    labels: readonly CountLabel[],
  ) {
    this.byAddress = new Map(labels.map((l) => [l.address, l]));
  }

  /** Starts listening; returns this. */
  attach(): this {
    this.remove ??= this.machine.on('instruction', ({ pc }) => {
      const label = this.byAddress.get(pc);
      if (label !== undefined) this.count(label);
    });
    return this;
  }

  detach(): void {
    this.remove?.();
    this.remove = null;
  }

  private add(kind: CountKind, n: number): void {
    this.counters[FIELD[kind]] += n;
  }

  private count(label: CountLabel): void {
    this.hits.set(label.name, (this.hits.get(label.name) ?? 0) + 1);
    const a = label.action;
    const reg = (r: number): number => this.machine.register(r);
    switch (a.how) {
      case 'one':
        this.add(a.kind, 1);
        return;
      case 'register':
        this.add(a.kind, reg(a.register) & 0xffff);
        return;
      case 'zero-weight':
        this.add((reg(a.register) & 0xffff) === 0 ? 'zw' : a.kind, 1);
        return;
      case 'row': {
        const start = reg(a.address);
        const words = reg(a.bytes) >>> 1;
        for (let i = 0; i < words; i++) {
          this.add(this.machine.readWord(start + 2 * i) === 0 ? 'zw' : a.kind, 1);
        }
        return;
      }
    }
  }
}

/**
 * The counts a layer's layout fixes before any data is seen, which no kernel instruction
 * marks: the dense MAC count of the unpruned layer, and the MACs of weights that are not
 * stored at all — removed outputs (structured) and zero weights left out of the compressed
 * form (pruned). Same formulas as the twins (kernels/layers/dense.ts, conv2d.ts).
 */
export function staticCounters(layer: PreparedLayer): MacCounters {
  const c = zeroCounters();
  switch (layer.op) {
    case 'dense': {
      c.denseMacs = layer.inFeatures * layer.originalOutputs;
      if (layer.variant === 'structured') {
        c.skippedByZeroWeight = layer.inFeatures * (layer.originalOutputs - layer.outFeatures);
      } else if (layer.variant === 'pruned') {
        c.skippedByZeroWeight = layer.inFeatures * layer.outFeatures - layer.entries.length / 2;
      }
      return c;
    }
    case 'conv1d':
    case 'conv2d': {
      const taps = layer.inChannels * layer.kernelHeight * layer.kernelWidth;
      const positions = layer.outHeight * layer.outWidth;
      c.denseMacs = layer.originalOutputs * taps * positions;
      if (layer.variant === 'structured') {
        c.skippedByZeroWeight = (layer.originalOutputs - layer.outChannels) * taps * positions;
      } else if (layer.variant === 'pruned') {
        c.skippedByZeroWeight = (layer.outChannels * taps - layer.entries.length / 2) * positions;
      }
      return c;
    }
    default:
      return c;
  }
}
