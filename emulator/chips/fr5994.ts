/**
 * The MSP430FR5994 as a configuration object: memory map, peripheral blocks and interrupt
 * vectors.
 *
 * Regions follow the FR5994 data sheet (SLASE54D) Table 9-41 and the msp430-gcc linker script
 * `msp430fr5994.ld`; the peripheral blocks follow `msp430fr5994_symbols.ld`; vectors follow
 * the same linker script (highest address = highest priority). See docs/cpu.md for the
 * decisions taken where the sources are silent.
 *
 * What TI leaves open about the chip can be chosen when the config is built: `fr5994(options)`
 * takes the FRAM read-cache organisation (`FramCacheConfig`, docs/peripherals.md), so that a
 * study can compare organisations without assembling its own chip.
 */

import type { FramTiming } from '../bus/bus.js';
import {
  MemoryClass,
  type MemoryMap,
  type PeripheralBlock,
  type RegionSpec,
} from '../bus/memory-map.js';
import { clockSettingsFor, type ClockSettingStep } from '../peripherals/cs.js';
import { createFr5994Peripherals } from '../peripherals/fr5994.js';
import { framCacheConfig, type FramCacheConfig } from '../peripherals/frctl.js';
import type { HostPortHooks, MemoryReader } from '../peripherals/hostport.js';
import type { Peripheral, PeripheralContext } from '../peripherals/peripheral.js';

/** The peripherals of a chip as the machine needs them. */
export interface ChipPeripherals {
  readonly all: readonly Peripheral[];
  /** FRAM wait states (NWAITS and read cache); null when the chip has no FRAM controller. */
  readonly fram: FramTiming | null;
  /** True while an FRAM miss costs wait states (NWAITS > 0, auto mode or a violation). */
  readonly framWaits: () => boolean;
}

export interface ChipConfig {
  readonly name: string;
  readonly memory: MemoryMap;
  /** Interrupt vector addresses by source name; the reset vector is `RESET`. */
  readonly vectors: Readonly<Record<string, number>>;
  /** Non-maskable vectors: accepted even with GIE clear. */
  readonly nonMaskableVectors: readonly number[];
  /** Top of RAM, where start-up code usually puts the stack. */
  readonly stackTop: number;
  /** MCLK after reset in Hz (DCO 8 MHz / 8, UG367 §3.2). */
  readonly resetMclkHz: number;
  /** Build the on-chip peripherals for a machine. */
  readonly createPeripherals?: (
    ctx: PeripheralContext,
    hooks: HostPortHooks & MemoryReader,
  ) => ChipPeripherals;
  /** Register writes that start-up firmware does to run MCLK at `hz` (CS and FRCTL). */
  readonly clockSettings?: (hz: number) => ClockSettingStep[];
  /** The FRAM read cache's organisation, every unknown resolved; absent without FRAM cache. */
  readonly framCache?: FramCacheConfig;
}

/** Choices for the unknowns of the FR5994 model; each left out keeps its default. */
export interface Fr5994Options {
  /**
   * FRAM read-cache organisation [OPEN in TI's text]: lines, lineBytes, ways, replacement,
   * writePolicy, sharedInstructionData. Defaults: `FUSED_CACHE_CONFIG` (frctl.ts).
   */
  readonly framCache?: Partial<FramCacheConfig>;
}

const REGIONS: readonly RegionSpec[] = [
  {
    name: 'Tiny RAM',
    start: 0x0000a,
    end: 0x0001f,
    memory: MemoryClass.Sram,
    writable: true,
    loadable: true,
  },
  {
    name: 'Peripherals',
    start: 0x00020,
    end: 0x00fff,
    memory: MemoryClass.Peripheral,
    writable: true,
    loadable: false,
  },
  {
    name: 'BSL ROM',
    start: 0x01000,
    end: 0x017ff,
    memory: MemoryClass.Rom,
    writable: false,
    loadable: false,
  },
  {
    name: 'Info FRAM',
    start: 0x01800,
    end: 0x019ff,
    memory: MemoryClass.Fram,
    writable: true,
    loadable: true,
  },
  {
    name: 'TLV',
    start: 0x01a00,
    end: 0x01aff,
    memory: MemoryClass.Fram,
    writable: false,
    loadable: false,
  },
  {
    name: 'SRAM',
    start: 0x01c00,
    end: 0x02bff,
    memory: MemoryClass.Sram,
    writable: true,
    loadable: true,
  },
  {
    name: 'SRAM (LEA)',
    start: 0x02c00,
    end: 0x03bff,
    memory: MemoryClass.Sram,
    writable: true,
    loadable: true,
  },
  {
    name: 'FRAM (lower)',
    start: 0x04000,
    end: 0x0ff7f,
    memory: MemoryClass.Fram,
    writable: true,
    loadable: true,
  },
  {
    name: 'Signatures',
    start: 0x0ff80,
    end: 0x0ff8f,
    memory: MemoryClass.Fram,
    writable: true,
    loadable: true,
  },
  {
    name: 'Vectors',
    start: 0x0ff90,
    end: 0x0ffff,
    memory: MemoryClass.Fram,
    writable: true,
    loadable: true,
  },
  {
    name: 'FRAM (upper)',
    start: 0x10000,
    end: 0x43fff,
    memory: MemoryClass.Fram,
    writable: true,
    loadable: true,
  },
];

