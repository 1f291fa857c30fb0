/**
 * Value-set-filtered access to the record: only resources whose code is in the set reach FHIRPath.
 */
import type { CodeableConcept, Coding } from 'fhir/r4';
import { first, firstOfEach, paths, type CompiledPath } from '../../fhir/fhirpath';
import { quantityIn, unitOf } from '../../fhir/ucum';
import { memoiseIn, perResource, type FactContext } from './context';
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

/**
 * When each resource applies (`path` is a first-of date path), read once per extraction — a lab can sit in
 * several value sets. The first time a date is missing, every resource of the type that belongs to some value
 * set is read in one FHIRPath evaluation (readEach): facts ask for most of those sets, and one evaluation of
 * the list costs about what two single ones do.
 */
function datesOf<T extends 'Condition' | 'Observation'>(
  ctx: FactContext, type: T, path: CompiledPath<string>, resources: readonly ResourceOf<T>[],
): (FhirInstant | null)[] {
  const known = perResource<FhirInstant | null>(ctx, type === 'Condition' ? 'Condition.when' : 'Observation.when');
  if (resources.some((r) => !known.has(r))) {
    const unread = new Set<ResourceOf<T>>(resources.filter((r) => !known.has(r)));
    for (const member of ctx.record.valueSetMembers(type, ctx.vs)) if (!known.has(member)) unread.add(member);
    const list = [...unread];
    const texts = firstOfEach(path, list as unknown as readonly Record<string, unknown>[]);
    list.forEach((resource, i) => known.set(resource, parseFhirDate(texts[i])));
  }
  return resources.map((r) => known.get(r) ?? null);
}

/** Conditions whose code is in `valueSetId` and that pass `keep` (default: clinically active). */
export function conditionsIn(
  ctx: FactContext, valueSetId: string, keep: (c: ConditionResource) => boolean = isActiveCondition,
): ConditionHit[] {
  const all = memoiseIn(ctx, 'conditions', valueSetId, () => {
    const members = ctx.record.inValueSet('Condition', valueSetId, ctx.vs).filter((m) => isRecordedCondition(m.resource));
    const dates = datesOf(ctx, 'Condition', paths.conditionOnset, members.map((m) => m.resource));
    return members.map(({ coding, resource: condition }, i): ConditionHit => ({ condition, coding, when: dates[i] ?? null, ref: refOf(condition) }));
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
  return memoiseIn(ctx, 'observations', valueSetId, () => {
    const observations = ctx.record.inValueSet('Observation', valueSetId, ctx.vs).map((m) => m.resource).filter(isUsableObservation);
    const dates = datesOf(ctx, 'Observation', paths.observationWhen, observations);
    const hits = observations.map((observation, i): ObservationHit => ({ observation, when: dates[i] ?? null, ref: refOf(observation) }));
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
