/**
 * order-select / order-sign (issue 4): every relevant draft checked, unrelated drafts ignored, never an error.
 * order-sign shows only warning and critical cards. A draft already covered by an accepted plan raises nothing
 * (issue 4 §3): a duplex the chart already holds as a pending surveillance request, an anticoagulant the chart
 * already holds as active, a regimen split over several drafts (judged as one), and the same problem found on
 * several drafts of one regimen (one card whose swap deletes them all).
 */
import type { Coding, ServiceRequest } from 'fhir/r4';
import type { Knowledge } from '../knowledge/types';
import type { Decision, EvaluationInput, Facts } from '../types';
import type { CardDraft } from '../../cds/finalise-cards';
import { draftsOf } from './drafts';
import { durationCheck } from './duration-check';
import { imagingChecks } from './imaging-checks';
import { medicationChecks } from './medication-checks';
import { groupRegimens } from './regimen-groups';

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
  const drafts = draftsOf(input);
  // Re-signing an order the chart already holds as active is not a new decision.
  const medications = drafts.flatMap((d) => (d.kind === 'medication' && !(d.ref !== null && activeRefs.has(d.ref)) ? [d] : []));
  for (const group of groupRegimens(medications, knowledge)) {
    const found = group.drafts.flatMap((d) => medicationChecks({ facts, decision, knowledge, draft: d.resource, deleteRefs: group.refs }));
    cards.push(...found);
    // An active therapeutic order of the same agent already carries the plan: no duration reminder for its copy.
    const sameActive = group.drafts.some((d) => facts.anticoagulants.some((a) => a.agent === d.agent && a.intent === 'therapeutic'));
    if (found.length === 0 && !sameActive) cards.push(...durationCheck({ facts, decision, knowledge, group }));
  }
  for (const d of drafts) {
    if (d.kind !== 'service' || coveredService(d.resource, d.ref, input, facts)) continue;
    cards.push(...imagingChecks(facts, knowledge, d.resource, d.ref));
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
