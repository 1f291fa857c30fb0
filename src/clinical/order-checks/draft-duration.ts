/**
 * When a drafted anticoagulant order starts and how many days it covers, read from what EHRs send: the start is
 * the first `boundsPeriod.start` (a later phase of a regimen starts on its own date) or the day it is signed; the
 * length is a `boundsPeriod.end`, else `dispenseRequest.expectedSupplyDuration`, else the sum of the
 * `boundsDuration`s of its sequenced phases. A regimen split over several drafts (rivaroxaban 21 d then 69 d,
 * enoxaparin lead-in then edoxaban, warfarin with an overlapping enoxaparin bridge) spans from its earliest start
 * to its latest end.
 */
import type { Duration, MedicationRequest } from 'fhir/r4';
import { addDays, daysBetween, isoDate } from '../decide/dates';

export interface DraftSpan {
  /** ISO date the order starts. */
  readonly start: string;
  /** Days it covers, or null when the draft states no duration. */
  readonly days: number | null;
}

/** Days in a UCUM duration, or null when the unit is not a calendar unit. A month counts `daysPerMonth`. */
function durationInDays(q: Duration | undefined, daysPerMonth: number): number | null {
  if (q === undefined || typeof q.value !== 'number') return null;
  const unit = q.code ?? q.unit;
  const factor = unit === 'd' || unit === 'day' || unit === 'days' ? 1
    : unit === 'wk' || unit === 'week' || unit === 'weeks' ? 7
      : unit === 'mo' || unit === 'month' || unit === 'months' ? daysPerMonth : null;
  return factor === null ? null : q.value * factor;
}

const validDate = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value);

export function draftSpan(draft: MedicationRequest, today: string, daysPerMonth: number): DraftSpan {
  const dosages = Array.isArray(draft.dosageInstruction) ? draft.dosageInstruction : [];
  const starts = dosages.map((d) => d?.timing?.repeat?.boundsPeriod?.start).filter(validDate).map(isoDate).sort();
  const start = starts[0] ?? today;
  const ends = dosages.map((d) => d?.timing?.repeat?.boundsPeriod?.end).filter(validDate).map(isoDate).sort();
  const lastEnd = ends[ends.length - 1];
  if (lastEnd !== undefined) return { start, days: daysBetween(start, lastEnd) };
  const supply = durationInDays(draft.dispenseRequest?.expectedSupplyDuration, daysPerMonth);
  if (supply !== null) return { start, days: supply };
  const phases = dosages.map((d) => durationInDays(d?.timing?.repeat?.boundsDuration, daysPerMonth));
  if (phases.length > 0 && phases.every((p) => p !== null)) return { start, days: (phases as number[]).reduce((a, b) => a + b, 0) };
  return { start, days: null };
}

export interface RegimenSpan {
  readonly start: string;
  /** Earliest start to latest end in days; null when any draft of the regimen states no duration. */
  readonly days: number | null;
}

export function regimenSpan(spans: readonly DraftSpan[], today: string): RegimenSpan {
  const start = spans.map((s) => s.start).sort()[0] ?? today;
  if (spans.length === 0 || spans.some((s) => s.days === null)) return { start, days: null };
  const end = spans.map((s) => addDays(s.start, s.days ?? 0)).sort().pop() ?? start;
  return { start, days: daysBetween(start, end) };
}
