import request from 'supertest';
import type { RequestHandler } from 'express';
import { CdsError } from '../../src/errors';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store';
import { createMetrics } from '../../src/observability/metrics';
import { buildOpsApp } from '../ops/ops-app';
import { captureLogs } from '../http/helpers';
import { EXPECTED_ALL_TIME, FEEDBACK, ISSUED, PV } from './fixtures';

const ADMIN_TOKEN = 'admin-secret-for-tests';
const URL = `/cds-services/${PV}/feedback`;

function setup() {
  const store = new SqliteFeedbackStore({ file: null });
  const { metrics, registry } = createMetrics();
  const app = buildOpsApp({ feedbackStore: store, metrics, registry, config: { adminToken: ADMIN_TOKEN } });
  return { store, app, registry };
}

function issueId(body: { issue?: { expression?: string[]; details?: { coding?: { code?: string }[] } }[] }) {
  const issue = body.issue?.[0];
  return { code: issue?.details?.coding?.[0]?.code, field: issue?.expression?.[0] };
}

describe('POST /cds-services/:id/feedback', () => {
  test.each([
    ['the spec example for accepted', {
      card: '4e0a3a1e-3283-4575-ab82-028d55fe2719', outcome: 'accepted',
      acceptedSuggestions: [{ id: 'e56e1945-20b3-4393-8503-a1a20fd73152' }], outcomeTimestamp: '2021-12-11T10:05:31Z',
    }],
    ['the spec example for overridden (reason Coding + comment)', {
      card: '9368d37b-283f-44a0-93ea-547cebab93ed', outcome: 'overridden',
      overrideReason: { reason: { code: 'd7ecf885', system: 'https://example.com/cds-hooks/override-reason-system' }, userComment: 'A comment entered by the clinician.' },
      outcomeTimestamp: '2020-12-11T00:00:00Z',
    }],
    ['the sandbox dismiss: reason with only a code, ms timestamp', {
      card: 'c1', outcome: 'overridden', overrideReason: { reason: { code: 'already-treated' } }, outcomeTimestamp: '2025-03-03T15:00:00.123Z',
    }],
    ['the sandbox dismiss without any reason', { card: 'c2', outcome: 'overridden', outcomeTimestamp: '2025-03-03T15:00:00.123Z' }],
    ['a comment without a reason, and unknown extra fields', {
      card: 'c3', outcome: 'overridden', overrideReason: { userComment: 'seen by vascular' }, outcomeTimestamp: '2025-03-03T15:00:00+01:00', extension: { x: 1 },
    }],
  ])('accepts %s: 200 with {} and the item is stored', async (_name, item) => {
    const { app, store } = setup();
    const res = await request(app).post(URL).send({ feedback: [item] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    expect(res.headers['content-type']).toMatch(/application\/json/);
    // Stored (and, since no such card was issued, counted as feedback on an unknown card).
    expect(store.summary({}).unknownCardFeedback).toBe(1);
  });

  test.each([
    ['accepted without acceptedSuggestions', { card: 'c', outcome: 'accepted', outcomeTimestamp: '2025-03-03T15:00:00Z' }, 'feedback[0].acceptedSuggestions'],
    ['an unknown outcome', { card: 'c', outcome: 'ignored', outcomeTimestamp: '2025-03-03T15:00:00Z' }, 'feedback[0].outcome'],
    ['no card', { outcome: 'overridden', outcomeTimestamp: '2025-03-03T15:00:00Z' }, 'feedback[0].card'],
    ['a card that is not a string', { card: 42, outcome: 'overridden', outcomeTimestamp: '2025-03-03T15:00:00Z' }, 'feedback[0].card'],
    ['no outcomeTimestamp', { card: 'c', outcome: 'overridden' }, 'feedback[0].outcomeTimestamp'],
    ['a timestamp without a time zone', { card: 'c', outcome: 'overridden', outcomeTimestamp: '2025-03-03T15:00:00' }, 'feedback[0].outcomeTimestamp'],
    ['a leap second no clock can hold', { card: 'c', outcome: 'overridden', outcomeTimestamp: '2016-12-31T23:59:60Z' }, 'feedback[0].outcomeTimestamp'],
    ['a suggestion without id', { card: 'c', outcome: 'accepted', acceptedSuggestions: [{}], outcomeTimestamp: '2025-03-03T15:00:00Z' }, 'feedback[0].acceptedSuggestions[0].id'],
    ['a reason without code', { card: 'c', outcome: 'overridden', overrideReason: { reason: { system: 'x' } }, outcomeTimestamp: '2025-03-03T15:00:00Z' }, 'feedback[0].overrideReason.reason.code'],
  ])('rejects %s with 400 naming the field', async (_name, item, field) => {
    const { app, store } = setup();
    const ok = { card: 'fine', outcome: 'overridden', outcomeTimestamp: '2025-03-03T15:00:00Z' };
    const res = await request(app).post(URL).send({ feedback: [item, ok] });
    expect(res.status).toBe(400);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(issueId(res.body)).toEqual({ code: 'ERR_INVALID_REQUEST', field });
    expect(res.body.issue[0].diagnostics).toContain(field);
    // Nothing of a rejected call is stored, not even its valid items.
    expect(store.summary({}).unknownCardFeedback).toBe(0);
  });

  test.each([
    ['no feedback array', { cards: [] }, 'feedback'],
    ['feedback that is not an array', { feedback: { card: 'c' } }, 'feedback'],
  ])('rejects a body with %s', async (_name, body, field) => {
    const { app } = setup();
    const res = await request(app).post(URL).send(body);
    expect(res.status).toBe(400);
    expect(issueId(res.body).field).toBe(field);
  });

  test('a body that is not JSON is 400 ERR_INVALID_JSON, a non-JSON content type 415', async () => {
    const { app } = setup();
    const bad = await request(app).post(URL).set('Content-Type', 'application/json').send('{"feedback": [');
    expect(bad.status).toBe(400);
    expect(issueId(bad.body).code).toBe('ERR_INVALID_JSON');
    const text = await request(app).post(URL).set('Content-Type', 'text/plain').send('feedback');
    expect(text.status).toBe(415);
  });

  test('an unknown service id is 404 OperationOutcome and nothing is stored', async () => {
    const { app, store } = setup();
    const res = await request(app).post('/cds-services/no-such-service/feedback')
      .send({ feedback: [{ card: 'c', outcome: 'overridden', outcomeTimestamp: '2025-03-03T15:00:00Z' }] });
    expect(res.status).toBe(404);
    expect(issueId(res.body).code).toBe('ERR_UNKNOWN_SERVICE');
    expect(store.summary({}).unknownCardFeedback).toBe(0);
  });

  test('the same feedback sent twice is stored and counted once (store and metrics)', async () => {
    const { app, store, registry } = setup();
    store.recordIssued(ISSUED);
    const body = { feedback: [{ card: 'card-si-1', outcome: 'accepted', acceptedSuggestions: [{ id: 'sug-si-1-us' }], outcomeTimestamp: '2025-03-02T00:00:00Z' }] };
    expect((await request(app).post(URL).send(body)).status).toBe(200);
    expect((await request(app).post(URL).send(body)).status).toBe(200);
    const row = store.summary({}).rows.find((r) => r.adviceCode === 'SERIAL_IMAGING');
    expect(row).toEqual(expect.objectContaining({ accepted: 1, acceptedBySuggestion: { 'sug-si-1-us': 1 } }));
    const text = await registry.metrics();
    expect(text).toContain(`cds_feedback_total{service="${PV}",outcome="accepted"} 1`);
  });

  test('the known sequence sent over HTTP gives the expected summary at /admin/outcomes', async () => {
    const { app, store } = setup();
    store.recordIssued(ISSUED);
    for (const { serviceId, items } of FEEDBACK) {
      const res = await request(app).post(`/cds-services/${serviceId}/feedback`).send({ feedback: items });
      expect(res.status).toBe(200);
    }
    const summary = await request(app).get('/admin/outcomes').set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(summary.status).toBe(200);
    expect(summary.body).toEqual({ from: null, to: null, ...EXPECTED_ALL_TIME });

    const day2 = await request(app).get('/admin/outcomes?from=2025-03-05&to=2025-03-06T00:00:00Z').set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(day2.body).toEqual({
      from: '2025-03-05T00:00:00.000Z', to: '2025-03-06T00:00:00.000Z',
      rows: [expect.objectContaining({ adviceCode: 'SERIAL_IMAGING', issued: 1, noResponse: 1 })],
      unknownCardFeedback: 0,
    });
  });
});

describe('feedback and logs', () => {
  test('the clinician comment and the reason never reach the logs, on success or on a 400', async () => {
    const { logger, logs } = captureLogs();
    const store = new SqliteFeedbackStore({ file: null });
    const app = buildOpsApp({ feedbackStore: store, logger });
    const comment = 'Spoke with Dr Example about Jane Roe, bleeding risk too high';
    const item = { card: 'c1', outcome: 'overridden', overrideReason: { reason: { code: 'reason-xyz-123' }, userComment: comment }, outcomeTimestamp: '2025-03-03T15:00:00Z' };
    expect((await request(app).post(URL).set('Authorization', 'Bearer client-jwt-abc').send({ feedback: [item] })).status).toBe(200);
    expect((await request(app).post(URL).send({ feedback: [{ ...item, outcome: 'maybe' }] })).status).toBe(400);
    expect(logs.lines.filter((line) => line['msg'] === 'request completed')).toHaveLength(2);
    expect(logs.text()).not.toContain('Jane Roe');
    expect(logs.text()).not.toContain('reason-xyz-123');
    expect(logs.text()).not.toContain('client-jwt-abc');
    store.close();
  });
});

describe('feedback and client authentication', () => {
  test('when a client check is configured, feedback without a valid token is 401 and nothing is stored', async () => {
    const store = new SqliteFeedbackStore({ file: null });
    const seen: string[] = [];
    // Stands in for the JWT check: records the URL it was asked to verify (the JWT aud is the feedback URL).
    const authenticate: RequestHandler = (req, _res, next) => {
      seen.push(req.originalUrl);
      next(req.get('authorization') === 'Bearer valid' ? undefined : new CdsError('ERR_UNAUTHENTICATED', 'token required'));
    };
    const app = buildOpsApp({ feedbackStore: store, authenticate });
    const body = { feedback: [{ card: 'c1', outcome: 'overridden', outcomeTimestamp: '2025-03-03T15:00:00Z' }] };
    const denied = await request(app).post(URL).send(body);
    expect(denied.status).toBe(401);
    expect(store.summary({}).unknownCardFeedback).toBe(0);
    expect((await request(app).post(URL).set('Authorization', 'Bearer valid').send(body)).status).toBe(200);
    expect(store.summary({}).unknownCardFeedback).toBe(1);
    expect(seen).toEqual([URL, URL]);
    // Health, readiness and metrics are for the platform, not for CDS clients: no client token needed.
    expect((await request(app).get('/health')).status).toBe(200);
    store.close();
  });
});
