/**
 * The trusted-clients file (issue 5 §2): validated at start-up with every problem named by file and JSON pointer;
 * the shipped sandbox example loads and verifies a sandbox-shaped token; CDS_AUTH modes (issue 5 §3).
 */
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { isolateNetwork } from '../support/network';
import request from 'supertest';
import { ConfigError, testConfig } from '../../src/config';
import { buildAuthenticate, createClientAuth, loadTrustedClients, parseTrustedClients } from '../../src/http/auth';
import { makeKey, mint } from './support/tokens';
import type { TestKey } from './support/tokens';
import { captureLog } from './support/log-capture';
import { buildSecuredApp, patientViewRequest, BASE, SERVICE_PATH } from './support/secured-app';

const EXAMPLE = join(__dirname, '../../config/trusted-clients.sandbox.example.json');
const SANDBOX_ISS = 'https://sandbox.cds-hooks.org';
const SANDBOX_JKU = 'https://sandbox.cds-hooks.org/.well-known/jwks.json';
const SANDBOX_KID = '44823f3d-0b01-4a6c-a80e-b9d3e8a7226f';

let dir: string;
let es: TestKey;
const now = new Date('2025-03-03T15:00:00Z');
const clock = (): Date => now;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trusted-clients-'));
  es = await makeKey('ES384', 'k1');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

isolateNetwork();

function writeJson(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadTrustedClients', () => {
  test('a valid file loads, origins normalised', () => {
    const path = writeJson('ok.json', [
      { iss: 'https://ehr.example.org', jwks: { keys: [es.publicJwk] }, tenant: 't1', fhirServers: ['https://fhir.example.org/'] },
      { iss: 'https://other.example.org', jku: ['https://other.example.org/jwks.json'] },
    ]);
    const clients = loadTrustedClients(path);
    expect(clients).toHaveLength(2);
    expect(clients[0]).toMatchObject({ iss: 'https://ehr.example.org', tenant: 't1', fhirServers: ['https://fhir.example.org'] });
    expect(clients[1]?.jku).toEqual(['https://other.example.org/jwks.json']);
  });

  test('every problem is listed, each with the file and a JSON pointer', () => {
    const privateJwk = { ...es.publicJwk, d: 'c2VjcmV0' };
    const path = writeJson('bad.json', [
      { iss: 'https://a.example.org' },
      { iss: 'https://b.example.org', jku: ['http://keys.example.org/jwks.json'] },
      { iss: 'https://c.example.org', jwks: { keys: [privateJwk] } },
      { iss: 'https://c.example.org', jku: ['https://c.example.org/jwks.json'], fhirServers: ['https://fhir.example.org/r4'] },
      { iss: 'https://d.example.org', jkus: ['https://d.example.org/jwks.json'] },
    ]);
    // Shape errors (entries 0 and 4) are reported first, all of them.
    const shape = problemsOf(() => loadTrustedClients(path));
    expect(shape).toEqual(
      expect.arrayContaining([
        `${path}/0: needs "jwks" (pinned keys) or "jku" (allowed JWK Set URLs), or both`,
        `${path}/4: unknown property "jkus"`,
      ]),
    );
    // With the shape fixed, the semantic problems are all listed too.
    const path2 = writeJson('bad2.json', [
      { iss: 'https://b.example.org', jku: ['http://keys.example.org/jwks.json'] },
      { iss: 'https://c.example.org', jwks: { keys: [privateJwk] } },
      { iss: 'https://c.example.org', jku: ['https://c.example.org/jwks.json'], fhirServers: ['https://fhir.example.org/r4'] },
      { iss: 'https://e.example.org', jwks: { keys: [{ kty: 'EC', kid: 'broken', crv: 'P-384', x: 'AA', y: 'AA' }] } },
    ]);
    const problems = problemsOf(() => loadTrustedClients(path2));
    expect(problems).toEqual([
      `${path2}/0/jku/0: "http://keys.example.org/jwks.json" must be https`,
      `${path2}/1/jwks/keys/0: must be a public key (found private/symmetric member "d")`,
      `${path2}/2/iss: issuer "https://c.example.org" is listed twice`,
      `${path2}/2/fhirServers/0: "https://fhir.example.org/r4" is not an http(s) origin such as https://fhir.example.org`,
      `${path2}/3/jwks/keys/0: is not a valid public JWK`,
    ]);
  });

  test('a key without kid and a non-array file are reported', () => {
    expect(problemsOf(() => loadTrustedClients(writeJson('obj.json', { iss: 'x' })))[0]).toMatch(/obj\.json\/: must be array/);
    const nokid = { ...es.publicJwk };
    delete nokid.kid;
    expect(problemsOf(() => loadTrustedClients(writeJson('nokid.json', [{ iss: 'https://a', jwks: { keys: [nokid] } }])))).toEqual([
      `${join(dir, 'nokid.json')}/0/jwks/keys/0: must have required property 'kid'`,
    ]);
  });

  test('http jku on loopback only when allowed (development), never otherwise', () => {
    const path = writeJson('loop.json', [{ iss: 'https://dev', jku: ['http://127.0.0.1:8080/jwks.json', 'http://localhost/jwks.json'] }]);
    expect(loadTrustedClients(path, { allowLoopbackHttp: true })[0]?.jku).toHaveLength(2);
    expect(problemsOf(() => loadTrustedClients(path))).toHaveLength(2);
    const remote = writeJson('remote-http.json', [{ iss: 'https://dev', jku: ['http://10.0.0.5/jwks.json'] }]);
    expect(problemsOf(() => loadTrustedClients(remote, { allowLoopbackHttp: true }))).toEqual([
      `${remote}/0/jku/0: "http://10.0.0.5/jwks.json" must be https (http only for loopback hosts)`,
    ]);
  });

  test('unreadable or non-JSON files name the file', () => {
    expect(problemsOf(() => loadTrustedClients(join(dir, 'missing.json')))[0]).toContain('missing.json: cannot be read (ENOENT)');
    expect(problemsOf(() => loadTrustedClients(writeJson('text.json', '{ not json')))[0]).toContain('text.json: is not valid JSON');
  });
});

