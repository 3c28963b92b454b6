import { describe, expect, it } from 'vitest';

import { FR5994_PERIPHERAL_BLOCKS } from '../../../emulator/chips/fr5994.js';
import { createFr5994Peripherals } from '../../../emulator/peripherals/fr5994.js';
import { UnmodelledBlock } from '../../../emulator/peripherals/unmodelled.js';
import { FakeContext } from './fake-context.js';

const hooks = {
  exit: () => undefined,
  putChar: () => undefined,
  enterRegion: () => undefined,
  leaveRegion: () => undefined,
  readByte: () => 0,
};

describe('unmodelled blocks', () => {
  it('TA0 reads 0, ignores writes and reports every access by name', () => {
    const ctx = new FakeContext();
    const ta0 = FR5994_PERIPHERAL_BLOCKS.find((b) => b.name === 'TA0');
    expect(ta0).toEqual({ name: 'TA0', start: 0x0340, end: 0x036f });
    const block = new UnmodelledBlock(ctx, ta0 ?? { name: '', start: 0, end: 0 });
    block.write16(0x0340, 0x0210);
    expect(block.read16(0x0340)).toBe(0);
    expect(block.read8(0x0341)).toBe(0);
    expect(ctx.eventsOf('unmodelled').map((e) => [e.peripheral, e.address])).toEqual([
      ['TA0', 0x0340],
      ['TA0', 0x0340],
      ['TA0', 0x0341],
    ]);
  });

  it('LEA answers 0x0A80–0x0AFF', () => {
    const lea = FR5994_PERIPHERAL_BLOCKS.find((b) => b.name === 'LEA');
    expect(lea).toEqual({ name: 'LEA', start: 0x0a80, end: 0x0aff });
  });
});

describe('createFr5994Peripherals', () => {
  const p = createFr5994Peripherals(new FakeContext(), hooks, FR5994_PERIPHERAL_BLOCKS);

  it('names every modelled block', () => {
    expect([p.mpy32, p.wdt, p.cs, p.frctl, p.sfr, p.sys, p.pmm, p.host].map((x) => x.name)).toEqual(
      ['MPY32', 'WDT_A', 'CS', 'FRCTL_A', 'SFR', 'SYS', 'PMM', 'HOST'],
    );
    expect(p.unmodelled).toHaveLength(32);
  });

  it('each modelled block has the range the peripheral file map gives it', () => {
    for (const x of [p.mpy32, p.wdt, p.cs, p.frctl, p.sfr, p.sys, p.pmm]) {
      const block = FR5994_PERIPHERAL_BLOCKS.find((b) => b.name === x.name);
      expect(block, x.name).toEqual({ name: x.name, start: x.start, end: x.end });
    }
  });

  it('ranges lie in peripheral space, sorted and disjoint', () => {
    expect(p.all).toHaveLength(8 + 32);
    let previousEnd = 0x001f;
    for (const x of p.all) {
      expect(x.start, x.name).toBeGreaterThan(previousEnd);
      expect(x.end, x.name).toBeGreaterThanOrEqual(x.start);
      previousEnd = x.end;
    }
    expect(previousEnd).toBe(0x0fff);
  });

  it('the watchdog counts from the clock system at reset (1 MHz): expiry at 32768', () => {
    const ctx = new FakeContext();
    const q = createFr5994Peripherals(ctx, hooks, FR5994_PERIPHERAL_BLOCKS);
    for (const x of q.all) x.reset();
    expect(q.wdt.nextEventCycle()).toBe(32_768);
  });
});
