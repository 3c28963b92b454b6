/**
 * The CLI's connection to the terminal: where text goes, whether it may be coloured, and the
 * exit codes every command shares (documented in docs/cli.md).
 *
 * Only `runtime/cli` writes to stdout/stderr or decides exit codes; library code returns typed
 * results and this layer turns them into lines.
 */

import { Chalk, type ChalkInstance } from 'chalk';

export const ExitCode = {
  /** The command did what was asked. */
  Ok: 0,
  /** The input has errors (assembly errors, a malformed image), or the command is unknown. */
  Failed: 1,
  /** A known command was used wrongly, or a file could not be read or written. */
  Usage: 2,
  /** An unexpected exception: a bug in unit430. */
  Internal: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface Io {
  /** Writes text to standard output as is (callers add line ends). */
  readonly out: (text: string) => void;
  /** Writes text to standard error as is. */
  readonly err: (text: string) => void;
  /** Colours for standard error: real colours on a TTY, plain text otherwise. */
  readonly errColour: ChalkInstance;
}

export function processIo(): Io {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    errColour: new Chalk({ level: process.stderr.isTTY ? 3 : 0 }),
  };
}

/** `0x` + `digits` hex digits (five by default: MSP430X addresses are 20 bits). */
export function hex(n: number, digits = 5): string {
  return `0x${n.toString(16).padStart(digits, '0')}`;
}

/** `where: error: message`, the compiler-style line editors and CI logs understand. */
export function errorLine(io: Io, where: string, message: string): string {
  const c = io.errColour;
  return `${c.bold(where)}: ${c.red.bold('error:')} ${message}\n`;
}
