/**
 * WDT_A, the watchdog timer of the FR5994 (UG367 ch. 24: §24.2 operation, §24.3 WDTCTL;
 * address and reset value from TI's msp430fr5994_symbols.ld and UG367 Table 24-2).
 *
 * Counting is lazy: the counter is brought up to date from `ctx.now()` (MCLK cycles) and the
 * ratio of the selected clock to MCLK whenever WDTCTL is accessed, a clock changes, or the
 * machine calls `advance`. `nextEventCycle` gives the MCLK cycle of the next expiry so the
 * machine can schedule it. Watchdog mode expiry → PUC ('wdt-timeout'); interval mode expiry →
 * WDTIFG in SFRIFG1 (the SFR raises vector 0xFFF2 when WDTIE is set). X_CLK is VLOCLK on this
 * device family; the fail-safe clock switch and LPMx.5 interaction are not modelled.
 */

import type { ClockSource } from './cs.js';
import type { Peripheral, PeripheralContext } from './peripheral.js';
import { Password, WordRegisters } from './registers.js';
import { WDTIFG, type Sfr } from './sfr.js';

export const WDTCTL = 0x015c; // watchdog timer control

export const WDTPW = 0x5a00; // password, write
export const WDTPW_READ = 0x6900; // what the password byte reads as
export const WDTHOLD = 0x0080; // 1 = watchdog stopped
export const WDTSSEL = 0x0060; // clock: 00 SMCLK, 01 ACLK, 10 VLOCLK, 11 X_CLK
export const WDTTMSEL = 0x0010; // 0 watchdog mode, 1 interval timer mode
export const WDTCNTCL = 0x0008; // 1 = clear the counter (reads 0)
export const WDTIS = 0x0007; // interval select
export const WDTCTL_RESET = 0x6904; // watchdog mode, SMCLK, 2^15

/** WDTIS → counter bits: clock / 2^31 … / 2^6 (UG367 WDTCTL). */
export const WDT_INTERVAL_BITS: readonly number[] = [31, 27, 23, 19, 15, 13, 9, 6];

export class WatchdogTimer extends WordRegisters implements Peripheral {
  readonly name = 'WDT_A';
  readonly start = 0x015c;
  readonly end = 0x015d;

  private ctl = WDTCTL_RESET & 0xff;
  /** Clock ticks counted since the last clear (fractional: MCLK-relative accounting). */
  private ticks = 0;
  /** MCLK cycle up to which `ticks` is accounted. */
  private accountedTo = 0;
  /** Source ticks per MCLK cycle under the current settings. */
  private ratio = 0;
  private readonly ctx: PeripheralContext;
  private readonly clocks: ClockSource;
  private readonly sfr: Sfr;
  private readonly password: Password;

  constructor(ctx: PeripheralContext, clocks: ClockSource, sfr: Sfr) {
    super();
    this.ctx = ctx;
    this.password = new Password(ctx, this.name, WDTPW, WDTPW_READ, 'wdt-password');
    this.clocks = clocks;
    this.sfr = sfr;
    this.ratio = this.computeRatio();
    clocks.onChange(() => {
      this.catchUp(this.ctx.now());
      this.ratio = this.computeRatio();
    });
  }

  reset(): void {
    this.ctl = WDTCTL_RESET & 0xff;
    this.ticks = 0;
    this.accountedTo = this.ctx.now();
    this.ratio = this.computeRatio();
  }

  /** Counter value in clock ticks at `now`, without side effects (for tests and tracing). */
  counterAt(now: number): number {
    if (this.isHeld()) return Math.floor(this.ticks);
    return Math.floor(this.ticks + (now - this.accountedTo) * this.ratio);
  }

  /** Counter ticks until expiry: 2^31 … 2^6. */
  get intervalTicks(): number {
    return 2 ** (WDT_INTERVAL_BITS[this.ctl & WDTIS] ?? 15);
  }

  nextEventCycle(): number {
    if (this.isHeld() || this.ratio <= 0) return Infinity;
    const remaining = (this.intervalTicks - this.ticks) / this.ratio;
    return this.accountedTo + Math.max(0, Math.ceil(remaining - 1e-9));
  }

  advance(now: number): void {
    this.catchUp(now);
  }

  read16(address: number): number {
    void address;
    return this.password.read(this.ctl);
  }

  write16(address: number, value: number): void {
    if (!this.password.check(address, value)) return;
    const now = this.ctx.now();
    this.catchUp(now);
    this.ctl = value & 0xff & ~WDTCNTCL;
    if ((value & WDTCNTCL) !== 0) this.ticks = 0;
    this.ratio = this.computeRatio();
    this.catchUp(now); // a shorter interval may already have passed
  }

  /** WDTCTL takes word writes only: a byte write is a PUC. */
  override write8(address: number, value: number): void {
    this.password.violation(address, `byte write 0x${(value & 0xff).toString(16)} to WDTCTL`);
  }

  private isHeld(): boolean {
    return (this.ctl & WDTHOLD) !== 0;
  }

  private computeRatio(): number {
    const mclk = this.clocks.mclkHz;
    if (mclk <= 0) return 0;
    const source = [this.clocks.smclkHz, this.clocks.aclkHz, this.clocks.vloHz, this.clocks.vloHz][
      (this.ctl & WDTSSEL) >> 5
    ];
    return (source ?? 0) / mclk;
  }

  private catchUp(now: number): void {
    if (now > this.accountedTo) {
      if (!this.isHeld()) this.ticks += (now - this.accountedTo) * this.ratio;
      this.accountedTo = now;
    }
    if (this.isHeld()) return;
    const interval = this.intervalTicks;
    if (this.ticks + 1e-9 < interval) return;
    if ((this.ctl & WDTTMSEL) === 0) {
      this.ticks = 0;
      this.ctx.report({
        kind: 'warning',
        peripheral: this.name,
        address: WDTCTL,
        message: `watchdog expired at cycle ${now}: PUC`,
      });
      this.ctx.requestReset('wdt-timeout');
      return;
    }
    this.ticks %= interval;
    if (Math.abs(this.ticks - interval) < 1e-9) this.ticks = 0;
    this.sfr.raiseFlags(WDTIFG);
  }
}
