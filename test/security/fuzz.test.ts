/**
 * Bad input never breaks the service (issue 5 §5): random and mutated requests at the real HTTP app. Every answer
 * is a 2xx with a spec-valid body or a 4xx OperationOutcome — never a 5xx, never a hang. Fixed clock, bounded runs.
 * A failure prints fast-check's shrunk counterexample and seed: keep both in the report of whoever fixes it.
 */
import fc from 'fast-check';
import nock from 'nock';
import request from 'supertest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Express } from 'express';
import { createClientAuth } from '../../src/http/auth';
import { makeKey, mint } from './support/tokens';
import type { TestKey } from './support/tokens';
import { captureLog } from './support/log-capture';
import { buildSecuredApp, BASE, SERVICE_PATH } from './support/secured-app';
import { HOOKS_DIR } from '../http/helpers';

const NOW = new Date('2025-03-03T15:00:00Z');
const clock = (): Date => NOW;
/** Bounded so the file stays well under a minute on a shared 2-core machine. */
// FUZZ_RUNS=1000 for a deeper local run; the default keeps the suite fast in CI.
const RUNS = Number(process.env['FUZZ_RUNS'] ?? '150');
// CI replays a fixed seed so a green build stays green; FUZZ_SEED=random (or a number) explores further locally.
const SEED = process.env['FUZZ_SEED'] === 'random' ? undefined : Number(process.env['FUZZ_SEED'] ?? '20261201');
const ANSWER_BOUND_MS = 20_000;

const SERVICES: Record<string, string> = {
  'distal-dvt-patient-view': 'patient-view',
  'distal-dvt-order-select': 'order-select',
  'distal-dvt-order-sign': 'order-sign',
  'distal-dvt-encounter-discharge': 'encounter-discharge',
};
const PREFETCH_KEYS = ['patient', 'conditions', 'observations', 'medicationRequests', 'serviceRequests', 'encounters', 'procedures', 'diagnosticReports'];

/** Codes the service actually knows (from its own value sets), so random resources reach the clinical paths. */
function knownCodings(): { system: string; code: string }[] {
  const dir = join(HOOKS_DIR, 'knowledge', 'valuesets');
  const out: { system: string; code: string }[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const vs = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { compose?: { include?: { system?: string; concept?: { code: string }[] }[] } };
    for (const inc of vs.compose?.include ?? []) {
      for (const c of inc.concept ?? []) if (inc.system !== undefined) out.push({ system: inc.system, code: c.code });
    }
  }
  return out;
}

// ---------- arbitraries ----------

const CODINGS = knownCodings();
const anyCoding = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...(CODINGS.length > 0 ? CODINGS : [{ system: 'http://loinc.org', code: '48065-7' }])) },
  { weight: 1, arbitrary: fc.record({ system: fc.oneof(fc.string(), fc.constant('http://snomed.info/sct')), code: fc.string() }) },
);
const oddDate = fc.oneof(
  fc.constantFrom('2025-03-01', '2025-02-30', '2025', '2025-03', '2025-03-03T25:61:00Z', '2025-03-03T14:00:00+14:00', '', '0000-01-01', '9999-12-31T23:59:59Z', 'yesterday', '2025-03-02T10:00:00', '1900-01-01'),
  fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.integer(),
  fc.constant(null),
);
const oddNumber = fc.oneof(fc.double({ noNaN: false }), fc.integer(), fc.constantFrom('5', '', '1e309', '-0', 'NaN'), fc.constant(null), fc.constant(1e308));
const oddUnit = fc.constantFrom('ng/mL', 'mg/L', 'ug/mL', 'µg/mL', 'ng/mL{FEU}', 'ng/mL{DDU}', 'mg/L FEU', '%', '', 'cm', 'mm', 'm', '[in_i]', '10*9/L', '/uL', 'g/dL', 'mmol/L', 'umol/L', 'mL/min', 'mL/min/{1.73_m2}', 'kg', '[lb_av]', '{score}', 'bogus unit', '1/0');
const quantity = fc.record(
  { value: oddNumber, unit: oddUnit, system: fc.constantFrom('http://unitsofmeasure.org', 'urn:other', ''), code: oddUnit, comparator: fc.constantFrom('<', '>=', 'about') },
  { requiredKeys: [] },
);
const concept = fc.record({ coding: fc.array(anyCoding, { maxLength: 3 }), text: fc.string() }, { requiredKeys: [] });
const reference = fc.oneof(fc.constant({ reference: 'Patient/p1' }), fc.record({ reference: fc.string() }), fc.constant({}), fc.string());
const hugeString = fc.integer({ min: 10_000, max: 200_000 }).map((n) => 'x'.repeat(n));
/** Garbage in place of an object: what a broken EHR might send. */
const wrongShape = fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.boolean(), fc.array(fc.jsonValue(), { maxLength: 3 }), fc.constant({}), hugeString);
const deepNesting = fc.integer({ min: 50, max: 3000 }).map((depth) => {
  let v: unknown = { resourceType: 'Observation' };
  for (let i = 0; i < depth; i += 1) v = i % 2 === 0 ? [v] : { nested: v };
  return v;
});

