/**
 * The development scenarios of RULES §6 (SC01 … SC23), each a full patient-view request with the expectation RULES
 * states. Where RULES gives no detail the chart needs (a scan, a lab), the added value is chosen so it cannot
 * change the advice, and the README says so.
 */
import { ScenarioBuilder } from './fixture-builders';
import { ALL_ANTICOAGULANT_CODES, DOAC_CODES, RX } from './fixture-codes';
import {
  APIXABAN_TREATMENT,
  IDDVT_TREATMENT_ADVICE,
  LMWH_ORDER,
  PATIENT_VIEW,
  apixaban,
  enoxaparin,
  serialImaging,
  surveillanceScan,
} from './fixture-expected-helpers';
import type { ScenarioFixture } from './fixture-types';

type Built = { readonly file: string; readonly fixture: ScenarioFixture };

function sc01(): Built {
  const d0 = '2025-03-03';
  const b = new ScenarioBuilder('SC01', '2025-03-03T15:00:00Z', { age: 46, gender: 'female', family: 'Okafor', given: 'Grace' });
  b.encounter({ cls: 'AMB', start: '2025-03-03T13:00:00Z' });
  b.dvt({ icd: 'I82.461', vein: 'gastrocnemius', side: 'right', onset: d0 });
  b.scan({ loinc: '39420-5', date: '2025-03-03T14:00:00Z', vein: 'gastrocnemius', lengthCm: 2.8, diameterMm: 5, distanceCm: 9,
    veinsInvolved: 1, protocol: 'whole-leg',
    conclusion: 'Right: thrombus in one gastrocnemius vein, 2.8 cm long, 5 mm, 9 cm below the popliteal vein. Left: no DVT.' });
  b.ddimer({ value: 420, date: '2025-03-03T13:20:00Z' });
  b.labs('2025-03-03T13:20:00Z', { creatinineMgDl: 0.8, platelets: 250, hgb: 13.2, weightKg: 68 });
  b.attest('vte-provocation', 'provoked-transient-minor', '2025-03-03T14:30:00Z');
  b.attest('management-preference', 'none-stated', '2025-03-03T14:30:00Z');
  return b.build({
    id: 'SC01', slug: 'low-risk-gastrocnemius', title: 'Low-risk gastrocnemius clot', source: 'RULES §6 SC01 (G1)',
    service: PATIENT_VIEW,
    expected: {
      primary: 'SERIAL_IMAGING', indicator: 'info',
      notes: ['MUSCULAR_ONLY_NOTE', 'BILATERAL_SURVEILLANCE_NOTE'],
      absent: ['ANTICOAGULATE'],
      suggestions: [serialImaging(d0, { isRecommended: true }), apixaban()],
      detailIncludes: ['2.8 cm'],
    },
  });
}

function sc02(): Built {
  const d0 = '2025-03-04';
  const b = new ScenarioBuilder('SC02', '2025-03-04T15:00:00Z', { age: 67, gender: 'male', family: 'Brennan', given: 'Tom' });
  b.encounter({ cls: 'EMER', start: '2025-03-04T09:00:00Z' });
  b.dvt({ icd: 'I82.452', vein: 'peroneal', side: 'left', onset: d0 });
  b.dvt({ icd: 'I82.442', vein: 'posterior-tibial', side: 'left', onset: d0 });
  b.scan({ loinc: '39432-0', date: '2025-03-04T11:00:00Z', vein: 'peroneal', lengthCm: 6.5, diameterMm: 6, distanceCm: 6,
    veinsInvolved: 2, protocol: 'whole-leg',
    conclusion: 'Left: thrombus in the peroneal and posterior tibial veins, 6.5 cm long, 6 mm, 6 cm below the popliteal vein.' });
  b.ddimer({ value: 1150, date: '2025-03-04T09:40:00Z' });
  b.labs('2025-03-04T09:40:00Z', { creatinineMgDl: 1.2, platelets: 210, hgb: 14.1, weightKg: 84 });
  return b.build({
    id: 'SC02', slug: 'long-axial-two-veins', title: 'Long axial clot in two calf veins', source: 'RULES §6 SC02 (G2, G6; §7.1)',
    service: PATIENT_VIEW,
    expected: {
      primary: 'ANTICOAGULATE', indicator: 'warning',
      absent: ['SHARED_DECISION', 'SERIAL_IMAGING'],
      suggestions: [apixaban({ isRecommended: true }), serialImaging(d0)],
      detailIncludes: ['6.5 cm', '1,150 ng/mL FEU', '71 mL/min', 'moderate bleeding risk'],
    },
  });
}

