/**
 * The energy reading of one kernel call. The energy model (emulator/energy) is an observer on
 * the machine; until it is available every call reports `energyNj: null`.
 */

import type { Machine } from '../../emulator/machine/machine.js';

/** Measures the energy of the code run between `start` and `stop`. */
export interface EnergyMeter {
  start(): void;
  /** nJ since `start`, or null when no energy model is available. */
  stop(): number | null;
}

/** The meter used while emulator/energy does not exist: it always reports null. */
export function createEnergyMeter(machine: Machine): EnergyMeter {
  void machine;
  return {
    start: () => undefined,
    stop: () => null,
  };
}
