/**
 * The operations pieces inside the real app: createApp + createDefaultDeps with the SQLite store and prom-client
 * metrics. The first block runs today (the invoke route records cards and metrics; graceful shutdown wraps the real
 * server). The second needs app.ts to mount the feedback/admin/health/metrics routers: enable it at integration.
 */
import { EventEmitter, once } from 'node:events';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import type { Evaluate } from '../../src/app-deps';
import { ADVICE_SYSTEM, type Card } from '../../src/cds/types';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store';
import { createMetrics } from '../../src/observability/metrics';
import { installGracefulShutdown } from '../../src/observability/shutdown';
import { buildTestApp, requestFixture } from '../http/helpers';
import { heldFhirServer, listen } from './held-fhir-server';

const PV = 'distal-dvt-patient-view';
const ADMIN_TOKEN = 'full-app-admin-token';

/** The engine's answer for every call: one SERIAL_IMAGING card with one suggestion (the clinical core is not under test here). */
const oneCard: Evaluate = (_input, _knowledge, newId) => {
  const card: Card = {
    uuid: newId(),
    summary: 'Isolated distal DVT: repeat ultrasound at about 1 and 2 weeks',
    indicator: 'warning',
    source: { label: 'distal-dvt-cds', topic: { system: ADVICE_SYSTEM, code: 'SERIAL_IMAGING', display: 'Serial imaging' } },
    suggestions: [{ label: 'Order follow-up ultrasound', uuid: newId() }],
  };
  return { cards: [card], facts: null, decision: null, adviceCodes: ['SERIAL_IMAGING'] };
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'full-app-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function build(extra: { allowLoopbackFhir?: boolean } = {}) {
  const store = new SqliteFeedbackStore({ file: join(dir, 'feedback.db') });
  const { metrics, registry } = createMetrics();
  // `metricsRegistry` is the AppDeps field proposed in the ops report, so that createApp can mount GET /metrics.
  const opsDeps = { metricsRegistry: registry };
  const built = buildTestApp(
    { adminToken: ADMIN_TOKEN, feedbackDb: join(dir, 'feedback.db'), ...extra },
    { feedbackStore: store, metrics, evaluate: oneCard, ...opsDeps },
  );
  return { ...built, store, registry };
}

describe('createApp with the SQLite store and prom-client metrics', () => {
  test('a hook call records the issued card (uuid, advice code, suggestion uuids) and the metrics series', async () => {
    const { app, store, registry } = build();
    const res = await request(app).post(`/cds-services/${PV}`).send(requestFixture('patient-view-minimal.json'));
    expect(res.status).toBe(200);
    expect(res.body.cards).toHaveLength(1);
    expect(store.summary({}).rows).toEqual([expect.objectContaining({ serviceId: PV, adviceCode: 'SERIAL_IMAGING', issued: 1, noResponse: 1 })]);
    const text = await registry.metrics();
    expect(text).toContain(`cds_hook_request_duration_seconds_count{service="${PV}",hook="patient-view",status="200"} 1`);
    expect(text).toContain(`cds_cards_total{service="${PV}",advice_code="SERIAL_IMAGING",indicator="warning"} 1`);
    store.close();
  });

  test('SIGTERM while a hook call waits on a slow FHIR server: the call completes 200, then the store is closed', async () => {
    const fhir = heldFhirServer();
    const fhirBase = await listen(fhir.server);
    const { app, store } = build({ allowLoopbackFhir: true });
    const server = createServer(app);
    const base = await listen(server);
    const signals = new EventEmitter();
    const exits: number[] = [];
    const lifecycle = installGracefulShutdown(server, {
      graceMs: 30_000, onClosed: () => store.close(), logger: pino({ level: 'silent' }), exit: (c) => exits.push(c), signals,
    });

    const body = requestFixture('patient-view-minimal.json');
    delete body.prefetch; // every key must be fetched from fhirServer: the call waits on the held server
    const fhirReached = once(fhir.arrived, 'request');
    const inFlight = fetch(`${base}/cds-services/${PV}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, fhirServer: fhirBase }),
    });
    await fhirReached;
    signals.emit('SIGTERM');
    fhir.release(); // the first request is answered; the rest arrive after SIGTERM and are answered as they come
    fhir.arrived.on('request', () => fhir.release());

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { cards: unknown[] }).cards).toHaveLength(1);
    await lifecycle.shutdown();
    expect(exits).toEqual([0]);
    expect(server.listening).toBe(false);
    expect(store.isWritable()).toBe(false);
    // The card issued during shutdown was written before the store closed.
    const reopened = new SqliteFeedbackStore({ file: join(dir, 'feedback.db'), readonly: true });
    expect(reopened.summary({}).rows[0]?.issued).toBe(1);
    reopened.close();
    fhir.stop();
  });
});

// Enable once app.ts mounts feedbackRouter, adminRouter, healthRouter and metricsRouter (see the ops report).
describe('createApp serves the operations routes', () => {
  test('card → feedback → summary, /metrics, /health, /ready through the real app', async () => {
    const { app, store } = build();
    const invoked = await request(app).post(`/cds-services/${PV}`).send(requestFixture('patient-view-minimal.json'));
    const card = invoked.body.cards[0] as Card;
    const suggestion = card.suggestions?.[0]?.uuid;

    const feedback = { feedback: [{ card: card.uuid, outcome: 'accepted', acceptedSuggestions: [{ id: suggestion }], outcomeTimestamp: '2025-03-03T15:01:00Z' }] };
    const posted = await request(app).post(`/cds-services/${PV}/feedback`).send(feedback);
    expect(posted.status).toBe(200);
    expect(posted.body).toEqual({});

    const summary = await request(app).get('/admin/outcomes').set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(summary.status).toBe(200);
    expect(summary.body.rows).toEqual([
      expect.objectContaining({ serviceId: PV, adviceCode: 'SERIAL_IMAGING', issued: 1, accepted: 1, acceptedBySuggestion: { [suggestion as string]: 1 } }),
    ]);
    expect((await request(app).get('/admin/outcomes').set('Authorization', 'Bearer wrong')).status).toBe(403);

    const metrics = await request(app).get('/metrics');
    expect(metrics.text).toContain(`cds_feedback_total{service="${PV}",outcome="accepted"} 1`);
    expect(metrics.text).toContain(`cds_cards_total{service="${PV}",advice_code="SERIAL_IMAGING",indicator="warning"} 1`);

    expect((await request(app).get('/health')).body).toEqual({ status: 'ok' });
    expect((await request(app).get('/ready')).status).toBe(200);
    store.close();
    expect((await request(app).get('/ready')).status).toBe(503);
  });
});