function sc03(): Built {
  const b = new ScenarioBuilder('SC03', '2025-03-05T15:00:00Z', { age: 58, gender: 'female', family: 'Marsh', given: 'Helen' });
  b.encounter({ cls: 'AMB', start: '2025-03-05T13:00:00Z' });
  b.dvt({ icd: 'I82.461', vein: 'soleal', side: 'right', onset: '2025-03-05' });
  b.scan({ loinc: '39443-7', date: '2025-03-05T14:00:00Z', vein: 'soleal', lengthCm: 3.5, diameterMm: 6, distanceCm: 8,
    veinsInvolved: 1, protocol: 'whole-leg', conclusion: 'Right: soleal vein thrombus 3.5 cm, 6 mm, 8 cm below the popliteal vein.' });
  b.ddimer({ value: 1850, date: '2025-03-05T13:15:00Z' });
  b.labs('2025-03-05T13:15:00Z', { creatinineMgDl: 0.7, platelets: 240, hgb: 12.8, weightKg: 72 });
  b.attest('vte-provocation', 'unprovoked', '2025-03-05T14:30:00Z');
  return b.build({
    id: 'SC03', slug: 'soleal-unprovoked-high-ddimer', title: 'Soleal clot, unprovoked, high D-dimer', source: 'RULES §6 SC03 (G6; §7.5)',
    service: PATIENT_VIEW,
    expected: {
      primary: 'ANTICOAGULATE', indicator: 'warning',
      notes: ['MUSCULAR_ONLY_NOTE'],
      absent: ['SERIAL_IMAGING'],
      suggestions: [apixaban({ isRecommended: true })],
      detailIncludes: ['1,850 ng/mL FEU'],
    },
  });
}

function sc04(): Built {
  const b = new ScenarioBuilder('SC04', '2025-03-06T15:00:00Z', { age: 72, gender: 'male', family: 'Novak', given: 'Pavel' });
  b.encounter({ cls: 'AMB', start: '2025-03-06T13:00:00Z' });
  const chemo = b.encounter({ cls: 'AMB', start: '2025-02-20T09:00:00Z', end: '2025-02-20T14:00:00Z' });
  b.condition({ icd: 'C18.9', onset: '2024-11-10' });
  b.condition({ icd: 'C78.7', onset: '2024-11-10' });
  b.condition({ icd: 'Z51.11', onset: '2025-02-20', category: 'encounter-diagnosis', encounterRef: chemo });
  b.dvt({ icd: 'I82.442', vein: 'posterior-tibial', side: 'left', onset: '2025-03-06' });
  b.scan({ loinc: '39432-0', date: '2025-03-06T14:00:00Z', vein: 'posterior-tibial', lengthCm: 3, diameterMm: 5, distanceCm: 10,
    veinsInvolved: 1, protocol: 'whole-leg', conclusion: 'Left: posterior tibial vein thrombus.' });
  b.ddimer({ value: 3100, date: '2025-03-06T13:15:00Z' });
  b.labs('2025-03-06T13:15:00Z', { creatinineMgDl: 1.2, platelets: 160, hgb: 11.2, weightKg: 70 });
  return b.build({
    id: 'SC04', slug: 'metastatic-colon-cancer', title: 'Metastatic colon cancer on chemotherapy', source: 'RULES §6 SC04 (G8; §7.3)',
    service: PATIENT_VIEW,
    expected: {
      primary: 'CANCER_ANTICOAGULATE', indicator: 'warning',
      notes: ['DDIMER_CONFOUNDED_NOTE'],
      absent: ['SHARED_DECISION', 'ANTICOAGULATE', 'SERIAL_IMAGING'],
      suggestions: [apixaban({ first: true }), { actions: [LMWH_ORDER] }],
      detailIncludes: ['55 mL/min'],
    },
  });
}

