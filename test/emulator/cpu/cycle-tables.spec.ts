/**
 * Every cell of UG367 Tables 4-9, 4-10, 4-17, 4-18 and 4-19 (msp430x.md §6), for every
 * operation and size: the expected cycles are TI's numbers written out below as literal grids,
 * never derived from emulator/isa/cycles.ts. Each cell also checks the destination, PC and flags
 * against a small independent reference (signed/unsigned arithmetic, decimal digits).
 */

import { describe, expect, it } from 'vitest';

import { flagString, runSpec, specTable, type Regs, type Spec } from '../helpers/spec.js';

// ---- literal TI grids: rows Rn, @Rn, @Rn+, #N, x(Rn), EDE, &EDE; columns Rm, PC, x(Rm), EDE, &EDE

/** Table 4-10, Format I: ADD, ADDC, SUB, SUBC, DADD, AND, BIC, BIS, XOR. */
const T410: readonly (readonly number[])[] = [
  [1, 3, 4, 4, 4],
  [2, 4, 5, 5, 5],
  [2, 4, 5, 5, 5],
  [2, 3, 5, 5, 5],
  [3, 5, 6, 6, 6],
  [3, 5, 6, 6, 6],
  [3, 5, 6, 6, 6],
];
/** Table 4-10 with the MOV/BIT/CMP footnote (one cycle less to memory). */
const T410_MBC: readonly (readonly number[])[] = [
  [1, 3, 3, 3, 3],
  [2, 4, 4, 4, 4],
  [2, 4, 4, 4, 4],
  [2, 3, 4, 4, 4],
  [3, 5, 5, 5, 5],
  [3, 5, 5, 5, 5],
  [3, 5, 5, 5, 5],
];

/** Table 4-18, .B/.W, operations without a footnote. */
const T418_W: readonly (readonly number[])[] = [
  [2, 4, 5, 5, 5],
  [3, 5, 6, 6, 6],
  [3, 5, 6, 6, 6],
  [3, 4, 6, 6, 6],
  [4, 6, 7, 7, 7],
  [4, 6, 7, 7, 7],
  [4, 6, 7, 7, 7],
];
/** Table 4-18, .A, operations without a footnote. */
const T418_A: readonly (readonly number[])[] = [
  [2, 4, 7, 7, 7],
  [4, 6, 9, 9, 9],
  [4, 6, 9, 9, 9],
  [3, 4, 8, 8, 8],
  [5, 7, 10, 10, 10],
  [5, 7, 10, 10, 10],
  [5, 7, 10, 10, 10],
];
/** Table 4-18 MOVX .B/.W: memory −1, PC ⁽⁴⁾ −1. */
const T418_MOV_W: readonly (readonly number[])[] = [
  [2, 4, 4, 4, 4],
  [3, 5, 5, 5, 5],
  [3, 5, 5, 5, 5],
  [3, 3, 5, 5, 5],
  [4, 5, 6, 6, 6],
  [4, 5, 6, 6, 6],
  [4, 5, 6, 6, 6],
];
/** Table 4-18 MOVX.A: memory −2, PC ⁽⁴⁾ −1. */
const T418_MOV_A: readonly (readonly number[])[] = [
  [2, 4, 5, 5, 5],
  [4, 6, 7, 7, 7],
  [4, 6, 7, 7, 7],
  [3, 3, 6, 6, 6],
  [5, 6, 8, 8, 8],
  [5, 6, 8, 8, 8],
  [5, 6, 8, 8, 8],
];
/** Table 4-18 BITX/CMPX .B/.W: memory −1. */
const T418_BC_W: readonly (readonly number[])[] = [
  [2, 4, 4, 4, 4],
  [3, 5, 5, 5, 5],
  [3, 5, 5, 5, 5],
  [3, 4, 5, 5, 5],
  [4, 6, 6, 6, 6],
  [4, 6, 6, 6, 6],
  [4, 6, 6, 6, 6],
];
/** Table 4-18 BITX/CMPX .A: memory −2. */
const T418_BC_A: readonly (readonly number[])[] = [
  [2, 4, 5, 5, 5],
  [4, 6, 7, 7, 7],
  [4, 6, 7, 7, 7],
  [3, 4, 6, 6, 6],
  [5, 7, 8, 8, 8],
  [5, 7, 8, 8, 8],
  [5, 7, 8, 8, 8],
];
/** Table 4-18 ADDX/SUBX .B/.W: PC ⁽⁴⁾ −1. */
const T418_AS_W: readonly (readonly number[])[] = [
  [2, 4, 5, 5, 5],
  [3, 5, 6, 6, 6],
  [3, 5, 6, 6, 6],
  [3, 3, 6, 6, 6],
  [4, 5, 7, 7, 7],
  [4, 5, 7, 7, 7],
  [4, 5, 7, 7, 7],
];
/** Table 4-18 ADDX/SUBX .A: PC ⁽⁴⁾ −1. */
const T418_AS_A: readonly (readonly number[])[] = [
  [2, 4, 7, 7, 7],
  [4, 6, 9, 9, 9],
  [4, 6, 9, 9, 9],
  [3, 3, 8, 8, 8],
  [5, 6, 10, 10, 10],
  [5, 6, 10, 10, 10],
  [5, 6, 10, 10, 10],
];

