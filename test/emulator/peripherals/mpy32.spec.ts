import { describe, expect, it } from 'vitest';

import {
  MAC,
  MAC32H,
  MAC32L,
  MACS,
  MACS32H,
  MACS32L,
  MPY,
  MPY32CTL0,
  MPY32H,
  MPY32L,
  MPYC,
  MPYDLY32,
  MPYDLYWRTEN,
  MPYFRAC,
  MPYOP1_32,
  MPYOP2_32,
  MPYS,
  MPYS32H,
  MPYS32L,
  MPYSAT,
  Mpy32,
  OP2,
  OP2H,
  OP2L,
  RES0,
  RES1,
  RES2,
  RES3,
  RESHI,
  RESLO,
  SUMEXT,
  multiply,
  type MpyMode,
} from '../../../emulator/peripherals/mpy32.js';
import { FakeContext } from './fake-context.js';

type Width = 8 | 16 | 24 | 32;

const OP1_REGS: Record<MpyMode, { base: number; l32: number; h32: number }> = {
  MPY: { base: MPY, l32: MPY32L, h32: MPY32H },
  MPYS: { base: MPYS, l32: MPYS32L, h32: MPYS32H },
  MAC: { base: MAC, l32: MAC32L, h32: MAC32H },
  MACS: { base: MACS, l32: MACS32L, h32: MACS32H },
};

function setup(): { ctx: FakeContext; mpy: Mpy32 } {
  const ctx = new FakeContext();
  const mpy = new Mpy32(ctx);
  mpy.reset();
  ctx.cycle = 1000;
  return { ctx, mpy };
}

/** Write OP1 the way firmware does for an operand of `width` bits. */
function writeOp1(mpy: Mpy32, mode: MpyMode, width: Width, value: number): void {
  const r = OP1_REGS[mode];
  if (width === 8) mpy.write8(r.base, value & 0xff);
  else if (width === 16) mpy.write16(r.base, value & 0xffff);
  else {
    mpy.write16(r.l32, value & 0xffff);
    if (width === 24) mpy.write8(r.h32, (value >>> 16) & 0xff);
    else mpy.write16(r.h32, (value >>> 16) & 0xffff);
  }
}

function writeOp2(mpy: Mpy32, width: Width, value: number): void {
  if (width === 8) mpy.write8(OP2, value & 0xff);
  else if (width === 16) mpy.write16(OP2, value & 0xffff);
  else {
    mpy.write16(OP2L, value & 0xffff);
    if (width === 24) mpy.write8(OP2H, (value >>> 16) & 0xff);
    else mpy.write16(OP2H, (value >>> 16) & 0xffff);
  }
}

function readRes(mpy: Mpy32): bigint {
  return (
    (BigInt(mpy.read16(RES3)) << 48n) |
    (BigInt(mpy.read16(RES2)) << 32n) |
    (BigInt(mpy.read16(RES1)) << 16n) |
    BigInt(mpy.read16(RES0))
  );
}

function preloadRes(mpy: Mpy32, value: bigint): void {
  mpy.write16(RES0, Number(value & 0xffffn));
  mpy.write16(RES1, Number((value >> 16n) & 0xffffn));
  mpy.write16(RES2, Number((value >> 32n) & 0xffffn));
  mpy.write16(RES3, Number((value >> 48n) & 0xffffn));
}

/** Independent reference of one operation (UG367 §5.2, Table 5-4), written with BigInt. */
function reference(
  mode: MpyMode,
  w1: Width,
  v1: number,
  w2: Width,
  v2: number,
  acc: bigint,
): { res: bigint; sumext: number; mpyc: boolean } {
  const signed = mode === 'MPYS' || mode === 'MACS';
  const operand = (w: Width, v: number): bigint => {
    const raw = BigInt(v) & ((1n << BigInt(w)) - 1n);
    return signed ? BigInt.asIntN(w, raw) : raw;
  };
  const wide = w1 > 16 || w2 > 16;
  const n = wide ? 64 : 32;
  const p = operand(w1, v1) * operand(w2, v2);
  const accN = BigInt.asUintN(n, acc);
  let exact: bigint;
  if (mode === 'MPY' || mode === 'MPYS') exact = p;
  else if (mode === 'MAC') exact = accN + p;
  else exact = BigInt.asIntN(n, accN) + p;
  const res = BigInt.asUintN(64, exact);
  const storedSign = ((BigInt.asUintN(n, exact) >> BigInt(n - 1)) & 1n) === 1n;
  switch (mode) {
    case 'MPY':
      return { res, sumext: 0, mpyc: false };
    case 'MPYS':
      return { res, sumext: exact < 0n ? 0xffff : 0, mpyc: exact < 0n };
    case 'MAC': {
      const carry = exact >= 1n << BigInt(n);
      return { res, sumext: carry ? 1 : 0, mpyc: carry };
    }
    case 'MACS':
      return { res, sumext: storedSign ? 0xffff : 0, mpyc: exact < 0n };
  }
}

