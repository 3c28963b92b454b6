// Shared helpers of the assembly-kernel specs: the kernel library per back end, built once.
import { kernelSources } from '../../../runtime/kernels/sources.js';
import {
  loadKernelLibrary,
  type KernelLibrary,
  type MultiplierBackEnd,
} from '../../../runtime/kernels/runner.js';

export const BACK_ENDS: readonly MultiplierBackEnd[] = ['mpy32', 'software'];

const libraries = new Map<MultiplierBackEnd, KernelLibrary>();

/** The kernel library for a back end, assembled on first use. */
export function library(multiplier: MultiplierBackEnd): KernelLibrary {
  let lib = libraries.get(multiplier);
  if (lib === undefined) {
    lib = loadKernelLibrary({ multiplier, sources: kernelSources() });
    libraries.set(multiplier, lib);
  }
  return lib;
}
