/**
 * `unit430 asm <file> -o <out>`: assemble a source file and write an image file (Intel HEX,
 * TI-TXT or ELF), optionally with a listing. Errors print as `file:line:col: error: message`.
 */

import { extname } from 'node:path';

import { formatListing, type Dialect } from '../../../emulator/asm/index.js';
import { writeElf, writeHex, writeTiTxt } from '../../../emulator/image/index.js';
import type { ImageError, MemoryImage } from '../../../emulator/image/image.js';
import type { Result } from '../../../emulator/result.js';
import type { CliCommand } from '../command.js';
import { assembleFile, errorMessage, errorPlace, writeFile } from '../files.js';
import { errorLine, ExitCode, type Io } from '../io.js';

const FORMATS = ['hex', 'ti-txt', 'elf'] as const;
type OutputFormat = (typeof FORMATS)[number];

const FORMAT_BY_EXTENSION: ReadonlyMap<string, OutputFormat> = new Map([
  ['.hex', 'hex'],
  ['.ihex', 'hex'],
  ['.txt', 'ti-txt'],
  ['.elf', 'elf'],
  ['.out', 'elf'],
]);

export interface AsmArgs {
  readonly file: string;
  readonly output: string;
  readonly format?: OutputFormat | undefined;
  /** '' when `--listing` has no file name: print the listing to stdout. */
  readonly listing?: string | undefined;
  readonly dialect?: Dialect | undefined;
  /** Keep `0(Rn)` sources indexed, as clang's assembler does. */
  readonly keepZeroIndex?: boolean | undefined;
  /** `NAME=VALUE` (or `NAME`, meaning 1) symbols defined before the source is read. */
  readonly define?: readonly string[] | undefined;
}

/**
 * Reads `--define` arguments: `NAME=VALUE` with a decimal or 0x-hex value (`-1`, `0x4400`), or
 * `NAME` alone for 1, as `gcc -D` does. Returns the bad argument on failure.
 */
export function parseDefines(
  list: readonly string[],
): { ok: true; value: Record<string, number> } | { ok: false; bad: string } {
  const value: Record<string, number> = {};
  for (const item of list) {
    const m = /^([A-Za-z_.$][\w.$]*)(?:=(-?(?:0[xX][0-9a-fA-F]+|\d+)))?$/.exec(item);
    if (m === null) return { ok: false, bad: item };
    value[m[1]!] = m[2] === undefined ? 1 : Number(m[2]);
  }
  return { ok: true, value };
}

function encodeImage(
  image: MemoryImage,
  format: OutputFormat,
): Result<string | Uint8Array, ImageError> {
  switch (format) {
    case 'hex':
      return writeHex(image);
    case 'ti-txt':
      return writeTiTxt(image);
    case 'elf':
      return writeElf(image);
  }
}

export function runAsm(args: AsmArgs, io: Io): ExitCode {
  const format = args.format ?? FORMAT_BY_EXTENSION.get(extname(args.output).toLowerCase());
  if (format === undefined) {
    const message = `cannot tell the output format from '${args.output}'; use --format hex|ti-txt|elf`;
    io.err(errorLine(io, 'unit430', message));
    return ExitCode.Usage;
  }

  const defines = parseDefines(args.define ?? []);
  if (!defines.ok) {
    const message = `bad --define '${defines.bad}': expected NAME or NAME=VALUE (decimal or 0x hex)`;
    io.err(errorLine(io, 'unit430', message));
    return ExitCode.Usage;
  }

  const assembly = assembleFile(args.file, {
    defines: defines.value,
    ...(args.dialect === undefined ? {} : { dialect: args.dialect }),
    ...(args.keepZeroIndex === true ? { keepZeroIndex: true } : {}),
  });
  if (!assembly.ok) {
    for (const e of assembly.errors)
      io.err(errorLine(io, errorPlace(e, args.file), errorMessage(e)));
    const unreadable = assembly.errors.some((e) => e.kind === 'file');
    return unreadable ? ExitCode.Usage : ExitCode.Failed;
  }

  const encoded = encodeImage(assembly.value.image, format);
  if (!encoded.ok) {
    for (const e of encoded.errors)
      io.err(errorLine(io, errorPlace(e, args.output), errorMessage(e)));
    return ExitCode.Failed;
  }
  const written = writeFile(args.output, encoded.value);
  if (!written.ok) {
    for (const e of written.errors) io.err(errorLine(io, 'unit430', e.message));
    return ExitCode.Usage;
  }

  if (args.listing !== undefined) {
    const listing = formatListing(assembly.value.listing);
    if (args.listing === '') {
      io.out(listing);
    } else {
      const saved = writeFile(args.listing, listing);
      if (!saved.ok) {
        for (const e of saved.errors) io.err(errorLine(io, 'unit430', e.message));
        return ExitCode.Usage;
      }
    }
  }
  return ExitCode.Ok;
}

export const asmCommand: CliCommand = {
  name: 'asm',
  summary: 'assemble a source file into an Intel HEX, TI-TXT or ELF image',
  register: (yargs, context) =>
    yargs.command(
      'asm <file>',
      asmCommand.summary,
      (y) =>
        y
          .positional('file', { type: 'string', demandOption: true, describe: 'assembly source' })
          .option('output', {
            alias: 'o',
            type: 'string',
            demandOption: true,
            describe: 'image file to write',
          })
          .option('format', {
            choices: FORMATS,
            describe: 'image format (default: from the -o extension: .hex, .txt, .elf)',
          })
          .option('listing', {
            type: 'string',
            describe: 'write a listing to this file (to stdout when no file is given)',
          })
          .option('dialect', {
            choices: ['gnu', 'ti'] as const,
            describe: 'source syntax (default: TI for .asm/.s43, GNU otherwise)',
          })
          .option('keep-zero-index', {
            type: 'boolean',
            describe: "keep 0(Rn) sources indexed, as clang's assembler does (GNU as writes @Rn)",
          })
          .option('define', {
            alias: 'D',
            type: 'string',
            array: true,
            describe: 'define a symbol before assembling: NAME=VALUE, or NAME for 1 (repeatable)',
          }),
      (args) => context.setExitCode(runAsm(args, context.io)),
    ),
};
