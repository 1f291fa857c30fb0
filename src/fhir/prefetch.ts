/**
 * Prefetch resolution (CDS Hooks 2.0 §Prefetch Template; CONFORMANCE §3.6 decision table), per key of the
 * service's prefetch:
 * - what the template asks for came (a Bundle for a search, a resource of the read type for a read) → used (a
 *   paged Bundle is completed on the fhirServer origin when possible); outcome entries that are only warnings or
 *   information (searchset `search.mode = outcome`) are normal and dropped later;
 * - `null` came → "none", never fetched;
 * - absent, an OperationOutcome, a Bundle holding an error outcome, or something that is not the resource the
 *   template asks for (a string, an array, another type) → fetched from fhirServer, all such keys in parallel,
 *   each within the timeout. What the FHIR server answers is held to the same rules. When any cannot be had →
 *   CdsError 412: advice computed on silently missing data could be wrong (e.g. an anticoagulant not seen).
 * - A *read* the FHIR server answers 404/410 is "none", exactly what a client sends as `null` for a read with no
 *   data (2.0 §Prefetch Template); a *search* answering 404 means a wrong base URL and stays a 412.
 */
import { CdsError } from '../errors';
import { expandTemplate } from '../cds/prefetch-tokens';
import type { CdsServiceDescriptor, HookRequest } from '../cds/types';
import type { ServiceMetrics } from '../observability/metrics-types';
import { isOriginAllowed, type FhirOriginPolicy } from './allowed-origins';
import { FhirFetchError, followPages, getJson, isBundle, type FhirClient } from './client';

export interface PrefetchEnvironment {
  readonly fetch: typeof fetch;
  readonly policy: FhirOriginPolicy;
  readonly timeoutMs: number;
  readonly maxPages: number;
  readonly metrics: ServiceMetrics;
}

/** For logs: which keys came, which were fetched, which are "none". Key names only, never contents. */
export interface PrefetchReport {
  readonly present: readonly string[];
  readonly fetched: readonly string[];
  readonly none: readonly string[];
  /** Keys whose search had more pages than were followed. */
  readonly truncated: readonly string[];
}

export interface ResolvedPrefetch {
  /** key → resource / Bundle, or null for "none". */
  readonly values: Readonly<Record<string, unknown>>;
  readonly report: PrefetchReport;
}

function isOperationOutcome(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { resourceType?: unknown }).resourceType === 'OperationOutcome';
}

/**
 * An OperationOutcome entry of a searchset reports an error unless every issue is a warning or information
 * (FHIR search.mode = outcome carries such notes next to complete results, e.g. "unknown parameter ignored").
 * Anything else, or an outcome we cannot read, is an error: the data may be incomplete.
 */
function reportsError(outcome: unknown): boolean {
  const issues: unknown = (outcome as { issue?: unknown }).issue;
  if (!Array.isArray(issues) || issues.length === 0) return true;
  return issues.some((i) => {
    const severity = (i as { severity?: unknown } | null)?.severity;
    return severity !== 'warning' && severity !== 'information';
  });
}

function entryResources(bundle: unknown): unknown[] {
  // Client data is untrusted: `entry` may be anything, entries may be null.
  const entries: unknown = (bundle as { entry?: unknown }).entry;
  return Array.isArray(entries) ? entries.map((e) => (e as { resource?: unknown } | null)?.resource) : [];
}

/** The client's (or the FHIR server's) way of saying "I tried and failed" for one key. */
export function isPrefetchError(value: unknown): boolean {
  if (isOperationOutcome(value)) return true;
  return isBundle(value) && entryResources(value).some((r) => isOperationOutcome(r) && reportsError(r));
}

/**
 * What a template answers: a search (`Type?…`, or a bare `Type`) answers a Bundle; a read (`Type/id`) answers a
 * resource of that type (CDS Hooks 2.0 §Prefetch Template: "a FHIR read or search request").
 */
export function expectedResourceType(template: string): string {
  const queryAt = template.indexOf('?');
  const segments = (queryAt < 0 ? template : template.slice(0, queryAt)).split('/').filter(Boolean);
  return queryAt < 0 && segments.length === 2 && segments[0] !== undefined ? segments[0] : 'Bundle';
}

/** Whether a value (given or fetched) is what the template asks for; anything else cannot be used as data. */
function isExpectedShape(value: unknown, template: string): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return (value as { resourceType?: unknown }).resourceType === expectedResourceType(template);
}

/** A read whose target does not exist: the same answer as a prefetch `null` (no such resource), not a failure. */
function isMissingRead(err: unknown, template: string): boolean {
  return err instanceof FhirFetchError && (err.status === 404 || err.status === 410) && expectedResourceType(template) !== 'Bundle';
}

/** Why a key must be fetched: it did not come, it came as an error, or it came as something that is not data. */
type FetchReason = 'absent' | 'error' | 'invalid';

function prefetchFailure(err: unknown, key: string, reason: FetchReason | 'paged'): CdsError {
  if (err instanceof FhirFetchError && err.failure === 'timeout') {
    return new CdsError('ERR_FHIR_TIMEOUT', `prefetch "${key}": ${err.message}`, `prefetch.${key}`, { cause: err });
  }
  const why = err instanceof FhirFetchError ? err.message : 'the FHIR request failed';
  const what = reason === 'absent' ? 'was not provided' : reason === 'paged' ? 'came incomplete (paged)' : 'was not usable';
  return new CdsError('ERR_PREFETCH_UNAVAILABLE', `prefetch "${key}" ${what} and could not be fetched: ${why}`, `prefetch.${key}`, { cause: err });
}

