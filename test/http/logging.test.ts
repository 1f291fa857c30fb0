import nock from 'nock';
import { isolateNetwork } from '../support/network';
import request from 'supertest';
import { buildTestApp, FHIR_BASE, FHIR_ORIGIN, requestFixture } from './helpers';

isolateNetwork();

const CLIENT_JWT = 'eyJhbGciOiJFUzM4NCJ9.client-jwt-secret.signature';
const FHIR_TOKEN = 'fhir-token-never-logged-91b2';
const PATIENT_ID = 'patient-phi-4711';

describe('logs', () => {
  it('carry one invocation line with names and codes, and no token, context, prefetch or patient id', async () => {
    const { app, logs } = buildTestApp({}, {
      evaluate: () => ({ cards: [], facts: null, decision: null, adviceCodes: ['SERIAL_IMAGING'] }),
    });
    const body = requestFixture('patient-view-minimal.json');
    body.context['patientId'] = PATIENT_ID;
    body['fhirServer'] = FHIR_BASE;
    body['fhirAuthorization'] = { access_token: FHIR_TOKEN, token_type: 'Bearer', expires_in: 300, scope: 'patient/*.read', subject: 'cds', patient: PATIENT_ID };
    body.prefetch = { ...body.prefetch, patient: { resourceType: 'Patient', id: PATIENT_ID, name: [{ family: 'Phi-Surname' }] } };
    delete body.prefetch['conditions'];
    nock(FHIR_ORIGIN).get((uri) => uri.startsWith(`/r4/Condition?patient=${PATIENT_ID}`)).reply(200, { resourceType: 'Bundle', type: 'searchset' });

    await request(app).post('/cds-services/distal-dvt-patient-view?patient=' + PATIENT_ID)
      .set('Authorization', `Bearer ${CLIENT_JWT}`)
      .set('Cookie', 'session=cookie-secret')
      .send(body)
      .expect(200);

    const invocation = logs.lines.filter((l) => l['msg'] === 'cds invocation');
    expect(invocation).toHaveLength(1);
    expect(invocation[0]).toMatchObject({
      serviceId: 'distal-dvt-patient-view',
      hook: 'patient-view',
      hookInstance: body['hookInstance'],
      status: 200,
      adviceCodes: ['SERIAL_IMAGING'],
      prefetchFetched: ['conditions'],
      durationMs: expect.any(Number),
    });
    expect(invocation[0]?.['prefetchPresent']).toHaveLength(7);
    const text = logs.text();
    for (const secret of [CLIENT_JWT, FHIR_TOKEN, PATIENT_ID, 'Phi-Surname', 'cookie-secret', 'Practitioner/prac-1']) {
      expect(text).not.toContain(secret);
    }
    // One line per hook call: the request line (method, path, status) carries the invocation fields — and the
    // absence above is not an empty log.
    const forThisPath = logs.lines.filter((l) => (l['req'] as { path?: string } | undefined)?.path === '/cds-services/distal-dvt-patient-view');
    expect(forThisPath).toHaveLength(1);
    expect(forThisPath[0]).toMatchObject({ msg: 'cds invocation', req: { method: 'POST' }, res: { statusCode: 200 }, status: 200 });
  });

  it('log a failed invocation with its status and error code', async () => {
    const { app, logs } = buildTestApp();
    const body = requestFixture('patient-view-minimal.json');
    delete body.prefetch?.['patient'];
    await request(app).post('/cds-services/distal-dvt-patient-view').send(body).expect(412);
    const line = logs.lines.find((l) => l['msg'] === 'cds invocation');
    expect(line).toMatchObject({ status: 412, errorCode: 'ERR_PREFETCH_UNAVAILABLE', hookInstance: body['hookInstance'] });
  });

  it('log every other request once as `request completed` (method, path without query, status, time), preflights not at all', async () => {
    const { app, logs } = buildTestApp();
    await request(app).get('/cds-services?x=secret-query').set('Authorization', `Bearer ${CLIENT_JWT}`).expect(200);
    await request(app).options('/cds-services').set('Origin', 'https://ehr.example.org').set('Access-Control-Request-Method', 'POST');
    const requestLines = logs.lines.filter((l) => l['req'] !== undefined);
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({ level: 30, msg: 'request completed', req: { method: 'GET', path: '/cds-services' }, res: { statusCode: 200 }, responseTime: expect.any(Number) });
    expect(logs.text()).not.toContain('secret-query');
    expect(logs.text()).not.toContain(CLIENT_JWT);
  });

  it('log an internal error at level error, on the invocation line', async () => {
    const { app, logs } = buildTestApp({}, { evaluate: () => { throw new Error('engine exploded'); } });
    await request(app).post('/cds-services/distal-dvt-patient-view').send(requestFixture('patient-view-minimal.json')).expect(500);
    const line = logs.lines.find((l) => l['msg'] === 'cds invocation');
    expect(line).toMatchObject({ level: 50, status: 500, errorCode: 'ERR_INTERNAL', res: { statusCode: 500 } });
  });
});
