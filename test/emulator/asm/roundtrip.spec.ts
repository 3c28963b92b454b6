// Acceptance: disassembly is canonical. Every line of the GNU golden corpus is decoded at
// 0x4400, formatted, reassembled by our assembler at 0x4400, and must give the golden bytes.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { assemble } from '../../../emulator/asm/assembler.js';
import { formatInstruction } from '../../../emulator/asm/disassembler.js';
import { decode } from '../../../emulator/isa/index.js';
import { readGoldens } from '../../helpers/goldens.js';

const BASE = 0x4400;
const CORPUS = join(import.meta.dirname, '../../fixtures/encodings');

function hex(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** Decode → format → assemble one golden line; returns a mismatch description or null. */
function roundTrip(source: string, bytes: readonly number[]): string | null {
  const read = (a: number): number => (bytes[a - BASE] ?? 0) | ((bytes[a - BASE + 1] ?? 0) << 8);
  const decoded = decode(read, BASE);
  if (!decoded.ok) return `${source}: does not decode (${decoded.errors[0]?.message})`;
  const text = formatInstruction(decoded.value, BASE);
  const assembled = assemble(`        .text\n        ${text}\n`, {
    fileName: 'roundtrip.s',
    sectionStarts: { '.text': BASE },
  });
  if (!assembled.ok) {
    return `${source} -> '${text}': ${assembled.errors.map((e) => e.message).join('; ')}`;
  }
  const segment = assembled.value.image.segments.find((s) => s.address === BASE);
  const got = segment ? [...segment.data] : [];
  return hex(got) === hex(bytes) ? null : `${source} -> '${text}': ${hex(got)} != ${hex(bytes)}`;
}

describe.each(['classic.golden', 'msp430x.golden'])('round trip of %s', (file) => {
  const lines = readGoldens(join(CORPUS, file));

  it('reassembles every disassembled line to the golden bytes', () => {
    expect(lines.length).toBeGreaterThan(1000);
    const mismatches = lines.flatMap(({ source, bytes }) => roundTrip(source, bytes) ?? []);
    expect(mismatches).toEqual([]);
  });
});
