/**
 * Emulated mnemonics: names that stand for a real instruction with fixed operands.
 *
 * Follows UG367 Table 4-7 (MSP430) and Table 4-15 (MSP430X). Each row is a template in GNU
 * syntax where `$` stands for the one operand the programmer writes. The assembler expands the
 * template; the disassembler prints the emulated name when a decoded instruction matches it.
 * The X forms use the extended base instruction with the same template.
 */

export interface EmulatedForm {
  readonly mnemonic: string;
  /** The real instruction, e.g. `add #1, $`. */
  readonly template: string;
  /** True when the programmer writes an operand (`$` occurs in the template). */
  readonly takesOperand: boolean;
  /** True when a size suffix may be written (otherwise only the default size exists). */
  readonly sized: boolean;
}

/** MSP430 emulated instructions (UG367 Table 4-7); `x` marks those with an MSP430X twin. */
const CLASSIC: readonly (readonly [string, string, 'x' | '', 'sized' | ''])[] = [
  ['nop', 'mov #0, r3', '', ''],
  ['clr', 'mov #0, $', 'x', 'sized'],
  ['inc', 'add #1, $', 'x', 'sized'],
  ['incd', 'add #2, $', 'x', 'sized'],
  ['dec', 'sub #1, $', 'x', 'sized'],
  ['decd', 'sub #2, $', 'x', 'sized'],
  ['tst', 'cmp #0, $', 'x', 'sized'],
  ['inv', 'xor #-1, $', 'x', 'sized'],
  ['rla', 'add $, $', 'x', 'sized'],
  ['rlc', 'addc $, $', 'x', 'sized'],
  ['adc', 'addc #0, $', 'x', 'sized'],
  ['sbc', 'subc #0, $', 'x', 'sized'],
  ['dadc', 'dadd #0, $', 'x', 'sized'],
  ['pop', 'mov @sp+, $', 'x', 'sized'],
  ['br', 'mov $, pc', '', ''],
  ['ret', 'mov @sp+, pc', '', ''],
  ['setc', 'bis #1, sr', '', ''],
  ['clrc', 'bic #1, sr', '', ''],
  ['setn', 'bis #4, sr', '', ''],
  ['clrn', 'bic #4, sr', '', ''],
  ['setz', 'bis #2, sr', '', ''],
  ['clrz', 'bic #2, sr', '', ''],
  ['eint', 'bis #8, sr', '', ''],
  ['dint', 'bic #8, sr', '', ''],
];

/** MSP430X address-word emulated instructions (UG367 Table 4-15). */
const ADDRESS: readonly (readonly [string, string])[] = [
  ['bra', 'mova $, pc'],
  ['reta', 'mova @sp+, pc'],
  ['clra', 'mova #0, $'],
  ['tsta', 'cmpa #0, $'],
  ['incda', 'adda #2, $'],
  ['decda', 'suba #2, $'],
];

function row(mnemonic: string, template: string, sized: boolean): EmulatedForm {
  return { mnemonic, template, takesOperand: template.includes('$'), sized };
}

function buildEmulated(): readonly EmulatedForm[] {
  const rows: EmulatedForm[] = [];
  for (const [name, template, x, sized] of CLASSIC) {
    rows.push(row(name, template, sized === 'sized'));
    if (x) {
      const [base, rest] = [template.split(' ')[0]!, template.slice(template.indexOf(' '))];
      rows.push(row(`${name}x`, `${base}x${rest}`, true));
    }
  }
  for (const [name, template] of ADDRESS) rows.push(row(name, template, false));
  return rows;
}

export const EMULATED: readonly EmulatedForm[] = buildEmulated();

export const EMULATED_BY_MNEMONIC: ReadonlyMap<string, EmulatedForm> = new Map(
  EMULATED.map((e) => [e.mnemonic, e]),
);
