// Directives, expressions, sections, symbols and both dialects, each against literal bytes.
import { describe, expect, it } from 'vitest';

import { assemble, formatListing } from '../../../emulator/asm/index.js';
import { build, bytesOf, hex } from './helpers.js';

const AT = { sectionStarts: { '.text': 0x4400 } };

describe('expressions', () => {
  it('follows C precedence and operators', () => {
    const src = `
      .word 1+2*3, (1+2)*3, 10/3, 10%3, 1<<4, 0x100>>4, 6&3, 6|3, 6^3
      .word ~0, !0, -5, 3>2, 2>=3, 1==1, 1!=1, 1&&0, 1||0, 2+3<<1, 1|2^3&4
    `;
    const words = [7, 9, 3, 1, 16, 16, 2, 7, 5, 0xffff, 1, 0xfffb, 1, 0, 1, 0, 0, 1, 10, 3];
    expect(bytesOf(src)).toEqual(words.flatMap((w) => [w & 0xff, w >> 8]));
  });

  it('reads decimal, hex, binary, octal and character literals', () => {
    expect(bytesOf(`.byte 10, 0x1F, 0b101, 017, 'A', '\\n', 'z'`)).toEqual([
      10, 0x1f, 5, 15, 65, 10, 122,
    ]);
  });

  it('reads TI number forms', () => {
    const src = ' .word 0FFh, 101b, 17q, 0x10, 12\n';
    expect(bytesOf(src, { dialect: 'ti' })).toEqual(hex('ff 00 05 00 0f 00 10 00 0c 00'));
  });

  it('takes . and $ as the location counter', () => {
    expect(bytesOf(' .word .\n .word $+2\n', AT)).toEqual(hex('00 44 04 44'));
  });

  it('makes the difference of two labels absolute', () => {
    const src = 'a: nop\nb: nop\n .equ d, b-a\n mov d, r5\n';
    // An absolute value in symbolic mode is the raw index (GNU as).
    expect(bytesOf(src, AT)).toEqual(hex('03 43 03 43 15 40 02 00'));
  });
});

describe('data directives', () => {
  it('emits sized values little-endian', () => {
    const src = ' .byte 1, -1\n .short 0x1234\n .long 0x12345678\n .quad 1\n .hword 2\n .int 3\n';
    expect(bytesOf(src)).toEqual(
      hex('01 ff 34 12 78 56 34 12 01 00 00 00 00 00 00 00 02 00 03 00 00 00'),
    );
  });

  it('emits strings', () => {
    expect(bytesOf(' .ascii "ab"\n .asciz "c"\n .string "d\\x41"\n')).toEqual(
      hex('61 62 63 00 64 41 00'),
    );
  });

  it('reserves and fills space', () => {
    const src = ' .space 2\n .skip 1, 0xaa\n .zero 1\n .fill 2, 2, 0x0102\n';
    expect(bytesOf(src)).toEqual(hex('00 00 aa 00 02 01 02 01'));
  });

  it('aligns with .align (power of two in GNU), .balign and .p2align', () => {
    const src =
      ' .byte 1\n .align 2\n .byte 2\n .balign 2, 0xee\n .byte 3\n .p2align 1\n .byte 4\n';
    expect(bytesOf(src)).toEqual(hex('01 00 00 00 02 ee 03 00 04'));
  });

  it('aligns in bytes in TI syntax and supports .even', () => {
    const src = ' .byte 1\n .align 4\n .byte 2\n .even\n .byte 3\n';
    expect(bytesOf(src, { dialect: 'ti' })).toEqual(hex('01 00 00 00 02 00 03'));
  });

  it('moves the location counter with .org (offset or address)', () => {
    const src = ' .byte 1\n .org 4\n .byte 2\n .org 0x4408, 0xff\n .byte 3\n';
    expect(bytesOf(src, AT)).toEqual(hex('01 00 00 00 02 ff ff ff 03'));
  });

  it('defines symbols with .equ, .set, = and rejects a second .equiv', () => {
    expect(bytesOf(' .equ a, 2\n .set b, a*2\n c = b+1\n .word a, b, c\n')).toEqual(
      hex('02 00 04 00 05 00'),
    );
    const r = assemble(' .equiv a, 1\n .equiv a, 2\n');
    expect(r.ok ? [] : r.errors.map((e) => [e.line, e.message])).toEqual([
      [2, "'a' is already defined"],
    ]);
  });
});

