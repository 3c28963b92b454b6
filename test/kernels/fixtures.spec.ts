// The committed kernel fixtures are current (regenerated in memory and compared), and every run
// they record replays through prepare + twin from the JSON alone, as the assembly-kernel specs
// (test/kernels/asm) read them; the relations between variants that must hold are checked too.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FIXTURE_DIR,
  GENERATOR,
  GENERATOR_VERSION,
  generateFixtures,
  prng,
} from './fixtures/generate.js';
import { prepareElementwiseLayer } from './fixtures/layers.js';
import {
  prepareRun,
  readFixture,
  type ElementwiseFixture,
  type MacFixture,
} from './fixtures/read.js';
import type { MacVariant } from '../../kernels/types.js';
import { expectBalanced, run, unwrap } from './helpers.js';

describe('fixtures are current', () => {
  it('regenerating them in memory gives the committed files, byte for byte', async () => {
    const generated = await generateFixtures();
    expect([...generated.keys()].sort()).toEqual([
      'conv1d.json',
      'conv2d.json',
      'dense.json',
      'elementwise.json',
    ]);
    for (const [name, text] of generated) {
      expect(readFileSync(join(FIXTURE_DIR, name), 'utf8'), name).toBe(text);
    }
  });

  it('the PRNG is mulberry32 (first outputs pinned)', () => {
    const random = prng(1);
    const first = [random(), random(), random()].map((v) => Math.floor(v * 2 ** 32));
    // The published mulberry32(1) sequence: 0.6270739405881613, 0.002735721180215478, 0.5274470399599522
    expect(first).toEqual([2693262067, 11749833, 2265367787]);
  });
});

const MAC_FILES = (['dense', 'conv2d', 'conv1d'] as const).map((op) => [`${op}.json`, op] as const);

const variantName = (v: MacVariant): string => JSON.stringify(v);

describe.each(MAC_FILES)('%s', (file, op) => {
  const fixture = readFixture<MacFixture>(file);

  it('records generator, version and seed in its header', () => {
    expect(fixture.header.generator).toBe(GENERATOR);
    expect(fixture.header.version).toBe(GENERATOR_VERSION);
    expect(Number.isInteger(fixture.header.seed)).toBe(true);
    expect(fixture.cases.map((c) => c.name)).toEqual([
      'random',
      'all-zero',
      'saturation',
      'single-non-zero',
    ]);
  });

  describe.each(fixture.cases)('case $name', (c) => {
    it('every recorded run replays from the JSON', () => {
      for (const r of c.runs) {
        const result = run(prepareRun(op, fixture, c, r), c.input);
        expect(Array.from(result.output), variantName(r.variant)).toEqual(r.output);
        expect(result.counters, variantName(r.variant)).toEqual(r.counters);
        expectBalanced(result.counters);
      }
    });

    // Runs at the file's F only: the relations below compare outputs of one format.
    const q105 = c.runs.filter((x) => x.fracBits === undefined);
    const find = (pred: (v: MacVariant, relu: boolean) => boolean) => {
      const r = q105.find((x) => pred(x.variant, x.relu));
      if (r === undefined) throw new Error('fixture run missing');
      return r;
    };
    const baseline = find(
      (v, relu) => v.kind === 'dense' && v.skipZeroActivations !== true && !relu,
    );
    const zeroSkip = find(
      (v, relu) => v.kind === 'dense' && v.skipZeroActivations === true && !relu,
    );
    const prunedSkip = find(
      (v, relu) => v.kind === 'pruned' && v.skipZeroActivations === true && !relu,
    );
    const unitRun = (method: string, eT: number) =>
      find(
        (v) =>
          v.kind === 'unit' &&
          v.unit.method === method &&
          v.unit.threshold.kind === 'pow2' &&
          v.unit.threshold.eT === eT &&
          v.unit.groupShifts === undefined,
      );

    it('pruned (with and without zero-skip) and zero-skip compute the baseline outputs', () => {
      const same = q105.filter(
        (r) => !r.relu && (r.variant.kind === 'pruned' || r.variant.kind === 'dense'),
      );
      expect(same).toHaveLength(4);
      for (const r of same) expect(r.output).toEqual(baseline.output);
    });

    it('fused ReLU clamps the same sums: relu output = max(0, plain output)', () => {
      const pairs = q105.filter((r) => r.relu && r.variant.kind !== 'unit');
      expect(pairs).toHaveLength(6);
      for (const r of pairs) {
        const plain = find((v, relu) => !relu && variantName(v) === variantName(r.variant));
        expect(r.output).toEqual(plain.output.map((y) => Math.max(0, y)));
        expect(r.counters).toEqual(plain.counters);
      }
    });

    it('structured computes the kept outputs of the baseline, in order', () => {
      const structured = find((v, relu) => v.kind === 'structured' && !relu);
      if (structured.variant.kind !== 'structured') throw new Error('not structured');
      const keep = structured.variant.keep;
      // Dense outputs are one word per neuron; conv outputs are CHW, one plane per channel.
      const outputs = fixture.shape[op === 'dense' ? 'outFeatures' : 'outChannels']!;
      const perOutput = baseline.output.length / outputs;
      const expected = keep.flatMap((o) =>
        baseline.output.slice(o * perOutput, (o + 1) * perOutput),
      );
      expect(structured.output).toEqual(expected);
    });

    it('UnIT with T = 0 (exact) = zero-skip outputs, and = pruned + zero-skip counters', () => {
      const t0 = find(
        (v) => v.kind === 'unit' && v.unit.threshold.kind === 'raw' && v.unit.threshold.tRaw === 0,
      );
      expect(t0.output).toEqual(zeroSkip.output);
      expect({ ...t0.counters, divisions: 0, comparisons: 0 }).toEqual(prunedSkip.counters);
    });

    it.each([-2, -1])('eT = %d: tree = shift-ceil; executed ceil >= exact >= floor', (eT) => {
      const ceil = unitRun('shift-ceil', eT);
      const tree = unitRun('tree', eT);
      expect(tree.output).toEqual(ceil.output);
      expect(tree.counters).toEqual(ceil.counters);
      const exact = unitRun('exact', eT).counters.executedMacs;
      expect(ceil.counters.executedMacs).toBeGreaterThanOrEqual(exact);
      expect(exact).toBeGreaterThanOrEqual(unitRun('shift-floor', eT).counters.executedMacs);
    });
  });
});

describe('elementwise.json', () => {
  const fixture = readFixture<ElementwiseFixture>('elementwise.json');
  it('records generator, version and seed', () => {
    expect(fixture.header.generator).toBe(GENERATOR);
    expect(fixture.header.version).toBe(GENERATOR_VERSION);
    expect(Number.isInteger(fixture.header.seed)).toBe(true);
  });

  it.each(fixture.cases)('$layer $name replays', (c) => {
    const layer = unwrap(prepareElementwiseLayer(c.layer, c.spec));
    const result = run(layer, c.input);
    expect(Array.from(result.output)).toEqual(c.output);
    expect(result.counters).toEqual(c.counters);
  });
});
