import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { Knowledge } from '../../src/clinical/knowledge/types';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store';
import { buildOpsApp } from './ops-app';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'health-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /health and GET /ready', () => {
  test('/health is 200 {"status":"ok"} even when the service is not ready', async () => {
    const store = new SqliteFeedbackStore({ file: null });
    store.close();
    const res = await request(buildOpsApp({ feedbackStore: store })).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  test('/ready is 200 with knowledge loaded and a writable store on a real file', async () => {
    const store = new SqliteFeedbackStore({ file: join(dir, 'feedback.db') });
    const res = await request(buildOpsApp({ feedbackStore: store })).get('/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready' });
    store.close();
  });

  test('/ready is 503 OperationOutcome when the store file can only be read', async () => {
    const file = join(dir, 'feedback.db');
    new SqliteFeedbackStore({ file }).close();
    const readOnly = new SqliteFeedbackStore({ file, readonly: true });
    const res = await request(buildOpsApp({ feedbackStore: readOnly })).get('/ready');
    expect(res.status).toBe(503);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(res.body.issue[0].details.coding[0].code).toBe('ERR_NOT_READY');
    expect(res.body.issue[0].diagnostics).toContain('feedback store not writable');
    readOnly.close();
  });

  test('/ready is 503 once the store was closed', async () => {
    const store = new SqliteFeedbackStore({ file: join(dir, 'feedback.db') });
    const app = buildOpsApp({ feedbackStore: store });
    expect((await request(app).get('/ready')).status).toBe(200);
    store.close();
    expect((await request(app).get('/ready')).status).toBe(503);
  });

  test('/ready is 503 when knowledge is not loaded', async () => {
    const store = new SqliteFeedbackStore({ file: null });
    const res = await request(buildOpsApp({ feedbackStore: store, knowledge: null as unknown as Knowledge })).get('/ready');
    expect(res.status).toBe(503);
    expect(res.body.issue[0].diagnostics).toContain('knowledge not loaded');
    store.close();
  });

  test('/ready is 503 while shutting down, so the load balancer stops sending calls', async () => {
    const store = new SqliteFeedbackStore({ file: null });
    let shuttingDown = false;
    const app = buildOpsApp({ feedbackStore: store, health: { isShuttingDown: () => shuttingDown } });
    expect((await request(app).get('/ready')).status).toBe(200);
    shuttingDown = true;
    const res = await request(app).get('/ready');
    expect(res.status).toBe(503);
    expect(res.body.issue[0].diagnostics).toContain('shutting down');
    store.close();
  });
});
