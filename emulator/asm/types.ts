/**
 * Public types of the unit430 assembler: options, the assembly it produces, listing lines and
 * errors. The syntax accepted is described in docs/assembler.md.
 */

import type { MemoryImage } from '../image/image.js';

export type Dialect = 'gnu' | 'ti';

export interface AssembleOptions {
  /** Name used in error messages and the listing; also picks the dialect under 'auto'. */
  fileName?: string;
  /** 'auto' (default): `.asm`/`.s43` files are TI, everything else GNU. */
  dialect?: 'gnu' | 'ti' | 'auto';
  /** Returns the text of an included file, or undefined when it does not exist. */
  readInclude?: (path: string, fromFile: string) => string | undefined;
  /** Start address per section name; other sections get the defaults of docs/assembler.md. */
  sectionStarts?: Record<string, number>;
  /** Absolute symbols defined before the first line (like `-defsym`). */
  defines?: Record<string, number>;
  /**
   * Keep a `0(Rn)` source in indexed mode, as clang's integrated assembler (llvm-mc) does,
   * instead of GNU as's shorter `@Rn`. Default false (GNU as).
   */
  keepZeroIndex?: boolean;
}

export interface ListingLine {
  readonly file: string;
  /** 1-based line in `file`. */
  readonly line: number;
  /** Location of the line's first byte or label, or null when the line has no location. */
  readonly address: number | null;
  readonly bytes: number[];
  readonly source: string;
}

export interface AssemblySection {
  readonly name: string;
  readonly address: number;
  readonly size: number;
}

export interface Assembly {
  readonly image: MemoryImage;
  readonly listing: ListingLine[];
  readonly sections: AssemblySection[];
}

export interface AsmError {
  readonly kind: 'asm';
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly message: string;
  /** What the assembler expected at that place, when it can say. */
  readonly expected?: string;
}
