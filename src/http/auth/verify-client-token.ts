/**
 * Verify a CDS Client's JWT (CDS Hooks 2.0 §Trusting CDS Clients; CONFORMANCE §3.10 verification procedure).
 * Pure of HTTP: takes the compact token and the audience expected for the endpoint called, answers who the
 * client is or a reason code for the log. The token itself never leaves this function.
 */
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, importJWK, jwtVerify } from 'jose';
import type { JWK, JWTPayload, KeyLike } from 'jose';
import type { TrustedClient } from './trusted-clients';
import { audienceMatches } from './audience';
import { JwksFetchError, RemoteJwks } from './remote-jwks';
import type { ReplayCache } from './replay-cache';

/** Asymmetric algorithms only: never `none`, never HS* (S9); ES384/RS384 recommended (S10). */
export const ALLOWED_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const;

export type AuthFailureReason =
  | 'missing_token'
  | 'malformed_authorization'
  | 'token_too_large'
  | 'malformed_token'
  | 'alg_not_allowed'
  | 'typ_not_jwt'
  | 'missing_kid'
  | 'missing_iss'
  | 'untrusted_iss'
  | 'jku_not_allowed'
  | 'unknown_kid'
  | 'key_unusable'
  | 'bad_signature'
  | 'aud_mismatch'
  | 'missing_claim'
  | 'expired'
  | 'not_yet_valid'
  | 'iat_in_future'
  | 'lifetime_too_long'
  | 'invalid_jti'
  | 'tenant_mismatch'
  | 'jti_replayed'
  | 'invalid_claims'
  | 'invalid_token'
  | 'jwks_fetch_failed'
  | 'jwks_invalid'
  | 'jwks_too_large'
  | 'jwks_timeout';

export interface VerifiedClient {
  readonly client: TrustedClient;
  readonly kid: string;
  readonly jti: string;
  readonly tenant?: string;
}

export type VerifyResult =
  | { readonly ok: true; readonly value: VerifiedClient }
  | { readonly ok: false; readonly reason: AuthFailureReason; readonly iss?: string; readonly kid?: string };

export interface VerifierLimits {
  /** Clock skew tolerated on exp/nbf/iat, seconds (Inferno uses 60). */
  readonly clockToleranceSeconds: number;
  /** Longest exp − iat accepted, seconds ("no more than an hour", CONFORMANCE §3.10 step 6). */
  readonly maxLifetimeSeconds: number;
  readonly maxTokenBytes: number;
}

export interface VerifierDeps {
  readonly clients: ReadonlyMap<string, TrustedClient>;
  readonly remoteJwks: (url: string) => RemoteJwks;
  readonly replayCache: ReplayCache;
  readonly clock: () => Date;
  readonly limits: VerifierLimits;
}

const REQUIRED_CLAIMS = ['iss', 'aud', 'exp', 'iat', 'jti'];
const MAX_JTI_LENGTH = 256;

class Rejected extends Error {
  constructor(readonly reason: AuthFailureReason) {
    super(reason);
  }
}

/** Verify `token` for the endpoint whose normalised URL is `audience`. */
export async function verifyClientToken(token: string, audience: string, deps: VerifierDeps): Promise<VerifyResult> {
  let iss: string | undefined;
  let kid: string | undefined;
  try {
    if (token.length > deps.limits.maxTokenBytes) throw new Rejected('token_too_large');
    const header = decodeHeader(token);
    kid = typeof header.kid === 'string' ? header.kid : undefined;
    const alg = header.alg;
    if (typeof alg !== 'string' || !(ALLOWED_ALGORITHMS as readonly string[]).includes(alg)) throw new Rejected('alg_not_allowed');
    if (typeof header.typ !== 'string' || header.typ.toUpperCase() !== 'JWT') throw new Rejected('typ_not_jwt');
    if (kid === undefined || kid === '') throw new Rejected('missing_kid');

    const unverified = decodePayload(token);
    if (typeof unverified.iss !== 'string') throw new Rejected('missing_iss');
    iss = unverified.iss;
    const client = deps.clients.get(iss);
    if (client === undefined) throw new Rejected('untrusted_iss');

    // The jku check comes before any key lookup: a jku the client did not register is an attack or a
    // misconfiguration either way, even if the kid happens to be pinned (issue 5 §1).
    const jku = header.jku;
    if (jku !== undefined && (typeof jku !== 'string' || !(client.jku ?? []).includes(jku))) throw new Rejected('jku_not_allowed');

    const jwk = await selectKey(client, kid, alg, typeof jku === 'string' ? jku : undefined, deps);
    const key = await importKey(jwk, alg);

    const now = deps.clock();
    const payload = await verifySignatureAndTimes(token, key, jwk, client, now, deps.limits);
    const value = checkClaims(payload, audience, client, kid, now, deps.limits);

    // Store the jti only once everything else passed; keep it while the token could still be accepted.
    const expiresAtMs = ((payload.exp as number) + deps.limits.clockToleranceSeconds) * 1000;
    if (!deps.replayCache.remember(`${client.iss}\u0000${value.jti}`, expiresAtMs, now.getTime())) throw new Rejected('jti_replayed');
    return { ok: true, value };
  } catch (error) {
    return { ok: false, reason: reasonOf(error), ...(iss !== undefined ? { iss } : {}), ...(kid !== undefined ? { kid } : {}) };
  }
}

