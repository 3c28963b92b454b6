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

import { Access, FramOutcome, type AccessSize } from '../bus/bus.js';
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

interface FunctionBucket extends Bucket {
  calls: number;
  readonly name: string;
  readonly start: number;
}

interface Site extends Bucket {
  readonly address: number;
  ins: Instruction;
  cls: Bucket;
  fn: FunctionBucket | null;
}

interface FunctionRange {
  readonly name: string;
  readonly start: number;
  /** Exclusive end, or Infinity up to the next start. */
  readonly end: number;
}

const newBucket = (): Bucket => ({ count: 0, cycles: 0, fj: 0 });
const nj = (fj: number): number => fj / 1e6;

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
    case MemoryClass.Fram:
      if (fram === FramOutcome.Miss) return 1;
      if (fram === FramOutcome.Write) return 2;
      // Reads without a controller count as hits; ignored writes to read-only FRAM as vacant.
      return kind === Access.Write && fram === FramOutcome.None ? 5 : 0;
    case MemoryClass.Sram:
      return 3;
    case MemoryClass.Peripheral:
      return 4;
    default:
      return 5;
  }
}

export class EnergyModel {
  readonly params: EnergyParams;
  readonly vcc: number;
  readonly charges: EnergyCharges;

  // Per-event energies in whole femtojoules (pC × V × 1000).
  private readonly cycleFj: number;
  /** Extra energy per access, by MEMORY_KINDS index and access kind (read/fetch vs write). */
  private readonly readFj: readonly number[];
  private readonly writeFj: readonly number[];
  private readonly mpyFj: number;
  private readonly resetFj: number;
  private readonly wakeFj: Readonly<Record<string, number>>;
  private readonly ranges: readonly FunctionRange[];

  private machine: Machine | null = null;
  private detachers: (() => void)[] = [];
  private clocks: ClockSystem | null = null;
  private mclkHz = 1_000_000;
  private staticFjPerCycle = 0;
  private mode: PowerMode = 'AM';
  /** Machine cycle up to which energy has been charged. */
  private checkpoint = 0;

  // Pending charges of the instruction being executed.
  private readonly pendingCount = new Float64Array(MEMORY_KINDS.length);
  private readonly pendingWaits = new Float64Array(MEMORY_KINDS.length);
  private readonly pendingFj = new Float64Array(MEMORY_KINDS.length);
  private pendingMpyFj = 0;
  private pendingMpy: string[] = [];

  // Accumulators (femtojoules, cycles, counts).
  private totalFj = 0;
  private seconds = 0;
  private cycles = 0;
  private readonly componentFj = Object.fromEntries(COMPONENTS.map((c) => [c, 0])) as Record<
    Component,
    number
  >;
  private readonly modeTotals = Object.fromEntries(
    POWER_MODES.map((m) => [m, { cycles: 0, seconds: 0, fj: 0 }]),
  ) as Record<PowerMode, { cycles: number; seconds: number; fj: number }>;
  private readonly memoryTotals = MEMORY_KINDS.map(() => ({ accesses: 0, waitCycles: 0, fj: 0 }));
  private readonly classes = new Map<string, Bucket>();
  private readonly functions = new Map<string, FunctionBucket>();
  private readonly sites = new Map<number, Site>();
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
  private lastFunction: FunctionBucket | null = null;

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
    this.readFj = [fj(c.framHitPc), fj(c.framMissPc), 0, fj(c.sramReadPc), peripheral, vacant];
    this.writeFj = [0, 0, fj(c.framWritePc), fj(c.sramWritePc), peripheral, vacant];
    this.mpyFj = fj(c.mpy32PartialProductPc);
    this.resetFj = fj(c.resetPc);
    const wake: Record<string, number> = {};
    for (const [m, pc] of Object.entries(c.wakeupPc)) wake[m] = fj(pc);
    this.wakeFj = wake;
    this.ranges = functionRanges(options.symbols ?? []);
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
    const d = this.detachers;
    d.push(machine.on('instruction', (e) => this.onInstruction(e)));
    d.push(machine.on('interrupt', (e) => this.onInterrupt(e)));
    d.push(machine.on('mode', (e) => this.onMode(e)));
    d.push(machine.on('reset', (e) => this.onReset(e)));
    d.push(machine.on('region', (e) => this.onRegion(e)));
    d.push(machine.onAccess({ access: (...a) => this.onAccess(...a) }));
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
    this.seconds = 0;
    this.cycles = 0;
    for (const c of COMPONENTS) this.componentFj[c] = 0;
    for (const m of POWER_MODES) this.modeTotals[m] = { cycles: 0, seconds: 0, fj: 0 };
    for (const t of this.memoryTotals) t.accesses = t.waitCycles = t.fj = 0;
    this.classes.clear();
    this.functions.clear();
    this.sites.clear();
    this.mpy.clear();
    this.regions.clear();
    this.openDepth.clear();
    this.openBuckets = [];
    this.wakeups.clear();
    this.resetCount = this.resetTotalFj = 0;
    this.resetCauses.clear();
    this.interruptCount = this.hostInstructions = this.hostCycles = 0;
    this.lastFunction = null;
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
    for (const m of POWER_MODES) modes[m] = { ...this.modeTotals[m] };
    let wakeups = 0;
    for (const w of this.wakeups.values()) wakeups += w.count;
    return {
      cycle: this.checkpoint,
      cycles: this.cycles,
      fj: this.totalFj,
      nj: nj(this.totalFj),
      seconds: this.seconds,
      components: { ...this.componentFj },
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
    const functions: Record<string, FunctionRow> = {};
    const fnEntries = [...this.functions].sort((x, y) => y[1].fj - x[1].fj || cmp(x[0], y[0]));
    for (const [k, b] of fnEntries) {
      functions[k] = { calls: b.calls, count: b.count, cycles: b.cycles, nj: nj(b.fj) };
    }
    const memory = {} as Record<MemoryKind, MemoryRow>;
    MEMORY_KINDS.forEach((k, i) => {
      const t = this.memoryTotals[i]!;
      memory[k] = { accesses: t.accesses, waitCycles: t.waitCycles, nj: nj(t.fj) };
    });
    const modes = {} as Record<PowerMode, ModeRow>;
    for (const m of POWER_MODES) {
      const t = this.modeTotals[m];
      modes[m] = { cycles: t.cycles, seconds: t.seconds, nj: nj(t.fj) };
    }
    const components = {} as Record<Component, number>;
    for (const c of COMPONENTS) components[c] = nj(this.componentFj[c]);
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
      seconds: this.seconds,
      components,
      instructionClasses: rows(this.classes),
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
    return [...this.sites.values()]
      .sort((a, b) => a.address - b.address)
      .map((s) => ({
        address: s.address,
        ins: s.ins,
        count: s.count,
        cycles: s.cycles,
        nj: nj(s.fj),
      }));
  }

