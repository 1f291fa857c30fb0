import request from 'supertest';
import { ALLOWED_PREFETCH_TOKENS, tokensOf } from '../../src/cds/prefetch-tokens';
import { buildTestApp } from './helpers';

const SERVICE_HOOKS = {
  'distal-dvt-patient-view': 'patient-view',
  'distal-dvt-order-select': 'order-select',
  'distal-dvt-order-sign': 'order-sign',
  'distal-dvt-encounter-discharge': 'encounter-discharge',
};

const PREFETCH_KEYS = [
  'patient', 'conditions', 'observations', 'medicationRequests', 'serviceRequests', 'encounters', 'procedures', 'diagnosticReports',
];

interface DiscoveryEntry {
  id: string;
  hook: string;
  title: string;
  description: string;
  prefetch: Record<string, string>;
  usageRequirements?: string;
  [field: string]: unknown;
}

describe('GET /cds-services', () => {
  it('lists the four services with their hooks, titles, descriptions and prefetch', async () => {
    const { app } = buildTestApp();
    const res = await request(app).get('/cds-services').set('Accept', 'application/json').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const services = (res.body as { services: DiscoveryEntry[] }).services;
    expect(Object.fromEntries(services.map((s) => [s.id, s.hook]))).toEqual(SERVICE_HOOKS);
    for (const service of services) {
      expect(service.title).toEqual(expect.any(String));
      expect(service.description.length).toBeGreaterThan(20);
      expect(typeof service.usageRequirements).toBe('string');
      expect(Object.keys(service.prefetch).sort()).toEqual([...PREFETCH_KEYS].sort());
      // Only the published fields: no internal notes, no empty values.
      expect(Object.keys(service).every((k) => ['id', 'hook', 'title', 'description', 'prefetch', 'usageRequirements'].includes(k))).toBe(true);
    }
  });

  it('uses only CDS Hooks 2.0 prefetch tokens, never selections or draftOrders', async () => {
    const { app } = buildTestApp();
    const res = await request(app).get('/cds-services').expect(200);
    const templates = (res.body as { services: DiscoveryEntry[] }).services.flatMap((s) => Object.values(s.prefetch));
    expect(templates.length).toBe(32);
    for (const template of templates) {
      const tokens = tokensOf(template);
      expect(tokens.length).toBeGreaterThan(0);
      for (const token of tokens) expect(ALLOWED_PREFETCH_TOKENS).toContain(token);
      expect(template).not.toMatch(/selections|draftOrders/);
    }
  });

  it('keeps the fixed prefetch contract the fixtures are written against', async () => {
    const { app } = buildTestApp();
    const res = await request(app).get('/cds-services').expect(200);
    const prefetch = (res.body as { services: DiscoveryEntry[] }).services[0]?.prefetch ?? {};
    expect(prefetch['patient']).toBe('Patient/{{context.patientId}}');
    expect(prefetch['medicationRequests']).toBe('MedicationRequest?patient={{context.patientId}}&status=active,on-hold');
    const codes = (prefetch['observations'] ?? '').split('&code=')[1]?.split(',') ?? [];
    // D-dimer FEU/DDU, renal, platelets, INR, weight, pain … and the nine local findings codes.
    for (const code of ['http://loinc.org|48065-7', 'http://loinc.org|48066-5', 'http://loinc.org|2160-0', 'http://loinc.org|14682-9',
      'http://loinc.org|35591-7', 'http://loinc.org|98979-8', 'http://loinc.org|777-3', 'http://loinc.org|718-7', 'http://loinc.org|6301-6',
      'http://loinc.org|34714-6', 'http://loinc.org|14979-9', 'http://loinc.org|29463-7', 'http://loinc.org|72514-3']) {
      expect(codes).toContain(code);
    }
    expect(codes.filter((c) => c.startsWith('urn:distal-dvt-cds:findings|'))).toHaveLength(9);
    expect(new URL(`https://fhir.example.org/${prefetch['observations'] ?? ''}`).searchParams.get('patient')).toBe('{{context.patientId}}');
  });
});
