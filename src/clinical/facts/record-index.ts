/**
 * The patient record indexed once per evaluation: resources by type and by `Type/id`, so each fact reads only
 * the resources of its type (≈ 200 resources in ≤ 2 ms). Also the small, defensive readers every fact needs —
 * the record is unvalidated FHIR JSON, so nothing here trusts a field's type.
 */
import type { CodeableConcept, Coding, FhirResource, Reference } from 'fhir/r4';

export type ResourceOf<T extends FhirResource['resourceType']> = Extract<FhirResource, { resourceType: T }>;

export class RecordIndex {
  private readonly byType = new Map<string, FhirResource[]>();
  private readonly byRef = new Map<string, FhirResource>();

  constructor(resources: readonly unknown[]) {
    for (const resource of Array.isArray(resources) ? resources : []) {
      if (typeof resource !== 'object' || resource === null) continue;
      const type = (resource as { resourceType?: unknown }).resourceType;
      if (typeof type !== 'string') continue;
      const typed = resource as FhirResource;
      const list = this.byType.get(type) ?? [];
      list.push(typed);
      this.byType.set(type, list);
      const id = (resource as { id?: unknown }).id;
      if (typeof id === 'string') this.byRef.set(`${type}/${id}`, typed);
    }
  }

  private readonly byCoding = new Map<string, readonly { coding: Coding; resources: readonly FhirResource[] }[]>();

  /**
   * Resources of `type` grouped by each distinct coding of their `code` (built once per type): value-set tests
   * then run once per distinct code in the chart, not once per resource (a chart repeats its vitals and labs).
   */
  codeGroups<T extends FhirResource['resourceType']>(type: T): readonly { coding: Coding; resources: readonly ResourceOf<T>[] }[] {
    let groups = this.byCoding.get(type);
    if (!groups) {
      const byKey = new Map<string, { coding: Coding; resources: FhirResource[]; members: Set<FhirResource> }>();
      for (const resource of this.byType.get(type) ?? []) {
        const code = (resource as { code?: unknown }).code as CodeableConcept | undefined;
        const codings = code && Array.isArray(code.coding) ? code.coding : [];
        for (const coding of codings) {
          if (typeof coding?.system !== 'string' || typeof coding.code !== 'string') continue;
          const key = `${coding.system}|${coding.code}`;
          let group = byKey.get(key);
          if (!group) {
            group = { coding, resources: [], members: new Set() };
            byKey.set(key, group);
          }
          if (group.members.has(resource)) continue;
          group.members.add(resource);
          group.resources.push(resource);
        }
      }
      groups = [...byKey.values()].map(({ coding, resources }) => ({ coding, resources }));
      this.byCoding.set(type, groups);
    }
    return groups as unknown as readonly { coding: Coding; resources: readonly ResourceOf<T>[] }[];
  }

  all<T extends FhirResource['resourceType']>(type: T): readonly ResourceOf<T>[] {
    return (this.byType.get(type) ?? []) as unknown as ResourceOf<T>[];
  }

  resolve(reference: string): FhirResource | undefined {
    return this.byRef.get(reference);
  }
}

/** `Observation/dd-1` (or just the type when the id is missing). */
export function refOf(resource: FhirResource): string {
  return typeof resource.id === 'string' ? `${resource.resourceType}/${resource.id}` : resource.resourceType;
}

/** Array field or [] (tolerates a single object where an array was expected). */
export function arrayOf<T>(value: T[] | T | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function conceptsOf(value: CodeableConcept[] | CodeableConcept | undefined): CodeableConcept[] {
  return arrayOf(value).filter((c): c is CodeableConcept => typeof c === 'object' && c !== null);
}

export function codesOf(concept: CodeableConcept | undefined): string[] {
  if (!concept || !Array.isArray(concept.coding)) return [];
  return concept.coding.map((c: Coding) => c?.code).filter((c): c is string => typeof c === 'string');
}

/** The last path segment of a reference: `Patient/p1` → `Patient/p1`, `https://x/fhir/Patient/p1` → `Patient/p1`. */
export function relativeRef(reference: Reference | undefined): string | null {
  const raw = reference?.reference;
  if (typeof raw !== 'string') return null;
  const match = /([A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(raw);
  return match?.[1] ?? null;
}

const ACTIVE_CLINICAL = new Set(['active', 'recurrence', 'relapse']);
const NOT_REAL = new Set(['refuted', 'entered-in-error']);

/** Not refuted / entered in error (history counts, whatever its clinical status). */
export function isRecordedCondition(condition: ResourceOf<'Condition'>): boolean {
  return !codesOf(condition.verificationStatus).some((c) => NOT_REAL.has(c));
}

/** Recorded and clinically active (recurrence/relapse count; a missing status counts as active). */
export function isActiveCondition(condition: ResourceOf<'Condition'>): boolean {
  if (!isRecordedCondition(condition)) return false;
  const status = codesOf(condition.clinicalStatus);
  return status.length === 0 || status.some((c) => ACTIVE_CLINICAL.has(c));
}

const UNUSABLE_OBSERVATION = new Set(['cancelled', 'entered-in-error', 'registered']);

export function isUsableObservation(observation: { status?: unknown }): boolean {
  return typeof observation.status !== 'string' || !UNUSABLE_OBSERVATION.has(observation.status);
}
