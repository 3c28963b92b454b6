/**
 * Small helpers shared by the peripheral models: sign extension at fixed widths, byte lanes of
 * word registers, and the key-protected control registers of UG367 (CS §3.2, FRCTL_A §8.2,
 * PMM §2.2): a password in the high byte that reads back as a different constant.
 */

import type { PeripheralContext, ResetCause } from './peripheral.js';

/** 8-bit two's complement to a JS number in [-128, 127]. */
export function signExtend8(value: number): number {
  return (value << 24) >> 24;
}

/** 16-bit two's complement to a JS number in [-32768, 32767]. */
export function signExtend16(value: number): number {
  return (value << 16) >> 16;
}

/** 32-bit two's complement to a JS number. */
export function signExtend32(value: number): number {
  return value | 0;
}

/** The byte at `address` (even: low, odd: high) of the 16-bit `word`. */
export function byteOf(word: number, address: number): number {
  return (address & 1) === 0 ? word & 0xff : (word >>> 8) & 0xff;
}

/** `word` with the byte lane selected by `address` replaced by `byte`. */
export function mergeByte(word: number, address: number, byte: number): number {
  return (address & 1) === 0
    ? (word & 0xff00) | (byte & 0xff)
    : (word & 0x00ff) | ((byte & 0xff) << 8);
}

/**
 * A control register whose high byte is a password (UG367 CSCTL0, FRCTL0, PMMCTL0).
 *
 * Word write: the high byte must be the key, otherwise a PUC with `cause`; with the right key the
 * block unlocks and the low byte is taken. Byte write to the high byte: the key unlocks, any other
 * value locks without a PUC — the idiom of TI's code examples and driverlib
 * (`CSCTL0_H = CSKEY_H; … CSCTL0_H = 0;`), which would reset the part on every use if it were a
 * violation. Byte write to the low byte: taken while unlocked, ignored (and reported) while locked.
 */
export class KeyLock {
  private unlocked = false;

  constructor(
    private readonly ctx: PeripheralContext,
    private readonly peripheral: string,
    private readonly key: number,
    private readonly cause: ResetCause,
  ) {}

  get isUnlocked(): boolean {
    return this.unlocked;
  }

  lock(): void {
    this.unlocked = false;
  }

  /** Word write to the key register; returns true when the low byte may be taken. */
  wordWrite(address: number, value: number): boolean {
    if (value >>> 8 !== this.key) {
      this.ctx.report({
        kind: 'warning',
        peripheral: this.peripheral,
        address,
        message: `wrong password 0x${(value >>> 8).toString(16)} in a word write: PUC`,
      });
      this.ctx.requestReset(this.cause);
      return false;
    }
    this.unlocked = true;
    return true;
  }

  /** Byte write to the key register; returns true when a low-byte write may be taken. */
  byteWrite(address: number, value: number): boolean {
    if ((address & 1) === 1) {
      this.unlocked = (value & 0xff) === this.key;
      return false;
    }
    if (!this.unlocked) {
      this.ignored(address, 'locked; write the key to the high byte first');
    }
    return this.unlocked;
  }

  /** Report a write to a register protected by this key while it is locked. */
  ignored(address: number, why: string): void {
    this.ctx.report({ kind: 'ignored-write', peripheral: this.peripheral, address, message: why });
  }
}
