/**
 * `unit430 profile`: per-function table and annotated listing, as text and JSON, and the warnings
 * section it shares with `unit430 run`.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Chalk } from 'chalk';
import { afterAll, describe, expect, it } from 'vitest';

import {
  runProfile,
  type ProfileArgs,
  type ProfileReport,
} from '../../../runtime/cli/commands/profile.js';
import type { Io } from '../../../runtime/cli/io.js';
import { main } from '../../../runtime/cli/main.js';

const work = mkdtempSync(join(tmpdir(), 'unit430-profile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const DOT16 = resolve(import.meta.dirname, '../../../kernels/examples/dot16.s');

/** dot16 (kernels/examples) called 10 times on 8 elements, then exit 0 through the host port. */
const program = join(work, 'dot16-main.s');
writeFileSync(
  program,
  [
    ` .include "${DOT16}"`,
    ' .text',
    ' .global main',
    ' .type main, @function',
    'main: mov #0x5a80, &0x015c',
    ' mov #0x3000, r1',
    ' mov #10, r10',
    'again: mov #va, r12',
    ' mov #vb, r13',
    ' mov #8, r14',
    ' call #dot16',
    ' dec r10',
    ' jnz again',
    ' mov #0, &0x0ff0',
    ' .size main, . - main',
    ' .data',
    'va: .word 1, 2, 3, 4, 5, 6, 7, 8',
    'vb: .word 8, 7, 6, 5, 4, 3, 2, 1',
    ' .section .resetvec, "ax"',
    ' .word main',
    '',
  ].join('\n'),
);

function profile(args: ProfileArgs): { status: number; out: string; err: string } {
  let out = '';
  let err = '';
  const io: Io = {
    out: (t) => (out += t),
    err: (t) => (err += t),
    errColour: new Chalk({ level: 0 }),
  };
  return { status: runProfile(args, io), out, err };
}

describe('unit430 profile', () => {
  it('reports functions, listing lines and the energy breakdown as JSON', () => {
    const r = profile({ image: program, json: true, mclk: '16MHz' });
    expect(r.status).toBe(0);
    const report = JSON.parse(r.out) as ProfileReport;
    expect(report.stop.reason).toBe('exit');
    expect(report.energyNj).toBeGreaterThan(0);
    const dot16 = report.functions.find((f) => f.name === 'dot16')!;
    // Per call: 4 set-up instructions, 8 × 4 in the loop, 3 to return (the kernel's text).
    expect(dot16).toMatchObject({ calls: 10, instructions: 10 * (4 + 8 * 4 + 3) });
    expect(report.functions.map((f) => f.name)).toEqual(['dot16', 'main']);
    const percent = report.functions.reduce((s, f) => s + f.percent, 0);
    expect(percent).toBeCloseTo(100, 6);
    const cycles = report.functions.reduce((s, f) => s + f.cycles, 0);
    expect(cycles).toBe(report.cycles);
    const op2 = report.lines.find((l) => l.text.includes('&OP2'))!;
    expect(op2).toMatchObject({ file: DOT16, count: 80 });
    expect(op2.nj).toBeGreaterThan(0);
    expect(report.energy.mpy32['MACS 16×16']).toMatchObject({ count: 80 });
    expect(report.energy.totalNj).toBe(report.energyNj);
    expect(report.warnings).toEqual([]);
  });

  it('lists a TA0 write among its warnings, in JSON and on standard error', () => {
    const ta0 = join(work, 'ta0.s');
    writeFileSync(
      ta0,
      ' .text\nstart: mov #0x5a80, &0x015c\n mov #0x0210, &0x0340\n bis #0x10, sr\n' +
        ' .section .resetvec, "ax"\n .word start\n',
    );
    const json = profile({ image: ta0, json: true });
    expect(json.status).toBe(0);
    expect((JSON.parse(json.out) as ProfileReport).warnings).toEqual([
      {
        kind: 'unmodelled',
        name: 'TA0',
        count: 1,
        firstPc: 0x4006,
        firstAddress: 0x0340,
        firstCycle: 4,
        message: 'TA0 is not modelled: word write 0x210 ignored at 0x0340',
      },
    ]);
    const text = profile({ image: ta0 });
    expect(text.err).toContain('unmodelled TA0: 1 event, first at pc 0x04006 (cycle 4)');
    expect(text.out).not.toContain('TA0 is not modelled');
  });

  it('prints a function table and an annotated source listing as text', () => {
    const r = profile({ image: program });
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/dot16\s*│\s*10\s*│\s*390/);
    expect(r.out).toMatch(/\n\s*80\s+320\s+[0-9.]+\s+0x0400c\s+34\s+mov\s+@r12\+, &MACS/);
    expect(r.out).not.toContain('\u001b['); // no colours when standard output is not a terminal
  });

  it('annotates the disassembly of an image without source', async () => {
    const hex = join(work, 'dot16.hex');
    const quiet: Io = { out: () => {}, err: () => {}, errColour: new Chalk({ level: 0 }) };
    expect(await main(['asm', program, '-o', hex], quiet)).toBe(0);
    const r = profile({ image: hex, json: true });
    expect(r.status).toBe(0);
    const report = JSON.parse(r.out) as ProfileReport;
    expect(report.functions).toEqual([]); // Intel HEX carries no symbols
    const row = report.lines.find((l) => l.text === 'mov @r13+, &0x04c8')!;
    expect(row).toMatchObject({ count: 80 });
    const fromSource = JSON.parse(profile({ image: program, json: true }).out) as ProfileReport;
    expect(report.energyNj).toBe(fromSource.energyNj);
  });

  it('rejects a bad --mclk', () => {
    const r = profile({ image: program, mclk: 'fast' });
    expect(r.status).toBe(2);
    expect(r.err).toContain('--mclk');
  });
});
