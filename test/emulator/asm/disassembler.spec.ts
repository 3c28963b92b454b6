import { describe, expect, it } from 'vitest';

import {
  disassembleImage,
  formatDisassembly,
  formatInstruction,
  type DisasmLine,
} from '../../../emulator/asm/disassembler.js';
import type { MemoryImage } from '../../../emulator/image/image.js';
import { assemble } from '../../../emulator/asm/index.js';
import { decode, decodeWords, type Instruction } from '../../../emulator/isa/index.js';
import { mulberry32 } from '../../helpers/random.js';

const BASE = 0x4400;

function decoded(words: readonly number[], address = BASE): Instruction {
  const result = decodeWords(words, address);
  if (!result.ok) throw new Error(result.errors[0]?.message);
  return result.value;
}

function text(words: readonly number[], address = BASE): string {
  return formatInstruction(decoded(words, address), address);
}

// Words are pinned by hand from UG367 §4.5–4.6 (and cross-checked against the GNU goldens);
// every instruction sits at 0x4400.
const OPERAND_MODES: readonly (readonly [string, readonly number[]])[] = [
  ['mov r5, r10', [0x450a]],
  ['mov @r6, r10', [0x462a]],
  ['mov @r7+, r10', [0x473a]],
  ['mov #0x1234, r10', [0x403a, 0x1234]],
  ['mov #1, r10', [0x431a]],
  ['mov #2, r10', [0x432a]],
  ['mov #4, r10', [0x422a]],
  ['mov #8, r10', [0x423a]],
  ['mov #-1, r10', [0x433a]],
  ['mov 6(r8), r10', [0x481a, 0x0006]],
  ['mov -6(r9), r10', [0x491a, 0xfffa]],
  ['mov 0x1c00(r5), r6', [0x4516, 0x1c00]],
  ['mov 0xc000(r5), r6', [0x4516, 0xc000]],
  ['mov &0x0200, r10', [0x421a, 0x0200]],
  ['mov .+256, r10', [0x401a, 0x00fe]],
  ['mov .-64, r10', [0x401a, 0xffbe]],
  ['mov .+0x1000, r10', [0x401a, 0x0ffe]],
  ['mov r5, 4(r11)', [0x458b, 0x0004]],
  ['mov r5, 0(r6)', [0x4586, 0x0000]],
  ['mov r5, &0x0202', [0x4582, 0x0202]],
  ['mov r5, .+256', [0x4580, 0x00fe]],
  ['mov #0x1234, &0x0202', [0x40b2, 0x1234, 0x0202]],
  ['add .-64, 2(r6)', [0x5096, 0xffbe, 0x0002]],
  ['mov r0, r1', [0x4001]],
];

const SIZES: readonly (readonly [string, readonly number[]])[] = [
  ['mov.b #0x12, r10', [0x407a, 0x0012]],
  ['mov.b #0xff, r5', [0x4075, 0x00ff]],
  ['mov.b @r6, r10', [0x466a]],
  ['add.b r4, r10', [0x544a]],
  ['push.b r5', [0x1245]],
  ['movx.a r5, r10', [0x1800, 0x454a]],
  ['movx.w r5, r10', [0x1840, 0x450a]],
  ['movx.b r5, r10', [0x1840, 0x454a]],
  ['movx.a #0x12345, r12', [0x1880, 0x407c, 0x2345]],
  ['movx.a #0xfffff, r5', [0x1f80, 0x4075, 0xffff]],
  ['movx.w &0x14000, r13', [0x18c0, 0x421d, 0x4000]],
  ['movx.a -6(r9), r10', [0x1f80, 0x495a, 0xfffa]],
  ['movx.a 0x12345(r8), r10', [0x1880, 0x485a, 0x2345]],
  ['movx.a .+0x12348, r10', [0x1880, 0x405a, 0x2344]],
  ['addx.a r12, r13', [0x1800, 0x5c4d]],
  ['swpbx.a r5', [0x1800, 0x1085]],
  ['sxtx.w r5', [0x1840, 0x1185]],
  ['pushx.a r5', [0x1800, 0x1245]],
];

