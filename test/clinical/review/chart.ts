/**
 * A small, editable chart for robustness tests: one patient with an acute right peroneal DVT (I82.451 + SNOMED
 * bodySite), a whole-leg scan with a short clot, a negative D-dimer and normal labs. With nothing changed the
 * service advises SERIAL_IMAGING (RULES §5.4 P17). Each test swaps one resource for the shape a real EHR sends.
 */
import type { FhirResource } from 'fhir/r4';
import { evaluateHook } from '../../../src/clinical/engine';
import { loadKnowledge } from '../../../src/clinical/knowledge/load';
import type { Knowledge, Thresholds } from '../../../src/clinical/knowledge/types';
import type { EngineResult } from '../../../src/clinical/types';
import type { HookName } from '../../../src/cds/types';

export const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
export const SCT = 'http://snomed.info/sct';
export const LOINC = 'http://loinc.org';
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const UCUM = 'http://unitsofmeasure.org';
export const FINDINGS = 'urn:distal-dvt-cds:findings';
export const CPT = 'http://www.ama-assn.org/go/cpt';
export const ACT = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

export const NOW = '2025-03-04T15:00:00Z';
export const D0 = '2025-03-04';

export const VEIN = {
  gastrocnemius: '264481007', soleal: '397427005', peroneal: '71758008', posteriorTibial: '4258007', popliteal: '56849005',
  femoral: '397364003',
} as const;
export const SIDE = { right: '24028007', left: '7771000', bilateral: '51440002' } as const;

export const knowledge: Knowledge = loadKnowledge('hooks');

export function withThresholds(overrides: Partial<Thresholds>): Knowledge {
  return { ...knowledge, thresholds: { ...knowledge.thresholds, ...overrides } };
}

type Json = Record<string, unknown>;
const subject = { reference: 'Patient/p1' };
const clinical = (code: string): Json => ({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code }] });
const verification = (code: string): Json => ({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code }] });

export function patient(extra: Json = {}): Json {
  return { resourceType: 'Patient', id: 'p1', birthDate: '1975-01-10', gender: 'female', ...extra };
}

export function dvtCondition(extra: Json = {}): Json {
  return {
    resourceType: 'Condition', id: 'dvt', clinicalStatus: clinical('active'), verificationStatus: verification('confirmed'),
    code: { coding: [{ system: ICD, code: 'I82.451', display: 'Acute embolism and thrombosis of right peroneal vein' }] },
    bodySite: [{ coding: [{ system: SCT, code: VEIN.peroneal }] }, { coding: [{ system: SCT, code: SIDE.right }] }],
    subject, onsetDateTime: D0, recordedDate: D0, ...extra,
  };
}

export function condition(id: string, system: string, code: string, extra: Json = {}): Json {
  return {
    resourceType: 'Condition', id, clinicalStatus: clinical('active'), verificationStatus: verification('confirmed'),
    code: { coding: [{ system, code }] }, subject, onsetDateTime: D0, ...extra,
  };
}

export { clinical, verification };

/** The index report with its findings; `vein` is the findings' bodySite (null: none, as many reports send). */
export function scan(extra: Json = {}, vein: string | null = VEIN.peroneal): Json[] {
  const finding = (id: string, code: string, value: Json): Json => ({
    resourceType: 'Observation', id, status: 'final', code: { coding: [{ system: FINDINGS, code }] }, subject,
    effectiveDateTime: `${D0}T09:30:00Z`, ...(vein === null ? {} : { bodySite: { coding: [{ system: SCT, code: vein }] } }),
    derivedFrom: [{ reference: 'DiagnosticReport/scan' }], ...value,
  });
  return [
    {
      resourceType: 'DiagnosticReport', id: 'scan', status: 'final', code: { coding: [{ system: LOINC, code: '39443-7' }] }, subject,
      effectiveDateTime: `${D0}T09:30:00Z`, result: [{ reference: 'Observation/len' }, { reference: 'Observation/dia' }, { reference: 'Observation/dist' }, { reference: 'Observation/proto' }],
      ...extra,
    },
    finding('len', 'thrombus-length', { valueQuantity: { value: 3, unit: 'cm', system: UCUM, code: 'cm' } }),
    finding('dia', 'thrombus-max-diameter', { valueQuantity: { value: 5, unit: 'mm', system: UCUM, code: 'mm' } }),
    finding('dist', 'thrombus-distance-to-proximal', { valueQuantity: { value: 8, unit: 'cm', system: UCUM, code: 'cm' } }),
    finding('proto', 'imaging-protocol', { valueCodeableConcept: { coding: [{ system: FINDINGS, code: 'whole-leg' }] } }),
  ];
}

