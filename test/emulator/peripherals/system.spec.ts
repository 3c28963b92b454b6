import { describe, expect, it } from 'vitest';

import { LOCKLPM5, PM5CTL0, PMMCTL0, PowerManagement } from '../../../emulator/peripherals/pmm.js';
import { SFRIE1, SFRIFG1, SFRRPCR, Sfr, VMAIE, VMAIFG } from '../../../emulator/peripherals/sfr.js';
import { SYSCTL, SYSRSTIV, SystemControl } from '../../../emulator/peripherals/sys.js';
import { FakeContext } from './fake-context.js';

describe('SFR', () => {
  it('reset values: SFRIE1 0x0000, SFRIFG1 0x0082, SFRRPCR 0x001C', () => {
    const ctx = new FakeContext();
    const sfr = new Sfr(ctx);
    sfr.reset();
    expect([sfr.read16(SFRIE1), sfr.read16(SFRIFG1), sfr.read16(SFRRPCR)]).toEqual([
      0x0000, 0x0082, 0x001c,
    ]);
  });

  it('VMAIFG with VMAIE requests SYSNMI (0xFFFC)', () => {
    const ctx = new FakeContext();
    const sfr = new Sfr(ctx);
    sfr.reset();
    sfr.write8(SFRIE1, VMAIE);
    sfr.raiseFlags(VMAIFG);
    expect(ctx.pending(0xfffc)).toBe(true);
    sfr.clearFlags(VMAIFG);
    expect(ctx.pending(0xfffc)).toBe(false);
  });
});

describe('SYS', () => {
  it('SYSRSTIV after power-on reads BOR (0x02) once, then 0', () => {
    const sys = new SystemControl();
    expect(sys.read16(SYSRSTIV)).toBe(0x02);
    expect(sys.read16(SYSRSTIV)).toBe(0x00);
  });

  it('returns and clears the highest-priority pending cause first; PUC keeps them', () => {
    const sys = new SystemControl();
    sys.read16(SYSRSTIV);
    sys.recordReset('cs-password');
    sys.recordReset('wdt-timeout');
    sys.reset();
    expect([sys.read16(SYSRSTIV), sys.read16(SYSRSTIV), sys.read16(SYSRSTIV)]).toEqual([
      0x16, 0x24, 0x00,
    ]);
  });

  it('a write to SYSRSTIV clears every pending cause', () => {
    const sys = new SystemControl();
    sys.recordReset('wdt-password');
    sys.write16(SYSRSTIV, 0);
    expect(sys.read16(SYSRSTIV)).toBe(0);
  });

  it('SYSCTL is a plain register reset to 0; SYSRIVECT is exposed', () => {
    const sys = new SystemControl();
    sys.write16(SYSCTL, 0x0001);
    expect(sys.vectorsInRam).toBe(true);
    sys.reset();
    expect(sys.read16(SYSCTL)).toBe(0);
  });
});

describe('PMM', () => {
  function setup(): { ctx: FakeContext; pmm: PowerManagement } {
    const ctx = new FakeContext();
    const pmm = new PowerManagement(ctx);
    pmm.reset();
    return { ctx, pmm };
  }

  it('PMMCTL0 reads 0x9640; PM5CTL0 reads LOCKLPM5', () => {
    const { pmm } = setup();
    expect(pmm.read16(PMMCTL0)).toBe(0x9640);
    expect(pmm.read16(PM5CTL0)).toBe(LOCKLPM5);
    expect(pmm.ioLocked).toBe(true);
  });

  it('clearing LOCKLPM5 releases the pins; software cannot set it again', () => {
    const { pmm } = setup();
    pmm.write16(PM5CTL0, 0);
    expect(pmm.ioLocked).toBe(false);
    pmm.write16(PM5CTL0, LOCKLPM5);
    expect(pmm.read16(PM5CTL0)).toBe(0);
    pmm.reset();
    expect(pmm.ioLocked).toBe(true);
  });

  it('a wrong PMM password is a PUC; PMMSWPOR and PMMSWBOR request resets', () => {
    const { ctx, pmm } = setup();
    pmm.write16(PMMCTL0, 0x0040);
    pmm.write16(PMMCTL0, 0xa508);
    pmm.write16(PMMCTL0, 0xa504);
    expect(ctx.resets).toEqual(['pmm-password', 'software', 'software-bor']);
  });

  it('SVSHE can be cleared with the key', () => {
    const { pmm } = setup();
    pmm.write8(PMMCTL0 + 1, 0xa5);
    pmm.write8(PMMCTL0, 0x00);
    pmm.write8(PMMCTL0 + 1, 0x00);
    expect(pmm.read16(PMMCTL0)).toBe(0x9600);
  });
});
