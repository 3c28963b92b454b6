/**
 * ELF32 little-endian reader for MSP430 objects and executables (EM_MSP430 = 105).
 *
 * Follows the System V ABI generic ELF specification (gABI, "Object Files" chapter: ELF header,
 * sections, symbol table, relocation, program header) with the MSP430 EABI (TI SLAA534) and GNU
 * binutils conventions for e_flags and relocation numbering (elf-relocations.ts). Loading rule
 * from toolchain.md sections 7 and 10: executables load their PT_LOAD segments with
 * p_filesz > 0 at the physical address (LMA), never the ELF headers themselves; relocatable
 * objects expose their allocated PROGBITS sections at sh_addr, plus the relocations.
 */

import { ADDRESS_LIMIT, type ErrorPlace, hex, imageError } from './common.js';
import {
  EM_MSP430,
  ELF_HEADER_SIZE,
  type ElfFile,
  type ElfHeader,
  type ElfImage,
  type ElfProgramHeader,
  type ElfRelocation,
  type ElfSection,
  type ElfSymbol,
  ET_EXEC,
  ET_REL,
  PROGRAM_HEADER_SIZE,
  PT_LOAD,
  REL_SIZE,
  RELA_SIZE,
  SECTION_HEADER_SIZE,
  SHF_ALLOC,
  SHN_ABS,
  SHN_LORESERVE,
  SHN_UNDEF,
  SHN_XINDEX,
  SHT_NOBITS,
  SHT_NULL,
  SHT_PROGBITS,
  SHT_REL,
  SHT_RELA,
  SHT_STRTAB,
  SHT_SYMTAB,
  STB_GLOBAL,
  STB_WEAK,
  STT_COMMON,
  STT_FILE,
  STT_FUNC,
  STT_OBJECT,
  STT_SECTION,
  STT_TLS,
  SYMBOL_SIZE,
} from './elf-format.js';
import {
  type RelocationNumbering,
  relocationNames,
  relocationNumbering,
} from './elf-relocations.js';
import type {
  ImageError,
  ImageRelocation,
  ImageSegment,
  ImageSymbol,
  SymbolKind,
} from './image.js';
import { fail, ok, type Result } from '../result.js';

export * from './elf-format.js';
export { writeElf, type ElfWriteOptions } from './elf-writer.js';
export {
  E_MSP430_MACH_MSP430X,
  relocationNumbering,
  relocationTypeName,
  type RelocationNumbering,
} from './elf-relocations.js';

/** Reads an MSP430 ELF file and builds its memory image (see the loading rule above). */
export function readElf(bytes: Uint8Array): Result<ElfImage, ImageError> {
  const parsed = parseElf(bytes);
  if (!parsed.ok) {
    return parsed;
  }
  return buildImage(parsed.value, bytes);
}

/** Parses and checks an MSP430 ELF file without building a memory image. */
export function parseElf(bytes: Uint8Array): Result<ElfFile, ImageError> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  const header = parseHeader(view);
  if (!header.ok) {
    return header;
  }

  const sections = parseSections(view, header.value);
  if (!sections.ok) {
    return sections;
  }

  const programHeaders = parseProgramHeaders(view, header.value);
  if (!programHeaders.ok) {
    return programHeaders;
  }

  const symbols = parseSymbols(view, sections.value, header.value.shoff);
  if (!symbols.ok) {
    return symbols;
  }

  const numbering = relocationNumbering(header.value.flags);
  const tables = { sections: sections.value, symbols: symbols.value.symbols };
  const relocations = parseRelocations(view, header.value, tables, symbols.value.index, numbering);
  if (!relocations.ok) {
    return relocations;
  }

  return ok({
    header: header.value,
    sections: sections.value,
    programHeaders: programHeaders.value,
    symbols: symbols.value.symbols,
    relocations: relocations.value,
    numbering,
  });
}

function elfError(message: string, field: string, offset: number): ImageError {
  const place: ErrorPlace = { field, offset };
  return imageError('elf', message, place);
}

// ---------------------------------------------------------------------------------------------
// ELF header

