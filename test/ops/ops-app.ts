/**
 * An Express app made of the operations routers (feedback, admin, health, metrics) plus the protocol layer's
 * error handling, so these routes are testable before createApp mounts them. Same order as in createApp.
 */
import express, { type Express, type RequestHandler } from 'express';
import pino, { type Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { AppDeps } from '../../src/app-deps';
import type { CdsServiceDescriptor } from '../../src/cds/types';
import type { Knowledge } from '../../src/clinical/knowledge/types';
import type { Config } from '../../src/config';
import { testConfig } from '../../src/config';
import type { FeedbackStore } from '../../src/feedback/types';
import { adminRouter } from '../../src/http/admin';
import { errorHandler, notFoundHandler } from '../../src/http/error-handler';
import { feedbackRouter } from '../../src/http/feedback';
import { healthRouter, type HealthOptions } from '../../src/http/health';
import { jsonBody } from '../../src/http/json-body';
import { metricsRouter } from '../../src/http/metrics';
import { createHttpLogger } from '../../src/observability/logger';
import { testKnowledge } from '../http/helpers';
import type { ServiceMetrics } from '../../src/observability/metrics-types';
import { noopMetrics } from '../../src/observability/metrics-types';

export const SERVICES: readonly CdsServiceDescriptor[] = [
  { id: 'distal-dvt-patient-view', hook: 'patient-view', title: 'Distal DVT', description: 'patient-view' },
  { id: 'distal-dvt-order-sign', hook: 'order-sign', title: 'Distal DVT', description: 'order-sign' },
];

/** The real knowledge (or the protocol tests' stand-in while its loader is a placeholder). */
export const LOADED_KNOWLEDGE: Knowledge = testKnowledge();

export interface OpsAppParts {
  readonly feedbackStore: FeedbackStore | null;
  readonly metrics?: ServiceMetrics;
  readonly registry?: Registry;
  readonly config?: Partial<Config>;
  readonly knowledge?: Knowledge;
  readonly clock?: () => Date;
  readonly health?: HealthOptions;
  readonly authenticate?: RequestHandler;
  /** When given, the protocol layer's request logger runs in front, as in createApp. */
  readonly logger?: Logger;
}

export function buildOpsApp(parts: OpsAppParts): Express {
  const config = testConfig(parts.config ?? {});
  const deps: Pick<AppDeps, 'services' | 'feedbackStore' | 'metrics' | 'clock' | 'knowledge' | 'logger' | 'authenticate'> = {
    authenticate: parts.authenticate ?? null,
    services: SERVICES,
    feedbackStore: parts.feedbackStore,
    metrics: parts.metrics ?? noopMetrics,
    clock: parts.clock ?? (() => new Date('2025-03-03T15:00:00Z')),
    knowledge: 'knowledge' in parts ? (parts.knowledge as Knowledge) : LOADED_KNOWLEDGE,
    logger: parts.logger ?? pino({ level: 'silent' }),
  };
  const app = express();
  if (parts.logger !== undefined) app.use(createHttpLogger(parts.logger));
  app.use(jsonBody(config.bodyLimit));
  app.use(healthRouter(deps, parts.health));
  if (parts.registry !== undefined) app.use(metricsRouter(parts.registry));
  app.use(adminRouter(deps, config));
  app.use(feedbackRouter(deps, { bodyLimit: config.bodyLimit }));
  app.use(notFoundHandler());
  app.use(errorHandler(deps));
  return app;
}
