/**
 * Value-set-filtered access to the record: only resources whose code is in the set reach FHIRPath.
 */
import type { CodeableConcept, Coding } from 'fhir/r4';
import { first, paths } from '../../fhir/fhirpath';
import { quantityIn, unitOf } from '../../fhir/ucum';
import { memoise, type FactContext } from './context';
import { parseFhirDate, type FhirInstant } from './dates';
import { isActiveCondition, isRecordedCondition, isUsableObservation, refOf, type ResourceOf } from './record-index';

export type ConditionResource = ResourceOf<'Condition'>;
export type ObservationResource = ResourceOf<'Observation'>;

export interface ConditionHit {
  readonly condition: ConditionResource;
  readonly coding: Coding;
  /** Onset (or recorded date); null when the Condition carries no usable date. */
  readonly when: FhirInstant | null;
  readonly ref: string;
}

/** Conditions whose code is in `valueSetId` and that pass `keep` (default: clinically active). */
export function conditionsIn(
  ctx: FactContext, valueSetId: string, keep: (c: ConditionResource) => boolean = isActiveCondition,
): ConditionHit[] {
  const all = memoise(ctx, `conditions|${valueSetId}`, () => {
    const hits: ConditionHit[] = [];
    const seen = new Set<ConditionResource>();
    for (const group of ctx.record.codeGroups('Condition')) {
      if (!ctx.vs.has(valueSetId, group.coding)) continue;
      for (const condition of group.resources) {
        if (seen.has(condition) || !isRecordedCondition(condition)) continue;
        seen.add(condition);
        hits.push({ condition, coding: group.coding, when: parseFhirDate(first(paths.conditionOnset, condition)), ref: refOf(condition) });
      }
    }
    return hits;
  });
  return keep === isRecordedCondition ? all : all.filter((h) => keep(h.condition));
}

export interface ObservationHit {
  readonly observation: ObservationResource;
  readonly when: FhirInstant | null;
  readonly ref: string;
}

/** Usable Observations whose code is in `valueSetId`, newest first (undated last). */
export function observationsIn(ctx: FactContext, valueSetId: string): ObservationHit[] {
  return memoise(ctx, `observations|${valueSetId}`, () => {
    const hits: ObservationHit[] = [];
    const seen = new Set<ObservationResource>();
    for (const group of ctx.record.codeGroups('Observation')) {
      if (!ctx.vs.has(valueSetId, group.coding)) continue;
      for (const observation of group.resources) {
        if (seen.has(observation) || !isUsableObservation(observation)) continue;
        seen.add(observation);
        hits.push({ observation, when: parseFhirDate(first(paths.observationWhen, observation)), ref: refOf(observation) });
      }
    }
    return hits.sort((a, b) => (b.when?.start ?? -Infinity) - (a.when?.start ?? -Infinity));
  });
}

export interface QuantityReading {
  readonly value: number;
  readonly when: FhirInstant | null;
  readonly ref: string;
  /** As reported: "1.2 mg/dL". */
  readonly reported: string;
}

/**
 * The newest observation of the set whose quantity converts to `toUnit` (UCUM), not later than now.
 * Observations with unknown units are skipped and reported through `onUnusable`.
 */
export function latestQuantity(
  ctx: FactContext, valueSetId: string, toUnit: string, molecularWeight?: number, onUnusable?: (hit: ObservationHit) => void,
): QuantityReading | null {
  for (const hit of observationsIn(ctx, valueSetId)) {
    if (hit.when && hit.when.start > ctx.nowMs) continue;
    const quantity = first(paths.observationQuantity, hit.observation);
    const value = quantity ? quantityIn(quantity, toUnit, molecularWeight) : null;
    if (value === null) {
      onUnusable?.(hit);
      continue;
    }
    return { value, when: hit.when, ref: hit.ref, reported: `${String(quantity?.value)} ${unitOf(quantity ?? undefined) ?? ''}`.trim() };
  }
  return null;
}

/** The code of a code-valued local finding (`urn:distal-dvt-cds:findings`), e.g. `proximal-2-point`. */
export function findingCode(observation: ObservationResource): string | null {
  const concept = first(paths.observationConcept, observation);
  const coding = Array.isArray(concept?.coding) ? concept.coding.find((c) => typeof c?.code === 'string') : undefined;
  return coding?.code ?? null;
}

/** Round for display on a card (values are compared unrounded). */
export function display(value: number, decimals = 1): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
