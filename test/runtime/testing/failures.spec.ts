// Every problem the kernel-testing API reports, with the exact message a failing test shows.
import { describe, expect, it } from 'vitest';

import {
  i16,
  KernelTestError,
  type KernelProblem,
  loadProgram,
  type Program,
} from '../../../runtime/testing/index.js';

// Each callee breaks one rule. Addresses: .text starts at 0x4000 (docs/assembler.md).
const SOURCE = `
        .text
        .global clobber, unbalanced, overpop, spin, scribble, bad, deep, sleeps, quits, fine
clobber:                        ; 0x4000
        mov     #0, r7
        mov     #0x1234, r9
        ret
unbalanced:                     ; 0x4008
        push    r10
        ret
overpop:                        ; 0x400c
        pop     r11
        ret
spin:                           ; 0x4010
        jmp     spin
scribble:                       ; 0x4012
        mov     #1, &0x2000
        ret
bad:                            ; 0x4018
        .word   0x13c0
deep:                           ; 0x401a
        call    #deep
sleeps:                         ; 0x401e
        bis     #0x10, r2
quits:                          ; 0x4022
        mov     #3, &0x0ff0
fine:                           ; 0x4028
        mov     r12, 0(r13)
        ret
`;

const program = loadProgram(SOURCE, { fileName: 'failures.s' });

/** The problems of a call that must fail. */
function problems(p: Program, run: () => unknown): readonly KernelProblem[] {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(KernelTestError);
    return (e as KernelTestError).problems;
  }
  expect.fail('the call did not fail');
  void p;
  return [];
}

function messages(run: () => unknown): string[] {
  return problems(program, run).map((p) => p.message);
}

describe('call: ABI violations', () => {
  it('names every callee-saved register that changed', () => {
    expect(messages(() => program.call('clobber'))).toEqual([
      'clobber did not preserve R7: 0x7777 before, 0x0000 after ' +
        '(callee-saved R4–R10, SLAA534A §3.2.2)',
      'clobber did not preserve R9: 0x9999 before, 0x1234 after ' +
        '(callee-saved R4–R10, SLAA534A §3.2.2)',
    ]);
  });

  it('reports a return with more pushed than popped', () => {
    expect(messages(() => program.call('unbalanced'))).toEqual([
      'unbalanced did not restore SP before returning: SP = 0x3bfc at 0x400a: ret, ' +
        'but the return address is at 0x3bfe; it pushed 2 bytes more than it popped',
    ]);
  });

  it('reports a return with more popped than pushed', () => {
    const [p] = problems(program, () => program.call('overpop'));
    expect(p).toMatchObject({ kind: 'stack-pointer', expected: 0x3bfe, actual: 0x3c00 });
    expect(p?.message).toBe(
      'overpop did not restore SP before returning: SP = 0x3c00 at 0x400e: ret, ' +
        'but the return address is at 0x3bfe; it popped 2 bytes more than it pushed',
    );
  });

  it('reports RETA after CALL', () => {
    const source = '        .text\nfar:    reta\n';
    const p = loadProgram(source);
    expect(problems(p, () => p.call('far'))[0]?.message).toBe(
      'far did not restore SP before returning: SP = 0x3bfe at 0x4000: reta, but the return ' +
        'address is at 0x3bfe; it returned with RETA, but was called with CALL ' +
        '(CallOptions.convention)',
    );
  });
});

