/**
 * A hostile or broken FHIR server never breaks the service: a real loopback FHIR server answers every request
 * with what fast-check picks (any status, any content type, any JSON, Bundles with next links that loop, point
 * elsewhere or go nowhere, error outcomes, wrong resource types). The service must answer 200 with a conformant
 * body, or a 4xx OperationOutcome (412 when the data cannot be had) — never a 5xx, never a hang.
 * FUZZ_RUNS scales the runs (default bounded for the shared CI machine).
 */
import fc from 'fast-check';
import type { ServerResponse } from 'node:http';
import { cdsResponseProblems } from './cds-response-validator';
import { operationOutcomeCode, postJson, scenarioRequest, startService, type JsonObject, type RunningService } from './harness';
import { startLoopbackFhir, type LoopbackFhir } from './loopback-fhir';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? '60');
// CI replays a fixed seed so a green build stays green; FUZZ_SEED=random (or a number) explores further locally.
const SEED = process.env['FUZZ_SEED'] === 'random' ? undefined : Number(process.env['FUZZ_SEED'] ?? '20261201');
const SC01 = scenarioRequest('SC01');
const BASE_PATH = '/fhir';

let service: RunningService;
let fhir: LoopbackFhir;

beforeAll(async () => {
  fhir = await startLoopbackFhir(BASE_PATH);
  service = await startService({ clock: SC01.now, allowLoopbackFhir: true, fhirTimeoutMs: 400, fhirMaxPages: 5 });
});

afterAll(async () => {
  await service.close();
  await fhir.close();
});

interface Answer {
  readonly status: number;
  readonly type: string;
  /** null = never answer (hang). */
  readonly body: string | null;
}

const outcome = fc.record({
  resourceType: fc.constant('OperationOutcome'),
  issue: fc.array(fc.record({ severity: fc.constantFrom('fatal', 'error', 'warning', 'information', 'bogus'), code: fc.constant('processing') }), { maxLength: 2 }),
});

function answers(origin: string): fc.Arbitrary<Answer> {
  const nextUrl = fc.constantFrom(
    `${origin}${BASE_PATH}/Condition?patient=sc01&_page=2`,
    `${origin}${BASE_PATH}/Condition?patient=sc01`,
    'https://elsewhere.example.net/fhir/Condition?page=2',
    'relative/next?page=2',
    'not a url',
    '',
  );
  const entry = fc.oneof(
    fc.record({ resource: fc.record({ resourceType: fc.constantFrom('Condition', 'Observation', 'Patient', 'Unknown'), id: fc.string({ maxLength: 8 }) }) }),
    fc.record({ resource: outcome, search: fc.constant({ mode: 'outcome' }) }),
    fc.jsonValue({ maxDepth: 2 }),
  );
  const bundle = fc.record(
    {
      resourceType: fc.constant('Bundle'),
      type: fc.constantFrom('searchset', 'collection'),
      entry: fc.oneof(fc.array(entry, { maxLength: 4 }), fc.jsonValue({ maxDepth: 1 })),
      link: fc.array(fc.record({ relation: fc.constantFrom('next', 'self', 'previous'), url: nextUrl }), { maxLength: 2 }),
    },
    { requiredKeys: ['resourceType'] },
  );
  const patient = fc.record({ resourceType: fc.constantFrom('Patient', 'Practitioner'), id: fc.constantFrom('sc01', 'other'), birthDate: fc.constantFrom('1980-01-01', 'x', '') });
  const body = fc.oneof(
    { weight: 4, arbitrary: bundle.map((b) => JSON.stringify(b)) },
    { weight: 1, arbitrary: patient.map((p) => JSON.stringify(p)) },
    { weight: 1, arbitrary: outcome.map((o) => JSON.stringify(o)) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string() },
    { weight: 1, arbitrary: fc.constantFrom('<html>login</html>', '{"resourceType":"Bundle"', '', 'null', '[]') },
  );
  return fc.record({
    status: fc.constantFrom(200, 200, 200, 200, 201, 204, 301, 400, 401, 403, 404, 410, 429, 500, 503),
    type: fc.constantFrom('application/fhir+json', 'application/json', 'text/html', 'text/plain'),
    body: fc.oneof({ weight: 12, arbitrary: body }, { weight: 1, arbitrary: fc.constant(null) }),
  });
}

function respond(res: ServerResponse, a: Answer): void {
  if (a.body === null) return; // hang until the service gives up
  const headers: Record<string, string> = { 'Content-Type': a.type };
  if (a.status === 301) headers['Location'] = 'https://elsewhere.example.net/';
  res.writeHead(a.status, headers);
  res.end(a.status === 204 ? undefined : a.body);
}

jest.setTimeout(Math.max(120_000, RUNS * 4_000));

test('whatever the FHIR server answers, the service answers 200-conformant or a 4xx OperationOutcome', async () => {
  const prefetchKeys = Object.keys(SC01.request['prefetch'] as JsonObject);
  await fc.assert(
    fc.asyncProperty(
      fc.array(answers(fhir.origin), { minLength: 1, maxLength: 12 }),
      fc.subarray(prefetchKeys, { minLength: 1 }),
      fc.boolean(),
      async (script, missing, withToken) => {
        let i = 0;
        fhir.setOverride((_req, res) => {
          const a = script[i % script.length] as Answer;
          i += 1;
          respond(res, a);
          return true;
        });
        const body = structuredClone(SC01.request) as JsonObject & { prefetch: JsonObject };
        for (const key of missing) delete body.prefetch[key];
        body['fhirServer'] = `${fhir.origin}${BASE_PATH}`;
        if (withToken) body['fhirAuthorization'] = { access_token: 't', token_type: 'Bearer', expires_in: 60, scope: 'patient/*.read', subject: 'x' };
        const res = await postJson(`${service.baseUrl}/cds-services/${SC01.serviceId}`, body);
        const what = `${res.status} ${res.text.slice(0, 300)}`;
        if (res.status === 200) expect({ what, problems: cdsResponseProblems(res.body) }).toEqual({ what, problems: [] });
        else {
          expect({ what, status: res.status >= 400 && res.status < 500 }).toEqual({ what, status: true });
          expect(operationOutcomeCode(res.body)).not.toBeNull();
        }
      },
    ),
    { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) },
  );
});
