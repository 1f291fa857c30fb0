/**
 * Turns the measurements into the one table `npm run bench` prints (targets of issue 7 with PASS/FAIL) and the
 * JSON record written to bench/results/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FallbackResult } from './fallback';
import type { Comparison } from './http-throughput';
import type { MemorySnapshot } from './memory';
import type { ScalingPoint } from './scaling';
import { round } from './stats';

export type Verdict = 'PASS' | 'FAIL' | 'INFO' | 'SKIP';

export interface Row {
  readonly measure: string;
  readonly value: string;
  readonly reference: string;
  readonly ratio: string;
  readonly target: string;
  readonly result: Verdict;
}

export interface Measurements {
  readonly http: readonly Comparison[];
  readonly httpSkipped: string | null;
  readonly scaling: readonly ScalingPoint[];
  readonly scalingSkipped: string | null;
  readonly fallback: FallbackResult | null;
  readonly fallbackSkipped: string | null;
  readonly memory: { readonly afterWarmup: MemorySnapshot; readonly afterLoad: MemorySnapshot } | null;
}

/** Issue 7 targets (data, in one place). */
export const TARGETS = {
  patientViewThroughputRatio: 0.7,
  typicalChartSize: 200,
  typicalChartMedianMs: 2,
  largestOverHundredFactor: 100,
  fallbackOverheadMs: 15,
  rssGrowth: 1.1,
} as const;

