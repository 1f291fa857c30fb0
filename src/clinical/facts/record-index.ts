/**
 * The patient record indexed once per evaluation: resources by type and by `Type/id`, so each fact reads only
 * the resources of its type (≈ 200 resources in ≤ 2 ms). Also the small, defensive readers every fact needs —
 * the record is unvalidated FHIR JSON, so nothing here trusts a field's type.
 */
import type { CodeableConcept, Coding, FhirResource, Reference } from 'fhir/r4';
import type { ValueSetIndex } from '../knowledge/types';
import { isKnownValueSet } from '../knowledge/value-set-index';

export type ResourceOf<T extends FhirResource['resourceType']> = Extract<FhirResource, { resourceType: T }>;

/** A resource whose code is in a value set, with the coding that put it there. */
export interface CodedResource<T extends FhirResource['resourceType']> {
  readonly coding: Coding;
  readonly resource: ResourceOf<T>;
}

type Member = { readonly coding: Coding; readonly resource: FhirResource };
/** The value-set buckets of one type for one index, and every resource that is in some bucket. */
interface Bucketed {
  readonly vs: ValueSetIndex;
  readonly buckets: ReadonlyMap<string, readonly Member[]>;
  readonly members: readonly FhirResource[];
}

const NO_MEMBERS: readonly never[] = [];

interface CodeGroup {
  readonly coding: Coding;
  readonly resources: FhirResource[];
  /** Members as a set, once the group is too large to search (see listed). */
  members?: Set<FhirResource>;
}

/** A code group whose coding is in some value set, with the ids of those sets. */
interface MemberGroup extends CodeGroup {
  readonly ids: ReadonlySet<string>;
}

const SEARCH_LIMIT = 16;

/**
 * Is the resource already in the group? A repeat is nearly always the resource being grouped (two codings with
 * one code) and otherwise the same object listed twice in a hand-built record. Small groups are searched — a
 * Set would hash every resource of the chart — and large ones get a Set.
 */
function listed(group: CodeGroup, resource: FhirResource): boolean {
  const { resources } = group;
  if (resources.length === 0) return false;
  if (resources[resources.length - 1] === resource) return true;
  if (resources.length < SEARCH_LIMIT) return resources.includes(resource);
  if (group.members === undefined) group.members = new Set(resources);
  if (group.members.has(resource)) return true;
  group.members.add(resource);
  return false;
}

/**
 * Resources grouped by each distinct coding of their `code`, in the order the coding first appears, each listed
 * once per group. `start` makes the group of a new coding, or null to pass that coding over (asked once per
 * distinct coding). Perf (issue 7): system → code maps, no `system|code` key strings built and hashed per coding.
 */
function groupByCoding<G extends CodeGroup>(
  resources: readonly FhirResource[], start: (coding: Coding & { system: string; code: string }) => G | null,
): { groups: G[]; several: boolean } {
  const bySystem = new Map<string, Map<string, G | null>>();
  const groups: G[] = [];
  let several = false;
  for (const resource of resources) {
    const code = (resource as { code?: unknown }).code as CodeableConcept | undefined;
    const codings = code && Array.isArray(code.coding) ? code.coding : [];
    if (codings.length > 1) several = true;
    for (const coding of codings) {
      if (typeof coding?.system !== 'string' || typeof coding.code !== 'string') continue;
      let byCode = bySystem.get(coding.system);
      if (byCode === undefined) {
        byCode = new Map();
        bySystem.set(coding.system, byCode);
      }
      let group = byCode.get(coding.code);
      if (group === undefined) {
        group = start(coding as Coding & { system: string; code: string });
        byCode.set(coding.code, group);
        if (group !== null) groups.push(group);
      }
      if (group !== null && !listed(group, resource)) group.resources.push(resource);
    }
  }
  return { groups, several };
}

export class RecordIndex {
  private readonly byType = new Map<string, FhirResource[]>();
  /** Built on the first resolve(): most evaluations never follow a reference. */
  private byRef: Map<string, FhirResource> | null = null;

  constructor(resources: readonly unknown[]) {
    for (const resource of Array.isArray(resources) ? resources : []) {
      if (typeof resource !== 'object' || resource === null) continue;
      const type = (resource as { resourceType?: unknown }).resourceType;
      if (typeof type !== 'string') continue;
      const list = this.byType.get(type);
      if (list === undefined) this.byType.set(type, [resource as FhirResource]);
      else list.push(resource as FhirResource);
    }
  }

  private readonly byCoding = new Map<string, readonly { coding: Coding; resources: readonly FhirResource[] }[]>();

  /**
   * Resources of `type` grouped by each distinct coding of their `code` (built once per type): value-set tests
   * then run once per distinct code in the chart, not once per resource (a chart repeats its vitals and labs).
   * Groups are in the order their coding first appears; a resource is listed once per group.
   */
  codeGroups<T extends FhirResource['resourceType']>(type: T): readonly { coding: Coding; resources: readonly ResourceOf<T>[] }[] {
    let groups = this.byCoding.get(type);
    if (!groups) {
      const built = groupByCoding(this.byType.get(type) ?? [], (coding): CodeGroup => ({ coding, resources: [] })).groups;
      groups = built.map(({ coding, resources }) => ({ coding, resources }));
      this.byCoding.set(type, groups);
    }
    return groups as unknown as readonly { coding: Coding; resources: readonly ResourceOf<T>[] }[];
  }

