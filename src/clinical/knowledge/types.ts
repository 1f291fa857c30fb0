/**
 * What the service knows, as loaded from the knowledge folder (`hooks/`, CDS_KNOWLEDGE_DIR) and validated at
 * start-up. The code holds no clinical constants: every number below is a site-tunable default (RULES §7).
 */
import type { CodeableConcept, Coding } from 'fhir/r4';

/** RULES §3, §5.5, §7 — hooks/knowledge/thresholds.json. */
export interface Thresholds {
  readonly episodeWindowDays: number;                // 30
  readonly covidWindowDays: number;                  // 90
  readonly hospitalisationWindowDays: number;        // 90
  readonly surgeryWindowDays: number;                // 90
  readonly dDimerConfounderSurgeryDays: number;      // 28 (surgery ≤ 4 weeks confounds D-dimer)
  readonly dDimerWindowBeforeHours: number;          // 72
  readonly dDimerWindowAfterHours: number;           // 24
  readonly dDimerCutoffFeuNgMl: number;              // 500
  readonly useAgeAdjustedDDimer: boolean;            // false
  readonly ageAdjustedDDimerFromAgeYears: number;    // 50 (age > 50)
  readonly ageAdjustedDDimerNgMlPerYear: number;     // 10
  readonly dDimerMarkedMultiple: number;             // 2 (× the applicable cut-off)
  readonly dduToFeuFactor: number;                   // 2.0
  readonly lengthCm: number;                         // 5 (> 5 cm)
  readonly maxDiameterMm: number;                    // 7 (> 7 mm)
  readonly multipleVeinsCount: number;               // 2 (≥ 2 veins)
  readonly nearProximalCm: number;                   // 2 (≤ 2 cm)
  readonly severePainNrs: number;                    // 7 (≥ 7/10)
  readonly postpartumDays: number;                   // 42
  readonly activeCancerMonths: number;               // 6
  readonly contraindicationPlateletsE9PerL: number;  // 50 (< 50)
  readonly intracranialHaemorrhageDays: number;      // 90
  readonly thrombocytopeniaPlateletsE9PerL: number;  // 100 (< 100)
  readonly anaemiaHgbGdlMale: number;                // 13
  readonly anaemiaHgbGdlFemale: number;              // 12
  readonly bleedingAgePoint1Years: number;           // 65 (> 65)
  readonly bleedingAgePoint2Years: number;           // 75 (> 75, second point)
  readonly bleedingModerateScore: number;            // 1
  readonly bleedingHighScore: number;                // 2
  readonly renalFailureCrclMlMin: number;            // 30
  readonly scan1: ScanWindow;                        // target 7, 5…9
  readonly scan2: ScanWindow;                        // target 14, 12…16
  readonly overdueCriticalAfterDays: number;         // 7 days past window end
  readonly bilateralSurveillance: boolean;           // true (RULES §7.12)
  readonly treatmentDurationMonths: number;          // 3
  readonly pregnancyPostpartumWeeks: number;         // 6
  readonly dischargeRequiresSurveillance: boolean;   // true
  /** Attestations / pain scores this many hours before the diagnosis still belong to the episode (72). */
  readonly presentationWindowHours?: number;
  /** UCUM mass ↔ substance conversions (umol/L → mg/dL creatinine; mmol/L → g/dL haemoglobin). */
  readonly creatinineMolecularWeightGPerMol?: number;
  readonly haemoglobinMolecularWeightGPerMol?: number;
}

export interface ScanWindow {
  readonly targetDay: number;
  readonly fromDay: number;
  readonly toDay: number;
}

/**
 * Value sets (FHIR ValueSet JSON under hooks/knowledge/valuesets/), indexed once into hash sets.
 * Ids are the ValueSet.id (e.g. 'dvt-acute-calf-muscular', 'ddimer-feu', 'anticoagulant-apixaban').
 * ICD-10-CM codes match with or without the dot (RULES §2).
 */
export interface ValueSetIndex {
  /** Does this coding / any coding of this concept belong to the value set? Unknown id → throws at start-up. */
  has(valueSetId: string, code: Coding | CodeableConcept | undefined): boolean;
  /** The first coding of the concept that is in the value set. */
  match(valueSetId: string, code: Coding | CodeableConcept | undefined): Coding | undefined;
  /** All value-set ids known. */
  ids(): readonly string[];
  /** Codes (system|code) of a value set, e.g. to build prefetch searches. */
  codes(valueSetId: string): readonly Coding[];
  /**
   * The value-set concept a coding matched, with its tags (e.g. the vein a body-structure code names).
   * Optional in the contract; the loader's index always provides it.
   */
  concept?(valueSetId: string, code: Coding | CodeableConcept | undefined): IndexedConcept | undefined;
  /**
   * The ids of every value set containing this coding: exactly the ids for which `has(id, {system, code})` is
   * true (excludes honoured, unverified concepts ignored). Lets a chart be bucketed by value set once per
   * evaluation instead of asking every set about every code. Optional in the contract; the loader's index
   * always provides it.
   */
  setsContaining?(system: string, code: string): ReadonlySet<string>;
}

