/**
 * The energy model: an observer that turns a machine's instructions, bus accesses, MPY32
 * operations, mode changes, wake-ups and resets into energy, with a breakdown by instruction
 * class, memory class, MPY32 operation, function, host-port region and power mode.
 *
 * It only listens (design rule: removing it changes no cycle and no result). The charges come
 * from `fr5994.ts`; how they are derived and what they leave out is in docs/energy-model.md.
 *
 * Accounting, per event:
 * - an instruction (AM): cycles × (cycle charge + static current / MCLK) + the extra charge of
 *   each of its bus accesses (FRAM hit / miss / write, SRAM, peripheral, vacant) + the share of
 *   any MPY32 operation it started. Attributed to its instruction class, its function, its
 *   address and every open region.
 * - an interrupt entry: the same for its cycles and accesses, class `interrupt`.
 * - time between events (sleep in an LPM): the mode's current × time, time = cycles / MCLK.
 * - a wake-up from LPMx to AM: the data sheet's wake-up charge; a reset: the reset charge.
 * - an instruction that touches the host port (0x0FF0–0x0FFF) is free: the machine refunds its
 *   cycles (docs/peripherals.md, zero-cost rule) and the model charges none of its accesses; its
 *   executions are still counted (its class, function and address), with 0 cycles and 0 nJ.
 *
 * Determinism: every charge is rounded once to a whole femtojoule and added to integer
 * accumulators (exact in a double up to 2^53 fJ ≈ 9 J), so equal runs give equal totals to the
 * last digit, whatever the order of the breakdown's keys.
 */

import { Access, FramOutcome } from '../bus/bus.js';
import { MemoryClass } from '../bus/memory-map.js';
import type { PowerMode } from '../cpu/registers.js';
import type { ImageSymbol } from '../image/image.js';
import { MODE_NAMES, type Instruction, type Operand } from '../isa/index.js';
import type { Machine, MachineEvents } from '../machine/machine.js';
import { ClockSystem } from '../peripherals/cs.js';
import { Mpy32, type Mpy32Operation } from '../peripherals/mpy32.js';
import type { ResetCause } from '../peripherals/peripheral.js';
import { deriveCharges, FR5994_ENERGY, type EnergyCharges, type EnergyParams } from './fr5994.js';

export interface EnergyOptions {
  /** Supply in volts (default: the parameters' `vcc`, 3.0 V for the FR5994). */
  readonly vcc?: number;
  /** Symbols for the per-function breakdown (an image's `symbols`). */
  readonly symbols?: readonly ImageSymbol[];
}

export const POWER_MODES: readonly PowerMode[] = ['AM', 'LPM0', 'LPM1', 'LPM2', 'LPM3', 'LPM4'];

/** Memory classes of the breakdown, in this order. */
export const MEMORY_KINDS = [
  'fram-hit',
  'fram-miss',
  'fram-write',
  'sram',
  'peripheral',
  'vacant',
] as const;
export type MemoryKind = (typeof MEMORY_KINDS)[number];

/** Where the energy went, by physical cause. */
export const COMPONENTS = [
  'core',
  'static',
  'memory',
  'mpy32',
  'sleep',
  'wakeup',
  'reset',
] as const;
export type Component = (typeof COMPONENTS)[number];

/** Class name of interrupt entries in the instruction-class breakdown. */
export const INTERRUPT_CLASS = 'interrupt';
/** Function name for code no symbol covers. */
export const NO_SYMBOL = '(no symbol)';

/** Energy state at one moment; subtract two with `energyDifference`. */
export interface EnergySnapshot {
  /** Machine cycle up to which energy is accounted. */
  readonly cycle: number;
  /** Cycles accounted (every mode) since the model was attached or reset. */
  readonly cycles: number;
  /** Total energy, femtojoules (an exact integer). */
  readonly fj: number;
  readonly nj: number;
  readonly seconds: number;
  readonly components: Readonly<Record<Component, number>>;
  readonly modes: Readonly<Record<PowerMode, ModeTotals>>;
  readonly wakeups: number;
  readonly resets: number;
}

export interface ModeTotals {
  readonly cycles: number;
  readonly seconds: number;
  /** Femtojoules. */
  readonly fj: number;
}

/** `later − earlier`: the energy of what ran between two snapshots. */
export function energyDifference(later: EnergySnapshot, earlier: EnergySnapshot): EnergySnapshot {
  const fj = later.fj - earlier.fj;
  const components = {} as Record<Component, number>;
  for (const c of COMPONENTS) components[c] = later.components[c] - earlier.components[c];
  const modes = {} as Record<PowerMode, ModeTotals>;
  for (const m of POWER_MODES) {
    modes[m] = {
      cycles: later.modes[m].cycles - earlier.modes[m].cycles,
      seconds: later.modes[m].seconds - earlier.modes[m].seconds,
      fj: later.modes[m].fj - earlier.modes[m].fj,
    };
  }
  return {
    cycle: later.cycle,
    cycles: later.cycles - earlier.cycles,
    fj,
    nj: fj / 1e6,
    seconds: later.seconds - earlier.seconds,
    components,
    modes,
    wakeups: later.wakeups - earlier.wakeups,
    resets: later.resets - earlier.resets,
  };
}

