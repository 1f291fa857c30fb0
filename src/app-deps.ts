/**
 * What createApp(config, deps) is built from. Everything with a side effect or a clock is injected here, so that
 * tests, the CLI and the benchmarks build the same app with their own pieces (STYLE G2, G6).
 */
import type { Logger } from 'pino';
import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import type { Knowledge } from './clinical/knowledge/types';
import type { EngineResult, EvaluationInput, NewId } from './clinical/types';
import type { CdsServiceDescriptor } from './cds/types';
import type { FeedbackStore } from './feedback/types';
import type { ServiceMetrics } from './observability/metrics-types';
import type { HookWorkerPool } from './http/hook-workers';

/** The clinical core, as the HTTP shell calls it (src/clinical/engine.ts: evaluateHook). */
export type Evaluate = (input: EvaluationInput, knowledge: Knowledge, newId: NewId) => EngineResult;

/**
 * Set by the auth middleware on `res.locals.cdsClient` when a token verified: which client called, and
 * (when its trusted-clients entry narrows it) which FHIR origins it may make the service call.
 */
export interface CdsClientIdentity {
  readonly iss: string;
  readonly tenant?: string;
  readonly fhirServers?: readonly string[];
}

export interface AppDeps {
  readonly clock: () => Date;
  readonly newId: NewId;
  readonly logger: Logger;
  readonly services: readonly CdsServiceDescriptor[];
  readonly knowledge: Knowledge;
  readonly evaluate: Evaluate;
  /** Global fetch by default; tests may pass one that records calls. */
  readonly fetch: typeof fetch;
  readonly metrics: ServiceMetrics;
  /** The prom-client registry behind `metrics`, served at GET /metrics; null = no endpoint. */
  readonly metricsRegistry: Registry | null;
  readonly feedbackStore: FeedbackStore | null;
  /** Client JWT check (issue 5); null when CDS_AUTH=off. Runs after CORS, never on OPTIONS. */
  readonly authenticate: RequestHandler | null;
  /**
   * Evaluation workers for hook calls (CDS_EVALUATION_WORKERS); null or absent = every call runs on the event loop.
   */
  readonly hookWorkers?: HookWorkerPool | null;
  /** True once graceful shutdown began (readiness answers 503 while the service drains). */
  readonly isShuttingDown: () => boolean;
}
