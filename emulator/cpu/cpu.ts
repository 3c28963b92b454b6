/**
 * The CPUXv2 core of the MSP430FR5994: registers, execution by operation id, interrupts entry
 * and RETI.
 *
 * Semantics follow UG367 ch. 4: registers and write widths §4.3, address arithmetic §4.4 (MSP430
 * instructions keep indexed operands in the lower 64 KB when the base is there; MSP430X forms
 * add 20-bit indexes), flags §4.6.2–4.6.4, stack layouts for 20-bit values Fig. 4-2/4-4/4-30,
 * repeat and ZC §4.6.3 / Table 4-11. Cycle counts come from `instructionCycles` (emulator/isa);
 * the bus adds FRAM wait states. See docs/cpu.md for the decisions on open questions.
 *
 * Each address is decoded once into an `Entry` (numeric fields, one shape for every
 * instruction) kept in a cache indexed by address / 2; the bus tells the CPU when a write hits
 * cached code.
 */

import type { Bus } from '../bus/bus.js';
import { MemoryClass } from '../bus/memory-map.js';
import {
  decode,
  instructionCycles,
  Mode as IsaMode,
  Op as IsaOp,
  Format as IsaFormat,
  type Instruction,
} from '../isa/index.js';
import * as R from './registers.js';

// Local copies of imported constants: module-namespace bindings can compile to getter calls
// (tsx/esbuild), which cost a call per use in the hot path.
const Mode = { ...IsaMode };
const Op = { ...IsaOp };
const Format = { ...IsaFormat };
const C = R.C;
const Z = R.Z;
const N = R.N;
const V = R.V;
const GIE = R.GIE;
const CPUOFF = R.CPUOFF;
const SCG0 = R.SCG0;

/** An instruction the CPU cannot execute: never run as a NOP. */
export interface CpuFault {
  readonly kind: 'fault';
  readonly pc: number;
  readonly word: number;
  readonly reason: string;
}

/** Errata conditions seen in the program (UG367 errata sheet SLAZ681). */
export interface CpuWarning {
  readonly kind: 'erratum';
  readonly id: 'CPU22' | 'CPU40';
  readonly pc: number;
  readonly message: string;
}

const ADDR = 0xfffff;

/** One decoded instruction in the form the executor wants. */
class Entry {
  constructor(
    readonly ins: Instruction,
    readonly op: number,
    readonly size: number,
    readonly mask: number,
    readonly msb: number,
    /** Source mode, register and value; mode -1 when there is no source. */
    readonly sm: number,
    readonly sr: number,
    readonly sv: number,
    readonly dm: number,
    readonly dr: number,
    readonly dv: number,
    /** MSP430X address arithmetic (20-bit index sums). */
    readonly x: boolean,
    readonly length: number,
    /** Value a source `PC` reads: the address after the opcode word. */
    readonly pcOffset: number,
    /** Table cycles for one execution. */
    readonly cycles: number,
    /** 0: no repeat; > 0: executions; < 0: -(register + 1) holding n − 1. */
    readonly repeat: number,
    readonly zeroCarry: boolean,
    /** Every word of the instruction lies in FRAM (one fetch-cost call at 16 MHz). */
    readonly allFram: boolean,
  ) {}
}

function entryFor(ins: Instruction, allFram: boolean): Entry {
  const size = ins.size;
  const mask = size === 8 ? 0xff : size === 16 ? 0xffff : ADDR;
  const msb = size === 8 ? 0x80 : size === 16 ? 0x8000 : 0x80000;
  const f = ins.form.format;
  const extended = f === Format.XI || f === Format.XII;
  const x = f !== Format.I && f !== Format.II && f !== Format.Jump && f !== Format.Reti;
  let repeat = 0;
  if (ins.repeat?.kind === 'count') repeat = ins.repeat.n;
  else if (ins.repeat?.kind === 'register') repeat = -(ins.repeat.reg + 1);
  else if (ins.zeroCarry) repeat = 1;
  const s = ins.src;
  const d = ins.dst;
  return new Entry(
    ins,
    ins.form.op,
    size,
    mask,
    msb,
    s ? s.mode : -1,
    s ? s.reg : 0,
    s ? s.value : 0,
    d ? d.mode : -1,
    d ? d.reg : 0,
    d ? d.value : 0,
    x,
    ins.length,
    extended ? 4 : 2,
    instructionCycles(ins, repeat > 0 ? repeat : 1),
    repeat,
    ins.zeroCarry,
    allFram,
  );
}

