/**
 * The energy model (an observer of the machine) and the FR5994 parameters it charges with.
 * Derivation and assumptions: docs/energy-model.md.
 */

export {
  COMPONENTS,
  EnergyModel,
  energyDifference,
  INTERRUPT_CLASS,
  instructionClass,
  MEMORY_KINDS,
  NO_SYMBOL,
  POWER_MODES,
} from './model.js';
export type {
  AddressRow,
  Component,
  EnergyBreakdown,
  EnergyOptions,
  EnergyRow,
  EnergySnapshot,
  FunctionRow,
  MemoryKind,
  MemoryRow,
  ModeRow,
  ModeTotals,
} from './model.js';
export { deriveCharges, FR5994_ENERGY } from './fr5994.js';
export type { EnergyCharges, EnergyParams, FusedCoefficients, SleepMode } from './fr5994.js';
