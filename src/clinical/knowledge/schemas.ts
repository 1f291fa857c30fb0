/**
 * JSON schemas (ajv, draft-07) of the knowledge folder. A broken file stops start-up with file + JSON pointer
 * (DESIGN "hooks/ is read and validated at start-up"). `$comment` and a `description` map are allowed wherever
 * a site may want to cite RULES, because JSON has no comments.
 */

const positive = { type: 'number', exclusiveMinimum: 0 } as const;
const nonNegative = { type: 'number', minimum: 0 } as const;
const days = { type: 'integer', minimum: 0 } as const;

const scanWindow = {
  type: 'object',
  required: ['targetDay', 'fromDay', 'toDay'],
  additionalProperties: false,
  properties: { targetDay: days, fromDay: days, toDay: days, $comment: { type: 'string' } },
} as const;

/** RULES §3, §5.5, §7: every field of `Thresholds` is required, nothing unknown is accepted (typos fail). */
export const thresholdsSchema = {
  $id: 'thresholds',
  type: 'object',
  additionalProperties: false,
  required: [
    'episodeWindowDays', 'covidWindowDays', 'hospitalisationWindowDays', 'surgeryWindowDays',
    'dDimerConfounderSurgeryDays', 'dDimerWindowBeforeHours', 'dDimerWindowAfterHours', 'dDimerCutoffFeuNgMl',
    'useAgeAdjustedDDimer', 'ageAdjustedDDimerFromAgeYears', 'ageAdjustedDDimerNgMlPerYear', 'dDimerMarkedMultiple',
    'dduToFeuFactor', 'lengthCm', 'maxDiameterMm', 'multipleVeinsCount', 'nearProximalCm', 'severePainNrs',
    'postpartumDays', 'activeCancerMonths', 'contraindicationPlateletsE9PerL', 'intracranialHaemorrhageDays',
    'thrombocytopeniaPlateletsE9PerL', 'anaemiaHgbGdlMale', 'anaemiaHgbGdlFemale', 'bleedingAgePoint1Years',
    'bleedingAgePoint2Years', 'bleedingModerateScore', 'bleedingHighScore', 'renalFailureCrclMlMin', 'scan1', 'scan2',
    'overdueCriticalAfterDays', 'bilateralSurveillance', 'treatmentDurationMonths', 'pregnancyPostpartumWeeks',
    'dischargeRequiresSurveillance', 'presentationWindowHours', 'creatinineMolecularWeightGPerMol',
    'haemoglobinMolecularWeightGPerMol',
  ],
  properties: {
    $comment: { type: 'string' },
    description: { type: 'object', additionalProperties: { type: 'string' } },
    episodeWindowDays: days,
    covidWindowDays: days,
    hospitalisationWindowDays: days,
    surgeryWindowDays: days,
    dDimerConfounderSurgeryDays: days,
    dDimerWindowBeforeHours: nonNegative,
    dDimerWindowAfterHours: nonNegative,
    dDimerCutoffFeuNgMl: positive,
    useAgeAdjustedDDimer: { type: 'boolean' },
    ageAdjustedDDimerFromAgeYears: nonNegative,
    ageAdjustedDDimerNgMlPerYear: positive,
    dDimerMarkedMultiple: { type: 'number', minimum: 1 },
    dduToFeuFactor: positive,
    lengthCm: positive,
    maxDiameterMm: positive,
    multipleVeinsCount: { type: 'integer', minimum: 2 },
    nearProximalCm: nonNegative,
    severePainNrs: { type: 'number', minimum: 0, maximum: 10 },
    presentationWindowHours: nonNegative,
    postpartumDays: days,
    activeCancerMonths: { type: 'integer', minimum: 0 },
    contraindicationPlateletsE9PerL: positive,
    intracranialHaemorrhageDays: days,
    thrombocytopeniaPlateletsE9PerL: positive,
    anaemiaHgbGdlMale: positive,
    anaemiaHgbGdlFemale: positive,
    bleedingAgePoint1Years: nonNegative,
    bleedingAgePoint2Years: nonNegative,
    bleedingModerateScore: { type: 'integer', minimum: 1 },
    bleedingHighScore: { type: 'integer', minimum: 1 },
    renalFailureCrclMlMin: positive,
    scan1: scanWindow,
    scan2: scanWindow,
    overdueCriticalAfterDays: days,
    bilateralSurveillance: { type: 'boolean' },
    treatmentDurationMonths: { type: 'integer', minimum: 1 },
    pregnancyPostpartumWeeks: { type: 'integer', minimum: 0 },
    dischargeRequiresSurveillance: { type: 'boolean' },
    creatinineMolecularWeightGPerMol: positive,
    haemoglobinMolecularWeightGPerMol: positive,
  },
} as const;

