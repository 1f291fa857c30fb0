/**
 * Prefetch resolution (CDS Hooks 2.0 §Prefetch Template; CONFORMANCE §3.6 decision table), per key of the
 * service's prefetch:
 * - a resource or Bundle came → used (a paged Bundle is completed on the fhirServer origin when possible);
 * - `null` came → "none", never fetched;
 * - absent, or an OperationOutcome (or a Bundle holding one) → fetched from fhirServer, all such keys in
 *   parallel, each within the timeout. When any cannot be had → CdsError 412.
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

/** The client's way of saying "I tried and failed" for one key. */
export function isPrefetchError(value: unknown): boolean {
  if (isOperationOutcome(value)) return true;
  // Client data is untrusted: `entry` may be anything, entries may be null.
  return isBundle(value) && Array.isArray(value.entry) && value.entry.some((e) => isOperationOutcome((e as { resource?: unknown } | null)?.resource));
}

function toCdsError(err: unknown, key: string): CdsError {
  if (err instanceof FhirFetchError && err.failure === 'timeout') {
    return new CdsError('ERR_FHIR_TIMEOUT', `prefetch "${key}": ${err.message}`, `prefetch.${key}`, { cause: err });
  }
  const reason = err instanceof FhirFetchError ? err.message : 'the FHIR request failed';
  return new CdsError('ERR_PREFETCH_UNAVAILABLE', `prefetch "${key}" was not provided and could not be fetched: ${reason}`, `prefetch.${key}`, { cause: err });
}

type KeyPlan =
  | { readonly kind: 'none' }
  | { readonly kind: 'present'; readonly value: unknown }
  | { readonly kind: 'fetch'; readonly relative: string };

function planKey(key: string, template: string, request: HookRequest): KeyPlan {
  const prefetch = request.prefetch;
  const given = prefetch !== undefined && Object.hasOwn(prefetch, key) ? prefetch[key] : undefined;
  if (given === null) return { kind: 'none' };
  if (given !== undefined && !isPrefetchError(given)) return { kind: 'present', value: given };
  const relative = expandTemplate(template, request.context);
  // A token without a value in this call (e.g. a user token for another user type) cannot match anything.
  return relative === null ? { kind: 'none' } : { kind: 'fetch', relative };
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
    const signal = AbortSignal.any([AbortSignal.timeout(env.timeoutMs), siblings.signal]);
    try {
      if (plan.kind === 'present') {
        present.push(key);
        // A paged prefetch is completed only when its pages can be read where the token belongs.
        const canPage = fhirServer !== undefined && isOriginAllowed(fhirServer, env.policy);
        const paged = canPage ? await followPages(client, plan.value, fhirServer, signal) : null;
        values[key] = paged?.value ?? plan.value;
        if (paged === null ? hasNextLink(plan.value) : paged.truncated) truncated.push(key);
        return;
      }
      if (fhirServer === undefined) {
        throw new CdsError('ERR_PREFETCH_UNAVAILABLE', `prefetch "${key}" was not provided and no fhirServer was given`, `prefetch.${key}`);
      }
      const first = await getJson(client, `${fhirServer}/${plan.relative}`, signal);
      if (isOperationOutcome(first)) throw new FhirFetchError('invalid', 'the FHIR server answered with an OperationOutcome');
      const paged = await followPages(client, first, fhirServer, signal);
      values[key] = paged.value;
      fetched.push(key);
      if (paged.truncated) truncated.push(key);
    } catch (err) {
      siblings.abort();
      throw err instanceof CdsError ? err : toCdsError(err, key);
    }
  };

  // Promise.all settles on the first failure, which has already aborted its siblings.
  await Promise.all(Object.entries(service.prefetch ?? {}).map(([key, template]) => resolveKey(key, template)));
  return { values, report: { present, fetched, none, truncated } };
}

function hasNextLink(value: unknown): boolean {
  return isBundle(value) && (value.link ?? []).some((l) => l.relation === 'next');
}
