// Division approximations checked against their definitions over all 16-bit magnitudes, plus the
// worked Q10.5 examples of unit-method.md §6 and the float32 bit-mask method of §5.3.
import { describe, expect, it } from 'vitest';
import {
  exactQuotientPow2,
  exactQuotientRaw,
  groupThreshold,
  leadingOneIndex,
  magnitude16,
  NOTHING_PASSES,
  passes,
  quotient,
  shiftCeilQuotient,
  shiftFloorQuotient,
  threshold16,
  TREE_PIVOT_EXPONENTS,
  treeExponent,
  treeQuotient,
} from '../../kernels/division.js';
import {
  bitMaskQuotient,
  bitsToFloat32,
  exponentField,
  float32Bits,
} from '../../kernels/float/bitmask.js';

/** Independent formulas: the leading-one index from clz32, powers with BigInt. */
const k = (m: number): number => 31 - Math.clz32(m);
const pow2Floor = (s: number): number => (s < 0 ? 0 : Number(1n << BigInt(s)));
const exactBig = (p: number, m: number): number =>
  p < 0 ? 0 : Number((1n << BigInt(p)) / BigInt(m));

const ALL_MAGNITUDES = Array.from({ length: 32768 }, (_, i) => i + 1);
const SETTINGS: readonly { eT: number; F: number }[] = [
  { eT: -2, F: 5 },
  { eT: -1, F: 5 },
  { eT: 0, F: 5 },
  { eT: 5, F: 5 },
  { eT: -10, F: 5 },
  { eT: -12, F: 5 },
  { eT: -2, F: 0 },
  { eT: 3, F: 0 },
  { eT: -14, F: 7 },
  { eT: -15, F: 15 },
  { eT: -30, F: 15 },
];

describe('magnitude16', () => {
  it.each([
    [0x0000, 0],
    [0x0001, 1],
    [0x7fff, 32767],
    [0x8000, 32768],
    [0x8001, 32767],
    [0xffff, 1],
    [-32768, 32768],
    [-1, 1],
  ])('|%d| = %d', (raw, expected) => {
    expect(magnitude16(raw)).toBe(expected);
  });
});

describe('leading-one index and tree exponent over every magnitude 1..32768', () => {
  it('the shift-counting loop gives floor(log2 m)', () => {
    for (const m of ALL_MAGNITUDES) {
      if (leadingOneIndex(m) !== k(m)) expect.fail(`m = ${m}`);
    }
    expect(leadingOneIndex(0x8000)).toBe(15);
    expect(leadingOneIndex(0)).toBe(-1);
  });

  it('the tree returns the least n with 2^n > m, i.e. k + 1', () => {
    for (const m of ALL_MAGNITUDES) {
      if (treeExponent(m) !== k(m) + 1) expect.fail(`m = ${m}`);
    }
    expect(treeExponent(1)).toBe(1);
    expect(treeExponent(0x8000)).toBe(16);
  });

  it('the pivot tree has 4 levels, root 2^8, then 2^12 | 2^4 (unit-method.md §5.2)', () => {
    expect(TREE_PIVOT_EXPONENTS.map((level) => level.length)).toEqual([1, 2, 4, 8]);
    expect(TREE_PIVOT_EXPONENTS[0]).toEqual([8]);
    expect(TREE_PIVOT_EXPONENTS[1]).toEqual([12, 4]);
  });
});

