// Robustness: seeded random texts (random tokens, mnemonics with random operands, random bytes)
// never make `assemble` throw or hang; it always returns a Result.
import { describe, expect, it } from 'vitest';

import { assemble } from '../../../emulator/asm/index.js';
import { EMULATED, INSTRUCTIONS } from '../../../emulator/isa/index.js';
import { mulberry32 } from '../../helpers/random.js';

const MNEMONICS = [
  ...new Set([...INSTRUCTIONS.map((f) => f.mnemonic), ...EMULATED.map((e) => e.mnemonic)]),
  'rpt',
  'jz',
  'rrux',
];
const DIRECTIVES = [
  '.word',
  '.byte',
  '.long',
  '.quad',
  '.ascii',
  '.asciz',
  '.string',
  '.space',
  '.skip',
  '.fill',
  '.align',
  '.balign',
  '.p2align',
  '.org',
  '.equ',
  '.set',
  '.section',
  '.text',
  '.data',
  '.bss',
  '.global',
  '.type',
  '.size',
  '.include',
  '.usect',
  '.sect',
  '.cstring',
  '.pushsection',
  '.popsection',
  '.previous',
  '.end',
  '.even',
  '.comm',
  '.zero',
  '.bogus',
];
const SUFFIXES = ['', '', '.b', '.w', '.a', '.x'];
const TOKENS = [
  'r0',
  'r5',
  'r15',
  'r16',
  'pc',
  'sp',
  'sr',
  '#',
  '&',
  '@',
  '+',
  '-',
  '*',
  '/',
  '(',
  ')',
  ',',
  '{',
  '}',
  ':',
  ';',
  '"',
  "'",
  '$',
  '.',
  '1b',
  '1f',
  '0x',
  '0b2',
  '0FFh',
  '99999999999999',
  'label',
  '.Ltmp',
  '<<',
  '>>',
  '&&',
  '||',
  '!',
  '~',
  '/*',
  '*/',
  '//',
  '\\',
  '=',
  '==',
];

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)] as T;
}

function number(r: () => number): string {
  const n = Math.floor((r() - 0.3) * 2 ** Math.floor(r() * 24));
  return r() < 0.5 ? String(n) : `0x${(n >>> 0).toString(16)}`;
}

function operand(r: () => number): string {
  const reg = `r${Math.floor(r() * 17)}`;
  switch (Math.floor(r() * 9)) {
    case 0:
      return reg;
    case 1:
      return `#${number(r)}`;
    case 2:
      return `&${number(r)}`;
    case 3:
      return `${number(r)}(${reg})`;
    case 4:
      return `@${reg}`;
    case 5:
      return `@${reg}+`;
    case 6:
      return pick(r, ['label', 'other', '.+4', '$-2', '1b', '1f']);
    case 7:
      return `${pick(r, ['label', '3', '.'])} ${pick(r, ['+', '-', '*', '<<'])} ${number(r)}`;
    default:
      return pick(r, TOKENS);
  }
}

function line(r: () => number): string {
  const kind = r();
  const label = r() < 0.2 ? `${pick(r, ['label', 'other', '1', '2', 'x'])}: ` : '';
  if (kind < 0.45) {
    const n = Math.floor(r() * 3);
    const ops = Array.from({ length: n }, () => operand(r)).join(', ');
    return `${label} ${pick(r, MNEMONICS)}${pick(r, SUFFIXES)} ${ops}`;
  }
  if (kind < 0.7) {
    const n = Math.floor(r() * 4);
    const args = Array.from({ length: n }, () => (r() < 0.2 ? '"str\\n"' : operand(r)));
    return `${label} ${pick(r, DIRECTIVES)} ${args.join(', ')}`;
  }
  if (kind < 0.85) {
    return Array.from({ length: Math.floor(r() * 8) }, () => pick(r, TOKENS)).join(' ');
  }
  return Array.from({ length: Math.floor(r() * 40) }, () =>
    String.fromCharCode(Math.floor(r() * 256)),
  ).join('');
}

describe('assemble on random input', () => {
  it('returns a Result for 2,000 random texts without throwing, quickly', () => {
    const started = Date.now();
    let okCount = 0;
    for (let seed = 1; seed <= 2000; seed++) {
      const r = mulberry32(seed);
      const text = Array.from({ length: 1 + Math.floor(r() * 12) }, () => line(r)).join('\n');
      const dialect = r() < 0.7 ? 'gnu' : 'ti';
      const t0 = Date.now();
      let result: ReturnType<typeof assemble>;
      try {
        result = assemble(text, {
          dialect,
          readInclude: (p) => (p.length % 2 === 0 ? text : undefined),
        });
      } catch (e) {
        throw new Error(`seed ${seed} threw ${String(e)}:\n${text}`);
      }
      expect(Date.now() - t0, `seed ${seed} took too long`).toBeLessThan(2000);
      expect(typeof result.ok).toBe('boolean');
      if (result.ok) okCount++;
      else {
        for (const e of result.errors) {
          expect(e.kind).toBe('asm');
          expect(e.line).toBeGreaterThanOrEqual(1);
          expect(e.column).toBeGreaterThanOrEqual(1);
          expect(e.message).not.toMatch(/internal assembler error/);
        }
      }
    }
    expect(okCount).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
