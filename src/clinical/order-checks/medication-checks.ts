/**
 * Safety and dose checks on a drafted anticoagulant (issue 4 §1), each a card with the swap a clinician can
 * accept: delete the drafts of the regimen (`resourceId`) and create the order the rules call for (RULES §4 agent
 * selection, §7.15 dose intent). Agents are recognised by RxNorm value set (ingredient, brand or product) or, for
 * a draft without an RxNorm code, by name. The duration check is per regimen: ./duration-check.
 */
import type { MedicationRequest } from 'fhir/r4';
import type { Knowledge } from '../knowledge/types';
import type { AgentId, Decision, Facts } from '../types';
import type { CardDraft } from '../../cds/finalise-cards';
import type { Action, Indicator } from '../../cds/types';
import { classifyDoseIntent, identifyAgent, medicationConceptOf } from '../facts/anticoagulants';
import { planAnticoagulation, type OrderOption } from '../orders/anticoagulant-options';
import { isDoac, orderKnowledgeOf } from '../orders/order-knowledge';
import { create, linksFor, OVERRIDE_REASONS, remove, sourceFor } from '../../cds/render/card-parts';
import { formatEvidence, formatNumber } from '../decide/format';

/** The card explains itself: the facts behind the check, with values and dates, before the reasoning. */
function withFacts(facts: Facts, keys: readonly string[], text: string): string {
  const lines = keys.map((k) => facts.evidence[k]).filter((e) => e !== undefined).map((e) => `- ${formatEvidence(e)}`);
  return lines.length > 0 ? `**Found in the chart:**\n${lines.join('\n')}\n\n${text}` : text;
}

/** Decisions under which the rules call for treatment-dose anticoagulation. */
export const TREATMENT_CODES = new Set([
  'ANTICOAGULATE', 'ANTICOAGULATE_NOW_PROXIMAL_EXTENSION', 'ANTICOAGULATE_DISTAL_EXTENSION', 'PREGNANCY_LMWH',
  'CANCER_ANTICOAGULATE', 'ANTICOAGULATE_BY_PREFERENCE', 'SHARED_DECISION', 'SERIAL_IMAGING', 'ALREADY_ANTICOAGULATED',
]);

export interface MedicationCheckContext {
  readonly facts: Facts;
  readonly decision: Decision;
  readonly knowledge: Knowledge;
  readonly draft: MedicationRequest;
  /** Every draft of the regimen this draft belongs to: a swap replaces the whole regimen, not one phase of it. */
  readonly deleteRefs: readonly string[];
}

function swapCard(
  c: MedicationCheckContext, code: string, indicator: Indicator, summary: string, detail: string, alternative: OrderOption | undefined,
): CardDraft {
  const actions: Action[] = c.deleteRefs.map((ref) => remove('Remove the drafted order', ref));
  const suggestions = alternative
    ? [{
      label: `Instead: ${alternative.label.replace(/^Start /, '')}`,
      isRecommended: true,
      actions: [...actions, ...alternative.resources.map((r) => create(`${alternative.agent} order`, r)), ...alternative.monitoring.map((m) => create('INR monitoring', m))],
    }]
    : [];
  return {
    summary, indicator, detail,
    source: sourceFor(code, c.knowledge),
    ...(suggestions.length > 0 ? { suggestions, selectionBehavior: 'at-most-one' as const } : {}),
    overrideReasons: OVERRIDE_REASONS,
    links: linksFor(code, c.knowledge),
  };
}

function firstOption(facts: Facts, knowledge: Knowledge, accept: (agent: AgentId) => boolean): OrderOption | undefined {
  return planAnticoagulation(facts, knowledge).options.find((o) => accept(o.agent));
}