describe.each(SETTINGS)('quotients for eT = $eT, F = $F over all magnitudes', ({ eT, F }) => {
  const p = eT + 2 * F;
  const pow2 = { kind: 'pow2', eT } as const;

  it('shift-floor = 1 << (eT + 2F - k), negative shift -> 0', () => {
    for (const m of ALL_MAGNITUDES) {
      const expected = pow2Floor(p - k(m));
      if (shiftFloorQuotient(m, p) !== expected) expect.fail(`m = ${m}`);
      if (quotient('shift-floor', m, pow2, F) !== expected) expect.fail(`m = ${m}`);
    }
  });

  it('shift-ceil = 1 << (eT + 2F - k - 1), negative shift -> 0', () => {
    for (const m of ALL_MAGNITUDES) {
      const expected = pow2Floor(p - k(m) - 1);
      if (shiftCeilQuotient(m, p) !== expected) expect.fail(`m = ${m}`);
      if (quotient('shift-ceil', m, pow2, F) !== expected) expect.fail(`m = ${m}`);
    }
  });

  it('tree = shift-ceil', () => {
    for (const m of ALL_MAGNITUDES) {
      if (treeQuotient(m, p) !== shiftCeilQuotient(m, p)) expect.fail(`m = ${m}`);
    }
  });

  it('exact = floor(2^(eT + 2F) / m), and ceil <= exact <= floor', () => {
    for (const m of ALL_MAGNITUDES) {
      const exact = exactQuotientPow2(m, p);
      if (exact !== exactBig(p, m)) expect.fail(`m = ${m}`);
      if (!(shiftCeilQuotient(m, p) <= exact && exact <= shiftFloorQuotient(m, p))) {
        expect.fail(`ordering at m = ${m}`);
      }
    }
  });

  it('the exact integer test equals the real-valued test |o| * |c| > T * 2^(2F)', () => {
    // Sample operands o across the range; BigInt keeps the product exact.
    const target = p < 0 ? 0n : 1n << BigInt(p);
    for (const m of [1, 2, 3, 5, 7, 24, 48, 100, 255, 256, 1000, 32767, 32768]) {
      const t = threshold16('exact', m, pow2, F);
      for (const o of [0, 1, 2, 3, 5, 8, 9, 31, 32, 33, 255, 256, 257, 4096, 32767, 32768]) {
        const real = p < 0 ? o > 0 : BigInt(o) * BigInt(m) > target;
        if (passes(o, t) !== real) expect.fail(`m = ${m}, o = ${o}`);
      }
    }
  });
});

describe('exact quotient with a raw threshold', () => {
  it('is floor(tRaw * 2^F / m) for every magnitude, and saturates to 0xFFFF', () => {
    for (const tRaw of [0, 1, 8, 12345, 32767]) {
      for (const m of ALL_MAGNITUDES) {
        const expected = Number((BigInt(tRaw) << 5n) / BigInt(m));
        if (exactQuotientRaw(m, tRaw, 5) !== expected) expect.fail(`tRaw ${tRaw}, m ${m}`);
        const t = threshold16('exact', m, { kind: 'raw', tRaw }, 5);
        if (t !== Math.min(expected, NOTHING_PASSES)) expect.fail(`t16 tRaw ${tRaw}, m ${m}`);
      }
    }
  });

  it('raw 8 in Q10.5 (T = 0.25) agrees with eT = -2 everywhere', () => {
    for (const m of ALL_MAGNITUDES) {
      if (exactQuotientRaw(m, 8, 5) !== exactQuotientPow2(m, 8)) expect.fail(`m = ${m}`);
    }
  });

  it('T = 0 gives threshold 0: every non-zero operand passes, zero does not', () => {
    expect(threshold16('exact', 77, { kind: 'raw', tRaw: 0 }, 5)).toBe(0);
    expect(passes(1, 0)).toBe(true);
    expect(passes(0, 0)).toBe(false);
  });

  it('a raw threshold with an approximate method is NaN (prepare rejects it)', () => {
    expect(quotient('tree', 3, { kind: 'raw', tRaw: 8 }, 5)).toBeNaN();
  });

  it('a zero operand means nothing passes', () => {
    expect(quotient('exact', 0, { kind: 'pow2', eT: -2 }, 5)).toBe(Infinity);
    expect(threshold16('shift-floor', 0, { kind: 'pow2', eT: -2 }, 5, 3)).toBe(NOTHING_PASSES);
  });
});

describe('group shifts: T_g = T / 2^d equals the quotient for exponent eT - d', () => {
  it.each([
    ['exact', -2],
    ['shift-floor', -2],
    ['shift-ceil', 0],
    ['tree', 3],
  ] as const)('%s, eT = %d, d = 0..15, all magnitudes', (method, eT) => {
    for (let d = 0; d <= 15; d++) {
      for (const m of ALL_MAGNITUDES) {
        const shifted = groupThreshold(quotient(method, m, { kind: 'pow2', eT }, 5), d);
        const direct = threshold16(method, m, { kind: 'pow2', eT: eT - d }, 5);
        if (shifted !== direct) expect.fail(`d = ${d}, m = ${m}`);
      }
    }
  });

  it('exact with a raw T: floor(floor(N/m) / 2^d) = floor(N / (m 2^d)), before saturation', () => {
    for (let d = 0; d <= 15; d++) {
      for (const m of [1, 2, 3, 7, 100, 32768]) {
        const n = 32767n << 5n;
        const expected = Number(n / (BigInt(m) << BigInt(d)));
        const got = groupThreshold(exactQuotientRaw(m, 32767, 5), d);
        expect(got).toBe(Math.min(expected, NOTHING_PASSES));
      }
    }
  });
});

