/**
 * `POST /cds-services/:id/feedback` (CDS Hooks 2.0 §Feedback): validate, store idempotently, answer 200 `{}`.
 * The client JWT check (`deps.authenticate`) runs here, per route, as for the invoke route: the sandbox signs
 * feedback calls with `aud` = the feedback URL (CONFORMANCE F8). Do not wrap this router in another check (a
 * second verification of the same token would trip the jti replay cache). The body, above all `userComment`, is
 * never logged.
 */
import { Router, type RequestHandler } from 'express';
import type { AppDeps } from '../app-deps';
import { CdsError } from '../errors';
import { parseFeedbackBody } from '../feedback/feedback-request';
import { JSON_TYPES, jsonBody } from './json-body';
import { collapseSlashes } from './normalise-path';

export interface FeedbackRouterOptions {
  /** Parser limit when no earlier middleware parsed the body (Config.bodyLimit). */
  readonly bodyLimit?: string;
}

type FeedbackDeps = Pick<AppDeps, 'services' | 'feedbackStore' | 'metrics' | 'clock' | 'authenticate'>;

export function feedbackRouter(deps: FeedbackDeps, options: FeedbackRouterOptions = {}): Router {
  const router = Router();
  // A no-op when the app already parsed the body (body-parser skips a consumed stream).
  const parseJson = jsonBody(options.bodyLimit ?? '1mb');

  const auth: RequestHandler[] = deps.authenticate !== null ? [deps.authenticate] : [];

  // This router is mounted before the CDS router, so the rewrite here serves both (`…//{id}` from the sandbox).
  router.use(collapseSlashes());
  router.post('/cds-services/:id/feedback', ...auth, parseJson, (req, res) => {
    const serviceId = String(req.params['id']);
    if (!deps.services.some((service) => service.id === serviceId)) {
      throw new CdsError('ERR_UNKNOWN_SERVICE', 'no CDS service with this id', 'id');
    }
    // A body that is not JSON is 415; no body at all falls through to validation (400).
    if (req.is(JSON_TYPES) === false) {
      throw new CdsError('ERR_UNSUPPORTED_MEDIA_TYPE', 'feedback must be sent as application/json');
    }
    const items = parseFeedbackBody(req.body);
    const store = deps.feedbackStore;
    if (store === null) throw new CdsError('ERR_NOT_READY', 'feedback store is not configured');

    const receivedAt = deps.clock().toISOString();
    // One item per call so each new item is counted once by outcome; a failure half-way is safe to retry because
    // storing is idempotent (the client re-sends, the stored items are not counted twice).
    for (const item of items) {
      if (store.recordFeedback(serviceId, [item], receivedAt) > 0) deps.metrics.feedback(serviceId, item.outcome);
    }
    res.status(200).json({});
  });
  return router;
}
