/**
 * The drafts a hook asks about (CONFORMANCE §3.4): order-select → the `selections` (all drafts when none are
 * listed), order-sign → every draft. Tolerates what real clients send: no Bundle.type, entries without resources,
 * resources without ids.
 */
import type { Bundle, MedicationRequest, ServiceRequest } from 'fhir/r4';
import type { EvaluationInput } from '../types';

export type Draft =
  | { readonly kind: 'medication'; readonly resource: MedicationRequest; readonly ref: string | null }
  | { readonly kind: 'service'; readonly resource: ServiceRequest; readonly ref: string | null };

function entriesOf(bundle: Bundle | undefined): unknown[] {
  const entries: unknown = (bundle as { entry?: unknown } | undefined)?.entry;
  return Array.isArray(entries) ? entries : [];
}

export function draftsOf(input: EvaluationInput): Draft[] {
  const selections = input.hook === 'order-select' && input.selections && input.selections.length > 0 ? new Set(input.selections) : null;
  const drafts: Draft[] = [];
  for (const entry of entriesOf(input.draftOrders)) {
    const resource: unknown = (entry as { resource?: unknown } | null)?.resource;
    if (typeof resource !== 'object' || resource === null) continue;
    const r = resource as { resourceType?: unknown; id?: unknown };
    const ref = typeof r.id === 'string' && r.id !== '' && typeof r.resourceType === 'string' ? `${r.resourceType}/${r.id}` : null;
    if (selections && (ref === null || !selections.has(ref))) continue;
    if (r.resourceType === 'MedicationRequest') drafts.push({ kind: 'medication', resource: resource as MedicationRequest, ref });
    else if (r.resourceType === 'ServiceRequest') drafts.push({ kind: 'service', resource: resource as ServiceRequest, ref });
  }
  return drafts;
}