describe('worked Q10.5 examples (unit-method.md §6), T = 0.25', () => {
  const T = { kind: 'pow2', eT: -2 } as const;
  it('FC: x = 1.5 (raw 48, k = 5): exact 5, floor 8, ceil 4, tree 4', () => {
    expect(threshold16('exact', 48, T, 5)).toBe(5); // 5.33 floored
    expect(threshold16('shift-floor', 48, T, 5)).toBe(8);
    expect(threshold16('shift-ceil', 48, T, 5)).toBe(4);
    expect(threshold16('tree', 48, T, 5)).toBe(4);
    // weight raw 5: exact skip, floor skip, ceil keep; raw 6: keep, skip, keep
    expect([5, 6].map((w) => passes(w, 5))).toEqual([false, true]);
    expect([5, 6].map((w) => passes(w, 8))).toEqual([false, false]);
    expect([5, 6].map((w) => passes(w, 4))).toEqual([true, true]);
  });

  it('conv: w = -0.75 (raw -24, k = 4): exact 10, floor 16, ceil 8', () => {
    const m = magnitude16(-24);
    expect(threshold16('exact', m, T, 5)).toBe(10); // 10.67 floored
    expect(threshold16('shift-floor', m, T, 5)).toBe(16);
    expect(threshold16('shift-ceil', m, T, 5)).toBe(8);
    // activation raw 12 keeps under exact and ceil, raw 9 only under ceil
    expect([12, 9].map((x) => passes(x, 10))).toEqual([true, false]);
    expect([12, 9].map((x) => passes(x, 8))).toEqual([true, true]);
  });

  it('x = 1/32 (raw 1): exact 256, floor 256, ceil 128; T = 0.5 adds one to each shift', () => {
    expect(threshold16('exact', 1, T, 5)).toBe(256);
    expect(threshold16('shift-floor', 1, T, 5)).toBe(256);
    expect(threshold16('shift-ceil', 1, T, 5)).toBe(128);
    expect(threshold16('shift-floor', 48, { kind: 'pow2', eT: -1 }, 5)).toBe(16);
  });

  it('|c| = 0x8000 (-32768 = -1024.0): k = 15, all methods give 0 for T = 0.25', () => {
    for (const method of ['exact', 'shift-floor', 'shift-ceil', 'tree'] as const) {
      expect(threshold16(method, magnitude16(-32768), T, 5)).toBe(0);
    }
    // With P = 15 (eT = 5, F = 5): exact 1, floor 1, ceil 0.
    const big = { kind: 'pow2', eT: 5 } as const;
    expect(threshold16('exact', 0x8000, big, 5)).toBe(1);
    expect(threshold16('shift-floor', 0x8000, big, 5)).toBe(1);
    expect(threshold16('shift-ceil', 0x8000, big, 5)).toBe(0);
    expect(threshold16('shift-floor', 1, big, 5)).toBe(0x8000);
  });
});

describe('float32 bit-mask quotient (unit-method.md §5.3)', () => {
  it('c = 3.0, T = 0.25 gives 0.125 (bits 0x3E000000)', () => {
    expect(float32Bits(3)).toBe(0x40400000);
    expect(exponentField(0.25)).toBe(125);
    expect(float32Bits(bitMaskQuotient(0.25, 3))).toBe(0x3e000000);
  });

  it('is exact when c is a power of two, and never below T/|c| for power-of-two T', () => {
    expect(bitMaskQuotient(0.25, 4)).toBe(0.0625);
    expect(bitMaskQuotient(0.5, -0.125)).toBe(4);
    for (let i = 1; i < 2000; i++) {
      const c = i * 0.0137;
      const q = bitMaskQuotient(0.25, c);
      const exact = 0.25 / c;
      if (!(q >= Math.fround(exact) * (1 - 1e-7) && q < 2 * exact)) expect.fail(`c = ${c}`);
    }
  });

  it('guards the exponent field: <= 0 gives 0, >= 255 gives Infinity, c = 0 Infinity', () => {
    expect(bitMaskQuotient(2 ** -100, 2 ** 100)).toBe(0);
    expect(bitMaskQuotient(2 ** 100, 2 ** -100)).toBe(Infinity);
    expect(bitMaskQuotient(0.25, 0)).toBe(Infinity);
    expect(bitMaskQuotient(0, 3)).toBe(0);
    expect(bitsToFloat32(0x3f800000)).toBe(1);
  });
});
