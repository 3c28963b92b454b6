import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { loadProgram, seededRandom } from 'unit430/testing';

const path = join(import.meta.dirname, '../../kernels/examples/dot_sat.s');
const program = loadProgram(readFileSync(path, 'utf8'), { fileName: path, strict: true });

/** The TypeScript reference: 32-bit sum of products (wrapping), saturated to int16. */
function dotSat(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum = (sum + a[i]! * b[i]!) | 0;
  return Math.max(-32768, Math.min(32767, sum));
}

function run(a: readonly number[], b: readonly number[]) {
  program.freeBuffers();
  const va = program.alloc('i16', a, { name: 'a' });
  const vb = program.alloc('i16', b, { name: 'b' });
  return program.call('dot_sat', [va, vb, a.length]);
}

describe('dot_sat', () => {
  it('matches the reference on 200 seeded random cases', () => {
    const random = seededRandom(2024);
    for (let k = 0; k < 200; k++) {
      const n = random.int(0, 40);
      // Small values mostly stay in range; full-range values mostly saturate.
      const limit = k % 2 === 0 ? 100 : 32767;
      const a = random.ints(n, -limit, limit);
      const b = random.ints(n, -limit, limit);
      expect(run(a, b).value, `case ${k}`).toBe(dotSat(a, b));
    }
  });

  it('saturates at both ends', () => {
    expect(run([32767, 32767], [32767, 2]).value).toBe(32767);
    expect(run([-32768, 2], [32767, 1]).value).toBe(-32768);
  });

  it('takes 11 cycles per element: 26 + 11 n in range, 31 + 11 n saturated', () => {
    for (const n of [0, 1, 2, 17]) {
      const ones = new Array<number>(n).fill(1);
      expect(run(ones, ones).cycles).toBe(26 + 11 * n);
      const big = new Array<number>(n).fill(20000);
      if (n > 0) expect(run(big, big).cycles).toBe(31 + 11 * n);
    }
  });
});
