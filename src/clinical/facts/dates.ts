/**
 * FHIR dates as UTC intervals, independent of the process time zone (STYLE §B1.4: fhirpath date logic depends
 * on TZ; ours must not). A date-only value covers its whole UTC day; a partial date (2025-03) its whole month.
 * "Now" always comes in as a parameter (STYLE G6).
 */
import { utcDayString, ymdOf, zonedDateTimeMs } from '../utc-day';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export interface FhirInstant {
  /** Earliest instant the value can mean (ms since epoch). */
  readonly start: number;
  /** Latest instant (exclusive end of a day/month/year for partial dates; = start for a dateTime). */
  readonly end: number;
  /** As written, for evidence. */
  readonly text: string;
}

const DATE_ONLY = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const DATE_TIME_START = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const ZONE_OFFSET_END = /[+-]\d{2}:\d{2}$/;

/** Parse a FHIR date/dateTime/instant; null for anything else (never throws). */
export function parseFhirDate(value: unknown): FhirInstant | null {
  if (typeof value !== 'string') return null;
  // Perf (issue 7): a plain YYYY-MM-DD (most dates in a chart) without the regex.
  const ymd = ymdOf(value);
  if (ymd !== null) {
    const start = Date.UTC(ymd[0], ymd[1] - 1, ymd[2]);
    return Number.isFinite(start) ? { start, end: start + DAY_MS, text: value } : null;
  }
  const text = value.trim();
  // DATE_ONLY matches 4, 7 or 10 characters: a dateTime (≥ 16) need not try it.
  const partial = text.length <= 10 ? DATE_ONLY.exec(text) : null;
  if (partial) {
    const year = Number(partial[1]);
    const month = partial[2] ? Number(partial[2]) - 1 : null;
    const day = partial[3] ? Number(partial[3]) : null;
    const start = Date.UTC(year, month ?? 0, day ?? 1);
    const end = day !== null ? start + DAY_MS : month !== null ? Date.UTC(year, month + 1, 1) : Date.UTC(year + 1, 0, 1);
    return Number.isFinite(start) ? { start, end, text } : null;
  }
  if (!DATE_TIME_START.test(text)) return null;
  // A dateTime without an offset is read as UTC, never as the server's local time.
  const withZone = text.endsWith('Z') || ZONE_OFFSET_END.test(text) ? text : `${text}Z`;
  const ms = zonedDateTimeMs(withZone) ?? Date.parse(withZone);
  return Number.isFinite(ms) ? { start: ms, end: ms, text } : null;
}

/** The calendar date (UTC) of an instant, ISO `YYYY-MM-DD`. */
export function isoDay(ms: number): string {
  return utcDayString(ms);
}

/** Whole UTC days from `fromMs`'s day to `toMs`'s day (calendar-day difference). */
export function calendarDaysBetween(fromMs: number, toMs: number): number {
  const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);
  return dayOf(toMs) - dayOf(fromMs);
}

/** `ms` moved by `months` calendar months (UTC), clamped to the month's last day. */
export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.getTime();
}

/** Completed years from a birth date to now (UTC calendar), or null. */
export function ageInYears(birthDate: unknown, nowMs: number): number | null {
  const birth = parseFhirDate(birthDate);
  if (!birth || birth.start > nowMs) return null;
  const b = new Date(birth.start);
  const n = new Date(nowMs);
  let age = n.getUTCFullYear() - b.getUTCFullYear();
  const beforeBirthday = n.getUTCMonth() < b.getUTCMonth() || (n.getUTCMonth() === b.getUTCMonth() && n.getUTCDate() < b.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}
