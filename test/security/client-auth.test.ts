/**
 * Client JWT authentication over real HTTP (issue 5 §1, CONFORMANCE §3.10): keys generated here, the JWK Set
 * URLs served by nock, every rejection a 401 with `WWW-Authenticate: Bearer`, the same body whatever the reason,
 * and the reason in the log — never the token.
 */
import nock from 'nock';
import { isolateNetwork } from '../support/network';
import request from 'supertest';
import type { Express } from 'express';
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { createClientAuth } from '../../src/http/auth';
import type { TrustedClient } from '../../src/http/auth';
import { b64url, decodeSegment, makeKey, mint } from './support/tokens';
import type { MintOptions, TestKey } from './support/tokens';
import { captureLog } from './support/log-capture';
import type { CapturedLog } from './support/log-capture';
import { buildSecuredApp, patientViewRequest, feedbackRequest, BASE, SERVICE_PATH } from './support/secured-app';

const SERVICE_URL = `${BASE}${SERVICE_PATH}`;
const FEEDBACK_URL = `${SERVICE_URL}/feedback`;
const DISCOVERY_URL = `${BASE}/cds-services`;

const EHR = 'https://ehr.example.org';
const RSA_EHR = 'https://rsa-ehr.example.org';
const ROTATING = 'https://rotating.example.org';
const ROTATING_JKU_HOST = 'https://keys.rotating.example.org';
const ROTATING_JKU = `${ROTATING_JKU_HOST}/jwks.json`;
const BOTH = 'https://pinned-and-jku.example.org';
const BOTH_JKU_HOST = 'https://keys.pinned-and-jku.example.org';
const BOTH_JKU = `${BOTH_JKU_HOST}/.well-known/jwks.json`;
const TENANTED = 'https://tenanted.example.org';
const EVIL_JKU_HOST = 'https://attacker.example.net';

let es: TestKey;
let rs: TestKey;
let other: TestKey;
let rotA: TestKey;
let rotB: TestKey;
let rotC: TestKey;
let both: TestKey;
let now: Date;
const clock = (): Date => now;
const minted: string[] = [];

async function token(options: Partial<MintOptions> & { key?: TestKey }): Promise<string> {
  const t = await mint({ key: options.key ?? es, iss: EHR, aud: SERVICE_URL, now, ...options } as MintOptions);
  minted.push(t);
  return t;
}

beforeAll(async () => {
  [es, rs, other, rotA, rotB, rotC, both] = await Promise.all([
    makeKey('ES384', 'es-1'),
    makeKey('RS384', 'rs-1'),
    makeKey('ES384', 'es-1'), // same kid as `es`, different key: a forger's
    makeKey('ES384', 'rot-a'),
    makeKey('RS384', 'rot-b'),
    makeKey('ES384', 'rot-c'),
    makeKey('ES384', 'both-1'),
  ]);
});

isolateNetwork();

function clients(): TrustedClient[] {
  return [
    { iss: EHR, jwks: { keys: [es.publicJwk] } },
    { iss: RSA_EHR, jwks: { keys: [rs.publicJwk] } },
    { iss: ROTATING, jku: [ROTATING_JKU] },
    { iss: BOTH, jwks: { keys: [both.publicJwk] }, jku: [BOTH_JKU] },
    { iss: TENANTED, jwks: { keys: [es.publicJwk] }, tenant: 'hospital-a' },
  ];
}

// One log for the whole file, so the last test can check that no token minted anywhere above reached it.
const log: CapturedLog = captureLog();
let mark = 0;
let app: Express;

beforeEach(() => {
  now = new Date('2025-03-03T15:00:00Z');
  mark = log.records().length;
  app = buildSecuredApp({
    authenticate: createClientAuth({
      config: { publicBaseUrl: BASE },
      trustedClients: clients(),
      fetch: globalThis.fetch,
      clock,
      logger: log.logger,
    }),
    logger: log.logger,
    clock,
  });
});

const invoke = (authorization?: string): request.Test => {
  const req = request(app).post(SERVICE_PATH).set('content-type', 'application/json');
  if (authorization !== undefined) req.set('authorization', authorization);
  return req.send(patientViewRequest());
};
const bearer = (t: string): string => `Bearer ${t}`;

