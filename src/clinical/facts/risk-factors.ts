/**
 * Extension risk factors and context of RULES §2.7 / §5.2: prior VTE, inpatient or recent hospitalisation,
 * recent surgery, COVID-19, provocation (attested; unknown is NOT unprovoked, §7.9), severe symptoms
 * (attested, Condition.severity or pain NRS ≥ threshold, §7.10) and the patient's stated preference.
 */
import type { CodeableConcept, Coding } from 'fhir/r4';
import { first, paths } from '../../fhir/fhirpath';
import { VS } from '../knowledge/value-set-ids';
import type { Preference, Provocation } from '../types';
import { addEvidence, addMissing, evidence, presentationWindowMs, type FactContext } from './context';
import { DAY_MS, parseFhirDate, type FhirInstant } from './dates';
import type { EpisodeFacts } from './episode';
import { conditionsIn, findingCode, observationsIn, type ObservationHit } from './lookups';
import { isRecordedCondition, refOf } from './record-index';
import { ACUTE_DVT_SETS } from './veins';

export interface RiskFactors {
  readonly priorVte: boolean;
  readonly inpatientOrRecentHosp: boolean;
  readonly recentSurgery: boolean;
  /** Date of the most recent qualifying surgery (for the D-dimer confounder window). */
  readonly lastSurgery: FhirInstant | null;
  readonly covid19: boolean;
  readonly provocation: Provocation;
  readonly severeSymptoms: boolean;
  readonly preference: Preference;
}

/** Reference point of "recent": the diagnosis when there is an episode, else now. */
export function referenceMs(ctx: FactContext, ep: EpisodeFacts): number {
  // Windows count whole days: from the start of the diagnosis day (or of today).
  return ep.d0?.start ?? Math.floor(ctx.nowMs / DAY_MS) * DAY_MS;
}

function priorVte(ctx: FactContext, ep: EpisodeFacts): boolean {
  const windowStart = ctx.nowMs - ctx.thresholds.episodeWindowDays * DAY_MS;
  const history = [...conditionsIn(ctx, VS.priorVte, isRecordedCondition), ...conditionsIn(ctx, VS.dvtChronic, isRecordedCondition)]
    .filter((h) => !h.when || h.when.start <= ctx.nowMs);
  // An acute DVT/PE dated before the episode window is an earlier episode (RULES §2.7 "older than index").
  const earlierAcute = [...ACUTE_DVT_SETS.map((s) => s.id), VS.pulmonaryEmbolism]
    .flatMap((id) => conditionsIn(ctx, id, isRecordedCondition))
    .filter((h) => h.when !== null && h.when.end <= windowStart && (ep.d0 === null || h.when.start < ep.d0.start));
  const hit = history[0] ?? earlierAcute[0];
  if (!hit) return false;
  addEvidence(ctx, 'priorVte', evidence({ label: 'Prior VTE', value: hit.coding.display ?? hit.coding.code, date: hit.when?.text, source: hit.ref }));
  return true;
}

/** FHIR R4 `class` is one Coding, R5 a CodeableConcept list: accept both shapes. */
function classConcepts(value: unknown): CodeableConcept[] {
  if (Array.isArray(value)) return value.filter((v): v is CodeableConcept => typeof v === 'object' && v !== null);
  if (typeof value === 'object' && value !== null) {
    return 'coding' in value ? [value as CodeableConcept] : [{ coding: [value as Coding] }];
  }
  return [];
}

function inpatient(ctx: FactContext, ep: EpisodeFacts): boolean {
  const from = referenceMs(ctx, ep) - ctx.thresholds.hospitalisationWindowDays * DAY_MS;
  for (const enc of ctx.record.all('Encounter')) {
    if (enc.status === 'cancelled' || enc.status === 'entered-in-error' || enc.status === 'planned') continue;
    const byClass = classConcepts(enc.class).some((c) => ctx.vs.has(VS.inpatientEncounterClass, c));
    const byType = (enc.type ?? []).some((t) => ctx.vs.has(VS.inpatientEncounterType, t as CodeableConcept));
    if (!byClass && !byType) continue;
    // R5 names the period `actualPeriod` and the finished state `discharged`/`completed`: read both shapes.
    const period = enc.period ?? (enc as { actualPeriod?: { start?: string; end?: string } }).actualPeriod;
    const start = parseFhirDate(period?.start);
    const end = parseFhirDate(period?.end);
    const current = enc.status === 'in-progress' || (start !== null && start.start <= ctx.nowMs && end === null);
    const recent = end !== null && end.start >= from && (start?.start ?? end.start) <= ctx.nowMs;
    if (!current && !recent) continue;
    addEvidence(ctx, 'inpatientOrRecentHosp', evidence({
      label: current ? 'Inpatient' : 'Recent hospitalisation',
      value: current ? `admitted ${(start?.text ?? '').slice(0, 10) || 'date not stated'}` : `discharged ${(end?.text ?? '').slice(0, 10)}`,
      source: refOf(enc), rule: current ? 'current admission' : `≤ ${ctx.thresholds.hospitalisationWindowDays} days`,
    }));
    return true;
  }
  return false;
}