/** A matched concept: display from the value set when listed; `vein` from the urn:distal-dvt-cds:vein extension. */
export interface IndexedConcept {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
  readonly vein?: string;
}

/** Inclusive numeric bounds of one dose-intent rule. */
export interface DoseBounds {
  readonly min?: number;
  readonly max?: number;
}

/**
 * RULES §7.15 — hooks/knowledge/anticoagulant-intent.json: the first rule whose every bound holds decides.
 * perDose = one administration; perDay = perDose × administrations per day; …PerKg bounds need a weight.
 */
export interface DoseIntentRule {
  readonly intent: 'therapeutic' | 'prophylactic';
  readonly perDose?: DoseBounds;
  readonly perDay?: DoseBounds;
  readonly perDosePerKg?: DoseBounds;
  readonly perDayPerKg?: DoseBounds;
  readonly frequencyPerDay?: DoseBounds;
  readonly why?: string;
}

export interface AgentDoseIntent {
  /** UCUM unit doses are compared in: 'mg' or '[iU]'. */
  readonly doseUnit: string;
  readonly rules: readonly DoseIntentRule[];
}

/** One dosing phase of a regimen (RULES §4). */
export interface RegimenPhase {
  /** Fixed dose in mg (or IU for dalteparin), or a per-kg dose. */
  readonly doseMg?: number;
  readonly doseMgPerKg?: number;
  readonly doseIuPerKg?: number;
  readonly maxDoseIu?: number;
  readonly frequencyPerDay: number;
  /** Days; absent = to the end of the course. */
  readonly durationDays?: number;
  readonly route: 'oral' | 'subcutaneous' | 'intravenous';
  readonly withFood?: boolean;
  readonly rxcui: string;
  readonly productDisplay: string;
  readonly text: string;
}

export interface Regimen {
  readonly agent: string;
  readonly display: string;
  readonly agentClass: 'doac-xa' | 'doac-thrombin' | 'lmwh' | 'fondaparinux' | 'ufh' | 'vka';
  readonly phases: readonly RegimenPhase[];
  /** Days of parenteral lead-in required first (edoxaban, dabigatran, warfarin overlap). */
  readonly parenteralLeadInDays?: number;
  /** Cockcroft-Gault CrCl below which the agent is avoided (mL/min). */
  readonly avoidBelowCrcl?: number;
  /** CrCl below which a dose change applies (e.g. enoxaparin q24h below 30). */
  readonly renalAdjustBelowCrcl?: number;
  readonly cautions?: readonly string[];
  /** Marked unverified in RULES (e.g. tinzaparin RxCUI): never suggested until verified. */
  readonly unverified?: boolean;
  readonly [extra: string]: unknown;
}

export interface Knowledge {
  readonly dir: string;
  readonly thresholds: Thresholds;
  readonly valueSets: ValueSetIndex;
  readonly regimens: Readonly<Record<string, Regimen>>;
  /** hooks/knowledge/sources.json: label/url pairs for card links (absolute URLs). */
  readonly sources: readonly { readonly id: string; readonly label: string; readonly url: string }[];
  /** hooks/knowledge/sources.json: which sources each advice code links to, and the brief's reported figures. */
  readonly citations: Citations;
  /** Per-agent dose rules deciding prophylactic vs therapeutic (RULES §7.15); always set by loadKnowledge. */
  readonly anticoagulantIntent?: Readonly<Record<string, AgentDoseIntent>>;
  readonly [extra: string]: unknown;
}

/** How cards cite their evidence (RULES §7.18): links per advice code, and figures quoted as reported figures. */
export interface Citations {
  /** Source ids for advice codes not listed in `adviceLinks`. */
  readonly defaultLinks: readonly string[];
  readonly adviceLinks: Readonly<Record<string, readonly string[]>>;
  /** Note text per advice code: the brief's figures, labelled as reported figures, never as this patient's risk. */
  readonly reportedFigures: Readonly<Record<string, string>>;
}
