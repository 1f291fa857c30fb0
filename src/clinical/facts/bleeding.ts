/**
 * Bleeding risk (RULES §2.7(b), §7.1–7.3) and contraindications to anticoagulation (§7.13).
 * CHEST count: one point per factor; age > 65 one point and age > 75 a second point (§7.2);
 * 0 = low, ≥ moderate score = moderate, ≥ high score = high. Contraindications block anticoagulation suggestions.
 */
import { first, paths } from '../../fhir/fhirpath';
import { VS } from '../knowledge/value-set-ids';
import type { BleedingAssessment, Evidence, Facts } from '../types';
import type { FactContext } from './context';
import { evidence } from './context';
import { DAY_MS } from './dates';
import { medicationConceptOf } from './anticoagulants';
import type { Demographics } from './demographics';
import { conditionsIn, display, observationsIn, type ConditionHit } from './lookups';
import { isActiveCondition, isRecordedCondition, refOf } from './record-index';

export interface BleedingInputs {
  readonly demographics: Demographics;
  readonly activeCancer: Facts['activeCancer'];
  readonly recentSurgery: boolean;
  readonly surgeryEvidence: Evidence | undefined;
}

function conditionEvidence(label: string, hit: ConditionHit, rule?: string): Evidence {
  return evidence({ label, value: hit.coding.display ?? hit.coding.code, date: hit.when?.text, source: hit.ref, rule });
}

/** First Condition of the set (active, or merely recorded for history-type factors). */
function conditionFactor(ctx: FactContext, valueSetId: string, label: string, history = false): Evidence | null {
  const hit = conditionsIn(ctx, valueSetId, history ? isRecordedCondition : isActiveCondition).find((h) => !h.when || h.when.start <= ctx.nowMs);
  return hit ? conditionEvidence(label, hit) : null;
}

function antiplatelet(ctx: FactContext): Evidence | null {
  for (const mr of ctx.record.all('MedicationRequest')) {
    if (mr.status !== 'active') continue;
    const concept = medicationConceptOf(mr, ctx.record);
    if (ctx.vs.has(VS.antiplatelet, concept)) {
      return evidence({ label: 'Antiplatelet therapy', value: concept?.text ?? concept?.coding?.[0]?.display ?? 'antiplatelet', date: mr.authoredOn, source: refOf(mr) });
    }
  }
  return conditionFactor(ctx, VS.antiplatelet, 'Antiplatelet therapy');
}

function attested(ctx: FactContext, valueSetId: string, label: string): Evidence | null {
  const obs = observationsIn(ctx, valueSetId).find((h) => !h.when || h.when.start <= ctx.nowMs);
  if (obs) {
    const value = first(paths.observationBoolean, obs.observation);
    if (value !== false) return evidence({ label, value: true, date: obs.when?.text, source: obs.ref, rule: 'clinician-attested' });
    return null;
  }
  return conditionFactor(ctx, valueSetId, label);
}

function contraindications(ctx: FactContext, d: Demographics): Evidence[] {
  const t = ctx.thresholds;
  const out: Evidence[] = [];
  const push = (e: Evidence | null): void => {
    if (e) out.push(e);
  };
  push(attested(ctx, VS.majorBleedingActive, 'Active major bleeding'));
  if (d.plateletsE9PerL && d.plateletsE9PerL.value < t.contraindicationPlateletsE9PerL) {
    out.push(evidence({
      label: 'Platelets', value: display(d.plateletsE9PerL.value, 0), unit: '×10⁹/L', date: d.plateletsE9PerL.when?.text,
      source: d.plateletsE9PerL.ref, rule: `< ${t.contraindicationPlateletsE9PerL} ×10⁹/L`,
    }));
  }
  const ichFrom = Math.floor(ctx.nowMs / DAY_MS) * DAY_MS - t.intracranialHaemorrhageDays * DAY_MS;
  const ich = conditionsIn(ctx, VS.intracranialHaemorrhage, isRecordedCondition)
    .find((h) => h.when !== null && h.when.start >= ichFrom && h.when.start <= ctx.nowMs);
  if (ich) out.push(conditionEvidence('Intracranial haemorrhage', ich, `≤ ${t.intracranialHaemorrhageDays} days`));
  push(conditionFactor(ctx, VS.severeCoagulopathy, 'Severe coagulopathy'));
  push(attested(ctx, VS.contraindicationAttested, 'Anticoagulation contraindicated'));
  return out;
}

