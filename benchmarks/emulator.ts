/**
 * Emulator speed: emulated instructions/s and MCLK cycles/s of unit430's Machine on a
 * multiply-accumulate kernel and a mixed program (copy, bubble sort with CALL/PUSH/POP, byte
 * checksum), side by side with mspdebug's `sim` (Debian 0.22) on the same classic-ISA images.
 * Three rows per program for unit430: 1 MHz without wait states, 16 MHz (NWAITS = 1, FRAM cache
 * simulated), and 16 MHz with the energy model attached. Each figure is the median of five runs
 * (mspdebug: its process start-up, measured each time, subtracted).
 *
 * Run: `npx tsx benchmarks/emulator.ts` (or `npm run bench:emulator`). mspdebug is skipped when it
 * is not installed. Results are recorded in docs/performance.md.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { assemble } from '../emulator/asm/index.js';
import { fr5994 } from '../emulator/chips/fr5994.js';
import { EnergyModel } from '../emulator/energy/index.js';
import { writeHex, type MemoryImage } from '../emulator/image/index.js';
import { Machine } from '../emulator/machine/machine.js';

function words(n: number, seed: number): string {
  let x = seed;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out.push(`0x${((x >>> 8) & 0xffff).toString(16)}`);
  }
  return out.map((w, i) => (i % 8 === 0 ? `\n .word ${w}` : `, ${w}`)).join('');
}

/** 16×16 → 32 shift-and-add multiply-accumulate over 64-element vectors, repeated. */
const MAC = `
 .text
start:
 mov #0x5a80, &0x015c
 mov #0x3c00, sp
 mov #3000, r10
outer:
 mov #xs, r4
 mov #ws, r5
 mov #64, r11
 clr r12
 clr r13
inner:
 mov @r4+, r6
 mov @r5+, r7
 clr r8
 clr r9
 clr r14
 mov #16, r15
mul:
 clrc
 rrc r7
 jnc skip
 add r6, r8
 addc r14, r9
skip:
 rla r6
 rlc r14
 dec r15
 jnz mul
 add r8, r12
 addc r9, r13
 dec r11
 jnz inner
 dec r10
 jnz outer
done:
 bis #0x10, sr
xs:${words(64, 1)}
ws:${words(64, 2)}
 .section .resetvec, "ax"
 .word start
`;

/** Copy a table to SRAM, bubble-sort it with a CALLed swap, checksum its bytes; repeated. */
const MIXED = `
 .text
start:
 mov #0x5a80, &0x015c
 mov #0x3c00, sp
 mov #4000, r10
again:
 mov #table, r4
 mov #0x1c00, r5
 mov #32, r6
copy:
 mov @r4+, 0(r5)
 incd r5
 dec r6
 jnz copy
 mov #31, r7
pass:
 mov #0x1c00, r4
 mov r7, r6
step:
 cmp @r4, 2(r4)
 jhs noswap
 call #swap
noswap:
 incd r4
 dec r6
 jnz step
 dec r7
 jnz pass
 mov #0x1c00, r4
 mov #64, r6
 clr r12
sum:
 xor.b @r4+, r12
 rla.b r12
 adc.b r12
 dec r6
 jnz sum
 mov r12, &0x1d00
 dec r10
 jnz again
done:
 bis #0x10, sr
swap:
 push r8
 mov @r4, r8
 mov 2(r4), 0(r4)
 mov r8, 2(r4)
 pop r8
 ret
table:${words(32, 3)}
 .section .resetvec, "ax"
 .word start
`;

interface Program {
  readonly name: string;
  readonly image: MemoryImage;
  readonly done: number;
}

function build(name: string, source: string): Program {
  const r = assemble(source, { fileName: `${name}.s`, sectionStarts: { '.resetvec': 0xfffe } });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
  const done = r.value.image.symbols.find((s) => s.name === 'done');
  if (!done) throw new Error('no done label');
  return { name, image: r.value.image, done: done.address };
}

interface Measurement {
  readonly instructions: number;
  readonly cycles: number;
  readonly seconds: number;
}

const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function runOurs(p: Program, mclk: number | null, energy: boolean): Measurement {
  const times: number[] = [];
  let result = { instructions: 0, cycles: 0 };
  for (let i = 0; i < RUNS; i++) {
    const m = new Machine(fr5994());
    m.load(p.image);
    m.reset();
    if (mclk !== null) m.configureClock(mclk);
    if (energy) new EnergyModel().attach(m);
    const t0 = process.hrtime.bigint();
    const r = m.run({ maxCycles: 1e10 });
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    if (r.reason !== 'halt') throw new Error(`${p.name}: stopped with ${r.reason}`);
    result = { instructions: r.instructions, cycles: r.cycles };
  }
  return { ...result, seconds: median(times) };
}

function runMspdebug(p: Program, dir: string): Measurement | null {
  if (spawnSync('mspdebug', ['--version']).status === null) return null;
  const hex = writeHex(p.image);
  if (!hex.ok) throw new Error(hex.errors[0]?.message);
  const path = join(dir, `${p.name}.hex`);
  writeFileSync(path, hex.value);
  const args = ['-q', '-n', 'sim', 'simio add tracer t', `prog ${path}`];
  const full = [...args, `setbreak 0x${p.done.toString(16)}`, 'run', 'simio info t'];
  const times: number[] = [];
  let instructions = 0;
  let cycles = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync('mspdebug', full, { encoding: 'utf8', timeout: 600_000 });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const t1 = process.hrtime.bigint();
    spawnSync('mspdebug', args, { encoding: 'utf8' });
    const startup = Number(process.hrtime.bigint() - t1) / 1e9;
    instructions = Number(/Instruction count: (\d+)/.exec(r.stdout)?.[1] ?? 0);
    cycles = Number(/MCLK:\s+(\d+)/.exec(r.stdout)?.[1] ?? 0);
    times.push(seconds - startup);
  }
  return { instructions, cycles, seconds: median(times) };
}

function rate(n: number, s: number): string {
  return `${(n / s / 1e6).toFixed(1)} M/s`;
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'unit430-bench-'));
  const rows: string[][] = [];
  try {
    for (const p of [build('mac', MAC), build('mixed', MIXED)]) {
      const ours = runOurs(p, null, false);
      const fram = runOurs(p, 16_000_000, false);
      const energy = runOurs(p, 16_000_000, true);
      const ref = runMspdebug(p, dir);
      rows.push([p.name, 'unit430 (1 MHz, no wait states)', ...cells(ours)]);
      rows.push([p.name, 'unit430 (16 MHz, NWAITS=1 + cache)', ...cells(fram)]);
      rows.push([p.name, 'unit430 (16 MHz + cache + energy model)', ...cells(energy)]);
      if (ref) rows.push([p.name, 'mspdebug 0.22 sim', ...cells(ref)]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const header = [
    'program',
    'emulator',
    'instructions',
    'cycles',
    'seconds',
    'instr/s',
    'cycles/s',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

function cells(m: Measurement): string[] {
  return [
    String(m.instructions),
    String(m.cycles),
    m.seconds.toFixed(3),
    rate(m.instructions, m.seconds),
    rate(m.cycles, m.seconds),
  ];
}

main();
