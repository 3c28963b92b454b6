/**
 * A program loaded into an emulated MSP430FR5994 for kernel tests, and `call`: run one function
 * under the MSP430 EABI (TI SLAA534A §3) and report its result, cycles and energy, checking the
 * ABI rules on the way.
 *
 * Browser-safe: programs come in as assembly text, image bytes or memory images; reading files
 * is in ./node.ts.
 *
 * A call, step by step:
 * 1. Arguments go to R12–R15 and the stack (./args.ts); R4–R10 get marker values
 *    (0x4444 … 0xAAAA), R11 and unused argument registers 0, SR = 0 (GIE off, no LPM).
 * 2. The stack: stack arguments end at the top of the stack region; below them the return
 *    address (CALL: one word; CALLA: two words) points at a stop stub, a `bis #0x10, r2` in FRAM
 *    that never runs, because the run stops at a breakpoint on its address.
 * 3. PC = the callee's entry; the machine runs until PC reaches the stub.
 * 4. Cycles and instructions count everything executed from the callee's first instruction to
 *    its return, both included: the RET/RETA is counted, the CALL is not (the harness enters the
 *    callee directly, as if CALL had just run). A real call site adds its CALL: 4 cycles for
 *    `call #f`, 5 for `calla #f` (UG367 Tables 4-9 and 4-17), plus argument set-up.
 * 5. Checks, in this order: CPU fault, the cycle budget, SP below the stack region (any
 *    instruction), a return with SP not at the return address, strict-mode writes, and after the
 *    return R4–R10 against their markers and SP against its value before the call.
 */

import { assemble, type Assembly } from '../../emulator/asm/index.js';
import { type FormatOptions, symbolMap } from '../../emulator/asm/disassembler.js';
import { fr5994 } from '../../emulator/chips/fr5994.js';
import { Access, type AccessSize } from '../../emulator/bus/bus.js';
import { SHF_ALLOC, SHF_WRITE, SHT_NOBITS, PT_LOAD } from '../../emulator/image/elf-format.js';
import type { ElfImage } from '../../emulator/image/elf-format.js';
import { readImage } from '../../emulator/image/index.js';
import type { ImageSymbol, MemoryImage } from '../../emulator/image/image.js';
import { Mode, Op, type Instruction } from '../../emulator/isa/index.js';
import { Machine, type RunResult } from '../../emulator/machine/machine.js';
import { WDTCTL, WDTHOLD, WDTPW } from '../../emulator/peripherals/wdt.js';
import { fail, ok, type Result } from '../../emulator/result.js';
import {
  type Arg,
  type ArgInput,
  placeArguments,
  readReturn,
  type ReturnKind,
  toArg,
} from './args.js';
import type { EnergyModel } from '../../emulator/energy/index.js';
import { createEnergyMeter, type EnergyMeter } from './energy.js';
import { disassembleAt, hex, type KernelProblem, KernelTestError, raise } from './errors.js';
import {
  Allocator,
  type ElementKind,
  type ElementTypes,
  elementSize,
  kindOfArray,
  type Range,
  REGION_BOUNDS,
  type RegionName,
  type StructInput,
  type StructLayout,
  structLayout,
  type StructSchema,
  StructBuffer,
  subtractRanges,
  TypedBuffer,
} from './memory.js';

// ---- options and results ---------------------------------------------------------------------

export interface StackOptions {
  /** One past the highest stack byte (default 0x3C00, the top of SRAM). Must be even. */
  readonly top?: number;
  /** Bytes (default 1024). SP below `top - size` is a stack overflow. */
  readonly size?: number;
}

export interface LoadOptions {
  /** Name used in assembler messages (default `program.s`) and for image format detection. */
  readonly fileName?: string;
  /** Start address per section (assembly only). */
  readonly sectionStarts?: Readonly<Record<string, number>>;
  /** Files `.include` may name, by path as written (assembly only; browser-safe). */
  readonly includes?: Readonly<Record<string, string>>;
  /** Reads an included file (assembly only); tried after `includes`. */
  readonly readInclude?: (path: string, fromFile: string) => string | undefined;
  /** Absolute symbols defined before the first line (assembly only). */
  readonly defines?: Readonly<Record<string, number>>;
  readonly stack?: StackOptions;
  /** Program CS and FRAM wait states for this MCLK, as start-up code would (default 1 MHz). */
  readonly mclkHz?: number;
  /** Default of `CallOptions.strict` for every call. */
  readonly strict?: boolean;
  /** Default of `CallOptions.maxCycles` for every call. */
  readonly maxCycles?: number;
}