/** The reason codes the auth middleware logged, in order. */
const reasons = (): unknown[] => log.records().slice(mark).filter((r) => r.event === 'auth_failed').map((r) => r.reason);

/** Every string value in a JSON body (what a caller could read), not the property names. */
function stringValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringValues);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringValues);
  return [];
}

async function expectUnauthorized(res: request.Response, reason: string): Promise<void> {
  expect(res.status).toBe(401);
  expect(res.headers['www-authenticate']).toBe('Bearer');
  expect(res.body).toMatchObject({ resourceType: 'OperationOutcome' });
  // No detail: the body never names the reason, the claim or the key.
  const said = stringValues(res.body).join(' ').toLowerCase();
  for (const word of ['expired', 'kid', 'signature', 'aud', 'jti', 'iss', 'tenant', 'jku', 'alg', 'key', reason]) {
    expect(said).not.toMatch(new RegExp(`\\b${word}\\b`));
  }
  expect(reasons()).toContain(reason);
}

describe('accepted tokens', () => {
  test('an ES384 token from a pinned key → 200', async () => {
    const res = await invoke(bearer(await token({})));
    expect(res.status).toBe(200);
    expect(res.body).toHaveProperty('cards');
  });

  test('an RS384 token from a pinned key → 200', async () => {
    const res = await invoke(bearer(await token({ key: rs, iss: RSA_EHR })));
    expect(res.status).toBe(200);
  });

  test('aud as an array containing the service URL → 200', async () => {
    const res = await invoke(bearer(await token({ aud: ['https://elsewhere.example.org', SERVICE_URL] })));
    expect(res.status).toBe(200);
  });

  test('the sandbox double-slash audience …/cds-services//id is accepted', async () => {
    const res = await invoke(bearer(await token({ aud: `${BASE}/cds-services//distal-dvt-patient-view` })));
    expect(res.status).toBe(200);
  });

  test('a token expired less than the clock skew ago is still accepted', async () => {
    const res = await invoke(bearer(await token({ iatOffset: -330, lifetime: 300 })));
    expect(res.status).toBe(200);
  });

  test('the "bearer" scheme is case-insensitive', async () => {
    const res = await invoke(`bearer ${await token({})}`);
    expect(res.status).toBe(200);
  });

  test('the matching tenant is accepted', async () => {
    const res = await invoke(bearer(await token({ iss: TENANTED, extra: { tenant: 'hospital-a' } })));
    expect(res.status).toBe(200);
  });
});

