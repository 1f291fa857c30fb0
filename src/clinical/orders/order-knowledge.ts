/**
 * Typed access to the order knowledge (regimens.json extras, orders.json). The knowledge loader validates both
 * files against ../knowledge/regimen-schema.ts at start-up, so a broken file never reaches a request; here the
 * validated `unknown` extras are only narrowed to the types the orders code reads.
 */
import type { Knowledge, Regimen, RegimenPhase } from '../knowledge/types';
import type { AgentId, CancerSite } from '../types';

export interface CodingData { readonly system: string; readonly code: string; readonly display?: string }

export interface Syringe { readonly dose: number; readonly rxcui: string; readonly display: string; readonly concentrationPerMl: number }

export interface WeightBand {
  readonly belowKg?: number;
  readonly belowOrAtKg?: number;
  readonly doseMg: number;
  readonly rxcui: string;
  readonly display: string;
}

/** A Regimen with the typed extras this project's regimens.json carries (all optional). */
export interface RegimenDetails extends Regimen {
  readonly agent: AgentId;
  readonly phases: readonly (RegimenPhase & { readonly unitsPerDose?: number })[];
  readonly ingredientRxcui?: string;
  readonly leadInAgent?: AgentId;
  readonly leadInOverlapsMaintenance?: boolean;
  readonly avoidAtLimit?: boolean;
  readonly renalAdjustedFrequencyPerDay?: number;
  readonly renalCautionBelowCrcl?: number;
  readonly roundDoseTo?: number;
  readonly dosingWeightKg?: { readonly min: number; readonly max: number };
  readonly syringeChoice?: 'smallest-at-least' | 'nearest';
  readonly syringes?: readonly Syringe[];
  readonly reducedDose?: {
    readonly doseMg: number; readonly rxcui: string; readonly productDisplay: string;
    readonly crclAtMost?: number; readonly weightKgAtMost?: number;
  };
  readonly weightBands?: readonly WeightBand[];
  readonly inrMonitoring?: { readonly code: CodingData; readonly fromDay: number; readonly toDay: number; readonly target?: string };
  readonly nonCancerCaution?: string;
  /** Shown only where pregnancy or the postpartum period applies (RULES G9). */
  readonly pregnancyCaution?: string;
  readonly notSuggested?: boolean;
}

export type SelectionList =
  | 'default' | 'pregnancy' | 'postpartumBreastfeeding' | 'postpartum' | 'cancerGastric' | 'cancerGiGu' | 'cancerOther'
  | 'triplePositiveAps';

export interface OrderTemplates {
  readonly routes: Readonly<Record<'oral' | 'subcutaneous' | 'intravenous', CodingData>>;
  readonly surveillance: {
    readonly bilateral: readonly CodingData[];
    readonly right: readonly CodingData[];
    readonly left: readonly CodingData[];
    readonly bodySite: CodingData;
  };
  readonly haematologyReferral: { readonly coding: readonly CodingData[]; readonly text: string };
  readonly selection: Readonly<Record<SelectionList, readonly AgentId[]>>;
  readonly cancerCautionAgents: Readonly<Partial<Record<CancerSite, readonly AgentId[]>>>;
  readonly doacAgentClasses: readonly Regimen['agentClass'][];
  readonly courseDaysPerMonth: number;
}

export interface OrderKnowledge {
  readonly regimens: Readonly<Partial<Record<AgentId, RegimenDetails>>>;
  readonly templates: OrderTemplates;
}

export class OrderKnowledgeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OrderKnowledgeError';
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The order knowledge of `knowledge` (regimens.json as `regimens`, orders.json as `orders`, per the loader). */
export function orderKnowledgeOf(knowledge: Knowledge): OrderKnowledge {
  const templates: unknown = knowledge['orders'];
  // A Knowledge built by hand without the loader (tools, tests) is the only way to get here without orders.json.
  if (!isObject(knowledge.regimens) || !isObject(templates)) {
    throw new OrderKnowledgeError('order knowledge missing: load the knowledge folder with loadKnowledge()');
  }
  // Narrowing is justified by the schema validation of loadKnowledge (regimensSchema, ordersSchema).
  return {
    regimens: knowledge.regimens as unknown as OrderKnowledge['regimens'],
    templates: templates as unknown as OrderTemplates,
  };
}

/** The regimen of an agent when it may be suggested (present, verified, not marked notSuggested). */
export function suggestableRegimen(orders: OrderKnowledge, agent: AgentId): RegimenDetails | null {
  const regimen = orders.regimens[agent];
  if (!regimen || regimen.unverified === true || regimen.notSuggested === true) return null;
  return regimen;
}

export function isDoac(orders: OrderKnowledge, agent: AgentId): boolean {
  const regimen = orders.regimens[agent];
  return regimen !== undefined && orders.templates.doacAgentClasses.includes(regimen.agentClass);
}
