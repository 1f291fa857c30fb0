/**
 * Flatten resolved prefetch values into the PatientRecord the clinical core reads: resources out of their
 * Bundles (nested ones too), single resources as they are, OperationOutcomes dropped, de-duplicated by type/id
 * (first seen wins), shape-normalised like the draft orders.
 */
import type { FhirResource } from 'fhir/r4';
import { normaliseResource } from '../cds/normalise';
import type { PatientRecord } from '../clinical/types';

function isResource(value: unknown): value is FhirResource {
  return typeof value === 'object' && value !== null && typeof (value as { resourceType?: unknown }).resourceType === 'string';
}

function collect(value: unknown, into: FhirResource[]): void {
  if (!isResource(value)) return;
  if (value.resourceType === 'Bundle') {
    // Client data is untrusted: a non-array `entry` or a null entry is skipped, never a crash.
    const entries: unknown[] = Array.isArray(value.entry) ? value.entry : [];
    for (const entry of entries) {
      if (typeof entry === 'object' && entry !== null) collect((entry as { resource?: unknown }).resource, into);
    }
    return;
  }
  if (value.resourceType === 'OperationOutcome') return;
  into.push(value);
}

/**
 * Has `Type/id` been seen? Perf (issue 7): type → ids, so no `Type/id` string is built and hashed per resource.
 * The same keys as `${resourceType}/${id}`: the id as a template literal turns it into text, and a type with a
 * `/` (which could make two pairs spell one key) sends the whole record through the flat keys.
 */
type SeenIds = (resource: FhirResource) => boolean;

function seenIds(all: readonly FhirResource[]): SeenIds {
  if (all.some((r) => r.resourceType.includes('/'))) {
    const seen = new Set<string>();
    return (resource) => {
      const key = `${resource.resourceType}/${resource.id}`;
      if (seen.has(key)) return true;
      seen.add(key);
      return false;
    };
  }
  const byType = new Map<string, Set<string>>();
  return (resource) => {
    let ids = byType.get(resource.resourceType);
    if (ids === undefined) {
      ids = new Set();
      byType.set(resource.resourceType, ids);
    }
    const id = resource.id;
    const key = typeof id === 'string' ? id : `${id}`;
    if (ids.has(key)) return true;
    ids.add(key);
    return false;
  };
}

export function buildPatientRecord(patientId: string, values: Iterable<unknown>): PatientRecord {
  const all: FhirResource[] = [];
  for (const value of values) collect(value, all);
  const seen = seenIds(all);
  const resources: FhirResource[] = [];
  for (const resource of all) {
    if (resource.id !== undefined && seen(resource)) continue;
    resources.push(normaliseResource(resource));
  }
  return { patientId, resources };
}
