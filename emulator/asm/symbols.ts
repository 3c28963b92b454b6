/**
 * The assembler's symbol table: labels, `.equ`/`.set`/`=` assignments and the `defines` option
 * (like `-defsym`), with the attributes GNU as directives give them (`.global`, `.type`,
 * `.size`). A symbol defined in an earlier pass is visible, but marked unknown, until this pass
 * defines it again, so first-pass choices can see which values are settled.
 */

import type { ImageSymbol, SymbolKind } from '../image/image.js';
import type { Diagnostics } from './diagnostics.js';
import type { Value } from './expr.js';
import type { Statement } from './source.js';

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
  /** Defined by the assembler options, before the first line. */
  isDefine: boolean;
  at: Statement | null;
}

/** `.size` requests of this pass, applied when the pass ends. */
interface SizeRequest {
  readonly size: number;
  readonly st: Statement;
  readonly at: number;
}

/** The name as written: numeric local labels (`1:`) carry a hidden instance suffix. */
export function shownName(name: string): string {
  return name.includes('\u0002') ? name.slice(2, name.indexOf('\u0002')) : name;
}

export class SymbolTable {
  private readonly symbols = new Map<string, Sym>();
  private definedThisPass = new Set<string>();
  private types = new Map<string, SymbolKind>();
  private globals = new Set<string>();
  private sizes = new Map<string, SizeRequest>();
  /** The pass being assembled, from 1. */
  pass = 0;

  constructor(
    private readonly diag: Diagnostics,
    defines: Readonly<Record<string, number>>,
  ) {
    for (const [name, value] of Object.entries(defines)) {
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
  }

  startPass(): void {
    this.definedThisPass = new Set();
    this.types = new Map();
    this.globals = new Set();
    this.sizes = new Map();
  }

  /** The value an expression sees; undefined (an error) for an unknown name in the final pass. */
  valueOf(name: string): Value | undefined {
    const s = this.symbols.get(name);
    if (s && (s.pass >= this.pass - 1 || s.isDefine)) {
      const unknown = s.unknown || (!s.isDefine && s.pass !== this.pass);
      return { v: s.v, section: s.section, unknown };
    }
    if (this.diag.final) return undefined;
    return { v: 0n, section: null, unknown: true };
  }

  define(st: Statement, name: string, at: number, value: Value, isLabel: boolean): void {
    const existing = this.symbols.get(name);
    if (existing?.isDefine) {
      this.diag.report(st, at, `'${name}' is already defined by the assembler options`);
      return;
    }
    if ((isLabel || existing?.isLabel === true) && this.definedThisPass.has(name)) {
      const where = existing?.at
        ? ` (first defined at ${existing.at.file}:${existing.at.line})`
        : '';
      this.diag.report(st, at, `duplicate label '${shownName(name)}'${where}`);
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

  isDefinedThisPass(name: string): boolean {
    return this.definedThisPass.has(name);
  }

  /** `.ifdef`: defined by the options or above this point in this pass. */
  isDefinedAbove(name: string): boolean {
    const s = this.symbols.get(name);
    return s !== undefined && (s.isDefine || this.definedThisPass.has(name));
  }

  /** The address of a label (a symbol in a section), else undefined. */
  address(name: string): number | undefined {
    const s = this.symbols.get(name);
    return s && s.section !== null ? Number(s.v) : undefined;
  }

  isAddress(name: string): boolean {
    return this.address(name) !== undefined;
  }

  setType(name: string, kind: SymbolKind): void {
    this.types.set(name, kind);
  }

  setGlobal(name: string): void {
    this.globals.add(name);
  }

  setSize(name: string, request: SizeRequest): void {
    this.sizes.set(name, request);
  }

  /** Every value, to tell whether a pass moved anything. */
  snapshot(): string {
    const parts: string[] = [];
    for (const s of this.symbols.values()) {
      if (!s.isDefine) parts.push(`${s.name}=${s.v}`);
    }
    return parts.join(',');
  }

  /** Applies `.type`, `.global` and `.size` after the final pass. */
  finishPass(): void {
    if (!this.diag.final) return;
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
      if (!s) this.diag.report(st, at, `.size of undefined symbol '${name}'`);
      else s.size = size;
    }
  }

  /** The image's symbols: no option defines, no `.L` locals, no numeric local labels. */
  imageSymbols(): ImageSymbol[] {
    const out: ImageSymbol[] = [];
    for (const s of this.symbols.values()) {
      if (s.isDefine || s.name.startsWith('.L') || s.name.includes('\u0002')) continue;
      out.push({
        name: s.name,
        address: Number(BigInt.asUintN(32, s.v)),
        kind: s.kind,
        global: s.global,
        ...(s.size !== undefined ? { size: s.size } : {}),
        ...(s.section !== null ? { section: s.section } : {}),
      });
    }
    return out;
  }
}
