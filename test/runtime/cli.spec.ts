import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../runtime/cli/bin.js');
const DOT16 = join(import.meta.dirname, '../../kernels/examples/dot16.s');
const work = mkdtempSync(join(tmpdir(), 'unit430-cli-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function unit430(...args: string[]): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('unit430 CLI', () => {
  it('demo describes the tool and lists every command', () => {
    const r = unit430('demo');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('MSP430FR5994');
    for (const name of ['asm', 'disasm', 'demo']) expect(r.stdout).toContain(`unit430 ${name}`);
  });

  it('assembles dot16.s to Intel HEX and disassembles it back', () => {
    const hex = join(work, 'dot16.hex');
    const asm = unit430('asm', DOT16, '-o', hex);
    expect(asm).toMatchObject({ code: 0, stderr: '' });
    expect(readFileSync(hex, 'utf8')).toMatch(/^:/);

    const dis = unit430('disasm', hex);
    expect(dis.code).toBe(0);
    const texts = dis.stdout.split('\n').map((l) => l.slice(36).trim());
    expect(texts).toEqual(
      expect.arrayContaining([
        'clr &0x04ca',
        'tst r14',
        'mov @r12+, &0x04c6',
        'mov @r13+, &0x04c8',
        'dec r14',
        'ret',
      ]),
    );
  });

  it('disassembles assembly source with its labels, and as JSON', () => {
    const r = unit430('disasm', DOT16);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^[0-9a-f]{8} <dot16>:$/m);

    const json = unit430('disasm', DOT16, '--json');
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as { address: number; text: string; symbol?: string }[];
    expect(rows[0]).toMatchObject({ symbol: 'dot16', text: 'clr &RESLO' });
    expect(rows.at(-1)?.text).toBe('ret');
  });

  it('writes TI-TXT and ELF chosen by the output extension', () => {
    const txt = join(work, 'dot16.txt');
    const elf = join(work, 'dot16.elf');
    expect(unit430('asm', DOT16, '-o', txt).code).toBe(0);
    expect(readFileSync(txt, 'utf8')).toMatch(/^@[0-9A-Fa-f]+/);
    expect(unit430('asm', DOT16, '-o', elf).code).toBe(0);
    expect([...readFileSync(elf).subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
    expect(unit430('disasm', elf).stdout).toMatch(/<dot16>:/);
  });

  it('prints a listing to stdout with --listing', () => {
    const r = unit430('asm', DOT16, '-o', join(work, 'listed.hex'), '--listing');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dot16');
  });

  it('reports assembly errors as file:line:col and exits 1 without writing', () => {
    const broken = join(work, 'broken.s');
    writeFileSync(broken, '        .text\n        mov r5\n        frob r4, r5\n');
    const out = join(work, 'broken.hex');
    const r = unit430('asm', broken, '-o', out);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines[0]).toMatch(new RegExp(`^${broken.replace(/[.\\/]/g, '\\$&')}:2:\\d+: error: `));
    expect(lines[1]).toMatch(/:3:\d+: error: /);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 for unreadable files and an unknown output format', () => {
    const missing = unit430('asm', join(work, 'nope.s'), '-o', join(work, 'x.hex'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/error: cannot read .*nope\.s: no such file/);

    const bin = unit430('asm', DOT16, '-o', join(work, 'x.bin'));
    expect(bin.code).toBe(2);
    expect(bin.stderr).toContain('--format');

    expect(unit430('disasm', join(work, 'nope.hex')).code).toBe(2);
  });

  it('exits 2 when a known command misses a required option', () => {
    const r = unit430('asm', DOT16);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: .*output/);
  });

  it('exits 1 for a malformed image', () => {
    const bad = join(work, 'bad.hex');
    writeFileSync(bad, ':10000000zz\n');
    const r = unit430('disasm', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.hex.*error: /);
  });

  it('exits 1 for an unknown or missing command', () => {
    const r = unit430('frobnicate');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: Unknown argument: frobnicate/);
    expect(unit430().code).toBe(1);
  });

  it('resolves nested includes from each including file, wherever it is run from', () => {
    mkdirSync(join(work, 'lib', 'sub'), { recursive: true });
    writeFileSync(join(work, 'lib', 'top.s'), ' .include "sub/b.s"\n mov #Y, r5\n');
    writeFileSync(join(work, 'lib', 'sub', 'b.s'), ' .include "c.inc"\n nop\n');
    writeFileSync(join(work, 'lib', 'sub', 'c.inc'), ' .equ Y, 7\n');
    const r = unit430('asm', join(work, 'lib', 'top.s'), '-o', join(work, 'nested.hex'));
    expect(r).toMatchObject({ code: 0, stderr: '' });
    // NOP (03 43), then MOV #7, R5 (35 40 07 00): 6 bytes at .text, 0x4000.
    expect(readFileSync(join(work, 'nested.hex'), 'utf8')).toContain(':06400000034335400700');
  });

  it('defines symbols with -D, and builds the kernel library on its own', () => {
    const src = join(work, 'def.s');
    writeFileSync(src, ' mov #N, r5\n .if FAST\n nop\n .endif\n');
    const ok = unit430('asm', src, '-D', 'N=0x1234', '-D', 'FAST', '-o', join(work, 'def.hex'));
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(readFileSync(join(work, 'def.hex'), 'utf8')).toContain(':06400000354034120343');

    const bad = unit430('asm', src, '-D', '9x', '-o', join(work, 'def.hex'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("bad --define '9x'");

    const library = join(import.meta.dirname, '../../kernels/asm/unit.s');
    for (const define of ['MUL_MPY32=1', 'MUL_MPY32=0']) {
      const r = unit430('asm', library, '-D', define, '-o', join(work, 'unit.elf'));
      expect(r, define).toMatchObject({ code: 0, stderr: '' });
    }
    expect(unit430('asm', library, '-o', join(work, 'unit.elf')).code).toBe(0);
  });
});
