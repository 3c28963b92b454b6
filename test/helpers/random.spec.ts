import { describe, expect, it } from 'vitest';

import { mulberry32, randomInt } from './random.js';

/** The 32-bit words behind the floats, so the pin does not depend on float printing. */
function words(seed: number, count: number): number[] {
  const next = mulberry32(seed);
  return Array.from({ length: count }, () => next() * 0x1_0000_0000);
}

describe('mulberry32', () => {
  it('keeps the sequences the seeded specs were written against', () => {
    expect(words(0x430, 4)).toEqual([0x1f6dd6d4, 0x278ca489, 0xe6ab4ca5, 0x9fdaf5ec]);
    expect(words(1, 3)).toEqual([0xa087eaf3, 0x00b349c9, 0x8706c4eb]);
  });

  it('returns floats in [0, 1) and integers below the bound', () => {
    const next = mulberry32(5994);
    for (let i = 0; i < 1000; i++) {
      const x = next();
      expect(x >= 0 && x < 1).toBe(true);
      const n = randomInt(next, 7);
      expect(Number.isInteger(n) && n >= 0 && n < 7).toBe(true);
    }
  });
});
