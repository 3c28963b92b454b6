/**
 * Machine-level behaviour: reset, stop reasons, interrupts (UG367 §1.3.4), low-power modes
 * (§1.4), vacant memory (§1.9), loading rules and the decode cache.
 */

import { describe, expect, it } from 'vitest';

import { assemble } from '../../../emulator/asm/index.js';
import type { BusEvent } from '../../../emulator/bus/bus.js';
import { fr5994 } from '../../../emulator/chips/fr5994.js';
import { Machine, type MachineEvents } from '../../../emulator/machine/machine.js';

/** Assemble a program at 0x4400 with its reset vector, load it and reset. */
function boot(source: string): Machine {
  const text = `.text\nstart:\n${source}\n.section .resetvec, "ax"\n.word start\n`;
  const r = assemble(text, {
    fileName: 'machine.s',
    sectionStarts: { '.text': 0x4400, '.resetvec': 0xfffe },
  });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
  const m = new Machine(fr5994());
  const loaded = m.load(r.value.image);
  if (!loaded.ok) throw new Error(loaded.errors[0]?.message);
  m.reset();
  return m;
}

function vector(m: Machine, address: number, handler: number): void {
  m.writeWord(address, handler);
}

describe('reset and stop reasons', () => {
  it('starts at the reset vector with SR = 0', () => {
    const m = boot(' mov #0x3c00, sp\n bis #0x10, sr');
    expect(m.pc).toBe(0x4400);
    expect(m.register(2)).toBe(0);
    const r = m.run({ maxCycles: 100 });
    expect(r).toMatchObject({ reason: 'halt', pc: 0x4408, instructions: 2, cycles: 4 });
  });

  it('halts in LPM4 when the reset vector is blank (UG367 §1.16.1)', () => {
    const m = new Machine(fr5994());
    expect(m.mode).toBe('LPM4');
    expect(m.run({ maxCycles: 100 })).toMatchObject({ reason: 'halt', cycles: 0 });
  });

  it('stops a runaway program at the cycle budget', () => {
    const m = boot('loop: jmp loop');
    const r = m.run({ maxCycles: 1001 });
    expect(r).toMatchObject({ reason: 'budget', pc: 0x4400, cycles: 1002, instructions: 501 });
  });

  it('stops at the instruction budget', () => {
    const m = boot('loop: inc r4\n jmp loop');
    expect(m.run({ maxCycles: 1e9, maxInstructions: 10 })).toMatchObject({
      reason: 'budget',
      instructions: 10,
    });
    expect(m.register(4)).toBe(5);
  });

  it('stops at a breakpoint before running it, and resumes from it', () => {
    const m = boot(' mov #1, r4\n mov #2, r5\nhere: mov #3, r6\n bis #0x10, sr');
    const r = m.run({ maxCycles: 100, breakpoints: [0x4404] });
    expect(r).toMatchObject({ reason: 'breakpoint', pc: 0x4404, instructions: 2 });
    expect(m.register(6)).toBe(0);
    expect(m.run({ maxCycles: 100, breakpoints: [0x4404] }).reason).toBe('halt');
    expect(m.register(6)).toBe(3);
  });

  it('faults on an undecodable word instead of running it', () => {
    const m = boot(' mov #1, r4\n .word 0x13c0\n mov #2, r5');
    const r = m.run({ maxCycles: 100 });
    expect(r.reason).toBe('fault');
    expect(r.pc).toBe(0x4402);
    expect(r.fault).toMatchObject({ kind: 'fault', pc: 0x4402, word: 0x13c0 });
    expect(m.register(5)).toBe(0);
  });

  it('stops with exit when the host requests it', () => {
    const m = boot('loop: jmp loop');
    m.run({ maxCycles: 10 });
    m.requestExit(3);
    expect(m.run({ maxCycles: 10 })).toMatchObject({ reason: 'exit', exitCode: 3 });
  });

  it('counts cycles and instructions across runs', () => {
    const m = boot(' mov #0x1234, r4\n add #1, &0x2000\n bis #0x10, sr');
    const r = m.run({ maxCycles: 1000 });
    expect(r).toMatchObject({ reason: 'halt', cycles: 2 + 4 + 2, instructions: 3 });
    expect(m.cycles).toBe(8);
  });
});

