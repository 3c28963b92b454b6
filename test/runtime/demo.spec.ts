/**
 * The bundled demo (`npm start`): every configuration of the 256 → 10 head runs on the emulated
 * chip, equals its twin, and its counters add up.
 */

import { describe, expect, it } from 'vitest';

import { runDemo } from '../../runtime/demo/dense-head.js';
import { kernelSources } from '../../runtime/kernels/sources.js';

describe('bundled demo', () => {
  const rows = runDemo(kernelSources());

  it('runs seven configurations on both multiplier back ends, each equal to its twin', () => {
    expect(rows).toHaveLength(14);
    expect(rows.filter((r) => !r.matchesTwin)).toEqual([]);
  });

  it('counts every one of the 2,560 MACs as run or skipped', () => {
    for (const r of rows) {
      expect(r.denseMacs).toBe(256 * 10);
      expect(r.executedMacs + r.skippedMacs).toBe(2560);
    }
    const dense = rows.find((r) => r.configuration === 'dense' && r.backEnd === 'mpy32');
    expect(dense?.executedMacs).toBe(2560);
    expect(dense?.maxOutputError).toBe(0);
  });

  it('skips more MACs with the floor reading of the bit shift than with the ceil reading', () => {
    const skipped = (name: string) =>
      rows.find((r) => r.configuration === name && r.backEnd === 'software')?.skippedMacs ?? 0;
    expect(skipped('UnIT T=0.25 shift-floor')).toBeGreaterThan(skipped('UnIT T=0.25 exact'));
    expect(skipped('UnIT T=0.25 exact')).toBeGreaterThan(skipped('UnIT T=0.25 shift-ceil'));
    expect(skipped('UnIT T=0.25 tree')).toBe(skipped('UnIT T=0.25 shift-ceil'));
  });

  it('charges time and energy to every run', () => {
    for (const r of rows) {
      expect(r.cycles).toBeGreaterThan(r.executedMacs);
      expect(r.energyNj).toBeGreaterThan(0);
      expect(r.microseconds).toBeCloseTo(r.cycles / 16, 6);
    }
  });
});
