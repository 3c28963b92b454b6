// The clang fixture (test/fixtures/images): crt0.s, app.s (clang -O2 -S of app.c) and
// mspabi_f5hw.s, each assembled by unit430 with its sections at the addresses ld.lld gave them in
// app.elf and the other files' symbols passed as defines, must reproduce every loaded section of
// app.elf byte for byte. The only bytes no assembler produces are ld.lld's alignment fill between
// input sections.
//
// One rule differs between the two assemblers: GNU as (toolchain.md §12), and unit430 by default,
// write a `0(Rn)` source as `@Rn`, one word shorter; clang's integrated assembler keeps the index
// word. The byte comparison therefore assembles clang's output with `keepZeroIndex`, clang's rule;
// a separate test checks the default (GNU) rule on the same file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { assemble, type Assembly } from '../../../emulator/asm/index.js';
import { parseElf, SHF_ALLOC, SHT_PROGBITS } from '../../../emulator/image/elf.js';

const DIR = 'test/fixtures/images';
const elfBytes = new Uint8Array(readFileSync(`${DIR}/app.elf`));
const parsed = parseElf(elfBytes);
if (!parsed.ok) throw new Error(parsed.errors[0]?.message);
const elf = parsed.value;

function symbol(name: string): number {
  const s = elf.symbols.find((x) => x.name === name);
  if (!s) throw new Error(`app.elf has no symbol ${name}`);
  return s.value;
}

function section(name: string): number {
  const s = elf.sections.find((x) => x.name === name);
  if (!s) throw new Error(`app.elf has no section ${name}`);
  return s.address;
}

function defines(names: string[]): Record<string, number> {
  return Object.fromEntries(names.map((n) => [n, symbol(n)] as const));
}

const LINKER = ['__stack', '__data_load', '__data_start', '__data_end', '__bss_start', '__bss_end'];

const inputs: { file: string; sectionStarts: Record<string, number>; defines: string[] }[] = [
  {
    file: 'crt0.s',
    sectionStarts: { '.text.crt0': section('.text'), '.resetvec': section('.resetvec') },
    defines: [...LINKER, 'main'],
  },
  {
    file: 'app.s',
    sectionStarts: {
      '.text': symbol('dot_q15'),
      '.rodata': section('.rodata'),
      '.data': section('.data'),
      '.bss': section('.bss'),
    },
    defines: ['__mspabi_mpyl_f5hw'],
  },
  {
    file: 'mspabi_f5hw.s',
    sectionStarts: { '.text': symbol('__mspabi_mpyi_f5hw') },
    defines: [],
  },
];

const ZERO_INDEX_SOURCE = /(\s)0\((r\d+)\),/g;

function build(keepZeroIndex: boolean): { file: string; result: ReturnType<typeof assemble> }[] {
  return inputs.map((input) => ({
    file: input.file,
    result: assemble(readFileSync(`${DIR}/${input.file}`, 'utf8'), {
      fileName: input.file,
      sectionStarts: input.sectionStarts,
      defines: defines(input.defines),
      keepZeroIndex,
    }),
  }));
}

const assemblies = build(true);

function ok(file: string): Assembly {
  const a = assemblies.find((x) => x.file === file)?.result;
  if (!a?.ok) throw new Error(`${file} did not assemble`);
  return a.value;
}

describe('clang fixture', () => {
  for (const { file, result } of assemblies) {
    it(`assembles ${file} without errors`, () => {
      expect(result.ok ? [] : result.errors).toEqual([]);
    });
  }

  it('reproduces every loaded section of app.elf byte for byte', () => {
    const memory = new Map<number, number>();
    for (const { file } of inputs) {
      for (const seg of ok(file).image.segments) {
        seg.data.forEach((b, i) => memory.set(seg.address + i, b));
      }
    }
    const loaded = elf.sections.filter(
      (s) => s.type === SHT_PROGBITS && (s.flags & SHF_ALLOC) !== 0 && s.size > 0,
    );
    expect(loaded.map((s) => s.name).sort()).toEqual(['.data', '.resetvec', '.rodata', '.text']);
    const fill: number[] = [];
    for (const s of loaded) {
      const want = [...elfBytes.subarray(s.offset, s.offset + s.size)];
      const got = want.map((w, i) => {
        const b = memory.get(s.address + i);
        if (b === undefined) fill.push(s.address + i);
        return b ?? w;
      });
      expect({ section: s.name, bytes: got }).toEqual({ section: s.name, bytes: want });
    }
    // ld.lld's alignment fill after crt0's and app.o's .text (2 bytes each).
    expect(fill.map((a) => a.toString(16))).toEqual(['403e', '403f', '441e', '441f']);
  });

  it('gives labels the linked addresses, with types, sizes and global flags', () => {
    const all = inputs.flatMap(({ file }) => ok(file).image.symbols);
    for (const name of ['_start', 'halt', 'dot_q15', 'classify', 'main', 'weights', 'inputs']) {
      expect({ name, address: all.find((s) => s.name === name)?.address }).toEqual({
        name,
        address: symbol(name),
      });
    }
    const dot = all.find((s) => s.name === 'dot_q15');
    expect(dot).toMatchObject({ kind: 'function', global: true, section: '.text' });
    expect(dot?.size).toBe(elf.symbols.find((s) => s.name === 'dot_q15')?.size);
    expect(all.find((s) => s.name === 'weights')).toMatchObject({ kind: 'object', size: 16 });
    expect(all.find((s) => s.name === 'halt')).toMatchObject({ kind: 'label', global: false });
    expect(ok('crt0.s').image.entry).toBe(symbol('_start'));
  });

  it('by default assembles each 0(Rn) source of app.s one word shorter, as GNU as does', () => {
    const verbatim = build(false).find((x) => x.file === 'app.s')?.result;
    const text = (a: Assembly): number =>
      a.sections.find((s) => s.name === '.text')?.size ?? Number.NaN;
    const zeroSources = readFileSync(`${DIR}/app.s`, 'utf8').match(ZERO_INDEX_SOURCE) ?? [];
    expect(zeroSources.length).toBeGreaterThan(0);
    expect(verbatim?.ok).toBe(true);
    if (!verbatim?.ok) return;
    expect(text(ok('app.s')) - text(verbatim.value)).toBe(2 * zeroSources.length);
    const line = verbatim.value.listing.find((l) => /mov\s+0\(r1\), r15/.test(l.source));
    expect(line?.bytes).toEqual([0x2f, 0x41]);
  });
});
