// clang-compiled C (test/fixtures/images/app.c, linked into app.elf with crt0 and the F5
// multiply helpers) called through the kernel-testing API, against the same C compiled for the
// host and run here: every expected value comes from app.c itself, not from a transcription.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { type Program, seededRandom } from '../../../runtime/testing/index.js';
import { loadProgramFile } from '../../../runtime/testing/node.js';

const IMAGES = join(import.meta.dirname, '../../fixtures/images');
const DRIVER = join(import.meta.dirname, 'host/app-host.c');

/** Inputs of every dot_q15 case below, so that the host runs them all in one process. */
const DOT_CASES: readonly (readonly [string, readonly number[], readonly number[]])[] = [
  ['no elements', [], []],
  ['one product', [16384], [2]],
  [
    'the program’s own data',
    [16384, -8192, 4096, -2048, 1024, -512, 256, -128],
    [1000, 2000, -3000, 4000, -5000, 6000, -7000, 8000],
  ],
  ['saturates high', [32767, 32767, 32767], [32767, 32767, 32767]],
  ['saturates low', [-32768, -32768], [32767, 32767]],
];

const RANDOM_DOTS = ((): { a: number[]; b: number[] }[] => {
  const random = seededRandom(0x430);
  return Array.from({ length: 50 }, () => {
    const n = random.int(0, 24);
    return { a: random.ints(n), b: random.ints(n) };
  });
})();

const CLASSIFY_CASES = Array.from({ length: 10 }, (_, i) => i - 1).flatMap((x) =>
  [0, 1, -1, 0x1234, -32768, 32767].map((y) => [x, y] as const),
);

const dotRequest = (a: readonly number[], b: readonly number[]): string =>
  ['d', a.length, ...a, ...b].join(' ');
const classifyRequest = (x: number, y: number): string => `c ${x} ${y}`;

/** clang where it is installed (CI installs it), else the system C compiler. */
const HOST_CC = spawnSync('clang', ['--version']).status === 0 ? 'clang' : 'cc';

/**
 * Compiles app.c for the host (its main renamed, so the driver owns main) and links the driver.
 * The MSP430 int is 16 bits, so app.c's int16 arithmetic wraps there; `-fwrapv` gives the host
 * build the same wrapping for the 32-bit accumulator, where overflow is otherwise undefined in C.
 */
function compileHost(): string {
  const dir = mkdtempSync(join(tmpdir(), 'unit430-app-host-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const object = join(dir, 'app.o');
  const exe = join(dir, 'app-host');
  const steps = [
    ['-O2', '-fwrapv', '-Dmain=app_main', '-c', join(IMAGES, 'app.c'), '-o', object],
    ['-O2', '-fwrapv', object, DRIVER, '-o', exe],
  ];
  for (const args of steps) {
    const cc = spawnSync(HOST_CC, args, { encoding: 'utf8' });
    if (cc.status !== 0)
      throw new Error(`host ${HOST_CC} failed: ${cc.error?.message ?? cc.stderr}`);
  }
  return exe;
}

const EXE = compileHost();

/** Runs the host build once on every request; returns each request's answer. */
function hostResults(requests: readonly string[]): Map<string, number> {
  const run = spawnSync(EXE, { input: `${requests.join('\n')}\n`, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`app-host failed (${run.status}): ${run.stderr}`);
  const lines = run.stdout.trim().split('\n').map(Number);
  if (lines.length !== requests.length) throw new Error('app-host answered too few requests');
  return new Map(requests.map((r, i) => [r, lines[i]!]));
}

const HOST = hostResults([
  ...DOT_CASES.map(([, a, b]) => dotRequest(a, b)),
  ...RANDOM_DOTS.map(({ a, b }) => dotRequest(a, b)),
  ...CLASSIFY_CASES.map(([x, y]) => classifyRequest(x, y)),
]);

/** What the host build of app.c returns for a request (asked now if it was not made above). */
function host(request: string): number {
  const value = HOST.get(request) ?? hostResults([request]).get(request);
  if (value === undefined) throw new Error(`no host result for '${request}'`);
  return value;
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

  it.each(DOT_CASES)('dot_q15 matches the C: %s', (_, a, b) => {
    program.freeBuffers();
    const va = program.alloc('i16', a, { name: 'a' });
    const vb = program.alloc('i16', b, { name: 'b' });
    expect(program.call(target('dot_q15'), [va, vb, a.length]).value).toBe(host(dotRequest(a, b)));
  });

  it('dot_q15 matches the C on 50 seeded random vectors', () => {
    RANDOM_DOTS.forEach(({ a, b }, k) => {
      program.freeBuffers();
      const r = program.call(target('dot_q15'), [
        program.alloc('i16', a),
        program.alloc('i16', b),
        a.length,
      ]);
      expect(r.value, `case ${k}: n = ${a.length}`).toBe(host(dotRequest(a, b)));
    });
  });

  it('classify matches the C for every case of its jump table', () => {
    for (const [x, y] of CLASSIFY_CASES) {
      expect(program.call(target('classify'), [x, y]).value, `x = ${x}, y = ${y}`).toBe(
        host(classifyRequest(x, y)),
      );
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
    const expected = host(dotRequest([...weights.read()], [...inputs.read()]));
    expect(program.view('i16', 'result').get(0)).toBe(expected);
    expect(program.view('u16', 'call_count').get(0)).toBe(4);
    const lastClass = program.view('i16', 'last_class').get(0);
    expect(lastClass).toBe(host(classifyRequest(4 & 7, expected)));
  });
});
