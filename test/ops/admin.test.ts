import request from 'supertest';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store';
import { buildOpsApp } from './ops-app';
import { ISSUED } from '../feedback/fixtures';

const TOKEN = 'a-long-admin-token-0123456789';

function appWith(adminToken: string | null) {
  const store = new SqliteFeedbackStore({ file: null });
  store.recordIssued(ISSUED);
  return buildOpsApp({ feedbackStore: store, config: { adminToken } });
}

describe('GET /admin/outcomes', () => {
  test('is absent (404) when CDS_ADMIN_TOKEN is not configured, whatever is presented', async () => {
    const app = appWith(null);
    expect((await request(app).get('/admin/outcomes')).status).toBe(404);
    expect((await request(app).get('/admin/outcomes').set('Authorization', `Bearer ${TOKEN}`)).status).toBe(404);
  });

  test('without a token: 401 with WWW-Authenticate and no detail', async () => {
    const res = await request(appWith(TOKEN)).get('/admin/outcomes');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(JSON.stringify(res.body)).not.toContain('rows');
  });

  test.each([
    ['a wrong token', `Bearer wrong-token`],
    ['a token that only shares a prefix', `Bearer ${TOKEN.slice(0, -1)}`],
    ['the right token plus more', `Bearer ${TOKEN}x`],
  ])('with %s: 403 and no data', async (_name, header) => {
    const res = await request(appWith(TOKEN)).get('/admin/outcomes').set('Authorization', header);
    expect(res.status).toBe(403);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(res.body.rows).toBeUndefined();
  });

  test('a non-Bearer scheme is 401', async () => {
    const res = await request(appWith(TOKEN)).get('/admin/outcomes').set('Authorization', `Basic ${TOKEN}`);
    expect(res.status).toBe(401);
  });

  test('the right token: 200 JSON summary, not cached', async () => {
    const res = await request(appWith(TOKEN)).get('/admin/outcomes').set('Authorization', `bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.rows.map((r: { issued: number }) => r.issued)).toEqual([1, 2, 5]);
    expect(res.body.unknownCardFeedback).toBe(0);
  });

  test('a malformed range bound is 400 naming the parameter', async () => {
    const res = await request(appWith(TOKEN)).get('/admin/outcomes?from=last-week').set('Authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(400);
    expect(res.body.issue[0].expression).toEqual(['from']);
  });
});
