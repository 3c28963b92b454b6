/**
 * Cycles per MAC of the assembly kernels' inner loops, measured on the emulated FR5994, next to
 * the bound the CPUXv2 cycle tables (msp430x.md §6, UG367 Tables 4-9, 4-10, 4-17 … 4-19) give
 * for the same instruction sequence. Each row is one kernel configuration × multiplier back end
 * × kind of MAC (executed, skipped by threshold, by zero activation, by zero weight).
 *
 * Method: a configuration builds a layer of `rows` outer iterations (dense: inputs; conv: taps)
 * with `perRow` MACs of one kind each (dense: outputs; conv: output positions). The per-MAC
 * cost is the slope of the extra cost of one more row over perRow:
 *     perMac = ((C(2, 16) − C(1, 16)) − (C(2, 8) − C(1, 8))) / 8,
 *     perRow = (C(2, 8) − C(1, 8)) − 8 · perMac,
 * so set-up, epilogue and requantisation cancel out. A skip that drops a whole row at once
 * (zero activation in dense) has a per-MAC slope of 0 and a fixed per-row cost.
 *
 * Run: `npx tsx benchmarks/kernels.ts` (`npm run bench:kernels`). Prints a table and writes
 * benchmarks/results/kernels.json. The derivations are in docs/kernels.md ("Cycle bounds").
 * To add a kernel, add a row to TABLE: a name, the MAC kind, the layer builder and the bounds.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { prepareConv1d, prepareConv2d, prepareDense } from '../kernels/prepare.js';
import type { DenseSpec, MacVariant, PreparedLayer } from '../kernels/types.js';
import {
  loadKernelLibrary,
  runKernel,
  type KernelLibrary,
  type MultiplierBackEnd,
} from '../runtime/kernels/runner.js';
import { kernelSources } from '../runtime/kernels/sources.js';

type MacKind = 'executed' | 'threshold skip' | 'zero-activation skip' | 'zero-weight skip';

/** One step of a bound: the instruction and its cycles from the CPUXv2 tables. */
type Step = readonly [instruction: string, cycles: number];

interface Bound {
  /** Inner-loop instructions per MAC (the back end's MAC site included). */
  readonly perMac: readonly Step[];
  /** Software back end: the `b` operand of `__unit_mul16s` per MAC, when it is called. */
  readonly mulOperand?: number;
}

export interface KernelConfig {
  readonly name: string;
  readonly kind: MacKind;
  /** A layer of `rows` outer iterations with `perRow` MACs of `kind` each, and its input. */
  readonly build: (rows: number, perRow: number) => { layer: PreparedLayer; input: number[] };
  readonly bound: Readonly<Record<MultiplierBackEnd, Bound>>;
}

// ---- the MAC sites of mul.inc and __unit_mul16s -----------------------------------------------

/** Cycles of one __unit_mul16s call body, CALLA excluded, RETA included (mul16s.s header). */
export function mul16sCycles(b: number): number {
  const bits = b & 0xffff;
  if (bits === 0) return 16;
  let cycles = b < 0 ? 14 : 13;
  for (let rest = bits; rest !== 0; rest >>>= 1) cycles += rest & 1 ? 10 : 8;
  return cycles + 5;
}

type Bounds = Readonly<Record<MultiplierBackEnd, Bound>>;

/** The same steps on both back ends: a path that does not multiply. */
function bothBackEnds(...steps: (readonly Step[])[]): Bounds {
  const perMac = steps.flat();
  return { mpy32: { perMac }, software: { perMac } };
}

/** No per-MAC work: the skip drops a whole row (or walk) at once. */
const NO_WORK = bothBackEnds();

/** The CALLA of __unit_mul16s; its body is counted by mul16sCycles. */
const CALL_MUL16S: readonly Step[] = [
  ['calla #__unit_mul16s', 5],
  ['__unit_mul16s body (RETA included)', 0],
];
/** A counted loop's end: DEC and JNZ. */
const COUNT_DOWN = (reg: string): Step[] => [
  [`dec ${reg}`, 1],
  ['jnz', 2],
];

