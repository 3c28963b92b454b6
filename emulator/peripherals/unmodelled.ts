/**
 * Placeholders for the peripheral blocks unit430 does not model, so the memory map reads like the
 * data sheet, gaps included. Which blocks exist, with their names and ranges, is the chip's
 * peripheral file map (emulator/chips/fr5994.ts, `FR5994_PERIPHERAL_BLOCKS`); every block no
 * modelled peripheral answers gets one of these.
 *
 * Decision on the read value (UG367 §1.9): 0x3FFF is what VACANT addresses return; these
 * addresses are not vacant — silicon has registers there, most of which reset to 0 — so an
 * unmodelled block answers every read with 0 and ignores writes. Every access reports an
 * 'unmodelled' event naming the block, so a program that depends on one is noticed. Addresses in
 * no block at all are vacant and the bus's business (0x3FFF, VMAIFG).
 */

import type { PeripheralBlock } from '../bus/memory-map.js';
import type { Peripheral, PeripheralContext } from './peripheral.js';

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

/** One `UnmodelledBlock` per entry of `blocks` that no peripheral of `modelled` overlaps. */
export function createUnmodelledBlocks(
  ctx: PeripheralContext,
  blocks: readonly PeripheralBlock[],
  modelled: readonly Peripheral[],
): UnmodelledBlock[] {
  return blocks
    .filter((b) => !modelled.some((p) => p.start <= b.end && b.start <= p.end))
    .map((b) => new UnmodelledBlock(ctx, b));
}
