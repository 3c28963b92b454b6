/**
 * Target memory for kernel tests: a bump allocator over the SRAM and FRAM the program's image
 * leaves free, typed buffers (Int8/Uint8/Int16/Uint16/Int32/Uint32 arrays) and structs of words.
 *
 * Data is little-endian as on the MSP430; 32-bit values are stored low word first with 2-byte
 * alignment (SLAU132 data-type storage: long is aligned to a 16-bit boundary), so struct fields
 * follow each other without padding. Region bounds come from msp430x.md §7.1.
 */

import type { Addressable } from './args.js';
import { hex, raise } from './errors.js';

/** Where a buffer lives. `fram` is lower FRAM (below 64 KB), `hifram` the FRAM above it. */
export type RegionName = 'sram' | 'fram' | 'hifram';

/** A half-open byte range [start, end). */
export interface Range {
  readonly start: number;
  readonly end: number;
}

/** The FR5994's memories that buffers may use (msp430x.md §7.1). */
export const REGION_BOUNDS: Readonly<Record<RegionName, Range>> = {
  sram: { start: 0x1c00, end: 0x3c00 },
  fram: { start: 0x4000, end: 0xff80 },
  hifram: { start: 0x10000, end: 0x44000 },
};

/** Host access to target memory (the Machine provides it). */
export interface TargetMemory {
  readBytes(address: number, length: number): Uint8Array;
  writeBytes(address: number, data: Uint8Array): void;
}

/** Subtracts `taken` ranges from `range`; the result is sorted. */
export function subtractRanges(range: Range, taken: readonly Range[]): Range[] {
  let free: Range[] = [range];
  for (const t of taken) {
    const next: Range[] = [];
    for (const f of free) {
      if (t.end <= f.start || t.start >= f.end) {
        next.push(f);
        continue;
      }
      if (t.start > f.start) next.push({ start: f.start, end: t.start });
      if (t.end < f.end) next.push({ start: t.end, end: f.end });
    }
    free = next;
  }
  return free.sort((a, b) => a.start - b.start);
}

/** First-fit bump allocation over each region's free ranges. */
export class Allocator {
  private free: Record<RegionName, Range[]>;
  private readonly initial: Record<RegionName, readonly Range[]>;

  constructor(free: Record<RegionName, readonly Range[]>) {
    this.initial = free;
    this.free = { sram: [...free.sram], fram: [...free.fram], hifram: [...free.hifram] };
  }

  /** Bytes still free in `region`, summed over its ranges. */
  available(region: RegionName): number {
    return this.free[region].reduce((n, r) => n + r.end - r.start, 0);
  }

  allocate(region: RegionName, size: number, align: number, name: string): number {
    if (!Number.isInteger(size) || size <= 0) {
      raise({
        kind: 'allocation',
        region,
        size,
        message: `cannot reserve ${size} bytes for ${name}: the size must be a positive integer`,
      });
    }
    if (!Number.isInteger(align) || align <= 0 || (align & (align - 1)) !== 0) {
      raise({
        kind: 'allocation',
        region,
        size,
        message: `cannot reserve ${name}: alignment ${align} is not a power of two`,
      });
    }
    const ranges = this.free[region];
    for (let i = 0; i < ranges.length; i++) {
      const r = ranges[i]!;
      const start = Math.ceil(r.start / align) * align;
      if (start + size > r.end) continue;
      const rest: Range[] = [];
      if (start > r.start) rest.push({ start: r.start, end: start });
      if (start + size < r.end) rest.push({ start: start + size, end: r.end });
      ranges.splice(i, 1, ...rest);
      return start;
    }
    const largest = ranges.reduce((n, r) => Math.max(n, r.end - r.start), 0);
    return raise({
      kind: 'allocation',
      region,
      size,
      message:
        `cannot reserve ${size} bytes for ${name} in ${region}: ` +
        `the largest free block is ${largest} bytes (${this.available(region)} free in total)`,
    });
  }

  /** Forget every allocation made since construction. */
  reset(): void {
    this.free = {
      sram: [...this.initial.sram],
      fram: [...this.initial.fram],
      hifram: [...this.initial.hifram],
    };
  }
}

// ---- typed buffers ---------------------------------------------------------------------------

export interface ElementTypes {
  i8: Int8Array;
  u8: Uint8Array;
  i16: Int16Array;
  u16: Uint16Array;
  i32: Int32Array;
  u32: Uint32Array;
}

export type ElementKind = keyof ElementTypes;

interface ElementInfo {
  readonly size: number;
  readonly min: number;
  readonly max: number;
  readonly make: (length: number) => ElementTypes[ElementKind];
}

