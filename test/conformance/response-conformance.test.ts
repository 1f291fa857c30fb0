/**
 * Every fixture in fhir-fixtures/scenarios and fhir-fixtures/requests, posted to the running service over HTTP as
 * an EHR / Inferno would, and its answer checked against the full CDS Hooks 2.0 §3.7 checklist by the independent
 * validator in this folder (not the service's own finaliseCards). Inferno's rule "every response is 200 with
 * valid JSON" holds for all of them.
 */
import { randomUUID } from 'node:crypto';
import { invocationProblems } from './cds-response-validator';
import { allFixtureCases, postJson, shippedKnowledge, startService, type FixtureCase, type RunningService } from './harness';

const cases = allFixtureCases();

/** One service per (now, thresholds) pair: the scenarios fix the clock and sometimes the thresholds. */
const services = new Map<string, RunningService>();
async function serviceFor(c: FixtureCase): Promise<RunningService> {
  const key = `${c.now ?? ''}|${JSON.stringify(c.thresholds ?? {})}`;
  let service = services.get(key);
  if (service === undefined) {
    service = await startService(
      c.now !== null ? { clock: c.now } : {},
      {
        knowledge: shippedKnowledge(c.thresholds),
        // Every fixture carries its prefetch: a FHIR call would mean the fixture or the prefetch handling is wrong.
        fetch: () => Promise.reject(new TypeError('conformance fixtures run offline')),
      },
    );
    services.set(key, service);
  }
  return service;
}

afterAll(async () => {
  await Promise.all([...services.values()].map((s) => s.close()));
});

test('there are fixtures of every hook', () => {
  const hooks = new Set(cases.map((c) => c.request['hook']));
  expect([...hooks].sort()).toEqual(['encounter-discharge', 'order-select', 'order-sign', 'patient-view']);
  expect(cases.filter((c) => c.name.startsWith('requests/')).length).toBeGreaterThanOrEqual(2);
});

describe('each fixture answers 200 with a CDS Hooks 2.0-conformant body', () => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const service = await serviceFor(c);
    const res = await postJson(`${service.baseUrl}/cds-services/${c.serviceId}`, c.request);
    expect({ fixture: c.name, problems: invocationProblems(res) }).toEqual({ fixture: c.name, problems: [] });
  }, 30_000);
});

describe('the same fixtures as the sandbox re-invokes order-select: new hookInstance every time', () => {
  const orderSelect = cases.filter((c) => c.request['hook'] === 'order-select');

  test.each(orderSelect.map((c) => [c.name, c] as const))('%s, twice with fresh hookInstances', async (_name, c) => {
    const service = await serviceFor(c);
    const url = `${service.baseUrl}/cds-services/${c.serviceId}`;
    const first = await postJson(url, { ...c.request, hookInstance: randomUUID() });
    const second = await postJson(url, { ...c.request, hookInstance: randomUUID() });
    expect(invocationProblems(first)).toEqual([]);
    expect(invocationProblems(second)).toEqual([]);
    // Same chart, same advice: only the uuids (new per response, for feedback) may differ.
    const topics = (b: unknown): unknown => (b as { cards: { source: { topic?: { code?: string } } }[] }).cards.map((card) => card.source.topic?.code);
    expect(topics(second.body)).toEqual(topics(first.body));
  }, 30_000);
});
