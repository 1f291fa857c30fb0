/**
 * patient-view cards (RULES §5.3, §5.7; CONFORMANCE §3.7): one primary card first, then one card per stackable
 * note, each with its own source.topic code. Suggestions are `at-most-one` between anticoagulation options and
 * serial imaging (the serial pair is ONE suggestion with two create actions).
 */
import type { MedicationRequest, ServiceRequest } from 'fhir/r4';
import type { Knowledge } from '../../clinical/knowledge/types';
import type { Decision, Facts, NoteCode, PrimaryAdviceCode, SurveillanceOption } from '../../clinical/types';
import type { AnticoagulationPlan, OrderOption } from '../../clinical/orders/anticoagulant-options';
import { SUMMARY_MAX_CHARS, type CardDraft, type SuggestionDraft } from '../finalise-cards';
import type { Action, Indicator } from '../types';
import { addDays, addMonths, isoDate } from '../../clinical/decide/dates';
import { surveillanceState } from '../../clinical/decide/surveillance';
import { formatEvidence, formatNumber } from '../../clinical/decide/format';
import { orderKnowledgeOf } from '../../clinical/orders/order-knowledge';
import { isAvoidedInPregnancy } from '../../clinical/decide';
import { create, linksFor, OVERRIDE_REASONS, remove, sourceFor } from './card-parts';
import { primaryDetail, renalLine } from './detail';
import { veinWords, veinWordsShort } from './episode-words';

export interface PatientViewInput {
  readonly facts: Facts;
  readonly decision: Decision;
  readonly knowledge: Knowledge;
  /** Anticoagulation options when the code offers them. */
  readonly plan: AnticoagulationPlan | null;
  readonly serial: SurveillanceOption | null;
  /** Extra ServiceRequests (overdue duplex, referral, complete duplex) the code suggests. */
  readonly extra: { readonly asap?: ServiceRequest; readonly later?: ServiceRequest; readonly referral?: ServiceRequest };
}

/** A caution computed from this patient's CrCl ("CrCl 24 mL/min …", "enoxaparin lead-in: CrCl 24 mL/min …"). */
const PATIENT_RENAL = /^(?:[\w-]+ lead-in: )?CrCl (?:\d|not available)/;

function optionSuggestion(o: OrderOption, recommended: boolean, extraActions: readonly Action[] = []): SuggestionDraft {
  const actions: Action[] = [
    ...extraActions,
    ...o.resources.map((r: MedicationRequest, i) => {
      const product = r.medicationCodeableConcept?.coding?.[0]?.display ?? o.agent;
      return create(o.resources.length > 1 ? `${product} (order ${i + 1} of ${o.resources.length})` : product, r);
    }),
    ...o.monitoring.map((m) => create('INR monitoring', m)),
  ];
  const specific = !o.doseComputed || o.cautions.some((c) => PATIENT_RENAL.test(c) || c.startsWith('Caution'));
  return { label: specific ? `${o.label} — see cautions` : o.label, ...(recommended ? { isRecommended: true } : {}), actions };
}

function serialSuggestion(s: SurveillanceOption, recommended: boolean, prefix = ''): SuggestionDraft {
  return {
    label: `${prefix}${s.label}`,
    ...(recommended ? { isRecommended: true } : {}),
    actions: s.resources.map((r, i) => create(`Duplex ultrasound, scan ${i + 1} of ${s.resources.length}`, r)),
  };
}

/** Cautions are separate sentences from knowledge and from renal checks: one list per agent, "; "-joined, each once. */
function cautionText(cautions: readonly string[]): string {
  return [...new Set(cautions.map((c) => c.trim().replace(/\.$/, '')).filter((c) => c !== ''))].join('; ');
}

function cautionLines(shown: readonly OrderOption[]): string {
  const lines = shown.filter((o) => o.cautions.length > 0).map((o) => `${o.agent}: ${cautionText(o.cautions)}`);
  return lines.length > 0 ? `\n\n**Cautions by agent:**\n${lines.map((l) => `- ${l}`).join('\n')}` : '';
}

