/**
 * The FR5994 peripheral blocks unit430 does not model, by name and address range, so the memory
 * map reads like the data sheet, gaps included. Ranges: first to last register byte of each
 * block in TI's msp430fr5994_symbols.ld (msp430-gcc support files 1.204; a copy is in the public
 * repository pftbest/msp430_svd, msp430-gcc-support-files/include/), extended to the block's
 * usual 16/32/48-byte allocation where the header leaves reserved words at its end.
 *
 * Decision on the read value (UG367 §1.9): 0x3FFF is what VACANT addresses return; these
 * addresses are not vacant — silicon has registers there, most of which reset to 0 — so an
 * unmodelled block answers every read with 0 and ignores writes. Every access reports an
 * 'unmodelled' event naming the block, so a program that depends on one is noticed. Addresses in
 * no block at all are vacant and the bus's business (0x3FFF, VMAIFG).
 */

import type { Peripheral, PeripheralContext } from './peripheral.js';

export interface PeripheralBlock {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

export const FR5994_UNMODELLED_BLOCKS: readonly PeripheralBlock[] = [
  { name: 'CRC16', start: 0x0150, end: 0x0157 },
  { name: 'RAMCTL', start: 0x0158, end: 0x0159 },
  { name: 'REF_A', start: 0x01b0, end: 0x01b1 },
  { name: 'PORT1_2 (PA)', start: 0x0200, end: 0x021f },
  { name: 'PORT3_4 (PB)', start: 0x0220, end: 0x023f },
  { name: 'PORT5_6 (PC)', start: 0x0240, end: 0x025f },
  { name: 'PORT7_8 (PD)', start: 0x0260, end: 0x027f },
  { name: 'PORTJ', start: 0x0320, end: 0x0337 },
  { name: 'TA0', start: 0x0340, end: 0x036f },
  { name: 'TA1', start: 0x0380, end: 0x03af },
  { name: 'TB0', start: 0x03c0, end: 0x03ef },
  { name: 'TA2', start: 0x0400, end: 0x042f },
  { name: 'CAPTIO0', start: 0x043e, end: 0x043f },
  { name: 'TA3', start: 0x0440, end: 0x046f },
  { name: 'CAPTIO1', start: 0x047e, end: 0x047f },
  { name: 'RTC_C', start: 0x04a0, end: 0x04bf },
  { name: 'DMA', start: 0x0500, end: 0x056f },
  { name: 'MPU', start: 0x05a0, end: 0x05af },
  { name: 'eUSCI_A0', start: 0x05c0, end: 0x05df },
  { name: 'eUSCI_A1', start: 0x05e0, end: 0x05ff },
  { name: 'eUSCI_A2', start: 0x0600, end: 0x061f },
  { name: 'eUSCI_A3', start: 0x0620, end: 0x063f },
  { name: 'eUSCI_B0', start: 0x0640, end: 0x066f },
  { name: 'eUSCI_B1', start: 0x0680, end: 0x06af },
  { name: 'eUSCI_B2', start: 0x06c0, end: 0x06ef },
  { name: 'eUSCI_B3', start: 0x0700, end: 0x072f },
  { name: 'TA4', start: 0x07c0, end: 0x07ef },
  { name: 'ADC12_B', start: 0x0800, end: 0x089f },
  { name: 'COMP_E', start: 0x08c0, end: 0x08cf },
  { name: 'CRC32', start: 0x0980, end: 0x099f },
  { name: 'AES256', start: 0x09c0, end: 0x09cf },
  { name: 'LEA', start: 0x0a80, end: 0x0aff },
];

/** One unmodelled block: reads 0, ignores writes, reports every access. */
export class UnmodelledBlock implements Peripheral {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  private readonly ctx: PeripheralContext;

  constructor(ctx: PeripheralContext, block: PeripheralBlock) {
    this.ctx = ctx;
    this.name = block.name;
    this.start = block.start;
    this.end = block.end;
  }

  reset(): void {
    // Nothing is stored.
  }

  read16(address: number): number {
    this.note(address, 'word read (returns 0)');
    return 0;
  }

  read8(address: number): number {
    this.note(address, 'byte read (returns 0)');
    return 0;
  }

  write16(address: number, value: number): void {
    this.note(address, `word write 0x${(value & 0xffff).toString(16)} ignored`);
  }

  write8(address: number, value: number): void {
    this.note(address, `byte write 0x${(value & 0xff).toString(16)} ignored`);
  }

  private note(address: number, what: string): void {
    this.ctx.report({
      kind: 'unmodelled',
      peripheral: this.name,
      address,
      message: `${this.name} is not modelled: ${what} at 0x${address.toString(16).padStart(4, '0')}`,
    });
  }
}

/** One `UnmodelledBlock` per entry of `blocks`. */
export function createUnmodelledBlocks(
  ctx: PeripheralContext,
  blocks: readonly PeripheralBlock[] = FR5994_UNMODELLED_BLOCKS,
): UnmodelledBlock[] {
  return blocks.map((b) => new UnmodelledBlock(ctx, b));
}
