// Fixed-point contract: two's-complement helpers at the 0x7FFF/0x8000 boundaries, 32-bit wrap
// accumulation, requantisation (round half up, arithmetic shift, saturate) and the software
// shift-and-add multiply.
import { describe, expect, it } from 'vitest';
import {
  addSat16,
  addWrap16,
  biasTerm,
  fmul,
  fromReal,
  mac32,
  mul16,
  mulShiftAdd,
  requantize,
  roundingTerm,
  saturate16,
  toInt16,
  toReal,
  toUint16,
  wrapInt32,
} from '../../kernels/fixed.js';

describe('two-complement helpers', () => {
  it.each([
    [0x7fff, 32767],
    [0x8000, -32768],
    [0x8001, -32767],
    [0xffff, -1],
    [0x10000, 0],
    [0x17fff, 32767],
    [-32769, 32767],
    [32768, -32768],
  ])('toInt16(0x%s) = %d', (word, value) => {
    expect(toInt16(word)).toBe(value);
  });

  it.each([
    [32767, 0x7fff],
    [-32768, 0x8000],
    [-1, 0xffff],
    [0, 0],
  ])('toUint16(%d) = %d', (value, word) => {
    expect(toUint16(value)).toBe(word);
  });

  it('wrapInt32 is modulo 2^32 around 0x7FFFFFFF / 0x80000000', () => {
    expect(wrapInt32(0x7fffffff)).toBe(0x7fffffff);
    expect(wrapInt32(0x80000000)).toBe(-0x80000000);
    expect(wrapInt32(0xffffffff)).toBe(-1);
    expect(wrapInt32(-0x80000001)).toBe(0x7fffffff);
    expect(wrapInt32(2 ** 40 + 5)).toBe(5);
  });

  it('saturating and wrapping int16 additions at the edges', () => {
    expect(addSat16(32767, 1)).toBe(32767);
    expect(addSat16(-32768, -1)).toBe(-32768);
    expect(addSat16(-32768, 32767)).toBe(-1);
    expect(addWrap16(32767, 1)).toBe(-32768);
    expect(addWrap16(-32768, -1)).toBe(32767);
    expect(saturate16(40000)).toBe(32767);
    expect(saturate16(-40000)).toBe(-32768);
  });
});

describe('32-bit accumulation wraps as MACS does with 16-bit operands', () => {
  it('two products of (-32768)^2 = 2^30 make 2^31, which wraps to INT32_MIN', () => {
    let acc = 0;
    acc = mac32(acc, -32768, -32768);
    expect(acc).toBe(2 ** 30);
    acc = mac32(acc, -32768, -32768);
    expect(acc).toBe(-(2 ** 31));
  });

  it('the result does not depend on the order of the terms', () => {
    const terms: [number, number][] = [
      [32767, 32767],
      [-32768, 32767],
      [32767, 32767],
      [32767, 32767],
      [-5, 7],
    ];
    const forward = terms.reduce((acc, [a, b]) => mac32(acc, a, b), 0);
    const backward = [...terms].reverse().reduce((acc, [a, b]) => mac32(acc, a, b), 0);
    expect(forward).toBe(backward);
    expect(forward).toBe(wrapInt32(terms.reduce((s, [a, b]) => s + a * b, 0)));
  });
});

describe('requantize: + 1 << (F-1), >> F (arithmetic), saturate', () => {
  it.each([
    // acc, F, expected — comments give the real values with 2F = 10 fractional bits
    [0, 5, 0],
    [16, 5, 1], // 16/1024 = 0.015625 = half an LSB of Q10.5 -> rounds up to 1/32
    [15, 5, 0], // just below half -> 0
    [-16, 5, 0], // -half -> rounds toward +infinity: 0
    [-17, 5, -1], // just below -half -> -1/32
    [48 * 32, 5, 48], // 1.5 * 1.0 -> raw 48
    [32767 * 32, 5, 32767],
    [32767 * 32 + 16, 5, 32767], // rounds to 32768, saturates
    [-32768 * 32, 5, -32768],
    [-32768 * 32 - 17, 5, -32768], // saturates low
    [2 ** 30, 5, 32767],
    [-(2 ** 31), 5, -32768],
    [0x7fffffff, 5, -32768], // the rounding add wraps: documented, as ADD/ADDC do
    [123, 0, 123], // F = 0: no rounding term, no shift
    [-(2 ** 31), 0, -32768],
    [3 << 14, 15, 2], // 1.5 LSB -> 2 (half up)
    [1 << 14, 15, 1], // 0.5 LSB -> 1
  ])('requantize(%d, F=%d) = %d', (acc, fracBits, expected) => {
    expect(requantize(acc, fracBits)).toBe(expected);
  });

  it('rounding term and bias alignment', () => {
    expect(roundingTerm(5)).toBe(16);
    expect(roundingTerm(0)).toBe(0);
    expect(biasTerm(-3, 5)).toBe(-96);
    expect(biasTerm(-32768, 15)).toBe(-(2 ** 30));
  });

  it('fmul is SONIC f_mul: 1.5 * 2.25 = 3.375 in Q10.5', () => {
    expect(fmul(48, 72, 5)).toBe(108);
    expect(fmul(32767, 32767, 5)).toBe(32767);
    expect(fmul(-32768, 32767, 5)).toBe(-32768);
  });

  it('fromReal / toReal round-trip and saturate', () => {
    expect(fromReal(0.25, 5)).toBe(8);
    expect(fromReal(-0.75, 5)).toBe(-24);
    expect(fromReal(1 / 64, 5)).toBe(1); // half an LSB rounds away from zero
    expect(fromReal(-1 / 64, 5)).toBe(-1);
    expect(Object.is(fromReal(-0.001, 5), 0)).toBe(true);
    expect(fromReal(5000, 5)).toBe(32767);
    expect(toReal(-24, 5)).toBe(-0.75);
  });
});

describe('software shift-and-add multiply', () => {
  const edges = [0, 1, -1, 2, -2, 255, 256, 32767, -32768, -32767, 12345, -23456];
  it('equals a * b on every pair of edge values', () => {
    for (const a of edges) {
      for (const b of edges) {
        expect(mulShiftAdd(a, b), `${a} * ${b}`).toBe(mul16(a, b));
        expect(mul16(a, b)).toBe((a * b) | 0);
      }
    }
  });

  it('equals a * b for a sweep of b over all 65536 words with fixed a', () => {
    for (const a of [-32768, -3, 7, 32767]) {
      for (let word = 0; word < 0x10000; word++) {
        const b = toInt16(word);
        if (mulShiftAdd(a, b) !== a * b) expect.fail(`${a} * ${b}`);
      }
    }
  });
});