function sc05(): Built {
  const b = new ScenarioBuilder('SC05', '2025-03-10T15:00:00Z', { age: 31, gender: 'female', family: 'Reyes', given: 'Ana' });
  b.encounter({ cls: 'AMB', start: '2025-03-10T13:00:00Z' });
  b.condition({ snomed: '77386006', onset: '2024-11-20' });
  b.condition({ icd: 'O22.32', onset: '2025-03-10', category: 'encounter-diagnosis' });
  b.dvt({ icd: 'I82.462', vein: 'gastrocnemius', side: 'left', onset: '2025-03-10' });
  b.scan({ loinc: '39432-0', date: '2025-03-10T14:00:00Z', vein: 'gastrocnemius', lengthCm: 3, diameterMm: 5, distanceCm: 9,
    veinsInvolved: 1, protocol: 'whole-leg', conclusion: 'Left: gastrocnemius vein thrombus.' });
  b.ddimer({ value: 1400, date: '2025-03-10T13:15:00Z' });
  b.labs('2025-03-10T13:15:00Z', { creatinineMgDl: 0.6, platelets: 220, weightKg: 78 });
  return b.build({
    id: 'SC05', slug: 'pregnancy-calf-muscular', title: 'Pregnancy, 2nd trimester, calf muscular vein', source: 'RULES §6 SC05 (G9; §7.4, §7.14)',
    service: PATIENT_VIEW,
    expected: {
      primary: 'PREGNANCY_LMWH', indicator: 'warning',
      notes: ['DDIMER_CONFOUNDED_NOTE'],
      suggestions: [{ actions: [enoxaparin(80, '854241', 2)] }],
      detailIncludes: ['warfarin', 'DOAC'],
      absentOrderCodes: [...DOAC_CODES, ...RX.warfarin],
    },
  });
}

function sc07(): Built {
  const d0 = '2025-03-03';
  const b = new ScenarioBuilder('SC07', '2025-03-10T15:00:00Z', { age: 55, gender: 'male', family: 'Adeyemi', given: 'Kunle' });
  b.encounter({ cls: 'AMB', start: '2025-03-10T13:00:00Z' });
  const index = b.dvt({ icd: 'I82.461', vein: 'soleal', side: 'right', onset: d0 });
  b.scan({ loinc: '39443-7', date: '2025-03-03T14:00:00Z', vein: 'soleal', lengthCm: 3, diameterMm: 5, distanceCm: 8,
    veinsInvolved: 1, protocol: 'whole-leg', conclusion: 'Right: soleal vein thrombus 3 cm.' });
  const [, scan2] = b.surveillancePlan(index, d0, ['completed', 'active']);
  b.scan({ loinc: '39443-7', date: '2025-03-10T10:00:00Z', vein: 'soleal', protocol: 'whole-leg', extension: 'proximal-extension',
    extensionVein: 'popliteal', conclusion: 'Right: thrombus now extends into the popliteal vein.' });
  b.dvt({ icd: 'I82.431', vein: 'popliteal', side: 'right', onset: '2025-03-10' });
  b.labs('2025-03-03T13:30:00Z', { creatinineMgDl: 1.0, platelets: 230, hgb: 14.5, weightKg: 90 });
  return b.build({
    id: 'SC07', slug: 'proximal-extension-day-7', title: 'Proximal extension on day-7 scan', source: 'RULES §6 SC07 (G4 strong; §5.4 P5)',
    service: PATIENT_VIEW,
    expected: {
      primary: 'ANTICOAGULATE_NOW_PROXIMAL_EXTENSION', indicator: 'critical',
      absent: ['OUT_OF_SCOPE', 'SURVEILLANCE_OVERDUE', 'SURVEILLANCE_IN_PROGRESS'],
      suggestions: [{ actions: [APIXABAN_TREATMENT, { type: 'delete', resourceId: scan2 }] }],
    },
  });
}

