/**
 * The assembled chip: CPU + bus + peripherals of a chip configuration, with loading, reset,
 * stepping, running to a stop reason, interrupts, low-power modes and observer hooks.
 *
 * Follows UG367 §1.2.1 (BOR: PC from the reset vector, SR = 0), §1.3.4 (interrupt acceptance:
 * priority by vector address, 6 cycles, the instruction after EINT always runs), §1.4 (LPM0–4:
 * the CPU sleeps until an enabled interrupt) and §1.16.1 (a blank reset vector sends the device
 * to LPM4). Observers only listen: with none attached they cost nothing.
 *
 * Zero-cost rule (docs/peripherals.md): an instruction that touches the host port costs 0 cycles;
 * the bus flags the access and `Cpu.step` refunds the instruction, so programs that never touch
 * the port pay one boolean test per instruction.
 */

import { Bus, type BusEvent, type BusListener } from '../bus/bus.js';
import type { ChipConfig } from '../chips/fr5994.js';
import type { FramTiming } from '../bus/bus.js';
import { Cpu, type CpuFault, type CpuWarning } from '../cpu/cpu.js';
import {
  CPUOFF,
  GIE,
  LPM_BITS,
  OSCOFF,
  powerMode,
  SCG0,
  SCG1,
  type PowerMode,
} from '../cpu/registers.js';
import { INTERRUPT_CYCLES, type Instruction } from '../isa/index.js';
import type { MemoryImage } from '../image/image.js';
import type {
  Peripheral,
  PeripheralContext,
  PeripheralEvent,
  ResetCause,
} from '../peripherals/peripheral.js';
import { fail, ok, type Result } from '../result.js';

export type StopReason = 'halt' | 'exit' | 'fault' | 'budget' | 'breakpoint';

export interface RunOptions {
  /** Cycle budget for this call; the run stops with 'budget' once it is used up. */
  readonly maxCycles: number;
  readonly maxInstructions?: number;
  /** Stop before executing an instruction at one of these addresses (not the first one). */
  readonly breakpoints?: Iterable<number>;
}

export interface RunResult {
  readonly reason: StopReason;
  /** PC after the stop: the next instruction to run (the faulting one for 'fault'). */
  readonly pc: number;
  /** Totals since reset. */
  readonly cycles: number;
  readonly instructions: number;
  readonly exitCode?: number;
  readonly fault?: CpuFault;
}

export interface LoadError {
  readonly kind: 'load';
  readonly address: number;
  readonly length: number;
  readonly message: string;
  readonly segment?: string;
}

/** Events observers can subscribe to. */
export interface MachineEvents {
  /**
   * `cycles`: what the instruction cost; 0 for a host-port instruction, whose cycles the
   * zero-cost rule refunded (`refunded`, 0 for every other instruction).
   */
  instruction: {
    readonly pc: number;
    readonly ins: Instruction;
    readonly cycles: number;
    readonly refunded: number;
  };
  mode: { readonly from: PowerMode; readonly to: PowerMode; readonly cycle: number };
  /** `cycle` is after the entry; `cycles` the entry's own (6 + FRAM wait states). */
  interrupt: {
    readonly vector: number;
    readonly pc: number;
    readonly cycle: number;
    readonly cycles: number;
  };
  reset: { readonly cause: ResetCause | 'bor'; readonly cycle: number };
  /** Vacant, read-only or unmodelled accesses, peripheral reports and errata warnings. */
  event: BusEvent | PeripheralEvent | CpuWarning;
  /** A byte the program wrote to the host port's character output. */
  output: { readonly byte: number };
  /** The program entered or left a named region through the host port. */
  region: { readonly name: string; readonly enter: boolean; readonly cycle: number };
}

export interface MachineOptions {
  /** Attach the chip's peripherals (default true); false gives a bare CPU + memory. */
  readonly peripherals?: boolean;
}

type Listener<K extends keyof MachineEvents> = (payload: MachineEvents[K]) => void;

/**
 * The `instruction` event without its payload object, for observers that look at every
 * instruction (the energy model): same values, same moment, nothing allocated.
 */
export interface InstructionSink {
  instruction(pc: number, ins: Instruction, cycles: number, refunded: number): void;
}

/** How `runObserved` ended. */
const Batch = { Done: 0, Fault: 1, Breakpoint: 2 } as const;

