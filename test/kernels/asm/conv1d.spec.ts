// kernels/asm/conv1d.s against its twin (kernels/layers/conv1d.ts) on every recorded run of the
// committed fixture test/kernels/fixtures/conv1d.json (generator and seed in its header), on both
// multiplier back ends: output words and every counter must match exactly.
import { describe, it } from 'vitest';

import { fixtureRuns } from '../fixtures/read.js';
import { expectConvRun } from './conv.expect.js';
import { BACK_ENDS } from './helpers.js';

const RUNS = fixtureRuns('conv1d');

describe.each(BACK_ENDS)('kernels/asm/conv1d.s, %s multiplier', (backEnd) => {
  it.each(RUNS.map((r) => [r.name, r] as const))('matches the twin: %s', (_, run) => {
    expectConvRun(backEnd, run);
  });
});
