/**
 * extractFacts(input, knowledge): the inputs of RULES §5.1 from the patient's FHIR record. Pure and total:
 * odd data (missing fields, wrong types, unknown units) becomes "not recorded" plus a line in `missing`, never a
 * throw. Each fact group lives in its own module; this one only orders them (later groups read earlier ones).
 */
import type { Knowledge } from '../knowledge/types';
import type { ActiveAnticoagulant, BleedingAssessment, EvaluationInput, Facts } from '../types';
import { extractAnticoagulants } from './anticoagulants';
import { extractBleeding, extractTriplePositiveAps } from './bleeding';
import { extractCancer } from './cancer';
import { addEvidence, addMissing, createContext, type FactContext } from './context';
import { extractDDimer } from './d-dimer';
import { extractDemographics, type Demographics } from './demographics';
import { extractEpisode, type EpisodeFacts } from './episode';
import { extractFollowUps, extractSurveillancePlan } from './follow-ups';
import { extractPregnancy, type PregnancyFacts } from './pregnancy';
import { extractRiskFactors, type RiskFactors } from './risk-factors';

export { classifyDoseIntent, identifyAgent } from './anticoagulants';

/** Run one fact group; an unexpected failure degrades to its fallback and is said plainly, not thrown. */
function safely<T>(ctx: FactContext, group: string, run: () => T, fallback: T): T {
  try {
    return run();
  } catch {
    addMissing(ctx, `${group} could not be read from the record`);
    return fallback;
  }
}

const NO_DEMOGRAPHICS: Demographics = {
  ageYears: null, sex: 'unknown', weightKg: null, plateletsE9PerL: null, haemoglobinGdl: null, renal: { crclMlMin: null, source: 'missing' },
};
const NO_EPISODE: EpisodeFacts = {
  episode: null, limitedScan: null, d0: null, indexConditions: [], laterConditions: [], indexReport: null, reports: [],
};
const NO_PREGNANCY: PregnancyFacts = { pregnant: false, postpartumDays: null, breastfeeding: false };
const NO_RISK: RiskFactors = {
  priorVte: false, inpatientOrRecentHosp: false, recentSurgery: false, lastSurgery: null, covid19: false, provocation: 'unknown',
  severeSymptoms: false, preference: 'none-stated',
};
const NO_BLEEDING: BleedingAssessment = { contraindications: [], score: 0, category: 'low', factors: [] };

export function extractFacts(input: EvaluationInput, knowledge: Knowledge): Facts {
  const ctx = createContext(input, knowledge);
  const now = Number.isFinite(ctx.nowMs) ? new Date(ctx.nowMs).toISOString() : '';
  const demographics = safely(ctx, 'Demographics and laboratory values', () => extractDemographics(ctx), NO_DEMOGRAPHICS);
  const anticoagulants = safely<ActiveAnticoagulant[]>(ctx, 'Anticoagulant orders', () => extractAnticoagulants(ctx, demographics.weightKg), []);
  const ep = safely(ctx, 'The DVT episode', () => extractEpisode(ctx), NO_EPISODE);
  const followUps = safely(ctx, 'Follow-up scans', () => extractFollowUps(ctx, ep), []);
  const surveillancePlan = safely(ctx, 'The surveillance plan', () => extractSurveillancePlan(ctx, ep, followUps), null);
  const pregnancy = safely(ctx, 'Pregnancy status', () => extractPregnancy(ctx), NO_PREGNANCY);
  const activeCancer = safely(ctx, 'Cancer status', () => extractCancer(ctx), null);
  const risk = safely(ctx, 'Risk factors', () => extractRiskFactors(ctx, ep), NO_RISK);
  const dDimer = safely(ctx, 'D-dimer', () => extractDDimer(ctx, ep, demographics.ageYears, anticoagulants, {
    pregnant: pregnancy.pregnant, postpartum: pregnancy.postpartumDays !== null, activeCancer: activeCancer !== null,
    lastSurgery: risk.lastSurgery, covid19: risk.covid19,
  }), null);
  const bleeding = safely(ctx, 'Bleeding risk', () => extractBleeding(ctx, {
    demographics, activeCancer, recentSurgery: risk.recentSurgery, surgeryEvidence: ctx.evidence['recentSurgery'],
  }), NO_BLEEDING);
  const aps = safely(ctx, 'Antiphospholipid status', () => extractTriplePositiveAps(ctx), null);
  if (aps) addEvidence(ctx, 'triplePositiveAps', aps);

  return {
    now,
    patientId: input.patientId,
    ageYears: demographics.ageYears,
    sex: demographics.sex,
    weightKg: demographics.weightKg,
    episode: ep.episode,
    limitedScan: ep.limitedScan,
    followUps,
    surveillancePlan,
    dDimer,
    activeCancer,
    pregnant: pregnancy.pregnant,
    postpartumDays: pregnancy.postpartumDays,
    breastfeeding: pregnancy.breastfeeding,
    priorVte: risk.priorVte,
    inpatientOrRecentHosp: risk.inpatientOrRecentHosp,
    recentSurgery: risk.recentSurgery,
    covid19: risk.covid19,
    provocation: risk.provocation,
    severeSymptoms: risk.severeSymptoms,
    preference: risk.preference,
    bleeding,
    anticoagulants,
    renal: demographics.renal,
    triplePositiveAps: aps !== null,
    evidence: ctx.evidence,
    missing: ctx.missing,
  };
}
