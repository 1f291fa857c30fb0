import nock from 'nock';
import { isolateNetwork } from '../support/network';
import request from 'supertest';
import type { Bundle, FhirResource } from 'fhir/r4';
import type { EngineResult, EvaluationInput } from '../../src/clinical/types';
import { buildTestApp, FHIR_BASE, FHIR_ORIGIN, requestFixture } from './helpers';

const PV = '/cds-services/distal-dvt-patient-view';
const TOKEN = 'fhir-access-token-7f3a';
const PATIENT_ID = 'pat-minimal';

const fhirAuthorization = { access_token: TOKEN, token_type: 'Bearer', expires_in: 300, scope: 'patient/*.read', subject: 'distal-dvt-cds' };

function searchset(...resources: FhirResource[]): Bundle {
  return { resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ resource })) };
}
const condition = (id: string): FhirResource => ({ resourceType: 'Condition', id, subject: { reference: `Patient/${PATIENT_ID}` } });
const observation = (id: string): FhirResource =>
  ({ resourceType: 'Observation', id, status: 'final', code: { text: 'D-dimer' } });

/** A recording engine: what the clinical core was given. */
function recordingEngine(): { seen: EvaluationInput[]; evaluate: (input: EvaluationInput) => EngineResult } {
  const seen: EvaluationInput[] = [];
  return { seen, evaluate: (input) => (seen.push(input), { cards: [], facts: null, decision: null, adviceCodes: [] }) };
}

function idsIn(input: EvaluationInput | undefined): string[] {
  return (input?.record.resources ?? []).map((r) => `${r.resourceType}/${r.id ?? ''}`).sort();
}

/** The search path (under /r4) of each prefetch key for PATIENT_ID. */
const searchPath = (resourceType: string) => (uri: string) => uri.startsWith(`/r4/${resourceType}?patient=${PATIENT_ID}`);

isolateNetwork();