export class Cpu {
  /** R0–R15; PC, SP and R4–R15 hold 20 bits, SR 16 bits, R3 stays 0. */
  readonly regs = new Int32Array(16);
  /** Set when an instruction could not be decoded; the machine stops. */
  fault: CpuFault | null = null;
  /**
   * Set when the machine must look before the next instruction: SR was written (GIE, CPUOFF),
   * a fault occurred, or the machine raised it (interrupt request, exit, reset).
   */
  attention = false;
  /** Errata and fetch problems seen while decoding. */
  onWarning: ((warning: CpuWarning) => void) | null = null;
  /**
   * Cycles the last instruction was refunded under the host port's zero-cost rule (0 for every
   * other instruction); the machine reads and clears it for its observers.
   */
  refunded = 0;
  /** An instruction was fetched from the peripheral space: UG367 §1.9 says PUC. */
  onPeripheralFetch: ((pc: number) => void) | null = null;

  private readonly cache: (Entry | undefined)[] = new Array<Entry | undefined>(0x80000).fill(
    undefined,
  );
  private pc0 = 0;

  constructor(private readonly bus: Bus) {
    bus.onCodeWrite = (address) => this.invalidate(address);
  }

  // ---- public state ---------------------------------------------------------------------------

  get pc(): number {
    return this.regs[0]!;
  }

  get sr(): number {
    return this.regs[2]!;
  }

  /**
   * Address of the instruction executing now, or of the last one executed between instructions:
   * `pc` has already moved past it while its operands are accessed. Observers of bus events use
   * it to name the instruction that caused an access.
   */
  get instructionPc(): number {
    return this.pc0;
  }

  /** Back to the BOR register state (UG367 §1.2.1: SR = 0); the caller loads PC. */
  reset(): void {
    this.regs.fill(0);
    this.fault = null;
    this.attention = true;
  }

  /** Set a register as a debugger would, with the width rules of §4.3. */
  setRegister(n: number, value: number): void {
    this.writeReg(n, value & ADDR, 20);
    this.attention = true;
  }

  /** Drop every cached decode (e.g. after loading a new image). */
  flushCache(): void {
    this.cache.fill(undefined);
    this.bus.unmarkAllCode();
  }

  /** Decoded instruction at `address`, from the cache when present. */
  instructionAt(address: number): Instruction | CpuFault {
    const e = this.entry(address & 0xffffe);
    return e ? e.ins : this.takeFault();
  }

  private takeFault(): CpuFault {
    const f = this.fault!;
    this.fault = null;
    return f;
  }

  private invalidate(address: number): void {
    const w = address >> 1;
    // An instruction is at most 4 words long, so a written word can belong to the three before.
    for (let i = w - 3; i <= w; i++) if (i >= 0) this.cache[i] = undefined;
    this.bus.unmarkCode(address);
  }

  private entry(pc: number): Entry | undefined {
    const cached = this.cache[pc >> 1];
    if (cached !== undefined) return cached;
    const bus = this.bus;
    const decoded = decode((a) => bus.peek16(a), pc);
    if (!decoded.ok) {
      const e = decoded.errors[0]!;
      this.fault = { kind: 'fault', pc, word: e.word, reason: e.message };
      this.attention = true;
      return undefined;
    }
    let allFram = true;
    for (let a = pc; a < pc + decoded.value.length; a += 2) {
      allFram &&= bus.memoryClass(a) === MemoryClass.Fram;
    }
    const entry = entryFor(decoded.value, allFram);
    const memory = bus.memoryClass(pc);
    if (memory === MemoryClass.Peripheral) {
      this.onPeripheralFetch?.(pc);
      return entry;
    }
    if (memory === MemoryClass.Vacant || memory === MemoryClass.Rom) {
      bus.onEvent?.({ kind: 'vacant', access: 'fetch', address: pc, size: 16 });
    }
    this.checkErrata(entry, pc);
    this.cache[pc >> 1] = entry;
    bus.markCode(pc, entry.length);
    return entry;
  }

  private checkErrata(e: Entry, pc: number): void {
    if (this.onWarning === null) return;
    if (e.sm === Mode.Indirect && e.sr === 0 && e.op === Op.MOV && e.ins.form.format === Format.I) {
      this.onWarning({
        kind: 'erratum',
        id: 'CPU22',
        pc,
        message: 'MOV @PC,Rx skips the next word',
      });
    }
    if (e.ins.form.format === Format.Jump) {
      const next = this.bus.peek16(pc + 2);
      if ((next & 0xf0ef) === 0x0040) {
        const message = 'a jump followed by an RRxM with PC destination advances PC by 2 more';
        this.onWarning({ kind: 'erratum', id: 'CPU40', pc, message });
      }
    }
  }

