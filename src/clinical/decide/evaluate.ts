/**
 * The clinical pipeline behind evaluateHook, with the facts extractor as a parameter (so tests can start from
 * hand-built Facts): facts → decide → orders → cards, then the CDS Hooks card contract (finaliseCards).
 */
import type { Knowledge } from '../knowledge/types';
import type { Decision, EngineResult, EvaluationInput, Facts, NewId, PrimaryAdviceCode } from '../types';
import type { Card } from '../../cds/types';
import { decide } from '../decide';
import { planAnticoagulation, type TreatmentPurpose } from '../orders/anticoagulant-options';
import { duplexAsap, duplexInWindow, haematologyReferral, surveillanceRequests } from '../orders/service-requests';
import { renderPatientView, type PatientViewInput } from '../../cds/render/patient-view';
import { finaliseCards, type CardDraft } from '../../cds/finalise-cards';
import { isoDate } from './dates';
import { checkOrders } from '../order-checks/check-orders';
import { checkDischarge } from '../discharge/check-discharge';

export type FactsExtractor = (input: EvaluationInput, knowledge: Knowledge) => Facts;

/** Codes whose card offers anticoagulant orders (primary or alternative), with the course purpose. */
const OFFERS_ANTICOAGULATION: Partial<Record<PrimaryAdviceCode, TreatmentPurpose>> = {
  ANTICOAGULATE_NOW_PROXIMAL_EXTENSION: 'proximal-extension',
  ANTICOAGULATE_DISTAL_EXTENSION: 'iddvt',
  PREGNANCY_LMWH: 'iddvt',
  CANCER_ANTICOAGULATE: 'iddvt',
  ANTICOAGULATE: 'iddvt',
  SHARED_DECISION: 'iddvt',
  ANTICOAGULATE_BY_PREFERENCE: 'iddvt',
  SERIAL_IMAGING: 'iddvt',
  // The pregnancy swap card on an active DOAC/warfarin needs the LMWH option.
  ALREADY_ANTICOAGULATED: 'iddvt',
};

const OFFERS_SERIAL: ReadonlySet<PrimaryAdviceCode> = new Set<PrimaryAdviceCode>([
  'SERIAL_IMAGING', 'ANTICOAGULATE', 'SHARED_DECISION', 'ANTICOAGULATE_BY_PREFERENCE', 'CONTRAINDICATED_SERIAL_IMAGING',
]);

export interface PatientViewResult {
  readonly decision: Decision;
  readonly cards: readonly CardDraft[];
}

/** Decision + orders + card drafts for patient-view (no uuids yet). */
export function patientViewDrafts(facts: Facts, knowledge: Knowledge): PatientViewResult {
  let decision = decide(facts, knowledge.thresholds);
  const code = decision.primary;
  if (code === null) return { decision, cards: [] };

  const purpose = OFFERS_ANTICOAGULATION[code];
  const plan = purpose !== undefined ? planAnticoagulation(facts, knowledge, purpose) : null;
  // RULES §4 rule 6: renal function that filters or changes an agent gets its own note.
  if (plan?.renalAffected && code !== 'ALREADY_ANTICOAGULATED' && !decision.notes.includes('RENAL_DOSE_NOTE')) {
    decision = { ...decision, notes: [...decision.notes, 'RENAL_DOSE_NOTE'] };
  }
  const serial = OFFERS_SERIAL.has(code) ? surveillanceRequests(facts, knowledge) : null;
  const extra: PatientViewInput['extra'] = {
    ...(code === 'SURVEILLANCE_OVERDUE' ? { asap: duplexAsap(facts, knowledge, 'Overdue surveillance scan for isolated distal DVT.') } : {}),
    ...(code === 'IMAGING_PROTOCOL_WARNING' ? {
      asap: duplexAsap(facts, knowledge, 'Previous scan did not assess the calf veins.', 'unknown'),
      later: duplexInWindow(facts, knowledge, isoDate(facts.limitedScan?.date ?? facts.now), knowledge.thresholds.scan1, 'Repeat after a limited/proximal-only scan (~1 week).'),
    } : {}),
    ...(code === 'CONTRAINDICATED_SERIAL_IMAGING' || (code === 'ANTICOAGULATE_NOW_PROXIMAL_EXTENSION' && facts.bleeding.contraindications.length > 0)
      ? { referral: haematologyReferral(facts, knowledge) } : {}),
  };
  const cards = renderPatientView({ facts, decision, knowledge, plan, serial, extra });
  return { decision, cards };
}

function adviceCodes(cards: readonly Card[]): string[] {
  return cards.map((c) => c.source.topic?.code ?? '').filter((c) => c !== '');
}

export function evaluateWith(
  extract: FactsExtractor,
  input: EvaluationInput,
  knowledge: Knowledge,
  newId: NewId,
): EngineResult {
  const facts = extract(input, knowledge);
  let decision: Decision;
  let drafts: readonly CardDraft[];
  switch (input.hook) {
    case 'patient-view':
      ({ decision, cards: drafts } = patientViewDrafts(facts, knowledge));
      break;
    case 'order-select':
    case 'order-sign':
      decision = decide(facts, knowledge.thresholds);
      drafts = checkOrders(input, facts, decision, knowledge);
      break;
    case 'encounter-discharge': {
      const view = patientViewDrafts(facts, knowledge);
      decision = view.decision;
      drafts = checkDischarge(facts, decision, view.cards, knowledge);
      break;
    }
    default:
      return { cards: [], facts, decision: null, adviceCodes: [] };
  }
  const cards = finaliseCards(drafts, newId);
  return { cards, facts, decision, adviceCodes: adviceCodes(cards) };
}
