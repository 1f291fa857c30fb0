/**
 * JSON schemas (ajv, draft-07) for the order knowledge files written by the decision work:
 * - `hooks/knowledge/regimens.json` — an object of {@link Regimen} keyed by agent id (RULES §4);
 * - `hooks/knowledge/orders.json` — routes, surveillance codes, referral, agent-selection lists (RULES §4, §5.6).
 * The knowledge loader validates both at start-up; src/clinical/orders/order-knowledge.ts narrows them.
 */

const coding = {
  type: 'object',
  required: ['system', 'code'],
  properties: { system: { type: 'string', minLength: 1 }, code: { type: 'string', minLength: 1 }, display: { type: 'string' } },
  additionalProperties: false,
} as const;

const agentId = {
  enum: ['apixaban', 'rivaroxaban', 'edoxaban', 'dabigatran', 'enoxaparin', 'dalteparin', 'tinzaparin', 'fondaparinux', 'heparin', 'warfarin'],
} as const;

const positive = { type: 'number', exclusiveMinimum: 0 } as const;
const rxcui = { type: 'string', pattern: '^[0-9]*$' } as const;

const phase = {
  type: 'object',
  required: ['frequencyPerDay', 'route', 'rxcui', 'productDisplay', 'text'],
  properties: {
    doseMg: positive,
    doseMgPerKg: positive,
    doseIuPerKg: positive,
    maxDoseIu: positive,
    frequencyPerDay: { type: 'integer', minimum: 1, maximum: 24 },
    durationDays: { type: 'integer', minimum: 1 },
    route: { enum: ['oral', 'subcutaneous', 'intravenous'] },
    withFood: { type: 'boolean' },
    rxcui,
    productDisplay: { type: 'string', minLength: 1 },
    unitsPerDose: positive,
    text: { type: 'string', minLength: 1 },
  },
  additionalProperties: false,
} as const;

const syringe = {
  type: 'object',
  required: ['dose', 'rxcui', 'display', 'concentrationPerMl'],
  properties: { dose: positive, rxcui: { type: 'string', pattern: '^[0-9]+$' }, display: { type: 'string' }, concentrationPerMl: positive },
  additionalProperties: false,
} as const;

const regimen = {
  type: 'object',
  required: ['agent', 'display', 'agentClass', 'phases'],
  properties: {
    $comment: { type: 'string' },
    agent: agentId,
    display: { type: 'string', minLength: 1 },
    agentClass: { enum: ['doac-xa', 'doac-thrombin', 'lmwh', 'fondaparinux', 'ufh', 'vka'] },
    ingredientRxcui: rxcui,
    phases: { type: 'array', minItems: 1, items: phase },
    parenteralLeadInDays: { type: 'integer', minimum: 1 },
    leadInAgent: agentId,
    leadInOverlapsMaintenance: { type: 'boolean' },
    avoidBelowCrcl: positive,
    /** true: the agent is also avoided AT the limit (dabigatran: avoid CrCl ≤ 30). */
    avoidAtLimit: { type: 'boolean' },
    renalAdjustBelowCrcl: positive,
    renalAdjustedFrequencyPerDay: { type: 'integer', minimum: 1 },
    renalCautionBelowCrcl: positive,
    roundDoseTo: positive,
    dosingWeightKg: {
      type: 'object', required: ['min', 'max'], properties: { min: positive, max: positive }, additionalProperties: false,
    },
    syringeChoice: { enum: ['smallest-at-least', 'nearest'] },
    syringes: { type: 'array', minItems: 1, items: syringe },
    reducedDose: {
      type: 'object',
      required: ['doseMg', 'rxcui', 'productDisplay'],
      properties: {
        doseMg: positive, rxcui, productDisplay: { type: 'string' }, crclAtMost: positive, weightKgAtMost: positive,
      },
      additionalProperties: false,
    },
    weightBands: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['doseMg', 'rxcui', 'display'],
        properties: { belowKg: positive, belowOrAtKg: positive, doseMg: positive, rxcui, display: { type: 'string' } },
        additionalProperties: false,
      },
    },
    inrMonitoring: {
      type: 'object',
      required: ['code', 'fromDay', 'toDay'],
      properties: { code: coding, fromDay: { type: 'integer', minimum: 0 }, toDay: { type: 'integer', minimum: 0 }, target: { type: 'string' } },
      additionalProperties: false,
    },
    nonCancerCaution: { type: 'string' },
    pregnancyCaution: { type: 'string' },
    notSuggested: { type: 'boolean' },
    cautions: { type: 'array', items: { type: 'string' } },
    unverified: { type: 'boolean' },
  },
  additionalProperties: false,
} as const;

/** hooks/knowledge/regimens.json: `{ "<agent id>": Regimen }`; each entry's `agent` equals its key. */
export const regimensSchema = {
  $id: 'urn:distal-dvt-cds:schema:regimens',
  type: 'object',
  propertyNames: agentId,
  additionalProperties: regimen,
  minProperties: 1,
} as const;

const agentList = { type: 'array', items: agentId, minItems: 1 } as const;

/** hooks/knowledge/orders.json. */
export const ordersSchema = {
  $id: 'urn:distal-dvt-cds:schema:orders',
  type: 'object',
  required: ['routes', 'surveillance', 'haematologyReferral', 'selection', 'cancerCautionAgents', 'doacAgentClasses', 'courseDaysPerMonth'],
  properties: {
    $comment: { type: 'string' },
    routes: {
      type: 'object',
      required: ['oral', 'subcutaneous', 'intravenous'],
      properties: { oral: coding, subcutaneous: coding, intravenous: coding },
      additionalProperties: false,
    },
    surveillance: {
      type: 'object',
      required: ['bilateral', 'right', 'left', 'bodySite'],
      properties: {
        bilateral: { type: 'array', items: coding, minItems: 1 },
        right: { type: 'array', items: coding, minItems: 1 },
        left: { type: 'array', items: coding, minItems: 1 },
        bodySite: coding,
      },
      additionalProperties: false,
    },
    haematologyReferral: {
      type: 'object',
      required: ['coding', 'text'],
      properties: { $comment: { type: 'string' }, coding: { type: 'array', items: coding }, text: { type: 'string', minLength: 1 } },
      additionalProperties: false,
    },
    selection: {
      type: 'object',
      required: ['default', 'pregnancy', 'postpartumBreastfeeding', 'postpartum', 'cancerGastric', 'cancerGiGu', 'cancerOther', 'triplePositiveAps'],
      properties: {
        $comment: { type: 'string' },
        default: agentList, pregnancy: agentList, postpartumBreastfeeding: agentList, postpartum: agentList,
        cancerGastric: agentList, cancerGiGu: agentList, cancerOther: agentList, triplePositiveAps: agentList,
      },
      additionalProperties: false,
    },
    cancerCautionAgents: {
      type: 'object',
      propertyNames: { enum: ['gastric', 'gastroesophageal', 'gi-luminal', 'gu', 'other'] },
      additionalProperties: { type: 'array', items: agentId },
    },
    doacAgentClasses: { type: 'array', items: { enum: ['doac-xa', 'doac-thrombin', 'lmwh', 'fondaparinux', 'ufh', 'vka'] } },
    courseDaysPerMonth: { type: 'integer', minimum: 28, maximum: 31 },
  },
  additionalProperties: false,
} as const;