/** Byte offsets of the header fields (gABI "ELF Header"). */
const EH = {
  class: 4,
  data: 5,
  identVersion: 6,
  osAbi: 7,
  abiVersion: 8,
  type: 16,
  machine: 18,
  version: 20,
  entry: 24,
  phoff: 28,
  shoff: 32,
  flags: 36,
  ehsize: 40,
  phentsize: 42,
  phnum: 44,
  shentsize: 46,
  shnum: 48,
  shstrndx: 50,
} as const;

function parseHeader(view: DataView): Result<ElfHeader, ImageError> {
  const magic = [0x7f, 0x45, 0x4c, 0x46];
  if (view.byteLength < 4 || magic.some((b, i) => view.getUint8(i) !== b)) {
    return fail(elfError('the file does not start with the ELF magic 7F 45 4C 46', 'e_ident', 0));
  }
  if (view.byteLength < ELF_HEADER_SIZE) {
    const message = `the file ends after ${view.byteLength} bytes, inside the 52-byte ELF header`;
    return fail(elfError(message, 'e_ehsize', view.byteLength));
  }

  const header: ElfHeader = {
    osAbi: view.getUint8(EH.osAbi),
    abiVersion: view.getUint8(EH.abiVersion),
    type: view.getUint16(EH.type, true),
    machine: view.getUint16(EH.machine, true),
    version: view.getUint32(EH.version, true),
    entry: view.getUint32(EH.entry, true),
    phoff: view.getUint32(EH.phoff, true),
    shoff: view.getUint32(EH.shoff, true),
    flags: view.getUint32(EH.flags, true),
    ehsize: view.getUint16(EH.ehsize, true),
    phentsize: view.getUint16(EH.phentsize, true),
    phnum: view.getUint16(EH.phnum, true),
    shentsize: view.getUint16(EH.shentsize, true),
    shnum: view.getUint16(EH.shnum, true),
    shstrndx: view.getUint16(EH.shstrndx, true),
  };

  const errors = [...identErrors(view), ...headerFieldErrors(header), ...tableErrors(header, view)];
  return errors.length > 0 ? fail(...errors) : ok(header);
}

function identErrors(view: DataView): ImageError[] {
  const errors: ImageError[] = [];
  const elfClass = view.getUint8(EH.class);
  if (elfClass !== 1) {
    const message = `EI_CLASS is ${elfClass}; MSP430 files are ELFCLASS32 (1)`;
    errors.push(elfError(message, 'e_ident[EI_CLASS]', EH.class));
  }
  const data = view.getUint8(EH.data);
  if (data !== 1) {
    const message = `EI_DATA is ${data}; MSP430 files are little-endian, ELFDATA2LSB (1)`;
    errors.push(elfError(message, 'e_ident[EI_DATA]', EH.data));
  }
  const version = view.getUint8(EH.identVersion);
  if (version !== 1) {
    const message = `EI_VERSION is ${version}; only EV_CURRENT (1) exists`;
    errors.push(elfError(message, 'e_ident[EI_VERSION]', EH.identVersion));
  }
  return errors;
}

function headerFieldErrors(h: ElfHeader): ImageError[] {
  const errors: ImageError[] = [];
  if (h.type !== ET_REL && h.type !== ET_EXEC) {
    const message = `e_type is ${h.type}; only relocatable (1) and executable (2) files load`;
    errors.push(elfError(message, 'e_type', EH.type));
  }
  if (h.machine !== EM_MSP430) {
    const message = `e_machine is ${h.machine}, not EM_MSP430 (105)`;
    errors.push(elfError(message, 'e_machine', EH.machine));
  }
  if (h.version !== 1) {
    errors.push(elfError(`e_version is ${h.version}, not EV_CURRENT (1)`, 'e_version', EH.version));
  }
  if (h.entry >= ADDRESS_LIMIT) {
    const message = `e_entry 0x${hex(h.entry, 8)} lies outside the 20-bit MSP430X address space`;
    errors.push(elfError(message, 'e_entry', EH.entry));
  }
  if (h.ehsize !== ELF_HEADER_SIZE) {
    errors.push(elfError(`e_ehsize is ${h.ehsize}, not 52`, 'e_ehsize', EH.ehsize));
  }
  if (h.phnum > 0 && h.phentsize !== PROGRAM_HEADER_SIZE) {
    const message = `e_phentsize is ${h.phentsize}, not 32`;
    errors.push(elfError(message, 'e_phentsize', EH.phentsize));
  }
  if (h.shnum > 0 && h.shentsize !== SECTION_HEADER_SIZE) {
    const message = `e_shentsize is ${h.shentsize}, not 40`;
    errors.push(elfError(message, 'e_shentsize', EH.shentsize));
  }
  return errors;
}

