/**
 * Issue 4 scenarios: advice where orders are made (order-select, order-sign) and at discharge
 * (encounter-discharge). Advice codes RULES names are asserted; for kinds of card RULES does not name, the
 * fixture says "*" (any code) and asserts indicator and actions (see fhir-fixtures/README.md).
 */
import type { FhirResource, ServiceRequest } from 'fhir/r4';
import { ScenarioBuilder, addDays, draftBundle, sandboxDraftBundle, type DosePhase } from './fixture-builders';
import { CPT_DISPLAY, DOAC_CODES, LMWH_CODES, RX, SYS, US_LOINC_DISPLAY } from './fixture-codes';
import {
  APIXABAN_TREATMENT,
  DISCHARGE,
  LMWH_ORDER,
  ORDER_SELECT,
  ORDER_SIGN,
  WARFARIN_ORDER,
  enoxaparin,
  serialImaging,
} from './fixture-expected-helpers';
import { SUSPECTED_DVT } from './fixture-scenarios-local';
import type { ScenarioFixture } from './fixture-types';

type Built = { readonly file: string; readonly fixture: ScenarioFixture };
type Person = ConstructorParameters<typeof ScenarioBuilder>[2];

const APIXABAN_PHASES: readonly DosePhase[] = [
  { doseMg: 10, frequencyPerDay: 2, days: 7, route: 'oral', text: '10 mg (2 tablets) by mouth twice daily for 7 days' },
  { doseMg: 5, frequencyPerDay: 2, route: 'oral', text: 'then 5 mg by mouth twice daily' },
];

/** An acute calf DVT diagnosed today with a whole-leg scan (the patient the drafts are for). */
function calfDvtChart(id: string, now: string, person: Person, opts: {
  readonly cls?: 'AMB' | 'EMER' | 'IMP';
  readonly encounterStart?: string;
  readonly encounterId?: string;
  readonly icd?: string;
  readonly vein?: 'peroneal' | 'gastrocnemius' | 'soleal';
  readonly lengthCm?: number;
  readonly ddimer?: number;
  readonly labs: Parameters<ScenarioBuilder['labs']>[1];
}): { readonly b: ScenarioBuilder; readonly dvt: string; readonly d0: string } {
  const d0 = now.slice(0, 10);
  const b = new ScenarioBuilder(id, now, person);
  b.encounter({ cls: opts.cls ?? 'AMB', start: opts.encounterStart ?? `${d0}T09:00:00Z`,
    ...(opts.encounterId === undefined ? {} : { id: opts.encounterId }) });
  const icd = opts.icd ?? 'I82.451';
  const vein = opts.vein ?? 'peroneal';
  const side = icd.endsWith('2') ? 'left' : 'right';
  const dvt = b.dvt({ icd, vein, side, onset: d0 });
  const length = opts.lengthCm ?? 3;
  b.scan({ loinc: side === 'left' ? '39432-0' : '39443-7', date: `${d0}T11:00:00Z`, vein, lengthCm: length, diameterMm: 5,
    distanceCm: 8, veinsInvolved: 1, protocol: 'whole-leg', conclusion: `${side}: ${vein} vein thrombus ${length} cm.` });
  if (opts.ddimer !== undefined) b.ddimer({ value: opts.ddimer, date: `${d0}T09:30:00Z` });
  b.labs(`${d0}T09:30:00Z`, opts.labs);
  return { b, dvt, d0 };
}

function o01PregnantApixaban(): Built {
  const { b, dvt } = calfDvtChart('O01', '2025-03-05T15:00:00Z', { age: 30, gender: 'female', family: 'Mendes', given: 'Carla' },
    { icd: 'I82.452', labs: { creatinineMgDl: 0.6, platelets: 230, weightKg: 72 } });
  b.condition({ snomed: '77386006', onset: '2024-11-01' });
  const draft = b.medicationRequest({ id: 'o01-draft-apixaban', rxcui: '1364445', status: 'draft', authoredOn: '2025-03-05',
    reasonRef: dvt, phases: APIXABAN_PHASES });
  return b.build({
    id: 'O01', slug: 'select-pregnant-apixaban', title: 'order-select: apixaban drafted for a pregnant patient',
    source: 'Issue 4 (1); RULES §4 agent selection 1 (pregnancy → LMWH only; DOAC → critical), §5.3 AGENT_AVOID_IN_PREGNANCY, §7.4',
    service: ORDER_SELECT,
    selections: ['MedicationRequest/o01-draft-apixaban'],
    draftOrders: draftBundle([draft]),
    expected: {
      primary: 'AGENT_AVOID_IN_PREGNANCY', indicator: 'critical',
      suggestions: [{ actions: [{ type: 'delete', resourceId: 'MedicationRequest/o01-draft-apixaban' }, enoxaparin(70, '854241', 2)] }],
      absentOrderCodes: [...DOAC_CODES, ...RX.warfarin],
    },
  });
}

function o02PregnantWarfarinBrand(): Built {
  const { b, dvt } = calfDvtChart('O02', '2025-03-05T15:00:00Z', { age: 34, gender: 'female', family: 'Hart', given: 'Emily' },
    { labs: { creatinineMgDl: 0.6, platelets: 250, weightKg: 64 } });
  b.condition({ snomed: '77386006', onset: '2024-12-10' });
  const draft = b.medicationRequest({ id: 'o02-draft-jantoven', rxcui: '405155', status: 'draft', authoredOn: '2025-03-05',
    reasonRef: dvt, phases: [{ doseMg: 5, frequencyPerDay: 1, route: 'oral', text: '5 mg by mouth once daily' }] });
  return b.build({
    id: 'O02', slug: 'select-pregnant-warfarin-brand', title: 'order-select: warfarin drafted by brand (Jantoven) for a pregnant patient',
    source: 'Issue 4 (1: recognised by ingredient, brand or product); RULES §4 warfarin avoided in pregnancy, §2.6.1 Jantoven 405155',
    service: ORDER_SELECT,
    selections: ['MedicationRequest/o02-draft-jantoven'],
    draftOrders: draftBundle([draft]),
    expected: {
      primary: 'AGENT_AVOID_IN_PREGNANCY', indicator: 'critical',
      suggestions: [{ actions: [{ type: 'delete', resourceId: 'MedicationRequest/o02-draft-jantoven' }, enoxaparin(60, '854238', 2)] }],
      absentOrderCodes: [...DOAC_CODES, ...RX.warfarin],
    },
  });
}

