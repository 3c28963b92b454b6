import { describe, expect, it } from 'vitest';

import {
  CSCTL0,
  CSCTL1,
  CSCTL2,
  CSCTL3,
  CSKEY,
  ClockSystem,
  clockSettingsFor,
  type ClockFrequencies,
} from '../../../emulator/peripherals/cs.js';
import { FRCTL0, FramController } from '../../../emulator/peripherals/frctl.js';
import { FakeContext } from './fake-context.js';

function setup(): { ctx: FakeContext; cs: ClockSystem } {
  const ctx = new FakeContext();
  const cs = new ClockSystem(ctx);
  cs.reset();
  return { ctx, cs };
}

describe('CS at reset (UG367 §3.3)', () => {
  it('DCO 8 MHz /8: MCLK = SMCLK = 1 MHz; ACLK = LFMODCLK = 5 MHz / 128', () => {
    const { cs } = setup();
    expect(cs.dcoHz).toBe(8_000_000);
    expect(cs.mclkHz).toBe(1_000_000);
    expect(cs.smclkHz).toBe(1_000_000);
    expect(cs.aclkHz).toBe(39_062.5);
    expect(cs.vloHz).toBe(9_400);
  });

  it('register reset values; CSCTL0 reads 0x9600', () => {
    const { cs } = setup();
    expect(cs.read16(CSCTL0)).toBe(0x9600);
    expect(cs.read8(CSCTL0 + 1)).toBe(0x96);
    expect([0x0162, 0x0164, 0x0166, 0x0168, 0x016a, 0x016c].map((a) => cs.read16(a))).toEqual([
      0x000c, 0x0033, 0x0033, 0xcdc9, 0x00c5, 0x0007,
    ]);
  });
});

describe('CS key', () => {
  it('writes while locked are ignored and reported', () => {
    const { ctx, cs } = setup();
    cs.write16(CSCTL3, 0);
    expect(cs.mclkHz).toBe(1_000_000);
    expect(ctx.eventsOf('ignored-write')).toHaveLength(1);
  });

  it('a word write with a wrong key is a PUC', () => {
    const { ctx, cs } = setup();
    cs.write16(CSCTL0, 0x5a00);
    expect(ctx.resets).toEqual(['cs-password']);
  });

  it('CSCTL0_H = CSKEY_H unlocks, CSCTL0_H = 0 locks again without a PUC', () => {
    const { ctx, cs } = setup();
    cs.write8(CSCTL0 + 1, 0xa5);
    cs.write16(CSCTL3, 0);
    expect(cs.mclkHz).toBe(8_000_000);
    cs.write8(CSCTL0 + 1, 0x00);
    cs.write16(CSCTL3, 0x0033);
    expect(cs.mclkHz).toBe(8_000_000);
    expect(ctx.resets).toEqual([]);
  });
});