const RESOURCE_TYPES = ['Condition', 'Observation', 'Patient', 'MedicationRequest', 'ServiceRequest', 'Encounter', 'Procedure', 'DiagnosticReport', 'OperationOutcome', 'Bundle', 'Medication', 'Unknown'];

const fhirResource: fc.Arbitrary<Record<string, unknown>> = fc
  .record(
    {
      resourceType: fc.constantFrom(...RESOURCE_TYPES),
      id: fc.oneof(fc.string(), fc.integer()),
      subject: reference,
      patient: reference,
      code: fc.oneof(concept, wrongShape),
      category: fc.oneof(fc.array(concept, { maxLength: 2 }), wrongShape),
      clinicalStatus: fc.oneof(concept, fc.constant({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] })),
      verificationStatus: concept,
      status: fc.constantFrom('final', 'active', 'entered-in-error', 'draft', 'completed', 'cancelled', '', 'amended'),
      intent: fc.constantFrom('order', 'plan', 'proposal'),
      valueQuantity: fc.oneof(quantity, wrongShape),
      valueCodeableConcept: concept,
      valueString: fc.oneof(fc.string(), hugeString),
      valueBoolean: fc.oneof(fc.boolean(), fc.string()),
      component: fc.array(fc.record({ code: concept, valueQuantity: quantity }, { requiredKeys: [] }), { maxLength: 3 }),
      bodySite: fc.oneof(fc.array(concept, { maxLength: 2 }), concept),
      effectiveDateTime: oddDate,
      effectivePeriod: fc.record({ start: oddDate, end: oddDate }, { requiredKeys: [] }),
      issued: oddDate,
      onsetDateTime: oddDate,
      recordedDate: oddDate,
      abatementDateTime: oddDate,
      authoredOn: oddDate,
      performedDateTime: oddDate,
      period: fc.record({ start: oddDate, end: oddDate }, { requiredKeys: [] }),
      birthDate: oddDate,
      gender: fc.constantFrom('male', 'female', 'other', 'unknown', '', 'x'),
      medicationCodeableConcept: concept,
      dosageInstruction: fc.oneof(fc.array(fc.record({ text: fc.string(), doseAndRate: fc.array(fc.record({ doseQuantity: quantity }), { maxLength: 1 }) }), { maxLength: 2 }), wrongShape),
      class: fc.oneof(anyCoding, wrongShape),
      type: fc.oneof(fc.array(concept, { maxLength: 2 }), fc.string()),
      extension: fc.array(fc.record({ url: fc.string(), valueString: fc.string() }), { maxLength: 2 }),
      extra: fc.jsonValue({ maxDepth: 3 }),
    },
    { requiredKeys: ['resourceType'] },
  )
  .map((r) => r as Record<string, unknown>);