describe('interrupts (UG367 §1.3.4)', () => {
  it('pushes PC and SR, clears SR except SCG0, takes 6 cycles, RETI restores', () => {
    const m = boot(
      [
        ' mov #0x3000, sp',
        ' bis #0x48, sr', // GIE + SCG0
        ' nop',
        'main: inc r4',
        ' jmp main',
        'isr: mov sr, r10',
        ' reti',
      ].join('\n'),
    );
    vector(m, 0xfff2, 0x440e);
    m.run({ maxCycles: 4, maxInstructions: 2 });
    const events: MachineEvents['interrupt'][] = [];
    m.on('interrupt', (e) => events.push(e));
    m.setInterrupt(0xfff2, true);
    const before = m.cycles;
    m.step();
    expect(m.cycles - before).toBe(6);
    expect(m.pc).toBe(0x440e);
    expect(m.register(1)).toBe(0x2ffc);
    expect(m.readWord(0x2ffe)).toBe(0x4408);
    expect(m.readWord(0x2ffc)).toBe(0x48);
    expect(m.register(2)).toBe(0x40);
    expect(events).toEqual([{ vector: 0xfff2, pc: 0x4408, cycle: m.cycles, cycles: 6 }]);
    m.setInterrupt(0xfff2, false);
    m.step();
    expect(m.register(10)).toBe(0x40);
    m.step();
    expect(m.pc).toBe(0x4408);
    expect(m.register(2)).toBe(0x48);
    expect(m.register(1)).toBe(0x3000);
  });

  it('peripherals see the current cycle inside the fast loop (HOST_IRQAFTER from its write)', () => {
    // MOV #N,&EDE 4 cycles, MOV #N,SP 2, NOP 1 (UG367 Table 4-10); host-port writes cost 0: the
    // arming write starts at cycle 9, so the request fires at 29, after the JMP that ends there.
    // A fast loop that stamped it with the cycle its batch started at (0) would take it at 20.
    const source = [
      ' mov #0x5a80, &0x015c',
      ' mov #0x3000, sp',
      ' nop\n nop\n nop',
      ' mov #0xffea, &0x0ffa',
      ' mov #20, &0x0ffc',
      ' eint',
      'main: inc r4',
      ' jmp main',
      'isr: jmp isr',
    ].join('\n');
    const cycles = [false, true].map((observed) => {
      const m = boot(source);
      vector(m, 0xffea, 0x4422);
      if (observed) m.on('instruction', () => undefined);
      const seen: number[] = [];
      m.on('interrupt', (e) => seen.push(e.cycle - e.cycles));
      m.run({ maxCycles: 100 });
      return seen[0];
    });
    expect(cycles).toEqual([29, 29]);
  });

  it('a timer armed while GIE is already set ends the running batch (no SR write needed)', () => {
    // MOV #N,&EDE 4, MOV #N,SP 2, EINT 1, NOP 1; the host-port writes cost 0, so the request
    // armed at cycle 8 fires at 28 and is taken after the JMP that ends at 29.
    const source = [
      ' mov #0x5a80, &0x015c',
      ' mov #0x3000, sp',
      ' eint',
      ' nop',
      ' mov #0xffea, &0x0ffa',
      ' mov #20, &0x0ffc',
      'main: inc r4',
      ' jmp main',
      'isr: jmp isr',
    ].join('\n');
    const taken = [false, true].map((observed) => {
      const m = boot(source);
      vector(m, 0xffea, 0x441c);
      if (observed) m.on('instruction', () => undefined);
      const seen: number[] = [];
      m.on('interrupt', (e) => seen.push(e.cycle - e.cycles));
      m.run({ maxCycles: 200 });
      return seen;
    });
    expect(taken).toEqual([[29], [29]]);
  });

  it('takes the highest vector address first', () => {
    const m = boot(' mov #0x3000, sp\n eint\n nop\nloop: jmp loop\nisr1: jmp isr1\nisr2: jmp isr2');
    vector(m, 0xffea, 0x440a);
    vector(m, 0xfff0, 0x440c);
    m.run({ maxCycles: 5, maxInstructions: 3 });
    m.setInterrupt(0xffea, true);
    m.setInterrupt(0xfff0, true);
    m.step();
    expect(m.pc).toBe(0x440c);
  });

  it('runs the instruction after EINT before an interrupt is taken', () => {
    const m = boot(' mov #0x3000, sp\n eint\n mov #7, r4\n mov #8, r5\nisr: jmp isr');
    vector(m, 0xfff2, 0x440c);
    m.setInterrupt(0xfff2, true);
    m.run({ maxCycles: 20, breakpoints: [0x440c] });
    expect(m.register(4)).toBe(7);
    expect(m.register(5)).toBe(0);
    expect(m.readWord(0x2ffe)).toBe(0x440a);
  });

  it('runs exactly one instruction after EINT before a pending interrupt, unobserved too', () => {
    const m = boot(' mov #0x3000, sp\n eint\n mov #7, r4\n mov #8, r5\nisr: jmp isr');
    vector(m, 0xfff2, 0x440c);
    m.setInterrupt(0xfff2, true);
    m.run({ maxCycles: 20 });
    expect([m.register(4), m.register(5), m.readWord(0x2ffe)]).toEqual([7, 0, 0x440a]);
  });

  it('ignores maskable requests with GIE clear', () => {
    const m = boot(' mov #0x3000, sp\n mov #7, r4\n bis #0x10, sr');
    vector(m, 0xfff2, 0x4400);
    m.setInterrupt(0xfff2, true);
    expect(m.run({ maxCycles: 100 }).reason).toBe('halt');
    expect(m.register(4)).toBe(7);
  });

  it('takes non-maskable vectors with GIE clear', () => {
    const m = boot(' mov #0x3000, sp\nloop: jmp loop\nnmi: jmp nmi');
    vector(m, 0xfffa, 0x4406);
    m.step();
    m.setInterrupt(0xfffa, true);
    m.step();
    expect(m.pc).toBe(0x4406);
  });

  it('pushes PC[19:16] in the SR word and RETI returns above 64 KB', () => {
    const m = boot(' mov #0x3000, sp\n eint\n bra #0x12340\nisr: reti');
    m.writeWord(0x12340, 0x3fff); // jmp $
    vector(m, 0xfff2, 0x440a);
    m.run({ maxCycles: 50, maxInstructions: 4 });
    expect(m.pc).toBe(0x12340);
    m.setInterrupt(0xfff2, true);
    m.step();
    expect(m.readWord(0x2ffc)).toBe(0x1008);
    expect(m.readWord(0x2ffe)).toBe(0x2340);
    m.setInterrupt(0xfff2, false);
    m.step();
    expect(m.pc).toBe(0x12340);
    expect(m.register(1)).toBe(0x3000);
    expect(m.register(2)).toBe(0x0008);
  });
});

