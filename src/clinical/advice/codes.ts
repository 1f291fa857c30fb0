/**
 * The advice CodeSystem (`urn:distal-dvt-cds:advice`): every card's source.topic code, with display and
 * definition. hooks/knowledge/advice-codes.json is the published FHIR CodeSystem of the same content
 * (a test keeps the two equal).
 */
export interface AdviceCodeEntry {
  readonly code: string;
  readonly display: string;
  readonly definition: string;
  /** 'primary' (RULES §5.3 table), 'note' (stackable), 'order' (order-select/-sign), 'discharge'. */
  readonly kind: 'primary' | 'note' | 'order' | 'discharge';
}

export const ADVICE_CODES: readonly AdviceCodeEntry[] = [
  { code: 'OUT_OF_SCOPE', kind: 'primary', display: 'Outside isolated distal DVT rules', definition: 'Proximal DVT, PE or upper-limb DVT: the isolated distal DVT rules do not apply (RULES §5.4 P3).' },
  { code: 'NEED_DETAIL', kind: 'primary', display: 'Vein-level detail needed', definition: 'Acute leg DVT coded without the vein or segment (I82.40-/I82.49- without bodySite or report): the distal/proximal question cannot be answered (RULES §7.16).' },
  { code: 'IMAGING_PROTOCOL_WARNING', kind: 'primary', display: 'Calf veins not assessed', definition: 'A proximal-only or limited venous ultrasound while distal DVT is suspected: complete duplex, or repeat at about 1 week (RULES §5.4 P2, G10).' },
  { code: 'CONTRAINDICATED_SERIAL_IMAGING', kind: 'primary', display: 'Anticoagulation contraindicated: serial imaging', definition: 'Isolated distal DVT with a contraindication to anticoagulation: serial duplex and specialist review (RULES §5.4 P7, §7.13).' },
  { code: 'ANTICOAGULATE_NOW_PROXIMAL_EXTENSION', kind: 'primary', display: 'Proximal extension: anticoagulate', definition: 'A follow-up scan shows extension into the popliteal or more proximal veins: anticoagulation recommended (RULES §5.4 P5, G4).' },
  { code: 'ANTICOAGULATE_DISTAL_EXTENSION', kind: 'primary', display: 'Distal extension: anticoagulation suggested', definition: 'A follow-up scan shows extension still confined to the calf: anticoagulation suggested (RULES §5.4 P8, G4).' },
  { code: 'SURVEILLANCE_COMPLETE', kind: 'primary', display: 'Serial imaging complete', definition: 'Two follow-up scans without extension: no anticoagulation needed for this episode (RULES §5.4 P9).' },
  { code: 'SURVEILLANCE_OVERDUE', kind: 'primary', display: 'Surveillance scan overdue', definition: 'Serial imaging was chosen and a due scan has no result after its window; critical when later than the configured days (RULES §5.4 P10).' },
  { code: 'SURVEILLANCE_IN_PROGRESS', kind: 'primary', display: 'Serial imaging in progress', definition: 'Serial imaging was chosen and the next scan is not yet due: states the next window (RULES §5.4 P11).' },
  { code: 'ALREADY_ANTICOAGULATED', kind: 'primary', display: 'Already anticoagulated', definition: 'A therapeutic anticoagulant is active: duration and phase advice, treatment-failure remark for a new DVT on therapy (RULES §5.4 P6, §7.17).' },
  { code: 'PREGNANCY_LMWH', kind: 'primary', display: 'Pregnancy or postpartum: LMWH', definition: 'Pregnant or ≤ 6 weeks postpartum: therapeutic LMWH; no warfarin or DOAC in pregnancy (RULES §5.4 P12, §7.4, G9).' },
  { code: 'CANCER_ANTICOAGULATE', kind: 'primary', display: 'Cancer-associated DVT: anticoagulate', definition: 'Active cancer: cancer-appropriate anticoagulant for ≥ 3 months and while cancer is active (RULES §5.4 P13, §7.3, G8).' },
  { code: 'ANTICOAGULATE', kind: 'primary', display: 'Anticoagulation suggested', definition: 'At least one extension risk factor or severe symptoms, bleeding risk not high: anticoagulation for 3 months suggested, serial imaging as alternative (RULES §5.4 P15, G2).' },
  { code: 'SHARED_DECISION', kind: 'primary', display: 'Shared decision: extension risk vs high bleeding risk', definition: 'Extension risk factors or severe symptoms with high bleeding risk: both options, serial imaging first (RULES §5.4 P14, §7.1).' },
  { code: 'ANTICOAGULATE_BY_PREFERENCE', kind: 'primary', display: 'Anticoagulation by patient preference', definition: 'No extension factor, low bleeding risk, patient prefers anticoagulation (RULES §5.4 P16, G3).' },
  { code: 'SERIAL_IMAGING', kind: 'primary', display: 'Serial imaging suggested', definition: 'No extension risk factor and no severe symptoms: serial duplex at about 1 and 2 weeks rather than anticoagulation (RULES §5.4 P17, G1).' },
  { code: 'BILATERAL_SURVEILLANCE_NOTE', kind: 'note', display: 'Bilateral surveillance', definition: 'Why follow-up scans cover both legs (contralateral DVT during follow-up, RULES §5.5, §7.12).' },
  { code: 'DDIMER_CONFOUNDED_NOTE', kind: 'note', display: 'D-dimer confounded', definition: 'D-dimer positive with another explanation (pregnancy, cancer, surgery, COVID-19 …): shown, not counted (RULES §7.7).' },
  { code: 'RENAL_DOSE_NOTE', kind: 'note', display: 'Renal function changes the options', definition: 'Renal function removed an agent or changed a dose; CrCl value and source stated (RULES §4 rule 6).' },
  { code: 'AGENT_AVOID_IN_PREGNANCY', kind: 'order', display: 'Avoid warfarin and DOACs in pregnancy', definition: 'Warfarin or a DOAC for a pregnant patient: switch to LMWH (RULES §4 rule 1, G9).' },
  { code: 'RECURRENT_VTE_EXTENDED_REVIEW', kind: 'note', display: 'Prior VTE: review extended therapy', definition: 'Recurrent VTE: ≥ 3 months, consider extended therapy with specialist review (RULES §4 durations).' },
  { code: 'MUSCULAR_ONLY_NOTE', kind: 'note', display: 'Muscular calf vein thrombosis', definition: 'Clot confined to gastrocnemius/soleal veins extends less often than axial clot; it never overrides a present extension factor (RULES §1.1, §5.4).' },
  { code: 'AGENT_AVOID_BREASTFEEDING', kind: 'order', display: 'Avoid DOACs while breastfeeding', definition: 'A DOAC drafted for a breastfeeding postpartum patient: LMWH or warfarin instead (RULES §4 rule 2, G9).' },
  { code: 'AGENT_CANCER_SITE_CAUTION', kind: 'order', display: 'Factor-Xa DOAC with gastric/gastro-oesophageal cancer', definition: 'A factor-Xa DOAC drafted with a gastric or gastro-oesophageal cancer: LMWH preferred (RULES §4 rule 3, G8).' },
  { code: 'AGENT_RENAL_LIMIT', kind: 'order', display: 'Renal function below the agent’s limit', definition: 'An anticoagulant drafted below its CrCl limit: an allowed alternative (RULES §4 renal column).' },
  { code: 'AGENT_APS_AVOID_DOAC', kind: 'order', display: 'DOAC in triple-positive APS', definition: 'A DOAC drafted in triple-positive antiphospholipid syndrome: warfarin with LMWH bridge preferred (RULES §4 rule 4).' },
  { code: 'PROPHYLACTIC_DOSE_FOR_TREATMENT', kind: 'order', display: 'Prophylactic dose drafted for DVT treatment', definition: 'A prophylactic anticoagulant dose drafted when the rules call for treatment: the treatment-dose order instead (RULES §7.15).' },
  { code: 'TREATMENT_DURATION', kind: 'order', display: 'Treatment duration for isolated distal DVT', definition: 'A treatment order without, or with another, duration: the duration of RULES §4 (3 months; cancer and pregnancy durations).' },
  { code: 'DISCHARGE_SURVEILLANCE_MISSING', kind: 'discharge', display: 'Arrange repeat ultrasound before discharge', definition: 'Acute isolated distal DVT, not anticoagulated, no follow-up duplex arranged inside the windows (RULES G10).' },
  { code: 'DISCHARGE_STOP_DATE', kind: 'discharge', display: 'Planned anticoagulation stop date', definition: 'Anticoagulated at discharge without a stated stop date: the planned stop date (RULES §4 durations).' },
];

const BY_CODE = new Map(ADVICE_CODES.map((e) => [e.code, e]));

export function adviceDisplay(code: string): string {
  return BY_CODE.get(code)?.display ?? code;
}