const WIDTHS: Width[] = [8, 16, 24, 32];
const MODES: MpyMode[] = ['MPY', 'MPYS', 'MAC', 'MACS'];
const NEGATIVE_LOOKING: Record<Width, number> = {
  8: 0x9c,
  16: 0xb3a1,
  24: 0x8f1234,
  32: 0xdeadbeef,
};
const POSITIVE: Record<Width, number> = { 8: 0x5a, 16: 0x7abc, 24: 0x6e5432, 32: 0x76543210 };
const PRELOAD = 0x1234_5678_9abc_def0n;

describe('MPY32 every mode × operand width (8/16/24/32 each side)', () => {
  for (const mode of MODES) {
    for (const w1 of WIDTHS) {
      for (const w2 of WIDTHS) {
        for (const [label, v1, v2] of [
          ['high bit set', NEGATIVE_LOOKING[w1], NEGATIVE_LOOKING[w2]],
          ['mixed signs', POSITIVE[w1], NEGATIVE_LOOKING[w2]],
        ] as const) {
          it(`${mode} ${w1}×${w2}, ${label}`, () => {
            const { ctx, mpy } = setup();
            preloadRes(mpy, PRELOAD);
            writeOp1(mpy, mode, w1, v1);
            writeOp2(mpy, w2, v2);
            ctx.cycle += 20;
            const want = reference(mode, w1, v1, w2, v2, PRELOAD);
            expect(readRes(mpy)).toBe(want.res);
            expect(mpy.read16(SUMEXT)).toBe(want.sumext);
            expect((mpy.read16(MPY32CTL0) & MPYC) !== 0).toBe(want.mpyc);
            const ctl = mpy.read16(MPY32CTL0);
            expect((ctl & MPYOP1_32) !== 0).toBe(w1 > 16);
            expect((ctl & MPYOP2_32) !== 0).toBe(w2 > 16);
            expect((ctl >> 4) & 3).toBe(MODES.indexOf(mode));
            expect(ctx.events).toEqual([]);
          });
        }
      }
    }
  }
});

