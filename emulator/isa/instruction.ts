/**
 * The instruction record: one MSP430/MSP430X instruction with its operands resolved.
 *
 * The decoder produces it from memory and the encoder turns it into words, so the assembler,
 * disassembler and CPU all speak the same record. Field meanings follow UG367 §4.5–4.6.
 */

import type { Operand } from './operands.js';
import type { InstructionForm, Size } from './table.js';

/** RPT prefix of a register-form extension word (UG367 §4.6.3, Table 4-11). */
export type Repeat =
  | { readonly kind: 'count'; readonly n: number }
  | { readonly kind: 'register'; readonly reg: number };

export interface Instruction {
  readonly form: InstructionForm;
  readonly size: Size;
  /**
   * Source operand. Single-operand instructions (Format II, CALLA, jumps) keep their operand
   * here; PUSHM/POPM and RRxM keep their count as an immediate here.
   */
  readonly src: Operand | null;
  readonly dst: Operand | null;
  /** Repeat prefix, only on register-form extended instructions. */
  readonly repeat: Repeat | null;
  /** ZC of a register-form extension word: every step uses carry = 0 (RRUX, RPTZ forms). */
  readonly zeroCarry: boolean;
  /** Length in bytes, extension word included. */
  readonly length: number;
}

export interface EncodeError {
  readonly kind: 'encode';
  readonly message: string;
  /** Which part is wrong: 'src', 'dst', 'size', 'repeat' or 'form'. */
  readonly field: 'src' | 'dst' | 'size' | 'repeat' | 'form';
}

export interface DecodeError {
  readonly kind: 'decode';
  readonly address: number;
  /** The first word that could not be decoded (the extension word if there is one). */
  readonly word: number;
  readonly message: string;
}