// ---- operand cells ------------------------------------------------------------------------------

type Size = 8 | 16 | 20;

const SRC_MODES = ['Rn', '@Rn', '@Rn+', '#N', 'x(Rn)', 'EDE', '&EDE'] as const;
const DST_MODES = ['Rm', 'PC', 'x(Rm)', 'EDE', '&EDE'] as const;

/** Source value by size: valid BCD so DADD has a defined result. */
const SRC_VALUE: Record<Size, number> = { 8: 0x34, 16: 0x1234, 20: 0x51234 };
const DST_VALUE: Record<Size, number> = { 8: 0x67, 16: 0x0567, 20: 0x30567 };

interface Cell {
  readonly text: string;
  readonly regs: Regs;
  readonly mem: Record<number, number>;
  /** Where a memory operand lives (or -1 for registers). */
  readonly address: number;
}

function memWords(address: number, value: number, size: Size): Record<number, number> {
  if (size === 20) return { [address]: value & 0xffff, [address + 2]: value >> 16 };
  return { [address]: value };
}

function sourceCell(mode: (typeof SRC_MODES)[number], size: Size): Cell {
  const v = SRC_VALUE[size];
  const hex = `0x${v.toString(16)}`;
  switch (mode) {
    case 'Rn':
      return { text: 'r5', regs: { r5: v }, mem: {}, address: -1 };
    case '@Rn':
      return { text: '@r5', regs: { r5: 0x2400 }, mem: memWords(0x2400, v, size), address: 0x2400 };
    case '@Rn+':
      return {
        text: '@r5+',
        regs: { r5: 0x2400 },
        mem: memWords(0x2400, v, size),
        address: 0x2400,
      };
    case '#N':
      return { text: `#${hex}`, regs: {}, mem: {}, address: -1 };
    case 'x(Rn)':
      return {
        text: '2(r5)',
        regs: { r5: 0x2400 },
        mem: memWords(0x2402, v, size),
        address: 0x2402,
      };
    case 'EDE':
      return { text: 'ede', regs: {}, mem: memWords(0x2010, v, size), address: 0x2010 };
    case '&EDE':
      return { text: '&0x2020', regs: {}, mem: memWords(0x2020, v, size), address: 0x2020 };
  }
}

function destinationCell(mode: (typeof DST_MODES)[number], size: Size): Cell {
  const d = DST_VALUE[size];
  switch (mode) {
    case 'Rm':
      return { text: 'r6', regs: { r6: d }, mem: {}, address: -1 };
    case 'PC':
      return { text: 'pc', regs: {}, mem: {}, address: -1 };
    case 'x(Rm)':
      return {
        text: '4(r7)',
        regs: { r7: 0x2500 },
        mem: memWords(0x2504, d, size),
        address: 0x2504,
      };
    case 'EDE':
      return { text: 'dede', regs: {}, mem: memWords(0x2110, d, size), address: 0x2110 };
    case '&EDE':
      return { text: '&0x2120', regs: {}, mem: memWords(0x2120, d, size), address: 0x2120 };
  }
}

// ---- independent reference for Format I results and flags -----------------------------------

interface Outcome {
  readonly result: number;
  readonly write: boolean;
  /** 'nzcv' string, or null when flags are unchanged. */
  readonly flags: string | null;
}

function signed(v: number, bits: number): number {
  return v >= 2 ** (bits - 1) ? v - 2 ** bits : v;
}

