/**
 * Assembler expressions: parsing to a tree and evaluating with section tracking.
 *
 * Operators and precedence follow C (as GNU as and the TI assembler, SLAU131 §4.9, do):
 * unary `- ~ ! +`, then `* / %`, `+ -`, `<< >>`, `< <= > >=`, `== !=`, `&`, `^`, `|`, `&&`, `||`.
 * Arithmetic is done in 64-bit two's complement. A value is either absolute or relative to a
 * section; the difference of two labels in one section is absolute. GNU as needs that distinction
 * for symbolic operands (an absolute value is encoded as the raw index).
 */

import type { Dialect } from './types.js';

export type Expr =
  | { readonly k: 'num'; readonly v: bigint; readonly col: number }
  | { readonly k: 'sym'; readonly name: string; readonly col: number }
  | { readonly k: 'dot'; readonly col: number }
  | { readonly k: 'un'; readonly op: string; readonly e: Expr; readonly col: number }
  | {
      readonly k: 'bin';
      readonly op: string;
      readonly a: Expr;
      readonly b: Expr;
      readonly col: number;
    };

/** A problem at a 0-based offset into the parsed text. */
export interface TextError {
  readonly at: number;
  readonly message: string;
  readonly expected?: string;
}

export const MAX_EXPR_DEPTH = 64;

export function isIdentStart(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z_.$]/.test(c);
}

export function isIdentChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_.$]/.test(c);
}

/** Local-label bookkeeping for `1:` / `1b` / `1f` (GNU dialect). */
export interface LocalLabels {
  /** Number of definitions of each numeric label seen so far. */
  readonly counts: Map<string, number>;
}

export function localLabelName(n: string, instance: number): string {
  return `.L${n}\u0002${instance}`;
}

/** Escape sequences of C string and character literals. */
function unescape(text: string, i: number): [number, number] | TextError {
  const c = text[i];
  if (c === undefined) return { at: i, message: 'unterminated escape' };
  const simple: Record<string, number> = {
    n: 10,
    t: 9,
    r: 13,
    '0': 0,
    '\\': 92,
    "'": 39,
    '"': 34,
    a: 7,
    b: 8,
    f: 12,
    v: 11,
  };
  if (c === 'x') {
    const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 1));
    if (!m) return { at: i, message: 'bad \\x escape' };
    return [parseInt(m[0], 16), i + 1 + m[0].length];
  }
  if (/[0-7]/.test(c)) {
    const m = /^[0-7]{1,3}/.exec(text.slice(i)) as RegExpExecArray;
    return [parseInt(m[0], 8) & 0xff, i + m[0].length];
  }
  const v = simple[c];
  return v === undefined ? [c.charCodeAt(0) & 0xff, i + 1] : [v, i + 1];
}

/** Parses a quoted string starting at `text[i] === '"'`; returns its bytes and the end index. */
export function parseString(text: string, i: number): [number[], number] | TextError {
  const bytes: number[] = [];
  let j = i + 1;
  while (j < text.length) {
    const c = text[j] as string;
    if (c === '"') return [bytes, j + 1];
    if (c === '\\') {
      const r = unescape(text, j + 1);
      if ('message' in r) return r;
      bytes.push(r[0]);
      j = r[1];
      continue;
    }
    bytes.push(c.charCodeAt(0) & 0xff);
    j++;
  }
  return { at: i, message: 'unterminated string', expected: 'a closing "' };
}

const BINARY_LEVELS: readonly (readonly string[])[] = [
  ['||'],
  ['&&'],
  ['|'],
  ['^'],
  ['&'],
  ['==', '!='],
  ['<=', '>=', '<', '>'],
  ['<<', '>>'],
  ['+', '-'],
  ['*', '/', '%'],
];

/** Recursive-descent parser over one expression inside a line. */
export class ExprParser {
  pos: number;
  private depth = 0;

  constructor(
    private readonly text: string,
    start: number,
    private readonly dialect: Dialect,
    private readonly locals: LocalLabels | null,
  ) {
    this.pos = start;
  }

  private skip(): void {
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos++;
  }

  /** Parses one expression; on success `pos` is after it (and after trailing blanks). */
  parse(): Expr | TextError {
    const e = this.level(0);
    this.skip();
    return e;
  }