describe('MPY32 register aliases and byte operands', () => {
  it('MPY and MPY32L are one register; RESLO/RESHI alias RES0/RES1', () => {
    const { ctx, mpy } = setup();
    mpy.write16(MPY32L, 0x1234);
    expect(mpy.read16(MPY)).toBe(0x1234);
    mpy.write16(OP2, 0x0010);
    ctx.cycle += 10;
    expect(mpy.read16(RESLO)).toBe(0x2340);
    expect(mpy.read16(RES0)).toBe(0x2340);
    expect(mpy.read16(RESHI)).toBe(0x0001);
    expect(mpy.read16(RES1)).toBe(0x0001);
  });

  it('a byte written to MPYS_B is sign-extended, to MPY_B zero-extended', () => {
    const { mpy } = setup();
    mpy.write8(MPYS, 0x82);
    expect(mpy.read16(MPYS)).toBe(0xff82);
    mpy.write8(MPY, 0x82);
    expect(mpy.read16(MPY)).toBe(0x0082);
  });

  it('OP2_B is sign-extended in the signed mode selected by the OP1 address', () => {
    const { ctx, mpy } = setup();
    mpy.write16(MACS, 0x0002);
    mpy.write8(OP2, 0xff); // −1
    ctx.cycle += 10;
    expect(mpy.read16(OP2)).toBe(0xffff);
    expect(mpy.read16(RES0)).toBe(0xfffe);
    expect(mpy.read16(RES1)).toBe(0xffff);
  });

  it('OP1 width is that of the last OP1 address: xx32L then xx32H → 32, xx32H then xx32L → 16', () => {
    const { ctx, mpy } = setup();
    mpy.write16(MPY32L, 0x0002);
    mpy.write16(MPY32H, 0x0001);
    expect(mpy.read16(MPY32CTL0) & MPYOP1_32).toBe(MPYOP1_32);
    mpy.write16(MPY32H, 0x0001);
    mpy.write16(MPY32L, 0x0002);
    expect(mpy.read16(MPY32CTL0) & MPYOP1_32).toBe(0);
    mpy.write16(OP2, 0x0003);
    ctx.cycle += 10;
    // The high word stays in MPY32H but is ignored by the 16-bit operation: 2 × 3.
    expect(mpy.read16(MPY32H)).toBe(0x0001);
    expect(readRes(mpy)).toBe(6n);
  });

  it('UG367 §5.2.4.2 example: 32×24 unsigned multiply with OP2H_B', () => {
    const { ctx, mpy } = setup();
    mpy.write16(MPY32L, 0x52c5);
    mpy.write16(MPY32H, 0x6153);
    mpy.write16(OP2L, 0x01ab);
    mpy.write8(OP2H, 0x23);
    ctx.cycle += 20;
    expect(mpy.read16(RES0)).toBe(0x0e97);
    expect(mpy.read16(RES1)).toBe(0xa6ea);
    expect(mpy.read16(RES2)).toBe(0x4f06);
    expect(mpy.read16(RES3)).toBe(0x000d);
    expect(mpy.read16(MPY32CTL0) & MPYC).toBe(0);
  });
});

describe('MPY32 OP2L/OP2H start rules', () => {
  it('OP2H without a preceding OP2L is ignored and reported', () => {
    const { ctx, mpy } = setup();
    mpy.write16(MPY, 3);
    mpy.write16(OP2, 5);
    ctx.cycle += 10;
    mpy.write16(OP2H, 0x7777);
    ctx.cycle += 10;
    expect(readRes(mpy)).toBe(15n);
    expect(mpy.read16(OP2H)).toBe(0);
    expect(ctx.eventsOf('ignored-write')).toHaveLength(1);
  });

  it('OP2L alone starts nothing; OP2H then computes with the 32-bit OP2', () => {
    const { ctx, mpy } = setup();
    mpy.write16(MPY, 3);
    mpy.write16(OP2L, 1);
    ctx.cycle += 10;
    expect(readRes(mpy)).toBe(0n);
    mpy.write16(OP2H, 1);
    ctx.cycle += 10;
    expect(readRes(mpy)).toBe(3n * 0x1_0001n);
    // A second OP2H without a new OP2L is ignored.
    mpy.write16(OP2H, 2);
    ctx.cycle += 10;
    expect(readRes(mpy)).toBe(3n * 0x1_0001n);
  });
});

