// kernels/asm/conv2d.s against its twin (kernels/layers/conv2d.ts) on every recorded run of the
// committed fixture test/kernels/fixtures/conv2d.json (generator and seed in its header), on both
// multiplier back ends: output words and every counter must match exactly.
import { describe, expect, it } from 'vitest';

import { fixtureRuns } from '../fixtures/read.js';
import { expectConvRun } from './conv.expect.js';
import { BACK_ENDS } from './helpers.js';

const RUNS = fixtureRuns('conv2d');

describe.each(BACK_ENDS)('kernels/asm/conv2d.s, %s multiplier', (backEnd) => {
  it.each(RUNS.map((r) => [r.name, r] as const))('matches the twin: %s', (_, run) => {
    expectConvRun(backEnd, run);
  });
});

describe('kernels/asm/conv2d.s, buffers below 64 KB', () => {
  it('reads input, weights, bias and groups from SRAM (16-bit addresses) as well', () => {
    const run = RUNS.find((r) => r.name === 'random: unit shift-floor eT=-1 groups relu');
    expect(run).toBeDefined();
    if (run === undefined) return;
    expectConvRun('mpy32', run, {
      regions: { input: 'sram', weights: 'sram', bias: 'sram', groups: 'sram' },
    });
  });
});