function o03BreastfeedingDoac(): Built {
  const { b, dvt } = calfDvtChart('O03', '2025-03-12T15:00:00Z', { age: 33, gender: 'female', family: 'Kaur', given: 'Priya' },
    { labs: { creatinineMgDl: 0.7, platelets: 280, hgb: 12.4, weightKg: 68 } });
  b.condition({ icd: 'O80', onset: '2025-02-20', clinicalStatus: 'resolved', category: 'encounter-diagnosis' });
  b.condition({ snomed: '86569001', onset: '2025-02-20' });
  b.condition({ icd: 'Z39.1', onset: '2025-03-01' });
  const draft = b.medicationRequest({ id: 'o03-draft-rivaroxaban', rxcui: '1549682', status: 'draft', authoredOn: '2025-03-12',
    reasonRef: dvt, phases: [
      { doseMg: 15, frequencyPerDay: 2, days: 21, route: 'oral', text: '15 mg by mouth twice daily with food for 21 days' },
      { doseMg: 20, frequencyPerDay: 1, route: 'oral', text: 'then 20 mg by mouth once daily with food' },
    ] });
  return b.build({
    id: 'O03', slug: 'select-breastfeeding-doac', title: 'order-select: rivaroxaban drafted for a breastfeeding mother (postpartum day 20)',
    source: 'Issue 4 (1: breastfeeding → DOAC warning with the same kind of swap); RULES §4 agent selection 2, G9, §7.4',
    service: ORDER_SELECT,
    selections: ['MedicationRequest/o03-draft-rivaroxaban'],
    draftOrders: draftBundle([draft]),
    expected: {
      primary: '*', indicator: 'warning',
      suggestions: [{ actions: [
        { type: 'delete', resourceId: 'MedicationRequest/o03-draft-rivaroxaban' },
        { type: 'create', resourceType: 'MedicationRequest', anyCodes: [...LMWH_CODES, ...RX.warfarin] },
      ] }],
      absentOrderCodes: DOAC_CODES,
    },
  });
}

function o04GastricCancerRivaroxaban(): Built {
  const { b, dvt } = calfDvtChart('O04', '2025-03-05T15:00:00Z', { age: 66, gender: 'male', family: 'Ito', given: 'Kenji' },
    { ddimer: 2500, labs: { creatinineMgDl: 1.0, platelets: 200, hgb: 13.5, weightKg: 76 } });
  b.condition({ icd: 'C16.9', onset: '2025-01-10' });
  const draft = b.medicationRequest({ id: 'o04-draft-xarelto', rxcui: '1114199', status: 'draft', authoredOn: '2025-03-05',
    reasonRef: dvt, phases: [{ doseMg: 15, frequencyPerDay: 2, days: 21, route: 'oral', text: '15 mg by mouth twice daily with food for 21 days' }] });
  return b.build({
    id: 'O04', slug: 'select-gastric-cancer-rivaroxaban', title: 'order-select: rivaroxaban (Xarelto brand) with gastric cancer',
    source: 'Issue 4 (1: gastric cancer → factor-Xa DOAC warning with LMWH alternative); RULES G8, §4 agent selection 3',
    service: ORDER_SELECT,
    selections: ['MedicationRequest/o04-draft-xarelto'],
    draftOrders: draftBundle([draft]),
    expected: { primary: '*', indicator: 'warning', suggestions: [{ actions: [LMWH_ORDER] }] },
  });
}

function o05RenalDabigatran(): Built {
  const { b, dvt } = calfDvtChart('O05', '2025-03-05T15:00:00Z', { age: 66, gender: 'male', family: 'Baker', given: 'John' },
    { lengthCm: 6, ddimer: 1500, labs: { creatinineMgDl: 3.0, platelets: 210, hgb: 13.6, weightKg: 72 } });
  const draft = b.medicationRequest({ id: 'o05-draft-dabigatran', rxcui: '1037045', status: 'draft', authoredOn: '2025-03-05',
    reasonRef: dvt, phases: [{ doseMg: 150, frequencyPerDay: 2, route: 'oral', text: '150 mg by mouth twice daily' }] });
  return b.build({
    id: 'O05', slug: 'select-renal-dabigatran', title: 'order-select: dabigatran with CrCl 25 mL/min',
    source: 'Issue 4 (1: renal function below the agent\'s limit → warning with an allowed alternative); RULES §4 dabigatran avoid CrCl ≤ 30',
    service: ORDER_SELECT,
    selections: ['MedicationRequest/o05-draft-dabigatran'],
    draftOrders: draftBundle([draft]),
    expected: {
      primary: '*', indicator: 'warning',
      suggestions: [{ actions: [{ type: 'create', resourceType: 'MedicationRequest' }] }],
      detailIncludes: ['25 mL/min'],
      absentOrderCodes: [...RX.dabigatran, ...RX.fondaparinux],
    },
  });
}

function o06TriplePositiveAps(): Built {
  const { b, dvt } = calfDvtChart('O06', '2025-03-05T15:00:00Z', { age: 42, gender: 'female', family: 'Novak', given: 'Eva' },
    { lengthCm: 6, labs: { creatinineMgDl: 0.7, platelets: 190, hgb: 12.6, weightKg: 65 } });
  b.condition({ icd: 'D68.61', onset: '2021-06-01',
    note: 'Triple-positive antiphospholipid syndrome: lupus anticoagulant, anticardiolipin IgG and anti-beta2-glycoprotein I IgG all positive, confirmed 12 weeks apart.' });
  // The attestation RULES §4 rule 4 asks for, as the local finding hooks/ defines (aps-triple-positive = true).
  b.attest('aps-triple-positive', true, '2021-06-01');
  const draft = b.medicationRequest({ id: 'o06-draft-apixaban', rxcui: '1364445', status: 'draft', authoredOn: '2025-03-05',
    reasonRef: dvt, phases: APIXABAN_PHASES });
  return b.build({
    id: 'O06', slug: 'select-triple-positive-aps-apixaban', title: 'order-select: apixaban with triple-positive antiphospholipid syndrome',
    source: 'Issue 4 (1: triple-positive APS → DOAC warning); RULES §4 agent selection 4 (warfarin with LMWH bridge), §2.7 D68.61',
    service: ORDER_SELECT,
    selections: ['MedicationRequest/o06-draft-apixaban'],
    draftOrders: draftBundle([draft]),
    expected: {
      primary: '*', indicator: 'warning',
      suggestions: [{ actions: [WARFARIN_ORDER] }],
      absentOrderCodes: DOAC_CODES,
    },
  });
}

function o07ProphylacticDose(): Built {
  const { b, dvt } = calfDvtChart('O07', '2025-03-05T15:00:00Z', { age: 60, gender: 'male', family: 'Clarke', given: 'Owen' },
    { lengthCm: 6, ddimer: 1100, labs: { creatinineMgDl: 1.0, platelets: 240, hgb: 14.2, weightKg: 80 } });
  const draft = b.medicationRequest({ id: 'o07-draft-enoxaparin', rxcui: '854235', status: 'draft', authoredOn: '2025-03-05',
    reasonRef: dvt, phases: [{ doseMg: 40, frequencyPerDay: 1, route: 'subcutaneous', text: '40 mg subcutaneously once daily' }] });
  return b.build({
    id: 'O07', slug: 'select-prophylactic-enoxaparin', title: 'order-select: enoxaparin 40 mg daily (prophylactic) for an IDDVT that needs treatment',
    source: 'Issue 4 (1: prophylactic dose where treatment is called for → warning with the treatment-dose order); RULES §7.15, §4 enoxaparin 1 mg/kg q12h',
    service: ORDER_SELECT,
    selections: ['MedicationRequest/o07-draft-enoxaparin'],
    draftOrders: draftBundle([draft]),
    expected: { primary: '*', indicator: 'warning', suggestions: [{ actions: [enoxaparin(80, '854241', 2)] }] },
  });
}

