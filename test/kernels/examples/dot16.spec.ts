// The example kernel kernels/examples/dot16.s against its plain TypeScript twin, run on the
// emulated FR5994 (MPY32 in MACS mode).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { assemble } from '../../../emulator/asm/index.js';
import { fr5994 } from '../../../emulator/chips/fr5994.js';
import { Machine } from '../../../emulator/machine/machine.js';

const KERNEL = readFileSync(join(import.meta.dirname, '../../../kernels/examples/dot16.s'), 'utf8');

/** The twin: the 32-bit sum of products, wrapping like the MPY32 accumulator. */
function dot16(a: readonly number[], b: readonly number[]): number {
  return a.reduce((sum, x, i) => (sum + x * (b[i] ?? 0)) | 0, 0);
}

function runKernel(a: readonly number[], b: readonly number[]): { result: number; r12: number } {
  const words = (v: readonly number[]): string => (v.length > 0 ? `.word ${v.join(', ')}` : '');
  const source = `${KERNEL}
        .text
main:   mov     #0x3000, r1
        mov     #va, r12
        mov     #vb, r13
        mov     #${a.length}, r14
        call    #dot16
stop:   jmp     stop
        .data
va:     ${words(a)}
vb:     ${words(b)}
`;
  const assembled = assemble(source, { fileName: 'dot16-test.s' });
  if (!assembled.ok) throw new Error(assembled.errors[0]?.message);
  const address = (name: string): number =>
    assembled.value.image.symbols.find((s) => s.name === name)?.address ?? -1;
  const m = new Machine(fr5994());
  const loaded = m.load(assembled.value.image);
  if (!loaded.ok) throw new Error(loaded.errors[0]?.message);
  m.setEntry(address('main'));
  const run = m.run({ maxCycles: 100_000, breakpoints: [address('stop')] });
  expect(run.reason).toBe('breakpoint');
  const r12 = m.register(12);
  return { result: r12 | (m.register(13) << 16) | 0, r12 };
}

describe('kernels/examples/dot16.s', () => {
  it.each([
    ['no elements', [], []],
    ['one element', [3], [-7]],
    ['mixed signs', [3, -7, 1000, 12, 5, 0, 99], [-2, 4, 30, -12, 5, 1234, -1]],
    ['extremes', [-32768, -32768, 32767], [-32768, 32767, 32767]],
  ])('matches the twin: %s', (_, a, b) => {
    const { result, r12 } = runKernel(a, b);
    expect(result).toBe(dot16(a, b));
    expect(r12).toBe(dot16(a, b) & 0xffff);
  });
});
