/**
 * Bus observers: every access reports its memory class, the FRAM controller's outcome (cache hit,
 * miss, write; UG367 §8.2.3.6) and the wait states it added (NWAITS on a miss, UG367 Table 8-1).
 */

import { describe, expect, it } from 'vitest';

import { assemble } from '../../../emulator/asm/index.js';
import { Access, FramOutcome, type AccessSize } from '../../../emulator/bus/bus.js';
import { MemoryClass } from '../../../emulator/bus/memory-map.js';
import { fr5994 } from '../../../emulator/chips/fr5994.js';
import { Machine } from '../../../emulator/machine/machine.js';

interface Seen {
  kind: Access;
  address: number;
  size: AccessSize;
  memory: MemoryClass;
  fram: FramOutcome;
  waits: number;
}

function boot(source: string, mclkHz?: number): Machine {
  const text = `.text\nstart:\n${source}\n.section .resetvec, "ax"\n.word start\n`;
  const r = assemble(text, {
    fileName: 'observer.s',
    sectionStarts: { '.text': 0x4400, '.resetvec': 0xfffe },
  });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
  const m = new Machine(fr5994());
  const loaded = m.load(r.value.image);
  if (!loaded.ok) throw new Error(loaded.errors[0]?.message);
  m.reset();
  if (mclkHz !== undefined && !m.configureClock(mclkHz).ok) throw new Error('clock');
  return m;
}

function observe(m: Machine): Seen[] {
  const seen: Seen[] = [];
  m.onAccess({
    access: (kind, address, size, memory, fram, waits) =>
      seen.push({ kind, address, size, memory, fram, waits }),
  });
  return seen;
}

describe('bus observers', () => {
  it('see an FRAM fetch miss fill a line and the next word of that line hit', () => {
    const m = boot(' mov #0x5a80, &0x015c\n inc r5\n inc r5');
    const seen = observe(m);
    m.step(); // 3 words at 0x4400: the first misses, the next two hit the filled 8-byte line
    const fetches = seen.filter((s) => s.kind === Access.Fetch);
    expect(fetches.map((s) => s.fram)).toEqual([
      FramOutcome.Miss,
      FramOutcome.Hit,
      FramOutcome.Hit,
    ]);
    expect(fetches.every((s) => s.memory === MemoryClass.Fram)).toBe(true);
  });

  it('report the NWAITS wait state of a miss at 16 MHz and none on a hit', () => {
    const m = boot(' mov #0x5a80, &0x015c\n inc r5\n inc r5', 16_000_000);
    const seen = observe(m);
    m.step();
    const fetches = seen.filter((s) => s.kind === Access.Fetch);
    expect(fetches.map((s) => s.waits)).toEqual([1, 0, 0]);
  });

  it('report FRAM writes, SRAM and peripheral accesses with no FRAM outcome', () => {
    const m = boot(' mov #0x5a80, &0x015c\n mov r5, &0x5000\n mov r5, &0x2000');
    const seen = observe(m);
    m.run({ maxCycles: 20, maxInstructions: 3 });
    const data = seen.filter((s) => s.kind !== Access.Fetch);
    expect(data).toEqual([
      expect.objectContaining({ kind: Access.Write, memory: MemoryClass.Peripheral, fram: 0 }),
      expect.objectContaining({ kind: Access.Write, address: 0x5000, fram: FramOutcome.Write }),
      expect.objectContaining({ kind: Access.Write, memory: MemoryClass.Sram, fram: 0 }),
    ]);
  });
});
