/**
 * buildPatientRecord de-duplicates by `Type/id`, first seen wins (issue 7 keeps the keys without building them):
 * an id is compared as text, and a type containing `/` still meets the id that spells the same key.
 */
import { buildPatientRecord } from '../../src/fhir/record';

const bundle = (...resources: object[]): object => ({ resourceType: 'Bundle', entry: resources.map((resource) => ({ resource })) });
const kept = (values: unknown[]): unknown[] => buildPatientRecord('p', values).resources.map((r) => (r as unknown as { n: number }).n);

describe('buildPatientRecord de-duplication', () => {
  test('the first resource of a Type/id wins, across bundles and single resources', () => {
    expect(kept([
      bundle({ resourceType: 'Observation', id: 'a', n: 1 }, { resourceType: 'Condition', id: 'a', n: 2 }),
      { resourceType: 'Observation', id: 'a', n: 3 },
      bundle({ resourceType: 'Observation', n: 4 }, { resourceType: 'Observation', n: 5 }),
    ])).toEqual([1, 2, 4, 5]);
  });

  test('ids are compared as text: 5 and "5", true and "true", [1,2] and "1,2" are one resource', () => {
    expect(kept([bundle(
      { resourceType: 'Observation', id: 5, n: 1 }, { resourceType: 'Observation', id: '5', n: 2 },
      { resourceType: 'Observation', id: true, n: 3 }, { resourceType: 'Observation', id: 'true', n: 4 },
      { resourceType: 'Observation', id: [1, 2], n: 5 }, { resourceType: 'Observation', id: '1,2', n: 6 },
      { resourceType: 'Observation', id: null, n: 7 }, { resourceType: 'Observation', id: 'null', n: 8 },
    )])).toEqual([1, 3, 5, 7]);
  });

  test('a type with a slash meets the id that spells the same key', () => {
    expect(kept([bundle({ resourceType: 'A/B', id: 'C', n: 1 }, { resourceType: 'A', id: 'B/C', n: 2 }, { resourceType: 'A', id: 'C', n: 3 })])).toEqual([1, 3]);
  });

  test('kept resources are shape-normalised, the input untouched', () => {
    const input = { resourceType: 'ServiceRequest', id: 's', category: { text: 'x' } };
    const [out] = buildPatientRecord('p', [input]).resources;
    expect(out).toEqual({ resourceType: 'ServiceRequest', id: 's', category: [{ text: 'x' }] });
    expect(input.category).toEqual({ text: 'x' });
  });
});
