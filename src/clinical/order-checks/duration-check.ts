/**
 * A drafted treatment regimen whose duration is missing or differs from RULES §4 → info `TREATMENT_DURATION` with an
 * `update` that adds the planned duration. Checked once per regimen (./regimen-groups), so an accepted plan split
 * over several orders — rivaroxaban 21 d then 69 d, enoxaparin 5 d then edoxaban 85 d, warfarin with an enoxaparin
 * bridge — is judged by the span of the whole regimen and raises nothing (issue 4 §3).
 *
 * "3 months" is `treatmentDurationMonths` × `courseDaysPerMonth` days (90) or the calendar span of those months
 * from the start (89–92 days): both are accepted. Pregnancy/postpartum, active cancer and proximal extension have
 * open-ended courses ("≥ 3 months …"): only a shorter course is flagged.
 */
import type { MedicationRequest } from 'fhir/r4';
import type { Knowledge } from '../knowledge/types';
import type { Decision, Facts } from '../types';
import type { CardDraft } from '../../cds/finalise-cards';
import { classifyDoseIntent } from '../facts/anticoagulants';
import { planAnticoagulation } from '../orders/anticoagulant-options';
import { orderKnowledgeOf } from '../orders/order-knowledge';
import { days } from '../orders/fhir-build';
import { linksFor, sourceFor, update } from '../../cds/render/card-parts';
import { addMonths, daysBetween, isoDate } from '../decide/dates';
import { draftSpan, regimenSpan, type DraftSpan } from './draft-duration';
import { TREATMENT_CODES } from './medication-checks';
import type { RegimenGroup } from './regimen-groups';

export interface DurationCheckContext {
  readonly facts: Facts;
  readonly decision: Decision;
  readonly knowledge: Knowledge;
  readonly group: RegimenGroup;
}

export function durationCheck(c: DurationCheckContext): CardDraft[] {
  const { facts, knowledge, group, decision } = c;
  if (decision.primary === null || !TREATMENT_CODES.has(decision.primary) || facts.episode?.segment !== 'distal') return [];
  const therapeutic = group.drafts.some((d) => classifyDoseIntent(d.resource, d.agent, facts.weightKg, knowledge) === 'therapeutic');
  if (!therapeutic) return [];

  const orders = orderKnowledgeOf(knowledge);
  const months = knowledge.thresholds.treatmentDurationMonths;
  const today = isoDate(facts.now);
  const spans = group.drafts.map((d) => draftSpan(d.resource, today, orders.templates.courseDaysPerMonth));
  const span = regimenSpan(spans, today);
  const courseDays = months * orders.templates.courseDaysPerMonth;
  const calendarDays = daysBetween(span.start, addMonths(span.start, months));
  const shortest = Math.min(courseDays, calendarDays);
  const longest = Math.max(courseDays, calendarDays);
  const proximal = decision.primary === 'ANTICOAGULATE_NOW_PROXIMAL_EXTENSION';
  const openEnded = facts.activeCancer !== null || facts.pregnant || facts.postpartumDays !== null || proximal;
  const stated = span.days;
  const fine = stated !== null && stated >= shortest && (openEnded || stated <= longest);
  if (fine) return [];

  const plan = planAnticoagulation(facts, knowledge, proximal ? 'proximal-extension' : 'iddvt');
  const name = group.display;
  const target = updateTarget(group, spans);
  const suggestion = target === null ? null : {
    label: `Set the duration: ${plan.duration}`,
    isRecommended: true,
    actions: [update('Add the planned duration to the draft', withDuration(target.draft.resource, courseDays - daysBetween(span.start, target.span.start), plan.duration))],
  };
  return [{
    summary: `${name} for distal DVT: ${stated === null ? 'no duration stated' : `${stated} days stated`} — planned duration ${plan.duration}`, // finaliseCards enforces the length
    indicator: 'info',
    detail: `RULES §4: a first isolated distal DVT is treated for ${plan.duration}.${group.drafts.length > 1 ? ` The ${group.drafts.length} drafted orders of this regimen were read together.` : ''}`,
    source: sourceFor('TREATMENT_DURATION', knowledge),
    ...(suggestion ? { suggestions: [suggestion], selectionBehavior: 'at-most-one' as const } : {}),
    links: linksFor('TREATMENT_DURATION', knowledge),
  }];
}

/** The draft to update: the first one without a duration, else the one that ends last (it completes the course). */
function updateTarget(group: RegimenGroup, spans: readonly DraftSpan[]): { draft: RegimenGroup['drafts'][number]; span: DraftSpan } | null {
  const paired = group.drafts.map((draft, i) => ({ draft, span: spans[i] as DraftSpan })).filter((p) => p.draft.ref !== null);
  const open = paired.find((p) => p.span.days === null);
  if (open) return open;
  const first = spans.map((s) => s.start).sort()[0] ?? '';
  const ends = (p: { span: DraftSpan }): number => daysBetween(first, p.span.start) + (p.span.days ?? 0);
  return paired.reduce<typeof paired[number] | null>((best, p) => (best === null || ends(p) > ends(best) ? p : best), null);
}

function withDuration(draft: MedicationRequest, supplyDays: number, duration: string): MedicationRequest {
  return {
    ...draft,
    dispenseRequest: { ...(draft.dispenseRequest ?? {}), expectedSupplyDuration: days(supplyDays) },
    note: [...(draft.note ?? []), { text: `Isolated distal DVT: planned duration ${duration} (reassess at end of course).` }],
  };
}
