/**
 * `npm run bench`: one process, one table. HTTP throughput and latency of the service against a bare-Express
 * baseline (same run, alternated), in-process evaluation cost by chart size, prefetch fallback against a slow
 * loopback FHIR server, and RSS before/after the load. Results also go to bench/results/<timestamp>.json and
 * bench/results/latest.json.
 *
 * Options: --duration=S (seconds per measured run, default 10) --warmup=S (3) --connections=N (10)
 *          --rounds=N (runs per side, default 2) --delay=MS (FHIR delay, 100) --only=http,scaling,fallback
 *          --workers=N (evaluation workers of the service; default as `npm start` on this machine)
 *          --quick (2 s runs, 1 round, short scaling budget: a smoke test, not figures to publish)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultEvaluationWorkers, testConfig, type Config } from '../src/config';
import { BENCH_NOW, generateChart, type Chart } from './chart-generator';
import { measureFallback, startSlowFhirServer, type FallbackResult, type SlowFhirServer } from './fallback';
import { ORDER_SELECT_SERVICE, orderSelectRequest, PATIENT_VIEW_SERVICE, patientViewRequest } from './hook-requests';
import { compareWithBaseline, warmUp, type Comparison, type LoadOptions, type LoadTarget } from './http-throughput';
import { snapshotMemory, type MemorySnapshot } from './memory';
import { buildRows, formatTable, writeResults, type Measurements } from './report';
import { measureScaling, type ScalingOptions, type ScalingPoint } from './scaling';
import { createBaselineApp, listen, postJson, type RunningServer } from './servers';
import { buildService, evaluateHook, findKnowledge, KNOWLEDGE_DIR, noOpEngine } from './service-under-test';

interface Options {
  readonly load: LoadOptions;
  readonly scaling: ScalingOptions;
  readonly fallbackDelayMs: number;
  readonly fallbackCalls: number;
  readonly sections: ReadonlySet<'http' | 'scaling' | 'fallback'>;
  readonly quick: boolean;
  /** Evaluation workers of the service under test (production default for this machine unless --workers). */
  readonly workers: number;
}

function parseOptions(argv: readonly string[]): Options {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (match?.[1] === undefined) throw new Error(`unknown argument ${arg}`);
    flags.set(match[1], match[2] ?? 'true');
  }
  const quick = flags.get('quick') === 'true';
  const num = (name: string, fallback: number): number => {
    const raw = flags.get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
    return value;
  };
  const only = (flags.get('only') ?? 'http,scaling,fallback').split(',').map((s) => s.trim());
  for (const section of only) {
    if (section !== 'http' && section !== 'scaling' && section !== 'fallback') throw new Error(`--only: unknown section ${section}`);
  }
  return {
    load: {
      durationSeconds: num('duration', quick ? 2 : 10),
      warmupSeconds: num('warmup', quick ? 1 : 3),
      connections: num('connections', 10),
      rounds: num('rounds', quick ? 1 : 2),
    },
    scaling: {
      sizes: [10, 100, 200, 1000, 10_000],
      budgetMs: quick ? 300 : 2500,
      minRuns: quick ? 5 : 15,
      maxRuns: 5000,
    },
    fallbackDelayMs: num('delay', 100),
    fallbackCalls: quick ? 5 : 20,
    sections: new Set(only as ('http' | 'scaling' | 'fallback')[]),
    quick,
    workers: flags.has('workers') ? integerFlag(flags.get('workers') ?? '', 'workers') : defaultEvaluationWorkers(os.availableParallelism()),
  };
}

