/**
 * UTC calendar days without Date objects: `YYYY-MM-DD` ⇄ ms since epoch. Perf (issue 7): the order builders
 * move dates by days a few hundred times per evaluation; `new Date(ms).toISOString().slice(0, 10)` allocates a
 * Date and a 24-character string each time. Only years 1000–9999 take the arithmetic path (4-digit years, the
 * same text toISOString gives); anything else — including NaN, which makes toISOString throw — goes through
 * Date exactly as before.
 */

const DAY_MS = 86_400_000;
const FIRST_FAST_MS = Date.UTC(1000, 0, 1);
const END_FAST_MS = Date.UTC(10000, 0, 1);

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** The UTC calendar date of `ms` as `YYYY-MM-DD` (= `new Date(ms).toISOString().slice(0, 10)`). */
export function utcDayString(ms: number): string {
  if (!(ms >= FIRST_FAST_MS && ms < END_FAST_MS)) return new Date(ms).toISOString().slice(0, 10);
  // Days → civil date in the proleptic Gregorian calendar (H. Hinnant, "civil_from_days").
  const z = Math.floor(ms / DAY_MS) + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

const DIGIT_0 = 48;

function digitsAt(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i += 1) {
    const d = text.charCodeAt(i) - DIGIT_0;
    if (d < 0 || d > 9) return Number.NaN;
    value = value * 10 + d;
  }
  return value;
}

/**
 * `[year, month, day]` of a strict `YYYY-MM-DD` string (digits only, any values: `2025-13-40` parses, as
 * `split('-').map(Number)` would), or null for anything else.
 */
export function ymdOf(text: string): readonly [number, number, number] | null {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  return Number.isNaN(year) || Number.isNaN(month) || Number.isNaN(day) ? null : [year, month, day];
}

const MINUTE_MS = 60_000;

/** Two digits at `at`, or NaN. */
const two = (text: string, at: number): number => digitsAt(text, at, 2);

/**
 * ms since epoch of a canonical dateTime with a zone — `YYYY-MM-DDThh:mm:ss[.sss](Z|±hh:mm)` — or null when the
 * text is anything else, or a field is one where Date.parse has its own rules (day > 28, hour 24, second 60, a
 * year before 1000): those go to Date.parse. For the rest Date.parse and this agree exactly (tested).
 */
export function zonedDateTimeMs(text: string): number | null {
  const length = text.length;
  if (length < 20 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84
    || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return null;
  let at = 19;
  let millis = 0;
  if (text.charCodeAt(at) === 46) {
    millis = digitsAt(text, 20, 3);
    at = 23;
  }
  const year = digitsAt(text, 0, 4);
  const month = two(text, 5);
  const day = two(text, 8);
  const hour = two(text, 11);
  const minute = two(text, 14);
  const second = two(text, 17);
  if (!(year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= 28 && hour <= 23 && minute <= 59 && second <= 59 && millis >= 0)) {
    return null;
  }
  let offsetMinutes = 0;
  const zone = text.charCodeAt(at);
  if (zone === 90 && length === at + 1) offsetMinutes = 0;
  else if ((zone === 43 || zone === 45) && length === at + 6 && text.charCodeAt(at + 3) === 58) {
    const hours = two(text, at + 1);
    const minutes = two(text, at + 4);
    if (!(hours <= 23 && minutes <= 59)) return null;
    offsetMinutes = (zone === 45 ? -1 : 1) * (hours * 60 + minutes);
  } else return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * MINUTE_MS;
}
