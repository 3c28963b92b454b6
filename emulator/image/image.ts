/**
 * The memory image: what assemblers produce and loaders read, independent of file format.
 *
 * Addresses are MSP430X byte addresses (20 bits). An image is a list of byte segments plus the
 * symbols that name places in them; the machine copies the segments into its memory map.
 */

export interface ImageSegment {
  /** First byte address. */
  readonly address: number;
  readonly data: Uint8Array;
  /** Section name where the format has one (ELF, assembler output). */
  readonly name?: string;
}

export type SymbolKind = 'function' | 'object' | 'section' | 'file' | 'label' | 'absolute';

export interface ImageSymbol {
  readonly name: string;
  readonly address: number;
  readonly kind: SymbolKind;
  readonly global: boolean;
  /** Size in bytes when the producer recorded one (`.size`, ELF st_size). */
  readonly size?: number;
  /** Section the symbol belongs to, when known. */
  readonly section?: string;
}

/**
 * A relocation still to be applied, as found in a relocatable object (ELF `.rela.*`).
 *
 * Type numbers depend on the producer's numbering (MSP430 ELF ABI: classic or MSP430X, chosen by
 * ELF e_flags), so the name is carried next to the number.
 */
export interface ImageRelocation {
  /** Section whose bytes the relocation patches. */
  readonly section: string;
  /** Byte offset of the patched field from the start of that section. */
  readonly offset: number;
  readonly type: number;
  /** e.g. `R_MSP430_16_BYTE`, `R_MSP430X_ABS20_ADR_DST`, or `unknown(N)`. */
  readonly typeName: string;
  /** Symbol the value comes from; the section name for section symbols, '' for none. */
  readonly symbol: string;
  readonly addend: number;
}

export interface MemoryImage {
  readonly segments: readonly ImageSegment[];
  readonly symbols: readonly ImageSymbol[];
  /** Entry address recorded by the file (ELF e_entry, HEX start record), if any. */
  readonly entry?: number;
  /** Relocations not yet applied (relocatable objects only). */
  readonly relocations?: readonly ImageRelocation[];
}

/** Problems found while reading or writing an image file. */
export interface ImageError {
  readonly kind: 'image';
  readonly format: 'elf' | 'ihex' | 'ti-txt' | 'image';
  /** What is wrong, in one sentence. */
  readonly message: string;
  /** Byte offset in a binary file. */
  readonly offset?: number;
  /** 1-based line in a text file. */
  readonly line?: number;
  /** 1-based column in that line, where it helps to point at one character. */
  readonly column?: number;
  /** The field or record part that is wrong, e.g. `e_shoff` or `checksum`. */
  readonly field?: string;
}
