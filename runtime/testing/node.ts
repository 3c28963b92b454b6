/**
 * Node-only part of the kernel-testing API: load a program from a file. Assembly sources (`.s`,
 * `.S`, `.asm`, `.s43`) are assembled with `.include` resolved relative to the including file;
 * anything else is read as an image (ELF, Intel HEX, TI-TXT). Uses the CLI's file helpers.
 */

import {
  assembleFile,
  errorMessage,
  errorPlace,
  isAssemblySource,
  readBytes,
} from '../cli/files.js';
import { KernelTestError } from './errors.js';
import { loadProgram, type LoadOptions, type Program } from './program.js';

/** Loads a program file; throws KernelTestError (kind 'load') when it cannot. */
export function loadProgramFile(path: string, options: LoadOptions = {}): Program {
  if (isAssemblySource(path)) {
    const assembly = assembleFile(path, {
      ...(options.sectionStarts ? { sectionStarts: { ...options.sectionStarts } } : {}),
      ...(options.defines ? { defines: { ...options.defines } } : {}),
    });
    if (!assembly.ok) {
      throw new KernelTestError(
        assembly.errors.map((e) => ({
          kind: 'load',
          message: `${errorPlace(e, path)}: ${errorMessage(e)}`,
        })),
      );
    }
    return loadProgram(assembly.value, options);
  }
  const bytes = readBytes(path);
  if (!bytes.ok) {
    throw new KernelTestError(bytes.errors.map((e) => ({ kind: 'load', message: e.message })));
  }
  return loadProgram(bytes.value, { fileName: path, ...options });
}