function flags(n: boolean, z: boolean, c: boolean, v: boolean): string {
  return (n ? 'N' : 'n') + (z ? 'Z' : 'z') + (c ? 'C' : 'c') + (v ? 'V' : 'v');
}

function bcd(v: number, digits: number): number {
  let n = 0;
  for (let i = digits - 1; i >= 0; i--) n = n * 10 + ((v >> (4 * i)) & 0xf);
  return n;
}

function toBcd(n: number, digits: number): number {
  let v = 0;
  for (let i = 0; i < digits; i++) v += (Math.floor(n / 10 ** i) % 10) * 2 ** (4 * i);
  return v;
}

function reference(op: string, bits: number, s: number, d: number, carry: number): Outcome {
  const mod = 2 ** bits;
  const neg = (r: number) => r >= mod / 2;
  const arith = (r: number, c: boolean, sr: number): Outcome => ({
    result: r,
    write: op !== 'cmp',
    flags: flags(neg(r), r === 0, c, sr < -(mod / 2) || sr >= mod / 2),
  });
  switch (op) {
    case 'mov':
      return { result: s, write: true, flags: null };
    case 'add':
    case 'addc': {
      const c = op === 'addc' ? carry : 0;
      return arith((s + d + c) % mod, s + d + c >= mod, signed(s, bits) + signed(d, bits) + c);
    }
    case 'sub':
    case 'cmp':
    case 'subc': {
      const borrow = op === 'subc' ? 1 - carry : 0;
      const diff = d - s - borrow;
      return arith(
        ((diff % mod) + mod) % mod,
        diff >= 0,
        signed(d, bits) - signed(s, bits) - borrow,
      );
    }
    case 'dadd': {
      const digits = bits / 4;
      const sum = bcd(s, digits) + bcd(d, digits) + carry;
      const r = toBcd(sum % 10 ** digits, digits);
      return { result: r, write: true, flags: flags(neg(r), r === 0, sum >= 10 ** digits, false) };
    }
    case 'and':
    case 'bit': {
      const r = s & d;
      return { result: r, write: op === 'and', flags: flags(neg(r), r === 0, r !== 0, false) };
    }
    case 'bic':
      return { result: d & ~s & (mod - 1), write: true, flags: null };
    case 'bis':
      return { result: d | s, write: true, flags: null };
    default: {
      const r = s ^ d;
      return { result: r, write: true, flags: flags(neg(r), r === 0, r !== 0, neg(s) && neg(d)) };
    }
  }
}

const FORMAT_I_OPS = [
  'mov',
  'add',
  'addc',
  'sub',
  'subc',
  'cmp',
  'dadd',
  'bit',
  'bic',
  'bis',
  'xor',
  'and',
];

function classicGrid(op: string): readonly (readonly number[])[] {
  return op === 'mov' || op === 'bit' || op === 'cmp' ? T410_MBC : T410;
}

function extendedGrid(op: string, size: Size): readonly (readonly number[])[] {
  const wide = size === 20;
  if (op === 'mov') return wide ? T418_MOV_A : T418_MOV_W;
  if (op === 'bit' || op === 'cmp') return wide ? T418_BC_A : T418_BC_W;
  if (op === 'add' || op === 'sub') return wide ? T418_AS_A : T418_AS_W;
  return wide ? T418_A : T418_W;
}

function suffix(size: Size): string {
  return size === 8 ? '.b' : size === 16 ? '.w' : '.a';
}

const AT = 0x4400;

/** Length in bytes of a Format I instruction, for PC expectations (extension word included). */
function formatILength(extended: boolean, si: number, di: number): number {
  const srcWord = si >= 3 ? 2 : 0;
  const dstWord = di >= 2 ? 2 : 0;
  return (extended ? 2 : 0) + 2 + srcWord + dstWord;
}