const OTHER_FORMATS: readonly (readonly [string, readonly number[]])[] = [
  ['reti', [0x1300]],
  ['swpb r5', [0x1085]],
  ['sxt r5', [0x1185]],
  ['rrc r5', [0x1005]],
  ['rra.b r5', [0x1145]],
  ['push #0x1234', [0x1230, 0x1234]],
  ['call r5', [0x1285]],
  ['call #0x4400', [0x12b0, 0x4400]],
  ['jmp .+4', [0x3c01]],
  ['jne .-8', [0x23fb]],
  ['jmp .+0', [0x3fff]],
  ['jeq .+1024', [0x25ff]],
  ['jnc .-1022', [0x2a00]],
  ['jc .+2', [0x2c00]],
  ['jn .+2', [0x3000]],
  ['jge .+2', [0x3400]],
  ['jl .+2', [0x3800]],
  ['mova @r5, r6', [0x0506]],
  ['mova @r5+, r6', [0x0516]],
  ['mova &0x12344, r6', [0x0126, 0x2344]],
  ['mova 4(r5), r6', [0x0536, 0x0004]],
  ['mova -4(r5), r6', [0x0536, 0xfffc]],
  ['mova r5, &0x12344', [0x0561, 0x2344]],
  ['mova r5, -2(r6)', [0x0576, 0xfffe]],
  ['mova #0x12345, r6', [0x0186, 0x2345]],
  ['mova r5, r6', [0x05c6]],
  ['cmpa #0x12345, r6', [0x0196, 0x2345]],
  ['adda r5, r6', [0x05e6]],
  ['suba #0x12345, r6', [0x01b6, 0x2345]],
  ['calla r5', [0x1345]],
  ['calla 4(r5)', [0x1355, 0x0004]],
  ['calla @r5', [0x1365]],
  ['calla @r5+', [0x1375]],
  ['calla &0x12344', [0x1381, 0x2344]],
  ['calla #0x12344', [0x13b1, 0x2344]],
  ['calla .+256', [0x1390, 0x00fe]],
  ['pushm.w #4, r10', [0x153a]],
  ['pushm.a #2, r10', [0x141a]],
  ['popm.a #2, r10', [0x1619]],
  ['popm.w #1, r4', [0x1704]],
  ['rrcm.w #4, r12', [0x0c5c]],
  ['rram.a #1, r5', [0x0145]],
  ['rlam.a #2, r10', [0x064a]],
  ['rrum.w #3, r9', [0x0b59]],
  ['rpt #3 { rrax.w r12', [0x1842, 0x110c]],
  ['rpt #16 { rrax.a r12', [0x180f, 0x114c]],
  ['rpt r5 { rrax.b r12', [0x18c5, 0x114c]],
  ['rrux.w r5', [0x1940, 0x1005]],
  ['rpt #4 { rrux.a r12', [0x1903, 0x104c]],
  ['rpt #4 { rlax.w r11', [0x1843, 0x5b0b]],
];

