/**
 * `GET /health`: the process answers (liveness). `GET /ready`: the service can do its job (readiness): knowledge
 * loaded, feedback store writable, not shutting down. A load balancer takes a 503 instance out of rotation.
 */
import { Router } from 'express';
import type { AppDeps } from '../app-deps';
import { CdsError } from '../errors';

export interface HealthOptions {
  /** True once graceful shutdown began: stop sending new calls here. */
  readonly isShuttingDown?: () => boolean;
}

function isKnowledgeLoaded(knowledge: unknown): boolean {
  if (typeof knowledge !== 'object' || knowledge === null) return false;
  const loaded = knowledge as Record<string, unknown>;
  return loaded['thresholds'] !== undefined && loaded['valueSets'] !== undefined && loaded['regimens'] !== undefined;
}

export function healthRouter(deps: Pick<AppDeps, 'knowledge' | 'feedbackStore'>, options: HealthOptions = {}): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/ready', (_req, res) => {
    const problems: string[] = [];
    if (options.isShuttingDown?.() === true) problems.push('shutting down');
    if (!isKnowledgeLoaded(deps.knowledge)) problems.push('knowledge not loaded');
    // No store configured means feedback is off, not that the service is broken.
    if (deps.feedbackStore !== null && !deps.feedbackStore.isWritable()) problems.push('feedback store not writable');
    if (problems.length > 0) throw new CdsError('ERR_NOT_READY', `not ready: ${problems.join('; ')}`);
    res.set('Cache-Control', 'no-store').json({ status: 'ready' });
  });
  return router;
}
