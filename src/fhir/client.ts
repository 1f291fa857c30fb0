/**
 * The one place that talks to a client's FHIR server: GET with `Accept: application/fhir+json`, the bearer token
 * only when one was given, a timeout per request chain, Bundle paging on the same origin, and an origin allowlist
 * checked before anything leaves (CONFORMANCE §3.6, §9).
 */
import type { ServiceMetrics } from '../observability/metrics-types';
import { isOriginAllowed, originOf, type FhirOriginPolicy } from './allowed-origins';

export type FhirFailure = 'disallowed' | 'timeout' | 'network' | 'status' | 'invalid';

/** Why a FHIR read failed. The message names the failure, never the URL's query or the token. */
export class FhirFetchError extends Error {
  /** The HTTP status when the server answered with a non-2xx one. */
  readonly status?: number;
  constructor(readonly failure: FhirFailure, message: string, options?: { cause?: unknown; status?: number }) {
    super(message, options);
    this.name = 'FhirFetchError';
    if (options?.status !== undefined) this.status = options.status;
  }
}

export interface FhirClient {
  readonly fetch: typeof fetch;
  readonly policy: FhirOriginPolicy;
  readonly accessToken?: string;
  readonly maxPages: number;
  readonly metrics: ServiceMetrics;
}

/** By name: the DOMException of AbortSignal.timeout may come from another realm than this module's Error. */
function isTimeout(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'TimeoutError';
}

/**
 * Settle with the signal's reason as soon as it aborts, whether or not the underlying fetch implementation
 * honours the signal itself: the 412 must come within the timeout.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err as Error);
      },
    );
  });
}

/** GET one URL and parse its JSON. `signal` carries the timeout (and the abort of sibling requests). */
export async function getJson(client: FhirClient, url: string, signal: AbortSignal): Promise<unknown> {
  if (!isOriginAllowed(url, client.policy)) {
    client.metrics.fhirFetch('disallowed', 0);
    throw new FhirFetchError('disallowed', 'the FHIR server origin is not allowed by configuration');
  }
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  const headers: Record<string, string> = { Accept: 'application/fhir+json' };
  if (client.accessToken !== undefined) headers['Authorization'] = `Bearer ${client.accessToken}`;
  try {
    // redirect: 'error' — a redirect could carry the token to another origin.
    const response = await untilAborted(client.fetch(url, { method: 'GET', headers, signal, redirect: 'error' }), signal);
    if (!response.ok) {
      await response.body?.cancel();
      throw new FhirFetchError('status', `the FHIR server answered HTTP ${response.status}`, { status: response.status });
    }
    const json: unknown = await untilAborted(response.json(), signal).catch((err: unknown) => {
      if (isTimeout(err) || signal.aborted) throw err;
      throw new FhirFetchError('invalid', 'the FHIR server answered with a body that is not JSON');
    });
    client.metrics.fhirFetch('ok', seconds());
    return json;
  } catch (err) {
    if (err instanceof FhirFetchError) {
      client.metrics.fhirFetch('error', seconds());
      throw err;
    }
    if (isTimeout(err) || (signal.aborted && isTimeout(signal.reason))) {
      client.metrics.fhirFetch('timeout', seconds());
      throw new FhirFetchError('timeout', 'the FHIR server did not answer in time', { cause: err });
    }
    client.metrics.fhirFetch('error', seconds());
    throw new FhirFetchError('network', 'the FHIR server could not be reached', { cause: err });
  }
}

interface BundleLike {
  readonly resourceType: 'Bundle';
  readonly entry?: readonly unknown[];
  readonly link?: readonly { readonly relation?: string; readonly url?: string }[];
  readonly [field: string]: unknown;
}

export function isBundle(value: unknown): value is BundleLike {
  return typeof value === 'object' && value !== null && (value as { resourceType?: unknown }).resourceType === 'Bundle';
}

function nextLink(bundle: BundleLike, base: string): string | null {
  const url = bundle.link?.find((l) => l.relation === 'next')?.url;
  if (typeof url !== 'string' || url === '') return null;
  try {
    return new URL(url, `${base}/`).href;
  } catch {
    return null;
  }
}

export interface PagedResult {
  /** The first page with the entries of every page followed; paging links dropped. */
  readonly value: unknown;
  readonly pages: number;
  /** A next link was left unfollowed (other origin, or the page cap). */
  readonly truncated: boolean;
}

/**
 * Follow `Bundle.link[relation=next]` from `first`, only on the origin of `fhirServer`, up to `maxPages` pages in
 * total. A next link to another origin is not followed (the token must not travel there).
 */
export async function followPages(client: FhirClient, first: unknown, fhirServer: string, signal: AbortSignal): Promise<PagedResult> {
  if (!isBundle(first)) return { value: first, pages: 1, truncated: false };
  const origin = originOf(fhirServer);
  const entries: unknown[] = [...(first.entry ?? [])];
  let page: BundleLike = first;
  let pages = 1;
  let next = nextLink(page, fhirServer);
  while (next !== null && pages < client.maxPages && originOf(next) === origin) {
    const json = await getJson(client, next, signal);
    if (!isBundle(json)) throw new FhirFetchError('invalid', 'a next page of a FHIR search was not a Bundle');
    entries.push(...(json.entry ?? []));
    page = json;
    pages += 1;
    next = nextLink(page, fhirServer);
  }
  const { link: _paging, entry: _first, ...rest } = first;
  return { value: { ...rest, ...(entries.length > 0 ? { entry: entries } : {}) }, pages, truncated: next !== null };
}