const EMULATED: readonly (readonly [string, readonly number[]])[] = [
  ['nop', [0x4303]],
  ['ret', [0x4130]],
  ['pop r5', [0x4135]],
  ['pop.b &0x0200', [0x41f2, 0x0200]],
  ['br r5', [0x4500]],
  ['br #0x4400', [0x4030, 0x4400]],
  ['clr r5', [0x4305]],
  ['clr.b -4(r12)', [0x43cc, 0xfffc]],
  ['inc r5', [0x5315]],
  ['incd r5', [0x5325]],
  ['dec r5', [0x8315]],
  ['decd.b r5', [0x8365]],
  ['tst r5', [0x9305]],
  ['inv r5', [0xe335]],
  ['rla r5', [0x5505]],
  ['rla.b 2(r6)', [0x56d6, 0x0002, 0x0002]],
  ['rlc r5', [0x6505]],
  ['adc r5', [0x6305]],
  ['sbc r5', [0x7305]],
  ['dadc r5', [0xa305]],
  ['setc', [0xd312]],
  ['clrc', [0xc312]],
  ['setn', [0xd222]],
  ['clrn', [0xc222]],
  ['setz', [0xd322]],
  ['clrz', [0xc322]],
  ['eint', [0xd232]],
  ['dint', [0xc232]],
  ['clrx.a r5', [0x1800, 0x4345]],
  ['clrx.w r5', [0x1840, 0x4305]],
  ['incx.w 6(r8)', [0x1840, 0x5398, 0x0006]],
  ['incdx.a r5', [0x1800, 0x5365]],
  ['decx.b r5', [0x1840, 0x8355]],
  ['decdx.w r5', [0x1840, 0x8325]],
  ['tstx.a r5', [0x1800, 0x9345]],
  ['invx.w r5', [0x1840, 0xe335]],
  ['rlax.a r5', [0x1800, 0x5545]],
  ['rlcx.w r5', [0x1840, 0x6505]],
  ['adcx.b r5', [0x1840, 0x6345]],
  ['sbcx.w r5', [0x1840, 0x7305]],
  ['dadcx.a r5', [0x1800, 0xa345]],
  ['popx.a r5', [0x1800, 0x4175]],
  ['bra r5', [0x05c0]],
  ['bra #0x12344', [0x0180, 0x2344]],
  ['reta', [0x0110]],
  ['clra r5', [0x0085, 0x0000]],
  ['tsta r5', [0x0095, 0x0000]],
  ['incda r5', [0x00a5, 0x0002]],
  ['decda r5', [0x00b5, 0x0002]],
];

describe('formatInstruction', () => {
  it.each(OPERAND_MODES)('operand modes: %s', (expected, words) => {
    expect(text(words)).toBe(expected);
  });

  it.each(SIZES)('sizes: %s', (expected, words) => {
    expect(text(words)).toBe(expected);
  });

  it.each(OTHER_FORMATS)('formats: %s', (expected, words) => {
    expect(text(words)).toBe(expected);
  });

  it.each(EMULATED)('emulated mnemonics: %s', (expected, words) => {
    expect(text(words)).toBe(expected);
  });

  it('keeps the real mnemonic when the operands only look like a template', () => {
    expect(text([0x5506])).toBe('add r5, r6');
    expect(text([0x4305 | 0x40])).toBe('clr.b r5');
    expect(text([0x4075, 0x0000])).toBe('.word 0x4075, 0x0000');
    // A 20-bit destination: GNU as encodes `popx` wrongly there, so MOVX stays.
    expect(text([0x1800, 0x41f2, 0x0200])).toBe('movx.a @r1+, &0x0200');
  });

  it('prints encodings with no reassemblable spelling as .word', () => {
    // a long immediate holding a constant-generator value
    expect(text([0x4035, 0x0004])).toBe('.word 0x4035, 0x0004');
    expect(text([0x4035, 0xffff])).toBe('.word 0x4035, 0xffff');
    // 0(Rn) as a source, which assemblers shorten to @Rn
    expect(text([0x4516, 0x0000])).toBe('.word 0x4516, 0x0000');
    // ZC on anything but RRCX
    expect(text([0x1940, 0x6505])).toBe('.word 0x1940, 0x6505');
  });

  it('writes relative operands the same way at any address', () => {
    expect(text([0x3c01], 0x12340)).toBe('jmp .+4');
    expect(text([0x401a, 0x00fe], 0x8000)).toBe('mov .+256, r10');
  });

  it('names targets from the symbol table', () => {
    const symbols = new Map([
      [0x4406, 'loop'],
      [0x1c00, 'buffer'],
      [0x5000, 'dot16'],
    ]);
    const at = (words: number[]): string => formatInstruction(decoded(words), BASE, { symbols });
    expect(at([0x3c02])).toBe('jmp loop');
    expect(at([0x4215, 0x1c00])).toBe('mov &buffer, r5');
    expect(at([0x12b0, 0x5000])).toBe('call #dot16');
    expect(at([0x008c, 0x5000])).toBe('mova #dot16, r12');
    expect(at([0x4015, 0x0bfe])).toBe('mov dot16, r5');
    // plain data immediates keep their number
    expect(at([0x4035, 0x5000])).toBe('mov #0x5000, r5');
  });

  it('names PC-relative targets only with labels', () => {
    // An absolute symbol in a symbolic operand would be assembled as the raw index word.
    const symbols = new Map([[0x4500, 'LIMIT']]);
    const labels = new Map<number, string>();
    const at = (words: number[]): string =>
      formatInstruction(decoded(words), BASE, { symbols, labels });
    expect(at([0x401a, 0x00fe])).toBe('mov .+256, r10');
    expect(at([0x421a, 0x4500])).toBe('mov &LIMIT, r10');
  });

  it('ignores symbol names that could not be assembled back', () => {
    const symbols = new Map([
      [0x4406, 'r5'],
      [0x1c00, 'not a name'],
    ]);
    expect(formatInstruction(decoded([0x3c02]), BASE, { symbols })).toBe('jmp .+6');
    expect(formatInstruction(decoded([0x4215, 0x1c00]), BASE, { symbols })).toBe('mov &0x1c00, r5');
  });
});