function sc09(): Built {
  const d0 = '2025-03-04';
  const b = new ScenarioBuilder('SC09', '2025-03-18T15:00:00Z', { age: 62, gender: 'male', family: 'Lindqvist', given: 'Erik' });
  b.encounter({ cls: 'AMB', start: '2025-03-18T13:00:00Z' });
  const index = b.dvt({ icd: 'I82.461', vein: 'soleal', side: 'right', onset: d0 });
  b.scan({ loinc: '39443-7', date: '2025-03-04T14:00:00Z', vein: 'soleal', lengthCm: 2.5, diameterMm: 4, distanceCm: 10,
    veinsInvolved: 1, protocol: 'whole-leg', conclusion: 'Right: soleal vein thrombus 2.5 cm.' });
  b.surveillancePlan(index, d0, ['completed', 'completed']);
  b.scan({ loinc: '39420-5', date: '2025-03-11T10:00:00Z', vein: 'soleal', protocol: 'whole-leg', extension: 'none',
    conclusion: 'No extension. No new thrombus in either leg.' });
  b.scan({ loinc: '39420-5', date: '2025-03-18T10:00:00Z', vein: 'soleal', protocol: 'whole-leg', extension: 'resolved',
    conclusion: 'Soleal vein thrombus resolved. No DVT in either leg.' });
  return b.build({
    id: 'SC09', slug: 'surveillance-complete', title: 'Surveillance complete', source: 'RULES §6 SC09 (G4; §5.4 P9)',
    service: PATIENT_VIEW,
    expected: {
      primary: 'SURVEILLANCE_COMPLETE', indicator: 'info',
      absent: ['ANTICOAGULATE', 'SURVEILLANCE_OVERDUE', 'ANTICOAGULATE_DISTAL_EXTENSION'],
      suggestions: [],
    },
  });
}

function sc10(): Built {
  const b = new ScenarioBuilder('SC10', '2025-03-05T15:00:00Z', { age: 44, gender: 'male', family: 'Haddad', given: 'Sami' });
  b.encounter({ cls: 'EMER', start: '2025-03-01T08:00:00Z', end: '2025-03-01T16:00:00Z' });
  b.encounter({ cls: 'AMB', start: '2025-03-05T14:00:00Z' });
  const dvt = b.dvt({ icd: 'I82.451', vein: 'peroneal', side: 'right', onset: '2025-03-01' });
  b.scan({ loinc: '39443-7', date: '2025-03-01T10:00:00Z', vein: 'peroneal', lengthCm: 3, diameterMm: 5, distanceCm: 7,
    veinsInvolved: 1, protocol: 'whole-leg', conclusion: 'Right: peroneal vein thrombus 3 cm.' });
  b.condition({ icd: 'Z79.01', onset: '2025-03-01' });
  b.activeMedication({
    rxcui: '1364445', authoredOn: '2025-03-01', reasonRef: dvt,
    phases: [
      { doseMg: 10, frequencyPerDay: 2, days: 7, route: 'oral', text: '10 mg (2 tablets) by mouth twice daily for 7 days' },
      { doseMg: 5, frequencyPerDay: 2, route: 'oral', text: 'then 5 mg by mouth twice daily' },
    ],
  });
  b.labs('2025-03-01T08:30:00Z', { creatinineMgDl: 0.9, platelets: 250, hgb: 15.0, weightKg: 82 });
  return b.build({
    id: 'SC10', slug: 'already-on-apixaban', title: 'Already started on apixaban in the ED', source: 'RULES §6 SC10 (§5.4 P6)',
    service: PATIENT_VIEW,
    expected: {
      primary: 'ALREADY_ANTICOAGULATED', indicator: 'info',
      absent: ['ANTICOAGULATE', 'SERIAL_IMAGING'],
      suggestions: [],
      detailIncludes: ['2025-03-07', '2025-06-01'],
    },
  });
}

