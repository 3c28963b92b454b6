/**
 * Statement preparation, done once before the passes: each statement becomes an instruction
 * (mnemonic and operand syntax, UG367 Table 4-3), an `rpt` prefix (UG367 §4.6.2.1), a
 * directive with its arguments parsed, or an assignment (`sym = expr`). Numeric local labels
 * (`1:` … `1b`/`1f`, GNU as) are numbered here, in source order, which is why directive
 * arguments are parsed here too.
 */

import { localLabelName, parseString, type Expr, type TextError } from './expr.js';
import {
  lookupMnemonic,
  parseExprAt,
  parseOperand,
  registerNumber,
  type Mnemonic,
  type OperandSyntax,
  type ParseEnv,
} from './insn.js';
import { isIgnoredDirective } from './directives.js';
import type { InsnPlan } from './operands.js';
import type { Arg, Statement } from './source.js';
import type { Dialect } from './types.js';

/** A parsed directive argument; a name argument is kept as text in `Statement.args`. */
export type DirArg =
  | { readonly kind: 'expr'; readonly e: Expr; readonly at: number }
  | { readonly kind: 'name'; readonly at: number }
  | { readonly kind: 'str'; readonly bytes: number[]; readonly at: number };

export type RepeatSyntax =
  | { readonly kind: 'count'; readonly e: Expr; readonly at: number }
  | { readonly kind: 'register'; readonly reg: number; readonly at: number };

/** An `rpt` prefix and the statement it was written on. */
export interface PendingRepeat {
  readonly r: RepeatSyntax;
  readonly st: Statement;
}

export interface InsnItem {
  readonly kind: 'insn';
  readonly m: Mnemonic;
  readonly ops: readonly OperandSyntax[];
  /** Decided in the first pass. */
  plan: InsnPlan | TextError | null;
  repeat: PendingRepeat | null;
}

type Item =
  | { readonly kind: 'none' }
  | { readonly kind: 'error'; readonly err: TextError }
  | InsnItem
  | { readonly kind: 'rpt'; readonly r: RepeatSyntax }
  | { readonly kind: 'dir'; readonly name: string; readonly args: readonly Arg[] }
  | { readonly kind: 'assign'; readonly name: string; readonly at: number; readonly e: Expr };

export interface Prepared {
  readonly st: Statement;
  readonly labels: readonly { readonly name: string; readonly at: number }[];
  readonly item: Item;
  /** Parsed directive arguments, filled lazily but only once (local labels need source order). */
  dirArgs?: (DirArg | TextError)[];
}

const SYMBOL_NAME = /^[A-Za-z_.$][A-Za-z0-9_.$]*$/;

/** True for a valid symbol name. */
export function isSymbolName(text: string): boolean {
  return SYMBOL_NAME.test(text);
}

/** Directives whose first argument is a name, not an expression. */
const NAME_FIRST = new Set([
  '.equ',
  '.set',
  '.equiv',
  '.type',
  '.size',
  '.comm',
  '.lcomm',
  '.bss',
  '.usect',
]);

/** Directives (besides the ignored ones) that read their arguments as text. */
const RAW_ARGS = new Set([
  '.ifdef',
  '.ifndef',
  '.else',
  '.endif',
  '.section',
  '.sect',
  '.pushsection',
  '.global',
  '.globl',
  '.def',
  '.weak',
  '.local',
  '.cdecls',
]);

function prepareDirArgs(
  st: Statement,
  name: string,
  env: ParseEnv,
): (DirArg | TextError)[] | undefined {
  if (RAW_ARGS.has(name) || isIgnoredDirective(name)) return undefined;
  const out: (DirArg | TextError)[] = [];
  st.args.forEach((arg, i) => {
    const tiEquate = env.dialect === 'ti' && (name === '.equ' || name === '.set');
    if (i === 0 && NAME_FIRST.has(name) && !(tiEquate && st.args.length === 1)) {
      out.push({ kind: 'name', at: arg.at });
      return;
    }
    if (arg.text.startsWith('"')) {
      const r = parseString(st.text, arg.at);
      if ('message' in r) out.push(r);
      else if (r[1] < arg.at + arg.text.length) {
        out.push({ at: r[1], message: 'unexpected text after the string' });
      } else out.push({ kind: 'str', bytes: r[0], at: arg.at });
      return;
    }
    if (arg.text === '') {
      out.push({ at: arg.at, message: 'missing value', expected: 'an expression' });
      return;
    }
    const e = parseExprAt(st.text, arg.at, arg.at + arg.text.length, env);
    out.push('message' in e ? e : { kind: 'expr', e, at: arg.at });
  });
  return out;
}

