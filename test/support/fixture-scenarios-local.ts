/**
 * patient-view scenarios of our own, one per rule the RULES §6 development set does not exercise. Each fixture's
 * `source` names the rule. Calf clots here are axial (tibial/peroneal) unless the rule is about muscular veins,
 * so that only the rule under test decides the advice.
 */
import { SYS } from './fixture-codes';
import { ScenarioBuilder, addDays } from './fixture-builders';
import { DOAC_CODES, LMWH_CODES, RX } from './fixture-codes';
import {
  APIXABAN_TREATMENT,
  IDDVT_TREATMENT_ADVICE,
  LMWH_ORDER,
  PATIENT_VIEW,
  apixaban,
  enoxaparin,
  serialImaging,
} from './fixture-expected-helpers';
import type { ScenarioFixture } from './fixture-types';

type Built = { readonly file: string; readonly fixture: ScenarioFixture };
type Person = ConstructorParameters<typeof ScenarioBuilder>[2];

export const SUSPECTED_DVT = {
  coding: [{ system: SYS.snomed, code: '404223003', display: 'Deep venous thrombosis of lower extremity' }],
  text: 'Suspected DVT: left calf pain and swelling',
};

/**
 * A first-episode axial calf DVT (peroneal, right) diagnosed at d0 with a whole-leg scan; the caller adds what the
 * scenario is about. Defaults: length 3 cm, 5 mm, 8 cm from the popliteal vein, normal labs, weight 80 kg.
 */
function axialEpisode(id: string, now: string, person: Person, opts: {
  readonly d0?: string;
  readonly lengthCm?: number;
  readonly diameterMm?: number;
  readonly distanceCm?: number;
  readonly icd?: string;
  readonly severity?: 'severe';
  readonly labs?: Parameters<ScenarioBuilder['labs']>[1];
} = {}): { readonly b: ScenarioBuilder; readonly d0: string; readonly dvt: string } {
  const d0 = opts.d0 ?? now.slice(0, 10);
  const b = new ScenarioBuilder(id, now, person);
  b.encounter({ cls: 'AMB', start: `${now.slice(0, 10)}T13:00:00Z` });
  const dvt = b.dvt({ icd: opts.icd ?? 'I82.451', vein: 'peroneal', side: 'right', onset: d0,
    ...(opts.severity === undefined ? {} : { severity: opts.severity }) });
  const length = opts.lengthCm ?? 3;
  b.scan({ loinc: '39443-7', date: `${d0}T12:00:00Z`, vein: 'peroneal', lengthCm: length, diameterMm: opts.diameterMm ?? 5,
    distanceCm: opts.distanceCm ?? 8, veinsInvolved: 1, protocol: 'whole-leg',
    conclusion: `Right: peroneal vein thrombus ${length} cm.` });
  b.labs(`${d0}T11:30:00Z`, opts.labs ?? { creatinineMgDl: 1.0, platelets: 240, hgb: 14.0, weightKg: 80 });
  return { b, d0, dvt };
}

function x01DduDdimer(): Built {
  const { b } = axialEpisode('X01', '2025-03-04T15:00:00Z', { age: 45, gender: 'male', family: 'Walsh', given: 'Rory' });
  b.ddimer({ value: 300, loinc: '48066-5', date: '2025-03-04T11:00:00Z' });
  b.attest('vte-provocation', 'provoked-transient-minor', '2025-03-04T14:00:00Z');
  return b.build({
    id: 'X01', slug: 'ddimer-ddu', title: 'D-dimer reported in DDU (300 ng/mL DDU = 600 ng/mL FEU, positive)',
    source: 'RULES §3.1 (DDU × 2.0 → FEU), §3.2 positive ≥ 500 ng/mL FEU; §2.4 48066-5',
    service: PATIENT_VIEW,
    expected: { primary: 'ANTICOAGULATE', indicator: 'warning', absent: ['SERIAL_IMAGING'], suggestions: [apixaban({ isRecommended: true })] },
  });
}

function x02DdimerMgL(): Built {
  const { b } = axialEpisode('X02', '2025-03-04T15:00:00Z', { age: 40, gender: 'female', family: 'Keane', given: 'Aoife' },
    { labs: { creatinineMgDl: 0.8, platelets: 260, hgb: 13.1, weightKg: 66 } });
  b.ddimer({ value: 1.2, unitCode: 'mg/L{FEU}', date: '2025-03-04T11:00:00Z' });
  b.attest('vte-provocation', 'provoked-transient-minor', '2025-03-04T14:00:00Z');
  return b.build({
    id: 'X02', slug: 'ddimer-mg-per-l', title: 'D-dimer in mg/L FEU (1.2 mg/L = 1,200 ng/mL FEU, positive)',
    source: 'RULES §3.1 (UCUM: mg/L × 1000 → ng/mL), §3.2',
    service: PATIENT_VIEW,
    expected: { primary: 'ANTICOAGULATE', indicator: 'warning', absent: ['SERIAL_IMAGING'], suggestions: [apixaban({ isRecommended: true })] },
  });
}

function x03LabReferenceRange(): Built {
  const { b } = axialEpisode('X03', '2025-03-04T15:00:00Z', { age: 38, gender: 'male', family: 'Silva', given: 'Rui' });
  b.ddimer({ value: 450, referenceHigh: 400, date: '2025-03-04T11:00:00Z' });
  b.attest('vte-provocation', 'provoked-transient-minor', '2025-03-04T14:00:00Z');
  return b.build({
    id: 'X03', slug: 'ddimer-lab-reference-range', title: 'Lab reference range wins (450 > lab ULN 400, below the generic 500)',
    source: 'RULES §3.1 ("the lab\'s reference range always wins over the generic cut-off"), §3.2 "> lab ULN"',
    service: PATIENT_VIEW,
    expected: { primary: 'ANTICOAGULATE', indicator: 'warning', absent: ['SERIAL_IMAGING'], suggestions: [apixaban({ isRecommended: true })] },
  });
}