function sc11(): Built {
  const d0 = '2025-03-03';
  const b = new ScenarioBuilder('SC11', '2025-03-03T15:00:00Z', { age: 60, gender: 'female', family: 'Kowalski', given: 'Maria' });
  b.encounter({ cls: 'IMP', start: '2025-02-26T08:00:00Z' });
  b.procedure({ snomed: '609588000', cpt: '27447', date: '2025-02-27T09:00:00Z' });
  b.activeMedication({
    rxcui: '854235', authoredOn: '2025-02-27',
    phases: [{ doseMg: 40, frequencyPerDay: 1, route: 'subcutaneous', text: '40 mg subcutaneously once daily (VTE prophylaxis)' }],
  });
  b.dvt({ icd: 'I82.451', vein: 'peroneal', side: 'right', onset: d0 });
  b.scan({ loinc: '39443-7', date: '2025-03-03T11:00:00Z', vein: 'peroneal', lengthCm: 4, diameterMm: 5, distanceCm: 7,
    veinsInvolved: 1, protocol: 'whole-leg', conclusion: 'Right: peroneal vein thrombus 4 cm, 5 mm, 7 cm below the popliteal vein.' });
  b.ddimer({ value: 2600, date: '2025-03-03T07:00:00Z' });
  b.labs('2025-03-03T07:00:00Z', { creatinineMgDl: 1.5, platelets: 190, hgb: 10.9, weightKg: 74 });
  return b.build({
    id: 'SC11', slug: 'inpatient-after-knee-replacement', title: 'Inpatient after total knee replacement',
    source: 'RULES §6 SC11 (G6/G7; §5.4 P14; §7.14, §7.15)',
    service: PATIENT_VIEW,
    expected: {
      primary: 'SHARED_DECISION', indicator: 'warning',
      notes: ['DDIMER_CONFOUNDED_NOTE'],
      absent: ['ANTICOAGULATE', 'ALREADY_ANTICOAGULATED'],
      suggestions: [
        serialImaging(d0, { first: true }),
        { actions: [{ type: 'create', resourceType: 'MedicationRequest', codes: ['1599551'], doseMg: 30 }] },
        { actions: [enoxaparin(70, '854241', 2)] },
      ],
      detailIncludes: ['47 mL/min'],
    },
  });
}

function sc12(): Built {
  const b = new ScenarioBuilder('SC12', '2025-03-03T15:00:00Z', { age: 39, gender: 'male', family: 'Moreau', given: 'Luc' });
  b.encounter({ cls: 'AMB', start: '2025-03-03T13:00:00Z' });
  b.condition({ icd: 'U07.1', snomed: '840539006', onset: '2025-02-20' });
  b.dvt({ icd: 'I82.462', vein: 'soleal', side: 'left', onset: '2025-03-03' });
  b.scan({ loinc: '39432-0', date: '2025-03-03T14:00:00Z', vein: 'soleal', lengthCm: 3, diameterMm: 5, distanceCm: 9,
    veinsInvolved: 1, protocol: 'whole-leg', conclusion: 'Left: soleal vein thrombus 3 cm.' });
  b.ddimer({ value: 480, date: '2025-03-03T13:15:00Z' });
  b.labs('2025-03-03T13:15:00Z', { creatinineMgDl: 1.0, platelets: 280, hgb: 15.2, weightKg: 82 });
  return b.build({
    id: 'SC12', slug: 'recent-covid', title: 'Recent COVID-19', source: 'RULES §6 SC12 (G7; §7.11 COVID-19 window 90 d)',
    service: PATIENT_VIEW,
    expected: {
      primary: 'ANTICOAGULATE', indicator: 'warning',
      absent: ['SERIAL_IMAGING'],
      suggestions: [apixaban({ isRecommended: true })],
      detailIncludes: ['COVID'],
    },
  });
}

