/**
 * Evaluation workers (CDS_EVALUATION_WORKERS): hook calls parsed and evaluated on worker threads must answer
 * exactly as on the event loop — every scenario fixture, the errors, the FHIR fallback (finished on the event
 * loop, where nock sees the fetch) — and a worker that dies must cost only its own calls.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import nock from 'nock';
import request from 'supertest';
import { createApp } from '../../src/app';
import { defaultEvaluationWorkers, loadConfig, testConfig } from '../../src/config';
import { createDefaultDeps } from '../../src/default-deps';
import { createHookWorkerPool, type HookWorkerPool } from '../../src/http/hook-workers';
import { loadScenarioFixtures } from '../support/fixture-load';
import { isolateNetwork } from '../support/network';
import { buildTestApp, captureLogs, FHIR_BASE, FHIR_ORIGIN, HOOKS_DIR, requestFixture, testKnowledge } from './helpers';

const TS_WORKER = path.join(__dirname, '..', 'support', 'ts-worker-entry.js');
const PV = '/cds-services/distal-dvt-patient-view';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Card uuids are random per call: number them by first appearance so two answers can be compared whole. */
function withNumberedUuids(body: unknown): unknown {
  const seen = new Map<string, string>();
  const text = JSON.stringify(body).replace(UUID, (uuid) => {
    if (!seen.has(uuid)) seen.set(uuid, `uuid-${seen.size + 1}`);
    return seen.get(uuid) as string;
  });
  return JSON.parse(text) as unknown;
}

function quietPool(size: number, workerFile = TS_WORKER): { pool: HookWorkerPool; logs: ReturnType<typeof captureLogs>['logs'] } {
  const { logger, logs } = captureLogs();
  return { pool: createHookWorkerPool({ size, data: { knowledgeDir: HOOKS_DIR }, logger, workerFile }), logs };
}

isolateNetwork();

describe('hook calls on evaluation workers', () => {
  let pool: HookWorkerPool;
  beforeAll(() => {
    pool = quietPool(2).pool;
  });
  afterAll(async () => {
    await pool.close();
  });

  test('every scenario fixture answers exactly as on the event loop (status, cards, headers)', async () => {
    const fixtures = loadScenarioFixtures().filter(({ fixture }) => fixture.thresholds === undefined);
    expect(fixtures.length).toBeGreaterThan(60);
    for (const { file, fixture } of fixtures) {
      const config = testConfig({ clock: fixture.now, knowledgeDir: HOOKS_DIR });
      const onLoop = createApp(config, createDefaultDeps(config, { knowledge: testKnowledge(), hookWorkers: null }));
      const onWorkers = createApp(config, createDefaultDeps(config, { hookWorkers: pool }));
      const url = `/cds-services/${fixture.service}`;
      const [a, b] = await Promise.all([request(onLoop).post(url).send(fixture.request), request(onWorkers).post(url).send(fixture.request)]);
      expect({ file, status: b.status }).toEqual({ file, status: a.status });
      expect(b.headers['content-type']).toBe(a.headers['content-type']);
      expect(withNumberedUuids(b.body)).toEqual(withNumberedUuids(a.body));
    }
  });

  test('errors found on a worker keep their status, code, field and the hookInstance in the log line', async () => {
    const { app, logs } = buildTestApp({}, { hookWorkers: pool });
    const notJson = await request(app).post(PV).set('Content-Type', 'application/json').send('{"hook": ');
    expect(notJson.status).toBe(400);
    expect(JSON.stringify(notJson.body)).toContain('ERR_INVALID_JSON');
    const scalar = await request(app).post(PV).set('Content-Type', 'application/json').send('"patient-view"');
    expect(scalar.status).toBe(400);
    expect(JSON.stringify(scalar.body)).toContain('ERR_INVALID_JSON');

    const body = requestFixture('patient-view-minimal.json');
    delete body.context['patientId'];
    const invalid = await request(app).post(PV).send(body);
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body)).toContain('context.patientId');
    const line = logs.lines.filter((l) => l['msg'] === 'cds invocation').at(-1);
    expect(line?.['errorCode']).toBe('ERR_INVALID_REQUEST');
    expect(line?.['hookInstance']).toBe(body['hookInstance']);
  });

  test('a call that needs the FHIR server is finished on the event loop, with its token and the allow-list', async () => {
    const { app, logs } = buildTestApp({}, { hookWorkers: pool });
    const body = { ...requestFixture('patient-view-minimal.json'), fhirServer: FHIR_BASE, fhirAuthorization: { access_token: 'tok-123', token_type: 'Bearer', expires_in: 300, scope: 'patient/*.read', subject: 'cds' } };
    const prefetch = { ...(body.prefetch ?? {}) };
    delete prefetch['conditions'];
    body.prefetch = prefetch;
    const conditions = nock(FHIR_ORIGIN, { reqheaders: { authorization: 'Bearer tok-123' } })
      .get((uri) => uri.startsWith('/r4/Condition?'))
      .reply(200, { resourceType: 'Bundle', type: 'searchset', entry: [] });
    await request(app).post(PV).send(body).expect(200);
    expect(conditions.isDone()).toBe(true);
    expect(logs.lines.find((l) => l['msg'] === 'cds invocation')?.['prefetchFetched']).toEqual(['conditions']);
  });
});

