/**
 * Pregnancy, postpartum and breastfeeding (RULES §2.7, §7.4): pregnancy = an active pregnancy Condition not
 * superseded by a later delivery; postpartum = delivery within `postpartumDays`; breastfeeding = an active
 * lactation Condition or a positive Observation.
 */
import type { CodeableConcept } from 'fhir/r4';
import { first, paths } from '../../fhir/fhirpath';
import { VS } from '../knowledge/value-set-ids';
import { addEvidence, evidence, type FactContext } from './context';
import { calendarDaysBetween, parseFhirDate, type FhirInstant } from './dates';
import { conditionsIn, observationsIn } from './lookups';
import { isRecordedCondition, refOf } from './record-index';

export interface PregnancyFacts {
  readonly pregnant: boolean;
  readonly postpartumDays: number | null;
  readonly breastfeeding: boolean;
}

interface Dated { readonly when: FhirInstant; readonly ref: string }

/** Delivery events: delivery/postpartum Conditions, Procedures and Encounters coded as delivery. */
function deliveries(ctx: FactContext): Dated[] {
  const out: Dated[] = [];
  for (const id of [VS.delivery, VS.postpartum]) {
    for (const hit of conditionsIn(ctx, id, isRecordedCondition)) if (hit.when) out.push({ when: hit.when, ref: hit.ref });
  }
  for (const proc of ctx.record.all('Procedure')) {
    if (!ctx.vs.has(VS.delivery, proc.code as CodeableConcept | undefined)) continue;
    const when = parseFhirDate(first(paths.procedureWhen, proc));
    if (when) out.push({ when, ref: refOf(proc) });
  }
  for (const enc of ctx.record.all('Encounter')) {
    const reasons = [...(enc.reasonCode ?? []), ...(enc.type ?? [])] as CodeableConcept[];
    if (!reasons.some((r) => ctx.vs.has(VS.delivery, r))) continue;
    const when = parseFhirDate(enc.period?.end ?? enc.period?.start);
    if (when) out.push({ when, ref: refOf(enc) });
  }
  return out.filter((d) => d.when.start <= ctx.nowMs).sort((a, b) => b.when.start - a.when.start);
}

export function extractPregnancy(ctx: FactContext): PregnancyFacts {
  const delivered = deliveries(ctx);
  const lastDelivery = delivered[0] ?? null;
  const pregnancies = conditionsIn(ctx, VS.pregnancy).filter((h) => {
    if (h.when && h.when.start > ctx.nowMs) return false;
    // A delivery after the pregnancy was recorded ends it (RULES §2.7 "not superseded by delivery").
    return !(lastDelivery && h.when && lastDelivery.when.start >= h.when.start);
  });
  const pregnant = pregnancies.length > 0;
  const hit = pregnancies[0];
  if (hit) {
    addEvidence(ctx, 'pregnant', evidence({ label: 'Pregnant', value: hit.coding.display ?? hit.coding.code, date: hit.when?.text, source: hit.ref }));
  }

  let postpartumDays: number | null = null;
  if (!pregnant && lastDelivery) {
    const days = calendarDaysBetween(lastDelivery.when.start, ctx.nowMs);
    if (days >= 0 && days <= ctx.thresholds.postpartumDays) {
      postpartumDays = days;
      addEvidence(ctx, 'postpartum', evidence({
        label: 'Postpartum', value: days, unit: 'days since delivery', date: lastDelivery.when.text, source: lastDelivery.ref,
        rule: `≤ ${ctx.thresholds.postpartumDays} days`,
      }));
    }
  }

  const lactating = conditionsIn(ctx, VS.breastfeeding).find((h) => !h.when || h.when.start <= ctx.nowMs);
  const observed = observationsIn(ctx, VS.breastfeeding).find((o) => !o.when || o.when.start <= ctx.nowMs);
  const observedValue = observed ? first(paths.observationBoolean, observed.observation) : null;
  const negated = observedValue === false;
  // The newest statement wins: a later "not breastfeeding" Observation overrides an older Condition.
  const observationIsNewer = observed?.when && (!lactating?.when || observed.when.start >= lactating.when.start);
  const breastfeeding = observed && observationIsNewer ? !negated : lactating !== undefined;
  if (breastfeeding) {
    const src = observed && observationIsNewer ? observed : lactating;
    addEvidence(ctx, 'breastfeeding', evidence({ label: 'Breastfeeding', value: true, date: src?.when?.text, source: src?.ref }));
  }
  return { pregnant, postpartumDays, breastfeeding };
}