/** A program as assembly text, image bytes (ELF, Intel HEX, TI-TXT), an image or an assembly. */
export type ProgramInput = string | Uint8Array | MemoryImage | Assembly;

export interface CallOptions<R extends ReturnKind = ReturnKind> {
  /** How to read the result: R12 (16-bit kinds) or R12:R13 (32-bit kinds). Default 'i16'. */
  readonly returns?: R;
  /** Cycle budget of the call (default 10,000,000). */
  readonly maxCycles?: number;
  /**
   * Strict mode: a write to memory outside the test's buffers, the stack region, the program's
   * own writable sections (.data, .bss, …) and `allowWrites` is an error. Peripheral registers
   * (0x0020–0x0FFF) may always be written.
   */
  readonly strict?: boolean;
  /** Extra ranges strict mode accepts. */
  readonly allowWrites?: readonly Range[];
  /** 'call' (default): 16-bit return address, callee ends with RET. 'calla': 20-bit, RETA. */
  readonly convention?: 'call' | 'calla';
  /** Name of the callee in messages (default: the symbol, or the address in hex). */
  readonly name?: string;
}

export interface CallResult<R extends ReturnKind = 'i16'> {
  /** The callee's name as used in messages. */
  readonly name: string;
  /** The return value typed by `returns`; undefined for 'void'. */
  readonly value: R extends 'void' ? undefined : number;
  /** MCLK cycles from the callee's first instruction to its RET/RETA, both included. */
  readonly cycles: number;
  readonly instructions: number;
  /** Energy of the same span in nJ (emulator/energy, FR5994 at 3.0 V). */
  readonly energyNj: number;
  /** The energy model of the call, detached: `breakdown()` splits `energyNj` by cause. */
  readonly energy: EnergyModel;
  /** R0–R15 after the return (PC = the stop stub). */
  readonly registers: readonly number[];
}

export interface BufferOptions {
  /** Default 'sram'. */
  readonly region?: RegionName;
  /** Byte alignment, a power of two (default 2; 1 is allowed for byte arrays). */
  readonly align?: number;
  /** Name in messages (default `buffer1`, `buffer2`, …). */
  readonly name?: string;
}

// ---- constants -------------------------------------------------------------------------------

const DEFAULT_MAX_CYCLES = 10_000_000;
const DEFAULT_STACK: Required<StackOptions> = { top: 0x3c00, size: 1024 };
const SP = 1;
const CALLEE_SAVED = [4, 5, 6, 7, 8, 9, 10] as const;
/** Marker values for R4–R10, readable in messages: R7 holds 0x7777, R10 0xAAAA. */
const MARKER = (r: number): number => 0x1111 * r;
/** Peripheral registers: writes there are I/O, not data (msp430x.md §7.1). */
const PERIPHERALS: Range = { start: 0x0020, end: 0x1000 };
/** `bis #0x10, r2`: LPM0 with GIE off; the stop stub, never executed. */
const STOP_STUB = [0xd032, 0x0010];
const WRITABLE_SECTION = /^\.(data|bss|noinit|persistent)/;

// ---- loading ---------------------------------------------------------------------------------

function isAssembly(input: MemoryImage | Assembly): input is Assembly {
  return 'image' in input && 'sections' in input;
}

function isElfImage(image: MemoryImage): image is ElfImage {
  return 'elf' in image;
}

function assembleText(source: string, options: LoadOptions): Assembly {
  const includes = options.includes ?? {};
  const readInclude = (path: string, fromFile: string): string | undefined =>
    includes[path] ?? options.readInclude?.(path, fromFile);
  const result = assemble(source, {
    fileName: options.fileName ?? 'program.s',
    readInclude,
    ...(options.sectionStarts ? { sectionStarts: { ...options.sectionStarts } } : {}),
    ...(options.defines ? { defines: { ...options.defines } } : {}),
  });
  if (result.ok) return result.value;
  throw new KernelTestError(
    result.errors.map((e) => ({
      kind: 'load',
      file: e.file,
      line: e.line,
      column: e.column,
      message:
        `${e.file}:${e.line}:${e.column}: ${e.message}` +
        (e.expected === undefined ? '' : ` (expected ${e.expected})`),
    })),
  );
}

