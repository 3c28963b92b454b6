/**
 * Instructions to machine words, through the one instruction table in `emulator/isa`.
 *
 * Planning (first pass): the instruction form, the size and each operand's addressing mode
 * (UG367 Table 4-3), hence the length. Choices that change the length are made here, once, from
 * what is known at that line, as GNU as (a one-pass assembler) does: the constant generator
 * (UG367 Table 4-2), `0(Rn)` as `@Rn` (unless `keepZeroIndex`, clang's rule) and an absolute
 * symbolic operand encoded as a raw index. Encoding (final pass): operand values with their
 * range checks, jump offsets (UG367 §4.5.1.8), `rpt` (UG367 §4.6.2.1), then `encode`.
 */

import {
  Format,
  Mode,
  encode,
  encodedLength,
  type Instruction,
  type InstructionForm,
  type Operand,
  type Repeat,
  type Size,
} from '../isa/index.js';
import { symbolsOf, type Expr, type LocalLabels, type TextError, type Value } from './expr.js';
import { parseOperand, type Mnemonic, type OperandSyntax } from './insn.js';
import type { InsnItem, PendingRepeat } from './prepare.js';
import type { Statement } from './source.js';
import type { Dialect } from './types.js';

interface PlannedOperand {
  readonly syn: OperandSyntax;
  readonly mode: Mode;
  /** Symbolic operand whose value is absolute: the value is the raw index (GNU as). */
  readonly raw: boolean;
}

export interface InsnPlan {
  readonly form: InstructionForm;
  readonly size: Size;
  readonly src: PlannedOperand | null;
  readonly dst: PlannedOperand | null;
  readonly length: number;
}

/** What planning and encoding need from the assembler. */
export interface OperandContext {
  readonly dialect: Dialect;
  readonly keepZeroIndex: boolean;
  /** The value of `e` if it is absolute and known at this line, else null; never reports. */
  known(st: Statement, e: Expr): Value | null;
  eval(st: Statement, e: Expr): Value | null;
  evalNow(st: Statement, e: Expr, what: string): number | null;
  isAddress(name: string): boolean;
  error(st: Statement, at: number, message: string, expected?: string): void;
}

const NO_LOCALS: LocalLabels = { counts: new Map() };

const MODE_TEXT: Record<number, string> = {
  [Mode.Register]: 'a register',
  [Mode.Indexed]: 'an indexed operand',
  [Mode.Symbolic]: 'a symbolic operand',
  [Mode.Absolute]: 'an absolute operand',
  [Mode.Indirect]: 'an indirect operand',
  [Mode.IndirectInc]: 'an autoincrement operand',
  [Mode.Immediate]: 'an immediate',
  [Mode.Constant]: 'an immediate',
};

/**
 * The constant-generator value for immediate `v`, or null (UG367 Table 4-2; GNU as rules).
 * 16-bit forms: the value is taken modulo 2^16 and sign-extended, so `#0xffff` becomes -1; byte
 * forms do not fold `#0xff`. MSP430X forms use the value as written, so `#0xfffff` stays an
 * immediate. PUSH #4 and #8 use the generator (the CPU4 erratum workaround of GNU as applies to
 * the original MSP430 only).
 */
export function constantFor(v: bigint, size: Size, form: InstructionForm): number | null {
  const n = Number(v);
  let x: number;
  if (form.isa === '430X' || size === 20) x = n;
  else {
    if (n < -0x8000 || n > 0xffff) return null;
    x = (n & 0xffff) >= 0x8000 ? (n & 0xffff) - 0x10000 : n & 0xffff;
  }
  return [0, 1, 2, 4, 8, -1].includes(x) ? x : null;
}

function operandCount(form: InstructionForm): number {
  return (form.src ? 1 : 0) + (form.dst ? 1 : 0);
}

function stub(mode: Mode): Operand {
  return { mode, reg: 4, value: 0 };
}

