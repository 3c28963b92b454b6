/**
 * `unit430 run <image>`: run a program on the emulated MSP430FR5994 from reset until it halts
 * (LPM with GIE clear), exits through the host port, faults or uses up its cycle budget, and
 * report cycles, instructions and registers. Exit codes: docs/cli.md, section "run".
 */

import type { Argv } from 'yargs';

import { fr5994 } from '../../../emulator/chips/fr5994.js';
import { EnergyModel, type EnergyBreakdown } from '../../../emulator/energy/index.js';
import { Machine, type RunResult } from '../../../emulator/machine/machine.js';
import type { CliCommand } from '../command.js';
import { errorMessage, errorPlace, loadImage } from '../files.js';
import { errorLine, ExitCode, hex, type Io } from '../io.js';
import { WarningCollector, warningsText, type RunWarning } from '../warnings.js';

/** Exit codes of `run` beyond the shared ones (0 ok, 1 bad input, 2 usage, 3 internal). */
export const RunExit = {
  /** The program exited through the host port with a non-zero code. */
  ProgramFailed: 4,
  /** An undecodable instruction stopped the CPU. */
  Fault: 5,
  /** The cycle budget ran out first (a runaway or too-long program). */
  Budget: 6,
} as const;

export const DEFAULT_MAX_CYCLES = 1_000_000_000;

export interface RunArgs {
  readonly image: string;
  readonly json?: boolean | undefined;
  readonly mclk?: string | undefined;
  readonly maxCycles?: number | undefined;
  readonly entry?: string | undefined;
  /** false: no energy model (`--no-energy`): faster, `energyNj` null and no `energy`. */
  readonly energy?: boolean | undefined;
}

export interface RunReport {
  readonly cycles: number;
  readonly instructions: number;
  /**
   * Energy of the run (docs/energy-model.md), nJ; `energy` breaks it down. null (and no
   * `energy`) with `--no-energy`.
   */
  readonly energyNj: number | null;
  readonly registers: number[];
  readonly stop: { readonly reason: RunResult['reason']; readonly pc: number };
  readonly exitCode?: number;
  readonly energy?: EnergyBreakdown;
  /**
   * Machine events of the run (unmodelled peripherals, vacant memory, …), one entry per kind and
   * name in order of first occurrence; empty for a clean run.
   */
  readonly warnings: readonly RunWarning[];
}

/** `16000000`, `16e6`, `16M`, `16MHz`, `500k` → Hz, or null. */
export function parseHz(text: string): number | null {
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[0-9]+)?)\s*([kKmM]?)(?:hz|Hz|HZ)?\s*$/.exec(text);
  if (!m) return null;
  const scale = m[2] === '' ? 1 : m[2]!.toLowerCase() === 'k' ? 1e3 : 1e6;
  const hz = Number(m[1]) * scale;
  return Number.isFinite(hz) && hz > 0 ? Math.round(hz) : null;
}

function parseAddress(text: string): number | null {
  const v = Number(text.trim());
  return Number.isInteger(v) && v >= 0 && v <= 0xfffff ? v : null;
}

/** Exit status for a stop reason: 0 for a halt or exit code 0 (docs/cli.md). */
export function exitStatusFor(result: RunResult): number {
  switch (result.reason) {
    case 'halt':
    case 'breakpoint':
      return ExitCode.Ok;
    case 'exit':
      return result.exitCode === 0 ? ExitCode.Ok : RunExit.ProgramFailed;
    case 'fault':
      return RunExit.Fault;
    case 'budget':
      return RunExit.Budget;
  }
}

