/**
 * The shape of a CLI command: a name and summary for help and the demo, and a function that
 * registers it with yargs. `main.ts` keeps the list of commands.
 */

import type { Argv } from 'yargs';

import type { ExitCode, Io } from './io.js';

export interface CommandInfo {
  readonly name: string;
  /** One line for `--help` and the command list. */
  readonly summary: string;
}

export interface CommandContext {
  readonly io: Io;
  /** Every registered command, for commands that list them. */
  readonly commands: readonly CommandInfo[];
  /** The handler's verdict; main returns it as the process exit code. */
  setExitCode(code: ExitCode): void;
}

export interface CliCommand extends CommandInfo {
  register(yargs: Argv, context: CommandContext): Argv;
}
