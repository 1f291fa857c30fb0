/**
 * A rotating cache of one allow-listed JWK Set URL (CONFORMANCE §3.10 step 5: "their own rotating cache of public
 * keys"). Only ever constructed for a `jku` that a trusted client lists, so it is never an SSRF vector.
 * Fetch is injected (tests serve keys from nock or a loopback server); time comes from the injected clock.
 */
import type { JWK } from 'jose';

export interface RemoteJwksOptions {
  readonly url: string;
  readonly fetch: typeof fetch;
  readonly clock: () => Date;
  /** Keys older than this are refetched before use (a failed refetch keeps the old keys). */
  readonly maxAgeMs: number;
  /** No second fetch within this long after the last attempt, whatever kid is asked for. */
  readonly cooldownMs: number;
  readonly timeoutMs: number;
  /** Largest JWK Set body accepted, in bytes. */
  readonly maxBytes: number;
}

export type JwksFetchProblem = 'jwks_fetch_failed' | 'jwks_invalid' | 'jwks_too_large' | 'jwks_timeout';

export class JwksFetchError extends Error {
  constructor(readonly reason: JwksFetchProblem) {
    super(reason);
    this.name = 'JwksFetchError';
  }
}

export class RemoteJwks {
  private keys: readonly JWK[] | null = null;
  private fetchedAt = 0;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | null = null;
  /** How many HTTP requests this cache made (exposed for logs and tests). */
  fetchCount = 0;

  constructor(private readonly options: RemoteJwksOptions) {}

  /**
   * The keys carrying `kid`. Fetches when nothing is cached, when the cache is stale, or when the kid is unknown —
   * but never twice within the cooldown, so a stream of made-up kids cannot turn us into a request amplifier.
   */
  async keysFor(kid: string): Promise<readonly JWK[]> {
    const now = this.options.clock().getTime();
    const stale = this.keys === null || now - this.fetchedAt >= this.options.maxAgeMs;
    const known = this.match(kid);
    if (known.length > 0 && !stale) return known;
    if (now - this.lastAttemptAt >= this.options.cooldownMs || this.inFlight !== null) {
      try {
        await this.refresh(now);
      } catch (error) {
        // A key we already hold stays usable when the refetch fails: the client's host being down is not a
        // reason to reject tokens signed with a key we verified before.
        if (known.length > 0) return known;
        throw error;
      }
    }
    return this.match(kid);
  }

  private match(kid: string): readonly JWK[] {
    return (this.keys ?? []).filter((k) => k.kid === kid);
  }

  private refresh(now: number): Promise<void> {
    // Concurrent callers share one request.
    if (this.inFlight === null) {
      this.lastAttemptAt = now;
      this.inFlight = this.download()
        .then((keys) => {
          this.keys = keys;
          this.fetchedAt = now;
        })
        .finally(() => {
          this.inFlight = null;
        });
    }
    return this.inFlight;
  }

  private async download(): Promise<readonly JWK[]> {
    this.fetchCount += 1;
    let response: Response;
    try {
      response = await this.options.fetch(this.options.url, {
        method: 'GET',
        headers: { accept: 'application/json, application/jwk-set+json' },
        // A redirect could point anywhere; the allow-list names this URL, not wherever it forwards to.
        redirect: 'error',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      const name = (error as { name?: string }).name;
      throw new JwksFetchError(name === 'TimeoutError' || name === 'AbortError' ? 'jwks_timeout' : 'jwks_fetch_failed');
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new JwksFetchError('jwks_fetch_failed');
    }
    const text = await readCapped(response, this.options.maxBytes);
    return parseJwks(text);
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new JwksFetchError('jwks_too_large');
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new JwksFetchError('jwks_too_large');
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof JwksFetchError) throw error;
    const name = (error as { name?: string }).name;
    throw new JwksFetchError(name === 'TimeoutError' || name === 'AbortError' ? 'jwks_timeout' : 'jwks_fetch_failed');
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A JWK Set with a `keys` array; keys without a kid, private keys and symmetric keys are dropped. */
function parseJwks(text: string): readonly JWK[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new JwksFetchError('jwks_invalid');
  }
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { keys?: unknown }).keys)) {
    throw new JwksFetchError('jwks_invalid');
  }
  const keys = (json as { keys: unknown[] }).keys;
  return keys.filter((k): k is JWK => {
    if (typeof k !== 'object' || k === null || Array.isArray(k)) return false;
    const key = k as Record<string, unknown>;
    return typeof key.kid === 'string' && typeof key.kty === 'string' && key.kty !== 'oct' && !('d' in key);
  });
}
