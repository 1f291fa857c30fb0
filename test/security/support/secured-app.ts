/**
 * The real app (createApp + createDefaultDeps) with client auth plugged in, plus minimal valid request bodies.
 */
import type { Express, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import { createApp } from '../../../src/app';
import { createDefaultDeps } from '../../../src/default-deps';
import { testConfig } from '../../../src/config';
import type { Config } from '../../../src/config';
import type { AppDeps } from '../../../src/app-deps';
import { HOOKS_DIR, testKnowledge } from '../../http/helpers';

export const BASE = 'https://cds.test';
export const SERVICE_PATH = '/cds-services/distal-dvt-patient-view';

export interface SecuredAppOptions {
  readonly authenticate: RequestHandler | null;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly discoveryAuth?: boolean;
  readonly config?: Partial<Config>;
  readonly deps?: Partial<AppDeps>;
}

export function buildSecuredApp(options: SecuredAppOptions): Express {
  const config = testConfig({
    auth: options.authenticate === null ? 'off' : 'required',
    publicBaseUrl: BASE,
    discoveryAuth: options.discoveryAuth ?? false,
    knowledgeDir: HOOKS_DIR,
    ...options.config,
  });
  return createApp(
    config,
    createDefaultDeps(config, { authenticate: options.authenticate, logger: options.logger, clock: options.clock, knowledge: testKnowledge(), ...options.deps }),
  );
}

/** A patient-view call with every prefetch key answered "none" except the patient: a 200 with no DVT cards. */
export function patientViewRequest(patientId = 'example'): Record<string, unknown> {
  return {
    hook: 'patient-view',
    hookInstance: randomUUID(),
    context: { userId: 'Practitioner/example', patientId },
    prefetch: {
      patient: { resourceType: 'Patient', id: patientId, gender: 'female', birthDate: '1960-05-01' },
      conditions: null,
      observations: null,
      medicationRequests: null,
      serviceRequests: null,
      encounters: null,
      procedures: null,
      diagnosticReports: null,
    },
  };
}

export function feedbackRequest(): Record<string, unknown> {
  return { feedback: [{ card: randomUUID(), outcome: 'overridden', outcomeTimestamp: '2025-03-03T15:00:00Z' }] };
}
