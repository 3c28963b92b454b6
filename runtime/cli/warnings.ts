/**
 * Machine events gathered for the CLI's warnings section: every `event` the machine emits
 * (emulator/machine/machine.ts `MachineEvents['event']`: unmodelled peripheral blocks, vacant and
 * read-only memory, MPY32 early reads, ignored register writes, peripheral warnings, CPU errata)
 * folded into one entry per kind and name, with a count and the first occurrence.
 *
 * Why aggregate: a program polling an unmodelled timer touches it once per loop pass, millions of
 * times. One entry per (kind, name) keeps memory bounded by the number of blocks, regions and
 * errata the chip has, and keeps the report to a few lines. Nothing here prints: `warningsText`
 * formats the entries and the commands write it.
 */

import type { Machine, MachineEvents } from '../../emulator/machine/machine.js';
import { hex, type Io } from './io.js';

export type MachineEvent = MachineEvents['event'];
export type WarningKind = MachineEvent['kind'];

export interface RunWarning {
  readonly kind: WarningKind;
  /**
   * What the events name: the peripheral block (`TA0`, `MPY32`), the read-only region (`TLV`),
   * the erratum (`CPU40`), or for vacant memory the access (`read`, `write`, `fetch`).
   */
  readonly name: string;
  /** Events of this kind and name in the run. */
  readonly count: number;
  /** Address of the instruction that caused the first one. */
  readonly firstPc: number;
  /** Address the first one touched; absent for errata, which concern an instruction. */
  readonly firstAddress?: number;
  /** MCLK cycle (since reset) at which the first one happened. */
  readonly firstCycle: number;
  /** Description of the first one. */
  readonly message: string;
}

type Entry = { -readonly [K in keyof RunWarning]: RunWarning[K] };

/** What an event names; events of one kind with the same name share an entry. */
function nameOf(e: MachineEvent): string {
  switch (e.kind) {
    case 'vacant':
      return e.access;
    case 'read-only':
      return e.region;
    case 'erratum':
      return e.id;
    default:
      // The bus names the block when no peripheral answers; a placeholder names itself.
      return 'block' in e ? e.block : e.peripheral;
  }
}

/** Address and message of the first event of an entry. */
function describe(e: MachineEvent): { address?: number; message: string } {
  switch (e.kind) {
    case 'vacant':
      return {
        address: e.address,
        message: `${e.access} of vacant memory at ${hex(e.address, 5)}`,
      };
    case 'read-only':
      return {
        address: e.address,
        message: `write to read-only ${e.region} at ${hex(e.address, 5)} ignored`,
      };
    case 'erratum':
      return { message: e.message };
    default:
      return 'block' in e
        ? {
            address: e.address,
            message: `${e.block} is not modelled: ${e.access} at ${hex(e.address, 4)}`,
          }
        : { address: e.address, message: e.message };
  }
}

/**
 * Collects a machine's events while attached. Attach after any set-up the host does itself
 * (clock configuration), so that only the program's own doings are reported.
 */
export class WarningCollector {
  /** Entries by kind, then name; maps keep first-occurrence order and avoid building keys. */
  private readonly byKind = new Map<WarningKind, Map<string, Entry>>();
  private readonly order: Entry[] = [];
  private detach: (() => void) | null = null;

  attach(machine: Machine): void {
    this.detach?.();
    this.detach = machine.on('event', (e) => this.add(e, machine));
  }

  /** Stop listening; the entries stay. */
  release(): void {
    this.detach?.();
    this.detach = null;
  }

  add(e: MachineEvent, machine: Machine): void {
    const name = nameOf(e);
    let names = this.byKind.get(e.kind);
    if (names === undefined) {
      names = new Map();
      this.byKind.set(e.kind, names);
    }
    const known = names.get(name);
    if (known !== undefined) {
      known.count++;
      return;
    }
    const d = describe(e);
    // Errata carry their instruction; a vacant fetch is the instruction; otherwise the CPU's
    // current instruction made the access.
    const pc =
      e.kind === 'erratum'
        ? e.pc
        : e.kind === 'vacant' && e.access === 'fetch'
          ? e.address
          : machine.cpu.instructionPc;
    const entry: Entry = {
      kind: e.kind,
      name,
      count: 1,
      firstPc: pc,
      ...(d.address !== undefined ? { firstAddress: d.address } : {}),
      firstCycle: machine.cycles,
      message: d.message,
    };
    names.set(name, entry);
    this.order.push(entry);
  }

  /** The entries in order of first occurrence (copies). */
  warnings(): RunWarning[] {
    return this.order.map((e) => ({ ...e }));
  }
}

/**
 * The warnings section `run` and `profile` print on standard error in text mode: one line per
 * kind and name, e.g. `unmodelled TA0: 3 events, first at pc 0x04404 (cycle 4): …`; '' for a
 * clean run.
 */
export function warningsText(io: Io, warnings: readonly RunWarning[]): string {
  if (warnings.length === 0) return '';
  const lines = [
    `${io.errColour.yellow.bold('warnings:')} what the emulator noticed (docs/cli.md)`,
  ];
  for (const w of warnings) {
    const events = w.count === 1 ? '1 event' : `${w.count} events`;
    lines.push(
      `  ${w.kind} ${w.name}: ${events}, first at pc ${hex(w.firstPc)}` +
        ` (cycle ${w.firstCycle}): ${w.message}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