describe('MPY32 MAC/MACS accumulation chains', () => {
  it('MACS 16×16 dot product of Q15 values accumulates in 32 bits', () => {
    const { ctx, mpy } = setup();
    const a = [0x7fff, 0x8000, 0x1234, 0xfedc, 0x4000];
    const b = [0x7fff, 0x7fff, 0x8000, 0x0321, 0xc000];
    preloadRes(mpy, 0n);
    let want = 0n;
    for (let i = 0; i < a.length; i++) {
      mpy.write16(MACS, a[i] ?? 0);
      mpy.write16(OP2, b[i] ?? 0);
      ctx.cycle += 5;
      want += BigInt.asIntN(16, BigInt(a[i] ?? 0)) * BigInt.asIntN(16, BigInt(b[i] ?? 0));
    }
    // Sum: 0x3fff0001 − 0x3fff8000 − 0x091a0000 − 0x000391a4 − 0x10000000 = −0x191e11a3.
    expect(want).toBe(-0x191e11a3n);
    const lo = Number(BigInt.asUintN(32, want));
    expect(mpy.read16(RESLO)).toBe(lo & 0xffff);
    expect(mpy.read16(RESHI)).toBe(lo >>> 16);
    expect(mpy.read16(SUMEXT)).toBe(0xffff);
  });

  it('MAC 16×16 chain overflowing 32 bits sets the carry, then the next MAC restarts from RES1:RES0', () => {
    const { ctx, mpy } = setup();
    preloadRes(mpy, 0xffff_0000n);
    mpy.write16(MAC, 0x0100);
    mpy.write16(OP2, 0x0100); // + 0x10000 → 0x1_0000_0000
    ctx.cycle += 5;
    expect(mpy.read16(RES0)).toBe(0);
    expect(mpy.read16(RES1)).toBe(0);
    expect(mpy.read16(SUMEXT)).toBe(1);
    expect(mpy.read16(MPY32CTL0) & MPYC).toBe(MPYC);
    mpy.write16(OP2, 0x0002); // 0 + 0x200 (the carry is not accumulated)
    ctx.cycle += 5;
    expect(mpy.read16(RES0)).toBe(0x0200);
    expect(mpy.read16(RES1)).toBe(0);
    expect(mpy.read16(SUMEXT)).toBe(0);
  });

  it('MACS with a 32-bit operand accumulates all 64 bits', () => {
    const { ctx, mpy } = setup();
    preloadRes(mpy, BigInt.asUintN(64, -5n));
    mpy.write16(MACS32L, 0x0000);
    mpy.write16(MACS32H, 0x0001); // 0x10000
    mpy.write16(OP2, 0xffff); // −1
    ctx.cycle += 20;
    expect(readRes(mpy)).toBe(BigInt.asUintN(64, -5n - 0x10000n));
    expect(mpy.read16(SUMEXT)).toBe(0xffff);
    mpy.write16(OP2, 0x0002); // + 0x20000
    ctx.cycle += 20;
    expect(readRes(mpy)).toBe(0xfffbn);
    expect(mpy.read16(SUMEXT)).toBe(0);
  });
});

describe('MPY32 SUMEXT and MPYC (UG367 Table 5-4)', () => {
  const cases: {
    name: string;
    pre: bigint;
    op1Reg: number;
    op1: number;
    op2: number;
    sumext: number;
    mpyc: number;
  }[] = [
    { name: 'MPY: always 0', pre: 0n, op1Reg: MPY, op1: 0xffff, op2: 0xffff, sumext: 0, mpyc: 0 },
    { name: 'MPYS ≥ 0', pre: 0n, op1Reg: MPYS, op1: 0x8000, op2: 0x8000, sumext: 0, mpyc: 0 },
    { name: 'MPYS < 0', pre: 0n, op1Reg: MPYS, op1: 0x8000, op2: 0x0001, sumext: 0xffff, mpyc: 1 },
    { name: 'MAC no carry', pre: 0xfffe_ffffn, op1Reg: MAC, op1: 1, op2: 1, sumext: 0, mpyc: 0 },
    { name: 'MAC carry', pre: 0xffff_ffffn, op1Reg: MAC, op1: 1, op2: 1, sumext: 1, mpyc: 1 },
    { name: 'MACS 5 + (−3)', pre: 5n, op1Reg: MACS, op1: 0xfffd, op2: 1, sumext: 0, mpyc: 0 },
    { name: 'MACS −1', pre: 0n, op1Reg: MACS, op1: 0xffff, op2: 1, sumext: 0xffff, mpyc: 1 },
    // Positive overflow: 0x7fffffff + 1 reads 0x80000000; SUMEXT shows that sign, MPYC the true one.
    {
      name: 'MACS overflow',
      pre: 0x7fff_ffffn,
      op1Reg: MACS,
      op1: 1,
      op2: 1,
      sumext: 0xffff,
      mpyc: 0,
    },
    // Negative underflow: 0x80000000 − 1 reads 0x7fffffff.
    {
      name: 'MACS underflow',
      pre: 0x8000_0000n,
      op1Reg: MACS,
      op1: 0xffff,
      op2: 1,
      sumext: 0,
      mpyc: 1,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { ctx, mpy } = setup();
      preloadRes(mpy, c.pre);
      mpy.write16(c.op1Reg, c.op1);
      mpy.write16(OP2, c.op2);
      ctx.cycle += 5;
      expect(mpy.read16(SUMEXT)).toBe(c.sumext);
      expect(mpy.read16(MPY32CTL0) & MPYC).toBe(c.mpyc);
    });
  }

  it('64-bit MAC carry is decided on bit 64', () => {
    const { ctx, mpy } = setup();
    preloadRes(mpy, 0xffff_ffff_ffff_ffffn);
    mpy.write16(MAC32L, 1);
    mpy.write16(MAC32H, 0);
    mpy.write16(OP2, 1);
    ctx.cycle += 20;
    expect(readRes(mpy)).toBe(0n);
    expect(mpy.read16(SUMEXT)).toBe(1);
    expect(mpy.read16(MPY32CTL0) & MPYC).toBe(MPYC);
  });

  it('16×16 MAC decides on the 32-bit result even when RES3:RES2 are full', () => {
    const { ctx, mpy } = setup();
    preloadRes(mpy, 0xffff_ffff_0000_0000n);
    mpy.write16(MAC, 1);
    mpy.write16(OP2, 1);
    ctx.cycle += 5;
    expect(mpy.read16(SUMEXT)).toBe(0);
    expect(mpy.read16(RES0)).toBe(1);
  });
});