export function attestation(id: string, code: string, value: Json): Json {
  return {
    resourceType: 'Observation', id, status: 'final', code: { coding: [{ system: FINDINGS, code }] }, subject,
    effectiveDateTime: `${D0}T10:00:00Z`, ...value,
  };
}

export const provokedMinor = (): Json => attestation('prov', 'vte-provocation', { valueCodeableConcept: { coding: [{ system: FINDINGS, code: 'provoked-transient-minor' }] } });

export function lab(id: string, loinc: string, value: number, unit: string, extra: Json = {}): Json {
  return {
    resourceType: 'Observation', id, status: 'final', code: { coding: [{ system: LOINC, code: loinc }] }, subject,
    effectiveDateTime: `${D0}T08:00:00Z`, valueQuantity: { value, unit, system: UCUM, code: unit }, ...extra,
  };
}

export const ddimer = (value: number, unit = 'ng/mL{FEU}', loinc = '48065-7', extra: Json = {}): Json => lab('dd', loinc, value, unit, extra);
export const weight = (value: number, unit = 'kg'): Json => lab('wt', '29463-7', value, unit);
export const creatinine = (value: number, unit = 'mg/dL', loinc = '2160-0'): Json => lab('cr', loinc, value, unit);
export const platelets = (value: number, unit = '10*9/L'): Json => lab('plt', '777-3', value, unit);
export const haemoglobin = (value: number): Json => lab('hb', '718-7', value, 'g/dL');

export function encounter(extra: Json = {}): Json {
  return {
    resourceType: 'Encounter', id: 'enc', status: 'in-progress', class: { system: ACT, code: 'AMB' }, subject,
    period: { start: `${D0}T08:00:00Z` }, ...extra,
  };
}

/** The base chart: every piece by name, so a test replaces exactly one. */
export function baseChart(): Record<string, Json | Json[]> {
  return {
    patient: patient(), dvt: dvtCondition(), scan: scan(), ddimer: ddimer(400), provocation: provokedMinor(),
    weight: weight(70), creatinine: creatinine(0.9), platelets: platelets(250), haemoglobin: haemoglobin(13.5), encounter: encounter(),
  };
}

export function chart(overrides: Record<string, Json | Json[] | null> = {}, extra: readonly Json[] = []): Json[] {
  const parts: Record<string, Json | Json[] | null> = { ...baseChart(), ...overrides };
  return [...Object.values(parts).flatMap((p) => (p === null ? [] : Array.isArray(p) ? p : [p])), ...extra];
}

export interface Run extends EngineResult {
  readonly primary: string | null;
  readonly codes: readonly string[];
  readonly detail: string;
}

export function run(resources: readonly Json[], opts: {
  hook?: HookName; now?: string; k?: Knowledge; draftOrders?: Json; selections?: readonly string[];
} = {}): Run {
  let n = 0;
  const hook = opts.hook ?? 'patient-view';
  const result = evaluateHook({
    hook, serviceId: `distal-dvt-${hook}`, patientId: 'p1', record: { patientId: 'p1', resources: resources as unknown as FhirResource[] },
    now: new Date(opts.now ?? NOW),
    ...(opts.draftOrders ? { draftOrders: opts.draftOrders as never } : {}),
    ...(opts.selections ? { selections: opts.selections } : {}),
  }, opts.k ?? knowledge, () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`);
  return { ...result, primary: result.decision?.primary ?? null, codes: result.adviceCodes, detail: result.cards[0]?.detail ?? '' };
}