function apixabanWithoutDuration(id: string, service: typeof ORDER_SELECT | typeof ORDER_SIGN): Built {
  const { b, dvt } = calfDvtChart(id, '2025-03-05T15:00:00Z', { age: 59, gender: 'male', family: 'Quinn', given: 'Declan' },
    { lengthCm: 6, ddimer: 1300, labs: { creatinineMgDl: 1.0, platelets: 250, hgb: 14.0, weightKg: 85 } });
  const draftId = `${id.toLowerCase()}-draft-apixaban`;
  const draft = b.medicationRequest({ id: draftId, rxcui: '1364445', status: 'draft', authoredOn: '2025-03-05',
    reasonRef: dvt, phases: APIXABAN_PHASES });
  if (service === ORDER_SELECT) {
    return b.build({
      id, slug: 'select-apixaban-no-duration', title: 'order-select: apixaban treatment drafted without a duration',
      source: 'Issue 4 (1: treatment order without duration → info with an update carrying 3 months); RULES §4 duration rules, G5',
      service,
      selections: [`MedicationRequest/${draftId}`],
      draftOrders: draftBundle([draft]),
      expected: {
        primary: '*', indicator: 'info',
        suggestions: [{ actions: [{ type: 'update', resourceType: 'MedicationRequest', codes: ['1364445'], durationDays: 90 }] }],
      },
    });
  }
  return b.build({
    id, slug: 'sign-no-info-cards', title: 'order-sign: the same apixaban draft without duration raises no card (no info at signing)',
    source: 'Issue 4 (3: order-sign shows only warning and critical cards)',
    service,
    draftOrders: draftBundle([draft]),
    expected: { primary: null },
  });
}

function s02SignPregnantEdoxaban(): Built {
  const { b, dvt } = calfDvtChart('S02', '2025-03-05T15:00:00Z', { age: 28, gender: 'female', family: 'Lopez', given: 'Marta' },
    { icd: 'I82.462', vein: 'gastrocnemius', labs: { creatinineMgDl: 0.6, platelets: 240, weightKg: 70 } });
  b.condition({ snomed: '77386006', onset: '2024-12-01' });
  const draft = b.medicationRequest({ id: 's02-draft-edoxaban', rxcui: '1599555', status: 'draft', authoredOn: '2025-03-05',
    reasonRef: dvt, phases: [{ doseMg: 60, frequencyPerDay: 1, route: 'oral', text: '60 mg by mouth once daily' }] });
  return b.build({
    id: 'S02', slug: 'sign-pregnant-edoxaban', title: 'order-sign: edoxaban for a pregnant patient (every draft is checked at signing)',
    source: 'Issue 4 (1, 3); RULES §4 agent selection 1, §5.3 AGENT_AVOID_IN_PREGNANCY',
    service: ORDER_SIGN,
    draftOrders: draftBundle([draft]),
    expected: {
      primary: 'AGENT_AVOID_IN_PREGNANCY', indicator: 'critical',
      suggestions: [{ actions: [{ type: 'delete', resourceId: 'MedicationRequest/s02-draft-edoxaban' }, enoxaparin(70, '854241', 2)] }],
      absentOrderCodes: [...DOAC_CODES, ...RX.warfarin],
    },
  });
}

function draftUltrasound(id: string, codes: { system: string; code: string; display: string }[], patientRef: string): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id,
    status: 'draft',
    intent: 'order',
    code: { coding: codes },
    subject: { reference: patientRef },
    reasonCode: [SUSPECTED_DVT],
    authoredOn: '2025-03-04',
  };
}

function limitedScanDraft(id: 'O09' | 'O10'): Built {
  const b = new ScenarioBuilder(id, '2025-03-04T15:00:00Z', { age: 49, gender: 'female', family: 'Morgan', given: 'Beth' });
  b.encounter({ cls: 'EMER', start: '2025-03-04T12:00:00Z', reason: SUSPECTED_DVT });
  b.ddimer({ value: 1100, date: '2025-03-04T12:30:00Z' });
  b.labs('2025-03-04T12:30:00Z', { creatinineMgDl: 0.8, platelets: 250, hgb: 13.1, weightKg: 70 });
  const draftId = `${id.toLowerCase()}-draft-us`;
  const draft = id === 'O09'
    ? draftUltrasound(draftId, [{ system: SYS.loinc, code: '69399-4', display: US_LOINC_DISPLAY['69399-4'] ?? '' }], b.patientRef)
    : draftUltrasound(draftId, [
      { system: SYS.cpt, code: '93971', display: CPT_DISPLAY['93971'] ?? '' },
      { system: SYS.loinc, code: '80860-0', display: US_LOINC_DISPLAY['80860-0'] ?? '' },
    ], b.patientRef);
  const expected = {
    primary: 'IMAGING_PROTOCOL_WARNING', indicator: 'warning' as const,
    suggestions: [{ actions: [
      { type: 'delete' as const, resourceId: `ServiceRequest/${draftId}` },
      { type: 'create' as const, resourceType: 'ServiceRequest', anyCodes: ['93970', '93971'] },
    ] }],
  };
  if (id === 'O09') {
    return b.build({
      id, slug: 'select-proximal-only-ultrasound', title: 'order-select: proximal-only ultrasound (LOINC 69399-4) for suspected calf DVT',
      source: 'Issue 4 (2); RULES §5.3 IMAGING_PROTOCOL_WARNING, G10, §2.5 proximal-only flag',
      service: ORDER_SELECT, selections: [`ServiceRequest/${draftId}`], draftOrders: draftBundle([draft]), expected,
    });
  }
  return b.build({
    id, slug: 'select-limited-ultrasound-sandbox', title: 'order-select (sandbox PAMA shape, no Bundle.type): limited duplex CPT 93971 + LOINC 80860-0',
    source: 'Issue 4 (2, 6: the sandbox PAMA tab sends ServiceRequests with CPT codes; drafts may lack Bundle.type); RULES §2.5 80860-0 limited flag',
    service: ORDER_SELECT, selections: [`ServiceRequest/${draftId}`],
    draftOrders: sandboxDraftBundle([draft as unknown as Record<string, unknown>]), expected,
  });
}

