/**
 * Deterministic generator of FHIR R4 patient charts for the benchmarks.
 *
 * A chart of N resources is the RULES §6 SC01 patient (46-year-old woman, acute right gastrocnemius-vein DVT
 * I82.461, whole-leg duplex with its findings, D-dimer 420 ng/mL FEU, creatinine, platelets, haemoglobin, weight)
 * buried in N − 15 resources of noise: problems, labs, vitals, drugs, encounters, procedures, reports and orders a
 * real chart carries. The same seed and size always give the same JSON, so figures are comparable across runs.
 * It is returned both as the 8 prefetch values of the fixed prefetch contract and as a flat resource list.
 */
import type {
  Bundle, CodeableConcept, Coding, Condition, DiagnosticReport, Encounter, FhirResource, MedicationRequest, Observation,
  Patient, Procedure, Reference, ServiceRequest,
} from 'fhir/r4';
import { FINDINGS_SYSTEM } from '../src/cds/types';
import {
  HISTORIC_RELEVANT_LABS, NOISE_DRUGS, NOISE_ORDERS, NOISE_PROBLEMS, NOISE_PROCEDURES, NOISE_REPORTS, SYSTEMS,
  UNRELATED_LABS, type NoiseLab,
} from './chart-catalogue';
import { createRandom, type Random } from './prng';

/** The evaluation instant the chart is written for (SC01's "now"). */
export const BENCH_NOW = '2025-03-03T15:00:00Z';
export const BENCH_PATIENT_ID = 'bench-patient';

/** The prefetch keys of every service (fixed contract) and the resource type each search returns. */
export const PREFETCH_SEARCHES = {
  conditions: 'Condition',
  observations: 'Observation',
  medicationRequests: 'MedicationRequest',
  serviceRequests: 'ServiceRequest',
  encounters: 'Encounter',
  procedures: 'Procedure',
  diagnosticReports: 'DiagnosticReport',
} as const;
export type SearchKey = keyof typeof PREFETCH_SEARCHES;
export type SearchedType = (typeof PREFETCH_SEARCHES)[SearchKey];

export type ChartPrefetch = { readonly patient: Patient } & { readonly [K in SearchKey]: Bundle };

export interface Chart {
  readonly patientId: string;
  /** Every resource, Patient first (what a flattened PatientRecord holds). */
  readonly resources: readonly FhirResource[];
  readonly prefetch: ChartPrefetch;
}

export interface ChartOptions {
  /** Total number of resources, Patient included (≥ 1). */
  readonly size: number;
  readonly seed?: number;
  readonly patientId?: string;
}

const DAY_MS = 86_400_000;
/** Noise is dated between 5 years and 120 days before now: outside every look-back window of RULES §7. */
const NOISE_OLDEST_DAYS = 5 * 365;
const NOISE_NEWEST_DAYS = 120;

/** Share of the noise per resource type (a prefetch is mostly observations). */
const NOISE_MIX: readonly (readonly [SearchedType, number])[] = [
  ['Observation', 0.55],
  ['Condition', 0.1],
  ['MedicationRequest', 0.08],
  ['Encounter', 0.08],
  ['DiagnosticReport', 0.07],
  ['Procedure', 0.06],
  ['ServiceRequest', 0.06],
];

const coding = (system: string, code: string, display?: string): CodeableConcept => ({
  coding: [display === undefined ? { system, code } : { system, code, display }],
});
const ucum = (value: number, unit: string): Observation['valueQuantity'] => ({ value, unit, system: SYSTEMS.ucum, code: unit });
const category = (code: 'laboratory' | 'vital-signs' | 'imaging' | 'exam'): CodeableConcept[] => [
  coding(SYSTEMS.observationCategory, code),
];

interface Builder {
  readonly random: Random;
  readonly subject: Reference;
  readonly now: number;
}