  private level(n: number): Expr | TextError {
    if (n >= BINARY_LEVELS.length) return this.unary();
    const ops = BINARY_LEVELS[n] as readonly string[];
    let left = this.level(n + 1);
    if ('message' in left) return left;
    for (;;) {
      this.skip();
      const op = ops.find((o) => this.text.startsWith(o, this.pos) && !this.isLonger(o));
      if (op === undefined) return left;
      const col = this.pos;
      this.pos += op.length;
      const right = this.level(n + 1);
      if ('message' in right) return right;
      left = { k: 'bin', op, a: left, b: right, col };
    }
  }

  /** `<` must not match `<<` or `<=`, `&` not `&&`, `|` not `||`. */
  private isLonger(op: string): boolean {
    const next = this.text[this.pos + op.length];
    if (op === '<' || op === '>') return next === op || next === '=';
    if (op === '&' || op === '|') return next === op;
    return false;
  }

  private unary(): Expr | TextError {
    this.skip();
    if (++this.depth > MAX_EXPR_DEPTH) {
      return { at: this.pos, message: `expression nested deeper than ${MAX_EXPR_DEPTH} levels` };
    }
    try {
      const c = this.text[this.pos];
      if (c === '-' || c === '~' || c === '!' || c === '+') {
        const col = this.pos++;
        const e = this.unary();
        if ('message' in e) return e;
        return c === '+' ? e : { k: 'un', op: c, e, col };
      }
      return this.primary();
    } finally {
      this.depth--;
    }
  }

  private primary(): Expr | TextError {
    this.skip();
    const col = this.pos;
    const c = this.text[this.pos];
    if (c === '(') {
      this.pos++;
      const e = this.level(0);
      if ('message' in e) return e;
      this.skip();
      if (this.text[this.pos] !== ')') {
        return { at: this.pos, message: 'missing )', expected: ')' };
      }
      this.pos++;
      return e;
    }
    if (c === "'") return this.charLiteral();
    if (c !== undefined && /[0-9]/.test(c)) return this.number();
    if (isIdentStart(c)) {
      let j = this.pos + 1;
      while (isIdentChar(this.text[j])) j++;
      const name = this.text.slice(this.pos, j);
      this.pos = j;
      if (name === '.' || name === '$') return { k: 'dot', col };
      return { k: 'sym', name, col };
    }
    return {
      at: this.pos,
      message: c === undefined ? 'missing expression' : `unexpected '${c}' in expression`,
      expected: 'a number, symbol or (',
    };
  }

  private charLiteral(): Expr | TextError {
    const col = this.pos;
    let j = this.pos + 1;
    const c = this.text[j];
    if (c === undefined) return { at: col, message: 'unterminated character literal' };
    let v: number;
    if (c === '\\') {
      const r = unescape(this.text, j + 1);
      if ('message' in r) return r;
      [v, j] = r;
    } else {
      v = c.charCodeAt(0) & 0xff;
      j++;
    }
    // GNU also accepts a lone opening quote ('a); the closing quote is optional.
    if (this.text[j] === "'") j++;
    this.pos = j;
    return { k: 'num', v: BigInt(v), col };
  }

  private number(): Expr | TextError {
    const col = this.pos;
    let j = this.pos;
    while (/[0-9A-Za-z_]/.test(this.text[j] ?? '')) j++;
    const t = this.text.slice(this.pos, j);
    this.pos = j;
    const v = this.numberValue(t);
    if (typeof v === 'string') return { k: 'sym', name: v, col };
    if (v === null) return { at: col, message: `bad number '${t}'`, expected: 'a number' };
    return { k: 'num', v, col };
  }

  /** A bigint, a local-label symbol name (for `1b`/`1f`), or null when malformed. */
  private numberValue(t: string): bigint | string | null {
    if (/^0[xX][0-9a-fA-F]+$/.test(t)) return BigInt(t);
    if (this.dialect === 'gnu' && this.locals && /^[0-9]+[bf]$/.test(t)) {
      const n = String(Number(t.slice(0, -1)));
      const count = this.locals.counts.get(n) ?? 0;
      const instance = t.endsWith('b') ? count : count + 1;
      return localLabelName(n, instance);
    }
    if (/^0[bB][01]+$/.test(t)) return BigInt(t);
    if (this.dialect === 'ti') {
      if (/^[0-9][0-9a-fA-F]*[hH]$/.test(t)) return BigInt(`0x${t.slice(0, -1)}`);
      if (/^[01]+[bB]$/.test(t)) return BigInt(`0b${t.slice(0, -1)}`);
      if (/^[0-7]+[qQoO]$/.test(t)) return BigInt(`0o${t.slice(0, -1)}`);
    }
    if (/^0[0-7]+$/.test(t)) return BigInt(`0o${t.slice(1)}`);
    if (/^[0-9]+$/.test(t)) return t.length > 30 ? null : BigInt(t);
    return null;
  }
}

