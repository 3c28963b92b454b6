/**
 * ELF32 little-endian writer: turns a memory image into an MSP430 executable (ET_EXEC).
 *
 * Follows the System V gABI "Object Files" chapter. Layout: ELF header, one PT_LOAD program
 * header per image segment, the segments' bytes, .symtab, .strtab, .shstrtab, then the section
 * header table. Each segment also gets a PROGBITS section so tools show names and readers that
 * load sections see the same bytes.
 */

import { ADDRESS_LIMIT, imageError } from './common.js';
import {
  ELF_HEADER_SIZE as EHDR_SIZE,
  ELFOSABI_STANDALONE,
  EM_MSP430,
  ET_EXEC,
  PF_R,
  PF_W,
  PF_X,
  PROGRAM_HEADER_SIZE as PHDR_SIZE,
  PT_LOAD,
  SECTION_HEADER_SIZE as SHDR_SIZE,
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_WRITE,
  SHN_ABS,
  SHT_NOBITS,
  SHT_PROGBITS,
  SHT_STRTAB,
  SHT_SYMTAB,
  STB_GLOBAL,
  STB_LOCAL,
  STT_FILE,
  STT_FUNC,
  STT_NOTYPE,
  STT_OBJECT,
  STT_SECTION,
  SYMBOL_SIZE as SYM_SIZE,
} from './elf-format.js';
import { E_MSP430_MACH_MSP430X } from './elf-relocations.js';
import type { ImageError, ImageSegment, ImageSymbol, MemoryImage } from './image.js';
import { fail, ok, type Result } from '../result.js';

export interface ElfWriteOptions {
  /**
   * e_flags. Defaults to 0x2d (E_MSP430_MACH_MSP430X): unit430's assembler emits MSP430X
   * (CPUXv2) code for the FR5994, and binutils' objdump and readelf use this value to decode
   * MSP430X instructions and to pick the MSP430X relocation numbering. Pass 0 to match clang.
   */
  readonly flags?: number;
}

/** Symbol type per image kind; absolute symbols are untyped and marked by SHN_ABS instead. */
const STT_BY_KIND: Readonly<Record<ImageSymbol['kind'], number>> = {
  label: STT_NOTYPE,
  absolute: STT_NOTYPE,
  object: STT_OBJECT,
  function: STT_FUNC,
  section: STT_SECTION,
  file: STT_FILE,
};

interface SectionPlan {
  readonly name: string;
  readonly type: number;
  readonly flags: number;
  readonly address: number;
  readonly size: number;
  /** Bytes to place in the file; NOBITS sections have none. */
  readonly data?: Uint8Array;
}

/** Collects NUL-terminated strings once each, as ELF string tables store them. */
class StringTable {
  private readonly offsets = new Map<string, number>();
  private readonly parts: Uint8Array[] = [new Uint8Array(1)];
  private length = 1;

