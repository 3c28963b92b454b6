/**
 * Source reading: comments, statements, labels, `.include` and macro expansion (`.macro` …
 * `.endm`, GNU as syntax), for both dialects.
 *
 * GNU dialect (GNU as for MSP430, LLVM's integrated assembler): `;` and `//` start a comment,
 * `/* … *\/` may span lines, `#` in column 1 starts a comment line, `{` separates statements
 * (so `rpt #3 { rrax r12` is two statements), labels end in `:`.
 * TI dialect (SLAU131 ch. 4): `;` anywhere and `*` in column 1 start comments, anything
 * starting in column 1 is a label (colon optional).
 */

import { isIdentChar, isIdentStart } from './expr.js';
import type { AsmError, Dialect } from './types.js';

export interface Arg {
  readonly text: string;
  /** 0-based offset of `text` in the line. */
  readonly at: number;
}

export interface Statement {
  readonly file: string;
  readonly line: number;
  /** The source line without its line break. */
  readonly text: string;
  /** Index of the line in the listing. */
  readonly lineIndex: number;
  readonly labels: readonly { readonly name: string; readonly at: number }[];
  /** Mnemonic or directive as written (null for a label-only or empty statement). */
  readonly op: string | null;
  readonly opAt: number;
  readonly args: readonly Arg[];
  /** The whole argument text and its offset (for directives that take raw text). */
  readonly rest: Arg;
}

export interface SourceLine {
  readonly file: string;
  readonly line: number;
  readonly source: string;
}

export const MAX_INCLUDE_DEPTH = 16;

export interface ReadOptions {
  readonly dialect: Dialect;
  readonly readInclude: ((path: string, fromFile: string) => string | undefined) | undefined;
}

export interface ReadResult {
  readonly statements: Statement[];
  readonly lines: SourceLine[];
}

export function asmError(
  file: string,
  line: number,
  column: number,
  message: string,
  expected?: string,
): AsmError {
  const e: AsmError = { kind: 'asm', file, line, column, message };
  return expected === undefined ? e : { ...e, expected };
}

/** Index of the end of a string literal starting at `i` (text[i] === '"'), or text.length. */
function skipString(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
  return Math.min(j + 1, text.length);
}

/** Index after a character literal starting at `i` (text[i] === "'"). */
function skipChar(text: string, i: number): number {
  let j = i + 1;
  if (text[j] === '\\') j += 2;
  else j += 1;
  if (text[j] === "'") j++;
  return Math.min(j, text.length);
}

/**
 * Replaces comments with blanks (keeping columns) and returns the new text and whether a
 * block comment is still open at the end of the line.
 */
export function stripComments(
  text: string,
  dialect: Dialect,
  inBlock: boolean,
): { text: string; inBlock: boolean } {
  const out = text.split('');
  let i = 0;
  let block = inBlock;
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) out[k] = ' ';
  };
  if (!block) {
    if (dialect === 'ti' && (text[0] === '*' || text[0] === ';')) return { text: '', inBlock };
    if (dialect === 'gnu' && text[0] === '#') return { text: '', inBlock };
  }
  while (i < text.length) {
    if (block) {
      const end = text.indexOf('*/', i);
      if (end < 0) {
        blank(i, text.length);
        return { text: out.join(''), inBlock: true };
      }
      blank(i, end + 2);
      i = end + 2;
      block = false;
      continue;
    }
    const c = text[i];
    if (c === '"') {
      i = skipString(text, i);
    } else if (c === "'") {
      i = skipChar(text, i);
    } else if (c === ';' || (dialect === 'gnu' && c === '/' && text[i + 1] === '/')) {
      blank(i, text.length);
      break;
    } else if (dialect === 'gnu' && c === '/' && text[i + 1] === '*') {
      block = true;
      blank(i, i + 2);
      i += 2;
    } else {
      i++;
    }
  }
  return { text: out.join(''), inBlock: block };
}