interface PrimaryParts {
  readonly summary: string;
  readonly planText: string;
  readonly suggestions: readonly SuggestionDraft[];
  readonly selectionBehavior?: 'at-most-one' | 'any';
  readonly showFactors: boolean;
  /** Options shown as suggestions (their cautions go into the detail). */
  readonly shown?: readonly OrderOption[];
}

function alreadyAnticoagulatedPlan(input: PatientViewInput): string {
  const { facts, knowledge } = input;
  const orders = orderKnowledgeOf(knowledge);
  const months = knowledge.thresholds.treatmentDurationMonths;
  const parts: string[] = [];
  for (const a of facts.anticoagulants.filter((x) => x.intent === 'therapeutic')) {
    const regimen = a.agent === 'unknown' ? undefined : orders.regimens[a.agent];
    const loading = regimen && regimen.phases.length > 1 ? regimen.phases[0]?.durationDays : undefined;
    const start = a.startedAt ? isoDate(a.startedAt) : null;
    const what = `${a.agent}${a.dosageText ? ` (${a.dosageText})` : ''}`;
    const segments = [`on ${what}${start ? ` since ${start}` : ''}`];
    const loadingEnd = start && loading !== undefined ? addDays(start, loading - 1) : null;
    if (loadingEnd !== null && loadingEnd >= isoDate(facts.now)) segments.push(`loading phase ends ${loadingEnd}`);
    const stop = a.plannedEnd ? isoDate(a.plannedEnd) : start ? addMonths(start, months) : null;
    // A stop date already passed (new DVT on a long-running order) is not a plan: the new episode needs a review.
    if (stop && stop < isoDate(facts.now)) segments.push(`the order's planned stop (≈ ${stop}) has passed: review the duration for the new episode`);
    else if (stop) segments.push(`planned stop ≈ ${stop} (${a.plannedEnd ? 'as ordered' : `${months} months`})`);
    parts.push(segments.join('; '));
  }
  parts.push('no serial imaging needed while anticoagulated');
  return parts.join('; ');
}

const capitalise = (s: string): string => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

/** " on 2025-03-10" for the first follow-up scan with this status (the scan that changed the advice). */
function followUpOn(facts: Facts, status: string): string {
  const scan = facts.followUps.find((f) => f.status === status);
  return scan ? ` on ${isoDate(scan.date)}` : '';
}

function nextScanWords(input: PatientViewInput): string {
  const state = surveillanceState(input.facts, input.knowledge.thresholds);
  if (state.kind !== 'in-progress' || state.next === null) return 'next duplex as planned';
  return `next duplex (scan ${state.next.scan}) due ${state.next.start}…${state.next.end.slice(5)}`;
}