function sc14(): Built {
  const b = new ScenarioBuilder('SC14', '2025-03-07T15:00:00Z', { age: 35, gender: 'male', family: 'Tanaka', given: 'Ken' });
  b.encounter({ cls: 'AMB', start: '2025-03-07T13:00:00Z' });
  b.dvt({ icd: 'I82.461', vein: 'gastrocnemius', side: 'right', onset: '2025-03-07' });
  b.scan({ loinc: '39443-7', date: '2025-03-07T14:00:00Z', vein: 'gastrocnemius', lengthCm: 2.5, diameterMm: 4, distanceCm: 10,
    veinsInvolved: 1, protocol: 'whole-leg', conclusion: 'Right: gastrocnemius vein thrombus 2.5 cm.' });
  b.ddimer({ value: 380, date: '2025-03-07T13:15:00Z' });
  b.labs('2025-03-07T13:15:00Z', { creatinineMgDl: 0.9, platelets: 260, hgb: 15.0, weightKg: 80 });
  b.painScore(8, '2025-03-07T13:10:00Z');
  b.attest('severe-symptoms', true, '2025-03-07T14:30:00Z');
  b.attest('vte-provocation', 'provoked-transient-minor', '2025-03-07T14:30:00Z');
  return b.build({
    id: 'SC14', slug: 'severe-symptoms', title: 'Severe symptoms, otherwise low risk', source: 'RULES §6 SC14 (G2; §7.10)',
    service: PATIENT_VIEW,
    expected: {
      primary: 'ANTICOAGULATE', indicator: 'warning',
      notes: ['MUSCULAR_ONLY_NOTE'],
      absent: ['SERIAL_IMAGING'],
      suggestions: [apixaban({ isRecommended: true })],
    },
  });
}

function sc15(): Built {
  const d0 = '2025-03-07';
  const b = new ScenarioBuilder('SC15', '2025-03-07T15:00:00Z', { age: 41, gender: 'female', family: 'Byrne', given: 'Siobhan' });
  b.encounter({ cls: 'AMB', start: '2025-03-07T13:00:00Z' });
  b.dvt({ icd: 'I82.462', vein: 'gastrocnemius', side: 'left', onset: d0 });
  b.scan({ loinc: '39432-0', date: '2025-03-07T14:00:00Z', vein: 'gastrocnemius', lengthCm: 2, diameterMm: 4, distanceCm: 11,
    veinsInvolved: 1, protocol: 'whole-leg', conclusion: 'Left: gastrocnemius vein thrombus 2 cm.' });
  b.ddimer({ value: 300, date: '2025-03-07T13:15:00Z' });
  b.labs('2025-03-07T13:15:00Z', { creatinineMgDl: 0.7, platelets: 230, hgb: 13.0, weightKg: 64 });
  b.attest('vte-provocation', 'provoked-transient-minor', '2025-03-07T14:30:00Z');
  b.attest('management-preference', 'anticoagulation', '2025-03-07T14:30:00Z');
  return b.build({
    id: 'SC15', slug: 'prefers-anticoagulation', title: 'No risk factors, patient prefers anticoagulation', source: 'RULES §6 SC15 (G3; §5.4 P16)',
    service: PATIENT_VIEW,
    expected: {
      primary: 'ANTICOAGULATE_BY_PREFERENCE', indicator: 'info',
      absent: ['ANTICOAGULATE', 'SERIAL_IMAGING'],
      suggestions: [apixaban({ isRecommended: true, first: true }), serialImaging(d0)],
    },
  });
}

