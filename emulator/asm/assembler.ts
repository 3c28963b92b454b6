/**
 * The unit430 assembler: GNU-as and TI (SLAU131) dialects to a final memory image.
 *
 * Statements are read once (`source.ts`), prepared once (operands and expressions parsed,
 * numeric local labels resolved), then laid out in passes until every label and section
 * address is stable, and encoded in a last pass through `emulator/isa` (UG367 §4.5–§4.6).
 * Choices that change an instruction's length — constant generator, `0(Rn)` → `@Rn`, raw
 * symbolic index — are made once, in the first pass, from what is known at that line, as GNU as
 * (a one-pass assembler) does. Placement defaults and the syntax are in docs/assembler.md.
 */

import type { ImageSegment, ImageSymbol, MemoryImage, SymbolKind } from '../image/image.js';
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
import { fail, ok, type Result } from '../result.js';
import {
  evaluate,
  localLabelName,
  parseString,
  symbolsOf,
  type EvalContext,
  type Expr,
  type LocalLabels,
  type TextError,
  type Value,
} from './expr.js';
import {
  lookupMnemonic,
  parseExprAt,
  parseOperand,
  registerNumber,
  type Mnemonic,
  type OperandSyntax,
  type ParseEnv,
} from './insn.js';
import { asmError, readSource, type Arg, type SourceLine, type Statement } from './source.js';
import type { AsmError, AssembleOptions, Assembly, Dialect, ListingLine } from './types.js';

export { formatListing } from './listing.js';

/** Default placement, FR5994 memory map (msp430x.md §7.1). */
export const FRAM_START = 0x4000;
export const SRAM_START = 0x1c00;
export const RESET_VECTOR = 0xfffe;
export const VECTORS_END = 0x10000;
/** Total bytes `.space`, `.fill`, `.org` and friends may produce. */
export const MAX_OUTPUT_BYTES = 1 << 20;
export const MAX_PASSES = 12;
const MAX_ERRORS = 500;

const RESET_SECTIONS = new Set(['.resetvec', '__reset_vector', '.reset']);
const VECTOR_SECTIONS = new Set(['.vectors', '.intvec', '__interrupt_vector_table']);

function isRamSection(name: string, flags: string, nobits: boolean): boolean {
  if (nobits || flags.includes('w')) return true;
  return /^\.(data|bss|noinit|sbss|sdata)(\.|$)/.test(name);
}

// ---------------------------------------------------------------------------------------------
// Prepared statements

type DirArg =
  | { readonly kind: 'expr'; readonly e: Expr; readonly at: number }
  | { readonly kind: 'name'; readonly at: number }
  | { readonly kind: 'str'; readonly bytes: number[]; readonly at: number };

interface PlannedOperand {
  readonly syn: OperandSyntax;
  readonly mode: Mode;
  /** Symbolic operand whose value is absolute: the value is the raw index (GNU as). */
  readonly raw: boolean;
}

interface InsnPlan {
  readonly form: InstructionForm;
  readonly size: Size;
  readonly src: PlannedOperand | null;
  readonly dst: PlannedOperand | null;
  readonly length: number;
}

interface InsnItem {
  readonly kind: 'insn';
  readonly m: Mnemonic;
  readonly ops: readonly OperandSyntax[];
  /** Decided in the first pass. */
  plan: InsnPlan | TextError | null;
  repeat: { readonly r: RepeatSyntax; readonly st: Statement } | null;
}

type RepeatSyntax =
  | { readonly kind: 'count'; readonly e: Expr; readonly at: number }
  | { readonly kind: 'register'; readonly reg: number; readonly at: number };

type Item =
  | { readonly kind: 'none' }
  | { readonly kind: 'error'; readonly err: TextError }
  | InsnItem
  | { readonly kind: 'rpt'; readonly r: RepeatSyntax }
  | { readonly kind: 'dir'; readonly name: string; readonly args: readonly Arg[] }
  | { readonly kind: 'assign'; readonly name: string; readonly at: number; readonly e: Expr };

interface Prepared {
  readonly st: Statement;
  readonly labels: readonly { readonly name: string; readonly at: number }[];
  readonly item: Item;
  /** Parsed directive arguments, filled lazily but only once (local labels need source order). */
  dirArgs?: (DirArg | TextError)[];
}

// ---------------------------------------------------------------------------------------------
// Sections and symbols

interface Section {
  readonly name: string;
  flags: string;
  nobits: boolean;
  /** Non-allocated (e.g. `.note.GNU-stack`, `.comment`): assembled but not placed in the image. */
  noalloc: boolean;
  /** Named by a directive (an empty implicit `.text` is left out of the result). */
  named: boolean;
  readonly order: number;
  readonly first: Statement;
  offset: number;
  size: number;
  align: number;
  base: number;
  chunks: { offset: number; bytes: number[] }[];
}

interface Sym {
  readonly name: string;
  v: bigint;
  section: string | null;
  unknown: boolean;
  pass: number;
  kind: SymbolKind;
  global: boolean;
  size?: number;
  isLabel: boolean;
  isDefine: boolean;
  at: Statement | null;
}

class Assembler {
  readonly errors: AsmError[] = [];
  private readonly symbols = new Map<string, Sym>();
  private readonly sections = new Map<string, Section>();
  private readonly sectionOrder: string[] = [];
  private current!: Section;
  private stack: Section[] = [];
  private previous: Section | null = null;
  private pass = 0;
  private final = false;
  private outputBytes = 0;
  private pendingRepeat: { r: RepeatSyntax; st: Statement } | null = null;
  private definedThisPass = new Set<string>();
  private lineAddress: (number | null)[] = [];
  private lineBytes: number[][] = [];
  private types = new Map<string, SymbolKind>();
  private globals = new Set<string>();
  private sizes = new Map<string, { size: number; st: Statement; at: number }>();
  /** Open `.if` blocks of this pass, innermost last. */
  private conds: Cond[] = [];

  constructor(
    readonly dialect: Dialect,
    private readonly options: AssembleOptions,
    private readonly items: Prepared[],
    private readonly lines: SourceLine[],
  ) {}

  // ---- errors -------------------------------------------------------------------------------

  error(st: Statement, at: number, message: string, expected?: string): void {
    if (!this.final) return;
    if (this.errors.length >= MAX_ERRORS) return;
    this.errors.push(asmError(st.file, st.line, at + 1, message, expected));
  }

  // ---- symbols ------------------------------------------------------------------------------

  private ctx(st: Statement): EvalContext {
    return {
      dot: () => ({
        v: BigInt(this.current.base + this.current.offset),
        section: this.current.name,
        unknown: false,
      }),
      symbol: (name) => {
        const s = this.symbols.get(name);
        if (s && (s.pass >= this.pass - 1 || s.isDefine)) {
          const unknown = s.unknown || (!s.isDefine && s.pass !== this.pass);
          return { v: s.v, section: s.section, unknown };
        }
        if (this.final) return undefined;
        void st;
        return { v: 0n, section: null, unknown: true };
      },
    };
  }

