/**
 * Encodes one line of GNU-syntax MSP430/MSP430X assembly into words through the `emulator/isa`
 * table and encoder, for CPU tests: `add.b @r5+, 2(r6)`, `rpt #4 { addx.w r11, r11`,
 * `calla #0x12345`, `push #0x1234`. Numbers without `#`, `&` or `(Rn)` are symbolic operands
 * (effective addresses). Constant-generator values become constant-generator operands, as an
 * assembler would emit them. Stands in for the project assembler inside the CPU specs only.
 */

import {
  EMULATED_BY_MNEMONIC,
  encode,
  encodedLength,
  FORMS_BY_MNEMONIC,
  JUMP_ALIASES,
  Mode,
  type Instruction,
  type InstructionForm,
  type Operand,
  type Repeat,
  type Size,
} from '../../../emulator/isa/index.js';

const NAMED: Record<string, number> = { pc: 0, sp: 1, sr: 2, cg: 3 };

function regNumber(t: string): number | undefined {
  const s = t.trim().toLowerCase();
  if (s in NAMED) return NAMED[s];
  const m = /^r(\d{1,2})$/.exec(s);
  return m && Number(m[1]) < 16 ? Number(m[1]) : undefined;
}

function num(t: string): number {
  const s = t.trim();
  const v = s.startsWith('-') ? -Number(s.slice(1)) : Number(s);
  if (!Number.isFinite(v)) throw new Error(`bad number '${t}'`);
  return v;
}

function operand(text: string, constants: boolean): Operand {
  const t = text.trim();
  const r = regNumber(t);
  if (r !== undefined) return { mode: Mode.Register, reg: r, value: 0 };
  if (t.startsWith('#')) {
    const v = num(t.slice(1));
    if (constants && [0, 1, 2, 4, 8, -1].includes(v))
      return { mode: Mode.Constant, reg: 3, value: v };
    return { mode: Mode.Immediate, reg: 0, value: v };
  }
  if (t.startsWith('&')) return { mode: Mode.Absolute, reg: 2, value: num(t.slice(1)) };
  if (t.startsWith('@')) {
    const inc = t.endsWith('+');
    const reg = regNumber(t.slice(1, inc ? -1 : undefined));
    if (reg === undefined) throw new Error(`bad register in '${t}'`);
    return { mode: inc ? Mode.IndirectInc : Mode.Indirect, reg, value: 0 };
  }
  const idx = /^(.*)\((\w+)\)$/.exec(t);
  if (idx) {
    const reg = regNumber(idx[2]!);
    if (reg === undefined) throw new Error(`bad register in '${t}'`);
    return { mode: Mode.Indexed, reg, value: num(idx[1]!) };
  }
  return { mode: Mode.Symbolic, reg: 0, value: num(t) };
}

function splitOperands(text: string): string[] {
  return text.trim() === '' ? [] : text.split(',').map((s) => s.trim());
}

interface Parsed {
  readonly forms: readonly InstructionForm[];
  readonly size: Size | null;
  readonly operands: string[];
  readonly zeroCarry: boolean;
}

function parseMnemonic(mnemonicText: string, rest: string): Parsed {
  const [name0, suffix] = mnemonicText.toLowerCase().split('.') as [string, string | undefined];
  const size: Size | null = suffix === 'b' ? 8 : suffix === 'w' ? 16 : suffix === 'a' ? 20 : null;
  let name = JUMP_ALIASES.get(name0) ?? name0;
  let operands = splitOperands(rest);
  let zeroCarry = false;
  if (name === 'rrux') {
    name = 'rrcx';
    zeroCarry = true;
  }
  const emulated = EMULATED_BY_MNEMONIC.get(name);
  if (emulated && !FORMS_BY_MNEMONIC.has(name)) {
    const [real, ...tmpl] = emulated.template.split(' ');
    const filled = tmpl.join(' ').replaceAll('$', operands[0] ?? '');
    name = real!;
    operands = splitOperands(filled);
  }
  const forms = FORMS_BY_MNEMONIC.get(name);
  if (!forms) throw new Error(`unknown mnemonic '${mnemonicText}'`);
  return { forms, size, operands, zeroCarry };
}

/** Encode `line` at `address`; returns the words and the instruction record. */
export function encodeLine(line: string, address: number): { words: number[]; ins: Instruction } {
  let text = line.trim();
  let repeat: Repeat | null = null;
  let rptZero = false;
  const rpt = /^rpt(z?)\s+([^{]+)\{\s*(.*)$/i.exec(text);
  if (rpt) {
    rptZero = rpt[1] !== '';
    const arg = rpt[2]!.trim();
    const reg = regNumber(arg);
    repeat =
      reg !== undefined ? { kind: 'register', reg } : { kind: 'count', n: num(arg.slice(1)) };
    text = rpt[3]!;
  }
  const space = text.search(/\s/);
  const mnemonic = space < 0 ? text : text.slice(0, space);
  const rest = space < 0 ? '' : text.slice(space + 1);
  const p = parseMnemonic(mnemonic, rest);
  const errors: string[] = [];
  for (const form of p.forms) {
    const allowCg = form.src?.includes(Mode.Constant) ?? false;
    const ops = p.operands.map((o, i) => operand(o, i === 0 && allowCg));
    const single = form.dst === null;
    let src = ops[0] ?? null;
    let dst = single ? null : (ops[1] ?? null);
    if (form.mnemonic === 'pushm' || form.mnemonic === 'popm' || form.format === 'ShiftM') {
      src = ops[0] ?? null;
      dst = ops[1] ?? null;
    }
    const size = p.size ?? form.sizes[0]!;
    const partial = { form, size, src, dst, repeat, zeroCarry: p.zeroCarry || rptZero };
    const ins: Instruction = { ...partial, length: encodedLength(partial) };
    const words = encode(ins, address);
    if (words.ok) return { words: words.value, ins };
    errors.push(words.errors[0]!.message);
  }
  throw new Error(`cannot encode '${line}': ${errors.join('; ')}`);
}
