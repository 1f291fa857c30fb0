/**
 * Turns what a user hands the CLI — a CDS Hooks request, a scenario fixture, or a FHIR Bundle of one patient's
 * resources — into the EvaluationInput the clinical core takes.
 */
import type { Bundle, FhirResource } from 'fhir/r4';
import type { HookName, HookRequest } from '../cds/types';
import type { EvaluationInput } from '../clinical/types';
import { inputError, usageError } from './cli-error';
import { normaliseBundle } from '../cds/normalise';
import { buildPatientRecord } from '../fhir/record';
import { isObject } from './read-json';

export function inputFromRequest(request: HookRequest, serviceId: string, now: Date): EvaluationInput {
  const { context } = request;
  return {
    hook: request.hook,
    serviceId,
    patientId: context.patientId,
    ...(context.encounterId !== undefined ? { encounterId: context.encounterId } : {}),
    ...(context.selections !== undefined ? { selections: context.selections } : {}),
    ...(context.draftOrders !== undefined ? { draftOrders: normaliseBundle(context.draftOrders) } : {}),
    record: buildPatientRecord(context.patientId, Object.values(request.prefetch ?? {})),
    now,
  };
}

export interface BundleSimulation {
  readonly hook: HookName;
  readonly serviceId: string;
  /** Patient id; default: the Bundle's only Patient. */
  readonly patientId?: string;
  readonly encounterId?: string;
}

/** Requests still being written by the clinician: they become the hook's draftOrders, not chart data. */
const isDraftOrder = (resource: FhirResource): boolean =>
  (resource.resourceType === 'MedicationRequest' || resource.resourceType === 'ServiceRequest') && resource.status === 'draft';

/** The ways a resource in the Bundle may point at the patient: `Patient/id`, an absolute URL, the entry's fullUrl. */
function patientReferences(bundle: Bundle, patientId: string): Set<string> {
  const refs = new Set([`Patient/${patientId}`]);
  for (const entry of bundle.entry ?? []) {
    if (entry.resource?.resourceType === 'Patient' && entry.resource.id === patientId && entry.fullUrl) refs.add(entry.fullUrl);
  }
  return refs;
}

/** Whose resource is this? undefined = not patient-specific (Medication, Practitioner …). */
function patientReferenceOf(resource: FhirResource): string | undefined {
  const r = resource as { subject?: { reference?: string }; patient?: { reference?: string } };
  return r.subject?.reference ?? r.patient?.reference;
}

function belongsTo(resource: FhirResource, patientId: string, refs: Set<string>): boolean {
  if (resource.resourceType === 'Patient') return resource.id === patientId;
  const ref = patientReferenceOf(resource);
  if (ref === undefined || !/Patient\/|^urn:/.test(ref)) return true;
  return refs.has(ref) || ref.endsWith(`/Patient/${patientId}`);
}

export function isBundle(value: unknown): value is Bundle {
  return isObject(value) && value.resourceType === 'Bundle';
}

/**
 * Simulate a hook call on a Bundle of a patient's resources. Draft MedicationRequests/ServiceRequests become
 * draftOrders (all of them selected on order-select); encounter-discharge uses --encounter or the in-progress one.
 * Resources of other patients in the Bundle are left out.
 */
export function inputFromBundle(bundle: Bundle, simulation: BundleSimulation, now: Date): EvaluationInput {
  // The same flattening (and shape normalisation) the service applies to prefetch.
  const resources = buildPatientRecord('', [bundle]).resources;
  const patients = resources.filter((r) => r.resourceType === 'Patient');
  let patientId = simulation.patientId;
  if (patientId === undefined) {
    const only = patients.length === 1 ? patients[0]?.id : undefined;
    if (only === undefined) {
      throw patients.length === 0
        ? inputError('the Bundle has no Patient: say which patient with --patient ID')
        : usageError(`the Bundle has ${patients.length} Patients: say which one with --patient ID`);
    }
    patientId = only;
  }
  // An unknown id would silently evaluate an empty chart ("no cards"): say so instead.
  if (!resources.some((r) => belongsTo(r, patientId as string, patientReferences(bundle, patientId as string)))) {
    throw inputError(`the Bundle has no resources of patient "${patientId}"`);
  }
  // A Bundle may hold several patients (an export): keep this patient's resources and the shared ones.
  const refs = patientReferences(bundle, patientId);
  const own = resources.filter((r) => belongsTo(r, patientId as string, refs));
  const drafts = own.filter(isDraftOrder);
  const chart = own.filter((r) => !isDraftOrder(r));
  const ordering = simulation.hook === 'order-select' || simulation.hook === 'order-sign';
  const encounterId =
    simulation.encounterId ??
    chart.find((r) => r.resourceType === 'Encounter' && r.status === 'in-progress')?.id;
  return {
    hook: simulation.hook,
    serviceId: simulation.serviceId,
    patientId,
    ...(encounterId !== undefined ? { encounterId } : {}),
    ...(ordering
      ? {
          draftOrders: { resourceType: 'Bundle', type: 'collection', entry: drafts.map((resource) => ({ resource })) },
          ...(simulation.hook === 'order-select'
            ? { selections: drafts.map((r) => `${r.resourceType}/${r.id ?? ''}`) }
            : {}),
        }
      : {}),
    record: { patientId, resources: ordering ? chart : own },
    now,
  };
}