  private readonly byValueSet = new Map<string, Bucketed>();

  /**
   * Resources of `type` whose code is in `valueSetId`, each once, with the coding of the first matching code
   * group — in code-group order, as a scan of codeGroups() asking `vs.has` per group would give them.
   * Perf (issue 7): with an index that answers `setsContaining`, the distinct codings of the type are bucketed
   * by value set once per evaluation, so each later set is a map lookup. Other indexes (and ids the index does
   * not know, which throw from `has` as before) take the scan.
   */
  inValueSet<T extends FhirResource['resourceType']>(type: T, valueSetId: string, vs: ValueSetIndex): readonly CodedResource<T>[] {
    if (vs.setsContaining === undefined || !isKnownValueSet(vs, valueSetId)) return this.scan(type, valueSetId, vs);
    return (this.bucketsOf(type, vs).buckets.get(valueSetId) ?? NO_MEMBERS) as unknown as readonly CodedResource<T>[];
  }

  /**
   * Every resource of `type` whose code is in at least one value set of `vs`, each once (empty for an index
   * without setsContaining). What a fact may read from resources of that type in one go.
   */
  valueSetMembers<T extends FhirResource['resourceType']>(type: T, vs: ValueSetIndex): readonly ResourceOf<T>[] {
    if (vs.setsContaining === undefined) return NO_MEMBERS;
    return this.bucketsOf(type, vs).members as unknown as readonly ResourceOf<T>[];
  }

  private bucketsOf(type: FhirResource['resourceType'], vs: ValueSetIndex): Bucketed {
    let entry = this.byValueSet.get(type);
    if (entry === undefined || entry.vs !== vs) {
      entry = this.bucket(type, vs);
      this.byValueSet.set(type, entry);
    }
    return entry;
  }

  /**
   * Perf (issue 7): the code groups of bucket() are built here, and only for codings in some value set: most of
   * a chart (vitals, unrelated labs and problems) is looked up once per distinct coding and passed over, with no
   * group to build. Same groups, in the same order, as codeGroups() filtered by setsContaining.
   */
  private memberGroups(type: FhirResource['resourceType'], vs: ValueSetIndex): { groups: readonly MemberGroup[]; several: boolean } {
    return groupByCoding(this.byType.get(type) ?? [], (coding): MemberGroup | null => {
      const ids = vs.setsContaining?.(coding.system, coding.code);
      return ids === undefined || ids.size === 0 ? null : { coding, resources: [], ids };
    });
  }

  private bucket(type: FhirResource['resourceType'], vs: ValueSetIndex): Bucketed {
    const buckets = new Map<string, Member[]>();
    const { groups, several } = this.memberGroups(type, vs);
    // A resource can be in two groups, and so reach a bucket twice, only through two of its codings.
    const members: FhirResource[] = [];
    const memberSet = several ? new Set<FhirResource>() : null;
    const seen = several ? new Map<string, Set<FhirResource>>() : null;
    for (const group of groups) {
      const ids = group.ids;
      for (const resource of group.resources) {
        if (memberSet !== null) {
          if (memberSet.has(resource)) continue;
          memberSet.add(resource);
        }
        members.push(resource);
      }
      for (const id of ids) {
        let bucket = buckets.get(id);
        if (bucket === undefined) {
          bucket = [];
          buckets.set(id, bucket);
        }
        let inBucket = seen?.get(id);
        if (seen !== null && inBucket === undefined) {
          inBucket = new Set();
          seen.set(id, inBucket);
        }
        for (const resource of group.resources) {
          if (inBucket !== undefined) {
            if (inBucket.has(resource)) continue;
            inBucket.add(resource);
          }
          bucket.push({ coding: group.coding, resource });
        }
      }
    }
    return { vs, buckets, members };
  }

  private scan<T extends FhirResource['resourceType']>(type: T, valueSetId: string, vs: ValueSetIndex): CodedResource<T>[] {
    const members: CodedResource<T>[] = [];
    const seen = new Set<FhirResource>();
    for (const group of this.codeGroups(type)) {
      if (!vs.has(valueSetId, group.coding)) continue;
      for (const resource of group.resources) {
        if (seen.has(resource)) continue;
        seen.add(resource);
        members.push({ coding: group.coding, resource });
      }
    }
    return members;
  }

  all<T extends FhirResource['resourceType']>(type: T): readonly ResourceOf<T>[] {
    return (this.byType.get(type) ?? []) as unknown as ResourceOf<T>[];
  }

  resolve(reference: string): FhirResource | undefined {
    if (this.byRef === null) {
      this.byRef = new Map();
      for (const list of this.byType.values()) {
        for (const resource of list) {
          const id = (resource as { id?: unknown }).id;
          if (typeof id === 'string') this.byRef.set(`${resource.resourceType}/${id}`, resource);
        }
      }
    }
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
