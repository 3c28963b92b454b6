/**
 * Fixed-point arithmetic shared by the UnIT kernels and their TypeScript twins.
 *
 * Numbers are int16 words in Qm.n with F fractional bits (value = raw / 2^F); the default F = 5
 * is SONIC's Q10.5 (unit-method.md §7). Products of two Q(F) words are exact int32 values with
 * 2F fractional bits. The contract every kernel follows (docs/kernels.md §2):
 *
 * 1. Accumulate in 32-bit two's complement **with wrap-around** (modulo 2^32). This is what the
 *    MPY32 does in MACS mode with 16-bit operands (RES1:RES0, SUMEXT ignored; msp430x.md §10.2)
 *    and what a software shift-and-add multiply followed by ADD/ADDC does. Because modular
 *    addition is associative and commutative, every loop order (input-major, output-major,
 *    weight-major) and every placement of the bias and rounding terms gives the same bits, so an
 *    optimised kernel never has to follow the twin's order. A saturating accumulator would be
 *    order-dependent and would need an overflow test after every MAC.
 * 2. The bias (Q(F)) enters the accumulator once, as bias << F, before or after the products.
 * 3. Requantise once per output, at the end: add 1 << (F - 1) (still modulo 2^32), shift right
 *    arithmetically by F, saturate to int16. This is SONIC's `f_mul` rule applied to the whole
 *    sum instead of to every product, so rounding error is paid once per output. On the MSP430
 *    the step is ADD/ADDC of a constant, F pairs of RRA (high word) / RRC (low word), and two
 *    compares of the high word: no multiply, no division.
 */

/** Default number of fractional bits: Q10.5 as in SONIC. */
export const DEFAULT_FRAC_BITS = 5;

export const INT16_MIN = -0x8000;
export const INT16_MAX = 0x7fff;
export const INT32_MIN = -0x80000000;
export const INT32_MAX = 0x7fffffff;

/** Reads a 16-bit word (any integer, only bits 15:0 count) as a signed int16. */
export function toInt16(word: number): number {
  return (word << 16) >> 16;
}

/** The 16-bit word holding `value` in two's complement (bits 15:0 of it). */
export function toUint16(value: number): number {
  return value & 0xffff;
}

/**
 * Wraps an integer to int32 (modulo 2^32, two's complement). Exact for every safe integer
 * (|value| < 2^53), which covers any sum of fewer than 2^22 int16 products.
 */
export function wrapInt32(value: number): number {
  return value | 0;
}

/** Clamps an integer to the int16 range. */
export function saturate16(value: number): number {
  if (value > INT16_MAX) return INT16_MAX;
  if (value < INT16_MIN) return INT16_MIN;
  return value;
}

/** Saturating int16 addition (what a kernel does with ADD and a JN/JGE test of V). */
export function addSat16(a: number, b: number): number {
  return saturate16(a + b);
}

/** Wrapping int16 addition (plain ADD.W). */
export function addWrap16(a: number, b: number): number {
  return toInt16(a + b);
}

/**
 * Exact product of two int16 values. Its magnitude is at most 2^30 ((-32768)²), so it always fits
 * an int32: the MPY32 in MPYS mode and a shift-and-add routine both produce it without loss.
 */
export function mul16(a: number, b: number): number {
  return (a * b) | 0;
}

/** One multiply-accumulate step: acc + a·b modulo 2^32 (MACS with 16-bit operands). */
export function mac32(acc: number, a: number, b: number): number {
  return (acc + a * b) | 0;
}

/**
 * Signed 16 × 16 → 32 multiply by shift-and-add, the way a kernel without the hardware
 * multiplier computes it: the 16 bits of b, read unsigned, select shifted copies of a (all
 * modulo 2^32); when b is negative its unsigned reading is b + 2^16, so a << 16 is subtracted at
 * the end. Returns exactly `a * b`; kept as the twin of the software multiply routine.
 */
export function mulShiftAdd(a: number, b: number): number {
  let acc = 0;
  let bits = b & 0xffff;
  let addend = a | 0;
  for (let i = 0; i < 16; i++) {
    if ((bits & 1) !== 0) acc = (acc + addend) | 0;
    bits >>>= 1;
    addend = (addend << 1) | 0;
  }
  if (b < 0) acc = (acc - ((a << 16) | 0)) | 0;
  return acc;
}

/** The rounding constant added before the final shift: 1 << (F - 1), or 0 when F = 0. */
export function roundingTerm(fracBits: number): number {
  return fracBits === 0 ? 0 : 1 << (fracBits - 1);
}

/** The bias as it enters a 32-bit accumulator of products (2F fractional bits): bias << F. */
export function biasTerm(bias: number, fracBits: number): number {
  return bias * 2 ** fracBits;
}

/**
 * Requantises a 32-bit accumulator with 2F fractional bits to an int16 with F fractional bits:
 * add 1 << (F - 1) modulo 2^32, arithmetic shift right by F (floor), saturate to int16.
 *
 * Rounding is half-up (ties go toward +infinity), as SONIC's `f_mul`. Note the wrap in the first
 * step: an accumulator within 2^(F-1) of INT32_MAX wraps negative and then saturates to
 * INT16_MIN, exactly as ADD/ADDC on RES1:RES0 would; such a sum has already lost its meaning by
 * wrapping in the accumulation, so the kernels pay nothing to guard it.
 */
export function requantize(acc: number, fracBits: number): number {
  const rounded = (acc + roundingTerm(fracBits)) | 0;
  return saturate16(rounded >> fracBits);
}

/** SONIC's `f_mul`: one product, rounded and saturated. Equals `requantize(a * b, F)`. */
export function fmul(a: number, b: number, fracBits: number): number {
  return requantize(a * b, fracBits);
}

/** Host helper: the nearest Q(F) int16 to a real value (ties away from zero), saturated. */
export function fromReal(value: number, fracBits: number): number {
  const scaled = value * 2 ** fracBits;
  const rounded = Math.sign(scaled) * Math.round(Math.abs(scaled));
  return saturate16(rounded === 0 ? 0 : rounded);
}

/** Host helper: the real value of a Q(F) int16. */
export function toReal(raw: number, fracBits: number): number {
  return raw / 2 ** fracBits;
}

/** True when `value` is an integer in the int16 range. */
export function isInt16(value: number): boolean {
  return Number.isInteger(value) && value >= INT16_MIN && value <= INT16_MAX;
}
