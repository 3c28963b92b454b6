// The counting labels of the assembly kernels (runtime/kernels/counters.ts): every form of the
// grammar parses to its action, malformed labels and shared addresses are typed errors, each
// action books what it says, and attaching the counters changes no cycle and no register.
import { describe, expect, it } from 'vitest';

import {
  countLabels,
  KernelCounters,
  parseCountLabel,
  type CountLabel,
} from '../../../runtime/kernels/counters.js';
import { loadProgram, ptr20 } from '../../../runtime/testing/index.js';
import { zeroCounters } from '../../../kernels/types.js';

describe('parseCountLabel', () => {
  it.each([
    ['__count_exec_a', { how: 'one', kind: 'exec' }],
    ['__count_div_x1', { how: 'one', kind: 'div' }],
    ['__countr12_thr_run', { how: 'register', kind: 'thr', register: 12 }],
    ['__countz9_zx_b', { how: 'zero-weight', kind: 'zx', register: 9 }],
    ['__countrow14_15_thr_row', { how: 'row', kind: 'thr', address: 14, bytes: 15 }],
  ] as const)('%s', (name, action) => {
    expect(parseCountLabel(name)).toEqual({ ok: true, value: action });
  });

  it('is null for symbols that are not counting labels', () => {
    expect(parseCountLabel('unit_dense')).toBeNull();
    expect(parseCountLabel('_count_exec_a')).toBeNull();
  });

  it.each([
    ['__count_mac_a', 'does not follow the grammar'],
    ['__count_exec', 'does not follow the grammar'],
    ['__countr3_thr_a', 'registers must be R4..R15'],
    ['__countz16_zx_a', 'registers must be R4..R15'],
    ['__countrow14_2_thr_a', 'registers must be R4..R15'],
  ])('%s is a typed error: %s', (name, text) => {
    const r = parseCountLabel(name);
    expect(r?.ok).toBe(false);
    if (r === null || r.ok) return;
    expect(r.errors[0]).toMatchObject({ kind: 'count-label', label: name });
    expect(r.errors[0]!.message).toContain(text);
  });
});

describe('countLabels', () => {
  const sym = (name: string, address: number) =>
    ({ name, address, kind: 'label', global: true }) as const;

  it('keeps counting labels only, with their addresses', () => {
    const r = countLabels([sym('f', 0x4400), sym('__count_exec_a', 0x4402)]);
    expect(r).toEqual({
      ok: true,
      value: [{ name: '__count_exec_a', address: 0x4402, action: { how: 'one', kind: 'exec' } }],
    });
  });

  it('reports every bad label and every shared address, not only the first', () => {
    const r = countLabels([
      sym('__count_exec_a', 0x4402),
      sym('__count_thr_b', 0x4402),
      sym('__count_bogus_c', 0x4404),
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.label, e.address])).toEqual([
      ['__count_thr_b', 0x4402],
      ['__count_bogus_c', 0x4404],
    ]);
    expect(r.errors[0]!.message).toBe(
      'counting labels __count_exec_a and __count_thr_b share address 0x4402',
    );
  });
});

// One labelled instruction per action. R12 = run length, R13 = a weight, R14:R15 = a row of
// weights and its size in bytes. Every NOP is 1 cycle and RET 4 (UG367 Tables 4-10, 4-8).
const SOURCE = `
        .text
        .global probe
probe:
__count_exec_a:         nop
__countr12_thr_b:       nop
__countz13_zx_c:        nop
__countrow14_15_thr_d:  nop
        ret
`;

describe('KernelCounters', () => {
  const program = loadProgram(SOURCE, { fileName: 'probe.s' });
  const labels = countLabels(program.image.symbols);
  if (!labels.ok) throw new Error(labels.errors[0]!.message);
  const all: readonly CountLabel[] = labels.value;

  // R12 = 9, R13 = weight, R14 = the row (20-bit pointer), R15 = its 10 bytes.
  const call = (weight: number, counted: boolean) => {
    program.freeBuffers();
    const row = program.alloc('i16', [0, 7, 0, -3, 5]);
    const counters = new KernelCounters(program.machine, all);
    if (counted) counters.attach();
    const r = program.call('probe', [9, weight, ptr20(row.address), 10], { returns: 'void' });
    counters.detach();
    return { r, counters: counters.counters, hits: counters.hits };
  };

  it('books each action: +1, +R12, zero weight first, then the row word by word', () => {
    const expected = zeroCounters();
    expected.executedMacs = 1; // __count_exec_a
    expected.skippedByThreshold = 9 + 3; // R12, then the row's three non-zero weights
    expected.skippedByZeroWeight = 1 + 2; // R13 = 0, then the row's two zero weights
    const { counters, hits } = call(0, true);
    expect(counters).toEqual(expected);
    expect([...hits.values()]).toEqual([1, 1, 1, 1]);
  });

  it('books a skipped MAC with a non-zero weight under its own kind', () => {
    const { counters } = call(4, true);
    expect(counters.skippedByZeroActivation).toBe(1);
    expect(counters.skippedByZeroWeight).toBe(2);
  });

  it('changes no cycle and no register when attached', () => {
    const plain = call(4, false);
    const counted = call(4, true);
    expect(counted.r.cycles).toBe(4 + 4); // four NOPs and RET
    expect(counted.r.cycles).toBe(plain.r.cycles);
    expect(counted.r.registers).toEqual(plain.r.registers);
    expect(plain.counters).toEqual(zeroCounters());
  });
});