/** A patient with an untreated IDDVT (SC01-like): order-time checks must still stay silent on unrelated drafts. */
function quietChart(id: string): ScenarioBuilder {
  return calfDvtChart(id, '2025-03-05T15:00:00Z', { age: 46, gender: 'female', family: 'Doyle', given: 'Nora' },
    { icd: 'I82.461', vein: 'gastrocnemius', lengthCm: 2.5, ddimer: 400, labs: { creatinineMgDl: 0.8, platelets: 250, hgb: 13.2, weightKg: 68 } }).b;
}

function o11SandboxEmptyDraft(): Built {
  const b = quietChart('O11');
  const draft: Record<string, unknown> = {
    resourceType: 'MedicationRequest',
    id: 'request-123',
    status: 'draft',
    intent: 'order',
    subject: { reference: b.patientRef },
    dosageInstruction: [{
      doseAndRate: [{ doseQuantity: { value: 1, system: SYS.ucum, code: '{pill}' } }],
      timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
    }],
  };
  return b.build({
    id: 'O11', slug: 'select-sandbox-first-call', title: 'order-select as the sandbox first sends it: draft with no medication, no Bundle.type',
    source: 'Issue 4 (6); CONFORMANCE §3.4 sandbox quirks, §7',
    service: ORDER_SELECT,
    selections: ['MedicationRequest/request-123'],
    draftOrders: sandboxDraftBundle([draft]),
    expected: { primary: null },
  });
}

function o12UnrelatedAntibiotic(): Built {
  const b = quietChart('O12');
  const draft = b.medicationRequest({ id: 'o12-draft-amoxicillin', rxcui: '308182', status: 'draft', authoredOn: '2025-03-05',
    phases: [{ doseMg: 500, frequencyPerDay: 3, days: 7, route: 'oral', text: '500 mg by mouth three times daily for 7 days' }] });
  return b.build({
    id: 'O12', slug: 'select-unrelated-antibiotic', title: 'order-select: amoxicillin (unrelated draft) → no cards',
    source: 'Issue 4 (6: unrelated drafts get {"cards": []})',
    service: ORDER_SELECT,
    selections: ['MedicationRequest/o12-draft-amoxicillin'],
    draftOrders: draftBundle([draft]),
    expected: { primary: null },
  });
}

function o13UnrelatedLab(): Built {
  const b = quietChart('O13');
  const draft: FhirResource = {
    resourceType: 'ServiceRequest', id: 'o13-draft-cbc', status: 'draft', intent: 'order',
    code: { coding: [{ system: SYS.loinc, code: '58410-2', display: 'CBC panel - Blood by Automated count' }] },
    subject: { reference: b.patientRef }, authoredOn: '2025-03-05',
  };
  return b.build({
    id: 'O13', slug: 'select-unrelated-lab', title: 'order-select: CBC (unrelated lab draft) → no cards',
    source: 'Issue 4 (6: unrelated drafts get {"cards": []})',
    service: ORDER_SELECT,
    selections: ['ServiceRequest/o13-draft-cbc'],
    draftOrders: draftBundle([draft]),
    expected: { primary: null },
  });
}

function d01NoSurveillance(): Built {
  const { b, d0 } = calfDvtChart('D01', '2025-03-04T18:00:00Z', { age: 50, gender: 'female', family: 'Evans', given: 'Rhian' },
    { cls: 'EMER', encounterId: 'd01-ed-visit', icd: 'I82.461', vein: 'gastrocnemius', lengthCm: 2.5, ddimer: 400,
      labs: { creatinineMgDl: 0.8, platelets: 250, hgb: 13.0, weightKg: 70 } });
  b.attest('vte-provocation', 'provoked-transient-minor', '2025-03-04T12:00:00Z');
  return b.build({
    id: 'D01', slug: 'discharge-no-surveillance', title: 'encounter-discharge: IDDVT, no anticoagulation, no follow-up duplex arranged',
    source: 'Issue 4 (4: critical "arrange repeat ultrasound before discharge", the two ServiceRequests as one suggestion); RULES G10, §5.5, §5.6',
    service: DISCHARGE,
    encounterId: 'd01-ed-visit',
    expected: { primary: '*', indicator: 'critical', suggestions: [serialImaging(d0)] },
  });
}

function d02Overdue(): Built {
  const d0 = '2025-02-20';
  const b = new ScenarioBuilder('D02', '2025-03-11T15:00:00Z', { age: 70, gender: 'male', family: 'Lewis', given: 'Gareth' });
  b.encounter({ cls: 'IMP', start: '2025-03-08T10:00:00Z', id: 'd02-admission' });
  const index = b.dvt({ icd: 'I82.461', vein: 'soleal', side: 'right', onset: d0 });
  b.scan({ loinc: '39443-7', date: `${d0}T12:00:00Z`, vein: 'soleal', lengthCm: 2.5, diameterMm: 4, distanceCm: 10,
    veinsInvolved: 1, protocol: 'whole-leg', conclusion: 'Right: soleal vein thrombus 2.5 cm.' });
  b.surveillancePlan(index, d0, ['completed', 'active']);
  b.scan({ loinc: '39420-5', date: `${addDays(d0, 7)}T10:00:00Z`, vein: 'soleal', protocol: 'whole-leg', extension: 'none',
    conclusion: 'No extension. No new thrombus.' });
  b.labs('2025-03-08T11:00:00Z', { creatinineMgDl: 1.0, platelets: 230, hgb: 13.5, weightKg: 78 });
  return b.build({
    id: 'D02', slug: 'discharge-surveillance-overdue', title: 'encounter-discharge: second surveillance scan missed (window ended 2025-03-08)',
    source: 'Issue 4 (4: overdue surveillance → SURVEILLANCE_OVERDUE); RULES §5.3, §5.5',
    service: DISCHARGE,
    encounterId: 'd02-admission',
    expected: {
      primary: 'SURVEILLANCE_OVERDUE', indicator: 'warning',
      suggestions: [{ actions: [{ type: 'create', resourceType: 'ServiceRequest', codes: ['93970', '39420-5'] }] }],
    },
  });
}