/** One row of the breakdown. `count`: executions, accesses or events. */
export interface EnergyRow {
  readonly count: number;
  readonly cycles: number;
  readonly nj: number;
}

export interface FunctionRow extends EnergyRow {
  /** Entries at the function's first address from code outside it (calls, mostly). */
  readonly calls: number;
}

export interface MemoryRow {
  readonly accesses: number;
  /** Wait states these accesses added (FRAM misses and writes above 8 MHz). */
  readonly waitCycles: number;
  readonly nj: number;
}

export interface ModeRow {
  readonly cycles: number;
  readonly seconds: number;
  readonly nj: number;
}

/** The breakdown as JSON-ready numbers; energies in nJ (femtojoule integers / 1e6). */
export interface EnergyBreakdown {
  readonly vcc: number;
  readonly totalNj: number;
  /** Cycles accounted in every mode (AM and asleep). */
  readonly cycles: number;
  readonly seconds: number;
  readonly components: Readonly<Record<Component, number>>;
  /** Format × addressing-mode pair, e.g. `I Rn→x(Rn)`, plus `interrupt`. */
  readonly instructionClasses: Readonly<Record<string, EnergyRow>>;
  /** Extra charge of the accesses only; their cycles are charged to the instructions. */
  readonly memory: Readonly<Record<MemoryKind, MemoryRow>>;
  /** `MACS 16×16`, `MPY 32×32`, …: the operations' own share. */
  readonly mpy32: Readonly<Record<string, { readonly count: number; readonly nj: number }>>;
  /** Only with a symbol table. */
  readonly functions: Readonly<Record<string, FunctionRow>>;
  /** Inclusive: everything charged while the region was open, nested regions included. */
  readonly regions: Readonly<Record<string, EnergyRow>>;
  readonly modes: Readonly<Record<PowerMode, ModeRow>>;
  readonly wakeups: Readonly<Record<string, { readonly count: number; readonly nj: number }>>;
  readonly resets: {
    readonly count: number;
    readonly nj: number;
    readonly causes: Readonly<Record<string, number>>;
  };
  readonly interrupts: number;
  /**
   * Host-port marker instructions, charged nothing; `cycles`: what the zero-cost rule refunded
   * (counted in no other row).
   */
  readonly hostPort: { readonly instructions: number; readonly cycles: number };
}

/** Executions, cycles and energy of the instruction at one address. */
export interface AddressRow extends EnergyRow {
  readonly address: number;
  readonly ins: Instruction;
}

interface Bucket {
  count: number;
  cycles: number;
  fj: number;
}

interface FunctionRange {
  readonly name: string;
  readonly start: number;
  /** Exclusive end, or Infinity up to the next start. */
  readonly end: number;
}

const nj = (fj: number): number => fj / 1e6;

// Local copies: module-namespace bindings can compile to getters (tsx/esbuild).
const FRAM = MemoryClass.Fram;
const SRAM = MemoryClass.Sram;
const PERIPHERAL = MemoryClass.Peripheral;
const WRITE = Access.Write;
const MISS = FramOutcome.Miss;
const FRAM_WRITE = FramOutcome.Write;
const NO_OUTCOME = FramOutcome.None;

/** Component indexes (COMPONENTS order). */
const CORE = 0;
const STATIC = 1;
const MEMORY = 2;
const MPY32 = 3;
const SLEEP = 4;
const WAKEUP = 5;
const RESET = 6;
/** Mode indexes (POWER_MODES order); AM is 0. */
const AM = 0;
const MODE_INDEX: Readonly<Record<PowerMode, number>> = {
  AM: 0,
  LPM0: 1,
  LPM1: 2,
  LPM2: 3,
  LPM3: 4,
  LPM4: 5,
};
/** Instructions of up to this many cycles take their static share from a table. */
const STATIC_TABLE_CYCLES = 64;
/** Site index for "no function". */
const NO_FUNCTION = -1;

/** Instruction class: format and addressing modes, e.g. `I Rn→x(Rn)`, `II @Rn+`, `Jump`. */
export function instructionClass(ins: Instruction): string {
  const format = ins.form.format;
  const mode = (o: Operand): string => MODE_NAMES[o.mode] ?? '?';
  if (ins.src !== null && ins.dst !== null) return `${format} ${mode(ins.src)}→${mode(ins.dst)}`;
  const only = ins.src ?? ins.dst;
  if (only === null || format === 'Jump') return format;
  return `${format} ${mode(only)}`;
}