/** MPY32 MAC site with the operand read by @Rn+ (MOV to OP2 4, ADD 6, ADDC 6). */
const MPY_SITE_MEM: readonly Step[] = [
  ['mov @Rn+, &OP2', 4],
  ['add &RES0, 0(Rm)', 6],
  ['addc &RES1, 2(Rm)', 6],
];
/** MPY32 MAC site with the operand in a register. */
const MPY_SITE_REG: readonly Step[] = [
  ['mov Rn, &OP2', 3],
  ['add &RES0, 0(Rm)', 6],
  ['addc &RES1, 2(Rm)', 6],
];
/** Software MAC site: operand to R13, fixed factor to R12, CALLA, then ADD/ADDC into `sum`. */
function softwareSite(operand: Step, factor: Step, sum: string): Step[] {
  return [operand, factor, ...CALL_MUL16S, [`add r12, 0(${sum})`, 4], [`addc r13, 2(${sum})`, 4]];
}
/** Dense software MAC site: the fixed factor read back as -2(R5). */
const softSite = (operand: Step): Step[] => softwareSite(operand, ['mov -2(r5), r12', 3], 'Rm');
/** Conv software MAC site: the weight stays in R7, the sum is in scratch at R5. */
const convSoftSite = (operand: Step): Step[] => softwareSite(operand, ['mov r7, r12', 1], 'r5');

/** The MAC site of each back end on one path. */
interface MacSite {
  readonly mpy32: readonly Step[];
  readonly software: readonly Step[];
}

/** A path that multiplies: `before`, the back end's MAC site, `after`; `b` = `mulOperand`. */
function multiplying(
  before: readonly Step[],
  site: MacSite,
  after: readonly Step[],
  mulOperand: number,
): Bounds {
  return {
    mpy32: { perMac: [...before, ...site.mpy32, ...after] },
    software: { perMac: [...before, ...site.software, ...after], mulOperand },
  };
}

const LOOP_TAIL: readonly Step[] = [['addx.a #4, r9', 2], ...COUNT_DOWN('r10')];
const ABS_COMPARE: readonly Step[] = [
  ['mov @r6+, r12', 2],
  ['mov r12, r13', 1],
  ['tst r13', 1],
  ['jge (w ≥ 0)', 2],
  ['cmp r13, r4', 1],
  ['jhs', 2],
];
const GROUP_LOOKUP: readonly Step[] = [
  ['mov @r8+, r14', 2],
  ['rla r14', 1],
  ['adda r4, r14', 1],
  ['cmp r13, 0(r14) instead of cmp r13, r4', 2],
];
/** Pruned dense: the stored index to the accumulator's address. */
const PRUNED_INDEX: readonly Step[] = [
  ['mov @r8+, r9', 2],
  ['rlam.a #2, r9', 2],
  ['adda r4, r9', 1],
];

// ---- dense configurations ---------------------------------------------------------------------

const W = 3; // weight of every stored MAC (positive: the |w| path without INV/INC)
const X = 2; // every non-zero input

type Build = (rows: number, perRow: number) => { layer: PreparedLayer; input: number[] };

/** `variant` may depend on the outputs (group tables have one entry per output). */
function dense(
  variant: MacVariant | ((outputs: number) => MacVariant),
  weight: number,
  x: number,
): Build {
  return (rows, perRow) => {
    const spec: DenseSpec = {
      inFeatures: rows,
      outFeatures: perRow,
      weights: new Array<number>(rows * perRow).fill(weight),
      bias: new Array<number>(perRow).fill(0),
      variant: typeof variant === 'function' ? variant(perRow) : variant,
    };
    const prepared = prepareDense(spec);
    if (!prepared.ok) throw new Error(prepared.errors.map((e) => e.message).join('; '));
    return { layer: prepared.value, input: new Array<number>(rows).fill(x) };
  };
}

/** UnIT with T so small that every non-zero product passes (P = −6: t = 0). */
const UNIT_ALL_PASS: MacVariant = {
  kind: 'unit',
  unit: { threshold: { kind: 'pow2', eT: -16 }, method: 'shift-ceil' },
};
/** UnIT with T so large that nothing passes (P = 15: t = 2^15 / 2 for x = 2). */
const UNIT_NONE_PASS: MacVariant = {
  kind: 'unit',
  unit: { threshold: { kind: 'pow2', eT: 5 }, method: 'shift-ceil' },
};
const withGroups = (v: MacVariant, n: number): MacVariant =>
  v.kind === 'unit'
    ? { kind: 'unit', unit: { ...v.unit, groupShifts: new Array<number>(n).fill(1) } }
    : v;
