/**
 * `unit430 profile <image>`: run a program like `unit430 run`, with the energy model attached,
 * and report where cycles and energy went: a table per function (symbols of the image) and an
 * annotated listing — each source line when the image is assembly source (the assembler's
 * listing lines), each disassembled instruction otherwise — with executions, cycles and nJ.
 * Energy model: docs/energy-model.md; output format: docs/cli.md, section "profile".
 */

import Table from 'cli-table3';

import type { ListingLine } from '../../../emulator/asm/index.js';
import { disassembleImage } from '../../../emulator/asm/disassembler.js';
import { fr5994 } from '../../../emulator/chips/fr5994.js';
import {
  EnergyModel,
  type AddressRow,
  type EnergyBreakdown,
} from '../../../emulator/energy/index.js';
import type { MemoryImage } from '../../../emulator/image/image.js';
import { Machine, type RunResult } from '../../../emulator/machine/machine.js';
import type { CliCommand } from '../command.js';
import { assembleFile, errorMessage, errorPlace, isAssemblySource, loadImage } from '../files.js';
import { errorLine, ExitCode, hex, type Io } from '../io.js';
import { WarningCollector, warningsText, type RunWarning } from '../warnings.js';
import { DEFAULT_MAX_CYCLES, exitStatusFor, parseHz, withRunOptions } from './run.js';

export interface ProfileArgs {
  readonly image: string;
  readonly json?: boolean | undefined;
  readonly mclk?: string | undefined;
  readonly maxCycles?: number | undefined;
}

export interface ProfileOptions {
  /** Standard output is a terminal: tables may use colours. */
  readonly tty?: boolean;
}

export interface FunctionProfile {
  readonly name: string;
  /** Entries at the function's first address from outside it. */
  readonly calls: number;
  readonly instructions: number;
  readonly cycles: number;
  readonly nj: number;
  /** Share of the run's total energy, %. */
  readonly percent: number;
}

export interface LineProfile {
  /** Source file and 1-based line (assembly), absent for disassembled images. */
  readonly file?: string;
  readonly line?: number;
  readonly address: number | null;
  /** Source text, or disassembly text. */
  readonly text: string;
  /** Executions of the line's first executed instruction; null when none of it ran. */
  readonly count: number | null;
  readonly cycles: number;
  readonly nj: number;
}

export interface ProfileReport {
  readonly cycles: number;
  readonly instructions: number;
  readonly energyNj: number;
  readonly mclkHz: number;
  readonly stop: { readonly reason: RunResult['reason']; readonly pc: number };
  readonly exitCode?: number;
  readonly functions: readonly FunctionProfile[];
  readonly lines: readonly LineProfile[];
  readonly energy: EnergyBreakdown;
  /** Machine events of the run, as `unit430 run` reports them (`RunReport.warnings`). */
  readonly warnings: readonly RunWarning[];
}

/** Sum the address rows of [address, address + length). */
function rowsIn(
  rows: ReadonlyMap<number, AddressRow>,
  address: number,
  length: number,
): { count: number; cycles: number; nj: number } | null {
  let count = 0;
  let cycles = 0;
  let nj = 0;
  let found = false;
  for (let a = address; a < address + length; a += 2) {
    const r = rows.get(a);
    if (r === undefined) continue;
    found = true;
    // A line's executions: those of its first instruction that ran (the others add cycles).
    if (count === 0) count = r.count;
    cycles += r.cycles;
    nj += r.nj;
  }
  return found ? { count, cycles, nj } : null;
}

function sourceLines(
  listing: readonly ListingLine[],
  rows: ReadonlyMap<number, AddressRow>,
): LineProfile[] {
  return listing.map((l) => {
    const hit =
      l.address !== null && l.bytes.length > 0 ? rowsIn(rows, l.address, l.bytes.length) : null;
    return {
      file: l.file,
      line: l.line,
      address: l.address,
      text: l.source,
      count: hit?.count ?? null,
      cycles: hit?.cycles ?? 0,
      nj: hit?.nj ?? 0,
    };
  });
}

function disassemblyLines(
  image: MemoryImage,
  rows: ReadonlyMap<number, AddressRow>,
): LineProfile[] {
  const out: LineProfile[] = [];
  for (const d of disassembleImage(image)) {
    if (d.symbol !== undefined) {
      out.push({ address: d.address, text: `${d.symbol}:`, count: null, cycles: 0, nj: 0 });
    }
    const hit = rowsIn(rows, d.address, d.bytes.length);
    out.push({
      address: d.address,
      text: d.text,
      count: hit?.count ?? null,
      cycles: hit?.cycles ?? 0,
      nj: hit?.nj ?? 0,
    });
  }
  return out;
}

const fixed = (v: number, digits: number): string => v.toFixed(digits);

function table(head: string[], tty: boolean, compact = false): Table.Table {
  const style = tty ? {} : { head: [], border: [] };
  const chars = compact
    ? {
        top: '',
        'top-mid': '',
        'top-left': '',
        'top-right': '',
        bottom: '',
        'bottom-mid': '',
        'bottom-left': '',
        'bottom-right': '',
        left: '',
        'left-mid': '',
        mid: '',
        'mid-mid': '',
        right: '',
        'right-mid': '',
        middle: ' ',
      }
    : {};
  return new Table({ head, style: { ...style, compact }, chars });
}

