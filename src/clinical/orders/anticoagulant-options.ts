/**
 * Anticoagulation options for this patient, in card order (RULES §4 agent-selection rules 1–6), each as the
 * MedicationRequest(s) a clinician would sign (RULES §4.1), built from hooks/knowledge/regimens.json and
 * orders.json. No dose, code or limit lives here: they are all knowledge data.
 */
import type { Dosage, MedicationRequest, ServiceRequest } from 'fhir/r4';
import type { Knowledge, RegimenPhase } from '../knowledge/types';
import type { AgentId, AnticoagulantOption, Facts } from '../types';
import { addDays, daysBetween, isoDate } from '../decide/dates';
import { formatNumber } from '../decide/format';
import { phaseDose, type PhaseDose } from './dose';
import { coding, days, medicationRequest, serviceRequest, UCUM } from './fhir-build';
import { orderKnowledgeOf, suggestableRegimen, type OrderKnowledge, type RegimenDetails, type SelectionList } from './order-knowledge';

/** Why the course is given: an IDDVT course, or treatment as proximal DVT after extension (RULES §4 durations). */
export type TreatmentPurpose = 'iddvt' | 'proximal-extension';

/** An option plus the monitoring orders it needs (warfarin → INR ServiceRequest). */
export interface OrderOption extends AnticoagulantOption {
  readonly monitoring: readonly ServiceRequest[];
}

export interface AnticoagulationPlan {
  readonly options: readonly OrderOption[];
  /** Agents left out, with the reason (renal limit, …), for the card. */
  readonly excluded: readonly { readonly agent: AgentId; readonly reason: string }[];
  /** Renal function removed an agent or changed a dose/caution (RULES §4 rule 6 → RENAL_DOSE_NOTE). */
  readonly renalAffected: boolean;
  /** "3 months", "≥ 3 months and while cancer or its treatment is active", … */
  readonly duration: string;
  readonly selection: SelectionList;
}

function selectionFor(facts: Facts): SelectionList {
  if (facts.pregnant) return 'pregnancy';
  if (facts.postpartumDays !== null) return facts.breastfeeding ? 'postpartumBreastfeeding' : 'postpartum';
  if (facts.triplePositiveAps) return 'triplePositiveAps';
  const site = facts.activeCancer?.site;
  if (site === 'gastric' || site === 'gastroesophageal') return 'cancerGastric';
  if (site === 'gi-luminal' || site === 'gu') return 'cancerGiGu';
  if (site !== undefined) return 'cancerOther';
  return 'default';
}

function durationFor(facts: Facts, knowledge: Knowledge, purpose: TreatmentPurpose): string {
  const t = knowledge.thresholds;
  const months = `${t.treatmentDurationMonths} months`;
  if (facts.pregnant || facts.postpartumDays !== null) {
    return `until ≥ ${t.pregnancyPostpartumWeeks} weeks postpartum and ≥ ${months} in total`;
  }
  if (facts.activeCancer !== null) return `≥ ${months} and while cancer or its treatment is active`;
  if (purpose === 'proximal-extension') return `≥ ${months}, treated as proximal DVT`;
  return months;
}

/** The duration as a suggestion label carries it: short, no nested clauses. */
function labelDurationFor(facts: Facts, knowledge: Knowledge, purpose: TreatmentPurpose): string {
  const t = knowledge.thresholds;
  const months = `${t.treatmentDurationMonths} months`;
  if (facts.pregnant || facts.postpartumDays !== null) return `≥ ${t.pregnancyPostpartumWeeks} weeks postpartum, ≥ ${months} total`;
  if (facts.activeCancer !== null) return `≥ ${months}, while cancer active`;
  if (purpose === 'proximal-extension') return `≥ ${months}`;
  return months;
}

const ROUTE_WORDS = { oral: 'by mouth', subcutaneous: 'subcutaneously', intravenous: 'intravenously' } as const;

function frequencyWords(perDay: number, route: RegimenPhase['route']): string {
  if (perDay === 1) return 'once daily';
  if (perDay === 2) return route === 'oral' ? 'twice daily' : 'every 12 hours';
  return `${perDay} times daily`;
}

