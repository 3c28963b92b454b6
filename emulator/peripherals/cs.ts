/**
 * CS, the clock system of the FR5994 (UG367 ch. 3: §3.2 operation, §3.3 CSCTL0–CSCTL6 register
 * descriptions; reset values from the register pages; oscillator figures from the FR5994 data
 * sheet SLASE54D). Models the key lock, DCO frequency selection, the MCLK/SMCLK/ACLK source
 * selectors and dividers, and tells listeners when a frequency changes. Oscillator start-up,
 * the DCO overshoot of erratum CS12 and fault detection timing are not modelled.
 *
 * Sources used for frequencies:
 * - DCO: the DCOFSEL/DCORSEL field text of UG367 CSCTL1 (see `DCO_TABLE_HZ`).
 * - MODOSC 5 MHz typical → MODCLK; LFMODCLK = MODCLK / 128 = 39 062.5 Hz (UG367 §3.2, DS).
 * - VLO 9.4 kHz typical (DS).
 * - LFXT/HFXT: crystals are absent unless given to the constructor. With LFXT absent its fault
 *   logic substitutes LFMODCLK (UG367 §3.2.9), with HFXT absent MODCLK.
 */

import { FRCTL0, FRCTLPW } from './frctl.js';
import type { Peripheral, PeripheralContext } from './peripheral.js';
import { KeyLock, KeyedRegisters } from './registers.js';

export const CSCTL0 = 0x0160; // key register
export const CSCTL1 = 0x0162; // DCO range and frequency
export const CSCTL2 = 0x0164; // clock source selects
export const CSCTL3 = 0x0166; // clock dividers
export const CSCTL4 = 0x0168; // oscillator control
export const CSCTL5 = 0x016a; // fault flags
export const CSCTL6 = 0x016c; // conditional clock requests

export const CSKEY = 0xa500; // CSCTL0 password; reads back 0x96 in the high byte
const CSKEY_READ = 0x9600;

// CSCTL1
export const DCOFSEL = 0x000e; // DCO frequency select, bits 3:1
export const DCORSEL = 0x0040; // DCO range select: 0 low, 1 high
// CSCTL2 / CSCTL3 fields
export const SELM = 0x0007; // MCLK source, bits 2:0
export const SELS = 0x0070; // SMCLK source, bits 6:4
export const SELA = 0x0700; // ACLK source, bits 10:8
export const DIVM = 0x0007; // MCLK divider, bits 2:0
export const DIVS = 0x0070; // SMCLK divider, bits 6:4
export const DIVA = 0x0700; // ACLK divider, bits 10:8
// CSCTL4
export const SMCLKOFF = 0x0002; // SMCLK off

/** Register values after a PUC (UG367 §3.3). */
export const CS_RESET: Readonly<Record<number, number>> = {
  [CSCTL1]: 0x000c, // DCORSEL = 0, DCOFSEL = 6 → 8 MHz
  [CSCTL2]: 0x0033, // SELA = LFXTCLK, SELS = SELM = DCOCLK
  [CSCTL3]: 0x0033, // DIVA /1, DIVS /8, DIVM /8 → MCLK = SMCLK = 1 MHz
  [CSCTL4]: 0xcdc9, // HFXTOFF, LFXTOFF, VLOOFF set
  [CSCTL5]: 0x00c5, // LFXTOFFG set: LFXT fault pending
  [CSCTL6]: 0x0007, // ACLK, MCLK, SMCLK requests enabled
};

/**
 * DCO frequency in Hz, indexed [DCORSEL][DCOFSEL] — UG367 CSCTL1 field text. CONFLICT: TI's
 * header comments and the UG367 block diagram give 3.33 MHz and 6.67 MHz for DCOFSEL 2 and 5 in
 * the low range; the field text (used here) gives 3.5 MHz and 7 MHz. DCOFSEL = 7 is reserved; the
 * model treats it like 6 and warns. 21 and 24 MHz exceed the FR5994's 16 MHz MCLK maximum.
 */
export const DCO_TABLE_HZ: readonly (readonly number[])[] = [
  [1e6, 2.67e6, 3.5e6, 4e6, 5.33e6, 7e6, 8e6, 8e6],
  [1e6, 5.33e6, 7e6, 8e6, 16e6, 21e6, 24e6, 24e6],
];

export const VLO_HZ = 9_400; // DS typical
export const MODCLK_HZ = 5_000_000; // MODOSC, DS typical
export const LFMODCLK_HZ = MODCLK_HZ / 128; // 39 062.5 Hz
export const FR5994_MCLK_MAX_HZ = 16_000_000; // DS

