/**
 * FRCTL_A, the FRAM controller of the FR5994, with its read cache (UG367 ch. 8: §8.2.3 wait
 * states and Table 8-1, §8.2.3.4 access-time violation, §8.2.3.6 cache, §8.5 FRCTL0/GCCTL0/
 * GCCTL1; bit names from TI's msp430fr5994.h).
 *
 * The bus asks `readCost(address, isFetch)` for every FRAM read, `writeCost(address)` for every
 * FRAM write and `fetchCost(address, words)` for a whole instruction fetched from FRAM while
 * nothing observes the bus, and adds the returned wait states to the instruction's cycles. Which
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

import type { FramTiming } from '../bus/bus.js';
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
  /** Bytes per line, a power of two (TI: 64 bits). */
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

const REPLACEMENT_POLICIES: readonly ReplacementPolicy[] = ['lru', 'fifo'];
const WRITE_POLICIES: readonly WritePolicy[] = ['write-around-invalidate', 'write-through-update'];

/**
 * The complete cache configuration for `overrides` on top of the FUSED defaults, checked: a
 * `RangeError` names the first field no hardware cache could have (sets and line size must be
 * address bits) or that `FramCacheConfig` does not know (a misspelt unknown would otherwise be
 * silently ignored). The chip config (emulator/chips/fr5994.ts) calls it when it is built, so a
 * bad organisation fails there, before any machine exists.
 */
export function framCacheConfig(overrides: Partial<FramCacheConfig> = {}): FramCacheConfig {
  for (const key of Object.keys(overrides)) {
    if (!(key in FUSED_CACHE_CONFIG)) {
      const known = Object.keys(FUSED_CACHE_CONFIG).join(', ');
      throw new RangeError(`FRAM cache: no field '${key}' (known: ${known})`);
    }
  }
  const config: FramCacheConfig = { ...FUSED_CACHE_CONFIG, ...overrides };
  const { lines, ways, lineBytes } = config;
  if (!Number.isInteger(lines) || lines <= 0 || !Number.isInteger(ways) || ways <= 0) {
    throw new RangeError(
      `FRAM cache: lines (${lines}) and ways (${ways}) must be positive integers`,
    );
  }
  if (lines % ways !== 0) {
    throw new RangeError(`FRAM cache: a cache of ${lines} lines cannot have ${ways} ways`);
  }
  const sets = lines / ways;
  if (!powerOfTwo(lineBytes) || lineBytes < 2 || !powerOfTwo(sets)) {
    throw new RangeError(
      `FRAM cache: ${sets} sets of ${lineBytes}-byte lines: both must be powers of two (address ` +
        'bits), lines at least one word',
    );
  }
  if (!REPLACEMENT_POLICIES.includes(config.replacement)) {
    throw new RangeError(
      `FRAM cache: replacement '${String(config.replacement)}' is none of ` +
        REPLACEMENT_POLICIES.join(', '),
    );
  }
  if (!WRITE_POLICIES.includes(config.writePolicy)) {
    throw new RangeError(
      `FRAM cache: writePolicy '${String(config.writePolicy)}' is none of ` +
        WRITE_POLICIES.join(', '),
    );
  }
  if (typeof config.sharedInstructionData !== 'boolean') {
    throw new RangeError('FRAM cache: sharedInstructionData must be true or false');
  }
  return config;
}

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

/**
 * Tag store of one cache: which FRAM lines it holds. No data is kept (the bus has the bytes).
 * Each set is a row of `ways` line numbers in one typed array, most recently used (LRU) or most
 * recently filled (FIFO) first, empty ways (-1) last: a hit under LRU moves its line to the
 * front, a miss drops the last way and puts the new line in front, a write that invalidates a
 * line removes it. A lookup allocates nothing.
 *
 * `lastLine` remembers the line of the last read while no other operation has touched the cache
 * since: that line is present and first in its set, so reading it again is a hit that changes
 * nothing, and skips the lookup. Any other read, a write or a flush replaces or forgets it.
 */
export class FramCache {
  /** Sets − 1: the set of a line is its low bits, as address bits index a hardware cache. */
  private readonly setMask: number;
  private readonly ways: number;
  private readonly lineBytes: number;
  /** log2(lineBytes): line numbers by shifting. */
  private readonly lineShift: number;
  private readonly lru: boolean;
  private readonly writeInvalidates: boolean;
  /** Line numbers by set, in replacement order; -1 for an empty way. */
  private readonly order: Int32Array;
  /** Line number of the last read, or -1. */
  private lastLine = -1;