export function extractBleeding(ctx: FactContext, inputs: BleedingInputs): BleedingAssessment {
  const t = ctx.thresholds;
  const d = inputs.demographics;
  const factors: Evidence[] = [];
  const add = (e: Evidence | null): void => {
    if (e) factors.push(e);
  };
  const ageSource = `Patient/${ctx.input.patientId}`;
  if (d.ageYears !== null && d.ageYears > t.bleedingAgePoint1Years) {
    factors.push(evidence({ label: `Age > ${t.bleedingAgePoint1Years}`, value: d.ageYears, unit: 'years', source: ageSource }));
  }
  if (d.ageYears !== null && d.ageYears > t.bleedingAgePoint2Years) {
    // RULES §7.2: the CHEST table as published — age > 75 scores a second point.
    factors.push(evidence({ label: `Age > ${t.bleedingAgePoint2Years}`, value: d.ageYears, unit: 'years', source: ageSource, rule: 'second age point' }));
  }
  add(conditionFactor(ctx, VS.bleedingPrevious, 'Previous bleeding', true));
  if (inputs.activeCancer) factors.push(evidence({ label: 'Active cancer', source: inputs.activeCancer.source }));
  if (inputs.activeCancer?.metastatic) factors.push(evidence({ label: 'Metastatic cancer', source: inputs.activeCancer.source }));
  const renalCode = conditionFactor(ctx, VS.renalFailure, 'Renal failure');
  if (renalCode) factors.push(renalCode);
  else if (d.renal.crclMlMin !== null && d.renal.crclMlMin < t.renalFailureCrclMlMin && d.renal.evidence) {
    factors.push({ ...d.renal.evidence, label: 'Renal failure', rule: `CrCl < ${t.renalFailureCrclMlMin} mL/min` });
  }
  add(conditionFactor(ctx, VS.liverFailure, 'Liver failure'));
  const lowPlatelets = d.plateletsE9PerL && d.plateletsE9PerL.value < t.thrombocytopeniaPlateletsE9PerL
    ? evidence({
      label: 'Thrombocytopenia', value: display(d.plateletsE9PerL.value, 0), unit: '×10⁹/L', date: d.plateletsE9PerL.when?.text,
      source: d.plateletsE9PerL.ref, rule: `platelets < ${t.thrombocytopeniaPlateletsE9PerL} ×10⁹/L`,
    })
    : null;
  add(conditionFactor(ctx, VS.thrombocytopenia, 'Thrombocytopenia') ?? lowPlatelets);
  add(conditionFactor(ctx, VS.previousStroke, 'Previous stroke', true));
  add(conditionFactor(ctx, VS.diabetes, 'Diabetes'));
  add(anaemia(ctx, d) ?? conditionFactor(ctx, VS.anaemia, 'Anaemia'));
  add(antiplatelet(ctx));
  if (inputs.recentSurgery) factors.push({ ...(inputs.surgeryEvidence ?? { label: 'Recent surgery' }), label: 'Recent surgery' });
  add(conditionFactor(ctx, VS.frequentFalls, 'Frequent falls'));
  add(conditionFactor(ctx, VS.alcoholAbuse, 'Alcohol abuse'));

  const score = factors.length;
  const category = score >= t.bleedingHighScore ? 'high' : score >= t.bleedingModerateScore ? 'moderate' : 'low';
  return { contraindications: contraindications(ctx, d), score, category, factors };
}

/** Haemoglobin below the sex-specific threshold; unknown sex uses the lower (female) one to avoid over-counting. */
function anaemia(ctx: FactContext, d: Demographics): Evidence | null {
  const hb = d.haemoglobinGdl;
  if (!hb) return null;
  const t = ctx.thresholds;
  const threshold = d.sex === 'male' ? t.anaemiaHgbGdlMale : d.sex === 'female' ? t.anaemiaHgbGdlFemale : Math.min(t.anaemiaHgbGdlMale, t.anaemiaHgbGdlFemale);
  if (hb.value >= threshold) return null;
  return evidence({ label: 'Anaemia', value: display(hb.value), unit: 'g/dL', date: hb.when?.text, source: hb.ref, rule: `haemoglobin < ${threshold} g/dL` });
}

/** Triple-positive APS: the syndrome coded AND triple positivity attested (RULES §4 rule 4). */
export function extractTriplePositiveAps(ctx: FactContext): Evidence | null {
  const aps = conditionsIn(ctx, VS.antiphospholipidSyndrome).find((h) => !h.when || h.when.start <= ctx.nowMs);
  if (!aps) return null;
  const triple = attested(ctx, VS.triplePositiveApsAttested, 'Triple-positive antiphospholipid antibodies');
  return triple ? { ...triple, label: 'Triple-positive antiphospholipid syndrome', rule: `${aps.coding.code} + attested triple positivity` } : null;
}
