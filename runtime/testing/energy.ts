/**
 * The energy of one kernel call: a fresh EnergyModel (emulator/energy, FR5994 parameters at
 * their default supply) attached for exactly the span whose cycles the call reports, so cycles
 * and energy cover the same instructions.
 */

import { EnergyModel } from '../../emulator/energy/index.js';
import type { ImageSymbol } from '../../emulator/image/image.js';
import type { Machine } from '../../emulator/machine/machine.js';

/** Measures the energy of the code run between `start` and `stop`. */
export interface EnergyMeter {
  start(): void;
  /** The model of the span since `start`, detached; its `totalNj` is the call's energy. */
  stop(): EnergyModel;
}

export function createEnergyMeter(machine: Machine, symbols: readonly ImageSymbol[]): EnergyMeter {
  let model = new EnergyModel(undefined, { symbols });
  let detach: (() => void) | null = null;
  return {
    start: () => {
      model = new EnergyModel(undefined, { symbols });
      detach = model.attach(machine);
    },
    stop: () => {
      detach?.();
      detach = null;
      return model;
    },
  };
}