const ELEMENTS: Readonly<Record<ElementKind, ElementInfo>> = {
  i8: { size: 1, min: -0x80, max: 0x7f, make: (n) => new Int8Array(n) },
  u8: { size: 1, min: 0, max: 0xff, make: (n) => new Uint8Array(n) },
  i16: { size: 2, min: -0x8000, max: 0x7fff, make: (n) => new Int16Array(n) },
  u16: { size: 2, min: 0, max: 0xffff, make: (n) => new Uint16Array(n) },
  i32: { size: 4, min: -0x80000000, max: 0x7fffffff, make: (n) => new Int32Array(n) },
  u32: { size: 4, min: 0, max: 0xffffffff, make: (n) => new Uint32Array(n) },
};

export function elementSize(kind: ElementKind): number {
  return ELEMENTS[kind].size;
}

/** The element kind of a typed array, for `alloc(typedArray)`. */
export function kindOfArray(values: ElementTypes[ElementKind]): ElementKind {
  if (values instanceof Int8Array) return 'i8';
  if (values instanceof Uint8Array) return 'u8';
  if (values instanceof Int16Array) return 'i16';
  if (values instanceof Uint16Array) return 'u16';
  if (values instanceof Int32Array) return 'i32';
  return 'u32';
}

function checkValue(kind: ElementKind, value: number, where: string): void {
  const { min, max } = ELEMENTS[kind];
  if (!Number.isInteger(value) || value < min || value > max) {
    raise({
      kind: 'value',
      value,
      message: `${where}: ${value} does not fit ${kind} (accepted ${min}..${max})`,
    });
  }
}

/** Little-endian encoding of `values` as `kind` elements. */
function encode(kind: ElementKind, values: ArrayLike<number>, where: string): Uint8Array {
  const size = ELEMENTS[kind].size;
  const bytes = new Uint8Array(values.length * size);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    checkValue(kind, v, `${where}[${i}]`);
    for (let b = 0; b < size; b++)
      bytes[i * size + b] = Number((BigInt(v) >> BigInt(8 * b)) & 0xffn);
  }
  return bytes;
}

function decodeElements<K extends ElementKind>(kind: K, bytes: Uint8Array): ElementTypes[K] {
  const size = ELEMENTS[kind].size;
  const out = ELEMENTS[kind].make(bytes.length / size) as ElementTypes[K];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) {
    const at = i * size;
    out[i] =
      size === 1
        ? view.getUint8(at)
        : size === 2
          ? view.getUint16(at, true)
          : view.getUint32(at, true);
  }
  return out;
}

/** A typed array in target memory. Indexes and counts are in elements. */
export class TypedBuffer<K extends ElementKind> implements Addressable {
  readonly byteLength: number;

  constructor(
    private readonly memory: TargetMemory,
    readonly kind: K,
    readonly name: string,
    readonly address: number,
    readonly length: number,
    readonly region: RegionName,
  ) {
    this.byteLength = length * ELEMENTS[kind].size;
  }

  /** Address of element `index` (index may equal `length`: one past the end). */
  addressOf(index: number): number {
    this.check(index, 0, 'address of');
    return this.address + index * ELEMENTS[this.kind].size;
  }

  /** Elements [start, start + count) as a fresh typed array. */
  read(start = 0, count = this.length - start): ElementTypes[K] {
    this.check(start, count, 'read');
    const size = ELEMENTS[this.kind].size;
    return decodeElements(
      this.kind,
      this.memory.readBytes(this.address + start * size, count * size),
    );
  }

  /** Stores `values` from element `start` on. Values must fit the element type. */
  write(values: ArrayLike<number>, start = 0): void {
    this.check(start, values.length, 'write');
    const bytes = encode(this.kind, values, this.name);
    this.memory.writeBytes(this.address + start * ELEMENTS[this.kind].size, bytes);
  }

  get(index: number): number {
    return this.read(index, 1)[0]!;
  }

  set(index: number, value: number): void {
    this.write([value], index);
  }

  fill(value: number): void {
    this.write(new Array<number>(this.length).fill(value));
  }

  private check(start: number, count: number, action: string): void {
    const ok =
      Number.isInteger(start) &&
      Number.isInteger(count) &&
      start >= 0 &&
      count >= 0 &&
      start + count <= this.length;
    if (ok) return;
    const what = count === 1 ? `element ${start}` : `elements ${start}..${start + count - 1}`;
    raise({
      kind: 'bounds',
      buffer: this.name,
      start,
      count,
      length: this.length,
      message:
        `cannot ${action} ${what} of ${this.name}: it holds ${this.length} ${this.kind} ` +
        `elements (${this.byteLength} bytes at ${hex(this.address)})`,
    });
  }
}

// ---- structs of words ------------------------------------------------------------------------