const groupsPerOutput =
  (v: MacVariant) =>
  (outputs: number): MacVariant =>
    withGroups(v, outputs);

const DENSE_INPUT_MAJOR = multiplying(
  [],
  { mpy32: MPY_SITE_MEM, software: softSite(['mov @r6+, r13', 2]) },
  LOOP_TAIL,
  W,
);
const DENSE_BOUNDS = {
  /** MPY32 without zero skip: output-major, the accumulator stays in RES1:RES0 (MACS). */
  baseline: {
    mpy32: {
      perMac: [
        ['mov @r5+, &MACS', 4],
        ['mov @r6, &OP2', 4],
        ['adda r7, r6', 1],
        ...COUNT_DOWN('r9'),
      ],
    },
    software: DENSE_INPUT_MAJOR.software,
  },
  skipZero: DENSE_INPUT_MAJOR,
  pruned: multiplying(
    PRUNED_INDEX,
    { mpy32: MPY_SITE_MEM, software: softSite(['mov @r8+, r13', 2]) },
    COUNT_DOWN('r10'),
    W,
  ),
  unit: multiplying(
    ABS_COMPARE,
    { mpy32: MPY_SITE_REG, software: softSite(['mov r12, r13', 1]) },
    LOOP_TAIL,
    W,
  ),
  unitSkip: bothBackEnds(ABS_COMPARE, LOOP_TAIL),
  groups: multiplying(
    [...ABS_COMPARE, ...GROUP_LOOKUP],
    { mpy32: MPY_SITE_REG, software: softSite(['mov r12, r13', 1]) },
    LOOP_TAIL,
    W,
  ),
  groupsSkip: bothBackEnds(ABS_COMPARE, GROUP_LOOKUP, LOOP_TAIL),
} satisfies Record<string, Bounds>;

// ---- conv configurations ----------------------------------------------------------------------
// A conv layer whose `rows` taps are the columns of one 1 × rows kernel (one input and one output
// channel) and whose `perRow` MACs per tap are the positions of one output row: one more tap adds
// exactly one MAC of the configured kind at every position, in weight-major and in output-major
// loops alike. The per-row cost is then the per-tap overhead (weight, division, walk set-up).

function conv(
  variant: MacVariant,
  weight: number,
  x: number,
  op: 'conv2d' | 'conv1d' = 'conv2d',
): Build {
  return (rows, perRow) => {
    const width = perRow + rows - 1;
    const common = {
      inChannels: 1,
      outChannels: 1,
      weights: new Array<number>(rows).fill(weight),
      bias: [0],
      variant,
    };
    const prepared =
      op === 'conv2d'
        ? prepareConv2d({
            ...common,
            inHeight: 1,
            inWidth: width,
            kernelHeight: 1,
            kernelWidth: rows,
          })
        : prepareConv1d({ ...common, inLength: width, kernelLength: rows });
    if (!prepared.ok) throw new Error(prepared.errors.map((e) => e.message).join('; '));
    return { layer: prepared.value, input: new Array<number>(width).fill(x) };
  };
}

