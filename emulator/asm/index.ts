/**
 * The unit430 assembler (GNU as and TI dialects) and its listings. Browser-safe: included files
 * come through `AssembleOptions.readInclude`. Syntax and defaults: docs/assembler.md.
 */

export { assemble, dialectFor } from './assembler.js';
export { formatListing } from './listing.js';
export { constantFor } from './operands.js';
export { FRAM_START, SRAM_START } from './sections.js';
export type {
  AsmError,
  AssembleOptions,
  Assembly,
  AssemblySection,
  Dialect,
  ListingLine,
} from './types.js';
