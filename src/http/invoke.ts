/**
 * POST /cds-services/{id} — one hook call: validate → resolve prefetch → evaluate (cards finalised by the engine) → answer.
 * One log line per call with names and codes only (STYLE G15): the request line, carrying the invocation fields.
 */
import type { RequestHandler, Response } from 'express';
import type { AppDeps, CdsClientIdentity } from '../app-deps';
import type { Card, CdsServiceDescriptor, HookRequest } from '../cds/types';
import { createHookRequestValidator } from '../cds/validate-request';
import type { EvaluationInput } from '../clinical/types';
import type { Config } from '../config';
import { CdsError } from '../errors';
import { buildPatientRecord } from '../fhir/record';
import { resolvePrefetch, type PrefetchReport } from '../fhir/prefetch';
import { toCdsError } from './error-handler';
import { loggableHookInstance } from './hook-instance';
import { setInvocationLogFields } from '../observability/logger';

function clientOf(res: Response): CdsClientIdentity | undefined {
  return (res.locals as { cdsClient?: CdsClientIdentity }).cdsClient;
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

function recordIssuedCards(deps: AppDeps, service: CdsServiceDescriptor, cards: readonly Card[], now: Date): void {
  if (deps.feedbackStore === null || cards.length === 0) return;
  try {
    deps.feedbackStore.recordIssued(
      cards.map((card) => ({
        uuid: card.uuid,
        serviceId: service.id,
        hook: service.hook,
        adviceCode: card.source.topic?.code ?? 'UNKNOWN',
        indicator: card.indicator,
        suggestionUuids: (card.suggestions ?? []).map((s) => s.uuid),
        issuedAt: now.toISOString(),
      })),
    );
  } catch (err) {
    // The clinician still gets the advice; only the feedback statistics lose these cards.
    deps.logger.error({ err, serviceId: service.id }, 'could not record issued cards');
  }
}

export function invokeHandler(config: Config, deps: AppDeps): RequestHandler {
  const validate = createHookRequestValidator();
  const servicesById = new Map(deps.services.map((s) => [s.id, s]));

  return async (req, res) => {
    const service = servicesById.get(String(req.params['id']));
    if (service === undefined) throw new CdsError('ERR_UNKNOWN_SERVICE', 'no CDS service with this id');

    const started = performance.now();
    const hookInstance = loggableHookInstance(req.body);
    let prefetch: PrefetchReport | undefined;
    let adviceCodes: readonly string[] = [];
    const finish = (status: number, code?: string): void => {
      const seconds = (performance.now() - started) / 1000;
      deps.metrics.invocation(service.id, service.hook, status, seconds);
      // Logged once, on the request line, when the response is finished (observability/logger).
      setInvocationLogFields(
        res,
        {
          serviceId: service.id,
          hook: service.hook,
          hookInstance,
          status,
          ...(code !== undefined ? { errorCode: code } : {}),
          durationMs: Math.round(seconds * 1000),
          adviceCodes,
          ...(prefetch !== undefined
            ? { prefetchPresent: prefetch.present, prefetchFetched: prefetch.fetched, prefetchNone: prefetch.none, prefetchTruncated: prefetch.truncated }
            : {}),
        },
      );
    };

    try {
      const request = validate(req.body, service);
      const clientServers = clientOf(res)?.fhirServers;
      const resolved = await resolvePrefetch(service, request, {
        fetch: deps.fetch,
        policy: {
          servers: config.fhirServers,
          allowLoopback: config.allowLoopbackFhir,
          ...(clientServers !== undefined ? { clientServers } : {}),
        },
        timeoutMs: config.fhirTimeoutMs,
        maxPages: config.fhirMaxPages,
        metrics: deps.metrics,
      });
      prefetch = resolved.report;
      const now = deps.clock();
      const record = buildPatientRecord(request.context.patientId, Object.values(resolved.values));
      const result = deps.evaluate(toEvaluationInput(service, request, record, now), deps.knowledge, deps.newId);
      // The engine's cards are already finalised (EngineResult.cards: evaluateWith runs finaliseCards once).
      const cards = result.cards;
      adviceCodes = result.adviceCodes;
      recordIssuedCards(deps, service, cards, now);
      for (const card of cards) deps.metrics.card(service.id, card.source.topic?.code ?? 'UNKNOWN', card.indicator);
      res.status(200).json({ cards });
      finish(200);
    } catch (err) {
      const error = toCdsError(err);
      finish(error.status, error.code);
      throw err;
    }
  };
}
