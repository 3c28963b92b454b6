/**
 * The system bus: one byte array for the 1 MB MSP430X address space, a memory class per byte,
 * peripheral dispatch for 0x0000–0x0FFF, vacant memory per UG367 §1.9, FRAM wait states through
 * a controller hook (UG367 §8.2.3) and access observers.
 *
 * Speed matters here: every data access of the CPU comes through `read16`/`write16`. A byte
 * table (`direct`) marks addresses that can be served straight from the array — SRAM always,
 * FRAM while no wait-state hook is attached — so the common case is one table load and two
 * array loads. Everything else (peripherals, vacant memory, FRAM with wait states, observed
 * accesses) takes the slow path. With no observer attached, observing costs nothing.
 *
 * Zero-cost peripherals (the host port) are peripherals, so their accesses already take the slow
 * path; there the bus raises `zeroCostAccess`, which the CPU checks once per instruction.
 *
 * 20-bit values in memory (UG367 Fig. 4-30, msp430x.md §5.7): low 16 bits at `addr`, bits 19:16
 * in the low nibble of the word at `addr + 2`; the other 12 bits are written as 0 and ignored on
 * read.
 */

import type { Peripheral } from '../peripherals/peripheral.js';
import {
  ADDRESS_MASK,
  ADDRESS_SPACE,
  MemoryClass as MapMemoryClass,
  type MemoryMap,
  type PeripheralBlock,
  type RegionSpec,
} from './memory-map.js';

/** Local copy: module-namespace bindings can compile to getters (tsx/esbuild). */
const MemoryClass = { ...MapMemoryClass };
type MemoryClass = MapMemoryClass;

/** Kind of bus access, as observers receive it. */
export const Access = { Fetch: 0, Read: 1, Write: 2 } as const;
export type Access = (typeof Access)[keyof typeof Access];

export const ACCESS_NAMES: readonly ['fetch', 'read', 'write'] = ['fetch', 'read', 'write'];

/** Access width in bits. */
export type AccessSize = 8 | 16 | 20;

/**
 * What the FRAM controller did with an access, as observers receive it: `None` outside FRAM (or
 * without a controller), `Hit`/`Miss` for a read served by / missing the read cache (a miss
 * reads the array), `Write` for a write to writable FRAM.
 */
export const FramOutcome = { None: 0, Hit: 1, Miss: 2, Write: 3 } as const;
export type FramOutcome = (typeof FramOutcome)[keyof typeof FramOutcome];

/** Observer of bus traffic (energy model, profiler). Must not change machine state. */
export interface BusListener {
  /**
   * One access. `fram` is the controller's outcome and `waitStates` the MCLK wait states the
   * access added to its instruction (both computed whether or not anyone listens).
   */
  access(
    kind: Access,
    address: number,
    size: AccessSize,
    memory: MemoryClass,
    fram: FramOutcome,
    waitStates: number,
  ): void;
}

/**
 * The FRAM controller's timing hook: MCLK wait states of FRAM accesses (NWAITS and the read
 * cache, UG367 §8.2.3), asked once per 16-bit word fetched, read or written in FRAM — or once per
 * instruction fetch (`fetchCost`) while nothing listens to the bus.
 */
export interface FramTiming {
  /** One word read; `isFetch` for instruction fetches. */
  readCost(address: number, isFetch: boolean): number;
  /** One word written to writable FRAM. */
  writeCost(address: number): number;
  /** `words` consecutive FRAM words of one instruction: the sum of their `readCost(a, true)`. */
  fetchCost(address: number, words: number): number;
  /** Whether the last read hit the read cache; asked only while a listener observes the bus. */
  readonly lastReadHit: boolean;
}

/** Something the bus reports instead of failing: vacant, read-only or unmodelled accesses. */
export type BusEvent =
  | {
      readonly kind: 'vacant';
      readonly access: 'read' | 'write' | 'fetch';
      readonly address: number;
      readonly size: AccessSize;
    }
  | {
      readonly kind: 'read-only';
      readonly region: string;
      readonly address: number;
      readonly size: AccessSize;
    }
  | {
      readonly kind: 'unmodelled';
      readonly block: string;
      readonly access: 'read' | 'write' | 'fetch';
      readonly address: number;
      readonly size: AccessSize;
    };

/** What UG367 §1.9 says a read of vacant memory returns. */
export const VACANT_WORD = 0x3fff;

const PERIPHERAL_SPACE = 0x1000;

