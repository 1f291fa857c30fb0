/**
 * `GET /admin/outcomes?from=&to=`: the outcome summary as JSON, for informatics teams (issue 6 §3).
 * Disabled (404, as if absent) unless CDS_ADMIN_TOKEN is set; the bearer token is compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';
import type { AppDeps } from '../app-deps';
import type { Config } from '../config';
import { CdsError } from '../errors';
import { toInstant } from '../feedback/instant';

/** Hash both sides first so that the comparison takes the same time whatever the lengths. */
function tokenMatches(presented: string, expected: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

function bearerToken(req: Request): string | null {
  const header = req.get('authorization');
  const match = header === undefined ? null : /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

function instantParam(req: Request, name: 'from' | 'to'): string | undefined {
  const value = req.query[name];
  if (value === undefined || value === '') return undefined;
  const instant = typeof value === 'string' ? toInstant(value) : null;
  if (instant === null) {
    throw new CdsError('ERR_INVALID_REQUEST', `${name} must be a date (YYYY-MM-DD) or a date-time with a time zone`, name);
  }
  return instant;
}

export function adminRouter(deps: Pick<AppDeps, 'feedbackStore'>, config: Pick<Config, 'adminToken'>): Router {
  const router = Router();
  router.get('/admin/outcomes', (req, res) => {
    const expected = config.adminToken;
    if (expected === null) throw new CdsError('ERR_UNKNOWN_SERVICE', 'no such endpoint');
    const presented = bearerToken(req);
    if (presented === null) {
      res.set('WWW-Authenticate', 'Bearer');
      throw new CdsError('ERR_UNAUTHENTICATED', 'admin token required');
    }
    if (!tokenMatches(presented, expected)) throw new CdsError('ERR_FORBIDDEN', 'admin token not accepted');

    const from = instantParam(req, 'from');
    const to = instantParam(req, 'to');
    if (deps.feedbackStore === null) throw new CdsError('ERR_NOT_READY', 'feedback store is not configured');
    const summary = deps.feedbackStore.summary({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
    res.set('Cache-Control', 'no-store').json({ from: from ?? null, to: to ?? null, ...summary });
  });
  return router;
}
