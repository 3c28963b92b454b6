/**
 * CPUXv2 cycle rules of the instruction table, checked against literal numbers from UG367
 * Tables 4-8 to 4-10 and 4-17 to 4-19 (transcribed in msp430x.md §6). The CPU specs check the
 * same numbers through execution; these pin the table alone.
 */

import { describe, expect, it } from 'vitest';
import { decodeWords, instructionCycles } from '../../../emulator/isa/index.js';

const BASE = 0x4400;

function cyclesOf(words: number[], executions = 1): number {
  const decoded = decodeWords(words, BASE);
  if (!decoded.ok) throw new Error(decoded.errors[0]?.message);
  return instructionCycles(decoded.value, executions);
}

describe('commonly emitted forms (msp430x.md §6.10, from UG367 tables)', () => {
  it.each([
    ['nop = mov #0, r3', [0x4303], 1],
    ['inc r4 = add #1, r4 (constant generator is a register source)', [0x5314], 1],
    ['add #8, r4', [0x5234], 1],
    ['clr r4', [0x4304], 1],
    ['mov #0x1234, r5', [0x4035, 0x1234], 2],
    ['pop r5 = mov @sp+, r5', [0x4135], 2],
    ['mov r5, &0x1c00', [0x4582, 0x1c00], 3],
    ['mov &0x1c00, &0x1c02', [0x4292, 0x1c00, 0x1c02], 5],
    ['add r5, &0x1c00', [0x5582, 0x1c00], 4],
    ['add &0x1c00, &0x1c02', [0x5292, 0x1c00, 0x1c02], 6],
    ['clr &0x1c00', [0x4382, 0x1c00], 3],
    ['add #1, &0x1200', [0x5392, 0x1200], 4],
    ['mov &0x1200, r4', [0x4214, 0x1200], 3],
    ['mov &0x04ca, r12 (MOV &RESLO,R12)', [0x421c, 0x04ca], 3],
    ['br r5 = mov r5, pc', [0x4500], 3],
    ['br #0x4400', [0x4030, 0x4400], 3],
    ['br @r5', [0x4520], 4],
    ['br &0x1c00', [0x4210, 0x1c00], 5],
    ['ret = mov @sp+, pc', [0x4130], 4],
    ['reti', [0x1300], 5],
    ['call #0x4400', [0x12b0, 0x4400], 4],
    ['call r5', [0x1285], 4],
    ['call &0x1c00', [0x1292, 0x1c00], 6],
    ['push r5', [0x1205], 3],
    ['push #0x1234', [0x1230, 0x1234], 3],
    ['rra r5', [0x1105], 1],
    ['rra 2(r5)', [0x1115, 0x0002], 4],
    ['jmp $', [0x3fff], 2],
    ['jne $', [0x23ff], 2],
    ['calla #0x12345', [0x13b1, 0x2345], 5],
    ['reta', [0x0110], 5],
    ['pushm.w #4, r10', [0x153a], 6],
    ['pushm.a #2, r10', [0x141a], 6],
    ['popm.w #3, r10', [0x1728], 5],
    ['rlam.w #4, r6', [0x0e56], 4],
    ['mova #0x12345, r13', [0x018d, 0x2345], 2],
    ['cmpa #0x12345, r13', [0x019d, 0x2345], 3],
    ['mova r5, r6', [0x05c6], 1],
    ['bra r5 = mova r5, pc', [0x05c0], 3],
    ['addx.a r12, r13', [0x1800, 0x5c4d], 2],
    ['movx.a #0x12345, r12', [0x1880, 0x407c, 0x2345], 3],
    ['movx.w &0x14000, r13', [0x18c0, 0x421d, 0x4000], 4],
  ])('%s takes %#d cycles', (_, words, cycles) => {
    expect(cyclesOf(words)).toBe(cycles);
  });

  it('a repeated extended instruction takes n + 1 cycles (UG367 Table 4-18, note 1)', () => {
    expect(cyclesOf([0x1843, 0x5b0b], 4)).toBe(5);
    expect(cyclesOf([0x1842, 0x110c], 3)).toBe(4);
  });
});