const bundleOf = (entries: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.record(
    {
      resourceType: fc.constant('Bundle'),
      type: fc.constantFrom('searchset', 'collection', 'bogus'),
      total: oddNumber,
      entry: fc.oneof(fc.array(fc.oneof(fc.record({ resource: entries }), fc.record({ resource: wrongShape }), wrongShape), { maxLength: 6 }), wrongShape),
      link: fc.array(fc.record({ relation: fc.constantFrom('next', 'self'), url: fc.constantFrom('https://attacker.example.net/next', 'not a url', 'https://fhir.example.org/r4/Condition?page=2') }), { maxLength: 1 }),
    },
    { requiredKeys: ['resourceType'] },
  );

const prefetchValue = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: bundleOf(fhirResource) },
  { weight: 2, arbitrary: fhirResource },
  { weight: 1, arbitrary: wrongShape },
  { weight: 1, arbitrary: deepNesting },
);

const randomPrefetch = fc.dictionary(fc.constantFrom(...PREFETCH_KEYS, 'extraKey', ''), prefetchValue, { maxKeys: 10 }).map((p) => {
  // Most calls carry every key (else the answer is a legitimate 412 and nothing deeper runs).
  const full: Record<string, unknown> = Object.fromEntries(PREFETCH_KEYS.map((k) => [k, null]));
  return { ...full, ...p };
});

function baseRequest(hook: string): Record<string, unknown> {
  const context: Record<string, unknown> = { userId: 'Practitioner/prac-1', patientId: 'p1' };
  if (hook === 'order-select' || hook === 'order-sign') {
    context.draftOrders = { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'MedicationRequest', id: 'mr1', status: 'draft', intent: 'order', subject: { reference: 'Patient/p1' } } }] };
    if (hook === 'order-select') context.selections = ['MedicationRequest/mr1'];
  }
  if (hook === 'encounter-discharge') context.encounterId = 'enc-1';
  return {
    hook,
    hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
    context,
    prefetch: { ...Object.fromEntries(PREFETCH_KEYS.map((k) => [k, null])), patient: { resourceType: 'Patient', id: 'p1', gender: 'female', birthDate: '1961-04-12' } },
  };
}

/** Every path (array of keys) into a JSON value, so a mutation can hit any field, however deep. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = value;
  return copy;
}

// ---------- the oracle ----------

const INDICATORS = new Set(['info', 'warning', 'critical']);

/** What CDS Hooks 2.0 requires of a 200 invocation body (CONFORMANCE §3.7) — the parts a client would break on. */
function specProblems(body: unknown): string[] {
  const problems: string[] = [];
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { cards?: unknown }).cards)) return ['no cards array'];
  for (const [i, card] of ((body as { cards: unknown[] }).cards).entries()) {
    const c = card as Record<string, unknown>;
    if (typeof c.uuid !== 'string' || c.uuid === '') problems.push(`cards[${i}].uuid`);
    if (typeof c.summary !== 'string' || c.summary === '' || c.summary.length > 140) problems.push(`cards[${i}].summary`);
    if (typeof c.indicator !== 'string' || !INDICATORS.has(c.indicator)) problems.push(`cards[${i}].indicator`);
    const source = c.source as Record<string, unknown> | undefined;
    if (typeof source !== 'object' || source === null || typeof source.label !== 'string') problems.push(`cards[${i}].source`);
    for (const [j, s] of ((c.suggestions as unknown[] | undefined) ?? []).entries()) {
      const sug = s as Record<string, unknown>;
      if (typeof sug.label !== 'string' || typeof sug.uuid !== 'string') problems.push(`cards[${i}].suggestions[${j}]`);
      for (const a of (sug.actions as Record<string, unknown>[] | undefined) ?? []) {
        if (!['create', 'update', 'delete'].includes(String(a.type))) problems.push(`cards[${i}].suggestions[${j}].actions.type`);
      }
    }
    for (const l of (c.links as Record<string, unknown>[] | undefined) ?? []) {
      if (typeof l.label !== 'string' || typeof l.url !== 'string' || !['absolute', 'smart'].includes(String(l.type))) problems.push(`cards[${i}].links`);
    }
  }
  return problems;
}

