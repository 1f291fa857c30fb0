/**
 * A load to profile, without the baseline and the table:
 *   node --cpu-prof --cpu-prof-dir=bench/results/profiles dist/bench/profile.js http [seconds] [workers]
 *   (with workers, each worker thread writes its own profile beside the event loop's)
 *   node --cpu-prof --cpu-prof-dir=bench/results/profiles dist/bench/profile.js eval [size] [runs]
 * then `node dist/bench/profile-summary.js <file.cpuprofile>` for the hot functions and files.
 */
import { BENCH_NOW, generateChart } from './chart-generator';
import { PATIENT_VIEW_SERVICE, patientViewRequest } from './hook-requests';
import { warmUp } from './http-throughput';
import { patientViewInput } from './scaling';
import { listen } from './servers';
import { buildService, evaluateHook, findKnowledge, KNOWLEDGE_DIR } from './service-under-test';
import { testConfig } from '../src/config';

async function profileHttp(seconds: number, evaluationWorkers: number): Promise<void> {
  const app = buildService(testConfig({ clock: BENCH_NOW, knowledgeDir: KNOWLEDGE_DIR, logLevel: 'info', feedbackDb: null, evaluationWorkers }));
  if (!app.ok) throw new Error(app.reason);
  const service = await listen(app.value.handler);
  const url = `${service.url}/cds-services/${PATIENT_VIEW_SERVICE}`;
  const body = JSON.stringify(patientViewRequest(generateChart({ size: 200 }), '33333333-3333-4333-8333-333333333333'));
  // warmUp() loads the baseline URL then the service URL: point both at the service.
  await warmUp({ serviceUrl: url, baselineUrl: url, body, responseBytes: 0 }, { connections: 10, durationSeconds: seconds, warmupSeconds: seconds / 2, rounds: 1 });
  await service.close();
  app.value.dispose();
}

function profileEval(size: number, runs: number): void {
  const knowledge = findKnowledge();
  if (!knowledge.ok) throw new Error(knowledge.reason);
  const input = patientViewInput(size);
  let ids = 0;
  for (let i = 0; i < runs; i += 1) {
    evaluateHook({ ...input, record: structuredClone(input.record) }, knowledge.value, () => `id-${(ids += 1)}`);
  }
}

async function main(): Promise<void> {
  const [mode, a, b] = process.argv.slice(2);
  if (mode === 'http') await profileHttp(Number(a ?? 10), Number(b ?? 0));
  else if (mode === 'eval') profileEval(Number(a ?? 200), Number(b ?? 2000));
  else throw new Error('usage: profile.js http [seconds] [workers] | eval [size] [runs]');
}

main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