describe('rejected tokens → 401, WWW-Authenticate: Bearer, no detail, reason logged', () => {
  test('no token', async () => {
    await expectUnauthorized(await invoke(), 'missing_token');
  });

  test('not a Bearer header', async () => {
    await expectUnauthorized(await invoke('Basic dXNlcjpwYXNz'), 'malformed_authorization');
  });

  test('the body is read only after the token verified: broken JSON without a token is 401, not 400', async () => {
    const res = await request(app).post(SERVICE_PATH).set('content-type', 'application/json').send('{"hook": ');
    await expectUnauthorized(res, 'missing_token');
    const feedback = await request(app).post(`${SERVICE_PATH}/feedback`).set('content-type', 'application/json').send('{"feedback": ');
    expect(feedback.status).toBe(401);
  });

  test('garbage instead of a JWT', async () => {
    await expectUnauthorized(await invoke('Bearer not.a.jwt'), 'malformed_token');
  });

  test('expired beyond the skew', async () => {
    await expectUnauthorized(await invoke(bearer(await token({ iatOffset: -400, lifetime: 300 }))), 'expired');
  });

  test('issued in the future beyond the skew', async () => {
    await expectUnauthorized(await invoke(bearer(await token({ iatOffset: 120 }))), 'iat_in_future');
  });

  test('nbf in the future', async () => {
    const nbf = Math.floor(now.getTime() / 1000) + 200;
    await expectUnauthorized(await invoke(bearer(await token({ extra: { nbf } }))), 'not_yet_valid');
  });

  test('forged signature (another key under the pinned kid)', async () => {
    await expectUnauthorized(await invoke(bearer(await token({ key: other }))), 'bad_signature');
  });

  test('payload altered after signing', async () => {
    const [h, p, s] = (await token({ iss: TENANTED, extra: { tenant: 'hospital-a' } })).split('.') as [string, string, string];
    const altered = `${h}.${b64url({ ...decodeSegment(p), tenant: 'hospital-a', exp: Number(decodeSegment(p).exp) + 1 })}.${s}`;
    await expectUnauthorized(await invoke(bearer(altered)), 'bad_signature');
  });

  test('alg none', async () => {
    const nowS = Math.floor(now.getTime() / 1000);
    const unsigned = `${b64url({ alg: 'none', typ: 'JWT', kid: es.kid })}.${b64url({ iss: EHR, aud: SERVICE_URL, iat: nowS, exp: nowS + 300, jti: randomUUID() })}.`;
    await expectUnauthorized(await invoke(bearer(unsigned)), 'alg_not_allowed');
  });

  test('HS256 signed with the public key bytes (algorithm confusion)', async () => {
    const { createPublicKey } = await import('node:crypto');
    const pem = createPublicKey({ key: es.publicJwk as import('node:crypto').JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const nowS = Math.floor(now.getTime() / 1000);
    for (const secret of [Buffer.from(pem), Buffer.from(JSON.stringify(es.publicJwk))]) {
      const hs = await new SignJWT({ iss: EHR, aud: SERVICE_URL, iat: nowS, exp: nowS + 300, jti: randomUUID() })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: es.kid })
        .sign(secret);
      minted.push(hs);
      await expectUnauthorized(await invoke(bearer(hs)), 'alg_not_allowed');
    }
  });

  test('unknown kid (client with pinned keys only: nothing to fetch)', async () => {
    const stranger = await makeKey('ES384', 'never-pinned');
    await expectUnauthorized(await invoke(bearer(await token({ key: stranger }))), 'unknown_kid');
  });

  test('missing kid', async () => {
    const t = await new SignJWT({ iss: EHR, aud: SERVICE_URL, iat: Math.floor(now.getTime() / 1000), exp: Math.floor(now.getTime() / 1000) + 60, jti: 'x' })
      .setProtectedHeader({ alg: 'ES384', typ: 'JWT' })
      .sign(es.privateKey);
    await expectUnauthorized(await invoke(bearer(t)), 'missing_kid');
  });

  test('typ other than JWT', async () => {
    await expectUnauthorized(await invoke(bearer(await token({ header: { typ: 'at+jwt' } }))), 'typ_not_jwt');
  });

  test.each([
    ['the discovery URL', DISCOVERY_URL],
    ['another service', 'https://other-cds.example.org/cds-services/distal-dvt-patient-view'],
    ['another service id here', `${BASE}/cds-services/distal-dvt-order-sign`],
    ['the feedback URL', FEEDBACK_URL],
    ['the URL reached through the Host header', 'http://127.0.0.1/cds-services/distal-dvt-patient-view'],
  ])('wrong aud: %s', async (_label, aud) => {
    await expectUnauthorized(await invoke(bearer(await token({ aud }))), 'aud_mismatch');
  });

  test('replayed jti: first call 200, the same token again 401', async () => {
    const t = await token({});
    expect((await invoke(bearer(t))).status).toBe(200);
    await expectUnauthorized(await invoke(bearer(t)), 'jti_replayed');
  });

  test('a fresh token reusing a jti from the same issuer is a replay too', async () => {
    const jti = randomUUID();
    expect((await invoke(bearer(await token({ jti })))).status).toBe(200);
    await expectUnauthorized(await invoke(bearer(await token({ jti, iatOffset: -1 }))), 'jti_replayed');
  });

  test('untrusted iss', async () => {
    await expectUnauthorized(await invoke(bearer(await token({ iss: 'https://unknown.example.org' }))), 'untrusted_iss');
  });

  test('trusted iss with a jku not on its list: rejected even though the kid is pinned, and the jku is never fetched', async () => {
    const evil = nock(EVIL_JKU_HOST).get('/jwks.json').reply(200, { keys: [es.publicJwk] });
    await expectUnauthorized(await invoke(bearer(await token({ jku: `${EVIL_JKU_HOST}/jwks.json` }))), 'jku_not_allowed');
    expect(evil.isDone()).toBe(false);
  });

  test('jku of another trusted client is not allowed either', async () => {
    const scope = nock(ROTATING_JKU_HOST).get('/jwks.json').reply(200, { keys: [es.publicJwk] });
    await expectUnauthorized(await invoke(bearer(await token({ jku: ROTATING_JKU }))), 'jku_not_allowed');
    expect(scope.isDone()).toBe(false);
  });

  test('lifetime longer than an hour', async () => {
    await expectUnauthorized(await invoke(bearer(await token({ lifetime: 2 * 3600 }))), 'lifetime_too_long');
  });

  test.each([
    ['another tenant', { tenant: 'hospital-b' }],
    ['no tenant', {}],
  ])('tenant mismatch: %s', async (_label, extra) => {
    await expectUnauthorized(await invoke(bearer(await token({ iss: TENANTED, extra }))), 'tenant_mismatch');
  });

  test.each(['exp', 'iat', 'jti'] as const)('missing %s', async (claim) => {
    await expectUnauthorized(await invoke(bearer(await token({ omit: [claim] }))), 'missing_claim');
  });

  test('every failure gives the same body', async () => {
    const a = await invoke();
    const b = await invoke(bearer(await token({ key: other })));
    const c = await invoke(bearer(await token({ aud: DISCOVERY_URL })));
    expect(b.body).toEqual(a.body);
    expect(c.body).toEqual(a.body);
  });
});