export class Bus {
  /** The whole address space; FRAM starts as 0xFF, SRAM as 0. */
  readonly memory = new Uint8Array(ADDRESS_SPACE);
  /** 1 where an access can go straight to `memory`. */
  private readonly direct = new Uint8Array(ADDRESS_SPACE);
  /** Region index + 1 per byte, 0 for vacant. */
  private readonly regionIndex = new Uint8Array(ADDRESS_SPACE);
  /** Non-zero per 16-bit word that belongs to a cached decoded instruction. */
  private readonly codeMark = new Uint8Array(ADDRESS_SPACE >> 1);
  private readonly regions: readonly RegionSpec[];
  private readonly blocks: readonly PeripheralBlock[];
  private readonly peripheralAt: (Peripheral | undefined)[] = new Array<Peripheral | undefined>(
    PERIPHERAL_SPACE,
  ).fill(undefined);
  /** 1 where a peripheral access makes its instruction free (`Peripheral.zeroCost`). */
  private readonly zeroCostAt = new Uint8Array(PERIPHERAL_SPACE);
  private readonly blockAt: (PeripheralBlock | undefined)[] = new Array<
    PeripheralBlock | undefined
  >(PERIPHERAL_SPACE).fill(undefined);
  private readonly listeners: BusListener[] = [];
  private fram: FramTiming | null = null;

  /** Wait-state cycles accumulated since the CPU last collected them. */
  waitCycles = 0;
  /**
   * Set by an access to a zero-cost peripheral (the host port); the CPU clears it and refunds
   * the instruction's cycles.
   */
  zeroCostAccess = false;
  /** True when instruction fetches must be reported (wait states or observers). */
  fetchObserved = false;
  /** Called with the byte address of a write that hit a cached instruction. */
  onCodeWrite: ((address: number) => void) | null = null;
  /** Called after every peripheral access (the machine re-polls timers). */
  onPeripheralAccess: (() => void) | null = null;
  /** Receives vacant, read-only and unmodelled accesses. */
  onEvent: ((event: BusEvent) => void) | null = null;

  constructor(readonly map: MemoryMap) {
    this.regions = map.regions;
    this.blocks = map.peripheralBlocks;
    map.regions.forEach((r, i) => this.regionIndex.fill(i + 1, r.start, r.end + 1));
    for (const b of this.blocks) {
      for (let a = b.start; a <= Math.min(b.end, PERIPHERAL_SPACE - 1); a++) this.blockAt[a] = b;
    }
    this.clear();
    this.rebuildDirect();
  }

  /** Power-on contents: FRAM and ROM read as 0xFF, SRAM as 0. */
  clear(): void {
    this.memory.fill(0);
    for (const r of this.regions) {
      if (r.memory === MemoryClass.Fram) this.memory.fill(0xff, r.start, r.end + 1);
    }
  }

  // ---- configuration --------------------------------------------------------------------------

  attachPeripheral(p: Peripheral): void {
    for (let a = p.start; a <= p.end && a < PERIPHERAL_SPACE; a++) {
      this.peripheralAt[a] = p;
      this.zeroCostAt[a] = p.zeroCost === true ? 1 : 0;
    }
  }

  setFramTiming(timing: FramTiming | null): void {
    this.fram = timing;
    this.rebuildDirect();
  }

