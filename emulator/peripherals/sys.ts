/**
 * SYS, the system control module of the FR5994 (UG367 §1.16: SYSCTL, the JTAG mailbox
 * registers, SYSUNIV/SYSSNIV/SYSRSTIV; SYSRSTIV values from the UG367 SYSRSTIV register
 * description; addresses from TI's msp430fr5994_symbols.ld).
 *
 * Modelled: SYSCTL as a plain register (SYSRIVECT is exposed for the machine, which owns the
 * vector table), the mailbox registers as plain storage, and SYSRSTIV: the machine tells the SYS
 * each reset cause with `recordReset`; reading SYSRSTIV returns the highest-priority pending
 * cause (lowest non-zero value) and clears it; any write clears all of them. `reset()` is a PUC
 * and keeps pending reset causes — that is the purpose of SYSRSTIV. The constructor is the
 * power-on state: a brownout reset pending (SYSRSTIV = 0x0002).
 */

import type { Peripheral, ResetCause } from './peripheral.js';
import { WordRegisters, mergeByte } from './registers.js';

export const SYSCTL = 0x0180; // system control
export const SYSJMBC = 0x0186; // JTAG mailbox control
export const SYSJMBI0 = 0x0188; // JTAG mailbox input 0
export const SYSJMBI1 = 0x018a; // JTAG mailbox input 1
export const SYSJMBO0 = 0x018c; // JTAG mailbox output 0
export const SYSJMBO1 = 0x018e; // JTAG mailbox output 1
export const SYSUNIV = 0x019a; // user NMI vector generator
export const SYSSNIV = 0x019c; // system NMI vector generator
export const SYSRSTIV = 0x019e; // reset interrupt vector generator

// SYSCTL
export const SYSRIVECT = 0x0001; // interrupt vectors at the top of RAM
export const SYSPMMPE = 0x0004; // PMM access protect
export const SYSBSLIND = 0x0010; // BSL entry indication
export const SYSJTAGPIN = 0x0020; // dedicated JTAG pins

export const SYSJMBC_RESET = 0x000c; // JMBOUT0FG and JMBOUT1FG set: output mailboxes empty

/** SYSRSTIV values per reset cause (UG367 SYSRSTIV description). */
export const SYSRSTIV_VALUE: Readonly<Record<ResetCause, number>> = {
  brownout: 0x02, // BOR
  'software-bor': 0x06, // PMMSWBOR (BOR)
  software: 0x14, // PMMSWPOR (POR)
  'wdt-timeout': 0x16, // WDTIFG (PUC)
  'wdt-password': 0x18, // WDTPW (PUC)
  'frctl-password': 0x1a, // FRCTLPW (PUC)
  'peripheral-fetch': 0x1e, // peripheral area fetch (PUC)
  'pmm-password': 0x20, // PMMPW (PUC)
  'cs-password': 0x24, // CSPW (PUC)
};

export class SystemControl extends WordRegisters implements Peripheral {
  readonly name = 'SYS';
  readonly start = 0x0180;
  readonly end = 0x019f;

  private sysctl = 0;
  private readonly mailbox = new Map<number, number>();
  /** Pending SYSRSTIV values. */
  private readonly pendingResets = new Set<number>([SYSRSTIV_VALUE.brownout]);

  constructor() {
    super();
    this.mailbox.set(SYSJMBC, SYSJMBC_RESET);
  }

  reset(): void {
    this.sysctl = 0;
    this.mailbox.clear();
    this.mailbox.set(SYSJMBC, SYSJMBC_RESET);
  }

  /** The machine records why the chip reset, before or after calling `reset()`. */
  recordReset(cause: ResetCause): void {
    this.pendingResets.add(SYSRSTIV_VALUE[cause]);
  }

  /** SYSCTL.SYSRIVECT: interrupt vectors taken from the top of RAM. */
  get vectorsInRam(): boolean {
    return (this.sysctl & SYSRIVECT) !== 0;
  }

  /** What a read of SYSRSTIV would return, without clearing it. */
  peekResetVector(): number {
    let best = 0;
    for (const v of this.pendingResets) if (best === 0 || v < best) best = v;
    return best;
  }

  read16(address: number): number {
    const a = address & ~1;
    switch (a) {
      case SYSCTL:
        return this.sysctl;
      case SYSUNIV:
      case SYSSNIV:
        return 0;
      case SYSRSTIV: {
        const v = this.peekResetVector();
        this.pendingResets.delete(v);
        return v;
      }
      default:
        return this.mailbox.get(a) ?? 0;
    }
  }

  write16(address: number, value: number): void {
    const a = address & ~1;
    const v = value & 0xffff;
    switch (a) {
      case SYSCTL:
        this.sysctl = v & (SYSRIVECT | SYSPMMPE | SYSBSLIND | SYSJTAGPIN);
        return;
      case SYSRSTIV:
        this.pendingResets.clear();
        return;
      case SYSUNIV:
      case SYSSNIV:
        return;
      default:
        if (a >= SYSJMBC && a <= SYSJMBO1) this.mailbox.set(a, v);
    }
  }

  override write8(address: number, value: number): void {
    const a = address & ~1;
    if (a === SYSRSTIV) {
      this.write16(a, value);
      return;
    }
    const current = a === SYSCTL ? this.sysctl : (this.mailbox.get(a) ?? 0);
    this.write16(a, mergeByte(current, address, value));
  }
}