function frequencyShort(perDay: number, route: RegimenPhase['route']): string {
  if (route === 'oral') return perDay === 1 ? 'daily' : perDay === 2 ? 'BID' : `${perDay}×/day`;
  return `${route === 'subcutaneous' ? 'SC ' : 'IV '}q${Math.round(24 / perDay)}h`;
}

function doseWords(dose: PhaseDose, unitsPerDose: number | undefined): string {
  let text = `${formatNumber(dose.value)} ${dose.unit}`;
  if (unitsPerDose !== undefined && unitsPerDose !== 1) text += ` (${unitsPerDose} tablets)`;
  if (dose.volumeMl !== null) text += ` (${formatNumber(dose.volumeMl)} mL of ${dose.productDisplay})`;
  return text;
}

interface BuiltPhase {
  readonly dosage: Dosage;
  readonly dose: PhaseDose | null;
  readonly short: string;
  /** Why no dose was computed (RULES §7.14: the card must say why). */
  readonly notComputed?: string;
}

interface PhaseContext {
  readonly regimen: RegimenDetails;
  readonly phase: RegimenDetails['phases'][number];
  readonly sequence: number;
  readonly frequencyPerDay: number;
  readonly durationDays: number | null;
  readonly weightKg: number | null;
  readonly reduced: boolean;
  readonly orders: OrderKnowledge;
}

function buildPhase(c: PhaseContext): BuiltPhase {
  const result = phaseDose(c.regimen, c.phase, c.weightKg, c.reduced);
  const route = c.orders.templates.routes[c.phase.route];
  const repeat: NonNullable<NonNullable<Dosage['timing']>['repeat']> = {
    frequency: c.frequencyPerDay, period: 1, periodUnit: 'd',
    ...(c.durationDays !== null ? { boundsDuration: days(c.durationDays) } : {}),
  };
  const tail = `${c.phase.withFood ? ', with food' : ''}${c.durationDays !== null ? ` for ${c.durationDays} days` : ' to complete the course'}`;
  const freq = frequencyWords(c.frequencyPerDay, c.phase.route);
  if (!result.ok) {
    // RULES §7.14: no computed dose — the order says "dose by weight" and why.
    const perKg = c.phase.doseMgPerKg !== undefined ? `${c.phase.doseMgPerKg} mg/kg` : c.phase.doseIuPerKg !== undefined ? `${c.phase.doseIuPerKg} IU/kg` : 'weight-banded dose';
    return {
      dosage: {
        sequence: c.sequence,
        text: `${perKg} ${ROUTE_WORDS[c.phase.route]} ${freq}${tail} — dose by weight (${result.reason})`,
        timing: { repeat }, route: { coding: [coding(route)] },
      },
      dose: null,
      short: `${c.regimen.display.toLowerCase()} ${perKg} ${frequencyShort(c.frequencyPerDay, c.phase.route)} (dose by weight)`,
      notComputed: `Dose not computed: ${result.reason}`,
    };
  }
  const dose = result.dose;
  const ucumUnit = dose.unit === 'mg' ? { unit: 'mg', code: 'mg' } : { unit: 'IU', code: '[iU]' };
  return {
    dosage: {
      sequence: c.sequence,
      text: `${doseWords(dose, c.phase.unitsPerDose)} ${ROUTE_WORDS[c.phase.route]} ${freq}${tail}`,
      timing: { repeat },
      route: { coding: [coding(route)] },
      doseAndRate: [{ doseQuantity: { value: dose.value, unit: ucumUnit.unit, system: UCUM, code: ucumUnit.code } }],
    },
    dose,
    short: `${c.regimen.display.toLowerCase()} ${formatNumber(dose.value)} ${dose.unit} ${frequencyShort(c.frequencyPerDay, c.phase.route)}`,
  };
}

interface RenalVerdict { readonly excluded: string | null; readonly adjust: boolean; readonly reduce: boolean; readonly cautions: string[]; readonly affected: boolean }

