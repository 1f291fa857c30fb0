import request from 'supertest';
import type { MedicationRequest } from 'fhir/r4';
import type { EngineResult, EvaluationInput } from '../../src/clinical/types';
import { buildTestApp, requestFixture } from './helpers';

describe('order-select shaped like the CDS Hooks sandbox', () => {
  it('answers 200 to a draft with no medication, no Bundle.type, single-object reasonCode, extension and unknown fields', async () => {
    const seen: EvaluationInput[] = [];
    const { app } = buildTestApp({}, {
      evaluate: (input): EngineResult => (seen.push(input), { cards: [], facts: null, decision: null, adviceCodes: [] }),
    });
    const body = requestFixture('order-select-sandbox.json');
    await request(app).post('/cds-services/distal-dvt-order-select').send(body).expect(200, { cards: [] });

    const input = seen[0];
    expect(input).toMatchObject({ hook: 'order-select', serviceId: 'distal-dvt-order-select', patientId: 'pat-minimal', selections: ['MedicationRequest/request-123'] });
    // The clinical core sees R4 shapes: arrays where R4 has arrays.
    const draft = input?.draftOrders?.entry?.[0]?.resource as MedicationRequest;
    expect(Array.isArray(draft.reasonCode)).toBe(true);
    expect(draft.reasonCode?.[0]?.coding?.[0]?.code).toBe('I82.4Z1');
    expect(Array.isArray(draft.category)).toBe(true);
  });

  it('answers order-sign with the same draft orders (no selections needed)', async () => {
    const { app } = buildTestApp();
    const body = { ...requestFixture('order-select-sandbox.json'), hook: 'order-sign' };
    delete body.context['selections'];
    await request(app).post('/cds-services/distal-dvt-order-sign').send(body).expect(200, { cards: [] });
  });

  it('accepts application/fhir+json and upper-case UUIDs', async () => {
    const { app } = buildTestApp();
    const body = requestFixture('patient-view-minimal.json');
    body['hookInstance'] = String(body['hookInstance']).toUpperCase();
    await request(app).post('/cds-services/distal-dvt-patient-view').set('Content-Type', 'application/fhir+json').send(JSON.stringify(body)).expect(200);
  });
});