function formatISpec(op: string, size: Size, extended: boolean, si: number, di: number): Spec {
  const srcMode = SRC_MODES[si]!;
  const dstMode = DST_MODES[di]!;
  const src = sourceCell(srcMode, size);
  const dst = destinationCell(dstMode, size);
  const length = formatILength(extended, si, di);
  const next = AT + length;
  const mask = size === 8 ? 0xff : size === 16 ? 0xffff : 0xfffff;
  const carryIn = 1;
  const s = SRC_VALUE[size];
  const d = dstMode === 'PC' ? next & mask : DST_VALUE[size];
  const out = reference(op, size, s, d, carryIn);
  const grid = extended ? extendedGrid(op, size) : classicGrid(op);
  const mnemonic = `${op}${extended ? 'x' : ''}${suffix(size)}`;
  const regsOut: Regs = {};
  if (srcMode === '@Rn+') regsOut.r5 = 0x2400 + (size === 8 ? 1 : size === 16 ? 2 : 4);
  const spec: Spec = {
    asm: `${mnemonic} ${src.text}, ${dst.text}`,
    regs: { ...src.regs, ...dst.regs },
    flagsIn: 'nzCv',
    mem: { ...src.mem, ...dst.mem },
    cycles: grid[si]![di]!,
    flags: out.flags ?? 'nzCv',
    regsOut,
  };
  if (dstMode === 'PC') {
    const pcMask = size === 20 ? 0xffffe : size === 16 ? 0xfffe : 0xfe;
    return { ...spec, pc: out.write ? out.result & pcMask : next };
  }
  if (dstMode === 'Rm') return { ...spec, regsOut: { ...regsOut, r6: out.write ? out.result : d } };
  const stored = out.write ? out.result : d;
  return { ...spec, memOut: memWords(dst.address, stored, size) };
}

/** One test per cell of a Format I grid: every operation × size × source × destination. */
function formatIGrid(name: string, extended: boolean, sizes: readonly Size[]): void {
  describe(name, () => {
    for (const op of FORMAT_I_OPS) {
      for (const size of sizes) {
        for (let si = 0; si < SRC_MODES.length; si++) {
          for (let di = 0; di < DST_MODES.length; di++) {
            const spec = formatISpec(op, size, extended, si, di);
            it(`${spec.asm} — ${SRC_MODES[si]} → ${DST_MODES[di]} = ${spec.cycles}`, () => {
              runSpec(spec);
            });
          }
        }
      }
    }
  });
}

formatIGrid(
  'UG367 Table 4-10: Format I, every operation × source × destination × size',
  false,
  [16, 8],
);
formatIGrid(
  'UG367 Table 4-18: extended Format I, every operation × source × destination × size',
  true,
  [16, 8, 20],
);

// ---- Format II --------------------------------------------------------------------------------

/** Table 4-9 rows Rn, @Rn, @Rn+, #N, X(Rn), EDE, &EDE; columns RRA/RRC/SWPB/SXT, PUSH, CALL. */
const T49: readonly (readonly number[])[] = [
  [1, 3, 4],
  [3, 3, 4],
  [3, 3, 4],
  [NaN, 3, 4],
  [4, 4, 5],
  [4, 4, 5],
  [4, 4, 6],
];

function unaryReference(op: string, bits: number, v: number, carry: number): Outcome {
  const msb = 2 ** (bits - 1);
  switch (op) {
    case 'rra': {
      const r = Math.floor(v / 2) + (v >= msb ? msb : 0);
      return { result: r, write: true, flags: flags(r >= msb, r === 0, v % 2 === 1, false) };
    }
    case 'rrc': {
      const r = Math.floor(v / 2) + (carry ? msb : 0);
      return { result: r, write: true, flags: flags(r >= msb, r === 0, v % 2 === 1, false) };
    }
    case 'swpb': {
      const low = v % 0x10000;
      const r = v - low + (low % 256) * 256 + Math.floor(low / 256);
      return { result: r, write: true, flags: null };
    }
    default: {
      const byte = v % 256;
      const r = byte >= 0x80 ? byte + (2 ** bits - 256) : byte;
      return { result: r, write: true, flags: flags(byte >= 0x80, r === 0, r !== 0, false) };
    }
  }
}

/** Extra word of a single-operand form: X(Rn), EDE, &EDE and #N. */
function formatIILength(extended: boolean, si: number): number {
  return (extended ? 2 : 0) + 2 + (si >= 3 ? 2 : 0);
}

