/**
 * Image formats: ELF32 (gABI, EM_MSP430), Intel HEX and TI-TXT readers and writers, and a
 * format guess for loaders that receive a file without being told its type.
 *
 * Browser-safe: everything here takes and returns bytes or strings; file access belongs to the
 * Node entry points.
 */

import { imageError } from './common.js';
import { readElf } from './elf.js';
import { readHex } from './ihex.js';
import type { ImageError, MemoryImage } from './image.js';
import { readTiTxt } from './titxt.js';
import { fail, type Result } from '../result.js';

export * from './image.js';
export * from './elf.js';
export { readHex, writeHex, type HexWriteOptions } from './ihex.js';
export { readTiTxt, writeTiTxt } from './titxt.js';

export type DetectedFormat = 'elf' | 'ihex' | 'ti-txt' | 'unknown';

const EXTENSIONS: ReadonlyMap<string, DetectedFormat> = new Map([
  ['elf', 'elf'],
  ['out', 'elf'],
  ['o', 'elf'],
  ['axf', 'elf'],
  ['hex', 'ihex'],
  ['ihex', 'ihex'],
  ['ihx', 'ihex'],
  ['txt', 'ti-txt'],
]);

/**
 * Guesses a file's format from its first bytes (ELF magic, ':' of a HEX record, '@' of a TI-TXT
 * section), and only from the file name's extension when the content says nothing, because
 * names lie more often than contents do (a TI-TXT file saved as .hex is common).
 */
export function detectFormat(bytes: Uint8Array, fileName?: string): DetectedFormat {
  if (bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46) {
    return 'elf';
  }

  const first = firstVisibleByte(bytes);
  if (first === 0x3a) {
    return 'ihex';
  }
  if (first === 0x40) {
    return 'ti-txt';
  }

  const extension = fileName?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  return (extension === undefined ? undefined : EXTENSIONS.get(extension)) ?? 'unknown';
}

/** First byte that is not ASCII white space (HEX and TI-TXT may start with blank lines). */
function firstVisibleByte(bytes: Uint8Array): number | undefined {
  for (const b of bytes) {
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) {
      return b;
    }
  }
  return undefined;
}

/** Reads any supported image file, choosing the reader with detectFormat. */
export function readImage(bytes: Uint8Array, fileName?: string): Result<MemoryImage, ImageError> {
  const format = detectFormat(bytes, fileName);
  switch (format) {
    case 'elf':
      return readElf(bytes);
    case 'ihex':
      return readHex(bytes);
    case 'ti-txt':
      return readTiTxt(bytes);
    case 'unknown': {
      const message =
        `cannot tell the format of ${fileName ?? 'the file'} ` + '(not ELF, Intel HEX or TI-TXT)';
      return fail(imageError('image', message, { offset: 0 }));
    }
  }
}