/** conv2d.s weight-major walk tail: next accumulator (R10 holds 4), count the row down. */
const CONV_TAIL: readonly Step[] = [['adda r10, r5', 1], ...COUNT_DOWN('r6')];
/** Zero test of x, read by @R4+ into `reg`. */
const zeroTest = (reg: string): Step[] => [
  [`mov @r4+, ${reg}`, 2],
  [`tst ${reg}`, 1],
  ['jz', 2],
];
/** Zero test of the weight-major zero-skip and UnIT walks. */
const CONV_ZERO_TEST = zeroTest('r12');
/** UnIT test after the zero test: −t ≤ x ≤ t ⇔ x + t ≤ 2t (unsigned), R8 = t, R9 = 2t. */
const CONV_THRESHOLD_TEST: readonly Step[] = [
  ['mov r12, r13', 1],
  ['add r8, r13', 1],
  ['cmp r13, r9', 1],
  ['jhs', 2],
];
const CONV_WALK_SITE: MacSite = {
  mpy32: MPY_SITE_REG,
  software: convSoftSite(['mov r12, r13', 1]),
};
/** Output-major MAC: MPY32 MACS with OP1 = w; software with the sum in R9:R8. */
const CONV_OM_MPY: readonly Step[] = [['mov @r7+, &MACS', 4]];
const CONV_OM_SOFT: readonly Step[] = [
  ['mov @r7+, r12', 2],
  ...CALL_MUL16S,
  ['add r12, r8', 1],
  ['addc r13, r9', 1],
];
const CONV_BOUNDS = {
  /** Output-major tap (baseline and structured). */
  baseline: {
    mpy32: { perMac: [...CONV_OM_MPY, ['mov @r4+, &OP2', 4], ...COUNT_DOWN('r6')] },
    software: {
      perMac: [['mov @r4+, r13', 2], ...CONV_OM_SOFT, ...COUNT_DOWN('r6')],
      mulOperand: X,
    },
  },
  /** Output-major entry (pruned): the x of the pair's offset. */
  pruned: {
    mpy32: {
      perMac: [
        ['mov @r7+, r8', 2],
        ['rlam.a #1, r8', 1],
        ['adda r11, r8', 1],
        ...CONV_OM_MPY,
        ['mov @r8, &OP2', 4],
        ...COUNT_DOWN('r6'),
      ],
    },
    software: {
      perMac: [
        ['mov @r7+, r13', 2],
        ['rlam.a #1, r13', 1],
        ['adda r10, r13', 1],
        ['mov @r13, r13', 2],
        ...CONV_OM_SOFT,
        ...COUNT_DOWN('r6'),
      ],
      mulOperand: X,
    },
  },
  /**
   * Output-major zero-skip tap (baseline, structured): the zero test (R10 on MPY32, R13 in
   * software), then the MAC.
   */
  nonZero: {
    mpy32: {
      perMac: [...zeroTest('r10'), ...CONV_OM_MPY, ['mov r10, &OP2', 3], ...COUNT_DOWN('r6')],
    },
    software: {
      perMac: [...zeroTest('r13'), ...CONV_OM_SOFT, ...COUNT_DOWN('r6')],
      mulOperand: X,
    },
  },
  /** Output-major zero-skip tap with x = 0: the weight pointer steps over w. */
  nonZeroSkip: {
    mpy32: { perMac: [...zeroTest('r10'), ['mov @r7+, r10', 2], ...COUNT_DOWN('r6')] },
    software: { perMac: [...zeroTest('r13'), ['mov @r7+, r12', 2], ...COUNT_DOWN('r6')] },
  },
  /** Weight-major zero-skip walk (pruned): the zero test, then the MAC site into scratch. */
  walkNonZero: multiplying(CONV_ZERO_TEST, CONV_WALK_SITE, CONV_TAIL, X),
  zeroSkip: bothBackEnds(CONV_ZERO_TEST, CONV_TAIL),
  unit: multiplying([...CONV_ZERO_TEST, ...CONV_THRESHOLD_TEST], CONV_WALK_SITE, CONV_TAIL, X),
  unitSkip: bothBackEnds(CONV_ZERO_TEST, CONV_THRESHOLD_TEST, CONV_TAIL),
  /** A zero weight skips its whole walk (per tap, not per MAC). */
  noWalk: NO_WORK,
} satisfies Record<string, Bounds>;

// ---- the configurations -----------------------------------------------------------------------

const SKIP_ZERO: MacVariant = { kind: 'dense', skipZeroActivations: true };
const PRUNED_SKIP_ZERO: MacVariant = { kind: 'pruned', skipZeroActivations: true };
/**
 * Structured layers keep every output here, so that a row holds as many MACs as the baseline's:
 * removing outputs shortens the loop, it does not change what one MAC costs.
 */
const keepAll =
  (skipZeroActivations: boolean) =>
  (outputs: number): MacVariant => ({
    kind: 'structured',
    keep: Array.from({ length: outputs }, (_, i) => i),
    ...(skipZeroActivations ? { skipZeroActivations } : {}),
  });

