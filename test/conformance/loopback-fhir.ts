/**
 * A real FHIR server on 127.0.0.1 (node:http, not nock) for the conformance tests: serves one chart (the prefetch
 * of a scenario) by read and by search, with paged searchset Bundles (`Bundle.link[next]`), and records every
 * request (path, query, Authorization). A per-test `override` answers instead, for error statuses and odd bodies.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly authorization: string | undefined;
  readonly accept: string | undefined;
}

/** Return true when the request was answered; false to fall through to the chart. */
export type Override = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;

/** prefetch key of each searched resource type (the services' templates). */
const KEY_BY_TYPE: Readonly<Record<string, string>> = {
  Condition: 'conditions',
  Observation: 'observations',
  MedicationRequest: 'medicationRequests',
  ServiceRequest: 'serviceRequests',
  Encounter: 'encounters',
  Procedure: 'procedures',
  DiagnosticReport: 'diagnosticReports',
};

export interface LoopbackFhir {
  /** e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  readonly seen: SeenRequest[];
  /** Replace the chart served (a scenario's `request.prefetch`). */
  setChart(prefetch: Record<string, unknown> | null): void;
  setOverride(override: Override | null): void;
  /** Entries per searchset page. */
  setPageSize(size: number): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/fhir+json'): void {
  res.writeHead(status, { 'Content-Type': type });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function entriesOf(bundle: unknown): unknown[] {
  const entry = (bundle as { entry?: unknown } | null)?.entry;
  return Array.isArray(entry) ? entry : [];
}

export async function startLoopbackFhir(basePath: string): Promise<LoopbackFhir> {
  let chart: Record<string, unknown> | null = null;
  let override: Override | null = null;
  let pageSize = 2;
  const seen: SeenRequest[] = [];
  let origin = '';

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    seen.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, authorization: req.headers.authorization, accept: req.headers.accept });
    if (override?.(req, res, url) === true) return;
    if (!url.pathname.startsWith(`${basePath}/`) || chart === null) {
      send(res, 404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] });
      return;
    }
    const [type, id, ...rest] = url.pathname.slice(basePath.length + 1).split('/');
    if (type === 'Patient' && id !== undefined && rest.length === 0) {
      const patient = chart['patient'] as { id?: string } | null;
      if (patient?.id === id) send(res, 200, patient);
      else send(res, 404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] });
      return;
    }
    const key = type !== undefined ? KEY_BY_TYPE[type] : undefined;
    if (key === undefined || id !== undefined) {
      send(res, 400, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported' }] });
      return;
    }
    const all = entriesOf(chart[key]);
    const page = Number(url.searchParams.get('_page') ?? '1');
    const slice = all.slice((page - 1) * pageSize, page * pageSize);
    const link: { relation: string; url: string }[] = [{ relation: 'self', url: url.href }];
    if (page * pageSize < all.length) {
      const next = new URL(url.href);
      next.searchParams.set('_page', String(page + 1));
      link.push({ relation: 'next', url: next.href });
    }
    send(res, 200, { resourceType: 'Bundle', type: 'searchset', total: all.length, link, ...(slice.length > 0 ? { entry: slice } : {}) });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    seen,
    setChart: (p) => void (chart = p),
    setOverride: (o) => void (override = o),
    setPageSize: (n) => void (pageSize = n),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
