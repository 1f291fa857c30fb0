/**
 * Serial-imaging state (RULES §5.5): complete, overdue (how late), or in progress (next window).
 * Works from the planned ServiceRequests in the chart and, where they lack windows, from the configured windows
 * around the diagnosis date (thresholds.scan1/scan2).
 */
import type { ScanWindow, Thresholds } from '../knowledge/types';
import type { Facts, FollowUpScan } from '../types';
import { addDays, daysBetween, isoDate } from './dates';

export interface DueWindow { readonly start: string; readonly end: string; readonly scan: 1 | 2; readonly ref: string | null }

export type SurveillanceState =
  | { readonly kind: 'complete'; readonly negatives: readonly FollowUpScan[] }
  | { readonly kind: 'overdue'; readonly window: DueWindow; readonly daysLate: number; readonly critical: boolean }
  | { readonly kind: 'in-progress'; readonly next: DueWindow | null };

const NEGATIVE = new Set(['none', 'resolved']);
const CLOSED_REQUEST = new Set(['completed', 'revoked', 'entered-in-error']);

function windowFor(d0: string, w: ScanWindow, scan: 1 | 2): DueWindow {
  return { start: addDays(d0, w.fromDay), end: addDays(d0, w.toDay), scan, ref: null };
}

/** Only meaningful when facts.surveillancePlan and facts.episode are present. */
export function surveillanceState(facts: Facts, t: Thresholds): SurveillanceState {
  const today = isoDate(facts.now);
  const d0 = isoDate(facts.episode?.diagnosedAt ?? facts.surveillancePlan?.chosenAt ?? facts.now);
  const negatives = facts.followUps.filter((f) => NEGATIVE.has(f.status));
  const scan2Start = addDays(d0, t.scan2.fromDay);
  // Two negative follow-ups, or a negative one in/after the ~day-14 window (RULES §5.4 P9).
  if (negatives.length >= 2 || negatives.some((f) => isoDate(f.date) >= scan2Start)) {
    return { kind: 'complete', negatives };
  }

  const open: DueWindow[] = [];
  const planned = facts.surveillancePlan?.scans ?? [];
  for (const [i, s] of planned.entries()) {
    if (s.completed || CLOSED_REQUEST.has(s.status) || s.windowEnd === null) continue;
    open.push({ start: isoDate(s.windowStart ?? s.windowEnd), end: isoDate(s.windowEnd), scan: i === 0 ? 1 : 2, ref: s.ref });
  }
  // Configured windows for scans that have no result yet (covers plans whose requests carry no dates).
  const expected = [windowFor(d0, t.scan1, 1), windowFor(d0, t.scan2, 2)].slice(negatives.length);
  const late = [...open, ...expected]
    .filter((w) => w.end < today)
    .sort((a, b) => a.end.localeCompare(b.end));
  // The request-based window wins when it exists: it is what was actually ordered.
  const lateWindow = late.find((w) => w.ref !== null) ?? late[0];
  if (lateWindow) {
    const daysLate = daysBetween(lateWindow.end, today);
    return { kind: 'overdue', window: lateWindow, daysLate, critical: daysLate > t.overdueCriticalAfterDays };
  }
  const upcoming = [...open, ...expected].filter((w) => w.end >= today).sort((a, b) => a.start.localeCompare(b.start));
  return { kind: 'in-progress', next: upcoming[0] ?? null };
}