  // ---- execution ------------------------------------------------------------------------------

  /**
   * Execute one instruction and return its MCLK cycles (table + wait states). An instruction
   * that touched a zero-cost peripheral (the host port) returns 0 and records its cycles in
   * `refunded`. On a fault it returns 0, leaves PC at the instruction and sets `fault`.
   */
  step(): number {
    const regs = this.regs;
    const pc = regs[0]!;
    let e = this.cache[pc >> 1];
    if (e === undefined) {
      e = this.entry(pc);
      if (e === undefined) return 0;
    }
    const bus = this.bus;
    if (bus.fetchObserved) bus.fetch(pc, e.length, e.allFram);
    this.pc0 = pc;
    regs[0] = (pc + e.length) & ADDR;
    let cycles = e.cycles;
    if (e.repeat === 0) this.exec(e);
    else cycles = this.repeat(e);
    if (bus.waitCycles !== 0) {
      cycles += bus.waitCycles;
      bus.waitCycles = 0;
    }
    if (bus.zeroCostAccess) {
      // Zero-cost rule (docs/peripherals.md): base cycles and every wait state refunded.
      bus.zeroCostAccess = false;
      this.refunded = cycles;
      return 0;
    }
    return cycles;
  }

  /** RPT #n / RPT Rn and ZC (UG367 §4.6.3, Table 4-11): n executions, n + 1 cycles. */
  private repeat(e: Entry): number {
    const n = e.repeat > 0 ? e.repeat : (this.regs[-e.repeat - 1]! & 0xf) + 1;
    for (let i = 0; i < n; i++) {
      if (e.zeroCarry) this.regs[2] = this.regs[2]! & ~C;
      this.exec(e);
    }
    return e.repeat > 0 ? e.cycles : instructionCycles(e.ins, n);
  }

  private exec(e: Entry): void {
    switch (e.op) {
      case Op.MOV:
        this.mov(e);
        return;
      case Op.ADD:
      case Op.ADDC:
      case Op.SUBC:
      case Op.SUB:
      case Op.CMP:
      case Op.DADD:
      case Op.BIT:
      case Op.BIC:
      case Op.BIS:
      case Op.XOR:
      case Op.AND:
        this.twoOperand(e);
        return;
      case Op.RRC:
      case Op.SWPB:
      case Op.RRA:
      case Op.SXT:
        this.oneOperand(e);
        return;
      case Op.PUSH:
        this.push(e);
        return;
      case Op.CALL:
        this.call(e);
        return;
      case Op.RETI:
        this.reti();
        return;
      case Op.JNE:
      case Op.JEQ:
      case Op.JNC:
      case Op.JC:
      case Op.JN:
      case Op.JGE:
      case Op.JL:
      case Op.JMP:
        if (this.condition(e.op)) this.regs[0] = e.sv;
        return;
      case Op.MOVA:
        this.mov(e);
        return;
      case Op.CMPA:
      case Op.ADDA:
      case Op.SUBA:
        this.addressArithmetic(e);
        return;
      case Op.CALLA:
        this.calla(e);
        return;
      case Op.PUSHM:
        this.pushm(e);
        return;
      case Op.POPM:
        this.popm(e);
        return;
      case Op.RRCM:
      case Op.RRAM:
      case Op.RLAM:
      case Op.RRUM:
        this.shiftM(e);
        return;
    }
  }

  // ---- operand access: the one read/write pair for every addressing mode ---------------------

  private load(address: number, size: number): number {
    if (size === 16) return this.bus.read16(address);
    if (size === 8) return this.bus.read8(address);
    return this.bus.read20(address);
  }

  private store(address: number, value: number, size: number): void {
    if (size === 16) this.bus.write16(address, value);
    else if (size === 8) this.bus.write8(address, value);
    else this.bus.write20(address, value);
  }

  /** `X(Rn)`: MSP430 sums stay in 64 KB when the base is there; MSP430X sums are 20-bit. */
  private indexed(r: number, index: number, x: boolean): number {
    const base = r === 0 ? this.pc0 + 2 : this.regs[r]!;
    if (x || base > 0xffff) return (base + index) & ADDR;
    return (base + index) & 0xffff;
  }

