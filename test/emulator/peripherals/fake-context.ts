/** A PeripheralContext for unit tests: a settable clock and recorded side effects. */

import type {
  PeripheralContext,
  PeripheralEvent,
  ResetCause,
} from '../../../emulator/peripherals/peripheral.js';

export class FakeContext implements PeripheralContext {
  cycle = 0;
  readonly events: PeripheralEvent[] = [];
  readonly resets: ResetCause[] = [];
  /** Current request state per vector. */
  readonly interrupts = new Map<number, boolean>();

  now(): number {
    return this.cycle;
  }

  setInterrupt(vector: number, pending: boolean): void {
    this.interrupts.set(vector, pending);
  }

  requestReset(cause: ResetCause): void {
    this.resets.push(cause);
  }

  report(event: PeripheralEvent): void {
    this.events.push(event);
  }

  eventsOf(kind: PeripheralEvent['kind']): PeripheralEvent[] {
    return this.events.filter((e) => e.kind === kind);
  }

  pending(vector: number): boolean {
    return this.interrupts.get(vector) ?? false;
  }
}