export function medicationChecks(c: MedicationCheckContext): CardDraft[] {
  const { facts, knowledge, draft } = c;
  const agent = identifyAgent(medicationConceptOf(draft), knowledge);
  if (agent === null) return [];
  const orders = orderKnowledgeOf(knowledge);
  const regimen = orders.regimens[agent];
  const name = regimen?.display ?? agent;
  const doac = isDoac(orders, agent);
  const lmwhOrWarfarin = (a: AgentId): boolean => !isDoac(orders, a);
  const cards: CardDraft[] = [];

  // Pregnancy: warfarin or any DOAC → critical, swap to LMWH (RULES §4 rule 1, G9).
  if (facts.pregnant && (doac || regimen?.agentClass === 'vka')) {
    cards.push(swapCard(c, 'AGENT_AVOID_IN_PREGNANCY', 'critical',
      `${name} drafted for a pregnant patient: avoid warfarin and DOACs — therapeutic LMWH instead`,
      withFacts(facts, ['pregnant', 'episode'], 'Warfarin is teratogenic and DOACs are not recommended in pregnancy; therapeutic-dose LMWH is the treatment of choice, until ≥ 6 weeks postpartum and ≥ 3 months in total.'),
      firstOption(facts, knowledge, lmwhOrWarfarin)));
    return cards;
  }
  // Breastfeeding: DOAC → warning, swap to LMWH/warfarin (RULES §4 rule 2).
  if (facts.breastfeeding && doac) {
    const asPostpartum: Facts = { ...facts, postpartumDays: facts.postpartumDays ?? 0 };
    cards.push(swapCard(c, 'AGENT_AVOID_BREASTFEEDING', 'warning',
      `${name} drafted while breastfeeding: DOACs are avoided — LMWH or warfarin instead`,
      withFacts(facts, ['breastfeeding', 'postpartum'], 'LMWH and warfarin are compatible with breastfeeding; DOACs are used postpartum only in women who are not breastfeeding.'),
      firstOption(asPostpartum, knowledge, lmwhOrWarfarin)));
  }
  // Gastric / gastro-oesophageal cancer: factor-Xa DOAC → warning, LMWH (RULES §4 rule 3, G8).
  const site = facts.activeCancer?.site;
  if ((site === 'gastric' || site === 'gastroesophageal') && regimen?.agentClass === 'doac-xa') {
    cards.push(swapCard(c, 'AGENT_CANCER_SITE_CAUTION', 'warning',
      `${name} drafted with ${site === 'gastric' ? 'gastric' : 'gastro-oesophageal'} cancer: LMWH preferred (bleeding risk)`,
      withFacts(facts, ['activeCancer'], 'Factor-Xa DOACs carry more GI bleeding with gastric/gastro-oesophageal lesions; LMWH is preferred (NCCN).'),
      firstOption(facts, knowledge, (a) => orders.regimens[a]?.agentClass === 'lmwh')));
  }
  // Renal function below the agent's limit → warning with an allowed alternative (RULES §4 renal column).
  const crcl = facts.renal.crclMlMin;
  const limit = regimen?.avoidBelowCrcl;
  if (crcl !== null && limit !== undefined && (crcl < limit || (regimen?.avoidAtLimit === true && crcl <= limit))) {
    cards.push(swapCard(c, 'AGENT_RENAL_LIMIT', 'warning',
      `${name} drafted with CrCl ${formatNumber(Math.round(crcl))} mL/min: below its limit (${regimen?.avoidAtLimit ? '≤' : '<'} ${limit}) — choose another agent`,
      withFacts(facts, ['crcl'], `${name} is avoided ${regimen?.avoidAtLimit ? 'at or ' : ''}below ${limit} mL/min.`),
      firstOption(facts, knowledge, (a) => a !== agent)));
  }
  // Triple-positive APS: DOAC → warning, warfarin with LMWH bridge (RULES §4 rule 4).
  if (facts.triplePositiveAps && doac) {
    cards.push(swapCard(c, 'AGENT_APS_AVOID_DOAC', 'warning',
      `${name} drafted in triple-positive antiphospholipid syndrome: warfarin with LMWH bridge preferred`,
      withFacts(facts, ['triplePositiveAps'], 'DOACs are associated with more thrombotic events than warfarin in triple-positive APS (label warning).'),
      firstOption(facts, knowledge, (a) => orders.regimens[a]?.agentClass === 'vka')));
  }
  if (cards.length > 0) return cards;

  const treatment = c.decision.primary !== null && TREATMENT_CODES.has(c.decision.primary) && facts.episode?.segment === 'distal';
  if (!treatment) return cards;
  const intent = classifyDoseIntent(draft, agent, facts.weightKg, knowledge);
  // A prophylactic dose for a patient whose rules call for treatment (RULES §7.15).
  if (intent === 'prophylactic' && c.decision.primary !== 'SERIAL_IMAGING') {
    const same = planAnticoagulation(facts, knowledge).options.find((o) => o.agent === agent) ?? planAnticoagulation(facts, knowledge).options[0];
    cards.push(swapCard(c, 'PROPHYLACTIC_DOSE_FOR_TREATMENT', 'warning',
      `${name} drafted at a prophylactic dose: DVT treatment needs the treatment dose`,
      withFacts(facts, ['episode', 'weight'], 'A prophylactic dose does not treat the distal DVT (RULES §7.15). The treatment-dose order is suggested.'),
      same));
  }
  return cards;
}