/** The index episode and the values the rules read (RULES §6 SC01), most important first. */
function coreResources(b: Builder, patientId: string): FhirResource[] {
  const diagnosed = '2025-03-03';
  const scanAt = '2025-03-03T11:00:00Z';
  const labAt = '2025-03-03T10:00:00Z';
  const report: Reference = { reference: 'DiagnosticReport/index-duplex' };
  const gastrocnemius = coding(SYSTEMS.snomed, '264481007', 'Structure of gastrocnemius vein');
  const right = coding(SYSTEMS.snomed, '24028007', 'Right');
  const finding = (id: string, code: string, display: string, value: Partial<Observation>): Observation => ({
    resourceType: 'Observation', id, status: 'final', category: category('imaging'),
    code: coding(FINDINGS_SYSTEM, code, display), subject: b.subject, effectiveDateTime: scanAt,
    bodySite: gastrocnemius, derivedFrom: [report], ...value,
  });
  const lab = (id: string, loinc: string, display: string, value: number, unit: string, cat: 'laboratory' | 'vital-signs'): Observation => ({
    resourceType: 'Observation', id, status: 'final', category: category(cat), code: coding(SYSTEMS.loinc, loinc, display),
    subject: b.subject, effectiveDateTime: labAt, issued: labAt, valueQuantity: ucum(value, unit),
  });
  const attested = (id: string, code: string, display: string, value: string): Observation => ({
    resourceType: 'Observation', id, status: 'final', category: category('exam'), code: coding(FINDINGS_SYSTEM, code, display),
    subject: b.subject, effectiveDateTime: scanAt, valueCodeableConcept: coding(FINDINGS_SYSTEM, value),
  });
  const findingIds = ['index-length', 'index-diameter', 'index-distance', 'index-protocol'];

  const patient: Patient = {
    resourceType: 'Patient', id: patientId, active: true, gender: 'female', birthDate: '1978-05-20',
    name: [{ use: 'official', family: 'Bench', given: ['Alex'] }],
    identifier: [{ system: 'urn:oid:2.16.840.1.113883.4.3.25', value: 'BENCH-0001' }],
  };
  const condition: Condition = {
    resourceType: 'Condition', id: 'index-dvt',
    clinicalStatus: coding(SYSTEMS.conditionClinical, 'active'),
    verificationStatus: coding(SYSTEMS.conditionVerification, 'confirmed'),
    category: [coding(SYSTEMS.conditionCategory, 'encounter-diagnosis')],
    code: { coding: [
      { system: SYSTEMS.icd10, code: 'I82.461', display: 'Acute embolism and thrombosis of right calf muscular vein' },
      { system: SYSTEMS.snomed, code: '128053003', display: 'Deep venous thrombosis' },
    ] },
    bodySite: [gastrocnemius, right],
    subject: b.subject, encounter: { reference: 'Encounter/index-visit' },
    onsetDateTime: diagnosed, recordedDate: diagnosed,
  };
  return [
    patient,
    condition,
    lab('index-ddimer', '48065-7', 'Fibrin D-dimer FEU [Mass/volume] in Platelet poor plasma', 420, 'ng/mL{FEU}', 'laboratory'),
    finding('index-length', 'thrombus-length', 'Thrombus length', { valueQuantity: ucum(2.8, 'cm') }),
    lab('index-weight', '29463-7', 'Body weight', 68, 'kg', 'vital-signs'),
    lab('index-creatinine', '2160-0', 'Creatinine [Mass/volume] in Serum or Plasma', 0.8, 'mg/dL', 'laboratory'),
    lab('index-platelets', '777-3', 'Platelets [#/volume] in Blood by Automated count', 250, '10*9/L', 'laboratory'),
    lab('index-hemoglobin', '718-7', 'Hemoglobin [Mass/volume] in Blood', 13.2, 'g/dL', 'laboratory'),
    finding('index-diameter', 'thrombus-max-diameter', 'Thrombus maximum diameter', { valueQuantity: ucum(5, 'mm') }),
    finding('index-distance', 'thrombus-distance-to-proximal', 'Distance from thrombus to proximal veins', { valueQuantity: ucum(9, 'cm') }),
    finding('index-protocol', 'imaging-protocol', 'Imaging protocol', { valueCodeableConcept: coding(FINDINGS_SYSTEM, 'whole-leg') }),
    {
      resourceType: 'DiagnosticReport', id: 'index-duplex', status: 'final',
      category: [coding(SYSTEMS.diagnosticServiceSection, 'RAD')],
      code: { coding: [
        { system: SYSTEMS.loinc, code: '39420-5', display: 'US.doppler Lower extremity vein - bilateral' },
        { system: SYSTEMS.cpt, code: '93970' },
      ] },
      subject: b.subject, effectiveDateTime: scanAt, issued: scanAt,
      result: findingIds.map((id) => ({ reference: `Observation/${id}` })),
      conclusion: 'Acute thrombus in one right gastrocnemius vein, 2.8 cm; popliteal and femoral veins patent; left leg normal.',
    } satisfies DiagnosticReport,
    attested('index-provocation', 'vte-provocation', 'VTE provocation', 'provoked-transient-minor'),
    attested('index-preference', 'management-preference', 'Management preference', 'none-stated'),
    {
      resourceType: 'Encounter', id: 'index-visit', status: 'finished',
      class: { system: SYSTEMS.actCode, code: 'AMB', display: 'ambulatory' },
      subject: b.subject, period: { start: '2025-03-03T09:00:00Z', end: '2025-03-03T12:00:00Z' },
    } satisfies Encounter,
  ];
}