  /** The function (symbol) an address is attributed to. */
  functionAt(address: number): string {
    return this.rangeAt(address)?.name ?? NO_SYMBOL;
  }

  // ---- listeners -----------------------------------------------------------------------------

  private onAccess(
    kind: Access,
    _address: number,
    _size: AccessSize,
    memory: MemoryClass,
    fram: FramOutcome,
    waits: number,
  ): void {
    const k = memoryKind(kind, memory, fram);
    this.pendingCount[k]!++;
    this.pendingWaits[k]! += waits;
    this.pendingFj[k]! += kind === Access.Write ? this.writeFj[k]! : this.readFj[k]!;
  }

  private onMpy(op: Mpy32Operation): void {
    const products = (op.op1Is32 ? 2 : 1) * (op.op2Is32 ? 2 : 1);
    this.pendingMpyFj += products * this.mpyFj;
    this.pendingMpy.push(`${op.mode} ${op.op1Is32 ? 32 : 16}×${op.op2Is32 ? 32 : 16}`);
  }

  private onInstruction(e: MachineEvents['instruction']): void {
    const now = this.machine!.cycles;
    this.chargeTime(now - e.cycles);
    this.mode = 'AM';
    const site = this.site(e.pc, e.ins);
    let fj = 0;
    if (e.refunded > 0) {
      // A host-port marker: 0 cycles (the machine refunded them), charged nothing.
      this.hostInstructions++;
      this.hostCycles += e.refunded;
      this.clearPending();
    } else fj = this.chargeActive(e.cycles);
    this.checkpoint = now;
    add(site, e.cycles, fj);
    add(site.cls, e.cycles, fj);
    const fn = site.fn;
    if (fn !== null) {
      add(fn, e.cycles, fj);
      if (fn !== this.lastFunction && e.pc === fn.start) fn.calls++;
    }
    this.lastFunction = fn;
  }

  private onInterrupt(e: MachineEvents['interrupt']): void {
    this.chargeTime(e.cycle - e.cycles);
    this.interruptCount++;
    const fj = this.chargeActive(e.cycles);
    this.checkpoint = e.cycle;
    add(this.bucket(this.classes, INTERRUPT_CLASS), e.cycles, fj);
    const range = this.rangeAt(this.machine!.pc);
    if (range !== undefined) addEnergy(this.functionBucket(range), e.cycles, fj);
  }

  private onMode(e: MachineEvents['mode']): void {
    this.chargeTime(e.cycle);
    if (e.from !== 'AM' && e.to === 'AM') {
      const fj = this.wakeFj[e.from] ?? 0;
      const w = this.wakeups.get(e.from) ?? { count: 0, fj: 0 };
      w.count++;
      w.fj += fj;
      this.wakeups.set(e.from, w);
      this.charge('wakeup', fj);
    }
    this.mode = e.to;
  }

