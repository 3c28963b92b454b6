/**
 * Assembly listings: the address and bytes of each source line, recorded during the final pass,
 * and their text in the layout of GNU as `-al` and TI `-l` listings (address, up to eight bytes,
 * source).
 */

import type { SourceLine } from './source.js';
import type { Assembly, ListingLine } from './types.js';

/** Bytes kept per source line (a `.space 1000` line lists its first ones only). */
const MAX_LINE_BYTES = 256;

/** The listing as the final pass fills it: first address and bytes per source line. */
export class ListingRecorder {
  private readonly addresses: (number | null)[];
  private readonly bytes: number[][];

  constructor(private readonly lines: readonly SourceLine[]) {
    this.addresses = lines.map(() => null);
    this.bytes = lines.map(() => []);
  }

  /** Gives a line its address unless it already has one. */
  mark(lineIndex: number, address: number): void {
    if (this.addresses[lineIndex] === null) this.addresses[lineIndex] = address;
  }

  add(lineIndex: number, bytes: readonly number[]): void {
    const line = this.bytes[lineIndex];
    if (line && line.length < MAX_LINE_BYTES) {
      line.push(...bytes.slice(0, MAX_LINE_BYTES - line.length));
    }
  }

  listing(): ListingLine[] {
    return this.lines.map((l, i) => ({
      file: l.file,
      line: l.line,
      address: this.addresses[i] ?? null,
      bytes: this.bytes[i] ?? [],
      source: l.source,
    }));
  }
}

const BYTES_PER_ROW = 8;

function hex(v: number, digits: number): string {
  return v.toString(16).padStart(digits, '0');
}

/**
 * Renders the listing of an assembly (or its listing lines); long byte runs continue on rows
 * without source text.
 */
export function formatListing(assembly: Assembly | readonly ListingLine[]): string {
  const lines = 'listing' in assembly ? assembly.listing : assembly;
  const rows: string[] = [];
  const width = BYTES_PER_ROW * 3 - 1;
  let file = '';
  for (const line of lines) {
    if (line.file !== file) {
      file = line.file;
      rows.push(`; ${file}`);
    }
    const first = line.bytes.slice(0, BYTES_PER_ROW);
    const addr = line.address === null ? '     ' : hex(line.address, 5);
    const bytes = first.map((b) => hex(b, 2)).join(' ');
    rows.push(
      `${String(line.line).padStart(5)}  ${addr}  ${bytes.padEnd(width)}  ${line.source}`.trimEnd(),
    );
    for (let i = BYTES_PER_ROW; i < line.bytes.length; i += BYTES_PER_ROW) {
      const more = line.bytes
        .slice(i, i + BYTES_PER_ROW)
        .map((b) => hex(b, 2))
        .join(' ');
      const a = line.address === null ? '     ' : hex(line.address + i, 5);
      rows.push(`${''.padStart(5)}  ${a}  ${more}`);
    }
  }
  return rows.join('\n') + '\n';
}