/** Checks that both header tables and the section-name table index fit the file. */
function tableErrors(h: ElfHeader, view: DataView): ImageError[] {
  const errors: ImageError[] = [];
  const size = view.byteLength;

  if (h.phnum > 0 && h.phoff + h.phnum * PROGRAM_HEADER_SIZE > size) {
    const message =
      `program header table at ${h.phoff} (${h.phnum} entries) ` +
      `runs past the file end (${size})`;
    errors.push(elfError(message, 'e_phoff', EH.phoff));
  }
  if (h.shnum === 0 && h.shoff !== 0) {
    // gABI extended numbering keeps the real count in section 0; no MSP430 tool needs it.
    const message = 'e_shnum is 0 with a section table present (extended numbering is unsupported)';
    errors.push(elfError(message, 'e_shnum', EH.shnum));
  }
  if (h.shnum > 0 && h.shoff + h.shnum * SECTION_HEADER_SIZE > size) {
    const message =
      `section header table at ${h.shoff} (${h.shnum} entries) ` +
      `runs past the file end (${size})`;
    errors.push(elfError(message, 'e_shoff', EH.shoff));
  }
  if (h.shstrndx !== SHN_UNDEF && h.shstrndx >= h.shnum) {
    const message =
      h.shstrndx === SHN_XINDEX
        ? 'e_shstrndx is SHN_XINDEX (extended numbering is unsupported)'
        : `e_shstrndx ${h.shstrndx} is out of range (${h.shnum} sections)`;
    errors.push(elfError(message, 'e_shstrndx', EH.shstrndx));
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Section headers

/** Offsets of the fields inside one section header (gABI "Section Header"). */
const SH = {
  name: 0,
  type: 4,
  flags: 8,
  addr: 12,
  offset: 16,
  size: 20,
  link: 24,
  info: 28,
  addralign: 32,
  entsize: 36,
} as const;

type RawSection = Omit<ElfSection, 'name'> & { readonly nameOffset: number };

function parseSections(view: DataView, h: ElfHeader): Result<ElfSection[], ImageError> {
  const raw: RawSection[] = [];
  const errors: ImageError[] = [];

  for (let i = 0; i < h.shnum; i++) {
    const at = h.shoff + i * SECTION_HEADER_SIZE;
    const section = readSectionHeader(view, at, i);
    raw.push(section);
    errors.push(...sectionRangeErrors(section, at, view.byteLength));
  }
  if (errors.length > 0) {
    return fail(...errors);
  }

  return nameSections(view, h, raw);
}

function readSectionHeader(view: DataView, at: number, index: number): RawSection {
  const u32 = (field: number): number => view.getUint32(at + field, true);
  return {
    index,
    nameOffset: u32(SH.name),
    type: u32(SH.type),
    flags: u32(SH.flags),
    address: u32(SH.addr),
    offset: u32(SH.offset),
    size: u32(SH.size),
    link: u32(SH.link),
    info: u32(SH.info),
    addressAlign: u32(SH.addralign),
    entrySize: u32(SH.entsize),
  };
}

/** A section's bytes must lie inside the file, except NOBITS (.bss) which has none there. */
function sectionRangeErrors(s: RawSection, at: number, fileSize: number): ImageError[] {
  if (s.type === SHT_NULL || s.type === SHT_NOBITS) {
    return [];
  }
  if (s.offset > fileSize) {
    const message = `section ${s.index} starts at ${s.offset}, past the file end (${fileSize})`;
    return [elfError(message, 'sh_offset', at + SH.offset)];
  }
  if (s.offset + s.size > fileSize) {
    const message =
      `section ${s.index} (${s.size} bytes at ${s.offset}) ` +
      `runs past the file end (${fileSize})`;
    return [elfError(message, 'sh_size', at + SH.size)];
  }
  return [];
}

function nameSections(
  view: DataView,
  h: ElfHeader,
  raw: readonly RawSection[],
): Result<ElfSection[], ImageError> {
  const names = h.shstrndx === SHN_UNDEF ? undefined : raw[h.shstrndx];
  if (names !== undefined && names.type !== SHT_STRTAB) {
    const message = `e_shstrndx points at section ${h.shstrndx}, which is not a string table`;
    return fail(elfError(message, 'e_shstrndx', EH.shstrndx));
  }

  const sections: ElfSection[] = [];
  const errors: ImageError[] = [];
  for (const { nameOffset, ...rest } of raw) {
    const name = names === undefined ? '' : readString(view, names, nameOffset);
    if (name === undefined) {
      const at = sectionFieldOffset(h.shoff, rest.index, SH.name);
      const message = `section ${rest.index}'s name offset ${nameOffset} is outside .shstrtab`;
      errors.push(elfError(message, 'sh_name', at));
      continue;
    }
    sections.push({ ...rest, name });
  }
  return errors.length > 0 ? fail(...errors) : ok(sections);
}

const utf8 = new TextDecoder('utf-8');

/** A NUL-terminated string at `index` in a string table, or undefined if it does not fit. */
function readString(
  view: DataView,
  table: ElfSection | RawSection,
  index: number,
): string | undefined {
  if (index >= table.size) {
    return undefined;
  }

  const start = table.offset + index;
  const end = table.offset + table.size;
  for (let i = start; i < end; i++) {
    if (view.getUint8(i) === 0) {
      return utf8.decode(new Uint8Array(view.buffer, view.byteOffset + start, i - start));
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Program headers

/** Offsets of the fields inside one program header (gABI "Program Header"). */
const PH = {
  type: 0,
  offset: 4,
  vaddr: 8,
  paddr: 12,
  filesz: 16,
  memsz: 20,
  flags: 24,
  align: 28,
} as const;

function parseProgramHeaders(view: DataView, h: ElfHeader): Result<ElfProgramHeader[], ImageError> {
  const headers: ElfProgramHeader[] = [];
  const errors: ImageError[] = [];

  for (let i = 0; i < h.phnum; i++) {
    const at = h.phoff + i * PROGRAM_HEADER_SIZE;
    const u32 = (field: number): number => view.getUint32(at + field, true);
    const header: ElfProgramHeader = {
      index: i,
      type: u32(PH.type),
      offset: u32(PH.offset),
      virtualAddress: u32(PH.vaddr),
      physicalAddress: u32(PH.paddr),
      fileSize: u32(PH.filesz),
      memorySize: u32(PH.memsz),
      flags: u32(PH.flags),
      align: u32(PH.align),
    };
    headers.push(header);
    errors.push(...programHeaderErrors(header, at, view.byteLength));
  }
  return errors.length > 0 ? fail(...errors) : ok(headers);
}

function programHeaderErrors(p: ElfProgramHeader, at: number, fileSize: number): ImageError[] {
  if (p.fileSize > 0 && p.offset + p.fileSize > fileSize) {
    const message =
      `segment ${p.index} (${p.fileSize} bytes at ${p.offset}) ` +
      `runs past the file end (${fileSize})`;
    return [elfError(message, 'p_filesz', at + PH.filesz)];
  }
  if (p.type === PT_LOAD && p.fileSize > p.memorySize) {
    const message = `segment ${p.index} has p_filesz ${p.fileSize} > p_memsz ${p.memorySize}`;
    return [elfError(message, 'p_memsz', at + PH.memsz)];
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// Symbol table

/** Offsets of the fields inside one symbol (gABI "Symbol Table"). */
const ST = { name: 0, value: 4, size: 8, info: 12, other: 13, shndx: 14 } as const;

interface SymbolTable {
  readonly symbols: ElfSymbol[];
  /** Section index of .symtab, or -1 when the file has none. */
  readonly index: number;
}

function parseSymbols(
  view: DataView,
  sections: readonly ElfSection[],
  shoff: number,
): Result<SymbolTable, ImageError> {
  const symtab = sections.find((s) => s.type === SHT_SYMTAB);
  if (symtab === undefined) {
    return ok({ symbols: [], index: -1 });
  }

  const shape = tableShapeErrors(symtab, SYMBOL_SIZE, sections, SHT_STRTAB, shoff);
  if (shape.length > 0) {
    return fail(...shape);
  }

  const strtab = sections[symtab.link];
  const symbols: ElfSymbol[] = [];
  const errors: ImageError[] = [];
  for (let i = 0; i < symtab.size / SYMBOL_SIZE && strtab !== undefined; i++) {
    const symbol = readSymbol(view, symtab, strtab, sections, i);
    if (symbol.ok) {
      symbols.push(symbol.value);
    } else {
      errors.push(...symbol.errors);
    }
  }
  return errors.length > 0 ? fail(...errors) : ok({ symbols, index: symtab.index });
}

/** Where a field of section `index`'s header lives in the file, for error offsets. */
function sectionFieldOffset(shoff: number, index: number, field: number): number {
  return shoff + index * SECTION_HEADER_SIZE + field;
}

/**
 * A symbol or relocation table needs the gABI entry size, a whole number of entries, and an
 * sh_link naming a section of the expected type (the string table or the symbol table).
 */
function tableShapeErrors(
  table: ElfSection,
  entrySize: number,
  sections: readonly ElfSection[],
  linkType: number,
  shoff: number,
): ImageError[] {
  const field = (f: number): number => sectionFieldOffset(shoff, table.index, f);
  if (table.entrySize !== entrySize) {
    const message = `${table.name} has sh_entsize ${table.entrySize}, not ${entrySize}`;
    return [elfError(message, 'sh_entsize', field(SH.entsize))];
  }
  if (table.size % entrySize !== 0) {
    const message = `${table.name} size ${table.size} is not a multiple of ${entrySize}`;
    return [elfError(message, 'sh_size', field(SH.size))];
  }
  if (sections[table.link]?.type !== linkType) {
    const message =
      `${table.name} has sh_link ${table.link}, which is not a ` +
      `${linkType === SHT_STRTAB ? 'string' : 'symbol'} table`;
    return [elfError(message, 'sh_link', field(SH.link))];
  }
  return [];
}

function readSymbol(
  view: DataView,
  symtab: ElfSection,
  strtab: ElfSection,
  sections: readonly ElfSection[],
  index: number,
): Result<ElfSymbol, ImageError> {
  const at = symtab.offset + index * SYMBOL_SIZE;
  const nameOffset = view.getUint32(at + ST.name, true);
  const info = view.getUint8(at + ST.info);
  const sectionIndex = view.getUint16(at + ST.shndx, true);

  const ownName = readString(view, strtab, nameOffset);
  if (ownName === undefined) {
    const message = `symbol ${index}'s name offset ${nameOffset} is outside ${strtab.name}`;
    return fail(elfError(message, 'st_name', at + ST.name));
  }
  const isSpecial = sectionIndex === SHN_UNDEF || sectionIndex >= SHN_LORESERVE;
  if (!isSpecial && sectionIndex >= sections.length) {
    const message =
      `symbol ${index} (${ownName}) names section ${sectionIndex}; ` +
      `the file has ${sections.length}`;
    return fail(elfError(message, 'st_shndx', at + ST.shndx));
  }
  if (sectionIndex === SHN_XINDEX) {
    const message = `symbol ${index} (${ownName}) uses SHN_XINDEX, which is unsupported`;
    return fail(elfError(message, 'st_shndx', at + ST.shndx));
  }

  const section = isSpecial ? undefined : sections[sectionIndex]?.name;
  const type = info & 0xf;
  const name = ownName === '' && type === STT_SECTION && section !== undefined ? section : ownName;
  const symbol: ElfSymbol = {
    index,
    name,
    value: view.getUint32(at + ST.value, true),
    size: view.getUint32(at + ST.size, true),
    binding: info >> 4,
    type,
    other: view.getUint8(at + ST.other),
    sectionIndex,
  };
  return ok(section === undefined ? symbol : { ...symbol, section });
}

// ---------------------------------------------------------------------------------------------
// Relocations

interface Tables {
  readonly sections: readonly ElfSection[];
  readonly symbols: readonly ElfSymbol[];
}

function parseRelocations(
  view: DataView,
  h: ElfHeader,
  tables: Tables,
  symtabIndex: number,
  numbering: RelocationNumbering,
): Result<ElfRelocation[], ImageError> {
  const relocations: ElfRelocation[] = [];
  const errors: ImageError[] = [];

  for (const section of tables.sections) {
    if (section.type !== SHT_RELA && section.type !== SHT_REL) {
      continue;
    }
    const found = readRelocationSection(view, h, section, tables, symtabIndex, numbering);
    if (found.ok) {
      relocations.push(...found.value);
    } else {
      errors.push(...found.errors);
    }
  }
  return errors.length > 0 ? fail(...errors) : ok(relocations);
}

function readRelocationSection(
  view: DataView,
  h: ElfHeader,
  rel: ElfSection,
  tables: Tables,
  symtabIndex: number,
  numbering: RelocationNumbering,
): Result<ElfRelocation[], ImageError> {
  const hasAddend = rel.type === SHT_RELA;
  const entrySize = hasAddend ? RELA_SIZE : REL_SIZE;
  const shape = tableShapeErrors(rel, entrySize, tables.sections, SHT_SYMTAB, h.shoff);
  const field = (f: number): number => sectionFieldOffset(h.shoff, rel.index, f);
  if (shape.length > 0) {
    return fail(...shape);
  }
  if (rel.link !== symtabIndex) {
    const message = `${rel.name} links to section ${rel.link}, not to .symtab (${symtabIndex})`;
    return fail(elfError(message, 'sh_link', field(SH.link)));
  }

  const target = tables.sections[rel.info];
  if (rel.info === SHN_UNDEF || target === undefined) {
    const message = `${rel.name} has sh_info ${rel.info}, which names no section`;
    return fail(elfError(message, 'sh_info', field(SH.info)));
  }

  const names = relocationNames(numbering);
  const entries: ElfRelocation[] = [];
  for (let i = 0; i < rel.size / entrySize; i++) {
    const at = rel.offset + i * entrySize;
    const offset = view.getUint32(at, true);
    const info = view.getUint32(at + 4, true);
    const symbolIndex = info >>> 8;
    const type = info & 0xff;
    const symbol = tables.symbols[symbolIndex];
    if (symbol === undefined) {
      const message =
        `${rel.name} entry ${i} names symbol ${symbolIndex}; ` +
        `.symtab has ${tables.symbols.length}`;
      return fail(elfError(message, 'r_info', at + 4));
    }
    if (h.type === ET_REL && target.type !== SHT_NOBITS && offset >= target.size) {
      const message =
        `${rel.name} entry ${i} patches offset ${offset}, ` +
        `past ${target.name} (${target.size} bytes)`;
      return fail(elfError(message, 'r_offset', at));
    }
    entries.push({
      section: target.name,
      offset,
      type,
      typeName: names[type] ?? `unknown(${type})`,
      symbol: symbolIndex === 0 ? '' : symbol.name,
      addend: hasAddend ? view.getInt32(at + 8, true) : 0,
      relocationSection: rel.name,
      sectionIndex: rel.info,
      symbolIndex,
    });
  }
  return ok(entries);
}

// ---------------------------------------------------------------------------------------------
// Memory image

function buildImage(file: ElfFile, bytes: Uint8Array): Result<ElfImage, ImageError> {
  const hasLoad = file.programHeaders.some((p) => p.type === PT_LOAD);
  const segments =
    file.header.type === ET_EXEC && hasLoad
      ? loadSegments(file, bytes)
      : sectionSegments(file, bytes);
  if (!segments.ok) {
    return segments;
  }

  const symbols = file.symbols.flatMap((s) => imageSymbol(s));
  const image: ElfImage = { segments: segments.value, symbols, elf: file };
  // gABI: e_entry 0 means "no entry point" (address 0 is SFR space on the MSP430 anyway).
  const hasEntry = file.header.type === ET_EXEC && file.header.entry !== 0;
  const withEntry: ElfImage = hasEntry ? { ...image, entry: file.header.entry } : image;
  if (file.relocations.length === 0) {
    return ok(withEntry);
  }

  const relocations: ImageRelocation[] = file.relocations.map((r) => ({
    section: r.section,
    offset: r.offset,
    type: r.type,
    typeName: r.typeName,
    symbol: r.symbol,
    addend: r.addend,
  }));
  return ok({ ...withEntry, relocations });
}

/**
 * PT_LOAD segments with file bytes, at their physical address (the LMA: .data's initial values
 * live in FRAM and crt0 copies them to RAM). Bytes that are the ELF header or program header
 * table are dropped: ld.lld without --nmagic maps them at 0x1000, the FR5994's BSL area.
 */
function loadSegments(file: ElfFile, bytes: Uint8Array): Result<ImageSegment[], ImageError> {
  const h = file.header;
  const headersEnd = Math.max(h.ehsize, h.phnum > 0 ? h.phoff + h.phnum * h.phentsize : 0);
  const segments: ImageSegment[] = [];
  const errors: ImageError[] = [];

  for (const p of file.programHeaders) {
    if (p.type !== PT_LOAD || p.fileSize === 0) {
      continue;
    }
    const skip = p.offset < headersEnd ? Math.min(headersEnd - p.offset, p.fileSize) : 0;
    if (skip === p.fileSize) {
      continue;
    }

    const address = p.physicalAddress + skip;
    const length = p.fileSize - skip;
    if (address + length > ADDRESS_LIMIT) {
      const at = h.phoff + p.index * PROGRAM_HEADER_SIZE + PH.paddr;
      const message =
        `segment ${p.index} (0x${hex(address, 8)}, ${length} bytes) ` +
        'does not fit the 20-bit address space';
      errors.push(elfError(message, 'p_paddr', at));
      continue;
    }

    const data = bytes.slice(p.offset + skip, p.offset + p.fileSize);
    const name = segmentName(file.sections, p.offset + skip, p.offset + p.fileSize);
    segments.push(name === undefined ? { address, data } : { address, data, name });
  }
  return errors.length > 0 ? fail(...errors) : ok(segments);
}

/** The names of the allocated sections whose file bytes a segment holds, joined by '+'. */
function segmentName(
  sections: readonly ElfSection[],
  start: number,
  end: number,
): string | undefined {
  const inside = sections.filter(
    (s) =>
      (s.flags & SHF_ALLOC) !== 0 &&
      s.type !== SHT_NOBITS &&
      s.size > 0 &&
      s.offset >= start &&
      s.offset + s.size <= end,
  );
  return inside.length > 0 ? inside.map((s) => s.name).join('+') : undefined;
}

/**
 * Allocated PROGBITS sections at sh_addr: for relocatable objects (all at 0, so they overlap and
 * are compared by name) and for executables without program headers.
 */
function sectionSegments(file: ElfFile, bytes: Uint8Array): Result<ImageSegment[], ImageError> {
  const segments: ImageSegment[] = [];
  for (const s of file.sections) {
    if (s.type !== SHT_PROGBITS || (s.flags & SHF_ALLOC) === 0 || s.size === 0) {
      continue;
    }
    if (s.address + s.size > ADDRESS_LIMIT) {
      const at = sectionFieldOffset(file.header.shoff, s.index, SH.addr);
      const message =
        `section ${s.name} (0x${hex(s.address, 8)}, ${s.size} bytes) ` +
        'does not fit the 20-bit address space';
      return fail(elfError(message, 'sh_addr', at));
    }
    segments.push({
      address: s.address,
      data: bytes.slice(s.offset, s.offset + s.size),
      name: s.name,
    });
  }
  return ok(segments);
}

/** Image symbols: every defined symbol; undefined ones name no place in this image. */
function imageSymbol(s: ElfSymbol): ImageSymbol[] {
  if (s.index === 0 || s.sectionIndex === SHN_UNDEF) {
    return [];
  }

  const symbol: ImageSymbol = {
    name: s.name,
    address: s.value,
    kind: symbolKind(s),
    global: s.binding === STB_GLOBAL || s.binding === STB_WEAK,
  };
  const sized = s.size > 0 ? { ...symbol, size: s.size } : symbol;
  return [s.section === undefined ? sized : { ...sized, section: s.section }];
}

function symbolKind(s: ElfSymbol): SymbolKind {
  if (s.type === STT_FILE) {
    return 'file';
  }
  if (s.sectionIndex === SHN_ABS) {
    return 'absolute';
  }
  switch (s.type) {
    case STT_FUNC:
      return 'function';
    case STT_OBJECT:
    case STT_COMMON:
    case STT_TLS:
      return 'object';
    case STT_SECTION:
      return 'section';
    default:
      return 'label';
  }
}
