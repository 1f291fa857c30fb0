/**
 * No SSRF, no leaks (issue 5 §4): an authenticated client cannot make the service call a FHIR origin that is not
 * allowed — globally (CDS_FHIR_SERVERS) or for that client (trusted-clients `fhirServers`) — nor follow a paging
 * link elsewhere; the FHIR bearer token travels only to its fhirServer; tokens and PHI never reach the logs.
 * Every FHIR host here is nock; any request to a host without an interceptor fails the fetch.
 */
import nock from 'nock';
import { isolateNetwork } from '../support/network';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { createClientAuth } from '../../src/http/auth';
import type { TrustedClient } from '../../src/http/auth';
import { makeKey, mint } from './support/tokens';
import type { TestKey } from './support/tokens';
import { captureLog } from './support/log-capture';
import { buildSecuredApp, BASE, SERVICE_PATH } from './support/secured-app';

const ALLOWED = 'https://fhir.allowed.example.org';
const OTHER_ALLOWED = 'https://fhir.other.example.org';
const EVIL = 'https://metadata.attacker.example.net';
const BROAD = 'https://broad-ehr.example.org';
const NARROW = 'https://narrow-ehr.example.org';
const FHIR_TOKEN = 'fhir-access-token-9f2c7d1e';
const PATIENT_NAME = 'Zebulon Quistgaard';

let key: TestKey;
const now = new Date('2025-03-03T15:00:00Z');
const clock = (): Date => now;

beforeAll(async () => {
  key = await makeKey('ES384', 'ssrf-1');
});

isolateNetwork();

function clients(): TrustedClient[] {
  return [
    { iss: BROAD, jwks: { keys: [key.publicJwk] } },
    { iss: NARROW, jwks: { keys: [key.publicJwk] }, fhirServers: [ALLOWED] },
  ];
}

interface SeenRequest {
  readonly origin: string;
  readonly path: string;
  readonly authorization: string | undefined;
}

/**
 * The app, with its outgoing fetch recorded (every attempt, before nock answers or refuses it): `seen` shows
 * each FHIR request the service tried to make, and which Authorization it carried.
 */
function setup(): { app: ReturnType<typeof buildSecuredApp>; log: ReturnType<typeof captureLog>; seen: SeenRequest[] } {
  const log = captureLog();
  const seen: SeenRequest[] = [];
  const recordingFetch: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const authorization = new Headers(init?.headers).get('authorization') ?? undefined;
    seen.push({ origin: url.origin, path: url.pathname + url.search, authorization });
    return globalThis.fetch(input, init);
  };
  const app = buildSecuredApp({
    authenticate: createClientAuth({ config: { publicBaseUrl: BASE }, trustedClients: clients(), fetch: globalThis.fetch, clock, logger: log.logger }),
    logger: log.logger,
    clock,
    config: { fhirServers: [ALLOWED, OTHER_ALLOWED], allowLoopbackFhir: false },
    deps: { fetch: recordingFetch },
  });
  return { app, log, seen };
}

/** A patient-view call with no prefetch at all: everything must come from `fhirServer`. */
function fetchingRequest(fhirServer: string): Record<string, unknown> {
  return {
    hook: 'patient-view',
    hookInstance: randomUUID(),
    fhirServer,
    fhirAuthorization: { access_token: FHIR_TOKEN, token_type: 'Bearer', expires_in: 300, scope: 'patient/*.read', subject: 'distal-dvt-cds' },
    context: { userId: 'Practitioner/example', patientId: 'p1' },
  };
}

/** A FHIR server that answers every read with the patient and every search with an empty Bundle. */
function fhirServer(origin: string, nextLink?: string): nock.Scope {
  return nock(origin)
    .persist()
    .get(/.*/)
    // nock 15 hands a fetch Request (not a path string) to the reply callback.
    .reply((request: unknown) => {
      const uri = typeof request === 'string' ? request : (request as Request).url;
      if (/\/Patient\/p1$/.test(uri.split('?')[0] ?? '')) {
        return [200, { resourceType: 'Patient', id: 'p1', gender: 'male', birthDate: '1970-01-01', name: [{ text: PATIENT_NAME }] }];
      }
      return [
        200,
        {
          resourceType: 'Bundle',
          type: 'searchset',
          ...(nextLink !== undefined && !uri.includes('page=2') ? { link: [{ relation: 'next', url: nextLink }] } : {}),
          entry: [],
        },
      ];
    });
}

const tokenFor = (iss: string): Promise<string> => mint({ key, iss, aud: `${BASE}${SERVICE_PATH}`, now });

