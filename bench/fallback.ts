/**
 * Prefetch fallback: `patient-view` with no prefetch, against a loopback FHIR server that answers every query
 * after a fixed delay. If the service fetches the missing keys in parallel, a call costs about one delay; in
 * series it would cost eight. The server also records how many queries were in flight at once.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FhirResource } from 'fhir/r4';
import { PREFETCH_SEARCHES, searchset, type Chart } from './chart-generator';
import { patientViewWithoutPrefetch } from './hook-requests';
import { postJson } from './servers';
import { median, msSince, percentile, round } from './stats';

export interface SlowFhirServer {
  /** FHIR base, e.g. http://127.0.0.1:41234/fhir */
  readonly base: string;
  readonly stats: { requests: number; maxInFlight: number; unknown: string[] };
  close(): Promise<void>;
}

/** Answers `Patient/{id}` and `{Type}?patient=…` for the searched types, everything after `delayMs`. */
export function startSlowFhirServer(chart: Chart, delayMs: number): Promise<SlowFhirServer> {
  const stats = { requests: 0, maxInFlight: 0, unknown: [] as string[] };
  let inFlight = 0;
  const byType = new Map<string, string>();
  for (const type of Object.values(PREFETCH_SEARCHES)) {
    byType.set(type, JSON.stringify(searchset(chart.resources.filter((r: FhirResource) => r.resourceType === type))));
  }
  const patientJson = JSON.stringify(chart.prefetch.patient);
  const server = http.createServer((req, res) => {
    stats.requests += 1;
    inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
    const url = new URL(req.url ?? '/', 'http://loopback');
    const route = url.pathname.replace(/^\/fhir\//, '');
    let body: string | undefined;
    if (route === `Patient/${chart.patientId}`) body = patientJson;
    else if (url.searchParams.get('patient')?.endsWith(chart.patientId) === true) body = byType.get(route);
    setTimeout(() => {
      inFlight -= 1;
      if (body === undefined) {
        stats.unknown.push(`${req.method ?? '?'} ${url.pathname}`);
        res.writeHead(404, { 'content-type': 'application/fhir+json' }).end('{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found"}]}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(body);
    }, delayMs);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        base: `http://127.0.0.1:${port}/fhir`, stats,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}

export interface FallbackResult {
  readonly delayMs: number;
  readonly calls: number;
  readonly medianMs: number;
  readonly p90Ms: number;
  /** Median latency above the server's delay. */
  readonly overheadMs: number;
  readonly fhirRequestsPerCall: number;
  readonly maxInFlight: number;
  readonly statuses: readonly number[];
  readonly unknownQueries: readonly string[];
}

export async function measureFallback(
  serviceUrl: string, fhir: SlowFhirServer, chart: Chart, delayMs: number, calls: number,
): Promise<FallbackResult> {
  const times: number[] = [];
  const statuses = new Set<number>();
  const before = fhir.stats.requests;
  for (let i = 0; i <= calls; i += 1) {
    const body = JSON.stringify(patientViewWithoutPrefetch(chart, `00000000-0000-4000-9000-${i.toString(16).padStart(12, '0')}`, fhir.base));
    const start = process.hrtime.bigint();
    const response = await postJson(serviceUrl, body);
    const elapsed = msSince(start);
    statuses.add(response.status);
    if (i > 0) times.push(elapsed); // the first call warms the connection pool and is not counted
  }
  const medianMs = round(median(times), 1);
  return {
    delayMs, calls, medianMs, p90Ms: round(percentile(times, 90), 1), overheadMs: round(medianMs - delayMs, 1),
    fhirRequestsPerCall: round((fhir.stats.requests - before) / (calls + 1), 1), maxInFlight: fhir.stats.maxInFlight,
    statuses: [...statuses], unknownQueries: [...new Set(fhir.stats.unknown)].slice(0, 5),
  };
}
