/**
 * Threshold quotients for UnIT on raw int16 words (unit-method.md §2, §5, §6).
 *
 * UnIT keeps the product of x and c only when |x · c| > T. With one operand c fixed (the input
 * activation in a dense layer, the weight in a convolution), the test becomes |x| > T / |c|, and
 * the quotient is computed once and compared many times. Everything here works on raw words:
 * x and c carry F fractional bits, so the real test |x|·|c| / 2^(2F) > T reads, in raw integers,
 *
 *     |x_raw| · |c_raw| > T · 2^(2F)   ⇔   |x_raw| > q,   q = T · 2^(2F) / |c_raw|.
 *
 * Because |x_raw| is an integer, |x_raw| > q ⇔ |x_raw| > floor(q): the **exact** method returns
 * floor(q) and reproduces the real-valued test with no error at all. The approximations replace
 * |c_raw| by a power of two found from k, the index of its leading one:
 *
 * | method      | threshold (raw, P = eT + 2F)      | relation to exact |
 * |-------------|-----------------------------------|-------------------|
 * | shift-floor | 2^(P − k)                         | ≥ exact (prunes a little more) |
 * | shift-ceil  | 2^(P − k − 1)                     | ≤ exact (prunes a little less) |
 * | tree        | 2^(P − n), n = least with 2^n > m | = shift-ceil, 4 compares      |
 *
 * A negative exponent gives 0 ("every non-zero operand passes"). That is not an approximation of
 * the power-of-two reading: for 0 < t < 1 and integer |x|, |x| > t ⇔ |x| > 0.
 *
 * Thresholds handed to kernels are unsigned 16-bit words compared with an unsigned `|x| > t`;
 * |x| is at most 0x8000 (|-32768|, which is 0x8000 read unsigned, as NEG leaves it), so a
 * quotient saturated to 0xFFFF still means "nothing passes".
 */

/** How T / |c| is computed. The float bit-mask method lives in `kernels/float/bitmask.ts`. */
export type DivisionMethod = 'exact' | 'shift-ceil' | 'shift-floor' | 'tree';

export const DIVISION_METHODS: readonly DivisionMethod[] = [
  'exact',
  'shift-ceil',
  'shift-floor',
  'tree',
];

/**
 * The threshold T: a power of two 2^eT (any integer eT, e.g. −2 for 0.25), or a raw Q(F) int16
 * magnitude (T = tRaw / 2^F, 0 allowed), which only the exact method accepts.
 */
export type Threshold =
  { readonly kind: 'pow2'; readonly eT: number } | { readonly kind: 'raw'; readonly tRaw: number };

/** Saturated threshold: no operand magnitude (at most 0x8000) is greater. */
export const NOTHING_PASSES = 0xffff;

/** Largest raw magnitude: |-32768|. */
export const MAX_MAGNITUDE = 0x8000;

/** Tree pivots by level, as exponents: the 16-bit tree of unit-method.md §5.2. */
export const TREE_PIVOT_EXPONENTS: readonly (readonly number[])[] = [
  [8],
  [12, 4],
  [14, 10, 6, 2],
  [15, 13, 11, 9, 7, 5, 3, 1],
];

/**
 * Magnitude of a raw int16 as a number in 0..32768. |-32768| = 32768 = 2^15 is handled
 * explicitly: it does not fit an int16, but as an unsigned word (0x8000) it is exactly what the
 * MSP430's INV/INC (or SUB from 0) leaves, so kernels compare it unsigned.
 */
export function magnitude16(raw: number): number {
  const value = (raw << 16) >> 16;
  return value < 0 ? -value : value;
}

/**
 * k = index of the leading one of m (m in 1..32768), found as the bit-shift method does on the
 * MCU: shift right one place at a time until the value is 1, counting the shifts. Returns −1 for
 * m = 0 (callers never ask: zero operands are skipped before any division).
 */
export function leadingOneIndex(magnitude: number): number {
  if (magnitude <= 0) return -1;
  let m = magnitude;
  let k = 0;
  while (m > 1) {
    m >>>= 1;
    k++;
  }
  return k;
}

