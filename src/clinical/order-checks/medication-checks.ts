/**
 * Checks on a drafted anticoagulant (issue 4 §1), each a card with the swap a clinician can accept: delete the
 * draft (`resourceId`) and create the order the rules call for (RULES §4 agent selection, §7.15 dose intent,
 * §4 durations). Agents are recognised by RxNorm value set (ingredient, brand or product).
 */
import type { MedicationRequest } from 'fhir/r4';
import type { Knowledge } from '../knowledge/types';
import type { AgentId, Decision, Facts } from '../types';
import type { CardDraft } from '../../cds/finalise-cards';
import type { Action, Indicator } from '../../cds/types';
import { classifyDoseIntent, identifyAgent, medicationConceptOf } from '../facts/anticoagulants';
import { planAnticoagulation, type OrderOption } from '../orders/anticoagulant-options';
import { isDoac, orderKnowledgeOf } from '../orders/order-knowledge';
import { create, linksFor, OVERRIDE_REASONS, remove, sourceFor, update } from '../../cds/render/card-parts';
import { days } from '../orders/fhir-build';
import { formatEvidence, formatNumber } from '../decide/format';

/** The card explains itself: the facts behind the check, with values and dates, before the reasoning. */
function withFacts(facts: Facts, keys: readonly string[], text: string): string {
  const lines = keys.map((k) => facts.evidence[k]).filter((e) => e !== undefined).map((e) => `- ${formatEvidence(e)}`);
  return lines.length > 0 ? `**Found in the chart:**\n${lines.join('\n')}\n\n${text}` : text;
}

/** Decisions under which the rules call for treatment-dose anticoagulation. */
const TREATMENT_CODES = new Set([
  'ANTICOAGULATE', 'ANTICOAGULATE_NOW_PROXIMAL_EXTENSION', 'ANTICOAGULATE_DISTAL_EXTENSION', 'PREGNANCY_LMWH',
  'CANCER_ANTICOAGULATE', 'ANTICOAGULATE_BY_PREFERENCE', 'SHARED_DECISION', 'SERIAL_IMAGING', 'ALREADY_ANTICOAGULATED',
]);

export interface MedicationCheckContext {
  readonly facts: Facts;
  readonly decision: Decision;
  readonly knowledge: Knowledge;
  readonly draft: MedicationRequest;
  readonly ref: string | null;
}

function swapCard(
  c: MedicationCheckContext, code: string, indicator: Indicator, summary: string, detail: string, alternative: OrderOption | undefined,
): CardDraft {
  const actions: Action[] = [];
  if (c.ref) actions.push(remove('Remove the drafted order', c.ref));
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

/** Days the draft covers: expectedSupplyDuration, else the sum of its bounded phases; null = not stated. */
function draftDurationDays(draft: MedicationRequest): number | null {
  const supply = draft.dispenseRequest?.expectedSupplyDuration;
  if (supply?.value !== undefined) {
    const unit = supply.code ?? supply.unit;
    const factor = unit === 'd' ? 1 : unit === 'wk' ? 7 : unit === 'mo' ? 30 : null;
    if (factor !== null) return supply.value * factor;
  }
  let total = 0;
  for (const d of draft.dosageInstruction ?? []) {
    const b = d.timing?.repeat?.boundsDuration;
    if (b?.value === undefined || (b.code ?? b.unit) !== 'd') return null;
    total += b.value;
  }
  return total > 0 ? total : null;
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
    return cards;
  }
  // A treatment order without, or with another, duration → info with an update carrying the RULES §4 duration.
  if (intent === 'therapeutic') {
    const plan = planAnticoagulation(facts, knowledge);
    const courseDays = knowledge.thresholds.treatmentDurationMonths * orders.templates.courseDaysPerMonth;
    const stated = draftDurationDays(draft);
    const openEnded = facts.activeCancer !== null || facts.pregnant || facts.postpartumDays !== null;
    const wrong = stated === null || (openEnded ? stated < courseDays : stated !== courseDays);
    if (wrong) {
      const updated: MedicationRequest = {
        ...draft,
        dispenseRequest: { ...(draft.dispenseRequest ?? {}), expectedSupplyDuration: days(courseDays) },
        note: [...(draft.note ?? []), { text: `Isolated distal DVT: planned duration ${plan.duration} (reassess at end of course).` }],
      };
      cards.push({
        summary: `${name} for distal DVT: ${stated === null ? 'no duration stated' : `${stated} days stated`} — planned duration ${plan.duration}`.slice(0, 139),
        indicator: 'info',
        detail: `RULES §4: a first isolated distal DVT is treated for ${plan.duration}.`,
        source: sourceFor('TREATMENT_DURATION', knowledge),
        ...(c.ref ? {
          suggestions: [{ label: `Set the duration: ${plan.duration}`, isRecommended: true, actions: [update('Add the planned duration to the draft', updated)] }],
          selectionBehavior: 'at-most-one' as const,
        } : {}),
        links: linksFor('TREATMENT_DURATION', knowledge),
      });
    }
  }
  return cards;
}
