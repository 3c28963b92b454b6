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
 * To add a kernel, append to CONFIGS: a name, the MAC kind, `build` and the bound.
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
/** Software MAC site: the fixed factor read back as -2(R5), CALLA, then ADD/ADDC. */
function softSite(src: Step): Step[] {
  return [
    src,
    ['mov -2(r5), r12', 3],
    ['calla #__unit_mul16s', 5],
    ['__unit_mul16s body (RETA included)', 0],
    ['add r12, 0(Rm)', 4],
    ['addc r13, 2(Rm)', 4],
  ];
}
const LOOP_TAIL: readonly Step[] = [
  ['addx.a #4, r9', 2],
  ['dec r10', 1],
  ['jnz', 2],
];
const ABS_COMPARE: readonly Step[] = [
  ['mov @r6+, r12', 2],
  ['mov r12, r13', 1],
  ['tst r13', 1],
  ['jge (w ≥ 0)', 2],
  ['cmp r13, r4', 1],
  ['jhs', 2],
];

// ---- dense configurations ---------------------------------------------------------------------

const W = 3; // weight of every stored MAC (positive: the |w| path without INV/INC)
const X = 2; // every non-zero input

function dense(
  variant: MacVariant,
  weight: number,
  x: number,
): (rows: number, perRow: number) => { layer: PreparedLayer; input: number[] } {
  return (rows, perRow) => {
    const spec: DenseSpec = {
      inFeatures: rows,
      outFeatures: perRow,
      weights: new Array<number>(rows * perRow).fill(weight),
      bias: new Array<number>(perRow).fill(0),
      variant,
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

const GROUP_LOOKUP: readonly Step[] = [
  ['mov @r8+, r14', 2],
  ['rla r14', 1],
  ['adda r4, r14', 1],
  ['cmp r13, 0(r14) instead of cmp r13, r4', 2],
];

export const CONFIGS: KernelConfig[] = [
  {
    name: 'dense baseline',
    kind: 'executed',
    build: dense({ kind: 'dense' }, W, X),
    bound: {
      // MPY32 without zero skip: output-major, the accumulator stays in RES1:RES0 (MACS).
      mpy32: {
        perMac: [
          ['mov @r5+, &MACS', 4],
          ['mov @r6, &OP2', 4],
          ['adda r7, r6', 1],
          ['dec r9', 1],
          ['jnz', 2],
        ],
      },
      software: { perMac: [...softSite(['mov @r6+, r13', 2]), ...LOOP_TAIL], mulOperand: W },
    },
  },
  {
    name: 'dense skip-zero',
    kind: 'executed',
    build: dense({ kind: 'dense', skipZeroActivations: true }, W, X),
    bound: {
      mpy32: { perMac: [...MPY_SITE_MEM, ...LOOP_TAIL] },
      software: { perMac: [...softSite(['mov @r6+, r13', 2]), ...LOOP_TAIL], mulOperand: W },
    },
  },
  {
    name: 'dense skip-zero',
    kind: 'zero-activation skip',
    build: dense({ kind: 'dense', skipZeroActivations: true }, W, 0),
    bound: { mpy32: { perMac: [] }, software: { perMac: [] } },
  },
  {
    name: 'dense pruned',
    kind: 'executed',
    build: dense({ kind: 'pruned' }, W, X),
    bound: {
      mpy32: {
        perMac: [
          ['mov @r8+, r9', 2],
          ['rlam.a #2, r9', 2],
          ['adda r4, r9', 1],
          ...MPY_SITE_MEM,
          ['dec r10', 1],
          ['jnz', 2],
        ],
      },
      software: {
        perMac: [
          ['mov @r8+, r9', 2],
          ['rlam.a #2, r9', 2],
          ['adda r4, r9', 1],
          ...softSite(['mov @r8+, r13', 2]),
          ['dec r10', 1],
          ['jnz', 2],
        ],
        mulOperand: W,
      },
    },
  },
  {
    name: 'dense pruned',
    kind: 'zero-weight skip',
    build: dense({ kind: 'pruned' }, 0, X),
    bound: { mpy32: { perMac: [] }, software: { perMac: [] } },
  },
  {
    name: 'dense pruned skip-zero',
    kind: 'zero-activation skip',
    build: dense({ kind: 'pruned', skipZeroActivations: true }, W, 0),
    bound: { mpy32: { perMac: [] }, software: { perMac: [] } },
  },
  {
    name: 'dense unit',
    kind: 'executed',
    build: dense(UNIT_ALL_PASS, W, X),
    bound: {
      mpy32: { perMac: [...ABS_COMPARE, ...MPY_SITE_REG, ...LOOP_TAIL] },
      software: {
        perMac: [...ABS_COMPARE, ...softSite(['mov r12, r13', 1]), ...LOOP_TAIL],
        mulOperand: W,
      },
    },
  },
  {
    name: 'dense unit',
    kind: 'threshold skip',
    build: dense(UNIT_NONE_PASS, W, X),
    bound: {
      mpy32: { perMac: [...ABS_COMPARE, ...LOOP_TAIL] },
      software: { perMac: [...ABS_COMPARE, ...LOOP_TAIL] },
    },
  },
  {
    name: 'dense unit',
    kind: 'zero-weight skip',
    build: dense(UNIT_ALL_PASS, 0, X),
    bound: {
      mpy32: { perMac: [...ABS_COMPARE, ...LOOP_TAIL] },
      software: { perMac: [...ABS_COMPARE, ...LOOP_TAIL] },
    },
  },
  {
    name: 'dense unit',
    kind: 'zero-activation skip',
    build: dense(UNIT_ALL_PASS, W, 0),
    bound: { mpy32: { perMac: [] }, software: { perMac: [] } },
  },
  {
    name: 'dense unit groups',
    kind: 'executed',
    build: (rows, perRow) => dense(withGroups(UNIT_ALL_PASS, perRow), W, X)(rows, perRow),
    bound: {
      mpy32: { perMac: [...ABS_COMPARE, ...GROUP_LOOKUP, ...MPY_SITE_REG, ...LOOP_TAIL] },
      software: {
        perMac: [...ABS_COMPARE, ...GROUP_LOOKUP, ...softSite(['mov r12, r13', 1]), ...LOOP_TAIL],
        mulOperand: W,
      },
    },
  },
  {
    name: 'dense unit groups',
    kind: 'threshold skip',
    build: (rows, perRow) => dense(withGroups(UNIT_NONE_PASS, perRow), W, X)(rows, perRow),
    bound: {
      mpy32: { perMac: [...ABS_COMPARE, ...GROUP_LOOKUP, ...LOOP_TAIL] },
      software: { perMac: [...ABS_COMPARE, ...GROUP_LOOKUP, ...LOOP_TAIL] },
    },
  },
];

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
): (rows: number, perRow: number) => { layer: PreparedLayer; input: number[] } {
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

/** conv2d.s output-major tap (MPY32 baseline and structured): MACS with OP1 = w. */
const CONV_OM_TAP: readonly Step[] = [
  ['mov @r7+, &MACS', 4],
  ['mov @r4+, &OP2', 4],
  ['dec r6', 1],
  ['jnz', 2],
];
/** conv2d.s output-major entry (MPY32 pruned): the x of the pair's offset. */
const CONV_OMP_ENTRY: readonly Step[] = [
  ['mov @r7+, r8', 2],
  ['rlam.a #1, r8', 1],
  ['adda r11, r8', 1],
  ['mov @r7+, &MACS', 4],
  ['mov @r8, &OP2', 4],
  ['dec r6', 1],
  ['jnz', 2],
];
/** conv2d.s weight-major walk tail: next accumulator (R10 holds 4), count the row down. */
const CONV_TAIL: readonly Step[] = [
  ['adda r10, r5', 1],
  ['dec r6', 1],
  ['jnz', 2],
];
/** Zero test of the zero-skip and UnIT walks. */
const CONV_ZERO_TEST: readonly Step[] = [
  ['mov @r4+, r12', 2],
  ['tst r12', 1],
  ['jz', 2],
];
/** UnIT test after the zero test: −t ≤ x ≤ t ⇔ x + t ≤ 2t (unsigned), R8 = t, R9 = 2t. */
const CONV_THRESHOLD_TEST: readonly Step[] = [
  ['mov r12, r13', 1],
  ['add r8, r13', 1],
  ['cmp r13, r9', 1],
  ['jhs', 2],
];
/** Software MAC site of the conv walks: the weight stays in R7. */
function convSoftSite(src: Step): Step[] {
  return [
    src,
    ['mov r7, r12', 1],
    ['calla #__unit_mul16s', 5],
    ['__unit_mul16s body (RETA included)', 0],
    ['add r12, 0(r5)', 4],
    ['addc r13, 2(r5)', 4],
  ];
}

type ConvBound = Readonly<Record<MultiplierBackEnd, Bound>>;

/** Software output-major tap (baseline, structured): the sum stays in R9:R8. */
const CONV_SOFT_OM_TAP: Bound = {
  perMac: [
    ['mov @r4+, r13', 2],
    ['mov @r7+, r12', 2],
    ['calla #__unit_mul16s', 5],
    ['__unit_mul16s body (RETA included)', 0],
    ['add r12, r8', 1],
    ['addc r13, r9', 1],
    ['dec r6', 1],
    ['jnz', 2],
  ],
  mulOperand: X,
};
/** Software output-major entry (pruned). */
const CONV_SOFT_OMP_ENTRY: Bound = {
  perMac: [
    ['mov @r7+, r13', 2],
    ['rlam.a #1, r13', 1],
    ['adda r10, r13', 1],
    ['mov @r13, r13', 2],
    ['mov @r7+, r12', 2],
    ['calla #__unit_mul16s', 5],
    ['__unit_mul16s body (RETA included)', 0],
    ['add r12, r8', 1],
    ['addc r13, r9', 1],
    ['dec r6', 1],
    ['jnz', 2],
  ],
  mulOperand: X,
};
const CONV_BASELINE: ConvBound = { mpy32: { perMac: CONV_OM_TAP }, software: CONV_SOFT_OM_TAP };
const CONV_PRUNED: ConvBound = { mpy32: { perMac: CONV_OMP_ENTRY }, software: CONV_SOFT_OMP_ENTRY };
/** Weight-major zero-skip walk (pruned): the zero test, then the MAC site into scratch. */
const CONV_WALK_NONZERO: ConvBound = {
  mpy32: { perMac: [...CONV_ZERO_TEST, ...MPY_SITE_REG, ...CONV_TAIL] },
  software: {
    perMac: [...CONV_ZERO_TEST, ...convSoftSite(['mov r12, r13', 1]), ...CONV_TAIL],
    mulOperand: X,
  },
};
/** Output-major zero-skip tap (baseline, structured): the zero test, then the MAC. */
const CONV_NONZERO: ConvBound = {
  mpy32: {
    perMac: [
      ['mov @r4+, r10', 2],
      ['tst r10', 1],
      ['jz', 2],
      ['mov @r7+, &MACS', 4],
      ['mov r10, &OP2', 3],
      ['dec r6', 1],
      ['jnz', 2],
    ],
  },
  software: {
    perMac: [
      ['mov @r4+, r13', 2],
      ['tst r13', 1],
      ['jz', 2],
      ['mov @r7+, r12', 2],
      ['calla #__unit_mul16s', 5],
      ['__unit_mul16s body (RETA included)', 0],
      ['add r12, r8', 1],
      ['addc r13, r9', 1],
      ['dec r6', 1],
      ['jnz', 2],
    ],
    mulOperand: X,
  },
};
/** Output-major zero-skip tap with x = 0: the weight pointer steps over w. */
const CONV_NONZERO_SKIP: ConvBound = {
  mpy32: {
    perMac: [
      ['mov @r4+, r10', 2],
      ['tst r10', 1],
      ['jz', 2],
      ['mov @r7+, r10', 2],
      ['dec r6', 1],
      ['jnz', 2],
    ],
  },
  software: {
    perMac: [
      ['mov @r4+, r13', 2],
      ['tst r13', 1],
      ['jz', 2],
      ['mov @r7+, r12', 2],
      ['dec r6', 1],
      ['jnz', 2],
    ],
  },
};
const CONV_ZERO_SKIP: ConvBound = {
  mpy32: { perMac: [...CONV_ZERO_TEST, ...CONV_TAIL] },
  software: { perMac: [...CONV_ZERO_TEST, ...CONV_TAIL] },
};
const CONV_UNIT_EXECUTED: ConvBound = {
  mpy32: { perMac: [...CONV_ZERO_TEST, ...CONV_THRESHOLD_TEST, ...MPY_SITE_REG, ...CONV_TAIL] },
  software: {
    perMac: [
      ...CONV_ZERO_TEST,
      ...CONV_THRESHOLD_TEST,
      ...convSoftSite(['mov r12, r13', 1]),
      ...CONV_TAIL,
    ],
    mulOperand: X,
  },
};
const CONV_UNIT_SKIP: ConvBound = {
  mpy32: { perMac: [...CONV_ZERO_TEST, ...CONV_THRESHOLD_TEST, ...CONV_TAIL] },
  software: { perMac: [...CONV_ZERO_TEST, ...CONV_THRESHOLD_TEST, ...CONV_TAIL] },
};
/** No per-MAC work at all: a zero weight skips its whole walk (per tap, not per MAC). */
const CONV_NO_WALK: ConvBound = { mpy32: { perMac: [] }, software: { perMac: [] } };

CONFIGS.push(
  {
    name: 'conv2d baseline',
    kind: 'executed',
    build: conv({ kind: 'dense' }, W, X),
    bound: CONV_BASELINE,
  },
  {
    name: 'conv1d baseline',
    kind: 'executed',
    build: conv({ kind: 'dense' }, W, X, 'conv1d'),
    bound: CONV_BASELINE,
  },
  {
    name: 'conv2d skip-zero',
    kind: 'executed',
    build: conv({ kind: 'dense', skipZeroActivations: true }, W, X),
    bound: CONV_NONZERO,
  },
  {
    name: 'conv2d skip-zero',
    kind: 'zero-activation skip',
    build: conv({ kind: 'dense', skipZeroActivations: true }, W, 0),
    bound: CONV_NONZERO_SKIP,
  },
  {
    name: 'conv2d pruned',
    kind: 'executed',
    build: conv({ kind: 'pruned' }, W, X),
    bound: CONV_PRUNED,
  },
  {
    name: 'conv2d pruned',
    kind: 'zero-weight skip',
    build: conv({ kind: 'pruned' }, 0, X),
    bound: CONV_NO_WALK,
  },
  {
    name: 'conv2d pruned skip-zero',
    kind: 'executed',
    build: conv({ kind: 'pruned', skipZeroActivations: true }, W, X),
    bound: CONV_WALK_NONZERO,
  },
  {
    name: 'conv2d pruned skip-zero',
    kind: 'zero-activation skip',
    build: conv({ kind: 'pruned', skipZeroActivations: true }, W, 0),
    bound: CONV_ZERO_SKIP,
  },
  {
    name: 'conv2d unit',
    kind: 'executed',
    build: conv(UNIT_ALL_PASS, W, X),
    bound: CONV_UNIT_EXECUTED,
  },
  {
    name: 'conv2d unit',
    kind: 'threshold skip',
    build: conv(UNIT_NONE_PASS, W, X),
    bound: CONV_UNIT_SKIP,
  },
  {
    name: 'conv2d unit',
    kind: 'zero-activation skip',
    build: conv(UNIT_ALL_PASS, W, 0),
    bound: CONV_ZERO_SKIP,
  },
  {
    name: 'conv2d unit',
    kind: 'zero-weight skip',
    build: conv(UNIT_ALL_PASS, 0, X),
    bound: CONV_NO_WALK,
  },
  {
    name: 'conv1d unit groups',
    kind: 'executed',
    build: conv(withGroups(UNIT_ALL_PASS, 1), W, X, 'conv1d'),
    bound: CONV_UNIT_EXECUTED,
  },
  {
    name: 'conv1d unit groups',
    kind: 'threshold skip',
    build: conv(withGroups(UNIT_NONE_PASS, 1), W, X, 'conv1d'),
    bound: CONV_UNIT_SKIP,
  },
);

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