describe('MPY32 fractional mode', () => {
  function frac16(op1: number, op2: number, ctl: number): { hi: number; lo: number } {
    const { ctx, mpy } = setup();
    mpy.write16(MPY32CTL0, ctl);
    mpy.write16(MPYS, op1);
    mpy.write16(OP2, op2);
    ctx.cycle += 5;
    return { hi: mpy.read16(RES1), lo: mpy.read16(RES0) };
  }

  it('0.5 × 0.5 reads 0.25 in RES1 (Q15)', () => {
    expect(frac16(0x4000, 0x4000, MPYFRAC)).toEqual({ hi: 0x2000, lo: 0 });
  });

  it('0x7FFF × 0x7FFF reads 0x7FFE:0002', () => {
    // 0x3FFF0001 << 1
    expect(frac16(0x7fff, 0x7fff, MPYFRAC)).toEqual({ hi: 0x7ffe, lo: 0x0002 });
  });

  it('−1.0 × −1.0 wraps to −1.0 without saturation', () => {
    expect(frac16(0x8000, 0x8000, MPYFRAC)).toEqual({ hi: 0x8000, lo: 0 });
  });

  it('−1.0 × −1.0 saturates to the most positive value with MPYSAT', () => {
    expect(frac16(0x8000, 0x8000, MPYFRAC | MPYSAT)).toEqual({ hi: 0x7fff, lo: 0xffff });
  });

  it('−1.0 × 0x7FFF stays in range with saturation', () => {
    // 0x8000 × 0x7FFF = −0x3FFF8000 = 0xC0008000, << 1 = 0x80010000
    expect(frac16(0x8000, 0x7fff, MPYFRAC | MPYSAT)).toEqual({ hi: 0x8001, lo: 0 });
  });

  it('the stored result is unchanged: clearing MPYFRAC reads the Q30 product', () => {
    const { ctx, mpy } = setup();
    mpy.write16(MPY32CTL0, MPYFRAC);
    mpy.write16(MPYS, 0x4000);
    mpy.write16(OP2, 0x4000);
    ctx.cycle += 5;
    mpy.write16(MPY32CTL0, mpy.read16(MPY32CTL0) & ~MPYFRAC);
    expect(mpy.read16(RES1)).toBe(0x1000);
  });

  it('Q31 × Q31: 0x7FFFFFFF² reads 0x7FFFFFFE_00000002, −1.0² saturates to all-ones', () => {
    const run = (v: number, ctl: number): bigint => {
      const { ctx, mpy } = setup();
      mpy.write16(MPY32CTL0, ctl);
      mpy.write16(MPYS32L, v & 0xffff);
      mpy.write16(MPYS32H, v >>> 16);
      mpy.write16(OP2L, v & 0xffff);
      mpy.write16(OP2H, v >>> 16);
      ctx.cycle += 20;
      return readRes(mpy);
    };
    expect(run(0x7fffffff, MPYFRAC)).toBe(0x7fff_fffe_0000_0002n);
    expect(run(0x80000000, MPYFRAC)).toBe(0x8000_0000_0000_0000n);
    expect(run(0x80000000, MPYFRAC | MPYSAT)).toBe(0x7fff_ffff_ffff_ffffn);
    expect(run(0x7fffffff, MPYFRAC | MPYSAT)).toBe(0x7fff_fffe_0000_0002n);
  });

  it('SUMEXT holds the sign-extended bits 33:32 of the shifted result; MPYC unchanged', () => {
    const { ctx, mpy } = setup();
    mpy.write16(MPY32CTL0, MPYFRAC);
    mpy.write16(MPYS, 0x8000);
    mpy.write16(OP2, 0x4000); // −0.5: stored 0xE0000000, MPYC 1
    ctx.cycle += 5;
    expect(mpy.read16(SUMEXT)).toBe(0xffff);
    expect(mpy.read16(MPY32CTL0) & MPYC).toBe(MPYC);
    mpy.write16(MPY, 0xffff);
    mpy.write16(OP2, 0xffff); // unsigned 0xFFFE0001: bit 31 set, no carry
    ctx.cycle += 5;
    expect(mpy.read16(SUMEXT)).toBe(0x0001);
    expect(mpy.read16(MPY32CTL0) & MPYC).toBe(0);
  });
});

