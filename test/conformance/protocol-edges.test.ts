/**
 * Protocol edge cases as real clients produce them (CONFORMANCE §3.3, §3.6, §7, §9), against the running service
 * and a real loopback FHIR server (node:http, not nock). The chart is scenario SC01 (a calf DVT → SERIAL_IMAGING),
 * so "the service really used the data" shows as the same advice as with a complete prefetch.
 */
import { randomUUID } from 'node:crypto';
import { deflateSync, brotliCompressSync, gzipSync } from 'node:zlib';
import { invocationProblems } from './cds-response-validator';
import { call, operationOutcomeCode, postJson, scenarioRequest, startService, type HttpAnswer, type JsonObject, type RunningService } from './harness';
import { startLoopbackFhir, type LoopbackFhir } from './loopback-fhir';

const SC01 = scenarioRequest('SC01');
const PATIENT_ID = String((SC01.request['context'] as JsonObject)['patientId']);
const BASE_PATH = '/fhir/r4';
const TOKEN = 'loopback-access-token-1c9e';

let service: RunningService;
let fhir: LoopbackFhir;
let url: string;
let expectedTopics: string[];

const topicsOf = (res: HttpAnswer): string[] =>
  ((res.body as { cards?: { source: { topic?: { code?: string } } }[] } | undefined)?.cards ?? []).map((c) => c.source.topic?.code ?? '?');

function sc01(changes: (body: JsonObject & { prefetch: JsonObject }) => void = () => undefined): JsonObject {
  const body = structuredClone(SC01.request) as JsonObject & { prefetch: JsonObject };
  body['hookInstance'] = randomUUID();
  changes(body);
  return body;
}

const fhirAuthorization = (tokenType = 'Bearer'): JsonObject => ({
  access_token: TOKEN,
  token_type: tokenType,
  expires_in: 300,
  scope: 'patient/*.read',
  subject: 'distal-dvt-cds',
  patient: PATIENT_ID,
});

beforeAll(async () => {
  fhir = await startLoopbackFhir(BASE_PATH);
  service = await startService({ clock: SC01.now, allowLoopbackFhir: true, fhirTimeoutMs: 1500, fhirMaxPages: 50 });
  url = `${service.baseUrl}/cds-services/${SC01.serviceId}`;
  const reference = await postJson(url, sc01());
  expect(invocationProblems(reference)).toEqual([]);
  expectedTopics = topicsOf(reference);
  expect(expectedTopics[0]).toBe('SERIAL_IMAGING');
});

beforeEach(() => {
  fhir.seen.length = 0;
  fhir.setChart(SC01.request['prefetch'] as JsonObject);
  fhir.setOverride(null);
  fhir.setPageSize(2);
});

afterAll(async () => {
  await service.close();
  await fhir.close();
});

