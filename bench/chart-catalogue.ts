/**
 * Codes the chart generator draws "noise" from: the problems, labs, vitals, drugs and procedures a real chart is
 * full of and the DVT rules must look past. Chosen so that none of them changes the advice of the index episode
 * (no cancer, VTE, pregnancy, COVID-19, bleeding, anticoagulant, antiplatelet, venous duplex or surgery code),
 * and every noise date is more than 120 days before "now", outside every window of RULES §7.
 */
export const SYSTEMS = {
  icd10: 'http://hl7.org/fhir/sid/icd-10-cm',
  snomed: 'http://snomed.info/sct',
  loinc: 'http://loinc.org',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  ucum: 'http://unitsofmeasure.org',
  cpt: 'http://www.ama-assn.org/go/cpt',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  diagnosticServiceSection: 'http://terminology.hl7.org/CodeSystem/v2-0074',
} as const;

export interface NoiseProblem {
  readonly icd10: string;
  readonly display: string;
  readonly snomed?: string;
  /** Self-limiting problems are generated as resolved. */
  readonly resolves: boolean;
}

export const NOISE_PROBLEMS: readonly NoiseProblem[] = [
  { icd10: 'I10', display: 'Essential (primary) hypertension', snomed: '38341003', resolves: false },
  { icd10: 'E11.9', display: 'Type 2 diabetes mellitus without complications', snomed: '44054006', resolves: false },
  { icd10: 'E78.5', display: 'Hyperlipidemia, unspecified', snomed: '55822004', resolves: false },
  { icd10: 'J45.909', display: 'Unspecified asthma, uncomplicated', snomed: '195967001', resolves: false },
  { icd10: 'K21.9', display: 'Gastro-esophageal reflux disease without esophagitis', snomed: '235595009', resolves: false },
  { icd10: 'M17.11', display: 'Unilateral primary osteoarthritis, right knee', resolves: false },
  { icd10: 'E03.9', display: 'Hypothyroidism, unspecified', snomed: '40930008', resolves: false },
  { icd10: 'F32.9', display: 'Major depressive disorder, single episode, unspecified', resolves: false },
  { icd10: 'E66.9', display: 'Obesity, unspecified', snomed: '414916001', resolves: false },
  { icd10: 'J30.9', display: 'Allergic rhinitis, unspecified', resolves: false },
  { icd10: 'G43.909', display: 'Migraine, unspecified, not intractable, without status migrainosus', resolves: false },
  { icd10: 'N39.0', display: 'Urinary tract infection, site not specified', snomed: '68566005', resolves: true },
  { icd10: 'J06.9', display: 'Acute upper respiratory infection, unspecified', snomed: '54150009', resolves: true },
  { icd10: 'M54.50', display: 'Low back pain, unspecified', snomed: '279039007', resolves: true },
  { icd10: 'L30.9', display: 'Dermatitis, unspecified', resolves: true },
];

export interface NoiseLab {
  readonly loinc: string;
  readonly display: string;
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  readonly decimals: number;
  readonly category: 'laboratory' | 'vital-signs';
}

