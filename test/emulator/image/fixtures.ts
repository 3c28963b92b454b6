/**
 * Shared helpers for the image-format specs: fixture loading, llvm-readobj JSON and relocation
 * listings (LLVM and GNU readelf text), byte maps, and a seeded PRNG (mulberry32) so random
 * tests repeat exactly.
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { ImageSegment } from '../../../emulator/image/index.js';
import type { Result } from '../../../emulator/result.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/images/', import.meta.url));

export function fixtureBytes(name: string): Uint8Array {
  return Uint8Array.from(readFileSync(FIXTURES + name));
}

export function fixtureText(name: string): string {
  return readFileSync(FIXTURES + name, 'latin1');
}

/** The value of a Result that the test expects to be ok; fails the test with the errors. */
export function unwrap<T, E>(result: Result<T, E>): T {
  if (!result.ok) {
    throw new Error(`expected ok, got ${JSON.stringify(result.errors, null, 2)}`);
  }
  return result.value;
}

/** The errors of a Result that the test expects to fail. */
export function errorsOf<T, E>(result: Result<T, E>): readonly E[] {
  if (result.ok) {
    throw new Error('expected a failure, got ok');
  }
  return result.errors;
}

// ---------------------------------------------------------------------------------------------
// llvm-readobj --elf-output-style=JSON

interface Named {
  readonly Value: string;
  readonly RawValue: number;
}

export interface ReadobjSection {
  readonly Index: number;
  readonly Name: Named;
  readonly Type: Named;
  readonly Flags: { readonly RawFlags: number };
  readonly Address: number;
  readonly Offset: number;
  readonly Size: number;
  readonly Link: number;
  readonly Info: number;
  readonly AddressAlignment: number;
  readonly EntrySize: number;
}

export interface ReadobjSymbol {
  readonly Name: Named;
  readonly Value: number;
  readonly Size: number;
  readonly Binding: Named;
  readonly Type: Named;
  readonly Other: number;
  readonly Section: Named;
}

export interface ReadobjProgramHeader {
  readonly Type: Named;
  readonly Offset: number;
  readonly VirtualAddress: number;
  readonly PhysicalAddress: number;
  readonly FileSize: number;
  readonly MemSize: number;
  readonly Flags: { readonly RawFlags: number };
  readonly Alignment: number;
}

export interface ReadobjFile {
  readonly ElfHeader: {
    readonly Ident: { readonly 'OS/ABI': Named; readonly ABIVersion: number };
    readonly Type: string;
    readonly Machine: Named;
    readonly Version: number;
    readonly Entry: number;
    readonly ProgramHeaderOffset: number;
    readonly SectionHeaderOffset: number;
    readonly Flags: { readonly RawFlags: number };
    readonly HeaderSize: number;
    readonly ProgramHeaderEntrySize: number;
    readonly ProgramHeaderCount: number;
    /** LLVM 14 prints these two as strings. */
    readonly SectionHeaderEntrySize: number;
    readonly SectionHeaderCount: string;
    readonly StringTableSectionIndex: string;
  };
  readonly Sections: readonly ReadobjSection[];
  readonly Symbols: readonly ReadobjSymbol[];
  readonly ProgramHeaders?: readonly ReadobjProgramHeader[];
}

interface ReadobjJson {
  readonly Sections: readonly { readonly Section: ReadobjSection }[];
  readonly Symbols: readonly { readonly Symbol: ReadobjSymbol }[];
  readonly ProgramHeaders?: readonly { readonly ProgramHeader: ReadobjProgramHeader }[];
  readonly ElfHeader: ReadobjFile['ElfHeader'];
}

export function readobjFrom(text: string): ReadobjFile {
  const parsed = JSON.parse(text) as readonly Record<string, ReadobjJson>[];
  const file = Object.values(parsed[0] ?? {})[0];
  if (file === undefined) {
    throw new Error('readobj JSON holds no file');
  }
  const result: ReadobjFile = {
    ElfHeader: file.ElfHeader,
    Sections: file.Sections.map((s) => s.Section),
    Symbols: file.Symbols.map((s) => s.Symbol),
  };
  return file.ProgramHeaders === undefined
    ? result
    : { ...result, ProgramHeaders: file.ProgramHeaders.map((p) => p.ProgramHeader) };
}

export function readobj(name: string): ReadobjFile {
  return readobjFrom(fixtureText(`${name}.json`));
}

// ---------------------------------------------------------------------------------------------
// Relocation listings

export interface ListedRelocation {
  readonly section: string;
  readonly offset: number;
  /** Type number, when the listing shows it (GNU readelf's r_info column). */
  readonly type?: number;
  readonly typeName: string;
  readonly symbol: string;
  readonly addend: number;
}

/**
 * Parses `llvm-readobj -r` ("Section (4) .rela.text {" / "0x46 R_MSP430_16_BYTE sym 0x0") or
 * GNU `readelf -W -r` ("Relocation section '.rela.text' ..." / "00000000 0000060c NAME value
 * sym + 0") output. Section names are the relocation sections' names.
 */
export function listedRelocations(name: string): ListedRelocation[] {
  const text = fixtureText(`${name}.relocs.txt`);
  const out: ListedRelocation[] = [];
  let section = '';
  for (const line of text.split('\n')) {
    const llvmSection = /^\s*Section \(\d+\) (\S+) \{/.exec(line);
    const gnuSection = /^Relocation section '([^']+)'/.exec(line);
    const llvmEntry = /^\s+0x([0-9A-F]+) (\S+) (\S*) 0x([0-9A-F]+)$/.exec(line);
    const gnuEntry =
      /^([0-9a-f]{8})\s+([0-9a-f]{8}) (\S+)\s+[0-9a-f]+\s+(\S*) \+ ([0-9a-f]+)$/.exec(line);
    if (llvmSection?.[1] !== undefined) {
      section = llvmSection[1];
    } else if (gnuSection?.[1] !== undefined) {
      section = gnuSection[1];
    } else if (llvmEntry !== null) {
      const [, offset = '', typeName = '', symbol = '', addend = ''] = llvmEntry;
      out.push({
        section,
        offset: parseInt(offset, 16),
        typeName,
        symbol: symbol === '-' ? '' : symbol,
        addend: parseInt(addend, 16),
      });
    } else if (gnuEntry !== null) {
      const [, offset = '', info = '', typeName = '', symbol = '', addend = ''] = gnuEntry;
      out.push({
        section,
        offset: parseInt(offset, 16),
        type: parseInt(info, 16) & 0xff,
        typeName,
        symbol,
        addend: parseInt(addend, 16),
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Bytes

/** Every loaded byte by address; throws on overlap so tests notice double placement. */
export function byteMap(segments: readonly ImageSegment[]): Map<number, number> {
  const map = new Map<number, number>();
  for (const s of segments) {
    s.data.forEach((b, i) => {
      if (map.has(s.address + i)) {
        throw new Error(`byte 0x${(s.address + i).toString(16)} placed twice`);
      }
      map.set(s.address + i, b);
    });
  }
  return map;
}