/**
 * A compact JWS is three unpadded base64url segments (RFC 7515 §7.1). Node's decoder also takes the base64 alphabet
 * (`+`, `/`, `=`), so without this check a re-encoded copy of a signed token would verify as a different string.
 */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/; // empty signature: `alg: none`, rejected by name below

function decodeHeader(token: string): ReturnType<typeof decodeProtectedHeader> {
  if (!COMPACT_JWS.test(token)) throw new Rejected('malformed_token');
  try {
    return decodeProtectedHeader(token);
  } catch {
    throw new Rejected('malformed_token');
  }
}

function decodePayload(token: string): JWTPayload {
  try {
    return decodeJwt(token);
  } catch {
    throw new Rejected('malformed_token');
  }
}

/**
 * Pinned key first (no network: the sandbox always sends its jku, and a hospital network may not reach it);
 * then the jku the token names (already allow-listed); with no jku header, the client's registered JWK Set URLs.
 */
async function selectKey(client: TrustedClient, kid: string, alg: string, jku: string | undefined, deps: VerifierDeps): Promise<JWK> {
  const usable = (keys: readonly JWK[]): JWK | undefined => keys.find((k) => k.kid === kid && (k.alg === undefined || k.alg === alg));
  const pinned = usable(client.jwks?.keys ?? []);
  if (pinned !== undefined) return pinned;
  const urls = jku !== undefined ? [jku] : (client.jku ?? []);
  for (const url of urls) {
    const remote = usable(await deps.remoteJwks(url).keysFor(kid));
    if (remote !== undefined) return remote;
  }
  throw new Rejected('unknown_kid');
}

async function importKey(jwk: JWK, alg: string): Promise<KeyLike | Uint8Array> {
  try {
    return await importJWK(jwk, alg);
  } catch {
    throw new Rejected('key_unusable');
  }
}

async function verifySignatureAndTimes(
  token: string,
  key: KeyLike | Uint8Array,
  jwk: JWK,
  client: TrustedClient,
  now: Date,
  limits: VerifierLimits,
): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, key, {
    algorithms: jwk.alg !== undefined ? [jwk.alg] : [...ALLOWED_ALGORITHMS],
    issuer: client.iss,
    typ: 'JWT',
    requiredClaims: REQUIRED_CLAIMS,
    clockTolerance: limits.clockToleranceSeconds,
    currentDate: now,
  });
  return payload;
}

function checkClaims(payload: JWTPayload, audience: string, client: TrustedClient, kid: string, now: Date, limits: VerifierLimits): VerifiedClient {
  if (!audienceMatches(payload.aud, audience)) throw new Rejected('aud_mismatch');
  const nowSeconds = now.getTime() / 1000;
  const { iat, exp, jti } = payload;
  if (typeof iat !== 'number' || typeof exp !== 'number' || !Number.isFinite(iat) || !Number.isFinite(exp)) throw new Rejected('invalid_claims');
  if (iat > nowSeconds + limits.clockToleranceSeconds) throw new Rejected('iat_in_future');
  if (exp - iat > limits.maxLifetimeSeconds) throw new Rejected('lifetime_too_long');
  if (typeof jti !== 'string' || jti === '' || jti.length > MAX_JTI_LENGTH) throw new Rejected('invalid_jti');
  const tenant = (payload as { tenant?: unknown }).tenant;
  if (tenant !== undefined && typeof tenant !== 'string') throw new Rejected('invalid_claims');
  if (client.tenant !== undefined && tenant !== client.tenant) throw new Rejected('tenant_mismatch');
  return { client, kid, jti, ...(tenant !== undefined ? { tenant } : {}) };
}

function reasonOf(error: unknown): AuthFailureReason {
  if (error instanceof Rejected) return error.reason;
  if (error instanceof JwksFetchError) return error.reason;
  if (error instanceof joseErrors.JWTExpired) return 'expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return 'missing_claim';
    if (error.claim === 'nbf') return 'not_yet_valid';
    if (error.claim === 'typ') return 'typ_not_jwt';
    return 'invalid_claims';
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'bad_signature';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'alg_not_allowed';
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) return 'malformed_token';
  // jose throws TypeError / JOSENotSupported when a key does not fit the algorithm (e.g. a P-256 key for ES384).
  if (error instanceof TypeError || error instanceof joseErrors.JOSENotSupported) return 'key_unusable';
  return 'invalid_token';
}