  /** Register value as a source: PC reads as the address after the opcode word. */
  private sourceReg(r: number, e: Entry): number {
    return r === 0 ? (this.pc0 + e.pcOffset) & ADDR : this.regs[r]!;
  }

  /** Effective address of a memory source, applying @Rn+ increments. */
  private sourceAddress(e: Entry): number {
    switch (e.sm) {
      case Mode.Indexed:
        return this.indexed(e.sr, e.sv, e.x);
      case Mode.Symbolic:
      case Mode.Absolute:
        return e.sv;
      case Mode.Indirect:
        return this.sourceReg(e.sr, e);
      default: {
        // Mode.IndirectInc: +1 (.B, but +2 for SP), +2 (.W), +4 (.A)
        const r = e.sr;
        const a = this.regs[r]!;
        const step = e.size === 20 ? 4 : e.size === 16 || r === 1 ? 2 : 1;
        this.regs[r] = (a + step) & ADDR;
        return a;
      }
    }
  }

  private readSource(e: Entry): number {
    const m = e.sm;
    if (m === Mode.Register) return this.sourceReg(e.sr, e) & e.mask;
    if (m === Mode.Constant || m === Mode.Immediate) return e.sv & e.mask;
    return this.load(this.sourceAddress(e), e.size);
  }

  private destinationAddress(e: Entry): number {
    return e.dm === Mode.Indexed ? this.indexed(e.dr, e.dv, e.x) : e.dv;
  }

  /** Register value as a destination operand: R3 reads 0, PC the next instruction. */
  private readReg(r: number, mask: number): number {
    return r === 3 ? 0 : this.regs[r]! & mask;
  }

  /** Register write with the width rules of UG367 §4.3; `value` is already masked to `size`. */
  private writeReg(r: number, value: number, size: number): void {
    if (r > 3) {
      this.regs[r] = value;
      return;
    }
    switch (r) {
      case 0:
        this.regs[0] = value & 0xffffe;
        return;
      case 1:
        this.regs[1] = value & 0xffffe;
        return;
      case 2:
        this.regs[2] = value & 0xffff & (size === 8 ? 0xff : 0xffff);
        this.attention = true;
        return;
      default:
        return;
    }
  }

  private setFlags(n: boolean, z: boolean, c: boolean, v: boolean): void {
    this.regs[2] =
      (this.regs[2]! & ~(C | Z | N | V)) | (c ? C : 0) | (z ? Z : 0) | (n ? N : 0) | (v ? V : 0);
  }

  // ---- Format I and address instructions -----------------------------------------------------

  /** MOV, MOVA: no flags. */
  private mov(e: Entry): void {
    const value = this.readSource(e);
    if (e.dm === Mode.Register) this.writeReg(e.dr, value, e.size);
    else this.store(this.destinationAddress(e), value, e.size);
  }

  private twoOperand(e: Entry): void {
    const s = this.readSource(e);
    if (e.dm === Mode.Register) {
      const result = this.alu(e, s, this.readReg(e.dr, e.mask));
      if (e.op !== Op.CMP && e.op !== Op.BIT) this.writeReg(e.dr, result, e.size);
      return;
    }
    const a = this.destinationAddress(e);
    const result = this.alu(e, s, this.load(a, e.size));
    if (e.op !== Op.CMP && e.op !== Op.BIT) this.store(a, result, e.size);
  }

  /** The Format I operations (UG367 §4.6.2); returns the masked result. */
  private alu(e: Entry, s: number, d: number): number {
    const carry = this.regs[2]! & C;
    switch (e.op) {
      case Op.ADD:
        return this.add(e, s, d, 0);
      case Op.ADDC:
        return this.add(e, s, d, carry);
      case Op.SUB:
      case Op.CMP:
        return this.add(e, ~s & e.mask, d, 1);
      case Op.SUBC:
        return this.add(e, ~s & e.mask, d, carry);
      case Op.DADD:
        return this.dadd(e, s, d, carry);
      case Op.BIT:
      case Op.AND: {
        const r = s & d;
        this.setFlags((r & e.msb) !== 0, r === 0, r !== 0, false);
        return r;
      }
      case Op.BIC:
        return d & ~s & e.mask;
      case Op.BIS:
        return d | s;
      default: {
        // Op.XOR: V is set when both operands are negative.
        const r = s ^ d;
        this.setFlags((r & e.msb) !== 0, r === 0, r !== 0, (s & d & e.msb) !== 0);
        return r;
      }
    }
  }