function anticoagulatedAtDischarge(id: 'D03' | 'D04'): Built {
  const { b, dvt } = calfDvtChart(id, '2025-03-04T18:00:00Z', { age: 55, gender: 'male', family: 'Price', given: 'Alan' },
    { cls: 'EMER', encounterId: `${id.toLowerCase()}-ed-visit`, lengthCm: 6, ddimer: 1400,
      labs: { creatinineMgDl: 1.0, platelets: 240, hgb: 14.5, weightKg: 82 } });
  if (id === 'D03') {
    b.activeMedication({ rxcui: '1364445', authoredOn: '2025-03-04', reasonRef: dvt, phases: APIXABAN_PHASES });
    return b.build({
      id, slug: 'discharge-anticoagulated-no-stop-date', title: 'encounter-discharge: on apixaban, no planned stop date',
      source: 'Issue 4 (4: anticoagulated → info card with the planned stop date when the discharge lacks it); RULES §4 duration 3 months',
      service: DISCHARGE,
      encounterId: 'd03-ed-visit',
      expected: { primary: '*', indicator: 'info', detailIncludes: ['2025-06-04'] },
    });
  }
  b.activeMedication({ rxcui: '1364445', authoredOn: '2025-03-04', reasonRef: dvt, supplyDays: 90,
    note: 'Isolated distal DVT: planned duration 3 months, stop 2025-06-04.',
    phases: [APIXABAN_PHASES[0] as DosePhase, { ...(APIXABAN_PHASES[1] as DosePhase), days: 83, text: 'then 5 mg by mouth twice daily to complete 3 months' }] });
  return b.build({
    id, slug: 'discharge-anticoagulated-with-stop-date', title: 'encounter-discharge: on apixaban with a 3-month duration → no card',
    source: 'Issue 4 (4: the stop-date card only if the discharge lacks it)',
    service: DISCHARGE,
    encounterId: 'd04-ed-visit',
    expected: { primary: null },
  });
}

function d05SurveillanceArranged(): Built {
  const { b, dvt, d0 } = calfDvtChart('D05', '2025-03-04T18:00:00Z', { age: 47, gender: 'female', family: 'Shah', given: 'Nisha' },
    { cls: 'EMER', encounterId: 'd05-ed-visit', icd: 'I82.462', vein: 'soleal', lengthCm: 2.5, ddimer: 350,
      labs: { creatinineMgDl: 0.7, platelets: 250, hgb: 13.1, weightKg: 64 } });
  b.surveillancePlan(dvt, d0, ['active', 'active']);
  return b.build({
    id: 'D05', slug: 'discharge-surveillance-arranged', title: 'encounter-discharge: both follow-up duplexes already arranged → no card',
    source: 'Issue 4 (4: the critical card only when no follow-up duplex is arranged inside the windows)',
    service: DISCHARGE,
    encounterId: 'd05-ed-visit',
    expected: { primary: null },
  });
}

/** The two surveillance duplexes exactly as the serial-imaging suggestion creates them, now drafts with EHR ids. */
function acceptedDuplexDrafts(patientRef: string, dvt: string, d0: string, ids: readonly [string, string]): ServiceRequest[] {
  return ([[5, 9], [12, 16]] as const).map(([from, to], i) => ({
    resourceType: 'ServiceRequest', id: ids[i] ?? '', status: 'draft', intent: 'order',
    code: { coding: [
      { system: SYS.cpt, code: '93970', display: CPT_DISPLAY['93970'] ?? '' },
      { system: SYS.loinc, code: '39420-5', display: US_LOINC_DISPLAY['39420-5'] ?? '' },
    ], text: 'Duplex ultrasound, lower extremity veins, bilateral (complete, including calf veins)' },
    subject: { reference: patientRef },
    occurrencePeriod: { start: addDays(d0, from), end: addDays(d0, to) },
    reasonReference: [{ reference: dvt }],
    note: [{ text: `Serial imaging for isolated distal DVT (scan ${i + 1} of 2). Whole-leg protocol.` }],
  }));
}

function s03SignAcceptedSerialImaging(): Built {
  const { b, dvt, d0 } = calfDvtChart('S03', '2025-03-05T15:00:00Z', { age: 46, gender: 'female', family: 'Byrne', given: 'Siobhan' },
    { icd: 'I82.461', vein: 'gastrocnemius', lengthCm: 2.5, ddimer: 400, labs: { creatinineMgDl: 0.8, platelets: 250, hgb: 13.2, weightKg: 68 } });
  b.attest('vte-provocation', 'provoked-transient-minor', '2025-03-05T12:00:00Z');
  const drafts = acceptedDuplexDrafts(b.patientRef, dvt, d0, ['s03-draft-duplex-1', 's03-draft-duplex-2']);
  return b.build({
    id: 'S03', slug: 'sign-accepted-serial-imaging', title: 'order-sign: the accepted serial-imaging plan (two duplex drafts) raises no card',
    source: 'Issue 4 (3: a draft already covered by an accepted plan does not raise the same card twice); RULES §5.5, §5.6',
    service: ORDER_SIGN,
    draftOrders: draftBundle(drafts),
    expected: { primary: null },
  });
}

function s04SignDuplexAlreadyActive(): Built {
  const { b, dvt, d0 } = calfDvtChart('S04', '2025-03-06T15:00:00Z', { age: 52, gender: 'male', family: 'Moran', given: 'Peter' },
    { icd: 'I82.461', vein: 'soleal', lengthCm: 2.5, ddimer: 450, labs: { creatinineMgDl: 0.9, platelets: 240, hgb: 14.1, weightKg: 82 } });
  b.surveillancePlan(dvt, d0, ['active', 'active']);
  // The same two scans drafted again (a second clinician re-orders what is already pending).
  const drafts = acceptedDuplexDrafts(b.patientRef, dvt, d0, ['s04-draft-duplex-1', 's04-draft-duplex-2']);
  return b.build({
    id: 'S04', slug: 'sign-duplex-already-active', title: 'order-sign: duplex drafts duplicating the active surveillance requests raise no card',
    source: 'Issue 4 (3: a draft that duplicates an active order raises no second card); RULES §5.5',
    service: ORDER_SIGN,
    draftOrders: draftBundle(drafts),
    expected: { primary: null },
  });
}

/** A patient whose rules call for anticoagulation (long axial clot, raised D-dimer), for the accepted-plan drafts. */
function treatChart(id: string, person: Person): ReturnType<typeof calfDvtChart> {
  return calfDvtChart(id, '2025-03-05T15:00:00Z', person,
    { lengthCm: 6, ddimer: 1300, labs: { creatinineMgDl: 1.0, platelets: 250, hgb: 14.0, weightKg: 80 } });
}

function o14AcceptedRivaroxaban(): Built {
  const { b, dvt } = treatChart('O14', { age: 57, gender: 'male', family: 'Fischer', given: 'Lukas' });
  const group = 'rivaroxaban-2025-03-05';
  const loading = b.medicationRequest({ id: 'o14-draft-rivaroxaban-1', rxcui: '1232082', status: 'draft', authoredOn: '2025-03-05',
    reasonRef: dvt, group, supplyDays: 21,
    phases: [{ doseMg: 15, frequencyPerDay: 2, days: 21, route: 'oral', text: '15 mg by mouth twice daily, with food for 21 days' }] });
  const maintenance = b.medicationRequest({ id: 'o14-draft-rivaroxaban-2', rxcui: '1232086', status: 'draft', authoredOn: '2025-03-05',
    reasonRef: dvt, group, supplyDays: 69,
    phases: [{ doseMg: 20, frequencyPerDay: 1, start: '2025-03-26', route: 'oral', text: '20 mg by mouth once daily, with food to complete the course' }] });
  return b.build({
    id: 'O14', slug: 'select-accepted-rivaroxaban-plan', title: 'order-select: the accepted rivaroxaban plan (21 d then 69 d, two orders) raises no duration card',
    source: 'Issue 4 (1: duration card only for no or another duration; 3: an accepted plan does not raise a card again); RULES §4 3 months',
    service: ORDER_SELECT,
    selections: ['MedicationRequest/o14-draft-rivaroxaban-1', 'MedicationRequest/o14-draft-rivaroxaban-2'],
    draftOrders: draftBundle([loading, maintenance]),
    expected: { primary: null },
  });
}