function rangeText(min: number, max: number): string {
  const hex = (v: number): string => (v < 0 ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`);
  return `${hex(min)}..${hex(max)}`;
}

function modeMessage(mnemonic: string, op: PlannedOperand | null, isSrc: boolean): string {
  const which = isSrc ? 'source' : 'destination';
  if (!op) return `${mnemonic} needs a ${which} operand`;
  return `${mnemonic} does not accept ${MODE_TEXT[op.mode] ?? 'this operand'} as ${which}`;
}

/** An emulated instruction's operands: its template with `$` replaced by the one written. */
function expandTemplate(
  st: Statement,
  m: Mnemonic,
  ops: readonly OperandSyntax[],
): readonly OperandSyntax[] | TextError {
  if (!m.template) return ops;
  const wants = m.template.filter((t) => t === '$').length > 0 ? 1 : 0;
  if (ops.length !== wants) {
    return {
      at: ops[wants]?.at ?? st.opAt,
      message: `${st.op ?? ''} takes ${wants === 0 ? 'no operand' : 'one operand'}`,
    };
  }
  const user = ops[0];
  const out: OperandSyntax[] = [];
  for (const t of m.template) {
    if (t === '$') out.push(user as OperandSyntax);
    else {
      const r = parseOperand(t, { text: t, at: 0 }, { dialect: 'gnu', locals: NO_LOCALS });
      if ('message' in r) return { at: st.opAt, message: `bad template operand ${t}` };
      out.push({ ...r, at: st.opAt });
    }
  }
  return out;
}

/** First-pass decisions: operand modes, form and length. */
export function planInstruction(
  c: OperandContext,
  st: Statement,
  item: InsnItem,
): InsnPlan | TextError {
  const { m } = item;
  const ops = expandTemplate(st, m, item.ops);
  if ('message' in ops) return ops;
  const candidates = m.forms.filter((f) => operandCount(f) === ops.length);
  if (candidates.length === 0) {
    const n = m.forms[0] ? operandCount(m.forms[0]) : 0;
    return {
      at: ops[n]?.at ?? st.opAt,
      message: `${m.real} takes ${n} operand${n === 1 ? '' : 's'}, not ${ops.length}`,
      expected: `${n} operand${n === 1 ? '' : 's'}`,
    };
  }
  let lastError: TextError | null = null;
  for (const form of candidates) {
    const size = m.size ?? (form.sizes[0] as Size);
    if (!form.sizes.includes(size)) continue;
    const src = ops[0] ? planOperand(c, st, form, size, ops[0], true) : null;
    const dst = ops[1] ? planOperand(c, st, form, size, ops[1], false) : null;
    if (src && 'message' in src) {
      lastError = src;
      continue;
    }
    if (dst && 'message' in dst) {
      lastError = dst;
      continue;
    }
    const srcOk = form.src ? src !== null && form.src.includes(src.mode) : src === null;
    const dstOk = form.dst ? dst !== null && form.dst.includes(dst.mode) : dst === null;
    if (!srcOk) {
      lastError = { at: src?.syn.at ?? st.opAt, message: modeMessage(m.real, src, true) };
      continue;
    }
    if (!dstOk) {
      lastError = { at: dst?.syn.at ?? st.opAt, message: modeMessage(m.real, dst, false) };
      continue;
    }
    const length = encodedLength({
      form,
      size,
      src: src ? stub(src.mode) : null,
      dst: dst ? stub(dst.mode) : null,
      repeat: null,
      zeroCarry: m.zeroCarry,
    });
    return { form, size, src, dst, length };
  }
  return lastError ?? { at: st.opAt, message: `${m.real} does not accept these operands` };
}

function planOperand(
  c: OperandContext,
  st: Statement,
  form: InstructionForm,
  size: Size,
  syn: OperandSyntax,
  isSrc: boolean,
): PlannedOperand | TextError {
  const allowed = (isSrc ? form.src : form.dst) ?? [];
  switch (syn.kind) {
    case 'reg':
      return { syn, mode: Mode.Register, raw: false };
    case 'ind':
      return { syn, mode: Mode.Indirect, raw: false };
    case 'inc':
      return { syn, mode: Mode.IndirectInc, raw: false };
    case 'abs':
      return { syn, mode: Mode.Absolute, raw: false };
    case 'imm': {
      const v = c.known(st, syn.expr);
      const cg = v && allowed.includes(Mode.Constant) ? constantFor(v.v, size, form) : null;
      return { syn, mode: cg === null ? Mode.Immediate : Mode.Constant, raw: false };
    }
    case 'idx': {
      if (syn.reg === 2 || syn.reg === 3) {
        return { at: syn.at, message: `r${syn.reg} cannot be used as an index register` };
      }
      const v = c.known(st, syn.expr);
      const shorten = !c.keepZeroIndex;
      if (shorten && isSrc && v && v.v === 0n && allowed.includes(Mode.Indirect)) {
        return { syn, mode: Mode.Indirect, raw: false };
      }
      return { syn, mode: Mode.Indexed, raw: false };
    }
    case 'sym': {
      const raw =
        form.format !== Format.Jump && c.dialect === 'gnu' && c.known(st, syn.expr) !== null;
      return { syn, mode: Mode.Symbolic, raw };
    }
  }
}

/** Final pass: the instruction's bytes at `address`, or null after reporting why not. */
export function encodeInstruction(
  c: OperandContext,
  st: Statement,
  item: InsnItem,
  plan: InsnPlan,
  address: number,
): number[] | null {
  const { form } = plan;
  const extended = form.format === Format.XI || form.format === Format.XII;
  const src = plan.src ? finalOperand(c, st, plan, plan.src, address) : null;
  const dst = plan.dst ? finalOperand(c, st, plan, plan.dst, address) : null;
  if ((plan.src && !src) || (plan.dst && !dst)) return null;
  const repeat = item.repeat ? repeatOf(c, item.repeat, form, extended) : null;
  if (repeat === undefined) return null;
  const ins: Instruction = {
    form,
    size: plan.size,
    src,
    dst,
    repeat,
    zeroCarry: item.m.zeroCarry,
    length: plan.length,
  };
  const words = encode(ins, address);
  if (!words.ok) {
    for (const e of words.errors) {
      if (e.field === 'repeat' && item.repeat) {
        c.error(item.repeat.st, item.repeat.r.at, e.message);
        continue;
      }
      const op = e.field === 'src' ? plan.src : e.field === 'dst' ? plan.dst : null;
      c.error(st, op?.syn.at ?? st.opAt, e.message);
    }
    return null;
  }
  return words.value.flatMap((w) => [w & 0xff, (w >> 8) & 0xff]);
}

/** The `rpt` prefix's repeat; undefined after reporting an error. */
function repeatOf(
  c: OperandContext,
  { r, st }: PendingRepeat,
  form: InstructionForm,
  extended: boolean,
): Repeat | undefined {
  if (!extended) {
    c.error(st, r.at, `rpt applies to MSP430X instructions only, not ${form.mnemonic}`);
    return undefined;
  }
  if (r.kind === 'register') return { kind: 'register', reg: r.reg };
  const n = c.evalNow(st, r.e, 'a repeat count');
  if (n === null) return undefined;
  if (n < 1 || n > 16) {
    c.error(st, r.e.col, `repeat count ${n} is out of range`, '1..16');
    return undefined;
  }
  return { kind: 'count', n };
}

function finalOperand(
  c: OperandContext,
  st: Statement,
  plan: InsnPlan,
  op: PlannedOperand,
  address: number,
): Operand | null {
  const { syn, mode } = op;
  if (syn.kind === 'reg' || syn.kind === 'ind' || syn.kind === 'inc') {
    return { mode, reg: syn.reg, value: 0 };
  }
  const v = c.eval(st, syn.expr);
  if (v === null) return null;
  const n = Number(v.v);
  const wide = plan.size === 20 || plan.form.isa === '430X';
  const limit = wide ? 0xfffff : 0xffff;
  const min = wide ? -0x80000 : -0x8000;
  /** Reports `n` out of min..limit; true when it is in range. */
  const inRange = (what: string, low: number): boolean => {
    if (n >= min && n <= limit) return true;
    c.error(st, syn.expr.col, `${what} ${n} is out of range`, rangeText(low, limit));
    return false;
  };
  switch (syn.kind) {
    case 'imm':
      if (mode === Mode.Constant) {
        return { mode, reg: 0, value: constantFor(v.v, plan.size, plan.form) ?? 0 };
      }
      return inRange('value', min) ? { mode, reg: 0, value: n } : null;
    case 'abs':
      return inRange('address', 0) ? { mode, reg: 0, value: n < 0 ? n & limit : n } : null;
    case 'idx':
      if (mode === Mode.Indirect) return { mode, reg: syn.reg, value: 0 };
      return inRange('index', min) ? { mode, reg: syn.reg, value: n } : null;
    case 'sym':
      if (plan.form.format === Format.Jump) return jumpTarget(c, st, syn.expr, v, address);
      if (!op.raw) return { mode: Mode.Symbolic, reg: 0, value: n };
      if (!inRange('index', min)) return null;
      if (plan.form.format === Format.Calla) {
        return { mode: Mode.Symbolic, reg: 0, value: n + address + 2 };
      }
      return { mode: Mode.Indexed, reg: 0, value: n };
  }
}

/** Jump operand: a target address, or in GNU syntax a raw byte offset for a bare constant. */
function jumpTarget(
  c: OperandContext,
  st: Statement,
  e: Expr,
  v: Value,
  address: number,
): Operand | null {
  let target = Number(v.v);
  const constant = v.section === null && !symbolsOf(e).some((n) => c.isAddress(n));
  if (constant && c.dialect === 'gnu' && e.k !== 'dot') {
    // GNU as: `jmp N` with a constant N jumps N bytes past the next word (N - 2 if negative).
    const x = target < 0 ? target - 2 : target;
    target = address + 2 + x;
  }
  if (target % 2 !== 0) {
    c.error(st, e.col, `jump target 0x${target.toString(16)} is odd`);
    return null;
  }
  const words = (target - address - 2) / 2;
  if (words < -512 || words > 511) {
    c.error(
      st,
      e.col,
      `jump target is ${words} words away`,
      'a target within -512..+511 words (use br)',
    );
    return null;
  }
  return { mode: Mode.Symbolic, reg: 0, value: target };
}
