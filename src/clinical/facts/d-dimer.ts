/**
 * D-dimer (RULES §3, §7.5–7.7, §7.11). The result closest to the diagnosis within −72 h/+24 h, drawn before
 * therapeutic anticoagulation started. Basis from the LOINC code, else from the UCUM annotation ({FEU}/{DDU});
 * value to ng/mL through UCUM; DDU × dduToFeuFactor. The lab's reference-range high wins over the generic
 * cut-off (compared in the same unit and basis); without basis and range, the interpretation flag is used;
 * with neither, the result is indeterminate and the card says so. Marked = ≥ multiple × the applicable cut-off.
 * Confounders are reported; the decision excludes a confounded D-dimer from the extension factors.
 */
import type { CodeableConcept, Quantity } from 'fhir/r4';
import { first, paths } from '../../fhir/fhirpath';
import { basisAnnotationOf, quantityIn, unitOf } from '../../fhir/ucum';
import { VS } from '../knowledge/value-set-ids';
import type { ActiveAnticoagulant, DDimerFact } from '../types';
import { addEvidence, addMissing, evidence, type FactContext } from './context';
import { DAY_MS, HOUR_MS, parseFhirDate, type FhirInstant } from './dates';
import type { EpisodeFacts } from './episode';
import { conditionsIn, display, observationsIn, type ObservationHit } from './lookups';
import { codesOf, isRecordedCondition, isUsableObservation, refOf } from './record-index';
import { formatNumber } from '../decide/format';

type Basis = DDimerFact['basis'];

interface Candidate {
  readonly hit: ObservationHit;
  readonly kind: 'feu' | 'ddu' | 'ambiguous' | 'qualitative';
  readonly distance: number;
}

/** Context that makes a raised D-dimer non-specific (RULES §7.7), computed by the other fact groups. */
export interface DDimerConfounderInputs {
  readonly pregnant: boolean;
  readonly postpartum: boolean;
  readonly activeCancer: boolean;
  readonly lastSurgery: FhirInstant | null;
  readonly covid19: boolean;
}

const POSITIVE_FLAGS = new Set(['H', 'HH', 'HU', 'A', 'AA', 'POS', 'DET']);
const NEGATIVE_FLAGS = new Set(['N', 'L', 'NEG', 'ND']);

function kindOf(ctx: FactContext, code: CodeableConcept | undefined): Candidate['kind'] | null {
  if (ctx.vs.has(VS.dDimerFeu, code)) return 'feu';
  if (ctx.vs.has(VS.dDimerDdu, code)) return 'ddu';
  if (ctx.vs.has(VS.dDimerAmbiguous, code)) return 'ambiguous';
  if (ctx.vs.has(VS.dDimerQualitative, code)) return 'qualitative';
  return null;
}

/** Therapeutic anticoagulation start (earliest); D-dimer drawn after it is lowered by treatment. */
function anticoagulationStart(anticoagulants: readonly ActiveAnticoagulant[]): FhirInstant | null {
  const starts = anticoagulants.filter((a) => a.intent === 'therapeutic').map((a) => parseFhirDate(a.startedAt)).filter((s) => s !== null);
  return starts.length > 0 ? starts.reduce((a, b) => (b.start < a.start ? b : a)) : null;
}

/**
 * D-dimer results reported as components of a panel Observation (LOINC 55398-2 "FEU and DDU panel", RULES §2.4
 * "read members"): each component coded with a D-dimer LOINC becomes a result of its own, dated and referenced as
 * the panel. Panels that use `hasMember` need nothing: their members are Observations already.
 */
function panelComponentHits(ctx: FactContext): ObservationHit[] {
  const hits: ObservationHit[] = [];
  for (const panel of ctx.record.all('Observation')) {
    if (!Array.isArray(panel.component) || !isUsableObservation(panel)) continue;
    for (const component of panel.component) {
      if (kindOf(ctx, component?.code as CodeableConcept | undefined) === null) continue;
      const { component: _members, valueQuantity: _panelValue, ...rest } = panel;
      const observation = { ...rest, ...component } as ObservationHit['observation'];
      hits.push({ observation, when: parseFhirDate(first(paths.observationWhen, panel)), ref: refOf(panel) });
    }
  }
  return hits;
}

