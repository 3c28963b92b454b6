import { describe, expect, it } from 'vitest';

import { CSCTL0, CSCTL3, CSKEY, ClockSystem } from '../../../emulator/peripherals/cs.js';
import { SFRIE1, SFRIFG1, Sfr, WDTIE, WDTIFG } from '../../../emulator/peripherals/sfr.js';
import { WDTCTL, WatchdogTimer } from '../../../emulator/peripherals/wdt.js';
import { FakeContext } from './fake-context.js';

function setup(): { ctx: FakeContext; cs: ClockSystem; sfr: Sfr; wdt: WatchdogTimer } {
  const ctx = new FakeContext();
  const cs = new ClockSystem(ctx);
  const sfr = new Sfr(ctx);
  const wdt = new WatchdogTimer(ctx, cs, sfr);
  cs.reset();
  sfr.reset();
  wdt.reset(); // at cycle 0, MCLK = SMCLK = 1 MHz
  return { ctx, cs, sfr, wdt };
}

describe('WDT_A registers', () => {
  it('WDTCTL resets to 0x6904 and the password byte reads 0x69', () => {
    const { wdt } = setup();
    expect(wdt.read16(WDTCTL)).toBe(0x6904);
    expect(wdt.read8(WDTCTL)).toBe(0x04);
    expect(wdt.read8(WDTCTL + 1)).toBe(0x69);
  });

  it('a wrong password is a PUC (wdt-password)', () => {
    const { ctx, wdt } = setup();
    wdt.write16(WDTCTL, 0x6980);
    expect(ctx.resets).toEqual(['wdt-password']);
  });

  it('any byte write is a PUC, to either half', () => {
    const { ctx, wdt } = setup();
    wdt.write8(WDTCTL, 0x80);
    wdt.write8(WDTCTL + 1, 0x5a);
    expect(ctx.resets).toEqual(['wdt-password', 'wdt-password']);
  });

  it('WDTCNTCL reads back as 0', () => {
    const { wdt } = setup();
    wdt.write16(WDTCTL, 0x5a00 | 0x0008 | 0x0004);
    expect(wdt.read16(WDTCTL)).toBe(0x6904);
  });
});

describe('WDT_A watchdog mode at 1 MHz SMCLK', () => {
  it('expires after 2^15 = 32768 cycles from reset: PUC wdt-timeout', () => {
    const { ctx, wdt } = setup();
    expect(wdt.nextEventCycle()).toBe(32_768);
    wdt.advance(32_767);
    expect(ctx.resets).toEqual([]);
    wdt.advance(32_768);
    expect(ctx.resets).toEqual(['wdt-timeout']);
  });

  it('WDTHOLD stops it', () => {
    const { ctx, wdt } = setup();
    ctx.cycle = 100;
    wdt.write16(WDTCTL, 0x5a80);
    expect(wdt.nextEventCycle()).toBe(Infinity);
    wdt.advance(1_000_000);
    expect(ctx.resets).toEqual([]);
    expect(wdt.counterAt(1_000_000)).toBe(100);
  });

  it('WDTCNTCL at cycle 20000 moves the expiry to 52768', () => {
    const { ctx, wdt } = setup();
    ctx.cycle = 20_000;
    wdt.write16(WDTCTL, 0x5a00 | 0x0008 | 0x0004);
    expect(wdt.nextEventCycle()).toBe(52_768);
  });

  it('without WDTCNTCL the count goes on: a shorter interval already passed expires at once', () => {
    const { ctx, wdt } = setup();
    ctx.cycle = 10_000;
    wdt.write16(WDTCTL, 0x5a00 | 0x0005); // 2^13 = 8192 < 10000
    expect(ctx.resets).toEqual(['wdt-timeout']);
  });

  it('a faster SMCLK mid-count shortens the rest: 10000 ticks at 1 MHz, then 2 ticks/cycle', () => {
    const { ctx, cs, wdt } = setup();
    ctx.cycle = 10_000;
    cs.write16(CSCTL0, CSKEY);
    cs.write16(CSCTL3, 0x0023); // DIVS /4 → SMCLK 2 MHz, DIVM /8 → MCLK 1 MHz
    // 32768 − 10000 = 22768 ticks at 2 per cycle = 11384 cycles
    expect(wdt.nextEventCycle()).toBe(21_384);
  });
});

describe('WDT_A interval mode', () => {
  it('2^13 at 1 MHz from cycle 1000: WDTIFG at 9192, vector 0xFFF2 with WDTIE, again at 17384', () => {
    const { ctx, sfr, wdt } = setup();
    sfr.write16(SFRIE1, WDTIE);
    ctx.cycle = 1_000;
    wdt.write16(WDTCTL, 0x5a00 | 0x0010 | 0x0008 | 0x0005);
    expect(wdt.nextEventCycle()).toBe(9_192);
    wdt.advance(9_191);
    expect(sfr.read16(SFRIFG1) & WDTIFG).toBe(0);
    wdt.advance(9_192);
    expect(sfr.read16(SFRIFG1) & WDTIFG).toBe(WDTIFG);
    expect(ctx.pending(0xfff2)).toBe(true);
    sfr.acknowledgeInterrupt(0xfff2);
    expect(ctx.pending(0xfff2)).toBe(false);
    expect(wdt.nextEventCycle()).toBe(17_384);
    expect(ctx.resets).toEqual([]);
  });

  it('without WDTIE only the flag is set', () => {
    const { ctx, sfr, wdt } = setup();
    wdt.write16(WDTCTL, 0x5a00 | 0x0010 | 0x0008 | 0x0007); // 2^6
    wdt.advance(64);
    expect(sfr.read16(SFRIFG1) & WDTIFG).toBe(WDTIFG);
    expect(ctx.pending(0xfff2)).toBe(false);
  });

  it('ACLK (LFMODCLK 39062.5 Hz) with 2^6: 64 ticks = 1638.4 MCLK cycles → fires at 1639', () => {
    const { wdt } = setup();
    wdt.write16(WDTCTL, 0x5a00 | 0x0020 | 0x0010 | 0x0008 | 0x0007);
    expect(wdt.nextEventCycle()).toBe(1_639);
  });

  it('VLOCLK (9.4 kHz) with 2^6 at 1 MHz: 6808.5 cycles → 6809', () => {
    const { wdt } = setup();
    wdt.write16(WDTCTL, 0x5a00 | 0x0040 | 0x0010 | 0x0008 | 0x0007);
    expect(wdt.nextEventCycle()).toBe(6_809);
  });

  it('reset returns to watchdog mode, SMCLK, 2^15', () => {
    const { ctx, wdt } = setup();
    wdt.write16(WDTCTL, 0x5a00 | 0x0010 | 0x0007);
    ctx.cycle = 500;
    wdt.reset();
    expect(wdt.read16(WDTCTL)).toBe(0x6904);
    expect(wdt.nextEventCycle()).toBe(33_268);
  });
});
