/**
 * Assembler directives of both dialects: data (`.byte` … `.quad`, `.ascii`, `.string`), space
 * and alignment (`.space`, `.fill`, `.align`, `.p2align`, `.balign`, `.org`), sections
 * (`.section`, `.text`, `.sect`, `.pushsection`, TI `.bss`/`.usect`, GNU `.comm`), symbols
 * (`.equ`, `.set`, `.global`, `.type`, `.size`) and the conditions of `.if`. GNU as directives
 * follow the GNU as manual ("Assembler Directives"); TI ones SLAU131 ch. 5. Directives that
 * only matter to a linker or a debugger are accepted and ignored. Syntax: docs/assembler.md.
 */

import type { SymbolKind } from '../image/image.js';
import type { ConditionKind } from './conditionals.js';
import type { Expr, TextError, Value } from './expr.js';
import { isSymbolName, type DirArg, type Prepared } from './prepare.js';
import type { Sections } from './sections.js';
import type { Arg, Statement } from './source.js';
import type { SymbolTable } from './symbols.js';
import type { Dialect } from './types.js';

/** Total bytes `.space`, `.fill`, `.org` and friends may produce. */
export const MAX_OUTPUT_BYTES = 1 << 20;

/** What directives need from the assembler. */
export interface DirectiveContext {
  readonly dialect: Dialect;
  /** True in the final pass, when bytes are kept and values are checked. */
  readonly final: boolean;
  readonly sections: Sections;
  readonly symbols: SymbolTable;
  eval(st: Statement, e: Expr): Value | null;
  /** Evaluates an expression that must be absolute and known now (sizes, counts). */
  evalNow(st: Statement, e: Expr, what: string): number | null;
  error(st: Statement, at: number, message: string, expected?: string): void;
  /** Reserves `count` bytes at the location counter, or emits `bytes` there. */
  advance(st: Statement, at: number, count: number, bytes: number[] | null): boolean;
  /** Gives the statement's listing line the address `address`. */
  markLine(st: Statement, address: number): void;
}

type Context = DirectiveContext;

interface DirectiveHandler {
  readonly dialects?: readonly Dialect[];
  readonly run: (a: Context, p: Prepared, args: readonly Arg[]) => void;
}

interface ExprArg {
  readonly e: Expr;
  readonly at: number;
}

const IGNORED = new Set([
  '.file',
  '.ident',
  '.addrsig',
  '.addrsig_sym',
  '.loc',
  '.hidden',
  '.protected',
  '.internal',
  '.extern',
  '.ref',
  '.mmsg',
  '.wmsg',
  '.title',
  '.width',
  '.length',
  '.list',
  '.nolist',
  '.newblock',
  '.retain',
  '.retainrefs',
  '.cpu',
  '.arch',
  '.mspabi_attribute',
  '.gnu_attribute',
  '.attribute',
  '.eject',
  '.sym_meta_info',
  '.symver',
  '.page',
  '.psize',
]);

/** Directives accepted and skipped: listing control, debug and linker information. */
export function isIgnoredDirective(name: string): boolean {
  return IGNORED.has(name) || name.startsWith('.cfi_');
}

/** TI directives whose label field names the symbol instead of the location. */
const TI_LABEL_DIRECTIVES = new Set(['.equ', '.set', '.usect']);

/** True when the statement's labels name a symbol the directive defines (TI `.equ` and kin). */
export function bindsLabelField(dialect: Dialect, name: string): boolean {
  return dialect === 'ti' && TI_LABEL_DIRECTIVES.has(name);
}

// ---- arguments ------------------------------------------------------------------------------

function unquote(arg: Arg | undefined): string {
  return arg?.text.replace(/^"(.*)"$/, '$1') ?? '';
}

function parsedArgs(p: Prepared): readonly (DirArg | TextError)[] {
  return p.dirArgs ?? [];
}

