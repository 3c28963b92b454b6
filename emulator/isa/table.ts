/**
 * The MSP430 / MSP430X instruction table: one row per mnemonic form.
 *
 * Follows SLAU367P (UG367) §4.5 (formats), §4.6.1 (MSP430X encodings) and Table 4-20 (opcode
 * map). This table is the single source that the decoder, the encoder (and so the assembler),
 * the disassembler and the cycle rules read. Each row gives the first-word pattern, the operand
 * modes it accepts, its sizes, its ISA level, the operation the executor runs and the cycle rule
 * that times it. Emulated mnemonics (INC, POP, RETA, …) live in `emulated.ts` on top of it.
 */

import { Mode } from './operands.js';

/** Operand width in bits: .B, .W and .A (20-bit address-word). */
export type Size = 8 | 16 | 20;

/** Instruction formats: how the fields of the first word (and extension word) are laid out. */
export const Format = {
  /** Double-operand, UG367 §4.5.1.1. */
  I: 'I',
  /** Single-operand, UG367 §4.5.1.2. */
  II: 'II',
  /** Conditional and unconditional jumps, UG367 §4.5.1.3. */
  Jump: 'Jump',
  /** RETI, a Format II word without an operand. */
  Reti: 'Reti',
  /** Extension word + Format I, UG367 §4.5.2.1. */
  XI: 'XI',
  /** Extension word + Format II, UG367 §4.5.2.2. */
  XII: 'XII',
  /** MOVA/CMPA/ADDA/SUBA, no extension word, UG367 §4.6.1 (address instructions). */
  Address: 'Address',
  /** RRCM/RRAM/RLAM/RRUM: shift by 1–4 in one word. */
  ShiftM: 'ShiftM',
  /** PUSHM/POPM. */
  PushPopM: 'PushPopM',
  /** CALLA. */
  Calla: 'Calla',
} as const;
export type Format = (typeof Format)[keyof typeof Format];

/** Operations, shared by the 16-bit and extended forms: the executor switches on these. */
export const Op = {
  MOV: 0,
  ADD: 1,
  ADDC: 2,
  SUBC: 3,
  SUB: 4,
  CMP: 5,
  DADD: 6,
  BIT: 7,
  BIC: 8,
  BIS: 9,
  XOR: 10,
  AND: 11,
  RRC: 12,
  SWPB: 13,
  RRA: 14,
  SXT: 15,
  PUSH: 16,
  CALL: 17,
  RETI: 18,
  JNE: 19,
  JEQ: 20,
  JNC: 21,
  JC: 22,
  JN: 23,
  JGE: 24,
  JL: 25,
  JMP: 26,
  MOVA: 27,
  CMPA: 28,
  ADDA: 29,
  SUBA: 30,
  CALLA: 31,
  PUSHM: 32,
  POPM: 33,
  RRCM: 34,
  RRAM: 35,
  RLAM: 36,
  RRUM: 37,
} as const;
export type Op = (typeof Op)[keyof typeof Op];

/** Which UG367 cycle table times a row; the rules themselves live in `cycles.ts`. */
export const Timing = {
  /** Table 4-10. */
  FormatI: 'FormatI',
  /** Table 4-9. */
  FormatII: 'FormatII',
  /** §4.5.1.5.3: every jump takes 2 cycles. */
  Jump: 'Jump',
  /** Table 4-8. */
  Reti: 'Reti',
  /** Table 4-18. */
  ExtendedI: 'ExtendedI',
  /** Table 4-17. */
  ExtendedII: 'ExtendedII',
  /** Table 4-19. */
  Address: 'Address',
  /** Table 4-17, RRxM / PUSHM / POPM / CALLA rows. */
  MultiWord: 'MultiWord',
} as const;
export type Timing = (typeof Timing)[keyof typeof Timing];

export type Isa = '430' | '430X';

export interface InstructionForm {
  /** Index of this row in `INSTRUCTIONS`. */
  readonly id: number;
  /** Mnemonic as written, without size suffix: `mov`, `movx`, `mova`, `pushm`. */
  readonly mnemonic: string;
  readonly format: Format;
  readonly isa: Isa;
  readonly op: Op;
  /** The first instruction word (after any extension word) matches when `(w & mask) === match`. */
  readonly match: number;
  readonly mask: number;
  /** Sizes the form accepts; the first is the default when no suffix is written. */
  readonly sizes: readonly Size[];
  /** Source modes accepted (null: no source operand). Single-operand forms use the source. */
  readonly src: readonly Mode[] | null;
  /** Destination modes accepted (null: no destination operand). */
  readonly dst: readonly Mode[] | null;
  readonly timing: Timing;
}