/** Splits `text[from, to)` at top-level commas (outside strings, characters and parentheses). */
export function splitArgs(text: string, from: number, to: number): Arg[] {
  const args: Arg[] = [];
  let start = from;
  let depth = 0;
  let i = from;
  const push = (end: number): void => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    args.push({ text: raw.trim(), at: start + lead });
  };
  while (i < to) {
    const c = text[i];
    if (c === '"') i = skipString(text, i);
    else if (c === "'") i = skipChar(text, i);
    else {
      if (c === '(') depth++;
      else if (c === ')') depth = Math.max(0, depth - 1);
      else if (c === ',' && depth === 0) {
        push(i);
        start = i + 1;
      }
      i++;
    }
  }
  push(Math.min(i, to));
  if (args.length === 1 && args[0]?.text === '') return [];
  return args;
}

/** Pieces of a line separated by `{` outside strings. */
function splitPieces(text: string): [number, number][] {
  const pieces: [number, number][] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') i = skipString(text, i);
    else if (c === "'") i = skipChar(text, i);
    else if (c === '{') {
      pieces.push([start, i]);
      start = ++i;
    } else i++;
  }
  pieces.push([start, text.length]);
  return pieces;
}

/** TI labels start in column 1; a `.` there is taken as an indented directive instead. */
function isTiLabelStart(c: string | undefined): boolean {
  return isIdentStart(c) && c !== '.';
}

function identEnd(text: string, i: number): number {
  let j = i;
  while (isIdentChar(text[j])) j++;
  return j;
}

function skipBlanks(text: string, i: number, to: number): number {
  let j = i;
  while (j < to && (text[j] === ' ' || text[j] === '\t')) j++;
  return j;
}

/** Parses one statement piece: labels, then an operation and its arguments. */
function parsePiece(
  text: string,
  from: number,
  to: number,
  dialect: Dialect,
  firstPiece: boolean,
): Omit<Statement, 'file' | 'line' | 'text' | 'lineIndex'> {
  const labels: { name: string; at: number }[] = [];
  let i = skipBlanks(text, from, to);
  // TI: an identifier in column 1 is a label, with or without a colon.
  if (dialect === 'ti' && firstPiece && from === 0 && i === 0 && isTiLabelStart(text[0])) {
    const end = identEnd(text, 0);
    labels.push({ name: text.slice(0, end), at: 0 });
    i = end;
    if (text[i] === ':') i++;
    i = skipBlanks(text, i, to);
  }
  for (;;) {
    const start = i;
    let end: number;
    if (isIdentStart(text[i])) end = identEnd(text, i);
    else if (/[0-9]/.test(text[i] ?? '')) {
      end = i;
      while (/[0-9]/.test(text[end] ?? '')) end++;
    } else break;
    const after = skipBlanks(text, end, to);
    if (end <= to && text[after] === ':' && after < to) {
      labels.push({ name: text.slice(start, end), at: start });
      i = skipBlanks(text, after + 1, to);
      continue;
    }
    break;
  }
  const rest = (at: number): Arg => {
    const raw = text.slice(at, to);
    const lead = raw.length - raw.trimStart().length;
    return { text: raw.trim(), at: at + lead };
  };
  if (i >= to || !(isIdentStart(text[i]) || /[0-9]/.test(text[i] ?? ''))) {
    if (i < to) {
      // Something that is neither a label nor an operation.
      return { labels, op: text.slice(i, to).trim(), opAt: i, args: [], rest: rest(to) };
    }
    return { labels, op: null, opAt: i, args: [], rest: rest(to) };
  }
  const opEnd = isIdentStart(text[i]) ? identEnd(text, i) : i + 1;
  const op = text.slice(i, opEnd);
  const after = skipBlanks(text, opEnd, to);
  // `name = expr` (GNU)
  if (text[after] === '=' && text[after + 1] !== '=') {
    return {
      labels,
      op: '=',
      opAt: after,
      args: [{ text: op, at: i }, ...splitArgs(text, after + 1, to)],
      rest: rest(after + 1),
    };
  }
  return { labels, op, opAt: i, args: splitArgs(text, opEnd, to), rest: rest(opEnd) };
}

const INCLUDE_OPS = new Set(['.include', '.copy']);

/** Nesting limit for macro expansions (a macro that invokes itself ends here). */
export const MAX_MACRO_DEPTH = 64;

/** A macro being defined or expanded: parameters (with defaults) and raw body lines. */
interface Macro {
  readonly name: string;
  readonly params: readonly { readonly name: string; readonly value: string | null }[];
  readonly body: readonly { readonly file: string; readonly line: number; readonly raw: string }[];
}