test('a trusted client cannot make the service contact an origin outside CDS_FHIR_SERVERS', async () => {
  const { app, log, seen } = setup();
  const evil = fhirServer(EVIL);
  const res = await request(app).post(SERVICE_PATH).set('authorization', `Bearer ${await tokenFor(BROAD)}`).send(fetchingRequest(`${EVIL}/latest/meta-data`));
  expect(res.status).toBe(412);
  expect(res.body).toMatchObject({ resourceType: 'OperationOutcome' });
  expect(seen).toEqual([]);
  expect(evil.isDone()).toBe(false);
  expect(log.text()).not.toContain(FHIR_TOKEN);
});

test("a client's fhirServers narrowing is honoured: a globally allowed origin it does not list is never contacted", async () => {
  const { app, seen } = setup();
  fhirServer(OTHER_ALLOWED);
  const res = await request(app).post(SERVICE_PATH).set('authorization', `Bearer ${await tokenFor(NARROW)}`).send(fetchingRequest(`${OTHER_ALLOWED}/r4`));
  expect(res.status).toBe(412);
  expect(seen).toEqual([]);
});

test('the narrowed client may use its own origin; the broad client may use any configured origin', async () => {
  const { app, seen } = setup();
  fhirServer(ALLOWED);
  fhirServer(OTHER_ALLOWED);
  const narrow = await request(app).post(SERVICE_PATH).set('authorization', `Bearer ${await tokenFor(NARROW)}`).send(fetchingRequest(`${ALLOWED}/r4`));
  expect(narrow.status).toBe(200);
  expect(seen.some((s) => s.origin === ALLOWED)).toBe(true);
  const broad = await request(app).post(SERVICE_PATH).set('authorization', `Bearer ${await tokenFor(BROAD)}`).send(fetchingRequest(`${OTHER_ALLOWED}/r4`));
  expect(broad.status).toBe(200);
  expect(seen.some((s) => s.origin === OTHER_ALLOWED)).toBe(true);
  // The FHIR token went with every request, and only to the fhirServer of its own call.
  expect(seen.every((s) => s.authorization === `Bearer ${FHIR_TOKEN}`)).toBe(true);
});

test('a paging next link to another origin is not followed, so the FHIR token stays on its fhirServer', async () => {
  const { app, log, seen } = setup();
  fhirServer(ALLOWED, `${EVIL}/steal?page=2`);
  fhirServer(EVIL);
  fhirServer(OTHER_ALLOWED);
  const res = await request(app).post(SERVICE_PATH).set('authorization', `Bearer ${await tokenFor(BROAD)}`).send(fetchingRequest(`${ALLOWED}/r4`));
  expect(res.status).toBeLessThan(500);
  expect(seen.filter((s) => s.origin !== ALLOWED)).toEqual([]);

  // Same with a next link to an origin that is allowed, but is not this call's fhirServer.
  seen.length = 0;
  nock.cleanAll();
  fhirServer(ALLOWED, `${OTHER_ALLOWED}/r4/Condition?page=2`);
  fhirServer(OTHER_ALLOWED);
  await request(app).post(SERVICE_PATH).set('authorization', `Bearer ${await tokenFor(BROAD)}`).send(fetchingRequest(`${ALLOWED}/r4`));
  expect(seen.filter((s) => s.origin === OTHER_ALLOWED && s.authorization !== undefined)).toEqual([]);
  expect(log.text()).not.toContain(FHIR_TOKEN);
});

test('a rejected client never causes a FHIR request at all', async () => {
  const { app, seen } = setup();
  fhirServer(ALLOWED);
  const res = await request(app).post(SERVICE_PATH).set('authorization', 'Bearer nope').send(fetchingRequest(`${ALLOWED}/r4`));
  expect(res.status).toBe(401);
  expect(seen).toEqual([]);
});

test('logs of a full round trip hold no client JWT, no FHIR token and no patient data', async () => {
  const { app, log, seen } = setup();
  fhirServer(ALLOWED);
  const jwt = await tokenFor(NARROW);
  const res = await request(app).post(SERVICE_PATH).set('authorization', `Bearer ${jwt}`).send(fetchingRequest(`${ALLOWED}/r4`));
  expect(res.status).toBe(200);
  const text = log.text();
  expect(text).not.toContain(jwt);
  expect(text).not.toContain(jwt.split('.')[2]);
  expect(text).not.toContain(FHIR_TOKEN);
  expect(text).not.toContain(PATIENT_NAME);
  expect(text).not.toContain('1970-01-01');
  // A bad call too: its reason is logged, its token is not.
  const bad = `${jwt.slice(0, -4)}AAAA`;
  await request(app).post(SERVICE_PATH).set('authorization', `Bearer ${bad}`).send(fetchingRequest(`${ALLOWED}/r4`));
  expect(log.text()).not.toContain(bad.split('.')[2]);
  expect(log.records().some((r) => r.event === 'auth_failed')).toBe(true);
});