describe('the shipped sandbox example', () => {
  test('loads as is: issuer, jku and the published key pinned', () => {
    const [sandbox] = loadTrustedClients(EXAMPLE);
    expect(sandbox).toMatchObject({ iss: SANDBOX_ISS, jku: [SANDBOX_JKU] });
    expect(sandbox?.jwks?.keys[0]).toMatchObject({ kid: SANDBOX_KID, kty: 'EC', crv: 'P-384', alg: 'ES384' });
  });

  test('verifies a sandbox-shaped token (generated P-384 key in place of the sandbox key) with no fetch of the jku', async () => {
    const key = await makeKey('ES384', SANDBOX_KID);
    const loaded = loadTrustedClients(EXAMPLE);
    const substituted = loaded.map((c) => ({ ...c, jwks: { keys: [key.publicJwk] } }));
    const log = captureLog();
    const app = buildSecuredApp({
      authenticate: createClientAuth({ config: { publicBaseUrl: BASE }, trustedClients: substituted, fetch: globalThis.fetch, clock, logger: log.logger }),
      logger: log.logger,
      clock,
    });
    const jkuScope = nock('https://sandbox.cds-hooks.org').get('/.well-known/jwks.json').reply(200, { keys: [key.publicJwk] });
    // Exactly the sandbox's shape: ES384, its kid, its jku, iss, aud = service URL, exp = iat + 300, uuid jti.
    const t = await mint({ key, iss: SANDBOX_ISS, aud: `${BASE}${SERVICE_PATH}`, now, jku: SANDBOX_JKU, lifetime: 300 });
    const res = await request(app).post(SERVICE_PATH).set('authorization', `Bearer ${t}`).send(patientViewRequest());
    expect(res.status).toBe(200);
    expect(jkuScope.isDone()).toBe(false);

    // Against the real pinned sandbox key, our signature fails — the pinned key (not a fetch) decided.
    const real = buildSecuredApp({
      authenticate: createClientAuth({ config: { publicBaseUrl: BASE }, trustedClients: loaded, fetch: globalThis.fetch, clock, logger: log.logger }),
      logger: log.logger,
      clock,
    });
    const t2 = await mint({ key, iss: SANDBOX_ISS, aud: `${BASE}${SERVICE_PATH}`, now, jku: SANDBOX_JKU });
    const rejected = await request(real).post(SERVICE_PATH).set('authorization', `Bearer ${t2}`).send(patientViewRequest());
    expect(rejected.status).toBe(401);
    expect(log.records().find((r) => r.event === 'auth_failed')).toMatchObject({ reason: 'bad_signature', iss: SANDBOX_ISS, kid: SANDBOX_KID });
    expect(jkuScope.isDone()).toBe(false);
    nock.cleanAll();
  });
});

describe('buildAuthenticate (CDS_AUTH modes)', () => {
  test('off → null, with a clear warning in the log', () => {
    const log = captureLog();
    const auth = buildAuthenticate(testConfig({ auth: 'off' }), { fetch: globalThis.fetch, clock, logger: log.logger });
    expect(auth).toBeNull();
    const warning = log.records().find((r) => r.event === 'auth_off');
    expect(warning).toMatchObject({ level: 40 });
    expect(String(warning?.msg)).toMatch(/CDS_AUTH=off/);
  });

  test('required with the example file → a middleware that accepts the sandbox and nobody else', async () => {
    const log = captureLog();
    const config = testConfig({ auth: 'required', trustedIssuersFile: EXAMPLE, publicBaseUrl: BASE });
    const auth = buildAuthenticate(config, { fetch: globalThis.fetch, clock, logger: log.logger });
    expect(auth).not.toBeNull();
    const app = buildSecuredApp({ authenticate: auth, logger: log.logger, clock });
    const t = await mint({ key: es, iss: 'https://ehr.example.org', aud: `${BASE}${SERVICE_PATH}`, now });
    const res = await request(app).post(SERVICE_PATH).set('authorization', `Bearer ${t}`).send(patientViewRequest());
    expect(res.status).toBe(401);
    expect(log.records().find((r) => r.event === 'auth_failed')).toMatchObject({ reason: 'untrusted_iss' });
  });

  test('required with a broken file stops start-up (ConfigError naming the file)', () => {
    const path = writeJson('startup.json', [{ iss: 'https://a.example.org' }]);
    const config = testConfig({ auth: 'required', trustedIssuersFile: path });
    expect(problemsOf(() => buildAuthenticate(config, { fetch: globalThis.fetch, clock, logger: captureLog().logger }))[0]).toContain(path);
  });

  test('required with no trusted clients fails closed and says so', async () => {
    const log = captureLog();
    const auth = buildAuthenticate(testConfig({ auth: 'required', trustedIssuersFile: null, publicBaseUrl: BASE }), {
      fetch: globalThis.fetch,
      clock,
      logger: log.logger,
    });
    expect(log.records().some((r) => r.event === 'auth_no_clients')).toBe(true);
    const app = buildSecuredApp({ authenticate: auth, logger: log.logger, clock });
    const res = await request(app).post(SERVICE_PATH).send(patientViewRequest());
    expect(res.status).toBe(401);
  });

  test('parseTrustedClients accepts already-parsed JSON', () => {
    expect(parseTrustedClients([{ iss: 'https://x', jku: ['https://x/jwks'] }], 'inline')).toHaveLength(1);
  });
});
