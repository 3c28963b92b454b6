/**
 * TI-TXT reader and writer for MSP430X images.
 *
 * Follows the TI-TXT description in TI's MSP430 flasher documentation (SLAU101, "TI-TXT format")
 * and the output of srecord's `srec_cat -o file -ti-txt` (toolchain.md section 16): `@ADDR` lines
 * in hex start a section, each following line holds hex bytes separated by spaces, and `q` ends
 * the file. The writer reproduces srec_cat 1.64's layout byte for byte.
 */

import {
  ADDRESS_LIMIT,
  type ByteChunk,
  type EndMarker,
  type ErrorPlace,
  firstNonHex,
  flattenSegments,
  hex,
  imageError,
  mergeChunks,
  readLines,
} from './common.js';
import type { ImageError, ImageSegment, MemoryImage } from './image.js';
import { fail, ok, type Result } from '../result.js';

/** srec_cat writes 16 bytes per line. */
const BYTES_PER_LINE = 16;

interface Section {
  readonly address: number;
  readonly line: number;
  readonly bytes: number[];
}

const END: EndMarker = {
  after: "text after the 'q' end marker",
  missing: "the file does not end with 'q'",
  field: 'end',
  columnAtText: true,
};

/** Reads a TI-TXT file; any number of bytes per line, either letter case, LF or CRLF. */
export function readTiTxt(input: string | Uint8Array): Result<MemoryImage, ImageError> {
  const sections: Section[] = [];
  let current: Section | undefined;

  const errors = readLines(input, 'ti-txt', END, (raw, lineNumber, lineErrors) => {
    const line = raw.trim();
    if (line === 'q' || line === 'Q') {
      return true;
    }
    if (line.startsWith('@')) {
      const indent = raw.length - raw.trimStart().length;
      const section = parseAddressLine(line, lineNumber, indent);
      if (section.ok) {
        current = section.value;
        sections.push(current);
      } else {
        lineErrors.push(...section.errors);
        current = undefined;
      }
    } else {
      lineErrors.push(...parseDataLine(raw, lineNumber, current));
    }
    return false;
  });

  const chunks: ByteChunk[] = sections.map((s) => ({
    address: s.address,
    data: Uint8Array.from(s.bytes),
    line: s.line,
  }));
  const merged = mergeChunks(chunks, 'ti-txt');
  errors.push(...merged.errors);
  return errors.length > 0 ? fail(...errors) : ok({ segments: merged.segments, symbols: [] });
}

function txtError(message: string, place: ErrorPlace): ImageError {
  return imageError('ti-txt', message, place);
}

function parseAddressLine(
  line: string,
  lineNumber: number,
  indent: number,
): Result<Section, ImageError> {
  const digits = line.slice(1);
  const bad = firstNonHex(digits);
  if (digits === '' || bad >= 0 || digits.length > 8) {
    const column = indent + 2 + Math.max(bad, 0);
    const message = `'${line}' is not an address: '@' must be followed by 1 to 8 hex digits`;
    return fail(txtError(message, { line: lineNumber, column, field: 'address' }));
  }

  const address = Number.parseInt(digits, 16);
  if (address >= ADDRESS_LIMIT) {
    const message = `address 0x${digits} lies beyond 0xFFFFF, the end of the MSP430X address space`;
    return fail(txtError(message, { line: lineNumber, column: indent + 2, field: 'address' }));
  }
  return ok({ address, line: lineNumber, bytes: [] });
}

/** Appends one data line's bytes to the current section; returns the problems found. */
function parseDataLine(
  raw: string,
  lineNumber: number,
  section: Section | undefined,
): ImageError[] {
  if (section === undefined) {
    const message = 'data before the first @ADDRESS line (or after a bad one)';
    return [txtError(message, { line: lineNumber, column: 1, field: 'address' })];
  }

  for (const token of raw.matchAll(/\S+/g)) {
    const text = token[0];
    const column = token.index + 1;
    if (text.length !== 2 || firstNonHex(text) >= 0) {
      const message = `'${text}' is not a byte: bytes are two hex digits separated by spaces`;
      return [txtError(message, { line: lineNumber, column, field: 'data' })];
    }
    if (section.address + section.bytes.length >= ADDRESS_LIMIT) {
      const message = 'data runs past 0xFFFFF, the end of the MSP430X address space';
      return [txtError(message, { line: lineNumber, column, field: 'data' })];
    }
    section.bytes.push(Number.parseInt(text, 16));
  }
  return [];
}

/**
 * Writes an image as TI-TXT in srec_cat's layout: sections in address order with touching
 * segments joined, addresses in upper case padded to 4 digits (6 above 0xFFFF), 16 bytes per
 * line counted from the section start, LF line ends, and a final `q`.
 */
export function writeTiTxt(image: MemoryImage): Result<string, ImageError> {
  const flat = flattenSegments(image.segments, 'ti-txt');
  if (flat.errors.length > 0) {
    return fail(...flat.errors);
  }

  const lines: string[] = [];
  for (const segment of flat.segments) {
    lines.push(...sectionLines(segment));
  }
  lines.push('q');
  return ok(lines.join('\n') + '\n');
}

function sectionLines(segment: ImageSegment): string[] {
  // srec_cat prints whole bytes of address: 4 digits up to 0xFFFF, then 6.
  const digits = segment.address > 0xffff ? 6 : 4;
  const lines = [`@${hex(segment.address, digits)}`];
  for (let at = 0; at < segment.data.length; at += BYTES_PER_LINE) {
    const bytes = Array.from(segment.data.subarray(at, at + BYTES_PER_LINE));
    lines.push(bytes.map((b) => hex(b, 2)).join(' '));
  }
  return lines;
}
