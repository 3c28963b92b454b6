/**
 * Seeded random numbers for tests, so a failing random case replays from its seed.
 *
 * Algorithm: mulberry32. A 32-bit state starts at the seed and advances by 0x6D2B79F5 on every
 * call; the new state is scrambled by two multiply/xor-shift rounds and the 32-bit result,
 * divided by 2^32, is the output: a float in [0, 1). Period 2^32; good enough for test inputs,
 * not for statistics.
 *
 * Seeded specs assert through these numbers (which cases run, which bytes a fixture holds), so
 * the sequence for a seed must never change: a different generator gets a different name.
 */

/** The generator for `seed`: each call returns the next float in [0, 1). */
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

/** An integer in [0, below) drawn from `next`. */
export function randomInt(next: () => number, below: number): number {
  return Math.floor(next() * below);
}
