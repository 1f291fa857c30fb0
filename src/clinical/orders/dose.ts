/**
 * Dose of one regimen phase for this patient (RULES §4, §7.14): fixed, per-kg rounded to the configured step
 * with the syringe chosen from the configured list, IU/kg with a cap, or a weight band. Returns null with the
 * reason when no dose can be computed (weight missing or outside the dosing range) — the order then says
 * "dose by weight".
 */
import type { RegimenPhase } from '../knowledge/types';
import type { RegimenDetails, Syringe } from './order-knowledge';

export interface PhaseDose {
  readonly value: number;
  readonly unit: 'mg' | 'IU';
  /** The orderable product for this dose (syringe/band SCD, reduced-dose tablet, or the phase product). */
  readonly rxcui: string;
  readonly productDisplay: string;
  /** mL to give from the syringe (syringe products only). */
  readonly volumeMl: number | null;
  /** How the dose was derived, for the label: "1 mg/kg × 74 kg". */
  readonly derivation: string | null;
}

export type DoseResult = { readonly ok: true; readonly dose: PhaseDose } | { readonly ok: false; readonly reason: string };

function chooseSyringe(syringes: readonly Syringe[], dose: number, rule: RegimenDetails['syringeChoice']): Syringe | null {
  const sorted = [...syringes].sort((a, b) => a.dose - b.dose);
  if (rule === 'nearest') {
    return sorted.reduce<Syringe | null>((best, s) => (best === null || Math.abs(s.dose - dose) < Math.abs(best.dose - dose) ? s : best), null);
  }
  // Smallest syringe that holds the dose; the excess is expelled (RULES §4 default rounding rule).
  return sorted.find((s) => s.dose >= dose) ?? null;
}

function weightProblem(regimen: RegimenDetails, weightKg: number | null): string | null {
  if (weightKg === null) return 'weight not recorded';
  const range = regimen.dosingWeightKg;
  if (range && (weightKg < range.min || weightKg > range.max)) {
    return `weight ${weightKg} kg outside ${range.min}–${range.max} kg: pharmacist dosing`;
  }
  return null;
}

export function phaseDose(
  regimen: RegimenDetails,
  phase: RegimenPhase,
  weightKg: number | null,
  reduced: boolean,
): DoseResult {
  if (phase.doseMg !== undefined) {
    const r = reduced ? regimen.reducedDose : undefined;
    return {
      ok: true,
      dose: {
        value: r ? r.doseMg : phase.doseMg, unit: 'mg', rxcui: r ? r.rxcui : phase.rxcui,
        productDisplay: r ? r.productDisplay : phase.productDisplay, volumeMl: null, derivation: null,
      },
    };
  }
  const problem = weightProblem(regimen, weightKg);
  if (problem !== null || weightKg === null) return { ok: false, reason: problem ?? 'weight not recorded' };

  if (regimen.weightBands) {
    const band = regimen.weightBands.find((b) =>
      (b.belowKg !== undefined && weightKg < b.belowKg) || (b.belowOrAtKg !== undefined && weightKg <= b.belowOrAtKg)
      || (b.belowKg === undefined && b.belowOrAtKg === undefined));
    if (!band) return { ok: false, reason: 'no weight band matches' };
    return { ok: true, dose: { value: band.doseMg, unit: 'mg', rxcui: band.rxcui, productDisplay: band.display, volumeMl: null, derivation: `${weightKg} kg band` } };
  }

  const perKg = phase.doseMgPerKg ?? phase.doseIuPerKg;
  if (perKg === undefined) return { ok: false, reason: 'regimen phase has no dose' };
  const unit = phase.doseMgPerKg !== undefined ? 'mg' : 'IU';
  const step = regimen.roundDoseTo ?? 1;
  let value = Math.round((weightKg * perKg) / step) * step;
  if (phase.maxDoseIu !== undefined && unit === 'IU') value = Math.min(value, phase.maxDoseIu);
  const derivation = `${perKg} ${unit}/kg × ${weightKg} kg`;

  if (regimen.syringes) {
    const syringe = chooseSyringe(regimen.syringes, value, regimen.syringeChoice);
    if (!syringe) return { ok: false, reason: `dose ${value} ${unit} above the largest syringe: pharmacist dosing` };
    // "Nearest syringe" dosing gives the whole syringe; otherwise the computed dose is drawn from it.
    const given = regimen.syringeChoice === 'nearest' ? syringe.dose : value;
    const volumeMl = Math.round((given / syringe.concentrationPerMl) * 100) / 100;
    return { ok: true, dose: { value: given, unit, rxcui: syringe.rxcui, productDisplay: syringe.display, volumeMl, derivation } };
  }
  return { ok: true, dose: { value, unit, rxcui: phase.rxcui, productDisplay: phase.productDisplay, volumeMl: null, derivation } };
}
