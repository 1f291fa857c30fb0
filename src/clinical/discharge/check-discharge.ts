/**
 * encounter-discharge (issue 4 §4): an acute isolated distal DVT leaving without anticoagulation and without a
 * follow-up duplex arranged inside the windows → critical "arrange repeat ultrasound before discharge" with the
 * two ServiceRequests as ONE suggestion; overdue surveillance → SURVEILLANCE_OVERDUE; anticoagulated without a
 * stated stop date → info with the planned stop date; extension on a follow-up scan, not anticoagulated → the
 * patient-view card (critical for proximal extension).
 */
import type { Knowledge } from '../knowledge/types';
import type { Decision, Facts } from '../types';
import type { CardDraft } from '../../cds/finalise-cards';
import { addMonths, daysBetween, isoDate } from '../decide/dates';
import { orderKnowledgeOf } from '../orders/order-knowledge';
import { surveillanceRequests } from '../orders/service-requests';
import { create, linksFor, OVERRIDE_REASONS, sourceFor } from '../../cds/render/card-parts';
import { veinWords, veinWordsShort } from '../../cds/render/episode-words';
import { SUMMARY_MAX_CHARS } from '../../cds/finalise-cards';

const NOT_IDDVT = new Set(['OUT_OF_SCOPE', 'NEED_DETAIL', 'IMAGING_PROTOCOL_WARNING']);
const EXTENSION = new Set(['ANTICOAGULATE_NOW_PROXIMAL_EXTENSION', 'ANTICOAGULATE_DISTAL_EXTENSION']);

/**
 * "Anticoagulated → an info card with the planned stop date only if the discharge lacks it" (issue 4 §4). The
 * discharge HAS a stop date when the active therapeutic order states when it ends: a `boundsPeriod.end`, bounded
 * phases (Σ `boundsDuration`), or `dispenseRequest.expectedSupplyDuration` (facts/anticoagulants `plannedEnd`),
 * and that end is not before the planned course (RULES §4: 3 months; the open-ended courses of pregnancy, cancer and
 * proximal extension have at least that). `dispenseRequest.validityPeriod` is not read as a stop date: it bounds
 * how long the prescription may be dispensed, not the treatment. Free-text instructions are not parsed.
 */
function stopDateCard(facts: Facts, therapeutic: Facts['anticoagulants'], knowledge: Knowledge): CardDraft[] {
  const months = knowledge.thresholds.treatmentDurationMonths;
  const courseDays = months * orderKnowledgeOf(knowledge).templates.courseDaysPerMonth;
  const lines: string[] = [];
  const agents: string[] = [];
  let firstStop: string | null = null;
  for (const a of therapeutic) {
    const start = a.startedAt ? isoDate(a.startedAt) : isoDate(facts.now);
    const planned = addMonths(start, months);
    const shortest = Math.min(courseDays, daysBetween(start, planned));
    if (a.plannedEnd !== null && daysBetween(start, isoDate(a.plannedEnd)) >= shortest) continue;
    agents.push(a.agent);
    firstStop ??= planned;
    lines.push(a.plannedEnd === null
      ? `${a.agent}: started ${start}, no stop date stated; planned stop ≈ ${planned} (${months} months)`
      : `${a.agent}: started ${start}, stated end ${isoDate(a.plannedEnd)} is before the planned ${months} months (stop ≈ ${planned})`);
  }
  if (agents.length === 0) return [];
  return [{
    summary: `Discharge on ${agents.join(' + ')}: add the planned stop date (${firstStop ?? ''})`,
    indicator: 'info',
    detail: `${lines.map((l) => `- ${l}`).join('\n')}\n\nState the stop date and the review in the discharge plan.`,
    source: sourceFor('DISCHARGE_STOP_DATE', knowledge),
    links: linksFor('DISCHARGE_STOP_DATE', knowledge),
  }];
}

/** Named veins when they fit in a summary, else a count ("4 calf veins, both legs"): never cut mid-word. */
function dischargeSummary(facts: Facts): string {
  const say = (veins: string): string => `Distal DVT (${veins}) not anticoagulated: arrange repeat ultrasound before discharge`;
  const full = say(veinWords(facts.episode));
  return [...full].length <= SUMMARY_MAX_CHARS ? full : say(veinWordsShort(facts.episode));
}

export function checkDischarge(facts: Facts, decision: Decision, patientViewCards: readonly CardDraft[], knowledge: Knowledge): CardDraft[] {
  const code = decision.primary;
  if (code === null || facts.episode === null || NOT_IDDVT.has(code)) return [];
  if (code === 'SURVEILLANCE_OVERDUE') return patientViewCards.slice(0, 1);

  const therapeutic = facts.anticoagulants.filter((a) => a.intent === 'therapeutic');
  if (therapeutic.length > 0) return stopDateCard(facts, therapeutic, knowledge);
  // A follow-up scan showed extension and the patient is not anticoagulated: the patient-view card, at the door.
  if (EXTENSION.has(code)) return patientViewCards.slice(0, 1);

  const planOpen = (facts.surveillancePlan?.scans ?? []).some((s) => !s.completed && !['revoked', 'entered-in-error'].includes(s.status));
  const done = code === 'SURVEILLANCE_COMPLETE';
  if (!knowledge.thresholds.dischargeRequiresSurveillance || planOpen || done) return [];
  const serial = surveillanceRequests(facts, knowledge);
  return [{
    summary: dischargeSummary(facts),
    indicator: 'critical',
    // The card explains itself: which episode, since when, and what was looked for and not found.
    detail: [
      `- **Episode:** acute distal DVT (${veinWords(facts.episode)}) diagnosed ${isoDate(facts.episode.diagnosedAt)}`,
      `- **Not found:** an active therapeutic anticoagulant; a follow-up duplex request in the chart`,
      `- **Plan:** never stop at "no anticoagulation" without repeat venous imaging (RULES G10): complete duplex at ~day ${knowledge.thresholds.scan1.targetDay} and ~day ${knowledge.thresholds.scan2.targetDay}, including the calf veins.`,
    ].join('\n'),
    source: sourceFor('DISCHARGE_SURVEILLANCE_MISSING', knowledge),
    suggestions: [{ label: serial.label, isRecommended: true, actions: serial.resources.map((r, i) => create(`Duplex ultrasound, scan ${i + 1} of ${serial.resources.length}`, r)) }],
    selectionBehavior: 'at-most-one',
    overrideReasons: OVERRIDE_REASONS,
    links: linksFor('DISCHARGE_SURVEILLANCE_MISSING', knowledge),
  }];
}