describe('keys fetched from an allow-listed jku', () => {
  test('rotation: first key fetched once; a new kid after the cooldown triggers one refetch; another unknown kid within the cooldown does not', async () => {
    const first = nock(ROTATING_JKU_HOST).get('/jwks.json').once().reply(200, { keys: [rotA.publicJwk] });
    expect((await invoke(bearer(await token({ key: rotA, iss: ROTATING, jku: ROTATING_JKU })))).status).toBe(200);
    expect(first.isDone()).toBe(true);

    // Same key again: served from the cache (no interceptor left; a fetch would fail and not matter, so count it).
    const noRefetch = nock(ROTATING_JKU_HOST).get('/jwks.json').reply(200, { keys: [rotA.publicJwk] });
    expect((await invoke(bearer(await token({ key: rotA, iss: ROTATING, jku: ROTATING_JKU })))).status).toBe(200);
    expect(noRefetch.isDone()).toBe(false);
    nock.cleanAll();

    now = new Date(now.getTime() + 31_000);
    const rotated = nock(ROTATING_JKU_HOST).get('/jwks.json').once().reply(200, { keys: [rotA.publicJwk, rotB.publicJwk] });
    expect((await invoke(bearer(await token({ key: rotB, iss: ROTATING, jku: ROTATING_JKU })))).status).toBe(200);
    expect(rotated.isDone()).toBe(true);

    now = new Date(now.getTime() + 5_000);
    const tooSoon = nock(ROTATING_JKU_HOST).get('/jwks.json').reply(200, { keys: [rotC.publicJwk] });
    await expectUnauthorized(await invoke(bearer(await token({ key: rotC, iss: ROTATING, jku: ROTATING_JKU }))), 'unknown_kid');
    expect(tooSoon.isDone()).toBe(false);
  });

  test('a client with a registered jku and a token without a jku header uses the registered key set', async () => {
    const scope = nock(ROTATING_JKU_HOST).get('/jwks.json').reply(200, { keys: [rotA.publicJwk] });
    expect((await invoke(bearer(await token({ key: rotA, iss: ROTATING })))).status).toBe(200);
    expect(scope.isDone()).toBe(true);
  });

  test('pinned kid + allowed jku → verified against the pinned key with zero fetches', async () => {
    const scope = nock(BOTH_JKU_HOST).get('/.well-known/jwks.json').reply(200, { keys: [both.publicJwk] });
    expect((await invoke(bearer(await token({ key: both, iss: BOTH, jku: BOTH_JKU })))).status).toBe(200);
    expect(scope.isDone()).toBe(false);
  });

  test('a JWK Set host that redirects elsewhere is not followed', async () => {
    const scope = nock(ROTATING_JKU_HOST).get('/jwks.json').reply(302, '', { location: `${EVIL_JKU_HOST}/jwks.json` });
    const evil = nock(EVIL_JKU_HOST).get('/jwks.json').reply(200, { keys: [rotA.publicJwk] });
    const res = await invoke(bearer(await token({ key: rotA, iss: ROTATING, jku: ROTATING_JKU })));
    expect(res.status).toBe(401);
    expect(scope.isDone()).toBe(true);
    expect(evil.isDone()).toBe(false);
  });

  test('an oversized JWK Set is refused', async () => {
    const padding = 'x'.repeat(200 * 1024);
    nock(ROTATING_JKU_HOST).get('/jwks.json').reply(200, { keys: [rotA.publicJwk], padding });
    await expectUnauthorized(await invoke(bearer(await token({ key: rotA, iss: ROTATING, jku: ROTATING_JKU }))), 'jwks_too_large');
  });

  test('an unreachable JWK Set host → 401, not 5xx', async () => {
    nock(ROTATING_JKU_HOST).get('/jwks.json').replyWithError('connection refused');
    await expectUnauthorized(await invoke(bearer(await token({ key: rotA, iss: ROTATING, jku: ROTATING_JKU }))), 'jwks_fetch_failed');
  });
});

