/**
 * CPUXv2 cycle rules: MCLK cycles per instruction with no memory wait states.
 *
 * Every number here is transcribed from SLAU367P (UG367): Table 4-8 (interrupt, RETI), Table 4-9
 * (Format II), §4.5.1.5.3 (jumps), Table 4-10 (Format I), Table 4-17 (extended Format II,
 * RRxM, PUSHM/POPM, CALLA), Table 4-18 (extended Format I) and Table 4-19 (address
 * instructions). This is the only place cycle counts live; FRAM wait states are added by the bus.
 * Constant-generator operands are charged as register sources (UG367 §4.3.4: no word, no access).
 */

import type { Instruction } from './instruction.js';
import { Mode, PC, SP, type Operand } from './operands.js';
import { Op, Timing } from './table.js';

/** Interrupt accepted → first ISR instruction (Table 4-8). */
export const INTERRUPT_CYCLES = 6;
/** Reset or watchdog reset to the first instruction (Table 4-8). */
export const RESET_CYCLES = 4;

/** Source columns of the tables: Rn, @Rn, @Rn+, #N, X(Rn), EDE, &EDE. */
const S_REG = 0;
const S_IND = 1;
const S_INC = 2;
const S_IMM = 3;
const S_IDX = 4;
const S_SYM = 5;
const S_ABS = 6;

function sourceClass(op: Operand): number {
  switch (op.mode) {
    case Mode.Register:
    case Mode.Constant:
      return S_REG;
    case Mode.Indirect:
      return S_IND;
    case Mode.IndirectInc:
      return S_INC;
    case Mode.Immediate:
      return S_IMM;
    case Mode.Indexed:
      return S_IDX;
    case Mode.Symbolic:
      return S_SYM;
    case Mode.Absolute:
      return S_ABS;
  }
}

/** Destination columns: Rm, PC, memory (x(Rm), EDE and &EDE cost the same). */
const D_REG = 0;
const D_PC = 1;
const D_MEM = 2;

function destinationClass(op: Operand): number {
  if (op.mode !== Mode.Register) return D_MEM;
  return op.reg === PC ? D_PC : D_REG;
}

/** Table 4-10, Format I: [source][destination]. */
const FORMAT_I: readonly (readonly number[])[] = [
  [1, 3, 4], // Rn
  [2, 4, 5], // @Rn
  [2, 4, 5], // @Rn+
  [2, 3, 5], // #N
  [3, 5, 6], // x(Rn)
  [3, 5, 6], // EDE
  [3, 5, 6], // &EDE
];

/** Table 4-9, Format II: [source] → [RRA/RRC/SWPB/SXT, PUSH, CALL]. NaN: no such form. */
const FORMAT_II: readonly (readonly number[])[] = [
  [1, 3, 4], // Rn
  [3, 3, 4], // @Rn
  [3, 3, 4], // @Rn+
  [NaN, 3, 4], // #N
  [4, 4, 5], // X(Rn)
  [4, 4, 5], // EDE
  [4, 4, 6], // &EDE
];

/** Table 4-18, extended Format I: [source][destination] → [.B/.W, .A]. */
const EXTENDED_I: readonly (readonly (readonly [number, number])[])[] = [
  [
    [2, 2],
    [4, 4],
    [5, 7],
  ], // Rn
  [
    [3, 4],
    [5, 6],
    [6, 9],
  ], // @Rn
  [
    [3, 4],
    [5, 6],
    [6, 9],
  ], // @Rn+
  [
    [3, 3],
    [4, 4],
    [6, 8],
  ], // #N
  [
    [4, 5],
    [6, 7],
    [7, 10],
  ], // x(Rn)
  [
    [4, 5],
    [6, 7],
    [7, 10],
  ], // EDE
  [
    [4, 5],
    [6, 7],
    [7, 10],
  ], // &EDE
];

/**
 * Table 4-17, extended Format II: [source] → [RRAX/RRCX .B/.W, .A, PUSHX .B/.W, .A]. The
 * register row of RRAX/RRCX is 1 + n for n executions and is handled in code.
 * SWPBX and SXTX are absent from Table 4-17; they are timed like RRAX (see docs/limitations.md).
 */
const EXTENDED_II: readonly (readonly number[])[] = [
  [NaN, NaN, 4, 5], // Rn
  [4, 6, 4, 6], // @Rn
  [4, 6, 4, 6], // @Rn+
  [NaN, NaN, 4, 5], // #N
  [5, 7, 5, 7], // X(Rn), +1 when Rn = SP for PUSHX
  [5, 7, 5, 7], // EDE
  [5, 7, 5, 7], // &EDE
];