/** The arguments as expressions (a name argument reads as 0); null after reporting an error. */
function exprArgs(a: Context, p: Prepared): ExprArg[] | null {
  const out: ExprArg[] = [];
  for (const arg of parsedArgs(p)) {
    if ('message' in arg) {
      a.error(p.st, arg.at, arg.message, arg.expected);
      return null;
    }
    if (arg.kind === 'str') {
      a.error(p.st, arg.at, 'a string is not allowed here', 'an expression');
      return null;
    }
    out.push(arg.kind === 'name' ? { e: { k: 'num', v: 0n, col: arg.at }, at: arg.at } : arg);
  }
  return out;
}

function nameArg(a: Context, p: Prepared, arg: Arg | undefined): string | null {
  const t = unquote(arg);
  if (!isSymbolName(t)) {
    a.error(p.st, arg?.at ?? p.st.opAt, `expected a symbol name, not '${t}'`, 'a symbol name');
    return null;
  }
  return t;
}

/** `name, value[, extra]` with its name argument checked. */
interface NamedValue {
  readonly name: string;
  readonly at: number;
  readonly value: ExprArg;
  readonly extra: ExprArg | undefined;
}

/**
 * Reads `name, value[, extra]` (`.equ`, `.size`, `.comm`, TI `.bss`); null after reporting an
 * error, with `missing` as the message and the expected form when the value is absent.
 */
function namedValue(
  a: Context,
  p: Prepared,
  args: readonly Arg[],
  missing: readonly [message: string, expected: string] | null,
): NamedValue | null {
  const name = nameArg(a, p, args[0]);
  const l = exprArgs(a, p);
  if (name === null || !l) return null;
  const value = l[1];
  if (!value) {
    if (missing) a.error(p.st, p.st.opAt, ...missing);
    return null;
  }
  return { name, at: args[0]?.at ?? p.st.opAt, value, extra: l[2] };
}

/** TI `.equ`/`.set`/`.usect`: the label field names the symbol. */
function labelOf(a: Context, p: Prepared): { name: string; at: number } | null {
  const l = p.labels[0];
  if (!l) {
    a.error(p.st, p.st.opAt, `${p.st.op ?? ''} needs a name in the label field`, 'NAME .equ value');
    return null;
  }
  return l;
}

function littleEndian(v: bigint, width: number): number[] {
  const out: number[] = [];
  let x = BigInt.asUintN(64, v);
  for (let i = 0; i < width; i++) {
    out.push(Number(x & 0xffn));
    x >>= 8n;
  }
  return out;
}

/** `count` copies of the low byte of `fill`, kept only in the final pass. */
function filler(a: Context, count: number, fill: number | null): number[] | null {
  return a.final ? new Array<number>(count).fill((fill ?? 0) & 0xff) : null;
}

// ---- data -----------------------------------------------------------------------------------

function emitData(a: Context, p: Prepared, width: number): void {
  const { st } = p;
  const args = parsedArgs(p);
  if (args.length === 0) {
    a.error(st, st.opAt, `${st.op ?? ''} needs at least one value`, 'a value');
    return;
  }
  for (const arg of args) {
    if ('message' in arg) {
      a.error(st, arg.at, arg.message, arg.expected);
      continue;
    }
    if (arg.kind === 'name') continue;
    if (arg.kind === 'str') {
      const bytes = arg.bytes.flatMap((b) => littleEndian(BigInt(b), width));
      a.advance(st, arg.at, bytes.length, bytes);
      continue;
    }
    const v = a.final ? a.eval(st, arg.e) : null;
    if (v !== null) {
      const lo = width >= 8 ? -(1n << 63n) : -(1n << BigInt(width * 8 - 1));
      const hi = width >= 8 ? (1n << 64n) - 1n : (1n << BigInt(width * 8)) - 1n;
      if (v.v < lo || v.v > hi) {
        a.error(st, arg.e.col, `value ${v.v} does not fit in ${width * 8} bits`);
      }
    }
    a.advance(st, arg.at, width, littleEndian(v?.v ?? 0n, width));
  }
}

