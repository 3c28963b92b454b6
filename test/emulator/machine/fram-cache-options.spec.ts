/**
 * `fr5994({ framCache })`: the FRAM read cache's open organisation (UG367 §8.2.3.6 documents
 * four 64-bit lines and nothing more; docs/peripherals.md) chosen from the chip config, checked
 * when the config is built, and visible in the hit / miss counters of a whole machine.
 */

import { describe, expect, it } from 'vitest';

import { assemble } from '../../../emulator/asm/index.js';
import { fr5994, type Fr5994Options } from '../../../emulator/chips/fr5994.js';
import { Machine } from '../../../emulator/machine/machine.js';
import {
  FUSED_CACHE_CONFIG,
  type FramCacheConfig,
  type FramController,
} from '../../../emulator/peripherals/frctl.js';

/**
 * Code in SRAM, so that only the data reads go through the cache: ten passes over four FRAM
 * words 16 bytes apart (0x4400, 0x4410, 0x4420, 0x4430), then EXIT.
 */
const PATTERN = [
  ' mov #0x5a80, &0x015c',
  ' mov #10, r10',
  'again: mov &0x4400, r4',
  ' mov &0x4410, r5',
  ' mov &0x4420, r6',
  ' mov &0x4430, r7',
  ' dec r10',
  ' jnz again',
  ' mov #0, &0x0ff0',
].join('\n');

/** Run PATTERN at 16 MHz (NWAITS = 1: a miss costs one wait state); counters and cycles. */
function runPattern(options: Fr5994Options) {
  const text = `.text\nstart:\n${PATTERN}\n.section .resetvec, "ax"\n.word start\n`;
  const r = assemble(text, {
    fileName: 'pattern.s',
    sectionStarts: { '.text': 0x1c00, '.resetvec': 0xfffe },
  });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
  const m = new Machine(fr5994(options));
  const loaded = m.load(r.value.image);
  if (!loaded.ok) throw new Error(loaded.errors[0]?.message);
  m.reset();
  const clocked = m.configureClock(16e6);
  if (!clocked.ok) throw new Error(clocked.errors[0]);
  const frctl = m.peripheral('FRCTL_A') as FramController;
  frctl.resetStats();
  const result = m.run({ maxCycles: 10_000 });
  expect(result.reason).toBe('exit');
  const { dataHits, dataMisses, fetchHits, fetchMisses } = frctl.stats;
  return { dataHits, dataMisses, fetches: fetchHits + fetchMisses, cycles: result.cycles };
}

describe('fr5994({ framCache }): the organisation changes the hits of one access pattern', () => {
  // 8-byte lines: the words are lines 0x880, 0x882, 0x884, 0x886. With 2 sets all four fall in
  // set 0 and evict each other; 16-byte lines 0x440–0x443 split over the two sets instead.
  it.each<[string, Partial<FramCacheConfig>, number, number]>([
    ['default: 2 sets × 2 ways, four lines in one set, LRU: every read misses', {}, 0, 40],
    ['4 ways (fully associative): the four lines stay after the first pass', { ways: 4 }, 36, 4],
    ['1 way (direct-mapped, 4 sets): lines pair up in sets 0 and 2 and thrash', { ways: 1 }, 0, 40],
    ['16-byte lines, 2 ways: two lines per set fit', { lineBytes: 16 }, 36, 4],
  ])('%s', (_, framCache, hits, misses) => {
    const r = runPattern({ framCache });
    expect([r.dataHits, r.dataMisses, r.fetches]).toEqual([hits, misses, 0]);
  });

  it('each miss is one wait state at 16 MHz: 4 ways saves 36 cycles', () => {
    expect(runPattern({}).cycles - runPattern({ framCache: { ways: 4 } }).cycles).toBe(36);
  });

  it('the chip config names the organisation it resolved', () => {
    expect(fr5994().framCache).toEqual(FUSED_CACHE_CONFIG);
    expect(fr5994({ framCache: { ways: 4, replacement: 'fifo' } }).framCache).toEqual({
      ...FUSED_CACHE_CONFIG,
      ways: 4,
      replacement: 'fifo',
    });
  });

  it('an impossible organisation or an unknown field is a RangeError when the config is built', () => {
    expect(() => fr5994({ framCache: { ways: 3 } })).toThrow(/4 lines cannot have 3 ways/);
    expect(() => fr5994({ framCache: { lines: 6, ways: 2 } })).toThrow(RangeError); // 3 sets
    expect(() => fr5994({ framCache: { lineBytes: 12 } })).toThrow(RangeError);
    expect(() => fr5994({ framCache: { lines: 0 } })).toThrow(RangeError);
    const misspelt = { way: 4 } as unknown as Partial<FramCacheConfig>;
    expect(() => fr5994({ framCache: misspelt })).toThrow(/no field 'way'/);
    const policy = { replacement: 'random' } as unknown as Partial<FramCacheConfig>;
    expect(() => fr5994({ framCache: policy })).toThrow(/replacement 'random'/);
  });
});
