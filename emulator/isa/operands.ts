/**
 * Addressing modes and operands of the MSP430 and MSP430X.
 *
 * Follows SLAU367P (UG367) §4.4, Table 4-3 (As/Ad fields) and Table 4-2 (constant generator).
 * A decoded operand keeps the *meaning* of the encoding: for symbolic mode the effective address,
 * for the constant generator the constant, so that the executor, the disassembler and the cycle
 * rules never re-derive them.
 */

export const Mode = {
  /** `Rn` */
  Register: 0,
  /** `X(Rn)`; `value` is the index as encoded (16 bits, or 20 bits in MSP430X forms). */
  Indexed: 1,
  /** `EDE` = `X(PC)`; `value` is the effective address, not the encoded offset. */
  Symbolic: 2,
  /** `&EDE`; `value` is the address. */
  Absolute: 3,
  /** `@Rn` */
  Indirect: 4,
  /** `@Rn+` */
  IndirectInc: 5,
  /** `#N` = `@PC+`, with an immediate word; `value` is N. */
  Immediate: 6,
  /** `#N` produced by R2/R3 (values 0, 1, 2, 4, 8, -1): no extra word and no memory read. */
  Constant: 7,
} as const;

export type Mode = (typeof Mode)[keyof typeof Mode];

export const MODE_NAMES: readonly string[] = [
  'Rn',
  'x(Rn)',
  'EDE',
  '&EDE',
  '@Rn',
  '@Rn+',
  '#N',
  '#CG',
];

export interface Operand {
  readonly mode: Mode;
  /** Register number 0..15 (0 for absolute and symbolic, which have none of their own). */
  readonly reg: number;
  /** Index, address, immediate or constant, as described for each mode. */
  readonly value: number;
}

export const PC = 0;
export const SP = 1;
export const SR = 2;
export const CG2 = 3;

export function reg(n: number): Operand {
  return { mode: Mode.Register, reg: n, value: 0 };
}

/** The constant-generator encodings, UG367 Table 4-2: [register, As] for each constant. */
const CONSTANT_ENCODING: ReadonlyMap<number, readonly [number, number]> = new Map([
  [0, [CG2, 0]],
  [1, [CG2, 1]],
  [2, [CG2, 2]],
  [-1, [CG2, 3]],
  [4, [SR, 2]],
  [8, [SR, 3]],
] as const);

export function constantEncoding(value: number): readonly [number, number] | undefined {
  return CONSTANT_ENCODING.get(value);
}

/** The constant produced by register `r` with source mode `as`, or undefined if none. */
export function constantValue(r: number, as: number): number | undefined {
  if (r === CG2) return [0, 1, 2, -1][as];
  if (r === SR && as >= 2) return as === 2 ? 4 : 8;
  return undefined;
}

/** Modes whose operand occupies an extra word after the instruction. */
export function hasExtraWord(mode: Mode): boolean {
  return (
    mode === Mode.Indexed ||
    mode === Mode.Symbolic ||
    mode === Mode.Absolute ||
    mode === Mode.Immediate
  );
}
