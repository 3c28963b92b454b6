/**
 * The FR5994's on-chip peripherals as unit430 models them, built and wired together: the clock
 * system feeds the watchdog and the FRAM controller, the watchdog raises its flag in the SFR.
 * The chip definition (emulator/chips/fr5994.ts) gives its peripheral file map, in which every
 * block modelled here has the range of its class, and maps `all` onto the bus; see
 * docs/peripherals.md for what each block models.
 */

import type { PeripheralBlock } from '../bus/memory-map.js';
import { ClockSystem, type CsOptions } from './cs.js';
import { FramController, type FramCacheConfig } from './frctl.js';
import { HostPort, type HostPortHooks, type MemoryReader } from './hostport.js';
import { Mpy32 } from './mpy32.js';
import type { Peripheral, PeripheralContext } from './peripheral.js';
import { PowerManagement } from './pmm.js';
import { Sfr } from './sfr.js';
import { SystemControl } from './sys.js';
import { UnmodelledBlock, createUnmodelledBlocks } from './unmodelled.js';
import { WatchdogTimer } from './wdt.js';

export interface Fr5994PeripheralOptions {
  readonly clocks?: CsOptions;
  readonly framCache?: Partial<FramCacheConfig>;
}

export interface Fr5994Peripherals {
  readonly mpy32: Mpy32;
  readonly wdt: WatchdogTimer;
  readonly cs: ClockSystem;
  readonly frctl: FramController;
  readonly sfr: Sfr;
  readonly sys: SystemControl;
  readonly pmm: PowerManagement;
  readonly host: HostPort;
  readonly unmodelled: readonly UnmodelledBlock[];
  /** Every instance above, ranges disjoint, sorted by start address. */
  readonly all: readonly Peripheral[];
}

/** `blocks`: the chip's peripheral file map; each block not modelled here gets a placeholder. */
export function createFr5994Peripherals(
  ctx: PeripheralContext,
  hooks: HostPortHooks & MemoryReader,
  blocks: readonly PeripheralBlock[],
  options: Fr5994PeripheralOptions = {},
): Fr5994Peripherals {
  const cs = new ClockSystem(ctx, options.clocks);
  const sfr = new Sfr(ctx);
  const wdt = new WatchdogTimer(ctx, cs, sfr);
  const frctl = new FramController(ctx, cs, options.framCache);
  const mpy32 = new Mpy32(ctx);
  const sys = new SystemControl();
  const pmm = new PowerManagement(ctx);
  const host = new HostPort(ctx, hooks);
  const modelled: Peripheral[] = [sfr, pmm, frctl, wdt, cs, sys, mpy32, host];
  const unmodelled = createUnmodelledBlocks(ctx, blocks, modelled);
  const all: Peripheral[] = [...modelled, ...unmodelled];
  all.sort((a, b) => a.start - b.start);
  return { mpy32, wdt, cs, frctl, sfr, sys, pmm, host, unmodelled, all };
}
