/**
 * One hook call from the request text to the response text: parse → validate → resolve prefetch → record →
 * evaluate → serialise. No Express and no threads here, so the same function runs on the event loop or on an
 * evaluation worker (http/hook-workers.ts) and both answer byte for byte alike.
 */
import type { AppDeps } from '../app-deps';
import type { Knowledge } from '../clinical/knowledge/types';
import type { EvaluationInput, NewId } from '../clinical/types';
import { CdsError } from '../errors';
import { buildPatientRecord } from '../fhir/record';
import { needsNetwork, resolvePrefetch, type PrefetchEnvironment, type PrefetchReport } from '../fhir/prefetch';
import { loggableHookInstance } from './hook-instance';
import { noopMetrics } from '../observability/metrics-types';
import type { CdsServiceDescriptor, HookRequest } from './types';
import type { HookRequestValidator } from './validate-request';

/** What the caller knows before the body is read: which service, when, and what the client may reach. */
export interface HookCallInput {
  readonly serviceId: string;
  /** The request body's bytes (inflated; size-limited by the HTTP layer). */
  readonly body: Uint8Array;
  /** The declared charset (a UTF-* one: the HTTP layer refused the others); UTF-8 when absent. */
  readonly charset?: string;
  readonly nowMs: number;
  /** FHIR origins the authenticated client is narrowed to, when its trusted-clients entry says so. */
  readonly clientServers?: readonly string[];
}

/** An issued card, reduced to what the feedback store and the metrics need (no patient data). */
export interface IssuedCardSummary {
  readonly uuid: string;
  readonly adviceCode: string;
  readonly indicator: string;
  readonly suggestionUuids: readonly string[];
}

export interface HookCallAnswer {
  readonly kind: 'answer';
  readonly hookInstance?: string;
  /** `{"cards":[…]}`, ready to send. */
  readonly responseBody: string;
  readonly adviceCodes: readonly string[];
  readonly issued: readonly IssuedCardSummary[];
  readonly prefetch: PrefetchReport;
}

/** The call needs the FHIR server (missing or paged prefetch) and the caller chose to keep network work local. */
export interface HookCallNeedsNetwork {
  readonly kind: 'needs-network';
  readonly hookInstance?: string;
}

export interface HookCallEnv {
  readonly services: ReadonlyMap<string, CdsServiceDescriptor>;
  readonly validate: HookRequestValidator;
  readonly knowledge: Knowledge;
  readonly evaluate: AppDeps['evaluate'];
  readonly newId: NewId;
  /** How to reach FHIR servers; null = this caller must not (an evaluation worker): answer `needs-network`. */
  readonly prefetch: PrefetchEnvironment | null;
}

/** A CdsError that also carries the hookInstance it belongs to (for the log line), when the body had one. */
export class HookCallError extends Error {
  constructor(readonly error: unknown, readonly hookInstance: string | undefined) {
    super(error instanceof Error ? error.message : String(error), { cause: error });
    this.name = 'HookCallError';
  }
}

const JSON_WHITESPACE = /^[\x20\x09\x0a\x0d]*/;

/** Bytes → text in the declared UTF charset (a byte-order mark is dropped, as body-parser does). */
export function decodeHookBody(bytes: Uint8Array, charset = 'utf-8'): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch (err) {
    throw new CdsError('ERR_UNSUPPORTED_MEDIA_TYPE', 'the request charset is not supported; send UTF-8 JSON', undefined, { cause: err });
  }
  return decoder.decode(bytes);
}

/**
 * JSON as body-parser's strict `express.json()` reads it: an empty body is `{}` (then fails validation), the
 * first character must open an object or array, anything else is ERR_INVALID_JSON.
 */
export function parseHookBody(text: string): unknown {
  if (text.length === 0) return {};
  const first = text.charAt(JSON_WHITESPACE.exec(text)?.[0].length ?? 0);
  if (first !== '{' && first !== '[') throw new CdsError('ERR_INVALID_JSON', 'the request body is not valid JSON');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CdsError('ERR_INVALID_JSON', 'the request body is not valid JSON', undefined, { cause: err });
  }
}

function toEvaluationInput(service: CdsServiceDescriptor, request: HookRequest, record: EvaluationInput['record'], now: Date): EvaluationInput {
  const { encounterId, selections, draftOrders } = request.context;
  return {
    hook: request.hook,
    serviceId: service.id,
    patientId: request.context.patientId,
    ...(encounterId !== undefined ? { encounterId } : {}),
    ...(selections !== undefined ? { selections } : {}),
    ...(draftOrders !== undefined ? { draftOrders } : {}),
    record,
    now,
  };
}

/** Throws HookCallError (wrapping a CdsError or an internal error); never a bare error. */
export async function runHookCall(input: HookCallInput, env: HookCallEnv): Promise<HookCallAnswer | HookCallNeedsNetwork> {
  let hookInstance: string | undefined;
  try {
    const service = env.services.get(input.serviceId);
    if (service === undefined) throw new CdsError('ERR_UNKNOWN_SERVICE', 'no CDS service with this id');
    const body = parseHookBody(decodeHookBody(input.body, input.charset));
    hookInstance = loggableHookInstance(body);
    const request = env.validate(body, service);
    if (env.prefetch === null) {
      if (needsNetwork(service, request)) return { kind: 'needs-network', ...(hookInstance !== undefined ? { hookInstance } : {}) };
    }
    const prefetchEnv: PrefetchEnvironment = env.prefetch ?? LOCAL_ONLY;
    const policy = input.clientServers !== undefined ? { ...prefetchEnv.policy, clientServers: input.clientServers } : prefetchEnv.policy;
    const resolved = await resolvePrefetch(service, request, { ...prefetchEnv, policy });
    const record = buildPatientRecord(request.context.patientId, Object.values(resolved.values));
    const result = env.evaluate(toEvaluationInput(service, request, record, new Date(input.nowMs)), env.knowledge, env.newId);
    // The engine's cards are final (EngineResult.cards: evaluateWith runs finaliseCards once).
    const cards = result.cards;
    return {
      kind: 'answer',
      ...(hookInstance !== undefined ? { hookInstance } : {}),
      responseBody: JSON.stringify({ cards }),
      adviceCodes: result.adviceCodes,
      issued: cards.map((card) => ({
        uuid: card.uuid,
        adviceCode: card.source.topic?.code ?? 'UNKNOWN',
        indicator: card.indicator,
        suggestionUuids: (card.suggestions ?? []).map((s) => s.uuid),
      })),
      prefetch: resolved.report,
    };
  } catch (err) {
    throw new HookCallError(err, hookInstance);
  }
}

/** Never used to reach the network: `needsNetwork` was false, so every key is present or "none". */
const LOCAL_ONLY: PrefetchEnvironment = {
  fetch: () => Promise.reject(new Error('no network from here')),
  policy: { servers: [], allowLoopback: false },
  timeoutMs: 1,
  maxPages: 1,
  metrics: noopMetrics,
};