/** Table 4-17, CALLA: [source]. */
const CALLA: readonly number[] = [5, 6, 6, 5, 5, 7, 7];

/** Table 4-19, MOVA (and BRA, RETA): [source] → [to Rm, to PC, to memory]. */
const MOVA: readonly (readonly number[])[] = [
  [1, 3, 4], // Rn
  [3, 5, NaN], // @Rn
  [3, 5, NaN], // @Rn+
  [2, 3, NaN], // #N
  [4, 6, NaN], // x(Rn)
  [4, 6, NaN], // EDE
  [4, 6, NaN], // &EDE
];

/** Table 4-19, CMPA/ADDA/SUBA: [Rn or #N source] → [to Rm, to PC]. */
const ADDRESS_ARITHMETIC: Readonly<Record<number, readonly number[]>> = {
  [S_REG]: [1, 3],
  [S_IMM]: [3, 3],
};

function isMovBitCmp(op: Op): boolean {
  return op === Op.MOV || op === Op.BIT || op === Op.CMP;
}

function formatI(ins: Instruction, src: Operand, dst: Operand): number {
  const d = destinationClass(dst);
  const base = FORMAT_I[sourceClass(src)]![d]!;
  return d === D_MEM && isMovBitCmp(ins.form.op) ? base - 1 : base;
}

function formatII(ins: Instruction, src: Operand): number {
  const column = ins.form.op === Op.PUSH ? 1 : ins.form.op === Op.CALL ? 2 : 0;
  return FORMAT_II[sourceClass(src)]![column]!;
}

function extendedI(ins: Instruction, src: Operand, dst: Operand, n: number): number {
  const s = sourceClass(src);
  const d = destinationClass(dst);
  const wide = ins.size === 20;
  if (s === S_REG && d === D_REG) return n + 1;

  let cycles = EXTENDED_I[s]![d]![wide ? 1 : 0];
  if (d === D_MEM && isMovBitCmp(ins.form.op)) cycles -= wide ? 2 : 1;
  const discountsPc = ins.form.op === Op.MOV || ins.form.op === Op.ADD || ins.form.op === Op.SUB;
  if (d === D_PC && s >= S_IMM && discountsPc) cycles -= 1;
  return cycles;
}

function extendedII(ins: Instruction, src: Operand, n: number): number {
  const s = sourceClass(src);
  const wide = ins.size === 20;
  if (ins.form.op !== Op.PUSH) {
    return s === S_REG ? 1 + n : EXTENDED_II[s]![wide ? 1 : 0]!;
  }
  const cycles = EXTENDED_II[s]![wide ? 3 : 2]!;
  return s === S_IDX && src.reg === SP ? cycles + 1 : cycles;
}

function address(ins: Instruction, src: Operand, dst: Operand): number {
  const s = sourceClass(src);
  const d = destinationClass(dst);
  if (ins.form.op === Op.MOVA) return MOVA[s]![d]!;
  return ADDRESS_ARITHMETIC[s]![d]!;
}

function multiWord(ins: Instruction, src: Operand): number {
  const n = src.value;
  switch (ins.form.op) {
    case Op.CALLA: {
      const s = sourceClass(src);
      return CALLA[s]! + (s === S_IDX && src.reg === SP ? 1 : 0);
    }
    case Op.PUSHM:
    case Op.POPM:
      return ins.size === 20 ? 2 + 2 * n : 2 + n;
    default:
      // RRCM, RRAM, RLAM, RRUM #n: n cycles.
      return n;
  }
}

/**
 * Cycles of one execution of `ins`, without wait states. `executions` is the number of times a
 * repeated (RPT) instruction runs: its count, or the value its repeat register held.
 */
export function instructionCycles(ins: Instruction, executions = 1): number {
  const { src, dst } = ins;
  switch (ins.form.timing) {
    case Timing.Jump:
      return 2;
    case Timing.Reti:
      return 5;
    case Timing.FormatI:
      return formatI(ins, src!, dst!);
    case Timing.FormatII:
      return formatII(ins, src!);
    case Timing.ExtendedI:
      return extendedI(ins, src!, dst!, executions);
    case Timing.ExtendedII:
      return extendedII(ins, src!, executions);
    case Timing.Address:
      return address(ins, src!, dst!);
    case Timing.MultiWord:
      return multiWord(ins, src!);
  }
}