function o15AcceptedEdoxaban(): Built {
  const { b, dvt } = treatChart('O15', { age: 61, gender: 'female', family: 'Reyes', given: 'Lucia' });
  const group = 'edoxaban-2025-03-05';
  const leadIn = b.medicationRequest({ id: 'o15-draft-enoxaparin', rxcui: '854241', status: 'draft', authoredOn: '2025-03-05',
    reasonRef: dvt, group, supplyDays: 5,
    phases: [{ doseMg: 80, frequencyPerDay: 2, days: 5, route: 'subcutaneous', text: '80 mg subcutaneously every 12 hours for 5 days' }] });
  const oral = b.medicationRequest({ id: 'o15-draft-edoxaban', rxcui: '1599555', status: 'draft', authoredOn: '2025-03-05',
    reasonRef: dvt, group, supplyDays: 85,
    phases: [{ doseMg: 60, frequencyPerDay: 1, start: '2025-03-10', route: 'oral', text: '60 mg by mouth once daily to complete the course' }] });
  return b.build({
    id: 'O15', slug: 'select-accepted-edoxaban-plan', title: 'order-select: the accepted edoxaban plan (enoxaparin 5 d, then edoxaban 85 d) raises no card',
    source: 'Issue 4 (3: an accepted plan does not raise a card again); RULES §4 edoxaban after ≥ 5 days parenteral, 3 months',
    service: ORDER_SELECT,
    selections: ['MedicationRequest/o15-draft-enoxaparin', 'MedicationRequest/o15-draft-edoxaban'],
    draftOrders: draftBundle([leadIn, oral]),
    expected: { primary: null },
  });
}

function o16ApixabanWithDuration(): Built {
  const { b, dvt } = treatChart('O16', { age: 59, gender: 'male', family: 'Quinn', given: 'Declan' });
  const draft = b.medicationRequest({ id: 'o16-draft-apixaban', rxcui: '1364445', status: 'draft', authoredOn: '2025-03-05',
    reasonRef: dvt, phases: [APIXABAN_PHASES[0] as DosePhase, { ...(APIXABAN_PHASES[1] as DosePhase), days: 83, text: 'then 5 mg by mouth twice daily for 83 days' }] });
  return b.build({
    id: 'O16', slug: 'select-apixaban-with-duration', title: 'order-select: apixaban drafted with the 3-month duration (7 d + 83 d) → no duration card',
    source: 'Issue 4 (1: TREATMENT_DURATION only when the duration is missing or another); RULES §4 3 months, G5',
    service: ORDER_SELECT,
    selections: ['MedicationRequest/o16-draft-apixaban'],
    draftOrders: draftBundle([draft]),
    expected: { primary: null },
  });
}

function o17DuplicatesActiveOrder(): Built {
  const { b, dvt } = treatChart('O17', { age: 48, gender: 'male', family: 'Nowak', given: 'Adam' });
  const phases: readonly DosePhase[] = [
    { doseMg: 15, frequencyPerDay: 2, days: 21, route: 'oral', text: '15 mg by mouth twice daily with food for 21 days' },
    { doseMg: 20, frequencyPerDay: 1, route: 'oral', text: 'then 20 mg by mouth once daily with food' },
  ];
  b.activeMedication({ rxcui: '1549682', authoredOn: '2025-03-04', reasonRef: dvt, phases });
  // The same order drafted again (no duration): the active order already carries the plan.
  const draft = b.medicationRequest({ id: 'o17-draft-rivaroxaban', rxcui: '1549682', status: 'draft', authoredOn: '2025-03-05', reasonRef: dvt, phases });
  return b.build({
    id: 'O17', slug: 'select-duplicate-of-active-order', title: 'order-select: a rivaroxaban draft duplicating the active order raises no second card',
    source: 'Issue 4 (3: a draft that duplicates an active order raises no second card)',
    service: ORDER_SELECT,
    selections: ['MedicationRequest/o17-draft-rivaroxaban'],
    draftOrders: draftBundle([draft]),
    expected: { primary: null },
  });
}

function o18PregnantSplitRivaroxaban(): Built {
  const { b, dvt } = calfDvtChart('O18', '2025-03-05T15:00:00Z', { age: 29, gender: 'female', family: 'Amini', given: 'Sara' },
    { labs: { creatinineMgDl: 0.6, platelets: 240, weightKg: 70 } });
  b.condition({ snomed: '77386006', onset: '2024-12-20' });
  // An EHR that splits the regimen into two orders, without a groupIdentifier.
  const loading = b.medicationRequest({ id: 'o18-draft-rivaroxaban-1', rxcui: '1232082', status: 'draft', authoredOn: '2025-03-05', reasonRef: dvt,
    phases: [{ doseMg: 15, frequencyPerDay: 2, days: 21, route: 'oral', text: '15 mg by mouth twice daily with food for 21 days' }] });
  const maintenance = b.medicationRequest({ id: 'o18-draft-rivaroxaban-2', rxcui: '1232086', status: 'draft', authoredOn: '2025-03-05', reasonRef: dvt,
    phases: [{ doseMg: 20, frequencyPerDay: 1, start: '2025-03-26', route: 'oral', text: '20 mg by mouth once daily with food' }] });
  return b.build({
    id: 'O18', slug: 'select-pregnant-split-rivaroxaban', title: 'order-select: rivaroxaban split over two drafts for a pregnant patient → one card deleting both',
    source: 'Issue 4 (1: pregnancy → DOAC critical, delete the draft and create LMWH; 3: the same card not twice); RULES §4 agent selection 1',
    service: ORDER_SELECT,
    selections: ['MedicationRequest/o18-draft-rivaroxaban-1', 'MedicationRequest/o18-draft-rivaroxaban-2'],
    draftOrders: draftBundle([loading, maintenance]),
    expected: {
      primary: 'AGENT_AVOID_IN_PREGNANCY', indicator: 'critical',
      suggestions: [{ actions: [
        { type: 'delete', resourceId: 'MedicationRequest/o18-draft-rivaroxaban-1' },
        { type: 'delete', resourceId: 'MedicationRequest/o18-draft-rivaroxaban-2' },
        enoxaparin(70, '854241', 2),
      ] }],
      absentOrderCodes: [...DOAC_CODES, ...RX.warfarin],
    },
  });
}

