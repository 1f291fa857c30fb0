/**
 * Hand-built inputs for the decision, order and card tests: the real knowledge files (thresholds, regimens,
 * orders, sources) with a tiny value-set index, and a Facts builder with "nothing known" defaults.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CodeableConcept, Coding } from 'fhir/r4';
import type { Knowledge, Regimen, Thresholds, ValueSetIndex } from '../../../src/clinical/knowledge/types';
import type { Episode, Facts } from '../../../src/clinical/types';

const KNOWLEDGE_DIR = path.join(__dirname, '..', '..', '..', 'hooks', 'knowledge');

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(KNOWLEDGE_DIR, file), 'utf8')) as unknown;
}

/** A value-set index over an explicit map of id → codes (system|code). */
export function valueSetIndex(sets: Record<string, readonly Coding[]>): ValueSetIndex {
  const key = (c: Coding): string => `${c.system ?? ''}|${(c.code ?? '').replace('.', '')}`;
  const index = new Map(Object.entries(sets).map(([id, codes]) => [id, new Set(codes.map(key))]));
  const codingsOf = (code: Coding | CodeableConcept | undefined): Coding[] =>
    code === undefined ? [] : 'coding' in code || 'text' in code ? ((code as CodeableConcept).coding ?? []) : [code as Coding];
  return {
    has: (id, code) => codingsOf(code).some((c) => index.get(id)?.has(key(c)) ?? false),
    match: (id, code) => codingsOf(code).find((c) => index.get(id)?.has(key(c)) ?? false),
    ids: () => [...index.keys()],
    codes: (id) => (sets[id] ?? []) as Coding[],
  };
}

export function testKnowledge(overrides: Partial<Thresholds> = {}, valueSets: ValueSetIndex = valueSetIndex({})): Knowledge {
  const thresholds = { ...(readJson('thresholds.json') as Thresholds), ...overrides };
  const { sources, ...citations } = readJson('sources.json') as { sources: Knowledge['sources'] } & Knowledge['citations'];
  return {
    dir: path.dirname(KNOWLEDGE_DIR),
    thresholds,
    valueSets,
    regimens: readJson('regimens.json') as Record<string, Regimen>,
    sources,
    citations: { defaultLinks: citations.defaultLinks, adviceLinks: citations.adviceLinks, reportedFigures: citations.reportedFigures },
    orders: readJson('orders.json'),
  };
}

export const NOW = '2025-03-03T15:00:00Z';

export function episode(overrides: Partial<Episode> = {}): Episode {
  return {
    conditionRef: 'Condition/dvt-1',
    diagnosedAt: '2025-03-03',
    segment: 'distal',
    veins: [{ vein: 'gastrocnemius', segment: 'distal', side: 'right', muscular: true, source: 'Condition/dvt-1' }],
    muscularOnly: true,
    bilateral: false,
    veinCount: 1,
    side: 'right',
    lengthCm: 2.8,
    maxDiameterMm: 5,
    distanceToProximalCm: 9,
    protocol: 'whole-leg',
    pe: false,
    upperLimbOnly: false,
    severity: null,
    ...overrides,
  };
}

/** SC01-like facts: low-risk gastrocnemius clot, provoked, D-dimer negative, bleeding low. */
export function facts(overrides: Partial<Facts> = {}): Facts {
  return {
    now: NOW,
    patientId: 'p1',
    ageYears: 46,
    sex: 'female',
    weightKg: 68,
    episode: episode(),
    limitedScan: null,
    followUps: [],
    surveillancePlan: null,
    dDimer: {
      valueFeuNgMl: 420, basis: 'FEU', positive: false, marked: false, cutoffFeuNgMl: 500, cutoffSource: 'fixed',
      confounders: [], date: '2025-03-03', source: 'Observation/dd-1', reported: '420 ng/mL FEU',
    },
    activeCancer: null,
    pregnant: false,
    postpartumDays: null,
    breastfeeding: false,
    priorVte: false,
    inpatientOrRecentHosp: false,
    recentSurgery: false,
    covid19: false,
    provocation: 'provoked-transient-minor',
    severeSymptoms: false,
    preference: 'none-stated',
    bleeding: { contraindications: [], score: 0, category: 'low', factors: [] },
    anticoagulants: [],
    renal: { crclMlMin: 96, source: 'cockcroft-gault' },
    triplePositiveAps: false,
    evidence: {},
    missing: [],
    ...overrides,
  };
}

/** A positive, unconfounded D-dimer. */
export function dDimer(value: number, extra: Partial<NonNullable<Facts['dDimer']>> = {}): NonNullable<Facts['dDimer']> {
  return {
    valueFeuNgMl: value, basis: 'FEU', positive: value >= 500, marked: value >= 1000, cutoffFeuNgMl: 500,
    cutoffSource: 'fixed', confounders: [], date: '2025-03-03', source: 'Observation/dd-1',
    reported: `${value} ng/mL FEU`, ...extra,
  };
}