/** Prepares every statement in source order. */
export function prepare(statements: readonly Statement[], dialect: Dialect): Prepared[] {
  const env: ParseEnv = { dialect, locals: { counts: new Map() } };
  const out: Prepared[] = [];
  for (const st of statements) {
    const labels: { name: string; at: number }[] = [];
    for (const l of st.labels) {
      if (/^[0-9]+$/.test(l.name)) {
        if (dialect !== 'gnu') {
          out.push({
            st,
            labels: [],
            item: { kind: 'error', err: { at: l.at, message: `bad label '${l.name}'` } },
          });
          continue;
        }
        const n = String(Number(l.name));
        const count = (env.locals.counts.get(n) ?? 0) + 1;
        env.locals.counts.set(n, count);
        labels.push({ name: localLabelName(n, count), at: l.at });
      } else labels.push(l);
    }
    out.push({ st, labels, item: prepareItem(st, env) });
    const last = out[out.length - 1] as Prepared;
    if (last.item.kind === 'dir') {
      const args = prepareDirArgs(st, last.item.name, env);
      if (args) last.dirArgs = args;
    }
  }
  return out;
}

function prepareItem(st: Statement, env: ParseEnv): Item {
  const op = st.op;
  if (op === null) return { kind: 'none' };
  if (op === '=') return prepareAssignment(st, env);
  const lower = op.toLowerCase();
  if (lower.startsWith('.')) return { kind: 'dir', name: lower, args: st.args };
  if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(op)) {
    return {
      kind: 'error',
      err: {
        at: st.opAt,
        message: `unexpected '${op}'`,
        expected: 'a label, instruction or directive',
      },
    };
  }
  if (lower === 'rpt') return prepareRepeat(st, env);
  const m = lookupMnemonic(op);
  if (typeof m === 'string') {
    return {
      kind: 'error',
      err: { at: st.opAt, message: m, expected: 'an instruction or directive' },
    };
  }
  const ops: OperandSyntax[] = [];
  for (const arg of st.args) {
    const o = parseOperand(st.text, arg, env);
    if ('message' in o) return { kind: 'error', err: o };
    ops.push(o);
  }
  return { kind: 'insn', m, ops, plan: null, repeat: null };
}

/** `sym = expr` (GNU as). */
function prepareAssignment(st: Statement, env: ParseEnv): Item {
  const target = st.args[0];
  const value = st.args[1];
  if (!target || !isSymbolName(target.text)) {
    return { kind: 'error', err: { at: st.opAt, message: 'bad symbol name before =' } };
  }
  if (!value || value.text === '' || st.args.length > 2) {
    return {
      kind: 'error',
      err: { at: st.opAt + 1, message: 'expected one value after =', expected: 'an expression' },
    };
  }
  const e = parseExprAt(st.text, value.at, value.at + value.text.length, env);
  if ('message' in e) return { kind: 'error', err: e };
  return { kind: 'assign', name: target.text, at: target.at, e };
}

/** `rpt #n` or `rpt Rn` (UG367 §4.6.2.1). */
function prepareRepeat(st: Statement, env: ParseEnv): Item {
  const arg = st.args[0];
  const needs = (at: number): Item => ({
    kind: 'error',
    err: { at, message: 'rpt needs #n or a register', expected: '#1..#16 or r0..r15' },
  });
  if (!arg || st.args.length !== 1) return needs(st.opAt);
  const reg = registerNumber(arg.text);
  if (reg !== undefined) return { kind: 'rpt', r: { kind: 'register', reg, at: arg.at } };
  if (!arg.text.startsWith('#')) return needs(arg.at);
  const e = parseExprAt(st.text, arg.at + 1, arg.at + arg.text.length, env);
  if ('message' in e) return { kind: 'error', err: e };
  return { kind: 'rpt', r: { kind: 'count', e, at: arg.at } };
}
