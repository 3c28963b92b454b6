/**
 * The host port's zero-cost rule (docs/peripherals.md): an instruction that touches 0x0FF0–0x0FFF
 * costs 0 cycles — base cycles and FRAM wait states refunded — and 0 nJ, so ENTER/LEAVE markers
 * and the EXIT write do not perturb what they measure.
 */

import { describe, expect, it } from 'vitest';

import { assemble } from '../../../emulator/asm/index.js';
import { fr5994 } from '../../../emulator/chips/fr5994.js';
import { EnergyModel, type EnergyBreakdown } from '../../../emulator/energy/index.js';
import { Machine, type MachineEvents } from '../../../emulator/machine/machine.js';

/**
 * A multiply-accumulate loop over an FRAM table (cache misses and hits, SRAM writes), 50 times.
 * `marked` wraps it in HOST_ENTER / HOST_LEAVE. The code runs from section `.loop`; the table
 * and the region name stay in `.text` (FRAM 0x4400), with start-up code the same in both.
 */
function loop(marked: boolean): string {
  return [
    ' .text',
    'start: mov #0x5a80, &0x015c',
    ' mov #0x3c00, sp',
    ' br #loop',
    'name: .asciz "mac"',
    ' .balign 2',
    'table: .word 0x1234, 0xfedc, 0x0f0f, 0x8001, 0x7fff, 0x0003, 0xa5a5, 0x5a5a',
    ' .word 0x0101, 0x8000, 0xffff, 0x1357, 0x2468, 0x0002, 0x3c3c, 0xc3c3',
    ' .section .loop, "ax"',
    'loop:',
    marked ? ' mov #name, &0x0ff4' : '',
    ' mov #50, r10',
    'outer: mov #table, r4',
    ' mov #16, r11',
    'inner: mov @r4+, r6',
    ' add r6, r12',
    ' addc #0, r13',
    ' rla r6',
    ' mov r6, &0x2400',
    ' dec r11',
    ' jnz inner',
    ' dec r10',
    ' jnz outer',
    marked ? ' mov #name, &0x0ff6' : '',
    ' mov #0, &0x0ff0',
    ' .section .resetvec, "ax"',
    ' .word start',
  ].join('\n');
}

interface Measured {
  readonly cycles: number;
  readonly instructions: number;
  readonly fj: number;
  readonly regions: EnergyBreakdown['regions'];
  readonly hostPort: EnergyBreakdown['hostPort'];
}

function measure(source: string, codeAt: number, mclkHz: number): Measured {
  const r = assemble(source, {
    fileName: 'host-port-cost.s',
    sectionStarts: { '.text': 0x4400, '.loop': codeAt, '.resetvec': 0xfffe },
  });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
  const m = new Machine(fr5994());
  const loaded = m.load(r.value.image);
  if (!loaded.ok) throw new Error(loaded.errors[0]?.message);
  m.reset();
  const clocked = m.configureClock(mclkHz);
  if (!clocked.ok) throw new Error(clocked.errors[0]);
  const model = new EnergyModel();
  model.attach(m);
  const result = m.run({ maxCycles: 1_000_000 });
  if (result.reason !== 'exit') throw new Error(`stopped with ${result.reason}`);
  const b = model.breakdown();
  return {
    cycles: result.cycles,
    instructions: result.instructions,
    fj: model.totalFemtojoules,
    regions: b.regions,
    hostPort: b.hostPort,
  };
}

describe('host-port zero-cost rule', () => {
  it('ENTER/LEAVE around an SRAM loop at 16 MHz: same cycles and femtojoules as without', () => {
    // Code in SRAM: the markers' own fetches touch no FRAM line, so nothing at all differs.
    // Cycles (UG367 Tables 4-8, 4-10): start-up MOV #N,&EDE 4 + MOV #N,SP 2 + BR #N 3, MOV #50 2,
    // 50 outer passes of MOV #N,Rn 2 + 2, DEC 1, JNZ 2 and 16 inner passes of MOV @Rn+,Rn 2,
    // ADD 1, ADDC #0 1, RLA 1, MOV Rn,&EDE 3, DEC 1, JNZ 2 = 11 → 9 161 at 1 MHz. At 16 MHz one
    // wait state per miss: the start-up code's 2 lines, the table's 5 lines (it starts at
    // 0x4412; three of them share one set of the 2 × 2-way cache) on the first pass, then 3
    // misses per pass: 2 + 5 + 49 × 3 = 154 → 9 315.
    const plain = measure(loop(false), 0x2000, 16_000_000);
    const marked = measure(loop(true), 0x2000, 16_000_000);
    expect(plain.cycles).toBe(PLAIN_SRAM_CYCLES);
    expect(marked.cycles).toBe(PLAIN_SRAM_CYCLES);
    expect(marked.fj).toBe(plain.fj);
    expect(marked.instructions).toBe(plain.instructions + 2);
    // Refunded: ENTER and LEAVE (MOV #N,&EDE) 4 each, EXIT (MOV #0,&EDE, constant generator) 3.
    expect(marked.hostPort).toEqual({ instructions: 3, cycles: 4 + 4 + 3 });
    // The region holds everything between the markers: the whole loop, none of the markers.
    expect(marked.regions.mac).toMatchObject({
      count: 1,
      cycles: PLAIN_SRAM_CYCLES - 4 - 2 - 3 - STARTUP_MISSES,
    });
  });

  it('ENTER/LEAVE around an FRAM loop at 1 MHz: same cycles (no wait states to shift)', () => {
    const plain = measure(loop(false), 0x5000, 1_000_000);
    const marked = measure(loop(true), 0x5000, 1_000_000);
    expect(plain.cycles).toBe(PLAIN_FRAM_CYCLES);
    expect(marked.cycles).toBe(PLAIN_FRAM_CYCLES);
  });

  it('refunds base cycles and wait states, reports them on the instruction event', () => {
    const seen: MachineEvents['instruction'][] = [];
    const r = assemble(
      ' .text\nstart: mov #0x5a80, &0x015c\n mov #1, &0x0ff2\n mov #0, &0x0ff0\n' +
        ' .section .resetvec, "ax"\n .word start\n',
      { fileName: 'refund.s', sectionStarts: { '.text': 0x4400, '.resetvec': 0xfffe } },
    );
    if (!r.ok) throw new Error(r.errors[0]?.message);
    const m = new Machine(fr5994());
    m.load(r.value.image);
    m.reset();
    m.configureClock(16_000_000);
    m.on('instruction', (e) => seen.push(e));
    const result = m.run({ maxCycles: 1000 });
    // MOV #N,&EDE 4 cycles + a miss on line 0x4400; MOV #1,&EDE (constant generator) 3 + a
    // miss on line 0x4408, refunded; MOV #0,&EDE 3, a hit, refunded (UG367 Table 4-10).
    expect(seen.map((e) => [e.cycles, e.refunded])).toEqual(SEEN);
    expect(result).toMatchObject({ reason: 'exit', cycles: SEEN[0]![0], instructions: 3 });
  });
});

const PLAIN_SRAM_CYCLES = 9_315;
const PLAIN_FRAM_CYCLES = 9_161;
/** Misses of the start-up code's two lines at 16 MHz. */
const STARTUP_MISSES = 2;
const SEEN: [number, number][] = [
  [5, 0],
  [0, 4],
  [0, 3],
];
