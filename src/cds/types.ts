/**
 * CDS Hooks 2.0 wire types (request, response, discovery).
 * @see https://cds-hooks.hl7.org/2.0/
 * Fields mirror the spec; optional fields are omitted, never null or empty (spec §Use of JSON).
 */
import type { Bundle, FhirResource } from 'fhir/r4';

export type HookName = 'patient-view' | 'order-select' | 'order-sign' | 'encounter-discharge';

/** Coding as CDS Hooks defines it (system + code, display required on override reasons). */
export interface Coding {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
}

export interface FhirAuthorization {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
  readonly scope: string;
  readonly subject: string;
  readonly patient?: string;
}

export interface HookContext {
  readonly userId: string;
  readonly patientId: string;
  readonly encounterId?: string;
  /** order-select only: `Type/id` references into draftOrders. */
  readonly selections?: readonly string[];
  /** order-select / order-sign: a Bundle of draft request resources (Bundle.type may be missing). */
  readonly draftOrders?: Bundle;
  readonly [extra: string]: unknown;
}

/** A validated hook call. Prefetch values are a resource, a Bundle, null ("none") or an OperationOutcome. */
export interface HookRequest {
  readonly hook: HookName;
  readonly hookInstance: string;
  readonly fhirServer?: string;
  readonly fhirAuthorization?: FhirAuthorization;
  readonly context: HookContext;
  readonly prefetch?: Readonly<Record<string, unknown>>;
  readonly extension?: Readonly<Record<string, unknown>>;
}

export type Indicator = 'info' | 'warning' | 'critical';

export interface Source {
  readonly label: string;
  readonly url?: string;
  readonly icon?: string;
  readonly topic?: Coding;
}

export type Action =
  | { readonly type: 'create'; readonly description: string; readonly resource: FhirResource }
  | { readonly type: 'update'; readonly description: string; readonly resource: FhirResource }
  | { readonly type: 'delete'; readonly description: string; readonly resourceId: string };

export interface Suggestion {
  readonly label: string;
  readonly uuid: string;
  readonly isRecommended?: boolean;
  readonly actions?: readonly Action[];
}

export interface Link {
  readonly label: string;
  readonly url: string;
  readonly type: 'absolute' | 'smart';
  readonly appContext?: string;
}

export interface Card {
  readonly uuid: string;
  readonly summary: string;
  readonly detail?: string;
  readonly indicator: Indicator;
  readonly source: Source;
  readonly suggestions?: readonly Suggestion[];
  readonly selectionBehavior?: 'at-most-one' | 'any';
  readonly overrideReasons?: readonly Coding[];
  readonly links?: readonly Link[];
}

export interface CdsResponse {
  readonly cards: readonly Card[];
  readonly systemActions?: readonly Action[];
}

/** One entry of GET /cds-services. */
export interface CdsServiceDescriptor {
  readonly id: string;
  readonly hook: HookName;
  readonly title: string;
  readonly description: string;
  readonly prefetch?: Readonly<Record<string, string>>;
  readonly usageRequirements?: string;
}

/** Advice CodeSystem used in every card's source.topic (DESIGN.md contract). */
export const ADVICE_SYSTEM = 'urn:distal-dvt-cds:advice';
/** Local findings CodeSystem (RULES §2.5). */
export const FINDINGS_SYSTEM = 'urn:distal-dvt-cds:findings';