function formatIISpec(op: string, size: Size, extended: boolean, si: number, cycles: number): Spec {
  const mode = SRC_MODES[si]!;
  const cell = sourceCell(mode, size);
  const next = AT + formatIILength(extended, si);
  const v = SRC_VALUE[size];
  const mnemonic = `${op}${extended ? 'x' : ''}${suffix(size)}`;
  const base: Spec = {
    asm: `${mnemonic} ${cell.text}`,
    regs: cell.regs,
    flagsIn: 'nzCv',
    mem: cell.mem,
    cycles,
  };
  const regsOut: Regs = {};
  if (mode === '@Rn+') regsOut.r5 = 0x2400 + (size === 8 ? 1 : size === 16 ? 2 : 4);
  if (op === 'push') {
    const sp = 0x3000 - (size === 20 ? 4 : 2);
    const stored = size === 8 ? v : v;
    return { ...base, regsOut: { ...regsOut, sp }, memOut: memWords(sp, stored, size) };
  }
  if (op === 'call') {
    return {
      ...base,
      pc: v & 0xfffe,
      regsOut: { ...regsOut, sp: 0x2ffe },
      memOut: { 0x2ffe: next },
    };
  }
  const out = unaryReference(op, size, v, 1);
  const spec: Spec = { ...base, flags: out.flags ?? 'nzCv', regsOut };
  // SXT of a register extends through bit 19 (UG367 §4.6.2.49); memory keeps the operand width.
  if (mode === 'Rn') {
    const r = op === 'sxt' && out.result >= 0x80 && size === 16 ? out.result + 0xf0000 : out.result;
    return { ...spec, regsOut: { ...regsOut, r5: r } };
  }
  return { ...spec, memOut: memWords(cell.address, out.result, size) };
}

const UNARY_SIZES: Record<string, readonly Size[]> = {
  rra: [16, 8],
  rrc: [16, 8],
  swpb: [16],
  sxt: [16],
  push: [16, 8],
  call: [16],
};

/**
 * One test per cell of a Format II grid: every operation × size × source mode, with the cycles
 * `cyclesOf` reads from TI's table for that mode (NaN: the table has no such cell).
 */
function formatIIGrid(
  name: string,
  extended: boolean,
  sizesOf: Record<string, readonly Size[]>,
  cyclesOf: (op: string, size: Size, si: number) => number,
): void {
  describe(name, () => {
    for (const [op, sizes] of Object.entries(sizesOf)) {
      for (const size of sizes) {
        for (let si = 0; si < SRC_MODES.length; si++) {
          const cycles = cyclesOf(op, size, si);
          if (Number.isNaN(cycles)) continue;
          const spec = formatIISpec(op, size, extended, si, cycles);
          it(`${spec.asm} — ${SRC_MODES[si]} = ${cycles}`, () => {
            runSpec(spec);
          });
        }
      }
    }
  });
}

formatIIGrid(
  'UG367 Table 4-9: Format II, every operation × mode × size',
  false,
  UNARY_SIZES,
  (op, _size, si) => {
    const column = op === 'push' ? 1 : op === 'call' ? 2 : 0;
    return T49[si]![column]!;
  },
);

/**
 * Table 4-17 rows Rn, @Rn, @Rn+, #N, X(Rn), EDE, &EDE for RRAX/RRCX (.B/.W, .A) and PUSHX
 * (.B/.W, .A). SWPBX and SXTX have no row in UG367; they are timed like RRAX (docs/cpu.md).
 */
const T417_RRX_W = [2, 4, 4, NaN, 5, 5, 5];
const T417_RRX_A = [2, 6, 6, NaN, 7, 7, 7];
const T417_PUSHX_W = [4, 4, 4, 4, 5, 5, 5];
const T417_PUSHX_A = [5, 6, 6, 5, 7, 7, 7];

const EXT_UNARY_SIZES: Record<string, readonly Size[]> = {
  rra: [16, 8, 20],
  rrc: [16, 8, 20],
  swpb: [16, 20],
  sxt: [16, 20],
  push: [16, 8, 20],
};

formatIIGrid(
  'UG367 Table 4-17: extended Format II, every operation × mode × size',
  true,
  EXT_UNARY_SIZES,
  (op, size, si) => {
    const wide = size === 20;
    const grid =
      op === 'push' ? (wide ? T417_PUSHX_A : T417_PUSHX_W) : wide ? T417_RRX_A : T417_RRX_W;
    return grid[si]!;
  },
);

function table(name: string, specs: readonly Spec[]): void {
  specTable(name, specs, (spec) => `${spec.asm} = ${spec.cycles}`);
}