type KeyPlan =
  | { readonly kind: 'none' }
  | { readonly kind: 'present'; readonly value: unknown }
  | { readonly kind: 'fetch'; readonly relative: string; readonly reason: FetchReason };

const NOT_USABLE: Readonly<Record<FetchReason, string>> = {
  absent: 'was not provided',
  error: 'came as an OperationOutcome (the client could not fetch it)',
  invalid: 'is not the FHIR resource its template asks for',
};

function planKey(key: string, template: string, request: HookRequest): KeyPlan {
  const prefetch = request.prefetch;
  const given = prefetch !== undefined && Object.hasOwn(prefetch, key) ? prefetch[key] : undefined;
  if (given === null) return { kind: 'none' };
  const reason: FetchReason | null =
    given === undefined ? 'absent' : isPrefetchError(given) ? 'error' : !isExpectedShape(given, template) ? 'invalid' : null;
  if (reason === null) return { kind: 'present', value: given };
  const relative = expandTemplate(template, request.context);
  // A token without a value in this call (e.g. a user token for another user type) cannot match anything.
  return relative === null ? { kind: 'none' } : { kind: 'fetch', relative, reason };
}

/** A fetched (or paged) answer must be data of the expected shape, with no error outcome inside. */
function checkFetched(value: unknown, template: string): void {
  if (isOperationOutcome(value)) throw new FhirFetchError('invalid', 'the FHIR server answered with an OperationOutcome');
  if (!isExpectedShape(value, template)) {
    throw new FhirFetchError('invalid', `the FHIR server did not answer with a ${expectedResourceType(template)}`);
  }
  if (isPrefetchError(value)) throw new FhirFetchError('invalid', 'the FHIR server reported an error inside the search results');
}

export async function resolvePrefetch(
  service: CdsServiceDescriptor,
  request: HookRequest,
  env: PrefetchEnvironment,
): Promise<ResolvedPrefetch> {
  const fhirServer = request.fhirServer?.replace(/\/+$/, '');
  const client: FhirClient = {
    fetch: env.fetch,
    policy: env.policy,
    maxPages: env.maxPages,
    metrics: env.metrics,
    ...(request.fhirAuthorization !== undefined ? { accessToken: request.fhirAuthorization.access_token } : {}),
  };
  const values: Record<string, unknown> = {};
  const present: string[] = [];
  const fetched: string[] = [];
  const none: string[] = [];
  const truncated: string[] = [];
  // One failure makes the answer 412: stop the sibling requests instead of letting them run to their timeouts.
  const siblings = new AbortController();

  const resolveKey = async (key: string, template: string): Promise<void> => {
    const plan = planKey(key, template, request);
    if (plan.kind === 'none') {
      values[key] = null;
      none.push(key);
      return;
    }
    // Perf (issue 7, bench/): the timeout signal (a timer plus a combined signal) is built only when this key
    // will really go to the network; a complete prefetch, the common case, costs no timers at all.
    const networkSignal = (): AbortSignal => AbortSignal.any([AbortSignal.timeout(env.timeoutMs), siblings.signal]);
    try {
      if (plan.kind === 'present') {
        present.push(key);
        // A paged prefetch is completed only when its pages can be read where the token belongs.
        const canPage = fhirServer !== undefined && hasNextLink(plan.value) && isOriginAllowed(fhirServer, env.policy);
        const paged = canPage ? await followPages(client, plan.value, fhirServer, networkSignal()) : null;
        if (paged !== null) checkFetched(paged.value, template);
        values[key] = paged?.value ?? plan.value;
        if (paged === null ? hasNextLink(plan.value) : paged.truncated) truncated.push(key);
        return;
      }
      if (fhirServer === undefined) {
        throw new CdsError('ERR_PREFETCH_UNAVAILABLE', `prefetch "${key}" ${NOT_USABLE[plan.reason]} and no fhirServer was given`, `prefetch.${key}`);
      }
      const signal = networkSignal();
      let first: unknown;
      try {
        first = await getJson(client, `${fhirServer}/${plan.relative}`, signal);
      } catch (err) {
        if (!isMissingRead(err, template)) throw err;
        values[key] = null;
        none.push(key);
        return;
      }
      checkFetched(first, template);
      const paged = await followPages(client, first, fhirServer, signal);
      checkFetched(paged.value, template);
      values[key] = paged.value;
      fetched.push(key);
      if (paged.truncated) truncated.push(key);
    } catch (err) {
      siblings.abort();
      throw err instanceof CdsError ? err : prefetchFailure(err, key, plan.kind === 'fetch' ? plan.reason : 'paged');
    }
  };

  // Promise.all settles on the first failure, which has already aborted its siblings.
  await Promise.all(Object.entries(service.prefetch ?? {}).map(([key, template]) => resolveKey(key, template)));
  return { values, report: { present, fetched, none, truncated } };
}

/**
 * Whether resolving this request's prefetch would go to the network: a key to fetch, or a paged prefetch that
 * could be completed from `fhirServer`. False means every key is present or "none" (the common case).
 */
export function needsNetwork(service: CdsServiceDescriptor, request: HookRequest): boolean {
  const hasServer = request.fhirServer !== undefined;
  return Object.entries(service.prefetch ?? {}).some(([key, template]) => {
    const plan = planKey(key, template, request);
    return plan.kind === 'fetch' || (plan.kind === 'present' && hasServer && hasNextLink(plan.value));
  });
}

function hasNextLink(value: unknown): boolean {
  return isBundle(value) && (value.link ?? []).some((l) => l.relation === 'next');
}