function expectWellFormedAnswer(res: request.Response, what: string): void {
  const summary = `${what} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
  if (res.status >= 500) throw new Error(`5xx: ${summary}`);
  if (res.status >= 200 && res.status < 300) {
    const problems = what.startsWith('discovery') || what.startsWith('feedback') ? [] : specProblems(res.body);
    if (problems.length > 0) throw new Error(`2xx with an invalid body (${problems.join(', ')}): ${summary}`);
    return;
  }
  if (res.status < 400 || res.status >= 500) throw new Error(`unexpected status: ${summary}`);
  const oo = res.body as { resourceType?: unknown; issue?: unknown };
  if (oo.resourceType !== 'OperationOutcome' || !Array.isArray(oo.issue) || oo.issue.length === 0) throw new Error(`4xx without an OperationOutcome: ${summary}`);
}

// ---------- the app ----------

let app: Express;
let securedApp: Express;
let key: TestKey;
const TRUSTED = 'https://ehr.example.org';

beforeAll(async () => {
  // Any FHIR fetch a random request provokes must fail fast, not wander off.
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);
  const log = captureLog();
  app = buildSecuredApp({ authenticate: null, logger: log.logger, clock, config: { fhirServers: ['https://fhir.example.org'], allowLoopbackFhir: false, fhirTimeoutMs: 500 } });
  key = await makeKey('ES384', 'fuzz-1');
  securedApp = buildSecuredApp({
    authenticate: createClientAuth({ config: { publicBaseUrl: BASE }, trustedClients: [{ iss: TRUSTED, jwks: { keys: [key.publicJwk] } }], fetch: globalThis.fetch, clock, logger: log.logger }),
    logger: log.logger,
    clock,
  });
});

afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
  nock.restore();
});

const post = (target: Express, path: string, body: string, headers: Record<string, string> = {}): Promise<request.Response> =>
  request(target)
    .post(path)
    .set({ 'content-type': 'application/json', ...headers })
    .timeout({ response: ANSWER_BOUND_MS, deadline: ANSWER_BOUND_MS })
    .send(body);

const opts = (runs = RUNS): fc.Parameters<unknown> => ({ numRuns: runs, ...(SEED !== undefined ? { seed: SEED } : {}) });

// ---------- properties ----------

jest.setTimeout(60_000);

test('any JSON value as the body of any service', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...Object.keys(SERVICES)), fc.jsonValue({ maxDepth: 6 }), async (id, body) => {
      expectWellFormedAnswer(await post(app, `/cds-services/${id}`, JSON.stringify(body)), `invoke ${id}`);
    }),
    opts(),
  );
});

test('a valid request with one field anywhere replaced by a wrong type, a huge string or deep nesting', async () => {
  const cases = Object.entries(SERVICES).map(([id, hook]) => ({ id, base: baseRequest(hook) }));
  const arb = fc.constantFrom(...cases).chain(({ id, base }) =>
    fc.tuple(fc.constant(id), fc.constant(base), fc.constantFrom(...pathsOf(base)), fc.oneof(wrongShape, deepNesting, fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined))),
  );
  await fc.assert(
    fc.asyncProperty(arb, async ([id, base, path, value]) => {
      const mutated = setAt(base, path, value);
      expectWellFormedAnswer(await post(app, `/cds-services/${id}`, JSON.stringify(mutated) ?? 'null'), `invoke ${id} with ${path.join('.')} mutated`);
    }),
    opts(RUNS * 2),
  );
});

test('random FHIR-shaped resources in prefetch: odd units, odd dates, wrong shapes, deep nesting', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...Object.entries(SERVICES)), randomPrefetch, async ([id, hook], prefetch) => {
      const body = { ...baseRequest(hook), prefetch };
      expectWellFormedAnswer(await post(app, `/cds-services/${id}`, JSON.stringify(body)), `invoke ${id} with random prefetch`);
    }),
    opts(RUNS * 2),
  );
});

test('random draftOrders and selections on the order hooks', async () => {
  const draft = fc.oneof(bundleOf(fhirResource), wrongShape, fc.record({ resourceType: fc.constant('Bundle') }));
  const selections = fc.oneof(fc.array(fc.oneof(fc.constantFrom('MedicationRequest/mr1', 'ServiceRequest/x', 'mr1', ''), fc.string()), { maxLength: 3 }), wrongShape);
  await fc.assert(
    fc.asyncProperty(fc.constantFrom('distal-dvt-order-select', 'distal-dvt-order-sign'), draft, selections, randomPrefetch, async (id, draftOrders, sel, prefetch) => {
      const base = baseRequest(SERVICES[id] as string);
      const body = { ...base, prefetch, context: { ...(base.context as object), draftOrders, selections: sel } };
      expectWellFormedAnswer(await post(app, `/cds-services/${id}`, JSON.stringify(body)), `invoke ${id} with random draftOrders`);
    }),
    opts(),
  );
});

test('random paths, methods and raw bodies that are not JSON at all', async () => {
  const path = fc.oneof(
    fc.constantFrom('/cds-services', '/cds-services/', '/cds-services//distal-dvt-patient-view', '/cds-services/distal-dvt-patient-view/feedback', '/cds-services/%00', '/cds-services/..%2f..%2fetc'),
    fc.webPath().map((p) => `/cds-services${p}`),
  );
  const method = fc.constantFrom('get', 'post', 'put', 'delete', 'patch');
  const rawBody = fc.oneof(fc.string(), fc.constantFrom('{', '{"hook":', '[]', 'null', '\u0000', '{"__proto__":{"polluted":true}}'));
  const contentType = fc.constantFrom('application/json', 'application/fhir+json', 'text/plain', 'application/json; charset=latin1', 'multipart/form-data');
  await fc.assert(
    fc.asyncProperty(path, method, rawBody, contentType, async (p, m, b, ct) => {
      const res = await request(app)[m](p).set('content-type', ct).timeout({ response: ANSWER_BOUND_MS }).send(b);
      // GET on the discovery URL (with or without a trailing slash) answers services, not cards.
      const what = /^\/cds-services\/?$/.test(p) && m === 'get' ? 'discovery' : p.endsWith('/feedback') ? 'feedback' : `${m} ${p}`;
      expectWellFormedAnswer(res, what);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }),
    opts(),
  );
});

test('random and mutated Authorization headers never get past auth and never cause a 5xx', async () => {
  const valid = await mint({ key, iss: TRUSTED, aud: `${BASE}${SERVICE_PATH}`, now: NOW });
  const mutated = fc.tuple(fc.nat({ max: valid.length - 1 }), fc.string({ minLength: 1, maxLength: 1 })).map(([i, ch]) => valid.slice(0, i) + ch + valid.slice(i + 1));
  const segmentSwap = fc.tuple(fc.string(), fc.string(), fc.string()).map((parts) => parts.map((p) => Buffer.from(p).toString('base64url')).join('.'));
  const header = fc.oneof(
    fc.string().map((s) => `Bearer ${s}`),
    fc.string(),
    mutated.map((t) => `Bearer ${t}`),
    segmentSwap.map((t) => `Bearer ${t}`),
    fc.jsonValue({ maxDepth: 2 }).map((h) => `Bearer ${Buffer.from(JSON.stringify(h)).toString('base64url')}.${Buffer.from('{}').toString('base64url')}.`),
    // Over our token cap yet under Node's 16 kB header limit (beyond it Node itself answers 431).
    fc.constant(`Bearer ${'a'.repeat(10_000)}`),
  );
  await fc.assert(
    fc.asyncProperty(header, async (authorization) => {
      // Headers must be latin1 to be sent at all; what cannot be sent cannot be tested.
      if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(authorization)) return;
      const res = await post(securedApp, SERVICE_PATH, JSON.stringify(baseRequest('patient-view')), { authorization });
      if (authorization === `Bearer ${valid}`) return;
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }),
    opts(),
  );
});