/** Function ranges from an image's symbols: sized functions, then labels outside them. */
function functionRanges(symbols: readonly ImageSymbol[]): FunctionRange[] {
  const functions = symbols.filter((s) => s.kind === 'function');
  const inside = (a: number): boolean =>
    functions.some((f) => f.size !== undefined && a > f.address && a < f.address + f.size);
  const starts = symbols
    .filter((s) => s.kind === 'function' || (s.kind === 'label' && !inside(s.address)))
    .sort(
      (a, b) =>
        a.address - b.address || Number(b.kind === 'function') - Number(a.kind === 'function'),
    );
  const ranges: FunctionRange[] = [];
  for (const s of starts) {
    if (ranges.length > 0 && ranges[ranges.length - 1]!.start === s.address) continue;
    const sized = s.kind === 'function' && s.size !== undefined && s.size > 0;
    ranges.push({ name: s.name, start: s.address, end: sized ? s.address + s.size : Infinity });
  }
  return ranges;
}

/** Memory kind index of one access (MEMORY_KINDS order). */
function memoryKind(kind: Access, memory: MemoryClass, fram: FramOutcome): number {
  switch (memory) {
    case FRAM:
      if (fram === MISS) return 1;
      if (fram === FRAM_WRITE) return 2;
      // Reads without a controller count as hits; ignored writes to read-only FRAM as vacant.
      return kind === WRITE && fram === NO_OUTCOME ? 5 : 0;
    case SRAM:
      return 3;
    case PERIPHERAL:
      return 4;
    default:
      return 5;
  }
}

/** A growable column of numbers. */
function grow(a: Float64Array<ArrayBuffer>, n: number): Float64Array<ArrayBuffer> {
  if (n < a.length) return a;
  const b = new Float64Array(Math.max(2 * a.length, n + 1));
  b.set(a);
  return b;
}

/**
 * How the hot path keeps its books: per event it only adds integers to typed arrays — per
 * executed address ("site": executions, cycles, femtojoules), per memory kind, per component
 * and per mode — and keeps the accesses of the running instruction in a short journal, so that
 * a host-port instruction or a reset can take them back. Instruction classes and functions are
 * summed from the sites when a breakdown is asked for; seconds are cycles / MCLK per stretch
 * of constant MCLK. Every charge is still one rounded femtojoule integer per event, so totals
 * are exactly those of charging each event into its buckets.
 */
export class EnergyModel {
  readonly params: EnergyParams;
  readonly vcc: number;
  readonly charges: EnergyCharges;

  // Per-event energies in whole femtojoules (pC × V × 1000).
  private readonly cycleFj: number;
  /** Extra energy per access, by MEMORY_KINDS index and access kind (read/fetch vs write). */
  private readonly readFj: Float64Array;
  private readonly writeFj: Float64Array;
  private readonly mpyFj: number;
  private readonly resetFj: number;
  private readonly wakeFj: Readonly<Record<string, number>>;
  private readonly ranges: readonly FunctionRange[];

  private machine: Machine | null = null;
  private detachers: (() => void)[] = [];
  private clocks: ClockSystem | null = null;
  private mclkHz = 1_000_000;
  private staticFjPerCycle = 0;
  /** round(c × staticFjPerCycle) for c < STATIC_TABLE_CYCLES. */
  private readonly staticFj = new Float64Array(STATIC_TABLE_CYCLES);
  private mode: PowerMode = 'AM';
  /** Machine cycle up to which energy has been charged. */
  private checkpoint = 0;

  // The running instruction: its accesses (journal) and MPY32 operations.
  private journalLength = 0;
  private journalKind = new Float64Array(16);
  private journalWaits = new Float64Array(16);
  private journalFj = new Float64Array(16);
  private pendingMemoryFj = 0;
  private pendingMpyFj = 0;
  private pendingMpy: string[] = [];

  // Accumulators (femtojoules, cycles, counts).
  private totalFj = 0;
  private cycles = 0;
  private readonly componentFj = new Float64Array(COMPONENTS.length);
  private readonly modeCycles = new Float64Array(POWER_MODES.length);
  private readonly modeFj = new Float64Array(POWER_MODES.length);
  /** Seconds of the stretches before the last MCLK change, and cycles since it, per mode. */
  private readonly modeSeconds = new Float64Array(POWER_MODES.length);
  private readonly modeCyclesAtMclk = new Float64Array(POWER_MODES.length);
  private readonly memAccesses = new Float64Array(MEMORY_KINDS.length);
  private readonly memWaits = new Float64Array(MEMORY_KINDS.length);
  private readonly memFj = new Float64Array(MEMORY_KINDS.length);

