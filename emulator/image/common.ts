/**
 * Helpers shared by the image readers and writers: text decoding, the line loop of the text
 * readers, hex digits, and merging byte chunks into sorted, non-overlapping segments.
 *
 * Addresses follow the MSP430X 20-bit byte address space (SLAU367 section 1.4: 1 MB).
 */

import type { ImageError, ImageSegment } from './image.js';

/** One past the highest MSP430X byte address. */
export const ADDRESS_LIMIT = 0x10_0000;

export type ImageFormat = ImageError['format'];

/** Optional location parts of an ImageError, in the shape exactOptionalPropertyTypes wants. */
export interface ErrorPlace {
  readonly offset?: number;
  readonly line?: number;
  readonly column?: number;
  readonly field?: string;
}

export function imageError(format: ImageFormat, message: string, place: ErrorPlace): ImageError {
  return { kind: 'image', format, message, ...place };
}

/**
 * Text formats arrive as strings or raw file bytes. Bytes are read one character per byte
 * (Latin-1), so a stray non-ASCII byte shows up as one bad character at the right column instead
 * of a UTF-8 decoding failure.
 */
export function textOf(input: string | Uint8Array): string {
  if (typeof input === 'string') {
    return input;
  }

  const parts: string[] = [];
  const chunk = 0x4000;
  for (let i = 0; i < input.length; i += chunk) {
    parts.push(String.fromCharCode(...input.subarray(i, i + chunk)));
  }
  return parts.join('');
}

/** Splits on LF and drops one CR before it, so LF and CRLF files read the same. */
export function splitLines(text: string): string[] {
  return text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/** Enough to show what is wrong with a damaged file without flooding the caller. */
export const MAX_ERRORS = 50;

/** How a line-based format ends (Intel HEX: the type-01 record; TI-TXT: `q`). */
export interface EndMarker {
  /** Error for a non-blank line after the marker; " on line N" (the marker's line) follows. */
  readonly after: string;
  /** Error when the file has no marker, placed on its last non-blank line. */
  readonly missing: string;
  /** The `field` of both errors. */
  readonly field: string;
  /** Whether a line after the marker is reported where its text starts (else column 1). */
  readonly columnAtText: boolean;
}

/**
 * The line loop of the text readers: LF or CRLF lines, blank ones skipped, reading stops after
 * MAX_ERRORS errors or at the first non-blank line after the end marker, and a file without the
 * marker is an error unless it has others. `readLine` gets each non-blank line as written with
 * its 1-based number, adds what it finds to `errors`, and returns true for the end marker.
 */
export function readLines(
  input: string | Uint8Array,
  format: ImageFormat,
  end: EndMarker,
  readLine: (raw: string, lineNumber: number, errors: ImageError[]) => boolean,
): ImageError[] {
  const lines = splitLines(textOf(input));
  const errors: ImageError[] = [];
  let endLine: number | undefined;
  let lastLine = 1;

  for (let i = 0; i < lines.length && errors.length < MAX_ERRORS; i++) {
    const lineNumber = i + 1;
    const raw = lines[i] ?? '';
    if (raw.trim() === '') {
      continue;
    }
    lastLine = lineNumber;

    if (endLine !== undefined) {
      const column = end.columnAtText ? raw.length - raw.trimStart().length + 1 : 1;
      const message = `${end.after} on line ${endLine}`;
      errors.push(imageError(format, message, { line: lineNumber, column, field: end.field }));
      break;
    }
    if (readLine(raw, lineNumber, errors)) {
      endLine = lineNumber;
    }
  }

  if (endLine === undefined && errors.length === 0) {
    errors.push(imageError(format, end.missing, { line: lastLine, field: end.field }));
  }
  return errors;
}

export function isHexDigit(char: string): boolean {
  return /^[0-9a-fA-F]$/.test(char);
}

/** Index of the first character that is not a hex digit, or -1. */
export function firstNonHex(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (!isHexDigit(text.charAt(i))) {
      return i;
    }
  }
  return -1;
}

export function hex(value: number, digits: number): string {
  return value.toString(16).toUpperCase().padStart(digits, '0');
}

/** A run of bytes found in a file, with where it came from for error messages. */
export interface ByteChunk {
  readonly address: number;
  readonly data: Uint8Array;
  readonly line?: number;
}

/**
 * Sorts chunks by address, joins chunks that touch, and reports chunks that overlap: a file that
 * writes one byte twice is almost certainly a broken producer, and silently keeping either value
 * would hide that.
 */
export function mergeChunks(
  chunks: readonly ByteChunk[],
  format: ImageFormat,
): { segments: ImageSegment[]; errors: ImageError[] } {
  const sorted = chunks.filter((c) => c.data.length > 0).sort((a, b) => a.address - b.address);
  const segments: ImageSegment[] = [];
  const errors: ImageError[] = [];
  let run: ByteChunk[] = [];
  let runEnd = -1;

  for (const chunk of sorted) {
    if (run.length > 0 && chunk.address < runEnd) {
      errors.push(overlapError(chunk, runEnd, format));
      continue;
    }
    if (run.length > 0 && chunk.address > runEnd) {
      segments.push(joinRun(run));
      run = [];
    }
    run.push(chunk);
    runEnd = chunk.address + chunk.data.length;
  }

  if (run.length > 0) {
    segments.push(joinRun(run));
  }
  return { segments, errors };
}

function overlapError(chunk: ByteChunk, runEnd: number, format: ImageFormat): ImageError {
  const message =
    `data at 0x${hex(chunk.address, 5)} overlaps data already placed up to ` +
    `0x${hex(runEnd - 1, 5)}`;
  const place: ErrorPlace = chunk.line === undefined ? {} : { line: chunk.line };
  return imageError(format, message, { ...place, field: 'address' });
}

function joinRun(run: readonly ByteChunk[]): ImageSegment {
  const first = run[0];
  const last = run[run.length - 1];
  if (first === undefined || last === undefined) {
    return { address: 0, data: new Uint8Array(0) };
  }

  const data = new Uint8Array(last.address + last.data.length - first.address);
  for (const chunk of run) {
    data.set(chunk.data, chunk.address - first.address);
  }
  return { address: first.address, data };
}

/**
 * Segments of an image in address order, contiguous ones joined, for the text writers. Overlaps
 * are an error because a text image can hold only one value per byte.
 */
export function flattenSegments(
  segments: readonly ImageSegment[],
  format: ImageFormat,
): { segments: ImageSegment[]; errors: ImageError[] } {
  const errors: ImageError[] = [];
  for (const segment of segments) {
    const end = segment.address + segment.data.length;
    if (!Number.isInteger(segment.address) || segment.address < 0 || end > ADDRESS_LIMIT) {
      const name = segment.name === undefined ? '' : ` (${segment.name})`;
      const message =
        `segment${name} at ${segment.address} with ${segment.data.length} bytes does not fit ` +
        'the 20-bit address space';
      errors.push(imageError(format, message, { field: 'address' }));
    }
  }
  if (errors.length > 0) {
    return { segments: [], errors };
  }
  return mergeChunks(segments, format);
}