function x04GastricCancer(): Built {
  const b = new ScenarioBuilder('X04', '2025-03-05T15:00:00Z', { age: 64, gender: 'male', family: 'Yilmaz', given: 'Emre' });
  b.encounter({ cls: 'AMB', start: '2025-03-05T13:00:00Z' });
  b.condition({ icd: 'C16.9', onset: '2025-01-15' });
  b.dvt({ icd: 'I82.441', vein: 'anterior-tibial', side: 'right', onset: '2025-03-05' });
  b.scan({ loinc: '39443-7', date: '2025-03-05T12:00:00Z', vein: 'anterior-tibial', lengthCm: 3, diameterMm: 5, distanceCm: 9,
    veinsInvolved: 1, protocol: 'whole-leg', conclusion: 'Right: anterior tibial vein thrombus 3 cm.' });
  b.ddimer({ value: 2000, date: '2025-03-05T11:00:00Z' });
  b.labs('2025-03-05T11:00:00Z', { creatinineMgDl: 1.0, platelets: 210, hgb: 13.4, weightKg: 80 });
  return b.build({
    id: 'X04', slug: 'gastric-cancer-lmwh-first', title: 'Gastric cancer: LMWH first',
    source: 'RULES §4 agent selection 3 (gastric lesion → LMWH first), G8; §5.4 P13',
    service: PATIENT_VIEW,
    expected: {
      primary: 'CANCER_ANTICOAGULATE', indicator: 'warning', notes: ['DDIMER_CONFOUNDED_NOTE'],
      suggestions: [{ first: true, actions: [LMWH_ORDER] }],
    },
  });
}

function x05PostpartumBreastfeeding(): Built {
  const b = new ScenarioBuilder('X05', '2025-03-05T15:00:00Z', { age: 32, gender: 'female', family: 'Osei', given: 'Ama' });
  const delivery = b.encounter({ cls: 'IMP', start: '2025-02-19T22:00:00Z', end: '2025-02-22T11:00:00Z' });
  b.encounter({ cls: 'AMB', start: '2025-03-05T13:00:00Z' });
  b.condition({ icd: 'O80', onset: '2025-02-20', category: 'encounter-diagnosis', encounterRef: delivery, clinicalStatus: 'resolved' });
  b.condition({ icd: 'Z37.0', onset: '2025-02-20', category: 'encounter-diagnosis', encounterRef: delivery, clinicalStatus: 'resolved' });
  b.condition({ snomed: '86569001', onset: '2025-02-20' });
  b.condition({ icd: 'Z39.1', onset: '2025-03-01' });
  b.dvt({ icd: 'I82.452', vein: 'peroneal', side: 'left', onset: '2025-03-05' });
  b.scan({ loinc: '39432-0', date: '2025-03-05T12:00:00Z', vein: 'peroneal', lengthCm: 3, diameterMm: 5, distanceCm: 8,
    veinsInvolved: 1, protocol: 'whole-leg', conclusion: 'Left: peroneal vein thrombus 3 cm.' });
  b.ddimer({ value: 1600, date: '2025-03-05T11:00:00Z' });
  b.labs('2025-03-05T11:00:00Z', { creatinineMgDl: 0.7, platelets: 300, hgb: 12.5, weightKg: 70 });
  return b.build({
    id: 'X05', slug: 'postpartum-breastfeeding', title: 'Postpartum day 13, breastfeeding: LMWH (or warfarin), no DOAC',
    source: 'RULES §4 agent selection 2, G9; §7.4 (DOAC postpartum only when not breastfeeding); §5.4 P12',
    service: PATIENT_VIEW,
    expected: {
      primary: 'PREGNANCY_LMWH', indicator: 'warning', notes: ['DDIMER_CONFOUNDED_NOTE'],
      suggestions: [{ first: true, actions: [{ type: 'create', resourceType: 'MedicationRequest', anyCodes: [...LMWH_CODES, ...RX.warfarin] }] }],
      absentOrderCodes: DOAC_CODES,
    },
  });
}

function x06RenalLimit(): Built {
  const { b } = axialEpisode('X06', '2025-03-04T15:00:00Z', { age: 60, gender: 'male', family: 'Becker', given: 'Jonas' },
    { lengthCm: 6, diameterMm: 6, distanceCm: 6, labs: { creatinineMgDl: 3.2, platelets: 220, hgb: 13.5, weightKg: 70 } });
  b.ddimer({ value: 900, date: '2025-03-04T11:00:00Z' });
  b.attest('vte-provocation', 'provoked-transient-minor', '2025-03-04T14:00:00Z');
  return b.build({
    id: 'X06', slug: 'renal-crcl-below-30', title: 'CrCl 24 mL/min: no dabigatran/fondaparinux, enoxaparin once daily',
    source: 'RULES §4 renal column (dabigatran avoid ≤ 30, fondaparinux contraindicated < 30, enoxaparin q24h < 30), agent selection 6; RENAL_DOSE_NOTE §5.3',
    service: PATIENT_VIEW,
    expected: {
      primary: 'ANTICOAGULATE', indicator: 'warning', notes: ['RENAL_DOSE_NOTE'],
      suggestions: [{ actions: [enoxaparin(70, '854241', 1)] }],
      detailIncludes: ['24 mL/min'],
      absentOrderCodes: [...RX.dabigatran, ...RX.fondaparinux],
    },
  });
}