/** A peripheral that wants to know when the CPU accepted its interrupt (single-source flags). */
export interface InterruptAcknowledge {
  acknowledgeInterrupt(vector: number): void;
}

function canAcknowledge(p: Peripheral): p is Peripheral & InterruptAcknowledge {
  return typeof (p as Partial<InterruptAcknowledge>).acknowledgeInterrupt === 'function';
}

const VECTOR_BASE = 0xff80;
const VECTOR_COUNT = 64;
const RESET_VECTOR = 0xfffe;
const LPM4 = CPUOFF | OSCOFF | SCG0 | SCG1;

export class Machine {
  readonly bus: Bus;
  readonly cpu: Cpu;
  /** Running totals since the last reset. */
  cycles = 0;
  instructions = 0;

  private readonly peripherals: Peripheral[] = [];
  private readonly timed: Peripheral[] = [];
  private nextEvent = Infinity;
  private readonly pending = new Uint8Array(VECTOR_COUNT);
  private pendingCount = 0;
  private readonly nonMaskable: ReadonlySet<number>;
  private resetRequest: ResetCause | null = null;
  private exitCode: number | null = null;
  private readonly listeners: { [K in keyof MachineEvents]: Listener<K>[] } = {
    instruction: [],
    mode: [],
    interrupt: [],
    reset: [],
    event: [],
    output: [],
    region: [],
  };
  private readonly sinks: InstructionSink[] = [];
  /** Peripheral context handed to every peripheral. */
  readonly context: PeripheralContext;

  private fram: FramTiming | null = null;
  private framWaits: (() => boolean) | null = null;
  private framActive = false;

  constructor(
    readonly chip: ChipConfig,
    options: MachineOptions = {},
  ) {
    this.bus = new Bus(chip.memory);
    this.cpu = new Cpu(this.bus);
    this.nonMaskable = new Set(chip.nonMaskableVectors);
    this.bus.onPeripheralAccess = () => this.repoll();
    this.bus.onEvent = (e) => this.emit('event', e);
    this.cpu.onWarning = (w) => this.emit('event', w);
    this.cpu.onPeripheralFetch = () => this.requestReset('peripheral-fetch');
    this.context = {
      now: () => this.cycles,
      setInterrupt: (vector, pending) => this.setInterrupt(vector, pending),
      requestReset: (cause) => this.requestReset(cause),
      report: (event) => this.emit('event', event),
    };
    if (options.peripherals !== false && chip.createPeripherals) {
      const set = chip.createPeripherals(this.context, {
        exit: (code) => this.requestExit(code),
        putChar: (byte) => this.emit('output', { byte }),
        enterRegion: (name, cycle) => this.emit('region', { name, enter: true, cycle }),
        leaveRegion: (name, cycle) => this.emit('region', { name, enter: false, cycle }),
        readByte: (address) => this.readByte(address),
      });
      for (const p of set.all) this.attach(p);
      this.fram = set.fram;
      this.framWaits = set.framWaits;
    }
    this.reset();
  }

  /**
   * FRAM accesses go through the controller while a miss costs wait states or an observer
   * listens; otherwise the bus serves FRAM directly (the fast path).
   */
  private updateFramTiming(): void {
    if (this.fram === null) return;
    const active = this.framWaits!() || this.bus.observed;
    if (active === this.framActive) return;
    this.framActive = active;
    this.bus.setFramTiming(active ? this.fram : null);
  }

  /**
   * Program the clock system and FRAM wait states for MCLK = `hz` the way start-up firmware does
   * (the CS and FRCTL register writes of the chip's `clockSettings`); delays are not charged.
   */
  configureClock(hz: number): Result<void, string> {
    if (!this.chip.clockSettings) return fail('this chip has no clock settings');
    let steps;
    try {
      steps = this.chip.clockSettings(hz);
    } catch (e) {
      return fail(e instanceof Error ? e.message : String(e));
    }
    for (const step of steps) {
      if (step.kind === 'write16') this.bus.write16(step.address, step.value);
      else if (step.kind === 'write8') this.bus.write8(step.address, step.value);
    }
    this.bus.waitCycles = 0;
    this.bus.zeroCostAccess = false;
    return ok(undefined);
  }

  // ---- configuration ---------------------------------------------------------------------------