/** Source-select codes of SELM/SELS/SELA (UG367 CSCTL2). */
export type ClockSourceName = 'LFXTCLK' | 'VLOCLK' | 'LFMODCLK' | 'DCOCLK' | 'MODCLK' | 'HFXTCLK';
const SOURCE_CODES: readonly ClockSourceName[] = [
  'LFXTCLK',
  'VLOCLK',
  'LFMODCLK',
  'DCOCLK',
  'MODCLK',
  'HFXTCLK',
  'HFXTCLK', // 6, 7: reserved; read by the model as HFXTCLK (fault → MODCLK)
  'HFXTCLK',
];

export interface ClockFrequencies {
  readonly mclkHz: number;
  readonly smclkHz: number;
  readonly aclkHz: number;
}

/** What the watchdog, FRAM controller and machine need from a clock system. */
export interface ClockSource extends ClockFrequencies {
  readonly vloHz: number;
  /** Call `listener(now, before)` after each change of MCLK, SMCLK or ACLK; returns unsubscribe. */
  onChange(listener: ClockChangeListener): () => void;
}

export type ClockChangeListener = (now: ClockFrequencies, before: ClockFrequencies) => void;

export interface CsOptions {
  /** LFXT crystal frequency; absent or 0 = no crystal (LFXT fault, LFMODCLK substitutes). */
  readonly lfxtHz?: number;
  /** HFXT crystal frequency; absent or 0 = no crystal (HFXT fault, MODCLK substitutes). */
  readonly hfxtHz?: number;
}

export class ClockSystem extends KeyedRegisters implements Peripheral, ClockSource {
  readonly name = 'CS';
  readonly start = 0x0160;
  readonly end = 0x016d;

  private readonly regs = new Map<number, number>();
  private readonly listeners: ClockChangeListener[] = [];
  protected readonly keyRegister = CSCTL0;
  protected readonly lock: KeyLock;
  private readonly lfxtHz: number;
  private readonly hfxtHz: number;
  private current: ClockFrequencies;

  constructor(
    private readonly ctx: PeripheralContext,
    options: CsOptions = {},
  ) {
    super();
    this.lock = new KeyLock(ctx, 'CS', CSKEY, CSKEY_READ, 'cs-password');
    this.lfxtHz = options.lfxtHz ?? 0;
    this.hfxtHz = options.hfxtHz ?? 0;
    this.loadResetValues();
    this.current = this.compute();
  }

  reset(): void {
    this.lock.lock();
    this.loadResetValues();
    this.update();
  }

  get mclkHz(): number {
    return this.current.mclkHz;
  }

  get smclkHz(): number {
    return this.current.smclkHz;
  }

  get aclkHz(): number {
    return this.current.aclkHz;
  }

  get vloHz(): number {
    return VLO_HZ;
  }

  /** DCOCLK in Hz from CSCTL1. */
  get dcoHz(): number {
    const ctl1 = this.reg(CSCTL1);
    const range = DCO_TABLE_HZ[(ctl1 & DCORSEL) !== 0 ? 1 : 0] ?? [];
    return range[(ctl1 & DCOFSEL) >> 1] ?? 0;
  }

  get isUnlocked(): boolean {
    return this.lock.isUnlocked;
  }