function x07DistalExtension(): Built {
  const d0 = '2025-03-03';
  const b = new ScenarioBuilder('X07', '2025-03-10T15:00:00Z', { age: 50, gender: 'male', family: 'Horvat', given: 'Luka' });
  b.encounter({ cls: 'AMB', start: '2025-03-10T13:00:00Z' });
  const index = b.dvt({ icd: 'I82.461', vein: 'gastrocnemius', side: 'right', onset: d0 });
  b.scan({ loinc: '39443-7', date: '2025-03-03T12:00:00Z', vein: 'gastrocnemius', lengthCm: 2.5, diameterMm: 4, distanceCm: 10,
    veinsInvolved: 1, protocol: 'whole-leg', conclusion: 'Right: gastrocnemius vein thrombus 2.5 cm.' });
  b.surveillancePlan(index, d0, ['completed', 'active']);
  b.scan({ loinc: '39420-5', date: '2025-03-10T10:00:00Z', vein: 'gastrocnemius', protocol: 'whole-leg', extension: 'distal-extension',
    extensionVein: 'peroneal', conclusion: 'Right: thrombus has extended into the peroneal vein; popliteal vein patent.' });
  b.labs('2025-03-03T11:30:00Z', { creatinineMgDl: 1.0, platelets: 250, hgb: 14.6, weightKg: 85 });
  return b.build({
    id: 'X07', slug: 'distal-extension-follow-up', title: 'Distal extension on the day-7 scan',
    source: 'RULES §5.4 P8, §5.5 (distal-extension → ANTICOAGULATE_DISTAL_EXTENSION), G4 weak',
    service: PATIENT_VIEW,
    expected: {
      primary: 'ANTICOAGULATE_DISTAL_EXTENSION', indicator: 'warning',
      absent: ['SURVEILLANCE_OVERDUE', 'SURVEILLANCE_IN_PROGRESS', 'SERIAL_IMAGING'],
      suggestions: [{ actions: [APIXABAN_TREATMENT] }],
    },
  });
}

function x08ProximalOnlyScan(): Built {
  const b = new ScenarioBuilder('X08', '2025-03-04T15:00:00Z', { age: 52, gender: 'female', family: 'Lund', given: 'Karin' });
  b.encounter({ cls: 'EMER', start: '2025-03-04T09:00:00Z', reason: SUSPECTED_DVT });
  b.serviceRequest({ coding: [{ system: SYS.loinc, code: '69399-4', display: 'US Femoral vein and Popliteal vein' }],
    status: 'completed', authoredOn: '2025-03-04T09:30:00Z', reason: SUSPECTED_DVT });
  b.scan({ loinc: '69399-4', date: '2025-03-04T11:00:00Z', protocol: 'proximal-2-point',
    conclusion: 'Two-point compression: common femoral and popliteal veins compressible. Calf veins not examined.' });
  b.ddimer({ value: 900, date: '2025-03-04T09:40:00Z' });
  b.labs('2025-03-04T09:40:00Z', { creatinineMgDl: 0.8, platelets: 250, hgb: 13.0, weightKg: 70 });
  return b.build({
    id: 'X08', slug: 'proximal-only-scan', title: 'Suspected DVT, proximal-only (2-point) scan, no calf result',
    source: 'RULES §5.4 P2, G10; §2.5 69399-4 proximal-only flag',
    service: PATIENT_VIEW,
    expected: {
      primary: 'IMAGING_PROTOCOL_WARNING', indicator: 'warning',
      absent: [...IDDVT_TREATMENT_ADVICE],
      suggestions: [{ actions: [{ type: 'create', resourceType: 'ServiceRequest', anyCodes: ['93970', '93971'] }] }],
    },
  });
}

function x09HighBleedingVsExtension(): Built {
  const { b, d0 } = axialEpisode('X09', '2025-03-04T15:00:00Z', { age: 58, gender: 'male', family: 'Costa', given: 'Paulo' },
    { icd: 'I82.451', lengthCm: 6.5, diameterMm: 6, distanceCm: 6 });
  b.condition({ icd: 'K92.2', onset: '2024-12-01', clinicalStatus: 'resolved' });
  b.condition({ icd: 'Z79.82', onset: '2023-05-01' });
  b.activeMedication({ rxcui: '1191', authoredOn: '2023-05-01',
    phases: [{ doseMg: 81, frequencyPerDay: 1, route: 'oral', text: '81 mg by mouth once daily' }] });
  b.ddimer({ value: 1200, date: '2025-03-04T11:00:00Z' });
  return b.build({
    id: 'X09', slug: 'high-bleeding-vs-extension', title: 'Long clot (6.5 cm) but high bleeding risk (prior GI bleed + aspirin)',
    source: 'RULES §5.4 P14 (SHARED_DECISION, serial imaging listed first), §2.7 CHEST count, §7.1',
    service: PATIENT_VIEW,
    expected: {
      primary: 'SHARED_DECISION', indicator: 'warning',
      absent: ['ANTICOAGULATE', 'ALREADY_ANTICOAGULATED'],
      suggestions: [serialImaging(d0, { first: true }), apixaban()],
    },
  });
}

function x10NeedDetail(): Built {
  const b = new ScenarioBuilder('X10', '2025-03-05T15:00:00Z', { age: 50, gender: 'female', family: 'Weber', given: 'Anna' });
  b.encounter({ cls: 'AMB', start: '2025-03-05T13:00:00Z' });
  b.dvt({ icd: 'I82.409', onset: '2025-03-05' });
  b.ddimer({ value: 700, date: '2025-03-05T11:00:00Z' });
  b.labs('2025-03-05T11:00:00Z', { creatinineMgDl: 0.8, platelets: 250, hgb: 13.0, weightKg: 68 });
  return b.build({
    id: 'X10', slug: 'need-detail-unspecified-vein', title: 'I82.409 without bodySite or report: vein unknown',
    source: 'RULES §5.4 P4, §7.16; §2.1 note (I82.40- cannot establish IDDVT)',
    service: PATIENT_VIEW,
    expected: { primary: 'NEED_DETAIL', indicator: 'info', absent: [...IDDVT_TREATMENT_ADVICE], suggestions: [] },
  });
}