/**
 * Loads a program into a fresh FR5994: assembly source text, image bytes, a memory image or an
 * assembly. Throws KernelTestError (kind 'load') when it cannot.
 */
export function loadProgram(input: ProgramInput, options: LoadOptions = {}): Program {
  if (typeof input === 'string') return new Program(assembleText(input, options), options);
  if (input instanceof Uint8Array) {
    const image = readImage(input, options.fileName);
    if (!image.ok) {
      throw new KernelTestError(
        image.errors.map((e) => ({
          kind: 'load',
          message: `${options.fileName ?? 'image'}: ${e.message}`,
          ...(options.fileName === undefined ? {} : { file: options.fileName }),
        })),
      );
    }
    return new Program(image.value, options);
  }
  return new Program(input, options);
}

interface ProgramRanges {
  /** Every byte the program occupies, .bss included. */
  readonly used: readonly Range[];
  /** The part a program may write: SRAM, and sections named .data, .bss, .noinit, .persistent. */
  readonly writable: readonly Range[];
}

function inSram(r: Range): boolean {
  return r.start >= REGION_BOUNDS.sram.start && r.end <= REGION_BOUNDS.sram.end;
}

function programRanges(input: MemoryImage | Assembly): ProgramRanges {
  const used: Range[] = [];
  const writable: Range[] = [];
  const add = (start: number, size: number, write: boolean): void => {
    if (size <= 0) return;
    const r = { start, end: start + size };
    used.push(r);
    if (write || inSram(r)) writable.push(r);
  };
  const image = isAssembly(input) ? input.image : input;
  for (const s of image.segments)
    add(s.address, s.data.length, WRITABLE_SECTION.test(s.name ?? ''));
  if (isAssembly(input)) {
    for (const s of input.sections) add(s.address, s.size, WRITABLE_SECTION.test(s.name));
  }
  if (isElfImage(image)) {
    for (const s of image.elf.sections) {
      if ((s.flags & SHF_ALLOC) !== 0) add(s.address, s.size, (s.flags & SHF_WRITE) !== 0);
    }
  }
  return { used, writable };
}

// ---- the program -----------------------------------------------------------------------------

interface Violation {
  readonly problem: KernelProblem;
}

/** A loaded program: symbols, target memory helpers and `call`. */
export class Program {
  readonly machine: Machine;
  readonly image: MemoryImage;
  /** Symbols by name (first definition wins). */
  readonly symbols: ReadonlyMap<string, ImageSymbol>;
  /** The stack region [start, end): SP starts at `end` and must stay at or above `start`. */
  readonly stack: Range;

  private readonly allocator: Allocator;
  private readonly writable: readonly Range[];
  private readonly stub: number;
  private readonly mclkHz: number | undefined;
  private readonly defaults: { readonly strict: boolean; readonly maxCycles: number };
  private readonly energy: EnergyMeter;
  private readonly names: FormatOptions;
  private buffers: { readonly name: string; readonly range: Range }[] = [];
  private counter = 0;
  private dirty = false;

  constructor(input: MemoryImage | Assembly, options: LoadOptions = {}) {
    this.image = isAssembly(input) ? input.image : input;
    const symbols = new Map<string, ImageSymbol>();
    for (const s of this.image.symbols) {
      if (s.kind !== 'section' && s.kind !== 'file' && !symbols.has(s.name)) symbols.set(s.name, s);
    }
    this.symbols = symbols;
    this.names = { symbols: symbolMap(this.image), labels: symbolMap(this.image, true) };
    this.mclkHz = options.mclkHz;
    this.defaults = {
      strict: options.strict ?? false,
      maxCycles: options.maxCycles ?? DEFAULT_MAX_CYCLES,
    };

    const top = options.stack?.top ?? DEFAULT_STACK.top;
    const size = options.stack?.size ?? DEFAULT_STACK.size;
    this.stack = { start: top - size, end: top };
    const ranges = programRanges(input);
    this.writable = ranges.writable;
    this.checkStack(ranges.used);

    this.machine = new Machine(fr5994());
    const loaded = this.machine.load(this.image);
    if (!loaded.ok) {
      throw new KernelTestError(
        loaded.errors.map((e) => ({
          kind: 'load',
          message: `cannot load the image: ${e.message}`,
        })),
      );
    }
    if (isElfImage(this.image)) this.initialiseElfData(this.image);

    // The stop stub takes the first free FRAM word pair; buffers never get it.
    const taken = [...ranges.used, this.stack];
    const framFree = subtractRanges(REGION_BOUNDS.fram, taken);
    this.stub = new Allocator({ sram: [], fram: framFree, hifram: [] }).allocate(
      'fram',
      4,
      2,
      'the stop stub',
    );
    this.machine.writeBytes(this.stub, wordsToBytes(STOP_STUB));
    this.allocator = new Allocator({
      sram: subtractRanges(REGION_BOUNDS.sram, taken),
      fram: subtractRanges(REGION_BOUNDS.fram, [
        ...taken,
        { start: this.stub, end: this.stub + 4 },
      ]),
      hifram: subtractRanges(REGION_BOUNDS.hifram, taken),
    });
    this.energy = createEnergyMeter(this.machine, this.image.symbols);
    this.prepareMachine();
  }