  /** Site index + 1 per address / 2 (0: none yet). */
  private siteAt = new Int32Array(0);
  private siteCount = 0;
  private siteAddress: number[] = [];
  private siteIns: Instruction[] = [];
  private siteClass: string[] = [];
  private siteFunction: number[] = [];
  private siteStartsFunction: boolean[] = [];
  private siteExecutions = new Float64Array(64);
  private siteCycles = new Float64Array(64);
  private siteFjs = new Float64Array(64);

  /** Per range index: calls, and interrupt entries charged to the handler's function. */
  private fnCalls: Float64Array;
  private fnIrqCycles: Float64Array;
  private fnIrqFj: Float64Array;
  private fnIrqTouched: Uint8Array;
  private lastFunction = NO_FUNCTION;

  private readonly interruptBucket: Bucket = { count: 0, cycles: 0, fj: 0 };
  private readonly mpy = new Map<string, { count: number; fj: number }>();
  private readonly regions = new Map<string, Bucket>();
  /** Open regions by name → depth; `openBuckets` holds each open name's bucket once. */
  private readonly openDepth = new Map<string, number>();
  private openBuckets: Bucket[] = [];
  private readonly wakeups = new Map<string, { count: number; fj: number }>();
  private resetCount = 0;
  private resetTotalFj = 0;
  private readonly resetCauses = new Map<string, number>();
  private interruptCount = 0;
  private hostInstructions = 0;
  private hostCycles = 0;

  constructor(params: EnergyParams = FR5994_ENERGY, options: EnergyOptions = {}) {
    this.params = params;
    this.vcc = options.vcc ?? params.vcc;
    if (!(this.vcc > 0)) throw new RangeError(`supply must be positive, got ${this.vcc} V`);
    const c = deriveCharges(params);
    this.charges = c;
    const fj = (pc: number): number => Math.round(pc * this.vcc * 1000);
    this.cycleFj = fj(c.cyclePc);
    const peripheral = fj(c.peripheralPc);
    const vacant = fj(c.vacantPc);
    this.readFj = Float64Array.of(
      fj(c.framHitPc),
      fj(c.framMissPc),
      0,
      fj(c.sramReadPc),
      peripheral,
      vacant,
    );
    this.writeFj = Float64Array.of(0, 0, fj(c.framWritePc), fj(c.sramWritePc), peripheral, vacant);
    this.mpyFj = fj(c.mpy32PartialProductPc);
    this.resetFj = fj(c.resetPc);
    const wake: Record<string, number> = {};
    for (const [m, pc] of Object.entries(c.wakeupPc)) wake[m] = fj(pc);
    this.wakeFj = wake;
    this.ranges = functionRanges(options.symbols ?? []);
    const n = this.ranges.length;
    this.fnCalls = new Float64Array(n);
    this.fnIrqCycles = new Float64Array(n);
    this.fnIrqFj = new Float64Array(n);
    this.fnIrqTouched = new Uint8Array(n);
  }

  // ---- attaching -----------------------------------------------------------------------------

  /** Start listening to `machine`; returns the function that detaches (accounting stops). */
  attach(machine: Machine): () => void {
    if (this.machine !== null) throw new Error('this energy model is already attached');
    this.machine = machine;
    this.checkpoint = machine.cycles;
    this.mode = machine.mode;
    const cs = machine.peripheral('CS');
    this.clocks = cs instanceof ClockSystem ? cs : null;
    this.setMclk(this.clocks?.mclkHz ?? machine.chip.resetMclkHz);
    this.clearPending();
    if (this.siteAt.length === 0) this.siteAt = new Int32Array(0x80000);
    const d = this.detachers;
    d.push(
      machine.observeInstructions({
        instruction: (pc, ins, cycles, refunded) => this.onInstruction(pc, ins, cycles, refunded),
      }),
    );
    d.push(machine.on('interrupt', (e) => this.onInterrupt(e)));
    d.push(machine.on('mode', (e) => this.onMode(e)));
    d.push(machine.on('reset', (e) => this.onReset(e)));
    d.push(machine.on('region', (e) => this.onRegion(e)));
    d.push(
      machine.onAccess({
        access: (kind, _address, _size, memory, fram, waits) =>
          this.onAccess(kind, memory, fram, waits),
      }),
    );
    if (this.clocks !== null) {
      d.push(this.clocks.onChange((now) => this.onClock(now.mclkHz)));
    }
    const mpy = machine.peripheral('MPY32');
    if (mpy instanceof Mpy32) d.push(mpy.onOperation((op) => this.onMpy(op)));
    return () => this.detach();
  }

  private detach(): void {
    if (this.machine === null) return;
    this.sync();
    for (const d of this.detachers) d();
    this.detachers = [];
    this.machine = null;
    this.clocks = null;
  }

