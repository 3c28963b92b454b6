/**
 * Instruction record → machine words.
 *
 * Field layouts follow UG367 §4.5.1 (Format I, II, jumps), §4.5.2 (extension word) and §4.6.1
 * (address instructions, RRxM, PUSHM/POPM, CALLA). The encoder takes operands as the decoder
 * gives them (symbolic operands as target addresses), so encode(decode(x)) reproduces x.
 */

import { fail, ok, type Result } from '../result.js';
import type { EncodeError, Instruction } from './instruction.js';
import { constantEncoding, Mode, PC, SR, type Operand } from './operands.js';
import { Format, type Size } from './table.js';

type Words = Result<number[], EncodeError>;

function error(field: EncodeError['field'], message: string): Words {
  return fail({ kind: 'encode', field, message });
}

/** An operand's contribution to a Format I/II word: register, mode bits and an optional word. */
interface Fields {
  readonly reg: number;
  readonly mode: number;
  /** Full value of the extra word; bits 19:16 go to the extension word in MSP430X forms. */
  readonly extra: number | null;
}

type FieldResult = Fields | string;

const WORD_MIN = -0x8000;
const WORD_MAX = 0xffff;
const ADDR_MIN = -0x80000;
const ADDR_MAX = 0xfffff;

function fits(value: number, wide: boolean): boolean {
  return wide ? value >= ADDR_MIN && value <= ADDR_MAX : value >= WORD_MIN && value <= WORD_MAX;
}

/**
 * Offset for a symbolic operand whose index word sits at `wordAddress`, or a message when the
 * CPU could not reach `target` from there (UG367 §4.4.2: 16-bit sums stay in the lower 64 KB).
 */
export function symbolicOffset(
  target: number,
  wordAddress: number,
  wide: boolean,
): number | string {
  const offset = target - wordAddress;
  if (wide) {
    return fits(offset, true) ? offset : `target 0x${target.toString(16)} is out of reach`;
  }
  if (wordAddress < 0x10000) {
    if (target < 0 || target > 0xffff) {
      return `target 0x${target.toString(16)} is above 64 KB; use an MSP430X instruction`;
    }
    return offset & 0xffff;
  }
  if (offset < -0x8000 || offset > 0x7fff) {
    return `target 0x${target.toString(16)} is more than 32 KB from the instruction`;
  }
  return offset;
}

function sourceFields(op: Operand, wordAddress: number, wide: boolean): FieldResult {
  switch (op.mode) {
    case Mode.Register:
      return { reg: op.reg, mode: 0, extra: null };
    case Mode.Constant: {
      const cg = constantEncoding(op.value);
      return cg ? { reg: cg[0], mode: cg[1], extra: null } : `${op.value} is not a constant`;
    }
    case Mode.Indexed:
      if (!fits(op.value, wide)) return `index ${op.value} does not fit`;
      return { reg: op.reg, mode: 1, extra: op.value };
    case Mode.Symbolic: {
      const offset = symbolicOffset(op.value, wordAddress, wide);
      return typeof offset === 'string' ? offset : { reg: PC, mode: 1, extra: offset };
    }
    case Mode.Absolute:
      if (!fits(op.value, wide) || op.value < 0) return `address ${op.value} does not fit`;
      return { reg: SR, mode: 1, extra: op.value };
    case Mode.Indirect:
      return { reg: op.reg, mode: 2, extra: null };
    case Mode.IndirectInc:
      return { reg: op.reg, mode: 3, extra: null };
    case Mode.Immediate:
      if (!fits(op.value, wide)) return `immediate ${op.value} does not fit`;
      return { reg: PC, mode: 3, extra: op.value };
  }
}

function destinationFields(op: Operand, wordAddress: number, wide: boolean): FieldResult {
  switch (op.mode) {
    case Mode.Register:
      return { reg: op.reg, mode: 0, extra: null };
    case Mode.Indexed:
    case Mode.Symbolic:
    case Mode.Absolute: {
      const f = sourceFields(op, wordAddress, wide);
      return typeof f === 'string' ? f : { ...f, mode: 1 };
    }
    default:
      return 'this addressing mode cannot be a destination';
  }
}

