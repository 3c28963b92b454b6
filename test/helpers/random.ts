/**
 * Seeded random numbers for tests, so a failing random case replays from its seed. The
 * generator is the testing API's mulberry32 (runtime/testing/random.ts), which documents the
 * algorithm; seeded specs assert through its numbers, so its sequence must never change.
 */

export { mulberry32 } from '../../runtime/testing/random.js';

/** An integer in [0, below) drawn from `next`. */
export function randomInt(next: () => number, below: number): number {
  return Math.floor(next() * below);
}
