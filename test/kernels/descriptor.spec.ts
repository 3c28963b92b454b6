// Layer descriptor encoding (pinned words), sizes, address checks, and prepare's validation of
// every documented range.
import { describe, expect, it } from 'vitest';
import {
  DESCRIPTOR_BYTES,
  DESCRIPTOR_MAGIC,
  DESCRIPTOR_WORDS,
  Field,
  Flag,
  MethodCode,
  OpCode,
  VariantCode,
  decodeDescriptor,
  descriptorSize,
  encodeDescriptor,
  scratchSize,
  wordsToBytes,
} from '../../kernels/descriptor.js';
import {
  prepareArgmax,
  prepareConv1d,
  prepareConv2d,
  prepareDense,
  prepareMaxPool1d,
  prepareMaxPool2d,
  prepareRelu,
} from '../../kernels/prepare.js';
import type { DenseSpec } from '../../kernels/types.js';
import { errorsOf, unwrap } from './helpers.js';

const denseBase: DenseSpec = {
  inFeatures: 3,
  outFeatures: 2,
  weights: [5, 6, 32, -32, 0, 64],
  bias: [32, -16],
  variant: { kind: 'dense' },
};

describe('prepare lays out the variants', () => {
  it('pruned dense: CSR over inputs with interleaved (output, weight) pairs', () => {
    const layer = unwrap(prepareDense({ ...denseBase, variant: { kind: 'pruned' } }));
    if (layer.variant !== 'pruned') throw new Error('variant');
    expect(Array.from(layer.rowPtr)).toEqual([0, 2, 4, 5]);
    // p0: (0, 5), (1, 6); p1: (0, 32), (1, -32 = 0xFFE0); p2: (1, 64)
    expect(Array.from(layer.entries)).toEqual([0, 5, 1, 6, 0, 32, 1, 0xffe0, 1, 64]);
  });

  it('pruned conv: per output channel, index = ic·H·W + ky·W + kx', () => {
    const layer = unwrap(
      prepareConv2d({
        inChannels: 2,
        inHeight: 3,
        inWidth: 4,
        outChannels: 1,
        kernelHeight: 2,
        kernelWidth: 2,
        // [ic0: 0 7 / 0 0, ic1: 0 0 / -1 0]
        weights: [0, 7, 0, 0, 0, 0, -1, 0],
        bias: [0],
        variant: { kind: 'pruned' },
      }),
    );
    if (layer.variant !== 'pruned') throw new Error('variant');
    expect(Array.from(layer.rowPtr)).toEqual([0, 2]);
    // tap (0,0,1) -> 1; tap (1,1,0) -> 12 + 4 = 16
    expect(Array.from(layer.entries)).toEqual([1, 7, 16, 0xffff]);
  });

  it('structured dense: kept columns, kept bias, the index map', () => {
    const layer = unwrap(
      prepareDense({ ...denseBase, variant: { kind: 'structured', keep: [1] } }),
    );
    if (layer.variant !== 'structured') throw new Error('variant');
    expect(Array.from(layer.weights)).toEqual([6, -32, 64]);
    expect(Array.from(layer.bias)).toEqual([-16]);
    expect(Array.from(layer.keep)).toEqual([1]);
    expect(layer.outFeatures).toBe(1);
    expect(layer.originalOutputs).toBe(2);
  });

  it('conv1d is a one-row conv2d', () => {
    const layer = unwrap(
      prepareConv1d({
        inChannels: 2,
        inLength: 7,
        outChannels: 3,
        kernelLength: 3,
        weights: new Array<number>(18).fill(1),
        bias: [0, 0, 0],
        variant: { kind: 'dense' },
      }),
    );
    expect(layer).toMatchObject({
      op: 'conv1d',
      inHeight: 1,
      inWidth: 7,
      kernelHeight: 1,
      kernelWidth: 3,
      outHeight: 1,
      outWidth: 5,
    });
  });

  it('UnIT keeps the group shifts and their maximum', () => {
    const layer = unwrap(
      prepareDense({
        ...denseBase,
        variant: {
          kind: 'unit',
          unit: { threshold: { kind: 'pow2', eT: -2 }, method: 'tree', groupShifts: [3, 1] },
        },
      }),
    );
    if (layer.variant !== 'unit') throw new Error('variant');
    expect(Array.from(layer.unit.groupShifts ?? [])).toEqual([3, 1]);
    expect(layer.unit.maxGroupShift).toBe(3);
    expect(layer.skipZeroActivations).toBe(true);
  });
});

