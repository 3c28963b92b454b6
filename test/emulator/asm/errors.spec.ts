// Errors: every kind carries file, 1-based line and column, a message and where useful what was
// expected; all errors of a file are reported.
import { describe, expect, it } from 'vitest';

import { assemble, type AsmError, type AssembleOptions } from '../../../emulator/asm/index.js';

function errors(source: string, options: AssembleOptions = {}): AsmError[] {
  const r = assemble(source, { fileName: 'bad.s', ...options });
  if (r.ok) throw new Error('expected the assembly to fail');
  return [...r.errors];
}

function where(source: string, options: AssembleOptions = {}): [number, number, string][] {
  return errors(source, options).map((e) => [e.line, e.column, e.message]);
}

describe('assembler errors', () => {
  const cases: [string, string, [number, number, string][]][] = [
    ['undefined symbol', ' nop\n mov #nowhere, r5\n', [[2, 7, "undefined symbol 'nowhere'"]]],
    [
      'duplicate label',
      'a: nop\na: nop\n',
      [[2, 1, "duplicate label 'a' (first defined at bad.s:1)"]],
    ],
    ['unknown mnemonic', ' nop\n frob r5\n', [[2, 2, "unknown mnemonic 'frob'"]]],
    ['unknown directive', ' .frob 1\n', [[1, 2, "unknown directive '.frob'"]]],
    ['bad size suffix', ' mov.q r5, r6\n', [[1, 2, "unknown size suffix '.q'"]]],
    ['suffix on a fixed-size form', ' swpb.b r5\n', [[1, 2, 'swpb has no .b form']]],
    [
      'immediate destination',
      ' mov r5, #3\n',
      [[1, 10, 'mov does not accept an immediate as destination']],
    ],
    [
      'indirect destination',
      ' add @r5, @r6\n',
      [[1, 11, 'add does not accept an indirect operand as destination']],
    ],
    ['operand count', ' mov r5\n', [[1, 2, 'mov takes 2 operands, not 1']]],
    ['not a register', ' mov @r16, r5\n', [[1, 7, "'r16' is not a register"]]],
    ['value out of range', ' mov #0x12345, r5\n', [[1, 7, 'value 74565 is out of range']]],
    [
      'jump out of range',
      ' jmp far\n .space 2000\nfar: nop\n',
      [[1, 6, 'jump target is 1000 words away']],
    ],
    ['odd jump target', ' jmp 3\n', [[1, 6, 'jump target 0x4005 is odd']]],
    ['repeat count', ' rpt #17 { rrax r5\n', [[1, 7, 'repeat count 17 is out of range']]],
    [
      'rpt on a classic instruction',
      ' rpt #2 { rra r5\n',
      [[1, 6, 'rpt applies to MSP430X instructions only, not rra']],
    ],
    [
      'rpt without an instruction',
      ' rpt #2\n .word 1\n',
      [[1, 6, 'rpt is not followed by an instruction']],
    ],
    ['bad expression', ' .word 1 +\n', [[1, 11, 'missing expression']]],
    ['unbalanced parenthesis', ' .word (1\n', [[1, 10, 'missing )']]],
    ['division by zero', ' .word 1/0\n', [[1, 9, 'division by zero']]],
    ['byte out of range', ' .byte 300\n', [[1, 8, 'value 300 does not fit in 8 bits']]],
    ['unterminated string', ' .ascii "abc\n', [[1, 9, 'unterminated string']]],
    ['negative space', ' .space -1\n', [[1, 9, 'negative size -1']]],
    ['huge space', ' .space 0x7fffffff\n', [[1, 9, 'size 2147483647 exceeds 1048576 bytes']]],
    ['bad alignment', ' .balign 3\n', [[1, 10, 'alignment 3 is not a power of two up to 65536']]],
    [
      '.org backwards',
      ' .word 1, 2\n .org 2\n',
      [[2, 7, '.org would move the location counter backwards']],
    ],
    ['r2 as index', ' mov 2(r2), r5\n', [[1, 6, 'r2 cannot be used as an index register']]],
    ['odd instruction address', ' .byte 1\n nop\n', [[2, 2, 'instruction at an odd address']]],
    ['missing include', ' .include "nope.inc"\n', [[1, 11, "cannot read include file 'nope.inc'"]]],
  ];
  for (const [name, source, expected] of cases) {
    it(`reports ${name}`, () => {
      expect(where(source)).toEqual(expected);
    });
  }

  it('says what was expected and where, as an AsmError', () => {
    const [e] = errors(' mov #1\n');
    expect(e).toEqual({
      kind: 'asm',
      file: 'bad.s',
      line: 1,
      column: 2,
      message: 'mov takes 2 operands, not 1',
      expected: '2 operands',
    });
  });

  it('reports every error of a file, not just the first', () => {
    const src = [' nop', ' frob', ' mov #x, r5', 'a: nop', 'a: nop', ' .bogus', ' jmp 3'].join(
      '\n',
    );
    expect(where(src).map(([line]) => line)).toEqual([2, 3, 5, 6, 7]);
  });

  it('reports errors inside included files with their own name and line', () => {
    const files: Record<string, string> = { 'inc.s': ' nop\n mov r5\n' };
    const e = errors(' .include "inc.s"\n', { readInclude: (p) => files[p] });
    expect(e.map((x) => [x.file, x.line])).toEqual([['inc.s', 2]]);
  });

  it('stops include cycles and runaway nesting', () => {
    const cycle = { 'a.s': ' .include "b.s"\n', 'b.s': ' .include "a.s"\n' } as Record<
      string,
      string
    >;
    const e = errors(' .include "a.s"\n', { readInclude: (p) => cycle[p] });
    expect(e.map((x) => [x.file, x.message])).toEqual([['b.s', "'a.s' includes itself"]]);
    const deep = errors(' .include "d0"\n', {
      readInclude: (p) => ` .include "d${Number(p.slice(1)) + 1}"\n`,
    });
    expect(deep.map((x) => x.message)).toEqual(['includes nested deeper than 16']);
  });

  it('rejects an expression nested too deeply without overflowing the stack', () => {
    const e = errors(` .word ${'('.repeat(5000)}1${')'.repeat(5000)}\n`);
    expect(e[0]?.message).toMatch(/nested deeper than 64/);
  });

  it('rejects a size that depends on labels defined later', () => {
    const e = errors(' .space b - a\na: nop\nb: nop\n .space 0\n');
    expect(e.map((x) => x.message)).toContain('a size must not depend on symbols defined later');
  });
});