/** Postpartum day 20 after a vaginal delivery; `breastfeeding` says what the chart records. */
function postpartumChart(id: string, person: Person, breastfeeding: boolean): ReturnType<typeof calfDvtChart> {
  const chart = calfDvtChart(id, '2025-03-12T15:00:00Z', person, { labs: { creatinineMgDl: 0.7, platelets: 280, hgb: 12.4, weightKg: 68 } });
  chart.b.condition({ icd: 'O80', onset: '2025-02-20', clinicalStatus: 'resolved', category: 'encounter-diagnosis' });
  chart.b.condition({ snomed: '86569001', onset: '2025-02-20' });
  if (breastfeeding) chart.b.condition({ icd: 'Z39.1', onset: '2025-03-01' });
  else chart.b.breastfeedingStatus(false, '2025-03-12T10:00:00Z');
  return chart;
}

function o19PostpartumNotBreastfeedingApixaban(): Built {
  const { b, dvt } = postpartumChart('O19', { age: 31, gender: 'female', family: 'Dubois', given: 'Claire' }, false);
  const draft = b.medicationRequest({ id: 'o19-draft-apixaban', rxcui: '1364445', status: 'draft', authoredOn: '2025-03-12',
    reasonRef: dvt, phases: [APIXABAN_PHASES[0] as DosePhase, { ...(APIXABAN_PHASES[1] as DosePhase), days: 83, text: 'then 5 mg by mouth twice daily for 83 days' }] });
  return b.build({
    id: 'O19', slug: 'select-postpartum-not-breastfeeding-apixaban', title: 'order-select: apixaban postpartum (day 20), not breastfeeding → DOAC allowed, no card',
    source: 'RULES §7.4 (DOAC postpartum only when not breastfeeding), G9, §4 agent selection 2',
    service: ORDER_SELECT,
    selections: ['MedicationRequest/o19-draft-apixaban'],
    draftOrders: draftBundle([draft]),
    expected: { primary: null },
  });
}

function s05SignBreastfeedingApixaban(): Built {
  const { b, dvt } = postpartumChart('S05', { age: 30, gender: 'female', family: 'Tanaka', given: 'Yui' }, true);
  const draft = b.medicationRequest({ id: 's05-draft-apixaban', rxcui: '1364445', status: 'draft', authoredOn: '2025-03-12',
    reasonRef: dvt, phases: APIXABAN_PHASES });
  return b.build({
    id: 'S05', slug: 'sign-breastfeeding-apixaban', title: 'order-sign: apixaban postpartum while breastfeeding → warning with the LMWH/warfarin swap',
    source: 'Issue 4 (1: breastfeeding → a DOAC is a warning with the same kind of swap); RULES §7.4, G9',
    service: ORDER_SIGN,
    draftOrders: draftBundle([draft]),
    expected: {
      primary: '*', indicator: 'warning',
      suggestions: [{ actions: [
        { type: 'delete', resourceId: 'MedicationRequest/s05-draft-apixaban' },
        { type: 'create', resourceType: 'MedicationRequest', anyCodes: [...LMWH_CODES, ...RX.warfarin] },
      ] }],
      absentOrderCodes: DOAC_CODES,
    },
  });
}

/** A pregnant patient (2nd trimester) with a calf DVT, for the "however the drug is coded" drafts. */
function pregnantChart(id: string, person: Person): ReturnType<typeof calfDvtChart> {
  const chart = calfDvtChart(id, '2025-03-05T15:00:00Z', person, { icd: 'I82.462', vein: 'gastrocnemius', labs: { creatinineMgDl: 0.6, platelets: 230, weightKg: 72 } });
  chart.b.condition({ snomed: '77386006', onset: '2024-11-15' });
  return chart;
}

function o20TextOnlyEliquis(): Built {
  const { b, dvt } = pregnantChart('O20', { age: 27, gender: 'female', family: 'Costa', given: 'Ines' });
  const draft = b.medicationRequest({ id: 'o20-draft-eliquis', rxcui: '', textOnly: 'Eliquis 5 mg', status: 'draft', authoredOn: '2025-03-05',
    reasonRef: dvt, phases: [{ doseMg: 5, frequencyPerDay: 2, route: 'oral', text: '5 mg by mouth twice daily' }] });
  return b.build({
    id: 'O20', slug: 'select-pregnant-text-only-eliquis', title: 'order-select: "Eliquis 5 mg" as free text (no code) for a pregnant patient',
    source: 'Issue 4 (1: recognised whether coded by ingredient, brand or product — here by name); RULES §4 agent selection 1',
    service: ORDER_SELECT,
    selections: ['MedicationRequest/o20-draft-eliquis'],
    draftOrders: draftBundle([draft]),
    expected: {
      primary: 'AGENT_AVOID_IN_PREGNANCY', indicator: 'critical',
      suggestions: [{ actions: [{ type: 'delete', resourceId: 'MedicationRequest/o20-draft-eliquis' }, enoxaparin(70, '854241', 2)] }],
      absentOrderCodes: [...DOAC_CODES, ...RX.warfarin],
    },
  });
}

function o21BrandOnlyEliquis(): Built {
  const { b, dvt } = pregnantChart('O21', { age: 33, gender: 'female', family: 'Weber', given: 'Anna' });
  const draft = b.medicationRequest({ id: 'o21-draft-eliquis', rxcui: '1364436', status: 'draft', authoredOn: '2025-03-05',
    reasonRef: dvt, phases: [{ doseMg: 5, frequencyPerDay: 2, route: 'oral', text: '5 mg by mouth twice daily' }] });
  return b.build({
    id: 'O21', slug: 'select-pregnant-brand-eliquis', title: 'order-select: apixaban coded only by its brand (Eliquis 1364436) for a pregnant patient',
    source: 'Issue 4 (1: recognised by brand); RULES §2.6.1 Eliquis 1364436, §4 agent selection 1',
    service: ORDER_SELECT,
    selections: ['MedicationRequest/o21-draft-eliquis'],
    draftOrders: draftBundle([draft]),
    expected: {
      primary: 'AGENT_AVOID_IN_PREGNANCY', indicator: 'critical',
      suggestions: [{ actions: [{ type: 'delete', resourceId: 'MedicationRequest/o21-draft-eliquis' }, enoxaparin(70, '854241', 2)] }],
      absentOrderCodes: [...DOAC_CODES, ...RX.warfarin],
    },
  });
}