describe('MPY32 saturation mode', () => {
  it('UG367 example: 16×16 MACS after a saturated 32×24 result', () => {
    const { ctx, mpy } = setup();
    mpy.write16(MPY32CTL0, MPYSAT);
    mpy.write16(MPY32L, 0x52c5);
    mpy.write16(MPY32H, 0x6153);
    mpy.write16(OP2L, 0x01ab);
    mpy.write8(OP2H, 0x23);
    ctx.cycle += 20;
    expect(mpy.read16(RES1)).toBe(0xa6ea);
    mpy.write16(MACS, 0xccc3);
    mpy.write16(OP2, 0xffb6);
    ctx.cycle += 20;
    expect(mpy.read16(RESLO)).toBe(0xffff);
    expect(mpy.read16(RESHI)).toBe(0x7fff);
  });

  it('UG367 example: preloaded zero with MPYC set saturates to the most negative value', () => {
    const { ctx, mpy } = setup();
    preloadRes(mpy, 0n);
    mpy.write16(MPY32CTL0, MPYSAT | MPYC);
    mpy.write8(MACS, 0x82);
    mpy.write8(OP2, 0x4f);
    ctx.cycle += 5;
    expect(mpy.read16(RES0)).toBe(0x0000);
    expect(mpy.read16(RES1)).toBe(0x8000);
  });

  it('UG367 example: fractional + saturation, 0x7FFF_FA60 + 0x5A0 reads 0x7FFF_FFFF', () => {
    const { ctx, mpy } = setup();
    mpy.write16(MPY32CTL0, MPYFRAC | MPYSAT);
    preloadRes(mpy, 0x7fff_fa60n);
    mpy.write8(MACS, 0x50);
    mpy.write8(OP2, 0x12);
    ctx.cycle += 5;
    expect(mpy.read16(RES0)).toBe(0xffff);
    expect(mpy.read16(RES1)).toBe(0x7fff);
    expect(mpy.read16(MPY32CTL0) & MPYC).toBe(0);
    // The stored result is unchanged: without MPYSAT/MPYFRAC it reads 0x7FFF_FA60 + 0x5A0 =
    // 0x8000_0000 (UG367's text says 8000 059Fh, which is not the sum it describes).
    mpy.write16(MPY32CTL0, (mpy.read16(MPY32CTL0) & ~(MPYSAT | MPYFRAC)) >>> 0);
    expect(mpy.read16(RES0)).toBe(0x0000);
    expect(mpy.read16(RES1)).toBe(0x8000);
  });

  it('16×16 saturation clamps RES1:RES0 only', () => {
    const { ctx, mpy } = setup();
    mpy.write16(MPY32CTL0, MPYSAT);
    preloadRes(mpy, 0x1234_5678_7fff_ffffn);
    mpy.write16(MACS, 1);
    mpy.write16(OP2, 1);
    ctx.cycle += 5;
    expect(mpy.read16(RES0)).toBe(0xffff);
    expect(mpy.read16(RES1)).toBe(0x7fff);
    expect(mpy.read16(RES2)).toBe(0x0000); // exact sum +0x80000000: extension 0
    expect(mpy.read16(RES3)).toBe(0x0000);
  });

  it('0x80000000 × 0x80000000 (MPYS32) overflows nothing: 2^62 without fractional mode', () => {
    const { ctx, mpy } = setup();
    mpy.write16(MPY32CTL0, MPYSAT);
    mpy.write16(MPYS32L, 0);
    mpy.write16(MPYS32H, 0x8000);
    mpy.write16(OP2L, 0);
    mpy.write16(OP2H, 0x8000);
    ctx.cycle += 20;
    expect(readRes(mpy)).toBe(0x4000_0000_0000_0000n);
  });

  it('64-bit MACS overflow saturates all four words', () => {
    const { ctx, mpy } = setup();
    mpy.write16(MPY32CTL0, MPYSAT);
    preloadRes(mpy, 0x7fff_ffff_ffff_ffffn);
    mpy.write16(MACS32L, 1);
    mpy.write16(MACS32H, 0);
    mpy.write16(OP2, 1);
    ctx.cycle += 20;
    expect(readRes(mpy)).toBe(0x7fff_ffff_ffff_ffffn);
    mpy.write16(MPY32CTL0, mpy.read16(MPY32CTL0) & ~MPYSAT);
    expect(readRes(mpy)).toBe(0x8000_0000_0000_0000n);
  });
});

