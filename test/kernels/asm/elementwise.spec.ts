// kernels/asm/relu.s, maxpool2d.s, maxpool1d.s and argmax.s against their twins on every case
// of test/kernels/fixtures/elementwise.json (both back ends: the kernels use no multiplier, so
// their bytes are the same; both builds are checked anyway).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import {
  prepareArgmax,
  prepareMaxPool1d,
  prepareMaxPool2d,
  prepareRelu,
} from '../../../kernels/prepare.js';
import type {
  ArgmaxSpec,
  MacCounters,
  MaxPool1dSpec,
  MaxPool2dSpec,
  PreparedLayer,
  ReluSpec,
} from '../../../kernels/types.js';
import { runKernel } from '../../../runtime/kernels/runner.js';
import { FIXTURE_DIR } from '../fixtures/generate.js';
import { unwrap } from '../helpers.js';
import { BACK_ENDS, library } from './helpers.js';

type Case =
  | { layer: 'maxpool2d'; spec: MaxPool2dSpec }
  | { layer: 'maxpool1d'; spec: MaxPool1dSpec }
  | { layer: 'relu'; spec: ReluSpec }
  | { layer: 'argmax'; spec: ArgmaxSpec };

type Recorded = Case & {
  readonly name: string;
  readonly input: number[];
  readonly output: number[];
  readonly counters: MacCounters;
};

const fixture = JSON.parse(readFileSync(join(FIXTURE_DIR, 'elementwise.json'), 'utf8')) as {
  readonly cases: readonly Recorded[];
};

function prepared(c: Case): PreparedLayer {
  switch (c.layer) {
    case 'maxpool2d':
      return unwrap(prepareMaxPool2d(c.spec));
    case 'maxpool1d':
      return unwrap(prepareMaxPool1d(c.spec));
    case 'relu':
      return unwrap(prepareRelu(c.spec));
    case 'argmax':
      return unwrap(prepareArgmax(c.spec));
  }
}

const cases = fixture.cases.map((c) => ({ ...c, title: `${c.layer} ${c.name}` }));

describe.each(BACK_ENDS)('kernels/asm elementwise kernels, %s build', (backEnd) => {
  it.each(cases)('$title', (c) => {
    const k = runKernel(library(backEnd), prepared(c), c.input);
    expect([...k.output]).toEqual(c.output);
    expect(k.counters).toEqual(c.counters);
  });
});

describe('kernels/asm/relu.s in place', () => {
  it.each(cases.filter((c) => c.layer === 'relu'))('$title', (c) => {
    const k = runKernel(library('mpy32'), prepared(c), c.input, {
      inPlace: true,
      regions: { input: 'sram' },
    });
    expect(k.addresses.output).toBe(k.addresses.input);
    expect([...k.output]).toEqual(c.output);
  });
});
