/**
 * The package's public entry point (`unit430`): assemble a program, run it on the emulated
 * FR5994 with the energy model attached, and read the results, using nothing but the exports.
 */

import { describe, expect, it } from 'vitest';
import { asm, EnergyModel, Machine } from '../emulator/index.js';
import { fr5994 } from '../emulator/chips/fr5994.js';

const PROGRAM = `
        .text
_start: mov.w   #0x5a80, &0x015c    ; stop the watchdog
        mov.w   #10, r12
        clr.w   r13
loop:   add.w   r12, r13            ; r13 = 10 + 9 + ... + 1
        dec.w   r12
        jnz     loop
        bis.w   #0x10, r2           ; CPUOFF with GIE clear: halt
        .section .resetvec, "a"
        .word   _start
`;

describe('unit430 entry point', () => {
  it('assembles, runs to halt and charges energy', () => {
    const assembled = asm.assemble(PROGRAM, { fileName: 'sum.s' });
    expect(assembled.ok).toBe(true);
    if (!assembled.ok) return;

    const machine = new Machine(fr5994());
    expect(machine.load(assembled.value.image).ok).toBe(true);
    machine.reset();
    const energy = new EnergyModel();
    const detach = energy.attach(machine);
    const result = machine.run({ maxCycles: 10_000 });
    detach();

    expect(result.reason).toBe('halt');
    expect(machine.register(13)).toBe(55);
    // UG367 Table 4-10 and §4.5.1.5.3: mov #N,&EDE 4 (5, one less for MOV), mov #10,r12 2,
    // clr r13 1 (constant generator), 10 × (add 1 + dec 1 + jnz 2) = 40, bis #0x10,r2 2 (0x10
    // is no constant-generator value): 4 + 2 + 1 + 40 + 2 = 49.
    expect(result.cycles).toBe(49);
    expect(energy.totalNj).toBeGreaterThan(0);
  });
});
