/**
 * ServiceRequests the cards suggest (RULES §5.6): the two surveillance duplex scans (complete, bilateral by
 * default — §7.12), an as-soon-as-possible duplex for overdue surveillance or an incomplete protocol, and the
 * haematology referral of CONTRAINDICATED_SERIAL_IMAGING. Codes and windows come from knowledge.
 */
import type { ServiceRequest } from 'fhir/r4';
import type { Knowledge } from '../knowledge/types';
import type { Facts, Side, SurveillanceOption } from '../types';
import { addDays, isoDate } from '../decide/dates';
import { serviceRequest } from './fhir-build';
import { orderKnowledgeOf, type CodingData } from './order-knowledge';

const WHOLE_LEG = 'Must include calf veins (whole-leg protocol).';

/** Duplex codes for the legs to scan: bilateral when configured (default) or when the side is not one leg. */
export function duplexCodes(knowledge: Knowledge, side: Side): { codings: readonly CodingData[]; legs: string } {
  const s = orderKnowledgeOf(knowledge).templates.surveillance;
  if (knowledge.thresholds.bilateralSurveillance || side === 'bilateral' || side === 'unknown') {
    return { codings: s.bilateral, legs: 'both legs' };
  }
  return side === 'right' ? { codings: s.right, legs: 'right leg' } : { codings: s.left, legs: 'left leg' };
}

function codeText(codings: readonly CodingData[]): string {
  return codings.find((c) => c.display !== undefined)?.display ?? 'Duplex ultrasound of leg veins';
}

/** The pair of serial-imaging requests at ~day 7 and ~day 14 after the diagnosis date (RULES §5.5, §5.6). */
export function surveillanceRequests(facts: Facts, knowledge: Knowledge): SurveillanceOption {
  const t = knowledge.thresholds;
  const s = orderKnowledgeOf(knowledge).templates.surveillance;
  const d0 = isoDate(facts.episode?.diagnosedAt ?? facts.now);
  const { codings, legs } = duplexCodes(knowledge, facts.episode?.side ?? 'unknown');
  const windows = [t.scan1, t.scan2].map((w) => ({ start: addDays(d0, w.fromDay), end: addDays(d0, w.toDay), target: w.targetDay }));
  const resources: ServiceRequest[] = windows.map((w, i) => serviceRequest({
    patientId: facts.patientId, conditionRef: facts.episode?.conditionRef ?? null, codings, text: codeText(codings),
    occurrence: { start: w.start, end: w.end }, bodySite: s.bodySite,
    note: `Serial imaging for isolated distal DVT (scan ${i + 1} of 2, ~day ${w.target}). ${WHOLE_LEG}`,
  }));
  const [w1, w2] = windows;
  const label = w1 && w2
    ? `Serial duplex (${legs}) at ~day ${w1.target} (${w1.start}…${w1.end.slice(5)}) and ~day ${w2.target} (${w2.start}…${w2.end.slice(5)})`
    : 'Serial duplex at ~1 and ~2 weeks';
  return { label, resources };
}

/** One complete duplex as soon as possible (overdue surveillance, incomplete protocol, discharge). */
export function duplexAsap(facts: Facts, knowledge: Knowledge, reason: string, side: Side = facts.episode?.side ?? 'unknown'): ServiceRequest {
  const s = orderKnowledgeOf(knowledge).templates.surveillance;
  const { codings } = duplexCodes(knowledge, side);
  return serviceRequest({
    patientId: facts.patientId, conditionRef: facts.episode?.conditionRef ?? null, codings, text: codeText(codings),
    priority: 'asap', bodySite: s.bodySite, note: `${reason} ${WHOLE_LEG}`,
  });
}

/** A complete duplex inside a window from `from` (e.g. repeat ~1 week after a limited scan). */
export function duplexInWindow(facts: Facts, knowledge: Knowledge, from: string, window: { fromDay: number; toDay: number }, reason: string): ServiceRequest {
  const s = orderKnowledgeOf(knowledge).templates.surveillance;
  const { codings } = duplexCodes(knowledge, facts.episode?.side ?? 'unknown');
  return serviceRequest({
    patientId: facts.patientId, conditionRef: facts.episode?.conditionRef ?? null, codings, text: codeText(codings),
    occurrence: { start: addDays(from, window.fromDay), end: addDays(from, window.toDay) }, bodySite: s.bodySite,
    note: `${reason} ${WHOLE_LEG}`,
  });
}

export function haematologyReferral(facts: Facts, knowledge: Knowledge): ServiceRequest {
  const r = orderKnowledgeOf(knowledge).templates.haematologyReferral;
  return serviceRequest({
    patientId: facts.patientId, conditionRef: facts.episode?.conditionRef ?? null, codings: r.coding, text: r.text,
    priority: 'urgent', note: 'Isolated distal DVT with a contraindication to anticoagulation: specialist review of the management plan.',
  });
}
