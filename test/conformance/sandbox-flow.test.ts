/**
 * One session the way the CDS Hooks sandbox drives it (CONFORMANCE §7), end to end against the running service
 * with a real SQLite feedback file: discovery → preflight → order-select re-invoked with new hookInstances as the
 * clinician edits the draft → accept a suggestion → dismiss a card with a `{code}`-only reason → feedback re-sent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { invocationProblems } from './cds-response-validator';
import { call, postJson, scenarioRequest, startService, type JsonObject, type RunningService } from './harness';

const O01 = scenarioRequest('O01');
const SANDBOX_ORIGIN = 'https://sandbox.cds-hooks.org';

let dir: string;
let service: RunningService;
let serviceUrl: string;

interface WireCard {
  uuid: string;
  source: { topic?: { code?: string } };
  suggestions?: { uuid: string; label: string }[];
  overrideReasons?: { code: string; system: string; display: string }[];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'conformance-feedback-'));
  service = await startService({ clock: O01.now, feedbackDb: join(dir, 'feedback.db') });
  const discovery = await call(`${service.baseUrl}/cds-services`, { headers: { Accept: 'application/json' } });
  const entry = (discovery.body as { services: { id: string; hook: string }[] }).services.find((s) => s.hook === 'order-select');
  // The sandbox builds the service URL as `${discoveryUrl}/${service.id}`.
  serviceUrl = `${service.baseUrl}/cds-services/${entry?.id ?? 'missing'}`;
});

afterAll(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The sandbox's request: {hookInstance: uuidv4(), hook, fhirServer, context, prefetch?}. */
function sandboxCall(context: JsonObject): JsonObject {
  return { hookInstance: randomUUID(), hook: 'order-select', fhirServer: 'https://launch.smarthealthit.org/v/r4/fhir', context, prefetch: O01.request['prefetch'] };
}