/** A dateTime between NOISE_OLDEST_DAYS and NOISE_NEWEST_DAYS before now, at a whole minute. */
function noiseInstant(b: Builder): string {
  const daysBack = b.random.int(NOISE_NEWEST_DAYS, NOISE_OLDEST_DAYS);
  const minutes = b.random.int(7 * 60, 18 * 60);
  const at = new Date(b.now - daysBack * DAY_MS);
  at.setUTCHours(0, minutes, 0, 0);
  return at.toISOString().replace('.000Z', 'Z');
}

function noiseObservation(b: Builder, id: string): Observation {
  // Four in ten are older values of the codes the rules read, so "the latest value" has history to look past.
  const lab: NoiseLab = b.random.next() < 0.4 ? b.random.pick(HISTORIC_RELEVANT_LABS) : b.random.pick(UNRELATED_LABS);
  const at = noiseInstant(b);
  return {
    resourceType: 'Observation', id, status: 'final', category: category(lab.category),
    code: coding(SYSTEMS.loinc, lab.loinc, lab.display), subject: b.subject, effectiveDateTime: at, issued: at,
    valueQuantity: ucum(b.random.decimal(lab.min, lab.max, lab.decimals), lab.unit),
  };
}

function noiseCondition(b: Builder, id: string): Condition {
  const problem = b.random.pick(NOISE_PROBLEMS);
  const onset = noiseInstant(b).slice(0, 10);
  const codings: Coding[] = [{ system: SYSTEMS.icd10, code: problem.icd10, display: problem.display }];
  if (problem.snomed !== undefined) codings.push({ system: SYSTEMS.snomed, code: problem.snomed, display: problem.display });
  const condition: Condition = {
    resourceType: 'Condition', id,
    clinicalStatus: coding(SYSTEMS.conditionClinical, problem.resolves ? 'resolved' : 'active'),
    verificationStatus: coding(SYSTEMS.conditionVerification, 'confirmed'),
    category: [coding(SYSTEMS.conditionCategory, problem.resolves ? 'encounter-diagnosis' : 'problem-list-item')],
    code: { coding: codings }, subject: b.subject, onsetDateTime: onset, recordedDate: onset,
  };
  if (problem.resolves) {
    const abatement = new Date(Date.parse(onset) + b.random.int(5, 30) * DAY_MS).toISOString().slice(0, 10);
    return { ...condition, abatementDateTime: abatement };
  }
  return condition;
}

function noiseMedicationRequest(b: Builder, id: string): MedicationRequest {
  const drug = b.random.pick(NOISE_DRUGS);
  return {
    resourceType: 'MedicationRequest', id, status: b.random.next() < 0.9 ? 'active' : 'on-hold', intent: 'order',
    medicationCodeableConcept: coding(SYSTEMS.rxnorm, drug.rxcui, drug.display),
    subject: b.subject, authoredOn: noiseInstant(b), dosageInstruction: [{ text: drug.sig }],
  };
}

function noiseEncounter(b: Builder, id: string): Encounter {
  const start = noiseInstant(b);
  const inpatient = b.random.next() < 0.1;
  const end = new Date(Date.parse(start) + (inpatient ? b.random.int(2, 6) * DAY_MS : 40 * 60_000)).toISOString();
  return {
    resourceType: 'Encounter', id, status: 'finished',
    class: inpatient
      ? { system: SYSTEMS.actCode, code: 'IMP', display: 'inpatient encounter' }
      : { system: SYSTEMS.actCode, code: 'AMB', display: 'ambulatory' },
    subject: b.subject, period: { start, end: end.replace('.000Z', 'Z') },
  };
}