/** name, MAC kind, layer builder, bounds: one row per configuration, in the printed order. */
const TABLE: readonly (readonly [string, MacKind, Build, Bounds])[] = [
  ['dense baseline', 'executed', dense({ kind: 'dense' }, W, X), DENSE_BOUNDS.baseline],
  ['dense skip-zero', 'executed', dense(SKIP_ZERO, W, X), DENSE_BOUNDS.skipZero],
  ['dense skip-zero', 'zero-activation skip', dense(SKIP_ZERO, W, 0), NO_WORK],
  ['dense structured', 'executed', dense(keepAll(false), W, X), DENSE_BOUNDS.baseline],
  ['dense structured skip-zero', 'executed', dense(keepAll(true), W, X), DENSE_BOUNDS.skipZero],
  ['dense pruned', 'executed', dense({ kind: 'pruned' }, W, X), DENSE_BOUNDS.pruned],
  ['dense pruned', 'zero-weight skip', dense({ kind: 'pruned' }, 0, X), NO_WORK],
  ['dense pruned skip-zero', 'zero-activation skip', dense(PRUNED_SKIP_ZERO, W, 0), NO_WORK],
  ['dense unit', 'executed', dense(UNIT_ALL_PASS, W, X), DENSE_BOUNDS.unit],
  ['dense unit', 'threshold skip', dense(UNIT_NONE_PASS, W, X), DENSE_BOUNDS.unitSkip],
  ['dense unit', 'zero-weight skip', dense(UNIT_ALL_PASS, 0, X), DENSE_BOUNDS.unitSkip],
  ['dense unit', 'zero-activation skip', dense(UNIT_ALL_PASS, W, 0), NO_WORK],
  [
    'dense unit groups',
    'executed',
    dense(groupsPerOutput(UNIT_ALL_PASS), W, X),
    DENSE_BOUNDS.groups,
  ],
  [
    'dense unit groups',
    'threshold skip',
    dense(groupsPerOutput(UNIT_NONE_PASS), W, X),
    DENSE_BOUNDS.groupsSkip,
  ],
  ['conv2d baseline', 'executed', conv({ kind: 'dense' }, W, X), CONV_BOUNDS.baseline],
  ['conv1d baseline', 'executed', conv({ kind: 'dense' }, W, X, 'conv1d'), CONV_BOUNDS.baseline],
  ['conv2d structured', 'executed', conv(keepAll(false)(1), W, X), CONV_BOUNDS.baseline],
  ['conv1d skip-zero', 'executed', conv(SKIP_ZERO, W, X, 'conv1d'), CONV_BOUNDS.nonZero],
  ['conv1d pruned', 'executed', conv({ kind: 'pruned' }, W, X, 'conv1d'), CONV_BOUNDS.pruned],
  ['conv2d skip-zero', 'executed', conv(SKIP_ZERO, W, X), CONV_BOUNDS.nonZero],
  ['conv2d skip-zero', 'zero-activation skip', conv(SKIP_ZERO, W, 0), CONV_BOUNDS.nonZeroSkip],
  ['conv2d pruned', 'executed', conv({ kind: 'pruned' }, W, X), CONV_BOUNDS.pruned],
  ['conv2d pruned', 'zero-weight skip', conv({ kind: 'pruned' }, 0, X), CONV_BOUNDS.noWalk],
  ['conv2d pruned skip-zero', 'executed', conv(PRUNED_SKIP_ZERO, W, X), CONV_BOUNDS.walkNonZero],
  [
    'conv2d pruned skip-zero',
    'zero-activation skip',
    conv(PRUNED_SKIP_ZERO, W, 0),
    CONV_BOUNDS.zeroSkip,
  ],
  ['conv2d unit', 'executed', conv(UNIT_ALL_PASS, W, X), CONV_BOUNDS.unit],
  ['conv2d unit', 'threshold skip', conv(UNIT_NONE_PASS, W, X), CONV_BOUNDS.unitSkip],
  ['conv2d unit', 'zero-activation skip', conv(UNIT_ALL_PASS, W, 0), CONV_BOUNDS.zeroSkip],
  ['conv2d unit', 'zero-weight skip', conv(UNIT_ALL_PASS, 0, X), CONV_BOUNDS.noWalk],
  ['conv1d unit', 'executed', conv(UNIT_ALL_PASS, W, X, 'conv1d'), CONV_BOUNDS.unit],
  ['conv1d unit', 'threshold skip', conv(UNIT_NONE_PASS, W, X, 'conv1d'), CONV_BOUNDS.unitSkip],
  [
    'conv1d unit groups',
    'executed',
    conv(withGroups(UNIT_ALL_PASS, 1), W, X, 'conv1d'),
    CONV_BOUNDS.unit,
  ],
  [
    'conv1d unit groups',
    'threshold skip',
    conv(withGroups(UNIT_NONE_PASS, 1), W, X, 'conv1d'),
    CONV_BOUNDS.unitSkip,
  ],
];