describe('disassembleImage', () => {
  const image: MemoryImage = {
    segments: [
      {
        address: 0x4400,
        // nop; a reserved CALLA word; jmp back to `loop`; and a stray odd byte
        data: Uint8Array.of(0x03, 0x43, 0xc0, 0x13, 0xff, 0x3f, 0x12),
      },
      { address: 0xfffe, data: Uint8Array.of(0x00, 0x44), name: '__reset_vector' },
    ],
    symbols: [
      { name: 'start', address: 0x4400, kind: 'function', global: true },
      { name: 'loop', address: 0x4404, kind: 'label', global: false },
      { name: '.text', address: 0x4400, kind: 'section', global: false },
    ],
  };

  it('emits .word for undecodable words and resumes after them', () => {
    const lines = disassembleImage(image);
    const expected: DisasmLine[] = [
      { address: 0x4400, bytes: [0x03, 0x43], text: 'nop', symbol: 'start' },
      {
        address: 0x4402,
        bytes: [0xc0, 0x13],
        text: '.word 0x13c0',
        comment: '0x13c0: reserved CALLA mode',
      },
      { address: 0x4404, bytes: [0xff, 0x3f], text: 'jmp loop', symbol: 'loop' },
      { address: 0x4406, bytes: [0x12], text: '.byte 0x12' },
      { address: 0xfffe, bytes: [0x00, 0x44], text: '.word 0x4400' },
    ];
    expect(lines).toEqual(expected);
  });

  it('shows unused extension-word bits as .word', () => {
    // MOVX.W @R5, R6 with address bits set in an extension word that has no operand to use them
    const odd: MemoryImage = {
      segments: [{ address: 0x4400, data: Uint8Array.of(0xc1, 0x18, 0x26, 0x45) }],
      symbols: [],
    };
    expect(disassembleImage(odd).map((l) => l.text)).toEqual(['.word 0x18c1, 0x4526']);
  });

  it('stops an instruction at the end of its segment', () => {
    const cut: MemoryImage = {
      segments: [{ address: 0x4400, data: Uint8Array.of(0x3a, 0x40) }],
      symbols: [],
    };
    expect(disassembleImage(cut)).toEqual([
      {
        address: 0x4400,
        bytes: [0x3a, 0x40],
        text: '.word 0x403a',
        comment: 'the instruction runs past the end of the segment',
      },
    ]);
  });

  it('notes the absolute target of relative operands', () => {
    const rel: MemoryImage = {
      segments: [{ address: 0x4400, data: Uint8Array.of(0x1a, 0x40, 0xfe, 0x00, 0x01, 0x3c) }],
      symbols: [],
    };
    expect(disassembleImage(rel).map((l) => [l.text, l.comment])).toEqual([
      ['mov .+256, r10', '0x4500'],
      ['jmp .+4', '0x4408'],
    ]);
  });

  it('reassembles its own output, labels and .equ names included', () => {
    const source = [
      '        .equ    PORT, 0x0202',
      '        .text',
      'start:  mov     #table, r12',
      '        mov     &PORT, r13',
      '        call    #work',
      'again:  jne     done',
      '        mov     table, r5',
      '        rpt     #3 { rrax.w r12',
      '        .word   0x13c0',
      '        jmp     again',
      'work:   mova    #table, r14',
      '        bra     #done',
      'done:   ret',
      'table:  .word   1, 2, 3',
    ].join('\n');
    const first = assemble(source, { sectionStarts: { '.text': 0x4400 } });
    if (!first.ok) throw new Error(first.errors[0]?.message);
    const lines = disassembleImage(first.value.image);

    const equs = first.value.image.symbols
      .filter((s) => s.kind === 'absolute')
      .map((s) => `        .equ ${s.name}, ${s.address}`);
    const body = lines.map((l) => `${l.symbol === undefined ? '' : `${l.symbol}:`} ${l.text}`);
    const again = assemble([...equs, '        .text', ...body].join('\n'), {
      sectionStarts: { '.text': 0x4400 },
    });
    if (!again.ok) throw new Error(again.errors[0]?.message);
    expect(again.value.image.segments.map((s) => [s.address, [...s.data]])).toEqual(
      first.value.image.segments.map((s) => [s.address, [...s.data]]),
    );
    expect(lines.map((l) => l.text)).toContain('mov &PORT, r13');
    expect(lines.map((l) => l.text)).toContain('jne done');
    expect(lines.map((l) => l.text)).toContain('call #work');
  });

  it('formats an objdump-like listing', () => {
    expect(formatDisassembly(disassembleImage(image))).toBe(
      [
        '00004400 <start>:',
        '    4400:  03 43                     nop',
        '    4402:  c0 13                     .word 0x13c0                 ; 0x13c0: reserved CALLA mode',
        '',
        '00004404 <loop>:',
        '    4404:  ff 3f                     jmp loop',
        '    4406:  12                        .byte 0x12',
        '    fffe:  00 44                     .word 0x4400',
        '',
      ].join('\n'),
    );
  });
});