function text(report: ProfileReport, tty: boolean): string {
  const parts: string[] = [];
  const total = report.energyNj;
  parts.push(
    `${report.cycles} cycles, ${report.instructions} instructions, ${fixed(total, 3)} nJ` +
      ` at ${report.energy.vcc} V, MCLK ${report.mclkHz / 1e6} MHz (stop: ${report.stop.reason}` +
      ` at ${hex(report.stop.pc)})`,
  );
  const fns = table(['function', 'calls', 'instructions', 'cycles', 'nJ', '% energy'], tty);
  for (const f of report.functions) {
    fns.push([
      f.name,
      String(f.calls),
      String(f.instructions),
      String(f.cycles),
      fixed(f.nj, 3),
      fixed(f.percent, 1),
    ]);
  }
  parts.push(fns.toString());
  const lines = table(['count', 'cycles', 'nJ', 'address', 'line', 'source'], tty, true);
  let file: string | undefined;
  for (const l of report.lines) {
    if (l.file !== undefined && l.file !== file) {
      file = l.file;
      lines.push(['', '', '', '', '', `; ${file}`]);
    }
    lines.push([
      l.count === null ? '' : String(l.count),
      l.count === null ? '' : String(l.cycles),
      l.count === null ? '' : fixed(l.nj, 3),
      l.address === null ? '' : hex(l.address),
      l.line === undefined ? '' : String(l.line),
      l.text,
    ]);
  }
  parts.push(lines.toString());
  return `${parts.join('\n\n')}\n`;
}

export function runProfile(args: ProfileArgs, io: Io, options: ProfileOptions = {}): number {
  const usage = (message: string): number => {
    io.err(errorLine(io, 'unit430 profile', message));
    return ExitCode.Usage;
  };
  const hz = args.mclk === undefined ? null : parseHz(args.mclk);
  if (args.mclk !== undefined && hz === null) {
    return usage(`--mclk: '${args.mclk}' is no frequency`);
  }
  const maxCycles = args.maxCycles ?? DEFAULT_MAX_CYCLES;
  if (!Number.isFinite(maxCycles) || maxCycles <= 0) return usage('--max-cycles must be positive');

  let listing: readonly ListingLine[] | null = null;
  let image: MemoryImage;
  if (isAssemblySource(args.image)) {
    const assembled = assembleFile(args.image);
    if (!assembled.ok) {
      for (const e of assembled.errors) {
        io.err(errorLine(io, errorPlace(e, args.image), errorMessage(e)));
      }
      return assembled.errors.some((e) => e.kind === 'file') ? ExitCode.Usage : ExitCode.Failed;
    }
    image = assembled.value.image;
    listing = assembled.value.listing;
  } else {
    const loaded = loadImage(args.image);
    if (!loaded.ok) {
      for (const e of loaded.errors) {
        io.err(errorLine(io, errorPlace(e, args.image), errorMessage(e)));
      }
      return loaded.errors.some((e) => e.kind === 'file') ? ExitCode.Usage : ExitCode.Failed;
    }
    image = loaded.value.image;
  }

  const machine = new Machine(fr5994());
  const placed = machine.load(image);
  if (!placed.ok) {
    for (const e of placed.errors) io.err(errorLine(io, args.image, e.message));
    return ExitCode.Failed;
  }
  machine.reset();
  if (hz !== null) {
    const clocked = machine.configureClock(hz);
    if (!clocked.ok) return usage(`--mclk: ${clocked.errors[0] ?? ''}`);
  }
  if (machine.readWord(0xfffe) === 0xffff && image.entry !== undefined) {
    machine.setEntry(image.entry);
  }

  const model = new EnergyModel(undefined, { symbols: image.symbols });
  model.attach(machine);
  machine.on('output', ({ byte }) => io.err(String.fromCharCode(byte)));
  const collector = new WarningCollector();
  collector.attach(machine);
  const result = machine.run({ maxCycles });
  collector.release();
  const energy = model.breakdown();
  const rows = new Map(model.addressProfile().map((r) => [r.address, r]));
  const total = energy.totalNj;

  const functions: FunctionProfile[] = Object.entries(energy.functions).map(([name, f]) => ({
    name,
    calls: f.calls,
    instructions: f.count,
    cycles: f.cycles,
    nj: f.nj,
    percent: total > 0 ? (100 * f.nj) / total : 0,
  }));
  const report: ProfileReport = {
    cycles: result.cycles,
    instructions: result.instructions,
    energyNj: total,
    mclkHz: hz ?? machine.chip.resetMclkHz,
    stop: { reason: result.reason, pc: result.pc },
    ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
    functions,
    lines: listing !== null ? sourceLines(listing, rows) : disassemblyLines(image, rows),
    energy,
    warnings: collector.warnings(),
  };
  io.out(args.json ? `${JSON.stringify(report)}\n` : text(report, options.tty === true));
  if (!args.json) io.err(warningsText(io, report.warnings));
  return exitStatusFor(result);
}

export const profileCommand: CliCommand = {
  name: 'profile',
  summary: 'run a program and show cycles and energy per function and per source line',
  register: (yargs, context) =>
    yargs.command(
      'profile <image>',
      profileCommand.summary,
      (y) => withRunOptions(y),
      (args) =>
        // Same exit statuses as `run` (docs/cli.md).
        context.setExitCode(
          runProfile(
            { image: args.image, json: args.json, mclk: args.mclk, maxCycles: args.maxCycles },
            context.io,
            { tty: process.stdout.isTTY === true },
          ) as ExitCode,
        ),
    ),
};