/** Operation word of a comment-stripped line (first identifier after any labels), lower case. */
function lineOp(clean: string): string | null {
  const m = /^\s*(?:[A-Za-z_.$][\w.$]*\s*:\s*)*([.A-Za-z_$][\w.$]*)/.exec(clean);
  return m?.[1]?.toLowerCase() ?? null;
}

/**
 * Substitutes `\param` (the whole identifier after the backslash names the parameter), `\@`
 * (the expansion counter, for unique labels) and `\()` (nothing: `\reg\()_lo` joins a
 * parameter to the text after it) in one body line. Other backslashes stay as written.
 */
function substitute(raw: string, values: ReadonlyMap<string, string>, counter: number): string {
  return raw.replace(/\\(@|\(\)|[A-Za-z_][\w]*)/g, (all, name: string) => {
    if (name === '@') return String(counter);
    if (name === '()') return '';
    const v = values.get(name);
    return v ?? all;
  });
}

/**
 * The name of a file included as `path` from the file named `from`: `path` itself when it is
 * absolute or `from` has no folder, else `path` in `from`'s folder (`a/b.s` includes `c.inc` →
 * `a/c.inc`). Plain string work, so it means the same in a browser and in Node.
 */
export function includedName(path: string, from: string): string {
  const slash = from.lastIndexOf('/');
  if (path.startsWith('/') || slash < 0) return path;
  return `${from.slice(0, slash + 1)}${path.replace(/^(\.\/)+/, '')}`;
}

