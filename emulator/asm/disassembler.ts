/**
 * Disassembler: instruction records and memory images → GNU-syntax assembly text.
 *
 * Follows UG367 §4.4 (addressing modes), §4.5–§4.6 (formats, extension word, RPT) and the
 * emulated mnemonics of Table 4-7 / Table 4-15 as listed in `isa/emulated.ts`. The text is
 * canonical: our assembler (and GNU as) turns every line back into the same bytes. Where the
 * bytes have no GNU spelling that reassembles to them (a long immediate holding a constant the
 * constant generator would supply, a `0(Rn)` source that assemblers shorten to `@Rn`, a ZC bit
 * outside RRUX, unused extension-word bits), the line becomes `.word` with the raw words.
 * Browser-safe: no Node imports. The syntax rules are written down in docs/assembler.md.
 */

import {
  decode,
  EMULATED,
  encode,
  Format,
  Mode,
  sizeSuffix,
  type EmulatedForm,
  type Instruction,
  type Operand,
} from '../isa/index.js';
import type { ImageSegment, MemoryImage } from '../image/image.js';

export interface FormatOptions {
  /** Names for addresses: jump and symbolic targets, `&abs`, and call/branch immediates. */
  readonly symbols?: ReadonlyMap<number, string>;
  /**
   * Names usable for PC-relative targets (jumps, symbolic operands); defaults to `symbols`.
   * Leave absolute symbols (`.equ`) out: GNU as encodes a symbolic operand naming one as the
   * raw index word, not as a distance.
   */
  readonly labels?: ReadonlyMap<number, string>;
}

/** One row of a disassembly: an instruction, or a `.word`/`.byte` for bytes that do not decode. */
export interface DisasmLine {
  readonly address: number;
  /** The bytes the row covers, in memory order. */
  readonly bytes: readonly number[];
  /** Assembler text that reassembles to `bytes` at `address`. */
  readonly text: string;
  /** Label defined at this address, if the image names it. */
  readonly symbol?: string;
  /** A note for readers (absolute target of a relative operand, why a row is `.word`). */
  readonly comment?: string;
}

export interface DisassembleOptions {
  /** Extra or replacement names; by default the image's own symbols are used. */
  readonly symbols?: ReadonlyMap<number, string>;
  /**
   * Address ranges [start, end) shown as `.word` data instead of instructions. Default: the
   * interrupt vector table 0xFF80–0xFFFF. Segments named like data sections (`.data`,
   * `.rodata`, `.bss`, vectors) are always shown as data.
   */
  readonly dataRanges?: readonly (readonly [number, number])[];
}

// ---------------------------------------------------------------------------------------------
// Numbers and operands

const REGISTER_NAMES = /^(r([0-9]|1[0-5])|pc|sp|sr|cg|cg1|cg2)$/i;
const IDENTIFIER = /^[A-Za-z_.$][A-Za-z0-9_.$]*$/;
/** Indexes and distances below this magnitude print in decimal, larger ones in hex. */
const DECIMAL_LIMIT = 0x1000;

/** `0x` + at least four hex digits (five above 0xFFFF): addresses and immediate words. */
export function hexWord(value: number): string {
  return `0x${value.toString(16).padStart(value > 0xffff ? 5 : 4, '0')}`;
}

function hexByte(value: number): string {
  return `0x${value.toString(16).padStart(2, '0')}`;
}

/** A signed quantity: decimal when small, signed hex when large (`-6`, `0x12345`, `-0x4000`). */
function signed(value: number): string {
  if (Math.abs(value) < DECIMAL_LIMIT) return String(value);
  return value < 0 ? `-0x${(-value).toString(16)}` : `0x${value.toString(16)}`;
}

function register(r: number): string {
  return `r${r}`;
}

function usableName(name: string | undefined): string | undefined {
  if (name === undefined || !IDENTIFIER.test(name) || REGISTER_NAMES.test(name)) return undefined;
  return name;
}

/** How an operand should read: where its numbers come from and what they mean. */
interface OperandContext {
  readonly ins: Instruction;
  readonly address: number;
  readonly symbols: ReadonlyMap<number, string> | undefined;
  readonly labels: ReadonlyMap<number, string> | undefined;
  /** Immediates that are code addresses (call, calla, br, bra, mova) may print as names. */
  readonly addressImmediate: boolean;
}