describe('low-power modes (UG367 §1.4)', () => {
  it('CPUOFF with GIE clear stops with halt and reports the mode change', () => {
    const m = boot(' bis #0xd0, sr');
    const modes: string[] = [];
    m.on('mode', (e) => modes.push(`${e.from}->${e.to}`));
    expect(m.run({ maxCycles: 100 })).toMatchObject({ reason: 'halt', pc: 0x4404 });
    expect(m.mode).toBe('LPM3');
    expect(modes).toEqual(['AM->LPM3']);
  });

  it('an interrupt wakes LPM0; RETI goes back to sleep unless the ISR clears CPUOFF', () => {
    const m = boot(
      [
        ' mov #0x3000, sp',
        ' mov #0x5a80, &0x015c', // stop the watchdog
        ' bis #0x18, sr', // LPM0 + GIE
        ' mov #5, r4', // runs after the ISR cleared CPUOFF on the stack
        ' bis #0x10, sr',
        'isr: bic #0x10, 0(sp)',
        ' reti',
      ].join('\n'),
    );
    vector(m, 0xfff2, 0x4416);
    m.run({ maxCycles: 100, maxInstructions: 3 });
    expect(m.mode).toBe('LPM0');
    m.setInterrupt(0xfff2, true);
    m.step();
    m.setInterrupt(0xfff2, false);
    expect(m.mode).toBe('AM');
    expect(m.run({ maxCycles: 100 }).reason).toBe('halt');
    expect(m.register(4)).toBe(5);
  });

  // One program per mode (UG367 §1.4, Table 1-2: SR bits CPUOFF 0x10, SCG0 0x40, SCG1 0x80,
  // OSCOFF 0x20): the host port raises Timer0_A0's vector (0xFFEA) 100 cycles after its arming
  // write, which starts at cycle 6 (MOV #N,&EDE 4 + MOV #N,SP 2, UG367 Table 4-10; the host-port
  // writes cost 0). BIS #N,SR (2) enters the mode at cycle 8; the CPU sleeps 98 cycles, the
  // interrupt entry (6, UG367 §1.3.4.1) ends at 112 with SR cleared except SCG0. The ISR reads
  // SR (MOV SR,Rn 1), clears GIE in the stacked SR (BIC #8,0(SP): constant generator, 4) and
  // returns (RETI 5, UG367 §1.3.4.2): back in the same mode with GIE clear, a halt at 122.
  // The host port is unit430's device and counts machine cycles in every mode, so it can stand
  // for the external interrupt that would wake LPM3/LPM4 on silicon, where MCLK is off.
  const lpmProgram = (bits: number): string =>
    [
      ' mov #0x5a80, &0x015c', // 0x4400: stop the watchdog
      ' mov #0x3000, sp', // 0x4406
      ' mov #0xffea, &0x0ffa', // 0x440a: HOST_IRQVEC = Timer0_A0
      ' mov #100, &0x0ffc', // 0x4410: HOST_IRQAFTER
      ` bis #${bits | 0x08}, sr`, // 0x4416: the mode + GIE
      ' jmp $', // 0x441a: never runs
      'isr: mov sr, r10', // 0x441c
      ' bic #8, 0(sp)', // 0x441e
      ' reti', // 0x4422
    ].join('\n');

  it.each([
    ['LPM0', '0x10 = CPUOFF', 0x10],
    ['LPM1', '0x50 = CPUOFF | SCG0', 0x50],
    ['LPM2', '0x90 = CPUOFF | SCG1', 0x90],
    ['LPM3', '0xD0 = CPUOFF | SCG0 | SCG1', 0xd0],
    ['LPM4', '0xF0 = CPUOFF | OSCOFF | SCG0 | SCG1', 0xf0],
  ] as const)(
    '%s (SR %s): sleeps until the interrupt, runs the ISR, halts on RETI',
    (mode, _, bits) => {
      const m = boot(lpmProgram(bits));
      vector(m, 0xffea, 0x441c);
      const modes: MachineEvents['mode'][] = [];
      const interrupts: MachineEvents['interrupt'][] = [];
      const isr: [number, number][] = [];
      m.on('mode', (e) => modes.push(e));
      m.on('interrupt', (e) => interrupts.push(e));
      m.on('instruction', (e) => {
        if (e.pc >= 0x441c) isr.push([e.pc, e.cycles]);
      });
      const r = m.run({ maxCycles: 1000 });
      expect(r).toMatchObject({ reason: 'halt', pc: 0x441a, cycles: 122, instructions: 8 });
      expect(m.mode).toBe(mode);
      expect(m.register(2)).toBe(bits);
      expect(m.register(10)).toBe(bits & 0x40); // SCG0 survives the interrupt entry
      expect(modes).toEqual([
        { from: 'AM', to: mode, cycle: 8 },
        { from: mode, to: 'AM', cycle: 112 },
        { from: 'AM', to: mode, cycle: 122 },
      ]);
      expect(interrupts).toEqual([{ vector: 0xffea, pc: 0x441a, cycle: 112, cycles: 6 }]);
      expect(isr).toEqual([
        [0x441c, 1],
        [0x441e, 4],
        [0x4422, 5],
      ]);
      // The fast loop, with no observer attached, counts the same cycles.
      const plain = boot(lpmProgram(bits));
      vector(plain, 0xffea, 0x441c);
      expect(plain.run({ maxCycles: 1000 })).toMatchObject({ reason: 'halt', cycles: 122 });
    },
  );

  it('sleeping with GIE set and nothing scheduled is a halt', () => {
    const m = boot(' mov #0x5a80, &0x015c\n bis #0x18, sr');
    expect(m.run({ maxCycles: 1000 }).reason).toBe('halt');
  });

  it('the running watchdog wakes nothing but resets the chip (PUC) after 32768 cycles', () => {
    const m = boot(' bis #0x18, sr');
    const resets: string[] = [];
    m.on('reset', (e) => resets.push(`${e.cause}@${e.cycle}`));
    expect(m.run({ maxCycles: 40_000 }).reason).toBe('budget');
    expect(resets[0]).toMatch(/^wdt-timeout@3276[0-9]$/);
  });
});