/** Reads a file and its includes into statements and listing lines, expanding macros. */
export function readSource(
  text: string,
  file: string,
  options: ReadOptions,
  errors: AsmError[],
): ReadResult {
  const statements: Statement[] = [];
  const lines: SourceLine[] = [];
  const stack: string[] = [];
  const macros = new Map<string, Macro>();
  let expansions = 0;
  let depth = 0;

  /** The macro whose body is being collected, with the nesting of `.macro` inside it. */
  let defining: {
    name: string;
    params: Macro['params'];
    body: { file: string; line: number; raw: string }[];
    nested: number;
    file: string;
    line: number;
  } | null = null;

  /** Reads one line; returns true when `.end` stops the file. */
  const readLine = (
    raw: string,
    where: { file: string; line: number; lineIndex: number },
    clean: string,
  ): boolean => {
    if (defining) {
      const op = lineOp(clean);
      if (op === '.macro') defining.nested++;
      if (op === '.endm' && defining.nested-- === 0) {
        macros.set(defining.name.toLowerCase(), { ...defining });
        defining = null;
        return false;
      }
      defining.body.push({ file: where.file, line: where.line, raw });
      return false;
    }
    if (clean.trim() === '') return false;
    let first = true;
    for (const [from, to] of splitPieces(clean)) {
      const piece = parsePiece(clean, from, to, options.dialect, first);
      first = false;
      if (piece.labels.length === 0 && piece.op === null) continue;
      const st: Statement = { ...piece, ...where, text: raw };
      const op = piece.op?.toLowerCase();
      if (op === '.end') {
        statements.push(st);
        return true;
      }
      if (op === '.macro') {
        statements.push({ ...st, op: null });
        startMacro(st);
        return false;
      }
      if (op === '.endm') {
        errors.push(asmError(st.file, st.line, st.opAt + 1, '.endm without .macro'));
        continue;
      }
      if (op !== undefined && INCLUDE_OPS.has(op)) {
        statements.push({ ...st, op: null });
        include(st, where.file);
        continue;
      }
      const macro = op === undefined ? undefined : macros.get(op);
      if (macro) {
        statements.push({ ...st, op: null });
        expand(macro, st);
        continue;
      }
      statements.push(st);
    }
    return false;
  };

  const startMacro = (st: Statement): void => {
    const names = st.rest.text.split(/[\s,]+/).filter((t) => t !== '');
    const [name, ...rest] = names;
    if (name === undefined || !/^[A-Za-z_.$][\w.$]*$/.test(name)) {
      errors.push(asmError(st.file, st.line, st.rest.at + 1, 'bad macro name', '.macro name'));
      defining = { name: '\u0000', params: [], body: [], nested: 0, file: st.file, line: st.line };
      return;
    }
    const params = rest.map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? { name: p, value: null } : { name: p.slice(0, eq), value: p.slice(eq + 1) };
    });
    for (const p of params) {
      if (!/^[A-Za-z_]\w*$/.test(p.name)) {
        errors.push(asmError(st.file, st.line, st.rest.at + 1, `bad macro parameter '${p.name}'`));
      }
    }
    defining = { name, params, body: [], nested: 0, file: st.file, line: st.line };
  };

  const expand = (macro: Macro, st: Statement): void => {
    if (depth >= MAX_MACRO_DEPTH) {
      errors.push(
        asmError(st.file, st.line, st.opAt + 1, `macros nested deeper than ${MAX_MACRO_DEPTH}`),
      );
      return;
    }
    if (st.args.length > macro.params.length) {
      errors.push(
        asmError(
          st.file,
          st.line,
          (st.args[macro.params.length]?.at ?? st.opAt) + 1,
          `macro '${macro.name}' takes ${macro.params.length} arguments, got ${st.args.length}`,
        ),
      );
      return;
    }
    const values = new Map<string, string>();
    let missing = false;
    macro.params.forEach((p, i) => {
      const given = st.args[i]?.text;
      const value = given !== undefined && given !== '' ? given : p.value;
      if (value === null) {
        errors.push(
          asmError(st.file, st.line, st.opAt + 1, `macro '${macro.name}' needs '${p.name}'`),
        );
        missing = true;
      } else values.set(p.name, value);
    });
    if (missing) return;
    const counter = expansions++;
    depth++;
    let inBlock = false;
    for (const line of macro.body) {
      const body = substitute(line.raw, values, counter);
      const stripped = stripComments(body, options.dialect, inBlock);
      inBlock = stripped.inBlock;
      const where = { file: line.file, line: line.line, lineIndex: st.lineIndex };
      if (readLine(body, where, stripped.text)) break;
    }
    depth--;
  };

  const readFile = (body: string, name: string): void => {
    stack.push(name);
    let inBlock = false;
    const rows = body.split(/\r\n|\r|\n/);
    if (rows.length > 0 && rows[rows.length - 1] === '') rows.pop();
    for (let n = 0; n < rows.length; n++) {
      const raw = rows[n] as string;
      const lineIndex = lines.length;
      lines.push({ file: name, line: n + 1, source: raw });
      const stripped = stripComments(raw, options.dialect, inBlock);
      inBlock = stripped.inBlock;
      if (readLine(raw, { file: name, line: n + 1, lineIndex }, stripped.text)) break;
    }
    stack.pop();
  };

  const include = (st: Statement, from: string): void => {
    const arg = st.rest;
    const m = /^"([^"]*)"$|^<([^>]*)>$|^(\S+)$/.exec(arg.text);
    const path = m?.[1] ?? m?.[2] ?? m?.[3];
    if (path === undefined || path === '') {
      errors.push(asmError(st.file, st.line, arg.at + 1, 'bad include file name', '"file"'));
      return;
    }
    if (stack.length >= MAX_INCLUDE_DEPTH) {
      errors.push(
        asmError(st.file, st.line, arg.at + 1, `includes nested deeper than ${MAX_INCLUDE_DEPTH}`),
      );
      return;
    }
    // The included file is named relative to the including one, so that its own includes (and
    // its error locations) resolve from its folder, as GNU as resolves them.
    const name = includedName(path, from);
    if (stack.includes(name)) {
      errors.push(asmError(st.file, st.line, arg.at + 1, `'${path}' includes itself`));
      return;
    }
    let body: string | undefined;
    try {
      body = options.readInclude?.(path, from);
    } catch {
      body = undefined;
    }
    if (body === undefined) {
      errors.push(asmError(st.file, st.line, arg.at + 1, `cannot read include file '${path}'`));
      return;
    }
    readFile(body, name);
  };

  readFile(text, file);
  const open = defining as { name: string; file: string; line: number } | null;
  if (open) errors.push(asmError(open.file, open.line, 1, `.macro '${open.name}' has no .endm`));
  return { statements, lines };
}
