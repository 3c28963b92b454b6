// The example kernel kernels/examples/dot16.s against its plain TypeScript twin, called through
// the kernel-testing API on the emulated FR5994 (MPY32 in MACS mode).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { loadProgramFile } from '../../../runtime/testing/node.js';

const program = loadProgramFile(join(import.meta.dirname, '../../../kernels/examples/dot16.s'), {
  strict: true,
});

/** The twin: the 32-bit sum of products, wrapping like the MPY32 accumulator. */
function dot16(a: readonly number[], b: readonly number[]): number {
  return a.reduce((sum, x, i) => (sum + x * (b[i] ?? 0)) | 0, 0);
}

describe('kernels/examples/dot16.s', () => {
  it.each([
    ['no elements', [], []],
    ['one element', [3], [-7]],
    ['mixed signs', [3, -7, 1000, 12, 5, 0, 99], [-2, 4, 30, -12, 5, 1234, -1]],
    ['extremes', [-32768, -32768, 32767], [-32768, 32767, 32767]],
  ])('matches the twin: %s', (_, a, b) => {
    program.freeBuffers();
    const va = program.alloc('i16', a, { name: 'a' });
    const vb = program.alloc('i16', b, { name: 'b' });
    const r = program.call('dot16', [va, vb, a.length], { returns: 'i32' });
    expect(r.value).toBe(dot16(a, b));
    expect(r.registers[12]).toBe(dot16(a, b) & 0xffff);
  });

  // UG367 Tables 4-8 to 4-10 (msp430x.md §6): setup CLR &abs ×2 (3 each: MOV #CG to &abs),
  // TST Rn (1), JZ (2) = 9; per element MOV @Rn+,&abs ×2 (4 each: MOV to memory is one less),
  // DEC Rn (1), JNZ (2) = 11; exit MOV &abs,Rn ×2 (3 each), RET (4) = 10.
  it('costs 19 + 11 n cycles (RET included, CALL not)', () => {
    program.freeBuffers();
    for (const n of [0, 1, 2, 10]) {
      const v = program.alloc('i16', n);
      expect(program.call('dot16', [v, v, n], { returns: 'i32' }).cycles).toBe(19 + 11 * n);
    }
  });
});
