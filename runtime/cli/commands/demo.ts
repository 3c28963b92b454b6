/**
 * `unit430 demo` (what `npm start` runs): the fully connected head of the UnIT paper's MNIST
 * model in every pruning configuration on the emulated FR5994 at 16 MHz, as a table of MACs,
 * cycles, time and energy, followed by the list of commands.
 */

import Table from 'cli-table3';

import { DEMO_MCLK_HZ, runDemo as measure, type DemoRow } from '../../demo/dense-head.js';
import { kernelSources } from '../../kernels/sources.js';
import type { CliCommand, CommandInfo } from '../command.js';
import { ExitCode, type Io } from '../io.js';

function resultsTable(rows: readonly DemoRow[], tty: boolean): string {
  const table = new Table({
    head: [
      'configuration',
      'multiply',
      'MACs run',
      'skipped',
      'cycles',
      'µs',
      'nJ',
      'Δout',
      'twin',
    ],
    style: tty ? { head: ['cyan'], compact: true } : { head: [], border: [], compact: true },
    colAligns: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
  });
  for (const r of rows) {
    table.push([
      r.configuration,
      r.backEnd === 'mpy32' ? 'MPY32' : 'software',
      r.executedMacs,
      r.skippedMacs,
      r.cycles,
      r.microseconds.toFixed(1),
      r.energyNj.toFixed(0),
      r.maxOutputError,
      r.matchesTwin ? 'equal' : 'DIFFERS',
    ]);
  }
  return table.toString();
}

function commandList(commands: readonly CommandInfo[]): string[] {
  const width = Math.max(...commands.map((c) => c.name.length));
  return commands.map((c) => `  unit430 ${c.name.padEnd(width)}  ${c.summary}`);
}

export function runDemo(commands: readonly CommandInfo[], io: Io, tty: boolean): ExitCode {
  const rows = measure(kernelSources());
  io.out(
    [
      'unit430: a cycle-accurate MSP430FR5994 emulator for UnIT inference kernels.',
      '',
      `A 256 → 10 dense layer (the MNIST head of the UnIT paper's model) at ${DEMO_MCLK_HZ / 1e6} MHz,`,
      'Q10.5, synthetic seeded weights and ReLU-like activations (half of them zero). Each row is',
      'the assembly kernel on the emulated chip; "twin" compares it bit for bit with its TypeScript',
      'reference, "Δout" is the largest output change from the unpruned layer in Q10.5 steps.',
      '',
      resultsTable(rows, tty),
      '',
      'Commands:',
      ...commandList(commands),
      '',
      "Run 'unit430 <command> --help' for a command's options.",
      '',
    ].join('\n'),
  );
  return rows.every((r) => r.matchesTwin) ? ExitCode.Ok : ExitCode.Failed;
}

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'run the bundled UnIT demo layer in every pruning configuration',
  register: (yargs, context) =>
    yargs.command(
      'demo',
      demoCommand.summary,
      (y) => y,
      () =>
        context.setExitCode(runDemo(context.commands, context.io, process.stdout.isTTY === true)),
    ),
};