/** Byte/word bit and, for MSP430X forms, the A/L bit (UG367 §4.5.2, Table 4-16). */
function sizeBits(ins: Instruction): { bw: number; al: number } {
  const { size, form } = ins;
  if (size === 8) return { bw: 1, al: 1 };
  if (size === 16) return { bw: 0, al: 1 };
  const noByteForm = form.mnemonic === 'swpbx' || form.mnemonic === 'sxtx';
  return { bw: noByteForm ? 0 : 1, al: 0 };
}

function pushExtra(words: number[], f: Fields): void {
  if (f.extra !== null) words.push(f.extra & 0xffff);
}

function high(f: Fields): number {
  return f.extra === null ? 0 : (f.extra >> 16) & 0xf;
}

/** Extension word, UG367 §4.5.2: register form carries ZC/#/count, the other form bits 19:16. */
function extensionWord(ins: Instruction, registerForm: boolean, srcHi: number, dstHi: number) {
  const al = sizeBits(ins).al << 6;
  if (!registerForm) return 0x1800 | (srcHi << 7) | al | dstHi;
  const zc = ins.zeroCarry ? 0x100 : 0;
  const rep = ins.repeat;
  if (rep === null) return 0x1800 | zc | al;
  if (rep.kind === 'register') return 0x1800 | zc | 0x80 | al | rep.reg;
  return 0x1800 | zc | al | (rep.n - 1);
}

function checkRepeat(ins: Instruction, registerForm: boolean): string | null {
  if (ins.repeat === null && !ins.zeroCarry) return null;
  if (!registerForm) return 'a repeat count or ZC needs register operands';
  if (ins.repeat?.kind === 'count' && (ins.repeat.n < 1 || ins.repeat.n > 16)) {
    return 'a repeat count must be 1..16';
  }
  return null;
}

function encodeFormatI(ins: Instruction, address: number, extended: boolean): Words {
  if (!ins.src || !ins.dst) return error('form', 'two operands are required');
  const base = extended ? address + 2 : address;
  const src = sourceFields(ins.src, base + 2, extended);
  if (typeof src === 'string') return error('src', src);
  const dstWord = base + 2 + (src.extra === null ? 0 : 2);
  const dst = destinationFields(ins.dst, dstWord, extended);
  if (typeof dst === 'string') return error('dst', dst);

  const { bw } = sizeBits(ins);
  const opword =
    ins.form.match | (src.reg << 8) | (dst.mode << 7) | (bw << 6) | (src.mode << 4) | dst.reg;
  const words: number[] = [];
  if (extended) {
    const registerForm = src.mode === 0 && dst.mode === 0;
    const bad = checkRepeat(ins, registerForm);
    if (bad) return error('repeat', bad);
    words.push(extensionWord(ins, registerForm, high(src), high(dst)));
  } else if (ins.repeat || ins.zeroCarry) {
    return error('repeat', 'only MSP430X (…X) instructions can repeat');
  }
  words.push(opword);
  pushExtra(words, src);
  pushExtra(words, dst);
  return ok(words);
}

function encodeFormatII(ins: Instruction, address: number, extended: boolean): Words {
  if (!ins.src) return error('form', 'an operand is required');
  const base = extended ? address + 2 : address;
  const f = sourceFields(ins.src, base + 2, extended);
  if (typeof f === 'string') return error('src', f);

  const { bw } = sizeBits(ins);
  const words: number[] = [];
  if (extended) {
    const registerForm = f.mode === 0;
    const bad = checkRepeat(ins, registerForm);
    if (bad) return error('repeat', bad);
    // The operand is addressed through As, the source path, so its bits 19:16 travel in the
    // source field (bits 10:7). UG367 does not spell this out for Format II; GNU binutils (the
    // base of TI's msp430-gcc) encodes and decodes it this way. See docs/limitations.md.
    words.push(extensionWord(ins, registerForm, high(f), 0));
  } else if (ins.repeat || ins.zeroCarry) {
    return error('repeat', 'only MSP430X (…X) instructions can repeat');
  }
  words.push(ins.form.match | (bw << 6) | (f.mode << 4) | f.reg);
  pushExtra(words, f);
  return ok(words);
}