function emitString(a: Context, p: Prepared, terminate: boolean): void {
  const { st } = p;
  for (const arg of parsedArgs(p)) {
    if ('message' in arg) {
      a.error(st, arg.at, arg.message, arg.expected);
      continue;
    }
    if (arg.kind === 'name') continue;
    if (arg.kind !== 'str') {
      a.error(st, arg.at, 'expected a string', '"text"');
      continue;
    }
    const bytes = terminate ? [...arg.bytes, 0] : arg.bytes;
    a.advance(st, arg.at, bytes.length, bytes);
  }
}

// ---- space and alignment --------------------------------------------------------------------

/** `.space size[, fill]`, `.skip`, `.zero size`. */
function space(a: Context, p: Prepared, withFill: boolean): void {
  const { st } = p;
  const l = exprArgs(a, p);
  if (!l) return;
  const count = l[0]?.e;
  const fill = withFill ? l[1]?.e : undefined;
  if (!count) {
    a.error(st, st.opAt, `${st.op ?? ''} needs a size`, 'a byte count');
    return;
  }
  const n = a.evalNow(st, count, 'a size');
  if (n === null) return;
  const f = fill ? a.evalNow(st, fill, 'a fill value') : 0;
  if (n < 0) {
    a.error(st, count.col, `negative size ${n}`);
    return;
  }
  if (n > MAX_OUTPUT_BYTES) {
    a.error(st, count.col, `size ${n} exceeds ${MAX_OUTPUT_BYTES} bytes`);
    return;
  }
  a.advance(st, count.col, n, filler(a, n, f));
}

/** `.fill repeat[, size[, value]]`. */
function fill(a: Context, p: Prepared): void {
  const { st } = p;
  const l = exprArgs(a, p);
  if (!l || l.length === 0 || l.length > 3) {
    if (l) a.error(st, st.opAt, '.fill takes repeat[, size[, value]]');
    return;
  }
  const repeat = a.evalNow(st, (l[0] as ExprArg).e, 'a repeat count');
  const size = l[1] ? a.evalNow(st, l[1].e, 'a size') : 1;
  const value = l[2] ? a.eval(st, l[2].e) : null;
  if (repeat === null || size === null) return;
  if (repeat < 0 || size < 0 || size > 8 || repeat * size > MAX_OUTPUT_BYTES) {
    a.error(st, st.opAt, `.fill ${repeat}, ${size} is out of range`);
    return;
  }
  const one = littleEndian(value?.v ?? 0n, size);
  const bytes = a.final ? new Array<number[]>(repeat).fill(one).flat() : null;
  a.advance(st, st.opAt, repeat * size, bytes);
}

/** Aligns the location counter to `bytes` (a power of two). */
function align(a: Context, p: Prepared, bytes: number, fill: number | null, at: number): void {
  const { st } = p;
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > 0x10000 || (bytes & (bytes - 1)) !== 0) {
    a.error(st, at, `alignment ${bytes} is not a power of two up to 65536`);
    return;
  }
  const s = a.sections.current;
  s.align = Math.max(s.align, bytes);
  const pad = (bytes - (a.sections.location() % bytes)) % bytes;
  if (pad === 0) return;
  a.advance(st, at, pad, filler(a, pad, fill));
}

/**
 * `.align`, `.p2align`, `.balign`: a power of two (`p2`) or a byte count. A bare TI `.align`
 * aligns to a 128-byte page (SLAU131), a bare GNU one to a word.
 */
function alignArgs(a: Context, p: Prepared, mode: 'p2' | 'bytes'): void {
  const list = exprArgs(a, p);
  if (!list) return;
  const first = list[0];
  if (!first) {
    align(a, p, mode === 'bytes' && p.st.op?.toLowerCase() === '.align' ? 128 : 2, null, p.st.opAt);
    return;
  }
  const n = a.evalNow(p.st, first.e, 'an alignment');
  if (n === null) return;
  const fill = list[1] ? a.evalNow(p.st, list[1].e, 'a fill value') : null;
  if (mode === 'p2') {
    if (n < 0 || n > 16) {
      a.error(p.st, first.e.col, `alignment 2^${n} is out of range`, '0..16');
      return;
    }
    align(a, p, 2 ** n, fill, first.at);
  } else align(a, p, n, fill, first.at);
}