  addListener(listener: BusListener): () => void {
    this.listeners.push(listener);
    this.rebuildDirect();
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
      this.rebuildDirect();
    };
  }

  private rebuildDirect(): void {
    const observed = this.listeners.length > 0;
    this.fetchObserved = observed || this.fram !== null;
    this.direct.fill(0);
    for (const r of this.regions) {
      const plain =
        (r.memory === MemoryClass.Sram && !observed) ||
        (r.memory === MemoryClass.Fram && r.writable && !observed && this.fram === null);
      if (plain) this.direct.fill(1, r.start, r.end + 1);
    }
  }

  /** True while at least one listener observes bus traffic. */
  get observed(): boolean {
    return this.listeners.length > 0;
  }

  region(address: number): RegionSpec | undefined {
    const i = this.regionIndex[address & ADDRESS_MASK] ?? 0;
    return i === 0 ? undefined : this.regions[i - 1];
  }

  memoryClass(address: number): MemoryClass {
    return this.region(address)?.memory ?? MemoryClass.Vacant;
  }

  // ---- decode cache support -------------------------------------------------------------------

  /** Mark the words of a decoded instruction so a later write invalidates it. */
  markCode(address: number, length: number): void {
    for (let a = address; a < address + length; a += 2) this.codeMark[(a & ADDRESS_MASK) >> 1] = 1;
  }

  unmarkCode(address: number): void {
    this.codeMark[(address & ADDRESS_MASK) >> 1] = 0;
  }

  unmarkAllCode(): void {
    this.codeMark.fill(0);
  }

  // ---- CPU accesses ---------------------------------------------------------------------------

  read8(address: number): number {
    const a = address & ADDRESS_MASK;
    if (this.direct[a] === 1) return this.memory[a]!;
    return this.slowRead(a, 8);
  }

  read16(address: number): number {
    const a = address & 0xffffe;
    if (this.direct[a] === 1) return this.memory[a]! | (this.memory[a + 1]! << 8);
    return this.slowRead(a, 16);
  }

  /** A 20-bit value: bits 19:16 from the low nibble of the next word. */
  read20(address: number): number {
    const a = address & 0xffffe;
    return this.read16(a) | ((this.read16((a + 2) & ADDRESS_MASK) & 0xf) << 16);
  }

  write8(address: number, value: number): void {
    const a = address & ADDRESS_MASK;
    if (this.direct[a] === 1) {
      this.memory[a] = value;
      if (this.codeMark[a >> 1] === 1) this.codeWritten(a);
      return;
    }
    this.slowWrite(a, value & 0xff, 8);
  }

  write16(address: number, value: number): void {
    const a = address & 0xffffe;
    if (this.direct[a] === 1) {
      this.memory[a] = value;
      this.memory[a + 1] = value >> 8;
      if (this.codeMark[a >> 1] === 1) this.codeWritten(a);
      return;
    }
    this.slowWrite(a, value & 0xffff, 16);
  }

  /** A 20-bit value: low word, then bits 19:16 in a word whose upper 12 bits are 0. */
  write20(address: number, value: number): void {
    const a = address & 0xffffe;
    this.write16(a, value & 0xffff);
    this.write16((a + 2) & ADDRESS_MASK, (value >> 16) & 0xf);
  }

  /**
   * Account for the instruction fetch of `length` bytes at `address`: FRAM wait states per word
   * and fetch events for observers. Called per executed instruction only when `fetchObserved`;
   * `allFram` (every word in FRAM, known at decode) with no listener takes one controller call.
   */
  fetch(address: number, length: number, allFram: boolean): void {
    const fram = this.fram;
    if (allFram && fram !== null && this.listeners.length === 0) {
      this.waitCycles += fram.fetchCost(address, length >> 1);
      return;
    }
    for (let i = 0; i < length; i += 2) {
      const a = (address + i) & 0xffffe;
      const memory = this.memoryClassFast(a);
      let waits = 0;
      if (memory === MemoryClass.Fram && fram !== null) {
        waits = fram.readCost(a, true);
        this.waitCycles += waits;
      }
      if (this.listeners.length > 0) this.notify(Access.Fetch, a, 16, memory, waits);
    }
  }

  /** Side-effect-free word read for the decoder: peripherals and vacant memory give 0x3FFF. */
  peek16(address: number): number {
    const a = address & 0xffffe;
    const memory = this.memoryClassFast(a);
    if (memory === MemoryClass.Sram || memory === MemoryClass.Fram) {
      return this.memory[a]! | (this.memory[a + 1]! << 8);
    }
    return VACANT_WORD;
  }

  private memoryClassFast(a: number): MemoryClass {
    const i = this.regionIndex[a]!;
    return i === 0 ? MemoryClass.Vacant : this.regions[i - 1]!.memory;
  }

  private codeWritten(a: number): void {
    this.onCodeWrite?.(a);
  }

  /** Tell listeners about an access; FRAM wait states have already been asked for. */
  private notify(
    kind: Access,
    a: number,
    size: AccessSize,
    memory: MemoryClass,
    waits: number,
    writable = true,
  ): void {
    let fram: FramOutcome = FramOutcome.None;
    if (memory === MemoryClass.Fram && this.fram !== null) {
      if (kind === Access.Write) fram = writable ? FramOutcome.Write : FramOutcome.None;
      else {
        fram = this.fram.lastReadHit ? FramOutcome.Hit : FramOutcome.Miss;
      }
    }
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) {
      listeners[i]!.access(kind, a, size, memory, fram, waits);
    }
  }

  private slowRead(a: number, size: 8 | 16): number {
    const i = this.regionIndex[a]!;
    const region = i === 0 ? undefined : this.regions[i - 1]!;
    const memory = region?.memory ?? MemoryClass.Vacant;
    let waits = 0;
    if (memory === MemoryClass.Fram && this.fram !== null) {
      waits = this.fram.readCost(a, false);
      this.waitCycles += waits;
    }
    if (this.listeners.length > 0) this.notify(Access.Read, a, size, memory, waits);
    switch (memory) {
      case MemoryClass.Fram:
        return this.plainRead(a, size);
      case MemoryClass.Sram:
        return this.plainRead(a, size);
      case MemoryClass.Peripheral:
        return this.peripheralRead(a, size);
      default:
        this.onEvent?.({ kind: 'vacant', access: 'read', address: a, size });
        return vacantValue(a, size);
    }
  }

  private slowWrite(a: number, value: number, size: 8 | 16): void {
    const i = this.regionIndex[a]!;
    const region = i === 0 ? undefined : this.regions[i - 1]!;
    const memory = region?.memory ?? MemoryClass.Vacant;
    const fram = memory === MemoryClass.Fram && region?.writable === true ? this.fram : null;
    const waits = fram !== null ? fram.writeCost(a) : 0;
    if (this.listeners.length > 0) {
      this.notify(Access.Write, a, size, memory, waits, region?.writable ?? false);
    }
    if (region === undefined || memory === MemoryClass.Rom) {
      this.onEvent?.({ kind: 'vacant', access: 'write', address: a, size });
      return;
    }
    if (memory === MemoryClass.Peripheral) {
      this.peripheralWrite(a, value, size);
      return;
    }
    if (!region.writable) {
      this.onEvent?.({ kind: 'read-only', region: region.name, address: a, size });
      return;
    }
    this.waitCycles += waits;
    this.memory[a] = value;
    if (size === 16) this.memory[a + 1] = value >> 8;
    if (this.codeMark[a >> 1] === 1) this.codeWritten(a);
  }

  private plainRead(a: number, size: 8 | 16): number {
    return size === 8 ? this.memory[a]! : this.memory[a]! | (this.memory[a + 1]! << 8);
  }

  private peripheralRead(a: number, size: 8 | 16): number {
    const p = this.peripheralAt[a];
    if (p === undefined) {
      this.unmapped(a, size, 'read');
      return vacantValue(a, size);
    }
    if (this.zeroCostAt[a] === 1) this.zeroCostAccess = true;
    const value = size === 8 ? p.read8(a) : p.read16(a);
    this.onPeripheralAccess?.();
    return value;
  }

  private peripheralWrite(a: number, value: number, size: 8 | 16): void {
    const p = this.peripheralAt[a];
    if (p === undefined) {
      this.unmapped(a, size, 'write');
      return;
    }
    if (this.zeroCostAt[a] === 1) this.zeroCostAccess = true;
    if (size === 8) p.write8(a, value);
    else p.write16(a, value);
    this.onPeripheralAccess?.();
  }

  private unmapped(a: number, size: AccessSize, access: 'read' | 'write'): void {
    const block = this.blockAt[a];
    if (block) this.onEvent?.({ kind: 'unmodelled', block: block.name, access, address: a, size });
    else this.onEvent?.({ kind: 'vacant', access, address: a, size });
  }

  // ---- host-side access (loaders, debuggers): no events, no wait states ------------------------

  /** Copy bytes into memory regardless of write protection (image loading). */
  load(address: number, data: Uint8Array): void {
    this.memory.set(data, address);
    for (let a = address & 0xffffe; a < address + data.length; a += 2) {
      if (this.codeMark[a >> 1] === 1) this.codeWritten(a);
    }
  }

  /** Host read of one byte; peripherals are read through their registers. */
  hostRead8(address: number): number {
    const a = address & ADDRESS_MASK;
    const memory = this.memoryClassFast(a);
    if (memory === MemoryClass.Peripheral) {
      const p = this.peripheralAt[a];
      return p ? p.read8(a) : 0xff;
    }
    if (memory === MemoryClass.Vacant || memory === MemoryClass.Rom) return vacantValue(a, 8);
    return this.memory[a]!;
  }
}

function vacantValue(a: number, size: AccessSize): number {
  if (size !== 8) return VACANT_WORD;
  return a & 1 ? VACANT_WORD >> 8 : VACANT_WORD & 0xff;
}
