/**
 * createApp(config, deps): the Express app, built from arguments and never listening (STYLE G2).
 * Order matters: security headers → request log → CORS (preflight answered before any auth) → JSON only →
 * body limit → routes → 404 → the one error handler.
 */
import express, { type Express } from 'express';
import type { AppDeps } from './app-deps';
import type { Config } from './config';
import { adminRouter } from './http/admin';
import { cdsRouter } from './http/cds-router';
import { feedbackRouter } from './http/feedback';
import { healthRouter } from './http/health';
import { metricsRouter } from './http/metrics';
import { collapseSlashes } from './http/normalise-path';
import { previewRouter } from './http/preview';
import { cors } from './http/cors';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { requireJsonContentType } from './http/json-body';
import { securityHeaders } from './http/security-headers';
import { createHttpLogger } from './observability/logger';

export function createApp(config: Config, deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders());
  // Probes and scrapes before the request log, so they do not flood it.
  app.use(healthRouter(deps, { isShuttingDown: deps.isShuttingDown }));
  if (deps.metricsRegistry !== null) app.use(metricsRouter(deps.metricsRegistry));
  app.use(createHttpLogger(deps.logger));
  app.use(cors());
  app.use(requireJsonContentType());
  // Bodies are read by the routes that take one (hook calls, feedback), after the client check: a caller
  // without a valid token never gets a large body parsed.

  // The sandbox builds `${discoveryUrl}/${id}`: a discovery URL typed with a trailing slash gives `//`.
  app.use(collapseSlashes());
  app.use(adminRouter(deps, config));
  app.use(feedbackRouter(deps, { bodyLimit: config.bodyLimit }));
  app.use(cdsRouter(config, deps));
  if (config.previewPage) app.use(previewRouter(config));

  app.use(notFoundHandler());
  app.use(errorHandler(deps));
  return app;
}
