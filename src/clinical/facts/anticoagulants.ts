/**
 * Active anticoagulant orders and whether their dose is therapeutic (RULES §7.15): a prophylactic dose (e.g.
 * enoxaparin 40 mg daily after knee replacement, SC11) does not make the patient "already anticoagulated".
 * Agents are identified through the `anticoagulant-<agent>` value sets; the dose rules per agent are data
 * (hooks/knowledge/anticoagulant-intent.json). Also used by the order hooks (issue 4).
 */
import type { CodeableConcept, Coding, Dosage, MedicationRequest, Quantity } from 'fhir/r4';
import { first, paths } from '../../fhir/fhirpath';
import { parseUnit, quantityIn } from '../../fhir/ucum';
import type { DoseBounds, DoseIntentRule, Knowledge } from '../knowledge/types';
import { agentByName } from '../knowledge/agent-names';
import { membershipsOf } from '../knowledge/value-set-index';
import { ANTICOAGULANT_AGENTS, anticoagulantValueSetId } from '../knowledge/value-set-ids';
import type { ActiveAnticoagulant, AgentId } from '../types';
import { addEvidence, evidence, type FactContext } from './context';
import { addMonths, DAY_MS, isoDay, parseFhirDate } from './dates';
import { arrayOf, refOf, relativeRef, type RecordIndex } from './record-index';

const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export type DoseIntent = 'therapeutic' | 'prophylactic' | 'unknown';

/**
 * Which anticoagulant a medication concept names (ingredient, salt, brand or SCD code), or null. A concept without
 * an RxNorm code is recognised by name ("Eliquis 5 mg"): knowledge/agent-names.
 */
export function identifyAgent(concept: CodeableConcept | undefined, knowledge: Knowledge): AgentId | null {
  if (!concept || typeof concept !== 'object') return null;
  const inSet = membershipsOf(knowledge.valueSets, concept);
  for (const agent of ANTICOAGULANT_AGENTS) {
    if (inSet(anticoagulantValueSetId(agent))) return agent;
  }
  return agentByName(concept, knowledge.valueSets);
}

type MedicationHolder = Pick<MedicationRequest, 'medicationCodeableConcept' | 'medicationReference' | 'contained'>;

/** The medication concept of a request/statement: inline, contained (`#id`), or a Medication in the record. */
export function medicationConceptOf(holder: MedicationHolder, record?: RecordIndex): CodeableConcept | undefined {
  if (holder.medicationCodeableConcept && typeof holder.medicationCodeableConcept === 'object') return holder.medicationCodeableConcept;
  const raw = holder.medicationReference?.reference;
  if (typeof raw !== 'string') return undefined;
  if (raw.startsWith('#')) {
    const contained = arrayOf(holder.contained).find((r) => r?.resourceType === 'Medication' && r.id === raw.slice(1));
    return contained && 'code' in contained ? (contained.code as CodeableConcept | undefined) : undefined;
  }
  const ref = relativeRef(holder.medicationReference);
  const resolved = ref ? record?.resolve(ref) : undefined;
  return resolved?.resourceType === 'Medication' ? resolved.code : undefined;
}

// ───────────── dose arithmetic ─────────────

/** Units that mean "one tablet / capsule / syringe" — the dose is then count × product strength. */
const COUNT_UNITS = new Set(['1', '{tbl}', '{tablet}', '{tablets}', 'tablet', 'tablets', 'tab', 'TAB', '{capsule}', 'capsule',
  'capsules', 'cap', '{syringe}', 'syringe', 'syringes', '{each}', 'each', 'ea', '{dose}', 'dose', '{Pre-filled syringe}']);

/** Strength of one unit of the product from its RxNorm display: "apixaban 5 MG Oral Tablet" → 5 mg. */
function productStrength(concept: CodeableConcept | undefined, doseUnit: string): { perUnit: number | null; perMl: number | null; volumeMl: number | null } {
  const texts = [...(concept?.coding ?? []).map((c: Coding) => c?.display), concept?.text].filter((t): t is string => typeof t === 'string');
  const unitWord = doseUnit === 'mg' ? 'MG' : 'UNT';
  for (const text of texts) {
    const conc = new RegExp(`(\\d+(?:\\.\\d+)?)\\s*${unitWord}/ML`, 'i').exec(text);
    const volume = /^(\d+(?:\.\d+)?)\s*ML\b/i.exec(text);
    if (conc?.[1]) {
      const perMl = Number(conc[1]);
      const volumeMl = volume?.[1] ? Number(volume[1]) : null;
      return { perUnit: volumeMl !== null ? perMl * volumeMl : null, perMl, volumeMl };
    }
    const strength = new RegExp(`(\\d+(?:\\.\\d+)?)\\s*${unitWord}\\b(?!\\s*/)`, 'i').exec(text);
    if (strength?.[1]) return { perUnit: Number(strength[1]), perMl: null, volumeMl: null };
  }
  return { perUnit: null, perMl: null, volumeMl: null };
}

