/**
 * Property tests: every reader returns a Result for any input — random bytes, random mutations
 * of the real fixtures, random text built from each format's alphabet — and never throws or
 * hangs. Inputs come from a seeded PRNG so a failure repeats; the failing case's seed and index
 * are in the test name and message.
 */

import { describe, expect, it } from 'vitest';

import { readElf, readHex, readImage, readTiTxt } from '../../../emulator/image/index.js';
import type { Result } from '../../../emulator/result.js';
import { mulberry32, randomInt } from '../../helpers/random.js';
import { fixtureBytes } from './fixtures.js';

const CASES = 2000;
/** Generous: a single call on these small inputs takes well under a millisecond. */
const MAX_MS_PER_CALL = 250;

type Reader = (bytes: Uint8Array) => Result<unknown, unknown>;

const READERS: readonly [string, Reader][] = [
  ['readElf', readElf],
  ['readHex', readHex],
  ['readTiTxt', readTiTxt],
  ['readImage', (b) => readImage(b)],
];

function randomBytes(next: () => number, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => randomInt(next, 256));
}

/** Flips, overwrites, truncates or splices a fixture, a few edits at a time. */
function mutate(next: () => number, source: Uint8Array): Uint8Array {
  let bytes = source.slice();
  const edits = 1 + randomInt(next, 4);
  for (let e = 0; e < edits && bytes.length > 0; e++) {
    const at = randomInt(next, bytes.length);
    switch (randomInt(next, 5)) {
      case 0:
        bytes[at] = (bytes[at] ?? 0) ^ (1 << randomInt(next, 8));
        break;
      case 1:
        bytes[at] = randomInt(next, 256);
        break;
      case 2:
        bytes = bytes.slice(0, at);
        break;
      case 3:
        // Large 32-bit values hit offset and size fields in the ELF headers.
        new DataView(bytes.buffer).setUint32(
          Math.min(at, Math.max(0, bytes.length - 4)) & ~3,
          0xffff_fff0 + randomInt(next, 16),
          true,
        );
        break;
      default:
        bytes = Uint8Array.from([
          ...bytes.subarray(0, at),
          ...randomBytes(next, randomInt(next, 8)),
          ...bytes.subarray(at),
        ]);
    }
  }
  return bytes;
}

/** Text from an alphabet that makes most lines look almost valid. */
function randomText(next: () => number, alphabet: string): Uint8Array {
  const length = randomInt(next, 200);
  let out = '';
  for (let i = 0; i < length; i++) {
    out += alphabet.charAt(randomInt(next, alphabet.length));
  }
  return new TextEncoder().encode(out);
}

function expectResult(reader: Reader, input: Uint8Array, label: string): void {
  const started = performance.now();
  let result: Result<unknown, unknown> | undefined;
  try {
    result = reader(input);
  } catch (error) {
    throw new Error(`${label} threw: ${String(error)}`);
  }
  const elapsed = performance.now() - started;
  expect(typeof result.ok, label).toBe('boolean');
  if (!result.ok) {
    expect(result.errors.length, label).toBeGreaterThan(0);
  }
  expect(elapsed, `${label} took ${elapsed} ms`).toBeLessThan(MAX_MS_PER_CALL);
}

const FIXTURES = [
  'app.elf',
  'app-nonmagic.elf',
  'app.o',
  'crt0.o',
  'hifram.elf',
  'app.hex',
  'hifram-linear.hex',
  'app.txt',
  'hifram.txt',
].map((name) => [name, fixtureBytes(name)] as const);

describe('readers never throw and never hang', () => {
  for (const [name, reader] of READERS) {
    it(`${name}: ${CASES} random byte arrays (seed 1)`, () => {
      const next = mulberry32(1);
      for (let i = 0; i < CASES; i++) {
        const bytes = randomBytes(next, randomInt(next, 300));
        if (i % 4 === 0 && bytes.length >= 4) {
          bytes.set([0x7f, 0x45, 0x4c, 0x46]);
        }
        expectResult(reader, bytes, `${name} case ${i}`);
      }
    });

    it(`${name}: ${CASES} mutations of the fixtures (seed 2)`, () => {
      const next = mulberry32(2);
      for (let i = 0; i < CASES; i++) {
        const [fixture, bytes] = FIXTURES[i % FIXTURES.length] ?? ['', new Uint8Array()];
        expectResult(reader, mutate(next, bytes), `${name} case ${i} (${fixture})`);
      }
    });

    it(`${name}: ${CASES} random texts in HEX and TI-TXT alphabets (seed 3)`, () => {
      const next = mulberry32(3);
      const alphabets = [
        ':0123456789ABCDEFabcdef\r\n',
        '@0123456789ABCDEFq \n',
        ':@q0F19 \n\r\t\x00\xff',
      ];
      for (let i = 0; i < CASES; i++) {
        const text = randomText(next, alphabets[i % alphabets.length] ?? '');
        expectResult(reader, text, `${name} case ${i}`);
      }
    });
  }

  it('a mutated ELF that still parses has consistent segments', () => {
    const next = mulberry32(4);
    const source = fixtureBytes('app.elf');
    let parsed = 0;
    for (let i = 0; i < CASES; i++) {
      const result = readElf(mutate(next, source));
      if (result.ok) {
        parsed++;
        for (const s of result.value.segments) {
          expect(s.address + s.data.length).toBeLessThanOrEqual(0x100000);
        }
      }
    }
    expect(parsed).toBeGreaterThan(0);
  });
});