  private checkStack(used: readonly Range[]): void {
    const { start, end } = this.stack;
    const bad = (why: string): never =>
      raise({ kind: 'load', message: `stack region ${hex(start)}–${hex(end - 1)}: ${why}` });
    if (start < REGION_BOUNDS.sram.start || end > REGION_BOUNDS.sram.end || start >= end) {
      bad('must be a non-empty range inside SRAM (0x1c00–0x3bff)');
    }
    if (end % 2 !== 0) bad('the top must be even');
    const overlap = used.find((r) => r.start < end && r.end > start);
    if (overlap) bad(`overlaps the program at ${hex(overlap.start)}–${hex(overlap.end - 1)}`);
  }

  /**
   * What crt0 does before main: copy each PT_LOAD segment stored at a different load address
   * (.data kept in FRAM) to its run address, and clear NOBITS sections (.bss).
   */
  private initialiseElfData(image: ElfImage): void {
    for (const ph of image.elf.programHeaders) {
      if (ph.type !== PT_LOAD || ph.fileSize === 0) continue;
      if (ph.virtualAddress === ph.physicalAddress) continue;
      const bytes = this.machine.readBytes(ph.physicalAddress, ph.fileSize);
      this.machine.writeBytes(ph.virtualAddress, bytes);
    }
    for (const s of image.elf.sections) {
      if (s.type === SHT_NOBITS && (s.flags & SHF_ALLOC) !== 0 && s.size > 0) {
        this.machine.writeBytes(s.address, new Uint8Array(s.size));
      }
    }
  }

  /** Stop the watchdog and set the clock, as start-up code does (after load and every reset). */
  private prepareMachine(): void {
    this.machine.bus.write16(WDTCTL, WDTPW | WDTHOLD);
    if (this.mclkHz !== undefined) {
      const clock = this.machine.configureClock(this.mclkHz);
      if (!clock.ok) {
        raise({
          kind: 'load',
          message: `cannot run MCLK at ${this.mclkHz} Hz: ${clock.errors[0]}`,
        });
      }
    }
    this.machine.bus.waitCycles = 0;
  }

  // ---- symbols -------------------------------------------------------------------------------

  /** Address of a symbol; throws (kind 'symbol') naming similar symbols when it is unknown. */
  address(name: string): number {
    const s = this.symbols.get(name);
    if (s !== undefined) return s.address;
    const lower = name.toLowerCase();
    const similar = [...this.symbols.keys()]
      .filter((k) => {
        const l = k.toLowerCase();
        return l.includes(lower) || lower.includes(l) || l.slice(0, 3) === lower.slice(0, 3);
      })
      .slice(0, 5);
    return raise({
      kind: 'symbol',
      name,
      message:
        `no symbol ${name} in the program` +
        (similar.length > 0 ? ` (similar: ${similar.join(', ')})` : ''),
    });
  }

  // ---- memory --------------------------------------------------------------------------------

  /**
   * Reserve a typed array in SRAM (default) or FRAM, zero-filled or holding `init`. `init` is a
   * length, or the values (numbers or a typed array of the same kind).
   */
  alloc<K extends ElementKind>(
    kind: K,
    init: number | ArrayLike<number>,
    options: BufferOptions = {},
  ): TypedBuffer<K> {
    const length = typeof init === 'number' ? init : init.length;
    const name = options.name ?? `buffer${++this.counter}`;
    const region = options.region ?? 'sram';
    const bytes = Math.max(length * elementSize(kind), 1);
    const align = options.align ?? 2;
    const address = this.allocator.allocate(region, bytes, align, name);
    this.buffers.push({ name, range: { start: address, end: address + bytes } });
    this.machine.writeBytes(address, new Uint8Array(bytes));
    const buffer = new TypedBuffer(this.machine, kind, name, address, length, region);
    if (typeof init !== 'number') buffer.write(init);
    return buffer;
  }