describe('instructions', () => {
  it('resolves numeric local labels backwards and forwards', () => {
    const src = '1: jmp 1f\n nop\n1: jmp 1b\n jmp 1b\n';
    expect(bytesOf(src, AT)).toEqual(hex('01 3c 03 43 ff 3f fe 3f'));
  });

  it('accepts rpt with { and on its own line', () => {
    const src = ' rpt #3 { rrax.w r12\n rpt r5\n rlax.a r11\n';
    expect(bytesOf(src)).toEqual(hex('42 18 0c 11 85 18 4b 5b'));
  });

  it('expands emulated mnemonics', () => {
    const src = ' rla r5\n ret\n pop r6\n br #0x4400\n inv.b r7\n setc\n';
    expect(bytesOf(src)).toEqual(hex('05 55 30 41 36 41 30 40 00 44 77 e3 12 d3'));
  });

  it('uses the constant generator only for values known and absolute in the first pass', () => {
    const src = ' .equ k, 4\n mov #k, r5\n mov #later, r5\n .equ later, 4\n';
    expect(bytesOf(src)).toEqual(hex('25 42 35 40 04 00'));
  });

  it('folds #0xffff to the constant generator for .w but not #0xff for .b', () => {
    expect(bytesOf(' mov.w #0xffff, r5\n mov.b #0xff, r5\n push #4\n')).toEqual(
      hex('35 43 75 40 ff 00 22 12'),
    );
  });

  it('writes 0(Rn) sources as @Rn, not destinations', () => {
    expect(bytesOf(' mov 0(r5), r6\n mov r5, 0(r6)\n')).toEqual(hex('26 45 86 45 00 00'));
  });

  it('encodes labels PC-relative, absolute symbols as raw index (GNU) and PC-relative (TI)', () => {
    const gnu = ' mov lab, r5\n mov abs, r5\nlab: .word 0\n .equ abs, 0x4500\n';
    // abs is only defined after its use, so GNU as treats it as a symbol: PC-relative.
    expect(bytesOf(gnu, AT)).toEqual(hex('15 40 06 00 15 40 fa 00 00 00'));
    const early = ' .equ abs, 0x4500\n mov abs, r5\n';
    expect(bytesOf(early, AT)).toEqual(hex('15 40 00 45'));
    const ti = 'abs .equ 4500h\n mov abs, r5\n';
    expect(bytesOf(ti, { ...AT, dialect: 'ti' })).toEqual(hex('15 40 fe 00'));
  });

  it('takes register names in any case and pc/sp/sr', () => {
    expect(bytesOf(' MOV.W R5, SP\n mov pc, sr\n')).toEqual(hex('01 45 02 40'));
  });
});

describe('comments', () => {
  it('strips ;, //, /* */ (across lines) and # lines in GNU syntax', () => {
    const src = '# 1 "x.c"\n nop ; c\n nop // c\n /* a\n b */ nop /* c */ ; d\n';
    expect(bytesOf(src)).toEqual(hex('03 43 03 43 03 43'));
  });

  it('strips ; and * in column 1 in TI syntax', () => {
    const src = '* comment\n; comment\n nop ; c\n';
    expect(bytesOf(src, { dialect: 'ti' })).toEqual(hex('03 43'));
  });
});

