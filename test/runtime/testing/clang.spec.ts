// clang-compiled C (test/fixtures/images/app.c, linked into app.elf with crt0 and the F5
// multiply helpers) called through the kernel-testing API, against the same C written in
// TypeScript.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { type Program, seededRandom } from '../../../runtime/testing/index.js';
import { loadProgramFile } from '../../../runtime/testing/node.js';

const IMAGES = join(import.meta.dirname, '../../fixtures/images');

/** app.c dot_q15: int32 sum of products, >> 15 (arithmetic), saturated to int16. */
function dotQ15(a: readonly number[], b: readonly number[]): number {
  let acc = 0;
  for (let i = 0; i < a.length; i++) acc = (acc + a[i]! * b[i]!) | 0;
  acc >>= 15;
  return Math.max(-32768, Math.min(32767, acc));
}

/** app.c classify: a switch on x over seven cases, int16 arithmetic. */
function classify(x: number, y: number): number {
  const int16 = (v: number): number => (v << 16) >> 16;
  switch (x) {
    case 0:
      return int16(y + 1);
    case 1:
      return int16(y - 7);
    case 2:
      return int16(y << 2);
    case 3:
      return int16(y ^ 0x5a5a);
    case 4:
      return int16(y & 0x0ff0);
    case 5:
      return int16(y | 0x8001);
    case 6:
      return int16(-y);
    default:
      return 0;
  }
}

/** Function addresses from llvm-nm (app.elf.nm.txt), for images without symbols. */
const NM = new Map(
  readFileSync(join(IMAGES, 'app.elf.nm.txt'), 'utf8')
    .split('\n')
    .map((line) => line.split(' '))
    .filter((f) => f.length === 3)
    .map(([address, , name]) => [name!, parseInt(address!, 16)]),
);

// From ELF the functions are called by symbol; from Intel HEX, which has no symbols, by address.
describe.each<[string, () => Program, (name: string) => string | number]>([
  ['app.elf', () => loadProgramFile(join(IMAGES, 'app.elf'), { strict: true }), (name) => name],
  [
    'app.hex',
    () => loadProgramFile(join(IMAGES, 'app.hex'), { strict: true }),
    (name) => NM.get(name)!,
  ],
])('clang-compiled app.c from %s', (_, load, target) => {
  const program = load();

  it.each([
    ['no elements', [], []],
    ['one product', [16384], [2]],
    [
      'the program’s own data',
      [16384, -8192, 4096, -2048, 1024, -512, 256, -128],
      [1000, 2000, -3000, 4000, -5000, 6000, -7000, 8000],
    ],
    ['saturates high', [32767, 32767, 32767], [32767, 32767, 32767]],
    ['saturates low', [-32768, -32768], [32767, 32767]],
  ])('dot_q15 matches the C: %s', (_, a, b) => {
    program.freeBuffers();
    const va = program.alloc('i16', a, { name: 'a' });
    const vb = program.alloc('i16', b, { name: 'b' });
    expect(program.call(target('dot_q15'), [va, vb, a.length]).value).toBe(dotQ15(a, b));
  });

  it('dot_q15 matches the C on 50 seeded random vectors', () => {
    const random = seededRandom(0x430);
    for (let k = 0; k < 50; k++) {
      program.freeBuffers();
      const n = random.int(0, 24);
      const a = random.ints(n);
      const b = random.ints(n);
      const r = program.call(target('dot_q15'), [
        program.alloc('i16', a),
        program.alloc('i16', b),
        n,
      ]);
      expect(r.value, `case ${k}: n = ${n}`).toBe(dotQ15(a, b));
    }
  });

  it('classify matches the C for every case of its jump table', () => {
    for (let x = -1; x <= 8; x++) {
      for (const y of [0, 1, -1, 0x1234, -32768, 32767]) {
        expect(program.call(target('classify'), [x, y]).value, `x = ${x}, y = ${y}`).toBe(
          classify(x, y),
        );
      }
    }
  });
});

describe('clang-compiled app.c globals', () => {
  it('main sees .data initialised as crt0 would, and writes its .bss results', () => {
    const program = loadProgramFile(join(IMAGES, 'app.elf'), { strict: true });
    const weights = program.view('i16', 'weights');
    const inputs = program.view('i16', 'inputs');
    expect([...inputs.read()]).toEqual([1000, 2000, -3000, 4000, -5000, 6000, -7000, 8000]);
    expect(program.call('main').value).toBe(0);
    const expected = dotQ15([...weights.read()], [...inputs.read()]);
    expect(program.view('i16', 'result').get(0)).toBe(expected);
    expect(program.view('u16', 'call_count').get(0)).toBe(4);
    expect(program.view('i16', 'last_class').get(0)).toBe(classify(4 & 7, expected));
  });
});