describe('call: runaway and broken code', () => {
  it('stops at the cycle budget and shows where', () => {
    expect(messages(() => program.call('spin', [], { maxCycles: 1000 }))).toEqual([
      'spin did not return within 1000 cycles (CallOptions.maxCycles); stopped after 1000 ' +
        'cycles at 0x4010: jmp spin',
    ]);
  });

  it('reports a CPU fault with the faulting word', () => {
    const [p] = problems(program, () => program.call('bad'));
    expect(p).toMatchObject({ kind: 'fault', pc: 0x4018, word: 0x13c0 });
    expect(p?.message).toBe(
      'bad hit a CPU fault at 0x4018: .word 0x13c0 (0x13c0: reserved CALLA mode)',
    );
  });

  it('reports a stack overflow at the instruction that crossed the limit', () => {
    const [p] = problems(program, () => program.call('deep'));
    expect(p).toMatchObject({ kind: 'stack-overflow', sp: 0x37fe, limit: 0x3800, pc: 0x401a });
    expect(p?.message).toBe(
      'deep overflowed its stack: SP = 0x37fe after 0x401a: call #deep, below the stack ' +
        'region 0x3800–0x3bff (1024 bytes; loadProgram option stack.size)',
    );
  });

  it('reports a callee that stops the CPU', () => {
    expect(messages(() => program.call('sleeps'))).toEqual([
      'sleeps stopped the CPU (low-power mode with interrupts off) before 0x4022, ' +
        'without returning',
    ]);
  });

  it('reports a host-port exit, and the next call still works', () => {
    expect(messages(() => program.call('quits'))).toEqual([
      'quits ended the run through the host port (exit code 3) before 0x4028',
    ]);
    const out = program.alloc('u16', 1);
    program.call('fine', [7, out], { returns: 'void' });
    expect(out.get(0)).toBe(7);
  });
});

describe('call: strict mode', () => {
  it('rejects a write outside the buffers, naming address, PC and instruction', () => {
    const [p] = problems(program, () => program.call('scribble', [], { strict: true }));
    expect(p).toMatchObject({ kind: 'write', address: 0x2000, size: 2, pc: 0x4012 });
    expect(p?.message).toBe(
      "scribble wrote 2 bytes at 0x2000, outside its buffers, stack and the program's data " +
        '(strict mode), at 0x4012: mov #1, &0x2000',
    );
  });

  it('accepts writes to reserved buffers and to allowWrites', () => {
    const out = program.alloc('i16', 1, { name: 'out' });
    program.call('fine', [i16(-5), out], { strict: true, returns: 'void' });
    expect(out.get(0)).toBe(-5);
    program.call('scribble', [], { strict: true, allowWrites: [{ start: 0x2000, end: 0x2002 }] });
  });

  it('is off unless asked for', () => {
    expect(program.call('scribble', [], { returns: 'void' }).value).toBeUndefined();
  });
});

describe('arguments, symbols and memory', () => {
  it('names a missing symbol and similar ones', () => {
    expect(messages(() => program.call('clobbr'))).toEqual([
      'no symbol clobbr in the program (similar: clobber)',
    ]);
  });

  it('rejects numbers that do not fit a register', () => {
    expect(messages(() => program.call('fine', [70000]))).toEqual([
      'argument 1: 70000 does not fit a 16-bit register (-32768..65535); wrap it in i32() ' +
        'or u32() for a 32-bit argument',
    ]);
    expect(() => i16(40000)).toThrow('40000 is not a valid i16 (-32768..32767)');
  });

  it('rejects buffers out of reach of a 16-bit pointer', () => {
    const high = program.alloc('u16', 4, { region: 'hifram', name: 'high' });
    expect(messages(() => program.call('fine', [1, high]))).toEqual([
      'argument 2: a buffer at 0x10000 cannot be passed as a 16-bit pointer; ' +
        'use ptr20() for the large data model',
    ]);
  });

  it('reports a buffer that does not fit', () => {
    expect(() => program.alloc('i32', 5000, { name: 'huge' })).toThrow(
      /^cannot reserve 20000 bytes for huge in sram: the largest free block is \d+ bytes/,
    );
  });

  it('reports reads and writes past the end of a buffer', () => {
    const b = program.alloc('i16', 4, { name: 'weights' });
    expect(() => b.write([1, 2, 3], 2)).toThrow(
      'cannot write elements 2..4 of weights: it holds 4 i16 elements (8 bytes at 0x',
    );
    expect(() => b.get(4)).toThrow('cannot read element 4 of weights');
    expect(() => b.set(0, 40000)).toThrow('weights[0]: 40000 does not fit i16');
  });

  it('reports assembler errors with file, line and column', () => {
    expect(() => loadProgram('        .text\n        movv r1, r2\n', { fileName: 'x.s' })).toThrow(
      /^x\.s:2:9: /,
    );
  });

  it('tryCall returns the problems instead of throwing', () => {
    const r = program.tryCall('clobber');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.kind)).toEqual(['callee-saved', 'callee-saved']);
  });
});
