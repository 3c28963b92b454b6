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
import { fail, ok, type Result } from '../../emulator/result.js';
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

/** A counting label that breaks the grammar above, or shares its address with another. */
export interface CountLabelError {
  readonly kind: 'count-label';
  readonly label: string;
  /** The label's address, when it came from an image. */
  readonly address?: number;
  readonly message: string;
}

function labelError(label: string, message: string, address?: number): CountLabelError {
  return address === undefined
    ? { kind: 'count-label', label, message }
    : { kind: 'count-label', label, address, message };
}

/**
 * Parses a counting label: null for a symbol that is not one (no `__count` prefix), an error for
 * a `__count…` name that breaks the grammar or names a register outside R4..R15.
 */
export function parseCountLabel(name: string): Result<CountAction, CountLabelError> | null {
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
      return fail(labelError(name, `counting label ${name}: registers must be R4..R15`));
    }
    return ok(action);
  }
  return fail(
    labelError(
      name,
      `counting label ${name} does not follow the grammar of runtime/kernels/counters.ts`,
    ),
  );
}

/**
 * Every counting label of a program's symbols. A malformed label, or two labels at one address
 * (the second would never be told apart from the first), is an error; all of them are reported.
 */
export function countLabels(symbols: Iterable<ImageSymbol>): Result<CountLabel[], CountLabelError> {
  const labels: CountLabel[] = [];
  const errors: CountLabelError[] = [];
  const seen = new Map<number, string>();
  for (const s of symbols) {
    const parsed = parseCountLabel(s.name);
    if (parsed === null) continue;
    if (!parsed.ok) {
      errors.push(...parsed.errors.map((e) => ({ ...e, address: s.address })));
      continue;
    }
    const other = seen.get(s.address);
    if (other !== undefined && other !== s.name) {
      const at = `0x${s.address.toString(16).padStart(4, '0')}`;
      errors.push(
        labelError(s.name, `counting labels ${other} and ${s.name} share address ${at}`, s.address),
      );
      continue;
    }
    seen.set(s.address, s.name);
    labels.push({ name: s.name, address: s.address, action: parsed.value });
  }
  return errors.length > 0 ? fail(...errors) : ok(labels);
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
