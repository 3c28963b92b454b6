// Argument passing of the kernel-testing API against the MSP430 EABI (TI SLAA534A §3.4): the
// placement rules on their own, then tiny assembly callees that read their arguments from where
// the EABI puts them.
import { describe, expect, it } from 'vitest';

import {
  type Arg,
  i16,
  i32,
  loadProgram,
  placeArguments,
  ptr,
  ptr20,
  u16,
  u32,
} from '../../../runtime/testing/index.js';

describe('placeArguments', () => {
  it.each<[string, Arg[], string[], number[]]>([
    ['one int', [i16(1)], ['R12'], []],
    ['four ints', [i16(1), i16(2), i16(3), i16(4)], ['R12', 'R13', 'R14', 'R15'], []],
    // SLAA534A example: func1(int a0, long a1, int a2) → R12, R13:R14, R15 (unaligned pair).
    ['int, long, int', [i16(1), i32(0x20003), i16(4)], ['R12', 'R13:R14', 'R15'], []],
    // SLAA534A example: func1(int a0, long a1, long a2) → a2 split between R15 and the stack.
    [
      'int, long, long',
      [i16(1), i32(0x20003), i32(0x50004)],
      ['R12', 'R13:R14', 'R15 + 0(SP)'],
      [5],
    ],
    ['long, long, long', [i32(1), i32(2), i32(0x70006)], ['R12:R13', 'R14:R15', '0(SP)'], [6, 7]],
    [
      'six ints',
      [i16(1), i16(2), i16(3), i16(4), i16(5), i16(6)],
      ['R12', 'R13', 'R14', 'R15', '0(SP)', '2(SP)'],
      [5, 6],
    ],
    // Once the stack is in use nothing is split: the last long goes to the stack whole.
    [
      'int ×3, long, long',
      [i16(1), i16(2), i16(3), i32(0x50004), i32(0x70006)],
      ['R12', 'R13', 'R14', 'R15 + 0(SP)', '2(SP)'],
      [5, 6, 7],
    ],
    ['20-bit pointer', [ptr20(0x12345)], ['R12'], []],
  ])('%s', (_, args, locations, stack) => {
    const placed = placeArguments(args);
    expect(placed.locations).toEqual(locations);
    expect(placed.stack).toEqual(stack);
  });

  it('stores 32-bit values low word first and wraps negative values', () => {
    const placed = placeArguments([i32(-2)]);
    expect([...placed.registers]).toEqual([
      [12, 0xfffe],
      [13, 0xffff],
    ]);
  });
});

// Each callee combines its arguments so that a value in the wrong place changes the result.
const CALLEES = `
        .text
; int16 first(int16 a): a
first:  ret
; int16 sub2(int16 a, int16 b): a - b
sub2:   sub     r13, r12
        ret
; int16 mix3(int16 a, int16 b, int16 c): a - 2b + c
mix3:   sub     r13, r12
        sub     r13, r12
        add     r14, r12
        ret
; int32 add32(int32 a, int32 b): a + b
add32:  add     r14, r12
        addc    r15, r13
        ret
; int32 wordwise(int16 a, int32 b, int16 c): low = lo(b) + a, high = hi(b) - c
wordwise:
        add     r12, r13
        sub     r15, r14
        mov     r13, r12
        mov     r14, r13
        ret
; int16 six(int16 a..f): a - b + c - d + e - f; e and f on the stack
six:    sub     r13, r12
        add     r14, r12
        sub     r15, r12
        add     2(r1), r12
        sub     4(r1), r12
        ret
; int32 splitc(int16 a, int32 b, int32 c): c (low word in R15, high word at 2(SP))
splitc: mov     r15, r12
        mov     2(r1), r13
        ret
; int32 third32(int32 a, int32 b, int32 c): c, all on the stack
third32:
        mov     2(r1), r12
        mov     4(r1), r13
        ret
; int32 five(int16 a, b, c, int32 d, int32 e): d + e + (uint16)(a - b + c)
; d is split (low word in R15, high word at 2(SP)), e is on the stack at 4(SP) and 6(SP).
five:   sub     r13, r12
        add     r14, r12
        mov     r15, r13
        mov     2(r1), r14
        add     4(r1), r13
        addc    6(r1), r14
        add     r12, r13
        adc     r14
        mov     r13, r12
        mov     r14, r13
        ret
; uint16 sum20(20-bit pointer p): p[0] + p[1]
sum20:  movx.w  @r12+, r13
        addx.w  @r12, r13
        mov     r13, r12
        reta
`;

const program = loadProgram(CALLEES, { fileName: 'eabi.s', strict: true });

describe('call: arguments reach the callee where the EABI puts them', () => {
  it('1 argument in R12', () => {
    expect(program.call('first', [-9]).value).toBe(-9);
  });

  it('2 arguments in R12, R13', () => {
    expect(program.call('sub2', [i16(100), u16(30)]).value).toBe(70);
  });

  it('3 arguments in R12, R13, R14', () => {
    expect(program.call('mix3', [10, 3, -1]).value).toBe(3);
  });

  it('two 32-bit arguments in R12:R13 and R14:R15, 32-bit result in R12:R13', () => {
    const r = program.call('add32', [i32(0x12345678), i32(-0x1000)], { returns: 'i32' });
    expect(r.value).toBe(0x12345678 - 0x1000);
    expect(program.call('add32', [u32(0xffffffff), i32(2)], { returns: 'u32' }).value).toBe(1);
  });

  it('a 32-bit argument in the unaligned pair R13:R14', () => {
    const r = program.call('wordwise', [i16(5), i32(0x00300010), i16(2)], { returns: 'u32' });
    expect(r.value).toBe(0x002e0015);
  });

  it('6 arguments: four in registers, two on the stack at 2(SP) and 4(SP)', () => {
    expect(program.call('six', [1, 2, 3, 4, 50, 6]).value).toBe(1 - 2 + 3 - 4 + 50 - 6);
  });

  it('a 32-bit argument split between R15 and the stack', () => {
    const r = program.call('splitc', [1, i32(2), i32(-123456)], { returns: 'i32' });
    expect(r.value).toBe(-123456);
  });

  it('5 arguments: a split 32-bit one, then a 32-bit one wholly on the stack', () => {
    const [a, b, c, d, e] = [7, -3, 1000, 0x0001ffff, -0x20000];
    const r = program.call('five', [a, b, c, i32(d), i32(e)], { returns: 'i32' });
    expect(r.value).toBe((d + e + ((a - b + c) & 0xffff)) | 0);
  });

  it('a third 32-bit argument wholly on the stack', () => {
    const r = program.call('third32', [i32(1), i32(2), i32(0x7abcdef0)], { returns: 'i32' });
    expect(r.value).toBe(0x7abcdef0);
  });

  it('a 20-bit pointer in one register, called with CALLA and returning with RETA', () => {
    const p = program.alloc('u16', [1000, 234], { region: 'hifram' });
    const r = program.call('sum20', [ptr20(p)], { convention: 'calla', returns: 'u16' });
    expect(r.value).toBe(1234);
  });

  it('reads buffers passed as pointers', () => {
    const b = program.alloc('i16', [42]);
    expect(program.call('first', [ptr(b)], { returns: 'ptr' }).value).toBe(b.address);
    expect(program.call('first', [b], { returns: 'u16' }).value).toBe(b.address);
  });
});