  /** d + s + c with N, Z, C and V at the width of `e` (subtraction passes ~s and 1). */
  private add(e: Entry, s: number, d: number, c: number): number {
    const sum = s + d + c;
    const r = sum & e.mask;
    const v = ((s ^ r) & (d ^ r) & e.msb) !== 0;
    this.setFlags((r & e.msb) !== 0, r === 0, sum > e.mask, v);
    return r;
  }

  /** Decimal add, digit by digit with carry; V is left unchanged (UG367: undefined). */
  private dadd(e: Entry, s: number, d: number, carryIn: number): number {
    let carry = carryIn;
    let r = 0;
    for (let shift = 0; shift < e.size; shift += 4) {
      let digit = ((s >> shift) & 0xf) + ((d >> shift) & 0xf) + carry;
      carry = digit > 9 ? 1 : 0;
      if (carry) digit -= 10;
      r |= (digit & 0xf) << shift;
    }
    const sr = this.regs[2]! & ~(C | Z | N);
    this.regs[2] = sr | (carry ? C : 0) | (r === 0 ? Z : 0) | (r & e.msb ? N : 0);
    return r;
  }

  /** CMPA, ADDA, SUBA: 20-bit arithmetic with flags (UG367 §4.6.3). */
  private addressArithmetic(e: Entry): void {
    const s = this.readSource(e);
    const d = this.readReg(e.dr, ADDR);
    const result = e.op === Op.ADDA ? this.add(e, s, d, 0) : this.add(e, ~s & ADDR, d, 1);
    if (e.op !== Op.CMPA) this.writeReg(e.dr, result, 20);
  }

  // ---- Format II -------------------------------------------------------------------------------

  private oneOperand(e: Entry): void {
    if (e.sm === Mode.Register) {
      const r = e.sr;
      const value = this.unary(e, this.readReg(r, e.mask), true);
      this.writeReg(r, value, e.op === Op.SXT ? 20 : e.size);
      return;
    }
    const a = this.sourceAddress(e);
    this.store(a, this.unary(e, this.load(a, e.size), false), e.size);
  }

  /** RRC, RRA, SWPB, SXT (UG367 §4.6.2). SXT of a register extends through bit 19. */
  private unary(e: Entry, d: number, register: boolean): number {
    const msb = e.msb;
    switch (e.op) {
      case Op.RRC: {
        const r = (d >>> 1) | (this.regs[2]! & C ? msb : 0);
        this.setFlags((r & msb) !== 0, r === 0, (d & 1) !== 0, false);
        return r;
      }
      case Op.RRA: {
        const r = (d >>> 1) | (d & msb);
        this.setFlags((r & msb) !== 0, r === 0, (d & 1) !== 0, false);
        return r;
      }
      case Op.SWPB:
        return (d & 0xf0000) | ((d & 0xff) << 8) | ((d >> 8) & 0xff);
      default: {
        // Op.SXT
        const wide = d & 0x80 ? (d | 0xfff00) & ADDR : d & 0xff;
        const r = register || e.size === 20 ? wide : wide & e.mask;
        this.setFlags((r & 0x80) !== 0, r === 0, r !== 0, false);
        return r;
      }
    }
  }

  /** PUSH, PUSHX: the operand is read first, so PUSH SP stores SP before the decrement. */
  private push(e: Entry): void {
    const value = this.readSource(e);
    const sp = (this.regs[1]! - (e.size === 20 ? 4 : 2)) & ADDR;
    this.regs[1] = sp;
    this.store(sp, value, e.size);
  }

  /** CALL: 16-bit target, pushes the 16-bit return address (UG367 §4.6.2.9). */
  private call(e: Entry): void {
    const target = this.readSource(e);
    const sp = (this.regs[1]! - 2) & ADDR;
    this.regs[1] = sp;
    this.bus.write16(sp, this.regs[0]! & 0xffff);
    this.regs[0] = target & 0xfffe;
  }

  /** CALLA: 20-bit target; PC[19:16] at SP + 2, PC[15:0] at SP (UG367 Fig. 4-30). */
  private calla(e: Entry): void {
    const target = this.readSource(e);
    const sp = (this.regs[1]! - 4) & ADDR;
    this.regs[1] = sp;
    this.bus.write20(sp, this.regs[0]!);
    this.regs[0] = target & 0xffffe;
  }