export function runRun(args: RunArgs, io: Io): number {
  const usage = (message: string): number => {
    io.err(errorLine(io, 'unit430 run', message));
    return ExitCode.Usage;
  };
  const hz = args.mclk === undefined ? null : parseHz(args.mclk);
  if (args.mclk !== undefined && hz === null)
    return usage(`--mclk: '${args.mclk}' is no frequency`);
  const entry = args.entry === undefined ? null : parseAddress(args.entry);
  if (args.entry !== undefined && entry === null) {
    return usage(`--entry: '${args.entry}' is no 20-bit address`);
  }
  const maxCycles = args.maxCycles ?? DEFAULT_MAX_CYCLES;
  if (!Number.isFinite(maxCycles) || maxCycles <= 0) return usage('--max-cycles must be positive');

  const loaded = loadImage(args.image);
  if (!loaded.ok) {
    for (const e of loaded.errors)
      io.err(errorLine(io, errorPlace(e, args.image), errorMessage(e)));
    return loaded.errors.some((e) => e.kind === 'file') ? ExitCode.Usage : ExitCode.Failed;
  }
  const image = loaded.value.image;
  const machine = new Machine(fr5994());
  const placed = machine.load(image);
  if (!placed.ok) {
    for (const e of placed.errors) {
      const where = e.segment === undefined ? args.image : `${args.image} (${e.segment})`;
      io.err(errorLine(io, where, e.message));
    }
    return ExitCode.Failed;
  }
  machine.reset();
  if (hz !== null) {
    const clocked = machine.configureClock(hz);
    if (!clocked.ok) return usage(`--mclk: ${clocked.errors[0] ?? ''}`);
  }

  const notes: string[] = [];
  if (entry !== null) {
    machine.setEntry(entry);
  } else if (machine.readWord(0xfffe) === 0xffff && image.entry !== undefined) {
    machine.setEntry(image.entry);
    notes.push(`the image has no reset vector; started at its entry ${hex(image.entry)}`);
  }

  const energy =
    args.energy === false ? null : new EnergyModel(undefined, { symbols: image.symbols });
  energy?.attach(machine);
  const output: number[] = [];
  machine.on('output', ({ byte }) => {
    if (args.json) output.push(byte);
    else io.out(String.fromCharCode(byte));
  });
  // Attached after the clock set-up, whose register writes are the CLI's, not the program's.
  const collector = new WarningCollector();
  collector.attach(machine);
  const result = machine.run({ maxCycles });
  collector.release();
  if (args.json && output.length > 0) io.err(String.fromCharCode(...output));

  const report: RunReport = {
    cycles: result.cycles,
    instructions: result.instructions,
    energyNj: energy === null ? null : energy.totalNj,
    registers: machine.registers(),
    stop: { reason: result.reason, pc: result.pc },
    ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
    ...(energy === null ? {} : { energy: energy.breakdown() }),
    warnings: collector.warnings(),
  };
  if (args.json) io.out(`${JSON.stringify(report)}\n`);
  else {
    io.out(summary(report, result, hz ?? machine.chip.resetMclkHz, notes));
    io.err(warningsText(io, report.warnings));
  }
  return exitStatusFor(result);
}

function summary(report: RunReport, result: RunResult, hz: number, notes: string[]): string {
  const lines: string[] = [];
  const why: Record<RunResult['reason'], string> = {
    halt: 'halted (CPU off with nothing to wake it)',
    exit: `exited through the host port with code ${report.exitCode ?? 0}`,
    fault: 'stopped on an undecodable instruction',
    budget: 'stopped: cycle budget used up',
    breakpoint: 'stopped at a breakpoint',
  };
  lines.push(`${why[result.reason]} at pc ${hex(result.pc)}`);
  if (result.fault) {
    lines.push(`  fault: word ${hex(result.fault.word, 4)} — ${result.fault.reason}`);
  }
  const micros = (report.cycles / hz) * 1e6;
  lines.push(
    `  ${report.cycles} cycles, ${report.instructions} instructions` +
      ` (${micros.toFixed(1)} µs at ${(hz / 1e6).toFixed(3).replace(/\.?0+$/, '')} MHz)`,
  );
  if (report.energy !== undefined && report.energyNj !== null) {
    const perCycle = report.energy.cycles > 0 ? report.energyNj / report.energy.cycles : 0;
    lines.push(
      `  ${report.energyNj.toFixed(3)} nJ at ${report.energy.vcc} V` +
        ` (${perCycle.toFixed(4)} nJ per cycle; unit430 profile breaks it down)`,
    );
  } else lines.push('  energy not modelled (--no-energy)');
  const regs = report.registers;
  for (let row = 0; row < 16; row += 4) {
    const cells = [0, 1, 2, 3].map((i) => {
      const n = row + i;
      const name = n === 0 ? 'pc' : n === 1 ? 'sp' : n === 2 ? 'sr' : `r${n}`;
      return `${name.padStart(3)} ${hex(regs[n] ?? 0)}`;
    });
    lines.push(`  ${cells.join('  ')}`);
  }
  for (const note of notes) lines.push(`  note: ${note}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The options `run` and `profile` share: the image, `--json`, `--mclk` and `--max-cycles`.
 * One definition, so that the two commands read their common flags the same way.
 */
export const withRunOptions = <T>(y: Argv<T>) =>
  y
    .positional('image', {
      type: 'string',
      demandOption: true,
      describe: 'program: .elf, .hex, .txt or assembly (.s .S .asm .s43)',
    })
    .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' })
    .option('mclk', {
      type: 'string',
      describe: 'MCLK in Hz (e.g. 16e6, 8MHz); sets CS and FRAM wait states as firmware would',
    })
    .option('max-cycles', {
      type: 'number',
      describe: `cycle budget (default ${DEFAULT_MAX_CYCLES})`,
    });

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'run a program on the emulated MSP430FR5994 and report cycles and registers',
  register: (yargs, context) =>
    yargs.command(
      'run <image>',
      runCommand.summary,
      (y) =>
        withRunOptions(y)
          .option('entry', {
            type: 'string',
            describe: 'start address instead of the reset vector',
          })
          .option('energy', {
            type: 'boolean',
            default: true,
            describe: 'attach the energy model (--no-energy: faster, energyNj null)',
          }),
      (args) =>
        // run's own exit statuses (4–6) extend the shared ExitCode set; see docs/cli.md.
        context.setExitCode(
          runRun(
            {
              image: args.image,
              json: args.json,
              mclk: args.mclk,
              maxCycles: args.maxCycles,
              entry: args.entry,
              energy: args.energy,
            },
            context.io,
          ) as ExitCode,
        ),
    ),
};
