/**
 * The one instruction-spec runner for the CPU tests: encode a line of assembly at a code
 * address, set registers and memory, execute exactly one instruction and check PC, cycles,
 * destination, every flag, and that no other register changed; `specTable` turns a list of
 * specs into tests.
 */

import { describe, expect, it } from 'vitest';

import { assemble } from '../../../emulator/asm/index.js';
import { fr5994 } from '../../../emulator/chips/fr5994.js';
import { Machine } from '../../../emulator/machine/machine.js';
import { encodeLine } from './line.js';

export type RegName =
  | 'pc'
  | 'sp'
  | 'sr'
  | 'r4'
  | 'r5'
  | 'r6'
  | 'r7'
  | 'r8'
  | 'r9'
  | 'r10'
  | 'r11'
  | 'r12'
  | 'r13'
  | 'r14'
  | 'r15';

export type Regs = Partial<Record<RegName, number>>;

export interface Spec {
  /** One instruction, GNU syntax (see helpers/line.ts). */
  readonly asm: string;
  /** Where the instruction is placed (default 0x4400, lower FRAM). */
  readonly at?: number;
  readonly regs?: Regs;
  /** Initial SR flags as 'nzcv' letters (uppercase = set); default all clear. */
  readonly flagsIn?: string;
  /** Words to place in memory before the step. */
  readonly mem?: Readonly<Record<number, number>>;
  /** Expected MCLK cycles, written as the number in TI's table. */
  readonly cycles: number;
  /** Expected register values; registers not named must be unchanged. */
  readonly regsOut?: Regs;
  /** Expected PC (default: the next instruction). */
  readonly pc?: number;
  /** Expected flags, 'nzcv' letters; default: unchanged. */
  readonly flags?: string;
  /** Expected words in memory after the step. */
  readonly memOut?: Readonly<Record<number, number>>;
}

const NUMBER: Record<RegName, number> = {
  pc: 0,
  sp: 1,
  sr: 2,
  r4: 4,
  r5: 5,
  r6: 6,
  r7: 7,
  r8: 8,
  r9: 9,
  r10: 10,
  r11: 11,
  r12: 12,
  r13: 13,
  r14: 14,
  r15: 15,
};

const FLAG_BITS: readonly [string, number][] = [
  ['n', 0x4],
  ['z', 0x2],
  ['c', 0x1],
  ['v', 0x100],
];

export function flagBits(flags: string): number {
  let bits = 0;
  FLAG_BITS.forEach(([letter, bit], i) => {
    const ch = flags[i];
    if (ch === undefined || ch.toLowerCase() !== letter) throw new Error(`bad flags '${flags}'`);
    if (ch !== letter) bits |= bit;
  });
  return bits;
}

export function flagString(sr: number): string {
  return FLAG_BITS.map(([l, bit]) => (sr & bit ? l.toUpperCase() : l)).join('');
}

/** A machine with `words` placed at `at` and PC there; the stack at 0x3000. */
export function machineWith(words: readonly number[], at: number): Machine {
  const m = new Machine(fr5994());
  const bytes = words.flatMap((w) => [w & 0xff, (w >> 8) & 0xff]);
  m.writeBytes(at, bytes);
  m.setEntry(at);
  m.setRegister(1, 0x3000);
  return m;
}

/**
 * Data labels every spec may use as symbolic operands: `ede` at 0x2010 and `dede` at 0x2110
 * (SRAM), so `EDE` cells need no hand-computed PC offsets.
 */
const DATA_LABELS = `
 .data
 .space 16
ede: .word 0, 0
 .space 252
dede: .word 0, 0
`;

/**
 * Machine words of one line, assembled by the project assembler at `at`. Forms the assembler
 * does not accept yet (`rptz`) fall back to the table encoder in helpers/line.ts.
 */
export function assembleLine(line: string, at: number): number[] {
  const r = assemble(`.text\n ${line}\n${DATA_LABELS}`, {
    fileName: 'spec.s',
    sectionStarts: { '.text': at, '.data': 0x2000 },
  });
  if (r.ok) {
    const text = r.value.image.segments.find((s) => s.address === at);
    const bytes = text ? Array.from(text.data) : [];
    const words: number[] = [];
    for (let i = 0; i < bytes.length; i += 2) words.push(bytes[i]! | (bytes[i + 1]! << 8));
    return words;
  }
  try {
    return encodeLine(line, at).words;
  } catch (e) {
    const why = r.errors[0]?.message ?? '';
    throw new Error(`cannot assemble '${line}': ${why}; ${e instanceof Error ? e.message : ''}`);
  }
}

export function runSpec(spec: Spec): Machine {
  const at = spec.at ?? 0x4400;
  const words = assembleLine(spec.asm, at);
  const m = machineWith(words, at);
  const before = new Map<number, number>();
  for (const [name, value] of Object.entries(spec.regs ?? {})) {
    m.setRegister(NUMBER[name as RegName], value);
  }
  const flagsIn = spec.flagsIn ? flagBits(spec.flagsIn) : 0;
  m.setRegister(2, (m.register(2) & ~0x107) | flagsIn);
  for (const [addr, value] of Object.entries(spec.mem ?? {})) m.writeWord(Number(addr), value);
  for (let r = 0; r < 16; r++) before.set(r, m.register(r));

  const cycles = m.step();

  expect(m.pc, `${spec.asm}: PC`).toBe(spec.pc ?? (at + 2 * words.length) & 0xfffff);
  expect(cycles, `${spec.asm}: cycles`).toBe(spec.cycles);
  const wantFlags = spec.flags ?? flagString(flagsIn);
  expect(flagString(m.register(2)), `${spec.asm}: flags`).toBe(wantFlags);
  for (let r = 1; r < 16; r++) {
    if (r === 2 || r === 3) continue;
    const name = (Object.keys(NUMBER) as RegName[]).find((k) => NUMBER[k] === r)!;
    const want = spec.regsOut?.[name] ?? before.get(r);
    expect(m.register(r), `${spec.asm}: ${name}`).toBe(want);
  }
  if (spec.regsOut?.sr !== undefined)
    expect(m.register(2), `${spec.asm}: sr`).toBe(spec.regsOut.sr);
  for (const [addr, value] of Object.entries(spec.memOut ?? {})) {
    expect(m.readWord(Number(addr)), `${spec.asm}: word at ${addr}`).toBe(value);
  }
  return m;
}

/** A scenario table: under `name`, one test per spec, titled by `title`, that runs `runSpec`. */
export function specTable(
  name: string,
  specs: readonly Spec[],
  title: (spec: Spec) => string,
): void {
  describe(name, () => {
    for (const spec of specs) {
      it(title(spec), () => {
        runSpec(spec);
      });
    }
  });
}
