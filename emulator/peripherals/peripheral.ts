/**
 * The contract between the bus and the on-chip peripherals (UG367 ch. 1 system view).
 *
 * A peripheral answers a range of the peripheral space (0x0020–0x0FFF). It never sees the CPU;
 * it talks to the rest of the chip only through the `PeripheralContext` it is given, so each
 * peripheral can be tested alone with a fake context.
 */

/** Why the chip resets (a PUC), as SYSRSTIV would report it. */
export type ResetCause =
  | 'wdt-timeout'
  | 'wdt-password'
  | 'cs-password'
  | 'frctl-password'
  | 'peripheral-fetch'
  | 'software'
  | 'pmm-password'
  | 'software-bor'
  | 'brownout';

/** Something a program did that the chip does not model or that TI calls a program error. */
export interface PeripheralEvent {
  readonly kind: 'unmodelled' | 'early-read' | 'ignored-write' | 'warning';
  readonly peripheral: string;
  readonly address: number;
  readonly message: string;
}

export interface PeripheralContext {
  /** MCLK cycles since reset, counted before the access's instruction completes. */
  now(): number;
  /** Raise (true) or drop (false) the request of an interrupt vector, e.g. 0xFFF2 for WDT. */
  setInterrupt(vector: number, pending: boolean): void;
  /** Cause a PUC after the current instruction. */
  requestReset(cause: ResetCause): void;
  /** Report an event (unmodelled register, result read too early, …) to the machine. */
  report(event: PeripheralEvent): void;
}

export interface Peripheral {
  /** Name as in the TI guide: `MPY32`, `WDT_A`, `CS`, `FRCTL_A`, … */
  readonly name: string;
  /** First and last byte address this peripheral answers (inclusive). */
  readonly start: number;
  readonly end: number;
  /** Word access at an even address in [start, end]. */
  read16(address: number): number;
  write16(address: number, value: number): void;
  /** Byte access; `address` may be odd. */
  read8(address: number): number;
  write8(address: number, value: number): void;
  /** Power-up clear: back to the register reset values. */
  reset(): void;
  /** Cycle at which this peripheral next needs `advance` (a timer expiring), or Infinity. */
  nextEventCycle?(): number;
  /** Bring counters up to `now` (MCLK cycles) and fire whatever has expired. */
  advance?(now: number): void;
  /**
   * Extra MCLK cycles the bus must add before this access completes (0 when absent), e.g. MPY32
   * holding a write while MPYDLYWRTEN is set. Asked before the access, at the same `now()`.
   */
  accessWaitCycles?(address: number, isWrite: boolean): number;
  /**
   * True for unit430's host port: an instruction that reads or writes this peripheral costs
   * 0 cycles (docs/peripherals.md, zero-cost rule). The bus reports such accesses.
   */
  readonly zeroCost?: boolean;
  /**
   * The CPU accepted the interrupt at `vector`: clear single-source flags that the hardware
   * clears on acceptance (WDTIFG for 0xFFF2, host-port requests). Peripherals not owning the
   * vector ignore it.
   */
  acknowledgeInterrupt?(vector: number): void;
}
