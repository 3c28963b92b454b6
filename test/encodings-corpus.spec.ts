// Well-formedness checks for the committed golden encoding corpus (test/fixtures/encodings):
// size, byte counts, required mnemonic groups, no duplicates. The corpus itself is produced by
// test/fixtures/encodings/generate.ts from llvm-mc 14 and GNU as 2.47; CI only reads it.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readDisassembly, readGoldens, type GoldenLine } from './helpers/goldens.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'encodings');
const classic = readGoldens(join(DIR, 'classic.golden'));
const msp430x = readGoldens(join(DIR, 'msp430x.golden'));
const disasm = readDisassembly(join(DIR, 'msp430x.objdump'));

const FMT1 = [
  'mov',
  'add',
  'addc',
  'subc',
  'sub',
  'cmp',
  'dadd',
  'bit',
  'bic',
  'bis',
  'xor',
  'and',
];
const JUMPS = ['jne', 'jnz', 'jeq', 'jz', 'jnc', 'jlo', 'jc', 'jhs', 'jn', 'jge', 'jl', 'jmp'];
const EMULATED = [
  'nop',
  'clr',
  'inc',
  'incd',
  'dec',
  'decd',
  'tst',
  'inv',
  'rla',
  'rlc',
  'adc',
  'sbc',
  'dadc',
  'br',
  'ret',
  'pop',
  'setc',
  'clrc',
  'setn',
  'clrn',
  'setz',
  'clrz',
  'eint',
  'dint',
];