  /** Forget everything counted so far (stays attached; accounting restarts now). */
  reset(): void {
    this.totalFj = 0;
    this.cycles = 0;
    for (const a of [
      this.componentFj,
      this.modeCycles,
      this.modeFj,
      this.modeSeconds,
      this.modeCyclesAtMclk,
      this.memAccesses,
      this.memWaits,
      this.memFj,
      this.fnCalls,
      this.fnIrqCycles,
      this.fnIrqFj,
    ]) {
      a.fill(0);
    }
    this.fnIrqTouched.fill(0);
    this.siteAt.fill(0);
    this.siteCount = 0;
    this.siteAddress = [];
    this.siteIns = [];
    this.siteClass = [];
    this.siteFunction = [];
    this.siteStartsFunction = [];
    this.siteExecutions.fill(0);
    this.siteCycles.fill(0);
    this.siteFjs.fill(0);
    this.interruptBucket.count = this.interruptBucket.cycles = this.interruptBucket.fj = 0;
    this.mpy.clear();
    this.regions.clear();
    this.openDepth.clear();
    this.openBuckets = [];
    this.wakeups.clear();
    this.resetCount = this.resetTotalFj = 0;
    this.resetCauses.clear();
    this.interruptCount = this.hostInstructions = this.hostCycles = 0;
    this.lastFunction = NO_FUNCTION;
    this.clearPending();
    if (this.machine !== null) this.checkpoint = this.machine.cycles;
  }

  // ---- results -------------------------------------------------------------------------------

  /** Total energy so far, nJ (time asleep up to the machine's current cycle included). */
  get totalNj(): number {
    this.sync();
    return nj(this.totalFj);
  }

  /** Total energy so far in whole femtojoules. */
  get totalFemtojoules(): number {
    this.sync();
    return this.totalFj;
  }

  snapshot(): EnergySnapshot {
    this.sync();
    const modes = {} as Record<PowerMode, ModeTotals>;
    POWER_MODES.forEach((m, i) => {
      modes[m] = { cycles: this.modeCycles[i]!, seconds: this.secondsIn(i), fj: this.modeFj[i]! };
    });
    let wakeups = 0;
    for (const w of this.wakeups.values()) wakeups += w.count;
    return {
      cycle: this.checkpoint,
      cycles: this.cycles,
      fj: this.totalFj,
      nj: nj(this.totalFj),
      seconds: this.totalSeconds(),
      components: this.components((fj) => fj),
      modes,
      wakeups,
      resets: this.resetCount,
    };
  }

  breakdown(): EnergyBreakdown {
    this.sync();
    const rows = <T extends Bucket>(map: Map<string, T>): Record<string, EnergyRow> => {
      const out: Record<string, EnergyRow> = {};
      for (const [k, b] of [...map].sort((x, y) => y[1].fj - x[1].fj || cmp(x[0], y[0]))) {
        out[k] = { count: b.count, cycles: b.cycles, nj: nj(b.fj) };
      }
      return out;
    };
    const { classes, functions: fnBuckets } = this.sumSites();
    const functions: Record<string, FunctionRow> = {};
    const fnEntries = [...fnBuckets].sort((x, y) => y[1].fj - x[1].fj || cmp(x[0], y[0]));
    for (const [k, b] of fnEntries) {
      functions[k] = { calls: b.calls, count: b.count, cycles: b.cycles, nj: nj(b.fj) };
    }
    const memory = {} as Record<MemoryKind, MemoryRow>;
    MEMORY_KINDS.forEach((k, i) => {
      memory[k] = {
        accesses: this.memAccesses[i]!,
        waitCycles: this.memWaits[i]!,
        nj: nj(this.memFj[i]!),
      };
    });
    const modes = {} as Record<PowerMode, ModeRow>;
    POWER_MODES.forEach((m, i) => {
      modes[m] = {
        cycles: this.modeCycles[i]!,
        seconds: this.secondsIn(i),
        nj: nj(this.modeFj[i]!),
      };
    });
    const counted = (map: Map<string, { count: number; fj: number }>) =>
      Object.fromEntries(
        [...map]
          .sort((x, y) => cmp(x[0], y[0]))
          .map(([k, v]) => [k, { count: v.count, nj: nj(v.fj) }]),
      );
    return {
      vcc: this.vcc,
      totalNj: nj(this.totalFj),
      cycles: this.cycles,
      seconds: this.totalSeconds(),
      components: this.components(nj),
      instructionClasses: rows(classes),
      memory,
      mpy32: counted(this.mpy),
      functions,
      regions: rows(this.regions),
      modes,
      wakeups: counted(this.wakeups),
      resets: {
        count: this.resetCount,
        nj: nj(this.resetTotalFj),
        causes: Object.fromEntries([...this.resetCauses].sort((x, y) => cmp(x[0], y[0]))),
      },
      interrupts: this.interruptCount,
      hostPort: { instructions: this.hostInstructions, cycles: this.hostCycles },
    };
  }

