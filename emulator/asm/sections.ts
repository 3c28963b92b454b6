/**
 * Sections and their placement. GNU as section handling (`.section`, `.pushsection`,
 * `.popsection`, `.previous`; flags `a`/`w`, type `@nobits`) and the TI section directives; after
 * each pass the sections are placed on the FR5994 memory map (msp430x.md §7.1): writable and
 * no-contents sections in SRAM from SRAM_START, the rest in FRAM from FRAM_START, the reset
 * vector at 0xFFFE and the interrupt vectors ending at 0x10000 (docs/assembler.md).
 */

import type { ImageSegment } from '../image/image.js';
import type { Statement } from './source.js';
import type { AssemblySection } from './types.js';

/** Default placement, FR5994 memory map (msp430x.md §7.1). */
export const FRAM_START = 0x4000;
export const SRAM_START = 0x1c00;
const RESET_VECTOR = 0xfffe;
const VECTORS_END = 0x10000;
const ADDRESS_SPACE = 0x100000;

/** Section names that hold the reset vector, in the order the entry point is looked for. */
const RESET_SECTIONS = new Set(['.resetvec', '__reset_vector', '.reset']);
const VECTOR_SECTIONS = new Set(['.vectors', '.intvec', '__interrupt_vector_table']);

export interface Section {
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

type Report = (st: Statement, at: number, message: string) => void;

function isRamSection(name: string, flags: string, nobits: boolean): boolean {
  if (nobits || flags.includes('w')) return true;
  return /^\.(data|bss|noinit|sbss|sdata)(\.|$)/.test(name);
}

function isKnownAlloc(name: string): boolean {
  return /^\.(text|data|bss|rodata|noinit|resetvec|vectors|init|fini|upper|lower)/.test(name);
}

function alignUp(v: number, a: number): number {
  return Math.ceil(v / a) * a;
}

export class Sections {
  private readonly byName = new Map<string, Section>();
  private readonly order: string[] = [];
  /** The section the location counter is in. */
  current!: Section;
  private stack: Section[] = [];
  private previous: Section | null = null;

  /** Empties every section and starts in `.text`, as each pass does. */
  startPass(first: Statement): void {
    for (const s of this.byName.values()) {
      s.offset = 0;
      s.size = 0;
      s.chunks = [];
    }
    this.stack = [];
    this.previous = null;
    this.current = this.get('.text', first);
  }

  /** The location counter: the current section's address plus its offset. */
  location(): number {
    return this.current.base + this.current.offset;
  }

  /** The named section, created on first use (`first` is where errors about it point). */
  get(name: string, first: Statement): Section {
    let s = this.byName.get(name);
    if (!s) {
      s = {
        name,
        flags: '',
        nobits: name === '.bss' || name.startsWith('.bss.') || name === '.noinit',
        noalloc: false,
        named: false,
        order: this.order.length,
        first,
        offset: 0,
        size: 0,
        align: name.startsWith('.text') ? 2 : 1,
        base: 0,
        chunks: [],
      };
      this.byName.set(name, s);
      this.order.push(name);
    }
    return s;
  }

  switchTo(name: string, st: Statement): Section {
    const s = this.get(name, st);
    if (s !== this.current) this.previous = this.current;
    this.current = s;
    return s;
  }

  /** `.section name[, "flags"[, @type]]`, `.text`, `.data`, `.sect`: switches and names it. */
  enter(name: string, st: Statement, flags: string | null, type: string | null): Section {
    const s = this.switchTo(name, st);
    s.named = true;
    if (flags !== null) {
      s.flags = flags;
      s.noalloc = !flags.includes('a') && !name.startsWith('.text') && !isKnownAlloc(name);
    }
    if (type !== null) s.nobits = type === 'nobits' || type === '@nobits' || type === '%nobits';
    return s;
  }

  push(name: string, st: Statement): void {
    this.stack.push(this.current);
    this.switchTo(name, st).named = true;
  }

  /** `.popsection`; false when nothing was pushed. */
  pop(): boolean {
    const s = this.stack.pop();
    if (!s) return false;
    this.previous = this.current;
    this.current = s;
    return true;
  }

  /** `.previous`: swaps with the section before the last switch; false when there is none. */
  swapPrevious(): boolean {
    if (!this.previous) return false;
    const s = this.previous;
    this.previous = this.current;
    this.current = s;
    return true;
  }

  /** Places the sections after a pass; returns true when any base address changed. */
  place(starts: Readonly<Record<string, number>>): boolean {
    let changed = false;
    let fram = FRAM_START;
    let ram = SRAM_START;
    const set = (s: Section, base: number): void => {
      if (s.base !== base) changed = true;
      s.base = base;
    };
    for (const name of this.order) {
      const s = this.byName.get(name) as Section;
      const explicit = starts[name];
      if (explicit !== undefined) set(s, explicit);
      else if (s.noalloc) set(s, 0);
      else if (RESET_SECTIONS.has(name)) set(s, RESET_VECTOR);
      else if (VECTOR_SECTIONS.has(name)) set(s, (VECTORS_END - s.size) & ~1);
      else if (isRamSection(name, s.flags, s.nobits)) {
        ram = alignUp(ram, s.align);
        set(s, ram);
        ram += s.size;
      } else {
        fram = alignUp(fram, s.align);
        set(s, fram);
        fram += s.size;
      }
    }
    return changed;
  }

  /** Reports sections that overlap or leave the 1 MB address space. */
  checkOverlaps(report: Report): void {
    const placed = [...this.byName.values()]
      .filter((s) => !s.noalloc && s.size > 0)
      .sort((a, b) => a.base - b.base);
    for (let i = 1; i < placed.length; i++) {
      const a = placed[i - 1] as Section;
      const b = placed[i] as Section;
      if (a.base + a.size > b.base) {
        report(
          b.first,
          b.first.opAt,
          `section ${b.name} at 0x${b.base.toString(16)} overlaps ${a.name} ` +
            `(0x${a.base.toString(16)}-0x${(a.base + a.size - 1).toString(16)})`,
        );
      }
    }
    for (const s of placed) {
      if (s.base < 0 || s.base + s.size > ADDRESS_SPACE) {
        report(s.first, s.first.opAt, `section ${s.name} does not fit in the 1 MB address space`);
      }
    }
  }

  /** The placed sections, in order of first use, and the image segments of those with bytes. */
  contents(): { sections: AssemblySection[]; segments: ImageSegment[] } {
    const segments: ImageSegment[] = [];
    const sections: AssemblySection[] = [];
    for (const name of this.order) {
      const s = this.byName.get(name) as Section;
      if (s.noalloc || (s.size === 0 && !s.named)) continue;
      sections.push({ name, address: s.base, size: s.size });
      if (s.nobits || s.size === 0) continue;
      const data = new Uint8Array(s.size);
      for (const c of s.chunks) data.set(c.bytes.slice(0, s.size - c.offset), c.offset);
      segments.push({ address: s.base, data, name });
    }
    return { sections, segments };
  }

  /** The word at the start of a reset-vector section, if one was assembled. */
  resetVector(): number | undefined {
    for (const name of RESET_SECTIONS) {
      const s = this.byName.get(name);
      const c = s?.chunks.find((ch) => ch.offset === 0 && ch.bytes.length >= 2);
      if (c) return (c.bytes[0] ?? 0) | ((c.bytes[1] ?? 0) << 8);
    }
    return undefined;
  }

  /** The start of `.text` when it holds anything. */
  textStart(): number | undefined {
    const text = this.byName.get('.text');
    return text && text.size > 0 ? text.base : undefined;
  }
}