describe('sections and placement', () => {
  it('places code in FRAM from 0x4000, data in SRAM from 0x1c00, vectors at the top', () => {
    const src = [
      ' .text',
      'start: nop',
      ' .section .rodata,"a",@progbits',
      'k: .word 7',
      ' .data',
      'd: .word 1',
      ' .bss',
      'b: .space 4',
      ' .section .resetvec,"a"',
      ' .word start',
    ].join('\n');
    const a = build(src);
    expect(a.sections).toEqual([
      { name: '.text', address: 0x4000, size: 2 },
      { name: '.rodata', address: 0x4002, size: 2 },
      { name: '.data', address: 0x1c00, size: 2 },
      { name: '.bss', address: 0x1c02, size: 4 },
      { name: '.resetvec', address: 0xfffe, size: 2 },
    ]);
    // .bss has no contents in the image.
    expect(a.image.segments.map((s) => s.name)).not.toContain('.bss');
    expect(a.image.entry).toBe(0x4000);
  });

  it('ends a .vectors table at 0x10000 and reports overlapping sections', () => {
    expect(build(' .section .vectors,"a"\n .word 1, 2, 3\n').sections).toEqual([
      { name: '.vectors', address: 0xfffa, size: 6 },
    ]);
    const r = assemble(' .section .vectors,"a"\n .word 1, 2\n .section .resetvec,"a"\n .word 3\n');
    expect(r.ok ? [] : r.errors.map((e) => [e.line, e.message])).toEqual([
      [3, 'section .resetvec at 0xfffe overlaps .vectors (0xfffc-0xffff)'],
    ]);
  });

  it('honours sectionStarts and push/pop/previous', () => {
    const src = [
      ' nop',
      ' .pushsection .data',
      ' .word 1',
      ' .popsection',
      ' nop',
      ' .data',
      ' .word 2',
      ' .previous',
      ' nop',
    ].join('\n');
    const a = build(src, { sectionStarts: { '.text': 0x5000, '.data': 0x2000 } });
    const seg = (n: string) => a.image.segments.find((s) => s.name === n);
    expect(seg('.text')).toMatchObject({ address: 0x5000 });
    expect([...(seg('.text')?.data ?? [])]).toEqual(hex('03 43 03 43 03 43'));
    expect([...(seg('.data')?.data ?? [])]).toEqual(hex('01 00 02 00'));
    expect(seg('.data')?.address).toBe(0x2000);
  });

  it('drops non-allocated sections', () => {
    const a = build(' nop\n .section .note.GNU-stack,"",@progbits\n .word 1\n');
    expect(a.sections.map((s) => s.name)).toEqual(['.text']);
  });
});

describe('symbols and entry', () => {
  it('records kind, size and global flag', () => {
    const src = [
      ' .globl f',
      ' .type f,@function',
      'f: nop',
      ' ret',
      ' .size f, .-f',
      ' .equ limit, 9',
      ' .data',
      ' .type v,@object',
      'v: .word 0',
      ' .size v, 2',
      'main: .word 0',
    ].join('\n');
    const syms = build(src).image.symbols;
    expect(syms.find((s) => s.name === 'f')).toEqual({
      name: 'f',
      address: 0x4000,
      kind: 'function',
      global: true,
      size: 4,
      section: '.text',
    });
    expect(syms.find((s) => s.name === 'v')).toMatchObject({ kind: 'object', size: 2 });
    expect(syms.find((s) => s.name === 'limit')).toMatchObject({ kind: 'absolute', address: 9 });
  });

  it('enters at _start, else the reset vector, else main, else .text', () => {
    expect(build(' nop\n_start: nop\n').image.entry).toBe(0x4002);
    const vec = ' nop\nmain: nop\nreset: nop\n .section .resetvec,"a"\n .word reset\n';
    expect(build(vec).image.entry).toBe(0x4004);
    expect(build(' nop\nmain: nop\n').image.entry).toBe(0x4002);
    expect(build(' nop\n').image.entry).toBe(0x4000);
  });

  it('passes defines as absolute symbols', () => {
    expect(bytesOf(' mov #WDTCTL, r5\n', { defines: { WDTCTL: 0x15c } })).toEqual(
      hex('35 40 5c 01'),
    );
  });
});

describe('includes', () => {
  it('reads included files through the resolver', () => {
    const files: Record<string, string> = { 'defs.inc': ' .equ X, 0x55\n nop\n' };
    const a = build(' .include "defs.inc"\n mov.b #X, r5\n', {
      readInclude: (p) => files[p],
    });
    expect([...(a.image.segments[0]?.data ?? [])]).toEqual(hex('03 43 75 40 55 00'));
    expect(a.listing.map((l) => `${l.file}:${l.line}`)).toEqual([
      'test.s:1',
      'defs.inc:1',
      'defs.inc:2',
      'test.s:2',
    ]);
  });
});

describe("clang's bookkeeping directives", () => {
  it('are accepted and emit nothing: .file, .ident, .addrsig, .addrsig_sym, note sections', () => {
    // What clang 14 -S writes around a function when -faddrsig is on (its default on ELF).
    const clang = [
      '\t.text',
      '\t.file\t"f.c"',
      '\t.globl\tf',
      '\t.p2align\t1',
      '\t.type\tf,@function',
      'f:',
      '\tret',
      '.Lfunc_end0:',
      '\t.size\tf, .Lfunc_end0-f',
      '\t.ident\t"Debian clang version 14.0.6"',
      '\t.section\t".note.GNU-stack","",@progbits',
      '\t.addrsig',
      '\t.addrsig_sym f',
      '',
    ].join('\n');
    const a = build(clang);
    expect(bytesOf(clang)).toEqual(hex('30 41'));
    const f = a.image.symbols.find((s) => s.name === 'f');
    expect(f).toMatchObject({ kind: 'function', global: true, size: 2 });
  });
});