function candidates(ctx: FactContext, d0: FhirInstant, treatedFrom: FhirInstant | null): Candidate[] {
  const t = ctx.thresholds;
  const from = d0.start - t.dDimerWindowBeforeHours * HOUR_MS;
  const to = d0.end + t.dDimerWindowAfterHours * HOUR_MS;
  const out: Candidate[] = [];
  const ids = [VS.dDimerFeu, VS.dDimerDdu, VS.dDimerAmbiguous, VS.dDimerQualitative];
  const seen = new Set<string>();
  const components = panelComponentHits(ctx);
  for (const id of ids) {
    const hits = [...observationsIn(ctx, id), ...components.filter((h) => ctx.vs.has(id, h.observation.code as CodeableConcept | undefined))];
    for (const hit of hits) {
      if (seen.has(hit.ref) || !hit.when) continue;
      seen.add(hit.ref);
      if (hit.when.start > to || hit.when.end < from || hit.when.start > ctx.nowMs) continue;
      // Drawn before treatment began; a date-only start day counts as "before" (blood is drawn before the first dose).
      if (treatedFrom && hit.when.start >= (treatedFrom.end > treatedFrom.start ? treatedFrom.end : treatedFrom.start)) continue;
      const kind = kindOf(ctx, hit.observation.code as CodeableConcept | undefined) as Candidate['kind'];
      const distance = hit.when.start > d0.end ? hit.when.start - d0.end : hit.when.end < d0.start ? d0.start - hit.when.end : 0;
      out.push({ hit, kind, distance });
    }
  }
  // Closest first; quantitative before qualitative at equal distance.
  return out.sort((a, b) => a.distance - b.distance || Number(a.kind === 'qualitative') - Number(b.kind === 'qualitative'));
}

function reportedText(quantity: Quantity | null): string {
  if (!quantity || typeof quantity.value !== 'number') return 'no value';
  const unit = (unitOf(quantity) ?? '').replace(/\{(FEU|DDU)\}/i, ' $1');
  return `${formatNumber(quantity.value)} ${unit}`.trim();
}

function interpretationOf(hit: ObservationHit): boolean | null {
  const flags = (hit.observation.interpretation ?? []).flatMap((c) => codesOf(c as CodeableConcept)).map((c) => c.toUpperCase());
  if (flags.some((f) => POSITIVE_FLAGS.has(f))) return true;
  if (flags.some((f) => NEGATIVE_FLAGS.has(f))) return false;
  return null;
}

/** Reference-range high of the result, in ng/mL of the result's own basis. */
function referenceHighNgMl(hit: ObservationHit): number | null {
  for (const range of hit.observation.referenceRange ?? []) {
    const high = range?.high ? quantityIn(range.high, 'ng/mL') : null;
    if (high !== null && high > 0) return high;
  }
  return null;
}

function confoundersOf(ctx: FactContext, c: DDimerConfounderInputs, at: FhirInstant): string[] {
  const list: string[] = [];
  const recent = ctx.thresholds.dDimerConfounderSurgeryDays * DAY_MS;
  if (c.pregnant) list.push('pregnancy');
  if (c.postpartum) list.push('postpartum');
  if (c.activeCancer) list.push('active cancer');
  if (c.lastSurgery && at.start - c.lastSurgery.start <= recent && c.lastSurgery.start <= at.end) list.push('recent surgery');
  if (c.covid19) list.push('COVID-19');
  const recentCondition = (id: string): boolean => conditionsIn(ctx, id, isRecordedCondition)
    .some((h) => h.when !== null && at.start - h.when.start <= recent && h.when.start <= at.end);
  if (recentCondition(VS.acuteInfection)) list.push('acute infection');
  if (recentCondition(VS.trauma)) list.push('trauma');
  return list;
}

