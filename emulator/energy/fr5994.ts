/**
 * Energy parameters of the MSP430FR5994: the one place where the energy model's numbers live,
 * each with its source. IDs in brackets are those of /work/shared/reference/msp430x.md §1 and the
 * section of that file holding the figure (§14.1 data-sheet currents, §14.2 per-cycle
 * arithmetic, §14.3 FUSED coefficients). The derivation of the per-event charges from these
 * figures is `deriveCharges` below; docs/energy-model.md writes it out with every assumption.
 *
 * Units: currents in µA, slopes in µA/MHz (1 µA/MHz = 1 pC per MCLK cycle), charges in pC or
 * nAs (1 nAs = 1000 pC). Energies follow as charge × Vcc: the model assumes currents do not
 * depend on the supply (§14.2 caveat), so one parameter set serves every Vcc.
 */

import type { PowerMode } from '../cpu/registers.js';

/** The low-power modes the model charges by time (LPMx.5 is not modelled by the machine). */
export type SleepMode = Exclude<PowerMode, 'AM'>;

/** Per-access energies of FUSED's FR5994 model, joules (only their ratios are used). */
export interface FusedCoefficients {
  readonly framReadHit: number;
  readonly framReadMiss: number;
  readonly framWrite: number;
  readonly sramRead: number;
  readonly sramWrite: number;
  readonly idleCycle: number;
}

export interface EnergyParams {
  readonly name: string;
  /** Supply the model reports at unless the caller gives one, volts. */
  readonly vcc: number;
  /** Active-mode slope executing from SRAM with FRAM off, µA/MHz. */
  readonly activeSramUaPerMhz: number;
  /** Active-mode slope executing from FRAM (the data sheet's typical program), µA/MHz. */
  readonly activeFramUaPerMhz: number;
  /** FRAM cache-hit ratio of the program behind `activeFramUaPerMhz`. */
  readonly framFigureHitRatio: number;
  /** FRAM word accesses per MCLK cycle assumed for that program. */
  readonly framFigureAccessesPerCycle: number;
  /** Frequency-independent active-mode current (the intercept of IAM against MCLK), µA. */
  readonly activeStaticUa: number;
  /** Current in each low-power mode, µA (LPM0/LPM1 at 1 MHz, used at every frequency). */
  readonly sleepUa: Readonly<Record<SleepMode, number>>;
  /** Charge of a wake-up from each low-power mode to AM, nAs. */
  readonly wakeupNAs: Readonly<Record<SleepMode, number>>;
  /** Charge of one reset, nAs. */
  readonly resetNAs: number;
  /** Charge of turning the FRAM on, nAs (listed, not charged: FRAM power gating not modelled). */
  readonly framOnNAs: number;
  /** Shape of the memory charges: FUSED's per-event energies. */
  readonly fused: FusedCoefficients;
  /** Extra charge of one 16×16 partial product of the MPY32, pC. */
  readonly mpy32PartialProductPc: number;
}

/**
 * The FR5994 at 3.0 V. Every number: source, then why.
 */
export const FR5994_ENERGY: EnergyParams = {
  name: 'MSP430FR5994',
  // DS: the supply range is 1.8–3.6 V; 3.0 V is the LaunchPad supply and the voltage §14.1
  // converts the wake-up charges at. [DER choice]
  vcc: 3.0,
  // DS Table 9-1, "AM, FRAM off": 65 µA/MHz. [TI, §14.1]
  activeSramUaPerMhz: 65,
  // DS Table 9-1: 120 µA/MHz typ. at 25 °C; the feature list says 118. [CONFLICT, §14.1, §16
  // item 7] We take 120: it comes from the same table as the 65 µA/MHz and the LPM currents,
  // so the FRAM-minus-SRAM difference is read from one measurement set; 118 is 1.7 % lower.
  activeFramUaPerMhz: 120,
  // The µA/MHz of TI's FRAM data sheets is measured at a 75 % cache-hit ratio [§14.1; for the
  // FR5994 OPEN]. TI's FR599x code examples (EX package) separate the two programs: active_01
  // "mimics a typical cache hit ratio", active_02 stays at "100% cache hit ratio" — the summary
  // figure belongs to the typical one. [DER]
  framFigureHitRatio: 0.75,
  // One 16-bit FRAM access per MCLK cycle (straight-line single-cycle code: one fetch a cycle).
  // TI does not state the program's access density [OPEN]; 1 is the bus maximum, so the
  // per-access charges derived from it are the smallest that reproduce the slope. [DER]
  framFigureAccessesPerCycle: 1,
  // Not retrieved [OPEN, §14.2]. Upper bound taken: LPM0 at 1 MHz, 92 µA (DS Table 9-1) —
  // the chip with clocks, regulator and FRAM on and the CPU stopped; AM = that state plus the
  // per-cycle slope. Its frequency-dependent part (SMCLK at 1 MHz) makes it an overestimate.
  activeStaticUa: 92,
  // DS Table 9-1, typical at 25 °C. [TI, §14.1] LPM0/LPM1 are given at 1 MHz; their frequency
  // dependence could not be rebuilt (§14.1), so they are used as constants. The feature list's
  // 500 nA for LPM3 with VLO is a different condition [CONFLICT, §14.1]; Table 9-1 is used.
  sleepUa: { LPM0: 92, LPM1: 40, LPM2: 1.0, LPM3: 0.7, LPM4: 0.5 },
  // DS-JA wake-up charge table. [TI, §14.1]
  wakeupNAs: { LPM0: 3.8, LPM1: 21, LPM2: 22, LPM3: 25, LPM4: 25 },
  // DS-JA: reset 102 nAs. [TI, §14.1]
  resetNAs: 102,
  // DS-JA: turning FRAM on 16.5 nAs. [TI, §14.1]
  framOnNAs: 16.5,
  // FUSED config/config.yaml.in, Msp430TestBoard.mcu.* (4 significant digits as in §14.3).
  // Calibration supply and MCLK unknown [OPEN, §16 item 10]; only ratios are used. [3P]
  fused: {
    framReadHit: 2.116e-10,
    framReadMiss: 6.347e-10,
    framWrite: 6.823e-10,
    sramRead: 1.981e-10,
    sramWrite: 1.981e-10,
    idleCycle: 2.013e-10,
  },
  // No TI figure for the MPY32 [OPEN]. Assumption: a 16×16 partial product draws as much as one
  // CPU cycle at the SRAM slope (65 pC). Sanity bound: the LEA's whole-chip FIR energy, 2.6 µJ
  // for 128 taps × 24 points of Q.31 at 3 V (DS, §14.1), is 2.6 µJ / (3072 × 4) / 3 V = 70.5 pC
  // per 16×16 partial product — the same order, and an upper bound since it includes the chip.
  mpy32PartialProductPc: 65,
};