/**
 * Peripheral file map: every FR5994 block by the name TI's `msp430fr5994_symbols.ld` (msp430-gcc
 * support files 1.204) gives its register section, from its first to its last register byte
 * there; DMA keeps channel 5's whole 16-byte slot (0x0560–0x056F). The bus names an access to a
 * block address no peripheral answers; the peripheral set models some blocks and puts a
 * placeholder on every other one. Checked against msp430x.md §9 and docs/peripherals.md.
 */
export const FR5994_PERIPHERAL_BLOCKS: readonly PeripheralBlock[] = [
  { name: 'SFR', start: 0x0100, end: 0x0105 },
  { name: 'PMM', start: 0x0120, end: 0x0131 },
  { name: 'FRCTL_A', start: 0x0140, end: 0x0147 },
  { name: 'CRC16', start: 0x0150, end: 0x0157 },
  { name: 'RAMCTL', start: 0x0158, end: 0x0159 },
  { name: 'WDT_A', start: 0x015c, end: 0x015d },
  { name: 'CS', start: 0x0160, end: 0x016d },
  { name: 'SYS', start: 0x0180, end: 0x019f },
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
  { name: 'MPY32', start: 0x04c0, end: 0x04ed },
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

/** Interrupt vectors, `msp430fr5994.ld`; the highest address has the highest priority. */
const VECTORS: Readonly<Record<string, number>> = {
  RESET: 0xfffe,
  SYSNMI: 0xfffc,
  UNMI: 0xfffa,
  COMP_E: 0xfff8,
  TIMER0_B0: 0xfff6,
  TIMER0_B1: 0xfff4,
  WDT: 0xfff2,
  EUSCI_A0: 0xfff0,
  EUSCI_B0: 0xffee,
  ADC12_B: 0xffec,
  TIMER0_A0: 0xffea,
  TIMER0_A1: 0xffe8,
  EUSCI_A1: 0xffe6,
  DMA: 0xffe4,
  TIMER1_A0: 0xffe2,
  TIMER1_A1: 0xffe0,
  PORT1: 0xffde,
  TIMER2_A0: 0xffdc,
  TIMER2_A1: 0xffda,
  PORT2: 0xffd8,
  TIMER3_A0: 0xffd6,
  TIMER3_A1: 0xffd4,
  PORT3: 0xffd2,
  PORT4: 0xffd0,
  RTC_C: 0xffce,
  AES256: 0xffcc,
  TIMER4_A0: 0xffca,
  TIMER4_A1: 0xffc8,
  PORT5: 0xffc6,
  PORT6: 0xffc4,
  EUSCI_A2: 0xffc2,
  EUSCI_A3: 0xffc0,
  EUSCI_B1: 0xffbe,
  EUSCI_B2: 0xffbc,
  EUSCI_B3: 0xffba,
  PORT7: 0xffb8,
  PORT8: 0xffb6,
  LEA: 0xffb4,
};

/**
 * The FR5994 chip config. Throws `RangeError` when `options` ask for an organisation no cache
 * could have (e.g. 3 ways of 4 lines) or name a field that does not exist.
 */
export function fr5994(options: Fr5994Options = {}): ChipConfig {
  // Checked here, not when a machine builds the peripherals, so the caller's mistake surfaces
  // where it was made.
  const framCache = framCacheConfig(options.framCache);
  return {
    name: 'MSP430FR5994',
    memory: { regions: REGIONS, peripheralBlocks: FR5994_PERIPHERAL_BLOCKS },
    vectors: VECTORS,
    nonMaskableVectors: [0xfffc, 0xfffa],
    stackTop: 0x3c00,
    resetMclkHz: 1_000_000,
    createPeripherals: (ctx, hooks) => {
      const p = createFr5994Peripherals(ctx, hooks, FR5994_PERIPHERAL_BLOCKS, { framCache });
      const frctl = p.frctl;
      return {
        all: p.all,
        fram: frctl,
        framWaits: () => frctl.waitStates > 0,
      };
    },
    clockSettings: clockSettingsFor,
    framCache,
  };
}
