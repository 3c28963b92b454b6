/**
 * Node-only: reads the assembly kernel library (every `.s` and `.inc` file of kernels/asm) as
 * the `sources` record that ./runner.ts takes. Kept apart so the runner stays browser-safe.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** kernels/asm, relative to this file. */
export const KERNEL_DIR = join(import.meta.dirname, '../../kernels/asm');

/** Every kernel source by file name. */
export function kernelSources(dir: string = KERNEL_DIR): Record<string, string> {
  const sources: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    if (/\.(s|inc)$/.test(name)) sources[name] = readFileSync(join(dir, name), 'utf8');
  }
  return sources;
}
