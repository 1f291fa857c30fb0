/**
 * Throughput and latency of one hook call against the service and the baseline, measured with autocannon's
 * programmatic API, alternating baseline and service (B, S, B, S …) and keeping the better run of each side:
 * on a shared 2-core machine a run can only be slowed down by noise, never sped up.
 */
import autocannon from 'autocannon';
import { round } from './stats';

export interface LoadOptions {
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
  /** Runs per side (alternated). */
  readonly rounds: number;
}

export interface LoadRun {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
  /**
   * Process CPU time (user + system, every thread: event loop, evaluation workers, GC, and the load generator,
   * which runs in this process for both sides) per answered request. Shows what a ratio of req/s can hide: a
   * service that answers more calls by using more cores.
   */
  readonly cpuMsPerCall: number;
}

export interface Comparison {
  readonly name: string;
  readonly service: LoadRun;
  readonly baseline: LoadRun;
  /** All runs, in the order they ran, for the JSON record. */
  readonly runs: readonly { readonly side: 'service' | 'baseline' | 'shell'; readonly run: LoadRun }[];
  /** service req/s ÷ baseline req/s of the better run of each. */
  readonly throughputRatio: number;
  /** Protocol layer only (no-op clinical core), when measured, and its ratio to the baseline. */
  readonly shell?: LoadRun;
  readonly shellRatio?: number;
  readonly responseBytes: number;
  readonly requestBytes: number;
}

async function load(url: string, body: string, connections: number, durationSeconds: number): Promise<LoadRun> {
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({
    url, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections, duration: durationSeconds,
  });
  const cpu = process.cpuUsage(cpuBefore);
  return {
    cpuMsPerCall: round((cpu.user + cpu.system) / 1000 / Math.max(1, result.requests.total), 3),
    requestsPerSecond: round(result.requests.average, 1),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

const better = (a: LoadRun | undefined, b: LoadRun): LoadRun => (a === undefined || b.requestsPerSecond > a.requestsPerSecond ? b : a);

export interface LoadTarget {
  readonly serviceUrl: string;
  readonly baselineUrl: string;
  /** The same route on a service whose clinical core answers nothing (protocol layer only, on the event loop), when measured. */
  readonly shellUrl?: string;
  readonly body: string;
  readonly responseBytes: number;
}

/** Let V8 optimise both paths (and pools fill) before anything is recorded. */
export async function warmUp(target: LoadTarget, options: LoadOptions): Promise<void> {
  await load(target.baselineUrl, target.body, options.connections, options.warmupSeconds);
  await load(target.serviceUrl, target.body, options.connections, options.warmupSeconds);
  if (target.shellUrl !== undefined) await load(target.shellUrl, target.body, options.connections, options.warmupSeconds);
}

export async function compareWithBaseline(
  name: string,
  target: LoadTarget,
  options: LoadOptions,
  log: (line: string) => void,
): Promise<Comparison> {
  const runs: { side: 'service' | 'baseline' | 'shell'; run: LoadRun }[] = [];
  let bestService: LoadRun | undefined;
  let bestBaseline: LoadRun | undefined;
  let bestShell: LoadRun | undefined;
  for (let round_ = 0; round_ < options.rounds; round_ += 1) {
    const baseline = await load(target.baselineUrl, target.body, options.connections, options.durationSeconds);
    runs.push({ side: 'baseline', run: baseline });
    bestBaseline = better(bestBaseline, baseline);
    log(`  ${name} baseline run ${round_ + 1}: ${baseline.requestsPerSecond} req/s`);
    const service = await load(target.serviceUrl, target.body, options.connections, options.durationSeconds);
    runs.push({ side: 'service', run: service });
    bestService = better(bestService, service);
    log(`  ${name} service  run ${round_ + 1}: ${service.requestsPerSecond} req/s`);
    if (target.shellUrl !== undefined) {
      const shell = await load(target.shellUrl, target.body, options.connections, options.durationSeconds);
      runs.push({ side: 'shell', run: shell });
      bestShell = better(bestShell, shell);
      log(`  ${name} protocol layer only run ${round_ + 1}: ${shell.requestsPerSecond} req/s`);
    }
  }
  if (bestService === undefined || bestBaseline === undefined) throw new Error('rounds must be ≥ 1');
  return {
    name, service: bestService, baseline: bestBaseline, runs,
    throughputRatio: round(bestService.requestsPerSecond / bestBaseline.requestsPerSecond, 3),
    ...(bestShell !== undefined
      ? { shell: bestShell, shellRatio: round(bestShell.requestsPerSecond / bestBaseline.requestsPerSecond, 3) }
      : {}),
    responseBytes: target.responseBytes,
    requestBytes: Buffer.byteLength(target.body),
  };
}
