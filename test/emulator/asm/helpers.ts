// Shared helpers for the assembler specs.
import { assemble, type AssembleOptions, type Assembly } from '../../../emulator/asm/index.js';

/** Assembles `source`, failing the test with the error list when it does not assemble. */
export function build(source: string, options: AssembleOptions = {}): Assembly {
  const r = assemble(source, { fileName: 'test.s', ...options });
  if (!r.ok) {
    const text = r.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`);
    throw new Error(`assembly failed:\n${text.join('\n')}`);
  }
  return r.value;
}

/** Bytes of one section (default .text). */
export function bytesOf(
  source: string,
  options: AssembleOptions = {},
  section = '.text',
): number[] {
  const seg = build(source, options).image.segments.find((s) => s.name === section);
  return seg ? [...seg.data] : [];
}

/** Parses `"31 40 00 3c"` into bytes. */
export function hex(text: string): number[] {
  return text
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '')
    .map((t) => parseInt(t, 16));
}
