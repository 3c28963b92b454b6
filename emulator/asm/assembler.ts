/**
 * The unit430 assembler: GNU-as and TI (SLAU131) dialects to a final memory image.
 *
 * Statements are read once (`source.ts`) and prepared once (`prepare.ts`: operands and
 * expressions parsed, numeric local labels resolved). This file runs the passes: the statements
 * are laid out again and again until every label and section address is stable (`sections.ts`
 * places the sections after each pass), then a final pass encodes the instructions
 * (`operands.ts`, through `emulator/isa`, UG367 §4.5–§4.6), emits the directives' bytes
 * (`directives.ts`), records the listing and reports the errors. Placement defaults and the
 * syntax are in docs/assembler.md.
 */

import type { MemoryImage } from '../image/image.js';
import { fail, ok, type Result } from '../result.js';
import { CONDITIONALS, Conditionals } from './conditionals.js';
import { Diagnostics, dedupe } from './diagnostics.js';
import {
  bindsLabelField,
  conditionHolds,
  MAX_OUTPUT_BYTES,
  runDirective,
  type DirectiveContext,
} from './directives.js';
import { evaluate, type EvalContext, type Expr, type Value } from './expr.js';
import { ListingRecorder } from './listing.js';
import { encodeInstruction, planInstruction, type OperandContext } from './operands.js';
import { prepare, type InsnItem, type PendingRepeat, type Prepared } from './prepare.js';
import { Sections } from './sections.js';
import { readSource, type SourceLine, type Statement } from './source.js';
import { SymbolTable } from './symbols.js';
import type { AsmError, AssembleOptions, Assembly, Dialect } from './types.js';

/** Layout passes before the assembler gives up on addresses that keep moving. */
const MAX_PASSES = 12;

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

class Assembler implements DirectiveContext, OperandContext {
  readonly diag = new Diagnostics();
  readonly sections = new Sections();
  readonly symbols: SymbolTable;
  readonly keepZeroIndex: boolean;
  private readonly conditionals = new Conditionals();
  /** Created for the final pass, the only one that lists. */
  private listing: ListingRecorder | null = null;
  private outputBytes = 0;
  private pendingRepeat: PendingRepeat | null = null;

  constructor(
    readonly dialect: Dialect,
    private readonly options: AssembleOptions,
    private readonly items: readonly Prepared[],
    private readonly lines: readonly SourceLine[],
  ) {
    this.symbols = new SymbolTable(this.diag, options.defines ?? {});
    this.keepZeroIndex = options.keepZeroIndex === true;
  }

  get final(): boolean {
    return this.diag.final;
  }

  error(st: Statement, at: number, message: string, expected?: string): void {
    this.diag.report(st, at, message, expected);
  }

  // ---- expressions --------------------------------------------------------------------------

  private readonly evalContext: EvalContext = {
    dot: () => ({
      v: BigInt(this.sections.location()),
      section: this.sections.current.name,
      unknown: false,
    }),
    symbol: (name) => this.symbols.valueOf(name),
  };

  eval(st: Statement, e: Expr): Value | null {
    const r = evaluate(e, this.evalContext);
    if ('message' in r) {
      this.error(st, r.col, r.message);
      return null;
    }
    return r;
  }

  evalNow(st: Statement, e: Expr, what: string): number | null {
    const r = this.eval(st, e);
    if (r === null) return null;
    if (r.unknown && this.final) {
      this.error(st, e.col, `${what} must not depend on symbols defined later`);
      return null;
    }
    return Number(r.v);
  }

  known(_st: Statement, e: Expr): Value | null {
    const v = evaluate(e, this.evalContext);
    return 'message' in v || v.unknown || v.section !== null ? null : v;
  }

  isAddress(name: string): boolean {
    return this.symbols.isAddress(name);
  }

  // ---- output -------------------------------------------------------------------------------

  markLine(st: Statement, address: number): void {
    this.listing?.mark(st.lineIndex, address);
  }

  advance(st: Statement, at: number, count: number, bytes: number[] | null): boolean {
    if (count < 0 || !Number.isFinite(count)) {
      this.error(st, at, `negative size ${count}`);
      return false;
    }
    if (this.outputBytes + count > MAX_OUTPUT_BYTES) {
      this.error(st, at, `output exceeds ${MAX_OUTPUT_BYTES} bytes`);
      return false;
    }
    this.outputBytes += count;
    const s = this.sections.current;
    if (this.final) {
      this.markLine(st, this.sections.location());
      if (bytes && bytes.length > 0) {
        if (s.nobits && bytes.some((b) => b !== 0)) {
          this.error(st, at, `non-zero data in section ${s.name}, which has no contents`);
        }
        s.chunks.push({ offset: s.offset, bytes });
        this.listing?.add(st.lineIndex, bytes);
      }
    }
    s.offset += count;
    s.size = Math.max(s.size, s.offset);
    return true;
  }