describe('a worker that dies', () => {
  const crashing = path.join(__dirname, '..', 'support', 'crashing-worker.js');

  test('fails only its own call (500), is replaced, and after repeated deaths calls run on the event loop', async () => {
    const { pool, logs: poolLogs } = quietPool(1, crashing);
    try {
      const { app } = buildTestApp({}, { hookWorkers: pool });
      const body = requestFixture('patient-view-minimal.json');
      const first = await request(app).post(PV).send(body);
      expect(first.status).toBe(500);
      expect(JSON.stringify(first.body)).not.toContain('exited');
      await request(app).post(PV).send(body).expect(500);
      await request(app).post(PV).send(body).expect(500);
      // Three deaths in a row: the pool gives up and the service answers from the event loop.
      await request(app).post(PV).send(body).expect(200);
      const messages = poolLogs.lines.map((l) => l['msg']);
      expect(messages).toContain('evaluation worker stopped; starting another');
      expect(messages).toContain('evaluation workers keep failing; evaluating on the event loop');
    } finally {
      await pool.close();
    }
  });

  test('a full collection in every worker (bench memory figures) answers, and calls go on being served', async () => {
    const { pool } = quietPool(2);
    try {
      await pool.collectGarbage();
      const { app } = buildTestApp({}, { hookWorkers: pool });
      await request(app).post(PV).send(requestFixture('patient-view-minimal.json')).expect(200);
      await pool.collectGarbage();
    } finally {
      await pool.close();
    }
    await pool.collectGarbage(); // closed: nothing to collect, still answers
  });

  test('after close, calls run on the event loop', async () => {
    const { pool } = quietPool(1);
    await pool.close();
    const { app } = buildTestApp({}, { hookWorkers: pool });
    await request(app).post(PV).send(requestFixture('patient-view-minimal.json')).expect(200);
  });
});

describe('CDS_EVALUATION_WORKERS', () => {
  test('defaults to one worker per core (at most 4, none on one core), none under NODE_ENV=test; bad values stop the start', () => {
    expect([1, 2, 3, 8, 64].map(defaultEvaluationWorkers)).toEqual([0, 2, 3, 4, 4]);
    expect(loadConfig({ NODE_ENV: 'test' }).evaluationWorkers).toBe(0);
    expect(loadConfig({ NODE_ENV: 'development' }).evaluationWorkers).toBe(defaultEvaluationWorkers(availableParallelism()));
    expect(loadConfig({ NODE_ENV: 'test', CDS_EVALUATION_WORKERS: '3' }).evaluationWorkers).toBe(3);
    expect(() => loadConfig({ CDS_EVALUATION_WORKERS: 'many' })).toThrow(/CDS_EVALUATION_WORKERS must be an integer from 0 to 64/);
  });

  test('the default wiring starts the configured workers, and keeps calls on the event loop when the engine is injected', async () => {
    const config = testConfig({ knowledgeDir: HOOKS_DIR, evaluationWorkers: 1 });
    const real = createDefaultDeps(config, { logger: captureLogs().logger });
    const injected = createDefaultDeps(config, { logger: captureLogs().logger, knowledge: testKnowledge() });
    try {
      expect(real.hookWorkers?.size).toBe(1);
      expect(injected.hookWorkers).toBeNull();
    } finally {
      await real.hookWorkers?.close();
    }
  });
});