function x11PulmonaryEmbolism(): Built {
  const b = new ScenarioBuilder('X11', '2025-03-03T15:00:00Z', { age: 61, gender: 'male', family: 'Sato', given: 'Hiro' });
  b.encounter({ cls: 'EMER', start: '2025-03-03T08:00:00Z' });
  b.condition({ icd: 'I26.99', onset: '2025-03-03', category: 'encounter-diagnosis' });
  b.dvt({ icd: 'I82.442', vein: 'posterior-tibial', side: 'left', onset: '2025-03-03' });
  b.scan({ loinc: '39432-0', date: '2025-03-03T12:00:00Z', vein: 'posterior-tibial', lengthCm: 3, diameterMm: 5, distanceCm: 9,
    veinsInvolved: 1, protocol: 'whole-leg', conclusion: 'Left: posterior tibial vein thrombus 3 cm.' });
  b.ddimer({ value: 3000, date: '2025-03-03T08:30:00Z' });
  b.labs('2025-03-03T08:30:00Z', { creatinineMgDl: 1.0, platelets: 230, hgb: 14.0, weightKg: 78 });
  return b.build({
    id: 'X11', slug: 'pe-in-episode', title: 'Calf DVT with pulmonary embolism: out of scope',
    source: 'RULES §1.1 (IDDVT = no PE), §5.4 P3',
    service: PATIENT_VIEW,
    expected: { primary: 'OUT_OF_SCOPE', primaryOptional: true, indicator: 'info', absent: [...IDDVT_TREATMENT_ADVICE] },
  });
}

function x12PriorVte(): Built {
  const { b } = axialEpisode('X12', '2025-03-04T15:00:00Z', { age: 48, gender: 'male', family: 'Murphy', given: 'Sean' });
  b.condition({ icd: 'Z86.718', onset: '2019-05-01' });
  b.ddimer({ value: 400, date: '2025-03-04T11:00:00Z' });
  b.attest('vte-provocation', 'provoked-transient-minor', '2025-03-04T14:00:00Z');
  return b.build({
    id: 'X12', slug: 'prior-vte', title: 'Prior VTE (Z86.718) is the only extension factor',
    source: 'RULES §5.2 extensionFactors priorVte, §2.7 Prior VTE, §4 duration "Recurrent VTE" → RECURRENT_VTE_EXTENDED_REVIEW',
    service: PATIENT_VIEW,
    expected: {
      primary: 'ANTICOAGULATE', indicator: 'warning', notes: ['RECURRENT_VTE_EXTENDED_REVIEW'], absent: ['SERIAL_IMAGING'],
      suggestions: [apixaban({ isRecommended: true })],
    },
  });
}

function x13TreatmentFailure(): Built {
  const b = new ScenarioBuilder('X13', '2025-03-05T15:00:00Z', { age: 56, gender: 'female', family: 'Jensen', given: 'Mette' });
  b.encounter({ cls: 'AMB', start: '2025-03-05T13:00:00Z' });
  b.condition({ icd: 'I48.91', onset: '2024-09-20' });
  b.activeMedication({ rxcui: '1232086', authoredOn: '2024-10-01',
    phases: [{ doseMg: 20, frequencyPerDay: 1, route: 'oral', text: '20 mg by mouth once daily with the evening meal' }] });
  b.dvt({ icd: 'I82.441', vein: 'posterior-tibial', side: 'right', onset: '2025-03-05' });
  b.scan({ loinc: '39443-7', date: '2025-03-05T12:00:00Z', vein: 'posterior-tibial', lengthCm: 3, diameterMm: 5, distanceCm: 9,
    veinsInvolved: 1, protocol: 'whole-leg', conclusion: 'Right: posterior tibial vein thrombus 3 cm.' });
  b.labs('2025-03-05T11:00:00Z', { creatinineMgDl: 0.8, platelets: 250, hgb: 13.0, weightKg: 70 });
  return b.build({
    id: 'X13', slug: 'new-dvt-on-anticoagulation', title: 'New distal DVT while on therapeutic rivaroxaban',
    source: 'RULES §7.17 (ALREADY_ANTICOAGULATED + possible treatment failure), §5.4 P6',
    service: PATIENT_VIEW,
    expected: {
      primary: 'ALREADY_ANTICOAGULATED', indicator: 'info', absent: ['ANTICOAGULATE', 'SERIAL_IMAGING'],
      detailIncludes: ['treatment failure'],
    },
  });
}

function x14WeightMissing(): Built {
  const b = new ScenarioBuilder('X14', '2025-03-06T15:00:00Z', { age: 29, gender: 'female', family: 'Ali', given: 'Sara' });
  b.encounter({ cls: 'AMB', start: '2025-03-06T13:00:00Z' });
  b.condition({ snomed: '77386006', onset: '2024-12-15' });
  b.dvt({ icd: 'I82.451', vein: 'peroneal', side: 'right', onset: '2025-03-06' });
  b.scan({ loinc: '39443-7', date: '2025-03-06T12:00:00Z', vein: 'peroneal', lengthCm: 3, diameterMm: 5, distanceCm: 8,
    veinsInvolved: 1, protocol: 'whole-leg', conclusion: 'Right: peroneal vein thrombus 3 cm.' });
  b.labs('2025-03-06T11:00:00Z', { creatinineMgDl: 0.6, platelets: 230 });
  return b.build({
    id: 'X14', slug: 'weight-missing', title: 'Pregnant, weight not recorded: enoxaparin "dose by weight"',
    source: 'RULES §7.14 (missing weight → no computed dose, the suggestion says "dose by weight" and the card says why)',
    service: PATIENT_VIEW,
    expected: {
      primary: 'PREGNANCY_LMWH', indicator: 'warning',
      suggestions: [{ labelIncludes: 'dose by weight', actions: [{ type: 'create', resourceType: 'MedicationRequest', anyCodes: RX.enoxaparin }] }],
      detailIncludes: ['weight'],
      absentOrderCodes: [...DOAC_CODES, ...RX.warfarin],
    },
  });
}

