/**
 * In-process cost of the clinical core (facts + decision + orders + cards, no HTTP) by chart size. Each run gets
 * its own deep copy of the record (copied outside the timed region), so no cache keyed on object identity can
 * make repeated runs look cheaper than a real request, which always brings freshly parsed JSON.
 */
import type { Knowledge } from '../src/clinical/knowledge/types';
import type { EngineResult, EvaluationInput } from '../src/clinical/types';
import { BENCH_NOW, generateChart } from './chart-generator';
import { PATIENT_VIEW_SERVICE } from './hook-requests';
import { median, msSince, percentile, round } from './stats';

export type Evaluate = (input: EvaluationInput, knowledge: Knowledge, newId: () => string) => EngineResult;

export interface ScalingPoint {
  readonly resources: number;
  readonly runs: number;
  readonly medianMs: number;
  readonly p90Ms: number;
  readonly adviceCodes: readonly string[];
  readonly cards: number;
}

export interface ScalingOptions {
  readonly sizes: readonly number[];
  /** Wall-clock budget per size for the timed runs (the warm-up is extra). */
  readonly budgetMs: number;
  readonly minRuns: number;
  readonly maxRuns: number;
}

export function patientViewInput(size: number, seed = 7): EvaluationInput {
  const chart = generateChart({ size, seed });
  return {
    hook: 'patient-view', serviceId: PATIENT_VIEW_SERVICE, patientId: chart.patientId,
    record: { patientId: chart.patientId, resources: chart.resources }, now: new Date(BENCH_NOW),
  };
}

function counterIds(): () => string {
  let n = 0;
  return () => {
    n += 1;
    return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  };
}

/** Resources' worth of input copies prepared per batch (bounds the harness's memory). */
const POOL_RESOURCES = 50_000;

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function cloneInput(input: EvaluationInput): EvaluationInput {
  return { ...input, record: structuredClone(input.record), now: new Date(input.now.getTime()) };
}

export function measureSize(evaluate: Evaluate, knowledge: Knowledge, size: number, options: ScalingOptions): ScalingPoint {
  const input = patientViewInput(size);
  let last: EngineResult | undefined;
  const warmupStart = process.hrtime.bigint();
  for (let i = 0; i < 3 || msSince(warmupStart) < options.budgetMs / 4; i += 1) {
    last = evaluate(cloneInput(input), knowledge, counterIds());
  }
  const times: number[] = [];
  const budgetStart = process.hrtime.bigint();
  const done = (): boolean => times.length >= options.maxRuns || (times.length >= options.minRuns && msSince(budgetStart) >= options.budgetMs);
  while (!done()) {
    // Copies are made a batch at a time outside the timed region, then the harness's garbage is collected
    // (when --expose-gc): otherwise, at 10,000 resources, collecting the previous copies lands inside the next
    // timed run and reads as a super-linear cost of the engine.
    const batch = Array.from({ length: Math.max(1, Math.floor(POOL_RESOURCES / size)) }, () => cloneInput(input));
    collectGarbage();
    for (const copy of batch) {
      if (done()) break;
      const newId = counterIds();
      const start = process.hrtime.bigint();
      last = evaluate(copy, knowledge, newId);
      times.push(msSince(start));
    }
  }
  return {
    resources: size, runs: times.length, medianMs: round(median(times), 4), p90Ms: round(percentile(times, 90), 4),
    adviceCodes: last?.adviceCodes ?? [], cards: last?.cards.length ?? 0,
  };
}

export function measureScaling(evaluate: Evaluate, knowledge: Knowledge, options: ScalingOptions, log: (line: string) => void): ScalingPoint[] {
  return options.sizes.map((size) => {
    const point = measureSize(evaluate, knowledge, size, options);
    log(`  evaluate ${size} resources: median ${point.medianMs} ms over ${point.runs} runs (${point.adviceCodes.join(', ') || 'no advice'})`);
    return point;
  });
}
