/**
 * The contract of the clinical core: record → facts → decision → orders → cards.
 * Every stage is a pure function; "now" and ids come in as parameters (STYLE G6).
 * Implements ../shared/clinical/RULES.md (§5.1 inputs, §5.3 codes, §5.4 priority, §7 settled decisions).
 */
import type { Bundle, FhirResource, MedicationRequest, ServiceRequest } from 'fhir/r4';
import type { Card, HookName, Indicator } from '../cds/types';

// ───────────────────────────── input ─────────────────────────────

/**
 * Everything the service knows about one patient for one hook call: the prefetch (and fetched) resources,
 * flattened out of their Bundles, de-duplicated by type/id, OperationOutcomes dropped.
 */
export interface PatientRecord {
  readonly patientId: string;
  readonly resources: readonly FhirResource[];
}

export interface EvaluationInput {
  readonly hook: HookName;
  readonly serviceId: string;
  readonly patientId: string;
  readonly encounterId?: string;
  /** order-select: the selected `Type/id`s; order-sign: absent (every draft counts). */
  readonly selections?: readonly string[];
  readonly draftOrders?: Bundle;
  readonly record: PatientRecord;
  /** Evaluation time (injected clock). */
  readonly now: Date;
}

/** Identity is a parameter: card and suggestion uuids come from here (tests pass a counter). */
export type NewId = () => string;

// ───────────────────────────── evidence ─────────────────────────────

/** One fact that fired (or was looked for), as a clinician reads it on the card. */
export interface Evidence {
  /** Clinical words: "Thrombus length", "D-dimer", "Platelets". */
  readonly label: string;
  readonly value?: string | number | boolean;
  /** UCUM or plain unit as shown: "cm", "ng/mL FEU", "×10⁹/L". */
  readonly unit?: string;
  /** ISO date or dateTime the fact refers to. */
  readonly date?: string;
  /** Relative reference of the resource it came from: "Observation/dd-1". */
  readonly source?: string;
  /** Short rule text: "> 5 cm", "≥ 2 × cut-off 500 ng/mL FEU". */
  readonly rule?: string;
}

export type Tri = 'yes' | 'no' | 'unknown';
export type Side = 'right' | 'left' | 'bilateral' | 'unknown';
export type Segment = 'proximal' | 'distal' | 'unknown';
export type ScanProtocol = 'whole-leg' | 'proximal-2-point' | 'limited' | 'unknown';
export type ExtensionStatus =
  | 'none' | 'resolved' | 'distal-extension' | 'proximal-extension' | 'new-contralateral' | 'new-ipsilateral';
export type Provocation =
  | 'unprovoked' | 'provoked-transient-major' | 'provoked-transient-minor' | 'provoked-persistent' | 'unknown';
export type Preference = 'anticoagulation' | 'serial-imaging' | 'none-stated';
export type CancerSite = 'gastric' | 'gastroesophageal' | 'gi-luminal' | 'gu' | 'other';
export type AgentId =
  | 'apixaban' | 'rivaroxaban' | 'edoxaban' | 'dabigatran' | 'enoxaparin' | 'dalteparin' | 'tinzaparin'
  | 'fondaparinux' | 'heparin' | 'warfarin';

// ───────────────────────────── facts (RULES §5.1) ─────────────────────────────

export interface VeinInvolvement {
  /** e.g. 'gastrocnemius', 'soleal', 'peroneal', 'posterior-tibial', 'tibial', 'calf-muscular', 'popliteal' … */
  readonly vein: string;
  readonly segment: Segment;
  readonly side: Side;
  readonly muscular: boolean;
  /** Condition/Observation the vein came from. */
  readonly source: string;
}

export interface Episode {
  /** Relative reference of the index DVT Condition (reason of every order). */
  readonly conditionRef: string | null;
  readonly diagnosedAt: string;
  /** proximal if ANY involved vein is proximal (RULES §5.1). */
  readonly segment: Segment;
  readonly veins: readonly VeinInvolvement[];
  readonly muscularOnly: boolean;
  readonly bilateral: boolean;
  /** Distinct named veins, both legs. */
  readonly veinCount: number;
  readonly side: Side;
  readonly lengthCm: number | null;
  readonly maxDiameterMm: number | null;
  readonly distanceToProximalCm: number | null;
  readonly protocol: ScanProtocol;
  /** Any PE (I26.x) in the same episode → out of scope. */
  readonly pe: boolean;
  /** Only upper-limb DVT (I82.6-/I82.A-/I82.B-…) → out of scope. */
  readonly upperLimbOnly: boolean;
  readonly severity: 'severe' | 'moderate' | 'mild' | null;
}