describe('memory map (UG367 §1.9, data sheet Table 9-41)', () => {
  it('vacant memory reads 0x3FFF, ignores writes and reports both', () => {
    const m = boot(' mov &0x3c00, r4\n mov #0x1111, &0x3c02\n mov &0x3c02, r5\n bis #0x10, sr');
    const events: MachineEvents['event'][] = [];
    m.on('event', (e) => events.push(e));
    m.run({ maxCycles: 100 });
    expect(m.register(4)).toBe(0x3fff);
    expect(m.register(5)).toBe(0x3fff);
    const vacant = events.filter((e): e is BusEvent => e.kind === 'vacant');
    expect(vacant.map((e) => `${e.kind}:${'access' in e ? e.access : ''}@${e.address}`)).toEqual([
      `vacant:read@${0x3c00}`,
      `vacant:write@${0x3c02}`,
      `vacant:read@${0x3c02}`,
    ]);
  });

  it('names unmodelled peripheral blocks', () => {
    const m = boot(' mov &0x0800, r4\n mov #1, &0x0a80\n bis #0x10, sr');
    const events: MachineEvents['event'][] = [];
    m.on('event', (e) => events.push(e));
    m.run({ maxCycles: 100 });
    const names = events.map((e) =>
      'block' in e ? e.block : 'peripheral' in e ? e.peripheral : e.kind,
    );
    expect(names).toEqual(['ADC12_B', 'LEA']);
  });

  it('BSL ROM reads as vacant; TLV is read-only', () => {
    const m = boot(' mov &0x1000, r4\n mov #0, &0x1a00\n bis #0x10, sr');
    const kinds: string[] = [];
    m.on('event', (e) => kinds.push(e.kind));
    m.run({ maxCycles: 100 });
    expect(m.register(4)).toBe(0x3fff);
    expect(kinds).toEqual(['vacant', 'read-only']);
    expect(m.readWord(0x1a00)).toBe(0xffff);
  });

  it('refuses to load segments into vacant or peripheral memory', () => {
    const m = new Machine(fr5994());
    const r = m.load({
      segments: [
        { address: 0x4400, data: new Uint8Array(4) },
        { address: 0x3bfe, data: new Uint8Array(4), name: '.bss' },
        { address: 0x0200, data: new Uint8Array(2) },
      ],
      symbols: [],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.address, e.segment])).toEqual([
      [0x3bfe, '.bss'],
      [0x0200, undefined],
    ]);
    expect(r.errors[0]?.message).toMatch(/0x03c00 is vacant/);
  });

  it('stores 20-bit values as two words (UG367 Fig. 4-30)', () => {
    const m = boot(' mova #0xabcde, r4\n mova r4, &0x2000\n bis #0x10, sr');
    m.writeWord(0x2002, 0xffff);
    m.run({ maxCycles: 100 });
    expect(m.readWord(0x2000)).toBe(0xbcde);
    expect(m.readWord(0x2002)).toBe(0x000a);
    expect(m.readAddressWord(0x2000)).toBe(0xabcde);
  });
});

