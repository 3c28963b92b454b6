/**
 * HOST PORT: unit430's own test and profiling device, not part of the FR5994. It sits at
 * 0x0FF0–0x0FFF, in peripheral space the FR5994 leaves vacant: TI's msp430fr5994_symbols.ld
 * (1.204) places nothing above the LEA registers (0x0A80–0x0AFF), and msp430x.md §7.1/§9/§12
 * list no block there. On silicon these addresses read 0x3FFF (UG367 §1.9).
 *
 * | Address | Name         | Access | Meaning                                                     |
 * |---------|--------------|--------|-------------------------------------------------------------|
 * | 0x0FF0  | HOST_EXIT    | W      | stop the run with this 16-bit exit code                      |
 * | 0x0FF2  | HOST_PUTC    | W      | low byte → the host's output stream                          |
 * | 0x0FF4  | HOST_ENTER   | W      | enter the region named by the NUL-terminated string at addr |
 * | 0x0FF6  | HOST_LEAVE   | W      | leave the region named by the string at addr                 |
 * | 0x0FF8  | HOST_NAMEHI  | R/W    | address bits 19:16 for the next ENTER/LEAVE (then cleared)  |
 * | 0x0FFA  | HOST_IRQVEC  | R/W    | vector address (0xFF90–0xFFFC) for HOST_IRQAFTER             |
 * | 0x0FFC  | HOST_IRQAFTER| R/W    | request HOST_IRQVEC this many MCLK cycles later; 0 cancels   |
 * | 0x0FFE  | HOST_ID      | R      | 0x0430: the host port is present                             |
 *
 * ZERO-COST RULE for the machine: an instruction that reads or writes a host-port address
 * (`isHostPortAddress`) costs 0 MCLK cycles in total — its base cycles and every wait state of
 * its fetch and operand accesses are refunded — and produces no energy events, so markers do not
 * perturb measurements. `MOV #name,&HOST_ENTER` is one instruction and therefore free; code that
 * computes the address first pays for that. Not undone: the FRAM-cache effect of fetching the
 * marker instruction itself (at most one line).
 *
 * Interrupt requests made through HOST_IRQAFTER stay raised until the CPU accepts the vector
 * (`acknowledgeInterrupt`). Use a vector whose own peripheral is not modelled (e.g. Timer0_A0,
 * 0xFFEA); modelled peripherals driving the same vector would overwrite the request.
 */

import type { Peripheral, PeripheralContext } from './peripheral.js';
import { WordRegisters } from './registers.js';

export const HOST_PORT_START = 0x0ff0;
export const HOST_PORT_END = 0x0fff;
export const HOST_EXIT = 0x0ff0;
export const HOST_PUTC = 0x0ff2;
export const HOST_ENTER = 0x0ff4;
export const HOST_LEAVE = 0x0ff6;
export const HOST_NAMEHI = 0x0ff8;
export const HOST_IRQVEC = 0x0ffa;
export const HOST_IRQAFTER = 0x0ffc;
export const HOST_ID = 0x0ffe;
export const HOST_ID_VALUE = 0x0430;

/** Longest region name read from target memory; longer names are cut and reported. */
export const MAX_REGION_NAME = 64;

/** Region names the kernels use for profiling. */
export const KNOWN_REGIONS = ['threshold', 'division', 'mac', 'skip'] as const;

export function isHostPortAddress(address: number): boolean {
  return address >= HOST_PORT_START && address <= HOST_PORT_END;
}

/** What the machine does with host-port requests. */
export interface HostPortHooks {
  /** The program asked to stop with `code`; the machine ends the run with that stop reason. */
  exit(code: number): void;
  putChar(byte: number): void;
  enterRegion(name: string, cycle: number): void;
  leaveRegion(name: string, cycle: number): void;
}

/** Reads target memory for the name strings (side-effect free, no cycles). */
export interface MemoryReader {
  readByte(address: number): number;
}

export class HostPort extends WordRegisters implements Peripheral {
  readonly name = 'HOST';
  readonly start = HOST_PORT_START;
  readonly end = HOST_PORT_END;
  /** The machine refunds every instruction that touches the port (zero-cost rule). */
  readonly zeroCost = true;

