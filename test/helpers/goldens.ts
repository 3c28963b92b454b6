// Parser for the golden encoding corpus in test/fixtures/encodings (classic.golden, msp430x.golden,
// msp430x.objdump). Line format: `<source> | <bytes hex, memory order> [| <third field>]`; lines
// starting with `#` and blank lines are header/comments. See test/fixtures/encodings/README.md.
import { readFileSync } from 'node:fs';

export interface GoldenLine {
  /** Assembly source in GNU syntax, assembled as the only instruction at address 0x4400. */
  source: string;
  /** Encoded bytes in memory order. */
  bytes: number[];
  /** Third field: the producing tool when not the file's default (e.g. `gnu-as`). */
  origin?: string;
}

export interface DisassemblyLine {
  source: string;
  bytes: number[];
  /** msp430-objdump -d text for the bytes, whitespace folded, rows joined by " ; ". */
  text: string;
}

function dataLines(path: string): { fields: string[]; lineNo: number }[] {
  const out: { fields: string[]; lineNo: number }[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      out.push({ fields: line.split(' | '), lineNo: i + 1 });
    });
  return out;
}

function parseBytes(hex: string, where: string): number[] {
  const parts = hex.trim().split(' ');
  return parts.map((p) => {
    if (!/^[0-9a-f]{2}$/.test(p)) throw new Error(`${where}: bad byte '${p}'`);
    return parseInt(p, 16);
  });
}

/** Reads a `.golden` file into {source, bytes, origin?} records, in file order. */
export function readGoldens(path: string): GoldenLine[] {
  return dataLines(path).map(({ fields, lineNo }) => {
    const where = `${path}:${lineNo}`;
    const [source, hex, origin] = fields;
    if (source === undefined || hex === undefined || fields.length > 3) {
      throw new Error(`${where}: expected '<source> | <bytes> [| <origin>]'`);
    }
    const line: GoldenLine = { source, bytes: parseBytes(hex, where) };
    if (origin !== undefined) line.origin = origin;
    return line;
  });
}

/** Reads msp430x.objdump into {source, bytes, text} records, in file order. */
export function readDisassembly(path: string): DisassemblyLine[] {
  return dataLines(path).map(({ fields, lineNo }) => {
    const where = `${path}:${lineNo}`;
    const [source, hex, ...rest] = fields;
    if (source === undefined || hex === undefined || rest.length === 0) {
      throw new Error(`${where}: expected '<source> | <bytes> | <text>'`);
    }
    return { source, bytes: parseBytes(hex, where), text: rest.join(' | ') };
  });
}