/** `.org address[, fill]`: an absolute value is an address, a section-relative one an offset. */
function org(a: Context, p: Prepared): void {
  const { st } = p;
  const l = exprArgs(a, p);
  if (!l || l.length < 1) {
    if (l) a.error(st, st.opAt, '.org needs an address', 'an address');
    return;
  }
  const first = l[0] as ExprArg;
  const v = a.eval(st, first.e);
  if (v === null) return;
  const s = a.sections.current;
  let target = Number(v.v);
  if (v.section === null && target < s.base) target += s.base;
  const offset = target - s.base;
  if (offset < s.offset) {
    a.error(st, first.e.col, `.org would move the location counter backwards`);
    return;
  }
  const fill = l[1] ? a.evalNow(st, l[1].e, 'a fill value') : 0;
  const n = offset - s.offset;
  if (n > MAX_OUTPUT_BYTES) {
    a.error(st, first.e.col, `.org skips ${n} bytes, more than ${MAX_OUTPUT_BYTES}`);
    return;
  }
  a.advance(st, first.e.col, n, filler(a, n, fill));
}

// ---- sections -------------------------------------------------------------------------------

function section(
  a: Context,
  p: Prepared,
  name: string,
  flags: string | null,
  type: string | null,
): void {
  a.sections.enter(name, p.st, flags, type);
  a.markLine(p.st, a.sections.location());
}

/** A directive that switches to the section it names (`.text`, `.data`, …). */
const fixedSection = (name: string, type: string | null = null): DirectiveHandler => ({
  run: (a, p) => section(a, p, name, null, type),
});

/** Reserves `size` bytes in a section without switching to it (TI .bss/.usect, .comm). */
function reserveIn(
  a: Context,
  p: Prepared,
  sectionName: string,
  sym: { name: string; at: number },
  size: Expr,
  alignment?: Expr,
): void {
  const { st } = p;
  const n = a.evalNow(st, size, 'a size');
  const al = alignment ? a.evalNow(st, alignment, 'an alignment') : 1;
  if (n === null || al === null) return;
  const saved = a.sections.current;
  const s = a.sections.get(sectionName, st);
  s.named = true;
  if (sectionName.startsWith('.bss')) s.nobits = true;
  a.sections.current = s;
  align(a, p, Math.max(1, al), null, sym.at);
  const value = { v: BigInt(a.sections.location()), section: s.name, unknown: false };
  a.symbols.define(st, sym.name, sym.at, value, true);
  a.advance(st, sym.at, n, null);
  a.sections.current = saved;
}

/** `.comm name, size[, align]` and `.lcomm` (GNU as): space in `.bss`. */
function common(a: Context, p: Prepared, args: readonly Arg[], global: boolean): void {
  const v = namedValue(a, p, args, null);
  if (!v) return;
  reserveIn(a, p, '.bss', v, v.value.e, v.extra?.e);
  if (global) a.symbols.setGlobal(v.name);
}

// ---- symbols --------------------------------------------------------------------------------

function assign(a: Context, p: Prepared, name: string, at: number, e: Expr, once: boolean): void {
  if (once && a.symbols.isDefinedThisPass(name)) {
    a.error(p.st, at, `'${name}' is already defined`);
    return;
  }
  const v = a.eval(p.st, e);
  if (v) a.symbols.define(p.st, name, at, v, false);
}

/** `.equ name, value` (TI: `NAME .equ value`), `.set`, `.equiv` (`once`: no redefinition). */
function equate(a: Context, p: Prepared, args: readonly Arg[], once: boolean): void {
  if (a.dialect === 'ti' && args.length === 1) {
    const label = labelOf(a, p);
    const l = exprArgs(a, p);
    if (label && l?.[0]) assign(a, p, label.name, label.at, l[0].e, once);
    return;
  }
  const missing = [`${p.st.op ?? ''} needs a name and a value`, '.equ name, value'] as const;
  const v = namedValue(a, p, args, missing);
  if (v) assign(a, p, v.name, v.at, v.value.e, once);
}