  /** Attach a peripheral to the bus; it receives `context` through its own constructor. */
  attach(peripheral: Peripheral): void {
    this.peripherals.push(peripheral);
    this.bus.attachPeripheral(peripheral);
    if (peripheral.nextEventCycle) this.timed.push(peripheral);
    this.repoll();
  }

  /** The attached peripheral named `name` (`CS`, `FRCTL_A`, `MPY32`, …), for observers. */
  peripheral(name: string): Peripheral | undefined {
    return this.peripherals.find((p) => p.name === name);
  }

  /** Stop the run after the current instruction with reason 'exit' (host port, test harness). */
  requestExit(code: number): void {
    this.exitCode = code;
    this.cpu.attention = true;
  }

  on<K extends keyof MachineEvents>(kind: K, listener: Listener<K>): () => void {
    const list = this.listeners[kind] as Listener<K>[];
    list.push(listener);
    return () => {
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
    };
  }

  /** Receive every instruction like `on('instruction')`, without a payload object. */
  observeInstructions(sink: InstructionSink): () => void {
    this.sinks.push(sink);
    return () => {
      const i = this.sinks.indexOf(sink);
      if (i >= 0) this.sinks.splice(i, 1);
    };
  }

  /** Observe bus traffic (fetch/read/write with memory class). */
  onAccess(listener: BusListener): () => void {
    const remove = this.bus.addListener(listener);
    this.updateFramTiming();
    return () => {
      remove();
      this.updateFramTiming();
    };
  }

  private emit<K extends keyof MachineEvents>(kind: K, payload: MachineEvents[K]): void {
    const list = this.listeners[kind] as Listener<K>[];
    for (const l of list) l(payload);
  }

  // ---- memory and registers ----------------------------------------------------------------------

  /** Copy an image into memory. Segments must lie in loadable memory (FRAM, SRAM, tiny RAM). */
  load(image: MemoryImage): Result<void, LoadError> {
    const errors: LoadError[] = [];
    for (const seg of image.segments) {
      const bad = this.checkLoadable(seg.address, seg.data.length);
      if (bad !== null) {
        errors.push({
          kind: 'load',
          address: seg.address,
          length: seg.data.length,
          message: bad,
          ...(seg.name !== undefined ? { segment: seg.name } : {}),
        });
      }
    }
    if (errors.length > 0) return fail(...errors);
    for (const seg of image.segments) this.bus.load(seg.address, seg.data);
    return ok(undefined);
  }

  private checkLoadable(address: number, length: number): string | null {
    let a = address;
    const end = address + length;
    if (address < 0 || end > 0x100000) return 'segment lies outside the 20-bit address space';
    while (a < end) {
      const region = this.bus.region(a);
      const hex = `0x${a.toString(16).padStart(5, '0')}`;
      if (region === undefined) return `address ${hex} is vacant memory`;
      if (!region.loadable) return `address ${hex} is in ${region.name}, which cannot be loaded`;
      a = region.end + 1;
    }
    return null;
  }

  readByte(address: number): number {
    return this.bus.hostRead8(address);
  }

  readWord(address: number): number {
    const a = address & 0xffffe;
    return this.bus.hostRead8(a) | (this.bus.hostRead8(a + 1) << 8);
  }

  /** A 20-bit value stored as two words (UG367 Fig. 4-30). */
  readAddressWord(address: number): number {
    return this.readWord(address) | ((this.readWord(address + 2) & 0xf) << 16);
  }

  readBytes(address: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.bus.hostRead8(address + i);
    return out;
  }

  /** Host write into memory (not peripherals), ignoring write protection. */
  writeBytes(address: number, data: Uint8Array | readonly number[]): void {
    this.bus.load(address, Uint8Array.from(data));
  }

  writeWord(address: number, value: number): void {
    this.writeBytes(address & 0xffffe, [value & 0xff, (value >> 8) & 0xff]);
  }

  register(n: number): number {
    return this.cpu.regs[n] ?? 0;
  }

  setRegister(n: number, value: number): void {
    this.cpu.setRegister(n, value);
  }

  /** R0–R15 as numbers. */
  registers(): number[] {
    return Array.from(this.cpu.regs);
  }

  get pc(): number {
    return this.cpu.pc;
  }

  get mode(): PowerMode {
    return powerMode(this.cpu.sr);
  }

  // ---- reset, interrupts, peripherals -------------------------------------------------------