  /** Per-address profile: every executed instruction address, in address order. */
  addressProfile(): AddressRow[] {
    const byAddress = new Map<
      number,
      { ins: Instruction; count: number; cycles: number; fj: number }
    >();
    // Sites in creation order: a later site at the same address (rewritten code) gives `ins`.
    for (let i = 0; i < this.siteCount; i++) {
      const a = this.siteAddress[i]!;
      const row = byAddress.get(a) ?? { ins: this.siteIns[i]!, count: 0, cycles: 0, fj: 0 };
      row.ins = this.siteIns[i]!;
      row.count += this.siteExecutions[i]!;
      row.cycles += this.siteCycles[i]!;
      row.fj += this.siteFjs[i]!;
      byAddress.set(a, row);
    }
    return [...byAddress]
      .sort((a, b) => a[0] - b[0])
      .map(([address, r]) => ({
        address,
        ins: r.ins,
        count: r.count,
        cycles: r.cycles,
        nj: nj(r.fj),
      }));
  }

  /** The function (symbol) an address is attributed to. */
  functionAt(address: number): string {
    const i = this.rangeAt(address);
    return i === NO_FUNCTION ? NO_SYMBOL : this.ranges[i]!.name;
  }

  // ---- listeners -----------------------------------------------------------------------------

  private onAccess(kind: Access, memory: MemoryClass, fram: FramOutcome, waits: number): void {
    const k = memoryKind(kind, memory, fram);
    const fj = kind === WRITE ? this.writeFj[k]! : this.readFj[k]!;
    this.memAccesses[k]!++;
    this.memWaits[k]! += waits;
    this.memFj[k]! += fj;
    this.pendingMemoryFj += fj;
    const n = this.journalLength;
    if (n === this.journalKind.length) {
      this.journalKind = grow(this.journalKind, n);
      this.journalWaits = grow(this.journalWaits, n);
      this.journalFj = grow(this.journalFj, n);
    }
    this.journalKind[n] = k;
    this.journalWaits[n] = waits;
    this.journalFj[n] = fj;
    this.journalLength = n + 1;
  }

  private onMpy(op: Mpy32Operation): void {
    const products = (op.op1Is32 ? 2 : 1) * (op.op2Is32 ? 2 : 1);
    this.pendingMpyFj += products * this.mpyFj;
    this.pendingMpy.push(`${op.mode} ${op.op1Is32 ? 32 : 16}×${op.op2Is32 ? 32 : 16}`);
  }

  private onInstruction(pc: number, ins: Instruction, cycles: number, refunded: number): void {
    const now = this.machine!.cycles;
    this.chargeTime(now - cycles);
    this.mode = 'AM';
    const site = this.site(pc, ins);
    let fj = 0;
    if (refunded > 0) {
      // A host-port marker: 0 cycles (the machine refunded them), charged nothing.
      this.hostInstructions++;
      this.hostCycles += refunded;
      this.discardPending();
    } else fj = this.chargeActive(cycles);
    this.checkpoint = now;
    this.siteExecutions[site]!++;
    this.siteCycles[site]! += cycles;
    this.siteFjs[site]! += fj;
    const fn = this.siteFunction[site]!;
    if (fn !== this.lastFunction && this.siteStartsFunction[site]!) this.fnCalls[fn]!++;
    this.lastFunction = fn;
  }

  private onInterrupt(e: MachineEvents['interrupt']): void {
    this.chargeTime(e.cycle - e.cycles);
    this.interruptCount++;
    const fj = this.chargeActive(e.cycles);
    this.checkpoint = e.cycle;
    const b = this.interruptBucket;
    b.count++;
    b.cycles += e.cycles;
    b.fj += fj;
    const fn = this.rangeAt(this.machine!.pc);
    if (fn !== NO_FUNCTION) {
      this.fnIrqTouched[fn] = 1;
      this.fnIrqCycles[fn]! += e.cycles;
      this.fnIrqFj[fn]! += fj;
    }
  }

  private onMode(e: MachineEvents['mode']): void {
    this.chargeTime(e.cycle);
    if (e.from !== 'AM' && e.to === 'AM') {
      const fj = this.wakeFj[e.from] ?? 0;
      const w = this.wakeups.get(e.from) ?? { count: 0, fj: 0 };
      w.count++;
      w.fj += fj;
      this.wakeups.set(e.from, w);
      this.charge(WAKEUP, fj);
    }
    this.mode = e.to;
  }

