import request from 'supertest';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store';
import { createMetrics } from '../../src/observability/metrics';
import { buildOpsApp } from './ops-app';

const PV = 'distal-dvt-patient-view';

describe('GET /metrics', () => {
  test('exposes latency, cards, FHIR fetches, errors, feedback and process series after a few calls', async () => {
    const store = new SqliteFeedbackStore({ file: null });
    const { metrics, registry } = createMetrics();
    const app = buildOpsApp({ feedbackStore: store, metrics, registry });

    // What the invoke route reports for two calls (one with a FHIR fallback fetch that timed out).
    metrics.invocation(PV, 'patient-view', 200, 0.042);
    metrics.card(PV, 'SERIAL_IMAGING', 'warning');
    metrics.fhirFetch('ok', 0.12);
    metrics.invocation(PV, 'patient-view', 412, 4.1);
    metrics.fhirFetch('timeout', 4);
    // And real HTTP calls: a stored feedback, a 400, a 404.
    const ok = { feedback: [{ card: 'c1', outcome: 'overridden', overrideReason: { reason: { code: 'x' } }, outcomeTimestamp: '2025-03-03T15:00:00Z' }] };
    expect((await request(app).post(`/cds-services/${PV}/feedback`).send(ok)).status).toBe(200);
    expect((await request(app).post(`/cds-services/${PV}/feedback`).send({ feedback: [{}] })).status).toBe(400);
    expect((await request(app).post('/cds-services/nope/feedback').send(ok)).status).toBe(404);

    const res = await request(app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.text;
    expect(text).toContain(`cds_hook_request_duration_seconds_count{service="${PV}",hook="patient-view",status="200"} 1`);
    expect(text).toContain(`cds_hook_request_duration_seconds_bucket{le="0.05",service="${PV}",hook="patient-view",status="200"} 1`);
    expect(text).toContain(`cds_hook_request_duration_seconds_count{service="${PV}",hook="patient-view",status="412"} 1`);
    expect(text).toContain(`cds_cards_total{service="${PV}",advice_code="SERIAL_IMAGING",indicator="warning"} 1`);
    expect(text).toContain('cds_fhir_fetch_total{outcome="ok"} 1');
    expect(text).toContain('cds_fhir_fetch_total{outcome="timeout"} 1');
    expect(text).toContain('cds_fhir_fetch_duration_seconds_count{outcome="timeout"} 1');
    expect(text).toContain('cds_http_errors_total{status="400",reason="ERR_INVALID_REQUEST"} 1');
    expect(text).toContain('cds_http_errors_total{status="404",reason="ERR_UNKNOWN_SERVICE"} 1');
    expect(text).toContain(`cds_feedback_total{service="${PV}",outcome="overridden"} 1`);
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    store.close();
  });

  test('each app has its own registry: two apps in one process do not share or clash', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.metrics.card(PV, 'ANTICOAGULATE', 'warning');
    expect(await a.registry.metrics()).toContain('cds_cards_total{service="distal-dvt-patient-view",advice_code="ANTICOAGULATE",indicator="warning"} 1');
    expect(await b.registry.metrics()).not.toContain('advice_code="ANTICOAGULATE"');
  });
});