function renalVerdict(regimen: RegimenDetails, facts: Facts): RenalVerdict {
  const crcl = facts.renal.crclMlMin;
  const hasRule = regimen.avoidBelowCrcl !== undefined || regimen.renalAdjustBelowCrcl !== undefined
    || regimen.renalCautionBelowCrcl !== undefined || regimen.reducedDose?.crclAtMost !== undefined;
  if (crcl === null) {
    return { excluded: null, adjust: false, reduce: false, cautions: hasRule ? ['CrCl not available: check renal function before prescribing'] : [], affected: false };
  }
  const source = facts.renal.source === 'cockcroft-gault' ? 'Cockcroft-Gault' : facts.renal.source;
  const crclText = `CrCl ${formatNumber(Math.round(crcl))} mL/min (${source})`;
  const limit = regimen.avoidBelowCrcl;
  if (limit !== undefined && (crcl < limit || (regimen.avoidAtLimit === true && crcl <= limit))) {
    return { excluded: `${crclText} ${regimen.avoidAtLimit ? '≤' : '<'} ${limit}`, adjust: false, reduce: false, cautions: [], affected: true };
  }
  const cautions: string[] = [];
  let affected = false;
  const adjust = regimen.renalAdjustBelowCrcl !== undefined && crcl < regimen.renalAdjustBelowCrcl;
  if (adjust) {
    const how = regimen.renalAdjustedFrequencyPerDay === 1 ? 'given once daily' : 'renal dose adjustment applied';
    cautions.push(`${crclText} < ${regimen.renalAdjustBelowCrcl}: ${how}`);
    affected = true;
  }
  const atMost = regimen.reducedDose?.crclAtMost;
  const reduce = atMost !== undefined && crcl <= atMost;
  if (reduce) {
    cautions.push(`${crclText} ≤ ${atMost}: reduced dose`);
    affected = true;
  }
  if (regimen.renalCautionBelowCrcl !== undefined && crcl < regimen.renalCautionBelowCrcl) {
    cautions.push(`${crclText} < ${regimen.renalCautionBelowCrcl}: limited data — pharmacist review`);
    affected = true;
  }
  return { excluded: null, adjust, reduce, cautions, affected };
}

interface BuildContext {
  readonly facts: Facts;
  readonly orders: OrderKnowledge;
  readonly start: string;
  readonly courseDays: number;
  readonly duration: string;
  readonly labelDuration: string;
  readonly purpose: TreatmentPurpose;
}

function courseNote(c: BuildContext): string {
  const what = c.purpose === 'proximal-extension' ? 'DVT with proximal extension' : 'Isolated distal DVT';
  return `${what}: planned duration ${c.duration} (reassess at end of course).`;
}

/**
 * The MedicationRequest(s) of a regimen starting on `from` (phases with another product become another request).
 * All requests of one option share `groupId`, a lead-in included, so the order hooks read them as one regimen.
 * `leadInDays`: the regimen is the parenteral lead-in of another agent, given for that many days (null: the
 * course itself). Perf (issue 7): passed beside the regimen, not spread into a copy of it — a spread of a
 * regimen object is a slow, dictionary-mode copy read again by every phase.
 */
