/**
 * FRCTL_A, the FRAM controller of the FR5994, with its read cache (UG367 ch. 8: §8.2.3 wait
 * states and Table 8-1, §8.2.3.4 access-time violation, §8.2.3.6 cache, §8.5 FRCTL0/GCCTL0/
 * GCCTL1; bit names from TI's msp430fr5994.h).
 *
 * The bus asks `readCost(address, isFetch)` for every FRAM read and `writeCost(address)` for
 * every FRAM write and adds the returned wait states to the instruction's cycles. Which
 * addresses are FRAM is the bus's business (main FRAM 0x4000–0x43FFF, info and TLV FRAM).
 *
 * TI documents four 64-bit cache lines filled one line per array access, no wait state on a hit,
 * NWAITS wait states on a miss, and a flush on an access-time violation. TI does not document the
 * organisation [OPEN, msp430x.md §8.2 and §16 item 5]; `FramCacheConfig` names every unknown and
 * defaults to the FUSED simulator's FR5994 model: 2 sets × 2 ways of 8-byte lines, LRU,
 * write-around with invalidation of a hit line, one cache for instruction and data reads.
 *
 * FRAM write timing is not documented either: `writeCost` charges the array delay (NWAITS) as
 * FUSED does — a placeholder [OPEN].
 */

import type { ClockSource } from './cs.js';
import type { Peripheral, PeripheralContext } from './peripheral.js';
import { KeyLock, KeyedRegisters } from './registers.js';

export const FRCTL0 = 0x0140; // FRAM controller control 0 (password protected)
export const GCCTL0 = 0x0144; // general control 0
export const GCCTL1 = 0x0146; // general control 1 (flags)

export const FRCTLPW = 0xa500; // FRCTL0 password; reads back 0x96 in the high byte
const FRCTL0_READ = 0x9600;
export const FRCTL0_RESET = 0x9600;

// FRCTL0
export const NWAITS = 0x00f0; // wait states 0–15, bits 7:4 (NWAITS_1 = 0x0010)
export const AUTO = 0x0008; // automatic wait-state mode (Table 8-1 "auto" column)
// GCCTL0
export const FRLPMPWR = 0x0002; // power FRAM up after LPM
export const FRPWR = 0x0004; // FRAM power control
export const ACCTEIE = 0x0008; // NMI on access-time error
export const CBDIE = 0x0020; // NMI on correctable bit error
export const UBDIE = 0x0040; // NMI on uncorrectable bit error
export const UBDRSTEN = 0x0080; // PUC on uncorrectable bit error
// GCCTL1
export const CBDIFG = 0x0002; // correctable bit error flag
export const UBDIFG = 0x0004; // uncorrectable bit error flag
export const ACCTEIFG = 0x0008; // access-time error flag

/** The fastest the FRAM array can be read: MCLK / (NWAITS + 1) must not exceed it (DS). */
export const FRAM_MAX_ACCESS_HZ = 8_000_000;
/** Wait states the controller falls back to after an access-time violation (UG367 §8.2.3.4). */
export const VIOLATION_WAIT_STATES = 15;

export type ReplacementPolicy = 'lru' | 'fifo';
/**
 * - 'write-around-invalidate': a write goes to the array and invalidates a line holding the
 *   address (FUSED);
 * - 'write-through-update': a write goes to the array and a line holding it stays valid.
 * Neither allocates a line on a write miss.
 */
export type WritePolicy = 'write-around-invalidate' | 'write-through-update';

export interface FramCacheConfig {
  /** Total lines (TI: four). */
  readonly lines: number;
  /** Bytes per line (TI: 64 bits). */
  readonly lineBytes: number;
  /** Associativity; lines / ways sets [OPEN; FUSED: 2]. */
  readonly ways: number;
  readonly replacement: ReplacementPolicy;
  readonly writePolicy: WritePolicy;
  /**
   * true: instruction fetches and data reads share the lines [OPEN; FUSED: shared];
   * false: each has its own cache of `lines` lines (an upper bound on a split design).
   */
  readonly sharedInstructionData: boolean;
}

export const FUSED_CACHE_CONFIG: FramCacheConfig = {
  lines: 4,
  lineBytes: 8,
  ways: 2,
  replacement: 'lru',
  writePolicy: 'write-around-invalidate',
  sharedInstructionData: true,
};