function sc17(variant: 'default' | 'age-adjusted'): Built {
  const d0 = '2025-03-14';
  const b = new ScenarioBuilder('SC17', '2025-03-14T15:00:00Z', { age: 74, gender: 'female', family: 'Ferreira', given: 'Lucia' });
  b.encounter({ cls: 'AMB', start: '2025-03-14T13:00:00Z' });
  b.dvt({ icd: 'I82.461', vein: 'soleal', side: 'right', onset: d0 });
  b.scan({ loinc: '39443-7', date: '2025-03-14T14:00:00Z', vein: 'soleal', lengthCm: 3, diameterMm: 5, distanceCm: 9,
    veinsInvolved: 1, protocol: 'whole-leg', conclusion: 'Right: soleal vein thrombus 3 cm.' });
  b.ddimer({ value: 650, date: '2025-03-14T13:15:00Z' });
  b.labs('2025-03-14T13:15:00Z', { creatinineMgDl: 0.9, platelets: 220, hgb: 12.5, weightKg: 66 });
  b.attest('vte-provocation', 'provoked-transient-minor', '2025-03-14T14:30:00Z');
  if (variant === 'default') {
    return b.build({
      id: 'SC17', slug: 'ddimer-between-cutoffs', title: 'D-dimer between fixed and age-adjusted cut-offs (default config)',
      source: 'RULES §6 SC17 (§3.2; §7.6 age adjustment off)',
      service: PATIENT_VIEW,
      expected: {
        primary: 'ANTICOAGULATE', indicator: 'warning',
        absent: ['SERIAL_IMAGING'],
        suggestions: [apixaban({ isRecommended: true })],
        detailIncludes: ['650 ng/mL FEU', 'moderate bleeding risk'],
      },
    });
  }
  return b.build({
    id: 'SC17b', slug: 'ddimer-age-adjusted', title: 'D-dimer between cut-offs, age-adjusted D-dimer on (cut-off 740)',
    source: 'RULES §6 SC17 with useAgeAdjustedDDimer=true (§3.2; §7.6)',
    service: PATIENT_VIEW,
    thresholds: { useAgeAdjustedDDimer: true },
    expected: {
      primary: 'SERIAL_IMAGING', indicator: 'info',
      notes: ['BILATERAL_SURVEILLANCE_NOTE'],
      absent: ['ANTICOAGULATE'],
      suggestions: [serialImaging(d0, { isRecommended: true }), apixaban()],
    },
  });
}

function sc19(): Built {
  const d0 = '2025-02-20';
  const b = new ScenarioBuilder('SC19', '2025-03-10T15:00:00Z', { age: 68, gender: 'female', family: 'Olsen', given: 'Ingrid' });
  b.encounter({ cls: 'AMB', start: '2025-03-10T13:00:00Z' });
  const index = b.dvt({ icd: 'I82.461', vein: 'soleal', side: 'right', onset: d0 });
  b.scan({ loinc: '39443-7', date: '2025-02-20T14:00:00Z', vein: 'soleal', lengthCm: 2.5, diameterMm: 4, distanceCm: 10,
    veinsInvolved: 1, protocol: 'whole-leg', conclusion: 'Right: soleal vein thrombus 2.5 cm.' });
  b.surveillancePlan(index, d0, ['completed', 'active']);
  b.scan({ loinc: '39420-5', date: '2025-02-27T10:00:00Z', vein: 'soleal', protocol: 'whole-leg', extension: 'none',
    conclusion: 'No extension. No new thrombus.' });
  return b.build({
    id: 'SC19', slug: 'surveillance-overdue', title: 'Surveillance overdue', source: 'RULES §6 SC19 (§5.4 P10; §5.5)',
    service: PATIENT_VIEW,
    expected: {
      primary: 'SURVEILLANCE_OVERDUE', indicator: 'warning',
      absent: ['SURVEILLANCE_COMPLETE', 'ANTICOAGULATE', 'SERIAL_IMAGING'],
      suggestions: [{ actions: [{ type: 'create', resourceType: 'ServiceRequest', codes: ['93970', '39420-5'] }] }],
    },
  });
}

