// Memory helpers of the kernel-testing API: typed arrays of every kind and structs round-trip
// through target memory, the allocator keeps clear of the program and the stack, and an MSP430
// routine reads what the host wrote (and the other way round).
import { describe, expect, it } from 'vitest';

import {
  type ElementKind,
  loadProgram,
  REGION_BOUNDS,
  type RegionName,
  structLayout,
} from '../../../runtime/testing/index.js';

const SOURCE = `
        .text
; void copy16(const int16_t *src, int16_t *dst, uint16_t n)
copy16: tst     r14
        jz      2f
1:      mov     @r12+, 0(r13)
        incd    r13
        dec     r14
        jnz     1b
2:      ret
; uint16 field_sum(const struct { u16 a; i16 b; u16 *p; i32 c; } *s): a + b + *p + lo(c) + hi(c)
field_sum:
        mov     @r12, r13       ; a
        add     2(r12), r13     ; b
        mov     4(r12), r14     ; p
        add     @r14, r13       ; *p
        add     6(r12), r13     ; lo(c)
        add     8(r12), r13     ; hi(c)
        mov     r13, r12
        ret
        .data
counter: .word  7
`;

const program = loadProgram(SOURCE, { fileName: 'memory.s', strict: true });

const SAMPLES: Readonly<Record<ElementKind, readonly number[]>> = {
  i8: [-128, -1, 0, 1, 127],
  u8: [0, 1, 128, 255],
  i16: [-32768, -1, 0, 1, 32767],
  u16: [0, 1, 0x8000, 0xffff],
  i32: [-0x80000000, -1, 0, 1, 0x7fffffff],
  u32: [0, 1, 0x80000000, 0xffffffff],
};

describe('typed buffers', () => {
  it.each(
    (Object.keys(SAMPLES) as ElementKind[]).flatMap((kind) =>
      (['sram', 'fram', 'hifram'] as RegionName[]).map((region) => [kind, region] as const),
    ),
  )('%s in %s round-trips', (kind, region) => {
    const values = SAMPLES[kind];
    const b = program.alloc(kind, values, { region });
    const bounds = REGION_BOUNDS[region];
    expect(b.address).toBeGreaterThanOrEqual(bounds.start);
    expect(b.address + b.byteLength).toBeLessThanOrEqual(bounds.end);
    expect([...b.read()]).toEqual(values);
    expect(b.read().constructor.name).toBe(
      {
        i8: 'Int8Array',
        u8: 'Uint8Array',
        i16: 'Int16Array',
        u16: 'Uint16Array',
        i32: 'Int32Array',
        u32: 'Uint32Array',
      }[kind],
    );
    b.set(1, values[0]!);
    expect(b.get(1)).toBe(values[0]);
    expect([...b.read(2)]).toEqual(values.slice(2));
  });

  it('stores little-endian, 32-bit values low word first', () => {
    const b = program.alloc('i32', [0x12345678, -2]);
    expect([...program.machine.readBytes(b.address, 8)]).toEqual([
      0x78, 0x56, 0x34, 0x12, 0xfe, 0xff, 0xff, 0xff,
    ]);
  });

  it('allocArray takes the kind from the typed array', () => {
    const b = program.allocArray(new Uint16Array([1, 65535]));
    expect(b.kind).toBe('u16');
    expect([...b.read()]).toEqual([1, 65535]);
  });

  it('zero-fills a buffer given by length and aligns it', () => {
    const odd = program.alloc('u8', 3);
    const b = program.alloc('i16', 5, { align: 16 });
    expect(b.address % 16).toBe(0);
    expect(odd.address % 2).toBe(0);
    expect([...b.read()]).toEqual([0, 0, 0, 0, 0]);
  });

  it('never overlaps the program, the stack or other buffers, and freeBuffers reuses memory', () => {
    program.freeBuffers();
    const counter = program.address('counter');
    const a = program.alloc('u16', 8);
    const b = program.alloc('u16', 8);
    expect(a.address).not.toBe(counter);
    expect(b.address).toBeGreaterThanOrEqual(a.address + a.byteLength);
    expect(b.address + b.byteLength).toBeLessThanOrEqual(program.stack.start);
    const free = program.available('sram');
    program.freeBuffers();
    expect(program.available('sram')).toBe(free + 32);
    expect(program.alloc('u16', 8).address).toBe(a.address);
  });

  it('an MSP430 routine reads what the host wrote, and the host reads what it wrote', () => {
    const src = program.alloc('i16', [5, -6, 7, -8]);
    const dst = program.alloc('i16', 4, { region: 'fram' });
    program.call('copy16', [src, dst, 4], { returns: 'void' });
    expect([...dst.read()]).toEqual([5, -6, 7, -8]);
  });

  it('views the program’s own data by symbol', () => {
    expect(program.view('u16', 'counter', 1).get(0)).toBe(7);
  });
});

describe('structs of words', () => {
  const schema = { a: 'u16', b: 'i16', p: 'ptr', c: 'i32' } as const;

  it('lays fields out in order without padding (32-bit values are 2-byte aligned)', () => {
    expect(structLayout(schema).fields.map((f) => [f.name, f.offset, f.size])).toEqual([
      ['a', 0, 2],
      ['b', 2, 2],
      ['p', 4, 2],
      ['c', 6, 4],
    ]);
    expect(structLayout(schema).size).toBe(10);
  });

  it('round-trips every field kind', () => {
    const all = { u: 'u16', i: 'i16', p: 'ptr', l: 'i32', ul: 'u32', far: 'ptr20' } as const;
    const s = program.allocStruct(all, {
      u: 0xffff,
      i: -32768,
      p: 0x1c00,
      l: -0x80000000,
      ul: 0xffffffff,
      far: 0x12345,
    });
    expect(s.read()).toEqual({
      u: 0xffff,
      i: -32768,
      p: 0x1c00,
      l: -0x80000000,
      ul: 0xffffffff,
      far: 0x12345,
    });
    s.write({ i: 5 });
    expect(s.read().i).toBe(5);
    expect(s.read().u).toBe(0xffff);
  });

  it('an MSP430 routine reads the fields, following a pointer field to a buffer', () => {
    const target = program.alloc('u16', [1000]);
    const s = program.allocStruct(schema, { a: 1, b: -2, p: target, c: 0x00030004 });
    expect(s.addressOf('c')).toBe(s.address + 6);
    const r = program.call('field_sum', [s], { returns: 'u16' });
    expect(r.value).toBe(1 - 2 + 1000 + 4 + 3);
  });

  it('rejects unknown fields and values that do not fit', () => {
    const s = program.allocStruct(schema, {}, { name: 'cfg' });
    expect(() => s.write({ a: -1 })).toThrow('cfg.a: -1 does not fit u16 (accepted 0..65535)');
    expect(() => s.addressOf('d' as 'a')).toThrow('cfg has no field d (fields: a, b, p, c)');
  });
});