  add(text: string): number {
    if (text === '') {
      return 0;
    }
    const known = this.offsets.get(text);
    if (known !== undefined) {
      return known;
    }
    const encoded = new TextEncoder().encode(text);
    const offset = this.length;
    this.parts.push(encoded, new Uint8Array(1));
    this.length += encoded.length + 1;
    this.offsets.set(text, offset);
    return offset;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

/** Writes `image` as an ELF32 ET_EXEC file with e_machine EM_MSP430. */
export function writeElf(
  image: MemoryImage,
  options: ElfWriteOptions = {},
): Result<Uint8Array, ImageError> {
  const errors = imageErrors(image);
  if (errors.length > 0) {
    return fail(...errors);
  }

  const loaded: SectionPlan[] = image.segments.map((s, i) => segmentSection(s, i));
  const extra = noBitsSections(image.symbols, loaded);
  const allocated = [...loaded, ...extra];
  const symbols = orderSymbols(image.symbols);

  const strtab = new StringTable();
  const symtab = symbolTable(symbols, allocated, strtab);
  const shstrtab = new StringTable();
  const firstTable = allocated.length + 1;
  const tables: SectionPlan[] = [
    { name: '.symtab', type: SHT_SYMTAB, flags: 0, address: 0, size: symtab.length, data: symtab },
  ];
  const strBytes = strtab.bytes();
  tables.push({
    name: '.strtab',
    type: SHT_STRTAB,
    flags: 0,
    address: 0,
    size: strBytes.length,
    data: strBytes,
  });
  const names = [...allocated, ...tables, { name: '.shstrtab' }].map((s) => shstrtab.add(s.name));
  const shBytes = shstrtab.bytes();
  tables.push({
    name: '.shstrtab',
    type: SHT_STRTAB,
    flags: 0,
    address: 0,
    size: shBytes.length,
    data: shBytes,
  });

  const layout: FileLayout = {
    flags: options.flags ?? E_MSP430_MACH_MSP430X,
    entry: image.entry ?? 0,
    sections: [...allocated, ...tables],
    nameOffsets: names,
    segmentCount: loaded.length,
    symtabIndex: firstTable,
    firstGlobal: symbols.filter((s) => !s.global).length + 1,
  };
  return ok(assemble(layout));
}

function imageErrors(image: MemoryImage): ImageError[] {
  const errors: ImageError[] = [];
  for (const s of image.segments) {
    if (
      !Number.isInteger(s.address) ||
      s.address < 0 ||
      s.address + s.data.length > ADDRESS_LIMIT
    ) {
      const message =
        `segment at ${s.address} with ${s.data.length} bytes ` +
        'does not fit the 20-bit address space';
      errors.push(imageError('elf', message, { field: 'address' }));
    }
  }
  if (image.entry !== undefined && !isAddress(image.entry)) {
    errors.push(imageError('elf', `entry ${image.entry} is not an address`, { field: 'entry' }));
  }
  for (const s of image.symbols) {
    if (!isWord(s.address) || (s.size !== undefined && !isWord(s.size))) {
      const message =
        `symbol ${s.name} has address ${s.address} / size ${s.size}, ` + 'not 32-bit values';
      errors.push(imageError('elf', message, { field: 'symbols' }));
    }
  }
  return errors;
}

function isAddress(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value < ADDRESS_LIMIT;
}

function isWord(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 0xffff_ffff;
}

/**
 * Section flags guessed from the usual names, because an image does not record them: `.text*`
 * is code, `.data*`/`.bss*` are writable, anything else read-only data.
 */
function flagsFor(name: string): number {
  if (name.startsWith('.text')) {
    return SHF_ALLOC | SHF_EXECINSTR;
  }
  if (name.startsWith('.data') || name.startsWith('.bss')) {
    return SHF_ALLOC | SHF_WRITE;
  }
  return SHF_ALLOC;
}

function segmentSection(segment: ImageSegment, index: number): SectionPlan {
  const name = segment.name ?? `.load${index}`;
  return {
    name,
    type: SHT_PROGBITS,
    flags: flagsFor(name),
    address: segment.address,
    size: segment.data.length,
    data: segment.data,
  };
}

/**
 * Symbols may name sections that hold no bytes in the image (.bss). Each such name becomes a
 * NOBITS section spanning its symbols, so every symbol keeps its section after a round trip.
 */
function noBitsSections(
  symbols: readonly ImageSymbol[],
  loaded: readonly SectionPlan[],
): SectionPlan[] {
  const spans = new Map<string, { start: number; end: number }>();
  for (const s of symbols) {
    if (s.section === undefined || s.kind === 'absolute' || s.kind === 'file') {
      continue;
    }
    if (loaded.some((l) => l.name === s.section) || containing(loaded, s.address) >= 0) {
      continue;
    }
    const span = spans.get(s.section) ?? { start: s.address, end: s.address };
    span.start = Math.min(span.start, s.address);
    span.end = Math.max(span.end, s.address + (s.size ?? 0));
    spans.set(s.section, span);
  }

  return [...spans].map(([name, span]) => ({
    name,
    type: SHT_NOBITS,
    flags: flagsFor(name) | SHF_WRITE,
    address: span.start,
    size: span.end - span.start,
  }));
}

function containing(sections: readonly SectionPlan[], address: number): number {
  return sections.findIndex(
    (s) => s.type === SHT_PROGBITS && address >= s.address && address < s.address + s.size,
  );
}

/** The gABI wants local symbols before global ones (sh_info = index of the first global). */
function orderSymbols(symbols: readonly ImageSymbol[]): ImageSymbol[] {
  return [...symbols.filter((s) => !s.global), ...symbols.filter((s) => s.global)];
}

/** st_shndx: by section name first, then by the loaded section holding the address. */
function sectionIndexOf(symbol: ImageSymbol, allocated: readonly SectionPlan[]): number {
  if (symbol.kind === 'absolute' || symbol.kind === 'file') {
    return SHN_ABS;
  }
  const byName =
    symbol.section === undefined ? -1 : allocated.findIndex((s) => s.name === symbol.section);
  const found = byName >= 0 ? byName : containing(allocated, symbol.address);
  return found >= 0 ? found + 1 : SHN_ABS;
}

function symbolTable(
  symbols: readonly ImageSymbol[],
  allocated: readonly SectionPlan[],
  strtab: StringTable,
): Uint8Array {
  const out = new Uint8Array((symbols.length + 1) * SYM_SIZE);
  const view = new DataView(out.buffer);
  symbols.forEach((s, i) => {
    const at = (i + 1) * SYM_SIZE;
    view.setUint32(at, strtab.add(s.name), true);
    view.setUint32(at + 4, s.address, true);
    view.setUint32(at + 8, s.size ?? 0, true);
    view.setUint8(at + 12, ((s.global ? STB_GLOBAL : STB_LOCAL) << 4) | STT_BY_KIND[s.kind]);
    view.setUint16(at + 14, sectionIndexOf(s, allocated), true);
  });
  return out;
}

interface FileLayout {
  readonly flags: number;
  readonly entry: number;
  /** Every section after the null section, in index order. */
  readonly sections: readonly SectionPlan[];
  readonly nameOffsets: readonly number[];
  readonly segmentCount: number;
  readonly symtabIndex: number;
  readonly firstGlobal: number;
}

function align(value: number, to: number): number {
  return Math.ceil(value / to) * to;
}

function assemble(layout: FileLayout): Uint8Array {
  const phoff = EHDR_SIZE;
  let cursor = phoff + layout.segmentCount * PHDR_SIZE;
  const offsets: number[] = [];
  for (const s of layout.sections) {
    // Symbol tables hold 32-bit words, so keep them word aligned; bytes need no alignment.
    cursor = s.type === SHT_SYMTAB ? align(cursor, 4) : cursor;
    offsets.push(cursor);
    cursor += s.data?.length ?? 0;
  }
  const shoff = align(cursor, 4);
  const shnum = layout.sections.length + 1;
  const out = new Uint8Array(shoff + shnum * SHDR_SIZE);
  const view = new DataView(out.buffer);

  writeHeader(view, layout, { phoff, shoff, shnum });
  layout.sections.forEach((s, i) => {
    const offset = offsets[i] ?? 0;
    if (s.data !== undefined) {
      out.set(s.data, offset);
    }
    if (i < layout.segmentCount) {
      writeProgramHeader(view, phoff + i * PHDR_SIZE, s, offset);
    }
    writeSectionHeader(view, shoff + (i + 1) * SHDR_SIZE, s, offset, layout, i);
  });
  return out;
}

function writeHeader(
  view: DataView,
  layout: FileLayout,
  at: { phoff: number; shoff: number; shnum: number },
): void {
  [0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, ELFOSABI_STANDALONE].forEach((b, i) => view.setUint8(i, b));
  view.setUint16(16, ET_EXEC, true);
  view.setUint16(18, EM_MSP430, true);
  view.setUint32(20, 1, true);
  view.setUint32(24, layout.entry, true);
  view.setUint32(28, layout.segmentCount > 0 ? at.phoff : 0, true);
  view.setUint32(32, at.shoff, true);
  view.setUint32(36, layout.flags >>> 0, true);
  view.setUint16(40, EHDR_SIZE, true);
  view.setUint16(42, PHDR_SIZE, true);
  view.setUint16(44, layout.segmentCount, true);
  view.setUint16(46, SHDR_SIZE, true);
  view.setUint16(48, at.shnum, true);
  view.setUint16(50, at.shnum - 1, true);
}

function writeProgramHeader(view: DataView, at: number, s: SectionPlan, offset: number): void {
  const flags =
    PF_R | ((s.flags & SHF_WRITE) !== 0 ? PF_W : 0) | ((s.flags & SHF_EXECINSTR) !== 0 ? PF_X : 0);
  view.setUint32(at, PT_LOAD, true);
  view.setUint32(at + 4, offset, true);
  // The image knows load addresses only, so virtual and physical addresses are the same.
  view.setUint32(at + 8, s.address, true);
  view.setUint32(at + 12, s.address, true);
  view.setUint32(at + 16, s.size, true);
  view.setUint32(at + 20, s.size, true);
  view.setUint32(at + 24, flags, true);
  view.setUint32(at + 28, 1, true);
}

function writeSectionHeader(
  view: DataView,
  at: number,
  s: SectionPlan,
  offset: number,
  layout: FileLayout,
  i: number,
): void {
  const isSymtab = s.type === SHT_SYMTAB;
  view.setUint32(at, layout.nameOffsets[i] ?? 0, true);
  view.setUint32(at + 4, s.type, true);
  view.setUint32(at + 8, s.flags, true);
  view.setUint32(at + 12, s.address, true);
  view.setUint32(at + 16, offset, true);
  view.setUint32(at + 20, s.size, true);
  // .symtab links to .strtab, the section right after it, and sh_info is its first global.
  view.setUint32(at + 24, isSymtab ? layout.symtabIndex + 1 : 0, true);
  view.setUint32(at + 28, isSymtab ? layout.firstGlobal : 0, true);
  view.setUint32(at + 32, isSymtab ? 4 : 1, true);
  view.setUint32(at + 36, isSymtab ? SYM_SIZE : 0, true);
}