function sc20(): Built {
  const b = new ScenarioBuilder('SC20', '2025-03-03T15:00:00Z', { age: 57, gender: 'male', family: 'Petrov', given: 'Ivan' });
  b.encounter({ cls: 'EMER', start: '2025-03-03T09:00:00Z' });
  b.dvt({ icd: 'I82.412', vein: 'femoral', side: 'left', onset: '2025-03-03' });
  b.dvt({ icd: 'I82.452', vein: 'peroneal', side: 'left', onset: '2025-03-03' });
  b.scan({ loinc: '39432-0', date: '2025-03-03T11:00:00Z', vein: 'femoral', lengthCm: 12, diameterMm: 9, veinsInvolved: 3,
    protocol: 'whole-leg', conclusion: 'Left: occlusive thrombus femoral vein extending to the peroneal veins.' });
  b.ddimer({ value: 2400, date: '2025-03-03T09:30:00Z' });
  b.labs('2025-03-03T09:30:00Z', { creatinineMgDl: 1.0, platelets: 250, hgb: 14.8, weightKg: 88 });
  return b.build({
    id: 'SC20', slug: 'proximal-femoral', title: 'Proximal (femoral) DVT', source: 'RULES §6 SC20 (§5.4 P3)',
    service: PATIENT_VIEW,
    expected: {
      primary: 'OUT_OF_SCOPE', primaryOptional: true, indicator: 'info',
      absent: [...IDDVT_TREATMENT_ADVICE],
    },
  });
}

function sc21(): Built {
  const b = new ScenarioBuilder('SC21', '2025-03-03T15:00:00Z', { age: 66, gender: 'female', family: 'Dubois', given: 'Claire' });
  b.encounter({ cls: 'AMB', start: '2025-03-03T13:00:00Z' });
  b.condition({ icd: 'I82.562', onset: '2023-06-12', recorded: '2023-06-12' });
  b.labs('2025-03-03T13:15:00Z', { creatinineMgDl: 0.9, weightKg: 70 });
  return b.build({
    id: 'SC21', slug: 'chronic-calf-only', title: 'Chronic calf vein thrombosis only', source: 'RULES §6 SC21 (§2.2; §5.4 P1)',
    service: PATIENT_VIEW,
    expected: { primary: null },
  });
}

function sc23(): Built {
  const d0 = '2025-03-12';
  const b = new ScenarioBuilder('SC23', '2025-03-12T15:00:00Z', { age: 47, gender: 'male', family: 'Nguyen', given: 'Bao' });
  b.encounter({ cls: 'AMB', start: '2025-03-12T13:00:00Z' });
  b.condition({ icd: 'D69.6', onset: '2025-02-01' });
  b.dvt({ icd: 'I82.451', vein: 'peroneal', side: 'right', onset: d0 });
  b.scan({ loinc: '39443-7', date: '2025-03-12T14:00:00Z', vein: 'peroneal', lengthCm: 5.5, diameterMm: 6, distanceCm: 6,
    veinsInvolved: 1, protocol: 'whole-leg', conclusion: 'Right: peroneal vein thrombus 5.5 cm.' });
  b.ddimer({ value: 900, date: '2025-03-12T13:15:00Z' });
  b.labs('2025-03-12T13:15:00Z', { creatinineMgDl: 1.0, platelets: 38, hgb: 14.0, weightKg: 85 });
  return b.build({
    id: 'SC23', slug: 'severe-thrombocytopenia', title: 'Severe thrombocytopenia', source: 'RULES §6 SC23 (§5.4 P7; §7.13)',
    service: PATIENT_VIEW,
    expected: {
      primary: 'CONTRAINDICATED_SERIAL_IMAGING', indicator: 'warning',
      absent: ['ANTICOAGULATE', 'SHARED_DECISION'],
      suggestions: [{ actions: [surveillanceScan(d0, 1), surveillanceScan(d0, 2)] }],
      detailIncludes: ['38'],
      absentOrderCodes: ALL_ANTICOAGULANT_CODES,
    },
  });
}

export function rulesScenarios(): Built[] {
  return [sc01(), sc02(), sc03(), sc04(), sc05(), sc07(), sc09(), sc10(), sc11(), sc12(), sc14(), sc15(),
    sc17('default'), sc17('age-adjusted'), sc19(), sc20(), sc21(), sc23()];
}