/** One administration in the agent's dose unit (mg or [iU]), or null. */
function perDoseAmount(dosage: Dosage, concept: CodeableConcept | undefined, doseUnit: string): number | null {
  const rate = arrayOf(dosage.doseAndRate)[0];
  const quantity: Quantity | undefined = rate?.doseQuantity ?? rate?.doseRange?.high;
  if (!quantity || typeof quantity.value !== 'number') return null;
  const direct = quantityIn(quantity, doseUnit);
  if (direct !== null) return direct;
  const unit = parseUnit(quantity.code ?? quantity.unit)?.code ?? null;
  const strength = productStrength(concept, doseUnit);
  if (unit !== null && strength.perMl !== null) {
    const ml = quantityIn(quantity, 'mL');
    if (ml !== null) return ml * strength.perMl;
  }
  if ((unit === null || COUNT_UNITS.has(unit)) && strength.perUnit !== null) return quantity.value * strength.perUnit;
  return null;
}

const TIMING_CODES: Readonly<Record<string, number>> = {
  QD: 1, QOD: 0.5, BID: 2, TID: 3, QID: 4, Q4H: 6, Q6H: 4, Q8H: 3, Q12H: 2, Q24H: 1, AM: 1, PM: 1,
};
const PERIOD_DAYS: Readonly<Record<string, number>> = { s: 1 / 86400, min: 1 / 1440, h: 1 / 24, d: 1, wk: 7, mo: 30, a: 365 };

/** Administrations per day, or null when the timing does not say. */
function frequencyPerDay(dosage: Dosage): number | null {
  const repeat = dosage.timing?.repeat;
  if (repeat && (typeof repeat.frequency === 'number' || typeof repeat.period === 'number')) {
    const frequency = typeof repeat.frequency === 'number' ? repeat.frequency : 1;
    const period = typeof repeat.period === 'number' && repeat.period > 0 ? repeat.period : 1;
    const unitDays = PERIOD_DAYS[typeof repeat.periodUnit === 'string' ? repeat.periodUnit : 'd'];
    if (unitDays === undefined) return null;
    return frequency / (period * unitDays);
  }
  for (const code of dosage.timing?.code?.coding ?? []) {
    const perDay = typeof code?.code === 'string' ? TIMING_CODES[code.code.toUpperCase()] : undefined;
    if (perDay !== undefined) return perDay;
  }
  return null;
}

function within(value: number | null, bounds: DoseBounds | undefined): boolean {
  if (!bounds) return true;
  if (value === null) return false;
  // Small tolerance: 74 kg × 1 mg/kg rounded to a 70 mg syringe is still "≈ 1 mg/kg".
  if (bounds.min !== undefined && value < bounds.min - 1e-9) return false;
  if (bounds.max !== undefined && value > bounds.max + 1e-9) return false;
  return true;
}

function ruleHolds(rule: DoseIntentRule, perDose: number | null, perDay: number | null, freq: number | null, weightKg: number | null): boolean {
  const perKg = (v: number | null): number | null => (v !== null && weightKg !== null && weightKg > 0 ? v / weightKg : null);
  return within(perDose, rule.perDose) && within(perDay, rule.perDay) && within(perKg(perDose), rule.perDosePerKg)
    && within(perKg(perDay), rule.perDayPerKg) && within(freq, rule.frequencyPerDay);
}

/** Intent of one dosage instruction by the agent's first matching rule. */
function dosageIntent(dosage: Dosage, concept: CodeableConcept | undefined, agent: AgentId, weightKg: number | null, knowledge: Knowledge): DoseIntent {
  const rules = knowledge.anticoagulantIntent?.[agent];
  if (!rules) return 'unknown';
  const perDose = perDoseAmount(dosage, concept, rules.doseUnit);
  const freq = frequencyPerDay(dosage);
  const perDay = perDose !== null && freq !== null ? perDose * freq : null;
  return rules.rules.find((rule) => ruleHolds(rule, perDose, perDay, freq, weightKg))?.intent ?? 'unknown';
}

/**
 * Therapeutic vs prophylactic by dose (RULES §7.15). Any therapeutic phase makes the order therapeutic
 * (apixaban 10 mg BID then 5 mg BID); weight-based rules need `weightKg` and are skipped without it.
 */
export function classifyDoseIntent(request: MedicationRequest, agent: AgentId, weightKg: number | null, knowledge: Knowledge): DoseIntent {
  const concept = medicationConceptOf(request);
  const dosages = arrayOf(request.dosageInstruction).filter((d): d is Dosage => typeof d === 'object' && d !== null);
  if (dosages.length === 0) return rulesWithoutDose(agent, knowledge);
  const intents = dosages.map((d) => dosageIntent(d, concept, agent, weightKg, knowledge));
  if (intents.includes('therapeutic')) return 'therapeutic';
  if (intents.includes('prophylactic')) return 'prophylactic';
  return 'unknown';
}