describe('nested includes', () => {
  it("resolve from the including file's folder and keep that name in the listing", () => {
    const files: Record<string, string> = {
      'lib/sub/b.s': ' .include "c.inc"\n nop\n',
      'lib/sub/c.inc': ' .equ Y, 7\n',
    };
    const asked: [string, string][] = [];
    const a = build(' .include "sub/b.s"\n mov #Y, r5\n', {
      fileName: 'lib/top.s',
      readInclude: (p, from) => {
        asked.push([p, from]);
        const slash = from.lastIndexOf('/');
        return files[`${from.slice(0, slash + 1)}${p}`];
      },
    });
    expect(asked).toEqual([
      ['sub/b.s', 'lib/top.s'],
      ['c.inc', 'lib/sub/b.s'],
    ]);
    expect(a.listing.map((l) => `${l.file}:${l.line}`)).toEqual([
      'lib/top.s:1',
      'lib/sub/b.s:1',
      'lib/sub/c.inc:1',
      'lib/sub/b.s:2',
      'lib/top.s:2',
    ]);
  });
});

describe('TI dialect', () => {
  it('assembles a TI-style program', () => {
    const src = [
      '; TI assembler syntax (SLAU131)',
      'WDTCTL  .equ    015Ch',
      'buf     .usect  ".bss", 4, 2',
      '        .bss    flag, 2',
      '        .def    RESET',
      '        .text',
      'RESET   mov.w   #WDTPW+WDTHOLD, &WDTCTL',
      'loop:   jmp     loop',
      '        mov.w   #buf, r5',
      'msg     .cstring "ok"',
      '        .string "ab"',
      '        .sect   ".reset"',
      '        .short  RESET',
      '        .end',
      ' this line is after .end',
    ].join('\n');
    const a = build(src, {
      fileName: 'main.asm',
      defines: { WDTPW: 0x5a00, WDTHOLD: 0x80 },
    });
    const seg = (n: string) => [...(a.image.segments.find((s) => s.name === n)?.data ?? [])];
    expect(seg('.text')).toEqual(hex('b2 40 80 5a 5c 01 ff 3f 35 40 00 1c 6f 6b 00 61 62'));
    expect(seg('.reset')).toEqual(hex('00 40'));
    const sym = (n: string) => a.image.symbols.find((s) => s.name === n);
    expect(sym('buf')).toMatchObject({ address: 0x1c00, section: '.bss' });
    expect(sym('flag')).toMatchObject({ address: 0x1c04 });
    expect(sym('RESET')).toMatchObject({ address: 0x4000, global: true });
    expect(a.image.entry).toBe(0x4000);
  });

  it('picks the dialect from the file name', () => {
    expect(build('lab nop\n', { fileName: 'x.asm' }).image.symbols[0]?.name).toBe('lab');
    expect(build('lab nop\n', { fileName: 'x.s43' }).image.symbols[0]?.name).toBe('lab');
    expect(assemble('lab nop\n', { fileName: 'x.s' }).ok).toBe(false);
  });

  it('reports .cdecls as unsupported', () => {
    const r = assemble(' .cdecls C,LIST,"msp430.h"\n', { dialect: 'ti' });
    expect(r.ok ? [] : r.errors.map((e) => e.message)).toEqual([
      '.cdecls (C header import) is not supported',
    ]);
  });
});

describe('listing', () => {
  it('has a line for every source line, with addresses and bytes', () => {
    const a = build('; hello\nstart: mov #0x1234, r5\n\n .word 1, 2, 3, 4, 5\n', AT);
    expect(a.listing.map((l) => [l.line, l.address, l.bytes.length])).toEqual([
      [1, null, 0],
      [2, 0x4400, 4],
      [3, null, 0],
      [4, 0x4404, 10],
    ]);
    expect(formatListing(a)).toBe(
      [
        '; test.s',
        '    1                                  ; hello',
        '    2  04400  35 40 34 12              start: mov #0x1234, r5',
        '    3',
        '    4  04404  01 00 02 00 03 00 04 00   .word 1, 2, 3, 4, 5',
        '       0440c  05 00',
        '',
      ].join('\n'),
    );
  });
});
