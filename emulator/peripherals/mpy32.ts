/**
 * MPY32, the 32-bit hardware multiplier of the FR5994 (UG367 ch. 5: §5.2 operation, Table 5-1
 * result availability, Table 5-4 SUMEXT/MPYC, Table 5-5 fractional and Table 5-6 saturation
 * availability, Table 5-8 register map; addresses from TI's msp430fr5994_symbols.ld 1.204).
 *
 * Two layers:
 * - pure arithmetic (`multiply`, `saturate`, `resultView`, `sumextView`): operand widths,
 *   signedness, accumulation, SUMEXT/MPYC, the saturation clamp and the fractional shift, with
 *   no state and no time, so the maths can be tested on its own;
 * - the `Mpy32` peripheral: the register file at 0x04C0–0x04ED with its aliases and byte
 *   lanes, mode selection by the OP1 address, the OP2 / OP2L+OP2H start rules and the result
 *   latency of Tables 5-1/5-5/5-6.
 *
 * Latency decision: the product is computed when the operation starts and every result word gets
 * a "ready at cycle" stamp (`ctx.now()` of the starting write + the table value). A read before
 * the stamp returns the FINAL value — the emulator never invents the stale data silicon would
 * give — and reports an 'early-read' event, so tests and the profiler can flag the program error.
 * MPYDLYWRTEN = 1 makes a write arriving before the result is ready wait: `accessWaitCycles`
 * tells the bus how long, and the write takes effect at the ready cycle (64-bit result with
 * MPYDLY32 = 0, 32-bit result with MPYDLY32 = 1). Without MPYDLYWRTEN, an operand or result
 * write during a running operation is reported as a 'warning' (silicon aborts the operation);
 * the emulator still uses the final value of the previous result.
 */

import type { Peripheral, PeripheralContext } from './peripheral.js';
import { byteOf, mergeByte, signExtend8 } from './registers.js';

// Register addresses (UG367 Table 5-8; TI msp430fr5994_symbols.ld).
export const MPY = 0x04c0; // OP1, unsigned multiply (same register as MPY32L)
export const MPYS = 0x04c2; // OP1, signed multiply (same register as MPYS32L)
export const MAC = 0x04c4; // OP1, unsigned multiply-accumulate (same register as MAC32L)
export const MACS = 0x04c6; // OP1, signed multiply-accumulate (same register as MACS32L)
export const OP2 = 0x04c8; // 16-bit second operand; writing it starts the operation
export const RESLO = 0x04ca; // result bits 15:0 (same register as RES0)
export const RESHI = 0x04cc; // result bits 31:16 (same register as RES1)
export const SUMEXT = 0x04ce; // sum extension, read-only
export const MPY32L = 0x04d0; // OP1 bits 15:0, unsigned multiply
export const MPY32H = 0x04d2; // OP1 bits 31:16, unsigned multiply
export const MPYS32L = 0x04d4; // OP1 bits 15:0, signed multiply
export const MPYS32H = 0x04d6; // OP1 bits 31:16, signed multiply
export const MAC32L = 0x04d8; // OP1 bits 15:0, unsigned multiply-accumulate
export const MAC32H = 0x04da; // OP1 bits 31:16, unsigned multiply-accumulate
export const MACS32L = 0x04dc; // OP1 bits 15:0, signed multiply-accumulate
export const MACS32H = 0x04de; // OP1 bits 31:16, signed multiply-accumulate
export const OP2L = 0x04e0; // OP2 bits 15:0 of a 32-bit OP2; waits for OP2H
export const OP2H = 0x04e2; // OP2 bits 31:16; starts the operation after OP2L
export const RES0 = 0x04e4; // result bits 15:0
export const RES1 = 0x04e6; // result bits 31:16
export const RES2 = 0x04e8; // result bits 47:32
export const RES3 = 0x04ea; // result bits 63:48
export const MPY32CTL0 = 0x04ec; // control