function regimenRequests(
  c: BuildContext, regimen: RegimenDetails, from: string, verdict: RenalVerdict, leadInDays: number | null, groupId: string,
): { requests: MedicationRequest[]; shorts: string[]; computed: boolean; notComputed: string[] } | { failed: string } {
  const leadIn = leadInDays !== null;
  const facts = c.facts;
  const weightReduced = regimen.reducedDose?.weightKgAtMost !== undefined && facts.weightKg !== null
    && facts.weightKg <= regimen.reducedDose.weightKgAtMost;
  const reduced = verdict.reduce || weightReduced;
  const offset = leadIn ? 0 : daysBetween(c.start, from);
  const total = leadInDays ?? c.courseDays - offset;
  const requests: MedicationRequest[] = [];
  const shorts: string[] = [];
  let computed = true;
  const notComputed: string[] = [];
  let pending: { dosage: Dosage[]; rxcui: string; display: string; supply: number } | null = null;
  let elapsed = 0;
  const flush = (): void => {
    if (pending === null) return;
    requests.push(medicationRequest({
      patientId: facts.patientId, conditionRef: facts.episode?.conditionRef ?? null, rxcui: pending.rxcui,
      productDisplay: pending.display, text: pending.display, dosage: pending.dosage, supplyDays: pending.supply,
      note: leadIn ? `Parenteral lead-in (${regimen.display}) for ${total} days. ${courseNote(c)}` : courseNote(c),
      groupId,
    }));
    pending = null;
  };
  for (const [i, phase] of regimen.phases.entries()) {
    const last = i === regimen.phases.length - 1;
    const remaining = total - elapsed;
    const phaseDays = leadIn ? total : last ? remaining : Math.min(phase.durationDays ?? remaining, remaining);
    const frequencyPerDay = verdict.adjust && regimen.renalAdjustedFrequencyPerDay !== undefined
      ? regimen.renalAdjustedFrequencyPerDay : phase.frequencyPerDay;
    const built = buildPhase({
      regimen, phase, sequence: 0, frequencyPerDay, weightKg: facts.weightKg, reduced, orders: c.orders,
      durationDays: last && !leadIn ? null : phaseDays,
    });
    if (built.dose === null) computed = false;
    if (built.notComputed !== undefined && !notComputed.includes(built.notComputed)) notComputed.push(built.notComputed);
    const rxcui = built.dose?.rxcui ?? regimen.ingredientRxcui ?? phase.rxcui;
    const display = built.dose?.productDisplay ?? phase.productDisplay;
    const phaseStart = addDays(from, elapsed);
    if (pending !== null && pending.rxcui !== rxcui) flush();
    const newRequest = pending === null;
    const sequence = pending === null ? 1 : pending.dosage.length + 1;
    // A later phase in its own request starts on its own date; a request starting after today carries it too.
    const boundsStart = newRequest && phaseStart !== c.start ? phaseStart : null;
    let dosage: Dosage = { ...built.dosage, sequence };
    if (boundsStart !== null) {
      // Rest destructuring rather than `delete`, which turns the object into a slow dictionary.
      const { boundsDuration: _replaced, ...repeat } = dosage.timing?.repeat ?? {};
      dosage = { ...dosage, timing: { repeat: { ...repeat, boundsPeriod: { start: boundsStart } } } };
    } else if (last && !leadIn && !newRequest) {
      // Final phase inside the same request: bound it by the rest of the course (RULES §4.1: 83 d after 7 d).
      dosage = { ...dosage, timing: { repeat: { ...(dosage.timing?.repeat ?? {}), boundsDuration: days(phaseDays) } } };
    }
    if (pending === null) pending = { dosage: [dosage], rxcui, display, supply: 0 };
    else pending.dosage.push(dosage);
    pending.supply += phaseDays;
    const short = i === 0 ? built.short : built.short.replace(`${regimen.display.toLowerCase()} `, '');
    shorts.push(`${short}${last && !leadIn ? '' : ` × ${phaseDays} d`}`);
    elapsed += phaseDays;
  }
  flush();
  return { requests, shorts, computed, notComputed };
}

