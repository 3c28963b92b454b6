/**
 * TI-TXT reader and writer specs: srec_cat's app.txt and hifram.txt must load the ELF's bytes,
 * and the writer must reproduce srec_cat's files byte for byte.
 */

import { describe, expect, it } from 'vitest';

import {
  type MemoryImage,
  readElf,
  readHex,
  readTiTxt,
  writeTiTxt,
} from '../../../emulator/image/index.js';
import { byteMap, errorsOf, fixtureBytes, fixtureText, unwrap } from './fixtures.js';

describe('readTiTxt on the fixtures', () => {
  for (const [txt, elf] of [
    ['app.txt', 'app.elf'],
    ['hifram.txt', 'hifram.elf'],
  ] as const) {
    it(`${txt} holds the bytes ${elf} loads`, () => {
      const image = unwrap(readTiTxt(fixtureText(txt)));
      expect(byteMap(image.segments)).toEqual(byteMap(unwrap(readElf(fixtureBytes(elf))).segments));
      expect(image.entry).toBeUndefined();
    });
  }

  it('reads raw bytes, lower case, CRLF, odd byte counts per line and indentation', () => {
    const text = '@4000\r\n  31 40 00\r\n3c\r\n\r\n@FFFE\r\n00 40\r\nQ\r\n';
    const image = unwrap(readTiTxt(new TextEncoder().encode(text)));
    expect(image.segments.map((s) => [s.address, Array.from(s.data)])).toEqual([
      [0x4000, [0x31, 0x40, 0x00, 0x3c]],
      [0xfffe, [0x00, 0x40]],
    ]);
  });

  it('joins sections that touch and accepts 5-digit addresses', () => {
    const image = unwrap(readTiTxt('@FFFF\n01\n@10000\n02 03\nq\n'));
    expect(image.segments.map((s) => [s.address, Array.from(s.data)])).toEqual([
      [0xffff, [1, 2, 3]],
    ]);
  });
});

describe('writeTiTxt', () => {
  it('writes app.txt and hifram.txt byte for byte as srec_cat 1.64 did', () => {
    for (const name of ['app', 'hifram']) {
      const image = unwrap(readElf(fixtureBytes(`${name}.elf`)));
      expect(unwrap(writeTiTxt(image))).toBe(fixtureText(`${name}.txt`));
    }
  });

  it('pads addresses above 0xFFFF to six digits and starts lines at each section start', () => {
    const image: MemoryImage = {
      segments: [
        { address: 0x12345, data: Uint8Array.from([0xaa, 0xbb]) },
        { address: 0x4003, data: Uint8Array.from({ length: 20 }, (_, i) => i + 1) },
        { address: 0, data: Uint8Array.from([1]) },
      ],
      symbols: [],
    };
    expect(unwrap(writeTiTxt(image))).toBe(
      [
        '@0000',
        '01',
        '@4003',
        '01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10',
        '11 12 13 14',
        '@012345',
        'AA BB',
        'q',
        '',
      ].join('\n'),
    );
  });

  it('round-trips HEX -> TI-TXT -> image', () => {
    const hex = unwrap(readHex(fixtureText('hifram-linear.hex')));
    const back = unwrap(readTiTxt(unwrap(writeTiTxt(hex))));
    expect(back.segments).toEqual(hex.segments);
  });

  it('rejects overlapping segments', () => {
    const image: MemoryImage = {
      segments: [
        { address: 0x4000, data: new Uint8Array(4) },
        { address: 0x4003, data: new Uint8Array(1) },
      ],
      symbols: [],
    };
    expect(errorsOf(writeTiTxt(image))[0]).toMatchObject({ format: 'ti-txt', field: 'address' });
  });
});

describe('readTiTxt errors', () => {
  it.each([
    ['data before any address', '31 40\n@4000\nq\n', 1, 'address', 1],
    ['address with a non-hex digit', '@40G0\n31\nq\n', 1, 'address', 4],
    ['empty address', '@\nq\n', 1, 'address', 2],
    ['address beyond 0xFFFFF', '@100000\n31\nq\n', 1, 'address', 2],
    ['a three-digit byte', '@4000\n31 400 00\nq\n', 2, 'data', 4],
    ['a one-digit byte', '@4000\n31 4\nq\n', 2, 'data', 4],
    ['a non-hex byte', '@4000\n31 4Z\nq\n', 2, 'data', 4],
    ['text after q', '@4000\n31\nq\n@4002\n', 4, 'end', 1],
    ['no q at the end', '@4000\n31\n\n', 2, 'end', undefined],
    ['data running past 0xFFFFF', '@FFFFF\n01 02\nq\n', 2, 'data', 4],
  ])('%s: reported on line %i, field %s', (_, text, line, field, column) => {
    const [error] = errorsOf(readTiTxt(text));
    expect(error).toMatchObject({ kind: 'image', format: 'ti-txt', line, field });
    expect(error?.column).toBe(column);
  });

  it('reports bytes written twice, naming the later section', () => {
    const [error] = errorsOf(readTiTxt('@4000\n01 02\n@4001\n03\nq\n'));
    expect(error).toMatchObject({ field: 'address', line: 3 });
  });
});