/** Charges per event, pC, as the energy model applies them (energy = charge × Vcc). */
export interface EnergyCharges {
  /** Every MCLK cycle in AM (core, clocks, SRAM-speed memory). */
  readonly cyclePc: number;
  /** Extra per FRAM read served by the cache. */
  readonly framHitPc: number;
  /** Extra per FRAM read that misses: one array access filling a 64-bit line. */
  readonly framMissPc: number;
  /** Extra per FRAM write. */
  readonly framWritePc: number;
  /** Extra per SRAM read and write. */
  readonly sramReadPc: number;
  readonly sramWritePc: number;
  /** Extra per peripheral-register and vacant access (no source: 0, the cycle carries it). */
  readonly peripheralPc: number;
  readonly vacantPc: number;
  /** Per 16×16 MPY32 partial product. */
  readonly mpy32PartialProductPc: number;
  /** Frequency-independent AM current, µA (charged as µA / MCLK per cycle). */
  readonly activeStaticUa: number;
  readonly sleepUa: Readonly<Record<SleepMode, number>>;
  readonly wakeupPc: Readonly<Record<SleepMode, number>>;
  readonly resetPc: number;
}

/**
 * Per-event charges from the figures (docs/energy-model.md, "Derivation"):
 *
 * - cycle: the SRAM slope. Executing from SRAM with FRAM off, each cycle costs S_SRAM; FUSED's
 *   SRAM access costs what its idle cycle costs (−1.6 %, inside its 3.4 % error), so SRAM
 *   accesses carry no extra charge and the whole slope is per cycle.
 * - FRAM: the typical program pays S_FRAM − S_SRAM = 55 pC per cycle more, with d accesses per
 *   cycle at hit ratio h: d·(h·q_hit + (1 − h)·q_miss) = 55 pC. FUSED fixes the split: each
 *   extra charge is proportional to FUSED's energy above its idle cycle, so q_hit = r_hit·q_miss
 *   with r_hit = (hit − idle) / (miss − idle), likewise writes. Negative extras clamp to 0.
 */
export function deriveCharges(p: EnergyParams): EnergyCharges {
  const f = p.fused;
  const missExtra = f.framReadMiss - f.idleCycle;
  const ratio = (energy: number): number => Math.max(0, (energy - f.idleCycle) / missExtra);
  const framExtraPc = p.activeFramUaPerMhz - p.activeSramUaPerMhz;
  const h = p.framFigureHitRatio;
  const framMissPc =
    framExtraPc / (p.framFigureAccessesPerCycle * (h * ratio(f.framReadHit) + (1 - h)));
  const wakeupPc = {} as Record<SleepMode, number>;
  for (const [mode, nAs] of Object.entries(p.wakeupNAs) as [SleepMode, number][]) {
    wakeupPc[mode] = nAs * 1000;
  }
  return {
    cyclePc: p.activeSramUaPerMhz,
    framHitPc: ratio(f.framReadHit) * framMissPc,
    framMissPc,
    framWritePc: ratio(f.framWrite) * framMissPc,
    sramReadPc: ratio(f.sramRead) * framMissPc,
    sramWritePc: ratio(f.sramWrite) * framMissPc,
    peripheralPc: 0,
    vacantPc: 0,
    mpy32PartialProductPc: p.mpy32PartialProductPc,
    activeStaticUa: p.activeStaticUa,
    sleepUa: p.sleepUa,
    wakeupPc,
    resetPc: p.resetNAs * 1000,
  };
}
