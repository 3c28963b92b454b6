/**
 * PMM, the power management module registers of the FR5994 (UG367 ch. 2: §2.2.9 LPMx.5 and
 * LOCKLPM5, §2.3 PMMCTL0, PMMIFG, PM5CTL0; addresses from TI's msp430fr5994_symbols.ld).
 *
 * Modelled: the PMMCTL0 password (0xA5, reads 0x96; a word write with another password is a PUC
 * 'pmm-password'; the high-byte lock idiom as for CS), the software BOR/POR bits (reported to the
 * machine as resets 'software-bor' / 'software'), SVSHE as storage, PMMIFG as storage, and
 * PM5CTL0.LOCKLPM5: set at reset, cleared by software to release the I/O pins; software cannot
 * set it. Supplies, SVS and LPMx.5 entry are not modelled.
 */

import type { Peripheral, PeripheralContext } from './peripheral.js';
import { KeyLock, KeyedRegisters } from './registers.js';

export const PMMCTL0 = 0x0120; // PMM control 0 (password protected)
export const PMMIFG = 0x012a; // PMM interrupt flags
export const PM5CTL0 = 0x0130; // power mode 5 control 0

export const PMMPW = 0xa500; // PMMCTL0 password; reads back 0x96
const PMMCTL0_READ = 0x9600;
// PMMCTL0
export const PMMSWBOR = 0x0004; // software brownout reset
export const PMMSWPOR = 0x0008; // software power-on reset
export const PMMREGOFF = 0x0010; // regulator off on LPM entry (LPMx.5)
export const SVSHE = 0x0040; // high-side supervisor enable
export const PMMCTL0_RESET = 0x9640;
// PM5CTL0
export const LOCKLPM5 = 0x0001; // I/O configuration locked (high impedance) until cleared

export class PowerManagement extends KeyedRegisters implements Peripheral {
  readonly name = 'PMM';
  readonly start = 0x0120;
  readonly end = 0x0131;

  private ctl0Low = PMMCTL0_RESET & 0xff;
  private ifg = 0;
  private pm5 = LOCKLPM5;
  protected readonly keyRegister = PMMCTL0;
  protected readonly lock: KeyLock;
  private readonly ctx: PeripheralContext;

  constructor(ctx: PeripheralContext) {
    super();
    this.ctx = ctx;
    this.lock = new KeyLock(ctx, this.name, PMMPW, PMMCTL0_READ, 'pmm-password');
  }

  reset(): void {
    this.lock.lock();
    this.ctl0Low = PMMCTL0_RESET & 0xff;
    this.pm5 = LOCKLPM5;
  }

  /** PM5CTL0.LOCKLPM5: pins held in high impedance. */
  get ioLocked(): boolean {
    return (this.pm5 & LOCKLPM5) !== 0;
  }

  protected keyLow(): number {
    return this.ctl0Low;
  }

  protected takeKeyLow(value: number): void {
    this.ctl0Low = value & (PMMREGOFF | SVSHE);
    if ((value & PMMSWBOR) !== 0) this.ctx.requestReset('software-bor');
    else if ((value & PMMSWPOR) !== 0) this.ctx.requestReset('software');
  }

  protected readRegister(a: number): number {
    if (a === PMMIFG) return this.ifg;
    if (a === PM5CTL0) return this.pm5;
    return 0;
  }

  protected writeRegister(a: number, value: number): void {
    if (a === PMMIFG) this.ifg = value;
    else if (a === PM5CTL0) this.pm5 &= value | ~LOCKLPM5; // can clear, cannot set
  }
}
