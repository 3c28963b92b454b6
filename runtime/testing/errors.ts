/**
 * Problems the kernel-testing API reports, as typed values with the facts a test needs, and the
 * one error class that carries them.
 *
 * Every problem has a `message` that names what went wrong, where (PC, address, register) and,
 * for ABI rules, the rule and its source: callee-saved R4–R10 and SP are TI SLAA534A §3.2.2;
 * argument registers are §3.4.
 */

import { type FormatOptions, formatInstruction } from '../../emulator/asm/disassembler.js';
import { decode } from '../../emulator/isa/index.js';
import type { Machine } from '../../emulator/machine/machine.js';

export type KernelProblem =
  | {
      readonly kind: 'load';
      readonly message: string;
      readonly file?: string;
      readonly line?: number;
      readonly column?: number;
    }
  | { readonly kind: 'symbol'; readonly message: string; readonly name: string }
  | { readonly kind: 'argument'; readonly message: string; readonly index: number }
  | { readonly kind: 'value'; readonly message: string; readonly value: number }
  | {
      readonly kind: 'allocation';
      readonly message: string;
      readonly region: string;
      readonly size: number;
    }
  | {
      readonly kind: 'bounds';
      readonly message: string;
      readonly buffer: string;
      readonly start: number;
      readonly count: number;
      readonly length: number;
    }
  | {
      readonly kind: 'callee-saved';
      readonly message: string;
      readonly register: number;
      readonly before: number;
      readonly after: number;
    }
  | {
      readonly kind: 'stack-pointer';
      readonly message: string;
      readonly expected: number;
      readonly actual: number;
      readonly pc: number;
    }
  | {
      readonly kind: 'budget';
      readonly message: string;
      readonly maxCycles: number;
      readonly pc: number;
      readonly instruction: string;
    }
  | {
      readonly kind: 'write';
      readonly message: string;
      readonly address: number;
      readonly size: number;
      readonly pc: number;
      readonly instruction: string;
    }
  | {
      readonly kind: 'fault';
      readonly message: string;
      readonly pc: number;
      readonly word: number;
      readonly instruction: string;
      readonly reason: string;
    }
  | {
      readonly kind: 'stack-overflow';
      readonly message: string;
      readonly sp: number;
      readonly limit: number;
      readonly pc: number;
      readonly instruction: string;
    }
  | { readonly kind: 'halt'; readonly message: string; readonly pc: number }
  | {
      /** A layer the host could not prepare, lay out or run on the twin. */
      readonly kind: 'layer';
      readonly message: string;
      readonly field: string;
    }
  | {
      /** A kernel's counting label that breaks the label grammar (runtime/kernels). */
      readonly kind: 'count-label';
      readonly message: string;
      readonly label: string;
      readonly address?: number;
    }
  | { readonly kind: 'exit'; readonly message: string; readonly code: number; readonly pc: number };

export type KernelProblemKind = KernelProblem['kind'];

/**
 * Thrown by the testing API. `problems` holds every problem found (a callee can clobber several
 * registers at once); `message` lists them one per line, so a failing test shows all of them.
 */
export class KernelTestError extends Error {
  readonly problems: readonly KernelProblem[];

  constructor(problems: readonly KernelProblem[]) {
    super(problems.map((p) => p.message).join('\n'));
    this.name = 'KernelTestError';
    this.problems = problems;
  }

  /** The first problem (there is always at least one). */
  get problem(): KernelProblem {
    return this.problems[0]!;
  }

  get kind(): KernelProblemKind {
    return this.problem.kind;
  }
}

/** Throws a KernelTestError holding `problem`. */
export function raise(problem: KernelProblem): never {
  throw new KernelTestError([problem]);
}

/** `0x` + at least four hex digits (five for 20-bit values), as the disassembler prints. */
export function hex(value: number): string {
  const digits = value > 0xffff ? 5 : 4;
  return `0x${(value >>> 0).toString(16).padStart(digits, '0')}`;
}

/**
 * The instruction at `pc` as text (`.word 0x…` when it does not decode), with the program's
 * names for targets. Reads memory without side effects, so looking never disturbs the machine.
 */
export function disassembleAt(machine: Machine, pc: number, names: FormatOptions = {}): string {
  const decoded = decode((a) => machine.bus.peek16(a), pc);
  if (decoded.ok) return formatInstruction(decoded.value, pc, names);
  return `.word ${hex(decoded.errors[0]?.word ?? machine.bus.peek16(pc))}`;
}