describe('decode cache', () => {
  it('re-decodes code that the program overwrites', () => {
    const m = boot(
      [
        ' mov #2, r5',
        'again: mov #0x101, r4', // rewritten to mov #0x909, r4 below
        ' mov #0x909, &again+2',
        ' dec r5',
        ' jnz again',
        ' bis #0x10, sr',
      ].join('\n'),
    );
    m.run({ maxCycles: 200 });
    expect(m.register(4)).toBe(0x909);
  });

  it('reports every executed instruction to observers', () => {
    const m = boot(' mov #1, r4\n add #0x1234, r4\n bis #0x10, sr');
    const seen: string[] = [];
    m.on('instruction', (e) =>
      seen.push(`${e.pc.toString(16)}:${e.ins.form.mnemonic}:${e.cycles}`),
    );
    m.run({ maxCycles: 100 });
    expect(seen).toEqual(['4400:mov:1', '4402:add:2', '4406:bis:2']);
  });
});

describe('chip peripherals', () => {
  it('stops with exit when the program writes the host port', () => {
    const m = boot(' mov #0x5a80, &0x015c\n mov #7, &0x0ff0\nloop: jmp loop');
    expect(m.run({ maxCycles: 1000 })).toMatchObject({
      reason: 'exit',
      exitCode: 7,
      pc: 0x440c,
      instructions: 2,
    });
  });

  it('charges FRAM wait states at 16 MHz (NWAITS = 1) and none at 8 MHz', () => {
    const body = ' mov #0x5a80, &0x015c\n' + ' nop\n'.repeat(64) + ' mov #0, &0x0ff0';
    const at8 = boot(body);
    expect(at8.configureClock(8_000_000).ok).toBe(true);
    const r8 = at8.run({ maxCycles: 10_000 });
    const at16 = boot(body);
    expect(at16.configureClock(16_000_000).ok).toBe(true);
    const r16 = at16.run({ maxCycles: 10_000 });
    expect(r8).toMatchObject({ reason: 'exit', cycles: 4 + 64 }); // the EXIT write costs 0
    expect(r16.reason).toBe('exit');
    // 140 bytes of straight-line FRAM code: one miss per 8-byte line at least.
    expect(r16.cycles).toBeGreaterThanOrEqual(r8.cycles + Math.floor(140 / 8));
  });

  it('rejects a clock the DCO cannot make', () => {
    const m = new Machine(fr5994());
    expect(m.configureClock(50_000_000).ok).toBe(false);
  });
});