function primaryParts(code: PrimaryAdviceCode, input: PatientViewInput): PrimaryParts {
  const { facts, decision, plan, serial, extra } = input;
  const veins = veinWords(facts.episode);
  const options = plan?.options ?? [];
  const first = options[0];
  const duration = plan?.duration ?? `${input.knowledge.thresholds.treatmentDurationMonths} months`;
  const anticoagulantSuggestions = (recommendFirst: boolean, extraActions: readonly Action[] = []): SuggestionDraft[] =>
    options.map((o, i) => optionSuggestion(o, recommendFirst && i === 0, extraActions));
  const n = decision.extensionFactors.length;
  const factorWords = n === 0 ? 'severe symptoms' : `${n} extension risk factor${n === 1 ? '' : 's'}`;

  switch (code) {
    case 'SERIAL_IMAGING':
      return {
        summary: `Isolated distal DVT (${veins}): serial duplex suggested — no extension risk factor`,
        planText: 'serial complete duplex at ~1 and ~2 weeks; anticoagulate only if the clot extends. Anticoagulation remains a reasonable alternative.',
        suggestions: [...(serial ? [serialSuggestion(serial, true)] : []), ...(first ? [optionSuggestion(first, false)] : [])],
        showFactors: true,
        shown: first ? [first] : [],
      };
    case 'ANTICOAGULATE':
      return {
        summary: `Isolated distal DVT (${veins}): anticoagulation suggested (${duration}) — ${factorWords}`,
        planText: `consider anticoagulation for ${duration}${first ? ` (${first.agent} listed first)` : ''}; serial duplex at ~1 and ~2 weeks is the alternative.`,
        suggestions: [...anticoagulantSuggestions(true), ...(serial ? [serialSuggestion(serial, false, 'Instead: ')] : [])],
        showFactors: true,
      };
    case 'SHARED_DECISION':
      return {
        summary: `Isolated distal DVT (${veins}): ${factorWords} but high bleeding risk — shared decision`,
        planText: 'discuss both options with the patient: serial duplex at ~1 and ~2 weeks (listed first) or anticoagulation with attention to bleeding risk.',
        suggestions: [...(serial ? [serialSuggestion(serial, false)] : []), ...anticoagulantSuggestions(false)],
        showFactors: true,
      };
    case 'ANTICOAGULATE_BY_PREFERENCE':
      return {
        summary: `Isolated distal DVT (${veins}): no extension factor, patient prefers anticoagulation — ${duration}`,
        planText: `anticoagulation for ${duration} is reasonable given the patient's preference and low bleeding risk; serial duplex is the alternative.`,
        suggestions: [...anticoagulantSuggestions(true), ...(serial ? [serialSuggestion(serial, false, 'Instead: ')] : [])],
        showFactors: true,
      };
    case 'PREGNANCY_LMWH': {
      const who = facts.pregnant ? 'in pregnancy' : 'postpartum';
      return {
        summary: `Distal DVT ${who} (${veins}): therapeutic LMWH suggested${facts.pregnant ? ' — avoid warfarin and DOACs' : ''}`,
        planText: `therapeutic LMWH ${duration}. ${facts.pregnant ? 'Avoid warfarin and DOACs during pregnancy.' : facts.breastfeeding ? 'Breastfeeding: LMWH or warfarin; avoid DOACs.' : 'Not recorded as breastfeeding: warfarin or a DOAC are also options (RULES §7.4: DOACs only if not breastfeeding).'}`,
        suggestions: anticoagulantSuggestions(true),
        showFactors: true,
      };
    }
    case 'CANCER_ANTICOAGULATE':
      return {
        summary: `Cancer-associated distal DVT (${veins}): anticoagulation suggested, ≥ ${input.knowledge.thresholds.treatmentDurationMonths} months and while cancer active`,
        planText: `anticoagulation ${duration}; the bleeding count is not used on the cancer pathway, only contraindications block it.`,
        suggestions: anticoagulantSuggestions(true),
        showFactors: true,
      };
    case 'CONTRAINDICATED_SERIAL_IMAGING':
      return {
        summary: `Distal DVT (${veins}) with a contraindication to anticoagulation: serial duplex + specialist review`,
        planText: 'no anticoagulant while the contraindication lasts; serial duplex at ~1 and ~2 weeks and haematology review.',
        suggestions: [
          ...(serial ? [serialSuggestion(serial, true)] : []),
          ...(extra.referral ? [{ label: 'Refer to haematology', isRecommended: true, actions: [create('Haematology referral', extra.referral)] }] : []),
        ],
        selectionBehavior: 'any',
        showFactors: true,
      };
    case 'ANTICOAGULATE_NOW_PROXIMAL_EXTENSION': {
      const pending = (facts.surveillancePlan?.scans ?? []).filter((s) => !s.completed && !['completed', 'revoked', 'entered-in-error'].includes(s.status));
      const cancel = pending.map((s) => remove('Cancel the remaining surveillance duplex', s.ref));
      const contraindicated = facts.bleeding.contraindications.length > 0;
      return {
        summary: contraindicated
          ? `Calf DVT (${veins}) extended into proximal veins${followUpOn(facts, 'proximal-extension')}; anticoagulation contraindicated — urgent specialist review`
          : `Calf DVT (${veins}) extended into proximal veins${followUpOn(facts, 'proximal-extension')}: anticoagulation recommended now`,
        planText: contraindicated
          ? 'urgent specialist review; an IVC filter is considered only for proximal DVT with an absolute contraindication.'
          : `anticoagulate as proximal DVT (${duration}); the remaining surveillance scan is no longer needed.`,
        suggestions: contraindicated
          ? (extra.referral ? [{ label: 'Urgent haematology referral', isRecommended: true, actions: [create('Haematology referral', extra.referral)] }] : [])
          : anticoagulantSuggestions(true, cancel),
        showFactors: false,
      };
    }
    case 'ANTICOAGULATE_DISTAL_EXTENSION':
      return {
        summary: `Distal DVT (${veins}) extended within the calf${followUpOn(facts, 'distal-extension')}: anticoagulation suggested, ${duration}`,
        planText: `consider anticoagulation for ${duration}.`,
        suggestions: anticoagulantSuggestions(true),
        showFactors: false,
      };
    case 'SURVEILLANCE_COMPLETE':
      return {
        summary: `Distal DVT (${veins}): serial imaging complete without extension — no anticoagulation needed`,
        planText: 'no anticoagulation needed for this episode; re-scan promptly if new or worse symptoms.',
        suggestions: [], showFactors: false,
      };
    case 'SURVEILLANCE_OVERDUE': {
      const state = surveillanceState(facts, input.knowledge.thresholds);
      const late = state.kind === 'overdue'
        ? `scan ${state.window.scan} is ${state.daysLate} day${state.daysLate === 1 ? '' : 's'} overdue (due ${state.window.start}…${state.window.end.slice(5)})`
        : 'a surveillance scan is overdue';
      return {
        summary: `Distal DVT (${veins}): surveillance ${late} — duplex now`,
        planText: 'arrange a complete duplex as soon as possible; anticoagulate if the clot has extended.',
        suggestions: extra.asap ? [{ label: 'Duplex ultrasound as soon as possible', isRecommended: true, actions: [create('Duplex ultrasound (ASAP)', extra.asap)] }] : [],
        showFactors: false,
      };
    }
    case 'SURVEILLANCE_IN_PROGRESS':
      return {
        summary: `Distal DVT (${veins}): serial imaging in progress — ${nextScanWords(input)}`,
        planText: 'continue the surveillance plan; re-scan promptly if new or worse symptoms.',
        suggestions: [], showFactors: false,
      };
    case 'ALREADY_ANTICOAGULATED': {
      const failure = decision.remarks.some((r) => r.includes('treatment failure'));
      const agents = [...new Set(facts.anticoagulants.filter((a) => a.intent === 'therapeutic').map((a) => a.agent))].join(' + ');
      return {
        summary: failure
          ? `New distal DVT (${veins}) on therapeutic ${agents}: possible treatment failure — review adherence and dose`
          : `Distal DVT (${veins}) already on therapeutic ${agents}: no new order needed`,
        planText: alreadyAnticoagulatedPlan(input),
        suggestions: [], showFactors: false,
      };
    }
    case 'OUT_OF_SCOPE': {
      const e = facts.episode;
      const summary = e?.pe ? `Leg DVT (${veins}) with pulmonary embolism: distal-DVT rules do not apply — manage as PE`
        : e?.upperLimbOnly ? `Upper-limb DVT${e.side === 'unknown' ? '' : ` (${e.side === 'bilateral' ? 'bilateral' : `${e.side} arm`})`}: distal-DVT rules do not apply`
          : `Proximal DVT (${veins}): distal-DVT rules do not apply — standard anticoagulation`;
      const planText = e?.upperLimbOnly ? 'manage per upper-extremity DVT guidance.' : 'manage per proximal DVT / PE guidance.';
      return { summary, planText, suggestions: [], showFactors: false };
    }
    case 'NEED_DETAIL':
      return {
        summary: `${facts.episode && facts.episode.side !== 'unknown' ? `${capitalise(facts.episode.side)} leg` : 'Leg'} DVT recorded without the vein: add vein-level detail to get distal-DVT advice`,
        planText: 'record the involved vein (Condition.bodySite or the ultrasound report): calf vs proximal changes management.',
        suggestions: [], showFactors: false,
      };
    case 'IMAGING_PROTOCOL_WARNING': {
      const scan = facts.limitedScan;
      const protocol = scan?.protocol === 'limited' ? 'limited' : 'proximal-only';
      return {
        summary: `Venous ultrasound${scan ? ` ${isoDate(scan.date)}` : ''} was ${protocol}: calf veins not assessed — complete duplex suggested`,
        planText: 'a complete (whole-leg) duplex now, or a repeat scan at ~1 week if a limited protocol is used.',
        suggestions: [
          ...(extra.asap ? [{ label: 'Complete duplex (whole-leg, including calf veins) now', isRecommended: true, actions: [create('Complete duplex ultrasound', extra.asap)] }] : []),
          ...(extra.later ? [{ label: 'Instead: repeat duplex in ~1 week', actions: [create('Repeat duplex ultrasound at ~1 week', extra.later)] }] : []),
        ],
        showFactors: false,
      };
    }
    default: {
      const never: never = code;
      return never;
    }
  }
}

