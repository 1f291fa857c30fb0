/**
 * The scenario-fixture format (fhir-fixtures/scenarios/<id>-<slug>.json), shared by the scenario tests and the
 * CLI `scenarios` command. Documented in fhir-fixtures/README.md; every optional field below is optional there too.
 */
import type { Thresholds } from '../../src/clinical/knowledge/types';
import type { HookName, Indicator } from '../../src/cds/types';

export type ServiceId =
  | 'distal-dvt-patient-view'
  | 'distal-dvt-order-select'
  | 'distal-dvt-order-sign'
  | 'distal-dvt-encounter-discharge';

export const SERVICE_HOOK: Readonly<Record<ServiceId, HookName>> = {
  'distal-dvt-patient-view': 'patient-view',
  'distal-dvt-order-select': 'order-select',
  'distal-dvt-order-sign': 'order-sign',
  'distal-dvt-encounter-discharge': 'encounter-discharge',
};

/** The eight prefetch keys, identical for all four services (a fixed contract). */
export const PREFETCH_KEYS = [
  'patient',
  'conditions',
  'observations',
  'medicationRequests',
  'serviceRequests',
  'encounters',
  'procedures',
  'diagnosticReports',
] as const;
export type PrefetchKey = (typeof PREFETCH_KEYS)[number];

export interface ExpectedAction {
  readonly type: 'create' | 'update' | 'delete';
  /** create/update: the resource's resourceType. */
  readonly resourceType?: string;
  /** Every code must be in code.coding / medicationCodeableConcept.coding. */
  readonly codes?: readonly string[];
  /** At least one of these codes must be there (e.g. "any LMWH product"). */
  readonly anyCodes?: readonly string[];
  /** ServiceRequest.occurrencePeriod.start / .end (ISO date; compared on the date part). */
  readonly occurrenceStart?: string;
  readonly occurrenceEnd?: string;
  /** First dosageInstruction's first doseQuantity value (mg). */
  readonly doseMg?: number;
  /** First dosageInstruction's timing.repeat frequency per day. */
  readonly frequencyPerDay?: number;
  /** delete: the relative reference removed ("MedicationRequest/draft-1"). */
  readonly resourceId?: string;
  /** A duration of the order in days (± 2 days, since "3 months" is 89–92 days). See README. */
  readonly durationDays?: number;
}

export interface ExpectedSuggestion {
  /** true: the suggestion must carry isRecommended: true. Omitted: not checked. */
  readonly isRecommended?: boolean;
  /** true: must be the card's FIRST suggestion (e.g. "serial imaging listed first"). */
  readonly first?: boolean;
  /** Substring of the suggestion label (case-insensitive), e.g. "dose by weight". */
  readonly labelIncludes?: string;
  readonly actions: readonly ExpectedAction[];
}

export interface FixtureExpectation {
  /** source.topic.code of the FIRST card; null = no cards at all; "*" = at least one card, any code. */
  readonly primary: string | null;
  /** true: a response with no cards at all is also acceptable (RULES "none (or info …)"). */
  readonly primaryOptional?: boolean;
  /** Indicator of the first card. */
  readonly indicator?: Indicator;
  /** Advice codes that must appear on other cards (any order). */
  readonly notes?: readonly string[];
  /** Advice codes that must appear on no card. */
  readonly absent?: readonly string[];
  /** Matched, in order, against the primary card's suggestions; [] = the primary card has no suggestions. */
  readonly suggestions?: readonly ExpectedSuggestion[];
  /** Substrings (case-insensitive) of the primary card's detail. */
  readonly detailIncludes?: readonly string[];
  /** Medication/service codes that no create/update action of any card may carry (e.g. DOACs in pregnancy). */
  readonly absentOrderCodes?: readonly string[];
}

/** A CDS Hooks request as stored in a fixture (kept as plain JSON: the tests post it unchanged). */
export interface FixtureRequest {
  readonly hook: HookName;
  readonly hookInstance: string;
  readonly context: Readonly<Record<string, unknown>>;
  readonly prefetch: Readonly<Record<PrefetchKey, unknown>>;
}

export interface ScenarioFixture {
  readonly id: string;
  readonly title: string;
  /** Where the expectation comes from: "RULES §6 SC01", or the rule a local scenario exercises. */
  readonly source: string;
  readonly service: ServiceId;
  /** The evaluation instant (CDS_CLOCK). */
  readonly now: string;
  /** Overrides of hooks/knowledge/thresholds.json for this scenario. */
  readonly thresholds?: Partial<Thresholds>;
  readonly request: FixtureRequest;
  readonly expected: FixtureExpectation;
}
