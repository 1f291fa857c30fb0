/** The jti replay cache stays bounded and forgets a jti only once its token can no longer be accepted. */
import { ReplayCache } from '../../src/http/auth/replay-cache';

const T0 = Date.parse('2025-03-03T15:00:00Z');

test('a jti is refused again until its expiry, then accepted', () => {
  const cache = new ReplayCache(10);
  expect(cache.remember('iss\u0000a', T0 + 60_000, T0)).toBe(true);
  expect(cache.remember('iss\u0000a', T0 + 60_000, T0 + 59_999)).toBe(false);
  expect(cache.remember('iss\u0000a', T0 + 120_000, T0 + 60_000)).toBe(true);
});

test('never holds more than its bound; the entry that expires first goes first', () => {
  const cache = new ReplayCache(3);
  cache.remember('a', T0 + 10_000, T0);
  cache.remember('b', T0 + 50_000, T0);
  cache.remember('c', T0 + 30_000, T0);
  cache.remember('d', T0 + 40_000, T0);
  expect(cache.size).toBe(3);
  // 'a' (soonest expiry) was evicted; the others are still refused.
  expect(cache.remember('b', T0 + 50_000, T0 + 1)).toBe(false);
  expect(cache.remember('c', T0 + 30_000, T0 + 1)).toBe(false);
  expect(cache.remember('d', T0 + 40_000, T0 + 1)).toBe(false);
});

test('expired entries are pruned as time passes', () => {
  const cache = new ReplayCache(1000);
  for (let i = 0; i < 100; i += 1) cache.remember(`k${i}`, T0 + 1_000, T0);
  cache.remember('late', T0 + 10_000, T0 + 5_000);
  expect(cache.size).toBe(1);
});
