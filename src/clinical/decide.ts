/**
 * decide(facts, thresholds): the priority table of RULES §5.4 (first match wins) with the §5.2 derived flags and
 * the §7 settled decisions. Pure, synchronous, total: every Facts value yields a Decision, never a throw.
 * `decision.rule` names the row that fired ('P1' … 'P17'), so tests and --explain can say why.
 */
import type { Thresholds } from './knowledge/types';
import type { Decision, Facts, NoteCode, PrimaryAdviceCode } from './types';
import type { Indicator } from '../cds/types';
import { deriveFlags, type DerivedFlags } from './decide/factors';
import { surveillanceState } from './decide/surveillance';
import { isoDate } from './decide/dates';

/** Primary codes under which an anticoagulant is suggested (for RECURRENT_VTE_EXTENDED_REVIEW). */
const ANTICOAGULATION_SUGGESTED: ReadonlySet<PrimaryAdviceCode> = new Set<PrimaryAdviceCode>([
  'ANTICOAGULATE_NOW_PROXIMAL_EXTENSION', 'ANTICOAGULATE_DISTAL_EXTENSION', 'PREGNANCY_LMWH', 'CANCER_ANTICOAGULATE',
  'ANTICOAGULATE', 'SHARED_DECISION', 'ANTICOAGULATE_BY_PREFERENCE',
]);

/** Primary codes where serial imaging is the recommended or first-listed option (BILATERAL_SURVEILLANCE_NOTE). */
const SERIAL_IMAGING_LEADS: ReadonlySet<PrimaryAdviceCode> = new Set<PrimaryAdviceCode>([
  'SERIAL_IMAGING', 'SHARED_DECISION', 'CONTRAINDICATED_SERIAL_IMAGING',
]);

/** Management decisions for a new IDDVT episode (where MUSCULAR_ONLY_NOTE explains the location). */
const EPISODE_MANAGEMENT: ReadonlySet<PrimaryAdviceCode> = new Set<PrimaryAdviceCode>([
  'CONTRAINDICATED_SERIAL_IMAGING', 'PREGNANCY_LMWH', 'CANCER_ANTICOAGULATE', 'ANTICOAGULATE', 'SHARED_DECISION',
  'ANTICOAGULATE_BY_PREFERENCE', 'SERIAL_IMAGING',
]);

interface Row {
  readonly primary: PrimaryAdviceCode | null;
  readonly rule: string;
  readonly indicator: Indicator | null;
  readonly remarks?: readonly string[];
}

const NO_CARD = (rule: string): Row => ({ primary: null, rule, indicator: null });

export function decide(facts: Facts, thresholds: Thresholds): Decision {
  const flags = deriveFlags(facts, thresholds);
  const row = primaryRow(facts, thresholds, flags);
  const remarks = [...(row.remarks ?? [])];
  if (row.primary !== null && EPISODE_MANAGEMENT.has(row.primary)) remarks.push(...flags.remarks);
  if (row.primary === 'ANTICOAGULATE' && facts.bleeding.category === 'moderate') {
    // RULES §7.1: moderate bleeding risk adds caution, it does not change the advice.
    remarks.push('Moderate bleeding risk: weigh it against the extension factors; serial imaging remains a reasonable alternative');
  }
  return {
    primary: row.primary,
    rule: row.rule,
    indicator: row.indicator,
    notes: row.primary === null ? [] : notesFor(row.primary, facts, flags),
    extensionFactors: flags.extensionFactors,
    favoursSerial: flags.favoursSerial,
    remarks,
  };
}

function hasFollowUp(facts: Facts, status: string): boolean {
  return facts.followUps.some((f) => f.status === status);
}