table('UG367 Table 4-17: POPX, the † rule (+1 when Rn = SP), CALLA', [
  { asm: 'popx.w r6', mem: { 0x3000: 0x1234 }, cycles: 3, regsOut: { r6: 0x1234, sp: 0x3002 } },
  { asm: 'popx.b r6', mem: { 0x3000: 0x1234 }, cycles: 3, regsOut: { r6: 0x34, sp: 0x3002 } },
  {
    asm: 'popx.a r6',
    mem: { 0x3000: 0x1234, 0x3002: 5 },
    cycles: 4,
    regsOut: { r6: 0x51234, sp: 0x3004 },
  },
  {
    asm: 'popx.w 4(r7)',
    regs: { r7: 0x2500 },
    mem: { 0x3000: 0x1234 },
    cycles: 5,
    regsOut: { sp: 0x3002 },
    memOut: { 0x2504: 0x1234 },
  },
  {
    asm: 'popx.w dede',
    mem: { 0x3000: 0x1234 },
    cycles: 5,
    regsOut: { sp: 0x3002 },
    memOut: { 0x2110: 0x1234 },
  },
  {
    asm: 'popx.b &0x2120',
    mem: { 0x3000: 0x1234, 0x2120: 0xffff },
    cycles: 5,
    regsOut: { sp: 0x3002 },
    memOut: { 0x2120: 0xff34 },
  },
  {
    asm: 'popx.a 4(r7)',
    regs: { r7: 0x2500 },
    mem: { 0x3000: 0x1234, 0x3002: 5 },
    cycles: 7,
    regsOut: { sp: 0x3004 },
    memOut: { 0x2504: 0x1234, 0x2506: 5 },
  },
  {
    asm: 'popx.a dede',
    mem: { 0x3000: 0x1234, 0x3002: 5 },
    cycles: 7,
    regsOut: { sp: 0x3004 },
    memOut: { 0x2110: 0x1234, 0x2112: 5 },
  },
  {
    asm: 'popx.a &0x2120',
    mem: { 0x3000: 0x1234, 0x3002: 5 },
    cycles: 7,
    regsOut: { sp: 0x3004 },
    memOut: { 0x2120: 0x1234, 0x2122: 5 },
  },
  {
    asm: 'pushx.w 2(sp)',
    mem: { 0x3002: 0x4242 },
    cycles: 6,
    regsOut: { sp: 0x2ffe },
    memOut: { 0x2ffe: 0x4242 },
  },
  {
    asm: 'pushx.a 2(sp)',
    mem: { 0x3002: 0x4242, 0x3004: 3 },
    cycles: 8,
    regsOut: { sp: 0x2ffc },
    memOut: { 0x2ffc: 0x4242, 0x2ffe: 3 },
  },
  {
    asm: 'calla r5',
    regs: { r5: 0x12344 },
    cycles: 5,
    pc: 0x12344,
    regsOut: { sp: 0x2ffc },
    memOut: { 0x2ffc: 0x4402, 0x2ffe: 0 },
  },
  {
    asm: 'calla @r5',
    regs: { r5: 0x2400 },
    mem: { 0x2400: 0x2344, 0x2402: 1 },
    cycles: 6,
    pc: 0x12344,
    regsOut: { sp: 0x2ffc },
  },
  {
    asm: 'calla @r5+',
    regs: { r5: 0x2400 },
    mem: { 0x2400: 0x2344, 0x2402: 1 },
    cycles: 6,
    pc: 0x12344,
    regsOut: { r5: 0x2404, sp: 0x2ffc },
  },
  {
    asm: 'calla #0x12344',
    cycles: 5,
    pc: 0x12344,
    regsOut: { sp: 0x2ffc },
    memOut: { 0x2ffc: 0x4404, 0x2ffe: 0 },
  },
  {
    asm: 'calla 2(r5)',
    regs: { r5: 0x2400 },
    mem: { 0x2402: 0x2344, 0x2404: 1 },
    cycles: 5,
    pc: 0x12344,
    regsOut: { sp: 0x2ffc },
  },
  {
    asm: 'calla ede',
    mem: { 0x2010: 0x2344, 0x2012: 1 },
    cycles: 7,
    pc: 0x12344,
    regsOut: { sp: 0x2ffc },
  },
  {
    asm: 'calla &0x2020',
    mem: { 0x2020: 0x2344, 0x2022: 1 },
    cycles: 7,
    pc: 0x12344,
    regsOut: { sp: 0x2ffc },
  },
]);

