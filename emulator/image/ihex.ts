/**
 * Intel HEX reader and writer for MSP430X images.
 *
 * Follows Intel's "Hexadecimal Object File Format Specification" (rev. A, 1988): records
 * `:LLAAAATT<data>CC`, types 00 data, 01 end of file, 02 extended segment address (base =
 * value x 16, offsets wrap inside the 64 KB segment), 03 start segment address (CS:IP),
 * 04 extended linear address (upper 16 bits, no wrap) and 05 start linear address.
 * See toolchain.md section 15 for what each producer writes.
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

const DATA = 0x00;
const END_OF_FILE = 0x01;
const EXTENDED_SEGMENT_ADDRESS = 0x02;
const START_SEGMENT_ADDRESS = 0x03;
const EXTENDED_LINEAR_ADDRESS = 0x04;
const START_LINEAR_ADDRESS = 0x05;

interface HexRecord {
  readonly type: number;
  readonly offset: number;
  readonly data: Uint8Array;
}

/** How data-record offsets become addresses (Intel HEX spec, "address calculation"). */
interface AddressBase {
  readonly base: number;
  /** Segment mode wraps offsets within 64 KB; linear mode does not. */
  readonly wraps: boolean;
}

const END: EndMarker = {
  after: 'record after the end-of-file record',
  missing: 'the file has no end-of-file record (:00000001FF)',
  field: 'end of file',
  columnAtText: false,
};

/** Reads an Intel HEX file into a memory image; the start record, if any, becomes the entry. */
export function readHex(input: string | Uint8Array): Result<MemoryImage, ImageError> {
  const chunks: ByteChunk[] = [];
  let base: AddressBase = { base: 0, wraps: false };
  let entry: number | undefined;

  const errors = readLines(input, 'ihex', END, (raw, lineNumber, lineErrors) => {
    const parsed = parseRecord(raw.trimEnd(), lineNumber);
    if (!parsed.ok) {
      lineErrors.push(...parsed.errors);
      return false;
    }

    const record = parsed.value;
    switch (record.type) {
      case DATA: {
        const placed = placeData(record, base, lineNumber);
        if (placed.ok) {
          chunks.push(...placed.value);
        } else {
          lineErrors.push(...placed.errors);
        }
        break;
      }
      case END_OF_FILE:
        return true;
      case EXTENDED_SEGMENT_ADDRESS:
        base = { base: word(record.data, 0) * 16, wraps: true };
        break;
      case START_SEGMENT_ADDRESS:
        entry = word(record.data, 0) * 16 + word(record.data, 2);
        break;
      case EXTENDED_LINEAR_ADDRESS:
        base = { base: word(record.data, 0) * 0x1_0000, wraps: false };
        break;
      case START_LINEAR_ADDRESS:
        entry = word(record.data, 0) * 0x1_0000 + word(record.data, 2);
        break;
    }
    return false;
  });

  const merged = mergeChunks(chunks, 'ihex');
  errors.push(...merged.errors);
  if (errors.length > 0) {
    return fail(...errors);
  }

  const image: MemoryImage = { segments: merged.segments, symbols: [] };
  return ok(entry === undefined ? image : { ...image, entry });
}

function hexError(message: string, place: ErrorPlace): ImageError {
  return imageError('ihex', message, place);
}

/** Big-endian 16-bit value: HEX address fields and extended-address data are big-endian. */
function word(data: Uint8Array, at: number): number {
  return ((data[at] ?? 0) << 8) | (data[at + 1] ?? 0);
}

/** Name of the record part a hex digit at `index` (after the colon) belongs to. */
function fieldAt(index: number, digitCount: number): string {
  if (index < 2) {
    return 'byte count';
  }
  if (index < 6) {
    return 'address';
  }
  if (index < 8) {
    return 'record type';
  }
  return index >= digitCount - 2 ? 'checksum' : 'data';
}

