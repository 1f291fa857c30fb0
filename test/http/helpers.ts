/**
 * Shared pieces of the HTTP tests: a real app (createApp + createDefaultDeps), the real service definitions
 * from hooks/services, captured logs, and request fixtures from fhir-fixtures/requests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Express } from 'express';
import type { AppDeps } from '../../src/app-deps';
import { createApp } from '../../src/app';
import type { Knowledge } from '../../src/clinical/knowledge/types';
import { loadKnowledge } from '../../src/clinical/knowledge/load';
import { testConfig, type Config } from '../../src/config';
import { createDefaultDeps } from '../../src/default-deps';
import { createLogger } from '../../src/observability/logger';

export const REPO_ROOT = join(__dirname, '..', '..');
export const HOOKS_DIR = join(REPO_ROOT, 'hooks');
export const FHIR_BASE = 'https://fhir.example.org/r4';
export const FHIR_ORIGIN = 'https://fhir.example.org';

let knowledge: Knowledge | undefined;

/** The real knowledge folder, loaded once per test file (a broken folder fails the tests, as it stops the start). */
export function testKnowledge(): Knowledge {
  knowledge ??= loadKnowledge(HOOKS_DIR);
  return knowledge;
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
