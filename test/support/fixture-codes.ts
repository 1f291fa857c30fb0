/**
 * Codes used by the scenario fixtures, copied from ../shared/clinical/RULES.md (§1.1 veins, §2.1–2.7 terminology,
 * §2.6 RxNorm). Test data only: the service reads its codes from hooks/, never from here.
 */
export const SYS = {
  icd10: 'http://hl7.org/fhir/sid/icd-10-cm',
  snomed: 'http://snomed.info/sct',
  loinc: 'http://loinc.org',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  cpt: 'http://www.ama-assn.org/go/cpt',
  ucum: 'http://unitsofmeasure.org',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  diagnosticServiceSection: 'http://terminology.hl7.org/CodeSystem/v2-0074',
  findings: 'urn:distal-dvt-cds:findings',
} as const;

export type VeinName =
  | 'gastrocnemius' | 'soleal' | 'peroneal' | 'posterior-tibial' | 'anterior-tibial' | 'popliteal' | 'femoral'
  | 'common-femoral';

/** RULES §1.1 (SNOMED body structures, DICOM CID 12110). */
export const VEINS: Readonly<Record<VeinName, { readonly code: string; readonly display: string }>> = {
  gastrocnemius: { code: '264481007', display: 'Gastrocnemius vein' },
  soleal: { code: '397427005', display: 'Soleal vein' },
  peroneal: { code: '71758008', display: 'Peroneal vein' },
  'posterior-tibial': { code: '4258007', display: 'Posterior tibial vein' },
  'anterior-tibial': { code: '26703007', display: 'Anterior tibial vein' },
  popliteal: { code: '56849005', display: 'Popliteal vein' },
  femoral: { code: '397364003', display: 'Femoral vein' },
  'common-femoral': { code: '397363009', display: 'Common femoral vein' },
};

export type SideName = 'right' | 'left' | 'bilateral';

/** RULES §2.3.1 laterality qualifiers. */
export const SIDES: Readonly<Record<SideName, { readonly code: string; readonly display: string }>> = {
  right: { code: '24028007', display: 'Right' },
  left: { code: '7771000', display: 'Left' },
  bilateral: { code: '51440002', display: 'Right and left' },
};

/** ICD-10-CM displays (RULES §2.1, §2.2, §2.7; S1/S10). */
export const ICD10_DISPLAY: Readonly<Record<string, string>> = {
  'I82.401': 'Acute embolism and thrombosis of unspecified deep veins of right lower extremity',
  'I82.409': 'Acute embolism and thrombosis of unspecified deep veins of unspecified lower extremity',
  'I82.412': 'Acute embolism and thrombosis of left femoral vein',
  'I82.431': 'Acute embolism and thrombosis of right popliteal vein',
  'I82.441': 'Acute embolism and thrombosis of right tibial vein',
  'I82.442': 'Acute embolism and thrombosis of left tibial vein',
  'I82.451': 'Acute embolism and thrombosis of right peroneal vein',
  'I82.452': 'Acute embolism and thrombosis of left peroneal vein',
  'I82.461': 'Acute embolism and thrombosis of right calf muscular vein',
  'I82.462': 'Acute embolism and thrombosis of left calf muscular vein',
  'I82.562': 'Chronic embolism and thrombosis of left calf muscular vein',
  'I82.491': 'Acute embolism and thrombosis of other specified deep vein of right lower extremity',
  'I80.241': 'Phlebitis and thrombophlebitis of right peroneal vein',
  'I82.621': 'Acute embolism and thrombosis of deep veins of right upper extremity',
  'I82.A11': 'Acute embolism and thrombosis of right axillary vein',
  'I26.99': 'Other pulmonary embolism without acute cor pulmonale',
  'C16.9': 'Malignant neoplasm of stomach, unspecified',
  'C18.9': 'Malignant neoplasm of colon, unspecified',
  'C78.7': 'Secondary malignant neoplasm of liver and intrahepatic bile duct',
  'Z51.11': 'Encounter for antineoplastic chemotherapy',
  'O22.31': 'Deep phlebothrombosis in pregnancy, first trimester',
  'O22.32': 'Deep phlebothrombosis in pregnancy, second trimester',
  'O80': 'Encounter for full-term uncomplicated delivery',
  'Z37.0': 'Single live birth',
  'Z39.1': 'Encounter for care and examination of lactating mother',
  'U07.1': 'COVID-19',
  'D69.6': 'Thrombocytopenia, unspecified',
  'D68.61': 'Antiphospholipid syndrome',
  'Z86.718': 'Personal history of other venous thrombosis and embolism',
  'K92.2': 'Gastrointestinal hemorrhage, unspecified',
  'Z79.01': 'Long term (current) use of anticoagulants',
  'Z79.82': 'Long term (current) use of aspirin',
  'I48.91': 'Unspecified atrial fibrillation',
  'N39.0': 'Urinary tract infection, site not specified',
  'S93.401A': 'Sprain of unspecified ligament of right ankle, initial encounter',
};