/** Checks one record's syntax, length and checksum; columns count the colon as column 1. */
function parseRecord(line: string, lineNumber: number): Result<HexRecord, ImageError> {
  if (!line.startsWith(':')) {
    const message = `a record must start with ':', found '${line.charAt(0)}'`;
    return fail(hexError(message, { line: lineNumber, column: 1, field: 'start code' }));
  }

  const digits = line.slice(1);
  const bad = firstNonHex(digits);
  if (bad >= 0) {
    const message = `'${digits.charAt(bad)}' is not a hex digit`;
    const place = { line: lineNumber, column: bad + 2, field: fieldAt(bad, digits.length) };
    return fail(hexError(message, place));
  }
  if (digits.length % 2 !== 0) {
    const message = `a record needs whole bytes, found ${digits.length} hex digits`;
    return fail(hexError(message, { line: lineNumber, column: 2, field: 'hex digits' }));
  }

  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = Number.parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  }
  return checkRecord(bytes, lineNumber);
}

function checkRecord(bytes: Uint8Array, lineNumber: number): Result<HexRecord, ImageError> {
  if (bytes.length < 5) {
    const message = `a record has at least 5 bytes, found ${bytes.length}`;
    return fail(hexError(message, { line: lineNumber, column: 2, field: 'byte count' }));
  }

  const count = bytes[0] ?? 0;
  if (bytes.length !== count + 5) {
    const message = `byte count says ${count} data bytes, the record holds ${bytes.length - 5}`;
    return fail(hexError(message, { line: lineNumber, column: 2, field: 'byte count' }));
  }

  const sum = bytes.reduce((acc, b) => acc + b, 0) & 0xff;
  if (sum !== 0) {
    const found = bytes[bytes.length - 1] ?? 0;
    const expected = (found - sum) & 0xff;
    const message = `checksum is 0x${hex(found, 2)}, expected 0x${hex(expected, 2)}`;
    const column = bytes.length * 2;
    return fail(hexError(message, { line: lineNumber, column, field: 'checksum' }));
  }

  const record: HexRecord = {
    type: bytes[3] ?? 0,
    offset: word(bytes, 1),
    data: bytes.slice(4, 4 + count),
  };
  return checkRecordType(record, lineNumber);
}

/** Data length each non-data record type must have (Intel HEX spec, one section per type). */
const FIXED_LENGTH: ReadonlyMap<number, number> = new Map([
  [END_OF_FILE, 0],
  [EXTENDED_SEGMENT_ADDRESS, 2],
  [START_SEGMENT_ADDRESS, 4],
  [EXTENDED_LINEAR_ADDRESS, 2],
  [START_LINEAR_ADDRESS, 4],
]);

function checkRecordType(record: HexRecord, lineNumber: number): Result<HexRecord, ImageError> {
  if (record.type === DATA) {
    return ok(record);
  }

  const length = FIXED_LENGTH.get(record.type);
  if (length === undefined) {
    const message = `unknown record type 0x${hex(record.type, 2)} (00 to 05 are defined)`;
    return fail(hexError(message, { line: lineNumber, column: 8, field: 'record type' }));
  }
  if (record.data.length !== length) {
    const message =
      `a type-0${record.type} record has ${length} data bytes, ` + `found ${record.data.length}`;
    return fail(hexError(message, { line: lineNumber, column: 2, field: 'byte count' }));
  }
  return ok(record);
}

/**
 * Turns a data record into one chunk, or two when a segment-mode record wraps past the end of
 * its 64 KB segment (the spec computes each byte's address modulo 64 KB in that mode).
 */
function placeData(
  record: HexRecord,
  base: AddressBase,
  lineNumber: number,
): Result<ByteChunk[], ImageError> {
  const parts: ByteChunk[] = [];
  const beforeWrap = base.wraps ? Math.min(record.data.length, 0x1_0000 - record.offset) : Infinity;
  const first = record.data.subarray(0, beforeWrap);
  parts.push({ address: base.base + record.offset, data: first, line: lineNumber });
  if (first.length < record.data.length) {
    parts.push({ address: base.base, data: record.data.subarray(beforeWrap), line: lineNumber });
  }

  for (const part of parts) {
    if (part.address + part.data.length > ADDRESS_LIMIT) {
      const message =
        `data at 0x${hex(part.address, 5)} runs past 0xFFFFF, the end of the MSP430X ` +
        'address space';
      return fail(hexError(message, { line: lineNumber, column: 4, field: 'address' }));
    }
  }
  return ok(parts);
}