  eval(st: Statement, e: Expr): Value | null {
    const r = evaluate(e, this.ctx(st));
    if ('message' in r) {
      this.error(st, r.col, r.message);
      return null;
    }
    return r;
  }

  /** Evaluates an expression that must be absolute and known now (sizes, counts). */
  evalNow(st: Statement, e: Expr, what: string): number | null {
    const r = this.eval(st, e);
    if (r === null) return null;
    if (r.unknown && this.final) {
      this.error(st, e.col, `${what} must not depend on symbols defined later`);
      return null;
    }
    return Number(r.v);
  }

  private define(st: Statement, name: string, at: number, value: Value, isLabel: boolean): void {
    const existing = this.symbols.get(name);
    if (existing?.isDefine) {
      this.error(st, at, `'${name}' is already defined by the assembler options`);
      return;
    }
    if ((isLabel || existing?.isLabel === true) && this.definedThisPass.has(name)) {
      const where = existing?.at
        ? ` (first defined at ${existing.at.file}:${existing.at.line})`
        : '';
      this.error(st, at, `duplicate label '${shownName(name)}'${where}`);
      return;
    }
    this.definedThisPass.add(name);
    const kind: SymbolKind = isLabel ? 'label' : value.section === null ? 'absolute' : 'label';
    if (existing) {
      existing.v = value.v;
      existing.section = value.section;
      existing.unknown = value.unknown;
      existing.pass = this.pass;
      existing.isLabel = isLabel;
      existing.kind = kind;
      existing.at = st;
    } else {
      this.symbols.set(name, {
        name,
        v: value.v,
        section: value.section,
        unknown: value.unknown,
        pass: this.pass,
        kind,
        global: false,
        isLabel,
        isDefine: false,
        at: st,
      });
    }
  }

  private defineLabel(st: Statement, name: string, at: number): void {
    const addr = this.current.base + this.current.offset;
    this.markLine(st, addr);
    this.define(
      st,
      name,
      at,
      { v: BigInt(addr), section: this.current.name, unknown: false },
      true,
    );
  }

  // ---- sections -----------------------------------------------------------------------------

  private section(name: string, st: Statement): Section {
    let s = this.sections.get(name);
    if (!s) {
      const nobits = name === '.bss' || name.startsWith('.bss.') || name === '.noinit';
      s = {
        name,
        flags: '',
        nobits,
        noalloc: false,
        named: false,
        order: this.sectionOrder.length,
        first: st,
        offset: 0,
        size: 0,
        align: name.startsWith('.text') ? 2 : 1,
        base: 0,
        chunks: [],
      };
      this.sections.set(name, s);
      this.sectionOrder.push(name);
    }
    return s;
  }

  private switchTo(name: string, st: Statement): Section {
    const s = this.section(name, st);
    if (s !== this.current) this.previous = this.current;
    this.current = s;
    return s;
  }

  /** Places sections after a pass; returns true when any base address changed. */
  private layout(): boolean {
    let changed = false;
    const starts = this.options.sectionStarts ?? {};
    let fram = FRAM_START;
    let ram = SRAM_START;
    const set = (s: Section, base: number): void => {
      if (s.base !== base) changed = true;
      s.base = base;
    };
    const align = (v: number, a: number): number => Math.ceil(v / a) * a;
    for (const name of this.sectionOrder) {
      const s = this.sections.get(name) as Section;
      const explicit = starts[name];
      if (explicit !== undefined) set(s, explicit);
      else if (s.noalloc) set(s, 0);
      else if (RESET_SECTIONS.has(name)) set(s, RESET_VECTOR);
      else if (VECTOR_SECTIONS.has(name)) set(s, (VECTORS_END - s.size) & ~1);
      else if (isRamSection(name, s.flags, s.nobits)) {
        ram = align(ram, s.align);
        set(s, ram);
        ram += s.size;
      } else {
        fram = align(fram, s.align);
        set(s, fram);
        fram += s.size;
      }
    }
    return changed;
  }

  // ---- output -------------------------------------------------------------------------------

  private markLine(st: Statement, addr: number): void {
    if (this.final && this.lineAddress[st.lineIndex] === null) {
      this.lineAddress[st.lineIndex] = addr;
    }
  }

  /** Reserves or emits `count` bytes at the location counter. */
  private advance(st: Statement, at: number, count: number, bytes: number[] | null): boolean {
    if (count < 0 || !Number.isFinite(count)) {
      this.error(st, at, `negative size ${count}`);
      return false;
    }
    if (this.outputBytes + count > MAX_OUTPUT_BYTES) {
      this.error(st, at, `output exceeds ${MAX_OUTPUT_BYTES} bytes`);
      return false;
    }
    this.outputBytes += count;
    const s = this.current;
    if (this.final) {
      const addr = s.base + s.offset;
      this.markLine(st, addr);
      if (bytes && bytes.length > 0) {
        if (s.nobits && bytes.some((b) => b !== 0)) {
          this.error(st, at, `non-zero data in section ${s.name}, which has no contents`);
        }
        s.chunks.push({ offset: s.offset, bytes });
        const line = this.lineBytes[st.lineIndex];
        if (line && line.length < 256) line.push(...bytes.slice(0, 256 - line.length));
      }
    }
    s.offset += count;
    s.size = Math.max(s.size, s.offset);
    return true;
  }

  // ---- passes -------------------------------------------------------------------------------

  run(): void {
    for (const [name, value] of Object.entries(this.options.defines ?? {})) {
      this.symbols.set(name, {
        name,
        v: BigInt(Math.trunc(value)),
        section: null,
        unknown: false,
        pass: 0,
        kind: 'absolute',
        global: false,
        isLabel: false,
        isDefine: true,
        at: null,
      });
    }
    let stable = false;
    for (this.pass = 1; this.pass <= MAX_PASSES; this.pass++) {
      const before = this.snapshot();
      this.onePass();
      const moved = this.layout();
      if (this.pass > 1 && !moved && before === this.snapshot()) {
        stable = true;
        break;
      }
    }
    if (!stable) this.pass = MAX_PASSES;
    this.final = true;
    this.lineAddress = this.lines.map(() => null);
    this.lineBytes = this.lines.map(() => []);
    this.pass++;
    this.onePass();
    if (!stable) {
      const st = this.items[0]?.st;
      if (st) this.error(st, 0, `addresses did not settle after ${MAX_PASSES} passes`);
    }
    this.layout();
    this.checkOverlaps();
  }

  private snapshot(): string {
    const parts: string[] = [];
    for (const s of this.symbols.values()) {
      if (!s.isDefine) parts.push(`${s.name}=${s.v}`);
    }
    return parts.join(',');
  }

