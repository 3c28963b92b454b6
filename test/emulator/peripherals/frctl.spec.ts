import { describe, expect, it } from 'vitest';

import { CSCTL0, CSCTL1, CSCTL3, CSKEY, ClockSystem } from '../../../emulator/peripherals/cs.js';
import {
  ACCTEIFG,
  FRCTL0,
  FramController,
  GCCTL1,
  type FramCacheConfig,
} from '../../../emulator/peripherals/frctl.js';
import { FakeContext } from './fake-context.js';

function setup(config: Partial<FramCacheConfig> = {}, nwaits = 1) {
  const ctx = new FakeContext();
  const cs = new ClockSystem(ctx);
  const frctl = new FramController(ctx, cs, config);
  cs.reset();
  frctl.reset();
  frctl.write16(FRCTL0, 0xa500 | (nwaits << 4));
  frctl.resetStats();
  return { ctx, cs, frctl };
}

function total(frctl: FramController, reads: number[], isFetch = true): number {
  return reads.reduce((sum, a) => sum + frctl.readCost(a, isFetch), 0);
}

describe('FRCTL0', () => {
  it('resets to 0x9600 (password reads 0x96, NWAITS 0)', () => {
    const ctx = new FakeContext();
    const frctl = new FramController(ctx, new ClockSystem(ctx));
    frctl.reset();
    expect(frctl.read16(FRCTL0)).toBe(0x9600);
    expect(frctl.nwaits).toBe(0);
  });

  it('FRCTLPW | NWAITS_1 sets one wait state; a wrong password is a PUC', () => {
    const { ctx, frctl } = setup({}, 0);
    frctl.write16(FRCTL0, 0xa510);
    expect(frctl.read16(FRCTL0)).toBe(0x9610);
    expect(frctl.waitStates).toBe(1);
    frctl.write16(FRCTL0, 0x9620);
    expect(ctx.resets).toEqual(['frctl-password']);
    expect(frctl.nwaits).toBe(1);
  });

  it('driverlib idiom: unlock with the high byte, write NWAITS in the low byte, lock', () => {
    const { ctx, frctl } = setup({}, 0);
    frctl.write8(FRCTL0 + 1, 0xa5);
    frctl.write8(FRCTL0, 0x20);
    frctl.write8(FRCTL0 + 1, 0x00);
    frctl.write8(FRCTL0, 0x30);
    expect(frctl.nwaits).toBe(2);
    expect(ctx.resets).toEqual([]);
    expect(ctx.eventsOf('ignored-write')).toHaveLength(1);
  });
});