/**
 * The binary-tree estimator: the least n with 2^n > m, for m in 1..32768 (so n in 1..16), found
 * with exactly 4 compares against the pivots of `TREE_PIVOT_EXPONENTS` (m < pivot → lower half).
 */
export function treeExponent(magnitude: number): number {
  let lo = 1;
  let hi = 16;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (magnitude < 2 ** mid) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Exponent of T · 2^(2F) in raw units: P = eT + 2F. */
export function rawExponent(eT: number, fracBits: number): number {
  return eT + 2 * fracBits;
}

/** 2^s for s ≥ 0, else 0 (a threshold below one LSB lets every non-zero operand pass). */
function pow2OrZero(s: number): number {
  return s >= 0 ? 2 ** s : 0;
}

/** Exact quotient for T = 2^eT: floor(2^P / m), 0 when P < 0. Not saturated. */
export function exactQuotientPow2(magnitude: number, p: number): number {
  if (p < 0) return 0;
  return Math.floor(2 ** p / magnitude);
}

/** Exact quotient for a raw T: floor(tRaw · 2^F / m). At most 2^30; not saturated. */
export function exactQuotientRaw(magnitude: number, tRaw: number, fracBits: number): number {
  return Math.floor((tRaw * 2 ** fracBits) / magnitude);
}

/** Bit shift, floor reading: 2^(P − k); never below the exact quotient. */
export function shiftFloorQuotient(magnitude: number, p: number): number {
  return pow2OrZero(p - leadingOneIndex(magnitude));
}

/** Bit shift, ceil reading: 2^(P − k − 1); never above the exact quotient. */
export function shiftCeilQuotient(magnitude: number, p: number): number {
  return pow2OrZero(p - leadingOneIndex(magnitude) - 1);
}

/** Binary tree: 2^(P − n) with n from `treeExponent`; always equal to the ceil reading. */
export function treeQuotient(magnitude: number, p: number): number {
  return pow2OrZero(p - treeExponent(magnitude));
}

/**
 * The unsaturated quotient T / m by `method` (m in 1..32768; m = 0 gives +Infinity, which any
 * group shift keeps saturated at NOTHING_PASSES). Shift and tree methods need a
 * power-of-two T; a raw T with them is a contract violation that `prepare*` rejects, and here
 * yields NaN so that a twin misuse cannot go unnoticed.
 */
export function quotient(
  method: DivisionMethod,
  magnitude: number,
  threshold: Threshold,
  fracBits: number,
): number {
  if (magnitude === 0) return Infinity;
  if (threshold.kind === 'raw') {
    return method === 'exact' ? exactQuotientRaw(magnitude, threshold.tRaw, fracBits) : NaN;
  }
  const p = rawExponent(threshold.eT, fracBits);
  switch (method) {
    case 'exact':
      return exactQuotientPow2(magnitude, p);
    case 'shift-floor':
      return shiftFloorQuotient(magnitude, p);
    case 'shift-ceil':
      return shiftCeilQuotient(magnitude, p);
    case 'tree':
      return treeQuotient(magnitude, p);
  }
}

/**
 * Applies a group's sensitivity shift d (T_g = T / 2^d) to an unsaturated quotient and saturates
 * the result to a 16-bit threshold. floor(floor(a) / 2^d) = floor(a / 2^d), so for the exact
 * method this is the exact quotient of T_g; for the shift and tree methods it is their quotient
 * for exponent P − d, with the same "negative exponent → 0" rule.
 */
export function groupThreshold(q: number, shift: number): number {
  return Math.min(Math.floor(q / 2 ** shift), NOTHING_PASSES);
}

/** The 16-bit threshold a kernel compares against: `groupThreshold(quotient(...), shift)`. */
export function threshold16(
  method: DivisionMethod,
  magnitude: number,
  threshold: Threshold,
  fracBits: number,
  shift = 0,
): number {
  return groupThreshold(quotient(method, magnitude, threshold, fracBits), shift);
}

/** The UnIT test, strict as in the reference code: keep iff |operand| > t. */
export function passes(magnitude: number, t: number): boolean {
  return magnitude > t;
}
