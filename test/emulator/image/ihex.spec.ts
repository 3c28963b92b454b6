/**
 * Intel HEX reader and writer specs: the fixtures written by llvm-objcopy (types 00/01/02/03,
 * CRLF) and srec_cat (types 04/05, 32-byte records) must load the same bytes as the ELF files
 * they came from; writer round trips; one test per syntax error, asserting line and field.
 */

import { describe, expect, it } from 'vitest';

import { type MemoryImage, readElf, readHex, writeHex } from '../../../emulator/image/index.js';
import { byteMap, errorsOf, fixtureBytes, fixtureText, unwrap } from './fixtures.js';

function elfBytes(name: string): Map<number, number> {
  return byteMap(unwrap(readElf(fixtureBytes(name))).segments);
}

describe('readHex on the fixtures', () => {
  it('app.hex (llvm-objcopy, CRLF, type 03 start) holds the bytes app.elf loads', () => {
    const image = unwrap(readHex(fixtureText('app.hex')));
    expect(fixtureText('app.hex')).toContain('\r\n');
    expect(byteMap(image.segments)).toEqual(elfBytes('app.elf'));
    expect(image.entry).toBe(0x4000);
  });

  it('hifram.hex (type 02 segment records) holds the bytes hifram.elf loads', () => {
    expect(fixtureText('hifram.hex')).toContain(':020000021000EC');
    const image = unwrap(readHex(fixtureBytes('hifram.hex')));
    expect(byteMap(image.segments)).toEqual(elfBytes('hifram.elf'));
  });

  it('hifram-linear.hex (srec_cat: types 04 and 05, records across 0x10000) reads the same', () => {
    const text = fixtureText('hifram-linear.hex');
    expect(text).toContain(':020000040001F9');
    expect(text).toContain(':0400000500004000B7');
    const image = unwrap(readHex(text));
    expect(byteMap(image.segments)).toEqual(elfBytes('hifram.elf'));
    expect(image.entry).toBe(0x4000);
    expect(image.segments.map((s) => [s.address, s.data.length])).toEqual([
      [0x4000, 8],
      [0xfffe, 82],
    ]);
  });

  it('reads lower-case hex digits and LF line ends the same as upper case and CRLF', () => {
    const lower = fixtureText('app.hex').toLowerCase().replaceAll('\r\n', '\n');
    expect(unwrap(readHex(lower))).toEqual(unwrap(readHex(fixtureText('app.hex'))));
  });

  it('wraps data inside a 64 KB segment in type-02 mode, as the format defines', () => {
    // Segment 0x1000 (base 0x10000), 4 bytes at offset 0xFFFE: the last two wrap to 0x10000.
    const text = [':020000021000EC', ':04FFFE0001020304F5', ':00000001FF'].join('\n');
    const image = unwrap(readHex(text));
    expect(image.segments.map((s) => [s.address, Array.from(s.data)])).toEqual([
      [0x10000, [3, 4]],
      [0x1fffe, [1, 2]],
    ]);
  });

  it('takes a type-03 CS:IP start as CS x 16 + IP', () => {
    const image = unwrap(readHex(':040000031000234581\n:00000001FF\n'));
    expect(image.entry).toBe(0x12345);
  });
});

