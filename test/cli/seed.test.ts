/**
 * `seed FHIR_BASE` against a loopback FHIR server (a plain http server that records what it receives): one
 * transaction Bundle per scenario, PUT Type/id entries, the bearer token on every request.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EXIT } from '../../src/cli/types';
import { cli, tempDir } from './support';

interface Received {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

function startFhirServer(status: number): Promise<{ server: Server; base: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body: text ? (JSON.parse(text) as unknown) : null,
      });
      res.writeHead(status, { 'content-type': 'application/fhir+json' });
      res.end(JSON.stringify({ resourceType: 'Bundle', type: 'transaction-response', entry: [] }));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, base: `http://127.0.0.1:${port}/fhir`, received });
    });
  });
}

const close = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

function scenario(id: string, patientId: string): unknown {
  return {
    id,
    title: `Scenario ${id}`,
    service: 'distal-dvt-patient-view',
    now: '2025-03-10T09:00:00Z',
    request: {
      hookInstance: `00000000-0000-4000-8000-00000000000${id.length}`,
      hook: 'patient-view',
      context: { userId: 'Practitioner/p1', patientId },
      prefetch: {
        patient: { resourceType: 'Patient', id: patientId, gender: 'female', birthDate: '1970-01-01' },
        conditions: {
          resourceType: 'Bundle',
          type: 'searchset',
          entry: [
            { resource: { resourceType: 'Condition', id: `${patientId}-dvt`, subject: { reference: `Patient/${patientId}` } } },
            { resource: { resourceType: 'OperationOutcome', issue: [] } },
          ],
        },
        observations: null,
      },
    },
    expected: { primary: null },
  };
}

describe('distal-dvt-cds seed', () => {
  const fixtures = tempDir('seed');
  beforeAll(() => {
    fixtures.write('sc-a.json', scenario('sc-a', 'pat-a'));
    fixtures.write('sc-b.json', scenario('sc-b', 'pat-b'));
  });
  afterAll(() => fixtures.remove());

  it('posts one transaction Bundle per scenario, with PUT entries and the bearer token', async () => {
    const fhir = await startFhirServer(200);
    try {
      const run = await cli(['seed', fhir.base, '--token', 'test-token-123', '--dir', fixtures.path]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(EXIT.OK);
      expect(run.stdout).toContain('OK    sc-a: 2 resources for Patient/pat-a');
      expect(run.stdout).toContain('Seeded 2 of 2 scenarios');

      expect(fhir.received).toHaveLength(2);
      for (const request of fhir.received) {
        expect(request.method).toBe('POST');
        expect(request.url).toBe('/fhir');
        expect(request.authorization).toBe('Bearer test-token-123');
        expect(request.contentType).toBe('application/fhir+json');
      }
      expect(fhir.received[0]?.body).toEqual({
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            resource: { resourceType: 'Patient', id: 'pat-a', gender: 'female', birthDate: '1970-01-01' },
            request: { method: 'PUT', url: 'Patient/pat-a' },
          },
          {
            resource: { resourceType: 'Condition', id: 'pat-a-dvt', subject: { reference: 'Patient/pat-a' } },
            request: { method: 'PUT', url: 'Condition/pat-a-dvt' },
          },
        ],
      });
    } finally {
      await close(fhir.server);
    }
  });

  it('takes the token from FHIR_TOKEN when --token is not given, and sends none when neither is', async () => {
    const fhir = await startFhirServer(200);
    try {
      await cli(['seed', fhir.base, '--dir', fixtures.path], { env: { FHIR_TOKEN: 'from-env' } });
      await cli(['seed', fhir.base, '--dir', fixtures.path]);
      expect(fhir.received.map((r) => r.authorization)).toEqual(['Bearer from-env', 'Bearer from-env', undefined, undefined]);
    } finally {
      await close(fhir.server);
    }
  });

  it('reports each failed transaction and exits 4 when the server answers with an error', async () => {
    const fhir = await startFhirServer(500);
    try {
      const run = await cli(['seed', fhir.base, '--dir', fixtures.path]);
      expect(run.code).toBe(EXIT.REMOTE);
      expect(run.stdout).toContain('FAIL  sc-a: server answered 500');
      expect(run.stdout).toContain('FAIL  sc-b: server answered 500');
      expect(run.stderr).toBe(`distal-dvt-cds: seed: 2 transactions failed on ${fhir.base}\n`);
    } finally {
      await close(fhir.server);
    }
  });

  it('exits 4 with one line per scenario when nothing listens at FHIR_BASE', async () => {
    const fhir = await startFhirServer(200);
    await close(fhir.server); // the port is now closed
    const run = await cli(['seed', fhir.base, '--dir', fixtures.path]);
    expect(run.code).toBe(EXIT.REMOTE);
    expect(run.stdout).toMatch(/FAIL {2}sc-a: cannot reach http:\/\/127\.0\.0\.1:\d+\/fhir: .*ECONNREFUSED/);
  });

  it('refuses a FHIR_BASE that is not an http(s) URL (exit 2)', async () => {
    const run = await cli(['seed', 'ftp://example.org/fhir', '--dir', fixtures.path]);
    expect(run.code).toBe(EXIT.USAGE);
    expect(run.stderr).toBe('distal-dvt-cds: seed: FHIR_BASE must be an http(s) URL (got "ftp://example.org/fhir")\n');
  });
});