function x15LengthCutoff(variant: 'default' | 'lengthCm-4'): Built {
  const { b, d0 } = axialEpisode('X15', '2025-03-04T15:00:00Z', { age: 45, gender: 'male', family: 'Novak', given: 'Tomas' },
    { lengthCm: 4.5, diameterMm: 5, distanceCm: 8 });
  b.ddimer({ value: 400, date: '2025-03-04T11:00:00Z' });
  b.attest('vte-provocation', 'provoked-transient-minor', '2025-03-04T14:00:00Z');
  if (variant === 'default') {
    return b.build({
      id: 'X15', slug: 'length-4-5-default', title: 'Clot 4.5 cm, default length cut-off (> 5 cm): serial imaging',
      source: 'RULES §5.2 lengthGt5, §7 thresholds (lengthCm default 5)',
      service: PATIENT_VIEW,
      expected: { primary: 'SERIAL_IMAGING', indicator: 'info', notes: ['BILATERAL_SURVEILLANCE_NOTE'], absent: ['ANTICOAGULATE'],
        suggestions: [serialImaging(d0, { isRecommended: true })] },
    });
  }
  return b.build({
    id: 'X15b', slug: 'length-4-5-cutoff-4', title: 'Clot 4.5 cm with the length cut-off set to 4 cm: anticoagulate',
    source: 'RULES §7 (every number is configuration; changing it changes the outcome): thresholds.lengthCm = 4',
    service: PATIENT_VIEW,
    thresholds: { lengthCm: 4 },
    expected: { primary: 'ANTICOAGULATE', indicator: 'warning', absent: ['SERIAL_IMAGING'], detailIncludes: ['4.5 cm'],
      suggestions: [apixaban({ isRecommended: true })] },
  });
}

function surveillanceChart(id: string, now: string, person: Person, d0: string): ScenarioBuilder {
  const b = new ScenarioBuilder(id, now, person);
  b.encounter({ cls: 'AMB', start: `${now.slice(0, 10)}T13:00:00Z` });
  const index = b.dvt({ icd: 'I82.461', vein: 'soleal', side: 'right', onset: d0 });
  b.scan({ loinc: '39443-7', date: `${d0}T12:00:00Z`, vein: 'soleal', lengthCm: 2.5, diameterMm: 4, distanceCm: 10,
    veinsInvolved: 1, protocol: 'whole-leg', conclusion: 'Right: soleal vein thrombus 2.5 cm.' });
  const firstDone = now.slice(0, 10) > addDays(d0, 9);
  b.surveillancePlan(index, d0, [firstDone ? 'completed' : 'active', 'active']);
  if (firstDone) {
    b.scan({ loinc: '39420-5', date: `${addDays(d0, 7)}T10:00:00Z`, vein: 'soleal', protocol: 'whole-leg', extension: 'none',
      conclusion: 'No extension. No new thrombus.' });
  }
  b.labs(`${d0}T11:30:00Z`, { creatinineMgDl: 0.9, platelets: 240, hgb: 13.8, weightKg: 75 });
  return b;
}

function x16SurveillanceInProgress(): Built {
  const b = surveillanceChart('X16', '2025-03-06T15:00:00Z', { age: 53, gender: 'male', family: 'Fischer', given: 'Max' }, '2025-03-03');
  return b.build({
    id: 'X16', slug: 'surveillance-in-progress', title: 'Serial imaging chosen, first scan not yet due',
    source: 'RULES §5.4 P11 (no new primary card; optional info "surveillance in progress")',
    service: PATIENT_VIEW,
    expected: {
      primary: 'SURVEILLANCE_IN_PROGRESS', primaryOptional: true, indicator: 'info',
      absent: [...IDDVT_TREATMENT_ADVICE, 'SURVEILLANCE_OVERDUE', 'SURVEILLANCE_COMPLETE'],
    },
  });
}

function x17OverdueCritical(): Built {
  const b = surveillanceChart('X17', '2025-03-17T15:00:00Z', { age: 68, gender: 'female', family: 'Berg', given: 'Astrid' }, '2025-02-20');
  return b.build({
    id: 'X17', slug: 'surveillance-overdue-critical', title: 'Second scan 9 days past its window (ended 2025-03-08): critical',
    source: 'RULES §5.3 SURVEILLANCE_OVERDUE (critical if > 7 days late), §6 SC19 ("becomes critical after 2025-03-15")',
    service: PATIENT_VIEW,
    expected: {
      primary: 'SURVEILLANCE_OVERDUE', indicator: 'critical',
      suggestions: [{ actions: [{ type: 'create', resourceType: 'ServiceRequest', codes: ['93970', '39420-5'] }] }],
    },
  });
}

function x18AgeOver75(): Built {
  const { b, d0 } = axialEpisode('X18', '2025-03-04T15:00:00Z', { age: 80, gender: 'female', family: 'Rossi', given: 'Giulia' },
    { icd: 'I82.451', lengthCm: 6, diameterMm: 6, distanceCm: 7, labs: { creatinineMgDl: 0.9, platelets: 220, hgb: 12.5, weightKg: 60 } });
  return b.build({
    id: 'X18', slug: 'age-over-75-high-bleeding', title: 'Age 80 alone is high bleeding risk; long clot → shared decision',
    source: 'RULES §7.2 (age > 75 scores a second point), §5.4 P14; D-dimer not recorded',
    service: PATIENT_VIEW,
    expected: { primary: 'SHARED_DECISION', indicator: 'warning', absent: ['ANTICOAGULATE'],
      suggestions: [serialImaging(d0, { first: true })] },
  });
}

function x19NearProximal(): Built {
  const { b } = axialEpisode('X19', '2025-03-04T15:00:00Z', { age: 42, gender: 'male', family: 'Kim', given: 'Joon' },
    { lengthCm: 3, diameterMm: 5, distanceCm: 2 });
  b.ddimer({ value: 350, date: '2025-03-04T11:00:00Z' });
  b.attest('vte-provocation', 'provoked-transient-minor', '2025-03-04T14:00:00Z');
  return b.build({
    id: 'X19', slug: 'near-proximal-2cm', title: 'Clot tip 2 cm from the popliteal vein (boundary: ≤ 2 cm counts)',
    source: 'RULES §7.8 (close to proximal veins: distance ≤ 2 cm)',
    service: PATIENT_VIEW,
    expected: { primary: 'ANTICOAGULATE', indicator: 'warning', absent: ['SERIAL_IMAGING'], detailIncludes: ['2 cm'],
      suggestions: [apixaban({ isRecommended: true })] },
  });
}