  onChange(listener: ClockChangeListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** The low byte of CSCTL0 is reserved: it reads 0 and takes nothing. */
  protected keyLow(): number {
    return 0;
  }

  protected takeKeyLow(): void {
    // reserved
  }

  protected readRegister(a: number): number {
    return this.reg(a);
  }

  private loadResetValues(): void {
    for (const [a, v] of Object.entries(CS_RESET)) this.regs.set(Number(a), v);
  }

  private reg(a: number): number {
    return this.regs.get(a) ?? 0;
  }

  protected writeRegister(a: number, value: number): void {
    if (!this.regs.has(a)) return; // reserved word inside the block
    if (!this.lock.isUnlocked) {
      this.lock.ignored(a, 'CS registers are locked; write CSKEY to CSCTL0 first');
      return;
    }
    this.regs.set(a, value);
    if (a === CSCTL1) this.checkDco(a);
    this.update();
  }

  private checkDco(a: number): void {
    const ctl1 = this.reg(CSCTL1);
    const fsel = (ctl1 & DCOFSEL) >> 1;
    if (fsel === 7) {
      this.ctx.report({
        kind: 'warning',
        peripheral: this.name,
        address: a,
        message: 'DCOFSEL = 7 is reserved; modelled as DCOFSEL = 6',
      });
    }
    if (this.dcoHz > FR5994_MCLK_MAX_HZ) {
      this.ctx.report({
        kind: 'warning',
        peripheral: this.name,
        address: a,
        message: `DCO set to ${this.dcoHz / 1e6} MHz: not allowed on the FR5994 (16 MHz maximum)`,
      });
    }
  }

  private sourceHz(code: number): number {
    switch (SOURCE_CODES[code & 7]) {
      case 'LFXTCLK':
        return this.lfxtHz > 0 ? this.lfxtHz : LFMODCLK_HZ;
      case 'VLOCLK':
        return VLO_HZ;
      case 'LFMODCLK':
        return LFMODCLK_HZ;
      case 'DCOCLK':
        return this.dcoHz;
      case 'MODCLK':
        return MODCLK_HZ;
      default:
        return this.hfxtHz > 0 ? this.hfxtHz : MODCLK_HZ; // HFXTCLK and the reserved codes
    }
  }

  private compute(): ClockFrequencies {
    const sel = this.reg(CSCTL2);
    const div = this.reg(CSCTL3);
    const divider = (field: number): number => 1 << Math.min(field & 7, 5); // 6, 7 → /32
    const smclkOff = (this.reg(CSCTL4) & SMCLKOFF) !== 0;
    return {
      mclkHz: this.sourceHz(sel & SELM) / divider(div & DIVM),
      smclkHz: smclkOff ? 0 : this.sourceHz((sel & SELS) >> 4) / divider((div & DIVS) >> 4),
      aclkHz: this.sourceHz((sel & SELA) >> 8) / divider((div & DIVA) >> 8),
    };
  }

  private update(): void {
    const before = this.current;
    const now = this.compute();
    this.current = now;
    if (
      now.mclkHz === before.mclkHz &&
      now.smclkHz === before.smclkHz &&
      now.aclkHz === before.aclkHz
    ) {
      return;
    }
    for (const listener of [...this.listeners]) listener(now, before);
  }
}

/** One step firmware performs to set the clocks (see `clockSettingsFor`). */
export type ClockSettingStep =
  | {
      readonly kind: 'write16';
      readonly address: number;
      readonly value: number;
      readonly note: string;
    }
  | {
      readonly kind: 'write8';
      readonly address: number;
      readonly value: number;
      readonly note: string;
    }
  | { readonly kind: 'delay'; readonly cycles: number; readonly note: string };

/**
 * The register writes start-up firmware does to run MCLK = SMCLK = `hz` from the DCO (ACLK left
 * at its reset source), as `run --mclk` applies them before a program starts. Order per UG367
 * Table 8-1 and erratum CS12: FRAM wait states first (NWAITS = 1 above 8 MHz), dividers to /4
 * while the DCO changes, the DCO setting, a ~10 µs wait (60 cycles), then the final dividers,
 * then lock CS again. Supported: every DCO step of the table and the divisions of it by 1–32
 * that give an integer frequency, up to 16 MHz; prefers the low DCO range and the smallest
 * divider. Throws RangeError for other frequencies.
 */
export function clockSettingsFor(hz: number): ClockSettingStep[] {
  const choice = findDcoSetting(hz);
  if (choice === null) {
    throw new RangeError(
      `no DCO setting gives MCLK = ${hz} Hz (supported e.g. 1, 2, 4, 8, 16 MHz; max 16 MHz)`,
    );
  }
  const nwaits = hz > 8_000_000 ? 1 : 0;
  const divCode = Math.log2(choice.divider);
  const dividers = (divCode << 4) | divCode; // DIVS = DIVM, DIVA /1
  const ctl1 = (choice.range === 1 ? DCORSEL : 0) | (choice.fsel << 1);
  return [
    {
      kind: 'write16',
      address: FRCTL0,
      value: FRCTLPW | (nwaits << 4),
      note: `FRCTL0 = FRCTLPW | NWAITS_${nwaits}`,
    },
    { kind: 'write16', address: CSCTL0, value: CSKEY, note: 'CSCTL0 = CSKEY (unlock)' },
    {
      kind: 'write16',
      address: CSCTL3,
      value: 0x0022,
      note: 'CSCTL3 = DIVA__1 | DIVS__4 | DIVM__4',
    },
    {
      kind: 'write16',
      address: CSCTL1,
      value: ctl1,
      note: `CSCTL1 = ${choice.range === 1 ? 'DCORSEL | ' : ''}DCOFSEL_${choice.fsel}`,
    },
    { kind: 'delay', cycles: 60, note: 'about 10 us for the DCO to settle (erratum CS12)' },
    {
      kind: 'write16',
      address: CSCTL3,
      value: dividers,
      note: `CSCTL3 = DIVA__1 | DIVS__${choice.divider} | DIVM__${choice.divider}`,
    },
    { kind: 'write8', address: CSCTL0 + 1, value: 0x00, note: 'CSCTL0_H = 0 (lock)' },
  ];
}

function findDcoSetting(hz: number): { range: number; fsel: number; divider: number } | null {
  if (!(hz > 0) || hz > FR5994_MCLK_MAX_HZ) return null;
  for (let divCode = 0; divCode <= 5; divCode++) {
    const divider = 1 << divCode;
    for (let range = 0; range <= 1; range++) {
      for (let fsel = 0; fsel <= 6; fsel++) {
        const dco = DCO_TABLE_HZ[range]?.[fsel] ?? 0;
        if (dco > FR5994_MCLK_MAX_HZ) continue;
        if (dco / divider === hz) return { range, fsel, divider };
      }
    }
  }
  return null;
}