function surgery(ctx: FactContext, ep: EpisodeFacts): FhirInstant | null {
  const from = referenceMs(ctx, ep) - ctx.thresholds.surgeryWindowDays * DAY_MS;
  let best: { when: FhirInstant; ref: string; label: string } | null = null;
  for (const proc of ctx.record.all('Procedure')) {
    if (proc.status !== 'completed') continue;
    const code = proc.code as CodeableConcept | undefined;
    if (!ctx.vs.has(VS.surgeryProcedure, code) && !ctx.vs.has(VS.surgeryCategory, proc.category as CodeableConcept | undefined)) continue;
    const when = parseFhirDate(first(paths.procedureWhen, proc));
    if (!when || when.start < from || when.start > ctx.nowMs) continue;
    if (!best || when.start > best.when.start) {
      best = { when, ref: refOf(proc), label: code?.text ?? code?.coding?.find((c) => c?.display)?.display ?? 'Surgery' };
    }
  }
  if (best) {
    addEvidence(ctx, 'recentSurgery', evidence({
      label: 'Recent surgery', value: best.label, date: best.when.text, source: best.ref, rule: `≤ ${ctx.thresholds.surgeryWindowDays} days`,
    }));
  }
  return best?.when ?? null;
}

function covid(ctx: FactContext, ep: EpisodeFacts): boolean {
  const from = referenceMs(ctx, ep) - ctx.thresholds.covidWindowDays * DAY_MS;
  const hit = conditionsIn(ctx, VS.covid19, isRecordedCondition).find((h) => h.when !== null && h.when.start >= from && h.when.start <= ctx.nowMs);
  if (!hit) return false;
  addEvidence(ctx, 'covid19', evidence({
    label: 'COVID-19', value: hit.coding.display ?? hit.coding.code, date: hit.when?.text, source: hit.ref, rule: `onset ≤ ${ctx.thresholds.covidWindowDays} days`,
  }));
  return true;
}

/** Attestations that belong to this episode: from the presentation window before D0 up to now. */
function episodeFindings(ctx: FactContext, ep: EpisodeFacts, valueSetId: string): ObservationHit[] {
  const slack = presentationWindowMs(ctx);
  const from = ep.d0 ? ep.d0.start - slack : -Infinity;
  return observationsIn(ctx, valueSetId).filter((h) => !h.when || (h.when.end >= from && h.when.start <= ctx.nowMs));
}

const PROVOCATIONS: ReadonlySet<string> = new Set<Provocation>([
  'unprovoked', 'provoked-transient-major', 'provoked-transient-minor', 'provoked-persistent', 'unknown',
]);

function provocation(ctx: FactContext, ep: EpisodeFacts): Provocation {
  const hit = episodeFindings(ctx, ep, VS.findingVteProvocation)
    .map((h) => ({ h, code: findingCode(h.observation) }))
    .find((x) => x.code !== null && PROVOCATIONS.has(x.code));
  const value = (hit?.code ?? 'unknown') as Provocation;
  if (hit) {
    const ev = evidence({ label: 'Provocation (attested)', value, date: hit.h.when?.text, source: hit.h.ref });
    addEvidence(ctx, 'provocation', ev);
    if (value === 'unprovoked') addEvidence(ctx, 'unprovoked', { ...ev, label: 'Unprovoked', rule: 'clinician-attested: no reversible provoking factor' });
  }
  if (value === 'unknown' && ep.episode) addMissing(ctx, 'Provocation not recorded (unknown is not counted as unprovoked)');
  return value;
}

function severeSymptoms(ctx: FactContext, ep: EpisodeFacts): boolean {
  const attested = episodeFindings(ctx, ep, VS.findingSevereSymptoms)
    .find((h) => first(paths.observationBoolean, h.observation) !== null);
  if (attested && first(paths.observationBoolean, attested.observation) === true) {
    addEvidence(ctx, 'severeSymptoms', evidence({ label: 'Severe symptoms (attested)', value: true, date: attested.when?.text, source: attested.ref }));
    return true;
  }
  if (ep.episode?.severity === 'severe') {
    const source = ep.indexConditions.find((c) => ctx.vs.has(VS.severitySevere, c.condition.severity as CodeableConcept | undefined));
    addEvidence(ctx, 'severeSymptoms', evidence({
      label: 'Severe symptoms', date: source?.when?.text, source: source?.ref, rule: 'DVT Condition severity: severe',
    }));
    return true;
  }
  const threshold = ctx.thresholds.severePainNrs;
  for (const h of episodeFindings(ctx, ep, VS.painNrs)) {
    const q = first(paths.observationQuantity, h.observation);
    const score = typeof q?.value === 'number' ? q.value : first(paths.observationInteger, h.observation);
    if (score !== null && score >= threshold) {
      addEvidence(ctx, 'severeSymptoms', evidence({
        label: 'Pain score', value: score, unit: '/10', date: h.when?.text, source: h.ref, rule: `NRS ≥ ${threshold}`,
      }));
      return true;
    }
  }
  return false;
}

function preference(ctx: FactContext, ep: EpisodeFacts): Preference {
  const hit = episodeFindings(ctx, ep, VS.findingManagementPreference)
    .map((h) => ({ h, code: findingCode(h.observation) }))
    .find((x) => x.code === 'anticoagulation' || x.code === 'serial-imaging' || x.code === 'none-stated');
  if (!hit) return 'none-stated';
  const value = hit.code as Preference;
  if (value !== 'none-stated') {
    addEvidence(ctx, 'preference', evidence({ label: 'Patient preference', value, date: hit.h.when?.text, source: hit.h.ref }));
  }
  return value;
}

export function extractRiskFactors(ctx: FactContext, ep: EpisodeFacts): RiskFactors {
  const lastSurgery = surgery(ctx, ep);
  return {
    priorVte: priorVte(ctx, ep),
    inpatientOrRecentHosp: inpatient(ctx, ep),
    recentSurgery: lastSurgery !== null,
    lastSurgery,
    covid19: covid(ctx, ep),
    provocation: provocation(ctx, ep),
    severeSymptoms: severeSymptoms(ctx, ep),
    preference: preference(ctx, ep),
  };
}