/** A directive applying `f` to each of its name arguments (`.global a, b`). */
const eachName = (
  f: (a: Context, name: string) => void,
  dialects?: readonly Dialect[],
): DirectiveHandler => ({
  ...(dialects ? { dialects } : {}),
  run: (a, p, args) => {
    for (const arg of args) {
      const n = nameArg(a, p, arg);
      if (n !== null) f(a, n);
    }
  },
});

/** `.type name, @function` and the ELF spellings of the three types. */
const SYMBOL_TYPES: ReadonlyMap<string, SymbolKind> = new Map([
  ['function', 'function'],
  ['stt_func', 'function'],
  ['object', 'object'],
  ['stt_object', 'object'],
  ['notype', 'label'],
  ['stt_notype', 'label'],
]);

/** `.if expr` is true when non-zero; `.ifdef`/`.ifndef` ask whether the name is defined above. */
export function conditionHolds(a: Context, p: Prepared, kind: ConditionKind): boolean {
  const { st } = p;
  if (kind === '.if') {
    const e = exprArgs(a, p);
    if (!e || e.length !== 1 || e[0] === undefined) {
      if (e) a.error(st, st.opAt, `${st.op ?? kind} needs one expression`, '.if expr');
      return false;
    }
    const v = a.eval(st, e[0].e);
    if (v === null) return false;
    if (v.unknown) {
      a.error(st, e[0].at, 'condition must not depend on symbols defined later');
      return false;
    }
    return v.v !== 0n;
  }
  const n = nameArg(a, p, st.args.length === 1 ? st.args[0] : undefined);
  if (n === null) return false;
  const defined = a.symbols.isDefinedAbove(n);
  return kind === '.ifdef' ? defined : !defined;
}

// ---- the table ------------------------------------------------------------------------------

const data = (width: number): DirectiveHandler => ({ run: (a, p) => emitData(a, p, width) });
const spaceWithFill: DirectiveHandler = { run: (a, p) => space(a, p, true) };
const global = eachName((a, n) => a.symbols.setGlobal(n));