  /** Reserve a typed array holding a copy of `values`; the kind follows the array type. */
  allocArray<A extends ElementTypes[ElementKind]>(
    values: A,
    options: BufferOptions = {},
  ): TypedBuffer<ElementKind> {
    return this.alloc(kindOfArray(values), values, options);
  }

  /** Reserve a struct laid out by `structLayout`, optionally writing `init`. */
  allocStruct<S extends StructSchema>(
    schema: S | StructLayout<S>,
    init: Partial<StructInput<S>> = {},
    options: BufferOptions = {},
  ): StructBuffer<S> {
    const layout = isLayout(schema) ? schema : structLayout(schema);
    const name = options.name ?? `struct${++this.counter}`;
    const region = options.region ?? 'sram';
    const size = Math.max(layout.size, 2);
    const address = this.allocator.allocate(region, size, options.align ?? 2, name);
    this.buffers.push({ name, range: { start: address, end: address + size } });
    this.machine.writeBytes(address, new Uint8Array(size));
    const struct = new StructBuffer(this.machine, layout, name, address, region);
    struct.write(init);
    return struct;
  }

  /** A typed view of a program's own object (e.g. a global array), by symbol. */
  view<K extends ElementKind>(kind: K, symbol: string, length?: number): TypedBuffer<K> {
    const address = this.address(symbol);
    const size = this.symbols.get(symbol)?.size;
    const count = length ?? (size === undefined ? 1 : Math.floor(size / elementSize(kind)));
    const region: RegionName =
      address >= REGION_BOUNDS.hifram.start
        ? 'hifram'
        : address >= REGION_BOUNDS.fram.start
          ? 'fram'
          : 'sram';
    return new TypedBuffer(this.machine, kind, symbol, address, count, region);
  }

  /** Release every buffer and struct; their memory is reused by later allocations. */
  freeBuffers(): void {
    this.allocator.reset();
    this.buffers = [];
  }

  /** Bytes still free for buffers in a region. */
  available(region: RegionName): number {
    return this.allocator.available(region);
  }

  // ---- calls ---------------------------------------------------------------------------------

  /** Calls `target` and returns its result; throws KernelTestError on any problem. */
  call<R extends ReturnKind = 'i16'>(
    target: string | number,
    args: readonly ArgInput[] = [],
    options: CallOptions<R> = {},
  ): CallResult<R> {
    const result = this.tryCall(target, args, options);
    if (!result.ok) throw new KernelTestError(result.errors);
    return result.value;
  }

  /** Like `call`, but returns the problems instead of throwing. */
  tryCall<R extends ReturnKind = 'i16'>(
    target: string | number,
    args: readonly ArgInput[] = [],
    options: CallOptions<R> = {},
  ): Result<CallResult<R>, KernelProblem> {
    try {
      return this.run(target, args, options);
    } catch (e) {
      if (e instanceof KernelTestError) return fail(...e.problems);
      throw e;
    }
  }

