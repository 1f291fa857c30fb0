/**
 * order-select / order-sign (issue 4): every relevant draft checked, unrelated drafts ignored, never an error.
 * order-sign shows only warning and critical cards; a draft already covered by an accepted plan (the same
 * surveillance ServiceRequest or the same active anticoagulant order) raises no card.
 */
import type { Coding, ServiceRequest } from 'fhir/r4';
import type { Knowledge } from '../knowledge/types';
import type { Decision, EvaluationInput, Facts } from '../types';
import type { CardDraft } from '../../cds/finalise-cards';
import { identifyAgent, medicationConceptOf } from '../facts/anticoagulants';
import { draftsOf } from './drafts';
import { imagingChecks } from './imaging-checks';
import { medicationChecks } from './medication-checks';

const codeKeys = (codings: readonly Coding[] | undefined): Set<string> => new Set((codings ?? []).map((c) => `${c.system}|${c.code}`));

/** The draft ServiceRequest matches a surveillance request already in the chart (same id or same code). */
function coveredService(draft: ServiceRequest, ref: string | null, input: EvaluationInput, facts: Facts): boolean {
  const planned = facts.surveillancePlan?.scans ?? [];
  if (ref !== null && planned.some((s) => s.ref === ref)) return true;
  const keys = codeKeys(draft.code?.coding);
  return planned.some((s) => {
    const existing = input.record.resources.find((r) => `${r.resourceType}/${r.id ?? ''}` === s.ref) as ServiceRequest | undefined;
    return existing !== undefined && [...codeKeys(existing.code?.coding)].some((k) => keys.has(k)) && !s.completed;
  });
}

export function checkOrders(input: EvaluationInput, facts: Facts, decision: Decision, knowledge: Knowledge): CardDraft[] {
  const cards: CardDraft[] = [];
  const activeRefs = new Set(facts.anticoagulants.map((a) => a.ref));
  for (const d of draftsOf(input)) {
    if (d.kind === 'medication') {
      // Re-signing an order the chart already holds as active is not a new decision.
      if (d.ref !== null && activeRefs.has(d.ref)) continue;
      const agent = identifyAgent(medicationConceptOf(d.resource), knowledge);
      const sameActive = agent !== null && facts.anticoagulants.some((a) => a.agent === agent && a.intent === 'therapeutic');
      const found = medicationChecks({ facts, decision, knowledge, draft: d.resource, ref: d.ref });
      // An active therapeutic order of the same agent already carries the plan: skip its duration reminder.
      cards.push(...(sameActive ? found.filter((c) => c.indicator !== 'info') : found));
    } else {
      if (coveredService(d.resource, d.ref, input, facts)) continue;
      cards.push(...imagingChecks(facts, knowledge, d.resource, d.ref));
    }
  }
  const deduped = dedupe(cards);
  return input.hook === 'order-sign' ? deduped.filter((c) => c.indicator !== 'info') : deduped;
}

/** The same advice for the same summary once (several drafts of one regimen). */
function dedupe(cards: readonly CardDraft[]): CardDraft[] {
  const seen = new Set<string>();
  return cards.filter((c) => {
    const key = `${c.source.topic?.code ?? ''}|${c.summary}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
