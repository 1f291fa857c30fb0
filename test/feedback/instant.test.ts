import { toInstant } from '../../src/feedback/instant';

describe('toInstant', () => {
  test.each([
    ['2025-03-01', '2025-03-01T00:00:00.000Z'],
    ['2025-03-01T10:00:00Z', '2025-03-01T10:00:00.000Z'],
    ['2025-03-01T10:00:00.52Z', '2025-03-01T10:00:00.520Z'],
    ['2025-03-01T11:00:00+01:00', '2025-03-01T10:00:00.000Z'],
    ['2025-03-01 10:00:00z', '2025-03-01T10:00:00.000Z'],
    ['2025-03-01t10:00Z', '2025-03-01T10:00:00.000Z'],
  ])('%s → %s (same in every TZ)', (text, instant) => {
    expect(toInstant(text)).toBe(instant);
  });

  test.each(['2025-03-01T10:00:00', 'yesterday', '2025-13-01', '2025-03-01T23:59:60Z', ''])('refuses %j', (text) => {
    expect(toInstant(text)).toBeNull();
  });
});