describe('endpoints', () => {
  test('CORS preflight needs no token', async () => {
    const res = await request(app)
      .options(SERVICE_PATH)
      .set('origin', 'https://sandbox.cds-hooks.org')
      .set('access-control-request-method', 'POST')
      .set('access-control-request-headers', 'authorization, content-type');
    expect(res.status).toBeLessThan(300);
    expect(reasons()).toEqual([]);
  });

  test('discovery is open by default', async () => {
    const res = await request(app).get('/cds-services');
    expect(res.status).toBe(200);
  });

  test('feedback takes a token whose aud is the feedback URL, and refuses the service URL', async () => {
    const ok = await request(app)
      .post(`${SERVICE_PATH}/feedback`)
      .set('authorization', bearer(await token({ aud: FEEDBACK_URL })))
      .send(feedbackRequest());
    expect(ok.status).not.toBe(401);
    const wrong = await request(app)
      .post(`${SERVICE_PATH}/feedback`)
      .set('authorization', bearer(await token({ aud: SERVICE_URL })))
      .send(feedbackRequest());
    await expectUnauthorized(wrong, 'aud_mismatch');
  });
});

describe('discovery when configured to need a token', () => {
  test('no token → 401; a token for the discovery URL → 200', async () => {
    const secured = buildSecuredApp({
      authenticate: createClientAuth({ config: { publicBaseUrl: BASE }, trustedClients: clients(), fetch: globalThis.fetch, clock, logger: log.logger }),
      logger: log.logger,
      clock,
      discoveryAuth: true,
    });
    const none = await request(secured).get('/cds-services');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    const ok = await request(secured).get('/cds-services').set('authorization', bearer(await token({ aud: DISCOVERY_URL })));
    expect(ok.status).toBe(200);
  });
});

describe('logs (last: every token minted in this file has been sent by now)', () => {
  test('name the reason, the issuer and the kid, and never contain a token or a signature', async () => {
    await invoke(bearer(await token({ key: other })));
    await invoke(bearer(await token({})));
    expect(minted.length).toBeGreaterThan(40);
    const text = log.text();
    const failure = log.records().slice(mark).find((r) => r.event === 'auth_failed');
    expect(failure).toMatchObject({ reason: 'bad_signature', iss: EHR, kid: 'es-1' });
    for (const m of minted) {
      expect(text).not.toContain(m);
      expect(text).not.toContain(m.split('.')[2]);
      expect(text).not.toContain(m.split('.')[1]);
    }
    expect(text.toLowerCase()).not.toContain('bearer ');
  });
});
