/**
 * FRAM timing at 16 MHz (NWAITS = 1, UG367 §8.2.3) pinned to numbers recorded before the fetch
 * path was optimised: cycles, the FRAM controller's hit / miss / write counters and, with the
 * energy model attached, the hit/miss sequence and the energy in femtojoules. The programs mix
 * straight-line code, loops, calls, FRAM data reads, FRAM writes into lines the CPU is executing
 * (write-around invalidation, FUSED cache model) and an interrupt, so every cache path is taken.
 */

import { describe, expect, it } from 'vitest';

import { assemble } from '../../../emulator/asm/index.js';
import { Access, FramOutcome } from '../../../emulator/bus/bus.js';
import { fr5994 } from '../../../emulator/chips/fr5994.js';
import { EnergyModel } from '../../../emulator/energy/index.js';
import { Machine } from '../../../emulator/machine/machine.js';
import type { FramController } from '../../../emulator/peripherals/frctl.js';

/** Multiply-accumulate over FRAM vectors (data reads interleaved with fetches). */
const MAC = `
 mov #20, r10
outer:
 mov #xs, r4
 mov #ws, r5
 mov #8, r11
 clr r12
 clr r13
inner:
 mov @r4+, r6
 mov @r5+, r7
 clr r8
 clr r9
 clr r14
 mov #16, r15
mul:
 clrc
 rrc r7
 jnc skip
 add r6, r8
 addc r14, r9
skip:
 rla r6
 rlc r14
 dec r15
 jnz mul
 add r8, r12
 addc r9, r13
 dec r11
 jnz inner
 dec r10
 jnz outer
 mov r12, &0x1d00
 mov #0, &0x0ff0
xs: .word 0x1234, 0xfedc, 0x0f0f, 0x8001, 0x7fff, 0x0003, 0xa5a5, 0x5a5a
ws: .word 0x0101, 0x8000, 0xffff, 0x1357, 0x2468, 0x0002, 0x3c3c, 0xc3c3
`;

/** Copy, bubble sort with a CALLed swap, byte checksum, FRAM writes next to running code. */
const MIXED = `
 mov #0xffea, &0x0ffa
 mov #700, &0x0ffc
 eint
 mov #12, r10
again:
 mov #table, r4
 mov #0x1c00, r5
 mov #16, r6
copy:
 mov @r4+, 0(r5)
 incd r5
 dec r6
 jnz copy
 mov #15, r7
pass:
 mov #0x1c00, r4
 mov r7, r6
step:
 cmp @r4, 2(r4)
 jhs noswap
 call #swap
noswap:
 incd r4
 dec r6
 jnz step
 dec r7
 jnz pass
 mov #0x1c00, r4
 mov #32, r6
 clr r12
sum:
 xor.b @r4+, r12
 rla.b r12
 adc.b r12
 dec r6
 jnz sum
 add r12, &scratch
 add r10, &table
 jmp near
scratch: .word 0
near:
 mov &scratch, r13
 dec r10
 jnz again
 dint
 mov #0, &0x0ff0
swap:
 push r8
 mov @r4, r8
 mov 2(r4), 0(r4)
 mov r8, 2(r4)
 pop r8
 ret
isr:
 inc &scratch
 reti
table: .word 0x9a3b, 0x0004, 0x7c1e, 0xe001, 0x3333, 0x8c8c, 0x0100, 0x55aa
 .word 0x2b2b, 0xd00d, 0x0042, 0xf00f, 0x1e1e, 0x6000, 0x0bad, 0xcafe
`;

function boot(body: string): Machine {
  const source = [
    ' .text',
    'start: mov #0x5a80, &0x015c',
    ' mov #0x3c00, sp',
    body,
    ' .section .timer, "ax"',
    ' .word isr',
    ' .section .resetvec, "ax"',
    ' .word start',
  ].join('\n');
  const withIsr = body.includes('isr:') ? source : source.replace(' .word isr', ' .word start');
  const r = assemble(withIsr, {
    fileName: 'fram-timing.s',
    sectionStarts: { '.text': 0x4400, '.timer': 0xffea, '.resetvec': 0xfffe },
  });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
  const m = new Machine(fr5994());
  const loaded = m.load(r.value.image);
  if (!loaded.ok) throw new Error(loaded.errors[0]?.message);
  m.reset();
  const clocked = m.configureClock(16_000_000);
  if (!clocked.ok) throw new Error(clocked.errors[0]);
  return m;
}