  private run<R extends ReturnKind>(
    target: string | number,
    inputs: readonly ArgInput[],
    options: CallOptions<R>,
  ): Result<CallResult<R>, KernelProblem> {
    const entry = typeof target === 'number' ? target : this.address(target);
    const name = options.name ?? (typeof target === 'string' ? target : hex(target));
    const args: Arg[] = inputs.map((a, i) => toArg(a, i));
    const placement = placeArguments(args);
    const convention = options.convention ?? 'call';
    const maxCycles = options.maxCycles ?? this.defaults.maxCycles;
    const strict = options.strict ?? this.defaults.strict;
    const m = this.machine;

    if (this.dirty) {
      m.reset();
      this.prepareMachine();
      this.dirty = false;
    }

    // Registers: markers in R4–R10, zero in R11–R15, then the arguments; SR = 0.
    for (let r = 4; r <= 15; r++) m.setRegister(r, r <= 10 ? MARKER(r) : 0);
    for (const [r, v] of placement.registers) m.setRegister(r, v);
    m.setRegister(2, 0);

    // Stack: arguments at the top, the return address below them.
    const frameSp = this.stack.end - 2 * placement.stack.length;
    const returnSize = convention === 'calla' ? 4 : 2;
    const returnSlot = frameSp - returnSize;
    if (returnSlot < this.stack.start) {
      raise({
        kind: 'argument',
        index: args.length - 1,
        message:
          `${name}: ${2 * placement.stack.length} bytes of stack arguments do not fit the ` +
          `${this.stack.end - this.stack.start}-byte stack region`,
      });
    }
    m.writeBytes(frameSp, wordsToBytes(placement.stack));
    const returnWords =
      convention === 'calla' ? [this.stub & 0xffff, this.stub >>> 16] : [this.stub];
    m.writeBytes(returnSlot, wordsToBytes(returnWords));
    m.setRegister(SP, returnSlot);
    m.setEntry(entry);

    // Observers: return tracking and stack checks per instruction, writes on the bus.
    const found: { violation: Violation | null } = { violation: null };
    let pendingWrite: { address: number; size: number } | null = null;
    let depth = 0;
    const allowed = strict ? this.allowedWrites(options.allowWrites ?? []) : null;
    const stop = (problem: KernelProblem): void => {
      if (found.violation !== null) return;
      found.violation = { problem };
      m.requestExit(0);
    };
    const removeBus = m.onAccess({
      access: (kind, address, size) => {
        if (kind !== Access.Write || allowed === null || pendingWrite !== null) return;
        const bytes = accessBytes(size);
        if (!allowed.some((r) => address >= r.start && address + bytes <= r.end)) {
          pendingWrite = { address, size: bytes };
        }
      },
    });
    const removeInstruction = m.on('instruction', ({ pc, ins }) => {
      if (found.violation !== null) return;
      const sp = m.register(SP);
      if (sp < this.stack.start) {
        stop({
          kind: 'stack-overflow',
          sp,
          limit: this.stack.start,
          pc,
          instruction: this.disassemble(pc),
          message:
            `${name} overflowed its stack: SP = ${hex(sp)} after ${hex(pc)}: ` +
            `${this.disassemble(pc)}, below the stack region ${hex(this.stack.start)}–` +
            `${hex(this.stack.end - 1)} (${this.stack.end - this.stack.start} bytes; ` +
            'loadProgram option stack.size)',
        });
        return;
      }
      if (pendingWrite !== null) {
        const w: { address: number; size: number } = pendingWrite;
        const text = this.disassemble(pc);
        stop({
          kind: 'write',
          address: w.address,
          size: w.size,
          pc,
          instruction: text,
          message:
            `${name} wrote ${w.size} byte${w.size === 1 ? '' : 's'} at ${hex(w.address)}, ` +
            `outside its buffers, stack and the program's data (strict mode), at ` +
            `${hex(pc)}: ${text}`,
        });
        return;
      }
      const op = ins.form.op;
      if (op === Op.CALL || op === Op.CALLA) {
        depth++;
      } else if (isReturn(ins)) {
        if (depth > 0) {
          depth--;
          return;
        }
        const used = op === Op.MOVA ? 4 : 2;
        const spAtReturn = sp - used;
        const mismatch =
          (op === Op.MOVA) !== (convention === 'calla')
            ? `it returned with ${op === Op.MOVA ? 'RETA' : 'RET'}, but was called with ` +
              `${convention === 'calla' ? 'CALLA' : 'CALL'} (CallOptions.convention)`
            : spAtReturn !== returnSlot
              ? spAtReturn < returnSlot
                ? `it pushed ${returnSlot - spAtReturn} bytes more than it popped`
                : `it popped ${spAtReturn - returnSlot} bytes more than it pushed`
              : null;
        if (mismatch !== null) {
          stop({
            kind: 'stack-pointer',
            expected: returnSlot,
            actual: spAtReturn,
            pc,
            message:
              `${name} did not restore SP before returning: SP = ${hex(spAtReturn)} at ` +
              `${hex(pc)}: ${this.disassemble(pc)}, but the return address is at ` +
              `${hex(returnSlot)}; ${mismatch}`,
          });
        }
      }
    });

    const cycles0 = m.cycles;
    const instructions0 = m.instructions;
    this.energy.start();
    let run: RunResult;
    let energy: EnergyModel;
    try {
      run = m.run({ maxCycles, breakpoints: [this.stub] });
    } finally {
      energy = this.energy.stop();
      removeInstruction();
      removeBus();
    }
    const cycles = m.cycles - cycles0;
    const instructions = m.instructions - instructions0;
    if (run.reason === 'exit') this.dirty = true;

    if (found.violation !== null) return fail(found.violation.problem);
    const problem = this.stopProblem(name, run, maxCycles, cycles);
    if (problem !== null) return fail(problem);

    const problems: KernelProblem[] = [];
    for (const r of CALLEE_SAVED) {
      const after = m.register(r);
      const before = MARKER(r);
      if (after !== before) {
        problems.push({
          kind: 'callee-saved',
          register: r,
          before,
          after,
          message:
            `${name} did not preserve R${r}: ${hex(before)} before, ${hex(after)} after ` +
            '(callee-saved R4–R10, SLAA534A §3.2.2)',
        });
      }
    }
    const sp = m.register(SP);
    if (sp !== frameSp) {
      problems.push({
        kind: 'stack-pointer',
        expected: frameSp,
        actual: sp,
        pc: run.pc,
        message: `${name} returned with SP = ${hex(sp)}, expected ${hex(frameSp)} (SLAA534A §3.2.2)`,
      });
    }
    if (problems.length > 0) return fail(...problems);

    const registers = m.registers();
    const returns = options.returns ?? 'i16';
    const value = readReturn(returns, m.register(12), m.register(13));
    return ok({
      name,
      value: value as CallResult<R>['value'],
      cycles,
      instructions,
      energyNj: energy.totalNj,
      energy,
      registers,
    });
  }

