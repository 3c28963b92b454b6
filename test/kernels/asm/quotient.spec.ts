// kernels/asm/quotient.s and mul16s.s against their twins (kernels/division.ts, fixed.ts).
import { describe, expect, it } from 'vitest';

import {
  exactQuotientPow2,
  exactQuotientRaw,
  shiftCeilQuotient,
  shiftFloorQuotient,
  treeQuotient,
} from '../../../kernels/division.js';
import { mulShiftAdd, requantize } from '../../../kernels/fixed.js';
import { i16, i32, u16 } from '../../../runtime/testing/index.js';
import { library } from './helpers.js';

const program = library('software').program;
const call = (name: string, args: Parameters<typeof program.call>[1]): number =>
  program.call(name, args, { convention: 'calla', returns: 'u32' }).value;

/** Magnitudes worth testing: small ones, every power of two and its neighbours, the extremes. */
function magnitudes(): number[] {
  const set = new Set<number>();
  for (let m = 1; m <= 70; m++) set.add(m);
  for (let k = 0; k <= 15; k++) for (const d of [-1, 0, 1]) set.add(2 ** k + d);
  for (let i = 0; i < 60; i++) set.add(1 + ((i * 2654435761) % 0x8000));
  set.add(0x7fff);
  set.add(0x8000);
  return [...set].filter((m) => m >= 1 && m <= 0x8000).sort((a, b) => a - b);
}

const EXPONENTS = [-16, -3, -1, 0, 1, 5, 8, 10, 15];

describe('kernels/asm/quotient.s', () => {
  const methods = [
    ['__unit_quot_exact', exactQuotientPow2],
    ['__unit_quot_shift_floor', shiftFloorQuotient],
    ['__unit_quot_shift_ceil', shiftCeilQuotient],
    ['__unit_quot_tree', treeQuotient],
  ] as const;

  it.each(methods)('%s matches its twin for every P and sampled magnitudes', (name, twin) => {
    for (const p of EXPONENTS) {
      for (const m of magnitudes()) {
        expect([m, p, call(name, [u16(m), i16(p)])]).toEqual([m, p, twin(m, p)]);
      }
    }
  });

  it('__unit_quot_exact_raw returns the unsaturated 32-bit quotient', () => {
    for (const [tRaw, f] of [
      [0, 5],
      [5, 5],
      [8, 5],
      [32767, 15],
      [1, 0],
      [12345, 7],
    ] as const) {
      for (const m of magnitudes()) {
        const got = call('__unit_quot_exact_raw', [u16(m), u16(tRaw), u16(f)]);
        expect([m, tRaw, f, got]).toEqual([m, tRaw, f, exactQuotientRaw(m, tRaw, f)]);
      }
    }
  });
});

describe('__unit_requant', () => {
  const accumulators = [
    0, 1, -1, 15, 16, 17, -16, -17, 0x7fff, 0x8000, -0x8000, 0x3fffff, -0x400000, 0x7fffffff,
    -0x80000000, 0x7ffffff0, 123456789, -987654321, 1048575, -1048577,
  ];
  it('rounds half up, shifts and saturates as requantize', () => {
    for (let f = 0; f <= 15; f++) {
      for (const acc of accumulators) {
        const got = program.call('__unit_requant', [i32(acc), u16(f)], {
          convention: 'calla',
          returns: 'i16',
        }).value;
        expect([acc, f, got]).toEqual([acc, f, requantize(acc, f)]);
      }
    }
  });
});

describe('__unit_mul16s', () => {
  const values = [0, 1, -1, 2, -2, 3, 5, -7, 100, -100, 0x7fff, -0x8000, 0x1234, -0x4321, 255];
  it('multiplies like mulShiftAdd', () => {
    for (const a of values) {
      for (const b of values) {
        const got = program.call('__unit_mul16s', [i16(a), i16(b)], {
          convention: 'calla',
          returns: 'i32',
        }).value;
        expect([a, b, got]).toEqual([a, b, mulShiftAdd(a, b)]);
      }
    }
  });
});
