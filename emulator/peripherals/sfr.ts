/**
 * SFR, the special function registers of the FR5994 (UG367 §1.15: SFRIE1, SFRIFG1, SFRRPCR;
 * reset values from UG367 Tables 1-12 to 1-14). The interrupt enables and flags of the WDT,
 * the oscillator fault, vacant-memory access, the NMI pin and the JTAG mailbox. The SFR turns
 * flag × enable into interrupt requests: WDTIFG & WDTIE → vector 0xFFF2 (WDT); OFIFG & OFIE →
 * 0xFFFA (UNMI); VMAIFG & VMAIE → 0xFFFC (SYSNMI). The NMI pin and mailbox raise nothing.
 */

import type { Peripheral, PeripheralContext } from './peripheral.js';
import { WordRegisters } from './registers.js';

export const SFRIE1 = 0x0100; // interrupt enables
export const SFRIFG1 = 0x0102; // interrupt flags
export const SFRRPCR = 0x0104; // reset pin control

// SFRIE1
export const WDTIE = 0x0001; // watchdog interval-timer interrupt enable
export const OFIE = 0x0002; // oscillator fault interrupt enable
export const VMAIE = 0x0008; // vacant memory access interrupt enable
export const NMIIE = 0x0010; // NMI pin interrupt enable
export const JMBINIE = 0x0040; // JTAG mailbox input interrupt enable
export const JMBOUTIE = 0x0080; // JTAG mailbox output interrupt enable
// SFRIFG1
export const WDTIFG = 0x0001; // watchdog interval-timer interrupt flag
export const OFIFG = 0x0002; // oscillator fault flag
export const VMAIFG = 0x0008; // vacant memory access flag
export const NMIIFG = 0x0010; // NMI pin flag
export const JMBINIFG = 0x0040; // JTAG mailbox input flag
export const JMBOUTIFG = 0x0080; // JTAG mailbox output flag
// SFRRPCR
export const SYSNMI = 0x0001; // RST/NMI pin: 0 reset, 1 NMI
export const SYSNMIIES = 0x0002; // NMI edge select
export const SYSRSTUP = 0x0004; // pull-up (1) or pull-down
export const SYSRSTRE = 0x0008; // pull resistor enable

export const SFRIE1_RESET = 0x0000;
export const SFRIFG1_RESET = 0x0082; // OFIFG and JMBOUTIFG set
export const SFRRPCR_RESET = 0x001c;

export const WDT_VECTOR = 0xfff2;
export const UNMI_VECTOR = 0xfffa;
export const SYSNMI_VECTOR = 0xfffc;

const SOURCES: readonly { flag: number; enable: number; vector: number }[] = [
  { flag: WDTIFG, enable: WDTIE, vector: WDT_VECTOR },
  { flag: OFIFG, enable: OFIE, vector: UNMI_VECTOR },
  { flag: VMAIFG, enable: VMAIE, vector: SYSNMI_VECTOR },
];

export class Sfr extends WordRegisters implements Peripheral {
  readonly name = 'SFR';
  readonly start = 0x0100;
  readonly end = 0x0105;

  private ie = SFRIE1_RESET;
  private ifg = SFRIFG1_RESET;
  private rpcr = SFRRPCR_RESET;
  private readonly requested = new Map<number, boolean>();
  private readonly ctx: PeripheralContext;

  constructor(ctx: PeripheralContext) {
    super();
    this.ctx = ctx;
  }

  reset(): void {
    this.ie = SFRIE1_RESET;
    this.ifg = SFRIFG1_RESET;
    this.rpcr = SFRRPCR_RESET;
    this.updateRequests();
  }

  get interruptEnables(): number {
    return this.ie;
  }

  get interruptFlags(): number {
    return this.ifg;
  }

  /** Set flags in SFRIFG1 (used by the WDT and by the bus for VMAIFG). */
  raiseFlags(mask: number): void {
    this.ifg = (this.ifg | mask) & 0xffff;
    this.updateRequests();
  }

  clearFlags(mask: number): void {
    this.ifg &= ~mask & 0xffff;
    this.updateRequests();
  }

  /** WDTIFG is cleared when the WDT interval interrupt is accepted (UG367 §24.2.4). */
  acknowledgeInterrupt(vector: number): void {
    if (vector === WDT_VECTOR) this.clearFlags(WDTIFG);
  }

  read16(address: number): number {
    switch (address & ~1) {
      case SFRIE1:
        return this.ie;
      case SFRIFG1:
        return this.ifg;
      case SFRRPCR:
        return this.rpcr;
      default:
        return 0;
    }
  }

  write16(address: number, value: number): void {
    const v = value & 0xffff;
    switch (address & ~1) {
      case SFRIE1:
        this.ie = v & 0x00ff;
        break;
      case SFRIFG1:
        this.ifg = v & 0x00ff;
        break;
      case SFRRPCR:
        this.rpcr = v & 0x000f;
        break;
      default:
        return;
    }
    this.updateRequests();
  }

  /** Tell the machine about requests that changed (only changes, so sharers are not undone). */
  private updateRequests(): void {
    for (const s of SOURCES) {
      const pending = (this.ifg & s.flag) !== 0 && (this.ie & s.enable) !== 0;
      if (this.requested.get(s.vector) === pending) continue;
      this.requested.set(s.vector, pending);
      this.ctx.setInterrupt(s.vector, pending);
    }
  }
}