describe('prepare rejects every documented range violation', () => {
  const unitVariant = (eT: number) =>
    ({ kind: 'unit', unit: { threshold: { kind: 'pow2', eT }, method: 'exact' } }) as const;
  it.each([
    ['fracBits 16', { ...denseBase, fracBits: 16 }, ['fracBits']],
    ['fracBits -1', { ...denseBase, fracBits: -1 }, ['fracBits']],
    ['inFeatures 0', { ...denseBase, inFeatures: 0 }, ['inFeatures']],
    ['outFeatures 2.5', { ...denseBase, outFeatures: 2.5 }, ['outFeatures']],
    ['too many weights', { ...denseBase, inFeatures: 300, outFeatures: 300 }, ['weights']],
    ['weights length', { ...denseBase, weights: [1, 2, 3] }, ['weights']],
    ['weight 32768', { ...denseBase, weights: [5, 6, 32, -32, 0, 32768] }, ['weights[5]']],
    ['weight 1.5', { ...denseBase, weights: [5, 6, 32, -32, 0, 1.5] }, ['weights[5]']],
    ['bias -32769', { ...denseBase, bias: [0, -32769] }, ['bias[1]']],
    ['eT + 2F = 16', { ...denseBase, variant: unitVariant(6) }, ['unit.threshold.eT']],
    ['eT + 2F = -17', { ...denseBase, variant: unitVariant(-27) }, ['unit.threshold.eT']],
    ['eT 0.5', { ...denseBase, variant: unitVariant(0.5) }, ['unit.threshold.eT']],
    [
      'raw T with shift-floor',
      {
        ...denseBase,
        variant: {
          kind: 'unit',
          unit: { threshold: { kind: 'raw', tRaw: 8 }, method: 'shift-floor' },
        },
      },
      ['unit.method'],
    ],
    [
      'raw T negative',
      {
        ...denseBase,
        variant: { kind: 'unit', unit: { threshold: { kind: 'raw', tRaw: -1 }, method: 'exact' } },
      },
      ['unit.threshold.tRaw'],
    ],
    [
      'group shift 16 and wrong count',
      {
        ...denseBase,
        variant: {
          kind: 'unit',
          unit: { threshold: { kind: 'pow2', eT: -2 }, method: 'exact', groupShifts: [0, 16] },
        },
      },
      ['unit.groupShifts[1]'],
    ],
    [
      'group count',
      {
        ...denseBase,
        variant: {
          kind: 'unit',
          unit: { threshold: { kind: 'pow2', eT: -2 }, method: 'exact', groupShifts: [0] },
        },
      },
      ['unit.groupShifts'],
    ],
    [
      'keep not ascending',
      { ...denseBase, variant: { kind: 'structured', keep: [1, 0] } },
      ['variant.keep[1]'],
    ],
    [
      'keep out of range',
      { ...denseBase, variant: { kind: 'structured', keep: [2] } },
      ['variant.keep[0]'],
    ],
    ['keep empty', { ...denseBase, variant: { kind: 'structured', keep: [] } }, ['variant.keep']],
  ] as [string, DenseSpec, string[]][])('dense: %s', (_, spec, fields) => {
    expect(errorsOf(prepareDense(spec))).toEqual(fields);
  });

  it('eT + 2F at the ends of -16..15 is accepted', () => {
    expect(prepareDense({ ...denseBase, variant: unitVariant(5) }).ok).toBe(true);
    expect(prepareDense({ ...denseBase, variant: unitVariant(-26) }).ok).toBe(true);
    expect(prepareDense({ ...denseBase, fracBits: 0, variant: unitVariant(15) }).ok).toBe(true);
  });

  it('conv: kernel larger than the input, too many outputs', () => {
    const conv = {
      inChannels: 1,
      inHeight: 3,
      inWidth: 3,
      outChannels: 1,
      kernelHeight: 4,
      kernelWidth: 4,
      weights: new Array<number>(16).fill(0),
      bias: [0],
      variant: { kind: 'dense' },
    } as const;
    expect(errorsOf(prepareConv2d(conv))).toEqual(['kernelHeight', 'kernelWidth']);
    expect(
      errorsOf(
        prepareConv2d({
          ...conv,
          inHeight: 300,
          inWidth: 300,
          kernelHeight: 1,
          kernelWidth: 1,
          weights: [1],
        }),
      ),
    ).toEqual(['input', 'output', 'scratch']);
    expect(
      errorsOf(
        prepareConv1d({
          inChannels: 1,
          inLength: 2,
          outChannels: 1,
          kernelLength: 3,
          weights: [1, 1, 1],
          bias: [0],
          variant: { kind: 'dense' },
        }),
      ),
    ).toEqual(['kernelLength']);
  });

  it('pools, relu and argmax', () => {
    expect(
      errorsOf(
        prepareMaxPool2d({ channels: 1, inHeight: 2, inWidth: 2, poolHeight: 3, poolWidth: 1 }),
      ),
    ).toEqual(['poolHeight']);
    expect(errorsOf(prepareMaxPool1d({ channels: 0, inLength: 4, poolLength: 2 }))).toEqual([
      'channels',
    ]);
    expect(errorsOf(prepareRelu({ length: 70000 }))).toEqual(['length']);
    expect(errorsOf(prepareArgmax({ length: 32768 }))).toEqual(['length']);
  });
});