  /** Throws `RangeError` on an impossible organisation (`framCacheConfig`). */
  constructor(config: FramCacheConfig) {
    framCacheConfig(config);
    const sets = config.lines / config.ways;
    const lb = config.lineBytes;
    this.lineShift = Math.log2(lb);
    this.setMask = sets - 1;
    this.ways = config.ways;
    this.lineBytes = lb;
    this.lru = config.replacement === 'lru';
    this.writeInvalidates = config.writePolicy === 'write-around-invalidate';
    this.order = new Int32Array(config.lines).fill(-1);
  }

  /**
   * True when the `words` words from `address` all lie in the line of the last read and nothing
   * touched the cache since: reading them would hit and change nothing.
   */
  holdsRun(address: number, words: number): boolean {
    const line = address >>> this.lineShift;
    return line === this.lastLine && (address + 2 * words - 2) >>> this.lineShift === line;
  }

  /** Look `address` up; on a miss fill a line. Returns true on a hit. */
  read(address: number): boolean {
    const line = address >>> this.lineShift;
    if (line === this.lastLine) return true;
    this.lastLine = line;
    const order = this.order;
    const base = (line & this.setMask) * this.ways;
    if (order[base] === line) return true;
    const end = base + this.ways;
    let at = base + 1;
    while (at < end && order[at] !== line) at++;
    const hit = at < end;
    if (hit && !this.lru) return true;
    // LRU hit: move the line to the front; miss: drop the last way, fill in front.
    for (let j = hit ? at : end - 1; j > base; j--) order[j] = order[j - 1]!;
    order[base] = line;
    return hit;
  }

  /** Apply a write to `address`; returns true when a line was invalidated. */
  write(address: number): boolean {
    if (!this.writeInvalidates) return false;
    this.lastLine = -1;
    const line = address >>> this.lineShift;
    const order = this.order;
    const base = (line & this.setMask) * this.ways;
    const end = base + this.ways;
    for (let i = base; i < end; i++) {
      if (order[i] !== line) continue;
      for (let j = i; j < end - 1; j++) order[j] = order[j + 1]!;
      order[end - 1] = -1;
      return true;
    }
    return false;
  }

  flush(): void {
    this.order.fill(-1);
    this.lastLine = -1;
  }

  /** Line-aligned addresses currently held, for tests and tracing. */
  contents(): number[] {
    const out: number[] = [];
    for (const line of this.order) if (line >= 0) out.push(line * this.lineBytes);
    return out.sort((a, b) => a - b);
  }
}

export class FramController extends KeyedRegisters implements Peripheral, FramTiming {
  readonly name = 'FRCTL_A';
  readonly start = 0x0140;
  readonly end = 0x0147;

  readonly config: FramCacheConfig;
  private frctl0Low = 0;
  private gcctl0 = 0;
  private gcctl1 = 0;
  private violating = false;
  /** `waitStates`, kept current by `checkAccessTime` (the only place its inputs change). */
  private missCost = 0;
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
    this.config = framCacheConfig(config);
    this.lock = new KeyLock(ctx, this.name, FRCTLPW, FRCTL0_READ, 'frctl-password');
    this.instructionCache = new FramCache(this.config);
    this.dataCache = this.config.sharedInstructionData
      ? this.instructionCache
      : new FramCache(this.config);
    clocks.onChange(() => this.checkAccessTime());
    this.missCost = this.computeWaitStates();
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
    return this.missCost;
  }

  private computeWaitStates(): number {
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
    const cost = hit ? 0 : this.missCost;
    c.waitStates += cost;
    return cost;
  }

  /**
   * Wait states of fetching `words` consecutive FRAM words from `address` (one instruction):
   * the same lookups, counters and result as `readCost(a, true)` word by word. Words in the
   * line the cache read last are hits without a lookup.
   */
  fetchCost(address: number, words: number): number {
    if (this.instructionCache.holdsRun(address, words)) {
      this.counters.fetchHits += words;
      this.lastReadHit = true;
      return 0;
    }
    return this.fetchLookups(address, words);
  }

  private fetchLookups(address: number, words: number): number {
    const cache = this.instructionCache;
    const c = this.counters;
    let cost = 0;
    for (let i = 0; i < words; i++) {
      const hit = cache.read(address + 2 * i);
      if (hit) c.fetchHits++;
      else {
        c.fetchMisses++;
        cost += this.missCost;
      }
      this.lastReadHit = hit;
    }
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
    const cost = this.missCost;
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
    this.missCost = this.computeWaitStates();
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

function powerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}
