/**
 * unit430's command line: yargs with one module per command. To add a command, write
 * `commands/<name>.ts` exporting a `CliCommand` and add it to `COMMANDS`.
 * Exit codes are listed in `io.ts` and docs/cli.md.
 */

import yargs from 'yargs';

import type { CliCommand, CommandContext } from './command.js';
import { asmCommand } from './commands/asm.js';
import { demoCommand } from './commands/demo.js';
import { disasmCommand } from './commands/disasm.js';
import { profileCommand } from './commands/profile.js';
import { runCommand } from './commands/run.js';
import { errorLine, ExitCode, processIo, type Io } from './io.js';

const COMMANDS: readonly CliCommand[] = [
  asmCommand,
  disasmCommand,
  runCommand,
  profileCommand,
  demoCommand,
];

/** yargs rejected the command line; thrown from `.fail` so that no handler runs. */
class UsageFailure extends Error {}

/** Runs the command line `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  const context: CommandContext = {
    io,
    commands: COMMANDS,
    setExitCode: (code) => {
      exitCode = code;
    },
  };

  let parser = yargs([...argv])
    .scriptName('unit430')
    .usage('$0 <command> [options]')
    .strict()
    .demandCommand(1, 'name a command')
    .help()
    .alias('help', 'h')
    .version(false)
    .wrap(100)
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageFailure(message);
    });
  for (const command of COMMANDS) parser = command.register(parser, context);

  try {
    await parser.parseAsync();
  } catch (e) {
    if (e instanceof UsageFailure) {
      io.err(errorLine(io, 'unit430', e.message));
      io.err("Run 'unit430 --help' for the commands and their options.\n");
      // A known command used wrongly is a usage error; an unknown or missing command is not run.
      const known = COMMANDS.some((c) => c.name === argv[0]);
      return known ? ExitCode.Usage : ExitCode.Failed;
    }
    io.err(errorLine(io, 'unit430', `internal error: ${e instanceof Error ? e.stack : String(e)}`));
    return ExitCode.Internal;
  }
  return exitCode;
}
