/**
 * The Date-free calendar helpers (issue 7) must give exactly what the Date-based code they replace gives:
 * toISOString().slice(0, 10) for days, Date.parse for zoned dateTimes (or leave the text to Date.parse).
 */
import { utcDayString, ymdOf, zonedDateTimeMs } from '../../src/clinical/utc-day';
import { addDays, isoDate } from '../../src/clinical/decide/dates';
import { parseFhirDate } from '../../src/clinical/facts/dates';

const DAY_MS = 86_400_000;

describe('utc-day', () => {
  test('utcDayString equals toISOString().slice(0, 10) from year 999 to 10000, at any hour', () => {
    const wrong: number[] = [];
    for (let ms = Date.UTC(999, 11, 25); ms < Date.UTC(10000, 0, 5); ms += 7 * DAY_MS + 3_600_000) {
      if (utcDayString(ms) !== new Date(ms).toISOString().slice(0, 10)) wrong.push(ms);
    }
    expect(wrong).toEqual([]);
    expect(utcDayString(Date.UTC(2024, 1, 29, 23, 59))).toBe('2024-02-29');
    expect(() => utcDayString(Number.NaN)).toThrow(RangeError);
  });

  test('ymdOf takes only YYYY-MM-DD digits', () => {
    expect(ymdOf('2025-03-04')).toEqual([2025, 3, 4]);
    for (const text of ['2025-3-04', '2025-03-0a', ' 2025-03-04', '2025-03-04T', '+025-03-04']) expect(ymdOf(text)).toBeNull();
  });

  test('zonedDateTimeMs agrees with Date.parse wherever it answers', () => {
    const pad = (n: number): string => String(n).padStart(2, '0');
    let answered = 0;
    for (const year of ['0999', '1000', '1969', '2024', '2025', '9999']) {
      for (const month of [0, 1, 2, 12, 13]) {
        for (const day of [0, 1, 28, 29, 31]) {
          for (const time of ['00:00:00', '23:59:59', '24:00:00', '12:60:00', '12:00:60']) {
            for (const fraction of ['', '.5', '.123', '.1234']) {
              for (const zone of ['Z', '+05:30', '-08:00', '+14:00', '-24:00', '+05:60', '']) {
                const text = `${year}-${pad(month)}-${pad(day)}T${time}${fraction}${zone}`;
                const fast = zonedDateTimeMs(text);
                if (fast === null) continue;
                answered += 1;
                expect({ text, ms: fast }).toEqual({ text, ms: Date.parse(text) });
              }
            }
          }
        }
      }
    }
    expect(answered).toBeGreaterThan(100);
  });

  test('the callers give the same dates as before', () => {
    expect(addDays('2025-02-27', 2)).toBe('2025-03-01');
    expect(addDays('2025-03-03T15:00:00Z', 90)).toBe('2025-06-01');
    expect(isoDate('2025-03-03T23:30:00-05:00')).toBe('2025-03-04');
    expect(parseFhirDate('2025-03-03T10:00:00+01:00')).toEqual({ start: Date.UTC(2025, 2, 3, 9), end: Date.UTC(2025, 2, 3, 9), text: '2025-03-03T10:00:00+01:00' });
    expect(parseFhirDate('2025-02-30T10:00:00')).toEqual({ start: Date.parse('2025-02-30T10:00:00Z'), end: Date.parse('2025-02-30T10:00:00Z'), text: '2025-02-30T10:00:00' });
    expect(parseFhirDate('2025-03-04')).toEqual({ start: Date.UTC(2025, 2, 4), end: Date.UTC(2025, 2, 5), text: '2025-03-04' });
  });
});