export interface HexWriteOptions {
  /** Data bytes per record, 1 to 255; 16 (the default) and 32 are the common choices. */
  readonly recordSize?: number;
  /**
   * Start record for image.entry: 'linear' writes type 05 (a plain 32-bit address, the default
   * because MSP430X addresses are linear), 'segment' writes type 03 as llvm-objcopy does,
   * 'none' writes no start record.
   */
  readonly entryRecord?: 'linear' | 'segment' | 'none';
  /** Line ending; '\n' by default, '\r\n' as llvm-objcopy and many Windows tools write. */
  readonly lineEnding?: '\n' | '\r\n';
}

/**
 * Writes an image as Intel HEX: data records never cross a 64 KB boundary, so the file reads the
 * same whether a loader wraps offsets or not, and a type-04 record precedes data whose upper
 * address bits differ from the previous record's.
 */
export function writeHex(
  image: MemoryImage,
  options: HexWriteOptions = {},
): Result<string, ImageError> {
  const recordSize = options.recordSize ?? 16;
  if (!Number.isInteger(recordSize) || recordSize < 1 || recordSize > 255) {
    const message = `record size must be 1 to 255 bytes, got ${recordSize}`;
    return fail(hexError(message, { field: 'recordSize' }));
  }

  const flat = flattenSegments(image.segments, 'ihex');
  if (flat.errors.length > 0) {
    return fail(...flat.errors);
  }

  const lines: string[] = [];
  let upper = 0;
  for (const segment of flat.segments) {
    upper = writeSegment(segment, recordSize, upper, lines);
  }

  const start = startRecord(image.entry, options.entryRecord ?? 'linear');
  if (!start.ok) {
    return start;
  }
  lines.push(...start.value, record(END_OF_FILE, 0, []));

  const eol = options.lineEnding ?? '\n';
  return ok(lines.join(eol) + eol);
}

/** Appends the records of one segment; returns the upper address bits now in force. */
function writeSegment(
  segment: ImageSegment,
  recordSize: number,
  upper: number,
  lines: string[],
): number {
  let current = upper;
  let at = 0;

  while (at < segment.data.length) {
    const address = segment.address + at;
    const high = address >>> 16;
    if (high !== current) {
      lines.push(record(EXTENDED_LINEAR_ADDRESS, 0, [high >> 8, high & 0xff]));
      current = high;
    }

    const toBoundary = 0x1_0000 - (address & 0xffff);
    const size = Math.min(recordSize, segment.data.length - at, toBoundary);
    lines.push(record(DATA, address & 0xffff, segment.data.subarray(at, at + size)));
    at += size;
  }
  return current;
}

function startRecord(
  entry: number | undefined,
  kind: 'linear' | 'segment' | 'none',
): Result<string[], ImageError> {
  if (entry === undefined || kind === 'none') {
    return ok([]);
  }
  if (!Number.isInteger(entry) || entry < 0 || entry >= ADDRESS_LIMIT) {
    return fail(hexError(`entry ${entry} is outside the 20-bit address space`, { field: 'entry' }));
  }

  if (kind === 'linear') {
    return ok([record(START_LINEAR_ADDRESS, 0, bigEndian32(entry))]);
  }

  // CS:IP with IP kept below 64 KB: CS takes the bits above IP, as real-mode 8086 code would.
  const cs = (entry >>> 4) & 0xf000;
  const ip = entry - cs * 16;
  return ok([record(START_SEGMENT_ADDRESS, 0, [cs >> 8, cs & 0xff, ip >> 8, ip & 0xff])]);
}

function bigEndian32(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

function record(type: number, offset: number, data: ArrayLike<number>): string {
  const bytes = [data.length, offset >> 8, offset & 0xff, type, ...Array.from(data)];
  const sum = bytes.reduce((acc, b) => acc + b, 0);
  const checksum = -sum & 0xff;
  return ':' + [...bytes, checksum].map((b) => hex(b, 2)).join('');
}
