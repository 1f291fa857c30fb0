/** Small hand-written FHIR resources for fact tests (codes from RULES; the service reads its own from hooks/). */
import type { FhirResource } from 'fhir/r4';
import { extractFacts } from '../../../src/clinical/facts';
import { loadKnowledge } from '../../../src/clinical/knowledge/load';
import type { Knowledge, Thresholds } from '../../../src/clinical/knowledge/types';
import type { Facts } from '../../../src/clinical/types';

export const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
export const SCT = 'http://snomed.info/sct';
export const LOINC = 'http://loinc.org';
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const FINDINGS = 'urn:distal-dvt-cds:findings';
export const UCUM = 'http://unitsofmeasure.org';

export const knowledge: Knowledge = loadKnowledge('hooks');

export function withThresholds(overrides: Partial<Thresholds>): Knowledge {
  return { ...knowledge, thresholds: { ...knowledge.thresholds, ...overrides } };
}

let counter = 0;
const nextId = (prefix: string): string => `${prefix}-${++counter}`;

export function patient(birthDate: string, gender: 'male' | 'female' = 'female'): FhirResource {
  return { resourceType: 'Patient', id: 'p1', birthDate, gender };
}

export const VEIN = {
  gastrocnemius: '264481007', soleal: '397427005', peroneal: '71758008', posteriorTibial: '4258007', popliteal: '56849005',
} as const;
export const SIDE = { right: '24028007', left: '7771000' } as const;

export function condition(code: string, onset: string, opts: {
  system?: string; vein?: string; side?: string; status?: string; id?: string; severity?: string;
} = {}): FhirResource {
  return {
    resourceType: 'Condition',
    id: opts.id ?? nextId('cond'),
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: opts.status ?? 'active' }] },
    code: { coding: [{ system: opts.system ?? ICD, code }] },
    ...(opts.vein || opts.side ? {
      bodySite: [
        ...(opts.vein ? [{ coding: [{ system: SCT, code: opts.vein }] }] : []),
        ...(opts.side ? [{ coding: [{ system: SCT, code: opts.side }] }] : []),
      ],
    } : {}),
    ...(opts.severity ? { severity: { coding: [{ system: SCT, code: opts.severity }] } } : {}),
    subject: { reference: 'Patient/p1' },
    onsetDateTime: onset,
  } as FhirResource;
}

export function quantityObs(loinc: string, value: number, unit: string, when: string, extra: Record<string, unknown> = {}): FhirResource {
  return {
    resourceType: 'Observation', id: nextId('obs'), status: 'final',
    code: { coding: [{ system: LOINC, code: loinc }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: when,
    valueQuantity: { value, unit, system: UCUM, code: unit },
    ...extra,
  } as FhirResource;
}

export function finding(code: string, when: string, value: Record<string, unknown>, extra: Record<string, unknown> = {}): FhirResource {
  return {
    resourceType: 'Observation', id: nextId('finding'), status: 'final',
    code: { coding: [{ system: FINDINGS, code }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: when,
    ...value,
    ...extra,
  } as FhirResource;
}

export const codeValue = (code: string): Record<string, unknown> => ({ valueCodeableConcept: { coding: [{ system: FINDINGS, code }] } });

export function report(loinc: string, when: string, id = nextId('dr')): FhirResource {
  return {
    resourceType: 'DiagnosticReport', id, status: 'final', code: { coding: [{ system: LOINC, code: loinc }] },
    subject: { reference: 'Patient/p1' }, effectiveDateTime: when,
  } as FhirResource;
}

export function medication(rxcui: string, dose: { value: number; unit: string }, frequency: number, opts: {
  authoredOn?: string; status?: string; display?: string; periodUnit?: string;
} = {}): FhirResource {
  return {
    resourceType: 'MedicationRequest', id: nextId('mr'), status: opts.status ?? 'active', intent: 'order',
    medicationCodeableConcept: { coding: [{ system: RXNORM, code: rxcui, ...(opts.display ? { display: opts.display } : {}) }] },
    subject: { reference: 'Patient/p1' },
    authoredOn: opts.authoredOn ?? '2025-03-01',
    dosageInstruction: [{
      timing: { repeat: { frequency, period: 1, periodUnit: opts.periodUnit ?? 'd' } },
      doseAndRate: [{ doseQuantity: { value: dose.value, unit: dose.unit, system: UCUM, code: dose.unit } }],
    }],
  } as FhirResource;
}

export function facts(now: string, resources: readonly unknown[], k: Knowledge = knowledge): Facts {
  return extractFacts({
    hook: 'patient-view', serviceId: 'distal-dvt-patient-view', patientId: 'p1',
    record: { patientId: 'p1', resources: resources as FhirResource[] }, now: new Date(now),
  }, k);
}

/** A minimal distal episode (right gastrocnemius, whole-leg scan) diagnosed on `d0`. */
export function gastrocnemiusEpisode(d0: string): FhirResource[] {
  return [
    condition('I82.461', d0, { vein: VEIN.gastrocnemius, side: SIDE.right, id: 'dvt' }),
    report('39420-5', `${d0}T09:00:00Z`, 'scan'),
  ];
}
