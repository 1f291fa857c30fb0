/**
 * Calendar-date arithmetic on ISO strings (YYYY-MM-DD), in UTC so results do not depend on the host time zone.
 * "Now" is always a parameter (STYLE G6): these helpers never read the clock.
 */

import { utcDayString, ymdOf } from '../utc-day';

const DAY_MS = 86_400_000;

/** The calendar date (YYYY-MM-DD) of an ISO date or dateTime; dateTimes with an offset are taken in UTC. */
export function isoDate(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  if (/^\d{4}-\d{2}$/.test(value)) return `${value}-01`;
  if (/^\d{4}$/.test(value)) return `${value}-01-01`;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return value.slice(0, 10);
  return utcDayString(ms);
}

function toUtcMs(date: string): number {
  // Perf (issue 7): a plain YYYY-MM-DD (what the order builders pass) skips the regexes and the split.
  const ymd = ymdOf(date);
  if (ymd !== null) return Date.UTC(ymd[0], ymd[1] - 1, ymd[2]);
  const [y, m, d] = isoDate(date).split('-').map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

export function addDays(date: string, days: number): string {
  return utcDayString(toUtcMs(date) + days * DAY_MS);
}

/** Same day-of-month `months` later (clamped to the month's last day): 2025-03-01 + 3 → 2025-06-01. */
export function addMonths(date: string, months: number): string {
  const base = new Date(toUtcMs(date));
  const day = base.getUTCDate();
  const target = new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}
