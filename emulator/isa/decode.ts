/**
 * Machine words → instruction record.
 *
 * Follows UG367 Table 4-20 (opcode map), §4.4 (addressing modes, constant generator, address
 * arithmetic) and §4.5.2 (extension word). Decoding is table-driven: the first word indexes a
 * 64 K lookup built once from `INSTRUCTIONS`. An undecodable word is a typed error, never a
 * silent NOP.
 */

import { fail, ok, type Result } from '../result.js';
import type { DecodeError, Instruction, Repeat } from './instruction.js';
import { constantValue, Mode, PC, SR, type Operand } from './operands.js';
import { Format, INSTRUCTIONS, isExtensionWord, type InstructionForm, type Size } from './table.js';

/** Reads the 16-bit word at a byte address. */
export type WordReader = (address: number) => number;

type Decoded = Result<Instruction, DecodeError>;

function buildLookup(extended: boolean): Int16Array {
  const lookup = new Int16Array(0x10000).fill(-1);
  const rows = INSTRUCTIONS.filter(
    (f) => (f.format === Format.XI || f.format === Format.XII) === extended,
  )
    .slice()
    .sort((a, b) => popcount(b.mask) - popcount(a.mask));
  for (let w = 0; w < 0x10000; w++) {
    const row = rows.find((f) => (w & f.mask) === f.match);
    if (row) lookup[w] = row.id;
  }
  return lookup;
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}

let plainLookup: Int16Array | undefined;
let extendedLookup: Int16Array | undefined;

