/**
 * unit430's kernel-testing API (`unit430/testing`): load an MSP430 program, reserve typed buffers
 * in target memory, call a function under the MSP430 EABI and get its result, cycles and energy,
 * with ABI checks that fail with clear messages. Tutorial: docs/testing-kernels.md.
 *
 * Browser-safe: nothing here touches the file system. Loading programs from files is in
 * `runtime/testing/node.ts` (Node only), kept out of this entry so bundlers never see `node:fs`.
 */

export {
  type Addressable,
  type Arg,
  type ArgInput,
  type ArgKind,
  type ArgPlacement,
  i16,
  i32,
  placeArguments,
  ptr,
  ptr20,
  type ReturnKind,
  u16,
  u32,
} from './args.js';
export { KernelTestError, type KernelProblem, type KernelProblemKind } from './errors.js';
export {
  type ElementKind,
  type ElementTypes,
  type FieldKind,
  type FieldLayout,
  type Range,
  REGION_BOUNDS,
  type RegionName,
  StructBuffer,
  type StructInput,
  type StructLayout,
  structLayout,
  type StructSchema,
  type StructValue,
  TypedBuffer,
} from './memory.js';
export {
  type BufferOptions,
  type CallOptions,
  type CallResult,
  loadProgram,
  type LoadOptions,
  Program,
  type ProgramInput,
  type StackOptions,
} from './program.js';
export { type Random, seededRandom } from './random.js';