function primaryCard(code: PrimaryAdviceCode, indicator: Indicator, input: PatientViewInput): CardDraft {
  const parts = primaryParts(code, input);
  // Missing data only where it can change the advice or the orders (not on surveillance or out-of-scope cards).
  const showMissing = parts.showFactors || (parts.suggestions.length > 0 && input.plan !== null) || code === 'NEED_DETAIL';
  const detail = primaryDetail({ facts: input.facts, decision: input.decision, plan: input.plan, planText: parts.planText, showFactors: parts.showFactors, showMissing })
    + cautionLines(parts.shown ?? (parts.suggestions.length > 0 ? input.plan?.options ?? [] : []));
  // A summary must be read in two seconds and never cut: long vein lists give way to a count.
  const full = veinWords(input.facts.episode);
  const summary = [...parts.summary].length > SUMMARY_MAX_CHARS && parts.summary.includes(full)
    ? parts.summary.replace(full, veinWordsShort(input.facts.episode))
    : parts.summary;
  return {
    summary,
    indicator,
    detail,
    source: sourceFor(code, input.knowledge),
    ...(parts.suggestions.length > 0
      ? { suggestions: parts.suggestions, selectionBehavior: parts.selectionBehavior ?? 'at-most-one', overrideReasons: OVERRIDE_REASONS }
      : {}),
    links: linksFor(code, input.knowledge),
  };
}