/** `.+N` / `.-N`: the position-independent spelling of a PC-relative target. */
function relative(target: number, address: number): string {
  const distance = target - address;
  return distance < 0 ? `.-${signed(-distance)}` : `.+${signed(distance)}`;
}

function indexText(op: Operand, ins: Instruction): string {
  const v = op.value;
  if (Math.abs(v) < DECIMAL_LIMIT) return String(v);
  // MSP430 instructions add a 16-bit index modulo 64 K: show it as the unsigned field, which is
  // usually a base address. MSP430X and MOVA/CALLA indexes are signed 20-bit quantities.
  const classic = ins.form.format === Format.I || ins.form.format === Format.II;
  return classic ? hexWord(v & 0xffff) : signed(v);
}

function immediateText(op: Operand, ctx: OperandContext): string {
  if (op.mode === Mode.Constant) return `#${op.value}`;
  const name = ctx.addressImmediate ? usableName(ctx.symbols?.get(op.value)) : undefined;
  if (name) return `#${name}`;
  if (ctx.ins.size === 8 && op.value <= 0xff) return `#${hexByte(op.value)}`;
  return `#${hexWord(op.value)}`;
}

function operandText(op: Operand, ctx: OperandContext): string {
  switch (op.mode) {
    case Mode.Register:
      return register(op.reg);
    case Mode.Indexed:
      return `${indexText(op, ctx.ins)}(${register(op.reg)})`;
    case Mode.Symbolic:
      return usableName(ctx.labels?.get(op.value)) ?? relative(op.value, ctx.address);
    case Mode.Absolute:
      return `&${usableName(ctx.symbols?.get(op.value)) ?? hexWord(op.value)}`;
    case Mode.Indirect:
      return `@${register(op.reg)}`;
    case Mode.IndirectInc:
      return `@${register(op.reg)}+`;
    case Mode.Immediate:
    case Mode.Constant:
      return immediateText(op, ctx);
  }
}

/** Counts of RPT, PUSHM/POPM and RRxM: plain decimal. */
function countText(op: Operand | null): string {
  return `#${op?.value ?? 0}`;
}

// ---------------------------------------------------------------------------------------------
// Emulated mnemonics, matched against the templates of isa/emulated.ts

type Pattern =
  | { readonly kind: 'free' }
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'register'; readonly reg: number }
  | { readonly kind: 'pop' };

interface Template {
  readonly form: EmulatedForm;
  readonly base: string;
  readonly src: Pattern;
  readonly dst: Pattern | null;
}

const NAMED_REGISTERS: ReadonlyMap<string, number> = new Map([
  ['pc', 0],
  ['sp', 1],
  ['sr', 2],
]);

function parsePattern(text: string): Pattern {
  if (text === '$') return { kind: 'free' };
  if (text === '@sp+') return { kind: 'pop' };
  if (text.startsWith('#')) return { kind: 'constant', value: Number(text.slice(1)) };
  const named = NAMED_REGISTERS.get(text);
  return { kind: 'register', reg: named ?? Number(text.slice(1)) };
}

function parseTemplate(form: EmulatedForm): Template {
  const space = form.template.indexOf(' ');
  const base = form.template.slice(0, space);
  const [src = '', dst] = form.template
    .slice(space + 1)
    .split(',')
    .map((s) => s.trim());
  return { form, base, src: parsePattern(src), dst: dst === undefined ? null : parsePattern(dst) };
}

/** Templates without a free operand first, so `ret` wins over `pop pc` and `br @sp+`. */
const TEMPLATES: readonly Template[] = EMULATED.map(parseTemplate).sort(
  (a, b) => Number(a.form.takesOperand) - Number(b.form.takesOperand),
);

function sameOperand(a: Operand, b: Operand): boolean {
  return a.mode === b.mode && a.reg === b.reg && a.value === b.value;
}

