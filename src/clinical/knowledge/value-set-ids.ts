/**
 * The value-set ids the code asks for. Every lookup goes through these names, and `loadKnowledge` checks at
 * start-up that each one exists in hooks/knowledge/valuesets/ — so a missing set fails the service at boot,
 * never at request time. Other modules that need more sets add them here (or pass them to checkKnowledge).
 */
export const VS = {
  // DVT and its look-alikes (RULES §1.1, §2.1, §2.2)
  dvtAcuteProximal: 'dvt-acute-proximal',
  dvtAcuteDistalAxial: 'dvt-acute-distal-axial',
  dvtAcuteCalfMuscular: 'dvt-acute-calf-muscular',
  dvtAcuteDistalUnspecified: 'dvt-acute-distal-unspecified',
  dvtAcuteUnspecifiedSegment: 'dvt-acute-unspecified-segment',
  dvtPregnancy: 'dvt-pregnancy',
  dvtChronic: 'dvt-chronic',
  pulmonaryEmbolism: 'pulmonary-embolism',
  upperLimbDvt: 'upper-limb-dvt',
  // body structures and qualifiers
  veinProximal: 'vein-proximal',
  veinDistalAxial: 'vein-distal-axial',
  veinCalfMuscular: 'vein-calf-muscular',
  lateralityRight: 'laterality-right',
  lateralityLeft: 'laterality-left',
  lateralityBilateral: 'laterality-bilateral',
  severitySevere: 'severity-severe',
  severityModerate: 'severity-moderate',
  severityMild: 'severity-mild',
  // laboratory (RULES §2.4)
  dDimerFeu: 'ddimer-feu',
  dDimerDdu: 'ddimer-ddu',
  dDimerAmbiguous: 'ddimer-ambiguous',
  dDimerQualitative: 'ddimer-qualitative',
  creatinineMass: 'creatinine-mass',
  creatinineMolar: 'creatinine-molar',
  crclReported: 'crcl-reported',
  egfr: 'egfr',
  platelets: 'platelets',
  haemoglobin: 'haemoglobin',
  bodyWeight: 'body-weight',
  painNrs: 'pain-nrs',
  // imaging (RULES §2.5)
  venousUsWholeLeg: 'venous-us-whole-leg',
  venousUsProximalOnly: 'venous-us-proximal-only',
  venousUsLimited: 'venous-us-limited',
  venousUsUnilateralOrLimited: 'venous-us-unilateral-or-limited',
  // local findings (RULES §2.5)
  findingThrombusLength: 'finding-thrombus-length',
  findingThrombusMaxDiameter: 'finding-thrombus-max-diameter',
  findingThrombusDistanceToProximal: 'finding-thrombus-distance-to-proximal',
  findingVeinsInvolved: 'finding-veins-involved',
  findingImagingProtocol: 'finding-imaging-protocol',
  findingExtensionStatus: 'finding-extension-status',
  findingVteProvocation: 'finding-vte-provocation',
  findingSevereSymptoms: 'finding-severe-symptoms',
  findingManagementPreference: 'finding-management-preference',
  // medicines (RULES §2.6)
  antiplatelet: 'antiplatelet',
  z79Anticoagulant: 'z79-anticoagulant',
  // cancer (RULES §2.7)
  cancerMalignant: 'cancer-malignant',
  cancerMetastatic: 'cancer-metastatic',
  cancerHaematologic: 'cancer-haematologic',
  cancerGastric: 'cancer-gastric',
  cancerGastroesophageal: 'cancer-gastroesophageal',
  cancerGiLuminal: 'cancer-gi-luminal',
  cancerGu: 'cancer-gu',
  cancerTherapy: 'cancer-therapy',
  // pregnancy and puerperium
  pregnancy: 'pregnancy',
  delivery: 'delivery',
  postpartum: 'postpartum',
  breastfeeding: 'breastfeeding',
  // risk factors
  priorVte: 'prior-vte',
  covid19: 'covid19',
  acuteInfection: 'acute-infection',
  trauma: 'trauma',
  inpatientEncounterClass: 'inpatient-encounter-class',
  inpatientEncounterType: 'inpatient-encounter-type',
  surgeryProcedure: 'surgery-procedure',
  surgeryCategory: 'surgery-category',
  // bleeding (RULES §2.7(b)) and contraindications (§7.13)
  bleedingPrevious: 'bleeding-previous',
  renalFailure: 'renal-failure',
  liverFailure: 'liver-failure',
  thrombocytopenia: 'thrombocytopenia',
  previousStroke: 'previous-stroke',
  diabetes: 'diabetes',
  anaemia: 'anaemia',
  frequentFalls: 'frequent-falls',
  alcoholAbuse: 'alcohol-abuse',
  majorBleedingActive: 'major-bleeding-active',
  intracranialHaemorrhage: 'intracranial-haemorrhage',
  severeCoagulopathy: 'severe-coagulopathy',
  contraindicationAttested: 'contraindication-attested',
  antiphospholipidSyndrome: 'antiphospholipid-syndrome',
  triplePositiveApsAttested: 'triple-positive-aps-attested',
} as const;

/** Agents whose value set is `anticoagulant-<agent>` (RULES §2.6). Tinzaparin's only code is unverified. */
export const ANTICOAGULANT_AGENTS = [
  'apixaban', 'rivaroxaban', 'edoxaban', 'dabigatran', 'enoxaparin', 'dalteparin', 'tinzaparin', 'fondaparinux',
  'heparin', 'warfarin',
] as const;

/** Built once: a fresh `anticoagulant-${agent}` string per lookup is hashed again on every Map access. */
const ANTICOAGULANT_SET_IDS = Object.fromEntries(ANTICOAGULANT_AGENTS.map((agent) => [agent, `anticoagulant-${agent}`])) as
  Readonly<Record<(typeof ANTICOAGULANT_AGENTS)[number], string>>;

export const anticoagulantValueSetId = (agent: (typeof ANTICOAGULANT_AGENTS)[number]): string => ANTICOAGULANT_SET_IDS[agent];

/** Every value-set id the code requests; checked by loadKnowledge/checkKnowledge at start-up. */
export const REQUIRED_VALUE_SET_IDS: readonly string[] = [
  ...Object.values(VS),
  ...ANTICOAGULANT_AGENTS.map(anticoagulantValueSetId),
];
