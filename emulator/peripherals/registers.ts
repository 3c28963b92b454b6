/**
 * Small helpers shared by the peripheral models: sign extension at fixed widths, byte lanes of
 * word registers, and the password-protected control registers of UG367 (CS §3.2, FRCTL_A §8.2,
 * PMM §2.2, WDT_A §24.3): a password in the high byte that reads back as a different constant.
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
 * A peripheral made of 16-bit registers: a byte read returns the addressed lane of the word; a
 * byte write changes that lane of the word as read and writes the word back. Blocks with other
 * byte semantics override `write8`.
 */
export abstract class WordRegisters {
  abstract read16(address: number): number;
  abstract write16(address: number, value: number): void;

  read8(address: number): number {
    return byteOf(this.read16(address), address);
  }

  write8(address: number, value: number): void {
    this.write16(address & ~1, mergeByte(this.read16(address), address, value));
  }
}

/**
 * The password in the high byte of a control register (UG367 WDTCTL: write 0x5A, reads 0x69;
 * CSCTL0, FRCTL0, PMMCTL0: write 0xA5, reads 0x96). A word written without it is a PUC.
 */
export class Password {
  /**
   * `key`: the password as the word TI names it (e.g. `WDTPW` = 0x5A00); `readBack`: what the
   * high byte reads as, in the same position (e.g. 0x6900).
   */
  constructor(
    protected readonly ctx: PeripheralContext,
    protected readonly peripheral: string,
    protected readonly key: number,
    private readonly readBack: number,
    private readonly cause: ResetCause,
  ) {}

  /** The register as read: the read-back byte above `low`. */
  read(low: number): number {
    return this.readBack | (low & 0xff);
  }

  /** True when the word `value` carries the password; otherwise a PUC (`context` ends the note). */
  check(address: number, value: number, context = ''): boolean {
    if ((value & 0xff00) === this.key) return true;
    this.violation(address, `wrong password 0x${((value >>> 8) & 0xff).toString(16)}${context}`);
    return false;
  }

  /** Report `why` and request the PUC. */
  violation(address: number, why: string): void {
    this.ctx.report({
      kind: 'warning',
      peripheral: this.peripheral,
      address,
      message: `${why}: PUC`,
    });
    this.ctx.requestReset(this.cause);
  }
}

/**
 * A password whose register also locks the block (UG367 CSCTL0, FRCTL0, PMMCTL0).
 *
 * Word write: the high byte must be the key, otherwise a PUC with `cause`; with the right key the
 * block unlocks and the low byte is taken. Byte write to the high byte: the key unlocks, any other
 * value locks without a PUC — the idiom of TI's code examples and driverlib
 * (`CSCTL0_H = CSKEY_H; … CSCTL0_H = 0;`), which would reset the part on every use if it were a
 * violation. Byte write to the low byte: taken while unlocked, ignored (and reported) while locked.
 */
export class KeyLock extends Password {
  private unlocked = false;

  get isUnlocked(): boolean {
    return this.unlocked;
  }

  lock(): void {
    this.unlocked = false;
  }

  /** Word write to the key register; returns true when the low byte may be taken. */
  wordWrite(address: number, value: number): boolean {
    if (!this.check(address, value, ' in a word write')) return false;
    this.unlocked = true;
    return true;
  }

  /** Byte write to the key register; returns true when a low-byte write may be taken. */
  byteWrite(address: number, value: number): boolean {
    if ((address & 1) === 1) {
      this.unlocked = (value & 0xff) === this.key >>> 8;
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

/**
 * A block of word registers with one key register (CS, FRCTL_A, PMM): word and byte writes to
 * it go through `lock`, and the low byte it lets through goes to `takeKeyLow`; writes to the
 * other registers go to `writeRegister`, byte writes merged into the word as read.
 */
export abstract class KeyedRegisters extends WordRegisters {
  protected abstract readonly keyRegister: number;
  protected abstract readonly lock: KeyLock;
  /** Low byte of the key register as stored. */
  protected abstract keyLow(): number;
  /** Take the low byte of an accepted write to the key register. */
  protected abstract takeKeyLow(low: number): void;
  /** Any other register at the even address `a`. */
  protected abstract readRegister(a: number): number;
  protected abstract writeRegister(a: number, value: number): void;

  read16(address: number): number {
    const a = address & ~1;
    return a === this.keyRegister ? this.lock.read(this.keyLow()) : this.readRegister(a);
  }

  write16(address: number, value: number): void {
    const a = address & ~1;
    if (a !== this.keyRegister) this.writeRegister(a, value & 0xffff);
    else if (this.lock.wordWrite(a, value & 0xffff)) this.takeKeyLow(value & 0xff);
  }

  override write8(address: number, value: number): void {
    if ((address & ~1) !== this.keyRegister) super.write8(address, value);
    else if (this.lock.byteWrite(address, value)) this.takeKeyLow(value & 0xff);
  }
}
