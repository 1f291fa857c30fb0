/**
 * Small FHIR builders shared by the order modules: the RULES §4.1 MedicationRequest skeleton and the §5.6
 * ServiceRequest skeleton (status draft, intent order, subject, reasonReference = the DVT Condition).
 */
import type { Coding, Dosage, MedicationRequest, Reference, ServiceRequest } from 'fhir/r4';
import type { CodingData } from './order-knowledge';

export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const UCUM = 'http://unitsofmeasure.org';

export function coding(c: CodingData): Coding {
  return c.display === undefined ? { system: c.system, code: c.code } : { system: c.system, code: c.code, display: c.display };
}

export function reasonOf(conditionRef: string | null | undefined): Reference[] | undefined {
  return conditionRef ? [{ reference: conditionRef }] : undefined;
}

export function days(value: number): { value: number; unit: string; system: string; code: string } {
  return { value, unit: 'd', system: UCUM, code: 'd' };
}

export interface MedicationRequestArgs {
  readonly patientId: string;
  readonly conditionRef: string | null;
  readonly rxcui: string;
  readonly productDisplay: string;
  readonly text: string;
  readonly dosage: readonly Dosage[];
  readonly supplyDays: number;
  readonly note: string;
  readonly groupId?: string;
}

export function medicationRequest(a: MedicationRequestArgs): MedicationRequest {
  const reason = reasonOf(a.conditionRef);
  return {
    resourceType: 'MedicationRequest',
    status: 'draft',
    intent: 'order',
    ...(a.groupId ? { groupIdentifier: { system: 'urn:distal-dvt-cds:order-group', value: a.groupId } } : {}),
    medicationCodeableConcept: { coding: [{ system: RXNORM, code: a.rxcui, display: a.productDisplay }], text: a.text },
    subject: { reference: `Patient/${a.patientId}` },
    ...(reason ? { reasonReference: reason } : {}),
    dosageInstruction: [...a.dosage],
    dispenseRequest: { expectedSupplyDuration: days(a.supplyDays) },
    note: [{ text: a.note }],
  };
}

export interface ServiceRequestArgs {
  readonly patientId: string;
  readonly conditionRef: string | null;
  readonly codings: readonly CodingData[];
  readonly text: string;
  readonly occurrence?: { readonly start: string; readonly end: string };
  readonly priority?: ServiceRequest['priority'];
  readonly bodySite?: CodingData;
  readonly note: string;
}

export function serviceRequest(a: ServiceRequestArgs): ServiceRequest {
  const reason = reasonOf(a.conditionRef);
  return {
    resourceType: 'ServiceRequest',
    status: 'draft',
    intent: 'order',
    ...(a.priority ? { priority: a.priority } : {}),
    code: { coding: a.codings.map(coding), text: a.text },
    subject: { reference: `Patient/${a.patientId}` },
    ...(a.occurrence ? { occurrencePeriod: { start: a.occurrence.start, end: a.occurrence.end } } : {}),
    ...(reason ? { reasonReference: reason } : {}),
    ...(a.bodySite ? { bodySite: [{ coding: [coding(a.bodySite)] }] } : {}),
    note: [{ text: a.note }],
  };
}