function encodeJump(ins: Instruction, address: number): Words {
  if (!ins.src) return error('src', 'a jump needs a target');
  const distance = ins.src.value - (address + 2);
  if (distance % 2 !== 0) return error('src', 'a jump target must be even');
  const offset = distance / 2;
  if (offset < -512 || offset > 511) {
    return error('src', `jump target is ${offset} words away; the range is -512..511`);
  }
  return ok([ins.form.match | (offset & 0x3ff)]);
}

/** Bits 7:4 of each address-instruction form, by source and destination mode. */
function addressForm(ins: Instruction): number {
  return (ins.form.match >> 4) & 0xf;
}

function encodeAddress(ins: Instruction, address: number): Words {
  const { src, dst } = ins;
  if (!src || !dst) return error('form', 'two operands are required');
  const form = addressForm(ins);
  const opword = ins.form.match;
  switch (src.mode) {
    case Mode.Indirect:
    case Mode.IndirectInc:
      return ok([opword | (src.reg << 8) | dst.reg]);
    case Mode.Absolute:
    case Mode.Immediate: {
      if (!fits(src.value, true)) return error('src', `${src.value} does not fit in 20 bits`);
      const v = src.value & 0xfffff;
      return ok([opword | ((v >> 16) << 8) | dst.reg, v & 0xffff]);
    }
    case Mode.Indexed:
    case Mode.Symbolic: {
      const index = addressIndex(src, address + 2);
      if (typeof index === 'string') return error('src', index);
      return ok([opword | (src.mode === Mode.Symbolic ? 0 : src.reg << 8) | dst.reg, index]);
    }
    case Mode.Register:
      break;
    default:
      return error('src', 'this addressing mode is not available to address instructions');
  }
  if (form === 0x6) {
    if (!fits(dst.value, true) || dst.value < 0) return error('dst', 'address does not fit');
    const v = dst.value & 0xfffff;
    return ok([opword | (src.reg << 8) | (v >> 16), v & 0xffff]);
  }
  if (form === 0x7) {
    const index = addressIndex(dst, address + 2);
    if (typeof index === 'string') return error('dst', index);
    return ok([opword | (src.reg << 8) | (dst.mode === Mode.Symbolic ? 0 : dst.reg), index]);
  }
  return ok([opword | (src.reg << 8) | dst.reg]);
}

/** MOVA `z16(Rn)`: a signed 16-bit index; the symbolic form is `z16(PC)`. */
function addressIndex(op: Operand, wordAddress: number): number | string {
  const value = op.mode === Mode.Symbolic ? op.value - wordAddress : op.value;
  if (op.mode === Mode.Symbolic && (value < -0x8000 || value > 0x7fff)) {
    return 'target is more than 32 KB away; use &abs20';
  }
  if (value < WORD_MIN || value > WORD_MAX) return `index ${value} does not fit in 16 bits`;
  return value & 0xffff;
}

function immediateCount(op: Operand | null, max: number): number | string {
  if (!op || op.mode !== Mode.Immediate) return 'a count #n is required';
  if (op.value < 1 || op.value > max) return `the count must be 1..${max}`;
  return op.value;
}

function encodeShiftM(ins: Instruction): Words {
  const n = immediateCount(ins.src, 4);
  if (typeof n === 'string') return error('src', n);
  if (!ins.dst) return error('dst', 'a register is required');
  const w = ins.size === 16 ? 0x10 : 0;
  return ok([((n - 1) << 10) | ins.form.match | w | ins.dst.reg]);
}

function encodePushPopM(ins: Instruction): Words {
  const n = immediateCount(ins.src, 16);
  if (typeof n === 'string') return error('src', n);
  if (!ins.dst) return error('dst', 'a register is required');
  const w = ins.size === 16 ? 0x100 : 0;
  // PUSHM names the highest register; POPM's field holds the lowest (UG367 §4.6.3).
  const field = ins.form.mnemonic === 'popm' ? ins.dst.reg - n + 1 : ins.dst.reg;
  if (field < 0) return error('dst', `cannot pop ${n} registers ending at r${ins.dst.reg}`);
  if (ins.form.mnemonic === 'pushm' && ins.dst.reg - n + 1 < 0) {
    return error('dst', `cannot push ${n} registers ending at r${ins.dst.reg}`);
  }
  return ok([ins.form.match | w | ((n - 1) << 4) | field]);
}