  private disassemble(pc: number): string {
    return disassembleAt(this.machine, pc, this.names);
  }

  private allowedWrites(extra: readonly Range[]): Range[] {
    return [
      PERIPHERALS,
      this.stack,
      ...this.writable,
      ...this.buffers.map((b) => b.range),
      ...extra,
    ];
  }

  private stopProblem(
    name: string,
    run: RunResult,
    maxCycles: number,
    cycles: number,
  ): KernelProblem | null {
    const m = this.machine;
    const pc = run.pc;
    switch (run.reason) {
      case 'breakpoint':
        return null;
      case 'fault': {
        const word = run.fault?.word ?? m.bus.peek16(pc);
        const instruction = this.disassemble(pc);
        const reason = run.fault?.reason ?? 'fault';
        return {
          kind: 'fault',
          pc,
          word,
          instruction,
          reason,
          message: `${name} hit a CPU fault at ${hex(pc)}: ${instruction} (${reason})`,
        };
      }
      case 'budget': {
        const instruction = this.disassemble(pc);
        return {
          kind: 'budget',
          maxCycles,
          pc,
          instruction,
          message:
            `${name} did not return within ${maxCycles} cycles (CallOptions.maxCycles); ` +
            `stopped after ${cycles} cycles at ${hex(pc)}: ${instruction}`,
        };
      }
      case 'halt':
        return {
          kind: 'halt',
          pc,
          message:
            `${name} stopped the CPU (low-power mode with interrupts off) before ${hex(pc)}, ` +
            'without returning',
        };
      case 'exit': {
        const code = run.exitCode ?? 0;
        return {
          kind: 'exit',
          code,
          pc,
          message: `${name} ended the run through the host port (exit code ${code}) before ${hex(pc)}`,
        };
      }
    }
  }
}

function isLayout<S extends StructSchema>(x: S | StructLayout<S>): x is StructLayout<S> {
  return Array.isArray((x as { fields?: unknown }).fields);
}

function isReturn(ins: Instruction): boolean {
  const { src, dst } = ins;
  const op = ins.form.op;
  return (
    (op === Op.MOV || op === Op.MOVA) &&
    src !== null &&
    src.mode === Mode.IndirectInc &&
    src.reg === SP &&
    dst !== null &&
    dst.mode === Mode.Register &&
    dst.reg === 0
  );
}

function accessBytes(size: AccessSize): number {
  return size === 8 ? 1 : size === 16 ? 2 : 4;
}

function wordsToBytes(words: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(2 * words.length);
  words.forEach((w, i) => {
    bytes[2 * i] = w & 0xff;
    bytes[2 * i + 1] = (w >> 8) & 0xff;
  });
  return bytes;
}
