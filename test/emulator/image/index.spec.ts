/**
 * detectFormat and readImage: content decides before the file name does.
 */

import { describe, expect, it } from 'vitest';

import { detectFormat, readImage } from '../../../emulator/image/index.js';
import { byteMap, errorsOf, fixtureBytes, unwrap } from './fixtures.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('detectFormat', () => {
  it.each([
    ['app.elf', 'elf'],
    ['app.o', 'elf'],
    ['app.hex', 'ihex'],
    ['hifram-linear.hex', 'ihex'],
    ['app.txt', 'ti-txt'],
  ])('recognises %s as %s from its content', (name, format) => {
    expect(detectFormat(fixtureBytes(name))).toBe(format);
    expect(detectFormat(fixtureBytes(name), 'misleading.bin')).toBe(format);
  });

  it('trusts content over the extension: a TI-TXT file named .hex is TI-TXT', () => {
    expect(detectFormat(fixtureBytes('app.txt'), 'firmware.hex')).toBe('ti-txt');
  });

  it('skips leading blank lines', () => {
    expect(detectFormat(text('\r\n\n  :00000001FF\n'))).toBe('ihex');
    expect(detectFormat(text('\n@4000\n'))).toBe('ti-txt');
  });

  it('falls back to the extension when the content says nothing', () => {
    expect(detectFormat(text(''), 'a.HEX')).toBe('ihex');
    expect(detectFormat(text('junk'), 'a.txt')).toBe('ti-txt');
    expect(detectFormat(text('junk'), 'dir.v2/a.out')).toBe('elf');
    expect(detectFormat(text('junk'), 'a.bin')).toBe('unknown');
    expect(detectFormat(text('junk'))).toBe('unknown');
  });
});

describe('readImage', () => {
  it('reads all three fixture formats to the same bytes', () => {
    const expected = byteMap(unwrap(readImage(fixtureBytes('app.elf'))).segments);
    for (const name of ['app.hex', 'app.txt']) {
      expect(byteMap(unwrap(readImage(fixtureBytes(name), name)).segments)).toEqual(expected);
    }
  });

  it('returns a typed error for an unknown format', () => {
    expect(errorsOf(readImage(text('junk'), 'x.bin'))[0]).toMatchObject({
      kind: 'image',
      format: 'image',
      offset: 0,
    });
  });
});