/** The mnemonic (with size suffix) of a line, skipping a `rpt ... {` prefix. */
function mnemonic(source: string): string {
  const s = source.replace(/^rpt #?\w+ \{ /, '');
  return s.split(' ')[0] ?? '';
}
function mnemonics(lines: GoldenLine[]): Set<string> {
  return new Set(lines.map((l) => mnemonic(l.source)));
}
const bare = (m: string): string => m.split('.')[0] ?? '';

describe('golden encoding corpus', () => {
  it('is large enough', () => {
    expect(classic.length + msp430x.length).toBeGreaterThanOrEqual(600);
    expect(classic.length).toBeGreaterThanOrEqual(300);
    expect(msp430x.length).toBeGreaterThanOrEqual(300);
  });

  it.each([
    ['classic.golden', classic],
    ['msp430x.golden', msp430x],
  ])('%s: every line has 1-4 words of bytes and lowercase source', (_name, lines) => {
    for (const l of lines) {
      expect(l.bytes.length % 2, l.source).toBe(0);
      expect(l.bytes.length, l.source).toBeGreaterThanOrEqual(2);
      expect(l.bytes.length, l.source).toBeLessThanOrEqual(8);
      expect(l.source, l.source).toBe(l.source.toLowerCase());
    }
  });

  it.each([
    ['classic.golden', classic],
    ['msp430x.golden', msp430x],
  ])('%s: has no duplicate source lines', (_name, lines) => {
    const seen = new Set<string>();
    const dups = lines.filter((l) => seen.size === seen.add(l.source).size).map((l) => l.source);
    expect(dups).toEqual([]);
  });

  it('classic words are at most 3 and origins are known', () => {
    for (const l of classic) {
      expect(l.bytes.length, l.source).toBeLessThanOrEqual(6);
      expect([undefined, 'gnu-as']).toContain(l.origin);
    }
    expect(msp430x.every((l) => l.origin === undefined)).toBe(true);
  });

  it('classic covers every Format I, Format II, jump and emulated mnemonic', () => {
    const m = mnemonics(classic);
    for (const op of FMT1) for (const sz of ['.w', '.b']) expect(m, op + sz).toContain(op + sz);
    for (const op of [
      'rrc.w',
      'rrc.b',
      'rra.w',
      'rra.b',
      'push.w',
      'push.b',
      'swpb',
      'sxt',
      'call',
    ]) {
      expect(m, op).toContain(op);
    }
    expect(m).toContain('reti');
    const b = new Set([...m].map(bare));
    for (const j of JUMPS) expect(b, j).toContain(j);
    for (const e of EMULATED) expect(b, e).toContain(e);
    // the llvm-mc gaps are covered from GNU as
    expect(classic.some((l) => l.origin === 'gnu-as' && l.source.startsWith('push.w @r7+'))).toBe(
      true,
    );
  });

  it('classic Format I covers every source mode × destination mode × size', () => {
    // UG367 Table 4-3: seven source modes (the constant generator is an immediate here), four
    // destination modes. The cross product must stay whole when the corpus is regenerated.
    const SOURCES = ['Rn', 'x(Rn)', 'symbolic', '&abs', '@Rn', '@Rn+', '#imm'];
    const DESTINATIONS = ['Rn', 'x(Rn)', 'symbolic', '&abs'];
    const mode = (operand: string): string => {
      if (/^(r\d+|pc|sp|sr|cg)$/.test(operand)) return 'Rn';
      if (/^@\w+\+$/.test(operand)) return '@Rn+';
      if (/^@\w+$/.test(operand)) return '@Rn';
      if (operand.startsWith('#')) return '#imm';
      if (operand.startsWith('&')) return '&abs';
      if (/\(\w+\)$/.test(operand)) return 'x(Rn)';
      return 'symbolic';
    };
    const seen = new Map<string, Set<string>>();
    for (const l of classic) {
      const [m = '', ...rest] = l.source.split(' ');
      const [name = '', size = 'w'] = m.split('.');
      if (!FMT1.includes(name)) continue;
      const [src = '', dst = ''] = rest.join(' ').split(', ');
      const key = `${name}.${size}`;
      if (!seen.has(key)) seen.set(key, new Set());
      seen.get(key)!.add(`${mode(src)} → ${mode(dst)}`);
    }
    const all = SOURCES.flatMap((src) => DESTINATIONS.map((dst) => `${src} → ${dst}`)).sort();
    for (const name of FMT1) {
      for (const size of ['w', 'b']) {
        expect([...(seen.get(`${name}.${size}`) ?? [])].sort(), `${name}.${size}`).toEqual(all);
      }
    }
  });

  it('msp430x covers the extended, address and multi-register instructions', () => {
    const m = mnemonics(msp430x);
    for (const op of FMT1) {
      for (const sz of ['.a', '.w', '.b']) expect(m, `${op}x${sz}`).toContain(`${op}x${sz}`);
    }
    const required = [
      'rrcx.a',
      'rrax.w',
      'rrux.b',
      'swpbx.a',
      'sxtx.w',
      'pushx.a',
      'mova',
      'cmpa',
      'adda',
      'suba',
      'calla',
      'bra',
      'reta',
      'pushm.a',
      'pushm.w',
      'popm.a',
      'popm.w',
      'rrcm.a',
      'rram.w',
      'rlam.a',
      'rrum.w',
      'popx.w',
      'clrx.a',
      'tstx.b',
    ];
    for (const r of required) expect(m, r).toContain(r);
    expect(msp430x.some((l) => l.source.startsWith('rpt #'))).toBe(true);
    expect(msp430x.some((l) => l.source.startsWith('rpt r'))).toBe(true);
    // 20-bit operands are present
    expect(msp430x.some((l) => l.source.includes('0x12345'))).toBe(true);
  });

  it('pins the known-good encodings of msp430x.md §5.6', () => {
    const byLine = new Map(msp430x.map((l) => [l.source, l.bytes]));
    expect(byLine.get('pushm.w #4, r10')).toEqual([0x3a, 0x15]);
    expect(byLine.get('calla r12')).toEqual([0x4c, 0x13]);
    expect(byLine.get('reta')).toEqual([0x10, 0x01]);
    expect(byLine.get('movx.a #0x12345, r12')).toEqual([0x80, 0x18, 0x7c, 0x40, 0x45, 0x23]);
    expect(byLine.get('rpt #3 { rrax.w r12')).toEqual([0x42, 0x18, 0x0c, 0x11]);
  });

  it('the objdump golden lists every msp430x line with the same bytes', () => {
    expect(disasm.map((d) => [d.source, d.bytes])).toEqual(msp430x.map((l) => [l.source, l.bytes]));
    expect(disasm.every((d) => d.text.length > 0)).toBe(true);
  });

  it('headers record generator, tools and the 0x4400 rule', () => {
    for (const f of ['classic.golden', 'msp430x.golden']) {
      const head = readFileSync(join(DIR, f), 'utf8');
      expect(head).toContain('generate.ts');
      expect(head).toContain('every line is assembled as the only instruction at address 0x4400');
      expect(head).toMatch(/GNU assembler \(\S+\) 2\.47/);
    }
    expect(readFileSync(join(DIR, 'classic.golden'), 'utf8')).toMatch(/LLVM version 14\./);
  });
});
