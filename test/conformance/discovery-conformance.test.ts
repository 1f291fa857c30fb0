/**
 * Discovery as the sandbox and Inferno call it (CONFORMANCE §6.1, §7): GET with `Accept: application/json`,
 * with and without a trailing slash, HEAD, and the same document behind `CDS_DISCOVERY_AUTH=required`.
 */
import { createClientAuth } from '../../src/http/auth';
import { createLogger } from '../../src/observability/logger';
import { makeKey, mint, type TestKey } from '../security/support/tokens';
import { discoveryProblems } from './cds-response-validator';
import { call, startService, type RunningService } from './harness';

const NOW = new Date('2025-03-03T15:00:00Z');
const ISS = 'https://sandbox.cds-hooks.org';
const PUBLIC_BASE = 'https://cds.conformance.test';

let open: RunningService;
let secured: RunningService;
let key: TestKey;

beforeAll(async () => {
  open = await startService();
  key = await makeKey('ES384');
  const logger = createLogger({ logLevel: 'silent' });
  secured = await startService(
    { auth: 'required', discoveryAuth: true, publicBaseUrl: PUBLIC_BASE },
    {
      clock: () => NOW,
      authenticate: createClientAuth({
        config: { publicBaseUrl: PUBLIC_BASE },
        trustedClients: [{ iss: ISS, jwks: { keys: [key.publicJwk] } }],
        fetch: () => Promise.reject(new Error('no jku fetch expected')),
        clock: () => NOW,
        logger,
      }),
    },
  );
});

afterAll(async () => {
  await open.close();
  await secured.close();
});

const accept = { Accept: 'application/json' };
const token = (aud: string): Promise<string> => mint({ key, iss: ISS, aud, now: NOW });

describe('open discovery', () => {
  test('GET /cds-services answers 200 JSON with the four services, each with hook/title/description/id', async () => {
    const res = await call(`${open.baseUrl}/cds-services`, { headers: accept });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(discoveryProblems(res.body)).toEqual([]);
    const services = (res.body as { services: { id: string; hook: string }[] }).services;
    expect(services.map((s) => `${s.id} ${s.hook}`).sort()).toEqual([
      'distal-dvt-encounter-discharge encounter-discharge',
      'distal-dvt-order-select order-select',
      'distal-dvt-order-sign order-sign',
      'distal-dvt-patient-view patient-view',
    ]);
  });

  test('every prefetch template asks only for context.patientId-style 2.0 tokens and is a relative FHIR query', async () => {
    const res = await call(`${open.baseUrl}/cds-services`, { headers: accept });
    const services = (res.body as { services: { prefetch?: Record<string, string> }[] }).services;
    for (const s of services) {
      expect(Object.keys(s.prefetch ?? {}).length).toBeGreaterThan(0);
      for (const template of Object.values(s.prefetch ?? {})) expect(template).toMatch(/^[A-Z][A-Za-z]+[/?]/);
    }
  });

  test('GET /cds-services/ (trailing slash, as a user may type it into the sandbox) answers the same document', async () => {
    const plain = await call(`${open.baseUrl}/cds-services`, { headers: accept });
    const slash = await call(`${open.baseUrl}/cds-services/`, { headers: accept });
    expect(slash.status).toBe(200);
    expect(slash.body).toEqual(plain.body);
  });

  test('HEAD /cds-services and /cds-services/ answer 200 with the JSON type and no body', async () => {
    for (const path of ['/cds-services', '/cds-services/']) {
      const res = await call(`${open.baseUrl}${path}`, { method: 'HEAD' });
      expect({ path, status: res.status, text: res.text }).toEqual({ path, status: 200, text: '' });
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    }
  });

  test('every discovered service id is invocable at {base}/cds-services/{id} (400 for an empty call, not 404)', async () => {
    const res = await call(`${open.baseUrl}/cds-services`, { headers: accept });
    for (const s of (res.body as { services: { id: string }[] }).services) {
      const post = await call(`${open.baseUrl}/cds-services/${s.id}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      expect({ id: s.id, status: post.status }).toEqual({ id: s.id, status: 400 });
    }
  });

  test('a method other than GET/HEAD/OPTIONS on discovery is 405 with an Allow header and an OperationOutcome', async () => {
    const res = await call(`${open.baseUrl}/cds-services`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(405);
    expect(res.headers['allow']).toMatch(/GET/);
    expect((res.body as { resourceType?: string }).resourceType).toBe('OperationOutcome');
  });
});

describe('CDS_DISCOVERY_AUTH=required', () => {
  test('without a token: 401, WWW-Authenticate: Bearer, no services leaked', async () => {
    const res = await call(`${secured.baseUrl}/cds-services`, { headers: accept });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.text).not.toMatch(/services|distal-dvt-patient-view/);
  });

  test('HEAD without a token is refused too', async () => {
    const res = await call(`${secured.baseUrl}/cds-services`, { method: 'HEAD' });
    expect(res.status).toBe(401);
  });

  test('with the sandbox-style token (aud = discovery URL): the same document as open discovery', async () => {
    const res = await call(`${secured.baseUrl}/cds-services`, { headers: { ...accept, Authorization: `Bearer ${await token(`${PUBLIC_BASE}/cds-services`)}` } });
    const plain = await call(`${open.baseUrl}/cds-services`, { headers: accept });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(plain.body);
  });

  test('trailing slash in the URL and in aud (sandbox typed with a slash) still verifies', async () => {
    const res = await call(`${secured.baseUrl}/cds-services/`, { headers: { ...accept, Authorization: `Bearer ${await token(`${PUBLIC_BASE}/cds-services/`)}` } });
    expect(res.status).toBe(200);
    expect(discoveryProblems(res.body)).toEqual([]);
  });

  test('a token for a service URL does not open discovery', async () => {
    const res = await call(`${secured.baseUrl}/cds-services`, {
      headers: { ...accept, Authorization: `Bearer ${await token(`${PUBLIC_BASE}/cds-services/distal-dvt-patient-view`)}` },
    });
    expect(res.status).toBe(401);
  });

  test('a service call to …/cds-services//{id} with the sandbox\'s aud (double slash) verifies and answers', async () => {
    const aud = `${PUBLIC_BASE}/cds-services//distal-dvt-patient-view`;
    const body = {
      hook: 'patient-view',
      hookInstance: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d',
      context: { userId: 'Practitioner/example', patientId: 'example' },
      prefetch: { patient: { resourceType: 'Patient', id: 'example', gender: 'female', birthDate: '1960-05-01' }, conditions: null, observations: null, medicationRequests: null, serviceRequests: null, encounters: null, procedures: null, diagnosticReports: null },
    };
    const res = await call(`${secured.baseUrl}/cds-services//distal-dvt-patient-view`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await token(aud)}` },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ cards: [] });
  });

  test('the browser preflight needs no token', async () => {
    const res = await call(`${secured.baseUrl}/cds-services`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://sandbox.cds-hooks.org', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-headers']).toMatch(/Authorization/i);
  });
});