  /** RETI: SR word (PC[19:16] in bits 15:12), then PC[15:0] (UG367 §4.6.2.40, Fig. 4-4). */
  private reti(): void {
    const regs = this.regs;
    const sp = regs[1]!;
    const word = this.bus.read16(sp);
    const low = this.bus.read16((sp + 2) & ADDR);
    regs[1] = (sp + 4) & ADDR;
    regs[2] = word & 0x0fff;
    regs[0] = (((word >> 12) & 0xf) << 16) | (low & 0xfffe);
    this.attention = true;
  }

  private condition(op: number): boolean {
    const sr = this.regs[2]!;
    switch (op) {
      case Op.JNE:
        return (sr & Z) === 0;
      case Op.JEQ:
        return (sr & Z) !== 0;
      case Op.JNC:
        return (sr & C) === 0;
      case Op.JC:
        return (sr & C) !== 0;
      case Op.JN:
        return (sr & N) !== 0;
      case Op.JGE:
        return ((sr & N) !== 0) === ((sr & V) !== 0);
      case Op.JL:
        return ((sr & N) !== 0) !== ((sr & V) !== 0);
      default:
        return true;
    }
  }

  // ---- PUSHM, POPM, RRxM -----------------------------------------------------------------------

  /** PUSHM: from the named (highest) register downwards; .A pushes 4 bytes each. */
  private pushm(e: Entry): void {
    const wide = e.size === 20;
    for (let i = 0; i < e.sv; i++) {
      const r = e.dr - i;
      const sp = (this.regs[1]! - (wide ? 4 : 2)) & ADDR;
      this.regs[1] = sp;
      const value = r === 3 ? 0 : this.regs[r]!;
      if (wide) this.bus.write20(sp, value);
      else this.bus.write16(sp, value & 0xffff);
    }
  }

  /** POPM: into the lowest register first, up to the highest; .W clears bits 19:16. */
  private popm(e: Entry): void {
    const wide = e.size === 20;
    for (let r = e.dr - e.sv + 1; r <= e.dr; r++) {
      const sp = this.regs[1]!;
      const value = wide ? this.bus.read20(sp) : this.bus.read16(sp);
      this.regs[1] = (sp + (wide ? 4 : 2)) & ADDR;
      this.writeReg(r, value, e.size);
    }
  }

  /** RRCM, RRAM, RLAM, RRUM #n (UG367 §4.6.3): C is the last bit shifted out, V is cleared. */
  private shiftM(e: Entry): void {
    const mask = e.mask;
    const msb = e.msb;
    let v = this.readReg(e.dr, mask);
    let c = (this.regs[2]! & C) !== 0;
    for (let i = 0; i < e.sv; i++) {
      switch (e.op) {
        case Op.RRCM: {
          const out = (v & 1) !== 0;
          v = (v >>> 1) | (c ? msb : 0);
          c = out;
          break;
        }
        case Op.RRAM:
          c = (v & 1) !== 0;
          v = (v >>> 1) | (v & msb);
          break;
        case Op.RLAM:
          c = (v & msb) !== 0;
          v = (v << 1) & mask;
          break;
        default:
          c = (v & 1) !== 0;
          v >>>= 1;
      }
    }
    this.setFlags((v & msb) !== 0, v === 0, c, false);
    this.writeReg(e.dr, v, e.size);
  }

  // ---- interrupts ------------------------------------------------------------------------------

  /**
   * Accept an interrupt (UG367 §1.3.4.1): push PC[15:0], push SR[11:0] with PC[19:16] in bits
   * 15:12, clear SR except SCG0, load the 16-bit vector. The caller charges INTERRUPT_CYCLES.
   */
  interrupt(vector: number): void {
    const regs = this.regs;
    const pc = regs[0]!;
    let sp = (regs[1]! - 2) & ADDR;
    this.bus.write16(sp, pc & 0xffff);
    sp = (sp - 2) & ADDR;
    this.bus.write16(sp, (regs[2]! & 0x0fff) | (((pc >> 16) & 0xf) << 12));
    regs[1] = sp;
    regs[2] = regs[2]! & SCG0;
    regs[0] = this.bus.read16(vector) & 0xfffe;
    this.attention = true;
  }

  /** True when SR says the CPU is off (any LPM). */
  get sleeping(): boolean {
    return (this.regs[2]! & CPUOFF) !== 0;
  }

  get interruptsEnabled(): boolean {
    return (this.regs[2]! & GIE) !== 0;
  }
}
