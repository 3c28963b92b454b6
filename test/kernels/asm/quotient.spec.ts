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
import { i16, i32, loadProgram, u16 } from '../../../runtime/testing/index.js';
import { kernelSources } from '../../../runtime/kernels/sources.js';
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

/**
 * Every 16-bit magnitude, checked on the MCU itself: a driver loops over m inside the emulator
 * (2,048 values per call into an SRAM buffer), so the sweep costs one call per chunk rather
 * than one per value.
 */
const SWEEP_DRIVER = `
        .include "unit.s"
        .text
        ; void sweep(uint16_t *out, uint16_t first_m, uint16_t count, int16_t p)
        .macro SWEEP name, routine
        .global \\name
\\name:  pushm.a #4, r10
        mov     r12, r10            ; out
        mov     r13, r9             ; m
        mov     r14, r8             ; count
        mov     r15, r7             ; P
.Lsweep\\@:
        mov     r9, r12
        mov     r7, r13
        calla   #\\routine
        mov     r12, 0(r10)         ; low word: P = 8 keeps every quotient below 2^16
        incd    r10
        inc     r9
        dec     r8
        jnz     .Lsweep\\@
        popm.a  #4, r10
        reta
        .endm

        SWEEP   sweep_exact, __unit_quot_exact
        SWEEP   sweep_shift_floor, __unit_quot_shift_floor
        SWEEP   sweep_shift_ceil, __unit_quot_shift_ceil
        SWEEP   sweep_tree, __unit_quot_tree
`;

describe('quotient routines over every 16-bit magnitude', () => {
  const sweeper = loadProgram(SWEEP_DRIVER, {
    fileName: 'sweep.s',
    includes: kernelSources(),
    defines: { MUL_MPY32: 0 },
  });
  const CHUNK = 2048;
  const out = sweeper.alloc('u16', CHUNK, { region: 'sram' });
  // The default Q10.5 setting with T = 0.25: P = eT + 2F = -2 + 10 = 8 (unit-method.md §6).
  const P = 8;

  it.each([
    ['sweep_exact', exactQuotientPow2],
    ['sweep_shift_floor', shiftFloorQuotient],
    ['sweep_shift_ceil', shiftCeilQuotient],
    ['sweep_tree', treeQuotient],
  ] as const)('%s gives the twin for m = 1..32768 at P = 8', (driver, twin) => {
    const mismatches: string[] = [];
    for (let first = 1; first <= 0x8000; first += CHUNK) {
      const count = Math.min(CHUNK, 0x8001 - first);
      sweeper.call(driver, [out, u16(first), u16(count), i16(P)], {
        convention: 'calla',
        returns: 'void',
        maxCycles: 50_000_000,
      });
      const got = out.read();
      for (let i = 0; i < count; i++) {
        const m = first + i;
        if (got[i] !== twin(m, P)) mismatches.push(`m=${m}: ${got[i]} vs ${twin(m, P)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