/** An agent whose only rule has no bounds (warfarin) is therapeutic whatever the dose says. */
function rulesWithoutDose(agent: AgentId, knowledge: Knowledge): DoseIntent {
  const rules = knowledge.anticoagulantIntent?.[agent]?.rules ?? [];
  const unbounded = rules.find((r) => !r.perDose && !r.perDay && !r.perDosePerKg && !r.perDayPerKg && !r.frequencyPerDay);
  return unbounded?.intent ?? 'unknown';
}

// ───────────── active orders ─────────────

const ACTIVE_REQUEST = new Set(['active', 'on-hold']);

function durationDays(q: { value?: unknown; code?: unknown; unit?: unknown } | undefined): number | null {
  if (!q || typeof q.value !== 'number') return null;
  const days = quantityIn(q as Quantity, 'd');
  return days;
}

/** Planned end: boundsPeriod.end, else start + Σ boundsDuration of the sequenced phases, else supply duration. */
function plannedEndOf(dosages: readonly Dosage[], startMs: number | null, supply: Quantity | undefined): string | null {
  const ends = dosages.map((d) => parseFhirDate(d.timing?.repeat?.boundsPeriod?.end)).filter((e) => e !== null);
  if (ends.length > 0) return ends.reduce((a, b) => (b.start > a.start ? b : a)).text;
  if (startMs === null) return null;
  const durations = dosages.map((d) => durationDays(d.timing?.repeat?.boundsDuration));
  if (durations.length > 0 && durations.every((d) => d !== null)) {
    return isoDay(startMs + (durations as number[]).reduce((a, b) => a + b, 0) * DAY_MS);
  }
  if (supply?.code === 'mo' || supply?.unit === 'month' || supply?.unit === 'months') {
    return typeof supply.value === 'number' ? isoDay(addMonths(startMs, supply.value)) : null;
  }
  const supplyDays = durationDays(supply);
  return supplyDays !== null ? isoDay(startMs + supplyDays * DAY_MS) : null;
}

function rxcuiOf(concept: CodeableConcept | undefined): string | null {
  return concept?.coding?.find((c) => c?.system === RXNORM && typeof c.code === 'string')?.code ?? null;
}

export function extractAnticoagulants(ctx: FactContext, weightKg: number | null): ActiveAnticoagulant[] {
  const found: ActiveAnticoagulant[] = [];
  const consider = (request: MedicationRequest, startText: string | null, ref: string): void => {
    const concept = medicationConceptOf(request, ctx.record);
    const agent = identifyAgent(concept, ctx.knowledge);
    if (!agent) return;
    const dosages = arrayOf(request.dosageInstruction).filter((d): d is Dosage => typeof d === 'object' && d !== null);
    const boundsStart = dosages.map((d) => parseFhirDate(d.timing?.repeat?.boundsPeriod?.start)).find((s) => s !== null) ?? null;
    const start = boundsStart ?? parseFhirDate(startText);
    const texts = dosages.map((d) => d.text).filter((t): t is string => typeof t === 'string');
    found.push({
      agent,
      intent: classifyDoseIntent(request, agent, weightKg, ctx.knowledge),
      ref,
      startedAt: start?.text ?? null,
      rxcui: rxcuiOf(concept),
      dosageText: texts.length > 0 ? texts.join('; ') : null,
      plannedEnd: plannedEndOf(dosages, start?.start ?? null, request.dispenseRequest?.expectedSupplyDuration),
    });
  };
  for (const mr of ctx.record.all('MedicationRequest')) {
    if (typeof mr.status !== 'string' || !ACTIVE_REQUEST.has(mr.status)) continue;
    consider(mr, typeof mr.authoredOn === 'string' ? mr.authoredOn : null, refOf(mr));
  }
  for (const ms of ctx.record.all('MedicationStatement')) {
    if (ms.status !== 'active') continue;
    const asRequest = { ...ms, resourceType: 'MedicationRequest', dosageInstruction: ms.dosage } as unknown as MedicationRequest;
    consider(asRequest, first(paths.medicationStatementWhen, ms), refOf(ms));
  }
  const therapeutic = found.find((a) => a.intent === 'therapeutic');
  if (therapeutic) {
    addEvidence(ctx, 'anticoagulant', evidence({
      label: 'Therapeutic anticoagulant', value: therapeutic.agent, date: therapeutic.startedAt ?? undefined, source: therapeutic.ref,
      rule: therapeutic.dosageText ?? 'therapeutic dose',
    }));
  }
  return found;
}
