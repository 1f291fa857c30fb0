/**
 * `distal-dvt-cds seed FHIR_BASE [--token T] [--dir fhir-fixtures/scenarios]` — load every fixture patient into a
 * FHIR R4 server, one `transaction` Bundle per scenario with `PUT Type/id` entries (so seeding twice is harmless),
 * so that a CDS client such as the public sandbox, pointed at that server, shows real cards for them.
 */
import { resolve } from 'node:path';
import type { Bundle, BundleEntry, FhirResource } from 'fhir/r4';
import { parseCommandArgs, stringOption } from './args';
import { firstLine, usageError } from './cli-error';
import { buildPatientRecord } from '../fhir/record';
import { DEFAULT_SCENARIO_DIR } from './scenarios-command';
import { loadScenarios, type Scenario } from './scenario-fixtures';
import { EXIT, type CliCommand } from './types';

const OPTIONS = { token: { type: 'string' }, dir: { type: 'string' }, 'timeout-ms': { type: 'string' } } as const;
const DEFAULT_TIMEOUT_MS = 30_000;

/** The scenario's chart (prefetch) as a transaction; resources without an id cannot be PUT and are counted. */
export function transactionFor(scenario: Scenario): { readonly bundle: Bundle; readonly skipped: number } {
  const { patientId } = scenario.request.context;
  const resources = buildPatientRecord(patientId, Object.values(scenario.request.prefetch ?? {})).resources;
  const withId = resources.filter((r): r is FhirResource & { id: string } => typeof r.id === 'string' && r.id !== '');
  const entry: BundleEntry[] = withId.map((resource) => ({
    resource,
    request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` },
  }));
  return { bundle: { resourceType: 'Bundle', type: 'transaction', entry }, skipped: resources.length - withId.length };
}

function parseBase(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw usageError(`seed: FHIR_BASE must be an http(s) URL (got "${raw}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageError(`seed: FHIR_BASE must be an http(s) URL (got "${raw}")`);
  return url.href.replace(/\/+$/, '');
}

/** Names the failure without echoing the server's body (it may contain patient data). */
async function postTransaction(base: string, bundle: Bundle, token: string | undefined, timeoutMs: number): Promise<string | null> {
  try {
    const response = await fetch(base, {
      method: 'POST',
      headers: {
        'content-type': 'application/fhir+json',
        accept: 'application/fhir+json',
        ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(bundle),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();
    return response.ok ? null : `server answered ${response.status} ${response.statusText}`.trimEnd();
  } catch (err) {
    const name = typeof err === 'object' && err !== null && 'name' in err ? err.name : undefined;
    if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs} ms`;
    // undici reports "fetch failed" and puts the reason (ECONNREFUSED …) in `cause`.
    const cause = typeof err === 'object' && err !== null && 'cause' in err ? err.cause : undefined;
    return `cannot reach ${base}: ${firstLine(cause ?? err)}`;
  }
}

export const seedCommand: CliCommand = async (args, io) => {
  const opts = parseCommandArgs('seed', args, OPTIONS);
  const [rawBase, ...extra] = opts.positionals;
  if (rawBase === undefined) throw usageError('seed: which FHIR server? usage: distal-dvt-cds seed FHIR_BASE [--token T]');
  if (extra.length > 0) throw usageError(`seed: unexpected argument ${extra.join(' ')}`);
  const base = parseBase(rawBase);
  // A token in FHIR_TOKEN keeps it out of shell history; --token wins when both are given.
  const token = stringOption(opts, 'token') ?? (io.env.FHIR_TOKEN?.trim() || undefined);
  const timeoutRaw = stringOption(opts, 'timeout-ms');
  const timeoutMs = timeoutRaw === undefined ? DEFAULT_TIMEOUT_MS : Number(timeoutRaw);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw usageError(`seed: --timeout-ms must be a positive integer (got "${timeoutRaw}")`);
  const dir = stringOption(opts, 'dir') ?? DEFAULT_SCENARIO_DIR;

  let failures = 0;
  let badFixtures = 0;
  const files = loadScenarios(resolve(io.cwd, dir), dir);
  for (const entry of files) {
    if ('problem' in entry) {
      badFixtures++;
      io.stdout(`SKIP  ${entry.file.replace(/^.*[\\/]/, '')}: ${entry.problem}\n`);
      continue;
    }
    const { scenario } = entry;
    const { bundle, skipped } = transactionFor(scenario);
    const problem = await postTransaction(base, bundle, token, timeoutMs);
    const count = bundle.entry?.length ?? 0;
    const note = skipped > 0 ? ` (${skipped} without id skipped)` : '';
    if (problem === null) {
      io.stdout(`OK    ${scenario.id}: ${count} resources for Patient/${scenario.request.context.patientId}${note}\n`);
    } else {
      failures++;
      io.stdout(`FAIL  ${scenario.id}: ${problem}\n`);
    }
  }
  io.stdout(`\nSeeded ${files.length - failures - badFixtures} of ${files.length} scenarios into ${base}\n`);
  if (failures > 0) {
    io.stderr(`distal-dvt-cds: seed: ${failures} transaction${failures === 1 ? '' : 's'} failed on ${base}\n`);
    return EXIT.REMOTE;
  }
  return badFixtures > 0 ? EXIT.FINDINGS : EXIT.OK;
};