describe('prefetch resolution', () => {
  it('uses a complete prefetch as is and calls no FHIR server', async () => {
    const engine = recordingEngine();
    const { app, logs } = buildTestApp({}, { evaluate: engine.evaluate });
    const body = { ...requestFixture('patient-view-minimal.json'), fhirServer: FHIR_BASE, fhirAuthorization };
    const anyCall = nock(FHIR_ORIGIN).get(/.*/).reply(500);
    await request(app).post(PV).send(body).expect(200, { cards: [] });
    expect(anyCall.isDone()).toBe(false);
    expect(idsIn(engine.seen[0])).toEqual([`Patient/${PATIENT_ID}`]);
    expect(engine.seen[0]?.now.toISOString()).toBe('2025-03-03T15:00:00.000Z');
    const line = logs.lines.find((l) => l['msg'] === 'cds invocation');
    expect(line?.['prefetchPresent']).toHaveLength(8);
    expect(line?.['prefetchFetched']).toEqual([]);
  });

  it('treats null as "none" and never fetches it, even with a FHIR server at hand', async () => {
    const engine = recordingEngine();
    const { app, logs } = buildTestApp({}, { evaluate: engine.evaluate });
    const body = { ...requestFixture('patient-view-minimal.json'), fhirServer: FHIR_BASE, fhirAuthorization };
    body.prefetch = { ...body.prefetch, conditions: null, patient: null };
    const anyCall = nock(FHIR_ORIGIN).get(/.*/).reply(500);
    await request(app).post(PV).send(body).expect(200);
    expect(anyCall.isDone()).toBe(false);
    expect(idsIn(engine.seen[0])).toEqual([]);
    expect(logs.lines.find((l) => l['msg'] === 'cds invocation')?.['prefetchNone']).toEqual(['patient', 'conditions']);
  });

  it('fetches absent keys (partial prefetch) from fhirServer with the bearer token, and nothing else', async () => {
    const engine = recordingEngine();
    const { app, logs } = buildTestApp({}, { evaluate: engine.evaluate });
    const body = { ...requestFixture('patient-view-minimal.json'), fhirServer: FHIR_BASE, fhirAuthorization };
    delete body.prefetch?.['conditions'];
    delete body.prefetch?.['observations'];
    const fhir = nock(FHIR_ORIGIN, { reqheaders: { authorization: `Bearer ${TOKEN}`, accept: 'application/fhir+json' } })
      .get(searchPath('Condition')).reply(200, searchset(condition('c1'), condition('c2')))
      .get((uri) => uri.startsWith(`/r4/Observation?patient=${PATIENT_ID}&code=http://loinc.org|48065-7,`)).reply(200, searchset(observation('o1')));
    await request(app).post(PV).send(body).expect(200);
    expect(fhir.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
    expect(idsIn(engine.seen[0])).toEqual(['Condition/c1', 'Condition/c2', 'Observation/o1', `Patient/${PATIENT_ID}`]);
    const line = logs.lines.find((l) => l['msg'] === 'cds invocation');
    expect([...(line?.['prefetchFetched'] as string[])].sort()).toEqual(['conditions', 'observations']);
  });

  it('fetches every key when no prefetch came at all, all of them, without a token when none was given', async () => {
    const engine = recordingEngine();
    const { app } = buildTestApp({}, { evaluate: engine.evaluate });
    const body: Record<string, unknown> = { ...requestFixture('patient-view-minimal.json'), fhirServer: `${FHIR_BASE}/` };
    delete body['prefetch'];
    const fhir = nock(FHIR_ORIGIN, { badheaders: ['authorization'] })
      .get(`/r4/Patient/${PATIENT_ID}`).reply(200, { resourceType: 'Patient', id: PATIENT_ID })
      .get(searchPath('Condition')).reply(200, searchset(condition('c1')))
      .get(searchPath('Observation')).reply(200, searchset())
      .get(`/r4/MedicationRequest?patient=${PATIENT_ID}&status=active,on-hold`).reply(200, searchset())
      .get(searchPath('ServiceRequest')).reply(200, searchset())
      .get(searchPath('Encounter')).reply(200, searchset())
      .get(searchPath('Procedure')).reply(200, searchset())
      .get(searchPath('DiagnosticReport')).reply(200, searchset());
    await request(app).post(PV).send(body).expect(200);
    expect(fhir.isDone()).toBe(true);
    expect(idsIn(engine.seen[0])).toEqual(['Condition/c1', `Patient/${PATIENT_ID}`]);
  });

  it('refetches a key that came as an OperationOutcome or as a Bundle holding one', async () => {
    const engine = recordingEngine();
    const { app } = buildTestApp({}, { evaluate: engine.evaluate });
    const body = { ...requestFixture('patient-view-minimal.json'), fhirServer: FHIR_BASE, fhirAuthorization };
    const outcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'timeout' }] };
    body.prefetch = { ...body.prefetch, conditions: outcome, observations: { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: outcome }] } };
    const fhir = nock(FHIR_ORIGIN)
      .get(searchPath('Condition')).reply(200, searchset(condition('c9')))
      .get(searchPath('Observation')).reply(200, searchset(observation('o9')));
    await request(app).post(PV).send(body).expect(200);
    expect(fhir.isDone()).toBe(true);
    expect(idsIn(engine.seen[0])).toEqual(['Condition/c9', 'Observation/o9', `Patient/${PATIENT_ID}`]);
  });

  it('follows next links on the fhirServer origin (with the token) and never to another origin', async () => {
    const engine = recordingEngine();
    const { app, logs } = buildTestApp({ fhirServers: [FHIR_ORIGIN, 'https://elsewhere.example.net'] }, { evaluate: engine.evaluate });
    const body = { ...requestFixture('patient-view-minimal.json'), fhirServer: FHIR_BASE, fhirAuthorization };
    delete body.prefetch?.['conditions'];
    // A prefetched search that the client paginated: its next page lives on the fhirServer too.
    body.prefetch = { ...body.prefetch, observations: { ...searchset(observation('o1')), link: [{ relation: 'next', url: `${FHIR_BASE}/obs-page-2` }] } };
    const page1 = { ...searchset(condition('c1')), link: [{ relation: 'next', url: `${FHIR_BASE}?_getpages=abc&page=2` }] };
    const page2 = { ...searchset(condition('c2')), link: [{ relation: 'next', url: 'https://elsewhere.example.net/r4?_getpages=abc&page=3' }] };
    const fhir = nock(FHIR_ORIGIN, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
      .get(searchPath('Condition')).reply(200, page1)
      .get('/r4?_getpages=abc&page=2').reply(200, page2)
      .get('/r4/obs-page-2').reply(200, searchset(observation('o2')));
    const elsewhere = nock('https://elsewhere.example.net').get(/.*/).reply(200, searchset(condition('c3')));
    await request(app).post(PV).send(body).expect(200);
    expect(fhir.isDone()).toBe(true);
    expect(elsewhere.isDone()).toBe(false);
    expect(idsIn(engine.seen[0])).toEqual(['Condition/c1', 'Condition/c2', 'Observation/o1', 'Observation/o2', `Patient/${PATIENT_ID}`]);
    expect(logs.lines.find((l) => l['msg'] === 'cds invocation')?.['prefetchTruncated']).toEqual(['conditions']);
  });

  it('stops paging at the configured page cap', async () => {
    const engine = recordingEngine();
    const { app } = buildTestApp({ fhirMaxPages: 2 }, { evaluate: engine.evaluate });
    const body = { ...requestFixture('patient-view-minimal.json'), fhirServer: FHIR_BASE };
    delete body.prefetch?.['conditions'];
    const page = (n: number) => ({ ...searchset(condition(`c${n}`)), link: [{ relation: 'next', url: `${FHIR_BASE}?page=${n + 1}` }] });
    const fhir = nock(FHIR_ORIGIN)
      .get(searchPath('Condition')).reply(200, page(1))
      .get('/r4?page=2').reply(200, page(2));
    const third = nock(FHIR_ORIGIN).get('/r4?page=3').reply(200, page(3));
    await request(app).post(PV).send(body).expect(200);
    expect(fhir.isDone()).toBe(true);
    expect(third.isDone()).toBe(false);
    expect(idsIn(engine.seen[0])).toEqual(['Condition/c1', 'Condition/c2', `Patient/${PATIENT_ID}`]);
  });

  it('answers 412 (ERR_FHIR_TIMEOUT) when the FHIR server hangs past the timeout', async () => {
    const { app } = buildTestApp({ fhirTimeoutMs: 200 });
    const body = { ...requestFixture('patient-view-minimal.json'), fhirServer: FHIR_BASE, fhirAuthorization };
    delete body.prefetch?.['conditions'];
    nock(FHIR_ORIGIN).get(searchPath('Condition')).delay(3000).reply(200, searchset());
    const res = await request(app).post(PV).send(body).expect(412);
    const issue = (res.body as { issue: { code: string; diagnostics: string; details: { coding: { code: string }[] } }[] }).issue[0];
    expect(issue?.code).toBe('timeout');
    expect(issue?.details.coding[0]?.code).toBe('ERR_FHIR_TIMEOUT');
    expect(issue?.diagnostics).toContain('conditions');
  });

  it('answers 412 when the FHIR server refuses (non-2xx) or is unreachable', async () => {
    const { app } = buildTestApp();
    const body = { ...requestFixture('patient-view-minimal.json'), fhirServer: FHIR_BASE, fhirAuthorization };
    delete body.prefetch?.['conditions'];
    nock(FHIR_ORIGIN).get(searchPath('Condition')).reply(401, { resourceType: 'OperationOutcome', issue: [] });
    const refused = await request(app).post(PV).send(body).expect(412);
    expect(JSON.stringify(refused.body)).toContain('HTTP 401');
    nock(FHIR_ORIGIN).get(searchPath('Condition')).replyWithError('connect ECONNREFUSED');
    await request(app).post(PV).send(body).expect(412);
  });

  it.each([
    ['an origin not on CDS_FHIR_SERVERS', 'https://evil.example.com/fhir', {}],
    ['loopback while loopback is not allowed', 'http://127.0.0.1:9/fhir', {}],
  ])('answers 412 for %s, and no request leaves', async (_label, fhirServer, overrides) => {
    const { app } = buildTestApp(overrides);
    const body = { ...requestFixture('patient-view-minimal.json'), fhirServer, fhirAuthorization };
    delete body.prefetch?.['conditions'];
    const evil = nock(new URL(fhirServer).origin).get(/.*/).reply(200, searchset());
    const res = await request(app).post(PV).send(body).expect(412);
    expect(evil.isDone()).toBe(false);
    expect(JSON.stringify(res.body)).toContain('not allowed');
  });

  it('narrows the allowed origins to those of the authenticated client', async () => {
    const { app } = buildTestApp({}, {
      authenticate: (_req, res, next) => {
        res.locals['cdsClient'] = { iss: 'https://ehr.example.org', fhirServers: ['https://ehr-fhir.example.org'] };
        next();
      },
    });
    const body = { ...requestFixture('patient-view-minimal.json'), fhirServer: FHIR_BASE, fhirAuthorization };
    delete body.prefetch?.['conditions'];
    const fhir = nock(FHIR_ORIGIN).get(/.*/).reply(200, searchset());
    await request(app).post(PV).send(body).expect(412);
    expect(fhir.isDone()).toBe(false);
  });

  it('allows a loopback FHIR server when configured (development)', async () => {
    const engine = recordingEngine();
    const { app } = buildTestApp({ allowLoopbackFhir: true, fhirServers: [] }, { evaluate: engine.evaluate });
    const body = { ...requestFixture('patient-view-minimal.json'), fhirServer: 'http://localhost:8089/fhir' };
    delete body.prefetch?.['conditions'];
    const local = nock('http://localhost:8089').get((uri) => uri.startsWith('/fhir/Condition?')).reply(200, searchset(condition('c5')));
    await request(app).post(PV).send(body).expect(200);
    expect(local.isDone()).toBe(true);
    expect(idsIn(engine.seen[0])).toContain('Condition/c5');
  });
});