function x20Diameter(): Built {
  const { b } = axialEpisode('X20', '2025-03-04T15:00:00Z', { age: 44, gender: 'female', family: 'Park', given: 'Mina' },
    { icd: 'I82.451', lengthCm: 3, diameterMm: 8, distanceCm: 8, labs: { creatinineMgDl: 0.7, platelets: 240, hgb: 12.9, weightKg: 62 } });
  b.ddimer({ value: 300, date: '2025-03-04T11:00:00Z' });
  b.attest('vte-provocation', 'provoked-transient-minor', '2025-03-04T14:00:00Z');
  return b.build({
    id: 'X20', slug: 'diameter-8mm', title: 'Maximum diameter 8 mm (> 7 mm) is the only extension factor',
    source: 'RULES §5.2 diameterGt7, G6',
    service: PATIENT_VIEW,
    expected: { primary: 'ANTICOAGULATE', indicator: 'warning', absent: ['SERIAL_IMAGING'], detailIncludes: ['8 mm'],
      suggestions: [apixaban({ isRecommended: true })] },
  });
}

function x21UnknownProvocation(): Built {
  const { b, d0 } = axialEpisode('X21', '2025-03-04T15:00:00Z', { age: 47, gender: 'male', family: 'Ortiz', given: 'Diego' });
  return b.build({
    id: 'X21', slug: 'provocation-and-ddimer-not-recorded', title: 'Provocation and D-dimer not recorded, no other factor',
    source: 'RULES §7.9 (unknown provocation is not "unprovoked"; the card says it was not recorded); missing data is a fact',
    service: PATIENT_VIEW,
    expected: { primary: 'SERIAL_IMAGING', indicator: 'info', absent: ['ANTICOAGULATE'],
      detailIncludes: ['provocation', 'D-dimer not recorded'],
      suggestions: [serialImaging(d0, { isRecommended: true })] },
  });
}

function x22ConditionSeverity(): Built {
  const { b } = axialEpisode('X22', '2025-03-04T15:00:00Z', { age: 36, gender: 'female', family: 'Laine', given: 'Emilia' },
    { lengthCm: 2.5, severity: 'severe', labs: { creatinineMgDl: 0.7, platelets: 250, hgb: 13.2, weightKg: 60 } });
  b.ddimer({ value: 300, date: '2025-03-04T11:00:00Z' });
  b.attest('vte-provocation', 'provoked-transient-minor', '2025-03-04T14:00:00Z');
  return b.build({
    id: 'X22', slug: 'condition-severity-severe', title: 'Severe symptoms attested through Condition.severity',
    source: 'RULES §7.10 (severe: severe-symptoms true, or Condition.severity severe on the DVT Condition, or NRS ≥ 7)',
    service: PATIENT_VIEW,
    expected: { primary: 'ANTICOAGULATE', indicator: 'warning', absent: ['SERIAL_IMAGING'], suggestions: [apixaban({ isRecommended: true })] },
  });
}

function x23Inpatient(): Built {
  const b = new ScenarioBuilder('X23', '2025-03-04T15:00:00Z', { age: 45, gender: 'male', family: 'Grant', given: 'Neil' });
  b.encounter({ cls: 'IMP', start: '2025-03-01T18:00:00Z' });
  b.dvt({ icd: 'I82.451', vein: 'peroneal', side: 'right', onset: '2025-03-04' });
  b.scan({ loinc: '39443-7', date: '2025-03-04T12:00:00Z', vein: 'peroneal', lengthCm: 3, diameterMm: 5, distanceCm: 8,
    veinsInvolved: 1, protocol: 'whole-leg', conclusion: 'Right: peroneal vein thrombus 3 cm.' });
  b.labs('2025-03-04T06:00:00Z', { creatinineMgDl: 1.0, platelets: 240, hgb: 14.0, weightKg: 80 });
  return b.build({
    id: 'X23', slug: 'inpatient', title: 'Current inpatient (Encounter.class IMP) is the only extension factor',
    source: 'RULES §2.7 inpatient (v3 IMP), §5.2 inpatientOrRecentHosp, G6',
    service: PATIENT_VIEW,
    expected: { primary: 'ANTICOAGULATE', indicator: 'warning', absent: ['SERIAL_IMAGING'], suggestions: [apixaban({ isRecommended: true })] },
  });
}

function x24TraumaConfoundedDdimer(): Built {
  const { b, d0 } = axialEpisode('X24', '2025-03-04T15:00:00Z', { age: 44, gender: 'male', family: 'Boyle', given: 'Conor' });
  b.condition({ icd: 'S93.401A', onset: '2025-02-26', category: 'encounter-diagnosis' });
  b.ddimer({ value: 1200, date: '2025-03-04T11:00:00Z' });
  b.attest('vte-provocation', 'provoked-transient-minor', '2025-03-04T14:00:00Z');
  return b.build({
    id: 'X24', slug: 'ddimer-confounded-by-trauma', title: 'Ankle sprain a week ago: raised D-dimer (1,200) is confounded and not counted',
    source: 'RULES §7.7 (confounded D-dimer — trauma — shown on the card, excluded from the extension factors), §3.2',
    service: PATIENT_VIEW,
    expected: { primary: 'SERIAL_IMAGING', indicator: 'info', notes: ['DDIMER_CONFOUNDED_NOTE'], absent: ['ANTICOAGULATE'],
      suggestions: [serialImaging(d0, { isRecommended: true })] },
  });
}