/** A venous ultrasound on which the calf veins were not assessed (RULES §5.4 P2). */
export interface LimitedScan {
  readonly protocol: 'proximal-2-point' | 'limited';
  readonly date: string;
  readonly source: string;
}

export interface FollowUpScan {
  readonly date: string;
  readonly status: ExtensionStatus;
  readonly source: string;
}

/** A surveillance duplex ServiceRequest already in the chart (RULES §5.5). */
export interface PlannedScan {
  readonly ref: string;
  readonly status: string;
  /** occurrencePeriod / occurrenceDateTime, ISO dates. */
  readonly windowStart: string | null;
  readonly windowEnd: string | null;
  /** A follow-up result dated inside or after the window start. */
  readonly completed: boolean;
}

export interface DDimerFact {
  /** Normalised to ng/mL FEU through UCUM (DDU × ddu-to-FEU factor); null when indeterminate. */
  readonly valueFeuNgMl: number | null;
  readonly basis: 'FEU' | 'DDU' | 'unknown';
  readonly positive: boolean | 'indeterminate';
  readonly marked: boolean;
  /** The cut-off used (ng/mL FEU), or the lab's reference high when that won. */
  readonly cutoffFeuNgMl: number | null;
  readonly cutoffSource: 'fixed' | 'age-adjusted' | 'lab-reference-range' | 'lab-interpretation';
  /** Why the result is not used as an extension factor (RULES §7.7): 'pregnancy', 'active cancer', … */
  readonly confounders: readonly string[];
  readonly date: string;
  readonly source: string;
  /** As reported, for the card: "1.15 mg/L FEU". */
  readonly reported: string;
}

export interface BleedingAssessment {
  /** RULES §7.13 contraindications: any blocks anticoagulation suggestions. */
  readonly contraindications: readonly Evidence[];
  /** CHEST count (age > 75 scores a second point, RULES §7.2). */
  readonly score: number;
  readonly category: 'low' | 'moderate' | 'high';
  readonly factors: readonly Evidence[];
}

export interface ActiveAnticoagulant {
  readonly agent: AgentId | 'unknown';
  readonly intent: 'therapeutic' | 'prophylactic' | 'unknown';
  readonly ref: string;
  readonly startedAt: string | null;
  readonly rxcui: string | null;
  /** Dosage as written, for the card. */
  readonly dosageText: string | null;
  /** Planned end (boundsPeriod.end / start + boundsDuration / expectedSupplyDuration), if stated. */
  readonly plannedEnd: string | null;
}

export interface Facts {
  readonly now: string;
  readonly patientId: string;
  readonly ageYears: number | null;
  readonly sex: 'male' | 'female' | 'other' | 'unknown';
  readonly weightKg: number | null;
  /** Most recent acute lower-extremity DVT episode within the episode window; null = none. */
  readonly episode: Episode | null;
  /** Latest venous scan that did not assess the calf veins, when no episode explains it. */
  readonly limitedScan: LimitedScan | null;
  readonly followUps: readonly FollowUpScan[];
  /** Serial-imaging plan (surveillance ServiceRequests for this episode); null = none chosen. */
  readonly surveillancePlan: { readonly chosenAt: string; readonly scans: readonly PlannedScan[] } | null;
  /** null = "D-dimer not recorded" (in the window, before anticoagulation). */
  readonly dDimer: DDimerFact | null;
  readonly activeCancer: { readonly site: CancerSite; readonly metastatic: boolean; readonly source: string } | null;
  readonly pregnant: boolean;
  /** Days since delivery when ≤ the postpartum window; null otherwise. */
  readonly postpartumDays: number | null;
  readonly breastfeeding: boolean;
  readonly priorVte: boolean;
  readonly inpatientOrRecentHosp: boolean;
  readonly recentSurgery: boolean;
  readonly covid19: boolean;
  readonly provocation: Provocation;
  readonly severeSymptoms: boolean;
  readonly preference: Preference;
  readonly bleeding: BleedingAssessment;
  /** Active anticoagulant orders; therapeutic ones make the patient "already anticoagulated" (RULES §7.15). */
  readonly anticoagulants: readonly ActiveAnticoagulant[];
  readonly renal: { readonly crclMlMin: number | null; readonly source: 'cockcroft-gault' | 'reported' | 'egfr-proxy' | 'missing'; readonly evidence?: Evidence };
  readonly triplePositiveAps: boolean;
  /** Evidence per fact name (e.g. 'lengthGt5', 'dDimer', 'covid19', 'weight', 'crcl'), for cards and --explain. */
  readonly evidence: Readonly<Record<string, Evidence>>;
  /** Missing data, said plainly: "D-dimer not recorded", "Weight not recorded". */
  readonly missing: readonly string[];
}