export const CONFIGS: readonly KernelConfig[] = TABLE.map(([name, kind, build, bound]) => ({
  name,
  kind,
  build,
  bound,
}));

// ---- measurement ------------------------------------------------------------------------------

export interface KernelResult {
  readonly kernel: string;
  readonly kind: MacKind;
  readonly multiplier: MultiplierBackEnd;
  /** Measured cycles per MAC of the inner loop (slope), and per row (outer iteration). */
  readonly cyclesPerMac: number;
  readonly cyclesPerRow: number;
  /** What the CPUXv2 tables give for the inner loop's instructions on this path. */
  readonly boundPerMac: number;
  readonly energyPerMacNj: number | null;
}

export function boundCycles(bound: Bound): number {
  const tables = bound.perMac.reduce((sum, [, c]) => sum + c, 0);
  return tables + (bound.mulOperand === undefined ? 0 : mul16sCycles(bound.mulOperand));
}

function measure(lib: KernelLibrary, config: KernelConfig): KernelResult {
  const run = (rows: number, perRow: number): { cycles: number; energy: number | null } => {
    const { layer, input } = config.build(rows, perRow);
    const k = runKernel(lib, layer, input);
    const diff = (['output', 'counters'] as const).filter(
      (what) =>
        JSON.stringify(what === 'output' ? [...k.output] : k.counters) !==
        JSON.stringify(what === 'output' ? [...k.twin.output] : k.twin.counters),
    );
    if (diff.length > 0) throw new Error(`${config.name}: ${diff.join(', ')} differ from the twin`);
    return { cycles: k.cycles, energy: k.energyNj };
  };
  const row = (perRow: number): { cycles: number; energy: number | null } => {
    const one = run(1, perRow);
    const two = run(2, perRow);
    const energy = one.energy === null || two.energy === null ? null : two.energy - one.energy;
    return { cycles: two.cycles - one.cycles, energy };
  };
  const r8 = row(8);
  const r16 = row(16);
  const perMac = (r16.cycles - r8.cycles) / 8;
  const energy = r8.energy === null || r16.energy === null ? null : (r16.energy - r8.energy) / 8;
  return {
    kernel: config.name,
    kind: config.kind,
    multiplier: lib.multiplier,
    cyclesPerMac: perMac,
    cyclesPerRow: r8.cycles - 8 * perMac,
    boundPerMac: boundCycles(config.bound[lib.multiplier]),
    energyPerMacNj: energy,
  };
}

function main(): void {
  const sources = kernelSources();
  const results: KernelResult[] = [];
  for (const multiplier of ['mpy32', 'software'] as const) {
    const lib = loadKernelLibrary({ multiplier, sources });
    for (const config of CONFIGS) results.push(measure(lib, config));
  }
  const header = ['kernel', 'MAC', 'multiplier', 'cycles/MAC', 'bound', 'cycles/row', 'nJ/MAC'];
  const rows = results.map((r) => [
    r.kernel,
    r.kind,
    r.multiplier,
    String(r.cyclesPerMac),
    String(r.boundPerMac),
    String(r.cyclesPerRow),
    r.energyPerMacNj === null ? '–' : (Math.round(r.energyPerMacNj * 100) / 100 + 0).toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i < 3 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
  const off = results.filter((r) => r.cyclesPerMac !== r.boundPerMac);
  console.log(
    off.length === 0
      ? '\nevery inner loop runs at its CPUXv2 bound'
      : `\n${off.length} rows differ from the bound`,
  );
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'kernels.json');
  writeFileSync(
    file,
    JSON.stringify(
      {
        benchmark: 'benchmarks/kernels.ts',
        clock: 'MCLK 1 MHz, no FRAM wait states (the reset clock of runtime/testing)',
        operands: { weight: W, input: X },
        results,
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`wrote ${file}`);
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) main();
