/**
 * Assembly listings as text: one row per source line with its address and bytes, in the
 * layout of GNU as `-al` and TI `-l` listings (address, up to eight bytes, source).
 */

import type { Assembly, ListingLine } from './types.js';

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