// MPY32CTL0 bits (UG367 §5.3, MPY32CTL0 register description).
export const MPYC = 0x0001; // carry of the result (see Table 5-4)
export const MPYFRAC = 0x0004; // fractional mode: reads return the result shifted left by 1
export const MPYSAT = 0x0008; // saturation mode: reads clamp on overflow
export const MPYM = 0x0030; // mode of the last OP1 write: 00 MPY, 01 MPYS, 10 MAC, 11 MACS
export const MPYOP1_32 = 0x0040; // OP1 width: 0 = 16 bit (8/16), 1 = 32 bit (24/32)
export const MPYOP2_32 = 0x0080; // OP2 width: 0 = 16 bit (8/16), 1 = 32 bit (24/32)
export const MPYDLYWRTEN = 0x0100; // 1 = hold MPY32 writes until the result is ready
export const MPYDLY32 = 0x0200; // 0 = hold until the 64-bit result, 1 = until the 32-bit result

const CTL_WRITABLE =
  MPYC | MPYFRAC | MPYSAT | MPYM | MPYOP1_32 | MPYOP2_32 | MPYDLYWRTEN | MPYDLY32;

// ---------------------------------------------------------------------------------------------
// Pure arithmetic
// ---------------------------------------------------------------------------------------------

export type MpyMode = 'MPY' | 'MPYS' | 'MAC' | 'MACS';

/** MPYM field value → mode, in register order. */
export const MPY_MODES: readonly MpyMode[] = ['MPY', 'MPYS', 'MAC', 'MACS'];

export interface OperandWidths {
  /** OP1 holds 32 bits (24/32-bit operand) rather than 16 (8/16-bit operand). */
  readonly op1Is32: boolean;
  readonly op2Is32: boolean;
}

/** The 64-bit result RES3..RES0 as two unsigned 32-bit halves, plus the MPYC bit. */
export interface MpyResult {
  /** RES1:RES0, unsigned 32-bit. */
  readonly lo: number;
  /** RES3:RES2, unsigned 32-bit. */
  readonly hi: number;
  readonly mpyc: boolean;
  /** SUMEXT as stored (the non-fractional view). */
  readonly sumext: number;
}

export type Accumulator = Pick<MpyResult, 'lo' | 'hi' | 'mpyc'>;

const TWO_32 = 0x1_0000_0000;

/** Whether an operation of these widths produces a 64-bit result (Table 5-4 decision). */
export function isWideResult(widths: OperandWidths): boolean {
  return widths.op1Is32 || widths.op2Is32;
}

/**
 * The saturation clamp of UG367 §5.2.4.2: when MPYC (the carry, i.e. the true sign) differs
 * from the sign bit of the 32-bit (16×16) or 64-bit result, the value is replaced by the most
 * positive (MPYC = 0) or most negative (MPYC = 1) value of that width. For a 32-bit result only
 * RES1:RES0 clamp; RES3:RES2 pass unchanged.
 */
export function saturate(acc: Accumulator, wide: boolean): { lo: number; hi: number } {
  if (wide) {
    const msb = acc.hi >>> 31 === 1;
    if (msb === acc.mpyc) return { lo: acc.lo, hi: acc.hi };
    return acc.mpyc ? { lo: 0, hi: 0x8000_0000 } : { lo: 0xffff_ffff, hi: 0x7fff_ffff };
  }
  const msb = acc.lo >>> 31 === 1;
  if (msb === acc.mpyc) return { lo: acc.lo, hi: acc.hi };
  return { lo: acc.mpyc ? 0x8000_0000 : 0x7fff_ffff, hi: acc.hi };
}

