/** The CPUXv2 core: registers, execution, interrupts entry. */

export * from './registers.js';
export * from './cpu.js';