  private onReset(e: MachineEvents['reset']): void {
    // A BOR sets the machine's cycle count back to 0; a PUC keeps counting.
    if (e.cause === 'bor') this.checkpoint = e.cycle;
    else this.chargeTime(e.cycle);
    this.discardPending();
    this.resetCount++;
    this.resetTotalFj += this.resetFj;
    const cause: ResetCause | 'bor' = e.cause;
    this.resetCauses.set(cause, (this.resetCauses.get(cause) ?? 0) + 1);
    this.charge(RESET, this.resetFj);
    this.mode = this.machine!.mode;
    this.lastFunction = NO_FUNCTION;
  }

  private onRegion(e: MachineEvents['region']): void {
    const depth = this.openDepth.get(e.name) ?? 0;
    if (e.enter) {
      this.openDepth.set(e.name, depth + 1);
      let b = this.regions.get(e.name);
      if (b === undefined) {
        b = { count: 0, cycles: 0, fj: 0 };
        this.regions.set(e.name, b);
      }
      b.count++;
      if (depth === 0) this.openBuckets = [...this.openBuckets, b];
    } else if (depth > 0) {
      if (depth === 1) {
        this.openDepth.delete(e.name);
        const b = this.regions.get(e.name);
        this.openBuckets = this.openBuckets.filter((x) => x !== b);
      } else this.openDepth.set(e.name, depth - 1);
    }
  }

  private onClock(hz: number): void {
    this.chargeTime(this.machine!.cycles);
    this.setMclk(hz);
  }

  // ---- charging ------------------------------------------------------------------------------

  private setMclk(hz: number): void {
    // Close the stretch at the old MCLK: its seconds are final.
    for (let m = 0; m < POWER_MODES.length; m++) {
      this.modeSeconds[m]! += this.modeCyclesAtMclk[m]! / this.mclkHz;
      this.modeCyclesAtMclk[m] = 0;
    }
    this.mclkHz = hz > 0 ? hz : 1;
    // µA × V / Hz = µJ per cycle; × 1e9 → fJ per cycle.
    this.staticFjPerCycle = (this.charges.activeStaticUa * this.vcc * 1e9) / this.mclkHz;
    for (let c = 0; c < STATIC_TABLE_CYCLES; c++) {
      this.staticFj[c] = Math.round(c * this.staticFjPerCycle);
    }
  }

  /** Charge an AM stretch of `cycles` with the pending accesses and MPY32 operations. */
  private chargeActive(cycles: number): number {
    const core = cycles * this.cycleFj;
    const stat =
      cycles < STATIC_TABLE_CYCLES
        ? this.staticFj[cycles]!
        : Math.round(cycles * this.staticFjPerCycle);
    const memory = this.pendingMemoryFj;
    const mpy = this.pendingMpyFj;
    if (mpy > 0) {
      const share = mpy / this.pendingMpy.length;
      for (const key of this.pendingMpy) {
        const m = this.mpy.get(key) ?? { count: 0, fj: 0 };
        m.count++;
        m.fj += share;
        this.mpy.set(key, m);
      }
    }
    this.clearPending();
    const c = this.componentFj;
    c[CORE]! += core;
    c[STATIC]! += stat;
    c[MEMORY]! += memory;
    c[MPY32]! += mpy;
    const fj = core + stat + memory + mpy;
    this.totalFj += fj;
    this.addTime(AM, cycles, fj);
    const open = this.openBuckets;
    for (let i = 0; i < open.length; i++) addEnergy(open[i]!, cycles, fj);
    return fj;
  }

  /** Charge the time from the checkpoint to `cycle` in the current mode. */
  private chargeTime(cycle: number): void {
    const span = cycle - this.checkpoint;
    if (span <= 0) return;
    this.checkpoint = cycle;
    if (this.mode === 'AM') {
      // AM without an instruction (only after a host intervention): clocks and static current.
      const core = span * this.cycleFj;
      const stat = Math.round(span * this.staticFjPerCycle);
      this.charge(CORE, core);
      this.charge(STATIC, stat);
      this.addTime(AM, span, core + stat);
      for (const b of this.openBuckets) addEnergy(b, span, core + stat);
      return;
    }
    const ua = this.charges.sleepUa[this.mode];
    const fj = Math.round((ua * this.vcc * 1e9 * span) / this.mclkHz);
    this.charge(SLEEP, fj);
    this.addTime(MODE_INDEX[this.mode], span, fj);
    for (const b of this.openBuckets) addEnergy(b, span, fj);
  }

  private sync(): void {
    if (this.machine !== null) this.chargeTime(this.machine.cycles);
  }

  private charge(component: number, fj: number): void {
    this.componentFj[component]! += fj;
    this.totalFj += fj;
  }