describe('descriptor encoding', () => {
  it('is 38 words (76 bytes)', () => {
    expect(DESCRIPTOR_WORDS).toBe(38);
    expect(DESCRIPTOR_BYTES).toBe(76);
  });

  it('pins every word of a UnIT dense descriptor with groups and a buffer in upper FRAM', () => {
    const layer = unwrap(
      prepareDense({
        ...denseBase,
        relu: true,
        variant: {
          kind: 'unit',
          unit: { threshold: { kind: 'pow2', eT: -2 }, method: 'shift-floor', groupShifts: [2, 0] },
        },
      }),
    );
    const words = unwrap(
      encodeDescriptor(layer, {
        input: 0x1c00,
        output: 0x1c10,
        weights: 0x12340,
        bias: 0x4400,
        groups: 0x4410,
        scratch: 0x1d00,
      }),
    );
    // prettier-ignore
    expect(Array.from(words)).toEqual([
      DESCRIPTOR_MAGIC, // 0x4455, "UD"
      1, // version
      OpCode.dense,
      VariantCode.unit,
      Flag.relu | Flag.skipZeroActivations | Flag.groups, // 0b0111
      5, // F
      MethodCode['shift-floor'],
      0xfffe, // eT = -2
      8, // P = eT + 2F
      0, // tRaw
      2, // max group shift
      0, // compressed entries
      3, 2, 2, 0, 0, 0, 0, 0, 0, 0, // shape: in, out, original out
      0x1c00, 0, // input
      0x1c10, 0, // output
      0x2340, 1, // weights at 0x12340: bits 15:0, then bits 19:16
      0x4400, 0, // bias
      0, 0, // index (unused)
      0, 0, // entries (unused)
      0x4410, 0, // groups
      0x1d00, 0, // scratch
    ]);
    expect(words[Field.op]).toBe(1);
    expect(Array.from(wordsToBytes(words).subarray(0, 4))).toEqual([0x55, 0x44, 1, 0]);
  });

  it('pruned conv2d: shapes, entry count, index/entries pointers; round-trips through decode', () => {
    const layer = unwrap(
      prepareConv2d({
        inChannels: 2,
        inHeight: 5,
        inWidth: 6,
        outChannels: 3,
        kernelHeight: 3,
        kernelWidth: 2,
        weights: Array.from({ length: 36 }, (_, i) => (i % 4 === 0 ? 0 : i)),
        bias: [1, 2, 3],
        variant: { kind: 'pruned', skipZeroActivations: true },
      }),
    );
    const sizes = descriptorSize(layer);
    expect(sizes).toEqual({
      descriptor: 76,
      input: 120,
      output: 3 * 3 * 5 * 2,
      weights: 0,
      bias: 6,
      index: 8,
      entries: 27 * 4,
      groups: 0,
      scratch: 4 * 15,
    });
    const words = unwrap(
      encodeDescriptor(layer, {
        input: 0x2000,
        output: 0x2100,
        bias: 0x4000,
        index: 0x4010,
        entries: 0x4100,
        scratch: 0x2200,
        weights: 0x9999, // not used by a pruned layer: written as 0
      }),
    );
    const d = unwrap(decodeDescriptor(words));
    expect(d).toMatchObject({
      op: OpCode.conv2d,
      variant: VariantCode.pruned,
      flags: Flag.skipZeroActivations,
      fracBits: 5,
      method: 0,
      entryCount: 27,
      shape: [2, 5, 6, 3, 3, 2, 3, 5, 3, 0],
    });
    expect(d.pointers).toEqual({
      input: 0x2000,
      output: 0x2100,
      weights: 0,
      bias: 0x4000,
      index: 0x4010,
      entries: 0x4100,
      groups: 0,
      scratch: 0x2200,
    });
  });

  it('raw threshold sets the flag and tRaw; eT and P stay 0', () => {
    const layer = unwrap(
      prepareDense({
        ...denseBase,
        variant: { kind: 'unit', unit: { threshold: { kind: 'raw', tRaw: 12 }, method: 'exact' } },
      }),
    );
    const all = { input: 0x2000, output: 0x2010, weights: 0x2020, bias: 0x2040, scratch: 0x2050 };
    const d = unwrap(decodeDescriptor(unwrap(encodeDescriptor(layer, all))));
    expect(d).toMatchObject({
      flags: Flag.rawThreshold | Flag.skipZeroActivations,
      tRaw: 12,
      eT: 0,
      rawExponent: 0,
      method: MethodCode.exact,
    });
  });

  it('maxpool, relu (in place allowed), argmax', () => {
    const pool = unwrap(
      prepareMaxPool2d({ channels: 2, inHeight: 4, inWidth: 4, poolHeight: 2, poolWidth: 2 }),
    );
    const d = unwrap(
      decodeDescriptor(unwrap(encodeDescriptor(pool, { input: 0x2000, output: 0x2040 }))),
    );
    expect(d.shape).toEqual([2, 4, 4, 2, 2, 2, 2, 2, 0, 0]);
    expect(scratchSize(pool)).toBe(0);
    const relu = unwrap(prepareRelu({ length: 4 }));
    expect(encodeDescriptor(relu, { input: 0x2000, output: 0x2000 }).ok).toBe(true);
    const argmax = unwrap(prepareArgmax({ length: 10 }));
    expect(descriptorSize(argmax).output).toBe(2);
  });

  it('address errors: missing, odd, zero, past 20 bits, overlapping', () => {
    const layer = unwrap(prepareDense(denseBase));
    expect(
      errorsOf(
        encodeDescriptor(layer, {
          input: 0x2001,
          output: 0,
          weights: 0xffffe,
          scratch: 0x3000,
        }),
      ),
    ).toEqual(['addresses.input', 'addresses.output', 'addresses.weights', 'addresses.bias']);
    expect(
      errorsOf(
        encodeDescriptor(layer, {
          input: 0x2000,
          output: 0x2004, // input is 6 bytes: overlaps
          weights: 0x3000,
          bias: 0x3100,
          scratch: 0x3200,
        }),
      ),
    ).toEqual(['addresses.output']);
    const relu = unwrap(prepareRelu({ length: 4 }));
    expect(errorsOf(encodeDescriptor(relu, { input: 0x2000, output: 0x2002 }))).toEqual([
      'addresses.output',
    ]);
  });

  it('decode rejects a wrong length, magic or version', () => {
    expect(errorsOf(decodeDescriptor(new Uint16Array(3)))).toEqual(['descriptor']);
    expect(errorsOf(decodeDescriptor(new Uint16Array(DESCRIPTOR_WORDS)))).toEqual([
      'descriptor.magic',
    ]);
    const bad = new Uint16Array(DESCRIPTOR_WORDS);
    bad[0] = DESCRIPTOR_MAGIC;
    bad[1] = 9;
    expect(errorsOf(decodeDescriptor(bad))).toEqual(['descriptor.version']);
  });

  it('scratch: dense accumulators plus the group table; conv one channel of accumulators', () => {
    const plain = unwrap(prepareDense(denseBase));
    expect(scratchSize(plain)).toBe(8);
    const grouped = unwrap(
      prepareDense({
        ...denseBase,
        variant: {
          kind: 'unit',
          unit: { threshold: { kind: 'pow2', eT: -2 }, method: 'exact', groupShifts: [4, 0] },
        },
      }),
    );
    expect(scratchSize(grouped)).toBe(8 + 2 * 5);
    const conv = unwrap(
      prepareConv1d({
        inChannels: 1,
        inLength: 9,
        outChannels: 2,
        kernelLength: 3,
        weights: [1, 2, 3, 4, 5, 6],
        bias: [0, 0],
        variant: { kind: 'dense' },
      }),
    );
    expect(scratchSize(conv)).toBe(4 * 7);
  });
});