function integerFlag(raw: string, name: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be an integer ≥ 0`);
  return value;
}

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

interface HttpOutcome {
  readonly comparisons: Comparison[];
  readonly skipped: string | null;
  readonly fallback: FallbackResult | null;
  readonly fallbackSkipped: string | null;
  readonly memory: { readonly afterWarmup: MemorySnapshot; readonly afterLoad: MemorySnapshot } | null;
}

/**
 * The service's config: a fixed clock, the repository's knowledge, loopback FHIR allowed, and the feedback store
 * in a SQLite file as in production (an in-memory database would grow with every card issued and read as a leak).
 */
function serviceConfig(fhirOrigin: string | null, feedbackDb: string, evaluationWorkers: number): Readonly<Config> {
  return testConfig({
    clock: BENCH_NOW, knowledgeDir: KNOWLEDGE_DIR, logLevel: 'info', feedbackDb, evaluationWorkers,
    allowLoopbackFhir: true, fhirServers: fhirOrigin === null ? [] : [fhirOrigin],
  });
}

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true });
}

async function prepareTarget(
  service: RunningServer, serviceId: string, body: string, baselines: RunningServer[], shell?: RunningServer,
): Promise<LoadTarget | string> {
  const serviceUrl = `${service.url}/cds-services/${serviceId}`;
  const probe = await postJson(serviceUrl, body);
  if (probe.status !== 200) return `${serviceId} answered HTTP ${probe.status}: ${probe.body.toString('utf8').slice(0, 300)}`;
  const baseline = await listen(createBaselineApp(`/cds-services/${serviceId}`, probe.body));
  baselines.push(baseline);
  return {
    serviceUrl, baselineUrl: `${baseline.url}/cds-services/${serviceId}`, body, responseBytes: probe.body.length,
    ...(shell !== undefined ? { shellUrl: `${shell.url}/cds-services/${serviceId}` } : {}),
  };
}

async function runHttpSections(options: Options, chart: Chart): Promise<HttpOutcome> {
  let fhir: SlowFhirServer | null = null;
  if (options.sections.has('fallback')) fhir = await startSlowFhirServer(chart, options.fallbackDelayMs);
  const feedbackDb = path.join(os.tmpdir(), `distal-dvt-bench-${process.pid}.db`);
  const app = buildService(serviceConfig(fhir === null ? null : new URL(fhir.base).origin, feedbackDb, options.workers));
  if (!app.ok) {
    await fhir?.close();
    removeDatabase(feedbackDb);
    return { comparisons: [], skipped: app.reason, fallback: null, fallbackSkipped: app.reason, memory: null };
  }
  const service = await listen(app.value.handler);
  // Same config and deps, clinical core replaced: the protocol layer's own cost (diagnostic row).
  const shellDb = `${feedbackDb}-shell`;
  const shellApp = buildService(serviceConfig(null, shellDb, 0), { evaluate: noOpEngine });
  const shell = shellApp.ok ? await listen(shellApp.value.handler) : undefined;
  const baselines: RunningServer[] = [];
  try {
    const comparisons: Comparison[] = [];
    let skipped: string | null = options.sections.has('http') ? null : 'not selected (--only)';
    let afterWarmup: MemorySnapshot | null = null;
    if (skipped === null) {
      const targets: [string, LoadTarget | string][] = [
        [`patient-view ${chart.resources.length} resources`, await prepareTarget(service, PATIENT_VIEW_SERVICE,
          JSON.stringify(patientViewRequest(chart, '11111111-1111-4111-8111-111111111111')), baselines, shell)],
        ['order-select apixaban draft', await prepareTarget(service, ORDER_SELECT_SERVICE,
          JSON.stringify(orderSelectRequest(chart, '22222222-2222-4222-8222-222222222222')), baselines)],
      ];
      const ready = targets.filter((t): t is [string, LoadTarget] => typeof t[1] !== 'string');
      const failed = targets.filter((t) => typeof t[1] === 'string').map((t) => String(t[1]));
      if (failed.length > 0) skipped = failed.join('; ');
      for (const [name, target] of ready) {
        log(`warming up ${name} (${options.load.warmupSeconds} s per side)`);
        await warmUp(target, options.load);
      }
      afterWarmup = await snapshotMemory(app.value.collectWorkerGarbage);
      if (failed.length === 0) {
        for (const [name, target] of ready) comparisons.push(await compareWithBaseline(name, target, options.load, log));
      }
    }
    let fallback: FallbackResult | null = null;
    let fallbackSkipped: string | null = 'not selected (--only)';
    if (fhir !== null) {
      log(`fallback: ${options.fallbackCalls} calls, FHIR delay ${options.fallbackDelayMs} ms`);
      fallback = await measureFallback(`${service.url}/cds-services/${PATIENT_VIEW_SERVICE}`, fhir, chart, options.fallbackDelayMs, options.fallbackCalls);
      fallbackSkipped = null;
    }
    const afterLoad = await snapshotMemory(app.value.collectWorkerGarbage);
    return { comparisons, skipped, fallback, fallbackSkipped, memory: afterWarmup === null ? null : { afterWarmup, afterLoad } };
  } finally {
    await service.close();
    for (const baseline of baselines) await baseline.close();
    if (fhir !== null) await fhir.close();
    await shell?.close();
    if (shellApp.ok) shellApp.value.dispose();
    app.value.dispose();
    removeDatabase(feedbackDb);
    removeDatabase(shellDb);
  }
}

function runScaling(options: Options): { points: ScalingPoint[]; skipped: string | null; notes: string[] } {
  if (!options.sections.has('scaling')) return { points: [], skipped: 'not selected (--only)', notes: [] };
  const knowledge = findKnowledge();
  if (!knowledge.ok) return { points: [], skipped: knowledge.reason, notes: [] };
  const probe = evaluateHook(
    { hook: 'patient-view', serviceId: PATIENT_VIEW_SERVICE, patientId: 'p', record: { patientId: 'p', resources: [] }, now: new Date(BENCH_NOW) },
    knowledge.value, () => 'id',
  );
  const notes = probe.facts === null && probe.decision === null ? ['the clinical engine is still a placeholder: evaluation figures measure nothing yet'] : [];
  log('scaling: evaluateHook in process');
  return { points: measureScaling(evaluateHook, knowledge.value, options.scaling, log), skipped: null, notes };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const chart = generateChart({ size: 200, seed: 7 });
  log(`distal-dvt-cds bench: ${options.quick ? 'QUICK (smoke) ' : ''}${os.cpus().length} CPUs, node ${process.version}`);

  const http = await runHttpSections(options, chart);
  const scaling = runScaling(options);

  const measurements: Measurements = {
    http: http.comparisons, httpSkipped: http.skipped,
    scaling: scaling.points, scalingSkipped: scaling.skipped,
    fallback: http.fallback, fallbackSkipped: http.fallbackSkipped,
    memory: http.memory,
  };
  const rows = buildRows(measurements);
  const notes = [
    ...scaling.notes,
    ...[['HTTP', http.skipped], ['Scaling', scaling.skipped], ['Fallback', http.fallbackSkipped]]
      .filter((entry): entry is [string, string] => entry[1] !== null)
      .map(([section, reason]) => `${section} skipped: ${reason}`),
  ];
  const header = `distal-dvt-cds benchmark — ${startedAt.toISOString()} — node ${process.version}, ${os.cpus().length} CPUs, `
    + `load avg ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} — HTTP: ${options.load.connections} connections, `
    + `${options.load.rounds} × ${options.load.durationSeconds} s per side alternated (best kept), ${options.load.warmupSeconds} s warm-up; `
    + `service with ${options.workers} evaluation worker${options.workers === 1 ? '' : 's'} (--workers)`;
  process.stdout.write(`\n${header}\n\n${formatTable(rows)}\n${notes.map((n) => `\nNote: ${n}`).join('')}\n`);

  const file = writeResults(path.resolve(__dirname, '..', '..', 'bench', 'results'), {
    startedAt: startedAt.toISOString(), node: process.version, cpus: os.cpus().length, loadAverage: os.loadavg(),
    options: { ...options, sections: [...options.sections] }, rows, measurements, notes,
  }, startedAt);
  log(`\nresults: ${path.relative(process.cwd(), file)} (and bench/results/latest.json)`);
}

/** RSS is only comparable after a full collection: re-run under --expose-gc when started without it. */
function reexecWithGc(): boolean {
  if (typeof (globalThis as { gc?: unknown }).gc === 'function' || process.execArgv.includes('--expose-gc')) return false;
  const child = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, __filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = child.status ?? 1;
  return true;
}

if (!reexecWithGc()) {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (error: unknown) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