export interface FramCacheStats {
  readonly fetchHits: number;
  readonly fetchMisses: number;
  readonly dataHits: number;
  readonly dataMisses: number;
  readonly writes: number;
  /** Lines invalidated by writes. */
  readonly writeInvalidations: number;
  readonly flushes: number;
  /** Sum of the wait states returned by readCost and writeCost. */
  readonly waitStates: number;
}

interface Way {
  valid: boolean;
  tag: number;
  /** Last use (LRU) or fill (FIFO) order. */
  stamp: number;
}

/** Tag store of one cache: which FRAM lines it holds. No data is kept (the bus has the bytes). */
export class FramCache {
  private readonly sets: Way[][];
  private readonly setCount: number;
  private clock = 0;

  constructor(private readonly config: FramCacheConfig) {
    if (config.lines % config.ways !== 0 || config.lines <= 0 || config.ways <= 0) {
      throw new RangeError(`cache of ${config.lines} lines cannot have ${config.ways} ways`);
    }
    this.setCount = config.lines / config.ways;
    this.sets = Array.from({ length: this.setCount }, () =>
      Array.from({ length: config.ways }, () => ({ valid: false, tag: 0, stamp: 0 })),
    );
  }

  /** Look `address` up; on a miss fill a line. Returns true on a hit. */
  read(address: number): boolean {
    const { set, tag } = this.locate(address);
    this.clock++;
    const hit = set.find((w) => w.valid && w.tag === tag);
    if (hit) {
      if (this.config.replacement === 'lru') hit.stamp = this.clock;
      return true;
    }
    const victim =
      set.find((w) => !w.valid) ?? set.reduce((oldest, w) => (w.stamp < oldest.stamp ? w : oldest));
    victim.valid = true;
    victim.tag = tag;
    victim.stamp = this.clock;
    return false;
  }

  /** Apply a write to `address`; returns true when a line was invalidated. */
  write(address: number): boolean {
    if (this.config.writePolicy !== 'write-around-invalidate') return false;
    const { set, tag } = this.locate(address);
    const hit = set.find((w) => w.valid && w.tag === tag);
    if (!hit) return false;
    hit.valid = false;
    return true;
  }

  flush(): void {
    for (const set of this.sets) for (const w of set) w.valid = false;
  }

  /** Line-aligned addresses currently held, for tests and tracing. */
  contents(): number[] {
    const out: number[] = [];
    this.sets.forEach((set, index) => {
      for (const w of set) {
        if (w.valid) out.push((w.tag * this.setCount + index) * this.config.lineBytes);
      }
    });
    return out.sort((a, b) => a - b);
  }

  private locate(address: number): { set: Way[]; tag: number } {
    const line = Math.floor(address / this.config.lineBytes);
    const set = this.sets[line % this.setCount];
    if (set === undefined) throw new Error('unreachable: set index out of range');
    return { set, tag: Math.floor(line / this.setCount) };
  }
}

export class FramController extends KeyedRegisters implements Peripheral {
  readonly name = 'FRCTL_A';
  readonly start = 0x0140;
  readonly end = 0x0147;

  readonly config: FramCacheConfig;
  private frctl0Low = 0;
  private gcctl0 = 0;
  private gcctl1 = 0;
  private violating = false;
  protected readonly keyRegister = FRCTL0;
  protected readonly lock: KeyLock;
  private readonly instructionCache: FramCache;
  private readonly dataCache: FramCache;
  private counters = FramController.zeroStats();
  /** Whether the last `readCost` hit the cache (observers ask the bus for it). */
  lastReadHit = false;
  private readonly ctx: PeripheralContext;
  private readonly clocks: ClockSource;

  constructor(ctx: PeripheralContext, clocks: ClockSource, config: Partial<FramCacheConfig> = {}) {
    super();
    this.ctx = ctx;
    this.clocks = clocks;
    this.config = { ...FUSED_CACHE_CONFIG, ...config };
    this.lock = new KeyLock(ctx, this.name, FRCTLPW, FRCTL0_READ, 'frctl-password');
    this.instructionCache = new FramCache(this.config);
    this.dataCache = this.config.sharedInstructionData
      ? this.instructionCache
      : new FramCache(this.config);
    clocks.onChange(() => this.checkAccessTime());
  }