function x25CovidOutsideWindow(): Built {
  const { b, d0 } = axialEpisode('X25', '2025-03-04T15:00:00Z', { age: 40, gender: 'female', family: 'Sousa', given: 'Ines' },
    { labs: { creatinineMgDl: 0.7, platelets: 260, hgb: 13.0, weightKg: 64 } });
  b.condition({ icd: 'U07.1', snomed: '840539006', onset: '2024-11-20', clinicalStatus: 'resolved' });
  b.ddimer({ value: 400, date: '2025-03-04T11:00:00Z' });
  b.attest('vte-provocation', 'provoked-transient-minor', '2025-03-04T14:00:00Z');
  return b.build({
    id: 'X25', slug: 'covid-outside-90-days', title: 'COVID-19 104 days ago: outside the 90-day window, not an extension factor',
    source: 'RULES §7.11 (COVID-19 window 90 days), contrast with SC12',
    service: PATIENT_VIEW,
    expected: { primary: 'SERIAL_IMAGING', indicator: 'info', absent: ['ANTICOAGULATE'],
      suggestions: [serialImaging(d0, { isRecommended: true })] },
  });
}

function x26PostpartumNotBreastfeeding(): Built {
  const b = new ScenarioBuilder('X26', '2025-03-12T15:00:00Z', { age: 31, gender: 'female', family: 'Dubois', given: 'Claire' });
  const delivery = b.encounter({ cls: 'IMP', start: '2025-02-19T22:00:00Z', end: '2025-02-22T11:00:00Z' });
  b.encounter({ cls: 'AMB', start: '2025-03-12T13:00:00Z' });
  b.condition({ icd: 'O80', onset: '2025-02-20', category: 'encounter-diagnosis', encounterRef: delivery, clinicalStatus: 'resolved' });
  b.condition({ snomed: '86569001', onset: '2025-02-20' });
  b.breastfeedingStatus(false, '2025-03-12T10:00:00Z');
  b.dvt({ icd: 'I82.452', vein: 'peroneal', side: 'left', onset: '2025-03-12' });
  b.scan({ loinc: '39432-0', date: '2025-03-12T12:00:00Z', vein: 'peroneal', lengthCm: 3, diameterMm: 5, distanceCm: 8,
    veinsInvolved: 1, protocol: 'whole-leg', conclusion: 'Left: peroneal vein thrombus 3 cm.' });
  b.labs('2025-03-12T11:00:00Z', { creatinineMgDl: 0.7, platelets: 280, hgb: 12.4, weightKg: 68 });
  return b.build({
    id: 'X26', slug: 'postpartum-not-breastfeeding', title: 'Postpartum day 20, not breastfeeding: LMWH first, warfarin or a DOAC also offered',
    source: 'RULES §7.4 (DOAC postpartum only when not breastfeeding), G9, §4 agent selection 2; §5.4 P12',
    service: PATIENT_VIEW,
    expected: {
      primary: 'PREGNANCY_LMWH', indicator: 'warning',
      suggestions: [{ first: true, actions: [LMWH_ORDER] }, { actions: [{ type: 'create', resourceType: 'MedicationRequest', anyCodes: RX.warfarin }] },
        apixaban()],
      detailIncludes: ['DOACs only if not breastfeeding', 'Avoid in pregnancy'],
    },
  });
}

function x27CreatinineMolar(): Built {
  const { b } = axialEpisode('X27', '2025-03-04T15:00:00Z', { age: 60, gender: 'male', family: 'Lindqvist', given: 'Erik' },
    { lengthCm: 6, diameterMm: 6, distanceCm: 6, labs: { creatinineUmolL: 283, platelets: 220, hgb: 13.5, weightKg: 70 } });
  b.ddimer({ value: 900, date: '2025-03-04T11:00:00Z' });
  b.attest('vte-provocation', 'provoked-transient-minor', '2025-03-04T14:00:00Z');
  return b.build({
    id: 'X27', slug: 'creatinine-micromol', title: 'Creatinine 283 µmol/L (LOINC 14682-9 = 3.2 mg/dL): CrCl 24 mL/min, renal limits apply',
    source: 'RULES §2.4 14682-9 (µmol/L ÷ 88.4 → mg/dL), §4 renal column (dabigatran avoid ≤ 30, fondaparinux < 30, enoxaparin q24h < 30)',
    service: PATIENT_VIEW,
    expected: {
      primary: 'ANTICOAGULATE', indicator: 'warning', notes: ['RENAL_DOSE_NOTE'],
      suggestions: [{ actions: [enoxaparin(70, '854241', 1)] }],
      detailIncludes: ['24 mL/min'],
      absentOrderCodes: [...RX.dabigatran, ...RX.fondaparinux],
    },
  });
}

function x28PhlebitisCode(): Built {
  const b = new ScenarioBuilder('X28', '2025-03-04T15:00:00Z', { age: 42, gender: 'female', family: 'Moreau', given: 'Julie' });
  b.encounter({ cls: 'AMB', start: '2025-03-04T13:00:00Z' });
  // Coded in the phlebitis family, without a vein bodySite: the code itself names the peroneal vein.
  b.dvt({ icd: 'I80.241', side: 'right', onset: '2025-03-04' });
  b.scan({ loinc: '39443-7', date: '2025-03-04T12:00:00Z', vein: 'peroneal', lengthCm: 3, diameterMm: 5, distanceCm: 8,
    veinsInvolved: 1, protocol: 'whole-leg', conclusion: 'Right: peroneal vein thrombus 3 cm.' });
  b.ddimer({ value: 350, date: '2025-03-04T11:00:00Z' });
  b.attest('vte-provocation', 'provoked-transient-minor', '2025-03-04T14:00:00Z');
  b.labs('2025-03-04T11:00:00Z', { creatinineMgDl: 0.8, platelets: 250, hgb: 13.0, weightKg: 66 });
  return b.build({
    id: 'X28', slug: 'phlebitis-code-peroneal', title: 'I80.241 (phlebitis and thrombophlebitis of right peroneal vein) is an acute distal DVT',
    source: 'RULES §2.1 note (I80.2x phlebitis family: treat as acute DVT equivalents; I80.241–I80.249 peroneal → distal)',
    service: PATIENT_VIEW,
    expected: { primary: 'SERIAL_IMAGING', indicator: 'info', absent: ['NEED_DETAIL', 'OUT_OF_SCOPE'],
      suggestions: [serialImaging('2025-03-04', { isRecommended: true })], detailIncludes: ['peroneal'] },
  });
}

