// What a call reports: cycles and instructions from the callee's first instruction to its
// return (RET counted, CALL not), energy of the same span, registers, and the machine state a
// callee starts from.
import { describe, expect, it } from 'vitest';

import { loadProgram } from '../../../runtime/testing/index.js';

const SOURCE = `
        .text
empty:  ret                     ; RET: 4 cycles (UG367 Table 4-8)
one:    nop                     ; 1
        ret
nested: call    #one            ; CALL #imm: 4, then one: 5
        ret
farret: reta                    ; RETA: 5 (UG367 Table 4-19)
state:  mov     r2, r12         ; SR as the callee finds it
        mov     r1, r13         ; SP as the callee finds it
        ret
loop:   dec     r12             ; 1
        jnz     loop            ; 2
        ret
`;

const program = loadProgram(SOURCE, { fileName: 'call.s' });

describe('call: what is counted', () => {
  it.each([
    ['empty', 'call', 4, 1],
    ['one', 'call', 5, 2],
    ['nested', 'call', 4 + 5 + 4, 4],
    ['farret', 'calla', 5, 1],
  ] as const)('%s: %i cycles', (name, convention, cycles, instructions) => {
    const r = program.call(name, [], { convention, returns: 'void' });
    expect(r.cycles).toBe(cycles);
    expect(r.instructions).toBe(instructions);
  });

  it('counts every iteration of a loop: 3 cycles each, plus RET', () => {
    for (const n of [1, 5, 100]) expect(program.call('loop', [n]).cycles).toBe(3 * n + 4);
  });

  it('starts the callee with SR = 0 and SP at the return address', () => {
    const r = program.call('state', [], { returns: 'u32' });
    expect(r.registers[12]).toBe(0);
    expect(r.registers[13]).toBe(program.stack.end - 2);
  });

  it('leaves R4–R10 as the markers it checked and returns R0–R15', () => {
    const r = program.call('empty', [], { returns: 'void' });
    expect(r.registers.slice(4, 11)).toEqual([
      0x4444, 0x5555, 0x6666, 0x7777, 0x8888, 0x9999, 0xaaaa,
    ]);
    expect(r.registers).toHaveLength(16);
  });

  it('reports the same cycles at 8 MHz, where FRAM needs no wait states', () => {
    const fast = loadProgram(SOURCE, { mclkHz: 8_000_000 });
    expect(fast.call('loop', [10]).cycles).toBe(program.call('loop', [10]).cycles);
  });
});

describe('call: energy', () => {
  it('is positive, deterministic and grows with the work done', () => {
    const short = program.call('loop', [10]);
    const again = program.call('loop', [10]);
    const long = program.call('loop', [100]);
    expect(short.energyNj).toBeGreaterThan(0);
    expect(again.energyNj).toBe(short.energyNj);
    expect(long.energyNj).toBeGreaterThan(5 * short.energyNj);
  });

  it('covers the same span as the cycles: the model saw exactly the call', () => {
    const r = program.call('nested', [], { returns: 'void' });
    const breakdown = r.energy.breakdown();
    expect(breakdown.totalNj).toBe(r.energyNj);
    expect(breakdown.cycles).toBe(r.cycles);
    expect(Object.keys(breakdown.functions).sort()).toEqual(['nested', 'one']);
  });
});
