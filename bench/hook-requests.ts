/**
 * CDS Hooks 2.0 requests around a generated chart: `patient-view` (with the full prefetch, or none so the service
 * must fetch) and `order-select` with an apixaban draft selected among unrelated drafts.
 */
import type { Bundle, MedicationRequest, ServiceRequest } from 'fhir/r4';
import type { HookRequest } from '../src/cds/types';
import { SYSTEMS } from './chart-catalogue';
import type { Chart } from './chart-generator';

export const PATIENT_VIEW_SERVICE = 'distal-dvt-patient-view';
export const ORDER_SELECT_SERVICE = 'distal-dvt-order-select';
const USER = 'Practitioner/bench-clinician';

export function patientViewRequest(chart: Chart, hookInstance: string): HookRequest {
  return {
    hook: 'patient-view', hookInstance,
    context: { userId: USER, patientId: chart.patientId },
    prefetch: chart.prefetch,
  };
}

/** No prefetch at all: the service must fetch all eight keys from `fhirServer`. */
export function patientViewWithoutPrefetch(chart: Chart, hookInstance: string, fhirServer: string): HookRequest {
  return { hook: 'patient-view', hookInstance, fhirServer, context: { userId: USER, patientId: chart.patientId } };
}

/** The drafts on the order screen: apixaban (selected), an antiemetic and a CBC. */
export function draftOrders(chart: Chart): Bundle {
  const subject = { reference: `Patient/${chart.patientId}` };
  const apixaban: MedicationRequest = {
    resourceType: 'MedicationRequest', id: 'draft-apixaban', status: 'draft', intent: 'order', subject,
    medicationCodeableConcept: { coding: [{ system: SYSTEMS.rxnorm, code: '1364445', display: 'apixaban 5 MG Oral Tablet' }] },
    reasonReference: [{ reference: 'Condition/index-dvt' }],
    dosageInstruction: [{
      text: '10 mg by mouth twice daily for 7 days',
      route: { coding: [{ system: SYSTEMS.snomed, code: '26643006', display: 'Oral route' }] },
      timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd', boundsDuration: { value: 7, unit: 'd', system: SYSTEMS.ucum, code: 'd' } } },
      doseAndRate: [{ doseQuantity: { value: 10, unit: 'mg', system: SYSTEMS.ucum, code: 'mg' } }],
    }],
  };
  const ondansetron: MedicationRequest = {
    resourceType: 'MedicationRequest', id: 'draft-ondansetron', status: 'draft', intent: 'order', subject,
    medicationCodeableConcept: { coding: [{ system: SYSTEMS.rxnorm, code: '312086', display: 'ondansetron 4 MG Oral Tablet' }] },
    dosageInstruction: [{ text: '4 mg by mouth every 8 hours as needed for nausea' }],
  };
  const cbc: ServiceRequest = {
    resourceType: 'ServiceRequest', id: 'draft-cbc', status: 'draft', intent: 'order', subject,
    code: { coding: [{ system: SYSTEMS.loinc, code: '58410-2', display: 'CBC panel - Blood by Automated count' }] },
  };
  return { resourceType: 'Bundle', type: 'collection', entry: [{ resource: apixaban }, { resource: ondansetron }, { resource: cbc }] };
}

export function orderSelectRequest(chart: Chart, hookInstance: string): HookRequest {
  return {
    hook: 'order-select', hookInstance,
    context: {
      userId: USER, patientId: chart.patientId, encounterId: 'index-visit',
      selections: ['MedicationRequest/draft-apixaban'], draftOrders: draftOrders(chart),
    },
    prefetch: chart.prefetch,
  };
}