describe('CS frequencies', () => {
  // UG367 CSCTL1 field text (MHz), [DCORSEL][DCOFSEL]
  const table = [
    [1, 2.67, 3.5, 4, 5.33, 7, 8],
    [1, 5.33, 7, 8, 16, 21, 24],
  ];
  for (let rsel = 0; rsel <= 1; rsel++) {
    for (let fsel = 0; fsel <= 6; fsel++) {
      it(`DCORSEL=${rsel} DCOFSEL=${fsel} with /1 dividers: MCLK ${table[rsel]?.[fsel]} MHz`, () => {
        const { cs } = setup();
        cs.write16(CSCTL0, CSKEY);
        cs.write16(CSCTL1, (rsel << 6) | (fsel << 1));
        cs.write16(CSCTL3, 0);
        const mhz = table[rsel]?.[fsel] ?? 0;
        expect(cs.mclkHz).toBeCloseTo(mhz * 1e6, 0);
        expect(cs.smclkHz).toBeCloseTo(mhz * 1e6, 0);
      });
    }
  }

  it('21 and 24 MHz are reported as not allowed on the FR5994', () => {
    const { ctx, cs } = setup();
    cs.write16(CSCTL0, CSKEY);
    cs.write16(CSCTL1, 0x0040 | (5 << 1));
    cs.write16(CSCTL1, 0x0040 | (6 << 1));
    expect(ctx.eventsOf('warning').map((e) => e.message)).toEqual([
      'DCO set to 21 MHz: not allowed on the FR5994 (16 MHz maximum)',
      'DCO set to 24 MHz: not allowed on the FR5994 (16 MHz maximum)',
    ]);
  });

  it('DIVM /1 … /32 of DCO 8 MHz', () => {
    const { cs } = setup();
    cs.write16(CSCTL0, CSKEY);
    const got = [0, 1, 2, 3, 4, 5].map((d) => {
      cs.write16(CSCTL3, d);
      return cs.mclkHz;
    });
    expect(got).toEqual([8e6, 4e6, 2e6, 1e6, 500e3, 250e3]);
  });

  it('SMCLK and ACLK sources and dividers are independent of MCLK', () => {
    const { cs } = setup();
    cs.write16(CSCTL0, CSKEY);
    cs.write16(CSCTL2, 0x0143); // SELA = VLOCLK, SELS = MODCLK, SELM = DCOCLK
    cs.write16(CSCTL3, 0x0110); // DIVA /2, DIVS /2, DIVM /1
    expect(cs.mclkHz).toBe(8e6);
    expect(cs.smclkHz).toBe(2.5e6);
    expect(cs.aclkHz).toBe(4_700);
  });

  it('listeners hear each change with the frequencies before and after', () => {
    const { cs } = setup();
    const heard: [ClockFrequencies, ClockFrequencies][] = [];
    const off = cs.onChange((now, before) => heard.push([now, before]));
    cs.write16(CSCTL0, CSKEY);
    cs.write16(CSCTL3, 0x0033); // no change
    cs.write16(CSCTL3, 0x0000);
    off();
    cs.write16(CSCTL3, 0x0011);
    expect(heard).toHaveLength(1);
    expect(heard[0]?.[0].mclkHz).toBe(8e6);
    expect(heard[0]?.[1].mclkHz).toBe(1e6);
  });
});

describe('clockSettingsFor (run --mclk)', () => {
  function apply(hz: number): { ctx: FakeContext; cs: ClockSystem; frctl: FramController } {
    const ctx = new FakeContext();
    const cs = new ClockSystem(ctx);
    const frctl = new FramController(ctx, cs);
    cs.reset();
    frctl.reset();
    for (const step of clockSettingsFor(hz)) {
      if (step.kind === 'delay') continue;
      const target = step.address === FRCTL0 ? frctl : cs;
      if (step.kind === 'write16') target.write16(step.address, step.value);
      else target.write8(step.address, step.value);
    }
    return { ctx, cs, frctl };
  }

  for (const [hz, nwaits] of [
    [1e6, 0],
    [8e6, 0],
    [16e6, 1],
  ] as const) {
    it(`${hz / 1e6} MHz: MCLK = SMCLK = ${hz / 1e6} MHz, NWAITS = ${nwaits}, no violation`, () => {
      const { ctx, cs, frctl } = apply(hz);
      expect(cs.mclkHz).toBe(hz);
      expect(cs.smclkHz).toBe(hz);
      expect(frctl.nwaits).toBe(nwaits);
      expect(frctl.accessTimeViolation).toBe(false);
      expect(cs.isUnlocked).toBe(false);
      expect(ctx.events).toEqual([]);
      expect(ctx.resets).toEqual([]);
    });
  }

  it('16 MHz sequence: NWAITS first, /4 while switching, settle, then /1', () => {
    expect(clockSettingsFor(16e6).map((s) => (s.kind === 'delay' ? s.cycles : s.value))).toEqual([
      0xa510, 0xa500, 0x0022, 0x0048, 60, 0x0000, 0x00,
    ]);
  });

  it('1 MHz uses DCOFSEL_0 /1 and 2 MHz DCO 4 MHz /2', () => {
    expect(clockSettingsFor(1e6)[3]?.kind === 'write16' && clockSettingsFor(1e6)[3]).toMatchObject({
      address: CSCTL1,
      value: 0x0000,
    });
    expect(clockSettingsFor(2e6)[5]).toMatchObject({ address: CSCTL3, value: 0x0011 });
  });

  it('rejects frequencies above 16 MHz or not reachable', () => {
    expect(() => clockSettingsFor(24e6)).toThrow(RangeError);
    expect(() => clockSettingsFor(3e6)).toThrow(RangeError);
  });
});