/** Binds the free operand `$`; returns false when `op` does not fit the pattern. */
function fits(pattern: Pattern, op: Operand, ins: Instruction, bound: Operand[]): boolean {
  switch (pattern.kind) {
    case 'free': {
      const previous = bound[0];
      if (previous) return sameOperand(previous, op);
      bound.push(op);
      return true;
    }
    case 'constant': {
      // MOVA/CMPA/ADDA/SUBA have no constant generator: their `#0` is an immediate word.
      const mode = ins.form.format === Format.Address ? Mode.Immediate : Mode.Constant;
      return op.mode === mode && op.value === pattern.value;
    }
    case 'register':
      return op.mode === Mode.Register && op.reg === pattern.reg;
    case 'pop':
      return op.mode === Mode.IndirectInc && op.reg === 1;
  }
}

interface Emulation {
  readonly mnemonic: string;
  readonly operand: Operand | null;
}

function emulation(ins: Instruction): Emulation | null {
  const { src, dst } = ins;
  for (const t of TEMPLATES) {
    if (t.base !== ins.form.mnemonic || !src) continue;
    if (!t.form.sized && ins.size !== ins.form.sizes[0]) continue;
    const bound: Operand[] = [];
    if (!fits(t.src, src, ins, bound)) continue;
    if (t.dst ? !dst || !fits(t.dst, dst, ins, bound) : dst) continue;
    const operand = bound[0] ?? null;
    // GNU as encodes `popx` with a 20-bit destination wrongly (toolchain.md §12): keep MOVX.
    if (t.form.mnemonic === 'popx' && operand?.mode !== Mode.Register) continue;
    return { mnemonic: t.form.mnemonic, operand };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Encodings without a GNU spelling

/**
 * Immediates an assembler turns into constant-generator operands: 0, 1, 2, 4, 8 and -1, which
 * GNU as recognises as 0xFFFF too (but not as 0xFF in byte or 0xFFFFF in .A instructions).
 */
const CONSTANTS = [0, 1, 2, 4, 8, 0xffff];

/** Why the text of `ins` would reassemble to other bytes, or null when it would not. */
function noSpelling(ins: Instruction): string | null {
  const f = ins.form.format;
  const cgForms = f === Format.I || f === Format.II || f === Format.XI || f === Format.XII;
  const src = ins.src;
  if (cgForms && src?.mode === Mode.Immediate) {
    if (CONSTANTS.includes(src.value)) {
      return 'a long immediate that assemblers replace with the constant generator';
    }
  }
  const mova = f === Format.Address || f === Format.Calla;
  if ((cgForms || mova) && src?.mode === Mode.Indexed && src.value === 0) {
    return 'a 0(Rn) source that assemblers shorten to @Rn';
  }
  if (ins.zeroCarry && ins.form.mnemonic !== 'rrcx') {
    return 'ZC is only written as RRUX';
  }
  return null;
}

function wordsText(words: readonly number[]): string {
  return `.word ${words.map((w) => hexWord(w & 0xffff)).join(', ')}`;
}

// ---------------------------------------------------------------------------------------------
// Instructions

function mnemonicWithSize(ins: Instruction, mnemonic: string): string {
  const f = ins.form.format;
  // Every MSP430X form with a size choice spells its size out, `.w` included; classic and
  // address instructions only mark the non-default sizes.
  const extended =
    f === Format.XI || f === Format.XII || f === Format.ShiftM || f === Format.PushPopM;
  if (extended || ins.size !== ins.form.sizes[0]) return `${mnemonic}${sizeSuffix(ins.size)}`;
  return mnemonic;
}

function repeatPrefix(ins: Instruction): string {
  const rep = ins.repeat;
  if (rep === null) return '';
  return rep.kind === 'count' ? `rpt #${rep.n} { ` : `rpt ${register(rep.reg)} { `;
}

function formatReal(ins: Instruction, ctx: OperandContext): string {
  const op = (o: Operand | null): string => (o ? operandText(o, ctx) : '');
  switch (ins.form.format) {
    case Format.Reti:
      return 'reti';
    case Format.Jump: {
      const target = ins.src?.value ?? ctx.address;
      const name = usableName(ctx.labels?.get(target));
      return `${ins.form.mnemonic} ${name ?? relative(target, ctx.address)}`;
    }
    case Format.ShiftM:
    case Format.PushPopM:
      return `${mnemonicWithSize(ins, ins.form.mnemonic)} ${countText(ins.src)}, ${op(ins.dst)}`;
    case Format.II:
    case Format.XII:
    case Format.Calla: {
      const name = ins.zeroCarry ? 'rrux' : ins.form.mnemonic;
      return `${mnemonicWithSize(ins, name)} ${op(ins.src)}`;
    }
    default:
      return `${mnemonicWithSize(ins, ins.form.mnemonic)} ${op(ins.src)}, ${op(ins.dst)}`;
  }
}

function isAddressImmediate(ins: Instruction): boolean {
  const m = ins.form.mnemonic;
  const toPc = ins.dst?.mode === Mode.Register && ins.dst.reg === 0;
  return m === 'call' || m === 'calla' || m === 'mova' || (m === 'mov' && toPc);
}

/**
 * GNU-syntax text of `ins` placed at `address`. Relative operands print as `.+N` (or a symbol),
 * so the text reassembles to the same bytes at any address.
 */
export function formatInstruction(
  ins: Instruction,
  address: number,
  options: FormatOptions = {},
): string {
  if (noSpelling(ins) !== null) {
    const words = encode(ins, address);
    if (words.ok) return wordsText(words.value);
  }
  const ctx: OperandContext = {
    ins,
    address,
    symbols: options.symbols,
    labels: options.labels ?? options.symbols,
    addressImmediate: isAddressImmediate(ins),
  };
  const emulated = emulation(ins);
  const body = emulated
    ? `${mnemonicWithSize(ins, emulated.mnemonic)}${emulated.operand ? ` ${operandText(emulated.operand, ctx)}` : ''}`
    : formatReal(ins, ctx);
  return repeatPrefix(ins) + body;
}

/** Absolute target of a relative operand, for a reader's note. */
function targetNote(ins: Instruction, address: number, text: string): string | undefined {
  if (text.startsWith('.word')) return undefined;
  const relativeOp = [ins.src, ins.dst].find((o) => o?.mode === Mode.Symbolic);
  if (!relativeOp || !text.includes(relative(relativeOp.value, address))) return undefined;
  return hexWord(relativeOp.value);
}

// ---------------------------------------------------------------------------------------------
// Images

const DATA_SECTION = /^(\.data|\.rodata|\.bss|\.noinit|\.persistent|\.vectors?|__interrupt_vector)/;
const VECTOR_TABLE: readonly (readonly [number, number])[] = [[0xff80, 0x10000]];

/**
 * Symbol names by address from an image, first name wins (global before local). Section and
 * file symbols are left out, and absolute ones too when `labelsOnly` is set.
 */
export function symbolMap(image: MemoryImage, labelsOnly = false): Map<number, string> {
  const map = new Map<number, string>();
  const left = labelsOnly ? ['section', 'file', 'absolute'] : ['section', 'file'];
  const ranked = [...image.symbols]
    .filter((s) => !left.includes(s.kind) && usableName(s.name))
    .sort((a, b) => Number(b.global) - Number(a.global));
  for (const s of ranked) if (!map.has(s.address)) map.set(s.address, s.name);
  return map;
}

function dataRow(address: number, bytes: readonly number[], symbol?: string): DisasmLine {
  const words: number[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) words.push(bytes[i]! | (bytes[i + 1]! << 8));
  const text = words.length > 0 ? wordsText(words) : `.byte ${hexByte(bytes[0] ?? 0)}`;
  return symbol === undefined ? { address, bytes, text } : { address, bytes, text, symbol };
}

function withExtras(line: DisasmLine, symbol?: string, comment?: string): DisasmLine {
  return {
    ...line,
    ...(symbol === undefined ? {} : { symbol }),
    ...(comment === undefined ? {} : { comment }),
  };
}

interface Walk {
  readonly segment: ImageSegment;
  readonly symbols: ReadonlyMap<number, string>;
  readonly labels: ReadonlyMap<number, string>;
  readonly isData: (address: number) => boolean;
}

function decodeRow(walk: Walk, offset: number): DisasmLine {
  const { segment, symbols } = walk;
  const address = segment.address + offset;
  const data = segment.data;
  let outside = false;
  const read = (a: number): number => {
    const i = a - segment.address;
    if (i < 0 || i + 1 >= data.length) {
      outside = true;
      return 0;
    }
    return data[i]! | (data[i + 1]! << 8);
  };
  const symbol = walk.labels.get(address);
  const first = [data[offset] ?? 0, data[offset + 1] ?? 0];
  const decoded = decode(read, address);
  if (!decoded.ok || outside) {
    const message = decoded.ok
      ? 'the instruction runs past the end of the segment'
      : (decoded.errors[0]?.message ?? 'not an instruction');
    return withExtras(dataRow(address, first), symbol, message);
  }
  const ins = decoded.value;
  const bytes = Array.from(data.subarray(offset, offset + ins.length));
  const raw: number[] = [];
  for (let i = 0; i < bytes.length; i += 2) raw.push(bytes[i]! | (bytes[i + 1]! << 8));
  const reencoded = encode(ins, address);
  const exact =
    reencoded.ok &&
    reencoded.value.length === raw.length &&
    reencoded.value.every((w, i) => (w & 0xffff) === raw[i]);
  if (!exact) {
    const row = { address, bytes, text: wordsText(raw) };
    return withExtras(row, symbol, 'unused extension-word bits are set');
  }
  const text = formatInstruction(ins, address, { symbols, labels: walk.labels });
  const comment = text.startsWith('.word')
    ? (noSpelling(ins) ?? undefined)
    : targetNote(ins, address, text);
  return withExtras({ address, bytes, text }, symbol, comment);
}

function walkSegment(walk: Walk, lines: DisasmLine[]): void {
  const { segment, labels } = walk;
  const length = segment.data.length;
  let offset = 0;
  while (offset < length) {
    const address = segment.address + offset;
    const symbol = labels.get(address);
    if (address % 2 !== 0 || offset + 1 >= length) {
      lines.push(dataRow(address, [segment.data[offset] ?? 0], symbol));
      offset += 1;
    } else if (walk.isData(address)) {
      // Data rows hold up to four words and stop at the next label.
      let end = offset + 2;
      while (end + 1 < length && end - offset < 8 && walk.isData(segment.address + end)) {
        if (labels.has(segment.address + end)) break;
        end += 2;
      }
      lines.push(dataRow(address, Array.from(segment.data.subarray(offset, end)), symbol));
      offset = end;
    } else {
      const row = decodeRow(walk, offset);
      lines.push(row);
      offset += row.bytes.length;
    }
  }
}

/**
 * Disassembles every segment of `image` in address order. Words that do not decode become
 * `.word` rows and decoding resumes at the next word.
 */
export function disassembleImage(
  image: MemoryImage,
  options: DisassembleOptions = {},
): DisasmLine[] {
  const symbols = symbolMap(image);
  const labels = symbolMap(image, true);
  for (const [address, name] of options.symbols ?? []) {
    symbols.set(address, name);
    labels.set(address, name);
  }
  const ranges = options.dataRanges ?? VECTOR_TABLE;
  const lines: DisasmLine[] = [];
  const segments = [...image.segments].sort((a, b) => a.address - b.address);
  for (const segment of segments) {
    const dataSection = segment.name !== undefined && DATA_SECTION.test(segment.name);
    const isData = (a: number): boolean =>
      dataSection || ranges.some(([start, end]) => a >= start && a < end);
    walkSegment({ segment, symbols, labels, isData }, lines);
  }
  return lines;
}

/** objdump-like listing: a `<label>:` line before labelled rows, then address, bytes, text. */
export function formatDisassembly(lines: readonly DisasmLine[]): string {
  const wide = lines.some((l) => l.address > 0xffff);
  const digits = wide ? 5 : 4;
  const out: string[] = [];
  for (const line of lines) {
    const address = line.address.toString(16).padStart(digits, '0');
    if (line.symbol !== undefined) {
      if (out.length > 0) out.push('');
      out.push(`${address.padStart(8, '0')} <${line.symbol}>:`);
    }
    const bytes = line.bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const text =
      line.comment === undefined ? line.text : `${line.text.padEnd(28)} ; ${line.comment}`;
    out.push(`${address.padStart(8)}:  ${bytes.padEnd(24)}  ${text}`.trimEnd());
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}
