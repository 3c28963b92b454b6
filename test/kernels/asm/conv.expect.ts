// The check every conv kernel run passes: the recorded output and counters (which the twin
// reproduces from the same prepared layer), no MPY32 result read before it was ready and no
// operand written while an operation ran (the emulator reports both as events).
import { expect } from 'vitest';

import {
  runKernel,
  type KernelRun,
  type KernelRunOptions,
  type MultiplierBackEnd,
} from '../../../runtime/kernels/runner.js';
import type { FixtureRun } from '../fixtures/read.js';
import { library } from './helpers.js';

/** Runs one recorded conv run on a back end and checks it; returns the run for more checks. */
export function expectConvRun(
  backEnd: MultiplierBackEnd,
  run: FixtureRun,
  options: KernelRunOptions = {},
): KernelRun {
  const lib = library(backEnd);
  const mpyEvents: string[] = [];
  const stop = lib.program.machine.on('event', (e) => {
    if (e.kind === 'early-read' || e.kind === 'warning') mpyEvents.push(e.message);
  });
  let result: KernelRun;
  try {
    result = runKernel(lib, run.layer, run.input, options);
  } finally {
    stop();
  }
  expect(mpyEvents).toEqual([]);
  expect(Array.from(result.twin.output)).toEqual(run.output);
  expect(result.twin.counters).toEqual(run.counters);
  expect(Array.from(result.output)).toEqual(run.output);
  expect(result.counters).toEqual(run.counters);
  return result;
}
