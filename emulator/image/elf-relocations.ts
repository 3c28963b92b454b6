/**
 * MSP430 ELF relocation type names, in the two numberings the toolchains use.
 *
 * The MSP430 EABI (TI SLAA534, relocation type table) defines the MSP430X numbering
 * (R_MSP430_ABS32 = 1 ... R_MSP430_EHTYPE = 18); GNU binutils (include/elf/msp430.h) keeps an
 * older "classic" numbering for objects whose e_flags do not name the MSP430X machine, and adds
 * its own types 19-23 to the MSP430X table. clang 14 emits classic numbers with e_flags 0; GNU as
 * emits MSP430X numbers with e_flags 0x2d (toolchain.md section 14).
 */

/** e_flags bits 0-7: the machine variant (binutils EF_MSP430_MACH). */
export const EF_MSP430_MACH = 0xff;

/** e_flags machine value for MSP430X objects (binutils E_MSP430_MACH_MSP430X, 45). */
export const E_MSP430_MACH_MSP430X = 0x2d;

export type RelocationNumbering = 'msp430' | 'msp430x';

/**
 * Which table an object's relocation numbers come from. binutils' readelf also treats
 * EI_OSABI = 0 as "TI compiler, MSP430X numbering"; clang and GNU as both write OSABI 255
 * (standalone), so only e_flags decides here.
 */
export function relocationNumbering(eFlags: number): RelocationNumbering {
  return (eFlags & EF_MSP430_MACH) === E_MSP430_MACH_MSP430X ? 'msp430x' : 'msp430';
}

/** Classic numbering, index = type number. */
const CLASSIC_NAMES: readonly string[] = [
  'R_MSP430_NONE',
  'R_MSP430_32',
  'R_MSP430_10_PCREL',
  'R_MSP430_16',
  'R_MSP430_16_PCREL',
  'R_MSP430_16_BYTE',
  'R_MSP430_16_PCREL_BYTE',
  'R_MSP430_2X_PCREL',
  'R_MSP430_RL_PCREL',
  'R_MSP430_8',
  'R_MSP430_SYM_DIFF',
  'R_MSP430_GNU_SET_ULEB128',
  'R_MSP430_GNU_SUB_ULEB128',
];

/** MSP430X numbering, index = type number. */
const MSP430X_NAMES: readonly string[] = [
  'R_MSP430_NONE',
  'R_MSP430_ABS32',
  'R_MSP430_ABS16',
  'R_MSP430_ABS8',
  'R_MSP430_PCR16',
  'R_MSP430X_PCR20_EXT_SRC',
  'R_MSP430X_PCR20_EXT_DST',
  'R_MSP430X_PCR20_EXT_ODST',
  'R_MSP430X_ABS20_EXT_SRC',
  'R_MSP430X_ABS20_EXT_DST',
  'R_MSP430X_ABS20_EXT_ODST',
  'R_MSP430X_ABS20_ADR_SRC',
  'R_MSP430X_ABS20_ADR_DST',
  'R_MSP430X_PCR16',
  'R_MSP430X_PCR20_CALL',
  'R_MSP430X_ABS16',
  'R_MSP430_ABS_HI16',
  'R_MSP430_PREL31',
  'R_MSP430_EHTYPE',
  // 19-23 are GNU additions outside the TI EABI.
  'R_MSP430X_10_PCREL',
  'R_MSP430X_2X_PCREL',
  'R_MSP430X_SYM_DIFF',
  'R_MSP430X_GNU_SET_ULEB128',
  'R_MSP430X_GNU_SUB_ULEB128',
];

export function relocationNames(numbering: RelocationNumbering): readonly string[] {
  return numbering === 'msp430x' ? MSP430X_NAMES : CLASSIC_NAMES;
}

/** The relocation's name under the object's numbering, or `unknown(N)`. */
export function relocationTypeName(type: number, eFlags: number): string {
  return relocationNames(relocationNumbering(eFlags))[type] ?? `unknown(${type})`;
}
