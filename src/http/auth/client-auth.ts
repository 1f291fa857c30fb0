/**
 * Express middleware: the client JWT check in front of discovery (when configured), invocation and feedback.
 * Success sets `res.locals.cdsClient` (CdsClientIdentity); failure is 401 + `WWW-Authenticate: Bearer` with no
 * detail in the body, and the reason (iss, kid, reason code — never the token) goes to the log.
 */
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import type { CdsClientIdentity } from '../../app-deps';
import { CdsError } from '../../errors';
import type { TrustedClient } from './trusted-clients';
import { expectedAudience } from './audience';
import { RemoteJwks } from './remote-jwks';
import { ReplayCache } from './replay-cache';
import { verifyClientToken } from './verify-client-token';
import type { AuthFailureReason, VerifierLimits } from './verify-client-token';

export interface JwksCacheSettings {
  readonly maxAgeMs: number;
  readonly cooldownMs: number;
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

export interface ClientAuthOptions {
  readonly config: Pick<Config, 'publicBaseUrl'>;
  readonly trustedClients: readonly TrustedClient[];
  readonly fetch: typeof fetch;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly limits?: Partial<VerifierLimits>;
  readonly jwks?: Partial<JwksCacheSettings>;
  /** Bound on remembered jti values (default 100 000). */
  readonly replayCacheSize?: number;
}

export const DEFAULT_LIMITS: VerifierLimits = { clockToleranceSeconds: 60, maxLifetimeSeconds: 3600, maxTokenBytes: 8 * 1024 };
export const DEFAULT_JWKS_SETTINGS: JwksCacheSettings = {
  maxAgeMs: 10 * 60 * 1000,
  cooldownMs: 30 * 1000,
  timeoutMs: 3000,
  maxBytes: 64 * 1024,
};

const BEARER = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)[ ]*$/i;

/** Build the middleware. One instance holds the JWKS caches and the jti replay cache for the process. */
export function createClientAuth(options: ClientAuthOptions): RequestHandler {
  const limits: VerifierLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const jwksSettings: JwksCacheSettings = { ...DEFAULT_JWKS_SETTINGS, ...options.jwks };
  const clients = new Map(options.trustedClients.map((c) => [c.iss, c] as const));
  const replayCache = new ReplayCache(options.replayCacheSize ?? 100_000);
  // One cache per allow-listed URL, created lazily; the verifier only asks for URLs a client registered.
  const remote = new Map<string, RemoteJwks>();
  const remoteJwks = (url: string): RemoteJwks => {
    let cache = remote.get(url);
    if (cache === undefined) {
      cache = new RemoteJwks({ url, fetch: options.fetch, clock: options.clock, ...jwksSettings });
      remote.set(url, cache);
    }
    return cache;
  };
  const deps = { clients, remoteJwks, replayCache, clock: options.clock, limits };
  const logger = options.logger;

  const reject = (res: Parameters<RequestHandler>[1], path: string, reason: AuthFailureReason, iss?: string, kid?: string): CdsError => {
    const level = reason === 'missing_token' ? 'info' : 'warn';
    logger[level]({ event: 'auth_failed', reason, path, ...(iss !== undefined ? { iss } : {}), ...(kid !== undefined ? { kid } : {}) }, 'client authentication failed');
    res.setHeader('WWW-Authenticate', 'Bearer');
    return new CdsError('ERR_UNAUTHENTICATED', 'unauthenticated');
  };

  return async (req, res, next) => {
    // CORS preflight never carries Authorization (CONFORMANCE §3.11).
    if (req.method === 'OPTIONS') {
      next();
      return;
    }
    const path = pathOf(req.originalUrl);
    const header = req.headers.authorization;
    if (header === undefined || header.trim() === '') {
      next(reject(res, path, 'missing_token'));
      return;
    }
    const match = BEARER.exec(header);
    if (match === null || match[1] === undefined) {
      next(reject(res, path, header.length > limits.maxTokenBytes ? 'token_too_large' : 'malformed_authorization'));
      return;
    }
    const result = await verifyClientToken(match[1], expectedAudience(options.config.publicBaseUrl, req.originalUrl), deps);
    if (!result.ok) {
      next(reject(res, path, result.reason, result.iss, result.kid));
      return;
    }
    const { client, tenant, kid, jti } = result.value;
    logger.debug({ event: 'auth_ok', iss: client.iss, kid, jti, path }, 'client authenticated');
    const identity: CdsClientIdentity = {
      iss: client.iss,
      ...(tenant !== undefined ? { tenant } : {}),
      ...(client.fhirServers !== undefined ? { fhirServers: client.fhirServers } : {}),
    };
    res.locals.cdsClient = identity;
    next();
  };
}

/** The path without query or fragment (queries could carry anything; the log gets the route only). */
function pathOf(originalUrl: string): string {
  const cut = originalUrl.search(/[?#]/);
  return (cut < 0 ? originalUrl : originalUrl.slice(0, cut)).slice(0, 200);
}
