/** helmet, tuned for a JSON API that browsers call cross-origin: strict CSP (nothing to load), CORP cross-origin. */
import helmet from 'helmet';
import type { RequestHandler } from 'express';

export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    // The sandbox reads our answers from another origin; CORS decides, CORP must not block it.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
}
