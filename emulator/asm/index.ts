/**
 * The unit430 assembler (GNU as and TI dialects) and its listings. Browser-safe: included files
 * come through `AssembleOptions.readInclude`. Syntax and defaults: docs/assembler.md.
 */

export { assemble, constantFor, dialectFor, FRAM_START, SRAM_START } from './assembler.js';
export { formatListing } from './listing.js';
export type {
  AsmError,
  AssembleOptions,
  Assembly,
  AssemblySection,
  Dialect,
  ListingLine,
} from './types.js';