const ANY_SRC: readonly Mode[] = [
  Mode.Register,
  Mode.Indexed,
  Mode.Symbolic,
  Mode.Absolute,
  Mode.Indirect,
  Mode.IndirectInc,
  Mode.Immediate,
  Mode.Constant,
];
const ANY_DST: readonly Mode[] = [Mode.Register, Mode.Indexed, Mode.Symbolic, Mode.Absolute];
const NO_IMMEDIATE: readonly Mode[] = ANY_SRC.filter(
  (m) => m !== Mode.Immediate && m !== Mode.Constant,
);
const REG: readonly Mode[] = [Mode.Register];
const IMM: readonly Mode[] = [Mode.Immediate];

type Row = Omit<InstructionForm, 'id'>;

/** Format I operations, opcode in bits 15:12 (UG367 §4.5.1.1). */
const FORMAT_I: readonly (readonly [string, Op, number])[] = [
  ['mov', Op.MOV, 0x4],
  ['add', Op.ADD, 0x5],
  ['addc', Op.ADDC, 0x6],
  ['subc', Op.SUBC, 0x7],
  ['sub', Op.SUB, 0x8],
  ['cmp', Op.CMP, 0x9],
  ['dadd', Op.DADD, 0xa],
  ['bit', Op.BIT, 0xb],
  ['bic', Op.BIC, 0xc],
  ['bis', Op.BIS, 0xd],
  ['xor', Op.XOR, 0xe],
  ['and', Op.AND, 0xf],
];

function formatIRows(): Row[] {
  return FORMAT_I.flatMap(([name, op, code]): Row[] => {
    const common = { op, match: code << 12, mask: 0xf000, src: ANY_SRC, dst: ANY_DST };
    return [
      {
        ...common,
        mnemonic: name,
        format: Format.I,
        isa: '430',
        sizes: [16, 8],
        timing: Timing.FormatI,
      },
      {
        ...common,
        mnemonic: `${name}x`,
        format: Format.XI,
        isa: '430X',
        sizes: [16, 8, 20],
        timing: Timing.ExtendedI,
      },
    ];
  });
}

/**
 * Format II operations, bits 15:7 (UG367 §4.5.1.2). SWPB, SXT and CALL have no byte form; their
 * B/W bit is part of the match. SWPBX.A and SXTX.A use A/L = 0 with B/W = 0 (UG367 §4.5.2).
 */
const FORMAT_II: readonly (readonly [string, Op, number, boolean, readonly Mode[]])[] = [
  ['rrc', Op.RRC, 0x1000, true, NO_IMMEDIATE],
  ['swpb', Op.SWPB, 0x1080, false, NO_IMMEDIATE],
  ['rra', Op.RRA, 0x1100, true, NO_IMMEDIATE],
  ['sxt', Op.SXT, 0x1180, false, NO_IMMEDIATE],
  ['push', Op.PUSH, 0x1200, true, ANY_SRC],
];

function formatIIRows(): Row[] {
  const rows = FORMAT_II.flatMap(([name, op, code, hasByte, modes]): Row[] => {
    const mask = hasByte ? 0xff80 : 0xffc0;
    const common = { op, match: code, mask, src: modes, dst: null };
    return [
      {
        ...common,
        mnemonic: name,
        format: Format.II,
        isa: '430',
        sizes: hasByte ? [16, 8] : [16],
        timing: Timing.FormatII,
      },
      {
        ...common,
        mnemonic: `${name}x`,
        format: Format.XII,
        isa: '430X',
        sizes: hasByte ? [16, 8, 20] : [16, 20],
        timing: Timing.ExtendedII,
      },
    ];
  });
  rows.push({
    mnemonic: 'call',
    format: Format.II,
    isa: '430',
    op: Op.CALL,
    match: 0x1280,
    mask: 0xffc0,
    sizes: [16],
    src: ANY_SRC,
    dst: null,
    timing: Timing.FormatII,
  });
  rows.push({
    mnemonic: 'reti',
    format: Format.Reti,
    isa: '430',
    op: Op.RETI,
    match: 0x1300,
    mask: 0xffff,
    sizes: [16],
    src: null,
    dst: null,
    timing: Timing.Reti,
  });
  return rows;
}

/** Jumps, condition in bits 12:10 (UG367 §4.5.1.3). Aliases are listed in `JUMP_ALIASES`. */
const JUMPS: readonly (readonly [string, Op])[] = [
  ['jne', Op.JNE],
  ['jeq', Op.JEQ],
  ['jnc', Op.JNC],
  ['jc', Op.JC],
  ['jn', Op.JN],
  ['jge', Op.JGE],
  ['jl', Op.JL],
  ['jmp', Op.JMP],
];

export const JUMP_ALIASES: ReadonlyMap<string, string> = new Map([
  ['jnz', 'jne'],
  ['jz', 'jeq'],
  ['jlo', 'jnc'],
  ['jhs', 'jc'],
]);

function jumpRows(): Row[] {
  return JUMPS.map(([name, op], cond) => ({
    mnemonic: name,
    format: Format.Jump,
    isa: '430',
    op,
    match: 0x2000 | (cond << 10),
    mask: 0xfc00,
    sizes: [16],
    src: [Mode.Symbolic],
    dst: null,
    timing: Timing.Jump,
  }));
}