  private onePass(): void {
    for (const s of this.sections.values()) {
      s.offset = 0;
      s.size = 0;
      s.chunks = [];
    }
    this.outputBytes = 0;
    this.definedThisPass = new Set();
    this.pendingRepeat = null;
    this.stack = [];
    this.previous = null;
    this.types = new Map();
    this.globals = new Set();
    this.sizes = new Map();
    this.conds = [];
    const first = this.items[0]?.st ?? emptyStatement();
    this.current = this.section('.text', first);
    for (const p of this.items) {
      if (p.item.kind === 'dir' && CONDITIONALS.has(p.item.name)) this.conditional(p, p.item.name);
      else if (this.active()) this.statement(p);
    }
    for (const c of this.conds) this.error(c.st, c.st.opAt, `${c.op} without .endif`, '.endif');
    const pending = this.pendingRepeat as { r: RepeatSyntax; st: Statement } | null;
    if (pending) {
      const { st, r } = pending;
      this.error(st, r.at, 'rpt is not followed by an instruction', 'an MSP430X instruction');
    }
    this.finishSymbols();
  }

  private finishSymbols(): void {
    if (!this.final) return;
    for (const [name, kind] of this.types) {
      const s = this.symbols.get(name);
      if (s) s.kind = kind;
    }
    for (const name of this.globals) {
      const s = this.symbols.get(name);
      if (s) s.global = true;
    }
    for (const [name, { size, st, at }] of this.sizes) {
      const s = this.symbols.get(name);
      if (!s) this.error(st, at, `.size of undefined symbol '${name}'`);
      else s.size = size;
    }
  }

  private statement(p: Prepared): void {
    const { st, item } = p;
    const labelBound =
      item.kind === 'dir' && this.dialect === 'ti' && TI_LABEL_DIRECTIVES.has(item.name);
    if (!labelBound) for (const l of p.labels) this.defineLabel(st, l.name, l.at);
    switch (item.kind) {
      case 'none':
        return;
      case 'error':
        this.error(st, item.err.at, item.err.message, item.err.expected);
        return;
      case 'assign': {
        const v = this.eval(st, item.e);
        if (v) this.define(st, item.name, item.at, v, false);
        return;
      }
      case 'rpt':
        if (this.pendingRepeat) {
          this.error(st, item.r.at, 'rpt follows another rpt', 'an MSP430X instruction');
        }
        this.pendingRepeat = { r: item.r, st };
        return;
      case 'insn':
        this.instruction(p, item);
        return;
      case 'dir':
        if (this.pendingRepeat) {
          const { st: rs, r } = this.pendingRepeat;
          this.error(rs, r.at, 'rpt is not followed by an instruction', 'an MSP430X instruction');
          this.pendingRepeat = null;
        }
        this.directive(p, item.name, item.args);
        return;
    }
  }

  // ---- conditional assembly -----------------------------------------------------------------

  /** True when the statements at this point are assembled (every enclosing branch is taken). */
  private active(): boolean {
    const top = this.conds[this.conds.length - 1];
    return top === undefined || top.now;
  }

  /**
   * `.if expr`, `.ifdef sym`, `.ifndef sym`, `.elseif expr`, `.else`, `.endif` (GNU as). The
   * condition is evaluated in every pass from what is defined above it (`.equ`, `defines`):
   * a value that depends on a later label is an error, because the branch taken could change
   * the layout that decided it. Labels and directives in a branch not taken are ignored.
   */
  private conditional(p: Prepared, name: string): void {
    const { st } = p;
    const top = this.conds[this.conds.length - 1];
    const outer = this.active();
    if (name === '.if' || name === '.ifdef' || name === '.ifndef') {
      const value = outer ? this.condition(p, name) : false;
      this.conds.push({ op: name, st, outer, now: outer && value, taken: value, sawElse: false });
      return;
    }
    if (top === undefined) {
      this.error(st, st.opAt, `${name} without .if`);
      return;
    }
    if (name === '.endif') {
      this.conds.pop();
      return;
    }
    if (top.sawElse) {
      this.error(st, st.opAt, `${name} after .else`, '.endif');
      top.now = false;
      return;
    }
    if (name === '.else') {
      top.sawElse = true;
      top.now = top.outer && !top.taken;
      top.taken = true;
      return;
    }
    // .elseif
    const value = top.outer && !top.taken ? this.condition(p, '.if') : false;
    top.now = top.outer && !top.taken && value;
    top.taken ||= value;
  }

  private condition(p: Prepared, name: string): boolean {
    const { st } = p;
    if (name === '.if') {
      const e = this.exprArgs(p);
      if (!e || e.length !== 1 || e[0] === undefined) {
        if (e) this.error(st, st.opAt, `${st.op ?? name} needs one expression`, '.if expr');
        return false;
      }
      const v = this.eval(st, e[0].e);
      if (v === null) return false;
      if (v.unknown) {
        this.error(st, e[0].at, 'condition must not depend on symbols defined later');
        return false;
      }
      return v.v !== 0n;
    }
    const n = nameArg(this, p, st.args.length === 1 ? st.args[0] : undefined);
    if (n === null) return false;
    const s = this.symbols.get(n);
    const defined = s !== undefined && (s.isDefine || this.definedThisPass.has(n));
    return name === '.ifdef' ? defined : !defined;
  }

  // ---- instructions -------------------------------------------------------------------------

  private instruction(p: Prepared, item: InsnItem): void {
    const { st } = p;
    if (item.plan === null) {
      item.repeat = this.pendingRepeat;
      item.plan = this.plan(st, item);
    }
    this.pendingRepeat = null;
    const plan = item.plan;
    if (plan === null) return;
    if ('message' in plan) {
      this.error(st, plan.at, plan.message, plan.expected);
      return;
    }
    if ((this.current.base + this.current.offset) % 2 !== 0) {
      this.error(st, st.opAt, 'instruction at an odd address', '.align or .even before it');
    }
    if (!this.final) {
      this.advance(st, st.opAt, plan.length, null);
      return;
    }
    const address = this.current.base + this.current.offset;
    const bytes = this.encodeFinal(st, item, plan, address);
    this.advance(st, st.opAt, plan.length, bytes ?? new Array<number>(plan.length).fill(0));
  }