/** The value of an expression: absolute (section null) or relative to a section. */
export interface Value {
  readonly v: bigint;
  readonly section: string | null;
  /** True when some symbol was not defined (yet) where the expression was evaluated. */
  readonly unknown: boolean;
}

export interface EvalContext {
  /** Value of `.` / `$`. */
  dot(): Value;
  /** A symbol's value, or undefined when it is not defined anywhere. */
  symbol(name: string): Value | undefined;
}

export interface EvalError {
  readonly col: number;
  readonly message: string;
  /** The expression used a symbol that is not defined anywhere. */
  readonly undefinedSymbol?: string;
}

const I64 = (v: bigint): bigint => BigInt.asIntN(64, v);

export function evaluate(e: Expr, ctx: EvalContext, depth = 0): Value | EvalError {
  if (depth > MAX_EXPR_DEPTH * 2) return { col: e.col, message: 'expression too deep' };
  switch (e.k) {
    case 'num':
      return { v: e.v, section: null, unknown: false };
    case 'dot':
      return ctx.dot();
    case 'sym': {
      const s = ctx.symbol(e.name);
      if (s) return s;
      const shown = e.name.includes('\u0002') ? e.name.slice(2, e.name.indexOf('\u0002')) : e.name;
      return {
        col: e.col,
        message: `undefined symbol '${shown}'`,
        undefinedSymbol: e.name,
      };
    }
    case 'un': {
      const a = evaluate(e.e, ctx, depth + 1);
      if ('message' in a) return a;
      const v = e.op === '-' ? -a.v : e.op === '~' ? ~a.v : a.v === 0n ? 1n : 0n;
      return { v: I64(v), section: null, unknown: a.unknown };
    }
    case 'bin': {
      const a = evaluate(e.a, ctx, depth + 1);
      if ('message' in a) return a;
      const b = evaluate(e.b, ctx, depth + 1);
      if ('message' in b) return b;
      return binary(e, a, b);
    }
  }
}

function binary(e: Expr & { k: 'bin' }, a: Value, b: Value): Value | EvalError {
  const unknown = a.unknown || b.unknown;
  const abs = (v: bigint | boolean): Value => ({
    v: typeof v === 'boolean' ? (v ? 1n : 0n) : I64(v),
    section: null,
    unknown,
  });
  switch (e.op) {
    case '+':
      return { v: I64(a.v + b.v), section: a.section ?? b.section, unknown };
    case '-':
      if (b.section === null) return { v: I64(a.v - b.v), section: a.section, unknown };
      return abs(a.v - b.v);
    case '*':
      return abs(a.v * b.v);
    case '/':
    case '%':
      if (b.v === 0n) {
        if (unknown) return abs(0n);
        return { col: e.col, message: 'division by zero' };
      }
      return abs(e.op === '/' ? a.v / b.v : a.v % b.v);
    case '<<':
      return abs(b.v < 0n || b.v > 63n ? 0n : a.v << b.v);
    case '>>':
      return abs(b.v < 0n || b.v > 63n ? (a.v < 0n ? -1n : 0n) : a.v >> b.v);
    case '&':
      return abs(a.v & b.v);
    case '|':
      return abs(a.v | b.v);
    case '^':
      return abs(a.v ^ b.v);
    case '&&':
      return abs(a.v !== 0n && b.v !== 0n);
    case '||':
      return abs(a.v !== 0n || b.v !== 0n);
    case '==':
      return abs(a.v === b.v);
    case '!=':
      return abs(a.v !== b.v);
    case '<':
      return abs(a.v < b.v);
    case '<=':
      return abs(a.v <= b.v);
    case '>':
      return abs(a.v > b.v);
    case '>=':
      return abs(a.v >= b.v);
    default:
      return { col: e.col, message: `unknown operator ${e.op}` };
  }
}

/** Names of the symbols an expression refers to. */
export function symbolsOf(e: Expr, out: string[] = []): string[] {
  if (e.k === 'sym') out.push(e.name);
  else if (e.k === 'un') symbolsOf(e.e, out);
  else if (e.k === 'bin') {
    symbolsOf(e.a, out);
    symbolsOf(e.b, out);
  }
  return out;
}
