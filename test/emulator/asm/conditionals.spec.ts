// Conditional assembly (.if/.elseif/.else/.endif, .ifdef/.ifndef) and macros (.macro/.endm).
import { describe, expect, it } from 'vitest';

import { assemble } from '../../../emulator/asm/index.js';
import { build, bytesOf, hex } from './helpers.js';

function errorsOf(source: string, defines?: Record<string, number>): string[] {
  const r = assemble(source, { fileName: 'c.s', ...(defines ? { defines } : {}) });
  return r.ok ? [] : r.errors.map((e) => `${e.line}:${e.column}: ${e.message}`);
}

describe('conditional assembly', () => {
  const select = `
    .if MODE == 1
      .word 1
    .elseif MODE == 2
      .word 2
    .else
      .word 3
    .endif
  `;

  it.each([
    [1, '01 00'],
    [2, '02 00'],
    [7, '03 00'],
  ])('takes the branch for MODE = %i from the options', (mode, bytes) => {
    expect(bytesOf(select, { defines: { MODE: mode } })).toEqual(hex(bytes));
  });

  it('reads values defined earlier with .equ', () => {
    expect(bytesOf(`.equ MODE, 2\n${select}`)).toEqual(hex('02 00'));
  });

  it('nests, and skips the inner branches of an outer branch not taken', () => {
    const src = `
      .if A
        .if B
          .word 0x11
        .else
          .word 0x10
        .endif
      .else
        .if B
          .word 0x01
        .endif
        .word 0x00
      .endif
    `;
    expect(bytesOf(src, { defines: { A: 1, B: 0 } })).toEqual(hex('10 00'));
    expect(bytesOf(src, { defines: { A: 0, B: 1 } })).toEqual(hex('01 00 00 00'));
  });

  it('tests whether a symbol is defined with .ifdef and .ifndef', () => {
    const src = '.ifdef X\n.word 1\n.endif\n.ifndef X\n.word 2\n.endif\n';
    expect(bytesOf(src, { defines: { X: 0 } })).toEqual(hex('01 00'));
    expect(bytesOf(src)).toEqual(hex('02 00'));
    expect(bytesOf(`.equ X, 5\n${src}`)).toEqual(hex('01 00'));
  });

  it('ignores labels, instructions and errors in a branch not taken', () => {
    const src = `
      .if 0
      skipped: mov #1, r5
        bogus r5
      .endif
      kept: mov #2, r5
    `;
    const a = build(src, { sectionStarts: { '.text': 0x4400 } });
    expect(a.image.symbols.map((s) => s.name)).toEqual(['kept']);
    expect([...(a.image.segments[0]?.data ?? [])]).toEqual(hex('25 43'));
  });

  it('lays out labels after a conditional block in every pass', () => {
    const src = `
      .if WIDE
        mov #0x1234, r5
      .endif
      jmp end
      nop
      end: nop
    `;
    expect(bytesOf(src, { defines: { WIDE: 1 } })).toEqual(hex('35 40 34 12 01 3c 03 43 03 43'));
    expect(bytesOf(src, { defines: { WIDE: 0 } })).toEqual(hex('01 3c 03 43 03 43'));
  });

  it('reports an unterminated .if with its location', () => {
    expect(errorsOf('  nop\n  .if 1\n  nop\n')).toEqual(['2:3: .if without .endif']);
  });

  it('reports a stray .endif, .else and .elseif', () => {
    expect(errorsOf(' .endif\n')).toEqual(['1:2: .endif without .if']);
    expect(errorsOf(' .else\n')).toEqual(['1:2: .else without .if']);
    expect(errorsOf(' .elseif 1\n')).toEqual(['1:2: .elseif without .if']);
  });

  it('reports a second .else', () => {
    expect(errorsOf('.if 1\n.else\n.else\n.endif\n')).toEqual(['3:1: .else after .else']);
  });

  it('refuses a condition that depends on a later symbol', () => {
    expect(errorsOf('.if later\n.endif\nlater: nop\n')).toEqual([
      '1:5: condition must not depend on symbols defined later',
    ]);
  });

  it('reports an undefined symbol in a condition', () => {
    expect(errorsOf('.if NOPE\n.endif\n')).toHaveLength(1);
  });
});

describe('macros', () => {
  it('substitutes parameters, defaults and \\@', () => {
    const src = `
      .macro addk reg, k=1
      add #\\k, \\reg
      .endm
      addk r5
      addk r6, 0x100
    `;
    expect(bytesOf(src)).toEqual(hex('15 53 36 50 00 01'));
  });

  it('gives each expansion unique labels with \\@ and joins text with \\()', () => {
    const src = `
      .macro spin reg
      loop\\@: dec \\reg
      jnz loop\\@
      .word \\reg\\()_val
      .endm
      .equ r5_val, 7
      spin r5
      spin r5
    `;
    const a = build(src, { sectionStarts: { '.text': 0x4400 } });
    const names = a.image.symbols.map((s) => s.name);
    expect(names).toContain('loop0');
    expect(names).toContain('loop1');
    expect([...(a.image.segments[0]?.data ?? [])]).toEqual(
      hex('15 83 fe 23 07 00 15 83 fe 23 07 00'),
    );
  });

  it('combines with conditionals inside the body', () => {
    const src = `
      .macro pick v
      .if \\v
      .word 0xaaaa
      .else
      .word 0xbbbb
      .endif
      .endm
      pick 1
      pick 0
    `;
    expect(bytesOf(src)).toEqual(hex('aa aa bb bb'));
  });

  it('expands macros that invoke other macros', () => {
    const src = `
      .macro one
      .word 1
      .endm
      .macro two
      one
      one
      .endm
      two
    `;
    expect(bytesOf(src)).toEqual(hex('01 00 01 00'));
  });

  it('reports a missing argument, extra arguments, a missing .endm and a stray .endm', () => {
    expect(errorsOf('.macro m a\n.word \\a\n.endm\n m\n')).toEqual(["4:2: macro 'm' needs 'a'"]);
    expect(errorsOf('.macro m\n.endm\n m 1\n')).toEqual([
      "3:4: macro 'm' takes 0 arguments, got 1",
    ]);
    expect(errorsOf('.macro m\n.word 1\n')).toEqual(["1:1: .macro 'm' has no .endm"]);
    expect(errorsOf(' .endm\n')).toEqual(['1:2: .endm without .macro']);
  });

  it('stops a macro that invokes itself', () => {
    expect(errorsOf('.macro r\nr\n.endm\nr\n')[0]).toMatch(/nested deeper than 64/);
  });
});
