/**
 * `unit430 demo` (what `npm start` runs): for now a short description of unit430 and the list of
 * commands; the guided demo arrives with the emulator's run loop.
 */

import type { CliCommand, CommandInfo } from '../command.js';
import { ExitCode, type Io } from '../io.js';

export function runDemo(commands: readonly CommandInfo[], io: Io): ExitCode {
  const width = Math.max(...commands.map((c) => c.name.length));
  const rows = commands.map((c) => `  unit430 ${c.name.padEnd(width)}  ${c.summary}`);
  io.out(
    [
      'unit430: a cycle-accurate MSP430X (MSP430FR5994) emulator for UnIT inference kernels.',
      '',
      'Commands:',
      ...rows,
      '',
      'Try:',
      '  npx unit430 asm kernels/examples/dot16.s -o dot16.hex',
      '  npx unit430 disasm dot16.hex',
      '',
      "Run 'unit430 <command> --help' for a command's options.",
      '',
    ].join('\n'),
  );
  return ExitCode.Ok;
}

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'describe unit430 and list the commands',
  register: (yargs, context) =>
    yargs.command(
      'demo',
      demoCommand.summary,
      (y) => y,
      () => context.setExitCode(runDemo(context.commands, context.io)),
    ),
};