describe('property: any word sequence', () => {
  it('decodes and formats 5,000 seeded random sequences without throwing', () => {
    const next = mulberry32(0x430);
    let formatted = 0;
    for (let i = 0; i < 5000; i++) {
      const words = Array.from({ length: 4 }, () => Math.floor(next() * 0x10000));
      // Bias a quarter of the cases towards extension words, which are rarer in uniform words.
      if (i % 4 === 0) words[0] = 0x1800 | ((words[0] ?? 0) & 0x7ff);
      const address = (Math.floor(next() * 0x80000) * 2) & 0xfffff;
      const result = decode((a) => words[((a - address) & 0xfffff) >> 1] ?? 0, address);
      if (!result.ok) continue;
      const line = formatInstruction(result.value, address);
      expect(line.length).toBeGreaterThan(0);
      formatted++;
    }
    expect(formatted).toBeGreaterThan(2500);
  });

  it('disassembles random images without throwing', () => {
    const next = mulberry32(5994);
    for (let i = 0; i < 50; i++) {
      const data = Uint8Array.from({ length: 64 + (i % 3) }, () => Math.floor(next() * 256));
      const lines = disassembleImage({ segments: [{ address: 0x4400, data }], symbols: [] });
      expect(lines.reduce((n, l) => n + l.bytes.length, 0)).toBe(data.length);
    }
  });
});