function x29LegacyOtherSpecifiedVein(): Built {
  const b = new ScenarioBuilder('X29', '2025-03-04T15:00:00Z', { age: 47, gender: 'male', family: 'Horvat', given: 'Marko' });
  b.encounter({ cls: 'AMB', start: '2025-03-04T13:00:00Z' });
  // Legacy coding: I82.49- "other specified deep vein", the vein only in bodySite (soleal).
  b.dvt({ icd: 'I82.491', vein: 'soleal', side: 'right', onset: '2025-03-04' });
  b.scan({ loinc: '39443-7', date: '2025-03-04T12:00:00Z', vein: 'soleal', lengthCm: 2.5, diameterMm: 4, distanceCm: 10,
    veinsInvolved: 1, protocol: 'whole-leg', conclusion: 'Right: soleal vein thrombus 2.5 cm.' });
  b.ddimer({ value: 380, date: '2025-03-04T11:00:00Z' });
  b.attest('vte-provocation', 'provoked-transient-minor', '2025-03-04T14:00:00Z');
  b.labs('2025-03-04T11:00:00Z', { creatinineMgDl: 0.9, platelets: 240, hgb: 14.2, weightKg: 84 });
  return b.build({
    id: 'X29', slug: 'legacy-i82-49-soleal-bodysite', title: 'Legacy I82.491 with a soleal-vein bodySite: classified by bodySite as muscular calf DVT',
    source: 'RULES §2.1 note (I82.49- is segment unknown; use Condition.bodySite to classify), §1.1 soleal → distal muscular; contrast X10',
    service: PATIENT_VIEW,
    expected: { primary: 'SERIAL_IMAGING', indicator: 'info', notes: ['MUSCULAR_ONLY_NOTE'], absent: ['NEED_DETAIL'],
      suggestions: [serialImaging('2025-03-04', { isRecommended: true })], detailIncludes: ['soleal'] },
  });
}

function x30UpperLimbOnly(): Built {
  const b = new ScenarioBuilder('X30', '2025-03-04T15:00:00Z', { age: 56, gender: 'male', family: 'Petrov', given: 'Ivan' });
  b.encounter({ cls: 'EMER', start: '2025-03-04T08:00:00Z' });
  b.dvt({ icd: 'I82.621', side: 'right', onset: '2025-03-04' });
  b.dvt({ icd: 'I82.A11', side: 'right', onset: '2025-03-04' });
  b.ddimer({ value: 1500, date: '2025-03-04T08:30:00Z' });
  b.labs('2025-03-04T08:30:00Z', { creatinineMgDl: 1.0, platelets: 230, hgb: 14.0, weightKg: 80 });
  return b.build({
    id: 'X30', slug: 'upper-limb-only', title: 'Upper-limb DVT only (I82.621 deep veins of the arm, I82.A11 axillary): out of scope',
    source: 'RULES §5.3 OUT_OF_SCOPE (upper-limb DVT), §5.4 P3 ("upper-limb only")',
    service: PATIENT_VIEW,
    expected: { primary: 'OUT_OF_SCOPE', primaryOptional: true, indicator: 'info', absent: [...IDDVT_TREATMENT_ADVICE, 'NEED_DETAIL'],
      absentOrderCodes: [...DOAC_CODES, ...LMWH_CODES, ...RX.warfarin, '93970'] },
  });
}

function x31DdimerPanelComponents(): Built {
  const { b } = axialEpisode('X31', '2025-03-04T15:00:00Z', { age: 44, gender: 'female', family: 'Jensen', given: 'Mette' },
    { labs: { creatinineMgDl: 0.8, platelets: 250, hgb: 13.1, weightKg: 66 } });
  b.ddimerPanel({ feuNgMl: 1400, dduNgMl: 700, date: '2025-03-04T11:00:00Z' });
  b.attest('vte-provocation', 'provoked-transient-minor', '2025-03-04T14:00:00Z');
  return b.build({
    id: 'X31', slug: 'ddimer-panel-components', title: 'D-dimer as panel 55398-2 with FEU/DDU components (1,400 ng/mL FEU): positive, marked',
    source: 'RULES §2.4 55398-2 ("panel — read members"), §3.2 positive ≥ 500 ng/mL FEU, §7.5 marked ≥ 2 × cut-off',
    service: PATIENT_VIEW,
    expected: { primary: 'ANTICOAGULATE', indicator: 'warning', absent: ['SERIAL_IMAGING'],
      suggestions: [apixaban({ isRecommended: true })], detailIncludes: ['1,400 ng/mL FEU'] },
  });
}

export function localScenarios(): Built[] {
  return [x01DduDdimer(), x02DdimerMgL(), x03LabReferenceRange(), x04GastricCancer(), x05PostpartumBreastfeeding(),
    x06RenalLimit(), x07DistalExtension(), x08ProximalOnlyScan(), x09HighBleedingVsExtension(), x10NeedDetail(),
    x11PulmonaryEmbolism(), x12PriorVte(), x13TreatmentFailure(), x14WeightMissing(), x15LengthCutoff('default'),
    x15LengthCutoff('lengthCm-4'), x16SurveillanceInProgress(), x17OverdueCritical(), x18AgeOver75(), x19NearProximal(),
    x20Diameter(), x21UnknownProvocation(), x22ConditionSeverity(), x23Inpatient(),
    x24TraumaConfoundedDdimer(), x25CovidOutsideWindow(), x26PostpartumNotBreastfeeding(), x27CreatinineMolar(),
    x28PhlebitisCode(), x29LegacyOtherSpecifiedVein(), x30UpperLimbOnly(), x31DdimerPanelComponents()];
}
