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

export interface MemoryImage {
  readonly segments: readonly ImageSegment[];
  readonly symbols: readonly ImageSymbol[];
  /** Entry address recorded by the file (ELF e_entry, HEX start record), if any. */
  readonly entry?: number;
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
  /** The field or record part that is wrong, e.g. `e_shoff` or `checksum`. */
  readonly field?: string;
}
