/**
 * Builders for the scenario fixtures: valid FHIR R4 resources with the codes and units RULES prescribes, collected
 * per patient into the eight prefetch searchset Bundles. Used only by the fixture generator
 * (fixture-generate.test.ts); the tests read the committed JSON.
 */
import { createHash } from 'node:crypto';
import type {
  Bundle,
  CodeableConcept,
  Coding,
  Condition,
  DiagnosticReport,
  Dosage,
  Encounter,
  FhirResource,
  MedicationRequest,
  Observation,
  Patient,
  Procedure,
  ServiceRequest,
} from 'fhir/r4';
import {
  CPT_DISPLAY,
  ICD10_DISPLAY,
  RX_DISPLAY,
  SIDES,
  SNOMED_DISPLAY,
  SYS,
  US_LOINC_DISPLAY,
  VEINS,
  type SideName,
  type VeinName,
} from './fixture-codes';
import {
  PREFETCH_KEYS,
  SERVICE_HOOK,
  type FixtureExpectation,
  type PrefetchKey,
  type ScenarioFixture,
  type ServiceId,
} from './fixture-types';
import type { Thresholds } from '../../src/clinical/knowledge/types';

export const FHIR_BASE = 'https://ehr.example.org/fhir';
export const USER_ID = 'Practitioner/dr-lee';