describe('FRAM read cache (default: 2 sets × 2 ways × 8 bytes, LRU, shared)', () => {
  it('sequential code fetch: one miss per 8 bytes → 32 word fetches cost 8 wait states', () => {
    const { frctl } = setup();
    const fetches = Array.from({ length: 32 }, (_, i) => 0x4400 + 2 * i);
    expect(total(frctl, fetches)).toBe(8);
    expect(frctl.stats).toMatchObject({ fetchHits: 24, fetchMisses: 8, waitStates: 8 });
  });

  it('a loop of 16 bytes fits: misses only on the first pass', () => {
    const { frctl } = setup();
    const loop = Array.from({ length: 8 }, (_, i) => 0x4400 + 2 * i);
    expect(total(frctl, [...loop, ...loop, ...loop])).toBe(2);
  });

  it('2-set thrash: three lines of set 0 (A, B, C) in turn miss every time under LRU', () => {
    const { frctl } = setup();
    const [a, b, c] = [0x4400, 0x4410, 0x4420]; // line numbers 0x880, 0x882, 0x884: all set 0
    expect(total(frctl, [a, b, c, a, b, c, a, b, c])).toBe(9);
    expect(frctl.cacheContents()).toEqual([0x4410, 0x4420]);
  });

  it('two lines of the same set alternate without misses after the first two', () => {
    const { frctl } = setup();
    expect(total(frctl, [0x4400, 0x4410, 0x4400, 0x4410, 0x4400, 0x4410])).toBe(2);
  });

  it('a line of the other set does not disturb set 0', () => {
    const { frctl } = setup();
    expect(total(frctl, [0x4400, 0x4410, 0x4408, 0x4418, 0x4400, 0x4410, 0x4408])).toBe(4);
  });

  it('LRU keeps the recently used line: A B A C A → 3 misses; FIFO evicts A → 4', () => {
    const pattern = [0x4400, 0x4410, 0x4400, 0x4420, 0x4400];
    expect(total(setup().frctl, pattern)).toBe(3);
    expect(total(setup({ replacement: 'fifo' }).frctl, pattern)).toBe(4);
  });

  it('a write invalidates a hit line (write-around): miss, hit, write, miss → 1 + 0 + 1 + 1', () => {
    const { frctl } = setup();
    const costs = [
      frctl.readCost(0x4400, false),
      frctl.readCost(0x4402, false),
      frctl.writeCost(0x4404),
      frctl.readCost(0x4400, false),
    ];
    expect(costs).toEqual([1, 0, 1, 1]);
    expect(frctl.stats).toMatchObject({ dataMisses: 2, dataHits: 1, writes: 1 });
    expect(frctl.stats.writeInvalidations).toBe(1);
  });

  it('write-through-update keeps the line', () => {
    const { frctl } = setup({ writePolicy: 'write-through-update' });
    frctl.readCost(0x4400, false);
    frctl.writeCost(0x4400);
    expect(frctl.readCost(0x4400, false)).toBe(0);
  });

  it('instruction and data reads share the lines by default, not when split', () => {
    const shared = setup().frctl;
    expect([shared.readCost(0x4400, true), shared.readCost(0x4400, false)]).toEqual([1, 0]);
    const split = setup({ sharedInstructionData: false }).frctl;
    expect([split.readCost(0x4400, true), split.readCost(0x4400, false)]).toEqual([1, 1]);
  });

  it('a 4-way fully associative organisation holds four lines of any address', () => {
    const { frctl } = setup({ ways: 4 });
    const lines = [0x4400, 0x4410, 0x4420, 0x4430];
    expect(total(frctl, [...lines, ...lines])).toBe(4);
  });

  it('flush empties the cache', () => {
    const { frctl } = setup();
    frctl.readCost(0x4400, true);
    frctl.flushCache();
    expect(frctl.readCost(0x4400, true)).toBe(1);
  });

  it('NWAITS = 0 makes misses free', () => {
    const { frctl } = setup({}, 0);
    expect(total(frctl, [0x4400, 0x4410, 0x4420])).toBe(0);
    expect(frctl.stats.fetchMisses).toBe(3);
  });
});

describe('access-time violation (UG367 §8.2.3.4)', () => {
  it('16 MHz with NWAITS = 0: ACCTEIFG, report, cache flushed, 15 wait states; NWAITS = 1 ends it', () => {
    const { ctx, cs, frctl } = setup({}, 0);
    frctl.readCost(0x4400, true);
    cs.write16(CSCTL0, CSKEY);
    cs.write16(CSCTL1, 0x0048); // DCORSEL | DCOFSEL_4 = 16 MHz, still /8
    expect(frctl.accessTimeViolation).toBe(false);
    cs.write16(CSCTL3, 0x0000); // MCLK 16 MHz
    expect(frctl.accessTimeViolation).toBe(true);
    expect(frctl.read16(GCCTL1) & ACCTEIFG).toBe(ACCTEIFG);
    expect(ctx.eventsOf('warning')).toHaveLength(1);
    expect(frctl.readCost(0x4400, true)).toBe(15);
    frctl.write16(FRCTL0, 0xa510);
    expect(frctl.accessTimeViolation).toBe(false);
    expect(frctl.waitStates).toBe(1);
    expect(frctl.read16(GCCTL1) & ACCTEIFG).toBe(ACCTEIFG); // sticky until software clears it
    frctl.write16(GCCTL1, 0);
    expect(frctl.read16(GCCTL1)).toBe(0);
  });

  it('8 MHz with NWAITS = 0 is fine', () => {
    const { ctx, cs, frctl } = setup({}, 0);
    cs.write16(CSCTL0, CSKEY);
    cs.write16(CSCTL3, 0x0000);
    expect(cs.mclkHz).toBe(8e6);
    expect(frctl.accessTimeViolation).toBe(false);
    expect(ctx.events).toEqual([]);
  });
});