  /** First-pass decisions: operand modes, form and length. */
  private plan(st: Statement, item: InsnItem): InsnPlan | TextError {
    const { m } = item;
    let ops = item.ops;
    if (m.template) {
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
      ops = out;
    }
    const candidates = m.forms.filter((f) => (f.src ? 1 : 0) + (f.dst ? 1 : 0) === ops.length);
    if (candidates.length === 0) {
      const n = m.forms[0] ? (m.forms[0].src ? 1 : 0) + (m.forms[0].dst ? 1 : 0) : 0;
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
      const src = ops[0] ? this.planOperand(st, form, size, ops[0], true) : null;
      const dst = ops[1] ? this.planOperand(st, form, size, ops[1], false) : null;
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

  private planOperand(
    st: Statement,
    form: InstructionForm,
    size: Size,
    syn: OperandSyntax,
    isSrc: boolean,
  ): PlannedOperand | TextError {
    const known = (e: Expr): Value | null => {
      const v = evaluate(e, this.ctx(st));
      return 'message' in v || v.unknown || v.section !== null ? null : v;
    };
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
        const v = known(syn.expr);
        const cg = v && allowed.includes(Mode.Constant) ? constantFor(v.v, size, form) : null;
        return { syn, mode: cg === null ? Mode.Immediate : Mode.Constant, raw: false };
      }
      case 'idx': {
        if (syn.reg === 2 || syn.reg === 3) {
          return { at: syn.at, message: `r${syn.reg} cannot be used as an index register` };
        }
        const v = known(syn.expr);
        const shorten = this.options.keepZeroIndex !== true;
        if (shorten && isSrc && v && v.v === 0n && allowed.includes(Mode.Indirect)) {
          return { syn, mode: Mode.Indirect, raw: false };
        }
        return { syn, mode: Mode.Indexed, raw: false };
      }
      case 'sym': {
        const raw =
          form.format !== Format.Jump && this.dialect === 'gnu' && known(syn.expr) !== null;
        return { syn, mode: Mode.Symbolic, raw };
      }
    }
  }

