/**
 * Age, sex, weight, platelets, haemoglobin and renal function (RULES §2.4). CrCl is Cockcroft-Gault with
 * ACTUAL body weight, computed here when creatinine, weight, age and sex are known; a reported CG clearance or
 * an eGFR is used only when it cannot be computed, and the source says which (never silently, RULES §2.4).
 */
import { first, paths } from '../../fhir/fhirpath';
import { VS } from '../knowledge/value-set-ids';
import type { Evidence, Facts } from '../types';
import { addEvidence, addMissing, evidence, type FactContext } from './context';
import { ageInYears } from './dates';
import { display, latestQuantity, type QuantityReading } from './lookups';

export interface Demographics {
  readonly ageYears: number | null;
  readonly sex: Facts['sex'];
  readonly weightKg: number | null;
  readonly plateletsE9PerL: QuantityReading | null;
  readonly haemoglobinGdl: QuantityReading | null;
  readonly renal: Facts['renal'];
}

function patientOf(ctx: FactContext): { birthDate: string | null; gender: unknown } {
  const patients = ctx.record.all('Patient');
  const patient = patients.find((p) => p.id === ctx.input.patientId) ?? patients[0];
  return { birthDate: patient ? first(paths.patientBirthDate, patient) : null, gender: patient?.gender };
}

function sexOf(gender: unknown): Facts['sex'] {
  return gender === 'male' || gender === 'female' || gender === 'other' ? gender : 'unknown';
}

const unusable = (ctx: FactContext, what: string) => (hit: { ref: string }): void =>
  addMissing(ctx, `${what} ${hit.ref} has a missing or unrecognised unit`);

function readingEvidence(label: string, reading: QuantityReading, unit: string, decimals = 1): Evidence {
  return evidence({
    label, value: display(reading.value, decimals), unit, date: reading.when?.text, source: reading.ref,
    rule: reading.reported !== `${display(reading.value, decimals)} ${unit}` ? `reported ${reading.reported}` : undefined,
  });
}

export function extractDemographics(ctx: FactContext): Demographics {
  const t = ctx.thresholds;
  const patient = patientOf(ctx);
  const ageYears = ageInYears(patient.birthDate, ctx.nowMs);
  const sex = sexOf(patient.gender);
  if (ageYears === null) addMissing(ctx, 'Age not recorded (Patient.birthDate)');
  else addEvidence(ctx, 'age', evidence({ label: 'Age', value: ageYears, unit: 'years', date: patient.birthDate ?? undefined, source: `Patient/${ctx.input.patientId}` }));
  if (sex === 'unknown') addMissing(ctx, 'Sex not recorded');

  const weight = latestQuantity(ctx, VS.bodyWeight, 'kg', undefined, unusable(ctx, 'Weight'));
  if (weight) addEvidence(ctx, 'weight', readingEvidence('Weight', weight, 'kg'));
  else addMissing(ctx, 'Weight not recorded');

  const plateletsE9PerL = latestQuantity(ctx, VS.platelets, '10*9/L', undefined, unusable(ctx, 'Platelet count'));
  if (plateletsE9PerL) addEvidence(ctx, 'platelets', readingEvidence('Platelets', plateletsE9PerL, '×10⁹/L', 0));
  else addMissing(ctx, 'Platelet count not recorded');

  const haemoglobinGdl = latestQuantity(ctx, VS.haemoglobin, 'g/dL', t.haemoglobinMolecularWeightGPerMol, unusable(ctx, 'Haemoglobin'));
  if (haemoglobinGdl) addEvidence(ctx, 'haemoglobin', readingEvidence('Haemoglobin', haemoglobinGdl, 'g/dL'));
  else addMissing(ctx, 'Haemoglobin not recorded');

  const renal = extractRenal(ctx, ageYears, sex, weight?.value ?? null);
  return { ageYears, sex, weightKg: weight?.value ?? null, plateletsE9PerL, haemoglobinGdl, renal };
}

function latestCreatinineMgDl(ctx: FactContext): QuantityReading | null {
  const mw = ctx.thresholds.creatinineMolecularWeightGPerMol;
  const mass = latestQuantity(ctx, VS.creatinineMass, 'mg/dL', mw, unusable(ctx, 'Creatinine'));
  const molar = latestQuantity(ctx, VS.creatinineMolar, 'mg/dL', mw, unusable(ctx, 'Creatinine'));
  if (!mass) return molar;
  if (!molar) return mass;
  return (molar.when?.start ?? -Infinity) > (mass.when?.start ?? -Infinity) ? molar : mass;
}

function extractRenal(ctx: FactContext, age: number | null, sex: Facts['sex'], weightKg: number | null): Facts['renal'] {
  const creatinine = latestCreatinineMgDl(ctx);
  if (creatinine && creatinine.value > 0 && age !== null && weightKg !== null) {
    // Cockcroft-Gault, actual weight: (140 − age) × kg / (72 × SCr mg/dL) × 0.85 if female (RULES §2.4).
    // Sex unknown/other: the female factor is applied — the lower estimate is the safer one for dosing.
    const femaleFactor = sex === 'male' ? 1 : 0.85;
    const crcl = ((140 - age) * weightKg / (72 * creatinine.value)) * femaleFactor;
    const ev = evidence({
      label: 'CrCl (Cockcroft-Gault, actual weight)', value: Math.round(crcl), unit: 'mL/min', date: creatinine.when?.text,
      source: creatinine.ref,
      rule: `creatinine ${creatinine.reported}, weight ${display(weightKg)} kg, age ${age}${sex === 'male' ? '' : sex === 'female' ? ', female' : ', sex not recorded (× 0.85 applied)'}`,
    });
    addEvidence(ctx, 'crcl', ev);
    return { crclMlMin: crcl, source: 'cockcroft-gault', evidence: ev };
  }
  const reported = latestQuantity(ctx, VS.crclReported, 'mL/min', undefined, unusable(ctx, 'Creatinine clearance'));
  if (reported) {
    const ev = evidence({ label: 'CrCl (reported by the lab)', value: Math.round(reported.value), unit: 'mL/min', date: reported.when?.text, source: reported.ref });
    addEvidence(ctx, 'crcl', ev);
    addMissing(ctx, 'CrCl not computed (creatinine, weight or age missing): lab-reported value used');
    return { crclMlMin: reported.value, source: 'reported', evidence: ev };
  }
  const egfr = latestQuantity(ctx, VS.egfr, 'mL/min/{1.73_m2}', undefined, unusable(ctx, 'eGFR'));
  if (egfr) {
    const ev = evidence({
      label: 'eGFR used as a proxy for CrCl', value: Math.round(egfr.value), unit: 'mL/min/1.73 m²', date: egfr.when?.text, source: egfr.ref,
      rule: 'not Cockcroft-Gault: creatinine, weight or age missing',
    });
    addEvidence(ctx, 'crcl', ev);
    addMissing(ctx, 'CrCl not computed (creatinine, weight or age missing): eGFR shown instead');
    return { crclMlMin: egfr.value, source: 'egfr-proxy', evidence: ev };
  }
  addMissing(ctx, creatinine ? 'CrCl not computed (weight or age missing)' : 'Creatinine not recorded');
  return { crclMlMin: null, source: 'missing' };
}
