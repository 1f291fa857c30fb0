/**
 * CDS_AUTH → the `AppDeps.authenticate` middleware, or null when auth is off (issue 5 §3).
 * Reads the trusted-clients file once; a broken file stops start-up with every problem listed (ConfigError).
 */
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { createClientAuth } from './client-auth';
import { loadTrustedClients } from './trusted-clients';
import type { TrustedClient } from './trusted-clients';

export interface AuthenticateDeps {
  readonly fetch: typeof fetch;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Already-loaded clients (tests, tools); otherwise read from `config.trustedIssuersFile`. */
  readonly trustedClients?: readonly TrustedClient[];
}

export function buildAuthenticate(config: Config, deps: AuthenticateDeps): RequestHandler | null {
  if (config.auth === 'off') {
    deps.logger.warn(
      { event: 'auth_off' },
      'CDS_AUTH=off: client JWTs are NOT checked; any caller can invoke the services. Use only for local development.',
    );
    return null;
  }
  const trustedClients =
    deps.trustedClients ??
    (config.trustedIssuersFile !== null
      ? loadTrustedClients(config.trustedIssuersFile, { allowLoopbackHttp: config.nodeEnv !== 'production' })
      : []);
  if (trustedClients.length === 0) {
    // Fail closed: required auth with nobody trusted rejects every call (production refuses to start before this).
    deps.logger.warn({ event: 'auth_no_clients' }, 'CDS_AUTH=required but no trusted clients are configured (CDS_TRUSTED_ISSUERS): every call will get 401');
  } else {
    deps.logger.info({ event: 'auth_on', issuers: trustedClients.map((c) => c.iss) }, 'client JWT authentication required');
  }
  return createClientAuth({ config, trustedClients, fetch: deps.fetch, clock: deps.clock, logger: deps.logger });
}