/** A stable, RFC 4122 version-4-shaped UUID derived from a seed, so regenerated fixtures do not churn. */
export function uuidFor(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  const variant = ((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** ISO date (YYYY-MM-DD) plus n days, in UTC. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const ucum = (value: number, code: string, unit: string = code) => ({ value, unit, system: SYS.ucum, code });

function icd(code: string): Coding {
  const display = ICD10_DISPLAY[code];
  if (display === undefined) throw new Error(`fixture-codes: no display for ICD-10-CM ${code}`);
  return { system: SYS.icd10, code, display };
}

function snomed(code: string, display?: string): Coding {
  const d = display ?? SNOMED_DISPLAY[code];
  if (d === undefined) throw new Error(`fixture-codes: no display for SNOMED ${code}`);
  return { system: SYS.snomed, code, display: d };
}

function rx(code: string): Coding {
  const display = RX_DISPLAY[code];
  if (display === undefined) throw new Error(`fixture-codes: no display for RxNorm ${code}`);
  return { system: SYS.rxnorm, code, display };
}

function finding(code: string, value: string): CodeableConcept {
  return { coding: [{ system: SYS.findings, code: value }], text: `${code}: ${value}` };
}

const LAB_LOINC: Readonly<Record<string, string>> = {
  '48065-7': 'Fibrin D-dimer FEU [Mass/volume] in Platelet poor plasma',
  '48066-5': 'Fibrin D-dimer DDU [Mass/volume] in Platelet poor plasma',
  '2160-0': 'Creatinine [Mass/volume] in Serum or Plasma',
  '14682-9': 'Creatinine [Moles/volume] in Serum or Plasma',
  '55398-2': 'Short Fibrin D-dimer FEU and DDU panel - Platelet poor plasma',
  '777-3': 'Platelets [#/volume] in Blood by Automated count',
  '718-7': 'Hemoglobin [Mass/volume] in Blood',
  '29463-7': 'Body weight',
  '72514-3': 'Pain severity - 0-10 verbal numeric rating [Score] - Reported',
};

const ENCOUNTER_CLASS: Readonly<Record<'AMB' | 'EMER' | 'IMP', string>> = {
  AMB: 'ambulatory',
  EMER: 'emergency',
  IMP: 'inpatient encounter',
};

const ROUTE: Readonly<Record<'oral' | 'subcutaneous', Coding>> = {
  oral: { system: SYS.snomed, code: '26643006', display: 'Oral route' },
  subcutaneous: { system: SYS.snomed, code: '34206005', display: 'Subcutaneous route' },
};

export interface DosePhase {
  readonly doseMg: number;
  readonly frequencyPerDay: number;
  readonly days?: number;
  /** boundsPeriod: a phase ordered as its own request that starts later (and/or ends on a stated date). */
  readonly start?: string;
  readonly end?: string;
  readonly route: 'oral' | 'subcutaneous';
  readonly text: string;
}

export interface MedicationSpec {
  readonly id?: string;
  readonly rxcui: string;
  readonly status: MedicationRequest['status'];
  readonly authoredOn: string;
  readonly phases: readonly DosePhase[];
  readonly supplyDays?: number;
  readonly reasonRef?: string;
  readonly note?: string;
  /** MedicationRequest.groupIdentifier value (the orders of one regimen, as our suggestions create them). */
  readonly group?: string;
  /** A medication sent as free text only (no coding at all), as some EHRs do: `rxcui` is then ignored. */
  readonly textOnly?: string;
}

export interface ScanSpec {
  readonly loinc: string;
  /** dateTime of the scan. */
  readonly date: string;
  readonly vein?: VeinName;
  readonly lengthCm?: number;
  readonly diameterMm?: number;
  readonly distanceCm?: number;
  readonly veinsInvolved?: number;
  readonly protocol?: 'whole-leg' | 'proximal-2-point' | 'limited';
  readonly extension?: 'none' | 'resolved' | 'distal-extension' | 'proximal-extension';
  readonly extensionVein?: VeinName;
  readonly conclusion: string;
}

export interface DdimerSpec {
  readonly value: number;
  readonly date: string;
  /** Default 48065-7 (FEU). */
  readonly loinc?: '48065-7' | '48066-5';
  /** UCUM code; default ng/mL{FEU}. */
  readonly unitCode?: string;
  readonly unitText?: string;
  readonly referenceHigh?: number;
}

export interface FixtureHeader {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly source: string;
  readonly service: ServiceId;
  readonly thresholds?: Partial<Thresholds>;
  readonly encounterId?: string;
  readonly selections?: readonly string[];
  readonly draftOrders?: Bundle | Record<string, unknown>;
  readonly expected: FixtureExpectation;
}

/** One patient's chart at one instant, built resource by resource. */
export class ScenarioBuilder {
  readonly patientId: string;
  private readonly buckets: Record<Exclude<PrefetchKey, 'patient'>, FhirResource[]> = {
    conditions: [],
    observations: [],
    medicationRequests: [],
    serviceRequests: [],
    encounters: [],
    procedures: [],
    diagnosticReports: [],
  };
  private readonly counters = new Map<string, number>();
  private readonly patient: Patient;

  constructor(
    scenarioId: string,
    readonly now: string,
    person: { readonly age: number; readonly gender: 'male' | 'female'; readonly family: string; readonly given: string },
  ) {
    this.patientId = scenarioId.toLowerCase();
    const month = Number(now.slice(5, 7));
    // A mid-September birthday keeps the age at "now" (January–August) exact in every time zone.
    if (month >= 9) throw new Error('ScenarioBuilder: birthDate rule assumes "now" before September');
    this.patient = {
      resourceType: 'Patient',
      id: this.patientId,
      identifier: [{ system: 'urn:oid:2.16.840.1.113883.3.9999.1', value: `MRN-${this.patientId.toUpperCase()}` }],
      active: true,
      name: [{ use: 'official', family: person.family, given: [person.given] }],
      gender: person.gender,
      birthDate: `${Number(now.slice(0, 4)) - person.age - 1}-09-15`,
    };
  }

  get patientRef(): string {
    return `Patient/${this.patientId}`;
  }

  private nextId(kind: string): string {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return `${this.patientId}-${kind}-${n}`;
  }

  private add<K extends keyof ScenarioBuilder['buckets']>(key: K, resource: FhirResource): string {
    this.buckets[key].push(resource);
    return `${resource.resourceType}/${resource.id ?? ''}`;
  }

  encounter(spec: {
    readonly cls: 'AMB' | 'EMER' | 'IMP';
    readonly start: string;
    readonly end?: string;
    readonly id?: string;
    readonly reason?: CodeableConcept;
  }): string {
    const encounter: Encounter = {
      resourceType: 'Encounter',
      id: spec.id ?? this.nextId('enc'),
      status: spec.end === undefined ? 'in-progress' : 'finished',
      class: { system: SYS.actCode, code: spec.cls, display: ENCOUNTER_CLASS[spec.cls] },
      subject: { reference: this.patientRef },
      period: spec.end === undefined ? { start: spec.start } : { start: spec.start, end: spec.end },
      ...(spec.reason === undefined ? {} : { reasonCode: [spec.reason] }),
    };
    return this.add('encounters', encounter);
  }

  /** A Condition coded in ICD-10-CM (with the dot) and/or SNOMED. */
  condition(spec: {
    readonly icd?: string;
    readonly snomed?: string;
    readonly onset: string;
    readonly recorded?: string;
    readonly category?: 'problem-list-item' | 'encounter-diagnosis';
    readonly clinicalStatus?: 'active' | 'resolved' | 'inactive';
    readonly verification?: 'confirmed' | 'provisional';
    readonly bodySite?: readonly CodeableConcept[];
    readonly severity?: 'severe';
    readonly encounterRef?: string;
    readonly note?: string;
    readonly id?: string;
  }): string {
    const coding: Coding[] = [];
    if (spec.icd !== undefined) coding.push(icd(spec.icd));
    if (spec.snomed !== undefined) coding.push(snomed(spec.snomed));
    const category = spec.category ?? 'problem-list-item';
    const condition: Condition = {
      resourceType: 'Condition',
      id: spec.id ?? this.nextId('cond'),
      clinicalStatus: { coding: [{ system: SYS.conditionClinical, code: spec.clinicalStatus ?? 'active' }] },
      verificationStatus: { coding: [{ system: SYS.conditionVerification, code: spec.verification ?? 'confirmed' }] },
      category: [{ coding: [{ system: SYS.conditionCategory, code: category }] }],
      ...(spec.severity === undefined ? {} : { severity: { coding: [snomed('24484000', 'Severe')] } }),
      code: { coding, text: coding[0]?.display ?? '' },
      ...(spec.bodySite === undefined ? {} : { bodySite: [...spec.bodySite] }),
      subject: { reference: this.patientRef },
      ...(spec.encounterRef === undefined ? {} : { encounter: { reference: spec.encounterRef } }),
      onsetDateTime: spec.onset,
      recordedDate: spec.recorded ?? spec.onset,
      ...(spec.note === undefined ? {} : { note: [{ text: spec.note }] }),
    };
    return this.add('conditions', condition);
  }

  /** An acute DVT Condition: ICD-10-CM code + bodySite vein + laterality (RULES §2.3.1 representation). */
  dvt(spec: {
    readonly icd: string;
    readonly vein?: VeinName;
    readonly side?: SideName;
    readonly onset: string;
    readonly severity?: 'severe';
    readonly id?: string;
  }): string {
    const bodySite: CodeableConcept[] = [];
    if (spec.vein !== undefined) {
      const v = VEINS[spec.vein];
      bodySite.push({ coding: [{ system: SYS.snomed, code: v.code, display: v.display }], text: v.display });
    }
    if (spec.side !== undefined) {
      const s = SIDES[spec.side];
      bodySite.push({ coding: [{ system: SYS.snomed, code: s.code, display: s.display }], text: s.display });
    }
    return this.condition({
      icd: spec.icd,
      onset: spec.onset,
      category: 'encounter-diagnosis',
      ...(bodySite.length === 0 ? {} : { bodySite }),
      ...(spec.severity === undefined ? {} : { severity: spec.severity }),
      ...(spec.id === undefined ? {} : { id: spec.id }),
    });
  }

  private observation(
    code: CodeableConcept,
    category: string,
    date: string,
    value: Pick<Observation, 'valueQuantity' | 'valueCodeableConcept' | 'valueBoolean' | 'valueInteger'>,
    extra: Partial<Observation> = {},
  ): Observation {
    return {
      resourceType: 'Observation',
      id: this.nextId('obs'),
      status: 'final',
      category: [{ coding: [{ system: SYS.observationCategory, code: category }] }],
      code,
      subject: { reference: this.patientRef },
      effectiveDateTime: date,
      issued: date.length > 10 ? date : `${date}T12:00:00Z`,
      ...value,
      ...extra,
    };
  }

  /** A venous ultrasound report with its finding Observations (RULES §2.5 local codes). Returns the report ref. */
  scan(spec: ScanSpec): string {
    const reportId = this.nextId('us');
    const reportRef = `DiagnosticReport/${reportId}`;
    const veinSite = spec.vein === undefined ? undefined : VEINS[spec.vein];
    const site: Partial<Observation> = {
      ...(veinSite === undefined
        ? {}
        : { bodySite: { coding: [{ system: SYS.snomed, code: veinSite.code, display: veinSite.display }] } }),
      derivedFrom: [{ reference: reportRef }],
    };
    const results: Observation[] = [];
    const local = (code: string, display: string, extraCoding: Coding[] = []): CodeableConcept => ({
      coding: [{ system: SYS.findings, code, display }, ...extraCoding],
      text: display,
    });
    if (spec.protocol !== undefined) {
      results.push(this.observation(local('imaging-protocol', 'Imaging protocol'), 'imaging', spec.date,
        { valueCodeableConcept: finding('imaging-protocol', spec.protocol) }, { derivedFrom: [{ reference: reportRef }] }));
    }
    if (spec.lengthCm !== undefined) {
      results.push(this.observation(local('thrombus-length', 'Thrombus length', [snomed('410668003', 'Length')]),
        'imaging', spec.date, { valueQuantity: ucum(spec.lengthCm, 'cm') }, site));
    }
    if (spec.diameterMm !== undefined) {
      results.push(this.observation(
        local('thrombus-max-diameter', 'Thrombus maximum diameter', [snomed('81827009', 'Diameter')]),
        'imaging', spec.date, { valueQuantity: ucum(spec.diameterMm, 'mm') }, site));
    }
    if (spec.distanceCm !== undefined) {
      results.push(this.observation(
        local('thrombus-distance-to-proximal', 'Distance from thrombus to popliteal vein'),
        'imaging', spec.date, { valueQuantity: ucum(spec.distanceCm, 'cm') }, site));
    }
    if (spec.veinsInvolved !== undefined) {
      results.push(this.observation(local('veins-involved', 'Deep veins involved'), 'imaging', spec.date,
        { valueInteger: spec.veinsInvolved }, { derivedFrom: [{ reference: reportRef }] }));
    }
    if (spec.extension !== undefined) {
      const extSite = spec.extensionVein === undefined ? veinSite : VEINS[spec.extensionVein];
      results.push(this.observation(local('extension-status', 'Thrombus extension status'), 'imaging', spec.date,
        { valueCodeableConcept: finding('extension-status', spec.extension) }, {
          ...(extSite === undefined
            ? {}
            : { bodySite: { coding: [{ system: SYS.snomed, code: extSite.code, display: extSite.display }] } }),
          derivedFrom: [{ reference: reportRef }],
        }));
    }
    const display = US_LOINC_DISPLAY[spec.loinc];
    if (display === undefined) throw new Error(`fixture-codes: no display for LOINC ${spec.loinc}`);
    const report: DiagnosticReport = {
      resourceType: 'DiagnosticReport',
      id: reportId,
      status: 'final',
      category: [{ coding: [{ system: SYS.diagnosticServiceSection, code: 'RAD', display: 'Radiology' }] }],
      code: { coding: [{ system: SYS.loinc, code: spec.loinc, display }], text: display },
      subject: { reference: this.patientRef },
      effectiveDateTime: spec.date,
      issued: spec.date,
      result: results.map((o) => ({ reference: `Observation/${o.id ?? ''}` })),
      conclusion: spec.conclusion,
    };
    for (const o of results) this.add('observations', o);
    this.add('diagnosticReports', report);
    return reportRef;
  }

  /** A clinician attestation in the local findings CodeSystem (vte-provocation, management-preference, …). */
  attest(code: 'vte-provocation' | 'management-preference' | 'severe-symptoms' | 'aps-triple-positive', value: string | boolean,
    date: string): string {
    const display = { 'vte-provocation': 'VTE provocation', 'management-preference': 'Management preference',
      'severe-symptoms': 'Severe symptoms', 'aps-triple-positive': 'Triple-positive antiphospholipid antibodies (attested)' }[code];
    const obs = this.observation(
      { coding: [{ system: SYS.findings, code, display }], text: display },
      'exam',
      date,
      typeof value === 'boolean' ? { valueBoolean: value } : { valueCodeableConcept: finding(code, value) },
      { performer: [{ reference: USER_ID }] },
    );
    return this.add('observations', obs);
  }

  private lab(loinc: string, category: 'laboratory' | 'vital-signs' | 'survey', date: string, quantity: Observation['valueQuantity'],
    extra: Partial<Observation> = {}): string {
    const display = LAB_LOINC[loinc];
    if (display === undefined) throw new Error(`fixture-codes: no display for LOINC ${loinc}`);
    return this.add('observations', this.observation(
      { coding: [{ system: SYS.loinc, code: loinc, display }], text: display }, category, date,
      { valueQuantity: quantity }, extra));
  }

  /** D-dimer (RULES §2.4): FEU in ng/mL{FEU} unless stated. */
  ddimer(spec: DdimerSpec): string {
    const loinc = spec.loinc ?? '48065-7';
    const unitCode = spec.unitCode ?? (loinc === '48066-5' ? 'ng/mL{DDU}' : 'ng/mL{FEU}');
    const unitText = spec.unitText ?? unitCode.replace('{', ' ').replace('}', '');
    const quantity = { value: spec.value, unit: unitText, system: SYS.ucum, code: unitCode };
    const extra: Partial<Observation> = spec.referenceHigh === undefined ? {} : {
      referenceRange: [{ high: { value: spec.referenceHigh, unit: unitText, system: SYS.ucum, code: unitCode },
        text: `< ${spec.referenceHigh} ${unitText}` }],
      interpretation: spec.value > spec.referenceHigh
        ? [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'H', display: 'High' }] }]
        : [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'N', display: 'Normal' }] }],
    };
    return this.lab(loinc, 'laboratory', spec.date, quantity, extra);
  }

  /** Routine labs and weight used by bleeding and dosing logic (RULES §2.4). Omitted values are not recorded. */
  labs(date: string, v: {
    readonly creatinineMgDl?: number; readonly creatinineUmolL?: number; readonly platelets?: number; readonly hgb?: number;
    readonly weightKg?: number;
  }): void {
    if (v.creatinineMgDl !== undefined) this.lab('2160-0', 'laboratory', date, ucum(v.creatinineMgDl, 'mg/dL'));
    if (v.creatinineUmolL !== undefined) this.lab('14682-9', 'laboratory', date, ucum(v.creatinineUmolL, 'umol/L', 'µmol/L'));
    if (v.platelets !== undefined) this.lab('777-3', 'laboratory', date, ucum(v.platelets, '10*9/L', '10^9/L'));
    if (v.hgb !== undefined) this.lab('718-7', 'laboratory', date, ucum(v.hgb, 'g/dL'));
    if (v.weightKg !== undefined) this.lab('29463-7', 'vital-signs', date, ucum(v.weightKg, 'kg'));
  }

  /**
   * A D-dimer panel (LOINC 55398-2, RULES §2.4 "read members") reported as ONE Observation whose components carry
   * the results: FEU (48065-7) and, when given, DDU (48066-5). The panel itself has no value.
   */
  ddimerPanel(spec: { readonly feuNgMl: number; readonly dduNgMl?: number; readonly date: string }): string {
    const component = (loinc: '48065-7' | '48066-5', value: number, basis: 'FEU' | 'DDU') => ({
      code: { coding: [{ system: SYS.loinc, code: loinc, display: LAB_LOINC[loinc] ?? '' }], text: LAB_LOINC[loinc] ?? '' },
      valueQuantity: { value, unit: `ng/mL ${basis}`, system: SYS.ucum, code: `ng/mL{${basis}}` },
    });
    const display = LAB_LOINC['55398-2'] ?? '';
    return this.add('observations', this.observation(
      { coding: [{ system: SYS.loinc, code: '55398-2', display }], text: display }, 'laboratory', spec.date, {},
      { component: [component('48065-7', spec.feuNgMl, 'FEU'), ...(spec.dduNgMl === undefined ? [] : [component('48066-5', spec.dduNgMl, 'DDU')])] }));
  }

  /** Breastfeeding status as a nurse records it: SNOMED 169750002 "Mother currently breast-feeding", valueBoolean. */
  breastfeedingStatus(value: boolean, date: string): string {
    return this.add('observations', this.observation(
      { coding: [snomed('169750002', 'Mother currently breast-feeding')], text: 'Currently breastfeeding' }, 'social-history', date,
      { valueBoolean: value }, { performer: [{ reference: USER_ID }] }));
  }

  painScore(score: number, date: string): string {
    return this.lab('72514-3', 'survey', date, { value: score, unit: 'score', system: SYS.ucum, code: '{score}' });
  }

  /** A MedicationRequest resource (not added to the chart: see `activeMedication`). */
  medicationRequest(spec: MedicationSpec): MedicationRequest {
    const dosageInstruction: Dosage[] = spec.phases.map((p, i) => ({
      sequence: i + 1,
      text: p.text,
      timing: {
        repeat: {
          frequency: p.frequencyPerDay,
          period: 1,
          periodUnit: 'd',
          ...(p.days === undefined ? {} : { boundsDuration: ucum(p.days, 'd') }),
          ...(p.start === undefined && p.end === undefined ? {} : {
            boundsPeriod: { ...(p.start === undefined ? {} : { start: p.start }), ...(p.end === undefined ? {} : { end: p.end }) },
          }),
        },
      },
      route: { coding: [ROUTE[p.route]] },
      doseAndRate: [{ doseQuantity: ucum(p.doseMg, 'mg') }],
    }));
    return {
      resourceType: 'MedicationRequest',
      id: spec.id ?? this.nextId('med'),
      status: spec.status,
      intent: 'order',
      ...(spec.group === undefined ? {} : { groupIdentifier: { system: 'urn:distal-dvt-cds:order-group', value: spec.group } }),
      medicationCodeableConcept: spec.textOnly !== undefined
        ? { text: spec.textOnly }
        : { coding: [rx(spec.rxcui)], text: RX_DISPLAY[spec.rxcui] ?? spec.rxcui },
      subject: { reference: this.patientRef },
      authoredOn: spec.authoredOn,
      requester: { reference: USER_ID },
      ...(spec.reasonRef === undefined ? {} : { reasonReference: [{ reference: spec.reasonRef }] }),
      dosageInstruction,
      ...(spec.supplyDays === undefined ? {} : { dispenseRequest: { expectedSupplyDuration: ucum(spec.supplyDays, 'd') } }),
      ...(spec.note === undefined ? {} : { note: [{ text: spec.note }] }),
    };
  }

  activeMedication(spec: Omit<MedicationSpec, 'status'>): string {
    return this.add('medicationRequests', this.medicationRequest({ ...spec, status: 'active' }));
  }

  procedure(spec: { readonly snomed: string; readonly cpt: string; readonly date: string }): string {
    const cptDisplay = CPT_DISPLAY[spec.cpt];
    const procedure: Procedure = {
      resourceType: 'Procedure',
      id: this.nextId('proc'),
      status: 'completed',
      category: { coding: [snomed('387713003')] },
      code: { coding: [snomed(spec.snomed), { system: SYS.cpt, code: spec.cpt, ...(cptDisplay ? { display: cptDisplay } : {}) }] },
      subject: { reference: this.patientRef },
      performedDateTime: spec.date,
    };
    return this.add('procedures', procedure);
  }

  /** A surveillance duplex ServiceRequest (RULES §5.6): CPT 93970 + LOINC 39420-5, occurrencePeriod. */
  surveillanceRequest(spec: {
    readonly conditionRef: string;
    readonly start: string;
    readonly end: string;
    readonly status: ServiceRequest['status'];
    readonly authoredOn: string;
    readonly scan: 1 | 2;
    readonly id?: string;
  }): string {
    const request: ServiceRequest = {
      resourceType: 'ServiceRequest',
      id: spec.id ?? this.nextId('sr'),
      status: spec.status,
      intent: 'order',
      code: {
        coding: [
          { system: SYS.cpt, code: '93970', display: CPT_DISPLAY['93970'] ?? '' },
          { system: SYS.loinc, code: '39420-5', display: US_LOINC_DISPLAY['39420-5'] ?? '' },
        ],
        text: 'Duplex ultrasound, lower extremity veins, bilateral',
      },
      subject: { reference: this.patientRef },
      occurrencePeriod: { start: spec.start, end: spec.end },
      authoredOn: spec.authoredOn,
      requester: { reference: USER_ID },
      reasonReference: [{ reference: spec.conditionRef }],
      note: [{ text: `Serial imaging for isolated distal DVT (scan ${spec.scan} of 2). Whole-leg protocol.` }],
    };
    return this.add('serviceRequests', request);
  }

  /** Any other ServiceRequest already in the chart (e.g. the order behind a diagnostic scan). */
  serviceRequest(spec: {
    readonly coding: readonly Coding[];
    readonly status: ServiceRequest['status'];
    readonly authoredOn: string;
    readonly reason?: CodeableConcept;
  }): string {
    const request: ServiceRequest = {
      resourceType: 'ServiceRequest',
      id: this.nextId('sr'),
      status: spec.status,
      intent: 'order',
      code: { coding: [...spec.coding] },
      subject: { reference: this.patientRef },
      authoredOn: spec.authoredOn,
      requester: { reference: USER_ID },
      ...(spec.reason === undefined ? {} : { reasonCode: [spec.reason] }),
    };
    return this.add('serviceRequests', request);
  }

  /** Both surveillance requests of RULES §5.5 for diagnosis date d0 (windows D0+5…9 and D0+12…16). */
  surveillancePlan(conditionRef: string, d0: string, status: [ServiceRequest['status'], ServiceRequest['status']]): [string, string] {
    return [
      this.surveillanceRequest({ conditionRef, start: addDays(d0, 5), end: addDays(d0, 9), status: status[0], authoredOn: d0, scan: 1 }),
      this.surveillanceRequest({ conditionRef, start: addDays(d0, 12), end: addDays(d0, 16), status: status[1], authoredOn: d0, scan: 2 }),
    ];
  }

  private searchset(resources: readonly FhirResource[]): Bundle {
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      total: resources.length,
      entry: resources.map((resource) => ({
        fullUrl: `${FHIR_BASE}/${resource.resourceType}/${resource.id ?? ''}`,
        resource,
        search: { mode: 'match' },
      })),
    };
  }

  build(header: FixtureHeader): { readonly file: string; readonly fixture: ScenarioFixture } {
    const prefetch = {} as Record<PrefetchKey, unknown>;
    for (const key of PREFETCH_KEYS) {
      prefetch[key] = key === 'patient' ? this.patient : this.searchset(this.buckets[key]);
    }
    const context: Record<string, unknown> = { userId: USER_ID, patientId: this.patientId };
    if (header.encounterId !== undefined) context['encounterId'] = header.encounterId;
    if (header.selections !== undefined) context['selections'] = [...header.selections];
    if (header.draftOrders !== undefined) context['draftOrders'] = header.draftOrders;
    const fixture: ScenarioFixture = {
      id: header.id,
      title: header.title,
      source: header.source,
      service: header.service,
      now: this.now,
      ...(header.thresholds === undefined ? {} : { thresholds: header.thresholds }),
      request: {
        hook: SERVICE_HOOK[header.service],
        hookInstance: uuidFor(`hookInstance:${header.id}`),
        context,
        prefetch,
      },
      expected: header.expected,
    };
    return { file: `${header.id}-${header.slug}.json`, fixture };
  }
}

/** draftOrders as a real EHR sends it (Bundle.type collection). */
export function draftBundle(resources: readonly FhirResource[]): Bundle {
  return { resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) };
}

/** draftOrders as the CDS Hooks sandbox sends it: no Bundle.type (CONFORMANCE §3.4 sandbox quirks). */
export function sandboxDraftBundle(resources: readonly Record<string, unknown>[]): Record<string, unknown> {
  return { resourceType: 'Bundle', entry: resources.map((resource) => ({ resource })) };
}
