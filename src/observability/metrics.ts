/**
 * ServiceMetrics on prom-client, on a Registry of its own per app: several apps live in one test process, and the
 * global registry would refuse a second metric of the same name. Labels are ids, codes, statuses and reasons only.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ServiceMetrics } from './metrics-types';

/** Hook calls are latency-critical (the EHR waits): buckets resolve 10 ms … 10 s. */
const REQUEST_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const FHIR_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8];

export interface AppMetrics {
  readonly metrics: ServiceMetrics;
  readonly registry: Registry;
}

export function createMetrics(): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requestDuration = new Histogram({
    name: 'cds_hook_request_duration_seconds',
    help: 'Hook invocations by service, hook and HTTP status, with their duration',
    labelNames: ['service', 'hook', 'status'] as const,
    buckets: REQUEST_BUCKETS,
    registers: [registry],
  });
  const cards = new Counter({
    name: 'cds_cards_total',
    help: 'Cards issued, by service, advice code and indicator',
    labelNames: ['service', 'advice_code', 'indicator'] as const,
    registers: [registry],
  });
  const fhirFetches = new Counter({
    name: 'cds_fhir_fetch_total',
    help: 'FHIR requests made (or refused) for missing prefetch and paging, by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const fhirDuration = new Histogram({
    name: 'cds_fhir_fetch_duration_seconds',
    help: 'Duration of FHIR requests, by outcome',
    labelNames: ['outcome'] as const,
    buckets: FHIR_BUCKETS,
    registers: [registry],
  });
  const httpErrors = new Counter({
    name: 'cds_http_errors_total',
    help: 'Error answers (4xx/5xx) by status and reason code',
    labelNames: ['status', 'reason'] as const,
    registers: [registry],
  });
  const feedback = new Counter({
    name: 'cds_feedback_total',
    help: 'Feedback items stored (a re-sent duplicate is not counted), by service and outcome',
    labelNames: ['service', 'outcome'] as const,
    registers: [registry],
  });

  const metrics: ServiceMetrics = {
    invocation(serviceId, hook, status, seconds) {
      requestDuration.observe({ service: serviceId, hook, status: String(status) }, seconds);
    },
    card(serviceId, adviceCode, indicator) {
      cards.inc({ service: serviceId, advice_code: adviceCode, indicator });
    },
    fhirFetch(outcome, seconds) {
      fhirFetches.inc({ outcome });
      fhirDuration.observe({ outcome }, seconds);
    },
    httpError(status, reason) {
      httpErrors.inc({ status: String(status), reason });
    },
    feedback(serviceId, outcome) {
      feedback.inc({ service: serviceId, outcome });
    },
  };
  return { metrics, registry };
}
