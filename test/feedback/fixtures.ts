/** A known sequence of issued cards and feedback, with the summary it must produce (shared by store and HTTP tests). */
import type { FeedbackItem, IssuedCard } from '../../src/feedback/types';

export const PV = 'distal-dvt-patient-view';
export const OS = 'distal-dvt-order-sign';

function card(uuid: string, serviceId: string, adviceCode: string, issuedAt: string, suggestionUuids: string[] = []): IssuedCard {
  return { uuid, serviceId, hook: serviceId === PV ? 'patient-view' : 'order-sign', adviceCode, indicator: 'warning', suggestionUuids, issuedAt };
}

/** Five SERIAL_IMAGING cards and two ANTICOAGULATE cards on patient-view, one ANTICOAGULATE card on order-sign. */
export const ISSUED: readonly IssuedCard[] = [
  card('card-si-1', PV, 'SERIAL_IMAGING', '2025-03-01T10:00:00Z', ['sug-si-1-us']),
  card('card-si-2', PV, 'SERIAL_IMAGING', '2025-03-01T11:00:00Z', ['sug-si-2-us']),
  card('card-si-3', PV, 'SERIAL_IMAGING', '2025-03-02T09:00:00Z', ['sug-si-3-us']),
  card('card-si-4', PV, 'SERIAL_IMAGING', '2025-03-02T10:00:00Z', ['sug-si-4-us']),
  card('card-si-5', PV, 'SERIAL_IMAGING', '2025-03-05T10:00:00Z', ['sug-si-5-us']),
  card('card-ac-1', PV, 'ANTICOAGULATE', '2025-03-01T12:00:00Z', ['sug-ac-1-apixaban', 'sug-ac-1-rivaroxaban']),
  card('card-ac-2', PV, 'ANTICOAGULATE', '2025-03-02T12:00:00Z', ['sug-ac-2-apixaban', 'sug-ac-2-rivaroxaban']),
  card('card-os-1', OS, 'ANTICOAGULATE', '2025-03-01T13:00:00Z', ['sug-os-1-apixaban']),
];

export const accepted = (cardUuid: string, suggestion: string, at = '2025-03-02T00:00:00Z'): FeedbackItem => ({
  card: cardUuid, outcome: 'accepted', acceptedSuggestions: [{ id: suggestion }], outcomeTimestamp: at,
});
export const overridden = (cardUuid: string, code?: string, at = '2025-03-02T00:00:00Z'): FeedbackItem => ({
  card: cardUuid, outcome: 'overridden', outcomeTimestamp: at, ...(code !== undefined ? { overrideReason: { reason: { code } } } : {}),
});

/** Feedback per service, in the order a client would send it. Includes a re-sent duplicate and an unknown card. */
export const FEEDBACK: readonly { serviceId: string; items: FeedbackItem[] }[] = [
  { serviceId: PV, items: [accepted('card-si-1', 'sug-si-1-us'), overridden('card-si-2', 'patient-declines')] },
  { serviceId: PV, items: [accepted('card-si-1', 'sug-si-1-us')] }, // the same item again: counted once
  { serviceId: PV, items: [overridden('card-si-3', 'already-treated'), overridden('card-si-4', 'patient-declines')] },
  { serviceId: PV, items: [accepted('card-ac-1', 'sug-ac-1-apixaban'), overridden('card-ac-2')] },
  { serviceId: OS, items: [accepted('card-os-1', 'sug-os-1-apixaban')] },
  { serviceId: PV, items: [overridden('card-from-elsewhere', 'not-relevant')] }, // unknown card uuid
];

/** The expected summary for all time. */
export const EXPECTED_ALL_TIME = {
  rows: [
    {
      serviceId: OS, adviceCode: 'ANTICOAGULATE', issued: 1, accepted: 1, acceptedBySuggestion: { 'sug-os-1-apixaban': 1 },
      overridden: 0, overriddenByReason: {}, noResponse: 0,
    },
    {
      serviceId: PV, adviceCode: 'ANTICOAGULATE', issued: 2, accepted: 1, acceptedBySuggestion: { 'sug-ac-1-apixaban': 1 },
      overridden: 1, overriddenByReason: { '(no reason)': 1 }, noResponse: 0,
    },
    {
      serviceId: PV, adviceCode: 'SERIAL_IMAGING', issued: 5, accepted: 1, acceptedBySuggestion: { 'sug-si-1-us': 1 },
      overridden: 3, overriddenByReason: { 'patient-declines': 2, 'already-treated': 1 }, noResponse: 1,
    },
  ],
  unknownCardFeedback: 1,
};