describe('writeHex', () => {
  const app = unwrap(readElf(fixtureBytes('app.elf')));
  const hifram = unwrap(readElf(fixtureBytes('hifram.elf')));

  it('round-trips the fixtures: HEX -> image -> HEX -> image', () => {
    for (const name of ['app.hex', 'hifram.hex', 'hifram-linear.hex']) {
      const first = unwrap(readHex(fixtureText(name)));
      const again = unwrap(readHex(unwrap(writeHex(first))));
      expect(again).toEqual(first);
    }
  });

  it('writes 16-byte records by default and 32 on request', () => {
    const sixteen = unwrap(writeHex(app)).split('\n');
    const thirtyTwo = unwrap(writeHex(app, { recordSize: 32 })).split('\n');
    expect(sixteen[0]).toBe(':104000003140003CB240805A5C013C4066443D4037');
    expect(thirtyTwo[0]?.slice(0, 9)).toBe(':20400000');
    expect(byteMap(unwrap(readHex(thirtyTwo.join('\n'))).segments)).toEqual(byteMap(app.segments));
  });

  it('splits records at 64 KB boundaries and announces the upper bits with type 04', () => {
    const text = unwrap(writeHex(hifram, { recordSize: 32 }));
    const lines = text.trimEnd().split('\n');
    expect(lines).toContain(':02FFFE000040C1');
    expect(lines).toContain(':020000040001F9');
    expect(lines.indexOf(':020000040001F9')).toBe(lines.indexOf(':02FFFE000040C1') + 1);
    expect(byteMap(unwrap(readHex(text)).segments)).toEqual(byteMap(hifram.segments));
  });

  it('writes the entry as type 05 by default, type 03 or nothing on request', () => {
    expect(unwrap(writeHex(app))).toContain('\n:0400000500004000B7\n:00000001FF\n');
    expect(unwrap(writeHex(app, { entryRecord: 'segment' }))).toContain(':0400000300004000B9');
    expect(unwrap(writeHex(app, { entryRecord: 'none' }))).not.toMatch(/^:04000003|^:04000005/m);
    const far: MemoryImage = { segments: [], symbols: [], entry: 0x12345 };
    expect(unwrap(readHex(unwrap(writeHex(far, { entryRecord: 'segment' })))).entry).toBe(0x12345);
  });

  it('writes CRLF on request and ends with the EOF record', () => {
    const text = unwrap(writeHex(app, { lineEnding: '\r\n' }));
    expect(text.endsWith(':00000001FF\r\n')).toBe(true);
  });

  it('rejects a bad record size, overlapping segments and addresses past 0xFFFFF', () => {
    expect(errorsOf(writeHex(app, { recordSize: 0 }))[0]?.field).toBe('recordSize');
    const overlap: MemoryImage = {
      segments: [
        { address: 0x4000, data: new Uint8Array(4) },
        { address: 0x4002, data: new Uint8Array(4) },
      ],
      symbols: [],
    };
    expect(errorsOf(writeHex(overlap))[0]?.field).toBe('address');
    const high: MemoryImage = {
      segments: [{ address: 0xffffe, data: new Uint8Array(4) }],
      symbols: [],
    };
    expect(errorsOf(writeHex(high))[0]?.field).toBe('address');
  });
});

describe('readHex errors', () => {
  const good = ':0400000500004000B7';
  const eof = ':00000001FF';

  it.each([
    ['bad checksum', ':104000003140003CB240805A5C013C4066443D4038', 'checksum', 42],
    ['bad record type', ':00000006FA', 'record type', 8],
    ['odd number of hex digits', ':10400000314', 'hex digits', 2],
    ['non-hex digit in the data', ':02400000G1020B', 'data', 10],
    ['non-hex digit in the address', ':0240Z000010209', 'address', 6],
    ['missing start code', '0240000001020B', 'start code', 1],
    ['byte count larger than the record', ':05400000010203B3', 'byte count', 2],
    ['record too short', ':0000', 'byte count', 2],
    ['type-04 record with 4 data bytes', ':0400000400010000F7', 'byte count', 2],
    ['end-of-file record with data', ':01000001AA54', 'byte count', 2],
  ])('%s: reported on line 2 with its field and column', (_, line, field, column) => {
    const [error] = errorsOf(readHex([good, line, eof].join('\r\n')));
    expect(error).toMatchObject({ kind: 'image', format: 'ihex', line: 2, field, column });
  });

  it('reports a missing end-of-file record', () => {
    const [error] = errorsOf(readHex(`${good}\n\n`));
    expect(error).toMatchObject({ field: 'end of file', line: 1 });
  });

  it('reports records after the end-of-file record', () => {
    const [error] = errorsOf(readHex([eof, good].join('\n')));
    expect(error).toMatchObject({ field: 'end of file', line: 2 });
  });

  it('reports data placed twice, naming the later line', () => {
    const text = [':024000000102BB', ':0140010005B9', eof].join('\n');
    expect(errorsOf(readHex(text))[0]).toMatchObject({ field: 'address', line: 2 });
  });

  it('reports data beyond the 20-bit address space', () => {
    const text = [':020000040010EA', ':0100000001FE', eof].join('\n');
    expect(errorsOf(readHex(text))[0]).toMatchObject({ field: 'address', line: 2 });
  });

  it('reports every bad line, not just the first', () => {
    const text = [':00000006FA', ':0000', eof].join('\n');
    expect(errorsOf(readHex(text)).map((e) => e.line)).toEqual([1, 2]);
  });
});