/** "dabigatran not offered, edoxaban reduced dose" — what renal function changed, in summary words. */
function renalChanges(plan: AnticoagulationPlan | null): string {
  const excluded = (plan?.excluded ?? []).map((e) => `${e.agent} not offered`);
  const changed = (plan?.options ?? []).filter((o) => o.cautions.some((c) => PATIENT_RENAL.test(c))).map((o) => o.agent);
  const parts = [...excluded, ...(changed.length > 0 ? [`${changed.join(', ')} adjusted`] : [])];
  return parts.join('; ') || 'see detail';
}

/** The brief's figures for this note, from knowledge (RULES §7.18: reported figures, never this patient's risk). */
function reportedFigures(code: NoteCode, knowledge: Knowledge): { detail?: string } {
  const text = knowledge.citations.reportedFigures[code];
  return text !== undefined ? { detail: text } : {};
}

function noteCard(code: NoteCode, input: PatientViewInput): CardDraft | null {
  const { facts, knowledge, plan } = input;
  const base = { source: sourceFor(code, knowledge), links: linksFor(code, knowledge) };
  switch (code) {
    case 'BILATERAL_SURVEILLANCE_NOTE': {
      const bilateral = knowledge.thresholds.bilateralSurveillance;
      return {
        ...base, indicator: 'info',
        summary: bilateral ? 'Follow-up duplex scans cover both legs: new DVT can appear in the other leg' : 'Consider bilateral follow-up duplex: new DVT can appear in the other leg',
        ...reportedFigures(code, knowledge),
      };
    }
    case 'DDIMER_CONFOUNDED_NOTE': {
      const dd = facts.dDimer;
      if (!dd) return null;
      return {
        ...base, indicator: 'info',
        summary: `D-dimer ${dd.reported} positive but confounded (${dd.confounders.join(', ')}): not counted`,
        detail: `${formatEvidence(facts.evidence['dDimer'] ?? { label: 'D-dimer', value: dd.reported, date: dd.date, source: dd.source })}. D-dimer is non-specific with ${dd.confounders.join(', ')}; it is shown but not counted as an extension risk factor.`,
      };
    }
    case 'RENAL_DOSE_NOTE': {
      const changed = (plan?.options ?? []).filter((o) => o.cautions.some((c) => PATIENT_RENAL.test(c))).map((o) => `${o.agent}: ${cautionText(o.cautions.filter((c) => PATIENT_RENAL.test(c)))}`);
      const excluded = (plan?.excluded ?? []).map((e) => `${e.agent} not offered: ${e.reason}`);
      return {
        ...base, indicator: 'info',
        summary: facts.renal.crclMlMin === null
          ? 'Renal function not available: check it before choosing an anticoagulant or dose'
          : `CrCl ${formatNumber(Math.round(facts.renal.crclMlMin))} mL/min changes the anticoagulant options: ${renalChanges(plan)}`,
        detail: [renalLine(facts), ...excluded, ...changed].map((l) => `- ${l}`).join('\n'),
      };
    }
    case 'RECURRENT_VTE_EXTENDED_REVIEW':
      return {
        ...base, indicator: 'info',
        summary: `Prior VTE: treat ≥ ${knowledge.thresholds.treatmentDurationMonths} months and consider extended therapy — specialist review`,
        detail: `${formatEvidence(facts.evidence['priorVte'] ?? { label: 'Prior VTE' })}. Recurrent VTE: the duration beyond ${knowledge.thresholds.treatmentDurationMonths} months is a specialist decision.`,
      };
    case 'MUSCULAR_ONLY_NOTE': {
      const suggestsAnticoagulation = input.decision.extensionFactors.length > 0 || input.decision.primary === 'PREGNANCY_LMWH' || input.decision.primary === 'CANCER_ANTICOAGULATE';
      return {
        ...base, indicator: 'info',
        summary: suggestsAnticoagulation
          ? 'Muscular calf vein clot: lower extension risk, but it does not outweigh the factors present'
          : 'Muscular calf vein clot (gastrocnemius/soleal): extends less often than tibial/peroneal clot',
        ...reportedFigures(code, knowledge),
      };
    }
    case 'AGENT_AVOID_IN_PREGNANCY': {
      const avoided = facts.anticoagulants.filter((a) => a.intent === 'therapeutic' && isAvoidedInPregnancy(a.agent));
      const lmwh = plan?.options[0];
      return {
        ...base, indicator: 'critical',
        summary: `Pregnant patient on ${avoided.map((a) => a.agent).join(' + ') || 'an oral anticoagulant'}: warfarin and DOACs are avoided — switch to LMWH`,
        detail: 'Warfarin is teratogenic and DOACs are not recommended in pregnancy; therapeutic LMWH is the treatment of choice (RULES §4 rule 1).',
        ...(lmwh ? {
          suggestions: [optionSuggestion(lmwh, true, avoided.map((a) => remove(`Stop ${a.agent}`, a.ref)))],
          selectionBehavior: 'at-most-one' as const,
          overrideReasons: OVERRIDE_REASONS,
        } : {}),
      };
    }
    default: {
      const never: never = code;
      return never;
    }
  }
}

export function renderPatientView(input: PatientViewInput): CardDraft[] {
  const { decision } = input;
  if (decision.primary === null || decision.indicator === null) return [];
  const cards: CardDraft[] = [primaryCard(decision.primary, decision.indicator, input)];
  for (const note of decision.notes) {
    const card = noteCard(note, input);
    if (card) cards.push(card);
  }
  return cards;
}