/** CALLA mmmm field for each mode, UG367 §4.6.1. */
export const CALLA_MODES: ReadonlyMap<Mode, number> = new Map<Mode, number>([
  [Mode.Register, 0x4],
  [Mode.Indexed, 0x5],
  [Mode.Indirect, 0x6],
  [Mode.IndirectInc, 0x7],
  [Mode.Absolute, 0x8],
  [Mode.Symbolic, 0x9],
  [Mode.Immediate, 0xb],
]);

function encodeCalla(ins: Instruction, address: number): Words {
  const src = ins.src;
  const mmmm = src ? CALLA_MODES.get(src.mode) : undefined;
  if (!src || mmmm === undefined)
    return error('src', 'this addressing mode is not valid for CALLA');
  const opword = 0x1300 | (mmmm << 4);
  switch (src.mode) {
    case Mode.Register:
    case Mode.Indirect:
    case Mode.IndirectInc:
      return ok([opword | src.reg]);
    case Mode.Indexed: {
      const index = addressIndex(src, address + 2);
      return typeof index === 'string' ? error('src', index) : ok([opword | src.reg, index]);
    }
    default: {
      const v = src.mode === Mode.Symbolic ? src.value - (address + 2) : src.value;
      if (!fits(v, true)) return error('src', `${v} does not fit in 20 bits`);
      return ok([opword | ((v >> 16) & 0xf), v & 0xffff]);
    }
  }
}

function checkForm(ins: Instruction): Words | null {
  const { form } = ins;
  if (!form.sizes.includes(ins.size)) {
    return error('size', `${form.mnemonic} has no ${sizeSuffix(ins.size)} form`);
  }
  if (form.src ? !ins.src || !form.src.includes(ins.src.mode) : ins.src) {
    return error('src', `${form.mnemonic} does not accept this source operand`);
  }
  if (form.dst ? !ins.dst || !form.dst.includes(ins.dst.mode) : ins.dst) {
    return error('dst', `${form.mnemonic} does not accept this destination operand`);
  }
  return null;
}

export function sizeSuffix(size: Size): string {
  return size === 8 ? '.b' : size === 16 ? '.w' : '.a';
}

/** Encode `ins` placed at `address`; returns the words in memory order. */
export function encode(ins: Instruction, address: number): Words {
  const bad = checkForm(ins);
  if (bad) return bad;
  switch (ins.form.format) {
    case Format.I:
      return encodeFormatI(ins, address, false);
    case Format.XI:
      return encodeFormatI(ins, address, true);
    case Format.II:
      return encodeFormatII(ins, address, false);
    case Format.XII:
      return encodeFormatII(ins, address, true);
    case Format.Reti:
      return ok([0x1300]);
    case Format.Jump:
      return encodeJump(ins, address);
    case Format.Address:
      return encodeAddress(ins, address);
    case Format.ShiftM:
      return encodeShiftM(ins);
    case Format.PushPopM:
      return encodePushPopM(ins);
    case Format.Calla:
      return encodeCalla(ins, address);
  }
}

/** Length in bytes that `ins` will take, without needing final operand values. */
export function encodedLength(ins: Omit<Instruction, 'length'>): number {
  const extra = (op: Operand | null): number => {
    if (!op) return 0;
    if (ins.form.format === Format.Address || ins.form.format === Format.Calla) {
      return op.mode === Mode.Register || op.mode === Mode.Indirect || op.mode === Mode.IndirectInc
        ? 0
        : 2;
    }
    return op.mode === Mode.Indexed ||
      op.mode === Mode.Symbolic ||
      op.mode === Mode.Absolute ||
      op.mode === Mode.Immediate
      ? 2
      : 0;
  };
  const f = ins.form.format;
  if (f === Format.ShiftM || f === Format.PushPopM || f === Format.Jump || f === Format.Reti) {
    return 2;
  }
  const ext = f === Format.XI || f === Format.XII ? 2 : 0;
  return ext + 2 + extra(ins.src) + extra(ins.dst);
}