/** Field types of a struct: words, 32-bit values and pointers (16-bit, or 20-bit in 32 bits). */
export type FieldKind = 'u16' | 'i16' | 'ptr' | 'i32' | 'u32' | 'ptr20';

export type StructSchema = Readonly<Record<string, FieldKind>>;

/** What a field accepts when written: a number, or for pointers also a buffer. */
export type FieldInput<F extends FieldKind> = F extends 'ptr' | 'ptr20'
  ? number | Addressable
  : number;

export type StructInput<S extends StructSchema> = { [P in keyof S]: FieldInput<S[P]> };
export type StructValue<S extends StructSchema> = { [P in keyof S]: number };

export interface FieldLayout {
  readonly name: string;
  readonly kind: FieldKind;
  readonly offset: number;
  readonly size: number;
}

export interface StructLayout<S extends StructSchema = StructSchema> {
  readonly schema: S;
  readonly fields: readonly FieldLayout[];
  /** Bytes, a multiple of 2. */
  readonly size: number;
}

const FIELD_SIZE: Readonly<Record<FieldKind, number>> = {
  u16: 2,
  i16: 2,
  ptr: 2,
  i32: 4,
  u32: 4,
  ptr20: 4,
};

const FIELD_RANGE: Readonly<Record<FieldKind, readonly [number, number]>> = {
  u16: [0, 0xffff],
  i16: [-0x8000, 0x7fff],
  ptr: [0, 0xffff],
  i32: [-0x80000000, 0x7fffffff],
  u32: [0, 0xffffffff],
  ptr20: [0, 0xfffff],
};

/** Field offsets in declaration order, as a C compiler lays out a struct of these types. */
export function structLayout<S extends StructSchema>(schema: S): StructLayout<S> {
  let offset = 0;
  const fields: FieldLayout[] = [];
  for (const [name, kind] of Object.entries(schema)) {
    fields.push({ name, kind, offset, size: FIELD_SIZE[kind] });
    offset += FIELD_SIZE[kind];
  }
  return { schema, fields, size: offset };
}

function readField(kind: FieldKind, bytes: Uint8Array, at: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (kind) {
    case 'u16':
    case 'ptr':
      return view.getUint16(at, true);
    case 'i16':
      return view.getInt16(at, true);
    case 'i32':
      return view.getInt32(at, true);
    case 'u32':
      return view.getUint32(at, true);
    case 'ptr20':
      return view.getUint32(at, true) & 0xfffff;
  }
}

/** A struct in target memory, laid out by `structLayout`. */
export class StructBuffer<S extends StructSchema> implements Addressable {
  constructor(
    private readonly memory: TargetMemory,
    readonly layout: StructLayout<S>,
    readonly name: string,
    readonly address: number,
    readonly region: RegionName,
  ) {}

  get size(): number {
    return this.layout.size;
  }

  /** Address of a field. */
  addressOf(field: keyof S & string): number {
    return this.address + this.field(field).offset;
  }

  read(): StructValue<S> {
    const bytes = this.memory.readBytes(this.address, this.layout.size);
    const out: Record<string, number> = {};
    for (const f of this.layout.fields) out[f.name] = readField(f.kind, bytes, f.offset);
    return out as StructValue<S>;
  }

  /** Writes the given fields; fields left out keep their contents. */
  write(values: Partial<StructInput<S>>): void {
    for (const [name, input] of Object.entries(values) as [string, number | Addressable][]) {
      const f = this.field(name);
      const value = typeof input === 'number' ? input : input.address;
      if (typeof input !== 'number' && f.kind !== 'ptr' && f.kind !== 'ptr20') {
        raise({
          kind: 'value',
          value,
          message: `${this.name}.${name} is ${f.kind}, not a pointer: pass a number`,
        });
      }
      const [min, max] = FIELD_RANGE[f.kind];
      if (!Number.isInteger(value) || value < min || value > max) {
        raise({
          kind: 'value',
          value,
          message: `${this.name}.${name}: ${value} does not fit ${f.kind} (accepted ${min}..${max})`,
        });
      }
      const bytes = new Uint8Array(f.size);
      const v = BigInt(value);
      for (let b = 0; b < f.size; b++) bytes[b] = Number((v >> BigInt(8 * b)) & 0xffn);
      this.memory.writeBytes(this.address + f.offset, bytes);
    }
  }

  private field(name: string): FieldLayout {
    const f = this.layout.fields.find((x) => x.name === name);
    if (f !== undefined) return f;
    const known = this.layout.fields.map((x) => x.name).join(', ');
    return raise({
      kind: 'bounds',
      buffer: this.name,
      start: 0,
      count: 0,
      length: this.layout.fields.length,
      message: `${this.name} has no field ${name} (fields: ${known})`,
    });
  }
}