/** Table 4-17 RRxM #n: n cycles; PUSHM/POPM .W: 2 + n; .A: 2 + 2n (written out per n). */
const RRXM_CYCLES = [1, 2, 3, 4];
const PUSHM_W_CYCLES = [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18];
const PUSHM_A_CYCLES = [4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34];

describe('UG367 Table 4-17: RRCM/RRAM/RLAM/RRUM #n, every n and size', () => {
  for (const op of ['rrcm', 'rram', 'rlam', 'rrum']) {
    for (const size of [16, 20] as const) {
      for (let n = 1; n <= 4; n++) {
        const asm = `${op}${suffix(size)} #${n}, r4`;
        const v = size === 20 ? 0x80001 : 0x18001;
        it(`${asm} = ${RRXM_CYCLES[n - 1]}`, () => {
          const bits = size;
          const mod = 2 ** bits;
          let x = size === 20 ? v : v % 0x10000;
          let c = 0;
          for (let i = 0; i < n; i++) {
            const low = x % 2;
            const high = x >= mod / 2 ? 1 : 0;
            if (op === 'rlam') {
              c = high;
              x = (x * 2) % mod;
            } else {
              const fill = op === 'rrcm' ? c : op === 'rram' ? high : 0;
              c = low;
              x = Math.floor(x / 2) + fill * (mod / 2);
            }
          }
          runSpec({
            asm,
            regs: { r4: v },
            cycles: RRXM_CYCLES[n - 1]!,
            regsOut: { r4: x },
            flags: flags(x >= mod / 2, x === 0, c === 1, false),
          });
        });
      }
    }
  }
});

describe('UG367 Table 4-17: PUSHM and POPM, every n and size', () => {
  for (const size of [16, 20] as const) {
    for (let n = 1; n <= 12; n++) {
      const bytes = size === 20 ? 4 : 2;
      const cycles = (size === 20 ? PUSHM_A_CYCLES : PUSHM_W_CYCLES)[n - 1]!;
      it(`pushm${suffix(size)} #${n}, r15 = ${cycles}`, () => {
        const regs: Regs = {};
        const memOut: Record<number, number> = {};
        for (let i = 0; i < n; i++) {
          const r = 15 - i;
          const value = 0x10000 * (r % 16) + 0x100 * r + r;
          (regs as Record<string, number>)[`r${r}`] = value;
          const at = 0x3000 - bytes * (i + 1);
          Object.assign(memOut, size === 20 ? memWords(at, value, 20) : { [at]: value & 0xffff });
        }
        runSpec({
          asm: `pushm${suffix(size)} #${n}, r15`,
          regs,
          cycles,
          regsOut: { sp: 0x3000 - bytes * n },
          memOut,
        });
      });
      it(`popm${suffix(size)} #${n}, r15 = ${cycles}`, () => {
        const mem: Record<number, number> = {};
        const regsOut: Regs = { sp: 0x3000 + bytes * n };
        for (let i = 0; i < n; i++) {
          const r = 16 - n + i;
          const value = 0x10000 * (r % 16) + 0x100 * r + r;
          const at = 0x3000 + bytes * i;
          Object.assign(mem, size === 20 ? memWords(at, value, 20) : { [at]: value & 0xffff });
          (regsOut as Record<string, number>)[`r${r}`] = size === 20 ? value : value & 0xffff;
        }
        runSpec({ asm: `popm${suffix(size)} #${n}, r15`, mem, cycles, regsOut });
      });
    }
  }
});

