/**
 * Shared pieces of the HTTP tests: a real app (createApp + createDefaultDeps), the real service definitions
 * from hooks/services, captured logs, and request fixtures from fhir-fixtures/requests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Express } from 'express';
import type { AppDeps } from '../../src/app-deps';
import { createApp } from '../../src/app';
import type { Knowledge, Thresholds } from '../../src/clinical/knowledge/types';
import { loadKnowledge } from '../../src/clinical/knowledge/load';
import { testConfig, type Config } from '../../src/config';
import { createDefaultDeps } from '../../src/default-deps';
import { createLogger } from '../../src/observability/logger';

export const REPO_ROOT = join(__dirname, '..', '..');
export const HOOKS_DIR = join(REPO_ROOT, 'hooks');
export const FHIR_BASE = 'https://fhir.example.org/r4';
export const FHIR_ORIGIN = 'https://fhir.example.org';

/** Placeholder-era knowledge: only used while loadKnowledge (issue 3) still throws. */
function minimalKnowledge(): Knowledge {
  const thresholds: Thresholds = {
    episodeWindowDays: 30, covidWindowDays: 90, hospitalisationWindowDays: 90, surgeryWindowDays: 90,
    dDimerConfounderSurgeryDays: 28, dDimerWindowBeforeHours: 72, dDimerWindowAfterHours: 24,
    dDimerCutoffFeuNgMl: 500, useAgeAdjustedDDimer: false, ageAdjustedDDimerFromAgeYears: 50,
    ageAdjustedDDimerNgMlPerYear: 10, dDimerMarkedMultiple: 2, dduToFeuFactor: 2, lengthCm: 5, maxDiameterMm: 7,
    multipleVeinsCount: 2, nearProximalCm: 2, severePainNrs: 7, postpartumDays: 42, activeCancerMonths: 6,
    contraindicationPlateletsE9PerL: 50, intracranialHaemorrhageDays: 90, thrombocytopeniaPlateletsE9PerL: 100,
    anaemiaHgbGdlMale: 13, anaemiaHgbGdlFemale: 12, bleedingAgePoint1Years: 65, bleedingAgePoint2Years: 75,
    bleedingModerateScore: 1, bleedingHighScore: 2, renalFailureCrclMlMin: 30,
    scan1: { targetDay: 7, fromDay: 5, toDay: 9 }, scan2: { targetDay: 14, fromDay: 12, toDay: 16 },
    overdueCriticalAfterDays: 7, bilateralSurveillance: true, treatmentDurationMonths: 3,
    pregnancyPostpartumWeeks: 6, dischargeRequiresSurveillance: true,
  };
  return {
    dir: HOOKS_DIR,
    thresholds,
    valueSets: { has: () => false, match: () => undefined, ids: () => [], codes: () => [] },
    regimens: {},
    sources: [],
  };
}

/** The real knowledge when its loader works; the minimal stand-in while it is still a placeholder. */
export function testKnowledge(): Knowledge {
  try {
    return loadKnowledge(HOOKS_DIR);
  } catch {
    return minimalKnowledge();
  }
}

export interface CapturedLogs {
  readonly lines: Record<string, unknown>[];
  /** Everything written, raw: for "this string never appears" checks. */
  text(): string;
}

export function captureLogs(): { logger: AppDeps['logger']; logs: CapturedLogs } {
  const raw: string[] = [];
  // pino writes each line synchronously to any object with write().
  const destination = { write: (msg: string) => void raw.push(msg) };
  const logger = createLogger({ logLevel: 'info' }, destination);
  return {
    logger,
    logs: {
      get lines() {
        return raw.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
      },
      text: () => raw.join(''),
    },
  };
}

export interface TestApp {
  readonly app: Express;
  readonly config: Config;
  readonly deps: AppDeps;
  readonly logs: CapturedLogs;
}

/** A real app on the real service definitions, FHIR allowlist = FHIR_ORIGIN, loopback off, logs captured. */
export function buildTestApp(configOverrides: Partial<Config> = {}, depOverrides: Partial<AppDeps> = {}): TestApp {
  const config = testConfig({
    knowledgeDir: HOOKS_DIR,
    fhirServers: [FHIR_ORIGIN],
    allowLoopbackFhir: false,
    clock: '2025-03-03T15:00:00Z',
    ...configOverrides,
  });
  const { logger, logs } = captureLogs();
  const deps = createDefaultDeps(config, { logger, knowledge: testKnowledge(), ...depOverrides });
  return { app: createApp(config, deps), config, deps, logs };
}

/** A fresh copy of a request fixture (tests change them freely). */
export function requestFixture(name: string): Record<string, unknown> & { context: Record<string, unknown>; prefetch?: Record<string, unknown> } {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'fhir-fixtures', 'requests', name), 'utf8')) as ReturnType<typeof requestFixture>;
}