const DIRECTIVES: Readonly<Record<string, DirectiveHandler>> = {
  '.byte': data(1),
  '.char': data(1),
  '.uchar': data(1),
  '.word': data(2),
  '.short': data(2),
  '.hword': data(2),
  '.half': data(2),
  '.uhalf': data(2),
  '.ushort': data(2),
  '.2byte': data(2),
  '.long': data(4),
  '.ulong': data(4),
  '.4byte': data(4),
  '.quad': data(8),
  '.8byte': data(8),
  '.int': { run: (a, p) => emitData(a, p, a.dialect === 'ti' ? 2 : 4) },
  '.uint': data(2),
  '.ascii': { dialects: ['gnu'], run: (a, p) => emitString(a, p, false) },
  '.asciz': { dialects: ['gnu'], run: (a, p) => emitString(a, p, true) },
  '.string': { run: (a, p) => emitString(a, p, a.dialect === 'gnu') },
  '.cstring': { dialects: ['ti'], run: (a, p) => emitString(a, p, true) },
  '.space': spaceWithFill,
  '.skip': spaceWithFill,
  '.zero': { run: (a, p) => space(a, p, false) },
  '.fill': { run: fill },
  '.align': { run: (a, p) => alignArgs(a, p, a.dialect === 'ti' ? 'bytes' : 'p2') },
  '.p2align': { run: (a, p) => alignArgs(a, p, 'p2') },
  '.balign': { run: (a, p) => alignArgs(a, p, 'bytes') },
  '.even': { run: (a, p) => align(a, p, 2, null, p.st.opAt) },
  '.org': { run: org },
  '.text': fixedSection('.text'),
  '.data': fixedSection('.data'),
  '.rodata': fixedSection('.rodata'),
  '.bss': {
    run: (a, p, args) => {
      if (args.length === 0) {
        section(a, p, '.bss', null, '@nobits');
        return;
      }
      // TI: .bss sym, size[, align]
      const v = namedValue(a, p, args, ['.bss needs a symbol and a size', '.bss name, size']);
      if (v) reserveIn(a, p, '.bss', v, v.value.e, v.extra?.e);
    },
  },
  '.section': {
    run: (a, p, args) => {
      const name = unquote(args[0]);
      if (name === '') {
        a.error(p.st, p.st.opAt, '.section needs a name', '.section name[, "flags"[, @type]]');
        return;
      }
      const flags = args[1] ? unquote(args[1]) : null;
      const type = args[2] ? args[2].text : null;
      section(a, p, name, flags, type);
    },
  },
  '.sect': {
    run: (a, p, args) => {
      const name = unquote(args[0]);
      if (name === '') a.error(p.st, p.st.opAt, '.sect needs a name', '.sect "name"');
      else section(a, p, name, null, null);
    },
  },
  '.pushsection': {
    run: (a, p, args) => {
      const name = unquote(args[0]);
      if (name === '') a.error(p.st, p.st.opAt, '.pushsection needs a name');
      else a.sections.push(name, p.st);
    },
  },
  '.popsection': {
    run: (a, p) => {
      if (!a.sections.pop()) a.error(p.st, p.st.opAt, '.popsection without .pushsection');
    },
  },
  '.previous': {
    run: (a, p) => {
      if (!a.sections.swapPrevious()) {
        a.error(p.st, p.st.opAt, '.previous without an earlier section');
      }
    },
  },
  '.usect': {
    dialects: ['ti'],
    run: (a, p, args) => {
      const label = labelOf(a, p);
      const sectionName = unquote(args[0]);
      const l = exprArgs(a, p);
      if (!label || !l) return;
      const size = l[1];
      if (sectionName === '' || !size) {
        a.error(
          p.st,
          p.st.opAt,
          '.usect needs a section and a size',
          'name .usect "section", size',
        );
        return;
      }
      reserveIn(a, p, sectionName, label, size.e, l[2]?.e);
    },
  },
  '.comm': { dialects: ['gnu'], run: (a, p, args) => common(a, p, args, true) },
  '.lcomm': { dialects: ['gnu'], run: (a, p, args) => common(a, p, args, false) },
  '.equ': { run: (a, p, args) => equate(a, p, args, false) },
  '.set': { run: (a, p, args) => equate(a, p, args, false) },
  '.equiv': { dialects: ['gnu'], run: (a, p, args) => equate(a, p, args, true) },
  '.global': global,
  '.globl': global,
  '.def': eachName((a, n) => a.symbols.setGlobal(n), ['ti']),
  '.weak': global,
  '.local': eachName(() => undefined, ['gnu']),
  '.type': {
    dialects: ['gnu'],
    run: (a, p, args) => {
      const name = nameArg(a, p, args[0]);
      const t = (args[1]?.text ?? '').replace(/^[@%"]|"$/g, '').toLowerCase();
      if (name === null) return;
      const kind = SYMBOL_TYPES.get(t);
      if (kind !== undefined) a.symbols.setType(name, kind);
      else {
        const at = args[1]?.at ?? p.st.opAt;
        a.error(p.st, at, `unknown symbol type '${t}'`, '@function or @object');
      }
    },
  },
  '.size': {
    dialects: ['gnu'],
    run: (a, p, args) => {
      const v = namedValue(a, p, args, ['.size needs a symbol and a size', '.size name, expr']);
      if (!v || !a.final) return;
      const size = a.eval(p.st, v.value.e);
      if (size !== null) {
        a.symbols.setSize(v.name, { size: Number(size.v), st: p.st, at: v.value.at });
      }
    },
  },
  '.cdecls': {
    dialects: ['ti'],
    run: (a, p) => a.error(p.st, p.st.opAt, '.cdecls (C header import) is not supported'),
  },
  '.end': { run: () => undefined },
};

/** Runs a directive statement; an unknown directive (or one of the other dialect) is an error. */
export function runDirective(a: Context, p: Prepared, name: string, args: readonly Arg[]): void {
  const { st } = p;
  const handler = DIRECTIVES[name];
  if (handler && (handler.dialects === undefined || handler.dialects.includes(a.dialect))) {
    handler.run(a, p, args);
    return;
  }
  if (isIgnoredDirective(name)) return;
  a.error(st, st.opAt, `unknown directive '${st.op ?? name}'`);
}