// ───────────────────────────── decision (RULES §5.3/§5.4) ─────────────────────────────

export type PrimaryAdviceCode =
  | 'OUT_OF_SCOPE' | 'NEED_DETAIL' | 'IMAGING_PROTOCOL_WARNING' | 'CONTRAINDICATED_SERIAL_IMAGING'
  | 'ANTICOAGULATE_NOW_PROXIMAL_EXTENSION' | 'ANTICOAGULATE_DISTAL_EXTENSION' | 'SURVEILLANCE_COMPLETE'
  | 'SURVEILLANCE_OVERDUE' | 'SURVEILLANCE_IN_PROGRESS' | 'ALREADY_ANTICOAGULATED' | 'PREGNANCY_LMWH'
  | 'CANCER_ANTICOAGULATE' | 'ANTICOAGULATE' | 'SHARED_DECISION' | 'ANTICOAGULATE_BY_PREFERENCE' | 'SERIAL_IMAGING';

export type NoteCode =
  | 'BILATERAL_SURVEILLANCE_NOTE' | 'DDIMER_CONFOUNDED_NOTE' | 'RENAL_DOSE_NOTE' | 'AGENT_AVOID_IN_PREGNANCY'
  | 'RECURRENT_VTE_EXTENDED_REVIEW' | 'MUSCULAR_ONLY_NOTE';

/** Advice codes of order-time and discharge cards (issue 4) extend this union in the same style. */
export type AdviceCode = PrimaryAdviceCode | NoteCode | (string & {});

export interface Decision {
  /** null = no card (RULES §5.4 P1, P11 and SC21). */
  readonly primary: PrimaryAdviceCode | null;
  /** The priority row that decided: 'P1' … 'P17'. */
  readonly rule: string;
  readonly indicator: Indicator | null;
  readonly notes: readonly NoteCode[];
  /** RULES §5.2 extensionFactors that counted, each with its evidence. */
  readonly extensionFactors: readonly Evidence[];
  /** Factors favouring serial imaging (muscular-only, bleeding moderate/high, preference …). */
  readonly favoursSerial: readonly Evidence[];
  /** Everything else the card should say (confounded D-dimer, provocation not recorded, treatment failure …). */
  readonly remarks: readonly string[];
}

// ───────────────────────────── orders (RULES §4, §5.6) ─────────────────────────────

/** One anticoagulation option as the clinician would sign it (one or more MedicationRequests, e.g. LMWH lead-in). */
export interface AnticoagulantOption {
  readonly agent: AgentId;
  /** "Start apixaban 10 mg BID × 7 d then 5 mg BID (3 months)". */
  readonly label: string;
  readonly resources: readonly MedicationRequest[];
  /** Cautions to show (renal, lead-in, moderate bleeding …). */
  readonly cautions: readonly string[];
  /** false when no dose could be computed (e.g. weight missing): the label says "dose by weight". */
  readonly doseComputed: boolean;
}

export interface SurveillanceOption {
  readonly label: string;
  readonly resources: readonly ServiceRequest[];
}

export interface EngineResult {
  readonly cards: readonly Card[];
  /** For --explain and logs (no PHI in logs: only codes are logged). */
  readonly facts: Facts | null;
  readonly decision: Decision | null;
  readonly adviceCodes: readonly string[];
}