function primaryRow(facts: Facts, t: Thresholds, flags: DerivedFlags): Row {
  const episode = facts.episode;
  // P2 before P1: a limited/proximal-only scan with suspected DVT is a reason for a card even without an episode.
  if (facts.limitedScan !== null && (episode === null || episode.segment !== 'proximal')) {
    return { primary: 'IMAGING_PROTOCOL_WARNING', rule: 'P2', indicator: 'warning' };
  }
  if (episode === null) return NO_CARD('P1');

  const proximalExtension = hasFollowUp(facts, 'proximal-extension');
  // P3: a proximal segment found on a follow-up scan is an extension (P5), not a proximal DVT at diagnosis.
  if (episode.pe || episode.upperLimbOnly || (episode.segment === 'proximal' && !proximalExtension)) {
    return { primary: 'OUT_OF_SCOPE', rule: 'P3', indicator: 'info' };
  }
  if (episode.segment === 'unknown') return { primary: 'NEED_DETAIL', rule: 'P4', indicator: 'info' };

  if (proximalExtension) {
    const remarks = facts.bleeding.contraindications.length > 0
      ? ['Anticoagulation contraindicated: urgent specialist review; an IVC filter is considered only for proximal DVT with an absolute contraindication']
      : [];
    return { primary: 'ANTICOAGULATE_NOW_PROXIMAL_EXTENSION', rule: 'P5', indicator: 'critical', remarks };
  }

  const therapeutic = facts.anticoagulants.filter((a) => a.intent === 'therapeutic');
  if (therapeutic.length > 0) return alreadyAnticoagulated(facts, therapeutic);

  if (facts.bleeding.contraindications.length > 0) {
    return { primary: 'CONTRAINDICATED_SERIAL_IMAGING', rule: 'P7', indicator: 'warning' };
  }
  if (hasFollowUp(facts, 'distal-extension')) {
    return { primary: 'ANTICOAGULATE_DISTAL_EXTENSION', rule: 'P8', indicator: 'warning' };
  }

  if (facts.surveillancePlan !== null) {
    const state = surveillanceState(facts, t);
    if (state.kind === 'complete') return { primary: 'SURVEILLANCE_COMPLETE', rule: 'P9', indicator: 'info' };
    if (state.kind === 'overdue') {
      return {
        primary: 'SURVEILLANCE_OVERDUE', rule: 'P10', indicator: state.critical ? 'critical' : 'warning',
        remarks: [`Scan ${state.window.scan} was due ${state.window.start}…${state.window.end}: ${state.daysLate} day${state.daysLate === 1 ? '' : 's'} overdue`],
      };
    }
    // P11, decision taken: an info card saying when the next scan is due (RULES allows no card or info).
    const next = state.next;
    return {
      primary: 'SURVEILLANCE_IN_PROGRESS', rule: 'P11', indicator: 'info',
      remarks: next ? [`Next duplex (scan ${next.scan}) due ${next.start}…${next.end}`] : [],
    };
  }

  // P12: pregnancy treated as a persistent risk factor → LMWH (RULES §7.4, team decision).
  if (facts.pregnant || (facts.postpartumDays !== null && facts.postpartumDays <= t.postpartumDays)) {
    return { primary: 'PREGNANCY_LMWH', rule: 'P12', indicator: 'warning' };
  }
  // P13: the cancer pathway ignores the bleeding count (RULES §7.3); only contraindications (P7) block it.
  if (facts.activeCancer !== null) return { primary: 'CANCER_ANTICOAGULATE', rule: 'P13', indicator: 'warning' };

  const indicated = flags.extensionFactors.length > 0 || flags.severe !== null;
  // P14: only HIGH bleeding risk creates the conflict (RULES §7.1).
  if (indicated && facts.bleeding.category === 'high') return { primary: 'SHARED_DECISION', rule: 'P14', indicator: 'warning' };
  if (indicated) return { primary: 'ANTICOAGULATE', rule: 'P15', indicator: 'warning' };
  if (facts.preference === 'anticoagulation' && facts.bleeding.category === 'low') {
    return { primary: 'ANTICOAGULATE_BY_PREFERENCE', rule: 'P16', indicator: 'info' };
  }
  return { primary: 'SERIAL_IMAGING', rule: 'P17', indicator: 'info' };
}

/** P6, with RULES §7.17 (treatment failure) and the pregnancy flag of §5.3 (DOAC/warfarin in pregnancy → critical). */
function alreadyAnticoagulated(facts: Facts, therapeutic: Facts['anticoagulants']): Row {
  const remarks: string[] = [];
  const diagnosed = facts.episode ? isoDate(facts.episode.diagnosedAt) : null;
  const startedBefore = therapeutic.some((a) => a.startedAt !== null && diagnosed !== null && isoDate(a.startedAt) < diagnosed);
  if (startedBefore) {
    remarks.push('New DVT while on therapeutic anticoagulation: possible treatment failure — review adherence and dose');
  }
  const avoided = pregnancyAvoidedAgent(facts, therapeutic);
  return { primary: 'ALREADY_ANTICOAGULATED', rule: 'P6', indicator: avoided ? 'critical' : 'info', remarks };
}

/** Warfarin and the DOACs: avoided during pregnancy (RULES §4 rule 1, G9). */
const AVOIDED_IN_PREGNANCY: ReadonlySet<string> = new Set(['apixaban', 'rivaroxaban', 'edoxaban', 'dabigatran', 'warfarin']);

/** Is this agent avoided during pregnancy? Shared with the AGENT_AVOID_IN_PREGNANCY card, which names the agents. */
export function isAvoidedInPregnancy(agent: string): boolean {
  return AVOIDED_IN_PREGNANCY.has(agent);
}

/** A pregnant patient on warfarin or a DOAC (RULES §7.4, G9); breastfeeding is checked at order time. */
function pregnancyAvoidedAgent(facts: Facts, active: Facts['anticoagulants']): boolean {
  return facts.pregnant && active.some((a) => isAvoidedInPregnancy(a.agent));
}

function notesFor(primary: PrimaryAdviceCode, facts: Facts, flags: DerivedFlags): NoteCode[] {
  const notes: NoteCode[] = [];
  if (SERIAL_IMAGING_LEADS.has(primary)) notes.push('BILATERAL_SURVEILLANCE_NOTE');
  if (flags.dDimerConfounded && EPISODE_MANAGEMENT.has(primary)) notes.push('DDIMER_CONFOUNDED_NOTE');
  if (facts.priorVte && ANTICOAGULATION_SUGGESTED.has(primary)) notes.push('RECURRENT_VTE_EXTENDED_REVIEW');
  if (facts.episode?.muscularOnly === true && EPISODE_MANAGEMENT.has(primary)) notes.push('MUSCULAR_ONLY_NOTE');
  if (primary === 'ALREADY_ANTICOAGULATED' && pregnancyAvoidedAgent(facts, facts.anticoagulants.filter((a) => a.intent === 'therapeutic'))) {
    notes.push('AGENT_AVOID_IN_PREGNANCY');
  }
  return notes;
}