export function extractDDimer(
  ctx: FactContext, ep: EpisodeFacts, ageYears: number | null, anticoagulants: readonly ActiveAnticoagulant[],
  confounderInputs: DDimerConfounderInputs,
): DDimerFact | null {
  if (!ep.episode || !ep.d0 || ep.episode.upperLimbOnly) return null;
  const t = ctx.thresholds;
  const found = candidates(ctx, ep.d0, anticoagulationStart(anticoagulants));
  const chosen = found[0];
  if (!chosen) {
    addMissing(ctx, `D-dimer not recorded (within −${t.dDimerWindowBeforeHours} h/+${t.dDimerWindowAfterHours} h of the diagnosis, before anticoagulation)`);
    return null;
  }
  const { hit, kind } = chosen;
  const when = hit.when as FhirInstant;
  const quantity = first(paths.observationQuantity, hit.observation);
  const confounders = confoundersOf(ctx, confounderInputs, when);
  const annotation = basisAnnotationOf(quantity ?? undefined);
  const basis: Basis = kind === 'feu' ? 'FEU' : kind === 'ddu' ? 'DDU' : kind === 'ambiguous' && annotation ? annotation : 'unknown';
  const valueNgMl = quantity ? quantityIn(quantity, 'ng/mL') : null;
  const labHigh = referenceHighNgMl(hit);
  const flag = interpretationOf(hit);
  const factor = basis === 'DDU' ? t.dduToFeuFactor : 1;
  const valueFeu = valueNgMl !== null && basis !== 'unknown' ? valueNgMl * factor : null;

  let positive: DDimerFact['positive'];
  let marked = false;
  let cutoff: number | null = null;
  let cutoffSource: DDimerFact['cutoffSource'];
  if (valueNgMl !== null && labHigh !== null) {
    // The lab's own upper limit wins (RULES §3.1); result and limit share the result's basis.
    cutoffSource = 'lab-reference-range';
    cutoff = basis === 'unknown' ? labHigh : labHigh * factor;
    positive = valueNgMl > labHigh;
    marked = valueNgMl >= t.dDimerMarkedMultiple * labHigh;
  } else if (valueFeu !== null) {
    const ageAdjusted = t.useAgeAdjustedDDimer && ageYears !== null && ageYears > t.ageAdjustedDDimerFromAgeYears;
    cutoffSource = ageAdjusted ? 'age-adjusted' : 'fixed';
    cutoff = ageAdjusted ? (ageYears as number) * t.ageAdjustedDDimerNgMlPerYear : t.dDimerCutoffFeuNgMl;
    positive = valueFeu >= cutoff;
    marked = valueFeu >= t.dDimerMarkedMultiple * cutoff;
  } else if (flag !== null) {
    cutoffSource = 'lab-interpretation';
    positive = flag;
  } else {
    cutoffSource = 'fixed';
    positive = 'indeterminate';
    addMissing(ctx, kind === 'ambiguous'
      ? 'D-dimer indeterminate: FEU/DDU not stated and no lab reference range or flag'
      : 'D-dimer indeterminate: unit not recognised and no lab reference range or flag');
  }
  const reported = kind === 'qualitative' && !quantity ? (flag === null ? 'qualitative' : flag ? 'positive' : 'negative') : reportedText(quantity);
  const fact: DDimerFact = {
    valueFeuNgMl: valueFeu, basis, positive, marked, cutoffFeuNgMl: cutoff, cutoffSource, confounders, date: when.text, source: hit.ref, reported,
  };
  addDDimerEvidence(ctx, fact);
  return fact;
}

function cutoffText(f: DDimerFact): string {
  if (f.cutoffSource === 'lab-interpretation') return 'lab flag';
  const unit = f.cutoffSource === 'lab-reference-range' && f.basis === 'unknown' ? 'ng/mL (lab basis)' : 'ng/mL FEU';
  const source = f.cutoffSource === 'lab-reference-range' ? 'lab upper limit' : f.cutoffSource === 'age-adjusted' ? 'age-adjusted cut-off' : 'cut-off';
  return `${source} ${f.cutoffFeuNgMl === null ? '?' : display(f.cutoffFeuNgMl, 0)} ${unit}`;
}

function addDDimerEvidence(ctx: FactContext, f: DDimerFact): void {
  const value = f.valueFeuNgMl !== null ? display(f.valueFeuNgMl, 0) : f.reported;
  const unit = f.valueFeuNgMl !== null ? 'ng/mL FEU' : undefined;
  const base = { value, unit, date: f.date, source: f.source };
  const confounded = f.confounders.length > 0 ? `; confounded by ${f.confounders.join(', ')}` : '';
  addEvidence(ctx, 'dDimer', evidence({
    label: 'D-dimer', ...base,
    rule: `${f.positive === 'indeterminate' ? 'indeterminate' : f.positive ? 'positive' : 'negative'} (${cutoffText(f)}; reported ${f.reported})${confounded}`,
  }));
  if (f.positive === true) {
    addEvidence(ctx, 'dDimerPositive', evidence({
      label: 'D-dimer positive', ...base, rule: `${f.cutoffSource === 'lab-interpretation' ? 'lab flag' : `≥ ${cutoffText(f)}`}${confounded}`,
    }));
  }
  if (f.marked) {
    addEvidence(ctx, 'dDimerMarked', evidence({
      label: 'D-dimer markedly raised', ...base, rule: `≥ ${ctx.thresholds.dDimerMarkedMultiple} × ${cutoffText(f)}${confounded}`,
    }));
  }
}