test('the browser preflights of the service and feedback URLs succeed without a token', async () => {
  for (const target of [serviceUrl, `${serviceUrl}/feedback`]) {
    const res = await call(target, {
      method: 'OPTIONS',
      headers: { Origin: SANDBOX_ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });
    expect({ target, status: res.status }).toEqual({ target, status: 204 });
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-methods']).toMatch(/POST/);
    expect(res.headers['access-control-allow-headers']?.toLowerCase()).toMatch(/authorization.*content-type|content-type.*authorization/);
  }
});

test('a full order-select session: re-invocations, accept, override with a code-only reason, repeat feedback', async () => {
  const context = structuredClone(O01.request['context']) as JsonObject & { draftOrders: { entry: { resource: JsonObject }[] } };

  // 1. The sandbox's first call: the draft MedicationRequest has no medication yet.
  const blank = structuredClone(context);
  const { medicationCodeableConcept: _med, dosageInstruction: _dose, ...rest } = blank.draftOrders.entry[0]?.resource ?? {};
  blank.draftOrders = { ...blank.draftOrders, entry: [{ resource: rest }] };
  const first = await postJson(serviceUrl, sandboxCall(blank), { Origin: SANDBOX_ORIGIN });
  expect(invocationProblems(first)).toEqual([]);

  // 2. The clinician picks apixaban: a new hookInstance, same session; the pregnancy card appears.
  const second = await postJson(serviceUrl, sandboxCall(context), { Origin: SANDBOX_ORIGIN });
  expect(invocationProblems(second)).toEqual([]);
  expect(second.headers['access-control-allow-origin']).toBe('*');
  const cards = (second.body as { cards: WireCard[] }).cards;
  const card = cards.find((c) => c.source.topic?.code === 'AGENT_AVOID_IN_PREGNANCY');
  expect(card?.suggestions?.length).toBeGreaterThan(0);
  expect(card?.overrideReasons?.length).toBeGreaterThan(0);
  if (card === undefined || card.suggestions === undefined || card.overrideReasons === undefined) return;

  // 3. Accepting the suggestion (card-list.jsx: only when both uuids exist).
  const feedbackUrl = `${serviceUrl}/feedback`;
  const accepted = {
    feedback: [{ card: card.uuid, outcome: 'accepted', acceptedSuggestions: [{ id: card.suggestions[0]?.uuid }], outcomeTimestamp: new Date().toISOString() }],
  };
  const acceptRes = await postJson(feedbackUrl, accepted, { Origin: SANDBOX_ORIGIN });
  expect(acceptRes.status).toBe(200);

  // 4. Another invocation, its card dismissed with the sandbox's reason shapes: {code} and {code, system}, no display.
  const third = await postJson(serviceUrl, sandboxCall(context));
  const again = (third.body as { cards: WireCard[] }).cards.find((c) => c.source.topic?.code === 'AGENT_AVOID_IN_PREGNANCY');
  const reason = card.overrideReasons[0];
  const overridden = {
    feedback: [
      { card: again?.uuid, outcome: 'overridden', overrideReason: { reason: { code: reason?.code } }, outcomeTimestamp: new Date().toISOString() },
      {
        card: again?.uuid,
        outcome: 'overridden',
        overrideReason: { reason: { code: reason?.code, system: reason?.system }, userComment: 'Discussed with obstetrics' },
        outcomeTimestamp: '2025-03-05T15:01:02.345Z',
      },
    ],
  };
  const overrideRes = await postJson(feedbackUrl, overridden);
  expect(overrideRes.status).toBe(200);

  // 5. The sandbox may send the same feedback again: handled idempotently, still 200, counted once.
  expect((await postJson(feedbackUrl, accepted)).status).toBe(200);
  const summary = service.deps.feedbackStore?.summary({});
  const row = summary?.rows.find((r) => r.adviceCode === 'AGENT_AVOID_IN_PREGNANCY');
  // Counted per card: two issued (calls 2 and 3), one accepted, one overridden (twice, by the same reason).
  expect({ issued: row?.issued, accepted: row?.accepted, overridden: row?.overridden, noResponse: row?.noResponse }).toEqual({
    issued: 2,
    accepted: 1,
    overridden: 1,
    noResponse: 0,
  });
  expect(row?.overriddenByReason[reason?.code ?? '']).toBeGreaterThanOrEqual(1);
  expect(summary?.unknownCardFeedback).toBe(0);
});

test('feedback for a card the service never issued is accepted (the client cannot know) and not counted as ours', async () => {
  const res = await postJson(`${serviceUrl}/feedback`, { feedback: [{ card: randomUUID(), outcome: 'overridden', outcomeTimestamp: '2025-03-05T15:00:00Z' }] });
  expect(res.status).toBe(200);
});

test('feedback to an unknown service id → 404 OperationOutcome', async () => {
  const res = await postJson(`${service.baseUrl}/cds-services/no-such-service/feedback`, { feedback: [] });
  expect(res.status).toBe(404);
  expect((res.body as { resourceType?: string }).resourceType).toBe('OperationOutcome');
});

test('a discovery URL typed with a trailing slash: the sandbox calls …/cds-services//{id} and …//{id}/feedback', async () => {
  const discoveryUrl = `${service.baseUrl}/cds-services/`;
  const discovery = await call(discoveryUrl, { headers: { Accept: 'application/json' } });
  expect(discovery.status).toBe(200);
  const url = `${discoveryUrl}/distal-dvt-order-select`;
  expect(url).toContain('//distal-dvt-order-select');
  const res = await postJson(url, sandboxCall(structuredClone(O01.request['context']) as JsonObject));
  expect(invocationProblems(res)).toEqual([]);
  const card = (res.body as { cards: WireCard[] }).cards[0];
  const feedback = await postJson(`${url}/feedback`, { feedback: [{ card: card?.uuid, outcome: 'overridden', outcomeTimestamp: '2025-03-05T15:00:00Z' }] });
  expect(feedback.status).toBe(200);
});