describe('MPY32 result latency (UG367 Tables 5-1, 5-5, 5-6)', () => {
  function stamps(
    op1: 16 | 32,
    op2: 16 | 32,
    ctl: number,
    gapOp2h = 4,
  ): { ready: readonly number[]; ctx: FakeContext; mpy: Mpy32 } {
    const { ctx, mpy } = setup();
    mpy.write16(MPY32CTL0, ctl);
    ctx.cycle = 100;
    if (op1 === 32) {
      mpy.write16(MPY32L, 2);
      mpy.write16(MPY32H, 1);
    } else {
      mpy.write16(MPY, 2);
    }
    if (op2 === 32) {
      mpy.write16(OP2L, 3);
      ctx.cycle = 100 + gapOp2h;
      mpy.write16(OP2H, 1);
    } else {
      mpy.write16(OP2, 3);
    }
    return { ready: [...mpy.readyAt()], ctx, mpy };
  }

  it('16×16 after OP2 at cycle 100: RES0/RES1 at 103, RES2/RES3 at 104, MPYC at 103', () => {
    expect(stamps(16, 16, 0).ready).toEqual([103, 103, 104, 104, 103]);
  });
  it('32×16 after OP2 at 100: 103, 105, 106, 107, 107', () => {
    expect(stamps(32, 16, 0).ready).toEqual([103, 105, 106, 107, 107]);
  });
  it('16×32, OP2L at 100 and OP2H at 104: the later of both rows decides', () => {
    // OP2L row 103/105/106/107/107; OP2H row –/107/108/108/108
    expect(stamps(16, 32, 0).ready).toEqual([103, 107, 108, 108, 108]);
  });
  it('32×32, OP2L at 100 and OP2H at 104', () => {
    // OP2L row 103/108/110/111/111; OP2H row –/107/109/110/110
    expect(stamps(32, 32, 0).ready).toEqual([103, 108, 110, 111, 111]);
  });
  it('32×32, OP2H right after OP2L (gap 1): the OP2L row decides', () => {
    expect(stamps(32, 32, 0, 1).ready).toEqual([103, 108, 110, 111, 111]);
  });
  it('32×32, OP2H 10 cycles late: the OP2H row decides', () => {
    // OP2H at 110: –/113/115/116/116
    expect(stamps(32, 32, 0, 10).ready).toEqual([103, 113, 115, 116, 116]);
  });
  it('fractional mode (Table 5-5) has the same stamps', () => {
    expect(stamps(32, 16, MPYFRAC).ready).toEqual([103, 105, 106, 107, 107]);
  });
  it('saturation 16×16: 103, 103 (RES2/RES3 from Table 5-1: 104)', () => {
    expect(stamps(16, 16, MPYSAT).ready).toEqual([103, 103, 104, 104, 103]);
  });
  it('saturation 32×16: all at 107', () => {
    expect(stamps(32, 16, MPYSAT).ready).toEqual([107, 107, 107, 107, 107]);
  });
  it('saturation 16×32, OP2H at 104: max(107, 108) = 108', () => {
    expect(stamps(16, 32, MPYSAT).ready).toEqual([108, 108, 108, 108, 108]);
  });
  it('saturation 32×32, OP2H at 104: max(111, 110) = 111', () => {
    expect(stamps(32, 32, MPYSAT).ready).toEqual([111, 111, 111, 111, 111]);
  });

  it('a read before the stamp returns the final value and reports early-read', () => {
    const { ctx, mpy } = stamps(32, 32, 0);
    ctx.cycle = 107;
    expect(mpy.read16(RES0)).toBe(6);
    expect(ctx.eventsOf('early-read')).toHaveLength(0);
    expect(mpy.read16(RES1)).toBe(3 + 2); // (0x10002 × 0x10003) = 0x1_0005_0006
    expect(ctx.eventsOf('early-read')).toHaveLength(1);
    expect(ctx.eventsOf('early-read')[0]?.message).toContain('RES1 read at cycle 107');
    ctx.cycle = 108;
    mpy.read16(RES1);
    expect(ctx.eventsOf('early-read')).toHaveLength(1);
    ctx.cycle = 110;
    mpy.read16(SUMEXT);
    expect(ctx.eventsOf('early-read')).toHaveLength(2);
  });

  it('writing OP2 before the previous result is ready is reported as an abort', () => {
    const { ctx, mpy } = stamps(16, 16, 0);
    ctx.cycle = 102;
    mpy.write16(OP2, 4);
    expect(ctx.eventsOf('warning')).toHaveLength(1);
  });

  it('MPYDLYWRTEN holds a write until the 64-bit result (MPYDLY32 = 0)', () => {
    const { ctx, mpy } = stamps(32, 32, MPYDLYWRTEN);
    ctx.cycle = 105;
    expect(mpy.accessWaitCycles(OP2, true)).toBe(6); // until 111
    expect(mpy.accessWaitCycles(RES0, false)).toBe(0);
    mpy.write16(MPY, 5);
    mpy.write16(OP2, 7);
    expect(mpy.readyAt()).toEqual([114, 114, 115, 115, 114]);
    expect(ctx.eventsOf('warning')).toHaveLength(0);
  });

  it('MPYDLY32 = 1 holds writes only until the 32-bit result', () => {
    const { ctx, mpy } = stamps(32, 32, MPYDLYWRTEN | MPYDLY32);
    ctx.cycle = 105;
    expect(mpy.accessWaitCycles(OP2, true)).toBe(3); // RES1 at 108
  });
});