function toU64(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

function operandBig(value: number, is32: boolean, signed: boolean): bigint {
  const bits = is32 ? 32 : 16;
  const raw = BigInt(is32 ? value >>> 0 : value & 0xffff);
  return signed ? BigInt.asIntN(bits, raw) : raw;
}

/**
 * One MPY32 operation. `op1`/`op2` are the raw register contents (16 or 32 bits per `widths`;
 * byte operands are already extended by the register write). `acc` is the current result,
 * read only by MAC/MACS; with `saturateInput` the clamped value is accumulated (UG367
 * §5.2.4.2: "the adjusted result is also used for successive multiply-and-accumulate").
 *
 * Results (Table 5-4): a 16×16 operation accumulates in 32 bits and decides SUMEXT/MPYC on the
 * 32-bit result; any 24/32-bit operand makes it 64 bits. MPYC of MAC is the carry out of the
 * unsigned add; MPYC of MACS is the carry of the sign-extended add, i.e. the true sign, and SUMEXT
 * of MACS is the sign bit of the stored (wrapped) result, so MPYC ≠ SUMEXT sign flags an overflow
 * (UG367 §5.2.2.1). RES3:RES2 of a 32-bit result hold the exact sum's extension: the sign for
 * MPYS/MACS, the carry for MAC, zero for MPY (silicon behaviour OPEN, see docs/peripherals.md).
 */
export function multiply(
  op1: number,
  op2: number,
  mode: MpyMode,
  widths: OperandWidths,
  acc: Accumulator = { lo: 0, hi: 0, mpyc: false },
  saturateInput = false,
): MpyResult {
  const signed = mode === 'MPYS' || mode === 'MACS';
  const accumulate = mode === 'MAC' || mode === 'MACS';
  const wide = isWideResult(widths);
  const input = saturateInput ? saturate(acc, wide) : acc;

  if (!wide) {
    // Every value below stays within ±2^34, exact in a double.
    const a = signed ? (op1 << 16) >> 16 : op1 & 0xffff;
    const b = signed ? (op2 << 16) >> 16 : op2 & 0xffff;
    const product = a * b;
    if (!accumulate) {
      const negative = product < 0;
      return {
        lo: product >>> 0,
        hi: negative ? 0xffff_ffff : 0,
        mpyc: negative,
        sumext: negative ? 0xffff : 0,
      };
    }
    if (mode === 'MAC') {
      const sum = (input.lo >>> 0) + product;
      const carry = sum >= TWO_32;
      return { lo: sum >>> 0, hi: carry ? 1 : 0, mpyc: carry, sumext: carry ? 1 : 0 };
    }
    const sum = (input.lo | 0) + product;
    const lo = sum >>> 0;
    const trueNegative = sum < 0;
    return {
      lo,
      hi: trueNegative ? 0xffff_ffff : 0,
      mpyc: trueNegative,
      sumext: lo >>> 31 === 1 ? 0xffff : 0,
    };
  }

  const product = operandBig(op1, widths.op1Is32, signed) * operandBig(op2, widths.op2Is32, signed);
  let exact: bigint;
  if (!accumulate) {
    exact = product;
  } else if (mode === 'MAC') {
    exact = toU64(input.lo, input.hi) + product;
  } else {
    exact = BigInt.asIntN(64, toU64(input.lo, input.hi)) + product;
  }
  const stored = BigInt.asUintN(64, exact);
  const lo = Number(stored & 0xffff_ffffn);
  const hi = Number(stored >> 32n);
  switch (mode) {
    case 'MPY':
      return { lo, hi, mpyc: false, sumext: 0 };
    case 'MPYS':
      return { lo, hi, mpyc: exact < 0n, sumext: exact < 0n ? 0xffff : 0 };
    case 'MAC': {
      const carry = exact >= 1n << 64n;
      return { lo, hi, mpyc: carry, sumext: carry ? 1 : 0 };
    }
    case 'MACS':
      return { lo, hi, mpyc: exact < 0n, sumext: hi >>> 31 === 1 ? 0xffff : 0 };
  }
}

/**
 * What software reads from RES0..RES3 (as two 32-bit halves) given the stored result:
 * saturation first (MPYSAT, clamp per `saturate`), then the fractional left shift (MPYFRAC);
 * with both, a shift that would overflow the saturated width clamps again, so −1.0 × −1.0 reads
 * as the most positive value (UG367 §5.2.4.2 note). The stored registers never change.
 */
export function resultView(
  res: Accumulator,
  wide: boolean,
  fractional: boolean,
  saturation: boolean,
): { lo: number; hi: number } {
  let { lo, hi } = saturation ? saturate(res, wide) : res;
  if (!fractional) return { lo, hi };
  const top2 = wide ? hi >>> 30 : lo >>> 30;
  hi = ((hi << 1) | (lo >>> 31)) >>> 0;
  lo = (lo << 1) >>> 0;
  if (saturation && (top2 === 1 || top2 === 2)) {
    const negative = top2 === 2;
    if (wide) {
      return negative ? { lo: 0, hi: 0x8000_0000 } : { lo: 0xffff_ffff, hi: 0x7fff_ffff };
    }
    lo = negative ? 0x8000_0000 : 0x7fff_ffff;
  }
  return { lo, hi };
}

/**
 * What software reads from SUMEXT. Normal mode: the stored value (Table 5-4). Fractional mode:
 * bits 33:32 (16×16) or 65:64 (32-bit operands) of the shifted result, sign-extended — bit 33 is
 * the result's extension bit (MPYC) and bit 32 the result's old sign bit (our reading of UG367
 * §5.2.4.1; not checked on silicon).
 */
export function sumextView(stored: number, res: Accumulator, wide: boolean, fractional: boolean) {
  if (!fractional) return stored;
  const msb = (wide ? res.hi : res.lo) >>> 31;
  const bits = ((res.mpyc ? 1 : 0) << 1) | msb;
  return [0x0000, 0x0001, 0xfffe, 0xffff][bits] ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Latency (UG367 Tables 5-1 and 5-5 are identical; Table 5-6 for saturation)
// ---------------------------------------------------------------------------------------------

/** Ready delays in MCLK cycles for [RES0, RES1, RES2, RES3, MPYC]; null = "N/A" in the table. */
type LatencyRow = readonly (number | null)[];

interface LatencyTable {
  readonly op16x16: LatencyRow;
  readonly op32x16: LatencyRow;
  readonly op16x32L: LatencyRow;
  readonly op16x32H: LatencyRow;
  readonly op32x32L: LatencyRow;
  readonly op32x32H: LatencyRow;
}

export const LATENCY_NORMAL: LatencyTable = {
  op16x16: [3, 3, 4, 4, 3],
  op32x16: [3, 5, 6, 7, 7],
  op16x32L: [3, 5, 6, 7, 7],
  op16x32H: [null, 3, 4, 4, 4],
  op32x32L: [3, 8, 10, 11, 11],
  op32x32H: [null, 3, 5, 6, 6],
};

/**
 * Table 5-6. Its 16×16 row gives no value for RES2/RES3 ("–": saturation does not touch them);
 * the emulator takes Table 5-1's 4 cycles for those two words.
 */
export const LATENCY_SATURATION: LatencyTable = {
  op16x16: [3, 3, 4, 4, 3],
  op32x16: [7, 7, 7, 7, 7],
  op16x32L: [7, 7, 7, 7, 7],
  op16x32H: [4, 4, 4, 4, 4],
  op32x32L: [11, 11, 11, 11, 11],
  op32x32H: [6, 6, 6, 6, 6],
};

/**
 * Cycle at which each of [RES0, RES1, RES2, RES3, MPYC] becomes valid. `op2At` is the cycle of
 * the OP2 write (16-bit OP2) or of the OP2L write (32-bit OP2), `op2hAt` that of the OP2H write.
 * For a 32-bit OP2 both table rows apply and the later stamp decides.
 */
export function readyCycles(
  widths: OperandWidths,
  saturation: boolean,
  op2At: number,
  op2hAt: number = op2At,
): number[] {
  const table = saturation ? LATENCY_SATURATION : LATENCY_NORMAL;
  const stamp = (row: LatencyRow, at: number, i: number): number => {
    const d = row[i];
    return d === null || d === undefined ? -Infinity : at + d;
  };
  const out: number[] = [];
  for (let i = 0; i < 5; i++) {
    if (!widths.op2Is32) {
      out.push(stamp(widths.op1Is32 ? table.op32x16 : table.op16x16, op2At, i));
    } else {
      const rowL = widths.op1Is32 ? table.op32x32L : table.op16x32L;
      const rowH = widths.op1Is32 ? table.op32x32H : table.op16x32H;
      out.push(Math.max(stamp(rowL, op2At, i), stamp(rowH, op2hAt, i)));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The peripheral
// ---------------------------------------------------------------------------------------------

const REGISTER_NAMES: Readonly<Record<number, string>> = {
  [MPY]: 'MPY',
  [MPYS]: 'MPYS',
  [MAC]: 'MAC',
  [MACS]: 'MACS',
  [OP2]: 'OP2',
  [RESLO]: 'RESLO',
  [RESHI]: 'RESHI',
  [SUMEXT]: 'SUMEXT',
  [MPY32L]: 'MPY32L',
  [MPY32H]: 'MPY32H',
  [MPYS32L]: 'MPYS32L',
  [MPYS32H]: 'MPYS32H',
  [MAC32L]: 'MAC32L',
  [MAC32H]: 'MAC32H',
  [MACS32L]: 'MACS32L',
  [MACS32H]: 'MACS32H',
  [OP2L]: 'OP2L',
  [OP2H]: 'OP2H',
  [RES0]: 'RES0',
  [RES1]: 'RES1',
  [RES2]: 'RES2',
  [RES3]: 'RES3',
  [MPY32CTL0]: 'MPY32CTL0',
};

/** Index into the ready stamps: RES0..RES3 = 0..3, MPYC/SUMEXT = 4. */
const READY_INDEX: Readonly<Record<number, number>> = {
  [RESLO]: 0,
  [RES0]: 0,
  [RESHI]: 1,
  [RES1]: 1,
  [RES2]: 2,
  [RES3]: 3,
  [SUMEXT]: 4,
  [MPY32CTL0]: 4,
};

/** An operation the MPY32 started (for observers such as the energy model). */
export interface Mpy32Operation {
  readonly mode: MpyMode;
  readonly op1Is32: boolean;
  readonly op2Is32: boolean;
  /** MCLK cycle of the starting write (OP2, or OP2H for a 32-bit OP2). */
  readonly cycle: number;
}

export class Mpy32 implements Peripheral {
  readonly name = 'MPY32';
  readonly start = 0x04c0;
  readonly end = 0x04ed;

  private op1Lo = 0;
  private op1Hi = 0;
  private op2Lo = 0;
  private op2Hi = 0;
  private mode = 0;
  private op1Is32 = false;
  private op2Is32 = false;
  /** Cycle of an OP2L write still waiting for its OP2H, or null. */
  private op2lAt: number | null = null;
  private resLo = 0;
  private resHi = 0;
  private sumext = 0;
  private ctl = 0; // MPYC, MPYFRAC, MPYSAT, MPYDLYWRTEN, MPYDLY32 (mode and widths kept apart)
  private ready: number[] = [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity];
  private readonly operationListeners: ((operation: Mpy32Operation) => void)[] = [];
  private readonly ctx: PeripheralContext;

  constructor(ctx: PeripheralContext) {
    this.ctx = ctx;
  }

  reset(): void {
    this.op1Lo = this.op1Hi = this.op2Lo = this.op2Hi = 0;
    this.mode = 0;
    this.op1Is32 = this.op2Is32 = false;
    this.op2lAt = null;
    this.resLo = this.resHi = this.sumext = 0;
    this.ctl = 0;
    this.ready = [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity];
  }

  /** Call `listener` for every operation started; returns the function that removes it. */
  onOperation(listener: (operation: Mpy32Operation) => void): () => void {
    this.operationListeners.push(listener);
    return () => {
      const i = this.operationListeners.indexOf(listener);
      if (i >= 0) this.operationListeners.splice(i, 1);
    };
  }

  /** Ready-at cycles of [RES0, RES1, RES2, RES3, MPYC] for the last operation. */
  readyAt(): readonly number[] {
    return this.ready;
  }

  /** The stored (unshifted, unclamped) 64-bit result. */
  storedResult(): MpyResult {
    return { lo: this.resLo, hi: this.resHi, mpyc: (this.ctl & MPYC) !== 0, sumext: this.sumext };
  }

  accessWaitCycles(_address: number, isWrite: boolean): number {
    if (!isWrite || (this.ctl & MPYDLYWRTEN) === 0) return 0;
    return Math.max(0, this.holdUntil() - this.ctx.now());
  }

  read16(address: number): number {
    const a = address & ~1;
    const readyIndex = READY_INDEX[a];
    if (readyIndex !== undefined) this.checkReady(a, readyIndex);
    switch (a) {
      case MPY:
      case MPYS:
      case MAC:
      case MACS:
      case MPY32L:
      case MPYS32L:
      case MAC32L:
      case MACS32L:
        return this.op1Lo;
      case MPY32H:
      case MPYS32H:
      case MAC32H:
      case MACS32H:
        return this.op1Hi;
      case OP2:
      case OP2L:
        return this.op2Lo;
      case OP2H:
        return this.op2Hi;
      case RESLO:
      case RES0:
        return this.view().lo & 0xffff;
      case RESHI:
      case RES1:
        return this.view().lo >>> 16;
      case RES2:
        return this.view().hi & 0xffff;
      case RES3:
        return this.view().hi >>> 16;
      case SUMEXT:
        return sumextView(this.sumext, this.storedResult(), this.wide(), this.fractional());
      case MPY32CTL0:
        return this.ctl0();
      default:
        return 0;
    }
  }

  read8(address: number): number {
    return byteOf(this.read16(address), address);
  }

  write16(address: number, value: number): void {
    this.write(address & ~1, value & 0xffff, this.effectiveNow());
  }

  /**
   * Byte writes. To the low byte of an operand register (the `_B` names: MPY_B … MACS_B,
   * MPYxx32L/H_B, OP2_B, OP2L_B, OP2H_B) the byte is extended to 16 bits — sign-extended in the
   * signed modes (the mode of the OP1 address, or the current mode for OP2 registers), zero-
   * extended otherwise — and then acts as a word write. A byte written to the low byte of an
   * xx32H register thus gives a 24-bit operand. A write to a high byte (odd address) replaces
   * that byte and then acts as a word write of the merged value; UG367 does not describe it.
   */
  write8(address: number, value: number): void {
    const a = address & ~1;
    const byte = value & 0xff;
    const now = this.effectiveNow();
    if ((address & 1) === 0 && this.isOperandRegister(a)) {
      const signed = this.isSignedFor(a);
      const extended = signed ? signExtend8(byte) & 0xffff : byte;
      this.write(a, extended, now);
      return;
    }
    this.write(a, mergeByte(this.rawWord(a), address, byte), now);
  }

  // --- internals -------------------------------------------------------------------------------

  private fractional(): boolean {
    return (this.ctl & MPYFRAC) !== 0;
  }

  private saturation(): boolean {
    return (this.ctl & MPYSAT) !== 0;
  }

  private wide(): boolean {
    return this.op1Is32 || this.op2Is32;
  }

  private view(): { lo: number; hi: number } {
    return resultView(this.storedResult(), this.wide(), this.fractional(), this.saturation());
  }

  private ctl0(): number {
    return (
      (this.ctl & (MPYC | MPYFRAC | MPYSAT | MPYDLYWRTEN | MPYDLY32)) |
      (this.mode << 4) |
      (this.op1Is32 ? MPYOP1_32 : 0) |
      (this.op2Is32 ? MPYOP2_32 : 0)
    );
  }

  /** Register contents as written (no view), for merging byte writes. */
  private rawWord(a: number): number {
    switch (a) {
      case RESLO:
      case RES0:
        return this.resLo & 0xffff;
      case RESHI:
      case RES1:
        return this.resLo >>> 16;
      case RES2:
        return this.resHi & 0xffff;
      case RES3:
        return this.resHi >>> 16;
      case SUMEXT:
        return this.sumext;
      case MPY32CTL0:
        return this.ctl0();
      default:
        return this.read16Silently(a);
    }
  }

  private read16Silently(a: number): number {
    if (a === OP2 || a === OP2L) return this.op2Lo;
    if (a === OP2H) return this.op2Hi;
    if (this.isOp1High(a)) return this.op1Hi;
    return this.op1Lo;
  }

  private isOp1Low(a: number): boolean {
    return (a >= MPY && a <= MACS) || (a >= MPY32L && a <= MACS32H && (a & 2) === 0);
  }

  private isOp1High(a: number): boolean {
    return a >= MPY32H && a <= MACS32H && (a & 2) === 2;
  }

  private isOperandRegister(a: number): boolean {
    return this.isOp1Low(a) || this.isOp1High(a) || a === OP2 || a === OP2L || a === OP2H;
  }

  private op1Mode(a: number): number {
    return a <= MACS ? (a - MPY) >> 1 : (a - MPY32L) >> 2;
  }

  private isSignedFor(a: number): boolean {
    const mode = this.isOp1Low(a) || this.isOp1High(a) ? this.op1Mode(a) : this.mode;
    return (mode & 1) === 1; // MPYS and MACS
  }

  private holdUntil(): number {
    const r = this.ready;
    return (this.ctl & MPYDLY32) !== 0
      ? Math.max(r[0] ?? -Infinity, r[1] ?? -Infinity)
      : Math.max(...r);
  }

  /** The cycle a write takes effect: now, or the ready cycle while MPYDLYWRTEN holds it. */
  private effectiveNow(): number {
    const now = this.ctx.now();
    if ((this.ctl & MPYDLYWRTEN) === 0) return now;
    return Math.max(now, this.holdUntil());
  }

  private checkReady(a: number, index: number): void {
    const readyAt = this.ready[index] ?? -Infinity;
    const now = this.ctx.now();
    if (now >= readyAt) return;
    this.ctx.report({
      kind: 'early-read',
      peripheral: this.name,
      address: a,
      message:
        `${REGISTER_NAMES[a] ?? 'register'} read at cycle ${now}, valid from cycle ${readyAt} ` +
        `(${readyAt - now} early); silicon returns stale data, the emulator the final value`,
    });
  }

  private warnIfBusy(a: number, now: number): void {
    if ((this.ctl & MPYDLYWRTEN) !== 0) return;
    const busyUntil = Math.max(...this.ready);
    if (now >= busyUntil) return;
    this.ctx.report({
      kind: 'warning',
      peripheral: this.name,
      address: a,
      message:
        `${REGISTER_NAMES[a] ?? 'register'} written at cycle ${now} while the operation runs ` +
        `until cycle ${busyUntil}: silicon aborts it (set MPYDLYWRTEN to wait)`,
    });
  }

  private write(a: number, value: number, now: number): void {
    if (this.isOp1Low(a)) {
      this.mode = this.op1Mode(a);
      this.op1Lo = value;
      this.op1Is32 = false;
      return;
    }
    if (this.isOp1High(a)) {
      this.mode = this.op1Mode(a);
      this.op1Hi = value;
      this.op1Is32 = true;
      return;
    }
    switch (a) {
      case OP2:
        this.warnIfBusy(a, now);
        this.op2Lo = value;
        this.op2Is32 = false;
        this.op2lAt = null;
        this.run(now, now);
        return;
      case OP2L:
        this.warnIfBusy(a, now);
        this.op2Lo = value;
        this.op2Is32 = true;
        this.op2lAt = now;
        return;
      case OP2H:
        if (this.op2lAt === null) {
          this.ctx.report({
            kind: 'ignored-write',
            peripheral: this.name,
            address: a,
            message: 'OP2H written without a preceding OP2L: ignored (UG367 §5.2)',
          });
          return;
        }
        this.op2Hi = value;
        this.run(this.op2lAt, now);
        this.op2lAt = null;
        return;
      case RESLO:
      case RES0:
        this.warnIfBusy(a, now);
        this.resLo = ((this.resLo & 0xffff_0000) | value) >>> 0;
        return;
      case RESHI:
      case RES1:
        this.warnIfBusy(a, now);
        this.resLo = ((this.resLo & 0xffff) | (value << 16)) >>> 0;
        return;
      case RES2:
        this.warnIfBusy(a, now);
        this.resHi = ((this.resHi & 0xffff_0000) | value) >>> 0;
        return;
      case RES3:
        this.warnIfBusy(a, now);
        this.resHi = ((this.resHi & 0xffff) | (value << 16)) >>> 0;
        return;
      case SUMEXT:
        this.ctx.report({
          kind: 'ignored-write',
          peripheral: this.name,
          address: a,
          message: 'SUMEXT is read-only',
        });
        return;
      case MPY32CTL0:
        this.ctl = value & CTL_WRITABLE & ~(MPYM | MPYOP1_32 | MPYOP2_32);
        this.mode = (value & MPYM) >> 4;
        this.op1Is32 = (value & MPYOP1_32) !== 0;
        this.op2Is32 = (value & MPYOP2_32) !== 0;
        return;
      default:
        return;
    }
  }

  /** Start the operation: `op2At` is the OP2 (or OP2L) write, `op2hAt` the OP2H write. */
  private run(op2At: number, op2hAt: number): void {
    const widths = { op1Is32: this.op1Is32, op2Is32: this.op2Is32 };
    const op1 = this.op1Is32 ? ((this.op1Hi << 16) | this.op1Lo) >>> 0 : this.op1Lo;
    const op2 = this.op2Is32 ? ((this.op2Hi << 16) | this.op2Lo) >>> 0 : this.op2Lo;
    const mode = MPY_MODES[this.mode] ?? 'MPY';
    const result = multiply(op1, op2, mode, widths, this.storedResult(), this.saturation());
    this.resLo = result.lo;
    this.resHi = result.hi;
    this.sumext = result.sumext;
    this.ctl = result.mpyc ? this.ctl | MPYC : this.ctl & ~MPYC;
    this.ready = readyCycles(widths, this.saturation(), op2At, op2hAt);
    if (this.operationListeners.length > 0) {
      const operation = { mode, ...widths, cycle: op2hAt };
      for (const l of this.operationListeners) l(operation);
    }
  }
}
