/**
 * Where one `patient-view` call's time goes, stage by stage, in process (no sockets): parse the body, validate,
 * resolve the prefetch, flatten into the record, evaluate, serialise the answer. Medians over many runs.
 *   node dist/bench/stages.js [size]
 * A diagnostic for the optimisation work (README "Performance"), not one of the targets.
 */
import { createHookRequestValidator } from '../src/cds/validate-request';
import { loadServiceDefinitions } from '../src/cds/service-definitions';
import { buildPatientRecord } from '../src/fhir/record';
import { resolvePrefetch } from '../src/fhir/prefetch';
import { noopMetrics } from '../src/observability/metrics-types';
import path from 'node:path';
import { BENCH_NOW, generateChart } from './chart-generator';
import { PATIENT_VIEW_SERVICE, patientViewRequest } from './hook-requests';
import { median, msSince, round } from './stats';
import { evaluateHook, findKnowledge, KNOWLEDGE_DIR } from './service-under-test';

async function main(): Promise<void> {
  const size = Number(process.argv[2] ?? 200);
  const runs = Number(process.argv[3] ?? 1500);
  const knowledge = findKnowledge();
  if (!knowledge.ok) throw new Error(knowledge.reason);
  const service = loadServiceDefinitions(path.join(KNOWLEDGE_DIR, 'services')).find((s) => s.id === PATIENT_VIEW_SERVICE);
  if (service === undefined) throw new Error('no patient-view service definition');
  const body = JSON.stringify(patientViewRequest(generateChart({ size }), '44444444-4444-4444-8444-444444444444'));
  const validate = createHookRequestValidator();
  const env = { fetch: globalThis.fetch, policy: { servers: [], allowLoopback: false }, timeoutMs: 4000, maxPages: 10, metrics: noopMetrics };
  const now = new Date(BENCH_NOW);
  const times: Record<string, number[]> = { parse: [], validate: [], prefetch: [], record: [], evaluate: [], respond: [] };
  const lap = (name: string, start: bigint): bigint => {
    times[name]?.push(msSince(start));
    return process.hrtime.bigint();
  };
  let ids = 0;
  const newId = (): string => `id-${(ids += 1)}`;
  for (let i = 0; i < runs; i += 1) {
    let t = process.hrtime.bigint();
    const parsed: unknown = JSON.parse(body);
    t = lap('parse', t);
    const request = validate(parsed, service);
    t = lap('validate', t);
    const resolved = await resolvePrefetch(service, request, env);
    t = lap('prefetch', t);
    const record = buildPatientRecord(request.context.patientId, Object.values(resolved.values));
    t = lap('record', t);
    const result = evaluateHook({ hook: request.hook, serviceId: service.id, patientId: request.context.patientId, record, now }, knowledge.value, newId);
    t = lap('evaluate', t);
    JSON.stringify({ cards: result.cards }); // as the service answers: the engine's cards are final
    lap('respond', t);
  }
  const skip = Math.floor(runs / 5); // the first fifth is warm-up
  let total = 0;
  for (const [name, list] of Object.entries(times)) {
    const value = median(list.slice(skip));
    total += value;
    process.stdout.write(`${name.padEnd(9)} ${round(value, 3).toFixed(3).padStart(8)} ms\n`);
  }
  process.stdout.write(`${'sum'.padEnd(9)} ${round(total, 3).toFixed(3).padStart(8)} ms  (${size} resources, ${Buffer.byteLength(body)} bytes)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