function buildOption(c: BuildContext, regimen: RegimenDetails, verdict: RenalVerdict): OrderOption | { failed: string } {
  const facts = c.facts;
  // Patient-specific cautions first; the regimen's general cautions only where they shape the order (lead-in).
  const cautions = [...verdict.cautions];
  if (regimen.nonCancerCaution && facts.activeCancer === null) cautions.push(regimen.nonCancerCaution);
  const site = facts.activeCancer?.site;
  if (site && c.orders.templates.cancerCautionAgents[site]?.includes(regimen.agent)) {
    cautions.push(`Caution with ${regimen.display.toLowerCase()} in ${site === 'gu' ? 'genitourinary' : 'luminal GI'} cancer (bleeding risk)`);
  }

  const resources: MedicationRequest[] = [];
  const monitoring: ServiceRequest[] = [];
  const groupId = `${regimen.agent}-${c.start}`;
  const labelParts: string[] = [];
  let computed = true;
  let mainStart = c.start;

  if (regimen.parenteralLeadInDays !== undefined && regimen.leadInAgent !== undefined) {
    const leadRegimen = c.orders.regimens[regimen.leadInAgent];
    if (!leadRegimen) return { failed: `lead-in agent ${regimen.leadInAgent} has no regimen` };
    const leadVerdict = renalVerdict(leadRegimen, facts);
    const lead = regimenRequests(c, leadRegimen, c.start, leadVerdict, regimen.parenteralLeadInDays, groupId);
    if ('failed' in lead) return lead;
    resources.push(...lead.requests);
    computed &&= lead.computed;
    const overlap = regimen.leadInOverlapsMaintenance === true;
    const leadShort = lead.shorts.join(' ').replace(/ × \d+ d$/, '');
    labelParts.push(overlap ? `${leadShort} for ≥ ${regimen.parenteralLeadInDays} d and until INR in range` : `${leadShort} × ${regimen.parenteralLeadInDays} d`);
    // The lead-in's renal cautions are about the lead-in agent: say so, or they read as the main agent's.
    const leadName = leadRegimen.display.toLowerCase();
    // The card lists cautions under the option's agent: name the lead-in agent, never the agent twice.
    cautions.push(...lead.notComputed.map((x) => `${leadName} lead-in: ${x.charAt(0).toLowerCase()}${x.slice(1)}`));
    cautions.push(...leadVerdict.cautions.map((x) => `${leadName} lead-in: ${x}`).filter((x) => !cautions.includes(x)));
    if (!overlap) mainStart = addDays(c.start, regimen.parenteralLeadInDays);
  }

  const main = regimenRequests(c, regimen, mainStart, verdict, null, groupId);
  if ('failed' in main) return main;
  resources.push(...main.requests);
  computed &&= main.computed;
  cautions.push(...main.notComputed.filter((x) => !cautions.includes(x)));
  labelParts.push(main.shorts.join(' then '));

  if (regimen.inrMonitoring) {
    const m = regimen.inrMonitoring;
    monitoring.push(serviceRequest({
      patientId: facts.patientId, conditionRef: facts.episode?.conditionRef ?? null, codings: [m.code],
      text: m.code.display ?? 'INR', occurrence: { start: addDays(c.start, m.fromDay), end: addDays(c.start, m.toDay) },
      note: `INR on day ${m.fromDay}–${m.toDay} of ${regimen.display.toLowerCase()}${m.target ? `; target ${m.target}` : ''}.`,
    }));
  }

  if (regimen.parenteralLeadInDays !== undefined) cautions.push(...(regimen.cautions ?? []));
  // RULES G9: pregnancy wording only where pregnancy or the postpartum period is in the chart, not on every patient.
  if (regimen.pregnancyCaution && (facts.pregnant || facts.postpartumDays !== null)) cautions.push(regimen.pregnancyCaution);
  // Overlapping lead-in (warfarin): the oral agent is what is started, the LMWH bridges it.
  const [leadPart, mainPart] = labelParts.length === 2 ? labelParts : [undefined, labelParts[0]];
  const what = leadPart === undefined ? mainPart : regimen.leadInOverlapsMaintenance ? `${mainPart} with ${leadPart}` : `${leadPart}, then ${mainPart}`;
  const label = `Start ${what ?? regimen.display.toLowerCase()} (${c.labelDuration})`;
  return { agent: regimen.agent, label, resources, cautions, doseComputed: computed, monitoring };
}

/** The full plan: options in order, the agents left out and why, and whether renal function mattered. */
export function planAnticoagulation(facts: Facts, knowledge: Knowledge, purpose: TreatmentPurpose = 'iddvt'): AnticoagulationPlan {
  const orders = orderKnowledgeOf(knowledge);
  const selection = selectionFor(facts);
  const duration = durationFor(facts, knowledge, purpose);
  const courseDays = knowledge.thresholds.treatmentDurationMonths * orders.templates.courseDaysPerMonth;
  const labelDuration = labelDurationFor(facts, knowledge, purpose);
  const context: BuildContext = { facts, orders, start: isoDate(facts.now), courseDays, duration, labelDuration, purpose };
  const options: OrderOption[] = [];
  const excluded: { agent: AgentId; reason: string }[] = [];
  let renalAffected = false;
  for (const agent of orders.templates.selection[selection]) {
    const regimen = suggestableRegimen(orders, agent);
    if (!regimen) continue;
    const verdict = renalVerdict(regimen, facts);
    renalAffected ||= verdict.affected;
    if (verdict.excluded !== null) {
      excluded.push({ agent, reason: verdict.excluded });
      continue;
    }
    const option = buildOption(context, regimen, verdict);
    if ('failed' in option) excluded.push({ agent, reason: option.failed });
    else options.push(option);
  }
  return { options, excluded, renalAffected, duration, selection };
}

export function anticoagulantOptions(facts: Facts, knowledge: Knowledge, purpose: TreatmentPurpose = 'iddvt'): readonly OrderOption[] {
  return planAnticoagulation(facts, knowledge, purpose).options;
}
