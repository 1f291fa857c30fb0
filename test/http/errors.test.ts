import request from 'supertest';
import { CdsError } from '../../src/errors';
import { buildTestApp, requestFixture } from './helpers';

interface Outcome {
  resourceType: string;
  issue: { severity: string; code: string; diagnostics?: string; expression?: string[] }[];
}

function outcomeOf(body: unknown): Outcome['issue'][number] {
  const outcome = body as Outcome;
  expect(outcome.resourceType).toBe('OperationOutcome');
  const issue = outcome.issue[0];
  if (issue === undefined) throw new Error('no issue');
  return issue;
}

const PV = '/cds-services/distal-dvt-patient-view';

describe('error answers are OperationOutcomes with the right status', () => {
  it('400 for a body that is not JSON', async () => {
    const { app } = buildTestApp();
    const res = await request(app).post(PV).set('Content-Type', 'application/json').send('{"hook": "patient-view",').expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(outcomeOf(res.body)).toMatchObject({ severity: 'error', code: 'structure' });
  });

  it.each([
    ['context.patientId', (b: ReturnType<typeof requestFixture>) => void delete b.context['patientId']],
    ['context.patientId', (b: ReturnType<typeof requestFixture>) => void (b.context['patientId'] = 'Patient/SECRET-VALUE-1')],
    ['context.userId', (b: ReturnType<typeof requestFixture>) => void (b.context['userId'] = 'SECRET-VALUE-1')],
    ['hookInstance', (b: ReturnType<typeof requestFixture>) => void (b['hookInstance'] = 'SECRET-VALUE-1')],
    ['context', (b: ReturnType<typeof requestFixture>) => void delete (b as Record<string, unknown>)['context']],
    ['fhirServer', (b: ReturnType<typeof requestFixture>) => void (b['fhirAuthorization'] = {
      access_token: 'SECRET-VALUE-1', token_type: 'Bearer', expires_in: 300, scope: 'patient/*.read', subject: 'cds' })],
    ['fhirAuthorization.expires_in', (b: ReturnType<typeof requestFixture>) => {
      b['fhirServer'] = 'https://fhir.example.org/r4';
      b['fhirAuthorization'] = { access_token: 'SECRET-VALUE-1', token_type: 'Bearer', expires_in: 'soon', scope: 's', subject: 'cds' };
    }],
  ])('400 naming %s, without echoing the value', async (field, breakIt) => {
    const { app } = buildTestApp();
    const body = requestFixture('patient-view-minimal.json');
    breakIt(body);
    const res = await request(app).post(PV).send(body).expect(400);
    const issue = outcomeOf(res.body);
    expect(issue).toMatchObject({ code: 'invalid', expression: [field] });
    expect(issue.diagnostics).toContain(field);
    expect(JSON.stringify(res.body)).not.toContain('SECRET-VALUE-1');
  });

  it('400 naming hook when the request is for another hook than the service', async () => {
    const { app } = buildTestApp();
    const res = await request(app).post('/cds-services/distal-dvt-order-sign').send(requestFixture('patient-view-minimal.json')).expect(400);
    expect(outcomeOf(res.body)).toMatchObject({ code: 'invalid', expression: ['hook'] });
    expect(outcomeOf(res.body).diagnostics).toContain('order-sign');
  });

  it('400 when encounter-discharge has no encounterId', async () => {
    const { app } = buildTestApp();
    const body = { ...requestFixture('patient-view-minimal.json'), hook: 'encounter-discharge' };
    const res = await request(app).post('/cds-services/distal-dvt-encounter-discharge').send(body).expect(400);
    expect(outcomeOf(res.body).expression).toEqual(['context.encounterId']);
    body.context['encounterId'] = 'enc-1';
    await request(app).post('/cds-services/distal-dvt-encounter-discharge').send(body).expect(200);
  });

  it('400 when an order-select selection is not among the draft orders', async () => {
    const { app } = buildTestApp();
    const body = requestFixture('order-select-sandbox.json');
    body.context['selections'] = ['MedicationRequest/request-123', 'ServiceRequest/not-in-drafts'];
    const res = await request(app).post('/cds-services/distal-dvt-order-select').send(body).expect(400);
    expect(outcomeOf(res.body).expression).toEqual(['context.selections[1]']);
  });

  it('404 for an unknown service and for an unknown route', async () => {
    const { app } = buildTestApp();
    const unknown = await request(app).post('/cds-services/no-such-service').send(requestFixture('patient-view-minimal.json')).expect(404);
    expect(outcomeOf(unknown.body).code).toBe('not-found');
    const route = await request(app).get('/nothing/here').expect(404);
    expect(outcomeOf(route.body).code).toBe('not-found');
  });

  it('405 with Allow for a known route and the wrong method', async () => {
    const { app } = buildTestApp();
    const res = await request(app).get(PV).expect(405);
    expect(res.headers['allow']).toBe('POST, OPTIONS');
    expect(outcomeOf(res.body).code).toBe('not-supported');
  });

  it('412 when prefetch is missing and there is no FHIR server to ask', async () => {
    const { app } = buildTestApp();
    const body = requestFixture('patient-view-minimal.json');
    delete body.prefetch?.['conditions'];
    const res = await request(app).post(PV).send(body).expect(412);
    const issue = outcomeOf(res.body);
    expect(issue).toMatchObject({ code: 'processing', expression: ['prefetch.conditions'] });
    expect(issue.diagnostics).toMatch(/conditions.*no fhirServer/);
  });

  it('413 for a body over the configured limit', async () => {
    const { app } = buildTestApp({ bodyLimit: '2kb' });
    const body = requestFixture('patient-view-minimal.json');
    body['padding'] = 'x'.repeat(4000);
    const res = await request(app).post(PV).send(body).expect(413);
    expect(outcomeOf(res.body).code).toBe('too-costly');
  });

  it('accepts a 1 MB request under the default 10 MB limit (Express would reject it at 100 kB)', async () => {
    const { app } = buildTestApp();
    const body = requestFixture('patient-view-minimal.json');
    body['padding'] = 'x'.repeat(1024 * 1024);
    await request(app).post(PV).send(body).expect(200);
  });

  it('415 for a body that is not JSON', async () => {
    const { app } = buildTestApp();
    const res = await request(app).post(PV).set('Content-Type', 'text/plain').send('hello').expect(415);
    expect(outcomeOf(res.body).code).toBe('not-supported');
    const latin1 = await request(app).post(PV).set('Content-Type', 'application/json; charset=latin1')
      .send(JSON.stringify(requestFixture('patient-view-minimal.json'))).expect(415);
    expect(outcomeOf(latin1.body).code).toBe('not-supported');
  });

  it('500 with a generic body and no stack when the engine throws', async () => {
    const { app, logs } = buildTestApp({}, {
      evaluate: () => {
        throw new Error('engine exploded at /src/clinical/secret.ts:42');
      },
    });
    const body = requestFixture('patient-view-minimal.json');
    const res = await request(app).post(PV).send(body).expect(500);
    const issue = outcomeOf(res.body);
    expect(issue).toMatchObject({ severity: 'fatal', code: 'exception', diagnostics: 'Internal error' });
    expect(JSON.stringify(res.body)).not.toMatch(/exploded|secret\.ts|at /);
    // Logged for the operator, with the hookInstance to find the call.
    const logged = logs.lines.find((l) => l['msg'] === 'internal error');
    expect(logged?.['hookInstance']).toBe(body['hookInstance']);
  });

  it('401 carries WWW-Authenticate: Bearer and no detail', async () => {
    const { app } = buildTestApp({}, {
      authenticate: () => {
        throw new CdsError('ERR_UNAUTHENTICATED', 'signature did not verify for kid abc');
      },
    });
    const res = await request(app).post(PV).send(requestFixture('patient-view-minimal.json')).expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    const issue = outcomeOf(res.body);
    expect(issue.code).toBe('login');
    expect(issue.diagnostics).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toContain('kid');
    // Discovery stays open unless CDS_DISCOVERY_AUTH=required.
    await request(app).get('/cds-services').expect(200);
  });
});
