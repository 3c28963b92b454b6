// The golden encoding corpus (test/fixtures/encodings): every line, assembled alone with .text
// at 0x4400, must give the bytes GNU as / llvm-mc gave.
import { describe, expect, it } from 'vitest';

import { readFileSync } from 'node:fs';

import { assemble } from '../../../emulator/asm/index.js';
import { readGoldens, type GoldenLine } from '../../helpers/goldens.js';

const DIR = 'test/fixtures/encodings';

function bytesOf(source: string): number[] | string {
  const r = assemble(`\t.text\n\t${source}\n`, {
    fileName: 'golden.s',
    sectionStarts: { '.text': 0x4400 },
  });
  if (!r.ok) return r.errors.map((e) => `${e.column}: ${e.message}`).join('; ');
  const seg = r.value.image.segments.find((s) => s.name === '.text');
  return seg ? [...seg.data] : [];
}

function hex(b: number[] | string): string {
  return typeof b === 'string' ? b : b.map((v) => v.toString(16).padStart(2, '0')).join(' ');
}

function check(lines: GoldenLine[]): string[] {
  const bad: string[] = [];
  for (const g of lines) {
    const got = hex(bytesOf(g.source));
    const want = hex(g.bytes);
    if (got !== want) bad.push(`${g.source} :: want ${want}, got ${got}`);
  }
  return bad;
}

describe('golden encodings', () => {
  for (const file of ['classic.golden', 'msp430x.golden']) {
    it(`reproduces every line of ${file} byte for byte`, () => {
      const lines = readGoldens(`${DIR}/${file}`);
      expect(lines.length).toBeGreaterThan(1000);
      expect(check(lines)).toEqual([]);
    });
  }
});

describe('lines excluded from the corpus with a UG367 encoding', () => {
  // Where GNU as contradicts UG367 and the generator could state the UG367 bytes (CALLA EDE:
  // GNU counts the index from the opcode word), the header records them: `# <source> :: <GNU
  // bytes>: UG367 encoding is <bytes>`. unit430 must give the UG367 bytes.
  const stated = readFileSync(`${DIR}/msp430x.golden`, 'utf8')
    .split('\n')
    .map((line) => /^#\s+(.+?) :: [0-9a-f ]+: UG367 encoding is ([0-9a-f ]+)$/.exec(line))
    .filter((m) => m !== null)
    .map((m) => [m[1]!, m[2]!] as const);

  it('names the CALLA symbolic forms', () => {
    expect(stated.map(([source]) => source)).toEqual([
      'calla 0x12344',
      'calla 0x100',
      'calla .+0x100',
    ]);
  });

  it.each(stated)('%s assembles to %s', (source, bytes) => {
    expect(hex(bytesOf(source))).toBe(bytes);
  });
});
