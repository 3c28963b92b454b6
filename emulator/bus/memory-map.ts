/**
 * Memory-map description shared by the bus and the chip configurations.
 *
 * A chip lists its regions (UG367 §1.9 and the device data sheet's memory table) with a memory
 * class each; the bus turns the list into a per-address class table. Addresses are 20-bit byte
 * addresses, ranges are inclusive. Anything not covered by a region is vacant memory.
 */

/** What kind of memory answers an address; observers (energy, profiler) receive this number. */
export const MemoryClass = {
  /** Nothing there: reads 0x3FFF, writes ignored (UG367 §1.9). */
  Vacant: 0,
  /** SRAM-like storage without wait states (tiny RAM and SRAM). */
  Sram: 1,
  /** FRAM (main, info, TLV): wait states and read cache through the FRAM controller. */
  Fram: 2,
  /** Peripheral register space, answered by `Peripheral` objects. */
  Peripheral: 3,
  /** Boot-code ROM: after boot it behaves as vacant memory (UG367 §1.9). */
  Rom: 4,
} as const;
export type MemoryClass = (typeof MemoryClass)[keyof typeof MemoryClass];

export const MEMORY_CLASS_NAMES: readonly string[] = [
  'vacant',
  'sram',
  'fram',
  'peripheral',
  'rom',
];

export interface RegionSpec {
  /** Name as in the data sheet's memory table, e.g. `SRAM`, `FRAM (lower)`, `Vectors`. */
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly memory: MemoryClass;
  /** CPU writes change the contents (false: writes are ignored and reported). */
  readonly writable: boolean;
  /** A program image may place bytes here. */
  readonly loadable: boolean;
}

/** A peripheral block by name; used to name unmodelled accesses in the peripheral space. */
export interface PeripheralBlock {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

export interface MemoryMap {
  readonly regions: readonly RegionSpec[];
  /** Known blocks of the peripheral space, modelled or not. */
  readonly peripheralBlocks: readonly PeripheralBlock[];
}

/** The address space is 20 bits wide. */
export const ADDRESS_SPACE = 0x100000;
export const ADDRESS_MASK = 0xfffff;

/** Region that holds `address`, or undefined when it is vacant. */
export function regionAt(map: MemoryMap, address: number): RegionSpec | undefined {
  return map.regions.find((r) => address >= r.start && address <= r.end);
}

/** Peripheral block that holds `address`, or undefined. */
export function peripheralBlockAt(map: MemoryMap, address: number): PeripheralBlock | undefined {
  return map.peripheralBlocks.find((b) => address >= b.start && address <= b.end);
}