  private onReset(e: MachineEvents['reset']): void {
    // A BOR sets the machine's cycle count back to 0; a PUC keeps counting.
    if (e.cause === 'bor') this.checkpoint = e.cycle;
    else this.chargeTime(e.cycle);
    this.clearPending();
    this.resetCount++;
    this.resetTotalFj += this.resetFj;
    const cause: ResetCause | 'bor' = e.cause;
    this.resetCauses.set(cause, (this.resetCauses.get(cause) ?? 0) + 1);
    this.charge('reset', this.resetFj);
    this.mode = this.machine!.mode;
    this.lastFunction = null;
  }

  private onRegion(e: MachineEvents['region']): void {
    const depth = this.openDepth.get(e.name) ?? 0;
    if (e.enter) {
      this.openDepth.set(e.name, depth + 1);
      const b = this.bucket(this.regions, e.name);
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
    this.mclkHz = hz > 0 ? hz : 1;
    // µA × V / Hz = µJ per cycle; × 1e9 → fJ per cycle.
    this.staticFjPerCycle = (this.charges.activeStaticUa * this.vcc * 1e9) / this.mclkHz;
  }

  /** Charge an AM stretch of `cycles` with the pending accesses and MPY32 operations. */
  private chargeActive(cycles: number): number {
    const core = cycles * this.cycleFj;
    const stat = Math.round(cycles * this.staticFjPerCycle);
    let memory = 0;
    for (let k = 0; k < MEMORY_KINDS.length; k++) {
      const count = this.pendingCount[k]!;
      if (count === 0) continue;
      const t = this.memoryTotals[k]!;
      t.accesses += count;
      t.waitCycles += this.pendingWaits[k]!;
      t.fj += this.pendingFj[k]!;
      memory += this.pendingFj[k]!;
    }
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
    this.charge('core', core);
    this.charge('static', stat);
    this.charge('memory', memory);
    this.charge('mpy32', mpy);
    const fj = core + stat + memory + mpy;
    this.addTime('AM', cycles, fj);
    for (const b of this.openBuckets) addEnergy(b, cycles, fj);
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
      this.charge('core', core);
      this.charge('static', stat);
      this.addTime('AM', span, core + stat);
      for (const b of this.openBuckets) addEnergy(b, span, core + stat);
      return;
    }
    const ua = this.charges.sleepUa[this.mode];
    const fj = Math.round((ua * this.vcc * 1e9 * span) / this.mclkHz);
    this.charge('sleep', fj);
    this.addTime(this.mode, span, fj);
    for (const b of this.openBuckets) addEnergy(b, span, fj);
  }

  private sync(): void {
    if (this.machine !== null) this.chargeTime(this.machine.cycles);
  }

  private charge(component: Component, fj: number): void {
    if (fj === 0) return;
    this.componentFj[component] += fj;
    this.totalFj += fj;
  }

  private addTime(mode: PowerMode, cycles: number, fj: number): void {
    const t = this.modeTotals[mode];
    const s = cycles / this.mclkHz;
    t.cycles += cycles;
    t.seconds += s;
    t.fj += fj;
    this.seconds += s;
    this.cycles += cycles;
  }

  private clearPending(): void {
    this.pendingCount.fill(0);
    this.pendingWaits.fill(0);
    this.pendingFj.fill(0);
    this.pendingMpyFj = 0;
    if (this.pendingMpy.length > 0) this.pendingMpy = [];
  }

  // ---- attribution ---------------------------------------------------------------------------

  private site(pc: number, ins: Instruction): Site {
    let s = this.sites.get(pc);
    if (s !== undefined && s.ins === ins) return s;
    const cls = this.bucket(this.classes, instructionClass(ins));
    if (s !== undefined) {
      // The code at pc changed (self-modifying code): keep the counts, reclassify.
      s.ins = ins;
      s.cls = cls;
      return s;
    }
    const range = this.rangeAt(pc);
    const fn = range === undefined ? null : this.functionBucket(range);
    s = { address: pc, ins, cls, fn, count: 0, cycles: 0, fj: 0 };
    this.sites.set(pc, s);
    return s;
  }

  private rangeAt(address: number): FunctionRange | undefined {
    const r = this.ranges;
    let lo = 0;
    let hi = r.length - 1;
    let found: FunctionRange | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = r[mid]!;
      if (m.start <= address) {
        found = m;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found !== undefined && address < found.end ? found : undefined;
  }

  private functionBucket(range: FunctionRange): FunctionBucket {
    let b = this.functions.get(range.name);
    if (b === undefined) {
      b = { name: range.name, start: range.start, calls: 0, count: 0, cycles: 0, fj: 0 };
      this.functions.set(range.name, b);
    }
    return b;
  }

  private bucket(map: Map<string, Bucket>, key: string): Bucket {
    let b = map.get(key);
    if (b === undefined) {
      b = newBucket();
      map.set(key, b);
    }
    return b;
  }
}

/** One more execution (or event) of `b`. */
function add(b: Bucket, cycles: number, fj: number): void {
  b.count++;
  addEnergy(b, cycles, fj);
}

/** Energy and cycles without counting an event (regions, interrupt entries of a function). */
function addEnergy(b: Bucket, cycles: number, fj: number): void {
  b.cycles += cycles;
  b.fj += fj;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