function formFor(word: number, extended: boolean): InstructionForm | undefined {
  if (extended) {
    extendedLookup ??= buildLookup(true);
    return INSTRUCTIONS[extendedLookup[word] ?? -1];
  }
  plainLookup ??= buildLookup(false);
  return INSTRUCTIONS[plainLookup[word] ?? -1];
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(4, '0')}`;
}

function sext16(v: number): number {
  return (v << 16) >> 16;
}

function sext20(v: number): number {
  return (v << 12) >> 12;
}

/** Reads the operand words of one instruction in order, tracking where each one sits. */
class Cursor {
  constructor(
    private readonly read: WordReader,
    public address: number,
  ) {}

  next(): { word: number; at: number } {
    const at = this.address;
    this.address = (this.address + 2) & 0xfffff;
    return { word: this.read(at) & 0xffff, at };
  }
}

/** Context of an extension word, or null for 16-bit instructions. */
interface Extension {
  readonly srcHi: number;
  readonly dstHi: number;
}

/** Source-style operand from As and the register (UG367 Table 4-3 and Table 4-2). */
function sourceOperand(
  r: number,
  as: number,
  cursor: Cursor,
  ext: Extension | null,
  hi: number,
  allowConstant: boolean,
): Operand {
  const cg = allowConstant ? constantValue(r, as) : undefined;
  if (cg !== undefined) return { mode: Mode.Constant, reg: r, value: cg };
  if (as === 0) return { mode: Mode.Register, reg: r, value: 0 };
  if (as === 2) return { mode: Mode.Indirect, reg: r, value: 0 };
  if (as === 3 && r !== PC) return { mode: Mode.IndirectInc, reg: r, value: 0 };

  const { word, at } = cursor.next();
  const wide = ext !== null;
  const raw = wide ? (hi << 16) | word : word;
  if (as === 3) return { mode: Mode.Immediate, reg: PC, value: raw };
  if (r === SR) return { mode: Mode.Absolute, reg: SR, value: raw };
  if (r === PC) return { mode: Mode.Symbolic, reg: PC, value: symbolicTarget(at, raw, wide) };
  return { mode: Mode.Indexed, reg: r, value: wide ? sext20(raw) : sext16(raw) };
}

/** Effective address of a symbolic operand whose index word sits at `at` (UG367 §4.4.2). */
function symbolicTarget(at: number, raw: number, wide: boolean): number {
  if (wide) return (at + raw) & 0xfffff;
  if (at < 0x10000) return (at + raw) & 0xffff;
  return (at + sext16(raw)) & 0xfffff;
}

function destinationOperand(r: number, ad: number, cursor: Cursor, ext: Extension | null): Operand {
  if (ad === 0) return { mode: Mode.Register, reg: r, value: 0 };
  return sourceOperand(r, 1, cursor, ext, ext?.dstHi ?? 0, false);
}

function sizeOf(form: InstructionForm, bw: number, al: number | null): Size | null {
  if (al === null) return bw ? 8 : 16;
  const noByteForm = form.mnemonic === 'swpbx' || form.mnemonic === 'sxtx';
  if (noByteForm) return bw ? null : al ? 16 : 20;
  if (al) return bw ? 8 : 16;
  return bw ? 20 : null;
}

function decodeFormatI(form: InstructionForm, w: number, cursor: Cursor, ext: Extension | null) {
  const as = (w >> 4) & 3;
  const src = sourceOperand((w >> 8) & 0xf, as, cursor, ext, ext?.srcHi ?? 0, true);
  const dst = destinationOperand(w & 0xf, (w >> 7) & 1, cursor, ext);
  return { src, dst };
}

function decodeFormatII(form: InstructionForm, w: number, cursor: Cursor, ext: Extension | null) {
  const allowConstant = form.src?.includes(Mode.Constant) ?? false;
  // Bits 19:16 of a Format II operand sit in the source field, as in encode.ts.
  const src = sourceOperand(w & 0xf, (w >> 4) & 3, cursor, ext, ext?.srcHi ?? 0, allowConstant);
  return { src, dst: null };
}

function regOp(r: number): Operand {
  return { mode: Mode.Register, reg: r, value: 0 };
}

function imm(n: number): Operand {
  return { mode: Mode.Immediate, reg: PC, value: n };
}

/** MOVA/CMPA/ADDA/SUBA, UG367 §4.6.1: the form sits in bits 7:4. */
function decodeAddress(w: number, cursor: Cursor): { src: Operand; dst: Operand } {
  const s = (w >> 8) & 0xf;
  const d = w & 0xf;
  const form = (w >> 4) & 0xf;
  switch (form) {
    case 0x0:
      return { src: { mode: Mode.Indirect, reg: s, value: 0 }, dst: regOp(d) };
    case 0x1:
      return { src: { mode: Mode.IndirectInc, reg: s, value: 0 }, dst: regOp(d) };
    case 0x2:
      return {
        src: { mode: Mode.Absolute, reg: SR, value: (s << 16) | cursor.next().word },
        dst: regOp(d),
      };
    case 0x3:
      return { src: indexed16(s, cursor), dst: regOp(d) };
    case 0x6:
      return {
        src: regOp(s),
        dst: { mode: Mode.Absolute, reg: SR, value: (d << 16) | cursor.next().word },
      };
    case 0x7:
      return { src: regOp(s), dst: indexed16(d, cursor) };
    case 0x8:
    case 0x9:
    case 0xa:
    case 0xb:
      return { src: imm((s << 16) | cursor.next().word), dst: regOp(d) };
    default:
      return { src: regOp(s), dst: regOp(d) };
  }
}

/** `z16(Rn)` of MOVA/CALLA: a signed 16-bit index added in 20 bits; Rn = PC is symbolic. */
function indexed16(r: number, cursor: Cursor): Operand {
  const { word, at } = cursor.next();
  if (r === PC) return { mode: Mode.Symbolic, reg: PC, value: (at + sext16(word)) & 0xfffff };
  return { mode: Mode.Indexed, reg: r, value: sext16(word) };
}

function decodeCalla(w: number, cursor: Cursor): Operand | null {
  const mmmm = (w >> 4) & 0xf;
  const r = w & 0xf;
  switch (mmmm) {
    case 0x4:
      return regOp(r);
    case 0x5:
      // x(PC) here is a distinct encoding from CALLA EDE (mmmm = 1001), so it stays indexed.
      return { mode: Mode.Indexed, reg: r, value: sext16(cursor.next().word) };
    case 0x6:
      return { mode: Mode.Indirect, reg: r, value: 0 };
    case 0x7:
      return { mode: Mode.IndirectInc, reg: r, value: 0 };
    case 0x8:
      return { mode: Mode.Absolute, reg: SR, value: (r << 16) | cursor.next().word };
    case 0x9: {
      const { word, at } = cursor.next();
      return { mode: Mode.Symbolic, reg: PC, value: (at + ((r << 16) | word)) & 0xfffff };
    }
    case 0xb:
      return imm((r << 16) | cursor.next().word);
    default:
      return null;
  }
}

interface Parts {
  readonly src: Operand | null;
  readonly dst: Operand | null;
  readonly size: Size;
}

function decodeMulti(form: InstructionForm, w: number): Parts | string {
  if (form.format === Format.ShiftM) {
    return { src: imm(((w >> 10) & 3) + 1), dst: regOp(w & 0xf), size: w & 0x10 ? 16 : 20 };
  }
  const n = ((w >> 4) & 0xf) + 1;
  const field = w & 0xf;
  const size: Size = w & 0x100 ? 16 : 20;
  if (form.mnemonic === 'popm') {
    if (field + n - 1 > 15) return 'POPM would pop past R15';
    return { src: imm(n), dst: regOp(field + n - 1), size };
  }
  if (field - n + 1 < 0) return 'PUSHM would push below R0';
  return { src: imm(n), dst: regOp(field), size };
}

function decodePlain(form: InstructionForm, w: number, cursor: Cursor): Parts | string {
  switch (form.format) {
    case Format.I:
      return { ...decodeFormatI(form, w, cursor, null), size: (w & 0x40 ? 8 : 16) as Size };
    case Format.II:
      return { ...decodeFormatII(form, w, cursor, null), size: (w & 0x40 ? 8 : 16) as Size };
    case Format.Reti:
      return { src: null, dst: null, size: 16 };
    case Format.Jump: {
      const offset = ((w & 0x3ff) << 22) >> 22;
      const target = (cursor.address + 2 * offset) & 0xfffff;
      return { src: { mode: Mode.Symbolic, reg: PC, value: target }, dst: null, size: 16 };
    }
    case Format.Address:
      return { ...decodeAddress(w, cursor), size: 20 };
    case Format.Calla: {
      const src = decodeCalla(w, cursor);
      return src ? { src, dst: null, size: 20 } : 'reserved CALLA mode';
    }
    default:
      return decodeMulti(form, w);
  }
}

function decodeExtended(
  ext: number,
  cursor: Cursor,
): Result<Parts & { form: InstructionForm; repeat: Repeat | null; zeroCarry: boolean }, string> {
  const w = cursor.next().word;
  const form = formFor(w, true);
  if (!form) return fail('an extension word must precede a Format I or Format II instruction');

  const al = (ext >> 6) & 1;
  const size = sizeOf(form, (w >> 6) & 1, al);
  if (size === null) return fail('reserved A/L and B/W combination');

  const as = (w >> 4) & 3;
  const registerForm = form.format === Format.XI ? as === 0 && ((w >> 7) & 1) === 0 : as === 0;
  const info: Extension = registerForm
    ? { srcHi: 0, dstHi: 0 }
    : { srcHi: (ext >> 7) & 0xf, dstHi: ext & 0xf };
  const operands =
    form.format === Format.XI
      ? decodeFormatI(form, w, cursor, info)
      : decodeFormatII(form, w, cursor, info);

  let repeat: Repeat | null = null;
  let zeroCarry = false;
  if (registerForm) {
    zeroCarry = (ext & 0x100) !== 0;
    const field = ext & 0xf;
    if (ext & 0x80) repeat = { kind: 'register', reg: field };
    else if (field !== 0) repeat = { kind: 'count', n: field + 1 };
    if ((repeat || zeroCarry) && form.mnemonic === 'pushx') {
      return fail('PUSHX cannot repeat');
    }
  }
  return ok({ ...operands, size, form, repeat, zeroCarry });
}

function accepts(form: InstructionForm, parts: Parts): boolean {
  const srcOk = form.src ? parts.src !== null && form.src.includes(parts.src.mode) : true;
  const dstOk = form.dst ? parts.dst !== null && form.dst.includes(parts.dst.mode) : true;
  return srcOk && dstOk;
}

/** Decode the instruction at `address`, reading words through `read`. */
export function decode(read: WordReader, address: number): Decoded {
  const cursor = new Cursor(read, address);
  const first = cursor.next().word;
  const bad = (message: string): Decoded =>
    fail({ kind: 'decode', address, word: first, message: `${hex(first)}: ${message}` });

  if (isExtensionWord(first)) {
    const x = decodeExtended(first, cursor);
    if (!x.ok) return bad(x.errors[0] ?? 'bad extension word');
    const { form, repeat, zeroCarry, ...parts } = x.value;
    if (!accepts(form, parts)) return bad(`${form.mnemonic} cannot take these operands`);
    const length = (cursor.address - address) & 0xfffff;
    return ok({ form, ...parts, repeat, zeroCarry, length });
  }

  const form = formFor(first, false);
  if (!form) return bad('not an instruction');
  const parts = decodePlain(form, first, cursor);
  if (typeof parts === 'string') return bad(parts);
  if (!accepts(form, parts)) return bad(`${form.mnemonic} cannot take these operands`);
  const length = (cursor.address - address) & 0xfffff;
  return ok({ form, ...parts, repeat: null, zeroCarry: false, length });
}

/** Convenience for tests and tools: decode from a word array placed at `base`. */
export function decodeWords(words: readonly number[], base = 0): Decoded {
  return decode((a) => words[((a - base) & 0xfffff) >> 1] ?? 0, base);
}