  /**
   * BOR: registers cleared, SR = 0, peripherals back to reset values, PC from 0xFFFE. A blank
   * reset vector (0xFFFF) leaves the device in LPM4 (UG367 §1.16.1).
   */
  reset(cause: ResetCause | 'bor' = 'bor'): void {
    this.cpu.reset();
    this.pending.fill(0);
    this.pendingCount = 0;
    this.resetRequest = null;
    this.exitCode = null;
    if (cause === 'bor') {
      this.cycles = 0;
      this.instructions = 0;
    }
    for (const p of this.peripherals) p.reset();
    this.repoll();
    const vector = this.readWord(RESET_VECTOR);
    if (vector === 0xffff) {
      this.cpu.regs[0] = RESET_VECTOR;
      this.cpu.regs[2] = LPM4;
    } else {
      this.cpu.regs[0] = vector & 0xfffe;
    }
    this.emit('reset', { cause, cycle: this.cycles });
  }

  /** Start at `address` instead of the reset vector (CLI --entry, tests). */
  setEntry(address: number): void {
    this.cpu.regs[0] = address & 0xffffe;
    this.cpu.regs[2] = this.cpu.regs[2]! & ~LPM_BITS;
    this.cpu.attention = true;
  }

  setInterrupt(vector: number, pending: boolean): void {
    const i = (vector - VECTOR_BASE) >> 1;
    if (i < 0 || i >= VECTOR_COUNT) return;
    const now = pending ? 1 : 0;
    if (this.pending[i] === now) return;
    this.pending[i] = now;
    this.pendingCount += pending ? 1 : -1;
    this.cpu.attention = true;
  }

  private requestReset(cause: ResetCause): void {
    this.resetRequest = cause;
    this.cpu.attention = true;
  }

  /**
   * Recompute the earliest peripheral event after any peripheral access. An event moved earlier
   * (a timer armed) ends the running batch, whose limit was the old event.
   */
  private repoll(): void {
    let next = Infinity;
    for (const p of this.timed) next = Math.min(next, p.nextEventCycle!());
    if (next < this.nextEvent) this.cpu.attention = true;
    this.nextEvent = next;
    this.updateFramTiming();
  }

  private advancePeripherals(): void {
    for (const p of this.timed) p.advance?.(this.cycles);
    this.repoll();
  }

  /** Highest-priority acceptable pending vector, or -1. */
  private acceptableVector(): number {
    if (this.pendingCount === 0) return -1;
    const gie = (this.cpu.sr & GIE) !== 0;
    for (let i = VECTOR_COUNT - 1; i >= 0; i--) {
      if (this.pending[i] === 0) continue;
      const vector = VECTOR_BASE + 2 * i;
      if (gie || this.nonMaskable.has(vector)) return vector;
    }
    return -1;
  }

  private acceptInterrupt(vector: number): void {
    const from = this.mode;
    const pc = this.cpu.pc;
    this.cpu.interrupt(vector);
    const cycles = INTERRUPT_CYCLES + this.bus.waitCycles;
    this.cycles += cycles;
    this.bus.waitCycles = 0;
    for (const p of this.peripherals) if (canAcknowledge(p)) p.acknowledgeInterrupt(vector);
    this.emit('interrupt', { vector, pc, cycle: this.cycles, cycles });
    this.modeChanged(from);
  }

  private modeChanged(from: PowerMode): void {
    const to = this.mode;
    if (to !== from) this.emit('mode', { from, to, cycle: this.cycles });
  }

  // ---- running -------------------------------------------------------------------------------

  /** Execute one instruction (or accept one interrupt); returns the cycles it took. */
  step(): number {
    const before = this.cycles;
    this.run({ maxCycles: 1, maxInstructions: 1 });
    return this.cycles - before;
  }

