// Shared helpers of the kernel specs: unwrap results, run a spec through prepare + twin.
import { expect } from 'vitest';
import type { Result } from '../../emulator/result.js';
import {
  prepareConv1d,
  prepareConv2d,
  prepareDense,
  prepareMaxPool1d,
  prepareMaxPool2d,
} from '../../kernels/prepare.js';
import { runLayer } from '../../kernels/layers/index.js';
import {
  zeroCounters,
  type Conv1dSpec,
  type Conv2dSpec,
  type DenseSpec,
  type KernelError,
  type LayerRun,
  type MacCounters,
  type MaxPool1dSpec,
  type MaxPool2dSpec,
  type PreparedLayer,
} from '../../kernels/types.js';

export function unwrap<T>(result: Result<T, KernelError>): T {
  if (!result.ok) {
    throw new Error(result.errors.map((e) => `${e.field}: ${e.message}`).join('\n'));
  }
  return result.value;
}

export function errorsOf<T>(result: Result<T, KernelError>): string[] {
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors.map((e) => e.field);
}

export function run(layer: PreparedLayer, input: ArrayLike<number>): LayerRun {
  return unwrap(runLayer(layer, input));
}

export const runDenseSpec = (spec: DenseSpec, input: ArrayLike<number>): LayerRun =>
  run(unwrap(prepareDense(spec)), input);
export const runConv2dSpec = (spec: Conv2dSpec, input: ArrayLike<number>): LayerRun =>
  run(unwrap(prepareConv2d(spec)), input);
export const runConv1dSpec = (spec: Conv1dSpec, input: ArrayLike<number>): LayerRun =>
  run(unwrap(prepareConv1d(spec)), input);
export const runMaxPool2dSpec = (spec: MaxPool2dSpec, input: ArrayLike<number>): LayerRun =>
  run(unwrap(prepareMaxPool2d(spec)), input);
export const runMaxPool1dSpec = (spec: MaxPool1dSpec, input: ArrayLike<number>): LayerRun =>
  run(unwrap(prepareMaxPool1d(spec)), input);

/** Counters with the fields a case does not mention set to 0. */
export function counters(partial: Partial<MacCounters>): MacCounters {
  return { ...zeroCounters(), ...partial };
}

/** executed + every skip = dense MACs. */
export function expectBalanced(c: MacCounters): void {
  expect(
    c.executedMacs + c.skippedByThreshold + c.skippedByZeroActivation + c.skippedByZeroWeight,
  ).toBe(c.denseMacs);
}
