/**
 * The conformance tests' service: the real app (createApp + createDefaultDeps) listening on a real loopback port,
 * called over HTTP the way the sandbox, Inferno or an EHR would. Fixtures are read from fhir-fixtures/ as files.
 */
import { once } from 'node:events';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createApp } from '../../src/app';
import type { AppDeps } from '../../src/app-deps';
import { loadKnowledge } from '../../src/clinical/knowledge/load';
import type { Knowledge, Thresholds } from '../../src/clinical/knowledge/types';
import { testConfig, type Config } from '../../src/config';
import { createDefaultDeps } from '../../src/default-deps';
import { createLogger } from '../../src/observability/logger';

export const REPO_ROOT = join(__dirname, '..', '..');
export const HOOKS_DIR = join(REPO_ROOT, 'hooks');
export const FIXTURES_DIR = join(REPO_ROOT, 'fhir-fixtures');

export const SERVICE_BY_HOOK: Readonly<Record<string, string>> = {
  'patient-view': 'distal-dvt-patient-view',
  'order-select': 'distal-dvt-order-select',
  'order-sign': 'distal-dvt-order-sign',
  'encounter-discharge': 'distal-dvt-encounter-discharge',
};

export type JsonObject = Record<string, unknown>;

export interface FixtureCase {
  readonly name: string;
  readonly serviceId: string;
  /** Evaluation instant (scenario `now`), or null for the request fixtures (service clock). */
  readonly now: string | null;
  readonly thresholds?: Partial<Thresholds>;
  readonly request: JsonObject;
}

function readJson(path: string): JsonObject {
  return JSON.parse(readFileSync(path, 'utf8')) as JsonObject;
}

/** Every fixture in fhir-fixtures/scenarios and fhir-fixtures/requests, as a request to post. */
export function allFixtureCases(): FixtureCase[] {
  const cases: FixtureCase[] = [];
  for (const file of readdirSync(join(FIXTURES_DIR, 'scenarios')).filter((f) => f.endsWith('.json')).sort()) {
    const json = readJson(join(FIXTURES_DIR, 'scenarios', file));
    cases.push({
      name: `scenarios/${file}`,
      serviceId: String(json['service']),
      now: String(json['now']),
      ...(json['thresholds'] !== undefined ? { thresholds: json['thresholds'] as Partial<Thresholds> } : {}),
      request: json['request'] as JsonObject,
    });
  }
  for (const file of readdirSync(join(FIXTURES_DIR, 'requests')).filter((f) => f.endsWith('.json')).sort()) {
    const request = readJson(join(FIXTURES_DIR, 'requests', file));
    cases.push({ name: `requests/${file}`, serviceId: SERVICE_BY_HOOK[String(request['hook'])] ?? 'unknown', now: null, request });
  }
  return cases;
}

export function requestFixture(file: string): JsonObject {
  return readJson(join(FIXTURES_DIR, 'requests', file));
}

export function scenarioRequest(id: string): { request: JsonObject; now: string; serviceId: string } {
  const file = readdirSync(join(FIXTURES_DIR, 'scenarios')).find((f) => f.startsWith(`${id}-`));
  if (file === undefined) throw new Error(`no scenario ${id}`);
  const json = readJson(join(FIXTURES_DIR, 'scenarios', file));
  return { request: json['request'] as JsonObject, now: String(json['now']), serviceId: String(json['service']) };
}

let knowledge: Knowledge | undefined;
export function shippedKnowledge(thresholds?: Partial<Thresholds>): Knowledge {
  knowledge ??= loadKnowledge(HOOKS_DIR);
  return thresholds === undefined ? knowledge : { ...knowledge, thresholds: { ...knowledge.thresholds, ...thresholds } };
}

export interface RunningService {
  readonly baseUrl: string;
  readonly config: Config;
  readonly deps: AppDeps;
  /** Everything the service logged, raw. */
  logText(): string;
  close(): Promise<void>;
}

/** Start the real app on 127.0.0.1:<ephemeral>. Auth off unless `deps.authenticate` is given. */
export async function startService(configOverrides: Partial<Config> = {}, depOverrides: Partial<AppDeps> = {}): Promise<RunningService> {
  const config = testConfig({ knowledgeDir: HOOKS_DIR, fhirServers: [], allowLoopbackFhir: false, clock: '2025-03-03T15:00:00Z', ...configOverrides });
  const raw: string[] = [];
  const logger = createLogger({ logLevel: 'info' }, { write: (msg: string) => void raw.push(msg) });
  const deps = createDefaultDeps(config, { logger, knowledge: shippedKnowledge(), authenticate: null, ...depOverrides });
  const server: Server = createServer(createApp(config, deps));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    config,
    deps,
    logText: () => raw.join(''),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
      deps.feedbackStore?.close();
    },
  };
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | undefined>;
  readonly text: string;
  /** Parsed JSON, or undefined when the body is not JSON. */
  readonly body: unknown;
}

/** One real HTTP call with the global fetch (as a client would make it). */
export async function call(url: string, init: RequestInit = {}): Promise<HttpAnswer> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  const headers: Record<string, string | undefined> = {};
  res.headers.forEach((v, k) => (headers[k] = v));
  return { status: res.status, headers, text, body };
}

export const postJson = (url: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> =>
  call(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers }, body: JSON.stringify(body) });

/** Whether a body is a FHIR OperationOutcome with at least one issue, and its error code. */
export function operationOutcomeCode(body: unknown): string | null {
  const oo = body as { resourceType?: unknown; issue?: { details?: { coding?: { code?: string }[] } }[] } | undefined;
  if (oo?.resourceType !== 'OperationOutcome' || !Array.isArray(oo.issue) || oo.issue.length === 0) return null;
  return oo.issue[0]?.details?.coding?.[0]?.code ?? '';
}