const verdict = (ok: boolean): Verdict => (ok ? 'PASS' : 'FAIL');
const ms = (value: number): string => `${value < 1 ? value.toFixed(3) : value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;

function httpRows(m: Measurements): Row[] {
  if (m.httpSkipped !== null) {
    return [{ measure: 'HTTP service vs baseline', value: '—', reference: '—', ratio: '—', target: `≥ ${TARGETS.patientViewThroughputRatio} × baseline`, result: 'SKIP' }];
  }
  return m.http.flatMap((c) => {
    const invalid = c.service.non2xx + c.service.errors + c.baseline.non2xx + c.baseline.errors;
    const isTarget = c.name.startsWith('patient-view');
    const ok = c.throughputRatio >= TARGETS.patientViewThroughputRatio;
    const shell: Row[] = c.shell === undefined || c.shellRatio === undefined ? [] : [{
      measure: `HTTP ${c.name}, protocol layer only (no-op clinical core, no workers)`,
      value: `${Math.round(c.shell.requestsPerSecond)} req/s, p50 ${c.shell.p50Ms} / p99 ${c.shell.p99Ms} ms`,
      reference: `baseline ${Math.round(c.baseline.requestsPerSecond)} req/s`,
      ratio: `${c.shellRatio.toFixed(2)} ×`,
      target: '(diagnostic)',
      result: c.shell.non2xx + c.shell.errors > 0 ? 'FAIL' : 'INFO',
    }];
    return [{
      measure: `HTTP ${c.name} (${Math.round(c.requestBytes / 1024)} kB in, ${Math.round(c.responseBytes / 1024)} kB out)`,
      value: `${Math.round(c.service.requestsPerSecond)} req/s, p50 ${c.service.p50Ms} / p99 ${c.service.p99Ms} ms, CPU ${c.service.cpuMsPerCall.toFixed(2)} ms/call`,
      reference: `baseline ${Math.round(c.baseline.requestsPerSecond)} req/s, p50 ${c.baseline.p50Ms} / p99 ${c.baseline.p99Ms} ms, CPU ${c.baseline.cpuMsPerCall.toFixed(2)} ms/call`,
      ratio: `${c.throughputRatio.toFixed(2)} ×`,
      target: isTarget ? `≥ ${TARGETS.patientViewThroughputRatio} × baseline` : '(reported)',
      result: invalid > 0 ? 'FAIL' : isTarget ? verdict(ok) : 'INFO',
    }, ...shell];
  });
}

function scalingRows(m: Measurements): Row[] {
  if (m.scalingSkipped !== null) {
    return [{ measure: 'Evaluate in process', value: '—', reference: '—', ratio: '—', target: '—', result: 'SKIP' }];
  }
  const hundred = m.scaling.find((p) => p.resources === 100);
  return m.scaling.map((p) => {
    const perResource = hundred === undefined ? null : p.medianMs / hundred.medianMs / (p.resources / 100);
    let target = '(reported)';
    let result: Verdict = 'INFO';
    if (p.resources === TARGETS.typicalChartSize) {
      target = `median ≤ ${TARGETS.typicalChartMedianMs} ms`;
      result = verdict(p.medianMs <= TARGETS.typicalChartMedianMs);
    } else if (p.resources === 10_000 && hundred !== undefined) {
      target = `≤ ${TARGETS.largestOverHundredFactor} × cost of 100`;
      result = verdict(p.medianMs <= TARGETS.largestOverHundredFactor * hundred.medianMs);
    }
    return {
      measure: `Evaluate ${p.resources.toLocaleString('en-US')} resources`,
      value: `median ${ms(p.medianMs)} (p90 ${ms(p.p90Ms)}, ${p.runs} runs)`,
      reference: p.adviceCodes.length > 0 ? p.adviceCodes.join(', ') : 'no advice',
      ratio: perResource === null ? '—' : `${perResource.toFixed(2)} (linear = 1)`,
      target,
      result,
    };
  });
}

function fallbackRow(m: Measurements): Row {
  const f = m.fallback;
  if (f === null) {
    return { measure: 'Fallback fetch, no prefetch', value: '—', reference: '—', ratio: '—', target: `≤ delay + ${TARGETS.fallbackOverheadMs} ms`, result: 'SKIP' };
  }
  const ok = f.statuses.length === 1 && f.statuses[0] === 200 && f.overheadMs <= TARGETS.fallbackOverheadMs;
  return {
    measure: `Fallback fetch, no prefetch (${f.fhirRequestsPerCall} queries/call, ${f.maxInFlight} in flight)`,
    value: `median ${f.medianMs} ms (p90 ${f.p90Ms} ms, ${f.calls} calls, HTTP ${f.statuses.join('/')})`,
    reference: `FHIR delay ${f.delayMs} ms`,
    ratio: `+${f.overheadMs} ms`,
    target: `≤ delay + ${TARGETS.fallbackOverheadMs} ms`,
    result: verdict(ok),
  };
}

function memoryRow(m: Measurements): Row {
  if (m.memory === null) {
    return { measure: 'RSS after load vs after warm-up', value: '—', reference: '—', ratio: '—', target: `≤ ${TARGETS.rssGrowth} ×`, result: 'SKIP' };
  }
  const { afterWarmup, afterLoad } = m.memory;
  const ratio = afterLoad.rssMb / afterWarmup.rssMb;
  return {
    measure: `RSS after load vs after warm-up${afterLoad.gcForced ? ' (after gc)' : ' (no --expose-gc)'}`,
    value: `${afterLoad.rssMb} MB (heap ${afterLoad.heapUsedMb} MB)`,
    reference: `${afterWarmup.rssMb} MB (heap ${afterWarmup.heapUsedMb} MB)`,
    ratio: `${round(ratio, 3).toFixed(3)} ×`,
    target: `≤ ${TARGETS.rssGrowth} ×`,
    result: verdict(ratio <= TARGETS.rssGrowth),
  };
}

export function buildRows(m: Measurements): Row[] {
  return [...httpRows(m), ...scalingRows(m), fallbackRow(m), memoryRow(m)];
}

const HEADERS: Row = { measure: 'Measure', value: 'Service', reference: 'Reference', ratio: 'Ratio', target: 'Target', result: 'PASS' };
const COLUMNS = ['measure', 'value', 'reference', 'ratio', 'target', 'result'] as const;

/** A plain-text table (also valid Markdown), one line per row. */
export function formatTable(rows: readonly Row[]): string {
  const header = { ...HEADERS, result: 'Result' } as unknown as Record<(typeof COLUMNS)[number], string>;
  const all = [header, ...(rows as unknown as Record<(typeof COLUMNS)[number], string>[])];
  const widths = COLUMNS.map((column) => Math.max(...all.map((row) => row[column].length)));
  const line = (row: Record<(typeof COLUMNS)[number], string>): string =>
    `| ${COLUMNS.map((column, i) => row[column].padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...all.slice(1).map(line)].join('\n');
}

export function writeResults(directory: string, record: object, startedAt: Date): string {
  fs.mkdirSync(directory, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const file = path.join(directory, `${stamp}.json`);
  const json = `${JSON.stringify(record, null, 2)}\n`;
  fs.writeFileSync(file, json);
  fs.writeFileSync(path.join(directory, 'latest.json'), json);
  return file;
}