const extension = {
  type: 'object',
  required: ['url'],
  properties: { url: { type: 'string', minLength: 1 }, valueCode: { type: 'string', minLength: 1 } },
} as const;

const conceptSet = {
  type: 'object',
  required: ['system'],
  properties: {
    system: { type: 'string', minLength: 1 },
    version: { type: 'string' },
    concept: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['code'],
        properties: {
          code: { type: 'string', minLength: 1, pattern: '^\\S+$' },
          display: { type: 'string' },
          extension: { type: 'array', items: extension },
        },
      },
    },
    filter: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['property', 'op', 'value'],
        properties: {
          // Only what the index implements: a regex on the code (compiled once at start-up).
          property: { const: 'code' },
          op: { const: 'regex' },
          value: { type: 'string', minLength: 1 },
        },
      },
    },
  },
  anyOf: [{ required: ['concept'] }, { required: ['filter'] }],
} as const;

/** A FHIR R4 ValueSet reduced to what the index reads: compose.include/exclude with concepts or regex filters. */
export const valueSetSchema = {
  $id: 'valueset',
  type: 'object',
  required: ['resourceType', 'id', 'status', 'compose'],
  properties: {
    resourceType: { const: 'ValueSet' },
    id: { type: 'string', pattern: '^[A-Za-z0-9\\-.]{1,64}$' },
    url: { type: 'string' },
    status: { enum: ['draft', 'active', 'retired', 'unknown'] },
    compose: {
      type: 'object',
      required: ['include'],
      properties: {
        include: { type: 'array', minItems: 1, items: conceptSet },
        exclude: { type: 'array', items: conceptSet },
      },
    },
  },
} as const;

export const sourcesSchema = {
  $id: 'sources',
  type: 'object',
  required: ['sources', 'defaultLinks', 'adviceLinks', 'reportedFigures'],
  additionalProperties: false,
  properties: {
    $comment: { type: 'string' },
    sources: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'label', 'url'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
          label: { type: 'string', minLength: 1 },
          url: { type: 'string', format: 'uri', pattern: '^https://' },
          note: { type: 'string' },
        },
      },
    },
    defaultLinks: { type: 'array', items: { type: 'string' } },
    adviceLinks: {
      type: 'object',
      propertyNames: { pattern: '^[A-Z][A-Z0-9_]*$' },
      additionalProperties: { type: 'array', items: { type: 'string' } },
    },
    reportedFigures: {
      type: 'object',
      propertyNames: { pattern: '^[A-Z][A-Z0-9_]*$' },
      additionalProperties: { type: 'string', minLength: 1 },
    },
  },
} as const;

const bounds = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { min: nonNegative, max: nonNegative },
} as const;

/** RULES §7.15: per-agent dose rules (hooks/knowledge/anticoagulant-intent.json). */
export const anticoagulantIntentSchema = {
  $id: 'anticoagulant-intent',
  type: 'object',
  required: ['agents'],
  additionalProperties: false,
  properties: {
    $comment: { type: 'string' },
    agents: {
      type: 'object',
      propertyNames: {
        enum: ['apixaban', 'rivaroxaban', 'edoxaban', 'dabigatran', 'enoxaparin', 'dalteparin', 'tinzaparin', 'fondaparinux', 'heparin', 'warfarin'],
      },
      additionalProperties: {
        type: 'object',
        required: ['doseUnit', 'rules'],
        additionalProperties: false,
        properties: {
          doseUnit: { enum: ['mg', '[iU]'] },
          rules: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['intent'],
              additionalProperties: false,
              properties: {
                intent: { enum: ['therapeutic', 'prophylactic'] },
                perDose: bounds,
                perDay: bounds,
                perDosePerKg: bounds,
                perDayPerKg: bounds,
                frequencyPerDay: bounds,
                why: { type: 'string' },
              },
            },
          },
        },
      },
    },
  },
} as const;
