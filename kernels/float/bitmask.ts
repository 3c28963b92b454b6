/**
 * The IEEE-754 bit-mask quotient of unit-method.md §5.3, for float32 on the host only.
 *
 * A float32 is (−1)^S · 2^(E − 127) · (1 + M / 2^23). Masking the bits with 0x7F800000 keeps the
 * biased exponent E; T / |c| is then estimated as 2^(E_T − E_c), built directly as the bit
 * pattern with exponent field E_T − E_c + 127 and a zero mantissa. With T a power of two the
 * dropped mantissa ratio lies in (½, 1], so the estimate is never below T / |c| (floor-like).
 *
 * Guards: a result field ≤ 0 would be a subnormal or wrap into the sign bit, so the estimate is
 * 0 (everything non-zero passes); a field ≥ 255 would be infinity or NaN, so it is +Infinity
 * (nothing passes). c = 0 (or a subnormal c, whose field is 0) gives +Infinity when T ≠ 0.
 *
 * The MSP430 has no FPU and the kernels use fixed point, so this method has no assembly twin.
 */

const view = new DataView(new ArrayBuffer(4));

/** The 32-bit pattern of a float32 (the value is rounded to float32 first). */
export function float32Bits(value: number): number {
  view.setFloat32(0, value, true);
  return view.getUint32(0, true);
}

/** The float32 whose bit pattern is `bits`. */
export function bitsToFloat32(bits: number): number {
  view.setUint32(0, bits >>> 0, true);
  return view.getFloat32(0, true);
}

export const FLOAT32_EXPONENT_MASK = 0x7f800000;
export const FLOAT32_BIAS = 127;

/** Biased exponent field of a float32 (0..255). */
export function exponentField(value: number): number {
  return (float32Bits(value) & FLOAT32_EXPONENT_MASK) >>> 23;
}

/** Bit-mask estimate of T / |c| (T ≥ 0). */
export function bitMaskQuotient(t: number, c: number): number {
  if (t === 0) return 0;
  const ec = exponentField(c);
  if (ec === 0) return Infinity;
  const field = exponentField(t) - ec + FLOAT32_BIAS;
  if (field <= 0) return 0;
  if (field >= 255) return Infinity;
  return bitsToFloat32(field << 23);
}

/** Exact float32 quotient fround(T / |c|); +Infinity for c = 0. */
export function exactFloatQuotient(t: number, c: number): number {
  return Math.fround(t / Math.abs(c));
}
