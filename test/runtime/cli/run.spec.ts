/**
 * `unit430 run`: stop reasons, JSON report, exit statuses, --entry, --mclk, bad input, and the
 * warnings section that names machine events (unmodelled peripherals, vacant memory).
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { parseHz, runRun, type RunArgs } from '../../../runtime/cli/commands/run.js';
import type { Io } from '../../../runtime/cli/io.js';
import { Chalk } from 'chalk';

const work = mkdtempSync(join(tmpdir(), 'unit430-run-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function source(name: string, body: string, resetVector = true): string {
  const path = join(work, name);
  const vec = resetVector ? '\n .section .resetvec, "ax"\n .word start\n' : '\n';
  writeFileSync(path, ` .text\nstart:\n mov #0x5a80, &0x015c\n${body}${vec}`);
  return path;
}

function run(args: RunArgs): { status: number; out: string; err: string } {
  let out = '';
  let err = '';
  const io: Io = {
    out: (t) => (out += t),
    err: (t) => (err += t),
    errColour: new Chalk({ level: 0 }),
  };
  const status = runRun(args, io);
  return { status, out, err };
}

describe('unit430 run', () => {
  it('prints one JSON object for a halting program and exits 0', () => {
    const path = source('halt.s', ' mov #0x1234, r12\n bis #0x10, sr');
    const r = run({ image: path, json: true });
    expect(r.status).toBe(0);
    const { energy, energyNj, ...report } = JSON.parse(r.out) as Record<string, unknown>;
    expect(report).toEqual({
      cycles: 4 + 2 + 2,
      instructions: 3,
      registers: [0x400e, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x1234, 0, 0, 0],
      stop: { reason: 'halt', pc: 0x400e },
      warnings: [],
    });
    expect(r.err).toBe('');
    // 8 cycles at the reset MCLK of 1 MHz: at least 8 × (65 pC + 92 µA / 1 MHz) × 3 V
    // = 8 × 0.471 = 3.768 nJ (DS Table 9-1 SRAM slope and the LPM0 figure as static share);
    // the FRAM accesses add more.
    expect(energyNj).toBeGreaterThan(3.768);
    expect(energy).toMatchObject({ vcc: 3, cycles: 8, totalNj: energyNj });
    expect(energy).toHaveProperty('instructionClasses');
    expect(energy).toHaveProperty('memory.fram-miss');
    expect(energy).toHaveProperty('modes.AM.cycles', 8);
  });

  it('reports the host-port exit code; non-zero exits with status 4', () => {
    const zero = run({ image: source('exit0.s', ' mov #0, &0x0ff0'), json: true });
    expect(zero.status).toBe(0);
    expect(JSON.parse(zero.out)).toMatchObject({ exitCode: 0, stop: { reason: 'exit' } });
    const seven = run({ image: source('exit7.s', ' mov #7, &0x0ff0') });
    expect(seven.status).toBe(4);
    expect(seven.out).toContain('exited through the host port with code 7');
  });

  it('--json cycles: the EXIT write costs 0 (host-port zero-cost rule), nothing else changes', () => {
    // The same work, stopped by a halt (BIS #N,SR: 2 cycles) or by the EXIT write (refunded).
    // Cycles: MOV #N,&EDE 4 (watchdog), MOV #N,Rn 2, 20 × (ADD 1 + DEC 1 + JNZ 2) (UG367
    // Tables 4-8, 4-10) = 86. At 16 MHz every FRAM line missed adds a wait state: the work's
    // lines 0x4000 and 0x4008, and the last instruction's line 0x4010 (refunded for EXIT).
    const work = ' mov #20, r5\nloop: add r5, r6\n dec r5\n jnz loop\n';
    for (const [mclk, work1, halt] of [
      ['1MHz', 86, 2],
      ['16MHz', 86 + 2, 2 + 1],
    ] as const) {
      const halted = run({
        image: source('work-halt.s', `${work} bis #0x10, sr`),
        json: true,
        mclk,
      });
      const exited = run({
        image: source('work-exit.s', `${work} mov #0, &0x0ff0`),
        json: true,
        mclk,
      });
      const h = JSON.parse(halted.out) as { cycles: number; energyNj: number };
      const e = JSON.parse(exited.out) as { cycles: number; energyNj: number; energy: unknown };
      expect([h.cycles, e.cycles]).toEqual([work1 + halt, work1]);
      expect(e.energy).toHaveProperty('hostPort.instructions', 1);
      expect(e.energyNj).toBeLessThan(h.energyNj);
    }
  });

  it('--no-energy: same run, energyNj null and no breakdown', () => {
    const path = source('noenergy.s', ' mov #0x1234, r12\n bis #0x10, sr');
    const on = JSON.parse(run({ image: path, json: true, mclk: '16MHz' }).out) as object;
    const off = JSON.parse(
      run({ image: path, json: true, mclk: '16MHz', energy: false }).out,
    ) as object;
    expect(off).toEqual({ ...on, energyNj: null, energy: undefined });
    expect(off).not.toHaveProperty('energy');
    expect(run({ image: path, energy: false }).out).toContain('energy not modelled');
  });

  it('stops a runaway program at --max-cycles with status 6', () => {
    const r = run({ image: source('loop.s', 'loop: jmp loop'), json: true, maxCycles: 1000 });
    expect(r.status).toBe(6);
    expect(JSON.parse(r.out)).toMatchObject({ stop: { reason: 'budget' }, cycles: 1000 });
  });

  it('reports a fault with status 5', () => {
    const r = run({ image: source('fault.s', ' .word 0x13c0') });
    expect(r.status).toBe(5);
    expect(r.out).toContain('undecodable');
  });

  it('starts at the image entry when there is no reset vector, and says so', () => {
    const r = run({ image: source('noreset.s', ' bis #0x10, sr', false) });
    expect(r.status).toBe(0);
    expect(r.out).toContain('no reset vector');
  });

  it('starts at --entry', () => {
    const path = source('entry.s', ' mov #1, r4\nsecond: mov #2, r5\n bis #0x10, sr');
    const r = run({ image: path, json: true, entry: '0x4008' });
    const report = JSON.parse(r.out) as { registers: number[] };
    expect(report.registers[4]).toBe(0);
    expect(report.registers[5]).toBe(2);
  });

  it('--mclk 16MHz adds FRAM wait states', () => {
    const path = source('nops.s', ' nop\n'.repeat(32) + ' mov #0, &0x0ff0');
    const slow = JSON.parse(run({ image: path, json: true }).out) as { cycles: number };
    const fast = JSON.parse(run({ image: path, json: true, mclk: '16MHz' }).out) as {
      cycles: number;
    };
    // The EXIT write costs 0 (host-port zero-cost rule).
    expect(slow.cycles).toBe(4 + 32);
    expect(fast.cycles).toBeGreaterThan(slow.cycles);
  });

  it('rejects bad options and unreadable images', () => {
    expect(run({ image: source('x.s', ' nop'), mclk: 'fast' }).status).toBe(2);
    expect(run({ image: source('y.s', ' nop'), mclk: '50MHz' }).status).toBe(2);
    expect(run({ image: join(work, 'missing.elf') }).status).toBe(2);
    const bad = join(work, 'bad.s');
    writeFileSync(bad, ' .text\n frob r4\n');
    expect(run({ image: bad }).status).toBe(1);
  });

  describe('warnings: machine events, one entry per kind and name', () => {
    // TA0CTL = TASSEL_2 | MC_1 at 0x4006 (cycle 4, after the watchdog write), then TA0R polled
    // 1000 times: 1001 accesses to the unmodelled TA0, reported as one entry.
    const ta0 = [
      ' mov #0x0210, &0x0340',
      ' mov #1000, r5',
      'poll: mov &0x0350, r6',
      ' dec r5',
      ' jnz poll',
      ' bis #0x10, sr',
    ].join('\n');
    const expected = {
      kind: 'unmodelled',
      name: 'TA0',
      count: 1001,
      firstPc: 0x4006,
      firstAddress: 0x0340,
      firstCycle: 4,
      message: 'TA0 is not modelled: word write 0x210 ignored at 0x0340',
    };

    it('--json: a TA0 write is listed by name; the other fields are unchanged', () => {
      const r = run({ image: source('ta0.s', ta0), json: true });
      expect(r.status).toBe(0);
      const report = JSON.parse(r.out) as Record<string, unknown>;
      expect(report.warnings).toEqual([expected]);
      expect(report).toMatchObject({ stop: { reason: 'halt' }, instructions: 3 + 3 * 1000 + 1 });
      expect(r.err).toBe('');
    });

    it('text: a warnings section on standard error names TA0; the summary is unchanged', () => {
      const r = run({ image: source('ta0-text.s', ta0) });
      expect(r.status).toBe(0);
      expect(r.out).toContain('halted');
      expect(r.out).not.toContain('TA0');
      expect(r.err).toBe(
        'warnings: what the emulator noticed (docs/cli.md)\n' +
          '  unmodelled TA0: 1001 events, first at pc 0x04006 (cycle 4): ' +
          'TA0 is not modelled: word write 0x210 ignored at 0x0340\n',
      );
    });

    it('vacant memory and unmodelled blocks get separate entries, in order of first event', () => {
      // 0x3C00 is past the SRAM (vacant); ADC12_B is unmodelled; the second ADC read adds to it.
      const body = ' mov &0x3c00, r4\n mov &0x0800, r5\n mov #1, &0x3c00\n mov &0x0802, r6\n';
      const r = run({ image: source('mixed.s', `${body} bis #0x10, sr`), json: true });
      const { warnings } = JSON.parse(r.out) as {
        warnings: { kind: string; name: string; count: number }[];
      };
      expect(warnings.map((w) => [w.kind, w.name, w.count])).toEqual([
        ['vacant', 'read', 1],
        ['unmodelled', 'ADC12_B', 2],
        ['vacant', 'write', 1],
      ]);
    });

    it('a clean program has an empty list and prints no warnings section', () => {
      const path = source('clean.s', ' mov #2, r4\n bis #0x10, sr');
      expect(JSON.parse(run({ image: path, json: true }).out)).toHaveProperty('warnings', []);
      expect(run({ image: path }).err).toBe('');
    });
  });

  it('parses frequencies', () => {
    expect(parseHz('16e6')).toBe(16_000_000);
    expect(parseHz('8MHz')).toBe(8_000_000);
    expect(parseHz('500k')).toBe(500_000);
    expect(parseHz('fast')).toBeNull();
  });

  it('runs through the real command line', () => {
    const bin = join(import.meta.dirname, '../../../runtime/cli/bin.js');
    const path = source('cli.s', ' mov #3, &0x0ff0');
    const r = spawnSync(process.execPath, [bin, 'run', path, '--json'], { encoding: 'utf8' });
    expect(r.status).toBe(4);
    expect(JSON.parse(r.stdout)).toMatchObject({ exitCode: 3 });
  });
});