  private encodeFinal(
    st: Statement,
    item: InsnItem,
    plan: InsnPlan,
    address: number,
  ): number[] | null {
    const { form } = plan;
    const extended = form.format === Format.XI || form.format === Format.XII;
    const base = extended ? address + 2 : address;
    const srcWord = base + 2;
    const srcExtra =
      plan.src !== null &&
      (plan.src.mode === Mode.Indexed ||
        plan.src.mode === Mode.Symbolic ||
        plan.src.mode === Mode.Absolute ||
        plan.src.mode === Mode.Immediate);
    const src = plan.src ? this.finalOperand(st, plan, plan.src, srcWord, address) : null;
    const dst = plan.dst
      ? this.finalOperand(st, plan, plan.dst, srcWord + (srcExtra ? 2 : 0), address)
      : null;
    if ((plan.src && !src) || (plan.dst && !dst)) return null;
    let repeat: Repeat | null = null;
    if (item.repeat) {
      const { r, st: rst } = item.repeat;
      if (!extended) {
        this.error(rst, r.at, `rpt applies to MSP430X instructions only, not ${form.mnemonic}`);
        return null;
      }
      if (r.kind === 'register') repeat = { kind: 'register', reg: r.reg };
      else {
        const n = this.evalNow(rst, r.e, 'a repeat count');
        if (n === null) return null;
        if (n < 1 || n > 16) {
          this.error(rst, r.e.col, `repeat count ${n} is out of range`, '1..16');
          return null;
        }
        repeat = { kind: 'count', n };
      }
    }
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
        const at =
          e.field === 'src'
            ? (plan.src?.syn.at ?? st.opAt)
            : e.field === 'dst'
              ? (plan.dst?.syn.at ?? st.opAt)
              : e.field === 'repeat' && item.repeat
                ? item.repeat.r.at
                : st.opAt;
        if (e.field === 'repeat' && item.repeat) {
          this.error(item.repeat.st, at, e.message);
        } else this.error(st, at, e.message);
      }
      return null;
    }
    return words.value.flatMap((w) => [w & 0xff, (w >> 8) & 0xff]);
  }

  private finalOperand(
    st: Statement,
    plan: InsnPlan,
    op: PlannedOperand,
    wordAddress: number,
    address: number,
  ): Operand | null {
    const { syn, mode } = op;
    if (syn.kind === 'reg' || syn.kind === 'ind' || syn.kind === 'inc') {
      return { mode, reg: syn.reg, value: 0 };
    }
    const v = this.eval(st, syn.expr);
    if (v === null) return null;
    const n = Number(v.v);
    const wide = plan.size === 20 || plan.form.isa === '430X';
    const limit = wide ? 0xfffff : 0xffff;
    const min = wide ? -0x80000 : -0x8000;
    switch (syn.kind) {
      case 'imm': {
        if (mode === Mode.Constant)
          return { mode, reg: 0, value: constantFor(v.v, plan.size, plan.form) ?? 0 };
        if (n < min || n > limit) {
          this.error(st, syn.expr.col, `value ${n} is out of range`, rangeText(min, limit));
          return null;
        }
        return { mode, reg: 0, value: n };
      }
      case 'abs':
        if (n < min || n > limit) {
          this.error(st, syn.expr.col, `address ${n} is out of range`, rangeText(0, limit));
          return null;
        }
        return { mode, reg: 0, value: n < 0 ? n & limit : n };
      case 'idx':
        if (mode === Mode.Indirect) return { mode, reg: syn.reg, value: 0 };
        if (n < min || n > limit) {
          this.error(st, syn.expr.col, `index ${n} is out of range`, rangeText(min, limit));
          return null;
        }
        return { mode, reg: syn.reg, value: n };
      case 'sym': {
        if (plan.form.format === Format.Jump) return this.jumpTarget(st, syn.expr, v, address);
        if (op.raw) {
          if (n < min || n > limit) {
            this.error(st, syn.expr.col, `index ${n} is out of range`, rangeText(min, limit));
            return null;
          }
          if (plan.form.format === Format.Calla) {
            return { mode: Mode.Symbolic, reg: 0, value: n + address + 2 };
          }
          return { mode: Mode.Indexed, reg: 0, value: n };
        }
        void wordAddress;
        return { mode: Mode.Symbolic, reg: 0, value: n };
      }
    }
  }

  /** Jump operand: a target address, or in GNU syntax a raw byte offset for a bare constant. */
  private jumpTarget(st: Statement, e: Expr, v: Value, address: number): Operand | null {
    let target = Number(v.v);
    const constant = v.section === null && !symbolsOf(e).some((n) => this.isAddress(n));
    if (constant && this.dialect === 'gnu' && e.k !== 'dot') {
      // GNU as: `jmp N` with a constant N jumps N bytes past the next word (N - 2 if negative).
      const x = target < 0 ? target - 2 : target;
      target = address + 2 + x;
    }
    if (target % 2 !== 0) {
      this.error(st, e.col, `jump target 0x${target.toString(16)} is odd`);
      return null;
    }
    const words = (target - address - 2) / 2;
    if (words < -512 || words > 511) {
      this.error(
        st,
        e.col,
        `jump target is ${words} words away`,
        'a target within -512..+511 words (use br)',
      );
      return null;
    }
    return { mode: Mode.Symbolic, reg: 0, value: target };
  }

  private isAddress(name: string): boolean {
    const s = this.symbols.get(name);
    return s !== undefined && s.section !== null;
  }

  // ---- directives ---------------------------------------------------------------------------

  private args(p: Prepared): (DirArg | TextError)[] {
    return p.dirArgs ?? [];
  }

  exprArgs(p: Prepared): { e: Expr; at: number }[] | null {
    const out: { e: Expr; at: number }[] = [];
    for (const a of this.args(p)) {
      if ('message' in a) {
        this.error(p.st, a.at, a.message, a.expected);
        return null;
      }
      if (a.kind === 'str') {
        this.error(p.st, a.at, 'a string is not allowed here', 'an expression');
        return null;
      }
      out.push(a.kind === 'name' ? { e: { k: 'num', v: 0n, col: a.at }, at: a.at } : a);
    }
    return out;
  }

  private directive(p: Prepared, name: string, args: readonly Arg[]): void {
    const { st } = p;
    const handler = DIRECTIVES[name];
    if (handler && (handler.dialects === undefined || handler.dialects.includes(this.dialect))) {
      handler.run(this, p, args);
      return;
    }
    if (IGNORED.has(name) || name.startsWith('.cfi_')) return;
    this.error(st, st.opAt, `unknown directive '${st.op ?? name}'`);
  }

  emitData(p: Prepared, width: number): void {
    const { st } = p;
    const args = this.args(p);
    if (args.length === 0) {
      this.error(st, st.opAt, `${st.op ?? ''} needs at least one value`, 'a value');
      return;
    }
    for (const a of args) {
      if ('message' in a) {
        this.error(st, a.at, a.message, a.expected);
        continue;
      }
      if (a.kind === 'name') continue;
      if (a.kind === 'str') {
        const bytes = a.bytes.flatMap((b) => littleEndian(BigInt(b), width));
        this.advance(st, a.at, bytes.length, bytes);
        continue;
      }
      const v = this.final ? this.eval(st, a.e) : null;
      if (v !== null) {
        const lo = width >= 8 ? -(1n << 63n) : -(1n << BigInt(width * 8 - 1));
        const hi = width >= 8 ? (1n << 64n) - 1n : (1n << BigInt(width * 8)) - 1n;
        if (v.v < lo || v.v > hi) {
          this.error(st, a.e.col, `value ${v.v} does not fit in ${width * 8} bits`);
        }
      }
      this.advance(st, a.at, width, littleEndian(v?.v ?? 0n, width));
    }
  }

  emitString(p: Prepared, terminate: boolean): void {
    const { st } = p;
    for (const a of this.args(p)) {
      if ('message' in a) {
        this.error(st, a.at, a.message, a.expected);
        continue;
      }
      if (a.kind === 'name') continue;
      if (a.kind !== 'str') {
        this.error(st, a.at, 'expected a string', '"text"');
        continue;
      }
      const bytes = terminate ? [...a.bytes, 0] : a.bytes;
      this.advance(st, a.at, bytes.length, bytes);
    }
  }

  space(p: Prepared, count: Expr | undefined, fill: Expr | undefined, unit = 1): void {
    const { st } = p;
    if (!count) {
      this.error(st, st.opAt, `${st.op ?? ''} needs a size`, 'a byte count');
      return;
    }
    const n = this.evalNow(st, count, 'a size');
    if (n === null) return;
    const f = fill ? this.evalNow(st, fill, 'a fill value') : 0;
    if (n < 0) {
      this.error(st, count.col, `negative size ${n}`);
      return;
    }
    if (n * unit > MAX_OUTPUT_BYTES) {
      this.error(st, count.col, `size ${n * unit} exceeds ${MAX_OUTPUT_BYTES} bytes`);
      return;
    }
    const bytes = this.final ? new Array<number>(n * unit).fill((f ?? 0) & 0xff) : null;
    this.advance(st, count.col, n * unit, bytes);
  }

  fill(p: Prepared): void {
    const { st } = p;
    const a = this.exprArgs(p);
    if (!a || a.length === 0 || a.length > 3) {
      if (a) this.error(st, st.opAt, '.fill takes repeat[, size[, value]]');
      return;
    }
    const repeat = this.evalNow(st, (a[0] as { e: Expr }).e, 'a repeat count');
    const size = a[1] ? this.evalNow(st, a[1].e, 'a size') : 1;
    const value = a[2] ? this.eval(st, a[2].e) : null;
    if (repeat === null || size === null) return;
    if (repeat < 0 || size < 0 || size > 8 || repeat * size > MAX_OUTPUT_BYTES) {
      this.error(st, st.opAt, `.fill ${repeat}, ${size} is out of range`);
      return;
    }
    const one = littleEndian(value?.v ?? 0n, size);
    const bytes = this.final ? new Array<number[]>(repeat).fill(one).flat() : null;
    this.advance(st, st.opAt, repeat * size, bytes);
  }

  /** Aligns the location counter to `bytes` (a power of two). */
  align(p: Prepared, bytes: number, fill: number | null, at: number): void {
    const { st } = p;
    if (!Number.isInteger(bytes) || bytes < 1 || bytes > 0x10000 || (bytes & (bytes - 1)) !== 0) {
      this.error(st, at, `alignment ${bytes} is not a power of two up to 65536`);
      return;
    }
    const s = this.current;
    s.align = Math.max(s.align, bytes);
    const addr = s.base + s.offset;
    const pad = (bytes - (addr % bytes)) % bytes;
    if (pad === 0) return;
    const filler = new Array<number>(pad).fill((fill ?? 0) & 0xff);
    this.advance(st, at, pad, this.final ? filler : null);
  }

  org(p: Prepared): void {
    const { st } = p;
    const a = this.exprArgs(p);
    if (!a || a.length < 1) {
      if (a) this.error(st, st.opAt, '.org needs an address', 'an address');
      return;
    }
    const first = a[0] as { e: Expr; at: number };
    const v = this.eval(st, first.e);
    if (v === null) return;
    const s = this.current;
    let target = Number(v.v);
    if (v.section === null && target < s.base) target += s.base;
    const offset = target - s.base;
    if (offset < s.offset) {
      this.error(st, first.e.col, `.org would move the location counter backwards`);
      return;
    }
    const fill = a[1] ? this.evalNow(st, a[1].e, 'a fill value') : 0;
    const n = offset - s.offset;
    if (n > MAX_OUTPUT_BYTES) {
      this.error(st, first.e.col, `.org skips ${n} bytes, more than ${MAX_OUTPUT_BYTES}`);
      return;
    }
    this.advance(
      st,
      first.e.col,
      n,
      this.final ? new Array<number>(n).fill((fill ?? 0) & 0xff) : null,
    );
  }

  sectionDirective(p: Prepared, name: string, flags: string | null, type: string | null): void {
    const s = this.switchTo(name, p.st);
    s.named = true;
    if (flags !== null) {
      s.flags = flags;
      s.noalloc = !flags.includes('a') && !name.startsWith('.text') && !isKnownAlloc(name);
    }
    if (type !== null) s.nobits = type === 'nobits' || type === '@nobits' || type === '%nobits';
    this.markLine(p.st, s.base + s.offset);
  }

  pushSection(p: Prepared, name: string): void {
    this.stack.push(this.current);
    this.switchTo(name, p.st).named = true;
  }

  popSection(p: Prepared): void {
    const s = this.stack.pop();
    if (!s) {
      this.error(p.st, p.st.opAt, '.popsection without .pushsection');
      return;
    }
    this.previous = this.current;
    this.current = s;
  }

  previousSection(p: Prepared): void {
    if (!this.previous) {
      this.error(p.st, p.st.opAt, '.previous without an earlier section');
      return;
    }
    const s = this.previous;
    this.previous = this.current;
    this.current = s;
  }

  /** Reserves `size` bytes in a section without switching to it (TI .bss/.usect, .comm). */
  reserveIn(
    p: Prepared,
    section: string,
    name: string,
    at: number,
    size: Expr,
    alignE?: Expr,
  ): void {
    const { st } = p;
    const n = this.evalNow(st, size, 'a size');
    const a = alignE ? this.evalNow(st, alignE, 'an alignment') : 1;
    if (n === null || a === null) return;
    const saved = this.current;
    const s = this.section(section, st);
    s.named = true;
    if (section === '.bss' || section.startsWith('.bss')) s.nobits = true;
    this.current = s;
    this.align(p, Math.max(1, a), null, at);
    this.define(
      st,
      name,
      at,
      { v: BigInt(s.base + s.offset), section: s.name, unknown: false },
      true,
    );
    this.advance(st, at, n, null);
    this.current = saved;
  }

  assign(p: Prepared, name: string, at: number, e: Expr, once: boolean): void {
    if (once && this.definedThisPass.has(name)) {
      this.error(p.st, at, `'${name}' is already defined`);
      return;
    }
    const v = this.eval(p.st, e);
    if (v) this.define(p.st, name, at, v, false);
  }

  setType(name: string, kind: SymbolKind): void {
    this.types.set(name, kind);
  }

  setGlobal(name: string): void {
    this.globals.add(name);
  }

  setSize(p: Prepared, name: string, e: Expr, at: number): void {
    if (!this.final) return;
    const v = this.eval(p.st, e);
    if (v !== null) this.sizes.set(name, { size: Number(v.v), st: p.st, at });
  }

  /** TI `.equ`/`.set`/`.usect`: the label field names the symbol. */
  labelOf(p: Prepared): { name: string; at: number } | null {
    const l = p.labels[0];
    if (!l) {
      this.error(
        p.st,
        p.st.opAt,
        `${p.st.op ?? ''} needs a name in the label field`,
        'NAME .equ value',
      );
      return null;
    }
    return l;
  }

  // ---- results ------------------------------------------------------------------------------

  private checkOverlaps(): void {
    const placed = [...this.sections.values()]
      .filter((s) => !s.noalloc && s.size > 0)
      .sort((a, b) => a.base - b.base);
    for (let i = 1; i < placed.length; i++) {
      const a = placed[i - 1] as Section;
      const b = placed[i] as Section;
      if (a.base + a.size > b.base) {
        this.error(
          b.first,
          b.first.opAt,
          `section ${b.name} at 0x${b.base.toString(16)} overlaps ${a.name} ` +
            `(0x${a.base.toString(16)}-0x${(a.base + a.size - 1).toString(16)})`,
        );
      }
    }
    for (const s of placed) {
      if (s.base < 0 || s.base + s.size > 0x100000) {
        this.error(
          s.first,
          s.first.opAt,
          `section ${s.name} does not fit in the 1 MB address space`,
        );
      }
    }
  }

  result(): Assembly {
    const segments: ImageSegment[] = [];
    const sections: { name: string; address: number; size: number }[] = [];
    for (const name of this.sectionOrder) {
      const s = this.sections.get(name) as Section;
      if (s.noalloc || (s.size === 0 && !s.named)) continue;
      sections.push({ name, address: s.base, size: s.size });
      if (s.nobits || s.size === 0) continue;
      const data = new Uint8Array(s.size);
      for (const c of s.chunks) data.set(c.bytes.slice(0, s.size - c.offset), c.offset);
      segments.push({ address: s.base, data, name });
    }
    const symbols: ImageSymbol[] = [];
    for (const s of this.symbols.values()) {
      if (s.isDefine || s.name.startsWith('.L') || s.name.includes('\u0002')) continue;
      const sym: ImageSymbol = {
        name: s.name,
        address: Number(BigInt.asUintN(32, s.v)),
        kind: s.kind,
        global: s.global,
        ...(s.size !== undefined ? { size: s.size } : {}),
        ...(s.section !== null ? { section: s.section } : {}),
      };
      symbols.push(sym);
    }
    const entry = this.entry();
    const image: MemoryImage =
      entry === undefined ? { segments, symbols } : { segments, symbols, entry };
    const listing: ListingLine[] = this.lines.map((l, i) => ({
      file: l.file,
      line: l.line,
      address: this.lineAddress[i] ?? null,
      bytes: this.lineBytes[i] ?? [],
      source: l.source,
    }));
    return { image, listing, sections };
  }

  /** `_start`, else the reset vector's content, else `main`, else the start of `.text`. */
  private entry(): number | undefined {
    const label = (name: string): number | undefined => {
      const s = this.symbols.get(name);
      return s && s.section !== null ? Number(s.v) : undefined;
    };
    const start = label('_start');
    if (start !== undefined) return start;
    for (const name of RESET_SECTIONS) {
      const s = this.sections.get(name);
      const c = s?.chunks.find((ch) => ch.offset === 0 && ch.bytes.length >= 2);
      if (c) return (c.bytes[0] ?? 0) | ((c.bytes[1] ?? 0) << 8);
    }
    const main = label('main');
    if (main !== undefined) return main;
    const text = this.sections.get('.text');
    return text && text.size > 0 ? text.base : undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

const NO_LOCALS: LocalLabels = { counts: new Map() };

function emptyStatement(): Statement {
  return {
    file: '',
    line: 1,
    text: '',
    lineIndex: 0,
    labels: [],
    op: null,
    opAt: 0,
    args: [],
    rest: { text: '', at: 0 },
  };
}

function shownName(name: string): string {
  return name.includes('\u0002') ? name.slice(2, name.indexOf('\u0002')) : name;
}

function stub(mode: Mode): Operand {
  return { mode, reg: 4, value: 0 };
}

function rangeText(min: number, max: number): string {
  const hex = (v: number): string => (v < 0 ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`);
  return `${hex(min)}..${hex(max)}`;
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

function modeMessage(mnemonic: string, op: PlannedOperand | null, isSrc: boolean): string {
  const which = isSrc ? 'source' : 'destination';
  if (!op) return `${mnemonic} needs a ${which} operand`;
  return `${mnemonic} does not accept ${MODE_TEXT[op.mode] ?? 'this operand'} as ${which}`;
}

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

function isKnownAlloc(name: string): boolean {
  return /^\.(text|data|bss|rodata|noinit|resetvec|vectors|init|fini|upper|lower)/.test(name);
}

// ---------------------------------------------------------------------------------------------
// Directive table

/** Conditional-assembly directives, handled before the active test (conditional()). */
const CONDITIONALS = new Set(['.if', '.ifdef', '.ifndef', '.elseif', '.else', '.endif']);

/** One open `.if`: whether its enclosing code is active, whether a branch was taken. */
interface Cond {
  readonly op: string;
  readonly st: Statement;
  readonly outer: boolean;
  now: boolean;
  taken: boolean;
  sawElse: boolean;
}

interface DirectiveHandler {
  readonly dialects?: readonly Dialect[];
  readonly run: (a: Assembler, p: Prepared, args: readonly Arg[]) => void;
}

/** TI directives whose label field names the symbol instead of the location. */
const TI_LABEL_DIRECTIVES = new Set(['.equ', '.set', '.usect']);

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

function exprs(a: Assembler, p: Prepared): { e: Expr; at: number }[] | null {
  return a.exprArgs(p);
}

function nameArg(a: Assembler, p: Prepared, arg: Arg | undefined): string | null {
  const t = arg?.text.replace(/^"(.*)"$/, '$1') ?? '';
  if (!/^[A-Za-z_.$][A-Za-z0-9_.$]*$/.test(t)) {
    a.error(p.st, arg?.at ?? p.st.opAt, `expected a symbol name, not '${t}'`, 'a symbol name');
    return null;
  }
  return t;
}

function alignArgs(a: Assembler, p: Prepared, mode: 'p2' | 'bytes'): void {
  const list = exprs(a, p);
  if (!list) return;
  const first = list[0];
  if (!first) {
    a.align(p, mode === 'bytes' && p.st.op?.toLowerCase() === '.align' ? 128 : 2, null, p.st.opAt);
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
    a.align(p, 2 ** n, fill, first.at);
  } else a.align(p, n, fill, first.at);
}

const data = (width: number): DirectiveHandler => ({ run: (a, p) => a.emitData(p, width) });

const DIRECTIVES: Record<string, DirectiveHandler> = {
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
  '.int': { run: (a, p) => a.emitData(p, a.dialect === 'ti' ? 2 : 4) },
  '.uint': data(2),
  '.ascii': { dialects: ['gnu'], run: (a, p) => a.emitString(p, false) },
  '.asciz': { dialects: ['gnu'], run: (a, p) => a.emitString(p, true) },
  '.string': {
    run: (a, p) => a.emitString(p, a.dialect === 'gnu'),
  },
  '.cstring': { dialects: ['ti'], run: (a, p) => a.emitString(p, true) },
  '.space': {
    run: (a, p) => {
      const l = exprs(a, p);
      if (l) a.space(p, l[0]?.e, l[1]?.e);
    },
  },
  '.skip': {
    run: (a, p) => {
      const l = exprs(a, p);
      if (l) a.space(p, l[0]?.e, l[1]?.e);
    },
  },
  '.zero': {
    run: (a, p) => {
      const l = exprs(a, p);
      if (l) a.space(p, l[0]?.e, undefined);
    },
  },
  '.fill': { run: (a, p) => a.fill(p) },
  '.align': {
    run: (a, p) => alignArgs(a, p, a.dialect === 'ti' ? 'bytes' : 'p2'),
  },
  '.p2align': { run: (a, p) => alignArgs(a, p, 'p2') },
  '.balign': { run: (a, p) => alignArgs(a, p, 'bytes') },
  '.even': { run: (a, p) => a.align(p, 2, null, p.st.opAt) },
  '.org': { run: (a, p) => a.org(p) },
  '.text': { run: (a, p) => a.sectionDirective(p, '.text', null, null) },
  '.data': { run: (a, p) => a.sectionDirective(p, '.data', null, null) },
  '.bss': {
    run: (a, p, args) => {
      if (args.length === 0) {
        a.sectionDirective(p, '.bss', null, '@nobits');
        return;
      }
      // TI: .bss sym, size[, align]
      const name = nameArg(a, p, args[0]);
      const l = exprs(a, p);
      if (name === null || !l) return;
      const size = l[1];
      if (!size) {
        a.error(p.st, p.st.opAt, '.bss needs a symbol and a size', '.bss name, size');
        return;
      }
      a.reserveIn(p, '.bss', name, args[0]?.at ?? p.st.opAt, size.e, l[2]?.e);
    },
  },
  '.rodata': { run: (a, p) => a.sectionDirective(p, '.rodata', null, null) },
  '.section': {
    run: (a, p, args) => {
      const name = args[0]?.text.replace(/^"(.*)"$/, '$1') ?? '';
      if (name === '') {
        a.error(p.st, p.st.opAt, '.section needs a name', '.section name[, "flags"[, @type]]');
        return;
      }
      const flags = args[1] ? args[1].text.replace(/^"(.*)"$/, '$1') : null;
      const type = args[2] ? args[2].text : null;
      a.sectionDirective(p, name, flags, type);
    },
  },
  '.sect': {
    run: (a, p, args) => {
      const name = args[0]?.text.replace(/^"(.*)"$/, '$1') ?? '';
      if (name === '') {
        a.error(p.st, p.st.opAt, '.sect needs a name', '.sect "name"');
        return;
      }
      a.sectionDirective(p, name, null, null);
    },
  },
  '.pushsection': {
    run: (a, p, args) => {
      const name = args[0]?.text.replace(/^"(.*)"$/, '$1') ?? '';
      if (name === '') a.error(p.st, p.st.opAt, '.pushsection needs a name');
      else a.pushSection(p, name);
    },
  },
  '.popsection': { run: (a, p) => a.popSection(p) },
  '.previous': { run: (a, p) => a.previousSection(p) },
  '.usect': {
    dialects: ['ti'],
    run: (a, p, args) => {
      const label = a.labelOf(p);
      const section = args[0]?.text.replace(/^"(.*)"$/, '$1') ?? '';
      const l = exprs(a, p);
      if (!label || !l) return;
      const size = l[1];
      if (section === '' || !size) {
        a.error(
          p.st,
          p.st.opAt,
          '.usect needs a section and a size',
          'name .usect "section", size',
        );
        return;
      }
      a.reserveIn(p, section, label.name, label.at, size.e, l[2]?.e);
    },
  },
  '.comm': {
    dialects: ['gnu'],
    run: (a, p, args) => {
      const name = nameArg(a, p, args[0]);
      const l = exprs(a, p);
      if (name === null || !l || !l[1]) return;
      a.reserveIn(p, '.bss', name, args[0]?.at ?? 0, l[1].e, l[2]?.e);
      a.setGlobal(name);
    },
  },
  '.lcomm': {
    dialects: ['gnu'],
    run: (a, p, args) => {
      const name = nameArg(a, p, args[0]);
      const l = exprs(a, p);
      if (name === null || !l || !l[1]) return;
      a.reserveIn(p, '.bss', name, args[0]?.at ?? 0, l[1].e, l[2]?.e);
    },
  },
  '.equ': { run: (a, p, args) => equate(a, p, args, false) },
  '.set': { run: (a, p, args) => equate(a, p, args, false) },
  '.equiv': { dialects: ['gnu'], run: (a, p, args) => equate(a, p, args, true) },
  '.global': { run: (a, p, args) => names(a, p, args, (n) => a.setGlobal(n)) },
  '.globl': { run: (a, p, args) => names(a, p, args, (n) => a.setGlobal(n)) },
  '.def': { dialects: ['ti'], run: (a, p, args) => names(a, p, args, (n) => a.setGlobal(n)) },
  '.weak': { run: (a, p, args) => names(a, p, args, (n) => a.setGlobal(n)) },
  '.local': { dialects: ['gnu'], run: (a, p, args) => names(a, p, args, () => undefined) },
  '.type': {
    dialects: ['gnu'],
    run: (a, p, args) => {
      const name = nameArg(a, p, args[0]);
      const t = (args[1]?.text ?? '').replace(/^[@%"]|"$/g, '').toLowerCase();
      if (name === null) return;
      if (t === 'function' || t === 'stt_func') a.setType(name, 'function');
      else if (t === 'object' || t === 'stt_object') a.setType(name, 'object');
      else if (t === 'notype' || t === 'stt_notype') a.setType(name, 'label');
      else
        a.error(
          p.st,
          args[1]?.at ?? p.st.opAt,
          `unknown symbol type '${t}'`,
          '@function or @object',
        );
    },
  },
  '.size': {
    dialects: ['gnu'],
    run: (a, p, args) => {
      const name = nameArg(a, p, args[0]);
      const l = exprs(a, p);
      if (name === null || !l) return;
      const e = l[1];
      if (!e) a.error(p.st, p.st.opAt, '.size needs a symbol and a size', '.size name, expr');
      else a.setSize(p, name, e.e, e.at);
    },
  },
  '.cdecls': {
    dialects: ['ti'],
    run: (a, p) => a.error(p.st, p.st.opAt, '.cdecls (C header import) is not supported'),
  },
  '.end': { run: () => undefined },
};

function equate(a: Assembler, p: Prepared, args: readonly Arg[], once: boolean): void {
  const ti = a.dialect === 'ti';
  if (ti && args.length === 1) {
    const label = a.labelOf(p);
    const l = exprs(a, p);
    if (label && l?.[0]) a.assign(p, label.name, label.at, l[0].e, once);
    return;
  }
  const name = nameArg(a, p, args[0]);
  const l = exprs(a, p);
  if (name === null || !l) return;
  const e = l[1];
  if (!e) {
    a.error(p.st, p.st.opAt, `${p.st.op ?? ''} needs a name and a value`, '.equ name, value');
    return;
  }
  a.assign(p, name, args[0]?.at ?? 0, e.e, once);
}

function names(a: Assembler, p: Prepared, args: readonly Arg[], f: (n: string) => void): void {
  for (const arg of args) {
    const n = nameArg(a, p, arg);
    if (n !== null) f(n);
  }
}

// ---------------------------------------------------------------------------------------------
// Preparation

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
  '.ref',
  '.weak',
  '.local',
  '.extern',
  '.file',
  '.ident',
  '.loc',
  '.cdecls',
  '.addrsig_sym',
  '.hidden',
  '.protected',
  '.internal',
  '.title',
  '.symver',
  '.mspabi_attribute',
  '.gnu_attribute',
  '.attribute',
  '.sym_meta_info',
]);

function prepareDirArgs(
  st: Statement,
  name: string,
  env: ParseEnv,
): (DirArg | TextError)[] | undefined {
  if (RAW_ARGS.has(name) || IGNORED.has(name) || name.startsWith('.cfi_')) return undefined;
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

function prepare(statements: Statement[], dialect: Dialect): Prepared[] {
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
  if (op === '=') {
    const target = st.args[0];
    const value = st.args[1];
    if (!target || !/^[A-Za-z_.$][A-Za-z0-9_.$]*$/.test(target.text)) {
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
  if (lower === 'rpt') {
    const arg = st.args[0];
    if (!arg || st.args.length !== 1) {
      return {
        kind: 'error',
        err: { at: st.opAt, message: 'rpt needs #n or a register', expected: '#1..#16 or r0..r15' },
      };
    }
    const reg = registerNumber(arg.text);
    if (reg !== undefined) return { kind: 'rpt', r: { kind: 'register', reg, at: arg.at } };
    if (!arg.text.startsWith('#')) {
      return {
        kind: 'error',
        err: { at: arg.at, message: 'rpt needs #n or a register', expected: '#1..#16 or r0..r15' },
      };
    }
    const e = parseExprAt(st.text, arg.at + 1, arg.at + arg.text.length, env);
    if ('message' in e) return { kind: 'error', err: e };
    return { kind: 'rpt', r: { kind: 'count', e, at: arg.at } };
  }
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

// ---------------------------------------------------------------------------------------------
// Entry point

export function dialectFor(options: AssembleOptions): Dialect {
  const d = options.dialect ?? 'auto';
  if (d !== 'auto') return d;
  return /\.(asm|s43)$/i.test(options.fileName ?? '') ? 'ti' : 'gnu';
}

/** Assembles one source file (plus its includes) into a final image. Never throws. */
export function assemble(
  source: string,
  options: AssembleOptions = {},
): Result<Assembly, AsmError> {
  const file = options.fileName ?? '<input>';
  try {
    const dialect = dialectFor(options);
    const errors: AsmError[] = [];
    const { statements, lines } = readSource(
      source,
      file,
      { dialect, readInclude: options.readInclude },
      errors,
    );
    const items = prepare(statements, dialect);
    const asm = new Assembler(dialect, options, items, lines);
    asm.run();
    const all = [...errors, ...asm.errors];
    if (all.length > 0) return fail(...dedupe(all));
    return ok(asm.result());
  } catch (e) {
    return fail({
      kind: 'asm',
      file,
      line: 1,
      column: 1,
      message: `internal assembler error: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
}

function dedupe(errors: AsmError[]): AsmError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.file}:${e.line}:${e.column}:${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
