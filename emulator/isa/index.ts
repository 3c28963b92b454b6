/**
 * The MSP430/MSP430X instruction set: table, encoder, decoder and CPUXv2 cycle rules.
 * Everything that reads or writes machine code goes through this module.
 */

export * from './operands.js';
export * from './table.js';
export * from './instruction.js';
export * from './encode.js';
export * from './decode.js';
export * from './cycles.js';
export * from './emulated.js';
