/**
 * What the HTTP shell reports to metrics. Implemented with prom-client in metrics.ts; tests and the CLI use
 * `noopMetrics`. Labels never carry PHI: service ids, advice codes, statuses and reasons only.
 */
export interface ServiceMetrics {
  /** One hook invocation finished (any status). */
  invocation(serviceId: string, hook: string, status: number, seconds: number): void;
  /** One card issued. */
  card(serviceId: string, adviceCode: string, indicator: string): void;
  /** One FHIR request made (or refused) for prefetch fallback or paging. */
  fhirFetch(outcome: 'ok' | 'error' | 'timeout' | 'disallowed', seconds: number): void;
  /** A 4xx/5xx answer with a short reason code (e.g. 'ERR_INVALID_REQUEST'). */
  httpError(status: number, reason: string): void;
  /** One feedback item stored. */
  feedback(serviceId: string, outcome: string): void;
}

export const noopMetrics: ServiceMetrics = {
  invocation() {},
  card() {},
  fhirFetch() {},
  httpError() {},
  feedback() {},
};
