/**
 * Argument descriptors and their placement under the MSP430 EABI (TI SLAA534A §3.4).
 *
 * Rules applied, in declared order:
 * - a 16-bit value (int, unsigned, pointer in the small data model) takes the first free register
 *   of R12, R13, R14, R15; a 20-bit pointer (`ptr20`, large data model) takes one register too;
 * - a 32-bit value takes the first free pair of consecutive registers, low word in the lower
 *   register; pairs need not be aligned (R12:R13, R13:R14, R14:R15);
 * - when a 32-bit value finds no pair but exactly one register is left (always R15) and nothing
 *   is on the stack yet, it is split: low word in R15, high word on the stack;
 * - anything else goes on the stack, in declared order at increasing addresses, low word first,
 *   in 16-bit slots (32-bit values are 2-byte aligned). A later argument that fits entirely in a
 *   free register still takes it (back-fill); no value is split once the stack is in use.
 * At the call the first stack word is at 0(SP); after CALL pushes the return address it is at
 * 2(SP) (4(SP) after CALLA).
 */

import { raise } from './errors.js';

export type ArgKind = 'i16' | 'u16' | 'ptr' | 'ptr20' | 'i32' | 'u32';

/** A typed argument. Build one with `i16`, `u16`, `ptr`, `ptr20`, `i32` or `u32`. */
export class Arg {
  constructor(
    readonly kind: ArgKind,
    /** The value as the caller gave it (a pointer's address). */
    readonly value: number,
  ) {}
}

/** Anything with a target address: buffers and structs from the memory helpers. */
export interface Addressable {
  readonly address: number;
}

/**
 * What `call` accepts per argument: a typed `Arg`, a plain number (a 16-bit value, signed or
 * unsigned), or a buffer (a 16-bit pointer to it).
 */
export type ArgInput = Arg | number | Addressable;

const RANGES: Readonly<Record<ArgKind, readonly [number, number]>> = {
  i16: [-0x8000, 0x7fff],
  u16: [0, 0xffff],
  ptr: [0, 0xffff],
  ptr20: [0, 0xfffff],
  i32: [-0x80000000, 0x7fffffff],
  u32: [0, 0xffffffff],
};

function checked(kind: ArgKind, value: number): Arg {
  const [lo, hi] = RANGES[kind];
  if (!Number.isInteger(value) || value < lo || value > hi) {
    raise({
      kind: 'value',
      value,
      message: `${value} is not a valid ${kind} (${lo}..${hi})`,
    });
  }
  return new Arg(kind, value);
}

function addressOf(target: number | Addressable): number {
  return typeof target === 'number' ? target : target.address;
}

export const i16 = (value: number): Arg => checked('i16', value);
export const u16 = (value: number): Arg => checked('u16', value);
export const i32 = (value: number): Arg => checked('i32', value);
export const u32 = (value: number): Arg => checked('u32', value);
/** A 16-bit data pointer (small data model): the address must lie below 0x10000. */
export const ptr = (target: number | Addressable): Arg => checked('ptr', addressOf(target));
/** A 20-bit data pointer in one register (large data model, MSP430X). */
export const ptr20 = (target: number | Addressable): Arg => checked('ptr20', addressOf(target));

/** Normalises one `call` argument; `index` is 0-based and names the argument in messages. */
export function toArg(input: ArgInput, index: number): Arg {
  const bad = (message: string): never =>
    raise({ kind: 'argument', index, message: `argument ${index + 1}: ${message}` });
  if (typeof input === 'number') {
    if (!Number.isInteger(input) || input < -0x8000 || input > 0xffff) {
      return bad(
        `${input} does not fit a 16-bit register (-32768..65535); ` +
          'wrap it in i32() or u32() for a 32-bit argument',
      );
    }
    return new Arg(input < 0 ? 'i16' : 'u16', input);
  }
  if (input instanceof Arg) return input;
  if (input.address > 0xffff) {
    return bad(
      `a buffer at 0x${input.address.toString(16)} cannot be passed as a 16-bit pointer; ` +
        'use ptr20() for the large data model',
    );
  }
  return new Arg('ptr', input.address);
}

/** Where the arguments go: register values and the words to store from 0(SP) upwards. */
export interface ArgPlacement {
  /** Register number → value (16 bits, or 20 bits for `ptr20`). */
  readonly registers: ReadonlyMap<number, number>;
  /** Stack words, lowest address first. */
  readonly stack: readonly number[];
  /** Human-readable location per argument, e.g. `R13:R14` or `R15 + 0(SP)`. */
  readonly locations: readonly string[];
}

const FIRST_ARG_REGISTER = 12;
const ARG_REGISTERS = 4;

function isWide(kind: ArgKind): boolean {
  return kind === 'i32' || kind === 'u32';
}

/** Places typed arguments by the rules in this file's header. */
export function placeArguments(args: readonly Arg[]): ArgPlacement {
  const used = [false, false, false, false];
  const registers = new Map<number, number>();
  const stack: number[] = [];
  const locations: string[] = [];
  const regName = (i: number): string => `R${FIRST_ARG_REGISTER + i}`;
  const take = (i: number, value: number): void => {
    used[i] = true;
    registers.set(FIRST_ARG_REGISTER + i, value);
  };
  const onStack = (words: readonly number[]): string => {
    const at = `${2 * stack.length}(SP)`;
    stack.push(...words);
    return at;
  };

  for (const arg of args) {
    const v = arg.value;
    if (!isWide(arg.kind)) {
      const value = arg.kind === 'ptr20' ? v & 0xfffff : v & 0xffff;
      const i = used.indexOf(false);
      if (i >= 0) {
        take(i, value);
        locations.push(regName(i));
      } else {
        // A 20-bit pointer occupies a 32-bit slot in memory (SLAU132 data-type storage).
        const words = arg.kind === 'ptr20' ? [value & 0xffff, value >>> 16] : [value];
        locations.push(onStack(words));
      }
      continue;
    }
    const lo = v & 0xffff;
    const hi = (v >>> 16) & 0xffff;
    let pair = -1;
    for (let i = 0; i < ARG_REGISTERS - 1; i++) {
      if (!used[i] && !used[i + 1]) {
        pair = i;
        break;
      }
    }
    const free = used.filter((u) => !u).length;
    if (pair >= 0) {
      take(pair, lo);
      take(pair + 1, hi);
      locations.push(`${regName(pair)}:${regName(pair + 1)}`);
    } else if (free === 1 && stack.length === 0) {
      const i = used.indexOf(false);
      take(i, lo);
      locations.push(`${regName(i)} + ${onStack([hi])}`);
    } else {
      locations.push(onStack([lo, hi]));
    }
  }
  return { registers, stack, locations };
}

/** How a call's result is read: R12, or R12 (low) : R13 (high) for 32-bit types. */
export type ReturnKind = 'i16' | 'u16' | 'ptr' | 'ptr20' | 'i32' | 'u32' | 'void';

/** The value `returns` asks for, read from R12/R13. */
export function readReturn(kind: ReturnKind, r12: number, r13: number): number | undefined {
  switch (kind) {
    case 'void':
      return undefined;
    case 'i16':
      return ((r12 & 0xffff) << 16) >> 16;
    case 'u16':
    case 'ptr':
      return r12 & 0xffff;
    case 'ptr20':
      return r12 & 0xfffff;
    case 'i32':
      return ((r13 & 0xffff) << 16) | (r12 & 0xffff);
    case 'u32':
      return (((r13 & 0xffff) << 16) | (r12 & 0xffff)) >>> 0;
  }
}