/** Labs and vitals the rules do not read. */
export const UNRELATED_LABS: readonly NoiseLab[] = [
  { loinc: '2951-2', display: 'Sodium [Moles/volume] in Serum or Plasma', unit: 'mmol/L', min: 134, max: 146, decimals: 0, category: 'laboratory' },
  { loinc: '2823-3', display: 'Potassium [Moles/volume] in Serum or Plasma', unit: 'mmol/L', min: 3.4, max: 5.1, decimals: 1, category: 'laboratory' },
  { loinc: '2345-7', display: 'Glucose [Mass/volume] in Serum or Plasma', unit: 'mg/dL', min: 70, max: 180, decimals: 0, category: 'laboratory' },
  { loinc: '1742-6', display: 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma', unit: 'U/L', min: 8, max: 55, decimals: 0, category: 'laboratory' },
  { loinc: '1920-8', display: 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma', unit: 'U/L', min: 8, max: 48, decimals: 0, category: 'laboratory' },
  { loinc: '2093-3', display: 'Cholesterol [Mass/volume] in Serum or Plasma', unit: 'mg/dL', min: 140, max: 260, decimals: 0, category: 'laboratory' },
  { loinc: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', unit: '%', min: 5.2, max: 8.4, decimals: 1, category: 'laboratory' },
  { loinc: '3016-3', display: 'Thyrotropin [Units/volume] in Serum or Plasma', unit: 'm[IU]/L', min: 0.5, max: 4.5, decimals: 2, category: 'laboratory' },
  { loinc: '6690-2', display: 'Leukocytes [#/volume] in Blood by Automated count', unit: '10*3/uL', min: 4, max: 11, decimals: 1, category: 'laboratory' },
  { loinc: '8867-4', display: 'Heart rate', unit: '/min', min: 55, max: 100, decimals: 0, category: 'vital-signs' },
  { loinc: '8310-5', display: 'Body temperature', unit: 'Cel', min: 36.1, max: 37.6, decimals: 1, category: 'vital-signs' },
  { loinc: '9279-1', display: 'Respiratory rate', unit: '/min', min: 12, max: 20, decimals: 0, category: 'vital-signs' },
  { loinc: '2708-6', display: 'Oxygen saturation in Arterial blood', unit: '%', min: 94, max: 100, decimals: 0, category: 'vital-signs' },
  { loinc: '8302-2', display: 'Body height', unit: 'cm', min: 164, max: 166, decimals: 0, category: 'vital-signs' },
  { loinc: '39156-5', display: 'Body mass index (BMI) [Ratio]', unit: 'kg/m2', min: 24, max: 26, decimals: 1, category: 'vital-signs' },
];

/** Older values of the codes the rules DO read (the newest one, from the index visit, is part of the core chart). */
export const HISTORIC_RELEVANT_LABS: readonly NoiseLab[] = [
  { loinc: '2160-0', display: 'Creatinine [Mass/volume] in Serum or Plasma', unit: 'mg/dL', min: 0.6, max: 1.0, decimals: 2, category: 'laboratory' },
  { loinc: '777-3', display: 'Platelets [#/volume] in Blood by Automated count', unit: '10*9/L', min: 180, max: 360, decimals: 0, category: 'laboratory' },
  { loinc: '718-7', display: 'Hemoglobin [Mass/volume] in Blood', unit: 'g/dL', min: 12.6, max: 14.8, decimals: 1, category: 'laboratory' },
  { loinc: '29463-7', display: 'Body weight', unit: 'kg', min: 64, max: 72, decimals: 1, category: 'vital-signs' },
  { loinc: '6301-6', display: 'INR in Platelet poor plasma by Coagulation assay', unit: '{INR}', min: 0.9, max: 1.1, decimals: 1, category: 'laboratory' },
  { loinc: '14979-9', display: 'aPTT in Platelet poor plasma by Coagulation assay', unit: 's', min: 25, max: 35, decimals: 0, category: 'laboratory' },
];

/** Non-anticoagulant, non-antiplatelet drugs (RxNorm SCDs). */
export const NOISE_DRUGS: readonly { readonly rxcui: string; readonly display: string; readonly sig: string }[] = [
  { rxcui: '314076', display: 'lisinopril 10 MG Oral Tablet', sig: '10 mg by mouth once daily' },
  { rxcui: '617312', display: 'atorvastatin 20 MG Oral Tablet', sig: '20 mg by mouth at night' },
  { rxcui: '861007', display: 'metformin hydrochloride 500 MG Oral Tablet', sig: '500 mg by mouth twice daily with meals' },
  { rxcui: '197361', display: 'amlodipine 5 MG Oral Tablet', sig: '5 mg by mouth once daily' },
  { rxcui: '312940', display: 'sertraline 50 MG Oral Tablet', sig: '50 mg by mouth once daily' },
  { rxcui: '966222', display: 'levothyroxine sodium 0.05 MG Oral Tablet', sig: '50 micrograms by mouth before breakfast' },
  { rxcui: '745679', display: 'albuterol 0.09 MG/ACTUAT Metered Dose Inhaler', sig: '2 puffs every 4 hours as needed' },
  { rxcui: '198211', display: 'simvastatin 40 MG Oral Tablet', sig: '40 mg by mouth at night' },
  { rxcui: '310798', display: 'hydrochlorothiazide 25 MG Oral Tablet', sig: '25 mg by mouth once daily' },
  { rxcui: '313782', display: 'acetaminophen 325 MG Oral Tablet', sig: '650 mg by mouth every 6 hours as needed' },
];

/** Past, non-surgical procedures (no surgery category, no anaesthesia). */
export const NOISE_PROCEDURES: readonly { readonly snomed: string; readonly display: string }[] = [
  { snomed: '73761001', display: 'Colonoscopy' },
  { snomed: '268547008', display: 'Screening for malignant neoplasm of breast' },
  { snomed: '29303009', display: 'Electrocardiographic procedure' },
  { snomed: '86198006', display: 'Administration of vaccine product containing only Influenza virus antigen' },
  { snomed: '252416005', display: 'Histopathology test' },
  { snomed: '183519002', display: 'Referral to cardiology service' },
];

export const NOISE_REPORTS: readonly { readonly loinc: string; readonly display: string; readonly section: string }[] = [
  { loinc: '58410-2', display: 'CBC panel - Blood by Automated count', section: 'HM' },
  { loinc: '51990-0', display: 'Basic metabolic panel - Blood', section: 'CH' },
  { loinc: '57698-3', display: 'Lipid panel with direct LDL - Serum or Plasma', section: 'CH' },
  { loinc: '36643-5', display: 'XR Chest 2 Views', section: 'RAD' },
  { loinc: '11524-6', display: 'EKG study', section: 'EC' },
];

/** Completed lab orders and referrals; no venous duplex (that would be a surveillance plan). */
export const NOISE_ORDERS: readonly { readonly system: string; readonly code: string; readonly display: string }[] = [
  { system: SYSTEMS.loinc, code: '24323-8', display: 'Comprehensive metabolic 2000 panel - Serum or Plasma' },
  { system: SYSTEMS.loinc, code: '58410-2', display: 'CBC panel - Blood by Automated count' },
  { system: SYSTEMS.loinc, code: '57698-3', display: 'Lipid panel with direct LDL - Serum or Plasma' },
  { system: SYSTEMS.snomed, code: '91251008', display: 'Physical therapy procedure' },
  { system: SYSTEMS.snomed, code: '183519002', display: 'Referral to cardiology service' },
];
