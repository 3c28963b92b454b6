/**
 * Instruction statements: mnemonic lookup (real forms, jump aliases, emulated templates) and
 * operand syntax (UG367 Table 4-3: `Rn`, `X(Rn)`, `EDE`, `&EDE`, `@Rn`, `@Rn+`, `#N`).
 */

import {
  EMULATED_BY_MNEMONIC,
  FORMS_BY_MNEMONIC,
  JUMP_ALIASES,
  type InstructionForm,
  type Size,
} from '../isa/index.js';
import { ExprParser, type Expr, type LocalLabels, type TextError } from './expr.js';
import type { Arg } from './source.js';
import type { Dialect } from './types.js';

export type OperandSyntax =
  | { readonly kind: 'reg'; readonly reg: number; readonly at: number }
  | { readonly kind: 'ind'; readonly reg: number; readonly at: number }
  | { readonly kind: 'inc'; readonly reg: number; readonly at: number }
  | { readonly kind: 'imm'; readonly expr: Expr; readonly at: number }
  | { readonly kind: 'abs'; readonly expr: Expr; readonly at: number }
  | { readonly kind: 'idx'; readonly expr: Expr; readonly reg: number; readonly at: number }
  | { readonly kind: 'sym'; readonly expr: Expr; readonly at: number };

const REGISTER_NAMES: ReadonlyMap<string, number> = new Map([
  ['pc', 0],
  ['sp', 1],
  ['sr', 2],
  ['cg', 3],
  ['cg1', 2],
  ['cg2', 3],
]);

/** Register number for `r0`–`r15`, `pc`, `sp`, `sr`, `cg` (any case), else undefined. */
export function registerNumber(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  const named = REGISTER_NAMES.get(t);
  if (named !== undefined) return named;
  const m = /^r([0-9]{1,2})$/.exec(t);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n <= 15 ? n : undefined;
}

export interface ParseEnv {
  readonly dialect: Dialect;
  readonly locals: LocalLabels;
}

/** Parses an expression that must fill `text[from, to)`. */
export function parseExprAt(
  line: string,
  from: number,
  to: number,
  env: ParseEnv,
): Expr | TextError {
  // Parse a copy cut at `to` so the expression cannot run into what follows.
  const cut = line.slice(0, to);
  const p = new ExprParser(cut, from, env.dialect, env.locals);
  const e = p.parse();
  if ('message' in e) return e;
  if (p.pos < to) {
    return {
      at: p.pos,
      message: `unexpected '${cut.slice(p.pos).trim()}'`,
      expected: 'end of operand',
    };
  }
  return e;
}

/** Parses one operand written at `arg.at` in `line`. */
export function parseOperand(line: string, arg: Arg, env: ParseEnv): OperandSyntax | TextError {
  const { text, at } = arg;
  const end = at + text.length;
  if (text === '') return { at, message: 'missing operand', expected: 'an operand' };
  const direct = registerNumber(text);
  if (direct !== undefined) return { kind: 'reg', reg: direct, at };
  const c = text[0];
  if (c === '@') {
    const inc = text.endsWith('+');
    const name = text.slice(1, inc ? -1 : undefined);
    const reg = registerNumber(name);
    if (reg === undefined) {
      return { at: at + 1, message: `'${name.trim()}' is not a register`, expected: 'r0..r15' };
    }
    return { kind: inc ? 'inc' : 'ind', reg, at };
  }
  if (c === '#' || c === '&') {
    const expr = parseExprAt(line, at + 1, end, env);
    if ('message' in expr) return expr;
    return c === '#' ? { kind: 'imm', expr, at } : { kind: 'abs', expr, at };
  }
  if (text.endsWith(')')) {
    const open = text.lastIndexOf('(');
    const reg = open > 0 ? registerNumber(text.slice(open + 1, -1)) : undefined;
    if (reg !== undefined) {
      const expr = parseExprAt(line, at, at + open, env);
      if ('message' in expr) return expr;
      return { kind: 'idx', expr, reg, at };
    }
  }
  const expr = parseExprAt(line, at, end, env);
  if ('message' in expr) return expr;
  return { kind: 'sym', expr, at };
}

/** What a mnemonic as written stands for. */
export interface Mnemonic {
  /** The real instruction's mnemonic (after alias and template expansion). */
  readonly real: string;
  readonly forms: readonly InstructionForm[];
  /** Explicit size from a `.b/.w/.a` suffix, or null. */
  readonly size: Size | null;
  /** Operand templates: 'user' is the operand the programmer writes; otherwise fixed text. */
  readonly template: readonly string[] | null;
  readonly zeroCarry: boolean;
}

const SUFFIX: Record<string, Size> = { b: 8, w: 16, a: 20 };

/** Looks a mnemonic up; returns a message when it is unknown or its suffix is not allowed. */
export function lookupMnemonic(written: string): Mnemonic | string {
  const lower = written.toLowerCase();
  let base = lower;
  let size: Size | null = null;
  const dot = lower.lastIndexOf('.');
  if (dot > 0) {
    const s = SUFFIX[lower.slice(dot + 1)];
    if (s === undefined) return `unknown size suffix '${written.slice(dot)}'`;
    size = s;
    base = lower.slice(0, dot);
  }
  const alias = JUMP_ALIASES.get(base);
  if (alias !== undefined) base = alias;
  let zeroCarry = false;
  if (base === 'rrux') {
    base = 'rrcx';
    zeroCarry = true;
  }
  const forms = FORMS_BY_MNEMONIC.get(base);
  if (forms) {
    if (size !== null && !forms.some((f) => f.sizes.includes(size))) {
      return `${base} has no ${written.slice(dot)} form`;
    }
    return { real: base, forms, size, template: null, zeroCarry };
  }
  const emulated = EMULATED_BY_MNEMONIC.get(base);
  if (emulated) {
    if (size !== null && !emulated.sized) return `${base} takes no size suffix`;
    const space = emulated.template.indexOf(' ');
    const real = space < 0 ? emulated.template : emulated.template.slice(0, space);
    const ops = space < 0 ? [] : emulated.template.slice(space + 1).split(',');
    const realForms = FORMS_BY_MNEMONIC.get(real);
    if (!realForms) return `unknown mnemonic '${written}'`;
    if (size !== null && !realForms.some((f) => f.sizes.includes(size))) {
      return `${base} has no ${written.slice(dot)} form`;
    }
    return {
      real,
      forms: realForms,
      size,
      template: ops.map((o) => o.trim()),
      zeroCarry: false,
    };
  }
  return `unknown mnemonic '${written}'`;
}

/** True when `op` (lower case, suffix stripped) names an instruction. */
export function isMnemonic(op: string): boolean {
  return typeof lookupMnemonic(op) !== 'string';
}