  private nameHi = 0;
  private irqVector = 0;
  /** MCLK cycle at which the armed request fires, or null. */
  private irqAt: number | null = null;
  /** Vectors this port has raised and not yet seen accepted. */
  private readonly raised = new Set<number>();
  private readonly ctx: PeripheralContext;
  private readonly hooks: HostPortHooks & MemoryReader;

  constructor(ctx: PeripheralContext, hooks: HostPortHooks & MemoryReader) {
    super();
    this.ctx = ctx;
    this.hooks = hooks;
  }

  reset(): void {
    this.nameHi = 0;
    this.irqVector = 0;
    this.irqAt = null;
    for (const v of this.raised) this.ctx.setInterrupt(v, false);
    this.raised.clear();
  }

  nextEventCycle(): number {
    return this.irqAt ?? Infinity;
  }

  advance(now: number): void {
    if (this.irqAt === null || now < this.irqAt) return;
    this.irqAt = null;
    this.raised.add(this.irqVector);
    this.ctx.setInterrupt(this.irqVector, true);
  }

  acknowledgeInterrupt(vector: number): void {
    if (!this.raised.delete(vector)) return;
    this.ctx.setInterrupt(vector, false);
  }

  read16(address: number): number {
    switch (address & ~1) {
      case HOST_NAMEHI:
        return this.nameHi;
      case HOST_IRQVEC:
        return this.irqVector;
      case HOST_IRQAFTER:
        return this.irqAt === null ? 0 : Math.min(0xffff, Math.max(0, this.irqAt - this.ctx.now()));
      case HOST_ID:
        return HOST_ID_VALUE;
      default:
        return 0;
    }
  }

  write16(address: number, value: number): void {
    const v = value & 0xffff;
    switch (address & ~1) {
      case HOST_EXIT:
        this.hooks.exit(v);
        return;
      case HOST_PUTC:
        this.hooks.putChar(v & 0xff);
        return;
      case HOST_ENTER:
        this.hooks.enterRegion(this.readName(address, v), this.ctx.now());
        return;
      case HOST_LEAVE:
        this.hooks.leaveRegion(this.readName(address, v), this.ctx.now());
        return;
      case HOST_NAMEHI:
        this.nameHi = v & 0x000f;
        return;
      case HOST_IRQVEC:
        if (v < 0xff90 || v > 0xfffc || (v & 1) !== 0) {
          this.warn(address, `0x${v.toString(16)} is not an interrupt vector address`);
          return;
        }
        this.irqVector = v;
        return;
      case HOST_IRQAFTER:
        if (v === 0) {
          this.irqAt = null;
        } else if (this.irqVector === 0) {
          this.warn(address, 'HOST_IRQAFTER written before HOST_IRQVEC');
        } else {
          this.irqAt = this.ctx.now() + v;
        }
        return;
      default:
        this.warn(address, 'HOST_ID is read-only');
    }
  }

  /** Byte writes: HOST_PUTC and HOST_EXIT take the byte; others are reported and ignored. */
  override write8(address: number, value: number): void {
    const a = address & ~1;
    if ((address & 1) === 0 && (a === HOST_PUTC || a === HOST_EXIT)) {
      this.write16(a, value & 0xff);
      return;
    }
    this.warn(address, 'byte write to a host-port word register ignored');
  }

  private readName(register: number, low: number): string {
    const start = (this.nameHi << 16) | low;
    this.nameHi = 0;
    let name = '';
    for (let i = 0; i < MAX_REGION_NAME; i++) {
      const byte = this.hooks.readByte((start + i) & 0xfffff);
      if (byte === 0) return name;
      name += String.fromCharCode(byte);
    }
    this.warn(register, `region name at 0x${start.toString(16)} longer than ${MAX_REGION_NAME}`);
    return name;
  }

  private warn(address: number, message: string): void {
    this.ctx.report({ kind: 'warning', peripheral: this.name, address, message });
  }
}