export const SNOMED_DISPLAY: Readonly<Record<string, string>> = {
  '77386006': 'Pregnant',
  '86569001': 'Postpartum state',
  '840539006': 'Disease caused by severe acute respiratory syndrome coronavirus 2',
  '128053003': 'Deep venous thrombosis',
  '404223003': 'Deep venous thrombosis of lower extremity',
  '609588000': 'Total knee replacement',
  '387713003': 'Surgical procedure',
};

/** RULES §2.6 RxNorm (ingredient, salt, brand, SCD). */
export const RX = {
  apixaban: ['1364430', '1364436', '1364435', '1364445', '1992427', '1992428'],
  rivaroxaban: ['1114195', '1114199', '1114198', '1232082', '1232086', '1549682', '2059015', '2588062'],
  edoxaban: ['1599538', '1599564', '1599544', '1599543', '1599551', '1599555'],
  dabigatran: ['1037042', '1037041', '1037046', '1037179', '1723476', '1037045'],
  warfarin: ['11289', '114194', '405155', '855288', '855302', '855312', '855318', '855324', '855332', '855338', '855344', '855296'],
  enoxaparin: ['67108', '221095', '225036', '854228', '854235', '854238', '854241', '854248', '854245', '854252', '854255'],
  dalteparin: ['67109', '82137', '281554', '978725', '978733', '978736', '978755', '978740', '978744', '978746', '978759', '978777', '2618839'],
  fondaparinux: ['321208', '322154', '322155', '861360', '861363', '861365', '861356'],
} as const;

export const DOAC_CODES: readonly string[] = [...RX.apixaban, ...RX.rivaroxaban, ...RX.edoxaban, ...RX.dabigatran];
export const LMWH_CODES: readonly string[] = [...RX.enoxaparin, ...RX.dalteparin];
export const ALL_ANTICOAGULANT_CODES: readonly string[] = [
  ...DOAC_CODES, ...RX.warfarin, ...LMWH_CODES, ...RX.fondaparinux, '5224', '314659',
];

/** Display of the RxNorm products the fixtures order or draft. */
export const RX_DISPLAY: Readonly<Record<string, string>> = {
  '1364445': 'apixaban 5 MG Oral Tablet',
  '1364430': 'apixaban',
  '1364436': 'Eliquis',
  '1114195': 'rivaroxaban',
  '1232082': 'rivaroxaban 15 MG Oral Tablet',
  '1599551': 'edoxaban 30 MG Oral Tablet',
  '1232086': 'rivaroxaban 20 MG Oral Tablet',
  '1549682': '{42 (rivaroxaban 15 MG Oral Tablet) / 9 (rivaroxaban 20 MG Oral Tablet)} Pack',
  '1114199': 'Xarelto',
  '1599555': 'edoxaban 60 MG Oral Tablet',
  '1037045': 'dabigatran etexilate 150 MG Oral Capsule',
  '405155': 'Jantoven',
  '854235': '0.4 ML enoxaparin sodium 100 MG/ML Prefilled Syringe',
  '854241': '0.8 ML enoxaparin sodium 100 MG/ML Prefilled Syringe',
  '1191': 'aspirin',
  '243670': 'aspirin 81 MG Oral Tablet',
  '308182': 'amoxicillin 500 MG Oral Capsule',
};

/** RULES §2.5 venous ultrasound LOINC. */
export const US_LOINC_DISPLAY: Readonly<Record<string, string>> = {
  '39420-5': 'US.doppler Lower extremity vein - bilateral',
  '39443-7': 'US.doppler Lower extremity vein - right',
  '39432-0': 'US.doppler Lower extremity vein - left',
  '69399-4': 'US Femoral vein and Popliteal vein',
  '80860-0': 'US Lower extremity veins - unilateral limited',
};

export const CPT_DISPLAY: Readonly<Record<string, string>> = {
  '93970': 'Duplex scan of extremity veins including responses to compression and other maneuvers; complete bilateral study',
  '93971': 'Duplex scan of extremity veins including responses to compression and other maneuvers; unilateral or limited study',
  '27447': 'Arthroplasty, knee, condyle and plateau; medial AND lateral compartments with or without patella resurfacing (total knee arthroplasty)',
};
