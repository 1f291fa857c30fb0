/**
 * Active cancer (RULES §2.7): an active malignant Condition (C00–C96 excl. C44, or SNOMED 363346000) with at
 * least one of — diagnosed within `activeCancerMonths`; a metastatic code; anticancer therapy within the same
 * months; a haematologic malignancy not in remission. Site drives the agent choice (§4 rule 3).
 */
import type { CodeableConcept } from 'fhir/r4';
import { first, paths } from '../../fhir/fhirpath';
import { VS } from '../knowledge/value-set-ids';
import type { CancerSite, Facts } from '../types';
import { addEvidence, evidence, type FactContext } from './context';
import { addMonths, parseFhirDate } from './dates';
import { conditionsIn, type ConditionHit } from './lookups';
import { arrayOf, isRecordedCondition, refOf } from './record-index';

function siteOf(ctx: FactContext, hit: ConditionHit): CancerSite {
  const code = hit.condition.code as CodeableConcept | undefined;
  if (ctx.vs.has(VS.cancerGastroesophageal, code)) return 'gastroesophageal';
  if (ctx.vs.has(VS.cancerGastric, code)) return 'gastric';
  if (ctx.vs.has(VS.cancerGiLuminal, code)) return 'gi-luminal';
  if (ctx.vs.has(VS.cancerGu, code)) return 'gu';
  return 'other';
}

/** Gastric/GE first (LMWH first), then luminal GI, GU: the most restrictive site decides the agent list. */
const SITE_RANK: Readonly<Record<CancerSite, number>> = { gastroesophageal: 0, gastric: 1, 'gi-luminal': 2, gu: 3, other: 4 };

/** Latest anticancer-therapy date: Z51.x Conditions, Encounter reason/diagnosis, Procedures. */
function lastTherapyMs(ctx: FactContext): { ms: number; ref: string } | null {
  let best: { ms: number; ref: string } | null = null;
  const offer = (ms: number | undefined, ref: string): void => {
    if (ms !== undefined && ms <= ctx.nowMs && (!best || ms > best.ms)) best = { ms, ref };
  };
  for (const hit of conditionsIn(ctx, VS.cancerTherapy, isRecordedCondition)) offer(hit.when?.start, hit.ref);
  for (const enc of ctx.record.all('Encounter')) {
    const reasons = arrayOf(enc.reasonCode) as CodeableConcept[];
    if (reasons.some((r) => ctx.vs.has(VS.cancerTherapy, r))) offer(parseFhirDate(enc.period?.start)?.start, refOf(enc));
  }
  for (const proc of ctx.record.all('Procedure')) {
    if (ctx.vs.has(VS.cancerTherapy, proc.code as CodeableConcept | undefined)) offer(parseFhirDate(first(paths.procedureWhen, proc))?.start, refOf(proc));
  }
  return best;
}

export function extractCancer(ctx: FactContext): Facts['activeCancer'] {
  const malignant = conditionsIn(ctx, VS.cancerMalignant).filter((h) => !h.when || h.when.start <= ctx.nowMs);
  if (malignant.length === 0) return null;
  const since = addMonths(ctx.nowMs, -ctx.thresholds.activeCancerMonths);
  const metastatic = conditionsIn(ctx, VS.cancerMetastatic).filter((h) => !h.when || h.when.start <= ctx.nowMs);
  const therapy = lastTherapyMs(ctx);
  const recentTherapy = therapy !== null && (therapy as { ms: number }).ms >= since;

  const reasons: string[] = [];
  const recent = malignant.filter((h) => h.when !== null && h.when.end >= since);
  if (recent.length > 0) reasons.push(`diagnosed within ${ctx.thresholds.activeCancerMonths} months`);
  if (metastatic.length > 0) reasons.push('metastatic');
  if (recentTherapy) reasons.push(`anticancer therapy within ${ctx.thresholds.activeCancerMonths} months`);
  const haematologic = malignant.filter((h) => ctx.vs.has(VS.cancerHaematologic, h.condition.code as CodeableConcept | undefined));
  if (haematologic.length > 0) reasons.push('haematologic malignancy not in remission');
  if (reasons.length === 0) return null;

  // The primary tumour (non-metastatic code) names the site; metastases alone fall back to 'other'.
  const primaries = malignant.filter((h) => !ctx.vs.has(VS.cancerMetastatic, h.condition.code as CodeableConcept | undefined));
  const candidates = primaries.length > 0 ? primaries : malignant;
  const ranked = candidates.map((h) => ({ h, site: siteOf(ctx, h) })).sort((a, b) => SITE_RANK[a.site] - SITE_RANK[b.site]);
  const chosen = ranked[0] as { h: ConditionHit; site: CancerSite };
  addEvidence(ctx, 'activeCancer', evidence({
    label: 'Active cancer', value: chosen.h.coding.display ?? chosen.h.coding.code, date: chosen.h.when?.text, source: chosen.h.ref,
    rule: reasons.join('; '),
  }));
  return { site: chosen.site, metastatic: metastatic.length > 0, source: chosen.h.ref };
}
