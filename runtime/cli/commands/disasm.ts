/**
 * `unit430 disasm <image>`: disassemble an image file (Intel HEX, TI-TXT, ELF, or assembly source
 * assembled on the fly), naming addresses with the image's symbols where it has them.
 */

import { disassembleImage, formatDisassembly } from '../../../emulator/asm/disassembler.js';
import type { CliCommand } from '../command.js';
import { errorMessage, errorPlace, loadImage } from '../files.js';
import { errorLine, ExitCode, type Io } from '../io.js';

export interface DisasmArgs {
  readonly image: string;
  readonly json?: boolean | undefined;
}

export function runDisasm(args: DisasmArgs, io: Io): ExitCode {
  const loaded = loadImage(args.image);
  if (!loaded.ok) {
    for (const e of loaded.errors)
      io.err(errorLine(io, errorPlace(e, args.image), errorMessage(e)));
    return loaded.errors.some((e) => e.kind === 'file') ? ExitCode.Usage : ExitCode.Failed;
  }
  const lines = disassembleImage(loaded.value.image);
  io.out(args.json ? `${JSON.stringify(lines, null, 2)}\n` : formatDisassembly(lines));
  return ExitCode.Ok;
}

export const disasmCommand: CliCommand = {
  name: 'disasm',
  summary: 'disassemble an image (Intel HEX, TI-TXT, ELF or assembly source)',
  register: (yargs, context) =>
    yargs.command(
      'disasm <image>',
      disasmCommand.summary,
      (y) =>
        y
          .positional('image', { type: 'string', demandOption: true, describe: 'image file' })
          .option('json', {
            type: 'boolean',
            default: false,
            describe: 'print the rows as JSON',
          }),
      (args) => context.setExitCode(runDisasm(args, context.io)),
    ),
};