  run(options: RunOptions): RunResult {
    const cycleLimit = this.cycles + options.maxCycles;
    const instructionLimit = this.instructions + (options.maxInstructions ?? Infinity);
    const breakpoints = options.breakpoints ? new Set(options.breakpoints) : null;
    const cpu = this.cpu;
    let first = true;
    cpu.fault = null;
    // The instruction after one that set GIE runs before any interrupt (UG367 §4.6.2.20).
    let inhibit = false;

    for (;;) {
      if (this.cycles >= cycleLimit || this.instructions >= instructionLimit) {
        return this.result('budget');
      }
      if (this.cycles >= this.nextEvent) this.advancePeripherals();
      if (this.exitCode !== null) return this.result('exit');
      if (this.resetRequest !== null) this.reset(this.resetRequest);

      // While an interrupt waits out the instruction after EINT, the batch is that instruction.
      let batchLimit = instructionLimit;
      if (!inhibit) {
        const vector = this.acceptableVector();
        if (vector >= 0) {
          this.acceptInterrupt(vector);
          continue;
        }
      } else if (this.pendingCount > 0) {
        batchLimit = Math.min(instructionLimit, this.instructions + 1);
      }
      inhibit = false;

      if (cpu.sleeping) {
        const wake = Math.min(this.nextEvent, cycleLimit);
        if (!cpu.interruptsEnabled || this.nextEvent === Infinity) return this.result('halt');
        this.cycles = Math.max(this.cycles, wake);
        continue;
      }

      if (breakpoints !== null && !first && breakpoints.has(cpu.pc)) {
        return this.result('breakpoint');
      }
      first = false;

      cpu.attention = false;
      const limit = Math.min(cycleLimit, this.nextEvent);
      if (breakpoints !== null || this.sinks.length > 0 || this.listeners.instruction.length > 0) {
        const end = this.runObserved(limit, batchLimit, breakpoints);
        if (end === Batch.Fault) return this.result('fault');
        if (end === Batch.Breakpoint) return this.result('breakpoint');
      } else if (this.runFast(limit, batchLimit)) {
        return this.result('fault');
      }
      if (cpu.attention) {
        const gieWasOff = (this.srBefore & GIE) === 0;
        inhibit = gieWasOff && cpu.interruptsEnabled;
        if (powerMode(this.srBefore) !== this.mode) this.modeChanged(powerMode(this.srBefore));
      }
    }
  }

  private srBefore = 0;

  /**
   * The hot loop: steps until a limit is reached or the CPU asks for attention. Returns true on
   * a fault.
   */
  private runFast(cycleLimit: number, instructionLimit: number): boolean {
    const cpu = this.cpu;
    const regs = cpu.regs;
    let instructions = this.instructions;
    let fault = false;
    // `this.cycles` stays current: peripherals stamp their accesses with `context.now()`.
    do {
      this.srBefore = regs[2]!;
      const c = cpu.step();
      if (c === 0 && cpu.fault !== null) {
        fault = true;
        break;
      }
      this.cycles += c;
      instructions++;
    } while (!cpu.attention && this.cycles < cycleLimit && instructions < instructionLimit);
    this.instructions = instructions;
    return fault;
  }

  /**
   * The loop with observers: like `runFast`, plus the `instruction` event and sinks after each
   * instruction and a breakpoint check before each one but the first.
   */
  private runObserved(
    cycleLimit: number,
    instructionLimit: number,
    breakpoints: ReadonlySet<number> | null,
  ): number {
    const cpu = this.cpu;
    const regs = cpu.regs;
    const sinks = this.sinks;
    const events = this.listeners.instruction;
    let first = true;
    do {
      const pc = regs[0]!;
      if (breakpoints !== null && !first && breakpoints.has(pc)) return Batch.Breakpoint;
      first = false;
      this.srBefore = regs[2]!;
      cpu.refunded = 0;
      const c = cpu.step();
      if (c === 0 && cpu.fault !== null) return Batch.Fault;
      this.cycles += c;
      this.instructions++;
      if (sinks.length > 0 || events.length > 0) {
        const ins = cpu.instructionAt(pc);
        if ('form' in ins) {
          const refunded = cpu.refunded;
          for (const sink of sinks) sink.instruction(pc, ins, c, refunded);
          if (events.length > 0) this.emit('instruction', { pc, ins, cycles: c, refunded });
        }
      }
    } while (!cpu.attention && this.cycles < cycleLimit && this.instructions < instructionLimit);
    return Batch.Done;
  }

  private result(reason: StopReason): RunResult {
    const base = {
      reason,
      pc: this.cpu.pc,
      cycles: this.cycles,
      instructions: this.instructions,
    };
    if (reason === 'exit') return { ...base, exitCode: this.exitCode ?? 0 };
    if (reason === 'fault' && this.cpu.fault) return { ...base, fault: this.cpu.fault };
    return base;
  }
}