  // ---- passes -------------------------------------------------------------------------------

  run(): void {
    let pass = 1;
    let stable = false;
    for (; pass <= MAX_PASSES; pass++) {
      const before = this.symbols.snapshot();
      this.onePass(pass);
      const moved = this.place();
      if (pass > 1 && !moved && before === this.symbols.snapshot()) {
        stable = true;
        break;
      }
    }
    if (!stable) pass = MAX_PASSES;
    this.diag.final = true;
    this.listing = new ListingRecorder(this.lines);
    this.onePass(pass + 1);
    if (!stable) {
      const st = this.items[0]?.st;
      if (st) this.error(st, 0, `addresses did not settle after ${MAX_PASSES} passes`);
    }
    this.place();
    this.sections.checkOverlaps(this.diag.report);
  }

  private place(): boolean {
    return this.sections.place(this.options.sectionStarts ?? {});
  }

  private onePass(pass: number): void {
    this.symbols.pass = pass;
    this.sections.startPass(this.items[0]?.st ?? emptyStatement());
    this.symbols.startPass();
    this.conditionals.startPass();
    this.outputBytes = 0;
    this.pendingRepeat = null;
    for (const p of this.items) {
      if (p.item.kind === 'dir' && CONDITIONALS.has(p.item.name)) {
        const test = (kind: Parameters<typeof conditionHolds>[2]): boolean =>
          conditionHolds(this, p, kind);
        this.conditionals.apply(p.item.name, p.st, test, this.diag.report);
      } else if (this.conditionals.active()) this.statement(p);
    }
    this.conditionals.reportUnclosed(this.diag.report);
    this.dropPendingRepeat();
    this.symbols.finishPass();
  }

  private statement(p: Prepared): void {
    const { st, item } = p;
    const labelBound = item.kind === 'dir' && bindsLabelField(this.dialect, item.name);
    if (!labelBound) for (const l of p.labels) this.defineLabel(st, l.name, l.at);
    switch (item.kind) {
      case 'none':
        return;
      case 'error':
        this.diag.reportText(st, item.err);
        return;
      case 'assign': {
        const v = this.eval(st, item.e);
        if (v) this.symbols.define(st, item.name, item.at, v, false);
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
        this.dropPendingRepeat();
        runDirective(this, p, item.name, item.args);
        return;
    }
  }

  private defineLabel(st: Statement, name: string, at: number): void {
    const address = this.sections.location();
    this.markLine(st, address);
    const value = { v: BigInt(address), section: this.sections.current.name, unknown: false };
    this.symbols.define(st, name, at, value, true);
  }

  /** An `rpt` with no instruction after it (a directive or the end came first) is an error. */
  private dropPendingRepeat(): void {
    if (!this.pendingRepeat) return;
    const { st, r } = this.pendingRepeat;
    this.error(st, r.at, 'rpt is not followed by an instruction', 'an MSP430X instruction');
    this.pendingRepeat = null;
  }

  private instruction(p: Prepared, item: InsnItem): void {
    const { st } = p;
    if (item.plan === null) {
      item.repeat = this.pendingRepeat;
      item.plan = planInstruction(this, st, item);
    }
    this.pendingRepeat = null;
    const plan = item.plan;
    if ('message' in plan) {
      this.diag.reportText(st, plan);
      return;
    }
    const address = this.sections.location();
    if (address % 2 !== 0) {
      this.error(st, st.opAt, 'instruction at an odd address', '.align or .even before it');
    }
    if (!this.final) {
      this.advance(st, st.opAt, plan.length, null);
      return;
    }
    const bytes = encodeInstruction(this, st, item, plan, address);
    this.advance(st, st.opAt, plan.length, bytes ?? new Array<number>(plan.length).fill(0));
  }

  // ---- result -------------------------------------------------------------------------------

  result(): Assembly {
    const { sections, segments } = this.sections.contents();
    const symbols = this.symbols.imageSymbols();
    const entry = this.entry();
    const image: MemoryImage =
      entry === undefined ? { segments, symbols } : { segments, symbols, entry };
    return { image, listing: this.listing?.listing() ?? [], sections };
  }

  /** `_start`, else the reset vector's content, else `main`, else the start of `.text`. */
  private entry(): number | undefined {
    return (
      this.symbols.address('_start') ??
      this.sections.resetVector() ??
      this.symbols.address('main') ??
      this.sections.textStart()
    );
  }
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
    const asm = new Assembler(dialect, options, prepare(statements, dialect), lines);
    asm.run();
    const all = [...errors, ...asm.diag.errors];
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