function s06IngredientOnlyRivaroxaban(): Built {
  const { b, dvt } = pregnantChart('S06', { age: 35, gender: 'female', family: 'Berg', given: 'Ingrid' });
  const draft = b.medicationRequest({ id: 's06-draft-rivaroxaban', rxcui: '1114195', status: 'draft', authoredOn: '2025-03-05',
    reasonRef: dvt, phases: [{ doseMg: 15, frequencyPerDay: 2, days: 21, route: 'oral', text: '15 mg by mouth twice daily with food for 21 days' }] });
  return b.build({
    id: 'S06', slug: 'sign-pregnant-ingredient-rivaroxaban', title: 'order-sign: rivaroxaban coded only by its ingredient (1114195) for a pregnant patient',
    source: 'Issue 4 (1: recognised by ingredient; 3: critical cards at signing); RULES §2.6.1 rivaroxaban 1114195, §4 agent selection 1',
    service: ORDER_SIGN,
    draftOrders: draftBundle([draft]),
    expected: {
      primary: 'AGENT_AVOID_IN_PREGNANCY', indicator: 'critical',
      suggestions: [{ actions: [{ type: 'delete', resourceId: 'MedicationRequest/s06-draft-rivaroxaban' }, enoxaparin(70, '854241', 2)] }],
      absentOrderCodes: [...DOAC_CODES, ...RX.warfarin],
    },
  });
}

function d06ProximalExtensionAtDischarge(): Built {
  const d0 = '2025-03-03';
  const b = new ScenarioBuilder('D06', '2025-03-10T18:00:00Z', { age: 58, gender: 'male', family: 'Kowalski', given: 'Tomasz' });
  b.encounter({ cls: 'EMER', start: '2025-03-10T09:00:00Z', id: 'd06-ed-visit' });
  const index = b.dvt({ icd: 'I82.461', vein: 'soleal', side: 'right', onset: d0 });
  b.scan({ loinc: '39443-7', date: `${d0}T14:00:00Z`, vein: 'soleal', lengthCm: 3, diameterMm: 5, distanceCm: 8,
    veinsInvolved: 1, protocol: 'whole-leg', conclusion: 'Right: soleal vein thrombus 3 cm.' });
  const [, scan2] = b.surveillancePlan(index, d0, ['completed', 'active']);
  b.scan({ loinc: '39443-7', date: '2025-03-10T10:00:00Z', vein: 'soleal', protocol: 'whole-leg', extension: 'proximal-extension',
    extensionVein: 'popliteal', conclusion: 'Right: thrombus now extends into the popliteal vein.' });
  b.dvt({ icd: 'I82.431', vein: 'popliteal', side: 'right', onset: '2025-03-10' });
  b.labs('2025-03-10T09:30:00Z', { creatinineMgDl: 1.0, platelets: 230, hgb: 14.5, weightKg: 88 });
  return b.build({
    id: 'D06', slug: 'discharge-proximal-extension-untreated', title: 'encounter-discharge: proximal extension on the day-7 scan, not anticoagulated',
    source: 'RULES G4 (proximal extension → anticoagulation recommended, strong), §5.4 P5; issue 4 (4: never discharge untreated)',
    service: DISCHARGE,
    encounterId: 'd06-ed-visit',
    expected: {
      primary: 'ANTICOAGULATE_NOW_PROXIMAL_EXTENSION', indicator: 'critical',
      suggestions: [{ actions: [APIXABAN_TREATMENT, { type: 'delete', resourceId: scan2 }] }],
    },
  });
}

function dischargeOnApixaban(id: 'D07' | 'D08', person: Person): ReturnType<typeof calfDvtChart> {
  return calfDvtChart(id, '2025-03-04T18:00:00Z', person,
    { cls: 'EMER', encounterId: `${id.toLowerCase()}-ed-visit`, lengthCm: 6, ddimer: 1400, labs: { creatinineMgDl: 1.0, platelets: 240, hgb: 14.5, weightKg: 82 } });
}

function d07StopDateByBoundsPeriod(): Built {
  const { b, dvt } = dischargeOnApixaban('D07', { age: 53, gender: 'female', family: 'Olsen', given: 'Kari' });
  b.activeMedication({ rxcui: '1364445', authoredOn: '2025-03-04', reasonRef: dvt, phases: [
    { ...(APIXABAN_PHASES[0] as DosePhase), start: '2025-03-04' },
    { ...(APIXABAN_PHASES[1] as DosePhase), start: '2025-03-11', end: '2025-06-04', text: 'then 5 mg by mouth twice daily until 2025-06-04' },
  ] });
  return b.build({
    id: 'D07', slug: 'discharge-stop-date-bounds-period', title: 'encounter-discharge: apixaban whose last phase ends 2025-06-04 (boundsPeriod.end) → no card',
    source: 'Issue 4 (4: the stop-date card only if the discharge lacks it); README "Clinical behaviour" (what counts as a stated stop date)',
    service: DISCHARGE,
    encounterId: 'd07-ed-visit',
    expected: { primary: null },
  });
}

function d08StopDateTooEarly(): Built {
  const { b, dvt } = dischargeOnApixaban('D08', { age: 62, gender: 'male', family: 'Grant', given: 'Hugh' });
  // A 30-day supply is what many EHRs send: it is a dispense quantity, and ends long before the 3-month course.
  b.activeMedication({ rxcui: '1364445', authoredOn: '2025-03-04', reasonRef: dvt, supplyDays: 30, phases: APIXABAN_PHASES });
  return b.build({
    id: 'D08', slug: 'discharge-stop-date-before-course', title: 'encounter-discharge: apixaban with only a 30-day supply → info with the planned 3-month stop',
    source: 'Issue 4 (4: anticoagulated → info with the planned stop date); RULES §4 / G5 (3 months)',
    service: DISCHARGE,
    encounterId: 'd08-ed-visit',
    expected: { primary: '*', indicator: 'info', suggestions: [], detailIncludes: ['2025-04-03', '2025-06-04'] },
  });
}

export function orderScenarios(): Built[] {
  return [o01PregnantApixaban(), o02PregnantWarfarinBrand(), o03BreastfeedingDoac(), o04GastricCancerRivaroxaban(),
    o05RenalDabigatran(), o06TriplePositiveAps(), o07ProphylacticDose(), apixabanWithoutDuration('O08', ORDER_SELECT),
    limitedScanDraft('O09'), limitedScanDraft('O10'), o11SandboxEmptyDraft(), o12UnrelatedAntibiotic(), o13UnrelatedLab(),
    apixabanWithoutDuration('S01', ORDER_SIGN), s02SignPregnantEdoxaban(), d01NoSurveillance(), d02Overdue(),
    anticoagulatedAtDischarge('D03'), anticoagulatedAtDischarge('D04'), d05SurveillanceArranged(),
    s03SignAcceptedSerialImaging(), s04SignDuplexAlreadyActive(), o14AcceptedRivaroxaban(), o15AcceptedEdoxaban(),
    o16ApixabanWithDuration(), o17DuplicatesActiveOrder(), o18PregnantSplitRivaroxaban(), o19PostpartumNotBreastfeedingApixaban(),
    s05SignBreastfeedingApixaban(), o20TextOnlyEliquis(), o21BrandOnlyEliquis(), s06IngredientOnlyRivaroxaban(),
    d06ProximalExtensionAtDischarge(), d07StopDateByBoundsPeriod(), d08StopDateTooEarly()];
}
