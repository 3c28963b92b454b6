/**
 * Seeded random numbers for kernel tests, so a failing random case can be replayed: mulberry32,
 * a 32-bit generator small enough to write out, good enough for test inputs (not for anything
 * that needs statistical quality).
 */

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** `length` integers in [min, max] (default: the whole int16 range). */
  ints(length: number, min?: number, max?: number): number[];
}

/**
 * mulberry32: a 32-bit state advances by 0x6D2B79F5 per call and is scrambled by two
 * multiply/xor-shift rounds; the result divided by 2^32 is a float in [0, 1). Seeded specs
 * assert through these numbers, so the sequence for a seed must never change.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

export function seededRandom(seed: number): Random {
  const next = mulberry32(seed);
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    ints: (length, min = -0x8000, max = 0x7fff) => Array.from({ length }, () => int(min, max)),
  };
}