  reset(): void {
    this.lock.lock();
    this.frctl0Low = FRCTL0_RESET & 0xff;
    this.gcctl0 = 0;
    this.gcctl1 = 0;
    this.violating = false;
    this.flushCache();
    this.checkAccessTime();
  }

  /** NWAITS as programmed (0–15). */
  get nwaits(): number {
    return (this.frctl0Low & NWAITS) >> 4;
  }

  /** Wait states a cache miss costs now: NWAITS, the auto-mode value, or 15 after a violation. */
  get waitStates(): number {
    if (this.violating) return VIOLATION_WAIT_STATES;
    if ((this.frctl0Low & AUTO) !== 0) return this.clocks.mclkHz > 24_000_000 ? 4 : 3;
    return this.nwaits;
  }

  /** True while MCLK / (NWAITS + 1) exceeds the array's 8 MHz (FRAM writes are blocked). */
  get accessTimeViolation(): boolean {
    return this.violating;
  }

  get stats(): FramCacheStats {
    return { ...this.counters };
  }

  resetStats(): void {
    this.counters = FramController.zeroStats();
  }

  /** Wait states of one FRAM read: 0 on a cache hit, `waitStates` on a miss (filling a line). */
  readCost(address: number, isFetch: boolean): number {
    const cache = isFetch ? this.instructionCache : this.dataCache;
    const hit = cache.read(address);
    this.lastReadHit = hit;
    const c = this.counters;
    if (isFetch) {
      if (hit) c.fetchHits++;
      else c.fetchMisses++;
    } else if (hit) c.dataHits++;
    else c.dataMisses++;
    const cost = hit ? 0 : this.waitStates;
    c.waitStates += cost;
    return cost;
  }

  /**
   * Wait states of one FRAM write. Placeholder [OPEN]: the array delay, NWAITS. A line holding
   * the address is invalidated under 'write-around-invalidate'.
   */
  writeCost(address: number): number {
    const c = this.counters;
    c.writes++;
    let invalidated = this.instructionCache.write(address);
    if (this.dataCache !== this.instructionCache) {
      invalidated = this.dataCache.write(address) || invalidated;
    }
    if (invalidated) c.writeInvalidations++;
    const cost = this.waitStates;
    c.waitStates += cost;
    return cost;
  }

  flushCache(): void {
    this.instructionCache.flush();
    this.dataCache.flush();
    this.counters.flushes++;
  }

  /** Line addresses held by the (instruction or shared) cache. */
  cacheContents(isFetch = true): number[] {
    return (isFetch ? this.instructionCache : this.dataCache).contents();
  }

  protected keyLow(): number {
    return this.frctl0Low;
  }

  protected takeKeyLow(value: number): void {
    this.frctl0Low = value & 0xf9;
    this.checkAccessTime();
  }

  protected readRegister(a: number): number {
    if (a === GCCTL0) return this.gcctl0;
    if (a === GCCTL1) return this.gcctl1;
    return 0;
  }

  protected writeRegister(a: number, value: number): void {
    if (a === GCCTL0) this.gcctl0 = value & 0x00fe;
    else if (a === GCCTL1) this.gcctl1 = value & 0x000f;
  }

  /** UG367 §8.2.3.4: MCLK too fast for NWAITS → ACCTEIFG, cache flush, 15 wait states. */
  private checkAccessTime(): void {
    const auto = (this.frctl0Low & AUTO) !== 0;
    const tooFast = !auto && this.clocks.mclkHz / (this.nwaits + 1) > FRAM_MAX_ACCESS_HZ;
    if (tooFast && !this.violating) {
      this.gcctl1 |= ACCTEIFG;
      this.flushCache();
      this.ctx.report({
        kind: 'warning',
        peripheral: this.name,
        address: FRCTL0,
        message:
          `access-time violation: MCLK ${this.clocks.mclkHz / 1e6} MHz with NWAITS = ` +
          `${this.nwaits}; ACCTEIFG set, cache flushed, ${VIOLATION_WAIT_STATES} wait states`,
      });
    }
    this.violating = tooFast;
  }

  private static zeroStats(): {
    -readonly [K in keyof FramCacheStats]: FramCacheStats[K];
  } {
    return {
      fetchHits: 0,
      fetchMisses: 0,
      dataHits: 0,
      dataMisses: 0,
      writes: 0,
      writeInvalidations: 0,
      flushes: 0,
      waitStates: 0,
    };
  }
}
