/**
 * Drafted anticoagulant orders grouped into the regimens a clinician signs: drafts sharing a
 * `groupIdentifier` (every order of one suggestion of ours carries `urn:distal-dvt-cds:order-group`), else drafts
 * of the same agent (an EHR that splits "15 mg BID × 21 d" and "20 mg daily" into two orders). A swap deletes
 * every draft of the regimen, and the duration is judged over the whole regimen.
 */
import type { MedicationRequest } from 'fhir/r4';
import type { Knowledge } from '../knowledge/types';
import type { AgentId } from '../types';
import { identifyAgent, medicationConceptOf } from '../facts/anticoagulants';
import { orderKnowledgeOf } from '../orders/order-knowledge';

export interface GroupedDraft {
  readonly resource: MedicationRequest;
  readonly ref: string | null;
  readonly agent: AgentId;
}

export interface RegimenGroup {
  readonly key: string;
  /** "Rivaroxaban", or "Enoxaparin + Edoxaban" for a lead-in regimen. */
  readonly display: string;
  readonly drafts: readonly GroupedDraft[];
  /** `Type/id` of every draft of the regimen that has an id (what a swap deletes). */
  readonly refs: readonly string[];
}

function groupKey(draft: MedicationRequest, agent: AgentId): string {
  const g = draft.groupIdentifier;
  return g && typeof g.value === 'string' && g.value !== '' ? `group|${g.system ?? ''}|${g.value}` : `agent|${agent}`;
}

export function groupRegimens(drafts: readonly { resource: MedicationRequest; ref: string | null }[], knowledge: Knowledge): RegimenGroup[] {
  const orders = orderKnowledgeOf(knowledge);
  const byKey = new Map<string, GroupedDraft[]>();
  for (const d of drafts) {
    const agent = identifyAgent(medicationConceptOf(d.resource), knowledge);
    if (agent === null) continue;
    const key = groupKey(d.resource, agent);
    byKey.set(key, [...(byKey.get(key) ?? []), { ...d, agent }]);
  }
  return [...byKey.entries()].map(([key, members]) => {
    const agents = [...new Set(members.map((m) => m.agent))];
    return {
      key,
      display: agents.map((a) => orders.regimens[a]?.display ?? a).join(' + '),
      drafts: members,
      refs: members.map((m) => m.ref).filter((r): r is string => r !== null),
    };
  });
}
