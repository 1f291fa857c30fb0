/** The bounded two-key memo behind the value-set answers (src/pair-memo.ts). */
import { PairMemo } from '../../../src/pair-memo';

test('remembers answers under two keys, undefined included, and tells a miss apart', () => {
  const memo = new PairMemo<string | undefined>(10);
  const MISS = Symbol('miss');
  expect(memo.get('http://loinc.org', '48065-7', MISS)).toBe(MISS);
  memo.set('http://loinc.org', '48065-7', 'd-dimer');
  memo.set('http://loinc.org', '2160-0', undefined);
  expect(memo.get('http://loinc.org', '48065-7', MISS)).toBe('d-dimer');
  expect(memo.get('http://loinc.org', '2160-0', MISS)).toBeUndefined();
  expect(memo.get('http://snomed.info/sct', '48065-7', MISS)).toBe(MISS);
});

test('is cleared when it holds `limit` answers, so request-supplied codes cannot grow it without bound', () => {
  const memo = new PairMemo<number>(3);
  for (let i = 0; i < 3; i += 1) memo.set('s', `c${i}`, i);
  expect(memo.get('s', 'c2', -1)).toBe(2);
  memo.set('s', 'c3', 3);
  expect([0, 1, 2].map((i) => memo.get('s', `c${i}`, -1))).toEqual([-1, -1, -1]);
  expect(memo.get('s', 'c3', -1)).toBe(3);
});