function frctl(m: Machine): FramController {
  return m.peripheral('FRCTL_A') as FramController;
}

interface Outcome {
  readonly cycles: number;
  readonly instructions: number;
  readonly r12: number;
  readonly r13: number;
  readonly fetchHits: number;
  readonly fetchMisses: number;
  readonly dataHits: number;
  readonly dataMisses: number;
  readonly writes: number;
  readonly writeInvalidations: number;
  readonly waitStates: number;
}

function outcome(m: Machine): Outcome {
  const r = m.run({ maxCycles: 10_000_000 });
  if (r.reason !== 'exit') throw new Error(`stopped with ${r.reason}`);
  const s = frctl(m).stats;
  return {
    cycles: r.cycles,
    instructions: r.instructions,
    r12: m.register(12),
    r13: m.register(13),
    fetchHits: s.fetchHits,
    fetchMisses: s.fetchMisses,
    dataHits: s.dataHits,
    dataMisses: s.dataMisses,
    writes: s.writes,
    writeInvalidations: s.writeInvalidations,
    waitStates: s.waitStates,
  };
}

/** FNV-1a over the FRAM outcome of every observed fetch and read, in order. */
function sequenceHash(m: Machine): () => { hash: number; events: number } {
  let hash = 0x811c9dc5;
  let events = 0;
  m.onAccess({
    access: (kind, address, _size, _memory, fram) => {
      if (fram !== FramOutcome.Hit && fram !== FramOutcome.Miss) return;
      const code = (kind === Access.Fetch ? 2 : 0) | (fram === FramOutcome.Hit ? 1 : 0);
      hash = Math.imul(hash ^ ((address << 2) | code), 0x01000193) >>> 0;
      events++;
    },
  });
  return () => ({ hash, events });
}

/** Recorded at commit b9e16ff, before the fetch path was optimised. */
const RECORDED: Record<'mac' | 'mixed', Outcome> = {
  mac: {
    cycles: 28_773,
    instructions: 21_625,
    r12: 34_132,
    r13: 5_759,
    fetchHits: 20_829,
    fetchMisses: 1_002,
    dataHits: 0,
    dataMisses: 320,
    writes: 0,
    writeInvalidations: 0,
    waitStates: 1_322,
  },
  mixed: {
    cycles: 40_354,
    instructions: 15_898,
    r12: 163,
    r13: 1_547,
    fetchHits: 17_425,
    fetchMisses: 3_331,
    dataHits: 144,
    dataMisses: 86,
    writes: 25,
    writeInvalidations: 25,
    waitStates: 3_442,
  },
};

/** The same runs with the energy model: FNV-1a of the hit/miss sequence and total fJ. */
const RECORDED_OBSERVED: Record<'mac' | 'mixed', { hash: number; events: number; fj: number }> = {
  mac: { hash: 2_210_946_508, events: 22_151, fj: 7_226_449_829 },
  mixed: { hash: 3_395_245_638, events: 20_986, fj: 10_943_870_833 },
};

describe('FRAM timing at 16 MHz, pinned', () => {
  for (const [name, body] of [
    ['mac', MAC],
    ['mixed', MIXED],
  ] as const) {
    it(`${name}: cycles and cache counters without observers`, () => {
      const got = outcome(boot(body));
      expect(got).toEqual(RECORDED[name]);
    });

    it(`${name}: the same with the energy model, plus hit/miss sequence and energy`, () => {
      const m = boot(body);
      const model = new EnergyModel();
      model.attach(m);
      const sequence = sequenceHash(m);
      const got = outcome(m);
      const observed = { ...sequence(), fj: model.totalFemtojoules };
      expect(got).toEqual(RECORDED[name]);
      expect(observed).toEqual(RECORDED_OBSERVED[name]);
    });
  }
});
