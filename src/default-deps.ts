/**
 * The production wiring of AppDeps; tests, the CLI and the benchmarks override what they need.
 */
import { join } from 'node:path';
import type { AppDeps } from './app-deps';
import { loadServiceDefinitions } from './cds/service-definitions';
import { evaluateHook } from './clinical/engine';
import { loadKnowledge } from './clinical/knowledge/load';
import { createClock } from './clock';
import type { Config } from './config';
import { randomId } from './ids';
import { noopMetrics } from './observability/metrics-types';
import { createLogger } from './observability/logger';
import { buildAuthenticate } from './http/auth';
import { createMetrics } from './observability/metrics';
import { createFeedbackStore } from './feedback/create-store';
import { createHookWorkerPool, type HookWorkerPool } from './http/hook-workers';

const systemClock = (): Date => new Date();

/**
 * Workers load the knowledge folder and evaluate with the real engine themselves: when a caller injected its own
 * knowledge, services, engine or ids (tests, tools, the benchmark's protocol-only variant), calls stay on the
 * event loop so that what was injected is what answers.
 */
function evaluationWorkers(config: Config, overrides: Partial<AppDeps>, logger: AppDeps['logger']): HookWorkerPool | null {
  const injected = overrides.knowledge !== undefined || overrides.services !== undefined
    || overrides.evaluate !== undefined || overrides.newId !== undefined;
  if (config.evaluationWorkers === 0 || injected) return null;
  return createHookWorkerPool({ size: config.evaluationWorkers, data: { knowledgeDir: config.knowledgeDir }, logger });
}

export function createDefaultDeps(config: Config, overrides: Partial<AppDeps> = {}): AppDeps {
  const clock = overrides.clock ?? createClock(config.clock);
  const created = overrides.metrics === undefined ? createMetrics() : null;
  const logger = overrides.logger ?? createLogger(config);
  // Bound late, so that whatever patches the global (an HTTP proxy agent, nock in tests) is honoured.
  const fetchFn: typeof fetch = overrides.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return {
    clock,
    newId: overrides.newId ?? randomId,
    logger,
    services: overrides.services ?? loadServiceDefinitions(join(config.knowledgeDir, 'services')),
    knowledge: overrides.knowledge ?? loadKnowledge(config.knowledgeDir),
    evaluate: overrides.evaluate ?? evaluateHook,
    fetch: fetchFn,
    metrics: overrides.metrics ?? created?.metrics ?? noopMetrics,
    metricsRegistry: overrides.metricsRegistry !== undefined ? overrides.metricsRegistry : (created?.registry ?? null),
    feedbackStore: overrides.feedbackStore !== undefined ? overrides.feedbackStore : createFeedbackStore(config, clock, (err, lostCards) => {
      // The clinicians had their advice; only the feedback statistics lose these cards.
      logger.error({ err, lostCards }, 'could not record issued cards');
    }),
    // An explicit null (tests, tools) means "no client check"; otherwise CDS_AUTH decides. Token lifetimes are
    // checked against real time: CDS_CLOCK fixes the clinical "now" for replay, it must never revive a token.
    authenticate: overrides.authenticate !== undefined ? overrides.authenticate : buildAuthenticate(config, { fetch: fetchFn, clock: systemClock, logger }),
    isShuttingDown: overrides.isShuttingDown ?? (() => false),
    hookWorkers: overrides.hookWorkers !== undefined ? overrides.hookWorkers : evaluationWorkers(config, overrides, logger),
  };
}
