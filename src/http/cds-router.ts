/** The CDS Hooks routes: discovery and invocation, each behind the client check when one is configured. */
import { Router, type RequestHandler } from 'express';
import type { AppDeps } from '../app-deps';
import type { Config } from '../config';
import { CdsError } from '../errors';
import { discoveryHandler } from './discovery';
import { invokeHandler } from './invoke';
import { hookBodyBytes } from './json-body';
import { collapseSlashes } from './normalise-path';

function methodNotAllowed(allow: string): RequestHandler {
  return (_req, res) => {
    res.set('Allow', allow);
    throw new CdsError('ERR_METHOD_NOT_ALLOWED', `method not allowed; use ${allow}`);
  };
}

export function cdsRouter(config: Config, deps: AppDeps): Router {
  const router = Router();
  const auth: RequestHandler[] = deps.authenticate !== null ? [deps.authenticate] : [];
  const discoveryAuth = config.discoveryAuth ? auth : [];

  // Idempotent; also here so that discovery and invocation do not depend on the feedback router's position.
  router.use(collapseSlashes());
  router.get('/cds-services', ...discoveryAuth, discoveryHandler(deps.services));
  router.all('/cds-services', methodNotAllowed('GET, OPTIONS'));
  router.post('/cds-services/:id', ...auth, ...hookBodyBytes(config.bodyLimit), invokeHandler(config, deps));
  router.all('/cds-services/:id', methodNotAllowed('POST, OPTIONS'));
  return router;
}
