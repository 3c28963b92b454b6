/**
 * ELF32 constants and parsed-file types for MSP430 objects, shared by the reader and writer.
 *
 * Names and values follow the System V gABI "Object Files" chapter; EM_MSP430 = 105.
 */

import type { RelocationNumbering } from './elf-relocations.js';
import type { ImageRelocation, MemoryImage } from './image.js';

export const EM_MSP430 = 105;
export const ET_REL = 1;
export const ET_EXEC = 2;

export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;

export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;

export const SHN_UNDEF = 0;
export const SHN_LORESERVE = 0xff00;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;

export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;

export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;
export const STT_COMMON = 5;
export const STT_TLS = 6;

export const PT_LOAD = 1;

export const PF_X = 0x1;
export const PF_W = 0x2;
export const PF_R = 0x4;

export const SHN_XINDEX = 0xffff;

/** EI_OSABI written by clang and GNU as for MSP430; binutils reads 0 as "TI compiler". */
export const ELFOSABI_STANDALONE = 255;

export const ELF_HEADER_SIZE = 52;
export const SECTION_HEADER_SIZE = 40;
export const PROGRAM_HEADER_SIZE = 32;
export const SYMBOL_SIZE = 16;
export const RELA_SIZE = 12;
export const REL_SIZE = 8;

/** The ELF header fields, named as in the gABI. */
export interface ElfHeader {
  readonly osAbi: number;
  readonly abiVersion: number;
  readonly type: number;
  readonly machine: number;
  readonly version: number;
  readonly entry: number;
  readonly phoff: number;
  readonly shoff: number;
  readonly flags: number;
  readonly ehsize: number;
  readonly phentsize: number;
  readonly phnum: number;
  readonly shentsize: number;
  readonly shnum: number;
  readonly shstrndx: number;
}

export interface ElfSection {
  readonly index: number;
  readonly name: string;
  readonly type: number;
  readonly flags: number;
  readonly address: number;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
  readonly info: number;
  readonly addressAlign: number;
  readonly entrySize: number;
}

export interface ElfProgramHeader {
  readonly index: number;
  readonly type: number;
  readonly offset: number;
  readonly virtualAddress: number;
  readonly physicalAddress: number;
  readonly fileSize: number;
  readonly memorySize: number;
  readonly flags: number;
  readonly align: number;
}

export interface ElfSymbol {
  /** Position in .symtab; index 0 is the null symbol. */
  readonly index: number;
  /** st_name's string; for a section symbol without one, the section's name. */
  readonly name: string;
  readonly value: number;
  readonly size: number;
  readonly binding: number;
  readonly type: number;
  readonly other: number;
  /** st_shndx: a section index or SHN_UNDEF / SHN_ABS / SHN_COMMON. */
  readonly sectionIndex: number;
  /** Name of the section st_shndx points at, for ordinary indices. */
  readonly section?: string;
}

export interface ElfRelocation extends ImageRelocation {
  /** The `.rela.*` (or `.rel.*`) section holding this entry. */
  readonly relocationSection: string;
  /** Index of the patched section (the relocation section's sh_info). */
  readonly sectionIndex: number;
  readonly symbolIndex: number;
}

/** Everything the reader found, for tools that need more than the memory image. */
export interface ElfFile {
  readonly header: ElfHeader;
  readonly sections: readonly ElfSection[];
  readonly programHeaders: readonly ElfProgramHeader[];
  readonly symbols: readonly ElfSymbol[];
  readonly relocations: readonly ElfRelocation[];
  /** Relocation numbering chosen from e_flags. */
  readonly numbering: RelocationNumbering;
}

/** A memory image read from ELF, with the parsed file kept alongside. */
export interface ElfImage extends MemoryImage {
  readonly elf: ElfFile;
}
