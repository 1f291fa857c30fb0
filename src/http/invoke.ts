/**
 * POST /cds-services/{id} — one hook call. The body arrives as text (http/json-body.ts: hookBodyText) and goes to
 * `runHookCall` (parse → validate → prefetch → evaluate → serialise): on an evaluation worker when the app has
 * them, on the event loop otherwise or when the call needs the FHIR server. Here: record the issued cards, count,
 * answer. One log line per call with names and codes only (STYLE G15): the request line, carrying the invocation
 * fields.
 */
import type { RequestHandler, Response } from 'express';
import type { AppDeps, CdsClientIdentity } from '../app-deps';
import { HookCallError, runHookCall, type HookCallAnswer, type HookCallEnv, type HookCallInput, type IssuedCardSummary } from '../cds/hook-call';
import type { CdsServiceDescriptor } from '../cds/types';
import { createHookRequestValidator } from '../cds/validate-request';
import type { Config } from '../config';
import { CdsError } from '../errors';
import { toCdsError } from './error-handler';
import { setInvocationLogFields } from '../observability/logger';

function clientOf(res: Response): CdsClientIdentity | undefined {
  return (res.locals as { cdsClient?: CdsClientIdentity }).cdsClient;
}

function recordIssuedCards(deps: AppDeps, service: CdsServiceDescriptor, cards: readonly IssuedCardSummary[], now: Date): void {
  if (deps.feedbackStore === null || cards.length === 0) return;
  try {
    deps.feedbackStore.recordIssued(
      cards.map((card) => ({
        uuid: card.uuid,
        serviceId: service.id,
        hook: service.hook,
        adviceCode: card.adviceCode,
        indicator: card.indicator,
        suggestionUuids: card.suggestionUuids,
        issuedAt: now.toISOString(),
      })),
    );
  } catch (err) {
    // The clinician still gets the advice; only the feedback statistics lose these cards.
    deps.logger.error({ err, serviceId: service.id }, 'could not record issued cards');
  }
}

export function invokeHandler(config: Config, deps: AppDeps): RequestHandler {
  const env: HookCallEnv = {
    services: new Map(deps.services.map((s) => [s.id, s])),
    validate: createHookRequestValidator(),
    knowledge: deps.knowledge,
    evaluate: deps.evaluate,
    newId: deps.newId,
    prefetch: {
      fetch: deps.fetch,
      policy: { servers: config.fhirServers, allowLoopback: config.allowLoopbackFhir },
      timeoutMs: config.fhirTimeoutMs,
      maxPages: config.fhirMaxPages,
      metrics: deps.metrics,
    },
  };
  const workers = deps.hookWorkers ?? null;

  const answer = async (input: HookCallInput): Promise<HookCallAnswer> => {
    const outcome = workers !== null ? await workers.run(input) : await runHookCall(input, env);
    if (outcome.kind === 'answer') return outcome;
    // Needs the FHIR server, or no worker can take it: finish here, where fetch policy and tokens live.
    const local = await runHookCall(outcome.kind === 'local' && outcome.body !== undefined ? { ...input, body: outcome.body } : input, env);
    if (local.kind !== 'answer') throw new Error('a call evaluated on the event loop must answer');
    return local;
  };

  return async (req, res) => {
    const service = env.services.get(String(req.params['id']));
    if (service === undefined) throw new CdsError('ERR_UNKNOWN_SERVICE', 'no CDS service with this id');

    const started = performance.now();
    const now = deps.clock();
    const clientServers = clientOf(res)?.fhirServers;
    const charset = (res.locals as { bodyCharset?: string }).bodyCharset;
    const input: HookCallInput = {
      serviceId: service.id,
      // No body at all (express.raw leaves req.body unset) reads as an empty one: `{}`, then a validation error.
      body: Buffer.isBuffer(req.body) ? req.body : new Uint8Array(0),
      nowMs: now.getTime(),
      ...(charset !== undefined ? { charset } : {}),
      ...(clientServers !== undefined ? { clientServers } : {}),
    };
    const finish = (status: number, hookInstance: string | undefined, details: Partial<HookCallAnswer>, code?: string): void => {
      const seconds = (performance.now() - started) / 1000;
      deps.metrics.invocation(service.id, service.hook, status, seconds);
      const prefetch = details.prefetch;
      // Logged once, on the request line, when the response is finished (observability/logger).
      setInvocationLogFields(res, {
        serviceId: service.id,
        hook: service.hook,
        hookInstance,
        status,
        ...(code !== undefined ? { errorCode: code } : {}),
        durationMs: Math.round(seconds * 1000),
        adviceCodes: details.adviceCodes ?? [],
        ...(prefetch !== undefined
          ? { prefetchPresent: prefetch.present, prefetchFetched: prefetch.fetched, prefetchNone: prefetch.none, prefetchTruncated: prefetch.truncated }
          : {}),
      });
    };

    let outcome: HookCallAnswer;
    try {
      outcome = await answer(input);
    } catch (err) {
      const inner = err instanceof HookCallError ? err.error : err;
      const hookInstance = err instanceof HookCallError ? err.hookInstance : undefined;
      // For the error handler's log line of an internal error (the body is text here, not the parsed request).
      if (hookInstance !== undefined) res.locals['hookInstance'] = hookInstance;
      const error = toCdsError(inner);
      finish(error.status, hookInstance, {}, error.code);
      throw inner;
    }
    recordIssuedCards(deps, service, outcome.issued, now);
    for (const card of outcome.issued) deps.metrics.card(service.id, card.adviceCode, card.indicator);
    res.status(200).type('application/json').send(outcome.responseBody);
    finish(200, outcome.hookInstance, outcome);
  };
}
