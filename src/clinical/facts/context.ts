/**
 * What every fact module reads (record, knowledge, now) and writes (evidence under stable keys, plain-language
 * "missing" lines). Facts are pure: the context is created per extraction and never outlives it.
 */
import type { Knowledge, Thresholds, ValueSetIndex } from '../knowledge/types';
import type { Evidence, EvaluationInput } from '../types';
import { HOUR_MS } from './dates';
import { RecordIndex } from './record-index';

export interface FactContext {
  readonly input: EvaluationInput;
  readonly knowledge: Knowledge;
  readonly thresholds: Thresholds;
  readonly vs: ValueSetIndex;
  readonly record: RecordIndex;
  readonly nowMs: number;
  readonly evidence: Record<string, Evidence>;
  readonly missing: string[];
  /** Per-extraction memo of value-set filtered lookups (many fact groups ask for the same sets). */
  readonly memo: Map<string, unknown>;
}

/**
 * How long before the diagnosis attestations, pain scores and the index report still belong to the episode
 * (thresholds.presentationWindowHours; when a site's file omits it, the D-dimer look-back).
 */
export function presentationWindowMs(ctx: FactContext): number {
  return (ctx.thresholds.presentationWindowHours ?? ctx.thresholds.dDimerWindowBeforeHours) * HOUR_MS;
}

/** Compute once per extraction under `key`. */
export function memoise<T>(ctx: FactContext, key: string, compute: () => T): T {
  if (ctx.memo.has(key)) return ctx.memo.get(key) as T;
  const value = compute();
  ctx.memo.set(key, value);
  return value;
}

/**
 * Compute once per extraction under `table` → `key`. Perf (issue 7): the two-level form takes constant strings
 * (a value-set id), where a `table|key` string for memoise() is built and hashed again on every call.
 */
export function memoiseIn<T>(ctx: FactContext, table: string, key: string, compute: () => T): T {
  let entries = ctx.memo.get(table) as Map<string, T> | undefined;
  if (entries === undefined) {
    entries = new Map();
    ctx.memo.set(table, entries);
  }
  const cached = entries.get(key);
  if (cached !== undefined || entries.has(key)) return cached as T;
  const value = compute();
  entries.set(key, value);
  return value;
}

/** A per-extraction table keyed by resource (e.g. what a path read from it), created on first use. */
export function perResource<V>(ctx: FactContext, table: string): Map<object, V> {
  let entries = ctx.memo.get(table) as Map<object, V> | undefined;
  if (entries === undefined) {
    entries = new Map();
    ctx.memo.set(table, entries);
  }
  return entries;
}

export function createContext(input: EvaluationInput, knowledge: Knowledge): FactContext {
  const nowMs = input.now instanceof Date ? input.now.getTime() : Number.NaN;
  return {
    input,
    knowledge,
    thresholds: knowledge.thresholds,
    vs: knowledge.valueSets,
    record: new RecordIndex(Array.isArray(input.record?.resources) ? input.record.resources : []),
    nowMs,
    evidence: {},
    missing: [],
    memo: new Map(),
  };
}

/** Record evidence under `key` (first writer wins: the most specific module runs first). */
export function addEvidence(ctx: FactContext, key: string, evidence: Evidence): void {
  if (!(key in ctx.evidence)) ctx.evidence[key] = evidence;
}

export function addMissing(ctx: FactContext, line: string): void {
  if (!ctx.missing.includes(line)) ctx.missing.push(line);
}

/** Drop undefined optional fields so Evidence objects stay clean for cards and snapshots. */
export function evidence(fields: {
  label: string; value?: string | number | boolean | undefined; unit?: string | undefined; date?: string | undefined;
  source?: string | undefined; rule?: string | undefined;
}): Evidence {
  const out: { -readonly [K in keyof Evidence]: Evidence[K] } = { label: fields.label };
  if (fields.value !== undefined) out.value = fields.value;
  if (fields.unit !== undefined) out.unit = fields.unit;
  if (fields.date !== undefined) out.date = fields.date;
  if (fields.source !== undefined) out.source = fields.source;
  if (fields.rule !== undefined) out.rule = fields.rule;
  return out;
}
