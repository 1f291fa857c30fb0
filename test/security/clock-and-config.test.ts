/**
 * Start-up safety: CDS_CLOCK fixes the clinical "now" for replay but never decides whether a client token is still
 * valid; a NODE_ENV typo is refused rather than silently dropping the production defaults; an unusable feedback
 * database stops the start with one line naming CDS_FEEDBACK_DB.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app';
import { ConfigError, loadConfig, testConfig } from '../../src/config';
import { createDefaultDeps } from '../../src/default-deps';
import { describeStartupError } from '../../src/main';
import { createFeedbackStore } from '../../src/feedback/create-store';
import { HOOKS_DIR, testKnowledge } from '../http/helpers';
import { BASE, SERVICE_PATH, patientViewRequest } from './support/secured-app';
import { makeKey, mint } from './support/tokens';

describe('CDS_CLOCK and client tokens', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(path.join(tmpdir(), 'cds-clock-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a token issued now verifies although CDS_CLOCK replays 2025; a token that expired in real time does not', async () => {
    const key = await makeKey('ES384');
    const issuers = path.join(dir, 'trusted.json');
    writeFileSync(issuers, JSON.stringify([{ iss: 'https://ehr.test', jwks: { keys: [key.publicJwk] } }]));
    const config = testConfig({ auth: 'required', trustedIssuersFile: issuers, publicBaseUrl: BASE, clock: '2025-03-04T15:00:00Z', knowledgeDir: HOOKS_DIR });
    const app = createApp(config, createDefaultDeps(config, { logger: pino({ level: 'silent' }), knowledge: testKnowledge(), feedbackStore: null }));

    const fresh = await mint({ key, iss: 'https://ehr.test', aud: `${BASE}${SERVICE_PATH}`, now: new Date() });
    await request(app).post(SERVICE_PATH).set('Authorization', `Bearer ${fresh}`).send(patientViewRequest()).expect(200);

    // Valid at the replayed 2025 instant, long expired in real time.
    const replayed = await mint({ key, iss: 'https://ehr.test', aud: `${BASE}${SERVICE_PATH}`, now: new Date('2025-03-04T14:59:00Z') });
    await request(app).post(SERVICE_PATH).set('Authorization', `Bearer ${replayed}`).send(patientViewRequest()).expect(401);
  });
});

describe('start-up configuration', () => {
  it('refuses a NODE_ENV it does not know, naming the variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'prod' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'prod' })).toThrow(/NODE_ENV must be production, development or test/);
    expect(loadConfig({ NODE_ENV: 'development' }).nodeEnv).toBe('development');
  });

  it('an unusable CDS_FEEDBACK_DB stops the start with one line naming the variable, no stack trace', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cds-db-'));
    try {
      const notADir = path.join(dir, 'file');
      writeFileSync(notADir, 'x');
      let thrown: unknown;
      try {
        createFeedbackStore({ feedbackDb: path.join(notADir, 'feedback.db') });
      } catch (err) {
        thrown = err;
      }
      const lines = describeStartupError(thrown);
      expect(lines).not.toBeNull();
      expect(lines).toHaveLength(1);
      expect(lines?.[0]).toMatch(/^CDS_FEEDBACK_DB: cannot open feedback database .*feedback\.db/);
      expect(lines?.[0]).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('token encoding', () => {
  it('a signed token re-encoded with the base64 alphabet (/ for _) is rejected: only canonical base64url verifies', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cds-b64-'));
    try {
      const key = await makeKey('ES384');
      const issuers = path.join(dir, 'trusted.json');
      writeFileSync(issuers, JSON.stringify([{ iss: 'https://ehr.test', jwks: { keys: [key.publicJwk] } }]));
      const config = testConfig({ auth: 'required', trustedIssuersFile: issuers, publicBaseUrl: BASE, knowledgeDir: HOOKS_DIR });
      const app = createApp(config, createDefaultDeps(config, { logger: pino({ level: 'silent' }), knowledge: testKnowledge(), feedbackStore: null }));
      // Mint until the signature holds a '_' or '-' (almost always on the first try), then swap the alphabet.
      let token = '';
      for (let i = 0; i < 50 && !/[_-]/.test(token.split('.')[2] ?? ''); i++) {
        token = await mint({ key, iss: 'https://ehr.test', aud: `${BASE}${SERVICE_PATH}`, now: new Date() });
      }
      const [h, p, sig] = token.split('.');
      const reencoded = `${h}.${p}.${(sig ?? '').replace(/_/g, '/').replace(/-/g, '+')}`;
      expect(reencoded).not.toBe(token);
      await request(app).post(SERVICE_PATH).set('Authorization', `Bearer ${reencoded}`).send(patientViewRequest()).expect(401);
      await request(app).post(SERVICE_PATH).set('Authorization', `Bearer ${token}`).send(patientViewRequest()).expect(200);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
