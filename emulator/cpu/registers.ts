/**
 * CPUXv2 register file constants: register numbers, status-register bits and low-power modes.
 *
 * Follows UG367 §4.3 (registers), Fig. 4-9 (SR bits) and the LPM bit sets of `msp430fr5994.h`.
 */

export const PC = 0;
export const SP = 1;
export const SR = 2;
export const CG2 = 3;

/** Status-register bits (UG367 Fig. 4-9). */
export const C = 0x0001;
export const Z = 0x0002;
export const N = 0x0004;
export const GIE = 0x0008;
export const CPUOFF = 0x0010;
export const OSCOFF = 0x0020;
export const SCG0 = 0x0040;
export const SCG1 = 0x0080;
export const V = 0x0100;

/** The four arithmetic flags. */
export const FLAGS = C | Z | N | V;
/** Bits that select a low-power mode. */
export const LPM_BITS = CPUOFF | OSCOFF | SCG0 | SCG1;

export type PowerMode = 'AM' | 'LPM0' | 'LPM1' | 'LPM2' | 'LPM3' | 'LPM4';

/** Operating mode from the SR bits (UG367 Table 1-2; only CPUOFF decides whether code runs). */
export function powerMode(sr: number): PowerMode {
  if ((sr & CPUOFF) === 0) return 'AM';
  if (sr & OSCOFF) return 'LPM4';
  const scg = ((sr & SCG1) !== 0 ? 2 : 0) | ((sr & SCG0) !== 0 ? 1 : 0);
  return (['LPM0', 'LPM1', 'LPM2', 'LPM3'] as const)[scg]!;
}

export const REGISTER_NAMES: readonly string[] = [
  'pc',
  'sp',
  'sr',
  'r3',
  'r4',
  'r5',
  'r6',
  'r7',
  'r8',
  'r9',
  'r10',
  'r11',
  'r12',
  'r13',
  'r14',
  'r15',
];