  private addTime(mode: number, cycles: number, fj: number): void {
    this.modeCycles[mode]! += cycles;
    this.modeCyclesAtMclk[mode]! += cycles;
    this.modeFj[mode]! += fj;
    this.cycles += cycles;
  }

  private secondsIn(mode: number): number {
    return this.modeSeconds[mode]! + this.modeCyclesAtMclk[mode]! / this.mclkHz;
  }

  private totalSeconds(): number {
    let s = 0;
    for (let m = 0; m < POWER_MODES.length; m++) s += this.secondsIn(m);
    return s;
  }

  private components(unit: (fj: number) => number): Record<Component, number> {
    const out = {} as Record<Component, number>;
    COMPONENTS.forEach((c, i) => (out[c] = unit(this.componentFj[i]!)));
    return out;
  }

  /** The running instruction is charged: its accesses stay in the totals. */
  private clearPending(): void {
    this.journalLength = 0;
    this.pendingMemoryFj = 0;
    this.pendingMpyFj = 0;
    if (this.pendingMpy.length > 0) this.pendingMpy = [];
  }

  /** The running instruction is not charged (host port, reset): take its accesses back. */
  private discardPending(): void {
    for (let i = 0; i < this.journalLength; i++) {
      const k = this.journalKind[i]!;
      this.memAccesses[k]!--;
      this.memWaits[k]! -= this.journalWaits[i]!;
      this.memFj[k]! -= this.journalFj[i]!;
    }
    this.clearPending();
  }

  // ---- attribution ---------------------------------------------------------------------------

  /** Site index of the instruction `ins` at `pc`; rewritten code at `pc` gets a new site. */
  private site(pc: number, ins: Instruction): number {
    const slot = pc >> 1;
    const known = this.siteAt[slot]! - 1;
    if (known >= 0 && this.siteIns[known] === ins) return known;
    const i = this.siteCount++;
    if (i === this.siteExecutions.length) {
      this.siteExecutions = grow(this.siteExecutions, i);
      this.siteCycles = grow(this.siteCycles, i);
      this.siteFjs = grow(this.siteFjs, i);
    }
    this.siteAt[slot] = i + 1;
    this.siteAddress.push(pc);
    this.siteIns.push(ins);
    this.siteClass.push(instructionClass(ins));
    const fn = known >= 0 ? this.siteFunction[known]! : this.rangeAt(pc);
    this.siteFunction.push(fn);
    this.siteStartsFunction.push(fn !== NO_FUNCTION && this.ranges[fn]!.start === pc);
    return i;
  }

  /** Instruction classes and functions summed from the sites (and interrupt entries). */
  private sumSites(): {
    classes: Map<string, Bucket>;
    functions: Map<string, Bucket & { calls: number }>;
  } {
    const classes = new Map<string, Bucket>();
    const byRange = new Map<number, Bucket & { calls: number }>();
    const fnBucket = (r: number) => {
      let b = byRange.get(r);
      if (b === undefined) {
        b = { count: 0, cycles: 0, fj: 0, calls: this.fnCalls[r]! };
        byRange.set(r, b);
      }
      return b;
    };
    for (let i = 0; i < this.siteCount; i++) {
      const count = this.siteExecutions[i]!;
      const cycles = this.siteCycles[i]!;
      const fj = this.siteFjs[i]!;
      const key = this.siteClass[i]!;
      const c = classes.get(key) ?? { count: 0, cycles: 0, fj: 0 };
      c.count += count;
      c.cycles += cycles;
      c.fj += fj;
      classes.set(key, c);
      const r = this.siteFunction[i]!;
      if (r !== NO_FUNCTION) {
        const b = fnBucket(r);
        b.count += count;
        b.cycles += cycles;
        b.fj += fj;
      }
    }
    if (this.interruptCount > 0) classes.set(INTERRUPT_CLASS, { ...this.interruptBucket });
    for (let r = 0; r < this.ranges.length; r++) {
      if (this.fnIrqTouched[r] === 0) continue;
      const b = fnBucket(r);
      b.cycles += this.fnIrqCycles[r]!;
      b.fj += this.fnIrqFj[r]!;
    }
    const functions = new Map<string, Bucket & { calls: number }>();
    for (const [r, b] of byRange) functions.set(this.ranges[r]!.name, b);
    return { classes, functions };
  }

  /** Range index covering `address`, or NO_FUNCTION. */
  private rangeAt(address: number): number {
    const r = this.ranges;
    let lo = 0;
    let hi = r.length - 1;
    let found = NO_FUNCTION;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (r[mid]!.start <= address) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found !== NO_FUNCTION && address < r[found]!.end ? found : NO_FUNCTION;
  }
}

/** Energy and cycles without counting an event (regions, interrupt entries of a function). */
function addEnergy(b: Bucket, cycles: number, fj: number): void {
  b.cycles += cycles;
  b.fj += fj;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