describe('multiply() pure layer', () => {
  it('16×16 signed product with default accumulator', () => {
    const r = multiply(0xffff, 0x0002, 'MPYS', { op1Is32: false, op2Is32: false });
    expect(r).toEqual({ lo: 0xffff_fffe, hi: 0xffff_ffff, mpyc: true, sumext: 0xffff });
  });

  it('32×32 unsigned maximum', () => {
    const r = multiply(0xffffffff, 0xffffffff, 'MPY', { op1Is32: true, op2Is32: true });
    // (2^32 − 1)^2 = 0xFFFFFFFE_00000001
    expect(r).toEqual({ lo: 1, hi: 0xffff_fffe, mpyc: false, sumext: 0 });
  });

  it('MACS accumulates a saturated input when asked', () => {
    const acc = { lo: 0x8000_0000, hi: 0, mpyc: false };
    const r = multiply(1, 1, 'MACS', { op1Is32: false, op2Is32: false }, acc, true);
    // 0x7FFFFFFF (clamped) + 1 = 0x80000000, true sign positive
    expect(r.lo).toBe(0x8000_0000);
    expect(r.mpyc).toBe(false);
  });
});

describe('MPY32CTL0 and reset', () => {
  it('reads back writable bits, MPYM and widths; reset clears everything', () => {
    const { mpy } = setup();
    mpy.write16(MPY32CTL0, 0x03ff);
    expect(mpy.read16(MPY32CTL0)).toBe(0x03fd); // bit 1 reserved
    mpy.reset();
    expect(mpy.read16(MPY32CTL0)).toBe(0);
    expect(mpy.read16(RES3)).toBe(0);
  });
});