/**
 * Address instructions: `0000 ssss oooo dddd`, the form chosen by bits 7:4 (UG367 §4.6.1).
 * Symbolic and indexed forms of MOVA share an encoding (`z16(Rn)` with Rn = PC is `EDE`).
 */
const ADDRESS: readonly (readonly [string, Op, number, readonly Mode[], readonly Mode[]])[] = [
  ['mova', Op.MOVA, 0x0, [Mode.Indirect], REG],
  ['mova', Op.MOVA, 0x1, [Mode.IndirectInc], REG],
  ['mova', Op.MOVA, 0x2, [Mode.Absolute], REG],
  ['mova', Op.MOVA, 0x3, [Mode.Indexed, Mode.Symbolic], REG],
  ['mova', Op.MOVA, 0x6, REG, [Mode.Absolute]],
  ['mova', Op.MOVA, 0x7, REG, [Mode.Indexed, Mode.Symbolic]],
  ['mova', Op.MOVA, 0x8, IMM, REG],
  ['cmpa', Op.CMPA, 0x9, IMM, REG],
  ['adda', Op.ADDA, 0xa, IMM, REG],
  ['suba', Op.SUBA, 0xb, IMM, REG],
  ['mova', Op.MOVA, 0xc, REG, REG],
  ['cmpa', Op.CMPA, 0xd, REG, REG],
  ['adda', Op.ADDA, 0xe, REG, REG],
  ['suba', Op.SUBA, 0xf, REG, REG],
];

function addressRows(): Row[] {
  return ADDRESS.map(([name, op, form, src, dst]) => ({
    mnemonic: name,
    format: Format.Address,
    isa: '430X',
    op,
    match: form << 4,
    mask: 0xf0f0,
    sizes: [20],
    src,
    dst,
    timing: Timing.Address,
  }));
}

/** RRCM/RRAM/RLAM/RRUM: `0000 nn ii 010w dddd` (UG367 §4.6.1). Size from bit 4. */
const SHIFT_M: readonly (readonly [string, Op])[] = [
  ['rrcm', Op.RRCM],
  ['rram', Op.RRAM],
  ['rlam', Op.RLAM],
  ['rrum', Op.RRUM],
];

function shiftRows(): Row[] {
  return SHIFT_M.map(([name, op], ii) => ({
    mnemonic: name,
    format: Format.ShiftM,
    isa: '430X',
    op,
    match: (ii << 8) | 0x40,
    mask: 0xf3e0,
    sizes: [16, 20],
    src: IMM,
    dst: REG,
    timing: Timing.MultiWord,
  }));
}

/** PUSHM/POPM: `0001 01ab nnnn rrrr`; bit 8 set = .W (UG367 §4.6.1). */
function pushPopRows(): Row[] {
  return [
    ['pushm', Op.PUSHM, 0x1400],
    ['popm', Op.POPM, 0x1600],
  ].map(([name, op, match]) => ({
    mnemonic: name as string,
    format: Format.PushPopM,
    isa: '430X',
    op: op as Op,
    match: match as number,
    mask: 0xfe00,
    sizes: [16, 20],
    src: IMM,
    dst: REG,
    timing: Timing.MultiWord,
  }));
}

/**
 * CALLA: `0001 0011 mmmm rrrr` (UG367 §4.6.1). The row covers 0x1300–0x13FF; RETI (0x1300) is
 * matched first and the decoder accepts only the mmmm values of `CALLA_MODES`.
 */
function callaRow(): Row {
  return {
    mnemonic: 'calla',
    format: Format.Calla,
    isa: '430X',
    op: Op.CALLA,
    match: 0x1300,
    mask: 0xff00,
    sizes: [20],
    src: ANY_SRC.filter((m) => m !== Mode.Constant),
    dst: null,
    timing: Timing.MultiWord,
  };
}

function buildTable(): readonly InstructionForm[] {
  const rows: Row[] = [
    ...formatIRows(),
    ...formatIIRows(),
    ...jumpRows(),
    ...addressRows(),
    ...shiftRows(),
    ...pushPopRows(),
    callaRow(),
  ];
  return rows.map((row, id) => Object.freeze({ ...row, id }));
}

export const INSTRUCTIONS: readonly InstructionForm[] = buildTable();

/** Rows by mnemonic, for the assembler. A mnemonic may have several forms (MOVA). */
export const FORMS_BY_MNEMONIC: ReadonlyMap<string, readonly InstructionForm[]> = (() => {
  const map = new Map<string, InstructionForm[]>();
  for (const form of INSTRUCTIONS) {
    const list = map.get(form.mnemonic) ?? [];
    list.push(form);
    map.set(form.mnemonic, list);
  }
  return map;
})();

/** The extension word's first-word range, UG367 §4.5.2: 0x1800–0x1FFF. */
export function isExtensionWord(word: number): boolean {
  return (word & 0xf800) === 0x1800;
}