table('UG367 Table 4-19: MOVA, CMPA, ADDA, SUBA', [
  { asm: 'mova r5, r6', regs: { r5: 0x51234 }, cycles: 1, regsOut: { r6: 0x51234 } },
  { asm: 'mova r5, pc', regs: { r5: 0x51234 }, cycles: 3, pc: 0x51234 },
  {
    asm: 'mova r5, 4(r7)',
    regs: { r5: 0x51234, r7: 0x2500 },
    cycles: 4,
    memOut: { 0x2504: 0x1234, 0x2506: 5 },
  },
  { asm: 'mova r5, dede', regs: { r5: 0x51234 }, cycles: 4, memOut: { 0x2110: 0x1234, 0x2112: 5 } },
  {
    asm: 'mova r5, &0x2120',
    regs: { r5: 0x51234 },
    cycles: 4,
    memOut: { 0x2120: 0x1234, 0x2122: 5 },
  },
  {
    asm: 'mova @r5, r6',
    regs: { r5: 0x2400 },
    mem: { 0x2400: 0x1234, 0x2402: 5 },
    cycles: 3,
    regsOut: { r6: 0x51234 },
  },
  {
    asm: 'mova @r5, pc',
    regs: { r5: 0x2400 },
    mem: { 0x2400: 0x1234, 0x2402: 5 },
    cycles: 5,
    pc: 0x51234,
  },
  {
    asm: 'mova @r5+, r6',
    regs: { r5: 0x2400 },
    mem: { 0x2400: 0x1234, 0x2402: 5 },
    cycles: 3,
    regsOut: { r5: 0x2404, r6: 0x51234 },
  },
  {
    asm: 'mova @r5+, pc',
    regs: { r5: 0x2400 },
    mem: { 0x2400: 0x1234, 0x2402: 5 },
    cycles: 5,
    pc: 0x51234,
    regsOut: { r5: 0x2404 },
  },
  { asm: 'mova #0x51234, r6', cycles: 2, regsOut: { r6: 0x51234 } },
  { asm: 'mova #0x51234, pc', cycles: 3, pc: 0x51234 },
  {
    asm: 'mova 2(r5), r6',
    regs: { r5: 0x2400 },
    mem: { 0x2402: 0x1234, 0x2404: 5 },
    cycles: 4,
    regsOut: { r6: 0x51234 },
  },
  {
    asm: 'mova 2(r5), pc',
    regs: { r5: 0x2400 },
    mem: { 0x2402: 0x1234, 0x2404: 5 },
    cycles: 6,
    pc: 0x51234,
  },
  { asm: 'mova ede, r6', mem: { 0x2010: 0x1234, 0x2012: 5 }, cycles: 4, regsOut: { r6: 0x51234 } },
  { asm: 'mova ede, pc', mem: { 0x2010: 0x1234, 0x2012: 5 }, cycles: 6, pc: 0x51234 },
  {
    asm: 'mova &0x2020, r6',
    mem: { 0x2020: 0x1234, 0x2022: 5 },
    cycles: 4,
    regsOut: { r6: 0x51234 },
  },
  { asm: 'mova &0x2020, pc', mem: { 0x2020: 0x1234, 0x2022: 5 }, cycles: 6, pc: 0x51234 },
  { asm: 'cmpa r5, r6', regs: { r5: 0x51234, r6: 0x51234 }, cycles: 1, flags: 'nZCv' },
  {
    asm: 'adda r5, r6',
    regs: { r5: 0x51234, r6: 0x30567 },
    cycles: 1,
    regsOut: { r6: 0x8179b },
    flags: 'NzcV',
  },
  {
    asm: 'suba r5, r6',
    regs: { r5: 0x51234, r6: 0x30567 },
    cycles: 1,
    regsOut: { r6: 0xdf333 },
    flags: 'Nzcv',
  },
  { asm: 'cmpa #0x51234, r6', regs: { r6: 0x30567 }, cycles: 3, flags: 'Nzcv' },
  {
    asm: 'adda #0x51234, r6',
    regs: { r6: 0x30567 },
    cycles: 3,
    regsOut: { r6: 0x8179b },
    flags: 'NzcV',
  },
  {
    asm: 'suba #0x51234, r6',
    regs: { r6: 0x30567 },
    cycles: 3,
    regsOut: { r6: 0xdf333 },
    flags: 'Nzcv',
  },
  { asm: 'adda r5, pc', regs: { r5: 0x100 }, cycles: 3, pc: 0x4502, flags: 'nzcv' },
  { asm: 'suba #0x2, pc', cycles: 3, pc: 0x4402, flags: 'nzCv' },
  { asm: 'cmpa r5, pc', regs: { r5: 0x4402 }, cycles: 3, flags: 'nZCv' },
]);

describe('flag string helper', () => {
  // SR bits (UG367 Figure 4-9): C = 0, Z = 1, N = 2, V = 8; upper case for a set flag.
  it.each([
    [0x107, 'NZCV'],
    [0x000, 'nzcv'],
    [0x001, 'nzCv'],
    [0x002, 'nZcv'],
    [0x004, 'Nzcv'],
    [0x100, 'nzcV'],
  ])('SR %d prints %s', (sr, text) => {
    expect(flagString(sr)).toBe(text);
  });
});