describe('FHIR fallback against a real loopback FHIR server', () => {
  test.each([
    ['a trailing slash', `${BASE_PATH}/`],
    ['no trailing slash', BASE_PATH],
    ['several trailing slashes', `${BASE_PATH}//`],
  ])('no prefetch at all (the sandbox after failed fetches), fhirServer with a path and %s', async (_name, suffix) => {
    const res = await postJson(url, sc01((b) => {
      delete (b as JsonObject)['prefetch'];
      b['fhirServer'] = `${fhir.origin}${suffix}`;
    }));
    expect(invocationProblems(res)).toEqual([]);
    expect(topicsOf(res)).toEqual(expectedTopics);
    expect(fhir.seen.every((r) => r.path.startsWith(`${BASE_PATH}/`) && !r.path.includes('//'))).toBe(true);
    expect(fhir.seen.find((r) => r.path === `${BASE_PATH}/Patient/${PATIENT_ID}`)).toBeDefined();
    // No fhirAuthorization: no token is invented (the open-sandbox case).
    expect(fhir.seen.every((r) => r.authorization === undefined && r.accept === 'application/fhir+json')).toBe(true);
  });

  test('the template query strings reach the FHIR server intact', async () => {
    await postJson(url, sc01((b) => {
      delete (b as JsonObject)['prefetch'];
      b['fhirServer'] = `${fhir.origin}${BASE_PATH}`;
    }));
    const first = (type: string) => fhir.seen.find((r) => r.path === `${BASE_PATH}/${type}` && !r.query.has('_page'));
    expect(first('Condition')?.query.get('patient')).toBe(PATIENT_ID);
    expect(first('MedicationRequest')?.query.get('status')).toBe('active,on-hold');
    const codes = first('Observation')?.query.get('code')?.split(',') ?? [];
    expect(codes).toContain('http://loinc.org|48065-7');
    expect(codes).toContain('urn:distal-dvt-cds:findings|thrombus-length');
  });

  test('paged searchsets (one entry per page) are followed to the end, with the token on every page', async () => {
    fhir.setPageSize(1);
    const res = await postJson(url, sc01((b) => {
      delete (b as JsonObject)['prefetch'];
      b['fhirServer'] = `${fhir.origin}${BASE_PATH}`;
      b['fhirAuthorization'] = fhirAuthorization();
    }));
    expect(invocationProblems(res)).toEqual([]);
    expect(topicsOf(res)).toEqual(expectedTopics);
    expect(fhir.seen.filter((r) => r.query.has('_page')).length).toBeGreaterThan(3);
    expect(fhir.seen.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  test('a paged Bundle given in prefetch is completed from the fhirServer', async () => {
    fhir.setPageSize(1);
    const observations = (SC01.request['prefetch'] as JsonObject)['observations'] as { entry: unknown[] };
    const res = await postJson(url, sc01((b) => {
      b['fhirServer'] = `${fhir.origin}${BASE_PATH}`;
      b.prefetch['observations'] = {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: observations.entry.slice(0, 1),
        link: [{ relation: 'next', url: `${fhir.origin}${BASE_PATH}/Observation?patient=${PATIENT_ID}&_page=2` }],
      };
    }));
    expect(topicsOf(res)).toEqual(expectedTopics);
    expect(fhir.seen.filter((r) => r.path === `${BASE_PATH}/Observation`).length).toBe(observations.entry.length - 1);
  });

  test('fhirAuthorization with token_type "bearer" (lower case) is accepted and sent as a Bearer token', async () => {
    const res = await postJson(url, sc01((b) => {
      delete b.prefetch['conditions'];
      b['fhirServer'] = `${fhir.origin}${BASE_PATH}`;
      b['fhirAuthorization'] = fhirAuthorization('bearer');
    }));
    expect(res.status).toBe(200);
    expect(topicsOf(res)).toEqual(expectedTopics);
    expect(fhir.seen.map((r) => `${r.path} ${r.authorization ?? ''}`)).toEqual([`${BASE_PATH}/Condition Bearer ${TOKEN}`]);
  });
});

describe('OperationOutcomes in prefetch', () => {
  const outcome = (severity: string): JsonObject => ({
    resourceType: 'OperationOutcome',
    issue: [{ severity, code: severity === 'error' ? 'timeout' : 'informational', diagnostics: 'partial results' }],
  });
  const mixed = (severity: string) => (b: JsonObject & { prefetch: JsonObject }): void => {
    const conditions = b.prefetch['conditions'] as { entry: unknown[] };
    b.prefetch['conditions'] = { ...conditions, entry: [...conditions.entry, { resource: outcome(severity), search: { mode: 'outcome' } }] };
  };

  test('a Bundle mixing resources with an error OperationOutcome is refetched from the fhirServer', async () => {
    const res = await postJson(url, sc01((b) => {
      mixed('error')(b);
      b['fhirServer'] = `${fhir.origin}${BASE_PATH}`;
    }));
    expect(invocationProblems(res)).toEqual([]);
    expect(topicsOf(res)).toEqual(expectedTopics);
    expect(fhir.seen.map((r) => r.path)).toEqual([`${BASE_PATH}/Condition`]);
  });

  test('…and answers 412 when there is no fhirServer to repair it (the data may be incomplete)', async () => {
    const res = await postJson(url, sc01(mixed('error')));
    expect(res.status).toBe(412);
    expect(operationOutcomeCode(res.body)).toBe('ERR_PREFETCH_UNAVAILABLE');
  });

  test.each(['warning', 'information'])('a searchset with a %s outcome entry (search.mode=outcome) is a normal answer: used as is', async (severity) => {
    const res = await postJson(url, sc01(mixed(severity)));
    expect(invocationProblems(res)).toEqual([]);
    expect(topicsOf(res)).toEqual(expectedTopics);
  });

  test('a key holding only an OperationOutcome and no fhirServer → 412 naming the key', async () => {
    const res = await postJson(url, sc01((b) => void (b.prefetch['observations'] = outcome('error'))));
    expect(res.status).toBe(412);
    expect(JSON.stringify(res.body)).toContain('prefetch.observations');
  });

  test('a FHIR server search answering a Bundle with an error outcome entry → 412, not silently partial data', async () => {
    fhir.setOverride((_req, res, u) => {
      if (u.pathname !== `${BASE_PATH}/Condition`) return false;
      res.writeHead(200, { 'Content-Type': 'application/fhir+json' });
      res.end(JSON.stringify({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: outcome('fatal'), search: { mode: 'outcome' } }] }));
      return true;
    });
    const res = await postJson(url, sc01((b) => {
      delete b.prefetch['conditions'];
      b['fhirServer'] = `${fhir.origin}${BASE_PATH}`;
    }));
    expect(res.status).toBe(412);
  });
});

describe('prefetch that is odd but legal', () => {
  test('extra keys the service never asked for are ignored (no fetch, same advice)', async () => {
    const res = await postJson(url, sc01((b) => {
      b.prefetch['user'] = { resourceType: 'Practitioner', id: 'dr-lee' };
      b.prefetch['com.example.extra'] = { resourceType: 'Bundle', type: 'searchset', total: 0 };
      b.prefetch['nonsense'] = '123';
      b['fhirServer'] = `${fhir.origin}${BASE_PATH}`;
    }));
    expect(invocationProblems(res)).toEqual([]);
    expect(topicsOf(res)).toEqual(expectedTopics);
    expect(fhir.seen).toEqual([]);
  });

  test('the same hookInstance sent twice (a client retry) is answered twice', async () => {
    const body = sc01();
    const first = await postJson(url, body);
    const second = await postJson(url, body);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(topicsOf(second)).toEqual(topicsOf(first));
  });

  test('a 5 MB prefetch (under the 10 MB default limit) is answered 200', async () => {
    const res = await postJson(url, sc01((b) => {
      const filler = Array.from({ length: 2500 }, (_v, i) => ({
        resource: { resourceType: 'Procedure', id: `filler-${i}`, status: 'completed', subject: { reference: `Patient/${PATIENT_ID}` }, note: [{ text: 'x'.repeat(1900) }] },
      }));
      b.prefetch['procedures'] = { resourceType: 'Bundle', type: 'searchset', total: filler.length, entry: filler };
    }));
    expect(invocationProblems(res)).toEqual([]);
    expect(topicsOf(res)).toEqual(expectedTopics);
  });

  test('an 11 MB body is 413 with an OperationOutcome', async () => {
    const res = await postJson(url, sc01((b) => void (b.prefetch['filler'] = 'x'.repeat(11 * 1024 * 1024))));
    expect(res.status).toBe(413);
    expect(operationOutcomeCode(res.body)).toBe('ERR_PAYLOAD_TOO_LARGE');
  });
});

describe('the FHIR server failing', () => {
  const answer = (status: number, body: string, type: string) => (_req: unknown, res: import('node:http').ServerResponse, u: URL): boolean => {
    if (u.pathname !== `${BASE_PATH}/Condition`) return false;
    res.writeHead(status, { 'Content-Type': type });
    res.end(body);
    return true;
  };

  test.each([
    ['401', 401, '{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"login"}]}', 'application/fhir+json'],
    ['403', 403, '{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"forbidden"}]}', 'application/fhir+json'],
    ['404 on a search (wrong base)', 404, '{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found"}]}', 'application/fhir+json'],
    ['500', 500, 'Internal Server Error', 'text/plain'],
    ['200 with invalid JSON', 200, '{"resourceType":"Bundle",', 'application/fhir+json'],
    ['200 with an HTML login page', 200, '<!doctype html><html><body>Sign in</body></html>', 'text/html'],
    ['200 with JSON that is not a FHIR resource', 200, '{"error":"maintenance"}', 'application/json'],
    ['200 with a resource of the wrong type for a search', 200, '{"resourceType":"Patient","id":"sc01"}', 'application/fhir+json'],
    ['200 with a JSON array', 200, '[]', 'application/json'],
  ])('%s → 412 with an OperationOutcome that names the key and not the token', async (_name, status, body, type) => {
    fhir.setOverride(answer(status, body, type));
    const res = await postJson(url, sc01((b) => {
      delete b.prefetch['conditions'];
      b['fhirServer'] = `${fhir.origin}${BASE_PATH}`;
      b['fhirAuthorization'] = fhirAuthorization();
    }));
    expect({ status: res.status, code: operationOutcomeCode(res.body) }).toEqual({ status: 412, code: 'ERR_PREFETCH_UNAVAILABLE' });
    expect(JSON.stringify(res.body)).toContain('prefetch.conditions');
    expect(res.text).not.toContain(TOKEN);
    expect(service.logText()).not.toContain(TOKEN);
  });

  test('a FHIR server that never answers → 412 ERR_FHIR_TIMEOUT', async () => {
    fhir.setOverride((_req, _res, u) => u.pathname === `${BASE_PATH}/Condition`); // swallowed: no answer at all
    const res = await postJson(url, sc01((b) => {
      delete b.prefetch['conditions'];
      b['fhirServer'] = `${fhir.origin}${BASE_PATH}`;
    }));
    expect({ status: res.status, code: operationOutcomeCode(res.body) }).toEqual({ status: 412, code: 'ERR_FHIR_TIMEOUT' });
  });

  test('Patient read answering 404 is "no such patient", like a prefetch null: 200 and no DVT advice', async () => {
    // CDS Hooks 2.0 §Prefetch Template: a single-resource read with no data is null; null means "none", not 412.
    const res = await postJson(url, sc01((b) => {
      delete b.prefetch['patient'];
      b['fhirServer'] = `${fhir.origin}${BASE_PATH}`;
      (b['context'] as JsonObject)['patientId'] = 'unknown-patient';
      for (const k of Object.keys(b.prefetch)) b.prefetch[k] = { resourceType: 'Bundle', type: 'searchset', total: 0 };
    }));
    expect(invocationProblems(res)).toEqual([]);
    expect(fhir.seen.map((r) => r.path)).toEqual([`${BASE_PATH}/Patient/unknown-patient`]);
    const withNull = await postJson(url, sc01((b) => {
      (b['context'] as JsonObject)['patientId'] = 'unknown-patient';
      for (const k of Object.keys(b.prefetch)) b.prefetch[k] = { resourceType: 'Bundle', type: 'searchset', total: 0 };
      b.prefetch['patient'] = null;
    }));
    expect(topicsOf(res)).toEqual(topicsOf(withNull));
  });
});

describe('request encodings real clients use', () => {
  const raw = async (body: Buffer | string, headers: Record<string, string>): Promise<HttpAnswer> =>
    call(url, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
  const json = (): string => JSON.stringify(sc01());

  test.each([
    'application/json',
    'application/json; charset=utf-8',
    'application/json;charset=UTF-8',
    'application/fhir+json',
    'application/fhir+json; fhirVersion=4.0',
  ])('Content-Type %s → 200', async (type) => {
    const res = await raw(json(), { 'Content-Type': type });
    expect(invocationProblems(res)).toEqual([]);
    expect(topicsOf(res)).toEqual(expectedTopics);
  });

  test.each([
    ['gzip', (s: string) => gzipSync(s)],
    ['deflate', (s: string) => deflateSync(s)],
    ['br', (s: string) => brotliCompressSync(s)],
  ])('Content-Encoding: %s is inflated → 200', async (encoding, compress) => {
    const res = await raw(compress(json()), { 'Content-Type': 'application/json', 'Content-Encoding': encoding });
    expect(invocationProblems(res)).toEqual([]);
    expect(topicsOf(res)).toEqual(expectedTopics);
  });

  test('an unsupported Content-Encoding → 415 OperationOutcome', async () => {
    const res = await raw(json(), { 'Content-Type': 'application/json', 'Content-Encoding': 'compress' });
    expect({ status: res.status, code: operationOutcomeCode(res.body) }).toEqual({ status: 415, code: 'ERR_UNSUPPORTED_MEDIA_TYPE' });
  });

  test('a gzip body that is corrupt → 400, not 500', async () => {
    const res = await raw(Buffer.from('not gzip at all'), { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(operationOutcomeCode(res.body)).not.toBeNull();
  });

  test('a non-UTF-8 charset → 415; text/plain → 415', async () => {
    const latin1 = await raw(json(), { 'Content-Type': 'application/json; charset=latin1' });
    const text = await raw(json(), { 'Content-Type': 'text/plain' });
    expect([latin1.status, text.status]).toEqual([415, 415]);
  });
});
