/** The assembled chip: load, reset, step, run, stop reasons and observer hooks. */

export * from './machine.js';