function noiseProcedure(b: Builder, id: string): Procedure {
  const procedure = b.random.pick(NOISE_PROCEDURES);
  return {
    resourceType: 'Procedure', id, status: 'completed', code: coding(SYSTEMS.snomed, procedure.snomed, procedure.display),
    subject: b.subject, performedDateTime: noiseInstant(b),
  };
}

function noiseDiagnosticReport(b: Builder, id: string): DiagnosticReport {
  const report = b.random.pick(NOISE_REPORTS);
  const at = noiseInstant(b);
  return {
    resourceType: 'DiagnosticReport', id, status: 'final', category: [coding(SYSTEMS.diagnosticServiceSection, report.section)],
    code: coding(SYSTEMS.loinc, report.loinc, report.display), subject: b.subject, effectiveDateTime: at, issued: at,
    conclusion: 'Within normal limits.',
  };
}

function noiseServiceRequest(b: Builder, id: string): ServiceRequest {
  const order = b.random.pick(NOISE_ORDERS);
  return {
    resourceType: 'ServiceRequest', id, status: 'completed', intent: 'order',
    code: coding(order.system, order.code, order.display), subject: b.subject, authoredOn: noiseInstant(b),
  };
}

const NOISE_BUILDERS: { readonly [T in SearchedType]: (b: Builder, id: string) => FhirResource } = {
  Observation: noiseObservation,
  Condition: noiseCondition,
  MedicationRequest: noiseMedicationRequest,
  Encounter: noiseEncounter,
  Procedure: noiseProcedure,
  DiagnosticReport: noiseDiagnosticReport,
  ServiceRequest: noiseServiceRequest,
};

/** How many noise resources of each type: floors of the shares, the remainder to observations (exact total). */
function noiseCounts(total: number): Map<SearchedType, number> {
  const counts = new Map<SearchedType, number>();
  let assigned = 0;
  for (const [type, share] of NOISE_MIX) {
    const count = Math.floor(total * share);
    counts.set(type, count);
    assigned += count;
  }
  counts.set('Observation', (counts.get('Observation') ?? 0) + total - assigned);
  return counts;
}

/** A searchset Bundle as a FHIR server answers `Type?patient=…`. */
export function searchset(resources: readonly FhirResource[], baseUrl = 'http://fhir.bench.example/fhir'): Bundle {
  return {
    resourceType: 'Bundle', type: 'searchset', total: resources.length,
    entry: resources.map((resource) => ({
      fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id ?? ''}`,
      resource,
      search: { mode: 'match' },
    })),
  };
}

/** Generate a chart of exactly `size` resources (Patient included); same options → same JSON. */
export function generateChart(options: ChartOptions): Chart {
  if (!Number.isInteger(options.size) || options.size < 1) throw new RangeError('size must be an integer ≥ 1');
  const patientId = options.patientId ?? BENCH_PATIENT_ID;
  const b: Builder = {
    random: createRandom(options.seed ?? 7),
    subject: { reference: `Patient/${patientId}` },
    now: Date.parse(BENCH_NOW),
  };
  const core = coreResources(b, patientId).slice(0, options.size);
  const noise: FhirResource[] = [];
  for (const [type, count] of noiseCounts(options.size - core.length)) {
    const build = NOISE_BUILDERS[type];
    for (let i = 1; i <= count; i += 1) noise.push(build(b, `${type.toLowerCase()}-${i}`));
  }
  const resources = [...core, ...noise];
  const [patient] = resources;
  if (patient === undefined || patient.resourceType !== 'Patient') throw new Error('the chart must start with its Patient');
  const ofType = (type: SearchedType): FhirResource[] => resources.filter((r) => r.resourceType === type);
  const prefetch = {
    patient,
    conditions: searchset(ofType('Condition')),
    observations: searchset(ofType('Observation')),
    medicationRequests: searchset(ofType('MedicationRequest')),
    serviceRequests: searchset(ofType('ServiceRequest')),
    encounters: searchset(ofType('Encounter')),
    procedures: searchset(ofType('Procedure')),
    diagnosticReports: searchset(ofType('DiagnosticReport')),
  };
  return { patientId, resources, prefetch };
}
