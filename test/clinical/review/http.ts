/**
 * Through the HTTP service: the review chart (./chart) sent as a CDS Hooks patient-view request with every
 * prefetch key, to a real app (createApp + createDefaultDeps, no client auth, fixed clock, no network).
 */
import request from 'supertest';
import { createApp } from '../../../src/app';
import type { Knowledge, Thresholds } from '../../../src/clinical/knowledge/types';
import type { Card } from '../../../src/cds/types';
import { testConfig } from '../../../src/config';
import { createDefaultDeps } from '../../../src/default-deps';
import { NOW, knowledge } from './chart';

type Json = Record<string, unknown>;

const PREFETCH_KEY: Readonly<Record<string, string>> = {
  Condition: 'conditions', Observation: 'observations', MedicationRequest: 'medicationRequests', Medication: 'medicationRequests',
  ServiceRequest: 'serviceRequests', Encounter: 'encounters', Procedure: 'procedures', DiagnosticReport: 'diagnosticReports',
};

export function patientViewRequest(resources: readonly Json[], patientId = 'p1'): Json {
  const bundles: Record<string, Json[]> = Object.fromEntries(Object.values(PREFETCH_KEY).map((k) => [k, []]));
  let patient: Json | null = null;
  for (const r of resources) {
    if (r['resourceType'] === 'Patient') patient = r;
    const key = PREFETCH_KEY[String(r['resourceType'])];
    if (key) bundles[key]?.push(r);
  }
  const searchset = (entries: Json[]): Json => ({
    resourceType: 'Bundle', type: 'searchset', total: entries.length,
    ...(entries.length > 0 ? { entry: entries.map((resource) => ({ fullUrl: `urn:uuid:${String(resource['id'])}`, resource })) } : {}),
  });
  return {
    hookInstance: 'a6d4d5b8-2b5e-4f7e-9d0e-0d6f6b1c2a10',
    hook: 'patient-view',
    context: { userId: 'Practitioner/prac-1', patientId },
    prefetch: { patient, ...Object.fromEntries(Object.entries(bundles).map(([k, v]) => [k, searchset(v)])) },
  };
}

export interface HttpResult {
  readonly status: number;
  readonly cards: readonly Card[];
  /** Advice code of each card, primary first. */
  readonly codes: readonly string[];
  readonly primary: Card | undefined;
  /** Every code of every resource a suggestion of the primary card would create. */
  readonly orderCodes: readonly string[];
}

export async function postPatientView(resources: readonly Json[], opts: { now?: string; thresholds?: Partial<Thresholds> } = {}): Promise<HttpResult> {
  const config = testConfig({ clock: opts.now ?? NOW, knowledgeDir: 'hooks' });
  const k: Knowledge = opts.thresholds ? { ...knowledge, thresholds: { ...knowledge.thresholds, ...opts.thresholds } } : knowledge;
  const offline: typeof fetch = () => Promise.reject(new TypeError('review HTTP tests run offline'));
  const app = createApp(config, createDefaultDeps(config, { knowledge: k, authenticate: null, fetch: offline }));
  const res = await request(app).post('/cds-services/distal-dvt-patient-view').set('Content-Type', 'application/json').send(patientViewRequest(resources));
  const cards = ((res.body as { cards?: Card[] }).cards ?? []);
  const primary = cards[0];
  const orderCodes = (primary?.suggestions ?? []).flatMap((s) => s.actions ?? []).flatMap((a) => {
    if (a.type !== 'create') return [];
    const r = a.resource as { medicationCodeableConcept?: { coding?: { code?: string }[] }; code?: { coding?: { code?: string }[] } };
    return [...(r.medicationCodeableConcept?.coding ?? []), ...(r.code?.coding ?? [])].map((c) => c.code ?? '');
  });
  return { status: res.status, cards, codes: cards.map((c) => c.source.topic?.code ?? ''), primary, orderCodes };
}
