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

export function buildPatientRecord(patientId: string, values: Iterable<unknown>): PatientRecord {
  const all: FhirResource[] = [];
  for (const value of values) collect(value, all);
  const seen = new Set<string>();
  const resources: FhirResource[] = [];
  for (const resource of all) {
    if (resource.id !== undefined) {
      const key = `${resource.resourceType}/${resource.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
    }
    resources.push(normaliseResource(resource));
  }
  return { patientId, resources };
}
